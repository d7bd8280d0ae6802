//! FHIR R4 JSON: every DiagnosticReport in a file, with its Observations, patient and
//! authors, as [`ImportedReport`]s.
//!
//! What a file may be: a Bundle of any type (collection, transaction, batch, document with
//! its Composition first, message with its MessageHeader first, searchset, history), whose
//! entries may be Bundles again, or one resource. Every DiagnosticReport that is a Bundle
//! entry at any depth, or the file itself, is a report to import; `contained` resources
//! are read where the report or an Observation refers to them (`#id`).
//!
//! A lone DiagnosticReport (the file is the report) imports when it holds everything it
//! needs: its Observations `contained`, and a subject that is a contained Patient or a
//! logical reference (`subject.identifier`). A reference to anything outside the file
//! refuses it with the reason; nothing is fetched from elsewhere.
//!
//! Each report is read on its own: a report that cannot be imported (its patient not
//! identified, an Observation missing, an unknown status, ...) is listed with every reason,
//! and the file is refused whole ([`ImportError::Refused`]). A file with no
//! DiagnosticReport is [`ImportError::NothingToImport`].
//!
//! The rules for each part are in its module: [`index`] (finding resources, references),
//! [`patient`] (who), [`report`] (dates, status, type, title, author, text),
//! [`observation`] (lab values, reference ranges, flags). The day a report was performed
//! is its `effectiveDateTime`, else `effectivePeriod.start`, else `issued`: the date in
//! Brussels for a date-time, the first day for a partial date (`2013`, `2013-04`).
//!
//! Reasons never quote a value from the file other than resource ids of reports and
//! Observations, identifier systems and status codes: a Patient's id may be its patient
//! number, a date or a result is medical content.
//!
//! FHIR types: our own serde structs for the dozen elements we read ([`model`]), not a
//! FHIR model crate. fhirbolt 0.4 (R4) reads all the HL7 and Belgian examples in its lax
//! mode, but its cold debug build took 3 min 40 s on our 2-core machine (140 MB of rlibs
//! linked into every test binary) for a handful of fields, and one malformed element
//! anywhere refuses its whole file where we refuse only the report that needs it.
//! fhir-model 0.13 has no R4 (only STU3, R4B, R5). docs/fhir-import.md has the details.

mod appointment;
mod index;
mod model;
mod observation;
mod patient;
mod questionnaire;
mod report;

use serde::Deserialize;
use serde_json::Value;

pub use self::appointment::read_fhir_appointments;
pub use self::questionnaire::{
    ImportedQuestionnaire, find_item, option_system, read_fhir_questionnaires,
};
use self::{index::FileIndex, model::DiagnosticReport, observation::Context};
use super::{FhirSource, ImportError, ImportProblem, ImportedReport};
use crate::reports::IncomingReport;

/// The identifier systems of the Belgian national register number (SSIN, INSZ/NISS):
/// eHealth's FHIR naming system (the preferred one; the Belgian lab guide's examples use
/// it), the same under the older `…/standards/fhir/NamingSystem/ssin`, its OID, and the
/// `urn:be:fgov:person:ssin` name of eHealth's other services.
pub const SSIN_SYSTEMS: [&str; 4] = [
    "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin",
    "https://www.ehealth.fgov.be/standards/fhir/NamingSystem/ssin",
    "urn:oid:2.16.840.1.113883.3.6777.5.1",
    "urn:be:fgov:person:ssin",
];

/// Reads a FHIR R4 JSON file sent by `source`: every report, or every problem.
pub fn from_fhir(text: &str, source: &FhirSource<'_>) -> Result<Vec<ImportedReport>, ImportError> {
    let (reports, problems) = read_fhir(text, source)?;
    if problems.is_empty() { Ok(reports) } else { Err(ImportError::Refused(problems)) }
}

/// Reads a FHIR R4 JSON file sent by `source`: the reports that could be read, and a
/// problem for each that could not (the caller lists them with what the database finds
/// wrong with the others, so staff see every problem of a file at once).
pub fn read_fhir(
    text: &str,
    source: &FhirSource<'_>,
) -> Result<(Vec<ImportedReport>, Vec<ImportProblem>), ImportError> {
    let file: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::Unreadable(format!("not JSON: {e}")))?;
    if file.get("resourceType").and_then(Value::as_str).is_none() {
        return Err(ImportError::Unreadable("not a FHIR resource (no resourceType)".into()));
    }
    let index = FileIndex::new(&file).map_err(ImportError::Unreadable)?;
    let positions: Vec<usize> = (0..index.resources.len())
        .filter(|&p| {
            let located = index.get(p);
            located.in_bundle && located.resource_type == "DiagnosticReport"
        })
        .collect();
    if positions.is_empty() {
        return Err(ImportError::NothingToImport);
    }
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for (ordinal, position) in positions.into_iter().enumerate() {
        match read_report(&index, position, ordinal + 1, source) {
            Ok(report) => reports.push(report),
            Err(problem) => problems.push(problem),
        }
    }
    Ok((reports, problems))
}

