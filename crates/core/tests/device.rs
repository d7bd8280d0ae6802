//! Device registration and PIN login against a real server, with the keys in the real
//! Secret Service (run through scripts/with-keyring). Each test is one property of
//! SECURITY.md or one flow of the issue.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use dossier_core::{
    Account, BuildKind, CoreError, DeviceState, OsKeychain, SecretStore, ServerUrl, Unlocked,
    device::DeviceVault, pin::PinProblem,
};
use dossier_test_kit::{Capture, Card, TestServer, device_account, enrol, keychain, start_server};

const PIN: &str = "284719";
const OTHER_PIN: &str = "503816";

/// One installation of the app: a data folder and a keychain entry for `url`.
struct Installation {
    account: Account,
    data_dir: tempfile::TempDir,
    keychain: Arc<dyn SecretStore>,
    url: String,
}

impl Installation {
    fn new(keychain: &Arc<dyn SecretStore>, url: &str) -> Self {
        let data_dir = tempfile::tempdir().unwrap();
        let account = device_account(keychain, url, data_dir.path());
        Self { account, data_dir, keychain: keychain.clone(), url: url.to_owned() }
    }

    /// The app restarted: nothing in memory, the same keychain and folder.
    fn restart(&mut self) {
        self.account = device_account(&self.keychain, &self.url, self.data_dir.path());
    }

    fn vault(&self) -> DeviceVault {
        DeviceVault::new(self.keychain.clone(), &ServerUrl::parse(&self.url).unwrap())
    }

    fn record_json(&self) -> Option<String> {
        let entry = self.vault().entry_name().to_owned();
        self.keychain.get(&entry).unwrap().map(|bytes| String::from_utf8(bytes).unwrap())
    }

    fn cache_dir(&self) -> std::path::PathBuf {
        self.data_dir.path().join("cache")
    }

    async fn register(&self, card: &Card, pin: &str) {
        card.log_in(&self.account).await;
        self.account.register_device("test laptop", pin).await.unwrap();
        assert!(self.cache_dir().join("reports.sqlite3").exists(), "the report cache is made");
    }

    /// Registers with `PIN`, then restarts and unlocks: a device in daily use.
    async fn register_and_unlock(&mut self, card: &Card) {
        self.register(card, PIN).await;
        self.restart();
        self.account.unlock(PIN).await.unwrap();
    }

    fn cleanup(&self) {
        let _ = self.vault().delete();
    }
}

async fn setup() -> Option<(TestServer, Card, Arc<dyn SecretStore>)> {
    let keychain = keychain()?;
    let server = start_server().await;
    let card = enrol(&server, "An", "Peeters", None).await;
    Some((server, card, keychain))
}

