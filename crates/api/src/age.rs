//! Ages and the 15th birthday, one rule for the server and the device: a parent/child
//! link gives access up to and including the day before the child's 15th birthday, the
//! days being Europe/Brussels calendar days (callers pass Brussels dates).
//!
//! **Born on 29 February**: in a common year the birthday is 1 March (the age is reached
//! once 28 February has passed in full, as a year counted from day to day ends). So a child
//! born on 29 February 2012 turns 15 on 1 March 2027, and the link's last day is
//! 28 February 2027. (In a leap year the birthday is 29 February itself.)

use chrono::{Datelike, NaiveDate};

/// Under this age a parent sees the record and the child has no account of their own.
pub const CHILD_LINK_END_AGE: i16 = 15;

/// Full years between `born` and `on`: the age goes up on the birthday (1 March for
/// someone born on 29 February, in a common year).
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i16 {
    let had_birthday = (on.month(), on.day()) >= (born.month(), born.day());
    let years = on.year() - born.year() - i32::from(!had_birthday);
    i16::try_from(years).unwrap_or(if years < 0 { i16::MIN } else { i16::MAX })
}

/// Under 15 on `on`.
pub fn is_child_on(born: NaiveDate, on: NaiveDate) -> bool {
    age_on(born, on) < CHILD_LINK_END_AGE
}

/// The 15th birthday: the first day [`is_child_on`] is false.
pub fn fifteenth_birthday(born: NaiveDate) -> Option<NaiveDate> {
    let year = born.year().checked_add(i32::from(CHILD_LINK_END_AGE))?;
    NaiveDate::from_ymd_opt(year, born.month(), born.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// The last day a parent/child link gives access: the day before the 15th birthday.
pub fn last_day_of_child_link(born: NaiveDate) -> Option<NaiveDate> {
    fifteenth_birthday(born)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        crate::dates::parse_iso(text).unwrap()
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
            let next = last.succ_opt().unwrap();
            assert!(!is_child_on(day, next), "{day}: {next}");
            day = day.succ_opt().unwrap();
        }
    }
}
