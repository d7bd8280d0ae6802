//! The encrypted offline cache of reports, one record (person) at a time.
//!
//! Every cached item, listing fields included, is sealed with AES-256-GCM (`aead`) under its
//! record's own random key, with a version byte and associated data naming the record, the
//! kind, the id and the version: an item cannot be moved to another record or replayed as
//! another version. Record keys are sealed with the device's cache key (the PIN opens it),
//! so deleting one record's key destroys that record's data. Storage is behind
//! [`ReportStore`]: SQLite on the device, memory in tests; both pass the same conformance
//! suite. Opening a record decrypts it once into memory, so listing, filtering and search
//! run without touching the disk; an item that does not open (tampered, damaged) is
//! discarded and the record is fetched again from the start.

mod closing;
mod memory;
mod sqlite;
mod store;

#[cfg(test)]
mod conformance;

use std::{
    borrow::Cow,
    collections::{HashMap, HashSet},
};

use dossier_api::{
    account::MeResponse,
    reports::{RawReport, RecordAccess, ReportKey, ReportSyncResponse, ReportType, ReportView},
};
use zeroize::{Zeroize, Zeroizing};

pub use closing::{ClosedReason, ClosedRecord};
pub use memory::MemoryStore;
pub use sqlite::SqliteStore;
pub use store::{Batch, RecordState, ReportStore, StoreError, StoredItem};

use crate::{
    aead::{SealingKey, open, parts, seal},
    device::random_key,
    error::CoreError,
};

const KIND_REPORT: &str = "report";
const KIND_SEEN: &str = "seen";

/// Seals a record's seen list (report id -> version).
fn seal_seen(
    key: &SealingKey,
    record: &str,
    seen: &HashMap<String, u32>,
) -> Result<Vec<u8>, CoreError> {
    let plain = Zeroizing::new(serde_json::to_vec(seen).map_err(|_| CoreError::Encoding)?);
    seal(key, &seen_aad(record), &plain)
}

/// The seen list is one item per record.
fn seen_aad(record: &str) -> Vec<u8> {
    item_aad(record, KIND_SEEN, "", 0)
}

/// The account's own sealed items: the records it may open, whose record it is.
const ACCOUNT_RECORDS: &str = "records";
const ACCOUNT_PROFILE: &str = "profile";
/// The latest time the server gave (Unix seconds): the device's clock is never trusted to
/// be earlier.
const ACCOUNT_SERVER_TIME: &str = "server-time";

fn account_aad(name: &str) -> Vec<u8> {
    [b"dossier account item v1\0".as_slice(), name.as_bytes()].concat()
}

fn record_key_aad(record: &str) -> Vec<u8> {
    [b"dossier record key v1\0".as_slice(), record.as_bytes()].concat()
}

fn item_aad(record: &str, kind: &str, id: &str, version: u32) -> Vec<u8> {
    let mut aad = b"dossier item v1\0".to_vec();
    for part in [record, kind, id] {
        aad.extend_from_slice(part.as_bytes());
        aad.push(0);
    }
    aad.extend_from_slice(&version.to_le_bytes());
    aad
}

/// A record opened in memory: its key and its reports, newest first, with a lowercase copy
/// of the searchable text.
struct OpenRecord {
    key: SealingKey,
    reports: Vec<ReportView>,
    haystacks: Vec<String>,
    /// Report id -> version the patient has seen listed; None before the first baseline.
    seen: Option<HashMap<String, u32>>,
    /// Reports that were new when the list was opened in this session: they stay marked
    /// until the app closes, so the marker does not vanish the moment it is seen.
    new_this_visit: HashSet<String>,
}

impl OpenRecord {
    /// Takes the reports (each with its search text), newest first.
    fn set_reports(&mut self, mut reports: Vec<(ReportView, String)>) {
        reports.sort_by(|a, b| {
            b.0.performed_on.cmp(&a.0.performed_on).then_with(|| b.0.id.cmp(&a.0.id))
        });
        (self.reports, self.haystacks) = reports.into_iter().unzip();
    }
}

