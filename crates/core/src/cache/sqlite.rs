//! The device's store: one SQLite file, WAL, one transaction per batch (sync pages with
//! their cursor), and beside it a file per record with its reports' sealed bytes
//! (`item_log`: SQLite holds which file and how much of it is committed). Only sealed
//! bytes are written.
//!
//! `synchronous = FULL`: a commit is on the disk when it returns, so a purge, a removal or
//! the end of a sync survives a power cut. A sync flushes page by page while the next
//! pages download: deferring the flush to its last page (NORMAL in between) made that page
//! wait for all of it, and a first sync 20% slower.

use std::{
    path::{Path, PathBuf},
    sync::{Mutex, MutexGuard},
};

use rusqlite::{Connection, OptionalExtension, params};

use super::{
    item_log,
    store::{Batch, RecordState, ReportStore, StoreError, StoredDocument, StoredItem},
};
#[cfg(test)]
use crate::error::CoreError;

pub struct SqliteStore {
    connection: Mutex<Connection>,
    /// The folder of the records' item files.
    items: PathBuf,
}

fn error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.code == rusqlite::ErrorCode::DiskFull =>
        {
            StoreError::Full
        }
        _ => StoreError::Failed(e.to_string()),
    }
}

impl SqliteStore {
    /// Opens (or creates) the cache file.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        // Made private before SQLite opens it: its -wal and -shm files take the database
        // file's permissions.
        crate::files::private_file(path).map_err(StoreError::from)?;
        let connection = Connection::open(path).map_err(error)?;
        connection
            .execute_batch(
                // 16 KiB pages (for a new file): a report of 1 to 2 KB per row, and a sync page
                // written in fewer WAL frames (8% faster than 4 KiB in the bench).
                "PRAGMA page_size = 16384;
                 PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 PRAGMA foreign_keys = ON;
                 CREATE TABLE IF NOT EXISTS records (
                     record_id TEXT PRIMARY KEY,
                     sealed_key BLOB,
                     cursor TEXT NOT NULL DEFAULT '',
                     synced_at INTEGER NOT NULL DEFAULT 0,
                     synced INTEGER NOT NULL DEFAULT 0
                 );
                 -- Reports kept in rows before they moved to the item files: moved out
                 -- when the store opens.
                 CREATE TABLE IF NOT EXISTS items (
                     record_id TEXT NOT NULL REFERENCES records (record_id) ON DELETE CASCADE,
                     item_id TEXT NOT NULL,
                     version INTEGER NOT NULL,
                     sealed BLOB NOT NULL,
                     PRIMARY KEY (record_id, item_id)
                 );
                 CREATE TABLE IF NOT EXISTS seen (
                     record_id TEXT PRIMARY KEY REFERENCES records (record_id) ON DELETE CASCADE,
                     sealed BLOB NOT NULL
                 );
                 CREATE TABLE IF NOT EXISTS account (
                     name TEXT PRIMARY KEY,
                     sealed BLOB NOT NULL
                 );
                 CREATE TABLE IF NOT EXISTS access_log (
                     record_id TEXT NOT NULL REFERENCES records (record_id) ON DELETE CASCADE,
                     chunk_id TEXT NOT NULL,
                     sealed BLOB NOT NULL,
                     PRIMARY KEY (record_id, chunk_id)
                 );
                 CREATE TABLE IF NOT EXISTS access_log_state (
                     record_id TEXT PRIMARY KEY REFERENCES records (record_id) ON DELETE CASCADE,
                     synced_at INTEGER NOT NULL
                 );
                 CREATE TABLE IF NOT EXISTS documents (
                     record_id TEXT NOT NULL REFERENCES records (record_id) ON DELETE CASCADE,
                     kind TEXT NOT NULL,
                     sealed BLOB NOT NULL,
                     cursor TEXT NOT NULL,
                     synced_at INTEGER NOT NULL,
                     PRIMARY KEY (record_id, kind)
                 );",
            )
            .map_err(error)?;
        add_item_file_columns(&connection).map_err(error)?;
        let items = item_log::folder_of(path);
        crate::files::private_dir(&items).map_err(StoreError::from)?;
        let store = Self { connection: Mutex::new(connection), items };
        store.move_rows_to_item_files()?;
        let named = store.with(|c| {
            c.prepare("SELECT items_file FROM records WHERE items_file IS NOT NULL")?
                .query_map([], |row| row.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })?;
        item_log::delete_unnamed(&store.items, &named)?;
        Ok(store)
    }

