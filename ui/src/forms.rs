//! Form parts shared by the screens: labelled fields, the error line, and the translation
//! of every [`AppError`] into a message the patient can act on.

use dossier_api::{
    account::{PasswordProblem, UserNameProblem},
    appointments::CancelRefusal,
    device::PinProblem,
    links::{DesignationProblem, LinkRequestProblem},
    shell::AppError,
};
use fluent_bundle::FluentValue;
use leptos::prelude::*;

use crate::{
    backend::BackendError,
    i18n::{I18n, use_i18n},
};

/// The message for an error, in the current language.
pub fn error_message(i18n: I18n, error: AppError) -> String {
    match error {
        AppError::NoConnection => i18n.tr("error-no-connection"),
        AppError::ServerProblem => i18n.tr("error-server-problem"),
        AppError::AppOutdated => i18n.tr("error-app-outdated"),
        AppError::LoginFailed => i18n.tr("error-login-failed"),
        AppError::LoginExpired => i18n.tr("error-login-expired"),
        AppError::SlowedDown { retry_after_seconds } => i18n.tr_args(
            "error-slowed-down",
            vec![("seconds", FluentValue::from(retry_after_seconds))],
        ),
        AppError::AccountLocked => i18n.tr("error-account-locked"),
        AppError::CardBlocked => i18n.tr("error-card-blocked"),
        AppError::NoCodesLeft => i18n.tr("error-no-codes-left"),
        AppError::AccountClosed => i18n.tr("error-account-closed"),
        AppError::NotLoggedIn => i18n.tr("error-not-logged-in"),
        AppError::PasswordRejected { problem } => match problem {
            PasswordProblem::TooShort { min } => {
                i18n.tr_args("error-password-too-short", vec![("min", FluentValue::from(min))])
            }
            PasswordProblem::TooLong { max } => {
                i18n.tr_args("error-password-too-long", vec![("max", FluentValue::from(max))])
            }
            PasswordProblem::TooCommon => i18n.tr("error-password-too-common"),
            PasswordProblem::ContainsUserName => i18n.tr("error-password-contains-user-name"),
        },
        AppError::UserNameRejected { problem } => match problem {
            UserNameProblem::Length { min, max } => i18n.tr_args(
                "error-user-name-length",
                vec![("min", FluentValue::from(min)), ("max", FluentValue::from(max))],
            ),
            UserNameProblem::Characters => i18n.tr("error-user-name-characters"),
            UserNameProblem::Taken => i18n.tr("error-user-name-taken"),
        },
        AppError::InvalidEmail => i18n.tr("error-invalid-email"),
        AppError::InvalidRegisterNumber => i18n.tr("error-invalid-register-number"),
        AppError::WrongPin { tries_left } => {
            i18n.tr_args("error-wrong-pin", vec![("tries", FluentValue::from(tries_left))])
        }
        AppError::DeviceBlocked => i18n.tr("error-device-blocked"),
        AppError::DeviceRemoved => i18n.tr("error-device-removed"),
        AppError::StorageFull { needed_megabytes } => i18n.tr_args(
            "error-storage-full",
            vec![("megabytes", FluentValue::from(needed_megabytes))],
        ),
        AppError::PinRejected { problem } => i18n.tr(match problem {
            PinProblem::Length => "error-pin-length",
            PinProblem::NotDigits => "error-pin-not-digits",
            PinProblem::Repeated => "error-pin-repeated",
            PinProblem::Run => "error-pin-run",
            PinProblem::BirthDate => "error-pin-birth-date",
            PinProblem::Common => "error-pin-common",
        }),
        AppError::NotRegistered => i18n.tr("error-not-registered"),
        AppError::KeychainUnavailable => i18n.tr("error-keychain-unavailable"),
        AppError::SaveFailed => i18n.tr("error-save-failed"),
        AppError::RecordClosed => i18n.tr("error-record-closed"),
        AppError::LinkRequestRefused { problem } => i18n.tr(match problem {
            LinkRequestProblem::Name => "error-link-name",
            LinkRequestProblem::DateOfBirth => "error-link-date-of-birth",
            LinkRequestProblem::NotAChild => "error-link-not-a-child",
            LinkRequestProblem::RegisterNumber => "error-link-register-number",
            LinkRequestProblem::NoIdentifier => "error-link-no-identifier",
            LinkRequestProblem::NoStatement => "error-link-no-statement",
            LinkRequestProblem::ForOneself => "error-link-for-oneself",
            LinkRequestProblem::AlreadyAsked => "error-link-already-asked",
            LinkRequestProblem::DocumentType => "error-link-document-type",
            LinkRequestProblem::DocumentTooLarge => "error-link-document-too-large",
        }),
        AppError::DesignationRefused { problem } => i18n.tr(match problem {
            DesignationProblem::NotOwnRecord => "error-trusted-not-own-record",
            DesignationProblem::Name => "error-link-name",
            DesignationProblem::RegisterNumber => "error-trusted-register-number",
            DesignationProblem::Oneself => "error-trusted-oneself",
            DesignationProblem::NoRights => "error-trusted-no-rights",
            DesignationProblem::EndDate => "error-trusted-end-date",
            DesignationProblem::NotConfirmed => "error-trusted-not-confirmed",
            DesignationProblem::AlreadyLinked => "error-trusted-already-linked",
        }),
        AppError::NotAllowedToChange => i18n.tr("error-not-allowed-to-change"),
        AppError::ManagedOnEhealth => i18n.tr("error-managed-on-ehealth"),
        AppError::DetailsRefused { .. } => i18n.tr("details-fix-fields"),
        AppError::CancelRefused { reason } => match reason {
            CancelRefusal::NotCancellableHere => i18n.tr("error-cancel-by-phone"),
            CancelRefusal::TooLate { notice_hours } => i18n
                .tr_args("error-cancel-too-late", vec![("hours", FluentValue::from(notice_hours))]),
            CancelRefusal::AlreadyCancelled => i18n.tr("error-cancel-already"),
            CancelRefusal::NotUpcoming => i18n.tr("error-cancel-not-upcoming"),
        },
        AppError::NoLink => i18n.tr("error-no-link"),
        AppError::ShareCodeRefused { max_days } => {
            i18n.tr_args("error-share-days", vec![("max", FluentValue::from(max_days))])
        }
        AppError::AnswersRefused => i18n.tr("questionnaire-fix"),
        AppError::QuestionnaireSubmitted => i18n.tr("error-questionnaire-submitted"),
        AppError::MessageRefused { problem } => {
            i18n.tr(crate::screens::messages::message_problem_key(problem))
        }
        _ => i18n.tr("error-unexpected"),
    }
}

