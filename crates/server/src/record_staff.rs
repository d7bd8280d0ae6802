//! Staff subcommands for appointments and invoices (`dossier-server admin …`): import them
//! (appointments from our JSON or FHIR R4 `Appointment`, invoices from our JSON; a file in
//! one transaction or not at all, every problem listed), each department's rule for
//! cancelling from the app, moving, cancelling and withdrawing an appointment, the list of
//! appointments cancelled from the app, marking an invoice paid or withdrawing it. Output
//! names hospitals, departments, ids and EAD numbers, never a patient's name or a medical
//! detail: it may end up in a terminal log.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use clap::Subcommand;
use dossier_api::details::NewItemKind;

use crate::{
    app::AppState,
    appointments::{self, DepartmentRule},
    error::ServerError,
    import::{
        self, FhirSource, ImportError, ImportProblem, PatientIdentity,
        appointments::ImportedAppointment, invoices::ImportedInvoice,
    },
    invoices, notifications, patients,
};

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    dossier_api::dates::parse_iso(text)
        .ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{text:?} is not a time (RFC 3339, e.g. 2026-12-02T09:30:00+01:00)"))
}

#[derive(Debug, Subcommand)]
pub enum RecordAction {
    /// Import appointments: our JSON (`{"hospital": …, "appointments": […]}`) or FHIR R4
    /// (a Bundle, or a lone Appointment) sent by `--hospital`. All or nothing.
    ImportAppointments {
        #[arg(long)]
        file: PathBuf,
        /// The sending hospital, for FHIR.
        #[arg(long)]
        hospital: Option<String>,
    },
    /// Import invoices from our JSON (`{"hospital": …, "invoices": […]}`). All or nothing.
    ImportInvoices {
        #[arg(long)]
        file: PathBuf,
    },
    /// Set whether a department takes cancellations from the app, and up to how many hours
    /// before the start.
    SetDepartmentRule {
        #[arg(long)]
        hospital: String,
        #[arg(long)]
        department: String,
        /// Left out: cancellations by phone only.
        #[arg(long)]
        cancellable: bool,
        #[arg(long, default_value_t = 24)]
        notice_hours: u32,
    },
    /// Move an appointment to a new time (it shows as moved).
    MoveAppointment {
        #[arg(long)]
        hospital: String,
        /// The hospital's own id of the appointment.
        #[arg(long)]
        source_id: String,
        /// RFC 3339, e.g. 2026-12-02T09:30:00+01:00.
        #[arg(long, value_parser = parse_instant)]
        start: DateTime<Utc>,
        #[arg(long, value_parser = parse_instant)]
        end: DateTime<Utc>,
    },
    /// Cancel an appointment (by the hospital).
    CancelAppointment {
        #[arg(long)]
        hospital: String,
        #[arg(long)]
        source_id: String,
    },
    /// Withdraw an appointment entered in error: devices delete it.
    WithdrawAppointment {
        #[arg(long)]
        hospital: String,
        #[arg(long)]
        source_id: String,
    },
    /// List the appointments cancelled from the app, oldest cancellation first.
    CancelledAppointments {
        #[arg(long)]
        hospital: String,
        /// Only those cancelled since (RFC 3339); the last 7 days when left out.
        #[arg(long, value_parser = parse_instant)]
        since: Option<DateTime<Utc>>,
    },
    /// Mark an invoice paid.
    MarkInvoicePaid {
        #[arg(long)]
        hospital: String,
        #[arg(long)]
        number: String,
        /// The day it was paid (YYYY-MM-DD); today when left out.
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Withdraw an invoice sent in error: devices delete it.
    WithdrawInvoice {
        #[arg(long)]
        hospital: String,
        #[arg(long)]
        number: String,
    },
}

/// What an import did, per kind of outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} new, {} updated, {} unchanged.", self.new, self.updated, self.unchanged)
    }
}

async fn known_hospitals(state: &AppState) -> Result<Vec<(String, Option<String>)>, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT id, patient_number_system FROM hospitals ORDER BY id")
            .fetch_all(&mut *conn)
            .await?;
    Ok(rows)
}

fn unknown_hospital(known: &[(String, Option<String>)], id: &str) -> ServerError {
    let codes: Vec<&str> = known.iter().map(|(id, _)| id.as_str()).collect();
    ServerError::InvalidInput(format!(
        "unknown hospital '{id}': the hospitals are {}",
        codes.join(", ")
    ))
}

async fn require_hospital(state: &AppState, id: &str) -> Result<(), ServerError> {
    let known = known_hospitals(state).await?;
    if known.iter().any(|(known, _)| known == id) {
        Ok(())
    } else {
        Err(unknown_hospital(&known, id))
    }
}

