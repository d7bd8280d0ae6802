//! Code-card login against a real server, on SQLite and PostgreSQL: every rule of the
//! login, the throttling and the sessions.

mod common;

use std::collections::HashSet;

use common::{Backend, TestServer, enrol};
use reqwest::Method;
use serde_json::json;

on_both_databases!(
    a_patient_logs_in_with_user_name_password_and_the_asked_code,
    the_asked_code_is_never_the_last_one_asked_nor_a_used_one,
    a_code_that_logged_in_once_never_works_again,
    an_expired_or_reused_challenge_is_refused,
    every_failure_says_the_same_thing,
    unknown_and_known_user_names_get_answers_of_the_same_shape,
    failures_slow_down_doubling_up_to_an_hour_and_lock_after_100,
    success_resets_the_failure_count,
    unknown_user_names_are_throttled_like_known_ones,
    few_codes_left_is_reported_and_a_used_up_card_cannot_log_in,
    the_last_unused_code_is_asked_again_and_said_to_be_the_last,
    a_code_typed_with_spaces_logs_in,
    logout_ends_the_session_and_the_token_is_refused_after,
    sessions_end_after_an_idle_hour_and_after_a_day,
    user_names_are_not_case_sensitive,
    many_patients_get_cards_and_log_in_at_the_same_moment,
);

async fn a_patient_logs_in_with_user_name_password_and_the_asked_code(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", Some(124), None).await;
    let answer = server.login(&an).await;
    assert_eq!(answer["card"]["serial"], an.serial);
    assert_eq!(answer["card"]["codes_left"], 23);
    assert_eq!(answer["card"]["few_codes_left"], false);
    let token = answer["session_token"].as_str().unwrap();
    assert!(token.len() >= 22, "at least 128 bits");

    let (status, me) = server.authed(Method::GET, "/api/v1/me", token, None).await;
    assert_eq!(status, 200);
    assert_eq!(me["user_name"], an.user_name);
    assert_eq!(me["patient"]["given_name"], "An");
    assert_eq!(me["patient"]["family_name"], "Peeters");
    assert_eq!(me["patient"]["date_of_birth"], "1980-05-17");
    assert_eq!(me["card"]["codes_left"], 23);
}

async fn the_asked_code_is_never_the_last_one_asked_nor_a_used_one(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let mut used = HashSet::new();
    for _ in 0..6 {
        let (challenge, index) = server.login_start(&an.user_name).await;
        let (status, _) = server.finish(&challenge, &an.password, an.code(index)).await;
        assert_eq!(status, 200);
        used.insert(index);
    }
    let mut last = None;
    let mut seen = HashSet::new();
    for _ in 0..120 {
        let (_, index) = server.login_start(&an.user_name).await;
        assert!((1..=24).contains(&index));
        assert!(!used.contains(&index), "code {index} was used already");
        assert_ne!(Some(index), last, "the same code twice in a row");
        last = Some(index);
        seen.insert(index);
    }
    assert!(seen.len() >= 14, "the index is random among the 18 unused codes: saw {seen:?}");
}

async fn a_code_that_logged_in_once_never_works_again(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    // Two open challenges asking the same code: one logs in, the other must not.
    let (first, index) = server.login_start(&an.user_name).await;
    let second = loop {
        let (other, other_index) = server.login_start(&an.user_name).await;
        if other_index == index {
            break other;
        }
    };
    assert_eq!(server.finish(&first, &an.password, an.code(index)).await.0, 200);
    let (status, body) = server.finish(&second, &an.password, an.code(index)).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["code"], "login_failed");
}

async fn an_expired_or_reused_challenge_is_refused(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;

    let (challenge, index) = server.login_start(&an.user_name).await;
    server.test.advance(5 * 60 + 1);
    let (status, body) = server.finish(&challenge, &an.password, an.code(index)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("challenge_invalid")));

    let (challenge, index) = server.login_start(&an.user_name).await;
    assert_eq!(server.finish(&challenge, &an.password, an.code(index)).await.0, 200);
    let (status, body) = server.finish(&challenge, &an.password, an.code(index)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("challenge_invalid")), "replay");

    let (status, body) = server.finish("made-up-challenge", &an.password, an.code(index)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("challenge_invalid")));
}

async fn every_failure_says_the_same_thing(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let mut answers = Vec::new();
    let (challenge, index) = server.login_start(&an.user_name).await;
    answers.push(server.finish(&challenge, "wrong password", an.code(index)).await);
    let (challenge, index) = server.login_start(&an.user_name).await;
    let wrong_code = if an.code(index) == "000000" { "111111" } else { "000000" };
    answers.push(server.finish(&challenge, &an.password, wrong_code).await);
    let (challenge, _) = server.login_start("nobody.here").await;
    answers.push(server.finish(&challenge, &an.password, an.code(1)).await);
    for (status, body) in &answers {
        assert_eq!(*status, 401);
        assert_eq!(
            body,
            &json!({ "code": "login_failed", "message": "user name, password or code is wrong" })
        );
    }
}

