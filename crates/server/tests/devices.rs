//! Device registration and PIN login, server side, on SQLite and PostgreSQL: the counting
//! of wrong access keys, the share that is released only for the right one, signatures,
//! single-use challenges, removal and PIN change.

mod common;

use base64::{Engine, engine::general_purpose::STANDARD};
use common::{Backend, TestServer, enrol};
use dossier_api::device::device_login_message;
use ed25519_dalek::{Signer, SigningKey};
use reqwest::Method;
use serde_json::{Value, json};

on_both_databases!(
    a_registered_device_logs_in_in_three_steps,
    five_wrong_access_keys_block_the_device_and_delete_its_share,
    a_success_resets_the_count,
    challenges_are_single_use_and_expire,
    only_the_registered_key_can_sign,
    removing_a_device_ends_its_sessions_and_its_logins,
    changing_the_pin_replaces_the_verifier_and_the_share,
    registering_again_replaces_the_old_registration,
);

/// A device as a test plays it: a key pair and an access key.
struct Device {
    key: SigningKey,
    access: String,
    id: String,
    share: String,
}

fn access_key(byte: u8) -> String {
    STANDARD.encode([byte; 32])
}

async fn register(
    server: &TestServer,
    token: &str,
    access: &str,
    replaces: Option<&str>,
) -> Device {
    let key = SigningKey::from_bytes(&rand_bytes());
    let body = json!({
        "name": "Pixel of An",
        "public_key": STANDARD.encode(key.verifying_key().as_bytes()),
        "access_key": access,
        "replaces": replaces,
    });
    let (status, answer) = server.authed(Method::POST, "/api/v1/devices", token, Some(body)).await;
    assert_eq!(status, 200, "{answer}");
    Device {
        key,
        access: access.to_owned(),
        id: answer["device_id"].as_str().unwrap().to_owned(),
        share: answer["server_share"].as_str().unwrap().to_owned(),
    }
}

fn rand_bytes() -> [u8; 32] {
    let mut bytes = [0_u8; 32];
    for (i, b) in
        uuid::Uuid::new_v4().as_bytes().iter().chain(uuid::Uuid::new_v4().as_bytes()).enumerate()
    {
        bytes[i] = *b;
    }
    bytes
}

async fn start(server: &TestServer, device: &Device) -> (u16, Value) {
    server.post(&format!("/api/v1/devices/{}/login/start", device.id), json!({})).await
}

async fn unlock(
    server: &TestServer,
    device: &Device,
    challenge: &str,
    access: &str,
) -> (u16, Value) {
    server
        .post(
            &format!("/api/v1/devices/{}/login/unlock", device.id),
            json!({ "challenge": challenge, "access_key": access }),
        )
        .await
}

async fn finish(
    server: &TestServer,
    device: &Device,
    challenge: &str,
    key: &SigningKey,
) -> (u16, Value) {
    let signature = key.sign(&device_login_message(&device.id, challenge));
    server
        .post(
            &format!("/api/v1/devices/{}/login/finish", device.id),
            json!({ "challenge": challenge, "signature": STANDARD.encode(signature.to_bytes()) }),
        )
        .await
}

/// A full PIN login; returns the session token.
async fn pin_login(server: &TestServer, device: &Device) -> String {
    let (_, started) = start(server, device).await;
    let challenge = started["challenge"].as_str().unwrap();
    let (status, unlocked) = unlock(server, device, challenge, &device.access).await;
    assert_eq!(status, 200, "{unlocked}");
    assert_eq!(unlocked["server_share"], device.share.as_str());
    let (status, finished) = finish(server, device, challenge, &device.key).await;
    assert_eq!(status, 200, "{finished}");
    finished["session_token"].as_str().unwrap().to_owned()
}

async fn code_card_session(server: &TestServer) -> (common::Enrolled, String) {
    let an = enrol(&server.test, "An", "Peeters", None, None).await;
    let token = server.session(&an).await;
    (an, token)
}

async fn a_registered_device_logs_in_in_three_steps(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let device = register(&server, &token, &access_key(1), None).await;
    let session = pin_login(&server, &device).await;
    let (status, me) = server.authed(Method::GET, "/api/v1/me", &session, None).await;
    assert_eq!((status, me["patient"]["given_name"].as_str()), (200, Some("An")));
    let (_, list) = server.authed(Method::GET, "/api/v1/devices", &session, None).await;
    assert_eq!(list["devices"][0]["current"], true);
    assert_eq!(list["devices"][0]["status"], "active");
    // Registering needs a session.
    let (status, _) = server
        .post("/api/v1/devices", json!({ "name": "x", "public_key": "", "access_key": "" }))
        .await;
    assert_eq!(status, 401);
}

async fn five_wrong_access_keys_block_the_device_and_delete_its_share(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let device = register(&server, &token, &access_key(1), None).await;
    for tries_left in [4, 3, 2, 1] {
        let (_, started) = start(&server, &device).await;
        let (status, body) =
            unlock(&server, &device, started["challenge"].as_str().unwrap(), &access_key(9)).await;
        assert_eq!((status, body["code"].as_str()), (401, Some("wrong_pin")));
        assert_eq!(body["tries_left"], tries_left);
    }
    let (_, started) = start(&server, &device).await;
    let (status, body) =
        unlock(&server, &device, started["challenge"].as_str().unwrap(), &access_key(9)).await;
    assert_eq!((status, body["code"].as_str()), (423, Some("device_blocked")));
    // Blocked: even the right access key gets nothing, and the share is gone from the database.
    let (status, body) = start(&server, &device).await;
    assert_eq!((status, body["code"].as_str()), (423, Some("device_blocked")));
    let (share,): (Option<String>,) =
        sqlx::query_as("SELECT server_share FROM devices WHERE id = $1")
            .bind(&device.id)
            .fetch_one(server.test.state.db.pool())
            .await
            .unwrap();
    assert_eq!(share, None);
    let (_, list) = server.authed(Method::GET, "/api/v1/devices", &token, None).await;
    assert_eq!(list["devices"][0]["status"], "blocked");
}

