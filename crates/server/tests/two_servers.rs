//! Two dossier-server processes on one PostgreSQL database, behind nothing but different
//! ports, as a hospital scales out: a login started on one finishes on the other, a
//! session made on one works (and ends) on the other, and the login throttle and the PIN
//! count are one count across both, and an e-mail the notification job of both servers
//! could send is sent once. Nothing a second process needs lives in one process's memory.

mod common;

use base64::{Engine, engine::general_purpose::STANDARD};
use common::{
    Backend, Enrolled, TestState, enrol,
    process::{ServerProcess, free_port},
};
use ed25519_dalek::SigningKey;
use reqwest::Method;
use serde_json::{Value, json};

/// One of the two servers, as any client sees it.
struct Server {
    url: String,
    http: reqwest::Client,
    _process: ServerProcess,
}

impl Server {
    fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[])
    }

    /// With more settings in the environment.
    fn start_with(database_url: &str, env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let bind = format!("127.0.0.1:{port}");
        let mut all = vec![("DATABASE_URL", database_url)];
        all.extend_from_slice(env);
        let mut process =
            ServerProcess::start(&all, &["--bind", &bind, "--public-url", "http://127.0.0.1"]);
        process.wait_for("dossier-server listening");
        let _ = rustls::crypto::ring::default_provider().install_default();
        Self { url: format!("http://{bind}"), http: reqwest::Client::new(), _process: process }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, None, Some(body)).await
    }

    /// Step one of a code-card login: (challenge, code index).
    async fn login_start(&self, who: &Enrolled) -> (String, u8) {
        let (status, body) =
            self.post("/api/v1/login/start", json!({ "user_name": who.user_name })).await;
        assert_eq!(status, 200, "{body}");
        (body["challenge"].as_str().unwrap().to_owned(), body["code_index"].as_u64().unwrap() as u8)
    }

    async fn login_finish(&self, challenge: &str, password: &str, code: &str) -> (u16, Value) {
        let body = json!({ "challenge": challenge, "password": password, "code": code });
        self.post("/api/v1/login/finish", body).await
    }
}

/// The test's database and the two servers on it; None without PostgreSQL.
async fn two_servers() -> Option<(TestState, Server, Server)> {
    let test = TestState::create(Backend::Postgres).await?;
    let url = test.database.url.clone();
    Some((test, Server::start(&url), Server::start(&url)))
}

