//! Blocking a lost card, new cards, requesting a card online, resetting a forgotten
//! password, changing user name and password, and what a death closes: on both databases,
//! reading the real e-mails from the outbox.

mod common;

use common::{Backend, TestServer, enrol, register};
use dossier_api::NationalRegisterNumber;
use dossier_server::{cards::Delivery, enrolment, patients, staff};
use dossier_test_kit::outbox::{OutboxMail, read_outbox};
use reqwest::Method;
use serde_json::json;

on_both_databases!(
    a_blocked_card_fails_on_the_very_next_login,
    blocking_needs_the_right_password_and_is_throttled,
    a_new_card_keeps_the_password_and_replaces_the_old_one,
    a_known_patient_requests_a_card_by_email_and_it_is_queued_for_print,
    a_card_request_for_an_unknown_number_sends_nothing,
    a_confirmation_link_works_once,
    a_password_reset_link_is_single_use_expires_and_follows_the_rules,
    password_rules_apply_when_changing_it,
    changing_the_user_name,
    death_closes_access_at_once,
    staff_commands_write_a_card_and_block_it,
);

fn outbox(server: &TestServer) -> Vec<OutboxMail> {
    read_outbox(server.test.outbox.path())
}

async fn a_blocked_card_fails_on_the_very_next_login(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let (challenge, index) = server.login_start(&an.user_name).await;
    let (status, body) = server
        .post("/api/v1/cards/block", json!({ "user_name": an.user_name, "password": an.password }))
        .await;
    assert_eq!((status, body["serial"].as_str()), (200, Some(an.serial.as_str())));
    let (status, body) = server.finish(&challenge, &an.password, an.code(index)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("card_blocked")));
    // Blocking twice: there is no active card left.
    let (status, _) = server
        .post("/api/v1/cards/block", json!({ "user_name": an.user_name, "password": an.password }))
        .await;
    assert_eq!(status, 409);
}

async fn blocking_needs_the_right_password_and_is_throttled(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    for _ in 0..3 {
        let (status, body) = server
            .post("/api/v1/cards/block", json!({ "user_name": an.user_name, "password": "guess" }))
            .await;
        assert_eq!((status, body["code"].as_str()), (401, Some("login_failed")));
    }
    let (status, _) = server
        .post("/api/v1/cards/block", json!({ "user_name": an.user_name, "password": an.password }))
        .await;
    assert_eq!(status, 429, "password guessing through the block endpoint is slowed down too");
    // The card still works once the wait is over.
    server.test.advance(30);
    server.login(&an).await;
}

async fn a_new_card_keeps_the_password_and_replaces_the_old_one(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let patient = patients::find_by_id(&mut conn, &an.patient_id).await.unwrap().unwrap();
    drop(conn);
    let new =
        enrolment::issue_card(&server.test.state, &patient, Delivery::Desk, None).await.unwrap();
    assert!(!new.new_account);
    assert!(new.card.initial_password.is_none(), "the password stays the same");
    assert_ne!(new.card.serial, an.serial);

    let (challenge, index) = server.login_start(&an.user_name).await;
    let (status, body) = server
        .finish(&challenge, &an.password, new.card.codes[usize::from(index) - 1].expose())
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["card"]["serial"], new.card.serial);
    // Codes of the old card no longer work.
    let (challenge, index) = server.login_start(&an.user_name).await;
    let (status, _) = server.finish(&challenge, &an.password, an.code(index)).await;
    assert_eq!(status, 401);
}

