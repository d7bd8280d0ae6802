//! The OpenAPI document (`GET /api/v1/openapi.json`) against the server that serves it, on
//! SQLite and PostgreSQL.
//!
//! - It is served without a session, is the document the code makes, speaks OpenAPI 3.1,
//!   and every change to it is reviewed as a snapshot (`snapshots/openapi__openapi.snap`).
//! - It is well formed: every reference resolves, every schema compiles, each path's
//!   parameters are declared, operation ids are unique, every error answer carries the
//!   error body.
//! - Routes: the router and the document are made from one list (`routes::api_router`); the
//!   application's router itself (as `app()` builds it for production) is walked, and what
//!   it serves under `/api/v1`, path by path and method by method, is exactly what the
//!   document lists. The running server is probed for each documented operation: it is
//!   served (never the router's 404 or 405), every other method of a documented path is a
//!   405, the bearer scheme is documented exactly where a request without a token gets 401
//!   `unauthorized`, and every status it answers, with a session, without one and without a
//!   database, is one the operation documents.
//! - Schemas: demo patients log in with their code cards and go through every operation;
//!   each request the test sends and each answer the server gives validates against the
//!   document's schemas (JSON Schema 2020-12, formats such as `date` asserted, and no
//!   property a schema does not name), and every operation's success answer is met.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use base64::{Engine, engine::general_purpose::STANDARD};
use common::{Backend, TestServer};
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    every_documented_operation_is_served_and_answers_as_documented,
    real_answers_validate_against_the_documented_schemas,
);

const PREFIX: &str = "/api/v1";
const METHODS: [Method; 5] =
    [Method::GET, Method::PUT, Method::POST, Method::DELETE, Method::PATCH];

/// The document as served, with its schemas made strict for checking answers.
struct Document {
    json: Value,
    /// `components`, each object schema closed to properties it does not name.
    strict_components: Value,
}

impl Document {
    async fn fetch(server: &TestServer) -> Self {
        let response = server.http.get(server.url("/api/v1/openapi.json")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let kind = response.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap();
        assert_eq!(kind, "application/json");
        Self::new(response.json().await.unwrap())
    }

    fn new(json: Value) -> Self {
        let mut components = json["components"].clone();
        let flattened = flattened_schemas(&components);
        for (name, schema) in components["schemas"].as_object_mut().unwrap() {
            close(schema, flattened.contains(name));
        }
        Self { json, strict_components: components }
    }

    /// Every operation: method, path (with the prefix), the operation object.
    fn operations(&self) -> Vec<(Method, String, &Value)> {
        let mut all = Vec::new();
        for (path, item) in self.json["paths"].as_object().unwrap() {
            for method in METHODS {
                if let Some(operation) = item.get(method.as_str().to_lowercase()) {
                    all.push((method.clone(), path.clone(), operation));
                }
            }
        }
        all
    }

    fn operation(&self, method: &Method, path: &str) -> &Value {
        let operation = &self.json["paths"][path][method.as_str().to_lowercase()];
        assert!(operation.is_object(), "{method} {path} is not documented");
        operation
    }

    /// A validator for `schema` (a schema of the document, `$ref`s into its components).
    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let mut schema = schema.clone();
        close(&mut schema, false);
        let mut root = json!({ "allOf": [schema], "components": self.strict_components });
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        jsonschema::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("{e}: {root}"))
    }

    fn validate(&self, schema: &Value, instance: &Value, what: &str) {
        let validator = self.validator(schema);
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(5)
            .collect();
        let shown = instance.to_string();
        let shown = shown.get(..shown.len().min(600)).unwrap_or(&shown);
        assert!(errors.is_empty(), "{what}: {errors:?}\nin {shown}");
    }

    /// An answer: its status is documented for the operation, and its body is the
    /// documented one (none where none is documented).
    fn check_answer(&self, method: &Method, path: &str, status: u16, body: &Value) {
        let operation = self.operation(method, path);
        let response = &operation["responses"][status.to_string()];
        assert!(response.is_object(), "{method} {path} answered {status}, not documented: {body}");
        match response.get("content") {
            None => assert_eq!(body, &Value::Null, "{method} {path} {status}: no body documented"),
            Some(content) if content.get("application/pdf").is_some() => {
                assert!(
                    body.as_str().is_some_and(|b| b.starts_with("%PDF-")),
                    "{method} {path} {status}: not a PDF"
                );
            }
            Some(content) if content.get("image/png").is_some() => {
                assert_eq!(body, "image/png 89504e47", "{method} {path} {status}: not a PNG");
            }
            Some(content) if content.get("application/zip").is_some() => {
                assert_eq!(body, "application/zip 504b0304", "{method} {path} {status}: not a ZIP");
            }
            Some(content) => {
                let schema = &content["application/json"]["schema"];
                self.validate(schema, body, &format!("{method} {path} {status}"));
            }
        }
    }

    fn check_request(&self, method: &Method, path: &str, body: &Value) {
        let operation = self.operation(method, path);
        let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
        assert!(schema.is_object(), "{method} {path}: no request body documented");
        self.validate(schema, body, &format!("the request of {method} {path}"));
    }

    fn error_schema() -> Value {
        json!({ "$ref": "#/components/schemas/ApiError" })
    }
}

/// Component schemas a `$ref` in an `allOf` names (`#[serde(flatten)]`): the properties
/// of the object they are part of are not all theirs, so they stay open (the object that
/// flattens them is closed instead).
fn flattened_schemas(components: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    walk(components, &mut |value| {
        for member in value.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            if let Some(name) = member["$ref"].as_str().and_then(schema_name) {
                names.insert(name.to_owned());
            }
        }
    });
    names
}

fn schema_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// Closes object schemas (`unevaluatedProperties: false`, which sees through `allOf`,
/// `oneOf` and `$ref`): an answer with a property the schema does not name fails. `open`
/// for an object that is part of another (`allOf` members, a flattened enum's variants).
fn close(schema: &mut Value, open: bool) {
    let Some(object) = schema.as_object_mut() else { return };
    let closable = object.contains_key("properties") || object.contains_key("allOf");
    if closable && !open && !object.contains_key("additionalProperties") {
        object.insert("unevaluatedProperties".into(), json!(false));
    }
    for member in object.get_mut("allOf").and_then(Value::as_array_mut).into_iter().flatten() {
        close(member, true);
    }
    for key in ["oneOf", "anyOf"] {
        for member in object.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten() {
            close(member, open);
        }
    }
    for property in object.get_mut("properties").and_then(Value::as_object_mut).into_iter() {
        for value in property.values_mut() {
            close(value, false);
        }
    }
    if let Some(items) = object.get_mut("items") {
        close(items, false);
    }
}

