//! Property tests of a sync page as the device reads and stores it (docs/fuzzing.md): pages
//! of reports with the wrong record, the same id twice, a field missing or of another
//! type, or no report at all, read from their JSON as the app reads them (`sync_page::parse`) and
//! applied to a cache over a `MemoryStore`, with the record open in memory or not. Never a
//! panic; a batch of pages with any bad report is refused whole (`InvalidResponse`) and
//! leaves the store and the open record as they were; a good one stores exactly the last
//! word on each report.

use std::{collections::BTreeMap, sync::Arc};

use bytes::Bytes;
use dossier_api::reports::{ReportSyncResponse, ReportType, ReportView};
use dossier_core::{
    CoreError,
    cache::{MemoryStore, ReportCache, ReportStore},
    sync_page::{self, ReportText},
};
use proptest::prelude::*;
use serde_json::{Value, json};
use zeroize::Zeroizing;

const RECORD: &str = "rec-1";

/// 256 cases (about a second in a debug build); `PROPTEST_CASES` sets another number.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn report(id: &str, record: &str, version: u32) -> ReportView {
    ReportView {
        id: id.to_owned(),
        record_id: record.to_owned(),
        hospital_id: "hzk".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        report_type: ReportType::LabResult,
        title: "Bloedonderzoek".into(),
        author: "Dr. L. Maes".into(),
        performed_on: dossier_api::dates::parse_iso("2025-01-01").unwrap(),
        validated_on: dossier_api::dates::parse_iso("2025-01-02").unwrap(),
        version,
        body: "Licht verhoogde CRP.".into(),
        lab_values: Vec::new(),
    }
}

/// One upsert as a server (or something in between) might send it.
#[derive(Debug, Clone)]
enum Upsert {
    Valid {
        id: usize,
        version: u32,
    },
    OtherRecord {
        id: usize,
    },
    /// A valid report with one field removed or replaced.
    Broken {
        id: usize,
        field: usize,
        with: Option<Value>,
    },
    /// Not a report at all.
    Junk(Value),
}

#[derive(Debug, Clone)]
struct Page {
    record: Option<String>,
    upserts: Vec<Upsert>,
    removals: Vec<usize>,
    more: bool,
}

/// A few ids, so that pages repeat and remove them.
fn id(n: usize) -> String {
    ["a", "b", "c", "d", "r\\1", "é"][n % 6].to_owned()
}

fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
        Just(json!({})),
        Just(json!([])),
        Just(json!({ "id": "a", "record_id": RECORD, "version": 1 })),
        Just(Value::from("2025-02-30")),
        Just(Value::from(u64::from(u32::MAX) + 1)),
        Just(Value::from(-1)),
        Just(Value::from(1.5)),
        Just(json!("lab")),
    ]
}

fn upsert() -> impl Strategy<Value = Upsert> {
    prop_oneof![
        8 => (0usize..6, 1u32..4).prop_map(|(id, version)| Upsert::Valid { id, version }),
        1 => (0usize..6).prop_map(|id| Upsert::OtherRecord { id }),
        1 => (0usize..6, any::<usize>(), proptest::option::of(junk()))
            .prop_map(|(id, field, with)| Upsert::Broken { id, field, with }),
        1 => junk().prop_map(Upsert::Junk),
    ]
}

fn page() -> impl Strategy<Value = Page> {
    (
        prop_oneof![20 => Just(None), 1 => Just(Some("rec-2".to_owned()))],
        proptest::collection::vec(upsert(), 0..6),
        proptest::collection::vec(0usize..6, 0..3),
        any::<bool>(),
    )
        .prop_map(|(record, upserts, removals, more)| Page { record, upserts, removals, more })
}

