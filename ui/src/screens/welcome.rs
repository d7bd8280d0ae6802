//! The first screen: what Dossier is, and whether the hospital server can be reached.

use dossier_api::{ConnectionState, ConnectionView, OfflineReason};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    i18n::use_i18n,
    live::use_shell_events,
    nav::{Screen, use_navigator},
};

/// What the screen knows about the connection.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    /// Waiting for the shell's first answer.
    Loading,
    Connection(ConnectionView),
    /// The shell itself did not answer.
    ShellMissing,
}

#[component]
pub fn WelcomeScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let shown = RwSignal::new(Shown::Loading);
    let retrying = RwSignal::new(false);

    // The app subscribed when it started: show each announcement, and ask once for the
    // current state in case none came yet.
    let events = use_shell_events();
    Effect::new(move |_| {
        if let Some(view) = events.connection.get() {
            shown.set(Shown::Connection(view));
        }
    });
    spawn_local(async move {
        match backend::connection_status().await {
            Ok(view) => shown.update(|s| {
                // An event may already have brought a fresher state than this answer.
                if matches!(s, Shown::Loading) || view.state != ConnectionState::Checking {
                    *s = Shown::Connection(view);
                }
            }),
            Err(_) => shown.set(Shown::ShellMissing),
        }
    });

    let retry = move |_| {
        retrying.set(true);
        spawn_local(async move {
            match backend::check_connection().await {
                Ok(view) => shown.set(Shown::Connection(view)),
                Err(_) => shown.set(Shown::ShellMissing),
            }
            retrying.set(false);
        });
    };

    view! {
        <section class="welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">{move || i18n.tr("welcome-title")}</h1>
            // The keychain lost this device's keys: say what happened and what to do.
            {move || navigator.device().and_then(|d| d.keys_lost).map(|name| view! {
                <p class="notice notice-warning" role="alert" id="keys-lost">
                    {i18n.tr_args("welcome-keys-lost", vec![("name", FluentValue::from(name))])}
                </p>
            })}
            <p class="welcome-intro">{move || i18n.tr("welcome-intro")}</p>
            <button type="button" id="go-login" class="button button-primary button-wide" on:click=move |_| navigator.go(Screen::Login)>
                {move || i18n.tr("welcome-login")}
            </button>
            <section class="connection-card" aria-labelledby="connection-heading">
                <h2 id="connection-heading" class="card-heading">
                    {move || i18n.tr("connection-heading")}
                </h2>
                <div id="connection-status" role="status" aria-live="polite">
                    {move || match shown.get() {
                        Shown::Loading => checking_view().into_any(),
                        Shown::ShellMissing => view! {
                            <p class="status status-offline" data-state="shell-missing">
                                <span class="status-dot" aria-hidden="true"></span>
                                {i18n.tr("app-unavailable")}
                            </p>
                        }
                        .into_any(),
                        Shown::Connection(view) => connection_view(view, retrying, retry).into_any(),
                    }}
                </div>
            </section>
            <nav class="card help" aria-labelledby="help-heading">
                <h2 id="help-heading" class="card-heading">{move || i18n.tr("welcome-help-heading")}</h2>
                <button type="button" class="button-link" id="go-request-card" on:click=move |_| navigator.go(Screen::RequestCard)>
                    {move || i18n.tr("welcome-request-card")}
                </button>
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

fn checking_view() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="status status-checking" data-state="checking">
            <span class="status-dot" aria-hidden="true"></span>
            {move || i18n.tr("connection-checking")}
        </p>
    }
}

fn connection_view(
    view: ConnectionView,
    retrying: RwSignal<bool>,
    retry: impl Fn(leptos::ev::MouseEvent) + Clone + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let server = view.server.clone();
    let server_line = move || {
        i18n.tr_args(
            "connection-server-address",
            vec![("server", FluentValue::from(server.clone()))],
        )
    };
    match view.state {
        ConnectionState::Checking => checking_view().into_any(),
        ConnectionState::Connected { server_version } => view! {
            <div class="status status-connected" data-state="connected">
                <p class="status-title">
                    <span class="status-dot" aria-hidden="true"></span>
                    {move || i18n.tr("connection-connected")}
                </p>
                <p class="status-detail">
                    {move || i18n.tr_args("connection-server-version", vec![("version", FluentValue::from(server_version.clone()))])}
                </p>
                <p class="status-detail status-server">{server_line}</p>
            </div>
        }
        .into_any(),
        ConnectionState::Offline { reason } => {
            let reason_key = offline_reason_key(reason);
            view! {
                <div class="status status-offline" data-state="offline">
                    <p class="status-title">
                        <span class="status-dot" aria-hidden="true"></span>
                        {move || i18n.tr("connection-offline")}
                    </p>
                    <p class="status-detail">{move || i18n.tr(reason_key)}</p>
                    <p class="status-detail status-server">{server_line}</p>
                    <button
                        type="button"
                        id="connection-retry"
                        class="button button-primary"
                        disabled=move || retrying.get()
                        on:click=retry
                    >
                        {move || {
                            if retrying.get() {
                                i18n.tr("connection-retrying")
                            } else {
                                i18n.tr("connection-retry")
                            }
                        }}
                    </button>
                </div>
            }
            .into_any()
        }
        ConnectionState::Incompatible { .. } => view! {
            <div class="status status-offline" data-state="incompatible">
                <p class="status-title">
                    <span class="status-dot" aria-hidden="true"></span>
                    {move || i18n.tr("connection-incompatible")}
                </p>
                <p class="status-detail status-server">{server_line}</p>
            </div>
        }
        .into_any(),
    }
}

/// The message that tells the patient why there is no connection and what to do.
fn offline_reason_key(reason: OfflineReason) -> &'static str {
    match reason {
        OfflineReason::Unreachable => "connection-offline-unreachable",
        OfflineReason::Timeout => "connection-offline-timeout",
        OfflineReason::ServerError => "connection-offline-server-error",
        OfflineReason::NotDossier => "connection-offline-not-dossier",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, translate};

    #[test]
    fn every_offline_reason_has_a_message_in_every_language() {
        let reasons = [
            OfflineReason::Unreachable,
            OfflineReason::Timeout,
            OfflineReason::ServerError,
            OfflineReason::NotDossier,
        ];
        for reason in reasons {
            let key = offline_reason_key(reason);
            for language in Language::ALL {
                assert_ne!(translate(language, key, None), key, "{key} in {language:?}");
            }
        }
    }
}