/// One stored item opened, in its own buffer (which it wipes): the report and its search
/// text, or its id when it does not open (tampered, moved, or sealed with another key).
fn open_item(
    key: &SealingKey,
    record: &str,
    item: &mut StoredItem,
) -> Result<(ReportView, String), String> {
    let aad = item_aad(record, KIND_REPORT, &item.id, item.version);
    let opened = parts(&mut item.sealed)
        .and_then(|(nonce, ciphertext)| key.decrypt_in_place(&aad, nonce, ciphertext))
        .and_then(|plain| serde_json::from_slice::<ReportView>(plain).ok());
    item.sealed.zeroize();
    opened
        .filter(|r| r.id == item.id && r.record_id == record)
        .map(|r| {
            let hay = haystack(&r);
            (r, hay)
        })
        .ok_or_else(|| item.id.clone())
}

/// The searchable text of a report, folded: title, text, author, and the names of its lab
/// tests (a lab report lists "Hemoglobine" only in its values).
fn haystack(report: &ReportView) -> String {
    let labs: usize = report.lab_values.iter().map(|v| v.analyte.len() + 1).sum();
    let mut hay = String::with_capacity(
        report.title.len() + report.body.len() + report.author.len() + labs + 2,
    );
    let lab_names = report.lab_values.iter().map(|v| &v.analyte);
    for (i, part) in
        [&report.title, &report.body, &report.author].into_iter().chain(lab_names).enumerate()
    {
        if i > 0 {
            hay.push('\n');
        }
        push_folded(&mut hay, part);
    }
    hay
}

/// Appends `text` folded for search: lowercase, accents taken off ("Hépatique" becomes
/// "hepatique", "Ärztin" "arztin"), a character at a time, with runs of ASCII lowered in
/// place: Unicode lookups for every character once a text holds one accent were most of
/// the cost of opening a record.
fn push_folded(into: &mut String, mut text: &str) {
    while !text.is_empty() {
        let ascii = text.bytes().position(|b| !b.is_ascii()).unwrap_or(text.len());
        let start = into.len();
        into.push_str(&text[..ascii]);
        into[start..].make_ascii_lowercase();
        text = &text[ascii..];
        if let Some(c) = text.chars().next() {
            for lower in c.to_lowercase() {
                // The canonical decomposition without its combining marks: é is e + ´.
                unicode_normalization::char::decompose_canonical(lower, |part| {
                    if !unicode_normalization::char::is_combining_mark(part) {
                        into.push(part);
                    }
                });
            }
            text = &text[c.len_utf8()..];
        }
    }
}

/// Search words as [`push_folded`] folds the text they are looked for in.
fn search_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| {
            let mut folded = String::with_capacity(word.len());
            push_folded(&mut folded, word);
            folded
        })
        .collect()
}

/// A report as a sync page brings it: as the server's JSON (the app), sealed as received
/// once it parsed, or already parsed (tests).
pub trait SyncedReport {
    /// The report; None when it is not a valid one.
    fn report(&self) -> Option<Cow<'_, ReportView>>;
    /// Its key, once checked to be a valid report (cheaper than `report`).
    fn key(&self) -> Option<ReportKey<'_>>;
    /// Its JSON, to seal.
    fn json(&self) -> Cow<'_, [u8]>;
}

impl SyncedReport for RawReport {
    fn report(&self) -> Option<Cow<'_, ReportView>> {
        serde_json::from_str(self.get()).ok().map(Cow::Owned)
    }
    fn key(&self) -> Option<ReportKey<'_>> {
        ReportKey::check(self.get()).ok()
    }
    fn json(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.get().as_bytes())
    }
}

impl SyncedReport for ReportView {
    fn report(&self) -> Option<Cow<'_, ReportView>> {
        Some(Cow::Borrowed(self))
    }
    fn key(&self) -> Option<ReportKey<'_>> {
        Some(ReportKey::of(self))
    }
    fn json(&self) -> Cow<'_, [u8]> {
        Cow::Owned(serde_json::to_vec(self).unwrap_or_default())
    }
}

/// A report of a sync page, checked to belong to the page's record.
struct Received<'p, R> {
    id: String,
    version: u32,
    /// Parsed whole for a record open in memory.
    report: Option<Cow<'p, ReportView>>,
    item: &'p R,
}

impl<'p, R: SyncedReport> Received<'p, R> {
    fn check(item: &'p R, record: &str, parse: bool) -> Result<Self, CoreError> {
        let report =
            if parse { Some(item.report().ok_or(CoreError::InvalidResponse)?) } else { None };
        let key = match &report {
            Some(report) => ReportKey::of(report),
            None => item.key().ok_or(CoreError::InvalidResponse)?,
        };
        if key.record_id != record {
            return Err(CoreError::InvalidResponse);
        }
        let (id, version) = (key.id.into_owned(), key.version);
        Ok(Self { id, version, report, item })
    }
}

