//! A parent's requests for a child's record (`link_requests`): asked from the app, decided
//! by staff. The link itself is made only when staff approve, through [`crate::links`].
//!
//! A request that names no patient, or names one with other details, waits like any
//! other: the parent learns nothing about who is a patient, and staff refuse it with a
//! reason.

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::NaiveDate;
use dossier_api::{
    NationalRegisterNumber,
    links::{
        ChildLinkRequest, DocumentType, LinkKind, LinkRequestProblem, LinkRequestStatus,
        LinkRequestView, MAX_DOCUMENT_BYTES,
    },
};
use sqlx::AnyConnection;

use crate::{
    error::ServerError,
    links::{self, NewLink},
    patients::{self, Patient, is_child_on},
    uploads::{self, UploadProblem},
};

/// The longest name accepted (given or family).
const MAX_NAME_CHARS: usize = 100;
/// The longest hospital patient number accepted.
const MAX_PATIENT_NUMBER_CHARS: usize = 32;

/// A request, checked: what is stored.
struct CheckedRequest {
    given_name: String,
    family_name: String,
    born: NaiveDate,
    register_number: Option<NationalRegisterNumber>,
    patient_number: Option<String>,
    document: Option<(String, DocumentType)>,
}

fn name(text: &str) -> Result<String, LinkRequestProblem> {
    let trimmed = text.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > MAX_NAME_CHARS
        || trimmed.chars().any(char::is_control)
    {
        return Err(LinkRequestProblem::Name);
    }
    Ok(trimmed.to_owned())
}

fn check(
    request: &ChildLinkRequest,
    today: NaiveDate,
) -> Result<CheckedRequest, LinkRequestProblem> {
    let given_name = name(&request.given_name)?;
    let family_name = name(&request.family_name)?;
    let born: NaiveDate = dossier_api::dates::parse_iso(request.date_of_birth.trim())
        .ok_or(LinkRequestProblem::DateOfBirth)?;
    if born > today {
        return Err(LinkRequestProblem::DateOfBirth);
    }
    if !is_child_on(born, today) {
        return Err(LinkRequestProblem::NotAChild);
    }
    let register_number = match request.national_register_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let number = NationalRegisterNumber::parse(text)
                .map_err(|_| LinkRequestProblem::RegisterNumber)?;
            let (year, month, day) = crate::patients::register_ymd(born);
            if !number.matches_birth_date(year, month, day) {
                return Err(LinkRequestProblem::RegisterNumber);
            }
            Some(number)
        }
    };
    let patient_number = match request.hospital_patient_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text)
            if text.chars().count() <= MAX_PATIENT_NUMBER_CHARS
                && text.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            Some(text.to_owned())
        }
        Some(_) => return Err(LinkRequestProblem::NoIdentifier),
    };
    if register_number.is_none() && patient_number.is_none() {
        return Err(LinkRequestProblem::NoIdentifier);
    }
    if !request.parental_authority {
        return Err(LinkRequestProblem::NoStatement);
    }
    let document = match request.document.as_deref() {
        None | Some("") => None,
        Some(text) => {
            let bytes =
                uploads::decode(text, MAX_DOCUMENT_BYTES).map_err(|problem| match problem {
                    UploadProblem::TooLarge => LinkRequestProblem::DocumentTooLarge,
                    UploadProblem::NotBase64 => LinkRequestProblem::DocumentType,
                })?;
            if bytes.len() > MAX_DOCUMENT_BYTES {
                return Err(LinkRequestProblem::DocumentTooLarge);
            }
            let kind = DocumentType::sniff(&bytes).ok_or(LinkRequestProblem::DocumentType)?;
            Some((text.to_owned(), kind))
        }
    };
    Ok(CheckedRequest { given_name, family_name, born, register_number, patient_number, document })
}

/// Whether the patient `found` by an identifier is the child the parent described: same
/// date of birth and names (letter case and spaces aside).
fn same_child(found: &Patient, request: &CheckedRequest) -> bool {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    found.date_of_birth == request.born
        && same(&found.given_name, &request.given_name)
        && same(&found.family_name, &request.family_name)
}

