//! Importing reports from a hospital: our JSON format, or a FHIR R4 Bundle of
//! DiagnosticReport and Observation resources. FHIR is read with a few serde structs that
//! take only the fields we use, rather than a full FHIR model crate (whose generated types
//! cost minutes of compile time for a handful of fields).

use std::collections::HashMap;

use dossier_api::{
    NationalRegisterNumber,
    reports::{LabFlag, LabValue, ReportType},
};
use jiff::{Timestamp, civil::Date};
use serde::Deserialize;

use crate::reports::{IncomingReport, IncomingStatus, SourceVersion};

/// A report to import, with who the source says it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedReport {
    /// Names the report in error lists: `DiagnosticReport/lab-1`, `reports[3]`.
    pub resource: String,
    pub patient: PatientIdentity,
    pub report: IncomingReport,
}

/// What the importer needs to know of the hospital that sends a file.
#[derive(Debug, Clone, Copy)]
pub struct FhirSource<'a> {
    pub hospital_id: &'a str,
    /// The FHIR identifier system of the hospital's patient numbers (EAD), if it has one.
    pub patient_number_system: Option<&'a str>,
}

/// One resource that could not be imported, and why (no personal data in `reason`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub resource: String,
    pub reason: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.resource, self.reason)
    }
}

/// Why a file was not imported. Nothing of it is stored then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
    #[error("the file holds no report to import")]
    NothingToImport,
    #[error("{} resource(s) refused, nothing imported:\n{}", .0.len(), list(.0))]
    Refused(Vec<ImportProblem>),
}

fn list(problems: &[ImportProblem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

/// How a source names the patient: the hospital's patient number (EAD), the national
/// register number, or both. At least one is set; when both are, they must name the same
/// patient.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct PatientIdentity {
    pub ead_number: Option<String>,
    pub national_register_number: Option<NationalRegisterNumber>,
}

impl PatientIdentity {
    pub fn ead(number: impl Into<String>) -> Self {
        Self { ead_number: Some(number.into()), national_register_number: None }
    }
}

impl std::fmt::Debug for PatientIdentity {
    // Identifiers of a person: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PatientIdentity(<redacted>)")
    }
}

/// Whether a file is FHIR JSON (a resource) rather than our JSON format.
pub fn looks_like_fhir(text: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
        .is_ok_and(|object| object.contains_key("resourceType"))
}

/// Our JSON format: `{ "hospital": "hzk", "reports": [ … ] }`.
#[derive(Deserialize)]
struct JsonFile {
    hospital: String,
    reports: Vec<JsonReport>,
}

#[derive(Deserialize)]
struct JsonReport {
    source_id: String,
    patient_ead: String,
    #[serde(rename = "type")]
    report_type: ReportType,
    title: String,
    author: String,
    performed_on: Date,
    #[serde(default)]
    validated_at: Option<Timestamp>,
    status: JsonStatus,
    body: String,
    #[serde(default)]
    lab_values: Vec<LabValue>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum JsonStatus {
    Draft,
    Validated,
    Protected,
}

pub fn from_json(text: &str) -> Result<Vec<ImportedReport>, ImportError> {
    let file: JsonFile =
        serde_json::from_str(text).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    file.reports
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            let status = match (r.status, r.validated_at) {
                (JsonStatus::Draft, _) => IncomingStatus::Draft,
                (JsonStatus::Validated, Some(at)) => IncomingStatus::Validated { at },
                (JsonStatus::Validated, None) => {
                    return Err(ImportError::Refused(vec![ImportProblem {
                        resource: format!("reports[{n}]"),
                        reason: "validated without validated_at".into(),
                    }]));
                }
                (JsonStatus::Protected, at) => IncomingStatus::Protected { validated_at: at },
            };
            Ok(ImportedReport {
                resource: format!("reports[{n}]"),
                patient: PatientIdentity::ead(r.patient_ead),
                report: IncomingReport {
                    source_id: r.source_id,
                    hospital_id: file.hospital.clone(),
                    report_type: r.report_type,
                    title: r.title,
                    author: r.author,
                    performed_on: r.performed_on,
                    status,
                    source_version: SourceVersion::default(),
                    body: r.body,
                    lab_values: r.lab_values,
                },
            })
        })
        .collect()
}

// The FHIR R4 subset we read.

#[derive(Deserialize)]
struct Bundle {
    #[serde(rename = "resourceType")]
    resource_type: String,
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    resource: serde_json::Value,
}

#[derive(Deserialize, Default)]
struct Coding {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    display: Option<String>,
}

#[derive(Deserialize, Default)]
struct CodeableConcept {
    #[serde(default)]
    coding: Vec<Coding>,
    #[serde(default)]
    text: Option<String>,
}

impl CodeableConcept {
    fn label(&self) -> Option<String> {
        self.text.clone().or_else(|| self.coding.iter().find_map(|c| c.display.clone()))
    }
}

#[derive(Deserialize, Default)]
struct Reference {
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    display: Option<String>,
    #[serde(default)]
    identifier: Option<Identifier>,
}

