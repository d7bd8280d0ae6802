//! Save as PDF and print: the report from the device's cache, laid out by
//! dossier-report-pdf, written where the patient chooses in the system's save dialog (works
//! offline); printing goes through the webview's own print dialog.

use dossier_api::shell::{AppError, SaveReportPdfArgs, SavedFileView};
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};

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
    let name = file_name(&report.title, report.performed_on);
    let Some(path) =
        crate::saving::ask_where(&app, &args.labels.dialog_title, "PDF", "pdf", name).await
    else {
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
    crate::saving::write_chosen(&app, path, "pdf", bytes).await.map(Some)
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
}
