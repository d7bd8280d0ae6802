//! The app root: translation and navigation context, the header shared by every screen,
//! and the current screen.

use dossier_api::shell::DeviceStateView;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    i18n::{I18n, Language, use_i18n},
    live::ShellEvents,
    nav::{Navigator, Screen},
    screens::{
        device::{DeviceGoneScreen, DevicesScreen, PinScreen, RegisterDeviceScreen},
        home::HomeScreen,
        login::{CodeScreen, LoginScreen},
        recovery::{BlockCardScreen, ForgotPasswordScreen, RequestCardScreen},
        reports::{HospitalsScreen, ReportScreen, ReportsScreen},
        settings::SettingsScreen,
        welcome::WelcomeScreen,
    },
    session::Session,
};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    ShellEvents::provide();
    let navigator = Navigator::provide(Session::provide());
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
        let _ = backend::on_locked(move || navigator.closed()).await;
    });
    view! {
        <div class="app">
            <AppHeader/>
            <main class="app-main">
                {move || match navigator.screen() {
                    Screen::Starting => ().into_any(),
                    Screen::Welcome => view! { <WelcomeScreen/> }.into_any(),
                    Screen::Login => view! { <LoginScreen/> }.into_any(),
                    Screen::Code(asked) => view! { <CodeScreen asked=asked/> }.into_any(),
                    Screen::Home => view! { <HomeScreen/> }.into_any(),
                    Screen::Settings => view! { <SettingsScreen/> }.into_any(),
                    Screen::ForgotPassword => view! { <ForgotPasswordScreen/> }.into_any(),
                    Screen::BlockCard => view! { <BlockCardScreen/> }.into_any(),
                    Screen::RequestCard => view! { <RequestCardScreen/> }.into_any(),
                    Screen::Pin => view! { <PinScreen/> }.into_any(),
                    Screen::RegisterDevice => view! { <RegisterDeviceScreen/> }.into_any(),
                    Screen::DeviceBlocked => view! { <DeviceGoneScreen blocked=true/> }.into_any(),
                    Screen::DeviceRemoved => view! { <DeviceGoneScreen blocked=false/> }.into_any(),
                    Screen::Devices => view! { <DevicesScreen/> }.into_any(),
                    Screen::Reports { record_id } => view! { <ReportsScreen record_id=record_id/> }.into_any(),
                    Screen::Report { record_id, report_id } => view! { <ReportScreen record_id=record_id report_id=report_id/> }.into_any(),
                    Screen::Hospitals { record_id } => view! { <HospitalsScreen record_id=record_id/> }.into_any(),
                }}
            </main>
        </div>
    }
}

#[component]
fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-header">
            <div class="brand">
                <img class="brand-logo" src="icon.png" alt="" width="32" height="32"/>
                <span class="brand-name">{move || i18n.tr("app-name")}</span>
            </div>
            <LanguageSwitch/>
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
