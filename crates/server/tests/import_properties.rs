//! Property tests of what the server reads from hospitals and people (docs/fuzzing.md):
//! FHIR R4 files and our JSON format, mutated from valid ones (the FHIR fixture
//! `fhir-bundle.json`, generated JSON files) or any text; user names as typed. Never a
//! panic; a file is read whole or refused with `ImportError`, and `staff::import_file`
//! stores all of it or nothing.

use std::sync::LazyLock;

use chrono::NaiveDate;
use dossier_api::reports::{LabFlag, ReportType};
use dossier_server::{
    accounts::check_user_name,
    crypto::normalize_user_name,
    import::{FhirSource, ImportError, from_fhir, from_json, looks_like_fhir, read_fhir},
    staff,
};
use dossier_test_kit::{Backend, TestServer, patients::register};
use proptest::prelude::*;
use serde_json::{Value, json};

/// `PROPTEST_CASES` sets another number of cases than `default` for a longer run.
fn cases(default: u32) -> ProptestConfig {
    let cases =
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

const SYSTEM: &str = "https://hzk.example/ead";
const SOURCE: FhirSource<'static> =
    FhirSource { hospital_id: "hzk", patient_number_system: Some(SYSTEM) };

fn bundle(ead: &str, system: &str) -> Value {
    let text = include_str!("fhir-bundle.json").replace("{EAD}", ead).replace("{SYSTEM}", system);
    serde_json::from_str(&text).unwrap()
}

static BUNDLE: LazyLock<Value> = LazyLock::new(|| bundle("10611940", SYSTEM));

/// Values a sender gets wrong, or that lead the importer somewhere else.
fn junk() -> impl Strategy<Value = Value> {
    let strings = prop_oneof![
        Just("Patient/x"),
        Just("#p"),
        Just("#"),
        Just("urn:uuid:"),
        Just("Observation/hb"),
        Just("Observation/lab-1"),
        Just("DiagnosticReport/lab-1"),
        Just("http://a/b/Observation/crp"),
        Just("Bundle"),
        Just("DiagnosticReport"),
        Just("Observation"),
        Just("Patient"),
        Just("final"),
        Just("entered-in-error"),
        Just("2026-13-40"),
        Just("2026"),
        Just("2026-11-02T25:00:00Z"),
        Just("+275760-09-13T00:00:00Z"),
        Just("-0001-01-01"),
        Just("1e400"),
        Just("9999999999999999999999999999999999999999"),
        Just(""),
        Just("é\u{0}"),
        Just("< 5"),
        Just("3,5 - 5,1"),
        Just("> -1e308"),
        Just("text/plain"),
        Just("AAAA"),
        Just("R"),
        Just(SYSTEM),
        Just("urn:be:fgov:person:ssin"),
        Just("85073003328"),
    ]
    .prop_map(Value::from);
    let leaf = prop_oneof![
        4 => strings,
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        1 => Just(json!(1e308)),
        1 => Just(json!(u64::MAX)),
        1 => ".{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("resourceType".to_owned()),
                    Just("reference".to_owned()),
                    Just("id".to_owned()),
                    Just("value".to_owned()),
                    Just("resource".to_owned()),
                    Just("entry".to_owned()),
                    ".{0,6}"
                ],
                inner,
                0..3
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One change somewhere in a JSON tree: the `at`-th node (in document order) removed,
/// replaced, copied beside itself, or a value put under a key of its own.
#[derive(Debug, Clone)]
enum Change {
    Remove(usize),
    Replace(usize, Value),
    Duplicate(usize),
    Insert(usize, String, Value),
}

fn change() -> impl Strategy<Value = Change> {
    let key = prop_oneof![
        Just("contained"),
        Just("hasMember"),
        Just("component"),
        Just("subject"),
        Just("result"),
        Just("valueQuantity"),
        Just("referenceRange"),
        Just("effectivePeriod"),
        Just("presentedForm"),
        Just("meta"),
        Just("fullUrl"),
        Just("identifier"),
        Just("status"),
        Just("extra"),
    ]
    .prop_map(str::to_owned);
    prop_oneof![
        2 => any::<usize>().prop_map(Change::Remove),
        4 => (any::<usize>(), junk()).prop_map(|(at, v)| Change::Replace(at, v)),
        1 => any::<usize>().prop_map(Change::Duplicate),
        2 => (any::<usize>(), key, junk()).prop_map(|(at, k, v)| Change::Insert(at, k, v)),
    ]
}

/// Every node's path, in document order (the root is the empty path).
fn paths(value: &Value, path: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(PathStep::Key(k.clone()));
                paths(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (n, v) in items.iter().enumerate() {
                path.push(PathStep::Index(n));
                paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn node<'v>(value: &'v mut Value, path: &[PathStep]) -> &'v mut Value {
    path.iter().fold(value, |v, step| match step {
        PathStep::Key(k) => &mut v[k.as_str()],
        PathStep::Index(n) => &mut v[*n],
    })
}

fn apply(value: &mut Value, change: &Change) {
    let mut all = Vec::new();
    paths(value, &mut Vec::new(), &mut all);
    let pick = |at: usize| all[at % all.len()].clone();
    match change {
        Change::Remove(at) => {
            let path = pick(*at);
            let Some((last, parent)) = path.split_last() else { return };
            match (node(value, parent), last) {
                (Value::Object(map), PathStep::Key(k)) => {
                    map.remove(k);
                }
                (Value::Array(items), PathStep::Index(n)) => {
                    items.remove(*n);
                }
                _ => {}
            }
        }
        Change::Replace(at, with) => *node(value, &pick(*at)) = with.clone(),
        Change::Duplicate(at) => {
            let path = pick(*at);
            let Some((PathStep::Index(n), parent)) = path.split_last() else { return };
            if let Value::Array(items) = node(value, parent) {
                let copy = items[*n].clone();
                items.insert(*n, copy);
            }
        }
        Change::Insert(at, key, with) => {
            if let Value::Object(map) = node(value, &pick(*at)) {
                map.insert(key.clone(), with.clone());
            }
        }
    }
}

/// How many DiagnosticReports the importer must account for: resources of that type in
/// Bundle entries at any depth, or the file itself. Only counted where the file's shape is
/// plain (entries are objects with a resource); other files are checked for consistency.
fn diagnostic_reports(file: &Value) -> usize {
    fn count(resource: &Value, depth: usize) -> usize {
        match resource.get("resourceType").and_then(Value::as_str) {
            Some("DiagnosticReport") => 1,
            Some("Bundle") if depth < 32 => {
                resource.get("entry").and_then(Value::as_array).map_or(0, |entries| {
                    entries
                        .iter()
                        .filter_map(|e| e.get("resource"))
                        .map(|r| count(r, depth + 1))
                        .sum()
                })
            }
            _ => 0,
        }
    }
    count(file, 0)
}

/// The importer's answer for a FHIR text: never a panic; `from_fhir` is `read_fhir` with
/// any problem refusing the whole file.
fn check_fhir(text: &str) -> Result<Option<usize>, TestCaseError> {
    let read = read_fhir(text, &SOURCE);
    let whole = from_fhir(text, &SOURCE);
    match (&read, &whole) {
        (Ok((reports, problems)), Ok(imported)) => {
            prop_assert!(problems.is_empty());
            prop_assert_eq!(reports, imported);
            Ok(Some(reports.len()))
        }
        (Ok((_, problems)), Err(ImportError::Refused(refused))) => {
            prop_assert!(!problems.is_empty());
            prop_assert_eq!(problems, refused);
            Ok(None)
        }
        (Err(a), Err(b)) => {
            prop_assert_eq!(a, b);
            Ok(None)
        }
        _ => Err(TestCaseError::fail(format!("read_fhir {read:?} but from_fhir {whole:?}"))),
    }
}

proptest! {
    #![proptest_config(cases(256))]

    /// The fixture with a few changes anywhere: read whole (every report, each with its
    /// problem or read) or refused, never half.
    #[test]
    fn a_changed_fhir_bundle_is_read_whole_or_refused(changes in proptest::collection::vec(change(), 1..5)) {
        let mut file = BUNDLE.clone();
        for c in &changes {
            apply(&mut file, c);
        }
        let text = file.to_string();
        check_fhir(&text)?;
        if let Ok((reports, problems)) = read_fhir(&text, &SOURCE) {
            let plain = file.get("entry").and_then(Value::as_array).is_some_and(|entries| {
                entries.iter().all(|e| e.get("resource").is_some_and(Value::is_object))
            });
            if plain {
                prop_assert_eq!(reports.len() + problems.len(), diagnostic_reports(&file), "{}", text);
            }
        }
    }

    /// The fixture's bytes changed: read or refused, never a panic.
    #[test]
    fn a_fhir_bundle_with_bytes_changed_is_read_or_refused(
        changes in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let mut bytes = BUNDLE.to_string().into_bytes();
        for (at, byte) in changes {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        let text = String::from_utf8_lossy(&bytes);
        check_fhir(&text)?;
        let _ = from_json(&text);
    }

    /// Any text, as FHIR or as our JSON: refused with `ImportError`, never a panic.
    #[test]
    fn any_text_is_refused(text in any::<String>()) {
        prop_assert!(check_fhir(&text)?.is_none());
        let _ = looks_like_fhir(&text);
        prop_assert!(from_json(&text).is_err());
    }

    /// Any JSON shaped like our format, or like FHIR: read or refused, never a panic.
    #[test]
    fn any_json_is_read_or_refused(value in junk(), fhir in any::<bool>()) {
        let file = if fhir {
            json!({ "resourceType": "Bundle", "type": "collection", "entry": [{ "resource": value }] })
        } else {
            json!({ "hospital": "hzk", "reports": [value] })
        };
        check_fhir(&file.to_string())?;
        let _ = from_json(&file.to_string());
    }
}

// ---- Our JSON format ----

#[derive(Debug, Clone)]
struct JsonReport {
    source_id: String,
    report_type: ReportType,
    performed_on: NaiveDate,
    status: &'static str,
    validated_at: Option<i64>,
    lab_values: Vec<(String, Option<String>, Option<LabFlag>)>,
}

fn json_report() -> impl Strategy<Value = JsonReport> {
    (
        ".{0,8}",
        proptest::sample::select(ReportType::ALL.to_vec()),
        (1900i32..2100, 1u32..=365).prop_map(|(y, d)| NaiveDate::from_yo_opt(y, d).unwrap()),
        prop_oneof![Just("draft"), Just("validated"), Just("protected")],
        proptest::option::of(0i64..4_000_000_000),
        proptest::collection::vec(
            (
                prop_oneof![".{0,6}", "-?[0-9]{1,4}([.,][0-9]{1,3})?"],
                proptest::option::of(prop_oneof![
                    ".{0,8}",
                    "[<>]=? ?-?[0-9]{1,3}",
                    "-?[0-9]{1,3}([.,][0-9])? ?- ?-?[0-9]{1,3}"
                ]),
                proptest::option::of(proptest::sample::select(vec![
                    LabFlag::Normal,
                    LabFlag::Low,
                    LabFlag::High,
                    LabFlag::Abnormal,
                ])),
            ),
            0..4,
        ),
    )
        .prop_map(
            |(source_id, report_type, performed_on, status, validated_at, lab_values)| JsonReport {
                source_id,
                report_type,
                performed_on,
                status,
                validated_at,
                lab_values,
            },
        )
}

fn json_file(reports: &[JsonReport]) -> Value {
    let reports: Vec<Value> = reports
        .iter()
        .map(|r| {
            let mut value = json!({
                "source_id": r.source_id, "patient_ead": "10611940", "type": r.report_type,
                "title": "Bloedonderzoek", "author": "Labo", "status": r.status, "body": "",
                "performed_on": r.performed_on.format("%Y-%m-%d").to_string(),
                "lab_values": r.lab_values.iter().map(|(value, range, flag)| json!({
                    "analyte": "CRP", "value": value, "reference_range": range, "flag": flag,
                })).collect::<Vec<_>>(),
            });
            if let Some(at) = r.validated_at {
                value["validated_at"] =
                    json!(chrono::DateTime::from_timestamp(at, 0).unwrap().to_rfc3339());
            }
            value
        })
        .collect();
    json!({ "hospital": "hzk", "reports": reports })
}

proptest! {
    #![proptest_config(cases(256))]

    /// A valid file in our format: every report read, as written; refused whole when any
    /// validated report lacks its date.
    #[test]
    fn our_json_format_round_trips(reports in proptest::collection::vec(json_report(), 1..4)) {
        let outcome = from_json(&json_file(&reports).to_string());
        let undated = reports.iter().filter(|r| r.status == "validated" && r.validated_at.is_none()).count();
        match outcome {
            Ok(read) => {
                prop_assert_eq!(undated, 0);
                prop_assert_eq!(read.len(), reports.len());
                for (read, sent) in read.iter().zip(&reports) {
                    prop_assert_eq!(&read.report.source_id, &sent.source_id);
                    prop_assert_eq!(read.report.report_type, sent.report_type);
                    prop_assert_eq!(read.report.performed_on, sent.performed_on);
                    prop_assert_eq!(read.report.lab_values.len(), sent.lab_values.len());
                    for (value, (_, _, flag)) in read.report.lab_values.iter().zip(&sent.lab_values) {
                        if let Some(flag) = flag {
                            prop_assert_eq!(value.flag, *flag, "the sender's flag wins");
                        }
                    }
                }
            }
            Err(ImportError::Refused(problems)) => prop_assert_eq!(problems.len(), undated),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    /// Our format with changes anywhere: read whole or refused.
    #[test]
    fn our_json_format_changed_is_read_whole_or_refused(
        reports in proptest::collection::vec(json_report(), 1..3),
        changes in proptest::collection::vec(change(), 1..4),
    ) {
        let mut file = json_file(&reports);
        for c in &changes {
            apply(&mut file, c);
        }
        if let Ok(read) = from_json(&file.to_string()) {
            prop_assert_eq!(read.len(), file["reports"].as_array().map_or(0, Vec::len));
        }
    }
}

// ---- User names as typed ----

proptest! {
    #![proptest_config(cases(500))]

    /// Any text as a user name: accepted exactly when it is 3 to 64 of the allowed ASCII
    /// characters; normalising is idempotent.
    #[test]
    fn a_user_name_is_checked_by_its_rule(name in any::<String>(), ascii in "[a-zA-Z0-9._@ -]{0,70}") {
        for name in [&name, &ascii] {
            let allowed = (3..=64).contains(&name.chars().count())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
            prop_assert_eq!(check_user_name(name).is_ok(), allowed);
            let normal = normalize_user_name(name);
            prop_assert_eq!(normalize_user_name(&normal), normal.clone());
        }
    }
}

// ---- Stored whole or not at all ----

/// Every stored report as the import leaves it.
type Row = (String, String, i64, String, Option<String>, String, Option<String>, i64);

async fn stored(server: &TestServer) -> Vec<Row> {
    sqlx::query_as(
        "SELECT id, source_id, version, status, source_version_id, body, lab_values, change_seq \
         FROM reports ORDER BY id",
    )
    .fetch_all(server.state.db.pool())
    .await
    .unwrap()
}

/// Changed fixtures imported through `staff::import_file` into one SQLite database: a
/// refused file changes nothing; an imported one stores each new and updated report.
#[test]
fn an_import_is_stored_whole_or_not_at_all() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, file) = runtime.block_on(async {
        let now = "2026-12-01T10:00:00Z".parse().unwrap();
        let server = TestServer::start(Backend::Sqlite, now).await.unwrap();
        let hospital = staff::NewHospital {
            id: "hzk".into(),
            name: "Heilig-Hartziekenhuis Kempen".into(),
            city: "Geel".into(),
            reports_visible_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            shares_child_reports: true,
            patient_number_system: Some(SYSTEM.into()),
        };
        staff::add_hospital(&server.state, &hospital).await.unwrap();
        let born = NaiveDate::from_ymd_opt(1980, 3, 4).unwrap();
        let patient = register(&server.state, "Lies", "Claes", born, Some(12), None).await;
        let system = SYSTEM;
        let file = bundle(&patient.ead_number, system);
        let summary = staff::import_file(&server.state, &file.to_string(), Some("hzk")).await;
        assert_eq!(summary.unwrap().new, 2, "the fixture as it is");
        (server, file)
    });
    let mut runner = proptest::test_runner::TestRunner::new(cases(64));
    runner
        .run(&proptest::collection::vec(change(), 0..4), |changes| {
            let mut file = file.clone();
            for c in &changes {
                apply(&mut file, c);
            }
            runtime.block_on(async {
                let before = stored(&server).await;
                let outcome =
                    staff::import_file(&server.state, &file.to_string(), Some("hzk")).await;
                let after = stored(&server).await;
                match outcome {
                    Ok(summary) => {
                        prop_assert_eq!(after.len(), before.len() + summary.new);
                        let changed = after.iter().filter(|row| !before.contains(row)).count();
                        prop_assert_eq!(
                            changed,
                            summary.new + summary.updated,
                            "every report of the file"
                        );
                    }
                    Err(_) => prop_assert_eq!(after, before, "a refused file changes nothing"),
                }
                Ok(())
            })
        })
        .unwrap();
}
