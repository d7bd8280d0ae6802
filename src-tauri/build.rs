//! Build script of dossier-app: checks that the UI was built, then lets tauri-build embed
//! the config, the capabilities and the permissions of the app's own commands.

use std::path::Path;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let index = Path::new(&manifest_dir).join("ui/dist/index.html");
    // The whole folder: the embedded assets must follow every rebuilt wasm or style sheet.
    println!("cargo:rerun-if-changed={}", index.parent().unwrap_or(Path::new(".")).display());
    if !index.exists() {
        panic!(
            "ui/dist/index.html is missing: build the UI first with `scripts/build-ui` \
             (or run `scripts/demo` / `scripts/test`, which do)"
        );
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(
                tauri_build::AppManifest::new().commands(dossier_api::shell::commands::ALL),
            ),
    )
    .expect("tauri-build failed");
}
