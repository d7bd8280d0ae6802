//! `/records/{id}/reports/{report}/study...`: a radiology report's study, its series
//! previews, the study as a ZIP of its DICOM files, and the share codes for a care
//! provider. A study is there exactly when its report is shown to the record's patient now
//! (the reports' one rule, [`radiology::report_visible`]); anything else, also another
//! record's report, is the same 404. Whoever may open the record reads the study; the
//! patient, a parent of a child under 15 or a representative makes and revokes codes.

use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use dossier_api::{
    ApiError, ApiErrorCode,
    radiology::{NewShareCodeRequest, RadiologyStudyView, ShareCodeCreated, ShareCodeView},
};

use super::{ApiJson, RecordOpened};
use crate::{app::AppState, error::HttpError, radiology};

/// A PNG or a ZIP, as the document describes them.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Only its schema is used.
#[schema(value_type = String, format = Binary)]
pub struct StudyFile(Vec<u8>);

fn no_such_study() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no such study")
}

/// The study of `report` in the opened record, when the report is shown now.
async fn visible_study(
    state: &AppState,
    opened: &RecordOpened,
    report: &str,
) -> Result<RadiologyStudyView, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let record = &opened.record.record_id;
    if !radiology::report_visible(&mut conn, record, report, state.clock.now()).await? {
        return Err(no_such_study());
    }
    radiology::study_of_report(&mut conn, report).await?.ok_or_else(no_such_study)
}

const NOT_SHARED: &str = "a trusted person reads the record but does not share it";

#[utoipa::path(
    get,
    path = "/records/{id}/reports/{report}/study",
    operation_id = "radiology_study",
    tag = "records",
    summary = "The study of a radiology report",
    description = "Modalities, body part, date, description, image count and size, and the series (number, modality, description, image count, whether a preview exists). Only while the report is shown to the patient.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("report" = String, Path, description = "The report's id"),
    ),
    responses(
        (status = 200, description = "The study", body = RadiologyStudyView),
        (status = 404, description = "`not_found`: no such record, report or study, or not one this session may see now (the same answer)", body = ApiError),
    ),
)]
pub async fn study(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, report)): Path<(String, String)>,
) -> Result<Json<RadiologyStudyView>, HttpError> {
    Ok(Json(visible_study(&state, &opened, &report).await?))
}

#[utoipa::path(
    get,
    path = "/records/{id}/reports/{report}/study/series/{series}/preview",
    operation_id = "radiology_series_preview",
    tag = "records",
    summary = "A series' preview, as PNG",
    description = "The series' middle image through its window (at most 512 pixels a side), made at import.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("report" = String, Path, description = "The report's id"),
        ("series" = String, Path, description = "The series' id"),
    ),
    responses(
        (status = 200, description = "The preview", content((StudyFile = "image/png"))),
        (status = 404, description = "`not_found`: no such record, report, study, series or preview, or not one this session may see now", body = ApiError),
    ),
)]
pub async fn preview(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, report, series)): Path<(String, String, String)>,
) -> Result<Response, HttpError> {
    let study = visible_study(&state, &opened, &report).await?;
    let mut conn = state.db.pool().acquire().await?;
    let png = radiology::preview(&mut conn, &study.id, &series).await?.ok_or_else(no_such_study)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], png).into_response())
}

#[utoipa::path(
    get,
    path = "/records/{id}/reports/{report}/study/zip",
    operation_id = "radiology_study_zip",
    tag = "records",
    summary = "The study as a ZIP of its DICOM files",
    description = "The files as imported, unchanged, stored (not compressed) under `DICOM/S<series>/I<image>.dcm`, sent while written (no length known beforehand).",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("report" = String, Path, description = "The report's id"),
    ),
    responses(
        (status = 200, description = "The ZIP", content((StudyFile = "application/zip"))),
        (status = 404, description = "`not_found`: no such record, report or study, or not one this session may see now", body = ApiError),
    ),
)]
pub async fn zip(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, report)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let study = visible_study(&state, &opened, &report).await?;
    Ok(zip_response(&state, study.id))
}

/// The ZIP as a download (also the provider's page's).
pub(super) fn zip_response(state: &AppState, study_id: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/zip"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"study.zip\""),
        ],
        radiology::zip_stream(state.db.clone(), study_id),
    )
        .into_response()
}

