//! Personal details in the real app: the demo patient An opens hers from her home screen,
//! saves a wrong postal code and phone number and reads each problem under its field,
//! corrects them, chooses her GP from the directory, saves, and finds the changes in the
//! history; then turns off the "something new" e-mail in the settings. In Jan's record
//! (she is his trusted person) she reads his details but gets no form. Screenshots at phone
//! and desktop size in NL, FR and EN.

use std::time::Duration;

use dossier_e2e::E2e;
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

async fn checked(e2e: &E2e, css: &str) -> anyhow::Result<bool> {
    let field = e2e.client.find(Locator::Css(css)).await?;
    Ok(field.prop("checked").await?.as_deref() == Some("true"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_corrects_her_details_field_by_field_and_reads_jans() -> anyhow::Result<()> {
    let e2e = E2e::start("details").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("an.peeters", PIN, WAIT).await?;
    e2e.click("#go-details").await?;
    e2e.wait_for("#details-form", WAIT).await?;
    assert!(e2e.text("#details-name").await?.contains("An Peeters"));
    assert!(e2e.text("#desk-details").await?.contains("-xxx.xx"), "the register number masked");
    e2e.look_in_every_language("details-1-form").await?;

    // Two wrong fields: each says what is wrong, under it; nothing is saved.
    e2e.fill("details-postal-code", "30").await?;
    e2e.fill("details-phone", "12").await?;
    e2e.click("#details-save").await?;
    e2e.wait_for_text("#details-postal-code-error", "four digits", WAIT).await?;
    assert!(e2e.text("#details-phone-error").await?.contains("phone number"));
    assert!(e2e.text("#details-street-error").await?.is_empty());
    assert!(e2e.text("#details-history").await?.contains("Nothing was changed"));
    e2e.look("details-2-errors", "en").await?;

    // Corrected, with her GP from the directory: saved, and in the history.
    e2e.fill("details-postal-code", "3000").await?;
    e2e.fill("details-phone", "0470 12 34 56").await?;
    e2e.fill("details-gp-search", "wouters").await?;
    e2e.click("#details-gp-find").await?;
    e2e.wait_for("#details-gp-results .gp-result", WAIT).await?;
    e2e.click("#details-gp-results .gp-result").await?;
    e2e.wait_for_text("#details-gp-current", "Dr. Luc Wouters", WAIT).await?;
    e2e.click("#details-save").await?;
    e2e.wait_for("#details-saved", WAIT).await?;
    e2e.wait_for("#details-history .history-entry[data-field=phone]", WAIT).await?;
    let history = e2e.text("#details-history").await?;
    assert!(history.contains("+32 470 12 34 56") && history.contains("By An Peeters"), "{history}");
    e2e.look_in_every_language("details-3-saved").await?;

    // The e-mail settings: "something new" off, saved at once.
    e2e.click("#back").await?;
    e2e.wait_for("#go-settings", WAIT).await?;
    e2e.click("#go-settings").await?;
    e2e.wait_for("#notify-something-new:not([disabled])", WAIT).await?;
    assert!(checked(&e2e, "#notify-something-new").await?, "on by default");
    e2e.click("#notify-something-new").await?;
    e2e.wait_for("#notifications-saved", WAIT).await?;
    assert!(!checked(&e2e, "#notify-something-new").await?);
    assert!(checked(&e2e, "#notify-reminder").await?);
    e2e.look_in_every_language("details-4-notifications").await?;

    // Jan's record: she reads his details, no form.
    e2e.click("#back").await?;
    e2e.switch_to("Jan", WAIT).await?;
    e2e.wait_for_text("#record-banner", "Jan", WAIT).await?;
    e2e.click("#go-details").await?;
    e2e.wait_for("#contact-read-only", WAIT).await?;
    assert!(e2e.client.find(Locator::Id("details-form")).await.is_err());
    assert!(e2e.text("#details-title").await?.contains("Jan"));
    e2e.look("details-5-read-only", "en").await?;
    e2e.finish().await
}
