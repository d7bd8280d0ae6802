//! The core's code-card login flow and account actions against a real server.

use dossier_api::{Language, NationalRegisterNumber, Sensitive, account::PasswordProblem};
use dossier_core::CoreError;
use dossier_test_kit::{enrol, start_server};

fn secret(text: &str) -> Sensitive<String> {
    Sensitive::new(text.to_owned())
}

#[tokio::test]
async fn logs_in_in_two_typed_steps_and_keeps_the_session_to_itself() {
    let server = start_server().await;
    let card = enrol(&server, "An", "Peeters", None).await;
    let account = server.account();

    assert!(matches!(account.me().await, Err(CoreError::NotLoggedIn)));
    let asked = account.start_login(&card.user_name, card.password.clone()).await.unwrap();
    assert!((1..=24).contains(&asked.code_index));
    assert_eq!(asked.expires_in.as_secs(), 300);
    let logged_in = account.enter_code(card.code(asked.code_index)).await.unwrap();
    assert_eq!(logged_in.card.codes_left, 23);
    assert!(account.is_logged_in().await);

    let me = account.me().await.unwrap();
    assert_eq!(me.patient.given_name, "An");
    assert_eq!(me.patient.date_of_birth.to_string(), "1975-03-09");
    // Debug output of the whole account never shows the token or the password.
    assert!(!format!("{account:?}").contains(card.password.expose().as_str()));

    account.logout().await;
    assert!(!account.is_logged_in().await);
    assert!(matches!(account.me().await, Err(CoreError::NotLoggedIn)));
}

#[tokio::test]
async fn a_wrong_code_ends_the_attempt_with_the_generic_message() {
    let server = start_server().await;
    let card = enrol(&server, "An", "Peeters", None).await;
    let account = server.account();
    let asked = account.start_login(&card.user_name, card.password.clone()).await.unwrap();
    let wrong = if card.code(asked.code_index).expose() == "000000" { "999999" } else { "000000" };
    assert!(matches!(account.enter_code(secret(wrong)).await, Err(CoreError::LoginFailed)));
    // The challenge was used up: a second code needs a new start.
    assert!(matches!(
        account.enter_code(card.code(asked.code_index)).await,
        Err(CoreError::LoginExpired)
    ));
    let asked = account.start_login(&card.user_name, card.password.clone()).await.unwrap();
    account.enter_code(card.code(asked.code_index)).await.unwrap();
}

#[tokio::test]
async fn slow_down_blocked_card_and_wrong_password_reach_the_caller_typed() {
    let server = start_server().await;
    let card = enrol(&server, "Marc", "Dubois", None).await;
    let account = server.account();
    for _ in 0..3 {
        let asked = account.start_login(&card.user_name, secret("wrong password")).await.unwrap();
        let result = account.enter_code(card.code(asked.code_index)).await;
        assert!(matches!(result, Err(CoreError::LoginFailed)), "{result:?}");
    }
    let result = account.start_login(&card.user_name, card.password.clone()).await;
    assert!(matches!(result, Err(CoreError::SlowedDown { retry_after_seconds: 30 })), "{result:?}");

    let other = enrol(&server, "Sofia", "Rossi", None).await;
    let asked = account.start_login(&other.user_name, other.password.clone()).await.unwrap();
    let serial = account.block_card(&other.user_name, other.password.clone()).await.unwrap();
    assert_eq!(serial.len(), 9);
    let result = account.enter_code(other.code(asked.code_index)).await;
    assert!(matches!(result, Err(CoreError::CardBlocked)), "{result:?}");
}

#[tokio::test]
async fn changes_password_and_user_name_with_the_rules_of_the_server() {
    let server = start_server().await;
    let card = enrol(&server, "Jan", "Janssens", None).await;
    let account = server.account();
    let asked = account.start_login(&card.user_name, card.password.clone()).await.unwrap();
    account.enter_code(card.code(asked.code_index)).await.unwrap();

    let result = account.change_password(card.password.clone(), secret("password1")).await;
    assert!(
        matches!(result, Err(CoreError::PasswordRejected(PasswordProblem::TooCommon))),
        "{result:?}"
    );
    let result = account
        .change_password(secret("not my password"), secret("een lange zin als wachtwoord"))
        .await;
    assert!(matches!(result, Err(CoreError::LoginFailed)), "{result:?}");
    account
        .change_password(card.password.clone(), secret("een lange zin als wachtwoord"))
        .await
        .unwrap();

    account.change_user_name("jan.j", secret("een lange zin als wachtwoord")).await.unwrap();
    assert_eq!(account.me().await.unwrap().user_name, "jan.j");
    account.logout().await;

    let asked = account.start_login("jan.j", secret("een lange zin als wachtwoord")).await.unwrap();
    account.enter_code(card.code(asked.code_index)).await.unwrap();
}

#[tokio::test]
async fn recovery_requests_are_accepted_without_telling_who_exists() {
    let server = start_server().await;
    let card = enrol(&server, "Els", "Van den Broeck", Some("els@example.be")).await;
    let account = server.account();
    account.request_password_reset(&card.user_name, Language::Fr).await.unwrap();
    account.request_password_reset("nobody.at.all", Language::Fr).await.unwrap();
    let mails = server.outbox();
    assert_eq!(mails.len(), 1, "only the real account gets a mail");
    assert_eq!(mails[0].to, "els@example.be");
    assert!(mails[0].subject.contains("mot de passe"), "{}", mails[0].subject);

    let unknown = NationalRegisterNumber::for_birth_date(1990, 1, 1, 2).unwrap();
    account.request_card(unknown, "someone@example.be", Language::En).await.unwrap();
    let result = account
        .request_card(
            NationalRegisterNumber::for_birth_date(1990, 1, 1, 2).unwrap(),
            "not an address",
            Language::En,
        )
        .await;
    assert!(matches!(result, Err(CoreError::InvalidEmail)), "{result:?}");
}

#[tokio::test]
async fn without_a_server_the_login_says_so() {
    let mut server = start_server().await;
    let account = server.account();
    server.stop().await;
    let result = account.start_login("an.peeters", secret("whatever password")).await;
    assert!(result.as_ref().is_err_and(CoreError::is_offline), "{result:?}");
}

/// A clock the test sets.
struct At(i64);

impl dossier_core::clock::Clock for At {
    fn now(&self) -> i64 {
        self.0
    }
}

#[tokio::test]
async fn a_device_is_named_after_the_computer_and_the_day_it_was_registered() {
    let server = start_server().await;
    // 1 December 2026, 09:00 UTC.
    let account = server.account().with_clock(At(1_796_115_600));
    let name = account.default_device_name();
    assert!(name.ends_with(" (2026-12-01)"), "{name}");
    assert!(name.len() > " (2026-12-01)".len(), "a computer name before the date: {name}");
}
