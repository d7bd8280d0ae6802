//! Dossier's test kit (dev-only): what the server's tests, the core's tests, the end-to-end
//! tests and the benches set up, in one place, so each sets it up the same way.
//!
//! - [`server`]: a real dossier-server on loopback over a fresh database ([`database`]:
//!   SQLite, or PostgreSQL where the run has it), with a clock the test moves.
//! - [`patients`]: patients registered through the staff path, their code cards.
//! - [`demo`]: the demo data, its secrets written down for the log audit.
//! - [`device`]: the real OS keychain, an account as installed with a device.
//! - [`relay`]: TCP relays in front of a server (one records the bytes, one shapes the
//!   link like a home connection).
//! - [`disk`]: a small filesystem to fill.
//! - [`dicom`]: real DICOM files from a registry package, fetched at test time.
//! - [`logs`], [`outbox`]: the log audit's files; the e-mail the server sent.
//! - [`reports`], [`figures`]: made-up reports for the benches, and how they print.

pub mod database;
pub mod demo;
pub mod device;
pub mod dicom;
pub mod disk;
pub mod figures;
pub mod logs;
pub mod outbox;
pub mod patients;
pub mod relay;
pub mod reports;
pub mod server;

pub use database::{Backend, TestDatabase};
pub use demo::{demo_card, seed_demo};
pub use device::{device_account, keychain, os_keychain, synced_demo_device};
pub use disk::SmallDisk;
pub use outbox::OutboxMail;
pub use patients::{Card, enrol};
pub use relay::{Capture, Link, ShapedRelay};
pub use server::{TestServer, start_server};
