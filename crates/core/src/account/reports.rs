//! The reports on the device: the sync into the encrypted cache, and reading it (list,
//! search, one report, "new" markers, what is pending).

use std::collections::HashSet;

use dossier_api::{
    Sensitive,
    reports::{RecordAccess, ReportSyncResponse, ReportView},
};
use zeroize::Zeroizing;

use crate::{
    cache::{ClosedRecord, ReportCache, ReportList, ReportQuery, SqliteStore},
    client::DossierClient,
    error::CoreError,
    sync_page::ReportText,
};

use super::{Account, DeviceSupport};

/// Progress of a sync, for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncProgress {
    pub record_id: String,
    /// Reports received for this record so far in this sync.
    pub received: usize,
    pub done: bool,
}

impl Account {
    /// Opens the device's report store with the cache key.
    pub(super) async fn open_reports(
        &self,
        device: &DeviceSupport,
        key: &Zeroizing<[u8; 32]>,
    ) -> Result<(), CoreError> {
        let path = device.data_dir.join("cache").join("reports.sqlite3");
        let store = self
            .cache_thread
            .run(move || {
                SqliteStore::open(&path).map_err(|error| match error {
                    crate::cache::StoreError::Full => {
                        CoreError::StorageFull { needed_bytes: 1 << 20 }
                    }
                    error => {
                        tracing::warn!(%error, "cannot open the report cache");
                        CoreError::CacheDamaged
                    }
                })
            })
            .await?;
        *self.reports.lock().await = Some(ReportCache::new(Box::new(store), key.clone()));
        // A record whose last day passed while the app was closed is not shown again.
        self.close_expired_records().await?;
        Ok(())
    }

