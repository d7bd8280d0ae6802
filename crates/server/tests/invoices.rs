//! Invoices, on SQLite and PostgreSQL: the structured communication checked on import (valid,
//! wrong check digits, the 97 case) and made when absent; amounts in cents end to end, the
//! insurer's part and what is left to pay adding up to the total or the file refused;
//! overdue from the due date and the clock without any change; paid; the sync (added,
//! changed, withdrawn; a quiet sync is one small answer); the PDF for who may open the
//! record; the demo's invoices in every status.

mod common;

use common::{Backend, TestServer, enrol};
use dossier_server::{invoices::StaffChange, record_staff};
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    the_structured_communication_is_checked_and_made_when_absent,
    amounts_stay_whole_cents_end_to_end_and_must_add_up,
    an_invoice_becomes_overdue_by_the_clock_and_paid_by_staff,
    sync_adds_changes_and_removes_and_a_quiet_sync_is_one_small_answer,
    the_pdf_is_made_for_those_who_may_open_the_record,
    the_demo_has_invoices_in_every_status,
);

async fn session_for_patient(server: &TestServer, patient_id: &str) -> String {
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let account =
        dossier_server::accounts::find_by_patient(&mut conn, patient_id).await.unwrap().unwrap();
    let token =
        dossier_server::sessions::open(&mut conn, &account.id, None, server.test.state.now())
            .await
            .unwrap();
    token.expose().clone()
}

async fn session_for_user(server: &TestServer, user_name: &str) -> (String, String) {
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let account =
        dossier_server::accounts::find_by_user_name(&mut conn, user_name).await.unwrap().unwrap();
    drop(conn);
    (session_for_patient(server, &account.patient_id).await, account.patient_id)
}

/// The demo's hospitals, and a patient of our own: (patient id, EAD number, session).
async fn patient(server: &TestServer) -> (String, String, String) {
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let who = enrol(&server.test, "Jan", "Peeters", None, None).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let patient =
        dossier_server::patients::find_by_id(&mut conn, &who.patient_id).await.unwrap().unwrap();
    drop(conn);
    let token = session_for_patient(server, &who.patient_id).await;
    (who.patient_id, patient.ead_number, token)
}

fn invoice(number: &str, ead: &str, extra: Value) -> Value {
    let mut invoice = json!({
        "number": number, "patient_ead": ead, "issued_on": "2026-11-02", "due_on": "2026-12-02",
        "total_cents": 12_345, "insurer_paid_cents": 10_000, "to_pay_cents": 2_345,
        "status": "open", "payment_link": "https://betalen.hzk.example/f/1",
    });
    for (key, value) in extra.as_object().unwrap() {
        invoice[key] = value.clone();
    }
    invoice
}

async fn import(
    server: &TestServer,
    invoices: Vec<Value>,
) -> Result<record_staff::Summary, String> {
    let file = json!({ "hospital": "hzk", "invoices": invoices }).to_string();
    record_staff::import_invoices_file(&server.test.state, &file).await.map_err(|e| e.to_string())
}

async fn sync(server: &TestServer, token: &str, record: &str, cursor: &str) -> Value {
    let path = format!("/api/v1/records/{record}/invoices?cursor={cursor}");
    let (status, page) = server.authed(Method::GET, &path, token, None).await;
    assert_eq!(status, 200, "{page}");
    page
}

async fn stored(server: &TestServer) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM invoices WHERE number LIKE 'T-%'")
        .fetch_one(server.test.state.db.pool())
        .await
        .unwrap();
    n
}

