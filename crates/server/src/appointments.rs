//! Appointments as stored: import (insert or update by the hospital's source id), the
//! hospital's moves, cancellations and withdrawals, cancelling from the app by the
//! department's rule ([`cancel_decision`], pure), and the sync of one record's
//! appointments since a cursor, with the video link only in its window
//! ([`video_link_shown`], pure).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use dossier_api::appointments::{
    AppointmentKind, AppointmentPlace, AppointmentStatus, AppointmentView, CancelRefusal,
    CancelledBy, VIDEO_LINK_LEAD_SECONDS,
};
use sqlx::AnyConnection;

use crate::{error::ServerError, reports::Cursor};

/// Appointments per sync page, unless the device asks for fewer or more.
pub const PAGE_SIZE: i64 = 200;
/// The most a device may ask for in one page.
pub const MAX_PAGE_SIZE: i64 = 1000;
/// The longest notice a department may ask for a cancellation from the app: 30 days.
pub const MAX_NOTICE_HOURS: u32 = 30 * 24;

/// An appointment as a hospital sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingAppointment {
    pub source_id: String,
    pub hospital_id: String,
    pub department: String,
    pub place: Option<AppointmentPlace>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub with_whom: String,
    pub kind: AppointmentKind,
    pub video_link: Option<String>,
    pub status: AppointmentStatus,
    pub instructions: String,
    /// Entered in error at the source: taken off every device.
    pub withdrawn: bool,
}

impl IncomingAppointment {
    /// What no source may send, whatever its format.
    pub fn check(&self) -> Result<(), String> {
        if self.source_id.trim().is_empty() || self.source_id.len() > 256 {
            return Err("the source id is empty or longer than 256 characters".into());
        }
        if self.ends_at <= self.starts_at {
            return Err("the appointment ends before it starts".into());
        }
        if self.ends_at - self.starts_at > chrono::TimeDelta::days(31) {
            return Err("the appointment lasts more than 31 days".into());
        }
        if self.department.trim().is_empty() {
            return Err("the appointment has no department".into());
        }
        match (self.kind, &self.video_link, &self.place) {
            (AppointmentKind::Video, None, _) if !self.withdrawn => {
                return Err("a video consultation needs its join link".into());
            }
            (AppointmentKind::InPerson, _, None) if !self.withdrawn => {
                return Err("an appointment in person needs its place (campus)".into());
            }
            (AppointmentKind::InPerson, Some(_), _) => {
                return Err("an appointment in person has no video link".into());
            }
            _ => {}
        }
        if let Some(link) = &self.video_link {
            crate::import::https_link(link).map_err(|why| format!("the video link {why}"))?;
        }
        Ok(())
    }
}

/// A department's rule for cancelling from the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepartmentRule {
    pub cancellable: bool,
    /// Hours before the start after which only a phone call cancels.
    pub notice_hours: u32,
}

/// Whether the app may cancel an appointment of this department, state and start at `now`:
/// up to and including `notice_hours` before the start.
pub fn cancel_decision(
    rule: Option<DepartmentRule>,
    status: AppointmentStatus,
    starts_at: i64,
    now: i64,
) -> Result<(), CancelRefusal> {
    if status == AppointmentStatus::Cancelled {
        return Err(CancelRefusal::AlreadyCancelled);
    }
    if !status.is_upcoming() || starts_at <= now {
        return Err(CancelRefusal::NotUpcoming);
    }
    let rule = rule.filter(|r| r.cancellable).ok_or(CancelRefusal::NotCancellableHere)?;
    match cancellable_until(Some(rule), status, starts_at) {
        Some(until) if now <= until => Ok(()),
        _ => Err(CancelRefusal::TooLate { notice_hours: rule.notice_hours }),
    }
}

/// The last instant the app may cancel, by the department's rule; None where it may not.
pub fn cancellable_until(
    rule: Option<DepartmentRule>,
    status: AppointmentStatus,
    starts_at: i64,
) -> Option<i64> {
    let rule = rule.filter(|r| r.cancellable)?;
    status.is_upcoming().then(|| starts_at - i64::from(rule.notice_hours) * 3600)
}

