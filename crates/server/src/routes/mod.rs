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
mod links;
mod login;
mod pages;
mod records;
mod recovery;

/// The routes of the API, each named once: [`api`] builds the router from this list and
/// [`api_paths`] reads the paths back, so a test can reach every route that takes a record
/// id (a route added here cannot escape it).
fn api_routes() -> Vec<(&'static str, axum::routing::MethodRouter<AppState>)> {
    vec![
        ("/health", get(health::health)),
        ("/login/start", post(login::start)),
        ("/login/finish", post(login::finish)),
        ("/session/logout", post(login::logout)),
        ("/me", get(account::me)),
        ("/account/user-name", put(account::change_user_name)),
        ("/account/password", put(account::change_password)),
        ("/cards/block", post(recovery::block_card)),
        ("/card-requests", post(recovery::request_card)),
        ("/password-resets", post(recovery::request_password_reset)),
        ("/devices", post(devices::register).get(devices::list)),
        ("/devices/{id}", delete(devices::remove)),
        ("/devices/{id}/login/start", post(devices::login_start)),
        ("/devices/{id}/login/unlock", post(devices::login_unlock)),
        ("/devices/{id}/login/finish", post(devices::login_finish)),
        ("/devices/{id}/pin", put(devices::change_pin)),
        ("/records", get(records::list)),
        ("/records/{id}/reports", get(records::sync)),
        ("/records/{id}/pending", get(records::pending)),
        ("/records/{id}/links", get(links::of_record)),
        ("/records/{id}/links/{link}", delete(links::revoke)),
        ("/records/{id}/trusted-persons", post(links::designate)),
        (
            "/link-requests",
            // A request may carry a document of up to 10 MB, base64 in JSON.
            post(links::ask).get(links::list).layer(axum::extract::DefaultBodyLimit::max(
                dossier_api::links::MAX_DOCUMENT_BYTES / 3 * 4 + 64 * 1024,
            )),
        ),
        ("/hospitals", get(records::hospitals)),
    ]
}

pub fn api() -> Router<AppState> {
    api_routes().into_iter().fold(Router::new(), |router, (path, route)| router.route(path, route))
}

/// Every path of the API (relative to `/api/v1`), as routed.
pub fn api_paths() -> Vec<&'static str> {
    api_routes().into_iter().map(|(path, _)| path).collect()
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
    pub session: crate::sessions::AuthSession,
    pub record: dossier_api::reports::RecordAccess,
    /// Every record the account may open today (a sync page lists them).
    pub all: Vec<dossier_api::reports::RecordAccess>,
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
        // The record is `{id}`; a route may name more after it (a link of the record).
        let axum::extract::Path(params) = axum::extract::Path::<
            std::collections::HashMap<String, String>,
        >::from_request_parts(parts, state)
        .await
        .map_err(|_| no_such_record())?;
        let record_id = params.get("id").cloned().ok_or_else(no_such_record)?;
        let mut conn = state.db.pool().acquire().await?;
        let all =
            crate::access::records_for(&mut conn, &session.account_id, state.clock.today()).await?;
        let record =
            all.iter().find(|r| r.record_id == record_id).cloned().ok_or_else(no_such_record)?;
        Ok(Self { session, record, all })
    }
}
