//! The codes in "Fill in questionnaire(s)" e-mails. A code and the patient's date of
//! birth open the patient's questionnaires on a web page, no app and no login (the FAQ's
//! steps). A code is random (60 bits), stored only as its hash, works for
//! [`CODE_LIFETIME_SECONDS`], and is blocked after [`MAX_BIRTH_DATE_TRIES`] wrong dates of
//! birth; whoever got it can have a new one sent to the same address. The page keeps the
//! opened questionnaires for [`WEB_SESSION_SECONDS`] behind a cookie holding a random token,
//! stored hashed too.
//!
//! Who gets the e-mail: the patient, at the address in their personal details, and whoever
//! may answer for them (a parent of a child under 15, a representative), each with their
//! own code, in their own language.
//!
//! The code's letters, the count of wrong dates and the page's session are the ones
//! `code_access` keeps for every kind of code.

use chrono::{DateTime, NaiveDate, Utc};
use dossier_api::{Language, Sensitive};
use sqlx::AnyConnection;

use crate::{
    app::AppState,
    code_access::{BirthDateCheck, CodeKind, CodeSession},
    crypto::{new_token, token_hash},
    error::ServerError,
    mail,
    patients::Patient,
};

/// How long a code works: a month, as a hospital gives for a form before a consultation.
pub const CODE_LIFETIME_SECONDS: i64 = 30 * 24 * 60 * 60;
/// Wrong dates of birth before a code is blocked.
pub const MAX_BIRTH_DATE_TRIES: i64 = 5;
/// How long the page stays open after the date of birth.
pub const WEB_SESSION_SECONDS: i64 = 60 * 60;
/// At most one e-mail per person and record in this time (a batch of forms: one e-mail).
const RESEND_PAUSE_SECONDS: i64 = 10 * 60;

/// The questionnaire codes, `XXXX-XXXX-XXXX` (12 characters: 60 bits).
pub const KIND: CodeKind = CodeKind {
    codes_table: "questionnaire_codes",
    sessions_table: "questionnaire_web_sessions",
    chars: 12,
    max_tries: MAX_BIRTH_DATE_TRIES,
    session_seconds: WEB_SESSION_SECONDS,
    log_name: "questionnaire code",
};

/// The page a code opens, with the code filled in.
pub fn link(state: &AppState, code: &str) -> String {
    format!("{}/questionnaires?code={code}", state.public_url)
}

/// Who may fill in `patient`'s questionnaires and has an e-mail address: the patient (if
/// alive) and the holders of a parent/child or representative link in force.
async fn recipients(
    conn: &mut AnyConnection,
    patient: &Patient,
    today: NaiveDate,
) -> Result<Vec<Patient>, ServerError> {
    let today = today.to_string();
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT l.holder_id FROM record_links l JOIN patients h ON h.id = l.holder_id \
         WHERE l.subject_id = $1 AND l.status = 'active' AND h.date_of_death IS NULL \
         AND l.kind IN ('parent_child', 'representative') \
         AND l.valid_from <= $2 AND (l.valid_until IS NULL OR l.valid_until >= $2)",
    )
    .bind(&patient.id)
    .bind(&today)
    .fetch_all(&mut *conn)
    .await?;
    let mut people = vec![patient.clone()];
    for (id,) in rows {
        if let Some(holder) = crate::patients::find_by_id(conn, &id).await? {
            people.push(holder);
        }
    }
    Ok(people
        .into_iter()
        .filter(|p| !p.is_deceased() && p.email.as_deref().is_some_and(|e| !e.is_empty()))
        .collect())
}