/// The six-digit codes of a card PDF, in order (they are the only 6-digit strings in it).
fn codes_in_pdf(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.split(['(', ')'])
        .filter(|s| s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

async fn a_known_patient_requests_a_card_by_email_and_it_is_queued_for_print(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let patient = register(&server.test, "Marc", "Dubois", Some(57), None).await;
    let number = NationalRegisterNumber::for_birth_date(1980, 5, 17, 57).unwrap();
    let (status, _) = server
        .post(
            "/api/v1/card-requests",
            json!({ "national_register_number": number.formatted(), "email": "marc@example.be", "language": "fr" }),
        )
        .await;
    assert_eq!(status, 202);
    let mails = outbox(&server);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "marc@example.be");
    assert_eq!(mails[0].subject, "Confirmez votre demande de carte de codes");
    let link = mails[0].link("http://127.0.0.1/card-requests/confirm?token=").expect("a link");
    let token = link.split("token=").nth(1).unwrap().to_owned();

    // Opening the link shows a page; only the button confirms.
    let page = server
        .http
        .get(server.url(&format!("/card-requests/confirm?token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    assert!(page.text().await.unwrap().contains("Confirmer"));
    assert_eq!(outbox(&server).len(), 1, "opening the link confirms nothing");
    assert!(enrolment::print_queue(&server.test.state).await.unwrap().is_empty());

    let done = server
        .http
        .post(server.url("/card-requests/confirm"))
        .form(&[("token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("domicile"));

    // A new user: one mail with user name and password, one saying the card is posted.
    let mails = outbox(&server);
    assert_eq!(mails.len(), 3);
    let credentials =
        mails.iter().find(|m| m.body.contains("Mot de passe")).expect("password mail");
    let user_name = line_value(&credentials.body, "Nom d’utilisateur : ");
    let password = line_value(&credentials.body, "Mot de passe : ");
    assert_eq!(user_name, "marc.dubois");
    assert!(mails.iter().any(|m| m.subject == "Votre carte de codes arrive par la poste"));

    let queue = enrolment::print_queue(&server.test.state).await.unwrap();
    assert_eq!(queue.len(), 1);
    let pdf = enrolment::take_from_print_queue(&server.test.state, &queue[0].serial)
        .await
        .unwrap()
        .unwrap();
    assert!(
        enrolment::print_queue(&server.test.state).await.unwrap().is_empty(),
        "printed cards leave the queue"
    );
    let codes = codes_in_pdf(&pdf);
    assert_eq!(codes.len(), 24);
    assert!(
        !String::from_utf8_lossy(&pdf).contains(&password),
        "a posted card never carries the password"
    );

    // The patient can now log in with the mailed password and the posted card.
    let (challenge, index) = server.login_start(&user_name).await;
    let (status, body) = server.finish(&challenge, &password, &codes[usize::from(index) - 1]).await;
    assert_eq!(status, 200, "{body}");
    let mut conn = server.test.state.db.pool().acquire().await.unwrap();
    let account =
        dossier_server::accounts::find_by_patient(&mut conn, &patient.id).await.unwrap().unwrap();
    assert_eq!(account.email.as_deref(), Some("marc@example.be"));
}

fn line_value(body: &str, prefix: &str) -> String {
    body.lines().find_map(|l| l.strip_prefix(prefix)).expect(prefix).trim().to_owned()
}

async fn a_card_request_for_an_unknown_number_sends_nothing(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let number = NationalRegisterNumber::for_birth_date(1990, 2, 3, 4).unwrap();
    let (status, _) = server
        .post(
            "/api/v1/card-requests",
            json!({ "national_register_number": number.digits(), "email": "x@example.be", "language": "nl" }),
        )
        .await;
    assert_eq!(status, 202, "the same answer as for a known patient");
    assert!(outbox(&server).is_empty());
    // A malformed number or address is refused outright.
    let (status, _) = server
        .post(
            "/api/v1/card-requests",
            json!({ "national_register_number": "85073003329", "email": "x@example.be", "language": "nl" }),
        )
        .await;
    assert_eq!(status, 400);
    let (status, body) = server
        .post(
            "/api/v1/card-requests",
            json!({ "national_register_number": number.digits(), "email": "not-an-address", "language": "nl" }),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_email")));
}

async fn a_confirmation_link_works_once(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    register(&server.test, "Jan", "Janssens", Some(33), None).await;
    let number = NationalRegisterNumber::for_birth_date(1980, 5, 17, 33).unwrap();
    let request = json!({ "national_register_number": number.digits(), "email": "jan@example.be", "language": "nl" });
    server.post("/api/v1/card-requests", request.clone()).await;
    // Asking again at once sends no second mail.
    server.post("/api/v1/card-requests", request).await;
    let mails = outbox(&server);
    assert_eq!(mails.len(), 1);
    let link = mails[0].link("http://127.0.0.1/card-requests/confirm?token=").unwrap();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    let confirm = || {
        server
            .http
            .post(server.url("/card-requests/confirm"))
            .form(&[("token", token.clone())])
            .send()
    };
    assert_eq!(confirm().await.unwrap().status(), 200);
    assert_eq!(confirm().await.unwrap().status(), 410);
    let page = server
        .http
        .get(server.url(&format!("/card-requests/confirm?token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 410);
}

async fn a_password_reset_link_is_single_use_expires_and_follows_the_rules(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let els = enrol(&server.test, "Els", "Van den Broeck", None, Some("els@example.be")).await;
    let token = server.session(&els).await;
    let (status, _) = server
        .post("/api/v1/password-resets", json!({ "user_name": els.user_name, "language": "nl" }))
        .await;
    assert_eq!(status, 202);
    let (status, _) = server
        .post("/api/v1/password-resets", json!({ "user_name": "nobody", "language": "nl" }))
        .await;
    assert_eq!(status, 202, "the same answer for an unknown user name");
    let mails = outbox(&server);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "els@example.be");
    assert_eq!(mails[0].subject, "Nieuw wachtwoord voor Dossier");
    let link = mails[0].link("http://127.0.0.1/password-reset?token=").unwrap();
    let reset_token = link.split("token=").nth(1).unwrap().to_owned();

    let page = server
        .http
        .get(server.url(&format!("/password-reset?token={reset_token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("type=\"password\""));

    let post = |password: &str, repeat: &str| {
        server
            .http
            .post(server.url("/password-reset"))
            .form(&[("token", reset_token.as_str()), ("password", password), ("repeat", repeat)])
            .send()
    };
    let weak = post("password", "password").await.unwrap();
    assert_eq!(weak.status(), 422);
    assert!(weak.text().await.unwrap().contains("te vaak gebruikt"));
    assert_eq!(post("lange zin van mij", "lange zin van jou").await.unwrap().status(), 422);
    // Refused passwords leave the link valid; a good one uses it up.
    assert_eq!(post("lange zin van mij", "lange zin van mij").await.unwrap().status(), 200);
    assert_eq!(post("nog een andere zin", "nog een andere zin").await.unwrap().status(), 410);

    assert_eq!(server.authed(Method::GET, "/api/v1/me", &token, None).await.0, 401, "sessions end");
    let (challenge, index) = server.login_start(&els.user_name).await;
    assert_eq!(
        server.finish(&challenge, &els.password, els.code(index)).await.0,
        401,
        "old password"
    );
    let (challenge, index) = server.login_start(&els.user_name).await;
    assert_eq!(server.finish(&challenge, "lange zin van mij", els.code(index)).await.0, 200);

    // A second link, ten minutes later, expires after an hour.
    server.test.advance(11 * 60);
    server
        .post("/api/v1/password-resets", json!({ "user_name": els.user_name, "language": "en" }))
        .await;
    let mails = outbox(&server);
    let last = mails.iter().find(|m| m.subject == "New password for Dossier").expect("second mail");
    let link = last.link("http://127.0.0.1/password-reset?token=").unwrap();
    server.test.advance(3601);
    let page =
        server.http.get(link.replace("http://127.0.0.1", &server.url(""))).send().await.unwrap();
    assert_eq!(page.status(), 410);
}

async fn password_rules_apply_when_changing_it(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let token = server.session(&an).await;
    let other = server.session(&an).await;
    let change = |new: &str| json!({ "current_password": an.password, "new_password": new });
    let cases = [
        ("short", json!({ "problem": "too_short", "min": 8 })),
        ("iloveyou", json!({ "problem": "too_common" })),
        ("an.peeters-123", json!({ "problem": "contains_user_name" })),
    ];
    for (password, problem) in cases {
        let (status, body) = server
            .authed(Method::PUT, "/api/v1/account/password", &token, Some(change(password)))
            .await;
        assert_eq!((status, &body["problem"]), (422, &problem), "{password}");
    }
    let long = "x".repeat(129);
    let (status, body) =
        server.authed(Method::PUT, "/api/v1/account/password", &token, Some(change(&long))).await;
    assert_eq!((status, body["problem"]["problem"].as_str()), (422, Some("too_long")));
    let sixty_four = "a quiet street with old trees and a bakery at the corner, 1984!!";
    assert_eq!(sixty_four.chars().count(), 64);
    let (status, _) = server
        .authed(Method::PUT, "/api/v1/account/password", &token, Some(change(sixty_four)))
        .await;
    assert_eq!(status, 204);
    assert_eq!(
        server.authed(Method::GET, "/api/v1/me", &token, None).await.0,
        200,
        "this session stays"
    );
    assert_eq!(server.authed(Method::GET, "/api/v1/me", &other, None).await.0, 401, "others end");
    // A wrong current password is refused.
    let wrong = json!({ "current_password": "nope", "new_password": "een andere lange zin" });
    assert_eq!(
        server.authed(Method::PUT, "/api/v1/account/password", &token, Some(wrong)).await.0,
        401
    );
}

async fn changing_the_user_name(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let marc = enrol(&server.test, "Marc", "Dubois", None, None).await;
    let token = server.session(&an).await;
    let rename = |name: &str| json!({ "new_user_name": name, "password": an.password });
    let (status, body) = server
        .authed(
            Method::PUT,
            "/api/v1/account/user-name",
            &token,
            Some(rename(&marc.user_name.to_uppercase())),
        )
        .await;
    assert_eq!((status, body["problem"]["problem"].as_str()), (422, Some("taken")));
    let (status, body) = server
        .authed(Method::PUT, "/api/v1/account/user-name", &token, Some(rename("an peeters")))
        .await;
    assert_eq!((status, body["problem"]["problem"].as_str()), (422, Some("characters")));
    // Look-alikes of a taken name: a Cyrillic "а", a fullwidth "ｍ".
    let marc_lookalike = marc.user_name.replacen('a', "\u{430}", 1);
    for name in [marc_lookalike, marc.user_name.replacen('m', "\u{ff4d}", 1)] {
        let (status, body) = server
            .authed(Method::PUT, "/api/v1/account/user-name", &token, Some(rename(&name)))
            .await;
        assert_eq!((status, body["problem"]["problem"].as_str()), (422, Some("characters")));
    }
    let (status, _) =
        server.authed(Method::PUT, "/api/v1/account/user-name", &token, Some(rename("AnP"))).await;
    assert_eq!(status, 204);
    let (_, me) = server.authed(Method::GET, "/api/v1/me", &token, None).await;
    assert_eq!(me["user_name"], "AnP");
    let (challenge, index) = server.login_start("anp").await;
    assert_eq!(server.finish(&challenge, &an.password, an.code(index)).await.0, 200);
}

async fn death_closes_access_at_once(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let jan = enrol(&server.test, "Jan", "Janssens", None, None).await;
    let token = server.session(&jan).await;
    sqlx::query("UPDATE patients SET date_of_death = $1 WHERE id = $2")
        .bind("2026-11-22")
        .bind(&jan.patient_id)
        .execute(server.test.state.db.pool())
        .await
        .unwrap();
    assert_eq!(
        server.authed(Method::GET, "/api/v1/me", &token, None).await.0,
        401,
        "open sessions end"
    );
    let (challenge, index) = server.login_start(&jan.user_name).await;
    let (status, body) = server.finish(&challenge, &jan.password, jan.code(index)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("account_closed")));
}

async fn staff_commands_write_a_card_and_block_it(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let patient = register(&server.test, "Sofia", "Rossi", None, None).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("card.pdf");
    let card = staff::issue_desk_card(&server.test.state, &patient.ead_number, &out).await.unwrap();
    assert!(card.new_account);
    assert_eq!(card.user_name, "sofia.rossi");
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(codes_in_pdf(&pdf).len(), 24);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(staff::block_card(&server.test.state, &card.serial).await.unwrap());
    assert!(!staff::block_card(&server.test.state, &card.serial).await.unwrap());
    assert!(staff::issue_desk_card(&server.test.state, "00000000", &out).await.is_err());
}
