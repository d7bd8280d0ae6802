//! The staff side, run as subcommands of the server binary against the same database:
//! register a patient, issue a code card as a printable PDF, work through the print queue
//! of posted cards, block a card. Output never holds a password or a code: those are only
//! in the PDF files written for printing.

use std::path::{Path, PathBuf};

use crate::{
    app::AppState,
    cards::{self, Delivery},
    enrolment,
    error::ServerError,
    patients::{self, NewPatient},
};

/// Registers a patient; returns the new id.
pub async fn register_patient(
    state: &AppState,
    patient: &NewPatient,
) -> Result<String, ServerError> {
    patient.validate(state.clock.today())?;
    let mut conn = state.db.pool().acquire().await?;
    let id = patients::insert(&mut conn, patient, state.now()).await?;
    tracing::info!(patient = %id, "patient registered");
    Ok(id)
}

/// What staff see after issuing a card at the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskCard {
    pub serial: String,
    pub user_name: String,
    pub new_account: bool,
    pub pdf: PathBuf,
}

/// Issues a card at the desk for the patient with this EAD number and writes it to `out`.
pub async fn issue_desk_card(
    state: &AppState,
    ead_number: &str,
    out: &Path,
) -> Result<DeskCard, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let patient = patients::find_by_ead(&mut conn, ead_number)
        .await?
        .ok_or_else(|| ServerError::InvalidInput("no patient with this EAD number".into()))?;
    drop(conn);
    let issued = enrolment::issue_card(state, &patient, Delivery::Desk, None).await?;
    write_private(out, &issued.pdf)?;
    Ok(DeskCard {
        serial: issued.card.serial.clone(),
        user_name: issued.card.user_name.clone(),
        new_account: issued.new_account,
        pdf: out.to_path_buf(),
    })
}

/// Writes every queued card into `dir` as `<serial>.pdf` and takes it out of the queue.
pub async fn print_queued_cards(state: &AppState, dir: &Path) -> Result<Vec<PathBuf>, ServerError> {
    std::fs::create_dir_all(dir)
        .map_err(|source| ServerError::DataDir { path: dir.to_path_buf(), source })?;
    let mut written = Vec::new();
    for queued in enrolment::print_queue(state).await? {
        if let Some(pdf) = enrolment::take_from_print_queue(state, &queued.serial).await? {
            let path = dir.join(format!("{}.pdf", queued.serial));
            write_private(&path, &pdf)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Blocks the card with this serial. False if no active card has it.
pub async fn block_card(state: &AppState, serial: &str) -> Result<bool, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let blocked = cards::block_serial(&mut conn, serial, state.now()).await?;
    if blocked {
        tracing::info!("code card blocked by staff");
    }
    Ok(blocked)
}

/// A card PDF holds secrets: readable by its owner only.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ServerError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|source| ServerError::DataDir { path: parent.to_path_buf(), source })?;
    }
    std::fs::write(path, bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// Imports reports (from JSON or FHIR) in one transaction: all or nothing. Returns how
/// many were stored.
pub async fn import_reports(
    state: &AppState,
    reports: &[crate::import::ImportedReport],
) -> Result<usize, ServerError> {
    use sqlx::Acquire;
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = conn.begin().await?;
    let mut patients_by_ead = std::collections::HashMap::new();
    for imported in reports {
        let patient_id = match patients_by_ead.get(&imported.patient_ead) {
            Some(id) => String::clone(id),
            None => {
                let patient = patients::find_by_ead(&mut tx, &imported.patient_ead)
                    .await?
                    .ok_or_else(|| {
                        ServerError::InvalidInput(format!(
                            "{}: no patient with this EAD number",
                            imported.report.source_id
                        ))
                    })?;
                patients_by_ead.insert(imported.patient_ead.clone(), patient.id.clone());
                patient.id
            }
        };
        crate::reports::import(&mut tx, &patient_id, &imported.report, now).await?;
    }
    tx.commit().await?;
    tracing::info!(count = reports.len(), "reports imported");
    Ok(reports.len())
}

/// Validates a draft report, or protects one (or lifts the protection).
pub async fn change_report(
    state: &AppState,
    report_id: &str,
    change: crate::reports::StatusChange,
) -> Result<bool, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    crate::reports::set_status(&mut conn, report_id, change, state.now()).await
}
