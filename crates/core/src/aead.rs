//! The one cipher and the one envelope behind everything sealed on the device (the
//! keychain record's keys, the account's items and the reports in the cache): AES-256-GCM
//! from `ring` (already linked for TLS),
//! with a random 96-bit nonce per message. Random nonces are safe up to 2^32 messages per
//! key; the busiest key, a record's, seals one item per report version received, far
//! below. `ring` uses the AES and carry-less multiply instructions of x86-64 and ARMv8, so
//! opening a record of 10,000 reports costs a few milliseconds of cipher (XChaCha20-
//! Poly1305 from RustCrypto took four times as long and missed the cache's target).
//! The envelope is `[version][nonce][ciphertext][tag]`; the keychain record keeps it as
//! base64 text, the cache as bytes.

use hkdf::Hkdf;
use rand::RngCore;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use sha2::Sha256;
use zeroize::Zeroizing;

pub(crate) const NONCE_LEN: usize = 12;
pub(crate) const TAG_LEN: usize = 16;

/// The envelope's version: 2 is AES-256-GCM with a random 96-bit nonce (1 was
/// XChaCha20-Poly1305). Another version does not open (a cache item is fetched again).
pub(crate) const ENVELOPE_VERSION: u8 = 2;

/// Seals `plaintext` in the envelope.
pub(crate) fn seal(
    key: &SealingKey,
    aad: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, crate::error::CoreError> {
    key.encrypt_after(&[ENVELOPE_VERSION], aad, plaintext)
        .ok_or(crate::error::CoreError::CacheDamaged)
}

/// Splits an envelope in place into its nonce and its ciphertext with the tag; None for
/// another version.
pub(crate) fn parts(sealed: &mut [u8]) -> Option<(&[u8; NONCE_LEN], &mut [u8])> {
    match sealed.split_first_mut()? {
        (&mut ENVELOPE_VERSION, rest) => {
            rest.split_first_chunk_mut::<NONCE_LEN>().map(|(nonce, rest)| (&*nonce, rest))
        }
        _ => None,
    }
}

/// Opens an envelope. None when the key is wrong, the data changed, or the version is
/// another.
pub(crate) fn open(key: &SealingKey, aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    match sealed.split_first()? {
        (&ENVELOPE_VERSION, rest) => {
            let (nonce, ciphertext) = rest.split_first_chunk::<NONCE_LEN>()?;
            key.decrypt(aad, nonce, ciphertext)
        }
        _ => None,
    }
}

/// A key ready to seal and open many items (the AES key schedule is computed once).
pub(crate) struct SealingKey(LessSafeKey);

impl SealingKey {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        Self(LessSafeKey::new(
            UnboundKey::new(&AES_256_GCM, key).expect("32 bytes is an AES-256 key"),
        ))
    }

    /// `header`, then a fresh random nonce, the ciphertext and its tag, in one buffer.
    /// The nonce comes from the thread's CSPRNG (seeded by the OS): one system call per
    /// item was a tenth of a sync's sealing.
    pub(crate) fn encrypt_after(
        &self,
        header: &[u8],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Option<Vec<u8>> {
        let mut nonce = [0_u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        // Room for the tag up front: a reallocation would leave a copy behind.
        let mut sealed = Vec::with_capacity(header.len() + NONCE_LEN + plaintext.len() + TAG_LEN);
        sealed.extend_from_slice(header);
        sealed.extend_from_slice(&nonce);
        let start = sealed.len();
        sealed.extend_from_slice(plaintext);
        let tag = self
            .0
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut sealed[start..],
            )
            .ok()?;
        sealed.extend_from_slice(tag.as_ref());
        Some(sealed)
    }

    /// Decrypts `sealed` (ciphertext then tag) where it lies and returns the plaintext part
    /// of it. None when the key is wrong, the associated data differs or the bytes were
    /// changed; the buffer then holds garbage.
    pub(crate) fn decrypt_in_place<'a>(
        &self,
        aad: &[u8],
        nonce: &[u8; NONCE_LEN],
        sealed: &'a mut [u8],
    ) -> Option<&'a mut [u8]> {
        self.0.open_in_place(Nonce::assume_unique_for_key(*nonce), Aad::from(aad), sealed).ok()
    }

    /// Decrypts a copy of `sealed` (ciphertext then tag).
    pub(crate) fn decrypt(
        &self,
        aad: &[u8],
        nonce: &[u8; NONCE_LEN],
        sealed: &[u8],
    ) -> Option<Zeroizing<Vec<u8>>> {
        let mut buffer = Zeroizing::new(sealed.to_vec());
        let plaintext_len = self.decrypt_in_place(aad, nonce, &mut buffer)?.len();
        buffer.truncate(plaintext_len);
        Some(buffer)
    }
}

/// A 32-byte key from two secrets that must both be known, bound to `salt` and `info`.
pub(crate) fn derive_key(
    first: &[u8],
    second: &[u8],
    salt: &str,
    info: &[u8],
) -> Zeroizing<[u8; 32]> {
    let mut ikm = Zeroizing::new(Vec::with_capacity(first.len() + second.len()));
    ikm.extend_from_slice(first);
    ikm.extend_from_slice(second);
    let mut key = Zeroizing::new([0_u8; 32]);
    Hkdf::<Sha256>::new(Some(salt.as_bytes()), &ikm)
        .expand(info, key.as_mut())
        .expect("32 bytes is a valid HKDF length");
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_opens_only_with_the_same_key_and_associated_data() {
        let key = SealingKey::new(&[1; 32]);
        let sealed = seal(&key, b"record a", b"a lab result").unwrap();
        assert_eq!(sealed.len(), 1 + NONCE_LEN + b"a lab result".len() + TAG_LEN);
        assert_eq!(sealed[0], ENVELOPE_VERSION);
        assert_eq!(open(&key, b"record a", &sealed).unwrap().as_slice(), b"a lab result");
        assert!(open(&key, b"record b", &sealed).is_none());
        assert!(open(&SealingKey::new(&[2; 32]), b"record a", &sealed).is_none());
        let mut changed = sealed.clone();
        changed[1 + NONCE_LEN] ^= 1;
        assert!(open(&key, b"record a", &changed).is_none());
        let mut other_version = sealed.clone();
        other_version[0] = 1;
        assert!(open(&key, b"record a", &other_version).is_none());
        // In place, as the cache opens a record.
        let mut in_place = sealed.clone();
        let (nonce, ciphertext) = parts(&mut in_place).unwrap();
        let nonce = *nonce;
        assert_eq!(key.decrypt_in_place(b"record a", &nonce, ciphertext).unwrap(), b"a lab result");
        // A fresh nonce every time: the same text never seals the same way twice.
        assert_ne!(seal(&key, b"record a", b"a lab result").unwrap(), sealed);
    }
}
