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
//!
//! The envelope of each kind of item is in `envelope`, the folding of search text in
//! `search`, closing records past their last day in `closing`, a record's appointments,
//! invoices and personal details (one sealed document per kind) in `documents`, a
//! record's lab values over time (from the open reports, through dossier-labs) in `labs`.

mod access_log;
mod closing;
mod documents;
mod envelope;
mod item_log;
mod labs;
mod memory;
mod outbox;
mod search;
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
    reports::{RecordAccess, ReportKey, ReportSyncResponse, ReportType, ReportView},
};
use zeroize::Zeroizing;

pub use access_log::{AccessKind, AccessLogList, AccessLogQuery};
pub use closing::{ClosedReason, ClosedRecord};
pub use documents::{DocumentKind, HeldDocument};
pub use memory::MemoryStore;
pub use sqlite::SqliteStore;
pub use store::{Batch, RecordState, ReportStore, StoreError, StoredDocument, StoredItem};

use crate::{aead::SealingKey, device::random_key, error::CoreError};

/// The account's own sealed items: the records it may open, whose record it is.
const ACCOUNT_RECORDS: &str = "records";
const ACCOUNT_PROFILE: &str = "profile";
/// The latest time the server gave (Unix seconds): the device's clock is never trusted to
/// be earlier.
const ACCOUNT_SERVER_TIME: &str = "server-time";

/// What this session holds of one record beyond the store. A record has one only once it
/// was opened or synced here; purging the record drops it whole.
#[derive(Default)]
struct RecordSession {
    /// Decrypted in memory once opened.
    open: Option<OpenRecord>,
    /// For a first sync started in this session: the ids and versions it stored so far,
    /// to become the baseline without reading them back (a first sync resumed after a
    /// restart reads them from the store).
    first_sync: Option<HashMap<String, u32>>,
    /// Items were discarded since the running sync began: its pages keep the cursor at
    /// the start, so the next sync fetches the discarded items again.
    refetch: bool,
    /// The record's access log, decrypted in memory once opened.
    access_log: Option<access_log::OpenLog>,
}

/// A report of an open record with its folded search text (see [`search::haystack`]),
/// made once when it is opened or arrives, not at every search.
struct IndexedReport {
    report: ReportView,
    haystack: String,
}

impl IndexedReport {
    fn new(report: ReportView) -> Self {
        let haystack = search::haystack(&report);
        Self { report, haystack }
    }
}

/// A record opened in memory: its key and its reports, newest first.
struct OpenRecord {
    key: SealingKey,
    reports: Vec<IndexedReport>,
    /// Report id -> version the patient has seen listed; None before the first baseline.
    seen: Option<HashMap<String, u32>>,
    /// Reports that were new when the list was opened in this session: they stay marked
    /// until the app closes, so the marker does not vanish the moment it is seen.
    new_this_visit: HashSet<String>,
}

impl OpenRecord {
    /// Puts the reports newest first (then by id, for a stable order on one day).
    fn sort_reports(&mut self) {
        self.reports.sort_by(|a, b| {
            let (a, b) = (&a.report, &b.report);
            b.performed_on.cmp(&a.performed_on).then_with(|| b.id.cmp(&a.id))
        });
    }
}

/// One stored item opened (its buffer wiped) with its search text, or its id when it does
/// not open (tampered, moved, or sealed with another key).
fn open_item(
    key: &SealingKey,
    record: &str,
    item: &mut StoredItem,
) -> Result<IndexedReport, String> {
    envelope::open_report(key, record, item).map(IndexedReport::new).ok_or_else(|| item.id.clone())
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
    /// Borrowed from the page where it can be (no copy per report until it is stored).
    id: Cow<'p, str>,
    version: u32,
    /// Parsed whole for a record open in memory.
    report: Option<Cow<'p, ReportView>>,
    item: &'p R,
}

