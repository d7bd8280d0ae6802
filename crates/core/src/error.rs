//! dossier-core's error type. The shell maps each variant to a stable code and a
//! translated message; nothing here carries a secret or medical content.

use dossier_api::{
    ApiError, ApiErrorCode,
    account::{PasswordProblem, UserNameProblem},
};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    #[error("the server address is not a valid URL")]
    InvalidServerUrl,
    #[error("the server address must use https:// (plain http:// only to this computer)")]
    InsecureServerUrl,
    #[error("the server could not be reached")]
    Unreachable(#[source] reqwest::Error),
    #[error("the server did not answer in time")]
    Timeout(#[source] reqwest::Error),
    #[error("the server answered with status {status}")]
    ServerStatus { status: u16 },
    #[error("the server's answer could not be read")]
    InvalidResponse,
    #[error("the server speaks API version {server}, this app speaks {app}")]
    IncompatibleServer { server: u32, app: u32 },
    #[error("the HTTP client could not be built")]
    HttpClient(#[source] reqwest::Error),
    #[error("keychain: {0}")]
    Keychain(#[from] crate::keychain::KeychainFailure),

    #[error("user name, password or code is wrong")]
    LoginFailed,
    #[error("the login took too long or was used: start again")]
    LoginExpired,
    #[error("too many failed attempts: try again in {retry_after_seconds} s")]
    SlowedDown { retry_after_seconds: u32 },
    #[error("locked after too many failed attempts")]
    AccountLocked,
    #[error("this code card is blocked")]
    CardBlocked,
    #[error("every code of this card was used")]
    NoCodesLeft,
    #[error("access to this record is closed")]
    AccountClosed,
    #[error("not logged in")]
    NotLoggedIn,
    #[error("the password was refused: {0:?}")]
    PasswordRejected(PasswordProblem),
    #[error("the user name was refused: {0:?}")]
    UserNameRejected(UserNameProblem),
    #[error("the e-mail address is not valid")]
    InvalidEmail,
    #[error("the request was refused by the server")]
    Refused,
    #[error("no connection: only what is saved on this device can be shown")]
    Offline,
    /// The record left the device (a 15th birthday, a link ended): it cannot be opened.
    #[error("this record can no longer be opened")]
    RecordClosed,
    #[error("the request for a child's record was refused: {0:?}")]
    LinkRequestRefused(dossier_api::links::LinkRequestProblem),
    #[error("naming a trusted person was refused: {0:?}")]
    DesignationRefused(dossier_api::links::DesignationProblem),

    /// Only the patient, a parent of a child under 15 or a representative may see or change
    /// who may see the record (not a trusted person).
    #[error("only the patient, a parent or a representative may do this")]
    NotAllowedToChange,
    /// An eHealth exclusion: stopped on the eHealth platform only.
    #[error("this exclusion is managed on the eHealth platform")]
    ManagedOnEhealth,
    /// New personal details were refused: what is wrong, per field; nothing was changed.
    #[error("some personal details are not valid: {0:?}")]
    DetailsRefused(dossier_api::details::DetailProblems),
    /// The appointment cannot be cancelled in the app: by phone in this department, too
    /// late for its notice, already cancelled, or past.
    #[error("the appointment cannot be cancelled in the app: {0:?}")]
    CancelRefused(dossier_api::appointments::CancelRefusal),
    /// Answers to a questionnaire were refused, per question; nothing was kept.
    #[error("some answers are not valid: {0:?}")]
    AnswersRefused(Vec<dossier_api::questionnaires::AnswerProblem>),
    /// The questionnaire was submitted already: its answers no longer change.
    #[error("the questionnaire was submitted already")]
    QuestionnaireSubmitted,
    /// A message was refused (before sending, or by the server), and why.
    #[error("the message was refused: {0}")]
    MessageRefused(dossier_api::messages::MessageProblem),
    /// A code to share a study was not made (too many days), and why.
    #[error("the share code was refused: {0:?}")]
    ShareCodeRefused(dossier_api::radiology::ShareCodeProblem),

    #[error("this device is not registered")]
    NotRegistered,
    #[error("wrong PIN, {tries_left} tries left")]
    WrongPin { tries_left: u8 },
    #[error("this device is blocked after too many wrong PINs: register again")]
    DeviceBlocked,
    #[error("this device was removed: register again")]
    DeviceRemoved,
    #[error("the PIN was refused: {0}")]
    PinRejected(crate::pin::PinProblem),
    #[error("the device's keys are damaged: register again")]
    DeviceDamaged,
    #[error("only a session opened with this device's PIN can do this")]
    NeedsDeviceSession,
    #[error("the offline cache cannot be read")]
    CacheDamaged,
    #[error("the device's storage is full: about {needed_bytes} bytes more are needed")]
    StorageFull { needed_bytes: u64 },
    /// A background task of the app stopped (a bug, not the device's keys): try again.
    #[error("a task of the app stopped unexpectedly")]
    WorkerStopped,
    /// Argon2id refused its parameters or could not run (memory): nothing is damaged.
    #[error("the PIN could not be processed")]
    KeyDerivation,
    /// The app's own data could not be encoded or sealed (a bug, not a damaged device).
    #[error("data could not be encoded")]
    Encoding,
}

impl CoreError {
    pub(crate) fn from_request(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            CoreError::Timeout(error)
        } else if error.is_decode() {
            CoreError::InvalidResponse
        } else {
            CoreError::Unreachable(error)
        }
    }

    /// The error an API error body stands for.
    pub(crate) fn from_api(status: u16, error: ApiError) -> Self {
        match error.code {
            ApiErrorCode::Unauthorized => CoreError::NotLoggedIn,
            ApiErrorCode::LoginFailed => CoreError::LoginFailed,
            ApiErrorCode::ChallengeInvalid => CoreError::LoginExpired,
            ApiErrorCode::SlowedDown { retry_after_seconds } => {
                CoreError::SlowedDown { retry_after_seconds }
            }
            ApiErrorCode::AccountLocked => CoreError::AccountLocked,
            ApiErrorCode::CardBlocked => CoreError::CardBlocked,
            ApiErrorCode::NoCodesLeft => CoreError::NoCodesLeft,
            ApiErrorCode::AccountClosed => CoreError::AccountClosed,
            ApiErrorCode::PasswordRejected { problem } => CoreError::PasswordRejected(problem),
            ApiErrorCode::UserNameRejected { problem } => CoreError::UserNameRejected(problem),
            ApiErrorCode::InvalidEmail => CoreError::InvalidEmail,
            ApiErrorCode::WrongPin { tries_left } => CoreError::WrongPin { tries_left },
            ApiErrorCode::DeviceBlocked => CoreError::DeviceBlocked,
            ApiErrorCode::DeviceRemoved => CoreError::DeviceRemoved,
            ApiErrorCode::LinkRequestRefused { problem } => CoreError::LinkRequestRefused(problem),
            ApiErrorCode::DesignationRefused { problem } => CoreError::DesignationRefused(problem),
            ApiErrorCode::NotAllowedToChange => CoreError::NotAllowedToChange,
            ApiErrorCode::ManagedOnEhealth => CoreError::ManagedOnEhealth,
            ApiErrorCode::DetailsRefused { problems } => CoreError::DetailsRefused(problems),
            ApiErrorCode::CancelRefused { reason } => CoreError::CancelRefused(reason),
            ApiErrorCode::AnswersRefused { problems } => CoreError::AnswersRefused(problems),
            ApiErrorCode::QuestionnaireSubmitted => CoreError::QuestionnaireSubmitted,
            ApiErrorCode::MessageRefused { problem } => CoreError::MessageRefused(problem),
            ApiErrorCode::ShareCodeRefused { problem } => CoreError::ShareCodeRefused(problem),
            ApiErrorCode::BadRequest | ApiErrorCode::NotFound => CoreError::Refused,
            _ => CoreError::ServerStatus { status },
        }
    }

    /// True when the server says this device may no longer hold the record (blocked,
    /// removed, or the patient died): the device deletes its keys and cache at once.
    pub fn ends_device(&self) -> bool {
        matches!(
            self,
            CoreError::DeviceRemoved | CoreError::DeviceBlocked | CoreError::AccountClosed
        )
    }

    /// True when the server could not be reached at all (as opposed to refusing).
    pub fn is_offline(&self) -> bool {
        matches!(self, CoreError::Unreachable(_) | CoreError::Timeout(_) | CoreError::Offline)
    }
}
