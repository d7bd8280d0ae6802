//! Settings: change the user name and the password (both need the current password).

use dossier_api::shell::SessionKind;
use fluent_bundle::FluentValue;
use leptos::prelude::*;

use crate::{
    backend,
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
                <ChangePin/>
            </Show>
            <ChangeUserName/>
            <ChangePassword/>
            <Show when=move || registered>
                <Unregister/>
            </Show>
        </section>
    }
}

#[component]
fn ChangePin() -> impl IntoView {
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
        if missing(problem, &[current, new, repeat]) {
            return;
        }
        if new.get_untracked() != repeat.get_untracked() {
            problem.set(Some(Problem::Local("error-pin-mismatch")));
            return;
        }
        let action = backend::change_pin(current.get_untracked(), new.get_untracked());
        for field in [current, new, repeat] {
            field.set(String::new());
        }
        run_action(busy, problem, action, move |()| done.set(true));
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true aria-labelledby="pin-heading">
            <h2 id="pin-heading" class="form-heading">{move || i18n.tr("settings-pin-heading")}</h2>
            <p class="field-hint">{move || i18n.tr("register-pin-rules")}</p>
            <Field id="current-pin" label="field-current-pin" value=current kind=FieldKind::Pin { autocomplete: "off" }/>
            <Field id="changed-pin" label="field-new-pin" value=new kind=FieldKind::Pin { autocomplete: "off" }/>
            <Field id="changed-pin-repeat" label="field-repeat-pin" value=repeat kind=FieldKind::Pin { autocomplete: "off" }/>
            <FormError problem=problem/>
            <Show when=move || done.get()>
                <p class="notice notice-success" role="status" id="pin-done">{move || i18n.tr("settings-pin-done")}</p>
            </Show>
            <SubmitButton id="save-pin" label="settings-pin-save" busy=busy/>
        </form>
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

#[component]
fn ChangePassword() -> impl IntoView {
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
        if missing(problem, &[current, new]) {
            return;
        }
        if new.get_untracked() != repeat.get_untracked() {
            problem.set(Some(Problem::Local("error-password-mismatch")));
            return;
        }
        let action = backend::change_password(current.get_untracked(), new.get_untracked());
        for field in [current, new, repeat] {
            field.set(String::new());
        }
        run_action(busy, problem, action, move |()| done.set(true));
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true aria-labelledby="password-heading">
            <h2 id="password-heading" class="form-heading">{move || i18n.tr("settings-password-heading")}</h2>
            <p class="field-hint">{move || i18n.tr("settings-password-rules")}</p>
            <Field
                id="current-password"
                label="field-current-password"
                value=current
                kind=FieldKind::Password { autocomplete: "current-password" }
            />
            <Field
                id="new-password"
                label="field-new-password"
                value=new
                kind=FieldKind::Password { autocomplete: "new-password" }
            />
            <Field
                id="repeat-password"
                label="field-repeat-password"
                value=repeat
                kind=FieldKind::Password { autocomplete: "new-password" }
            />
            <FormError problem=problem/>
            <Show when=move || done.get()>
                <p class="notice notice-success" role="status" id="password-done">{move || i18n.tr("settings-password-done")}</p>
            </Show>
            <SubmitButton id="save-password" label="settings-password-save" busy=busy/>
        </form>
    }
}
