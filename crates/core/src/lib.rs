//! dossier-core: the client core of the Dossier app.
//!
//! Owns every security decision on the device and all talk with dossier-server: the HTTP
//! client (reqwest over rustls; plain HTTP only to loopback), the connection state, the
//! code-card login and the session (its token only ever in memory), device registration
//! and PIN unlock (keys sealed with the PIN and a server share, see SECURITY.md), the lock,
//! the OS keychain, the encrypted offline cache of reports with their sync, and the
//! one-thread runtime the app runs all this on. No Tauri and no UI here, so the same core
//! runs under the app shell, in tests and from a command line.

pub mod account;
mod aead;
pub mod cache;
pub mod calendar;
pub mod client;
pub mod clock;
pub mod connection;
pub mod device;
pub mod error;
mod files;
pub mod keychain;
pub mod pin;
pub mod runtime;
pub mod server_url;
pub mod sync_page;

pub use account::{
    Account, AppointmentList, CodeAsked, DetailsToShow, DeviceState, DeviceSupport, InvoiceList,
    LoggedIn, SyncProgress, Unlocked,
};
pub use cache::{AccessKind, AccessLogList, AccessLogQuery, ReportList, ReportQuery};
pub use client::DossierClient;
pub use connection::ConnectionMonitor;
pub use error::CoreError;
pub use keychain::{BuildKind, Keychain, OsKeychain, SecretStore};
pub use server_url::ServerUrl;
