//! Registered devices and PIN login, server side.
//!
//! The server never sees a PIN. A device registers its Ed25519 public key and an access key
//! (derived on the device from the PIN with Argon2id and a salt that never leaves it); the
//! server keeps only a keyed hash of the access key and a random share of the key that
//! seals the device's private key. A PIN login: a challenge; the access key, which releases
//! the share (a wrong one counts, and five in a row block the device and delete the share);
//! the challenge signed with the now unsealed device key, which opens a session.

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::{
    Sensitive,
    device::{DeviceStatus, DeviceSummary, MAX_PIN_FAILURES, device_login_message},
};
use ed25519_dalek::{Signature, VerifyingKey};
use rand::{RngCore, rngs::OsRng};
use sqlx::AnyConnection;
use subtle::ConstantTimeEq;

use crate::{
    crypto::{UserKeyer, new_token, token_hash},
    error::ServerError,
};

/// How long a device login challenge stays valid.
pub const CHALLENGE_SECONDS: i64 = 2 * 60;

/// Why a device step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceRefusal {
    /// No such device for this account, or it was removed: the device wipes itself.
    Removed,
    Blocked,
    WrongPin {
        tries_left: u8,
    },
    ChallengeInvalid,
    /// The signature did not verify: not the registered device.
    BadSignature,
    /// The patient died: access is closed.
    Closed,
    /// A field that is not the right base64 or length.
    Malformed,
}

/// The longest device name, in characters.
pub const DEVICE_NAME_MAX_CHARS: usize = 100;

fn decode_32(text: &str) -> Option<[u8; 32]> {
    STANDARD.decode(text).ok()?.try_into().ok()
}

/// The keyed hash the server keeps of an access key.
fn verifier(keyer: &UserKeyer, access_key: &[u8; 32]) -> [u8; 32] {
    keyer.derive(b"pin-access-verifier:", access_key)
}

fn random_share() -> Sensitive<String> {
    let mut share = [0_u8; 32];
    OsRng.fill_bytes(&mut share);
    Sensitive::new(STANDARD.encode(share))
}

/// What a device sends to register.
pub struct NewDevice<'a> {
    pub name: &'a str,
    /// Ed25519 public key, base64.
    pub public_key: &'a str,
    /// The PIN-derived access key, base64.
    pub access_key: &'a Sensitive<String>,
    /// The account's device this one replaces (registering again on the same device).
    pub replaces: Option<&'a str>,
}

/// Registers a device for `account_id`; returns its id and the server's share.
pub async fn register(
    conn: &mut AnyConnection,
    keyer: &UserKeyer,
    account_id: &str,
    device: NewDevice<'_>,
    now: i64,
) -> Result<Result<(String, Sensitive<String>), DeviceRefusal>, ServerError> {
    let NewDevice { name, public_key, access_key, replaces } = device;
    let (Some(key), Some(access)) = (decode_32(public_key), decode_32(access_key.expose())) else {
        return Ok(Err(DeviceRefusal::Malformed));
    };
    if VerifyingKey::from_bytes(&key).is_err()
        || name.trim().is_empty()
        || name.chars().count() > DEVICE_NAME_MAX_CHARS
    {
        return Ok(Err(DeviceRefusal::Malformed));
    }
    if let Some(old) = replaces {
        remove(conn, account_id, old, now).await?;
    }
    let id = uuid::Uuid::new_v4().to_string();
    let share = random_share();
    sqlx::query(
        "INSERT INTO devices (id, account_id, name, public_key, access_verifier, server_share, \
         failed_pin_attempts, status, created_at, last_used_at, status_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, 'active', $7, $7, $7)",
    )
    .bind(&id)
    .bind(account_id)
    .bind(name.trim())
    .bind(public_key)
    .bind(STANDARD.encode(verifier(keyer, &access)))
    .bind(share.expose())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    tracing::info!(device = %id, "device registered");
    Ok(Ok((id, share)))
}