/// Whether a video consultation's join link is given at `now`: from 15 minutes before the
/// start until the end, and only while it is still to take place.
pub fn video_link_shown(
    kind: AppointmentKind,
    status: AppointmentStatus,
    starts_at: i64,
    ends_at: i64,
    now: i64,
) -> bool {
    kind == AppointmentKind::Video
        && status.is_upcoming()
        && starts_at - VIDEO_LINK_LEAD_SECONDS <= now
        && now <= ends_at
}

/// What an import did with one appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    New,
    Updated,
    Unchanged,
}

/// The next change number of the appointments.
async fn next_seq(conn: &mut AnyConnection) -> Result<i64, ServerError> {
    let (value,): (i64,) = sqlx::query_as(
        "UPDATE sequences SET value = value + 1 WHERE name = 'appointment_changes' \
         RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(value)
}

#[derive(sqlx::FromRow, Clone)]
struct Row {
    id: String,
    patient_id: String,
    hospital_id: String,
    department: String,
    campus: Option<String>,
    route: Option<String>,
    floor: Option<String>,
    starts_at: i64,
    ends_at: i64,
    with_whom: String,
    kind: String,
    video_link: Option<String>,
    status: String,
    cancelled_by: Option<String>,
    instructions: String,
    withdrawn: i64,
    change_seq: i64,
}

const COLUMNS: &str = "id, patient_id, hospital_id, department, campus, route, floor, \
                       starts_at, ends_at, with_whom, kind, video_link, status, cancelled_by, \
                       instructions, withdrawn, change_seq";

impl Row {
    fn status(&self) -> Result<AppointmentStatus, ServerError> {
        AppointmentStatus::parse(&self.status)
            .ok_or_else(|| ServerError::Corrupt("appointment status".into()))
    }

    fn kind(&self) -> Result<AppointmentKind, ServerError> {
        AppointmentKind::parse(&self.kind)
            .ok_or_else(|| ServerError::Corrupt("appointment kind".into()))
    }

    fn link_shown(&self, now: i64) -> Result<bool, ServerError> {
        Ok(video_link_shown(self.kind()?, self.status()?, self.starts_at, self.ends_at, now))
    }

    fn view(self, context: &Context, now: i64) -> Result<AppointmentView, ServerError> {
        let status = self.status()?;
        let kind = self.kind()?;
        let hospital_name = context
            .hospital_names
            .get(&self.hospital_id)
            .cloned()
            .ok_or_else(|| ServerError::Corrupt("appointment hospital".into()))?;
        let rule = context.rules.get(&(self.hospital_id.clone(), self.department.clone())).copied();
        let shown = video_link_shown(kind, status, self.starts_at, self.ends_at, now);
        Ok(AppointmentView {
            id: self.id,
            record_id: self.patient_id,
            hospital_id: self.hospital_id,
            hospital_name,
            department: self.department,
            place: self.campus.map(|campus| AppointmentPlace {
                campus,
                route: self.route,
                floor: self.floor,
            }),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            with_whom: self.with_whom,
            kind,
            video_link: self.video_link.filter(|_| shown),
            status,
            cancelled_by: match self.cancelled_by.as_deref() {
                Some("app") => Some(CancelledBy::App),
                Some("hospital") => Some(CancelledBy::Hospital),
                _ => None,
            },
            instructions: self.instructions,
            cancellable_until: cancellable_until(rule, status, self.starts_at),
        })
    }
}

/// What a view needs besides its row: hospital names and department rules.
struct Context {
    hospital_names: HashMap<String, String>,
    rules: HashMap<(String, String), DepartmentRule>,
}

impl Context {
    async fn load(conn: &mut AnyConnection) -> Result<Self, ServerError> {
        let names: Vec<(String, String)> =
            sqlx::query_as("SELECT id, name FROM hospitals").fetch_all(&mut *conn).await?;
        let rules: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT hospital_id, department, cancellable, notice_hours FROM department_rules",
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(Self {
            hospital_names: names.into_iter().collect(),
            rules: rules
                .into_iter()
                .map(|(hospital, department, cancellable, hours)| {
                    let rule = DepartmentRule {
                        cancellable: cancellable != 0,
                        notice_hours: u32::try_from(hours).unwrap_or(MAX_NOTICE_HOURS),
                    };
                    ((hospital, department), rule)
                })
                .collect(),
        })
    }
}

/// Stores an appointment for `patient_id`: new, or the one with the same hospital and
/// source id brought up to date. A new start for a planned appointment makes it "moved".
/// A cancellation from the app holds against a re-sent file that still says planned at the
/// same time (the hospital's system has not caught up with it yet). Err: refused, why.
pub async fn import(
    conn: &mut AnyConnection,
    patient_id: &str,
    incoming: &IncomingAppointment,
    now: i64,
) -> Result<Result<ImportOutcome, String>, ServerError> {
    if let Err(reason) = incoming.check() {
        return Ok(Err(reason));
    }
    let stored: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE hospital_id = $1 AND source_id = $2"
    ))
    .bind(&incoming.hospital_id)
    .bind(&incoming.source_id)
    .fetch_optional(&mut *conn)
    .await?;
    let starts_at = incoming.starts_at.timestamp();
    let mut status = incoming.status;
    let mut cancelled_by = (status == AppointmentStatus::Cancelled).then_some("hospital");
    if let Some(stored) = &stored {
        if stored.patient_id != patient_id {
            return Ok(Err(
                "this source id is already used by another patient's appointment at this hospital"
                    .into(),
            ));
        }
        let stored_status = stored.status()?;
        // Planned at a new time, or planned again after a move: still "moved".
        let moved = stored.starts_at != starts_at || stored_status == AppointmentStatus::Moved;
        if status == AppointmentStatus::Planned && moved {
            status = AppointmentStatus::Moved;
        }
        let cancelled_from_app = stored_status == AppointmentStatus::Cancelled
            && stored.cancelled_by.as_deref() == Some("app");
        if cancelled_from_app && status.is_upcoming() && stored.starts_at == starts_at {
            status = AppointmentStatus::Cancelled;
        }
        if status == AppointmentStatus::Cancelled && stored_status == AppointmentStatus::Cancelled {
            cancelled_by = stored
                .cancelled_by
                .as_deref()
                .map(|by| if by == "app" { "app" } else { "hospital" });
        }
    }
    let place = incoming.place.as_ref();
    let fields = Row {
        id: String::new(),
        patient_id: patient_id.to_owned(),
        hospital_id: incoming.hospital_id.clone(),
        department: incoming.department.trim().to_owned(),
        campus: place.map(|p| p.campus.clone()),
        route: place.and_then(|p| p.route.clone()),
        floor: place.and_then(|p| p.floor.clone()),
        starts_at,
        ends_at: incoming.ends_at.timestamp(),
        with_whom: incoming.with_whom.clone(),
        kind: incoming.kind.as_str().to_owned(),
        video_link: incoming.video_link.clone(),
        status: status.as_str().to_owned(),
        cancelled_by: cancelled_by.map(str::to_owned),
        instructions: incoming.instructions.clone(),
        withdrawn: i64::from(incoming.withdrawn),
        change_seq: 0,
    };
    let Some(stored) = stored else {
        let seq = next_seq(conn).await?;
        sqlx::query(
            "INSERT INTO appointments (id, patient_id, hospital_id, source_id, department, \
             campus, route, floor, starts_at, ends_at, with_whom, kind, video_link, status, \
             cancelled_by, cancelled_at, instructions, withdrawn, change_seq, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18, $19, $20)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(patient_id)
        .bind(&fields.hospital_id)
        .bind(&incoming.source_id)
        .bind(&fields.department)
        .bind(fields.campus.as_deref())
        .bind(fields.route.as_deref())
        .bind(fields.floor.as_deref())
        .bind(fields.starts_at)
        .bind(fields.ends_at)
        .bind(&fields.with_whom)
        .bind(&fields.kind)
        .bind(fields.video_link.as_deref())
        .bind(&fields.status)
        .bind(fields.cancelled_by.as_deref())
        .bind(cancelled_by.map(|_| now))
        .bind(&fields.instructions)
        .bind(fields.withdrawn)
        .bind(seq)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        return Ok(Ok(ImportOutcome::New));
    };
    let same = |a: &Row, b: &Row| {
        (&a.department, &a.campus, &a.route, &a.floor, a.starts_at, a.ends_at, &a.with_whom)
            == (&b.department, &b.campus, &b.route, &b.floor, b.starts_at, b.ends_at, &b.with_whom)
            && (&a.kind, &a.video_link, &a.status, &a.cancelled_by, &a.instructions, a.withdrawn)
                == (
                    &b.kind,
                    &b.video_link,
                    &b.status,
                    &b.cancelled_by,
                    &b.instructions,
                    b.withdrawn,
                )
    };
    if same(&stored, &fields) {
        return Ok(Ok(ImportOutcome::Unchanged));
    }
    let seq = next_seq(conn).await?;
    let newly_cancelled = fields.status == "cancelled" && stored.status != "cancelled";
    sqlx::query(
        "UPDATE appointments SET department = $2, campus = $3, route = $4, floor = $5, \
         starts_at = $6, ends_at = $7, with_whom = $8, kind = $9, video_link = $10, \
         status = $11, cancelled_by = $12, \
         cancelled_at = CASE WHEN $13 = 1 THEN $16 WHEN $11 = 'cancelled' THEN cancelled_at \
         ELSE NULL END, \
         instructions = $14, withdrawn = $15, change_seq = $17, updated_at = $16 WHERE id = $1",
    )
    .bind(&stored.id)
    .bind(&fields.department)
    .bind(fields.campus.as_deref())
    .bind(fields.route.as_deref())
    .bind(fields.floor.as_deref())
    .bind(fields.starts_at)
    .bind(fields.ends_at)
    .bind(&fields.with_whom)
    .bind(&fields.kind)
    .bind(fields.video_link.as_deref())
    .bind(&fields.status)
    .bind(fields.cancelled_by.as_deref())
    .bind(i64::from(newly_cancelled))
    .bind(&fields.instructions)
    .bind(fields.withdrawn)
    .bind(now)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    Ok(Ok(ImportOutcome::Updated))
}