impl<'p, R: SyncedReport> Received<'p, R> {
    fn check(item: &'p R, record: &str, parse: bool) -> Result<Self, CoreError> {
        let report =
            if parse { Some(item.report().ok_or(CoreError::InvalidResponse)?) } else { None };
        let (id, version) = match &report {
            Some(report) if report.record_id == record => {
                (Cow::Owned(report.id.clone()), report.version)
            }
            Some(_) => return Err(CoreError::InvalidResponse),
            None => match item.key().ok_or(CoreError::InvalidResponse)? {
                key if key.record_id == record => (key.id, key.version),
                _ => return Err(CoreError::InvalidResponse),
            },
        };
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
    /// By record id.
    sessions: HashMap<String, RecordSession>,
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
            sessions: HashMap::new(),
            server_time: None,
            closed: Vec::new(),
        }
    }

    /// The record, if it is open in memory.
    fn opened(&self, record: &str) -> Option<&OpenRecord> {
        self.sessions.get(record)?.open.as_ref()
    }

    fn opened_mut(&mut self, record: &str) -> Option<&mut OpenRecord> {
        self.sessions.get_mut(record)?.open.as_mut()
    }

    /// The record's session, made empty the first time.
    fn session(&mut self, record: &str) -> &mut RecordSession {
        self.sessions.entry(record.to_owned()).or_default()
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
        envelope::open_record_key(&self.cache_key, record, &sealed).map(Some)
    }

    /// A random key for a new record, and its sealed form to store.
    fn new_record_key(&self, record: &str) -> Result<(SealingKey, Vec<u8>), CoreError> {
        let key = random_key();
        let sealed = envelope::seal_record_key(&self.cache_key, record, key.as_ref())?;
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
        if let Some(open) = self.opened(record) {
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
        if self.opened(record).is_some() {
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
        let opened: Vec<Result<IndexedReport, String>> = std::thread::scope(|scope| {
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
            self.session(record).refetch = true;
        }
        let seen = self
            .store
            .seen(record)
            .map_err(store_error)?
            .and_then(|sealed| envelope::open_seen(&key, record, &sealed));
        let mut open = OpenRecord { key, reports, seen, new_this_visit: HashSet::new() };
        open.sort_reports();
        self.session(record).open = Some(open);
        Ok(())
    }

    /// Every report of an open record, newest first. An iterator, not a slice: each report
    /// is kept beside its search text.
    pub fn reports<'a>(
        &'a self,
        record: &str,
    ) -> impl ExactSizeIterator<Item = &'a ReportView> + Clone + use<'a> {
        let reports = self.opened(record).map_or(&[][..], |open| open.reports.as_slice());
        reports.iter().map(|r| &r.report)
    }

    /// One report of an open record.
    pub fn report(&self, record: &str, id: &str) -> Option<&ReportView> {
        self.reports(record).find(|r| r.id == id)
    }

    /// Whether a report arrived (or was amended) since the patient last saw the list.
    pub fn is_new(&self, record: &str, report: &ReportView) -> bool {
        let Some(open) = self.opened(record) else { return false };
        let Some(seen) = &open.seen else { return false };
        open.new_this_visit.contains(&report.id) || seen.get(&report.id) != Some(&report.version)
    }

    /// Ids of an open record's reports that are new (see [`Self::is_new`]).
    pub fn new_ids(&self, record: &str) -> HashSet<String> {
        self.reports(record).filter(|r| self.is_new(record, r)).map(|r| r.id.clone()).collect()
    }

    /// Records every report of an open record as seen (with the ones seen before). The ones
    /// that were new stay marked
    /// for the rest of this session. Before the record's baseline (set by the page that
    /// completes its first sync) there is nothing to mark: reports still arriving are not
    /// news.
    pub fn mark_seen(&mut self, record: &str) -> Result<(), CoreError> {
        self.open_record(record)?;
        let newly = self.new_ids(record);
        // The field, not `opened_mut`: the store is written while the record is held.
        let Some(open) = self.sessions.get_mut(record).and_then(|s| s.open.as_mut()) else {
            return Ok(());
        };
        let Some(mut seen) = open.seen.clone() else { return Ok(()) };
        // Added to, never narrowed: a report that is away for a while (discarded as
        // damaged, then fetched again; hidden, then shown again) was still seen.
        seen.extend(open.reports.iter().map(|r| (r.report.id.clone(), r.report.version)));
        let sealed = envelope::seal_seen(&open.key, record, &seen)?;
        self.store.put_seen(record, &sealed).map_err(store_error)?;
        open.seen = Some(seen);
        open.new_this_visit.extend(newly);
        Ok(())
    }

    /// The reports of an open record that match `query`, newest first.
    pub fn search(&self, record: &str, query: &ReportQuery) -> Vec<&ReportView> {
        let Some(open) = self.opened(record) else { return Vec::new() };
        let words = query.text.as_deref().map(search::search_words).unwrap_or_default();
        open.reports
            .iter()
            .filter(|r| query.report_type.is_none_or(|t| r.report.report_type == t))
            .filter(|r| query.hospital_id.as_deref().is_none_or(|h| r.report.hospital_id == h))
            .filter(|r| words.iter().all(|w| r.haystack.contains(w.as_str())))
            .map(|r| &r.report)
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
        let total = all.len();
        let mut hospitals: Vec<(String, String)> =
            all.map(|r| (r.hospital_id.clone(), r.hospital_name.clone())).collect();
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
            total,
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
        if let Some(session) = self.sessions.get_mut(record) {
            session.refetch = false;
        }
        // The record's key first, on its own (tens of bytes), unless it came with the list
        // (as a record new to the device does): opening the record never has to write,
        // also when its reports then fill the disk.
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
        let in_memory = self.opened(record).is_some();
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
                if settled.insert(Cow::Borrowed(id.as_str())) {
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
                    let sealed =
                        envelope::seal_report(key, record, &r.id, r.version, &r.item.json())?;
                    Ok(StoredItem { id: r.id.to_string(), version: r.version, sealed })
                })
                .collect::<Result<Vec<_>, CoreError>>()?;
            let sealed_seen =
                baseline.as_ref().map(|seen| envelope::seal_seen(key, record, seen)).transpose()?;
            Ok((upserts, sealed_seen))
        })?;
        let batch = Batch {
            upserts,
            removals,
            // Items discarded during this sync are behind its cursor: stay at the start.
            cursor: if self.sessions.get(record).is_some_and(|s| s.refetch) {
                String::new()
            } else {
                last.cursor.clone()
            },
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
            self.session(record).first_sync = Some(so_far);
        }
        if let Some(open) = self.opened_mut(record) {
            if baseline.is_some() {
                open.seen = baseline;
            }
            let gone: HashSet<&str> = batch
                .removals
                .iter()
                .map(String::as_str)
                .chain(received.iter().map(|r| r.id.as_ref()))
                .collect();
            open.reports.retain(|r| !gone.contains(r.report.id.as_str()));
            drop(gone);
            let arrived = received.into_iter().filter_map(|r| r.report);
            open.reports.extend(arrived.map(|report| IndexedReport::new(report.into_owned())));
            open.sort_reports();
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
        let so_far = self.sessions.get_mut(record).and_then(|s| s.first_sync.take());
        if self.store.seen(record).map_err(store_error)?.is_some() {
            return Ok(None);
        }
        // No page stored yet (the record's key may be, made when the sync began).
        let first_page = self.store.state(record).map_err(store_error)?.is_none();
        let mut stored = match so_far {
            _ if first_page => HashMap::new(),
            Some(so_far) => so_far,
            None if more => return Ok(None),
            None => self.store.versions(record).map_err(store_error)?.into_iter().collect(),
        };
        for id in removals {
            stored.remove(id);
        }
        stored.extend(received.iter().map(|r| (r.id.to_string(), r.version)));
        Ok(Some(stored))
    }

    /// Takes the server's list of the records the user may open: every other record is
    /// purged (key, reports, seen list) and the list is kept, sealed, with a key for each
    /// record new to the device, in the same step, so a crash leaves the old list with its
    /// records or the new one without them. Returns the records purged.
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
        // A record new to the device gets its key with the list (tens of bytes each): its
        // first sync then begins without a write (a commit and a flush) of its own.
        let mut new_keys = Vec::new();
        for record in &keep {
            if self.store.record_key(record).map_err(store_error)?.is_none() {
                new_keys.push((*record, self.new_record_key(record)?.1));
            }
        }
        let new_keys: Vec<(&str, &[u8])> =
            new_keys.iter().map(|(record, key)| (*record, key.as_slice())).collect();
        let purged = self
            .store
            .adopt_records(&keep, ACCOUNT_RECORDS, &sealed, &new_keys)
            .map_err(store_error)?;
        for record in &purged {
            self.sessions.remove(record);
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
        envelope::seal_account_item(&self.cache_key, name, value)
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
        Ok(envelope::open_account_item(&self.cache_key, name, &sealed))
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
