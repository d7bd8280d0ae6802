//! Reports as stored: import (insert or amend), validate, protect, and the sync of one
//! record's reports since a cursor, with every decision made by [`crate::visibility`].

use std::collections::HashMap;

use dossier_api::reports::{
    HospitalView, LabValue, PendingReport, ReportDelay, ReportSyncResponse, ReportType, ReportView,
};
use jiff::{Timestamp, civil::Date};
use sqlx::AnyConnection;

use crate::{
    error::ServerError,
    visibility::{self, Hidden, HospitalRules, ReportFacts, ReportStatus, local_date},
};

/// Reports per sync page.
pub const PAGE_SIZE: i64 = 200;

/// A report as a hospital sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingReport {
    pub source_id: String,
    pub hospital_id: String,
    pub report_type: ReportType,
    pub title: String,
    pub author: String,
    pub performed_on: Date,
    pub status: IncomingStatus,
    pub body: String,
    pub lab_values: Vec<LabValue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomingStatus {
    Draft,
    Validated { at: Timestamp },
    Protected { validated_at: Option<Timestamp> },
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

/// Stores a report for `patient_id`: new, or an amended version of the one with the same
/// hospital and source id (its version goes up when the content changed).
pub async fn import(
    conn: &mut AnyConnection,
    patient_id: &str,
    report: &IncomingReport,
    now: i64,
) -> Result<String, ServerError> {
    let (status, validated_at) = match report.status {
        IncomingStatus::Draft => ("draft", None),
        IncomingStatus::Validated { at } => ("validated", Some(at.as_second())),
        IncomingStatus::Protected { validated_at } => {
            ("protected", validated_at.map(|t| t.as_second()))
        }
    };
    let lab_values = (!report.lab_values.is_empty())
        .then(|| serde_json::to_string(&report.lab_values))
        .transpose()
        .map_err(|e| ServerError::InvalidInput(e.to_string()))?;
    let existing: Option<(String, i64, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT id, version, title, body, lab_values, status FROM reports \
         WHERE hospital_id = $1 AND source_id = $2",
    )
    .bind(&report.hospital_id)
    .bind(&report.source_id)
    .fetch_optional(&mut *conn)
    .await?;
    let seq = next_seq(conn).await?;
    match existing {
        Some((id, version, title, body, old_values, old_status)) => {
            let amended = title != report.title || body != report.body || old_values != lab_values;
            let version = if amended && old_status != "draft" { version + 1 } else { version };
            sqlx::query(
                "UPDATE reports SET report_type = $2, title = $3, author = $4, performed_on = $5, \
                 validated_at = $6, status = $7, version = $8, body = $9, lab_values = $10, \
                 change_seq = $11, updated_at = $12 WHERE id = $1",
            )
            .bind(&id)
            .bind(report.report_type.as_str())
            .bind(&report.title)
            .bind(&report.author)
            .bind(report.performed_on.to_string())
            .bind(validated_at)
            .bind(status)
            .bind(version)
            .bind(&report.body)
            .bind(lab_values)
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(id)
        }
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO reports (id, patient_id, hospital_id, source_id, report_type, title, \
                 author, performed_on, validated_at, status, version, body, lab_values, \
                 change_seq, published, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $13, 0, $14)",
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
            .bind(&report.body)
            .bind(lab_values)
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            Ok(id)
        }
    }
}

/// Validates a draft (now), or protects a report. False if there is no such report.
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
            "UPDATE reports SET status = 'protected', change_seq = $2, updated_at = $3 \
             WHERE id = $1 AND status <> 'protected'"
        }
        StatusChange::Unprotect => {
            "UPDATE reports SET status = CASE WHEN validated_at IS NULL THEN 'draft' \
             ELSE 'validated' END, change_seq = $2, updated_at = $3 \
             WHERE id = $1 AND status = 'protected'"
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
}

