//! The `/api/v1` routes, one module per area.

use axum::{Router, routing::get};

use crate::app::AppState;

mod health;

pub fn api() -> Router<AppState> {
    Router::new().route("/health", get(health::health))
}