/// What a form shows under its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    App(AppError),
    /// A check made in the UI before sending, by message key.
    Local(&'static str),
}

impl From<BackendError> for Problem {
    fn from(error: BackendError) -> Self {
        Problem::App(error.app_error())
    }
}

/// The error line of a form: announced by screen readers as soon as it appears.
#[component]
pub fn FormError(problem: RwSignal<Option<Problem>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || problem.get().is_some()>
            <p class="form-error" role="alert">
                {move || match problem.get() {
                    Some(Problem::App(error)) => error_message(i18n, error),
                    Some(Problem::Local(key)) => i18n.tr(key),
                    None => String::new(),
                }}
            </p>
        </Show>
    }
}

/// How a field is typed and filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text {
        autocomplete: &'static str,
    },
    Password {
        autocomplete: &'static str,
    },
    Email,
    Digits {
        autocomplete: &'static str,
        max_length: u8,
    },
    /// Six hidden digits, with the numeric keyboard on phones.
    Pin {
        autocomplete: &'static str,
    },
}

/// A labelled input bound to `value`. `label` is a message key; `label_text`, when given,
/// replaces it (for labels with arguments).
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    kind: FieldKind,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autofocus: bool,
    #[prop(optional)] label_text: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || label_text.map_or_else(|| i18n.tr(label), |text| text.get());
    let (input_type, autocomplete, inputmode, max_length) = match kind {
        FieldKind::Text { autocomplete } => ("text", autocomplete, "text", None),
        FieldKind::Password { autocomplete } => ("password", autocomplete, "text", None),
        FieldKind::Email => ("email", "email", "email", None),
        FieldKind::Digits { autocomplete, max_length } => {
            ("text", autocomplete, "numeric", Some(max_length))
        }
        FieldKind::Pin { autocomplete } => ("password", autocomplete, "numeric", Some(6)),
    };
    let hint_id = format!("{id}-hint");
    let described_by = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=max_length.map(|m| m.to_string())
                aria-describedby=described_by
                aria-required="true"
                autofocus=autofocus
                spellcheck="false"
                autocapitalize="none"
                bind:value=value
            />
            {hint.map(|key| view! { <p class="field-hint" id=hint_id.clone()>{move || i18n.tr(key)}</p> })}
        </div>
    }
}

/// The button row of a form: the submit button and, optionally, a way back.
#[component]
pub fn SubmitButton(
    id: &'static str,
    label: &'static str,
    busy: RwSignal<bool>,
    #[prop(optional)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            id=id
            class="button button-primary"
            disabled=move || busy.get() || disabled.is_some_and(|d| d.get())
        >
            {move || if busy.get() { i18n.tr("login-busy") } else { i18n.tr(label) }}
        </button>
    }
}

/// True (and the form shows "please fill in this field") when any of `fields` is empty.
pub fn missing(problem: RwSignal<Option<Problem>>, fields: &[RwSignal<String>]) -> bool {
    let empty = fields.iter().any(|f| f.with_untracked(|v| v.trim().is_empty()));
    if empty {
        problem.set(Some(Problem::Local("field-required")));
    }
    empty
}

