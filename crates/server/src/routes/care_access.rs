//! "Access" in the app: who may see the record, the patient's changes to it, and the log of
//! who opened it. For one's own record, a child's (the parent) and a represented person's;
//! never for a trusted person, who may read the record but not manage it.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiError, ApiErrorCode,
    care_access::{AccessLogPage, Accessor, RecordAccessOverview},
    reports::Relation,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{ApiQuery, RecordOpened, no_such_record};
use crate::{
    access_log,
    app::AppState,
    care_relations::{self, Actor, ChangeRefusal},
    error::HttpError,
    patients, sessions,
};

const ONLY_MANAGERS: &str = "only the patient, a parent or a representative manages access";

fn not_allowed() -> HttpError {
    HttpError::new(StatusCode::FORBIDDEN, ApiErrorCode::NotAllowedToChange, ONLY_MANAGERS)
}

/// Who may manage access to the record, and see who holds a link to it: whoever acts for
/// the patient.
pub(super) fn manager(opened: &RecordOpened) -> Result<(), HttpError> {
    opened.must_act_for_patient(ONLY_MANAGERS)
}

/// The person making a change, as the log names them.
async fn actor(state: &AppState, opened: &RecordOpened) -> Result<Actor, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let me = patients::find_by_id(&mut conn, &opened.session.patient_id)
        .await?
        .ok_or_else(sessions::unauthorized)?;
    let who = match opened.record.relation {
        Relation::Own => Accessor::Patient { name: me.full_name() },
        Relation::Child => Accessor::LinkedPerson {
            name: me.full_name(),
            link: dossier_api::links::LinkKind::ParentChild,
        },
        Relation::Representative => Accessor::LinkedPerson {
            name: me.full_name(),
            link: dossier_api::links::LinkKind::Representative,
        },
        Relation::TrustedPerson => return Err(not_allowed()),
    };
    Ok(Actor { who })
}

async fn current_overview(
    state: &AppState,
    opened: &RecordOpened,
) -> Result<Json<RecordAccessOverview>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let overview = care_relations::overview(
        &mut conn,
        &opened.record.record_id,
        state.clock.today(),
        state.now(),
        true,
    )
    .await?;
    Ok(Json(overview))
}

fn refused(refusal: ChangeRefusal) -> HttpError {
    match refusal {
        ChangeRefusal::NotFound => no_such_record(),
        ChangeRefusal::ManagedOnEhealth => HttpError::new(
            StatusCode::CONFLICT,
            ApiErrorCode::ManagedOnEhealth,
            "an eHealth exclusion is stopped on the eHealth platform",
        ),
    }
}

#[utoipa::path(
    get,
    path = "/records/{id}/access",
    operation_id = "record_access",
    tag = "access",
    summary = "Who may see the record",
    description = "Care teams with a relationship in force, the GP and whether the patient objected, referrers with consent, exclusions (hospital and eHealth) and the eHealth consent. The people with a link are at `/records/{id}/links`.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "Who may see the record", body = RecordAccessOverview),
        (status = 403, description = "`not_allowed_to_change`: a trusted person does not manage access", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open", body = ApiError),
    ),
)]
/// `GET /records/{id}/access`.
pub async fn overview(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<RecordAccessOverview>, HttpError> {
    manager(&opened)?;
    current_overview(&state, &opened).await
}

#[utoipa::path(
    put,
    path = "/records/{id}/access/gp-objection",
    operation_id = "object_to_gp",
    tag = "access",
    summary = "Object to the GP's access, at once",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "Objected; who may see the record now", body = RecordAccessOverview),
        (status = 403, description = "`not_allowed_to_change`", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or no GP known", body = ApiError),
    ),
)]
/// `PUT /records/{id}/access/gp-objection`.
pub async fn object_to_gp(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<RecordAccessOverview>, HttpError> {
    set_gp_objection(state, opened, true).await
}

#[utoipa::path(
    delete,
    path = "/records/{id}/access/gp-objection",
    operation_id = "allow_gp_again",
    tag = "access",
    summary = "Allow the GP's access again, at once",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "Allowed again; who may see the record now", body = RecordAccessOverview),
        (status = 403, description = "`not_allowed_to_change`", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or no GP known", body = ApiError),
    ),
)]
/// `DELETE /records/{id}/access/gp-objection`.
pub async fn allow_gp_again(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<RecordAccessOverview>, HttpError> {
    set_gp_objection(state, opened, false).await
}

async fn set_gp_objection(
    state: AppState,
    opened: RecordOpened,
    objected: bool,
) -> Result<Json<RecordAccessOverview>, HttpError> {
    manager(&opened)?;
    let actor = actor(&state, &opened).await?;
    let mut conn = state.db.pool().acquire().await?;
    care_relations::set_gp_objection(
        &mut conn,
        &opened.record.record_id,
        objected,
        &actor,
        state.clock.today(),
        state.now(),
    )
    .await?
    .map_err(refused)?;
    tracing::info!(objected, "GP access changed by the patient");
    current_overview(&state, &opened).await
}

#[utoipa::path(
    delete,
    path = "/records/{id}/access/referrers/{provider}",
    operation_id = "withdraw_referrer_consent",
    tag = "access",
    summary = "Withdraw a referrer's consent, at once",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today"), ("provider" = String, Path, description = "The referrer's id")),
    responses(
        (status = 200, description = "Withdrawn; who may see the record now", body = RecordAccessOverview),
        (status = 403, description = "`not_allowed_to_change`", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or no consent in force for this referrer", body = ApiError),
    ),
)]
/// `DELETE /records/{id}/access/referrers/{provider}`.
pub async fn withdraw_consent(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, provider_id)): Path<(String, String)>,
) -> Result<Json<RecordAccessOverview>, HttpError> {
    manager(&opened)?;
    let actor = actor(&state, &opened).await?;
    let mut conn = state.db.pool().acquire().await?;
    care_relations::withdraw_consent(
        &mut conn,
        &opened.record.record_id,
        &provider_id,
        &actor,
        state.now(),
    )
    .await?
    .map_err(refused)?;
    tracing::info!("referrer consent withdrawn by the patient");
    current_overview(&state, &opened).await
}

