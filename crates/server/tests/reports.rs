//! Reports and their sync, on SQLite and PostgreSQL: only what the visibility rule allows,
//! paged changes since a cursor, removals of reports hidden again (never of reports the
//! patient never saw), delays that end without a change, amended versions, linked
//! records and their end at 15, the demo data set.

mod common;

use common::{Backend, TestServer, enrol, register};
use dossier_api::reports::{LabFlag, ReportType};
use dossier_server::{
    import::{ImportedReport, PatientIdentity},
    reports::{IncomingReport, IncomingStatus, StatusChange},
    staff,
};
use reqwest::Method;
use serde_json::Value;

on_both_databases!(
    the_demo_has_a_thousand_reports_of_every_kind,
    a_first_sync_pages_through_what_is_visible_and_a_second_is_empty,
    a_report_protected_later_disappears_and_one_protected_from_the_start_is_never_named,
    a_delay_ends_without_any_change_and_pending_says_when,
    an_amended_report_comes_again_with_its_new_version,
    a_parent_syncs_a_childs_record_until_the_15th_birthday,
    nobody_syncs_a_record_that_is_not_theirs,
    imported_fhir_reports_sync_and_a_validated_draft_appears,
);

async fn sync(server: &TestServer, token: &str, record: &str, cursor: &str) -> (u16, Value) {
    server
        .authed(
            Method::GET,
            &format!("/api/v1/records/{record}/reports?cursor={cursor}&limit=100"),
            token,
            None,
        )
        .await
}

/// Pages until `more` is false; returns every upsert id, every removal, and the cursor.
async fn sync_all(
    server: &TestServer,
    token: &str,
    record: &str,
    cursor: &str,
) -> (Vec<Value>, Vec<String>, String, usize) {
    let (mut upserts, mut removals, mut cursor, mut pages) =
        (Vec::new(), Vec::new(), cursor.to_owned(), 0);
    loop {
        let (status, page) = sync(server, token, record, &cursor).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        upserts.extend(page["upserts"].as_array().unwrap().iter().cloned());
        removals.extend(
            page["removals"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_owned()),
        );
        cursor = page["cursor"].as_str().unwrap().to_owned();
        if !page["more"].as_bool().unwrap() {
            return (upserts, removals, cursor, pages);
        }
    }
}

fn report(source: &str, hospital: &str, status: IncomingStatus) -> IncomingReport {
    IncomingReport {
        source_id: source.into(),
        hospital_id: hospital.into(),
        report_type: ReportType::Consultation,
        title: "Raadpleging cardiologie".into(),
        author: "Dr. P. Claes".into(),
        performed_on: dossier_server::clock::date(2026, 11, 20),
        status,
        source_version: Default::default(),
        body: "Geen afwijkingen.".into(),
        lab_values: Vec::new(),
    }
}

fn validated(days_ago: i64) -> IncomingStatus {
    let at = "2026-11-23T10:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap()
        - chrono::TimeDelta::hours(24 * days_ago);
    IncomingStatus::Validated { at }
}

async fn seed_demo(server: &TestServer) {
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
}

/// A patient with one account, and reports imported for them.
async fn patient_with_reports(
    server: &TestServer,
    reports: Vec<IncomingReport>,
) -> (common::Enrolled, String, String) {
    seed_demo(server).await;
    let who = enrol(&server.test, "Jan", "Peeters", None, None).await;
    let token = server.session(&who).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let patient =
        dossier_server::patients::find_by_id(&mut conn, &who.patient_id).await.unwrap().unwrap();
    drop(conn);
    let imported: Vec<ImportedReport> = reports
        .into_iter()
        .map(|report| ImportedReport {
            resource: report.source_id.clone(),
            patient: PatientIdentity::ead(&patient.ead_number),
            report,
        })
        .collect();
    staff::import_reports(&server.test.state, &imported).await.unwrap();
    (who, token, patient.id)
}

