//! The app as a patient and as a thief find it, in the real app: five PIN guesses in all
//! with and without a connection, then the device forgets everything; offline errors that
//! say "no connection" and a login by itself when the server is back; a full disk during
//! an update; every screen read whole at phone and desktop size in Dutch, French and
//! English, with the focus where one types, and search that finds lab tests and ignores
//! accents.

use std::time::Duration;

use dossier_e2e::E2e;
use dossier_test_kit::SmallDisk;
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";
const WRONG: &str = "503816";

async fn register(e2e: &E2e, user_name: &str) -> anyhow::Result<()> {
    dossier_test_kit::logs::record_secrets([WRONG]);
    e2e.register_device(user_name, PIN, WAIT).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thief_gets_five_pin_guesses_in_all_then_the_device_forgets_everything()
-> anyhow::Result<()> {
    let mut e2e = E2e::start("thief").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    register(&e2e, "an.peeters").await?;
    let cache = e2e.app_data_dir().join("cache");
    assert!(cache.join("reports.sqlite3").exists());

    // Two guesses with the server, two without (restarting in between), one with it again.
    for tries_left in ["4 tries left", "3 tries left"] {
        e2e.restart_app().await?;
        e2e.enter_pin(WRONG, WAIT).await?;
        e2e.wait_for_text(".form-error", tries_left, WAIT).await?;
    }
    e2e.stop_server().await?;
    for tries_left in ["2 tries left", "1 try left"] {
        e2e.restart_app().await?;
        e2e.enter_pin(WRONG, WAIT).await?;
        e2e.wait_for_text(".form-error", tries_left, WAIT).await?;
    }
    e2e.look("1-last-try", "en").await?;
    e2e.restart_server().await?;
    e2e.restart_app().await?;
    e2e.enter_pin(WRONG, WAIT).await?;
    e2e.wait_for("#gone-title", WAIT).await?;
    assert_eq!(e2e.text("#gone-title").await?, "This device is blocked");
    // Before the screen said so, the keys and the reports were gone.
    assert!(!cache.exists(), "the cache is deleted");
    e2e.look_in_every_language("2-blocked").await?;
    // The app no longer opens on the PIN screen: nothing is left to guess against.
    e2e.restart_app().await?;
    e2e.wait_for("#welcome-title", WAIT).await?;
    assert_eq!(e2e.count("#pin").await?, 0);
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_the_app_says_no_connection_and_logs_in_by_itself_when_the_server_is_back()
-> anyhow::Result<()> {
    let mut e2e = E2e::start("offline").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    register(&e2e, "an.peeters").await?;
    e2e.stop_server().await?;
    e2e.restart_app().await?;
    e2e.enter_pin(PIN, WAIT).await?;
    e2e.wait_for("#offline-banner", WAIT).await?;
    assert_eq!(e2e.count("#home-user").await?, 0, "offline, nobody is 'logged in as'");
    e2e.look_in_every_language("1-offline-home").await?;

    e2e.click("#go-reports").await?;
    e2e.wait_for(".report-item", WAIT).await?;
    e2e.click("#sync-now").await?;
    e2e.wait_for_text(".form-error", "No connection", WAIT).await?;
    let said = e2e.text(".form-error").await?;
    assert!(!said.contains("session"), "not 'your session has ended': {said}");
    e2e.look_in_every_language("2-update-offline").await?;
    e2e.click("#go-hospitals").await?;
    e2e.wait_for_text(".form-error", "No connection", WAIT).await?;
    e2e.look("3-hospitals-offline", "en").await?;
    e2e.click("#back").await?;

    // The server answers again: the app logs in by itself (no PIN asked) and updates.
    e2e.restart_server().await?;
    e2e.wait_for_text("#sync-status", "Last updated", Duration::from_secs(60)).await?;
    assert_eq!(e2e.count("#pin").await?, 0, "no PIN asked again");
    e2e.click("#go-hospitals").await?;
    e2e.wait_for("#hospital-list", WAIT).await?;
    e2e.look("4-back-online-hospitals", "en").await?;
    e2e.finish().await
}

/// Room for a registration and an empty cache (its tables: reports, the access log, the
/// documents of appointments, invoices and details, each a 16 KiB page or two), not for a
/// record's reports.
const DISK_SIZE: &str = "512k";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_stops_the_update_says_how_much_to_free_and_resumes() -> anyhow::Result<()> {
    let e2e = E2e::start("disk-full").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    let Some(disk) = SmallDisk::mount(&e2e.app_data_dir().join("cache"), DISK_SIZE) else {
        return e2e.finish().await;
    };
    // Jan's record alone (he holds no link): room to register, not for his reports.
    register(&e2e, "jan.janssens").await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for("#sync-status", WAIT).await?;
    e2e.click("#sync-now").await?;
    e2e.wait_for_text(".form-error", "storage is full", WAIT).await?;
    let said = e2e.text(".form-error").await?;
    assert!(said.contains("Free at least") && said.contains("MB"), "{said}");
    let status = e2e.text("#sync-status").await?;
    assert!(status.contains("Not updated yet"), "no update is said to be complete: {status}");
    e2e.look_in_every_language("1-storage-full").await?;
    // Room again: "Update now" brings everything in.
    disk.grow("64m")?;
    e2e.click("#sync-now").await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    assert_eq!(e2e.count(".report-item").await?, 100, "the newest hundred");
    e2e.wait_for("#reports-more", WAIT).await?;
    e2e.look("2-resumed", "en").await?;
    drop(disk);
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_reads_whole_with_the_focus_where_one_types_and_search_finds_lab_tests()
-> anyhow::Result<()> {
    let mut e2e = E2e::start("screens").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.look_in_every_language("01-welcome").await?;
    e2e.click("#go-login").await?;
    e2e.wait_for("#login-title", WAIT).await?;
    e2e.wait_for_focus("user-name").await?;
    e2e.look_in_every_language("02-login").await?;
    let card = e2e.card("an.peeters");
    e2e.fill("user-name", &card.user_name).await?;
    e2e.fill("password", card.password.expose()).await?;
    e2e.click("#login-next").await?;
    e2e.wait_for("#code-title", WAIT).await?;
    e2e.wait_for_focus("code").await?;
    assert_eq!(e2e.text(".code-cell-asked .code-cell-code").await?, "??????", "six marks");
    e2e.look_in_every_language("03-code").await?;
    let index = e2e.asked_code_index().await?;
    e2e.fill("code", card.code(index).expose()).await?;
    e2e.click("#code-submit").await?;
    e2e.wait_for("#register-title", WAIT).await?;
    e2e.wait_for_focus("new-pin").await?;
    e2e.look_in_every_language("04-register").await?;
    e2e.fill("new-pin", PIN).await?;
    e2e.fill("repeat-pin", PIN).await?;
    e2e.click("#register-submit").await?;
    e2e.wait_for("#home-title", WAIT).await?;
    e2e.look_in_every_language("05-home").await?;

    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    e2e.look_in_every_language("06-reports").await?;
    // Search finds lab tests by name, and ignores accents and case.
    // "Hémoglobine" and "Cholestérol total" in the French hospital's lab tables, "bilan
    // hépatique" in its titles.
    for typed in ["hemoglobine", "CHOLESTEROL", "hepatique"] {
        e2e.fill("search", typed).await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        let found = e2e.count(".report-item").await?;
        assert!(found >= 1, "{typed:?} finds nothing");
    }
    e2e.fill("search", "hemoglobine").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    e2e.look_in_every_language("07-search").await?;
    e2e.click(".report-item").await?;
    e2e.wait_for("#lab-table", WAIT).await?;
    e2e.look_in_every_language("08-lab-report").await?;
    if e2e.count("tr.out-of-range").await? > 0 {
        assert!(e2e.text("#lab-legend").await?.contains("above the reference range"));
    }
    e2e.click("#back").await?;
    e2e.wait_for("#go-hospitals", WAIT).await?;
    e2e.click("#go-hospitals").await?;
    e2e.wait_for("#hospital-list", WAIT).await?;
    e2e.look_in_every_language("09-hospitals").await?;
    e2e.click("#back").await?;
    e2e.wait_for("#back", WAIT).await?;
    e2e.click("#back").await?;

    e2e.wait_for("#go-settings", WAIT).await?;
    e2e.click("#go-settings").await?;
    e2e.wait_for("#settings-title", WAIT).await?;
    e2e.look_in_every_language("10-settings").await?;
    // Unregistering asks once, in plain words; cancel changes nothing.
    e2e.click("#unregister").await?;
    e2e.wait_for("#unregister-question", WAIT).await?;
    assert!(e2e.text("#unregister-question").await?.contains("deleted"));
    e2e.look("11-unregister-asked", "en").await?;
    e2e.click("#unregister-cancel").await?;
    e2e.wait_for("#unregister", WAIT).await?;
    e2e.click("#go-devices").await?;
    e2e.wait_for_text("#device-list", "This device", WAIT).await?;
    e2e.look_in_every_language("12-devices").await?;

    // Back to the PIN: the app opens on it at once (no Welcome screen flashing first), with
    // the focus in the field.
    e2e.restart_app().await?;
    let first = e2e.client.find(Locator::Css("h1")).await?;
    assert_eq!(first.attr("id").await?.as_deref(), Some("pin-title"));
    e2e.wait_for("#pin", WAIT).await?;
    e2e.wait_for_focus("pin").await?;
    let pin = e2e.client.find(Locator::Id("pin")).await?;
    assert_eq!(pin.attr("inputmode").await?.as_deref(), Some("numeric"), "phone keypad");
    e2e.look_in_every_language("13-pin").await?;
    e2e.finish().await
}