#[utoipa::path(
    delete,
    path = "/records/{id}/access/exclusions/{exclusion}",
    operation_id = "stop_exclusion",
    tag = "access",
    summary = "Stop a hospital exclusion, at once",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today"), ("exclusion" = String, Path, description = "The exclusion's id")),
    responses(
        (status = 200, description = "Stopped; who may see the record now", body = RecordAccessOverview),
        (status = 403, description = "`not_allowed_to_change`", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or no exclusion in force of that id", body = ApiError),
        (status = 409, description = "`managed_on_ehealth`: an eHealth exclusion is stopped on the eHealth platform", body = ApiError),
    ),
)]
/// `DELETE /records/{id}/access/exclusions/{exclusion}`.
pub async fn stop_exclusion(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, exclusion_id)): Path<(String, String)>,
) -> Result<Json<RecordAccessOverview>, HttpError> {
    manager(&opened)?;
    let actor = actor(&state, &opened).await?;
    let mut conn = state.db.pool().acquire().await?;
    care_relations::stop_exclusion(
        &mut conn,
        &opened.record.record_id,
        &exclusion_id,
        &actor,
        state.now(),
    )
    .await?
    .map_err(refused)?;
    tracing::info!("exclusion stopped by the patient");
    current_overview(&state, &opened).await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LogQuery {
    /// The `seq` of the last entry the device holds; none: from the first.
    after: Option<i64>,
    /// Entries per page: 500 unless said; taken between 1 and 1000.
    limit: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/records/{id}/access-log",
    operation_id = "access_log",
    tag = "access",
    summary = "Who opened the record: the log's entries after a seq, oldest first",
    description = "Every care provider's opening, allowed or refused, with its ground and justification; every opening by a linked person from the app (once per session); every change made under \"Access\". Append-only.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today"), LogQuery),
    responses(
        (status = 200, description = "A page of the log", body = AccessLogPage),
        (status = 400, description = "`bad_request`: a query parameter of the wrong type", body = ApiError),
        (status = 403, description = "`not_allowed_to_change`: a trusted person does not see the log", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open", body = ApiError),
    ),
)]
/// `GET /records/{id}/access-log`.
pub async fn log(
    State(state): State<AppState>,
    opened: RecordOpened,
    ApiQuery(query): ApiQuery<LogQuery>,
) -> Result<Json<AccessLogPage>, HttpError> {
    manager(&opened)?;
    let mut conn = state.db.pool().acquire().await?;
    let page = access_log::page(
        &mut conn,
        &opened.record.record_id,
        query.after.unwrap_or(0),
        query.limit.unwrap_or(access_log::DEFAULT_PAGE),
    )
    .await?;
    Ok(Json(page))
}
