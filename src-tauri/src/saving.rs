//! Saving a file where the patient chooses, through the system's save dialog: a report or
//! an invoice as PDF, an appointment for the calendar. Written next to the target and
//! renamed, so a failure never leaves half a file under the patient's chosen name; a
//! radiology study's ZIP is written piece by piece as it arrives. The file work runs on the
//! blocking pool, never on the async thread.

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
pub async fn write_chosen<R: Runtime>(
    app: &AppHandle<R>,
    path: FilePath,
    extension: &'static str,
    bytes: Vec<u8>,
) -> Result<SavedFileView, AppError> {
    let mut file = ChosenFile::create(app, path, extension).await?;
    file.write(bytes).await?;
    file.finish().await
}

/// A file being written where the patient chose, piece by piece (a study's ZIP does not
/// fit in memory on every phone). Every step runs on the blocking pool: the commands share
/// the core's one async thread, which also drives the network, and a slow disk or a
/// document provider must not stall it.
pub struct ChosenFile {
    // Taken while a step runs on the blocking pool; None after a step failed or panicked
    // (the part file is then already removed by its own Drop).
    part: Option<PartFile>,
}

impl ChosenFile {
    /// Opens the chosen file, with `extension` added if the name lacks it.
    pub async fn create<R: Runtime>(
        app: &AppHandle<R>,
        path: FilePath,
        extension: &'static str,
    ) -> Result<Self, AppError> {
        let app = app.clone();
        let part = off_the_runtime(move || PartFile::open(&app, path, extension)).await?;
        Ok(Self { part: Some(part) })
    }

    pub async fn write(&mut self, bytes: Vec<u8>) -> Result<(), AppError> {
        let mut part = self.part.take().ok_or(AppError::SaveFailed)?;
        self.part = Some(
            off_the_runtime(move || {
                use std::io::Write;
                part.file.write_all(&bytes).map(|()| part)
            })
            .await?,
        );
        Ok(())
    }

    /// Flushes the file to disk and gives it its name; the name alone is answered.
    pub async fn finish(mut self) -> Result<SavedFileView, AppError> {
        let part = self.part.take().ok_or(AppError::SaveFailed)?;
        let file_name = off_the_runtime(move || part.finish()).await?;
        Ok(SavedFileView { file_name })
    }
}

/// Runs file work on the blocking pool. If the command is dropped meanwhile, the work ends
/// there and its `PartFile` is dropped with its answer, removing the part.
async fn off_the_runtime<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|_| AppError::Unexpected)?
        .map_err(save_failed)
}

/// The file itself. On desktop it is written under a `.part` name next to the target and
/// renamed when complete; dropped unfinished, the part is removed.
struct PartFile {
    file: std::fs::File,
    #[cfg(desktop)]
    target: PathBuf,
    #[cfg(desktop)]
    partial: Option<PathBuf>,
    #[cfg(mobile)]
    name: String,
}

impl PartFile {
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

    fn finish(mut self) -> std::io::Result<String> {
        self.file.sync_all()?;
        self.complete()
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
impl Drop for PartFile {
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
