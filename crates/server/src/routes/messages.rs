//! `/records/{id}/messages`: the record's conversations with hospital services, writing a
//! message (idempotent by the device's `client_id`), and an attachment's bytes. Anyone who
//! may open the record reads them; the patient, a parent of a child under 15 or a
//! representative writes.

use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use dossier_api::{
    ApiError, ApiErrorCode,
    messages::{NewMessage, ThreadView},
};

use super::{ApiJson, RecordOpened, no_such_record};
use crate::{app::AppState, error::HttpError, messages};

/// The bytes of an attachment, as the document describes them.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Only its schema is used.
#[schema(value_type = String, format = Binary)]
pub struct AttachmentFile(Vec<u8>);

#[utoipa::path(
    get,
    path = "/records/{id}/messages",
    operation_id = "list_message_threads",
    tag = "records",
    summary = "The record's conversations with hospital services",
    description = "Newest conversation first, each with its messages oldest first; attachments are listed (name, kind, size), their bytes come apart.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "The conversations", body = Vec<ThreadView>),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
    ),
)]
pub async fn list(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<Vec<ThreadView>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(messages::threads(&mut conn, &opened.record.record_id).await?))
}

#[utoipa::path(
    post,
    path = "/records/{id}/messages",
    operation_id = "send_message",
    tag = "records",
    summary = "Write to a hospital service, in a conversation or a new one",
    description = "Up to 5 attachments of at most 10 MB each, base64; each must be a PDF, JPEG or PNG by its content (the name does not count). `client_id` is made by the device when the message is written: the same id again answers with the message already kept (200), so a retry never makes a duplicate. The patient, a parent of a child under 15 or a representative; a trusted person reads along.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    request_body = NewMessage,
    responses(
        (status = 201, description = "Kept: its conversation as it is now", body = ThreadView),
        (status = 200, description = "Kept before (the same `client_id`): its conversation as it is now", body = ThreadView),
        (status = 400, description = "`bad_request`: not a valid body", body = ApiError),
        (status = 403, description = "`not_allowed_to_change`: a trusted person does not write", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open", body = ApiError),
        (status = 413, description = "`too_large`: the body is larger than 5 attachments can make", body = ApiError),
        (status = 422, description = "`message_refused { problem }`: empty, too long, no subject, an unknown hospital or conversation, too many attachments, an attachment empty, over 10 MB or not a PDF, JPEG or PNG, a client id that is not a UUID; nothing was kept", body = ApiError),
    ),
)]
pub async fn send(
    State(state): State<AppState>,
    opened: RecordOpened,
    ApiJson(message): ApiJson<NewMessage>,
) -> Result<(StatusCode, Json<ThreadView>), HttpError> {
    opened.must_act_for_patient("a trusted person reads along but does not write")?;
    let mut conn = state.db.pool().acquire().await?;
    let record = &opened.record.record_id;
    let author = &opened.session.patient_id;
    match messages::post(&mut conn, record, author, &message, state.now()).await? {
        Ok((thread, new)) => {
            let status = if new { StatusCode::CREATED } else { StatusCode::OK };
            Ok((status, Json(thread)))
        }
        Err(problem) => Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ApiErrorCode::MessageRefused { problem },
            "the message was refused",
        )),
    }
}

#[utoipa::path(
    get,
    path = "/records/{id}/messages/{message}/attachments/{attachment}",
    operation_id = "message_attachment",
    tag = "records",
    summary = "One attachment's bytes",
    description = "Served with the media type of its kind (read from its content when it arrived) and as a download.",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The record's id (a patient's): one the session may open today"),
        ("message" = String, Path, description = "The message's id"),
        ("attachment" = String, Path, description = "The attachment's id"),
    ),
    responses(
        (status = 200, description = "The file, as the media type of its kind", content(
            (AttachmentFile = "application/pdf"),
            (AttachmentFile = "image/jpeg"),
            (AttachmentFile = "image/png"),
        )),
        (status = 404, description = "`not_found`: no such record, message or attachment, or not one this session may open", body = ApiError),
    ),
)]
pub async fn attachment(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, message, attachment)): Path<(String, String, String)>,
) -> Result<Response, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    let (file_name, kind, bytes) =
        messages::attachment(&mut conn, &opened.record.record_id, &message, &attachment)
            .await?
            .ok_or_else(no_such_record)?;
    let safe: String =
        file_name.chars().filter(|c| c.is_ascii_graphic() && *c != '"' || *c == ' ').collect();
    Ok((
        [
            (header::CONTENT_TYPE, kind.media_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")),
        ],
        bytes,
    )
        .into_response())
}
