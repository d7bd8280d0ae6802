//! Accounts: one per patient who may log in, with a user name (changeable, unique whatever
//! its case), a password kept only as an Argon2id hash, and the e-mail address for reset
//! links. The password rules follow NIST SP 800-63B: a minimum length, long passphrases
//! allowed, common passwords refused, no composition rules.

use std::{collections::HashSet, sync::LazyLock};

use dossier_api::account::{PasswordProblem, UserNameProblem};
use sqlx::AnyConnection;

use crate::{crypto::normalize_user_name, error::ServerError};

pub const PASSWORD_MIN_CHARS: u8 = 8;
pub const PASSWORD_MAX_CHARS: u8 = 128;
pub const USER_NAME_MIN_CHARS: u8 = 3;
pub const USER_NAME_MAX_CHARS: u8 = 64;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../data/common-passwords.txt").lines().collect());

/// Checks a new password against the rules; `user_name` must not appear in it.
pub fn check_password(password: &str, user_name: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < usize::from(PASSWORD_MIN_CHARS) {
        return Err(PasswordProblem::TooShort { min: PASSWORD_MIN_CHARS });
    }
    if chars > usize::from(PASSWORD_MAX_CHARS) {
        return Err(PasswordProblem::TooLong { max: PASSWORD_MAX_CHARS });
    }
    let lowered = password.to_lowercase();
    if COMMON_PASSWORDS.contains(lowered.as_str()) {
        return Err(PasswordProblem::TooCommon);
    }
    let name = normalize_user_name(user_name);
    if name.chars().count() >= usize::from(USER_NAME_MIN_CHARS) && lowered.contains(&name) {
        return Err(PasswordProblem::ContainsUserName);
    }
    Ok(())
}

/// Checks the shape of a user name (not whether it is free). Only ASCII letters, digits and
/// `. _ - @`: a user name must not have a look-alike (a Cyrillic "а" in "an.peeters"), and a
/// small set needs no Unicode normalisation or confusables table to keep it so.
pub fn check_user_name(user_name: &str) -> Result<(), UserNameProblem> {
    let chars = user_name.chars().count();
    if !(usize::from(USER_NAME_MIN_CHARS)..=usize::from(USER_NAME_MAX_CHARS)).contains(&chars) {
        return Err(UserNameProblem::Length { min: USER_NAME_MIN_CHARS, max: USER_NAME_MAX_CHARS });
    }
    if !user_name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@')) {
        return Err(UserNameProblem::Characters);
    }
    Ok(())
}

/// An account as stored.
#[derive(Clone)]
pub struct Account {
    pub id: String,
    pub patient_id: String,
    pub user_name: String,
    pub password_hash: String,
    pub email: Option<String>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account").field("id", &self.id).finish_non_exhaustive()
    }
}

type Row = (String, String, String, String, Option<String>);

fn from_row((id, patient_id, user_name, password_hash, email): Row) -> Account {
    Account { id, patient_id, user_name, password_hash, email }
}

const COLUMNS: &str = "id, patient_id, user_name, password_hash, email";

pub async fn find_by_user_name(
    conn: &mut AnyConnection,
    user_name: &str,
) -> Result<Option<Account>, ServerError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE user_name_key = $1"))
            .bind(normalize_user_name(user_name))
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(from_row))
}

pub async fn find_by_id(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<Account>, ServerError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(from_row))
}

pub async fn find_by_patient(
    conn: &mut AnyConnection,
    patient_id: &str,
) -> Result<Option<Account>, ServerError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE patient_id = $1"))
            .bind(patient_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(from_row))
}

pub async fn create(
    conn: &mut AnyConnection,
    patient_id: &str,
    user_name: &str,
    password_hash: &str,
    email: Option<&str>,
    now: i64,
) -> Result<Account, ServerError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO accounts (id, patient_id, user_name, user_name_key, password_hash, email, \
         created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(patient_id)
    .bind(user_name)
    .bind(normalize_user_name(user_name))
    .bind(password_hash)
    .bind(email)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Account {
        id,
        patient_id: patient_id.to_owned(),
        user_name: user_name.to_owned(),
        password_hash: password_hash.to_owned(),
        email: email.map(str::to_owned),
    })
}