#[tokio::test]
async fn register_then_unlock_with_the_pin_after_a_restart() {
    let Some((server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    assert_eq!(app.account.device_state().await.unwrap(), DeviceState::NotRegistered);
    app.register(&card, PIN).await;
    assert_eq!(
        app.account.device_state().await.unwrap(),
        DeviceState::Registered { name: "test laptop".into() }
    );

    app.restart();
    assert!(!app.account.is_logged_in().await);
    assert_eq!(app.account.unlock(PIN).await.unwrap(), Unlocked::Online);
    assert!(app.account.is_cache_open().await);
    assert_eq!(app.account.me().await.unwrap().patient.given_name, "An");
    let devices = app.account.devices().await.unwrap();
    assert_eq!(devices.len(), 1);
    assert!(devices[0].current);
    assert_eq!(devices[0].name, "test laptop");
    app.cleanup();
}

#[tokio::test]
async fn property_1_the_pin_never_leaves_the_device() {
    let Some((server, card, keychain)) = setup().await else { return };
    let capture = Capture::start(server.addr()).await;
    let mut app = Installation::new(&keychain, &capture.url);
    app.register_and_unlock(&card).await;
    app.account.change_pin(PIN, OTHER_PIN).await.unwrap();
    app.restart();
    app.account.unlock(OTHER_PIN).await.unwrap();

    let sent = capture.sent();
    for path in ["/api/v1/devices HTTP", "/login/unlock HTTP", "/login/finish HTTP", "/pin HTTP"] {
        assert!(sent.contains(path), "{path} was not captured");
    }
    for pin in [PIN, OTHER_PIN] {
        assert!(!sent.contains(pin), "the PIN {pin} was sent");
    }
    // What is sent is derived with a salt that stays in the keychain: without it, nothing
    // captured can be tested against PIN guesses.
    let record: serde_json::Value = serde_json::from_str(&app.record_json().unwrap()).unwrap();
    let salt = record["salt"].as_str().unwrap();
    assert!(!sent.contains(salt), "the salt was sent");
    assert!(!sent.contains(record["local_secret"].as_str().unwrap()));
    // Each registration makes a new salt: the same PIN gives another access key.
    let first = capture.last_body("/api/v1/devices").unwrap()["access_key"].clone();
    card.log_in(&app.account).await;
    app.account.register_device("again", PIN).await.unwrap();
    let second = capture.last_body("/api/v1/devices").unwrap()["access_key"].clone();
    assert_ne!(first, second);
    app.cleanup();
}

#[tokio::test]
async fn property_2_five_wrong_pins_block_the_device_across_restarts_and_copies() {
    let Some((server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    for tries_left in [4, 3] {
        app.restart();
        let result = app.account.unlock(OTHER_PIN).await;
        assert!(
            matches!(result, Err(CoreError::WrongPin { tries_left: t }) if t == tries_left),
            "{result:?}"
        );
    }
    // A copy of the keychain entry on another installation shares the server's count.
    let copy = Installation::new(&keychain, &server.url());
    let result = copy.account.unlock(OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::WrongPin { tries_left: 2 })), "{result:?}");
    // A success resets the count.
    app.restart();
    app.account.unlock(PIN).await.unwrap();
    for tries_left in (0..MAX).rev() {
        let result = app.account.unlock(OTHER_PIN).await;
        if tries_left == 0 {
            assert!(matches!(result, Err(CoreError::DeviceBlocked)), "{result:?}");
        } else {
            assert!(
                matches!(result, Err(CoreError::WrongPin { tries_left: t }) if t == tries_left),
                "{result:?}"
            );
        }
    }
    // Blocked: the device deleted its keys and its cache at once, before anything is
    // shown; even the right PIN opens nothing now, with or without the server.
    assert!(app.record_json().is_none(), "the keychain entry is gone");
    assert!(!app.cache_dir().exists(), "the cache is gone");
    let result = app.account.unlock(PIN).await;
    assert!(matches!(result, Err(CoreError::NotRegistered)), "{result:?}");

    // Register again with the code card: the old registration is replaced.
    card.log_in(&app.account).await;
    app.account.register_device("test laptop", OTHER_PIN).await.unwrap();
    app.restart();
    assert_eq!(app.account.unlock(OTHER_PIN).await.unwrap(), Unlocked::Online);
    let devices = app.account.devices().await.unwrap();
    assert_eq!(devices.len(), 1, "the blocked registration is gone: {devices:?}");
    app.cleanup();
}

const MAX: u8 = dossier_api::device::MAX_PIN_FAILURES;

#[tokio::test]
async fn property_3_a_copy_of_the_device_cannot_log_in_without_the_server() {
    let Some((mut server, card, keychain)) = setup().await else { return };
    let app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    // Everything on the device, and the right PIN: with the server away, no session.
    server.stop().await;
    let copy = Installation::new(&keychain, &app.url);
    assert_eq!(copy.account.unlock(PIN).await.unwrap(), Unlocked::Offline);
    assert!(!copy.account.is_logged_in().await);
    assert!(matches!(copy.account.me().await, Err(CoreError::Offline)));
    server.restart().await;
    // The sealed signing key holds no PIN verifier: record fields are the salt, the Argon2
    // parameters, and ciphertexts that open only with the server's share.
    let record: serde_json::Value = serde_json::from_str(&app.record_json().unwrap()).unwrap();
    let mut fields: Vec<&str> = record.as_object().unwrap().keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "cache_key",
            "device_id",
            "failures_in_a_row",
            "kdf",
            "local_secret",
            "name",
            "public_key",
            "salt",
            "signing_key"
        ]
    );
    app.cleanup();
}

