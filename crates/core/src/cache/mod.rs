//! The encrypted offline cache of reports, one record (person) at a time.
//!
//! Every cached item, listing fields included, is sealed with XChaCha20-Poly1305 under its
//! record's own random key, with a version byte and associated data naming the record, the
//! kind, the id and the version: an item cannot be moved to another record or replayed as
//! another version. Record keys are sealed with the device's cache key (the PIN opens it),
//! so deleting one record's key destroys that record's data. Storage is behind
//! [`ReportStore`]: SQLite on the device, memory in tests; both pass the same conformance
//! suite. Opening a record decrypts it once into memory, so listing, filtering and search
//! run without touching the disk; an item that does not open (tampered, damaged) is
//! discarded and the record is fetched again from the start.

mod memory;
mod sqlite;
mod store;

#[cfg(test)]
mod conformance;

use std::collections::{HashMap, HashSet};

use dossier_api::reports::{ReportSyncResponse, ReportType, ReportView};
use zeroize::Zeroizing;

pub use memory::MemoryStore;
pub use sqlite::SqliteStore;
pub use store::{Batch, RecordState, ReportStore, StoreError, StoredItem};

use crate::{device::random_key, error::CoreError};

const ITEM_VERSION: u8 = 1;
const KIND_REPORT: &str = "report";
const KIND_SEEN: &str = "seen";

