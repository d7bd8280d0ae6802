//! The staff side, run as subcommands of the server binary against the same database:
//! register a patient, issue a code card as a printable PDF, work through the print queue
//! of posted cards, block a card. Output never holds a password or a code: those are only
//! in the PDF files written for printing.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::{
    app::AppState,
    cards::{self, Delivery},
    enrolment,
    error::ServerError,
    import::{self, FhirSource, ImportError, ImportProblem, ImportedReport},
    link_requests, links,
    patients::{self, NewPatient},
    reports::ImportOutcome,
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

/// What an import did, per kind of outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Kept out, with why: older versions, preliminaries of final reports.
    pub kept_out: Vec<ImportProblem>,
}

/// Imports a file of reports sent by a hospital: our JSON format, or FHIR R4 (then
/// `hospital` names the sender). One transaction for the file: when any report is refused,
/// nothing is stored and every refusal is listed.
pub async fn import_file(
    state: &AppState,
    text: &str,
    hospital: Option<&str>,
) -> Result<ImportSummary, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let known = crate::reports::hospitals(&mut conn).await?;
    drop(conn);
    let unknown = |id: &str| {
        let mut codes: Vec<&str> = known.keys().map(String::as_str).collect();
        codes.sort_unstable();
        ServerError::InvalidInput(format!(
            "unknown hospital '{id}': the hospitals are {}",
            codes.join(", ")
        ))
    };
    let (reports, unread) = if import::looks_like_fhir(text) {
        let hospital_id = hospital.ok_or_else(|| {
            ServerError::InvalidInput("a FHIR file needs --hospital (who sent it)".into())
        })?;
        let sender = known.get(hospital_id).ok_or_else(|| unknown(hospital_id))?;
        let source = FhirSource {
            hospital_id,
            patient_number_system: sender.patient_number_system.as_deref(),
        };
        import::read_fhir(text, &source)?
    } else {
        let reports = import::from_json(text)?;
        if let Some(id) = reports
            .iter()
            .map(|r| r.report.hospital_id.as_str())
            .find(|id| !known.contains_key(*id))
        {
            return Err(unknown(id));
        }
        if let Some(expected) = hospital
            && let Some(other) = reports.iter().find(|r| r.report.hospital_id != expected)
        {
            return Err(ServerError::InvalidInput(format!(
                "the file is from hospital '{}', not '{expected}'",
                other.report.hospital_id
            )));
        }
        (reports, Vec::new())
    };
    import_checked(state, &reports, unread).await
}

/// Imports reports in one transaction: all or nothing. Each report's patient must be found
/// exactly once from what the source says (EAD number, national register number, or both
/// naming the same patient); no match or two candidates refuse the report.
pub async fn import_reports(
    state: &AppState,
    reports: &[ImportedReport],
) -> Result<ImportSummary, ServerError> {
    import_checked(state, reports, Vec::new()).await
}