    /// A cache written before the item files: each record's rows become its file, in a
    /// step of their own (a crash leaves the rows, and the file is deleted as unnamed).
    fn move_rows_to_item_files(&self) -> Result<(), StoreError> {
        let records = self.with(|c| {
            c.prepare("SELECT DISTINCT record_id FROM items")?
                .query_map([], |row| row.get(0))?
                .collect::<Result<Vec<String>, _>>()
        })?;
        for record in records {
            let rows = self.with(|c| {
                c.prepare("SELECT item_id, version, sealed FROM items WHERE record_id = ?1")?
                    .query_map([&record], |row| {
                        Ok(StoredItem {
                            id: row.get(0)?,
                            version: row.get(1)?,
                            sealed: row.get(2)?,
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()
            })?;
            let (name, len) = item_log::rewrite(&self.items, &rows)?;
            self.with(|c| {
                let tx = c.transaction()?;
                tx.execute(
                    "UPDATE records SET items_file = ?2, items_len = ?3 WHERE record_id = ?1",
                    params![record, name, len],
                )?;
                tx.execute("DELETE FROM items WHERE record_id = ?1", [&record])?;
                tx.commit()
            })?;
        }
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The record's item file and its committed length, if it has one.
    fn item_file(c: &Connection, record: &str) -> Result<Option<(String, u64)>, StoreError> {
        c.prepare_cached(
            "SELECT items_file, items_len FROM records WHERE record_id = ?1 AND items_file IS NOT NULL",
        )
        .and_then(|mut s| s.query_row([record], |row| Ok((row.get(0)?, row.get(1)?))).optional())
        .map_err(error)
    }

    /// The record's item file, if it has one, with its committed bytes.
    fn item_bytes(
        &self,
        c: &Connection,
        record: &str,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        Self::item_file(c, record)?
            .map(|(name, len)| Ok((item_log::read(&self.items, &name, len)?, name)))
            .transpose()
            .map(|file| file.map(|(bytes, name)| (name, bytes)))
    }

    /// Appends a page's removals and upserts to the record's item file (a new file if it
    /// has none), flushed: the file and its length for the commit that counts them.
    fn append_items(
        &self,
        c: &Connection,
        record: &str,
        removals: &[String],
        upserts: &[StoredItem],
    ) -> Result<Option<(String, u64)>, StoreError> {
        let current = Self::item_file(c, record)?;
        // Removals from a record with no file remove nothing: no file is made for them.
        if upserts.is_empty() && (removals.is_empty() || current.is_none()) {
            return Ok(current);
        }
        if !item_log::ids_fit(removals, upserts) {
            return Err(StoreError::Failed("an item id or item too long to store".into()));
        }
        let (name, committed) = current.unwrap_or_else(|| (item_log::new_name(), 0));
        let entries = item_log::Entries::new(removals, upserts);
        let len = item_log::append(&self.items, &name, committed, &entries)?;
        Ok(Some((name, len)))
    }

    /// Rewrites the record's item file with its live items only, when most of it is dead;
    /// the old file goes once the new one is committed. A failure keeps the old one.
    fn compact(
        &self,
        c: &Connection,
        record: &str,
        old: &str,
        replayed: &item_log::Replayed,
        len: u64,
    ) {
        if !replayed.wants_compaction(len) {
            return;
        }
        let Ok((name, len)) = item_log::rewrite(&self.items, &replayed.items) else { return };
        let committed = c.execute(
            "UPDATE records SET items_file = ?2, items_len = ?3 WHERE record_id = ?1",
            params![record, name, len],
        );
        item_log::delete(&self.items, if committed.is_ok() { old } else { &name });
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        f(&mut self.lock()).map_err(error)
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.with(|c| c.query_row("PRAGMA integrity_check", [], |row| row.get(0)))
    }
}

impl ReportStore for SqliteStore {
    fn records(&self) -> Result<Vec<String>, StoreError> {
        self.with(|c| {
            let mut statement = c.prepare(
                "SELECT record_id FROM records WHERE sealed_key IS NOT NULL ORDER BY record_id",
            )?;
            let rows = statement.query_map([], |row| row.get(0))?;
            rows.collect()
        })
    }

    fn record_key(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|c| {
            c.prepare_cached("SELECT sealed_key FROM records WHERE record_id = ?1")?
                .query_row([record], |row| row.get::<_, Option<Vec<u8>>>(0))
                .optional()
                .map(Option::flatten)
        })
    }

    fn put_record_key(&self, record: &str, sealed_key: &[u8]) -> Result<(), StoreError> {
        self.with(|c| put_record_key(c, record, sealed_key))
    }

    fn apply(&self, record: &str, batch: &Batch) -> Result<(), StoreError> {
        let mut c = self.lock();
        // The page's items first, flushed; they count once the commit below says so.
        let items = self.append_items(&c, record, &batch.removals, &batch.upserts)?;
        (|| {
            // Cached statements: compiling SQL took a tenth of a sync page's write.
            let tx = c.transaction()?;
            ensure_record(&tx, record, batch.record_key.as_deref())?;
            if let Some(seen) = &batch.seen {
                tx.prepare_cached(
                    "INSERT INTO seen (record_id, sealed) VALUES (?1, ?2) \
                     ON CONFLICT (record_id) DO UPDATE SET sealed = excluded.sealed",
                )?
                .execute(params![record, seen])?;
            }
            let (file, len) = items.unzip();
            tx.prepare_cached(
                "UPDATE records SET cursor = ?2, synced_at = COALESCE(?3, synced_at), synced = 1, \
                 items_file = ?4, items_len = COALESCE(?5, items_len) WHERE record_id = ?1",
            )?
            .execute(params![record, batch.cursor, batch.synced_at, file, len])?;
            tx.commit()
        })()
        .map_err(error)
    }

    fn items(&self, record: &str) -> Result<Vec<StoredItem>, StoreError> {
        let c = self.lock();
        let Some((name, bytes)) = self.item_bytes(&c, record)? else { return Ok(Vec::new()) };
        let replayed = item_log::replay(&bytes)?;
        let len = bytes.len() as u64;
        drop(bytes);
        self.compact(&c, record, &name, &replayed, len);
        Ok(replayed.items)
    }

    fn versions(&self, record: &str) -> Result<Vec<(String, u32)>, StoreError> {
        let c = self.lock();
        match self.item_bytes(&c, record)? {
            Some((_, bytes)) => item_log::versions(&bytes),
            None => Ok(Vec::new()),
        }
    }

    fn state(&self, record: &str) -> Result<Option<RecordState>, StoreError> {
        self.with(|c| {
            c.prepare_cached(
                "SELECT cursor, synced_at FROM records WHERE record_id = ?1 AND synced = 1",
            )?
            .query_row([record], |row| {
                Ok(RecordState { cursor: row.get(0)?, synced_at: row.get(1)? })
            })
            .optional()
        })
    }

    fn discard(&self, record: &str, ids: &[String]) -> Result<(), StoreError> {
        let c = self.lock();
        let (file, len) = self.append_items(&c, record, ids, &[])?.unzip();
        c.execute(
            "UPDATE records SET cursor = '', items_file = COALESCE(?2, items_file), \
             items_len = COALESCE(?3, items_len) WHERE record_id = ?1",
            params![record, file, len],
        )
        .map(|_| ())
        .map_err(error)
    }

    fn seen(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|c| {
            c.prepare_cached("SELECT sealed FROM seen WHERE record_id = ?1")?
                .query_row([record], |row| row.get(0))
                .optional()
        })
    }

    fn put_seen(&self, record: &str, sealed: &[u8]) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute("INSERT OR IGNORE INTO records (record_id) VALUES (?1)", [record])?;
            tx.execute(
                "INSERT INTO seen (record_id, sealed) VALUES (?1, ?2) \
                 ON CONFLICT (record_id) DO UPDATE SET sealed = excluded.sealed",
                params![record, sealed],
            )?;
            tx.commit()
        })
    }

