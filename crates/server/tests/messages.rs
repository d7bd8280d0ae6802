//! Messages to hospital services, on SQLite and PostgreSQL: attachments refused by their
//! content and size with the reason (an .exe named .pdf, 10 MB and a byte, empty, six
//! files), a retry with the same client id never a duplicate (also two at once), staff
//! listing what waits and answering with a file the patient downloads, the e-mail that
//! follows, and who may write (a parent for a child; not a trusted person; nobody in
//! another record).

mod common;

use base64::{Engine, engine::general_purpose::STANDARD};
use common::{Backend, TestServer, enrol};
use dossier_server::{messages, staff};
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    attachments_are_refused_by_content_and_size_with_the_reason,
    a_retry_with_the_same_client_id_is_the_same_message,
    staff_answer_with_a_file_and_the_patient_is_told,
    a_parent_writes_for_a_child_a_trusted_person_does_not_and_nobody_elsewhere,
);

const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n";
const CLIENT_ID: &str = "0b7f5a52-3a5e-4c39-9a8e-6f1d2c7b9e01";

async fn clinic(backend: Backend) -> Option<TestServer> {
    let server = TestServer::start(backend).await?;
    staff::add_hospital(
        &server.test.state,
        &staff::NewHospital {
            id: "hzk".into(),
            name: "Heilig Hart Ziekenhuis".into(),
            city: "Leuven".into(),
            reports_visible_from: dossier_server::clock::date(2016, 8, 15),
            shares_child_reports: true,
            patient_number_system: None,
        },
    )
    .await
    .unwrap();
    Some(server)
}

fn new_thread(client_id: &str, attachments: Vec<Value>) -> Value {
    json!({
        "client_id": client_id,
        "destination": { "to": "new_thread", "hospital_id": "hzk", "service": "patient_support", "subject": "My code card" },
        "body": "My code card was washed with my jeans. Can I get a new one?",
        "attachments": attachments,
    })
}

fn file(name: &str, bytes: &[u8]) -> Value {
    json!({ "file_name": name, "content": STANDARD.encode(bytes) })
}

async fn attachments_are_refused_by_content_and_size_with_the_reason(backend: Backend) {
    let Some(server) = clinic(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", Some(11), None).await;
    let token = server.session(&an).await;
    let path = format!("/api/v1/records/{}/messages", an.patient_id);
    let mut too_large = PDF.to_vec();
    too_large.resize(dossier_api::messages::MAX_ATTACHMENT_BYTES + 1, b' ');
    let six: Vec<Value> = (0..6).map(|i| file(&format!("scan-{i}.pdf"), PDF)).collect();
    for (attachments, expected) in [
        (
            vec![file("scan.pdf", b"MZ\x90\0 an .exe named scan.pdf")],
            json!({"problem": "attachment", "index": 0, "reason": "not_allowed_type"}),
        ),
        (
            vec![file("ok.pdf", PDF), file("big.pdf", &too_large)],
            json!({"problem": "attachment", "index": 1, "reason": "too_large"}),
        ),
        (
            vec![file("empty.png", b"")],
            json!({"problem": "attachment", "index": 0, "reason": "empty"}),
        ),
        (
            vec![json!({"file_name": "x.pdf", "content": "not base64 at all!"})],
            json!({"problem": "attachment", "index": 0, "reason": "not_allowed_type"}),
        ),
        (six, json!({"problem": "too_many_attachments"})),
    ] {
        let (status, body) = server
            .authed(Method::POST, &path, &token, Some(new_thread(CLIENT_ID, attachments)))
            .await;
        assert_eq!((status, body["code"].as_str()), (422, Some("message_refused")), "{body}");
        assert_eq!(body["problem"], expected);
    }
    let mut empty = new_thread(CLIENT_ID, vec![]);
    empty["body"] = json!("  ");
    let (_, body) = server.authed(Method::POST, &path, &token, Some(empty)).await;
    assert_eq!(body["problem"], json!({"problem": "empty_body"}));
    let (_, body) =
        server.authed(Method::POST, &path, &token, Some(new_thread("123", vec![]))).await;
    assert_eq!(body["problem"], json!({"problem": "client_id"}));
    // A hospital that is not a partner, a conversation of another record: refused by name.
    let mut elsewhere = new_thread(CLIENT_ID, vec![]);
    elsewhere["destination"]["hospital_id"] = json!("not-a-partner");
    let (_, body) = server.authed(Method::POST, &path, &token, Some(elsewhere)).await;
    assert_eq!(body["problem"], json!({"problem": "unknown_hospital"}), "{body}");
    let reply = json!({"client_id": CLIENT_ID, "body": "Hallo?",
        "destination": {"to": "thread", "thread_id": "3f2b8e1a-0000-4e5f-9a0b-1c2d3e4f5a6b"}});
    let (_, body) = server.authed(Method::POST, &path, &token, Some(reply)).await;
    assert_eq!(body["problem"], json!({"problem": "unknown_thread"}), "{body}");
    // Nothing was kept of any of them.
    let (status, threads) = server.authed(Method::GET, &path, &token, None).await;
    assert_eq!((status, threads), (200, json!([])));

    // The same files as what they are: kept, the JPEG and PNG told by content.
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let files = vec![file("letter.pdf", PDF), file("photo.dat", &jpeg), file("../../x.png", png)];
    let (status, thread) =
        server.authed(Method::POST, &path, &token, Some(new_thread(CLIENT_ID, files))).await;
    assert_eq!(status, 201, "{thread}");
    let kinds: Vec<_> = thread["messages"][0]["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["kind"].clone(), a["file_name"].clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (json!("pdf"), json!("letter.pdf")),
            (json!("jpeg"), json!("photo.dat")),
            (json!("png"), json!("x.png"))
        ]
    );
}