/// The stored id of the appointment a hospital knows by `source_id`.
pub async fn find_by_source(
    conn: &mut AnyConnection,
    hospital_id: &str,
    source_id: &str,
) -> Result<Option<String>, ServerError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM appointments WHERE hospital_id = $1 AND source_id = $2")
            .bind(hospital_id)
            .bind(source_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// A change staff make to an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffChange {
    /// To a new time: the appointment is "moved".
    Move { starts_at: DateTime<Utc>, ends_at: DateTime<Utc> },
    /// Cancelled by the hospital.
    Cancel,
    /// Entered in error: taken off every device.
    Withdraw,
}

/// Applies a staff change. Err: why it cannot be made; Ok(false): no such appointment.
pub async fn change_by_staff(
    conn: &mut AnyConnection,
    id: &str,
    change: StaffChange,
    now: i64,
) -> Result<Result<bool, String>, ServerError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM appointments WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(row) = row.filter(|r| r.withdrawn == 0) else { return Ok(Ok(false)) };
    let status = row.status()?;
    let seq = next_seq(conn).await?;
    match change {
        StaffChange::Move { starts_at, ends_at } => {
            if ends_at <= starts_at {
                return Ok(Err("the new end is not after the new start".into()));
            }
            if status == AppointmentStatus::Done {
                return Ok(Err("the appointment took place already".into()));
            }
            sqlx::query(
                "UPDATE appointments SET starts_at = $2, ends_at = $3, status = 'moved', \
                 cancelled_by = NULL, cancelled_at = NULL, change_seq = $4, updated_at = $5 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(starts_at.timestamp())
            .bind(ends_at.timestamp())
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
        StaffChange::Cancel => {
            if !status.is_upcoming() {
                return Ok(Err(format!("the appointment is {} already", status.as_str())));
            }
            sqlx::query(
                "UPDATE appointments SET status = 'cancelled', cancelled_by = 'hospital', \
                 cancelled_at = $3, change_seq = $2, updated_at = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
        StaffChange::Withdraw => {
            sqlx::query(
                "UPDATE appointments SET withdrawn = 1, change_seq = $2, updated_at = $3 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(Ok(true))
}

/// Sets a department's rule for cancelling from the app. Its upcoming appointments take a
/// change number each, so devices learn their new limit at the next sync.
pub async fn set_department_rule(
    conn: &mut AnyConnection,
    hospital_id: &str,
    department: &str,
    rule: DepartmentRule,
    now: i64,
) -> Result<(), ServerError> {
    if department.trim().is_empty() || rule.notice_hours > MAX_NOTICE_HOURS {
        return Err(ServerError::InvalidInput(format!(
            "a department needs a name, and a notice of at most {MAX_NOTICE_HOURS} hours"
        )));
    }
    let updated = sqlx::query(
        "UPDATE department_rules SET cancellable = $3, notice_hours = $4 \
         WHERE hospital_id = $1 AND department = $2",
    )
    .bind(hospital_id)
    .bind(department.trim())
    .bind(i64::from(rule.cancellable))
    .bind(i64::from(rule.notice_hours))
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO department_rules (hospital_id, department, cancellable, notice_hours) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(hospital_id)
        .bind(department.trim())
        .bind(i64::from(rule.cancellable))
        .bind(i64::from(rule.notice_hours))
        .execute(&mut *conn)
        .await?;
    }
    let upcoming: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM appointments WHERE hospital_id = $1 AND department = $2 \
         AND withdrawn = 0 AND status IN ('planned', 'moved') AND starts_at > $3",
    )
    .bind(hospital_id)
    .bind(department.trim())
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    // One number per appointment: a page boundary never falls among equal numbers.
    for (id,) in upcoming {
        let seq = next_seq(conn).await?;
        sqlx::query("UPDATE appointments SET change_seq = $2, updated_at = $3 WHERE id = $1")
            .bind(&id)
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Cancels from the app an appointment of `record_id`, by its department's rule. Ok(None):
/// no such appointment in this record.
pub async fn cancel_from_app(
    conn: &mut AnyConnection,
    record_id: &str,
    appointment_id: &str,
    now: i64,
) -> Result<Option<Result<AppointmentView, CancelRefusal>>, ServerError> {
    let context = Context::load(conn).await?;
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE id = $1 AND patient_id = $2 AND withdrawn = 0"
    ))
    .bind(appointment_id)
    .bind(record_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(mut row) = row else { return Ok(None) };
    let rule = context.rules.get(&(row.hospital_id.clone(), row.department.clone())).copied();
    if let Err(refusal) = cancel_decision(rule, row.status()?, row.starts_at, now) {
        return Ok(Some(Err(refusal)));
    }
    let seq = next_seq(conn).await?;
    sqlx::query(
        "UPDATE appointments SET status = 'cancelled', cancelled_by = 'app', cancelled_at = $2, \
         change_seq = $3, updated_at = $2 WHERE id = $1",
    )
    .bind(&row.id)
    .bind(now)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    row.status = AppointmentStatus::Cancelled.as_str().to_owned();
    row.cancelled_by = Some("app".into());
    row.change_seq = seq;
    row.view(&context, now).map(|view| Some(Ok(view)))
}

/// An appointment cancelled from the app, as the hospital's staff list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelledFromApp {
    pub id: String,
    pub source_id: String,
    pub ead_number: String,
    pub department: String,
    pub starts_at: i64,
    pub cancelled_at: i64,
}

/// The appointments of `hospital_id` cancelled from the app since `since` (Unix seconds),
/// oldest cancellation first: what the hospital's planning takes over.
pub async fn cancelled_from_app(
    conn: &mut AnyConnection,
    hospital_id: &str,
    since: i64,
) -> Result<Vec<CancelledFromApp>, ServerError> {
    let rows: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.source_id, p.ead_number, a.department, a.starts_at, a.cancelled_at \
         FROM appointments a JOIN patients p ON p.id = a.patient_id \
         WHERE a.hospital_id = $1 AND a.cancelled_by = 'app' AND a.cancelled_at >= $2 \
         AND a.withdrawn = 0 ORDER BY a.cancelled_at",
    )
    .bind(hospital_id)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, source_id, ead_number, department, starts_at, cancelled_at)| CancelledFromApp {
            id,
            source_id,
            ead_number,
            department,
            starts_at,
            cancelled_at,
        })
        .collect())
}

