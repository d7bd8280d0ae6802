//! Importing reports from a hospital: our JSON format ([`from_json`]) or FHIR R4
//! ([`from_fhir`]: DiagnosticReports with their Observations and Patient, in Bundles of any
//! kind and depth). This module owns reading a file into [`ImportedReport`]s: who the
//! source says each report is about, and the report as [`crate::reports`] stores it. It
//! decides nothing about storage or patients in the database: [`crate::staff::import_file`]
//! resolves the patients and stores the whole file in one transaction, or nothing.
//!
//! Both formats flag a lab value from its reference range when the source gives no
//! interpretation ([`range`]): a value far above its range is never shown as normal.
//!
//! Problems name the resource (`DiagnosticReport/lab-1`, `reports[3]`) and say why, never
//! with a patient's name, number or results: they reach logs and staff consoles.

pub mod appointments;
mod fhir;
pub mod invoices;
mod json;
mod range;

use dossier_api::NationalRegisterNumber;

pub use fhir::{
    ImportedQuestionnaire, SSIN_SYSTEMS, find_item, from_fhir, option_system, read_fhir,
    read_fhir_appointments, read_fhir_questionnaires,
};
pub use json::from_json;

use crate::reports::IncomingReport;

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

impl ImportProblem {
    pub(crate) fn new(resource: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { resource: resource.into(), reason: reason.into() }
    }
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
    #[error("the file holds no {0} to import")]
    NoneOfKind(&'static str),
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

    pub fn national_register_number(number: NationalRegisterNumber) -> Self {
        Self { ead_number: None, national_register_number: Some(number) }
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

/// A link the app opens outside itself (a payment page, a video consultation): https with a
/// host, at most 2,000 characters. Err: why not, without quoting it.
pub fn https_link(link: &str) -> Result<(), String> {
    if link.len() > 2000 {
        return Err("is longer than 2,000 characters".into());
    }
    match url::Url::parse(link) {
        Ok(url) if url.scheme() == "https" && url.host_str().is_some_and(|h| !h.is_empty()) => {
            Ok(())
        }
        Ok(_) => Err("is not an https link".into()),
        Err(_) => Err("is not a link".into()),
    }
}
