//! Device registration, the PIN (unlock with and without the server, the count of wrong
//! PINs, change), the lock, this account's devices, and unregistering.

use std::time::Instant;

use dossier_api::{
    account::MeResponse,
    device::{
        ChangePinRequest, DeviceLoginRequest, DeviceSummary, DeviceUnlockRequest, MAX_PIN_FAILURES,
        RegisterDeviceRequest,
    },
};
use zeroize::Zeroizing;

use crate::{
    device::{DeviceMarker, DeviceRecord, PendingRegistration, Stretched, random_key},
    error::CoreError,
    pin::Pin,
};

use super::{
    Account, DeviceState, DeviceSupport, LOCK_AFTER_BACKGROUND, OfflineUnlock, Session, State,
    Unlocked, blocking, remove_cache,
};

impl Account {
    pub(super) fn device(&self) -> Result<&DeviceSupport, CoreError> {
        self.device.as_ref().ok_or(CoreError::NotRegistered)
    }

    /// This device's record, when the session was opened with its PIN (what the PIN
    /// confirms may only be done from there).
    pub(super) async fn record_of_device_session(&self) -> Result<DeviceRecord, CoreError> {
        let record = self.device()?.vault.read().await?.ok_or(CoreError::NotRegistered)?;
        let session_device = match &*self.state.lock().await {
            State::LoggedIn(session) => session.device_id.clone(),
            _ => return Err(CoreError::NotLoggedIn),
        };
        if session_device.as_deref() != Some(record.device_id.as_str()) {
            return Err(CoreError::NeedsDeviceSession);
        }
        Ok(record)
    }

    /// Whether this device is registered (for the first screen: PIN or code card).
    pub async fn device_state(&self) -> Result<DeviceState, CoreError> {
        let Some(device) = &self.device else { return Ok(DeviceState::NotRegistered) };
        if let Some(record) = device.vault.read().await? {
            return Ok(DeviceState::Registered { name: record.name });
        }
        let Some(mut marker) = DeviceMarker::load(&device.data_dir).await else {
            return Ok(DeviceState::NotRegistered);
        };
        // Sealed under a key that is gone: nothing in it can be read again.
        remove_cache(&device.data_dir).await;
        if marker.loss_told {
            return Ok(DeviceState::NotRegistered);
        }
        tracing::info!("the device's keychain entry is gone: its cache was deleted");
        marker.loss_told = true;
        marker.save(&device.data_dir).await;
        Ok(DeviceState::KeysLost { name: marker.name })
    }

    /// Whether this device was registered before (blocked, removed or its keys lost
    /// since): registering now is registering again.
    pub async fn registered_before(&self) -> bool {
        match &self.device {
            Some(device) => DeviceMarker::load(&device.data_dir).await.is_some(),
            None => false,
        }
    }

    /// The name the device suggests for itself: the computer's name (the phone's model on
    /// mobile) and today's date, so two registrations of one computer are told apart in
    /// "My devices".
    pub fn default_device_name(&self) -> String {
        #[cfg(any(target_os = "android", target_os = "ios"))]
        let base = whoami::devicename();
        #[cfg(not(any(target_os = "android", target_os = "ios")))]
        let base = whoami::fallible::hostname()
            .ok()
            .filter(|n| !n.is_empty() && n != "localhost")
            .unwrap_or_else(whoami::devicename);
        format!("{base} ({})", crate::clock::iso_date(self.clock.now()))
    }

