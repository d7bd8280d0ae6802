//! Linked records on a real server, on SQLite and PostgreSQL: a parent's request from the
//! app to staff's decision; a trusted person named, confirmed and revoked; a representative
//! made at the desk; a death that ends everything. Each refusal comes with its reason and
//! writes nothing.

mod common;

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::NaiveDate;
use common::{Backend, TestServer, enrol, register_born};
use dossier_api::{NationalRegisterNumber, links::MAX_DOCUMENT_BYTES};
use dossier_server::clock::date;
use dossier_server::{link_requests, links::LinkKind, staff};
use dossier_test_kit::outbox::read_outbox;
use reqwest::Method;
use serde_json::{Value, json};

/// The tests' clock starts on 2026-11-23.
const TODAY: NaiveDate = date(2026, 11, 23);

fn number(born: NaiveDate, serial: u16) -> String {
    let (year, month, day) = dossier_server::patients::register_ymd(born);
    NationalRegisterNumber::for_birth_date(year, month, day, serial).unwrap().digits().to_owned()
}

fn child_request(given: &str, born: NaiveDate, serial: u16) -> Value {
    json!({
        "given_name": given,
        "family_name": "Peeters",
        "date_of_birth": born.to_string(),
        "national_register_number": number(born, serial),
        "hospital_patient_number": null,
        "parental_authority": true,
        "document": null,
    })
}

async fn records(server: &TestServer, token: &str) -> Vec<Value> {
    let (status, body) = server.authed(Method::GET, "/api/v1/records", token, None).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().unwrap().clone()
}

fn problem(body: &Value) -> &str {
    body["problem"].as_str().unwrap_or_default()
}

