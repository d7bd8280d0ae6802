//! Test support: a real dossier-server on 127.0.0.1:0 over a fresh database, SQLite file
//! or PostgreSQL (a new database per test in the cluster named by
//! `DOSSIER_TEST_POSTGRES_URL`).

#![allow(dead_code, clippy::print_stderr)] // Shared by several test binaries; skips are reported.

use dossier_server::{AppState, Database, FixedClock, RunningServer, config::sqlite_url};
use sqlx::Connection;
use tempfile::TempDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, migrated, empty database. Keeps its temporary folder alive.
pub struct TestDatabase {
    pub db: Database,
    pub url: String,
    _dir: Option<TempDir>,
}

impl TestDatabase {
    /// None when PostgreSQL is not configured and not required (local runs without it).
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = sqlite_url(&dir.path().join("test.sqlite3"));
                let db = Database::open(&url).await.unwrap();
                Some(Self {
                    db,
                    url,
                    _dir: Some(dir),
                })
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var("DOSSIER_TEST_POSTGRES_URL") else {
                    assert!(
                        std::env::var_os("DOSSIER_TEST_REQUIRE_POSTGRES").is_none(),
                        "DOSSIER_TEST_POSTGRES_URL is not set but PostgreSQL tests are required"
                    );
                    eprintln!("skipped: DOSSIER_TEST_POSTGRES_URL is not set");
                    return None;
                };
                let name = format!("dossier_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::postgres::PgConnection::connect(&admin_url)
                    .await
                    .unwrap();
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                let url = replace_database(&admin_url, &name);
                let db = Database::open(&url).await.unwrap();
                Some(Self {
                    db,
                    url,
                    _dir: None,
                })
            }
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    parsed.set_path(&format!("/{name}"));
    parsed.to_string()
}

/// A running server over a fresh database, with a clock the test controls.
pub struct TestServer {
    pub server: Option<RunningServer>,
    pub database: TestDatabase,
    pub clock: FixedClock,
    pub http: reqwest::Client,
}

impl TestServer {
    pub async fn start(backend: Backend) -> Option<Self> {
        let database = TestDatabase::create(backend).await?;
        let clock = FixedClock::new("2026-11-23T10:00:00Z".parse().unwrap());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let state = AppState::new(database.db.clone(), clock.clone());
        let server = dossier_server::start(listener, state).unwrap();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        Some(Self {
            server: Some(server),
            database,
            clock,
            http,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.as_ref().unwrap().url())
    }

    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.unwrap();
        }
    }
}

/// Runs each listed `async fn(Backend)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::common::Backend::Postgres).await;
                }
            )*
        }
    };
}
