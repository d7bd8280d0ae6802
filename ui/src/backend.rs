//! The one place where the UI talks to the Tauri shell: command calls and event
//! subscriptions. Components call the typed functions here, never `invoke` itself.

use dossier_api::{
    ConnectionView, Language, Sensitive,
    shell::{
        AppError, BlockCardArgs, ChangePasswordArgs, ChangePinArgs, ChangeUserNameArgs,
        CodeAskedView, DeviceIdArgs, DeviceStateView, DeviceView, HomeView, LoginCodeArgs,
        LoginStartArgs, PasswordResetArgs, PinArgs, RecordView, RegisterDeviceArgs,
        RequestCardArgs, commands, events,
    },
};
use dossier_api::{
    appointments::AppointmentView,
    shell::{
        AppointmentArgs, AppointmentsView, CalendarLabels, DetailsToShowView, InvoicesView,
        LinkKind, OpenLinkArgs, SaveCalendarArgs, SaveInvoicePdfArgs,
    },
};
use dossier_api::{
    care_access::{CareProviderView, RecordAccessOverview},
    details::{DetailsUpdate, NotificationSettings, PersonalDetailsView},
    shell::{
        AccessLogArgs, AccessLogView, ChangeDetailsArgs, FindGpArgs, GpObjectionArgs,
        NotificationSettingsArgs, StopExclusionArgs, WithdrawReferrerArgs,
    },
};
use dossier_api::{
    labs::{LabSeries, LabTestKey, LabTestSummary},
    shell::{LabSeriesArgs, LabTestsArgs},
};
use dossier_api::{
    links::{ChildLinkRequest, LinkRequestView, RecordLinkView},
    shell::{
        ClosedRecordView, FirstScreen, FirstScreenArgs, NameTrustedPersonArgs, RevokeLinkArgs,
    },
};
use dossier_api::{
    messages::NewMessage,
    shell::{DiscardMessageArgs, MessagesView, SaveAttachmentArgs, WriteMessageArgs},
};
use dossier_api::{
    questionnaires::{QuestionnaireSummary, QuestionnaireView, SaveAnswersRequest},
    shell::{QuestionnaireArgs, SaveAnswersArgs},
};
use dossier_api::{
    radiology::{RadiologyStudyView, ShareCodeCreated, ShareCodeView},
    shell::{CreateShareCodeArgs, RevokeShareCodeArgs, SaveStudyArgs, SeriesPreviewArgs},
};
use dossier_api::{
    reports::{HospitalView, PendingReport, ReportView},
    shell::{
        RecordArgs, ReportArgs, ReportListArgs, ReportListView, ReportPdfLabels, SaveReportPdfArgs,
        SavedFileView, SyncProgressView,
    },
};
use serde::{Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsValue, closure::Closure, prelude::wasm_bindgen};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(
        event: &str,
        handler: &Closure<dyn FnMut(JsValue)>,
    ) -> Result<JsValue, JsValue>;
}

/// Why a call to the shell failed: the shell's own answer, or no shell at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// The shell did not answer at all (the UI is not running inside the app).
    #[error("the app shell is not available")]
    Unavailable,
    /// The shell answered with something the UI cannot read: a version mismatch.
    #[error("unexpected answer from the app shell")]
    Decode,
    /// The command ran and failed: the patient is told why.
    #[error("{0}")]
    App(AppError),
}

impl BackendError {
    /// As an [`AppError`], for showing to the patient.
    pub fn app_error(self) -> AppError {
        match self {
            BackendError::App(error) => error,
            BackendError::Unavailable | BackendError::Decode => AppError::Unexpected,
        }
    }
}

async fn call<A: Serialize, T: DeserializeOwned>(
    command: &str,
    args: &A,
) -> Result<T, BackendError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args.serialize(&serializer).map_err(|_| BackendError::Decode)?;
    match tauri_invoke(command, args).await {
        Ok(answer) => serde_wasm_bindgen::from_value(answer).map_err(|_| BackendError::Decode),
        // A command error arrives as its serialized AppError; anything else means no shell.
        Err(error) => Err(serde_wasm_bindgen::from_value::<AppError>(error)
            .map(BackendError::App)
            .unwrap_or(BackendError::Unavailable)),
    }
}

