//! The one place where the UI talks to the Tauri shell: command calls and event
//! subscriptions. Components call the typed functions here, never `invoke` itself.

use dossier_api::{
    ConnectionView,
    shell::{commands, events},
};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsValue, closure::Closure, prelude::wasm_bindgen};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(
        event: &str,
        handler: &Closure<dyn FnMut(JsValue)>,
    ) -> Result<JsValue, JsValue>;
}

/// Why a call to the shell failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// The shell did not answer at all (the UI is not running inside the app).
    #[error("the app shell is not available")]
    Unavailable,
    /// The shell answered with something the UI cannot read: a version mismatch.
    #[error("unexpected answer from the app shell")]
    Decode,
}

async fn call<A: Serialize, T: DeserializeOwned>(
    command: &str,
    args: &A,
) -> Result<T, BackendError> {
    let args = serde_wasm_bindgen::to_value(args).map_err(|_| BackendError::Decode)?;
    let answer = tauri_invoke(command, args)
        .await
        .map_err(|_| BackendError::Unavailable)?;
    serde_wasm_bindgen::from_value(answer).map_err(|_| BackendError::Decode)
}

#[derive(Serialize)]
struct NoArgs {}

/// The connection state as the core last saw it.
pub async fn connection_status() -> Result<ConnectionView, BackendError> {
    call(commands::CONNECTION_STATUS, &NoArgs {}).await
}

/// Asks the core to check the server now.
pub async fn check_connection() -> Result<ConnectionView, BackendError> {
    call(commands::CHECK_CONNECTION, &NoArgs {}).await
}

/// Calls `on_change` with every new connection state, for as long as the app runs.
pub async fn on_connection_changed(
    on_change: impl Fn(ConnectionView) + 'static,
) -> Result<(), BackendError> {
    subscribe(events::CONNECTION_CHANGED, on_change).await
}

async fn subscribe<T: DeserializeOwned + 'static>(
    event: &str,
    on_event: impl Fn(T) + 'static,
) -> Result<(), BackendError> {
    #[derive(serde::Deserialize)]
    struct Event<T> {
        payload: T,
    }
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |raw: JsValue| {
        if let Ok(event) = serde_wasm_bindgen::from_value::<Event<T>>(raw) {
            on_event(event.payload);
        }
    });
    tauri_listen(event, &handler)
        .await
        .map_err(|_| BackendError::Unavailable)?;
    // The subscription lasts as long as the page: the closure must outlive this call.
    handler.forget();
    Ok(())
}
