//! The connection state: checked on demand and periodically, published to whoever listens
//! (the shell forwards it to the UI as an event).

use std::time::Duration;

use dossier_api::{API_VERSION, ConnectionState, ConnectionView, HealthResponse, OfflineReason};
use tokio::sync::watch;

use crate::{client::DossierClient, error::CoreError};

/// Keeps the latest connection state of one [`DossierClient`].
#[derive(Debug)]
pub struct ConnectionMonitor {
    client: DossierClient,
    state: watch::Sender<ConnectionState>,
}

impl ConnectionMonitor {
    pub fn new(client: DossierClient) -> Self {
        let (state, _) = watch::channel(ConnectionState::Checking);
        Self { client, state }
    }

    pub fn client(&self) -> &DossierClient {
        &self.client
    }

    /// The state as last checked, without contacting the server.
    pub fn current(&self) -> ConnectionView {
        self.view(self.state.borrow().clone())
    }

    /// A receiver that sees every change of state.
    pub fn subscribe(&self) -> watch::Receiver<ConnectionState> {
        self.state.subscribe()
    }

    /// Checks the server now and publishes the result if it changed.
    pub async fn check(&self) -> ConnectionView {
        let state = state_of(self.client.health().await);
        self.state.send_if_modified(|current| {
            let changed = *current != state;
            *current = state.clone();
            changed
        });
        self.view(state)
    }

    /// Checks every `interval`, forever. Run it in a background task.
    pub async fn watch(&self, interval: Duration) {
        loop {
            self.check().await;
            tokio::time::sleep(interval).await;
        }
    }

    pub fn view(&self, state: ConnectionState) -> ConnectionView {
        ConnectionView { state, server: self.client.server().to_string() }
    }
}

fn state_of(health: Result<HealthResponse, CoreError>) -> ConnectionState {
    match health {
        Ok(health) if health.api_version == API_VERSION => {
            ConnectionState::Connected { server_version: health.version }
        }
        Ok(health) => ConnectionState::Incompatible {
            server_version: health.version,
            server_api_version: health.api_version,
        },
        Err(error) => {
            let reason = match &error {
                CoreError::Timeout(_) => OfflineReason::Timeout,
                CoreError::ServerStatus { .. } => OfflineReason::ServerError,
                CoreError::InvalidResponse => OfflineReason::NotDossier,
                _ => OfflineReason::Unreachable,
            };
            tracing::debug!(%error, "server not reachable");
            ConnectionState::Offline { reason }
        }
    }
}
