//! A sync page as the device reads it: the server's bytes split into its reports' JSON
//! texts, each a view of the page's bytes, and each report in the server's own form checked
//! field by field (`ReportKey::span_at`) in the same pass that finds where it ends. The
//! cache checks every report before it stores anything; a report checked here is not read
//! again for it.
//!
//! Why not serde_json's raw values: they parse each report to find where it ends, and
//! the check then parses it again. Those two passes were most of a sync's own work
//! (callgrind: 11,000 instructions a report to split, 12,700 to check); finding where each
//! report ends by its strings and brackets took 6,200, and a separate check 9,000; now the
//! check is the pass that finds the end. A report the quick check is not sure of is cut out
//! by its strings and brackets and checked later by `ReportKey::check` (serde_json decides).
//!
//! Only a success of `split` is trusted: anything it does not expect (a key written with
//! escapes, a report that is not an object, a second `upserts`) goes to serde_json, which
//! then decides. The page around the reports is always serde_json's: it parses the page
//! with the reports' array emptied, so each other field (and any unknown one) is read as
//! before. Why a split success means serde_json accepts the page the same way: the
//! reports' array is valid JSON once each report passes the check (each is a valid value,
//! and the split checked the commas and spaces between them); the rest parses, so it is
//! valid JSON, in which strings end where the split found them end; so the emptied array
//! sat where serde_json reads the `upserts` field, and the page is valid with these
//! reports. A property test holds the two to the same answers.

use std::{borrow::Cow, ops::Range};

use bytes::Bytes;
use dossier_api::reports::{ReportKey, ReportSpan, ReportSyncResponse, ReportView};
use serde::{Deserialize, Deserializer};

use crate::{cache::SyncedReport, error::CoreError};

/// A report of a sync page as the server's JSON text: a view of the page's own bytes (no
/// copy), with its key when the split already checked it.
#[derive(Debug, Clone)]
pub struct ReportText {
    json: Bytes,
    /// Positions in `json`, from a check made while the page was split.
    checked: Option<ReportSpan>,
}

impl ReportText {
    /// The report's JSON as the server sent it.
    pub fn json(&self) -> &[u8] {
        &self.json
    }

    /// Whether the report was checked as the page was split (the server's reports are).
    pub fn checked(&self) -> bool {
        self.checked.is_some()
    }
}

/// The same report text, however it was read.
impl PartialEq for ReportText {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl Eq for ReportText {}

impl<'de> Deserialize<'de> for ReportText {
    /// The text serde_json found for the value (when the split gave way to it).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        Ok(Self { json: Bytes::from(String::from(Box::<str>::from(raw))), checked: None })
    }
}

impl SyncedReport for ReportText {
    fn report(&self) -> Option<Cow<'_, ReportView>> {
        serde_json::from_slice(&self.json).ok().map(Cow::Owned)
    }
    fn key(&self) -> Option<ReportKey<'_>> {
        let text = |at: &Range<usize>| std::str::from_utf8(self.json.get(at.clone())?).ok();
        match &self.checked {
            Some(span) => Some(ReportKey {
                id: Cow::Borrowed(text(&span.id)?),
                record_id: Cow::Borrowed(text(&span.record_id)?),
                version: span.version,
            }),
            None => ReportKey::check(std::str::from_utf8(&self.json).ok()?).ok(),
        }
    }
    fn json(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.json)
    }
}

/// The page in `body`: split where it has the expected shape, else read by serde_json.
pub fn parse(body: Bytes) -> Result<ReportSyncResponse<ReportText>, CoreError> {
    match split(&body) {
        Some(page) => Ok(page),
        None => serde_json::from_slice(&body).map_err(|_| CoreError::InvalidResponse),
    }
}

/// A report found in a page: where it lies, and its key when it was checked there.
struct Cut {
    at: Range<usize>,
    checked: Option<ReportSpan>,
}

