//! A record's appointments and invoices as the user reads and acts on them: synced by the
//! server's cursor into the encrypted cache (one sealed document per kind and record, see
//! `cache::documents`), read from it (offline too), in the order a patient looks for them;
//! cancelling an appointment and fetching an invoice's PDF go to the server.

use dossier_api::{
    appointments::{AppointmentSyncResponse, AppointmentView},
    invoices::{InvoiceStatus, InvoiceSyncResponse, InvoiceView},
};
use serde::{Serialize, de::DeserializeOwned};

use crate::{
    cache::{DocumentKind, HeldDocument},
    error::CoreError,
};

use super::Account;

/// A record's appointments: coming ones soonest first, then past and cancelled ones newest
/// first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentList {
    pub upcoming: Vec<AppointmentView>,
    pub past: Vec<AppointmentView>,
    /// Unix seconds of the last complete sync; None: never on this device.
    pub last_synced: Option<i64>,
}

/// A record's invoices: those with something left to pay, soonest due first, then the
/// settled ones newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceList {
    pub to_pay: Vec<InvoiceView>,
    pub settled: Vec<InvoiceView>,
    pub last_synced: Option<i64>,
}

/// An item synced by cursor (an appointment, an invoice): whose it is and its id.
trait Synced: Serialize + DeserializeOwned + Send + 'static {
    const KIND: DocumentKind;
    fn id(&self) -> &str;
    fn record_id(&self) -> &str;
}

impl Synced for AppointmentView {
    const KIND: DocumentKind = DocumentKind::Appointments;
    fn id(&self) -> &str {
        &self.id
    }
    fn record_id(&self) -> &str {
        &self.record_id
    }
}

impl Synced for InvoiceView {
    const KIND: DocumentKind = DocumentKind::Invoices;
    fn id(&self) -> &str {
        &self.id
    }
    fn record_id(&self) -> &str {
        &self.record_id
    }
}

/// One page of changes, whichever the kind.
struct ChangePage<T> {
    record_id: String,
    upserts: Vec<T>,
    removals: Vec<String>,
    cursor: String,
    more: bool,
}

impl From<AppointmentSyncResponse> for ChangePage<AppointmentView> {
    fn from(page: AppointmentSyncResponse) -> Self {
        let AppointmentSyncResponse { record_id, upserts, removals, cursor, more, .. } = page;
        Self { record_id, upserts, removals, cursor, more }
    }
}

impl From<InvoiceSyncResponse> for ChangePage<InvoiceView> {
    fn from(page: InvoiceSyncResponse) -> Self {
        let InvoiceSyncResponse { record_id, upserts, removals, cursor, more, .. } = page;
        Self { record_id, upserts, removals, cursor, more }
    }
}

impl Account {
    /// Brings the record's appointments up to date on the device. Whether anything changed.
    pub async fn sync_appointments(&self, record: &str) -> Result<bool, CoreError> {
        self.sync_kind::<AppointmentView, _, _>(record, |token, record, cursor| async move {
            self.client.appointment_changes(&token, &record, &cursor).await.map(ChangePage::from)
        })
        .await
    }

    /// Brings the record's invoices up to date on the device. Whether anything changed.
    pub async fn sync_invoices(&self, record: &str) -> Result<bool, CoreError> {
        self.sync_kind::<InvoiceView, _, _>(record, |token, record, cursor| async move {
            self.client.invoice_changes(&token, &record, &cursor).await.map(ChangePage::from)
        })
        .await
    }

    /// Syncs the appointments and invoices of every record the user may open, as the
    /// periodic sync does after the reports. The records where something changed.
    pub async fn sync_appointments_and_invoices(&self) -> Result<Vec<String>, CoreError> {
        let mut changed = Vec::new();
        for record in self.records().await {
            let appointments = self.sync_appointments(&record.record_id).await?;
            let invoices = self.sync_invoices(&record.record_id).await?;
            if appointments || invoices {
                changed.push(record.record_id);
            }
        }
        Ok(changed)
    }

    /// Page after page from the cursor held here, each applied to the held list and kept
    /// with its cursor in one step. A cursor the server no longer accepts (its key
    /// changed) starts the kind again from the start, once.
    async fn sync_kind<T, F, Fut>(&self, record: &str, fetch: F) -> Result<bool, CoreError>
    where
        T: Synced,
        F: Fn(dossier_api::Sensitive<String>, String, String) -> Fut,
        Fut: Future<Output = Result<ChangePage<T>, CoreError>>,
    {
        let fetch = &fetch;
        self.with_session(|token| async move {
            let mut changed = false;
            let mut restarted = false;
            loop {
                let held = self.held::<Vec<T>>(record, T::KIND).await?;
                let (mut items, cursor) =
                    held.map_or((Vec::new(), String::new()), |h| (h.value, h.cursor));
                let page = match fetch(token.clone(), record.to_owned(), cursor.clone()).await {
                    Err(CoreError::Refused) if !cursor.is_empty() && !restarted => {
                        restarted = true;
                        let record = record.to_owned();
                        self.with_record(&record, |cache, record| {
                            cache.put_document(record, T::KIND, &Vec::<T>::new(), "", None)
                        })
                        .await?;
                        continue;
                    }
                    other => other?,
                };
                if page.record_id != record || page.upserts.iter().any(|i| i.record_id() != record)
                {
                    return Err(CoreError::InvalidResponse);
                }
                changed |= !page.upserts.is_empty() || !page.removals.is_empty();
                items.retain(|i| !page.removals.iter().any(|gone| gone == i.id()));
                for item in page.upserts {
                    items.retain(|i| i.id() != item.id());
                    items.push(item);
                }
                // "Last updated" moves when the last page is in.
                let synced_at = (!page.more).then(|| self.clock.now());
                let (next, more) = (page.cursor, page.more);
                self.with_record(record, move |cache, record| {
                    cache.put_document(record, T::KIND, &items, &next, synced_at)
                })
                .await?;
                if !more {
                    return Ok(changed);
                }
            }
        })
        .await
    }

