//! The patient's account as this device sees it: the code-card login in typed steps, the
//! device registration and PIN unlock (online, or offline with the cache key only), the
//! lock, and the session. The session token lives only here, in memory: never on disk and
//! never handed to the UI. The password waits here between the two login steps and the PIN
//! only for the Argon2id call; both are wiped once used.

use std::{
    collections::HashSet,
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use dossier_api::device::{
    ChangePinRequest, DeviceLoginRequest, DeviceSummary, DeviceUnlockRequest, MAX_PIN_FAILURES,
    RegisterDeviceRequest,
};
use dossier_api::{
    Language, NationalRegisterNumber, Sensitive,
    account::{
        BlockCardRequest, CardStatus, ChangePasswordRequest, ChangeUserNameRequest,
        LoginFinishRequest, MeResponse, normalize_card_code,
    },
};
use tokio::sync::Mutex;
use zeroize::Zeroizing;

use dossier_api::reports::{RawReport, RecordAccess, ReportSyncResponse, ReportView};

use crate::{
    cache::{MemoryStore, ReportCache, ReportList, ReportQuery, SqliteStore},
    client::DossierClient,
    clock::{Clock, SystemClock},
    device::{
        DeviceMarker, DeviceRecord, DeviceVault, KdfParams, PendingRegistration, Stretched,
        random_key,
    },
    error::CoreError,
    pin::Pin,
};

/// Time in the background after which the app locks itself.
pub const LOCK_AFTER_BACKGROUND: Duration = Duration::from_secs(5 * 60);

/// Step one done: which code of the card the server asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAsked {
    /// 1..=24
    pub code_index: u8,
    /// The card's last unused code: the patient should request a new card.
    pub last_code: bool,
    pub expires_in: Duration,
}

/// The login succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedIn {
    pub card: CardStatus,
}

/// Between the two steps: the challenge and the password, kept for the code.
struct PendingLogin {
    challenge: Sensitive<String>,
    password: Sensitive<String>,
    expires_at: Instant,
}

struct Session {
    token: Sensitive<String>,
    /// Set when the session was opened with this device's PIN.
    device_id: Option<String>,
}

enum State {
    LoggedOut,
    CodeAsked(PendingLogin),
    LoggedIn(Session),
    /// Unlocked with the PIN without a connection: the cache is open, there is no session.
    Offline(OfflineUnlock),
}

/// What an offline unlock keeps to log in once the server answers again, without asking
/// for the PIN a second time: the keys Argon2id made of it (zeroized when dropped, at
/// lock or logout), never the PIN.
struct OfflineUnlock {
    stretched: Stretched,
}

/// Where this device keeps its registration and its data.
pub struct DeviceSupport {
    pub vault: DeviceVault,
    pub kdf: KdfParams,
    /// The app's data folder; the cache lives in `cache/` inside it.
    pub data_dir: PathBuf,
}

/// How a PIN unlock went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlocked {
    /// With the server: a session is open.
    Online,
    /// Without a connection: only what is saved on the device is readable.
    Offline,
}

/// What the app shows first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceState {
    NotRegistered,
    Registered {
        name: String,
    },
    /// Registered, but the keychain no longer holds the keys (reset, or deleted by another
    /// tool): the saved reports could not be read any more and were deleted. Said once;
    /// the next registration retires the old device on the server.
    KeysLost {
        name: String,
    },
}

/// Login state and session for one server.
pub struct Account {
    client: DossierClient,
    state: Mutex<State>,
    device: Option<DeviceSupport>,
    /// Opened by a PIN unlock; the key of the offline cache.
    cache_key: Mutex<Option<Zeroizing<[u8; 32]>>>,
    /// The reports, open while the app is unlocked.
    /// Shared with the blocking threads that write sync pages.
    reports: Arc<Mutex<Option<ReportCache>>>,
    /// Held for a whole sync: a second one (timer, button, unlock) waits and then finds
    /// nothing left to fetch, instead of fetching and storing the same pages again.
    sync_running: Mutex<()>,
    background_since: std::sync::Mutex<Option<Instant>>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account").finish_non_exhaustive()
    }
}

