//! Property tests of what the device and the server read from people and from the wire
//! (docs/fuzzing.md): the national register number, a typed card code, a report as the
//! device checks it and a sync page. Each property runs a few hundred generated cases in
//! well under a second; `fuzz/` runs the same functions for hours.

use chrono::NaiveDate;
use dossier_api::{
    NationalRegisterNumber,
    account::normalize_card_code,
    national_register::NationalRegisterNumberError,
    reports::{
        LabFlag, LabTestCode, LabValue, RawReport, ReportKey, ReportSyncResponse, ReportType,
        ReportView,
    },
};
use proptest::prelude::*;
use serde_json::Value;

/// Cases per property: 1000 for the cheap ones, 256 for whole reports and pages (each
/// property under two seconds in a debug build); `PROPTEST_CASES` sets another number for
/// a longer run.
fn config() -> ProptestConfig {
    cases(1000)
}

fn cases(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---- The national register number ----

/// The rule, written again from its definition (and in u128, unlike the code): 11 digits
/// once spaces, dots and dashes are dropped; the last two are 97 - (the first nine mod 97),
/// or 97 - ((2 followed by the first nine) mod 97) for a birth from 2000; month (bis
/// offsets of 20 and 40 taken off) at most 12, day at most 31.
fn rule(input: &str) -> Result<bool, NationalRegisterNumberError> {
    let mut digits = Vec::new();
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(u128::from(c as u8 - b'0')),
            ' ' | '.' | '-' => {}
            _ => return Err(NationalRegisterNumberError::NotDigits),
        }
    }
    if digits.len() != 11 {
        return Err(NationalRegisterNumberError::WrongLength { found: digits.len() });
    }
    let body = digits[..9].iter().fold(0u128, |n, d| n * 10 + d);
    let check = digits[9] * 10 + digits[10];
    let before_2000 = check == 97 - body % 97;
    let from_2000 = check == 97 - (2 * 10u128.pow(9) + body) % 97;
    if !(before_2000 || from_2000) {
        return Err(NationalRegisterNumberError::CheckDigits);
    }
    let month = match digits[2] * 10 + digits[3] {
        m @ 40..=52 => m - 40,
        m @ 20..=32 => m - 20,
        m => m,
    };
    if month > 12 || digits[4] * 10 + digits[5] > 31 {
        return Err(NationalRegisterNumberError::BirthDate);
    }
    Ok(from_2000)
}

/// A valid number: any year of both centuries, unknown (0) or known month and day, the
/// bis offsets, any serial.
fn valid_number() -> impl Strategy<Value = (NationalRegisterNumber, i16)> {
    (1900i16..=2099, 0u8..=12, prop_oneof![Just(0u8), Just(20), Just(40)], 0u8..=31, 1u16..=998)
        .prop_map(|(year, month, bis, day, serial)| {
            let number = NationalRegisterNumber::for_birth_date(year, month + bis, day, serial)
                .expect("a serial in 1..=998");
            (number, year)
        })
}

/// The number as people type it: separators anywhere.
fn typed(digits: &str, separators: &[(usize, char)]) -> String {
    let mut text: Vec<char> = digits.chars().collect();
    for &(at, c) in separators {
        text.insert(at % (text.len() + 1), c);
    }
    text.into_iter().collect()
}

