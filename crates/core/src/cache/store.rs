//! The storage interface of the cache: sealed bytes in, sealed bytes out. A store never
//! sees a key or a clear value.

/// One sealed item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem {
    pub id: String,
    pub version: u32,
    pub sealed: Vec<u8>,
}

/// One sync page, written all or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    pub upserts: Vec<StoredItem>,
    pub removals: Vec<String>,
    pub cursor: String,
    /// Unix seconds of a sync that this batch completes; None while a sync is under way
    /// ("last updated" stays at the last complete sync).
    pub synced_at: Option<i64>,
    /// A new record's sealed key, stored with the first items sealed under it.
    pub record_key: Option<Vec<u8>>,
    /// The sealed seen list, set with the page that completes a record's first sync.
    pub seen: Option<Vec<u8>>,
}

/// A record's document of one kind (its appointments, its invoices, its personal details):
/// the whole of it sealed as one value, with where its sync stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub sealed: Vec<u8>,
    /// The server's cursor for this kind ("" for a kind fetched whole).
    pub cursor: String,
    /// Unix seconds of the last complete sync; 0 when a first sync is under way.
    pub synced_at: i64,
}

/// Where a record's sync stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordState {
    pub cursor: String,
    /// Unix seconds of the last sync; 0 when never synced.
    pub synced_at: i64,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The device's storage is full: nothing of the write was kept.
    #[error("cache store: the device's storage is full")]
    Full,
    #[error("cache store: {0}")]
    Failed(String),
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull {
            Self::Full
        } else {
            Self::Failed(e.to_string())
        }
    }
}

