//! Who a DiagnosticReport is about: its `subject`, a reference to a Patient in the file or
//! a logical reference (`subject.identifier`), read by identifier system only.
//!
//! - The Belgian national register number (SSIN/INSZ/NISS), in any of [`SSIN_SYSTEMS`],
//!   must pass its check digits, else the report is refused.
//! - The hospital's patient number (EAD) is an identifier in the system the hospital was
//!   registered with (`hospitals.patient_number_system`).
//! - Identifiers in other systems, without a value, or marked `use: old` do not count.
//!   Two different values in one system refuse the report. No usable identifier refuses
//!   it: the patient is never guessed from a name, a display or a resource id.

use chrono::NaiveDate;
use dossier_api::NationalRegisterNumber;

use super::{
    SSIN_SYSTEMS,
    index::{FileIndex, Resolved},
    model::{Identifier, Patient, Reference, non_empty},
    read,
};
use crate::import::{FhirSource, PatientIdentity};

/// What the file says of the patient that reference ranges may depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatientFacts {
    pub birth_date: Option<NaiveDate>,
    /// FHIR administrative gender: male, female, other, unknown.
    pub gender: Option<String>,
}

/// The patient a report's subject names, or why it names none we may use.
pub fn identify(
    index: &FileIndex<'_>,
    report: usize,
    subject: Option<&Reference>,
    source: &FhirSource<'_>,
) -> Result<(PatientIdentity, PatientFacts), String> {
    let subject = subject.ok_or("the report has no subject")?;
    if let Some(kind) = subject.type_.as_deref().filter(|t| *t != "Patient") {
        return Err(format!("the subject is a {kind}, not a patient"));
    }
    let mut identifiers: Vec<Identifier> = subject.identifier.iter().cloned().collect();
    let mut facts = PatientFacts::default();
    if let Some(reference) = non_empty(subject.reference.as_deref()) {
        match index.resolve(report, reference) {
            Resolved::Found(position) => {
                // The reference itself is not quoted: senders may use a patient number as id.
                let found = index.get(position);
                if found.resource_type != "Patient" {
                    return Err(format!("the subject is a {}, not a patient", found.resource_type));
                }
                let patient: Patient = read(found.value).map_err(|e| {
                    format!("the subject's Patient cannot be read: {}", super::redacted(&e))
                })?;
                facts = PatientFacts {
                    birth_date: patient.birth_date.as_deref().and_then(full_date),
                    gender: patient.gender.clone(),
                };
                identifiers.extend(patient.identifier);
            }
            Resolved::Ambiguous => {
                return Err("the subject reference names several resources in the file".into());
            }
            Resolved::Missing if identifiers.is_empty() => {
                return Err("the subject refers to a resource that is not in the file, and the \
                            reference carries no identifier"
                    .into());
            }
            // A logical identifier next to a reference to elsewhere: the identifier counts.
            Resolved::Missing => {}
        }
    } else if identifiers.is_empty() {
        return Err("the subject has neither a reference nor an identifier".into());
    }
    identity(&identifiers, source).map(|identity| (identity, facts))
}

/// The identity the identifiers give, by system.
fn identity(
    identifiers: &[Identifier],
    source: &FhirSource<'_>,
) -> Result<PatientIdentity, String> {
    let mut register_numbers = Vec::new();
    let mut patient_numbers = Vec::new();
    let mut other_systems = Vec::new();
    for identifier in identifiers.iter().filter(|i| i.use_.as_deref() != Some("old")) {
        let (Some(system), Some(value)) =
            (non_empty(identifier.system.as_deref()), non_empty(identifier.value.as_deref()))
        else {
            continue;
        };
        if SSIN_SYSTEMS.contains(&system) {
            let number = NationalRegisterNumber::parse(value).map_err(|e| {
                format!("the national register number ({system}) is not valid: {e}")
            })?;
            register_numbers.push(number);
        } else if source.patient_number_system == Some(system) {
            patient_numbers.push(value.to_owned());
        } else {
            other_systems.push(system);
        }
    }
    register_numbers.dedup();
    patient_numbers.sort_unstable();
    patient_numbers.dedup();
    if register_numbers.len() > 1 {
        return Err("the patient has two different national register numbers".into());
    }
    if patient_numbers.len() > 1 {
        return Err("the patient has two different patient numbers of this hospital".into());
    }
    let identity = PatientIdentity {
        ead_number: patient_numbers.pop(),
        national_register_number: register_numbers.pop(),
    };
    if identity.ead_number.is_none() && identity.national_register_number.is_none() {
        return Err(no_known_identifier(source, &other_systems));
    }
    Ok(identity)
}

fn no_known_identifier(source: &FhirSource<'_>, other_systems: &[&str]) -> String {
    let hospital = source.patient_number_system.map_or_else(
        || "none is set for this hospital".to_owned(),
        |system| format!("system {system}"),
    );
    let mut reason = format!(
        "the patient has no identifier in a known system: a national register number ({}) or \
         this hospital's patient number ({hospital})",
        SSIN_SYSTEMS[0]
    );
    if !other_systems.is_empty() {
        let mut systems = other_systems.to_vec();
        systems.sort_unstable();
        systems.dedup();
        reason.push_str(&format!("; found only {}", systems.join(", ")));
    }
    reason
}

