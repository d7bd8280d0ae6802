//! A record's appointments, invoices and personal details on the device, for reading
//! offline. Each kind is small beside the reports (tens to a few hundred entries), so the
//! whole of it is one sealed document under the record's key (the kind bound in the
//! envelope), replaced in one step with the sync cursor that brought it: a page of changes
//! is kept all or nothing, and a crash never leaves a cursor ahead of what is held. A
//! document that does not open is dropped, and the next sync fetches the kind again from
//! the start. Documents go with their record when it is purged.

use serde::{Serialize, de::DeserializeOwned};

use super::{ReportCache, StoredDocument, envelope, store_error};
use crate::error::CoreError;

/// What a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    Appointments,
    Invoices,
    PersonalDetails,
    /// The record's conversations with hospital services, as last read from the server.
    Messages,
    /// The partner hospitals a message can go to, as last read: a message is written
    /// offline too.
    MessageHospitals,
}

impl DocumentKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Appointments => "appointments",
            Self::Invoices => "invoices",
            Self::PersonalDetails => "details",
            Self::Messages => "messages",
            Self::MessageHospitals => "message_hospitals",
        }
    }
}

/// A document as held here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldDocument<T> {
    pub value: T,
    /// Where the next sync of this kind starts ("" from the start).
    pub cursor: String,
    /// Unix seconds of the last complete sync; None while a first sync is under way.
    pub last_synced: Option<i64>,
}

impl ReportCache {
    /// The record's document of `kind`; None when none is held (or it did not open, and
    /// was dropped so the next sync brings it again).
    pub fn document<T: DeserializeOwned>(
        &self,
        record: &str,
        kind: DocumentKind,
    ) -> Result<Option<HeldDocument<T>>, CoreError> {
        Ok(self.open_stored(record, kind.name())?.map(|(value, stored)| {
            let last_synced = (stored.synced_at > 0).then_some(stored.synced_at);
            HeldDocument { value, cursor: stored.cursor, last_synced }
        }))
    }

    /// The value of the record's document named `name`, as [`Self::document`] opens it.
    pub(super) fn open_named<T: DeserializeOwned>(
        &self,
        record: &str,
        name: &str,
    ) -> Result<Option<T>, CoreError> {
        Ok(self.open_stored(record, name)?.map(|(value, _)| value))
    }

    /// The document named `name`, opened, with where its sync stands.
    fn open_stored<T: DeserializeOwned>(
        &self,
        record: &str,
        name: &str,
    ) -> Result<Option<(T, StoredDocument)>, CoreError> {
        let Some(stored) = self.store.document(record, name).map_err(store_error)? else {
            return Ok(None);
        };
        let opened = match self.opened(record) {
            Some(open) => envelope::open_document(&open.key, record, name, &stored.sealed),
            None => match self.stored_record_key(record)? {
                Some(key) => envelope::open_document(&key, record, name, &stored.sealed),
                None => None,
            },
        };
        let Some(value) = opened else {
            tracing::warn!(kind = name, "a document did not open: dropped, fetched again");
            self.store.put_document(record, name, None, None).map_err(store_error)?;
            return Ok(None);
        };
        Ok(Some((value, stored)))
    }

    /// Keeps `value` as the record's document of `kind`, with the cursor of the page that
    /// brought it and the time of the sync it completes (None: a sync under way, "last
    /// updated" stays where it was).
    pub fn put_document<T: Serialize + ?Sized>(
        &mut self,
        record: &str,
        kind: DocumentKind,
        value: &T,
        cursor: &str,
        synced_at: Option<i64>,
    ) -> Result<(), CoreError> {
        let synced_at = match synced_at {
            Some(at) => at,
            None => self
                .store
                .document(record, kind.name())
                .map_err(store_error)?
                .map_or(0, |held| held.synced_at),
        };
        let (sealed, record_key) =
            self.with_key(record, |key| envelope::seal_document(key, record, kind.name(), value))?;
        let document = StoredDocument { sealed, cursor: cursor.to_owned(), synced_at };
        self.store
            .put_document(record, kind.name(), Some(&document), record_key.as_deref())
            .map_err(store_error)
    }
}
