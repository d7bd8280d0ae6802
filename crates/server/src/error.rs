//! The server's error type, and how errors become HTTP answers.

use std::path::PathBuf;

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use dossier_api::{ApiError, ApiErrorCode};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    #[error("no data folder could be found; pass --data-dir or set DOSSIER_DATA_DIR")]
    NoDataDir,
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("unsupported database URL (expected sqlite:// or postgres://): {0}")]
    UnsupportedDatabase(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped with an I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid demo data: {0}")]
    Demo(String),
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
        Self {
            status,
            code,
            message,
        }
    }

    pub const fn database_unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ApiErrorCode::ServiceUnavailable,
            "the service is temporarily unavailable",
        )
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

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = ApiError {
            code: self.code,
            message: self.message.to_owned(),
        };
        (self.status, Json(body)).into_response()
    }
}