    fn delete_record(&self, record: &str) -> Result<(), StoreError> {
        let mut c = self.lock();
        let file = Self::item_file(&c, record)?;
        (|| {
            let tx = c.transaction()?;
            delete_record(&tx, record)?;
            tx.commit()
        })()
        .map_err(error)?;
        if let Some((name, _)) = file {
            item_log::delete(&self.items, &name);
        }
        Ok(())
    }

    fn account_item(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|c| {
            c.prepare_cached("SELECT sealed FROM account WHERE name = ?1")?
                .query_row([name], |row| row.get(0))
                .optional()
        })
    }

    fn put_account_item(&self, name: &str, sealed: &[u8]) -> Result<(), StoreError> {
        self.with(|c| put_account_item(c, name, sealed))
    }

    fn adopt_records(
        &self,
        keep: &[&str],
        name: &str,
        sealed: &[u8],
        new_keys: &[(&str, &[u8])],
    ) -> Result<Vec<String>, StoreError> {
        let (gone, files) = self.with(|c| {
            let tx = c.transaction()?;
            let all: Vec<(String, Option<String>)> = tx
                .prepare_cached("SELECT record_id, items_file FROM records")?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let (gone, files): (Vec<String>, Vec<Option<String>>) =
                all.into_iter().filter(|(r, _)| !keep.contains(&r.as_str())).unzip();
            for record in &gone {
                delete_record(&tx, record)?;
            }
            put_account_item(&tx, name, sealed)?;
            for (record, key) in new_keys {
                put_record_key(&tx, record, key)?;
            }
            tx.commit()?;
            Ok((gone, files))
        })?;
        for file in files.iter().flatten() {
            item_log::delete(&self.items, file);
        }
        Ok(gone)
    }

    fn log_chunks(&self, record: &str) -> Result<Vec<StoredItem>, StoreError> {
        self.with(|c| {
            let mut statement =
                c.prepare_cached("SELECT chunk_id, sealed FROM access_log WHERE record_id = ?1")?;
            let rows = statement.query_map([record], |row| {
                Ok(StoredItem { id: row.get(0)?, version: 0, sealed: row.get(1)? })
            })?;
            rows.collect()
        })
    }

    fn append_log(
        &self,
        record: &str,
        chunk: Option<&StoredItem>,
        synced_at: i64,
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            ensure_record(&tx, record, record_key)?;
            if let Some(chunk) = chunk {
                tx.prepare_cached(
                    "INSERT INTO access_log (record_id, chunk_id, sealed) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (record_id, chunk_id) DO UPDATE SET sealed = excluded.sealed",
                )?
                .execute(params![record, chunk.id, chunk.sealed])?;
            }
            tx.prepare_cached(
                "INSERT INTO access_log_state (record_id, synced_at) VALUES (?1, ?2) \
                 ON CONFLICT (record_id) DO UPDATE SET synced_at = excluded.synced_at",
            )?
            .execute(params![record, synced_at])?;
            tx.commit()
        })
    }

    fn log_synced_at(&self, record: &str) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            c.prepare_cached("SELECT synced_at FROM access_log_state WHERE record_id = ?1")?
                .query_row([record], |row| row.get(0))
                .optional()
        })
    }

    fn discard_log(&self, record: &str) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM access_log WHERE record_id = ?1", [record])?;
            tx.execute("DELETE FROM access_log_state WHERE record_id = ?1", [record])?;
            tx.commit()
        })
    }

    fn document(&self, record: &str, kind: &str) -> Result<Option<StoredDocument>, StoreError> {
        self.with(|c| {
            c.prepare_cached(
                "SELECT sealed, cursor, synced_at FROM documents WHERE record_id = ?1 AND kind = ?2",
            )?
            .query_row(params![record, kind], |row| {
                Ok(StoredDocument { sealed: row.get(0)?, cursor: row.get(1)?, synced_at: row.get(2)? })
            })
            .optional()
        })
    }

    fn put_documents(
        &self,
        record: &str,
        documents: &[(&str, Option<&StoredDocument>)],
        record_key: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            ensure_record(&tx, record, record_key)?;
            for (kind, document) in documents {
                put_document(&tx, record, kind, *document)?;
            }
            tx.commit()
        })
    }
}