#[derive(Serialize)]
struct NoArgs {}

#[derive(Serialize)]
struct With<T> {
    args: T,
}

/// The connection state as the core last saw it.
pub async fn connection_status() -> Result<ConnectionView, BackendError> {
    call(commands::CONNECTION_STATUS, &NoArgs {}).await
}

/// Asks the core to check the server now.
pub async fn check_connection() -> Result<ConnectionView, BackendError> {
    call(commands::CHECK_CONNECTION, &NoArgs {}).await
}

/// Step one of the code-card login.
pub async fn login_start(
    user_name: String,
    password: String,
) -> Result<CodeAskedView, BackendError> {
    let args = LoginStartArgs { user_name, password: Sensitive::new(password) };
    call(commands::LOGIN_START, &With { args }).await
}

/// Step two: the code from the card.
pub async fn login_finish(code: String) -> Result<HomeView, BackendError> {
    call(commands::LOGIN_FINISH, &With { args: LoginCodeArgs { code: Sensitive::new(code) } }).await
}

pub async fn home() -> Result<HomeView, BackendError> {
    call(commands::HOME, &NoArgs {}).await
}

pub async fn logout() -> Result<(), BackendError> {
    call(commands::LOGOUT, &NoArgs {}).await
}

pub async fn change_user_name(new_user_name: String, password: String) -> Result<(), BackendError> {
    let args = ChangeUserNameArgs { new_user_name, password: Sensitive::new(password) };
    call(commands::CHANGE_USER_NAME, &With { args }).await
}

pub async fn change_password(current: String, new: String) -> Result<(), BackendError> {
    let args = ChangePasswordArgs {
        current_password: Sensitive::new(current),
        new_password: Sensitive::new(new),
    };
    call(commands::CHANGE_PASSWORD, &With { args }).await
}

/// Blocks the card; answers its serial.
pub async fn block_card(user_name: String, password: String) -> Result<String, BackendError> {
    let args = BlockCardArgs { user_name, password: Sensitive::new(password) };
    call(commands::BLOCK_CARD, &With { args }).await
}

pub async fn request_card(
    national_register_number: String,
    email: String,
    language: Language,
) -> Result<(), BackendError> {
    let args = RequestCardArgs { national_register_number, email, language };
    call(commands::REQUEST_CARD, &With { args }).await
}

pub async fn request_password_reset(
    user_name: String,
    language: Language,
) -> Result<(), BackendError> {
    call(
        commands::REQUEST_PASSWORD_RESET,
        &With { args: PasswordResetArgs { user_name, language } },
    )
    .await
}

pub async fn device_state() -> Result<DeviceStateView, BackendError> {
    call(commands::DEVICE_STATE, &NoArgs {}).await
}

pub async fn register_device(name: String, pin: String) -> Result<HomeView, BackendError> {
    let args = RegisterDeviceArgs { name, pin: Sensitive::new(pin) };
    call(commands::REGISTER_DEVICE, &With { args }).await
}

pub async fn unlock(pin: String) -> Result<HomeView, BackendError> {
    call(commands::UNLOCK, &With { args: PinArgs { pin: Sensitive::new(pin) } }).await
}

pub async fn change_pin(current: String, new: String) -> Result<(), BackendError> {
    let args = ChangePinArgs { current_pin: Sensitive::new(current), new_pin: Sensitive::new(new) };
    call(commands::CHANGE_PIN, &With { args }).await
}

pub async fn devices() -> Result<Vec<DeviceView>, BackendError> {
    call(commands::DEVICES, &NoArgs {}).await
}

pub async fn remove_device(device_id: String) -> Result<(), BackendError> {
    call(commands::REMOVE_DEVICE, &With { args: DeviceIdArgs { device_id } }).await
}

