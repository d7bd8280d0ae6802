//! A real dossier-server on loopback for the core's tests, over a fresh SQLite file, with
//! mail going to an outbox folder.

#![allow(dead_code)]

use dossier_api::{Language, Sensitive};
use dossier_core::{Account, DossierClient, ServerUrl};
use dossier_server::{
    AppState, Database, RunningServer, ServerSettings, SystemClock, cards::Delivery,
    config::sqlite_url, enrolment, patients, staff, test_support,
};
use tempfile::TempDir;
use tokio::net::TcpListener;

pub struct Server {
    pub running: RunningServer,
    pub state: AppState,
    pub dir: TempDir,
}

pub async fn start_server() -> Server {
    test_support::log_to_test_dir();
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&sqlite_url(&dir.path().join("db.sqlite3"))).await.unwrap();
    let settings = ServerSettings::for_tests(&dir.path().join("outbox"));
    let state = AppState::open(db, SystemClock, &settings).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = dossier_server::start(listener, state.clone()).unwrap();
    Server { running, state, dir }
}

impl Server {
    pub fn client(&self) -> DossierClient {
        DossierClient::new(ServerUrl::parse(&self.running.url()).unwrap()).unwrap()
    }

    pub fn account(&self) -> Account {
        Account::new(self.client())
    }

    pub fn outbox(&self) -> Vec<test_support::OutboxMail> {
        test_support::read_outbox(&self.dir.path().join("outbox"))
    }
}

/// A patient with a card issued at the desk.
pub struct Card {
    pub user_name: String,
    pub password: Sensitive<String>,
    pub codes: Vec<Sensitive<String>>,
}

impl Card {
    pub fn code(&self, index: u8) -> Sensitive<String> {
        self.codes[usize::from(index) - 1].clone()
    }
}

pub async fn enrol(
    server: &Server,
    given_name: &str,
    family_name: &str,
    email: Option<&str>,
) -> Card {
    let patient = patients::NewPatient {
        ead_number: format!("{}", 30_000_000 + (uuid_like() % 9_999_999)),
        national_register_number: None,
        given_name: given_name.into(),
        family_name: family_name.into(),
        date_of_birth: jiff::civil::date(1975, 3, 9),
        date_of_death: None,
        email: email.map(str::to_owned),
        street: "Markt 1".into(),
        postal_code: "2440".into(),
        city: "Geel".into(),
        country: "BE".into(),
        language: Language::Nl,
    };
    let id = staff::register_patient(&server.state, &patient).await.unwrap();
    let mut conn = server.state.db.pool().acquire().await.unwrap();
    let patient = patients::find_by_id(&mut conn, &id).await.unwrap().unwrap();
    drop(conn);
    let issued =
        enrolment::issue_card(&server.state, &patient, Delivery::Desk, None).await.unwrap();
    let card = issued.card;
    test_support::record_secrets(std::iter::once(
        card.initial_password.as_ref().unwrap().expose().as_str(),
    ));
    test_support::record_secrets(card.codes.iter().map(|c| c.expose().as_str()));
    Card {
        user_name: card.user_name.clone(),
        password: card.initial_password.clone().unwrap(),
        codes: card.codes.clone(),
    }
}

fn uuid_like() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().subsec_nanos();
    u64::from(nanos) ^ u64::from(std::process::id())
}
