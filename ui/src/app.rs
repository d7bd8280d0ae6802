//! The app root: translation context, the header shared by every screen, the current screen.

use leptos::prelude::*;

use crate::{
    i18n::{I18n, Language, use_i18n},
    screens::welcome::WelcomeScreen,
};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    view! {
        <div class="app">
            <AppHeader/>
            <main class="app-main">
                <WelcomeScreen/>
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
