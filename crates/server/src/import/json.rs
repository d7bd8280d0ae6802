//! Our own JSON format: `{ "hospital": "hzk", "reports": [ … ] }`, one object per report
//! with the patient's EAD number. A lab value's `flag` may be left out: it is then
//! computed from its `reference_range` ("3.5 - 5.1", "< 5", "> 40", "3,5 - 5,1").

use chrono::{DateTime, NaiveDate, Utc};
use dossier_api::reports::{LabFlag, LabTestCode, LabValue, ReportType};
use serde::Deserialize;

use super::{ImportError, ImportProblem, ImportedReport, PatientIdentity, range};
use crate::reports::{IncomingReport, IncomingStatus, SourceVersion};

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
    #[serde(with = "dossier_api::dates::iso")]
    performed_on: NaiveDate,
    #[serde(default)]
    validated_at: Option<DateTime<Utc>>,
    status: JsonStatus,
    body: String,
    #[serde(default)]
    lab_values: Vec<JsonLabValue>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum JsonStatus {
    Draft,
    Validated,
    Protected,
}

/// [`LabValue`] with the flag optional.
#[derive(Deserialize)]
struct JsonLabValue {
    analyte: String,
    value: String,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    reference_range: Option<String>,
    #[serde(default)]
    flag: Option<LabFlag>,
    #[serde(default)]
    code: Option<LabTestCode>,
    #[serde(default)]
    panel: Option<String>,
}

impl From<JsonLabValue> for LabValue {
    fn from(v: JsonLabValue) -> Self {
        // The sender's flag wins; without one, the range decides.
        let flag = v.flag.unwrap_or_else(|| {
            v.reference_range
                .as_deref()
                .map_or(LabFlag::Normal, |range| range::flag_from_text(&v.value, range))
        });
        LabValue {
            analyte: v.analyte,
            value: v.value,
            unit: v.unit,
            reference_range: v.reference_range,
            flag,
            code: v.code,
            panel: v.panel,
        }
    }
}

/// Reads our JSON format. Every report without a validation date though validated is
/// listed, not only the first.
pub fn from_json(text: &str) -> Result<Vec<ImportedReport>, ImportError> {
    let file: JsonFile =
        serde_json::from_str(text).map_err(|e| ImportError::Unreadable(e.to_string()))?;
    if file.reports.is_empty() {
        return Err(ImportError::NothingToImport);
    }
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for (n, r) in file.reports.into_iter().enumerate() {
        let resource = format!("reports[{n}]");
        let status = match (r.status, r.validated_at) {
            (JsonStatus::Draft, _) => IncomingStatus::Draft,
            (JsonStatus::Validated, Some(at)) => IncomingStatus::Validated { at },
            (JsonStatus::Validated, None) => {
                problems.push(ImportProblem::new(resource, "validated without validated_at"));
                continue;
            }
            (JsonStatus::Protected, at) => IncomingStatus::Protected { validated_at: at },
        };
        reports.push(ImportedReport {
            resource,
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
                lab_values: r.lab_values.into_iter().map(LabValue::from).collect(),
            },
        });
    }
    if problems.is_empty() { Ok(reports) } else { Err(ImportError::Refused(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{ "hospital": "smt", "reports": [
        { "source_id": "c-1", "patient_ead": "10611940", "type": "consultation", "title": "Raadpleging cardiologie",
          "author": "Dr. P. Claes", "performed_on": "2024-05-06", "validated_at": "2024-05-07T10:00:00Z",
          "status": "validated", "body": "Geen afwijkingen." } ] }"#;

    #[test]
    fn reads_our_json_format() {
        let reports = from_json(FILE).unwrap();
        assert_eq!(reports[0].report.hospital_id, "smt");
        assert_eq!(reports[0].report.report_type, ReportType::Consultation);
        assert_eq!(reports[0].patient, PatientIdentity::ead("10611940"));
    }

    #[test]
    fn lists_every_validated_report_without_a_date() {
        let mut file: serde_json::Value = serde_json::from_str(FILE).unwrap();
        let report = file["reports"][0].as_object_mut().unwrap();
        report.remove("validated_at");
        let report = serde_json::Value::Object(report.clone());
        file["reports"] = serde_json::json!([report.clone(), report]);
        let Err(ImportError::Refused(problems)) = from_json(&file.to_string()) else {
            panic!("refused")
        };
        let resources: Vec<&str> = problems.iter().map(|p| p.resource.as_str()).collect();
        assert_eq!(resources, ["reports[0]", "reports[1]"]);
    }

    #[test]
    fn an_empty_file_is_nothing_to_import() {
        assert_eq!(
            from_json(r#"{ "hospital": "smt", "reports": [] }"#),
            Err(ImportError::NothingToImport)
        );
    }

    #[test]
    fn a_lab_value_without_a_flag_is_flagged_from_its_range() {
        let file = r#"{ "hospital": "hzk", "reports": [
            { "source_id": "l-1", "patient_ead": "10482231", "type": "lab_result", "title": "Lipiden",
              "author": "Labo", "performed_on": "2024-05-06", "validated_at": "2024-05-07T10:00:00Z",
              "status": "validated", "body": "", "lab_values": [
                { "analyte": "Cholesterol", "value": "9.8", "unit": "mmol/L", "reference_range": "< 5" },
                { "analyte": "Kalium", "value": "3,1", "unit": "mmol/L", "reference_range": "3,5 - 5,1" },
                { "analyte": "HDL", "value": "52", "unit": "mg/dL", "reference_range": "> 40" },
                { "analyte": "Natrium", "value": "150", "reference_range": "135 - 145", "flag": "normal" },
                { "analyte": "Urine", "value": "negative", "reference_range": "negative" },
                { "analyte": "CRP", "value": "12" } ] } ] }"#;
        let values = &from_json(file).unwrap()[0].report.lab_values;
        let flags: Vec<LabFlag> = values.iter().map(|v| v.flag).collect();
        assert_eq!(
            flags,
            [
                LabFlag::High,
                LabFlag::Low,
                LabFlag::Normal,
                LabFlag::Normal, // the sender's flag wins
                LabFlag::Normal,
                LabFlag::Normal,
            ]
        );
    }
}
