//! Figures for the offline cache (a bench binary, `harness = false`; not a timed test).
//! Run: `cargo bench -p dossier-core --bench reports`. The first sync's figures are the test
//! kit's (`cargo bench -p dossier-test-kit --bench sync`).
//!
//! 10,000 cached reports: open + list, search, switching between two records, each next to
//! a plain unencrypted SQLite read of the same rows (JSON, same parse and sort).
//!
//! Targets (issue 5): open + list within 1.5x of the plain read, search under 30 ms. Also
//! the memory an open 10,000-report record holds (issue 15).

#![allow(clippy::print_stdout, clippy::print_stderr)] // A bench binary prints its figures.

use std::{
    alloc::{GlobalAlloc, Layout, System},
    path::Path,
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use dossier_api::reports::{ReportSyncResponse, ReportType, ReportView};
use dossier_core::{
    ReportQuery,
    cache::{ReportCache, SqliteStore},
};
use dossier_test_kit::{
    figures::{line, measure, median},
    reports::{date, synthetic_report},
};
use zeroize::Zeroizing;

const REPORTS: usize = 10_000;

/// The system allocator, counting the bytes in use: what an open record holds.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// Counting only; every call goes to the system allocator unchanged.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The process's resident memory (VmRSS), zero elsewhere than Linux.
fn resident_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn main() {
    cache_figures();
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
        let reports: Vec<ReportView> = (0..REPORTS).map(|n| synthetic_report(record, n)).collect();
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

    // What an open record holds in memory (its reports and their search text): the bytes
    // allocated and not freed while it opens, and the process's resident size after.
    let before = LIVE.load(Ordering::Relaxed);
    let mut cache = open_cache(&cache_path);
    cache.open_record("a").unwrap();
    let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    println!(
        "{:<44} {:8.1} MB   process resident {:.1} MB",
        format!("memory held by the open record ({REPORTS} reports)"),
        held as f64 / 1e6,
        resident_bytes() as f64 / 1e6
    );
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
    let switches: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut cache = open_cache(&cache_path);
            cache.open_record("a").unwrap();
            let start = Instant::now();
            cache.open_record("b").unwrap();
            assert_eq!(cache.reports("b").len(), REPORTS);
            start.elapsed()
        })
        .collect();
    let first = median(&switches);
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
    let reports: Vec<ReportView> = (0..CHILD_REPORTS).map(|n| synthetic_report("c", n)).collect();
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