/// What to list: all of a record's reports, or those of a type, a hospital, a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    pub report_type: Option<ReportType>,
    pub hospital_id: Option<String>,
    /// Words that must all appear in the title, the text or the author (any case).
    pub text: Option<String>,
}

/// A record's reports list, as the list screen shows it; see [`ReportCache::list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportList<T> {
    pub matching: Vec<T>,
    /// Every hospital with reports in the record: (id, name), by name.
    pub hospitals: Vec<(String, String)>,
    /// The record's reports without filters.
    pub total: usize,
    pub new_count: usize,
    /// Unix seconds of the last sync, if any.
    pub last_synced: Option<i64>,
}

/// The cache of this device, open with the cache key.
pub struct ReportCache {
    store: Box<dyn ReportStore>,
    cache_key: SealingKey,
    open: HashMap<String, OpenRecord>,
    /// Records whose first sync started in this session: the ids and versions it stored
    /// so far, to become the baseline without reading them back (a first sync resumed
    /// after a restart reads them from the store).
    first_syncs: HashMap<String, HashMap<String, u32>>,
    /// Records with items discarded since their running sync began: its pages keep the
    /// cursor at the start, so the next sync fetches the discarded items again.
    refetch: HashSet<String>,
    /// The latest time the server gave, once read from the store.
    server_time: Option<i64>,
    /// Records closed since the app last asked, to tell the person once.
    closed: Vec<ClosedRecord>,
}

impl ReportCache {
    pub fn new(store: Box<dyn ReportStore>, cache_key: Zeroizing<[u8; 32]>) -> Self {
        Self {
            store,
            cache_key: SealingKey::new(&cache_key),
            open: HashMap::new(),
            first_syncs: HashMap::new(),
            refetch: HashSet::new(),
            server_time: None,
            closed: Vec::new(),
        }
    }

    /// The record's key: unsealed from the store, or made and stored for a new record.
    fn record_key(&self, record: &str) -> Result<SealingKey, CoreError> {
        if let Some(key) = self.stored_record_key(record)? {
            return Ok(key);
        }
        let (key, sealed) = self.new_record_key(record)?;
        self.store.put_record_key(record, &sealed).map_err(store_error)?;
        Ok(key)
    }

    fn stored_record_key(&self, record: &str) -> Result<Option<SealingKey>, CoreError> {
        let Some(sealed) = self.store.record_key(record).map_err(store_error)? else {
            return Ok(None);
        };
        let bytes = open(&self.cache_key, &record_key_aad(record), &sealed)
            .ok_or(CoreError::CacheDamaged)?;
        let key: Zeroizing<[u8; 32]> =
            Zeroizing::new(bytes.as_slice().try_into().map_err(|_| CoreError::CacheDamaged)?);
        Ok(Some(SealingKey::new(&key)))
    }

    /// A random key for a new record, and its sealed form to store.
    fn new_record_key(&self, record: &str) -> Result<(SealingKey, Vec<u8>), CoreError> {
        let key = random_key();
        let sealed = seal(&self.cache_key, &record_key_aad(record), key.as_ref())?;
        Ok((SealingKey::new(&key), sealed))
    }

    /// Runs `f` with the record's key: the open record's, or unsealed for this once, so a
    /// record nobody opened stays closed (syncing needs its key, not its reports). For a
    /// new record the key is made here and returned sealed, to be stored with what `f`
    /// sealed under it.
    fn with_key<T>(
        &self,
        record: &str,
        f: impl FnOnce(&SealingKey) -> Result<T, CoreError>,
    ) -> Result<(T, Option<Vec<u8>>), CoreError> {
        if let Some(open) = self.open.get(record) {
            return Ok((f(&open.key)?, None));
        }
        match self.stored_record_key(record)? {
            Some(key) => Ok((f(&key)?, None)),
            None => {
                let (key, sealed) = self.new_record_key(record)?;
                Ok((f(&key)?, Some(sealed)))
            }
        }
    }

