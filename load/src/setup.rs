//! The set-up: a fresh database filled with patients made through the staff path (a
//! patient, a desk card, reports), then, over HTTP against a server in this process, each
//! patient's code-card login, device registration and first sync, as the app does them.
//! What the load test needs of each patient is written to a JSON file.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{NaiveDate, TimeDelta, Utc};
use dossier_api::{
    Language, Sensitive,
    account::{LoginFinishRequest, LoginResponse, LoginStartRequest, LoginStartResponse},
    device::{RegisterDeviceRequest, RegisterDeviceResponse},
    reports::{LabFlag, LabValue, ReportSyncResponse, ReportType},
};
use dossier_server::{
    AppState, Database, ServerSettings, SystemClock,
    cards::Delivery,
    patients::{self, NewPatient},
    reports::{IncomingReport, IncomingStatus},
    staff::{self, NewHospital},
};
use ed25519_dalek::SigningKey;
use rand::RngCore;
use tokio::{net::TcpListener, sync::Semaphore};

use crate::LoadPatient;

/// What `setup` is asked for.
pub struct SetupArgs {
    pub database_url: String,
    pub patients: usize,
    pub reports: usize,
    pub out: std::path::PathBuf,
    /// Tasks at once.
    pub concurrency: usize,
}

const HOSPITALS: [(&str, &str); 3] = [
    ("hzk", "Heilig-Hartziekenhuis Kempen"),
    ("smt", "Sint-Trudo"),
    ("cbw", "Clinique du Brabant wallon"),
];

pub async fn setup(args: SetupArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = Database::open(&args.database_url).await.context("opening the database")?;
    let outbox = std::env::temp_dir().join(format!("dossier-load-outbox-{}", std::process::id()));
    // Cheap Argon2 (256 KiB, 1 pass) for the cards' password and codes, as the tests use.
    let settings = ServerSettings::for_tests(&outbox);
    let state = AppState::open(db, SystemClock, &settings).await?;
    for (id, name) in HOSPITALS {
        staff::add_hospital(
            &state,
            &NewHospital {
                id: id.into(),
                name: name.into(),
                city: "Leuven".into(),
                reports_visible_from: NaiveDate::from_ymd_opt(2010, 1, 1).unwrap(),
                shares_child_reports: false,
                patient_number_system: None,
            },
        )
        .await?;
    }

    // Staff path: patient, desk card, reports, as many at once as the app's path below.
    let gate = Arc::new(Semaphore::new(args.concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..args.patients {
        let (state, gate, reports) = (state.clone(), gate.clone(), args.reports);
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.unwrap();
            enrol(&state, n, reports).await
        });
    }
    let mut enrolled = Vec::with_capacity(args.patients);
    while let Some(done) = tasks.join_next().await {
        enrolled.push(done??);
    }
    let staff_time = started.elapsed();

    // The app's path, over HTTP: code-card login, device registration, first sync.
    let gate = Arc::new(Semaphore::new(args.concurrency));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let running = dossier_server::start(listener, state.clone())?;
    let base = format!("http://{}/api/v1", running.addr());
    let http = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build()?;
    let devices_started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for card in enrolled {
        let (http, base, gate) = (http.clone(), base.clone(), gate.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.unwrap();
            register_device(&http, &base, card).await
        });
    }
    let mut ready = Vec::with_capacity(args.patients);
    while let Some(done) = tasks.join_next().await {
        ready.push(done??);
    }
    ready.sort_by(|a: &LoadPatient, b| a.record.cmp(&b.record));
    let device_time = devices_started.elapsed();
    running.stop().await?;
    let _ = std::fs::remove_dir_all(&outbox);

    std::fs::write(&args.out, serde_json::to_vec(&ready)?)?;
    let reports: usize = ready.iter().map(|p| p.reports).sum();
    println!(
        "setup: {} patients, {reports} reports, {} devices in {} (staff path: patients, cards \
         and reports {}; app path: code-card login, device registration and first sync {})",
        ready.len(),
        ready.len(),
        secs(started.elapsed()),
        secs(staff_time),
        secs(device_time),
    );
    Ok(())
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// A patient as the staff path leaves them: their record and their card.
struct Enrolled {
    record: String,
    user_name: String,
    password: Sensitive<String>,
    codes: Vec<Sensitive<String>>,
    reports: usize,
}

/// Patient number `n`: registered at the desk, a desk card, `reports` validated reports.
async fn enrol(state: &AppState, n: usize, reports: usize) -> anyhow::Result<Enrolled> {
    let born =
        NaiveDate::from_ymd_opt(1950 + (n % 50) as i32, 1 + (n % 12) as u32, 1 + (n % 28) as u32)
            .unwrap();
    let patient = NewPatient {
        ead_number: format!("{}", 30_000_000 + n),
        national_register_number: None,
        given_name: ["An", "Marc", "Lotte", "Karim", "Sofie", "Jan"][n % 6].into(),
        family_name: format!("Load{n:05}"),
        date_of_birth: born,
        date_of_death: None,
        email: None,
        street: "Bondgenotenlaan 1".into(),
        postal_code: "3000".into(),
        city: "Leuven".into(),
        country: "BE".into(),
        language: Language::Nl,
    };
    let id = staff::register_patient(state, &patient).await?;
    let mut conn = state.db.pool().acquire().await?;
    let patient = patients::find_by_id(&mut conn, &id).await?.context("the patient just made")?;
    drop(conn);
    let issued =
        dossier_server::enrolment::issue_card(state, &patient, Delivery::Desk, None).await?;
    let card = issued.card;
    let now = Utc::now();
    let mut conn = state.db.pool().acquire().await?;
    for r in 0..reports {
        let incoming = synthetic_report(n, r, now);
        if let Err(refused) =
            dossier_server::reports::import(&mut conn, &id, &incoming, now.timestamp()).await?
        {
            bail!("report refused: {refused:?}");
        }
    }
    Ok(Enrolled {
        record: id,
        user_name: card.user_name.clone(),
        password: card.initial_password.clone().context("a desk card has a password")?,
        codes: card.codes.clone(),
        reports,
    })
}

