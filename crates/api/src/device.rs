//! Registered devices and PIN login: `/api/v1/devices`. The PIN never travels: the device
//! sends an access key derived from it (Argon2id with a salt that never leaves the device),
//! gets the server's key share for the right one, and signs a challenge with its own key.

use serde::{Deserialize, Serialize};

use crate::Sensitive;

/// Wrong PINs in a row that block a device registration.
pub const MAX_PIN_FAILURES: u8 = 5;

/// `POST /api/v1/devices`, with the session of a code-card login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterDeviceRequest {
    /// Not blank, at most 100 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100, pattern = "\\S"))]
    pub name: String,
    /// Ed25519 public key, base64 (32 bytes).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$"))]
    pub public_key: String,
    /// 32 bytes derived from the PIN, base64.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$"))]
    pub access_key: Sensitive<String>,
    /// This device's previous registration, replaced by this one ("register again").
    pub replaces: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterDeviceResponse {
    pub device_id: String,
    /// The server's half of the key that seals the device's private key, base64.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub server_share: Sensitive<String>,
}

/// `POST /api/v1/devices/{id}/login/start`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceChallengeResponse {
    /// At least 128 random bits; single use.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub challenge: Sensitive<String>,
    pub expires_in_seconds: u32,
}

/// `POST /api/v1/devices/{id}/login/unlock`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceUnlockRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub challenge: Sensitive<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub access_key: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceUnlockResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub server_share: Sensitive<String>,
}

/// `POST /api/v1/devices/{id}/login/finish`: the challenge signed with the device key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceLoginRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub challenge: Sensitive<String>,
    /// Ed25519 signature of [`device_login_message`], base64.
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceLoginResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub session_token: Sensitive<String>,
    pub idle_timeout_seconds: u32,
    pub expires_in_seconds: u32,
}

/// `PUT /api/v1/devices/{id}/pin`, with that device's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePinRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub current_access_key: Sensitive<String>,
    /// 32 bytes derived from the new PIN, base64.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$"))]
    pub new_access_key: Sensitive<String>,
}

/// `GET /api/v1/devices`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceListResponse {
    pub devices: Vec<DeviceSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSummary {
    pub id: String,
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    pub last_used_at: i64,
    pub status: DeviceStatus,
    /// The device this session was opened on.
    pub current: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    Active,
    /// Five wrong PINs in a row: register again with the code card.
    Blocked,
}

/// Why a new PIN was refused (checked on the device: the server never sees the PIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum PinProblem {
    #[error("a PIN has exactly 6 digits")]
    Length,
    #[error("a PIN has only digits")]
    NotDigits,
    #[error("the PIN repeats itself")]
    Repeated,
    #[error("the PIN is a run of digits")]
    Run,
    #[error("the PIN is a birth date")]
    BirthDate,
    /// Among the most common PINs people choose (tried first by anyone guessing).
    #[error("the PIN is one of the most common")]
    Common,
}

/// What the device signs to log in: bound to the purpose, the device and the challenge.
pub fn device_login_message(device_id: &str, challenge: &str) -> Vec<u8> {
    let mut message = b"dossier device login v1\0".to_vec();
    message.extend_from_slice(device_id.as_bytes());
    message.push(0);
    message.extend_from_slice(challenge.as_bytes());
    message
}
