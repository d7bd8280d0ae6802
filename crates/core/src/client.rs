//! The HTTP client for dossier-server's API.

use std::time::Duration;

use dossier_api::{API_PREFIX, HealthResponse};
use reqwest::redirect::Policy;

use crate::{error::CoreError, server_url::ServerUrl};

/// How long to wait for a TCP/TLS connection before calling the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// A client for one dossier-server.
#[derive(Debug, Clone)]
pub struct DossierClient {
    http: reqwest::Client,
    server: ServerUrl,
}

impl DossierClient {
    pub fn new(server: ServerUrl) -> Result<Self, CoreError> {
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // A redirect could lead to plain HTTP or another host: never follow one.
            .redirect(Policy::none())
            .user_agent(concat!("dossier-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(CoreError::HttpClient)?;
        Ok(Self { http, server })
    }

    pub fn server(&self) -> &ServerUrl {
        &self.server
    }

    /// Asks the server whether it is up. Errors if what answered is not a Dossier server.
    pub async fn health(&self) -> Result<HealthResponse, CoreError> {
        let url = self.server.join(&format!("{API_PREFIX}/health"));
        let response = self
            .http
            .get(url)
            .send()
            .await
            .map_err(CoreError::from_request)?;
        let status = response.status();
        if !status.is_success() {
            return Err(CoreError::ServerStatus {
                status: status.as_u16(),
            });
        }
        let health: HealthResponse = response
            .json()
            .await
            .map_err(|_| CoreError::InvalidResponse)?;
        if health.service != HealthResponse::SERVICE_NAME {
            return Err(CoreError::InvalidResponse);
        }
        Ok(health)
    }
}

/// reqwest is built without a TLS crypto provider (to keep aws-lc's C build out): ring is
/// installed once per process. A provider installed earlier by the host is kept.
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
