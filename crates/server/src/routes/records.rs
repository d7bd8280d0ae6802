//! `/records`: the records a user may open, their reports since a cursor, what is pending;
//! `/hospitals`: the partners' rules.

use axum::{Json, extract::State};
use dossier_api::reports::{HospitalView, PendingReport, RecordAccess, ReportSyncResponse};
use serde::Deserialize;

use super::{ApiQuery, RecordOpened};
use crate::{
    access,
    app::AppState,
    error::HttpError,
    reports::{self, Cursor, PAGE_SIZE},
    sessions::AuthSession,
};

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

pub async fn pending(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<Vec<PendingReport>>, HttpError> {
    let born = opened.record.date_of_birth;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(reports::pending(&mut conn, &opened.record.record_id, born, state.clock.now()).await?))
}

pub async fn hospitals(
    State(state): State<AppState>,
    _session: AuthSession,
) -> Result<Json<Vec<HospitalView>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(reports::hospital_views(&reports::hospitals(&mut conn).await?)))
}