    /// Runs `f` on the open cache on the cache's thread: opening a record decrypts all of
    /// it (tens of milliseconds for thousands of reports) and most calls read or write
    /// the disk, which the async workers every app command shares must not wait on.
    pub(super) async fn with_cache<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut ReportCache) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let mut reports = self.reports.clone().lock_owned().await;
        let server_time = self.client.latest_server_time();
        self.cache_thread
            .run(move || {
                let cache = reports.as_mut().ok_or(CoreError::NotLoggedIn)?;
                if let Some(server_time) = server_time {
                    cache.saw_server_time(server_time)?;
                }
                f(cache)
            })
            .await
    }

    /// Runs `f` on `record` in the open cache, once it is checked that the record may still
    /// be shown (listed, not past its last day by the trusted clock: otherwise it is closed
    /// now and [`CoreError::RecordClosed`] returned).
    pub(super) async fn with_record<T: Send + 'static>(
        &self,
        record: &str,
        f: impl FnOnce(&mut ReportCache, &str) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let record = record.to_owned();
        let now = self.clock.now();
        self.with_cache(move |cache| {
            cache.check_open(&record, now)?;
            f(cache, &record)
        })
        .await
    }

    /// Closes the records past their last day by the trusted clock (at unlock, at a
    /// switch, at midnight while the app is open). The records closed now.
    pub async fn close_expired_records(&self) -> Result<Vec<ClosedRecord>, CoreError> {
        let now = self.clock.now();
        self.with_cache(move |cache| cache.close_expired(now)).await
    }

    /// The records closed since this was last asked, by their last day or by a sync (each
    /// given once, for the person to be told).
    pub async fn take_closed_records(&self) -> Vec<ClosedRecord> {
        self.with_cache(|cache| Ok(cache.take_closed())).await.unwrap_or_default()
    }

    /// Brings every record the user may open up to date, page by page, each page stored in
    /// one transaction; purges the records the server no longer lists.
    pub async fn sync_reports(&self, on_progress: impl Fn(SyncProgress)) -> Result<(), CoreError> {
        let _one_at_a_time = self.sync_running.lock().await;
        self.with_session(|token| async move { self.sync_with(&token, on_progress).await }).await
    }

    /// Every page lists the records the user may still open, so the records as last seen
    /// are synced right away and the first page corrects the list: a sync that changes
    /// nothing is one request per record. The list is asked for on its own only when
    /// there is none yet (a first sync) or the first record is refused.
    async fn sync_with(
        &self,
        token: &Sensitive<String>,
        on_progress: impl Fn(SyncProgress),
    ) -> Result<(), CoreError> {
        let known: Vec<String> = self.records().await.into_iter().map(|r| r.record_id).collect();
        // The list as the server gave it during this sync.
        let mut listed = None;
        if known.is_empty() {
            listed = Some(self.adopt_records(self.client.records(token).await?).await?);
        }
        let mut synced = Vec::new();
        loop {
            let pending = listed.as_ref().unwrap_or(&known);
            let Some(record) = pending.iter().find(|r| !synced.contains(*r)).cloned() else {
                return Ok(());
            };
            match self.sync_record(token, &record, &on_progress, &mut listed).await {
                Ok(()) => synced.push(record),
                // No longer this user's to open: the list says which records are.
                Err(CoreError::Refused) if listed.is_none() => {
                    listed = Some(self.adopt_records(self.client.records(token).await?).await?);
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Takes the server's list of the records the user may open: purges every other
    /// record from the device and keeps the list, in one step (`ReportCache::adopt_records`).
    /// Their ids.
    async fn adopt_records(&self, records: Vec<RecordAccess>) -> Result<Vec<String>, CoreError> {
        let keep: Vec<String> = records.iter().map(|r| r.record_id.clone()).collect();
        self.with_cache(move |cache| cache.adopt_records(&records)).await?;
        Ok(keep)
    }

    /// Syncs one record. Its first page's list of records is adopted when `listed` has
    /// none yet, before anything of the page is stored.
    async fn sync_record(
        &self,
        token: &Sensitive<String>,
        record: &str,
        on_progress: &impl Fn(SyncProgress),
        listed: &mut Option<Vec<String>>,
    ) -> Result<(), CoreError> {
        let record_id = record.to_owned();
        let cursor = self.with_cache(move |cache| cache.begin_sync(&record_id)).await?;
        // Pages download one after the other while the ones already here are sealed and
        // stored; what arrived during a write goes into the next one together.
        let (pages, mut arrived) = tokio::sync::mpsc::channel(PAGES_AHEAD);
        // The download stops by itself once the sync stops listening.
        tokio::spawn(download_pages(
            self.client.clone(),
            token.clone(),
            record.to_owned(),
            cursor,
            pages,
        ));
        let mut received = 0;
        let mut done = false;
        while !done {
            // None: the download ended without its last page or an error (it panicked).
            let page = arrived.recv().await.ok_or(CoreError::InvalidResponse)?;
            let mut batch = vec![page?];
            let mut failure = None;
            while let Ok(page) = arrived.try_recv() {
                match page {
                    Ok(page) => batch.push(page),
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            if batch.iter().any(|page| page.record_id != record) {
                return Err(CoreError::InvalidResponse);
            }
            if listed.is_none() {
                let records = std::mem::take(&mut batch[0].records);
                if !records.iter().any(|r| r.record_id == record) {
                    return Err(CoreError::InvalidResponse);
                }
                *listed = Some(self.adopt_records(records).await?);
            }
            received += batch.iter().map(|page| page.upserts.len()).sum::<usize>();
            done = batch.last().is_some_and(|page| !page.more);
            // Sealing and the write block: off the async workers.
            let now = self.clock.now();
            self.with_cache(move |cache| cache.apply_sync_pages(&batch, now)).await?;
            on_progress(SyncProgress { record_id: record.to_owned(), received, done });
            // The pages before a failed one are kept: the next sync goes on from there.
            if let Some(e) = failure {
                return Err(e);
            }
        }
        Ok(())
    }

    /// The records the user may open (as of the last sync, also offline).
    pub async fn records(&self) -> Vec<RecordAccess> {
        self.with_cache(|cache| cache.record_list()).await.unwrap_or_default()
    }

    /// A record's reports matching `query`, newest first, from the open cache.
    pub async fn reports(
        &self,
        record: &str,
        query: &ReportQuery,
    ) -> Result<Vec<ReportView>, CoreError> {
        let query = query.clone();
        self.with_record(record, move |cache, record| {
            cache.open_record(record)?;
            Ok(cache.search(record, &query).into_iter().cloned().collect())
        })
        .await
    }

    /// Ids of the record's reports that arrived or changed since the patient last saw
    /// the list.
    pub async fn new_reports(&self, record: &str) -> Result<HashSet<String>, CoreError> {
        self.with_record(record, |cache, record| {
            cache.open_record(record)?;
            Ok(cache.new_ids(record))
        })
        .await
    }

    /// What the reports list shows (see [`ReportCache::list`]), off the async workers.
    pub async fn report_list<T: Send + 'static>(
        &self,
        record: &str,
        query: &ReportQuery,
        summarize: impl Fn(&ReportView, bool) -> T + Send + 'static,
    ) -> Result<ReportList<T>, CoreError> {
        let query = query.clone();
        self.with_record(record, move |cache, record| cache.list(record, &query, summarize)).await
    }

    /// The patient has seen the list: what is in it now is no longer new next time.
    pub async fn mark_reports_seen(&self, record: &str) -> Result<(), CoreError> {
        let record = record.to_owned();
        self.with_cache(move |cache| cache.mark_seen(&record)).await
    }

    /// One report, from the open cache.
    pub async fn report(&self, record: &str, id: &str) -> Result<Option<ReportView>, CoreError> {
        let id = id.to_owned();
        self.with_record(record, move |cache, record| {
            cache.open_record(record)?;
            Ok(cache.report(record, &id).cloned())
        })
        .await
    }

    /// When `record` was last brought up to date (Unix seconds), if ever.
    pub async fn last_synced(&self, record: &str) -> Result<Option<i64>, CoreError> {
        let record = record.to_owned();
        self.with_cache(move |cache| cache.last_synced(&record)).await
    }

    /// The reports that appear later (delays), from the server.
    pub async fn pending_reports(
        &self,
        record: &str,
    ) -> Result<Vec<dossier_api::reports::PendingReport>, CoreError> {
        self.with_session(|token| async move { self.client.pending_reports(&token, record).await })
            .await
    }

    /// The partner hospitals' rules, from the server.
    pub async fn hospitals(&self) -> Result<Vec<dossier_api::reports::HospitalView>, CoreError> {
        self.with_session(|token| async move { self.client.hospitals(&token).await }).await
    }
}

/// Sync pages a record's download may hold ready while the device writes (about 300 KB
/// each).
const PAGES_AHEAD: usize = 4;

/// Downloads a record's changes from `cursor` on, page after page, into `pages`: until
/// the last page, a failure (sent too), or the sync no longer listening.
async fn download_pages(
    client: DossierClient,
    token: Sensitive<String>,
    record: String,
    mut cursor: String,
    pages: tokio::sync::mpsc::Sender<Result<ReportSyncResponse<ReportText>, CoreError>>,
) {
    loop {
        let page = client.report_changes(&token, &record, &cursor).await;
        let next = match &page {
            Ok(page) if page.more => Some(page.cursor.clone()),
            _ => None,
        };
        if pages.send(page).await.is_err() {
            return;
        }
        match next {
            Some(next) => cursor = next,
            None => return,
        }
    }
}
