//! `GET /api/v1/health`: is the service up, which version, which database.

use serde::{Deserialize, Serialize};

/// The API version this build speaks. Bumped only for breaking changes; the app refuses a
/// server that speaks another one instead of misreading its answers.
pub const API_VERSION: u32 = 1;

/// Every route of the API lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// Which database a server runs on. Shown to operators; the app only displays the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseKind::Sqlite => "sqlite",
            DatabaseKind::Postgres => "postgres",
        }
    }
}

/// Answer of the health endpoint. Sent only when the database answered too; otherwise the
/// server replies 503.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    /// Always "dossier-server": lets the app tell our server from anything else on the port.
    pub service: String,
    /// The server's package version (semver).
    pub version: String,
    /// The API version it speaks, see [`API_VERSION`].
    pub api_version: u32,
    pub database: DatabaseKind,
}

impl HealthResponse {
    pub const SERVICE_NAME: &'static str = "dossier-server";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_response_wire_format() {
        let response = HealthResponse {
            service: HealthResponse::SERVICE_NAME.to_owned(),
            version: "0.1.0".to_owned(),
            api_version: API_VERSION,
            database: DatabaseKind::Postgres,
        };
        insta::assert_json_snapshot!(response, @r#"
        {
          "service": "dossier-server",
          "version": "0.1.0",
          "api_version": 1,
          "database": "postgres"
        }
        "#);
    }
}