/// Report `r` of patient `n`: a title, 60 to 200 words, a lab panel for lab results.
fn synthetic_report(n: usize, r: usize, now: chrono::DateTime<Utc>) -> IncomingReport {
    const TITLES: [(&str, ReportType); 6] = [
        ("Lipidenprofiel", ReportType::LabResult),
        ("RX thorax", ReportType::Radiology),
        ("Raadpleging cardiologie", ReportType::Consultation),
        ("Ontslagbrief", ReportType::Admission),
        ("Longfunctieonderzoek", ReportType::Functional),
        ("Gastroscopie", ReportType::Examination),
    ];
    const WORDS: [&str; 12] = [
        "patiënt",
        "klachten",
        "sinds",
        "onderzoek",
        "normaal",
        "geen",
        "afwijkingen",
        "controle",
        "bloeddruk",
        "medicatie",
        "opvolging",
        "huisarts",
    ];
    let k = n * 31 + r;
    let (title, report_type) = TITLES[k % TITLES.len()];
    let words = 60 + (k * 7919) % 140;
    let body: Vec<&str> = (0..words).map(|i| WORDS[(k + i * 7) % WORDS.len()]).collect();
    let lab_values = if report_type == ReportType::LabResult {
        ["Hemoglobine", "CRP", "Creatinine", "Glucose"]
            .iter()
            .enumerate()
            .map(|(i, analyte)| LabValue {
                analyte: (*analyte).into(),
                value: format!("{}", 4 + (k + i) % 9),
                unit: Some("mg/dL".into()),
                reference_range: Some("3 - 10".into()),
                flag: if (k + i) % 9 > 6 { LabFlag::High } else { LabFlag::Normal },
                code: None,
                panel: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    IncomingReport {
        source_id: format!("load-{n}-{r}"),
        hospital_id: HOSPITALS[k % 3].0.into(),
        report_type,
        title: title.into(),
        author: "Dr. Peeters".into(),
        performed_on: NaiveDate::from_ymd_opt(
            2016 + (r % 9) as i32,
            1 + (k % 12) as u32,
            1 + (k % 28) as u32,
        )
        .unwrap(),
        status: IncomingStatus::Validated { at: now - TimeDelta::days(30) },
        source_version: Default::default(),
        body: body.join(" "),
        lab_values,
    }
}

/// The app's path for one patient: code-card login, device registration (a fresh Ed25519
/// key and access key), first sync to the end; the cursor it ends on.
async fn register_device(
    http: &reqwest::Client,
    base: &str,
    card: Enrolled,
) -> anyhow::Result<LoadPatient> {
    // Any error stops the set-up: simultaneous logins on SQLite once answered 503 here.
    let started: LoginStartResponse = http
        .post(format!("{base}/login/start"))
        .json(&LoginStartRequest { user_name: card.user_name.clone() })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let code = card.codes[usize::from(started.code_index) - 1].clone();
    let login: LoginResponse = http
        .post(format!("{base}/login/finish"))
        .json(&LoginFinishRequest { challenge: started.challenge, password: card.password, code })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = login.session_token.expose().clone();
    let mut seed = [0_u8; 32];
    let mut access = [0_u8; 32];
    rand::thread_rng().fill_bytes(&mut seed);
    rand::thread_rng().fill_bytes(&mut access);
    let key = SigningKey::from_bytes(&seed);
    let access_key = STANDARD.encode(access);
    let registered: RegisterDeviceResponse = http
        .post(format!("{base}/devices"))
        .bearer_auth(&token)
        .json(&RegisterDeviceRequest {
            name: "Load test phone".into(),
            public_key: STANDARD.encode(key.verifying_key().as_bytes()),
            access_key: Sensitive::new(access_key.clone()),
            replaces: None,
        })
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut cursor = String::new();
    let mut synced = 0;
    loop {
        let page: ReportSyncResponse<serde_json::Value> = http
            .get(format!("{base}/records/{}/reports", card.record))
            .query(&[("cursor", &cursor)])
            .bearer_auth(&token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        synced += page.upserts.len();
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    if synced != card.reports {
        bail!("the first sync brought {synced} reports of {}", card.reports);
    }
    http.post(format!("{base}/session/logout")).bearer_auth(&token).send().await?;
    Ok(LoadPatient {
        record: card.record,
        device: registered.device_id,
        signing_seed: STANDARD.encode(seed),
        access_key,
        server_share: registered.server_share.expose().clone(),
        cursor,
        reports: card.reports,
    })
}