/// Imports a file of appointments: our JSON, or FHIR R4 sent by `hospital`.
pub async fn import_appointments_file(
    state: &AppState,
    text: &str,
    hospital: Option<&str>,
) -> Result<Summary, ServerError> {
    let known = known_hospitals(state).await?;
    let (read, unread) = if import::looks_like_fhir(text) {
        let hospital_id = hospital.ok_or_else(|| {
            ServerError::InvalidInput("a FHIR file needs --hospital (who sent it)".into())
        })?;
        let (_, system) = known
            .iter()
            .find(|(id, _)| id == hospital_id)
            .ok_or_else(|| unknown_hospital(&known, hospital_id))?;
        let source = FhirSource { hospital_id, patient_number_system: system.as_deref() };
        import::read_fhir_appointments(text, &source)?
    } else {
        let read = import::appointments::from_json(text)?;
        if let Some(first) = read.first() {
            let id = &first.appointment.hospital_id;
            if !known.iter().any(|(known, _)| known == id) {
                return Err(unknown_hospital(&known, id));
            }
            if let Some(expected) = hospital
                && expected != id
            {
                return Err(ServerError::InvalidInput(format!(
                    "the file is from hospital '{id}', not '{expected}'"
                )));
            }
        }
        (read, Vec::new())
    };
    import_appointments_checked(state, &read, unread).await
}

/// Imports appointments in one transaction: all or nothing.
pub async fn import_appointments(
    state: &AppState,
    read: &[ImportedAppointment],
) -> Result<Summary, ServerError> {
    import_appointments_checked(state, read, Vec::new()).await
}

async fn import_appointments_checked(
    state: &AppState,
    read: &[ImportedAppointment],
    mut refused: Vec<ImportProblem>,
) -> Result<Summary, ServerError> {
    if read.is_empty() && refused.is_empty() {
        return Err(ImportError::NoneOfKind("appointment").into());
    }
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    let mut summary = Summary::default();
    let mut found = std::collections::HashMap::<PatientIdentity, Result<String, String>>::new();
    for imported in read {
        let problem =
            |reason: String| ImportProblem { resource: imported.resource.clone(), reason };
        let patient = match found.get(&imported.patient) {
            Some(known) => known.clone(),
            None => {
                let resolved = patients::resolve(&mut tx, &imported.patient)
                    .await?
                    .map_err(|why| why.to_string());
                found.insert(imported.patient.clone(), resolved.clone());
                resolved
            }
        };
        let patient_id = match patient {
            Ok(id) => id,
            Err(why) => {
                refused.push(problem(why));
                continue;
            }
        };
        match appointments::import(&mut tx, &patient_id, &imported.appointment, now).await? {
            Ok(appointments::ImportOutcome::New) => {
                summary.new += 1;
                let at = state.clock.now();
                notifications::something_new(&mut tx, &patient_id, NewItemKind::Appointment, at)
                    .await?;
            }
            Ok(appointments::ImportOutcome::Updated) => summary.updated += 1,
            Ok(appointments::ImportOutcome::Unchanged) => summary.unchanged += 1,
            Err(why) => refused.push(problem(why)),
        }
    }
    if !refused.is_empty() {
        // Dropping the transaction rolls it back: nothing of the file is stored.
        return Err(ImportError::Refused(refused).into());
    }
    tx.commit().await?;
    tracing::info!(
        new = summary.new,
        updated = summary.updated,
        unchanged = summary.unchanged,
        "appointments imported"
    );
    Ok(summary)
}

/// Imports a file of invoices (our JSON).
pub async fn import_invoices_file(state: &AppState, text: &str) -> Result<Summary, ServerError> {
    let read = import::invoices::from_json(text)?;
    if let Some(first) = read.first() {
        require_hospital(state, &first.invoice.hospital_id).await?;
    }
    import_invoices(state, &read).await
}

/// Imports invoices in one transaction: all or nothing.
pub async fn import_invoices(
    state: &AppState,
    read: &[ImportedInvoice],
) -> Result<Summary, ServerError> {
    if read.is_empty() {
        return Err(ImportError::NoneOfKind("invoice").into());
    }
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    let mut summary = Summary::default();
    let mut refused = Vec::new();
    for imported in read {
        let problem =
            |reason: String| ImportProblem { resource: imported.resource.clone(), reason };
        let patient_id = match patients::resolve(&mut tx, &imported.patient).await? {
            Ok(id) => id,
            Err(why) => {
                refused.push(problem(why.to_string()));
                continue;
            }
        };
        match invoices::import(&mut tx, &patient_id, &imported.invoice, now).await? {
            Ok(invoices::ImportOutcome::New) => {
                summary.new += 1;
                let at = state.clock.now();
                notifications::something_new(&mut tx, &patient_id, NewItemKind::Invoice, at)
                    .await?;
            }
            Ok(invoices::ImportOutcome::Updated) => summary.updated += 1,
            Ok(invoices::ImportOutcome::Unchanged) => summary.unchanged += 1,
            Err(why) => refused.push(problem(why)),
        }
    }
    if !refused.is_empty() {
        return Err(ImportError::Refused(refused).into());
    }
    tx.commit().await?;
    tracing::info!(
        new = summary.new,
        updated = summary.updated,
        unchanged = summary.unchanged,
        "invoices imported"
    );
    Ok(summary)
}

