//! Links between records (`record_links`): who (the holder) may open whose record (the
//! subject), as what, from when until when. This module is the only one that writes the
//! table; kinds and statuses are enums here and text in the database.

use chrono::NaiveDate;
use sqlx::AnyConnection;

use crate::error::ServerError;

pub use dossier_api::links::{LinkKind, LinkStatus, TrustedPersonRights};

/// Who made a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MadeBy {
    /// At the desk, or approving a parent's request.
    Staff,
    /// A trusted person named by the patient from the app (waits for staff to confirm).
    Patient,
}

impl MadeBy {
    fn as_str(self) -> &'static str {
        match self {
            MadeBy::Staff => "staff",
            MadeBy::Patient => "patient",
        }
    }
}

/// Why a link ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The child turned 15.
    Birthday,
    /// Its period is over.
    Period,
    /// The holder or the subject died.
    Death,
    /// The patient revoked it from the app.
    Patient,
    /// Staff ended it.
    Staff,
}

impl EndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Birthday => "birthday",
            EndReason::Period => "period",
            EndReason::Death => "death",
            EndReason::Patient => "patient",
            EndReason::Staff => "staff",
        }
    }

    /// The status a link ends in: its own rule ends it, a person revokes it.
    fn status(self) -> LinkStatus {
        match self {
            EndReason::Birthday | EndReason::Period | EndReason::Death => LinkStatus::Ended,
            EndReason::Patient | EndReason::Staff => LinkStatus::Revoked,
        }
    }
}

/// A link to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink<'a> {
    pub holder_id: &'a str,
    pub subject_id: &'a str,
    pub kind: LinkKind,
    pub status: LinkStatus,
    pub valid_from: NaiveDate,
    /// The last day it gives access; None: until revoked.
    pub valid_until: Option<NaiveDate>,
    /// What a trusted person may do (the others open the record).
    pub rights: TrustedPersonRights,
    /// A representative's mandate.
    pub mandate_reference: Option<&'a str>,
    pub made_by: MadeBy,
}

impl<'a> NewLink<'a> {
    /// An active link made by staff that opens the record.
    pub fn by_staff(
        holder_id: &'a str,
        subject_id: &'a str,
        kind: LinkKind,
        valid_from: NaiveDate,
        valid_until: Option<NaiveDate>,
    ) -> Self {
        Self {
            holder_id,
            subject_id,
            kind,
            status: LinkStatus::Active,
            valid_from,
            valid_until,
            rights: TrustedPersonRights { view_record: true, ..Default::default() },
            mandate_reference: None,
            made_by: MadeBy::Staff,
        }
    }
}

