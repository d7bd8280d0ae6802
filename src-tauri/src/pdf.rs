//! Save as PDF and print: the report from the device's cache, laid out by
//! dossier-report-pdf, written where the patient chooses in the system's save dialog (works
//! offline); printing goes through the webview's own print dialog.

#[cfg(any(desktop, test))]
use std::path::{Path, PathBuf};

use dossier_api::shell::{AppError, SaveReportPdfArgs, SavedFileView};
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use tauri_plugin_dialog::{DialogExt, FilePath};

use crate::AppCore;

#[tauri::command]
pub async fn save_report_pdf<R: Runtime>(
    app: AppHandle<R>,
    args: SaveReportPdfArgs,
) -> Result<Option<SavedFileView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let report = account
        .report(&args.record_id, &args.report_id)
        .await
        .map_err(crate::commands::app_error)?
        .ok_or(AppError::Unexpected)?;
    let patient = account
        .records()
        .await
        .into_iter()
        .find(|r| r.record_id == args.record_id)
        .map(|r| format!("{} {}", r.given_name, r.family_name));
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let dialog = app
        .dialog()
        .file()
        .set_title(&args.labels.dialog_title)
        .add_filter("PDF", &["pdf"])
        .set_file_name(file_name(&report.title, report.performed_on));
    // On desktop the dialog belongs to the app's window; phones have no parent windows.
    #[cfg(desktop)]
    let dialog = match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    };
    dialog.save_file(move |path| {
        let _ = sender.send(path);
    });
    let Some(path) = receiver.await.ok().flatten() else {
        return Ok(None);
    };
    // Laid out once the patient chose where (nothing to throw away on Cancel), off the
    // async workers.
    let bytes = tauri::async_runtime::spawn_blocking(move || {
        dossier_report_pdf::render(&report, patient.as_deref(), &args.labels)
    })
    .await
    .map_err(|_| AppError::Unexpected)?
    .map_err(|error| {
        tracing::warn!(%error, "report PDF failed");
        AppError::Unexpected
    })?;
    let written = write_file(&app, path, &bytes).map_err(|error| {
        // The error names no path: it may hold the patient's name.
        tracing::warn!(kind = ?error.kind(), "saving the report PDF failed");
        AppError::SaveFailed
    })?;
    Ok(Some(SavedFileView { file_name: written }))
}

/// The system's print dialog for what the window shows; the UI's print style sheet keeps
/// the report alone on paper. Through the shell because under WebDriver (and in some
/// webviews) the page's own `window.print()` is ignored.
#[tauri::command]
pub async fn print_window<R: Runtime>(window: WebviewWindow<R>) -> Result<(), AppError> {
    #[cfg(desktop)]
    return window.print().map_err(|error| {
        tracing::warn!(%error, "printing failed");
        AppError::Unexpected
    });
    // Tauri has no print call on Android and iOS: there the patient saves the PDF and
    // prints or shares it from the system.
    #[cfg(mobile)]
    {
        let _ = window;
        tracing::info!("printing is not available on this platform");
        Err(AppError::Unexpected)
    }
}

/// "2026-11-17 Lipidenprofiel.pdf": sorts by date in a folder; no characters a file
/// system refuses.
fn file_name(title: &str, performed_on: chrono::NaiveDate) -> String {
    let clean: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() || " -_().,".contains(c) { c } else { '-' })
        .collect();
    let clean = clean.trim().chars().take(80).collect::<String>();
    format!("{performed_on} {clean}.pdf")
}

/// Writes next to the target and renames, so a failure never leaves half a PDF under the
/// patient's chosen name.
#[cfg(desktop)]
fn write_file<R: Runtime>(
    _app: &AppHandle<R>,
    path: FilePath,
    bytes: &[u8],
) -> std::io::Result<String> {
    let path = path.into_path().map_err(std::io::Error::other)?;
    let path = with_pdf_extension(path);
    let partial = path.with_extension("pdf.part");
    std::fs::write(&partial, bytes)?;
    if let Err(error) = std::fs::rename(&partial, &path) {
        let _ = std::fs::remove_file(&partial);
        return Err(error);
    }
    Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
}

/// On Android and iOS the dialog answers with a document URI that only the file-system
/// plugin can open (unverified here: only Linux desktop builds on this machine).
#[cfg(mobile)]
fn write_file<R: Runtime>(
    app: &AppHandle<R>,
    path: FilePath,
    bytes: &[u8],
) -> std::io::Result<String> {
    use std::io::Write;
    use tauri_plugin_fs::{FsExt, OpenOptions};
    let name = path.to_string().rsplit('/').next().unwrap_or_default().to_owned();
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    let mut file = app.fs().open(path, options)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(name)
}

#[cfg(any(desktop, test))]
fn with_pdf_extension(path: PathBuf) -> PathBuf {
    let is_pdf = Path::new(&path).extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf { path } else { path.with_extension("pdf") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_start_with_the_date_and_hold_no_path_characters() {
        let date = |text| dossier_api::dates::parse_iso(text).unwrap();
        assert_eq!(
            file_name("Lipidenprofiel", date("2026-11-17")),
            "2026-11-17 Lipidenprofiel.pdf"
        );
        assert_eq!(
            file_name("RX / CT: knie?", date("2026-01-02")),
            "2026-01-02 RX - CT- knie-.pdf"
        );
        assert_eq!(file_name("Échographie", date("2026-01-02")), "2026-01-02 Échographie.pdf");
    }

    #[test]
    fn a_name_without_pdf_gets_it() {
        assert_eq!(with_pdf_extension("/tmp/a".into()), PathBuf::from("/tmp/a.pdf"));
        assert_eq!(with_pdf_extension("/tmp/a.PDF".into()), PathBuf::from("/tmp/a.PDF"));
    }
}
