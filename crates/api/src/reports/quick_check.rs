//! [`ReportKey::check`]'s quick way, for a report as the server writes it: each field once,
//! no other field, no `\u` escape, the key's texts without escapes. It only ever says yes
//! (and the key); anything else goes to serde_json (`ReportShape`), which decides. So it
//! must never accept what serde_json refuses: each value is held to what serde_json asks of
//! it (strings without control characters, the escapes serde_json reads, a version of
//! digits only, dates and kinds read by the same code), and a property test holds the two
//! to the same answers.
//!
//! Why: serde_json's field machinery cost 12,700 instructions a report (callgrind), most of
//! a sync's own work; a report's fields are known, so they can be read in one pass: 9,000
//! instructions, most of them the texts' bytes, eight at a time.

use std::{borrow::Cow, ops::Range};

use serde::de::{DeserializeOwned, IntoDeserializer, value::StrDeserializer};

use super::{LabFlag, ReportKey, ReportSpan, ReportType};
use crate::dates::parse_iso;

/// The key of `json` when it is a report in the server's own form and valid; None when not
/// sure either way.
pub(super) fn accepted(json: &str) -> Option<ReportKey<'_>> {
    let mut read = Reader { text: json.as_bytes(), json, at: 0 };
    read.space();
    let span = read.report()?;
    read.space();
    (read.at == json.len()).then_some(())?;
    // Both ends of each range are ASCII quotes: char boundaries.
    Some(ReportKey {
        id: Cow::Borrowed(json.get(span.id)?),
        record_id: Cow::Borrowed(json.get(span.record_id)?),
        version: span.version,
    })
}

/// The report that starts at `at` in `text` (a page of them), read as [`accepted`] reads a
/// report alone: where it ends and where its key's texts are; None when not sure.
pub(super) fn span_at(text: &str, at: usize) -> Option<ReportSpan> {
    Reader { text: text.as_bytes(), json: text, at }.report()
}

struct Reader<'a> {
    text: &'a [u8],
    json: &'a str,
    at: usize,
}

/// A report's twelve fields, one bit each: all must be there once.
const ALL_REPORT_FIELDS: u32 = (1 << 12) - 1;

impl<'a> Reader<'a> {
    /// A report object from here on; the reader is left just past it.
    fn report(&mut self) -> Option<ReportSpan> {
        let (mut id, mut record_id, mut version) = (None, None, None);
        let seen = self.object(|read, field| {
            Some(match field {
                "id" => {
                    id = Some(read.plain_span()?);
                    0
                }
                "record_id" => {
                    record_id = Some(read.plain_span()?);
                    1
                }
                "hospital_id" => read.text().map(|()| 2)?,
                "hospital_name" => read.text().map(|()| 3)?,
                "report_type" => kind::<ReportType>(read.plain_text()?).map(|()| 4)?,
                "title" => read.text().map(|()| 5)?,
                "author" => read.text().map(|()| 6)?,
                "performed_on" => parse_iso(read.plain_text()?).map(|_| 7)?,
                "validated_on" => parse_iso(read.plain_text()?).map(|_| 8)?,
                "version" => {
                    version = Some(read.version()?);
                    9
                }
                "body" => read.text().map(|()| 10)?,
                "lab_values" => read.array(Self::lab_value).map(|()| 11)?,
                _ => return None,
            })
        })?;
        (seen == ALL_REPORT_FIELDS).then_some(())?;
        Some(ReportSpan { end: self.at, id: id?, record_id: record_id?, version: version? })
    }

    /// A lab value: analyte, value and flag required; unit, range, code and panel may be
    /// null or left out (serde reads a missing `Option` as None).
    fn lab_value(&mut self) -> Option<()> {
        let seen = self.object(|read, field| {
            Some(match field {
                "analyte" => read.text().map(|()| 0)?,
                "value" => read.text().map(|()| 1)?,
                "flag" => kind::<LabFlag>(read.plain_text()?).map(|()| 2)?,
                "unit" => read.text_or_null().map(|()| 3)?,
                "reference_range" => read.text_or_null().map(|()| 4)?,
                "code" if read.null() => 5,
                "code" => read.lab_code().map(|()| 5)?,
                "panel" => read.text_or_null().map(|()| 6)?,
                _ => return None,
            })
        })?;
        (seen & 0b111 == 0b111).then_some(())
    }

