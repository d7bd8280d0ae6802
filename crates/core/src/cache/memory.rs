//! The in-memory store: for tests, and the conformance suite's reference.

use std::{collections::BTreeMap, sync::Mutex};

use super::store::{Batch, RecordState, ReportStore, StoreError, StoredDocument, StoredItem};

#[derive(Default)]
struct Record {
    key: Option<Vec<u8>>,
    items: BTreeMap<String, StoredItem>,
    state: Option<RecordState>,
    seen: Option<Vec<u8>>,
    log: Vec<StoredItem>,
    log_synced_at: Option<i64>,
    documents: BTreeMap<String, StoredDocument>,
}

#[derive(Default)]
pub struct MemoryStore {
    records: Mutex<BTreeMap<String, Record>>,
    account: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut BTreeMap<String, Record>) -> T) -> T {
        f(&mut self.records.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl ReportStore for MemoryStore {
    fn records(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .with(|r| r.iter().filter(|(_, v)| v.key.is_some()).map(|(k, _)| k.clone()).collect()))
    }

    fn record_key(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.with(|r| r.get(record).and_then(|v| v.key.clone())))
    }

    fn put_record_key(&self, record: &str, sealed_key: &[u8]) -> Result<(), StoreError> {
        self.with(|r| r.entry(record.to_owned()).or_default().key = Some(sealed_key.to_vec()));
        Ok(())
    }

    fn apply(&self, record: &str, batch: &Batch) -> Result<(), StoreError> {
        self.with(|r| {
            let entry = r.entry(record.to_owned()).or_default();
            if let Some(key) = &batch.record_key {
                entry.key = Some(key.clone());
            }
            if let Some(seen) = &batch.seen {
                entry.seen = Some(seen.clone());
            }
            for id in &batch.removals {
                entry.items.remove(id);
            }
            for item in &batch.upserts {
                entry.items.insert(item.id.clone(), item.clone());
            }
            let synced_at = batch
                .synced_at
                .or_else(|| entry.state.as_ref().map(|state| state.synced_at))
                .unwrap_or(0);
            entry.state = Some(RecordState { cursor: batch.cursor.clone(), synced_at });
        });
        Ok(())
    }

    fn items(&self, record: &str) -> Result<Vec<StoredItem>, StoreError> {
        Ok(self.with(|r| {
            r.get(record).map(|v| v.items.values().cloned().collect()).unwrap_or_default()
        }))
    }

    fn versions(&self, record: &str) -> Result<Vec<(String, u32)>, StoreError> {
        Ok(self.with(|r| {
            r.get(record)
                .map(|v| v.items.values().map(|i| (i.id.clone(), i.version)).collect())
                .unwrap_or_default()
        }))
    }

    fn state(&self, record: &str) -> Result<Option<RecordState>, StoreError> {
        Ok(self.with(|r| r.get(record).and_then(|v| v.state.clone())))
    }

    fn discard(&self, record: &str, ids: &[String]) -> Result<(), StoreError> {
        self.with(|r| {
            if let Some(entry) = r.get_mut(record) {
                for id in ids {
                    entry.items.remove(id);
                }
                if let Some(state) = &mut entry.state {
                    state.cursor = String::new();
                }
            }
        });
        Ok(())
    }

    fn seen(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.with(|r| r.get(record).and_then(|v| v.seen.clone())))
    }

    fn put_seen(&self, record: &str, sealed: &[u8]) -> Result<(), StoreError> {
        self.with(|r| r.entry(record.to_owned()).or_default().seen = Some(sealed.to_vec()));
        Ok(())
    }

    fn delete_record(&self, record: &str) -> Result<(), StoreError> {
        self.with(|r| r.remove(record));
        Ok(())
    }

    fn account_item(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.account.lock().unwrap_or_else(|e| e.into_inner()).get(name).cloned())
    }

    fn put_account_item(&self, name: &str, sealed: &[u8]) -> Result<(), StoreError> {
        self.account.lock().unwrap_or_else(|e| e.into_inner()).insert(name.into(), sealed.into());
        Ok(())
    }

    fn adopt_records(
        &self,
        keep: &[&str],
        name: &str,
        sealed: &[u8],
        new_keys: &[(&str, &[u8])],
    ) -> Result<Vec<String>, StoreError> {
        let mut account = self.account.lock().unwrap_or_else(|e| e.into_inner());
        let purged = self.with(|records| {
            let gone: Vec<String> =
                records.keys().filter(|r| !keep.contains(&r.as_str())).cloned().collect();
            for record in &gone {
                records.remove(record);
            }
            for (record, key) in new_keys {
                records.entry((*record).to_owned()).or_default().key = Some(key.to_vec());
            }
            gone
        });
        account.insert(name.into(), sealed.into());
        Ok(purged)
    }

    fn log_chunks(&self, record: &str) -> Result<Vec<StoredItem>, StoreError> {
        Ok(self.with(|r| r.get(record).map(|v| v.log.clone()).unwrap_or_default()))
    }

    fn append_log(
        &self,
        record: &str,
        chunk: Option<&StoredItem>,
        synced_at: i64,
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.with(|r| {
            let entry = r.entry(record.to_owned()).or_default();
            if let Some(key) = record_key {
                entry.key = Some(key.to_vec());
            }
            if let Some(chunk) = chunk {
                entry.log.retain(|c| c.id != chunk.id);
                entry.log.push(chunk.clone());
            }
            entry.log_synced_at = Some(synced_at);
        });
        Ok(())
    }

    fn log_synced_at(&self, record: &str) -> Result<Option<i64>, StoreError> {
        Ok(self.with(|r| r.get(record).and_then(|v| v.log_synced_at)))
    }

    fn discard_log(&self, record: &str) -> Result<(), StoreError> {
        self.with(|r| {
            if let Some(entry) = r.get_mut(record) {
                entry.log.clear();
                entry.log_synced_at = None;
            }
        });
        Ok(())
    }

    fn document(&self, record: &str, kind: &str) -> Result<Option<StoredDocument>, StoreError> {
        Ok(self.with(|r| r.get(record).and_then(|v| v.documents.get(kind).cloned())))
    }

    fn put_documents(
        &self,
        record: &str,
        documents: &[(&str, Option<&StoredDocument>)],
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.with(|r| {
            let entry = r.entry(record.to_owned()).or_default();
            if let Some(key) = record_key {
                entry.key = Some(key.to_vec());
            }
            for (kind, document) in documents {
                match document {
                    Some(document) => {
                        entry.documents.insert((*kind).to_owned(), (*document).clone())
                    }
                    None => entry.documents.remove(*kind),
                };
            }
        });
        Ok(())
    }
}
