//! Appointments, on SQLite and PostgreSQL: cancelling from the app by the department's rule
//! just inside and just outside its notice (the test clock), who may cancel whose record,
//! the video link only in its window, the sync (added, changed, withdrawn; a quiet sync is
//! one small answer), the hospital's list of cancellations, a FHIR R4 Appointment import,
//! and the demo's two years of appointments.

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::{Backend, TestServer, appointment, enrol};
use dossier_api::appointments::AppointmentKind;
use dossier_server::{
    appointments::{IncomingAppointment, StaffChange},
    import::{PatientIdentity, appointments::ImportedAppointment},
    record_staff,
};
use reqwest::Method;
use serde_json::Value;

on_both_databases!(
    cancelling_holds_until_the_notice_and_not_a_second_later,
    who_may_cancel_whose_appointments,
    the_video_link_is_given_only_from_15_minutes_before_until_the_end,
    sync_adds_changes_and_removes_and_a_quiet_sync_is_one_small_answer,
    a_fhir_appointment_is_imported_and_synced,
    the_demo_has_two_years_of_appointments_for_parents_and_children,
);

fn now(server: &TestServer) -> DateTime<Utc> {
    server.test.clock.now_timestamp()
}

/// A session for an account without going through the login (tested apart).
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

/// The demo's hospitals and rules, and a patient of our own with `appointments`.
async fn patient_with(
    server: &TestServer,
    appointments: Vec<IncomingAppointment>,
) -> (common::Enrolled, String) {
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let who = enrol(&server.test, "Jan", "Peeters", None, None).await;
    import(server, &who, appointments).await;
    let token = session_for_patient(server, &who.patient_id).await;
    (who, token)
}

async fn import(server: &TestServer, who: &common::Enrolled, list: Vec<IncomingAppointment>) {
    if list.is_empty() {
        return;
    }
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let patient =
        dossier_server::patients::find_by_id(&mut conn, &who.patient_id).await.unwrap().unwrap();
    drop(conn);
    let read: Vec<ImportedAppointment> = list
        .into_iter()
        .map(|appointment| ImportedAppointment {
            resource: appointment.source_id.clone(),
            patient: PatientIdentity::ead(&patient.ead_number),
            appointment,
        })
        .collect();
    record_staff::import_appointments(&server.test.state, &read).await.unwrap();
}

async fn sync(server: &TestServer, token: &str, record: &str, cursor: &str) -> Value {
    let path = format!("/api/v1/records/{record}/appointments?cursor={cursor}");
    let (status, page) = server.authed(Method::GET, &path, token, None).await;
    assert_eq!(status, 200, "{page}");
    page
}

async fn id_of(server: &TestServer, source: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM appointments WHERE source_id = $1")
        .bind(source)
        .fetch_one(server.test.state.db.pool())
        .await
        .unwrap();
    id
}

async fn cancel(server: &TestServer, token: &str, record: &str, id: &str) -> (u16, Value) {
    let path = format!("/api/v1/records/{record}/appointments/{id}/cancel");
    server.authed(Method::POST, &path, token, None).await
}

