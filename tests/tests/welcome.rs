//! The first screen, as a patient sees it: connected, in three languages, at phone and
//! desktop size, and what happens when the server goes away and comes back.

use std::time::Duration;

use dossier_e2e::E2e;

const CONNECT_WAIT: Duration = Duration::from_secs(30);
/// The app checks every 10 s; a check may take up to its own timeout on top.
const OFFLINE_WAIT: Duration = Duration::from_secs(40);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_opens_on_the_welcome_screen_connected_to_the_server() -> anyhow::Result<()> {
    let e2e = E2e::start("connected").await?;
    e2e.wait_for("[data-state=connected]", CONNECT_WAIT).await?;

    assert_eq!(e2e.text("h1").await?, "Welcome to Dossier");
    let status = e2e.text("#connection-status").await?;
    assert!(status.contains("Connected to the hospital server"), "{status}");
    assert!(status.contains(concat!("Server version ", env!("CARGO_PKG_VERSION"))), "{status}");
    // Nothing to retry while connected.
    assert!(e2e.client.find(fantoccini::Locator::Css("#connection-retry")).await.is_err());

    e2e.look("welcome", "en").await?;
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_language_changes_the_visible_text() -> anyhow::Result<()> {
    let e2e = E2e::start("language").await?;
    e2e.wait_for("[data-state=connected]", CONNECT_WAIT).await?;

    e2e.click("#language-nl").await?;
    assert_eq!(e2e.text("h1").await?, "Welkom bij Dossier");
    assert!(e2e.text("#connection-status").await?.contains("Verbonden met de ziekenhuisserver"));
    let pressed = e2e.client.find(fantoccini::Locator::Css("#language-nl")).await?;
    assert_eq!(pressed.attr("aria-pressed").await?.as_deref(), Some("true"));
    let html = e2e.client.find(fantoccini::Locator::Css("html")).await?;
    assert_eq!(html.attr("lang").await?.as_deref(), Some("nl"));
    e2e.look("welcome", "nl").await?;

    e2e.click("#language-fr").await?;
    assert_eq!(e2e.text("h1").await?, "Bienvenue dans Dossier");
    assert!(e2e.text("#connection-status").await?.contains("Connecté au serveur de l’hôpital"));
    e2e.look("welcome", "fr").await?;

    e2e.click("#language-en").await?;
    assert_eq!(e2e.text("h1").await?, "Welcome to Dossier");
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_server_the_app_says_no_connection_and_recovers() -> anyhow::Result<()> {
    let mut e2e = E2e::start("offline").await?;
    e2e.wait_for("[data-state=connected]", CONNECT_WAIT).await?;

    e2e.stop_server().await?;
    e2e.wait_for("[data-state=offline]", OFFLINE_WAIT).await?;
    let status = e2e.text("#connection-status").await?;
    assert!(status.contains("No connection"), "{status}");
    assert!(status.contains("Check your internet connection"), "{status}");
    e2e.look("offline", "en").await?;

    // Trying again while the server is still down keeps the clear message; no crash.
    e2e.click("#connection-retry").await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    e2e.wait_for("[data-state=offline]", CONNECT_WAIT).await?;
    assert!(e2e.app_responds().await, "the app stopped answering");

    for language in ["nl", "fr"] {
        e2e.click(&format!("#language-{language}")).await?;
        e2e.look("offline", language).await?;
    }
    assert!(e2e.text("#connection-status").await?.contains("Pas de connexion"));

    // The hospital is back: "Try again" connects at once.
    e2e.restart_server().await?;
    e2e.click("#connection-retry").await?;
    e2e.wait_for("[data-state=connected]", CONNECT_WAIT).await?;
    assert!(e2e.text("#connection-status").await?.contains("Connecté au serveur de l’hôpital"));
    e2e.finish().await
}
