//! What the cache seals and how each item is bound to its place: the associated data of a
//! report, a record's seen list, a record's key and an account item, and sealing and
//! opening each under the right key (the cipher itself is `crate::aead`). An item opens
//! only under the record, kind, id and version it was sealed for.

use std::collections::HashMap;

use dossier_api::reports::ReportView;
use serde::{Serialize, de::DeserializeOwned};
use zeroize::{Zeroize, Zeroizing};

use super::store::StoredItem;
use crate::{
    aead::{SealingKey, open, parts, seal},
    error::CoreError,
};

const KIND_REPORT: &str = "report";
const KIND_SEEN: &str = "seen";
const KIND_ACCESS_LOG: &str = "access-log";
const KIND_DOCUMENT: &str = "document";

fn item_aad(record: &str, kind: &str, id: &str, version: u32) -> Vec<u8> {
    const PREFIX: &[u8] = b"dossier item v1\0";
    // One allocation: this runs for every report of a sync.
    let mut aad = Vec::with_capacity(PREFIX.len() + record.len() + kind.len() + id.len() + 7);
    aad.extend_from_slice(PREFIX);
    for part in [record, kind, id] {
        aad.extend_from_slice(part.as_bytes());
        aad.push(0);
    }
    aad.extend_from_slice(&version.to_le_bytes());
    aad
}

/// The seen list is one item per record.
fn seen_aad(record: &str) -> Vec<u8> {
    item_aad(record, KIND_SEEN, "", 0)
}

fn record_key_aad(record: &str) -> Vec<u8> {
    [b"dossier record key v1\0".as_slice(), record.as_bytes()].concat()
}

fn account_aad(name: &str) -> Vec<u8> {
    [b"dossier account item v1\0".as_slice(), name.as_bytes()].concat()
}

/// Seals a report's JSON as the item `id` at `version` of `record`.
pub(super) fn seal_report(
    key: &SealingKey,
    record: &str,
    id: &str,
    version: u32,
    json: &[u8],
) -> Result<Vec<u8>, CoreError> {
    seal(key, &item_aad(record, KIND_REPORT, id, version), json)
}

/// Opens a stored report in its own buffer (which it wipes). None when it does not open
/// (tampered, moved, sealed with another key) or is not the report its place says.
pub(super) fn open_report(
    key: &SealingKey,
    record: &str,
    item: &mut StoredItem,
) -> Option<ReportView> {
    let aad = item_aad(record, KIND_REPORT, &item.id, item.version);
    let opened = parts(&mut item.sealed)
        .and_then(|(nonce, ciphertext)| key.decrypt_in_place(&aad, nonce, ciphertext))
        .and_then(|plain| serde_json::from_slice::<ReportView>(plain).ok());
    item.sealed.zeroize();
    opened.filter(|r| r.id == item.id && r.record_id == record)
}

/// Seals a chunk of a record's access log (the entries of one page) as the item `id`.
pub(super) fn seal_log_chunk<T: Serialize>(
    key: &SealingKey,
    record: &str,
    id: &str,
    entries: &[T],
) -> Result<Vec<u8>, CoreError> {
    let plain = Zeroizing::new(serde_json::to_vec(entries).map_err(|_| CoreError::Encoding)?);
    seal(key, &item_aad(record, KIND_ACCESS_LOG, id, 0), &plain)
}

/// Opens a chunk of the access log in its own buffer (which it wipes). None when it does
/// not open (tampered, moved, sealed with another key).
pub(super) fn open_log_chunk<T: DeserializeOwned>(
    key: &SealingKey,
    record: &str,
    item: &mut StoredItem,
) -> Option<Vec<T>> {
    let aad = item_aad(record, KIND_ACCESS_LOG, &item.id, 0);
    let opened = parts(&mut item.sealed)
        .and_then(|(nonce, ciphertext)| key.decrypt_in_place(&aad, nonce, ciphertext))
        .and_then(|plain| serde_json::from_slice::<Vec<T>>(plain).ok());
    item.sealed.zeroize();
    opened
}

/// Seals a record's document of `kind` (all its appointments, say) as one item.
pub(super) fn seal_document<T: Serialize + ?Sized>(
    key: &SealingKey,
    record: &str,
    kind: &str,
    value: &T,
) -> Result<Vec<u8>, CoreError> {
    let plain = Zeroizing::new(serde_json::to_vec(value).map_err(|_| CoreError::Encoding)?);
    seal_document_json(key, record, kind, &plain)
}

/// [`seal_document`] of a value already written as JSON.
pub(super) fn seal_document_json(
    key: &SealingKey,
    record: &str,
    kind: &str,
    plain: &[u8],
) -> Result<Vec<u8>, CoreError> {
    seal(key, &item_aad(record, KIND_DOCUMENT, kind, 0), plain)
}

/// A record's document of `kind`; None when it does not open (tampered, moved to another
/// record or kind, sealed with another key).
pub(super) fn open_document<T: DeserializeOwned>(
    key: &SealingKey,
    record: &str,
    kind: &str,
    sealed: &[u8],
) -> Option<T> {
    open(key, &item_aad(record, KIND_DOCUMENT, kind, 0), sealed)
        .and_then(|plain| serde_json::from_slice(&plain).ok())
}

/// Seals a record's seen list (report id -> version).
pub(super) fn seal_seen(
    key: &SealingKey,
    record: &str,
    seen: &HashMap<String, u32>,
) -> Result<Vec<u8>, CoreError> {
    let plain = Zeroizing::new(serde_json::to_vec(seen).map_err(|_| CoreError::Encoding)?);
    seal(key, &seen_aad(record), &plain)
}

/// A record's seen list; None when it does not open.
pub(super) fn open_seen(
    key: &SealingKey,
    record: &str,
    sealed: &[u8],
) -> Option<HashMap<String, u32>> {
    open(key, &seen_aad(record), sealed).and_then(|plain| serde_json::from_slice(&plain).ok())
}

/// Seals a record's key under the device's cache key.
pub(super) fn seal_record_key(
    cache_key: &SealingKey,
    record: &str,
    key: &[u8],
) -> Result<Vec<u8>, CoreError> {
    seal(cache_key, &record_key_aad(record), key)
}

/// A record's key, unsealed with the device's cache key.
pub(super) fn open_record_key(
    cache_key: &SealingKey,
    record: &str,
    sealed: &[u8],
) -> Result<SealingKey, CoreError> {
    let bytes = open(cache_key, &record_key_aad(record), sealed).ok_or(CoreError::CacheDamaged)?;
    let key: Zeroizing<[u8; 32]> =
        Zeroizing::new(bytes.as_slice().try_into().map_err(|_| CoreError::CacheDamaged)?);
    Ok(SealingKey::new(&key))
}

/// Seals the account item `name` under the device's cache key.
pub(super) fn seal_account_item<T: Serialize + ?Sized>(
    cache_key: &SealingKey,
    name: &str,
    value: &T,
) -> Result<Vec<u8>, CoreError> {
    let plain = Zeroizing::new(serde_json::to_vec(value).map_err(|_| CoreError::Encoding)?);
    seal(cache_key, &account_aad(name), &plain)
}

/// The account item `name`; None when it does not open.
pub(super) fn open_account_item<T: DeserializeOwned>(
    cache_key: &SealingKey,
    name: &str,
    sealed: &[u8],
) -> Option<T> {
    open(cache_key, &account_aad(name), sealed)
        .and_then(|plain| serde_json::from_slice(&plain).ok())
}