/// Calls `each` on every JSON value in `value`, depth first.
fn walk(value: &Value, each: &mut impl FnMut(&Value)) {
    each(value);
    match value {
        Value::Array(items) => items.iter().for_each(|item| walk(item, each)),
        Value::Object(map) => map.values().for_each(|item| walk(item, each)),
        _ => {}
    }
}

/// `{name}`s of a path, in order.
fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/').filter_map(|part| part.strip_prefix('{')?.strip_suffix('}')).collect()
}

/// A path with its parameters filled in, in order.
fn fill(path: &str, args: &[&str]) -> String {
    let names = path_parameters(path);
    assert_eq!(names.len(), args.len(), "{path}: {args:?}");
    names
        .iter()
        .zip(args)
        .fold(path.to_owned(), |path, (name, arg)| path.replace(&format!("{{{name}}}"), arg))
}

/// One request as any client makes it: status and body (`Null` for none).
async fn send(
    server: &TestServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut request = server.http.request(method, server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response.headers().get(reqwest::header::CONTENT_TYPE).cloned();
    if kind.as_ref().is_some_and(|k| k == "image/png" || k == "application/zip") {
        // A picture or an archive stands for itself: its kind and its first four bytes.
        let bytes = response.bytes().await.unwrap();
        let start: String = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let kind = kind.unwrap();
        return (status, Value::String(format!("{} {start}", kind.to_str().unwrap())));
    }
    if kind.as_ref().is_some_and(|k| k == "application/pdf") {
        // A PDF answer stands for itself: its first bytes, as text.
        let bytes = response.bytes().await.unwrap();
        return (
            status,
            Value::String(String::from_utf8_lossy(&bytes[..8.min(bytes.len())]).into()),
        );
    }
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}"))
    };
    (status, body)
}

/// What a router serves under `/api/v1`: each path with its methods (HEAD, which axum adds
/// to every GET, left out). Read from the router itself: its `Debug` is the one place axum
/// lists its routes (route ids to paths, and each route's `Allow` header).
fn served_routes(app: &axum::Router) -> BTreeMap<String, BTreeSet<String>> {
    let text = format!("{app:?}");
    let (routes, _) = text.split_once(", fallback_router:").expect("a Router's Debug");
    let mut paths = BTreeMap::new();
    let mut methods = BTreeMap::new();
    for entry in routes.split("RouteId(").skip(1) {
        let (id, rest) = entry.split_once("): ").expect("RouteId(n): ...");
        if let Some(path) = rest.strip_prefix('"') {
            paths.insert(id, path[..path.find('"').unwrap()].to_owned());
        } else if let Some((_, allow)) = rest.split_once("allow_header: Bytes(b\"") {
            let allow = &allow[..allow.find('"').unwrap()];
            let allowed = allow.split(',').filter(|m| *m != "HEAD").map(str::to_owned).collect();
            methods.insert(id, allowed);
        }
    }
    paths
        .into_iter()
        .filter(|(_, path)| path.starts_with(PREFIX))
        .map(|(id, path)| {
            let allowed = methods.remove(id).unwrap_or_else(|| panic!("{path}: no methods read"));
            (path, allowed)
        })
        .collect()
}

#[tokio::test]
async fn the_router_serves_exactly_the_documented_operations() {
    let Some(test) = common::TestState::create(Backend::Sqlite).await else { return };
    let served = served_routes(&dossier_server::app(test.state.clone()));
    let document = Document::new(serde_json::to_value(dossier_server::openapi_document()).unwrap());
    let documented: BTreeMap<String, BTreeSet<String>> =
        document.operations().into_iter().fold(BTreeMap::new(), |mut all, (method, path, _)| {
            all.entry(path).or_default().insert(method.to_string());
            all
        });
    assert!(documented.len() >= 25, "{documented:?}");
    assert_eq!(served, documented);
    // The paths the access matrix reaches are the routed ones.
    let routed: BTreeSet<String> =
        dossier_server::api_paths().iter().map(|path| format!("{PREFIX}{path}")).collect();
    assert_eq!(routed, documented.into_keys().collect());
}

