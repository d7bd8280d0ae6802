//! Code cards: 24 numbered codes of 6 random digits, each stored only as a salted Argon2id
//! hash and marked when used. One card per account is active; a new card replaces the
//! previous one (the password stays); a lost card is blocked at once.

use dossier_api::{
    Language, Sensitive,
    account::{CODES_PER_CARD, CardStatus, FEW_CODES_LEFT},
};
use sqlx::AnyConnection;

use crate::{
    crypto::{SecretHasher, random_digits},
    error::ServerError,
};

/// Digits per code.
pub const CODE_DIGITS: usize = 6;

/// How the card reaches the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Printed at the registration desk and handed over.
    Desk,
    /// Requested online, printed by staff from the print queue and posted home.
    Post,
}

impl Delivery {
    fn as_str(self) -> &'static str {
        match self {
            Delivery::Desk => "desk",
            Delivery::Post => "post",
        }
    }
}

/// A card just made: the only moment its codes exist in clear, to be printed.
pub struct IssuedCard {
    pub card_id: String,
    pub serial: String,
    pub holder_name: String,
    pub user_name: String,
    /// Set when the card comes with a new account: printed on a desk card, mailed otherwise.
    pub initial_password: Option<Sensitive<String>>,
    /// Code 1 first.
    pub codes: Vec<Sensitive<String>>,
    pub language: Language,
}

impl std::fmt::Debug for IssuedCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedCard").field("serial", &self.serial).finish_non_exhaustive()
    }
}

/// The card an account logs in with now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRow {
    pub id: String,
    pub serial: String,
    pub status: CardState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardState {
    Active,
    Blocked,
    Replaced,
}

impl CardState {
    fn parse(text: &str) -> Result<Self, ServerError> {
        match text {
            "active" => Ok(Self::Active),
            "blocked" => Ok(Self::Blocked),
            "replaced" => Ok(Self::Replaced),
            _ => Err(ServerError::Corrupt("card status".into())),
        }
    }
}

/// Makes a new card for `account_id` and makes it the active one; the previous active card
/// becomes `replaced`. Run inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn issue(
    conn: &mut AnyConnection,
    hasher: &SecretHasher,
    account_id: &str,
    holder_name: &str,
    user_name: &str,
    language: Language,
    delivery: Delivery,
    now: i64,
) -> Result<IssuedCard, ServerError> {
    let codes: Vec<Sensitive<String>> =
        (0..CODES_PER_CARD).map(|_| Sensitive::new(random_digits(CODE_DIGITS))).collect();
    let hashes = hash_all(hasher, &codes).await?;

    sqlx::query(
        "UPDATE code_cards SET status = 'replaced', status_changed_at = $1 \
         WHERE account_id = $2 AND status = 'active'",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;

    let card_id = uuid::Uuid::new_v4().to_string();
    let serial = loop {
        let serial = format!("{}-{}", random_digits(4), random_digits(4));
        let (taken,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM code_cards WHERE serial = $1")
            .bind(&serial)
            .fetch_one(&mut *conn)
            .await?;
        if taken == 0 {
            break serial;
        }
    };
    sqlx::query(
        "INSERT INTO code_cards (id, account_id, serial, status, delivery, issued_at, \
         status_changed_at) VALUES ($1, $2, $3, 'active', $4, $5, $5)",
    )
    .bind(&card_id)
    .bind(account_id)
    .bind(&serial)
    .bind(delivery.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for (position, hash) in (1_i64..).zip(&hashes) {
        sqlx::query("INSERT INTO card_codes (card_id, position, code_hash) VALUES ($1, $2, $3)")
            .bind(&card_id)
            .bind(position)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(IssuedCard {
        card_id,
        serial,
        holder_name: holder_name.to_owned(),
        user_name: user_name.to_owned(),
        initial_password: None,
        codes,
        language,
    })
}

/// Hashes the 24 codes on the blocking pool, a few at a time: Argon2 is meant to be slow.
async fn hash_all(
    hasher: &SecretHasher,
    codes: &[Sensitive<String>],
) -> Result<Vec<String>, ServerError> {
    let mut tasks = Vec::with_capacity(codes.len());
    for code in codes {
        let hasher = hasher.clone();
        let code = code.clone();
        tasks.push(tokio::task::spawn_blocking(move || hasher.hash(code.expose())));
    }
    let mut hashes = Vec::with_capacity(codes.len());
    for task in tasks {
        hashes.push(task.await??);
    }
    Ok(hashes)
}

/// The latest card of an account: the active one, else the most recently changed.
pub async fn current(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<Option<CardRow>, ServerError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT id, serial, status FROM code_cards WHERE account_id = $1 \
         ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, status_changed_at DESC \
         LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|(id, serial, status)| Ok(CardRow { id, serial, status: CardState::parse(&status)? }))
        .transpose()
}

/// Positions (1-based) of the codes not used yet.
pub async fn unused_positions(
    conn: &mut AnyConnection,
    card_id: &str,
) -> Result<Vec<u8>, ServerError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT position FROM card_codes WHERE card_id = $1 AND used_at IS NULL ORDER BY position",
    )
    .bind(card_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().filter_map(|(p,)| u8::try_from(p).ok()).collect())
}

/// Serial and codes left, as the app shows them.
pub async fn status(conn: &mut AnyConnection, card: &CardRow) -> Result<CardStatus, ServerError> {
    let left = u8::try_from(unused_positions(conn, &card.id).await?.len()).unwrap_or(0);
    Ok(CardStatus {
        serial: card.serial.clone(),
        codes_left: left,
        few_codes_left: left <= FEW_CODES_LEFT,
    })
}

/// Blocks the account's active card; returns its serial, or None if it had none.
pub async fn block_active(
    conn: &mut AnyConnection,
    account_id: &str,
    now: i64,
) -> Result<Option<String>, ServerError> {
    let card = current(conn, account_id).await?.filter(|c| c.status == CardState::Active);
    let Some(card) = card else { return Ok(None) };
    sqlx::query("UPDATE code_cards SET status = 'blocked', status_changed_at = $1 WHERE id = $2")
        .bind(now)
        .bind(&card.id)
        .execute(&mut *conn)
        .await?;
    Ok(Some(card.serial))
}

/// Blocks a card by serial (staff side). Returns false if no active card has that serial.
pub async fn block_serial(
    conn: &mut AnyConnection,
    serial: &str,
    now: i64,
) -> Result<bool, ServerError> {
    let result = sqlx::query(
        "UPDATE code_cards SET status = 'blocked', status_changed_at = $1 \
         WHERE serial = $2 AND status = 'active'",
    )
    .bind(now)
    .bind(serial)
    .execute(&mut *conn)
    .await?;
    Ok(result.rows_affected() == 1)
}