async fn a_parent_asks_and_staff_decide(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let test = &server.test;
    let parent = enrol(test, "Els", "Peeters", Some(212), Some("els@example.be")).await;
    let token = server.session(&parent).await;
    let lotte_born = date(2018, 2, 9);
    let lotte = register_born(test, "Lotte", "Peeters", lotte_born, Some(88), None).await;

    let mut bad_checksum = number(lotte_born, 88);
    let last = bad_checksum.pop().unwrap();
    bad_checksum.push(if last == '0' { '1' } else { '0' });
    // Refused at once, each with its reason, nothing written.
    let refusals = [
        (child_request("Noor", date(2011, 11, 23), 60), "not_a_child"),
        (
            child_request("Lotte", lotte_born, 88).tap("national_register_number", &bad_checksum),
            "register_number",
        ),
        (
            child_request("Lotte", date(2018, 2, 10), 88)
                .tap("national_register_number", &number(lotte_born, 88)),
            "register_number",
        ),
        (
            child_request("Lotte", lotte_born, 88).tap("national_register_number", ""),
            "no_identifier",
        ),
        (
            child_request("Lotte", lotte_born, 88).tap_bool("parental_authority", false),
            "no_statement",
        ),
        (child_request("", lotte_born, 88), "name"),
        (child_request("Lotte", date(2027, 1, 1), 88), "date_of_birth"),
        (
            child_request("Lotte", lotte_born, 88)
                .tap("document", &STANDARD.encode(b"MZ not a pdf")),
            "document_type",
        ),
        (child_request("Els", date(1980, 5, 17), 212), "not_a_child"),
    ];
    for (request, expected) in refusals {
        let (status, body) =
            server.authed(Method::POST, "/api/v1/link-requests", &token, Some(request)).await;
        assert_eq!((status, problem(&body)), (422, expected), "{body}");
        assert_eq!(body["code"], "link_request_refused");
    }
    // A document over 10 MB: refused with its own reason (the route takes such a body).
    let mut large = b"%PDF-".to_vec();
    large.resize(MAX_DOCUMENT_BYTES + 1, b' ');
    let oversize = child_request("Lotte", lotte_born, 88).tap("document", &STANDARD.encode(&large));
    let (status, body) =
        server.authed(Method::POST, "/api/v1/link-requests", &token, Some(oversize)).await;
    assert_eq!((status, problem(&body)), (422, "document_too_large"), "{body}");
    let (_, listed) = server.authed(Method::GET, "/api/v1/link-requests", &token, None).await;
    assert_eq!(listed, json!([]), "a refusal writes nothing");

    // A real child, with a PDF; and details that name nobody: the same answer.
    let with_pdf = child_request("Lotte", lotte_born, 88)
        .tap("document", &STANDARD.encode(b"%PDF-1.7 birth certificate"));
    let (status, real) =
        server.authed(Method::POST, "/api/v1/link-requests", &token, Some(with_pdf)).await;
    assert_eq!(status, 201, "{real}");
    let (status, nobody) = server
        .authed(
            Method::POST,
            "/api/v1/link-requests",
            &token,
            Some(child_request("Mila", date(2020, 6, 1), 400)),
        )
        .await;
    assert_eq!(status, 201, "{nobody}");
    let shape = |v: &Value| {
        let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        (keys, v["status"].clone(), v["reason"].clone())
    };
    assert_eq!(shape(&real), shape(&nobody), "no way to tell who is a patient");
    // The same request twice: refused.
    let (status, body) = server
        .authed(
            Method::POST,
            "/api/v1/link-requests",
            &token,
            Some(child_request("Lotte", lotte_born, 88)),
        )
        .await;
    assert_eq!((status, problem(&body)), (422, "already_asked"), "{body}");

    // Staff see both, which one names a patient, and the document.
    let (waiting, _) = staff::waiting_links(&test.state).await.unwrap();
    assert_eq!(waiting.len(), 2);
    let real_id = real["id"].as_str().unwrap();
    let nobody_id = nobody["id"].as_str().unwrap();
    assert!(waiting.iter().any(|w| w.id == real_id && w.child_found));
    assert!(waiting.iter().any(|w| w.id == nobody_id && !w.child_found));
    let document = test.outbox.path().join("document.pdf");
    assert!(staff::save_request_document(&test.state, real_id, &document).await.unwrap());
    assert!(std::fs::read(&document).unwrap().starts_with(b"%PDF-"));

    // Nobody's request cannot be approved; staff refuse it with a reason the parent reads.
    assert!(staff::approve_link_request(&test.state, nobody_id).await.is_err());
    staff::refuse_link_request(&test.state, nobody_id, "We found no patient with these details.")
        .await
        .unwrap();
    assert!(staff::refuse_link_request(&test.state, nobody_id, "twice").await.is_err());
    // Approval: the link is there at the next look, until the day before the 15th birthday.
    assert!(staff::approve_link_request(&test.state, real_id).await.unwrap());
    let listed = records(&server, &token).await;
    let child = listed.iter().find(|r| r["record_id"] == lotte.id.as_str()).expect("Lotte");
    assert_eq!(child["relation"], "child");
    assert_eq!(child["last_day"], "2033-02-08");
    let (status, _) = server
        .authed(Method::GET, &format!("/api/v1/records/{}/reports", lotte.id), &token, None)
        .await;
    assert_eq!(status, 200);
    // In Lotte's record, Els sees who holds a link to it: herself, as parent, which she
    // cannot revoke there.
    let links_path = format!("/api/v1/records/{}/links", lotte.id);
    let (status, links) = server.authed(Method::GET, &links_path, &token, None).await;
    assert_eq!(status, 200, "{links}");
    assert_eq!(links.as_array().map(Vec::len), Some(1), "{links}");
    assert_eq!(
        (&links[0]["kind"], &links[0]["given_name"], &links[0]["revocable"]),
        (&json!("parent_child"), &json!("Els"), &json!(false)),
        "{links}"
    );
    let (_, listed) = server.authed(Method::GET, "/api/v1/link-requests", &token, None).await;
    let statuses: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["status"].clone(), r["reason"].clone()))
        .collect();
    assert!(statuses.contains(&(json!("approved"), Value::Null)), "{listed}");
    assert!(
        statuses.contains(&(json!("refused"), json!("We found no patient with these details."))),
        "{listed}"
    );
    // The document leaves the database with the decision.
    assert!(!staff::save_request_document(&test.state, real_id, &document).await.unwrap());
    // The parent was told both decisions by e-mail, in her language.
    let mails = read_outbox(test.outbox.path());
    assert_eq!(mails.iter().filter(|m| m.subject.contains("aanvraag")).count(), 2, "{mails:?}");
}