/// The item file's columns, added to a cache made before them.
fn add_item_file_columns(c: &Connection) -> Result<(), rusqlite::Error> {
    let has: bool = c.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('records') WHERE name = 'items_file'",
        [],
        |row| row.get(0),
    )?;
    if !has {
        c.execute_batch(
            "ALTER TABLE records ADD COLUMN items_file TEXT;
             ALTER TABLE records ADD COLUMN items_len INTEGER NOT NULL DEFAULT 0;",
        )?;
    }
    Ok(())
}

/// Replaces or drops the record's document of `kind`.
fn put_document(
    c: &Connection,
    record: &str,
    kind: &str,
    document: Option<&StoredDocument>,
) -> Result<(), rusqlite::Error> {
    match document {
        Some(d) => c
            .prepare_cached(
                "INSERT INTO documents (record_id, kind, sealed, cursor, synced_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (record_id, kind) DO UPDATE SET \
                         sealed = excluded.sealed, cursor = excluded.cursor, \
                         synced_at = excluded.synced_at",
            )?
            .execute(params![record, kind, d.sealed, d.cursor, d.synced_at])?,
        None => c
            .prepare_cached("DELETE FROM documents WHERE record_id = ?1 AND kind = ?2")?
            .execute(params![record, kind])?,
    };
    Ok(())
}

