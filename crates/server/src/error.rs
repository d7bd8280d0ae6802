//! The server's error type, and how errors become HTTP answers.

use std::path::PathBuf;

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    response::{IntoResponse, Response},
};
use dossier_api::{ApiError, ApiErrorCode};

use crate::login::LoginRefusal;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    #[error("a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("no data folder could be found; pass --data-dir or set DOSSIER_DATA_DIR")]
    NoDataDir,
    #[error("cannot create the data folder {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("unsupported database URL (expected sqlite:// or postgres://): {0}")]
    UnsupportedDatabase(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("server stopped with an I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid demo data: {0}")]
    Demo(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("the e-mail address is not valid")]
    InvalidEmail,
    #[error("e-mail could not be sent: {0}")]
    Mail(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
}

/// An error on its way to an HTTP client: a stable code, a status, and a message that
/// never contains personal data.
#[derive(Debug)]
pub struct HttpError {
    status: StatusCode,
    code: ApiErrorCode,
    message: &'static str,
}

impl HttpError {
    pub const fn new(status: StatusCode, code: ApiErrorCode, message: &'static str) -> Self {
        Self { status, code, message }
    }

    pub const fn database_unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ApiErrorCode::ServiceUnavailable,
            "the service is temporarily unavailable",
        )
    }

    pub const fn bad_request(message: &'static str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ApiErrorCode::BadRequest, message)
    }

    pub const fn too_large(message: &'static str) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, ApiErrorCode::TooLarge, message)
    }

    /// Our body for an error answer made outside our handlers (by axum's router or a
    /// middleware: 405, 408, 413, ...), with its status kept.
    pub fn for_status(status: StatusCode) -> Self {
        use StatusCode as S;
        let (code, message) = match status {
            S::PAYLOAD_TOO_LARGE => (ApiErrorCode::TooLarge, "the request is too large"),
            S::NOT_FOUND => (ApiErrorCode::NotFound, "no such endpoint"),
            S::METHOD_NOT_ALLOWED => (ApiErrorCode::BadRequest, "this method is not allowed here"),
            S::UNSUPPORTED_MEDIA_TYPE => (ApiErrorCode::BadRequest, "expected a JSON body"),
            S::UNAUTHORIZED => (ApiErrorCode::Unauthorized, "log in first"),
            S::REQUEST_TIMEOUT | S::SERVICE_UNAVAILABLE | S::GATEWAY_TIMEOUT => {
                (ApiErrorCode::ServiceUnavailable, "the service is temporarily unavailable")
            }
            s if s.is_client_error() => (ApiErrorCode::BadRequest, "the request is not valid"),
            _ => (ApiErrorCode::Internal, "internal error"),
        };
        Self { status, code, message }
    }
}

impl From<sqlx::Error> for HttpError {
    fn from(error: sqlx::Error) -> Self {
        // The details go to the log (they never hold personal data: queries bind their
        // values), the client only learns that the service is unavailable.
        tracing::error!(%error, "database error");
        Self::database_unavailable()
    }
}

impl From<ServerError> for HttpError {
    fn from(error: ServerError) -> Self {
        match error {
            ServerError::Database(error) => error.into(),
            ServerError::InvalidEmail => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiErrorCode::InvalidEmail,
                "the e-mail address is not valid",
            ),
            other => {
                tracing::error!(error = %other, "request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ApiErrorCode::Internal,
                    "internal error",
                )
            }
        }
    }
}

impl From<LoginRefusal> for HttpError {
    fn from(refusal: LoginRefusal) -> Self {
        use StatusCode as S;
        match refusal {
            LoginRefusal::Failed => Self::new(
                S::UNAUTHORIZED,
                ApiErrorCode::LoginFailed,
                "user name, password or code is wrong",
            ),
            LoginRefusal::ChallengeInvalid => Self::new(
                S::UNAUTHORIZED,
                ApiErrorCode::ChallengeInvalid,
                "the login expired or was used: start again",
            ),
            LoginRefusal::SlowedDown { retry_after_seconds } => Self::new(
                S::TOO_MANY_REQUESTS,
                ApiErrorCode::SlowedDown { retry_after_seconds },
                "too many failed attempts: wait before trying again",
            ),
            LoginRefusal::Locked => Self::new(
                S::LOCKED,
                ApiErrorCode::AccountLocked,
                "locked after too many failed attempts",
            ),
            LoginRefusal::CardBlocked => {
                Self::new(S::FORBIDDEN, ApiErrorCode::CardBlocked, "this card is blocked")
            }
            LoginRefusal::NoCodesLeft => Self::new(
                S::FORBIDDEN,
                ApiErrorCode::NoCodesLeft,
                "every code of this card was used",
            ),
            LoginRefusal::Closed => Self::new(
                S::FORBIDDEN,
                ApiErrorCode::AccountClosed,
                "access to this record is closed",
            ),
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let retry_after = match self.code {
            ApiErrorCode::SlowedDown { retry_after_seconds } => Some(retry_after_seconds),
            _ => None,
        };
        let body = ApiError { code: self.code, message: self.message.to_owned() };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
