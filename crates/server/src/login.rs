//! Code-card login in two steps, and the throttling that protects every password check.
//!
//! Start: the server picks which code to ask (random among the unused ones, never the one
//! asked last) and returns a single-use challenge valid for five minutes. Finish: the
//! password and that code are checked together; any failure says only "user name, password
//! or code is wrong". An unknown user name goes through the same steps with a decoy card
//! derived from the name, and costs the same Argon2 work, so nothing tells whether an
//! account exists. Failures are counted per user name (known or not): after a few, each
//! attempt must wait (30 s, doubling, at most an hour); after 100 in a row the name is
//! locked until the password is reset.

use dossier_api::{
    Sensitive,
    account::{CODES_PER_CARD, CardStatus, normalize_card_code},
};
use sqlx::AnyConnection;

use crate::{
    accounts::{self, Account},
    cards::{self, CardRow, CardState},
    crypto::{SecretHasher, UserKeyer, new_token, random_below, token_hash},
    error::ServerError,
    patients,
};

/// How long a challenge stays valid.
pub const CHALLENGE_SECONDS: i64 = 5 * 60;
/// Failures allowed before waiting starts.
pub const FREE_FAILURES: i64 = 2;
/// The first wait, doubled at each further failure.
pub const FIRST_DELAY_SECONDS: i64 = 30;
/// The longest wait.
pub const MAX_DELAY_SECONDS: i64 = 60 * 60;
/// Failures in a row that lock the user name.
pub const LOCK_AFTER_FAILURES: i64 = 100;

/// Seconds to wait after `failures` consecutive failures.
pub fn delay_after(failures: i64) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let doublings = u32::try_from(failures - FREE_FAILURES - 1).unwrap_or(u32::MAX).min(20);
    (FIRST_DELAY_SECONDS << doublings).min(MAX_DELAY_SECONDS)
}

/// Why a login step was refused. Only the first four can happen before the password was
/// found right, so only they may be told to someone who does not know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    /// User name, password or code is wrong (never which).
    Failed,
    /// The challenge is unknown, used or expired.
    ChallengeInvalid,
    SlowedDown {
        retry_after_seconds: u32,
    },
    Locked,
    /// The password was right but the card is blocked or replaced.
    CardBlocked,
    /// The password was right but every code of the card was used.
    NoCodesLeft,
    /// The password was right but the patient died: access is closed.
    Closed,
}

/// What start answers.
#[derive(Debug)]
pub struct CodeAsked {
    pub challenge: Sensitive<String>,
    pub code_index: u8,
    /// The asked code is the card's last unused one.
    pub last_code: bool,
}

/// A successful finish.
#[derive(Debug)]
pub struct LoggedIn {
    pub account_id: String,
    pub card: CardStatus,
}

/// A login challenge as stored.
#[derive(sqlx::FromRow)]
struct ChallengeRow {
    user_key: String,
    account_id: Option<String>,
    card_id: Option<String>,
    code_index: i64,
    expires_at: i64,
}

struct Throttle {
    failures: i64,
    blocked_until: i64,
    last_code_index: Option<u8>,
}

async fn throttle(conn: &mut AnyConnection, user_key: &str) -> Result<Throttle, ServerError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT consecutive_failures, blocked_until, last_code_index FROM login_throttles \
         WHERE user_key = $1",
    )
    .bind(user_key)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some((failures, blocked_until, last)) => Throttle {
            failures,
            blocked_until,
            last_code_index: last.and_then(|i| u8::try_from(i).ok()),
        },
        None => Throttle { failures: 0, blocked_until: 0, last_code_index: None },
    })
}

/// Refuses the attempt while the name is locked or must wait.
fn check_throttle(throttle: &Throttle, now: i64) -> Result<(), LoginRefusal> {
    if throttle.failures >= LOCK_AFTER_FAILURES {
        return Err(LoginRefusal::Locked);
    }
    if throttle.blocked_until > now {
        let wait = u32::try_from(throttle.blocked_until - now).unwrap_or(u32::MAX);
        return Err(LoginRefusal::SlowedDown { retry_after_seconds: wait });
    }
    Ok(())
}

