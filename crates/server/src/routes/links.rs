//! A parent's requests for a child's record, naming and revoking a trusted person, and
//! "who can open my record".

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiError, ApiErrorCode,
    links::{
        ChildLinkRequest, DesignationProblem, LinkKind, LinkRequestProblem, LinkRequestView,
        Reauthentication, RecordLinkView, TrustedPersonDesignation,
    },
    reports::Relation,
};

use super::{ApiJson, RecordOpened, no_such_record};
use crate::{
    accounts,
    app::AppState,
    devices,
    error::HttpError,
    link_requests, links, login, patients,
    sessions::{self, AuthSession},
    trusted_persons,
};

fn request_refused(problem: LinkRequestProblem) -> HttpError {
    HttpError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ApiErrorCode::LinkRequestRefused { problem },
        "the request was refused",
    )
}

fn designation_refused(problem: DesignationProblem) -> HttpError {
    HttpError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ApiErrorCode::DesignationRefused { problem },
        "the designation was refused",
    )
}

#[utoipa::path(
    post,
    path = "/link-requests",
    operation_id = "ask_for_child",
    tag = "links",
    summary = "A parent asks for a child's record",
    description = "Name, date of birth, register number or hospital patient number, the statement of parental authority, and optionally a PDF, JPEG or PNG of at most 10 MB (typed by its content). Refused at once with a reason for what the parent can know; kept waiting for staff otherwise, with the same answer whether or not the child is a patient.",
    security(("bearer" = [])),
    request_body = ChildLinkRequest,
    responses(
        (status = 201, description = "Waiting for staff", body = LinkRequestView),
        (status = 413, description = "`too_large`: the body is over 14 MB (the document over 10 MB)", body = ApiError),
        (status = 422, description = "`link_request_refused` with its `problem`", body = ApiError),
    ),
)]
/// `POST /link-requests`: a parent asks for a child's record.
pub async fn ask(
    State(state): State<AppState>,
    session: AuthSession,
    ApiJson(request): ApiJson<ChildLinkRequest>,
) -> Result<(StatusCode, Json<LinkRequestView>), HttpError> {
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let parent = patients::find_by_id(&mut conn, &session.patient_id)
        .await?
        .ok_or_else(sessions::unauthorized)?;
    let id = link_requests::ask(&mut conn, &parent, &request, state.clock.today(), now)
        .await?
        .map_err(request_refused)?;
    let asked = link_requests::of_parent(&mut conn, &parent.id).await?;
    let view = asked.into_iter().find(|r| r.id == id).ok_or_else(no_such_record)?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(
    get,
    path = "/link-requests",
    operation_id = "list_link_requests",
    tag = "links",
    summary = "The parent's requests, newest first, with staff's decision",
    security(("bearer" = [])),
    responses((status = 200, description = "The requests", body = Vec<LinkRequestView>)),
)]
/// `GET /link-requests`: the parent's requests, newest first.
pub async fn list(
    State(state): State<AppState>,
    session: AuthSession,
) -> Result<Json<Vec<LinkRequestView>>, HttpError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(link_requests::of_parent(&mut conn, &session.patient_id).await?))
}

/// Only the patient's own record: not a child's, not one held as trusted person or
/// representative.
fn own_record(opened: &RecordOpened) -> Result<(), HttpError> {
    if opened.record.relation == Relation::Own {
        Ok(())
    } else {
        Err(designation_refused(DesignationProblem::NotOwnRecord))
    }
}

/// `revocable`: whether the one asking may revoke it (the patient, a trusted person).
fn view(link: links::SubjectLink, own: bool) -> RecordLinkView {
    let revocable = own && link.kind == LinkKind::TrustedPerson;
    RecordLinkView {
        rights: (link.kind == LinkKind::TrustedPerson).then_some(link.rights),
        id: link.id,
        kind: link.kind,
        status: link.status,
        given_name: link.given_name,
        family_name: link.family_name,
        since: link.valid_from,
        until: link.valid_until,
        mandate_reference: link.mandate_reference,
        revocable,
    }
}

