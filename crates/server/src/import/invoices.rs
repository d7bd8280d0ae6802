//! Invoices in our own JSON format: `{ "hospital": "hzk", "invoices": [ … ] }`, one object
//! per invoice with the patient's EAD number. Amounts are whole cents: a number with a
//! fraction (`123.45`) makes the file unreadable rather than be rounded. The structured
//! communication, when given, must pass its check.

use chrono::NaiveDate;
use dossier_api::invoices::StructuredCommunication;
use serde::Deserialize;

use super::{ImportError, ImportProblem, PatientIdentity};
use crate::invoices::{IncomingInvoice, StoredStatus};

/// An invoice to import, with who the source says it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedInvoice {
    /// Names it in error lists: `invoices[3]`.
    pub resource: String,
    pub patient: PatientIdentity,
    pub invoice: IncomingInvoice,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFile {
    hospital: String,
    invoices: Vec<JsonInvoice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonInvoice {
    number: String,
    patient_ead: String,
    #[serde(with = "dossier_api::dates::iso")]
    issued_on: NaiveDate,
    #[serde(with = "dossier_api::dates::iso")]
    due_on: NaiveDate,
    total_cents: i64,
    insurer_paid_cents: i64,
    to_pay_cents: i64,
    status: StoredStatus,
    #[serde(default)]
    structured_communication: Option<String>,
    #[serde(default)]
    payment_link: Option<String>,
    #[serde(default)]
    withdrawn: bool,
}

/// Reads our JSON format; every invoice that breaks a rule is listed.
pub fn from_json(text: &str) -> Result<Vec<ImportedInvoice>, ImportError> {
    let file: JsonFile = serde_json::from_str(text)
        .map_err(|e| ImportError::Unreadable(super::fhir::redacted(&e)))?;
    if file.invoices.is_empty() {
        return Err(ImportError::NoneOfKind("invoice"));
    }
    let mut invoices = Vec::new();
    let mut problems = Vec::new();
    for (n, i) in file.invoices.into_iter().enumerate() {
        let resource = format!("invoices[{n}]");
        let communication = match i.structured_communication.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match StructuredCommunication::parse(text) {
                Ok(communication) => Some(communication),
                Err(error) => {
                    problems.push(ImportProblem::new(
                        resource,
                        format!("the structured communication is not valid: {error}"),
                    ));
                    continue;
                }
            },
        };
        let invoice = IncomingInvoice {
            hospital_id: file.hospital.clone(),
            number: i.number,
            issued_on: i.issued_on,
            due_on: i.due_on,
            total_cents: i.total_cents,
            insurer_paid_cents: i.insurer_paid_cents,
            to_pay_cents: i.to_pay_cents,
            status: i.status,
            structured_communication: communication,
            payment_link: i.payment_link.filter(|l| !l.trim().is_empty()),
            withdrawn: i.withdrawn,
        };
        if let Err(reason) = invoice.check() {
            problems.push(ImportProblem::new(resource, reason));
            continue;
        }
        invoices.push(ImportedInvoice {
            resource,
            patient: PatientIdentity::ead(i.patient_ead),
            invoice,
        });
    }
    if problems.is_empty() { Ok(invoices) } else { Err(ImportError::Refused(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(fields: &str) -> String {
        format!(
            r#"{{ "hospital": "hzk", "invoices": [ {{ "number": "2026/004512",
               "patient_ead": "10482231", "issued_on": "2026-10-02", "due_on": "2026-11-01",
               "status": "open", {fields} }} ] }}"#
        )
    }

    #[test]
    fn reads_cents_exactly() {
        let text = file(
            r#""total_cents": 999999999, "insurer_paid_cents": 999999945, "to_pay_cents": 54,
               "structured_communication": "+++123/4567/89002+++""#,
        );
        let read = from_json(&text).unwrap();
        assert_eq!(read[0].invoice.total_cents, 999_999_999);
        assert_eq!(read[0].invoice.to_pay_cents, 54);
        assert_eq!(read[0].invoice.communication().to_string(), "+++123/4567/89002+++");
    }

    #[test]
    fn a_fraction_of_a_cent_is_never_rounded() {
        let text = file(r#""total_cents": 123.45, "insurer_paid_cents": 0, "to_pay_cents": 123"#);
        let Err(ImportError::Unreadable(why)) = from_json(&text) else { panic!("unreadable") };
        assert!(why.contains("expected i64"), "{why}");
        assert!(!why.contains("123.45"), "values are not quoted: {why}");
    }

    #[test]
    fn wrong_check_digits_and_sums_are_listed() {
        let text = file(
            r#""total_cents": 100, "insurer_paid_cents": 0, "to_pay_cents": 100,
               "structured_communication": "+++123/4567/89003+++""#,
        );
        let Err(ImportError::Refused(problems)) = from_json(&text) else { panic!("refused") };
        assert!(problems[0].reason.contains("expected 02"), "{}", problems[0]);
        let text = file(r#""total_cents": 100, "insurer_paid_cents": 1, "to_pay_cents": 100"#);
        let Err(ImportError::Refused(problems)) = from_json(&text) else { panic!("refused") };
        assert!(problems[0].reason.contains("do not add up"), "{}", problems[0]);
    }
}