async fn the_structured_communication_is_checked_and_made_when_absent(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (record, ead, token) = patient(&server).await;
    let summary = import(
        &server,
        vec![
            invoice("T-1", &ead, json!({ "structured_communication": "+++123/4567/89002+++" })),
            // 97 × 1 leaves no remainder: the check is written 97.
            invoice("T-2", &ead, json!({ "structured_communication": "000000009797" })),
            invoice("T-3", &ead, json!({})),
        ],
    )
    .await
    .unwrap();
    assert_eq!(summary.new, 3);
    let page = sync(&server, &token, &record, "").await;
    let communication = |number: &str| {
        page["upserts"].as_array().unwrap().iter().find(|i| i["number"] == number).unwrap()
            ["structured_communication"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(communication("T-1"), "+++123/4567/89002+++");
    assert_eq!(communication("T-2"), "+++000/0000/09797+++");
    let made = communication("T-3");
    assert!(dossier_api::invoices::StructuredCommunication::parse(&made).is_ok(), "{made}");

    // Wrong check digits (and 00 where 97 is due) refuse the whole file, with the reason.
    let refused = import(
        &server,
        vec![
            invoice("T-4", &ead, json!({})),
            invoice("T-5", &ead, json!({ "structured_communication": "+++123/4567/89003+++" })),
            invoice("T-6", &ead, json!({ "structured_communication": "+++000/0000/09700+++" })),
        ],
    )
    .await
    .unwrap_err();
    assert!(refused.contains("invoices[1]") && refused.contains("expected 02"), "{refused}");
    assert!(refused.contains("invoices[2]") && refused.contains("expected 97"), "{refused}");
    assert_eq!(stored(&server).await, 3, "nothing of the file");
}

async fn amounts_stay_whole_cents_end_to_end_and_must_add_up(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (record, ead, token) = patient(&server).await;
    // Amounts a float would not keep: 0.1 + 0.2, and the largest taken.
    let amounts = json!({ "total_cents": 30, "insurer_paid_cents": 10, "to_pay_cents": 20 });
    let large = json!({ "total_cents": 1_000_000_000, "insurer_paid_cents": 999_999_999,
                        "to_pay_cents": 1 });
    import(&server, vec![invoice("T-1", &ead, amounts), invoice("T-2", &ead, large)])
        .await
        .unwrap();
    let page = sync(&server, &token, &record, "").await;
    for invoice in page["upserts"].as_array().unwrap() {
        let (total, insurer, share) = (
            invoice["total_cents"].as_i64().unwrap(),
            invoice["insurer_paid_cents"].as_i64().unwrap(),
            invoice["patient_share_cents"].as_i64().unwrap(),
        );
        assert_eq!(insurer + share, total, "{invoice}");
        assert_eq!(invoice["left_to_pay_cents"].as_i64(), Some(share));
        assert!(invoice["total_cents"].is_i64(), "an integer on the wire: {invoice}");
    }
    let large = page["upserts"].as_array().unwrap().iter().find(|i| i["number"] == "T-2").unwrap();
    assert_eq!(large["total_cents"], 1_000_000_000);
    assert_eq!(large["left_to_pay_cents"], 1);

    // Not adding up, a fraction of a cent, a negative amount, too large: refused, nothing
    // stored.
    let cases = [
        (
            json!({ "total_cents": 100, "insurer_paid_cents": 50, "to_pay_cents": 49 }),
            "do not add up",
        ),
        (
            json!({ "total_cents": 100.5, "insurer_paid_cents": 50, "to_pay_cents": 50 }),
            "expected i64",
        ),
        (
            json!({ "total_cents": 100, "insurer_paid_cents": 150, "to_pay_cents": -50 }),
            "to_pay_cents",
        ),
        (
            json!({ "total_cents": 1_000_000_001, "insurer_paid_cents": 1, "to_pay_cents": 1_000_000_000 }),
            "total_cents",
        ),
    ];
    for (amounts, reason) in cases {
        let refused = import(&server, vec![invoice("T-9", &ead, amounts.clone())]).await;
        let refused = refused.unwrap_err();
        assert!(refused.contains(reason), "{amounts}: {refused}");
    }
    assert_eq!(stored(&server).await, 2);
}

async fn an_invoice_becomes_overdue_by_the_clock_and_paid_by_staff(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (record, ead, token) = patient(&server).await;
    // The test clock: 2026-11-23 in Brussels. Due today: open until midnight.
    import(&server, vec![invoice("T-1", &ead, json!({ "due_on": "2026-11-23" }))]).await.unwrap();
    let page = sync(&server, &token, &record, "").await;
    assert_eq!(page["upserts"][0]["status"], "open");
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    // 23:59:59 in Brussels (UTC+1): still open, nothing to send.
    server.test.clock.set("2026-11-23T22:59:59Z".parse().unwrap());
    let token = session_for_patient(&server, &record).await;
    let page = sync(&server, &token, &record, &cursor).await;
    assert_eq!(page["upserts"], json!([]));
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    // Midnight: overdue, sent again although nothing changed.
    server.test.clock.set("2026-11-23T23:00:00Z".parse().unwrap());
    let page = sync(&server, &token, &record, &cursor).await;
    assert_eq!(page["upserts"][0]["status"], "overdue", "{page}");
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    assert_eq!(sync(&server, &token, &record, &cursor).await["upserts"], json!([]));

    let paid = StaffChange::MarkPaid { on: dossier_server::clock::date(2026, 11, 24) };
    record_staff::change_invoice(&server.test.state, "hzk", "T-1", paid).await.unwrap();
    let page = sync(&server, &token, &record, &cursor).await;
    assert_eq!(page["upserts"][0]["status"], "paid");
    assert_eq!(page["upserts"][0]["left_to_pay_cents"], 0);
    assert_eq!(page["upserts"][0]["patient_share_cents"], 2_345);
    let twice = record_staff::change_invoice(&server.test.state, "hzk", "T-1", paid).await;
    assert!(twice.unwrap_err().to_string().contains("paid already"));
}

async fn sync_adds_changes_and_removes_and_a_quiet_sync_is_one_small_answer(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (record, ead, token) = patient(&server).await;
    import(&server, vec![invoice("T-1", &ead, json!({})), invoice("T-2", &ead, json!({}))])
        .await
        .unwrap();
    let page = sync(&server, &token, &record, "").await;
    assert_eq!(page["upserts"].as_array().unwrap().len(), 2);
    assert_eq!(page["records"][0]["relation"], "own");
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    let quiet = sync(&server, &token, &record, &cursor).await;
    assert_eq!(
        (&quiet["upserts"], &quiet["removals"], &quiet["more"]),
        (&json!([]), &json!([]), &json!(false))
    );
    // The same file again: unchanged.
    let again =
        import(&server, vec![invoice("T-1", &ead, json!({})), invoice("T-2", &ead, json!({}))])
            .await
            .unwrap();
    assert_eq!(again.unchanged, 2);
    assert_eq!(sync(&server, &token, &record, &cursor).await["upserts"], json!([]));
    // Disputed in a new file; the other withdrawn by staff.
    import(&server, vec![invoice("T-1", &ead, json!({ "status": "in_dispute" }))]).await.unwrap();
    record_staff::change_invoice(&server.test.state, "hzk", "T-2", StaffChange::Withdraw)
        .await
        .unwrap();
    let page = sync(&server, &token, &record, &cursor).await;
    assert_eq!(page["upserts"].as_array().unwrap().len(), 1);
    assert_eq!(page["upserts"][0]["status"], "in_dispute");
    assert_eq!(page["removals"].as_array().unwrap().len(), 1);
    let fresh = sync(&server, &token, &record, "").await;
    assert_eq!((fresh["upserts"].as_array().unwrap().len(), &fresh["removals"]), (1, &json!([])));
    // An appointments cursor does not open here.
    let path = format!("/api/v1/records/{record}/appointments");
    let (_, other) = server.authed(Method::GET, &path, &token, None).await;
    let foreign = other["cursor"].as_str().unwrap();
    let path = format!("/api/v1/records/{record}/invoices?cursor={foreign}");
    assert_eq!(server.authed(Method::GET, &path, &token, None).await.0, 400);
}

async fn the_pdf_is_made_for_those_who_may_open_the_record(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let (jan, jan_record) = session_for_user(&server, "jan.janssens").await;
    let page = sync(&server, &jan, &jan_record, "").await;
    let id = page["upserts"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/records/{jan_record}/invoices/{id}/pdf");
    let get = |token: String| {
        let request = server.http.get(server.url(&path)).bearer_auth(token);
        async move { request.send().await.unwrap() }
    };
    let response = get(jan.clone()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let communication = page["upserts"][0]["structured_communication"].as_str().unwrap();
    assert!(bytes.windows(communication.len()).any(|w| w == communication.as_bytes()));
    // His trusted person reads it too; anyone else is told there is no such record.
    let (an, _) = session_for_user(&server, "an.peeters").await;
    assert_eq!(get(an).await.status(), 200);
    let (sofia, _) = session_for_user(&server, "sofia.rossi").await;
    assert_eq!(get(sofia).await.status(), 404);
    let path = format!("/api/v1/records/{jan_record}/invoices/no-such-invoice/pdf");
    let (status, body) = server.authed(Method::GET, &path, &jan, None).await;
    assert_eq!((status, &body["code"]), (404, &json!("not_found")));
}

async fn the_demo_has_invoices_in_every_status(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    for user in ["an.peeters", "els.vandenbroeck"] {
        let (token, _) = session_for_user(&server, user).await;
        let (_, records) = server.authed(Method::GET, "/api/v1/records", &token, None).await;
        for record in records.as_array().unwrap() {
            let id = record["record_id"].as_str().unwrap();
            let page = sync(&server, &token, id, "").await;
            let statuses: std::collections::BTreeSet<&str> = page["upserts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["status"].as_str().unwrap())
                .collect();
            assert_eq!(
                statuses.into_iter().collect::<Vec<_>>(),
                ["in_dispute", "open", "overdue", "paid"],
                "{user}: {}",
                record["given_name"]
            );
        }
    }
}