async fn approval_checks_the_age_again(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let test = &server.test;
    let parent = enrol(test, "Els", "Peeters", Some(212), None).await;
    let token = server.session(&parent).await;
    // 14 years and 11 months old when the parent asks.
    let born = date(2011, 12, 20);
    register_born(test, "Wout", "Peeters", born, Some(151), None).await;
    let (status, asked) = server
        .authed(
            Method::POST,
            "/api/v1/link-requests",
            &token,
            Some(child_request("Wout", born, 151)),
        )
        .await;
    assert_eq!(status, 201, "{asked}");
    // Staff get to it after his birthday: the link must not start.
    test.advance(30 * 24 * 3600);
    let started = staff::approve_link_request(&test.state, asked["id"].as_str().unwrap()).await;
    assert!(!started.unwrap());
    let token = server.session(&parent).await;
    assert_eq!(records(&server, &token).await.len(), 1, "only her own record");
    let (_, listed) = server.authed(Method::GET, "/api/v1/link-requests", &token, None).await;
    assert_eq!(listed[0]["status"], "refused");
    assert_eq!(listed[0]["reason"], link_requests::TURNED_FIFTEEN);
}

fn designation(given: &str, born: NaiveDate, serial: u16, password: &str) -> Value {
    json!({
        "given_name": given,
        "family_name": "Janssens",
        "national_register_number": number(born, serial),
        "rights": { "view_record": true, "be_informed": true, "ask_for_copy": false },
        "until": null,
        "confirm": { "with": "password", "password": password },
    })
}

async fn a_trusted_person_is_named_confirmed_and_revoked(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let test = &server.test;
    let born = date(1980, 5, 17);
    let jan = enrol(test, "Jan", "Janssens", Some(301), Some("jan@example.be")).await;
    let an = enrol(test, "An", "Janssens", Some(302), None).await;
    let jan_token = server.session(&jan).await;
    let an_token = server.session(&an).await;
    let path = format!("/api/v1/records/{}/trusted-persons", jan.patient_id);

    let refusals = [
        (designation("Jan", born, 301, &jan.password), "oneself"),
        (designation("An", born, 399, &jan.password), "register_number"),
        (designation("Anna", born, 302, &jan.password), "register_number"),
        (designation("An", born, 302, &jan.password).tap("until", "2026-11-22"), "end_date"),
        (
            designation("An", born, 302, &jan.password).tap_value(
                "rights",
                json!({ "view_record": false, "be_informed": false, "ask_for_copy": false }),
            ),
            "no_rights",
        ),
    ];
    for (body, expected) in refusals {
        let (status, answer) = server.authed(Method::POST, &path, &jan_token, Some(body)).await;
        assert_eq!((status, problem(&answer)), (422, expected), "{answer}");
    }
    // A wrong password: refused as a failed login (counted), nothing written.
    let (status, answer) = server
        .authed(
            Method::POST,
            &path,
            &jan_token,
            Some(designation("An", born, 302, "wrong-password")),
        )
        .await;
    assert_eq!(status, 401, "{answer}");
    // Not from someone else's record (An cannot name herself trusted person of Jan).
    let (status, answer) = server
        .authed(Method::POST, &path, &an_token, Some(designation("An", born, 302, &an.password)))
        .await;
    assert_eq!(status, 404, "An may not open Jan's record at all: {answer}");
    let links_path = format!("/api/v1/records/{}/links", jan.patient_id);
    let (_, listed) = server.authed(Method::GET, &links_path, &jan_token, None).await;
    assert_eq!(listed, json!([]), "nothing written");

    // Named, confirmed with the password: waiting for staff.
    let (status, link) = server
        .authed(Method::POST, &path, &jan_token, Some(designation("An", born, 302, &jan.password)))
        .await;
    assert_eq!(status, 201, "{link}");
    assert_eq!(link["status"], "requested");
    assert_eq!(link["rights"]["be_informed"], true);
    let (status, answer) = server
        .authed(Method::POST, &path, &jan_token, Some(designation("An", born, 302, &jan.password)))
        .await;
    assert_eq!((status, problem(&answer)), (422, "already_linked"), "{answer}");
    assert_eq!(records(&server, &an_token).await.len(), 1, "not before staff confirm");
    let link_id = link["id"].as_str().unwrap();
    staff::confirm_link(&test.state, link_id).await.unwrap();
    let held = records(&server, &an_token).await;
    assert!(held.iter().any(|r| r["record_id"] == jan.patient_id.as_str()
        && r["relation"] == "trusted_person"
        && r["last_day"].is_null()));
    let (_, listed) = server.authed(Method::GET, &links_path, &jan_token, None).await;
    assert_eq!(listed[0]["status"], "active");
    assert_eq!(listed[0]["revocable"], true);
    assert!(
        read_outbox(test.outbox.path()).iter().any(|m| m.subject.contains("vertrouwenspersoon")),
        "Jan is told"
    );
    // An sees Jan's record but not who can open it (that is Jan's own business).
    let (status, answer) = server.authed(Method::GET, &links_path, &an_token, None).await;
    assert_eq!((status, &answer["code"]), (403, &json!("not_allowed_to_change")), "{answer}");

    // Jan revokes: at once, no staff needed.
    let (status, _) =
        server.authed(Method::DELETE, &format!("{links_path}/{link_id}"), &jan_token, None).await;
    assert_eq!(status, 204);
    assert_eq!(records(&server, &an_token).await.len(), 1);
    let (status, _) = server
        .authed(
            Method::GET,
            &format!("/api/v1/records/{}/reports", jan.patient_id),
            &an_token,
            None,
        )
        .await;
    assert_eq!(status, 404);
    let (_, listed) = server.authed(Method::GET, &links_path, &jan_token, None).await;
    assert_eq!(listed, json!([]));
}

