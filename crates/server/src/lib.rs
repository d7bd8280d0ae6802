//! dossier-server: the portal backend the Dossier app talks to.
//!
//! Owns the HTTP API under `/api/v1` (axum), the database (sqlx: a SQLite file by default,
//! PostgreSQL by `DATABASE_URL`, one set of migrations and queries for both), every rule
//! about who may see what, and the staff side (admin subcommands, the demo seed). Logs say
//! what happened, never to whom: no names, numbers, codes or tokens.

pub mod app;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
mod routes;

pub use app::{AppState, RunningServer, app, serve, start};
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{LogFormat, ServeConfig};
pub use db::Database;
pub use error::ServerError;
