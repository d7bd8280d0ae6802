//! Reports as hospitals really send them, and what a hostile client tries, on SQLite and
//! PostgreSQL: a source id never moves a report to another patient; staff protection holds
//! through re-imports; versions never go backwards; hidden reports do not show through
//! paging or cursors; bad cursors and parameters get a 400 with our error body; unknown
//! hospitals and impossible dates are refused with a clear message.

mod common;

use common::{Backend, TestServer, register};
use dossier_server::{
    ServerError,
    import::{ImportError, ImportedReport, PatientIdentity},
    patients::Patient,
    reports::{IncomingReport, IncomingStatus, SourceVersion, StatusChange},
    staff::{self, ImportSummary},
};
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    a_source_id_of_another_patient_is_refused_and_nothing_moves,
    staff_protection_holds_through_a_reimport_until_staff_lift_it,
    versions_never_go_backwards_and_a_preliminary_never_replaces_a_final_report,
    hidden_reports_shape_neither_pages_nor_cursors,
    a_first_page_is_full_whatever_is_hidden_among_many_reports,
    bad_cursors_and_parameters_get_a_400_and_every_error_our_body,
    unknown_hospitals_and_impossible_dates_are_refused_clearly,
    a_refused_file_lists_every_problem_and_stores_nothing,
);

fn validated_at(text: &str) -> IncomingStatus {
    IncomingStatus::Validated { at: text.parse().unwrap() }
}

fn report(source: &str, title: &str, status: IncomingStatus) -> IncomingReport {
    IncomingReport {
        source_id: source.into(),
        hospital_id: "hzk".into(),
        report_type: dossier_api::reports::ReportType::Consultation,
        title: title.into(),
        author: "Dr. P. Claes".into(),
        performed_on: dossier_server::clock::date(2026, 11, 2),
        status,
        source_version: SourceVersion::default(),
        body: format!("{title}: geen afwijkingen."),
        lab_values: Vec::new(),
    }
}

fn versioned(mut report: IncomingReport, version_id: &str, updated: &str) -> IncomingReport {
    report.source_version = SourceVersion {
        version_id: Some(version_id.into()),
        last_updated: Some(updated.parse().unwrap()),
        issued: None,
    };
    report
}

async fn import(
    server: &TestServer,
    patient: &Patient,
    reports: Vec<IncomingReport>,
) -> Result<ImportSummary, ServerError> {
    let imported: Vec<ImportedReport> = reports
        .into_iter()
        .map(|report| ImportedReport {
            resource: format!("DiagnosticReport/{}", report.source_id),
            patient: PatientIdentity::ead(&patient.ead_number),
            report,
        })
        .collect();
    staff::import_reports(&server.test.state, &imported).await
}

/// A patient (with an account) and a session for them.
async fn patient(server: &TestServer, given_name: &str) -> (Patient, String) {
    let patient = register(&server.test, given_name, "Claes", None, None).await;
    let account = account_of(server, &patient).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let token = dossier_server::sessions::open(&mut conn, &account, None, server.test.state.now())
        .await
        .unwrap();
    (patient, token.expose().clone())
}

async fn account_of(server: &TestServer, patient: &Patient) -> String {
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    if let Some(account) =
        dossier_server::accounts::find_by_patient(&mut conn, &patient.id).await.unwrap()
    {
        return account.id;
    }
    drop(conn);
    dossier_server::enrolment::issue_card(
        &server.test.state,
        patient,
        dossier_server::cards::Delivery::Desk,
        None,
    )
    .await
    .unwrap();
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    dossier_server::accounts::find_by_patient(&mut conn, &patient.id).await.unwrap().unwrap().id
}

async fn page(
    server: &TestServer,
    token: &str,
    record: &str,
    cursor: &str,
    limit: usize,
) -> (u16, Value) {
    server
        .authed(
            Method::GET,
            &format!("/api/v1/records/{record}/reports?cursor={cursor}&limit={limit}"),
            token,
            None,
        )
        .await
}