async fn cancelling_holds_until_the_notice_and_not_a_second_later(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let start = now(&server) + TimeDelta::hours(72);
    // Cardiology at Geel: up to 48 hours before. Radiology at Tienen: by phone only.
    let (who, token) = patient_with(
        &server,
        vec![
            appointment("late", "hzk", "Cardiologie", start),
            appointment("in-time", "hzk", "Cardiologie", start + TimeDelta::seconds(1)),
            appointment("phone", "smt", "Radiologie", start),
        ],
    )
    .await;
    let record = &who.patient_id;
    let page = sync(&server, &token, record, "").await;
    let late_id = id_of(&server, "late").await;
    let late = page["upserts"].as_array().unwrap().iter().find(|a| a["id"] == late_id.as_str());
    let late = late.unwrap().clone();
    assert_eq!(late["cancellable_until"], (start - TimeDelta::hours(48)).timestamp());

    // One second past the limit of "late", exactly at the limit of "in-time".
    server.test.clock.set(start - TimeDelta::hours(48) + TimeDelta::seconds(1));
    let token = session_for_patient(&server, record).await;
    let (status, refused) = cancel(&server, &token, record, &id_of(&server, "late").await).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["code"], "cancel_refused");
    assert_eq!(refused["reason"]["problem"], "too_late");
    assert_eq!(refused["reason"]["notice_hours"], 48);
    let (status, cancelled) =
        cancel(&server, &token, record, &id_of(&server, "in-time").await).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancelled_by"], "app");
    assert_eq!(cancelled["cancellable_until"], Value::Null);
    let (status, twice) = cancel(&server, &token, record, &id_of(&server, "in-time").await).await;
    assert_eq!((status, &twice["reason"]["problem"]), (409, &Value::from("already_cancelled")));
    let (status, phone) = cancel(&server, &token, record, &id_of(&server, "phone").await).await;
    assert_eq!((status, &phone["reason"]["problem"]), (409, &Value::from("not_cancellable_here")));
    let (status, _) = cancel(&server, &token, record, "no-such-appointment").await;
    assert_eq!(status, 404);

    // The hospital sees it; a re-sent file that still says planned does not undo it.
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let since = now(&server).timestamp() - 60;
    let seen =
        dossier_server::appointments::cancelled_from_app(&mut conn, "hzk", since).await.unwrap();
    drop(conn);
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].source_id.as_str(), seen[0].department.as_str()),
        ("in-time", "Cardiologie")
    );
    import(
        &server,
        &who,
        vec![appointment("in-time", "hzk", "Cardiologie", start + TimeDelta::seconds(1))],
    )
    .await;
    let page = sync(&server, &token, record, "").await;
    let again =
        page["upserts"].as_array().unwrap().iter().find(|a| a["id"] == cancelled["id"]).unwrap();
    assert_eq!(again["status"], "cancelled");
    let listed = record_staff::run(
        &server.test.state,
        record_staff::RecordAction::CancelledAppointments { hospital: "hzk".into(), since: None },
    )
    .await
    .unwrap();
    assert!(listed.contains("in-time") && !listed.contains("Peeters"), "{listed}");
}

/// The first upcoming appointment of `record` the app may still cancel.
async fn cancellable(server: &TestServer, token: &str, record: &str) -> String {
    let page = sync(server, token, record, "").await;
    let now = now(server).timestamp();
    page["upserts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["cancellable_until"].as_i64().is_some_and(|until| until > now + 3600))
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("nothing cancellable in {page}"))
}

async fn who_may_cancel_whose_appointments(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let (els, _) = session_for_user(&server, "els.vandenbroeck").await;
    let (_, records) = server.authed(Method::GET, "/api/v1/records", &els, None).await;
    let lotte = records.as_array().unwrap().iter().find(|r| r["given_name"] == "Lotte").unwrap();
    let lotte = lotte["record_id"].as_str().unwrap().to_owned();
    // A parent sees the child's appointments at Tienen too, which keeps her reports off line.
    let page = sync(&server, &els, &lotte, "").await;
    assert!(page["upserts"].as_array().unwrap().iter().any(|a| a["hospital_id"] == "smt"));
    let id = cancellable(&server, &els, &lotte).await;
    let (status, answer) = cancel(&server, &els, &lotte, &id).await;
    assert_eq!(status, 200, "a parent cancels for a child under 15: {answer}");

    // A representative cancels for the person they represent.
    let (marc, _) = session_for_user(&server, "marc.dubois").await;
    let (_, records) = server.authed(Method::GET, "/api/v1/records", &marc, None).await;
    let simone = records.as_array().unwrap().iter().find(|r| r["relation"] == "representative");
    let simone = simone.unwrap()["record_id"].as_str().unwrap().to_owned();
    let id = cancellable(&server, &marc, &simone).await;
    assert_eq!(cancel(&server, &marc, &simone, &id).await.0, 200);

    // A trusted person reads, never cancels; the patient does.
    let (an, _) = session_for_user(&server, "an.peeters").await;
    let (jan, jan_record) = session_for_user(&server, "jan.janssens").await;
    let id = cancellable(&server, &an, &jan_record).await;
    let (status, refused) = cancel(&server, &an, &jan_record, &id).await;
    assert_eq!((status, &refused["code"]), (403, &Value::from("not_allowed_to_change")));
    assert_eq!(cancel(&server, &jan, &jan_record, &id).await.0, 200);

    // Anyone else: the record does not exist for them.
    let (sofia, _) = session_for_user(&server, "sofia.rossi").await;
    let id = cancellable(&server, &els, &lotte).await;
    assert_eq!(cancel(&server, &sofia, &lotte, &id).await.0, 404);
    // And an appointment of another record, through one's own: not found.
    let (_, own) = session_for_user(&server, "els.vandenbroeck").await;
    assert_eq!(cancel(&server, &els, &own, &id).await.0, 404);
}

