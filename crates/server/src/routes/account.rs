//! `GET /me`, `PUT /account/user-name`, `PUT /account/password`

use axum::{Json, extract::State, http::StatusCode};
use dossier_api::{
    ApiError, ApiErrorCode,
    account::{
        ChangePasswordRequest, ChangeUserNameRequest, MeResponse, PatientSummary, UserNameProblem,
    },
};

use super::ApiJson;
use crate::{
    accounts::{self, UserNameChangeError},
    app::AppState,
    cards,
    error::HttpError,
    login, patients,
    sessions::{self, AuthSession},
};

#[utoipa::path(
    get,
    path = "/me",
    operation_id = "me",
    tag = "account",
    summary = "Whose record this session opens: name, date of birth, user name, card",
    security(("bearer" = [])),
    responses((status = 200, description = "The session's account and patient", body = MeResponse)),
)]
pub async fn me(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<MeResponse>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let account = accounts::find_by_id(&mut conn, &session.account_id)
        .await?
        .ok_or_else(crate::sessions::unauthorized)?;
    let patient = patients::find_by_id(&mut conn, &session.patient_id)
        .await?
        .ok_or_else(crate::sessions::unauthorized)?;
    let card = match cards::current(&mut conn, &account.id).await? {
        Some(card) if card.status == cards::CardState::Active => {
            Some(cards::status(&mut conn, &card).await?)
        }
        _ => None,
    };
    Ok(Json(MeResponse {
        record_id: patient.id.clone(),
        user_name: account.user_name,
        patient: PatientSummary {
            given_name: patient.given_name,
            family_name: patient.family_name,
            date_of_birth: patient.date_of_birth,
            preferred_language: patient.language,
        },
        card,
    }))
}

#[utoipa::path(
    put,
    path = "/account/user-name",
    operation_id = "change_user_name",
    tag = "account",
    summary = "Changes the user name (the password confirms it)",
    security(("bearer" = [])),
    request_body = ChangeUserNameRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "`unauthorized`: no valid session; `login_failed`: the password is wrong", body = ApiError),
        (status = 422, description = "`user_name_rejected`: the new name's `problem` (length, characters, taken)", body = ApiError),
        (status = 423, description = "`account_locked`: locked after too many failed attempts", body = ApiError),
        (status = 429, description = "`slowed_down`: too many failed attempts, wait `retry_after_seconds`", body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
pub async fn change_user_name(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(request): ApiJson<ChangeUserNameRequest>,
) -> Result<StatusCode, HttpError> {
    super::typed_password(request.password.expose())?;
    let now = state.now();
    let new_name = request.new_user_name.trim();
    accounts::check_user_name(new_name).map_err(user_name_rejected)?;
    let mut conn = state.db.pool().acquire().await?;
    let account = accounts::find_by_id(&mut conn, &session.account_id)
        .await?
        .ok_or_else(crate::sessions::unauthorized)?;
    // The password confirms it is the patient at the keyboard; throttled like a login.
    login::check_password(
        &mut conn,
        &state.hasher,
        &state.keyer,
        &account.user_name,
        &request.password,
        now,
    )
    .await??;
    match accounts::set_user_name(&mut conn, &account.id, new_name).await {
        Ok(()) => {
            tracing::info!("user name changed");
            Ok(StatusCode::NO_CONTENT)
        }
        Err(UserNameChangeError::Taken) => Err(user_name_rejected(UserNameProblem::Taken)),
        Err(UserNameChangeError::Server(error)) => Err(error.into()),
    }
}

fn user_name_rejected(problem: UserNameProblem) -> HttpError {
    HttpError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ApiErrorCode::UserNameRejected { problem },
        "the user name was refused",
    )
}

#[utoipa::path(
    put,
    path = "/account/password",
    operation_id = "change_password",
    tag = "account",
    summary = "Changes the password (the current one confirms it); other sessions end",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "`unauthorized`: no valid session; `login_failed`: the password is wrong", body = ApiError),
        (status = 422, description = "`password_rejected`: the new password's `problem`", body = ApiError),
        (status = 423, description = "`account_locked`: locked after too many failed attempts", body = ApiError),
        (status = 429, description = "`slowed_down`: too many failed attempts, wait `retry_after_seconds`", body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
pub async fn change_password(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<StatusCode, HttpError> {
    super::typed_password(request.current_password.expose())?;
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let account = accounts::find_by_id(&mut conn, &session.account_id)
        .await?
        .ok_or_else(crate::sessions::unauthorized)?;
    accounts::check_password(request.new_password.expose(), &account.user_name)
        .map_err(password_rejected)?;
    login::check_password(
        &mut conn,
        &state.hasher,
        &state.keyer,
        &account.user_name,
        &request.current_password,
        now,
    )
    .await??;
    let hash = state.hasher.hash_off_thread(&request.new_password).await?;
    accounts::set_password_hash(&mut conn, &account.id, &hash, now).await?;
    // Other sessions (another device, someone who knew the old password) end now.
    sessions::revoke_all(&mut conn, &account.id, Some(&session.token_hash), now).await?;
    tracing::info!("password changed");
    Ok(StatusCode::NO_CONTENT)
}

pub fn password_rejected(problem: dossier_api::account::PasswordProblem) -> HttpError {
    HttpError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ApiErrorCode::PasswordRejected { problem },
        "the new password was refused",
    )
}
