//! Time as the device reads it: a [`Clock`] passed into the core (as the server's is), so
//! rules that depend on the date are testable, and the calendar date of an instant (in UTC,
//! and in Brussels from chrono-tz's time-zone data).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Brussels;

/// What "now" is for the device's rules: when a sync happened, the date in a device's name.
pub trait Clock: Send + Sync + 'static {
    /// Now, in Unix seconds.
    fn now(&self) -> i64;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        unix_now()
    }
}

/// Now, in Unix seconds, from the system clock.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The UTC date of `unix` seconds as `YYYY-MM-DD`.
pub fn iso_date(unix: i64) -> String {
    instant(unix).date_naive().to_string()
}

/// The Europe/Brussels calendar date at `unix` seconds: the day the hospitals' rules go by
/// (a linked record closes after its last day there, whatever zone the device is in).
pub fn brussels_date(unix: i64) -> NaiveDate {
    instant(unix).with_timezone(&Brussels).date_naive()
}

/// `unix` seconds as an instant (the first or last one chrono holds, past its range).
fn instant(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or(if unix < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_instants() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_796_083_199), "2026-11-30");
        assert_eq!(iso_date(1_796_083_200), "2026-12-01");
        assert_eq!(iso_date(-1), "1969-12-31");
    }

    /// Unix seconds of a UTC `YYYY-MM-DDTHH:MM:SSZ`.
    fn unix(text: &str) -> i64 {
        text.parse::<DateTime<Utc>>().unwrap().timestamp()
    }

    fn brussels(text: &str) -> String {
        brussels_date(unix(text)).to_string()
    }

    #[test]
    fn brussels_midnight_around_the_summer_time_changes() {
        // Winter: midnight in Brussels is 23:00 UTC the day before.
        assert_eq!(brussels("2026-11-22T22:59:59Z"), "2026-11-22");
        assert_eq!(brussels("2026-11-22T23:00:00Z"), "2026-11-23");
        // Summer: 22:00 UTC.
        assert_eq!(brussels("2026-07-01T21:59:59Z"), "2026-07-01");
        assert_eq!(brussels("2026-07-01T22:00:00Z"), "2026-07-02");
        // 29 March 2026, summer time starts at 01:00 UTC (02:00 -> 03:00 local).
        assert_eq!(brussels("2026-03-28T22:59:59Z"), "2026-03-28");
        assert_eq!(brussels("2026-03-28T23:00:00Z"), "2026-03-29");
        assert_eq!(brussels("2026-03-29T21:59:59Z"), "2026-03-29");
        assert_eq!(brussels("2026-03-29T22:00:00Z"), "2026-03-30");
        // 25 October 2026, back to winter time at 01:00 UTC.
        assert_eq!(brussels("2026-10-24T21:59:59Z"), "2026-10-24");
        assert_eq!(brussels("2026-10-24T22:00:00Z"), "2026-10-25");
        assert_eq!(brussels("2026-10-25T22:59:59Z"), "2026-10-25");
        assert_eq!(brussels("2026-10-25T23:00:00Z"), "2026-10-26");
        // New Year's Eve at 23:30 UTC is already the new year in Brussels.
        assert_eq!(brussels("2026-12-31T23:30:00Z"), "2027-01-01");
        // 2027: summer time from 28 March, winter time from 31 October.
        assert_eq!(brussels("2027-03-27T22:59:59Z"), "2027-03-27");
        assert_eq!(brussels("2027-03-27T23:00:00Z"), "2027-03-28");
        assert_eq!(brussels("2027-03-28T21:59:59Z"), "2027-03-28");
        assert_eq!(brussels("2027-03-28T22:00:00Z"), "2027-03-29");
        assert_eq!(brussels("2027-10-30T21:59:59Z"), "2027-10-30");
        assert_eq!(brussels("2027-10-30T22:00:00Z"), "2027-10-31");
        assert_eq!(brussels("2027-10-31T22:59:59Z"), "2027-10-31");
        assert_eq!(brussels("2027-10-31T23:00:00Z"), "2027-11-01");
    }

    #[test]
    fn the_brussels_date_turns_at_midnight_only_around_each_switch() {
        // Each second two hours either side of the switches (01:00 UTC): the date is the
        // day before until local midnight, the switch's day from then on.
        for (switch, midnight, before, on) in [
            ("2026-03-29T01:00:00Z", "2026-03-28T23:00:00Z", "2026-03-28", "2026-03-29"),
            ("2026-10-25T01:00:00Z", "2026-10-24T22:00:00Z", "2026-10-24", "2026-10-25"),
            ("2027-03-28T01:00:00Z", "2027-03-27T23:00:00Z", "2027-03-27", "2027-03-28"),
            ("2027-10-31T01:00:00Z", "2027-10-30T22:00:00Z", "2027-10-30", "2027-10-31"),
        ] {
            let (switch, midnight) = (unix(switch), unix(midnight));
            for at in switch - 7_300..switch + 7_300 {
                let expected = if at < midnight { before } else { on };
                assert_eq!(brussels_date(at).to_string(), expected, "{at}");
            }
        }
    }
}
