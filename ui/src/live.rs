//! What the shell announces (connection changes, sync progress), subscribed once when the
//! app starts and kept in signals any screen can read. Screens never subscribe themselves:
//! a subscription lasts as long as the page, so one per visit would pile up and call into
//! screens that are gone.

use dossier_api::{ConnectionView, shell::SyncProgressView};
use leptos::{prelude::*, task::spawn_local};

use crate::backend;

#[derive(Debug, Clone, Copy)]
pub struct ShellEvents {
    /// The latest connection state the shell announced, if any yet.
    pub connection: RwSignal<Option<ConnectionView>>,
    /// The latest sync progress, if a sync ran.
    pub sync: RwSignal<Option<SyncProgressView>>,
    /// Counts the times an app opened offline logged in by itself once the server
    /// answered again.
    pub back_online: RwSignal<u32>,
    /// Counts the times records closed while the app was open (a last day passed).
    pub records_changed: RwSignal<u32>,
    /// The records whose access log last received new entries in a background sync.
    pub access_log_synced: RwSignal<Vec<String>>,
    /// The records whose appointments or invoices last changed in a background sync.
    pub appointments_synced: RwSignal<Vec<String>>,
    /// The records whose messages last changed in a background sync (an answer came, the
    /// outbox was sent).
    pub messages_synced: RwSignal<Vec<String>>,
}

impl ShellEvents {
    pub fn provide() -> Self {
        let events = Self {
            connection: RwSignal::new(None),
            sync: RwSignal::new(None),
            back_online: RwSignal::new(0),
            records_changed: RwSignal::new(0),
            access_log_synced: RwSignal::new(Vec::new()),
            appointments_synced: RwSignal::new(Vec::new()),
            messages_synced: RwSignal::new(Vec::new()),
        };
        provide_context(events);
        spawn_local(async move {
            let _ =
                backend::on_connection_changed(move |view| events.connection.set(Some(view))).await;
            let _ =
                backend::on_sync_progress(move |progress| events.sync.set(Some(progress))).await;
            let _ = backend::on_back_online(move || events.back_online.update(|n| *n += 1)).await;
            let _ = backend::on_records_changed(move || events.records_changed.update(|n| *n += 1))
                .await;
            let _ = backend::on_access_log_synced(move |records| {
                events.access_log_synced.set(records);
            })
            .await;
            let _ = backend::on_appointments_synced(move |records| {
                events.appointments_synced.set(records);
            })
            .await;
            let _ = backend::on_messages_synced(move |records| {
                events.messages_synced.set(records);
            })
            .await;
        });
        events
    }
}

pub fn use_shell_events() -> ShellEvents {
    expect_context::<ShellEvents>()
}