#[tokio::test]
async fn the_document_is_served_without_a_session_is_well_formed_and_reviewed() {
    let Some(server) = TestServer::start(Backend::Sqlite).await else { return };
    let document = Document::fetch(&server).await;
    let doc = &document.json;
    assert_eq!(doc, &serde_json::to_value(dossier_server::openapi_document()).unwrap());
    assert_eq!(doc["openapi"], "3.1.0");

    // Every reference resolves, every schema compiles.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    walk(doc, &mut |value| {
        if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
            let name = schema_name(reference).unwrap_or_else(|| panic!("{reference}"));
            assert!(schemas.contains_key(name), "{reference} does not resolve");
        }
    });
    for (name, schema) in schemas {
        let _ = document.validator(&json!({ "$ref": format!("#/components/schemas/{name}") }));
        assert!(schema.is_object(), "{name}");
    }

    let tags: BTreeSet<&str> =
        doc["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    for scheme in ["bearer", "provider_key"] {
        assert_eq!(
            (&schemes[scheme]["type"], &schemes[scheme]["scheme"]),
            (&json!("http"), &json!("bearer"))
        );
    }
    let mut ids = BTreeSet::new();
    for (method, path, operation) in document.operations() {
        let what = format!("{method} {path}");
        assert!(path.starts_with(PREFIX), "{what}");
        let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{what}: no id"));
        assert!(ids.insert(id.to_owned()), "{what}: operation id {id} twice");
        assert!(operation["summary"].is_string(), "{what}: no summary");
        for tag in operation["tags"].as_array().unwrap() {
            assert!(tags.contains(tag.as_str().unwrap()), "{what}: tag {tag}");
        }
        // Each `{name}` of the path is declared, required, and nothing else is.
        let declared: Vec<&str> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .inspect(|p| assert_eq!(p["required"], true, "{what}: {p}"))
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(declared, path_parameters(&path), "{what}");
        if let Some(security) = operation.get("security") {
            // A session everywhere, but the care side's door, which takes a provider key.
            let scheme = if id == "provider_open" { "provider_key" } else { "bearer" };
            assert_eq!(security, &json!([{ scheme: [] }]), "{what}");
        }
        let responses = operation["responses"].as_object().unwrap();
        assert!(responses.keys().any(|status| status.starts_with('2')), "{what}: no success");
        for (status, response) in responses {
            assert!(response["description"].as_str().is_some_and(|d| !d.is_empty()), "{what}");
            if !status.starts_with('2') {
                let schema = &response["content"]["application/json"]["schema"];
                assert_eq!(schema, &Document::error_schema(), "{what} {status}");
            }
        }
        // Every route but this document's asks the database.
        assert_eq!(responses.contains_key("503"), id != "openapi", "{what}");
    }

    // The validator is as strict as claimed: a property no schema names, a missing one, a
    // date that is no date, a code with the wrong data all fail.
    let me = json!({
        "record_id": "r", "user_name": "an.peeters", "card": null,
        "patient": { "given_name": "An", "family_name": "Peeters",
                     "date_of_birth": "1979-04-12", "preferred_language": "nl" },
    });
    let me_schema = json!({ "$ref": "#/components/schemas/MeResponse" });
    assert!(document.validator(&me_schema).is_valid(&me));
    let mut extra = me.clone();
    extra["patient"]["sex"] = json!("f");
    let mut missing = me.clone();
    missing.as_object_mut().unwrap().remove("user_name");
    let mut no_date = me.clone();
    no_date["patient"]["date_of_birth"] = json!("1979-02-30");
    for wrong in [extra, missing, no_date] {
        assert!(!document.validator(&me_schema).is_valid(&wrong), "{wrong}");
    }
    let error = Document::error_schema();
    let slowed = json!({ "code": "slowed_down", "retry_after_seconds": 40, "message": "wait" });
    assert!(document.validator(&error).is_valid(&slowed));
    for wrong in [
        json!({ "code": "slowed_down", "message": "wait" }),
        json!({ "code": "slowed_down", "retry_after_seconds": 40, "message": "wait", "x": 1 }),
        json!({ "code": "no_such_code", "message": "wait" }),
        json!({ "code": "password_rejected", "problem": { "problem": "too_short" }, "message": "" }),
    ] {
        assert!(!document.validator(&error).is_valid(&wrong), "{wrong}");
    }

    insta::assert_json_snapshot!("openapi", doc);
}

/// A patient of the probes, with a fresh session for each call (one probe logs out).
struct Prober<'a> {
    server: &'a TestServer,
    document: &'a Document,
    account_id: String,
    record_id: String,
}

impl Prober<'_> {
    async fn session(&self) -> String {
        let mut conn = self.server.test.state.db.pool().acquire().await.unwrap();
        let now = self.server.test.state.now();
        let token =
            dossier_server::sessions::open(&mut conn, &self.account_id, None, now).await.unwrap();
        token.expose().clone()
    }

    async fn provider_key(&self) -> String {
        let mut conn = self.server.test.state.db.pool().acquire().await.unwrap();
        let provider = dossier_server::care_directory::NewProvider {
            name: "Dr. Probe".into(),
            role: dossier_api::care_access::CareRole::Physician,
            nihdi_number: None,
            workplaces: Vec::new(),
        };
        let id = dossier_server::care_directory::upsert(&mut conn, &provider, 0).await.unwrap();
        let key = dossier_server::care_directory::issue_key(&mut conn, &id, 0).await.unwrap();
        key.expose().clone()
    }

    /// One call of a documented operation: a record id of the patient's own for `{id}` of a
    /// record, made-up ids elsewhere, `{}` for a body.
    async fn probe(&self, method: &Method, path: &str, token: Option<&str>) -> (u16, Value) {
        let made_up = "00000000-0000-4000-8000-000000000000";
        let args: Vec<&str> = path_parameters(path)
            .iter()
            .map(|name| match (*name, path.contains("/records/")) {
                ("id", true) => self.record_id.as_str(),
                _ => made_up,
            })
            .collect();
        let operation = self.document.operation(method, path);
        let body = operation.get("requestBody").map(|_| json!({}));
        let (status, answer) =
            send(self.server, method.clone(), &fill(path, &args), token, body.as_ref()).await;
        let routing = (status == 404 && answer["message"] == "no such endpoint") || status == 405;
        assert!(!routing, "{method} {path} is documented but not served: {status} {answer}");
        self.document.check_answer(method, path, status, &answer);
        (status, answer)
    }
}

async fn every_documented_operation_is_served_and_answers_as_documented(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let document = Document::fetch(&server).await;
    let who = common::enrol(&server.test, "Jan", "Peeters", Some(17), None).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let account = dossier_server::accounts::find_by_patient(&mut conn, &who.patient_id)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let prober = Prober {
        server: &server,
        document: &document,
        account_id: account.id,
        record_id: who.patient_id.clone(),
    };
    let operations = document.operations();
    assert!(operations.len() >= 25, "{}", operations.len());
    for (method, path, operation) in &operations {
        // Without a token: 401 `unauthorized` exactly where a session is documented.
        let secured = operation.get("security").is_some();
        let (status, answer) = prober.probe(method, path, None).await;
        let refused = status == 401 && answer["code"] == "unauthorized";
        assert_eq!(refused, secured, "{method} {path}: {status} {answer}");
        // With one.
        if secured {
            let token = if operation["security"][0].get("provider_key").is_some() {
                prober.provider_key().await
            } else {
                prober.session().await
            };
            let (status, answer) = prober.probe(method, path, Some(&token)).await;
            assert_ne!(status, 401, "{method} {path}: {answer}");
        }
    }
    // No other method is served on a documented path.
    let error = Document::error_schema();
    for (path, item) in document.json["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method.as_str().to_lowercase()).is_some() {
                continue;
            }
            let args: Vec<&str> = path_parameters(path).iter().map(|_| "x").collect();
            let (status, answer) =
                send(&server, method.clone(), &fill(path, &args), None, None).await;
            assert_eq!(status, 405, "{method} {path} is served but not documented: {answer}");
            document.validate(&error, &answer, &format!("{method} {path}"));
        }
    }
    // Without a database every answer is still a documented one: 503 once the database is
    // asked (a body that is not valid is refused before).
    server.test.database.db.close().await;
    let token = "no database to check it against";
    for (method, path, operation) in &operations {
        let secured = operation.get("security").is_some();
        let (status, _) = prober.probe(method, path, secured.then_some(token)).await;
        if operation.get("requestBody").is_none() && !path.ends_with("/openapi.json") {
            assert_eq!(status, 503, "{method} {path}");
        }
    }
}

