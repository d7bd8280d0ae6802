//! The patient's account as this device sees it: the code-card login in typed steps and the
//! session that follows. The session token lives only here, in memory: never on disk and
//! never handed to the UI. The password waits here between the two login steps and is
//! wiped once used.

use std::time::{Duration, Instant};

use dossier_api::{
    Language, NationalRegisterNumber, Sensitive,
    account::{
        BlockCardRequest, CardStatus, ChangePasswordRequest, ChangeUserNameRequest,
        LoginFinishRequest, MeResponse,
    },
};
use tokio::sync::Mutex;

use crate::{client::DossierClient, error::CoreError};

/// Step one done: which code of the card the server asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAsked {
    /// 1..=24
    pub code_index: u8,
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
}

enum State {
    LoggedOut,
    CodeAsked(PendingLogin),
    LoggedIn(Session),
}

/// Login state and session for one server.
pub struct Account {
    client: DossierClient,
    state: Mutex<State>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account").finish_non_exhaustive()
    }
}

impl Account {
    pub fn new(client: DossierClient) -> Self {
        Self { client, state: Mutex::new(State::LoggedOut) }
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
        Ok(CodeAsked { code_index: answer.code_index, expires_in })
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
        let code = Sensitive::new(code.expose().trim().to_owned());
        let request =
            LoginFinishRequest { challenge: pending.challenge, password: pending.password, code };
        let answer = self.client.login_finish(&request).await?;
        *self.state.lock().await = State::LoggedIn(Session { token: answer.session_token });
        Ok(LoggedIn { card: answer.card })
    }

    /// Whether a session is open (it may still have ended on the server).
    pub async fn is_logged_in(&self) -> bool {
        matches!(*self.state.lock().await, State::LoggedIn(_))
    }

    /// Ends the session here and on the server. Forgets it here even when the server cannot
    /// be told (it then ends on its own after an hour).
    pub async fn logout(&self) {
        let previous = std::mem::replace(&mut *self.state.lock().await, State::LoggedOut);
        if let State::LoggedIn(session) = previous
            && let Err(error) = self.client.logout(&session.token).await
        {
            tracing::info!(%error, "the server was not told about the logout");
        }
    }

    /// Runs `call` with the session token; a 401 means the session ended: forget it.
    async fn with_session<T, F, Fut>(&self, call: F) -> Result<T, CoreError>
    where
        F: FnOnce(Sensitive<String>) -> Fut,
        Fut: Future<Output = Result<T, CoreError>>,
    {
        let token = match &*self.state.lock().await {
            State::LoggedIn(session) => session.token.clone(),
            _ => return Err(CoreError::NotLoggedIn),
        };
        let result = call(token).await;
        if matches!(result, Err(CoreError::NotLoggedIn)) {
            *self.state.lock().await = State::LoggedOut;
        }
        result
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
