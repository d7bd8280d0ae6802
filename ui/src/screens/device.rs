//! The registered device: open it with the PIN, register it after a code-card login, the
//! blocked and removed states, and "My devices".

use dossier_api::shell::{AppError, DeviceView};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    forms::{
        BackButton, ConfirmedAction, Field, FieldKind, FormError, Problem, SubmitButton, missing,
        run_action, run_action_or,
    },
    i18n::use_i18n,
    nav::{Screen, use_navigator},
};

/// Reads the device's registration again (after registering, unregistering, removal).
/// Takes the navigator: it runs from callbacks, outside the component that has it.
pub fn refresh_device_state(navigator: crate::nav::Navigator) {
    spawn_local(async move {
        if let Ok(device) = backend::device_state().await {
            navigator.set_device(device);
        }
    });
}

#[component]
pub fn PinScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let pin = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let name = move || navigator.device().and_then(|d| d.registered_as).unwrap_or_default();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if missing(problem, &[pin]) {
            return;
        }
        let action = backend::unlock(pin.get_untracked());
        pin.set(String::new());
        run_action_or(
            busy,
            problem,
            action,
            move |home| navigator.opened(home),
            move |error| match error.app_error() {
                // The device deleted its keys and reports: the first screen is no longer
                // the PIN.
                AppError::DeviceBlocked => {
                    refresh_device_state(navigator);
                    navigator.go(Screen::DeviceBlocked);
                }
                AppError::DeviceRemoved | AppError::NotRegistered => spawn_local(async move {
                    if let Ok(device) = backend::device_state().await {
                        navigator.set_device(device);
                    }
                    navigator.go(Screen::DeviceRemoved);
                }),
                error => problem.set(Some(Problem::App(error))),
            },
        );
    };

    view! {
        <section class="screen" aria-labelledby="pin-title">
            <h1 id="pin-title">{move || i18n.tr("pin-title")}</h1>
            <p class="intro" id="pin-device">
                {move || i18n.tr_args("pin-intro", vec![("name", FluentValue::from(name()))])}
            </p>
            <form class="card form" on:submit=submit novalidate=true>
                <Field
                    id="pin"
                    label="field-pin"
                    value=pin
                    kind=FieldKind::Pin { autocomplete: "off" }
                    autofocus=true
                />
                <FormError problem=problem/>
                <SubmitButton id="pin-submit" label="pin-submit" busy=busy/>
            </form>
            <nav class="help-links">
                <button type="button" class="button-link" id="pin-forgot" on:click=move |_| navigator.go(Screen::Login)>
                    {move || i18n.tr("pin-forgot")}
                </button>
            </nav>
        </section>
    }
}

#[component]
pub fn RegisterDeviceScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let suggested = navigator.device().map(|d| d.suggested_name).unwrap_or_default();
    let again =
        navigator.device().is_some_and(|d| d.registered_as.is_some() || d.registered_before);
    let name = RwSignal::new(suggested);
    let pin = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if missing(problem, &[pin, repeat]) {
            return;
        }
        if pin.get_untracked() != repeat.get_untracked() {
            problem.set(Some(Problem::Local("error-pin-mismatch")));
            return;
        }
        let action = backend::register_device(name.get_untracked(), pin.get_untracked());
        pin.set(String::new());
        repeat.set(String::new());
        run_action(busy, problem, action, move |home| {
            refresh_device_state(navigator);
            navigator.opened(home);
        });
    };

    view! {
        <section class="screen" aria-labelledby="register-title">
            <h1 id="register-title">
                {move || if again { i18n.tr("register-again-title") } else { i18n.tr("register-title") }}
            </h1>
            <p class="intro">{move || i18n.tr("register-intro")}</p>
            <form class="card form" on:submit=submit novalidate=true>
                <Field id="device-name" label="field-device-name" value=name kind=FieldKind::Text { autocomplete: "off" }/>
                <p class="field-hint">{move || i18n.tr("register-pin-rules")}</p>
                <Field id="new-pin" label="field-new-pin" value=pin kind=FieldKind::Pin { autocomplete: "off" } autofocus=true/>
                <Field id="repeat-pin" label="field-repeat-pin" value=repeat kind=FieldKind::Pin { autocomplete: "off" }/>
                <FormError problem=problem/>
                <SubmitButton id="register-submit" label="register-submit" busy=busy/>
            </form>
            <div class="card skip">
                <button type="button" class="button button-secondary" id="register-skip" on:click=move |_| navigator.go(Screen::Home)>
                    {move || i18n.tr("register-skip")}
                </button>
                <p class="field-hint">{move || i18n.tr("register-skip-hint")}</p>
            </div>
        </section>
    }
}