pub async fn unregister_device() -> Result<(), BackendError> {
    call(commands::UNREGISTER_DEVICE, &NoArgs {}).await
}

pub async fn lock() -> Result<(), BackendError> {
    call(commands::LOCK, &NoArgs {}).await
}

pub async fn sync_reports() -> Result<(), BackendError> {
    call(commands::SYNC_REPORTS, &NoArgs {}).await
}

pub async fn reports(args: ReportListArgs) -> Result<ReportListView, BackendError> {
    call(commands::REPORTS, &With { args }).await
}

pub async fn report(record_id: String, report_id: String) -> Result<ReportView, BackendError> {
    call(commands::REPORT, &With { args: ReportArgs { record_id, report_id } }).await
}

pub async fn hospitals() -> Result<Vec<HospitalView>, BackendError> {
    call(commands::HOSPITALS, &NoArgs {}).await
}

/// The records the user may open, own first.
pub async fn records() -> Result<Vec<RecordView>, BackendError> {
    call(commands::RECORDS, &NoArgs {}).await
}

/// The records closed since last asked (each once), to say why they left.
pub async fn closed_records() -> Result<Vec<ClosedRecordView>, BackendError> {
    call(commands::CLOSED_RECORDS, &NoArgs {}).await
}

/// The parent's requests for a child's record.
pub async fn link_requests() -> Result<Vec<LinkRequestView>, BackendError> {
    call(commands::LINK_REQUESTS, &NoArgs {}).await
}

pub async fn ask_for_child(request: ChildLinkRequest) -> Result<LinkRequestView, BackendError> {
    call(commands::ASK_FOR_CHILD, &With { args: request }).await
}

/// Who can open one's own record.
pub async fn record_links(record_id: String) -> Result<Vec<RecordLinkView>, BackendError> {
    call(commands::RECORD_LINKS, &With { args: RecordArgs { record_id } }).await
}

pub async fn name_trusted_person(
    args: NameTrustedPersonArgs,
) -> Result<RecordLinkView, BackendError> {
    call(commands::NAME_TRUSTED_PERSON, &With { args }).await
}

pub async fn revoke_link(record_id: String, link_id: String) -> Result<(), BackendError> {
    call(commands::REVOKE_LINK, &With { args: RevokeLinkArgs { record_id, link_id } }).await
}

/// Who may see a record (own, a child's, a represented person's).
pub async fn access_overview(record_id: String) -> Result<RecordAccessOverview, BackendError> {
    call(commands::ACCESS_OVERVIEW, &With { args: RecordArgs { record_id } }).await
}

/// Objects to the GP's access (`objected`), or allows it again.
pub async fn set_gp_objection(
    record_id: String,
    objected: bool,
) -> Result<RecordAccessOverview, BackendError> {
    call(commands::SET_GP_OBJECTION, &With { args: GpObjectionArgs { record_id, objected } }).await
}

pub async fn withdraw_referrer(
    record_id: String,
    provider_id: String,
) -> Result<RecordAccessOverview, BackendError> {
    let args = WithdrawReferrerArgs { record_id, provider_id };
    call(commands::WITHDRAW_REFERRER, &With { args }).await
}

pub async fn stop_exclusion(
    record_id: String,
    exclusion_id: String,
) -> Result<RecordAccessOverview, BackendError> {
    let args = StopExclusionArgs { record_id, exclusion_id };
    call(commands::STOP_EXCLUSION, &With { args }).await
}

/// Fetches the record's new access log entries into the device's cache.
pub async fn sync_access_log(record_id: String) -> Result<(), BackendError> {
    call(commands::SYNC_ACCESS_LOG, &With { args: RecordArgs { record_id } }).await
}

/// A record's personal details and their history.
pub async fn personal_details(record_id: String) -> Result<DetailsToShowView, BackendError> {
    call(commands::PERSONAL_DETAILS, &With { args: RecordArgs { record_id } }).await
}

/// Changes the record's details, all at once.
pub async fn change_personal_details(
    record_id: String,
    update: DetailsUpdate,
) -> Result<PersonalDetailsView, BackendError> {
    call(commands::CHANGE_PERSONAL_DETAILS, &With { args: ChangeDetailsArgs { record_id, update } })
        .await
}

