//! The device PIN: six digits, checked on the device only (the server never sees it).
//! Guessable PINs are refused, at registration and at a change alike: one digit repeated,
//! a repeated group (121212, 123123) or doubled and tripled digits (112233, 111222), runs
//! up or down, the patient's own birth date in its usual forms, and the 10,004 most common
//! 6-digit PINs of Have I Been Pwned's Pwned Passwords v7, as published by the Valora
//! wallet (`data/common-pins.txt` names the source and its licence).

use std::{fmt, sync::LazyLock};

use chrono::{Datelike, NaiveDate};
use dossier_api::Sensitive;

pub const PIN_DIGITS: usize = 6;

/// A PIN that passed the rules.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(Sensitive<String>);

pub use dossier_api::device::PinProblem;

impl Pin {
    /// Checks a new PIN. `born` is the patient's birth date.
    pub fn new(input: &str, born: Option<NaiveDate>) -> Result<Self, PinProblem> {
        let pin = Self::entered(input)?;
        let digits: Vec<u8> = pin.0.expose().bytes().map(|b| b - b'0').collect();
        for period in [1, 2, 3] {
            if digits.iter().enumerate().all(|(i, d)| *d == digits[i % period]) {
                return Err(PinProblem::Repeated);
            }
        }
        // Each digit doubled (112233) or tripled (111222).
        for run in [2, 3] {
            if digits.chunks(run).all(|group| group.iter().all(|d| *d == group[0])) {
                return Err(PinProblem::Repeated);
            }
        }
        let steps: Vec<i8> = digits.windows(2).map(|w| w[1] as i8 - w[0] as i8).collect();
        if steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
            return Err(PinProblem::Run);
        }
        if let Some(born) = born {
            let text = pin.0.expose();
            if birth_date_forms(born).iter().any(|form| form == text) {
                return Err(PinProblem::BirthDate);
            }
        }
        if is_common(pin.0.expose()) {
            return Err(PinProblem::Common);
        }
        Ok(pin)
    }

    /// A PIN as typed to unlock: only the shape is checked (the rules were applied when it
    /// was chosen).
    pub fn entered(input: &str) -> Result<Self, PinProblem> {
        let input = input.trim();
        if !input.chars().all(|c| c.is_ascii_digit()) {
            return Err(PinProblem::NotDigits);
        }
        if input.len() != PIN_DIGITS {
            return Err(PinProblem::Length);
        }
        Ok(Self(Sensitive::new(input.to_owned())))
    }

    pub(crate) fn expose(&self) -> &str {
        self.0.expose()
    }
}

/// The most common PINs, sorted (the file is, and is checked to be).
static COMMON_PINS: LazyLock<Vec<u32>> = LazyLock::new(|| {
    include_str!("../data/common-pins.txt")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.trim().parse().ok())
        .collect()
});

fn is_common(pin: &str) -> bool {
    pin.parse().is_ok_and(|pin: u32| COMMON_PINS.binary_search(&pin).is_ok())
}

/// The six-digit forms of a birth date: DDMMYY, YYMMDD, MMDDYY, and every six-digit window
/// of DDMMYYYY and YYYYMMDD.
fn birth_date_forms(born: NaiveDate) -> Vec<String> {
    let (year, month, day) = (born.year(), born.month(), born.day());
    let yy = year.rem_euclid(100);
    let mut forms = vec![
        format!("{day:02}{month:02}{yy:02}"),
        format!("{yy:02}{month:02}{day:02}"),
        format!("{month:02}{day:02}{yy:02}"),
    ];
    for long in [format!("{day:02}{month:02}{year:04}"), format!("{year:04}{month:02}{day:02}")] {
        for start in 0..=long.len() - PIN_DIGITS {
            forms.push(long[start..start + PIN_DIGITS].to_owned());
        }
    }
    forms
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BORN: Option<NaiveDate> = NaiveDate::from_ymd_opt(1979, 4, 12);

    #[test]
    fn a_good_pin_passes() {
        for good in ["284719", "503816", "638204", "907135"] {
            assert!(Pin::new(good, BORN).is_ok(), "{good}");
        }
    }

    #[test]
    fn shape_is_six_digits() {
        assert_eq!(Pin::new("12345", BORN), Err(PinProblem::Length));
        assert_eq!(Pin::new("1234567", BORN), Err(PinProblem::Length));
        assert_eq!(Pin::new("12a456", BORN), Err(PinProblem::NotDigits));
        assert_eq!(Pin::new("", BORN), Err(PinProblem::Length));
    }

    #[test]
    fn repeats_and_runs_are_refused() {
        for repeated in ["111111", "000000", "121212", "123123", "909090"] {
            assert_eq!(Pin::new(repeated, None), Err(PinProblem::Repeated), "{repeated}");
        }
        for run in ["123456", "654321", "234567", "987654", "456789"] {
            assert_eq!(Pin::new(run, None), Err(PinProblem::Run), "{run}");
        }
    }

    #[test]
    fn doubled_and_tripled_digits_are_refused() {
        for repeated in ["112233", "111222", "998877", "000999", "445566"] {
            assert_eq!(Pin::new(repeated, None), Err(PinProblem::Repeated), "{repeated}");
        }
    }

    #[test]
    fn the_most_common_pins_are_refused() {
        assert_eq!(COMMON_PINS.len(), 10_004);
        assert!(COMMON_PINS.windows(2).all(|w| w[0] < w[1]), "sorted, for the search");
        // Common, and caught by no other rule.
        for common in ["159753", "147258", "789456", "102030", "246810", "120480"] {
            assert_eq!(Pin::new(common, None), Err(PinProblem::Common), "{common}");
        }
        for rare in ["284719", "503816", "907135", "638204"] {
            assert!(!is_common(rare), "{rare}");
        }
    }

    #[test]
    fn the_birth_date_is_refused_in_every_usual_form() {
        // Born 12 April 1979.
        for date in ["120479", "790412", "041279", "197904", "120419", "041979"] {
            assert_eq!(Pin::new(date, BORN), Err(PinProblem::BirthDate), "{date}");
        }
        // Someone else's birth date is no birth-date problem (this one is not common).
        assert!(Pin::new("790412", NaiveDate::from_ymd_opt(1980, 1, 1)).is_ok());
    }

    #[test]
    fn debug_never_shows_the_pin() {
        let pin = Pin::new("284719", None).unwrap();
        assert_eq!(format!("{pin:?}"), "Pin(<redacted>)");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 1000,
            failure_persistence: None,
            ..Default::default()
        })]

        /// Any text typed as a PIN: accepted exactly when it is six ASCII digits once
        /// trimmed, and a new PIN never panics, whatever is typed (docs/fuzzing.md).
        #[test]
        fn any_typed_pin_is_read_or_refused(typed in ".{0,10}|[0-9 ]{5,8}") {
            let trimmed = typed.trim();
            let shape = trimmed.len() == PIN_DIGITS && trimmed.bytes().all(|b| b.is_ascii_digit());
            proptest::prop_assert_eq!(Pin::entered(&typed).is_ok(), shape);
            let new = Pin::new(&typed, BORN);
            proptest::prop_assert!(new.is_err() || shape);
        }
    }
}
