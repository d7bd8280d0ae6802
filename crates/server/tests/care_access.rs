//! "Access" on a real server, on SQLite and PostgreSQL: care providers open a record
//! through their own endpoint and the access rule decides; every decision is in the
//! patient's access log; the patient objects to the GP, withdraws a referrer's consent and
//! stops an exclusion, at once; keys and tokens never cross; the log cannot be changed.

mod common;

use common::{Backend, TestServer, enrol};
use dossier_api::care_access::{CareRole, ExclusionSource};
use dossier_server::{
    care_directory::{self, NewProvider, NewWorkplace},
    care_relations, staff,
};
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    an_excluded_provider_is_refused_even_with_a_relationship_until_an_override,
    break_the_glass_needs_a_justification_and_every_decision_is_logged,
    the_patient_objects_to_the_gp_and_the_gp_is_refused_at_once,
    a_withdrawn_consent_and_a_stopped_exclusion_take_effect_at_once,
    keys_and_tokens_never_cross,
    the_log_only_grows_and_no_route_changes_it,
    a_trusted_person_does_not_manage_access_and_a_parent_does,
    a_linked_persons_opening_is_logged_once_per_session,
);

struct Care {
    server: TestServer,
    patient_token: String,
    record: String,
    ead: String,
}

/// A hospital, a patient logged in, and nothing else yet.
async fn care(backend: Backend) -> Option<Care> {
    let server = TestServer::start(backend).await?;
    let hospital = staff::NewHospital {
        id: "uzl".into(),
        name: "UZ Leuven".into(),
        city: "Leuven".into(),
        reports_visible_from: dossier_server::clock::date(2016, 8, 15),
        shares_child_reports: true,
        patient_number_system: None,
    };
    staff::add_hospital(&server.test.state, &hospital).await.unwrap();
    let an = enrol(&server.test, "An", "Peeters", Some(124), None).await;
    let patient_token = server.session(&an).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let ead: (String,) = sqlx::query_as("SELECT ead_number FROM patients WHERE id = $1")
        .bind(&an.patient_id)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    Some(Care { record: an.patient_id.clone(), ead: ead.0, patient_token, server })
}

impl Care {
    /// A provider in the directory, and their key.
    async fn provider(&self, name: &str, role: CareRole, nihdi: &str) -> (String, String) {
        let mut conn = self.server.test.state.db.pool().acquire().await.unwrap();
        let provider = NewProvider {
            name: name.into(),
            role,
            nihdi_number: Some(nihdi.into()),
            workplaces: vec![NewWorkplace {
                hospital: "uzl".into(),
                department: Some("Cardiology".into()),
            }],
        };
        let id = care_directory::upsert(&mut conn, &provider, 0).await.unwrap();
        let key = care_directory::issue_key(&mut conn, &id, 0).await.unwrap();
        (id, key.expose().clone())
    }

    async fn open(&self, key: &str, glass: Option<&str>) -> (u16, Value) {
        let body = json!({ "ead_number": self.ead, "report_id": null, "break_the_glass": glass });
        self.server.authed(Method::POST, "/api/v1/provider/open", key, Some(body)).await
    }

    async fn log(&self) -> Vec<Value> {
        let path = format!("/api/v1/records/{}/access-log", self.record);
        let (status, body) =
            self.server.authed(Method::GET, &path, &self.patient_token, None).await;
        assert_eq!(status, 200, "{body}");
        body["entries"].as_array().unwrap().clone()
    }