#[tokio::test]
async fn property_4_a_replayed_or_late_login_is_refused() {
    let Some((server, card, keychain)) = setup().await else { return };
    let capture = Capture::start(server.addr()).await;
    let mut app = Installation::new(&keychain, &capture.url);
    app.register_and_unlock(&card).await;

    let device_id: String = serde_json::from_str::<serde_json::Value>(&app.record_json().unwrap())
        .unwrap()["device_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let finish = capture.last_body("/login/finish").expect("the signed login");
    let challenge = finish["challenge"].as_str().unwrap();
    assert!(base64_len(challenge) >= 16, "at least 128 bits");
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/devices/{device_id}/login/finish", server.url());
    let replay = http.post(&url).json(&finish).send().await.unwrap();
    assert_eq!(replay.status(), 401, "a replayed login is refused");

    // A challenge older than two minutes is refused too.
    let start = http
        .post(format!("{}/api/v1/devices/{device_id}/login/start", server.url()))
        .send()
        .await
        .unwrap();
    let challenge =
        start.json::<serde_json::Value>().await.unwrap()["challenge"].as_str().unwrap().to_owned();
    server.advance(121);
    let unlock = http
        .post(format!("{}/api/v1/devices/{device_id}/login/unlock", server.url()))
        .json(&serde_json::json!({ "challenge": challenge, "access_key": "AAAA" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unlock.status(), 401);
    assert_eq!(unlock.json::<serde_json::Value>().await.unwrap()["code"], "challenge_invalid");
    app.cleanup();
}

fn base64_len(text: &str) -> usize {
    text.len() * 3 / 4
}

#[tokio::test]
async fn property_5_tokens_stay_in_memory_and_die_with_logout_and_lock() {
    let Some((server, card, keychain)) = setup().await else { return };
    let capture = Capture::start(server.addr()).await;
    let mut app = Installation::new(&keychain, &capture.url);
    app.register_and_unlock(&card).await;
    let received = capture.received();
    let token = received
        .rsplit("\"session_token\":\"")
        .next()
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let me = format!("{}/api/v1/me", server.url());
    let http = reqwest::Client::new();
    assert_eq!(http.get(&me).bearer_auth(&token).send().await.unwrap().status(), 200);

    // Not on disk: not in the keychain record, not in any file of the app's folder.
    assert!(!app.record_json().unwrap().contains(&token));
    for entry in walk(app.data_dir.path()) {
        assert!(
            !std::fs::read(&entry).unwrap().windows(token.len()).any(|w| w == token.as_bytes())
        );
    }
    app.account.lock().await;
    assert_eq!(
        http.get(&me).bearer_auth(&token).send().await.unwrap().status(),
        401,
        "lock ends the session"
    );
    assert!(!app.account.is_cache_open().await, "lock closes the cache");
    app.cleanup();
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
        }
    }
    files
}

#[tokio::test]
async fn property_7_keys_live_in_the_keychain_namespaced_per_server_and_build() {
    let Some((server, card, keychain)) = setup().await else { return };
    let app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    assert!(app.record_json().is_some());
    // No key material in the app's folder: the cache, and the marker that only names the
    // device.
    let marker = app.data_dir.path().join("device.json");
    assert!(
        walk(app.data_dir.path()).iter().all(|f| f.starts_with(app.cache_dir()) || *f == marker)
    );
    let marker: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&marker).unwrap()).unwrap();
    let mut fields: Vec<&String> = marker.as_object().unwrap().keys().collect();
    fields.sort_unstable();
    assert_eq!(fields, ["device_id", "loss_told", "name"]);
    // Another server, or another build kind, sees nothing.
    let other_server =
        DeviceVault::new(keychain.clone(), &ServerUrl::parse("https://other.example").unwrap());
    assert!(other_server.load().unwrap().is_none());
    let development = OsKeychain::open(BuildKind::Development).unwrap();
    assert!(development.get(app.vault().entry_name()).unwrap().is_none());
    app.cleanup();
}

