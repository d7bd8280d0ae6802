//! The one cipher behind everything sealed on the device (the keychain record, the
//! offline profile, the report cache): XChaCha20-Poly1305 with a random 192-bit nonce, so
//! nonces never need counting. Callers choose how the nonce and ciphertext are stored.

use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit, Payload},
};
use hkdf::Hkdf;
use rand::{RngCore, rngs::OsRng};
use sha2::Sha256;
use zeroize::Zeroizing;

pub(crate) const NONCE_LEN: usize = 24;
pub(crate) const TAG_LEN: usize = 16;

/// Encrypts under a fresh random nonce. None only if the cipher refuses the input size.
pub(crate) fn encrypt(
    key: &[u8; 32],
    aad: &[u8],
    plaintext: &[u8],
) -> Option<([u8; NONCE_LEN], Vec<u8>)> {
    let mut nonce = [0_u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let ciphertext = XChaCha20Poly1305::new(key.into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad })
        .ok()?;
    Some((nonce, ciphertext))
}

/// None when the key is wrong, the associated data differs or the bytes were changed.
pub(crate) fn decrypt(
    key: &[u8; 32],
    aad: &[u8],
    nonce: &[u8; NONCE_LEN],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    XChaCha20Poly1305::new(key.into())
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad })
        .ok()
        .map(Zeroizing::new)
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
