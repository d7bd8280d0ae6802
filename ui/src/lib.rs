//! dossier-ui: the screens of the Dossier app, Leptos with client-side rendering, compiled
//! to wasm32 and served by the Tauri shell.
//!
//! Holds no secrets and makes no decisions: it shows the view models it receives from the
//! shell ([`backend`] is the only module that talks to it) and sends the patient's actions
//! back. Every visible string goes through [`i18n`] (Dutch, French, English).

pub mod app;
pub mod backend;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod lazy_screens;
pub mod live;
pub mod loads;
pub mod nav;
pub mod saved_list;
pub mod screens;
pub mod session;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point called by `init()` in main.js.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
