//! The HTTP client for dossier-server's API: one method per endpoint, typed requests and
//! answers from dossier-api, API errors turned into [`CoreError`]s.

use std::time::Duration;

use dossier_api::device::{
    ChangePinRequest, DeviceChallengeResponse, DeviceListResponse, DeviceLoginRequest,
    DeviceLoginResponse, DeviceUnlockRequest, DeviceUnlockResponse, RegisterDeviceRequest,
    RegisterDeviceResponse,
};
use dossier_api::reports::{
    HospitalView, PendingReport, RawReport, RecordAccess, ReportSyncResponse,
};
use dossier_api::{
    API_PREFIX, ApiError, HealthResponse, Language, NationalRegisterNumber, Sensitive,
    account::{
        BlockCardRequest, BlockCardResponse, ChangePasswordRequest, ChangeUserNameRequest,
        LoginFinishRequest, LoginResponse, LoginStartRequest, LoginStartResponse, MeResponse,
        NewCardRequest, PasswordResetRequest,
    },
};
use reqwest::{Method, RequestBuilder, redirect::Policy};
use serde::{Serialize, de::DeserializeOwned};

use crate::{error::CoreError, server_url::ServerUrl};

/// How long to wait for a TCP/TLS connection before calling the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// A client for one dossier-server.
#[derive(Debug, Clone)]
pub struct DossierClient {
    http: reqwest::Client,
    server: ServerUrl,
}

