//! "Access" in the real app: the demo patient An opens it from her reports, sees who may
//! see her record, objects to her GP (confirmed first); the GP then tries to open her record
//! through the staff command `dossier-server admin provider-open` with a key from
//! `issue-provider-key`, and is refused; after an update the refusal is the newest entry of
//! "Who looked at my record", and the break-the-glass opening of the demo stands out with
//! its justification. Screenshots at phone and desktop size in NL, FR and EN.

use std::time::Duration;

use dossier_e2e::{DESKTOP, E2e, PHONE};
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";
const GP_NIHDI: &str = "1-00476-32-004";
const AN_EAD: &str = "10482231";

/// Scrolls `css` to the top of the window, for the screenshots.
async fn scroll_to(e2e: &E2e, css: &str) -> anyhow::Result<()> {
    let script = format!("document.querySelector('{css}').scrollIntoView()");
    e2e.client.execute(&script, vec![]).await?;
    Ok(())
}

/// Screenshots at phone and desktop size with `css` at the top of the window (a resize
/// moves what is in view, so the element is scrolled to after it).
async fn shoot_at(e2e: &E2e, css: &str, label: &str) -> anyhow::Result<()> {
    for (size, name) in [(PHONE, "phone"), (DESKTOP, "desktop")] {
        e2e.screenshot(&format!("{label}-{name}"), size).await?;
        scroll_to(e2e, css).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        e2e.screenshot(&format!("{label}-{name}"), size).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_objects_to_her_gp_who_is_refused_and_sees_it_in_the_log() -> anyhow::Result<()> {
    let e2e = E2e::start("access").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("an.peeters", PIN, WAIT).await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.click("#go-care-access").await?;

    // Who may see her record: the care teams, her GP, a referrer, the exclusions.
    e2e.wait_for("#gp[data-objected=false]", WAIT).await?;
    assert!(e2e.text("#gp").await?.contains("Dr. Luc Wouters"));
    assert!(!e2e.text("#care-teams").await?.is_empty());
    assert!(e2e.client.find(Locator::Css("#referrers .referrer")).await.is_ok());
    let exclusions = e2e.text("#exclusions").await?;
    assert!(exclusions.contains("www.ehealth.fgov.be"), "{exclusions}");
    e2e.wait_for(".exclusion[data-source=hospital] .button-danger", WAIT).await?;
    assert!(
        e2e.client
            .find(Locator::Css(".exclusion[data-source=ehealth] .button-danger"))
            .await
            .is_err(),
        "an eHealth exclusion is not stopped here"
    );
    e2e.look_in_every_language("access-1-who-may").await?;

    // Her GP's card, then the question before she objects: it stays open through a change
    // of language, and says the same in each.
    scroll_to(&e2e, "#gp").await?;
    e2e.look_in_every_language("access-2-gp").await?;
    scroll_to(&e2e, "#gp").await?;
    e2e.click("#gp-change").await?;
    e2e.wait_for("#gp-change-confirm", WAIT).await?;
    assert!(e2e.text("#gp-change-question").await?.contains("Dr. Luc Wouters"));
    for (language, asked) in [("nl", "Bezwaar maken?"), ("fr", "Vous y opposer"), ("en", "Object?")]
    {
        e2e.click(&format!("#language-{language}")).await?;
        e2e.wait_for_text("#gp-change-question", asked, WAIT).await?;
        scroll_to(&e2e, "#gp").await?;
        e2e.look("access-3-object-question", language).await?;
    }
    shoot_at(&e2e, "#gp", "access-3-object-question-en-top").await?;
    e2e.click("#gp-change-confirm").await?;
    e2e.wait_for("#gp[data-objected=true]", WAIT).await?;
    assert!(e2e.text("#gp-status").await?.contains("You objected"));

    // The GP tries, through the staff command: refused.
    let key = e2e.staff(&["issue-provider-key", "--nihdi", GP_NIHDI], &[]).await?;
    let url = e2e.server_url();
    let open = ["provider-open", "--url", url.as_str(), "--ead-number", AN_EAD];
    let answer = e2e.staff(&open, &[("DOSSIER_PROVIDER_KEY", key.as_str())]).await?;
    assert!(answer.starts_with("refused"), "{answer}");

    // Who looked: after an update, the refusal is the newest entry, then her objection.
    e2e.update_access_log(WAIT).await?;
    e2e.wait_for("#log-entries .log-entry:first-child.log-refused", WAIT).await?;
    let newest = e2e.text("#log-entries .log-entry:first-child").await?;
    assert!(newest.contains("Dr. Luc Wouters"), "{newest}");
    assert!(newest.contains("you objected to your GP"), "{newest}");
    let second = e2e.text("#log-entries .log-entry:nth-child(2)").await?;
    assert!(second.contains("Objected to Dr. Luc Wouters"), "{second}");
    e2e.look_in_every_language("access-4-who-did").await?;
    for language in ["nl", "fr", "en"] {
        e2e.click(&format!("#language-{language}")).await?;
        shoot_at(&e2e, "#log-count", &format!("access-4-who-did-{language}-top")).await?;
    }

    // Filtered to emergency access: the demo's break-the-glass entry, with its reason.
    e2e.click("#log-kind option[value=care-kind-glass]").await?;
    e2e.wait_for("#log-entries .log-glass .justification", WAIT).await?;
    let listed = e2e.client.find_all(Locator::Css("#log-entries .log-entry")).await?;
    let glass = e2e.client.find_all(Locator::Css("#log-entries .log-glass")).await?;
    assert_eq!(listed.len(), glass.len(), "only emergency access is listed");
    e2e.look_in_every_language("access-5-break-the-glass").await?;

    // And back: she allows her GP again.
    e2e.click("#tab-who-may").await?;
    e2e.wait_for("#gp-change", WAIT).await?;
    e2e.click("#gp-change").await?;
    e2e.click("#gp-change-confirm").await?;
    e2e.wait_for("#gp[data-objected=false]", WAIT).await?;
    e2e.finish().await
}
