//! Reports on the device: sync from a real server into the encrypted SQLite cache, listing
//! and search from memory, offline reading after a restart, removals and purges.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use std::sync::Arc;

use dossier_api::reports::{Relation, ReportType};
use dossier_core::{Account, ReportQuery, ServerUrl, Unlocked, device::DeviceVault};
use dossier_test_kit::{Capture, Card, demo_card, device_account, keychain, start_server};

const PIN: &str = "284719";

async fn register(account: &Account, card: &Card) {
    card.log_in(account).await;
    account.register_device("laptop", PIN).await.unwrap();
}

#[tokio::test]
async fn sync_fills_the_encrypted_cache_and_it_reads_offline_after_a_restart() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &server.url(), data.path());
    register(&app, &demo_card(&summary, "an.peeters")).await;

    let progress = std::sync::Mutex::new(Vec::new());
    app.sync_reports(|p| progress.lock().unwrap().push(p)).await.unwrap();
    let records = app.records().await;
    assert_eq!(records.len(), 2, "her own and her father's (trusted person): {records:?}");
    let own = records.iter().find(|r| r.relation == Relation::Own).unwrap().record_id.clone();
    let all = app.reports(&own, &ReportQuery::default()).await.unwrap();
    assert!(all.len() > 100, "{}", all.len());
    assert!(progress.lock().unwrap().iter().any(|p| p.record_id == own && p.done));
    assert!(all.windows(2).all(|w| w[0].performed_on >= w[1].performed_on), "newest first");
    let labs = app
        .reports(
            &own,
            &ReportQuery { report_type: Some(ReportType::LabResult), ..Default::default() },
        )
        .await
        .unwrap();
    assert!(!labs.is_empty() && labs.iter().all(|r| r.report_type == ReportType::LabResult));
    let found = app
        .reports(&own, &ReportQuery { text: Some("thorax".into()), ..Default::default() })
        .await
        .unwrap();
    assert!(!found.is_empty(), "the demo has chest X-rays");
    assert!(
        found.iter().all(|r| format!("{}{}", r.title, r.body).to_lowercase().contains("thorax"))
    );
    assert!(app.last_synced(&own).await.unwrap().is_some());

    // Nothing in the cache's files (the SQLite file and the records' report files) is
    // readable text.
    let cache = data.path().join("cache");
    let report_files: Vec<_> = std::fs::read_dir(cache.join("reports.items"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(!report_files.is_empty(), "the records' reports are in files of their own");
    for file in report_files.iter().chain([&cache.join("reports.sqlite3")]) {
        let bytes = std::fs::read(file).unwrap();
        for needle in [all[0].title.as_bytes(), b"Peeters".as_slice(), b"hzk".as_slice()] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{:?} in clear in {}",
                String::from_utf8_lossy(needle),
                file.display()
            );
        }
    }

    // Offline after a restart: the same reports, from the device.
    server.stop().await;
    let offline = device_account(&keychain, &server.url(), data.path());
    assert_eq!(offline.unlock(PIN).await.unwrap(), Unlocked::Offline);
    assert_eq!(offline.records().await.len(), 2);
    assert_eq!(offline.reports(&own, &ReportQuery::default()).await.unwrap(), all);
    let _ = DeviceVault::new(keychain.clone(), &ServerUrl::parse(&server.url()).unwrap()).delete();
}