async fn desk_links_and_a_death(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let test = &server.test;
    let state = &test.state;
    let mother = register_born(test, "Maria", "Lambert", date(1941, 3, 2), None, None).await;
    let son = enrol(test, "Luc", "Lambert", None, None).await;
    let son_ead = {
        let mut conn = state.db.pool().acquire().await.unwrap();
        let son = dossier_server::patients::find_by_id(&mut conn, &son.patient_id).await.unwrap();
        son.unwrap().ead_number
    };
    let desk = |kind, mandate: Option<&str>| staff::DeskLink {
        holder_ead: son_ead.clone(),
        subject_ead: mother.ead_number.clone(),
        kind,
        from: None,
        until: None,
        mandate_reference: mandate.map(str::to_owned),
    };
    // A representative needs the mandate; a parent/child link needs a child.
    assert!(staff::add_link(state, &desk(LinkKind::Representative, None)).await.is_err());
    assert!(staff::add_link(state, &desk(LinkKind::ParentChild, None)).await.is_err());
    let mut past = desk(LinkKind::TrustedPerson, None);
    past.until = Some(date(2026, 1, 1));
    assert!(staff::add_link(state, &past).await.is_err(), "an end date in the past");
    let mut own = desk(LinkKind::TrustedPerson, None);
    own.subject_ead = son_ead.clone();
    assert!(staff::add_link(state, &own).await.is_err(), "a link to oneself");
    let link = staff::add_link(state, &desk(LinkKind::Representative, Some("JV-2026/0412")))
        .await
        .unwrap();
    assert!(staff::add_link(state, &desk(LinkKind::Representative, Some("again"))).await.is_err());
    let token = server.session(&son).await;
    let held = records(&server, &token).await;
    assert!(
        held.iter()
            .any(|r| r["record_id"] == mother.id.as_str() && r["relation"] == "representative")
    );

    // Her death: the link ends, her record is no longer his to open.
    staff::record_death(state, &mother.ead_number, TODAY).await.unwrap();
    assert!(staff::record_death(state, &mother.ead_number, TODAY).await.is_err());
    assert_eq!(records(&server, &token).await.len(), 1);
    let (status, _) = server
        .authed(Method::GET, &format!("/api/v1/records/{}/reports", mother.id), &token, None)
        .await;
    assert_eq!(status, 404);
    assert!(!staff::end_link(state, &link).await.unwrap(), "it ended with the death");
    let again = desk(LinkKind::TrustedPerson, None);
    assert!(staff::add_link(state, &again).await.is_err(), "no link to a deceased patient");
    // His own death: his session ends at once.
    staff::record_death(state, &son_ead, TODAY).await.unwrap();
    let (status, _) = server.authed(Method::GET, "/api/v1/records", &token, None).await;
    assert_eq!(status, 401);
}