async fn ensure_throttle_row(
    conn: &mut AnyConnection,
    user_key: &str,
    now: i64,
) -> Result<(), ServerError> {
    // Two statements both databases understand, instead of dialect-specific upserts.
    let existing: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM login_throttles WHERE user_key = $1")
            .bind(user_key)
            .fetch_optional(&mut *conn)
            .await?;
    if existing.is_none() {
        let inserted = sqlx::query(
            "INSERT INTO login_throttles (user_key, consecutive_failures, blocked_until, \
             updated_at) VALUES ($1, 0, 0, $2)",
        )
        .bind(user_key)
        .bind(now)
        .execute(&mut *conn)
        .await;
        match inserted {
            Ok(_) => {}
            // Created meanwhile by a concurrent attempt: fine.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Counts one more failure and sets the wait it earns.
pub async fn record_failure(
    conn: &mut AnyConnection,
    user_key: &str,
    now: i64,
) -> Result<(), ServerError> {
    ensure_throttle_row(conn, user_key, now).await?;
    let (failures,): (i64,) = sqlx::query_as(
        "UPDATE login_throttles SET consecutive_failures = consecutive_failures + 1, \
         updated_at = $2 WHERE user_key = $1 RETURNING consecutive_failures",
    )
    .bind(user_key)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let delay = delay_after(failures);
    if delay > 0 {
        sqlx::query("UPDATE login_throttles SET blocked_until = $2 WHERE user_key = $1")
            .bind(user_key)
            .bind(now + delay)
            .execute(&mut *conn)
            .await?;
    }
    tracing::info!(failures, delay, "failed login attempt");
    Ok(())
}

/// Clears the count after a success or a password reset.
pub async fn clear_failures(
    conn: &mut AnyConnection,
    user_key: &str,
    now: i64,
) -> Result<(), ServerError> {
    sqlx::query(
        "UPDATE login_throttles SET consecutive_failures = 0, blocked_until = 0, updated_at = $2 \
         WHERE user_key = $1",
    )
    .bind(user_key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Checks a password for an action outside login (block a card, change settings) under the
/// same throttle. Returns the account when the name exists and the password is right.
pub async fn check_password(
    conn: &mut AnyConnection,
    hasher: &SecretHasher,
    keyer: &UserKeyer,
    user_name: &str,
    password: &Sensitive<String>,
    now: i64,
) -> Result<Result<Account, LoginRefusal>, ServerError> {
    let user_key = keyer.key_of(user_name);
    if let Err(refusal) = check_throttle(&throttle(conn, &user_key).await?, now) {
        return Ok(Err(refusal));
    }
    let account = accounts::find_by_user_name(conn, user_name).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let right = hasher.verify_off_thread(password, hash).await?;
    match account {
        Some(account) if right => {
            clear_failures(conn, &user_key, now).await?;
            Ok(Ok(account))
        }
        _ => {
            record_failure(conn, &user_key, now).await?;
            Ok(Err(LoginRefusal::Failed))
        }
    }
}

/// Positions an unknown name pretends to have used: derived from the name, so repeated
/// starts for it look like a real card's. About one name in 64 pretends to be down to its
/// last code, so "last code" does not tell a real account from an unknown name.
fn decoy_used_positions(keyer: &UserKeyer, user_key: &str) -> Vec<u8> {
    let bytes = keyer.derive(b"decoy-card:", user_key.as_bytes());
    if bytes[9] < 4 {
        let keep = bytes[10] % CODES_PER_CARD + 1;
        return (1..=CODES_PER_CARD).filter(|i| *i != keep).collect();
    }
    let count = usize::from(bytes[0] % 8);
    let mut used: Vec<u8> = bytes[1..=count].iter().map(|b| b % CODES_PER_CARD + 1).collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// Picks the code to ask: among `available`, never `last` unless it is the only unused
/// one (then it is asked again: the printed code still works); with none left, anything
/// but `last` (the finish step then tells a rightful owner the card is used up).
fn pick_index(available: &[u8], last: Option<u8>) -> u8 {
    let candidates: Vec<u8> = available.iter().copied().filter(|i| Some(*i) != last).collect();
    if let ([only], true) = (available, candidates.is_empty()) {
        return *only;
    }
    let candidates = if candidates.is_empty() {
        (1..=CODES_PER_CARD).filter(|i| Some(*i) != last).collect()
    } else {
        candidates
    };
    candidates[random_below(candidates.len())]
}

/// Step one.
pub async fn start(
    conn: &mut AnyConnection,
    keyer: &UserKeyer,
    user_name: &str,
    now: i64,
) -> Result<Result<CodeAsked, LoginRefusal>, ServerError> {
    let user_key = keyer.key_of(user_name);
    let mut tx = crate::db::begin_write(conn).await?;
    let throttle = throttle(&mut tx, &user_key).await?;
    if let Err(refusal) = check_throttle(&throttle, now) {
        return Ok(Err(refusal));
    }
    let account = accounts::find_by_user_name(&mut tx, user_name).await?;
    let card = match &account {
        Some(account) => cards::current(&mut tx, &account.id).await?,
        None => None,
    };
    let available = match &card {
        Some(card) => cards::unused_positions(&mut tx, &card.id).await?,
        None => {
            let used = decoy_used_positions(keyer, &user_key);
            (1..=CODES_PER_CARD).filter(|i| !used.contains(i)).collect()
        }
    };
    let code_index = pick_index(&available, throttle.last_code_index);
    let last_code = available == [code_index];

    let (challenge, challenge_hash) = new_token();
    sqlx::query(
        "INSERT INTO login_challenges (id_hash, user_key, account_id, card_id, code_index, \
         expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&challenge_hash)
    .bind(&user_key)
    .bind(account.as_ref().map(|a| a.id.clone()))
    .bind(card.as_ref().map(|c| c.id.clone()))
    .bind(i64::from(code_index))
    .bind(now + CHALLENGE_SECONDS)
    .execute(&mut *tx)
    .await?;
    ensure_throttle_row(&mut tx, &user_key, now).await?;
    sqlx::query(
        "UPDATE login_throttles SET last_code_index = $2, updated_at = $3 WHERE user_key = $1",
    )
    .bind(&user_key)
    .bind(i64::from(code_index))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // Old challenges are of no use to anyone: sweep them while here.
    sqlx::query("DELETE FROM login_challenges WHERE expires_at < $1")
        .bind(now - CHALLENGE_SECONDS)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(CodeAsked { challenge, code_index, last_code }))
}

/// Step two.
pub async fn finish(
    conn: &mut AnyConnection,
    hasher: &SecretHasher,
    challenge: &Sensitive<String>,
    password: &Sensitive<String>,
    code: &Sensitive<String>,
    now: i64,
) -> Result<Result<LoggedIn, LoginRefusal>, ServerError> {
    let challenge_hash = token_hash(challenge.expose());
    // Use the challenge up first, atomically: a replay or a parallel attempt finds it gone.
    let row: Option<ChallengeRow> = sqlx::query_as(
        "UPDATE login_challenges SET used_at = $2 WHERE id_hash = $1 AND used_at IS NULL \
         RETURNING user_key, account_id, card_id, code_index, expires_at",
    )
    .bind(&challenge_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(ChallengeRow { user_key, account_id, card_id, code_index, expires_at }) = row else {
        return Ok(Err(LoginRefusal::ChallengeInvalid));
    };
    if expires_at <= now {
        return Ok(Err(LoginRefusal::ChallengeInvalid));
    }
    if let Err(refusal) = check_throttle(&throttle(conn, &user_key).await?, now) {
        return Ok(Err(refusal));
    }

    let account = match &account_id {
        Some(id) => accounts::find_by_id(conn, id).await?,
        None => None,
    };
    let card: Option<CardRow> = match (&account, &card_id) {
        (Some(account), Some(card_id)) => {
            cards::current(conn, &account.id).await?.filter(|c| &c.id == card_id)
        }
        _ => None,
    };
    let code_row: Option<(String, Option<i64>)> =
        match &card_id {
            Some(card_id) => sqlx::query_as(
                "SELECT code_hash, used_at FROM card_codes WHERE card_id = $1 AND position = $2",
            )
            .bind(card_id)
            .bind(code_index)
            .fetch_optional(&mut *conn)
            .await?,
            None => None,
        };

    // Always two Argon2 checks, whatever exists, so timing tells nothing.
    let password_right = hasher
        .verify_off_thread(password, account.as_ref().map(|a| a.password_hash.clone()))
        .await?;
    // Read as the app reads it: "123 456" is the code 123456, not a failed login.
    let code = Sensitive::new(normalize_card_code(code.expose()));
    let code_right =
        hasher.verify_off_thread(&code, code_row.as_ref().map(|(hash, _)| hash.clone())).await?;
    let code_unused = code_row.as_ref().is_some_and(|(_, used)| used.is_none());

    let Some(account) = account.filter(|_| password_right) else {
        record_failure(conn, &user_key, now).await?;
        return Ok(Err(LoginRefusal::Failed));
    };
    // From here the password was right: the patient may learn more.
    let patient = patients::find_by_id(conn, &account.patient_id).await?;
    if patient.as_ref().is_none_or(patients::Patient::is_deceased) {
        return Ok(Err(LoginRefusal::Closed));
    }
    let Some(card) = card.filter(|c| c.status == CardState::Active) else {
        return Ok(Err(LoginRefusal::CardBlocked));
    };
    if cards::unused_positions(conn, &card.id).await?.is_empty() {
        return Ok(Err(LoginRefusal::NoCodesLeft));
    }
    if !(code_right && code_unused) {
        record_failure(conn, &user_key, now).await?;
        return Ok(Err(LoginRefusal::Failed));
    }
    // Mark the code used; a parallel login with the same code loses here.
    let marked = sqlx::query(
        "UPDATE card_codes SET used_at = $3 WHERE card_id = $1 AND position = $2 AND used_at IS NULL",
    )
    .bind(&card.id)
    .bind(code_index)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() != 1 {
        record_failure(conn, &user_key, now).await?;
        return Ok(Err(LoginRefusal::Failed));
    }
    clear_failures(conn, &user_key, now).await?;
    let card = cards::status(conn, &card).await?;
    tracing::info!(codes_left = card.codes_left, "code-card login");
    Ok(Ok(LoggedIn { account_id: account.id, card }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_after_two_failures_and_double_up_to_an_hour() {
        assert_eq!(delay_after(1), 0);
        assert_eq!(delay_after(2), 0);
        assert_eq!(delay_after(3), 30);
        assert_eq!(delay_after(4), 60);
        assert_eq!(delay_after(5), 120);
        assert_eq!(delay_after(9), 1920);
        assert_eq!(delay_after(10), 3600);
        assert_eq!(delay_after(99), 3600);
        assert_eq!(delay_after(i64::MAX), 3600);
    }

    #[test]
    fn the_asked_index_is_unused_and_never_the_last_one() {
        let available = [3, 7, 8];
        for _ in 0..500 {
            let index = pick_index(&available, Some(7));
            assert!(index == 3 || index == 8);
        }
        // Only the last one left unused: ask it again, never a used one.
        for _ in 0..200 {
            assert_eq!(pick_index(&[7], Some(7)), 7);
        }
        assert_eq!(pick_index(&[7], Some(3)), 7);
        // None left: anything but the last (the finish step says the card is used up).
        for _ in 0..200 {
            let index = pick_index(&[], Some(7));
            assert_ne!(index, 7);
            assert!((1..=24).contains(&index));
        }
    }

    #[test]
    fn decoy_cards_are_stable_per_name() {
        let keyer = UserKeyer::new(vec![9; 32]);
        let key = keyer.key_of("nobody");
        assert_eq!(decoy_used_positions(&keyer, &key), decoy_used_positions(&keyer, &key));
        assert!(decoy_used_positions(&keyer, &key).iter().all(|p| (1..=24).contains(p)));
        // Some unknown names look like a card down to its last code, as real ones can.
        let last_code_decoys = (0..4000)
            .filter(|n| decoy_used_positions(&keyer, &keyer.key_of(&format!("x{n}"))).len() == 23)
            .count();
        assert!((20..=120).contains(&last_code_decoys), "{last_code_decoys}");
    }
}