    pub(super) async fn held<T: DeserializeOwned + Send + 'static>(
        &self,
        record: &str,
        kind: DocumentKind,
    ) -> Result<Option<HeldDocument<T>>, CoreError> {
        self.with_record(record, move |cache, record| cache.document(record, kind)).await
    }

    /// The record's appointments as held on the device (offline too).
    pub async fn appointments(&self, record: &str) -> Result<AppointmentList, CoreError> {
        let held = self.held::<Vec<AppointmentView>>(record, DocumentKind::Appointments).await?;
        let now = self.clock.now();
        let (all, last_synced) = held.map_or((Vec::new(), None), |h| (h.value, h.last_synced));
        let (mut upcoming, mut past): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|a| a.status.is_upcoming() && a.ends_at > now);
        upcoming.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.id.cmp(&b.id)));
        past.sort_by(|a, b| b.starts_at.cmp(&a.starts_at).then_with(|| a.id.cmp(&b.id)));
        Ok(AppointmentList { upcoming, past, last_synced })
    }

    /// One appointment as held on the device.
    pub async fn appointment(
        &self,
        record: &str,
        id: &str,
    ) -> Result<Option<AppointmentView>, CoreError> {
        let held = self.held::<Vec<AppointmentView>>(record, DocumentKind::Appointments).await?;
        Ok(held.and_then(|h| h.value.into_iter().find(|a| a.id == id)))
    }

    /// Cancels an appointment on the server (where its department allows it, in time);
    /// the device holds it as cancelled at once. A trusted person is refused
    /// ([`CoreError::NotAllowedToChange`]); a department's rule, its notice or the state of
    /// the appointment refuse with [`CoreError::CancelRefused`].
    pub async fn cancel_appointment(
        &self,
        record: &str,
        appointment: &str,
    ) -> Result<AppointmentView, CoreError> {
        let cancelled = self
            .with_session(|token| async move {
                self.client.cancel_appointment(&token, record, appointment).await
            })
            .await?;
        if cancelled.record_id != record || cancelled.id != appointment {
            return Err(CoreError::InvalidResponse);
        }
        let held = self.held::<Vec<AppointmentView>>(record, DocumentKind::Appointments).await?;
        if let Some(HeldDocument { mut value, cursor, .. }) = held {
            for item in value.iter_mut().filter(|a| a.id == cancelled.id) {
                *item = cancelled.clone();
            }
            // The cursor stays: the next sync brings the cancellation again, harmlessly.
            self.with_record(record, move |cache, record| {
                cache.put_document(record, DocumentKind::Appointments, &value, &cursor, None)
            })
            .await?;
        }
        Ok(cancelled)
    }

    /// The record's invoices as held on the device (offline too).
    pub async fn invoices(&self, record: &str) -> Result<InvoiceList, CoreError> {
        let held = self.held::<Vec<InvoiceView>>(record, DocumentKind::Invoices).await?;
        let (all, last_synced) = held.map_or((Vec::new(), None), |h| (h.value, h.last_synced));
        let (mut to_pay, mut settled): (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|i| i.status != InvoiceStatus::Paid && i.left_to_pay_cents > 0);
        to_pay.sort_by(|a, b| a.due_on.cmp(&b.due_on).then_with(|| a.id.cmp(&b.id)));
        settled.sort_by(|a, b| b.issued_on.cmp(&a.issued_on).then_with(|| a.id.cmp(&b.id)));
        Ok(InvoiceList { to_pay, settled, last_synced })
    }

    /// One invoice as held on the device.
    pub async fn invoice(&self, record: &str, id: &str) -> Result<Option<InvoiceView>, CoreError> {
        let held = self.held::<Vec<InvoiceView>>(record, DocumentKind::Invoices).await?;
        Ok(held.and_then(|h| h.value.into_iter().find(|i| i.id == id)))
    }

    /// The invoice as a PDF, made by the server as the invoice stands now.
    pub async fn invoice_pdf(&self, record: &str, invoice: &str) -> Result<Vec<u8>, CoreError> {
        self.with_session(
            |token| async move { self.client.invoice_pdf(&token, record, invoice).await },
        )
        .await
    }
}