async fn the_video_link_is_given_only_from_15_minutes_before_until_the_end(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let start = now(&server) + TimeDelta::hours(1);
    let mut video = appointment("video-1", "hzk", "Cardiologie", start);
    video.kind = AppointmentKind::Video;
    video.place = None;
    video.video_link = Some("https://video.hzk.example/join/abc".into());
    let (who, token) = patient_with(&server, vec![video]).await;
    let record = &who.patient_id;
    let page = sync(&server, &token, record, "").await;
    assert_eq!(page["upserts"][0]["video_link"], Value::Null, "an hour before");
    let cursor = page["cursor"].as_str().unwrap().to_owned();

    server.test.clock.set(start - TimeDelta::minutes(15) - TimeDelta::seconds(1));
    let token = session_for_patient(&server, record).await;
    let page = sync(&server, &token, record, &cursor).await;
    assert_eq!(page["upserts"].as_array().unwrap().len(), 0, "not yet: {page}");
    let cursor = page["cursor"].as_str().unwrap().to_owned();

    server.test.clock.set(start - TimeDelta::minutes(15));
    let page = sync(&server, &token, record, &cursor).await;
    assert_eq!(page["upserts"][0]["video_link"], "https://video.hzk.example/join/abc");
    let cursor = page["cursor"].as_str().unwrap().to_owned();

    server.test.clock.set(start + TimeDelta::minutes(30) + TimeDelta::seconds(1));
    let token = session_for_patient(&server, record).await;
    let page = sync(&server, &token, record, &cursor).await;
    assert_eq!(page["upserts"].as_array().unwrap().len(), 1, "gone after the end: {page}");
    assert_eq!(page["upserts"][0]["video_link"], Value::Null);
    let page = sync(&server, &token, record, page["cursor"].as_str().unwrap()).await;
    assert_eq!(page["upserts"].as_array().unwrap().len(), 0);
}

