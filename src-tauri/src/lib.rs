//! dossier-app: the Tauri shell of Dossier.
//!
//! Thin on purpose: it starts dossier-core, exposes it to the UI as commands (each one a
//! call into the core), forwards the core's state changes as events, and serves the UI
//! from the embedded `ui/dist`. No rules and no secrets live here.

mod commands;
mod launch;

use std::{sync::Arc, time::Duration};

use dossier_api::shell::events;
use dossier_core::{Account, ConnectionMonitor, DossierClient};
use tauri::{Builder, Emitter, Manager, Runtime};

pub use launch::LaunchOptions;

/// How often the connection is checked while the app is open.
const CONNECTION_CHECK_INTERVAL: Duration = Duration::from_secs(10);

/// The core objects the commands reach through Tauri's managed state.
pub struct AppCore {
    pub connection: Arc<ConnectionMonitor>,
    pub account: Arc<Account>,
}

impl AppCore {
    pub fn new(options: &LaunchOptions) -> anyhow::Result<Self> {
        let client = DossierClient::new(options.server.clone())?;
        Ok(Self {
            connection: Arc::new(ConnectionMonitor::new(client.clone())),
            account: Arc::new(Account::new(client)),
        })
    }
}

/// Registers the core, the commands and the background tasks on any runtime, so tests can
/// drive the same wiring with Tauri's mock runtime.
pub fn build<R: Runtime>(builder: Builder<R>, core: AppCore) -> Builder<R> {
    builder
        .manage(core)
        .invoke_handler(tauri::generate_handler![
            commands::connection_status,
            commands::check_connection,
            commands::login_start,
            commands::login_finish,
            commands::home,
            commands::logout,
            commands::change_user_name,
            commands::change_password,
            commands::block_card,
            commands::request_card,
            commands::request_password_reset,
        ])
        .setup(|app| {
            let connection = app.state::<AppCore>().connection.clone();
            let mut changes = connection.subscribe();
            let handle = app.handle().clone();
            let forwarded = connection.clone();
            tauri::async_runtime::spawn(async move {
                while changes.changed().await.is_ok() {
                    let view = forwarded.view(changes.borrow_and_update().clone());
                    if let Err(error) = handle.emit(events::CONNECTION_CHANGED, view) {
                        tracing::warn!(%error, "cannot tell the UI about the connection");
                    }
                }
            });
            tauri::async_runtime::spawn(async move {
                connection.watch(CONNECTION_CHECK_INTERVAL).await;
            });
            Ok(())
        })
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    init_logging();
    let options = match LaunchOptions::from_environment() {
        Ok(options) => options,
        Err(error) => {
            tracing::error!("cannot start Dossier: {error:#}");
            std::process::exit(2);
        }
    };
    tracing::info!(server = %options.server, "starting Dossier");
    let core = match AppCore::new(&options) {
        Ok(core) => core,
        Err(error) => {
            tracing::error!("cannot start Dossier: {error:#}");
            std::process::exit(2);
        }
    };
    if let Err(error) = build(tauri::Builder::default(), core).run(tauri::generate_context!()) {
        tracing::error!("Dossier stopped with an error: {error}");
        std::process::exit(1);
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DOSSIER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
