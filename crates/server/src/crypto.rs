//! The server's few cryptographic tools: random tokens stored only as hashes, Argon2id for
//! passwords and card codes, a keyed hash of user names for throttling, and sealed sync
//! cursors.

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::SaltString,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use dossier_api::Sensitive;
use hmac::{Hmac, Mac};
use rand::{RngCore, rngs::OsRng};
use sha2::{Digest, Sha256};

use crate::error::ServerError;

/// A fresh random token of 256 bits (URL-safe text) and the hash under which it is stored.
pub fn new_token() -> (Sensitive<String>, String) {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (Sensitive::new(token), hash)
}

/// How a token is looked up: its SHA-256 in hex. A leaked table gives no usable token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Argon2id cost. The parameters are stored in every hash (PHC string), so raising them
/// later leaves existing hashes valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashingParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl HashingParams {
    /// OWASP's recommended Argon2id setting (19 MiB, 2 passes, 1 lane).
    pub const RECOMMENDED: Self = Self { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };
    /// For tests only: the same algorithm at a fraction of the cost.
    pub const FAST_FOR_TESTS: Self = Self { memory_kib: 256, iterations: 1, parallelism: 1 };
}

/// Hashes and checks passwords and card codes.
#[derive(Clone)]
pub struct SecretHasher {
    argon2: Argon2<'static>,
    /// A hash of nothing in particular, checked when there is no real hash, so an unknown
    /// user name costs the same time as a known one.
    decoy: String,
}

impl SecretHasher {
    pub fn new(params: HashingParams) -> Result<Self, ServerError> {
        let params = Params::new(params.memory_kib, params.iterations, params.parallelism, None)
            .map_err(|e| ServerError::Config(format!("Argon2 parameters: {e}")))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut hasher = Self { argon2, decoy: String::new() };
        let (decoy_secret, _) = new_token();
        hasher.decoy = hasher.hash(decoy_secret.expose())?;
        Ok(hasher)
    }

    /// A salted Argon2id hash as a PHC string.
    pub fn hash(&self, secret: &str) -> Result<String, ServerError> {
        let salt = SaltString::generate(&mut OsRng);
        self.argon2
            .hash_password(secret.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| ServerError::Config(format!("hashing failed: {e}")))
    }

    /// Whether `secret` matches `hash`; a damaged hash never matches.
    pub fn verify(&self, secret: &str, hash: &str) -> bool {
        match PasswordHash::new(hash) {
            Ok(parsed) => self.argon2.verify_password(secret.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    }

    /// Does the work of a verification and fails: for answers that must take as long as
    /// a real check.
    pub fn verify_decoy(&self, secret: &str) -> bool {
        let _ = self.verify(secret, &self.decoy);
        false
    }
}

impl SecretHasher {
    /// [`Self::hash`] off the async workers: Argon2 takes a noticeable fraction of a second.
    pub async fn hash_off_thread(&self, secret: &Sensitive<String>) -> Result<String, ServerError> {
        let (hasher, secret) = (self.clone(), secret.clone());
        tokio::task::spawn_blocking(move || hasher.hash(secret.expose())).await?
    }

    /// [`Self::verify`] off the async workers; with no hash, the same work on the decoy, so
    /// an unknown name or card answers as slowly as a known one.
    pub async fn verify_off_thread(
        &self,
        secret: &Sensitive<String>,
        hash: Option<String>,
    ) -> Result<bool, ServerError> {
        let (hasher, secret) = (self.clone(), secret.clone());
        Ok(tokio::task::spawn_blocking(move || match hash {
            Some(hash) => hasher.verify(secret.expose(), &hash),
            None => hasher.verify_decoy(secret.expose()),
        })
        .await?)
    }
}

impl std::fmt::Debug for SecretHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretHasher").finish_non_exhaustive()
    }
}

/// Keyed hash of a normalised user name: throttling rows and challenges name the attempt
/// without storing what was typed (which may be a mistyped e-mail address or a password).
#[derive(Clone)]
pub struct UserKeyer {
    key: Sensitive<Vec<u8>>,
}

impl UserKeyer {
    pub fn new(key: Vec<u8>) -> Self {
        Self { key: Sensitive::new(key) }
    }

    pub fn key_of(&self, user_name: &str) -> String {
        hex(&self.mac(b"user:", normalize_user_name(user_name).as_bytes()))
    }

    /// Deterministic pseudo-random bytes for `label` and `input`: lets an unknown user name
    /// get the same kind of answer every time, like a real account would.
    pub fn derive(&self, label: &[u8], input: &[u8]) -> [u8; 32] {
        self.mac(label, input)
    }

    fn mac(&self, label: &[u8], input: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.key.expose())
            .expect("HMAC takes keys of any length");
        mac.update(label);
        mac.update(input);
        mac.finalize().into_bytes().into()
    }
}

impl std::fmt::Debug for UserKeyer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UserKeyer(<redacted>)")
    }
}

/// User names compare without regard to case or surrounding spaces.
pub fn normalize_user_name(user_name: &str) -> String {
    user_name.trim().to_lowercase()
}

/// `count` random decimal digits from the OS generator, without modulo bias.
pub fn random_digits(count: usize) -> String {
    (0..count).map(|_| char::from(b'0' + random_below(10) as u8)).collect()
}

/// A random password of `length` characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), for new accounts. 12 characters of 55 symbols: ~69 bits.
pub fn random_password(length: usize) -> Sensitive<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    Sensitive::new(
        (0..length).map(|_| char::from(ALPHABET[random_below(ALPHABET.len())])).collect(),
    )
}

