//! The server's own test support, on the test kit (its database, patients and cards): the
//! services over a fresh database with a clock at a fixed date, the running server with
//! raw JSON calls (the API as any client sees it), and each test on both databases.

#![allow(dead_code, clippy::print_stderr)] // Shared by several test binaries; skips are reported.

pub mod process;

use dossier_server::{AppState, FixedClock, RunningServer, ServerSettings};
pub use dossier_test_kit::{Backend, TestDatabase};
use dossier_test_kit::{logs, patients};
use tempfile::TempDir;

/// The services over a fresh database, with a clock the test controls and an outbox
/// folder for e-mail.
pub struct TestState {
    pub state: AppState,
    pub database: TestDatabase,
    pub clock: FixedClock,
    pub outbox: TempDir,
}

impl TestState {
    pub async fn create(backend: Backend) -> Option<Self> {
        logs::log_to_test_dir();
        let database = TestDatabase::create(backend).await?;
        let clock = FixedClock::new("2026-11-23T10:00:00Z".parse().unwrap());
        let outbox = tempfile::tempdir().unwrap();
        let settings = ServerSettings::for_tests(outbox.path());
        let state = AppState::open(database.db.clone(), clock.clone(), &settings).await.unwrap();
        Some(Self { state, database, clock, outbox })
    }

    /// Moves the clock forward.
    pub fn advance(&self, seconds: i64) {
        let now = self.clock.now_timestamp();
        self.clock.set(now + chrono::TimeDelta::seconds(seconds));
    }
}

/// A running server over a fresh database, with a clock the test controls.
pub struct TestServer {
    pub server: Option<RunningServer>,
    pub test: TestState,
    pub http: reqwest::Client,
}

impl TestServer {
    pub async fn start(backend: Backend) -> Option<Self> {
        let test = TestState::create(backend).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = dossier_server::start(listener, test.state.clone()).unwrap();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        Some(Self { server: Some(server), test, http })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.as_ref().unwrap().url())
    }

    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await.unwrap();
        }
    }
}

/// Runs each listed `async fn(Backend)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::common::Backend::Postgres).await;
                }
            )*
        }
    };
}

/// A patient with a desk-issued card, made through the real staff path.
pub struct Enrolled {
    pub patient_id: String,
    pub user_name: String,
    pub password: String,
    pub serial: String,
    pub codes: Vec<String>,
}

impl Enrolled {
    pub fn code(&self, index: u8) -> &str {
        &self.codes[usize::from(index) - 1]
    }
}

/// Registers an adult patient (optionally with a register number and an e-mail address)
/// and issues them a card at the desk.
pub async fn enrol(
    test: &TestState,
    given_name: &str,
    family_name: &str,
    register_serial: Option<u16>,
    email: Option<&str>,
) -> Enrolled {
    let patient = register(test, given_name, family_name, register_serial, email).await;
    let card = patients::issue_desk_card(&test.state, &patient).await;
    Enrolled {
        patient_id: patient.id.clone(),
        user_name: card.user_name.clone(),
        password: card.password.expose().clone(),
        serial: card.serial.clone(),
        codes: card.codes.iter().map(|c| c.expose().clone()).collect(),
    }
}

/// Registers an adult patient without a card.
pub async fn register(
    test: &TestState,
    given_name: &str,
    family_name: &str,
    register_serial: Option<u16>,
    email: Option<&str>,
) -> dossier_server::patients::Patient {
    let born = dossier_server::clock::date(1980, 5, 17);
    register_born(test, given_name, family_name, born, register_serial, email).await
}

/// Registers a patient born on `born` (a register number of that date with the serial).
pub async fn register_born(
    test: &TestState,
    given_name: &str,
    family_name: &str,
    born: chrono::NaiveDate,
    register_serial: Option<u16>,
    email: Option<&str>,
) -> dossier_server::patients::Patient {
    patients::register(&test.state, given_name, family_name, born, register_serial, email).await
}

/// JSON calls to the running server, returning status and body.
impl TestServer {
    pub async fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let response = self.http.post(self.url(path)).json(&body).send().await.unwrap();
        Self::read(response).await
    }

    pub async fn authed(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::read(request.send().await.unwrap()).await
    }

    async fn read(response: reqwest::Response) -> (u16, serde_json::Value) {
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::Null))
    }

    /// Step one; returns (challenge, code index).
    pub async fn login_start(&self, user_name: &str) -> (String, u8) {
        let (status, body) =
            self.post("/api/v1/login/start", serde_json::json!({ "user_name": user_name })).await;
        assert_eq!(status, 200, "{body}");
        (body["challenge"].as_str().unwrap().to_owned(), body["code_index"].as_u64().unwrap() as u8)
    }

    pub async fn finish(
        &self,
        challenge: &str,
        password: &str,
        code: &str,
    ) -> (u16, serde_json::Value) {
        self.post(
            "/api/v1/login/finish",
            serde_json::json!({ "challenge": challenge, "password": password, "code": code }),
        )
        .await
    }

    /// A full successful login; returns the finish answer.
    pub async fn login(&self, who: &Enrolled) -> serde_json::Value {
        let (challenge, index) = self.login_start(&who.user_name).await;
        let (status, body) = self.finish(&challenge, &who.password, who.code(index)).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// A code-card login's session token.
    pub async fn session(&self, who: &Enrolled) -> String {
        self.login(who).await["session_token"].as_str().unwrap().to_owned()
    }
}

/// An in-person appointment at `hospital`'s `department`, half an hour from `start`.
pub fn appointment(
    source: &str,
    hospital: &str,
    department: &str,
    start: chrono::DateTime<chrono::Utc>,
) -> dossier_server::appointments::IncomingAppointment {
    dossier_server::appointments::IncomingAppointment {
        source_id: source.into(),
        hospital_id: hospital.into(),
        department: department.into(),
        place: Some(dossier_api::appointments::AppointmentPlace {
            campus: "Campus Sint-Jozef".into(),
            route: Some("Route 52".into()),
            floor: Some("2".into()),
        }),
        starts_at: start,
        ends_at: start + chrono::TimeDelta::minutes(30),
        with_whom: "Dr. S. Janssens".into(),
        kind: dossier_api::appointments::AppointmentKind::InPerson,
        video_link: None,
        status: dossier_api::appointments::AppointmentStatus::Planned,
        instructions: "Nuchter komen.".into(),
        withdrawn: false,
    }
}

/// A page as a browser without script gets it: no script anywhere (and a policy that
/// would refuse one), its language declared, every field named by a label of its own.
pub fn assert_plain_and_labelled(html: &str, csp: &str, lang: &str) {
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(csp.starts_with("default-src 'none'") && !csp.contains("script-src"), "{csp}");
    assert!(html.starts_with(&format!("<!doctype html>\n<html lang=\"{lang}\">")), "{html}");
    let tag_attribute = |tag: &str, name: &str| {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_owned)
    };
    let labelled: Vec<String> = html
        .match_indices("<label")
        .filter_map(|(at, _)| tag_attribute(&html[at..at + html[at..].find('>').unwrap()], "for"))
        .collect();
    let mut fields = 0;
    for tag in ["<input", "<textarea", "<select"] {
        for (at, _) in html.match_indices(tag) {
            let element = &html[at..at + html[at..].find('>').unwrap()];
            if element.contains("type=\"hidden\"") {
                continue;
            }
            let id = tag_attribute(element, "id");
            let id = id.unwrap_or_else(|| panic!("a field without an id: {element}"));
            assert!(labelled.contains(&id), "{id} has no label: {html}");
            fields += 1;
        }
    }
    assert!(fields > 0, "{html}");
}
