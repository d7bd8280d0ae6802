//! Time as the device reads it: a [`Clock`] passed into the core (as the server's is), so
//! rules that depend on the date are testable, and the calendar date of an instant (UTC).

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
    dossier_api::age::utc_date(unix).to_string()
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
}