proptest! {
    #![proptest_config(config())]

    /// Any text: the answer is the rule's, and never a panic.
    #[test]
    fn register_number_parse_is_the_rule_for_any_text(input in any::<String>()) {
        let parsed = NationalRegisterNumber::parse(&input);
        prop_assert_eq!(parsed.as_ref().map(NationalRegisterNumber::born_from_2000).map_err(Clone::clone), rule(&input));
    }

    /// Text of digits and separators (mostly 11 digits): exercises the check, where any
    /// text mostly fails on its characters.
    #[test]
    fn register_number_parse_is_the_rule_for_digits(input in "[0-9 .-]{9,16}|[0-9]{11}") {
        let parsed = NationalRegisterNumber::parse(&input);
        prop_assert_eq!(parsed.as_ref().map(NationalRegisterNumber::born_from_2000).map_err(Clone::clone), rule(&input));
        if let Ok(number) = parsed {
            prop_assert_eq!(NationalRegisterNumber::parse(number.digits()), Ok(number.clone()));
        }
    }

    /// A valid number reads back from its digits, its printed form, any typing and JSON,
    /// and knows its century.
    #[test]
    fn a_valid_register_number_round_trips(
        (number, year) in valid_number(),
        separators in proptest::collection::vec((any::<usize>(), prop_oneof![Just(' '), Just('.'), Just('-')]), 0..6),
    ) {
        prop_assert_eq!(NationalRegisterNumber::parse(number.digits()), Ok(number.clone()));
        prop_assert_eq!(NationalRegisterNumber::parse(&number.formatted()), Ok(number.clone()));
        prop_assert_eq!(NationalRegisterNumber::parse(&typed(number.digits(), &separators)), Ok(number.clone()));
        let json = serde_json::to_string(&number).unwrap();
        prop_assert_eq!(serde_json::from_str::<NationalRegisterNumber>(&json).unwrap(), number.clone());
        prop_assert_eq!(number.born_from_2000(), year >= 2000);
        prop_assert_eq!(number.birth_date().year, year);
    }

    /// One digit changed: refused, or (through the other century's check digits) a number
    /// of the other century; never the same century. 97 is prime and divides no d·10^k.
    #[test]
    fn one_digit_changed_is_refused_in_its_century(
        (number, _) in valid_number(),
        at in 0usize..11,
        by in 1u8..=9,
    ) {
        let mut digits = number.digits().as_bytes().to_vec();
        digits[at] = b'0' + (digits[at] - b'0' + by) % 10;
        let changed = String::from_utf8(digits).unwrap();
        match NationalRegisterNumber::parse(&changed) {
            Ok(other) => prop_assert_ne!(other.born_from_2000(), number.born_from_2000()),
            Err(error) => prop_assert!(matches!(
                error,
                NationalRegisterNumberError::CheckDigits | NationalRegisterNumberError::BirthDate
            )),
        }
        prop_assert_eq!(NationalRegisterNumber::parse(&changed).map(|n| n.born_from_2000()).map_err(|e| e.clone()), rule(&changed));
    }

    /// JSON of any string validates like `parse`.
    #[test]
    fn register_number_json_validates_like_parse(input in any::<String>()) {
        let json = serde_json::to_string(&input).unwrap();
        prop_assert_eq!(
            serde_json::from_str::<NationalRegisterNumber>(&json).is_ok(),
            NationalRegisterNumber::parse(&input).is_ok()
        );
    }
}

// ---- The card code as typed ----

proptest! {
    #![proptest_config(config())]

    /// Any text: no separator left, nothing else dropped, and normalising twice is once.
    #[test]
    fn a_card_code_keeps_all_but_separators(typed in any::<String>()) {
        let code = normalize_card_code(&typed);
        prop_assert!(!code.chars().any(|c| c.is_whitespace() || c == '-' || c == '.'));
        let kept: String = typed.chars().filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.'))).collect();
        prop_assert_eq!(&code, &kept);
        prop_assert_eq!(normalize_card_code(&code), code);
    }

    /// A code's digits with the separators people type (spaces, tabs, dashes, dots, a
    /// no-break space) read as the digits.
    #[test]
    fn a_typed_card_code_reads_as_its_digits(
        digits in "[0-9]{4,8}",
        separators in proptest::collection::vec((any::<usize>(), prop_oneof![Just(' '), Just('-'), Just('.'), Just('\t'), Just('\u{a0}')]), 0..5),
    ) {
        prop_assert_eq!(normalize_card_code(&typed(&digits, &separators)), digits);
    }
}

// ---- A report as the device checks it, and a sync page ----

fn text() -> impl Strategy<Value = String> {
    prop_oneof![".{0,12}", Just(String::new()), Just("\"\\\u{0}é😀".to_owned())]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1i32..=9999, 1u32..=366).prop_map(|(year, day)| {
        NaiveDate::from_yo_opt(year, day)
            .unwrap_or_else(|| NaiveDate::from_yo_opt(year, 365).unwrap())
    })
}

fn lab_value() -> impl Strategy<Value = LabValue> {
    (
        (text(), text(), proptest::option::of(text()), proptest::option::of(text())),
        prop_oneof![
            Just(LabFlag::Normal),
            Just(LabFlag::Low),
            Just(LabFlag::High),
            Just(LabFlag::Abnormal)
        ],
        proptest::option::of((text(), text())),
        proptest::option::of(text()),
    )
        .prop_map(|((analyte, value, unit, reference_range), flag, code, panel)| LabValue {
            analyte,
            value,
            unit,
            reference_range,
            flag,
            code: code.map(|(system, code)| LabTestCode { system, code }),
            panel,
        })
}

pub fn report_view(record: &'static str) -> impl Strategy<Value = ReportView> {
    (
        (text(), text(), text(), proptest::sample::select(ReportType::ALL.to_vec())),
        (text(), text(), date(), date(), any::<u32>()),
        text(),
        proptest::collection::vec(lab_value(), 0..3),
    )
        .prop_map(
            move |(
                (id, hospital_id, hospital_name, report_type),
                (title, author, performed_on, validated_on, version),
                body,
                lab_values,
            )| {
                ReportView {
                    id,
                    record_id: record.to_owned(),
                    hospital_id,
                    hospital_name,
                    report_type,
                    title,
                    author,
                    performed_on,
                    validated_on,
                    version,
                    body,
                    lab_values,
                }
            },
        )
}