async fn the_demo_has_a_thousand_reports_of_every_kind(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed_demo(&server).await;
    let pool = server.test.state.db.pool();
    let count = |sql: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.unwrap();
        n
    };
    assert!(count("SELECT COUNT(*) FROM reports").await >= 1000);
    assert!(count("SELECT COUNT(*) FROM reports WHERE status = 'protected'").await >= 10);
    assert!(count("SELECT COUNT(*) FROM reports WHERE status = 'draft'").await >= 1);
    assert!(count("SELECT COUNT(*) FROM reports WHERE performed_on < '2016-08-15'").await >= 10);
    assert!(count("SELECT COUNT(*) FROM (SELECT DISTINCT report_type FROM reports) t").await == 6);
    assert!(count("SELECT COUNT(*) FROM (SELECT DISTINCT hospital_id FROM reports) t").await == 3);
    let now = server.test.clock.now_timestamp().timestamp();
    let (in_delay,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM reports WHERE hospital_id = 'smt' AND status = 'validated' AND validated_at > $1",
    )
    .bind(now - 7 * 24 * 3600)
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(in_delay >= 1, "some wait out the Tienen delay");
    let labs: Vec<(String,)> =
        sqlx::query_as("SELECT lab_values FROM reports WHERE lab_values IS NOT NULL")
            .fetch_all(pool)
            .await
            .unwrap();
    let values: Vec<dossier_api::reports::LabValue> =
        labs.iter().flat_map(|(json,)| serde_json::from_str::<Vec<_>>(json).unwrap()).collect();
    assert!(
        values.iter().any(|v| v.flag == LabFlag::High)
            && values.iter().any(|v| v.flag == LabFlag::Low)
    );
    assert!(values.iter().all(|v| v.reference_range.is_some() && v.unit.is_some()));
}

async fn a_first_sync_pages_through_what_is_visible_and_a_second_is_empty(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed_demo(&server).await;
    let an = dossier_test_kit::outbox::read_outbox(server.test.outbox.path());
    drop(an);
    // Log in as the demo patient An Peeters with her demo card.
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let account = dossier_server::accounts::find_by_user_name(&mut conn, "an.peeters")
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let token = session_for(&server, &account.id).await;
    let (upserts, removals, cursor, pages) =
        sync_all(&server, &token, &account.patient_id, "").await;
    assert!(pages >= 2, "paged");
    assert!(removals.is_empty());
    // Exactly the visible ones, per the rule.
    let pool = server.test.state.db.pool();
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reports WHERE patient_id = $1")
        .bind(&account.patient_id)
        .fetch_one(pool)
        .await
        .unwrap();
    assert!((upserts.len() as i64) < total, "hidden reports are left out");
    assert!(upserts.len() > 100);
    for report in &upserts {
        assert!(report["performed_on"].as_str().unwrap() >= "2016-08-15");
    }
    // Nothing changed: one small answer.
    let (status, page) = sync(&server, &token, &account.patient_id, &cursor).await;
    assert_eq!(status, 200);
    assert_eq!(page["upserts"].as_array().unwrap().len(), 0);
    assert_eq!(page["removals"].as_array().unwrap().len(), 0);
    assert_eq!(page["more"], false);
    assert_eq!(page["records"][0]["relation"], "own");
}

/// A session for an account without going through the login (the login is tested apart).
async fn session_for(server: &TestServer, account_id: &str) -> String {
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let token =
        dossier_server::sessions::open(&mut conn, account_id, None, server.test.state.now())
            .await
            .unwrap();
    token.expose().clone()
}

