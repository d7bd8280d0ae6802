//! Linked records as the user acts on them: a parent's request for a child's record, and
//! for one's own record who can open it, naming a trusted person (confirmed with the
//! password or this device's PIN, which stands for the signed form) and revoking one.

use dossier_api::{
    Sensitive,
    links::{
        ChildLinkRequest, LinkRequestView, Reauthentication, RecordLinkView,
        TrustedPersonDesignation, TrustedPersonRights,
    },
};

use crate::{error::CoreError, pin::Pin};

use super::{Account, device::stretch_blocking};

/// How the user confirms naming a trusted person.
pub enum Confirmation {
    /// On a shared computer (a code-card session): the password.
    Password(Sensitive<String>),
    /// On a registered device: its PIN (counted with the other wrong PINs).
    Pin(Sensitive<String>),
}

/// Whom to name, as the user filled it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedPersonDetails {
    pub given_name: String,
    pub family_name: String,
    pub national_register_number: String,
    pub rights: TrustedPersonRights,
    /// The last day (ISO); None: until revoked.
    pub until: Option<String>,
}

impl Account {
    /// A parent asks for a child's record; staff decide.
    pub async fn ask_for_child(
        &self,
        request: &ChildLinkRequest,
    ) -> Result<LinkRequestView, CoreError> {
        self.with_session(|token| async move { self.client.ask_for_child(&token, request).await })
            .await
    }

    /// The parent's requests: waiting, approved, refused with the staff's reason.
    pub async fn link_requests(&self) -> Result<Vec<LinkRequestView>, CoreError> {
        self.with_session(|token| async move { self.client.link_requests(&token).await }).await
    }

    /// Who can open (or asked to open) one's own record.
    pub async fn record_links(&self, record: &str) -> Result<Vec<RecordLinkView>, CoreError> {
        self.with_session(|token| async move { self.client.record_links(&token, record).await })
            .await
    }

    /// Names a trusted person for one's own record (staff then confirm it).
    pub async fn name_trusted_person(
        &self,
        record: &str,
        details: TrustedPersonDetails,
        confirmation: Confirmation,
    ) -> Result<RecordLinkView, CoreError> {
        let confirm = match confirmation {
            Confirmation::Password(password) => Reauthentication::Password { password },
            Confirmation::Pin(pin) => self.pin_confirmation(pin.expose()).await?,
        };
        let designation = TrustedPersonDesignation {
            given_name: details.given_name,
            family_name: details.family_name,
            national_register_number: details.national_register_number,
            rights: details.rights,
            until: details.until,
            confirm,
        };
        let answer = self
            .with_session(|token| {
                let designation = &designation;
                async move { self.client.designate(&token, record, designation).await }
            })
            .await;
        match answer {
            // A wrong PIN counts like one at the unlock; the fifth wipes the device.
            Err(CoreError::WrongPin { tries_left }) => {
                let device = self.device()?;
                let mut vault_record =
                    device.vault.read().await?.ok_or(CoreError::NotRegistered)?;
                self.count_wrong_pin_online(device, &mut vault_record, tries_left).await?;
                Err(CoreError::WrongPin { tries_left })
            }
            Err(error) if error.ends_device() => {
                self.wipe_device(self.device()?).await?;
                Err(error)
            }
            other => other,
        }
    }

    /// The PIN's access key, from a session opened with this device's PIN.
    async fn pin_confirmation(&self, pin: &str) -> Result<Reauthentication, CoreError> {
        let record = self.record_of_device_session().await?;
        let pin = Pin::entered(pin).map_err(CoreError::PinRejected)?;
        let stretched = stretch_blocking(&record, pin).await?;
        Ok(Reauthentication::Pin {
            device_id: record.device_id,
            access_key: stretched.access_key(),
        })
    }

    /// Revokes a trusted person of one's own record, at once.
    pub async fn revoke_link(&self, record: &str, link: &str) -> Result<(), CoreError> {
        self.with_session(
            |token| async move { self.client.revoke_link(&token, record, link).await },
        )
        .await
    }
}
