//! `GET /api/v1/health`

use axum::{Json, extract::State};
use dossier_api::{API_VERSION, HealthResponse};

use crate::{app::AppState, error::HttpError};

#[utoipa::path(
    get,
    path = "/health",
    operation_id = "health",
    tag = "meta",
    summary = "Is the service up, which version, which database",
    responses(
        (status = 200, description = "The server and its database answer", body = HealthResponse),
    ),
)]
/// Up means the database answers too: a server without its database cannot serve anyone.
pub async fn health(State(state): State<AppState>) -> Result<Json<HealthResponse>, HttpError> {
    state.db.ping().await?;
    Ok(Json(HealthResponse {
        service: HealthResponse::SERVICE_NAME.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        api_version: API_VERSION,
        database: state.db.kind(),
    }))
}