/// A random index in `0..bound` from the OS generator, without modulo bias.
pub fn random_below(bound: usize) -> usize {
    assert!(bound > 0 && bound <= 256);
    let limit = 256 - 256 % bound;
    loop {
        let mut byte = [0_u8; 1];
        OsRng.fill_bytes(&mut byte);
        if usize::from(byte[0]) < limit {
            return usize::from(byte[0]) % bound;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_unchanged_and_in_its_context() {
        let sealer = Sealer::new(&[7; 32]).unwrap();
        let sealed = sealer.seal("record-a", b"12345678");
        assert_eq!(sealer.open("record-a", &sealed).as_deref(), Some(&b"12345678"[..]));
        assert_eq!(sealer.open("record-b", &sealed), None, "another record");
        assert_ne!(sealer.seal("record-a", b"12345678"), sealed, "a fresh nonce each time");
        let mut bytes = URL_SAFE_NO_PAD.decode(&sealed).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(sealer.open("record-a", &URL_SAFE_NO_PAD.encode(bytes)), None, "tampered");
        for junk in ["", "0.0", "9999999999.-5", "%%%", &"A".repeat(600)] {
            assert_eq!(sealer.open("record-a", junk), None);
        }
        assert!(Sealer::new(&[1; 31]).is_err());
    }

    #[test]
    fn tokens_are_long_random_and_stored_as_hashes() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), 43, "256 bits in base64url");
        assert_eq!(hash_a, token_hash(a.expose()));
        assert!(!hash_a.contains(a.expose().as_str()));
    }

    #[test]
    fn argon2id_round_trip_with_parameters_in_the_hash() {
        let hasher = SecretHasher::new(HashingParams::FAST_FOR_TESTS).unwrap();
        let hash = hasher.hash("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=256,t=1,p=1$"), "{hash}");
        assert!(hasher.verify("correct horse battery", &hash));
        assert!(!hasher.verify("correct horse batter", &hash));
        assert!(!hasher.verify("anything", "not a hash"));
        // A hasher with other parameters still checks old hashes: they carry their own.
        let stronger =
            SecretHasher::new(HashingParams { memory_kib: 512, ..HashingParams::FAST_FOR_TESTS })
                .unwrap();
        assert!(stronger.verify("correct horse battery", &hash));
        assert!(!hasher.verify_decoy("correct horse battery"));
    }

    #[test]
    fn user_keys_ignore_case_and_depend_on_the_server_key() {
        let keyer = UserKeyer::new(vec![1; 32]);
        assert_eq!(keyer.key_of(" An.Peeters "), keyer.key_of("an.peeters"));
        assert_ne!(keyer.key_of("an.peeters"), UserKeyer::new(vec![2; 32]).key_of("an.peeters"));
        assert!(!keyer.key_of("an.peeters").contains("peeters"));
    }

    #[test]
    fn random_digits_and_passwords_have_the_asked_shape() {
        let digits = random_digits(6);
        assert_eq!(digits.len(), 6);
        assert!(digits.chars().all(|c| c.is_ascii_digit()));
        let password = random_password(12);
        assert_eq!(password.expose().len(), 12);
        assert!(!password.expose().contains(['0', 'O', '1', 'l', 'I']));
        let mut seen = [false; 24];
        for _ in 0..2000 {
            seen[random_below(24)] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }
}

/// Seals what a server hands out and takes back unchanged (sync cursors), with
/// AES-256-GCM under a server key: the holder can neither read nor forge it. The record id
/// is associated data, so a cursor only works for the record it was made for.
#[derive(Clone)]
pub struct Sealer {
    key: std::sync::Arc<ring::aead::LessSafeKey>,
}

impl Sealer {
    pub fn new(secret: &[u8]) -> Result<Self, ServerError> {
        let key = ring::aead::UnboundKey::new(&ring::aead::AES_256_GCM, secret)
            .map_err(|_| ServerError::Corrupt("sealing key".into()))?;
        Ok(Self { key: std::sync::Arc::new(ring::aead::LessSafeKey::new(key)) })
    }

    /// `bytes` sealed with a random nonce, as URL-safe text.
    pub fn seal(&self, context: &str, bytes: &[u8]) -> String {
        let mut nonce = [0_u8; ring::aead::NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        let mut sealed = Vec::with_capacity(nonce.len() + bytes.len() + 16);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(bytes);
        let tag = self
            .key
            .seal_in_place_separate_tag(
                ring::aead::Nonce::assume_unique_for_key(nonce),
                ring::aead::Aad::from(context.as_bytes()),
                &mut sealed[ring::aead::NONCE_LEN..],
            )
            .expect("AES-GCM seals any input shorter than 64 GiB");
        sealed.extend_from_slice(tag.as_ref());
        URL_SAFE_NO_PAD.encode(sealed)
    }

    /// What [`Self::seal`] sealed for the same `context`; None for anything else.
    pub fn open(&self, context: &str, text: &str) -> Option<Vec<u8>> {
        if text.len() > 512 {
            return None;
        }
        let mut sealed = URL_SAFE_NO_PAD.decode(text).ok()?;
        if sealed.len() < ring::aead::NONCE_LEN + 16 {
            return None;
        }
        let nonce =
            ring::aead::Nonce::try_assume_unique_for_key(&sealed[..ring::aead::NONCE_LEN]).ok()?;
        let opened = self
            .key
            .open_in_place(
                nonce,
                ring::aead::Aad::from(context.as_bytes()),
                &mut sealed[ring::aead::NONCE_LEN..],
            )
            .ok()?;
        Some(opened.to_vec())
    }
}
