//! E-mail notifications: each person's settings, "something new" waiting to be told, and
//! the job that tells it.
//!
//! When a report, appointment or invoice arrives, every person who follows the record (its
//! patient, a parent of a child under 15, a representative, a trusted person who asked to be
//! informed) and wants to be told gets a waiting row, due when there is something to see (a
//! report's delay). The job sends one e-mail per person for all that waits, at most one an
//! hour, and a reminder the day before an appointment. E-mails never say what arrived.
//!
//! Each e-mail is claimed in the database before it is sent: for "something new" by moving
//! the person's `last_mailed_at` (a conditional update only one server wins) and deleting
//! what it covers in the same transaction; for a reminder by inserting its
//! `appointment_reminders` row (the primary key refuses a second). Two servers, or a
//! restart, never send one twice. A failed send puts a waiting row back for the next round.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use dossier_api::{
    Language,
    details::{NewItemKind, NotificationSettings},
};
use sqlx::AnyConnection;

use crate::{app::AppState, error::ServerError, mail};

/// At most one "something new" e-mail per person in this time.
pub const BATCH_SECONDS: i64 = 3600;

/// How often a running server looks for what to send.
pub const JOB_INTERVAL: Duration = Duration::from_secs(60);

/// A person's settings (the defaults when they never chose).
pub async fn settings(
    conn: &mut AnyConnection,
    patient_id: &str,
) -> Result<NotificationSettings, ServerError> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT something_new, appointment_reminder FROM notification_settings \
         WHERE patient_id = $1",
    )
    .bind(patient_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map_or_else(NotificationSettings::default, |(new, reminder)| NotificationSettings {
        something_new: new != 0,
        appointment_reminder: reminder != 0,
    }))
}