pub async fn hospitals(conn: &mut AnyConnection) -> Result<HashMap<String, Hospital>, ServerError> {
    // The flag is read through an expression: sqlx's Any driver cannot read SQLite booleans.
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, name, city, reports_visible_from, \
         CAST(CASE WHEN shares_child_reports THEN 1 ELSE 0 END AS BIGINT) FROM hospitals",
    )
    .fetch_all(&mut *conn)
    .await?;
    let delays: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT hospital_id, report_type, delay_days FROM hospital_report_delays")
            .fetch_all(&mut *conn)
            .await?;
    let mut hospitals = HashMap::new();
    for (id, name, city, from, shares) in rows {
        let from: Date =
            from.parse().map_err(|_| ServerError::Corrupt("hospital first date".into()))?;
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
                reports_visible_from: h.rules.reports_visible_from.to_string(),
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
    version: i64,
    body: String,
    lab_values: Option<String>,
    change_seq: i64,
    published: i64,
}

const COLUMNS: &str = "id, hospital_id, report_type, title, author, performed_on, validated_at, \
                       status, version, body, lab_values, change_seq, published";

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
            ("protected", _) => ReportStatus::Protected,
            ("validated", Some(at)) => ReportStatus::Validated {
                at: Timestamp::from_second(at)
                    .map_err(|_| ServerError::Corrupt("validated_at".into()))?,
            },
            _ => ReportStatus::Draft,
        };
        let performed_on =
            self.performed_on.parse().map_err(|_| ServerError::Corrupt("performed_on".into()))?;
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
        let validated_on = self
            .validated_at
            .and_then(|s| Timestamp::from_second(s).ok())
            .map(|t| local_date(t).to_string())
            .unwrap_or_default();
        Ok(ReportView {
            id: self.id,
            record_id: record_id.to_owned(),
            hospital_id: self.hospital_id,
            hospital_name: hospital.name.clone(),
            report_type: ReportType::parse(&self.report_type).unwrap_or(ReportType::Examination),
            title: self.title,
            author: self.author,
            performed_on: self.performed_on,
            validated_on,
            version: u32::try_from(self.version).unwrap_or(1),
            body: self.body,
            lab_values,
        })
    }
}

/// Where a device is in a record's changes: the last change number it has, and the time of
/// its last sync (reports whose delay ended since then are due too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub seq: i64,
    pub at: i64,
}

impl Cursor {
    pub const START: Cursor = Cursor { seq: 0, at: 0 };

    pub fn parse(text: &str) -> Option<Self> {
        let (seq, at) = text.split_once('.')?;
        Some(Self { seq: seq.parse().ok()?, at: at.parse().ok()? })
    }

    pub fn encode(self) -> String {
        format!("{}.{}", self.seq, self.at)
    }
}

/// One page of a record's changes since `cursor`, as of `now`.
pub async fn sync(
    conn: &mut AnyConnection,
    record_id: &str,
    record_born: Date,
    cursor: Cursor,
    limit: i64,
    now: Timestamp,
) -> Result<ReportSyncResponse, ServerError> {
    let hospitals = hospitals(conn).await?;
    let mut upserts = Vec::new();
    let mut removals = Vec::new();
    let mut published = Vec::new();

    // Reports hidden at the cursor's time and shown now although unchanged: their delay
    // ended since, or the patient turned 15 since (for hospitals that keep children's
    // reports off line). Only reports validated in those windows are read, so the next
    // page of the same sync (its cursor a moment old) reads next to nothing instead of a
    // year of reports.
    if cursor.at > 0 {
        let since = Timestamp::from_second(cursor.at)
            .map_err(|_| ServerError::Corrupt("sync cursor time".into()))?;
        let windows = became_visible_windows(&hospitals, record_born, since, now);
        let placeholders: Vec<String> = (0..windows.len())
            .map(|i| format!("(validated_at > ${} AND validated_at <= ${})", 3 + 2 * i, 4 + 2 * i))
            .collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM reports WHERE patient_id = $1 AND status = 'validated' \
             AND change_seq <= $2 AND ({})",
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

    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reports WHERE patient_id = $1 AND change_seq > $2 \
         ORDER BY change_seq LIMIT $3"
    ))
    .bind(record_id)
    .bind(cursor.seq)
    .bind(limit + 1)
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() as i64 > limit;
    let mut last_seq = cursor.seq;
    for row in rows.into_iter().take(usize::try_from(limit).unwrap_or(usize::MAX)) {
        last_seq = row.change_seq;
        let (facts, hospital) = row.facts(&hospitals)?;
        match visibility::visibility(&facts, &hospital.rules, record_born, now) {
            Ok(()) => {
                if row.published == 0 {
                    published.push(row.id.clone());
                }
                upserts.push(row.view(record_id, hospital)?);
            }
            // Only a report some device may have shown is named, and only to a device that
            // synced before: one never shown (protected from the start) stays unknown.
            Err(_) if row.published != 0 && cursor.seq > 0 => removals.push(row.id),
            Err(_) => {}
        }
    }
    if !published.is_empty() {
        // One statement for the page (up to PAGE_SIZE ids), not one per report.
        let placeholders: Vec<String> = (1..=published.len()).map(|i| format!("${i}")).collect();
        let sql =
            format!("UPDATE reports SET published = 1 WHERE id IN ({})", placeholders.join(", "));
        let mut update = sqlx::query(&sql);
        for id in published {
            update = update.bind(id);
        }
        update.execute(&mut *conn).await?;
    }
    Ok(ReportSyncResponse {
        record_id: record_id.to_owned(),
        upserts,
        removals,
        cursor: Cursor { seq: last_seq, at: now.as_second() }.encode(),
        more,
        records: Vec::new(),
    })
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
/// `(since - d, now - d]`; every one if the patient turned 15 in between.
fn became_visible_windows(
    hospitals: &HashMap<String, Hospital>,
    record_born: Date,
    since: Timestamp,
    now: Timestamp,
) -> Vec<(i64, i64)> {
    let turned_15 = crate::patients::is_child_on(record_born, local_date(since))
        && !crate::patients::is_child_on(record_born, local_date(now));
    if turned_15 {
        return vec![(i64::MIN, now.as_second())];
    }
    delays_in_use(hospitals)
        .into_iter()
        .map(|days| {
            let delay = i64::from(days) * 24 * 3600;
            (since.as_second() - delay, now.as_second() - delay)
        })
        .collect()
}

