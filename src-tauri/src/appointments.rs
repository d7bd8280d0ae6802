//! Appointments and invoices in the shell: read from the device (offline too), fetched on
//! demand, an appointment cancelled or saved for the calendar, an invoice saved as PDF, and
//! a video consultation's or payment link opened in the system's browser. A link is taken
//! from the device's cache by the item's id, never from the UI, and only https is opened.

use dossier_api::{
    appointments::AppointmentView,
    shell::{
        AppError, AppointmentArgs, AppointmentsView, InvoicesView, LinkKind, OpenLinkArgs,
        RecordArgs, SaveCalendarArgs, SaveInvoicePdfArgs, SavedFileView,
    },
};
use tauri::{AppHandle, Manager, Runtime};

use crate::{AppCore, commands::app_error, saving};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tauri::command]
pub async fn appointments<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<AppointmentsView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let list = account.appointments(&args.record_id).await.map_err(app_error)?;
    Ok(AppointmentsView {
        upcoming: list.upcoming,
        past: list.past,
        last_synced: list.last_synced,
        offline: account.is_offline().await,
        now: now(),
    })
}

#[tauri::command]
pub async fn sync_appointments<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.sync_appointments(&args.record_id).await.map(|_| ()).map_err(app_error)
}

#[tauri::command]
pub async fn cancel_appointment<R: Runtime>(
    app: AppHandle<R>,
    args: AppointmentArgs,
) -> Result<AppointmentView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.cancel_appointment(&args.record_id, &args.appointment_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn save_appointment_calendar<R: Runtime>(
    app: AppHandle<R>,
    args: SaveCalendarArgs,
) -> Result<Option<SavedFileView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let appointment = account
        .appointment(&args.record_id, &args.appointment_id)
        .await
        .map_err(app_error)?
        .ok_or(AppError::Unexpected)?;
    let day = chrono::DateTime::from_timestamp(appointment.starts_at, 0)
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
        .unwrap_or_default();
    let name = format!("{day} {}.ics", clean(&appointment.department));
    let Some(path) =
        saving::ask_where(&app, &args.labels.dialog_title, "iCalendar", "ics", name).await
    else {
        return Ok(None);
    };
    let file = dossier_core::calendar::appointment_ics(&appointment, &args.labels, now());
    saving::write_chosen(&app, path, "ics", file.into_bytes()).await.map(Some)
}

#[tauri::command]
pub async fn open_link<R: Runtime>(app: AppHandle<R>, args: OpenLinkArgs) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    let link = match args.kind {
        LinkKind::VideoConsultation => account
            .appointment(&args.record_id, &args.id)
            .await
            .map_err(app_error)?
            .and_then(|a| a.video_link),
        LinkKind::Payment => account
            .invoice(&args.record_id, &args.id)
            .await
            .map_err(app_error)?
            .and_then(|i| i.payment_link),
    };
    let link = link.filter(|l| l.starts_with("https://")).ok_or(AppError::NoLink)?;
    open_in_browser(&app, &link).map_err(|kind| {
        // The kind only: the launcher's own message names the command with the link, and a
        // video consultation's or payment link can carry a token.
        tracing::warn!(?kind, "opening a link in the browser failed");
        AppError::Unexpected
    })
}

/// Desktop: the system's launcher (xdg-open, `open`, the Windows shell) through the `open`
/// crate, what tauri-plugin-opener itself calls there; the plugin is not linked on desktop
/// because its file-manager support brings a second D-Bus stack (zbus) into the binary.
#[cfg(desktop)]
fn open_in_browser<R: Runtime>(_app: &AppHandle<R>, link: &str) -> Result<(), std::io::ErrorKind> {
    open::that_detached(link).map_err(|error| error.kind())
}

/// Android and iOS: only the platform's plugin can hand a link to the browser.
#[cfg(mobile)]
fn open_in_browser<R: Runtime>(app: &AppHandle<R>, link: &str) -> Result<(), &'static str> {
    use tauri_plugin_opener::OpenerExt;
    app.opener().open_url(link, None::<&str>).map_err(|_| "the opener plugin refused")
}

#[tauri::command]
pub async fn invoices<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<InvoicesView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let list = account.invoices(&args.record_id).await.map_err(app_error)?;
    Ok(InvoicesView {
        to_pay: list.to_pay,
        settled: list.settled,
        last_synced: list.last_synced,
        offline: account.is_offline().await,
    })
}

#[tauri::command]
pub async fn sync_invoices<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.sync_invoices(&args.record_id).await.map(|_| ()).map_err(app_error)
}

/// The server makes the PDF (it needs a connection); fetched once the patient chose where.
#[tauri::command]
pub async fn save_invoice_pdf<R: Runtime>(
    app: AppHandle<R>,
    args: SaveInvoicePdfArgs,
) -> Result<Option<SavedFileView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let invoice = account
        .invoice(&args.record_id, &args.invoice_id)
        .await
        .map_err(app_error)?
        .ok_or(AppError::Unexpected)?;
    let name = format!(
        "{} {} {}.pdf",
        invoice.issued_on,
        clean(&invoice.hospital_name),
        clean(&invoice.number)
    );
    let Some(path) = saving::ask_where(&app, &args.dialog_title, "PDF", "pdf", name).await else {
        return Ok(None);
    };
    let bytes = account.invoice_pdf(&args.record_id, &args.invoice_id).await.map_err(app_error)?;
    saving::write_chosen(&app, path, "pdf", bytes).await.map(Some)
}

/// No characters a file system refuses.
fn clean(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() || " -_().,".contains(c) { c } else { '-' })
        .collect();
    kept.trim().chars().take(60).collect()
}