#[tokio::test]
async fn property_8_offline_the_pin_opens_the_cache_and_five_wrong_ones_wipe_the_device() {
    let Some((mut server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    server.stop().await;

    app.restart();
    assert_eq!(app.account.unlock(PIN).await.unwrap(), Unlocked::Offline);
    assert!(app.account.is_offline().await && app.account.is_cache_open().await);
    // Offline, whose record this is comes from the sealed copy.
    assert_eq!(app.account.profile().await.unwrap().patient.family_name, "Peeters");
    // Kept sealed in the cache file, next to the reports.
    for file in walk(&app.cache_dir()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(7).any(|w| w == b"Peeters"),
            "{} holds a name in clear",
            file.display()
        );
    }
    for tries_left in (1..MAX).rev() {
        app.restart();
        let result = app.account.unlock(OTHER_PIN).await;
        assert!(
            matches!(result, Err(CoreError::WrongPin { tries_left: t }) if t == tries_left),
            "{result:?}"
        );
        assert!(app.cache_dir().exists());
    }
    let result = app.account.unlock(OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::DeviceBlocked)), "{result:?}");
    assert!(!app.cache_dir().exists(), "the cache is gone");
    assert!(app.record_json().is_none(), "and the keys: no more guesses, online either");
    server.restart().await;
    app.restart();
    assert!(matches!(app.account.unlock(PIN).await, Err(CoreError::NotRegistered)));
    app.cleanup();
}

/// A thief alternating between the server and no connection, restarting the app in
/// between, gets five guesses in all, not five each way.
#[tokio::test]
async fn wrong_pins_count_together_with_and_without_a_connection() {
    let Some((mut server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    for tries_left in [4, 3] {
        app.restart();
        let result = app.account.unlock(OTHER_PIN).await;
        assert!(matches!(result, Err(CoreError::WrongPin { tries_left: t }) if t == tries_left));
    }
    server.stop().await;
    for tries_left in [2, 1] {
        app.restart();
        let result = app.account.unlock(OTHER_PIN).await;
        assert!(
            matches!(result, Err(CoreError::WrongPin { tries_left: t }) if t == tries_left),
            "offline: {result:?}"
        );
    }
    // Back online: the server counted 2, the device 4; the fifth wipes the device.
    server.restart().await;
    app.restart();
    let result = app.account.unlock(OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::DeviceBlocked)), "{result:?}");
    assert!(app.record_json().is_none() && !app.cache_dir().exists());
    // The other way round: offline first, then the server.
    let mut app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    server.stop().await;
    for tries_left in [4, 3, 2] {
        app.restart();
        let result = app.account.unlock(OTHER_PIN).await;
        assert!(matches!(result, Err(CoreError::WrongPin { tries_left: t }) if t == tries_left));
    }
    server.restart().await;
    app.restart();
    let result = app.account.unlock(OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::WrongPin { tries_left: 1 })), "{result:?}");
    app.restart();
    let result = app.account.unlock(OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::DeviceBlocked)), "{result:?}");
    assert!(app.record_json().is_none() && !app.cache_dir().exists());
    app.cleanup();
}

