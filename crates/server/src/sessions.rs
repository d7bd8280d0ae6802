//! Sessions after a login: a random 256-bit bearer token, stored only as its SHA-256,
//! ending after an hour without use, 24 hours after login, at logout, or when the
//! patient's record closes.

use axum::{
    extract::FromRequestParts,
    http::{StatusCode, header::AUTHORIZATION, request::Parts},
};
use dossier_api::{ApiErrorCode, Sensitive};
use sqlx::AnyConnection;

use crate::{
    app::AppState,
    crypto::{new_token, token_hash},
    error::{HttpError, ServerError},
};

pub const IDLE_TIMEOUT_SECONDS: i64 = 60 * 60;
pub const ABSOLUTE_TIMEOUT_SECONDS: i64 = 24 * 60 * 60;
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_AFTER_SECONDS: i64 = 60;

/// Opens a session for `account_id` (on `device_id` after a PIN login) and returns its
/// token (the only time it exists).
pub async fn open(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: Option<&str>,
    now: i64,
) -> Result<Sensitive<String>, ServerError> {
    let (token, hash) = new_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, device_id, created_at, last_seen_at, \
         expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(&hash)
    .bind(account_id)
    .bind(device_id)
    .bind(now)
    .bind(now + ABSOLUTE_TIMEOUT_SECONDS)
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// Ends every session of an account except `keep` (after a password change or reset).
pub async fn revoke_all(
    conn: &mut AnyConnection,
    account_id: &str,
    keep: Option<&str>,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL \
         AND token_hash <> $3",
    )
    .bind(account_id)
    .bind(now)
    .bind(keep.unwrap_or(""))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The session of a request, from `Authorization: Bearer <token>`. Extracting it answers
/// 401 for a missing, unknown, ended or revoked token, and for a closed record.
#[derive(Debug, Clone)]
pub struct AuthSession {
    pub token_hash: String,
    pub account_id: String,
    pub patient_id: String,
    /// The device of a session opened with a PIN.
    pub device_id: Option<String>,
}

impl AuthSession {
    pub async fn revoke(&self, conn: &mut AnyConnection, now: i64) -> Result<(), ServerError> {
        sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1")
            .bind(&self.token_hash)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

/// No valid session (or what it named is gone): log in again.
pub(crate) fn unauthorized() -> HttpError {
    HttpError::new(StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized, "no valid session")
}

impl FromRequestParts<AppState> for AuthSession {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(unauthorized)?;
        let hash = token_hash(token.trim());
        let now = state.clock.now().timestamp();
        // A PIN session also needs its device still active (not blocked or removed).
        let row: Option<(String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT s.account_id, a.patient_id, s.last_seen_at, s.device_id FROM sessions s \
             JOIN accounts a ON a.id = s.account_id JOIN patients p ON p.id = a.patient_id \
             LEFT JOIN devices d ON d.id = s.device_id \
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
             AND s.last_seen_at > $3 AND p.date_of_death IS NULL \
             AND (s.device_id IS NULL OR d.status = 'active')",
        )
        .bind(&hash)
        .bind(now)
        .bind(now - IDLE_TIMEOUT_SECONDS)
        .fetch_optional(state.db.pool())
        .await?;
        let (account_id, patient_id, last_seen_at, device_id) = row.ok_or_else(unauthorized)?;
        if now - last_seen_at >= TOUCH_AFTER_SECONDS {
            sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
                .bind(&hash)
                .bind(now)
                .execute(state.db.pool())
                .await?;
        }
        Ok(Self { token_hash: hash, account_id, patient_id, device_id })
    }
}
