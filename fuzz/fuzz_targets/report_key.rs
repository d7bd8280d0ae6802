//! A report as the device checks it before storing it sealed: `ReportKey::check` accepts
//! exactly what `ReportView` reads, with the same key.
#![no_main]

use dossier_api::reports::{ReportKey, ReportView};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let key = ReportKey::check(text);
    let view = serde_json::from_str::<ReportView>(text);
    assert_eq!(key.is_ok(), view.is_ok());
    if let (Ok(key), Ok(view)) = (key, view) {
        assert_eq!(key, ReportKey::of(&view));
    }
});