    async fn access(&self) -> Value {
        let path = format!("/api/v1/records/{}/access", self.record);
        let (status, body) =
            self.server.authed(Method::GET, &path, &self.patient_token, None).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    async fn conn(&self) -> sqlx::pool::PoolConnection<sqlx::Any> {
        self.server.test.state.db.pool().acquire().await.unwrap()
    }
}

fn allowed(answer: &(u16, Value)) -> &str {
    assert_eq!(answer.0, 200, "{}", answer.1);
    answer.1["ground"].as_str().unwrap()
}

fn refused(answer: &(u16, Value)) -> &str {
    assert_eq!(answer.0, 403, "{}", answer.1);
    assert_eq!(answer.1["code"], "access_refused");
    answer.1["reason"].as_str().unwrap()
}

const WHY: &str = "Unconscious at the emergency department, no relative reachable";

async fn an_excluded_provider_is_refused_even_with_a_relationship_until_an_override(
    backend: Backend,
) {
    let Some(care) = care(backend).await else { return };
    let (doctor, key) =
        care.provider("Dr. Sarah Janssens", CareRole::Physician, "12345678001").await;
    let today = care.server.test.state.clock.today();
    let mut conn = care.conn().await;
    let relationship = care_relations::NewRelationship {
        provider_id: &doctor,
        patient_id: &care.record,
        hospital_id: "uzl",
        department: Some("Cardiology"),
        from: today,
        until: None,
    };
    care_relations::add_relationship(&mut conn, &relationship, 0).await.unwrap();
    assert_eq!(allowed(&care.open(&key, None).await), "care_relationship");
    let exclusion = care_relations::add_exclusion(
        &mut conn,
        &care.record,
        &doctor,
        ExclusionSource::Hospital,
        Some("uzl"),
        today,
    )
    .await
    .unwrap();
    assert_eq!(refused(&care.open(&key, None).await), "excluded");
    assert_eq!(
        refused(&care.open(&key, Some(WHY)).await),
        "excluded",
        "the glass does not break an exclusion"
    );
    let now = care.server.test.state.now();
    care_relations::override_exclusion(
        &mut conn,
        &exclusion,
        now,
        now + 3600,
        "Only cardiologist on duty tonight",
        now,
    )
    .await
    .unwrap();
    assert_eq!(allowed(&care.open(&key, None).await), "exclusion_override");
    let last = care.log().await.pop().unwrap();
    assert_eq!(last["event"]["justification"], "Only cardiologist on duty tonight");
    let overview = care.access().await;
    assert_eq!(overview["exclusions"][0]["overridden_until"], now + 3600);
    care.server.test.advance(3600);
    assert_eq!(refused(&care.open(&key, None).await), "excluded", "the override ended");
    // A week at most.
    let too_long = care_relations::override_exclusion(
        &mut conn,
        &exclusion,
        now,
        now + 8 * 86_400,
        "Only cardiologist on duty",
        now,
    )
    .await;
    assert!(too_long.is_err());
}

async fn break_the_glass_needs_a_justification_and_every_decision_is_logged(backend: Backend) {
    let Some(care) = care(backend).await else { return };
    let (_, key) = care.provider("Dr. Claire Lambert", CareRole::Physician, "1-56789-01-006").await;
    assert_eq!(refused(&care.open(&key, None).await), "no_relationship");
    assert_eq!(refused(&care.open(&key, Some("urgent")).await), "justification_missing");
    assert_eq!(allowed(&care.open(&key, Some(WHY)).await), "break_the_glass");
    let too_long = "x".repeat(1001);
    assert_eq!(care.open(&key, Some(&too_long)).await.0, 400);

    let log = care.log().await;
    assert_eq!(log.len(), 3, "every decision, and nothing for a bad request: {log:?}");
    for entry in &log {
        assert_eq!(entry["who"]["kind"], "care_provider");
        assert_eq!(entry["who"]["name"], "Dr. Claire Lambert");
        assert_eq!(entry["who"]["role"], "physician");
        assert_eq!(entry["who"]["nihdi_number"], "1-56789-01-006");
        assert_eq!(entry["who"]["hospital_name"], "UZ Leuven");
        assert_eq!(entry["event"]["what"]["item"], "record");
    }
    assert_eq!(log[0]["event"]["event"], "refused");
    assert_eq!(log[0]["event"]["reason"], "no_relationship");
    assert_eq!(log[1]["event"]["reason"], "justification_missing");
    assert_eq!(log[2]["event"]["event"], "opened");
    assert_eq!(log[2]["event"]["ground"], "break_the_glass");
    assert_eq!(log[2]["event"]["justification"], WHY);
    assert!(log[0]["seq"].as_i64() < log[2]["seq"].as_i64());
    // Paged by seq: after the first, two; the last page says no more.
    let path =
        format!("/api/v1/records/{}/access-log?after={}&limit=1", care.record, log[0]["seq"]);
    let (_, page) = care.server.authed(Method::GET, &path, &care.patient_token, None).await;
    assert_eq!(page["entries"].as_array().unwrap().len(), 1);
    assert_eq!(page["entries"][0]["seq"], log[1]["seq"]);
    assert_eq!(page["more"], true);
}

async fn the_patient_objects_to_the_gp_and_the_gp_is_refused_at_once(backend: Backend) {
    let Some(care) = care(backend).await else { return };
    let (gp, key) =
        care.provider("Dr. Luc Wouters", CareRole::GeneralPractitioner, "10047632004").await;
    let mut conn = care.conn().await;
    let today = care.server.test.state.clock.today();
    care_relations::set_gp(&mut conn, &care.record, &gp, today).await.unwrap();
    assert_eq!(allowed(&care.open(&key, None).await), "general_practitioner");
    assert_eq!(care.access().await["general_practitioner"]["objected"], false);

    let path = format!("/api/v1/records/{}/access/gp-objection", care.record);
    let (status, overview) =
        care.server.authed(Method::PUT, &path, &care.patient_token, None).await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["general_practitioner"]["objected"], true);
    assert_eq!(refused(&care.open(&key, None).await), "gp_objected");
    // Objecting twice changes and logs nothing more.
    care.server.authed(Method::PUT, &path, &care.patient_token, None).await;
    let (status, overview) =
        care.server.authed(Method::DELETE, &path, &care.patient_token, None).await;
    assert_eq!(status, 200);
    assert_eq!(overview["general_practitioner"]["objected"], false);
    assert_eq!(allowed(&care.open(&key, None).await), "general_practitioner");

