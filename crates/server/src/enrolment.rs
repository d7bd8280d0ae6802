//! Giving a patient a code card: a new account with a generated user name and password
//! when they have none, otherwise a new card for the existing account (the password
//! stays). Used by the registration desk (staff command), by online card requests, and by
//! the demo seed.

use base64::{Engine, engine::general_purpose::STANDARD};

use crate::{
    accounts,
    app::AppState,
    card_pdf::{self, PasswordLine},
    cards::{self, Delivery, IssuedCard},
    crypto::random_password,
    error::ServerError,
    patients::Patient,
    patients::is_child_on,
};

/// Length of generated passwords.
const INITIAL_PASSWORD_CHARS: usize = 12;

/// A card just issued, with its printable PDF.
pub struct NewCard {
    pub card: IssuedCard,
    /// True when the account was made together with the card.
    pub new_account: bool,
    pub pdf: Vec<u8>,
}

/// Issues a card for `patient`. A posted card goes into the print queue; `email` (from an
/// online request) becomes the account's address for reset links.
pub async fn issue_card(
    state: &AppState,
    patient: &Patient,
    delivery: Delivery,
    email: Option<&str>,
) -> Result<NewCard, ServerError> {
    if patient.is_deceased() {
        return Err(ServerError::InvalidInput(
            "the patient has died: no access can be given".into(),
        ));
    }
    if is_child_on(patient.date_of_birth, state.clock.today()) {
        return Err(ServerError::InvalidInput(
            "children under 15 are reached through their parent's record".into(),
        ));
    }
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;

    let (account, initial_password) = match accounts::find_by_patient(&mut tx, &patient.id).await? {
        Some(account) => {
            if let Some(email) = email {
                sqlx::query("UPDATE accounts SET email = $1 WHERE id = $2")
                    .bind(email)
                    .bind(&account.id)
                    .execute(&mut *tx)
                    .await?;
            }
            (account, None)
        }
        None => {
            let user_name =
                accounts::free_user_name(&mut tx, &patient.given_name, &patient.family_name)
                    .await?;
            let password = random_password(INITIAL_PASSWORD_CHARS);
            let hash = state.hasher.hash_off_thread(&password).await?;
            let email = email.or(patient.email.as_deref());
            let account =
                accounts::create(&mut tx, &patient.id, &user_name, &hash, email, now).await?;
            (account, Some(password))
        }
    };
    let new_account = initial_password.is_some();
    let mut card = cards::issue(
        &mut tx,
        &state.hasher,
        &account.id,
        &patient.full_name(),
        &account.user_name,
        patient.language,
        delivery,
        now,
    )
    .await?;
    card.initial_password = initial_password;
    let line = match (new_account, delivery) {
        (true, Delivery::Desk) => PasswordLine::Print,
        (true, Delivery::Post) => PasswordLine::SentByMail,
        (false, _) => PasswordLine::Unchanged,
    };
    let pdf = card_pdf::render(&card, line);
    if delivery == Delivery::Post {
        sqlx::query(
            "INSERT INTO card_print_queue (card_id, pdf_base64, queued_at) VALUES ($1, $2, $3)",
        )
        .bind(&card.card_id)
        .bind(STANDARD.encode(&pdf))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(new_account, posted = delivery == Delivery::Post, "code card issued");
    Ok(NewCard { card, new_account, pdf })
}

/// A card waiting to be printed and posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedCard {
    pub serial: String,
    pub queued_at: i64,
}

/// The print queue, oldest first.
pub async fn print_queue(state: &AppState) -> Result<Vec<QueuedCard>, ServerError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.serial, q.queued_at FROM card_print_queue q JOIN code_cards c ON c.id = q.card_id \
         ORDER BY q.queued_at, c.serial",
    )
    .fetch_all(state.db.pool())
    .await?;
    Ok(rows.into_iter().map(|(serial, queued_at)| QueuedCard { serial, queued_at }).collect())
}

/// Takes a card out of the queue to print it: returns its PDF and forgets it, so the codes
/// leave the database. None if the serial is not queued.
pub async fn take_from_print_queue(
    state: &AppState,
    serial: &str,
) -> Result<Option<Vec<u8>>, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT q.card_id, q.pdf_base64 FROM card_print_queue q JOIN code_cards c ON c.id = q.card_id \
         WHERE c.serial = $1",
    )
    .bind(serial)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((card_id, pdf)) = row else { return Ok(None) };
    sqlx::query("DELETE FROM card_print_queue WHERE card_id = $1")
        .bind(&card_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    STANDARD.decode(pdf).map(Some).map_err(|_| ServerError::Corrupt("queued card".into()))
}
