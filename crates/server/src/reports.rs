//! Reports as stored: import (insert or amend), validate, protect, and the sync of one
//! record's reports since a cursor, with every decision made by [`crate::visibility`].

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use dossier_api::reports::{
    HospitalView, LabValue, PendingReport, ReportDelay, ReportType, ReportView,
};
use sqlx::AnyConnection;

use crate::{
    crypto::Sealer,
    error::ServerError,
    visibility::{self, HospitalRules, ReportFacts, ReportStatus, local_date},
};

/// Reports per sync page, unless the device asks for fewer or more.
pub const PAGE_SIZE: i64 = 200;
/// The most a device may ask for in one page.
pub const MAX_PAGE_SIZE: i64 = dossier_api::reports::MAX_SYNC_PAGE as i64;

/// A report as a hospital sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingReport {
    pub source_id: String,
    pub hospital_id: String,
    pub report_type: ReportType,
    pub title: String,
    pub author: String,
    pub performed_on: NaiveDate,
    pub status: IncomingStatus,
    /// Which version of the report this is, by the source's own reckoning.
    pub source_version: SourceVersion,
    pub body: String,
    pub lab_values: Vec<LabValue>,
}

/// Where a report stands at its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingStatus {
    /// Not final yet (FHIR registered, partial, preliminary): never shown, and never
    /// replaces a report that was final.
    Draft,
    /// Final (or amended, corrected, appended), validated at `at`.
    Validated { at: DateTime<Utc> },
    /// Final but restricted at the source (third-party data, therapeutic exception).
    Protected { validated_at: Option<DateTime<Utc>> },
    /// Cancelled or entered in error: taken off every device.
    Withdrawn,
}

/// A version as the source numbers and dates it (FHIR `meta.versionId`,
/// `meta.lastUpdated`, `issued`); all absent for a source that keeps no versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceVersion {
    pub version_id: Option<String>,
    pub last_updated: Option<DateTime<Utc>>,
    pub issued: Option<DateTime<Utc>>,
}

/// The next change number: every stored change takes one, so a device can ask "since".
async fn next_seq(conn: &mut AnyConnection) -> Result<i64, ServerError> {
    let (value,): (i64,) = sqlx::query_as(
        "UPDATE sequences SET value = value + 1 WHERE name = 'report_changes' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(value)
}

impl SourceVersion {
    /// Whether `self` is older than `stored`, by the source's own reckoning: the version
    /// ids when both are whole numbers and differ, else the last-updated times when both
    /// are given and differ, else the issued times. Versions that cannot be told apart are
    /// not older (a re-sent report replaces the stored one).
    pub fn is_older_than(&self, stored: &SourceVersion) -> bool {
        let numeric =
            |v: &SourceVersion| v.version_id.as_deref().and_then(|id| id.parse::<u64>().ok());
        if let (Some(new), Some(old)) = (numeric(self), numeric(stored))
            && new != old
        {
            return new < old;
        }
        if let (Some(new), Some(old)) = (self.last_updated, stored.last_updated)
            && new != old
        {
            return new < old;
        }
        matches!((self.issued, stored.issued), (Some(new), Some(old)) if new < old)
    }
}

impl IncomingReport {
    /// What no source may send, whatever its format.
    pub fn check(&self) -> Result<(), String> {
        let validated_at = match self.status {
            IncomingStatus::Validated { at } => Some(at),
            IncomingStatus::Protected { validated_at } => validated_at,
            IncomingStatus::Draft | IncomingStatus::Withdrawn => None,
        };
        if let Some(at) = validated_at
            && local_date(at) < self.performed_on
        {
            return Err(format!(
                "validated on {} but performed on {}: a report is validated after it is performed",
                local_date(at),
                self.performed_on
            ));
        }
        if self.source_id.trim().is_empty() || self.source_id.len() > 256 {
            return Err("the source id is empty or longer than 256 characters".into());
        }
        Ok(())
    }
}

/// What an import did with one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    New {
        report_id: String,
    },
    /// A later version, or a change of status: devices get it at their next sync.
    Updated {
        report_id: String,
    },
    /// The same version again, nothing changed.
    Unchanged {
        report_id: String,
    },
    /// Kept out: an older version than the one stored.
    OlderVersion {
        report_id: String,
    },
    /// Kept out: a preliminary version of a report that was already final.
    PreliminaryAfterFinal {
        report_id: String,
    },
}

