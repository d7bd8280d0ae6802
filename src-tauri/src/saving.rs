//! Saving a file where the patient chooses, through the system's save dialog: a report or
//! an invoice as PDF, an appointment for the calendar. Written next to the target and
//! renamed, so a failure never leaves half a file under the patient's chosen name; a
//! radiology study's ZIP is written piece by piece as it arrives.

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
    let mut file = ChosenFile::create(app, path, extension)?;
    file.write(bytes)?;
    file.finish()
}

/// A file being written where the patient chose, piece by piece (a study's ZIP does not
/// fit in memory on every phone). On desktop it is written under a `.part` name next to
/// the target and renamed when complete; dropped unfinished, the part is removed.
pub struct ChosenFile {
    file: std::fs::File,
    #[cfg(desktop)]
    target: PathBuf,
    #[cfg(desktop)]
    partial: Option<PathBuf>,
    #[cfg(mobile)]
    name: String,
}

impl ChosenFile {
    /// Opens the chosen file, with `extension` added if the name lacks it.
    pub fn create<R: Runtime>(
        app: &AppHandle<R>,
        path: FilePath,
        extension: &str,
    ) -> Result<Self, AppError> {
        Self::open(app, path, extension).map_err(save_failed)
    }

    #[cfg(desktop)]
    fn open<R: Runtime>(
        _app: &AppHandle<R>,
        path: FilePath,
        extension: &str,
    ) -> std::io::Result<Self> {
        let path = path.into_path().map_err(std::io::Error::other)?;
        let target = with_extension(path, extension);
        let partial = target.with_extension(format!("{extension}.part"));
        let file = std::fs::File::create(&partial)?;
        Ok(Self { file, target, partial: Some(partial) })
    }

    /// On Android and iOS the dialog answers with a document URI that only the file-system
    /// plugin can open, and a URI cannot be renamed: written in place (unverified here:
    /// only Linux desktop builds on this machine).
    #[cfg(mobile)]
    fn open<R: Runtime>(
        app: &AppHandle<R>,
        path: FilePath,
        _extension: &str,
    ) -> std::io::Result<Self> {
        use tauri_plugin_fs::{FsExt, OpenOptions};
        let name = path.to_string().rsplit('/').next().unwrap_or_default().to_owned();
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        let file = app.fs().open(path, options)?;
        Ok(Self { file, name })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), AppError> {
        use std::io::Write;
        self.file.write_all(bytes).map_err(save_failed)
    }

    /// Flushes the file to disk and gives it its name; the name alone is answered.
    pub fn finish(mut self) -> Result<SavedFileView, AppError> {
        self.file.sync_all().map_err(save_failed)?;
        self.complete().map_err(save_failed).map(|file_name| SavedFileView { file_name })
    }

    #[cfg(desktop)]
    fn complete(&mut self) -> std::io::Result<String> {
        if let Some(partial) = self.partial.take()
            && let Err(error) = std::fs::rename(&partial, &self.target)
        {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
        Ok(self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
    }

    #[cfg(mobile)]
    fn complete(&mut self) -> std::io::Result<String> {
        Ok(self.name.clone())
    }
}

#[cfg(desktop)]
impl Drop for ChosenFile {
    fn drop(&mut self) {
        if let Some(partial) = self.partial.take() {
            let _ = std::fs::remove_file(partial);
        }
    }
}

fn save_failed(error: std::io::Error) -> AppError {
    // The error names no path: it may hold the patient's name.
    tracing::warn!(kind = ?error.kind(), "saving a file failed");
    AppError::SaveFailed
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
