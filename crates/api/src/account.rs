//! Accounts and code-card login: the requests and answers of `/api/v1/login`,
//! `/api/v1/session`, `/api/v1/me`, `/api/v1/account`, `/api/v1/cards`,
//! `/api/v1/card-requests` and `/api/v1/password-resets`.

use serde::{Deserialize, Serialize};

use crate::{Language, NationalRegisterNumber, Sensitive};

/// Number of codes on a code card.
pub const CODES_PER_CARD: u8 = 24;
/// From this many unused codes on, the app tells the patient to request a new card.
pub const FEW_CODES_LEFT: u8 = 4;

/// `POST /api/v1/login/start`: the first step of a code-card login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginStartRequest {
    /// As typed; more characters than this are refused at once (400).
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub user_name: String,
}

/// Which code of the card to enter, and the single-use challenge to send it with. An
/// unknown user name gets an answer of exactly this shape too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginStartResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub challenge: Sensitive<String>,
    /// 1..=24: "enter code 8 from your card".
    pub code_index: u8,
    /// The asked code is the card's last unused one: time to request a new card.
    #[serde(default)]
    pub last_code: bool,
    pub expires_in_seconds: u32,
}

/// A card code as typed ("123 456", "123-456") as it is checked: digits only. The app and
/// the server both read a code through this, so a typing habit is never a failed login.
pub fn normalize_card_code(typed: &str) -> String {
    typed.chars().filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.'))).collect()
}

/// `POST /api/v1/login/finish`: user name (through the challenge), password and code,
/// checked together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginFinishRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub challenge: Sensitive<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 1024))]
    pub password: Sensitive<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 64))]
    pub code: Sensitive<String>,
}

/// A successful login: the session token and the state of the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub session_token: Sensitive<String>,
    /// The session ends after this long without a request.
    pub idle_timeout_seconds: u32,
    /// The session ends this long after login, whatever happens.
    pub expires_in_seconds: u32,
    pub card: CardStatus,
}

/// The code card the patient logs in with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardStatus {
    pub serial: String,
    pub codes_left: u8,
    /// True when few codes are left: time to request a new card.
    pub few_codes_left: bool,
}

/// `GET /api/v1/me`: whose record this session opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    /// The patient's own record (its reports are under `/records/{record_id}`).
    pub record_id: String,
    pub user_name: String,
    pub patient: PatientSummary,
    /// None when the account has no active card (blocked and not replaced yet).
    pub card: Option<CardStatus>,
}

/// Name and date of birth: enough to show whose record is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientSummary {
    pub given_name: String,
    pub family_name: String,
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date_of_birth: chrono::NaiveDate,
    pub preferred_language: Language,
}

/// `PUT /api/v1/account/user-name`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeUserNameRequest {
    /// 3 to 64 ASCII letters, digits and `. _ - @` (the server's `check_user_name`).
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 3, max_length = 64, pattern = "^[A-Za-z0-9._@-]+$")
    )]
    pub new_user_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 1024))]
    pub password: Sensitive<String>,
}

/// `PUT /api/v1/account/password`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 1024))]
    pub current_password: Sensitive<String>,
    /// 8 to 128 characters (the server's `check_password`, which also refuses common
    /// passwords and ones containing the user name: 422 `password_rejected`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, min_length = 8, max_length = 128))]
    pub new_password: Sensitive<String>,
}

/// `POST /api/v1/cards/block`: block a lost or stolen card, without being logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockCardRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub user_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 1024))]
    pub password: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockCardResponse {
    /// Serial of the card that is now blocked.
    pub serial: String,
}

/// `POST /api/v1/card-requests`: a known Belgian patient asks for a card by post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCardRequest {
    pub national_register_number: NationalRegisterNumber,
    #[cfg_attr(feature = "openapi", schema(max_length = 320))]
    pub email: String,
    pub language: Language,
}

/// `POST /api/v1/password-resets`: send a reset link to the account's e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub user_name: String,
    pub language: Language,
}

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum PasswordProblem {
    TooShort {
        min: u8,
    },
    TooLong {
        max: u8,
    },
    /// On the list of passwords attackers try first.
    TooCommon,
    /// Contains the user name.
    ContainsUserName,
}

/// Why a new user name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum UserNameProblem {
    Length {
        min: u8,
        max: u8,
    },
    /// Only letters, digits and . _ - @ are allowed.
    Characters,
    Taken,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_wire_format() {
        let start = LoginStartResponse {
            challenge: Sensitive::new("c-123".into()),
            code_index: 8,
            last_code: false,
            expires_in_seconds: 300,
        };
        let finish = LoginFinishRequest {
            challenge: Sensitive::new("c-123".into()),
            password: Sensitive::new("correct horse".into()),
            code: Sensitive::new("123456".into()),
        };
        let done = LoginResponse {
            session_token: Sensitive::new("t-456".into()),
            idle_timeout_seconds: 3600,
            expires_in_seconds: 86400,
            card: CardStatus { serial: "1234-5678".into(), codes_left: 3, few_codes_left: true },
        };
        insta::assert_json_snapshot!("login_start_response", start);
        insta::assert_json_snapshot!("login_finish_request", finish);
        insta::assert_json_snapshot!("login_response", done);
    }

    #[test]
    fn a_code_reads_the_same_however_it_is_typed() {
        for typed in ["123456", "123 456", " 123 456 ", "123-456", "123\u{a0}456", "12 34 56"] {
            assert_eq!(normalize_card_code(typed), "123456", "{typed:?}");
        }
        assert_eq!(normalize_card_code("12a456"), "12a456", "not a code: left to fail");
    }

    #[test]
    fn account_wire_format() {
        let me = MeResponse {
            record_id: "7d9c0c9e-6c55-4a0e-9a3e-3b0f8f0c2d11".into(),
            user_name: "an.peeters".into(),
            patient: PatientSummary {
                given_name: "An".into(),
                family_name: "Peeters".into(),
                date_of_birth: crate::dates::parse_iso("1979-04-12").unwrap(),
                preferred_language: Language::Nl,
            },
            card: None,
        };
        insta::assert_json_snapshot!("me_response", me);
        let request = NewCardRequest {
            national_register_number: NationalRegisterNumber::parse("85073003328").unwrap(),
            email: "an@example.be".into(),
            language: Language::Fr,
        };
        insta::assert_json_snapshot!("new_card_request", request);
        insta::assert_json_snapshot!(
            "password_problems",
            [
                PasswordProblem::TooShort { min: 8 },
                PasswordProblem::TooCommon,
                PasswordProblem::ContainsUserName
            ]
        );
    }

    #[test]
    fn secrets_in_requests_are_redacted_in_debug() {
        let finish = LoginFinishRequest {
            challenge: Sensitive::new("c-123".into()),
            password: Sensitive::new("correct horse".into()),
            code: Sensitive::new("123456".into()),
        };
        let shown = format!("{finish:?}");
        assert!(!shown.contains("correct horse") && !shown.contains("123456"), "{shown}");
    }
}