async fn a_retry_with_the_same_client_id_is_the_same_message(backend: Backend) {
    let Some(server) = clinic(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", Some(11), None).await;
    let token = server.session(&an).await;
    let path = format!("/api/v1/records/{}/messages", an.patient_id);
    let message = new_thread(CLIENT_ID, vec![file("scan.pdf", PDF)]);
    let (status, first) = server.authed(Method::POST, &path, &token, Some(message.clone())).await;
    assert_eq!(status, 201);
    let (status, again) = server.authed(Method::POST, &path, &token, Some(message.clone())).await;
    assert_eq!((status, &again), (200, &first), "the same message, answered again");
    // Two at once (an outbox sent from two places): still one.
    let second = "6a1c0e55-1f0b-4d7e-8a4b-2b9d3e4f5a60";
    let mut reply = json!({ "client_id": second, "destination": { "to": "thread", "thread_id": first["id"] }, "body": "Also: my address changed." });
    let (a, b) = tokio::join!(
        server.authed(Method::POST, &path, &token, Some(reply.clone())),
        server.authed(Method::POST, &path, &token, Some(reply.clone())),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201]);
    let (_, threads) = server.authed(Method::GET, &path, &token, None).await;
    assert_eq!(threads.as_array().unwrap().len(), 1);
    let bodies: Vec<_> =
        threads[0]["messages"].as_array().unwrap().iter().map(|m| m["client_id"].clone()).collect();
    assert_eq!(bodies, [json!(CLIENT_ID), json!(second)]);
    // An id is the writer's: another thread of another record cannot be reached by it.
    reply["destination"]["thread_id"] = json!("no-such-thread");
    reply["client_id"] = json!("7a1c0e55-1f0b-4d7e-8a4b-2b9d3e4f5a61");
    let (status, body) = server.authed(Method::POST, &path, &token, Some(reply)).await;
    assert_eq!((status, body["problem"]["problem"].as_str()), (422, Some("unknown_thread")));
}

