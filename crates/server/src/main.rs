//! The dossier-server binary: the API server and the staff commands.

use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use clap::{Args, Parser, Subcommand};
use dossier_api::{Language, NationalRegisterNumber};
use dossier_server::{
    AppState, Clock, Database, LogFormat, ServeConfig, ShiftedClock, SystemClock, care_staff,
    config::{DatabaseConfig, ServiceConfig},
    db, demo, enrolment,
    patients::NewPatient,
    questionnaires, record_staff, staff,
    tls::{ServerCertificate, TlsFiles, TlsListener},
};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(name = "dossier-server", version, about = "Dossier's portal backend")]
struct Cli {
    /// Log line format.
    #[arg(long, env = "DOSSIER_LOG_FORMAT", value_enum, default_value_t, global = true)]
    log_format: LogFormat,

    #[command(subcommand)]
    command: Command,
}

// Parsed once at start-up: the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Run the API server.
    Serve(ServeConfig),
    /// Run the API server on demo data, seeding it first if the database has none.
    Demo(ServeConfig),
    /// Bring the database schema up to date, then exit.
    Migrate(DatabaseConfig),
    /// Add the demo hospitals, patients and code cards to the database, then exit.
    SeedDemo(StaffConfig),
    /// Copy the SQLite database to a new file while the server runs (a consistent
    /// snapshot). Restore: stop the server, put the copy in the database's place.
    /// PostgreSQL: pg_dump and pg_restore (deploy/README.md).
    Backup {
        #[command(flatten)]
        database: DatabaseConfig,
        /// The new file to write (it must not exist).
        #[arg(long)]
        out: PathBuf,
    },
    /// Staff actions: register patients, issue and print code cards, block cards.
    Admin {
        #[command(flatten)]
        config: StaffConfig,
        #[command(subcommand)]
        action: AdminAction,
    },
}

