//! A real dossier-server on 127.0.0.1:0 over a fresh database, with a clock the test
//! moves and e-mail going to an outbox folder.

use std::net::SocketAddr;

use chrono::{DateTime, Utc};
use dossier_core::{Account, DossierClient, ServerUrl};
use dossier_server::{AppState, FixedClock, RunningServer, ServerSettings};
use tempfile::TempDir;
use tokio::net::TcpListener;

use crate::{
    database::{Backend, TestDatabase},
    logs::log_to_test_dir,
    outbox::{OutboxMail, read_outbox},
};

pub struct TestServer {
    running: Option<RunningServer>,
    addr: SocketAddr,
    pub state: AppState,
    pub clock: FixedClock,
    pub database: TestDatabase,
    /// Holds the outbox folder (`outbox/`) and anything else the test keeps next to it.
    pub dir: TempDir,
}

impl TestServer {
    /// A server over a fresh database of `backend`, its clock standing at `now`; None when
    /// that database is not available (see [`TestDatabase::create`]).
    pub async fn start(backend: Backend, now: DateTime<Utc>) -> Option<Self> {
        log_to_test_dir();
        let database = TestDatabase::create(backend).await?;
        let dir = tempfile::tempdir().unwrap();
        let settings = ServerSettings::for_tests(&dir.path().join("outbox"));
        let clock = FixedClock::new(now);
        let state = AppState::open(database.db.clone(), clock.clone(), &settings).await.unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let running = dossier_server::start(listener, state.clone()).unwrap();
        Some(Self { addr: running.addr(), running: Some(running), state, clock, database, dir })
    }

    /// Moves the server's clock forward.
    pub fn advance(&self, seconds: i64) {
        self.clock.set(self.clock.now_timestamp() + chrono::TimeDelta::seconds(seconds));
    }

    pub fn addr(&self) -> SocketAddr {
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

    /// A client of this server, as the app has one.
    pub fn client(&self) -> DossierClient {
        DossierClient::new(ServerUrl::parse(&self.url()).unwrap()).unwrap()
    }

    /// An account without a device (a code-card login only).
    pub fn account(&self) -> Account {
        Account::new(self.client())
    }

    /// Seeds the demo data (with its cards; secrets written down for the log audit).
    pub async fn seed_demo(&self) -> dossier_server::demo::DemoSummary {
        crate::demo::seed_demo(&self.state).await.unwrap()
    }

    /// The e-mail the server sent, oldest first.
    pub fn outbox(&self) -> Vec<OutboxMail> {
        read_outbox(&self.dir.path().join("outbox"))
    }
}

/// A server over a fresh SQLite file, on the real time (the core's tests).
pub async fn start_server() -> TestServer {
    TestServer::start(Backend::Sqlite, Utc::now()).await.unwrap()
}
