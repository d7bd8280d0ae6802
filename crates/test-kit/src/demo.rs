//! The demo data in a test server, with its secrets written down for the log audit.

use dossier_server::{AppState, Database, ServerError, demo::DemoSummary};

use crate::{logs::record_secrets, patients::Card};

/// Seeds the demo data and records its secrets (card passwords and codes, register
/// numbers) for the log audit: what every test using the demo needs.
pub async fn seed_demo(state: &AppState) -> Result<DemoSummary, ServerError> {
    let summary = dossier_server::demo::seed(state).await?;
    record_demo_secrets(&summary);
    record_register_numbers(&state.db).await?;
    Ok(summary)
}

/// Records the secrets of the demo cards for the log audit.
fn record_demo_secrets(summary: &DemoSummary) {
    for card in &summary.cards {
        record_secrets(std::iter::once(card.password.expose().as_str()));
        record_secrets(card.codes.iter().map(|c| c.expose().as_str()));
    }
}

/// Records every national register number in the database for the log audit.
async fn record_register_numbers(db: &Database) -> Result<(), ServerError> {
    if std::env::var_os(crate::logs::LOG_DIR_VAR).is_none() {
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

/// A demo patient's card, by user name.
pub fn demo_card(summary: &DemoSummary, user_name: &str) -> Card {
    let card = summary.cards.iter().find(|c| c.user_name == user_name).unwrap();
    Card {
        user_name: card.user_name.clone(),
        serial: card.serial.clone(),
        password: card.password.clone(),
        codes: card.codes.clone(),
    }
}
