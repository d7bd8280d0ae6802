//! A patient names a trusted person from their own record: checked here, stored as a link
//! waiting for staff to confirm ([`crate::links`]), revoked by the patient at any time.

use chrono::NaiveDate;
use dossier_api::{
    NationalRegisterNumber,
    links::{DesignationProblem, LinkKind, LinkStatus, TrustedPersonDesignation},
};
use sqlx::AnyConnection;

use crate::{
    error::ServerError,
    links::{self, MadeBy, NewLink},
    patients::{self, Patient},
};

const MAX_NAME_CHARS: usize = 100;

/// A designation whose details were checked: who, for whom, until when.
#[derive(Debug, Clone)]
pub struct CheckedDesignation {
    patient_id: String,
    person_id: String,
    rights: dossier_api::links::TrustedPersonRights,
    today: NaiveDate,
    until: Option<NaiveDate>,
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Checks what the patient filled in, before the password or PIN is asked for.
pub async fn check(
    conn: &mut AnyConnection,
    patient: &Patient,
    designation: &TrustedPersonDesignation,
    today: NaiveDate,
) -> Result<Result<CheckedDesignation, DesignationProblem>, ServerError> {
    let names = [&designation.given_name, &designation.family_name];
    if names.iter().any(|n| {
        n.trim().is_empty() || n.chars().count() > MAX_NAME_CHARS || n.chars().any(char::is_control)
    }) {
        return Ok(Err(DesignationProblem::Name));
    }
    let Ok(number) = NationalRegisterNumber::parse(designation.national_register_number.trim())
    else {
        return Ok(Err(DesignationProblem::RegisterNumber));
    };
    if patient.national_register_number.as_ref() == Some(&number) {
        return Ok(Err(DesignationProblem::Oneself));
    }
    if !designation.rights.any() {
        return Ok(Err(DesignationProblem::NoRights));
    }
    let until = match designation.until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match dossier_api::dates::parse_iso(text) {
            Some(until) if until >= today => Some(until),
            _ => return Ok(Err(DesignationProblem::EndDate)),
        },
    };
    // The person must be known to the network (they open the record with their own card);
    // the number and the names must agree.
    let person = patients::find_by_register_number(conn, &number).await?.filter(|person| {
        !person.is_deceased()
            && same_name(&person.given_name, &designation.given_name)
            && same_name(&person.family_name, &designation.family_name)
    });
    let Some(person) = person else {
        return Ok(Err(DesignationProblem::RegisterNumber));
    };
    if person.id == patient.id {
        return Ok(Err(DesignationProblem::Oneself));
    }
    if links::open_link_exists(conn, &person.id, &patient.id, LinkKind::TrustedPerson).await? {
        return Ok(Err(DesignationProblem::AlreadyLinked));
    }
    Ok(Ok(CheckedDesignation {
        patient_id: patient.id.clone(),
        person_id: person.id,
        rights: designation.rights,
        today,
        until,
    }))
}

/// Stores the designation, waiting for staff to confirm. Its id.
pub async fn designate(
    conn: &mut AnyConnection,
    checked: &CheckedDesignation,
    now: i64,
) -> Result<String, ServerError> {
    let link = NewLink {
        holder_id: &checked.person_id,
        subject_id: &checked.patient_id,
        kind: LinkKind::TrustedPerson,
        status: LinkStatus::Requested,
        valid_from: checked.today,
        valid_until: checked.until,
        rights: checked.rights,
        mandate_reference: None,
        made_by: MadeBy::Patient,
    };
    let id = links::insert(conn, &link, now).await?;
    tracing::info!("trusted person named, waiting for staff");
    Ok(id)
}