/// The page with each report's text cut out of `body`; None for anything unexpected.
fn split(body: &Bytes) -> Option<ReportSyncResponse<ReportText>> {
    let text = std::str::from_utf8(body).ok()?;
    let (array, reports) = find_reports(text)?;
    // The page with an empty array where the reports were, for serde_json.
    let rest = [&text[..array.start], "[]", &text[array.end..]].concat();
    let mut page: ReportSyncResponse<ReportText> = serde_json::from_str(&rest).ok()?;
    page.upserts = reports
        .into_iter()
        .map(|cut| ReportText { json: body.slice(cut.at), checked: cut.checked })
        .collect();
    Some(page)
}

/// Where the top-level `upserts` array lies (its brackets included) and each report in
/// it, for a page that is one object whose keys have no escapes and whose reports are
/// objects.
fn find_reports(page: &str) -> Option<(Range<usize>, Vec<Cut>)> {
    let text = page.as_bytes();
    let mut at = skip_space(text, 0);
    expect(text, &mut at, b'{')?;
    let mut found = None;
    at = skip_space(text, at);
    if text.get(at) == Some(&b'}') {
        return None; // No `upserts`: serde_json says what is missing.
    }
    loop {
        at = skip_space(text, at);
        expect(text, &mut at, b'"')?;
        let key_end = string_end(text, at)?;
        let key = &text[at..key_end - 1];
        if key.contains(&b'\\') {
            return None;
        }
        at = skip_space(text, key_end);
        expect(text, &mut at, b':')?;
        at = skip_space(text, at);
        if key == b"upserts" {
            if found.is_some() {
                return None;
            }
            let (end, reports) = split_array(page, at)?;
            found = Some((at..end, reports));
            at = end;
        } else {
            at = value_end(text, at)?;
        }
        at = skip_space(text, at);
        match text.get(at)? {
            b',' => at += 1,
            b'}' => {
                at += 1;
                break;
            }
            _ => return None,
        }
    }
    (skip_space(text, at) == text.len()).then_some(())?;
    found
}

/// The array of reports at `at`: where it ends, and each report in it (an object). A report
/// in the server's own form is checked as its end is found, in the same pass
/// (`ReportKey::span_at`); any other is cut out by its strings and brackets and checked
/// later, the slow way.
fn split_array(page: &str, mut at: usize) -> Option<(usize, Vec<Cut>)> {
    let text = page.as_bytes();
    expect(text, &mut at, b'[')?;
    let mut reports = Vec::new();
    at = skip_space(text, at);
    if text.get(at) == Some(&b']') {
        return Some((at + 1, reports));
    }
    loop {
        at = skip_space(text, at);
        if text.get(at) != Some(&b'{') {
            return None;
        }
        let cut = match ReportKey::span_at(page, at) {
            Some(span) => Cut { at: at..span.end, checked: Some(relative(span, at)) },
            None => Cut { at: at..value_end(text, at)?, checked: None },
        };
        at = skip_space(text, cut.at.end);
        reports.push(cut);
        match text.get(at)? {
            b',' => at += 1,
            b']' => return Some((at + 1, reports)),
            _ => return None,
        }
    }
}

/// `span`'s positions from the start of its report, at `at` in the page.
fn relative(span: ReportSpan, at: usize) -> ReportSpan {
    let from_report = |range: Range<usize>| range.start - at..range.end - at;
    ReportSpan {
        end: span.end - at,
        id: from_report(span.id),
        record_id: from_report(span.record_id),
        version: span.version,
    }
}

/// Where the value starting at `at` ends, by its strings and brackets only (what lies
/// between is checked by whoever reads the value).
fn value_end(text: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 0_usize;
    loop {
        match *text.get(at)? {
            b'"' => at = string_end(text, at + 1)?,
            b'{' | b'[' => {
                depth += 1;
                at += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                at += 1;
            }
            _ if depth == 0 => {
                // A number, true, false or null: up to what may follow a value.
                let len = text[at..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                    .unwrap_or(text.len() - at);
                return Some(at + len);
            }
            _ => at += 1,
        }
        if depth == 0 {
            return Some(at);
        }
    }
}

/// Just past the quote that closes the string whose text starts at `at`.
fn string_end(text: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += memchr::memchr2(b'"', b'\\', text.get(at..)?)?;
        if text[at] == b'"' {
            return Some(at + 1);
        }
        // A backslash and the character it escapes (a \u's four digits hold no quote).
        at += 2;
    }
}

