//! A record's reports on the device: their sealed bytes appended, a sync page at a time, to
//! a file of the record's own beside the SQLite file. SQLite keeps which file that is and
//! how many of its bytes are committed, in the same transaction as the page's cursor.
//!
//! Why a file and not a row per report: SQLite's cost is per byte written, not per row. A
//! 1.5 KB report took 6-7 µs to store as a row (the B-tree, the WAL frame, then the
//! checkpoint writing it again), more than half of the 10 µs a synced report may cost the
//! phone; appended to a file it takes about 1 µs (the sync bench prints both).
//!
//! Crash safety without checksums: a page's bytes are flushed before the SQLite commit that
//! counts them, so everything up to the committed length was on the disk first, and what
//! lies beyond it (a page whose commit did not happen) is cut off before the next append.
//! A file no record names (a purge or a compaction cut short) is deleted when the store
//! opens.
//!
//! Format, little endian: entries one after the other, each a tag byte, the item's id
//! (`u16` length, bytes), and for an upsert its version (`u32`) and sealed bytes (`u32`
//! length, bytes). Replayed in order: the last word on an id wins.

use std::{
    collections::HashMap,
    io::{IoSlice, Read, Seek, SeekFrom, Write},
    path::{Path, PathBuf},
};

use rand::RngCore;

use super::store::{StoreError, StoredItem};

const UPSERT: u8 = 1;
const REMOVAL: u8 = 2;

/// Compaction once the file holds this many bytes more than its live items need (and more
/// than the live items themselves): a report replaced many times does not grow the file
/// for ever.
const COMPACT_AFTER_DEAD_BYTES: u64 = 1024 * 1024;

/// The folder of the item files beside the SQLite file (`reports.sqlite3` →
/// `reports.items/`).
pub(crate) fn folder_of(database: &Path) -> PathBuf {
    database.with_extension("items")
}

