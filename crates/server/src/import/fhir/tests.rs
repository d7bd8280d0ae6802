//! The FHIR reading rules, one test each, on small inline files.

use crate::clock::date;
use dossier_api::{
    NationalRegisterNumber,
    reports::{LabFlag, LabTestCode, LabValue, ReportType},
};
use serde_json::{Value, json};

use super::*;
use crate::{import::PatientIdentity, reports::IncomingStatus};

const HZK: FhirSource<'static> =
    FhirSource { hospital_id: "hzk", patient_number_system: Some("urn:ead") };
const EAD: &str = "10482231";
const SSIN: &str = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin";

/// The bundle the first version of this importer was written against.
const BUNDLE: &str = r#"{
  "resourceType": "Bundle", "type": "collection",
  "entry": [
    { "resource": { "resourceType": "DiagnosticReport", "id": "lab-1", "status": "final",
        "category": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "LAB" }] }],
        "code": { "text": "Bloedonderzoek" },
        "subject": { "identifier": { "system": "urn:ead", "value": "10482231" } },
        "effectiveDateTime": "2025-02-03T08:10:00+01:00", "issued": "2025-02-03T15:00:00Z",
        "performer": [{ "display": "Dr. L. Maes" }],
        "result": [{ "reference": "Observation/hb" }, { "reference": "Observation/crp" }],
        "conclusion": "Licht verhoogde CRP." } },
    { "resource": { "resourceType": "Observation", "id": "hb", "status": "final",
        "code": { "coding": [{ "system": "http://loinc.org", "code": "718-7", "display": "Hemoglobine" }] },
        "valueQuantity": { "value": 13.9, "unit": "g/dL" },
        "referenceRange": [{ "low": { "value": 12.0 }, "high": { "value": 16.0 } }],
        "interpretation": [{ "coding": [{ "code": "N" }] }] } },
    { "resource": { "resourceType": "Observation", "id": "crp", "status": "final",
        "code": { "text": "CRP" }, "valueQuantity": { "value": 12.0, "unit": "mg/L" },
        "referenceRange": [{ "text": "< 5" }],
        "interpretation": [{ "coding": [{ "code": "H" }] }] } },
    { "resource": { "resourceType": "DiagnosticReport", "id": "rad-1", "status": "final",
        "meta": { "security": [{ "code": "R" }] },
        "category": [{ "coding": [{ "code": "RAD" }] }], "code": { "text": "RX thorax" },
        "subject": { "identifier": { "system": "urn:ead", "value": "10482231" } },
        "effectiveDateTime": "2025-02-04", "issued": "2025-02-05T09:00:00Z" } },
    { "resource": { "resourceType": "DiagnosticReport", "id": "ecg-1", "status": "preliminary",
        "category": [{ "coding": [{ "code": "EC" }] }], "code": { "text": "ECG" },
        "subject": { "identifier": { "system": "urn:ead", "value": "10482231" } }, "effectiveDateTime": "2025-02-06" } }
  ] }"#;

/// A final lab report about the EAD patient, with `extra` fields merged in (null removes).
fn report(extra: Value) -> Value {
    let mut report = json!({
        "resourceType": "DiagnosticReport", "id": "r1", "status": "final",
        "code": { "text": "Labo" },
        "subject": { "identifier": { "system": "urn:ead", "value": EAD } },
        "effectiveDateTime": "2025-03-10", "issued": "2025-03-11T09:00:00Z" });
    merge(&mut report, extra);
    report
}

fn merge(target: &mut Value, extra: Value) {
    for (key, value) in extra.as_object().cloned().unwrap_or_default() {
        if value.is_null() {
            target.as_object_mut().unwrap().remove(&key);
        } else {
            target[key] = value;
        }
    }
}

fn collection(resources: Vec<Value>) -> String {
    let entry: Vec<Value> = resources.into_iter().map(|r| json!({ "resource": r })).collect();
    json!({ "resourceType": "Bundle", "type": "collection", "entry": entry }).to_string()
}

fn observation(id: &str, extra: Value) -> Value {
    let mut observation = json!({ "resourceType": "Observation", "id": id, "status": "final",
                                  "code": { "text": id } });
    merge(&mut observation, extra);
    observation
}

fn results(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| json!({ "reference": format!("Observation/{id}") })).collect())
}

fn import(text: &str) -> Vec<ImportedReport> {
    from_fhir(text, &HZK).unwrap_or_else(|e| panic!("{e}"))
}

