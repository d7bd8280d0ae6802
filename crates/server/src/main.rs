//! The dossier-server binary: the API server and the staff commands.

use anyhow::Context;
use clap::{Parser, Subcommand};
use dossier_server::{
    AppState, Database, LogFormat, ServeConfig, SystemClock, config::DatabaseConfig, db, demo,
};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(name = "dossier-server", version, about = "Dossier's portal backend")]
struct Cli {
    /// Log line format.
    #[arg(
        long,
        env = "DOSSIER_LOG_FORMAT",
        value_enum,
        default_value_t,
        global = true
    )]
    log_format: LogFormat,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the API server.
    Serve(ServeConfig),
    /// Run the API server on demo data, seeding it first if the database has none.
    Demo(ServeConfig),
    /// Bring the database schema up to date, then exit.
    Migrate(DatabaseConfig),
    /// Add the demo hospitals and patients to the database, then exit.
    SeedDemo(DatabaseConfig),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match cli.command {
        Command::Serve(config) => serve(config, false).await,
        Command::Demo(config) => serve(config, true).await,
        Command::Migrate(config) => {
            open(&config).await?;
            tracing::info!("database schema is up to date");
            Ok(())
        }
        Command::SeedDemo(config) => {
            let db = open(&config).await?;
            seed_demo(&db).await
        }
    }
}

async fn open(config: &DatabaseConfig) -> anyhow::Result<Database> {
    let url = config.resolved_url()?;
    let db = Database::open(&url)
        .await
        .with_context(|| format!("cannot open the database at {}", db::redacted_url(&url)))?;
    tracing::info!(database = db.kind().as_str(), url = %db::redacted_url(&url), "database ready");
    Ok(db)
}

async fn seed_demo(db: &Database) -> anyhow::Result<()> {
    let summary = demo::seed(db, &SystemClock).await?;
    #[allow(clippy::print_stdout)] // The person who started the demo reads this.
    {
        println!("{summary}");
    }
    Ok(())
}

async fn serve(config: ServeConfig, with_demo_data: bool) -> anyhow::Result<()> {
    let db = open(&config.database).await?;
    if with_demo_data {
        seed_demo(&db).await?;
    }
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    tracing::info!(addr = %listener.local_addr()?, "dossier-server listening");
    dossier_server::serve(
        listener,
        AppState::new(db.clone(), SystemClock),
        shutdown_signal(),
    )
    .await?;
    db.close().await;
    tracing::info!("dossier-server stopped");
    Ok(())
}

/// Completes on Ctrl-C, or on SIGTERM (what a service manager or container runtime sends).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

fn init_logging(format: LogFormat) {
    let filter =
        EnvFilter::try_from_env("DOSSIER_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
