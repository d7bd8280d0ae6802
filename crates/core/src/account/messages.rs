//! Messages to hospital services, readable offline and written offline. The record's
//! conversations are kept sealed on the device as last read (one document); a message
//! written here goes first into the record's outbox (sealed too, with its files), in one
//! write, before anything is sent: a crash, a restart or no connection loses nothing. The
//! outbox is sent in the order written whenever the connection is there (a sync, the
//! connection coming back); each message carries the id made when it was written, so a
//! send whose answer was lost, sent again, is the same message on the server. A message
//! the server refuses stays in the outbox with the reason until the writer deletes it.

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::{
    messages::{
        AttachmentProblem, MAX_ATTACHMENT_BYTES, MessageProblem, NewMessage, PendingMessageView,
        ThreadView,
    },
    reports::HospitalView,
};

use crate::{cache::DocumentKind, error::CoreError};

use super::Account;

/// A record's messages as the device holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageList {
    pub threads: Vec<ThreadView>,
    /// Written here, not yet accepted by the server (oldest first).
    pub pending: Vec<PendingMessageView>,
    /// Unix seconds the conversations were last read from the server.
    pub last_synced: Option<i64>,
    /// Where a new conversation can go, as last read (empty before the first sync).
    pub hospitals: Vec<HospitalView>,
}

impl Account {
    /// The record's conversations and outbox as held on the device (offline too).
    pub async fn messages(&self, record: &str) -> Result<MessageList, CoreError> {
        let held = self.held::<Vec<ThreadView>>(record, DocumentKind::Messages).await?;
        let (threads, last_synced) = held.map_or((Vec::new(), None), |h| (h.value, h.last_synced));
        let pending = self.outbox(record).await?;
        let hospitals = self
            .held::<Vec<HospitalView>>(record, DocumentKind::MessageHospitals)
            .await?
            .map(|h| h.value)
            .unwrap_or_default();
        Ok(MessageList { threads, pending, last_synced, hospitals })
    }

    async fn outbox(&self, record: &str) -> Result<Vec<PendingMessageView>, CoreError> {
        self.with_record(record, |cache, record| cache.outbox(record)).await
    }

    /// Writes a message: checked here as the server checks it (a refusal changes nothing),
    /// kept in the outbox, then sent if the connection allows. Answers with the record's
    /// messages as they are now; without a connection the message waits in the outbox.
    pub async fn write_message(
        &self,
        record: &str,
        message: NewMessage,
    ) -> Result<MessageList, CoreError> {
        let decoded: Vec<Vec<u8>> = message
            .attachments
            .iter()
            .enumerate()
            .map(|(index, a)| {
                let refused = |reason| {
                    CoreError::MessageRefused(MessageProblem::Attachment {
                        index: u8::try_from(index).unwrap_or(u8::MAX),
                        reason,
                    })
                };
                // Told by its length before it is decoded (four characters per three
                // bytes), as the server does: a file far too large is not copied again.
                if a.content.len() / 4 * 3 > MAX_ATTACHMENT_BYTES + 3 {
                    return Err(refused(AttachmentProblem::TooLarge));
                }
                STANDARD.decode(&a.content).map_err(|_| refused(AttachmentProblem::NotAllowedType))
            })
            .collect::<Result<_, _>>()?;
        message.check(&decoded).map_err(CoreError::MessageRefused)?;
        let written_at = self.clock.now();
        self.with_record(record, move |cache, record| {
            cache.add_to_outbox(record, message, written_at)
        })
        .await?;
        if !self.is_offline().await {
            match self.sync_messages(record).await {
                Ok(_) => {}
                Err(error) if error.is_offline() => {}
                Err(error) => tracing::info!(%error, "the outbox waits for the next sync"),
            }
        }
        self.messages(record).await
    }

    /// Deletes a message from the outbox (one the server refused, or one the writer no
    /// longer wants sent).
    pub async fn discard_pending(&self, record: &str, client_id: &str) -> Result<(), CoreError> {
        let client_id = client_id.to_owned();
        self.with_record(record, move |cache, record| cache.remove_from_outbox(record, &client_id))
            .await
    }

    /// Sends the record's outbox in the order written, then reads its conversations.
    /// Whether anything changed. Stops at the first send that fails for want of a
    /// connection (the rest wait); a refusal is kept with its reason.
    pub async fn sync_messages(&self, record: &str) -> Result<bool, CoreError> {
        self.sync_record_messages(record, &mut None).await
    }

    /// [`Self::sync_messages`], with the hospitals a message can go to as already read in
    /// this sync: the list is the account's, not the record's, so one sync of every record
    /// reads it once (after the first record's outbox, as a sync of that record alone).
    async fn sync_record_messages(
        &self,
        record: &str,
        hospitals: &mut Option<Vec<HospitalView>>,
    ) -> Result<bool, CoreError> {
        let mut changed = false;
        for pending in self.outbox(record).await? {
            if pending.refused.is_some() {
                continue;
            }
            let client_id = pending.client_id;
            let wanted = client_id.clone();
            let Some(message) = self
                .with_record(record, move |cache, record| cache.outbox_message(record, &wanted))
                .await?
            else {
                continue;
            };
            let sent = self
                .with_session(|token| {
                    let message = &message;
                    async move { self.client.send_message(&token, record, message).await }
                })
                .await;
            match sent {
                Ok(_) => {
                    self.with_record(record, move |cache, record| {
                        cache.remove_from_outbox(record, &client_id)
                    })
                    .await?;
                    changed = true;
                }
                Err(CoreError::MessageRefused(problem)) => {
                    self.with_record(record, move |cache, record| {
                        cache.refuse_in_outbox(record, &client_id, problem)
                    })
                    .await?;
                    changed = true;
                }
                Err(error) => return Err(error),
            }
        }
        let threads = self
            .with_session(|token| async move { self.client.message_threads(&token, record).await })
            .await?;
        let hospitals = match hospitals {
            Some(read) => read.clone(),
            None => {
                let read = self
                    .with_session(|token| async move { self.client.hospitals(&token).await })
                    .await?;
                hospitals.insert(read).clone()
            }
        };
        let before = self.held::<Vec<ThreadView>>(record, DocumentKind::Messages).await?;
        changed |= before.map(|h| h.value) != Some(threads.clone());
        let now = self.clock.now();
        self.with_record(record, move |cache, record| {
            cache.put_document(record, DocumentKind::Messages, &threads, "", Some(now))?;
            cache.put_document(record, DocumentKind::MessageHospitals, &hospitals, "", Some(now))
        })
        .await?;
        Ok(changed)
    }

    /// [`Self::sync_messages`] for every record the user may open: the records where
    /// something changed.
    pub async fn sync_all_messages(&self) -> Result<Vec<String>, CoreError> {
        let mut changed = Vec::new();
        let mut hospitals = None;
        for record in self.records().await {
            if self.sync_record_messages(&record.record_id, &mut hospitals).await? {
                changed.push(record.record_id);
            }
        }
        Ok(changed)
    }

    /// An attachment's bytes, from the server.
    pub async fn message_attachment(
        &self,
        record: &str,
        message: &str,
        attachment: &str,
    ) -> Result<Vec<u8>, CoreError> {
        self.with_session(|token| async move {
            self.client.message_attachment(&token, record, message, attachment).await
        })
        .await
    }
}
