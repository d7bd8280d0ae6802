//! The routes: `/api/v1/...` (JSON, one module per area) and the pages behind links in
//! e-mails (HTML, [`pages`]).

use crate::email_links::LinkPurpose;
use axum::{
    Router,
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::{StatusCode, request::Parts},
    routing::{delete, get, post, put},
};
use serde::de::DeserializeOwned;

use crate::{app::AppState, error::HttpError};

mod account;
mod devices;
mod health;
mod login;
mod pages;
mod records;
mod recovery;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/login/start", post(login::start))
        .route("/login/finish", post(login::finish))
        .route("/session/logout", post(login::logout))
        .route("/me", get(account::me))
        .route("/account/user-name", put(account::change_user_name))
        .route("/account/password", put(account::change_password))
        .route("/cards/block", post(recovery::block_card))
        .route("/card-requests", post(recovery::request_card))
        .route("/password-resets", post(recovery::request_password_reset))
        .route("/devices", post(devices::register).get(devices::list))
        .route("/devices/{id}", delete(devices::remove))
        .route("/devices/{id}/login/start", post(devices::login_start))
        .route("/devices/{id}/login/unlock", post(devices::login_unlock))
        .route("/devices/{id}/login/finish", post(devices::login_finish))
        .route("/devices/{id}/pin", put(devices::change_pin))
        .route("/records", get(records::list))
        .route("/records/{id}/reports", get(records::sync))
        .route("/records/{id}/pending", get(records::pending))
        .route("/hospitals", get(records::hospitals))
}

pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            LinkPurpose::CardRequest.page_path(),
            get(pages::confirm_card_request_page).post(pages::confirm_card_request),
        )
        .route(
            LinkPurpose::PasswordReset.page_path(),
            get(pages::password_reset_page).post(pages::password_reset),
        )
        .route("/assets/page.css", get(pages::stylesheet))
}

/// `Json<T>` whose rejections answer with our error body instead of plain text.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            // The rejection text may quote the body (a password): it is not logged.
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(HttpError::bad_request("expected a JSON body"))
            }
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(HttpError::too_large("the request body is too large"))
            }
            Err(_) => Err(HttpError::bad_request("the request body is not valid")),
        }
    }
}

/// `Query<T>` whose rejections answer with our error body instead of plain text.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(_) => Err(HttpError::bad_request("the query parameters are not valid")),
        }
    }
}

/// The most a typed field may hold before any work is done on it: far above what any
/// account has (user names have at most 64 characters, passwords 128), far below what
/// would cost hashing time.
pub const MAX_TYPED_USER_NAME_BYTES: usize = 256;
pub const MAX_TYPED_PASSWORD_BYTES: usize = 1024;
pub const MAX_TYPED_CODE_BYTES: usize = 64;

/// Refuses an absurdly long typed field at once, with a clear 400.
pub fn typed_field(value: &str, max_bytes: usize, message: &'static str) -> Result<(), HttpError> {
    if value.len() > max_bytes { Err(HttpError::bad_request(message)) } else { Ok(()) }
}

/// The user name as typed: refused early when no account can have it.
pub fn typed_user_name(value: &str) -> Result<(), HttpError> {
    typed_field(value, MAX_TYPED_USER_NAME_BYTES, "the user name is too long")
}

/// A password as typed: refused early when no account can have it.
pub fn typed_password(value: &str) -> Result<(), HttpError> {
    typed_field(value, MAX_TYPED_PASSWORD_BYTES, "the password is too long")
}

/// The `{id}` of a route that names a record, checked: the session's account may open it
/// today (`access::records_for`). Every route with a record id takes its record through
/// this, so none can skip the check; "no such record" and "not yours" get the same 404.
pub struct RecordOpened {
    pub record: dossier_api::reports::RecordAccess,
    /// Every record the account may open today (a sync page lists them).
    pub all: Vec<dossier_api::reports::RecordAccess>,
}

impl RecordOpened {
    /// The record patient's date of birth.
    pub fn born(&self) -> Result<jiff::civil::Date, HttpError> {
        self.record.date_of_birth.parse().map_err(|_| HttpError::bad_request("date of birth"))
    }
}

pub(crate) fn no_such_record() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, dossier_api::ApiErrorCode::NotFound, "no such record")
}

impl FromRequestParts<AppState> for RecordOpened {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = crate::sessions::AuthSession::from_request_parts(parts, state).await?;
        let axum::extract::Path(record_id) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| no_such_record())?;
        let mut conn = state.db.pool().acquire().await?;
        let all =
            crate::access::records_for(&mut conn, &session.account_id, state.clock.today()).await?;
        let record =
            all.iter().find(|r| r.record_id == record_id).cloned().ok_or_else(no_such_record)?;
        Ok(Self { record, all })
    }
}
