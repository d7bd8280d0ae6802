//! The one cipher behind everything sealed on the device (the keychain record, the
//! offline profile, the report cache): AES-256-GCM from `ring` (already linked for TLS),
//! with a random 96-bit nonce per message. Random nonces are safe up to 2^32 messages per
//! key; the busiest key, a record's, seals one item per report version received, far
//! below. `ring` uses the AES and carry-less multiply instructions of x86-64 and ARMv8, so
//! opening a record of 10,000 reports costs a few milliseconds of cipher (XChaCha20-
//! Poly1305 from RustCrypto took four times as long and missed the cache's target).
//! Callers choose how the nonce and ciphertext are stored.

use hkdf::Hkdf;
use rand::RngCore;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use sha2::Sha256;
use zeroize::Zeroizing;

pub(crate) const NONCE_LEN: usize = 12;
pub(crate) const TAG_LEN: usize = 16;

/// A key ready to seal and open many items (the AES key schedule is computed once).
pub(crate) struct SealingKey(LessSafeKey);

impl SealingKey {
    pub(crate) fn new(key: &[u8; 32]) -> Self {
        Self(LessSafeKey::new(
            UnboundKey::new(&AES_256_GCM, key).expect("32 bytes is an AES-256 key"),
        ))
    }

    /// Encrypts under a fresh random nonce: the nonce, and the ciphertext with its tag.
    /// None only if the cipher refuses the input size (over 64 GB).
    pub(crate) fn encrypt(
        &self,
        aad: &[u8],
        plaintext: &[u8],
    ) -> Option<([u8; NONCE_LEN], Vec<u8>)> {
        let mut sealed = self.encrypt_after(&[], aad, plaintext)?;
        let ciphertext = sealed.split_off(NONCE_LEN);
        Some((sealed.try_into().ok()?, ciphertext))
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

/// Encrypts once under `key`; see [`SealingKey::encrypt`].
pub(crate) fn encrypt(
    key: &[u8; 32],
    aad: &[u8],
    plaintext: &[u8],
) -> Option<([u8; NONCE_LEN], Vec<u8>)> {
    SealingKey::new(key).encrypt(aad, plaintext)
}

/// Decrypts once under `key`; see [`SealingKey::decrypt`].
pub(crate) fn decrypt(
    key: &[u8; 32],
    aad: &[u8],
    nonce: &[u8; NONCE_LEN],
    sealed: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    SealingKey::new(key).decrypt(aad, nonce, sealed)
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
    fn sealed_bytes_open_only_with_the_same_key_and_associated_data() {
        let key = SealingKey::new(&[1; 32]);
        let (nonce, sealed) = key.encrypt(b"record a", b"a lab result").unwrap();
        assert_eq!(sealed.len(), b"a lab result".len() + TAG_LEN);
        assert_eq!(key.decrypt(b"record a", &nonce, &sealed).unwrap().as_slice(), b"a lab result");
        assert!(key.decrypt(b"record b", &nonce, &sealed).is_none());
        assert!(SealingKey::new(&[2; 32]).decrypt(b"record a", &nonce, &sealed).is_none());
        let mut changed = sealed.clone();
        changed[0] ^= 1;
        assert!(key.decrypt(b"record a", &nonce, &changed).is_none());
        // A fresh nonce every time: the same text never seals the same way twice.
        let (again, resealed) = key.encrypt(b"record a", b"a lab result").unwrap();
        assert_ne!((nonce, sealed), (again, resealed));
    }
}
