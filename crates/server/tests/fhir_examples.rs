//! The FHIR import against files no one on the project wrote: the HL7 FHIR R4 examples
//! and the Belgian eHealth lab guide's examples, fetched by `scripts/fetch-fhir-examples`
//! into the folder named by `DOSSIER_FHIR_EXAMPLES_DIR` (never committed). Without it the
//! test is skipped with a note, unless `DOSSIER_TEST_REQUIRE_FHIR_EXAMPLES=1`.
//!
//! Every example file holding a DiagnosticReport is imported through the staff path
//! (`staff::import_file`) into a real server state on SQLite, each into a hospital of its
//! own whose patient-number system is the one the example's patient uses, after
//! registering the example's patient where its identifiers allow it. Its outcome must be
//! the one in [`EXPECTED`]: imported with all its values (counted here from the file:
//! every Observation reachable from the report's results, panels and components, against
//! the values stored), or refused with the reason given. A file that holds a report and
//! is not in the table, or an outcome that differs, fails the test.
//!
//! Besides each file as published, two variants no one could import unmodified, to show
//! what the import reads once the patient is known (docs/fhir-import.md has the table):
//! - HL7 examples "with referenced resources": the file, unmodified, in a collection
//!   Bundle with the package's own resources it refers to and lacks (its Patient,
//!   Observations, Practitioners, Organizations), as a hospital sends them together.
//! - Belgian examples "with a valid SSIN": their patient's SSIN fails its check digits,
//!   so here it is replaced by a valid one for the same birth date and sex.

#![allow(clippy::print_stderr)] // The outcome table is printed for docs/fhir-import.md.

mod common;

use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
    time::Instant,
};

use common::{Backend, TestServer};
use dossier_api::{
    Language, NationalRegisterNumber,
    reports::{LabFlag, LabValue},
};
use dossier_server::{
    ServerError,
    import::{ImportError, SSIN_SYSTEMS},
    patients::NewPatient,
    staff::{self, NewHospital},
};
use serde_json::{Value, json};

const DIR_VAR: &str = "DOSSIER_FHIR_EXAMPLES_DIR";
const REQUIRE_VAR: &str = "DOSSIER_TEST_REQUIRE_FHIR_EXAMPLES";
/// An example of the HL7 FHIR R4 package, by file name.
macro_rules! r4 {
    ($file:literal) => {
        concat!("hl7.fhir.r4.examples-4.0.1/package/", $file)
    };
}

/// An example of the Belgian lab guide's package, by file name.
macro_rules! be {
    ($file:literal) => {
        concat!("hl7.fhir.be.lab-1.0.0/package/", $file)
    };
}

/// The Belgian examples' patient: born 1979-12-11, female, SSIN 79121137740 (whose check
/// digits should be 66, or 95 for a birth from 2000 on).
const BE_SSIN: &str = "79121137740";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Variant {
    AsPublished,
    WithReferencedResources,
    WithValidSsin,
}

