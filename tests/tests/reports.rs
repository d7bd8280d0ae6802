//! Reports in the real app: PIN, the list grouped by month, a filter, a lab report with
//! its table, then without the server: the same reports from the device, with the offline
//! banner.

use std::time::Duration;

use dossier_e2e::{DESKTOP, E2e, PHONE};
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

async fn register(e2e: &E2e, user_name: &str) -> anyhow::Result<()> {
    let card = e2e.card(user_name);
    e2e.click("#go-login").await?;
    e2e.fill("user-name", &card.user_name).await?;
    e2e.fill("password", card.password.expose()).await?;
    e2e.click("#login-next").await?;
    e2e.wait_for("#code-title", WAIT).await?;
    let heading = e2e.text("#code-title").await?;
    let index: u8 = heading.rsplit(' ').next().unwrap_or_default().parse()?;
    e2e.fill("code", card.code(index).expose()).await?;
    e2e.click("#code-submit").await?;
    e2e.wait_for("#register-title", WAIT).await?;
    e2e.fill("new-pin", PIN).await?;
    e2e.fill("repeat-pin", PIN).await?;
    e2e.click("#register-submit").await?;
    e2e.wait_for("#home-title", WAIT).await?;
    Ok(())
}

async fn count(e2e: &E2e, css: &str) -> anyhow::Result<usize> {
    Ok(e2e.client.find_all(Locator::Css(css)).await?.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_filter_open_a_lab_report_then_read_offline() -> anyhow::Result<()> {
    let mut e2e = E2e::start("reports").await?;
    dossier_server::test_support::record_secrets([PIN]);
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    register(&e2e, "an.peeters").await?;

    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    let all = count(&e2e, ".report-item").await?;
    assert!(all > 100, "{all} reports listed");
    assert!(count(&e2e, ".month-heading").await? > 10, "grouped by month");
    e2e.screenshot("1-list-desktop", DESKTOP).await?;
    e2e.screenshot("1-list-phone", PHONE).await?;

    e2e.click("#filter-type option[value=lab_result]").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let labs = count(&e2e, ".report-item").await?;
    assert!(labs > 10 && labs < all, "{labs} of {all}");
    e2e.fill("search", "lipid").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let searched = count(&e2e, ".report-item").await?;
    assert!(searched >= 1 && searched < labs, "{searched} of {labs}");
    e2e.screenshot("2-filtered-phone", PHONE).await?;

    e2e.click(".report-item").await?;
    e2e.wait_for("#lab-table", WAIT).await?;
    assert!(e2e.text("#report-title").await?.contains("Lipid"));
    assert!(e2e.text("#lab-table").await?.to_lowercase().contains("reference range"));
    e2e.screenshot("3-lab-report-desktop", DESKTOP).await?;
    e2e.screenshot("3-lab-report-phone", PHONE).await?;

    // Without the server: restart, PIN, the same reports from the device.
    e2e.stop_server().await?;
    e2e.restart_app().await?;
    e2e.wait_for("#pin", WAIT).await?;
    e2e.fill("pin", PIN).await?;
    e2e.click("#pin-submit").await?;
    e2e.wait_for("#offline-banner", WAIT).await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Offline — last updated", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    assert_eq!(count(&e2e, ".report-item").await?, all);
    e2e.screenshot("4-offline-list-phone", PHONE).await?;
    e2e.click(".report-item").await?;
    e2e.wait_for("#report-body", WAIT).await?;
    e2e.finish().await
}