/// The test client: each call's request body and answer checked against the document, and
/// the operations answered with success noted.
struct Client<'a> {
    server: &'a TestServer,
    document: &'a Document,
    succeeded: std::cell::RefCell<BTreeSet<(String, String)>>,
}

impl Client<'_> {
    async fn call(
        &self,
        method: Method,
        path: &str,
        args: &[&str],
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        self.call_with_query(method, path, args, "", token, body).await
    }

    async fn call_with_query(
        &self,
        method: Method,
        path: &str,
        args: &[&str],
        query: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let path = format!("{PREFIX}{path}");
        if let Some(body) = &body {
            self.document.check_request(&method, &path, body);
        }
        let concrete = format!("{}{query}", fill(&path, args));
        let (status, answer) =
            send(self.server, method.clone(), &concrete, token, body.as_ref()).await;
        self.document.check_answer(&method, &path, status, &answer);
        if (200..300).contains(&status) {
            self.succeeded.borrow_mut().insert((method.to_string(), path));
        }
        (status, answer)
    }

    /// `call` that must answer `expected`.
    async fn expect(
        &self,
        expected: u16,
        method: Method,
        path: &str,
        args: &[&str],
        token: Option<&str>,
        body: Option<Value>,
    ) -> Value {
        let (status, answer) = self.call(method.clone(), path, args, token, body).await;
        assert_eq!(status, expected, "{method} {path}: {answer}");
        answer
    }

    /// A code-card login through both steps; the session token.
    async fn log_in(&self, card: &dossier_server::demo::DemoCard) -> String {
        let start = json!({ "user_name": card.user_name });
        let asked = self.expect(200, Method::POST, "/login/start", &[], None, Some(start)).await;
        let index = usize::try_from(asked["code_index"].as_u64().unwrap()).unwrap();
        let finish = json!({
            "challenge": asked["challenge"],
            "password": card.password.expose(),
            "code": card.codes[index - 1].expose(),
        });
        let done = self.expect(200, Method::POST, "/login/finish", &[], None, Some(finish)).await;
        done["session_token"].as_str().unwrap().to_owned()
    }
}

fn demo_card<'a>(
    summary: &'a dossier_server::demo::DemoSummary,
    given_name: &str,
) -> &'a dossier_server::demo::DemoCard {
    let prefix = format!("{}.", given_name.to_lowercase());
    summary.cards.iter().find(|c| c.user_name.starts_with(&prefix)).unwrap()
}

async fn register_number(server: &TestServer, given_name: &str) -> String {
    let (number,): (String,) =
        sqlx::query_as("SELECT national_register_number FROM patients WHERE given_name = $1")
            .bind(given_name)
            .fetch_one(server.test.state.db.pool())
            .await
            .unwrap();
    number
}