impl Variant {
    fn label(self) -> &'static str {
        match self {
            Variant::AsPublished => "as published",
            Variant::WithReferencedResources => "with referenced resources",
            Variant::WithValidSsin => "with a valid SSIN",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    /// Every report imported, with this many lab values in all.
    Imported { reports: usize, values: usize },
    /// Refused: each (resource, parts of its reason separated by "; "), every refused
    /// report listed in order.
    Refused(&'static [(&'static str, &'static str)]),
}

struct Expectation {
    file: &'static str,
    variant: Variant,
    outcome: Outcome,
}

const fn expect(file: &'static str, variant: Variant, outcome: Outcome) -> Expectation {
    Expectation { file, variant, outcome }
}

use Outcome::{Imported, Refused};
use Variant::{AsPublished, WithReferencedResources, WithValidSsin};

const BAD_SSIN: &str = "the national register number (https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin) is not valid";

/// Every example file with a DiagnosticReport, and what importing it does.
const EXPECTED: &[Expectation] = &[
    expect(
        r4!("Bundle-101.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/101",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(r4!("Bundle-101.json"), WithReferencedResources, Imported { reports: 1, values: 17 }),
    // 17 Bundles in a Bundle, a report each; none of their patients is in the package.
    expect(
        r4!("Bundle-72ac8493-52ac-41bd-8d5d-7258c289b5ea.json"),
        AsPublished,
        Refused(&[
            ("DiagnosticReport/3", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/4", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/5", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/6", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/7", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/8", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/9", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/15", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/16", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/17", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/18", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/19", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/20", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/21", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/25", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/26", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/27", "the subject refers to a resource that is not in the file"),
        ]),
    ),
    expect(
        r4!("Bundle-72ac8493-52ac-41bd-8d5d-7258c289b5ea.json"),
        WithReferencedResources,
        Refused(&[
            ("DiagnosticReport/3", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/4", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/5", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/6", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/7", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/8", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/9", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/15", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/16", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/17", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/18", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/19", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/20", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/21", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/25", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/26", "the subject refers to a resource that is not in the file"),
            ("DiagnosticReport/27", "the subject refers to a resource that is not in the file"),
        ]),
    ),
    expect(
        r4!("Bundle-dg2.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/dg2",
            "the subject refers to a resource that is not in the file; result Observation/ob-genetics-3-1 is not in the file; result Observation/ob-genetics-3-2 is not in the file",
        )]),
    ),
    // The package has no ob-genetics-3-1/-2.
    expect(
        r4!("Bundle-dg2.json"),
        WithReferencedResources,
        Refused(&[(
            "DiagnosticReport/dg2",
            "result Observation/ob-genetics-3-1 is not in the file; result Observation/ob-genetics-3-2 is not in the file",
        )]),
    ),
    expect(
        r4!("Bundle-f001.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/f001",
            "the subject refers to a resource that is not in the file; result Observation/f001 is not in the file; result Observation/f005 is not in the file",
        )]),
    ),
    expect(r4!("Bundle-f001.json"), WithReferencedResources, Imported { reports: 1, values: 5 }),
    expect(
        r4!("Bundle-f202.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/f202",
            "the subject refers to a resource that is not in the file; result Observation/f206 is not in the file",
        )]),
    ),
    expect(r4!("Bundle-f202.json"), WithReferencedResources, Imported { reports: 1, values: 1 }),
    expect(
        r4!("Bundle-ghp.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/ghp",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    // Three panels (hasMember) of 22, 17 and 9 values.
    expect(r4!("Bundle-ghp.json"), WithReferencedResources, Imported { reports: 1, values: 48 }),
    // A transaction: the report has no id, named by its fullUrl.
    expect(
        r4!("Bundle-hla-1.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport urn:uuid:b0a4b18e-94e7-4b1b-8031-c7ae4bdd8db9",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(
        r4!("Bundle-lipids.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/lipids",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(r4!("Bundle-lipids.json"), WithReferencedResources, Imported { reports: 1, values: 4 }),
    expect(
        r4!("Bundle-lri-example.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/lri-example",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    // Patient/example's MRN is 12345: five digits, which our desk cannot register as an EAD.
    expect(
        r4!("Bundle-lri-example.json"),
        WithReferencedResources,
        Refused(&[("DiagnosticReport/lri-example", "no patient has this identifier")]),
    ),
    expect(
        r4!("Bundle-micro.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/micro",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(
        r4!("Bundle-micro.json"),
        WithReferencedResources,
        Refused(&[("DiagnosticReport/micro", "no patient has this identifier")]),
    ),
    expect(
        r4!("Bundle-report.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/report",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(r4!("Bundle-report.json"), WithReferencedResources, Imported { reports: 1, values: 13 }),
    expect(
        r4!("DiagnosticReport-102.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/102",
            "the subject refers to a resource that is not in the file; result Observation/bmd is not in the file",
        )]),
    ),
    expect(
        r4!("DiagnosticReport-102.json"),
        WithReferencedResources,
        Imported { reports: 1, values: 1 },
    ),
    expect(
        r4!("DiagnosticReport-example-pgx.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/example-pgx",
            "the subject refers to a resource that is not in the file; result Observation/example-phenotype is not in the file",
        )]),
    ),
    expect(
        r4!("DiagnosticReport-example-pgx.json"),
        WithReferencedResources,
        Refused(&[(
            "DiagnosticReport/example-pgx",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(
        r4!("DiagnosticReport-f201.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/f201",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    // A radiology report: its conclusion, no values.
    expect(
        r4!("DiagnosticReport-f201.json"),
        WithReferencedResources,
        Imported { reports: 1, values: 0 },
    ),
    // The subject is a display only (a dog's name).
    expect(
        r4!("DiagnosticReport-gingival-mass.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/gingival-mass",
            "the subject has neither a reference nor an identifier",
        )]),
    ),
    expect(
        r4!("DiagnosticReport-pap.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/pap",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(
        r4!("DiagnosticReport-pap.json"),
        WithReferencedResources,
        Refused(&[(
            "DiagnosticReport/pap",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(
        r4!("DiagnosticReport-ultrasound.json"),
        AsPublished,
        Refused(&[(
            "DiagnosticReport/ultrasound",
            "the subject refers to a resource that is not in the file",
        )]),
    ),
    expect(
        r4!("DiagnosticReport-ultrasound.json"),
        WithReferencedResources,
        Refused(&[("DiagnosticReport/ultrasound", "no patient has this identifier")]),
    ),
    // The Belgian examples' SSIN fails its check digits.
    expect(
        be!("Bundle-antibiogramAsBundleCollection.json"),
        AsPublished,
        Refused(&[("DiagnosticReport/diagnosticreport50", BAD_SSIN)]),
    ),
    // Two organisms, each a panel of 17 susceptibilities, and two more values.
    expect(
        be!("Bundle-antibiogramAsBundleCollection.json"),
        WithValidSsin,
        Imported { reports: 1, values: 38 },
    ),
    expect(
        be!("Bundle-antibiogramAsBundleNN.json"),
        AsPublished,
        Refused(&[("DiagnosticReport/diagnosticreport50", BAD_SSIN)]),
    ),
    expect(
        be!("Bundle-antibiogramAsBundleNN.json"),
        WithValidSsin,
        Imported { reports: 1, values: 38 },
    ),
    expect(
        be!("Bundle-antibiogramIsNegativeAsBundleCollection.json"),
        AsPublished,
        Refused(&[("DiagnosticReport/diagnosticreport60", BAD_SSIN)]),
    ),
    expect(
        be!("Bundle-antibiogramIsNegativeAsBundleCollection.json"),
        WithValidSsin,
        Imported { reports: 1, values: 2 },
    ),
    expect(
        be!("Bundle-hematologyStudiesAsBundleCollection.json"),
        AsPublished,
        Refused(&[("DiagnosticReport/diagnosticreport1", BAD_SSIN)]),
    ),
    expect(
        be!("Bundle-hematologyStudiesAsBundleCollection.json"),
        WithValidSsin,
        Imported { reports: 1, values: 3 },
    ),
    expect(
        be!("Bundle-hematologyStudiesAsFHIRDocument.json"),
        AsPublished,
        Refused(&[("DiagnosticReport/diagnosticreport1", BAD_SSIN)]),
    ),
    expect(
        be!("Bundle-hematologyStudiesAsFHIRDocument.json"),
        WithValidSsin,
        Imported { reports: 1, values: 3 },
    ),
];

#[tokio::test]
async fn the_public_fhir_examples_import_as_expected() {
    let Some(dir) = examples_dir() else { return };
    let started = Instant::now();
    let Some(server) = TestServer::start(Backend::Sqlite).await else { return };
    let files = files_with_reports(&dir);
    let mut failures = Vec::new();
    let listed: HashSet<&str> = EXPECTED.iter().map(|e| e.file).collect();
    for file in files.keys() {
        if !listed.contains(file.as_str()) {
            failures.push(format!("{file}: holds a DiagnosticReport but is not in EXPECTED"));
        }
    }
    let mut setup = Setup::default();
    let mut rows = Vec::new();
    let mut done = HashSet::new();
    for (n, expectation) in EXPECTED.iter().enumerate() {
        let Some(example) = files.get(expectation.file) else {
            failures.push(format!("{}: not found in {}", expectation.file, dir.display()));
            continue;
        };
        done.insert((expectation.file, expectation.variant));
        let Some(text) = variant_text(&dir, expectation.file, example, expectation.variant) else {
            failures.push(format!(
                "{} ({}): the variant changes nothing; take it out of EXPECTED",
                expectation.file,
                expectation.variant.label()
            ));
            continue;
        };
        let hospital = format!("ex{n:02}");
        let file: Value = serde_json::from_str(&text).unwrap();
        setup.hospital_and_patients(&server, &hospital, &file).await;
        let result = staff::import_file(&server.test.state, &text, Some(&hospital)).await;
        let outcome = describe(&server, &hospital, &file, result).await;
        rows.push(format!(
            "| {} | {} | {} | {} |",
            expectation.file,
            expectation.variant.label(),
            report_count(&file),
            outcome.summary
        ));
        if let Some(failure) = outcome.check(expectation.outcome) {
            failures.push(format!(
                "{} ({}): {failure}\n    found: {}",
                expectation.file,
                expectation.variant.label(),
                outcome.as_expectation
            ));
        }
    }
    // A variant that would change a file, not in the table, is a file not tested.
    for (file, example) in &files {
        for variant in [WithReferencedResources, WithValidSsin] {
            if !done.contains(&(file.as_str(), variant))
                && variant_text(&dir, file, example, variant).is_some()
            {
                failures.push(format!("{file} ({}): not in EXPECTED", variant.label()));
            }
        }
    }
    eprintln!("| file | variant | reports | outcome |\n|---|---|---|---|\n{}", rows.join("\n"));
    eprintln!("{} imports in {:.1} s", rows.len(), started.elapsed().as_secs_f64());
    assert!(
        failures.is_empty(),
        "{} unexpected outcome(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The examples folder, or None (with a note) when the test is to be skipped.
fn examples_dir() -> Option<PathBuf> {
    match std::env::var_os(DIR_VAR) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            assert!(
                std::env::var_os(REQUIRE_VAR).is_none_or(|v| v != "1"),
                "{DIR_VAR} is not set but {REQUIRE_VAR}=1: run scripts/fetch-fhir-examples"
            );
            eprintln!(
                "skipped: {DIR_VAR} is not set (export {DIR_VAR}=$(scripts/fetch-fhir-examples))"
            );
            None
        }
    }
}

/// Every JSON file under `dir` with a DiagnosticReport anywhere in it, by path relative
/// to `dir`, parsed.
fn files_with_reports(dir: &Path) -> HashMap<String, Value> {
    let mut found = HashMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if !name.ends_with(".json") || name.starts_with('.') {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Most of the 5,000 files never name the type: not parsed.
            if !text.contains("DiagnosticReport") {
                continue;
            }
            let Ok(value) = serde_json::from_str::<Value>(&text) else { continue };
            if !resources(&value).iter().any(|r| r["resourceType"] == "DiagnosticReport") {
                continue;
            }
            let relative = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            found.insert(relative, value);
        }
    }
    found
}

/// Every resource in a file: itself, Bundle entries and contained resources, at any depth.
fn resources(value: &Value) -> Vec<&Value> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(resource) = stack.pop() {
        if resource.get("resourceType").is_none() {
            continue;
        }
        found.push(resource);
        for entry in resource["entry"].as_array().into_iter().flatten() {
            stack.extend(entry.get("resource"));
        }
        stack.extend(resource["contained"].as_array().into_iter().flatten());
    }
    found
}

fn report_count(file: &Value) -> usize {
    resources(file).iter().filter(|r| r["resourceType"] == "DiagnosticReport").count()
}

/// The text to import for a variant; None when the variant would not change the file.
fn variant_text(dir: &Path, file: &str, example: &Value, variant: Variant) -> Option<String> {
    match variant {
        AsPublished => Some(std::fs::read_to_string(dir.join(file)).unwrap()),
        WithValidSsin => {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let valid = NationalRegisterNumber::for_birth_date(1979, 12, 11, 2).unwrap();
            text.contains(BE_SSIN).then(|| text.replace(BE_SSIN, valid.digits()))
        }
        WithReferencedResources => {
            let package = dir.join(file).parent().unwrap().to_path_buf();
            let added = referenced_resources(&package, example);
            if added.is_empty() {
                return None;
            }
            let entry: Vec<Value> = std::iter::once(example.clone())
                .chain(added)
                .map(|resource| json!({ "resource": resource }))
                .collect();
            Some(
                json!({ "resourceType": "Bundle", "type": "collection", "entry": entry })
                    .to_string(),
            )
        }
    }
}

/// The package's resources that `example` refers to (`Type/id`) and does not hold, and
/// those they refer to in turn: only the kinds the import reads.
fn referenced_resources(package: &Path, example: &Value) -> Vec<Value> {
    const KINDS: [&str; 5] =
        ["Patient", "Observation", "Practitioner", "PractitionerRole", "Organization"];
    let mut held: HashSet<String> = resources(example)
        .iter()
        .filter_map(|r| Some(format!("{}/{}", r["resourceType"].as_str()?, r["id"].as_str()?)))
        .collect();
    let mut added = Vec::new();
    let mut queue = vec![example.clone()];
    while let Some(resource) = queue.pop() {
        for reference in references(&resource) {
            let Some((kind, id)) = reference.split_once('/') else { continue };
            if !KINDS.contains(&kind) || id.contains('/') || held.contains(&reference) {
                continue;
            }
            held.insert(reference.clone());
            let path = package.join(format!("{kind}-{id}.json"));
            if let Ok(text) = std::fs::read_to_string(path) {
                let found: Value = serde_json::from_str(&text).unwrap();
                queue.push(found.clone());
                added.push(found);
            }
        }
    }
    added
}

/// Every `reference` string in a resource, at any depth.
fn references(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("reference") {
                    found.push(reference.clone());
                }
                stack.extend(object.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// The hospitals and patients registered so far.
#[derive(Default)]
struct Setup {
    /// Patients by (EAD, register number) as registered.
    patients: HashMap<(Option<String>, Option<String>), String>,
}

impl Setup {
    /// A hospital of its own for one file, whose patient-number system is the one the
    /// file's patients use, and those patients, where their identifiers allow it.
    async fn hospital_and_patients(&mut self, server: &TestServer, hospital: &str, file: &Value) {
        let patients: Vec<&Value> =
            resources(file).into_iter().filter(|r| r["resourceType"] == "Patient").collect();
        let identifiers: Vec<(&str, &str)> = patients
            .iter()
            .flat_map(|p| p["identifier"].as_array().into_iter().flatten())
            .chain(
                resources(file)
                    .iter()
                    .filter(|r| r["resourceType"] == "DiagnosticReport")
                    .filter_map(|r| r["subject"].get("identifier")),
            )
            .filter_map(|i| Some((i["system"].as_str()?, i["value"].as_str()?)))
            .collect();
        let system = identifiers
            .iter()
            .find(|(system, _)| !SSIN_SYSTEMS.contains(system))
            .map(|(system, _)| system.to_string());
        staff::add_hospital(
            &server.test.state,
            &NewHospital {
                id: hospital.to_owned(),
                name: format!("Example hospital {hospital}"),
                city: "Leuven".into(),
                reports_visible_from: dossier_server::clock::date(2000, 1, 1),
                shares_child_reports: true,
                patient_number_system: system.clone(),
            },
        )
        .await
        .unwrap();
        for patient in patients {
            let ids: Vec<(&str, &str)> = patient["identifier"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| Some((i["system"].as_str()?, i["value"].as_str()?)))
                .collect();
            let ead = ids.iter().find(|(s, _)| Some(s.to_string()) == system).map(|(_, v)| *v);
            let nrn = ids
                .iter()
                .filter(|(s, _)| SSIN_SYSTEMS.contains(s))
                .find_map(|(_, v)| NationalRegisterNumber::parse(v).ok());
            self.register(server, patient, ead, nrn).await;
        }
    }

    /// Registers a patient unless one with these identifiers is; an EAD our desk would
    /// refuse (not 6 to 12 digits) means the patient cannot be registered.
    async fn register(
        &mut self,
        server: &TestServer,
        patient: &Value,
        ead: Option<&str>,
        nrn: Option<NationalRegisterNumber>,
    ) {
        let key = (ead.map(str::to_owned), nrn.as_ref().map(|n| n.digits().to_owned()));
        if (key.0.is_none() && key.1.is_none()) || self.patients.contains_key(&key) {
            return;
        }
        let ead_number = match ead {
            Some(ead) => ead.to_owned(),
            None => format!("{}", 30_000_000 + self.patients.len()),
        };
        let born = patient["birthDate"]
            .as_str()
            .and_then(dossier_api::dates::parse_iso)
            .unwrap_or(dossier_server::clock::date(1980, 1, 1));
        let new = NewPatient {
            ead_number,
            national_register_number: nrn.clone(),
            given_name: "Example".into(),
            family_name: format!("Patient {}", self.patients.len() + 1),
            date_of_birth: born,
            date_of_death: None,
            email: None,
            street: "Bondgenotenlaan 1".into(),
            postal_code: "3000".into(),
            city: "Leuven".into(),
            country: "BE".into(),
            language: Language::Nl,
        };
        if let Some(number) = &nrn {
            dossier_test_kit::logs::record_secrets([number.digits()]);
        }
        match staff::register_patient(&server.test.state, &new).await {
            Ok(id) => {
                self.patients.insert(key, id);
            }
            Err(ServerError::InvalidInput(why)) => eprintln!("patient not registered: {why}"),
            Err(e) => panic!("{e}"),
        }
    }
}

/// What an import did, in words for the table and as an [`Outcome`] for the checks.
struct Found {
    summary: String,
    as_expectation: String,
    imported: Option<(usize, usize)>,
    refused: Vec<(String, String)>,
    /// Lab values stored unlike the file says.
    value_problems: Vec<String>,
}

impl Found {
    fn check(&self, expected: Outcome) -> Option<String> {
        match (expected, self.imported) {
            (Imported { reports, values }, Some(found)) if found == (reports, values) => {
                (!self.value_problems.is_empty()).then(|| self.value_problems.join("; "))
            }
            (Refused(expected), None) if !self.refused.is_empty() => {
                let matches = expected.len() == self.refused.len()
                    && expected.iter().zip(&self.refused).all(|((resource, reason), found)| {
                        *resource == found.0
                            && reason.split("; ").all(|part| found.1.contains(part))
                    });
                (!matches).then(|| "refused otherwise than expected".to_owned())
            }
            _ => Some("another outcome than expected".into()),
        }
    }
}

async fn describe(
    server: &TestServer,
    hospital: &str,
    file: &Value,
    result: Result<staff::ImportSummary, ServerError>,
) -> Found {
    match result {
        Ok(summary) => {
            let reports = summary.new + summary.updated + summary.unchanged;
            let (values, value_problems) = check_values(server, hospital, file).await;
            let kept_out = if summary.kept_out.is_empty() {
                String::new()
            } else {
                format!(", {} kept out", summary.kept_out.len())
            };
            Found {
                summary: format!("imported ({values} values{kept_out})"),
                as_expectation: format!("Imported {{ reports: {reports}, values: {values} }}"),
                imported: Some((reports, values)),
                refused: Vec::new(),
                value_problems,
            }
        }
        Err(ServerError::Import(ImportError::Refused(problems))) => {
            let refused: Vec<(String, String)> =
                problems.iter().map(|p| (p.resource.clone(), p.reason.clone())).collect();
            let first = &refused[0].1;
            let more = match refused.len() {
                1 => String::new(),
                n => format!(" (and {} more alike)", n - 1),
            };
            Found {
                summary: format!("refused: {first}{more}"),
                as_expectation: format!(
                    "Refused(&[{}])",
                    refused
                        .iter()
                        .map(|(res, why)| format!("({res:?}, {why:?})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                imported: None,
                refused,
                value_problems: Vec::new(),
            }
        }
        Err(other) => Found {
            summary: format!("error: {other}"),
            as_expectation: format!("error: {other}"),
            imported: None,
            refused: Vec::new(),
            value_problems: Vec::new(),
        },
    }
}

/// The values stored for every report of the file, against the file: as many as the
/// reachable Observations give (each Observation with a value or without members and
/// components, and each component), each coded and numbered value found with its code
/// and number, each H/L interpretation as its flag. Returns the number stored.
async fn check_values(server: &TestServer, hospital: &str, file: &Value) -> (usize, Vec<String>) {
    let mut stored_total = 0;
    let mut problems = Vec::new();
    for report in resources(file).into_iter().filter(|r| r["resourceType"] == "DiagnosticReport") {
        let Some(source_id) = report["id"].as_str() else { continue };
        let row: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT lab_values FROM reports WHERE hospital_id = $1 AND source_id = $2",
        )
        .bind(hospital)
        .bind(source_id)
        .fetch_optional(server.test.state.db.pool())
        .await
        .unwrap();
        let Some((stored,)) = row else {
            problems.push(format!("DiagnosticReport/{source_id} not stored"));
            continue;
        };
        let stored: Vec<LabValue> =
            stored.map(|json| serde_json::from_str(&json).unwrap()).unwrap_or_default();
        stored_total += stored.len();
        let expected = expected_values(file, report);
        if expected.len() != stored.len() {
            problems.push(format!(
                "DiagnosticReport/{source_id}: {} values in the file, {} stored",
                expected.len(),
                stored.len()
            ));
        }
        for value in &expected {
            if !stored.iter().any(|s| value.matches(s)) {
                problems.push(format!("DiagnosticReport/{source_id}: {value:?} not stored"));
            }
        }
    }
    (stored_total, problems)
}

/// A value the file gives, as far as this test checks it.
#[derive(Debug)]
struct ExpectedValue {
    loinc: Option<String>,
    number: Option<f64>,
    flag: Option<LabFlag>,
}

impl ExpectedValue {
    fn of(element: &Value) -> Self {
        let loinc = element["code"]["coding"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["system"] == "http://loinc.org")
            .and_then(|c| c["code"].as_str().map(str::to_owned));
        let flag = element["interpretation"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|i| i["coding"].as_array().into_iter().flatten())
            .find_map(|c| match c["code"].as_str()? {
                "H" | "HH" => Some(LabFlag::High),
                "L" | "LL" => Some(LabFlag::Low),
                _ => None,
            });
        let number = element["valueQuantity"]["value"].as_f64();
        ExpectedValue { loinc, number, flag }
    }

    fn matches(&self, stored: &LabValue) -> bool {
        let code_ok = self.loinc.as_ref().is_none_or(|loinc| {
            stored.code.as_ref().is_some_and(|c| &c.code == loinc && c.system == "http://loinc.org")
        });
        let number_ok = self.number.is_none_or(|n| {
            let digits = stored.value.trim_start_matches(['<', '>', '=']);
            digits.parse::<f64>().is_ok_and(|v| v == n)
        });
        code_ok && number_ok && self.flag.is_none_or(|flag| stored.flag == flag)
    }
}

/// The values a report's results give, walked here without the importer's code: every
/// Observation reachable through `result` and `hasMember` once, cancelled and
/// entered-in-error ones left out.
fn expected_values(file: &Value, report: &Value) -> Vec<ExpectedValue> {
    let all = resources(file);
    let find = |reference: &str| -> Option<&Value> {
        if let Some(local) = reference.strip_prefix('#') {
            return report["contained"].as_array()?.iter().find(|c| c["id"] == local);
        }
        let (kind, id) = reference
            .rsplit_once('/')
            .map_or(("", reference), |(k, id)| (k.rsplit('/').next().unwrap_or(k), id));
        all.iter()
            .copied()
            .find(|r| r["resourceType"] == kind && r["id"] == id)
            .or_else(|| full_url_target(file, reference))
    };
    let mut seen: HashSet<*const Value> = HashSet::new();
    let mut values = Vec::new();
    let mut queue: Vec<&Value> = report["result"].as_array().into_iter().flatten().collect();
    while let Some(reference) = queue.pop() {
        let Some(observation) = reference["reference"].as_str().and_then(find) else { continue };
        if !seen.insert(observation) {
            continue;
        }
        if matches!(observation["status"].as_str(), Some("cancelled" | "entered-in-error")) {
            continue;
        }
        let members = observation["hasMember"].as_array().map_or(0, Vec::len);
        let components = observation["component"].as_array().map_or(&[][..], Vec::as_slice);
        let has_value = observation
            .as_object()
            .unwrap()
            .keys()
            .any(|k| (k.starts_with("value") && k.len() > 5) || k == "dataAbsentReason");
        if has_value || (members == 0 && components.is_empty()) {
            values.push(ExpectedValue::of(observation));
        }
        values.extend(components.iter().map(ExpectedValue::of));
        queue.extend(observation["hasMember"].as_array().into_iter().flatten());
    }
    values
}

/// The resource of the entry whose fullUrl is `url`.
fn full_url_target<'a>(file: &'a Value, url: &str) -> Option<&'a Value> {
    let mut stack = vec![file];
    while let Some(bundle) = stack.pop() {
        for entry in bundle["entry"].as_array().into_iter().flatten() {
            if entry["fullUrl"] == url {
                return entry.get("resource");
            }
            stack.extend(entry.get("resource"));
        }
    }
    None
}