async fn a_success_resets_the_count(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let device = register(&server, &token, &access_key(1), None).await;
    for _ in 0..4 {
        let (_, started) = start(&server, &device).await;
        unlock(&server, &device, started["challenge"].as_str().unwrap(), &access_key(9)).await;
    }
    pin_login(&server, &device).await;
    let (_, started) = start(&server, &device).await;
    let (_, body) =
        unlock(&server, &device, started["challenge"].as_str().unwrap(), &access_key(9)).await;
    assert_eq!(body["tries_left"], 4);
}

async fn challenges_are_single_use_and_expire(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let device = register(&server, &token, &access_key(1), None).await;
    let (_, started) = start(&server, &device).await;
    let challenge = started["challenge"].as_str().unwrap().to_owned();
    assert!(
        STANDARD
            .decode(challenge.replace('-', "+").replace('_', "/") + "=")
            .map_or(challenge.len() * 6 / 8, |b| b.len())
            >= 16
    );
    assert_eq!(unlock(&server, &device, &challenge, &device.access).await.0, 200);
    // One unlock per challenge.
    assert_eq!(
        unlock(&server, &device, &challenge, &device.access).await.1["code"],
        "challenge_invalid"
    );
    assert_eq!(finish(&server, &device, &challenge, &device.key).await.0, 200);
    // A replayed finish is refused.
    let (status, body) = finish(&server, &device, &challenge, &device.key).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("challenge_invalid")));
    // Finishing without the unlock step is refused.
    let (_, started) = start(&server, &device).await;
    let fresh = started["challenge"].as_str().unwrap();
    assert_eq!(finish(&server, &device, fresh, &device.key).await.1["code"], "challenge_invalid");
    // Two minutes and it is over.
    let (_, started) = start(&server, &device).await;
    let late = started["challenge"].as_str().unwrap().to_owned();
    server.test.advance(121);
    assert_eq!(
        unlock(&server, &device, &late, &device.access).await.1["code"],
        "challenge_invalid"
    );
}

async fn only_the_registered_key_can_sign(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let device = register(&server, &token, &access_key(1), None).await;
    let (_, started) = start(&server, &device).await;
    let challenge = started["challenge"].as_str().unwrap();
    unlock(&server, &device, challenge, &device.access).await;
    let impostor = SigningKey::from_bytes(&rand_bytes());
    let (status, body) = finish(&server, &device, challenge, &impostor).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));
}

async fn removing_a_device_ends_its_sessions_and_its_logins(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let phone = register(&server, &token, &access_key(1), None).await;
    let laptop = register(&server, &token, &access_key(2), None).await;
    let phone_session = pin_login(&server, &phone).await;
    let laptop_session = pin_login(&server, &laptop).await;
    let (status, _) = server
        .authed(Method::DELETE, &format!("/api/v1/devices/{}", laptop.id), &phone_session, None)
        .await;
    assert_eq!(status, 204);
    assert_eq!(server.authed(Method::GET, "/api/v1/me", &laptop_session, None).await.0, 401);
    assert_eq!(server.authed(Method::GET, "/api/v1/me", &phone_session, None).await.0, 200);
    let (status, body) = start(&server, &laptop).await;
    assert_eq!((status, body["code"].as_str()), (410, Some("device_removed")));
    // Another account cannot remove this one's device.
    let other = enrol(&server.test, "Marc", "Dubois", None, None).await;
    let other_token = server.session(&other).await;
    let (status, _) = server
        .authed(Method::DELETE, &format!("/api/v1/devices/{}", phone.id), &other_token, None)
        .await;
    assert_eq!(status, 404);
}

async fn changing_the_pin_replaces_the_verifier_and_the_share(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let mut device = register(&server, &token, &access_key(1), None).await;
    // Only from a session of that device.
    let body = json!({ "current_access_key": access_key(1), "new_access_key": access_key(3) });
    let path = format!("/api/v1/devices/{}/pin", device.id);
    assert_eq!(server.authed(Method::PUT, &path, &token, Some(body.clone())).await.0, 403);
    let session = pin_login(&server, &device).await;
    let wrong = json!({ "current_access_key": access_key(7), "new_access_key": access_key(3) });
    let (status, answer) = server.authed(Method::PUT, &path, &session, Some(wrong)).await;
    assert_eq!((status, answer["tries_left"].as_u64()), (401, Some(4)));
    let (status, answer) = server.authed(Method::PUT, &path, &session, Some(body)).await;
    assert_eq!(status, 200);
    let new_share = answer["server_share"].as_str().unwrap().to_owned();
    assert_ne!(new_share, device.share);
    device.access = access_key(3);
    device.share = new_share;
    pin_login(&server, &device).await;
}

async fn registering_again_replaces_the_old_registration(backend: Backend) {
    let Some(server) = TestServer::start(backend).await else { return };
    let (_, token) = code_card_session(&server).await;
    let old = register(&server, &token, &access_key(1), None).await;
    let new = register(&server, &token, &access_key(2), Some(&old.id)).await;
    let (status, _) = start(&server, &old).await;
    assert_eq!(status, 410);
    pin_login(&server, &new).await;
    let (_, list) = server.authed(Method::GET, "/api/v1/devices", &token, None).await;
    assert_eq!(list["devices"].as_array().unwrap().len(), 1);
}
