//! Figures for a record's access log on the device (a bench binary, `harness = false`; not
//! a timed test). Run: `cargo bench -p dossier-core --bench access_log`.
//!
//! 10,000 entries, stored as a first sync stores them (pages of 1,000, each sealed as one
//! chunk): opening the log from the cache (unseal the record key, decrypt and parse every
//! chunk, index the Brussels days and kinds) and showing the newest 200, then filters by
//! period and kind on the open log. Target (issue 17): open and filter under 30 ms.

#![allow(clippy::print_stdout)] // A bench binary prints its figures.

use std::time::{Duration, Instant};

use dossier_api::care_access::{
    AccessChange, AccessEvent, AccessGround, AccessLogEntry, AccessLogPage, AccessRefusal,
    Accessor, CareRole, OpenedItem,
};
use dossier_api::links::LinkKind;
use dossier_core::{
    AccessKind, AccessLogQuery,
    cache::{ReportCache, SqliteStore},
};
use dossier_test_kit::figures::{line, measure};
use zeroize::Zeroizing;

const ENTRIES: i64 = 10_000;
const TARGET: Duration = Duration::from_millis(30);
/// 2023-01-01, and about two entries a day from then.
const START: i64 = 1_672_531_200;

/// Entry `seq` of a log that has every kind, a report title on most and a justification
/// on break-the-glass ones, as the demo's.
fn entry(seq: i64) -> AccessLogEntry {
    let hospitals = ["UZ Leuven", "AZ Groeninge", "Heilig-Hartziekenhuis Kempen", "AZ Sint-Jan"];
    let provider = |role| Accessor::CareProvider {
        name: format!("Dr. Provider {}", seq % 97),
        role,
        nihdi_number: Some(format!("1-{:05}-{:02}-{:03}", seq % 99_999, seq % 97, seq % 999)),
        hospital_name: Some(hospitals[(seq % 4) as usize].into()),
        department: Some("Cardiologie".into()),
    };
    let what = if seq % 3 == 0 {
        OpenedItem::Record
    } else {
        OpenedItem::Report { report_id: format!("r{seq}"), title: "Bloedonderzoek".into() }
    };
    let opened = |ground, justification: Option<&str>| AccessEvent::Opened {
        what: what.clone(),
        ground,
        justification: justification.map(str::to_owned),
    };
    let (who, event) = match seq % 20 {
        0 => (
            provider(CareRole::Physician),
            opened(
                AccessGround::BreakTheGlass,
                Some("Bewusteloos binnengebracht op spoed, medicatie nagaan"),
            ),
        ),
        1 | 2 => (
            provider(CareRole::GeneralPractitioner),
            opened(AccessGround::GeneralPractitioner, None),
        ),
        3 => (provider(CareRole::Physician), opened(AccessGround::ReferrerConsent, None)),
        4 => (
            Accessor::LinkedPerson { name: "Jan Peeters".into(), link: LinkKind::TrustedPerson },
            opened(AccessGround::LinkedPerson, None),
        ),
        5 => (
            provider(CareRole::Nurse),
            AccessEvent::Refused { what: what.clone(), reason: AccessRefusal::NoRelationship },
        ),
        6 if seq % 40 == 6 => (
            Accessor::Patient { name: "An Peeters".into() },
            AccessEvent::Changed {
                change: AccessChange::GpObjected { provider_name: "Dr. Luc Wouters".into() },
            },
        ),
        _ => (provider(CareRole::Physician), opened(AccessGround::CareRelationship, None)),
    };
    AccessLogEntry { seq, at: START + seq * 6_300, who, event }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    let open_cache = || {
        ReportCache::new(Box::new(SqliteStore::open(&path).unwrap()), Zeroizing::new([7_u8; 32]))
    };
    let started = Instant::now();
    let mut cache = open_cache();
    let entries: Vec<AccessLogEntry> = (1..=ENTRIES).map(entry).collect();
    for page in entries.chunks(1000) {
        let page = AccessLogPage { record_id: "a".into(), entries: page.to_vec(), more: true };
        cache.apply_access_log_page(&page, 1).unwrap();
    }
    drop(cache);
    let json = serde_json::to_vec(&entries).unwrap().len();
    println!(
        "\n== Access log: {ENTRIES} entries of one record ({:.1} MB of JSON; stored in {:.1} s)",
        json as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let newest = AccessLogQuery { limit: Some(200), ..Default::default() };
    let runs = 15;
    let (open, _) = measure(runs, || {
        let mut cache = open_cache();
        let list = cache.access_log("a", &newest).unwrap();
        assert_eq!((list.total, list.entries.len()), (ENTRIES as usize, 200));
    });
    line("open from the cache + newest 200", open, None);

    let mut cache = open_cache();
    cache.open_access_log("a").unwrap();
    let day = |text| Some(dossier_api::dates::parse_iso(text).unwrap());
    let filters = [
        (
            "a year",
            AccessLogQuery {
                from: day("2024-01-01"),
                to: day("2024-12-31"),
                limit: Some(200),
                ..Default::default()
            },
        ),
        (
            "break-the-glass",
            AccessLogQuery {
                kinds: vec![AccessKind::BreakTheGlass],
                limit: Some(200),
                ..Default::default()
            },
        ),
        (
            "a month, refused and GP",
            AccessLogQuery {
                from: day("2024-03-01"),
                to: day("2024-03-31"),
                kinds: vec![AccessKind::Refused, AccessKind::GeneralPractitioner],
                limit: Some(200),
            },
        ),
    ];
    let mut worst = open;
    for (what, query) in filters {
        let matching = cache.access_log("a", &query).unwrap().matching;
        let (filtered, _) = measure(50, || {
            let _ = cache.access_log("a", &query).unwrap();
        });
        line(&format!("filter: {what} ({matching} match)"), filtered, None);
        // Opening and the slowest filter, one after the other, as the screen does.
        worst = worst.max(open + filtered);
    }
    println!(
        "{:<44} {:8.2} ms   target {} ms: {}",
        "open + slowest filter",
        worst.as_secs_f64() * 1000.0,
        TARGET.as_millis(),
        if worst < TARGET { "met" } else { "NOT met" }
    );
}
