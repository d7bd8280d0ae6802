//! The code-card login: user name and password, then "enter code N" with a picture of the
//! card showing where code N is.

use dossier_api::{
    account::{CODES_PER_CARD, normalize_card_code},
    shell::{AppError, CodeAskedView},
};
use fluent_bundle::FluentValue;
use leptos::prelude::*;

use crate::{
    backend,
    forms::{BackButton, Field, FieldKind, FormError, Problem, SubmitButton, run_action_or},
    i18n::use_i18n,
    nav::{Screen, use_navigator},
};

/// A wait imposed by the server, counted down on screen; the button is disabled meanwhile.
fn start_countdown(problem: RwSignal<Option<Problem>>, waiting: RwSignal<bool>, seconds: u32) {
    waiting.set(true);
    problem.set(Some(Problem::App(AppError::SlowedDown { retry_after_seconds: seconds })));
    let remaining = RwSignal::new(seconds);
    let handle = set_interval_with_handle(
        move || {
            let left = remaining.get_untracked().saturating_sub(1);
            remaining.set(left);
            if left == 0 {
                waiting.set(false);
                problem.set(None);
            } else {
                problem.set(Some(Problem::App(AppError::SlowedDown { retry_after_seconds: left })));
            }
        },
        std::time::Duration::from_secs(1),
    );
    if let Ok(handle) = handle {
        // Stop ticking once the wait is over or the screen is left.
        Effect::new(move |_| {
            if !waiting.get() {
                handle.clear();
            }
        });
        on_cleanup(move || handle.clear());
    }
}

/// Shows `error`, with a live countdown for a wait. Runs under the screen's `owner`
/// (answers arrive outside it) so the countdown stops when the screen is left.
fn show_error(
    owner: &Owner,
    problem: RwSignal<Option<Problem>>,
    waiting: RwSignal<bool>,
    error: AppError,
) {
    match error {
        AppError::SlowedDown { retry_after_seconds } if retry_after_seconds > 0 => {
            owner.with(|| start_countdown(problem, waiting, retry_after_seconds));
        }
        error => problem.set(Some(Problem::App(error))),
    }
}

#[component]
pub fn LoginScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    // Kept from an attempt that ended (a refused code): only the password is typed again.
    let user_name = RwSignal::new(navigator.last_user_name());
    let password = RwSignal::new(String::new());
    let name_known = !user_name.get_untracked().is_empty();
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let waiting = RwSignal::new(false);
    let owner = Owner::current().expect("a component runs under an owner");

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if user_name.get_untracked().trim().is_empty() || password.get_untracked().is_empty() {
            problem.set(Some(Problem::Local("field-required")));
            return;
        }
        let action = backend::login_start(user_name.get_untracked(), password.get_untracked());
        let owner = owner.clone();
        run_action_or(
            busy,
            problem,
            action,
            move |asked| {
                // The password now waits in the core; the UI forgets it.
                password.set(String::new());
                navigator.remember_user_name(user_name.get_untracked().trim().to_owned());
                navigator.go(Screen::Code(asked));
            },
            move |error| show_error(&owner, problem, waiting, error.app_error()),
        );
    };

    view! {
        <section class="screen" aria-labelledby="login-title">
            <BackButton on_back=move || navigator.go(Screen::Welcome)/>
            <h1 id="login-title">{move || i18n.tr("login-title")}</h1>
            <p class="intro">{move || i18n.tr("login-intro")}</p>
            <form class="card form" on:submit=submit novalidate=true>
                <Field
                    id="user-name"
                    label="field-user-name"
                    value=user_name
                    kind=FieldKind::Text { autocomplete: "username" }
                    autofocus=!name_known
                />
                <Field
                    id="password"
                    label="field-password"
                    value=password
                    kind=FieldKind::Password { autocomplete: "current-password" }
                    autofocus=name_known
                />
                <FormError problem=problem/>
                <SubmitButton id="login-next" label="login-next" busy=busy disabled=Signal::from(waiting)/>
            </form>
            <nav class="help-links" aria-label=move || i18n.tr("welcome-help-heading")>
                <button type="button" class="button-link" id="go-forgot-password" on:click=move |_| navigator.go(Screen::ForgotPassword)>
                    {move || i18n.tr("welcome-forgot-password")}
                </button>
                <button type="button" class="button-link" id="go-block-card" on:click=move |_| navigator.go(Screen::BlockCard)>
                    {move || i18n.tr("welcome-block-card")}
                </button>
            </nav>
        </section>
    }
}