/// A JSON value of any shape, small.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
        Just(Value::from("2024-02-30")),
        Just(Value::from("2024-02-29")),
        Just(Value::from(u64::from(u32::MAX) + 1)),
        Just(Value::from(-1)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What a server or a relay may get wrong in a report: a field gone, a field of another
/// type or value, an unknown field, a lab value broken the same ways.
#[derive(Debug, Clone)]
pub enum Mutation {
    Remove(usize),
    Replace(usize, Value),
    Add(String, Value),
    LabValue(usize, Box<Mutation>),
}

pub fn mutation() -> impl Strategy<Value = Mutation> {
    let flat = prop_oneof![
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), any_json()).prop_map(|(at, v)| Mutation::Replace(at, v)),
        (".{0,8}", any_json()).prop_map(|(k, v)| Mutation::Add(k, v)),
    ];
    prop_oneof![
        3 => flat.clone(),
        1 => (any::<usize>(), flat).prop_map(|(at, m)| Mutation::LabValue(at, Box::new(m))),
    ]
}

pub fn mutate(value: &mut Value, mutation: &Mutation) {
    let Value::Object(object) = value else { return };
    let keys: Vec<String> = object.keys().cloned().collect();
    let key = |at: usize| keys.get(at % keys.len().max(1)).cloned();
    match mutation {
        Mutation::Remove(at) => {
            if let Some(k) = key(*at) {
                object.remove(&k);
            }
        }
        Mutation::Replace(at, v) => {
            if let Some(k) = key(*at) {
                object.insert(k, v.clone());
            }
        }
        Mutation::Add(k, v) => {
            object.insert(k.clone(), v.clone());
        }
        Mutation::LabValue(at, inner) => {
            if let Some(Value::Array(values)) = object.get_mut("lab_values") {
                let len = values.len();
                if len > 0 {
                    mutate(&mut values[at % len], inner);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// A valid report: `ReportKey::check` accepts it with its key, and it round-trips.
    #[test]
    fn a_valid_report_passes_the_check_with_its_key(report in report_view("rec-1")) {
        let json = serde_json::to_string(&report).unwrap();
        let key = ReportKey::check(&json).unwrap();
        prop_assert_eq!(&key, &ReportKey::of(&report));
        prop_assert_eq!(serde_json::from_str::<ReportView>(&json).unwrap(), report);
    }

    /// A broken report: the check accepts exactly what `ReportView` reads, with the same
    /// key (the device stores what it checked and later shows what it parses).
    #[test]
    fn the_check_accepts_what_report_view_reads(
        report in report_view("rec-1"),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut value = serde_json::to_value(&report).unwrap();
        for m in &mutations {
            mutate(&mut value, m);
        }
        let json = value.to_string();
        let view = serde_json::from_str::<ReportView>(&json);
        let key = ReportKey::check(&json);
        prop_assert_eq!(key.is_ok(), view.is_ok(), "{}", json);
        if let (Ok(key), Ok(view)) = (key, view) {
            prop_assert_eq!(key, ReportKey::of(&view));
        }
    }

    /// Any text or bytes: the check, a report and a sync page are read or refused, never a
    /// panic.
    #[test]
    fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..256), text in any::<String>()) {
        check_bytes(&bytes);
        check_bytes(text.as_bytes());
    }

    /// A sync page the server sent reads back, each report passing the check.
    #[test]
    fn a_sync_page_round_trips_as_raw_reports(
        reports in proptest::collection::vec(report_view("rec-1"), 0..4),
        removals in proptest::collection::vec(text(), 0..3),
        cursor in text(),
        more in any::<bool>(),
    ) {
        let page = ReportSyncResponse { record_id: "rec-1".to_owned(), upserts: reports.clone(), removals, cursor, more, records: Vec::new() };
        let json = serde_json::to_vec(&page).unwrap();
        let raw: ReportSyncResponse<RawReport> = serde_json::from_slice(&json).unwrap();
        prop_assert_eq!(raw.upserts.len(), reports.len());
        for (raw, report) in raw.upserts.iter().zip(&reports) {
            prop_assert_eq!(ReportKey::check(raw.get()).unwrap(), ReportKey::of(report));
        }
        prop_assert_eq!(serde_json::from_slice::<ReportSyncResponse>(&json).unwrap(), page);
    }
}

fn check_bytes(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let key = ReportKey::check(text);
        let view = serde_json::from_str::<ReportView>(text);
        assert_eq!(key.is_ok(), view.is_ok());
    }
    if let Ok(page) = serde_json::from_slice::<ReportSyncResponse<RawReport>>(bytes) {
        for raw in &page.upserts {
            let _ = ReportKey::check(raw.get());
        }
    }
}
