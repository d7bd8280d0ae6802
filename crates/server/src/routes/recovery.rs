//! Without being logged in: block a lost card, ask for a new card by post, ask for a
//! password-reset link. The last two answer the same whether the patient is known or not.

use axum::{Json, extract::State, http::StatusCode};
use dossier_api::{
    ApiError, ApiErrorCode,
    account::{BlockCardRequest, BlockCardResponse, NewCardRequest, PasswordResetRequest},
};

use super::ApiJson;
use crate::{
    accounts,
    app::AppState,
    cards,
    email_links::{self, LinkPurpose},
    error::{HttpError, ServerError},
    login, mail, patients,
};

#[utoipa::path(
    post,
    path = "/cards/block",
    operation_id = "block_card",
    tag = "account",
    summary = "Blocks the active code card (lost or stolen) with user name and password",
    request_body = BlockCardRequest,
    responses(
        (status = 200, description = "The card is blocked", body = BlockCardResponse),
        (status = 401, description = "`login_failed`: user name or password is wrong", body = ApiError),
        (status = 409, description = "`card_blocked`: the account has no active card", body = ApiError),
        (status = 423, description = "`account_locked`: locked after too many failed attempts", body = ApiError),
        (status = 429, description = "`slowed_down`: too many failed attempts, wait `retry_after_seconds`", body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
pub async fn block_card(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<BlockCardRequest>,
) -> Result<Json<BlockCardResponse>, HttpError> {
    super::typed_user_name(&request.user_name)?;
    super::typed_password(request.password.expose())?;
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let account = login::check_password(
        &mut conn,
        &state.hasher,
        &state.keyer,
        &request.user_name,
        &request.password,
        now,
    )
    .await??;
    match cards::block_active(&mut conn, &account.id, now).await? {
        Some(serial) => {
            tracing::info!("code card blocked by its holder");
            Ok(Json(BlockCardResponse { serial }))
        }
        None => {
            Err(HttpError::new(StatusCode::CONFLICT, ApiErrorCode::CardBlocked, "no active card"))
        }
    }
}

#[utoipa::path(
    post,
    path = "/card-requests",
    operation_id = "request_card",
    tag = "account",
    summary = "A patient asks for a code card by post: a confirmation link by e-mail",
    description = "The same answer whether or not the number names a patient who may hold an account (nothing is sent then).",
    request_body = NewCardRequest,
    responses(
        (status = 202, description = "Taken: a link is e-mailed if the patient may have a card"),
        (status = 422, description = "`invalid_email`: an e-mail address the server cannot send to", body = ApiError),
    ),
)]
pub async fn request_card(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<NewCardRequest>,
) -> Result<StatusCode, HttpError> {
    super::typed_field(
        &request.email,
        super::MAX_TYPED_EMAIL_CHARS,
        "the e-mail address is too long",
    )?;
    let email = request.email.trim();
    if !mail::is_valid_email(email) {
        return Err(ServerError::InvalidEmail.into());
    }
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let patient =
        patients::find_by_register_number(&mut conn, &request.national_register_number).await?;
    // Unknown, deceased or too young: the same answer, and no e-mail.
    let eligible = patient.filter(|p| p.may_hold_account(state.clock.today()));
    if let Some(patient) = eligible {
        let link = (LinkPurpose::CardRequest, patient.id.as_str(), email, request.language);
        send_link(&state, &mut conn, link, now, |url| {
            mail::card_request_link(request.language, url)
        })
        .await?;
    }
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(
    post,
    path = "/password-resets",
    operation_id = "request_password_reset",
    tag = "account",
    summary = "Sends a password-reset link to the account's e-mail address",
    description = "The same answer whether or not the user name exists.",
    request_body = PasswordResetRequest,
    responses((status = 202, description = "Taken: a link is e-mailed if the account has an address")),
)]
pub async fn request_password_reset(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<PasswordResetRequest>,
) -> Result<StatusCode, HttpError> {
    super::typed_user_name(&request.user_name)?;
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    if let Some(account) = accounts::find_by_user_name(&mut conn, &request.user_name).await? {
        let patient = patients::find_by_id(&mut conn, &account.patient_id).await?;
        if let (Some(email), Some(patient)) =
            (account.email.as_deref(), patient.filter(|p| !p.is_deceased()))
        {
            let link = (LinkPurpose::PasswordReset, patient.id.as_str(), email, request.language);
            send_link(&state, &mut conn, link, now, |url| {
                mail::password_reset_link(request.language, &patient.given_name, url)
            })
            .await?;
        }
    }
    Ok(StatusCode::ACCEPTED)
}

/// Makes a single-use link for (purpose, patient, e-mail address, language) and mails it
/// with `message`; nothing is sent when the link cannot be made (too many asked).
async fn send_link(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    (purpose, patient_id, email, language): (LinkPurpose, &str, &str, dossier_api::Language),
    now: i64,
    message: impl FnOnce(&str) -> mail::Mail,
) -> Result<(), ServerError> {
    let token = email_links::create(conn, purpose, patient_id, email, language, now).await?;
    if let Some(token) = token {
        let url = format!("{}{}?token={}", state.public_url, purpose.page_path(), token.expose());
        state.mailer.send(email, message(&url)).await?;
    }
    Ok(())
}
