//! The images of a radiology report: thin commands over the core (the study's facts, a
//! series' preview as a data URL the UI shows as an image, the share codes), and the study
//! saved as a ZIP where the patient chooses, written as it arrives.

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::{
    radiology::{RadiologyStudyView, ShareCodeCreated, ShareCodeView},
    shell::{
        AppError, CreateShareCodeArgs, ReportArgs, RevokeShareCodeArgs, SaveStudyArgs,
        SavedFileView, SeriesPreviewArgs,
    },
};
use tauri::{AppHandle, Manager, Runtime};

use crate::{AppCore, commands::app_error, saving};

/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

#[tauri::command]
pub async fn radiology_study<R: Runtime>(
    app: AppHandle<R>,
    args: ReportArgs,
) -> Result<Option<RadiologyStudyView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.radiology_study(&args.record_id, &args.report_id).await.map_err(app_error)
}

/// The preview as a `data:` URL: the UI's page may show images from data URLs only, and
/// the bytes are checked to be a PNG before they become one.
#[tauri::command]
pub async fn series_preview<R: Runtime>(
    app: AppHandle<R>,
    args: SeriesPreviewArgs,
) -> Result<String, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let png = account
        .series_preview(&args.record_id, &args.report_id, &args.series_id)
        .await
        .map_err(app_error)?;
    if !png.starts_with(PNG_SIGNATURE) {
        return Err(AppError::ServerProblem);
    }
    Ok(format!("data:image/png;base64,{}", STANDARD.encode(png)))
}

/// Asks where to save the study, then writes its ZIP there as it arrives; None when the
/// patient cancelled the dialog. A download that stops half way leaves no file.
#[tauri::command]
pub async fn save_study<R: Runtime>(
    app: AppHandle<R>,
    args: SaveStudyArgs,
) -> Result<Option<SavedFileView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let Some(path) =
        saving::ask_where(&app, &args.dialog_title, "ZIP", "zip", args.file_name.clone()).await
    else {
        return Ok(None);
    };
    let mut download =
        account.download_study(&args.record_id, &args.report_id).await.map_err(app_error)?;
    let mut file = saving::ChosenFile::create(&app, path, "zip").await?;
    while let Some(piece) = download.next_piece().await.map_err(app_error)? {
        file.write(piece).await?;
    }
    file.finish().await.map(Some)
}

#[tauri::command]
pub async fn share_codes<R: Runtime>(
    app: AppHandle<R>,
    args: ReportArgs,
) -> Result<Vec<ShareCodeView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.share_codes(&args.record_id, &args.report_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn create_share_code<R: Runtime>(
    app: AppHandle<R>,
    args: CreateShareCodeArgs,
) -> Result<ShareCodeCreated, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.create_share_code(&args.record_id, &args.report_id, args.days).await.map_err(app_error)
}

#[tauri::command]
pub async fn revoke_share_code<R: Runtime>(
    app: AppHandle<R>,
    args: RevokeShareCodeArgs,
) -> Result<ShareCodeView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account
        .revoke_share_code(&args.record_id, &args.report_id, &args.code_id)
        .await
        .map_err(app_error)
}
