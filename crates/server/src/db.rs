//! The database: one sqlx `Any` pool over SQLite or PostgreSQL, picked from the URL scheme,
//! with one set of migrations and queries written in the SQL both understand (`$1`
//! placeholders, TEXT ids, BIGINT instants, ISO dates as TEXT).

use std::{fmt, time::Duration};

use dossier_api::DatabaseKind;
use sqlx::{
    Any, AnyConnection, AnyPool, Connection, Transaction,
    any::{AnyPoolOptions, install_default_drivers},
    migrate::Migrator,
};

use crate::error::ServerError;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// How a SQLite database is opened, on every connection.
/// - WAL: readers never wait for the writer nor the writer for readers; without it (SQLite's
///   default rollback journal) every sync waited behind every login's commit under load.
///   The mode is kept in the file; setting it again is a no-op.
/// - `synchronous = NORMAL`: under WAL a commit no longer waits for the disk; the WAL is
///   synced at checkpoints. A crash of the server process loses nothing; a power cut or a
///   crash of the machine can lose the last commits, never corrupt the file (SQLite's own
///   guarantee for WAL). What those commits are is written in SECURITY.md.
const SQLITE_PRAGMAS: [&str; 2] = ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"];

/// SQLite serves one writer at a time; a writer waiting for the lock holds a connection,
/// so readers need enough of the others to never queue behind writers.
const SQLITE_CONNECTIONS: u32 = 8;

#[derive(Clone)]
pub struct Database {
    pool: AnyPool,
    kind: DatabaseKind,
    display_url: String,
}

impl Database {
    /// Connects to the database named by `url`. Does not migrate: see [`Self::migrate`].
    pub async fn connect(url: &str) -> Result<Self, ServerError> {
        install_default_drivers();
        let kind = kind_of(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(match kind {
                // One writer at a time anyway; readers alongside it under WAL.
                DatabaseKind::Sqlite => SQLITE_CONNECTIONS,
                DatabaseKind::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if kind == DatabaseKind::Sqlite {
                        for pragma in SQLITE_PRAGMAS {
                            sqlx::query(pragma).execute(&mut *conn).await?;
                        }
                    }
                    Ok(())
                })
            })
            // A commit that failed (a full disk) can leave SQLite rolled back while sqlx still
            // counts the transaction as open, and then every transaction begun on that
            // connection fails. Such a connection is replaced, never handed out again.
            .before_acquire(|conn, _| {
                Box::pin(async move {
                    let usable = !conn.is_in_transaction();
                    if !usable {
                        tracing::warn!("a database connection left inside a transaction: replaced");
                    }
                    Ok(usable)
                })
            })
            .connect(url)
            .await?;
        Ok(Self { pool, kind, display_url: redacted_url(url) })
    }

    /// Brings the schema up to date. Safe to run from several server processes at once:
    /// on PostgreSQL sqlx takes an advisory lock.
    pub async fn migrate(&self) -> Result<(), ServerError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Connects and migrates.
    pub async fn open(url: &str) -> Result<Self, ServerError> {
        let db = Self::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    pub fn kind(&self) -> DatabaseKind {
        self.kind
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Answers when the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    /// Writes a consistent copy of a SQLite database to `out`, a new file, while servers go
    /// on using it: SQLite's `VACUUM INTO` reads one snapshot. The copy is private (0600 on
    /// Unix: it holds every patient's data); a failed copy is removed, never left half
    /// written. PostgreSQL has its own tool for this: pg_dump (deploy/README.md).
    pub async fn backup_to(&self, out: &std::path::Path) -> Result<(), ServerError> {
        if self.kind != DatabaseKind::Sqlite {
            return Err(ServerError::Config(
                "this is a PostgreSQL database: back it up with pg_dump (deploy/README.md)".into(),
            ));
        }
        let path = out.to_str().ok_or_else(|| {
            ServerError::InvalidInput("the backup path is not valid UTF-8".into())
        })?;
        let mut new_file = std::fs::OpenOptions::new();
        new_file.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut new_file, 0o600);
        new_file.open(out).map_err(|source| {
            ServerError::InvalidInput(format!("cannot create {}: {source}", out.display()))
        })?;
        let copied = sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await;
        if let Err(error) = copied {
            let _ = std::fs::remove_file(out);
            return Err(error.into());
        }
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Begins a transaction that reads and then writes. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`): a deferred transaction that has read a snapshot cannot wait for
/// another writer, so two patients starting a login at the same moment would get "database
/// is locked" instead of queueing behind each other for a few milliseconds. PostgreSQL
/// locks rows as it writes, so a plain `BEGIN` is right there.
pub async fn begin_write(conn: &mut AnyConnection) -> Result<Transaction<'_, Any>, sqlx::Error> {
    // Inside a caller's transaction (the demo seed writes through the same functions): a
    // savepoint, the write lock being held already.
    if conn.is_in_transaction() {
        conn.begin().await
    } else if conn.backend_name() == <sqlx::Sqlite as sqlx::Database>::NAME {
        conn.begin_with("BEGIN IMMEDIATE").await
    } else {
        conn.begin().await
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Database")
            .field("kind", &self.kind)
            .field("url", &self.display_url)
            .finish_non_exhaustive()
    }
}

fn kind_of(url: &str) -> Result<DatabaseKind, ServerError> {
    let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or_default();
    match scheme {
        "sqlite" => Ok(DatabaseKind::Sqlite),
        "postgres" | "postgresql" => Ok(DatabaseKind::Postgres),
        _ => Err(ServerError::UnsupportedDatabase(redacted_url(url))),
    }
}

/// The URL with its password replaced, safe to log and print.
pub fn redacted_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "<unparsable database URL>".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sqlite_file_is_opened_in_wal_mode_on_every_connection() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("d.sqlite3").display());
        let db = Database::open(&url).await.unwrap();
        // More connections than one, all held at once: each has had the pragmas.
        let mut held = Vec::new();
        for _ in 0..3 {
            let mut conn = db.pool().acquire().await.unwrap();
            let (mode,): (String,) =
                sqlx::query_as("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
            let (synchronous,): (i64,) =
                sqlx::query_as("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
            assert_eq!((mode.as_str(), synchronous), ("wal", 1), "WAL, synchronous = NORMAL");
            held.push(conn);
        }
    }

    #[test]
    fn picks_the_backend_from_the_scheme() {
        assert_eq!(kind_of("sqlite:///tmp/x.db?mode=rwc").unwrap(), DatabaseKind::Sqlite);
        assert_eq!(kind_of("postgres://u:p@localhost/db").unwrap(), DatabaseKind::Postgres);
        assert_eq!(kind_of("postgresql://localhost/db").unwrap(), DatabaseKind::Postgres);
        assert!(matches!(
            kind_of("mysql://root:secret@localhost/db"),
            Err(ServerError::UnsupportedDatabase(shown)) if !shown.contains("secret")
        ));
    }

    #[test]
    fn never_shows_the_password() {
        let shown = redacted_url("postgres://dossier:s3cret@db.internal:5432/dossier");
        assert_eq!(shown, "postgres://dossier:***@db.internal:5432/dossier");
        assert_eq!(redacted_url("not a url with s3cret"), "<unparsable database URL>");
    }
}