/// Every page until `more` is false: (page sizes, upserts, removals, last cursor).
async fn all_pages(
    server: &TestServer,
    token: &str,
    record: &str,
    cursor: &str,
    limit: usize,
) -> (Vec<(usize, usize, bool)>, Vec<Value>, Vec<String>, String) {
    let (mut shape, mut upserts, mut removals, mut cursor) =
        (Vec::new(), Vec::new(), Vec::new(), cursor.to_owned());
    loop {
        let (status, body) = page(server, token, record, &cursor, limit).await;
        assert_eq!(status, 200, "{body}");
        let page_upserts = body["upserts"].as_array().unwrap();
        let page_removals = body["removals"].as_array().unwrap();
        let more = body["more"].as_bool().unwrap();
        shape.push((page_upserts.len(), page_removals.len(), more));
        upserts.extend(page_upserts.iter().cloned());
        removals.extend(page_removals.iter().map(|r| r.as_str().unwrap().to_owned()));
        cursor = body["cursor"].as_str().unwrap().to_owned();
        if !more {
            return (shape, upserts, removals, cursor);
        }
    }
}

fn titles(upserts: &[Value]) -> Vec<String> {
    upserts.iter().map(|r| r["title"].as_str().unwrap().to_owned()).collect()
}

async fn seed(server: &TestServer) {
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
}

async fn a_source_id_of_another_patient_is_refused_and_nothing_moves(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (anna, anna_token) = patient(&server, "Anna").await;
    let (bert, bert_token) = patient(&server, "Bert").await;
    let annas =
        report("diagnosticreport1", "Raadpleging Anna", validated_at("2026-11-03T10:00:00Z"));
    import(&server, &anna, vec![annas]).await.unwrap();
    let (_, before, _, cursor) = all_pages(&server, &anna_token, &anna.id, "", 100).await;
    // The same source id at the same hospital, for another patient (public FHIR examples
    // reuse ids like this one): refused, with every report of the file.
    let mut berts =
        report("diagnosticreport1", "Raadpleging Bert", validated_at("2026-11-04T10:00:00Z"));
    berts.body = "Bert's findings.".into();
    let other = report("b-2", "Second of Bert's file", validated_at("2026-11-04T10:00:00Z"));
    let refused = import(&server, &bert, vec![other, berts]).await.unwrap_err();
    let ServerError::Import(ImportError::Refused(problems)) = refused else {
        panic!("refused as a whole, got {refused:?}");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].resource, "DiagnosticReport/diagnosticreport1");
    assert!(problems[0].reason.contains("another patient"), "{}", problems[0].reason);
    // Anna's devices see nothing new, and her report is hers as it was.
    let (_, upserts, removals, _) = all_pages(&server, &anna_token, &anna.id, &cursor, 100).await;
    assert!(upserts.is_empty() && removals.is_empty());
    assert_eq!(titles(&before), ["Raadpleging Anna"]);
    // Bert got nothing, not even the other report of the refused file.
    let (_, upserts, _, _) = all_pages(&server, &bert_token, &bert.id, "", 100).await;
    assert!(upserts.is_empty());
}

async fn staff_protection_holds_through_a_reimport_until_staff_lift_it(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (lies, token) = patient(&server, "Lies").await;
    let first = report("p-1", "Psychiatrisch consult", validated_at("2026-11-03T10:00:00Z"));
    import(&server, &lies, vec![first.clone()]).await.unwrap();
    let (_, upserts, _, cursor) = all_pages(&server, &token, &lies.id, "", 100).await;
    let id = upserts[0]["id"].as_str().unwrap().to_owned();
    assert!(staff::change_report(&server.test.state, &id, StatusChange::Protect).await.unwrap());
    let (_, _, removals, cursor) = all_pages(&server, &token, &lies.id, &cursor, 100).await;
    assert_eq!(removals, std::slice::from_ref(&id));
    // The hospital sends the same report again, and then a corrected version.
    import(&server, &lies, vec![first.clone()]).await.unwrap();
    let mut corrected = first.clone();
    corrected.body = "Gecorrigeerd verslag.".into();
    corrected.status = validated_at("2026-11-05T10:00:00Z");
    import(&server, &lies, vec![corrected]).await.unwrap();
    let (_, upserts, _, cursor) = all_pages(&server, &token, &lies.id, &cursor, 100).await;
    assert!(upserts.is_empty(), "still protected: {upserts:?}");
    let (_, upserts, _, _) = all_pages(&server, &token, &lies.id, "", 100).await;
    assert!(upserts.is_empty(), "a fresh device does not get it either");
    // Staff lift it: the latest version comes back.
    assert!(staff::change_report(&server.test.state, &id, StatusChange::Unprotect).await.unwrap());
    let (_, upserts, _, _) = all_pages(&server, &token, &lies.id, &cursor, 100).await;
    assert_eq!(upserts.len(), 1);
    assert_eq!(upserts[0]["body"], "Gecorrigeerd verslag.");
}

