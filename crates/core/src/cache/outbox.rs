//! A record's outbox: messages written on this device and not yet accepted by the server.
//!
//! The entries (destination, text, file names, when written, a refusal), in the order
//! written, are one small sealed document; each message's files are a sealed document of
//! their own, written and dropped in the same store step as its entry, so a crash never
//! leaves an entry without its files. Listing the outbox, marking a refusal or sending one
//! message opens the entries and at most that message's files, not every file of every
//! waiting message (up to five files of 10 MB each, per message).

use dossier_api::messages::{MessageProblem, NewAttachment, NewMessage, PendingMessageView};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{ReportCache, StoredDocument, envelope, store_error};
use crate::error::CoreError;

/// The entries' document.
const ENTRIES: &str = "outbox_entries";
/// The outbox as one document with every file inside (before the files had their own).
const WHOLE: &str = "outbox";

/// A message in the outbox, without its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct OutboxEntry {
    client_id: String,
    destination: dossier_api::messages::MessageDestination,
    body: String,
    file_names: Vec<String>,
    written_at: i64,
    refused: Option<MessageProblem>,
}

impl OutboxEntry {
    fn view(&self) -> PendingMessageView {
        PendingMessageView {
            client_id: self.client_id.clone(),
            destination: self.destination.clone(),
            body: self.body.clone(),
            file_names: self.file_names.clone(),
            written_at: self.written_at,
            refused: self.refused,
        }
    }

    /// The entry and the files of `message`.
    fn of(
        message: NewMessage,
        written_at: i64,
        refused: Option<MessageProblem>,
    ) -> (Self, Vec<NewAttachment>) {
        let NewMessage { client_id, destination, body, attachments } = message;
        let file_names = attachments.iter().map(|a| a.file_name.clone()).collect();
        (Self { client_id, destination, body, file_names, written_at, refused }, attachments)
    }
}

/// A message of the whole-outbox document.
#[derive(Deserialize)]
struct WholePending {
    message: NewMessage,
    written_at: i64,
    refused: Option<MessageProblem>,
}

/// The name of a message's files document: the client id is bound in its envelope, so one
/// message's files never open as another's.
fn files_name(client_id: &str) -> String {
    format!("outbox_files/{client_id}")
}

/// One document to write (Some: its JSON) or drop (None), in one store step with others.
type DocumentChange = (String, Option<Zeroizing<Vec<u8>>>);

fn json<T: Serialize + ?Sized>(value: &T) -> Result<Zeroizing<Vec<u8>>, CoreError> {
    serde_json::to_vec(value).map(Zeroizing::new).map_err(|_| CoreError::Encoding)
}

impl ReportCache {
    /// The record's outbox, oldest first.
    pub fn outbox(&self, record: &str) -> Result<Vec<PendingMessageView>, CoreError> {
        Ok(self.outbox_entries(record)?.iter().map(OutboxEntry::view).collect())
    }

    /// Keeps a written message (checked by the caller) with its files, in one step. A
    /// message whose client id is already waiting is the same message: nothing changes.
    pub fn add_to_outbox(
        &self,
        record: &str,
        message: NewMessage,
        written_at: i64,
    ) -> Result<(), CoreError> {
        let mut entries = self.outbox_entries(record)?;
        if entries.iter().any(|e| e.client_id == message.client_id) {
            return Ok(());
        }
        let (entry, files) = OutboxEntry::of(message, written_at, None);
        let files = (files_name(&entry.client_id), Some(json(&files)?));
        entries.push(entry);
        self.put_outbox(record, &entries, vec![files])
    }

    /// A waiting message with its files, as it is sent; None when it is not waiting (or
    /// its files did not open).
    pub fn outbox_message(
        &self,
        record: &str,
        client_id: &str,
    ) -> Result<Option<NewMessage>, CoreError> {
        let Some(entry) =
            self.outbox_entries(record)?.into_iter().find(|e| e.client_id == client_id)
        else {
            return Ok(None);
        };
        let attachments: Vec<NewAttachment> = if entry.file_names.is_empty() {
            Vec::new()
        } else {
            match self.open_named(record, &files_name(client_id))? {
                Some(files) => files,
                // Its files did not open (a damaged store): it is not sent without them.
                // It stays in the outbox, shown as waiting, for the writer to delete.
                None => {
                    tracing::warn!("a waiting message's files did not open: not sent");
                    return Ok(None);
                }
            }
        };
        let OutboxEntry { client_id, destination, body, .. } = entry;
        Ok(Some(NewMessage { client_id, destination, body, attachments }))
    }

    /// Drops a message and its files from the outbox, in one step (sent, or no longer
    /// wanted).
    pub fn remove_from_outbox(&self, record: &str, client_id: &str) -> Result<(), CoreError> {
        let mut entries = self.outbox_entries(record)?;
        entries.retain(|e| e.client_id != client_id);
        self.put_outbox(record, &entries, vec![(files_name(client_id), None)])
    }

    /// Keeps the server's refusal with the message, which stays until the writer deletes
    /// it.
    pub fn refuse_in_outbox(
        &self,
        record: &str,
        client_id: &str,
        problem: MessageProblem,
    ) -> Result<(), CoreError> {
        let mut entries = self.outbox_entries(record)?;
        for entry in entries.iter_mut().filter(|e| e.client_id == client_id) {
            entry.refused = Some(problem);
        }
        self.put_outbox(record, &entries, Vec::new())
    }

    /// The entries, oldest first. An outbox kept as one document with its files inside
    /// (as before the files had their own) is split here first, in one step.
    fn outbox_entries(&self, record: &str) -> Result<Vec<OutboxEntry>, CoreError> {
        if let Some(whole) = self.open_named::<Vec<WholePending>>(record, WHOLE)? {
            let mut entries = Vec::with_capacity(whole.len());
            let mut changes = vec![(WHOLE.to_owned(), None)];
            for pending in whole {
                let (entry, files) =
                    OutboxEntry::of(pending.message, pending.written_at, pending.refused);
                changes.push((files_name(&entry.client_id), Some(json(&files)?)));
                entries.push(entry);
            }
            self.put_outbox(record, &entries, changes)?;
            return Ok(entries);
        }
        Ok(self.open_named(record, ENTRIES)?.unwrap_or_default())
    }

    /// Writes the entries with `changes` (files written or dropped) in one store step.
    fn put_outbox(
        &self,
        record: &str,
        entries: &[OutboxEntry],
        mut changes: Vec<DocumentChange>,
    ) -> Result<(), CoreError> {
        changes.push((ENTRIES.to_owned(), Some(json(entries)?)));
        let (sealed, record_key) = self.with_key(record, |key| {
            changes
                .iter()
                .map(|(name, plain)| {
                    let sealed = plain
                        .as_ref()
                        .map(|plain| envelope::seal_document_json(key, record, name, plain))
                        .transpose()?;
                    Ok((
                        name.as_str(),
                        sealed.map(|sealed| StoredDocument {
                            sealed,
                            cursor: String::new(),
                            synced_at: 0,
                        }),
                    ))
                })
                .collect::<Result<Vec<_>, CoreError>>()
        })?;
        let documents: Vec<(&str, Option<&StoredDocument>)> =
            sealed.iter().map(|(name, document)| (*name, document.as_ref())).collect();
        self.store.put_documents(record, &documents, record_key.as_deref()).map_err(store_error)
    }
}
