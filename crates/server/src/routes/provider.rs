//! The care side's door to a record: a care provider's system, with its own key (never a
//! patient's token), asks to open a patient's record or one report. The one access rule
//! (`care_access::decide`) decides, and every decision, allowed or refused, is written to
//! the record's access log before the answer leaves.

use axum::{
    Json,
    extract::{FromRequestParts, State},
    http::{StatusCode, header::AUTHORIZATION, request::Parts},
};
use dossier_api::{
    ApiError, ApiErrorCode,
    care_access::{
        AccessEvent, AccessGround, Accessor, MAX_JUSTIFICATION_CHARS, OpenedItem,
        ProviderOpenRequest, ProviderOpenResponse,
    },
};

use super::{ApiJson, no_such_record};
use crate::{
    access_log::{self, NewEntry},
    app::AppState,
    care_access::{CareFacts, Opening, decide},
    care_directory::{self, Provider},
    error::HttpError,
    patients, reports,
};

/// A request made with a provider key.
pub struct ProviderAuth(pub Provider);

fn unauthorized() -> HttpError {
    HttpError::new(StatusCode::UNAUTHORIZED, ApiErrorCode::Unauthorized, "a provider key is needed")
}

impl FromRequestParts<AppState> for ProviderAuth {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let key = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(unauthorized)?;
        let mut conn = state.db.pool().acquire().await?;
        let provider =
            care_directory::by_key(&mut conn, key.trim()).await?.ok_or_else(unauthorized)?;
        Ok(Self(provider))
    }
}

#[utoipa::path(
    post,
    path = "/provider/open",
    operation_id = "provider_open",
    tag = "provider",
    summary = "A care provider opens a patient's record or one report",
    description = "With the provider's key as bearer token (issued by staff; a patient's session token is refused here, and a provider key on every patient route). The access rule decides on the ground of a care relationship, the GP, a referrer's consent, a temporary override of an exclusion, or break-the-glass with a written justification; every decision is logged in the patient's access log.",
    security(("provider_key" = [])),
    request_body = ProviderOpenRequest,
    responses(
        (status = 200, description = "Allowed: the ground, and the record's reports or the report", body = ProviderOpenResponse),
        (status = 400, description = "`bad_request`: an EAD number over 64 characters or a justification over 1,000", body = ApiError),
        (status = 401, description = "`unauthorized`: no provider key, or not a valid one", body = ApiError),
        (status = 403, description = "`access_refused` with its `reason` (logged)", body = ApiError),
        (status = 404, description = "`not_found`: no patient with this EAD number, or no such report of theirs", body = ApiError),
    ),
)]
/// `POST /provider/open`.
pub async fn open(
    State(state): State<AppState>,
    ProviderAuth(provider): ProviderAuth,
    ApiJson(request): ApiJson<ProviderOpenRequest>,
) -> Result<Json<ProviderOpenResponse>, HttpError> {
    let ead_number = request.ead_number.trim();
    if ead_number.chars().count() > 64 {
        return Err(HttpError::bad_request("the EAD number is too long"));
    }
    let justification = request.break_the_glass.as_deref().map(str::trim);
    if justification.is_some_and(|text| text.chars().count() > MAX_JUSTIFICATION_CHARS) {
        return Err(HttpError::bad_request("the justification is too long"));
    }
    let now = state.clock.now();
    let mut conn = state.db.pool().acquire().await?;
    let patient = patients::find_by_ead(&mut conn, ead_number).await?.ok_or_else(no_such_record)?;
    let (opening, what, report) = match &request.report_id {
        None => (Opening::Record, OpenedItem::Record, None),
        Some(report_id) => {
            let report = reports::one_for_care(&mut conn, &patient.id, report_id)
                .await?
                .ok_or_else(no_such_record)?;
            let what =
                OpenedItem::Report { report_id: report.id.clone(), title: report.title.clone() };
            (Opening::Report, what, Some(report))
        }
    };
    let facts =
        CareFacts::load(&mut conn, &provider.id, provider.role, &patient.id, patient.is_deceased())
            .await?;
    let decision = decide(&facts, opening, justification, now);

    // Where the provider acts from: the hospital of the relationship that allowed it, else
    // their first workplace.
    let workplaces = care_directory::workplaces(&mut conn, &provider.id).await?;
    let (hospital_name, department) = match facts.relationship_on(state.clock.today()) {
        Some(relationship)
            if decision == Ok(dossier_api::care_access::AccessGround::CareRelationship) =>
        {
            let name = workplaces
                .iter()
                .find(|w| w.hospital_id == relationship.hospital_id)
                .map(|w| w.hospital_name.clone());
            (name, relationship.department.clone())
        }
        _ => match workplaces.first() {
            Some(w) => (Some(w.hospital_name.clone()), w.department.clone()),
            None => (None, None),
        },
    };
    let who = Accessor::CareProvider {
        name: provider.name.clone(),
        role: provider.role,
        nihdi_number: provider.nihdi_number.clone(),
        hospital_name,
        department,
    };
    let event = match decision {
        Ok(ground) => AccessEvent::Opened {
            what,
            ground,
            // Break-the-glass carries the provider's reason; an override, the one staff gave
            // when they granted it.
            justification: match ground {
                AccessGround::BreakTheGlass => justification.map(str::to_owned),
                AccessGround::ExclusionOverride => {
                    facts.override_justification(now).map(str::to_owned)
                }
                _ => None,
            },
        },
        Err(reason) => AccessEvent::Refused { what, reason },
    };
    let mut tx = crate::db::begin_write(&mut conn).await?;
    access_log::append(
        &mut tx,
        &NewEntry {
            patient_id: &patient.id,
            at: now.timestamp(),
            who: &who,
            provider_id: Some(&provider.id),
            event: &event,
            dedupe_key: None,
        },
    )
    .await?;
    tx.commit().await?;

    let ground = match decision {
        Ok(ground) => ground,
        Err(reason) => {
            tracing::info!(reason = reason.as_str(), "care provider's opening refused");
            return Err(HttpError::new(
                StatusCode::FORBIDDEN,
                ApiErrorCode::AccessRefused { reason },
                "the access rule refused this opening",
            ));
        }
    };
    tracing::info!(ground = ground.as_str(), "care provider opened a record");
    let reports = match report {
        Some(_) => Vec::new(),
        None => reports::for_care(&mut conn, &patient.id).await?,
    };
    Ok(Json(ProviderOpenResponse { ground, patient_name: patient.full_name(), reports, report }))
}