/// The record's row, with its sealed key when one comes (a key already stored is kept).
fn ensure_record(c: &Connection, record: &str, key: Option<&[u8]>) -> Result<(), rusqlite::Error> {
    c.prepare_cached(
        "INSERT INTO records (record_id, sealed_key) VALUES (?1, ?2) ON CONFLICT (record_id) \
         DO UPDATE SET sealed_key = coalesce(excluded.sealed_key, records.sealed_key)",
    )?
    .execute(params![record, key])?;
    Ok(())
}

fn delete_record(c: &Connection, record: &str) -> Result<(), rusqlite::Error> {
    c.execute("DELETE FROM documents WHERE record_id = ?1", [record])?;
    c.execute("DELETE FROM access_log WHERE record_id = ?1", [record])?;
    c.execute("DELETE FROM access_log_state WHERE record_id = ?1", [record])?;
    c.execute("DELETE FROM seen WHERE record_id = ?1", [record])?;
    c.execute("DELETE FROM items WHERE record_id = ?1", [record])?;
    c.execute("DELETE FROM records WHERE record_id = ?1", [record])?;
    Ok(())
}

fn put_record_key(c: &Connection, record: &str, sealed_key: &[u8]) -> Result<(), rusqlite::Error> {
    c.prepare_cached(
        "INSERT INTO records (record_id, sealed_key) VALUES (?1, ?2) \
         ON CONFLICT (record_id) DO UPDATE SET sealed_key = excluded.sealed_key",
    )?
    .execute(params![record, sealed_key])?;
    Ok(())
}