/// The upsert's JSON, and the id and version the device must store it under, if it must.
fn upsert_json(upsert: &Upsert) -> (Value, Option<(String, u32)>) {
    match upsert {
        Upsert::Valid { id: n, version } => (
            serde_json::to_value(report(&id(*n), RECORD, *version)).unwrap(),
            Some((id(*n), *version)),
        ),
        Upsert::OtherRecord { id: n } => {
            (serde_json::to_value(report(&id(*n), "rec-2", 1)).unwrap(), None)
        }
        Upsert::Broken { id: n, field, with } => {
            let mut value = serde_json::to_value(report(&id(*n), RECORD, 1)).unwrap();
            let object = value.as_object_mut().unwrap();
            let key = object.keys().nth(field % object.len()).unwrap().clone();
            match with {
                None => {
                    object.remove(&key);
                }
                Some(with) => {
                    object.insert(key, with.clone());
                }
            }
            // A replacement may happen to be valid (a string for a text field): ask serde.
            let valid = serde_json::from_value::<ReportView>(value.clone())
                .ok()
                .filter(|r| r.record_id == RECORD)
                .map(|r| (r.id, r.version));
            (value, valid)
        }
        Upsert::Junk(value) => (value.clone(), None),
    }
}

/// The pages' JSON as the server sends them, and whether the device must take them all.
fn pages_json(pages: &[Page]) -> (Vec<Vec<u8>>, bool) {
    let mut valid = true;
    let bytes = pages
        .iter()
        .enumerate()
        .map(|(n, page)| {
            let upserts: Vec<Value> = page
                .upserts
                .iter()
                .map(|u| {
                    let (value, ok) = upsert_json(u);
                    valid &= ok.is_some();
                    value
                })
                .collect();
            valid &= page.record.is_none();
            serde_json::to_vec(&json!({
                "record_id": page.record.as_deref().unwrap_or(RECORD),
                "upserts": upserts,
                "removals": page.removals.iter().map(|n| id(*n)).collect::<Vec<_>>(),
                "cursor": format!("c{n}"),
                "more": page.more,
                "records": [],
            }))
            .unwrap()
        })
        .collect();
    (bytes, valid)
}

/// What the store holds of the record: every item (sealed bytes included), the sync
/// state, the record's key.
type Snapshot = (Vec<(String, u32, Vec<u8>)>, Option<(String, i64)>, Option<Vec<u8>>);

fn snapshot(store: &MemoryStore) -> Snapshot {
    let items =
        store.items(RECORD).unwrap().into_iter().map(|i| (i.id, i.version, i.sealed)).collect();
    let state = store.state(RECORD).unwrap().map(|s| (s.cursor, s.synced_at));
    (items, state, store.record_key(RECORD).unwrap())
}

fn open_ids(cache: &ReportCache) -> Vec<(String, u32)> {
    let mut ids: Vec<_> = cache.reports(RECORD).map(|r| (r.id.clone(), r.version)).collect();
    ids.sort();
    ids
}

/// Applies `before` (valid pages, stored first), then `pages`, read from their JSON, and
/// checks the outcome: all or nothing.
fn check(before: &[Page], pages: &[Page], open: bool) -> Result<(), TestCaseError> {
    let store = Arc::new(MemoryStore::new());
    let mut cache = ReportCache::new(Box::new(store.clone()), Zeroizing::new([7; 32]));
    if open {
        cache.open_record(RECORD).unwrap();
    }
    let mut expected = BTreeMap::new();
    for bytes in pages_json(before).0 {
        let page = sync_page::parse(Bytes::from(bytes)).unwrap();
        cache.apply_sync(&page, 1).unwrap();
    }
    for page in before {
        fold(&mut expected, page);
    }
    let stored_before = snapshot(&store);
    let open_before = open_ids(&cache);

    let (bytes, valid) = pages_json(pages);
    let parsed: Vec<ReportSyncResponse<ReportText>> =
        bytes.into_iter().map(|b| sync_page::parse(Bytes::from(b)).unwrap()).collect();
    let outcome = cache.apply_sync_pages(&parsed, 2);
    // Every page of the batch for the other record, carrying only that record's reports (or
    // none): a valid batch of that record, which leaves this one as it was.
    let of_the_other_record = |p: &Page| {
        p.record.is_some() && p.upserts.iter().all(|u| matches!(u, Upsert::OtherRecord { .. }))
    };
    if !pages.is_empty() && pages.iter().all(of_the_other_record) {
        prop_assert!(outcome.is_ok(), "{outcome:?}");
        prop_assert_eq!(snapshot(&store), stored_before, "this record untouched");
        prop_assert_eq!(open_ids(&cache), open_before, "nothing else shown");
        return Ok(());
    }
    if !valid || pages.is_empty() {
        if !valid {
            prop_assert!(matches!(outcome, Err(CoreError::InvalidResponse)), "{outcome:?}");
        }
        prop_assert_eq!(snapshot(&store), stored_before, "nothing stored");
        prop_assert_eq!(open_ids(&cache), open_before, "nothing shown");
        return Ok(());
    }
    prop_assert!(outcome.is_ok(), "{outcome:?}");
    for page in pages {
        fold(&mut expected, page);
    }
    let expected: Vec<(String, u32)> = expected.into_iter().collect();
    let mut stored = store.versions(RECORD).unwrap();
    stored.sort();
    prop_assert_eq!(&stored, &expected, "the last word on each report");
    let last = pages.last().unwrap();
    let state = store.state(RECORD).unwrap().unwrap();
    prop_assert_eq!(state.cursor, format!("c{}", pages.len() - 1));
    if !last.more {
        prop_assert_eq!(state.synced_at, 2);
    }
    if open {
        prop_assert_eq!(open_ids(&cache), expected, "the open record shows what is stored");
    }
    Ok(())
}