async fn versions_never_go_backwards_and_a_preliminary_never_replaces_a_final_report(
    backend: Backend,
) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (jan, token) = patient(&server, "Jan").await;
    let base = report("v-1", "Echografie abdomen", validated_at("2026-11-03T10:00:00Z"));
    let mut v2 = versioned(base.clone(), "2", "2026-11-05T09:00:00Z");
    v2.body = "Versie 2: gecorrigeerd.".into();
    v2.status = validated_at("2026-11-05T09:00:00Z");
    let v1 = versioned(base.clone(), "1", "2026-11-03T10:00:00Z");
    import(&server, &jan, vec![v2.clone()]).await.unwrap();
    let (_, upserts, _, cursor) = all_pages(&server, &token, &jan.id, "", 100).await;
    assert_eq!(upserts[0]["body"], "Versie 2: gecorrigeerd.");
    assert_eq!(upserts[0]["validated_on"], "2026-11-05");
    // The older version, sent late: kept out, and said so.
    let summary = import(&server, &jan, vec![v1]).await.unwrap();
    assert_eq!(summary.kept_out.len(), 1, "{summary:?}");
    assert!(summary.kept_out[0].reason.contains("older"));
    // A preliminary, even a later one, never takes a final report off the devices.
    let mut preliminary = versioned(base.clone(), "3", "2026-11-06T09:00:00Z");
    preliminary.status = IncomingStatus::Draft;
    preliminary.body = "Voorlopig.".into();
    let summary = import(&server, &jan, vec![preliminary]).await.unwrap();
    assert_eq!(summary.kept_out.len(), 1);
    assert!(summary.kept_out[0].reason.contains("preliminary"));
    let (_, upserts, removals, cursor) = all_pages(&server, &token, &jan.id, &cursor, 100).await;
    assert!(upserts.is_empty() && removals.is_empty(), "{upserts:?} {removals:?}");
    // Same version again: unchanged, nothing sent.
    let summary = import(&server, &jan, vec![v2.clone()]).await.unwrap();
    assert_eq!(summary.unchanged, 1);
    let (_, upserts, _, cursor) = all_pages(&server, &token, &jan.id, &cursor, 100).await;
    assert!(upserts.is_empty());
    // Entered in error: gone from the devices.
    let mut withdrawn = versioned(base, "4", "2026-11-07T09:00:00Z");
    withdrawn.status = IncomingStatus::Withdrawn;
    import(&server, &jan, vec![withdrawn]).await.unwrap();
    let (_, upserts, removals, _) = all_pages(&server, &token, &jan.id, &cursor, 100).await;
    assert!(upserts.is_empty());
    assert_eq!(removals.len(), 1);
}

