//! Personal details and e-mail notifications, on SQLite and PostgreSQL: every field checked
//! at once and nothing written on a problem, each change kept with who made it and when (the
//! patient, a parent, a representative; a trusted person reads only), a new GP in the access
//! log, the replaced e-mail address told; "something new" told at most once an hour without
//! saying what, to the patient and a parent, never twice (also with two rounds at once), not
//! when turned off; and one reminder the day before an appointment.

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::{Backend, TestServer, enrol};
use dossier_server::{
    appointments::IncomingAppointment,
    import::{PatientIdentity, appointments::ImportedAppointment},
    notifications::{self, Round},
    record_staff,
};
use dossier_test_kit::outbox::read_outbox;
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    the_patient_changes_her_details_and_each_change_is_kept,
    a_parent_and_a_representative_change_details_and_a_trusted_person_reads_only,
    something_new_is_told_once_an_hour_without_content_and_never_twice,
    a_reminder_the_day_before_an_appointment_once,
);

async fn session_for_user(server: &TestServer, user_name: &str) -> (String, String) {
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let account =
        dossier_server::accounts::find_by_user_name(&mut conn, user_name).await.unwrap().unwrap();
    let token =
        dossier_server::sessions::open(&mut conn, &account.id, None, server.test.state.now())
            .await
            .unwrap();
    (token.expose().clone(), account.patient_id)
}

async fn record_of(server: &TestServer, token: &str, given_name: &str) -> String {
    let (status, records) = server.authed(Method::GET, "/api/v1/records", token, None).await;
    assert_eq!(status, 200, "{records}");
    records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["given_name"] == given_name)
        .unwrap_or_else(|| panic!("{given_name} in {records}"))["record_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn details_path(record: &str) -> String {
    format!("/api/v1/records/{record}/details")
}

fn update(street: &str, postal_code: &str, phone: &str, email: &str, gp: Option<&str>) -> Value {
    json!({
        "address": { "street": street, "postal_code": postal_code, "city": "Leuven", "country": "BE" },
        "phone": phone,
        "email": email,
        "language": "fr",
        "general_practitioner": gp,
    })
}

async fn gp_named(server: &TestServer, token: &str, name: &str) -> String {
    let path = format!("/api/v1/general-practitioners?name={name}");
    let (status, found) = server.authed(Method::GET, &path, token, None).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["role"], "general_practitioner");
    found[0]["id"].as_str().unwrap().to_owned()
}

async fn the_patient_changes_her_details_and_each_change_is_kept(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let (token, els) = session_for_user(&server, "els.vandenbroeck").await;
    let path = details_path(&els);
    let (status, before) = server.authed(Method::GET, &path, &token, None).await;
    assert_eq!(status, 200, "{before}");
    assert_eq!((&before["given_name"], &before["may_change"]), (&json!("Els"), &json!(true)));
    assert_eq!(before["address"]["postal_code"], "3300");
    let masked = before["national_register_number"].as_str().unwrap();
    assert!(masked.ends_with("-xxx.xx") && masked.starts_with("84.06.18"), "{masked}");
    assert_eq!(before["changes"], json!([]));

    // Every problem at once, each under its field; nothing written.
    let wouters = gp_named(&server, &token, "wOUTers").await;
    let (status, nobody) =
        server.authed(Method::GET, "/api/v1/general-practitioners?name=W", &token, None).await;
    assert_eq!((status, nobody), (200, json!([])), "two letters at least");
    let bad = update("", "33000", "12", "not an address", Some("no-such-gp"));
    let (status, refused) = server.authed(Method::PUT, &path, &token, Some(bad)).await;
    assert_eq!((status, &refused["code"]), (422, &json!("details_refused")), "{refused}");
    assert_eq!(
        refused["problems"],
        json!({
            "street": "required", "postal_code": "postal_code", "phone": "phone",
            "email": "email", "general_practitioner": "unknown_gp",
        })
    );
    let (_, unchanged) = server.authed(Method::GET, &path, &token, None).await;
    assert_eq!(unchanged, before, "nothing half-written");

    // All five change; each is kept with who and when.
    let good = update(
        " Naamsestraat 12 bus 3 ",
        "3000",
        "0470 12 34 56",
        "els@example.org",
        Some(&wouters),
    );
    let (status, after) = server.authed(Method::PUT, &path, &token, Some(good.clone())).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["address"]["street"], "Naamsestraat 12 bus 3");
    assert_eq!(after["phone"], "+32 470 12 34 56");
    assert_eq!((&after["email"], &after["language"]), (&json!("els@example.org"), &json!("fr")));
    assert_eq!(after["general_practitioner"]["name"], "Dr. Luc Wouters");
    let changes = after["changes"].as_array().unwrap();
    let mut fields: Vec<&str> = changes.iter().map(|c| c["field"].as_str().unwrap()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["address", "email", "general_practitioner", "language", "phone"]);
    let now = server.test.state.now();
    for change in changes {
        assert_eq!(
            (&change["by"], &change["by_as"]),
            (&json!("Els Van den Broeck"), &json!("patient"))
        );
        assert_eq!(change["at"], now);
    }
    let email = changes.iter().find(|c| c["field"] == "email").unwrap();
    assert_eq!(
        (&email["before"], &email["after"]),
        (&json!("els.vandenbroeck@example.be"), &json!("els@example.org"))
    );
    // The same again: nothing new.
    let (_, again) = server.authed(Method::PUT, &path, &token, Some(good)).await;
    assert_eq!(again["changes"].as_array().unwrap().len(), 5);

    // The old address is told; reset links now go to the new one.
    let mails = read_outbox(server.test.outbox.path());
    let told = mails.iter().find(|m| m.to.contains("els.vandenbroeck@example.be")).expect("told");
    assert!(told.subject.contains("Dossier"), "{told:?}");
    let (reset_to,): (Option<String>,) =
        sqlx::query_as("SELECT email FROM accounts WHERE patient_id = $1")
            .bind(&els)
            .fetch_one(server.test.state.db.pool())
            .await
            .unwrap();
    assert_eq!(reset_to.as_deref(), Some("els@example.org"));
    // Who may open her record changed: the access log says so.
    let (_, log) = server
        .authed(
            Method::GET,
            &format!("/api/v1/records/{els}/access-log?after=0&limit=1000"),
            &token,
            None,
        )
        .await;
    assert!(
        log["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"]["change"]["change"] == "gp_named"
                && e["event"]["change"]["provider_name"] == "Dr. Luc Wouters"),
        "{log}"
    );
    // Removing the GP and the phone is a change too.
    let removed = update("Naamsestraat 12 bus 3", "3000", "", "els@example.org", None);
    let (status, after) = server.authed(Method::PUT, &path, &token, Some(removed)).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!((&after["phone"], &after["general_practitioner"]), (&Value::Null, &Value::Null));
    assert_eq!(after["changes"].as_array().unwrap().len(), 7);
}

