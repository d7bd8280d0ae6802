//! Device registration and PIN login in the real app, with its keys in the real Secret
//! Service: code card, name the device, PIN twice, restart, PIN screen, a wrong PIN with
//! the tries left, the right PIN, home; then five wrong PINs, blocked, register again.

use std::time::Duration;

use dossier_e2e::E2e;

const WAIT: Duration = Duration::from_secs(30);
const PIN: &str = "284719";

async fn code_card_login(e2e: &E2e, user_name: &str) -> anyhow::Result<()> {
    e2e.code_card_login(user_name, WAIT).await
}

/// The PINs typed in these tests: the log audit checks none of them reached a log.
fn record_pins() {
    dossier_test_kit::logs::record_secrets([PIN, "503816", "907135"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_restart_and_open_with_the_pin_then_block_and_register_again() -> anyhow::Result<()>
{
    let mut e2e = E2e::start("device").await?;
    record_pins();
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    code_card_login(&e2e, "an.peeters").await?;

    e2e.wait_for("#register-title", WAIT).await?;
    e2e.look("1-register", "en").await?;
    e2e.fill("device-name", "An's laptop").await?;
    e2e.fill("new-pin", "123456").await?;
    e2e.fill("repeat-pin", "123456").await?;
    e2e.click("#register-submit").await?;
    e2e.wait_for_text(".form-error", "not a run such as 123456", WAIT).await?;
    e2e.look("2-register-refused", "en").await?;
    e2e.fill("new-pin", PIN).await?;
    e2e.fill("repeat-pin", PIN).await?;
    e2e.click("#register-submit").await?;
    e2e.wait_for_text("#home-title", "Record of An Peeters", WAIT).await?;
    assert_eq!(e2e.text("#logout").await?, "Lock");

    e2e.restart_app().await?;
    e2e.wait_for("#pin-title", WAIT).await?;
    assert!(e2e.text("#pin-device").await?.contains("An's laptop"));
    e2e.look("3-pin", "en").await?;
    e2e.usable_with_keyboard("pin", "pin-submit").await?;
    e2e.enter_pin("503816", WAIT).await?;
    e2e.wait_for_text(".form-error", "Wrong PIN, 4 tries left.", WAIT).await?;
    e2e.look("4-wrong-pin", "en").await?;
    e2e.enter_pin(PIN, WAIT).await?;
    e2e.wait_for_text("#home-title", "Record of An Peeters", WAIT).await?;
    e2e.look("5-home", "en").await?;

    // My devices lists this one.
    e2e.click("#go-settings").await?;
    e2e.click("#go-devices").await?;
    e2e.wait_for_text("#device-list", "This device", WAIT).await?;
    // Each device says when it was registered (two registrations of one computer differ).
    assert!(e2e.text("#device-list").await?.contains("Registered on"));
    e2e.look("6-devices", "en").await?;

    // Lock, then five wrong PINs: blocked.
    e2e.click("#back").await?;
    e2e.click("#back").await?;
    e2e.click("#logout").await?;
    for tries_left in [4, 3, 2, 1] {
        e2e.enter_pin("503816", WAIT).await?;
        let expected = if tries_left == 1 {
            "1 try left".to_owned()
        } else {
            format!("{tries_left} tries left")
        };
        e2e.wait_for_text(".form-error", &expected, WAIT).await?;
    }
    e2e.enter_pin("503816", WAIT).await?;
    e2e.wait_for("#gone-title", WAIT).await?;
    assert_eq!(e2e.text("#gone-title").await?, "This device is blocked");
    e2e.look("7-blocked", "en").await?;

    // Register again with the code card.
    e2e.click("#register-again").await?;
    code_card_login(&e2e, "an.peeters").await?;
    e2e.wait_for_text("#register-title", "Register this device again", WAIT).await?;
    e2e.fill("new-pin", "907135").await?;
    e2e.fill("repeat-pin", "907135").await?;
    e2e.click("#register-submit").await?;
    e2e.wait_for_text("#home-title", "Record of An Peeters", WAIT).await?;
    e2e.restart_app().await?;
    e2e.enter_pin("907135", WAIT).await?;
    e2e.wait_for_text("#home-title", "Record of An Peeters", WAIT).await?;
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_connection_the_pin_opens_what_is_saved() -> anyhow::Result<()> {
    let mut e2e = E2e::start("device-offline").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    code_card_login(&e2e, "marc.dubois").await?;
    e2e.wait_for("#register-title", WAIT).await?;
    e2e.fill("new-pin", PIN).await?;
    e2e.fill("repeat-pin", PIN).await?;
    e2e.click("#register-submit").await?;
    e2e.wait_for("#home-title", WAIT).await?;

    e2e.stop_server().await?;
    e2e.restart_app().await?;
    e2e.click("#language-fr").await?;
    e2e.enter_pin(PIN, WAIT).await?;
    e2e.wait_for("#offline-banner", WAIT).await?;
    assert_eq!(e2e.text("#home-title").await?, "Dossier de Marc Dubois");
    e2e.look("1-offline-home", "fr").await?;
    e2e.finish().await
}