/// A FHIR `date` with year, month and day; partial dates (`1974`, `1974-12`) say too
/// little for an age.
fn full_date(text: &str) -> Option<NaiveDate> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SOURCE: FhirSource<'static> =
        FhirSource { hospital_id: "hzk", patient_number_system: Some("urn:ead") };
    const NRN: &str = "85073003328";

    fn identify_in(file: &serde_json::Value) -> Result<(PatientIdentity, PatientFacts), String> {
        let index = FileIndex::new(file).unwrap();
        let report =
            index.resources.iter().position(|r| r.resource_type == "DiagnosticReport").unwrap();
        let subject: Option<Reference> =
            serde_json::from_value(index.get(report).value["subject"].clone()).ok();
        identify(&index, report, subject.as_ref(), &SOURCE)
    }

    fn bundle(subject: serde_json::Value, patient: serde_json::Value) -> serde_json::Value {
        json!({ "resourceType": "Bundle", "type": "collection", "entry": [
            { "fullUrl": "urn:uuid:2f0c1a52-0000-4000-8000-000000000001",
              "resource": { "resourceType": "DiagnosticReport", "id": "r", "subject": subject } },
            { "fullUrl": "urn:uuid:2f0c1a52-0000-4000-8000-000000000002", "resource": patient } ] })
    }

    fn patient(identifier: serde_json::Value) -> serde_json::Value {
        json!({ "resourceType": "Patient", "id": "p", "identifier": identifier,
                "gender": "female", "birthDate": "1985-07-30" })
    }

    #[test]
    fn a_referenced_patient_in_the_file_is_found_by_its_identifiers() {
        let ids = json!([
            { "system": "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin", "value": NRN },
            { "system": "urn:ead", "value": "10482231" },
            { "system": "urn:other", "value": "x" } ]);
        let nrn = NationalRegisterNumber::parse(NRN).unwrap();
        for reference in ["Patient/p", "urn:uuid:2f0c1a52-0000-4000-8000-000000000002"] {
            let (identity, facts) =
                identify_in(&bundle(json!({ "reference": reference }), patient(ids.clone())))
                    .unwrap();
            assert_eq!(identity.ead_number.as_deref(), Some("10482231"));
            assert_eq!(identity.national_register_number.as_ref(), Some(&nrn));
            assert_eq!(facts.gender.as_deref(), Some("female"));
            assert_eq!(facts.birth_date, Some(crate::clock::date(1985, 7, 30)));
        }
    }

    #[test]
    fn a_logical_reference_is_read_by_its_system() {
        let by_ssin = json!({ "identifier": { "system": "urn:oid:2.16.840.1.113883.3.6777.5.1", "value": NRN } });
        let (identity, _) = identify_in(&bundle(by_ssin, json!({}))).unwrap();
        assert!(identity.national_register_number.is_some() && identity.ead_number.is_none());
        let by_ead = json!({ "reference": "Patient/elsewhere",
                             "identifier": { "system": "urn:ead", "value": "10482231" } });
        assert_eq!(
            identify_in(&bundle(by_ead, json!({}))).unwrap().0,
            PatientIdentity::ead("10482231")
        );
    }

    #[test]
    fn refuses_rather_than_guesses() {
        let cases = [
            (
                json!({ "reference": "Patient/elsewhere", "display": "J. Peeters" }),
                "is not in the file",
            ),
            (json!({ "display": "J. Peeters" }), "neither a reference nor an identifier"),
            (json!({ "identifier": { "system": "urn:mrn", "value": "12" } }), "found only urn:mrn"),
            (json!({ "identifier": { "value": "10482231" } }), "no identifier in a known system"),
            (json!({ "reference": "Group/g", "type": "Group" }), "is a Group, not a patient"),
            (
                json!({ "identifier": { "system": "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin",
                                     "value": "79121137740" } }),
                "not valid: the check digits",
            ),
        ];
        for (subject, reason) in cases {
            let error = identify_in(&bundle(subject.clone(), json!({}))).unwrap_err();
            assert!(error.contains(reason), "{subject}: {error}");
            for personal in ["79121137740", "Peeters", "elsewhere"] {
                assert!(!error.contains(personal), "{error}");
            }
        }
        let two = patient(json!([
            { "system": "urn:ead", "value": "10482231" }, { "system": "urn:ead", "value": "10482232" } ]));
        let error = identify_in(&bundle(json!({ "reference": "Patient/p" }), two)).unwrap_err();
        assert!(error.contains("two different patient numbers"), "{error}");
        let old = patient(json!([{ "system": "urn:ead", "value": "10482231", "use": "old" }]));
        assert!(identify_in(&bundle(json!({ "reference": "Patient/p" }), old)).is_err());
        let not_a_patient = bundle(
            json!({ "reference": "Observation/p" }),
            json!({ "resourceType": "Observation", "id": "p" }),
        );
        assert!(identify_in(&not_a_patient).unwrap_err().contains("not a patient"));
    }
}