/// Blocked or removed: say so, and offer the way back (the code card).
#[component]
pub fn DeviceGoneScreen(blocked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let (title, intro) = if blocked {
        ("blocked-title", "blocked-intro")
    } else {
        ("removed-title", "removed-intro")
    };
    view! {
        <section class="screen" aria-labelledby="gone-title">
            <h1 id="gone-title">{move || i18n.tr(title)}</h1>
            <p class="notice notice-warning" role="alert" id="gone-intro">{move || i18n.tr(intro)}</p>
            <button type="button" class="button button-primary button-wide" id="register-again" on:click=move |_| navigator.go(Screen::Login)>
                {move || i18n.tr("blocked-register")}
            </button>
        </section>
    }
}

#[component]
pub fn DevicesScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let devices = RwSignal::new(Vec::<DeviceView>::new());
    let problem = RwSignal::new(None::<Problem>);
    let removed = RwSignal::new(None::<String>);
    spawn_local(async move {
        match backend::devices().await {
            Ok(list) => devices.set(list),
            Err(error) => problem.set(Some(error.into())),
        }
    });

    view! {
        <section class="screen" aria-labelledby="devices-title">
            <BackButton on_back=move || navigator.go(Screen::Settings)/>
            <h1 id="devices-title">{move || i18n.tr("devices-title")}</h1>
            <FormError problem=problem/>
            <Show when=move || removed.get().is_some()>
                <p class="notice notice-success" role="status" id="device-removed">
                    {move || i18n.tr_args("devices-removed", vec![("name", FluentValue::from(removed.get().unwrap_or_default()))])}
                </p>
            </Show>
            <ul class="card-list" id="device-list">
                <For each=move || devices.get() key=|device| device.id.clone() let:device>
                    <DeviceRow device=device devices=devices problem=problem removed=removed/>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn DeviceRow(
    device: DeviceView,
    devices: RwSignal<Vec<DeviceView>>,
    problem: RwSignal<Option<Problem>>,
    removed: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let DeviceView { id, name, last_used, registered_on, blocked, this_device } = device;
    let shown_name = name.clone();
    let question_name = name.clone();
    let row_id = id.clone();
    let busy = RwSignal::new(false);
    let remove = move || {
        let (id, name) = (id.clone(), name.clone());
        busy.set(true);
        spawn_local(async move {
            match backend::remove_device(id.clone()).await {
                Ok(()) => {
                    removed.set(Some(name));
                    devices.update(|list| list.retain(|d| d.id != id));
                }
                Err(error) => problem.set(Some(error.into())),
            }
            busy.set(false);
        });
    };
    view! {
        <li class="card device">
            <p class="card-title">{shown_name}</p>
            <p class="muted-line">
                {move || if this_device {
                    i18n.tr("devices-this")
                } else {
                    // Formatted here, so it follows a change of language.
                    let date = crate::format::long_date(last_used, i18n.language());
                    i18n.tr_args("devices-last-used", vec![("date", FluentValue::from(date))])
                }}
                {move || if blocked { format!(" · {}", i18n.tr("devices-blocked")) } else { String::new() }}
            </p>
            <p class="muted-line device-registered">
                {move || {
                    let date = crate::format::long_date(registered_on, i18n.language());
                    i18n.tr_args("devices-registered-on", vec![("date", FluentValue::from(date))])
                }}
            </p>
            <Show when=move || !this_device>
                <ConfirmedAction
                    id=format!("remove-{row_id}")
                    class="device-remove"
                    label="devices-remove"
                    question=Signal::derive({
                        let name = question_name.clone();
                        move || i18n.tr_args("devices-remove-question", vec![("name", FluentValue::from(name.clone()))])
                    })
                    confirm_label="devices-remove-confirm"
                    busy=busy
                    on_confirm=remove.clone()
                />
            </Show>
        </li>
    }
}
