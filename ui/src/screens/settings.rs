//! Settings: change the user name and the password (both need the current password).

use dossier_api::{details::NotificationSettings, shell::SessionKind};
use fluent_bundle::FluentValue;
use leptos::prelude::*;

use crate::{
    backend::{self, BackendError},
    forms::{
        BackButton, ConfirmedAction, Field, FieldKind, FormError, Problem, SubmitButton, missing,
        run_action,
    },
    i18n::use_i18n,
    nav::{Screen, use_navigator},
    session::use_session,
};

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let on_device = use_session().account().is_some_and(|a| a.session == SessionKind::Device);
    let registered = navigator.device().is_some_and(|d| d.registered_as.is_some());
    view! {
        <section class="screen" aria-labelledby="settings-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="settings-title">{move || i18n.tr("settings-title")}</h1>
            <button
                type="button"
                class="button button-secondary button-wide"
                id="go-devices"
                on:click=move |_| navigator.go(Screen::Devices)
            >
                {move || i18n.tr("settings-devices")}
            </button>
            <Show when=move || on_device>
                <ChangeSecret form=PIN_FORM change=backend::change_pin/>
            </Show>
            <Notifications/>
            <ChangeUserName/>
            <ChangeSecret form=PASSWORD_FORM change=backend::change_password/>
            <Show when=move || registered>
                <Unregister/>
            </Show>
        </section>
    }
}

/// E-mail notifications: something new (at most one an hour, never what), and a reminder
/// the day before an appointment. Saved at once when a box changes.
#[component]
fn Notifications() -> impl IntoView {
    let i18n = use_i18n();
    let something_new = RwSignal::new(None::<bool>);
    let reminder = RwSignal::new(None::<bool>);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        match backend::notification_settings().await {
            Ok(settings) => {
                something_new.set(Some(settings.something_new));
                reminder.set(Some(settings.appointment_reminder));
            }
            Err(error) => problem.set(Some(error.into())),
        }
    });
    let save = move || {
        let (Some(new), Some(remind)) = (something_new.get_untracked(), reminder.get_untracked())
        else {
            return;
        };
        saved.set(false);
        let settings = NotificationSettings { something_new: new, appointment_reminder: remind };
        run_action(busy, problem, backend::change_notification_settings(settings), move |now| {
            something_new.set(Some(now.something_new));
            reminder.set(Some(now.appointment_reminder));
            saved.set(true);
        });
    };
    let choice = move |id: &'static str, key: &'static str, value: RwSignal<Option<bool>>| {
        view! {
            <label class="checkbox">
                <input
                    type="checkbox"
                    id=id
                    prop:checked=move || value.get().unwrap_or(false)
                    disabled=move || value.get().is_none() || busy.get()
                    on:change=move |ev| {
                        value.set(Some(event_target_checked(&ev)));
                        save();
                    }
                />
                <span>{move || i18n.tr(key)}</span>
            </label>
        }
    };
    view! {
        <section class="card form" aria-labelledby="notifications-heading" id="notifications">
            <h2 id="notifications-heading" class="form-heading">{move || i18n.tr("notifications-heading")}</h2>
            <p class="field-hint">{move || i18n.tr("notifications-intro")}</p>
            {choice("notify-something-new", "notifications-something-new", something_new)}
            {choice("notify-reminder", "notifications-reminder", reminder)}
            <FormError problem=problem/>
            <Show when=move || saved.get()>
                <p class="notice notice-success" role="status" id="notifications-saved">{move || i18n.tr("notifications-saved")}</p>
            </Show>
        </section>
    }
}

/// Unregister this device: keys, data and session go; the next login is with the code card.
#[component]
fn Unregister() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let unregister = move || {
        let action = backend::unregister_device();
        run_action(busy, problem, action, move |()| {
            crate::screens::device::refresh_device_state(navigator);
            navigator.go(Screen::Welcome);
        });
    };
    view! {
        <section class="card form" aria-labelledby="unregister-heading">
            <h2 id="unregister-heading" class="form-heading">{move || i18n.tr("settings-unregister-heading")}</h2>
            <p class="field-hint">{move || i18n.tr("settings-unregister-intro")}</p>
            <FormError problem=problem/>
            <ConfirmedAction
                id="unregister"
                label="settings-unregister"
                question=Signal::derive(move || i18n.tr("settings-unregister-question"))
                confirm_label="settings-unregister-confirm"
                busy=busy
                on_confirm=unregister
            />
        </section>
    }
}

