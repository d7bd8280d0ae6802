//! `/records`: the records a user may open, their reports since a cursor, what is pending;
//! `/hospitals`: the partners' rules.

use axum::{Json, extract::State};
use dossier_api::{
    ApiError,
    reports::{HospitalView, PendingReport, RecordAccess, ReportSyncResponse, ReportView},
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{ApiQuery, RecordOpened};
use crate::{
    access,
    app::AppState,
    error::HttpError,
    reports::{self, Cursor, PAGE_SIZE},
    sessions::AuthSession,
};

#[utoipa::path(
    get,
    path = "/records",
    operation_id = "list_records",
    tag = "records",
    summary = "The records this user may open today",
    description = "One's own, children under 15, as trusted person or representative; each with its last day.",
    security(("bearer" = [])),
    responses((status = 200, description = "The records, one's own first", body = Vec<RecordAccess>)),
)]
pub async fn list(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<Vec<RecordAccess>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(access::records_for(&mut conn, &session.account_id, state.clock.today()).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// The `cursor` of the last page received; none or empty: from the start.
    pub(super) cursor: Option<String>,
    /// Changes per page: 200 unless said; taken between 1 and 1000.
    pub(super) limit: Option<i64>,
}

#[utoipa::path(
    get,
    path = "/records/{id}/reports",
    operation_id = "sync_reports",
    tag = "records",
    summary = "One page of the record's changes since a cursor",
    description = "Counted over what the viewer may see: reports to add or replace, reports to delete (protected, withdrawn or hidden again), the next cursor (sealed, opaque), whether more wait, and every record the user may still open.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today"), SyncQuery),
    responses(
        (status = 200, description = "A page of changes", body = ReportSyncResponse<ReportView>),
        (status = 400, description = "`bad_request`: a cursor the server did not seal for this record (sync again without one), or a query parameter of the wrong type", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
    ),
)]
pub async fn sync(
    State(state): State<AppState>,
    opened: RecordOpened,
    ApiQuery(query): ApiQuery<SyncQuery>,
) -> Result<Json<ReportSyncResponse>, HttpError> {
    let born = opened.record.date_of_birth;
    let record_id = opened.record.record_id;
    let cursor = match query.cursor.as_deref() {
        None | Some("") => Cursor::START,
        Some(text) => Cursor::open(&state.cursors, &record_id, text).ok_or_else(|| {
            HttpError::bad_request("invalid cursor: sync this record again without one")
        })?,
    };
    let limit = query.limit.unwrap_or(PAGE_SIZE);
    let mut conn = state.db.pool().acquire().await?;
    let page = reports::sync(&mut conn, &record_id, born, cursor, limit, state.clock.now()).await?;
    Ok(Json(ReportSyncResponse {
        cursor: page.next.seal(&state.cursors, &record_id),
        record_id,
        upserts: page.upserts,
        removals: page.removals,
        more: page.more,
        records: opened.all,
    }))
}

#[utoipa::path(
    get,
    path = "/records/{id}/pending",
    operation_id = "pending_reports",
    tag = "records",
    summary = "Reports waiting out a hospital's delay, and the day each appears",
    description = "Never protected ones or drafts.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "What will appear, and when", body = Vec<PendingReport>),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
    ),
)]
pub async fn pending(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<Vec<PendingReport>>, HttpError> {
    let born = opened.record.date_of_birth;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(reports::pending(&mut conn, &opened.record.record_id, born, state.clock.now()).await?))
}

#[utoipa::path(
    get,
    path = "/hospitals",
    operation_id = "hospitals",
    tag = "records",
    summary = "Each partner hospital's rules: first date, delay per report type, children's reports",
    security(("bearer" = [])),
    responses((status = 200, description = "The partner hospitals", body = Vec<HospitalView>)),
)]
pub async fn hospitals(
    State(state): State<AppState>,
    _session: AuthSession,
) -> Result<Json<Vec<HospitalView>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(reports::hospital_views(&reports::hospitals(&mut conn).await?)))
}
