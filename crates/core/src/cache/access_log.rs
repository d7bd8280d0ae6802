//! A record's access log on the device: who opened the record (or tried to, or changed who
//! may), as the server logged it, kept for reading offline.
//!
//! The log is append-only on the server, so the device only ever adds to it: each page the
//! server sends (entries after the last `seq` held here) is sealed as one chunk under the
//! record's key (its own item kind in the envelope, a random chunk id in clear) and stored
//! with the time of that sync in one step. Each entry is kept as its `seq`, time and kind
//! beside its JSON: opening the log decrypts every chunk once into memory and reads only
//! those (with the Brussels day of the time), so filtering by period and kind never touches
//! the disk, and only the entries shown are parsed whole (parsing all 10,000 of a long log
//! took 40 ms, more than opening and filtering may). A chunk that does not open discards the whole log here: the
//! next sync fetches it again from the start. The log goes with its record when the record
//! is purged (its key, its chunks and its sync time).

use chrono::NaiveDate;
use dossier_api::care_access::{AccessEvent, AccessGround, AccessLogEntry, AccessLogPage};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{ReportCache, StoredItem, envelope, store_error};
use crate::{aead::SealingKey, clock::brussels_date, error::CoreError};

/// What kind of entry, as the patient filters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    /// Opened on a therapeutic relationship (a care team).
    CareTeam,
    GeneralPractitioner,
    Referrer,
    /// Opened without a known relationship (break-the-glass) or on an exclusion overridden
    /// for continuity of care: both carry the provider's written justification.
    BreakTheGlass,
    /// A parent, trusted person or representative, from the app.
    LinkedPerson,
    /// Someone with a code the patient made for a radiology study.
    ShareCode,
    /// An opening the access rule refused.
    Refused,
    /// A change under "Access" (an objection, a consent withdrawn, an exclusion stopped).
    Change,
}

impl AccessKind {
    pub const ALL: [Self; 8] = [
        Self::CareTeam,
        Self::GeneralPractitioner,
        Self::Referrer,
        Self::BreakTheGlass,
        Self::LinkedPerson,
        Self::ShareCode,
        Self::Refused,
        Self::Change,
    ];

    pub fn of(entry: &AccessLogEntry) -> Self {
        match &entry.event {
            AccessEvent::Opened { ground, .. } => match ground {
                AccessGround::CareRelationship => Self::CareTeam,
                AccessGround::GeneralPractitioner => Self::GeneralPractitioner,
                AccessGround::ReferrerConsent => Self::Referrer,
                AccessGround::BreakTheGlass | AccessGround::ExclusionOverride => {
                    Self::BreakTheGlass
                }
                AccessGround::LinkedPerson => Self::LinkedPerson,
                AccessGround::ShareCode => Self::ShareCode,
            },
            AccessEvent::Refused { .. } => Self::Refused,
            AccessEvent::Changed { .. } => Self::Change,
        }
    }
}

/// Which entries to show: a period (Brussels days, both ends included) and kinds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessLogQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Empty: every kind.
    pub kinds: Vec<AccessKind>,
    /// At most this many entries (the newest); None: all.
    pub limit: Option<usize>,
}

impl AccessLogQuery {
    fn matches(&self, entry: &IndexedEntry) -> bool {
        self.from.is_none_or(|from| entry.day >= from)
            && self.to.is_none_or(|to| entry.day <= to)
            && (self.kinds.is_empty() || self.kinds.contains(&entry.kind))
    }
}

/// What "Who looked at my record" shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLogList {
    /// Newest first, at most the query's limit.
    pub entries: Vec<AccessLogEntry>,
    /// How many entries match the query (beyond the limit too).
    pub matching: usize,
    /// How many entries the log holds here.
    pub total: usize,
    /// Unix seconds of the log's last sync; None: never synced on this device.
    pub last_synced: Option<i64>,
}

/// An entry as sealed in a chunk: what filtering needs, and the entry as the server sent it.
#[derive(Serialize, Deserialize)]
struct StoredEntry {
    seq: i64,
    at: i64,
    kind: AccessKind,
    entry: Box<RawValue>,
}

impl StoredEntry {
    fn of(entry: &AccessLogEntry) -> Result<Self, CoreError> {
        let json = serde_json::to_string(entry).map_err(|_| CoreError::Encoding)?;
        Ok(Self {
            seq: entry.seq,
            at: entry.at,
            kind: AccessKind::of(entry),
            entry: RawValue::from_string(json).map_err(|_| CoreError::Encoding)?,
        })
    }
}

/// An entry with what filtering needs, worked out once when the log opens or grows.
struct IndexedEntry {
    seq: i64,
    day: NaiveDate,
    kind: AccessKind,
    /// Parsed when shown.
    entry: Box<RawValue>,
}

impl IndexedEntry {
    fn new(stored: StoredEntry) -> Self {
        let StoredEntry { seq, at, kind, entry } = stored;
        Self { seq, day: brussels_date(at), kind, entry }
    }

    fn entry(&self) -> Option<AccessLogEntry> {
        serde_json::from_str(self.entry.get()).ok()
    }
}

/// A record's log open in memory, oldest first (by `seq`).
#[derive(Default)]
pub(super) struct OpenLog {
    entries: Vec<IndexedEntry>,
}

impl OpenLog {
    fn last_seq(&self) -> Option<i64> {
        self.entries.last().map(|e| e.seq)
    }
}

