//! A parent's requests for a child's record, naming and revoking a trusted person, and
//! "who can open my record".

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use dossier_api::{
    ApiErrorCode,
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

fn view(link: links::SubjectLink) -> RecordLinkView {
    let revocable = link.kind == LinkKind::TrustedPerson;
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

/// `GET /records/{id}/links`: who can open (or asked to open) one's own record.
pub async fn of_record(
    State(state): State<AppState>,
    opened: RecordOpened,
) -> Result<Json<Vec<RecordLinkView>>, HttpError> {
    own_record(&opened)?;
    let mut conn = state.db.pool().acquire().await?;
    let links = links::to_record(&mut conn, &opened.record.record_id).await?;
    Ok(Json(links.into_iter().map(view).collect()))
}

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
    Ok((StatusCode::CREATED, Json(view(link))))
}

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