/// Opened without a connection, the app logs in by itself when the server answers again,
/// with the PIN typed offline: no second PIN, and what needs the server works again.
#[tokio::test]
async fn offline_then_back_online_logs_in_without_asking_the_pin_again() {
    let Some((mut server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    server.stop().await;
    app.restart();
    assert_eq!(app.account.unlock(PIN).await.unwrap(), Unlocked::Offline);
    // What needs the server says "no connection", not "your session ended".
    assert!(matches!(app.account.hospitals().await, Err(CoreError::Offline)));
    assert!(matches!(app.account.sync_reports(|_| {}).await, Err(CoreError::Offline)));
    assert!(!app.account.reconnect().await.unwrap(), "still no server");
    server.restart().await;
    assert!(app.account.reconnect().await.unwrap());
    assert!(app.account.is_logged_in().await && app.account.is_device_session().await);
    app.account.hospitals().await.unwrap();
    app.account.sync_reports(|_| {}).await.unwrap();
    // Or lazily, by the first call that needs the server.
    server.stop().await;
    app.restart();
    assert_eq!(app.account.unlock(PIN).await.unwrap(), Unlocked::Offline);
    server.restart().await;
    app.account.hospitals().await.unwrap();
    assert!(app.account.is_logged_in().await);
    // The lock forgets the PIN's keys: offline again and locked, nothing reconnects.
    server.stop().await;
    app.restart();
    assert_eq!(app.account.unlock(PIN).await.unwrap(), Unlocked::Offline);
    app.account.lock().await;
    server.restart().await;
    assert!(!app.account.reconnect().await.unwrap());
    assert!(!app.account.is_logged_in().await);
    app.cleanup();
}

/// The keychain lost the entry (reset, or deleted by another tool): the app says so once,
/// deletes the cache it can no longer read, and the next registration retires the old
/// device on the server.
#[tokio::test]
async fn a_lost_keychain_entry_is_told_the_cache_deleted_and_the_old_device_retired() {
    let Some((server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    app.account.sync_reports(|_| {}).await.unwrap();
    app.vault().delete().unwrap();
    app.restart();
    assert_eq!(
        app.account.device_state().await.unwrap(),
        DeviceState::KeysLost { name: "test laptop".into() }
    );
    assert!(!app.cache_dir().exists(), "unreadable without the key: deleted");
    assert_eq!(app.account.device_state().await.unwrap(), DeviceState::NotRegistered, "said once");
    assert!(app.account.registered_before().await);
    card.log_in(&app.account).await;
    app.account.register_device("test laptop", PIN).await.unwrap();
    let devices = app.account.devices().await.unwrap();
    assert_eq!(devices.len(), 1, "the old registration was retired: {devices:?}");
    // Unregistering with the server's knowledge leaves nothing to retire.
    app.account.unregister().await.unwrap();
    assert!(!app.account.registered_before().await);
    app.cleanup();
}

/// On a shared computer, the app's folders and files are its user's only.
#[cfg(unix)]
#[tokio::test]
async fn the_apps_files_are_readable_by_their_user_only() {
    use std::os::unix::fs::PermissionsExt;
    let Some((server, card, keychain)) = setup().await else { return };
    let app = Installation::new(&keychain, &server.url());
    app.register(&card, PIN).await;
    app.account.sync_reports(|_| {}).await.unwrap();
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let files = walk(app.data_dir.path());
    assert!(files.iter().any(|f| f.ends_with("reports.sqlite3-wal")), "{files:?}");
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&app.cache_dir()), 0o700);
    app.cleanup();
}

#[tokio::test]
async fn pin_rules_apply_and_change_pin_needs_the_current_one() {
    let Some((server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    card.log_in(&app.account).await;
    // The demo patient was born on 9 March 1975 (dossier_test_kit::enrol).
    for (pin, problem) in [
        ("123456", PinProblem::Run),
        ("777777", PinProblem::Repeated),
        ("112233", PinProblem::Repeated),
        ("111222", PinProblem::Repeated),
        ("159753", PinProblem::Common),
        ("090375", PinProblem::BirthDate),
        ("12345", PinProblem::Length),
    ] {
        let result = app.account.register_device("x", pin).await;
        assert!(
            matches!(result, Err(CoreError::PinRejected(p)) if p == problem),
            "{pin}: {result:?}"
        );
    }
    app.account.register_device("test laptop", PIN).await.unwrap();
    assert!(app.account.is_device_session().await, "registering opens a device session");
    // Change PIN needs a session opened on this device, not a code-card one.
    card.log_in(&app.account).await;
    let result = app.account.change_pin(PIN, OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::NeedsDeviceSession)), "{result:?}");
    app.restart();
    app.account.unlock(PIN).await.unwrap();
    let result = app.account.change_pin("111000", OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::WrongPin { tries_left: 4 })), "{result:?}");
    let result = app.account.change_pin(PIN, "654321").await;
    assert!(matches!(result, Err(CoreError::PinRejected(PinProblem::Run))), "{result:?}");
    // The same rules at a change as at registration.
    for (pin, problem) in [("112233", PinProblem::Repeated), ("159753", PinProblem::Common)] {
        let result = app.account.change_pin(PIN, pin).await;
        assert!(matches!(result, Err(CoreError::PinRejected(p)) if p == problem), "{result:?}");
    }
    app.account.change_pin(PIN, OTHER_PIN).await.unwrap();
    app.restart();
    assert!(matches!(app.account.unlock(PIN).await, Err(CoreError::WrongPin { .. })));
    assert_eq!(app.account.unlock(OTHER_PIN).await.unwrap(), Unlocked::Online);
    app.cleanup();
}