/// The questionnaires hospitals sent to a record.
pub async fn questionnaires(record_id: String) -> Result<Vec<QuestionnaireSummary>, BackendError> {
    call(commands::QUESTIONNAIRES, &With { args: RecordArgs { record_id } }).await
}

pub async fn questionnaire(
    record_id: String,
    questionnaire_id: String,
) -> Result<QuestionnaireView, BackendError> {
    call(commands::QUESTIONNAIRE, &With { args: QuestionnaireArgs { record_id, questionnaire_id } })
        .await
}

/// Keeps answers part way, or submits them.
pub async fn save_answers(
    record_id: String,
    questionnaire_id: String,
    answers: SaveAnswersRequest,
) -> Result<QuestionnaireView, BackendError> {
    let args = SaveAnswersArgs { record_id, questionnaire_id, answers };
    call(commands::SAVE_ANSWERS, &With { args }).await
}

/// GPs whose name holds `name`.
pub async fn find_general_practitioners(
    name: String,
) -> Result<Vec<CareProviderView>, BackendError> {
    call(commands::FIND_GENERAL_PRACTITIONERS, &With { args: FindGpArgs { name } }).await
}

pub async fn notification_settings() -> Result<NotificationSettings, BackendError> {
    call(commands::NOTIFICATION_SETTINGS, &NoArgs {}).await
}

pub async fn change_notification_settings(
    settings: NotificationSettings,
) -> Result<NotificationSettings, BackendError> {
    call(
        commands::CHANGE_NOTIFICATION_SETTINGS,
        &With { args: NotificationSettingsArgs { settings } },
    )
    .await
}

/// "Who looked at my record", from the device's cache.
pub async fn access_log(args: AccessLogArgs) -> Result<AccessLogView, BackendError> {
    call(commands::ACCESS_LOG, &With { args }).await
}

/// Calls `on_synced` with the records whose access log received new entries in a
/// background sync.
pub async fn on_access_log_synced(
    on_synced: impl Fn(Vec<String>) + 'static,
) -> Result<(), BackendError> {
    subscribe(events::ACCESS_LOG_SYNCED, on_synced).await
}

/// A record's appointments, from the device.
pub async fn appointments(record_id: String) -> Result<AppointmentsView, BackendError> {
    call(commands::APPOINTMENTS, &With { args: RecordArgs { record_id } }).await
}

pub async fn sync_appointments(record_id: String) -> Result<(), BackendError> {
    call(commands::SYNC_APPOINTMENTS, &With { args: RecordArgs { record_id } }).await
}

pub async fn cancel_appointment(
    record_id: String,
    appointment_id: String,
) -> Result<AppointmentView, BackendError> {
    call(
        commands::CANCEL_APPOINTMENT,
        &With { args: AppointmentArgs { record_id, appointment_id } },
    )
    .await
}

/// Asks where to save, then writes the appointment as an .ics file. None: cancelled.
pub async fn save_appointment_calendar(
    record_id: String,
    appointment_id: String,
    labels: CalendarLabels,
) -> Result<Option<SavedFileView>, BackendError> {
    let args = SaveCalendarArgs { record_id, appointment_id, labels };
    call(commands::SAVE_APPOINTMENT_CALENDAR, &With { args }).await
}

/// Opens the appointment's video consultation or the invoice's payment page in the
/// system's browser.
pub async fn open_link(record_id: String, id: String, kind: LinkKind) -> Result<(), BackendError> {
    call(commands::OPEN_LINK, &With { args: OpenLinkArgs { record_id, id, kind } }).await
}

/// A record's invoices, from the device.
pub async fn invoices(record_id: String) -> Result<InvoicesView, BackendError> {
    call(commands::INVOICES, &With { args: RecordArgs { record_id } }).await
}

pub async fn sync_invoices(record_id: String) -> Result<(), BackendError> {
    call(commands::SYNC_INVOICES, &With { args: RecordArgs { record_id } }).await
}

