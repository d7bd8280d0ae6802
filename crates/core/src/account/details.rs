//! Personal details and e-mail notification settings as the user acts on them. The server
//! checks every field and keeps the history; a refusal names the problem of each field
//! ([`CoreError::DetailsRefused`]) and changed nothing. The details last read are kept
//! sealed on the device (one document per record), so they can be read offline.

use dossier_api::{
    care_access::CareProviderView,
    details::{DetailsUpdate, NotificationSettings, PersonalDetailsView},
};

use crate::{
    cache::{DocumentKind, HeldDocument},
    error::CoreError,
};

use super::Account;

/// A record's details to show: from the server, or without a connection as last read on
/// this device (then not to be changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsToShow {
    pub details: PersonalDetailsView,
    /// Read from the device: no connection.
    pub offline: bool,
    /// Unix seconds they were last read from the server.
    pub last_synced: Option<i64>,
}

impl Account {
    /// The record's details and their history (a trusted person's view says
    /// `may_change: false`).
    pub async fn personal_details(&self, record: &str) -> Result<PersonalDetailsView, CoreError> {
        let details = self
            .with_session(|token| async move { self.client.personal_details(&token, record).await })
            .await?;
        self.keep_details(record, &details).await?;
        Ok(details)
    }

    /// The details from the server when it answers, else as last read on this device
    /// (offline, not to be changed); [`CoreError::Offline`] when none were ever read here.
    pub async fn details_to_show(&self, record: &str) -> Result<DetailsToShow, CoreError> {
        if !self.is_offline().await {
            match self.personal_details(record).await {
                Ok(details) => {
                    let last_synced = Some(self.clock.now());
                    return Ok(DetailsToShow { details, offline: false, last_synced });
                }
                Err(error) if error.is_offline() => {}
                Err(error) => return Err(error),
            }
        }
        let record = record.to_owned();
        let held: Option<HeldDocument<PersonalDetailsView>> = self
            .with_record(&record, |cache, record| {
                cache.document(record, DocumentKind::PersonalDetails)
            })
            .await?;
        let HeldDocument { value: mut details, last_synced, .. } =
            held.ok_or(CoreError::Offline)?;
        // Changes need the server.
        details.may_change = false;
        Ok(DetailsToShow { details, offline: true, last_synced })
    }

    async fn keep_details(
        &self,
        record: &str,
        details: &PersonalDetailsView,
    ) -> Result<(), CoreError> {
        if details.record_id != record {
            return Err(CoreError::InvalidResponse);
        }
        let now = self.clock.now();
        let details = details.clone();
        self.with_record(record, move |cache, record| {
            cache.put_document(record, DocumentKind::PersonalDetails, &details, "", Some(now))
        })
        .await
    }

    /// Changes the record's details, all at once; answers with the details now.
    pub async fn change_personal_details(
        &self,
        record: &str,
        update: &DetailsUpdate,
    ) -> Result<PersonalDetailsView, CoreError> {
        let details = self
            .with_session(|token| async move {
                self.client.change_personal_details(&token, record, update).await
            })
            .await?;
        self.keep_details(record, &details).await?;
        Ok(details)
    }

    /// GPs whose name holds `name` (two letters at least), to choose one.
    pub async fn general_practitioners(
        &self,
        name: &str,
    ) -> Result<Vec<CareProviderView>, CoreError> {
        self.with_session(
            |token| async move { self.client.general_practitioners(&token, name).await },
        )
        .await
    }

    pub async fn notification_settings(&self) -> Result<NotificationSettings, CoreError> {
        self.with_session(|token| async move { self.client.notification_settings(&token).await })
            .await
    }

    pub async fn change_notification_settings(
        &self,
        settings: NotificationSettings,
    ) -> Result<NotificationSettings, CoreError> {
        self.with_session(|token| async move {
            self.client.change_notification_settings(&token, &settings).await
        })
        .await
    }
}
