//! "My lab values": thin commands over the core, which makes them from the record's
//! reports held on the device (offline too; nothing is asked of the server).

use dossier_api::{
    labs::{LabSeries, LabTestSummary},
    shell::{AppError, LabSeriesArgs, LabTestsArgs},
};
use tauri::{AppHandle, Manager, Runtime};

use crate::{AppCore, commands::app_error};

/// The record's tests, by name; with a text, those one of whose names holds it.
#[tauri::command]
pub async fn lab_tests<R: Runtime>(
    app: AppHandle<R>,
    args: LabTestsArgs,
) -> Result<Vec<LabTestSummary>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let text = args.text.filter(|t| !t.trim().is_empty());
    account.lab_tests(&args.record_id, text.as_deref()).await.map_err(app_error)
}

/// One test's values from `since` on, oldest first, for its chart and table.
#[tauri::command]
pub async fn lab_series<R: Runtime>(
    app: AppHandle<R>,
    args: LabSeriesArgs,
) -> Result<Option<LabSeries>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.lab_series(&args.record_id, &args.key, args.since).await.map_err(app_error)
}
