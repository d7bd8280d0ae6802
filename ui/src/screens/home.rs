//! The home screen after login: whose record this is (from the server), and the state of
//! the code card.

use dossier_api::shell::SessionKind;
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    format::long_date,
    i18n::use_i18n,
    live::use_shell_events,
    nav::{Screen, use_navigator},
    session::use_session,
};

#[component]
pub fn HomeScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    // A sync may have changed which records can be opened since the list was last read.
    session.refresh_records();
    let (Some(account), Some(_)) = (session.account(), session.viewed()) else {
        // Nobody is logged in (the app locked meanwhile): back to the first screen.
        navigator.closed(true);
        return ().into_any();
    };
    // The record shown follows the switcher (after an unlock the list comes back a moment
    // later, with the record that was chosen before the lock).
    let viewed = Memo::new(move |_| session.viewed());
    let name = move || {
        viewed.get().map(|r| format!("{} {}", r.given_name, r.family_name)).unwrap_or_default()
    };
    let born = move || viewed.get().map(|r| r.date_of_birth);
    let user = account.user_name.clone();
    let card = account.card.clone();
    let kind = account.session;
    let offline = kind == SessionKind::Offline;
    // A registered device locks (back to the PIN); elsewhere one logs out.
    let registered = kind != SessionKind::CodeCard;
    // Opened offline, the app logs in by itself once the server answers again: show what
    // works now.
    if offline {
        let back_online = use_shell_events().back_online;
        let seen = back_online.get_untracked();
        Effect::new(move |_| {
            if back_online.get() != seen {
                spawn_local(async move {
                    if let Ok(home) = backend::home().await {
                        navigator.opened(home);
                    }
                });
            }
        });
    }

    let logout = move |_| {
        spawn_local(async move {
            if registered {
                let _ = backend::lock().await;
            } else {
                let _ = backend::logout().await;
            }
            // A lock comes back to the record that was shown; a logout does not.
            navigator.closed(registered);
        });
    };

    view! {
        <section class="screen" aria-labelledby="home-title">
            <Show when=move || offline>
                <p class="notice notice-warning offline-banner" role="status" id="offline-banner">
                    {move || i18n.tr("home-offline")}
                </p>
            </Show>
            <h1 id="home-title">{move || i18n.tr_args("home-title", vec![("name", FluentValue::from(name()))])}</h1>
            <p class="intro" id="home-born">
                {move || i18n.tr_args("home-born", vec![("date", FluentValue::from(born().map(|born| long_date(born, i18n.language())).unwrap_or_default()))])}
            </p>
            // Offline nobody is logged in with the server (the banner says what is shown).
            <Show when=move || !offline>
                <p class="muted" id="home-user">{
                    let user = user.clone();
                    move || i18n.tr_args("home-user-name", vec![("user", FluentValue::from(user.clone()))])
                }</p>
            </Show>
            <button type="button" class="button button-primary button-wide" id="go-reports" on:click={
                move |_| if let Some(record) = viewed.get_untracked() {
                    navigator.go(Screen::Reports { record_id: record.record_id })
                }
            }>
                {move || i18n.tr("home-reports")}
            </button>
            <div class="home-row">
                <button type="button" class="button button-secondary" id="go-appointments" on:click={
                    move |_| if let Some(record) = viewed.get_untracked() {
                        navigator.go(Screen::Appointments { record_id: record.record_id })
                    }
                }>
                    {move || i18n.tr("home-appointments")}
                </button>
                <button type="button" class="button button-secondary" id="go-invoices" on:click={
                    move |_| if let Some(record) = viewed.get_untracked() {
                        navigator.go(Screen::Invoices { record_id: record.record_id })
                    }
                }>
                    {move || i18n.tr("home-invoices")}
                </button>
            </div>
            // Offline too: made on the device from the reports it holds.
            <button type="button" class="button button-secondary button-wide" id="go-lab-values" on:click={
                move |_| if let Some(record) = viewed.get_untracked() {
                    navigator.go(Screen::LabValues { record_id: record.record_id })
                }
            }>
                {move || i18n.tr("home-lab-values")}
            </button>
            // Offline too: read from the device, and written into the outbox.
            <button type="button" class="button button-secondary button-wide" id="go-messages" on:click={
                move |_| if let Some(record) = viewed.get_untracked() {
                    navigator.go(Screen::Messages { record_id: record.record_id })
                }
            }>
                {move || i18n.tr("home-messages")}
            </button>
            // From the server: a task to do, not part of the record kept offline.
            <Show when=move || !offline>
                <button type="button" class="button button-secondary button-wide" id="go-questionnaires" on:click={
                    move |_| if let Some(record) = viewed.get_untracked() {
                        navigator.go(Screen::Questionnaires { record_id: record.record_id })
                    }
                }>
                    {move || i18n.tr("home-questionnaires")}
                </button>
            </Show>
            // Offline: as last read on this device.
            <button type="button" class="button button-secondary button-wide" id="go-details" on:click={
                move |_| if let Some(record) = viewed.get_untracked() {
                    navigator.go(Screen::Details { record_id: record.record_id })
                }
            }>
                {move || i18n.tr("home-details")}
            </button>
            <section class="card" aria-labelledby="card-heading" id="home-card">
                <h2 id="card-heading" class="card-heading">{move || i18n.tr("home-card-heading")}</h2>
                {match card {
                    Some(card) => {
                        let serial = card.serial.clone();
                        let left = card.codes_left;
                        view! {
                            <p class="card-line">{move || i18n.tr_args("home-card-serial", vec![("serial", FluentValue::from(serial.clone()))])}</p>
                            <p class="card-line" id="codes-left">{move || i18n.tr_args("home-codes-left", vec![("count", FluentValue::from(left))])}</p>
                            <Show when=move || card.few_codes_left>
                                <p class="notice notice-warning" role="status" id="few-codes">
                                    {move || i18n.tr("home-few-codes")}
                                    " "
                                    <button type="button" class="button-link" on:click=move |_| navigator.go(Screen::RequestCard)>
                                        {move || i18n.tr("welcome-request-card")}
                                    </button>
                                </p>
                            </Show>
                        }
                        .into_any()
                    }
                    None => view! {
                        <p class="notice notice-warning" role="status">
                            {move || i18n.tr("home-no-card")}
                            " "
                            <button type="button" class="button-link" on:click=move |_| navigator.go(Screen::RequestCard)>
                                {move || i18n.tr("welcome-request-card")}
                            </button>
                        </p>
                    }
                    .into_any(),
                }}
            </section>
            // Links need the server: one's own record's visitors, a child's record.
            <Show when=move || !offline && !session.viewing_other()>
                <div class="link-actions">
                    <button type="button" id="go-record-access" class="button button-secondary button-wide" on:click=move |_| navigator.go(Screen::RecordAccess)>
                        {move || i18n.tr("home-record-access")}
                    </button>
                    <button type="button" id="go-ask-for-child-home" class="button button-secondary button-wide" on:click=move |_| navigator.go(Screen::AskForChild)>
                        {move || i18n.tr("records-ask")}
                    </button>
                </div>
            </Show>
            <div class="actions">
                <Show when=move || !offline>
                    <button type="button" id="go-settings" class="button button-secondary" on:click=move |_| navigator.go(Screen::Settings)>
                        {move || i18n.tr("home-settings")}
                    </button>
                </Show>
                <button type="button" id="logout" class="button button-secondary" on:click=logout>
                    {move || if registered { i18n.tr("home-lock") } else { i18n.tr("home-logout") }}
                </button>
            </div>
        </section>
    }
    .into_any()
}