async fn staff_answer_with_a_file_and_the_patient_is_told(backend: Backend) {
    let Some(server) = clinic(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", Some(11), Some("an@example.be")).await;
    let token = server.session(&an).await;
    let path = format!("/api/v1/records/{}/messages", an.patient_id);
    let (_, thread) =
        server.authed(Method::POST, &path, &token, Some(new_thread(CLIENT_ID, vec![]))).await;
    let state = &server.test.state;
    let mut conn = state.db.pool().acquire().await.unwrap();
    let waiting = messages::waiting(&mut conn, "hzk").await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].thread_id.as_str(), waiting[0].subject.as_str()),
        (thread["id"].as_str().unwrap(), "My code card")
    );
    let answer = "A new card is on its way. The form is attached.";
    let files = [("form.pdf".to_owned(), PDF.to_vec())];
    let refused = messages::answer(
        &mut conn,
        thread["id"].as_str().unwrap(),
        "Patient support",
        answer,
        &[("x.pdf".into(), b"GIF89a".to_vec())],
        state.now(),
    )
    .await;
    assert!(refused.is_err(), "staff's files are checked too");
    messages::answer(
        &mut conn,
        thread["id"].as_str().unwrap(),
        "Patient support",
        answer,
        &files,
        state.now(),
    )
    .await
    .unwrap();
    assert!(messages::waiting(&mut conn, "hzk").await.unwrap().is_empty(), "answered");
    drop(conn);

    let (_, threads) = server.authed(Method::GET, &path, &token, None).await;
    let staff = &threads[0]["messages"][1];
    assert_eq!(
        (staff["from_patient_side"].as_bool(), staff["author"].as_str(), staff["body"].as_str()),
        (Some(false), Some("Patient support"), Some(answer))
    );
    let file_path = format!(
        "{path}/{}/attachments/{}",
        staff["id"].as_str().unwrap(),
        staff["attachments"][0]["id"].as_str().unwrap()
    );
    let response =
        server.http.get(server.url(&file_path)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    // Another record's attachment path is not found.
    let other = enrol(&server.test, "Els", "Maes", Some(141), None).await;
    let other_token = server.session(&other).await;
    let stolen = file_path.replace(&an.patient_id, &other.patient_id);
    let response =
        server.http.get(server.url(&stolen)).bearer_auth(&other_token).send().await.unwrap();
    assert_eq!(response.status(), 404);

    // The e-mail: "something new", no content.
    let round = dossier_server::notifications::run_once(state).await.unwrap();
    assert_eq!(round.something_new, 1);
    let mails = dossier_test_kit::outbox::read_outbox(server.test.outbox.path());
    let told = mails.iter().find(|m| m.to.contains("an@example.be")).expect("an e-mail");
    assert!(!told.body.contains("code card") && !told.body.contains(answer));
}

async fn a_parent_writes_for_a_child_a_trusted_person_does_not_and_nobody_elsewhere(
    backend: Backend,
) {
    let Some(server) = clinic(backend).await else { return };
    let test = &server.test;
    let parent = enrol(test, "An", "Peeters", Some(11), None).await;
    let friend = enrol(test, "Jan", "Claes", Some(131), None).await;
    let stranger = enrol(test, "Els", "Maes", Some(141), None).await;
    let born = dossier_server::clock::date(2018, 2, 9);
    let child = common::register_born(test, "Lotte", "Peeters", born, Some(88), None).await;
    let today = test.state.clock.today();
    for (holder, kind) in [
        (&parent, dossier_server::links::LinkKind::ParentChild),
        (&friend, dossier_server::links::LinkKind::TrustedPerson),
    ] {
        let mut conn = test.state.db.pool().acquire().await.unwrap();
        let holder = dossier_server::patients::find_by_id(&mut conn, &holder.patient_id)
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        let desk = staff::DeskLink {
            holder_ead: holder.ead_number,
            subject_ead: child.ead_number.clone(),
            kind,
            from: Some(today),
            until: None,
            mandate_reference: None,
        };
        staff::add_link(&test.state, &desk).await.unwrap();
    }
    let path = format!("/api/v1/records/{}/messages", child.id);
    let token = server.session(&parent).await;
    let (status, thread) =
        server.authed(Method::POST, &path, &token, Some(new_thread(CLIENT_ID, vec![]))).await;
    assert_eq!(status, 201);
    assert_eq!(thread["messages"][0]["author"], "An Peeters", "the parent wrote it");
    let token = server.session(&friend).await;
    let (status, threads) = server.authed(Method::GET, &path, &token, None).await;
    assert_eq!((status, threads.as_array().map(Vec::len)), (200, Some(1)), "reads along");
    let other_id = "8a1c0e55-1f0b-4d7e-8a4b-2b9d3e4f5a62";
    let (status, body) =
        server.authed(Method::POST, &path, &token, Some(new_thread(other_id, vec![]))).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_allowed_to_change")));
    let token = server.session(&stranger).await;
    assert_eq!(server.authed(Method::GET, &path, &token, None).await.0, 404);
    assert_eq!(
        server.authed(Method::POST, &path, &token, Some(new_thread(other_id, vec![]))).await.0,
        404
    );
    // Writing to the child's thread through one's own record does not reach it.
    let own = format!("/api/v1/records/{}/messages", stranger.patient_id);
    let reply = json!({ "client_id": other_id, "destination": { "to": "thread", "thread_id": thread["id"] }, "body": "Hello" });
    let (status, body) = server.authed(Method::POST, &own, &token, Some(reply)).await;
    assert_eq!((status, body["problem"]["problem"].as_str()), (422, Some("unknown_thread")));
}
