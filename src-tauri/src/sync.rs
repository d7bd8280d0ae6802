//! When reports are synced: right after an unlock or a login, on demand, and every few
//! minutes while the app is open. Progress goes to the UI as events.

use std::time::Duration;

use dossier_api::shell::{SyncProgressView, events};
use dossier_core::{Account, CoreError};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::AppCore;

/// How often reports are synced while the app is open and unlocked.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// Syncs every record, emitting progress.
pub async fn run<R: Runtime>(app: &AppHandle<R>, account: &Account) -> Result<(), CoreError> {
    let handle = app.clone();
    account
        .sync_reports(move |progress| {
            let view = SyncProgressView {
                record_id: progress.record_id,
                received: u32::try_from(progress.received).unwrap_or(u32::MAX),
                done: progress.done,
            };
            let _ = handle.emit(events::SYNC_PROGRESS, view);
        })
        .await
}

/// Syncs in the background (after an unlock or a login).
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let account = handle.state::<AppCore>().account.clone();
        if let Err(error) = run(&handle, &account).await {
            tracing::info!(%error, "background sync did not complete");
        }
    });
}

/// Every [`SYNC_INTERVAL`], syncs if a session is open.
pub async fn every_few_minutes<R: Runtime>(app: AppHandle<R>) {
    loop {
        tokio::time::sleep(SYNC_INTERVAL).await;
        let account = app.state::<AppCore>().account.clone();
        if account.is_logged_in().await
            && let Err(error) = run(&app, &account).await
        {
            tracing::info!(%error, "periodic sync did not complete");
        }
    }
}
