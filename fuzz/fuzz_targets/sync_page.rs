//! A sync page as the device receives it: read by `dossier_core::sync_page::parse` as the
//! app reads it (which must accept the same pages as serde_json and read them the same way,
//! once their reports pass the cache's check), or as a JSON array of pages applied
//! together; then `ReportCache::apply_sync_pages` over a
//! `MemoryStore`, the record open in memory or not (the input's first byte). Never a panic;
//! with any report that is not a valid report of the page's record, or pages of different
//! records, nothing is stored; else exactly what applying each page in turn leaves.
#![no_main]

use std::{collections::BTreeSet, sync::Arc};

use dossier_api::reports::{ReportSyncResponse, ReportView};
use dossier_core::{
    cache::{MemoryStore, ReportCache, ReportStore, SyncedReport},
    sync_page::ReportText,
};
use libfuzzer_sys::fuzz_target;
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, json)) = data.split_first() else { return };
    let checked = |page: ReportSyncResponse<ReportText>| {
        page.upserts.iter().all(|r| r.key().is_some()).then_some(page)
    };
    let split = dossier_core::sync_page::parse(bytes::Bytes::copy_from_slice(json));
    let reference = serde_json::from_slice(json).ok().and_then(checked);
    assert_eq!(split.as_ref().ok().cloned().and_then(checked), reference);
    let pages: Vec<ReportSyncResponse<ReportText>> = match split {
        Ok(page) => vec![page],
        Err(_) => match serde_json::from_slice(json) {
            Ok(pages) => pages,
            Err(_) => return,
        },
    };
    let Some(last) = pages.last() else { return };
    let record = last.record_id.clone();
    let store = Arc::new(MemoryStore::new());
    let mut cache = ReportCache::new(Box::new(store.clone()), Zeroizing::new([7; 32]));
    if flags & 1 == 1 {
        cache.open_record(&record).unwrap();
    }
    let reports_of_record = |page: &ReportSyncResponse<ReportText>| {
        page.upserts
            .iter()
            .map(|raw| serde_json::from_slice::<ReportView>(raw.json()).ok())
            .map(|report| report.filter(|r| r.record_id == record).map(|r| r.id))
            .collect::<Option<Vec<String>>>()
    };
    // What applying each page in turn leaves: its removals, then its upserts.
    let mut expected = Some(BTreeSet::new());
    for page in &pages {
        match (&mut expected, reports_of_record(page)) {
            (Some(ids), Some(upserts)) if page.record_id == record => {
                for id in &page.removals {
                    ids.remove(id);
                }
                ids.extend(upserts);
            }
            _ => expected = None,
        }
    }
    let outcome = cache.apply_sync_pages(&pages, 1);
    assert_eq!(outcome.is_ok(), expected.is_some(), "{outcome:?}");
    let stored: BTreeSet<String> =
        store.items(&record).unwrap().into_iter().map(|item| item.id).collect();
    match expected {
        Some(ids) => assert_eq!(stored, ids),
        None => {
            assert!(stored.is_empty());
            assert!(store.state(&record).unwrap().is_none());
        }
    }
});
