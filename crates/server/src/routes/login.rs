//! `POST /login/start`, `POST /login/finish`, `POST /session/logout`

use axum::{Json, extract::State, http::StatusCode};
use dossier_api::account::{
    LoginFinishRequest, LoginResponse, LoginStartRequest, LoginStartResponse,
};

use super::{ApiJson, MAX_TYPED_CODE_BYTES, typed_field, typed_password, typed_user_name};
use crate::{app::AppState, error::HttpError, login, sessions};

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

pub async fn finish(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LoginFinishRequest>,
) -> Result<Json<LoginResponse>, HttpError> {
    typed_password(request.password.expose())?;
    typed_field(request.code.expose(), MAX_TYPED_CODE_BYTES, "the code is too long")?;
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

pub async fn logout(
    State(state): State<AppState>,
    session: sessions::AuthSession,
) -> Result<StatusCode, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    session.revoke(&mut conn, state.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