impl Account {
    /// An account without device registration (a shared computer, or tests of the login).
    pub fn new(client: DossierClient) -> Self {
        Self::build(client, None)
    }

    /// An account that can register this device and unlock with a PIN.
    pub fn with_device(client: DossierClient, device: DeviceSupport) -> Self {
        Self::build(client, Some(device))
    }

    fn build(client: DossierClient, device: Option<DeviceSupport>) -> Self {
        Self {
            client,
            state: Mutex::new(State::LoggedOut),
            device,
            cache_key: Mutex::new(None),
            reports: Arc::new(Mutex::new(None)),
            sync_running: Mutex::new(()),
            background_since: std::sync::Mutex::new(None),
            clock: Arc::new(SystemClock),
        }
    }

    /// The same account reading time from `clock` (tests move it; the app uses the system's).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    pub fn client(&self) -> &DossierClient {
        &self.client
    }

    /// Step one: user name and password. The server answers which code to enter; the
    /// password stays here until then. Starting again drops any earlier attempt or session.
    pub async fn start_login(
        &self,
        user_name: &str,
        password: Sensitive<String>,
    ) -> Result<CodeAsked, CoreError> {
        self.logout().await;
        let started = Instant::now();
        let answer = self.client.login_start(user_name.trim()).await?;
        let expires_in = Duration::from_secs(u64::from(answer.expires_in_seconds));
        *self.state.lock().await = State::CodeAsked(PendingLogin {
            challenge: answer.challenge,
            password,
            expires_at: started + expires_in,
        });
        Ok(CodeAsked { code_index: answer.code_index, last_code: answer.last_code, expires_in })
    }

    /// Step two: the code from the card. A wrong answer ends the attempt (the server used
    /// the challenge up); the app starts again from step one.
    pub async fn enter_code(&self, code: Sensitive<String>) -> Result<LoggedIn, CoreError> {
        let pending = match std::mem::replace(&mut *self.state.lock().await, State::LoggedOut) {
            State::CodeAsked(pending) => pending,
            _ => return Err(CoreError::LoginExpired),
        };
        if Instant::now() >= pending.expires_at {
            return Err(CoreError::LoginExpired);
        }
        let code = Sensitive::new(normalize_card_code(code.expose()));
        let request =
            LoginFinishRequest { challenge: pending.challenge, password: pending.password, code };
        let answer = self.client.login_finish(&request).await?;
        *self.state.lock().await =
            State::LoggedIn(Session { token: answer.session_token, device_id: None });
        // Without a registered device nothing is written: the reports stay in memory.
        *self.reports.lock().await =
            Some(ReportCache::new(Box::new(MemoryStore::new()), random_key()));
        Ok(LoggedIn { card: answer.card })
    }

    /// Whether a session is open (it may still have ended on the server).
    pub async fn is_logged_in(&self) -> bool {
        matches!(*self.state.lock().await, State::LoggedIn(_))
    }

    /// Ends the session here and on the server, and closes the cache. Forgets it here even
    /// when the server cannot be told (it then ends on its own after an hour).
    pub async fn logout(&self) {
        *self.cache_key.lock().await = None;
        *self.reports.lock().await = None;
        let previous = std::mem::replace(&mut *self.state.lock().await, State::LoggedOut);
        if let State::LoggedIn(session) = previous
            && let Err(error) = self.client.logout(&session.token).await
        {
            tracing::info!(%error, "the server was not told about the logout");
        }
    }

    /// Runs `call` with the session token; a 401 means the session ended: forget it. Opened
    /// without a connection, the session is first opened now if the server answers again.
    async fn with_session<T, F, Fut>(&self, call: F) -> Result<T, CoreError>
    where
        F: FnOnce(Sensitive<String>) -> Fut,
        Fut: Future<Output = Result<T, CoreError>>,
    {
        let token = self.session_token().await?;
        let result = call(token.clone()).await;
        if matches!(result, Err(CoreError::NotLoggedIn)) {
            // Only the refused session ends: a registration may have replaced it meanwhile.
            let mut state = self.state.lock().await;
            if matches!(&*state, State::LoggedIn(session) if session.token == token) {
                *state = State::LoggedOut;
            }
        }
        result
    }

    async fn session_token(&self) -> Result<Sensitive<String>, CoreError> {
        match &*self.state.lock().await {
            State::LoggedIn(session) => return Ok(session.token.clone()),
            State::Offline(_) => {}
            _ => return Err(CoreError::NotLoggedIn),
        }
        if self.reconnect().await?
            && let State::LoggedIn(session) = &*self.state.lock().await
        {
            return Ok(session.token.clone());
        }
        Err(CoreError::Offline)
    }

    /// Opened without a connection: logs in with this device's key now that the server may
    /// answer, with the PIN entered at unlock (its keys were kept for this). True when a
    /// session is open afterwards. A server that says the device is blocked or removed
    /// wipes it, as at unlock.
    pub async fn reconnect(&self) -> Result<bool, CoreError> {
        let mut state = self.state.lock().await;
        let stretched = match &*state {
            State::Offline(offline) => &offline.stretched,
            State::LoggedIn(_) => return Ok(true),
            _ => return Ok(false),
        };
        let device = self.device()?;
        let record = device.vault.load()?.ok_or(CoreError::NotRegistered)?;
        match self.unlock_online(&record, stretched).await {
            Ok(session) => {
                // The PIN's keys are no longer needed: dropped (zeroized) with the state.
                *state = State::LoggedIn(session);
                tracing::info!("connection back: logged in with the device key");
                Ok(true)
            }
            Err(error) if error.is_offline() => Ok(false),
            Err(error @ (CoreError::DeviceRemoved | CoreError::DeviceBlocked)) => {
                drop(state);
                self.wipe_device(device).await?;
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// Whose record this is.
    pub async fn me(&self) -> Result<MeResponse, CoreError> {
        self.with_session(|token| async move { self.client.me(&token).await }).await
    }

    pub async fn change_user_name(
        &self,
        new_user_name: &str,
        password: Sensitive<String>,
    ) -> Result<(), CoreError> {
        let request =
            ChangeUserNameRequest { new_user_name: new_user_name.trim().to_owned(), password };
        self.with_session(
            |token| async move { self.client.change_user_name(&token, &request).await },
        )
        .await
    }

    pub async fn change_password(
        &self,
        current_password: Sensitive<String>,
        new_password: Sensitive<String>,
    ) -> Result<(), CoreError> {
        let request = ChangePasswordRequest { current_password, new_password };
        self.with_session(
            |token| async move { self.client.change_password(&token, &request).await },
        )
        .await
    }

    /// Blocks the active card (lost or stolen). Works without being logged in.
    pub async fn block_card(
        &self,
        user_name: &str,
        password: Sensitive<String>,
    ) -> Result<String, CoreError> {
        let request = BlockCardRequest { user_name: user_name.trim().to_owned(), password };
        Ok(self.client.block_card(&request).await?.serial)
    }

    /// Asks for a card by post; the server answers the same whether the number is known.
    pub async fn request_card(
        &self,
        national_register_number: NationalRegisterNumber,
        email: &str,
        language: Language,
    ) -> Result<(), CoreError> {
        self.client.request_card(national_register_number, email.trim(), language).await
    }

    /// Asks for a password-reset link by e-mail.
    pub async fn request_password_reset(
        &self,
        user_name: &str,
        language: Language,
    ) -> Result<(), CoreError> {
        self.client.request_password_reset(user_name.trim(), language).await
    }
}

impl Account {
    fn device(&self) -> Result<&DeviceSupport, CoreError> {
        self.device.as_ref().ok_or(CoreError::NotRegistered)
    }

    /// Whether this device is registered (for the first screen: PIN or code card).
    pub fn device_state(&self) -> Result<DeviceState, CoreError> {
        let Some(device) = &self.device else { return Ok(DeviceState::NotRegistered) };
        if let Some(record) = device.vault.load()? {
            return Ok(DeviceState::Registered { name: record.name });
        }
        let Some(mut marker) = DeviceMarker::load(&device.data_dir) else {
            return Ok(DeviceState::NotRegistered);
        };
        // Sealed under a key that is gone: nothing in it can be read again.
        remove_cache(&device.data_dir);
        if marker.loss_told {
            return Ok(DeviceState::NotRegistered);
        }
        tracing::info!("the device's keychain entry is gone: its cache was deleted");
        marker.loss_told = true;
        marker.save(&device.data_dir);
        Ok(DeviceState::KeysLost { name: marker.name })
    }

    /// Whether this device was registered before (blocked, removed or its keys lost
    /// since): registering now is registering again.
    pub fn registered_before(&self) -> bool {
        self.device.as_ref().is_some_and(|device| DeviceMarker::load(&device.data_dir).is_some())
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
        let pin =
            Pin::new(pin, birth_date(&me.patient.date_of_birth)).map_err(CoreError::PinRejected)?;
        let kdf = device.kdf;
        let pending = blocking(move || PendingRegistration::new(&pin, kdf)).await?;
        // The registration this one replaces: the keychain's, or the one whose keys were
        // lost (the server still counts it as active).
        let replaces = device
            .vault
            .load()
            .ok()
            .flatten()
            .map(|old| old.device_id)
            .or_else(|| DeviceMarker::load(&device.data_dir).map(|marker| marker.device_id));
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
        remove_cache(&device.data_dir);
        device.vault.save(&record)?;
        DeviceMarker { device_id: record.device_id.clone(), name: name.clone(), loss_told: false }
            .save(&device.data_dir);
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
        *self.cache_key.lock().await = Some(cache_key);
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
        let mut record = device.vault.load()?.ok_or(CoreError::NotRegistered)?;
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
            Err(error @ (CoreError::DeviceRemoved | CoreError::DeviceBlocked)) => {
                self.wipe_device(device).await?;
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// The server refused the PIN and counted it: the device's count takes the server's
    /// into account (and its own offline tries the server never saw).
    async fn count_wrong_pin_online(
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
        device.vault.save(record)?;
        Err(CoreError::WrongPin { tries_left: MAX_PIN_FAILURES - record.failures_in_a_row })
    }

    async fn unlock_online(
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
            device.vault.save(&record)?;
        }
        self.open_reports(device, &key).await?;
        *self.cache_key.lock().await = Some(key);
        Ok(())
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

    /// Whether the cache is open (after a PIN unlock or a registration).
    pub async fn has_cache_key(&self) -> bool {
        self.cache_key.lock().await.is_some()
    }

    /// Changes the PIN, from a session opened with the current one on this device.
    pub async fn change_pin(&self, current: &str, new: &str) -> Result<(), CoreError> {
        let device = self.device()?;
        let record = device.vault.load()?.ok_or(CoreError::NotRegistered)?;
        let session_device = match &*self.state.lock().await {
            State::LoggedIn(session) => session.device_id.clone(),
            _ => return Err(CoreError::NotLoggedIn),
        };
        if session_device.as_deref() != Some(record.device_id.as_str()) {
            return Err(CoreError::NeedsDeviceSession);
        }
        let me = self.me().await?;
        let new =
            Pin::new(new, birth_date(&me.patient.date_of_birth)).map_err(CoreError::PinRejected)?;
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
            Err(error @ (CoreError::DeviceRemoved | CoreError::DeviceBlocked)) => {
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
        device.vault.save(&rekeyed)?;
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
        let own =
            self.device.as_ref().and_then(|d| d.vault.load().ok().flatten()).map(|r| r.device_id);
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
        if let Some(record) = device.vault.load()? {
            let id = record.device_id.clone();
            let told = self
                .with_session(|token| async move { self.client.remove_device(&token, &id).await })
                .await;
            match told {
                // Nothing left to retire later.
                Ok(()) => DeviceMarker::delete(&device.data_dir),
                Err(error) => {
                    tracing::info!(%error, "the server was not told about the unregistration");
                }
            }
        }
        self.wipe_device(device).await
    }

    async fn wipe_device(&self, device: &DeviceSupport) -> Result<(), CoreError> {
        self.logout().await;
        remove_cache(&device.data_dir);
        device.vault.delete()?;
        // The patient is told why (blocked, removed): not a lost keychain entry. The
        // marker stays, so the next registration retires this one on the server.
        if let Some(mut marker) = DeviceMarker::load(&device.data_dir) {
            marker.loss_told = true;
            marker.save(&device.data_dir);
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

/// Work that blocks (Argon2id and key generation are slow on purpose; a cache write waits
/// for the disk): off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| CoreError::DeviceDamaged)?
}

async fn stretch_blocking(record: &DeviceRecord, pin: Pin) -> Result<Stretched, CoreError> {
    let record = record.clone();
    blocking(move || record.stretch(&pin)).await
}

/// `YYYY-MM-DD` as (year, month, day), for the PIN rules.
fn birth_date(iso: &str) -> Option<(i16, i8, i8)> {
    let mut parts = iso.split('-');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// Deletes the offline cache folder, if there is one.
fn remove_cache(data_dir: &std::path::Path) {
    let cache = data_dir.join("cache");
    if cache.exists()
        && let Err(error) = std::fs::remove_dir_all(&cache)
    {
        tracing::warn!(%error, "cannot delete the cache folder");
    }
}

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
    async fn open_reports(
        &self,
        device: &DeviceSupport,
        key: &Zeroizing<[u8; 32]>,
    ) -> Result<(), CoreError> {
        let path = device.data_dir.join("cache").join("reports.sqlite3");
        let store = blocking(move || {
            SqliteStore::open(&path).map_err(|error| match error {
                crate::cache::StoreError::Full => CoreError::StorageFull { needed_bytes: 1 << 20 },
                error => {
                    tracing::warn!(%error, "cannot open the report cache");
                    CoreError::CacheDamaged
                }
            })
        })
        .await?;
        *self.reports.lock().await = Some(ReportCache::new(Box::new(store), key.clone()));
        Ok(())
    }

    /// Runs `f` on the open cache on a blocking thread: opening a record decrypts all of
    /// it (tens of milliseconds for thousands of reports) and most calls read or write
    /// the disk, which the async workers every app command shares must not wait on.
    async fn with_cache<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut ReportCache) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let mut reports = self.reports.clone().lock_owned().await;
        blocking(move || f(reports.as_mut().ok_or(CoreError::NotLoggedIn)?)).await
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
        let (record, query) = (record.to_owned(), query.clone());
        self.with_cache(move |cache| {
            cache.open_record(&record)?;
            Ok(cache.search(&record, &query).into_iter().cloned().collect())
        })
        .await
    }

    /// Ids of the record's reports that arrived or changed since the patient last saw
    /// the list.
    pub async fn new_reports(&self, record: &str) -> Result<HashSet<String>, CoreError> {
        let record = record.to_owned();
        self.with_cache(move |cache| {
            cache.open_record(&record)?;
            Ok(cache.new_ids(&record))
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
        let (record, query) = (record.to_owned(), query.clone());
        self.with_cache(move |cache| cache.list(&record, &query, summarize)).await
    }

    /// The patient has seen the list: what is in it now is no longer new next time.
    pub async fn mark_reports_seen(&self, record: &str) -> Result<(), CoreError> {
        let record = record.to_owned();
        self.with_cache(move |cache| cache.mark_seen(&record)).await
    }

    /// One report, from the open cache.
    pub async fn report(&self, record: &str, id: &str) -> Result<Option<ReportView>, CoreError> {
        let (record, id) = (record.to_owned(), id.to_owned());
        self.with_cache(move |cache| {
            cache.open_record(&record)?;
            Ok(cache.report(&record, &id).cloned())
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
    pages: tokio::sync::mpsc::Sender<Result<ReportSyncResponse<RawReport>, CoreError>>,
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