impl DossierClient {
    pub fn new(server: ServerUrl) -> Result<Self, CoreError> {
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            // A redirect could lead to plain HTTP or another host: never follow one.
            .redirect(Policy::none())
            .user_agent(concat!("dossier-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(CoreError::HttpClient)?;
        Ok(Self { http, server })
    }

    pub fn server(&self) -> &ServerUrl {
        &self.server
    }

    /// Asks the server whether it is up. Errors if what answered is not a Dossier server.
    pub async fn health(&self) -> Result<HealthResponse, CoreError> {
        let health: HealthResponse = self.call(Method::GET, "/health", None, None::<&()>).await?;
        if health.service != HealthResponse::SERVICE_NAME {
            return Err(CoreError::InvalidResponse);
        }
        Ok(health)
    }

    pub async fn login_start(&self, user_name: &str) -> Result<LoginStartResponse, CoreError> {
        let request = LoginStartRequest { user_name: user_name.to_owned() };
        self.call(Method::POST, "/login/start", None, Some(&request)).await
    }

    pub async fn login_finish(
        &self,
        request: &LoginFinishRequest,
    ) -> Result<LoginResponse, CoreError> {
        self.call(Method::POST, "/login/finish", None, Some(request)).await
    }

    pub async fn logout(&self, token: &Sensitive<String>) -> Result<(), CoreError> {
        self.call_empty(Method::POST, "/session/logout", Some(token), None::<&()>).await
    }

    pub async fn me(&self, token: &Sensitive<String>) -> Result<MeResponse, CoreError> {
        self.call(Method::GET, "/me", Some(token), None::<&()>).await
    }

    pub async fn change_user_name(
        &self,
        token: &Sensitive<String>,
        request: &ChangeUserNameRequest,
    ) -> Result<(), CoreError> {
        self.call_empty(Method::PUT, "/account/user-name", Some(token), Some(request)).await
    }

    pub async fn change_password(
        &self,
        token: &Sensitive<String>,
        request: &ChangePasswordRequest,
    ) -> Result<(), CoreError> {
        self.call_empty(Method::PUT, "/account/password", Some(token), Some(request)).await
    }

    pub async fn block_card(
        &self,
        request: &BlockCardRequest,
    ) -> Result<BlockCardResponse, CoreError> {
        self.call(Method::POST, "/cards/block", None, Some(request)).await
    }

    pub async fn request_card(
        &self,
        national_register_number: NationalRegisterNumber,
        email: &str,
        language: Language,
    ) -> Result<(), CoreError> {
        let request =
            NewCardRequest { national_register_number, email: email.to_owned(), language };
        self.call_empty(Method::POST, "/card-requests", None, Some(&request)).await
    }

    pub async fn request_password_reset(
        &self,
        user_name: &str,
        language: Language,
    ) -> Result<(), CoreError> {
        let request = PasswordResetRequest { user_name: user_name.to_owned(), language };
        self.call_empty(Method::POST, "/password-resets", None, Some(&request)).await
    }

    pub async fn register_device(
        &self,
        token: &Sensitive<String>,
        request: &RegisterDeviceRequest,
    ) -> Result<RegisterDeviceResponse, CoreError> {
        self.call(Method::POST, "/devices", Some(token), Some(request)).await
    }

    pub async fn devices(
        &self,
        token: &Sensitive<String>,
    ) -> Result<DeviceListResponse, CoreError> {
        self.call(Method::GET, "/devices", Some(token), None::<&()>).await
    }

    pub async fn remove_device(
        &self,
        token: &Sensitive<String>,
        device_id: &str,
    ) -> Result<(), CoreError> {
        self.call_empty(Method::DELETE, &format!("/devices/{device_id}"), Some(token), None::<&()>)
            .await
    }

    pub async fn device_login_start(
        &self,
        device_id: &str,
    ) -> Result<DeviceChallengeResponse, CoreError> {
        self.call(Method::POST, &format!("/devices/{device_id}/login/start"), None, None::<&()>)
            .await
    }

    pub async fn device_login_unlock(
        &self,
        device_id: &str,
        request: &DeviceUnlockRequest,
    ) -> Result<DeviceUnlockResponse, CoreError> {
        self.call(Method::POST, &format!("/devices/{device_id}/login/unlock"), None, Some(request))
            .await
    }

    pub async fn device_login_finish(
        &self,
        device_id: &str,
        request: &DeviceLoginRequest,
    ) -> Result<DeviceLoginResponse, CoreError> {
        self.call(Method::POST, &format!("/devices/{device_id}/login/finish"), None, Some(request))
            .await
    }

    pub async fn change_pin(
        &self,
        token: &Sensitive<String>,
        device_id: &str,
        request: &ChangePinRequest,
    ) -> Result<DeviceUnlockResponse, CoreError> {
        self.call(Method::PUT, &format!("/devices/{device_id}/pin"), Some(token), Some(request))
            .await
    }

    /// The records this user may open.
    pub async fn records(&self, token: &Sensitive<String>) -> Result<Vec<RecordAccess>, CoreError> {
        self.call(Method::GET, "/records", Some(token), None::<&()>).await
    }

    /// One page of a record's report changes since `cursor` ("" for everything).
    pub async fn report_changes(
        &self,
        token: &Sensitive<String>,
        record: &str,
        cursor: &str,
    ) -> Result<ReportSyncResponse<RawReport>, CoreError> {
        let request = self
            .request(Method::GET, &format!("/records/{record}/reports"), Some(token), None::<&()>)
            .query(&[("cursor", cursor)]);
        self.send(request).await?.json().await.map_err(|_| CoreError::InvalidResponse)
    }

    pub async fn pending_reports(
        &self,
        token: &Sensitive<String>,
        record: &str,
    ) -> Result<Vec<PendingReport>, CoreError> {
        self.call(Method::GET, &format!("/records/{record}/pending"), Some(token), None::<&()>)
            .await
    }

    pub async fn hospitals(
        &self,
        token: &Sensitive<String>,
    ) -> Result<Vec<HospitalView>, CoreError> {
        self.call(Method::GET, "/hospitals", Some(token), None::<&()>).await
    }

    fn request<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: Option<&Sensitive<String>>,
        body: Option<&B>,
    ) -> RequestBuilder {
        let url = self.server.join(&format!("{API_PREFIX}{path}"));
        let mut request = self.http.request(method, url);
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request
    }

    async fn send(&self, request: RequestBuilder) -> Result<reqwest::Response, CoreError> {
        let response = request.send().await.map_err(CoreError::from_request)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        match response.json::<ApiError>().await {
            Ok(error) => Err(CoreError::from_api(status.as_u16(), error)),
            Err(_) => Err(CoreError::ServerStatus { status: status.as_u16() }),
        }
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&Sensitive<String>>,
        body: Option<&B>,
    ) -> Result<T, CoreError> {
        let response = self.send(self.request(method, path, token, body)).await?;
        response.json().await.map_err(|_| CoreError::InvalidResponse)
    }

    async fn call_empty<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: Option<&Sensitive<String>>,
        body: Option<&B>,
    ) -> Result<(), CoreError> {
        self.send(self.request(method, path, token, body)).await.map(|_| ())
    }
}

/// reqwest is built without a TLS crypto provider (to keep aws-lc's C build out): ring is
/// installed once per process. A provider installed earlier by the host is kept.
fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