impl ImportOutcome {
    pub fn report_id(&self) -> &str {
        match self {
            ImportOutcome::New { report_id }
            | ImportOutcome::Updated { report_id }
            | ImportOutcome::Unchanged { report_id }
            | ImportOutcome::OlderVersion { report_id }
            | ImportOutcome::PreliminaryAfterFinal { report_id } => report_id,
        }
    }
}

/// Why a report cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportRefusal {
    #[error("this source id is already used by another patient's report at this hospital")]
    SourceIdOfAnotherPatient,
    #[error("{0}")]
    Invalid(String),
}

#[derive(sqlx::FromRow)]
struct StoredVersion {
    id: String,
    patient_id: String,
    status: String,
    version: i64,
    title: String,
    author: String,
    body: String,
    lab_values: Option<String>,
    report_type: String,
    performed_on: String,
    validated_at: Option<i64>,
    source_version_id: Option<String>,
    source_updated_at: Option<i64>,
    source_issued_at: Option<i64>,
}

fn timestamp(seconds: Option<i64>) -> Option<DateTime<Utc>> {
    seconds.and_then(|s| DateTime::from_timestamp(s, 0))
}

/// Stores a report for `patient_id`: new, or a later version of the one with the same
/// hospital and source id. Never goes backwards: an older version, or a preliminary after
/// a final one, is kept out. The source id belongs to one patient: a report for another
/// patient with it is refused. Staff protection survives whatever the source sends.
pub async fn import(
    conn: &mut AnyConnection,
    patient_id: &str,
    report: &IncomingReport,
    now: i64,
) -> Result<Result<ImportOutcome, ImportRefusal>, ServerError> {
    if let Err(reason) = report.check() {
        return Ok(Err(ImportRefusal::Invalid(reason)));
    }
    let (status, validated_at) = match report.status {
        IncomingStatus::Draft => ("draft", None),
        IncomingStatus::Validated { at } => ("validated", Some(at.timestamp())),
        IncomingStatus::Protected { validated_at } => {
            ("protected", validated_at.map(|t| t.timestamp()))
        }
        IncomingStatus::Withdrawn => ("withdrawn", None),
    };
    let lab_values = (!report.lab_values.is_empty())
        .then(|| serde_json::to_string(&report.lab_values))
        .transpose()
        .map_err(|e| ServerError::InvalidInput(e.to_string()))?;
    let version = &report.source_version;
    let existing: Option<StoredVersion> = sqlx::query_as(
        "SELECT id, patient_id, status, version, title, author, body, lab_values, report_type, \
         performed_on, validated_at, source_version_id, source_updated_at, source_issued_at \
         FROM reports WHERE hospital_id = $1 AND source_id = $2",
    )
    .bind(&report.hospital_id)
    .bind(&report.source_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(stored) = existing else {
        let id = uuid::Uuid::new_v4().to_string();
        let seq = next_seq(conn).await?;
        sqlx::query(
            "INSERT INTO reports (id, patient_id, hospital_id, source_id, report_type, title, \
             author, performed_on, validated_at, status, protected_by_staff, version, \
             source_version_id, source_updated_at, source_issued_at, body, lab_values, \
             change_seq, published, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 1, $11, $12, $13, $14, $15, \
             $16, 0, $17)",
        )
        .bind(&id)
        .bind(patient_id)
        .bind(&report.hospital_id)
        .bind(&report.source_id)
        .bind(report.report_type.as_str())
        .bind(&report.title)
        .bind(&report.author)
        .bind(report.performed_on.to_string())
        .bind(validated_at)
        .bind(status)
        .bind(version.version_id.as_deref())
        .bind(version.last_updated.map(|t| t.timestamp()))
        .bind(version.issued.map(|t| t.timestamp()))
        .bind(&report.body)
        .bind(lab_values)
        .bind(seq)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        return Ok(Ok(ImportOutcome::New { report_id: id }));
    };
    if stored.patient_id != patient_id {
        return Ok(Err(ImportRefusal::SourceIdOfAnotherPatient));
    }
    let report_id = stored.id.clone();
    let stored_version = SourceVersion {
        version_id: stored.source_version_id.clone(),
        last_updated: timestamp(stored.source_updated_at),
        issued: timestamp(stored.source_issued_at),
    };
    if version.is_older_than(&stored_version) {
        return Ok(Ok(ImportOutcome::OlderVersion { report_id }));
    }
    let was_final = stored.validated_at.is_some() && stored.status != "draft";
    if report.status == IncomingStatus::Draft && was_final {
        return Ok(Ok(ImportOutcome::PreliminaryAfterFinal { report_id }));
    }
    let content_changed = stored.title != report.title
        || stored.body != report.body
        || stored.lab_values != lab_values
        || stored.author != report.author
        || stored.report_type != report.report_type.as_str()
        || stored.performed_on != report.performed_on.to_string();
    let unchanged = !content_changed
        && stored.status == status
        && stored.validated_at == validated_at
        && stored_version == *version;
    if unchanged {
        return Ok(Ok(ImportOutcome::Unchanged { report_id }));
    }
    // The version patients see goes up when content they saw changes.
    let shown_version = if content_changed && stored.status != "draft" {
        stored.version + 1
    } else {
        stored.version
    };
    let seq = next_seq(conn).await?;
    sqlx::query(
        "UPDATE reports SET report_type = $2, title = $3, author = $4, performed_on = $5, \
         validated_at = $6, status = $7, version = $8, body = $9, lab_values = $10, \
         source_version_id = $11, source_updated_at = $12, source_issued_at = $13, \
         change_seq = $14, updated_at = $15 WHERE id = $1",
    )
    .bind(&report_id)
    .bind(report.report_type.as_str())
    .bind(&report.title)
    .bind(&report.author)
    .bind(report.performed_on.to_string())
    .bind(validated_at)
    .bind(status)
    .bind(shown_version)
    .bind(&report.body)
    .bind(lab_values)
    .bind(version.version_id.as_deref())
    .bind(version.last_updated.map(|t| t.timestamp()))
    .bind(version.issued.map(|t| t.timestamp()))
    .bind(seq)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Ok(ImportOutcome::Updated { report_id }))
}

