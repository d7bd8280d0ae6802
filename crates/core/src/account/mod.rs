//! The patient's account as this device sees it: the code-card login in typed steps, the
//! device registration and PIN unlock (online, or offline with the cache key only), the
//! lock, and the session. The session token lives only here, in memory: never on disk and
//! never handed to the UI. The password waits here between the two login steps and the PIN
//! only for the Argon2id call; both are wiped once used.

use std::{
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

use dossier_api::{
    Language, NationalRegisterNumber, Sensitive,
    account::{
        BlockCardRequest, CardStatus, ChangePasswordRequest, ChangeUserNameRequest,
        LoginFinishRequest, MeResponse, normalize_card_code,
    },
};
use tokio::sync::Mutex;

use crate::{
    cache::{MemoryStore, ReportCache},
    client::DossierClient,
    clock::{Clock, SystemClock},
    device::{DeviceVault, KdfParams, Stretched, random_key},
    error::CoreError,
};

mod access;
mod appointments;
mod cache_thread;
mod details;
mod device;
mod labs;
mod links;
mod messages;
mod questionnaires;
mod radiology;
mod reports;

pub use appointments::{AppointmentList, InvoiceList};
pub use details::DetailsToShow;
pub use links::{Confirmation, TrustedPersonDetails};
pub use messages::MessageList;
pub use radiology::StudyDownload;

pub use reports::SyncProgress;

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
    /// What is open while the app is unlocked, as one value set and cleared in one step:
    /// the cache with its key, the records list and the reports (`ReportCache`). Shared
    /// with the cache's thread, where its work runs.
    reports: Arc<Mutex<Option<ReportCache>>>,
    cache_thread: cache_thread::CacheThread,
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
            reports: Arc::new(Mutex::new(None)),
            cache_thread: cache_thread::CacheThread::default(),
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
        let record = device.vault.read().await?.ok_or(CoreError::NotRegistered)?;
        match self.unlock_online(&record, stretched).await {
            Ok(session) => {
                // The PIN's keys are no longer needed: dropped (zeroized) with the state.
                *state = State::LoggedIn(session);
                tracing::info!("connection back: logged in with the device key");
                Ok(true)
            }
            Err(error) if error.is_offline() => Ok(false),
            Err(error) if error.ends_device() => {
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

/// Work that blocks (Argon2id and key generation are slow on purpose; a cache write waits
/// for the disk): off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    tokio::task::spawn_blocking(work).await.map_err(|_| CoreError::WorkerStopped)?
}

/// Deletes the offline cache folder, if there is one (on the blocking pool).
async fn remove_cache(data_dir: &std::path::Path) {
    let cache = data_dir.join("cache");
    let _ = blocking(move || {
        if cache.exists()
            && let Err(error) = std::fs::remove_dir_all(&cache)
        {
            tracing::warn!(%error, "cannot delete the cache folder");
        }
        Ok(())
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicked_worker_is_a_stopped_task_not_a_damaged_device() {
        let result: Result<(), CoreError> = blocking(|| panic!("a bug in the work")).await;
        assert!(matches!(result, Err(CoreError::WorkerStopped)), "{result:?}");
        assert!(!result.unwrap_err().ends_device());
    }
}
