//! `/devices`: register, list and remove devices; PIN login in three steps; change PIN.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiErrorCode,
    device::{
        ChangePinRequest, DeviceChallengeResponse, DeviceListResponse, DeviceLoginRequest,
        DeviceLoginResponse, DeviceUnlockRequest, DeviceUnlockResponse, RegisterDeviceRequest,
        RegisterDeviceResponse,
    },
};

use super::ApiJson;
use crate::{
    app::AppState,
    devices::{self, DeviceRefusal},
    error::HttpError,
    sessions::{self, AuthSession},
};

impl From<DeviceRefusal> for HttpError {
    fn from(refusal: DeviceRefusal) -> Self {
        use StatusCode as S;
        match refusal {
            DeviceRefusal::Removed => {
                Self::new(S::GONE, ApiErrorCode::DeviceRemoved, "this device is not registered")
            }
            DeviceRefusal::Blocked => Self::new(
                S::LOCKED,
                ApiErrorCode::DeviceBlocked,
                "blocked after too many wrong PINs",
            ),
            DeviceRefusal::WrongPin { tries_left } => {
                Self::new(S::UNAUTHORIZED, ApiErrorCode::WrongPin { tries_left }, "wrong PIN")
            }
            DeviceRefusal::ChallengeInvalid => Self::new(
                S::UNAUTHORIZED,
                ApiErrorCode::ChallengeInvalid,
                "the login expired or was used: start again",
            ),
            DeviceRefusal::BadSignature => Self::new(
                S::UNAUTHORIZED,
                ApiErrorCode::Unauthorized,
                "the device could not prove itself",
            ),
            DeviceRefusal::Closed => Self::new(
                S::FORBIDDEN,
                ApiErrorCode::AccountClosed,
                "access to this record is closed",
            ),
            DeviceRefusal::Malformed => HttpError::bad_request("a key is not valid"),
        }
    }
}

pub async fn register(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(request): ApiJson<RegisterDeviceRequest>,
) -> Result<Json<RegisterDeviceResponse>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let (device_id, server_share) = devices::register(
        &mut conn,
        &state.keyer,
        &session.account_id,
        devices::NewDevice {
            name: &request.name,
            public_key: &request.public_key,
            access_key: &request.access_key,
            replaces: request.replaces.as_deref(),
        },
        state.now(),
    )
    .await??;
    Ok(Json(RegisterDeviceResponse { device_id, server_share }))
}

pub async fn list(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<DeviceListResponse>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let devices =
        devices::list(&mut conn, &session.account_id, session.device_id.as_deref()).await?;
    Ok(Json(DeviceListResponse { devices }))
}

pub async fn remove(
    State(state): State<AppState>,
    session: AuthSession,
    Path(device_id): Path<String>,
) -> Result<StatusCode, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    if devices::remove(&mut conn, &session.account_id, &device_id, state.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(HttpError::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no such device"))
    }
}

pub async fn login_start(
    State(state): State<AppState>,
    Path(device_id): Path<String>,
) -> Result<Json<DeviceChallengeResponse>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let challenge = devices::login_start(&mut conn, &device_id, state.now()).await??;
    Ok(Json(DeviceChallengeResponse {
        challenge,
        expires_in_seconds: devices::CHALLENGE_SECONDS as u32,
    }))
}

pub async fn login_unlock(
    State(state): State<AppState>,
    Path(device_id): Path<String>,
    ApiJson(request): ApiJson<DeviceUnlockRequest>,
) -> Result<Json<DeviceUnlockResponse>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let server_share = devices::login_unlock(
        &mut conn,
        &state.keyer,
        &device_id,
        &request.challenge,
        &request.access_key,
        state.now(),
    )
    .await??;
    Ok(Json(DeviceUnlockResponse { server_share }))
}

pub async fn login_finish(
    State(state): State<AppState>,
    Path(device_id): Path<String>,
    ApiJson(request): ApiJson<DeviceLoginRequest>,
) -> Result<Json<DeviceLoginResponse>, HttpError> {
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let account_id =
        devices::login_finish(&mut conn, &device_id, &request.challenge, &request.signature, now)
            .await??;
    let session_token = sessions::open(&mut conn, &account_id, Some(&device_id), now).await?;
    Ok(Json(DeviceLoginResponse {
        session_token,
        idle_timeout_seconds: sessions::IDLE_TIMEOUT_SECONDS as u32,
        expires_in_seconds: sessions::ABSOLUTE_TIMEOUT_SECONDS as u32,
    }))
}

pub async fn change_pin(
    State(state): State<AppState>,
    session: AuthSession,
    Path(device_id): Path<String>,
    ApiJson(request): ApiJson<ChangePinRequest>,
) -> Result<Json<DeviceUnlockResponse>, HttpError> {
    // Only from a session opened on that very device.
    if session.device_id.as_deref() != Some(device_id.as_str()) {
        return Err(HttpError::new(
            StatusCode::FORBIDDEN,
            ApiErrorCode::Unauthorized,
            "the PIN is changed on its own device",
        ));
    }
    let mut conn = state.db.pool().acquire().await?;
    let server_share = devices::change_pin(
        &mut conn,
        &state.keyer,
        &device_id,
        &request.current_access_key,
        &request.new_access_key,
        state.now(),
    )
    .await??;
    Ok(Json(DeviceUnlockResponse { server_share }))
}
