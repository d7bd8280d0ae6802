//! Saving a file where the patient chooses, through the system's save dialog: a report or
//! an invoice as PDF, an appointment for the calendar. Written next to the target and
//! renamed, so a failure never leaves half a file under the patient's chosen name.

#[cfg(any(desktop, test))]
use std::path::PathBuf;

use dossier_api::shell::{AppError, SavedFileView};
#[cfg(desktop)]
use tauri::Manager;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FilePath};

/// Asks where to save (`name` proposed, `extension` filtered); None: the patient cancelled.
pub async fn ask_where<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filter: &str,
    extension: &str,
    name: String,
) -> Option<FilePath> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let dialog =
        app.dialog().file().set_title(title).add_filter(filter, &[extension]).set_file_name(name);
    // On desktop the dialog belongs to the app's window; phones have no parent windows.
    #[cfg(desktop)]
    let dialog = match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    };
    dialog.save_file(move |path| {
        let _ = sender.send(path);
    });
    receiver.await.ok().flatten()
}

/// Writes `bytes` where the patient chose, with `extension` added if the name lacks it.
pub fn write_chosen<R: Runtime>(
    app: &AppHandle<R>,
    path: FilePath,
    extension: &str,
    bytes: &[u8],
) -> Result<SavedFileView, AppError> {
    let written = write_file(app, path, extension, bytes).map_err(|error| {
        // The error names no path: it may hold the patient's name.
        tracing::warn!(kind = ?error.kind(), "saving a file failed");
        AppError::SaveFailed
    })?;
    Ok(SavedFileView { file_name: written })
}

#[cfg(desktop)]
fn write_file<R: Runtime>(
    _app: &AppHandle<R>,
    path: FilePath,
    extension: &str,
    bytes: &[u8],
) -> std::io::Result<String> {
    let path = path.into_path().map_err(std::io::Error::other)?;
    let path = with_extension(path, extension);
    let partial = path.with_extension(format!("{extension}.part"));
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
    _extension: &str,
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
fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    let has = path.extension().is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if has { path } else { path.with_extension(extension) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_the_extension_gets_it() {
        assert_eq!(with_extension("/tmp/a".into(), "pdf"), PathBuf::from("/tmp/a.pdf"));
        assert_eq!(with_extension("/tmp/a.PDF".into(), "pdf"), PathBuf::from("/tmp/a.PDF"));
        assert_eq!(with_extension("/tmp/a".into(), "ics"), PathBuf::from("/tmp/a.ics"));
    }
}
