//! `/records`: the records a user may open, their reports since a cursor, what is pending;
//! `/hospitals`: the partners' rules.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiErrorCode,
    reports::{HospitalView, PendingReport, RecordAccess, ReportSyncResponse},
};
use serde::Deserialize;

use super::ApiQuery;
use crate::{
    access,
    app::AppState,
    error::HttpError,
    reports::{self, Cursor, PAGE_SIZE},
    sessions::AuthSession,
};

fn no_such_record() -> HttpError {
    // The same answer whether the record does not exist or is not this user's to open.
    HttpError::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no such record")
}

pub async fn list(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<Vec<RecordAccess>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(access::records_for(&mut conn, &session.account_id, state.clock.today()).await?))
}

#[derive(Deserialize)]
pub struct SyncQuery {
    cursor: Option<String>,
    limit: Option<i64>,
}

pub async fn sync(
    State(state): State<AppState>,
    session: AuthSession,
    Path(record_id): Path<String>,
    ApiQuery(query): ApiQuery<SyncQuery>,
) -> Result<Json<ReportSyncResponse>, HttpError> {
    let today = state.clock.today();
    let mut conn = state.db.pool().acquire().await?;
    let records = access::records_for(&mut conn, &session.account_id, today).await?;
    let record = records.iter().find(|r| r.record_id == record_id).ok_or_else(no_such_record)?;
    let born = record.date_of_birth.parse().map_err(|_| HttpError::bad_request("date of birth"))?;
    let cursor = match query.cursor.as_deref() {
        None | Some("") => Cursor::START,
        Some(text) => Cursor::open(&state.cursors, &record_id, text).ok_or_else(|| {
            HttpError::bad_request("invalid cursor: sync this record again without one")
        })?,
    };
    let limit = query.limit.unwrap_or(PAGE_SIZE);
    let page = reports::sync(&mut conn, &record_id, born, cursor, limit, state.clock.now()).await?;
    Ok(Json(ReportSyncResponse {
        cursor: page.next.seal(&state.cursors, &record_id),
        record_id,
        upserts: page.upserts,
        removals: page.removals,
        more: page.more,
        records,
    }))
}

pub async fn pending(
    State(state): State<AppState>,
    session: AuthSession,
    Path(record_id): Path<String>,
) -> Result<Json<Vec<PendingReport>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let record = access::may_open(&mut conn, &session.account_id, &record_id, state.clock.today())
        .await?
        .ok_or_else(no_such_record)?;
    let born = record.date_of_birth.parse().map_err(|_| HttpError::bad_request("date of birth"))?;
    Ok(Json(reports::pending(&mut conn, &record_id, born, state.clock.now()).await?))
}

pub async fn hospitals(
    State(state): State<AppState>,
    _session: AuthSession,
) -> Result<Json<Vec<HospitalView>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(reports::hospital_views(&reports::hospitals(&mut conn).await?)))
}