/// [`import_reports`], with the problems found while reading the file: the database
/// checks still run for the reports that were read, so every problem is listed at once.
async fn import_checked(
    state: &AppState,
    reports: &[ImportedReport],
    unread: Vec<ImportProblem>,
) -> Result<ImportSummary, ServerError> {
    if reports.is_empty() && unread.is_empty() {
        return Err(ImportError::NothingToImport.into());
    }
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    let mut summary = ImportSummary::default();
    let mut refused = unread;
    let mut patients = std::collections::HashMap::new();
    for imported in reports {
        let problem =
            |reason: String| ImportProblem { resource: imported.resource.clone(), reason };
        let patient_id = match patients.get(&imported.patient) {
            Some(found) => Clone::clone(found),
            None => {
                let found = patients::resolve(&mut tx, &imported.patient).await?;
                patients.insert(imported.patient.clone(), found.clone());
                found
            }
        };
        let patient_id = match patient_id {
            Ok(id) => id,
            Err(why) => {
                refused.push(problem(why.to_string()));
                continue;
            }
        };
        match crate::reports::import(&mut tx, &patient_id, &imported.report, now).await? {
            Ok(ImportOutcome::New { report_id }) => {
                summary.new += 1;
                // Told when there is something to see: now, or when its delay ends.
                let shown = crate::reports::shown_from(&mut tx, &report_id, state.clock.now());
                if let Some(at) = shown.await? {
                    let kind = dossier_api::details::NewItemKind::Report;
                    crate::notifications::something_new(&mut tx, &patient_id, kind, at).await?;
                }
            }
            Ok(ImportOutcome::Updated { .. }) => summary.updated += 1,
            Ok(ImportOutcome::Unchanged { .. }) => summary.unchanged += 1,
            Ok(ImportOutcome::OlderVersion { .. }) => summary
                .kept_out
                .push(problem("older than the version already stored: kept out".into())),
            Ok(ImportOutcome::PreliminaryAfterFinal { .. }) => summary.kept_out.push(problem(
                "a preliminary version of a report that is already final: kept out".into(),
            )),
            Err(refusal) => refused.push(problem(refusal.to_string())),
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
        kept_out = summary.kept_out.len(),
        "reports imported"
    );
    Ok(summary)
}

/// A partner hospital as staff add it.
#[derive(Debug, Clone)]
pub struct NewHospital {
    pub id: String,
    pub name: String,
    pub city: String,
    pub reports_visible_from: NaiveDate,
    pub shares_child_reports: bool,
    /// The FHIR identifier system of its patient numbers.
    pub patient_number_system: Option<String>,
}

/// Adds a partner hospital.
pub async fn add_hospital(state: &AppState, hospital: &NewHospital) -> Result<(), ServerError> {
    let valid_id = (2..=16).contains(&hospital.id.len())
        && hospital.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !valid_id {
        return Err(ServerError::InvalidInput(
            "a hospital code has 2 to 16 lower-case letters or digits".into(),
        ));
    }
    if hospital.name.trim().is_empty() || hospital.city.trim().is_empty() {
        return Err(ServerError::InvalidInput("a hospital needs a name and a city".into()));
    }
    let mut conn = state.db.pool().acquire().await?;
    let inserted = sqlx::query(
        "INSERT INTO hospitals (id, name, city, reports_visible_from, shares_child_reports, \
         patient_number_system, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&hospital.id)
    .bind(&hospital.name)
    .bind(&hospital.city)
    .bind(hospital.reports_visible_from.to_string())
    .bind(hospital.shares_child_reports)
    .bind(hospital.patient_number_system.as_deref())
    .bind(state.now())
    .execute(&mut *conn)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(ServerError::InvalidInput(
            format!("a hospital with code '{}' exists already", hospital.id),
        )),
        Err(e) => Err(e.into()),
    }
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

/// Sends `mail` to the patient's address, if they have one. A mail that cannot be sent
/// does not undo the decision it tells of: staff are told, the app shows it anyway.
async fn tell_patient(
    state: &AppState,
    patient_id: &str,
    mail: impl FnOnce(&patients::Patient) -> crate::mail::Mail,
) -> Result<bool, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(patient) = patients::find_by_id(&mut conn, patient_id).await? else {
        return Ok(false);
    };
    let Some(email) = patient.email.clone().filter(|e| !e.is_empty()) else { return Ok(false) };
    match state.mailer.send(&email, mail(&patient)).await {
        Ok(()) => Ok(true),
        Err(error) => {
            tracing::warn!(%error, "decision not mailed");
            Ok(false)
        }
    }
}

/// What is waiting for staff: parents' requests and trusted persons named from the app.
pub async fn waiting_links(
    state: &AppState,
) -> Result<(Vec<link_requests::WaitingRequest>, Vec<links::WaitingLink>), ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok((link_requests::waiting(&mut conn).await?, links::waiting(&mut conn).await?))
}

/// Writes the document joined to a request to `out`. False when it has none.
pub async fn save_request_document(
    state: &AppState,
    id: &str,
    out: &Path,
) -> Result<bool, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some((bytes, _)) = link_requests::document(&mut conn, id).await? else {
        return Ok(false);
    };
    write_private(out, &bytes)?;
    Ok(true)
}

/// Approves a parent's request (see [`link_requests::approve`]) and tells the parent.
/// Whether the link started (false: the child turned 15 meanwhile, the request was refused
/// with that reason).
pub async fn approve_link_request(state: &AppState, id: &str) -> Result<bool, ServerError> {
    let decision = {
        let mut conn = state.db.pool().acquire().await?;
        link_requests::approve(&mut conn, id, state.clock.today(), state.now())
            .await?
            .map_err(|problem| ServerError::InvalidInput(problem.to_string()))?
    };
    tell_parent(state, &decision).await?;
    Ok(decision.approved)
}

/// Refuses a parent's request with a reason the parent reads, and tells them.
pub async fn refuse_link_request(
    state: &AppState,
    id: &str,
    reason: &str,
) -> Result<(), ServerError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ServerError::InvalidInput("give a reason of at most 500 characters".into()));
    }
    let decision = {
        let mut conn = state.db.pool().acquire().await?;
        link_requests::refuse(&mut conn, id, reason, state.now())
            .await?
            .ok_or_else(|| ServerError::InvalidInput("no waiting request has this id".into()))?
    };
    tell_parent(state, &decision).await
}

async fn tell_parent(
    state: &AppState,
    decision: &link_requests::Decision,
) -> Result<(), ServerError> {
    tell_patient(state, &decision.parent_id, |parent| {
        crate::mail::link_request_decided(
            parent.language,
            &parent.given_name,
            &decision.child_given_name,
            decision.reason.as_deref(),
        )
    })
    .await
    .map(|_| ())
}