async fn a_parent_and_a_representative_change_details_and_a_trusted_person_reads_only(
    backend: Backend,
) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let (els, _) = session_for_user(&server, "els.vandenbroeck").await;
    let lotte = record_of(&server, &els, "Lotte").await;
    let change = update("Grote Markt 27", "3300", "016 33 22 11", "", None);
    let (status, after) =
        server.authed(Method::PUT, &details_path(&lotte), &els, Some(change)).await;
    assert_eq!(status, 200, "{after}");
    assert_eq!(after["phone"], "+32 16 33 22 11");
    let phone = after["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "phone")
        .unwrap()
        .clone();
    assert_eq!((&phone["by"], &phone["by_as"]), (&json!("Els Van den Broeck"), &json!("parent")));

    let (marc, _) = session_for_user(&server, "marc.dubois").await;
    let simone = record_of(&server, &marc, "Simone").await;
    let change = update("Rue de la Station 14", "1300", "", "", None);
    let (status, after) =
        server.authed(Method::PUT, &details_path(&simone), &marc, Some(change)).await;
    assert_eq!(status, 200, "{after}");
    assert!(after["changes"].as_array().unwrap().iter().all(|c| c["by_as"] == "representative"));

    // An is Jan's trusted person: she reads his details, changes nothing.
    let (an, _) = session_for_user(&server, "an.peeters").await;
    let jan = record_of(&server, &an, "Jan").await;
    let (status, read) = server.authed(Method::GET, &details_path(&jan), &an, None).await;
    assert_eq!((status, &read["may_change"]), (200, &json!(false)), "{read}");
    let change = update("Elders 1", "1000", "", "", None);
    let (status, refused) =
        server.authed(Method::PUT, &details_path(&jan), &an, Some(change)).await;
    assert_eq!((status, &refused["code"]), (403, &json!("not_allowed_to_change")), "{refused}");
    let (_, unchanged) = server.authed(Method::GET, &details_path(&jan), &an, None).await;
    assert_eq!(unchanged, read);
}

/// An appointment at the demo's hospital, in a department that says too much for an e-mail.
fn appointment(source: &str, start: DateTime<Utc>) -> IncomingAppointment {
    common::appointment(source, "hzk", "Oncologie", start)
}

async fn import_for(server: &TestServer, ead_number: &str, list: Vec<IncomingAppointment>) {
    let read: Vec<ImportedAppointment> = list
        .into_iter()
        .map(|appointment| ImportedAppointment {
            resource: appointment.source_id.clone(),
            patient: PatientIdentity::ead(ead_number),
            appointment,
        })
        .collect();
    record_staff::import_appointments(&server.test.state, &read).await.unwrap();
}