#[tokio::test]
async fn a_protected_report_leaves_the_device_and_an_ended_link_purges_the_record() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &server.url(), data.path());
    register(&app, &demo_card(&summary, "els.vandenbroeck")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let records = app.records().await;
    assert_eq!(records.len(), 4, "Els and her three children under 15");
    let own = records.iter().find(|r| r.relation == Relation::Own).unwrap().record_id.clone();
    let before = app.reports(&own, &ReportQuery::default()).await.unwrap();

    let victim = before[0].id.clone();
    let mut conn = server.state.db.pool().acquire().await.unwrap();
    dossier_server::reports::set_status(
        &mut conn,
        &victim,
        dossier_server::reports::StatusChange::Protect,
        server.state.now(),
    )
    .await
    .unwrap();
    drop(conn);
    app.sync_reports(|_| {}).await.unwrap();
    let after = app.reports(&own, &ReportQuery::default()).await.unwrap();
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|r| r.id != victim), "gone from the device");

    // Wout turns 15: his record leaves the device at the next sync.
    let wout = records.iter().find(|r| r.given_name == "Wout").unwrap().clone();
    assert!(!app.reports(&wout.record_id, &ReportQuery::default()).await.unwrap().is_empty());
    let birthday = wout.date_of_birth.checked_add_months(chrono::Months::new(15 * 12)).unwrap();
    let at = birthday
        .and_hms_opt(1, 0, 0)
        .and_then(|t| {
            chrono::TimeZone::from_local_datetime(&chrono_tz::Europe::Brussels, &t).single()
        })
        .unwrap()
        .to_utc();
    server.clock.set(at);
    // (The session ended in the meantime: unlock again.)
    app.lock().await;
    app.unlock(PIN).await.unwrap();
    app.sync_reports(|_| {}).await.unwrap();
    assert_eq!(app.records().await.len(), 2);
    let opened = app.reports(&wout.record_id, &ReportQuery::default()).await;
    assert!(matches!(opened, Err(dossier_core::CoreError::RecordClosed)), "purged: {opened:?}");
    let _ = DeviceVault::new(keychain.clone(), &ServerUrl::parse(&server.url()).unwrap()).delete();
}

#[tokio::test]
async fn a_sync_that_changes_nothing_asks_once_per_record_and_a_new_record_comes_with_it() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let capture = Capture::start(server.addr()).await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &capture.url, data.path());
    register(&app, &demo_card(&summary, "an.peeters")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let records = app.records().await;
    assert_eq!(records.len(), 2, "her own and her father's");

    let before = capture.requests().len();
    app.sync_reports(|_| {}).await.unwrap();
    let asked = capture.requests().split_off(before);
    assert_eq!(asked.len(), records.len(), "one page of each record, nothing else: {asked:?}");
    for record in &records {
        let page = format!("GET /api/v1/records/{}/reports?cursor=", record.record_id);
        assert!(asked.iter().any(|line| line.starts_with(&page)), "{page} in {asked:?}");
    }

    // Marc appoints An as his trusted person: the first page of the next sync lists his
    // record, and it is synced in the same run.
    let own = records.iter().find(|r| r.relation == Relation::Own).unwrap().record_id.clone();
    let mut conn = server.state.db.pool().acquire().await.unwrap();
    let marc: String = sqlx::query_scalar(
        "SELECT id FROM patients WHERE given_name = 'Marc' AND family_name = 'Dubois'",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    let link = dossier_server::links::NewLink::by_staff(
        &own,
        &marc,
        dossier_server::links::LinkKind::TrustedPerson,
        dossier_server::clock::date(2020, 1, 1),
        None,
    );
    dossier_server::links::insert(&mut conn, &link, 0).await.unwrap();
    drop(conn);
    app.sync_reports(|_| {}).await.unwrap();
    let now = app.records().await;
    assert_eq!(now.len(), 3, "{now:?}");
    assert!(now.iter().any(|r| r.record_id == marc && r.relation == Relation::TrustedPerson));
    assert!(!app.reports(&marc, &ReportQuery::default()).await.unwrap().is_empty());
    let _ = DeviceVault::new(keychain.clone(), &ServerUrl::parse(&capture.url).unwrap()).delete();
}

#[tokio::test]
async fn a_shared_computer_keeps_reports_in_memory_only() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    // An app that could register this device, used with the code card alone.
    let app = device_account(&keychain, &server.url(), data.path());
    let card = demo_card(&summary, "marc.dubois");
    card.log_in(&app).await;
    app.sync_reports(|_| {}).await.unwrap();
    let own = app.records().await[0].record_id.clone();
    assert!(!app.reports(&own, &ReportQuery::default()).await.unwrap().is_empty());
    assert_eq!(std::fs::read_dir(data.path()).unwrap().count(), 0, "nothing written");
    app.logout().await;
    assert!(app.reports(&own, &ReportQuery::default()).await.is_err(), "gone with the session");
}

