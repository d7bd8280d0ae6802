//! `/records/{id}/questionnaires`: the questionnaires hospitals sent to a record, one with
//! its answers so far, and saving answers part way or submitting them. Anyone who may open
//! the record reads them; the patient, a parent of a child under 15 or a representative
//! answers.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiError, ApiErrorCode,
    questionnaires::{QuestionnaireSummary, QuestionnaireView, SaveAnswersRequest},
};

use super::{ApiJson, RecordOpened, no_such_record};
use crate::{
    app::AppState,
    error::HttpError,
    questionnaires::{self, SaveRefusal},
};

#[utoipa::path(
    get,
    path = "/records/{id}/questionnaires",
    operation_id = "list_questionnaires",
    tag = "records",
    summary = "The questionnaires hospitals sent to the record",
    description = "Those still to fill in first (waiting, then started), then the submitted ones; newest first within each.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "The questionnaires", body = Vec<QuestionnaireSummary>),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<Vec<QuestionnaireSummary>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let list = questionnaires::list(&mut conn, &opened.record.record_id).await?;
    Ok(Json(list.into_iter().map(|stored| stored.summary).collect()))
}

#[utoipa::path(
    get,
    path = "/records/{id}/questionnaires/{questionnaire}",
    operation_id = "read_questionnaire",
    tag = "records",
    summary = "One questionnaire: its questions and the answers kept so far",
    description = "`may_answer` says whether this reader may change the answers: not a trusted person, and nobody once it is submitted.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("questionnaire" = String, Path, description = "The questionnaire's id"),
    ),
    responses(
        (status = 200, description = "The questionnaire", body = QuestionnaireView),
        (status = 404, description = "`not_found`: no such record or questionnaire, or not one this session may open", body = ApiError),
    ),
)]
pub async fn read(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, questionnaire)): Path<(String, String)>,
) -> Result<Json<QuestionnaireView>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let stored = questionnaires::one(&mut conn, &opened.record.record_id, &questionnaire)
        .await?
        .ok_or_else(no_such_record)?;
    Ok(Json(stored.view(opened.acts_for_patient())))
}

#[utoipa::path(
    put,
    path = "/records/{id}/questionnaires/{questionnaire}/answers",
    operation_id = "save_questionnaire_answers",
    tag = "records",
    summary = "Save answers part way, or submit them",
    description = "The answers replace those kept. Saving part way checks what is answered; submitting also needs every required question answered. Refused answers change nothing. Once submitted, the answers go to the hospital and no longer change.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("questionnaire" = String, Path, description = "The questionnaire's id"),
    ),
    request_body = SaveAnswersRequest,
    responses(
        (status = 200, description = "Kept: the questionnaire as it is now", body = QuestionnaireView),
        (status = 400, description = "`bad_request`: not a valid body", body = ApiError),
        (status = 403, description = "`not_allowed_to_change`: a trusted person reads along but does not answer", body = ApiError),
        (status = 404, description = "`not_found`: no such record or questionnaire, or not one this session may open", body = ApiError),
        (status = 409, description = "`questionnaire_submitted`: it was submitted already", body = ApiError),
        (status = 422, description = "`answers_refused`: what is wrong, per question; nothing was kept", body = ApiError),
    ),
)]
pub async fn save(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, questionnaire)): Path<(String, String)>,
    ApiJson(request): ApiJson<SaveAnswersRequest>,
) -> Result<Json<QuestionnaireView>, HttpError> {
    opened.must_act_for_patient("a trusted person reads along but does not answer")?;
    let mut conn = state.db.pool().acquire().await?;
    let saved = questionnaires::save(
        &mut conn,
        &opened.record.record_id,
        &questionnaire,
        &request.answers,
        request.stage,
        Some(&opened.session.patient_id),
        state.now(),
    )
    .await?;
    match saved {
        Ok(stored) => Ok(Json(stored.view(true))),
        Err(SaveRefusal::NotFound) => Err(no_such_record()),
        Err(SaveRefusal::Submitted) => Err(HttpError::new(
            StatusCode::CONFLICT,
            ApiErrorCode::QuestionnaireSubmitted,
            "the questionnaire was submitted already",
        )),
        Err(SaveRefusal::Problems(problems)) => Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiErrorCode::AnswersRefused { problems },
            "some answers are not valid",
        )),
    }
}
