//! Links between records (`record_links`): who (the holder) may open whose record (the
//! subject), as what, from when until when. This module is the only one that writes the
//! table; kinds and statuses are enums here and text in the database.

use jiff::civil::Date;
use sqlx::AnyConnection;

use crate::error::ServerError;

/// What a link makes the holder to the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// A parent of a child under 15.
    ParentChild,
    /// Someone the patient trusts with their record.
    TrustedPerson,
    /// Someone who exercises the patient's rights when the patient cannot.
    Representative,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::ParentChild => "parent_child",
            LinkKind::TrustedPerson => "trusted_person",
            LinkKind::Representative => "representative",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [LinkKind::ParentChild, LinkKind::TrustedPerson, LinkKind::Representative]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// Where a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkStatus {
    /// Asked for, waiting for staff.
    Requested,
    Active,
    /// Ended by its own rule (the 15th birthday, the end of its period, a death).
    Ended,
    /// Ended by the patient or staff.
    Revoked,
}

impl LinkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Requested => "requested",
            LinkStatus::Active => "active",
            LinkStatus::Ended => "ended",
            LinkStatus::Revoked => "revoked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [LinkStatus::Requested, LinkStatus::Active, LinkStatus::Ended, LinkStatus::Revoked]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// A link to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink<'a> {
    pub holder_id: &'a str,
    pub subject_id: &'a str,
    pub kind: LinkKind,
    pub status: LinkStatus,
    pub valid_from: Date,
    /// The last day it gives access; None: until revoked.
    pub valid_until: Option<Date>,
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
         valid_until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(link.holder_id)
    .bind(link.subject_id)
    .bind(link.kind.as_str())
    .bind(link.status.as_str())
    .bind(link.valid_from.to_string())
    .bind(link.valid_until.map(|d| d.to_string()))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// A link as stored, with what the access rule needs of its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldLink {
    pub id: String,
    pub subject_id: String,
    pub given_name: String,
    pub family_name: String,
    pub subject_born: Date,
    pub subject_died: Option<Date>,
    pub kind: LinkKind,
    pub status: LinkStatus,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct HeldRow {
    id: String,
    subject_id: String,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    date_of_death: Option<String>,
    kind: String,
    status: String,
    valid_from: String,
    valid_until: Option<String>,
}

impl HeldRow {
    fn parse(self) -> Result<HeldLink, ServerError> {
        let date = |text: &str| {
            text.parse::<Date>().map_err(|_| ServerError::Corrupt("a link's date".into()))
        };
        Ok(HeldLink {
            subject_born: date(&self.date_of_birth)?,
            subject_died: self.date_of_death.as_deref().map(date).transpose()?,
            kind: LinkKind::parse(&self.kind)
                .ok_or_else(|| ServerError::Corrupt("a link's kind".into()))?,
            status: LinkStatus::parse(&self.status)
                .ok_or_else(|| ServerError::Corrupt("a link's status".into()))?,
            valid_from: date(&self.valid_from)?,
            valid_until: self.valid_until.as_deref().map(date).transpose()?,
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
         p.date_of_death, l.kind, l.status, l.valid_from, l.valid_until \
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
pub fn last_day_of_child_link(born: Date) -> Option<Date> {
    dossier_api::age::last_day_of_child_link(crate::patients::civil(born))
        .and_then(crate::patients::from_civil)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_read_back_as_written() {
        for kind in [LinkKind::ParentChild, LinkKind::TrustedPerson, LinkKind::Representative] {
            assert_eq!(LinkKind::parse(kind.as_str()), Some(kind));
        }
        for status in
            [LinkStatus::Requested, LinkStatus::Active, LinkStatus::Ended, LinkStatus::Revoked]
        {
            assert_eq!(LinkStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(LinkKind::parse("friend"), None);
        assert_eq!(LinkStatus::parse("ACTIVE"), None);
    }
}
