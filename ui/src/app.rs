//! The app root: translation and navigation context, the header shared by every screen,
//! and the current screen.

use dossier_api::shell::DeviceStateView;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    i18n::{I18n, Language, use_i18n},
    lazy_screens::{self, lazy_screen},
    live::{ShellEvents, use_shell_events},
    nav::{Navigator, Screen, use_navigator},
    screens::{
        device::{DeviceGoneScreen, PinScreen, RegisterDeviceScreen},
        home::HomeScreen,
        login::{CodeScreen, LoginScreen},
        records::{RecordBanner, RecordsScreen},
        reports::{ReportScreen, ReportsScreen},
        welcome::WelcomeScreen,
    },
    session::{Session, use_session},
};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    ShellEvents::provide();
    let session = Session::provide();
    let navigator = Navigator::provide(session);
    // A phone's on-screen keyboard shrinks the window: keep the field being typed in and
    // its form's button in view (the PIN and code screens have a picture above them).
    let _ = window_event_listener(leptos::ev::resize, |_| keep_typed_form_in_view());
    // A sync that completes may have changed which records the user may open.
    let events = use_shell_events();
    Effect::watch(
        move || events.sync.get().is_some_and(|progress| progress.done),
        move |done, _, _| {
            if *done && session.account().is_some() {
                session.refresh_records();
            }
        },
        false,
    );
    // Records closed while the app was open (a 15th birthday at midnight).
    Effect::watch(
        move || events.records_changed.get(),
        move |_, _, _| {
            if session.account().is_some() {
                session.refresh_records();
            }
        },
        false,
    );
    // A registered device opens on the PIN screen; the app locking itself goes back there.
    // What the last start learned (not secret: that this device is registered, and its
    // name) shows the PIN screen at once; the shell's answer then confirms or corrects it.
    if let Some(name) = crate::nav::remembered_registration() {
        navigator.set_device(DeviceStateView {
            can_register: true,
            registered_as: Some(name),
            registered_before: true,
            keys_lost: None,
            suggested_name: String::new(),
            // Until the shell answers (a report opens only after the PIN, by then it has).
            can_print: false,
        });
        navigator.go(Screen::Pin);
    }
    spawn_local(async move {
        // Without the shell's answer, the Welcome screen says what is wrong (not the PIN
        // screen a hint may have shown).
        let start = match backend::device_state().await {
            Ok(device) => {
                navigator.set_device(device);
                navigator.start_screen()
            }
            Err(_) => Screen::Welcome,
        };
        if navigator.screen_untracked() != start {
            navigator.go(start);
        }
        let _ = backend::on_locked(move || navigator.closed(true)).await;
    });
    view! {
        <div class="app">
            <AppHeader/>
            <main class="app-main">
                <RecordBanner/>
                {move || match navigator.screen() {
                    Screen::Starting => ().into_any(),
                    Screen::Welcome => view! { <WelcomeScreen/> }.into_any(),
                    Screen::Login => view! { <LoginScreen/> }.into_any(),
                    Screen::Code(asked) => view! { <CodeScreen asked=asked/> }.into_any(),
                    Screen::Home => view! { <HomeScreen/> }.into_any(),
                    Screen::Records => view! { <RecordsScreen/> }.into_any(),
                    Screen::AskForChild => lazy_screen(lazy_screens::ask_for_child()),
                    Screen::RecordAccess => lazy_screen(lazy_screens::record_access()),
                    Screen::Settings => lazy_screen(lazy_screens::settings()),
                    Screen::ForgotPassword => lazy_screen(lazy_screens::forgot_password()),
                    Screen::BlockCard => lazy_screen(lazy_screens::block_card()),
                    Screen::RequestCard => lazy_screen(lazy_screens::request_card()),
                    Screen::Pin => view! { <PinScreen/> }.into_any(),
                    Screen::RegisterDevice => view! { <RegisterDeviceScreen/> }.into_any(),
                    Screen::DeviceBlocked => view! { <DeviceGoneScreen blocked=true/> }.into_any(),
                    Screen::DeviceRemoved => view! { <DeviceGoneScreen blocked=false/> }.into_any(),
                    Screen::Devices => lazy_screen(lazy_screens::devices()),
                    Screen::Reports { record_id } => view! { <ReportsScreen record_id=record_id/> }.into_any(),
                    Screen::Report { record_id, report_id, back } => {
                        view! { <ReportScreen record_id=record_id report_id=report_id back=back.map(|b| *b)/> }.into_any()
                    }
                    Screen::LabValues { record_id } => lazy_screen(lazy_screens::lab_values(record_id)),
                    Screen::LabChart { record_id, key, period, point } => {
                        lazy_screen(lazy_screens::lab_chart(record_id, key, period, point))
                    }
                    Screen::Hospitals { record_id } => lazy_screen(lazy_screens::hospitals(record_id)),
                    Screen::CareAccess { record_id } => lazy_screen(lazy_screens::care_access(record_id)),
                    Screen::Details { record_id } => lazy_screen(lazy_screens::details(record_id)),
                    Screen::Appointments { record_id } => lazy_screen(lazy_screens::appointments(record_id)),
                    Screen::Invoices { record_id } => lazy_screen(lazy_screens::invoices(record_id)),
                    Screen::Questionnaires { record_id } => lazy_screen(lazy_screens::questionnaires(record_id)),
                    Screen::Questionnaire { record_id, questionnaire_id } => {
                        lazy_screen(lazy_screens::questionnaire(record_id, questionnaire_id))
                    }
                    Screen::Messages { record_id } => lazy_screen(lazy_screens::messages(record_id)),
                    Screen::MessageThread { record_id, thread_id } => {
                        lazy_screen(lazy_screens::message_thread(record_id, thread_id))
                    }
                    Screen::NewMessage { record_id } => lazy_screen(lazy_screens::new_message(record_id)),
                }}
            </main>
        </div>
    }
}