/// A free user name made from the patient's names: `an.peeters`, else `an.peeters2`, ...
pub async fn free_user_name(
    conn: &mut AnyConnection,
    given_name: &str,
    family_name: &str,
) -> Result<String, ServerError> {
    let simplify = |name: &str| -> String {
        name.chars()
            .filter_map(|c| match c {
                'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => Some('a'),
                'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => Some('e'),
                'ì' | 'í' | 'î' | 'ï' => Some('i'),
                'ò' | 'ó' | 'ô' | 'ö' => Some('o'),
                'ù' | 'ú' | 'û' | 'ü' => Some('u'),
                'ç' | 'Ç' => Some('c'),
                c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    };
    let base = format!("{}.{}", simplify(given_name), simplify(family_name));
    let base =
        if base.len() < usize::from(USER_NAME_MIN_CHARS) { format!("user{base}") } else { base };
    for n in 1..10_000 {
        let candidate = if n == 1 { base.clone() } else { format!("{base}{n}") };
        if find_by_user_name(conn, &candidate).await?.is_none() {
            return Ok(candidate);
        }
    }
    Err(ServerError::InvalidInput("no free user name".into()))
}

/// Renames the account; the caller checked the shape.
pub async fn set_user_name(
    conn: &mut AnyConnection,
    account_id: &str,
    user_name: &str,
) -> Result<(), UserNameChangeError> {
    let result =
        sqlx::query("UPDATE accounts SET user_name = $1, user_name_key = $2 WHERE id = $3")
            .bind(user_name)
            .bind(normalize_user_name(user_name))
            .bind(account_id)
            .execute(&mut *conn)
            .await;
    match result {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            Err(UserNameChangeError::Taken)
        }
        Err(e) => Err(UserNameChangeError::Server(e.into())),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UserNameChangeError {
    #[error("the user name is taken")]
    Taken,
    #[error(transparent)]
    Server(#[from] ServerError),
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    account_id: &str,
    password_hash: &str,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query("UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_length_not_composition() {
        assert_eq!(check_password("kort", "an"), Err(PasswordProblem::TooShort { min: 8 }));
        assert_eq!(check_password("1234567", "an"), Err(PasswordProblem::TooShort { min: 8 }));
        // Lowercase words only, no digits or symbols: fine, it is long and not common.
        assert_eq!(check_password("paarse olifant op de fiets", "an.peeters"), Ok(()));
        // 8 characters exactly, multi-byte characters count as one.
        assert_eq!(check_password("éléphant", "an.peeters"), Ok(()));
        let passphrase = "a".repeat(40) + &"b".repeat(24);
        assert_eq!(check_password(&passphrase, "an.peeters"), Ok(()), "64 characters are allowed");
        assert_eq!(
            check_password(&"x".repeat(129), "an"),
            Err(PasswordProblem::TooLong { max: 128 })
        );
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in ["password", "12345678", "Password1", "QWERTYUIOP", "iloveyou"] {
            assert_eq!(
                check_password(common, "an.peeters"),
                Err(PasswordProblem::TooCommon),
                "{common}"
            );
        }
        assert!(COMMON_PASSWORDS.len() > 30_000);
    }

    #[test]
    fn the_user_name_may_not_be_in_the_password() {
        assert_eq!(
            check_password("An.Peeters2024!", "an.peeters"),
            Err(PasswordProblem::ContainsUserName)
        );
    }

    #[test]
    fn user_names_have_a_length_and_a_character_set() {
        assert_eq!(check_user_name("an.peeters"), Ok(()));
        assert_eq!(check_user_name("francoise_d-2@home"), Ok(()));
        assert_eq!(check_user_name("françoise"), Err(UserNameProblem::Characters));
        // A Cyrillic "а" (U+0430) and a fullwidth "ａ" look like "a".
        assert_eq!(check_user_name("\u{430}n.peeters"), Err(UserNameProblem::Characters));
        assert_eq!(check_user_name("\u{ff41}n.peeters"), Err(UserNameProblem::Characters));
        assert_eq!(check_user_name("an"), Err(UserNameProblem::Length { min: 3, max: 64 }));
        assert_eq!(check_user_name("an peeters"), Err(UserNameProblem::Characters));
        assert_eq!(check_user_name("an<script>"), Err(UserNameProblem::Characters));
    }
}