fn skip_space(text: &[u8], at: usize) -> usize {
    at + text
        .get(at..)
        .unwrap_or_default()
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(text.len().saturating_sub(at))
}

fn expect(text: &[u8], at: &mut usize, byte: u8) -> Option<()> {
    (text.get(*at) == Some(&byte)).then(|| *at += 1)
}

#[cfg(test)]
mod tests {
    use dossier_api::reports::{LabFlag, LabValue, RecordAccess, Relation, ReportType};
    use proptest::prelude::*;

    use super::*;

    fn report(n: usize, title: &str, body: &str) -> ReportView {
        ReportView {
            id: format!("r-{n}"),
            record_id: "rec-1".into(),
            hospital_id: "hzk".into(),
            hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
            report_type: ReportType::LabResult,
            title: title.into(),
            author: "Dr. L. Maes".into(),
            performed_on: dossier_api::dates::parse_iso("2025-01-01").unwrap(),
            validated_on: dossier_api::dates::parse_iso("2025-01-02").unwrap(),
            version: 1 + n as u32,
            body: body.into(),
            lab_values: vec![LabValue {
                analyte: "CRP".into(),
                value: "12".into(),
                unit: Some("mg/L".into()),
                reference_range: None,
                flag: LabFlag::High,
                code: None,
                panel: None,
            }],
        }
    }

    fn page(upserts: Vec<ReportView>) -> ReportSyncResponse {
        ReportSyncResponse {
            record_id: "rec-1".into(),
            upserts,
            removals: vec!["r-9".into()],
            cursor: "12.3".into(),
            more: true,
            records: vec![RecordAccess {
                record_id: "rec-1".into(),
                given_name: "Marc \"Marco\" {x}".into(),
                family_name: "Dubois [d]".into(),
                date_of_birth: dossier_api::dates::parse_iso("1980-05-03").unwrap(),
                relation: Relation::Own,
                last_day: None,
            }],
        }
    }

    /// What serde_json makes of `body` (the reference) and what the split does, each with
    /// the reports that pass the cache's check: the same pages are accepted, the same way.
    fn assert_read_alike(body: &[u8]) {
        let checked = |page: ReportSyncResponse<ReportText>| {
            page.upserts.iter().all(|r| r.key().is_some()).then_some(page)
        };
        let reference = serde_json::from_slice(body).ok().and_then(checked);
        let split = parse(Bytes::copy_from_slice(body)).ok().and_then(checked);
        // A key found as the page was split is the one the whole report's check finds.
        for report in split.iter().flat_map(|page| &page.upserts) {
            let alone = ReportKey::check(std::str::from_utf8(report.json()).unwrap()).ok();
            assert_eq!(report.key(), alone, "{}", String::from_utf8_lossy(body));
        }
        assert_eq!(split, reference, "{}", String::from_utf8_lossy(body));
    }

    #[test]
    fn a_page_is_split_as_serde_json_reads_it() {
        let tricky = [
            ("Bloed \"nuchter\"", "Regel 1\nRegel 2\t\\ {[\"]}"),
            ("é ü 中文 😀", "\u{1}\u{1f}\u{7f} \\u0022"),
            ("", ""),
        ];
        let reports: Vec<_> =
            tricky.iter().enumerate().map(|(n, (title, body))| report(n, title, body)).collect();
        for body in [
            serde_json::to_vec(&page(reports.clone())).unwrap(),
            serde_json::to_vec_pretty(&page(reports.clone())).unwrap(),
            serde_json::to_vec(&page(Vec::new())).unwrap(),
        ] {
            let split = split(&Bytes::from(body.clone())).expect("the server's pages split");
            // The server's reports are checked as the page is split, in the same pass; one
            // with \u escapes (serde_json writes control characters so) the slow way.
            let checked: Vec<bool> = split.upserts.iter().map(ReportText::checked).collect();
            assert!(checked.is_empty() || checked == [true, false, true], "{checked:?}");
            let reference: ReportSyncResponse<ReportText> = serde_json::from_slice(&body).unwrap();
            assert_eq!(split, reference);
            assert_read_alike(&body);
        }
        // The reports' text is the server's, byte for byte.
        let body = serde_json::to_vec(&page(reports.clone())).unwrap();
        let split = split(&Bytes::from(body)).unwrap();
        assert_eq!(split.upserts[1].json(), serde_json::to_vec(&reports[1]).unwrap());
    }

