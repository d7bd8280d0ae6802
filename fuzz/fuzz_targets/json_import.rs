//! A file in our own JSON format: `from_json`. Never a panic; every report of the file
//! read, or the file refused.
#![no_main]

use dossier_server::import::from_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(reports) = from_json(text) {
        let file: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(reports.len(), file["reports"].as_array().map_or(0, Vec::len));
    }
});
