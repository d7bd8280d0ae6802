//! The OS keychain: where the device keeps the few secrets that protect everything else
//! (device signing key, cache key). Secret Service on Linux, Keychain on macOS and iOS,
//! Credential Manager on Windows, the Keystore on Android, all through keyring-core's
//! store interface behind the small [`SecretStore`] trait, so tests and future stores plug
//! in the same way.
//!
//! Entries are namespaced per build kind: a development build never reads or overwrites
//! the keys of the released app on the same machine.

use std::{fmt, sync::Arc};

use keyring_core::CredentialStore;

use crate::error::CoreError;

/// Which kind of build owns a keychain entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildKind {
    Release,
    Development,
    /// Automated tests: their entries can be wiped without touching a developer's.
    Test,
}

impl BuildKind {
    /// Release for optimised builds, Development otherwise.
    pub fn of_this_build() -> Self {
        if cfg!(debug_assertions) { BuildKind::Development } else { BuildKind::Release }
    }

    /// The keychain "service" under which this build kind stores its entries.
    pub fn keychain_service(self) -> &'static str {
        match self {
            BuildKind::Release => "be.dossier.app",
            BuildKind::Development => "be.dossier.app.dev",
            BuildKind::Test => "be.dossier.app.test",
        }
    }
}

/// Secret bytes under a name. Implementations must not log names' values or secrets.
pub trait SecretStore: Send + Sync {
    /// Creates or replaces the secret stored under `name`.
    fn put(&self, name: &str, secret: &[u8]) -> Result<(), CoreError>;
    /// The secret stored under `name`, or `None` if there is none.
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, CoreError>;
    /// Deletes the secret under `name`; deleting what is not there is not an error.
    fn delete(&self, name: &str) -> Result<(), CoreError>;
}

/// Why the keychain failed, without the payloads keyring-core may attach (which can hold
/// the secret bytes themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeychainFailure {
    #[error("the keychain is locked or not available")]
    Unavailable,
    #[error("a keychain entry is damaged")]
    Damaged,
    #[error("the keychain refused the entry")]
    Refused,
    #[error("the keychain holds several entries for one name")]
    Ambiguous,
}

impl From<keyring_core::Error> for KeychainFailure {
    fn from(error: keyring_core::Error) -> Self {
        use keyring_core::Error as E;
        match error {
            E::BadEncoding(_) | E::BadDataFormat(..) | E::BadStoreFormat(_) => Self::Damaged,
            E::TooLong(..) | E::Invalid(..) => Self::Refused,
            E::Ambiguous(_) => Self::Ambiguous,
            _ => Self::Unavailable,
        }
    }
}

/// The platform keychain.
pub struct OsKeychain {
    store: Arc<CredentialStore>,
    service: &'static str,
}

impl OsKeychain {
    /// Opens this platform's keychain for the given build kind.
    pub fn open(kind: BuildKind) -> Result<Self, CoreError> {
        let store = platform_store().map_err(|e| CoreError::Keychain(e.into()))?;
        Ok(Self { store, service: kind.keychain_service() })
    }

    fn entry(&self, name: &str) -> Result<keyring_core::Entry, CoreError> {
        self.store.build(self.service, name, None).map_err(|e| CoreError::Keychain(e.into()))
    }
}

impl SecretStore for OsKeychain {
    fn put(&self, name: &str, secret: &[u8]) -> Result<(), CoreError> {
        self.entry(name)?.set_secret(secret).map_err(|e| CoreError::Keychain(e.into()))
    }

    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, CoreError> {
        match self.entry(name)?.get_secret() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(CoreError::Keychain(e.into())),
        }
    }

    fn delete(&self, name: &str) -> Result<(), CoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(CoreError::Keychain(e.into())),
        }
    }
}

impl fmt::Debug for OsKeychain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OsKeychain").field("service", &self.service).finish_non_exhaustive()
    }
}

/// A keychain shared by the parts of the core that need one.
pub type Keychain = Arc<dyn SecretStore>;

#[cfg(any(target_os = "linux", target_os = "freebsd"))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(dbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

/// iOS has only the data-protection keychain (the app is signed with a provisioning
/// profile); the store crate refuses the macOS file keychain there.
#[cfg(target_os = "ios")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::protected::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

#[cfg(target_os = "android")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    // Needs ndk-context initialised by the app's entry point (Tauri's mobile entry does).
    Ok(android_native_keyring_store::Store::new()?)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows",
    target_os = "android"
)))]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Err(keyring_core::Error::NotSupportedByStore("no keychain on this platform".into()))
}