async fn unknown_and_known_user_names_get_answers_of_the_same_shape(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let (_, known) = server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await;
    let (status, unknown) =
        server.post("/api/v1/login/start", json!({ "user_name": "no.such.user" })).await;
    assert_eq!(status, 200);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&known), keys(&unknown));
    assert_eq!(
        known["challenge"].as_str().unwrap().len(),
        unknown["challenge"].as_str().unwrap().len()
    );
    assert_eq!(known["expires_in_seconds"], unknown["expires_in_seconds"]);
    assert_eq!(known["last_code"], false);
    // An unknown name also never gets the same index twice in a row, unless it poses as a
    // card down to its last code (as about one name in 64 does): then always that one.
    for name in ["no.such.user", "nobody.else", "x.y.z"] {
        let mut last = None;
        for _ in 0..20 {
            let (_, answer) =
                server.post("/api/v1/login/start", json!({ "user_name": name })).await;
            let index = answer["code_index"].as_u64();
            if answer["last_code"] == true {
                assert!(last.is_none() || last == index);
            } else {
                assert_ne!(index, last);
            }
            last = index;
        }
    }
}

async fn the_last_unused_code_is_asked_again_and_said_to_be_the_last(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    for _ in 1..=23 {
        server.login(&an).await;
    }
    let start = || async {
        let (status, body) =
            server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await;
        assert_eq!(status, 200);
        let index = u8::try_from(body["code_index"].as_u64().unwrap()).unwrap();
        (body["challenge"].as_str().unwrap().to_owned(), index, body["last_code"] == true)
    };
    // Asked, then abandoned: the next login asks the same, still unused code again (never
    // a used one, which the patient would type right and see refused).
    let (_, first, last) = start().await;
    assert!(last, "said to be the last one");
    let (challenge, again, last) = start().await;
    assert_eq!((again, last), (first, true));
    let (status, body) = server.finish(&challenge, &an.password, an.code(again)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["card"]["codes_left"], 0);
}

async fn a_code_typed_with_spaces_logs_in(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let (challenge, index) = server.login_start(&an.user_name).await;
    let code = an.code(index);
    let typed = format!("{} {}", &code[..3], &code[3..]);
    let (status, body) = server.finish(&challenge, &an.password, &typed).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["card"]["codes_left"], 23);
}

/// A failed attempt for `user_name`: wrong password.
async fn fail(server: &TestServer, user_name: &str) -> (u16, serde_json::Value) {
    let (status, body) =
        server.post("/api/v1/login/start", json!({ "user_name": user_name })).await;
    if status != 200 {
        return (status, body);
    }
    let challenge = body["challenge"].as_str().unwrap();
    server.finish(challenge, "certainly not the password", "123456").await
}

async fn failures_slow_down_doubling_up_to_an_hour_and_lock_after_100(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    // Two free failures.
    for _ in 0..2 {
        assert_eq!(fail(&server, &an.user_name).await.0, 401);
    }
    assert_eq!(fail(&server, &an.user_name).await.0, 401);
    // Third failure: 30 s to wait, shown on the next attempt, even with the right password.
    let (status, body) =
        server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["code"], "slowed_down");
    assert_eq!(body["retry_after_seconds"], 30);
    server.test.advance(29);
    assert_eq!(
        server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await.0,
        429
    );
    server.test.advance(1);
    // Then 60, 120, 240, ... up to 3600.
    let mut expected = 60;
    for _ in 0..10 {
        assert_eq!(fail(&server, &an.user_name).await.0, 401);
        let (_, body) =
            server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await;
        assert_eq!(body["retry_after_seconds"], expected);
        server.test.advance(expected);
        expected = (expected * 2).min(3600);
    }
    // 13 failures so far; at 100 in a row the account locks.
    for _ in 13..100 {
        assert_eq!(fail(&server, &an.user_name).await.0, 401);
        server.test.advance(3600);
    }
    let (status, body) =
        server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await;
    assert_eq!((status, body["code"].as_str()), (423, Some("account_locked")));
    server.test.advance(30 * 24 * 3600);
    assert_eq!(
        server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await.0,
        423
    );
}

async fn success_resets_the_failure_count(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    for _ in 0..2 {
        assert_eq!(fail(&server, &an.user_name).await.0, 401);
    }
    server.login(&an).await;
    // Two more failures are free again: no wait.
    for _ in 0..2 {
        assert_eq!(fail(&server, &an.user_name).await.0, 401);
    }
    assert_eq!(
        server.post("/api/v1/login/start", json!({ "user_name": an.user_name })).await.0,
        200
    );
}