#[utoipa::path(
    get,
    path = "/records/{id}/reports/{report}/study/share-codes",
    operation_id = "list_share_codes",
    tag = "records",
    summary = "The study's share codes",
    description = "Newest first: the last characters, made, expires, revoked, status, how often used; never the code.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("report" = String, Path, description = "The report's id"),
    ),
    responses(
        (status = 200, description = "The codes", body = Vec<ShareCodeView>),
        (status = 404, description = "`not_found`: no such record, report or study, or not one this session may see now", body = ApiError),
    ),
)]
pub async fn share_codes(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, report)): Path<(String, String)>,
) -> Result<Json<Vec<ShareCodeView>>, HttpError> {
    let study = visible_study(&state, &opened, &report).await?;
    let mut conn = state.db.pool().acquire().await?;
    let now = state.now();
    Ok(Json(radiology::share_codes::list(&mut conn, &study.id, &state.public_url, now).await?))
}

#[utoipa::path(
    post,
    path = "/records/{id}/reports/{report}/study/share-codes",
    operation_id = "create_share_code",
    tag = "records",
    summary = "A code to share the study with a care provider",
    description = "Works `days` days (1 to 30) on the server's page `/images` with the patient's date of birth; blocked after 5 wrong dates. The code is in this answer only: the server keeps its hash. Every use is in the record's access log. The patient, a parent of a child under 15 or a representative.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("report" = String, Path, description = "The report's id"),
    ),
    request_body = NewShareCodeRequest,
    responses(
        (status = 201, description = "The code, this once", body = ShareCodeCreated),
        (status = 400, description = "`bad_request`: not a valid body", body = ApiError),
        (status = 403, description = "`not_allowed_to_change`: a trusted person does not share", body = ApiError),
        (status = 404, description = "`not_found`: no such record, report or study, or not one this session may see now", body = ApiError),
        (status = 422, description = "`share_code_refused { problem }`: `days` not within 1 and `max` (30)", body = ApiError),
    ),
)]
pub async fn create_share_code(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, report)): Path<(String, String)>,
    ApiJson(request): ApiJson<NewShareCodeRequest>,
) -> Result<(StatusCode, Json<ShareCodeCreated>), HttpError> {
    opened.must_act_for_patient(NOT_SHARED)?;
    let study = visible_study(&state, &opened, &report).await?;
    let mut conn = state.db.pool().acquire().await?;
    let created = radiology::share_codes::create(
        &mut conn,
        &study.id,
        &opened.record.record_id,
        &opened.session.account_id,
        request.days,
        &state.public_url,
        state.now(),
    )
    .await?;
    match created {
        Ok(created) => {
            tracing::info!("radiology share code made");
            Ok((StatusCode::CREATED, Json(created)))
        }
        Err(problem) => Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiErrorCode::ShareCodeRefused { problem },
            "the share code was not made",
        )),
    }
}

#[utoipa::path(
    delete,
    path = "/records/{id}/reports/{report}/study/share-codes/{code}",
    operation_id = "revoke_share_code",
    tag = "records",
    summary = "Revokes a share code, at once",
    description = "Pages opened with it close too. Revoking again answers the same. The patient, a parent of a child under 15 or a representative.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("report" = String, Path, description = "The report's id"),
        ("code" = String, Path, description = "The share code's id (not the code)"),
    ),
    responses(
        (status = 200, description = "The code, revoked", body = ShareCodeView),
        (status = 403, description = "`not_allowed_to_change`: a trusted person does not share", body = ApiError),
        (status = 404, description = "`not_found`: no such record, report, study or code, or not one this session may see now", body = ApiError),
    ),
)]
pub async fn revoke_share_code(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, report, code)): Path<(String, String, String)>,
) -> Result<Json<ShareCodeView>, HttpError> {
    opened.must_act_for_patient(NOT_SHARED)?;
    let study = visible_study(&state, &opened, &report).await?;
    let mut conn = state.db.pool().acquire().await?;
    let url = &state.public_url;
    let revoked = radiology::share_codes::revoke(&mut conn, &study.id, &code, url, state.now())
        .await?
        .ok_or_else(no_such_study)?;
    tracing::info!("radiology share code revoked");
    Ok(Json(revoked))
}