    /// Decrypts the record into memory (once). Items that do not open are discarded and
    /// the record's cursor reset, so the next sync fetches them again.
    pub fn open_record(&mut self, record: &str) -> Result<(), CoreError> {
        if self.open.contains_key(record) {
            return Ok(());
        }
        let key = match self.record_key(record) {
            Ok(key) => key,
            // No key stored yet (so nothing of it either) and no room to store one: there
            // is nothing to show, and the list still opens (it says "not updated yet").
            Err(CoreError::StorageFull { .. }) => return Ok(()),
            Err(error) => return Err(error),
        };
        let mut items = self.store.items(record).map_err(store_error)?;
        // Decrypting and parsing is most of the cost of opening: spread it over the cores.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        let chunk = items.len().div_ceil(threads).max(256);
        let opened: Vec<Result<(ReportView, String), String>> = std::thread::scope(|scope| {
            let workers: Vec<_> = items
                .chunks_mut(chunk)
                .map(|items| {
                    let key = &key;
                    // Kept to discard this share if its worker panics (fetched again, not
                    // silently missing from the list).
                    let ids: Vec<String> = items.iter().map(|item| item.id.clone()).collect();
                    let worker = scope.spawn(move || {
                        items
                            .iter_mut()
                            .map(|item| open_item(key, record, item))
                            .collect::<Vec<_>>()
                    });
                    (ids, worker)
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|(ids, worker)| {
                    worker.join().unwrap_or_else(|_| {
                        tracing::error!(count = ids.len(), "a worker stopped opening a record");
                        ids.into_iter().map(Err).collect()
                    })
                })
                .collect()
        });
        let mut reports = Vec::with_capacity(opened.len());
        let mut discarded = Vec::new();
        for result in opened {
            match result {
                Ok(report) => reports.push(report),
                Err(id) => discarded.push(id),
            }
        }
        if !discarded.is_empty() {
            tracing::warn!(
                count = discarded.len(),
                "cached items did not open: discarded, fetched again"
            );
            self.store.discard(record, &discarded).map_err(store_error)?;
            self.refetch.insert(record.to_owned());
        }
        let seen = self
            .store
            .seen(record)
            .map_err(store_error)?
            .and_then(|sealed| open(&key, &seen_aad(record), &sealed))
            .and_then(|plain| serde_json::from_slice(&plain).ok());
        let mut open = OpenRecord {
            key,
            reports: Vec::new(),
            haystacks: Vec::new(),
            seen,
            new_this_visit: HashSet::new(),
        };
        open.set_reports(reports);
        self.open.insert(record.to_owned(), open);
        Ok(())
    }

    /// Every report of an open record, newest first.
    pub fn reports(&self, record: &str) -> &[ReportView] {
        self.open.get(record).map_or(&[], |open| open.reports.as_slice())
    }

    /// One report of an open record.
    pub fn report(&self, record: &str, id: &str) -> Option<&ReportView> {
        self.reports(record).iter().find(|r| r.id == id)
    }

    /// Whether a report arrived (or was amended) since the patient last saw the list.
    pub fn is_new(&self, record: &str, report: &ReportView) -> bool {
        let Some(open) = self.open.get(record) else { return false };
        let Some(seen) = &open.seen else { return false };
        open.new_this_visit.contains(&report.id) || seen.get(&report.id) != Some(&report.version)
    }

    /// Ids of an open record's reports that are new (see [`Self::is_new`]).
    pub fn new_ids(&self, record: &str) -> HashSet<String> {
        self.reports(record)
            .iter()
            .filter(|r| self.is_new(record, r))
            .map(|r| r.id.clone())
            .collect()
    }

    /// Records every report of an open record as seen (with the ones seen before). The ones
    /// that were new stay marked
    /// for the rest of this session. Before the record's baseline (set by the page that
    /// completes its first sync) there is nothing to mark: reports still arriving are not
    /// news.
    pub fn mark_seen(&mut self, record: &str) -> Result<(), CoreError> {
        self.open_record(record)?;
        let newly = self.new_ids(record);
        let Some(open) = self.open.get_mut(record) else { return Ok(()) };
        let Some(mut seen) = open.seen.clone() else { return Ok(()) };
        // Added to, never narrowed: a report that is away for a while (discarded as
        // damaged, then fetched again; hidden, then shown again) was still seen.
        seen.extend(open.reports.iter().map(|r| (r.id.clone(), r.version)));
        self.store.put_seen(record, &seal_seen(&open.key, record, &seen)?).map_err(store_error)?;
        open.seen = Some(seen);
        open.new_this_visit.extend(newly);
        Ok(())
    }

    /// The reports of an open record that match `query`, newest first.
    pub fn search(&self, record: &str, query: &ReportQuery) -> Vec<&ReportView> {
        let Some(open) = self.open.get(record) else { return Vec::new() };
        let words = query.text.as_deref().map(search_words).unwrap_or_default();
        open.reports
            .iter()
            .zip(&open.haystacks)
            .filter(|(r, _)| query.report_type.is_none_or(|t| r.report_type == t))
            .filter(|(r, _)| query.hospital_id.as_deref().is_none_or(|h| r.hospital_id == h))
            .filter(|(_, hay)| words.iter().all(|w| hay.contains(w.as_str())))
            .map(|(r, _)| r)
            .collect()
    }

    /// What the reports list shows, in one look at the record (opened if needed): the
    /// reports matching `query`, each passed through `summarize` (with whether it is new)
    /// so nothing is copied whole; the hospitals the filter can offer; counts and the last
    /// sync.
    pub fn list<T>(
        &mut self,
        record: &str,
        query: &ReportQuery,
        summarize: impl Fn(&ReportView, bool) -> T,
    ) -> Result<ReportList<T>, CoreError> {
        self.open_record(record)?;
        let new = self.new_ids(record);
        let all = self.reports(record);
        let mut hospitals: Vec<(String, String)> =
            all.iter().map(|r| (r.hospital_id.clone(), r.hospital_name.clone())).collect();
        hospitals.sort_by(|a, b| a.1.cmp(&b.1));
        hospitals.dedup();
        let matching = self
            .search(record, query)
            .into_iter()
            .map(|r| summarize(r, new.contains(&r.id)))
            .collect();
        Ok(ReportList {
            matching,
            hospitals,
            total: all.len(),
            new_count: new.len(),
            last_synced: self.last_synced(record)?,
        })
    }

    /// Where the record's sync stands.
    pub fn state(&self, record: &str) -> Result<Option<RecordState>, CoreError> {
        self.store.state(record).map_err(store_error)
    }

    /// Where a sync of `record` begins: the stored cursor ("" for everything). Items
    /// discarded from now on reset it again when the sync's pages are stored.
    pub fn begin_sync(&mut self, record: &str) -> Result<String, CoreError> {
        self.refetch.remove(record);
        // The record's key first, on its own (tens of bytes): opening the record never has
        // to write, also when its reports then fill the disk.
        if let Err(error) = self.record_key(record) {
            tracing::info!(%error, "a record's key is made with its first page instead");
        }
        Ok(self.state(record)?.map(|s| s.cursor).unwrap_or_default())
    }

    /// When `record` was last brought up to date (Unix seconds), if ever.
    pub fn last_synced(&self, record: &str) -> Result<Option<i64>, CoreError> {
        Ok(self.state(record)?.map(|s| s.synced_at).filter(|at| *at > 0))
    }

    /// Stores one sync page atomically, and updates the record in memory if it is open.
    /// Every report is checked (it parses, it belongs to this record) before anything is
    /// written.
    pub fn apply_sync<R: SyncedReport>(
        &mut self,
        page: &ReportSyncResponse<R>,
        synced_at: i64,
    ) -> Result<(), CoreError> {
        self.apply_sync_pages(std::slice::from_ref(page), synced_at)
    }

    /// Stores consecutive sync pages of one record in one transaction, as if each were
    /// applied in turn: the pages that arrived while the previous ones were written
    /// share one flush to the disk. Updates the record in memory if it is open. Every
    /// report is checked before anything is written.
    pub fn apply_sync_pages<R: SyncedReport>(
        &mut self,
        pages: &[ReportSyncResponse<R>],
        synced_at: i64,
    ) -> Result<(), CoreError> {
        let Some(last) = pages.last() else { return Ok(()) };
        let record = last.record_id.as_str();
        if pages.iter().any(|page| page.record_id != record) {
            return Err(CoreError::InvalidResponse);
        }
        // A record open in memory shows what arrives at once, so its reports are parsed
        // whole; any other only stores them, and a check that they parse is enough.
        let in_memory = self.open.contains_key(record);
        // What the pages change together, read from the end: the last word on a report
        // wins, and in a page an upsert wins over a removal (the store removes first).
        let (mut received, mut removals) = (Vec::new(), Vec::new());
        let mut settled = HashSet::new();
        for page in pages.iter().rev() {
            for item in page.upserts.iter().rev() {
                let report = Received::check(item, record, in_memory)?;
                if settled.insert(report.id.clone()) {
                    received.push(report);
                }
            }
            for id in &page.removals {
                if settled.insert(id.clone()) {
                    removals.push(id.clone());
                }
            }
        }
        drop(settled);
        // The page that completes a record's first sync sets its baseline: what that sync
        // brought counts as seen, so a new device does not flag the whole history as new.
        // Written in the page's own transaction.
        let stored = self.first_sync_with(record, last.more, &removals, &received)?;
        let (baseline, so_far) = if last.more { (None, stored) } else { (stored, None) };
        let ((upserts, sealed_seen), record_key) = self.with_key(record, |key| {
            let upserts = received
                .iter()
                .map(|r| {
                    let aad = item_aad(record, KIND_REPORT, &r.id, r.version);
                    Ok(StoredItem {
                        id: r.id.clone(),
                        version: r.version,
                        sealed: seal(key, &aad, &r.item.json())?,
                    })
                })
                .collect::<Result<Vec<_>, CoreError>>()?;
            let sealed_seen =
                baseline.as_ref().map(|seen| seal_seen(key, record, seen)).transpose()?;
            Ok((upserts, sealed_seen))
        })?;
        let batch = Batch {
            upserts,
            removals,
            // Items discarded during this sync are behind its cursor: stay at the start.
            cursor: if self.refetch.contains(record) { String::new() } else { last.cursor.clone() },
            // "Last updated" moves when the sync is complete, not with each page.
            synced_at: (!last.more).then_some(synced_at),
            record_key,
            seen: sealed_seen,
        };
        self.store.apply(record, &batch).map_err(|error| match error {
            // What the write needed, twice over (the WAL, then the file), and a margin:
            // enough to say how much to free.
            StoreError::Full => CoreError::StorageFull {
                needed_bytes: batch.upserts.iter().map(|i| i.sealed.len() as u64).sum::<u64>() * 2
                    + 1024 * 1024,
            },
            other => store_error(other),
        })?;
        if let Some(so_far) = so_far {
            self.first_syncs.insert(record.to_owned(), so_far);
        }
        if let Some(open) = self.open.get_mut(record) {
            if baseline.is_some() {
                open.seen = baseline;
            }
            let gone: HashSet<&str> = batch
                .removals
                .iter()
                .map(String::as_str)
                .chain(received.iter().map(|r| r.id.as_str()))
                .collect();
            let mut reports: Vec<(ReportView, String)> = open
                .reports
                .drain(..)
                .zip(open.haystacks.drain(..))
                .filter(|(r, _)| !gone.contains(r.id.as_str()))
                .collect();
            drop(gone);
            reports.extend(received.into_iter().filter_map(|r| r.report).map(|report| {
                let hay = haystack(&report);
                (report.into_owned(), hay)
            }));
            open.set_reports(reports);
        }
        Ok(())
    }

    /// For a record in its first sync, every report id and version stored once these
    /// changes are: from this session's earlier pages, or read from the store when the
    /// sync began in an earlier session (then only on the last page, the one without
    /// `more`). None when the record has a baseline.
    fn first_sync_with<R>(
        &mut self,
        record: &str,
        more: bool,
        removals: &[String],
        received: &[Received<'_, R>],
    ) -> Result<Option<HashMap<String, u32>>, CoreError> {
        let so_far = self.first_syncs.remove(record);
        if self.store.seen(record).map_err(store_error)?.is_some() {
            return Ok(None);
        }
        let first_page = self.store.record_key(record).map_err(store_error)?.is_none();
        let mut stored = match so_far {
            _ if first_page => HashMap::new(),
            Some(so_far) => so_far,
            None if more => return Ok(None),
            None => self.store.versions(record).map_err(store_error)?.into_iter().collect(),
        };
        for id in removals {
            stored.remove(id);
        }
        stored.extend(received.iter().map(|r| (r.id.clone(), r.version)));
        Ok(Some(stored))
    }

    /// Takes the server's list of the records the user may open: every other record is
    /// purged (key, reports, seen list) and the list is kept, sealed, in the same step, so
    /// a crash leaves the old list with its records or the new one without them. Returns
    /// the records purged.
    pub fn adopt_records(&mut self, records: &[RecordAccess]) -> Result<Vec<String>, CoreError> {
        let before = self.record_list()?;
        let purged = self.replace_records(records)?;
        let gone = before.into_iter().filter(|r| purged.contains(&r.record_id)).collect();
        self.note_unlisted(gone);
        Ok(purged)
    }

    /// Keeps `records` as the list and purges every other record, in one step.
    fn replace_records(&mut self, records: &[RecordAccess]) -> Result<Vec<String>, CoreError> {
        let keep: Vec<&str> = records.iter().map(|r| r.record_id.as_str()).collect();
        let sealed = self.seal_account_item(ACCOUNT_RECORDS, records)?;
        let purged =
            self.store.adopt_records(&keep, ACCOUNT_RECORDS, &sealed).map_err(store_error)?;
        for record in &purged {
            self.open.remove(record);
            self.first_syncs.remove(record);
            self.refetch.remove(record);
        }
        if !purged.is_empty() {
            tracing::info!(
                count = purged.len(),
                "records no longer allowed: purged from the device"
            );
        }
        Ok(purged)
    }

    /// The records the user may open, as last adopted (also without a connection).
    pub fn record_list(&self) -> Result<Vec<RecordAccess>, CoreError> {
        Ok(self.account_item(ACCOUNT_RECORDS)?.unwrap_or_default())
    }

    /// Keeps whose record this is, for a start without a connection.
    pub fn save_profile(&self, me: &MeResponse) -> Result<(), CoreError> {
        let sealed = self.seal_account_item(ACCOUNT_PROFILE, me)?;
        self.store.put_account_item(ACCOUNT_PROFILE, &sealed).map_err(store_error)
    }

    /// Whose record this is, as last seen online.
    pub fn profile(&self) -> Result<Option<MeResponse>, CoreError> {
        self.account_item(ACCOUNT_PROFILE)
    }

    fn seal_account_item<T: serde::Serialize + ?Sized>(
        &self,
        name: &str,
        value: &T,
    ) -> Result<Vec<u8>, CoreError> {
        let plain = Zeroizing::new(serde_json::to_vec(value).map_err(|_| CoreError::Encoding)?);
        seal(&self.cache_key, &account_aad(name), &plain)
    }

    /// None when there is none yet; a value that does not open is treated the same (it is
    /// written again at the next sync).
    fn account_item<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, CoreError> {
        let Some(sealed) = self.store.account_item(name).map_err(store_error)? else {
            return Ok(None);
        };
        Ok(open(&self.cache_key, &account_aad(name), &sealed)
            .and_then(|plain| serde_json::from_slice(&plain).ok()))
    }

    /// Records with data on this device.
    pub fn records(&self) -> Result<Vec<String>, CoreError> {
        self.store.records().map_err(store_error)
    }
}

fn store_error(error: StoreError) -> CoreError {
    if let StoreError::Full = error {
        // Without the size of a write to go by: the least that is worth freeing.
        return CoreError::StorageFull { needed_bytes: 1024 * 1024 };
    }
    tracing::warn!(%error, "cache store failed");
    CoreError::CacheDamaged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_folded_lowercase_without_accents() {
        for (text, folded) in [
            ("", ""),
            ("RX THORAX", "rx thorax"),
            ("Échographie du GENOU droit", "echographie du genou droit"),
            ("Patiënt KLACHTEN sinds Maart; ÇA VA", "patient klachten sinds maart; ca va"),
            ("Hémoglobine, bilan hépatique", "hemoglobine, bilan hepatique"),
            ("Ärztin ÀÉÎÕÜ ñ", "arztin aeiou n"),
            // Not accents: kept as they are, lowered.
            ("ß Ω Ǆ ﬁ 😀", "ß ω ǆ ﬁ 😀"),
        ] {
            let mut lowered = String::new();
            push_folded(&mut lowered, text);
            assert_eq!(lowered, folded, "{text}");
        }
        // Decomposed input (e + combining acute) folds the same as composed.
        let mut decomposed = String::new();
        push_folded(&mut decomposed, "he\u{301}patique");
        assert_eq!(decomposed, "hepatique");
        assert_eq!(search_words(" Échographie  GENOU "), ["echographie", "genou"]);
    }

    #[test]
    fn lab_test_names_are_searched() {
        let mut report = crate::cache::conformance::report(
            "an",
            "r1",
            "Bloedonderzoek",
            ReportType::LabResult,
            "2025-01-10",
        );
        report.lab_values[0].analyte = "Totaal cholesterol".into();
        let hay = haystack(&report);
        assert!(hay.contains("cholesterol"), "{hay}");
    }
}
