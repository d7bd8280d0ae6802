//! Ages and the 15th birthday, one rule for the server and the device: a parent/child
//! link gives access up to and including the day before the child's 15th birthday, the
//! days being Europe/Brussels calendar days (callers pass Brussels dates).
//!
//! **Born on 29 February**: in a common year the birthday is 1 March (the age is reached
//! once 28 February has passed in full, as a year counted from day to day ends). So a child
//! born on 29 February 2012 turns 15 on 1 March 2027, and the link's last day is
//! 28 February 2027. (In a leap year the birthday is 29 February itself.)

use std::fmt;

/// Under this age a parent sees the record and the child has no account of their own.
pub const CHILD_LINK_END_AGE: i16 = 15;

/// A calendar date (a Brussels date), as the age rules need it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i16,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// None for a date that does not exist (30 February, month 13).
    pub fn new(year: i16, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Self { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse(iso: &str) -> Option<Self> {
        let mut parts = iso.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }

    pub fn year(self) -> i16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The day before (None before year -32768).
    pub fn previous_day(self) -> Option<Self> {
        if self.day > 1 {
            return Some(Self { day: self.day - 1, ..self });
        }
        if self.month > 1 {
            let month = self.month - 1;
            return Some(Self { month, day: days_in_month(self.year, month), ..self });
        }
        Some(Self { year: self.year.checked_sub(1)?, month: 12, day: 31 })
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn is_leap(year: i16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Full years between `born` and `on`: the age goes up on the birthday (1 March for
/// someone born on 29 February, in a common year).
pub fn age_on(born: CivilDate, on: CivilDate) -> i16 {
    let had_birthday = (on.month, on.day) >= (born.month, born.day);
    on.year - born.year - i16::from(!had_birthday)
}

/// Under 15 on `on`.
pub fn is_child_on(born: CivilDate, on: CivilDate) -> bool {
    age_on(born, on) < CHILD_LINK_END_AGE
}

/// The 15th birthday: the first day [`is_child_on`] is false.
pub fn fifteenth_birthday(born: CivilDate) -> Option<CivilDate> {
    let year = born.year.checked_add(CHILD_LINK_END_AGE)?;
    CivilDate::new(year, born.month, born.day).or_else(|| CivilDate::new(year, 3, 1))
}

/// The last day a parent/child link gives access: the day before the 15th birthday.
pub fn last_day_of_child_link(born: CivilDate) -> Option<CivilDate> {
    fifteenth_birthday(born)?.previous_day()
}

/// Days since 1970-01-01 of a date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day number since 1970-01-01 (Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u8, day as u8)
}

/// The Unix time of 01:00 UTC on the last Sunday of `month` (the EU's summer-time switch).
fn last_sunday_0100_utc(year: i64, month: i64) -> i64 {
    let last_day = days_from_civil(year, month, 31);
    // 1970-01-01 was a Thursday: day 0 has weekday 4 (0 = Sunday).
    let weekday = (last_day + 4).rem_euclid(7);
    (last_day - weekday) * 86_400 + 3_600
}

/// The UTC calendar date at Unix time `unix`.
pub fn utc_date(unix: i64) -> CivilDate {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    CivilDate::new(i16::try_from(year).unwrap_or(i16::MAX), month, day).unwrap_or(CivilDate {
        year: i16::MAX,
        month: 12,
        day: 31,
    })
}

/// The Europe/Brussels calendar date at Unix time `unix`: UTC+1, and UTC+2 in summer time
/// (from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October,
/// the EU rule in force since 1996). The device has no time-zone database of its own on
/// every platform; the server checks this against its own (tz) in its tests.
pub fn brussels_date(unix: i64) -> CivilDate {
    let (utc_year, ..) = civil_from_days(unix.div_euclid(86_400));
    let summer =
        (last_sunday_0100_utc(utc_year, 3)..last_sunday_0100_utc(utc_year, 10)).contains(&unix);
    let local = unix + if summer { 7_200 } else { 3_600 };
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    CivilDate::new(i16::try_from(year).unwrap_or(i16::MAX), month, day).unwrap_or(CivilDate {
        year: i16::MAX,
        month: 12,
        day: 31,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brussels_midnight_around_the_summer_time_changes() {
        let at = |text: &str| brussels_date(utc(text)).to_string();
        // Winter: midnight in Brussels is 23:00 UTC the day before.
        assert_eq!(at("2026-11-22T22:59:59"), "2026-11-22");
        assert_eq!(at("2026-11-22T23:00:00"), "2026-11-23");
        // Summer: 22:00 UTC.
        assert_eq!(at("2026-07-01T21:59:59"), "2026-07-01");
        assert_eq!(at("2026-07-01T22:00:00"), "2026-07-02");
        // 29 March 2026, summer time starts at 01:00 UTC (02:00 -> 03:00 local).
        assert_eq!(at("2026-03-28T22:59:59"), "2026-03-28");
        assert_eq!(at("2026-03-28T23:00:00"), "2026-03-29");
        assert_eq!(at("2026-03-29T21:59:59"), "2026-03-29");
        assert_eq!(at("2026-03-29T22:00:00"), "2026-03-30");
        // 25 October 2026, back to winter time at 01:00 UTC.
        assert_eq!(at("2026-10-24T21:59:59"), "2026-10-24");
        assert_eq!(at("2026-10-24T22:00:00"), "2026-10-25");
        assert_eq!(at("2026-10-25T22:59:59"), "2026-10-25");
        assert_eq!(at("2026-10-25T23:00:00"), "2026-10-26");
        // New Year's Eve at 23:30 UTC is already the new year in Brussels.
        assert_eq!(at("2026-12-31T23:30:00"), "2027-01-01");
    }

    /// `YYYY-MM-DDTHH:MM:SS` (UTC) as Unix seconds.
    fn utc(text: &str) -> i64 {
        let (date, time) = text.split_once('T').unwrap();
        let date = CivilDate::parse(date).unwrap();
        let mut hms = time.split(':').map(|p| p.parse::<i64>().unwrap());
        let (h, m, s) = (hms.next().unwrap(), hms.next().unwrap(), hms.next().unwrap());
        days_from_civil(i64::from(date.year), i64::from(date.month), i64::from(date.day)) * 86_400
            + h * 3_600
            + m * 60
            + s
    }

    fn date(text: &str) -> CivilDate {
        CivilDate::parse(text).unwrap()
    }

    #[test]
    fn the_link_ends_the_day_before_the_15th_birthday() {
        let born = date("2010-05-20");
        assert_eq!(last_day_of_child_link(born), Some(date("2025-05-19")));
        assert!(is_child_on(born, date("2025-05-19")), "the day before");
        assert!(!is_child_on(born, date("2025-05-20")), "the day itself");
        assert_eq!(age_on(born, date("2025-12-31")), 15);
        // Across a month and a year.
        assert_eq!(last_day_of_child_link(date("2012-03-01")), Some(date("2027-02-28")));
        assert_eq!(last_day_of_child_link(date("2011-01-01")), Some(date("2025-12-31")));
    }

    #[test]
    fn a_child_born_on_29_february_turns_15_on_1_march_in_a_common_year() {
        let born = date("2012-02-29");
        assert_eq!(fifteenth_birthday(born), Some(date("2027-03-01")));
        assert_eq!(last_day_of_child_link(born), Some(date("2027-02-28")));
        assert!(is_child_on(born, date("2027-02-28")));
        assert!(!is_child_on(born, date("2027-03-01")));
        // In a leap year the 29th itself.
        let born = date("2013-02-28");
        assert_eq!(fifteenth_birthday(born), Some(date("2028-02-28")));
        let leap_born = date("2016-02-29");
        assert_eq!(fifteenth_birthday(leap_born), Some(date("2031-03-01")));
        assert_eq!(fifteenth_birthday(date("2000-02-29")), Some(date("2015-03-01")));
        // Every day of four years: the rule and the last day agree.
        let mut day = date("2011-01-01");
        for _ in 0..1461 {
            let last = last_day_of_child_link(day).unwrap();
            assert!(is_child_on(day, last), "{day}: {last}");
            let next = CivilDate::parse(&next_day(last)).unwrap();
            assert!(!is_child_on(day, next), "{day}: {next}");
            day = CivilDate::parse(&next_day(day)).unwrap();
        }
    }

    fn next_day(date: CivilDate) -> String {
        let (mut y, mut m, mut d) = (date.year(), date.month(), date.day() + 1);
        if d > days_in_month(y, m) {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        format!("{y:04}-{m:02}-{d:02}")
    }

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        assert!(CivilDate::parse("2027-02-29").is_none());
        assert!(CivilDate::parse("2028-02-29").is_some());
        assert!(CivilDate::parse("2026-13-01").is_none());
        assert!(CivilDate::parse("2026-04-31").is_none());
        assert!(CivilDate::parse("nonsense").is_none());
        assert_eq!(date("2026-01-01").previous_day(), Some(date("2025-12-31")));
        assert_eq!(date("2024-03-01").previous_day(), Some(date("2024-02-29")));
    }
}