/// A new file name: random, so it says nothing of whose record it holds.
pub(crate) fn new_name() -> String {
    let mut bytes = [0_u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A page's entries as the file holds them, removals then upserts (a page's removals come
/// first, as the server lists them), without copying the sealed bytes: each entry's header
/// (tag, id, version, length) in one buffer, the sealed bytes written from where they are.
/// Why: a first sync's page is a megabyte or more of sealed reports, and a buffer that
/// size is fresh memory the kernel must map page by page before the copy into it.
pub(crate) struct Entries<'a> {
    headers: Vec<u8>,
    /// Per entry: where its header ends in `headers`, and its sealed bytes (none for a
    /// removal).
    cuts: Vec<(usize, &'a [u8])>,
}

impl<'a> Entries<'a> {
    pub(crate) fn new(removals: &[String], upserts: &'a [StoredItem]) -> Self {
        let ids = removals.iter().chain(upserts.iter().map(|item| &item.id));
        let mut headers = Vec::with_capacity(ids.map(|id| id.len() + 11).sum());
        let mut cuts = Vec::with_capacity(removals.len() + upserts.len());
        for id in removals {
            headers.push(REMOVAL);
            put_id(&mut headers, id);
            cuts.push((headers.len(), &[][..]));
        }
        for item in upserts {
            headers.push(UPSERT);
            put_id(&mut headers, &item.id);
            headers.extend_from_slice(&item.version.to_le_bytes());
            headers.extend_from_slice(&(item.sealed.len() as u32).to_le_bytes());
            cuts.push((headers.len(), item.sealed.as_slice()));
        }
        Self { headers, cuts }
    }

    /// The bytes to write, in order.
    fn slices(&self) -> Vec<IoSlice<'_>> {
        let mut slices = Vec::with_capacity(self.cuts.len() * 2);
        let mut start = 0;
        for &(end, sealed) in &self.cuts {
            slices.push(IoSlice::new(&self.headers[start..end]));
            if !sealed.is_empty() {
                slices.push(IoSlice::new(sealed));
            }
            start = end;
        }
        slices
    }

    fn len(&self) -> u64 {
        let sealed: usize = self.cuts.iter().map(|(_, sealed)| sealed.len()).sum();
        (self.headers.len() + sealed) as u64
    }
}

/// The entries' bytes appended to `out`, as the file gets them.
#[cfg(test)]
pub(crate) fn encode(removals: &[String], upserts: &[StoredItem], out: &mut Vec<u8>) {
    for slice in Entries::new(removals, upserts).slices() {
        out.extend_from_slice(&slice);
    }
}

/// An id's length and bytes (`ids_fit` refused longer ones before anything is written).
fn put_id(out: &mut Vec<u8>, id: &str) {
    out.extend_from_slice(&(id.len() as u16).to_le_bytes());
    out.extend_from_slice(id.as_bytes());
}

/// Whether every id fits the format.
pub(crate) fn ids_fit(removals: &[String], upserts: &[StoredItem]) -> bool {
    removals
        .iter()
        .map(String::len)
        .chain(upserts.iter().map(|i| i.id.len()))
        .all(|len| len <= usize::from(u16::MAX))
        && upserts.iter().all(|i| u32::try_from(i.sealed.len()).is_ok())
}

/// What a file's committed bytes hold.
pub(crate) struct Replayed {
    pub items: Vec<StoredItem>,
    /// Bytes no live item needs (replaced versions, removed items, the removals).
    pub dead_bytes: u64,
}

impl Replayed {
    /// Whether the file is worth rewriting with its live items only.
    pub fn wants_compaction(&self, len: u64) -> bool {
        self.dead_bytes > COMPACT_AFTER_DEAD_BYTES
            && self.dead_bytes > len.saturating_sub(self.dead_bytes)
    }
}

/// The live items in `bytes` (a file's committed part), the last word on each id winning.
pub(crate) fn replay(bytes: &[u8]) -> Result<Replayed, StoreError> {
    let (live, dead_bytes) = live_entries(bytes)?;
    let items = live
        .into_iter()
        .map(|(id, (version, sealed, _))| StoredItem {
            id: id.to_owned(),
            version,
            sealed: sealed.to_vec(),
        })
        .collect();
    Ok(Replayed { items, dead_bytes })
}

/// Each live item's id and version, without copying the sealed bytes.
pub(crate) fn versions(bytes: &[u8]) -> Result<Vec<(String, u32)>, StoreError> {
    let (live, _) = live_entries(bytes)?;
    Ok(live.into_iter().map(|(id, (version, ..))| (id.to_owned(), version)).collect())
}

/// Each live item's version, sealed bytes and entry size by id, and the dead bytes.
#[allow(clippy::type_complexity)] // One private step of the two above.
fn live_entries(bytes: &[u8]) -> Result<(HashMap<&str, (u32, &[u8], usize)>, u64), StoreError> {
    let damaged = || StoreError::Failed("a record's items file is damaged".into());
    let mut live: HashMap<&str, (u32, &[u8], usize)> = HashMap::new();
    let (mut at, mut dead_bytes) = (0, 0_u64);
    let take = |at: &mut usize, n: usize| -> Result<&[u8], StoreError> {
        let part = bytes.get(*at..*at + n).ok_or_else(damaged)?;
        *at += n;
        Ok(part)
    };
    while at < bytes.len() {
        let start = at;
        let tag = take(&mut at, 1)?[0];
        let id_len = u16::from_le_bytes(take(&mut at, 2)?.try_into().unwrap_or_default());
        let id = std::str::from_utf8(take(&mut at, usize::from(id_len))?).map_err(|_| damaged())?;
        let replaced = match tag {
            UPSERT => {
                let version = u32::from_le_bytes(take(&mut at, 4)?.try_into().unwrap_or_default());
                let len = u32::from_le_bytes(take(&mut at, 4)?.try_into().unwrap_or_default());
                let sealed = take(&mut at, len as usize)?;
                live.insert(id, (version, sealed, at - start))
            }
            REMOVAL => {
                dead_bytes += (at - start) as u64;
                live.remove(id)
            }
            _ => return Err(damaged()),
        };
        dead_bytes += replaced.map_or(0, |(_, _, size)| size as u64);
    }
    Ok((live, dead_bytes))
}

/// The first `len` bytes of the file `name` in `folder` (its committed part); none when
/// nothing is committed.
pub(crate) fn read(folder: &Path, name: &str, len: u64) -> Result<Vec<u8>, StoreError> {
    if len == 0 {
        return Ok(Vec::new());
    }
    let mut file = std::fs::File::open(folder.join(name)).map_err(StoreError::from)?;
    let mut bytes = vec![
        0;
        usize::try_from(len).map_err(|_| StoreError::from(
            std::io::Error::from(std::io::ErrorKind::InvalidData)
        ))?
    ];
    file.read_exact(&mut bytes).map_err(StoreError::from)?;
    Ok(bytes)
}

/// Writes `bytes` after the first `committed` bytes of the file `name` (what lies beyond
/// them is cut off first) and flushes them to the disk. The file's new committed length,
/// once the caller's commit counts it. On a failure the file is cut back to `committed`.
pub(crate) fn append(
    folder: &Path,
    name: &str,
    committed: u64,
    entries: &Entries<'_>,
) -> Result<u64, StoreError> {
    let path = folder.join(name);
    // A new file is made private; an existing one already is (and its folder since the
    // store opened): a page's append does not set them again.
    let new_file = committed == 0 && !path.exists();
    let mut file = if new_file {
        crate::files::private_file(&path)
    } else {
        std::fs::OpenOptions::new().write(true).open(&path)
    }
    .map_err(StoreError::from)?;
    let written: std::io::Result<()> = (|| {
        if file.metadata()?.len() != committed {
            file.set_len(committed)?;
        }
        file.seek(SeekFrom::Start(committed))?;
        write_all_vectored(&mut file, &mut entries.slices())?;
        file.sync_data()?;
        if new_file {
            // The file's name must be on the disk before a commit names it.
            sync_folder(folder)?;
        }
        Ok(())
    })();
    if let Err(error) = written {
        let _ = file.set_len(committed);
        return Err(error.into());
    }
    Ok(committed + entries.len())
}

/// `Write::write_all` over several buffers (Linux takes up to 1,024 a system call).
fn write_all_vectored(
    file: &mut std::fs::File,
    mut slices: &mut [IoSlice<'_>],
) -> std::io::Result<()> {
    while !slices.is_empty() {
        match file.write_vectored(slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut slices, written),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Writes `items` as a new file, flushed, for a compaction: its name and length.
pub(crate) fn rewrite(folder: &Path, items: &[StoredItem]) -> Result<(String, u64), StoreError> {
    let name = new_name();
    let len = append(folder, &name, 0, &Entries::new(&[], items));
    if len.is_err() {
        let _ = std::fs::remove_file(folder.join(&name));
    }
    Ok((name, len?))
}

/// Deletes the files in `folder` that `named` does not list (their record was purged, or a
/// compaction or first page did not reach its commit).
pub(crate) fn delete_unnamed(folder: &Path, named: &[String]) -> Result<(), StoreError> {
    for entry in std::fs::read_dir(folder).map_err(StoreError::from)? {
        let entry = entry.map_err(StoreError::from)?;
        let name = entry.file_name();
        if !named.iter().any(|n| name.to_str() == Some(n.as_str())) {
            std::fs::remove_file(entry.path()).map_err(StoreError::from)?;
        }
    }
    Ok(())
}

/// Deletes the file `name`, if it is there (its record's rows are gone already).
pub(crate) fn delete(folder: &Path, name: &str) {
    if let Err(error) = std::fs::remove_file(folder.join(name))
        && error.kind() != std::io::ErrorKind::NotFound
    {
        // Deleted at the next start instead (no record names it).
        tracing::warn!(%error, "cannot delete a purged record's items file");
    }
}

fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, version: u32, size: usize) -> StoredItem {
        StoredItem { id: id.into(), version, sealed: vec![version as u8; size] }
    }

    fn sorted(mut items: Vec<StoredItem>) -> Vec<StoredItem> {
        items.sort_by(|a, b| a.id.cmp(&b.id));
        items
    }

    #[test]
    fn the_last_word_on_an_item_wins_and_dead_bytes_are_counted() {
        let mut bytes = Vec::new();
        encode(&[], &[item("a", 1, 100), item("b", 1, 100)], &mut bytes);
        let one_entry = bytes.len() as u64 / 2;
        encode(&["a".into()], &[item("b", 2, 100), item("c", 1, 10)], &mut bytes);
        let replayed = replay(&bytes).unwrap();
        assert_eq!(sorted(replayed.items), vec![item("b", 2, 100), item("c", 1, 10)]);
        // "a" and its removal, and b's first version.
        assert_eq!(replayed.dead_bytes, one_entry + 4 + one_entry);
        // Removed then back: there again.
        encode(&["c".into()], &[item("c", 3, 5)], &mut bytes);
        assert!(replay(&bytes).unwrap().items.contains(&item("c", 3, 5)));
    }

    #[test]
    fn bytes_cut_anywhere_are_refused_not_misread() {
        let mut bytes = Vec::new();
        encode(&["x".into()], &[item("a", 1, 50), item("b", 7, 3)], &mut bytes);
        for cut in 1..bytes.len() {
            // A cut on an entry's end reads as the entries before it; anywhere else is
            // damage (the committed length never ends mid-entry).
            if let Ok(replayed) = replay(&bytes[..cut]) {
                assert!(replayed.items.len() < 2, "cut at {cut}");
            }
        }
        let mut wrong_tag = bytes.clone();
        wrong_tag[0] = 9;
        assert!(replay(&wrong_tag).is_err());
    }

    #[test]
    fn an_append_cuts_off_what_no_commit_counted() {
        let folder = tempfile::tempdir().unwrap();
        let name = new_name();
        let first = [item("a", 1, 20)];
        let committed = append(folder.path(), &name, 0, &Entries::new(&[], &first)).unwrap();
        // A page written but never committed (the app stopped before SQLite's commit).
        let lost = [item("lost", 1, 20)];
        append(folder.path(), &name, committed, &Entries::new(&[], &lost)).unwrap();
        // The next page goes where the committed bytes end.
        let second = [item("b", 1, 20)];
        let len = append(folder.path(), &name, committed, &Entries::new(&[], &second)).unwrap();
        assert_eq!(std::fs::metadata(folder.path().join(&name)).unwrap().len(), len);
        let replayed = replay(&read(folder.path(), &name, len).unwrap()).unwrap();
        assert_eq!(sorted(replayed.items), vec![item("a", 1, 20), item("b", 1, 20)]);
        // What is not committed is not read.
        let mut encoded = Vec::new();
        encode(&[], &first, &mut encoded);
        assert_eq!(read(folder.path(), &name, committed).unwrap(), encoded);
    }

    #[test]
    fn a_page_of_more_buffers_than_one_system_call_takes_is_written_whole() {
        let folder = tempfile::tempdir().unwrap();
        let name = new_name();
        // Two buffers an item, 3,000 in all: over the 1,024 Linux takes in one call.
        let items: Vec<_> =
            (0..1500).map(|n| item(&format!("r{n}"), n, 1 + n as usize % 40)).collect();
        let removals = vec!["gone".to_owned()];
        let len = append(folder.path(), &name, 0, &Entries::new(&removals, &items)).unwrap();
        let mut encoded = Vec::new();
        encode(&removals, &items, &mut encoded);
        assert_eq!(len, encoded.len() as u64);
        assert_eq!(read(folder.path(), &name, len).unwrap(), encoded);
        assert_eq!(sorted(replay(&encoded).unwrap().items), sorted(items));
    }

    #[test]
    fn compaction_is_wanted_once_most_of_a_big_file_is_dead() {
        let replayed = |dead_bytes| Replayed { items: Vec::new(), dead_bytes };
        assert!(!replayed(500_000).wants_compaction(600_000), "under the floor");
        assert!(!replayed(2_000_000).wants_compaction(5_000_000), "mostly live");
        assert!(replayed(3_000_000).wants_compaction(5_000_000));
    }

    #[test]
    fn files_no_record_names_are_deleted() {
        let folder = tempfile::tempdir().unwrap();
        for name in ["kept", "orphan"] {
            std::fs::write(folder.path().join(name), b"x").unwrap();
        }
        delete_unnamed(folder.path(), &["kept".into()]).unwrap();
        assert!(folder.path().join("kept").exists());
        assert!(!folder.path().join("orphan").exists());
    }
}
