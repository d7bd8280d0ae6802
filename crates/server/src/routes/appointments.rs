//! `/records/{id}/appointments`: a record's appointments since a cursor, and cancelling
//! one from the app (the patient, a parent of a child under 15, a representative; never a
//! trusted person, who only reads).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiError, ApiErrorCode,
    appointments::{AppointmentSyncResponse, AppointmentView, CancelRefusal},
};

use super::{ApiQuery, RecordOpened, no_such_record, records::SyncQuery};
use crate::{
    app::AppState,
    appointments::{self, PAGE_SIZE},
    error::HttpError,
    reports::Cursor,
};

/// The context a cursor of this kind is sealed in: a report cursor does not open here.
fn cursor_context(record_id: &str) -> String {
    format!("appointments:{record_id}")
}

#[utoipa::path(
    get,
    path = "/records/{id}/appointments",
    operation_id = "sync_appointments",
    tag = "records",
    summary = "One page of the record's appointment changes since a cursor",
    description = "Appointments to add or replace (also a video consultation whose join link appeared or went since the cursor), appointments the hospital withdrew, the next cursor (sealed, opaque), whether more wait, and every record the user may still open. Nothing changed: one small answer.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today"), SyncQuery),
    responses(
        (status = 200, description = "A page of changes", body = AppointmentSyncResponse),
        (status = 400, description = "`bad_request`: a cursor the server did not seal for this record's appointments (sync again without one), or a query parameter of the wrong type", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
    ),
)]
pub async fn sync(
    State(state): State<AppState>,
    opened: RecordOpened,
    ApiQuery(query): ApiQuery<SyncQuery>,
) -> Result<Json<AppointmentSyncResponse>, HttpError> {
    let record_id = opened.record.record_id;
    let context = cursor_context(&record_id);
    let cursor = match query.cursor.as_deref() {
        None | Some("") => Cursor::START,
        Some(text) => Cursor::open(&state.cursors, &context, text).ok_or_else(|| {
            HttpError::bad_request("invalid cursor: sync this record again without one")
        })?,
    };
    let limit = query.limit.unwrap_or(PAGE_SIZE);
    let mut conn = state.db.pool().acquire().await?;
    let page = appointments::sync(&mut conn, &record_id, cursor, limit, state.clock.now()).await?;
    Ok(Json(AppointmentSyncResponse {
        cursor: page.next.seal(&state.cursors, &context),
        record_id,
        upserts: page.upserts,
        removals: page.removals,
        more: page.more,
        records: opened.all,
    }))
}

#[utoipa::path(
    post,
    path = "/records/{id}/appointments/{appointment}/cancel",
    operation_id = "cancel_appointment",
    tag = "records",
    summary = "Cancel an appointment from the app",
    description = "Where its department allows it, up to the department's notice before the start. The hospital sees the cancellation. The patient, a parent of a child under 15 or a representative; a trusted person only reads.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("appointment" = String, Path, description = "The appointment's id"),
    ),
    responses(
        (status = 200, description = "Cancelled: the appointment as it is now", body = AppointmentView),
        (status = 403, description = "`not_allowed_to_change`: a trusted person does not cancel", body = ApiError),
        (status = 404, description = "`not_found`: no such record or appointment, or not one this session may open", body = ApiError),
        (status = 409, description = "`cancel_refused`: by phone only in this department, too late for the department's notice, already cancelled, or no longer upcoming", body = ApiError),
    ),
)]
pub async fn cancel(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, appointment)): Path<(String, String)>,
) -> Result<Json<AppointmentView>, HttpError> {
    opened.must_act_for_patient("a trusted person reads the record but does not cancel")?;
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    let cancelled =
        appointments::cancel_from_app(&mut tx, &opened.record.record_id, &appointment, state.now())
            .await?
            .ok_or_else(no_such_record)?;
    match cancelled {
        Ok(view) => {
            tx.commit().await?;
            tracing::info!("appointment cancelled from the app");
            Ok(Json(view))
        }
        Err(reason) => Err(HttpError::new(
            StatusCode::CONFLICT,
            ApiErrorCode::CancelRefused { reason },
            match reason {
                CancelRefusal::NotCancellableHere => "this department takes cancellations by phone",
                CancelRefusal::TooLate { .. } => {
                    "too late to cancel in the app: call the department"
                }
                CancelRefusal::AlreadyCancelled => "the appointment is cancelled already",
                CancelRefusal::NotUpcoming => "the appointment is no longer upcoming",
            },
        )),
    }
}