#[tokio::test]
async fn a_login_started_on_one_server_finishes_on_the_other_and_its_session_works_on_both() {
    let Some((test, a, b)) = two_servers().await else { return };
    let an = enrol(&test, "An", "Peeters", None, None).await;

    let (challenge, index) = a.login_start(&an).await;
    let (status, body) = b.login_finish(&challenge, &an.password, an.code(index)).await;
    assert_eq!(status, 200, "{body}");
    let token = body["session_token"].as_str().unwrap().to_owned();
    // The challenge is spent on both.
    let (status, _) = a.login_finish(&challenge, &an.password, an.code(index)).await;
    assert_ne!(status, 200, "a challenge is used once, whichever server sees it again");

    for server in [&a, &b] {
        let (status, me) = server.call(Method::GET, "/api/v1/me", Some(&token), None).await;
        assert_eq!((status, me["patient"]["given_name"].as_str()), (200, Some("An")));
    }
    // Logged out on one, the session is over on the other too.
    let (status, _) = a.call(Method::POST, "/api/v1/session/logout", Some(&token), None).await;
    assert!(status < 300, "{status}");
    let (status, _) = b.call(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn the_login_throttle_counts_failures_on_both_servers_as_one() {
    let Some((test, a, b)) = two_servers().await else { return };
    let an = enrol(&test, "An", "Peeters", None, None).await;
    // Two free failures, one on each server; the third (on the first) brings the wait.
    for server in [&a, &b, &a] {
        let (challenge, _) = server.login_start(&an).await;
        let (status, _) = server.login_finish(&challenge, "not the password", "123456").await;
        assert_eq!(status, 401);
    }
    for server in [&b, &a] {
        let (status, body) =
            server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await;
        assert_eq!((status, body["code"].as_str()), (429, Some("slowed_down")), "{body}");
    }
}

#[tokio::test]
async fn wrong_pins_on_both_servers_add_up_to_one_limit() {
    let Some((test, a, b)) = two_servers().await else { return };
    let an = enrol(&test, "An", "Peeters", None, None).await;
    let (challenge, index) = a.login_start(&an).await;
    let (_, body) = a.login_finish(&challenge, &an.password, an.code(index)).await;
    let token = body["session_token"].as_str().unwrap();
    let key = SigningKey::from_bytes(&[7; 32]);
    let registration = json!({
        "name": "Pixel of An",
        "public_key": STANDARD.encode(key.verifying_key().as_bytes()),
        "access_key": STANDARD.encode([1; 32]),
        "replaces": null,
    });
    let (status, device) =
        a.call(Method::POST, "/api/v1/devices", Some(token), Some(registration)).await;
    assert_eq!(status, 200, "{device}");
    let device = device["device_id"].as_str().unwrap();

    // A wrong PIN, alternately on each server: the count left goes down across both.
    for (server, tries_left) in [(&a, 4), (&b, 3), (&a, 2), (&b, 1)] {
        let (_, started) =
            server.post(&format!("/api/v1/devices/{device}/login/start"), json!({})).await;
        let challenge = started["challenge"].as_str().unwrap();
        let (status, body) = server
            .post(
                &format!("/api/v1/devices/{device}/login/unlock"),
                json!({ "challenge": challenge, "access_key": STANDARD.encode([9; 32]) }),
            )
            .await;
        assert_eq!((status, body["code"].as_str()), (401, Some("wrong_pin")));
        assert_eq!(body["tries_left"], tries_left);
    }
    let (_, started) = a.post(&format!("/api/v1/devices/{device}/login/start"), json!({})).await;
    let (status, body) = a
        .post(
            &format!("/api/v1/devices/{device}/login/unlock"),
            json!({ "challenge": started["challenge"], "access_key": STANDARD.encode([9; 32]) }),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (423, Some("device_blocked")));
    // Blocked on the other server as well, also for the right PIN.
    let (status, body) = b.post(&format!("/api/v1/devices/{device}/login/start"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (423, Some("device_blocked")));
}

/// Both servers run the notification job every second on the same database and outbox:
/// "something new" reaches the patient once.
#[tokio::test]
async fn the_notification_job_of_two_servers_sends_each_email_once() {
    let Some(test) = TestState::create(Backend::Postgres).await else { return };
    let url = test.database.url.clone();
    let outbox = tempfile::tempdir().unwrap();
    let mail = format!("file:{}", outbox.path().display());
    let env = [("DOSSIER_MAIL", mail.as_str()), ("DOSSIER_NOTIFY_EVERY", "1")];
    let (_first, _second) = (Server::start_with(&url, &env), Server::start_with(&url, &env));
    let hospital = dossier_server::staff::NewHospital {
        id: "tst".into(),
        name: "Testziekenhuis".into(),
        city: "Leuven".into(),
        reports_visible_from: dossier_server::clock::date(2016, 8, 15),
        shares_child_reports: true,
        patient_number_system: None,
    };
    dossier_server::staff::add_hospital(&test.state, &hospital).await.unwrap();
    let jan = enrol(&test, "Jan", "Peeters", None, Some("jan.peeters@example.be")).await;
    let ead = {
        let mut conn = test.state.db.pool().acquire().await.unwrap();
        let patient = dossier_server::patients::find_by_id(&mut conn, &jan.patient_id).await;
        patient.unwrap().unwrap().ead_number
    };
    let start = chrono::Utc::now() + chrono::TimeDelta::days(7);
    let appointment = common::appointment("A-1", "tst", "Cardiologie", start);
    let read = [dossier_server::import::appointments::ImportedAppointment {
        resource: "A-1".into(),
        patient: dossier_server::import::PatientIdentity::ead(&ead),
        appointment,
    }];
    dossier_server::record_staff::import_appointments(&test.state, &read).await.unwrap();
    // Several rounds of each server.
    let told = || {
        dossier_test_kit::outbox::read_outbox(outbox.path())
            .into_iter()
            .filter(|m| m.to.contains("jan.peeters@example.be"))
            .count()
    };
    for _ in 0..50 {
        if told() > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(told(), 1, "one e-mail, from one of the two servers");
}
