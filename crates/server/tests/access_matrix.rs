//! Who may open which record, tried over every combination, on SQLite and PostgreSQL:
//! holder (own, parent, trusted person, representative, stranger) × link state (requested,
//! active, refused, ended at 15, revoked, fixed period over, subject dead, holder dead) ×
//! every method of every route that takes a record id, read from the router itself
//! (`dossier_server::api_paths`), so a route added later is tried too.
//!
//! Only an active link in its period to a living subject, held by a living holder, opens a
//! record. Everywhere else the answer is exactly the one for a record that does not exist:
//! "not yours" cannot be told from "no such record".

mod common;

use chrono::NaiveDate;
use common::{Backend, Enrolled, TestServer, enrol, register_born};
use dossier_server::clock::date;
use dossier_server::{
    link_requests,
    links::{self, EndReason, LinkKind, LinkStatus, MadeBy, NewLink, TrustedPersonRights},
    staff,
};
use reqwest::Method;
use serde_json::{Value, json};

/// The tests' clock starts on 2026-11-23.
const TODAY: NaiveDate = date(2026, 11, 23);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkState {
    Requested,
    Active,
    Refused,
    EndedAtFifteen,
    Revoked,
    PeriodOver,
    SubjectDead,
    HolderDead,
}

const STATES: [LinkState; 8] = [
    LinkState::Requested,
    LinkState::Active,
    LinkState::Refused,
    LinkState::EndedAtFifteen,
    LinkState::Revoked,
    LinkState::PeriodOver,
    LinkState::SubjectDead,
    LinkState::HolderDead,
];

/// The routes that name a record, as the router has them.
fn record_routes() -> Vec<&'static str> {
    dossier_server::api_paths().into_iter().filter(|p| p.starts_with("/records/{id}")).collect()
}

/// One request to a record route with `record` for `{id}` (and a made-up id for any other
/// parameter).
async fn answer(
    server: &TestServer,
    token: &str,
    method: &Method,
    route: &str,
    record: &str,
) -> (u16, Value) {
    let path =
        route.replace("{id}", record).replace("{link}", "00000000-0000-4000-8000-000000000000");
    let body = matches!(*method, Method::POST | Method::PUT).then(|| json!({}));
    server.authed(method.clone(), &format!("/api/v1{path}"), token, body).await
}

/// Checks every method of every record route: the subject's record answers as a record
/// that does not exist, or (allowed) it is reachable.
async fn check(server: &TestServer, token: &str, subject: &str, allowed: bool, case: &str) {
    let nobody = uuid::Uuid::new_v4().to_string();
    let methods = [Method::GET, Method::POST, Method::PUT, Method::DELETE];
    for route in record_routes() {
        for method in &methods {
            let real = answer(server, token, method, route, subject).await;
            let absent = answer(server, token, method, route, &nobody).await;
            if !allowed {
                assert_eq!(real, absent, "{case}: {method} {route} told something");
            }
        }
    }
    let (status, _) = server
        .authed(Method::GET, &format!("/api/v1/records/{subject}/reports"), token, None)
        .await;
    let (list_status, list) = server.authed(Method::GET, "/api/v1/records", token, None).await;
    let listed =
        list_status == 200 && list.as_array().unwrap().iter().any(|r| r["record_id"] == subject);
    if allowed {
        assert_eq!(status, 200, "{case}: the record does not open");
        assert!(listed, "{case}: the record is not listed");
    } else {
        assert!(status == 404 || status == 401, "{case}: {status}");
        assert!(!listed, "{case}: the record is listed");
    }
}

async fn patient_id_ead(server: &TestServer, patient_id: &str) -> String {
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let patient = dossier_server::patients::find_by_id(&mut conn, patient_id).await.unwrap();
    patient.unwrap().ead_number
}