/// Asks where to save, then writes the invoice's PDF (made by the server). None: cancelled.
pub async fn save_invoice_pdf(
    record_id: String,
    invoice_id: String,
    dialog_title: String,
) -> Result<Option<SavedFileView>, BackendError> {
    let args = SaveInvoicePdfArgs { record_id, invoice_id, dialog_title };
    call(commands::SAVE_INVOICE_PDF, &With { args }).await
}

/// Calls `on_synced` with the records whose appointments or invoices changed in a
/// background sync.
pub async fn on_appointments_synced(
    on_synced: impl Fn(Vec<String>) + 'static,
) -> Result<(), BackendError> {
    subscribe(events::APPOINTMENTS_SYNCED, on_synced).await
}

/// A record's conversations and outbox, from the device.
pub async fn messages(record_id: String) -> Result<MessagesView, BackendError> {
    call(commands::MESSAGES, &With { args: RecordArgs { record_id } }).await
}

/// Sends the outbox and reads the conversations from the server.
pub async fn sync_messages(record_id: String) -> Result<(), BackendError> {
    call(commands::SYNC_MESSAGES, &With { args: RecordArgs { record_id } }).await
}

/// Keeps the message in the outbox, and sends it at once when there is a connection.
pub async fn write_message(
    record_id: String,
    message: NewMessage,
) -> Result<MessagesView, BackendError> {
    call(commands::WRITE_MESSAGE, &With { args: WriteMessageArgs { record_id, message } }).await
}

/// Deletes a message from the outbox.
pub async fn discard_message(record_id: String, client_id: String) -> Result<(), BackendError> {
    call(commands::DISCARD_MESSAGE, &With { args: DiscardMessageArgs { record_id, client_id } })
        .await
}

/// Asks where to save, then writes an attachment. None: cancelled.
pub async fn save_attachment(
    args: SaveAttachmentArgs,
) -> Result<Option<SavedFileView>, BackendError> {
    call(commands::SAVE_ATTACHMENT, &With { args }).await
}

/// The study of a radiology report, from the server; None: the report has no images.
pub async fn radiology_study(
    record_id: String,
    report_id: String,
) -> Result<Option<RadiologyStudyView>, BackendError> {
    call(commands::RADIOLOGY_STUDY, &With { args: ReportArgs { record_id, report_id } }).await
}

/// A series' preview as a `data:image/png` URL.
pub async fn series_preview(
    record_id: String,
    report_id: String,
    series_id: String,
) -> Result<String, BackendError> {
    let args = SeriesPreviewArgs { record_id, report_id, series_id };
    call(commands::SERIES_PREVIEW, &With { args }).await
}

/// Asks where to save, then writes the study's ZIP. None: cancelled.
pub async fn save_study(args: SaveStudyArgs) -> Result<Option<SavedFileView>, BackendError> {
    call(commands::SAVE_STUDY, &With { args }).await
}

pub async fn share_codes(
    record_id: String,
    report_id: String,
) -> Result<Vec<ShareCodeView>, BackendError> {
    call(commands::SHARE_CODES, &With { args: ReportArgs { record_id, report_id } }).await
}

pub async fn create_share_code(
    record_id: String,
    report_id: String,
    days: u32,
) -> Result<ShareCodeCreated, BackendError> {
    let args = CreateShareCodeArgs { record_id, report_id, days };
    call(commands::CREATE_SHARE_CODE, &With { args }).await
}

pub async fn revoke_share_code(
    record_id: String,
    report_id: String,
    code_id: String,
) -> Result<ShareCodeView, BackendError> {
    let args = RevokeShareCodeArgs { record_id, report_id, code_id };
    call(commands::REVOKE_SHARE_CODE, &With { args }).await
}

/// "My lab values": the record's tests (those whose name holds `text`), from the device.
pub async fn lab_tests(
    record_id: String,
    text: Option<String>,
) -> Result<Vec<LabTestSummary>, BackendError> {
    call(commands::LAB_TESTS, &With { args: LabTestsArgs { record_id, text } }).await
}

