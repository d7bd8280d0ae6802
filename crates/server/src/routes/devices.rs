//! `/devices`: register, list and remove devices; PIN login in three steps; change PIN.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiError, ApiErrorCode,
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

#[utoipa::path(
    post,
    path = "/devices",
    operation_id = "register_device",
    tag = "devices",
    summary = "Registers this device: its public key and the PIN's access key, for the server's share",
    security(("bearer" = [])),
    request_body = RegisterDeviceRequest,
    responses(
        (status = 200, description = "Registered", body = RegisterDeviceResponse),
        (status = 400, description = "`bad_request`: a key is not valid, or the name is empty or too long; or the body is not valid", body = ApiError),
    ),
)]
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

#[utoipa::path(
    get,
    path = "/devices",
    operation_id = "list_devices",
    tag = "devices",
    summary = "The account's registered devices",
    security(("bearer" = [])),
    responses((status = 200, description = "Every device, `current` the session's own", body = DeviceListResponse)),
)]
pub async fn list(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<DeviceListResponse>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let devices =
        devices::list(&mut conn, &session.account_id, session.device_id.as_deref()).await?;
    Ok(Json(DeviceListResponse { devices }))
}

#[utoipa::path(
    delete,
    path = "/devices/{id}",
    operation_id = "remove_device",
    tag = "devices",
    summary = "Removes a device of the account; its sessions end",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The device's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "`not_found`: no such device of this account", body = ApiError),
    ),
)]
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

#[utoipa::path(
    post,
    path = "/devices/{id}/login/start",
    operation_id = "device_login_start",
    tag = "devices",
    summary = "A PIN login's first step: a challenge",
    params(("id" = String, Path, description = "The device's id")),
    responses(
        (status = 200, description = "A single-use challenge", body = DeviceChallengeResponse),
        (status = 403, description = "`account_closed`: access to this record is closed", body = ApiError),
        (status = 410, description = "`device_removed`: this device is not registered (removed, or never was): wipe it", body = ApiError),
        (status = 423, description = "`device_blocked`: blocked after too many wrong PINs: register again with the code card", body = ApiError),
    ),
)]
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

#[utoipa::path(
    post,
    path = "/devices/{id}/login/unlock",
    operation_id = "device_login_unlock",
    tag = "devices",
    summary = "A PIN login's second step: the PIN's access key for the server's share",
    description = "Wrong access keys are counted: the fifth in a row blocks the device.",
    params(("id" = String, Path, description = "The device's id")),
    request_body = DeviceUnlockRequest,
    responses(
        (status = 200, description = "The right access key: the server's share", body = DeviceUnlockResponse),
        (status = 401, description = "`wrong_pin` with `tries_left`; `challenge_invalid`: the challenge expired or was used, start again", body = ApiError),
        (status = 403, description = "`account_closed`: access to this record is closed", body = ApiError),
        (status = 410, description = "`device_removed`: this device is not registered (removed, or never was): wipe it", body = ApiError),
        (status = 423, description = "`device_blocked`: blocked after too many wrong PINs: register again with the code card", body = ApiError),
    ),
)]
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

#[utoipa::path(
    post,
    path = "/devices/{id}/login/finish",
    operation_id = "device_login_finish",
    tag = "devices",
    summary = "A PIN login's last step: the challenge signed with the device key, a session",
    params(("id" = String, Path, description = "The device's id")),
    request_body = DeviceLoginRequest,
    responses(
        (status = 200, description = "Logged in", body = DeviceLoginResponse),
        (status = 401, description = "`challenge_invalid`: the challenge expired, was used or was not unlocked; `unauthorized`: the signature is wrong", body = ApiError),
        (status = 403, description = "`account_closed`: access to this record is closed", body = ApiError),
        (status = 410, description = "`device_removed`: this device is not registered (removed, or never was): wipe it", body = ApiError),
        (status = 423, description = "`device_blocked`: blocked after too many wrong PINs: register again with the code card", body = ApiError),
    ),
)]
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

#[utoipa::path(
    put,
    path = "/devices/{id}/pin",
    operation_id = "change_pin",
    tag = "devices",
    summary = "Changes the PIN: the current access key (counted as at an unlock), the new one, a new share",
    description = "Only from a session opened on that very device (a PIN login).",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The device's id")),
    request_body = ChangePinRequest,
    responses(
        (status = 200, description = "Changed: the new server share", body = DeviceUnlockResponse),
        (status = 400, description = "`bad_request`: the new access key is not valid; or the body is not valid", body = ApiError),
        (status = 401, description = "`unauthorized`: no valid session; `wrong_pin` with `tries_left`", body = ApiError),
        (status = 403, description = "`unauthorized`: the session is not this device's; `account_closed`: access to this record is closed", body = ApiError),
        (status = 410, description = "`device_removed`: this device is not registered", body = ApiError),
        (status = 423, description = "`device_blocked`: blocked after too many wrong PINs", body = ApiError),
    ),
)]
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
