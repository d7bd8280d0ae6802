//! This device's registration: its Ed25519 signing key, sealed so that neither the
//! keychain nor the PIN alone opens it, and the offline key that opens the cache without a
//! connection.
//!
//! From the PIN and a random salt, Argon2id derives 96 bytes, split three ways:
//! - a wrap key, which with the server's share (released only for the right access key)
//!   seals the signing key: a copy of the device cannot test PIN guesses against it;
//! - the access key, sent to the server, which keeps only a keyed hash of it and counts
//!   wrong ones: the PIN itself never leaves the device, and without the salt (kept in the
//!   keychain) nothing sent can be tested against PIN guesses;
//! - an offline key, which seals the random cache key for opening without a connection.
//!
//! The Argon2id parameters and the salt are stored with what they protect, so they can be
//! raised later. Every secret is zeroized after use.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::{Engine, engine::general_purpose::STANDARD};
use ed25519_dalek::{Signer, SigningKey};
use rand::{RngCore, rngs::OsRng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{error::CoreError, keychain::Keychain, pin::Pin, server_url::ServerUrl};

/// Argon2id cost, stored with the record it protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// 64 MiB, 3 passes: about a quarter of a second on a laptop, once per unlock. Raises
    /// the price of a guess for someone holding a copy of the device (see SECURITY.md).
    pub const DEVICE: Self = Self { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };
    /// For tests only.
    pub const FAST_FOR_TESTS: Self = Self { memory_kib: 256, iterations: 1, parallelism: 1 };
}

/// A value sealed in the device's one envelope (`aead`), kept as base64 text in the
/// keychain record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Sealed(String);

pub(crate) fn seal(key: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Result<Sealed, CoreError> {
    let envelope = crate::aead::seal(&crate::aead::SealingKey::new(key), aad, plaintext)
        .map_err(|_| CoreError::Encoding)?;
    Ok(Sealed(STANDARD.encode(envelope)))
}

/// None when the key is wrong or the data was changed.
pub(crate) fn open(key: &[u8; 32], aad: &[u8], sealed: &Sealed) -> Option<Zeroizing<Vec<u8>>> {
    let envelope = Zeroizing::new(STANDARD.decode(&sealed.0).ok()?);
    crate::aead::open(&crate::aead::SealingKey::new(key), aad, &envelope)
}

/// What Argon2id makes of a PIN.
pub(crate) struct Stretched {
    wrap: Zeroizing<[u8; 32]>,
    access: Zeroizing<[u8; 32]>,
    offline: Zeroizing<[u8; 32]>,
}

impl Stretched {
    /// The access key as sent to the server.
    pub(crate) fn access_key(&self) -> dossier_api::Sensitive<String> {
        dossier_api::Sensitive::new(STANDARD.encode(*self.access))
    }
}

pub(crate) fn stretch(pin: &Pin, salt: &[u8], params: KdfParams) -> Result<Stretched, CoreError> {
    let argon2 = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(params.memory_kib, params.iterations, params.parallelism, Some(96))
            .map_err(|_| CoreError::KeyDerivation)?,
    );
    let mut out = Zeroizing::new([0_u8; 96]);
    argon2
        .hash_password_into(pin.expose().as_bytes(), salt, out.as_mut())
        .map_err(|_| CoreError::KeyDerivation)?;
    let part = |i: usize| {
        let mut key = Zeroizing::new([0_u8; 32]);
        key.copy_from_slice(&out[i * 32..(i + 1) * 32]);
        key
    };
    Ok(Stretched { wrap: part(0), access: part(1), offline: part(2) })
}

/// The key that seals the signing key: the PIN's wrap key and the server's share together.
fn device_key_key(wrap: &[u8; 32], server_share: &[u8], device_id: &str) -> Zeroizing<[u8; 32]> {
    crate::aead::derive_key(wrap, server_share, device_id, b"dossier device signing key v1")
}

/// The key that seals the cache key: the PIN's offline key and the record's own random
/// secret (both needed: the keychain alone, or the PIN alone, opens nothing).
fn offline_key(offline: &[u8; 32], local_secret: &[u8], device_id: &str) -> Zeroizing<[u8; 32]> {
    crate::aead::derive_key(offline, local_secret, device_id, b"dossier offline cache key v1")
}