async fn real_answers_validate_against_the_documented_schemas(backend: Backend) {
    use Method as M;
    let Some(server) = TestServer::start(backend).await else { return };
    let summary = dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let document = Document::fetch(&server).await;
    let api = Client { server: &server, document: &document, succeeded: Default::default() };
    api.expect(200, M::GET, "/health", &[], None, None).await;
    api.expect(200, M::GET, "/openapi.json", &[], None, None).await;

    // Errors of a login: a wrong code, then too many.
    let marc = demo_card(&summary, "Marc");
    for _ in 0..3 {
        let start = json!({ "user_name": marc.user_name });
        let asked = api.expect(200, M::POST, "/login/start", &[], None, Some(start)).await;
        let finish = json!({ "challenge": asked["challenge"], "password": "wrong", "code": "1" });
        let failed = api.expect(401, M::POST, "/login/finish", &[], None, Some(finish)).await;
        assert_eq!(failed["code"], "login_failed");
    }
    let start = json!({ "user_name": marc.user_name });
    let slowed = api.expect(429, M::POST, "/login/start", &[], None, Some(start)).await;
    assert!(slowed["retry_after_seconds"].as_u64().unwrap() > 0);

    // An: her own record and Jan's, as his trusted person.
    let an_card = demo_card(&summary, "An");
    let an = api.log_in(an_card).await;
    let an = Some(an.as_str());
    let me = api.expect(200, M::GET, "/me", &[], an, None).await;
    let own = me["record_id"].as_str().unwrap().to_owned();
    let records = api.expect(200, M::GET, "/records", &[], an, None).await;
    let jan_record = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["relation"] == "trusted_person")
        .map(|r| r["record_id"].as_str().unwrap().to_owned())
        .unwrap();
    let page = api.expect(200, M::GET, "/records/{id}/reports", &[&own], an, None).await;
    assert!(page["upserts"].as_array().unwrap().len() > 100, "a full page");
    let labs = page["upserts"].as_array().unwrap().iter().filter(|r| r["lab_values"] != json!([]));
    assert!(labs.count() > 0, "lab values are checked too");
    let reports = "/records/{id}/reports";
    let (status, page) = api.call_with_query(M::GET, reports, &[&own], "?limit=20", an, None).await;
    assert_eq!((status, &page["more"]), (200, &json!(true)), "{page}");
    let cursor = format!("?cursor={}&limit=20", page["cursor"].as_str().unwrap());
    let (status, next) = api.call_with_query(M::GET, reports, &[&own], &cursor, an, None).await;
    assert_eq!(status, 200, "{next}");
    let (status, refused) = api
        .call_with_query(M::GET, "/records/{id}/reports", &[&own], "?cursor=made-up", an, None)
        .await;
    assert_eq!((status, &refused["code"]), (400, &json!("bad_request")));
    let (status, _) = api
        .call_with_query(M::GET, "/records/{id}/reports", &[&own], "?limit=many", an, None)
        .await;
    assert_eq!(status, 400);
    api.expect(200, M::GET, "/records/{id}/reports", &[&jan_record], an, None).await;
    api.expect(404, M::GET, "/records/{id}/reports", &["no-such-record"], an, None).await;
    api.expect(200, M::GET, "/records/{id}/pending", &[&own], an, None).await;
    api.expect(200, M::GET, "/hospitals", &[], an, None).await;
    api.expect(200, M::GET, "/link-requests", &[], an, None).await;
    let not_own = api.expect(403, M::GET, "/records/{id}/links", &[&jan_record], an, None).await;
    assert_eq!(not_own["code"], "not_allowed_to_change");

    // An names Marc her trusted person, and revokes him.
    let designation = |number: &str| {
        json!({
            "given_name": "Marc", "family_name": "Dubois", "national_register_number": number,
            "rights": { "view_record": true, "be_informed": false, "ask_for_copy": false },
            "until": null,
            "confirm": { "with": "password", "password": an_card.password.expose() },
        })
    };
    let path = "/records/{id}/trusted-persons";
    let refused =
        api.expect(422, M::POST, path, &[&own], an, Some(designation("85073003328"))).await;
    assert_eq!(refused["problem"], "register_number");
    let marc_number = register_number(&server, "Marc").await;
    let named = api.expect(201, M::POST, path, &[&own], an, Some(designation(&marc_number))).await;
    let links = api.expect(200, M::GET, "/records/{id}/links", &[&own], an, None).await;
    assert!(links.as_array().unwrap().iter().any(|l| l["id"] == named["id"]));
    let link = named["id"].as_str().unwrap();
    api.expect(204, M::DELETE, "/records/{id}/links/{link}", &[&own, link], an, None).await;

    // "Access" in her record (the demo's care side), and her GP at the provider door.
    let access = api.expect(200, M::GET, "/records/{id}/access", &[&own], an, None).await;
    api.expect(200, M::GET, "/records/{id}/access-log", &[&own], an, None).await;
    let refused = api.expect(403, M::GET, "/records/{id}/access", &[&jan_record], an, None).await;
    assert_eq!(refused["code"], "not_allowed_to_change");
    let gp_key = {
        let mut conn = server.test.state.db.pool().acquire().await.unwrap();
        let nihdi = dossier_server::demo_care::DEMO_GP_NIHDI;
        let gp = dossier_server::care_directory::find(&mut conn, nihdi).await.unwrap().unwrap();
        let key = dossier_server::care_directory::issue_key(&mut conn, &gp.id, 0).await.unwrap();
        key.expose().clone()
    };
    let gp = Some(gp_key.as_str());
    let a_report = page["upserts"][0]["id"].as_str().unwrap();
    let open = json!({ "ead_number": "10482231", "report_id": a_report, "break_the_glass": null });
    let opened = api.expect(200, M::POST, "/provider/open", &[], gp, Some(open.clone())).await;
    assert_eq!(opened["report"]["id"], a_report);
    let objection = "/records/{id}/access/gp-objection";
    api.expect(200, M::PUT, objection, &[&own], an, None).await;
    let refused = api.expect(403, M::POST, "/provider/open", &[], gp, Some(open)).await;
    assert_eq!(refused["reason"], "gp_objected");
    api.expect(200, M::DELETE, objection, &[&own], an, None).await;
    let referrer = access["referrers"][0]["provider"]["id"].as_str().unwrap();
    let withdraw = "/records/{id}/access/referrers/{provider}";
    api.expect(200, M::DELETE, withdraw, &[&own, referrer], an, None).await;
    let exclusions = access["exclusions"].as_array().unwrap();
    let stop = "/records/{id}/access/exclusions/{exclusion}";
    for exclusion in exclusions {
        let status = if exclusion["stoppable"] == true { 200 } else { 409 };
        let id = exclusion["id"].as_str().unwrap();
        api.expect(status, M::DELETE, stop, &[&own, id], an, None).await;
    }

    // Her device: registered, a PIN login with a wrong PIN first, a new PIN, removed.
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let access = STANDARD.encode([1_u8; 32]);
    let register = json!({
        "name": "An's laptop",
        "public_key": STANDARD.encode(key.verifying_key().to_bytes()),
        "access_key": access,
        "replaces": null,
    });
    let registered = api.expect(200, M::POST, "/devices", &[], an, Some(register)).await;
    let device = registered["device_id"].as_str().unwrap();
    // The right shape (the document's pattern), but not an Ed25519 point: what only the
    // server can refuse.
    let not_a_point = (0_u8..=255)
        .map(|b| [b; 32])
        .find(|k| ed25519_dalek::VerifyingKey::from_bytes(k).is_err())
        .unwrap();
    let bad_key = json!({
        "name": "x",
        "public_key": STANDARD.encode(not_a_point),
        "access_key": access,
        "replaces": null,
    });
    api.expect(400, M::POST, "/devices", &[], an, Some(bad_key)).await;
    let listed = api.expect(200, M::GET, "/devices", &[], an, None).await;
    assert_eq!(listed["devices"].as_array().unwrap().len(), 1);
    let start = "/devices/{id}/login/start";
    let unlock = "/devices/{id}/login/unlock";
    let asked = api.expect(200, M::POST, start, &[device], None, None).await;
    let wrong =
        json!({ "challenge": asked["challenge"], "access_key": STANDARD.encode([2_u8; 32]) });
    let wrong = api.expect(401, M::POST, unlock, &[device], None, Some(wrong)).await;
    assert_eq!(wrong["code"], "wrong_pin");
    let asked = api.expect(200, M::POST, start, &[device], None, None).await;
    let challenge = asked["challenge"].as_str().unwrap();
    let right = json!({ "challenge": challenge, "access_key": access });
    api.expect(200, M::POST, unlock, &[device], None, Some(right)).await;
    let message = dossier_api::device::device_login_message(device, challenge);
    let signature = ed25519_dalek::Signer::sign(&key, &message);
    let finish =
        json!({ "challenge": challenge, "signature": STANDARD.encode(signature.to_bytes()) });
    let pin_session =
        api.expect(200, M::POST, "/devices/{id}/login/finish", &[device], None, Some(finish)).await;
    let pin_session = pin_session["session_token"].as_str().unwrap();
    let new_pin =
        json!({ "current_access_key": access, "new_access_key": STANDARD.encode([3_u8; 32]) });
    let pin = "/devices/{id}/pin";
    api.expect(403, M::PUT, pin, &[device], an, Some(new_pin.clone())).await;
    api.expect(200, M::PUT, pin, &[device], Some(pin_session), Some(new_pin)).await;
    api.expect(204, M::DELETE, "/devices/{id}", &[device], an, None).await;
    let removed = api.expect(410, M::POST, start, &[device], None, None).await;
    assert_eq!(removed["code"], "device_removed");
    api.expect(404, M::DELETE, "/devices/{id}", &[device], an, None).await;

    // Her account's settings, refused with their reasons: for what the document cannot say
    // (lengths and characters it does say, so requests breaking them are not sent here).
    let rename = json!({ "new_user_name": "marc.dubois", "password": an_card.password.expose() });
    let refused = api.expect(422, M::PUT, "/account/user-name", &[], an, Some(rename)).await;
    assert_eq!(refused["problem"]["problem"], "taken");
    let rename = json!({ "new_user_name": "an.peeters.2", "password": "wrong" });
    api.expect(401, M::PUT, "/account/user-name", &[], an, Some(rename)).await;
    let rename = json!({ "new_user_name": "an.peeters.2", "password": an_card.password.expose() });
    api.expect(204, M::PUT, "/account/user-name", &[], an, Some(rename)).await;
    let common =
        json!({ "current_password": an_card.password.expose(), "new_password": "Password1" });
    let refused = api.expect(422, M::PUT, "/account/password", &[], an, Some(common)).await;
    assert_eq!(refused["problem"]["problem"], "too_common");
    let new_password = "a much longer password for An";
    let change =
        json!({ "current_password": an_card.password.expose(), "new_password": new_password });
    api.expect(204, M::PUT, "/account/password", &[], an, Some(change)).await;

    // Her appointments and invoices: a page, the quiet sync after it, a cancellation
    // refused and one made, an invoice as a PDF.
    let appointments = "/records/{id}/appointments";
    let page = api.expect(200, M::GET, appointments, &[&own], an, None).await;
    let list = page["upserts"].as_array().unwrap();
    assert!(list.iter().any(|a| a["video_link"].is_string()), "a video link in its window");
    let cursor = format!("?cursor={}", page["cursor"].as_str().unwrap());
    let (status, quiet) =
        api.call_with_query(M::GET, appointments, &[&own], &cursor, an, None).await;
    assert_eq!((status, &quiet["upserts"]), (200, &json!([])));
    let (status, _) =
        api.call_with_query(M::GET, appointments, &[&own], "?cursor=made-up", an, None).await;
    assert_eq!(status, 400);
    let cancel = "/records/{id}/appointments/{appointment}/cancel";
    let done = list.iter().find(|a| a["status"] == "done").unwrap()["id"].as_str().unwrap();
    let refused = api.expect(409, M::POST, cancel, &[&own, done], an, None).await;
    assert_eq!(refused["reason"]["problem"], "not_upcoming");
    let now = server.test.clock.now_timestamp().timestamp();
    let open = list
        .iter()
        .find(|a| a["cancellable_until"].as_i64().is_some_and(|until| until > now))
        .unwrap()["id"]
        .as_str()
        .unwrap();
    let cancelled = api.expect(200, M::POST, cancel, &[&own, open], an, None).await;
    assert_eq!(cancelled["status"], "cancelled");
    api.expect(404, M::POST, cancel, &[&own, "no-such-appointment"], an, None).await;
    let jan_page = api.expect(200, M::GET, appointments, &[&jan_record], an, None).await;
    let jans = jan_page["upserts"][0]["id"].as_str().unwrap();
    let refused = api.expect(403, M::POST, cancel, &[&jan_record, jans], an, None).await;
    assert_eq!(refused["code"], "not_allowed_to_change");
    let invoices = "/records/{id}/invoices";
    let page = api.expect(200, M::GET, invoices, &[&own], an, None).await;
    let statuses: BTreeSet<&str> =
        page["upserts"].as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.len(), 4, "every status is checked: {statuses:?}");
    let (status, _) = api.call_with_query(M::GET, invoices, &[&own], "?limit=many", an, None).await;
    assert_eq!(status, 400);
    let invoice = page["upserts"][0]["id"].as_str().unwrap();
    let pdf = "/records/{id}/invoices/{invoice}/pdf";
    api.expect(200, M::GET, pdf, &[&own, invoice], an, None).await;
    api.expect(404, M::GET, pdf, &[&own, "no-such-invoice"], an, None).await;

    // Her questionnaires: the list, one, answers refused, saved part way, submitted, and
    // a second submit refused; Jan's read along but not answered.
    let list = "/records/{id}/questionnaires";
    let waiting = api.expect(200, M::GET, list, &[&own], an, None).await;
    let first = waiting.as_array().unwrap().iter().find(|q| q["status"] == "waiting").unwrap();
    let first = first["id"].as_str().unwrap();
    let one = "/records/{id}/questionnaires/{questionnaire}";
    let form = api.expect(200, M::GET, one, &[&own, first], an, None).await;
    assert!(form["questionnaire"]["questions"].as_array().unwrap().len() >= 5);
    api.expect(404, M::GET, one, &[&own, "no-such-questionnaire"], an, None).await;
    let answers = "/records/{id}/questionnaires/{questionnaire}/answers";
    let part = json!({ "answers": [{ "link_id": "pijn", "scale": 4 }], "stage": "saving" });
    let refused = json!({ "answers": [{ "link_id": "pijn", "scale": 40 }], "stage": "saving" });
    let problems = api.expect(422, M::PUT, answers, &[&own, first], an, Some(refused)).await;
    assert_eq!(problems["problems"][0]["problem"], "out_of_range");
    let saved = api.expect(200, M::PUT, answers, &[&own, first], an, Some(part)).await;
    assert_eq!(saved["summary"]["status"], "started");
    let whole = json!({ "answers": [
        { "link_id": "reden", "text": "Controle" }, { "link_id": "pijn", "scale": 4 },
        { "link_id": "roken", "choice": ["false"] }, { "link_id": "sinds", "date": "2026-10-01" },
        { "link_id": "gewicht", "number": 64.5 }, { "link_id": "allergie", "choice": ["300916003"] },
    ], "stage": "submitting" });
    let sent = api.expect(200, M::PUT, answers, &[&own, first], an, Some(whole.clone())).await;
    assert_eq!(sent["summary"]["status"], "submitted");
    let again = api.expect(409, M::PUT, answers, &[&own, first], an, Some(whole.clone())).await;
    assert_eq!(again["code"], "questionnaire_submitted");
    api.expect(200, M::GET, list, &[&jan_record], an, None).await;

    // Her messages: the demo's conversation and its answer's file; a new one, the same
    // again (a retry), one refused; Jan's read along, not written.
    let messages = "/records/{id}/messages";
    let threads = api.expect(200, M::GET, messages, &[&own], an, None).await;
    let answer = threads[0]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["from_patient_side"] == false)
        .unwrap();
    let file = "/records/{id}/messages/{message}/attachments/{attachment}";
    let ids = [
        own.as_str(),
        answer["id"].as_str().unwrap(),
        answer["attachments"][0]["id"].as_str().unwrap(),
    ];
    api.expect(200, M::GET, file, &ids, an, None).await;
    api.expect(404, M::GET, file, &[&own, ids[1], "no-such-file"], an, None).await;
    let new = json!({
        "client_id": "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901",
        "destination": { "to": "thread", "thread_id": threads[0]["id"] },
        "body": "Thank you!",
        "attachments": [{ "file_name": "scan.pdf", "content": STANDARD.encode(b"%PDF-1.7 a scan") }],
    });
    api.expect(201, M::POST, messages, &[&own], an, Some(new.clone())).await;
    api.expect(200, M::POST, messages, &[&own], an, Some(new.clone())).await;
    let mut exe = new.clone();
    exe["client_id"] = json!("3b3c4d5e-6f70-4182-93a4-b5c6d7e8f901");
    exe["attachments"][0]["content"] = json!(STANDARD.encode(b"MZ an exe"));
    let refused = api.expect(422, M::POST, messages, &[&own], an, Some(exe)).await;
    assert_eq!(refused["problem"]["reason"], "not_allowed_type");
    api.expect(200, M::GET, messages, &[&jan_record], an, None).await;
    let refused = api.expect(403, M::POST, messages, &[&jan_record], an, Some(new)).await;
    assert_eq!(refused["code"], "not_allowed_to_change");

    // Radiology: the demo's study on An's newest radiology report shown to her, its
    // preview and ZIP, a share code made, listed and revoked; a trusted person does not
    // share Jan's.
    let (report,): (String,) = sqlx::query_as(
        "SELECT s.report_id FROM radiology_studies s JOIN reports r ON r.id = s.report_id \
         WHERE r.patient_id = $1 ORDER BY r.performed_on DESC, r.id",
    )
    .bind(&own)
    .fetch_one(server.test.state.db.pool())
    .await
    .unwrap();
    let study_path = "/records/{id}/reports/{report}/study";
    let study = api.expect(200, M::GET, study_path, &[&own, &report], an, None).await;
    assert!(study["image_count"].as_u64().unwrap() > 1, "{study}");
    let series = study["series"][0]["id"].as_str().unwrap();
    let preview = "/records/{id}/reports/{report}/study/series/{series}/preview";
    api.expect(200, M::GET, preview, &[&own, &report, series], an, None).await;
    api.expect(404, M::GET, preview, &[&own, &report, "no-such-series"], an, None).await;
    api.expect(200, M::GET, "/records/{id}/reports/{report}/study/zip", &[&own, &report], an, None)
        .await;
    api.expect(404, M::GET, study_path, &[&own, "no-such-report"], an, None).await;
    let codes = "/records/{id}/reports/{report}/study/share-codes";
    let made =
        api.expect(201, M::POST, codes, &[&own, &report], an, Some(json!({ "days": 7 }))).await;
    let listed = api.expect(200, M::GET, codes, &[&own, &report], an, None).await;
    assert_eq!(listed[0]["status"], "active");
    let code = "/records/{id}/reports/{report}/study/share-codes/{code}";
    let id = made["share"]["id"].as_str().unwrap();
    let revoked = api.expect(200, M::DELETE, code, &[&own, &report, id], an, None).await;
    assert_eq!(revoked["status"], "revoked");
    api.expect(404, M::DELETE, code, &[&own, &report, "no-such-code"], an, None).await;

    // Personal details: read, refused per field, changed; Jan's read only; the GPs to
    // choose from; her notification settings.
    let details = "/records/{id}/details";
    let mine = api.expect(200, M::GET, details, &[&own], an, None).await;
    let gps = api.call_with_query(M::GET, "/general-practitioners", &[], "?name=wouters", an, None);
    let (status, gps) = gps.await;
    assert_eq!(status, 200, "{gps}");
    let change = |postal_code: &str| {
        json!({
            "address": { "street": "Bondgenotenlaan 3", "postal_code": postal_code, "city": "Leuven", "country": "BE" },
            "phone": "0470 12 34 56", "email": mine["email"], "language": "nl",
            "general_practitioner": gps[0]["id"],
        })
    };
    let refused = api.expect(422, M::PUT, details, &[&own], an, Some(change("30"))).await;
    assert_eq!(refused["problems"]["postal_code"], "postal_code");
    let changed = api.expect(200, M::PUT, details, &[&own], an, Some(change("3000"))).await;
    assert!(!changed["changes"].as_array().unwrap().is_empty());
    api.expect(200, M::GET, details, &[&jan_record], an, None).await;
    let refused = api.expect(403, M::PUT, details, &[&jan_record], an, Some(change("3000"))).await;
    assert_eq!(refused["code"], "not_allowed_to_change");
    api.expect(200, M::GET, "/notifications", &[], an, None).await;
    let settings = json!({ "something_new": true, "appointment_reminder": false });
    api.expect(200, M::PUT, "/notifications", &[], an, Some(settings)).await;

    // Els, a parent: her children's records, each with its last day.
    let els = api.log_in(demo_card(&summary, "Els")).await;
    let els = Some(els.as_str());
    let records = api.expect(200, M::GET, "/records", &[], els, None).await;
    let child = records.as_array().unwrap().iter().find(|r| r["relation"] == "child").unwrap();
    assert!(child["last_day"].is_string());
    let child = child["record_id"].as_str().unwrap();
    api.expect(200, M::GET, "/records/{id}/reports", &[child], els, None).await;
    api.expect(200, M::GET, "/records/{id}/pending", &[child], els, None).await;
    api.expect(200, M::GET, "/records/{id}/appointments", &[child], els, None).await;
    api.expect(200, M::GET, "/records/{id}/invoices", &[child], els, None).await;

    // Sofia's request waits for staff; she cannot ask twice; a new one is taken.
    let sofia = api.log_in(demo_card(&summary, "Sofia")).await;
    let sofia = Some(sofia.as_str());
    let asked = api.expect(200, M::GET, "/link-requests", &[], sofia, None).await;
    assert_eq!(asked[0]["status"], "waiting");
    let mila = json!({
        "given_name": asked[0]["given_name"], "family_name": asked[0]["family_name"],
        "date_of_birth": asked[0]["date_of_birth"],
        "national_register_number": register_number(&server, "Mila").await,
        "hospital_patient_number": null, "parental_authority": true, "document": null,
    });
    let twice = api.expect(422, M::POST, "/link-requests", &[], sofia, Some(mila)).await;
    assert_eq!(twice["problem"], "already_asked");
    let pdf = STANDARD.encode(b"%PDF-1.7\n...");
    let unknown = json!({
        "given_name": "Lucas", "family_name": "Rossi", "date_of_birth": "2019-06-01",
        "national_register_number": null, "hospital_patient_number": "20991234",
        "parental_authority": true, "document": pdf,
    });
    let waiting = api.expect(201, M::POST, "/link-requests", &[], sofia, Some(unknown)).await;
    assert_eq!(waiting["status"], "waiting");

    // Jan sees An among who can open his record.
    let jan_card = demo_card(&summary, "Jan");
    let jan = api.log_in(jan_card).await;
    let jan = Some(jan.as_str());
    let links = api.expect(200, M::GET, "/records/{id}/links", &[&jan_record], jan, None).await;
    assert!(links.as_array().unwrap().iter().any(|l| l["kind"] == "trusted_person"));

    // Without a session: a card by post, a reset link, a lost card blocked.
    let number = register_number(&server, "Jan").await;
    let ask =
        json!({ "national_register_number": number, "email": "jan@example.be", "language": "nl" });
    api.expect(202, M::POST, "/card-requests", &[], None, Some(ask)).await;
    let ask =
        json!({ "national_register_number": number, "email": "not an address", "language": "nl" });
    let refused = api.expect(422, M::POST, "/card-requests", &[], None, Some(ask)).await;
    assert_eq!(refused["code"], "invalid_email");
    let reset = json!({ "user_name": jan_card.user_name, "language": "fr" });
    api.expect(202, M::POST, "/password-resets", &[], None, Some(reset)).await;
    let block = json!({ "user_name": jan_card.user_name, "password": jan_card.password.expose() });
    api.expect(200, M::POST, "/cards/block", &[], None, Some(block.clone())).await;
    api.expect(409, M::POST, "/cards/block", &[], None, Some(block)).await;
    let me = api.expect(200, M::GET, "/me", &[], jan, None).await;
    assert_eq!(me["card"], Value::Null, "no active card");

    // An logs out: her session is gone.
    api.expect(204, M::POST, "/session/logout", &[], an, None).await;
    let ended = api.expect(401, M::GET, "/me", &[], an, None).await;
    assert_eq!(ended["code"], "unauthorized");

    // Every operation's success answer was met.
    let all: BTreeSet<(String, String)> =
        document.operations().into_iter().map(|(m, p, _)| (m.to_string(), p)).collect();
    let succeeded = api.succeeded.borrow();
    let missed: Vec<_> = all.difference(&succeeded).collect();
    assert!(missed.is_empty(), "no success answer checked for {missed:?}");
}