async fn unknown_user_names_are_throttled_like_known_ones(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    for _ in 0..3 {
        assert_eq!(fail(&server, "ghost.user").await.0, 401);
    }
    let (status, body) =
        server.post("/api/v1/login/start", json!({ "user_name": "ghost.user" })).await;
    assert_eq!((status, body["retry_after_seconds"].as_u64()), (429, Some(30)));
}

async fn few_codes_left_is_reported_and_a_used_up_card_cannot_log_in(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    for used in 1..=24_u64 {
        let answer = server.login(&an).await;
        let left = 24 - used;
        assert_eq!(answer["card"]["codes_left"], left);
        assert_eq!(answer["card"]["few_codes_left"], left <= 4, "after {used} logins");
    }
    // Every code used: the right password hears that the card is used up.
    let (challenge, index) = server.login_start(&an.user_name).await;
    let (status, body) = server.finish(&challenge, &an.password, an.code(index)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("no_codes_left")));
    // A wrong password learns nothing about the card.
    let (challenge, index) = server.login_start(&an.user_name).await;
    let (status, body) = server.finish(&challenge, "wrong password", an.code(index)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("login_failed")));
}

async fn logout_ends_the_session_and_the_token_is_refused_after(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let answer = server.login(&an).await;
    let token = answer["session_token"].as_str().unwrap();
    assert_eq!(server.authed(Method::GET, "/api/v1/me", token, None).await.0, 200);
    assert_eq!(server.authed(Method::POST, "/api/v1/session/logout", token, None).await.0, 204);
    let (status, body) = server.authed(Method::GET, "/api/v1/me", token, None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
    assert_eq!(server.authed(Method::POST, "/api/v1/session/logout", token, None).await.0, 401);
    assert_eq!(server.authed(Method::GET, "/api/v1/me", "not-a-token", None).await.0, 401);
    let (status, _) = server.post("/api/v1/me", json!({})).await;
    assert_eq!(status, 405);
}

async fn sessions_end_after_an_idle_hour_and_after_a_day(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let token = server.session(&an).await;
    server.test.advance(3599);
    assert_eq!(server.authed(Method::GET, "/api/v1/me", &token, None).await.0, 200);
    server.test.advance(3600);
    assert_eq!(server.authed(Method::GET, "/api/v1/me", &token, None).await.0, 401, "idle hour");

    // Kept busy, a session still ends 24 hours after login.
    let token = server.session(&an).await;
    // (Each step stays under the idle hour, so only the day can end it.)
    for _ in 0..28 {
        server.test.advance(3000);
        assert_eq!(server.authed(Method::GET, "/api/v1/me", &token, None).await.0, 200);
    }
    server.test.advance(24 * 3600 - 28 * 3000 - 1);
    assert_eq!(
        server.authed(Method::GET, "/api/v1/me", &token, None).await.0,
        200,
        "a day less a second"
    );
    server.test.advance(1);
    assert_eq!(server.authed(Method::GET, "/api/v1/me", &token, None).await.0, 401, "one day");
}

async fn user_names_are_not_case_sensitive(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let (challenge, index) =
        server.login_start(&format!("  {}  ", an.user_name.to_uppercase())).await;
    assert_eq!(server.finish(&challenge, &an.password, an.code(index)).await.0, 200);
}

/// Mornings bring many logins at once. Each login step reads and then writes; on SQLite a
/// transaction that did not take the write lock first failed with "database is locked"
/// (a 503) when another login wrote in between, so patients were turned away under load.
/// The same held for cards issued at several desks at once.
async fn many_patients_get_cards_and_log_in_at_the_same_moment(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let server = std::sync::Arc::new(server);
    const PATIENTS: u16 = 24;

    let mut desks = tokio::task::JoinSet::new();
    for serial in 0..PATIENTS {
        let server = server.clone();
        desks.spawn(async move {
            enrol(&server.test, "Patient", &format!("Number{serial}"), Some(200 + serial), None)
                .await
        });
    }
    let patients = desks.join_all().await;
    let user_names: HashSet<_> = patients.iter().map(|p| p.user_name.clone()).collect();
    assert_eq!(user_names.len(), usize::from(PATIENTS), "one account each");

    let mut logins = tokio::task::JoinSet::new();
    for patient in patients {
        let server = server.clone();
        logins.spawn(async move {
            let answer = server.login(&patient).await;
            assert_eq!(answer["card"]["serial"], patient.serial);
        });
    }
    assert_eq!(logins.join_all().await.len(), usize::from(PATIENTS));
}
