//! Personal details and e-mail notification settings as the user acts on them. The server
//! checks every field and keeps the history; a refusal names the problem of each field
//! ([`CoreError::DetailsRefused`]) and changed nothing.

use dossier_api::{
    care_access::CareProviderView,
    details::{DetailsUpdate, NotificationSettings, PersonalDetailsView},
};

use crate::error::CoreError;

use super::Account;

impl Account {
    /// The record's details and their history (a trusted person's view says
    /// `may_change: false`).
    pub async fn personal_details(&self, record: &str) -> Result<PersonalDetailsView, CoreError> {
        self.with_session(|token| async move { self.client.personal_details(&token, record).await })
            .await
    }

    /// Changes the record's details, all at once; answers with the details now.
    pub async fn change_personal_details(
        &self,
        record: &str,
        update: &DetailsUpdate,
    ) -> Result<PersonalDetailsView, CoreError> {
        self.with_session(|token| async move {
            self.client.change_personal_details(&token, record, update).await
        })
        .await
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
