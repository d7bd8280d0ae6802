//! Personal details of a record (read by whoever may open it; changed by the patient, a
//! parent of a child under 15 or a representative, never a trusted person), the GPs a
//! patient can choose from, and one's own e-mail notification settings.

use axum::{Json, extract::State};
use dossier_api::{
    ApiError, ApiErrorCode,
    care_access::CareProviderView,
    details::{ChangedAs, DetailsUpdate, NotificationSettings, PersonalDetailsView},
    reports::Relation,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{ApiJson, ApiQuery, RecordOpened};
use crate::{
    app::AppState,
    details::{self, ChangedBy},
    error::HttpError,
    mail, notifications, patients,
    sessions::{self, AuthSession},
};

/// In which capacity the session changes the record's details; None: it may not (a trusted
/// person reads only).
fn changed_as(relation: Relation) -> Option<ChangedAs> {
    match relation {
        Relation::Own => Some(ChangedAs::Patient),
        Relation::Child => Some(ChangedAs::Parent),
        Relation::Representative => Some(ChangedAs::Representative),
        Relation::TrustedPerson => None,
    }
}

#[utoipa::path(
    get,
    path = "/records/{id}/details",
    operation_id = "personal_details",
    tag = "details",
    summary = "The record's personal details, and every change made to them",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "The details; `may_change` says whether this session may change them", body = PersonalDetailsView),
        (status = 404, description = "`not_found`: no such record, or not one this session may open", body = ApiError),
    ),
)]
/// `GET /records/{id}/details`.
pub async fn read(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<PersonalDetailsView>, HttpError> {
    let may_change = opened.acts_for_patient();
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(details::view(&mut conn, &opened.record.record_id, may_change).await?))
}

#[utoipa::path(
    put,
    path = "/records/{id}/details",
    operation_id = "change_personal_details",
    tag = "details",
    summary = "Change address, phone, e-mail, preferred language and GP, all at once",
    description = "Every field is checked first; with any problem nothing is changed and each problem is named under its field. Each field that changed is kept with who changed it and when; a new GP is written in the access log; a replaced e-mail address is told of the change.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    request_body = DetailsUpdate,
    responses(
        (status = 200, description = "Changed; the details now", body = PersonalDetailsView),
        (status = 403, description = "`not_allowed_to_change`: a trusted person reads only", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open", body = ApiError),
        (status = 422, description = "`details_refused` with `problems` per field", body = ApiError),
    ),
)]
/// `PUT /records/{id}/details`.
pub async fn change(
    State(state): State<AppState>,
    opened: RecordOpened,
    ApiJson(update): ApiJson<DetailsUpdate>,
) -> Result<Json<PersonalDetailsView>, HttpError> {
    let by_as = changed_as(opened.record.relation).ok_or_else(not_allowed)?;
    let record_id = opened.record.record_id.clone();
    let mut conn = state.db.pool().acquire().await?;
    let checked = details::check(&mut conn, &update).await?.map_err(|problems| {
        HttpError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            ApiErrorCode::DetailsRefused { problems },
            "some details are not valid",
        )
    })?;
    let me = patients::find_by_id(&mut conn, &opened.session.patient_id)
        .await?
        .ok_or_else(sessions::unauthorized)?;
    let by = ChangedBy { patient_id: me.id.clone(), name: me.full_name(), by_as };
    let (changed, replaced) =
        details::apply(&mut conn, &record_id, checked, &by, state.clock.today(), state.now())
            .await?;
    if !changed.is_empty() {
        tracing::info!(fields = changed.len(), "personal details changed");
    }
    if let Some(replaced) = replaced {
        // The old address hears of it (a stolen session redirecting mail would show).
        let record = patients::find_by_id(&mut conn, &record_id).await?;
        let given_name = record.map(|p| p.given_name).unwrap_or_default();
        let warning = mail::email_changed(replaced.language, &given_name);
        if state.mailer.send(&replaced.old_address, warning).await.is_err() {
            tracing::warn!("the replaced e-mail address could not be told");
        }
    }
    Ok(Json(details::view(&mut conn, &record_id, true).await?))
}

fn not_allowed() -> HttpError {
    HttpError::new(
        axum::http::StatusCode::FORBIDDEN,
        ApiErrorCode::NotAllowedToChange,
        "only the patient, a parent or a representative changes personal details",
    )
}

/// The most GPs one search answers.
const MAX_GPS: u32 = 20;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GpQuery {
    /// Part of the GP's name, any case.
    pub name: String,
}

#[utoipa::path(
    get,
    path = "/general-practitioners",
    operation_id = "find_general_practitioners",
    tag = "details",
    summary = "GPs of the directory whose name holds the text, at most 20",
    description = "Under two letters (spaces aside) finds nobody: an empty list.",
    security(("bearer" = [])),
    params(GpQuery),
    responses(
        (status = 200, description = "The GPs found, by name", body = Vec<CareProviderView>),
        (status = 400, description = "`bad_request`: no `name`", body = ApiError),
    ),
)]
/// `GET /general-practitioners?name=`.
pub async fn find_gps(
    State(state): State<AppState>,
    _session: AuthSession,
    ApiQuery(query): ApiQuery<GpQuery>,
) -> Result<Json<Vec<CareProviderView>>, HttpError> {
    if query.name.trim().chars().count() < 2 {
        return Ok(Json(Vec::new()));
    }
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(details::general_practitioners(&mut conn, &query.name, MAX_GPS).await?))
}

#[utoipa::path(
    get,
    path = "/notifications",
    operation_id = "notification_settings",
    tag = "details",
    summary = "One's own e-mail notification settings",
    security(("bearer" = [])),
    responses((status = 200, description = "The settings", body = NotificationSettings)),
)]
/// `GET /notifications`.
pub async fn notification_settings(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<NotificationSettings>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(notifications::settings(&mut conn, &session.patient_id).await?))
}

#[utoipa::path(
    put,
    path = "/notifications",
    operation_id = "change_notification_settings",
    tag = "details",
    summary = "Changes one's own e-mail notification settings",
    security(("bearer" = [])),
    request_body = NotificationSettings,
    responses((status = 200, description = "The settings now", body = NotificationSettings)),
)]
/// `PUT /notifications`.
pub async fn change_notification_settings(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(settings): ApiJson<NotificationSettings>,
) -> Result<Json<NotificationSettings>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    notifications::set_settings(&mut conn, &session.patient_id, settings).await?;
    Ok(Json(notifications::settings(&mut conn, &session.patient_id).await?))
}