/// Sets up `kind` in `state` between a new holder and a new subject; the holder's token is
/// taken before anything ends. Returns (token, subject id).
async fn scenario(server: &TestServer, kind: LinkKind, state: LinkState) -> (String, String) {
    let test = &server.test;
    let holder: Enrolled = enrol(test, "Hanne", "Houder", None, None).await;
    let token = server.session(&holder).await;
    let child = kind == LinkKind::ParentChild;
    let born = match (child, state) {
        // Turned 15 ten days ago.
        (true, LinkState::EndedAtFifteen) => date(2011, 11, 13),
        (true, _) => date(2018, 2, 9),
        (false, _) => date(1975, 4, 4),
    };
    let subject = register_born(test, "Sara", "Subject", born, None, None).await;
    let mut conn = test.state.db.pool().acquire().await.unwrap();
    let now = test.state.now();
    let insert = |status, from: NaiveDate, until: Option<NaiveDate>| NewLink {
        status,
        rights: TrustedPersonRights { view_record: true, be_informed: true, ask_for_copy: true },
        mandate_reference: (kind == LinkKind::Representative).then_some("mandate"),
        made_by: if kind == LinkKind::TrustedPerson { MadeBy::Patient } else { MadeBy::Staff },
        ..NewLink::by_staff(&holder.patient_id, &subject.id, kind, from, until)
    };
    let child_until = child.then(|| links::last_day_of_child_link(born).unwrap());
    let from = date(2026, 1, 1);
    match state {
        LinkState::Requested | LinkState::Refused if child => {
            // A parent's request from the app, waiting or refused by staff: no link yet.
            let request = json!({
                "given_name": "Sara", "family_name": "Subject",
                "date_of_birth": born.to_string(),
                "national_register_number": null,
                "hospital_patient_number": subject.ead_number,
                "parental_authority": true, "document": null,
            });
            let (status, body) =
                server.authed(Method::POST, "/api/v1/link-requests", &token, Some(request)).await;
            assert_eq!(status, 201, "{body}");
            if state == LinkState::Refused {
                let id = body["id"].as_str().unwrap();
                link_requests::refuse(&mut conn, id, "no", now).await.unwrap().unwrap();
            }
        }
        LinkState::Requested => {
            links::insert(&mut conn, &insert(LinkStatus::Requested, from, None), now)
                .await
                .unwrap();
        }
        LinkState::Refused => {
            let id = links::insert(&mut conn, &insert(LinkStatus::Requested, from, None), now)
                .await
                .unwrap();
            assert!(links::end(&mut conn, &id, EndReason::Staff, now).await.unwrap());
        }
        LinkState::Active | LinkState::SubjectDead | LinkState::HolderDead => {
            links::insert(&mut conn, &insert(LinkStatus::Active, from, child_until), now)
                .await
                .unwrap();
        }
        LinkState::EndedAtFifteen => {
            // Still "active" in the table: the rule itself must close it, not a job.
            let until = child_until.unwrap_or(date(2026, 11, 12));
            links::insert(&mut conn, &insert(LinkStatus::Active, from, Some(until)), now)
                .await
                .unwrap();
        }
        LinkState::Revoked => {
            let id = links::insert(&mut conn, &insert(LinkStatus::Active, from, child_until), now)
                .await
                .unwrap();
            assert!(staff::end_link(&test.state, &id).await.unwrap());
        }
        LinkState::PeriodOver => {
            let until = Some(TODAY.pred_opt().unwrap());
            links::insert(&mut conn, &insert(LinkStatus::Active, from, until), now).await.unwrap();
        }
    }
    drop(conn);
    match state {
        LinkState::SubjectDead => {
            staff::record_death(&test.state, &subject.ead_number, TODAY).await.unwrap();
        }
        LinkState::HolderDead => {
            let ead = patient_id_ead(server, &holder.patient_id).await;
            staff::record_death(&test.state, &ead, TODAY).await.unwrap();
        }
        _ => {}
    }
    (token, subject.id)
}

async fn no_record_opens_without_a_link_in_force(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let routes = record_routes();
    for known in ["/records/{id}/reports", "/records/{id}/pending", "/records/{id}/links"] {
        assert!(routes.contains(&known), "{known} is not read from the router: {routes:?}");
    }
    let mut cases = 0;
    // One's own record: open while alive; after one's death, nothing.
    let me = enrol(&server.test, "Olga", "Own", None, None).await;
    let token = server.session(&me).await;
    check(&server, &token, &me.patient_id, true, "own record").await;
    let ead = patient_id_ead(&server, &me.patient_id).await;
    staff::record_death(&server.test.state, &ead, TODAY).await.unwrap();
    check(&server, &token, &me.patient_id, false, "own record after death").await;
    // A stranger: no link at all.
    let stranger = enrol(&server.test, "Stan", "Stranger", None, None).await;
    let token = server.session(&stranger).await;
    let someone = register_born(&server.test, "Sam", "Someone", date(1990, 1, 1), None, None).await;
    check(&server, &token, &someone.id, false, "stranger").await;
    cases += 3;
    for kind in LinkKind::ALL {
        for state in STATES {
            let (token, subject) = scenario(&server, kind, state).await;
            let allowed = state == LinkState::Active;
            check(&server, &token, &subject, allowed, &format!("{kind:?} {state:?}")).await;
            cases += 1;
        }
    }
    assert_eq!(cases, 3 + 3 * STATES.len());
}

on_both_databases!(no_record_opens_without_a_link_in_force);
