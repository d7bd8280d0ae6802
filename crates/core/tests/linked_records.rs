//! Linked records on the device, against a real server with the demo data: a child's
//! record closes at the 15th birthday by the device's own clock, also without a
//! connection, and setting the clock back does not reopen it; a link the server ends is
//! purged at the next sync. A purged record leaves nothing in the SQLite file.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use dossier_api::reports::Relation;
use dossier_core::{Account, CoreError, ReportQuery, Unlocked, cache::ClosedReason, clock::Clock};
use dossier_test_kit::{Card, demo_card, device_account, keychain, start_server};

const PIN: &str = "284719";
const DAY: i64 = 86_400;

/// A device clock the test sets.
#[derive(Clone)]
struct DeviceClock(Arc<AtomicI64>);

impl DeviceClock {
    fn new() -> Self {
        Self(Arc::new(AtomicI64::new(dossier_core::clock::unix_now())))
    }
    fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for DeviceClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

async fn register(account: &Account, card: &Card) {
    card.log_in(account).await;
    account.register_device("phone", PIN).await.unwrap();
}

/// The file of `record`'s reports beside the device's SQLite file (the SQLite file names
/// it); it must be there.
fn reports_file_of(data_dir: &std::path::Path, record: &str) -> std::path::PathBuf {
    let cache = data_dir.join("cache");
    let db = rusqlite::Connection::open(cache.join("reports.sqlite3")).unwrap();
    let name: String = db
        .query_row("SELECT items_file FROM records WHERE record_id = ?1", [record], |row| {
            row.get(0)
        })
        .unwrap();
    let file = cache.join("reports.items").join(name);
    assert!(file.exists(), "{}", file.display());
    file
}

/// Rows of `record` left in the device's SQLite file (its key, reports, seen list).
fn rows_of(data_dir: &std::path::Path, record: &str) -> i64 {
    let db = rusqlite::Connection::open(data_dir.join("cache").join("reports.sqlite3")).unwrap();
    ["records", "items", "seen"]
        .iter()
        .map(|table| {
            db.query_row(
                &format!("SELECT COUNT(*) FROM {table} WHERE record_id = ?1"),
                [record],
                |row| row.get::<_, i64>(0),
            )
            .unwrap()
        })
        .sum()
}

#[tokio::test]
async fn offline_at_the_15th_birthday_the_childs_record_closes_and_leaves_the_file() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let clock = DeviceClock::new();
    let app = device_account(&keychain, &server.url(), data.path()).with_clock(clock.clone());
    register(&app, &demo_card(&summary, "els.vandenbroeck")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let records = app.records().await;
    let jonas = records.iter().find(|r| r.given_name == "Jonas").expect("Jonas is listed").clone();
    assert_eq!(jonas.relation, Relation::Child);
    assert!(jonas.last_day.is_some(), "the device knows his last day");
    assert!(!app.reports(&jonas.record_id, &ReportQuery::default()).await.unwrap().is_empty());
    assert!(rows_of(data.path(), &jonas.record_id) > 0);
    let jonas_reports = reports_file_of(data.path(), &jonas.record_id);

    // No connection, and the days pass: he turns 15 on the fourth day.
    server.stop().await;
    app.lock().await;
    clock.advance(3 * DAY);
    assert_eq!(app.unlock(PIN).await.unwrap(), Unlocked::Offline);
    assert!(
        app.records().await.iter().any(|r| r.record_id == jonas.record_id),
        "still his last day"
    );
    clock.advance(DAY);
    // A switch to his record (the app open past midnight) finds it closed.
    let opened = app.reports(&jonas.record_id, &ReportQuery::default()).await;
    assert!(matches!(opened, Err(CoreError::RecordClosed)), "{opened:?}");
    let closed = app.take_closed_records().await;
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].record.record_id, jonas.record_id);
    assert_eq!(closed[0].reason, ClosedReason::TurnedFifteen);
    assert!(app.take_closed_records().await.is_empty(), "said once");
    assert_eq!(rows_of(data.path(), &jonas.record_id), 0, "key, reports and seen list gone");
    assert!(!jonas_reports.exists(), "his reports' file deleted");
    // Her other children stay.
    assert_eq!(app.records().await.len(), records.len() - 1);

    // A restart without a connection, the clock set back a week: still closed.
    app.lock().await;
    let restarted = device_account(&keychain, &server.url(), data.path())
        .with_clock(DeviceClock(Arc::new(AtomicI64::new(clock.now() - 7 * DAY))));
    assert_eq!(restarted.unlock(PIN).await.unwrap(), Unlocked::Offline);
    assert!(!restarted.records().await.iter().any(|r| r.record_id == jonas.record_id));
    let _ = dossier_core::device::DeviceVault::new(
        keychain.clone(),
        &dossier_core::ServerUrl::parse(&server.url()).unwrap(),
    )
    .delete();
}