    /// Registers this device after a code-card login: makes its key pair, seals it with
    /// the PIN and the server's share, and keeps the record in the keychain. Registering
    /// again replaces this device's earlier registration.
    pub async fn register_device(&self, name: &str, pin: &str) -> Result<(), CoreError> {
        let device = self.device()?;
        let me = self.me().await?;
        let pin = Pin::new(pin, Some(me.patient.date_of_birth)).map_err(CoreError::PinRejected)?;
        let kdf = device.kdf;
        let pending = blocking(move || PendingRegistration::new(&pin, kdf)).await?;
        // The registration this one replaces: the keychain's, or the one whose keys were
        // lost (the server still counts it as active).
        let replaces = match device.vault.read().await.ok().flatten() {
            Some(old) => Some(old.device_id),
            None => DeviceMarker::load(&device.data_dir).await.map(|marker| marker.device_id),
        };
        let name = if name.trim().is_empty() {
            self.default_device_name()
        } else {
            name.trim().to_owned()
        };
        let request = RegisterDeviceRequest {
            name: name.clone(),
            public_key: pending.public_key(),
            access_key: pending.stretched.access_key(),
            replaces,
        };
        let answer = self
            .with_session(
                |token| async move { self.client.register_device(&token, &request).await },
            )
            .await?;
        // A sync still running under the code-card session (started at login) would go on
        // into the new cache with its cursor: let it end before the cache is replaced.
        let _no_sync = self.sync_running.lock().await;
        let cache_key = random_key();
        let record =
            pending.finish(&answer.device_id, &name, answer.server_share.expose(), &cache_key)?;
        // A new registration starts with an empty cache: the old key is gone.
        remove_cache(&device.data_dir).await;
        device.vault.write(&record).await?;
        DeviceMarker { device_id: record.device_id.clone(), name: name.clone(), loss_told: false }
            .save(&device.data_dir)
            .await;
        self.open_reports(device, &cache_key).await?;
        self.with_cache(move |cache| cache.save_profile(&me)).await?;
        // From now on the session belongs to this device, as after a PIN unlock: log in
        // with the new keys right away and end the code-card session.
        let session = self.unlock_online(&record, &pending.stretched).await?;
        let previous = std::mem::replace(&mut *self.state.lock().await, State::LoggedIn(session));
        if let State::LoggedIn(old) = previous
            && let Err(error) = self.client.logout(&old.token).await
        {
            tracing::info!(%error, "the code-card session was not ended on the server");
        }
        tracing::info!("device registered");
        Ok(())
    }

