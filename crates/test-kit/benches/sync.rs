//! The first sync's figures (a bench binary, `harness = false`; not a timed test):
//! `cargo bench -p dossier-test-kit --bench sync`.
//!
//! A fresh device's first sync of about 1,000 reports from a real dossier-server (its own
//! process: this binary started again) into the encrypted SQLite cache, next to a raw
//! download of the same bytes (the records list and every page the sync asks for), over
//! loopback and through a relay (a third process) that shapes the link like a home
//! connection; the client's CPU time per report, and where it goes.
//!
//! Targets (issue 15): through the home link within 1.1x of the raw download; 10 µs of
//! client CPU per synced report. The loopback ratio on two shared cores is secondary.

#![allow(clippy::print_stdout, clippy::print_stderr)] // A bench binary prints its figures.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use chrono::Datelike;
use dossier_api::{
    API_PREFIX,
    account::LoginFinishRequest,
    reports::{MAX_SYNC_PAGE, ReportSyncResponse},
};
use dossier_core::{
    Account, DossierClient, ReportQuery, SecretStore, ServerUrl,
    cache::{Batch, MemoryStore, ReportCache, ReportStore, SqliteStore, StoredItem, SyncedReport},
};
use dossier_test_kit::{
    Card, Link, ShapedRelay,
    figures::{line, median, ms},
    reports::synthetic_report,
};
use zeroize::Zeroizing;

const SYNCED: usize = 1_000;
/// Sync runs, each after a raw download; the machine is shared, so medians. Each run is a
/// new device's login: two settings of 10 and the set-up's two take 22 of the card's 24
/// codes.
const RUNS: usize = 10;
/// Runs of each phase of the client's work, timed apart.
const PHASE_RUNS: usize = 20;
/// Set in the child process that serves the figures: the seeded database's URL.
const SERVE_FROM: &str = "DOSSIER_BENCH_SERVE_FROM";
/// Set in the child process that shapes the link: the server's address.
const RELAY_TO: &str = "DOSSIER_BENCH_RELAY_TO";

fn main() {
    // The server and the relay in their children: multi-threaded, as deployed.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    if let Ok(database) = std::env::var(SERVE_FROM) {
        runtime.block_on(serve(&database));
        return;
    }
    if let Ok(upstream) = std::env::var(RELAY_TO) {
        runtime.block_on(relay(upstream.parse().unwrap()));
        return;
    }
    // The client's side runs as in the app: on the core's runtime (one thread).
    let core = dossier_core::runtime::start().unwrap();
    let (done, finished) = std::sync::mpsc::channel();
    core.spawn(async move {
        sync_figures().await;
        let _ = done.send(());
    });
    finished.recv().expect("the figures ran to the end");
}

