//! Messages to hospital services: thin commands over the core (the outbox, the sealed
//! conversations), and an attachment saved where the patient chooses.

use dossier_api::{
    messages::AttachmentKind,
    shell::{
        AppError, DiscardMessageArgs, MessagesView, RecordArgs, SaveAttachmentArgs, SavedFileView,
        WriteMessageArgs,
    },
};
use dossier_core::account::MessageList;
use tauri::{AppHandle, Manager, Runtime};

use crate::{AppCore, commands::app_error, saving};

async fn view<R: Runtime>(app: &AppHandle<R>, list: MessageList) -> MessagesView {
    let account = app.state::<AppCore>().account.clone();
    MessagesView {
        threads: list.threads,
        pending: list.pending,
        last_synced: list.last_synced,
        offline: account.is_offline().await,
        hospitals: list.hospitals,
    }
}

/// The record's conversations and outbox, from the device.
#[tauri::command]
pub async fn messages<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<MessagesView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let list = account.messages(&args.record_id).await.map_err(app_error)?;
    Ok(view(&app, list).await)
}

/// Sends the outbox and reads the conversations.
#[tauri::command]
pub async fn sync_messages<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.sync_messages(&args.record_id).await.map(|_| ()).map_err(app_error)
}

#[tauri::command]
pub async fn write_message<R: Runtime>(
    app: AppHandle<R>,
    args: WriteMessageArgs,
) -> Result<MessagesView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let list = account.write_message(&args.record_id, args.message).await.map_err(app_error)?;
    Ok(view(&app, list).await)
}

#[tauri::command]
pub async fn discard_message<R: Runtime>(
    app: AppHandle<R>,
    args: DiscardMessageArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.discard_pending(&args.record_id, &args.client_id).await.map_err(app_error)
}

/// Asks where to save an attachment, then fetches and writes it; None when the patient
/// cancelled the dialog.
#[tauri::command]
pub async fn save_attachment<R: Runtime>(
    app: AppHandle<R>,
    args: SaveAttachmentArgs,
) -> Result<Option<SavedFileView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let bytes = account
        .message_attachment(&args.record_id, &args.message_id, &args.attachment_id)
        .await
        .map_err(app_error)?;
    // The kind from the bytes, as everywhere: the name alone never decides it.
    let kind = AttachmentKind::sniff(&bytes).ok_or(AppError::ServerProblem)?;
    let (filter, extension) = match kind {
        AttachmentKind::Pdf => ("PDF", "pdf"),
        AttachmentKind::Jpeg => ("JPEG", "jpg"),
        AttachmentKind::Png => ("PNG", "png"),
    };
    let name = args.file_name.clone();
    let Some(path) = saving::ask_where(&app, &args.dialog_title, filter, extension, name).await
    else {
        return Ok(None);
    };
    saving::write_chosen(&app, path, extension, bytes).await.map(Some)
}