fn only(text: &str) -> crate::reports::IncomingReport {
    let mut reports = import(text);
    assert_eq!(reports.len(), 1);
    reports.remove(0).report
}

fn values(resources: Vec<Value>) -> Vec<LabValue> {
    only(&collection(resources)).lab_values
}

fn refused(text: &str) -> Vec<ImportProblem> {
    match from_fhir(text, &HZK) {
        Err(ImportError::Refused(problems)) => problems,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn single_reason(text: &str) -> String {
    let problems = refused(text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems[0].reason.clone()
}

#[test]
fn reads_diagnostic_reports_with_their_observations() {
    let reports = import(BUNDLE);
    assert_eq!(reports.len(), 3);
    let lab = &reports[0].report;
    assert_eq!(reports[0].resource, "DiagnosticReport/lab-1");
    assert_eq!(reports[0].patient, PatientIdentity::ead("10482231"));
    assert_eq!(lab.hospital_id, "hzk");
    assert_eq!(lab.source_id, "lab-1");
    assert_eq!(lab.report_type, ReportType::LabResult);
    assert_eq!(lab.title, "Bloedonderzoek");
    assert_eq!(lab.author, "Dr. L. Maes");
    assert_eq!(lab.performed_on, date(2025, 2, 3));
    assert_eq!(
        lab.status,
        IncomingStatus::Validated { at: "2025-02-03T15:00:00Z".parse().unwrap() }
    );
    assert_eq!(lab.body, "Licht verhoogde CRP.");
    assert_eq!(lab.lab_values.len(), 2);
    assert_eq!(lab.lab_values[0].analyte, "Hemoglobine");
    assert_eq!(lab.lab_values[0].value, "13.9");
    assert_eq!(lab.lab_values[0].unit.as_deref(), Some("g/dL"));
    assert_eq!(lab.lab_values[0].reference_range.as_deref(), Some("12 - 16"));
    assert_eq!(
        lab.lab_values[0].code,
        Some(LabTestCode { system: "http://loinc.org".into(), code: "718-7".into() })
    );
    assert_eq!(lab.lab_values[1].flag, LabFlag::High);
    assert_eq!(lab.lab_values[1].reference_range.as_deref(), Some("< 5"));
    assert!(matches!(reports[1].report.status, IncomingStatus::Protected { .. }));
    assert_eq!(reports[1].report.report_type, ReportType::Radiology);
    assert_eq!(reports[2].report.status, IncomingStatus::Draft);
    assert_eq!(reports[2].report.report_type, ReportType::Functional);
}

#[test]
fn refuses_what_is_not_fhir_and_what_lacks_a_patient() {
    assert!(matches!(from_fhir("{ not json", &HZK), Err(ImportError::Unreadable(_))));
    assert!(matches!(from_fhir(r#"{"reports": []}"#, &HZK), Err(ImportError::Unreadable(_))));
    let no_subject = BUNDLE.replace(
        r#""identifier": { "system": "urn:ead", "value": "10482231" } },
        "effectiveDateTime": "2025-02-03"#,
        r#""reference": "Patient/1" },
        "effectiveDateTime": "2025-02-03"#,
    );
    let problems = refused(&no_subject);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].resource, "DiagnosticReport/lab-1");
    assert!(problems[0].reason.contains("a resource that is not in the file"), "{problems:?}");
}

#[test]
fn a_file_without_a_report_is_nothing_to_import() {
    for text in [
        r#"{"resourceType": "Patient", "id": "p"}"#.to_owned(),
        r#"{"resourceType": "Bundle", "type": "collection"}"#.to_owned(),
        collection(vec![observation("hb", json!({ "valueQuantity": { "value": 14 } }))]),
    ] {
        assert_eq!(from_fhir(&text, &HZK), Err(ImportError::NothingToImport), "{text}");
    }
}

#[test]
fn every_refused_report_is_listed_with_every_reason() {
    let text = collection(vec![
        report(json!({ "id": "ok" })),
        report(json!({ "id": "a", "status": "unknown", "subject": { "display": "J. Peeters" } })),
        report(
            json!({ "id": "b", "result": results(&["missing"]), "effectiveDateTime": "03/10/2025" }),
        ),
    ]);
    let problems = refused(&text);
    let listed: Vec<&str> = problems.iter().map(|p| p.resource.as_str()).collect();
    assert_eq!(listed, ["DiagnosticReport/a", "DiagnosticReport/b"]);
    assert!(problems[0].reason.contains("neither a reference nor an identifier"), "{problems:?}");
    assert!(problems[0].reason.contains("unknown status 'unknown'"), "{problems:?}");
    assert!(problems[1].reason.contains("result Observation/missing is not in the file"));
    assert!(problems[1].reason.contains("effectiveDateTime is not a FHIR date"));
}

#[test]
fn finds_the_patient_in_the_bundle_by_relative_absolute_and_uuid_references() {
    let nrn = "85073003328";
    let patient = json!({ "resourceType": "Patient", "id": "p1",
        "identifier": [{ "system": SSIN, "value": nrn }] });
    for (full_url, reference) in [
        (json!(null), "Patient/p1"),
        (json!("https://h.example/fhir/Patient/p1"), "https://h.example/fhir/Patient/p1"),
        (
            json!("urn:uuid:9d2e1f4a-0000-4000-8000-00000000000a"),
            "urn:uuid:9d2e1f4a-0000-4000-8000-00000000000a",
        ),
    ] {
        let mut patient_entry = json!({ "resource": patient });
        if !full_url.is_null() {
            patient_entry["fullUrl"] = full_url;
        }
        let text = json!({ "resourceType": "Bundle", "type": "collection", "entry": [
            { "resource": report(json!({ "subject": { "reference": reference } })) },
            patient_entry ] });
        let reports = import(&text.to_string());
        assert_eq!(
            reports[0].patient,
            PatientIdentity::national_register_number(NationalRegisterNumber::parse(nrn).unwrap()),
            "{reference}"
        );
    }
}

#[test]
fn a_national_register_number_that_fails_its_check_digits_refuses_the_report() {
    let text = collection(vec![report(json!({
        "subject": { "identifier": { "system": SSIN, "value": "79121137740" } } }))]);
    let reason = single_reason(&text);
    assert!(reason.contains("national register number"), "{reason}");
    assert!(!reason.contains("79121137740"), "never the number itself: {reason}");
}

#[test]
fn reads_every_kind_of_bundle() {
    let lab = |id: &str| report(json!({ "id": id, "result": results(&["hb"]) }));
    let hb = observation("hb", json!({ "valueQuantity": { "value": 14, "unit": "g/dL" } }));
    let entries = |resources: Vec<Value>| -> Vec<Value> {
        resources.into_iter().map(|r| json!({ "resource": r })).collect()
    };
    let transaction = json!({ "resourceType": "Bundle", "type": "transaction", "entry": [
        { "fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
          "resource": report(json!({ "id": null, "result": [{ "reference": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0b" }] })),
          "request": { "method": "POST", "url": "DiagnosticReport" } },
        { "fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0b",
          "resource": { "resourceType": "Observation", "status": "final", "code": { "text": "hb" },
                        "valueQuantity": { "value": 14 } },
          "request": { "method": "POST", "url": "Observation" } } ] });
    let document = json!({ "resourceType": "Bundle", "type": "document", "entry": entries(vec![
        json!({ "resourceType": "Composition", "id": "c", "status": "final", "title": "Labo",
                "section": [{ "entry": [{ "reference": "DiagnosticReport/doc" }] }] }),
        lab("doc"), hb.clone()]) });
    let mut searchset = json!({ "resourceType": "Bundle", "type": "searchset", "entry": entries(vec![
        lab("found"), hb.clone(),
        json!({ "resourceType": "OperationOutcome", "issue": [] })]) });
    searchset["entry"][1]["search"] = json!({ "mode": "include" });
    let message = json!({ "resourceType": "Bundle", "type": "message", "entry": entries(vec![
        json!({ "resourceType": "MessageHeader", "id": "m", "focus": [{ "reference": "DiagnosticReport/msg" }] }),
        lab("msg"), hb.clone()]) });
    for (kind, file, source_id) in [
        ("transaction", transaction, "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"),
        ("document", document, "doc"),
        ("searchset", searchset, "found"),
        ("message", message, "msg"),
    ] {
        let report = only(&file.to_string());
        assert_eq!(report.source_id, source_id, "{kind}");
        assert_eq!(report.lab_values.len(), 1, "{kind}");
        assert_eq!(report.lab_values[0].value, "14", "{kind}");
    }
}

#[test]
fn reads_bundles_nested_in_bundles_each_with_its_own_observations() {
    let inner = |n: u32| {
        json!({ "resourceType": "Bundle", "type": "collection", "entry": [
            { "fullUrl": format!("https://lab.example/DiagnosticReport/{n}"),
              "resource": report(json!({ "id": n.to_string(), "result": results(&["o1"]) })) },
            { "fullUrl": format!("https://lab.example/Observation/o1-{n}"),
              "resource": observation("o1", json!({ "valueInteger": n })) } ] })
    };
    let outer = json!({ "resourceType": "Bundle", "type": "collection",
        "entry": (1..=17).map(|n| json!({ "resource": inner(n) })).collect::<Vec<_>>() });
    let reports = import(&outer.to_string());
    assert_eq!(reports.len(), 17);
    for (n, imported) in (1..=17).zip(&reports) {
        assert_eq!(imported.report.lab_values[0].value, n.to_string());
    }
}

#[test]
fn a_lone_report_imports_with_contained_observations_and_a_logical_subject() {
    let lone = report(json!({
        "contained": [
            observation("k", json!({ "valueQuantity": { "value": 4.1, "unit": "mmol/L" } })),
            observation("na", json!({ "valueQuantity": { "value": 139, "unit": "mmol/L" } })) ],
        "result": [{ "reference": "#k" }, { "reference": "#na" }] }));
    assert_eq!(only(&lone.to_string()).lab_values.len(), 2);
    let with_contained_patient = report_with_contained_patient();
    assert_eq!(import(&with_contained_patient.to_string())[0].patient, PatientIdentity::ead(EAD));
    let outside = report(json!({ "subject": { "reference": "Patient/p" },
                                 "result": results(&["elsewhere"]) }));
    let reason = single_reason(&outside.to_string());
    assert!(
        reason.contains("the subject refers to a resource that is not in the file"),
        "{reason}"
    );
    assert!(reason.contains("result Observation/elsewhere is not in the file"), "{reason}");
}

fn report_with_contained_patient() -> Value {
    report(json!({
        "contained": [{ "resourceType": "Patient", "id": "p",
                        "identifier": [{ "system": "urn:ead", "value": EAD }] }],
        "subject": { "reference": "#p" } }))
}

#[test]
fn follows_nested_panels_and_names_each_value_s_panel() {
    let values = values(vec![
        report(json!({ "result": results(&["cbc", "culture"]) })),
        observation(
            "cbc",
            json!({ "code": { "text": "Bloedbeeld" },
            "hasMember": [{ "reference": "Observation/hb" }, { "reference": "Observation/diff" }] }),
        ),
        observation("hb", json!({ "valueQuantity": { "value": 14 } })),
        observation(
            "diff",
            json!({ "code": { "text": "Formule" },
            "hasMember": [{ "reference": "Observation/neutro" }, { "reference": "Observation/cbc" }] }),
        ),
        observation("neutro", json!({ "valueQuantity": { "value": 61, "unit": "%" } })),
        observation(
            "culture",
            json!({ "code": { "text": "Kweek" },
            "valueCodeableConcept": { "coding": [{ "display": "Escherichia coli" }] },
            "hasMember": [{ "reference": "Observation/amox" }, { "reference": "Observation/hb" }] }),
        ),
        observation(
            "amox",
            json!({ "code": { "text": "Amoxicilline" },
            "interpretation": [{ "coding": [{ "code": "R" }] }] }),
        ),
    ]);
    let shown: Vec<(&str, &str, Option<&str>, LabFlag)> = values
        .iter()
        .map(|v| (v.analyte.as_str(), v.value.as_str(), v.panel.as_deref(), v.flag))
        .collect();
    assert_eq!(
        shown,
        [
            ("hb", "14", Some("Bloedbeeld"), LabFlag::Normal),
            ("neutro", "61", Some("Formule"), LabFlag::Normal),
            ("Kweek", "Escherichia coli", None, LabFlag::Normal),
            ("Amoxicilline", "Resistant", Some("Kweek: Escherichia coli"), LabFlag::Abnormal),
        ],
        "each value once, the cycle back to the panel and the repeated hb add nothing"
    );
}

#[test]
fn each_component_is_a_value() {
    let values = values(vec![
        report(json!({ "result": results(&["bp"]) })),
        observation(
            "bp",
            json!({ "code": { "text": "Bloeddruk" }, "component": [
            { "code": { "coding": [{ "system": "http://loinc.org", "code": "8480-6", "display": "Systolisch" }] },
              "valueQuantity": { "value": 152, "unit": "mm[Hg]" },
              "referenceRange": [{ "high": { "value": 140 } }] },
            { "code": { "text": "Diastolisch" }, "valueQuantity": { "value": 85, "code": "mm[Hg]" } } ] }),
        ),
    ]);
    assert_eq!(values.len(), 2);
    assert_eq!((values[0].analyte.as_str(), values[0].flag), ("Systolisch", LabFlag::High));
    assert_eq!(values[0].panel.as_deref(), Some("Bloeddruk"));
    assert_eq!(values[0].code.as_ref().map(|c| c.code.as_str()), Some("8480-6"));
    assert_eq!(values[1].unit.as_deref(), Some("mm[Hg]"), "the UCUM code when no unit");
}

#[test]
fn reads_every_kind_of_value() {
    let cases = [
        (
            json!({ "valueQuantity": { "value": 4.5, "comparator": "<", "unit": "mg/L" } }),
            "<4.5",
            Some("mg/L"),
        ),
        (json!({ "valueString": "negatief" }), "negatief", None),
        (
            json!({ "valueCodeableConcept": { "coding": [{ "code": "POS", "display": "Positief" }] } }),
            "Positief",
            None,
        ),
        (json!({ "valueInteger": 3 }), "3", None),
        (json!({ "valueBoolean": true }), "yes", None),
        (
            json!({ "valueRange": { "low": { "value": 2, "unit": "g" }, "high": { "value": 4 } } }),
            "2 - 4",
            Some("g"),
        ),
        (
            json!({ "valueRatio": { "numerator": { "value": 1 }, "denominator": { "value": 128 } } }),
            "1:128",
            None,
        ),
        (
            json!({ "dataAbsentReason": { "coding": [{ "code": "not-performed" }] } }),
            "Not Performed",
            None,
        ),
        (
            json!({ "dataAbsentReason": { "coding": [{ "code": "error", "display": "Hemolysed" }] },
                 "interpretation": [{ "coding": [{ "code": "H" }] }] }),
            "Hemolysed",
            None,
        ),
    ];
    for (value, shown, unit) in cases {
        let values = values(vec![
            report(json!({ "result": results(&["x"]) })),
            observation("x", value.clone()),
        ]);
        assert_eq!((values[0].value.as_str(), values[0].unit.as_deref()), (shown, unit), "{value}");
        if value.get("dataAbsentReason").is_some() {
            assert_eq!(values[0].flag, LabFlag::Normal, "an absent value is never flagged");
        }
    }
}

#[test]
fn flags_from_the_interpretation_else_from_the_range() {
    let case = |extra: Value| {
        let mut observation = observation("x", json!({}));
        merge(&mut observation, extra);
        values(vec![report(json!({ "result": results(&["x"]) })), observation])[0].flag
    };
    let cholesterol = json!({ "valueQuantity": { "value": 9.8, "unit": "mmol/L" },
                              "referenceRange": [{ "high": { "value": 5.0 } }] });
    assert_eq!(case(cholesterol.clone()), LabFlag::High, "far above its range, no interpretation");
    let mut said_normal = cholesterol.clone();
    said_normal["interpretation"] = json!([{ "coding": [{ "code": "N" }] }]);
    assert_eq!(case(said_normal), LabFlag::Normal, "the source's interpretation wins");
    let mut unknown_code = cholesterol;
    unknown_code["interpretation"] = json!([{ "coding": [{ "code": "??" }] }]);
    assert_eq!(case(unknown_code), LabFlag::High, "an interpretation we cannot read says nothing");
    assert_eq!(
        case(
            json!({ "valueQuantity": { "value": 2.9 }, "referenceRange": [{ "text": "3,5 - 5,1" }] })
        ),
        LabFlag::Low
    );
    assert_eq!(
        case(json!({ "valueString": "<0.1", "referenceRange": [{ "low": { "value": 0.5 } }] })),
        LabFlag::Low
    );
    for (code, flag) in [
        ("HH", LabFlag::High),
        ("HU", LabFlag::High),
        ("LL", LabFlag::Low),
        ("LU", LabFlag::Low),
        ("AA", LabFlag::Abnormal),
        ("POS", LabFlag::Abnormal),
        ("DET", LabFlag::Abnormal),
        ("NEG", LabFlag::Normal),
        ("ND", LabFlag::Normal),
    ] {
        let interpretation = json!({ "valueString": "x",
            "interpretation": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": code }] }] });
        assert_eq!(case(interpretation), flag, "{code}");
    }
}

#[test]
fn picks_the_reference_range_for_the_patient() {
    let ranges = json!([
        { "low": { "value": 13.5 }, "high": { "value": 17.5 },
          "appliesTo": [{ "coding": [{ "system": "http://snomed.info/sct", "code": "248153007" }] }] },
        { "low": { "value": 12.0 }, "high": { "value": 16.0 },
          "appliesTo": [{ "coding": [{ "system": "http://snomed.info/sct", "code": "248152002" }] }] },
        { "low": { "value": 11.0 }, "high": { "value": 14.0 },
          "age": { "low": { "value": 1, "code": "a" }, "high": { "value": 12, "code": "a" } } },
        { "low": { "value": 12.5 }, "high": { "value": 17.0 } } ]);
    let hb =
        observation("hb", json!({ "valueQuantity": { "value": 13 }, "referenceRange": ranges }));
    let range_for = |patient: Option<Value>| {
        let mut resources = vec![
            report(json!({ "result": results(&["hb"]), "subject": { "reference": "Patient/p" } })),
            hb.clone(),
        ];
        resources.push(patient.unwrap_or_else(|| {
            json!({ "resourceType": "Patient", "id": "p",
            "identifier": [{ "system": "urn:ead", "value": EAD }] })
        }));
        let values = values(resources);
        (values[0].reference_range.clone().unwrap(), values[0].flag)
    };
    let patient = |gender: &str, born: &str| {
        Some(json!({ "resourceType": "Patient", "id": "p", "gender": gender, "birthDate": born,
                     "identifier": [{ "system": "urn:ead", "value": EAD }] }))
    };
    assert_eq!(range_for(patient("male", "1980-01-01")), ("13.5 - 17.5".into(), LabFlag::Low));
    assert_eq!(range_for(patient("female", "1980-01-01")), ("12 - 16".into(), LabFlag::Normal));
    assert_eq!(range_for(patient("other", "2020-01-01")), ("11 - 14".into(), LabFlag::Normal));
    assert_eq!(
        range_for(None),
        ("12.5 - 17".into(), LabFlag::Normal),
        "the first without conditions"
    );
    let only_conditioned = observation(
        "hb",
        json!({ "valueQuantity": { "value": 13 },
        "referenceRange": [ranges[0].clone(), ranges[1].clone()] }),
    );
    let values = values(vec![report(json!({ "result": results(&["hb"]) })), only_conditioned]);
    assert_eq!(values[0].reference_range.as_deref(), Some("13.5 - 17.5"), "else the first");
}

#[test]
fn keeps_the_loinc_code_else_the_first_coding() {
    let values = values(vec![
        report(json!({ "result": results(&["a", "b"]) })),
        observation(
            "a",
            json!({ "valueInteger": 1, "code": { "coding": [
            { "system": "https://lab.example/codes", "code": "NA" },
            { "system": "http://loinc.org", "code": "2951-2", "display": "Sodium" } ] } }),
        ),
        observation(
            "b",
            json!({ "valueInteger": 1, "code": { "coding": [
            { "system": "https://lab.example/codes", "code": "GLU", "display": "Glucose" } ] } }),
        ),
    ]);
    assert_eq!(values[0].code.as_ref().unwrap().code, "2951-2");
    assert_eq!(values[0].analyte, "Sodium");
    assert_eq!(values[1].code.as_ref().unwrap().system, "https://lab.example/codes");
}

#[test]
fn leaves_out_cancelled_observations_and_refuses_ones_about_someone_else() {
    let resources = vec![
        report(json!({ "subject": { "reference": "Patient/p" }, "result": results(&["a", "b"]) })),
        json!({ "resourceType": "Patient", "id": "p", "identifier": [{ "system": "urn:ead", "value": EAD }] }),
        json!({ "resourceType": "Patient", "id": "q", "identifier": [{ "system": "urn:ead", "value": "10482232" }] }),
        observation("a", json!({ "valueInteger": 1, "subject": { "reference": "Patient/p" } })),
        observation("b", json!({ "valueInteger": 2, "status": "entered-in-error" })),
    ];
    assert_eq!(values(resources.clone()).len(), 1);
    let mut other = resources;
    other[3]["subject"] = json!({ "reference": "Patient/q" });
    let reason = single_reason(&collection(other));
    assert!(reason.contains("Observation/a is about another subject"), "{reason}");
}

#[test]
fn takes_the_performed_date_in_brussels_from_effective_else_issued() {
    let performed = |extra: Value| only(&collection(vec![report(extra)])).performed_on;
    assert_eq!(
        performed(json!({ "effectiveDateTime": "2011-03-04T08:30:00+11:00",
                                 "issued": "2011-03-05T09:00:00Z" })),
        date(2011, 3, 3)
    );
    assert_eq!(performed(json!({ "effectiveDateTime": "2025-06-30T23:30:00Z" })), date(2025, 7, 1));
    assert_eq!(
        performed(json!({ "effectiveDateTime": null,
                                 "effectivePeriod": { "start": "2025-03-08T10:00:00+01:00" } })),
        date(2025, 3, 8)
    );
    assert_eq!(
        performed(json!({ "effectiveDateTime": null, "issued": "2025-03-09T07:00:00Z" })),
        date(2025, 3, 9)
    );
    assert_eq!(
        performed(json!({ "effectiveDateTime": "2013", "issued": "2013-05-01T10:00:00Z" })),
        date(2013, 1, 1)
    );
    assert_eq!(
        performed(json!({ "effectiveDateTime": "2013-04", "issued": "2013-05-01T10:00:00Z" })),
        date(2013, 4, 1)
    );
    let none = collection(vec![report(
        json!({ "effectiveDateTime": null, "issued": null, "status": "preliminary" }),
    )]);
    assert!(single_reason(&none).contains("no date"));
}

#[test]
fn maps_every_status() {
    let status = |extra: Value| only(&collection(vec![report(extra)])).status;
    let issued = "2025-03-11T09:00:00Z".parse().unwrap();
    for draft in ["registered", "partial", "preliminary"] {
        assert_eq!(status(json!({ "status": draft, "issued": null })), IncomingStatus::Draft);
    }
    for validated in ["final", "amended", "corrected", "appended"] {
        assert_eq!(
            status(json!({ "status": validated })),
            IncomingStatus::Validated { at: issued }
        );
    }
    for withdrawn in ["cancelled", "entered-in-error"] {
        assert_eq!(status(json!({ "status": withdrawn })), IncomingStatus::Withdrawn);
    }
    assert_eq!(
        status(json!({ "issued": null, "meta": { "lastUpdated": "2025-03-12T08:00:00Z" } })),
        IncomingStatus::Validated { at: "2025-03-12T08:00:00Z".parse().unwrap() },
        "final without issued: validated when last updated"
    );
    assert!(
        single_reason(&collection(vec![report(json!({ "issued": null }))]))
            .contains("no validation time")
    );
    assert!(
        single_reason(&collection(vec![report(json!({ "status": "unknown" }))]))
            .contains("unknown status")
    );
    assert!(
        single_reason(&collection(vec![report(json!({ "status": null }))])).contains("no status")
    );
}

#[test]
fn a_restricted_report_is_protected() {
    let status = |text: String| only(&text).status;
    let issued: chrono::DateTime<chrono::Utc> = "2025-03-11T09:00:00Z".parse().unwrap();
    for code in ["R", "V"] {
        let labelled = report(json!({ "meta": { "security": [
            { "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": code } ] } }));
        assert_eq!(
            status(collection(vec![labelled])),
            IncomingStatus::Protected { validated_at: Some(issued) }
        );
    }
    let normal = report(json!({ "meta": { "security": [
        { "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "N" } ] } }));
    assert_eq!(status(collection(vec![normal])), IncomingStatus::Validated { at: issued });
    let in_restricted_bundle = json!({ "resourceType": "Bundle", "type": "collection",
        "meta": { "security": [{ "code": "R" }] }, "entry": [{ "resource": report(json!({})) }] });
    assert!(matches!(status(in_restricted_bundle.to_string()), IncomingStatus::Protected { .. }));
    let restricted_draft =
        report(json!({ "status": "preliminary", "meta": { "security": [{ "code": "R" }] } }));
    assert_eq!(status(collection(vec![restricted_draft])), IncomingStatus::Draft);
}

#[test]
fn keeps_the_source_version() {
    let text = collection(vec![report(
        json!({ "meta": { "versionId": "3", "lastUpdated": "2025-03-12T08:00:00Z" } }),
    )]);
    let version = only(&text).source_version;
    assert_eq!(version.version_id.as_deref(), Some("3"));
    assert_eq!(version.last_updated, Some("2025-03-12T08:00:00Z".parse().unwrap()));
    assert_eq!(version.issued, Some("2025-03-11T09:00:00Z".parse().unwrap()));
}

#[test]
fn report_type_from_category_codes() {
    let kind = |category: Value, results: Value| {
        let mut resources = vec![report(json!({ "category": category, "result": results }))];
        resources.push(observation("hb", json!({ "valueInteger": 1 })));
        only(&collection(resources)).report_type
    };
    let v2 = |code: &str| json!([{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": code }] }]);
    let loinc =
        |code: &str| json!([{ "coding": [{ "system": "http://loinc.org", "code": code }] }]);
    assert_eq!(kind(v2("HM"), json!([])), ReportType::LabResult);
    assert_eq!(kind(v2("MB"), json!([])), ReportType::LabResult);
    assert_eq!(kind(v2("RAD"), json!([])), ReportType::Radiology);
    assert_eq!(kind(loinc("LP29684-5"), json!([])), ReportType::Radiology);
    assert_eq!(kind(loinc("LP29708-2"), json!([])), ReportType::Functional);
    assert_eq!(kind(loinc("LP7839-6"), json!([])), ReportType::LabResult);
    assert_eq!(kind(v2("PHY"), json!([])), ReportType::Consultation);
    assert_eq!(kind(json!([]), results(&["hb"])), ReportType::LabResult, "no category, lab values");
    assert_eq!(kind(json!([]), json!([])), ReportType::Examination);
}

#[test]
fn author_from_displays_and_referenced_parties() {
    let text = collection(vec![
        report(json!({
            "resultsInterpreter": [{ "reference": "Practitioner/bio" }],
            "performer": [{ "reference": "Organization/lab" }, { "reference": "PractitionerRole/role" },
                          { "display": "Dr. A. Peeters" }, { "reference": "Practitioner/bio" }] })),
        json!({ "resourceType": "Practitioner", "id": "bio", "name": [
            { "use": "old", "family": "Oud" },
            { "use": "official", "family": "Davoust", "given": ["Nicolas"] } ] }),
        json!({ "resourceType": "Organization", "id": "lab", "name": "GTL - General Testing Laboratory" }),
        json!({ "resourceType": "PractitionerRole", "id": "role", "practitioner": { "reference": "Practitioner/tech" } }),
        json!({ "resourceType": "Practitioner", "id": "tech", "name": [{ "text": "Lab. J. Claes" }] }),
    ]);
    assert_eq!(
        only(&text).author,
        "Nicolas Davoust, GTL - General Testing Laboratory, Lab. J. Claes, Dr. A. Peeters"
    );
}

#[test]
fn body_from_conclusion_codes_and_plain_text_form() {
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD.encode("Geen afwijkingen.\nTot ziens.");
    let latin1 = base64::engine::general_purpose::STANDARD.encode(b"Pr\xe9liminaire");
    let imported = only(&collection(vec![report(json!({
        "conclusion": "Normaal bloedbeeld.",
        "conclusionCode": [{ "coding": [{ "display": "Normaal bloedbeeld." }] }, { "text": "Geen anemie" }],
        "presentedForm": [
            { "contentType": "application/pdf", "data": "JVBERi0=" },
            { "contentType": "text/plain; charset=UTF-8", "data": text },
            { "contentType": "text/plain; charset=ISO-8859-1", "data": latin1 } ] }))]));
    assert_eq!(
        imported.body,
        "Normaal bloedbeeld.\n\nGeen anemie\n\nGeen afwijkingen.\nTot ziens.\n\nPréliminaire"
    );
    let broken = collection(vec![report_with_form("text/plain", "not base64!")]);
    assert!(single_reason(&broken).contains("presentedForm[0] is not valid base64"));
}

fn report_with_form(content_type: &str, data: &str) -> Value {
    report(json!({ "presentedForm": [{ "contentType": content_type, "data": data }] }))
}

#[test]
fn a_report_without_id_keeps_its_identifier_as_source_id() {
    let text = collection(vec![report(json!({ "id": null, "identifier": [
        { "system": "https://www.ehealth.fgov.be/lab-report/diagnostic-report-id", "value": "11530231003.1" } ] }))]);
    assert_eq!(
        only(&text).source_id,
        "https://www.ehealth.fgov.be/lab-report/diagnostic-report-id|11530231003.1"
    );
    let anonymous = collection(vec![report(json!({ "id": null }))]);
    let problems = refused(&anonymous);
    assert_eq!(problems[0].resource, "DiagnosticReport #1 in the file");
    assert!(problems[0].reason.contains("no id, identifier or fullUrl"));
}

#[test]
fn a_resource_that_cannot_be_read_refuses_its_report_without_quoting_it() {
    let text = collection(vec![
        report(json!({ "result": results(&["k"]) })),
        observation("k", json!({ "valueQuantity": { "value": "12,5" } })),
    ]);
    let reason = single_reason(&text);
    assert!(reason.starts_with("Observation/k cannot be read: invalid type: string …"), "{reason}");
    assert!(!reason.contains("12,5"), "{reason}");
}
