//! Small values kept sealed with the cache key in the cache folder, for an offline unlock:
//! whose record this is (as last seen online) and the records the user may open.

use std::path::{Path, PathBuf};

use serde::{Serialize, de::DeserializeOwned};

use crate::device::{Sealed, open, seal};

fn file(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join("cache").join(format!("{name}.sealed"))
}

fn aad(name: &str) -> Vec<u8> {
    [b"dossier sealed file v1\0".as_slice(), name.as_bytes()].concat()
}

/// Saves `value` sealed under `name`; a failure only costs the offline view, so it is
/// logged, not returned.
pub(crate) fn save<T: Serialize>(data_dir: &Path, cache_key: &[u8; 32], name: &str, value: &T) {
    let result = (|| -> Option<()> {
        let json = zeroize::Zeroizing::new(serde_json::to_vec(value).ok()?);
        let sealed = seal(cache_key, &aad(name), &json).ok()?;
        let path = file(data_dir, name);
        crate::files::private_dir(path.parent()?).ok()?;
        crate::files::write_private(&path, &serde_json::to_vec(&sealed).ok()?).ok()
    })();
    if result.is_none() {
        tracing::warn!(name, "cannot save a value for offline use");
    }
}

/// The value saved under `name`, if there is one and it opens with `cache_key`.
pub(crate) fn load<T: DeserializeOwned>(
    data_dir: &Path,
    cache_key: &[u8; 32],
    name: &str,
) -> Option<T> {
    let sealed: Sealed = serde_json::from_slice(&std::fs::read(file(data_dir, name)).ok()?).ok()?;
    let json = open(cache_key, &aad(name), &sealed)?;
    serde_json::from_slice(&json).ok()
}
