//! "Access" as the user acts on it: who may see a record (care teams, the GP, referrers,
//! exclusions, eHealth consent) and the changes the patient (or a parent, or a
//! representative) may make there, each answered with the new overview; and the record's
//! access log, synced page by page into the encrypted cache and read from it, offline too.

use dossier_api::{care_access::RecordAccessOverview, reports::Relation};

use crate::{
    cache::{AccessLogList, AccessLogQuery},
    error::CoreError,
};

use super::Account;

/// Entries asked for per page (the server's most).
const LOG_PAGE: u32 = 1000;

impl Account {
    /// Who may see the record. A trusted person's session is refused
    /// ([`CoreError::NotAllowedToChange`]).
    pub async fn access_overview(&self, record: &str) -> Result<RecordAccessOverview, CoreError> {
        self.with_session(|token| async move { self.client.access_overview(&token, record).await })
            .await
    }

    /// Objects to the GP's access to the record; at once on the server.
    pub async fn object_to_gp(&self, record: &str) -> Result<RecordAccessOverview, CoreError> {
        self.with_session(|token| async move {
            self.client.set_gp_objection(&token, record, true).await
        })
        .await
    }

    /// Lets the GP open the record again.
    pub async fn allow_gp_again(&self, record: &str) -> Result<RecordAccessOverview, CoreError> {
        self.with_session(|token| async move {
            self.client.set_gp_objection(&token, record, false).await
        })
        .await
    }

    /// Withdraws the consent given to a referrer (`provider` is the referrer's id).
    pub async fn withdraw_referrer(
        &self,
        record: &str,
        provider: &str,
    ) -> Result<RecordAccessOverview, CoreError> {
        self.with_session(|token| async move {
            self.client.withdraw_referrer(&token, record, provider).await
        })
        .await
    }

    /// Stops a hospital exclusion. An eHealth one is refused
    /// ([`CoreError::ManagedOnEhealth`]): it is stopped on the eHealth platform.
    pub async fn stop_exclusion(
        &self,
        record: &str,
        exclusion: &str,
    ) -> Result<RecordAccessOverview, CoreError> {
        self.with_session(|token| async move {
            self.client.stop_exclusion(&token, record, exclusion).await
        })
        .await
    }

    /// Fetches the record's access log entries after the last one held here, page by page,
    /// each page sealed and stored in one step (the log is append-only on the server, so
    /// what is held never changes). The number of new entries.
    pub async fn sync_access_log(&self, record: &str) -> Result<usize, CoreError> {
        self.with_session(|token| async move {
            let mut received = 0;
            loop {
                let last = self.with_record(record, |cache, record| cache.last_access_seq(record));
                let after = last.await?.unwrap_or(0);
                let page = self.client.access_log(&token, record, after, LOG_PAGE).await?;
                if page.record_id != record || page.entries.iter().any(|e| e.seq <= after) {
                    return Err(CoreError::InvalidResponse);
                }
                received += page.entries.len();
                // `more` with nothing in the page would ask the same again, for ever.
                let more = page.more && !page.entries.is_empty();
                let now = self.clock.now();
                self.with_cache(move |cache| cache.apply_access_log_page(&page, now)).await?;
                if !more {
                    return Ok(received);
                }
            }
        })
        .await
    }

    /// Syncs the access log of every record whose log the user may read (their own, a
    /// child's, a represented person's; not one held as trusted person), as the periodic
    /// sync does after the reports. The records that received new entries.
    pub async fn sync_access_logs(&self) -> Result<Vec<String>, CoreError> {
        let mut changed = Vec::new();
        for record in self.records().await {
            if record.relation == Relation::TrustedPerson {
                continue;
            }
            if self.sync_access_log(&record.record_id).await? > 0 {
                changed.push(record.record_id);
            }
        }
        Ok(changed)
    }

    /// The record's access log as held on the device, filtered, newest first (offline too).
    pub async fn access_log(
        &self,
        record: &str,
        query: &AccessLogQuery,
    ) -> Result<AccessLogList, CoreError> {
        let query = query.clone();
        self.with_record(record, move |cache, record| cache.access_log(record, &query)).await
    }
}
