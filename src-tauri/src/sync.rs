//! When reports are synced: right after an unlock or a login, on demand, and every few
//! minutes while the app is open. Progress goes to the UI as events.

use std::time::Duration;

use dossier_api::shell::{SyncProgressView, events};
use dossier_core::{Account, CoreError};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::AppCore;

/// How often reports are synced while the app is open and unlocked.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(5 * 60);

/// Syncs every record's reports, emitting progress, then the access logs the user may read
/// (announced when new entries came in), then every record's appointments and invoices
/// (announced when they changed). The answer is the reports' sync: a log that could
/// not be fetched waits for the next round.
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
        .await?;
    match account.sync_access_logs().await {
        Ok(changed) if !changed.is_empty() => {
            let _ = app.emit(events::ACCESS_LOG_SYNCED, changed);
        }
        Ok(_) => {}
        Err(error) => tracing::info!(%error, "access log sync did not complete"),
    }
    match account.sync_all_messages().await {
        Ok(changed) if !changed.is_empty() => {
            let _ = app.emit(events::MESSAGES_SYNCED, changed);
        }
        Ok(_) => {}
        Err(error) => tracing::info!(%error, "message sync did not complete"),
    }
    match account.sync_appointments_and_invoices().await {
        Ok(changed) if !changed.is_empty() => {
            let _ = app.emit(events::APPOINTMENTS_SYNCED, changed);
        }
        Ok(_) => {}
        Err(error) => tracing::info!(%error, "appointment and invoice sync did not complete"),
    }
    Ok(())
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

/// The connection is back: an app opened without one logs in with the device key (no PIN
/// asked again), tells the UI, and syncs.
pub fn after_reconnect<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let account = handle.state::<AppCore>().account.clone();
        if !account.is_offline().await {
            return;
        }
        match account.reconnect().await {
            Ok(true) => {
                let _ = handle.emit(events::BACK_ONLINE, ());
                if let Err(error) = run(&handle, &account).await {
                    tracing::info!(%error, "sync after reconnecting did not complete");
                }
            }
            Ok(false) => {}
            Err(error) => {
                tracing::info!(%error, "logging in again after the connection came back failed");
                // Blocked or removed meanwhile: the device wiped itself; the PIN screen
                // will say so at the next unlock. Lock now.
                let _ = handle.emit(events::LOCKED, ());
            }
        }
    });
}

/// How often an open app checks whether a record's last day has passed (at midnight in
/// Brussels a child's record closes on the 15th birthday, also without a connection).
const CLOSING_CHECK: std::time::Duration = std::time::Duration::from_secs(60);

/// Every [`CLOSING_CHECK`], closes the records past their last day and tells the UI.
pub async fn close_records_at_midnight<R: Runtime>(app: AppHandle<R>) {
    loop {
        tokio::time::sleep(CLOSING_CHECK).await;
        let account = app.state::<AppCore>().account.clone();
        if !account.is_cache_open().await {
            continue;
        }
        match account.close_expired_records().await {
            Ok(closed) if !closed.is_empty() => {
                let _ = app.emit(events::RECORDS_CHANGED, ());
            }
            Ok(_) => {}
            Err(error) => tracing::info!(%error, "closing records past their last day failed"),
        }
    }
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