async fn sync_adds_changes_and_removes_and_a_quiet_sync_is_one_small_answer(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let start = now(&server) + TimeDelta::days(10);
    let (who, token) = patient_with(
        &server,
        vec![
            appointment("s-1", "hzk", "Cardiologie", start),
            appointment("s-2", "cbw", "Consultations", start + TimeDelta::days(1)),
        ],
    )
    .await;
    let record = &who.patient_id;
    let page = sync(&server, &token, record, "").await;
    assert_eq!(page["upserts"].as_array().unwrap().len(), 2);
    assert_eq!(page["records"][0]["relation"], "own");
    assert_eq!(page["upserts"][1]["hospital_name"], "Clinique du Brabant wallon");
    let cursor = page["cursor"].as_str().unwrap().to_owned();

    // Nothing changed: nothing but the cursor and the records.
    let quiet = sync(&server, &token, record, &cursor).await;
    assert_eq!(quiet["upserts"], Value::Array(vec![]));
    assert_eq!(quiet["removals"], Value::Array(vec![]));
    assert_eq!(quiet["more"], false);
    // The same file again changes nothing either.
    import(&server, &who, vec![appointment("s-1", "hzk", "Cardiologie", start)]).await;
    let quiet = sync(&server, &token, record, &cursor).await;
    assert_eq!(quiet["upserts"], Value::Array(vec![]));

    // Moved by the hospital, and one withdrawn.
    let moved = StaffChange::Move {
        starts_at: start + TimeDelta::days(2),
        ends_at: start + TimeDelta::days(2) + TimeDelta::minutes(20),
    };
    record_staff::change_appointment(&server.test.state, "hzk", "s-1", moved).await.unwrap();
    record_staff::change_appointment(&server.test.state, "cbw", "s-2", StaffChange::Withdraw)
        .await
        .unwrap();
    let page = sync(&server, &token, record, &cursor).await;
    assert_eq!(page["upserts"].as_array().unwrap().len(), 1);
    assert_eq!(page["upserts"][0]["status"], "moved");
    assert_eq!(page["upserts"][0]["starts_at"], (start + TimeDelta::days(2)).timestamp());
    assert_eq!(page["removals"], serde_json::json!([id_of(&server, "s-2").await]));
    // A fresh device never hears of the withdrawn one.
    let fresh = sync(&server, &token, record, "").await;
    assert_eq!(fresh["upserts"].as_array().unwrap().len(), 1);
    assert_eq!(fresh["removals"], Value::Array(vec![]));

    // Paged with a small limit; a report cursor does not open here.
    let path = format!("/api/v1/records/{record}/appointments?limit=1");
    let (_, first) = server.authed(Method::GET, &path, &token, None).await;
    assert_eq!(first["more"], false);
    let reports = format!("/api/v1/records/{record}/reports");
    let (_, report_page) = server.authed(Method::GET, &reports, &token, None).await;
    let foreign = report_page["cursor"].as_str().unwrap();
    let path = format!("/api/v1/records/{record}/appointments?cursor={foreign}");
    let (status, refused) = server.authed(Method::GET, &path, &token, None).await;
    assert_eq!((status, &refused["code"]), (400, &Value::from("bad_request")));
}

const FHIR_APPOINTMENT: &str = r#"{
  "resourceType": "Bundle", "type": "collection",
  "entry": [
    { "fullUrl": "https://fhir.hzk.example/r4/Appointment/afs-2026-55812",
      "resource": {
        "resourceType": "Appointment", "id": "afs-2026-55812",
        "meta": { "versionId": "3", "lastUpdated": "2026-11-20T14:02:11+01:00" },
        "status": "booked",
        "serviceCategory": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/service-category", "code": "gp", "display": "General Practice" }] }],
        "specialty": [{ "coding": [{ "system": "http://snomed.info/sct", "code": "394579002", "display": "Cardiology" }], "text": "Cardiologie" }],
        "appointmentType": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v2-0276", "code": "FOLLOWUP" }] },
        "reasonCode": [{ "text": "Controle na ablatie" }],
        "description": "Controle cardiologie",
        "start": "2026-12-14T10:15:00+01:00",
        "end": "2026-12-14T10:45:00+01:00",
        "minutesDuration": 30,
        "created": "2026-11-20",
        "patientInstruction": "Breng uw medicatielijst en uw identiteitskaart mee.",
        "participant": [
          { "type": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "SBJ" }] }],
            "actor": { "reference": "Patient/p-88", "display": "J. Peeters" }, "required": "required", "status": "accepted" },
          { "type": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "ATND" }] }],
            "actor": { "reference": "Practitioner/pr-12" }, "required": "required", "status": "accepted" },
          { "actor": { "reference": "Location/loc-sj-2", "display": "Campus Sint-Jozef" }, "required": "required", "status": "accepted" }
        ]
      } },
    { "fullUrl": "https://fhir.hzk.example/r4/Patient/p-88",
      "resource": { "resourceType": "Patient", "id": "p-88",
        "identifier": [{ "use": "usual", "system": "{SYSTEM}", "value": "{EAD}" }],
        "name": [{ "family": "Peeters", "given": ["Jan"] }], "birthDate": "1980-05-17" } },
    { "fullUrl": "https://fhir.hzk.example/r4/Practitioner/pr-12",
      "resource": { "resourceType": "Practitioner", "id": "pr-12",
        "name": [{ "use": "official", "family": "Janssens", "given": ["Sarah"], "prefix": ["Dr."] }] } },
    { "fullUrl": "https://fhir.hzk.example/r4/Location/loc-sj-2",
      "resource": { "resourceType": "Location", "id": "loc-sj-2", "status": "active",
        "name": "Campus Sint-Jozef", "description": "Route 52, tweede verdieping",
        "physicalType": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "bu" }] } } }
  ]
}"#;