#[component]
fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    // The switcher, from every screen, once there is more than one record to open.
    let can_switch = move || session.account().is_some() && session.records().len() > 1;
    view! {
        <header class="app-header">
            <div class="brand">
                <img class="brand-logo" src="icon.png" alt="" width="32" height="32"/>
                <span class="brand-name">{move || i18n.tr("app-name")}</span>
            </div>
            <div class="header-actions">
                <Show when=can_switch>
                    <button type="button" class="button button-secondary header-switch" id="go-records" on:click=move |_| navigator.go(Screen::Records)>
                        {move || i18n.tr("records-switch")}
                    </button>
                </Show>
                <LanguageSwitch/>
            </div>
        </header>
    }
}

/// NL / FR / EN. Each button names its language in that language, for screen readers too.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div
            class="language-switch"
            role="group"
            aria-label=move || i18n.tr("language-switch-label")
        >
            {Language::ALL
                .into_iter()
                .map(|language| {
                    view! {
                        <button
                            type="button"
                            class="language-option"
                            id=format!("language-{}", language.code())
                            lang=language.code()
                            aria-label=language.endonym()
                            title=language.endonym()
                            aria-pressed=move || (i18n.language() == language).to_string()
                            on:click=move |_| i18n.set_language(language)
                        >
                            {language.code().to_uppercase()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Scrolls the form of the focused field up just enough to show it whole, when the window
/// got too short for it (the keyboard opened).
fn keep_typed_form_in_view() {
    let Some(active) = document().active_element() else { return };
    if active.tag_name() != "INPUT" {
        return;
    }
    let Some(form) = active.closest("form").ok().flatten() else { return };
    let rect = form.get_bounding_client_rect();
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(f64::MAX);
    if rect.bottom() > height {
        // Bottom edge to the window's bottom: the button shows, and the field above it
        // when the form fits.
        form.scroll_into_view_with_bool(false);
    } else if rect.top() < 0.0 {
        active.scroll_into_view();
    }
}