/// The child process: dossier-server over the seeded database, on the system clock, until
/// the bench closes its stdin. Prints the address it listens on.
async fn serve(database: &str) {
    let db = dossier_server::Database::open(database).await.unwrap();
    let outbox = tempfile::tempdir().unwrap();
    let settings = dossier_server::ServerSettings::for_tests(&outbox.path().join("outbox"));
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
    let mut server = dossier_test_kit::start_server().await;
    let summary = server.seed_demo().await;
    let card = dossier_test_kit::demo_card(&summary, "marc.dubois");
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
        let mut report = synthetic_report(&record, n);
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
    let (mut child, server_url) = spawn_child(SERVE_FROM, server.database.url.as_ref());
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
    // Pages as full as the app asks for.
    let page_size = dossier_api::reports::MAX_SYNC_PAGE.to_string();
    let mut pages_of = Vec::new();
    for id in &record_ids {
        let mut cursors = vec![String::new()];
        loop {
            let page: ReportSyncResponse = http
                .get(format!("{server_url}{API_PREFIX}/records/{id}/reports"))
                .query(&[("cursor", cursors.last().unwrap()), ("limit", &page_size)])
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
            cursors.iter().map(move |c| {
                format!("{API_PREFIX}/records/{id}/reports?cursor={c}&limit={}", MAX_SYNC_PAGE)
            })
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
    let multi_threaded =
        raw_download_multi_threaded(&relay_url, &paths, &token, loopback.synced.max(1));
    drop(relay.stdin.take());
    relay.wait().unwrap();
    shaped.print(&format!(
        "through a home link ({} ms round trip, {} Mbit/s; target 1.1x)",
        Link::HOME.round_trip.as_millis(),
        Link::HOME.bits_per_second / 1_000_000
    ));
    println!(
        "  the raw download's client CPU per report on a multi-threaded runtime instead: {multi_threaded:.1} µs"
    );

    // Where the client's time goes, wall and CPU: the pages parsed, then stored in a fresh
    // cache (the page bytes downloaded first, so only the client's work is timed).
    let http = reqwest::Client::new();
    let mut bodies = Vec::new();
    for cursor in cursors {
        let url = format!("{server_url}{API_PREFIX}/records/{record}/reports");
        let request =
            http.get(url).query(&[("cursor", cursor), ("limit", &page_size)]).bearer_auth(&token);
        bodies.push(request.send().await.unwrap().bytes().await.unwrap());
    }
    // As the app reads a page: split into its reports' texts (`dossier_core::sync_page`).
    let parse = || -> Vec<ReportSyncResponse<dossier_core::sync_page::ReportText>> {
        bodies.iter().map(|body| dossier_core::sync_page::parse(body.clone()).unwrap()).collect()
    };
    let mut pages = parse();
    let reports: usize = pages.iter().map(|page| page.upserts.len()).sum();
    phase("  split the page (each report checked as it is cut out)", reports, || {
        let cpu = thread_cpu_time();
        pages = parse();
        thread_cpu_time() - cpu
    });
    phase("  check + seal + store (a file append and a commit a page)", reports, || {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("c.sqlite3")).unwrap();
        let mut cache = ReportCache::new(Box::new(store), Zeroizing::new([3; 32]));
        let cpu = thread_cpu_time();
        cache.apply_sync_pages(&pages, 1).unwrap();
        thread_cpu_time() - cpu
    });
    // The store's share alone: the same bytes (as long as sealed ones), a page at a time, as
    // a sync writes them.
    let batches: Vec<Batch> = pages
        .iter()
        .map(|page| Batch {
            upserts: page
                .upserts
                .iter()
                .map(|raw| {
                    let key = raw.key().unwrap();
                    let mut sealed = raw.json().to_vec();
                    sealed.extend_from_slice(&[0; 29]);
                    StoredItem { id: key.id.into_owned(), version: key.version, sealed }
                })
                .collect(),
            removals: Vec::new(),
            cursor: page.cursor.clone(),
            synced_at: None,
            record_key: Some(vec![0; 61]),
            seen: None,
        })
        .collect();
    phase("  store alone (the record's item file, then SQLite's commit)", reports, || {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("c.sqlite3")).unwrap();
        let cpu = thread_cpu_time();
        for batch in &batches {
            store.apply(&record, batch).unwrap();
        }
        thread_cpu_time() - cpu
    });
    // The floor under the store: the same bytes framed in a file, one flush a page, no
    // SQLite at all (the cursor closing each page in the file).
    phase("  the item file alone, no SQLite (the floor)", reports, || {
        let dir = tempfile::tempdir().unwrap();
        let cpu = thread_cpu_time();
        append_log(dir.path(), &batches);
        thread_cpu_time() - cpu
    });
    phase("  check + seal, kept in memory (no disk)", reports, || {
        let mut memory =
            ReportCache::new(Box::new(MemoryStore::default()), Zeroizing::new([3; 32]));
        let cpu = thread_cpu_time();
        for page in &pages {
            memory.apply_sync_pages(std::slice::from_ref(page), 1).unwrap();
        }
        thread_cpu_time() - cpu
    });
    line("(the server's share: raw download alone)", loopback.raw_median(), None);

    drop(child.stdin.take());
    child.wait().unwrap();
}

/// The floor under the store: one file, each page's items framed and closed by its cursor,
/// written and flushed once a page.
fn append_log(dir: &std::path::Path, batches: &[Batch]) {
    use std::io::Write;

    let mut file = std::fs::File::create(dir.join("items.log")).unwrap();
    let mut page = Vec::new();
    let frame = |page: &mut Vec<u8>, bytes: &[u8]| {
        page.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        page.extend_from_slice(bytes);
    };
    for batch in batches {
        page.clear();
        for item in &batch.upserts {
            frame(&mut page, item.id.as_bytes());
            page.extend_from_slice(&item.version.to_le_bytes());
            frame(&mut page, &item.sealed);
        }
        frame(&mut page, batch.cursor.as_bytes());
        file.write_all(&page).unwrap();
        file.sync_data().unwrap();
    }
}

/// Runs `work` [`PHASE_RUNS`] times on this thread and prints the median CPU time it
/// reports (the part it times itself: not its set-up), and that per report.
fn phase(what: &str, reports: usize, mut work: impl FnMut() -> Duration) {
    let times: Vec<Duration> = (0..PHASE_RUNS).map(|_| work()).collect();
    let cpu = median(&times);
    println!(
        "{what:<56} CPU {} (median of {PHASE_RUNS})  {:5.1} µs a report",
        ms(cpu),
        cpu.as_secs_f64() * 1e6 / reports as f64
    );
}