#[component]
fn ChangeUserName() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let new_user_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        if missing(problem, &[new_user_name, password]) {
            return;
        }
        let wanted = new_user_name.get_untracked().trim().to_owned();
        let action = backend::change_user_name(wanted.clone(), password.get_untracked());
        password.set(String::new());
        run_action(busy, problem, action, move |()| {
            new_user_name.set(String::new());
            session.renamed(wanted.clone());
            done.set(Some(wanted));
        });
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true aria-labelledby="user-name-heading">
            <h2 id="user-name-heading" class="form-heading">{move || i18n.tr("settings-user-name-heading")}</h2>
            <Field
                id="new-user-name"
                label="field-new-user-name"
                value=new_user_name
                kind=FieldKind::Text { autocomplete: "username" }
            />
            <Field
                id="user-name-password"
                label="field-current-password"
                value=password
                kind=FieldKind::Password { autocomplete: "current-password" }
            />
            <FormError problem=problem/>
            <Show when=move || done.get().is_some()>
                <p class="notice notice-success" role="status" id="user-name-done">
                    {move || i18n.tr_args("settings-user-name-done", vec![("user", FluentValue::from(done.get().unwrap_or_default()))])}
                </p>
            </Show>
            <SubmitButton id="save-user-name" label="settings-user-name-save" busy=busy/>
        </form>
    }
}

/// One field of a [`SecretForm`].
#[derive(Debug, Clone, Copy)]
struct SecretField {
    id: &'static str,
    /// Message key.
    label: &'static str,
    kind: FieldKind,
}

/// What differs between the forms that change a secret (the PIN, the password): ids,
/// message keys and field kinds. Message keys are checked by the tests below (the key scan
/// in i18n.rs does not see them here).
#[derive(Debug, Clone, Copy)]
struct SecretForm {
    /// The heading's id, which also labels the form.
    heading_id: &'static str,
    heading: &'static str,
    rules: &'static str,
    current: SecretField,
    new: SecretField,
    repeat: SecretField,
    mismatch: &'static str,
    done_id: &'static str,
    done: &'static str,
    save_id: &'static str,
    save: &'static str,
}

const PIN_FORM: SecretForm = SecretForm {
    heading_id: "pin-heading",
    heading: "settings-pin-heading",
    rules: "register-pin-rules",
    current: SecretField {
        id: "current-pin",
        label: "field-current-pin",
        kind: FieldKind::Pin { autocomplete: "off" },
    },
    new: SecretField {
        id: "changed-pin",
        label: "field-new-pin",
        kind: FieldKind::Pin { autocomplete: "off" },
    },
    repeat: SecretField {
        id: "changed-pin-repeat",
        label: "field-repeat-pin",
        kind: FieldKind::Pin { autocomplete: "off" },
    },
    mismatch: "error-pin-mismatch",
    done_id: "pin-done",
    done: "settings-pin-done",
    save_id: "save-pin",
    save: "settings-pin-save",
};

const PASSWORD_FORM: SecretForm = SecretForm {
    heading_id: "password-heading",
    heading: "settings-password-heading",
    rules: "settings-password-rules",
    current: SecretField {
        id: "current-password",
        label: "field-current-password",
        kind: FieldKind::Password { autocomplete: "current-password" },
    },
    new: SecretField {
        id: "new-password",
        label: "field-new-password",
        kind: FieldKind::Password { autocomplete: "new-password" },
    },
    repeat: SecretField {
        id: "repeat-password",
        label: "field-repeat-password",
        kind: FieldKind::Password { autocomplete: "new-password" },
    },
    mismatch: "error-password-mismatch",
    done_id: "password-done",
    done: "settings-password-done",
    save_id: "save-password",
    save: "settings-password-save",
};

/// Changes a secret: the current one, then the new one twice; `change` gets the current
/// and the new one.
#[component]
fn ChangeSecret<F, Fut>(form: SecretForm, change: F) -> impl IntoView
where
    F: Fn(String, String) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<(), BackendError>> + 'static,
{
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        // An empty repeat is a missing field in both forms (the password form said "do not
        // match" for it).
        if missing(problem, &[current, new, repeat]) {
            return;
        }
        if new.get_untracked() != repeat.get_untracked() {
            problem.set(Some(Problem::Local(form.mismatch)));
            return;
        }
        let action = change(current.get_untracked(), new.get_untracked());
        for field in [current, new, repeat] {
            field.set(String::new());
        }
        run_action(busy, problem, action, move |()| done.set(true));
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true aria-labelledby=form.heading_id>
            <h2 id=form.heading_id class="form-heading">{move || i18n.tr(form.heading)}</h2>
            <p class="field-hint">{move || i18n.tr(form.rules)}</p>
            <Field id=form.current.id label=form.current.label value=current kind=form.current.kind/>
            <Field id=form.new.id label=form.new.label value=new kind=form.new.kind/>
            <Field id=form.repeat.id label=form.repeat.label value=repeat kind=form.repeat.kind/>
            <FormError problem=problem/>
            <Show when=move || done.get()>
                <p class="notice notice-success" role="status" id=form.done_id>{move || i18n.tr(form.done)}</p>
            </Show>
            <SubmitButton id=form.save_id label=form.save busy=busy/>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, translate};

    #[test]
    fn every_secret_form_key_has_a_message_in_every_language() {
        for form in [PIN_FORM, PASSWORD_FORM] {
            let keys = [
                form.heading,
                form.rules,
                form.current.label,
                form.new.label,
                form.repeat.label,
                form.mismatch,
                form.done,
                form.save,
            ];
            for key in keys {
                for language in Language::ALL {
                    assert_ne!(translate(language, key, None), key, "{key} in {language:?}");
                }
            }
        }
    }
}
