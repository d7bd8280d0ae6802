//! dossier-server: the portal backend the Dossier app talks to.
//!
//! Owns the HTTP API under `/api/v1` (axum), the database (sqlx: a SQLite file by default,
//! PostgreSQL by `DATABASE_URL`, one set of migrations and queries for both), accounts and
//! code-card login, sessions, e-mail, every rule about who may see what, and the staff side
//! (admin subcommands, card PDFs, the demo seed). Logs say what happened, never to whom: no
//! names, numbers, passwords, codes or tokens.

pub mod access;
pub mod access_log;
pub mod accounts;
pub mod app;
pub mod appointments;
pub mod card_pdf;
pub mod cards;
pub mod care_access;
pub mod care_directory;
pub mod care_relations;
pub mod care_staff;
pub mod clock;
pub mod code_access;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod demo_care;
pub mod demo_labs;
pub mod demo_messages;
pub mod demo_questionnaires;
pub mod demo_radiology;
pub mod demo_records;
pub mod demo_reports;
pub mod details;
pub mod devices;
pub mod email_links;
pub mod enrolment;
pub mod error;
pub mod import;
pub mod invoice_pdf;
pub mod invoices;
pub mod link_requests;
pub mod links;
pub mod login;
pub mod mail;
pub mod messages;
pub mod notifications;
pub mod patients;
pub mod questionnaires;
pub mod radiology;
pub mod record_staff;
pub mod reports;
mod routes;
pub mod sessions;
pub mod staff;
pub mod tls;
pub mod trusted_persons;
pub mod uploads;
pub mod visibility;

pub use app::{AppState, RunningServer, app, serve, start};
pub use clock::{Clock, FixedClock, ShiftedClock, SystemClock};
pub use config::{LogFormat, ServeConfig, ServerSettings};
pub use db::Database;
pub use error::ServerError;
pub use routes::{api_paths, openapi_document};
