//! Figures for the offline cache and the sync (a bench binary, `harness = false`; not a
//! timed test). Run: `cargo bench -p dossier-core --bench reports [-- cache | sync]`.
//!
//! - 10,000 cached reports: open + list, search, switching between two records, each next
//!   to a plain unencrypted SQLite read of the same rows (JSON, same parse and sort).
//! - The first sync of 1,000 reports from a real dossier-server (its own process, this
//!   binary started again) on loopback into the encrypted SQLite cache, next to a raw
//!   download of the same bytes: the records list and the pages the sync asks for.
//!
//! Targets (issue 5): open + list within 1.5x of the plain read, search under 30 ms, sync
//! within 1.5x of the raw download.

#![allow(clippy::print_stdout, clippy::print_stderr)] // A bench binary prints its figures.

#[path = "../tests/support/mod.rs"]
mod support;

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::Datelike;
use dossier_api::{
    API_PREFIX,
    account::LoginFinishRequest,
    reports::{LabFlag, LabValue, ReportSyncResponse, ReportType, ReportView},
};
use dossier_core::{
    Account, DossierClient, ReportQuery, SecretStore, ServerUrl,
    cache::{MemoryStore, ReportCache, SqliteStore},
};
use dossier_test_kit::{Link, ShapedRelay};
use zeroize::Zeroizing;

const REPORTS: usize = 10_000;
const SYNCED: usize = 1_000;
/// Sync runs, each after a raw download; the machine is shared, so medians. Each run is a
/// new device's login: two settings of 10 and the set-up's two take 22 of the card's 24
/// codes.
const RUNS: usize = 10;
/// Set in the child process that serves the sync figures: the server's data folder.
const SERVE_FROM: &str = "DOSSIER_BENCH_SERVE_FROM";
/// Set in the child process that shapes the link: the server's address.
const RELAY_TO: &str = "DOSSIER_BENCH_RELAY_TO";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    if let Some(dir) = std::env::var_os(SERVE_FROM) {
        runtime.block_on(serve(PathBuf::from(dir)));
        return;
    }
    if let Ok(upstream) = std::env::var(RELAY_TO) {
        runtime.block_on(relay(upstream.parse().unwrap()));
        return;
    }
    // `-- cache` or `-- sync` prints only those figures.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wanted = |part: &str| only.is_empty() || only.iter().any(|o| o == part);
    if wanted("cache") {
        cache_figures();
    }
    if wanted("sync") {
        runtime.block_on(sync_figures());
    }
}

/// The child process: dossier-server over the seeded database, on the system clock, until
/// the bench closes its stdin. Prints the address it listens on.
async fn serve(dir: PathBuf) {
    let db = dossier_server::Database::open(&dossier_server::config::sqlite_url(
        &dir.join("db.sqlite3"),
    ))
    .await
    .unwrap();
    let settings = dossier_server::ServerSettings::for_tests(&dir.join("outbox"));
    let state =
        dossier_server::AppState::open(db, dossier_server::SystemClock, &settings).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let running = dossier_server::start(listener, state).unwrap();
    println!("{}", running.addr());
    let _ =
        tokio::task::spawn_blocking(|| std::io::Read::read(&mut std::io::stdin(), &mut [0])).await;
    running.stop().await.unwrap();
}

/// The child process that shapes the link like a home connection, in front of `upstream`,
/// until the bench closes its stdin: its CPU time is neither the client's nor the
/// server's. Prints the address it listens on.
async fn relay(upstream: std::net::SocketAddr) {
    let relay = ShapedRelay::start(upstream, Link::HOME).await;
    println!("{}", relay.url.trim_start_matches("http://"));
    let _ =
        tokio::task::spawn_blocking(|| std::io::Read::read(&mut std::io::stdin(), &mut [0])).await;
}

/// This bench binary again with `role` set to `value` (see [`serve`], [`relay`]), and the
/// URL it listens on.
fn spawn_child(role: &str, value: &std::ffi::OsStr) -> (Child, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env(role, value)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut addr = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut addr).unwrap();
    (child, format!("http://{}", addr.trim()))
}

/// Median and fastest of `runs` timings of `f`.
fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[0])
}

fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1000.0)
}

fn line(what: &str, ours: Duration, plain: Option<Duration>) {
    match plain {
        Some(plain) => println!(
            "{what:<44} {}   plain {}   ratio {:5.2}x",
            ms(ours),
            ms(plain),
            ours.as_secs_f64() / plain.as_secs_f64()
        ),
        None => println!("{what:<44} {}", ms(ours)),
    }
}

// --- The cache -------------------------------------------------------------------------

const TITLES: &[(&str, ReportType)] = &[
    ("Lipidenprofiel", ReportType::LabResult),
    ("Uitgebreid bloedonderzoek", ReportType::LabResult),
    ("Bilan sanguin", ReportType::LabResult),
    ("RX thorax", ReportType::Radiology),
    ("Echografie abdomen", ReportType::Radiology),
    ("Raadpleging cardiologie", ReportType::Consultation),
    ("Consultation de suivi", ReportType::Consultation),
    ("Ontslagbrief", ReportType::Admission),
    ("Longfunctieonderzoek", ReportType::Functional),
    ("Gastroscopie", ReportType::Examination),
];

const WORDS: &[&str] = &[
    "patiënt",
    "klachten",
    "sinds",
    "onderzoek",
    "normaal",
    "geen",
    "afwijkingen",
    "controle",
    "over",
    "maanden",
    "bloeddruk",
    "hartritme",
    "regelmatig",
    "medicatie",
    "ongewijzigd",
    "verder",
    "opvolging",
    "huisarts",
    "beeldvorming",
    "toont",
    "letsel",
    "links",
    "rechts",
];

/// A calendar date from numbers the bench makes (each one exists).
fn date(year: usize, month: usize, day: usize) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32).unwrap()
}

