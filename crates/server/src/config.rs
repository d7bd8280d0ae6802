//! Command-line and environment configuration of the server process.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, ValueEnum};

use crate::error::ServerError;

/// Where the server listens and which database it uses. Every flag also reads an
/// environment variable, so a container can be configured without a command line.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on. Loopback by default: a deployment puts a TLS-terminating load
    /// balancer in front and sets 0.0.0.0.
    #[arg(long, env = "DOSSIER_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseConfig,
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// `sqlite://<file>` or `postgres://user:password@host/db`. Default: a SQLite file in
    /// the data directory, created on first start.
    #[arg(long = "database-url", env = "DATABASE_URL", hide_env_values = true)]
    pub url: Option<String>,

    /// Folder for the default SQLite database and, later, generated files.
    #[arg(long, env = "DOSSIER_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

impl DatabaseConfig {
    /// The folder for server files: the flag, else the platform's data folder.
    pub fn data_dir(&self) -> Result<PathBuf, ServerError> {
        match &self.data_dir {
            Some(dir) => Ok(dir.clone()),
            None => dirs::data_dir()
                .map(|d| d.join("dossier-server"))
                .ok_or(ServerError::NoDataDir),
        }
    }

    /// The database URL to connect to, creating the data folder when the default SQLite
    /// file is used.
    pub fn resolved_url(&self) -> Result<String, ServerError> {
        if let Some(url) = &self.url {
            return Ok(url.clone());
        }
        let dir = self.data_dir()?;
        std::fs::create_dir_all(&dir).map_err(|source| ServerError::DataDir {
            path: dir.clone(),
            source,
        })?;
        Ok(sqlite_url(&dir.join("dossier.sqlite3")))
    }
}

/// A `sqlite://` URL that creates the file if it does not exist yet.
pub fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}
