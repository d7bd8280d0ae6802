//! A record's list as the device holds it (appointments, invoices, the access log): read
//! at once, offline too, then brought up to date from the server; read again when a
//! background sync announces the record. Without a connection the saved list stays on
//! screen with its "offline" line, and no error.

use std::future::Future;

use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend::BackendError,
    forms::{Problem, run_action_or},
};

/// What the screen draws from, and its two actions.
pub struct SavedList<T: Send + Sync + 'static, L, U> {
    pub list: RwSignal<Option<T>>,
    pub problem: RwSignal<Option<Problem>>,
    /// Fetching from the server.
    pub syncing: RwSignal<bool>,
    /// Reads the device again (after a filter changed, say).
    pub load: L,
    /// Fetches what changed ("Update now"), then reads the device again.
    pub update: U,
}

/// Reads `record`'s list with `read` and fetches its changes with `fetch`, both at once;
/// `announced` holds the records a background sync changed.
pub fn saved_list<T, R, RF, S, SF>(
    record: StoredValue<String>,
    read: R,
    fetch: S,
    announced: RwSignal<Vec<String>>,
) -> SavedList<T, impl Fn() + Copy + 'static, impl Fn() + Copy + 'static>
where
    T: Send + Sync + 'static,
    R: Fn(String) -> RF + Copy + 'static,
    RF: Future<Output = Result<T, BackendError>> + 'static,
    S: Fn(String) -> SF + Copy + 'static,
    SF: Future<Output = Result<(), BackendError>> + 'static,
{
    let list = RwSignal::new(None::<T>);
    let problem = RwSignal::new(None::<Problem>);
    let syncing = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            match read(record.get_value()).await {
                Ok(view) => list.set(Some(view)),
                Err(error) => problem.set(Some(error.into())),
            }
        });
    };
    let update = move || {
        run_action_or(
            syncing,
            problem,
            fetch(record.get_value()),
            move |()| load(),
            move |error| {
                if error.app_error() != dossier_api::shell::AppError::NoConnection {
                    problem.set(Some(error.into()));
                }
                load();
            },
        );
    };
    load();
    update();
    Effect::new(move |first: Option<()>| {
        let touched = announced.with(|records| records.contains(&record.get_value()));
        if first.is_some() && touched {
            load();
        }
    });
    SavedList { list, problem, syncing, load, update }
}