/// Stores a person's settings. Turning "something new" off forgets what waits.
pub async fn set_settings(
    conn: &mut AnyConnection,
    patient_id: &str,
    settings: NotificationSettings,
) -> Result<(), ServerError> {
    let mut tx = crate::db::begin_write(conn).await?;
    sqlx::query(
        "INSERT INTO notification_settings (patient_id, something_new, appointment_reminder) \
         VALUES ($1, $2, $3) ON CONFLICT (patient_id) DO UPDATE \
         SET something_new = excluded.something_new, \
         appointment_reminder = excluded.appointment_reminder",
    )
    .bind(patient_id)
    .bind(i64::from(settings.something_new))
    .bind(i64::from(settings.appointment_reminder))
    .execute(&mut *tx)
    .await?;
    if !settings.something_new {
        sqlx::query("DELETE FROM notifications_waiting WHERE recipient_id = $1")
            .bind(patient_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The people who follow a record today: its patient (alive, with an account) and the
/// holders of its links in force, a trusted person only if asked to be informed.
async fn followers(
    conn: &mut AnyConnection,
    record_id: &str,
    today: NaiveDate,
) -> Result<Vec<String>, ServerError> {
    let today = today.to_string();
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT a.patient_id FROM accounts a JOIN patients p ON p.id = a.patient_id \
         WHERE a.patient_id = $1 AND p.date_of_death IS NULL \
         UNION \
         SELECT l.holder_id FROM record_links l JOIN patients s ON s.id = l.subject_id \
         WHERE l.subject_id = $1 AND l.status = 'active' AND s.date_of_death IS NULL \
         AND l.valid_from <= $2 AND (l.valid_until IS NULL OR l.valid_until >= $2) \
         AND (l.kind <> 'trusted_person' OR l.be_informed <> 0)",
    )
    .bind(record_id)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Something arrived in `record_id`, to be seen from `due`: every follower who wants to be
/// told gets a waiting row. In the caller's transaction, with the import.
pub async fn something_new(
    conn: &mut AnyConnection,
    record_id: &str,
    kind: NewItemKind,
    due: DateTime<Utc>,
) -> Result<(), ServerError> {
    let today = crate::visibility::local_date(due);
    for recipient in followers(conn, record_id, today).await? {
        if !settings(conn, &recipient).await?.something_new {
            continue;
        }
        sqlx::query(
            "INSERT INTO notifications_waiting (id, recipient_id, record_id, kind, due_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&recipient)
        .bind(record_id)
        .bind(kind.as_str())
        .bind(due.timestamp())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// What one round of the job sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub something_new: usize,
    pub reminders: usize,
}

/// Whom to write to, and how.
struct Addressee {
    email: String,
    given_name: String,
    language: Language,
}

async fn addressee(
    conn: &mut AnyConnection,
    patient_id: &str,
) -> Result<Option<Addressee>, ServerError> {
    let row: Option<(Option<String>, Option<String>, String, String)> = sqlx::query_as(
        "SELECT a.email, p.email, p.given_name, p.preferred_language \
         FROM patients p LEFT JOIN accounts a ON a.patient_id = p.id WHERE p.id = $1",
    )
    .bind(patient_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|(account_email, own_email, given_name, language)| {
        let email = account_email.or(own_email).filter(|e| !e.is_empty())?;
        Some(Addressee {
            email,
            given_name,
            language: Language::from_code(&language).unwrap_or_default(),
        })
    }))
}

/// Claims the "something new" e-mail of `recipient`: false when another server did, or the
/// last one is less than an hour old.
async fn claim_something_new(
    conn: &mut AnyConnection,
    recipient: &str,
    now: i64,
) -> Result<bool, ServerError> {
    let mut tx = crate::db::begin_write(conn).await?;
    sqlx::query(
        "INSERT INTO notification_settings (patient_id, something_new, appointment_reminder) \
         VALUES ($1, 1, 1) ON CONFLICT (patient_id) DO NOTHING",
    )
    .bind(recipient)
    .execute(&mut *tx)
    .await?;
    let claimed = sqlx::query(
        "UPDATE notification_settings SET last_mailed_at = $2 WHERE patient_id = $1 \
         AND (last_mailed_at IS NULL OR last_mailed_at <= $3) \
         AND EXISTS (SELECT 1 FROM notifications_waiting \
                     WHERE recipient_id = $1 AND due_at <= $2)",
    )
    .bind(recipient)
    .bind(now)
    .bind(now - BATCH_SECONDS)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if claimed {
        sqlx::query("DELETE FROM notifications_waiting WHERE recipient_id = $1 AND due_at <= $2")
            .bind(recipient)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(claimed)
}

/// A send failed: told nothing, so it waits again for the next round.
async fn put_back(conn: &mut AnyConnection, recipient: &str, now: i64) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO notifications_waiting (id, recipient_id, record_id, kind, due_at) \
         VALUES ($1, $2, $2, 'report', $3)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(recipient)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE notification_settings SET last_mailed_at = NULL WHERE patient_id = $1")
        .bind(recipient)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One round: every "something new" that is due and allowed, then tomorrow's reminders.
pub async fn run_once(state: &AppState) -> Result<Round, ServerError> {
    let now = state.now();
    let mut round = Round::default();
    let mut conn = state.db.pool().acquire().await?;
    let due: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT recipient_id FROM notifications_waiting WHERE due_at <= $1",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    for (recipient,) in due {
        if !claim_something_new(&mut conn, &recipient, now).await? {
            continue;
        }
        let Some(to) = addressee(&mut conn, &recipient).await? else { continue };
        let message = mail::something_new(to.language, &to.given_name);
        match state.mailer.send(&to.email, message).await {
            Ok(()) => round.something_new += 1,
            Err(_) => put_back(&mut conn, &recipient, now).await?,
        }
    }
    round.reminders = send_reminders(state, &mut conn, now).await?;
    Ok(round)
}

/// Reminders for the appointments of tomorrow (Brussels), one per appointment and person.
async fn send_reminders(
    state: &AppState,
    conn: &mut AnyConnection,
    now: i64,
) -> Result<usize, ServerError> {
    let now_utc = DateTime::from_timestamp(now, 0).unwrap_or_default();
    let tomorrow = crate::visibility::local_date(now_utc) + TimeDelta::days(1);
    let (from, until) = brussels_day(tomorrow)?;
    let upcoming: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, patient_id FROM appointments WHERE starts_at >= $1 AND starts_at < $2 \
         AND status IN ('planned', 'moved') AND withdrawn = 0",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    let mut sent = 0;
    for (appointment, record) in upcoming {
        for recipient in followers(conn, &record, tomorrow).await? {
            if !settings(conn, &recipient).await?.appointment_reminder {
                continue;
            }
            let claimed = sqlx::query(
                "INSERT INTO appointment_reminders (appointment_id, recipient_id, sent_at) \
                 VALUES ($1, $2, $3) ON CONFLICT (appointment_id, recipient_id) DO NOTHING",
            )
            .bind(&appointment)
            .bind(&recipient)
            .bind(now)
            .execute(&mut *conn)
            .await?
            .rows_affected()
                == 1;
            if !claimed {
                continue;
            }
            let Some(to) = addressee(conn, &recipient).await? else { continue };
            let message = mail::appointment_reminder(to.language, &to.given_name);
            if state.mailer.send(&to.email, message).await.is_ok() {
                sent += 1;
            } else {
                // Not sent: the next round tries again.
                sqlx::query(
                    "DELETE FROM appointment_reminders WHERE appointment_id = $1 \
                     AND recipient_id = $2",
                )
                .bind(&appointment)
                .bind(&recipient)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(sent)
}

/// The instants a Brussels day starts and ends (23 or 25 hours around a change of time).
fn brussels_day(day: NaiveDate) -> Result<(i64, i64), ServerError> {
    let start = |d: NaiveDate| {
        crate::clock::brussels_midnight(d)
            .map(|t| t.timestamp())
            .ok_or_else(|| ServerError::Corrupt("a Brussels midnight".into()))
    };
    Ok((start(day)?, start(day + TimeDelta::days(1))?))
}

/// Runs [`run_once`] every [`JOB_INTERVAL`] (or `every`) for as long as the server runs.
pub async fn run_every(state: AppState, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        match run_once(&state).await {
            Ok(round) if round != Round::default() => tracing::info!(
                something_new = round.something_new,
                reminders = round.reminders,
                "notifications sent"
            ),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "the notification round did not complete"),
        }
    }
}