/// One test's values from `since` on (None: all), oldest first; None: no such test.
pub async fn lab_series(
    record_id: String,
    key: LabTestKey,
    since: Option<dossier_api::dates::NaiveDate>,
) -> Result<Option<LabSeries>, BackendError> {
    call(commands::LAB_SERIES, &With { args: LabSeriesArgs { record_id, key, since } }).await
}

/// Calls `on_synced` with the records whose messages changed in a background sync.
pub async fn on_messages_synced(
    on_synced: impl Fn(Vec<String>) + 'static,
) -> Result<(), BackendError> {
    subscribe(events::MESSAGES_SYNCED, on_synced).await
}

/// Calls `on_change` when records were closed while the app was open (midnight).
pub async fn on_records_changed(on_change: impl Fn() + 'static) -> Result<(), BackendError> {
    subscribe(events::RECORDS_CHANGED, move |()| on_change()).await
}

pub async fn pending_reports(record_id: String) -> Result<Vec<PendingReport>, BackendError> {
    call(commands::PENDING_REPORTS, &With { args: RecordArgs { record_id } }).await
}

/// The list was shown: its reports are not new at the next visit.
pub async fn mark_reports_seen(record_id: String) -> Result<(), BackendError> {
    call(commands::MARK_REPORTS_SEEN, &With { args: RecordArgs { record_id } }).await
}

/// The first screen is drawn and ready for input (the shell logs the start-up time).
pub async fn first_screen_ready(screen: FirstScreen) -> Result<(), BackendError> {
    call(commands::FIRST_SCREEN_READY, &With { args: FirstScreenArgs { screen } }).await
}

/// Asks where to save, then writes the report's PDF there. None: the patient cancelled.
pub async fn save_report_pdf(
    record_id: String,
    report_id: String,
    labels: ReportPdfLabels,
) -> Result<Option<SavedFileView>, BackendError> {
    call(
        commands::SAVE_REPORT_PDF,
        &With { args: SaveReportPdfArgs { record_id, report_id, labels } },
    )
    .await
}

/// The system's print dialog for what the window shows; the print style sheet keeps the
/// report alone on paper.
pub async fn print() -> Result<(), BackendError> {
    call(commands::PRINT_WINDOW, &NoArgs {}).await
}

/// Calls `on_progress` while reports come in during a sync.
pub async fn on_sync_progress(
    on_progress: impl Fn(SyncProgressView) + 'static,
) -> Result<(), BackendError> {
    subscribe(events::SYNC_PROGRESS, on_progress).await
}

/// Calls `on_lock` when the app locked itself after a while in the background.
pub async fn on_locked(on_lock: impl Fn() + 'static) -> Result<(), BackendError> {
    subscribe(events::LOCKED, move |()| on_lock()).await
}

/// Calls `on_back` when an app opened without a connection logged in by itself.
pub async fn on_back_online(on_back: impl Fn() + 'static) -> Result<(), BackendError> {
    subscribe(events::BACK_ONLINE, move |()| on_back()).await
}

/// Calls `on_change` with every new connection state, for as long as the app runs.
pub async fn on_connection_changed(
    on_change: impl Fn(ConnectionView) + 'static,
) -> Result<(), BackendError> {
    subscribe(events::CONNECTION_CHANGED, on_change).await
}

async fn subscribe<T: DeserializeOwned + 'static>(
    event: &str,
    on_event: impl Fn(T) + 'static,
) -> Result<(), BackendError> {
    #[derive(serde::Deserialize)]
    struct Event<T> {
        payload: T,
    }
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |raw: JsValue| {
        if let Ok(event) = serde_wasm_bindgen::from_value::<Event<T>>(raw) {
            on_event(event.payload);
        }
    });
    tauri_listen(event, &handler).await.map_err(|_| BackendError::Unavailable)?;
    // The subscription lasts as long as the page: the closure must outlive this call.
    handler.forget();
    Ok(())
}