/// Stores a link; returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    link: &NewLink<'_>,
    now: i64,
) -> Result<String, ServerError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO record_links (id, holder_id, subject_id, kind, status, valid_from, \
         valid_until, created_at, view_record, be_informed, ask_for_copy, mandate_reference, \
         made_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(link.holder_id)
    .bind(link.subject_id)
    .bind(link.kind.as_str())
    .bind(link.status.as_str())
    .bind(link.valid_from.to_string())
    .bind(link.valid_until.map(|d| d.to_string()))
    .bind(now)
    .bind(i64::from(link.rights.view_record))
    .bind(i64::from(link.rights.be_informed))
    .bind(i64::from(link.rights.ask_for_copy))
    .bind(link.mandate_reference)
    .bind(link.made_by.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The columns every link has, as stored.
#[derive(sqlx::FromRow)]
struct TermsRow {
    kind: String,
    status: String,
    valid_from: String,
    valid_until: Option<String>,
    view_record: i64,
    be_informed: i64,
    ask_for_copy: i64,
}

/// A link's kind, status, period and rights, read back.
struct Terms {
    kind: LinkKind,
    status: LinkStatus,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
    rights: TrustedPersonRights,
}

fn stored_date(text: &str) -> Result<NaiveDate, ServerError> {
    dossier_api::dates::parse_iso(text).ok_or_else(|| ServerError::Corrupt("a link's date".into()))
}

impl TermsRow {
    fn parse(self) -> Result<Terms, ServerError> {
        Ok(Terms {
            kind: LinkKind::parse(&self.kind)
                .ok_or_else(|| ServerError::Corrupt("a link's kind".into()))?,
            status: LinkStatus::parse(&self.status)
                .ok_or_else(|| ServerError::Corrupt("a link's status".into()))?,
            valid_from: stored_date(&self.valid_from)?,
            valid_until: self.valid_until.as_deref().map(stored_date).transpose()?,
            rights: TrustedPersonRights {
                view_record: self.view_record != 0,
                be_informed: self.be_informed != 0,
                ask_for_copy: self.ask_for_copy != 0,
            },
        })
    }
}

/// A link as stored, with what the access rule needs of its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldLink {
    pub id: String,
    pub subject_id: String,
    pub given_name: String,
    pub family_name: String,
    pub subject_born: NaiveDate,
    pub subject_died: Option<NaiveDate>,
    pub kind: LinkKind,
    pub status: LinkStatus,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub rights: TrustedPersonRights,
}

#[derive(sqlx::FromRow)]
struct HeldRow {
    id: String,
    subject_id: String,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    date_of_death: Option<String>,
    #[sqlx(flatten)]
    terms: TermsRow,
}

impl HeldRow {
    fn parse(self) -> Result<HeldLink, ServerError> {
        let terms = self.terms.parse()?;
        Ok(HeldLink {
            subject_born: stored_date(&self.date_of_birth)?,
            subject_died: self.date_of_death.as_deref().map(stored_date).transpose()?,
            kind: terms.kind,
            status: terms.status,
            valid_from: terms.valid_from,
            valid_until: terms.valid_until,
            rights: terms.rights,
            id: self.id,
            subject_id: self.subject_id,
            given_name: self.given_name,
            family_name: self.family_name,
        })
    }
}

/// The links `holder_id` holds with `status`, youngest subject first.
pub async fn held_by(
    conn: &mut AnyConnection,
    holder_id: &str,
    status: LinkStatus,
) -> Result<Vec<HeldLink>, ServerError> {
    let rows: Vec<HeldRow> = sqlx::query_as(
        "SELECT l.id, l.subject_id, p.given_name, p.family_name, p.date_of_birth, \
         p.date_of_death, l.kind, l.status, l.valid_from, l.valid_until, l.view_record, \
         l.be_informed, l.ask_for_copy \
         FROM record_links l JOIN patients p ON p.id = l.subject_id \
         WHERE l.holder_id = $1 AND l.status = $2 ORDER BY p.date_of_birth DESC",
    )
    .bind(holder_id)
    .bind(status.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(HeldRow::parse).collect()
}

/// The last day a parent/child link gives access: the day before the 15th birthday (the
/// rule shared with the device, `dossier_api::age`; 28 February for a child born on
/// 29 February, in a common year).
pub fn last_day_of_child_link(born: NaiveDate) -> Option<NaiveDate> {
    dossier_api::age::last_day_of_child_link(born)
}

/// A link to a record as its patient sees it ("who can open my record").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectLink {
    pub id: String,
    pub holder_id: String,
    pub subject_id: String,
    pub given_name: String,
    pub family_name: String,
    pub kind: LinkKind,
    pub status: LinkStatus,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub rights: TrustedPersonRights,
    pub mandate_reference: Option<String>,
    pub made_by: MadeBy,
}

#[derive(sqlx::FromRow)]
struct SubjectRow {
    id: String,
    holder_id: String,
    subject_id: String,
    given_name: String,
    family_name: String,
    #[sqlx(flatten)]
    terms: TermsRow,
    mandate_reference: Option<String>,
    made_by: String,
}

const SUBJECT_LINK_COLUMNS: &str = "l.id, l.holder_id, l.subject_id, p.given_name, p.family_name, l.kind, \
     l.status, l.valid_from, l.valid_until, l.view_record, l.be_informed, l.ask_for_copy, \
     l.mandate_reference, l.made_by";

impl SubjectRow {
    fn parse(self) -> Result<SubjectLink, ServerError> {
        let terms = self.terms.parse()?;
        Ok(SubjectLink {
            kind: terms.kind,
            status: terms.status,
            valid_from: terms.valid_from,
            valid_until: terms.valid_until,
            rights: terms.rights,
            made_by: if self.made_by == "patient" { MadeBy::Patient } else { MadeBy::Staff },
            id: self.id,
            holder_id: self.holder_id,
            subject_id: self.subject_id,
            given_name: self.given_name,
            family_name: self.family_name,
            mandate_reference: self.mandate_reference,
        })
    }
}

/// The links to `subject_id` that are waiting or in force (ended ones are history),
/// with their holders' names.
pub async fn to_record(
    conn: &mut AnyConnection,
    subject_id: &str,
) -> Result<Vec<SubjectLink>, ServerError> {
    let rows: Vec<SubjectRow> = sqlx::query_as(&format!(
        "SELECT {SUBJECT_LINK_COLUMNS} FROM record_links l JOIN patients p ON p.id = l.holder_id \
         WHERE l.subject_id = $1 AND l.status IN ('requested', 'active') \
         ORDER BY l.valid_from, l.created_at"
    ))
    .bind(subject_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(SubjectRow::parse).collect()
}

/// One link with its holder's name.
pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<SubjectLink>, ServerError> {
    let row: Option<SubjectRow> = sqlx::query_as(&format!(
        "SELECT {SUBJECT_LINK_COLUMNS} FROM record_links l \
         JOIN patients p ON p.id = l.holder_id WHERE l.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(SubjectRow::parse).transpose()
}

/// Whether `holder_id` already holds, or waits for, a link of `kind` to `subject_id`.
pub async fn open_link_exists(
    conn: &mut AnyConnection,
    holder_id: &str,
    subject_id: &str,
    kind: LinkKind,
) -> Result<bool, ServerError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM record_links WHERE holder_id = $1 AND subject_id = $2 AND kind = $3 \
         AND status IN ('requested', 'active')",
    )
    .bind(holder_id)
    .bind(subject_id)
    .bind(kind.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}

/// Staff confirm a link waiting for them (a trusted person named from the app). False when
/// it was not waiting.
pub async fn confirm(conn: &mut AnyConnection, id: &str) -> Result<bool, ServerError> {
    let done = sqlx::query(
        "UPDATE record_links SET status = 'active' WHERE id = $1 AND status = 'requested'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a waiting or active link at once. False when it had ended already.
pub async fn end(
    conn: &mut AnyConnection,
    id: &str,
    reason: EndReason,
    now: i64,
) -> Result<bool, ServerError> {
    Ok(end_where(conn, "id = $1", id, reason, now).await? == 1)
}

/// Ends every waiting or active link to and from `patient_id` (a death). Returns how many.
pub async fn end_all_of(
    conn: &mut AnyConnection,
    patient_id: &str,
    reason: EndReason,
    now: i64,
) -> Result<u64, ServerError> {
    end_where(conn, "(holder_id = $1 OR subject_id = $1)", patient_id, reason, now).await
}

async fn end_where(
    conn: &mut AnyConnection,
    which: &str,
    id: &str,
    reason: EndReason,
    now: i64,
) -> Result<u64, ServerError> {
    let done = sqlx::query(&format!(
        "UPDATE record_links SET status = $2, end_reason = $3, ended_at = $4 \
         WHERE {which} AND status IN ('requested', 'active')"
    ))
    .bind(id)
    .bind(reason.status().as_str())
    .bind(reason.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// A link waiting for staff (a trusted person named from the app), as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingLink {
    pub id: String,
    pub holder_name: String,
    pub subject_name: String,
    pub kind: LinkKind,
    pub valid_until: Option<String>,
    pub created_at: i64,
}

/// Every link waiting for staff, oldest first.
pub async fn waiting(conn: &mut AnyConnection) -> Result<Vec<WaitingLink>, ServerError> {
    type Row = (String, String, String, String, String, String, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.id, h.given_name, h.family_name, s.given_name, s.family_name, l.kind, \
         l.valid_until, l.created_at FROM record_links l \
         JOIN patients h ON h.id = l.holder_id JOIN patients s ON s.id = l.subject_id \
         WHERE l.status = 'requested' ORDER BY l.created_at, l.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(id, hg, hf, sg, sf, kind, valid_until, created_at)| {
            Ok(WaitingLink {
                id,
                holder_name: format!("{hg} {hf}"),
                subject_name: format!("{sg} {sf}"),
                kind: LinkKind::parse(&kind)
                    .ok_or_else(|| ServerError::Corrupt("a link's kind".into()))?,
                valid_until,
                created_at,
            })
        })
        .collect()
}
