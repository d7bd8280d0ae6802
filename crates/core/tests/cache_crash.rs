//! Crash safety of the SQLite cache: a process writing sync pages is killed (SIGKILL) at
//! random moments, many times; after each kill the file must pass `PRAGMA integrity_check`,
//! every item must decrypt, and the items must be exactly those of whole pages (a page is
//! written in one transaction: the old state or the new one, never half). The same for
//! the outbox: a process writing and sending messages with files is killed; every message
//! left waiting opens whole with its own files, and no message's files outlive it. And a
//! disk that fills up during a sync (a real filesystem of its own): nothing of the page
//! that did not fit is kept.

use std::{path::Path, process::Command, time::Duration};

use dossier_api::{
    messages::{MessageDestination, NewAttachment, NewMessage},
    reports::{ReportSyncResponse, ReportType, ReportView},
};
use dossier_core::{
    CoreError,
    cache::{ReportCache, ReportStore, SqliteStore},
};
use dossier_test_kit::SmallDisk;
use rand::Rng;
use zeroize::Zeroizing;

const WRITER: &str = "DOSSIER_CACHE_CRASH_WRITER";
const PER_PAGE: usize = 40;
const OUTBOX_WRITER: &str = "DOSSIER_OUTBOX_CRASH_WRITER";

fn key() -> Zeroizing<[u8; 32]> {
    Zeroizing::new([7; 32])
}

fn report(id: String) -> ReportView {
    ReportView {
        id,
        record_id: "record".into(),
        hospital_id: "hzk".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        report_type: ReportType::Consultation,
        title: "Raadpleging cardiologie".into(),
        author: "Dr. L. Maes".into(),
        performed_on: dossier_api::dates::parse_iso("2025-01-01").unwrap(),
        validated_on: dossier_api::dates::parse_iso("2025-01-02").unwrap(),
        version: 1,
        body: "Anamnese en klinisch onderzoek zonder bijzonderheden. ".repeat(20),
        lab_values: Vec::new(),
    }
}

/// Page `n` adds the 40 items of page n and removes those of page n - 2: after page c,
/// exactly the items of pages c - 1 and c are stored, and the cursor says c.
fn page(n: usize) -> ReportSyncResponse {
    ReportSyncResponse {
        record_id: "record".into(),
        upserts: (0..PER_PAGE).map(|k| report(format!("p{n}-{k}"))).collect(),
        removals: if n >= 2 {
            (0..PER_PAGE).map(|k| format!("p{}-{k}", n - 2)).collect()
        } else {
            Vec::new()
        },
        cursor: n.to_string(),
        more: true,
        records: Vec::new(),
    }
}

/// Runs the writer test `test` of this binary in a child process on `dir` and kills it
/// (SIGKILL) after `millis`.
fn kill_a_writer(test: &str, var: &str, dir: &Path, millis: u64) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--test-threads=1", "--quiet"])
        .env(var, dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(millis));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

/// The child process: keeps writing pages until it is killed. Does nothing in a normal run.
#[test]
fn writer() {
    let Some(dir) = std::env::var_os(WRITER) else { return };
    let store = SqliteStore::open(&Path::new(&dir).join("cache.sqlite3")).unwrap();
    let mut cache = ReportCache::new(Box::new(store), key());
    cache.open_record("record").unwrap();
    let start =
        cache.state("record").unwrap().map_or(1, |s| s.cursor.parse::<usize>().unwrap_or(0) + 1);
    for n in start.. {
        cache.apply_sync(&page(n), i64::try_from(n).unwrap()).unwrap();
    }
}

#[test]
fn a_killed_sync_leaves_the_old_state_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    let mut rng = rand::thread_rng();
    let mut pages_seen = 0;
    for round in 0..30 {
        kill_a_writer("writer", WRITER, dir.path(), rng.gen_range(20..400));

        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        let Some(state) = store.state("record").unwrap() else { continue };
        let c: usize = state.cursor.parse().unwrap();
        let items = store.items("record").unwrap();
        let mut cache = ReportCache::new(Box::new(store), key());
        cache.open_record("record").unwrap();
        assert_eq!(
            cache.reports("record").len(),
            items.len(),
            "round {round}: every item decrypts"
        );
        let mut ids: Vec<String> = items.into_iter().map(|i| i.id).collect();
        ids.sort();
        let mut expected: Vec<String> = [c.saturating_sub(1), c]
            .iter()
            .filter(|p| **p >= 1)
            .flat_map(|p| (0..PER_PAGE).map(move |k| format!("p{p}-{k}")))
            .collect();
        expected.sort();
        expected.dedup();
        assert_eq!(ids, expected, "round {round}: whole pages only (cursor {c})");
        pages_seen = c;
    }
    assert!(pages_seen > 5, "the writer got far enough to test anything: {pages_seen}");
}

fn client_id(n: usize) -> String {
    format!("{n:036}")
}

