//! The connection state the shell reports to the UI (command result and event payload).

use serde::{Deserialize, Serialize};

/// What the app knows about its link to dossier-server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConnectionState {
    /// No answer yet: the first check is under way.
    Checking,
    /// The server answered its health check.
    Connected { server_version: String },
    /// The server could not be reached or did not answer properly.
    Offline { reason: OfflineReason },
    /// A Dossier server answered but speaks another API version: the app must be updated.
    Incompatible { server_version: String, server_api_version: u32 },
}

/// Why the app is offline, so the UI can say something the patient can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfflineReason {
    /// Nothing answered (no network, server down, DNS failure).
    Unreachable,
    /// Something answered too slowly.
    Timeout,
    /// The server answered with an error (for example its database is down).
    ServerError,
    /// Something answered that is not a Dossier server.
    NotDossier,
}

/// Payload of the connection command and of [`crate::shell::events::CONNECTION_CHANGED`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub state: ConnectionState,
    /// The server the app talks to, shown so a patient or helpdesk can see where it points.
    pub server: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_view_wire_format() {
        let views = [
            ConnectionView {
                state: ConnectionState::Connected { server_version: "0.1.0".into() },
                server: "https://dossier.example".into(),
            },
            ConnectionView {
                state: ConnectionState::Offline { reason: OfflineReason::Unreachable },
                server: "https://dossier.example".into(),
            },
            ConnectionView {
                state: ConnectionState::Incompatible {
                    server_version: "9.0.0".into(),
                    server_api_version: 9,
                },
                server: "https://dossier.example".into(),
            },
            ConnectionView {
                state: ConnectionState::Checking,
                server: "https://dossier.example".into(),
            },
        ];
        insta::assert_json_snapshot!(views);
    }
}
