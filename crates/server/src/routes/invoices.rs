//! `/records/{id}/invoices`: a record's invoices since a cursor, and one invoice as a PDF
//! made on the server. Anyone who may open the record reads them.

use axum::{
    Json,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use dossier_api::{
    ApiError,
    invoices::{InvoiceSyncResponse, InvoiceView},
};

use super::{ApiQuery, RecordOpened, no_such_record, records::SyncQuery};
use crate::{
    app::AppState,
    error::HttpError,
    invoice_pdf,
    invoices::{self, PAGE_SIZE},
    patients,
    reports::Cursor,
    sessions,
};

/// The bytes of a PDF file, as the document describes them.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Only its schema is used.
#[schema(value_type = String, format = Binary)]
pub struct PdfFile(Vec<u8>);

/// The context a cursor of this kind is sealed in: another kind's cursor does not open here.
fn cursor_context(record_id: &str) -> String {
    format!("invoices:{record_id}")
}

#[utoipa::path(
    get,
    path = "/records/{id}/invoices",
    operation_id = "sync_invoices",
    tag = "records",
    summary = "One page of the record's invoice changes since a cursor",
    description = "Invoices to add or replace (also open ones that became overdue since the cursor), invoices the hospital withdrew, the next cursor (sealed, opaque), whether more wait, and every record the user may still open. Amounts in euro cents. Nothing changed: one small answer.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today"), SyncQuery),
    responses(
        (status = 200, description = "A page of changes", body = InvoiceSyncResponse),
        (status = 400, description = "`bad_request`: a cursor the server did not seal for this record's invoices (sync again without one), or a query parameter of the wrong type", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
    ),
)]
pub async fn sync(
    State(state): State<AppState>,
    opened: RecordOpened,
    ApiQuery(query): ApiQuery<SyncQuery>,
) -> Result<Json<InvoiceSyncResponse>, HttpError> {
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
    let page = invoices::sync(&mut conn, &record_id, cursor, limit, state.clock.now()).await?;
    Ok(Json(InvoiceSyncResponse {
        cursor: page.next.seal(&state.cursors, &context),
        record_id,
        upserts: page.upserts,
        removals: page.removals,
        more: page.more,
        records: opened.all,
    }))
}

#[utoipa::path(
    get,
    path = "/records/{id}/invoices/{invoice}/pdf",
    operation_id = "invoice_pdf",
    tag = "records",
    summary = "One invoice as a PDF",
    description = "Made on the server from the invoice as it stands (status, what is left to pay), in the reader's language.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("invoice" = String, Path, description = "The invoice's id"),
    ),
    responses(
        (status = 200, description = "The invoice, A4", content_type = "application/pdf", body = PdfFile),
        (status = 404, description = "`not_found`: no such record or invoice, or not one this session may open", body = ApiError),
    ),
)]
pub async fn pdf(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, invoice)): Path<(String, String)>,
) -> Result<Response, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let view: InvoiceView =
        invoices::one(&mut conn, &opened.record.record_id, &invoice, state.clock.today())
            .await?
            .ok_or_else(no_such_record)?;
    let reader = patients::find_by_id(&mut conn, &opened.session.patient_id)
        .await?
        .ok_or_else(sessions::unauthorized)?;
    drop(conn);
    let whose = format!("{} {}", opened.record.given_name, opened.record.family_name);
    let bytes = invoice_pdf::render(&view, &whose, reader.language);
    let file_name = format!("attachment; filename=\"invoice-{}.pdf\"", view.id);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, file_name),
        ],
        bytes,
    )
        .into_response())
}