/// Message `n`, with two files of about 200 KB that say its number throughout.
fn outbox_message(n: usize) -> NewMessage {
    NewMessage {
        client_id: client_id(n),
        destination: MessageDestination::Thread { thread_id: "t1".into() },
        body: format!("Bericht {n}"),
        attachments: (0..2)
            .map(|f| NewAttachment {
                file_name: format!("scan-{n}-{f}.pdf"),
                content: format!("{n:08}{f:08}").repeat(12_500),
            })
            .collect(),
    }
}

/// The child process: writes message n, then "sends" (drops) message n - 2, until it is
/// killed. Does nothing in a normal run.
#[test]
fn outbox_writer() {
    let Some(dir) = std::env::var_os(OUTBOX_WRITER) else { return };
    let store = SqliteStore::open(&Path::new(&dir).join("cache.sqlite3")).unwrap();
    let cache = ReportCache::new(Box::new(store), key());
    let newest =
        cache.outbox("record").unwrap().iter().map(|p| p.client_id.parse::<usize>().unwrap()).max();
    for n in newest.map_or(1, |n| n + 1).. {
        cache.add_to_outbox("record", outbox_message(n), i64::try_from(n).unwrap()).unwrap();
        if n > 2 {
            cache.remove_from_outbox("record", &client_id(n - 2)).unwrap();
        }
    }
}

#[test]
fn a_killed_outbox_keeps_each_message_with_its_files_or_neither() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    let mut rng = rand::thread_rng();
    let mut newest = 0;
    for round in 0..20 {
        kill_a_writer("outbox_writer", OUTBOX_WRITER, dir.path(), rng.gen_range(50..400));

        let store = std::sync::Arc::new(SqliteStore::open(&path).unwrap());
        assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}");
        let cache = ReportCache::new(Box::new(store.clone()), key());
        let waiting: Vec<usize> =
            cache.outbox("record").unwrap().iter().map(|p| p.client_id.parse().unwrap()).collect();
        for n in &waiting {
            let message = cache.outbox_message("record", &client_id(*n)).unwrap();
            assert_eq!(message, Some(outbox_message(*n)), "round {round}: message {n} whole");
        }
        newest = waiting.iter().copied().max().unwrap_or(newest).max(newest);
        for n in 1..=newest + 1 {
            let files =
                store.document("record", &format!("outbox_files/{}", client_id(n))).unwrap();
            assert_eq!(files.is_some(), waiting.contains(&n), "round {round}: files of {n}");
        }
    }
    assert!(newest > 10, "the writer got far enough to test anything: {newest}");
}

/// The device's storage fills up during a sync: the patient is told how much to free, "last
/// updated" stays at the last complete sync, what was stored stays readable, nothing of the
/// page that did not fit is kept, and the sync goes on once there is room.
#[test]
fn a_full_disk_is_told_keeps_the_last_complete_sync_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("cache"), "1m") else { return };
    let path = dir.path().join("cache").join("cache.sqlite3");
    let store = std::sync::Arc::new(SqliteStore::open(&path).unwrap());
    let mut cache = ReportCache::new(Box::new(store.clone()), key());
    let pages_of = |from: usize, count: usize, more: bool, cursor: &str| ReportSyncResponse {
        upserts: (from..from + count).map(|n| report(format!("r{n}"))).collect(),
        removals: Vec::new(),
        cursor: cursor.into(),
        more,
        ..page(0)
    };
    cache.apply_sync(&pages_of(0, 1, false, "1"), 100).unwrap();
    assert_eq!(cache.last_synced("record").unwrap(), Some(100));

    // A later sync: its first page fits, the next (about 1.3 MB sealed) does not.
    cache.apply_sync(&pages_of(1, 5, true, "2"), 200).unwrap();
    assert_eq!(cache.last_synced("record").unwrap(), Some(100), "the sync is not complete yet");
    let full = cache.apply_sync(&pages_of(6, 1000, false, "3"), 300);
    let Err(CoreError::StorageFull { needed_bytes }) = full else {
        panic!("told the storage is full: {full:?}");
    };
    assert!(needed_bytes > 1000 * 1000, "{needed_bytes}");
    assert_eq!(cache.last_synced("record").unwrap(), Some(100), "last complete sync kept");
    assert_eq!(store.state("record").unwrap().unwrap().cursor, "2", "resumes from here");
    cache.open_record("record").unwrap();
    assert_eq!(cache.reports("record").len(), 6, "what was stored reads back, and only that");

    // Room again: the same page goes in, and the sync completes; also after a restart.
    disk.grow("16m").unwrap();
    cache.apply_sync(&pages_of(6, 1000, false, "3"), 300).unwrap();
    assert_eq!(cache.last_synced("record").unwrap(), Some(300));
    assert_eq!(cache.reports("record").len(), 1006);
    drop(cache);
    drop(store);
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let mut cache = ReportCache::new(Box::new(store), key());
    cache.open_record("record").unwrap();
    assert_eq!(cache.reports("record").len(), 1006);
}
