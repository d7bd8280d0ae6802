//! The conformance suite every store passes: one macro, one set of scenarios, run on the
//! memory store and on the SQLite store (through the encrypting cache, as the app uses it).

use dossier_api::reports::{
    LabFlag, LabValue, RecordAccess, Relation, ReportSyncResponse, ReportType, ReportView,
};
use zeroize::Zeroizing;

/// A `YYYY-MM-DD` date.
pub(super) fn date(text: &str) -> chrono::NaiveDate {
    dossier_api::dates::parse_iso(text).unwrap()
}

pub(super) fn report(
    record: &str,
    id: &str,
    title: &str,
    report_type: ReportType,
    performed_on: &str,
) -> ReportView {
    ReportView {
        id: id.into(),
        record_id: record.into(),
        hospital_id: if report_type == ReportType::LabResult { "hzk".into() } else { "smt".into() },
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        report_type,
        title: title.into(),
        author: "Dr. L. Maes".into(),
        performed_on: date(performed_on),
        validated_on: date(performed_on),
        version: 1,
        body: format!("{title}: geen afwijkingen."),
        lab_values: vec![LabValue {
            analyte: "CRP".into(),
            value: "12".into(),
            unit: Some("mg/L".into()),
            reference_range: Some("< 5".into()),
            flag: LabFlag::High,
            code: None,
            panel: None,
        }],
    }
}

pub(super) fn page(
    record: &str,
    upserts: Vec<ReportView>,
    removals: Vec<&str>,
    cursor: &str,
) -> ReportSyncResponse {
    ReportSyncResponse {
        record_id: record.into(),
        upserts,
        removals: removals.into_iter().map(str::to_owned).collect(),
        cursor: cursor.into(),
        more: false,
        records: Vec::new(),
    }
}

/// A page holding one report of `record`.
pub(super) fn one_report_page(
    record: &str,
    id: &str,
    title: &str,
    report_type: ReportType,
    performed_on: &str,
) -> ReportSyncResponse {
    page(record, vec![report(record, id, title, report_type, performed_on)], vec![], "1.1")
}

/// A batch that only writes `upserts` (items as stored, for tampering tests).
pub(super) fn items_batch(
    upserts: Vec<crate::cache::StoredItem>,
    cursor: &str,
) -> crate::cache::Batch {
    crate::cache::Batch { upserts, cursor: cursor.into(), synced_at: Some(1), ..Default::default() }
}

pub(super) fn access(record: &str, relation: Relation) -> RecordAccess {
    RecordAccess {
        record_id: record.into(),
        given_name: "Els".into(),
        family_name: "Vandenbroeck".into(),
        date_of_birth: date("1983-06-01"),
        relation,
        last_day: None,
    }
}

pub(super) fn key(byte: u8) -> Zeroizing<[u8; 32]> {
    Zeroizing::new([byte; 32])
}

/// An open record's reports, newest first, collected to compare and index.
pub(super) fn reports_of(cache: &super::ReportCache, record: &str) -> Vec<ReportView> {
    cache.reports(record).cloned().collect()
}

/// An access log entry of `record`'s log at `at` (Unix seconds).
pub(super) fn log_entry(
    seq: i64,
    at: i64,
    event: dossier_api::care_access::AccessEvent,
) -> dossier_api::care_access::AccessLogEntry {
    use dossier_api::care_access::{AccessLogEntry, Accessor, CareRole};
    AccessLogEntry {
        seq,
        at,
        who: Accessor::CareProvider {
            name: "Dr. Luc Wouters".into(),
            role: CareRole::GeneralPractitioner,
            nihdi_number: Some("1-00476-32-004".into()),
            hospital_name: None,
            department: None,
        },
        event,
    }
}

pub(super) fn opened(
    ground: dossier_api::care_access::AccessGround,
) -> dossier_api::care_access::AccessEvent {
    dossier_api::care_access::AccessEvent::Opened {
        what: dossier_api::care_access::OpenedItem::Record,
        ground,
        justification: None,
    }
}

pub(super) fn log_page(
    record: &str,
    entries: Vec<dossier_api::care_access::AccessLogEntry>,
) -> dossier_api::care_access::AccessLogPage {
    dossier_api::care_access::AccessLogPage { record_id: record.into(), entries, more: false }
}

