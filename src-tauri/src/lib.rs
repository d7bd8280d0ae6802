//! dossier-app: the Tauri shell of Dossier.
//!
//! Thin on purpose: it starts dossier-core, exposes it to the UI as commands (each one a
//! call into the core), forwards the core's state changes as events, tells the core when
//! the window goes to the background (for the lock), and serves the UI from the embedded
//! `ui/dist`. No rules and no secrets live here.

mod appointments;
mod commands;
mod labs;
mod launch;
mod messages;
mod pdf;
mod radiology;
mod saving;
mod sync;

use std::{path::PathBuf, sync::Arc, time::Duration};

use dossier_api::shell::events;
use dossier_core::{
    Account, BuildKind, ConnectionMonitor, DeviceSupport, DossierClient, OsKeychain,
    device::{DeviceVault, KdfParams},
};
use tauri::{Builder, Emitter, Manager, RunEvent, Runtime, WindowEvent};

pub use launch::LaunchOptions;

/// How often the connection is checked while the app is open.
const CONNECTION_CHECK_INTERVAL: Duration = Duration::from_secs(10);

/// The core objects the commands reach through Tauri's managed state.
pub struct AppCore {
    pub connection: Arc<ConnectionMonitor>,
    pub account: Arc<Account>,
    /// False when the platform's keychain cannot be reached: code-card login only.
    pub can_register: bool,
}

impl AppCore {
    /// The core for `options`, keeping its data in `data_dir`.
    pub fn new(options: &LaunchOptions, data_dir: PathBuf) -> anyhow::Result<Self> {
        let client = DossierClient::new(options.server.clone())?;
        let connection = Arc::new(ConnectionMonitor::new(client.clone()));
        let (account, can_register) = match OsKeychain::open(BuildKind::of_this_build()) {
            Ok(keychain) => {
                let vault = DeviceVault::new(Arc::new(keychain), &options.server);
                let device = DeviceSupport { vault, kdf: KdfParams::DEVICE, data_dir };
                (Account::with_device(client, device), true)
            }
            Err(error) => {
                tracing::warn!(%error, "no keychain: this device cannot be registered");
                (Account::new(client), false)
            }
        };
        Ok(Self { connection, account: Arc::new(account), can_register })
    }
}