async fn the_15th_birthday_at_midnight_in_brussels(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let test = &server.test;
    let parent = enrol(test, "Els", "Peeters", None, None).await;
    let parent_ead = {
        let mut conn = test.state.db.pool().acquire().await.unwrap();
        let found = dossier_server::patients::find_by_id(&mut conn, &parent.patient_id).await;
        found.unwrap().unwrap().ead_number
    };
    // (born, the last instant the parent sees the record, the first instant they do not)
    let cases = [
        // Born on 29 February: 15 on 1 March in a common year.
        (date(2012, 2, 29), "2027-02-28T22:59:59Z", "2027-02-28T23:00:00Z"),
        // The last day is the day summer time starts: midnight is 22:00 UTC.
        (date(2012, 3, 29), "2027-03-28T21:59:59Z", "2027-03-28T22:00:00Z"),
        // The last day is the day winter time comes back: midnight is 23:00 UTC.
        (date(2012, 11, 1), "2027-10-31T22:59:59Z", "2027-10-31T23:00:00Z"),
    ];
    let mut children = Vec::new();
    for (born, _, _) in cases {
        let child = register_born(test, "Kind", "Peeters", born, None, None).await;
        let desk = staff::DeskLink {
            holder_ead: parent_ead.clone(),
            subject_ead: child.ead_number.clone(),
            kind: LinkKind::ParentChild,
            from: None,
            until: None,
            mandate_reference: None,
        };
        staff::add_link(&test.state, &desk).await.unwrap();
        children.push(child.id);
    }
    for (child, (born, last_open, first_closed)) in children.iter().zip(cases) {
        for (instant, open) in [(last_open, true), (first_closed, false)] {
            test.clock.set(instant.parse().unwrap());
            let token = server.session(&parent).await;
            let listed = records(&server, &token).await;
            let seen = listed.iter().any(|r| r["record_id"] == child.as_str());
            assert_eq!(seen, open, "born {born}, at {instant}");
            let (status, _) = server
                .authed(Method::GET, &format!("/api/v1/records/{child}/reports"), &token, None)
                .await;
            assert_eq!(status == 200, open, "born {born}, at {instant}");
        }
    }
}

async fn a_child_who_turned_15_gets_a_card_of_their_own(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let test = &server.test;
    // 15 today, and 15 tomorrow.
    let fifteen = date(2011, 11, 23);
    let almost = date(2011, 11, 24);
    register_born(test, "Noor", "Peeters", fifteen, Some(60), None).await;
    register_born(test, "Nina", "Peeters", almost, Some(61), None).await;
    for (born, serial, email) in [(almost, 61, "nina@example.be"), (fifteen, 60, "noor@example.be")]
    {
        let (status, body) = server
            .post(
                "/api/v1/card-requests",
                json!({ "national_register_number": number(born, serial), "email": email, "language": "nl" }),
            )
            .await;
        assert_eq!(status, 202, "the same answer for both: {body}");
    }
    let mails = read_outbox(test.outbox.path());
    assert_eq!(mails.len(), 1, "only the 15-year-old is sent a link: {mails:?}");
    assert_eq!(mails[0].to, "noor@example.be");
    let link = mails[0].link("http://127.0.0.1/card-requests/confirm?token=").expect("a link");
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let done = server
        .http
        .post(server.url("/card-requests/confirm"))
        .form(&[("token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let queue = dossier_server::enrolment::print_queue(&test.state).await.unwrap();
    assert_eq!(queue.len(), 1, "her card waits to be printed and posted");
}

/// Small builders for JSON bodies in the tables above.
trait Tap {
    fn tap(self, key: &str, value: &str) -> Self;
    fn tap_bool(self, key: &str, value: bool) -> Self;
    fn tap_value(self, key: &str, value: Value) -> Self;
}

impl Tap for Value {
    fn tap(self, key: &str, value: &str) -> Self {
        self.tap_value(key, json!(value))
    }
    fn tap_bool(self, key: &str, value: bool) -> Self {
        self.tap_value(key, json!(value))
    }
    fn tap_value(mut self, key: &str, value: Value) -> Self {
        self[key] = value;
        self
    }
}

on_both_databases!(
    a_parent_asks_and_staff_decide,
    approval_checks_the_age_again,
    a_trusted_person_is_named_confirmed_and_revoked,
    desk_links_and_a_death,
    the_15th_birthday_at_midnight_in_brussels,
    a_child_who_turned_15_gets_a_card_of_their_own,
);
