//! A code and the patient's date of birth open a web page without an account: the
//! questionnaires e-mailed to a patient (`questionnaires::codes`) and a radiology study a
//! patient shares with a care provider (`radiology::share_codes`). What both do alike lives
//! here, once: the code's letters, wrong dates of birth counted per code in the transaction
//! that reads it and the code blocked at a limit, and the page's session behind a cookie
//! (its token stored hashed). Each kind keeps its own tables, says what its code opens and
//! what else ends it (expiry, revocation, a report no longer shown).

use std::future::Future;

use chrono::{DateTime, NaiveDate, Utc};
use dossier_api::{Language, Sensitive};
use sqlx::AnyConnection;

use crate::{
    crypto::{random_below, token_hash},
    error::ServerError,
};

/// Letters and digits nobody mixes up when reading them from a mail, aloud or copying
/// them (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// A code is written in groups of this many characters, joined by dashes.
const GROUP: usize = 4;

/// What differs between the kinds of code. Table names are the kind's own constants,
/// never anything a request brings.
#[derive(Debug)]
pub struct CodeKind {
    /// The codes: `code_hash`, `failed_tries`, `blocked_at`.
    pub codes_table: &'static str,
    /// The pages' sessions: `token_hash`, `language`.
    pub sessions_table: &'static str,
    /// Letters and digits in a code, without the dashes.
    pub chars: usize,
    /// Wrong dates of birth before a code is blocked.
    pub max_tries: i64,
    /// How long a page stays open after the date of birth.
    pub session_seconds: i64,
    /// What the server's log calls these codes (never a code itself).
    pub log_name: &'static str,
}

/// A date of birth tried with a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthDateCheck {
    /// The patient's: the count starts again.
    Right,
    /// Not the patient's; the code works for `tries_left` more.
    Wrong { tries_left: i64 },
    /// Not the patient's, and the last try: the code is blocked now.
    Blocked,
}

impl CodeKind {
    /// A new code, `XXXX-XXXX-...`, from the OS random generator.
    pub fn new_code(&self) -> Sensitive<String> {
        let letters = (0..self.chars).map(|_| char::from(ALPHABET[random_below(ALPHABET.len())]));
        Sensitive::new(grouped(letters))
    }

    /// A code as typed or pasted: upper case, without spaces and dashes, then grouped
    /// again. One character too many is kept, so a code too long is not taken for another.
    pub fn normalize(&self, typed: &str) -> String {
        grouped(
            typed
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .take(self.chars + 1),
        )
    }

    /// What the database keeps of a code as typed.
    pub fn hash(&self, typed: &str) -> String {
        token_hash(&self.normalize(typed))
    }

    /// Checks a date of birth against the patient's (`born`, as stored), in the
    /// transaction that read the code and its `failed` count, so two tries at once cannot
    /// both pass the limit. A wrong date counts, and blocks the code at the limit; a right
    /// one starts the count again. The caller commits.
    pub async fn check_birth_date(
        &self,
        tx: &mut AnyConnection,
        code_hash: &str,
        failed: i64,
        born: &str,
        typed: NaiveDate,
        now: i64,
    ) -> Result<BirthDateCheck, ServerError> {
        if born == typed.to_string() {
            sqlx::query(&format!(
                "UPDATE {} SET failed_tries = 0 WHERE code_hash = $1",
                self.codes_table
            ))
            .bind(code_hash)
            .execute(&mut *tx)
            .await?;
            return Ok(BirthDateCheck::Right);
        }
        let failed = failed + 1;
        let blocked = (failed >= self.max_tries).then_some(now);
        sqlx::query(&format!(
            "UPDATE {} SET failed_tries = $2, blocked_at = $3 WHERE code_hash = $1",
            self.codes_table
        ))
        .bind(code_hash)
        .bind(failed)
        .bind(blocked)
        .execute(&mut *tx)
        .await?;
        tracing::info!(blocked = blocked.is_some(), "{}: wrong date of birth", self.log_name);
        Ok(match blocked {
            Some(_) => BirthDateCheck::Blocked,
            None => BirthDateCheck::Wrong { tries_left: self.max_tries - failed },
        })
    }

    /// The page's language chosen in an open session.
    pub async fn set_session_language(
        &self,
        conn: &mut AnyConnection,
        token: &str,
        language: Language,
    ) -> Result<(), ServerError> {
        sqlx::query(&format!(
            "UPDATE {} SET language = $2 WHERE token_hash = $1",
            self.sessions_table
        ))
        .bind(token_hash(token))
        .bind(language.code())
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// Ends a page session (the page's "Close" or "Log out").
    pub async fn end_session(
        &self,
        conn: &mut AnyConnection,
        token: &str,
    ) -> Result<(), ServerError> {
        sqlx::query(&format!("DELETE FROM {} WHERE token_hash = $1", self.sessions_table))
            .bind(token_hash(token))
            .execute(&mut *conn)
            .await?;
        Ok(())
    }
}

fn grouped(letters: impl Iterator<Item = char>) -> String {
    let mut code = String::new();
    for (i, c) in letters.enumerate() {
        if i > 0 && i % GROUP == 0 {
            code.push('-');
        }
        code.push(c);
    }
    code
}

/// An open page session of one kind of code, as its pages read it.
pub trait CodeSession: Sized {
    /// The session behind a cookie's `token`; `None` when it ended, or when its code (or
    /// what the code opens) stopped working since.
    fn find(
        conn: &mut AnyConnection,
        token: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Option<Self>, ServerError>> + Send;

    /// The language the page is shown in.
    fn language(&self) -> Language;

    fn set_language(&mut self, language: Language);
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: CodeKind = CodeKind {
        codes_table: "codes",
        sessions_table: "sessions",
        chars: 12,
        max_tries: 5,
        session_seconds: 60,
        log_name: "test code",
    };

    #[test]
    fn codes_are_grouped_and_typed_forms_normalize_to_them() {
        let code = KIND.new_code();
        let code = code.expose();
        assert_eq!(code.len(), 14);
        assert!(code.split('-').all(|group| group.len() == 4));
        assert!(code.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_eq!(&KIND.normalize(&code.to_lowercase().replace('-', " ")), code);
        assert_eq!(KIND.normalize(" abcd efgh-jkmn "), "ABCD-EFGH-JKMN");
        // One character too many stays, so the code is not another's.
        assert_eq!(KIND.normalize("ABCDEFGHJKMNP"), "ABCD-EFGH-JKMN-P");
    }
}