/// Registers the commands and the background tasks on any runtime, so tests can drive the
/// same wiring with Tauri's mock runtime. The core is made in `setup`, where the app's data
/// folder is known.
pub fn build<R: Runtime>(builder: Builder<R>, options: LaunchOptions) -> Builder<R> {
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_fs::init()).plugin(tauri_plugin_opener::init());
    builder
        .plugin(tauri_plugin_dialog::init())
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
            commands::device_state,
            commands::register_device,
            commands::unlock,
            commands::change_pin,
            commands::devices,
            commands::remove_device,
            commands::unregister_device,
            commands::lock,
            commands::sync_reports,
            commands::records,
            commands::closed_records,
            commands::link_requests,
            commands::ask_for_child,
            commands::record_links,
            commands::name_trusted_person,
            commands::revoke_link,
            commands::reports,
            commands::report,
            commands::hospitals,
            commands::pending_reports,
            commands::mark_reports_seen,
            commands::access_overview,
            commands::set_gp_objection,
            commands::withdraw_referrer,
            commands::stop_exclusion,
            commands::sync_access_log,
            commands::access_log,
            commands::personal_details,
            commands::change_personal_details,
            commands::questionnaires,
            commands::questionnaire,
            commands::save_answers,
            commands::find_general_practitioners,
            commands::notification_settings,
            commands::change_notification_settings,
            commands::first_screen_ready,
            pdf::save_report_pdf,
            pdf::print_window,
            appointments::appointments,
            appointments::sync_appointments,
            appointments::cancel_appointment,
            appointments::save_appointment_calendar,
            appointments::open_link,
            appointments::invoices,
            appointments::sync_invoices,
            appointments::save_invoice_pdf,
            messages::messages,
            messages::sync_messages,
            messages::write_message,
            messages::discard_message,
            messages::save_attachment,
            radiology::radiology_study,
            radiology::series_preview,
            radiology::save_study,
            radiology::share_codes,
            radiology::create_share_code,
            radiology::revoke_share_code,
            labs::lab_tests,
            labs::lab_series,
        ])
        // Start-up stages, for the cold-start figure (scripts/figures reads them at debug).
        .on_page_load(|_, payload| tracing::debug!(event = ?payload.event(), "page load"))
        .on_window_event(|window, event| {
            // Away from the screen: start the lock clock; back: lock if it was too long.
            if let WindowEvent::Focused(focused) = event {
                let account = window.state::<AppCore>().account.clone();
                let now = std::time::Instant::now();
                if *focused {
                    let handle = window.app_handle().clone();
                    tauri::async_runtime::spawn(async move {
                        if account.came_to_foreground(now).await {
                            let _ = handle.emit(events::LOCKED, ());
                        }
                    });
                } else {
                    account.went_to_background(now);
                }
            }
        })
        .setup(move |app| {
            tracing::debug!("setup: start");
            let data_dir = app.path().app_data_dir()?;
            let core = AppCore::new(&options, data_dir).map_err(|e| e.to_string())?;
            tracing::debug!("setup: core ready");
            let connection = core.connection.clone();
            app.manage(core);
            let mut changes = connection.subscribe();
            let handle = app.handle().clone();
            let forwarded = connection.clone();
            tauri::async_runtime::spawn(async move {
                while changes.changed().await.is_ok() {
                    let view = forwarded.view(changes.borrow_and_update().clone());
                    let online =
                        matches!(view.state, dossier_api::ConnectionState::Connected { .. });
                    if let Err(error) = handle.emit(events::CONNECTION_CHANGED, view) {
                        tracing::warn!(%error, "cannot tell the UI about the connection");
                    }
                    if online {
                        sync::after_reconnect(&handle);
                    }
                }
            });
            tauri::async_runtime::spawn(async move {
                connection.watch(CONNECTION_CHECK_INTERVAL).await;
            });
            tauri::async_runtime::spawn(sync::every_few_minutes(app.handle().clone()));
            tauri::async_runtime::spawn(sync::close_records_at_midnight(app.handle().clone()));
            Ok(())
        })
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let _ = commands::PROCESS_STARTED.set(std::time::Instant::now());
    init_logging();
    let options = match LaunchOptions::from_environment() {
        Ok(options) => options,
        Err(error) => {
            tracing::error!("cannot start Dossier: {error:#}");
            std::process::exit(2);
        }
    };
    tracing::info!(server = %options.server, "starting Dossier");
    // The core's own runtime (one thread, see dossier_core::runtime), before anything of
    // Tauri's spawns: every command and event task runs on it.
    match dossier_core::runtime::start() {
        Ok(handle) => tauri::async_runtime::set(handle),
        Err(error) => {
            tracing::error!("Dossier could not start its runtime: {error}");
            std::process::exit(1);
        }
    }
    let app = match build(tauri::Builder::default(), options).build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(error) => {
            tracing::error!("Dossier could not start: {error}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        // Closing the app ends the session (on a shared computer nothing stays behind).
        if let RunEvent::Exit = event
            && let Some(core) = handle.try_state::<AppCore>()
        {
            let account = core.account.clone();
            tauri::async_runtime::block_on(async move { account.logout().await });
        }
    });
}

/// `DOSSIER_LOG` takes targets and levels (`info`, `dossier_core=debug,warn`); the app's
/// filter has no regular expressions (EnvFilter's would add a regex engine to the binary).
fn init_logging() {
    use tracing_subscriber::{filter::Targets, layer::SubscriberExt, util::SubscriberInitExt};
    let filter = std::env::var("DOSSIER_LOG")
        .ok()
        .and_then(|directives| directives.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO));
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(filter)
        .try_init();
}
