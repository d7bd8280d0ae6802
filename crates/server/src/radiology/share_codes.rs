//! Share codes: a patient (or a parent of a child under 15, a representative) makes a code
//! for one study and gives it to a care provider outside the network, who opens the
//! server's page (`/images`) with it and the patient's date of birth, sees the previews
//! and downloads the study. A code is random (16 letters and digits, 79 bits), stored only
//! as its SHA-256 with its last 4 characters to tell it apart; it works for the days the
//! patient chose (at most [`MAX_SHARE_DAYS`]) unless revoked, and is blocked after
//! [`MAX_SHARE_CODE_TRIES`] wrong dates of birth. Every opening, every download and every
//! wrong date goes into the patient's access log, in the transaction that counts it. A
//! code opens its own study only: the page's session names the code, the code its study.
//! The code's letters, the count of wrong dates and the page's session are the ones
//! `code_access` keeps for every kind of code.

use chrono::{DateTime, NaiveDate, Utc};
use dossier_api::{
    Language, Sensitive,
    care_access::{AccessEvent, AccessGround, AccessRefusal, Accessor, OpenedItem, StudyAction},
    radiology::{
        MAX_SHARE_CODE_TRIES, MAX_SHARE_DAYS, SHARE_CODE_CHARS, SHARE_CODE_ENDING_CHARS,
        SHARE_PAGE_PATH, ShareCodeCreated, ShareCodeProblem, ShareCodeStatus, ShareCodeView,
    },
};
use sqlx::AnyConnection;

use crate::{
    access_log,
    code_access::{BirthDateCheck, CodeKind, CodeSession},
    crypto::{new_token, token_hash},
    error::ServerError,
};

/// How long the provider's page stays open after the date of birth.
pub const WEB_SESSION_SECONDS: i64 = 60 * 60;

/// The share codes, `XXXX-XXXX-XXXX-XXXX`.
pub const KIND: CodeKind = CodeKind {
    codes_table: "radiology_share_codes",
    sessions_table: "radiology_share_sessions",
    chars: SHARE_CODE_CHARS,
    max_tries: MAX_SHARE_CODE_TRIES as i64,
    session_seconds: WEB_SESSION_SECONDS,
    log_name: "share code",
};

fn status(
    expires_at: i64,
    revoked_at: Option<i64>,
    blocked_at: Option<i64>,
    now: i64,
) -> ShareCodeStatus {
    if revoked_at.is_some() {
        ShareCodeStatus::Revoked
    } else if blocked_at.is_some() {
        ShareCodeStatus::Blocked
    } else if now >= expires_at {
        ShareCodeStatus::Expired
    } else {
        ShareCodeStatus::Active
    }
}

type CodeRow = (String, String, i64, i64, Option<i64>, Option<i64>, i64);
const CODE_COLUMNS: &str = "id, ending, created_at, expires_at, revoked_at, blocked_at, uses";

fn view(row: CodeRow, public_url: &str, now: i64) -> ShareCodeView {
    let (id, ending, created_at, expires_at, revoked_at, blocked_at, uses) = row;
    ShareCodeView {
        id,
        ending,
        created_at,
        expires_at,
        revoked_at,
        status: status(expires_at, revoked_at, blocked_at, now),
        uses: u32::try_from(uses).unwrap_or(u32::MAX),
        page_url: format!("{public_url}{SHARE_PAGE_PATH}"),
    }
}

/// A new code for `study_id`, working `days` days; the code is in the answer only.
pub async fn create(
    conn: &mut AnyConnection,
    study_id: &str,
    patient_id: &str,
    account_id: &str,
    days: u32,
    public_url: &str,
    now: i64,
) -> Result<Result<ShareCodeCreated, ShareCodeProblem>, ServerError> {
    if !(1..=MAX_SHARE_DAYS).contains(&days) {
        return Ok(Err(ShareCodeProblem::Days { max: MAX_SHARE_DAYS }));
    }
    let code = KIND.new_code();
    let ending: String = code
        .expose()
        .chars()
        .rev()
        .take(SHARE_CODE_ENDING_CHARS)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let id = uuid::Uuid::new_v4().to_string();
    let expires_at = now + i64::from(days) * 24 * 60 * 60;
    sqlx::query(
        "INSERT INTO radiology_share_codes (code_hash, id, study_id, patient_id, \
         created_by_account, ending, created_at, expires_at, failed_tries, uses) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0)",
    )
    .bind(token_hash(code.expose()))
    .bind(&id)
    .bind(study_id)
    .bind(patient_id)
    .bind(account_id)
    .bind(&ending)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    let share = view((id, ending, now, expires_at, None, None, 0), public_url, now);
    Ok(Ok(ShareCodeCreated { code, share }))
}

