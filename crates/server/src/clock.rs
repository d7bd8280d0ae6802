//! The time source. Every rule that depends on the date (birthdays, validation delays,
//! token expiry, lockouts) takes it from a [`Clock`] so tests can pin the date.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

/// The hospitals are Belgian: "today" (a 15th birthday, a report's visibility date) is the
/// calendar day in Brussels, whatever zone the server runs in.
pub const HOSPITAL_TIME_ZONE: Tz = chrono_tz::Europe::Brussels;

/// The hospitals' time zone.
pub fn hospital_zone() -> Tz {
    HOSPITAL_TIME_ZONE
}

/// A calendar date written in code (constants and tests); panics for one that does not exist.
pub const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("not a calendar date"),
    }
}

/// The calendar day in Brussels at `now`.
pub fn brussels_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&hospital_zone()).date_naive()
}

/// The instant a calendar day starts in Brussels (no change of time happens at midnight
/// there, so the first midnight is the one).
pub fn brussels_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    hospital_zone()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in the hospitals' time zone.
    fn today(&self) -> NaiveDate {
        brussels_date(self.now())
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The real clock moved by a fixed amount: the demo (and end-to-end tests) can start on a
/// child's 15th birthday or after a death without waiting for it. Only `dossier-server
/// demo` accepts one (`--clock`); `serve` refuses it.
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    offset: TimeDelta,
}

impl ShiftedClock {
    /// `+14d`, `-2h 30m` (moved by that much), or an instant such as
    /// `2027-03-01T09:00:00Z` (starting there, then running on).
    pub fn parse(setting: &str, now: DateTime<Utc>) -> Result<Self, String> {
        let setting = setting.trim();
        let offset = match setting.split_at_checked(1) {
            Some((sign @ ("+" | "-"), amount)) => {
                let duration = parse_duration(amount)
                    .map_err(|e| format!("the clock offset {setting:?} is not a duration: {e}"))?;
                if sign == "-" { -duration } else { duration }
            }
            _ => {
                let start: DateTime<Utc> = setting.parse().map_err(|e| {
                    format!("the clock {setting:?} is neither +/-duration nor an instant: {e}")
                })?;
                start.signed_duration_since(now)
            }
        };
        Ok(Self { offset })
    }
}

/// A duration as `14d`, `2h 30m`, `1d 12h`, `90s` (days of 24 hours; weeks, days, hours,
/// minutes and seconds, each at most once and in that order, spaces between them optional).
fn parse_duration(text: &str) -> Result<TimeDelta, String> {
    const UNITS: [(&str, i64); 5] =
        [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)];
    let mut rest = text.trim();
    let mut next_unit = 0;
    let mut seconds: i64 = 0;
    if rest.is_empty() {
        return Err("no amount".into());
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let amount: i64 =
            rest[..digits].parse().map_err(|_| format!("{rest:?}: a number first"))?;
        let after = rest[digits..].trim_start();
        let letters = after.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(after.len());
        let unit = &after[..letters];
        let index = UNITS
            .iter()
            .position(|(name, _)| *name == unit)
            .filter(|&index| index >= next_unit)
            .ok_or_else(|| format!("{unit:?}: a unit w, d, h, m or s, in that order"))?;
        next_unit = index + 1;
        seconds = amount
            .checked_mul(UNITS[index].1)
            .and_then(|s| seconds.checked_add(s))
            .ok_or("too long")?;
        rest = after[letters..].trim_start();
    }
    TimeDelta::try_seconds(seconds).ok_or_else(|| "too long".into())
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().checked_add_signed(self.offset).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// A clock that stands still until moved; for tests.
#[derive(Debug, Clone)]
pub struct FixedClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl FixedClock {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self { now: Arc::new(Mutex::new(now)) }
    }

    /// The time it shows.
    pub fn now_timestamp(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set(&self, now: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use chrono::SecondsFormat;

    use super::*;

    #[test]
    fn a_shifted_clock_moves_by_an_offset_or_starts_at_an_instant() {
        let now: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().unwrap();
        let day = TimeDelta::hours(24);
        assert_eq!(ShiftedClock::parse("+14d", now).unwrap().offset, day * 14);
        assert_eq!(ShiftedClock::parse("-2h 30m", now).unwrap().offset.num_seconds(), -9000);
        let start = ShiftedClock::parse("2027-03-01T09:00:00Z", now).unwrap();
        assert_eq!(
            (now + start.offset).to_rfc3339_opts(SecondsFormat::AutoSi, true),
            "2027-03-01T09:00:00Z"
        );
        for wrong in ["", "tomorrow", "+soon", "2027-13-01"] {
            assert!(ShiftedClock::parse(wrong, now).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn clock_offsets_read_as_durations() {
        let seconds = |text: &str| parse_duration(text).map(|d| d.num_seconds());
        assert_eq!(seconds("14d"), Ok(14 * 86_400));
        assert_eq!(seconds("2h 30m"), Ok(9_000));
        assert_eq!(seconds("2h30m"), Ok(9_000));
        assert_eq!(seconds(" 1d 12h "), Ok(129_600));
        assert_eq!(seconds("1w 90s"), Ok(604_890));
        for wrong in ["", "soon", "14", "d", "30m 2h", "2h 2h", "1y", "-3d", "99999999999999999d"] {
            assert!(parse_duration(wrong).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn today_is_the_date_in_brussels() {
        // 23:30 UTC on 31 Dec is already 1 Jan in Brussels (UTC+1 in winter).
        let clock = FixedClock::new("2025-12-31T23:30:00Z".parse().unwrap());
        assert_eq!(clock.today(), date(2026, 1, 1));
        clock.set("2026-06-30T21:59:00Z".parse().unwrap());
        assert_eq!(clock.today(), date(2026, 6, 30));
        clock.set("2026-06-30T22:00:00Z".parse().unwrap());
        assert_eq!(clock.today(), date(2026, 7, 1));
    }
}