/// Removes a device of `account_id` and ends its sessions. False if it is not theirs.
pub async fn remove(
    conn: &mut AnyConnection,
    account_id: &str,
    device_id: &str,
    now: i64,
) -> Result<bool, ServerError> {
    let removed = sqlx::query(
        "UPDATE devices SET status = 'removed', access_verifier = NULL, server_share = NULL, \
         status_changed_at = $3 WHERE id = $1 AND account_id = $2 AND status <> 'removed'",
    )
    .bind(device_id)
    .bind(account_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if removed {
        sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL",
        )
        .bind(device_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        tracing::info!(device = %device_id, "device removed");
    }
    Ok(removed)
}

/// The devices of an account, removed ones left out.
pub async fn list(
    conn: &mut AnyConnection,
    account_id: &str,
    current: Option<&str>,
) -> Result<Vec<DeviceSummary>, ServerError> {
    let rows: Vec<(String, String, i64, i64, String)> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, status FROM devices \
         WHERE account_id = $1 AND status <> 'removed' ORDER BY last_used_at DESC, created_at DESC",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, last_used_at, status)| DeviceSummary {
            current: current == Some(id.as_str()),
            status: if status == "blocked" { DeviceStatus::Blocked } else { DeviceStatus::Active },
            id,
            name,
            created_at,
            last_used_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct DeviceRow {
    account_id: String,
    public_key: String,
    access_verifier: Option<String>,
    server_share: Option<String>,
    status: String,
}

/// The device if it may log in; the refusal otherwise.
async fn usable(
    conn: &mut AnyConnection,
    device_id: &str,
) -> Result<Result<DeviceRow, DeviceRefusal>, ServerError> {
    // One query for the device and whether its patient is still alive (each PIN login
    // step asks this).
    #[derive(sqlx::FromRow)]
    struct UsableRow {
        #[sqlx(flatten)]
        device: DeviceRow,
        patient_id: Option<String>,
        date_of_death: Option<String>,
    }
    let row: Option<UsableRow> = sqlx::query_as(
        "SELECT d.account_id, d.public_key, d.access_verifier, d.server_share, d.status, \
         p.id AS patient_id, p.date_of_death FROM devices d \
         LEFT JOIN accounts a ON a.id = d.account_id \
         LEFT JOIN patients p ON p.id = a.patient_id WHERE d.id = $1",
    )
    .bind(device_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(Err(DeviceRefusal::Removed)) };
    match row.device.status.as_str() {
        "active" => {}
        "blocked" => return Ok(Err(DeviceRefusal::Blocked)),
        _ => return Ok(Err(DeviceRefusal::Removed)),
    }
    if row.patient_id.is_none() || row.date_of_death.is_some() {
        return Ok(Err(DeviceRefusal::Closed));
    }
    Ok(Ok(row.device))
}

/// Step one of a PIN login: a fresh challenge.
pub async fn login_start(
    conn: &mut AnyConnection,
    device_id: &str,
    now: i64,
) -> Result<Result<Sensitive<String>, DeviceRefusal>, ServerError> {
    if let Err(refusal) = usable(conn, device_id).await? {
        return Ok(Err(refusal));
    }
    let (challenge, hash) = new_token();
    sqlx::query(
        "INSERT INTO device_challenges (id_hash, device_id, expires_at) VALUES ($1, $2, $3)",
    )
    .bind(&hash)
    .bind(device_id)
    .bind(now + CHALLENGE_SECONDS)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM device_challenges WHERE expires_at < $1")
        .bind(now - CHALLENGE_SECONDS)
        .execute(&mut *conn)
        .await?;
    Ok(Ok(challenge))
}

/// Checks an access key against the device's verifier, counting failures; five in a row
/// block the device and delete its share.
async fn check_access_key(
    conn: &mut AnyConnection,
    keyer: &UserKeyer,
    device_id: &str,
    row: &DeviceRow,
    access_key: &Sensitive<String>,
    now: i64,
) -> Result<Result<(), DeviceRefusal>, ServerError> {
    let stored = row.access_verifier.as_deref().and_then(|v| STANDARD.decode(v).ok());
    let right = match (decode_32(access_key.expose()), stored) {
        (Some(access), Some(stored)) => {
            bool::from(verifier(keyer, &access).ct_eq(stored.as_slice()))
        }
        _ => false,
    };
    if right {
        sqlx::query("UPDATE devices SET failed_pin_attempts = 0 WHERE id = $1")
            .bind(device_id)
            .execute(&mut *conn)
            .await?;
        return Ok(Ok(()));
    }
    let (failures,): (i64,) = sqlx::query_as(
        "UPDATE devices SET failed_pin_attempts = failed_pin_attempts + 1 WHERE id = $1 \
         RETURNING failed_pin_attempts",
    )
    .bind(device_id)
    .fetch_one(&mut *conn)
    .await?;
    let limit = i64::from(MAX_PIN_FAILURES);
    tracing::info!(device = %device_id, failures, "wrong PIN");
    if failures >= limit {
        sqlx::query(
            "UPDATE devices SET status = 'blocked', access_verifier = NULL, server_share = NULL, \
             status_changed_at = $2 WHERE id = $1",
        )
        .bind(device_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        tracing::info!(device = %device_id, "device blocked after too many wrong PINs");
        return Ok(Err(DeviceRefusal::Blocked));
    }
    Ok(Err(DeviceRefusal::WrongPin { tries_left: u8::try_from(limit - failures).unwrap_or(0) }))
}

/// Step two: the access key. The right one releases the server's share.
pub async fn login_unlock(
    conn: &mut AnyConnection,
    keyer: &UserKeyer,
    device_id: &str,
    challenge: &Sensitive<String>,
    access_key: &Sensitive<String>,
    now: i64,
) -> Result<Result<Sensitive<String>, DeviceRefusal>, ServerError> {
    let row = match usable(conn, device_id).await? {
        Ok(row) => row,
        Err(refusal) => return Ok(Err(refusal)),
    };
    // One unlock per challenge, within its lifetime.
    let taken = sqlx::query(
        "UPDATE device_challenges SET unlocked_at = $3 WHERE id_hash = $1 AND device_id = $2 \
         AND unlocked_at IS NULL AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash(challenge.expose()))
    .bind(device_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() != 1 {
        return Ok(Err(DeviceRefusal::ChallengeInvalid));
    }
    if let Err(refusal) = check_access_key(conn, keyer, device_id, &row, access_key, now).await? {
        return Ok(Err(refusal));
    }
    match row.server_share {
        Some(share) => Ok(Ok(Sensitive::new(share))),
        None => Ok(Err(DeviceRefusal::Blocked)),
    }
}

/// Step three: the challenge signed with the device key. Returns the account to open a
/// session for.
pub async fn login_finish(
    conn: &mut AnyConnection,
    device_id: &str,
    challenge: &Sensitive<String>,
    signature: &str,
    now: i64,
) -> Result<Result<String, DeviceRefusal>, ServerError> {
    let row = match usable(conn, device_id).await? {
        Ok(row) => row,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let used = sqlx::query(
        "UPDATE device_challenges SET used_at = $3 WHERE id_hash = $1 AND device_id = $2 \
         AND unlocked_at IS NOT NULL AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash(challenge.expose()))
    .bind(device_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if used.rows_affected() != 1 {
        return Ok(Err(DeviceRefusal::ChallengeInvalid));
    }
    let verified = decode_32(&row.public_key)
        .and_then(|key| VerifyingKey::from_bytes(&key).ok())
        .zip(STANDARD.decode(signature).ok().and_then(|s| Signature::from_slice(&s).ok()))
        .is_some_and(|(key, signature)| {
            key.verify_strict(&device_login_message(device_id, challenge.expose()), &signature)
                .is_ok()
        });
    if !verified {
        tracing::warn!(device = %device_id, "device login with a bad signature");
        return Ok(Err(DeviceRefusal::BadSignature));
    }
    sqlx::query("UPDATE devices SET last_used_at = $2 WHERE id = $1")
        .bind(device_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    tracing::info!(device = %device_id, "PIN login");
    Ok(Ok(row.account_id))
}

/// Changes the PIN of `device_id`: the current access key (counted like a login), the new
/// one, and a new share to seal the device key with.
/// The PIN's access key confirms an act of the patient (naming a trusted person, which
/// stands for a signed form): checked and counted like an unlock, so it is no way around
/// the limit of wrong PINs.
pub async fn confirm_pin(
    conn: &mut AnyConnection,
    keyer: &UserKeyer,
    device_id: &str,
    access_key: &Sensitive<String>,
    now: i64,
) -> Result<Result<(), DeviceRefusal>, ServerError> {
    let row = match usable(conn, device_id).await? {
        Ok(row) => row,
        Err(refusal) => return Ok(Err(refusal)),
    };
    check_access_key(conn, keyer, device_id, &row, access_key, now).await
}

pub async fn change_pin(
    conn: &mut AnyConnection,
    keyer: &UserKeyer,
    device_id: &str,
    current: &Sensitive<String>,
    new: &Sensitive<String>,
    now: i64,
) -> Result<Result<Sensitive<String>, DeviceRefusal>, ServerError> {
    let row = match usable(conn, device_id).await? {
        Ok(row) => row,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let Some(new_key) = decode_32(new.expose()) else { return Ok(Err(DeviceRefusal::Malformed)) };
    if let Err(refusal) = check_access_key(conn, keyer, device_id, &row, current, now).await? {
        return Ok(Err(refusal));
    }
    let share = random_share();
    sqlx::query("UPDATE devices SET access_verifier = $2, server_share = $3 WHERE id = $1")
        .bind(device_id)
        .bind(STANDARD.encode(verifier(keyer, &new_key)))
        .bind(share.expose())
        .execute(&mut *conn)
        .await?;
    tracing::info!(device = %device_id, "PIN changed");
    Ok(Ok(share))
}