/// Deserializes one resource (or element) from the file.
fn read<'v, T: Deserialize<'v>>(value: &'v Value) -> Result<T, serde_json::Error> {
    T::deserialize(value)
}

/// A deserialization error without the values it quotes (they may be a patient's number
/// or results): "invalid type: string "12,5", expected f64" → "invalid type: string …,
/// expected f64".
pub(crate) fn redacted(error: &serde_json::Error) -> String {
    let mut text = String::new();
    let mut quote = None;
    for c in error.to_string().chars() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if c == '"' || c == '`' => {
                quote = Some(c);
                text.push('…');
            }
            None => text.push(c),
        }
    }
    text
}

/// The value of a step, or its reason added to `reasons`.
fn keep<T>(reasons: &mut Vec<String>, result: Result<T, String>) -> Option<T> {
    result.map_err(|reason| reasons.push(reason)).ok()
}

/// How a report is named in problems: its id, else its fullUrl, else its place.
fn resource_name(index: &FileIndex<'_>, position: usize, ordinal: usize) -> String {
    let located = index.get(position);
    match (located.value.get("id").and_then(Value::as_str), located.full_url) {
        (Some(id), _) => format!("DiagnosticReport/{id}"),
        (None, Some(url)) => format!("DiagnosticReport {url}"),
        (None, None) => format!("DiagnosticReport #{ordinal} in the file"),
    }
}

/// One report, or every reason it cannot be imported.
fn read_report(
    index: &FileIndex<'_>,
    position: usize,
    ordinal: usize,
    source: &FhirSource<'_>,
) -> Result<ImportedReport, ImportProblem> {
    let resource = resource_name(index, position, ordinal);
    let located = index.get(position);
    let fhir: DiagnosticReport = read(located.value)
        .map_err(|e| ImportProblem::new(&resource, format!("cannot be read: {}", redacted(&e))))?;
    let mut reasons = Vec::new();
    let identified =
        keep(&mut reasons, patient::identify(index, position, fhir.subject.as_ref(), source));
    let source_id = keep(&mut reasons, report::source_id(&fhir, located.full_url));
    let performed_on = keep(&mut reasons, report::performed_on(&fhir));
    let version = keep(&mut reasons, report::source_version(&fhir));
    let restricted = report::restricted(index, position, &fhir);
    let status = version
        .as_ref()
        .and_then(|version| keep(&mut reasons, report::status(&fhir, version, restricted)));
    let body = keep(&mut reasons, report::body(&fhir));
    let subject = fhir.subject.as_ref().and_then(|s| s.reference.as_deref()).and_then(|r| {
        match index.resolve(position, r) {
            index::Resolved::Found(found) => Some(found),
            _ => None,
        }
    });
    let facts = identified.as_ref().map(|(_, facts)| facts.clone()).unwrap_or_default();
    let context = Context { index, patient: &facts, subject, performed_on };
    let lab_values = observation::lab_values(&context, position, &fhir.result)
        .map_err(|problems| reasons.extend(problems))
        .ok();

    match (identified, source_id, performed_on, version, status, body, lab_values) {
        (
            Some((patient, _)),
            Some(source_id),
            Some(performed_on),
            Some(source_version),
            Some(status),
            Some(body),
            Some(lab_values),
        ) if reasons.is_empty() => Ok(ImportedReport {
            resource,
            patient,
            report: IncomingReport {
                source_id,
                hospital_id: source.hospital_id.to_owned(),
                report_type: report::report_type(&fhir, !lab_values.is_empty()),
                title: report::title(&fhir),
                author: report::author(index, position, &fhir),
                performed_on,
                status,
                source_version,
                body,
                lab_values,
            },
        }),
        _ => Err(ImportProblem::new(resource, reasons.join("; "))),
    }
}

#[cfg(test)]
mod tests;