/// The study's codes, newest first, without the codes themselves.
pub async fn list(
    conn: &mut AnyConnection,
    study_id: &str,
    public_url: &str,
    now: i64,
) -> Result<Vec<ShareCodeView>, ServerError> {
    let rows: Vec<CodeRow> = sqlx::query_as(&format!(
        "SELECT {CODE_COLUMNS} FROM radiology_share_codes WHERE study_id = $1 \
         ORDER BY created_at DESC, id"
    ))
    .bind(study_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|row| view(row, public_url, now)).collect())
}

/// Revokes a code of `study_id` at once (its open pages close too); revoking again keeps
/// the first time. None: no such code of this study.
pub async fn revoke(
    conn: &mut AnyConnection,
    study_id: &str,
    code_id: &str,
    public_url: &str,
    now: i64,
) -> Result<Option<ShareCodeView>, ServerError> {
    sqlx::query(
        "UPDATE radiology_share_codes SET revoked_at = $3 \
         WHERE id = $1 AND study_id = $2 AND revoked_at IS NULL",
    )
    .bind(code_id)
    .bind(study_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let row: Option<CodeRow> = sqlx::query_as(&format!(
        "SELECT {CODE_COLUMNS} FROM radiology_share_codes WHERE id = $1 AND study_id = $2"
    ))
    .bind(code_id)
    .bind(study_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|row| view(row, public_url, now)))
}

/// What a code and a date of birth open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareOutcome {
    /// The code's study, behind a new web session.
    Opened {
        session: Sensitive<String>,
    },
    /// The date of birth does not match; the code works for `tries_left` more.
    WrongBirthDate {
        tries_left: i64,
    },
    Blocked,
    Expired,
    Revoked,
    /// The study's report is no longer shown to the patient, or the patient died: online
    /// access to it is closed.
    Closed,
    /// No such code: says nothing more.
    Unknown,
}

/// The study a page session opened with a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedStudy {
    pub study_id: String,
    pub report_id: String,
    pub patient_id: String,
    pub ending: String,
    pub language: Language,
    code_hash: String,
}

/// A use of a share code, as the patient's access log names it: whose study, which
/// report, and the code's last characters.
struct CodeUse<'a> {
    patient_id: &'a str,
    report_id: &'a str,
    ending: &'a str,
}

impl CodeUse<'_> {
    /// Appends the use (or refused try) to the patient's access log; with a `dedupe_key`,
    /// only the first entry with that key is written.
    async fn log(
        &self,
        conn: &mut AnyConnection,
        event: impl FnOnce(OpenedItem) -> AccessEvent,
        action: StudyAction,
        now: i64,
        dedupe_key: Option<String>,
    ) -> Result<(), ServerError> {
        let (title,): (String,) = sqlx::query_as("SELECT title FROM reports WHERE id = $1")
            .bind(self.report_id)
            .fetch_one(&mut *conn)
            .await?;
        let what =
            OpenedItem::RadiologyStudy { report_id: self.report_id.to_owned(), title, action };
        access_log::append(
            conn,
            &access_log::NewEntry {
                patient_id: self.patient_id,
                at: now,
                who: &Accessor::ShareCode { ending: self.ending.to_owned() },
                provider_id: None,
                event: &event(what),
                dedupe_key,
            },
        )
        .await
    }
}

/// Opened on the code the patient made and gave, with their date of birth.
fn opened(what: OpenedItem) -> AccessEvent {
    AccessEvent::Opened { what, ground: AccessGround::ShareCode, justification: None }
}

