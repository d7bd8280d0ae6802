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