/// Two patients with the same visible reports; one also has hidden ones between them
/// (protected, a draft, one in a hospital's delay). Every answer must be the same.
async fn hidden_reports_shape_neither_pages_nor_cursors(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (plain, plain_token) = patient(&server, "Piet").await;
    let (hiding, hiding_token) = patient(&server, "Hilde").await;
    // Same titles, own source ids (a source id belongs to one patient).
    let visible_of = |who: &str, n: usize| {
        report(&format!("{who}-{n}"), &format!("Verslag {n}"), validated_at("2026-11-03T10:00:00Z"))
    };
    let visible = |n: usize| visible_of("h", n);
    let mut hidden_ones = Vec::new();
    for n in 0..6 {
        let mut protected = visible(100 + n);
        protected.status = IncomingStatus::Protected { validated_at: None };
        let mut draft = visible(200 + n);
        draft.status = IncomingStatus::Draft;
        let mut in_delay = visible(300 + n);
        in_delay.hospital_id = "smt".into(); // 7 days for consultations
        in_delay.status = validated_at("2026-11-22T10:00:00Z");
        hidden_ones.push([protected, draft, in_delay]);
    }
    for (n, hidden) in hidden_ones.iter().enumerate().take(5) {
        import(&server, &plain, vec![visible_of("p", n)]).await.unwrap();
        let mut with_hidden = hidden.to_vec();
        with_hidden.push(visible(n));
        import(&server, &hiding, with_hidden).await.unwrap();
    }
    import(&server, &hiding, hidden_ones[5].to_vec()).await.unwrap();
    for limit in [1, 2, 3, 5, 200] {
        let (plain_shape, plain_upserts, _, plain_cursor) =
            all_pages(&server, &plain_token, &plain.id, "", limit).await;
        let (hiding_shape, hiding_upserts, _, hiding_cursor) =
            all_pages(&server, &hiding_token, &hiding.id, "", limit).await;
        assert_eq!(plain_shape, hiding_shape, "limit {limit}");
        assert_eq!(titles(&plain_upserts), titles(&hiding_upserts));
        assert!(!hiding_shape.iter().any(|(upserts, _, more)| *upserts == 0 && *more));
        // Cursors are sealed: nothing in them counts changes.
        assert_eq!(plain_cursor.len(), hiding_cursor.len());
        assert!(!hiding_cursor.contains('.'));
        // And the next, empty sync looks the same too.
        let (_, plain_next) = page(&server, &plain_token, &plain.id, &plain_cursor, limit).await;
        let (_, hiding_next) =
            page(&server, &hiding_token, &hiding.id, &hiding_cursor, limit).await;
        assert_eq!(plain_next["upserts"], hiding_next["upserts"]);
        assert_eq!(plain_next["more"], hiding_next["more"]);
    }
    // A cursor is only good for the record it was made for.
    let (_, first) = page(&server, &plain_token, &plain.id, "", 2).await;
    let cursor = first["cursor"].as_str().unwrap();
    let (status, body) = page(&server, &hiding_token, &hiding.id, cursor, 2).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "bad_request");
}

async fn a_first_page_is_full_whatever_is_hidden_among_many_reports(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (many, token) = patient(&server, "Mia").await;
    let mut reports: Vec<IncomingReport> = (0..205)
        .map(|n| {
            report(&format!("m-{n}"), &format!("Verslag {n}"), validated_at("2026-11-03T10:00:00Z"))
        })
        .collect();
    reports[3].status = IncomingStatus::Protected { validated_at: None };
    import(&server, &many, reports).await.unwrap();
    let (shape, upserts, _, _) = all_pages(&server, &token, &many.id, "", 200).await;
    assert_eq!(shape, [(200, 0, true), (4, 0, false)]);
    assert_eq!(upserts.len(), 204);
}

async fn bad_cursors_and_parameters_get_a_400_and_every_error_our_body(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (ida, token) = patient(&server, "Ida").await;
    let record = &ida.id;
    for query in [
        "cursor=9223372036854775807.9223372036854775807",
        "cursor=1.-99999999999999",
        "cursor=0.0",
        "cursor=%FF%FE",
        "limit=abc",
        "limit=99999999999999999999999",
        "cursor=AAAA&limit=5",
    ] {
        let (status, body) = server
            .authed(Method::GET, &format!("/api/v1/records/{record}/reports?{query}"), &token, None)
            .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["code"], "bad_request", "{query}");
        assert!(body["message"].is_string());
    }
    // Odd but harmless limits are brought into range, not refused.
    for limit in ["0", "-5", "100000"] {
        let (status, _) = server
            .authed(
                Method::GET,
                &format!("/api/v1/records/{record}/reports?limit={limit}"),
                &token,
                None,
            )
            .await;
        assert_eq!(status, 200, "limit {limit}");
    }
    // A body over the limit: 413, with our body.
    let big = "x".repeat(2 * 1024 * 1024);
    let response = server
        .http
        .post(server.url("/api/v1/login/start"))
        .header("content-type", "application/json")
        .body(format!("{{\"user_name\": \"{big}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_large");
    // A 900 KB user name (under the body limit): a clear 400 before any work.
    let (status, body) =
        server.post("/api/v1/login/start", json!({ "user_name": "a".repeat(900 * 1024) })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["message"], "the user name is too long");
    // A method the route lacks, a path that does not exist: our body too.
    let (status, body) = server
        .authed(Method::DELETE, &format!("/api/v1/records/{record}/reports"), &token, None)
        .await;
    assert_eq!(status, 405);
    assert_eq!(body["code"], "bad_request");
    let (status, body) = server.authed(Method::GET, "/api/v1/nowhere", &token, None).await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
    // Not JSON where JSON is expected.
    let response = server
        .http
        .post(server.url("/api/v1/login/start"))
        .body("user_name=an")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(response.json::<Value>().await.unwrap()["code"], "bad_request");
}