    /// Opens the app with the PIN: with the server when it answers (a session opens), else
    /// from the keychain alone (the cache opens, nothing else).
    ///
    /// Wrong PINs are counted in a row across both ways and across restarts (in the
    /// keychain record, next to the server's own count): five in all, however they mix,
    /// and the device deletes its keys and its cache. A server that says the device is
    /// blocked or removed has the same effect at once.
    pub async fn unlock(&self, pin: &str) -> Result<Unlocked, CoreError> {
        let device = self.device()?;
        let mut record = device.vault.read().await?.ok_or(CoreError::NotRegistered)?;
        let pin = Pin::entered(pin).map_err(CoreError::PinRejected)?;
        self.logout().await;
        if record.failures_in_a_row >= MAX_PIN_FAILURES {
            self.wipe_device(device).await?;
            return Err(CoreError::DeviceBlocked);
        }
        let stretched = stretch_blocking(&record, pin).await?;
        match self.unlock_online(&record, &stretched).await {
            Ok(session) => {
                *self.state.lock().await = State::LoggedIn(session);
                let key = record.open_cache_key(&stretched).ok_or(CoreError::DeviceDamaged)?;
                self.open_cache(device, record, key).await?;
                Ok(Unlocked::Online)
            }
            Err(error) if error.is_offline() => {
                self.unlock_offline(device, record, stretched).await
            }
            Err(CoreError::WrongPin { tries_left }) => {
                self.count_wrong_pin_online(device, &mut record, tries_left).await
            }
            // Blocked, removed, or the patient died: nothing of the record stays here.
            Err(error) if error.ends_device() => {
                self.wipe_device(device).await?;
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// The server refused the PIN and counted it: the device's count takes the server's
    /// into account (and its own offline tries the server never saw).
    pub(super) async fn count_wrong_pin_online(
        &self,
        device: &DeviceSupport,
        record: &mut DeviceRecord,
        tries_left: u8,
    ) -> Result<Unlocked, CoreError> {
        let counted_by_server = MAX_PIN_FAILURES.saturating_sub(tries_left);
        record.failures_in_a_row =
            record.failures_in_a_row.saturating_add(1).max(counted_by_server);
        self.count_wrong_pin(device, record).await
    }

    /// Keeps the count of wrong PINs in a row; at the limit wipes the device.
    async fn count_wrong_pin(
        &self,
        device: &DeviceSupport,
        record: &DeviceRecord,
    ) -> Result<Unlocked, CoreError> {
        if record.failures_in_a_row >= MAX_PIN_FAILURES {
            self.wipe_device(device).await?;
            tracing::info!("device wiped after too many wrong PINs");
            return Err(CoreError::DeviceBlocked);
        }
        device.vault.write(record).await?;
        Err(CoreError::WrongPin { tries_left: MAX_PIN_FAILURES - record.failures_in_a_row })
    }

    pub(super) async fn unlock_online(
        &self,
        record: &DeviceRecord,
        stretched: &Stretched,
    ) -> Result<Session, CoreError> {
        let id = &record.device_id;
        let challenge = self.client.device_login_start(id).await?.challenge;
        let unlock = DeviceUnlockRequest {
            challenge: challenge.clone(),
            access_key: stretched.access_key(),
        };
        let share = self.client.device_login_unlock(id, &unlock).await?.server_share;
        let signature = record.sign_login(stretched, share.expose(), challenge.expose())?;
        let answer = self
            .client
            .device_login_finish(id, &DeviceLoginRequest { challenge, signature })
            .await?;
        Ok(Session { token: answer.session_token, device_id: Some(id.clone()) })
    }

    async fn open_cache(
        &self,
        device: &DeviceSupport,
        mut record: DeviceRecord,
        key: Zeroizing<[u8; 32]>,
    ) -> Result<(), CoreError> {
        if record.failures_in_a_row != 0 {
            record.failures_in_a_row = 0;
            device.vault.write(&record).await?;
        }
        self.open_reports(device, &key).await
    }

    /// Without a connection the record itself checks the PIN; wrong ones count towards the
    /// same five as with the server.
    async fn unlock_offline(
        &self,
        device: &DeviceSupport,
        mut record: DeviceRecord,
        stretched: Stretched,
    ) -> Result<Unlocked, CoreError> {
        if let Some(key) = record.open_cache_key(&stretched) {
            self.open_cache(device, record, key).await?;
            *self.state.lock().await = State::Offline(OfflineUnlock { stretched });
            return Ok(Unlocked::Offline);
        }
        record.failures_in_a_row = record.failures_in_a_row.saturating_add(1);
        self.count_wrong_pin(device, &record).await
    }

    /// Whose record is open: from the server, or offline from the sealed copy.
    pub async fn profile(&self) -> Result<MeResponse, CoreError> {
        if !self.is_offline().await {
            let me = self.me().await?;
            // Keep what the offline view shows up to date; failing only costs that view.
            let saved = me.clone();
            if let Err(error) = self.with_cache(move |cache| cache.save_profile(&saved)).await {
                tracing::info!(%error, "whose record this is was not saved for offline use");
            }
            return Ok(me);
        }
        self.with_cache(|cache| cache.profile()).await?.ok_or(CoreError::NotLoggedIn)
    }

    /// Whether the session was opened with this device's PIN.
    pub async fn is_device_session(&self) -> bool {
        matches!(&*self.state.lock().await, State::LoggedIn(Session { device_id: Some(_), .. }))
    }

    /// Whether the app is open without a connection (cache only).
    pub async fn is_offline(&self) -> bool {
        matches!(*self.state.lock().await, State::Offline(_))
    }

    /// Whether a cache is open (after an unlock or a login; closed by the lock).
    pub async fn is_cache_open(&self) -> bool {
        self.reports.lock().await.is_some()
    }

    /// Changes the PIN, from a session opened with the current one on this device.
    pub async fn change_pin(&self, current: &str, new: &str) -> Result<(), CoreError> {
        let device = self.device()?;
        let record = self.record_of_device_session().await?;
        let me = self.me().await?;
        let new = Pin::new(new, Some(me.patient.date_of_birth)).map_err(CoreError::PinRejected)?;
        let current = Pin::entered(current).map_err(CoreError::PinRejected)?;
        let current = stretch_blocking(&record, current).await?;
        // The current PIN releases the current share (the server counts a wrong one).
        let id = record.device_id.clone();
        let challenge = self.client.device_login_start(&id).await?.challenge;
        let unlock = DeviceUnlockRequest { challenge, access_key: current.access_key() };
        let current_share = match self.client.device_login_unlock(&id, &unlock).await {
            Ok(answer) => answer.server_share,
            Err(CoreError::WrongPin { tries_left }) => {
                let mut record = record;
                return self
                    .count_wrong_pin_online(device, &mut record, tries_left)
                    .await
                    .map(|_| ());
            }
            Err(error) if error.ends_device() => {
                self.wipe_device(device).await?;
                return Err(error);
            }
            Err(error) => return Err(error),
        };
        let for_new = record.clone();
        let (new_stretched, new_salt) = blocking(move || for_new.new_access_key(&new)).await?;
        let request = ChangePinRequest {
            current_access_key: current.access_key(),
            new_access_key: new_stretched.access_key(),
        };
        let new_share = self
            .with_session(
                |token| async move { self.client.change_pin(&token, &id, &request).await },
            )
            .await?
            .server_share;
        let rekeyed = record.rekey_with(
            &current,
            current_share.expose(),
            new_stretched,
            new_salt,
            new_share.expose(),
        )?;
        device.vault.write(&rekeyed).await?;
        tracing::info!("PIN changed");
        Ok(())
    }

    /// Every registered device of the account.
    pub async fn devices(&self) -> Result<Vec<DeviceSummary>, CoreError> {
        Ok(self
            .with_session(|token| async move { self.client.devices(&token).await })
            .await?
            .devices)
    }

    /// Removes a device of the account. This device: the same as [`Self::unregister`].
    pub async fn remove_device(&self, device_id: &str) -> Result<(), CoreError> {
        let own = match &self.device {
            Some(device) => device.vault.read().await.ok().flatten().map(|r| r.device_id),
            None => None,
        };
        if own.as_deref() == Some(device_id) {
            return self.unregister().await;
        }
        self.with_session(|token| async move { self.client.remove_device(&token, device_id).await })
            .await
    }

    /// Unregisters this device: the server forgets it (when it can be reached), and its
    /// keys, cache and session are deleted here.
    pub async fn unregister(&self) -> Result<(), CoreError> {
        let device = self.device()?;
        if let Some(record) = device.vault.read().await? {
            let id = record.device_id.clone();
            let told = self
                .with_session(|token| async move { self.client.remove_device(&token, &id).await })
                .await;
            match told {
                // Nothing left to retire later.
                Ok(()) => DeviceMarker::delete(&device.data_dir).await,
                Err(error) => {
                    tracing::info!(%error, "the server was not told about the unregistration");
                }
            }
        }
        self.wipe_device(device).await
    }

    pub(super) async fn wipe_device(&self, device: &DeviceSupport) -> Result<(), CoreError> {
        self.logout().await;
        remove_cache(&device.data_dir).await;
        device.vault.erase().await?;
        // The patient is told why (blocked, removed): not a lost keychain entry. The
        // marker stays, so the next registration retires this one on the server.
        if let Some(mut marker) = DeviceMarker::load(&device.data_dir).await {
            marker.loss_told = true;
            marker.save(&device.data_dir).await;
        }
        tracing::info!("device keys and data deleted");
        Ok(())
    }

    /// Locks the app: the session ends (here and on the server) and the cache closes.
    pub async fn lock(&self) {
        self.logout().await;
    }

    /// The app went to the background at `at`.
    pub fn went_to_background(&self, at: Instant) {
        *self.background_since.lock().unwrap_or_else(|e| e.into_inner()) = Some(at);
    }

    /// The app came back at `at`. Locks it, and answers true, after
    /// [`LOCK_AFTER_BACKGROUND`] away.
    pub async fn came_to_foreground(&self, at: Instant) -> bool {
        let since = self.background_since.lock().unwrap_or_else(|e| e.into_inner()).take();
        let away = since.map(|since| at.saturating_duration_since(since));
        if away.is_some_and(|away| away >= LOCK_AFTER_BACKGROUND) {
            self.lock().await;
            return true;
        }
        false
    }
}

pub(super) async fn stretch_blocking(
    record: &DeviceRecord,
    pin: Pin,
) -> Result<Stretched, CoreError> {
    let record = record.clone();
    blocking(move || record.stretch(&pin)).await
}