/// The patient the request names, if the details match one (every identifier given must
/// name the same patient).
async fn find_child(
    conn: &mut AnyConnection,
    request: &CheckedRequest,
) -> Result<Option<Patient>, ServerError> {
    let by_number = match &request.register_number {
        Some(number) => Some(patients::find_by_register_number(conn, number).await?),
        None => None,
    };
    let by_ead = match &request.patient_number {
        Some(ead) => Some(patients::find_by_ead(conn, ead).await?),
        None => None,
    };
    let found = match (by_number, by_ead) {
        (Some(Some(a)), Some(Some(b))) if a.id == b.id => Some(a),
        (Some(_), Some(_)) => None,
        (Some(found), None) | (None, Some(found)) => found,
        (None, None) => None,
    };
    Ok(found.filter(|child| !child.is_deceased() && same_child(child, request)))
}

/// A parent asks for a child's record. Refused at once (with the reason) for what the
/// parent can know: a child 15 or older, oneself, malformed details, the same request
/// still waiting. Otherwise kept as waiting, whether or not the child is a patient.
pub async fn ask(
    conn: &mut AnyConnection,
    parent: &Patient,
    request: &ChildLinkRequest,
    today: NaiveDate,
    now: i64,
) -> Result<Result<String, LinkRequestProblem>, ServerError> {
    let checked = match check(request, today) {
        Ok(checked) => checked,
        Err(problem) => return Ok(Err(problem)),
    };
    if checked.register_number.is_some()
        && checked.register_number == parent.national_register_number
    {
        return Ok(Err(LinkRequestProblem::ForOneself));
    }
    let child = find_child(conn, &checked).await?;
    if let Some(child) = &child {
        if child.id == parent.id {
            return Ok(Err(LinkRequestProblem::ForOneself));
        }
        if links::open_link_exists(conn, &parent.id, &child.id, LinkKind::ParentChild).await? {
            return Ok(Err(LinkRequestProblem::AlreadyAsked));
        }
    }
    let register_digits = checked.register_number.as_ref().map(|n| n.digits().to_owned());
    let waiting: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM link_requests WHERE requester_id = $1 AND status = 'waiting' \
         AND date_of_birth = $2 AND (national_register_number = $3 \
         OR hospital_patient_number = $4)",
    )
    .bind(&parent.id)
    .bind(checked.born.to_string())
    .bind(&register_digits)
    .bind(&checked.patient_number)
    .fetch_optional(&mut *conn)
    .await?;
    if waiting.is_some() {
        return Ok(Err(LinkRequestProblem::AlreadyAsked));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let (document, document_type) = match checked.document {
        Some((text, kind)) => (Some(text), Some(kind.as_str())),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO link_requests (id, requester_id, given_name, family_name, date_of_birth, \
         national_register_number, hospital_patient_number, subject_id, document, \
         document_type, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'waiting', $11)",
    )
    .bind(&id)
    .bind(&parent.id)
    .bind(&checked.given_name)
    .bind(&checked.family_name)
    .bind(checked.born.to_string())
    .bind(&register_digits)
    .bind(&checked.patient_number)
    .bind(child.map(|c| c.id))
    .bind(document)
    .bind(document_type)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::info!("link request received");
    Ok(Ok(id))
}

type ViewRow = (String, String, String, String, String, Option<String>, i64, Option<i64>);

fn status(text: &str) -> Result<LinkRequestStatus, ServerError> {
    match text {
        "waiting" => Ok(LinkRequestStatus::Waiting),
        "approved" => Ok(LinkRequestStatus::Approved),
        "refused" => Ok(LinkRequestStatus::Refused),
        _ => Err(ServerError::Corrupt("a link request's status".into())),
    }
}

/// The parent's requests, newest first.
pub async fn of_parent(
    conn: &mut AnyConnection,
    parent_id: &str,
) -> Result<Vec<LinkRequestView>, ServerError> {
    let rows: Vec<ViewRow> = sqlx::query_as(
        "SELECT id, given_name, family_name, date_of_birth, status, reason, created_at, \
         decided_at FROM link_requests WHERE requester_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(parent_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(id, given_name, family_name, date_of_birth, state, reason, asked, decided)| {
            Ok(LinkRequestView {
                id,
                given_name,
                family_name,
                date_of_birth: dossier_api::dates::parse_iso(&date_of_birth)
                    .ok_or_else(|| ServerError::Corrupt("a link request's date".into()))?,
                status: status(&state)?,
                reason,
                asked_at: asked,
                decided_at: decided,
            })
        })
        .collect()
}

