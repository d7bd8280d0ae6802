//! A small filesystem of its own (tmpfs), to fill a disk without filling the machine's:
//! mounting needs root, so a test without it skips unless the run requires it
//! (`DOSSIER_TEST_REQUIRE_MOUNT`, set by scripts/test as root).

use std::{
    path::{Path, PathBuf},
    process::Command,
};

pub struct SmallDisk {
    at: PathBuf,
}

impl SmallDisk {
    /// A tmpfs of `size` (as mount takes it: `384k`, `8m`) at `at`, made if missing. None
    /// where it cannot be mounted (not root) and the run does not require it.
    pub fn mount(at: &Path, size: &str) -> Option<Self> {
        std::fs::create_dir_all(at).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .status()
            .is_ok_and(|status| status.success());
        if !mounted {
            assert!(
                std::env::var_os("DOSSIER_TEST_REQUIRE_MOUNT").is_none(),
                "cannot mount a small filesystem at {} (root is needed)",
                at.display()
            );
            #[allow(clippy::print_stderr)] // A skip is said.
            {
                eprintln!("skipped: mounting a small filesystem needs root");
            }
        }
        mounted.then(|| Self { at: at.to_path_buf() })
    }

    /// Makes room, as someone who deleted files.
    pub fn grow(&self, size: &str) -> std::io::Result<()> {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.at)
            .status()?;
        if status.success() { Ok(()) } else { Err(std::io::Error::other("remount failed")) }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.at).status();
    }
}