/// Opens the study a code stands for, with the patient's `birth_date`. A wrong date counts
/// against the code in the same transaction that reads it, so two tries at once cannot
/// both pass the limit; it is logged for the patient like an opening.
pub async fn open(
    conn: &mut AnyConnection,
    typed_code: &str,
    birth_date: NaiveDate,
    language: Language,
    now: DateTime<Utc>,
) -> Result<ShareOutcome, ServerError> {
    let at = now.timestamp();
    let code_hash = KIND.hash(typed_code);
    let mut tx = crate::db::begin_write(conn).await?;
    type Row = (String, i64, Option<i64>, i64, Option<i64>, String, String, String, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT c.ending, c.expires_at, c.revoked_at, c.failed_tries, c.blocked_at, c.patient_id, \
         s.report_id, p.date_of_birth, p.date_of_death FROM radiology_share_codes c \
         JOIN radiology_studies s ON s.id = c.study_id JOIN patients p ON p.id = c.patient_id \
         WHERE c.code_hash = $1",
    )
    .bind(&code_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((
        ending,
        expires_at,
        revoked_at,
        failed,
        blocked_at,
        patient_id,
        report_id,
        born,
        died,
    )) = row
    else {
        return Ok(ShareOutcome::Unknown);
    };
    let code_use = CodeUse { patient_id: &patient_id, report_id: &report_id, ending: &ending };
    let stopped = match status(expires_at, revoked_at, blocked_at, at) {
        ShareCodeStatus::Revoked => Some((ShareOutcome::Revoked, AccessRefusal::ShareCodeStopped)),
        ShareCodeStatus::Blocked => Some((ShareOutcome::Blocked, AccessRefusal::ShareCodeBlocked)),
        ShareCodeStatus::Expired => Some((ShareOutcome::Expired, AccessRefusal::ShareCodeExpired)),
        ShareCodeStatus::Active => None,
    };
    if let Some((outcome, reason)) = stopped {
        // The patient learns that someone still has the code; once a day per code and
        // reason, so tries in a loop do not flood the log.
        let day = at.div_euclid(24 * 60 * 60);
        let key = format!("share-code-refused:{code_hash}:{}:{day}", reason.as_str());
        let event = |what| AccessEvent::Refused { what, reason };
        let action = StudyAction::Viewed;
        code_use.log(&mut tx, event, action, at, Some(key)).await?;
        tx.commit().await?;
        return Ok(outcome);
    }
    if died.is_some() || !super::report_visible(&mut tx, &patient_id, &report_id, now).await? {
        return Ok(ShareOutcome::Closed);
    }
    let refused = match KIND
        .check_birth_date(&mut tx, &code_hash, failed, &born, birth_date, at)
        .await?
    {
        BirthDateCheck::Right => None,
        BirthDateCheck::Wrong { tries_left } => Some(ShareOutcome::WrongBirthDate { tries_left }),
        BirthDateCheck::Blocked => Some(ShareOutcome::Blocked),
    };
    if let Some(refused) = refused {
        let event = |what| AccessEvent::Refused { what, reason: AccessRefusal::WrongBirthDate };
        code_use.log(&mut tx, event, StudyAction::Viewed, at, None).await?;
        tx.commit().await?;
        return Ok(refused);
    }
    let (session, session_hash) = new_token();
    sqlx::query(
        "INSERT INTO radiology_share_sessions (token_hash, code_hash, language, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(&session_hash)
    .bind(&code_hash)
    .bind(language.code())
    .bind(at + WEB_SESSION_SECONDS)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE radiology_share_codes SET uses = uses + 1 WHERE code_hash = $1")
        .bind(&code_hash)
        .execute(&mut *tx)
        .await?;
    code_use.log(&mut tx, opened, StudyAction::Viewed, at, None).await?;
    tx.commit().await?;
    Ok(ShareOutcome::Opened { session })
}

impl CodeSession for SharedStudy {
    /// None when the session ended, or its code was revoked, blocked or expired since, or
    /// the report is no longer shown.
    async fn find(
        conn: &mut AnyConnection,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Self>, ServerError> {
        let at = now.timestamp();
        let row: Option<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT c.code_hash, c.study_id, s.report_id, c.patient_id, c.ending, w.language \
             FROM radiology_share_sessions w \
             JOIN radiology_share_codes c ON c.code_hash = w.code_hash \
             JOIN radiology_studies s ON s.id = c.study_id \
             JOIN patients p ON p.id = c.patient_id \
             WHERE w.token_hash = $1 AND w.expires_at > $2 AND c.expires_at > $2 \
             AND c.revoked_at IS NULL AND c.blocked_at IS NULL AND p.date_of_death IS NULL",
        )
        .bind(token_hash(token))
        .bind(at)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((code_hash, study_id, report_id, patient_id, ending, language)) = row else {
            return Ok(None);
        };
        if !super::report_visible(conn, &patient_id, &report_id, now).await? {
            return Ok(None);
        }
        Ok(Some(SharedStudy {
            study_id,
            report_id,
            patient_id,
            ending,
            language: Language::from_code(&language).unwrap_or_default(),
            code_hash,
        }))
    }

    fn language(&self) -> Language {
        self.language
    }

    fn set_language(&mut self, language: Language) {
        self.language = language;
    }
}

/// A download with the code: counted and logged before the first byte leaves.
pub async fn record_download(
    conn: &mut AnyConnection,
    shared: &SharedStudy,
    now: i64,
) -> Result<(), ServerError> {
    let mut tx = crate::db::begin_write(conn).await?;
    sqlx::query("UPDATE radiology_share_codes SET uses = uses + 1 WHERE code_hash = $1")
        .bind(&shared.code_hash)
        .execute(&mut *tx)
        .await?;
    let code_use = CodeUse {
        patient_id: &shared.patient_id,
        report_id: &shared.report_id,
        ending: &shared.ending,
    };
    code_use.log(&mut tx, opened, StudyAction::Downloaded, now, None).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_four_groups_of_four() {
        let code = KIND.new_code();
        assert_eq!(code.expose().len(), 19);
        assert_eq!(KIND.normalize("abcd efgh jkmn pqrs"), "ABCD-EFGH-JKMN-PQRS");
    }

    #[test]
    fn a_code_is_revoked_before_blocked_before_expired() {
        assert_eq!(status(10, None, None, 5), ShareCodeStatus::Active);
        assert_eq!(status(10, None, None, 10), ShareCodeStatus::Expired);
        assert_eq!(status(10, None, Some(3), 20), ShareCodeStatus::Blocked);
        assert_eq!(status(10, Some(4), Some(3), 20), ShareCodeStatus::Revoked);
    }
}
