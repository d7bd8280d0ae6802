//! `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 document, made from the code.
//!
//! Each handler's `#[utoipa::path]` gives its method, path, parameters, body and the answers
//! particular to it; the schemas are the wire types' own (dossier-api's `openapi` feature);
//! the routes and their documentation are registered together ([`super::api_router`]), so
//! the document has exactly the routes the router serves. What every route shares is added
//! here from the route's shape rather than written on each: the bearer scheme, and the error
//! answers any route can give (401 where a session is needed, 400 and 413 where a body or a
//! query is read, 408 and 500 everywhere, 503 wherever the database is asked), each with the [`ApiError`] body.
//!
//! The server's tests check the document against the running server: every documented
//! route is served and no other method is, the security matches, and real answers validate
//! against the schemas (`crates/server/tests/openapi.rs`, with a snapshot of the whole).

use std::sync::LazyLock;

use axum::{http::header::CONTENT_TYPE, response::IntoResponse};
use dossier_api::{API_PREFIX, API_VERSION, ApiError};
use utoipa::{
    PartialSchema, ToSchema,
    openapi::{
        ContentBuilder, InfoBuilder, LicenseBuilder, OpenApi, OpenApiBuilder, Ref, RefOr,
        ResponseBuilder, Tag,
        path::{Operation, ParameterIn},
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;

/// The security scheme of the routes that need a session, `Authorization: Bearer <token>`,
/// as their `security(("bearer" = []))` names it.
const BEARER: &str = "bearer";

/// The security scheme of the provider endpoint: a care provider's key, also a bearer
/// token, never accepted where a session is needed (nor a session token there).
const PROVIDER_KEY: &str = "provider_key";

/// The areas of the API, in the order the document lists them.
const TAGS: [(&str, &str); 9] = [
    ("meta", "The server itself: health and this document"),
    ("login", "Code-card login and the session"),
    ("account", "The account: whose record, user name, password, a lost card, recovery"),
    ("devices", "Registered devices and PIN login"),
    ("records", "The records a user may open, their reports and the partner hospitals"),
    ("links", "Who can open a record: a parent's requests, trusted persons"),
    (
        "access",
        "Who else sees a record: care providers, the GP, referrers, exclusions, and the log of every opening",
    ),
    ("details", "Personal details and their history, the GPs to choose from, e-mail notifications"),
    (
        "provider",
        "The care side: a care provider opens a record, the access rule decides, the log keeps it",
    ),
];

/// The whole document, paths under `/api/v1`.
pub fn document() -> OpenApi {
    let info = InfoBuilder::new()
        .title("Dossier API")
        .version(API_VERSION.to_string())
        .description(Some(
            "The patient portal's API, spoken by the Dossier app. Errors answer with an \
             `ApiError`: a stable `code` (with the data some codes carry) and an English \
             `message` for developers. Every answer's `Date` header is the server's clock.",
        ))
        .license(Some(
            LicenseBuilder::new()
                .name("AGPL-3.0-or-later")
                .identifier(Some("AGPL-3.0-or-later"))
                .build(),
        ))
        .build();
    let tags = TAGS
        .iter()
        .map(|(name, description)| {
            let mut tag = Tag::new(*name);
            tag.description = Some((*description).to_owned());
            tag
        })
        .collect::<Vec<_>>();
    let base = OpenApiBuilder::new().info(info).tags(Some(tags)).build();
    let (_, mut document) = OpenApiRouter::<AppState>::with_openapi(base)
        .nest(API_PREFIX, super::api_router())
        .split_for_parts();
    add_shared(&mut document);
    document
}

/// The document as served, made once.
static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| document().to_json().expect("the OpenAPI document serializes"));

/// Serves [`document`]; no session needed.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi",
    tag = "meta",
    summary = "This document",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of `/api/v1`", body = Object),
    ),
)]
pub async fn openapi_json() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}

/// The bearer scheme, the error body's schema, and the error answers every route shares.
fn add_shared(document: &mut OpenApi) {
    let components = document.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "The session token of a code-card login (`POST /login/finish`) or a PIN \
                     login (`POST /devices/{id}/login/finish`)",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        PROVIDER_KEY,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "A care provider's key, issued by staff (`dossier-server admin \
                     issue-provider-key`)",
                ))
                .build(),
        ),
    );
    let mut schemas = vec![(ApiError::name().into_owned(), ApiError::schema())];
    ApiError::schemas(&mut schemas);
    for (name, schema) in schemas {
        components.schemas.entry(name).or_insert(schema);
    }
    for item in document.paths.paths.values_mut() {
        for operation in
            [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch]
                .into_iter()
                .flatten()
        {
            add_shared_errors(operation);
        }
    }
}

fn add_shared_errors(operation: &mut Operation) {
    let needs_session = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let reads_query =
        operation.parameters.iter().flatten().any(
            |p| matches!(p, RefOr::T(parameter) if parameter.parameter_in == ParameterIn::Query),
        );
    let reads_body = operation.request_body.is_some();
    let mut shared = Vec::new();
    match (reads_body, reads_query) {
        (true, _) => shared.push((
            "400",
            "`bad_request`: the body is not JSON, or not of this shape, or a typed field is \
             far too long",
        )),
        (false, true) => {
            shared.push(("400", "`bad_request`: a query parameter is not of its type"));
        }
        (false, false) => {}
    }
    if needs_session {
        shared.push((
            "401",
            "`unauthorized`: no valid session (no bearer token, or an unknown, ended or \
             revoked one, or the record's access is closed): log in again",
        ));
    }
    shared.push(("408", "`service_unavailable`: the request took longer than 30 seconds"));
    if reads_body {
        shared.push(("413", "`too_large`: the body is over 1 MB"));
    }
    shared.push(("500", "`internal`: the server failed"));
    // Every route but this document's asks the database.
    if operation.operation_id.as_deref() != Some("openapi") {
        shared.push(("503", "`service_unavailable`: the database does not answer"));
    }
    for (status, description) in shared {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name(ApiError::name())))
                            .build(),
                    )
                    .build(),
            )
        });
    }
}
