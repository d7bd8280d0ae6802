//! Test support: a real dossier-server on 127.0.0.1:0 over a fresh database, SQLite file
//! or PostgreSQL (a new database per test in the cluster named by
//! `DOSSIER_TEST_POSTGRES_URL`).

#![allow(dead_code, clippy::print_stderr)] // Shared by several test binaries; skips are reported.

use dossier_server::{
    AppState, Database, FixedClock, RunningServer, ServerSettings, config::sqlite_url, test_support,
};
use sqlx::Connection;
use tempfile::TempDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, migrated, empty database. Keeps its temporary folder alive.
pub struct TestDatabase {
    pub db: Database,
    pub url: String,
    _dir: Option<TempDir>,
}

impl TestDatabase {
    /// None when PostgreSQL is not configured and not required (local runs without it).
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = sqlite_url(&dir.path().join("test.sqlite3"));
                let db = Database::open(&url).await.unwrap();
                Some(Self { db, url, _dir: Some(dir) })
            }
            Backend::Postgres => {
                let Ok(admin_url) = std::env::var("DOSSIER_TEST_POSTGRES_URL") else {
                    assert!(
                        std::env::var_os("DOSSIER_TEST_REQUIRE_POSTGRES").is_none(),
                        "DOSSIER_TEST_POSTGRES_URL is not set but PostgreSQL tests are required"
                    );
                    eprintln!("skipped: DOSSIER_TEST_POSTGRES_URL is not set");
                    return None;
                };
                let name = format!("dossier_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::postgres::PgConnection::connect(&admin_url).await.unwrap();
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
                admin.close().await.unwrap();
                let url = replace_database(&admin_url, &name);
                let db = Database::open(&url).await.unwrap();
                Some(Self { db, url, _dir: None })
            }
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    parsed.set_path(&format!("/{name}"));
    parsed.to_string()
}

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
        test_support::log_to_test_dir();
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
    let issued = dossier_server::enrolment::issue_card(
        &test.state,
        &patient,
        dossier_server::cards::Delivery::Desk,
        None,
    )
    .await
    .unwrap();
    let card = issued.card;
    test_support::record_secrets(card.initial_password.iter().map(|p| p.expose().as_str()));
    test_support::record_secrets(card.codes.iter().map(|c| c.expose().as_str()));
    Enrolled {
        patient_id: patient.id.clone(),
        user_name: card.user_name.clone(),
        password: card.initial_password.as_ref().unwrap().expose().clone(),
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
    use dossier_api::{Language, NationalRegisterNumber};
    let ead = format!("{}", 20_000_000 + (uuid::Uuid::new_v4().as_u128() % 9_999_999) as u64);
    let patient = dossier_server::patients::NewPatient {
        ead_number: ead,
        national_register_number: register_serial.map(|serial| {
            let (year, month, day) = dossier_server::patients::register_ymd(born);
            NationalRegisterNumber::for_birth_date(year, month, day, serial).unwrap()
        }),
        given_name: given_name.into(),
        family_name: family_name.into(),
        date_of_birth: born,
        date_of_death: None,
        email: email.map(str::to_owned),
        street: "Bondgenotenlaan 1".into(),
        postal_code: "3000".into(),
        city: "Leuven".into(),
        country: "BE".into(),
        language: Language::Nl,
    };
    let id = dossier_server::staff::register_patient(&test.state, &patient).await.unwrap();
    if let Some(number) = &patient.national_register_number {
        test_support::record_secrets([number.digits()]);
    }
    let mut conn = test.state.db.pool().acquire().await.unwrap();
    dossier_server::patients::find_by_id(&mut conn, &id).await.unwrap().unwrap()
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
