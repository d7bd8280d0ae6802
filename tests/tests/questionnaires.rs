//! A questionnaire as the FAQ describes it, end to end: staff send the hospital's intake
//! form to the demo patient An (`admin send-questionnaire`); the e-mail is read from the
//! outbox; its link opens the web page in a real browser (WebKitGTK's MiniBrowser) with
//! the code filled in; a wrong date of birth is told with the tries left, hers opens her
//! questionnaires; she answers part of it and saves; in the app she finds it started with
//! her answers, finishes and sends it; staff list it and export the FHIR
//! QuestionnaireResponse. Screenshots of the page and the app in NL, FR and EN, phone and
//! desktop.

use std::time::Duration;

use dossier_e2e::E2e;
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_questionnaire_from_the_email_is_started_on_the_web_page_and_finished_in_the_app()
-> anyhow::Result<()> {
    let e2e = E2e::start("questionnaires").await?;
    let (form, ead, email, born): (String, String, String, String) = {
        let mut conn = e2e.server_state().db.pool().acquire().await?;
        let (form,): (String,) =
            sqlx::query_as("SELECT id FROM questionnaire_forms WHERE source_url LIKE '%/intake'")
                .fetch_one(&mut *conn)
                .await?;
        let (ead, email, born): (String, String, String) = sqlx::query_as(
            "SELECT ead_number, email, date_of_birth FROM patients WHERE given_name = 'An'",
        )
        .fetch_one(&mut *conn)
        .await?;
        (form, ead, email, born)
    };
    let said =
        e2e.staff(&["send-questionnaire", "--form", &form, "--ead-number", &ead], &[]).await?;
    assert!(said.contains("1 e-mail(s)"), "{said}");

    // Step 1: the e-mail and its link.
    let mail = e2e.outbox().into_iter().rev().find(|m| m.to.contains(&email)).expect("the e-mail");
    let link = mail.link(&format!("{}/questionnaires?code=", e2e.server_url())).expect("a link");
    let code = link.split_once("code=").unwrap().1.to_owned();
    assert!(mail.body.contains("Vragenlijst(en) invullen"), "An reads Dutch: {}", mail.body);

    // Step 2: the page, the code filled in.
    let browser = e2e.open_browser().await?;
    browser.client.goto(&link).await?;
    browser.wait_for_title("Vragenlijsten", WAIT).await?;
    let field = browser.client.find(Locator::Id("code")).await?;
    assert_eq!(field.prop("value").await?.as_deref(), Some(code.as_str()));
    // In each language (the page's own links keep the code), then back to Dutch.
    browser.look_in_every_language("1-code").await?;
    browser.click("nav.languages a[hreflang=nl]").await?;
    browser.client.wait().for_element(Locator::Css("html[lang=nl]")).await?;
    let field = browser.client.find(Locator::Id("code")).await?;
    assert_eq!(field.prop("value").await?.as_deref(), Some(code.as_str()));

    // Step 3: a wrong date of birth first, then hers as the FAQ writes it.
    browser.fill("birth_date", "01/01/2000").await?;
    browser.click("button[type=submit]").await?;
    browser.wait_for_title("Vragenlijsten", WAIT).await?;
    let error = browser.text(".error").await?;
    assert!(error.contains("Nog 4 pogingen"), "{error}");
    browser.look("2-wrong-date-nl").await?;
    let (year, rest) = born.split_once('-').unwrap();
    let (month, day) = rest.split_once('-').unwrap();
    browser.fill("birth_date", &format!("{day}/{month}/{year}")).await?;
    // Step 4: "log in".
    browser.click("button[type=submit]").await?;
    browser.client.wait().for_element(Locator::Css(".questionnaires")).await?;
    browser.look_in_every_language("3-list").await?;

    // Part of the newest questionnaire, saved; the rest later.
    browser.click(".questionnaires li:first-child a").await?;
    browser.client.wait().for_element(Locator::Id("q0")).await?;
    let url = browser.client.current_url().await?;
    let id = url.path().rsplit('/').next().unwrap().to_owned();
    browser.look_in_every_language("4-form").await?;
    browser.fill("q0", "Controle van mijn knie").await?;
    browser.click("label[for=q2-6]").await?;
    browser.fill("q3", "64,5").await?;
    browser.click("button[value=save]").await?;
    browser.client.wait().for_element(Locator::Css(".done")).await?;
    let started = browser.text(&format!(".questionnaires li:has(a[href$='{id}'])")).await?;
    assert!(started.contains("3/7"), "{started}");
    browser.look("5-saved-en").await?;
    browser.close().await?;

    // In the app: started, her answers there; she finishes and sends it.
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("an.peeters", PIN, WAIT).await?;
    e2e.click("#go-questionnaires").await?;
    e2e.wait_for(&format!("[data-id='{id}'][data-status=started]"), WAIT).await?;
    assert!(e2e.text(&format!("[data-id='{id}']")).await?.contains("3 of 7"));
    e2e.look_in_every_language("1-list").await?;
    e2e.click(&format!("#questionnaire-{id}")).await?;
    e2e.wait_for("#question-0", WAIT).await?;
    let kept = e2e.client.find(Locator::Id("question-0")).await?.prop("value").await?;
    assert_eq!(kept.as_deref(), Some("Controle van mijn knie"));
    // Sending without the required "Do you smoke?" is refused, beside the question.
    e2e.click("#questionnaire-submit").await?;
    e2e.wait_for("#question-4-error", WAIT).await?;
    assert!(e2e.text("#question-4-error").await?.contains("needs an answer"));
    e2e.look_in_every_language("2-required").await?;
    e2e.click("label[for=question-4-1]").await?;
    e2e.click("#questionnaire-submit").await?;
    e2e.wait_for_text("#questionnaire-status", "Sent to the hospital", WAIT).await?;
    assert!(e2e.client.find(Locator::Id("questionnaire-submit")).await.is_err(), "read-only now");
    e2e.look_in_every_language("3-sent").await?;

    // Staff take it, in the form's own FHIR terms.
    let waiting = e2e.staff(&["submitted-questionnaires", "--hospital", "hzk"], &[]).await?;
    assert!(waiting.contains(&id), "{waiting}");
    let exported = e2e.staff(&["export-questionnaire-response", "--id", &id], &[]).await?;
    let response: serde_json::Value = serde_json::from_str(&exported)?;
    assert_eq!(response["resourceType"], "QuestionnaireResponse");
    assert_eq!(
        response["item"][0]["item"][0]["answer"][0]["valueString"],
        "Controle van mijn knie"
    );
    let smoker =
        response["item"].as_array().unwrap().iter().find(|i| i["linkId"] == "roken").unwrap();
    assert_eq!(smoker["answer"][0]["valueBoolean"], false);
    e2e.finish().await
}