#[derive(Deserialize)]
struct Identifier {
    value: String,
}

#[derive(Deserialize, Default)]
struct Meta {
    #[serde(default)]
    security: Vec<Coding>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticReport {
    id: String,
    status: String,
    #[serde(default)]
    meta: Meta,
    #[serde(default)]
    category: Vec<CodeableConcept>,
    code: CodeableConcept,
    subject: Reference,
    #[serde(default)]
    effective_date_time: Option<String>,
    #[serde(default)]
    issued: Option<Timestamp>,
    #[serde(default)]
    performer: Vec<Reference>,
    #[serde(default)]
    result: Vec<Reference>,
    #[serde(default)]
    conclusion: Option<String>,
}

#[derive(Deserialize)]
struct Quantity {
    value: f64,
    #[serde(default)]
    unit: Option<String>,
}

#[derive(Deserialize)]
struct Range {
    #[serde(default)]
    low: Option<Quantity>,
    #[serde(default)]
    high: Option<Quantity>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Observation {
    id: String,
    code: CodeableConcept,
    #[serde(default)]
    value_quantity: Option<Quantity>,
    #[serde(default)]
    value_string: Option<String>,
    #[serde(default)]
    reference_range: Vec<Range>,
    #[serde(default)]
    interpretation: Vec<CodeableConcept>,
}

fn report_type(categories: &[CodeableConcept]) -> ReportType {
    let codes: Vec<&str> =
        categories.iter().flat_map(|c| c.coding.iter()).filter_map(|c| c.code.as_deref()).collect();
    if codes.iter().any(|c| matches!(*c, "LAB" | "HM" | "CH" | "MB" | "SR")) {
        ReportType::LabResult
    } else if codes.iter().any(|c| matches!(*c, "RAD" | "CT" | "MR" | "US" | "NMR" | "RX" | "XRC"))
    {
        ReportType::Radiology
    } else if codes.iter().any(|c| matches!(*c, "PF" | "EC" | "CTH" | "PHY" | "VR")) {
        ReportType::Functional
    } else {
        ReportType::Examination
    }
}

fn number(value: f64) -> String {
    let text = format!("{value}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

fn lab_value(observation: &Observation) -> LabValue {
    let (value, unit) = match (&observation.value_quantity, &observation.value_string) {
        (Some(q), _) => (number(q.value), q.unit.clone()),
        (None, Some(text)) => (text.clone(), None),
        (None, None) => (String::new(), None),
    };
    let reference_range = observation.reference_range.first().map(|range| {
        range.text.clone().unwrap_or_else(|| match (&range.low, &range.high) {
            (Some(low), Some(high)) => format!("{} - {}", number(low.value), number(high.value)),
            (Some(low), None) => format!("> {}", number(low.value)),
            (None, Some(high)) => format!("< {}", number(high.value)),
            (None, None) => String::new(),
        })
    });
    let interpretation = observation
        .interpretation
        .iter()
        .flat_map(|c| c.coding.iter())
        .find_map(|c| c.code.clone())
        .unwrap_or_default();
    let flag = match interpretation.as_str() {
        "L" | "LL" | "LU" => LabFlag::Low,
        "H" | "HH" | "HU" => LabFlag::High,
        "A" | "AA" | "POS" | "DET" => LabFlag::Abnormal,
        _ => LabFlag::Normal,
    };
    LabValue {
        analyte: observation.code.label().unwrap_or_default(),
        value,
        unit,
        reference_range,
        flag,
        code: None,
        panel: None,
    }
}

/// Reads a FHIR R4 Bundle; `hospital_id` is the partner that sends it.
pub fn from_fhir(text: &str, source: &FhirSource<'_>) -> Result<Vec<ImportedReport>, ImportError> {
    let hospital_id = source.hospital_id;
    let invalid = |what: String| ImportError::Unreadable(format!("FHIR bundle: {what}"));
    let bundle: Bundle = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    if bundle.resource_type != "Bundle" {
        return Err(invalid("not a Bundle".into()));
    }
    let mut observations = HashMap::new();
    let mut reports = Vec::new();
    for entry in bundle.entry {
        match entry.resource.get("resourceType").and_then(|t| t.as_str()) {
            Some("Observation") => {
                let observation: Observation =
                    serde_json::from_value(entry.resource).map_err(|e| invalid(e.to_string()))?;
                observations.insert(format!("Observation/{}", observation.id), observation);
            }
            Some("DiagnosticReport") => {
                reports.push(
                    serde_json::from_value::<DiagnosticReport>(entry.resource)
                        .map_err(|e| invalid(e.to_string()))?,
                );
            }
            _ => {}
        }
    }
    reports
        .into_iter()
        .map(|report| {
            let patient_ead =
                report.subject.identifier.as_ref().map(|i| i.value.clone()).ok_or_else(|| {
                    invalid(format!("{}: subject without an EAD identifier", report.id))
                })?;
            let performed_on: Date = report
                .effective_date_time
                .as_deref()
                .and_then(|d| d.get(..10))
                .and_then(|d| d.parse().ok())
                .ok_or_else(|| invalid(format!("{}: no effectiveDateTime", report.id)))?;
            // "R" (restricted) in meta.security: a protected report.
            let restricted =
                report.meta.security.iter().any(|c| matches!(c.code.as_deref(), Some("R" | "V")));
            let validated =
                matches!(report.status.as_str(), "final" | "amended" | "corrected" | "appended");
            let status = match (restricted, validated, report.issued) {
                (true, _, issued) => IncomingStatus::Protected { validated_at: issued },
                (false, true, Some(at)) => IncomingStatus::Validated { at },
                _ => IncomingStatus::Draft,
            };
            let lab_values: Vec<LabValue> = report
                .result
                .iter()
                .filter_map(|r| r.reference.as_ref())
                .filter_map(|r| observations.get(r))
                .map(lab_value)
                .collect();
            Ok(ImportedReport {
                resource: format!("DiagnosticReport/{}", report.id),
                patient: PatientIdentity::ead(patient_ead),
                report: IncomingReport {
                    source_id: report.id.clone(),
                    hospital_id: hospital_id.to_owned(),
                    report_type: report_type(&report.category),
                    title: report.code.label().unwrap_or_else(|| "Report".into()),
                    author: report
                        .performer
                        .iter()
                        .find_map(|p| p.display.clone())
                        .unwrap_or_default(),
                    performed_on,
                    status,
                    source_version: SourceVersion::default(),
                    body: report.conclusion.unwrap_or_default(),
                    lab_values,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HZK: FhirSource<'static> =
        FhirSource { hospital_id: "hzk", patient_number_system: Some("urn:ead") };

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
            "subject": { "identifier": { "value": "10482231" } },
            "effectiveDateTime": "2025-02-04", "issued": "2025-02-05T09:00:00Z" } },
        { "resource": { "resourceType": "DiagnosticReport", "id": "ecg-1", "status": "preliminary",
            "category": [{ "coding": [{ "code": "EC" }] }], "code": { "text": "ECG" },
            "subject": { "identifier": { "value": "10482231" } }, "effectiveDateTime": "2025-02-06" } }
      ] }"#;

    #[test]
    fn reads_diagnostic_reports_with_their_observations() {
        let reports = from_fhir(BUNDLE, &HZK).unwrap();
        assert_eq!(reports.len(), 3);
        let lab = &reports[0].report;
        assert_eq!(reports[0].patient, PatientIdentity::ead("10482231"));
        assert_eq!(lab.report_type, ReportType::LabResult);
        assert_eq!(lab.title, "Bloedonderzoek");
        assert_eq!(lab.author, "Dr. L. Maes");
        assert_eq!(lab.performed_on, jiff::civil::date(2025, 2, 3));
        assert_eq!(
            lab.status,
            IncomingStatus::Validated { at: "2025-02-03T15:00:00Z".parse().unwrap() }
        );
        assert_eq!(lab.lab_values.len(), 2);
        assert_eq!(lab.lab_values[0].analyte, "Hemoglobine");
        assert_eq!(lab.lab_values[0].value, "13.9");
        assert_eq!(lab.lab_values[0].reference_range.as_deref(), Some("12 - 16"));
        assert_eq!(lab.lab_values[1].flag, LabFlag::High);
        assert_eq!(lab.lab_values[1].reference_range.as_deref(), Some("< 5"));
        assert!(matches!(reports[1].report.status, IncomingStatus::Protected { .. }));
        assert_eq!(reports[1].report.report_type, ReportType::Radiology);
        assert_eq!(reports[2].report.status, IncomingStatus::Draft);
        assert_eq!(reports[2].report.report_type, ReportType::Functional);
    }

    #[test]
    fn refuses_what_is_not_a_bundle_or_lacks_a_patient() {
        assert!(from_fhir(r#"{"resourceType": "Patient"}"#, &HZK).is_err());
        let no_subject = BUNDLE.replace(
            r#""identifier": { "system": "urn:ead", "value": "10482231" }"#,
            r#""reference": "Patient/1""#,
        );
        assert!(from_fhir(&no_subject, &HZK).is_err());
    }

    #[test]
    fn reads_our_json_format() {
        let json = r#"{ "hospital": "smt", "reports": [
            { "source_id": "c-1", "patient_ead": "10611940", "type": "consultation", "title": "Raadpleging cardiologie",
              "author": "Dr. P. Claes", "performed_on": "2024-05-06", "validated_at": "2024-05-07T10:00:00Z",
              "status": "validated", "body": "Geen afwijkingen." } ] }"#;
        let reports = from_json(json).unwrap();
        assert_eq!(reports[0].report.hospital_id, "smt");
        assert_eq!(reports[0].report.report_type, ReportType::Consultation);
        let broken = json.replace(r#""validated_at": "2024-05-07T10:00:00Z","#, "");
        assert!(from_json(&broken).is_err(), "validated without a date");
    }
}