/// The registration as kept in the keychain.
#[derive(Clone, Serialize, Deserialize)]
pub struct DeviceRecord {
    pub device_id: String,
    pub name: String,
    salt: String,
    kdf: KdfParams,
    public_key: String,
    signing_key: Sealed,
    local_secret: String,
    cache_key: Sealed,
    /// Wrong PINs in a row on this device, with the server and without a connection
    /// together (the server's own count included as it reports it): at
    /// [`dossier_api::device::MAX_PIN_FAILURES`] the device wipes its keys and data.
    #[serde(alias = "offline_failures")]
    pub failures_in_a_row: u8,
}

impl std::fmt::Debug for DeviceRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceRecord").field("device_id", &self.device_id).finish_non_exhaustive()
    }
}

/// A registration being made: the keys exist, the server has not answered yet.
pub(crate) struct PendingRegistration {
    signing_key: SigningKey,
    salt: [u8; 16],
    kdf: KdfParams,
    pub(crate) stretched: Stretched,
}

impl PendingRegistration {
    pub(crate) fn new(pin: &Pin, kdf: KdfParams) -> Result<Self, CoreError> {
        let signing_key = SigningKey::generate(&mut OsRng);
        let mut salt = [0_u8; 16];
        OsRng.fill_bytes(&mut salt);
        let stretched = stretch(pin, &salt, kdf)?;
        Ok(Self { signing_key, salt, kdf, stretched })
    }

    pub(crate) fn public_key(&self) -> String {
        STANDARD.encode(self.signing_key.verifying_key().as_bytes())
    }

    /// Seals everything with the server's share and makes the record to keep.
    pub(crate) fn finish(
        &self,
        device_id: &str,
        name: &str,
        server_share: &str,
        cache_key: &[u8; 32],
    ) -> Result<DeviceRecord, CoreError> {
        let share =
            Zeroizing::new(STANDARD.decode(server_share).map_err(|_| CoreError::InvalidResponse)?);
        let key = device_key_key(&self.stretched.wrap, &share, device_id);
        let signing_key = seal(&key, device_id.as_bytes(), self.signing_key.as_bytes())?;
        let mut local_secret = Zeroizing::new([0_u8; 32]);
        OsRng.fill_bytes(local_secret.as_mut());
        let sealing = offline_key(&self.stretched.offline, local_secret.as_ref(), device_id);
        let cache_key = seal(&sealing, device_id.as_bytes(), cache_key)?;
        Ok(DeviceRecord {
            device_id: device_id.to_owned(),
            name: name.to_owned(),
            salt: STANDARD.encode(self.salt),
            kdf: self.kdf,
            public_key: self.public_key(),
            signing_key,
            local_secret: STANDARD.encode(local_secret.as_ref()),
            cache_key,
            failures_in_a_row: 0,
        })
    }
}

impl DeviceRecord {
    pub(crate) fn stretch(&self, pin: &Pin) -> Result<Stretched, CoreError> {
        let salt = STANDARD.decode(&self.salt).map_err(|_| CoreError::DeviceDamaged)?;
        stretch(pin, &salt, self.kdf)
    }

    /// Signs the login challenge with the key the PIN and the server's share unseal.
    pub(crate) fn sign_login(
        &self,
        stretched: &Stretched,
        server_share: &str,
        challenge: &str,
    ) -> Result<String, CoreError> {
        let signing_key = self.signing_key(stretched, server_share)?;
        let message = dossier_api::device::device_login_message(&self.device_id, challenge);
        Ok(STANDARD.encode(signing_key.sign(&message).to_bytes()))
    }

    fn signing_key(
        &self,
        stretched: &Stretched,
        server_share: &str,
    ) -> Result<SigningKey, CoreError> {
        let share =
            Zeroizing::new(STANDARD.decode(server_share).map_err(|_| CoreError::InvalidResponse)?);
        let key = device_key_key(&stretched.wrap, &share, &self.device_id);
        let bytes = open(&key, self.device_id.as_bytes(), &self.signing_key)
            .ok_or(CoreError::DeviceDamaged)?;
        let bytes: Zeroizing<[u8; 32]> =
            Zeroizing::new(bytes.as_slice().try_into().map_err(|_| CoreError::DeviceDamaged)?);
        // SigningKey zeroizes itself on drop.
        Ok(SigningKey::from_bytes(&bytes))
    }