async fn a_report_protected_later_disappears_and_one_protected_from_the_start_is_never_named(
    backend: Backend,
) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token, record) = patient_with_reports(
        &server,
        vec![
            report("r-1", "hzk", validated(2)),
            report("r-2", "hzk", IncomingStatus::Protected { validated_at: None }),
        ],
    )
    .await;
    let (upserts, _, cursor, _) = sync_all(&server, &token, &record, "").await;
    assert_eq!(upserts.len(), 1);
    let seen = upserts[0]["id"].as_str().unwrap().to_owned();
    let (protected_id,): (String,) =
        sqlx::query_as("SELECT id FROM reports WHERE source_id = 'r-2'")
            .fetch_one(server.test.state.db.pool())
            .await
            .unwrap();
    staff::change_report(&server.test.state, &seen, StatusChange::Protect).await.unwrap();
    let (upserts, removals, _, _) = sync_all(&server, &token, &record, &cursor).await;
    assert!(upserts.is_empty());
    assert_eq!(removals, vec![seen.clone()], "the device deletes it");
    // From a fresh device, neither protected report is named anywhere.
    let (_, body) = server
        .authed(Method::GET, &format!("/api/v1/records/{record}/reports"), &token, None)
        .await;
    let text = body.to_string();
    assert!(!text.contains(&protected_id) && !text.contains(&seen));
    let (_, pending) = server
        .authed(Method::GET, &format!("/api/v1/records/{record}/pending"), &token, None)
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 0);
}

async fn a_delay_ends_without_any_change_and_pending_says_when(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    // Tienen holds consultations 7 days: validated 2 days ago, due in 5.
    let (_, token, record) = patient_with_reports(
        &server,
        vec![report("d-1", "smt", validated(2)), report("d-2", "hzk", validated(2))],
    )
    .await;
    let (upserts, _, cursor, _) = sync_all(&server, &token, &record, "").await;
    assert_eq!(upserts.len(), 1, "only the one without a delay");
    let (_, pending) = server
        .authed(Method::GET, &format!("/api/v1/records/{record}/pending"), &token, None)
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    assert_eq!(pending[0]["hospital_id"], "smt");
    assert_eq!(pending[0]["report_type"], "consultation");
    assert_eq!(pending[0]["visible_on"], "2026-11-28");
    server.test.advance(5 * 24 * 3600);
    // Days later: a new session (the old one ended after an idle hour).
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let account =
        dossier_server::accounts::find_by_patient(&mut conn, &record).await.unwrap().unwrap();
    drop(conn);
    let token = session_for(&server, &account.id).await;
    let (upserts, removals, _, _) = sync_all(&server, &token, &record, &cursor).await;
    assert_eq!(upserts.len(), 1, "due now although nothing changed");
    assert_eq!(upserts[0]["hospital_id"], "smt");
    assert!(removals.is_empty());
}

async fn an_amended_report_comes_again_with_its_new_version(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (who, token, record) =
        patient_with_reports(&server, vec![report("a-1", "hzk", validated(3))]).await;
    let (upserts, _, cursor, _) = sync_all(&server, &token, &record, "").await;
    assert_eq!(upserts[0]["version"], 1);
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let patient =
        dossier_server::patients::find_by_id(&mut conn, &who.patient_id).await.unwrap().unwrap();
    drop(conn);
    let mut amended = report("a-1", "hzk", validated(1));
    amended.body = "Geen afwijkingen. Addendum: controle over een jaar.".into();
    staff::import_reports(
        &server.test.state,
        &[ImportedReport {
            resource: "a-1".into(),
            patient: PatientIdentity::ead(patient.ead_number),
            report: amended,
        }],
    )
    .await
    .unwrap();
    let (upserts, _, _, _) = sync_all(&server, &token, &record, &cursor).await;
    assert_eq!(upserts.len(), 1);
    assert_eq!(upserts[0]["version"], 2);
    assert!(upserts[0]["body"].as_str().unwrap().contains("Addendum"));
}

