//! Linked records in the real app: the demo parent Els logs in, sees her two children under
//! 15 in the switcher (not the daughter who turned 15), switches to one, sees the banner on
//! every screen, gets only that child's reports (search too) and who may see the child's
//! record (herself, as parent, and her openings in its log), switches back; the lock keeps
//! the choice. Screenshots at phone and desktop size in NL, FR and EN.

use std::{collections::HashSet, time::Duration};

use dossier_e2e::E2e;
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

async fn listed_reports(e2e: &E2e) -> anyhow::Result<HashSet<String>> {
    let mut ids = HashSet::new();
    for item in e2e.client.find_all(Locator::Css(".report-item")).await? {
        if let Some(id) = item.attr("data-report").await? {
            ids.insert(id);
        }
    }
    Ok(ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_switches_to_a_child_and_back_and_the_records_never_mix() -> anyhow::Result<()> {
    let mut e2e = E2e::start("linked-records").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("els.vandenbroeck", PIN, WAIT).await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    let hers = listed_reports(&e2e).await?;
    e2e.click("#back").await?;

    // The switcher: her own record first, then the two children under 15; not Noor, who
    // turned 15 (her record is hers now).
    e2e.wait_for("#go-records", WAIT).await?;
    e2e.click("#go-records").await?;
    e2e.wait_for("#record-list", WAIT).await?;
    let listed = e2e.text("#record-list").await?;
    assert!(listed.contains("your own record"), "{listed}");
    assert!(listed.contains("your child Lotte") && listed.contains("your child Wout"), "{listed}");
    assert!(!listed.contains("Noor"), "{listed}");
    let first = e2e.text("#record-list .record").await?;
    assert!(first.contains("Els"), "own record first: {first}");
    e2e.look_in_every_language("1-switcher").await?;

    e2e.switch_to("Lotte", WAIT).await?;
    e2e.wait_for_text("#record-banner", "your child Lotte", WAIT).await?;
    assert!(e2e.text("#home-title").await?.contains("Lotte"));
    e2e.look_in_every_language("2-child-home").await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for(".report-item", WAIT).await?;
    assert!(e2e.text("#record-banner").await?.contains("Lotte"), "the banner on every screen");
    let lottes = listed_reports(&e2e).await?;
    assert!(!lottes.is_empty());
    assert!(lottes.is_disjoint(&hers), "a child's list holds none of the parent's reports");
    e2e.look_in_every_language("3-child-reports").await?;
    // Search stays within the child's record.
    e2e.fill("search", "consult").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let found = listed_reports(&e2e).await?;
    assert!(found.is_subset(&lottes), "search found another record's reports");
    e2e.fill("search", "").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    // A lab report of hers: the table of values, under the banner.
    e2e.click("#filter-type option[value=lab_result]").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(listed_reports(&e2e).await?.is_subset(&lottes));
    e2e.click(".report-item").await?;
    e2e.wait_for("#lab-table", WAIT).await?;
    assert!(e2e.text("#record-banner").await?.contains("Lotte"));
    e2e.look("4-child-report", "en").await?;

    // "Access" of Lotte's record: who holds a link to it (Els, as parent), and her opening
    // of it in the log, under the banner.
    e2e.click("#back").await?;
    e2e.wait_for("#go-care-access", WAIT).await?;
    e2e.click("#go-care-access").await?;
    e2e.wait_for("#care-links .card", WAIT).await?;
    let links = e2e.text("#care-links").await?;
    assert!(links.contains("Els Van den Broeck") && links.contains("Parent"), "{links}");
    assert!(e2e.text("#record-banner").await?.contains("Lotte"));
    // Her record is spoken of as hers, by name, never as the parent's own, in every language.
    for (language, as_if_own) in [
        ("nl", ["mijn dossier", "uw dossier", "uw huisarts", "u behandelen"]),
        ("fr", ["mon dossier", "votre dossier", "votre médecin", "vous soignent"]),
        ("en", ["my record", "your record", "your gp", "treating you"]),
    ] {
        e2e.click(&format!("#language-{language}")).await?;
        e2e.wait_for_text("#tab-who-may", "Lotte", WAIT).await?;
        let screen = e2e.text(".care-access").await?.to_lowercase();
        for words in as_if_own {
            assert!(!screen.contains(words), "{language}: \"{words}\" in {screen}");
        }
    }
    e2e.look_in_every_language("5-child-access").await?;
    e2e.click("#tab-who-did").await?;
    e2e.wait_for_text("#log-entries", "Els Van den Broeck", WAIT).await?;
    let log = e2e.text("#log-entries").await?;
    assert!(log.contains("through a link to Lotte's record"), "{log}");
    e2e.look("6-child-access-log", "en").await?;

    // Back to her own record: no banner, her reports.
    e2e.click("#back-to-own").await?;
    e2e.wait_for_text("#home-title", "Els", WAIT).await?;
    assert!(e2e.client.find(Locator::Id("record-banner")).await.is_err());
    e2e.click("#go-reports").await?;
    e2e.wait_for(".report-item", WAIT).await?;
    assert_eq!(listed_reports(&e2e).await?, hers);
    e2e.click("#back").await?;

    // The lock keeps the choice: Wout is shown again after the PIN.
    e2e.switch_to("Wout", WAIT).await?;
    e2e.wait_for_text("#record-banner", "Wout", WAIT).await?;
    e2e.click("#logout").await?;
    e2e.wait_for("#pin", WAIT).await?;
    e2e.fill("pin", PIN).await?;
    e2e.click("#pin-submit").await?;
    e2e.wait_for_text("#record-banner", "Wout", WAIT).await?;
    assert!(e2e.text("#home-title").await?.contains("Wout"));
    e2e.restart_app().await?;
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_asks_for_a_childs_record_and_names_then_revokes_a_trusted_person()
-> anyhow::Result<()> {
    let e2e = E2e::start("link-requests").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("els.vandenbroeck", PIN, WAIT).await?;
    // Her youngest, just registered at the hospital.
    let born = dossier_server::clock::date(2021, 5, 3);
    let number = dossier_api::NationalRegisterNumber::for_birth_date(2021, 5, 3, 212)?;
    dossier_test_kit::logs::record_secrets([number.digits()]);
    let fien = dossier_server::patients::NewPatient {
        ead_number: "12104471".into(),
        national_register_number: Some(number.clone()),
        given_name: "Fien".into(),
        family_name: "Van den Broeck".into(),
        date_of_birth: born,
        date_of_death: None,
        email: None,
        street: "Grote Markt 27".into(),
        postal_code: "3300".into(),
        city: "Tienen".into(),
        country: "BE".into(),
        language: dossier_api::Language::Nl,
    };
    dossier_server::staff::register_patient(e2e.server_state(), &fien).await?;

    // She asks from the app: first forgetting the statement, then whole.
    e2e.wait_for("#go-ask-for-child-home", WAIT).await?;
    e2e.click("#go-ask-for-child-home").await?;
    e2e.wait_for("#ask-form", WAIT).await?;
    e2e.fill("child-given-name", "Fien").await?;
    e2e.fill("child-family-name", "Van den Broeck").await?;
    e2e.set_value("child-born", "2021-05-03").await?;
    e2e.fill("child-register-number", number.digits()).await?;
    e2e.click("#ask-submit").await?;
    e2e.wait_for_text(".form-error", "parental authority", WAIT).await?;
    e2e.click("#parental-authority").await?;
    e2e.look_in_every_language("5-ask-form").await?;
    e2e.click("#ask-submit").await?;
    e2e.wait_for_text("#link-requests", "Waiting for the hospital", WAIT).await?;
    e2e.look_in_every_language("6-request-waiting").await?;

    // Staff approve; after an update Fien is in her switcher.
    let (waiting, _) = dossier_server::staff::waiting_links(e2e.server_state()).await?;
    let request = waiting.iter().find(|r| r.child_name.contains("Fien")).expect("her request");
    assert!(request.child_found);
    assert!(dossier_server::staff::approve_link_request(e2e.server_state(), &request.id).await?);
    e2e.click("#back").await?;
    e2e.wait_for("#go-ask-for-child", WAIT).await?;
    e2e.click("#back").await?;
    e2e.click("#go-reports").await?;
    e2e.update_now(WAIT).await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.click("#back").await?;
    e2e.wait_for("#go-records", WAIT).await?;
    e2e.click("#go-records").await?;
    e2e.wait_for_text("#record-list", "your child Fien", WAIT).await?;

    // In her own record she names Marc Dubois her trusted person, with her PIN.
    e2e.click("#back").await?;
    e2e.wait_for("#go-record-access", WAIT).await?;
    e2e.click("#go-record-access").await?;
    e2e.wait_for("#no-links", WAIT).await?;
    let marc = e2e.register_number_of("Marc").await?;
    e2e.fill("trusted-given-name", "Marc").await?;
    e2e.fill("trusted-family-name", "Dubois").await?;
    e2e.fill("trusted-register-number", &marc).await?;
    e2e.click("#right-informed").await?;
    e2e.fill("trusted-secret", PIN).await?;
    e2e.click("#trusted-submit").await?;
    e2e.wait_for("#trusted-done", WAIT).await?;
    e2e.wait_for_text("#record-links", "Waiting for the hospital to confirm", WAIT).await?;
    e2e.look_in_every_language("7-trusted-person-waiting").await?;

    // Staff confirm; she revokes at once.
    let (_, links) = dossier_server::staff::waiting_links(e2e.server_state()).await?;
    let link = links.iter().find(|l| l.holder_name.contains("Marc")).expect("her designation");
    dossier_server::staff::confirm_link(e2e.server_state(), &link.id).await?;
    e2e.click("#back").await?;
    e2e.click("#go-record-access").await?;
    e2e.wait_for(&format!("#revoke-{}", link.id), WAIT).await?;
    assert!(!e2e.text("#record-links").await?.contains("Waiting"));
    e2e.click(&format!("#revoke-{}", link.id)).await?;
    e2e.wait_for(&format!("#revoke-{}-confirm", link.id), WAIT).await?;
    e2e.look("8-revoke-question", "en").await?;
    e2e.click(&format!("#revoke-{}-confirm", link.id)).await?;
    e2e.wait_for("#no-links", WAIT).await?;
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_15th_birthday_the_childs_record_leaves_and_the_parent_is_told_why()
-> anyhow::Result<()> {
    let e2e = E2e::start("fifteenth-birthday").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("els.vandenbroeck", PIN, WAIT).await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.click("#back").await?;
    // Jonas turns 15 in four days; she has his record open.
    e2e.switch_to("Jonas", WAIT).await?;
    e2e.wait_for_text("#record-banner", "Jonas", WAIT).await?;

    // Five days later by the server's clock (the app learns the time from its answers).
    e2e.advance_server_clock(5 * 24 * 3600);
    e2e.click("#logout").await?;
    e2e.wait_for("#pin", WAIT).await?;
    e2e.fill("pin", PIN).await?;
    e2e.click("#pin-submit").await?;
    // Back on her own record, told once and plainly why his left.
    e2e.wait_for_text(".record-closed", "Jonas turned 15", WAIT).await?;
    assert!(e2e.text("#home-title").await?.contains("Els"));
    assert!(e2e.client.find(Locator::Id("record-banner")).await.is_err());
    e2e.look_in_every_language("9-turned-fifteen").await?;
    e2e.click("#go-records").await?;
    e2e.wait_for("#record-list", WAIT).await?;
    assert!(!e2e.text("#record-list").await?.contains("Jonas"));
    e2e.click(".record-closed .button-link").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(e2e.client.find(Locator::Css(".record-closed")).await.is_err(), "dismissed");
    e2e.finish().await
}
