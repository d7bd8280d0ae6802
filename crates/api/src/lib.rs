//! dossier-api: the wire types of Dossier.
//!
//! Owns every type that crosses a process boundary: the JSON of dossier-server's HTTP API
//! (`...Request` / `...Response`), the view models the Tauri shell hands to the UI
//! (`...View`), the names of shell commands and events, and small domain value types whose
//! validation both sides must agree on (the national register number). No I/O here: this
//! crate also builds for wasm32 for the UI.

pub mod account;
pub mod age;
pub mod appointments;
pub mod care_access;
pub mod connection;
pub mod dates;
pub mod details;
pub mod device;
pub mod error;
pub mod health;
pub mod invoices;
pub mod labs;
pub mod language;
pub mod links;
pub mod messages;
pub mod national_register;
pub mod questionnaires;
pub mod radiology;
pub mod reports;
pub mod secret;
pub mod shell;

pub use connection::{ConnectionState, ConnectionView, OfflineReason};
pub use error::{ApiError, ApiErrorCode};
pub use health::{API_PREFIX, API_VERSION, DatabaseKind, HealthResponse};
pub use language::Language;
pub use national_register::{
    EncodedBirthDate, NationalRegisterNumber, NationalRegisterNumberError,
};
pub use secret::Sensitive;
