//! The log audit: every log line written during the test run (server, core, app; kept in
//! `DOSSIER_TEST_LOG_DIR` by scripts/test) is searched for the passwords, card codes and
//! national register numbers the tests used. Run last, on purpose:
//! `cargo test --test log_audit -- --ignored`.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

use aho_corasick::AhoCorasick;

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// Whether the match at `at..end` stands on its own: six digits inside a longer number, a
/// decimal fraction (`elapsed=5.374105ms`) or a hex id are not a leak of a code.
fn stands_alone(line: &str, at: usize, end: usize, numeric: bool) -> bool {
    if !numeric {
        return true;
    }
    let before = line[..at].chars().next_back();
    let after = line[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
        && !after.is_some_and(|c| c.is_ascii_alphanumeric())
}

fn kind(secret: &str) -> &'static str {
    match (secret.len(), secret.chars().all(|c| c.is_ascii_digit())) {
        (6, true) => "a card code",
        (11, true) => "a national register number",
        _ => "a password",
    }
}

struct Audit {
    secrets: usize,
    files: usize,
    lines: usize,
    hits: Vec<String>,
}

/// Searches every `*.log` in `dir` for the secrets listed in `dir/secrets/*.txt`.
fn audit(dir: &Path) -> Audit {
    let secrets: Vec<String> = files(&dir.join("secrets"), "txt")
        .iter()
        .flat_map(|file| {
            std::fs::read_to_string(file)
                .unwrap_or_default()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|s| s.len() >= 6)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let matcher = AhoCorasick::new(&secrets).expect("secrets make a valid automaton");
    let logs = files(dir, "log");
    let mut audit = Audit { secrets: secrets.len(), files: logs.len(), lines: 0, hits: Vec::new() };
    for file in &logs {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (number, line) in text.lines().enumerate() {
            audit.lines += 1;
            for found in matcher.find_overlapping_iter(line) {
                let secret = &secrets[found.pattern().as_usize()];
                let numeric = secret.chars().all(|c| c.is_ascii_digit());
                if stands_alone(line, found.start(), found.end(), numeric) {
                    audit.hits.push(format!("{}:{}: {}", file.display(), number + 1, kind(secret)));
                    break;
                }
            }
        }
    }
    audit
}

#[test]
#[ignore = "run by scripts/test after every other test, on the logs they wrote"]
fn no_log_line_holds_a_password_a_code_or_a_register_number() {
    let dir = std::env::var_os("DOSSIER_TEST_LOG_DIR").expect("DOSSIER_TEST_LOG_DIR is not set");
    let audit = audit(Path::new(&dir));
    assert!(
        audit.secrets >= 100,
        "only {} secrets recorded: the audit would prove nothing",
        audit.secrets
    );
    assert!(
        audit.files >= 5 && audit.lines >= 1000,
        "only {} log files, {} lines",
        audit.files,
        audit.lines
    );
    assert!(audit.hits.is_empty(), "secrets in the logs:\n{}", audit.hits.join("\n"));
}

#[test]
fn the_audit_finds_a_leak_and_ignores_lookalikes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("secrets")).unwrap();
    std::fs::write(dir.path().join("secrets/1.txt"), "123456\nhunter22xyzQ\n85073003328\n")
        .unwrap();
    let log = [
        "2026-11-23T14:08:30.123456Z INFO elapsed=5.123456ms id=ab123456cd",
        "DEBUG body={\"code\":\"123456\"}",
        "INFO password=hunter22xyzQ",
        "INFO nrn 85073003328 seen",
    ]
    .join("\n");
    std::fs::write(dir.path().join("server.log"), log).unwrap();
    let audit = audit(dir.path());
    assert_eq!(audit.hits.len(), 3, "{:?}", audit.hits);
    assert!(audit.hits[0].ends_with(":2: a card code"));
    assert!(audit.hits[1].ends_with(":3: a password"));
    assert!(audit.hits[2].ends_with(":4: a national register number"));
}