/// What a request may hold, where JSON Schema can say it, is what the server accepts: the
/// fuzzing (scripts/api-fuzz) sends what the document allows and counts every refusal of
/// it. User name and password lengths and characters, device names and the base64 of the
/// 32-byte keys: the document's bounds are the server's constants, and its patterns agree
/// with the server's checks on both sides of each bound.
#[test]
fn the_documented_request_rules_are_the_servers() {
    use dossier_server::{accounts, devices};
    let document = Document::new(serde_json::to_value(dossier_server::openapi_document()).unwrap());
    let schemas = &document.json["components"]["schemas"];
    let field = |schema: &str, name: &str| schemas[schema]["properties"][name].clone();
    let accepts = |schema: &Value, value: &str| document.validator(schema).is_valid(&json!(value));

    let user_name = field("ChangeUserNameRequest", "new_user_name");
    assert_eq!(user_name["minLength"], u64::from(accounts::USER_NAME_MIN_CHARS));
    assert_eq!(user_name["maxLength"], u64::from(accounts::USER_NAME_MAX_CHARS));
    for name in [
        "an",
        "an.peeters",
        "a-b_c@d.e",
        "françoise",
        "an peeters",
        &"a".repeat(64),
        &"a".repeat(65),
    ] {
        assert_eq!(accepts(&user_name, name), accounts::check_user_name(name).is_ok(), "{name:?}");
    }

    let password = field("ChangePasswordRequest", "new_password");
    assert_eq!(password["minLength"], u64::from(accounts::PASSWORD_MIN_CHARS));
    assert_eq!(password["maxLength"], u64::from(accounts::PASSWORD_MAX_CHARS));

    let device_name = field("RegisterDeviceRequest", "name");
    assert_eq!(device_name["maxLength"], devices::DEVICE_NAME_MAX_CHARS);
    for (name, ok) in [("", false), ("   ", false), ("Phone", true), (" Phone ", true)] {
        assert_eq!(accepts(&device_name, name), ok, "{name:?}");
    }

    let keys = [
        field("RegisterDeviceRequest", "public_key"),
        field("RegisterDeviceRequest", "access_key"),
        field("ChangePinRequest", "new_access_key"),
    ];
    for key in &keys {
        for bytes in [[0u8; 32], [0xff; 32], [0x5a; 32]] {
            assert!(accepts(key, &STANDARD.encode(bytes)), "{bytes:?}");
        }
        // Too short, too long, unpadded, and non-canonical trailing bits (which the
        // server's base64 refuses).
        for wrong in [
            STANDARD.encode([0u8; 31]),
            STANDARD.encode([0u8; 33]),
            STANDARD.encode([0u8; 32]).trim_end_matches('=').to_owned(),
            format!("{}B=", &STANDARD.encode([0u8; 32])[..42]),
        ] {
            assert!(STANDARD.decode(&wrong).ok().filter(|b| b.len() == 32).is_none(), "{wrong}");
            assert!(!accepts(key, &wrong), "{wrong}");
        }
    }
}
