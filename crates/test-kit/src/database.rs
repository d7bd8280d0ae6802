//! A fresh, migrated, empty database for one test: a SQLite file, or a new database in the
//! PostgreSQL cluster named by `DOSSIER_TEST_POSTGRES_URL`.

#![allow(clippy::print_stderr)] // A test that skips says why.

use dossier_server::{Database, config::sqlite_url};
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
    /// The cluster's admin URL and this database's name, to drop it when the test ends:
    /// a full run makes hundreds, and kept they filled a CI machine's disk.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// None when PostgreSQL is not configured and not required (local runs without it;
    /// scripts/test requires it: `DOSSIER_TEST_REQUIRE_POSTGRES`).
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
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
                let mut admin = sqlx::postgres::PgConnection::connect(&admin_url).await.unwrap();
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
                admin.close().await.unwrap();
                let url = replace_database(&admin_url, &name);
                let db = Database::open(&url).await.unwrap();
                Some(Self { db, url, _dir: None, postgres: Some((admin_url, name)) })
            }
        }
    }

    /// A fresh SQLite file in a folder of its own.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = sqlite_url(&dir.path().join("test.sqlite3"));
        let db = Database::open(&url).await.unwrap();
        Self { db, url, _dir: Some(dir), postgres: None }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else { return };
        // Drop may run inside a test's runtime, which cannot be blocked on: a thread with
        // its own. FORCE ends the connections the test's pool still holds.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut admin = sqlx::postgres::PgConnection::connect(&admin_url).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await?;
                admin.close().await?;
                Ok::<_, sqlx::Error>(())
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => eprintln!("a test database was not dropped: {error}"),
            Err(_) => eprintln!("a test database was not dropped: the dropping thread panicked"),
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    parsed.set_path(&format!("/{name}"));
    parsed.to_string()
}
