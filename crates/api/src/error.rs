//! The error body every non-2xx answer of the API carries.

use serde::{Deserialize, Serialize};

use crate::{
    account::{PasswordProblem, UserNameProblem},
    appointments::CancelRefusal,
    care_access::AccessRefusal,
    details::DetailProblems,
    links::{DesignationProblem, LinkRequestProblem},
    messages::MessageProblem,
    questionnaires::AnswerProblem,
    radiology::ShareCodeProblem,
};

/// A stable, machine-readable reason, with the data the app needs to explain it. Clients
/// decide what to show from the code, never from the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ApiErrorCode {
    BadRequest,
    /// The request (its body, a field) is larger than the server accepts.
    TooLarge,
    NotFound,
    ServiceUnavailable,
    Internal,
    /// No session, or an ended one: log in again.
    Unauthorized,
    /// "User name, password or code is wrong": never says which.
    LoginFailed,
    /// The login challenge expired or was used already: start the login again.
    ChallengeInvalid,
    /// Too many failed attempts: wait before trying again.
    SlowedDown {
        retry_after_seconds: u32,
    },
    /// Too many failed attempts in a row: reset the password or call the service desk.
    AccountLocked,
    /// The card was blocked (lost or stolen): request a new one.
    CardBlocked,
    /// Every code of the card was used: request a new one.
    NoCodesLeft,
    /// The patient died: online access to the record is closed.
    AccountClosed,
    PasswordRejected {
        problem: PasswordProblem,
    },
    UserNameRejected {
        problem: UserNameProblem,
    },
    /// An e-mail address the server cannot send to.
    InvalidEmail,
    /// The PIN was wrong; after [`crate::device::MAX_PIN_FAILURES`] in a row the device is
    /// blocked.
    WrongPin {
        tries_left: u8,
    },
    /// Too many wrong PINs: this device must be registered again with the code card.
    DeviceBlocked,
    /// The device was removed (from another device, or unregistered): wipe it.
    DeviceRemoved,
    /// A parent's request for a child's record was refused at once.
    LinkRequestRefused {
        problem: LinkRequestProblem,
    },
    /// Naming a trusted person was refused.
    DesignationRefused {
        problem: DesignationProblem,
    },
    /// The access rule refused a care provider's opening of a record (logged, like every
    /// decision).
    AccessRefused {
        reason: AccessRefusal,
    },
    /// An eHealth exclusion: it is stopped on the eHealth platform, not here.
    ManagedOnEhealth,
    /// Only the patient, a parent of a child under 15 or a representative may change who
    /// sees the record.
    NotAllowedToChange,
    /// An appointment cannot be cancelled from the app: the department's rule, its notice,
    /// or its state.
    CancelRefused {
        reason: CancelRefusal,
    },
    /// New personal details were refused: what is wrong, per field. Nothing was changed.
    DetailsRefused {
        problems: DetailProblems,
    },
    /// Answers to a questionnaire were refused: what is wrong, per question. Nothing was
    /// kept.
    AnswersRefused {
        problems: Vec<AnswerProblem>,
    },
    /// The questionnaire was submitted already: its answers cannot change.
    QuestionnaireSubmitted,
    /// A message was refused, and why. Nothing was kept.
    MessageRefused {
        problem: MessageProblem,
    },
    /// A share code for a radiology study was not made, and why.
    ShareCodeRefused {
        problem: ShareCodeProblem,
    },
}

/// JSON body of an error answer. `message` is English, for logs and developers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    #[serde(flatten)]
    pub code: ApiErrorCode,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_wire_format() {
        let errors = [
            ApiError {
                code: ApiErrorCode::ServiceUnavailable,
                message: "the service is temporarily unavailable".into(),
            },
            ApiError {
                code: ApiErrorCode::SlowedDown { retry_after_seconds: 40 },
                message: "too many attempts".into(),
            },
            ApiError {
                code: ApiErrorCode::PasswordRejected {
                    problem: PasswordProblem::TooShort { min: 8 },
                },
                message: "password refused".into(),
            },
        ];
        insta::assert_json_snapshot!(errors);
        for error in errors {
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(serde_json::from_str::<ApiError>(&json).unwrap(), error);
        }
    }
}