    /// The cache key, if the PIN is right (the only check possible without a connection).
    pub(crate) fn open_cache_key(&self, stretched: &Stretched) -> Option<Zeroizing<[u8; 32]>> {
        let secret = Zeroizing::new(STANDARD.decode(&self.local_secret).ok()?);
        let key = offline_key(&stretched.offline, &secret, &self.device_id);
        let bytes = open(&key, self.device_id.as_bytes(), &self.cache_key)?;
        Some(Zeroizing::new(bytes.as_slice().try_into().ok()?))
    }

    /// Stretches a new PIN with a fresh salt, for the access key of a PIN change.
    pub(crate) fn new_access_key(&self, new_pin: &Pin) -> Result<(Stretched, [u8; 16]), CoreError> {
        let mut salt = [0_u8; 16];
        OsRng.fill_bytes(&mut salt);
        Ok((stretch(new_pin, &salt, self.kdf)?, salt))
    }

    /// Finishes a PIN change: the same signing and cache keys, sealed under the new PIN
    /// (salt and stretch of [`Self::new_access_key`]) and the new server share.
    pub(crate) fn rekey_with(
        &self,
        current: &Stretched,
        current_share: &str,
        new: Stretched,
        new_salt: [u8; 16],
        new_share: &str,
    ) -> Result<DeviceRecord, CoreError> {
        let signing_key = self.signing_key(current, current_share)?;
        let cache_key = self.open_cache_key(current).ok_or(CoreError::DeviceDamaged)?;
        let pending =
            PendingRegistration { signing_key, salt: new_salt, kdf: self.kdf, stretched: new };
        pending.finish(&self.device_id, &self.name, new_share, &cache_key)
    }
}

/// Where the record lives: one keychain entry per server (a test server or another
/// deployment never sees this one's keys).
#[derive(Clone)]
pub struct DeviceVault {
    keychain: Keychain,
    entry: String,
}

impl DeviceVault {
    pub fn new(keychain: Keychain, server: &ServerUrl) -> Self {
        let digest = Sha256::digest(server.to_string().as_bytes());
        let tag: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Self { keychain, entry: format!("device-{tag}") }
    }

    pub fn load(&self) -> Result<Option<DeviceRecord>, CoreError> {
        match self.keychain.get(&self.entry)? {
            Some(bytes) => serde_json::from_slice(&Zeroizing::new(bytes))
                .map(Some)
                .map_err(|_| CoreError::DeviceDamaged),
            None => Ok(None),
        }
    }

    pub fn save(&self, record: &DeviceRecord) -> Result<(), CoreError> {
        let bytes = Zeroizing::new(serde_json::to_vec(record).map_err(|_| CoreError::Encoding)?);
        self.keychain.put(&self.entry, &bytes)
    }

    pub fn delete(&self) -> Result<(), CoreError> {
        self.keychain.delete(&self.entry)
    }

    /// [`Self::load`] off the async workers: a keychain call waits on D-Bus or the OS
    /// (and on a phone may show a system prompt).
    pub async fn read(&self) -> Result<Option<DeviceRecord>, CoreError> {
        let vault = self.clone();
        crate::account::blocking(move || vault.load()).await
    }

    /// [`Self::save`] off the async workers.
    pub async fn write(&self, record: &DeviceRecord) -> Result<(), CoreError> {
        let (vault, record) = (self.clone(), record.clone());
        crate::account::blocking(move || vault.save(&record)).await
    }

    /// [`Self::delete`] off the async workers.
    pub async fn erase(&self) -> Result<(), CoreError> {
        let vault = self.clone();
        crate::account::blocking(move || vault.delete()).await
    }

    /// The keychain entry's name, for tests that check it is gone.
    pub fn entry_name(&self) -> &str {
        &self.entry
    }
}

/// What the app's data folder keeps of the registration outside the keychain: nothing
/// secret (the device's id and name). It tells a keychain entry that went missing (the OS
/// keychain was reset, another tool deleted it) from a device never registered, and lets
/// the next registration retire the old device on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DeviceMarker {
    pub device_id: String,
    pub name: String,
    /// The patient was told that the keys were lost (said once).
    #[serde(default)]
    pub loss_told: bool,
}

impl DeviceMarker {
    fn path(data_dir: &std::path::Path) -> std::path::PathBuf {
        data_dir.join("device.json")
    }

    // The marker's file work runs on the blocking pool, off the async workers: a slow disk
    // must not stall the app's other work.