/// Confirms a trusted person named from the app, and tells the patient who named them.
pub async fn confirm_link(state: &AppState, id: &str) -> Result<(), ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let link = links::find(&mut conn, id)
        .await?
        .filter(|link| link.status == links::LinkStatus::Requested)
        .ok_or_else(|| ServerError::InvalidInput("no link waiting for staff has this id".into()))?;
    links::confirm(&mut conn, id).await?;
    drop(conn);
    tracing::info!("link confirmed by staff");
    let person = format!("{} {}", link.given_name, link.family_name);
    tell_patient(state, &link.subject_id, |patient| {
        crate::mail::trusted_person_confirmed(patient.language, &patient.given_name, &person)
    })
    .await
    .map(|_| ())
}

/// A link made at the desk.
#[derive(Debug, Clone)]
pub struct DeskLink {
    /// The holder's and the subject's EAD numbers.
    pub holder_ead: String,
    pub subject_ead: String,
    pub kind: links::LinkKind,
    /// Today when None.
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Required for a representative.
    pub mandate_reference: Option<String>,
}

/// Adds a link at the desk, in force from its first day. Its id.
pub async fn add_link(state: &AppState, desk: &DeskLink) -> Result<String, ServerError> {
    use links::LinkKind;
    let invalid = |text: &str| ServerError::InvalidInput(text.into());
    let today = state.clock.today();
    let mut conn = state.db.pool().acquire().await?;
    let holder = patients::find_by_ead(&mut conn, &desk.holder_ead)
        .await?
        .ok_or_else(|| invalid("no patient with the holder's EAD number"))?;
    let subject = patients::find_by_ead(&mut conn, &desk.subject_ead)
        .await?
        .ok_or_else(|| invalid("no patient with the subject's EAD number"))?;
    if holder.id == subject.id {
        return Err(invalid("a patient cannot hold a link to their own record"));
    }
    if holder.is_deceased() || subject.is_deceased() {
        return Err(invalid("a link to or from a deceased patient cannot be made"));
    }
    let from = desk.from.unwrap_or(today);
    let mut until = desk.until;
    if until.is_some_and(|until| until < today || until < from) {
        return Err(invalid("the end date is in the past or before the start"));
    }
    match desk.kind {
        LinkKind::ParentChild => {
            if !patients::is_child_on(subject.date_of_birth, today.max(from)) {
                return Err(invalid("the child is 15 or older: a parent/child link cannot start"));
            }
            let last_day = links::last_day_of_child_link(subject.date_of_birth);
            until = match (until, last_day) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        LinkKind::Representative => {
            if desk.mandate_reference.as_deref().is_none_or(|m| m.trim().is_empty()) {
                return Err(invalid("a representative needs the mandate's reference"));
            }
        }
        LinkKind::TrustedPerson => {}
    }
    if links::open_link_exists(&mut conn, &holder.id, &subject.id, desk.kind).await? {
        return Err(invalid("this link exists already"));
    }
    let mut link = links::NewLink::by_staff(&holder.id, &subject.id, desk.kind, from, until);
    link.mandate_reference = desk.mandate_reference.as_deref().map(str::trim);
    let id = links::insert(&mut conn, &link, state.now()).await?;
    tracing::info!(kind = desk.kind.as_str(), "link added by staff");
    Ok(id)
}

/// Ends a link at once (staff). False when it had ended already.
pub async fn end_link(state: &AppState, id: &str) -> Result<bool, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let ended = links::end(&mut conn, id, links::EndReason::Staff, state.now()).await?;
    if ended {
        tracing::info!("link ended by staff");
    }
    Ok(ended)
}

/// Records a patient's death: at once their sessions end and their devices are refused
/// (sessions and devices check the date), and every link to and from them ends. Returns
/// how many links ended.
pub async fn record_death(
    state: &AppState,
    ead_number: &str,
    died_on: NaiveDate,
) -> Result<u64, ServerError> {
    let invalid = |text: &str| ServerError::InvalidInput(text.into());
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;
    let patient = patients::find_by_ead(&mut tx, ead_number)
        .await?
        .ok_or_else(|| invalid("no patient with this EAD number"))?;
    if patient.is_deceased() {
        return Err(invalid("this patient's death is recorded already"));
    }
    if died_on > state.clock.today() || died_on < patient.date_of_birth {
        return Err(invalid("the date of death is in the future or before the birth"));
    }
    sqlx::query("UPDATE patients SET date_of_death = $2 WHERE id = $1")
        .bind(&patient.id)
        .bind(died_on.to_string())
        .execute(&mut *tx)
        .await?;
    let ended = links::end_all_of(&mut tx, &patient.id, links::EndReason::Death, now).await?;
    sqlx::query(
        "UPDATE link_requests SET status = 'refused', reason = 'deceased', decided_at = $2, \
         document = NULL WHERE status = 'waiting' AND (requester_id = $1 OR subject_id = $1)",
    )
    .bind(&patient.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if let Some(account) = crate::accounts::find_by_patient(&mut tx, &patient.id).await? {
        crate::sessions::revoke_all(&mut tx, &account.id, None, now).await?;
    }
    tx.commit().await?;
    tracing::info!(links_ended = ended, "death recorded");
    Ok(ended)
}