async fn unknown_hospitals_and_impossible_dates_are_refused_clearly(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (eva, token) = patient(&server, "Eva").await;
    let file = |hospital: &str, performed_on: &str| {
        json!({ "hospital": hospital, "reports": [{
            "source_id": "x-1", "patient_ead": eva.ead_number, "type": "consultation",
            "title": "Raadpleging", "author": "Dr. X", "performed_on": performed_on,
            "validated_at": "2026-11-03T10:00:00Z", "status": "validated", "body": "..." }] })
        .to_string()
    };
    let error = staff::import_file(&server.test.state, &file("xyz", "2026-11-02"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown hospital 'xyz'"), "{error}");
    assert!(error.contains("cbw, hzk, smt"), "{error}");
    // Validated before it was performed.
    let error = staff::import_file(&server.test.state, &file("hzk", "2026-11-04"), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("reports[0]") && error.contains("performed on 2026-11-04"), "{error}");
    let (_, upserts, _, _) = all_pages(&server, &token, &eva.id, "", 100).await;
    assert!(upserts.is_empty(), "nothing half-written");
    // A FHIR file without --hospital, or for an unknown one.
    let fhir = r#"{"resourceType": "Bundle", "type": "collection", "entry": []}"#;
    let error = staff::import_file(&server.test.state, fhir, None).await.unwrap_err();
    assert!(error.to_string().contains("--hospital"), "{error}");
    let error = staff::import_file(&server.test.state, fhir, Some("nope")).await.unwrap_err();
    assert!(error.to_string().contains("cbw, hzk, smt"), "{error}");
    // The right file imports.
    let summary =
        staff::import_file(&server.test.state, &file("hzk", "2026-11-02"), None).await.unwrap();
    assert_eq!(summary.new, 1);
}

/// Problems found while reading the file and problems the database finds are listed
/// together, and nothing of the file is stored.
async fn a_refused_file_lists_every_problem_and_stores_nothing(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    seed(&server).await;
    let (eva, token) = patient(&server, "Eva").await;
    let system = dossier_server::demo::demo_patient_number_system("hzk");
    let report = |id: &str, subject: Value| {
        json!({ "resource": {
            "resourceType": "DiagnosticReport", "id": id, "status": "final",
            "code": { "text": "Raadpleging" }, "subject": subject,
            "effectiveDateTime": "2026-11-02", "issued": "2026-11-03T10:00:00Z" } })
    };
    let bundle = json!({ "resourceType": "Bundle", "type": "collection", "entry": [
        report("good", json!({ "identifier": { "system": system, "value": eva.ead_number } })),
        report("nameless", json!({ "display": "Eva Claes" })),
        report("stranger", json!({ "identifier": { "system": system, "value": "99999999" } })),
    ] });
    let error =
        staff::import_file(&server.test.state, &bundle.to_string(), Some("hzk")).await.unwrap_err();
    let ServerError::Import(ImportError::Refused(problems)) = error else {
        panic!("{error:?}");
    };
    let resources: Vec<&str> = problems.iter().map(|p| p.resource.as_str()).collect();
    assert_eq!(resources, ["DiagnosticReport/nameless", "DiagnosticReport/stranger"]);
    assert!(problems[1].reason.contains("no patient"), "{}", problems[1].reason);
    let (_, upserts, _, _) = all_pages(&server, &token, &eva.id, "", 100).await;
    assert!(upserts.is_empty(), "the good report waits for its file to be fixed");
}