#[derive(Debug, Clone, Args)]
struct StaffConfig {
    #[command(flatten)]
    database: DatabaseConfig,
    #[command(flatten)]
    service: ServiceConfig,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum AdminAction {
    /// Register a patient at the desk.
    RegisterPatient(PatientArgs),
    /// Issue a code card at the desk and write it as a printable PDF. A patient without an
    /// account gets one, with a user name and an initial password printed on the card.
    IssueCard {
        #[arg(long)]
        ead_number: String,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
    },
    /// List the cards requested online that wait to be printed and posted.
    PrintQueue {
        /// Write every queued card as <serial>.pdf into this folder and take it out of the
        /// queue (its codes then leave the database).
        #[arg(long)]
        print_to: Option<PathBuf>,
    },
    /// Block a code card (lost or stolen).
    BlockCard {
        #[arg(long)]
        serial: String,
    },
    /// Import reports from our JSON format, or from a FHIR R4 Bundle (DiagnosticReport +
    /// Observation) sent by `--hospital`. All or nothing.
    ImportReports {
        /// A JSON file (`{"hospital": …, "reports": […]}`) or FHIR R4 (a Bundle, or a
        /// lone DiagnosticReport).
        #[arg(long)]
        file: PathBuf,
        /// The sending hospital, for FHIR.
        #[arg(long)]
        hospital: Option<String>,
    },
    /// Add a partner hospital.
    AddHospital {
        /// Its short code, e.g. `hzk`.
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        city: String,
        /// Nothing performed before this date is shown (YYYY-MM-DD).
        #[arg(long, default_value = "2016-08-15", value_parser = parse_date)]
        reports_visible_from: NaiveDate,
        /// Whether it shows the reports of children under 15 online.
        #[arg(long)]
        shares_child_reports: bool,
        /// The FHIR identifier system of its patient numbers.
        #[arg(long)]
        patient_number_system: Option<String>,
    },
    /// Validate a draft report: it becomes visible after its hospital's delay.
    ValidateReport {
        #[arg(long)]
        id: String,
    },
    /// Protect a report (third-party data, therapeutic exception): hidden from the patient
    /// everywhere, and removed from their devices at the next sync.
    ProtectReport {
        #[arg(long)]
        id: String,
        /// Lift the protection instead.
        #[arg(long)]
        lift: bool,
    },
    /// List what waits for staff: parents' requests for a child's record, and trusted
    /// persons named from the app.
    LinkRequests,
    /// Write the document joined to a parent's request to a file.
    RequestDocument {
        #[arg(long)]
        id: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Approve a parent's request (the child must still be under 15 today).
    ApproveRequest {
        #[arg(long)]
        id: String,
    },
    /// Refuse a parent's request; the parent reads the reason.
    RefuseRequest {
        #[arg(long)]
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// Confirm a trusted person a patient named from the app.
    ConfirmLink {
        #[arg(long)]
        id: String,
    },
    /// Add a link at the desk: parent_child, trusted_person or representative.
    AddLink {
        /// The EAD number of the person who will open the record.
        #[arg(long)]
        holder: String,
        /// The EAD number of the patient whose record it is.
        #[arg(long)]
        subject: String,
        #[arg(long, value_parser = parse_link_kind)]
        kind: dossier_server::links::LinkKind,
        /// First day (YYYY-MM-DD); today when left out.
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD); until ended when left out (a child's link ends the day
        /// before the 15th birthday at the latest).
        #[arg(long, value_parser = parse_date)]
        until: Option<NaiveDate>,
        /// The mandate's reference, required for a representative.
        #[arg(long)]
        mandate: Option<String>,
    },
    /// End a link at once.
    EndLink {
        #[arg(long)]
        id: String,
    },
    #[command(flatten)]
    Care(care_staff::CareAction),
    #[command(flatten)]
    Record(record_staff::RecordAction),
    /// Record a patient's death: their access and every link to and from them end.
    RecordDeath {
        #[arg(long)]
        ead_number: String,
        /// YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        died_on: NaiveDate,
    },
    /// Import questionnaire forms from a FHIR R4 file (a Questionnaire, or a Bundle of
    /// them) sent by `--hospital`. All or nothing; a form already imported (same url and
    /// version) is kept as it is.
    ImportQuestionnaires {
        #[arg(long)]
        file: PathBuf,
        #[arg(long)]
        hospital: String,
    },
    /// Send a questionnaire form to a patient: it waits in the record, and the patient
    /// (or a parent, a representative) gets the e-mail with a code.
    SendQuestionnaire {
        /// The form's id, as `import-questionnaires` printed it.
        #[arg(long)]
        form: String,
        #[arg(long)]
        ead_number: String,
    },
    /// List the questionnaires patients submitted to `--hospital` and not exported yet.
    SubmittedQuestionnaires {
        #[arg(long)]
        hospital: String,
        /// Also those exported before.
        #[arg(long)]
        all: bool,
    },
    /// List the messages patients wrote to `--hospital`'s services that wait for an answer.
    Messages {
        #[arg(long)]
        hospital: String,
    },
    /// Answer in a conversation, signed with the staff member's name; the patient's side is
    /// told by e-mail.
    AnswerMessage {
        /// The conversation's id, as `messages` lists it.
        #[arg(long)]
        thread: String,
        /// How the answer is signed: a name, a service.
        #[arg(long)]
        staff_name: String,
        /// The answer's text.
        #[arg(long)]
        text: String,
        /// A PDF, JPEG or PNG to join (up to five).
        #[arg(long)]
        attach: Vec<PathBuf>,
    },
    /// Import a radiology study from a folder of DICOM files (read recursively; a DICOMDIR
    /// is left out) onto a radiology report: one study, every file DICOM, a preview per
    /// series. All or nothing; the same study on the same report again changes nothing.
    ImportStudy {
        /// The folder, e.g. a CD's copy.
        #[arg(long)]
        folder: PathBuf,
        /// The radiology report's id (as `validate-report` takes it).
        #[arg(long)]
        report: String,
    },
    /// Write a submitted questionnaire as a FHIR R4 QuestionnaireResponse (JSON) and mark
    /// it exported.
    ExportQuestionnaireResponse {
        /// The questionnaire's id, as `submitted-questionnaires` lists it.
        #[arg(long)]
        id: String,
        /// Where to write it; standard output when left out.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// A `YYYY-MM-DD` argument.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    dossier_api::dates::parse_iso(text)
        .ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

fn parse_link_kind(text: &str) -> Result<dossier_server::links::LinkKind, String> {
    dossier_server::links::LinkKind::parse(text)
        .ok_or_else(|| "expected parent_child, trusted_person or representative".to_owned())
}

#[derive(Debug, Args)]
struct PatientArgs {
    #[arg(long)]
    ead_number: String,
    /// Belgians only; checked (11 digits, mod-97).
    #[arg(long)]
    national_register_number: Option<String>,
    #[arg(long)]
    given_name: String,
    #[arg(long)]
    family_name: String,
    /// YYYY-MM-DD
    #[arg(long)]
    date_of_birth: String,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    street: String,
    #[arg(long)]
    postal_code: String,
    #[arg(long)]
    city: String,
    /// Two-letter ISO code.
    #[arg(long, default_value = "BE")]
    country: String,
    /// nl, fr or en.
    #[arg(long, default_value = "nl")]
    language: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match cli.command {
        Command::Serve(config) => serve(config, false).await,
        Command::Demo(config) => serve(config, true).await,
        Command::Migrate(config) => {
            open(&config).await?;
            tracing::info!("database schema is up to date");
            Ok(())
        }
        Command::SeedDemo(config) => {
            let data_dir = config.database.data_dir()?;
            let state = services(&config.database, &config.service, None).await?;
            seed_demo(&state, &data_dir).await
        }
        Command::Admin { config, action } => admin(&config, action).await,
        Command::Backup { database, out } => backup(&database, &out).await,
    }
}

async fn open(config: &DatabaseConfig) -> anyhow::Result<Database> {
    let url = config.resolved_url()?;
    let db = Database::open(&url)
        .await
        .with_context(|| format!("cannot open the database at {}", db::redacted_url(&url)))?;
    tracing::info!(database = db.kind().as_str(), url = %db::redacted_url(&url), "database ready");
    Ok(db)
}

async fn services(
    database: &DatabaseConfig,
    service: &ServiceConfig,
    bind: Option<std::net::SocketAddr>,
) -> anyhow::Result<AppState> {
    services_at(database, service, bind, None).await
}

/// The services, on the system's clock or (the demo only) one moved by `clock`.
async fn services_at(
    database: &DatabaseConfig,
    service: &ServiceConfig,
    bind: Option<std::net::SocketAddr>,
    clock: Option<&str>,
) -> anyhow::Result<AppState> {
    let db = open(database).await?;
    let settings = service.settings(&database.data_dir()?, bind)?;
    Ok(match clock {
        None => AppState::open(db, SystemClock, &settings).await?,
        Some(setting) => {
            let clock = ShiftedClock::parse(setting, Utc::now()).map_err(|e| anyhow::anyhow!(e))?;
            let now = clock.now().to_rfc3339_opts(SecondsFormat::AutoSi, true);
            tracing::warn!(%now, "the demo runs on a moved clock");
            AppState::open(db, clock, &settings).await?
        }
    })
}

#[allow(clippy::print_stdout)] // The operator reads this.
async fn backup(database: &DatabaseConfig, out: &std::path::Path) -> anyhow::Result<()> {
    // Connected without migrating: a backup never changes the database it copies.
    let db = Database::connect(&database.resolved_url()?).await?;
    let written = db.backup_to(out).await;
    db.close().await;
    written?;
    println!("Backup written to {}", out.display());
    Ok(())
}

#[allow(clippy::print_stdout)] // The person at the desk reads this.
async fn admin(config: &StaffConfig, action: AdminAction) -> anyhow::Result<()> {
    // A provider's call goes over HTTP to a running server: no database here.
    if let AdminAction::Care(action @ care_staff::CareAction::ProviderOpen { .. }) = action {
        println!("{}", care_staff::provider_open_action(action).await?);
        return Ok(());
    }
    let state = services(&config.database, &config.service, None).await?;
    match action {
        AdminAction::RegisterPatient(args) => {
            let patient = NewPatient {
                national_register_number: args
                    .national_register_number
                    .as_deref()
                    .map(NationalRegisterNumber::parse)
                    .transpose()
                    .context("national register number")?,
                date_of_birth: dossier_api::dates::parse_iso(&args.date_of_birth)
                    .context("date of birth (YYYY-MM-DD)")?,
                date_of_death: None,
                language: Language::from_code(&args.language).context("language: nl, fr or en")?,
                ead_number: args.ead_number,
                given_name: args.given_name,
                family_name: args.family_name,
                email: args.email,
                street: args.street,
                postal_code: args.postal_code,
                city: args.city,
                country: args.country,
            };
            let id = staff::register_patient(&state, &patient).await?;
            println!("Patient registered: {id}");
        }
        AdminAction::IssueCard { ead_number, out } => {
            let card = staff::issue_desk_card(&state, &ead_number, &out).await?;
            let account = if card.new_account {
                "new account"
            } else {
                "existing account, password unchanged"
            };
            println!(
                "Card {} for user name {} ({account}) written to {}. Print it and hand it over.",
                card.serial,
                card.user_name,
                card.pdf.display()
            );
        }
        AdminAction::PrintQueue { print_to: None } => {
            let queue = enrolment::print_queue(&state).await?;
            if queue.is_empty() {
                println!("The print queue is empty.");
            }
            for card in queue {
                let queued = DateTime::<Utc>::from_timestamp(card.queued_at, 0)
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                    .unwrap_or_default();
                println!("{}  queued {queued}", card.serial);
            }
        }
        AdminAction::PrintQueue { print_to: Some(dir) } => {
            let written = staff::print_queued_cards(&state, &dir).await?;
            println!(
                "{} card(s) written to {}: print and post them.",
                written.len(),
                dir.display()
            );
        }
        AdminAction::ImportReports { file, hospital } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let summary = staff::import_file(&state, &text, hospital.as_deref()).await?;
            println!(
                "{} new, {} updated, {} unchanged, {} kept out.",
                summary.new,
                summary.updated,
                summary.unchanged,
                summary.kept_out.len()
            );
            for kept_out in &summary.kept_out {
                println!("  {kept_out}");
            }
        }
        AdminAction::ImportQuestionnaires { file, hospital } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            for form in questionnaires::import_file(&state, &hospital, &text).await? {
                let state = if form.new { "new" } else { "already there" };
                println!("{}  {} ({state})", form.id, form.title);
            }
        }
        AdminAction::SendQuestionnaire { form, ead_number } => {
            let (id, mailed) = questionnaires::send_to(&state, &form, &ead_number).await?;
            println!("Questionnaire {id} sent; {mailed} e-mail(s) with a code went out.");
        }
        AdminAction::SubmittedQuestionnaires { hospital, all } => {
            let mut conn = state.db.pool().acquire().await?;
            let list = questionnaires::submitted(&mut conn, &hospital, all).await?;
            if list.is_empty() {
                println!("No submitted questionnaires waiting.");
            }
            for item in list {
                let at = chrono::DateTime::from_timestamp(item.submitted_at, 0)
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default();
                let exported = if item.exported { "  (exported)" } else { "" };
                println!("{}  {at}  {}{exported}", item.id, item.title);
            }
        }
        AdminAction::Messages { hospital } => {
            let mut conn = state.db.pool().acquire().await?;
            let list = dossier_server::messages::waiting(&mut conn, &hospital).await?;
            if list.is_empty() {
                println!("No messages waiting for an answer.");
            }
            for item in list {
                let at = chrono::DateTime::from_timestamp(item.sent_at, 0)
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default();
                println!(
                    "{}  {at}  EAD {}  {}  {}  ({} attachment(s))\n    {}",
                    item.thread_id,
                    item.ead_number,
                    item.service.as_str(),
                    item.subject,
                    item.attachments,
                    item.body.replace('\n', "\n    ")
                );
            }
        }
        AdminAction::AnswerMessage { thread, staff_name, text, attach } => {
            let mut files = Vec::new();
            for path in &attach {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                files.push((name.unwrap_or_default(), bytes));
            }
            let mut conn = state.db.pool().acquire().await?;
            let id = dossier_server::messages::answer(
                &mut conn,
                &thread,
                &staff_name,
                &text,
                &files,
                state.now(),
            )
            .await?;
            println!("Answer {id} sent.");
        }
        AdminAction::ImportStudy { folder, report } => {
            use dossier_server::radiology::{Imported, import_folder};
            let summary = import_folder(&state.db, &folder, &report, state.now()).await?;
            match summary.imported {
                Imported::New { study_id } => println!(
                    "Study {study_id} imported on report {report}: {} series, {} images.",
                    summary.series, summary.images
                ),
                Imported::AlreadyThere { study_id } => {
                    println!(
                        "Study {study_id} was imported on report {report} already: nothing changed."
                    )
                }
            }
            for series in summary.without_preview {
                println!("No preview for {series}");
            }
        }
        AdminAction::ExportQuestionnaireResponse { id, out } => {
            let mut conn = state.db.pool().acquire().await?;
            let response = questionnaires::response::export(&mut conn, &id, state.now())
                .await?
                .with_context(|| format!("no submitted questionnaire {id}"))?;
            let text = serde_json::to_string_pretty(&response)?;
            match out {
                Some(path) => {
                    staff::write_private(&path, text.as_bytes())?;
                    println!("Written to {}.", path.display());
                }
                None => println!("{text}"),
            }
        }
        AdminAction::AddHospital {
            id,
            name,
            city,
            reports_visible_from,
            shares_child_reports,
            patient_number_system,
        } => {
            let hospital = staff::NewHospital {
                id,
                name,
                city,
                reports_visible_from,
                shares_child_reports,
                patient_number_system,
            };
            staff::add_hospital(&state, &hospital).await?;
            println!("Hospital {} added.", hospital.id);
        }
        AdminAction::ValidateReport { id } => {
            let change = dossier_server::reports::StatusChange::Validate;
            if !staff::change_report(&state, &id, change).await? {
                anyhow::bail!("no draft report with id {id}");
            }
            println!("Report {id} is validated.");
        }
        AdminAction::ProtectReport { id, lift } => {
            let change = if lift {
                dossier_server::reports::StatusChange::Unprotect
            } else {
                dossier_server::reports::StatusChange::Protect
            };
            if !staff::change_report(&state, &id, change).await? {
                anyhow::bail!("no report with id {id} to change");
            }
            println!("Report {id} is {}.", if lift { "no longer protected" } else { "protected" });
        }
        AdminAction::BlockCard { serial } => {
            if staff::block_card(&state, &serial).await? {
                println!("Card {serial} is blocked.");
            } else {
                anyhow::bail!("no active card with serial {serial}");
            }
        }
        AdminAction::LinkRequests => {
            let (requests, links) = staff::waiting_links(&state).await?;
            println!("Parents' requests waiting: {}", requests.len());
            for r in requests {
                let found = if r.child_found { "matches a patient" } else { "matches NO patient" };
                let document = r.document_type.as_deref().unwrap_or("no document");
                println!(
                    "  {}  {} asks for {} (born {}): {found}; {document}",
                    r.id, r.parent_name, r.child_name, r.child_born
                );
            }
            println!("Links waiting for confirmation: {}", links.len());
            for l in links {
                let until = l.valid_until.as_deref().unwrap_or("until revoked");
                println!(
                    "  {}  {} named {} as {} ({until})",
                    l.id,
                    l.subject_name,
                    l.holder_name,
                    l.kind.as_str()
                );
            }
        }
        AdminAction::RequestDocument { id, out } => {
            if !staff::save_request_document(&state, &id, &out).await? {
                anyhow::bail!("request {id} has no document (or it was decided)");
            }
            println!("Written to {}.", out.display());
        }
        AdminAction::ApproveRequest { id } => {
            if staff::approve_link_request(&state, &id).await? {
                println!("Request {id} approved: the link is in force.");
            } else {
                println!("The child turned 15 meanwhile: request {id} was refused, with why.");
            }
        }
        AdminAction::RefuseRequest { id, reason } => {
            staff::refuse_link_request(&state, &id, &reason).await?;
            println!("Request {id} refused.");
        }
        AdminAction::ConfirmLink { id } => {
            staff::confirm_link(&state, &id).await?;
            println!("Link {id} confirmed.");
        }
        AdminAction::AddLink { holder, subject, kind, from, until, mandate } => {
            let desk = staff::DeskLink {
                holder_ead: holder,
                subject_ead: subject,
                kind,
                from,
                until,
                mandate_reference: mandate,
            };
            let id = staff::add_link(&state, &desk).await?;
            println!("Link {id} added.");
        }
        AdminAction::EndLink { id } => {
            if !staff::end_link(&state, &id).await? {
                anyhow::bail!("no link in force has id {id}");
            }
            println!("Link {id} ended.");
        }
        AdminAction::RecordDeath { ead_number, died_on } => {
            let ended = staff::record_death(&state, &ead_number, died_on).await?;
            println!("Death recorded; {ended} link(s) ended.");
        }
        AdminAction::Care(action) => println!("{}", care_staff::run(&state, action).await?),
        AdminAction::Record(action) => println!("{}", record_staff::run(&state, action).await?),
    }
    Ok(())
}

async fn seed_demo(state: &AppState, data_dir: &std::path::Path) -> anyhow::Result<()> {
    let summary = demo::seed(state).await?;
    let cards_dir = data_dir.join("demo-cards");
    for card in &summary.cards {
        staff::write_private(&cards_dir.join(card.file_name()), &card.pdf)?;
    }
    #[allow(clippy::print_stdout)] // The person who started the demo reads this.
    {
        print!("{summary}");
        println!(
            "Code cards of the demo patients (user name, password and the 24 codes) are in {}",
            cards_dir.display()
        );
        println!("E-mails the server sends land in {}", data_dir.join("outbox").display());
    }
    Ok(())
}

async fn serve(mut config: ServeConfig, with_demo_data: bool) -> anyhow::Result<()> {
    if config.clock.is_some() && !with_demo_data {
        anyhow::bail!(
            "--clock / DOSSIER_CLOCK is for the demo only (dossier-server demo): a real server \
             runs on the real time"
        );
    }
    // Read before anything else starts: a wrong path or a key that does not match the
    // certificate stops the server with a message naming the file.
    let certificate = match (&config.tls_cert, &config.tls_key) {
        (Some(certificate), Some(key)) => Some(ServerCertificate::load(TlsFiles {
            certificate: certificate.clone(),
            key: key.clone(),
        })?),
        _ => None,
    };
    if certificate.is_some() && config.service.public_url.is_none() {
        config.service.public_url = Some(format!("https://{}", config.bind));
    }
    let data_dir = config.database.data_dir()?;
    let state =
        services_at(&config.database, &config.service, Some(config.bind), config.clock.as_deref())
            .await?;
    if with_demo_data {
        seed_demo(&state, &data_dir).await?;
    }
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let addr = listener.local_addr()?;
    let db = state.db.clone();
    // Every server runs the job: each e-mail is claimed in the database, so two servers
    // never send one twice.
    let every = std::time::Duration::from_secs(config.notify_every.max(1));
    tokio::spawn(dossier_server::notifications::run_every(state.clone(), every));
    match certificate {
        Some(certificate) => {
            let tls = TlsListener::new(listener, certificate.server_config()?)?;
            tokio::spawn(reload_on_hangup(certificate));
            tracing::info!(%addr, "dossier-server listening (HTTPS)");
            dossier_server::serve(tls, state, shutdown_signal()).await?;
        }
        None => {
            if !addr.ip().is_loopback() {
                // The app refuses plain HTTP to anything but loopback.
                tracing::warn!(
                    %addr,
                    "serving plain HTTP beyond loopback: put a TLS-terminating proxy in front, \
                     or give --tls-cert and --tls-key"
                );
            }
            tracing::info!(%addr, "dossier-server listening");
            dossier_server::serve(listener, state, shutdown_signal()).await?;
        }
    }
    db.close().await;
    tracing::info!("dossier-server stopped");
    Ok(())
}

/// Reads the certificate and key again at each SIGHUP (after a renewal); a file that does
/// not read keeps the certificate in use, and says why.
async fn reload_on_hangup(certificate: std::sync::Arc<ServerCertificate>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangups = match signal(SignalKind::hangup()) {
            Ok(hangups) => hangups,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGHUP: the certificate is not reloaded");
                return;
            }
        };
        while hangups.recv().await.is_some() {
            match certificate.reload() {
                Ok(()) => tracing::info!("TLS certificate reloaded"),
                Err(error) => {
                    tracing::error!(%error, "TLS certificate not reloaded, the old one stays")
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = certificate;
}

/// Completes on Ctrl-C, or on SIGTERM (what a service manager or container runtime sends).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

fn init_logging(format: LogFormat) {
    let filter =
        EnvFilter::try_from_env("DOSSIER_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
