//! The log audit's files: every process of a test run logs into one folder at the most
//! detailed level, and the secrets the tests used are written next to the logs, for the
//! audit to search every line for them (`tests/tests/log_audit.rs`).

use std::{
    io::Write,
    path::{Path, PathBuf},
    sync::Once,
};

/// Folder for the logs and secrets of a test run, set by scripts/test.
pub const LOG_DIR_VAR: &str = "DOSSIER_TEST_LOG_DIR";

/// When `DOSSIER_TEST_LOG_DIR` is set, sends this process's logs, at the most detailed
/// level that crates log at, to a file there: the log audit then reads every line written
/// during the run. Safe to call from every test.
pub fn log_to_test_dir() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let Some(dir) = std::env::var_os(LOG_DIR_VAR).map(PathBuf::from) else { return };
        if std::fs::create_dir_all(&dir).is_err() {
            return;
        }
        let exe = std::env::current_exe().ok();
        let name =
            exe.as_deref().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap_or("test");
        let path = dir.join(format!("{name}-{}.log", std::process::id()));
        let Ok(file) = std::fs::File::create(path) else { return };
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "debug,dossier_server=trace,dossier_core=trace",
            ))
            .with_writer(std::sync::Mutex::new(file))
            .with_ansi(false)
            .try_init();
    });
}

/// Records secrets the log audit must never find in a log (demo passwords, codes,
/// register numbers). Does nothing outside an audited run.
pub fn record_secrets<'a>(secrets: impl IntoIterator<Item = &'a str>) {
    let Some(dir) = std::env::var_os(LOG_DIR_VAR).map(PathBuf::from) else { return };
    let dir = dir.join("secrets");
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path = dir.join(format!("{}.txt", std::process::id()));
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        for secret in secrets {
            let _ = writeln!(file, "{secret}");
        }
    }
}

/// Where a child process (the app under test) should write its logs, if audited.
pub fn log_file_for(name: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os(LOG_DIR_VAR)?);
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join(format!("{name}-{}.log", std::process::id())))
}
