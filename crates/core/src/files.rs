//! The app's own files, readable by this OS user only: folders 0700 and files 0600 on Unix
//! desktops (another account on a shared computer sees nothing, not even sealed data to
//! attack offline). Android and iOS keep app data private per app already; Windows' user
//! profile folders are private by their ACLs.

use std::{io, path::Path};

/// Creates `dir` (and missing parents) and makes it private, also when it existed already
/// with looser permissions.
pub(crate) fn private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Opens (creating if needed) a private file for reading and writing, without truncating.
pub(crate) fn private_file(path: &Path) -> io::Result<std::fs::File> {
    if let Some(parent) = path.parent() {
        private_dir(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        options.open(path)
    }
}

/// Replaces `path` with `bytes` atomically (a crash leaves the old content or the new), as a
/// private file.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut file = private_file(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_are_for_this_user_only() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a").join("b");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        write_private(&dir.join("x.json"), b"{}").unwrap();
        assert_eq!(mode(&dir.join("x.json")), 0o600);
        assert_eq!(std::fs::read(dir.join("x.json")).unwrap(), b"{}");
        // A folder made earlier with the usual 0755 is closed too.
        let open = root.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&open).unwrap();
        assert_eq!(mode(&open), 0o700);
    }
}
