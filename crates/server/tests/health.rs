//! The health endpoint and the server's behaviour at its edges, on both databases.

mod common;

use common::{Backend, TestServer};
use dossier_api::{API_VERSION, ApiError, ApiErrorCode, DatabaseKind, HealthResponse};

on_both_databases!(
    health_names_the_service_its_version_and_its_database,
    unknown_routes_answer_a_json_404,
    health_answers_503_when_the_database_is_gone,
    a_stopped_server_refuses_connections,
);

async fn health_names_the_service_its_version_and_its_database(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    let response = server.http.get(server.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let health: HealthResponse = response.json().await.unwrap();
    let expected_database = match backend {
        Backend::Sqlite => DatabaseKind::Sqlite,
        Backend::Postgres => DatabaseKind::Postgres,
    };
    assert_eq!(
        health,
        HealthResponse {
            service: "dossier-server".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            api_version: API_VERSION,
            database: expected_database,
        }
    );
}

async fn unknown_routes_answer_a_json_404(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    for path in ["/api/v1/nothing-here", "/", "/api/v2/health"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let error: ApiError = response.json().await.unwrap();
        assert_eq!(error.code, ApiErrorCode::NotFound);
    }
}

async fn health_answers_503_when_the_database_is_gone(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else {
        return;
    };
    server.test.database.db.close().await;
    let response = server.http.get(server.url("/api/v1/health")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, ApiErrorCode::ServiceUnavailable);
}

async fn a_stopped_server_refuses_connections(backend: Backend) {
    let Some(mut server) = TestServer::start(backend).await else {
        return;
    };
    let url = server.url("/api/v1/health");
    assert!(server.http.get(&url).send().await.unwrap().status().is_success());
    server.stop().await;
    let fresh = reqwest::Client::new();
    assert!(fresh.get(&url).send().await.is_err());
}