/// Changes an appointment the hospital knows by its source id.
pub async fn change_appointment(
    state: &AppState,
    hospital: &str,
    source_id: &str,
    change: appointments::StaffChange,
) -> Result<(), ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    let id = appointments::find_by_source(&mut tx, hospital, source_id)
        .await?
        .ok_or_else(|| ServerError::InvalidInput("no appointment with this source id".into()))?;
    match appointments::change_by_staff(&mut tx, &id, change, state.now()).await? {
        Ok(true) => {}
        Ok(false) => {
            return Err(ServerError::InvalidInput("the appointment was withdrawn".into()));
        }
        Err(why) => return Err(ServerError::InvalidInput(why)),
    }
    tx.commit().await?;
    Ok(())
}

/// Changes an invoice the hospital knows by its number.
pub async fn change_invoice(
    state: &AppState,
    hospital: &str,
    number: &str,
    change: invoices::StaffChange,
) -> Result<(), ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    match invoices::change_by_staff(&mut tx, hospital, number, change, state.now()).await? {
        Ok(true) => {}
        Ok(false) => {
            return Err(ServerError::InvalidInput("no invoice in force has this number".into()));
        }
        Err(why) => return Err(ServerError::InvalidInput(why)),
    }
    tx.commit().await?;
    Ok(())
}

fn instant(seconds: i64) -> String {
    DateTime::<Utc>::from_timestamp(seconds, 0)
        .map(|t| {
            t.with_timezone(&crate::clock::hospital_zone())
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        })
        .unwrap_or_default()
}

/// Runs an appointment or invoice action; returns what to print.
pub async fn run(state: &AppState, action: RecordAction) -> Result<String, ServerError> {
    let read = |file: &PathBuf| {
        std::fs::read_to_string(file).map_err(|error| {
            ServerError::InvalidInput(format!("cannot read {}: {error}", file.display()))
        })
    };
    match action {
        RecordAction::ImportAppointments { file, hospital } => {
            let summary =
                import_appointments_file(state, &read(&file)?, hospital.as_deref()).await?;
            Ok(format!("Appointments: {summary}"))
        }
        RecordAction::ImportInvoices { file } => {
            let summary = import_invoices_file(state, &read(&file)?).await?;
            Ok(format!("Invoices: {summary}"))
        }
        RecordAction::SetDepartmentRule { hospital, department, cancellable, notice_hours } => {
            require_hospital(state, &hospital).await?;
            let mut conn = state.db.pool().acquire().await?;
            let mut tx = crate::db::begin_write(&mut conn).await?;
            let rule = DepartmentRule { cancellable, notice_hours };
            appointments::set_department_rule(&mut tx, &hospital, &department, rule, state.now())
                .await?;
            tx.commit().await?;
            Ok(if cancellable {
                format!("{department}: cancellable from the app up to {notice_hours} h before.")
            } else {
                format!("{department}: cancellations by phone only.")
            })
        }
        RecordAction::MoveAppointment { hospital, source_id, start, end } => {
            let change = appointments::StaffChange::Move { starts_at: start, ends_at: end };
            change_appointment(state, &hospital, &source_id, change).await?;
            Ok(format!("Appointment {source_id} moved to {}.", instant(start.timestamp())))
        }
        RecordAction::CancelAppointment { hospital, source_id } => {
            change_appointment(state, &hospital, &source_id, appointments::StaffChange::Cancel)
                .await?;
            Ok(format!("Appointment {source_id} cancelled."))
        }
        RecordAction::WithdrawAppointment { hospital, source_id } => {
            change_appointment(state, &hospital, &source_id, appointments::StaffChange::Withdraw)
                .await?;
            Ok(format!("Appointment {source_id} withdrawn."))
        }
        RecordAction::CancelledAppointments { hospital, since } => {
            require_hospital(state, &hospital).await?;
            let since = since.map_or(state.now() - 7 * 24 * 3600, |t| t.timestamp());
            let mut conn = state.db.pool().acquire().await?;
            let cancelled = appointments::cancelled_from_app(&mut conn, &hospital, since).await?;
            let mut out = format!("Cancelled from the app: {}", cancelled.len());
            for c in cancelled {
                out.push_str(&format!(
                    "\n  {}  patient {}  {}  was at {}  cancelled {}",
                    c.source_id,
                    c.ead_number,
                    c.department,
                    instant(c.starts_at),
                    instant(c.cancelled_at)
                ));
            }
            Ok(out)
        }
        RecordAction::MarkInvoicePaid { hospital, number, on } => {
            let on = on.unwrap_or_else(|| state.clock.today());
            change_invoice(state, &hospital, &number, invoices::StaffChange::MarkPaid { on })
                .await?;
            Ok(format!("Invoice {number} is paid ({on})."))
        }
        RecordAction::WithdrawInvoice { hospital, number } => {
            change_invoice(state, &hospital, &number, invoices::StaffChange::Withdraw).await?;
            Ok(format!("Invoice {number} withdrawn."))
        }
    }
}