fn put_account_item(c: &Connection, name: &str, sealed: &[u8]) -> Result<(), rusqlite::Error> {
    c.prepare_cached(
        "INSERT INTO account (name, sealed) VALUES (?1, ?2) \
         ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed",
    )?
    .execute(params![name, sealed])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_written_ahead_and_every_commit_waits_for_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("cache.sqlite3")).unwrap();
        let (mode, synchronous): (String, i64) = store
            .with(|c| {
                Ok((
                    c.query_row("PRAGMA journal_mode", [], |row| row.get(0))?,
                    c.query_row("PRAGMA synchronous", [], |row| row.get(0))?,
                ))
            })
            .unwrap();
        // 2 is FULL.
        assert_eq!((mode.as_str(), synchronous), ("wal", 2));
    }

    fn item(id: &str, version: u32, size: usize) -> StoredItem {
        StoredItem { id: id.into(), version, sealed: vec![version as u8; size] }
    }

    fn batch(removals: &[&str], upserts: Vec<StoredItem>, cursor: &str) -> Batch {
        Batch {
            upserts,
            removals: removals.iter().map(|id| (*id).to_owned()).collect(),
            cursor: cursor.into(),
            record_key: Some(vec![1; 61]),
            ..Batch::default()
        }
    }

    fn sorted(mut items: Vec<StoredItem>) -> Vec<StoredItem> {
        items.sort_by(|a, b| a.id.cmp(&b.id));
        items
    }

    /// The item files in the store's folder.
    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("cache.items"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_records_reports_go_to_a_file_of_its_own_and_leave_with_the_record() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("cache.sqlite3")).unwrap();
        store.apply("an", &batch(&[], vec![item("a", 1, 100), item("b", 1, 100)], "1")).unwrap();
        store.apply("jan", &batch(&[], vec![item("c", 1, 100)], "1")).unwrap();
        store.apply("an", &batch(&["a"], vec![item("b", 2, 50)], "2")).unwrap();
        assert_eq!(store.items("an").unwrap(), vec![item("b", 2, 50)]);
        assert_eq!(store.versions("an").unwrap(), vec![("b".to_owned(), 2)]);
        assert_eq!(files(dir.path()).len(), 2, "a file per record");
        // No row holds a report; the file names say nothing of whose record.
        let rows: i64 =
            store.with(|c| c.query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))).unwrap();
        assert_eq!(rows, 0);
        assert!(files(dir.path()).iter().all(|f| f.len() == 32 && !f.contains("an")));
        // A purge deletes the record's file; the list kept drops the other's.
        store.delete_record("jan").unwrap();
        assert_eq!(files(dir.path()).len(), 1);
        store.adopt_records(&[], "records", b"sealed", &[]).unwrap();
        assert!(files(dir.path()).is_empty());
        assert!(store.items("an").unwrap().is_empty());
    }

    #[test]
    fn a_file_no_record_names_is_deleted_at_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let store = SqliteStore::open(&path).unwrap();
        store.apply("an", &batch(&[], vec![item("a", 1, 100)], "1")).unwrap();
        let kept = files(dir.path());
        // A first page whose commit never came, or a purge cut short before its delete.
        std::fs::write(dir.path().join("cache.items").join("0".repeat(32)), b"x").unwrap();
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(files(dir.path()), kept);
        assert_eq!(store.items("an").unwrap(), vec![item("a", 1, 100)]);
    }

    #[test]
    fn a_file_mostly_of_replaced_reports_is_rewritten_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("cache.sqlite3")).unwrap();
        // 20 reports of 10 KB, each replaced 10 times: 2 MB written, 200 KB live.
        for version in 1..=10 {
            let upserts = (0..20).map(|n| item(&format!("r{n}"), version, 10_000)).collect();
            store.apply("an", &batch(&[], upserts, &version.to_string())).unwrap();
        }
        let before = files(dir.path());
        let size = |name: &str| {
            std::fs::metadata(dir.path().join("cache.items").join(name)).unwrap().len()
        };
        assert!(size(&before[0]) > 2_000_000);
        let live: Vec<StoredItem> = (0..20).map(|n| item(&format!("r{n}"), 10, 10_000)).collect();
        assert_eq!(sorted(store.items("an").unwrap()), sorted(live.clone()));
        let after = files(dir.path());
        assert_ne!(after, before, "a new file");
        assert!(size(&after[0]) < 210_000, "{}", size(&after[0]));
        // The same reports, and the next page goes on after them.
        store.apply("an", &batch(&["r0"], vec![], "11")).unwrap();
        assert_eq!(sorted(store.items("an").unwrap()), sorted(live[1..].to_vec()));
        assert_eq!(store.state("an").unwrap().unwrap().cursor, "11");
    }

    #[test]
    fn reports_kept_in_rows_by_an_earlier_version_move_to_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.sqlite3");
        let store = SqliteStore::open(&path).unwrap();
        store.apply("an", &batch(&[], vec![], "7")).unwrap();
        store
            .with(|c| {
                for (id, version) in [("a", 1), ("b", 3)] {
                    c.execute(
                        "INSERT INTO items (record_id, item_id, version, sealed) VALUES ('an', ?1, ?2, ?3)",
                        params![id, version, vec![version as u8; 100]],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(sorted(store.items("an").unwrap()), vec![item("a", 1, 100), item("b", 3, 100)]);
        let rows: i64 =
            store.with(|c| c.query_row("SELECT COUNT(*) FROM items", [], |r| r.get(0))).unwrap();
        assert_eq!(rows, 0);
        assert_eq!(store.state("an").unwrap().unwrap().cursor, "7", "where the sync stood");
    }

    #[test]
    fn discarded_items_go_with_the_cursor_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("cache.sqlite3")).unwrap();
        store.apply("an", &batch(&[], vec![item("a", 1, 10), item("b", 1, 10)], "5")).unwrap();
        store.discard("an", &["a".into()]).unwrap();
        assert_eq!(store.items("an").unwrap(), vec![item("b", 1, 10)]);
        assert_eq!(store.state("an").unwrap().unwrap().cursor, "");
    }

    /// A message and its files go into the outbox together or not at all: with no room
    /// for its files, the outbox is as it was.
    #[test]
    fn a_message_is_kept_with_its_files_or_not_at_all() {
        use dossier_api::messages::{MessageDestination, NewAttachment, NewMessage};

        use crate::cache::{ReportCache, conformance::key};

        let message = |id: char, size: usize| NewMessage {
            client_id: id.to_string().repeat(36),
            destination: MessageDestination::Thread { thread_id: "t1".into() },
            body: "Hierbij de scan.".into(),
            attachments: vec![NewAttachment {
                file_name: "scan.pdf".into(),
                content: "A".repeat(size),
            }],
        };
        let dir = tempfile::tempdir().unwrap();
        let store =
            std::sync::Arc::new(SqliteStore::open(&dir.path().join("cache.sqlite3")).unwrap());
        let cache = ReportCache::new(Box::new(store.clone()), key(1));
        cache.add_to_outbox("an", message('a', 100), 1).unwrap();
        let used: i64 = store.with(|c| c.query_row("PRAGMA page_count", [], |r| r.get(0))).unwrap();
        store.with(|c| c.execute_batch(&format!("PRAGMA max_page_count = {}", used + 4))).unwrap();
        let full = cache.add_to_outbox("an", message('b', 2_000_000), 2);
        assert!(matches!(full, Err(CoreError::StorageFull { .. })), "{full:?}");
        let waiting = cache.outbox("an").unwrap();
        assert_eq!(
            waiting.iter().map(|p| p.client_id.as_str()).collect::<Vec<_>>(),
            ["a".repeat(36)]
        );
        assert!(
            store.document("an", &format!("outbox_files/{}", "b".repeat(36))).unwrap().is_none()
        );
        store.with(|c| c.execute_batch("PRAGMA max_page_count = 1073741823")).unwrap();
        cache.add_to_outbox("an", message('b', 2_000_000), 2).unwrap();
        assert_eq!(
            cache.outbox_message("an", &"b".repeat(36)).unwrap(),
            Some(message('b', 2_000_000))
        );
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }
}