/// Realistic sizes: a title, a text of 60 to 200 words, a lab panel for lab results.
fn synthetic(record: &str, n: usize) -> ReportView {
    let (title, report_type) = TITLES[n % TITLES.len()];
    let words = 60 + (n * 7919) % 140;
    let body: Vec<&str> = (0..words).map(|i| WORDS[(n * 31 + i * 17) % WORDS.len()]).collect();
    let year = 2014 + n % 12;
    let day = 1 + n % 28;
    let month = 1 + (n / 28) % 12;
    let lab_values = if report_type == ReportType::LabResult {
        ["Hemoglobine", "Leukocyten", "CRP", "Creatinine", "LDL-cholesterol", "Glucose"]
            .iter()
            .enumerate()
            .map(|(i, analyte)| LabValue {
                analyte: (*analyte).into(),
                value: format!("{}", 4 + (n + i) % 9),
                unit: Some("mg/dL".into()),
                reference_range: Some("3 - 10".into()),
                flag: if (n + i) % 9 > 6 { LabFlag::High } else { LabFlag::Normal },
                code: None,
                panel: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    ReportView {
        id: format!("{record}-{n:05}"),
        record_id: record.into(),
        hospital_id: ["hzk", "smt", "cbw"][n % 3].into(),
        hospital_name: ["Heilig-Hartziekenhuis Kempen", "Sint-Trudo", "Clinique du Brabant wallon"]
            [n % 3]
            .into(),
        report_type,
        title: title.into(),
        author: "Dr. L. Maes".into(),
        performed_on: date(year, month, day),
        validated_on: date(year, month, day),
        version: 1,
        body: body.join(" "),
        lab_values,
    }
}

fn plain_read(connection: &rusqlite::Connection, record: &str) -> Vec<ReportView> {
    let mut statement =
        connection.prepare_cached("SELECT json FROM plain WHERE record_id = ?1").unwrap();
    let mut reports: Vec<ReportView> = statement
        .query_map([record], |row| row.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|json| serde_json::from_slice(&json.unwrap()).unwrap())
        .collect();
    reports.sort_by(|a, b| b.performed_on.cmp(&a.performed_on).then_with(|| b.id.cmp(&a.id)));
    reports
}

fn plain_search(connection: &rusqlite::Connection, record: &str, text: &str) -> Vec<ReportView> {
    let mut statement = connection
        .prepare_cached("SELECT json FROM plain WHERE record_id = ?1 AND json LIKE ?2")
        .unwrap();
    statement
        .query_map(rusqlite::params![record, format!("%{text}%")], |row| row.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|json| serde_json::from_slice(&json.unwrap()).unwrap())
        .collect()
}

fn cache_figures() {
    let dir = tempfile::tempdir().unwrap();
    let cache_path = dir.path().join("cache.sqlite3");
    let plain_path = dir.path().join("plain.sqlite3");
    let key = || Zeroizing::new([7_u8; 32]);
    let open_cache =
        |path: &Path| ReportCache::new(Box::new(SqliteStore::open(path).unwrap()), key());

    // Two records of 10,000 reports each, written as sync pages of 200.
    let plain = rusqlite::Connection::open(&plain_path).unwrap();
    plain
        .execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE plain (record_id TEXT, id TEXT, json BLOB, PRIMARY KEY (record_id, id));",
        )
        .unwrap();
    let started = Instant::now();
    let mut cache = open_cache(&cache_path);
    let mut bytes = 0;
    for record in ["a", "b"] {
        let reports: Vec<ReportView> = (0..REPORTS).map(|n| synthetic(record, n)).collect();
        for (i, chunk) in reports.chunks(200).enumerate() {
            let page = ReportSyncResponse {
                record_id: record.into(),
                upserts: chunk.to_vec(),
                removals: Vec::new(),
                cursor: format!("{i}"),
                more: true,
                records: Vec::new(),
            };
            cache.apply_sync(&page, 1).unwrap();
        }
        let tx = plain.unchecked_transaction().unwrap();
        for report in &reports {
            let json = serde_json::to_vec(report).unwrap();
            bytes += json.len();
            tx.execute(
                "INSERT INTO plain (record_id, id, json) VALUES (?1, ?2, ?3)",
                rusqlite::params![record, report.id, json],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    drop(cache);
    let file = std::fs::metadata(&cache_path).unwrap().len()
        + std::fs::metadata(dir.path().join("cache.sqlite3-wal")).map(|m| m.len()).unwrap_or(0);
    println!(
        "\n== Cache: {REPORTS} reports per record, 2 records ({:.1} MB of JSON, cache file {:.1} MB; written in {:.1} s)",
        bytes as f64 / 1e6,
        file as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let runs = 15;
    let (ours, _) = measure(runs, || {
        let mut cache = open_cache(&cache_path);
        cache.open_record("a").unwrap();
        assert_eq!(cache.reports("a").len(), REPORTS);
    });
    let (theirs, _) = measure(runs, || {
        let connection = rusqlite::Connection::open(&plain_path).unwrap();
        assert_eq!(plain_read(&connection, "a").len(), REPORTS);
    });
    line("open + list (unlock, decrypt, index)", ours, Some(theirs));

    let mut cache = open_cache(&cache_path);
    cache.open_record("a").unwrap();
    let connection = rusqlite::Connection::open(&plain_path).unwrap();
    for text in ["lipid", "hemoglobine", "opvolging huisarts"] {
        let query = ReportQuery { text: Some(text.into()), ..Default::default() };
        let (ours, _) = measure(50, || {
            let _ = cache.search("a", &query).len();
        });
        let (theirs, _) = measure(50, || {
            let _ = plain_search(&connection, "a", text.split(' ').next().unwrap()).len();
        });
        line(
            &format!("search {text:?} ({} hits)", cache.search("a", &query).len()),
            ours,
            Some(theirs),
        );
    }
    let query = ReportQuery {
        report_type: Some(ReportType::LabResult),
        hospital_id: Some("hzk".into()),
        text: Some("ldl".into()),
    };
    let (ours, _) = measure(50, || {
        let _ = cache.search("a", &query).len();
    });
    line("filter type + hospital + search", ours, None);

    // Switching: the first time to record b decrypts it; back to a is in memory.
    let mut switches: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut cache = open_cache(&cache_path);
            cache.open_record("a").unwrap();
            let start = Instant::now();
            cache.open_record("b").unwrap();
            assert_eq!(cache.reports("b").len(), REPORTS);
            start.elapsed()
        })
        .collect();
    switches.sort();
    let first = switches[runs / 2];
    let mut both = open_cache(&cache_path);
    both.open_record("a").unwrap();
    both.open_record("b").unwrap();
    let (back, _) = measure(50, || {
        both.open_record("a").unwrap();
        assert_eq!(both.reports("a").len(), REPORTS);
    });
    let (theirs, _) = measure(runs, || {
        assert_eq!(plain_read(&connection, "b").len(), REPORTS);
    });
    line("switch to the other record (first time)", first, Some(theirs));
    line("switch back to an open record", back, None);
    drop(both);
    switcher_figures(&cache_path, &open_cache);
}

/// A parent's switch (issue 14): her own record of 10,000 reports and a child's of 300,
/// what the app does when one is chosen: check that it may still be shown (the list and
/// its last days), open it, and build the list screen's rows. Targets: under 16 ms each
/// way between two records opened since unlock (one frame); the first open of the
/// 300-report record under 30 ms.
fn switcher_figures(cache_path: &Path, open_cache: &dyn Fn(&Path) -> ReportCache) {
    use dossier_api::reports::{RecordAccess, Relation};
    const CHILD_REPORTS: usize = 300;
    let mut cache = open_cache(cache_path);
    let reports: Vec<ReportView> = (0..CHILD_REPORTS).map(|n| synthetic("c", n)).collect();
    for (i, chunk) in reports.chunks(200).enumerate() {
        let page = ReportSyncResponse {
            record_id: "c".into(),
            upserts: chunk.to_vec(),
            removals: Vec::new(),
            cursor: format!("{i}"),
            more: i + 1 < CHILD_REPORTS.div_ceil(200),
            records: Vec::new(),
        };
        cache.apply_sync(&page, 1).unwrap();
    }
    let access = |id: &str, relation, last_day: Option<&str>| RecordAccess {
        record_id: id.into(),
        given_name: "Els".into(),
        family_name: "Peeters".into(),
        date_of_birth: date(2018, 2, 9),
        relation,
        last_day: last_day.and_then(dossier_api::dates::parse_iso),
    };
    cache
        .adopt_records(&[
            access("a", Relation::Own, None),
            access("c", Relation::Child, Some("2033-02-08")),
            access("b", Relation::TrustedPerson, None),
        ])
        .unwrap();
    drop(cache);
    let now = dossier_core::clock::unix_now();
    let show = |cache: &mut ReportCache, record: &str, expected: usize| {
        cache.check_open(record, now).unwrap();
        let list = cache
            .list(record, &ReportQuery::default(), |r, new| (r.id.clone(), r.title.clone(), new))
            .unwrap();
        assert_eq!(list.matching.len(), expected);
    };
    let runs = 15;
    let mut firsts: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut cache = open_cache(cache_path);
            show(&mut cache, "a", REPORTS);
            let start = Instant::now();
            show(&mut cache, "c", CHILD_REPORTS);
            start.elapsed()
        })
        .collect();
    firsts.sort();
    let mut cache = open_cache(cache_path);
    show(&mut cache, "a", REPORTS);
    show(&mut cache, "c", CHILD_REPORTS);
    let (to_child, _) = measure(50, || show(&mut cache, "c", CHILD_REPORTS));
    let (to_own, _) = measure(50, || show(&mut cache, "a", REPORTS));
    println!("\n== Switcher: own record {REPORTS} reports, child's record {CHILD_REPORTS}");
    line("first open of the child's record (target 30 ms)", firsts[runs / 2], None);
    line("switch to the child's record, both open (target 16 ms)", to_child, None);
    line("switch back to the own record, both open (target 16 ms)", to_own, None);
}

// --- The sync --------------------------------------------------------------------------

/// Keys in memory: the bench measures the sync, not the keychain.
#[derive(Default)]
struct MemorySecrets(Mutex<std::collections::HashMap<String, Vec<u8>>>);

impl SecretStore for MemorySecrets {
    fn put(&self, name: &str, secret: &[u8]) -> Result<(), dossier_core::CoreError> {
        self.0.lock().unwrap().insert(name.into(), secret.to_vec());
        Ok(())
    }
    fn get(&self, name: &str) -> Result<Option<Vec<u8>>, dossier_core::CoreError> {
        Ok(self.0.lock().unwrap().get(name).cloned())
    }
    fn delete(&self, name: &str) -> Result<(), dossier_core::CoreError> {
        self.0.lock().unwrap().remove(name);
        Ok(())
    }
}

async fn sync_figures() {
    let mut server = support::start_server().await;
    let summary = support::seed_demo(&server).await;
    let card = support::demo_card(&summary, "marc.dubois");
    let url = ServerUrl::parse(&server.url()).unwrap();

    // Top Marc's record up to 1,000 visible reports.
    let probe = Account::new(DossierClient::new(url.clone()).unwrap());
    card.log_in(&probe).await;
    probe.sync_reports(|_| {}).await.unwrap();
    let records = probe.records().await;
    let record = records
        .iter()
        .find(|r| r.relation == dossier_api::reports::Relation::Own)
        .expect("Marc's own record")
        .record_id
        .clone();
    let have = probe.reports(&record, &ReportQuery::default()).await.unwrap().len();
    probe.logout().await;
    let now = server.clock.now_timestamp();
    let mut conn = server.state.db.pool().acquire().await.unwrap();
    for n in have..SYNCED {
        let mut report = synthetic(&record, n);
        // After every partner's first date, so all of them are shown.
        report.performed_on = report.performed_on.with_year(2019 + (n % 6) as i32).unwrap();
        let incoming = dossier_server::reports::IncomingReport {
            source_id: format!("bench-{n}"),
            hospital_id: "cbw".into(),
            report_type: report.report_type,
            title: report.title,
            author: report.author,
            performed_on: report.performed_on,
            status: dossier_server::reports::IncomingStatus::Validated {
                at: now - chrono::TimeDelta::hours(48),
            },
            source_version: Default::default(),
            body: report.body,
            lab_values: report.lab_values,
        };
        dossier_server::reports::import(&mut conn, &record, &incoming, now.timestamp())
            .await
            .unwrap()
            .unwrap();
    }
    drop(conn);
    // The figures come from a server in its own process, as deployed (not on the bench's
    // tokio workers), so each side's CPU time can be told apart.
    server.stop().await;
    let (mut child, server_url) = spawn_child(SERVE_FROM, server.dir.path().as_os_str());
    let url = ServerUrl::parse(&server_url).unwrap();

    // The raw download: the same pages with a plain HTTP client, bytes only (a first pass
    // finds the cursors and warms the server, as the sync below gets a warm server too).
    let client = DossierClient::new(url.clone()).unwrap();
    let started = client.login_start(&card.user_name).await.unwrap();
    let login = client
        .login_finish(&LoginFinishRequest {
            challenge: started.challenge,
            password: card.password.clone(),
            code: card.code(started.code_index),
        })
        .await
        .unwrap();
    let token = login.session_token.expose().clone();
    let http = reqwest::Client::new();
    // Every record Marc may open is synced (his own and the ones he holds a link to), so
    // the raw download takes each one's pages too.
    let record_ids: Vec<String> = records.iter().map(|r| r.record_id.clone()).collect();
    let mut pages_of = Vec::new();
    for id in &record_ids {
        let mut cursors = vec![String::new()];
        loop {
            let page: ReportSyncResponse = http
                .get(format!("{server_url}{API_PREFIX}/records/{id}/reports"))
                .query(&[("cursor", cursors.last().unwrap())])
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if !page.more {
                break;
            }
            cursors.push(page.cursor);
        }
        pages_of.push((id.clone(), cursors));
    }
    let cursors = &pages_of.iter().find(|(id, _)| *id == record).unwrap().1;
    let page_count: usize = pages_of.iter().map(|(_, c)| c.len()).sum();
    // What a first sync downloads: the records the user may open, then their pages.
    let paths: Vec<String> = std::iter::once(format!("{API_PREFIX}/records"))
        .chain(pages_of.iter().flat_map(|(id, cursors)| {
            cursors.iter().map(move |c| format!("{API_PREFIX}/records/{id}/reports?cursor={c}"))
        }))
        .collect();
    let first = FirstSync {
        card: &card,
        records: &record_ids,
        token: &token,
        paths: &paths,
        server: &child,
    };
    let loopback = first.runs(&server_url).await;
    println!(
        "\n== First sync: {} records, {} reports, {page_count} pages, {:.2} MB",
        record_ids.len(),
        loopback.synced,
        loopback.downloaded as f64 / 1e6
    );
    loopback.print("over loopback (secondary: two shared cores)");
    let (mut relay, relay_url) =
        spawn_child(RELAY_TO, server_url.trim_start_matches("http://").as_ref());
    let shaped = first.runs(&relay_url).await;
    drop(relay.stdin.take());
    relay.wait().unwrap();
    shaped.print(&format!(
        "through a home link ({} ms round trip, {} Mbit/s; target 1.1x)",
        Link::HOME.round_trip.as_millis(),
        Link::HOME.bits_per_second / 1_000_000
    ));

    // Where the client's time goes, wall and CPU: the pages parsed, then stored in a fresh
    // cache (the page bytes downloaded first, so only the client's work is timed).
    let http = reqwest::Client::new();
    let mut bodies = Vec::new();
    for cursor in cursors {
        let url = format!("{server_url}{API_PREFIX}/records/{record}/reports");
        let request = http.get(url).query(&[("cursor", cursor)]).bearer_auth(&token);
        bodies.push(request.send().await.unwrap().bytes().await.unwrap());
    }
    let parse = || -> Vec<ReportSyncResponse<dossier_api::reports::RawReport>> {
        bodies.iter().map(|body| serde_json::from_slice(body).unwrap()).collect()
    };
    let mut pages = parse();
    let reports: usize = pages.iter().map(|page| page.upserts.len()).sum();
    phase("  parse (JSON, each report kept raw)", reports, || pages = parse());
    let dir = tempfile::tempdir().unwrap();
    let mut cache = ReportCache::new(
        Box::new(SqliteStore::open(&dir.path().join("c.sqlite3")).unwrap()),
        Zeroizing::new([3; 32]),
    );
    phase("  check + seal + store in SQLite (a transaction a page)", reports, || {
        cache.apply_sync_pages(&pages, 1).unwrap();
    });
    let mut memory = ReportCache::new(Box::new(MemoryStore::default()), Zeroizing::new([3; 32]));
    phase("  check + seal, kept in memory (no disk)", reports, || {
        for page in &pages {
            memory.apply_sync_pages(std::slice::from_ref(page), 1).unwrap();
        }
    });
    line("(the server's share: raw download alone)", loopback.raw_median(), None);

    drop(child.stdin.take());
    child.wait().unwrap();
}

/// Times `work` (on this thread) and prints its wall and CPU time, and the CPU time per
/// report.
fn phase(what: &str, reports: usize, work: impl FnOnce()) {
    let (start, cpu) = (Instant::now(), thread_cpu_time());
    work();
    let (wall, cpu) = (start.elapsed(), thread_cpu_time() - cpu);
    println!(
        "{what:<56} {}   CPU {}   {:5.1} us a report",
        ms(wall),
        ms(cpu),
        cpu.as_secs_f64() * 1e6 / reports as f64
    );
}

/// What the first-sync runs share: who syncs which record, the pages a raw download asks
/// for, the server's process (for its CPU time).
struct FirstSync<'a> {
    card: &'a support::Card,
    records: &'a [String],
    token: &'a str,
    paths: &'a [String],
    server: &'a Child,
}

/// The timings of [`RUNS`] runs, each a raw download then a fresh device's first sync.
struct SyncRuns {
    raw: Vec<Duration>,
    syncs: Vec<Duration>,
    /// CPU time summed over the runs: [client, server].
    raw_cpu: [Duration; 2],
    sync_cpu: [Duration; 2],
    downloaded: usize,
    synced: usize,
}

impl FirstSync<'_> {
    /// Runs alternate between the raw download and a fresh device's first sync, both
    /// against `base` (the server, or a relay in front of it), so both meet the same state
    /// of a shared machine.
    async fn runs(&self, base: &str) -> SyncRuns {
        let http = reqwest::Client::new();
        let raw_download = || async {
            let mut bytes = 0;
            for path in self.paths {
                let body = http
                    .get(format!("{base}{path}"))
                    .bearer_auth(self.token)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                bytes += body.len();
            }
            bytes
        };
        let add = |sum: [Duration; 2], before: [Duration; 2], after: [Duration; 2]| {
            [sum[0] + after[0] - before[0], sum[1] + after[1] - before[1]]
        };
        let mut runs = SyncRuns {
            raw: Vec::new(),
            syncs: Vec::new(),
            raw_cpu: [Duration::ZERO; 2],
            sync_cpu: [Duration::ZERO; 2],
            downloaded: 0,
            synced: 0,
        };
        // A warm connection for the raw download, as the sync's client has one after the
        // login and the registration.
        raw_download().await;
        for run in 0..RUNS {
            let (start, cpu) = (Instant::now(), cpu_times(self.server));
            runs.downloaded = raw_download().await;
            runs.raw.push(start.elapsed());
            runs.raw_cpu = add(runs.raw_cpu, cpu, cpu_times(self.server));

            // A fresh device: registered (keys in memory), then its first sync, timed.
            let data = tempfile::tempdir().unwrap();
            let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
            let device = support::device_account(&secrets, base, data.path());
            self.card.log_in(&device).await;
            device.register_device(&format!("bench {run}"), "284719").await.unwrap();
            let (start, cpu) = (Instant::now(), cpu_times(self.server));
            device.sync_reports(|_| {}).await.unwrap();
            runs.syncs.push(start.elapsed());
            runs.sync_cpu = add(runs.sync_cpu, cpu, cpu_times(self.server));
            runs.synced = 0;
            for record in self.records {
                runs.synced += device.reports(record, &ReportQuery::default()).await.unwrap().len();
            }
        }
        runs
    }
}

