//! The server's e-mail, read back from its outbox folder (lettre's file transport).

use std::path::{Path, PathBuf};

use base64::{Engine, engine::general_purpose::STANDARD};

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