/// A place to keep sealed items per record.
pub trait ReportStore: Send + Sync {
    /// Records that have a key here.
    fn records(&self) -> Result<Vec<String>, StoreError>;
    fn record_key(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError>;
    fn put_record_key(&self, record: &str, sealed_key: &[u8]) -> Result<(), StoreError>;
    /// Applies a batch atomically: a crash leaves the state before or after, never between.
    fn apply(&self, record: &str, batch: &Batch) -> Result<(), StoreError>;
    fn items(&self, record: &str) -> Result<Vec<StoredItem>, StoreError>;
    /// Each item's id and version (stored in clear beside the sealed bytes), without
    /// reading the sealed bytes.
    fn versions(&self, record: &str) -> Result<Vec<(String, u32)>, StoreError>;
    fn state(&self, record: &str) -> Result<Option<RecordState>, StoreError>;
    /// Drops unreadable items and resets the record's cursor, so they are fetched again.
    fn discard(&self, record: &str, ids: &[String]) -> Result<(), StoreError>;
    /// The sealed list of reports the patient has seen in the list (for "new" markers).
    fn seen(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError>;
    fn put_seen(&self, record: &str, sealed: &[u8]) -> Result<(), StoreError>;
    /// Deletes a record's key, items, state, seen list and access log.
    fn delete_record(&self, record: &str) -> Result<(), StoreError>;
    /// A sealed value of the account (whose record this is; the records it may open).
    fn account_item(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError>;
    fn put_account_item(&self, name: &str, sealed: &[u8]) -> Result<(), StoreError>;
    /// In one step: deletes every record not in `keep` (as [`Self::delete_record`]), keeps
    /// `sealed` as the account item `name` (the list of records that stay) and stores the
    /// sealed keys of records new here (as [`Self::put_record_key`]). Returns the records
    /// deleted.
    fn adopt_records(
        &self,
        keep: &[&str],
        name: &str,
        sealed: &[u8],
        new_keys: &[(&str, &[u8])],
    ) -> Result<Vec<String>, StoreError>;
    /// A record's access log: its sealed chunks (one per page the server sent), in no
    /// particular order (the entries inside say their order).
    fn log_chunks(&self, record: &str) -> Result<Vec<StoredItem>, StoreError>;
    /// Appends a sealed chunk of the access log (none: the sync found nothing new) and the
    /// time of that sync, in one step; a new record's sealed key goes in with it.
    fn append_log(
        &self,
        record: &str,
        chunk: Option<&StoredItem>,
        synced_at: i64,
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError>;
    /// Unix seconds of the access log's last sync; None when never synced.
    fn log_synced_at(&self, record: &str) -> Result<Option<i64>, StoreError>;
    /// Drops a record's whole access log (a chunk did not open): the next sync fetches it
    /// again from the start.
    fn discard_log(&self, record: &str) -> Result<(), StoreError>;
    /// The record's document of `kind`, if one is stored.
    fn document(&self, record: &str, kind: &str) -> Result<Option<StoredDocument>, StoreError>;
    /// Replaces the record's document of `kind` in one step; a new record's sealed key
    /// goes in with it. None drops it (it did not open: the next sync starts again).
    fn put_document(
        &self,
        record: &str,
        kind: &str,
        document: Option<&StoredDocument>,
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.put_documents(record, &[(kind, document)], record_key)
    }
    /// Replaces several of the record's documents in one step (None drops one), as
    /// [`Self::put_document`] does one: a crash leaves all of them before or all after.
    fn put_documents(
        &self,
        record: &str,
        documents: &[(&str, Option<&StoredDocument>)],
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError>;
}

/// A store shared by several caches (as across app restarts, in tests).
impl<S: ReportStore + ?Sized> ReportStore for std::sync::Arc<S> {
    fn records(&self) -> Result<Vec<String>, StoreError> {
        (**self).records()
    }
    fn record_key(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        (**self).record_key(record)
    }
    fn put_record_key(&self, record: &str, sealed_key: &[u8]) -> Result<(), StoreError> {
        (**self).put_record_key(record, sealed_key)
    }
    fn apply(&self, record: &str, batch: &Batch) -> Result<(), StoreError> {
        (**self).apply(record, batch)
    }
    fn items(&self, record: &str) -> Result<Vec<StoredItem>, StoreError> {
        (**self).items(record)
    }
    fn versions(&self, record: &str) -> Result<Vec<(String, u32)>, StoreError> {
        (**self).versions(record)
    }
    fn state(&self, record: &str) -> Result<Option<RecordState>, StoreError> {
        (**self).state(record)
    }
    fn discard(&self, record: &str, ids: &[String]) -> Result<(), StoreError> {
        (**self).discard(record, ids)
    }
    fn seen(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        (**self).seen(record)
    }
    fn put_seen(&self, record: &str, sealed: &[u8]) -> Result<(), StoreError> {
        (**self).put_seen(record, sealed)
    }
    fn delete_record(&self, record: &str) -> Result<(), StoreError> {
        (**self).delete_record(record)
    }
    fn account_item(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        (**self).account_item(name)
    }
    fn put_account_item(&self, name: &str, sealed: &[u8]) -> Result<(), StoreError> {
        (**self).put_account_item(name, sealed)
    }
    fn adopt_records(
        &self,
        keep: &[&str],
        name: &str,
        sealed: &[u8],
        new_keys: &[(&str, &[u8])],
    ) -> Result<Vec<String>, StoreError> {
        (**self).adopt_records(keep, name, sealed, new_keys)
    }
    fn log_chunks(&self, record: &str) -> Result<Vec<StoredItem>, StoreError> {
        (**self).log_chunks(record)
    }
    fn append_log(
        &self,
        record: &str,
        chunk: Option<&StoredItem>,
        synced_at: i64,
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        (**self).append_log(record, chunk, synced_at, record_key)
    }
    fn log_synced_at(&self, record: &str) -> Result<Option<i64>, StoreError> {
        (**self).log_synced_at(record)
    }
    fn discard_log(&self, record: &str) -> Result<(), StoreError> {
        (**self).discard_log(record)
    }
    fn document(&self, record: &str, kind: &str) -> Result<Option<StoredDocument>, StoreError> {
        (**self).document(record, kind)
    }
    fn put_document(
        &self,
        record: &str,
        kind: &str,
        document: Option<&StoredDocument>,
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        (**self).put_document(record, kind, document, record_key)
    }
    fn put_documents(
        &self,
        record: &str,
        documents: &[(&str, Option<&StoredDocument>)],
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        (**self).put_documents(record, documents, record_key)
    }
}