/// Validates a draft (now), or protects a report (or lifts staff protection). False if
/// there is no such report, or nothing to change. Staff protection is a flag of its own:
/// the source's later versions never lift it, and lifting it restores what the source says.
pub async fn set_status(
    conn: &mut AnyConnection,
    report_id: &str,
    change: StatusChange,
    now: i64,
) -> Result<bool, ServerError> {
    let seq = next_seq(conn).await?;
    let query = match change {
        StatusChange::Validate => {
            "UPDATE reports SET status = 'validated', validated_at = $3, change_seq = $2, \
             updated_at = $3 WHERE id = $1 AND status = 'draft'"
        }
        StatusChange::Protect => {
            "UPDATE reports SET protected_by_staff = 1, change_seq = $2, updated_at = $3 \
             WHERE id = $1 AND protected_by_staff = 0"
        }
        StatusChange::Unprotect => {
            "UPDATE reports SET protected_by_staff = 0, change_seq = $2, updated_at = $3 \
             WHERE id = $1 AND protected_by_staff = 1"
        }
    };
    let changed =
        sqlx::query(query).bind(report_id).bind(seq).bind(now).execute(&mut *conn).await?;
    Ok(changed.rows_affected() == 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    Validate,
    Protect,
    Unprotect,
}

/// A hospital's rules as the rule and the app need them.
#[derive(Debug, Clone)]
pub struct Hospital {
    pub name: String,
    pub city: String,
    pub rules: HospitalRules,
    pub delays: HashMap<ReportType, u32>,
    /// The FHIR identifier system of its patient numbers (EAD).
    pub patient_number_system: Option<String>,
}

pub async fn hospitals(conn: &mut AnyConnection) -> Result<HashMap<String, Hospital>, ServerError> {
    // The flag is read through an expression: sqlx's Any driver cannot read SQLite booleans.
    let rows: Vec<(String, String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, name, city, reports_visible_from, \
         CAST(CASE WHEN shares_child_reports THEN 1 ELSE 0 END AS BIGINT), \
         patient_number_system FROM hospitals",
    )
    .fetch_all(&mut *conn)
    .await?;
    let delays: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT hospital_id, report_type, delay_days FROM hospital_report_delays")
            .fetch_all(&mut *conn)
            .await?;
    let mut hospitals = HashMap::new();
    for (id, name, city, from, shares, patient_number_system) in rows {
        let from = dossier_api::dates::parse_iso(&from)
            .ok_or_else(|| ServerError::Corrupt("hospital first date".into()))?;
        hospitals.insert(
            id,
            Hospital {
                name,
                city,
                rules: HospitalRules {
                    reports_visible_from: from,
                    shares_child_reports: shares != 0,
                },
                delays: HashMap::new(),
                patient_number_system,
            },
        );
    }
    for (hospital_id, report_type, days) in delays {
        if let (Some(hospital), Some(report_type)) =
            (hospitals.get_mut(&hospital_id), ReportType::parse(&report_type))
        {
            hospital.delays.insert(report_type, u32::try_from(days).unwrap_or(0));
        }
    }
    Ok(hospitals)
}

/// The hospitals as "Your hospitals" shows them.
pub fn hospital_views(hospitals: &HashMap<String, Hospital>) -> Vec<HospitalView> {
    let mut views: Vec<HospitalView> = hospitals
        .iter()
        .map(|(id, h)| {
            let mut delays: Vec<ReportDelay> = h
                .delays
                .iter()
                .filter(|(_, days)| **days > 0)
                .map(|(report_type, days)| ReportDelay { report_type: *report_type, days: *days })
                .collect();
            delays.sort_by_key(|d| d.report_type);
            HospitalView {
                id: id.clone(),
                name: h.name.clone(),
                city: h.city.clone(),
                reports_visible_from: h.rules.reports_visible_from,
                delays,
                shares_child_reports: h.rules.shares_child_reports,
            }
        })
        .collect();
    views.sort_by(|a, b| a.name.cmp(&b.name));
    views
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    hospital_id: String,
    report_type: String,
    title: String,
    author: String,
    performed_on: String,
    validated_at: Option<i64>,
    status: String,
    protected_by_staff: i64,
    version: i64,
    body: String,
    lab_values: Option<String>,
    change_seq: i64,
    published: i64,
}

const COLUMNS: &str = "id, hospital_id, report_type, title, author, performed_on, validated_at, \
                       status, protected_by_staff, version, body, lab_values, change_seq, \
                       published";

impl Row {
    fn facts<'h>(
        &self,
        hospitals: &'h HashMap<String, Hospital>,
    ) -> Result<(ReportFacts, &'h Hospital), ServerError> {
        let hospital = hospitals
            .get(&self.hospital_id)
            .ok_or_else(|| ServerError::Corrupt("report hospital".into()))?;
        let report_type = ReportType::parse(&self.report_type)
            .ok_or_else(|| ServerError::Corrupt("report type".into()))?;
        let status = match (self.status.as_str(), self.validated_at) {
            ("withdrawn", _) => ReportStatus::Withdrawn,
            _ if self.protected_by_staff != 0 => ReportStatus::Protected,
            ("protected", _) => ReportStatus::Protected,
            ("validated", Some(at)) => ReportStatus::Validated {
                at: DateTime::from_timestamp(at, 0)
                    .ok_or_else(|| ServerError::Corrupt("validated_at".into()))?,
            },
            _ => ReportStatus::Draft,
        };
        let performed_on = dossier_api::dates::parse_iso(&self.performed_on)
            .ok_or_else(|| ServerError::Corrupt("performed_on".into()))?;
        let delay_days = hospital.delays.get(&report_type).copied().unwrap_or(0);
        Ok((ReportFacts { status, performed_on, delay_days }, hospital))
    }

    fn view(self, record_id: &str, hospital: &Hospital) -> Result<ReportView, ServerError> {
        let lab_values = match &self.lab_values {
            Some(json) => {
                serde_json::from_str(json).map_err(|_| ServerError::Corrupt("lab values".into()))?
            }
            None => Vec::new(),
        };
        // Only validated reports are shown, and each has its validation time.
        let validated_on = timestamp(self.validated_at)
            .map(local_date)
            .ok_or_else(|| ServerError::Corrupt("validated_at".into()))?;
        Ok(ReportView {
            id: self.id,
            record_id: record_id.to_owned(),
            hospital_id: self.hospital_id,
            hospital_name: hospital.name.clone(),
            report_type: ReportType::parse(&self.report_type).unwrap_or(ReportType::Examination),
            title: self.title,
            author: self.author,
            performed_on: dossier_api::dates::parse_iso(&self.performed_on)
                .ok_or_else(|| ServerError::Corrupt("performed_on".into()))?,
            validated_on,
            version: u32::try_from(self.version).unwrap_or(1),
            body: self.body,
            lab_values,
        })
    }
}

