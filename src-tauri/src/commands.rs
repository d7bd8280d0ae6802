//! The commands the UI may invoke. Each one is a call into dossier-core; the names are
//! listed in build.rs (permissions) and in dossier_api::shell::commands (the UI side).

use dossier_api::ConnectionView;
use tauri::{AppHandle, Manager, Runtime};

use crate::AppCore;

/// The connection state as last checked; answers at once.
#[tauri::command]
pub fn connection_status<R: Runtime>(app: AppHandle<R>) -> ConnectionView {
    app.state::<AppCore>().connection.current()
}

/// Checks the server now (the "Try again" button).
#[tauri::command]
pub async fn check_connection<R: Runtime>(app: AppHandle<R>) -> ConnectionView {
    let connection = app.state::<AppCore>().connection.clone();
    connection.check().await
}