impl SyncRuns {
    fn raw_median(&self) -> Duration {
        median(&self.raw)
    }

    fn print(&self, how: &str) {
        println!("-- {how}");
        line(
            &format!("first sync into the encrypted cache (median of {RUNS})"),
            median(&self.syncs),
            Some(self.raw_median()),
        );
        // Each sync next to the raw download just before it: the pair met the same state
        // of the machine, so their ratio drifts less than the two medians do.
        let mut paired: Vec<f64> = self
            .syncs
            .iter()
            .zip(&self.raw)
            .map(|(s, r)| s.as_secs_f64() / r.as_secs_f64())
            .collect();
        paired.sort_by(f64::total_cmp);
        println!(
            "  ratio of each run to its raw download: median {:.2}x, from {:.2}x to {:.2}x",
            paired[paired.len() / 2],
            paired[0],
            paired[paired.len() - 1]
        );
        // What each run cost in CPU, all threads: the client's process, the server's.
        let runs = self.syncs.len() as u32;
        line("  CPU time, client (mean)", self.sync_cpu[0] / runs, Some(self.raw_cpu[0] / runs));
        line("  CPU time, server (mean)", self.sync_cpu[1] / runs, Some(self.raw_cpu[1] / runs));
        let micros =
            |cpu: Duration| cpu.as_secs_f64() * 1e6 / f64::from(runs) / self.synced.max(1) as f64;
        println!(
            "  client CPU per synced report: {:.1} µs (target 10 µs); the raw download's {:.1} µs",
            micros(self.sync_cpu[0]),
            micros(self.raw_cpu[0])
        );
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// CPU time used so far by this process and by the server's.
fn cpu_times(server: &Child) -> [Duration; 2] {
    [cpu_time("self"), cpu_time(&server.id().to_string())]
}

/// CPU time this thread has used so far (the clock of the thread, exact to the
/// nanosecond: schedstat is only brought up to date when the thread is switched out).
fn thread_cpu_time() -> Duration {
    cpu_time::ThreadTime::now().as_duration()
}

/// CPU time a process (`self` or a pid) has used so far, summed over its live threads,
/// from the scheduler's nanosecond counts (/proc/<pid>/task/*/schedstat; the tick counts in
/// /proc/<pid>/stat are 10 ms coarse). A thread that ended takes its time with it: the
/// runtimes' threads live through the runs. Zero elsewhere.
fn cpu_time(pid: &str) -> Duration {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Duration::ZERO;
    };
    let nanos: u64 = tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}