/// The record's reports as a care provider sees them (the access rule allowed it): every
/// validated report, newest first, without the patient-side delays and protections, which
/// are about what the patient reads online, not what their carers read.
pub async fn for_care(
    conn: &mut AnyConnection,
    patient_id: &str,
) -> Result<Vec<dossier_api::care_access::ProviderReportSummary>, ServerError> {
    let hospitals = hospitals(conn).await?;
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, hospital_id, title, validated_at FROM reports \
         WHERE patient_id = $1 AND status = 'validated' ORDER BY validated_at DESC",
    )
    .bind(patient_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(id, hospital_id, title, validated_at)| {
            Ok(dossier_api::care_access::ProviderReportSummary {
                id,
                hospital_name: hospitals
                    .get(&hospital_id)
                    .map(|h| h.name.clone())
                    .ok_or_else(|| ServerError::Corrupt("report hospital".into()))?,
                title,
                validated_on: timestamp(validated_at)
                    .map(local_date)
                    .ok_or_else(|| ServerError::Corrupt("validated_at".into()))?,
            })
        })
        .collect()
}

/// One validated report of the patient, for a care provider; None: no such report.
pub async fn one_for_care(
    conn: &mut AnyConnection,
    patient_id: &str,
    report_id: &str,
) -> Result<Option<ReportView>, ServerError> {
    let hospitals = hospitals(conn).await?;
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reports WHERE id = $1 AND patient_id = $2 AND status = 'validated'"
    ))
    .bind(report_id)
    .bind(patient_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let hospital = hospitals
        .get(&row.hospital_id)
        .ok_or_else(|| ServerError::Corrupt("report hospital".into()))?;
    row.view(patient_id, hospital).map(Some)
}

