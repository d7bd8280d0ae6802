//! Helpers for tests that run a real server (this crate's, dossier-core's, the end-to-end
//! tests): logs to files for the log audit, and reading the e-mail outbox.

use std::{
    io::Write,
    path::{Path, PathBuf},
    sync::Once,
};

use base64::{Engine, engine::general_purpose::STANDARD};

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

/// Seeds the demo data and records its secrets (card passwords and codes, register
/// numbers) for the log audit: what every test using the demo needs.
pub async fn seed_demo(
    state: &crate::AppState,
) -> Result<crate::demo::DemoSummary, crate::ServerError> {
    let summary = crate::demo::seed(state).await?;
    record_demo_secrets(&summary);
    record_register_numbers(&state.db).await?;
    Ok(summary)
}

/// Records the secrets of the demo cards for the log audit.
pub fn record_demo_secrets(summary: &crate::demo::DemoSummary) {
    for card in &summary.cards {
        record_secrets(std::iter::once(card.password.expose().as_str()));
        record_secrets(card.codes.iter().map(|c| c.expose().as_str()));
    }
}

/// Records every national register number in the database for the log audit.
pub async fn record_register_numbers(db: &crate::Database) -> Result<(), crate::ServerError> {
    if std::env::var_os(LOG_DIR_VAR).is_none() {
        return Ok(());
    }
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT national_register_number FROM patients WHERE national_register_number IS NOT NULL",
    )
    .fetch_all(db.pool())
    .await?;
    record_secrets(rows.iter().map(|(n,)| n.as_str()));
    Ok(())
}

/// Where a child process (the app under test) should write its logs, if audited.
pub fn log_file_for(name: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os(LOG_DIR_VAR)?);
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join(format!("{name}-{}.log", std::process::id())))
}

/// An e-mail read back from the outbox folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub file: PathBuf,
}

impl OutboxMail {
    /// The first link in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        self.body.split_whitespace().find(|w| w.starts_with(prefix)).map(str::to_owned)
    }
}

/// Every message in `dir` (lettre's file transport: one .eml per message), oldest first.
pub fn read_outbox(dir: &Path) -> Vec<OutboxMail> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    files.into_iter().filter_map(|file| parse_eml(&file)).collect()
}

fn parse_eml(file: &Path) -> Option<OutboxMail> {
    let raw = std::fs::read_to_string(file).ok()?;
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push_str(line.trim_start());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let encoded: String = body.split_whitespace().collect();
    let body = String::from_utf8(STANDARD.decode(encoded).ok()?).ok()?;
    Some(OutboxMail {
        to: header("to")?,
        subject: decode_words(&header("subject")?),
        body,
        file: file.to_path_buf(),
    })
}

/// Decodes RFC 2047 `=?utf-8?b?...?=` words.
fn decode_words(value: &str) -> String {
    value
        .split_whitespace()
        .map(|word| {
            word.strip_prefix("=?utf-8?b?")
                .or_else(|| word.strip_prefix("=?UTF-8?B?"))
                .and_then(|w| w.strip_suffix("?="))
                .and_then(|b| STANDARD.decode(b).ok())
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_else(|| format!("{word} "))
        })
        .collect::<String>()
        .trim()
        .to_owned()
}
