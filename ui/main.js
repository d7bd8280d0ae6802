// Loads the wasm UI. Kept in a file (no inline script) so the CSP needs no exception.
import init from "./pkg/dossier_ui.js";

init();