/// Where a device is in a record's changes: the last change number it has, and the time of
/// its last sync (reports whose delay ended since then are due too). Handed out sealed
/// ([`Cursor::seal`]): change numbers count every patient's changes and hidden reports, so
/// a cursor in clear would show where hidden reports sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub seq: i64,
    pub at: i64,
}

impl Cursor {
    pub const START: Cursor = Cursor { seq: 0, at: 0 };

    pub fn seal(self, sealer: &Sealer, record_id: &str) -> String {
        let mut bytes = [0_u8; 16];
        bytes[..8].copy_from_slice(&self.seq.to_be_bytes());
        bytes[8..].copy_from_slice(&self.at.to_be_bytes());
        sealer.seal(record_id, &bytes)
    }

    /// A cursor this server sealed for this record, else None.
    pub fn open(sealer: &Sealer, record_id: &str, text: &str) -> Option<Self> {
        let bytes: [u8; 16] = sealer.open(record_id, text)?.try_into().ok()?;
        let seq = i64::from_be_bytes(bytes[..8].try_into().ok()?);
        let at = i64::from_be_bytes(bytes[8..].try_into().ok()?);
        (seq >= 0 && DateTime::from_timestamp(at, 0).is_some()).then_some(Self { seq, at })
    }
}

/// One page of a record's changes, and where the next one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncPage {
    pub upserts: Vec<ReportView>,
    pub removals: Vec<String>,
    pub next: Cursor,
    pub more: bool,
}