#[tokio::test]
async fn a_device_removed_from_another_device_wipes_itself_at_its_next_contact() {
    let Some((server, card, keychain)) = setup().await else { return };
    let mut phone = Installation::new(&keychain, &server.url());
    phone.register(&card, PIN).await;
    // The same server under another name: a second installation with its own entry.
    let laptop_url = server.url().replace("127.0.0.1", "localhost");
    let mut laptop = Installation::new(&keychain, &laptop_url);
    laptop.register(&card, OTHER_PIN).await;

    phone.restart();
    phone.account.unlock(PIN).await.unwrap();
    let devices = phone.account.devices().await.unwrap();
    assert_eq!(devices.len(), 2);
    let laptop_id = devices.iter().find(|d| !d.current).unwrap().id.clone();
    phone.account.remove_device(&laptop_id).await.unwrap();
    assert_eq!(phone.account.devices().await.unwrap().len(), 1);

    laptop.restart();
    let result = laptop.account.unlock(OTHER_PIN).await;
    assert!(matches!(result, Err(CoreError::DeviceRemoved)), "{result:?}");
    assert!(laptop.record_json().is_none(), "its keys are deleted");
    assert!(!laptop.cache_dir().exists(), "its data is deleted");
    assert_eq!(laptop.account.device_state().await.unwrap(), DeviceState::NotRegistered);
    phone.cleanup();
}

#[tokio::test]
async fn unregistering_leaves_no_key_file_or_token_behind() {
    let Some((server, card, keychain)) = setup().await else { return };
    let capture = Capture::start(server.addr()).await;
    let mut app = Installation::new(&keychain, &capture.url);
    app.register_and_unlock(&card).await;
    let token = capture
        .received()
        .rsplit("\"session_token\":\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();

    app.account.unregister().await.unwrap();
    assert!(app.record_json().is_none(), "no keychain entry");
    assert!(walk(app.data_dir.path()).is_empty(), "no file");
    assert!(!app.account.is_logged_in().await && !app.account.is_cache_open().await);
    let me = format!("{}/api/v1/me", server.url());
    assert_eq!(
        reqwest::Client::new().get(&me).bearer_auth(&token).send().await.unwrap().status(),
        401
    );
    // The server forgot the device.
    let fresh = Installation::new(&keychain, &server.url());
    card.log_in(&fresh.account).await;
    assert!(fresh.account.devices().await.unwrap().is_empty());
    assert_eq!(app.account.device_state().await.unwrap(), DeviceState::NotRegistered);
}

#[tokio::test]
async fn the_app_locks_after_five_minutes_in_the_background() {
    let Some((server, card, keychain)) = setup().await else { return };
    let mut app = Installation::new(&keychain, &server.url());
    app.register_and_unlock(&card).await;
    let t0 = Instant::now();
    app.account.went_to_background(t0);
    assert!(!app.account.came_to_foreground(t0 + Duration::from_secs(4 * 60 + 59)).await);
    assert!(app.account.is_logged_in().await);
    app.account.went_to_background(t0);
    assert!(app.account.came_to_foreground(t0 + Duration::from_secs(5 * 60)).await);
    assert!(!app.account.is_logged_in().await && !app.account.is_cache_open().await);
    app.cleanup();
}

#[tokio::test]
async fn a_code_card_login_on_a_shared_computer_stores_nothing() {
    let Some((server, card, keychain)) = setup().await else { return };
    let app = Installation::new(&keychain, &server.url());
    card.log_in(&app.account).await;
    assert_eq!(app.account.me().await.unwrap().patient.given_name, "An");
    assert!(app.record_json().is_none(), "no keychain entry");
    assert!(walk(app.data_dir.path()).is_empty(), "no file");
    // The reports of this session are kept in memory only.
    app.account.sync_reports(|_| {}).await.unwrap();
    assert!(app.account.is_cache_open().await);
    assert!(walk(app.data_dir.path()).is_empty(), "still no file after a sync");
    // Closing the app logs out (the shell calls this on exit) and drops them.
    app.account.logout().await;
    assert!(!app.account.is_cache_open().await);
    assert!(matches!(app.account.me().await, Err(CoreError::NotLoggedIn)));
}
