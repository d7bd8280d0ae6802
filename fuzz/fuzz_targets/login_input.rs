//! What a person types to log in or to unlock: the card code (`normalize_card_code`, on the
//! device and on the server), the user name (`check_user_name`, `normalize_user_name`) and
//! the PIN (`Pin::entered`, `Pin::new`).
#![no_main]

use dossier_api::account::normalize_card_code;
use dossier_core::pin::Pin;
use dossier_server::{accounts::check_user_name, crypto::normalize_user_name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let code = normalize_card_code(text);
    assert!(!code.chars().any(|c| c.is_whitespace() || c == '-' || c == '.'));
    assert_eq!(normalize_card_code(&code), code);

    let allowed = (3..=64).contains(&text.chars().count())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    assert_eq!(check_user_name(text).is_ok(), allowed);
    let name = normalize_user_name(text);
    assert_eq!(normalize_user_name(&name), name);

    let trimmed = text.trim();
    let shape = trimmed.len() == 6 && trimmed.bytes().all(|b| b.is_ascii_digit());
    assert_eq!(Pin::entered(text).is_ok(), shape);
    assert!(Pin::new(text, None).is_err() || shape);
});