/// What a valid page does to the record's reports: removals first, then upserts (an
/// upsert in the same page wins), the later of two upserts of one id.
fn fold(reports: &mut BTreeMap<String, u32>, page: &Page) {
    for n in &page.removals {
        reports.remove(&id(*n));
    }
    for upsert in &page.upserts {
        if let (_, Some((id, version))) = upsert_json(upsert) {
            reports.insert(id, version);
        }
    }
}

fn valid_page() -> impl Strategy<Value = Page> {
    page().prop_map(|mut page| {
        page.record = None;
        page.upserts.retain(|u| matches!(u, Upsert::Valid { .. }));
        page
    })
}

proptest! {
    #![proptest_config(config())]

    /// Pages applied together, over a record that already holds reports or not, open in
    /// memory or not: all or nothing.
    #[test]
    fn a_batch_of_sync_pages_is_stored_whole_or_not_at_all(
        before in proptest::collection::vec(valid_page(), 0..3),
        pages in proptest::collection::vec(page(), 0..4),
        open in any::<bool>(),
    ) {
        check(&before, &pages, open)?;
    }

    /// Any bytes as a sync page: read or refused, and a page that reads is applied or
    /// refused, never a panic; a refused one stores nothing.
    #[test]
    fn any_bytes_as_a_sync_page(bytes in proptest::collection::vec(any::<u8>(), 0..512), open in any::<bool>()) {
        apply_bytes(&bytes, open)?;
    }

    /// A valid page's JSON with bytes changed: read or refused, applied whole or not at all.
    #[test]
    fn a_sync_page_with_bytes_changed(
        page in page(),
        changes in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        open in any::<bool>(),
    ) {
        let (mut bytes, _) = pages_json(std::slice::from_ref(&page));
        let bytes = &mut bytes[0];
        for (at, byte) in changes {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        apply_bytes(bytes, open)?;
    }
}

/// Reads `bytes` as a sync page and applies it to an empty cache: refused whole, or stored
/// with each report checked.
fn apply_bytes(bytes: &[u8], open: bool) -> Result<(), TestCaseError> {
    let Ok(page) = sync_page::parse(Bytes::copy_from_slice(bytes)) else {
        return Ok(());
    };
    let store = Arc::new(MemoryStore::new());
    let mut cache = ReportCache::new(Box::new(store.clone()), Zeroizing::new([7; 32]));
    if open {
        cache.open_record(&page.record_id).unwrap();
    }
    let valid = page.upserts.iter().all(|raw| {
        serde_json::from_slice::<ReportView>(raw.json())
            .is_ok_and(|r| r.record_id == page.record_id)
    });
    let outcome = cache.apply_sync(&page, 1);
    prop_assert_eq!(outcome.is_ok(), valid, "{:?}", outcome);
    let stored = store.items(&page.record_id).unwrap();
    if valid {
        let ids: std::collections::BTreeSet<String> = stored.iter().map(|i| i.id.clone()).collect();
        let sent: std::collections::BTreeSet<String> = page
            .upserts
            .iter()
            .map(|raw| serde_json::from_slice::<ReportView>(raw.json()).unwrap().id)
            .collect();
        prop_assert_eq!(ids, sent);
    } else {
        prop_assert!(stored.is_empty());
        prop_assert!(store.state(&page.record_id).unwrap().is_none());
    }
    Ok(())
}
