//! The access log of every record: each care provider's opening, allowed or refused; each
//! opening by a linked person from the app (once per session); each change the patient
//! makes under "Access"; each opening, download and wrong date of birth with a radiology
//! share code. Append-only: this module only inserts and reads, and no route
//! changes or deletes an entry.

use dossier_api::care_access::{
    AccessChange, AccessEvent, AccessGround, AccessLogEntry, AccessLogPage, AccessRefusal,
    Accessor, CareRole, OpenedItem, StudyAction,
};
use dossier_api::links::LinkKind;
use sqlx::AnyConnection;

use crate::error::ServerError;

/// The most entries one page of the log holds.
pub const MAX_PAGE: i64 = 1000;
pub const DEFAULT_PAGE: i64 = 500;

/// An entry to write. Names are copied in as they are now.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub patient_id: &'a str,
    pub at: i64,
    pub who: &'a Accessor,
    pub provider_id: Option<&'a str>,
    pub event: &'a AccessEvent,
    /// Set for linked persons' openings: one entry per session and record.
    pub dedupe_key: Option<String>,
}

/// Whether an entry with this dedupe key is in the log.
pub async fn logged(conn: &mut AnyConnection, dedupe_key: &str) -> Result<bool, ServerError> {
    let (seen,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM access_log WHERE dedupe_key = $1")
        .bind(dedupe_key)
        .fetch_one(&mut *conn)
        .await?;
    Ok(seen > 0)
}

async fn next_seq(conn: &mut AnyConnection) -> Result<i64, ServerError> {
    let (value,): (i64,) = sqlx::query_as(
        "UPDATE sequences SET value = value + 1 WHERE name = 'access_log' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(value)
}

/// Appends `entry`. A linked person's second opening in the same session writes nothing.
pub async fn append(conn: &mut AnyConnection, entry: &NewEntry<'_>) -> Result<(), ServerError> {
    let (kind, name, role, nihdi, hospital, department) = match entry.who {
        Accessor::CareProvider { name, role, nihdi_number, hospital_name, department } => (
            "care_provider",
            name,
            Some(role.as_str()),
            nihdi_number.as_deref(),
            hospital_name.as_deref(),
            department.as_deref(),
        ),
        Accessor::LinkedPerson { name, link } => {
            ("linked_person", name, Some(link.as_str()), None, None, None)
        }
        Accessor::Patient { name } => ("patient", name, None, None, None, None),
        Accessor::ShareCode { ending } => ("share_code", ending, None, None, None, None),
    };
    let (event, item, ground, reason, justification, change) = match entry.event {
        AccessEvent::Opened { what, ground, justification } => {
            ("opened", Some(what), Some(ground.as_str()), None, justification.as_deref(), None)
        }
        AccessEvent::Refused { what, reason } => {
            ("refused", Some(what), None, Some(reason.as_str()), None, None)
        }
        AccessEvent::Changed { change } => ("changed", None, None, None, None, Some(change)),
    };
    let (item, report_id, report_title) = match item {
        None => (None, None, None),
        Some(OpenedItem::Record) => (Some("record"), None, None),
        Some(OpenedItem::Report { report_id, title }) => {
            (Some("report"), Some(report_id.as_str()), Some(title.as_str()))
        }
        Some(OpenedItem::RadiologyStudy { report_id, title, action }) => {
            let item = match action {
                StudyAction::Viewed => "study_viewed",
                StudyAction::Downloaded => "study_downloaded",
            };
            (Some(item), Some(report_id.as_str()), Some(title.as_str()))
        }
    };
    let (change, change_provider) = match change {
        None => (None, None),
        Some(AccessChange::GpObjected { provider_name }) => {
            (Some("gp_objected"), Some(provider_name))
        }
        Some(AccessChange::GpAllowedAgain { provider_name }) => {
            (Some("gp_allowed_again"), Some(provider_name))
        }
        Some(AccessChange::ReferrerConsentWithdrawn { provider_name }) => {
            (Some("referrer_consent_withdrawn"), Some(provider_name))
        }
        Some(AccessChange::ExclusionStopped { provider_name }) => {
            (Some("exclusion_stopped"), Some(provider_name))
        }
        Some(AccessChange::GpNamed { provider_name }) => (Some("gp_named"), Some(provider_name)),
        Some(AccessChange::GpRemoved { provider_name }) => {
            (Some("gp_removed"), Some(provider_name))
        }
    };
    if let Some(key) = &entry.dedupe_key {
        let (seen,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM access_log WHERE dedupe_key = $1")
                .bind(key)
                .fetch_one(&mut *conn)
                .await?;
        if seen > 0 {
            return Ok(());
        }
    }
    let seq = next_seq(conn).await?;
    sqlx::query(
        "INSERT INTO access_log (seq, patient_id, at, accessor_kind, accessor_name, accessor_role, \
         nihdi_number, hospital_name, department, provider_id, event, item, report_id, \
         report_title, ground, reason, justification, change, change_provider_name, dedupe_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(seq)
    .bind(entry.patient_id)
    .bind(entry.at)
    .bind(kind)
    .bind(name.as_str())
    .bind(role)
    .bind(nihdi)
    .bind(hospital)
    .bind(department)
    .bind(entry.provider_id)
    .bind(event)
    .bind(item)
    .bind(report_id)
    .bind(report_title)
    .bind(ground)
    .bind(reason)
    .bind(justification)
    .bind(change)
    .bind(change_provider.map(String::as_str))
    .bind(entry.dedupe_key.as_deref())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    seq: i64,
    at: i64,
    accessor_kind: String,
    accessor_name: String,
    accessor_role: Option<String>,
    nihdi_number: Option<String>,
    hospital_name: Option<String>,
    department: Option<String>,
    event: String,
    item: Option<String>,
    report_id: Option<String>,
    report_title: Option<String>,
    ground: Option<String>,
    reason: Option<String>,
    justification: Option<String>,
    change: Option<String>,
    change_provider_name: Option<String>,
}

/// The record's entries after `after`, oldest first, at most `limit` (within 1..=MAX_PAGE).
pub async fn page(
    conn: &mut AnyConnection,
    patient_id: &str,
    after: i64,
    limit: i64,
) -> Result<AccessLogPage, ServerError> {
    let limit = limit.clamp(1, MAX_PAGE);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, at, accessor_kind, accessor_name, accessor_role, nihdi_number, \
         hospital_name, department, event, item, report_id, report_title, ground, reason, \
         justification, change, change_provider_name FROM access_log \
         WHERE patient_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(patient_id)
    .bind(after)
    .bind(limit + 1)
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() as i64 > limit;
    let entries =
        rows.into_iter().take(limit as usize).map(entry_of).collect::<Result<Vec<_>, _>>()?;
    Ok(AccessLogPage { record_id: patient_id.to_owned(), entries, more })
}

fn entry_of(row: Row) -> Result<AccessLogEntry, ServerError> {
    let corrupt = |what: &str| ServerError::Corrupt(format!("access log {what}"));
    let Row {
        seq,
        at,
        accessor_kind: kind,
        accessor_name: name,
        accessor_role: role,
        nihdi_number,
        hospital_name,
        department,
        event,
        item,
        report_id,
        report_title,
        ground,
        reason,
        justification,
        change,
        change_provider_name: change_provider,
    } = row;
    let who = match kind.as_str() {
        "care_provider" => Accessor::CareProvider {
            name,
            role: role.as_deref().and_then(CareRole::parse).ok_or_else(|| corrupt("role"))?,
            nihdi_number,
            hospital_name,
            department,
        },
        "linked_person" => Accessor::LinkedPerson {
            name,
            link: role.as_deref().and_then(LinkKind::parse).ok_or_else(|| corrupt("link"))?,
        },
        "patient" => Accessor::Patient { name },
        "share_code" => Accessor::ShareCode { ending: name },
        _ => return Err(corrupt("accessor")),
    };
    let what = || match (item.as_deref(), &report_id) {
        (Some("record"), _) => Ok(OpenedItem::Record),
        (Some("report"), Some(id)) => Ok(OpenedItem::Report {
            report_id: id.clone(),
            title: report_title.clone().unwrap_or_default(),
        }),
        (Some(item @ ("study_viewed" | "study_downloaded")), Some(id)) => {
            Ok(OpenedItem::RadiologyStudy {
                report_id: id.clone(),
                title: report_title.clone().unwrap_or_default(),
                action: if item == "study_viewed" {
                    StudyAction::Viewed
                } else {
                    StudyAction::Downloaded
                },
            })
        }
        _ => Err(corrupt("item")),
    };
    let event = match event.as_str() {
        "opened" => AccessEvent::Opened {
            what: what()?,
            ground: ground
                .as_deref()
                .and_then(AccessGround::parse)
                .ok_or_else(|| corrupt("ground"))?,
            justification,
        },
        "refused" => AccessEvent::Refused {
            what: what()?,
            reason: reason
                .as_deref()
                .and_then(AccessRefusal::parse)
                .ok_or_else(|| corrupt("reason"))?,
        },
        "changed" => {
            let provider_name = change_provider.unwrap_or_default();
            AccessEvent::Changed {
                change: match change.as_deref() {
                    Some("gp_objected") => AccessChange::GpObjected { provider_name },
                    Some("gp_allowed_again") => AccessChange::GpAllowedAgain { provider_name },
                    Some("referrer_consent_withdrawn") => {
                        AccessChange::ReferrerConsentWithdrawn { provider_name }
                    }
                    Some("exclusion_stopped") => AccessChange::ExclusionStopped { provider_name },
                    Some("gp_named") => AccessChange::GpNamed { provider_name },
                    Some("gp_removed") => AccessChange::GpRemoved { provider_name },
                    _ => return Err(corrupt("change")),
                },
            }
        }
        _ => return Err(corrupt("event")),
    };
    Ok(AccessLogEntry { seq, at, who, event })
}