impl ReportCache {
    /// Decrypts the record's access log into memory (once).
    pub fn open_access_log(&mut self, record: &str) -> Result<(), CoreError> {
        if self.sessions.get(record).is_some_and(|s| s.access_log.is_some()) {
            return Ok(());
        }
        let log = match self.opened(record) {
            Some(open) => self.read_log(record, &open.key)?,
            None => match self.stored_record_key(record)? {
                Some(key) => self.read_log(record, &key)?,
                // No key: nothing of this record is stored yet, so no log either.
                None => OpenLog::default(),
            },
        };
        self.session(record).access_log = Some(log);
        Ok(())
    }

    /// Every chunk opened, on up to 8 threads (parsing is most of the cost); one that does
    /// not open discards the log.
    fn read_log(&self, record: &str, key: &SealingKey) -> Result<OpenLog, CoreError> {
        let mut chunks = self.store.log_chunks(record).map_err(store_error)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        let per_thread = chunks.len().div_ceil(threads).max(1);
        let opened: Option<Vec<Vec<Vec<StoredEntry>>>> = std::thread::scope(|scope| {
            let workers: Vec<_> = chunks
                .chunks_mut(per_thread)
                .map(|chunks| {
                    scope.spawn(move || {
                        chunks
                            .iter_mut()
                            .map(|chunk| envelope::open_log_chunk(key, record, chunk))
                            .collect::<Option<Vec<_>>>()
                    })
                })
                .collect();
            workers.into_iter().map(|worker| worker.join().ok().flatten()).collect()
        });
        let Some(opened) = opened else {
            tracing::warn!("a chunk of an access log did not open: discarded, fetched again");
            self.store.discard_log(record).map_err(store_error)?;
            return Ok(OpenLog::default());
        };
        let mut entries: Vec<IndexedEntry> =
            opened.into_iter().flatten().flatten().map(IndexedEntry::new).collect();
        entries.sort_unstable_by_key(|e| e.seq);
        entries.dedup_by_key(|e| e.seq);
        Ok(OpenLog { entries })
    }

    /// The `seq` of the newest entry held here, to sync from; None: none yet.
    pub fn last_access_seq(&mut self, record: &str) -> Result<Option<i64>, CoreError> {
        self.open_access_log(record)?;
        Ok(self
            .sessions
            .get(record)
            .and_then(|s| s.access_log.as_ref())
            .and_then(OpenLog::last_seq))
    }

    /// Stores a page of the log (the entries after the last one held; any others are
    /// dropped) sealed as one chunk, with `now` as the log's sync time, and adds them to
    /// the open log.
    pub fn apply_access_log_page(
        &mut self,
        page: &AccessLogPage,
        now: i64,
    ) -> Result<(), CoreError> {
        let record = page.record_id.as_str();
        let last = self.last_access_seq(record)?;
        let mut fresh: Vec<&AccessLogEntry> =
            page.entries.iter().filter(|e| last.is_none_or(|last| e.seq > last)).collect();
        fresh.sort_unstable_by_key(|e| e.seq);
        fresh.dedup_by_key(|e| e.seq);
        let fresh = fresh.into_iter().map(StoredEntry::of).collect::<Result<Vec<_>, _>>()?;
        let chunk_id = random_chunk_id();
        let (sealed, record_key) = self.with_key(record, |key| {
            if fresh.is_empty() {
                return Ok(None);
            }
            envelope::seal_log_chunk(key, record, &chunk_id, &fresh).map(Some)
        })?;
        let chunk = sealed.map(|sealed| StoredItem { id: chunk_id, version: 0, sealed });
        self.store
            .append_log(record, chunk.as_ref(), now, record_key.as_deref())
            .map_err(store_error)?;
        if let Some(log) = self.sessions.get_mut(record).and_then(|s| s.access_log.as_mut()) {
            log.entries.extend(fresh.into_iter().map(IndexedEntry::new));
        }
        Ok(())
    }

    /// The record's log entries matching `query`, newest first (opening the log once).
    pub fn access_log(
        &mut self,
        record: &str,
        query: &AccessLogQuery,
    ) -> Result<AccessLogList, CoreError> {
        self.open_access_log(record)?;
        let last_synced = self.store.log_synced_at(record).map_err(store_error)?;
        let log = self.sessions.get(record).and_then(|s| s.access_log.as_ref());
        let all = log.map_or(&[][..], |log| log.entries.as_slice());
        let limit = query.limit.unwrap_or(usize::MAX);
        let mut entries = Vec::new();
        let mut matching = 0;
        for indexed in all.iter().rev().filter(|e| query.matches(e)) {
            if matching < limit {
                // Sealed and authenticated, so it parses; were it not, it is left out.
                entries.extend(indexed.entry());
            }
            matching += 1;
        }
        Ok(AccessLogList { entries, matching, total: all.len(), last_synced })
    }

    /// Unix seconds of the record's log's last sync, if ever.
    pub fn access_log_synced(&self, record: &str) -> Result<Option<i64>, CoreError> {
        self.store.log_synced_at(record).map_err(store_error)
    }
}

/// 128 random bits: a chunk's id says nothing of what it holds.
fn random_chunk_id() -> String {
    let bytes: [u8; 16] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use dossier_api::care_access::{Accessor, OpenedItem, StudyAction};

    use super::*;

    #[test]
    fn an_opening_with_a_share_code_is_a_kind_of_its_own() {
        let entry = AccessLogEntry {
            seq: 1,
            at: 1_700_000_000,
            who: Accessor::ShareCode { ending: "PQRS".into() },
            event: AccessEvent::Opened {
                what: OpenedItem::RadiologyStudy {
                    report_id: "r1".into(),
                    title: "CT thorax".into(),
                    action: StudyAction::Viewed,
                },
                ground: AccessGround::ShareCode,
                justification: None,
            },
        };
        assert_eq!(AccessKind::of(&entry), AccessKind::ShareCode);
    }
}