#[utoipa::path(
    get,
    path = "/records/{id}/links",
    operation_id = "record_links",
    tag = "links",
    summary = "Who can open a record, or asked to",
    description = "For one's own record, a child's (for a parent) and a represented person's (for the representative); a trusted person does not see who else holds a link. Only one's own trusted persons are `revocable`.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    responses(
        (status = 200, description = "The links to the record", body = Vec<RecordLinkView>),
        (status = 403, description = "`not_allowed_to_change`: a trusted person does not see who else holds a link", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
    ),
)]
/// `GET /records/{id}/links`: who can open (or asked to open) a record, for the patient, a
/// parent or a representative.
pub async fn of_record(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<Vec<RecordLinkView>>, HttpError> {
    super::care_access::manager(&opened)?;
    let own = opened.record.relation == Relation::Own;
    let mut conn = state.db.pool().acquire().await?;
    let links = links::to_record(&mut conn, &opened.record.record_id).await?;
    Ok(Json(links.into_iter().map(|link| view(link, own)).collect()))
}

#[utoipa::path(
    post,
    path = "/records/{id}/trusted-persons",
    operation_id = "name_trusted_person",
    tag = "links",
    summary = "Names a trusted person for one's own record; waits for staff",
    description = "Confirmed with the password or, on a registered device, the PIN's access key (counted as at an unlock). What the form says is checked first: a typo costs no try.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today")),
    request_body = TrustedPersonDesignation,
    responses(
        (status = 201, description = "Named, waiting for staff", body = RecordLinkView),
        (status = 401, description = "`unauthorized`: no valid session; `login_failed`: the password is wrong; `wrong_pin` with `tries_left`", body = ApiError),
        (status = 403, description = "`account_closed`: access to this record is closed", body = ApiError),
        (status = 404, description = "`not_found`: no such record, or not one this session may open (the same answer)", body = ApiError),
        (status = 410, description = "`device_removed`: the confirming device is not registered", body = ApiError),
        (status = 422, description = "`designation_refused` with its `problem`", body = ApiError),
        (status = 423, description = "`account_locked`, `device_blocked`: too many failed attempts", body = ApiError),
        (status = 429, description = "`slowed_down`: too many failed attempts, wait `retry_after_seconds`", body = ApiError, headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
)]
/// `POST /records/{id}/trusted-persons`: the patient names a trusted person, confirming
/// with their password or PIN. Waits for staff to confirm.
pub async fn designate(
    State(state): State<AppState>,
    opened: RecordOpened,
    ApiJson(designation): ApiJson<TrustedPersonDesignation>,
) -> Result<(StatusCode, Json<RecordLinkView>), HttpError> {
    own_record(&opened)?;
    let now = state.now();
    let today = state.clock.today();
    let mut conn = state.db.pool().acquire().await?;
    let patient = patients::find_by_id(&mut conn, &opened.record.record_id)
        .await?
        .ok_or_else(no_such_record)?;
    // What the form says is checked before the password or PIN: a typo costs no try.
    let checked = trusted_persons::check(&mut conn, &patient, &designation, today)
        .await?
        .map_err(designation_refused)?;
    match &designation.confirm {
        Reauthentication::Password { password } => {
            super::typed_password(password.expose())?;
            let account = accounts::find_by_id(&mut conn, &opened.session.account_id)
                .await?
                .ok_or_else(sessions::unauthorized)?;
            login::check_password(
                &mut conn,
                &state.hasher,
                &state.keyer,
                &account.user_name,
                password,
                now,
            )
            .await??;
        }
        Reauthentication::Pin { device_id, access_key } => {
            if opened.session.device_id.as_deref() != Some(device_id.as_str()) {
                return Err(designation_refused(DesignationProblem::NotConfirmed));
            }
            devices::confirm_pin(&mut conn, &state.keyer, device_id, access_key, now).await??;
        }
    }
    let id = trusted_persons::designate(&mut conn, &checked, now).await?;
    let link = links::find(&mut conn, &id).await?.ok_or_else(no_such_record)?;
    Ok((StatusCode::CREATED, Json(view(link, true))))
}

#[utoipa::path(
    delete,
    path = "/records/{id}/links/{link}",
    operation_id = "revoke_link",
    tag = "links",
    summary = "Revokes a trusted person of one's own record, at once",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The record's id (a patient's): one the session may open today"), ("link" = String, Path, description = "The link's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "`unauthorized`: only staff can end this kind of link", body = ApiError),
        (status = 404, description = "`not_found`: no such record or link, or not one this session may open", body = ApiError),
        (status = 422, description = "`designation_refused` with `problem` `not_own_record`: only for one's own record", body = ApiError),
    ),
)]
/// `DELETE /records/{id}/links/{link}`: the patient revokes a trusted person, at once.
pub async fn revoke(
    State(state): State<AppState>,
    opened: RecordOpened,
    Path((_, link_id)): Path<(String, String)>,
) -> Result<StatusCode, HttpError> {
    own_record(&opened)?;
    let mut conn = state.db.pool().acquire().await?;
    let link = links::find(&mut conn, &link_id)
        .await?
        .filter(|link| link.subject_id == opened.record.record_id)
        .ok_or_else(no_such_record)?;
    if link.kind != LinkKind::TrustedPerson {
        return Err(HttpError::new(
            StatusCode::FORBIDDEN,
            ApiErrorCode::Unauthorized,
            "only staff can end this link",
        ));
    }
    links::end(&mut conn, &link.id, links::EndReason::Patient, state.now()).await?;
    tracing::info!("trusted person revoked by the patient");
    Ok(StatusCode::NO_CONTENT)
}
