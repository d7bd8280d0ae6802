//! Command-line and environment configuration of the server process.

use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, ValueEnum};

use crate::{crypto::HashingParams, error::ServerError, mail::MailSettings};

/// Where the server listens and which database it uses. Every flag also reads an
/// environment variable, so a container can be configured without a command line.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on. Loopback by default: a deployment sets 0.0.0.0 with HTTPS on
    /// the server (--tls-cert, --tls-key) or a TLS-terminating proxy in front.
    #[arg(long, env = "DOSSIER_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Serve HTTPS with this certificate chain (PEM), read again on SIGHUP. Needs
    /// --tls-key. Without both the server speaks plain HTTP, for a TLS-terminating proxy.
    #[arg(long, env = "DOSSIER_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<std::path::PathBuf>,

    /// The certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, env = "DOSSIER_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub database: DatabaseConfig,

    #[command(flatten)]
    pub service: ServiceConfig,

    /// For the demo only: run the clock moved by `+14d`, `-2h 30m`, or from an instant such
    /// as `2027-03-01T09:00:00Z`, to show what happens on a birthday or after a death.
    /// `serve` refuses it.
    #[arg(long, env = "DOSSIER_CLOCK")]
    pub clock: Option<String>,

    /// Seconds between two rounds of the notification job (e-mails about something new,
    /// reminders the day before an appointment).
    #[arg(long, env = "DOSSIER_NOTIFY_EVERY", default_value_t = 60)]
    pub notify_every: u64,
}

/// Settings of the account services, shared by the server and the staff commands.
#[derive(Debug, Clone, Args)]
pub struct ServiceConfig {
    /// The address patients reach the server at, used in links sent by e-mail.
    /// Default: http://<bind address>.
    #[arg(long, env = "DOSSIER_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Where e-mail goes: `file:<folder>` (one .eml file per message) or an `smtp://` /
    /// `smtps://` URL. Default: file:<data dir>/outbox.
    #[arg(long, env = "DOSSIER_MAIL", hide_env_values = true)]
    pub mail: Option<String>,

    /// Sender of the e-mails.
    #[arg(long, env = "DOSSIER_MAIL_FROM", default_value = "Dossier <no-reply@dossier.example>")]
    pub mail_from: String,

    /// Argon2id memory cost in KiB for passwords and card codes.
    #[arg(long, env = "DOSSIER_ARGON2_MEMORY_KIB", default_value_t = HashingParams::RECOMMENDED.memory_kib)]
    pub argon2_memory_kib: u32,

    /// Argon2id passes.
    #[arg(long, env = "DOSSIER_ARGON2_ITERATIONS", default_value_t = HashingParams::RECOMMENDED.iterations)]
    pub argon2_iterations: u32,
}

impl ServiceConfig {
    pub fn settings(
        &self,
        data_dir: &std::path::Path,
        bind: Option<SocketAddr>,
    ) -> Result<ServerSettings, ServerError> {
        let public_url = match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", bind.unwrap_or_else(|| ([127, 0, 0, 1], 8080).into())),
        };
        let mail = match &self.mail {
            Some(value) => MailSettings::parse(value)?,
            None => MailSettings::Outbox(data_dir.join("outbox")),
        };
        Ok(ServerSettings {
            public_url,
            mail,
            mail_from: self.mail_from.clone(),
            hashing: HashingParams {
                memory_kib: self.argon2_memory_kib,
                iterations: self.argon2_iterations,
                parallelism: 1,
            },
        })
    }
}

/// Everything the services need besides the database and the clock.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// Base URL for links in e-mails, without a trailing slash.
    pub public_url: String,
    pub mail: MailSettings,
    pub mail_from: String,
    pub hashing: HashingParams,
}

impl ServerSettings {
    /// For tests: mail into `outbox`, cheap hashing, links to loopback.
    pub fn for_tests(outbox: &std::path::Path) -> Self {
        Self {
            public_url: "http://127.0.0.1".into(),
            mail: MailSettings::Outbox(outbox.to_path_buf()),
            mail_from: "Dossier <no-reply@dossier.example>".into(),
            hashing: HashingParams::FAST_FOR_TESTS,
        }
    }
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
            None => {
                dirs::data_dir().map(|d| d.join("dossier-server")).ok_or(ServerError::NoDataDir)
            }
        }
    }

    /// The database URL to connect to, creating the data folder when the default SQLite
    /// file is used.
    pub fn resolved_url(&self) -> Result<String, ServerError> {
        if let Some(url) = &self.url {
            return Ok(url.clone());
        }
        let dir = self.data_dir()?;
        std::fs::create_dir_all(&dir)
            .map_err(|source| ServerError::DataDir { path: dir.clone(), source })?;
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
