//! The Belgian national register number (rijksregisternummer / numéro de registre national).
//!
//! Eleven digits: birth date as YYMMDD, a 3-digit serial (odd for men, even for women), and
//! two check digits: `97 - (first nine digits mod 97)`, or for people born from 2000 on,
//! `97 - ((2 followed by the first nine digits) mod 97)`: the check digits give the century.
//! The register writes 00 for a month or day it does not know; bis numbers (people not in
//! the national register) add 20 to the month when the sex is unknown, 40 when it is known.
//! The number is personal data: its `Debug` is redacted and it is never logged.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A national register number whose check digits are valid.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalRegisterNumber {
    digits: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NationalRegisterNumberError {
    #[error("a national register number has 11 digits, this one has {found}")]
    WrongLength { found: usize },
    #[error("a national register number contains only digits")]
    NotDigits,
    #[error("the check digits do not match: please check the number")]
    CheckDigits,
    #[error("the serial must be between 1 and 998")]
    Serial,
    #[error("the first six digits are not a birth date")]
    BirthDate,
}

/// The birth date a number encodes; `None` where the register did not know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodedBirthDate {
    pub year: i16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl NationalRegisterNumber {
    /// Parses a number as people type it: `85073003328`, `85.07.30-033.28`, `850730 033 28`.
    pub fn parse(input: &str) -> Result<Self, NationalRegisterNumberError> {
        let mut digits = String::with_capacity(11);
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' => {}
                _ => return Err(NationalRegisterNumberError::NotDigits),
            }
        }
        if digits.len() != 11 {
            return Err(NationalRegisterNumberError::WrongLength { found: digits.len() });
        }
        let body: u64 = digits[..9].parse().map_err(|_| NationalRegisterNumberError::NotDigits)?;
        let check: u64 = digits[9..].parse().map_err(|_| NationalRegisterNumberError::NotDigits)?;
        if check != check_digits(body, false) && check != check_digits(body, true) {
            return Err(NationalRegisterNumberError::CheckDigits);
        }
        let number = Self { digits };
        let (month, day) = number.month_and_day();
        if month > 12 || day > 31 {
            return Err(NationalRegisterNumberError::BirthDate);
        }
        Ok(number)
    }

    /// Month (bis offsets taken off) and day as written, 0 where unknown.
    fn month_and_day(&self) -> (u8, u8) {
        let two = |at: usize| self.digits[at..at + 2].parse::<u8>().unwrap_or(u8::MAX);
        let month = match two(2) {
            m @ 40..=52 => m - 40,
            m @ 20..=32 => m - 20,
            m => m,
        };
        (month, two(4))
    }

    /// The birth date this number encodes (the century from the check digits).
    pub fn birth_date(&self) -> EncodedBirthDate {
        let yy = self.digits[..2].parse::<i16>().unwrap_or_default();
        let year = if self.born_from_2000() { 2000 + yy } else { 1900 + yy };
        let (month, day) = self.month_and_day();
        EncodedBirthDate {
            year,
            month: (month != 0).then_some(month),
            day: (day != 0).then_some(day),
        }
    }

    /// Whether the number can belong to someone born on this date: the same year, and the
    /// same month and day where the number knows them.
    pub fn matches_birth_date(&self, year: i16, month: u8, day: u8) -> bool {
        let encoded = self.birth_date();
        encoded.year == year
            && encoded.month.is_none_or(|m| m == month)
            && encoded.day.is_none_or(|d| d == day)
    }

    /// Builds the number of someone born on the given date with the given serial (1..=998).
    /// Used by the staff side and the demo seed; the month and day are not checked against a
    /// calendar because real numbers also use 00 for an unknown birth month or day.
    pub fn for_birth_date(
        year: i16,
        month: u8,
        day: u8,
        serial: u16,
    ) -> Result<Self, NationalRegisterNumberError> {
        if !(1..=998).contains(&serial) {
            return Err(NationalRegisterNumberError::Serial);
        }
        let yy = u64::from(year.rem_euclid(100).unsigned_abs());
        let body = yy * 10_000_000 + u64::from(month) * 100_000 + u64::from(day) * 1_000;
        let body = body + u64::from(serial);
        let check = check_digits(body, year >= 2000);
        Ok(Self { digits: format!("{body:09}{check:02}") })
    }

    /// The 11 digits without separators.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Whether the check digits say the holder was born in 2000 or later.
    pub fn born_from_2000(&self) -> bool {
        let body: u64 = self.digits[..9].parse().unwrap_or_default();
        let check: u64 = self.digits[9..].parse().unwrap_or_default();
        check == check_digits(body, true) && check != check_digits(body, false)
    }

    /// The usual printed form, `YY.MM.DD-SSS.CC`.
    pub fn formatted(&self) -> String {
        let d = &self.digits;
        format!("{}.{}.{}-{}.{}", &d[0..2], &d[2..4], &d[4..6], &d[6..9], &d[9..11])
    }
}

fn check_digits(body: u64, born_from_2000: bool) -> u64 {
    let n = if born_from_2000 { 2_000_000_000 + body } else { body };
    97 - n % 97
}

impl fmt::Debug for NationalRegisterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NationalRegisterNumber(<redacted>)")
    }
}