/// One page of a record's appointment changes, and where the next one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncPage {
    pub upserts: Vec<AppointmentView>,
    pub removals: Vec<String>,
    pub next: Cursor,
    pub more: bool,
}

/// One page of a record's appointment changes since `cursor`, as of `now`: changed and
/// new ones, withdrawn ones as removals (to a device that synced before), and video
/// consultations whose join link appeared or went since the cursor's time although
/// nothing changed.
pub async fn sync(
    conn: &mut AnyConnection,
    record_id: &str,
    cursor: Cursor,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<SyncPage, ServerError> {
    let now = now.timestamp();
    let context = Context::load(conn).await?;
    let limit = usize::try_from(limit.clamp(1, MAX_PAGE_SIZE)).unwrap_or(1);
    let mut upserts = Vec::new();
    if cursor.at > 0 && cursor.seq > 0 {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM appointments WHERE patient_id = $1 AND change_seq <= $2 \
             AND withdrawn = 0 AND kind = 'video' AND starts_at <= $3 AND ends_at >= $4"
        ))
        .bind(record_id)
        .bind(cursor.seq)
        .bind(now + VIDEO_LINK_LEAD_SECONDS)
        .bind(cursor.at)
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            if row.link_shown(cursor.at)? != row.link_shown(now)? {
                upserts.push(row.view(&context, now)?);
            }
        }
    }
    // A first sync has nothing to remove: withdrawn ones are not even read.
    let first = if cursor.seq == 0 { "AND withdrawn = 0" } else { "" };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM appointments WHERE patient_id = $1 AND change_seq > $2 {first} \
         ORDER BY change_seq LIMIT $3"
    ))
    .bind(record_id)
    .bind(cursor.seq)
    .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() > limit;
    let mut removals = Vec::new();
    let mut next_seq = cursor.seq;
    for row in rows.into_iter().take(limit) {
        next_seq = row.change_seq;
        if row.withdrawn != 0 {
            // Only a device that synced before can hold it.
            if cursor.seq > 0 {
                removals.push(row.id);
            }
        } else {
            upserts.retain(|u: &AppointmentView| u.id != row.id);
            upserts.push(row.view(&context, now)?);
        }
    }
    Ok(SyncPage { upserts, removals, next: Cursor { seq: next_seq, at: now }, more })
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_800_000_000;
    const HOUR: i64 = 3600;

    fn rule(hours: u32) -> Option<DepartmentRule> {
        Some(DepartmentRule { cancellable: true, notice_hours: hours })
    }

    #[test]
    fn cancelling_is_allowed_up_to_and_including_the_notice() {
        let planned = AppointmentStatus::Planned;
        let limit = START - 48 * HOUR;
        assert_eq!(cancel_decision(rule(48), planned, START, limit - 1), Ok(()));
        assert_eq!(cancel_decision(rule(48), planned, START, limit), Ok(()));
        assert_eq!(
            cancel_decision(rule(48), planned, START, limit + 1),
            Err(CancelRefusal::TooLate { notice_hours: 48 })
        );
        assert_eq!(cancel_decision(rule(0), AppointmentStatus::Moved, START, START - 1), Ok(()));
        assert_eq!(cancellable_until(rule(48), planned, START), Some(limit));
    }

    #[test]
    fn the_department_state_and_time_can_refuse() {
        let planned = AppointmentStatus::Planned;
        let early = START - 1000 * HOUR;
        assert_eq!(
            cancel_decision(None, planned, START, early),
            Err(CancelRefusal::NotCancellableHere)
        );
        let phone_only = Some(DepartmentRule { cancellable: false, notice_hours: 0 });
        assert_eq!(
            cancel_decision(phone_only, planned, START, early),
            Err(CancelRefusal::NotCancellableHere)
        );
        assert_eq!(cancellable_until(phone_only, planned, START), None);
        assert_eq!(
            cancel_decision(rule(24), AppointmentStatus::Cancelled, START, early),
            Err(CancelRefusal::AlreadyCancelled)
        );
        assert_eq!(
            cancel_decision(rule(24), AppointmentStatus::Done, START, early),
            Err(CancelRefusal::NotUpcoming)
        );
        assert_eq!(
            cancel_decision(rule(0), planned, START, START),
            Err(CancelRefusal::NotUpcoming)
        );
        assert_eq!(cancellable_until(rule(24), AppointmentStatus::Done, START), None);
    }

    #[test]
    fn the_video_link_shows_from_15_minutes_before_until_the_end() {
        let (video, planned) = (AppointmentKind::Video, AppointmentStatus::Planned);
        let end = START + HOUR / 2;
        let shown = |now| video_link_shown(video, planned, START, end, now);
        assert!(!shown(START - 15 * 60 - 1));
        assert!(shown(START - 15 * 60));
        assert!(shown(end));
        assert!(!shown(end + 1));
        assert!(!video_link_shown(AppointmentKind::InPerson, planned, START, end, START));
        assert!(!video_link_shown(video, AppointmentStatus::Cancelled, START, end, START));
    }
}
