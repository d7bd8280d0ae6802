//! A real dossier-server on loopback for the core's tests, over a fresh SQLite file, with
//! mail going to an outbox folder.

#![allow(dead_code)]

use std::sync::Arc;

use dossier_api::{Language, Sensitive};
use dossier_core::{Account, DossierClient, ServerUrl};
use dossier_server::{
    AppState, Database, FixedClock, RunningServer, ServerSettings, cards::Delivery,
    config::sqlite_url, enrolment, patients, staff, test_support,
};
use tempfile::TempDir;
use tokio::net::TcpListener;

/// The real OS keychain (Secret Service), or None to skip when there is no D-Bus session
/// (scripts/test requires one: DOSSIER_TEST_REQUIRE_KEYCHAIN).
#[allow(clippy::print_stderr)] // Says why a test skips.
pub fn os_keychain(kind: dossier_core::BuildKind) -> Option<dossier_core::OsKeychain> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("DOSSIER_TEST_REQUIRE_KEYCHAIN").is_none(),
            "no D-Bus session: run the tests through scripts/with-keyring"
        );
        eprintln!("skipped: no D-Bus session (run through scripts/with-keyring)");
        return None;
    }
    Some(dossier_core::OsKeychain::open(kind).expect("the Secret Service is not available"))
}

/// [`os_keychain`] for test builds, as the core takes it.
pub fn keychain() -> Option<Arc<dyn dossier_core::SecretStore>> {
    Some(Arc::new(os_keychain(dossier_core::BuildKind::Test)?))
}

pub struct Server {
    running: Option<RunningServer>,
    addr: std::net::SocketAddr,
    pub state: AppState,
    pub clock: FixedClock,
    pub dir: TempDir,
}

pub async fn start_server() -> Server {
    test_support::log_to_test_dir();
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(&sqlite_url(&dir.path().join("db.sqlite3"))).await.unwrap();
    let settings = ServerSettings::for_tests(&dir.path().join("outbox"));
    let clock = FixedClock::new(chrono::Utc::now());
    let state = AppState::open(db, clock.clone(), &settings).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = dossier_server::start(listener, state.clone()).unwrap();
    Server { addr: running.addr(), running: Some(running), state, clock, dir }
}

impl Server {
    /// Moves the server's clock forward.
    pub fn advance(&self, seconds: i64) {
        self.clock.set(self.clock.now_timestamp() + chrono::TimeDelta::seconds(seconds));
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server, as when the network is gone.
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await.unwrap();
        }
    }

    /// Starts the server again on its address.
    pub async fn restart(&mut self) {
        let listener = TcpListener::bind(self.addr).await.unwrap();
        self.running = Some(dossier_server::start(listener, self.state.clone()).unwrap());
    }
}

#[allow(unused_imports)] // Not every test binary records what went over the wire.
pub use dossier_test_kit::Capture;

impl Server {
    pub fn client(&self) -> DossierClient {
        DossierClient::new(ServerUrl::parse(&self.url()).unwrap()).unwrap()
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

    /// Logs `account` in with the password and the code the server asks for.
    pub async fn log_in(&self, account: &Account) {
        let asked = account.start_login(&self.user_name, self.password.clone()).await.unwrap();
        account.enter_code(self.code(asked.code_index)).await.unwrap();
    }
}

/// The app as installed with a device: keys in `keychain`, data in `data_dir`, Argon2 at
/// test cost.
pub fn device_account(
    keychain: &Arc<dyn dossier_core::SecretStore>,
    url: &str,
    data_dir: &std::path::Path,
) -> Account {
    let server = ServerUrl::parse(url).unwrap();
    Account::with_device(
        DossierClient::new(server.clone()).unwrap(),
        dossier_core::DeviceSupport {
            vault: dossier_core::device::DeviceVault::new(keychain.clone(), &server),
            kdf: dossier_core::device::KdfParams::FAST_FOR_TESTS,
            data_dir: data_dir.to_path_buf(),
        },
    )
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
        date_of_birth: dossier_server::clock::date(1975, 3, 9),
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

/// Seeds the demo data (with its cards) into the server.
pub async fn seed_demo(server: &Server) -> dossier_server::demo::DemoSummary {
    test_support::seed_demo(&server.state).await.unwrap()
}

/// A demo patient's card, as the core tests use cards.
pub fn demo_card(summary: &dossier_server::demo::DemoSummary, user_name: &str) -> Card {
    let card = summary.cards.iter().find(|c| c.user_name == user_name).unwrap();
    Card {
        user_name: card.user_name.clone(),
        password: card.password.clone(),
        codes: card.codes.clone(),
    }
}