#[tokio::test]
async fn reports_that_arrive_after_the_last_visit_are_new_until_the_next_one() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &server.url(), data.path());
    register(&app, &demo_card(&summary, "an.peeters")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let own = app.records().await.into_iter().find(|r| r.relation == Relation::Own).unwrap();
    let record = own.record_id.as_str();
    assert!(app.new_reports(record).await.unwrap().is_empty(), "the first sync is the baseline");
    app.mark_reports_seen(record).await.unwrap();

    // The hospital sends a validated report (no delay at this partner).
    let now = server.clock.now_timestamp();
    let incoming = dossier_server::reports::IncomingReport {
        source_id: "new-after-visit".into(),
        hospital_id: "cbw".into(),
        report_type: ReportType::Consultation,
        title: "Consultation de suivi".into(),
        author: "Dr. C. Lambert".into(),
        performed_on: now.date_naive().pred_opt().unwrap(),
        status: dossier_server::reports::IncomingStatus::Validated {
            at: now - chrono::TimeDelta::hours(2),
        },
        source_version: Default::default(),
        body: "Evolution favorable.".into(),
        lab_values: Vec::new(),
    };
    let mut conn = server.state.db.pool().acquire().await.unwrap();
    let id = dossier_server::reports::import(&mut conn, record, &incoming, now.timestamp())
        .await
        .unwrap()
        .unwrap()
        .report_id()
        .to_owned();
    drop(conn);
    app.sync_reports(|_| {}).await.unwrap();
    let new = app.new_reports(record).await.unwrap();
    assert_eq!(new, [id.clone()].into(), "exactly the one that arrived");

    // Seen now: still marked in this session, no longer at the next one.
    app.mark_reports_seen(record).await.unwrap();
    assert_eq!(app.new_reports(record).await.unwrap(), new);
    app.lock().await;
    let next = device_account(&keychain, &server.url(), data.path());
    next.unlock(PIN).await.unwrap();
    assert!(next.new_reports(record).await.unwrap().is_empty());
    let _ = DeviceVault::new(keychain.clone(), &ServerUrl::parse(&server.url()).unwrap()).delete();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_while_the_login_sync_runs_keeps_the_new_session_and_every_report() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let card = demo_card(&summary, "an.peeters");
    let data = tempfile::tempdir().unwrap();
    let app = Arc::new(device_account(&keychain, &server.url(), data.path()));
    card.log_in(&app).await;
    // The shell starts a sync at login; the patient registers the device while it runs
    // (here: while it holds after its first page).
    let first_page = Arc::new(tokio::sync::Notify::new());
    let register = tokio::spawn({
        let (app, first_page) = (app.clone(), first_page.clone());
        async move {
            first_page.notified().await;
            app.register_device("laptop", PIN).await
        }
    });
    let held = std::sync::atomic::AtomicBool::new(false);
    let _ = app
        .sync_reports(|_| {
            if !held.swap(true, std::sync::atomic::Ordering::SeqCst) {
                first_page.notify_one();
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
        })
        .await;
    register.await.unwrap().unwrap();
    assert!(app.is_device_session().await, "the device session survived the old one's end");
    app.sync_reports(|_| {}).await.unwrap();

    let reference = server.account();
    card.log_in(&reference).await;
    reference.sync_reports(|_| {}).await.unwrap();
    for record in reference.records().await {
        let ids = |reports: Vec<dossier_api::reports::ReportView>| {
            reports.into_iter().map(|r| r.id).collect::<std::collections::BTreeSet<_>>()
        };
        let expected =
            ids(reference.reports(&record.record_id, &ReportQuery::default()).await.unwrap());
        let cached = ids(app.reports(&record.record_id, &ReportQuery::default()).await.unwrap());
        assert_eq!(cached, expected, "every report of {} is on the device", record.given_name);
    }
    let _ = DeviceVault::new(keychain.clone(), &ServerUrl::parse(&server.url()).unwrap()).delete();
}