#[component]
pub fn CodeScreen(asked: CodeAskedView) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let index = asked.code_index;
    let last_code = asked.last_code;
    let code = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    // A refused code ends this attempt (the server used the challenge up): start again.
    let attempt_over = RwSignal::new(false);
    let index_arg = move || vec![("index", FluentValue::from(index))];

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = normalize_card_code(&code.get_untracked());
        if typed.is_empty() {
            problem.set(Some(Problem::Local("field-required")));
            return;
        }
        run_action_or(
            busy,
            problem,
            backend::login_finish(typed),
            move |home| {
                code.set(String::new());
                navigator.after_code_card_login(home);
            },
            move |error| {
                code.set(String::new());
                attempt_over.set(true);
                problem.set(Some(error.into()));
            },
        );
    };

    view! {
        <section class="screen" aria-labelledby="code-title">
            <BackButton on_back=move || navigator.go(Screen::Login)/>
            <Show
                when=move || attempt_over.get()
                fallback=move || view! {
                    <h1 id="code-title">{move || i18n.tr_args("code-title", index_arg())}</h1>
                    <p class="intro">{move || i18n.tr_args("code-intro", index_arg())}</p>
                    <Show when=move || last_code>
                        <p class="notice" id="code-last" role="note">{move || i18n.tr("code-last")}</p>
                    </Show>
                    <CardGrid highlighted=index/>
                }
            >
                // The attempt is over: say what happened and the one next step.
                <h1 id="code-title">{move || i18n.tr("code-refused-title")}</h1>
                <p class="intro" id="code-next-step">{move || i18n.tr("code-refused-intro")}</p>
            </Show>
            <form class="card form" on:submit=submit novalidate=true>
                <Show when=move || !attempt_over.get()>
                    <Field
                        id="code"
                        label="field-code"
                        label_text=Signal::derive(move || i18n.tr_args("field-code", index_arg()))
                        value=code
                        kind=FieldKind::Digits { autocomplete: "one-time-code", max_length: 8 }
                        autofocus=true
                    />
                </Show>
                <FormError problem=problem/>
                <Show
                    when=move || attempt_over.get()
                    fallback=move || view! { <SubmitButton id="code-submit" label="code-submit" busy=busy/> }
                >
                    <button type="button" id="code-restart" class="button button-primary" on:click=move |_| navigator.go(Screen::Login)>
                        {move || i18n.tr("code-restart")}
                    </button>
                </Show>
            </form>
        </section>
    }
}

/// The back of the code card: 24 numbered cells, 4 per row as printed (style.css and the
/// server's card PDF use the same grid), the asked one marked.
#[component]
pub fn CardGrid(highlighted: u8) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <figure class="code-card" aria-label=move || i18n.tr_args("code-card-label", vec![("index", FluentValue::from(highlighted))])>
            <div class="code-card-grid" aria-hidden="true">
                {(1..=CODES_PER_CARD)
                    .map(|n| {
                        let class = if n == highlighted { "code-cell code-cell-asked" } else { "code-cell" };
                        view! {
                            <span class=class data-position=n.to_string()>
                                <span class="code-cell-number">{n}</span>
                                // Six marks for six digits: the asked one shows where the
                                // code to type is.
                                <span class="code-cell-code">
                                    {if n == highlighted { "??????" } else { "••••••" }}
                                </span>
                            </span>
                        }
                    })
                    .collect_view()}
            </div>
        </figure>
    }
}
