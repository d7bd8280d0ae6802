//! Links sent by e-mail (confirm a card request, reset a password): a random token in the
//! URL, stored only as its hash, used once, expiring.

use dossier_api::{Language, Sensitive};
use sqlx::AnyConnection;

use crate::{
    crypto::{new_token, token_hash},
    error::ServerError,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    CardRequest,
    PasswordReset,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::CardRequest => "card_request",
            Self::PasswordReset => "password_reset",
        }
    }

    /// The page the e-mailed link opens (the same path takes the page's form).
    pub fn page_path(self) -> &'static str {
        match self {
            Self::CardRequest => "/card-requests/confirm",
            Self::PasswordReset => "/password-reset",
        }
    }

    /// How long the link works.
    pub fn lifetime_seconds(self) -> i64 {
        match self {
            Self::CardRequest => 24 * 60 * 60,
            Self::PasswordReset => 60 * 60,
        }
    }
}

/// What a link stands for.
#[derive(Clone)]
pub struct EmailLink {
    pub patient_id: String,
    pub email: String,
    pub language: Language,
}

/// A new link token for `patient_id`, unless one was sent in the last ten minutes (a
/// patient clicking "send" five times gets one e-mail, and nobody can flood a mailbox).
pub async fn create(
    conn: &mut AnyConnection,
    purpose: LinkPurpose,
    patient_id: &str,
    email: &str,
    language: Language,
    now: i64,
) -> Result<Option<Sensitive<String>>, ServerError> {
    let (recent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM email_tokens WHERE patient_id = $1 AND purpose = $2 \
         AND created_at > $3 AND used_at IS NULL",
    )
    .bind(patient_id)
    .bind(purpose.as_str())
    .bind(now - 10 * 60)
    .fetch_one(&mut *conn)
    .await?;
    if recent > 0 {
        return Ok(None);
    }
    let (token, hash) = new_token();
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, purpose, patient_id, email, language, created_at, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&hash)
    .bind(purpose.as_str())
    .bind(patient_id)
    .bind(email)
    .bind(language.code())
    .bind(now)
    .bind(now + purpose.lifetime_seconds())
    .execute(&mut *conn)
    .await?;
    Ok(Some(token))
}

/// The link, if it is still valid; does not use it up (for showing the page).
pub async fn peek(
    conn: &mut AnyConnection,
    purpose: LinkPurpose,
    token: &str,
    now: i64,
) -> Result<Option<EmailLink>, ServerError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT patient_id, email, language FROM email_tokens WHERE token_hash = $1 \
         AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(into_link))
}

/// Uses the link up: only the first caller gets it.
pub async fn consume(
    conn: &mut AnyConnection,
    purpose: LinkPurpose,
    token: &str,
    now: i64,
) -> Result<Option<EmailLink>, ServerError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "UPDATE email_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3 RETURNING patient_id, email, language",
    )
    .bind(token_hash(token))
    .bind(purpose.as_str())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(into_link))
}

fn into_link((patient_id, email, language): (String, String, String)) -> EmailLink {
    EmailLink { patient_id, email, language: Language::from_code(&language).unwrap_or_default() }
}