/// Seals `plaintext` as `[version][nonce][ciphertext]`.
fn seal(key: &[u8; 32], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, CoreError> {
    let (nonce, ciphertext) =
        crate::aead::encrypt(key, aad, plaintext).ok_or(CoreError::CacheDamaged)?;
    let mut sealed = Vec::with_capacity(1 + nonce.len() + ciphertext.len());
    sealed.push(ITEM_VERSION);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

/// None when the key is wrong, the data changed, or the version is unknown.
fn open(key: &[u8; 32], aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use crate::aead::{NONCE_LEN, TAG_LEN};
    if sealed.len() < 1 + NONCE_LEN + TAG_LEN || sealed[0] != ITEM_VERSION {
        return None;
    }
    let (nonce, ciphertext) = sealed[1..].split_at(NONCE_LEN);
    crate::aead::decrypt(key, aad, nonce.try_into().ok()?, ciphertext)
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
    key: Zeroizing<[u8; 32]>,
    reports: Vec<ReportView>,
    haystacks: Vec<String>,
    /// Report id -> version the patient has seen listed; None before the first baseline.
    seen: Option<HashMap<String, u32>>,
    /// Reports that were new when the list was opened in this session: they stay marked
    /// until the app closes, so the marker does not vanish the moment it is seen.
    new_this_visit: HashSet<String>,
}

impl OpenRecord {
    fn sort(&mut self) {
        let mut pairs: Vec<(ReportView, String)> =
            self.reports.drain(..).zip(self.haystacks.drain(..)).collect();
        pairs.sort_by(|a, b| {
            b.0.performed_on.cmp(&a.0.performed_on).then_with(|| b.0.id.cmp(&a.0.id))
        });
        (self.reports, self.haystacks) = pairs.into_iter().unzip();
    }
}

/// One stored item opened: the report and its search text, or its id when it does not
/// open (tampered, moved, or sealed with another key).
fn open_item(
    key: &[u8; 32],
    record: &str,
    item: &StoredItem,
) -> Result<(ReportView, String), String> {
    let aad = item_aad(record, KIND_REPORT, &item.id, item.version);
    open(key, &aad, &item.sealed)
        .and_then(|plain| serde_json::from_slice::<ReportView>(&plain).ok())
        .filter(|r| r.id == item.id && r.record_id == record)
        .map(|r| {
            let hay = haystack(&r);
            (r, hay)
        })
        .ok_or_else(|| item.id.clone())
}

fn haystack(report: &ReportView) -> String {
    format!("{}\n{}\n{}", report.title, report.body, report.author).to_lowercase()
}

/// What to list: all of a record's reports, or those of a type, a hospital, a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    pub report_type: Option<ReportType>,
    pub hospital_id: Option<String>,
    /// Words that must all appear in the title, the text or the author (any case).
    pub text: Option<String>,
}

/// The cache of this device, open with the cache key.
pub struct ReportCache {
    store: Box<dyn ReportStore>,
    cache_key: Zeroizing<[u8; 32]>,
    open: HashMap<String, OpenRecord>,
}

impl ReportCache {
    pub fn new(store: Box<dyn ReportStore>, cache_key: Zeroizing<[u8; 32]>) -> Self {
        Self { store, cache_key, open: HashMap::new() }
    }

    /// The record's key: unsealed from the store, or made and stored for a new record.
    fn record_key(&self, record: &str) -> Result<Zeroizing<[u8; 32]>, CoreError> {
        let aad = record_key_aad(record);
        if let Some(sealed) = self.store.record_key(record).map_err(store_error)? {
            let bytes = open(&self.cache_key, &aad, &sealed).ok_or(CoreError::CacheDamaged)?;
            let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| CoreError::CacheDamaged)?;
            return Ok(Zeroizing::new(key));
        }
        let key = random_key();
        self.store
            .put_record_key(record, &seal(&self.cache_key, &aad, key.as_ref())?)
            .map_err(store_error)?;
        Ok(key)
    }

    /// Decrypts the record into memory (once). Items that do not open are discarded and
    /// the record's cursor reset, so the next sync fetches them again.
    pub fn open_record(&mut self, record: &str) -> Result<(), CoreError> {
        if self.open.contains_key(record) {
            return Ok(());
        }
        let key = self.record_key(record)?;
        let items = self.store.items(record).map_err(store_error)?;
        // Decrypting and parsing is most of the cost of opening: spread it over the cores.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        let chunk = items.len().div_ceil(threads).max(256);
        let opened: Vec<Result<(ReportView, String), String>> = std::thread::scope(|scope| {
            let workers: Vec<_> = items
                .chunks(chunk)
                .map(|items| {
                    let key = &key;
                    scope.spawn(move || {
                        items.iter().map(|item| open_item(key, record, item)).collect::<Vec<_>>()
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
        });
        let mut reports = Vec::with_capacity(opened.len());
        let mut haystacks = Vec::with_capacity(opened.len());
        let mut discarded = Vec::new();
        for result in opened {
            match result {
                Ok((report, haystack)) => {
                    reports.push(report);
                    haystacks.push(haystack);
                }
                Err(id) => discarded.push(id),
            }
        }
        if !discarded.is_empty() {
            tracing::warn!(
                count = discarded.len(),
                "cached items did not open: discarded, fetched again"
            );
            self.store.discard(record, &discarded).map_err(store_error)?;
        }
        let seen = self
            .store
            .seen(record)
            .map_err(store_error)?
            .and_then(|sealed| open(&key, &item_aad(record, KIND_SEEN, "", 0), &sealed))
            .and_then(|plain| serde_json::from_slice(&plain).ok());
        let mut open =
            OpenRecord { key, reports, haystacks, seen, new_this_visit: Default::default() };
        open.sort();
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

    /// Records every report of an open record as seen. The ones that were new stay marked
    /// for the rest of this session. Before the record's baseline (its first complete
    /// sync) there is nothing to mark: reports still arriving are not news.
    pub fn mark_seen(&mut self, record: &str) -> Result<(), CoreError> {
        self.open_record(record)?;
        if self.open.get(record).is_some_and(|open| open.seen.is_none()) {
            return Ok(());
        }
        let newly = self.new_ids(record);
        self.store_seen(record)?;
        if let Some(open) = self.open.get_mut(record) {
            open.new_this_visit.extend(newly);
        }
        Ok(())
    }

    /// After a record's first complete sync: everything it brought counts as seen, so a
    /// new device does not flag the whole history as new.
    pub fn set_baseline(&mut self, record: &str) -> Result<(), CoreError> {
        self.open_record(record)?;
        self.store_seen(record)
    }

    /// Seals and stores the open record's reports as the seen list.
    fn store_seen(&mut self, record: &str) -> Result<(), CoreError> {
        let open = self.open.get_mut(record).ok_or(CoreError::CacheDamaged)?;
        let seen: HashMap<String, u32> =
            open.reports.iter().map(|r| (r.id.clone(), r.version)).collect();
        let plain = Zeroizing::new(serde_json::to_vec(&seen).map_err(|_| CoreError::CacheDamaged)?);
        let sealed = seal(&open.key, &item_aad(record, KIND_SEEN, "", 0), &plain)?;
        self.store.put_seen(record, &sealed).map_err(store_error)?;
        open.seen = Some(seen);
        Ok(())
    }

    /// The reports of an open record that match `query`, newest first.
    pub fn search(&self, record: &str, query: &ReportQuery) -> Vec<&ReportView> {
        let Some(open) = self.open.get(record) else { return Vec::new() };
        let words: Vec<String> = query
            .text
            .as_deref()
            .map(|t| t.to_lowercase().split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        open.reports
            .iter()
            .zip(&open.haystacks)
            .filter(|(r, _)| query.report_type.is_none_or(|t| r.report_type == t))
            .filter(|(r, _)| query.hospital_id.as_deref().is_none_or(|h| r.hospital_id == h))
            .filter(|(_, hay)| words.iter().all(|w| hay.contains(w.as_str())))
            .map(|(r, _)| r)
            .collect()
    }

    /// Where the record's sync stands.
    pub fn state(&self, record: &str) -> Result<Option<RecordState>, CoreError> {
        self.store.state(record).map_err(store_error)
    }

    /// Stores one sync page atomically, and updates the record in memory if it is open.
    pub fn apply_sync(
        &mut self,
        page: &ReportSyncResponse,
        synced_at: i64,
    ) -> Result<(), CoreError> {
        let record = page.record_id.as_str();
        // A record nobody opened stays closed: syncing needs its key, not its reports.
        let unopened_key;
        let key: &[u8; 32] = match self.open.get(record) {
            Some(open) => &open.key,
            None => {
                unopened_key = self.record_key(record)?;
                &unopened_key
            }
        };
        let mut upserts = Vec::with_capacity(page.upserts.len());
        for report in &page.upserts {
            if report.record_id != record {
                return Err(CoreError::InvalidResponse);
            }
            let plain =
                Zeroizing::new(serde_json::to_vec(report).map_err(|_| CoreError::InvalidResponse)?);
            let aad = item_aad(record, KIND_REPORT, &report.id, report.version);
            upserts.push(StoredItem {
                id: report.id.clone(),
                version: report.version,
                sealed: seal(key, &aad, &plain)?,
            });
        }
        let batch = Batch {
            upserts,
            removals: page.removals.clone(),
            cursor: page.cursor.clone(),
            synced_at,
        };
        self.store.apply(record, &batch).map_err(store_error)?;
        if let Some(open) = self.open.get_mut(record) {
            let gone: HashSet<&str> = page
                .removals
                .iter()
                .map(String::as_str)
                .chain(page.upserts.iter().map(|r| r.id.as_str()))
                .collect();
            let kept: Vec<(ReportView, String)> = open
                .reports
                .drain(..)
                .zip(open.haystacks.drain(..))
                .filter(|(r, _)| !gone.contains(r.id.as_str()))
                .collect();
            (open.reports, open.haystacks) = kept.into_iter().unzip();
            for report in &page.upserts {
                open.haystacks.push(haystack(report));
                open.reports.push(report.clone());
            }
            open.sort();
        }
        Ok(())
    }

    /// Deletes every record not in `keep` (the server no longer lists it). Returns them.
    pub fn purge_except(&mut self, keep: &[&str]) -> Result<Vec<String>, CoreError> {
        let mut purged = Vec::new();
        for record in self.store.records().map_err(store_error)? {
            if !keep.contains(&record.as_str()) {
                self.store.delete_record(&record).map_err(store_error)?;
                self.open.remove(&record);
                purged.push(record);
            }
        }
        if !purged.is_empty() {
            tracing::info!(
                count = purged.len(),
                "records no longer allowed: purged from the device"
            );
        }
        Ok(purged)
    }

    /// Records with data on this device.
    pub fn records(&self) -> Result<Vec<String>, CoreError> {
        self.store.records().map_err(store_error)
    }
}

fn store_error(error: StoreError) -> CoreError {
    tracing::warn!(%error, "cache store failed");
    CoreError::CacheDamaged
}