/// A waiting request as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRequest {
    pub id: String,
    pub parent_name: String,
    pub child_name: String,
    pub child_born: String,
    /// Whether the details name a patient (else: refuse, "no patient with these details").
    pub child_found: bool,
    pub document_type: Option<String>,
    pub asked_at: i64,
}

/// Every waiting request, oldest first.
pub async fn waiting(conn: &mut AnyConnection) -> Result<Vec<WaitingRequest>, ServerError> {
    type Row =
        (String, String, String, String, String, String, Option<String>, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, p.given_name, p.family_name, r.given_name, r.family_name, \
         r.date_of_birth, r.subject_id, r.document_type, r.created_at \
         FROM link_requests r JOIN patients p ON p.id = r.requester_id \
         WHERE r.status = 'waiting' ORDER BY r.created_at, r.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, pg, pf, cg, cf, born, subject, document_type, asked_at)| WaitingRequest {
            id,
            parent_name: format!("{pg} {pf}"),
            child_name: format!("{cg} {cf}"),
            child_born: born,
            child_found: subject.is_some(),
            document_type,
            asked_at,
        })
        .collect())
}

/// The document joined to a waiting request, for staff to read.
pub async fn document(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<(Vec<u8>, DocumentType)>, ServerError> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT document, document_type FROM link_requests WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((Some(text), Some(kind))) = row else { return Ok(None) };
    let bytes =
        STANDARD.decode(text).map_err(|_| ServerError::Corrupt("a request's document".into()))?;
    let kind = DocumentType::parse(&kind)
        .ok_or_else(|| ServerError::Corrupt("a request's document type".into()))?;
    Ok(Some((bytes, kind)))
}

/// What a staff decision came to, for the parent's e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub parent_id: String,
    pub child_given_name: String,
    pub approved: bool,
    pub reason: Option<String>,
}

/// Why staff could not approve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalProblem {
    #[error("no waiting request has this id")]
    NotWaiting,
    #[error("the details name no patient (or another one): refuse it with a reason")]
    NoSuchChild,
}

/// The reason a request is refused with when the child turned 15 before staff approved it.
pub const TURNED_FIFTEEN: &str = "The child turned 15 before the request could be approved: \
     they can get their own card and name you as a trusted person.";