macro_rules! store_conformance {
    ($name:ident, $make:expr) => {
        mod $name {
            use std::sync::Arc;

            use dossier_api::reports::ReportType;

            use dossier_api::reports::ReportSyncResponse;

            use dossier_api::reports::Relation;

            use super::{access, items_batch, key, one_report_page, page, report, reports_of};
            use crate::{
                cache::{ReportCache, ReportQuery, ReportStore, StoredItem},
                error::CoreError,
            };

            fn store() -> (Arc<dyn ReportStore>, Option<tempfile::TempDir>) {
                $make
            }

            fn open_cache(store: &Arc<dyn ReportStore>, byte: u8) -> ReportCache {
                ReportCache::new(Box::new(store.clone()), key(byte))
            }

            #[test]
            fn a_sync_page_is_stored_and_reads_back_after_a_restart() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                cache.open_record("an").unwrap();
                assert!(reports_of(&cache, "an").is_empty());
                assert_eq!(cache.state("an").unwrap(), None, "never synced");
                let first = vec![
                    report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10"),
                    report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01"),
                ];
                cache.apply_sync(&page("an", first, vec![], "2.100"), 100).unwrap();
                assert_eq!(reports_of(&cache, "an").len(), 2);
                assert_eq!(reports_of(&cache, "an")[0].id, "r2", "newest first");

                let mut again = open_cache(&store, 1);
                again.open_record("an").unwrap();
                assert_eq!(reports_of(&again, "an"), reports_of(&cache, "an"));
                let state = again.state("an").unwrap().unwrap();
                assert_eq!((state.cursor.as_str(), state.synced_at), ("2.100", 100));
            }

            #[test]
            fn upserts_replace_and_removals_delete() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let r1 = report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10");
                let r2 = report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01");
                cache.open_record("an").unwrap();
                cache.apply_sync(&page("an", vec![r1.clone(), r2], vec![], "2.1"), 1).unwrap();
                let mut amended = r1.clone();
                amended.version = 2;
                amended.body = "Addendum".into();
                cache.apply_sync(&page("an", vec![amended.clone()], vec!["r2"], "4.2"), 2).unwrap();
                assert_eq!(reports_of(&cache, "an"), [amended.clone()]);
                let mut again = open_cache(&store, 1);
                again.open_record("an").unwrap();
                assert_eq!(reports_of(&again, "an"), [amended]);
            }

            #[test]
            fn filters_and_search_work_on_the_open_record() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let reports = vec![
                    report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10"),
                    report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01"),
                    report("an", "r3", "Lipidenprofiel", ReportType::LabResult, "2025-05-01"),
                ];
                cache.apply_sync(&page("an", reports, vec![], "3.1"), 1).unwrap();
                assert!(
                    reports_of(&cache, "an").is_empty(),
                    "a sync leaves a closed record closed"
                );
                cache.open_record("an").unwrap();
                let labs = cache.search(
                    "an",
                    &ReportQuery { report_type: Some(ReportType::LabResult), ..Default::default() },
                );
                assert_eq!(labs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["r3", "r1"]);
                let hospital = cache.search(
                    "an",
                    &ReportQuery { hospital_id: Some("smt".into()), ..Default::default() },
                );
                assert_eq!(hospital.len(), 1);
                let text = cache.search(
                    "an",
                    &ReportQuery { text: Some("THORAX afwijkingen".into()), ..Default::default() },
                );
                assert_eq!(text.len(), 1);
                assert!(
                    cache
                        .search(
                            "an",
                            &ReportQuery {
                                text: Some("nothing like this".into()),
                                ..Default::default()
                            }
                        )
                        .is_empty()
                );
            }

            #[test]
            fn a_tampered_item_is_discarded_never_shown_and_fetched_again() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let reports = vec![
                    report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10"),
                    report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01"),
                ];
                cache.apply_sync(&page("an", reports, vec![], "2.1"), 1).unwrap();
                // Flip one byte of r1's ciphertext.
                let mut items = store.items("an").unwrap();
                let item = items.iter_mut().find(|i| i.id == "r1").unwrap();
                let last = item.sealed.len() - 1;
                item.sealed[last] ^= 0x01;
                store.apply("an", &items_batch(vec![item.clone()], "2.1")).unwrap();
                let mut again = open_cache(&store, 1);
                again.open_record("an").unwrap();
                assert_eq!(
                    reports_of(&again, "an").iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
                    ["r2"]
                );
                assert!(store.items("an").unwrap().iter().all(|i| i.id != "r1"), "discarded");
                assert_eq!(
                    again.state("an").unwrap().unwrap().cursor,
                    "",
                    "fetched again from the start"
                );
            }

            #[test]
            fn an_item_discarded_during_a_sync_is_fetched_again_by_the_next() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                assert_eq!(cache.begin_sync("an").unwrap(), "");
                let r1 = report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10");
                let r2 = report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01");
                let first = ReportSyncResponse {
                    more: true,
                    ..page("an", vec![r1.clone(), r2], vec![], "1.1")
                };
                cache.apply_sync(&first, 1).unwrap();
                // While the sync runs, the patient opens the record and r1 does not open.
                let mut items = store.items("an").unwrap();
                let item = items.iter_mut().find(|i| i.id == "r1").unwrap();
                item.sealed[0] ^= 0x01;
                store.apply("an", &items_batch(vec![item.clone()], "1.1")).unwrap();
                cache.open_record("an").unwrap();
                let r3 = report("an", "r3", "Ontslagbrief", ReportType::Admission, "2025-04-02");
                cache.apply_sync(&page("an", vec![r3], vec![], "1.2"), 1).unwrap();
                assert_eq!(cache.state("an").unwrap().unwrap().cursor, "", "r1 is behind 1.2");

                // The next sync starts over, brings r1 back, and moves on.
                assert_eq!(cache.begin_sync("an").unwrap(), "");
                cache.apply_sync(&page("an", vec![r1], vec![], "1.3"), 2).unwrap();
                assert_eq!(cache.state("an").unwrap().unwrap().cursor, "1.3");
                let mut ids: Vec<_> =
                    reports_of(&cache, "an").iter().map(|r| r.id.clone()).collect();
                ids.sort();
                assert_eq!(ids, ["r1", "r2", "r3"]);
            }

            #[test]
            fn an_item_moved_to_another_record_or_version_does_not_open() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                cache
                    .apply_sync(
                        &one_report_page(
                            "an",
                            "r1",
                            "Bloedonderzoek",
                            ReportType::LabResult,
                            "2025-01-10",
                        ),
                        1,
                    )
                    .unwrap();
                cache.apply_sync(&page("wout", vec![], vec![], "0.1"), 1).unwrap();
                let stolen = store.items("an").unwrap().remove(0);
                let moved = items_batch(vec![stolen.clone()], "0.1");
                store.apply("wout", &moved).unwrap();
                let replayed = StoredItem { version: 2, ..stolen };
                store.apply("an", &items_batch(vec![replayed], "1.1")).unwrap();
                let mut again = open_cache(&store, 1);
                again.open_record("wout").unwrap();
                again.open_record("an").unwrap();
                assert!(reports_of(&again, "wout").is_empty());
                assert!(reports_of(&again, "an").is_empty());
            }

            #[test]
            fn the_wrong_cache_key_opens_nothing() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                cache
                    .apply_sync(
                        &one_report_page(
                            "an",
                            "r1",
                            "Bloedonderzoek",
                            ReportType::LabResult,
                            "2025-01-10",
                        ),
                        1,
                    )
                    .unwrap();
                let mut other = open_cache(&store, 2);
                assert!(matches!(other.open_record("an"), Err(CoreError::CacheDamaged)));
            }

            #[test]
            fn a_report_seen_before_and_fetched_again_is_not_new() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let r1 = report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10");
                let r2 = report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01");
                cache
                    .apply_sync(&page("an", vec![r1.clone(), r2.clone()], vec![], "2.1"), 1)
                    .unwrap();
                cache.mark_seen("an").unwrap();
                // r1 is damaged on disk: discarded when the record opens...
                let mut items = store.items("an").unwrap();
                let item = items.iter_mut().find(|i| i.id == "r1").unwrap();
                let last = item.sealed.len() - 1;
                item.sealed[last] ^= 0x01;
                store.apply("an", &items_batch(vec![item.clone()], "2.1")).unwrap();
                let mut cache = open_cache(&store, 1);
                cache.open_record("an").unwrap();
                // ...the list is seen without it...
                cache.mark_seen("an").unwrap();
                // ...and the next sync brings it back, the same version: not news.
                cache.apply_sync(&page("an", vec![r1.clone()], vec![], "3.1"), 2).unwrap();
                assert!(!cache.is_new("an", &r1));
                let mut later = open_cache(&store, 1);
                later.open_record("an").unwrap();
                assert!(later.new_ids("an").is_empty());
                // A report never seen is still news.
                let r3 = report("an", "r3", "Consultatie", ReportType::Consultation, "2025-04-01");
                later.apply_sync(&page("an", vec![r3.clone()], vec![], "4.1"), 3).unwrap();
                assert!(later.is_new("an", &r3));
            }

            #[test]
            fn reports_are_new_until_the_list_was_seen_and_stay_marked_that_session() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let r1 = report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10");
                let first = ReportSyncResponse {
                    more: true,
                    ..page("an", vec![r1.clone()], vec![], "1.1")
                };
                cache.apply_sync(&first, 1).unwrap();
                assert!(!cache.is_new("an", &r1), "nothing is new before a baseline");
                cache.mark_seen("an").unwrap();
                assert!(store.seen("an").unwrap().is_none(), "seeing comes after the baseline");
                // The page that completes the first sync sets the baseline.
                cache.apply_sync(&page("an", vec![], vec![], "1.2"), 1).unwrap();
                assert!(store.seen("an").unwrap().is_some());
                assert!(!cache.is_new("an", &r1));

                let r2 = report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01");
                let mut amended = r1.clone();
                amended.version = 2;
                cache
                    .apply_sync(&page("an", vec![r2.clone(), amended.clone()], vec![], "3.2"), 2)
                    .unwrap();
                assert!(cache.is_new("an", &r2), "arrived since");
                assert!(cache.is_new("an", &amended), "amended since");

                // Seen in this session: still marked until the app closes, not after.
                cache.mark_seen("an").unwrap();
                assert!(cache.is_new("an", &r2));
                let mut next_visit = open_cache(&store, 1);
                next_visit.open_record("an").unwrap();
                assert!(!next_visit.is_new("an", &r2));
                assert!(!next_visit.is_new("an", &amended));

                // The seen list is sealed: no id in clear.
                let sealed = store.seen("an").unwrap().expect("stored");
                assert!(!sealed.windows(4).any(|w| w == b"\"r2\""), "ids are not in clear");
                cache.adopt_records(&[]).unwrap();
                assert!(store.seen("an").unwrap().is_none(), "purged with the record");
            }

            #[test]
            fn the_first_sync_of_a_closed_record_sets_its_baseline_on_its_last_page() {
                // In one session, and resumed after a restart (the app closed mid-sync).
                for resumed in [false, true] {
                    let (store, _dir) = store();
                    let mut cache = open_cache(&store, 1);
                    let r1 =
                        report("an", "r1", "Bloedonderzoek", ReportType::LabResult, "2025-01-10");
                    let r2 = report("an", "r2", "RX thorax", ReportType::Radiology, "2025-03-01");
                    let r3 =
                        report("an", "r3", "Ontslagbrief", ReportType::Admission, "2025-04-02");
                    let mut amended = r2.clone();
                    amended.version = 2;
                    let first = ReportSyncResponse {
                        more: true,
                        ..page("an", vec![r1.clone(), r2, r3], vec![], "1.1")
                    };
                    cache.apply_sync(&first, 1).unwrap();
                    assert!(store.seen("an").unwrap().is_none(), "not complete yet");
                    if resumed {
                        cache = open_cache(&store, 1);
                    }
                    let last = page("an", vec![amended.clone()], vec!["r3"], "1.2");
                    cache.apply_sync(&last, 1).unwrap();
                    assert!(
                        reports_of(&cache, "an").is_empty(),
                        "the sync did not open (decrypt) it"
                    );
                    let mut versions = store.versions("an").unwrap();
                    versions.sort();
                    assert_eq!(versions, [("r1".to_owned(), 1), ("r2".to_owned(), 2)]);

                    let mut next_visit = open_cache(&store, 1);
                    next_visit.open_record("an").unwrap();
                    let new = next_visit.new_ids("an");
                    assert!(new.is_empty(), "resumed: {resumed}, new: {new:?}");
                    let r4 =
                        report("an", "r4", "Consultatie", ReportType::Consultation, "2025-05-02");
                    next_visit.apply_sync(&page("an", vec![r4.clone()], vec![], "1.3"), 2).unwrap();
                    assert_eq!(next_visit.new_ids("an"), ["r4".to_owned()].into());
                }
            }

            #[test]
            fn pages_stored_together_end_as_if_stored_one_by_one() {
                let at = |id: &str, version: u32| {
                    let mut r =
                        report("an", id, "Bloedonderzoek", ReportType::LabResult, "2025-01-10");
                    r.version = version;
                    r
                };
                let more = |p: ReportSyncResponse| ReportSyncResponse { more: true, ..p };
                // A first sync, then a later one; a report removed and back, amended twice.
                let first = [
                    more(page("an", vec![at("r1", 1), at("r2", 1), at("r3", 1)], vec![], "1.1")),
                    more(page("an", vec![at("r2", 2)], vec!["r3"], "1.2")),
                    page("an", vec![at("r3", 2)], vec!["r1"], "1.3"),
                ];
                let later = [
                    more(page("an", vec![at("r4", 1)], vec!["r2"], "2.1")),
                    page("an", vec![at("r2", 3)], vec![], "2.2"),
                ];
                for open_in_memory in [false, true] {
                    let (one_by_one, _dir1) = store();
                    let (together, _dir2) = store();
                    let mut a = open_cache(&one_by_one, 1);
                    let mut b = open_cache(&together, 1);
                    if open_in_memory {
                        a.open_record("an").unwrap();
                        b.open_record("an").unwrap();
                    }
                    for pages in [&first[..], &later[..]] {
                        for page in pages {
                            a.apply_sync(page, 1).unwrap();
                        }
                        b.apply_sync_pages(pages, 1).unwrap();
                        assert_eq!(
                            reports_of(&b, "an"),
                            reports_of(&a, "an"),
                            "in memory: {open_in_memory}"
                        );
                        let mut versions =
                            (one_by_one.versions("an").unwrap(), together.versions("an").unwrap());
                        versions.0.sort();
                        versions.1.sort();
                        assert_eq!(versions.1, versions.0);
                        assert_eq!(together.state("an").unwrap(), one_by_one.state("an").unwrap());
                    }
                    let (mut a, mut b) = (open_cache(&one_by_one, 1), open_cache(&together, 1));
                    a.open_record("an").unwrap();
                    b.open_record("an").unwrap();
                    assert_eq!(reports_of(&b, "an"), reports_of(&a, "an"));
                    assert_eq!(b.new_ids("an"), a.new_ids("an"));
                    assert_eq!(b.new_ids("an"), ["r2".to_owned(), "r4".to_owned()].into());
                }
                // A page of another record among them: refused, nothing written.
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let stray = page("els", vec![], vec![], "9.9");
                let mixed = [first[0].clone(), stray];
                assert!(matches!(
                    cache.apply_sync_pages(&mixed, 1),
                    Err(CoreError::InvalidResponse)
                ));
                assert_eq!(store.state("an").unwrap(), None);
            }

            #[test]
            fn records_are_kept_apart_and_purged_whole() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                cache
                    .apply_sync(
                        &one_report_page(
                            "els",
                            "e1",
                            "Raadpleging",
                            ReportType::Consultation,
                            "2025-01-10",
                        ),
                        1,
                    )
                    .unwrap();
                cache
                    .apply_sync(
                        &one_report_page(
                            "wout",
                            "w1",
                            "Raadpleging pediatrie",
                            ReportType::Consultation,
                            "2025-02-10",
                        ),
                        1,
                    )
                    .unwrap();
                assert_eq!(cache.records().unwrap(), ["els", "wout"]);
                cache.open_record("els").unwrap();
                cache.open_record("wout").unwrap();
                assert_eq!(reports_of(&cache, "wout").len(), 1);
                let els = access("els", Relation::Own);
                assert_eq!(cache.adopt_records(std::slice::from_ref(&els)).unwrap(), ["wout"]);
                assert!(reports_of(&cache, "wout").is_empty());
                assert!(store.items("wout").unwrap().is_empty());
                assert!(store.record_key("wout").unwrap().is_none(), "its key is gone with it");
                assert_eq!(reports_of(&cache, "els").len(), 1);
                // The list is kept with the purge, sealed, and read back after a restart.
                let again = open_cache(&store, 1);
                assert_eq!(again.record_list().unwrap(), std::slice::from_ref(&els));
                let sealed = store.account_item("records").unwrap().expect("stored");
                assert!(!sealed.windows(3).any(|w| w == b"els"), "not in clear");
                // Another key opens nothing (and says so as "no list").
                assert!(open_cache(&store, 2).record_list().unwrap().is_empty());
            }

            #[test]
            fn a_record_new_to_the_device_gets_its_key_with_the_list() {
                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let (els, wout) = (access("els", Relation::Own), access("wout", Relation::Child));
                cache.adopt_records(std::slice::from_ref(&els)).unwrap();
                let key = store.record_key("els").unwrap().expect("stored with the list");
                // Its sync begins without making another, and what it stores opens with it.
                assert_eq!(cache.begin_sync("els").unwrap(), "");
                assert_eq!(store.record_key("els").unwrap().as_ref(), Some(&key));
                let page =
                    one_report_page("els", "e1", "Raadpleging", ReportType::Consultation, "2025-01-10");
                cache.apply_sync(&page, 1).unwrap();
                // A second list keeps the key of a record already here and adds the new one's.
                cache.adopt_records(&[els, wout]).unwrap();
                assert_eq!(store.record_key("els").unwrap(), Some(key));
                assert!(store.record_key("wout").unwrap().is_some());
                let mut again = open_cache(&store, 1);
                again.open_record("els").unwrap();
                assert_eq!(reports_of(&again, "els").len(), 1);
            }

            #[test]
            fn whose_record_this_is_is_kept_sealed_for_an_offline_start() {
                let (store, _dir) = store();
                let cache = open_cache(&store, 1);
                assert_eq!(cache.profile().unwrap(), None);
                let me = dossier_api::account::MeResponse {
                    record_id: "an".into(),
                    user_name: "an.peeters".into(),
                    patient: dossier_api::account::PatientSummary {
                        given_name: "An".into(),
                        family_name: "Peeters".into(),
                        date_of_birth: $crate::cache::conformance::date("1979-04-12"),
                        preferred_language: dossier_api::Language::Nl,
                    },
                    card: None,
                };
                cache.save_profile(&me).unwrap();
                assert_eq!(open_cache(&store, 1).profile().unwrap(), Some(me));
                let sealed = store.account_item("profile").unwrap().expect("stored");
                assert!(!sealed.windows(7).any(|w| w == b"Peeters"), "not in clear");
            }

            #[test]
            fn the_access_log_grows_reads_back_sealed_and_filters_by_period_and_kind() {
                use super::{log_entry, log_page, opened};
                use crate::cache::{AccessKind, AccessLogQuery};
                use dossier_api::care_access::{
                    AccessEvent, AccessGround, AccessRefusal, OpenedItem,
                };

                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                assert_eq!(cache.last_access_seq("an").unwrap(), None);
                // 2025-03-30 23:30 in Brussels is 21:30 UTC (summer time began that night).
                let late_evening = 1_743_370_200;
                let refused = AccessEvent::Refused {
                    what: OpenedItem::Record,
                    reason: AccessRefusal::GpObjected,
                };
                cache
                    .apply_access_log_page(
                        &log_page(
                            "an",
                            vec![
                                log_entry(1, 1_700_000_000, opened(AccessGround::CareRelationship)),
                                log_entry(2, late_evening, opened(AccessGround::BreakTheGlass)),
                            ],
                        ),
                        100,
                    )
                    .unwrap();
                // The next page repeats an entry (a retried request): kept once.
                cache
                    .apply_access_log_page(
                        &log_page(
                            "an",
                            vec![
                                log_entry(2, late_evening, opened(AccessGround::BreakTheGlass)),
                                log_entry(3, late_evening + 3600, refused.clone()),
                            ],
                        ),
                        200,
                    )
                    .unwrap();
                // A sync that finds nothing new still says when it ran.
                cache.apply_access_log_page(&log_page("an", vec![]), 300).unwrap();
                for chunk in store.log_chunks("an").unwrap() {
                    assert!(!chunk.sealed.windows(7).any(|w| w == b"Wouters"), "not in clear");
                }

                let mut again = open_cache(&store, 1);
                let all = again.access_log("an", &AccessLogQuery::default()).unwrap();
                assert_eq!(all.entries.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 2, 1]);
                assert_eq!((all.total, all.matching, all.last_synced), (3, 3, Some(300)));
                assert_eq!(again.last_access_seq("an").unwrap(), Some(3));

                let day = |text| Some(super::date(text));
                let on_the_30th = AccessLogQuery {
                    from: day("2025-03-30"),
                    to: day("2025-03-30"),
                    ..Default::default()
                };
                let seqs = |q: &AccessLogQuery, cache: &mut ReportCache| {
                    cache
                        .access_log("an", q)
                        .unwrap()
                        .entries
                        .iter()
                        .map(|e| e.seq)
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    seqs(&on_the_30th, &mut again),
                    [2],
                    "23:30 in Brussels is still the 30th"
                );
                let refusals =
                    AccessLogQuery { kinds: vec![AccessKind::Refused], ..Default::default() };
                assert_eq!(seqs(&refusals, &mut again), [3]);
                let teams_and_glass = AccessLogQuery {
                    kinds: vec![AccessKind::CareTeam, AccessKind::BreakTheGlass],
                    limit: Some(1),
                    ..Default::default()
                };
                let limited = again.access_log("an", &teams_and_glass).unwrap();
                assert_eq!((limited.entries.len(), limited.matching), (1, 2));
                assert_eq!(limited.entries[0].seq, 2, "the newest first");

                // Another key opens nothing; a purge of the record takes its log.
                assert_eq!(
                    open_cache(&store, 2)
                        .access_log("an", &AccessLogQuery::default())
                        .map(|l| l.total)
                        .unwrap_or(0),
                    0
                );
                let els = access("els", Relation::Own);
                again.adopt_records(std::slice::from_ref(&els)).unwrap();
                assert!(store.log_chunks("an").unwrap().is_empty());
                assert_eq!(store.log_synced_at("an").unwrap(), None);
                assert_eq!(again.access_log("an", &AccessLogQuery::default()).unwrap().total, 0);
            }

            #[test]
            fn a_tampered_access_log_is_discarded_and_fetched_again_from_the_start() {
                use super::{log_entry, log_page, opened};
                use crate::cache::AccessLogQuery;
                use dossier_api::care_access::AccessGround;

                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                cache
                    .apply_access_log_page(
                        &log_page(
                            "an",
                            vec![log_entry(
                                1,
                                1_700_000_000,
                                opened(AccessGround::GeneralPractitioner),
                            )],
                        ),
                        100,
                    )
                    .unwrap();
                let mut chunk = store.log_chunks("an").unwrap().remove(0);
                let last = chunk.sealed.len() - 1;
                chunk.sealed[last] ^= 1;
                store.append_log("an", Some(&chunk), 100, None).unwrap();
                let mut again = open_cache(&store, 1);
                let log = again.access_log("an", &AccessLogQuery::default()).unwrap();
                assert_eq!((log.total, log.last_synced), (0, None), "never shown, synced again");
                assert_eq!(again.last_access_seq("an").unwrap(), None, "from the start");
                assert!(store.log_chunks("an").unwrap().is_empty());
            }

            #[test]
            fn a_document_reads_back_sealed_keeps_its_last_sync_and_goes_with_its_record() {
                use crate::cache::DocumentKind;

                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let kind = DocumentKind::Appointments;
                let first = vec!["Cardiologie 9:30".to_owned()];
                cache.put_document("an", kind, &first, "c1", None).unwrap();
                let held = cache.document::<Vec<String>>("an", kind).unwrap().unwrap();
                assert_eq!((held.value, held.cursor, held.last_synced), (first, "c1".into(), None));
                let sealed = store.document("an", "appointments").unwrap().unwrap().sealed;
                assert!(!sealed.windows(11).any(|w| w == b"Cardiologie"), "not in clear");
                // A page that completes the sync sets "last updated"; one under way keeps it.
                cache.put_document("an", kind, &vec!["x".to_owned()], "c2", Some(500)).unwrap();
                cache.put_document("an", kind, &vec!["y".to_owned()], "c3", None).unwrap();
                let again = open_cache(&store, 1);
                let held = again.document::<Vec<String>>("an", kind).unwrap().unwrap();
                assert_eq!((held.value, held.last_synced), (vec!["y".to_owned()], Some(500)));
                // Another kind, another record: nothing.
                assert!(
                    again.document::<Vec<String>>("an", DocumentKind::Invoices).unwrap().is_none()
                );
                assert!(again.document::<Vec<String>>("els", kind).unwrap().is_none());
                // Purged with its record.
                let els = access("els", Relation::Own);
                cache.put_document("els", kind, &vec!["z".to_owned()], "", Some(1)).unwrap();
                assert_eq!(cache.adopt_records(std::slice::from_ref(&els)).unwrap(), ["an"]);
                assert!(store.document("an", "appointments").unwrap().is_none());
                assert!(cache.document::<Vec<String>>("els", kind).unwrap().is_some());
            }

            #[test]
            fn the_outbox_keeps_each_messages_files_apart_and_moves_them_with_it() {
                use dossier_api::messages::{
                    MessageDestination, MessageProblem, NewAttachment, NewMessage,
                };

                let message = |id: char, files: usize| NewMessage {
                    client_id: id.to_string().repeat(36),
                    destination: MessageDestination::Thread { thread_id: "t1".into() },
                    body: format!("Vraag {id}"),
                    attachments: (0..files)
                        .map(|n| NewAttachment {
                            file_name: format!("scan-{n}.pdf"),
                            content: "JVBERi0x".repeat(50_000 + n),
                        })
                        .collect(),
                };
                let (store, _dir) = store();
                let cache = open_cache(&store, 1);
                cache.add_to_outbox("an", message('a', 2), 10).unwrap();
                cache.add_to_outbox("an", message('b', 0), 11).unwrap();
                // The same client id again is the same message.
                cache.add_to_outbox("an", message('a', 1), 12).unwrap();
                let listed = cache.outbox("an").unwrap();
                assert_eq!(listed.len(), 2);
                assert_eq!(listed[0].file_names, ["scan-0.pdf", "scan-1.pdf"]);
                assert_eq!((listed[0].written_at, listed[1].written_at), (10, 11));
                // The list is small: the files are sealed apart, not in clear.
                let entries = store.document("an", "outbox_entries").unwrap().unwrap();
                assert!(entries.sealed.len() < 2_000, "{}", entries.sealed.len());
                let a_files = format!("outbox_files/{}", "a".repeat(36));
                let files = store.document("an", &a_files).unwrap().unwrap();
                assert!(files.sealed.len() > 800_000, "{}", files.sealed.len());
                assert!(!files.sealed.windows(8).any(|w| w == b"JVBERi0x"), "not in clear");
                // Read back whole after a restart, as it is sent.
                let again = open_cache(&store, 1);
                assert_eq!(again.outbox_message("an", &"a".repeat(36)).unwrap(), Some(message('a', 2)));
                assert_eq!(again.outbox_message("an", &"b".repeat(36)).unwrap(), Some(message('b', 0)));
                assert_eq!(again.outbox_message("an", &"c".repeat(36)).unwrap(), None);
                // A refusal is kept with it; a sent one goes with its files.
                again.refuse_in_outbox("an", &"b".repeat(36), MessageProblem::EmptyBody).unwrap();
                again.remove_from_outbox("an", &"a".repeat(36)).unwrap();
                let listed = again.outbox("an").unwrap();
                assert_eq!(listed.len(), 1);
                assert_eq!(listed[0].refused, Some(MessageProblem::EmptyBody));
                assert!(store.document("an", &a_files).unwrap().is_none());
                // One record's outbox is not another's.
                assert!(again.outbox("els").unwrap().is_empty());
            }

            #[test]
            fn an_outbox_kept_whole_with_its_files_is_split_and_nothing_is_lost() {
                use dossier_api::messages::{MessageDestination, MessageService, NewAttachment, NewMessage};

                let (store, _dir) = store();
                let cache = open_cache(&store, 1);
                let message = NewMessage {
                    client_id: "d".repeat(36),
                    destination: MessageDestination::NewThread {
                        hospital_id: "hzk".into(),
                        service: MessageService::PatientQuestionsOther,
                        subject: "Afspraak".into(),
                    },
                    body: "Mag ik verplaatsen?".into(),
                    attachments: vec![NewAttachment {
                        file_name: "brief.png".into(),
                        content: "iVBORw0KGgo=".into(),
                    }],
                };
                // As the app kept it before: one document "outbox" with the files inside.
                let whole = serde_json::json!([
                    { "message": message, "written_at": 42, "refused": null }
                ]);
                let (sealed, record_key) = cache
                    .with_key("an", |key| crate::cache::envelope::seal_document(key, "an", "outbox", &whole))
                    .unwrap();
                let document = crate::cache::StoredDocument { sealed, cursor: String::new(), synced_at: 0 };
                store.put_document("an", "outbox", Some(&document), record_key.as_deref()).unwrap();
                let listed = cache.outbox("an").unwrap();
                assert_eq!(listed.len(), 1);
                assert_eq!((listed[0].written_at, listed[0].file_names.clone()), (42, vec!["brief.png".to_owned()]));
                assert!(store.document("an", "outbox").unwrap().is_none(), "split once");
                let again = open_cache(&store, 1);
                assert_eq!(again.outbox_message("an", &"d".repeat(36)).unwrap(), Some(message));
            }

            #[test]
            fn a_tampered_or_moved_document_is_dropped_and_fetched_again() {
                use crate::cache::{DocumentKind, StoredDocument};

                let (store, _dir) = store();
                let mut cache = open_cache(&store, 1);
                let kind = DocumentKind::Invoices;
                cache.put_document("an", kind, &vec![1, 2, 3], "c9", Some(7)).unwrap();
                cache.put_document("els", kind, &vec![4], "c1", Some(7)).unwrap();
                // Moved to another kind of the same record: does not open there.
                let moved = store.document("an", "invoices").unwrap().unwrap();
                store.put_document("an", "appointments", Some(&moved), None).unwrap();
                assert!(
                    cache.document::<Vec<i32>>("an", DocumentKind::Appointments).unwrap().is_none()
                );
                // Moved to another record: does not open there.
                store.put_document("els", "invoices", Some(&moved), None).unwrap();
                assert!(cache.document::<Vec<i32>>("els", kind).unwrap().is_none());
                assert!(store.document("els", "invoices").unwrap().is_none(), "dropped");
                // Tampered: dropped, and the next sync starts from the start.
                let StoredDocument { mut sealed, cursor, synced_at } = moved;
                let last = sealed.len() - 1;
                sealed[last] ^= 1;
                let tampered = StoredDocument { sealed, cursor, synced_at };
                store.put_document("an", "invoices", Some(&tampered), None).unwrap();
                assert!(cache.document::<Vec<i32>>("an", kind).unwrap().is_none());
                assert!(store.document("an", "invoices").unwrap().is_none());
                // The wrong cache key opens nothing.
                cache.put_document("an", kind, &vec![1], "c", Some(1)).unwrap();
                assert!(
                    open_cache(&store, 2)
                        .document::<Vec<i32>>("an", kind)
                        .is_err_and(|e| matches!(e, CoreError::CacheDamaged))
                );
            }
        }
    };
}

store_conformance!(memory_store, {
    let store: Arc<dyn ReportStore> = Arc::new(crate::cache::MemoryStore::new());
    (store, None)
});

store_conformance!(sqlite_store, {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn ReportStore> =
        Arc::new(crate::cache::SqliteStore::open(&dir.path().join("cache.sqlite3")).unwrap());
    (store, Some(dir))
});
