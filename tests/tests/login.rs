//! Code-card login through the screens, as a patient does it: a wrong code first, then the
//! right one, the home screen with real data, settings, logout; the messages for a slowed
//! down login; and the screens to request a card, reset a password and block a lost card.

use std::time::Duration;

use dossier_e2e::E2e;
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patient_logs_in_with_the_code_card_after_one_wrong_code() -> anyhow::Result<()> {
    let e2e = E2e::start("login").await?;
    let card = e2e.card("an.peeters");
    e2e.wait_for("[data-state=connected]", WAIT).await?;

    e2e.click("#go-login").await?;
    e2e.wait_for("#login-title", WAIT).await?;
    let password_field = e2e.client.find(Locator::Id("password")).await?;
    assert_eq!(
        password_field.attr("type").await?.as_deref(),
        Some("password"),
        "the password is hidden"
    );
    let label = e2e.client.find(Locator::Css("label[for=password]")).await?;
    assert_eq!(label.text().await?, "Password");
    e2e.look("1-login", "en").await?;

    e2e.fill("user-name", &card.user_name).await?;
    e2e.fill("password", card.password.expose()).await?;
    // Enter in the password field submits, as for a keyboard user.
    e2e.press_enter("password").await?;
    e2e.wait_for("#code-title", WAIT).await?;
    let index = e2e.asked_code_index().await?;
    assert!((1..=24).contains(&index));
    let asked_cell = e2e.client.find(Locator::Css(".code-cell-asked")).await?;
    assert_eq!(
        asked_cell.attr("data-position").await?,
        Some(index.to_string()),
        "the card picture marks code {index}"
    );
    e2e.look("2-code", "en").await?;
    e2e.usable_with_keyboard("code", "code-submit").await?;

    let wrong = if card.code(index).expose() == "000000" { "111111" } else { "000000" };
    e2e.fill("code", wrong).await?;
    e2e.click("#code-submit").await?;
    e2e.wait_for_text(".form-error", "User name, password or code is wrong.", WAIT).await?;
    // The attempt is over: the heading says so and the next step, not "Enter code N" over
    // a missing field.
    assert_eq!(e2e.text("#code-title").await?, "The code was not accepted");
    assert!(e2e.text("#code-next-step").await?.contains("Start again"));
    assert!(e2e.client.find(Locator::Id("code")).await.is_err());
    e2e.look("3-wrong-code", "en").await?;

    // Starting again keeps the user name; the password field has the focus.
    e2e.click("#code-restart").await?;
    e2e.wait_for("#login-title", WAIT).await?;
    let user_name = e2e.client.find(Locator::Id("user-name")).await?;
    assert_eq!(user_name.prop("value").await?.as_deref(), Some(card.user_name.as_str()));
    e2e.wait_for_focus("password").await?;
    e2e.code_card_login(&card.user_name, WAIT).await?;

    // Not registering this device: the shared-computer way.
    e2e.wait_for("#register-skip", WAIT).await?;
    e2e.click("#register-skip").await?;
    e2e.wait_for_text("#home-title", "Record of An Peeters", WAIT).await?;
    assert_eq!(e2e.text("#home-born").await?, "Born on April 12, 1979");
    assert!(e2e.text("#codes-left").await?.contains("23 unused codes left"));
    e2e.look("4-home", "en").await?;
    e2e.click("#language-nl").await?;
    assert_eq!(e2e.text("#home-title").await?, "Dossier van An Peeters");
    assert_eq!(e2e.text("#home-born").await?, "Geboren op 12 april 1979");
    e2e.look("4-home", "nl").await?;
    e2e.click("#language-en").await?;

    e2e.click("#go-settings").await?;
    e2e.wait_for("#settings-title", WAIT).await?;
    e2e.look("5-settings", "en").await?;
    e2e.click("#back").await?;
    e2e.wait_for("#logout", WAIT).await?;
    e2e.click("#logout").await?;
    e2e.wait_for("#go-login", WAIT).await?;
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_failures_show_a_countdown_and_a_blocked_card_says_so() -> anyhow::Result<()> {
    let e2e = E2e::start("refusals").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    let marc = e2e.card("marc.dubois");
    e2e.fail_logins(&marc.user_name, 3).await?;

    e2e.click("#language-fr").await?;
    e2e.click("#go-login").await?;
    e2e.fill("user-name", &marc.user_name).await?;
    e2e.fill("password", marc.password.expose()).await?;
    e2e.click("#login-next").await?;
    e2e.wait_for_text(".form-error", "Trop de tentatives. Réessayez dans", WAIT).await?;
    let button = e2e.client.find(Locator::Id("login-next")).await?;
    assert!(!button.is_enabled().await?, "no new attempt while waiting");
    e2e.look("1-slowed-down", "fr").await?;

    // Block Sofia's card, then her login says the card is blocked.
    let sofia = e2e.card("sofia.rossi");
    e2e.click("#language-en").await?;
    e2e.click("#go-block-card").await?;
    e2e.wait_for("#block-title", WAIT).await?;
    e2e.fill("block-user-name", &sofia.user_name).await?;
    e2e.fill("block-password", sofia.password.expose()).await?;
    e2e.click("#block-submit").await?;
    e2e.wait_for_text("#block-done", &format!("Card {} is blocked.", sofia.serial), WAIT).await?;
    e2e.look("2-card-blocked", "en").await?;
    e2e.click("#back").await?;
    e2e.code_card_login(&sofia.user_name, WAIT).await?;
    e2e.wait_for_text(".form-error", "This card is blocked: request a new one.", WAIT).await?;
    e2e.look("3-login-card-blocked", "en").await?;
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patient_requests_a_card_and_a_new_password() -> anyhow::Result<()> {
    let e2e = E2e::start("recovery").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;

    // Request a card, in Dutch, for Noor (16, her own access).
    e2e.click("#language-nl").await?;
    e2e.click("#go-request-card").await?;
    e2e.wait_for("#request-title", WAIT).await?;
    e2e.fill("register-number", "12345678901").await?;
    e2e.fill("email", "noor@example.be").await?;
    e2e.click("#request-submit").await?;
    e2e.wait_for_text(".form-error", "Dit rijksregisternummer is niet geldig", WAIT).await?;
    e2e.look("1-request-invalid", "nl").await?;
    let number = e2e.register_number_of("Noor").await?;
    e2e.fill("register-number", &number).await?;
    e2e.click("#request-submit").await?;
    e2e.wait_for("#request-done", WAIT).await?;
    e2e.look("2-request-done", "nl").await?;
    let mails = e2e.outbox();
    assert!(mails.iter().any(
        |m| m.to == "noor@example.be" && m.subject == "Bevestig uw aanvraag van een codekaart"
    ));

    // Forgotten password, in French, for An (who has an e-mail address).
    e2e.click("#back").await?;
    e2e.click("#language-fr").await?;
    e2e.click("#go-forgot-password").await?;
    e2e.wait_for("#forgot-title", WAIT).await?;
    e2e.look("3-forgot", "fr").await?;
    e2e.fill("forgot-user-name", "an.peeters").await?;
    e2e.click("#forgot-submit").await?;
    e2e.wait_for("#forgot-done", WAIT).await?;
    e2e.look("4-forgot-done", "fr").await?;
    let mails = e2e.outbox();
    assert!(mails.iter().any(
        |m| m.to == "an.peeters@example.be" && m.subject == "Nouveau mot de passe pour Dossier"
    ));
    e2e.finish().await
}
