//! dossier-core's error type. The shell maps each variant to a stable code and a
//! translated message; nothing here carries a secret or medical content.

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    #[error("the server address is not a valid URL")]
    InvalidServerUrl,
    #[error("the server address must use https:// (plain http:// only to this computer)")]
    InsecureServerUrl,
    #[error("the server could not be reached")]
    Unreachable(#[source] reqwest::Error),
    #[error("the server did not answer in time")]
    Timeout(#[source] reqwest::Error),
    #[error("the server answered with status {status}")]
    ServerStatus { status: u16 },
    #[error("the server's answer could not be read")]
    InvalidResponse,
    #[error("the server speaks API version {server}, this app speaks {app}")]
    IncompatibleServer { server: u32, app: u32 },
    #[error("the HTTP client could not be built")]
    HttpClient(#[source] reqwest::Error),
    #[error("keychain: {0}")]
    Keychain(#[from] crate::keychain::KeychainFailure),
}

impl CoreError {
    pub(crate) fn from_request(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            CoreError::Timeout(error)
        } else if error.is_decode() {
            CoreError::InvalidResponse
        } else {
            CoreError::Unreachable(error)
        }
    }
}
