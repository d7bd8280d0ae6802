//! Without being logged in: forgotten password, block a lost card, request a card by post.

use dossier_api::{NationalRegisterNumber, shell::AppError};
use fluent_bundle::FluentValue;
use leptos::prelude::*;

use crate::{
    backend,
    forms::{BackButton, Field, FieldKind, FormError, Problem, SubmitButton, missing, run_action},
    i18n::use_i18n,
    nav::{Screen, use_navigator},
};

#[component]
pub fn ForgotPasswordScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let user_name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if missing(problem, &[user_name]) {
            return;
        }
        let action = backend::request_password_reset(user_name.get_untracked(), i18n.language());
        run_action(busy, problem, action, move |()| done.set(true));
    };

    view! {
        <section class="screen" aria-labelledby="forgot-title">
            <BackButton on_back=move || navigator.go(Screen::Login)/>
            <h1 id="forgot-title">{move || i18n.tr("forgot-title")}</h1>
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <p class="intro">{move || i18n.tr("forgot-intro")}</p>
                    <form class="card form" on:submit=submit novalidate=true>
                        <Field
                            id="forgot-user-name"
                            label="field-user-name"
                            value=user_name
                            kind=FieldKind::Text { autocomplete: "username" }
                            autofocus=true
                        />
                        <FormError problem=problem/>
                        <SubmitButton id="forgot-submit" label="forgot-submit" busy=busy/>
                    </form>
                }
            >
                <p class="notice notice-success" role="status" id="forgot-done">{move || i18n.tr("forgot-done")}</p>
            </Show>
        </section>
    }
}

#[component]
pub fn BlockCardScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let user_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let blocked = RwSignal::new(None::<String>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if missing(problem, &[user_name, password]) {
            return;
        }
        let action = backend::block_card(user_name.get_untracked(), password.get_untracked());
        password.set(String::new());
        run_action(busy, problem, action, move |serial| blocked.set(Some(serial)));
    };

    view! {
        <section class="screen" aria-labelledby="block-title">
            <BackButton on_back=move || navigator.go(Screen::Welcome)/>
            <h1 id="block-title">{move || i18n.tr("block-title")}</h1>
            <Show
                when=move || blocked.get().is_some()
                fallback=move || view! {
                    <p class="intro">{move || i18n.tr("block-intro")}</p>
                    <form class="card form" on:submit=submit novalidate=true>
                        <Field
                            id="block-user-name"
                            label="field-user-name"
                            value=user_name
                            kind=FieldKind::Text { autocomplete: "username" }
                            autofocus=true
                        />
                        <Field
                            id="block-password"
                            label="field-password"
                            value=password
                            kind=FieldKind::Password { autocomplete: "current-password" }
                        />
                        <FormError problem=problem/>
                        <SubmitButton id="block-submit" label="block-submit" busy=busy/>
                    </form>
                }
            >
                <p class="notice notice-success" role="status" id="block-done">
                    {move || i18n.tr_args("block-done", vec![("serial", FluentValue::from(blocked.get().unwrap_or_default()))])}
                </p>
                <button type="button" class="button button-primary" id="go-request-card" on:click=move |_| navigator.go(Screen::RequestCard)>
                    {move || i18n.tr("welcome-request-card")}
                </button>
            </Show>
        </section>
    }
}

#[component]
pub fn RequestCardScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let number = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if missing(problem, &[number, email]) {
            return;
        }
        // Same check as the server, at once: most typing mistakes fail the mod-97 test.
        if NationalRegisterNumber::parse(&number.get_untracked()).is_err() {
            problem.set(Some(Problem::App(AppError::InvalidRegisterNumber)));
            return;
        }
        let action =
            backend::request_card(number.get_untracked(), email.get_untracked(), i18n.language());
        run_action(busy, problem, action, move |()| {
            number.set(String::new());
            done.set(true);
        });
    };

    view! {
        <section class="screen" aria-labelledby="request-title">
            <BackButton on_back=move || navigator.go(Screen::Welcome)/>
            <h1 id="request-title">{move || i18n.tr("request-title")}</h1>
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <p class="intro">{move || i18n.tr("request-intro")}</p>
                    <form class="card form" on:submit=submit novalidate=true>
                        <Field
                            id="register-number"
                            label="field-register-number"
                            value=number
                            kind=FieldKind::Digits { autocomplete: "off", max_length: 15 }
                            hint="field-register-number-hint"
                            autofocus=true
                        />
                        <Field
                            id="email"
                            label="field-email"
                            value=email
                            kind=FieldKind::Email
                        />
                        <FormError problem=problem/>
                        <SubmitButton id="request-submit" label="request-submit" busy=busy/>
                    </form>
                    <p class="notice" id="request-foreign">{move || i18n.tr("request-foreign")}</p>
                }
            >
                <p class="notice notice-success" role="status" id="request-done">{move || i18n.tr("request-done")}</p>
            </Show>
        </section>
    }
}