async fn ead_of(server: &TestServer, patient_id: &str) -> String {
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    dossier_server::patients::find_by_id(&mut conn, patient_id).await.unwrap().unwrap().ead_number
}

fn mails_to(server: &TestServer, to: &str, subject: &str) -> usize {
    read_outbox(server.test.outbox.path())
        .into_iter()
        .filter(|m| m.to.contains(to) && m.subject.contains(subject))
        .count()
}

async fn something_new_is_told_once_an_hour_without_content_and_never_twice(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let state = &server.test.state;
    let jan = enrol(&server.test, "Jan", "Peeters", None, Some("jan.peeters@example.be")).await;
    let ead = ead_of(&server, &jan.patient_id).await;
    let in_a_week = state.clock.now() + TimeDelta::days(7);
    import_for(&server, &ead, vec![appointment("A-1", in_a_week)]).await;

    // Two rounds at once (two servers): one e-mail.
    let (first, second) =
        tokio::join!(notifications::run_once(state), notifications::run_once(state));
    assert_eq!(first.unwrap().something_new + second.unwrap().something_new, 1);
    let subject = "U hebt iets nieuws in Dossier";
    assert_eq!(mails_to(&server, "jan.peeters@example.be", subject), 1);
    let mail =
        read_outbox(server.test.outbox.path()).into_iter().find(|m| m.subject == subject).unwrap();
    for medical in ["Oncologie", "Janssens", "Nuchter", "afspraak"] {
        assert!(!mail.body.contains(medical), "no content in the e-mail: {medical}");
    }
    assert_eq!(notifications::run_once(state).await.unwrap().something_new, 0, "told once");

    // More within the hour waits; after the hour, one e-mail for all of it.
    import_for(&server, &ead, vec![appointment("A-2", in_a_week), appointment("A-3", in_a_week)])
        .await;
    assert_eq!(notifications::run_once(state).await.unwrap().something_new, 0);
    server.test.advance(3_600);
    assert_eq!(notifications::run_once(state).await.unwrap().something_new, 1);
    assert_eq!(mails_to(&server, "jan.peeters@example.be", subject), 2);

    // Turned off: nothing, even after an hour.
    let token = server.session(&jan).await;
    let off = json!({ "something_new": false, "appointment_reminder": true });
    let (status, settings) =
        server.authed(Method::PUT, "/api/v1/notifications", &token, Some(off.clone())).await;
    assert_eq!((status, settings), (200, off));
    import_for(&server, &ead, vec![appointment("A-4", in_a_week)]).await;
    server.test.advance(3_600);
    assert_eq!(notifications::run_once(state).await.unwrap(), Round::default());

    // A child's new appointment is told to her parent (in her language).
    let (els, _) = session_for_user(&server, "els.vandenbroeck").await;
    let lotte = record_of(&server, &els, "Lotte").await;
    import_for(&server, &ead_of(&server, &lotte).await, vec![appointment("L-1", in_a_week)]).await;
    assert_eq!(notifications::run_once(state).await.unwrap().something_new, 1);
    assert_eq!(
        mails_to(&server, "els.vandenbroeck@example.be", "U hebt iets nieuws in Dossier"),
        1
    );
}

async fn a_reminder_the_day_before_an_appointment_once(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let state = &server.test.state;
    let jan = enrol(&server.test, "Jan", "Peeters", None, Some("jan.peeters@example.be")).await;
    let ead = ead_of(&server, &jan.patient_id).await;
    // The test clock is 23 November 2026, 11:00 in Brussels: tomorrow at 09:30, and in two days.
    let tomorrow: DateTime<Utc> = "2026-11-24T08:30:00Z".parse().unwrap();
    let later: DateTime<Utc> = "2026-11-25T08:30:00Z".parse().unwrap();
    import_for(&server, &ead, vec![appointment("R-1", tomorrow), appointment("R-2", later)]).await;
    // Two rounds at once (two servers): each reminder once (the demo's patients have
    // appointments tomorrow too).
    let (first, second) =
        tokio::join!(notifications::run_once(state), notifications::run_once(state));
    let sent = first.unwrap().reminders + second.unwrap().reminders;
    let reminder = "Herinnering: morgen een afspraak";
    assert_eq!(mails_to(&server, "jan.peeters@example.be", reminder), 1, "one, for tomorrow's");
    let all = read_outbox(server.test.outbox.path());
    assert_eq!(
        all.iter()
            .filter(|m| m.subject.contains("morgen")
                || m.subject.contains("demain")
                || m.subject.contains("tomorrow"))
            .count(),
        sent
    );
    server.test.advance(600);
    assert_eq!(notifications::run_once(state).await.unwrap().reminders, 0, "never twice");
    // The next day, the other one.
    server.test.advance(24 * 3_600);
    notifications::run_once(state).await.unwrap();
    assert_eq!(mails_to(&server, "jan.peeters@example.be", reminder), 2);
}
