//! Whose record this is (name, date of birth, user name, card), as last seen online, sealed
//! with the cache key in the cache folder: an offline unlock shows it without a server.

use std::path::{Path, PathBuf};

use dossier_api::account::MeResponse;

use crate::device::{Sealed, open, seal};

const AAD: &[u8] = b"dossier profile v1";

fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("cache").join("profile.sealed")
}

/// Saves `profile` sealed; a failure only costs the offline view, so it is logged.
pub(crate) fn save(data_dir: &Path, cache_key: &[u8; 32], profile: &MeResponse) {
    let result = (|| -> Option<()> {
        let json = zeroize::Zeroizing::new(serde_json::to_vec(profile).ok()?);
        let sealed = seal(cache_key, AAD, &json).ok()?;
        let path = file(data_dir);
        std::fs::create_dir_all(path.parent()?).ok()?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, serde_json::to_vec(&sealed).ok()?).ok()?;
        // Atomic replace: a crash leaves the old profile or the new one.
        std::fs::rename(&tmp, &path).ok()
    })();
    if result.is_none() {
        tracing::warn!("cannot save the profile for offline use");
    }
}

/// The saved profile, if there is one and it opens with `cache_key`.
pub(crate) fn load(data_dir: &Path, cache_key: &[u8; 32]) -> Option<MeResponse> {
    let sealed: Sealed = serde_json::from_slice(&std::fs::read(file(data_dir)).ok()?).ok()?;
    let json = open(cache_key, AAD, &sealed)?;
    serde_json::from_slice(&json).ok()
}