/// What the first-sync runs share: who syncs which record, the pages a raw download asks
/// for, the server's process (for its CPU time).
struct FirstSync<'a> {
    card: &'a Card,
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
    /// The sync's client CPU summed over the runs by thread: the core's, the cache's,
    /// any other.
    sync_threads: [Duration; 3],
    downloaded: usize,
    synced: usize,
}

impl FirstSync<'_> {
    /// Runs alternate between the raw download and a fresh device's first sync, both
    /// against `base` (the server, or a relay in front of it), so both meet the same state
    /// of a shared machine.
    async fn runs(&self, base: &str) -> SyncRuns {
        let http = reqwest::Client::new();
        let raw_download = || raw_download(&http, base, self.paths, self.token);
        let add = |sum: [Duration; 2], before: [Duration; 2], after: [Duration; 2]| {
            [sum[0] + after[0] - before[0], sum[1] + after[1] - before[1]]
        };
        let mut runs = SyncRuns {
            raw: Vec::new(),
            syncs: Vec::new(),
            raw_cpu: [Duration::ZERO; 2],
            sync_cpu: [Duration::ZERO; 2],
            sync_threads: [Duration::ZERO; 3],
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
            let device = dossier_test_kit::device_account(&secrets, base, data.path());
            self.card.log_in(&device).await;
            device.register_device(&format!("bench {run}"), "284719").await.unwrap();
            let (start, cpu) = (Instant::now(), cpu_times(self.server));
            let threads = cpu_by_thread();
            device.sync_reports(|_| {}).await.unwrap();
            runs.syncs.push(start.elapsed());
            let threads = std::iter::zip(cpu_by_thread(), threads)
                .map(|(after, before)| after.saturating_sub(before));
            for (sum, cpu) in runs.sync_threads.iter_mut().zip(threads) {
                *sum += cpu;
            }
            runs.sync_cpu = add(runs.sync_cpu, cpu, cpu_times(self.server));
            runs.synced = 0;
            for record in self.records {
                runs.synced += device.reports(record, &ReportQuery::default()).await.unwrap().len();
            }
        }
        runs
    }
}

/// The pages a first sync downloads, with a plain HTTP client, bytes only. Their length.
async fn raw_download(http: &reqwest::Client, base: &str, paths: &[String], token: &str) -> usize {
    let mut bytes = 0;
    for path in paths {
        let request = http.get(format!("{base}{path}")).bearer_auth(token);
        bytes += request.send().await.unwrap().bytes().await.unwrap().len();
    }
    bytes
}

/// The raw download's client CPU per report on a multi-threaded runtime (a worker per
/// core, tokio's default), on a thread of its own: what the core's one-thread runtime
/// saves.
fn raw_download_multi_threaded(base: &str, paths: &[String], token: &str, reports: usize) -> f64 {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime =
                    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
                runtime.block_on(async {
                    let http = reqwest::Client::new();
                    raw_download(&http, base, paths, token).await;
                    let cpu = cpu_time("self");
                    for _ in 0..RUNS {
                        raw_download(&http, base, paths, token).await;
                    }
                    (cpu_time("self") - cpu).as_secs_f64() * 1e6 / (RUNS * reports) as f64
                })
            })
            .join()
            .unwrap()
    })
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
        let [core, cache, other] = self.sync_threads.map(micros);
        println!(
            "  of which the core's thread {core:.1} µs, the cache's {cache:.1} µs, others {other:.1} µs"
        );
    }
}

/// This process's CPU time so far by thread: the core's runtime (`dossier-core`: the
/// downloads, the split, the sync's steps), the cache's (`dossier-cache`: check, seal,
/// store), the rest. The cache's thread is the device's own, started by its first call.
fn cpu_by_thread() -> [Duration; 3] {
    let mut sums = [Duration::ZERO; 3];
    for (name, cpu) in task_cpu_times("self") {
        let slot = match name.trim() {
            "dossier-core" => 0,
            "dossier-cache" => 1,
            _ => 2,
        };
        sums[slot] += cpu;
    }
    sums
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
    task_cpu_times(pid).map(|(_, cpu)| cpu).sum()
}

/// Each live thread of a process (`self` or a pid): its name and the CPU time it has used
/// (the scheduler's nanoseconds in /proc/<pid>/task/*/schedstat). None elsewhere.
fn task_cpu_times(pid: &str) -> impl Iterator<Item = (String, Duration)> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten();
    tasks.filter_map(|task| {
        let path = task.ok()?.path();
        let stat = std::fs::read_to_string(path.join("schedstat")).ok()?;
        let nanos = stat.split_whitespace().next()?.parse::<u64>().ok()?;
        let name = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        Some((name, Duration::from_nanos(nanos)))
    })
}