    pub(crate) async fn load(data_dir: &std::path::Path) -> Option<Self> {
        let path = Self::path(data_dir);
        tokio::task::spawn_blocking(move || serde_json::from_slice(&std::fs::read(path).ok()?).ok())
            .await
            .ok()
            .flatten()
    }

    /// A failure only costs the old device's retirement: logged, not returned.
    pub(crate) async fn save(&self, data_dir: &std::path::Path) {
        let (marker, path) = (self.clone(), Self::path(data_dir));
        let written = tokio::task::spawn_blocking(move || {
            serde_json::to_vec(&marker)
                .map_err(std::io::Error::other)
                .and_then(|json| crate::files::write_private(&path, &json))
        })
        .await
        .unwrap_or_else(|stopped| Err(std::io::Error::other(stopped)));
        if let Err(error) = written {
            tracing::warn!(%error, "cannot keep the device marker");
        }
    }

    pub(crate) async fn delete(data_dir: &std::path::Path) {
        let path = Self::path(data_dir);
        let _ = tokio::task::spawn_blocking(move || std::fs::remove_file(path)).await;
    }
}

/// A fresh random 256-bit key.
pub(crate) fn random_key() -> Zeroizing<[u8; 32]> {
    let mut key = Zeroizing::new([0_u8; 32]);
    OsRng.fill_bytes(key.as_mut());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(text: &str) -> Pin {
        Pin::entered(text).unwrap()
    }

    fn share() -> String {
        STANDARD.encode([7_u8; 32])
    }

    #[test]
    fn the_signing_key_needs_both_the_pin_and_the_server_share() {
        let pending = PendingRegistration::new(&pin("284719"), KdfParams::FAST_FOR_TESTS).unwrap();
        let public = pending.public_key();
        let cache_key = random_key();
        let record = pending.finish("dev-1", "laptop", &share(), &cache_key).unwrap();

        let right = record.stretch(&pin("284719")).unwrap();
        let signature = record.sign_login(&right, &share(), "challenge").unwrap();
        let key = ed25519_dalek::VerifyingKey::from_bytes(
            &STANDARD.decode(public).unwrap().try_into().unwrap(),
        )
        .unwrap();
        let signature =
            ed25519_dalek::Signature::from_slice(&STANDARD.decode(signature).unwrap()).unwrap();
        key.verify_strict(
            &dossier_api::device::device_login_message("dev-1", "challenge"),
            &signature,
        )
        .unwrap();

        let wrong = record.stretch(&pin("284710")).unwrap();
        assert!(matches!(record.sign_login(&wrong, &share(), "c"), Err(CoreError::DeviceDamaged)));
        let other_share = STANDARD.encode([8_u8; 32]);
        assert!(matches!(
            record.sign_login(&right, &other_share, "c"),
            Err(CoreError::DeviceDamaged)
        ));
    }

    #[test]
    fn the_cache_key_opens_with_the_right_pin_only() {
        let pending = PendingRegistration::new(&pin("284719"), KdfParams::FAST_FOR_TESTS).unwrap();
        let cache_key = random_key();
        let record = pending.finish("dev-1", "laptop", &share(), &cache_key).unwrap();
        assert_eq!(
            *record.open_cache_key(&record.stretch(&pin("284719")).unwrap()).unwrap(),
            *cache_key
        );
        assert!(record.open_cache_key(&record.stretch(&pin("000001")).unwrap()).is_none());
    }

    #[test]
    fn the_record_keeps_its_parameters_and_hides_its_secrets() {
        let pending = PendingRegistration::new(&pin("284719"), KdfParams::FAST_FOR_TESTS).unwrap();
        let record = pending.finish("dev-1", "laptop", &share(), &random_key()).unwrap();
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains("\"memory_kib\":256"), "{json}");
        assert!(!json.contains("284719"));
        assert_eq!(format!("{record:?}"), "DeviceRecord { device_id: \"dev-1\", .. }");
    }

    #[test]
    fn the_three_keys_differ() {
        let stretched = stretch(&pin("284719"), &[1; 16], KdfParams::FAST_FOR_TESTS).unwrap();
        assert_ne!(*stretched.wrap, *stretched.access);
        assert_ne!(*stretched.access, *stretched.offline);
        let again = stretch(&pin("284719"), &[2; 16], KdfParams::FAST_FOR_TESTS).unwrap();
        assert_ne!(*stretched.access, *again.access, "the salt changes everything");
    }
}