impl TryFrom<String> for NationalRegisterNumber {
    type Error = NationalRegisterNumberError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<NationalRegisterNumber> for String {
    fn from(value: NationalRegisterNumber) -> Self {
        value.digits
    }
}

/// On the wire a string: eleven digits as the server writes it, or as a person typed it
/// (`85.07.30-033.28`), read through [`NationalRegisterNumber::parse`].
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for NationalRegisterNumber {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some("^[0-9 .-]+$"))
            .description(Some(
                "Belgian national register number: 11 digits (YYMMDD, serial, check digits); \
                 spaces, dots and dashes are ignored. A wrong check is refused.",
            ))
            .examples(["85073003328", "85.07.30-033.28"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for NationalRegisterNumber {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_number_born_before_2000() {
        // 85.07.30-033: 850730033 mod 97 = 69, so the check is 28.
        let nrn = NationalRegisterNumber::parse("85.07.30-033.28").unwrap();
        assert_eq!(nrn.digits(), "85073003328");
        assert!(!nrn.born_from_2000());
        assert_eq!(nrn.formatted(), "85.07.30-033.28");
    }

    #[test]
    fn accepts_a_number_born_from_2000_with_the_prefixed_check() {
        let nrn = NationalRegisterNumber::for_birth_date(2012, 3, 4, 123).unwrap();
        let body: u64 = nrn.digits()[..9].parse().unwrap();
        let check: u64 = nrn.digits()[9..].parse().unwrap();
        assert_eq!(check, 97 - (2_000_000_000 + body) % 97);
        assert!(nrn.born_from_2000());
        assert_eq!(NationalRegisterNumber::parse(nrn.digits()).unwrap(), nrn);
    }

    #[test]
    fn rejects_a_wrong_check() {
        assert_eq!(
            NationalRegisterNumber::parse("85073003329"),
            Err(NationalRegisterNumberError::CheckDigits)
        );
    }

    #[test]
    fn rejects_bad_shapes() {
        assert_eq!(
            NationalRegisterNumber::parse("8507300332"),
            Err(NationalRegisterNumberError::WrongLength { found: 10 })
        );
        assert_eq!(
            NationalRegisterNumber::parse("85O73003328"),
            Err(NationalRegisterNumberError::NotDigits)
        );
        assert_eq!(
            NationalRegisterNumber::for_birth_date(1990, 1, 1, 0),
            Err(NationalRegisterNumberError::Serial)
        );
    }

    #[test]
    fn round_trips_through_json_and_validates_on_the_way_in() {
        let nrn = NationalRegisterNumber::for_birth_date(1979, 11, 2, 58).unwrap();
        let json = serde_json::to_string(&nrn).unwrap();
        assert_eq!(serde_json::from_str::<NationalRegisterNumber>(&json).unwrap(), nrn);
        assert!(serde_json::from_str::<NationalRegisterNumber>("\"85073003329\"").is_err());
    }

    #[test]
    fn the_birth_date_comes_from_the_first_six_digits_and_the_century_from_the_check() {
        let an = NationalRegisterNumber::parse("85073003328").unwrap();
        assert_eq!(an.birth_date(), EncodedBirthDate { year: 1985, month: Some(7), day: Some(30) });
        assert!(an.matches_birth_date(1985, 7, 30));
        assert!(!an.matches_birth_date(1985, 7, 31));
        assert!(!an.matches_birth_date(2085, 7, 30), "the century is 19 by the check digits");
        assert!(!an.matches_birth_date(1986, 7, 30));
        let child = NationalRegisterNumber::for_birth_date(2012, 3, 4, 123).unwrap();
        assert!(child.matches_birth_date(2012, 3, 4));
        assert!(!child.matches_birth_date(1912, 3, 4), "born from 2000 by the check digits");
    }

    #[test]
    fn bis_numbers_and_unknown_dates_match_what_they_know() {
        // A bis number, sex unknown (+20), and sex known (+40).
        let bis = NationalRegisterNumber::for_birth_date(1990, 25, 17, 1).unwrap();
        assert!(bis.matches_birth_date(1990, 5, 17));
        let bis = NationalRegisterNumber::for_birth_date(1990, 45, 17, 1).unwrap();
        assert!(bis.matches_birth_date(1990, 5, 17));
        assert!(!bis.matches_birth_date(1990, 6, 17));
        // Unknown day, unknown month and day.
        let no_day = NationalRegisterNumber::for_birth_date(1970, 6, 0, 5).unwrap();
        assert!(no_day.matches_birth_date(1970, 6, 12));
        assert!(!no_day.matches_birth_date(1970, 7, 12));
        let no_date = NationalRegisterNumber::for_birth_date(1970, 0, 0, 5).unwrap();
        assert_eq!(no_date.birth_date(), EncodedBirthDate { year: 1970, month: None, day: None });
        assert!(no_date.matches_birth_date(1970, 1, 1));
        let bis_no_date = NationalRegisterNumber::for_birth_date(1970, 20, 0, 5).unwrap();
        assert!(bis_no_date.matches_birth_date(1970, 11, 30));
        // Digits that are no date are refused, even with a right check.
        for (month, day) in [(13, 1), (33, 1), (60, 1), (5, 32)] {
            let digits = NationalRegisterNumber::for_birth_date(1990, month, day, 7).unwrap();
            assert_eq!(
                NationalRegisterNumber::parse(digits.digits()),
                Err(NationalRegisterNumberError::BirthDate),
                "{month}/{day}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_number() {
        let nrn = NationalRegisterNumber::parse("85073003328").unwrap();
        assert_eq!(format!("{nrn:?}"), "NationalRegisterNumber(<redacted>)");
    }
}