/// The validated reports of a record that appear later, and when (the delay is the only
/// hidden state a patient is told about).
pub async fn pending(
    conn: &mut AnyConnection,
    record_id: &str,
    record_born: Date,
    now: Timestamp,
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
    .bind(now.as_second() - i64::from(longest) * 24 * 3600)
    .fetch_all(&mut *conn)
    .await?;
    let mut pending = Vec::new();
    for row in rows {
        let (facts, hospital) = row.facts(&hospitals)?;
        if let Err(Hidden::InDelay { until }) =
            visibility::visibility(&facts, &hospital.rules, record_born, now)
        {
            pending.push(PendingReport {
                hospital_id: row.hospital_id.clone(),
                report_type: ReportType::parse(&row.report_type).unwrap_or(ReportType::Examination),
                visible_on: local_date(until).to_string(),
            });
        }
    }
    pending.sort_by(|a, b| a.visible_on.cmp(&b.visible_on));
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
                reports_visible_from: "2016-08-15".parse().unwrap(),
                shares_child_reports: false,
            },
            delays: delays.iter().copied().collect(),
        }
    }

    #[test]
    fn only_the_validation_times_whose_delay_ended_since_the_cursor_are_read() {
        let hospitals = HashMap::from([
            ("hzk".to_owned(), hospital(&[])),
            ("smt".to_owned(), hospital(&[(ReportType::LabResult, 1), (ReportType::Radiology, 7)])),
        ]);
        let since: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        let now: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
        let adult: Date = "1980-05-02".parse().unwrap();
        let day = 24 * 3600;
        let (s, n) = (since.as_second(), now.as_second());
        assert_eq!(
            became_visible_windows(&hospitals, adult, since, now),
            [(s, n), (s - day, n - day), (s - 7 * day, n - 7 * day)]
        );
        // The next page of the same sync: windows of a moment, next to nothing to read.
        let windows = became_visible_windows(&hospitals, adult, now, now);
        assert!(windows.iter().all(|(after, until)| after == until));
    }

    #[test]
    fn turning_15_since_the_cursor_reads_every_report() {
        let hospitals = HashMap::from([("smt".to_owned(), hospital(&[]))]);
        let born: Date = "2011-11-22".parse().unwrap();
        let since: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        let now: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
        assert_eq!(
            became_visible_windows(&hospitals, born, since, now),
            [(i64::MIN, now.as_second())]
        );
        assert_eq!(became_visible_windows(&hospitals, born, now, now).len(), 1);
        assert_ne!(became_visible_windows(&hospitals, born, now, now)[0].0, i64::MIN);
    }
}