    /// A lab test's code: its system and code, both texts.
    fn lab_code(&mut self) -> Option<()> {
        let seen = self.object(|read, field| {
            Some(match field {
                "system" => read.text().map(|()| 0)?,
                "code" => read.text().map(|()| 1)?,
                _ => return None,
            })
        })?;
        (seen == 0b11).then_some(())
    }

    /// An `Option` of a text: null, or a text.
    fn text_or_null(&mut self) -> Option<()> {
        if self.null() { Some(()) } else { self.text() }
    }

    /// An object whose keys have no escapes, each read by `field` (which says its number),
    /// none twice: which were there, one bit each.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<usize>) -> Option<u32> {
        self.byte(b'{')?;
        self.space();
        let mut seen = 0_u32;
        if self.byte(b'}').is_some() {
            return Some(seen);
        }
        loop {
            self.space();
            let name = self.plain_text()?;
            self.space();
            self.byte(b':')?;
            self.space();
            let bit = 1 << field(self, name)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            self.space();
            match self.next()? {
                b',' => {}
                b'}' => return Some(seen),
                _ => return None,
            }
        }
    }

    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.byte(b'[')?;
        self.space();
        if self.byte(b']').is_some() {
            return Some(());
        }
        loop {
            self.space();
            item(self)?;
            self.space();
            match self.next()? {
                b',' => {}
                b']' => return Some(()),
                _ => return None,
            }
        }
    }

    /// A string without escapes or control characters, as it stands in the JSON.
    fn plain_text(&mut self) -> Option<&'a str> {
        // Both ends are ASCII quotes: char boundaries of the `&str` it came from.
        self.plain_span().and_then(|span| self.json.get(span))
    }

    /// Where [`Self::plain_text`]'s string lies, its quotes left out.
    fn plain_span(&mut self) -> Option<Range<usize>> {
        self.byte(b'"')?;
        let start = self.at;
        self.at = special(self.text, start)?;
        let end = self.at;
        self.byte(b'"')?;
        Some(start..end)
    }

    /// A string serde_json reads: no control characters, escapes of one character only
    /// (`\u` goes to serde_json, which checks its digits and surrogates).
    fn text(&mut self) -> Option<()> {
        self.byte(b'"')?;
        loop {
            self.at = special(self.text, self.at)?;
            match self.next()? {
                b'"' => return Some(()),
                b'\\' => match self.next()? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                    _ => return None,
                },
                _ => return None,
            }
        }
    }

    /// A version: digits only, no leading zero, within `u32`.
    fn version(&mut self) -> Option<u32> {
        let digits = self.text[self.at..].iter().take_while(|b| b.is_ascii_digit()).count();
        let number = self.json.get(self.at..self.at + digits)?;
        if digits == 0 || (digits > 1 && number.starts_with('0')) {
            return None;
        }
        self.at += digits;
        number.parse().ok()
    }

    fn null(&mut self) -> bool {
        let null = self.text[self.at..].starts_with(b"null");
        if null {
            self.at += 4;
        }
        null
    }

    fn space(&mut self) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn byte(&mut self, byte: u8) -> Option<()> {
        (self.text.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    fn next(&mut self) -> Option<u8> {
        let byte = *self.text.get(self.at)?;
        self.at += 1;
        Some(byte)
    }
}

/// Where the first quote, backslash or control character from `at` on is: eight bytes at
/// a time (the way serde_json looks for them), as most of a report is its texts.
fn special(text: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    let has = |chunk: u64, byte: u8| {
        let other = chunk ^ (ONES * u64::from(byte));
        other.wrapping_sub(ONES) & !other
    };
    while let Some(chunk) = text.get(at..at + 8) {
        let chunk = u64::from_le_bytes(chunk.try_into().ok()?);
        let control = chunk.wrapping_sub(ONES * 0x20) & !chunk;
        // The lowest bit set is the first such byte (a borrow only marks bytes above it).
        let found = (control | has(chunk, b'"') | has(chunk, b'\\')) & HIGH;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = text.get(at..)?;
    rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).map(|n| at + n)
}

/// Whether `name` is one of `T`'s kinds, as serde reads it.
fn kind<T: DeserializeOwned>(name: &str) -> Option<()> {
    let name: StrDeserializer<'_, serde::de::value::Error> = name.into_deserializer();
    T::deserialize(name).ok().map(drop)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::reports::{LabTestCode, LabValue, ReportView};

    fn report(texts: [&str; 4], version: u32, lab_values: Vec<LabValue>) -> ReportView {
        ReportView {
            id: "r-1".into(),
            record_id: "rec-1".into(),
            hospital_id: "hzk".into(),
            hospital_name: texts[0].into(),
            report_type: ReportType::LabResult,
            title: texts[1].into(),
            author: texts[2].into(),
            performed_on: parse_iso("2025-01-01").unwrap(),
            validated_on: parse_iso("2025-01-02").unwrap(),
            version,
            body: texts[3].into(),
            lab_values,
        }
    }

    fn lab_value(text: &str, flag: LabFlag, code: bool) -> LabValue {
        LabValue {
            analyte: text.into(),
            value: "12,5".into(),
            unit: code.then(|| "mg/L".into()),
            reference_range: None,
            flag,
            code: code
                .then(|| LabTestCode { system: LabTestCode::LOINC.into(), code: "1988-5".into() }),
            panel: code.then(|| text.into()),
        }
    }

    /// The quick way and serde_json give the same answer; when the quick way says yes, so
    /// did serde_json.
    fn assert_checked_alike(json: &str) {
        let reference = ReportKey::check_by_serde(json).ok();
        if let Some(quick) = accepted(json) {
            assert_eq!(Some(&quick), reference.as_ref(), "{json}");
        }
        assert_eq!(ReportKey::check(json).ok(), reference, "{json}");
        // Inside a page: what the quick way takes there is a report serde_json takes, with
        // the same key, and a report it takes alone it takes there to its end.
        let page = format!("[{json},{json}]");
        let span = span_at(&page, 1);
        if let Some(span) = &span {
            let key = ReportKey {
                id: Cow::Borrowed(&page[span.id.clone()]),
                record_id: Cow::Borrowed(&page[span.record_id.clone()]),
                version: span.version,
            };
            assert_eq!(ReportKey::check_by_serde(&page[1..span.end]).ok(), Some(key), "{json}");
        }
        if json.starts_with('{') && accepted(json).is_some() {
            let end = 1 + json.trim_end_matches([' ', '\t', '\n', '\r']).len();
            assert_eq!(span.map(|s| s.end), Some(end), "{json}");
        }
    }

    #[test]
    fn the_servers_reports_take_the_quick_way() {
        // Every field of a report and of a lab value: one the quick way does not know
        // would send every report to serde_json (then add it here and to the quick way).
        let full = report(
            ["Sint-Trudo", "Bloed \"nuchter\"", "Dr. L. Maes", "Regel 1\nRegel 2\t\\ é 😀"],
            7,
            vec![lab_value("CRP", LabFlag::High, true), lab_value("Hb", LabFlag::Normal, false)],
        );
        for json in
            [serde_json::to_string(&full).unwrap(), serde_json::to_string_pretty(&full).unwrap()]
        {
            let key = accepted(&json).expect("the quick way");
            assert_eq!(key, ReportKey::check_by_serde(&json).unwrap());
            assert_eq!(key, ReportKey::of(&full));
            assert_checked_alike(&json);
        }
    }

    #[test]
    fn what_the_quick_way_does_not_read_goes_to_serde_json() {
        let json = serde_json::to_string(&report(["a", "b", "c", "d"], 1, Vec::new())).unwrap();
        let cases = [
            json.replacen("\"id\"", "\"\\u0069d\"", 1),
            json.replacen("\"id\":\"r-1\"", "\"id\":\"r-\\u0031\"", 1),
            json.replacen("\"title\":\"b\"", "\"title\":\"\\ud83d\\ude00\"", 1),
            json.replacen("\"title\":\"b\"", "\"title\":\"\\ud83d\"", 1),
            json.replacen("\"version\":1", "\"version\":-0", 1),
            json.replacen("\"version\":1", "\"version\":01", 1),
            json.replacen("\"version\":1", "\"version\":1.0", 1),
            json.replacen("\"version\":1", "\"version\":4294967296", 1),
            json.replacen("\"report_type\":\"lab_result\"", "\"report_type\":\"lab\"", 1),
            json.replacen("\"performed_on\":\"2025-01-01\"", "\"performed_on\":\"2025-02-30\"", 1),
            json.replacen("{", "{\"extra\":1,", 1),
            json.replacen("{", "{\"id\":\"r-2\",", 1),
            json.replacen(",\"body\":\"d\"", "", 1),
            json.replacen("\"body\":\"d\"", "\"body\":null", 1),
            json.replacen("\"body\":\"d\"", "\"body\":\"\u{1}\"", 1),
            json.replacen("\"lab_values\":[]", "\"lab_values\":[{\"analyte\":\"a\",\"value\":\"v\",\"flag\":\"low\"}]", 1),
            json.replacen("\"lab_values\":[]", "\"lab_values\":[{\"analyte\":\"a\",\"value\":\"v\",\"flag\":\"low\",\"unit\":null,\"code\":null}]", 1),
            json.replacen("\"lab_values\":[]", "\"lab_values\":[{\"analyte\":\"a\",\"value\":\"v\"}]", 1),
            json.replacen("\"lab_values\":[]", "\"lab_values\":[{\"analyte\":\"a\",\"value\":\"v\",\"flag\":\"low\",\"code\":{\"system\":\"s\"}}]", 1),
            format!(" {json} "),
            format!("{json}x"),
        ];
        for json in cases {
            assert_checked_alike(&json);
        }
    }

    fn config() -> ProptestConfig {
        let cases =
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512);
        ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
    }

    proptest! {
        #![proptest_config(config())]

        /// Any report, whole or with bytes replaced, removed or put in anywhere: the quick
        /// way and serde_json agree.
        #[test]
        fn the_quick_way_checks_every_report_as_serde_json_does(
            texts in prop::array::uniform4("[\"\\\\/{}\\[\\],:a-z0-9 \n\u{1}-\u{1f}\u{7f}é😀]{0,12}"),
            version in any::<u32>(),
            labs in prop::collection::vec(("\\PC{0,6}", 0_usize..4, any::<bool>()), 0..3),
            pretty in any::<bool>(),
            at in any::<prop::sample::Index>(),
            cut in 0_usize..4,
            put in prop::collection::vec(
                prop::sample::select(vec![
                    "\"", "\\", "{", "}", "[", "]", ",", ":", " ", "\n", "a", "0", "-", ".", "e",
                    "null", "\\u0041", "\\n", "\u{1}", "é", "\"id\":\"x\",",
                ]),
                0..3,
            ),
        ) {
            let flags = [LabFlag::Normal, LabFlag::Low, LabFlag::High, LabFlag::Abnormal];
            let labs = labs.iter().map(|(text, flag, code)| lab_value(text, flags[*flag], *code)).collect();
            let texts = [texts[0].as_str(), &texts[1], &texts[2], &texts[3]];
            let report = report(texts, version, labs);
            let json = if pretty {
                serde_json::to_string_pretty(&report).unwrap()
            } else {
                serde_json::to_string(&report).unwrap()
            };
            // serde_json writes other control characters as \u escapes: those go the slow way.
            let short_escapes_only =
                texts.iter().flat_map(|t| t.chars()).all(|c| c >= ' ' || "\n\t\r\u{8}\u{c}".contains(c));
            prop_assert!(accepted(&json).is_some() || !short_escapes_only, "{json}");
            assert_checked_alike(&json);
            let mut bytes = json.into_bytes();
            let at = at.index(bytes.len());
            let cut = cut.min(bytes.len() - at);
            bytes.splice(at..at + cut, put.concat().into_bytes());
            if let Ok(json) = String::from_utf8(bytes) {
                assert_checked_alike(&json);
            }
        }
    }
}
