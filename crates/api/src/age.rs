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

#[cfg(test)]
mod tests {
    use super::*;

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