    let log = care.log().await;
    let events: Vec<String> = log
        .iter()
        .map(|e| match e["event"]["event"].as_str().unwrap() {
            "changed" => e["event"]["change"]["change"].as_str().unwrap().to_owned(),
            other => format!(
                "{other}:{}",
                e["event"]["ground"].as_str().or(e["event"]["reason"].as_str()).unwrap()
            ),
        })
        .collect();
    assert_eq!(
        events,
        [
            "opened:general_practitioner",
            "gp_objected",
            "refused:gp_objected",
            "gp_allowed_again",
            "opened:general_practitioner"
        ]
    );
    assert_eq!(log[1]["who"], json!({ "kind": "patient", "name": "An Peeters" }));
    assert_eq!(log[1]["event"]["change"]["provider_name"], "Dr. Luc Wouters");
}

async fn a_withdrawn_consent_and_a_stopped_exclusion_take_effect_at_once(backend: Backend) {
    let Some(care) = care(backend).await else { return };
    let (referrer, referrer_key) =
        care.provider("Dr. Bart De Vos", CareRole::Physician, "16789012007").await;
    let (dentist, _) = care.provider("Dr. Eva Goossens", CareRole::Dentist, "38901234009").await;
    let (nurse, nurse_key) = care.provider("Ines Wuyts", CareRole::Nurse, "51234567002").await;
    let today = care.server.test.state.clock.today();
    let mut conn = care.conn().await;
    care_relations::add_referrer_consent(&mut conn, &care.record, &referrer, today).await.unwrap();
    let relationship = care_relations::NewRelationship {
        provider_id: &nurse,
        patient_id: &care.record,
        hospital_id: "uzl",
        department: None,
        from: today,
        until: None,
    };
    care_relations::add_relationship(&mut conn, &relationship, 0).await.unwrap();
    let hospital_exclusion = care_relations::add_exclusion(
        &mut conn,
        &care.record,
        &nurse,
        ExclusionSource::Hospital,
        Some("uzl"),
        today,
    )
    .await
    .unwrap();
    let ehealth_exclusion = care_relations::add_exclusion(
        &mut conn,
        &care.record,
        &dentist,
        ExclusionSource::Ehealth,
        None,
        today,
    )
    .await
    .unwrap();
    care_relations::set_ehealth_consent(&mut conn, &care.record, true, today).await.unwrap();

    let overview = care.access().await;
    assert_eq!(overview["may_change"], true);
    assert_eq!(overview["referrers"][0]["provider"]["name"], "Dr. Bart De Vos");
    assert_eq!(overview["care_teams"][0]["provider"]["name"], "Ines Wuyts");
    assert_eq!(overview["ehealth_consent"]["given"], true);
    let exclusions = overview["exclusions"].as_array().unwrap();
    assert_eq!(exclusions.len(), 2);
    let stoppable: Vec<_> = exclusions
        .iter()
        .map(|e| (e["source"].as_str().unwrap(), e["stoppable"].as_bool().unwrap()))
        .collect();
    assert!(stoppable.contains(&("hospital", true)) && stoppable.contains(&("ehealth", false)));

    assert_eq!(allowed(&care.open(&referrer_key, None).await), "referrer_consent");
    let path = format!("/api/v1/records/{}/access/referrers/{referrer}", care.record);
    let (status, overview) =
        care.server.authed(Method::DELETE, &path, &care.patient_token, None).await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["referrers"], json!([]));
    assert_eq!(refused(&care.open(&referrer_key, None).await), "consent_withdrawn");
    let (status, _) = care.server.authed(Method::DELETE, &path, &care.patient_token, None).await;
    assert_eq!(status, 404, "nothing left to withdraw");

    let path = format!("/api/v1/records/{}/access/exclusions/{ehealth_exclusion}", care.record);
    let (status, body) = care.server.authed(Method::DELETE, &path, &care.patient_token, None).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("managed_on_ehealth")));

    assert_eq!(refused(&care.open(&nurse_key, None).await), "excluded");
    let path = format!("/api/v1/records/{}/access/exclusions/{hospital_exclusion}", care.record);
    let (status, overview) =
        care.server.authed(Method::DELETE, &path, &care.patient_token, None).await;
    assert_eq!(status, 200);
    assert_eq!(overview["exclusions"].as_array().unwrap().len(), 1);
    assert_eq!(allowed(&care.open(&nurse_key, None).await), "care_relationship");

    let changes: Vec<_> = care
        .log()
        .await
        .into_iter()
        .filter(|e| e["event"]["event"] == "changed")
        .map(|e| e["event"]["change"]["change"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(changes, ["referrer_consent_withdrawn", "exclusion_stopped"]);
}

async fn keys_and_tokens_never_cross(backend: Backend) {
    let Some(care) = care(backend).await else { return };
    let (gp, key) =
        care.provider("Dr. Luc Wouters", CareRole::GeneralPractitioner, "10047632004").await;
    let mut conn = care.conn().await;
    care_relations::set_gp(&mut conn, &care.record, &gp, care.server.test.state.clock.today())
        .await
        .unwrap();
    // A patient's token is no provider key.
    let (status, body) = care.open(&care.patient_token, None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    let (status, _) = care.open("dpk_not-a-key", None).await;
    assert_eq!(status, 401);
    // A provider key opens no patient route.
    for path in [
        "/api/v1/me".to_owned(),
        "/api/v1/records".to_owned(),
        format!("/api/v1/records/{}/reports", care.record),
        format!("/api/v1/records/{}/access", care.record),
        format!("/api/v1/records/{}/access-log", care.record),
        format!("/api/v1/records/{}/links", care.record),
    ] {
        let (status, _) = care.server.authed(Method::GET, &path, &key, None).await;
        assert_eq!(status, 401, "{path}");
    }
    let path = format!("/api/v1/records/{}/access/gp-objection", care.record);
    assert_eq!(care.server.authed(Method::PUT, &path, &key, None).await.0, 401);
    // An unknown patient is a 404, and nothing is logged anywhere.
    let body = json!({ "ead_number": "99999999", "report_id": null, "break_the_glass": null });
    let (status, _) =
        care.server.authed(Method::POST, "/api/v1/provider/open", &key, Some(body)).await;
    assert_eq!(status, 404);
    assert!(care.log().await.is_empty());
    // The key is stored only as a hash.
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM provider_keys WHERE key_hash = $1")
            .bind(&key)
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(stored, 0);
}

async fn the_log_only_grows_and_no_route_changes_it(backend: Backend) {
    let Some(care) = care(backend).await else { return };
    let (gp, key) =
        care.provider("Dr. Luc Wouters", CareRole::GeneralPractitioner, "10047632004").await;
    let mut conn = care.conn().await;
    care_relations::set_gp(&mut conn, &care.record, &gp, care.server.test.state.clock.today())
        .await
        .unwrap();
    care.open(&key, None).await;
    care.open(&key, Some(WHY)).await;
    let before = care.log().await;
    assert_eq!(before.len(), 2);
    // The log's path answers GET only.
    let path = format!("/api/v1/records/{}/access-log", care.record);
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let (status, _) =
            care.server.authed(method.clone(), &path, &care.patient_token, Some(json!({}))).await;
        assert_eq!(status, 405, "{method}");
    }
    // Every route of the API, with every method, as the patient and as the provider: the
    // entries already written stay exactly as they were.
    for route in dossier_server::api_paths() {
        let path = format!(
            "/api/v1{}",
            route
                .replace("{id}", &care.record)
                .replace("{link}", "x")
                .replace("{provider}", &gp)
                .replace("{exclusion}", "x")
        );
        for method in [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            for token in [&care.patient_token, &key] {
                if path.ends_with("/logout") || path.contains("/devices/{") {
                    continue;
                }
                care.server.authed(method.clone(), &path, token, Some(json!({}))).await;
            }
        }
    }
    let after = care.log().await;
    assert!(after.len() >= before.len());
    assert_eq!(after[..before.len()], before[..], "no entry changed or deleted");
}

async fn a_trusted_person_does_not_manage_access_and_a_parent_does(backend: Backend) {
    let Some(care) = care(backend).await else { return };
    let test = &care.server.test;
    let friend = enrol(test, "Jan", "Claes", Some(131), None).await;
    let friend_token = care.server.session(&friend).await;
    let today = test.state.clock.today();
    let desk = staff::DeskLink {
        holder_ead: friend_ead(&care, &friend.patient_id).await,
        subject_ead: care.ead.clone(),
        kind: dossier_server::links::LinkKind::TrustedPerson,
        from: Some(today),
        until: None,
        mandate_reference: None,
    };
    staff::add_link(&test.state, &desk).await.unwrap();
    let path = format!("/api/v1/records/{}/access", care.record);
    let (status, body) = care.server.authed(Method::GET, &path, &friend_token, None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_allowed_to_change")));
    let path = format!("/api/v1/records/{}/access-log", care.record);
    assert_eq!(care.server.authed(Method::GET, &path, &friend_token, None).await.0, 403);
    let path = format!("/api/v1/records/{}/access/gp-objection", care.record);
    assert_eq!(care.server.authed(Method::PUT, &path, &friend_token, None).await.0, 403);

    // A parent manages a child's.
    let child_born = dossier_server::clock::date(2018, 2, 9);
    let child = common::register_born(test, "Lotte", "Peeters", child_born, Some(88), None).await;
    let desk = staff::DeskLink {
        holder_ead: care.ead.clone(),
        subject_ead: child.ead_number.clone(),
        kind: dossier_server::links::LinkKind::ParentChild,
        from: Some(today),
        until: None,
        mandate_reference: None,
    };
    staff::add_link(&test.state, &desk).await.unwrap();
    let path = format!("/api/v1/records/{}/access", child.id);
    let (status, overview) =
        care.server.authed(Method::GET, &path, &care.patient_token, None).await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["may_change"], true);
}

async fn friend_ead(care: &Care, patient_id: &str) -> String {
    let mut conn = care.conn().await;
    let (ead,): (String,) = sqlx::query_as("SELECT ead_number FROM patients WHERE id = $1")
        .bind(patient_id)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    ead
}

async fn a_linked_persons_opening_is_logged_once_per_session(backend: Backend) {
    let Some(care) = care(backend).await else { return };
    let test = &care.server.test;
    let friend = enrol(test, "Jan", "Claes", Some(131), None).await;
    let desk = staff::DeskLink {
        holder_ead: friend_ead(&care, &friend.patient_id).await,
        subject_ead: care.ead.clone(),
        kind: dossier_server::links::LinkKind::TrustedPerson,
        from: Some(test.state.clock.today()),
        until: None,
        mandate_reference: None,
    };
    staff::add_link(&test.state, &desk).await.unwrap();
    let path = format!("/api/v1/records/{}/reports", care.record);
    for _ in 0..2 {
        let token = care.server.session(&friend).await;
        for _ in 0..3 {
            assert_eq!(care.server.authed(Method::GET, &path, &token, None).await.0, 200);
        }
    }
    let log = care.log().await;
    assert_eq!(log.len(), 2, "once per session: {log:?}");
    for entry in &log {
        assert_eq!(
            entry["who"],
            json!({ "kind": "linked_person", "name": "Jan Claes", "link": "trusted_person" })
        );
        assert_eq!(entry["event"]["ground"], "linked_person");
    }
    // One's own openings are not logged.
    let path = format!("/api/v1/records/{}/reports", care.record);
    care.server.authed(Method::GET, &path, &care.patient_token, None).await;
    assert_eq!(care.log().await.len(), 2);
}

/// The staff commands as an operator types them, against a server process on the demo: a
/// key issued for the demo GP, the GP's opening allowed, the patient's objection (by
/// the same function its route calls), the GP refused, then let in by break-the-glass.
#[test]
fn the_staff_commands_drive_the_provider_door_of_a_running_server() {
    use common::process::{ServerProcess, free_port, server_command};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let out = server_command()
            .args(args)
            .env("DOSSIER_DATA_DIR", data)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    run(&["seed-demo"], &[]);
    let nihdi = dossier_server::demo_care::DEMO_GP_NIHDI;
    let key = run(&["admin", "issue-provider-key", "--nihdi", nihdi], &[]);
    assert!(key.starts_with("dpk_"), "one line, the key");
    let port = free_port();
    let mut server = ServerProcess::start(
        &[("DOSSIER_DATA_DIR", data)],
        &["--bind", &format!("127.0.0.1:{port}")],
    );
    server.wait_for("dossier-server listening");
    let url = format!("http://127.0.0.1:{port}");
    let open = |extra: &[&str]| {
        let mut args = vec!["admin", "provider-open", "--url", &url, "--ead-number", "10482231"];
        args.extend_from_slice(extra);
        run(&args, &[("DOSSIER_PROVIDER_KEY", &key)])
    };
    assert!(open(&[]).starts_with("allowed: general_practitioner"), "{}", open(&[]));

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut conn = {
            let url = format!("sqlite://{data}/dossier.sqlite3");
            let db = dossier_server::Database::connect(&url).await.unwrap();
            db.pool().acquire().await.unwrap()
        };
        let (an,): (String,) =
            sqlx::query_as("SELECT id FROM patients WHERE ead_number = '10482231'")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        let actor = dossier_server::care_relations::Actor {
            who: dossier_api::care_access::Accessor::Patient { name: "An Peeters".into() },
        };
        let today = chrono::Utc::now().date_naive();
        let now = chrono::Utc::now().timestamp();
        dossier_server::care_relations::set_gp_objection(&mut conn, &an, true, &actor, today, now)
            .await
            .unwrap()
            .unwrap();
    });
    assert_eq!(open(&[]), "refused: gp_objected");
    let why = "Called at night about chest pain, patient asked me to look";
    assert!(open(&["--break-the-glass", why]).starts_with("allowed: break_the_glass"));
    drop(server);
}