#[tokio::test]
async fn a_clock_set_back_cannot_reopen_a_record_the_servers_time_has_closed() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    // The device's clock runs a week behind (set back by hand).
    let behind = DeviceClock::new();
    behind.advance(-7 * DAY);
    let app = device_account(&keychain, &server.url(), data.path()).with_clock(behind.clone());
    register(&app, &demo_card(&summary, "els.vandenbroeck")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let jonas = app.records().await.into_iter().find(|r| r.given_name == "Jonas").unwrap();

    // Five days later by the server's clock, the device unlocks with the server: its
    // answers carry that time. By the device's own clock his birthday is still ahead, but
    // the record closes at once, before any sync.
    server.advance(5 * DAY);
    app.lock().await;
    assert_eq!(app.unlock(PIN).await.unwrap(), Unlocked::Online);
    assert!(!app.records().await.iter().any(|r| r.record_id == jonas.record_id));
    let closed = app.take_closed_records().await;
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].reason, ClosedReason::TurnedFifteen);
    server.stop().await;
    app.lock().await;
    // Unlocked without a connection after a restart: the server's time still counts.
    let restarted =
        device_account(&keychain, &server.url(), data.path()).with_clock(behind.clone());
    assert_eq!(restarted.unlock(PIN).await.unwrap(), Unlocked::Offline);
    assert!(!restarted.records().await.iter().any(|r| r.record_id == jonas.record_id));
    assert_eq!(rows_of(data.path(), &jonas.record_id), 0);
    let _ = dossier_core::device::DeviceVault::new(
        keychain.clone(),
        &dossier_core::ServerUrl::parse(&server.url()).unwrap(),
    )
    .delete();
}

#[tokio::test]
async fn a_link_the_server_ends_is_purged_at_the_next_sync() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &server.url(), data.path());
    register(&app, &demo_card(&summary, "an.peeters")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let jan = app
        .records()
        .await
        .into_iter()
        .find(|r| r.relation == Relation::TrustedPerson)
        .expect("An is Jan's trusted person");
    assert!(rows_of(data.path(), &jan.record_id) > 0);
    let jan_reports = reports_file_of(data.path(), &jan.record_id);

    // Jan revokes her (here: staff end the link).
    let mut conn = server.state.db.pool().acquire().await.unwrap();
    let (link,): (String,) =
        sqlx::query_as("SELECT id FROM record_links WHERE subject_id = $1 AND status = 'active'")
            .bind(&jan.record_id)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    drop(conn);
    assert!(dossier_server::staff::end_link(&server.state, &link).await.unwrap());
    app.sync_reports(|_| {}).await.unwrap();
    assert!(!app.records().await.iter().any(|r| r.record_id == jan.record_id));
    assert_eq!(rows_of(data.path(), &jan.record_id), 0);
    assert!(!jan_reports.exists(), "his reports' file deleted");
    let closed = app.take_closed_records().await;
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].reason, ClosedReason::NoLongerLinked);
    let opened = app.reports(&jan.record_id, &ReportQuery::default()).await;
    assert!(matches!(opened, Err(CoreError::RecordClosed)), "{opened:?}");
    let _ = dossier_core::device::DeviceVault::new(
        keychain.clone(),
        &dossier_core::ServerUrl::parse(&server.url()).unwrap(),
    )
    .delete();
}

#[tokio::test]
async fn after_a_death_the_deceaseds_device_purges_everything_and_holders_lose_the_record() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    // An holds Jan's record as trusted person; both have a registered device.
    let an_data = tempfile::tempdir().unwrap();
    let an = device_account(&keychain, &server.url(), an_data.path());
    register(&an, &demo_card(&summary, "an.peeters")).await;
    an.sync_reports(|_| {}).await.unwrap();
    let jan_record = an
        .records()
        .await
        .into_iter()
        .find(|r| r.relation == Relation::TrustedPerson)
        .expect("Jan's record")
        .record_id;
    let jan_reports = reports_file_of(an_data.path(), &jan_record);
    // Jan's own device (a second app on another server address: its own keychain entry).
    let capture = dossier_test_kit::Capture::start(server.addr()).await;
    let jan_data = tempfile::tempdir().unwrap();
    let jan = device_account(&keychain, &capture.url, jan_data.path());
    let jan_card = demo_card(&summary, "jan.janssens");
    register(&jan, &jan_card).await;
    jan.sync_reports(|_| {}).await.unwrap();
    assert!(jan_data.path().join("cache").join("reports.sqlite3").exists());

    let mut conn = server.state.db.pool().acquire().await.unwrap();
    let (ead,): (String,) = sqlx::query_as("SELECT ead_number FROM patients WHERE id = $1")
        .bind(&jan_record)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    let today = dossier_server::Clock::today(&server.clock);
    dossier_server::staff::record_death(&server.state, &ead, today).await.unwrap();

    // An's next sync purges his record and says it closed.
    an.sync_reports(|_| {}).await.unwrap();
    assert!(!an.records().await.iter().any(|r| r.record_id == jan_record));
    assert_eq!(rows_of(an_data.path(), &jan_record), 0);
    assert!(!jan_reports.exists(), "his reports' file deleted");
    let closed = an.take_closed_records().await;
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].reason, ClosedReason::NoLongerLinked);
    // His own device, at its next contact: refused, and everything on it goes.
    jan.lock().await;
    let refused = jan.unlock(PIN).await;
    assert!(matches!(refused, Err(CoreError::AccountClosed)), "{refused:?}");
    assert!(!jan_data.path().join("cache").join("reports.sqlite3").exists(), "cache deleted");
    assert_eq!(
        jan.device_state().await.unwrap(),
        dossier_core::DeviceState::NotRegistered,
        "keys deleted"
    );
    for url in [server.url(), capture.url.clone()] {
        let _ = dossier_core::device::DeviceVault::new(
            keychain.clone(),
            &dossier_core::ServerUrl::parse(&url).unwrap(),
        )
        .delete();
    }
}