/// Runs a form's action: busy while it runs, its error shown under the form, `on_done`
/// with its answer otherwise.
pub fn run_action<T: 'static>(
    busy: RwSignal<bool>,
    problem: RwSignal<Option<Problem>>,
    action: impl Future<Output = Result<T, BackendError>> + 'static,
    on_done: impl FnOnce(T) + 'static,
) {
    run_action_or(busy, problem, action, on_done, move |error| problem.set(Some(error.into())));
}

/// [`run_action`] for a form that handles its own errors: `on_error` gets the error
/// instead of the form showing it, so it decides what (if anything) goes into `problem`.
pub fn run_action_or<T: 'static>(
    busy: RwSignal<bool>,
    problem: RwSignal<Option<Problem>>,
    action: impl Future<Output = Result<T, BackendError>> + 'static,
    on_done: impl FnOnce(T) + 'static,
    on_error: impl FnOnce(BackendError) + 'static,
) {
    busy.set(true);
    problem.set(None);
    leptos::task::spawn_local(async move {
        let result = action.await;
        busy.set(false);
        match result {
            Ok(answer) => on_done(answer),
            Err(error) => on_error(error),
        }
    });
}

/// A button for something that cannot be undone: the first press asks once, in plain
/// words (`question`), what will be deleted; only "yes" (`{id}-confirm`) does it, "cancel"
/// (`{id}-cancel`) goes back.
///
/// `open`, when given, holds which question of a screen is open (by `id`), owned by the
/// screen: the question then stays open when the part of the screen around it is drawn
/// again (a change of language), and one question closes when another opens.
#[component]
pub fn ConfirmedAction(
    #[prop(into)] id: String,
    label: &'static str,
    question: Signal<String>,
    confirm_label: &'static str,
    busy: RwSignal<bool>,
    on_confirm: impl Fn() + Clone + Send + Sync + 'static,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] open: Option<RwSignal<Option<String>>>,
    // What the way back says, where "Cancel" would be read as the action itself.
    #[prop(optional)] back_label: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = open.unwrap_or_else(|| RwSignal::new(None));
    let back_label = back_label.unwrap_or("confirm-cancel");
    let asked_id = StoredValue::new(id.clone());
    let asking = move || open.with(|open| open.as_deref() == Some(asked_id.get_value().as_str()));
    let first_id = id.clone();
    view! {
        <Show
            when=asking
            fallback=move || view! {
                <button type="button" class=format!("button button-danger {class}") id=first_id.clone() on:click=move |_| open.set(Some(asked_id.get_value()))>
                    {move || i18n.tr(label)}
                </button>
            }
        >
            <div class="confirm" role="alertdialog" aria-labelledby=format!("{id}-question")>
                <p class="confirm-question" id=format!("{id}-question")>{move || question.get()}</p>
                <div class="actions">
                    <button
                        type="button"
                        class="button button-danger"
                        id=format!("{id}-confirm")
                        disabled=move || busy.get()
                        on:click={
                            let on_confirm = on_confirm.clone();
                            move |_| on_confirm()
                        }
                    >
                        {move || i18n.tr(confirm_label)}
                    </button>
                    <button type="button" class="button button-secondary" id=format!("{id}-cancel") on:click=move |_| open.set(None)>
                        {move || i18n.tr(back_label)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// The "Back" link-button at the top of a screen.
#[component]
pub fn BackButton(on_back: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="button-link back" id="back" on:click=move |_| on_back()>
            "← " {move || i18n.tr("back")}
        </button>
    }
}

/// "Last updated …", "Updating…", or offline with when it was last updated, over a list
/// read from the device. `saved` is (offline, last sync) once the list is read;
/// `offline_key` / `offline_never_key` say what is shown from the device.
#[component]
pub fn LastUpdated(
    id: &'static str,
    syncing: RwSignal<bool>,
    saved: Signal<Option<(bool, Option<i64>)>>,
    offline_key: &'static str,
    offline_never_key: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="sync-status" role="status" id=id>
            {move || {
                if syncing.get() {
                    return i18n.tr("updating");
                }
                let Some((offline, last)) = saved.get() else { return String::new() };
                let when = last.map(|at| crate::format::date_time(at, i18n.language()));
                match (offline, when) {
                    (true, Some(when)) => i18n.tr_args(offline_key, vec![("time", FluentValue::from(when))]),
                    (true, None) => i18n.tr(offline_never_key),
                    (false, Some(when)) => i18n.tr_args("reports-last-updated", vec![("time", FluentValue::from(when))]),
                    (false, None) => i18n.tr("reports-never-updated"),
                }
            }}
        </p>
    }
}