async fn a_parent_syncs_a_childs_record_until_the_15th_birthday(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed_demo(&server).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let els = dossier_server::accounts::find_by_user_name(&mut conn, "els.vandenbroeck")
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let token = session_for(&server, &els.id).await;
    let (_, records) = server.authed(Method::GET, "/api/v1/records", &token, None).await;
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 4, "herself and her three children under 15: {records:?}");
    let wout = records.iter().find(|r| r["given_name"] == "Wout").unwrap();
    assert_eq!(wout["relation"], "child");
    assert!(!records.iter().any(|r| r["given_name"] == "Noor"), "the link ended at 15");
    let wout_id = wout["record_id"].as_str().unwrap().to_owned();
    let (upserts, _, _, _) = sync_all(&server, &token, &wout_id, "").await;
    assert!(!upserts.is_empty());
    // Tienen does not show children's reports.
    assert!(upserts.iter().all(|r| r["hospital_id"] != "smt"));
    // Wout was born 12 years before this year on 27 October: jump to his 15th birthday.
    let born = dossier_api::dates::parse_iso(wout["date_of_birth"].as_str().unwrap()).unwrap();
    let birthday = born.checked_add_months(chrono::Months::new(15 * 12)).unwrap();
    let at = birthday
        .and_hms_opt(0, 30, 0)
        .and_then(|t| {
            chrono::TimeZone::from_local_datetime(&chrono_tz::Europe::Brussels, &t).single()
        })
        .unwrap()
        .to_utc();
    server.test.clock.set(at);
    let token = session_for(&server, &els.id).await;
    let (status, _) = sync(&server, &token, &wout_id, "").await;
    assert_eq!(status, 404, "closed on his birthday");
    let (_, records) = server.authed(Method::GET, "/api/v1/records", &token, None).await;
    assert!(!records.as_array().unwrap().iter().any(|r| r["given_name"] == "Wout"));
}

async fn nobody_syncs_a_record_that_is_not_theirs(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, _, record) =
        patient_with_reports(&server, vec![report("n-1", "hzk", validated(2))]).await;
    let stranger = enrol(&server.test, "Sofia", "Rossi", None, None).await;
    let token = server.session(&stranger).await;
    let (status, body) = sync(&server, &token, &record, "").await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, _) = sync(&server, &token, "no-such-record", "").await;
    assert_eq!(status, 404, "the same answer");
    let (status, _) =
        server.post(&format!("/api/v1/records/{record}/reports"), serde_json::json!({})).await;
    assert_eq!(status, 405);
}

async fn imported_fhir_reports_sync_and_a_validated_draft_appears(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed_demo(&server).await;
    let patient = register(&server.test, "Lies", "Claes", None, None).await;
    let bundle = include_str!("fhir-bundle.json")
        .replace("{EAD}", &patient.ead_number)
        .replace("{SYSTEM}", &dossier_server::demo::demo_patient_number_system("hzk"));
    let summary = staff::import_file(&server.test.state, &bundle, Some("hzk")).await.unwrap();
    assert_eq!(summary.new, 2);
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let lies = dossier_server::enrolment::issue_card(
        &server.test.state,
        &patient,
        dossier_server::cards::Delivery::Desk,
        None,
    )
    .await
    .unwrap();
    let account = dossier_server::accounts::find_by_user_name(&mut conn, &lies.card.user_name)
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let token = session_for(&server, &account.id).await;
    let (upserts, _, cursor, _) = sync_all(&server, &token, &patient.id, "").await;
    assert_eq!(upserts.len(), 1, "the preliminary one waits");
    assert_eq!(upserts[0]["lab_values"][1]["flag"], "high");
    let (draft_id,): (String,) = sqlx::query_as("SELECT id FROM reports WHERE source_id = 'ecg-1'")
        .fetch_one(server.test.state.db.pool())
        .await
        .unwrap();
    assert!(
        staff::change_report(&server.test.state, &draft_id, StatusChange::Validate).await.unwrap()
    );
    let (upserts, _, _, _) = sync_all(&server, &token, &patient.id, &cursor).await;
    assert_eq!(upserts.len(), 1);
    assert_eq!(upserts[0]["title"], "ECG");
}
