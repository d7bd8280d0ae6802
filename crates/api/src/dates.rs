//! Calendar dates on the wire: a [`NaiveDate`] travels as `YYYY-MM-DD`, exactly as the
//! strings it replaced. Read strictly (four-digit year, two-digit month and day, a day that
//! exists) and by hand rather than through chrono's general parser, which would weigh on
//! the UI's wasm; written with chrono's own `Display`.
//!
//! Fields use it with `#[serde(with = "crate::dates::iso")]` (or `iso_option`).

pub use chrono::{Datelike, NaiveDate};

/// `YYYY-MM-DD`, None for any other shape or a date that does not exist (30 February).
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0_u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let year = i32::try_from(number(&bytes[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&bytes[5..7])?, number(&bytes[8..])?)
}

/// `YYYY-MM-DD` as a serde field.
pub mod iso {
    use std::fmt;

    use serde::{Deserializer, Serializer, de};

    use super::NaiveDate;

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(Visitor)
    }

    pub(super) struct Visitor;

    impl de::Visitor<'_> for Visitor {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date as YYYY-MM-DD")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<NaiveDate, E> {
            super::parse_iso(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
        }
    }
}

/// An optional `YYYY-MM-DD` (`null` for None) as a serde field.
pub mod iso_option {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::NaiveDate;

    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.collect_str(date),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Date(#[serde(with = "super::iso")] NaiveDate);
        Ok(Option::<Date>::deserialize(deserializer)?.map(|Date(date)| date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_existing_dates_in_the_iso_shape_are_read() {
        assert_eq!(parse_iso("2028-02-29"), NaiveDate::from_ymd_opt(2028, 2, 29));
        assert_eq!(parse_iso("0001-01-01"), NaiveDate::from_ymd_opt(1, 1, 1));
        for wrong in [
            "2027-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-00-10",
            "2026-4-03",
            "2026-04-3 ",
            " 2026-04-03",
            "2026/04/03",
            "+2026-04-03",
            "2026-04-03T10:00",
            "nonsense",
            "",
        ] {
            assert_eq!(parse_iso(wrong), None, "{wrong:?}");
        }
    }

    #[test]
    fn dates_travel_as_iso_text() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Both {
            #[serde(with = "iso")]
            on: NaiveDate,
            #[serde(with = "iso_option")]
            until: Option<NaiveDate>,
        }
        let both = Both { on: NaiveDate::from_ymd_opt(987, 6, 5).unwrap(), until: None };
        let json = serde_json::to_string(&both).unwrap();
        assert_eq!(json, r#"{"on":"0987-06-05","until":null}"#);
        assert_eq!(serde_json::from_str::<Both>(&json).unwrap(), both);
        let later = r#"{"on":"2026-05-03","until":"2031-09-02"}"#;
        let read: Both = serde_json::from_str(later).unwrap();
        assert_eq!(read.until, NaiveDate::from_ymd_opt(2031, 9, 2));
        assert_eq!(serde_json::to_string(&read).unwrap(), later);
        assert!(serde_json::from_str::<Both>(r#"{"on":"2026-5-3","until":null}"#).is_err());
    }
}