/// What the device is told about one change.
enum Change {
    Upsert(Row),
    Removal(Row),
}

impl Change {
    fn seq(&self) -> i64 {
        match self {
            Change::Upsert(row) | Change::Removal(row) => row.change_seq,
        }
    }
}

/// One page of a record's changes since `cursor`, as of `now`. Pages and cursors are
/// built over what the viewer may see: a page holds `limit` changes the device is told
/// about (fewer only on the last page), whatever hidden reports lie between them, and
/// `more` says whether such a change follows.
/// When a stored report is shown to its patient: now, the end of its delay, or never (a
/// draft, a protected report, a child's report a hospital keeps off line). For telling
/// someone "something new" at the moment there is something to see.
pub async fn shown_from(
    conn: &mut AnyConnection,
    report_id: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServerError> {
    let found: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM reports WHERE id = $1"))
            .bind(report_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(row) = found else { return Ok(None) };
    let (born,): (String,) = sqlx::query_as(
        "SELECT p.date_of_birth FROM reports r JOIN patients p ON p.id = r.patient_id \
         WHERE r.id = $1",
    )
    .bind(report_id)
    .fetch_one(&mut *conn)
    .await?;
    let born = dossier_api::dates::parse_iso(&born)
        .ok_or_else(|| ServerError::Corrupt("a patient date".into()))?;
    let hospitals = hospitals(conn).await?;
    let (facts, hospital) = row.facts(&hospitals)?;
    Ok(match visibility::visibility(&facts, &hospital.rules, born, now) {
        Ok(()) => Some(now),
        Err(hidden) => hidden.waiting_until(),
    })
}

pub async fn sync(
    conn: &mut AnyConnection,
    record_id: &str,
    record_born: NaiveDate,
    cursor: Cursor,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<SyncPage, ServerError> {
    let hospitals = hospitals(conn).await?;
    let limit = usize::try_from(limit.clamp(1, MAX_PAGE_SIZE)).unwrap_or(1);
    let mut upserts = Vec::new();
    let mut published = Vec::new();

    // Reports hidden at the cursor's time and shown now although unchanged: their delay
    // ended since, or the patient turned 15 since (for hospitals that keep children's
    // reports off line). Only reports validated in those windows are read, so the next
    // page of the same sync (its cursor a moment old) reads next to nothing instead of a
    // year of reports.
    if cursor.at > 0 {
        let since = DateTime::from_timestamp(cursor.at, 0)
            .ok_or_else(|| ServerError::Corrupt("sync cursor time".into()))?;
        let windows = became_visible_windows(&hospitals, record_born, since, now);
        let placeholders: Vec<String> = (0..windows.len())
            .map(|i| format!("(validated_at > ${} AND validated_at <= ${})", 3 + 2 * i, 4 + 2 * i))
            .collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM reports WHERE patient_id = $1 AND status = 'validated' \
             AND protected_by_staff = 0 AND change_seq <= $2 AND ({})",
            placeholders.join(" OR ")
        );
        let mut query = sqlx::query_as::<_, Row>(&sql).bind(record_id).bind(cursor.seq);
        for (after, until) in windows {
            query = query.bind(after).bind(until);
        }
        for row in query.fetch_all(&mut *conn).await? {
            let (facts, hospital) = row.facts(&hospitals)?;
            let was_hidden =
                visibility::visibility(&facts, &hospital.rules, record_born, since).is_err();
            if was_hidden
                && visibility::visibility(&facts, &hospital.rules, record_born, now).is_ok()
            {
                if row.published == 0 {
                    published.push(row.id.clone());
                }
                upserts.push(row.view(record_id, hospital)?);
            }
        }
    }

    // The changes since the cursor that the device is told about, one more than a page
    // (to know whether more follow). Hidden rows are read and skipped: they shape neither
    // the page nor the cursor.
    let mut changes: Vec<Change> = Vec::with_capacity(limit + 1);
    let mut scanned = cursor.seq;
    let mut batch = limit + 1;
    loop {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM reports WHERE patient_id = $1 AND change_seq > $2 \
             ORDER BY change_seq LIMIT $3"
        ))
        .bind(record_id)
        .bind(scanned)
        .bind(i64::try_from(batch).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
        let exhausted = rows.len() < batch;
        for row in rows {
            scanned = row.change_seq;
            let (facts, hospital) = row.facts(&hospitals)?;
            match visibility::visibility(&facts, &hospital.rules, record_born, now) {
                Ok(()) => changes.push(Change::Upsert(row)),
                // Only a report some device may have shown is named, and only to a device
                // that synced before: one never shown (protected from the start) stays
                // unknown.
                Err(_) if row.published != 0 && cursor.seq > 0 => {
                    changes.push(Change::Removal(row));
                }
                Err(_) => {}
            }
            if changes.len() > limit {
                break;
            }
        }
        if exhausted || changes.len() > limit {
            break;
        }
        batch = (batch * 2).min(4 * MAX_PAGE_SIZE as usize);
    }
    let more = changes.len() > limit;
    changes.truncate(limit);
    // A full page ends at its last change (the next starts right after it); the last page
    // ends where reading ended.
    let next_seq = if more { changes.last().map_or(cursor.seq, Change::seq) } else { scanned };
    let mut removals = Vec::new();
    for change in changes {
        match change {
            Change::Upsert(row) => {
                let (_, hospital) = row.facts(&hospitals)?;
                if row.published == 0 {
                    published.push(row.id.clone());
                }
                upserts.push(row.view(record_id, hospital)?);
            }
            Change::Removal(row) => removals.push(row.id),
        }
    }
    if !published.is_empty() {
        // One statement for the page (up to a page of ids), not one per report.
        let placeholders: Vec<String> = (1..=published.len()).map(|i| format!("${i}")).collect();
        let sql =
            format!("UPDATE reports SET published = 1 WHERE id IN ({})", placeholders.join(", "));
        let mut update = sqlx::query(&sql);
        for id in published {
            update = update.bind(id);
        }
        update.execute(&mut *conn).await?;
    }
    Ok(SyncPage { upserts, removals, next: Cursor { seq: next_seq, at: now.timestamp() }, more })
}

/// Every delay (days) a hospital applies to a report type, and 0; ascending.
fn delays_in_use(hospitals: &HashMap<String, Hospital>) -> Vec<u32> {
    let mut delays: Vec<u32> =
        hospitals.values().flat_map(|h| h.delays.values().copied()).chain([0]).collect();
    delays.sort_unstable();
    delays.dedup();
    delays
}

/// Validation times (unix seconds, `(after, until]`) of the reports that may have become
/// visible between `since` and `now`: for each delay `d` in use, those validated in
/// `(since - d days, now - d days]` (calendar days, an hour wider on each side for a change
/// of summer time; the rule decides each row); every one if the patient turned 15 in
/// between.
fn became_visible_windows(
    hospitals: &HashMap<String, Hospital>,
    record_born: NaiveDate,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<(i64, i64)> {
    let turned_15 = crate::patients::is_child_on(record_born, local_date(since))
        && !crate::patients::is_child_on(record_born, local_date(now));
    if turned_15 {
        return vec![(i64::MIN, now.timestamp())];
    }
    const HOUR: i64 = 3600;
    delays_in_use(hospitals)
        .into_iter()
        .map(|days| {
            if days == 0 {
                return (since.timestamp(), now.timestamp());
            }
            (
                visibility::validated_by(since, days).timestamp() - HOUR,
                visibility::validated_by(now, days).timestamp() + HOUR,
            )
        })
        .collect()
}

/// The validated reports of a record that appear later, and when (the delay is the only
/// hidden state a patient is told about).
pub async fn pending(
    conn: &mut AnyConnection,
    record_id: &str,
    record_born: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<PendingReport>, ServerError> {
    let hospitals = hospitals(conn).await?;
    // Only a report validated within the longest delay can still be waiting.
    let longest = delays_in_use(&hospitals).last().copied().unwrap_or(0);
    if longest == 0 {
        return Ok(Vec::new());
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reports WHERE patient_id = $1 AND status = 'validated' \
         AND validated_at > $2"
    ))
    .bind(record_id)
    .bind(visibility::validated_by(now, longest).timestamp() - 3600)
    .fetch_all(&mut *conn)
    .await?;
    let mut pending = Vec::new();
    for row in rows {
        let (facts, hospital) = row.facts(&hospitals)?;
        if let Err(hidden) = visibility::visibility(&facts, &hospital.rules, record_born, now)
            && let Some(until) = hidden.waiting_until()
        {
            pending.push(PendingReport {
                hospital_id: row.hospital_id.clone(),
                report_type: ReportType::parse(&row.report_type).unwrap_or(ReportType::Examination),
                visible_on: local_date(until),
            });
        }
    }
    pending.sort_by_key(|p| p.visible_on);
    Ok(pending)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hospital(delays: &[(ReportType, u32)]) -> Hospital {
        Hospital {
            name: "Sint-Trudo".into(),
            city: "Sint-Truiden".into(),
            rules: HospitalRules {
                reports_visible_from: crate::clock::date(2016, 8, 15),
                shares_child_reports: false,
            },
            delays: delays.iter().copied().collect(),
            patient_number_system: None,
        }
    }

    #[test]
    fn only_the_validation_times_whose_delay_ended_since_the_cursor_are_read() {
        let hospitals = HashMap::from([
            ("hzk".to_owned(), hospital(&[])),
            ("smt".to_owned(), hospital(&[(ReportType::LabResult, 1), (ReportType::Radiology, 7)])),
        ]);
        let since: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        let adult = crate::clock::date(1980, 5, 2);
        let (day, hour) = (24 * 3600, 3600);
        let (s, n) = (since.timestamp(), now.timestamp());
        // No change of summer time in these days: calendar days of 24 hours, widened by an
        // hour on each side.
        assert_eq!(
            became_visible_windows(&hospitals, adult, since, now),
            [(s, n), (s - day - hour, n - day + hour), (s - 7 * day - hour, n - 7 * day + hour)]
        );
        // The next page of the same sync: windows of a moment, next to nothing to read.
        let windows = became_visible_windows(&hospitals, adult, now, now);
        assert!(windows.iter().all(|(after, until)| until - after <= 2 * hour));
    }

    #[test]
    fn turning_15_since_the_cursor_reads_every_report() {
        let hospitals = HashMap::from([("smt".to_owned(), hospital(&[]))]);
        let born: NaiveDate = "2011-11-22".parse().unwrap();
        let since: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        let now: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
        assert_eq!(
            became_visible_windows(&hospitals, born, since, now),
            [(i64::MIN, now.timestamp())]
        );
        assert_eq!(became_visible_windows(&hospitals, born, now, now).len(), 1);
        assert_ne!(became_visible_windows(&hospitals, born, now, now)[0].0, i64::MIN);
    }
}
