//! The HTTP client for dossier-server's API: one method per endpoint, typed requests and
//! answers from dossier-api, API errors turned into [`CoreError`]s.

use std::{
    sync::{
        Arc,
        atomic::{AtomicI64, Ordering},
    },
    time::Duration,
};

use dossier_api::appointments::{AppointmentSyncResponse, AppointmentView};
use dossier_api::care_access::{AccessLogPage, CareProviderView, RecordAccessOverview};
use dossier_api::details::{DetailsUpdate, NotificationSettings, PersonalDetailsView};
use dossier_api::device::{
    ChangePinRequest, DeviceChallengeResponse, DeviceListResponse, DeviceLoginRequest,
    DeviceLoginResponse, DeviceUnlockRequest, DeviceUnlockResponse, RegisterDeviceRequest,
    RegisterDeviceResponse,
};
use dossier_api::invoices::InvoiceSyncResponse;
use dossier_api::links::{
    ChildLinkRequest, LinkRequestView, RecordLinkView, TrustedPersonDesignation,
};
use dossier_api::messages::{NewMessage, ThreadView};
use dossier_api::questionnaires::{QuestionnaireSummary, QuestionnaireView, SaveAnswersRequest};
use dossier_api::radiology::{
    NewShareCodeRequest, RadiologyStudyView, ShareCodeCreated, ShareCodeView,
};
use dossier_api::reports::{
    HospitalView, MAX_SYNC_PAGE, PendingReport, RecordAccess, ReportSyncResponse,
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

use crate::{error::CoreError, server_url::ServerUrl, sync_page::ReportText};

/// How long to wait for a TCP/TLS connection before calling the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a whole request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a study's download may take in all: hundreds of megabytes on a slow line. A
/// line that stops sending ends sooner, after [`REQUEST_TIMEOUT`] without a byte.
const STUDY_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// Shorter than dossier-server's idle limit (30 s).
const IDLE_CONNECTION_TIMEOUT: Duration = Duration::from_secs(20);

/// A client for one dossier-server.
#[derive(Debug, Clone)]
pub struct DossierClient {
    http: reqwest::Client,
    server: ServerUrl,
    /// The latest `Date` the server answered with (Unix seconds; 0 before any).
    server_time: Arc<AtomicI64>,
}

impl DossierClient {
    pub fn new(server: ServerUrl) -> Result<Self, CoreError> {
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .read_timeout(REQUEST_TIMEOUT)
            // Idle connections are let go before dossier-server closes them (after 30 s),
            // so a request never goes out on a connection the server is closing; the
            // connection check every 10 s keeps one open.
            .pool_idle_timeout(IDLE_CONNECTION_TIMEOUT)
            // A redirect could lead to plain HTTP or another host: never follow one.
            .redirect(Policy::none())
            .user_agent(concat!("dossier-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(CoreError::HttpClient)?;
        Ok(Self { http, server, server_time: Arc::new(AtomicI64::new(0)) })
    }

    pub fn server(&self) -> &ServerUrl {
        &self.server
    }

    /// The latest time the server gave in an answer's `Date`, if any answered yet.
    pub fn latest_server_time(&self) -> Option<i64> {
        Some(self.server_time.load(Ordering::Relaxed)).filter(|t| *t > 0)
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
    ) -> Result<ReportSyncResponse<ReportText>, CoreError> {
        let request = self
            .request(Method::GET, &format!("/records/{record}/reports"), Some(token), None::<&()>)
            .query(&[("cursor", cursor), ("limit", &MAX_SYNC_PAGE.to_string())]);
        let body = self.send(request).await?.bytes().await;
        crate::sync_page::parse(body.map_err(|_| CoreError::InvalidResponse)?)
    }

    pub async fn pending_reports(
        &self,
        token: &Sensitive<String>,
        record: &str,
    ) -> Result<Vec<PendingReport>, CoreError> {
        self.call(Method::GET, &format!("/records/{record}/pending"), Some(token), None::<&()>)
            .await
    }

    /// A parent asks for a child's record.
    pub async fn ask_for_child(
        &self,
        token: &Sensitive<String>,
        request: &ChildLinkRequest,
    ) -> Result<LinkRequestView, CoreError> {
        self.call(Method::POST, "/link-requests", Some(token), Some(request)).await
    }

    /// The parent's requests, newest first.
    pub async fn link_requests(
        &self,
        token: &Sensitive<String>,
    ) -> Result<Vec<LinkRequestView>, CoreError> {
        self.call(Method::GET, "/link-requests", Some(token), None::<&()>).await
    }

    /// Who can open (or asked to open) one's own record.
    pub async fn record_links(
        &self,
        token: &Sensitive<String>,
        record: &str,
    ) -> Result<Vec<RecordLinkView>, CoreError> {
        self.call(Method::GET, &format!("/records/{record}/links"), Some(token), None::<&()>).await
    }

    /// Names a trusted person for one's own record.
    pub async fn designate(
        &self,
        token: &Sensitive<String>,
        record: &str,
        designation: &TrustedPersonDesignation,
    ) -> Result<RecordLinkView, CoreError> {
        let path = format!("/records/{record}/trusted-persons");
        self.call(Method::POST, &path, Some(token), Some(designation)).await
    }

    /// Revokes a trusted person of one's own record.
    pub async fn revoke_link(
        &self,
        token: &Sensitive<String>,
        record: &str,
        link: &str,
    ) -> Result<(), CoreError> {
        let path = format!("/records/{record}/links/{link}");
        self.call_empty(Method::DELETE, &path, Some(token), None::<&()>).await
    }

    /// Who may see the record: care teams, GP, referrers, exclusions, eHealth consent.
    pub async fn access_overview(
        &self,
        token: &Sensitive<String>,
        record: &str,
    ) -> Result<RecordAccessOverview, CoreError> {
        self.call(Method::GET, &format!("/records/{record}/access"), Some(token), None::<&()>).await
    }

    /// Objects to the GP's access (`objected`), or allows it again.
    pub async fn set_gp_objection(
        &self,
        token: &Sensitive<String>,
        record: &str,
        objected: bool,
    ) -> Result<RecordAccessOverview, CoreError> {
        let method = if objected { Method::PUT } else { Method::DELETE };
        let path = format!("/records/{record}/access/gp-objection");
        self.call(method, &path, Some(token), None::<&()>).await
    }

    /// Withdraws the consent given to a referrer.
    pub async fn withdraw_referrer(
        &self,
        token: &Sensitive<String>,
        record: &str,
        provider_id: &str,
    ) -> Result<RecordAccessOverview, CoreError> {
        let path = format!("/records/{record}/access/referrers/{provider_id}");
        self.call(Method::DELETE, &path, Some(token), None::<&()>).await
    }

    /// Stops a hospital exclusion.
    pub async fn stop_exclusion(
        &self,
        token: &Sensitive<String>,
        record: &str,
        exclusion_id: &str,
    ) -> Result<RecordAccessOverview, CoreError> {
        let path = format!("/records/{record}/access/exclusions/{exclusion_id}");
        self.call(Method::DELETE, &path, Some(token), None::<&()>).await
    }

    /// The record's access log entries after `after`, oldest first, one page.
    pub async fn access_log(
        &self,
        token: &Sensitive<String>,
        record: &str,
        after: i64,
        limit: u32,
    ) -> Result<AccessLogPage, CoreError> {
        let request = self
            .request(
                Method::GET,
                &format!("/records/{record}/access-log"),
                Some(token),
                None::<&()>,
            )
            .query(&[("after", after.to_string()), ("limit", limit.to_string())]);
        self.send(request).await?.json().await.map_err(|_| CoreError::InvalidResponse)
    }

    /// One page of a record's appointment changes since `cursor` ("" for everything).
    pub async fn appointment_changes(
        &self,
        token: &Sensitive<String>,
        record: &str,
        cursor: &str,
    ) -> Result<AppointmentSyncResponse, CoreError> {
        let path = format!("/records/{record}/appointments");
        let request =
            self.request(Method::GET, &path, Some(token), None::<&()>).query(&[("cursor", cursor)]);
        self.send(request).await?.json().await.map_err(|_| CoreError::InvalidResponse)
    }

    /// Cancels an appointment; answers with it as it is now.
    pub async fn cancel_appointment(
        &self,
        token: &Sensitive<String>,
        record: &str,
        appointment: &str,
    ) -> Result<AppointmentView, CoreError> {
        let path = format!("/records/{record}/appointments/{appointment}/cancel");
        self.call(Method::POST, &path, Some(token), None::<&()>).await
    }

    /// One page of a record's invoice changes since `cursor` ("" for everything).
    pub async fn invoice_changes(
        &self,
        token: &Sensitive<String>,
        record: &str,
        cursor: &str,
    ) -> Result<InvoiceSyncResponse, CoreError> {
        let path = format!("/records/{record}/invoices");
        let request =
            self.request(Method::GET, &path, Some(token), None::<&()>).query(&[("cursor", cursor)]);
        self.send(request).await?.json().await.map_err(|_| CoreError::InvalidResponse)
    }

    /// One invoice as a PDF, made by the server.
    pub async fn invoice_pdf(
        &self,
        token: &Sensitive<String>,
        record: &str,
        invoice: &str,
    ) -> Result<Vec<u8>, CoreError> {
        let path = format!("/records/{record}/invoices/{invoice}/pdf");
        let response =
            self.send(self.request(Method::GET, &path, Some(token), None::<&()>)).await?;
        let bytes = response.bytes().await.map_err(|_| CoreError::InvalidResponse)?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(CoreError::InvalidResponse);
        }
        Ok(bytes.to_vec())
    }

    /// The record's personal details and every change made to them.
    pub async fn personal_details(
        &self,
        token: &Sensitive<String>,
        record: &str,
    ) -> Result<PersonalDetailsView, CoreError> {
        self.call(Method::GET, &format!("/records/{record}/details"), Some(token), None::<&()>)
            .await
    }

    /// Changes the record's details, all fields at once.
    pub async fn change_personal_details(
        &self,
        token: &Sensitive<String>,
        record: &str,
        update: &DetailsUpdate,
    ) -> Result<PersonalDetailsView, CoreError> {
        self.call(Method::PUT, &format!("/records/{record}/details"), Some(token), Some(update))
            .await
    }

    /// GPs of the directory whose name holds `name`.
    pub async fn general_practitioners(
        &self,
        token: &Sensitive<String>,
        name: &str,
    ) -> Result<Vec<CareProviderView>, CoreError> {
        let request = self
            .request(Method::GET, "/general-practitioners", Some(token), None::<&()>)
            .query(&[("name", name)]);
        self.send(request).await?.json().await.map_err(|_| CoreError::InvalidResponse)
    }

    /// One's own e-mail notification settings.
    pub async fn notification_settings(
        &self,
        token: &Sensitive<String>,
    ) -> Result<NotificationSettings, CoreError> {
        self.call(Method::GET, "/notifications", Some(token), None::<&()>).await
    }

    pub async fn change_notification_settings(
        &self,
        token: &Sensitive<String>,
        settings: &NotificationSettings,
    ) -> Result<NotificationSettings, CoreError> {
        self.call(Method::PUT, "/notifications", Some(token), Some(settings)).await
    }

    /// The record's conversations with hospital services.
    pub async fn message_threads(
        &self,
        token: &Sensitive<String>,
        record: &str,
    ) -> Result<Vec<ThreadView>, CoreError> {
        self.call(Method::GET, &format!("/records/{record}/messages"), Some(token), None::<&()>)
            .await
    }

    /// Sends a message (the same `client_id` again is the same message).
    pub async fn send_message(
        &self,
        token: &Sensitive<String>,
        record: &str,
        message: &NewMessage,
    ) -> Result<ThreadView, CoreError> {
        self.call(Method::POST, &format!("/records/{record}/messages"), Some(token), Some(message))
            .await
    }

    /// An attachment's bytes.
    pub async fn message_attachment(
        &self,
        token: &Sensitive<String>,
        record: &str,
        message: &str,
        attachment: &str,
    ) -> Result<Vec<u8>, CoreError> {
        let path = format!("/records/{record}/messages/{message}/attachments/{attachment}");
        let response =
            self.send(self.request(Method::GET, &path, Some(token), None::<&()>)).await?;
        let bytes = response.bytes().await.map_err(|_| CoreError::InvalidResponse)?;
        Ok(bytes.to_vec())
    }

    /// The study of a radiology report.
    pub async fn radiology_study(
        &self,
        token: &Sensitive<String>,
        record: &str,
        report: &str,
    ) -> Result<RadiologyStudyView, CoreError> {
        let path = format!("/records/{record}/reports/{report}/study");
        self.call(Method::GET, &path, Some(token), None::<&()>).await
    }

    /// A series' preview, as PNG bytes.
    pub async fn series_preview(
        &self,
        token: &Sensitive<String>,
        record: &str,
        report: &str,
        series: &str,
    ) -> Result<Vec<u8>, CoreError> {
        let path = format!("/records/{record}/reports/{report}/study/series/{series}/preview");
        let response =
            self.send(self.request(Method::GET, &path, Some(token), None::<&()>)).await?;
        let bytes = response.bytes().await.map_err(CoreError::from_request)?;
        Ok(bytes.to_vec())
    }

    /// The study as a ZIP of its DICOM files: the answer, read piece by piece by the caller
    /// (a study can be hundreds of megabytes).
    pub async fn study_zip(
        &self,
        token: &Sensitive<String>,
        record: &str,
        report: &str,
    ) -> Result<reqwest::Response, CoreError> {
        let path = format!("/records/{record}/reports/{report}/study/zip");
        let request = self.request(Method::GET, &path, Some(token), None::<&()>);
        self.send(request.timeout(STUDY_DOWNLOAD_TIMEOUT)).await
    }

    pub async fn share_codes(
        &self,
        token: &Sensitive<String>,
        record: &str,
        report: &str,
    ) -> Result<Vec<ShareCodeView>, CoreError> {
        let path = format!("/records/{record}/reports/{report}/study/share-codes");
        self.call(Method::GET, &path, Some(token), None::<&()>).await
    }

    pub async fn create_share_code(
        &self,
        token: &Sensitive<String>,
        record: &str,
        report: &str,
        days: u32,
    ) -> Result<ShareCodeCreated, CoreError> {
        let path = format!("/records/{record}/reports/{report}/study/share-codes");
        self.call(Method::POST, &path, Some(token), Some(&NewShareCodeRequest { days })).await
    }

    pub async fn revoke_share_code(
        &self,
        token: &Sensitive<String>,
        record: &str,
        report: &str,
        code: &str,
    ) -> Result<ShareCodeView, CoreError> {
        let path = format!("/records/{record}/reports/{report}/study/share-codes/{code}");
        self.call(Method::DELETE, &path, Some(token), None::<&()>).await
    }

    /// The questionnaires hospitals sent to the record.
    pub async fn questionnaires(
        &self,
        token: &Sensitive<String>,
        record: &str,
    ) -> Result<Vec<QuestionnaireSummary>, CoreError> {
        let path = format!("/records/{record}/questionnaires");
        self.call(Method::GET, &path, Some(token), None::<&()>).await
    }

    /// One questionnaire with the answers kept so far.
    pub async fn questionnaire(
        &self,
        token: &Sensitive<String>,
        record: &str,
        questionnaire: &str,
    ) -> Result<QuestionnaireView, CoreError> {
        let path = format!("/records/{record}/questionnaires/{questionnaire}");
        self.call(Method::GET, &path, Some(token), None::<&()>).await
    }

    /// Keeps answers part way, or submits them.
    pub async fn save_answers(
        &self,
        token: &Sensitive<String>,
        record: &str,
        questionnaire: &str,
        answers: &SaveAnswersRequest,
    ) -> Result<QuestionnaireView, CoreError> {
        let path = format!("/records/{record}/questionnaires/{questionnaire}/answers");
        self.call(Method::PUT, &path, Some(token), Some(answers)).await
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
        let date = response.headers().get(reqwest::header::DATE);
        if let Some(date) =
            date.and_then(|d| d.to_str().ok()).and_then(|d| httpdate::parse_http_date(d).ok())
            && let Ok(since) = date.duration_since(std::time::UNIX_EPOCH)
        {
            let unix = i64::try_from(since.as_secs()).unwrap_or(0);
            self.server_time.fetch_max(unix, Ordering::Relaxed);
        }
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