/// Staff approve a waiting request: the parent/child link starts today and ends the day
/// before the 15th birthday. The child must still be under 15 today: otherwise the request
/// is refused with [`TURNED_FIFTEEN`] instead.
pub async fn approve(
    conn: &mut AnyConnection,
    id: &str,
    today: NaiveDate,
    now: i64,
) -> Result<Result<Decision, ApprovalProblem>, ServerError> {
    let row: Option<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT requester_id, subject_id, given_name FROM link_requests \
         WHERE id = $1 AND status = 'waiting'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((parent_id, subject_id, given_name)) = row else {
        return Ok(Err(ApprovalProblem::NotWaiting));
    };
    let child = match subject_id {
        Some(subject) => patients::find_by_id(conn, &subject).await?,
        None => None,
    };
    let Some(child) = child.filter(|c| !c.is_deceased()) else {
        return Ok(Err(ApprovalProblem::NoSuchChild));
    };
    if !is_child_on(child.date_of_birth, today) {
        return refuse(conn, id, TURNED_FIFTEEN, now)
            .await
            .map(|d| d.ok_or(ApprovalProblem::NotWaiting));
    }
    let last_day = links::last_day_of_child_link(child.date_of_birth);
    let link_id = if links::open_link_exists(conn, &parent_id, &child.id, LinkKind::ParentChild)
        .await?
    {
        None
    } else {
        let link = NewLink::by_staff(&parent_id, &child.id, LinkKind::ParentChild, today, last_day);
        Some(links::insert(conn, &link, now).await?)
    };
    sqlx::query(
        "UPDATE link_requests SET status = 'approved', link_id = $2, decided_at = $3, \
         document = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(link_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::info!("link request approved");
    Ok(Ok(Decision { parent_id, child_given_name: given_name, approved: true, reason: None }))
}

/// Staff refuse a waiting request with a reason the parent reads. None when no waiting
/// request has this id.
pub async fn refuse(
    conn: &mut AnyConnection,
    id: &str,
    reason: &str,
    now: i64,
) -> Result<Option<Decision>, ServerError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT requester_id, given_name FROM link_requests WHERE id = $1 AND status = 'waiting'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((parent_id, given_name)) = row else { return Ok(None) };
    sqlx::query(
        "UPDATE link_requests SET status = 'refused', reason = $2, decided_at = $3, \
         document = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(reason)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::info!("link request refused");
    Ok(Some(Decision {
        parent_id,
        child_given_name: given_name,
        approved: false,
        reason: Some(reason.to_owned()),
    }))
}

#[cfg(test)]
mod tests {
    use crate::clock::date;

    use super::*;

    fn request(born: &str, number: Option<&str>) -> ChildLinkRequest {
        ChildLinkRequest {
            given_name: "Lotte".into(),
            family_name: "Peeters".into(),
            date_of_birth: born.into(),
            national_register_number: number.map(str::to_owned),
            hospital_patient_number: None,
            parental_authority: true,
            document: None,
        }
    }

    #[test]
    fn requests_are_checked_before_anything_is_looked_up() {
        let today = date(2026, 12, 1);
        let number = NationalRegisterNumber::for_birth_date(2018, 2, 9, 88).unwrap();
        let digits = number.digits().to_owned();
        assert!(check(&request("2018-02-09", Some(&digits)), today).is_ok());
        // 15 today: no longer a child.
        let fifteen = NationalRegisterNumber::for_birth_date(2011, 12, 1, 88).unwrap();
        assert_eq!(
            check(&request("2011-12-01", Some(fifteen.digits())), today).err(),
            Some(LinkRequestProblem::NotAChild)
        );
        // A number of another birth date, a bad checksum, none at all.
        assert_eq!(
            check(&request("2018-02-10", Some(&digits)), today).err(),
            Some(LinkRequestProblem::RegisterNumber)
        );
        let mut wrong = digits.clone();
        let last = wrong.pop().unwrap();
        wrong.push(if last == '0' { '1' } else { '0' });
        assert_eq!(
            check(&request("2018-02-09", Some(&wrong)), today).err(),
            Some(LinkRequestProblem::RegisterNumber)
        );
        assert_eq!(
            check(&request("2018-02-09", None), today).err(),
            Some(LinkRequestProblem::NoIdentifier)
        );
        assert_eq!(
            check(&request("2027-01-01", Some(&digits)), today).err(),
            Some(LinkRequestProblem::DateOfBirth)
        );
        let mut no_statement = request("2018-02-09", Some(&digits));
        no_statement.parental_authority = false;
        assert_eq!(check(&no_statement, today).err(), Some(LinkRequestProblem::NoStatement));
        let mut no_name = request("2018-02-09", Some(&digits));
        no_name.given_name = "  ".into();
        assert_eq!(check(&no_name, today).err(), Some(LinkRequestProblem::Name));
    }

    #[test]
    fn documents_are_checked_by_content_and_size() {
        let today = date(2026, 12, 1);
        let number = NationalRegisterNumber::for_birth_date(2018, 2, 9, 88).unwrap();
        let mut with_document = request("2018-02-09", Some(number.digits()));
        with_document.document = Some(STANDARD.encode(b"%PDF-1.7 a certificate"));
        assert!(check(&with_document, today).is_ok());
        with_document.document = Some(STANDARD.encode(b"MZ an executable called .pdf"));
        assert_eq!(check(&with_document, today).err(), Some(LinkRequestProblem::DocumentType));
        with_document.document = Some("not base64 !!".into());
        assert_eq!(check(&with_document, today).err(), Some(LinkRequestProblem::DocumentType));
        let mut large = b"%PDF-".to_vec();
        large.resize(MAX_DOCUMENT_BYTES + 1, b' ');
        with_document.document = Some(STANDARD.encode(&large));
        assert_eq!(check(&with_document, today).err(), Some(LinkRequestProblem::DocumentTooLarge));
    }
}