async fn a_fhir_appointment_is_imported_and_synced(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (who, token) = patient_with(&server, Vec::new()).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let patient =
        dossier_server::patients::find_by_id(&mut conn, &who.patient_id).await.unwrap().unwrap();
    drop(conn);
    let bundle = FHIR_APPOINTMENT
        .replace("{EAD}", &patient.ead_number)
        .replace("{SYSTEM}", &dossier_server::demo::demo_patient_number_system("hzk"));
    let summary = record_staff::import_appointments_file(&server.test.state, &bundle, Some("hzk"))
        .await
        .unwrap();
    assert_eq!(summary.new, 1);
    let again = record_staff::import_appointments_file(&server.test.state, &bundle, Some("hzk"))
        .await
        .unwrap();
    assert_eq!(again.unchanged, 1);
    let page = sync(&server, &token, &who.patient_id, "").await;
    let a = &page["upserts"][0];
    assert_eq!(a["department"], "Cardiologie");
    assert_eq!(a["with_whom"], "Dr. Sarah Janssens");
    assert_eq!(a["place"]["campus"], "Campus Sint-Jozef");
    assert_eq!(a["place"]["route"], "Route 52, tweede verdieping");
    assert_eq!(
        a["starts_at"],
        "2026-12-14T09:15:00Z".parse::<DateTime<Utc>>().unwrap().timestamp()
    );
    assert_eq!(a["status"], "planned");
    assert_eq!(a["kind"], "in_person");
    assert_eq!(a["instructions"], "Breng uw medicatielijst en uw identiteitskaart mee.");
    // Without the sender, or an unknown patient: refused with the reason, nothing stored.
    let refused = record_staff::import_appointments_file(&server.test.state, &bundle, None).await;
    assert!(refused.unwrap_err().to_string().contains("--hospital"));
    let stranger = bundle.replace(&patient.ead_number, "99999999");
    let refused =
        record_staff::import_appointments_file(&server.test.state, &stranger, Some("hzk")).await;
    let error = refused.unwrap_err().to_string();
    assert!(error.contains("Appointment/afs-2026-55812"), "{error}");
    assert!(!error.contains("Peeters"), "{error}");
}

async fn the_demo_has_two_years_of_appointments_for_parents_and_children(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    dossier_test_kit::seed_demo(&server.test.state).await.unwrap();
    let now = now(&server);
    let today = dossier_server::clock::brussels_date(now);
    for user in ["an.peeters", "els.vandenbroeck"] {
        let (token, own) = session_for_user(&server, user).await;
        let (_, records) = server.authed(Method::GET, "/api/v1/records", &token, None).await;
        for record in records.as_array().unwrap() {
            let id = record["record_id"].as_str().unwrap();
            let page = sync(&server, &token, id, "").await;
            let list = page["upserts"].as_array().unwrap();
            let starts: Vec<DateTime<Utc>> = list
                .iter()
                .map(|a| DateTime::from_timestamp(a["starts_at"].as_i64().unwrap(), 0).unwrap())
                .collect();
            let on = |days: u64| {
                starts.iter().any(|s| {
                    dossier_server::clock::brussels_date(*s)
                        == today.checked_add_days(chrono::Days::new(days)).unwrap()
                })
            };
            assert!(on(0) && on(1), "{user} {id}: today and tomorrow");
            assert!(starts.iter().any(|s| *s < now - TimeDelta::days(500)), "two years back");
            assert!(starts.iter().any(|s| *s > now + TimeDelta::days(100)), "months ahead");
            assert!(list.iter().any(|a| a["status"] == "cancelled"));
            assert!(list.iter().any(|a| a["status"] == "done"));
            if id == own {
                assert!(list.iter().any(|a| a["kind"] == "video"));
                assert!(list.iter().any(|a| a["video_link"].is_string()), "one open now");
            }
        }
    }
}