    #[test]
    fn what_the_split_does_not_expect_goes_to_serde_json() {
        let report = serde_json::to_string(&report(1, "t", "b")).unwrap();
        let cases = [
            // A key written with an escape is still `upserts` to serde_json.
            format!(r#"{{"record_id":"rec-1","upsert\u0073":[{report}],"removals":[],"cursor":"1","more":false,"records":[]}}"#),
            // Twice: serde_json refuses a duplicate field.
            format!(r#"{{"record_id":"rec-1","upserts":[{report}],"upserts":[],"removals":[],"cursor":"1","more":false,"records":[]}}"#),
            // A report that is not an object; no array; no `upserts`; trailing bytes.
            r#"{"record_id":"rec-1","upserts":[1],"removals":[],"cursor":"1","more":false,"records":[]}"#.into(),
            r#"{"record_id":"rec-1","upserts":{},"removals":[],"cursor":"1","more":false,"records":[]}"#.into(),
            r#"{"record_id":"rec-1","removals":[],"cursor":"1","more":false,"records":[]}"#.into(),
            format!(r#"{{"record_id":"rec-1","upserts":[{report}],"removals":[],"cursor":"1","more":false,"records":[]}} x"#),
            // A broken report: split, then refused by the check like serde_json refuses it.
            format!(r#"{{"record_id":"rec-1","upserts":[{report},{{"id":]],"removals":[],"cursor":"1","more":false,"records":[]}}"#),
            // An unknown field around the reports is read (and ignored) as before.
            format!(r#"{{"extra":{{"a":[1,"]"]}},"record_id":"rec-1","upserts":[ {report} ],"removals":[],"cursor":"1","more":false,"records":[]}}"#),
            String::new(),
            "{}".into(),
        ];
        for body in cases {
            assert_read_alike(body.as_bytes());
        }
        assert!(parse(Bytes::from_static(b"{\"upserts\":[1]}")).is_err());
    }

    /// Bytes a server, a proxy or a damaged download might put anywhere.
    fn damage() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop::sample::select(vec![
                b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b' ', b'\n', b'a', b'0', b'u',
                0x00, 0xc3, 0xa9,
            ]),
            0..4,
        )
    }

    fn config() -> ProptestConfig {
        let cases =
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512);
        ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
    }

    proptest! {
        #![proptest_config(config())]

        /// Any page, whole or with bytes replaced, removed or put in anywhere: the split and
        /// serde_json accept the same ones and read them the same way.
        #[test]
        fn the_split_reads_every_page_as_serde_json_does(
            texts in prop::collection::vec(("\\PC{0,12}", "[\"\\\\{}\\[\\]a-z \n\u{1}-\u{1f}é😀]{0,40}"), 0..4),
            pretty in any::<bool>(),
            at in any::<prop::sample::Index>(),
            cut in 0_usize..3,
            put in damage(),
        ) {
            let reports: Vec<_> = texts
                .iter()
                .enumerate()
                .map(|(n, (title, body))| report(n, title, body))
                .collect();
            let page = page(reports);
            let mut body = if pretty {
                serde_json::to_vec_pretty(&page).unwrap()
            } else {
                serde_json::to_vec(&page).unwrap()
            };
            assert_read_alike(&body);
            let at = at.index(body.len());
            let cut = cut.min(body.len() - at);
            body.splice(at..at + cut, put);
            assert_read_alike(&body);
        }
    }
}