/// E-mails a new code to everyone who may fill in `patient`'s questionnaires, except who
/// got one in the last minutes. Returns how many e-mails went out.
pub async fn send_links(state: &AppState, patient: &Patient) -> Result<usize, ServerError> {
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let people = recipients(&mut conn, patient, state.clock.today()).await?;
    drop(conn);
    let mut sent = 0;
    for person in people {
        if mail_code(state, patient, &person, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// A new code for `recipient` to open `patient`'s questionnaires, by e-mail; `false` when
/// a code that still works went to them in the last minutes. A blocked one does not count:
/// a new link is only ever sent for a blocked or expired code, so nobody without the new
/// code can make it send more.
async fn mail_code(
    state: &AppState,
    patient: &Patient,
    recipient: &Patient,
    now: i64,
) -> Result<bool, ServerError> {
    let Some(email) = recipient.email.clone() else { return Ok(false) };
    let mut conn = state.db.pool().acquire().await?;
    let (recent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM questionnaire_codes WHERE recipient_id = $1 AND patient_id = $2 \
         AND created_at > $3 AND blocked_at IS NULL",
    )
    .bind(&recipient.id)
    .bind(&patient.id)
    .bind(now - RESEND_PAUSE_SECONDS)
    .fetch_one(&mut *conn)
    .await?;
    if recent > 0 {
        return Ok(false);
    }
    let code = KIND.new_code();
    sqlx::query(
        "INSERT INTO questionnaire_codes (code_hash, patient_id, recipient_id, email, language, \
         created_at, expires_at, failed_tries) VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
    )
    .bind(token_hash(code.expose()))
    .bind(&patient.id)
    .bind(&recipient.id)
    .bind(&email)
    .bind(recipient.language.code())
    .bind(now)
    .bind(now + CODE_LIFETIME_SECONDS)
    .execute(&mut *conn)
    .await?;
    drop(conn);
    let for_whom = (recipient.id != patient.id).then_some(patient.given_name.as_str());
    let message = mail::questionnaires_waiting(
        recipient.language,
        &recipient.given_name,
        for_whom,
        &link(state, code.expose()),
    );
    state.mailer.send(&email, message).await?;
    Ok(true)
}

/// What a code and a date of birth open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeOutcome {
    /// The questionnaires of `patient_id`, behind a new web session.
    Opened {
        patient_id: String,
        language: Language,
        session: Sensitive<String>,
    },
    /// The date of birth does not match; the code stays usable for `tries_left` more.
    WrongBirthDate {
        language: Language,
        tries_left: i64,
    },
    /// Too many wrong dates of birth: a new code must be sent.
    Blocked {
        language: Language,
    },
    Expired {
        language: Language,
    },
    /// No such code (mistyped, or never sent): says nothing more.
    Unknown,
}

/// Opens the questionnaires a code stands for, with the patient's `birth_date`. A wrong
/// date counts against the code, in the same transaction that reads it, so two tries at
/// once cannot both pass the limit.
pub async fn open(
    conn: &mut AnyConnection,
    typed_code: &str,
    birth_date: NaiveDate,
    page_language: Option<Language>,
    now: i64,
) -> Result<CodeOutcome, ServerError> {
    let code_hash = KIND.hash(typed_code);
    let mut tx = crate::db::begin_write(conn).await?;
    let row: Option<(String, String, i64, i64, Option<i64>, String)> = sqlx::query_as(
        "SELECT c.patient_id, c.language, c.expires_at, c.failed_tries, c.blocked_at, \
         p.date_of_birth FROM questionnaire_codes c JOIN patients p ON p.id = c.patient_id \
         WHERE c.code_hash = $1",
    )
    .bind(&code_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((patient_id, language, expires_at, failed, blocked_at, date_of_birth)) = row else {
        return Ok(CodeOutcome::Unknown);
    };
    let language = Language::from_code(&language).unwrap_or_default();
    if blocked_at.is_some() {
        return Ok(CodeOutcome::Blocked { language });
    }
    if now >= expires_at {
        return Ok(CodeOutcome::Expired { language });
    }
    let refused = match KIND
        .check_birth_date(&mut tx, &code_hash, failed, &date_of_birth, birth_date, now)
        .await?
    {
        BirthDateCheck::Right => None,
        BirthDateCheck::Wrong { tries_left } => {
            Some(CodeOutcome::WrongBirthDate { language, tries_left })
        }
        BirthDateCheck::Blocked => Some(CodeOutcome::Blocked { language }),
    };
    if let Some(refused) = refused {
        tx.commit().await?;
        return Ok(refused);
    }
    let language = page_language.unwrap_or(language);
    let (session, session_hash) = new_token();
    sqlx::query(
        "INSERT INTO questionnaire_web_sessions (token_hash, code_hash, patient_id, language, \
         expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&session_hash)
    .bind(&code_hash)
    .bind(&patient_id)
    .bind(language.code())
    .bind(now + WEB_SESSION_SECONDS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(CodeOutcome::Opened { patient_id, language, session })
}

/// An open web session: whose questionnaires, in which language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    pub patient_id: String,
    pub language: Language,
}

impl CodeSession for WebSession {
    /// `None` when the session ended, or when its code was blocked or expired since.
    async fn find(
        conn: &mut AnyConnection,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Self>, ServerError> {
        let now = now.timestamp();
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT s.patient_id, s.language FROM questionnaire_web_sessions s \
         JOIN questionnaire_codes c ON c.code_hash = s.code_hash \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND c.blocked_at IS NULL \
         AND c.expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        Ok(row.map(|(patient_id, language)| WebSession {
            patient_id,
            language: Language::from_code(&language).unwrap_or_default(),
        }))
    }

    fn language(&self) -> Language {
        self.language
    }

    fn set_language(&mut self, language: Language) {
        self.language = language;
    }
}

/// The language of the code in a link, to show its page in; `None` for no such code.
pub async fn language_of(
    conn: &mut AnyConnection,
    typed_code: &str,
) -> Result<Option<Language>, ServerError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT language FROM questionnaire_codes WHERE code_hash = $1")
            .bind(KIND.hash(typed_code))
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.and_then(|(code,)| Language::from_code(&code)))
}

/// A new code by e-mail to whoever got the blocked or expired `typed_code`, at the same
/// address; nothing for a code that still works or that nobody got. The answer is the
/// same either way, so the page tells nothing about the code.
pub async fn resend(state: &AppState, typed_code: &str) -> Result<(), ServerError> {
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT patient_id, recipient_id FROM questionnaire_codes WHERE code_hash = $1 \
         AND (blocked_at IS NOT NULL OR expires_at <= $2)",
    )
    .bind(KIND.hash(typed_code))
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((patient_id, recipient_id)) = row else { return Ok(()) };
    let patient = crate::patients::find_by_id(&mut conn, &patient_id).await?;
    let recipient = crate::patients::find_by_id(&mut conn, &recipient_id).await?;
    drop(conn);
    if let (Some(patient), Some(recipient)) = (patient, recipient) {
        // Still someone who may answer for the patient: a link may have ended since.
        let mut conn = state.db.pool().acquire().await?;
        let allowed = recipients(&mut conn, &patient, state.clock.today()).await?;
        drop(conn);
        if allowed.iter().any(|p| p.id == recipient.id) {
            mail_code(state, &patient, &recipient, now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_three_groups_of_four() {
        let code = KIND.new_code();
        assert_eq!(code.expose().len(), 14);
        assert_eq!(KIND.normalize(" abcd efgh-jkmn "), "ABCD-EFGH-JKMN");
    }
}
