//! The time source. Every rule that depends on the date (birthdays, validation delays,
//! token expiry, lockouts) takes it from a [`Clock`] so tests can pin the date.

use std::sync::{Arc, Mutex};

use jiff::{Timestamp, civil::Date, tz::TimeZone};

/// The hospitals are Belgian: "today" (a 15th birthday, a report's visibility date) is the
/// calendar day in Brussels, whatever zone the server runs in.
pub const HOSPITAL_TIME_ZONE: &str = "Europe/Brussels";

/// The hospitals' time zone (UTC only if the bundled zone data lacked it).
pub fn hospital_zone() -> TimeZone {
    TimeZone::get(HOSPITAL_TIME_ZONE).unwrap_or(TimeZone::UTC)
}

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;

    /// Today's date in the hospitals' time zone.
    fn today(&self) -> Date {
        self.now().to_zoned(hospital_zone()).date()
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// The real clock moved by a fixed amount: the demo (and end-to-end tests) can start on a
/// child's 15th birthday or after a death without waiting for it. Only `dossier-server
/// demo` accepts one (`--clock`); `serve` refuses it.
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    offset: jiff::SignedDuration,
}

impl ShiftedClock {
    /// `+14d`, `-2h 30m` (moved by that much), or an instant such as
    /// `2027-03-01T09:00:00Z` (starting there, then running on).
    pub fn parse(setting: &str, now: Timestamp) -> Result<Self, String> {
        let setting = setting.trim();
        let offset = match setting.split_at_checked(1) {
            Some((sign @ ("+" | "-"), amount)) => {
                let span: jiff::Span = amount
                    .trim()
                    .parse()
                    .map_err(|e| format!("the clock offset {setting:?} is not a duration: {e}"))?;
                let duration = span
                    .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
                    .map_err(|e| format!("the clock offset {setting:?}: {e}"))?;
                if sign == "-" { -duration } else { duration }
            }
            _ => {
                let start: Timestamp = setting.parse().map_err(|e| {
                    format!("the clock {setting:?} is neither +/-duration nor an instant: {e}")
                })?;
                start.duration_since(now)
            }
        };
        Ok(Self { offset })
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> Timestamp {
        Timestamp::now().saturating_add(self.offset).unwrap_or(Timestamp::MAX)
    }
}

/// A clock that stands still until moved; for tests.
#[derive(Debug, Clone)]
pub struct FixedClock {
    now: Arc<Mutex<Timestamp>>,
}

impl FixedClock {
    pub fn new(now: Timestamp) -> Self {
        Self { now: Arc::new(Mutex::new(now)) }
    }

    /// The time it shows.
    pub fn now_timestamp(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set(&self, now: Timestamp) {
        *self.now.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifted_clock_moves_by_an_offset_or_starts_at_an_instant() {
        let now: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let day = jiff::SignedDuration::from_hours(24);
        assert_eq!(ShiftedClock::parse("+14d", now).unwrap().offset, day * 14);
        assert_eq!(ShiftedClock::parse("-2h 30m", now).unwrap().offset.as_secs(), -9000);
        let start = ShiftedClock::parse("2027-03-01T09:00:00Z", now).unwrap();
        assert_eq!(now.saturating_add(start.offset).unwrap().to_string(), "2027-03-01T09:00:00Z");
        for wrong in ["", "tomorrow", "+soon", "2027-13-01"] {
            assert!(ShiftedClock::parse(wrong, now).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn the_devices_brussels_date_agrees_with_the_time_zone_database() {
        // Every 20 minutes over four years, and each second around the switches: the
        // device's rule (dossier_api::age::brussels_date) gives the server's date.
        let start = jiff::Timestamp::from_second(1_767_225_600).unwrap(); // 2026-01-01
        let mut instants: Vec<i64> =
            (0..(4 * 366 * 72)).map(|i| start.as_second() + i * 1_200).collect();
        for switch in ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2027-03-28T01:00:00Z"] {
            let at: jiff::Timestamp = switch.parse().unwrap();
            instants.extend((-7_300..7_300).map(|d| at.as_second() + d));
        }
        for unix in instants {
            let zoned = jiff::Timestamp::from_second(unix).unwrap().to_zoned(hospital_zone());
            assert_eq!(
                dossier_api::age::brussels_date(unix).to_string(),
                zoned.date().to_string(),
                "{zoned}"
            );
        }
    }

    #[test]
    fn today_is_the_date_in_brussels() {
        // 23:30 UTC on 31 Dec is already 1 Jan in Brussels (UTC+1 in winter).
        let clock = FixedClock::new("2025-12-31T23:30:00Z".parse().unwrap());
        assert_eq!(clock.today(), jiff::civil::date(2026, 1, 1));
        clock.set("2026-06-30T21:59:00Z".parse().unwrap());
        assert_eq!(clock.today(), jiff::civil::date(2026, 6, 30));
        clock.set("2026-06-30T22:00:00Z".parse().unwrap());
        assert_eq!(clock.today(), jiff::civil::date(2026, 7, 1));
    }
}
