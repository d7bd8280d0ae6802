//! `POST /login/start`, `POST /login/finish`, `POST /session/logout`

use axum::{Json, extract::State, http::StatusCode};
use dossier_api::{
    ApiError,
    account::{LoginFinishRequest, LoginResponse, LoginStartRequest, LoginStartResponse},
};

use super::{ApiJson, MAX_TYPED_CODE_CHARS, typed_field, typed_password, typed_user_name};
use crate::{app::AppState, error::HttpError, login, sessions};

#[utoipa::path(
    post,
    path = "/login/start",
    operation_id = "login_start",
    tag = "login",
    summary = "A code-card login's first step: which code to enter",
    request_body = LoginStartRequest,
    responses(
        (status = 200, description = "The code to ask and the single-use challenge; an unknown user name gets the same shape", body = LoginStartResponse),
        (status = 423, description = "`account_locked`: locked after too many failed attempts", body = ApiError),
        (status = 429, description = "`slowed_down`: too many failed attempts, wait `retry_after_seconds`", body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
pub async fn start(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginStartRequest>,
) -> Result<Json<LoginStartResponse>, HttpError> {
    typed_user_name(&request.user_name)?;
    let mut conn = state.db.pool().acquire().await?;
    let asked = login::start(&mut conn, &state.keyer, &request.user_name, state.now()).await??;
    Ok(Json(LoginStartResponse {
        challenge: asked.challenge,
        code_index: asked.code_index,
        last_code: asked.last_code,
        expires_in_seconds: login::CHALLENGE_SECONDS as u32,
    }))
}

#[utoipa::path(
    post,
    path = "/login/finish",
    operation_id = "login_finish",
    tag = "login",
    summary = "A code-card login's second step: password and code, a session",
    request_body = LoginFinishRequest,
    responses(
        (status = 200, description = "Logged in: the session token and the card's state", body = LoginResponse),
        (status = 401, description = "`login_failed`: user name, password or code is wrong (never says which); `challenge_invalid`: the challenge expired or was used, start again", body = ApiError),
        (status = 403, description = "`card_blocked`, `no_codes_left`: request a new card; `account_closed`: access to this record is closed", body = ApiError),
        (status = 423, description = "`account_locked`: locked after too many failed attempts", body = ApiError),
        (status = 429, description = "`slowed_down`: too many failed attempts, wait `retry_after_seconds`", body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
pub async fn finish(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginFinishRequest>,
) -> Result<Json<LoginResponse>, HttpError> {
    typed_password(request.password.expose())?;
    typed_field(request.code.expose(), MAX_TYPED_CODE_CHARS, "the code is too long")?;
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let logged_in = login::finish(
        &mut conn,
        &state.hasher,
        &request.challenge,
        &request.password,
        &request.code,
        now,
    )
    .await??;
    let token = sessions::open(&mut conn, &logged_in.account_id, None, now).await?;
    Ok(Json(LoginResponse {
        session_token: token,
        idle_timeout_seconds: sessions::IDLE_TIMEOUT_SECONDS as u32,
        expires_in_seconds: sessions::ABSOLUTE_TIMEOUT_SECONDS as u32,
        card: logged_in.card,
    }))
}

#[utoipa::path(
    post,
    path = "/session/logout",
    operation_id = "logout",
    tag = "login",
    summary = "Ends the session",
    security(("bearer" = [])),
    responses((status = 204, description = "The session is ended")),
)]
pub async fn logout(
    State(state): State<AppState>,
    session: sessions::AuthSession,
) -> Result<StatusCode, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    session.revoke(&mut conn, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
