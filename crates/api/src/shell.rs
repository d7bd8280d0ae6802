//! The contract between the Tauri shell and the UI: command names, their arguments and
//! answers (`...View`), event names, and the errors the UI explains to the patient. Shared
//! by both sides so a rename is a compile error rather than a silent failure at run time.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    Language, Sensitive,
    account::{CardStatus, PasswordProblem, UserNameProblem},
};

pub mod commands {
    /// Returns the current [`crate::ConnectionView`] without contacting the server.
    pub const CONNECTION_STATUS: &str = "connection_status";
    /// Checks the server now and returns the fresh [`crate::ConnectionView`].
    pub const CHECK_CONNECTION: &str = "check_connection";
    /// [`super::LoginStartArgs`] -> [`super::CodeAskedView`]
    pub const LOGIN_START: &str = "login_start";
    /// [`super::LoginCodeArgs`] -> [`super::HomeView`]
    pub const LOGIN_FINISH: &str = "login_finish";
    /// -> [`super::HomeView`] of the logged-in patient.
    pub const HOME: &str = "home";
    pub const LOGOUT: &str = "logout";
    /// [`super::ChangeUserNameArgs`]
    pub const CHANGE_USER_NAME: &str = "change_user_name";
    /// [`super::ChangePasswordArgs`]
    pub const CHANGE_PASSWORD: &str = "change_password";
    /// [`super::BlockCardArgs`] -> serial of the blocked card
    pub const BLOCK_CARD: &str = "block_card";
    /// [`super::RequestCardArgs`]
    pub const REQUEST_CARD: &str = "request_card";
    /// [`super::PasswordResetArgs`]
    pub const REQUEST_PASSWORD_RESET: &str = "request_password_reset";
    /// -> [`super::DeviceStateView`]
    pub const DEVICE_STATE: &str = "device_state";
    /// [`super::RegisterDeviceArgs`] -> [`super::HomeView`]
    pub const REGISTER_DEVICE: &str = "register_device";
    /// [`super::PinArgs`] -> [`super::HomeView`]
    pub const UNLOCK: &str = "unlock";
    /// [`super::ChangePinArgs`]
    pub const CHANGE_PIN: &str = "change_pin";
    /// -> `Vec<`[`super::DeviceView`]`>`
    pub const DEVICES: &str = "devices";
    /// [`super::DeviceIdArgs`]
    pub const REMOVE_DEVICE: &str = "remove_device";
    pub const UNREGISTER_DEVICE: &str = "unregister_device";
    pub const LOCK: &str = "lock";
    /// Syncs every record now (progress comes as [`super::events::SYNC_PROGRESS`]).
    pub const SYNC_REPORTS: &str = "sync_reports";
    /// -> `Vec<`[`super::RecordView`]`>`: the records the user may open, own first.
    pub const RECORDS: &str = "records";
    /// -> `Vec<`[`super::ClosedRecordView`]`>`: records closed since last asked (once).
    pub const CLOSED_RECORDS: &str = "closed_records";
    /// -> `Vec<`[`crate::links::LinkRequestView`]`>`: the parent's requests.
    pub const LINK_REQUESTS: &str = "link_requests";
    /// [`crate::links::ChildLinkRequest`] -> [`crate::links::LinkRequestView`]
    pub const ASK_FOR_CHILD: &str = "ask_for_child";
    /// [`super::RecordArgs`] -> `Vec<`[`crate::links::RecordLinkView`]`>`
    pub const RECORD_LINKS: &str = "record_links";
    /// [`super::NameTrustedPersonArgs`] -> [`crate::links::RecordLinkView`]
    pub const NAME_TRUSTED_PERSON: &str = "name_trusted_person";
    /// [`super::RevokeLinkArgs`]
    pub const REVOKE_LINK: &str = "revoke_link";
    /// [`super::ReportListArgs`] -> [`super::ReportListView`]
    pub const REPORTS: &str = "reports";
    /// [`super::ReportArgs`] -> [`crate::reports::ReportView`]
    pub const REPORT: &str = "report";
    /// -> `Vec<`[`crate::reports::HospitalView`]`>`
    pub const HOSPITALS: &str = "hospitals";
    /// [`super::RecordArgs`] -> `Vec<`[`crate::reports::PendingReport`]`>`
    pub const PENDING_REPORTS: &str = "pending_reports";
    /// [`super::SaveReportPdfArgs`] -> `Option<`[`super::SavedFileView`]`>` (None: cancelled)
    pub const SAVE_REPORT_PDF: &str = "save_report_pdf";
    /// Opens the system's print dialog for the window (the report on screen).
    pub const PRINT_WINDOW: &str = "print_window";
    /// [`super::RecordArgs`]: the patient has seen the list; later reports count as new.
    pub const MARK_REPORTS_SEEN: &str = "mark_reports_seen";
    /// [`super::RecordArgs`] -> [`crate::care_access::RecordAccessOverview`]: who may see
    /// the record (own record, a child's, a represented person's; not a trusted person's).
    pub const ACCESS_OVERVIEW: &str = "access_overview";
    /// [`super::GpObjectionArgs`] -> [`crate::care_access::RecordAccessOverview`]
    pub const SET_GP_OBJECTION: &str = "set_gp_objection";
    /// [`super::WithdrawReferrerArgs`] -> [`crate::care_access::RecordAccessOverview`]
    pub const WITHDRAW_REFERRER: &str = "withdraw_referrer";
    /// [`super::StopExclusionArgs`] -> [`crate::care_access::RecordAccessOverview`]
    pub const STOP_EXCLUSION: &str = "stop_exclusion";
    /// [`super::RecordArgs`]: fetches the record's new access log entries into the cache.
    pub const SYNC_ACCESS_LOG: &str = "sync_access_log";
    /// [`super::AccessLogArgs`] -> [`super::AccessLogView`], from the cache (offline too).
    pub const ACCESS_LOG: &str = "access_log";
    /// [`super::RecordArgs`] -> [`super::DetailsToShowView`] (offline: as last read here).
    pub const PERSONAL_DETAILS: &str = "personal_details";
    /// [`super::ChangeDetailsArgs`] -> [`crate::details::PersonalDetailsView`].
    pub const CHANGE_PERSONAL_DETAILS: &str = "change_personal_details";
    /// [`super::FindGpArgs`] -> `Vec<`[`crate::care_access::CareProviderView`]`>`.
    pub const FIND_GENERAL_PRACTITIONERS: &str = "find_general_practitioners";
    /// -> [`crate::details::NotificationSettings`].
    pub const NOTIFICATION_SETTINGS: &str = "notification_settings";
    /// [`super::NotificationSettingsArgs`] -> [`crate::details::NotificationSettings`].
    pub const CHANGE_NOTIFICATION_SETTINGS: &str = "change_notification_settings";
    /// [`super::RecordArgs`] -> [`super::AppointmentsView`], from the device.
    pub const APPOINTMENTS: &str = "appointments";
    /// [`super::RecordArgs`]: fetches the record's appointment changes.
    pub const SYNC_APPOINTMENTS: &str = "sync_appointments";
    /// [`super::AppointmentArgs`] -> [`crate::appointments::AppointmentView`].
    pub const CANCEL_APPOINTMENT: &str = "cancel_appointment";
    /// [`super::SaveCalendarArgs`] -> `Option<`[`super::SavedFileView`]`>` (None: the
    /// patient cancelled the save dialog).
    pub const SAVE_APPOINTMENT_CALENDAR: &str = "save_appointment_calendar";
    /// [`super::OpenLinkArgs`]: the video consultation's or the invoice's payment link, in
    /// the system's browser; the link comes from the device's cache, never from the UI.
    pub const OPEN_LINK: &str = "open_link";
    /// [`super::RecordArgs`] -> [`super::InvoicesView`], from the device.
    pub const INVOICES: &str = "invoices";
    /// [`super::RecordArgs`]: fetches the record's invoice changes.
    pub const SYNC_INVOICES: &str = "sync_invoices";
    /// [`super::SaveInvoicePdfArgs`] -> `Option<`[`super::SavedFileView`]`>`.
    pub const SAVE_INVOICE_PDF: &str = "save_invoice_pdf";
    /// [`super::RecordArgs`] -> `Vec<`[`crate::questionnaires::QuestionnaireSummary`]`>`,
    /// from the server.
    pub const QUESTIONNAIRES: &str = "questionnaires";
    /// [`super::QuestionnaireArgs`] -> [`crate::questionnaires::QuestionnaireView`].
    pub const QUESTIONNAIRE: &str = "questionnaire";
    /// [`super::SaveAnswersArgs`] -> [`crate::questionnaires::QuestionnaireView`].
    pub const SAVE_ANSWERS: &str = "save_answers";
    /// [`super::RecordArgs`] -> [`super::MessagesView`], from the device (offline too).
    pub const MESSAGES: &str = "messages";
    /// [`super::RecordArgs`]: sends the record's outbox and reads its conversations.
    pub const SYNC_MESSAGES: &str = "sync_messages";
    /// [`super::WriteMessageArgs`] -> [`super::MessagesView`]: kept in the outbox, sent
    /// when the connection allows.
    pub const WRITE_MESSAGE: &str = "write_message";
    /// [`super::DiscardMessageArgs`]: deletes a message from the outbox.
    pub const DISCARD_MESSAGE: &str = "discard_message";
    /// [`super::SaveAttachmentArgs`] -> `Option<`[`super::SavedFileView`]`>`.
    pub const SAVE_ATTACHMENT: &str = "save_attachment";
    /// [`super::ReportArgs`] -> `Option<`[`crate::radiology::RadiologyStudyView`]`>`, from
    /// the server (None: the report has no images in the app).
    pub const RADIOLOGY_STUDY: &str = "radiology_study";
    /// [`super::SeriesPreviewArgs`] -> a `data:image/png;base64,...` URL of the series'
    /// preview.
    pub const SERIES_PREVIEW: &str = "series_preview";
    /// [`super::SaveStudyArgs`] -> `Option<`[`super::SavedFileView`]`>`: the study as a ZIP
    /// of its DICOM files, where the patient chooses.
    pub const SAVE_STUDY: &str = "save_study";
    /// [`super::ReportArgs`] -> `Vec<`[`crate::radiology::ShareCodeView`]`>`.
    pub const SHARE_CODES: &str = "share_codes";
    /// [`super::CreateShareCodeArgs`] -> [`crate::radiology::ShareCodeCreated`].
    pub const CREATE_SHARE_CODE: &str = "create_share_code";
    /// [`super::RevokeShareCodeArgs`] -> [`crate::radiology::ShareCodeView`].
    pub const REVOKE_SHARE_CODE: &str = "revoke_share_code";
    /// [`super::LabTestsArgs`] -> `Vec<`[`crate::labs::LabTestSummary`]`>`: "My lab values",
    /// made on the device from the record's reports (offline too).
    pub const LAB_TESTS: &str = "lab_tests";
    /// [`super::LabSeriesArgs`] -> `Option<`[`crate::labs::LabSeries`]`>`: one test's values
    /// for its chart and table (None: the record has no such test any more).
    pub const LAB_SERIES: &str = "lab_series";
    /// [`super::FirstScreenArgs`]: the first screen is drawn and ready for input; the shell
    /// logs how long the start took (no content, only the screen's kind and milliseconds).
    pub const FIRST_SCREEN_READY: &str = "first_screen_ready";

    /// Every command, for the permission list in the shell's build script.
    pub const ALL: &[&str] = &[
        CONNECTION_STATUS,
        CHECK_CONNECTION,
        LOGIN_START,
        LOGIN_FINISH,
        HOME,
        LOGOUT,
        CHANGE_USER_NAME,
        CHANGE_PASSWORD,
        BLOCK_CARD,
        REQUEST_CARD,
        REQUEST_PASSWORD_RESET,
        DEVICE_STATE,
        REGISTER_DEVICE,
        UNLOCK,
        CHANGE_PIN,
        DEVICES,
        REMOVE_DEVICE,
        UNREGISTER_DEVICE,
        LOCK,
        SYNC_REPORTS,
        RECORDS,
        CLOSED_RECORDS,
        LINK_REQUESTS,
        ASK_FOR_CHILD,
        RECORD_LINKS,
        NAME_TRUSTED_PERSON,
        REVOKE_LINK,
        REPORTS,
        REPORT,
        HOSPITALS,
        FIRST_SCREEN_READY,
        QUESTIONNAIRES,
        QUESTIONNAIRE,
        SAVE_ANSWERS,
        MESSAGES,
        SYNC_MESSAGES,
        WRITE_MESSAGE,
        DISCARD_MESSAGE,
        SAVE_ATTACHMENT,
        RADIOLOGY_STUDY,
        SERIES_PREVIEW,
        SAVE_STUDY,
        SHARE_CODES,
        CREATE_SHARE_CODE,
        REVOKE_SHARE_CODE,
        PENDING_REPORTS,
        SAVE_REPORT_PDF,
        PRINT_WINDOW,
        MARK_REPORTS_SEEN,
        ACCESS_OVERVIEW,
        SET_GP_OBJECTION,
        WITHDRAW_REFERRER,
        STOP_EXCLUSION,
        SYNC_ACCESS_LOG,
        ACCESS_LOG,
        PERSONAL_DETAILS,
        CHANGE_PERSONAL_DETAILS,
        FIND_GENERAL_PRACTITIONERS,
        NOTIFICATION_SETTINGS,
        CHANGE_NOTIFICATION_SETTINGS,
        APPOINTMENTS,
        SYNC_APPOINTMENTS,
        CANCEL_APPOINTMENT,
        SAVE_APPOINTMENT_CALENDAR,
        OPEN_LINK,
        INVOICES,
        SYNC_INVOICES,
        SAVE_INVOICE_PDF,
        LAB_TESTS,
        LAB_SERIES,
    ];
}

pub mod events {
    /// Emitted with a [`crate::ConnectionView`] whenever the connection state changes.
    pub const CONNECTION_CHANGED: &str = "connection-changed";
    /// Emitted when the app locked itself (back from the background): show the PIN screen.
    pub const LOCKED: &str = "locked";
    /// Emitted with a [`crate::shell::SyncProgressView`] while reports come in.
    pub const SYNC_PROGRESS: &str = "sync-progress";
    /// Emitted when an app opened without a connection logged in by itself once the
    /// server answered again: what only works online works now.
    pub const BACK_ONLINE: &str = "back-online";
    /// Emitted when records were closed while the app was open (a last day passed at
    /// midnight): read the records list again.
    pub const RECORDS_CHANGED: &str = "records-changed";
    /// Emitted with the ids of the records whose access log received new entries in a
    /// background sync: "Who looked at my record" reads the cache again.
    pub const ACCESS_LOG_SYNCED: &str = "access-log-synced";
    /// Emitted with the ids of the records whose appointments or invoices changed in the
    /// periodic sync.
    pub const APPOINTMENTS_SYNCED: &str = "appointments-synced";
    /// Emitted with the ids of the records whose messages changed in a background sync
    /// (an answer came in, the outbox was sent).
    pub const MESSAGES_SYNCED: &str = "messages-synced";
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginStartArgs {
    pub user_name: String,
    pub password: Sensitive<String>,
}

/// "Enter code N from your card".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeAskedView {
    pub code_index: u8,
    /// The card's last unused code: say so, and that a new card is needed.
    #[serde(default)]
    pub last_code: bool,
    pub expires_in_seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginCodeArgs {
    pub code: Sensitive<String>,
}

/// How the record was opened: decides what the home screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// Code card, device not registered (for example a shared computer).
    CodeCard,
    /// The PIN of this registered device, with the server.
    Device,
    /// The PIN without a connection: only what is saved on the device.
    Offline,
}

/// Who is using the app: the account holder, how the app was opened, and their card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub session: SessionKind,
    pub user_name: String,
    pub preferred_language: Language,
    /// None when the account has no usable card.
    pub card: Option<CardStatus>,
}

/// Whose record is shown: a patient, and how the user relates to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    pub record_id: String,
    pub given_name: String,
    pub family_name: String,
    #[serde(with = "crate::dates::iso")]
    pub date_of_birth: NaiveDate,
    pub relation: crate::reports::Relation,
}

/// After a login or an unlock: the account, and the holder's own record (shown first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    pub account: AccountView,
    pub own_record: RecordView,
}

/// What the first screen needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceStateView {
    /// False when this platform has no usable keychain: code-card login only.
    pub can_register: bool,
    /// The registered device's name; None when not registered.
    pub registered_as: Option<String>,
    /// This device was registered before (then blocked, removed, or its keys lost): a new
    /// registration is "register again".
    #[serde(default)]
    pub registered_before: bool,
    /// The keychain lost this registration's keys (named so): say it, once.
    #[serde(default)]
    pub keys_lost: Option<String>,
    /// A name to suggest when registering (the computer's or phone's own name).
    pub suggested_name: String,
    /// False on Android and iOS, where the shell has no print call: there the patient saves
    /// the PDF and prints or shares it from the system, so no Print button is shown.
    pub can_print: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterDeviceArgs {
    pub name: String,
    pub pin: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinArgs {
    pub pin: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePinArgs {
    pub current_pin: Sensitive<String>,
    pub new_pin: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceIdArgs {
    pub device_id: String,
}

/// One registered device in "My devices".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub id: String,
    pub name: String,
    /// The date (on this device's clock and zone) of the last use.
    #[serde(with = "crate::dates::iso")]
    pub last_used: NaiveDate,
    /// The date it was registered: two registrations of one computer are told apart.
    #[serde(with = "crate::dates::iso")]
    pub registered_on: NaiveDate,
    pub blocked: bool,
    /// The device this app runs on.
    pub this_device: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeUserNameArgs {
    pub new_user_name: String,
    pub password: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordArgs {
    pub current_password: Sensitive<String>,
    pub new_password: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockCardArgs {
    pub user_name: String,
    pub password: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCardArgs {
    /// As typed; the shell checks it (the UI checks it too, for instant feedback).
    pub national_register_number: String,
    pub email: String,
    pub language: Language,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordResetArgs {
    pub user_name: String,
    pub language: Language,
}

/// Reports arriving during a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgressView {
    pub record_id: String,
    pub received: u32,
    pub done: bool,
}

/// Which screen the app showed first at start, ready for input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstScreen {
    /// A registered device: the PIN field has the focus.
    Pin,
    /// Not registered (or the shell's answer is awaited elsewhere): the Welcome screen.
    Welcome,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstScreenArgs {
    pub screen: FirstScreen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordArgs {
    pub record_id: String,
}

/// Which of a record's lab tests to list: all, or those one of whose names holds every word
/// of `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabTestsArgs {
    pub record_id: String,
    pub text: Option<String>,
}

/// One test's values, from `since` on (None: all of them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabSeriesArgs {
    pub record_id: String,
    pub key: crate::labs::LabTestKey,
    #[serde(default, with = "crate::dates::iso_option")]
    pub since: Option<NaiveDate>,
}

/// Why a record left the device, as the UI says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedReasonView {
    /// "Lotte turned 15: her record is now hers…"
    TurnedFifteen,
    PeriodOver,
    NoLongerLinked,
}

/// A record closed and purged from the device, to say so once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedRecordView {
    pub record: RecordView,
    pub reason: ClosedReasonView,
}

/// Naming a trusted person for one's own record. `secret` confirms it: the PIN on a
/// registered device, else the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameTrustedPersonArgs {
    pub record_id: String,
    pub given_name: String,
    pub family_name: String,
    pub national_register_number: String,
    pub rights: crate::links::TrustedPersonRights,
    /// The last day (ISO); None: until revoked.
    pub until: Option<String>,
    pub secret: Sensitive<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeLinkArgs {
    pub record_id: String,
    pub link_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportArgs {
    pub record_id: String,
    pub report_id: String,
}

/// Which reports to list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportListArgs {
    pub record_id: String,
    pub report_type: Option<crate::reports::ReportType>,
    pub hospital_id: Option<String>,
    pub text: Option<String>,
}

/// One line of the reports list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub id: String,
    pub report_type: crate::reports::ReportType,
    pub title: String,
    pub hospital_name: String,
    #[serde(with = "crate::dates::iso")]
    pub performed_on: NaiveDate,
    #[serde(with = "crate::dates::iso")]
    pub validated_on: NaiveDate,
    pub amended: bool,
    /// A lab result with a value out of its reference range.
    pub out_of_range: bool,
    /// Arrived or amended since the patient last opened the list.
    pub new: bool,
}

/// The reports list of a record, with what the filters can offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportListView {
    pub reports: Vec<ReportSummary>,
    /// Every hospital with reports in this record: (id, name).
    pub hospitals: Vec<(String, String)>,
    /// How many reports the record has without filters.
    pub total: u32,
    /// Unix seconds of the last sync; None: never.
    pub last_synced: Option<i64>,
    /// Opened without a connection.
    pub offline: bool,
    /// How many of all the record's reports are new.
    pub new_count: u32,
}

/// The words of a report's PDF in the patient's language, from the UI's translation
/// layer; the report itself comes from the device's cache, never from the UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPdfLabels {
    pub language: Language,
    /// The report's type in words ("Lab result").
    pub report_type: String,
    pub patient: String,
    pub hospital: String,
    pub author: String,
    pub performed_on: String,
    pub validated_on: String,
    /// The report's dates as the UI shows them.
    pub performed_date: String,
    pub validated_date: String,
    /// "Amended version 2", for a report changed after validation.
    pub amended: Option<String>,
    pub analyte: String,
    pub value: String,
    pub unit: String,
    pub reference_range: String,
    pub out_of_range: String,
    /// Printed at the foot of each page ("Copy saved from Dossier on 23 November 2026").
    pub footer: String,
    /// "Page", before "2 / 3".
    pub page: String,
    /// The save dialog's title.
    pub dialog_title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveReportPdfArgs {
    pub record_id: String,
    pub report_id: String,
    pub labels: ReportPdfLabels,
}

/// A record's personal details to show: from the server, or offline as last read on this
/// device (then `may_change` is false).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsToShowView {
    pub details: crate::details::PersonalDetailsView,
    pub offline: bool,
    pub last_synced: Option<i64>,
}

/// A record's appointments as the device holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentsView {
    /// Soonest first.
    pub upcoming: Vec<crate::appointments::AppointmentView>,
    /// Past and cancelled ones, newest first.
    pub past: Vec<crate::appointments::AppointmentView>,
    /// Unix seconds of the last sync; None: never on this device.
    pub last_synced: Option<i64>,
    /// Read without a connection.
    pub offline: bool,
    /// Unix seconds now, by the device's trusted clock: "today", "tomorrow", and when a
    /// video consultation opens.
    pub now: i64,
}

/// A record's invoices as the device holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicesView {
    /// Something left to pay, soonest due first.
    pub to_pay: Vec<crate::invoices::InvoiceView>,
    /// Paid or nothing left to pay, newest first.
    pub settled: Vec<crate::invoices::InvoiceView>,
    pub last_synced: Option<i64>,
    pub offline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentArgs {
    pub record_id: String,
    pub appointment_id: String,
}

/// The words of a calendar entry, in the patient's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarLabels {
    pub dialog_title: String,
    /// "Appointment", before the department.
    pub appointment: String,
    /// "With".
    pub with: String,
    /// "floor", before the floor's number.
    pub floor: String,
    /// "Video consultation: join through the app from 15 minutes before."
    pub video: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveCalendarArgs {
    pub record_id: String,
    pub appointment_id: String,
    pub labels: CalendarLabels,
}

/// Which link to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    VideoConsultation,
    Payment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenLinkArgs {
    pub record_id: String,
    /// The appointment's or the invoice's id.
    pub id: String,
    pub kind: LinkKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveInvoicePdfArgs {
    pub record_id: String,
    pub invoice_id: String,
    pub dialog_title: String,
}

/// A file the app wrote where the patient chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFileView {
    /// The name alone, not the folder, for the confirmation.
    pub file_name: String,
}

/// Object to the GP's access (`objected`), or allow it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpObjectionArgs {
    pub record_id: String,
    pub objected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawReferrerArgs {
    pub record_id: String,
    pub provider_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeDetailsArgs {
    pub record_id: String,
    pub update: crate::details::DetailsUpdate,
}

/// A record's messages as the device holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagesView {
    pub threads: Vec<crate::messages::ThreadView>,
    /// Written here, waiting to be sent (or refused, with the reason).
    pub pending: Vec<crate::messages::PendingMessageView>,
    /// Unix seconds of the last read from the server; None: never on this device.
    pub last_synced: Option<i64>,
    pub offline: bool,
    /// Where a new conversation can go, as last read (so one is written offline too).
    pub hospitals: Vec<crate::reports::HospitalView>,
}

/// A message to write. The UI makes `client_id` (a UUID) once, when the writer presses
/// send; the attachments come as the UI read them from the files chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteMessageArgs {
    pub record_id: String,
    pub message: crate::messages::NewMessage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscardMessageArgs {
    pub record_id: String,
    pub client_id: String,
}

/// An attachment to save through the save dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveAttachmentArgs {
    pub record_id: String,
    pub message_id: String,
    pub attachment_id: String,
    pub file_name: String,
    /// The dialog's title, in the UI's language.
    pub dialog_title: String,
}

/// The preview of one series of a report's study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesPreviewArgs {
    pub record_id: String,
    pub report_id: String,
    pub series_id: String,
}

/// A report's study to save as a ZIP through the save dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveStudyArgs {
    pub record_id: String,
    pub report_id: String,
    /// The name proposed in the dialog, in the UI's language.
    pub file_name: String,
    pub dialog_title: String,
}

/// A new code to share a report's study, working `days` days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateShareCodeArgs {
    pub record_id: String,
    pub report_id: String,
    pub days: u32,
}

/// A share code to stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokeShareCodeArgs {
    pub record_id: String,
    pub report_id: String,
    pub code_id: String,
}

/// One questionnaire of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireArgs {
    pub record_id: String,
    pub questionnaire_id: String,
}

/// Answers to keep, part way or submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaveAnswersArgs {
    pub record_id: String,
    pub questionnaire_id: String,
    pub answers: crate::questionnaires::SaveAnswersRequest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindGpArgs {
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationSettingsArgs {
    pub settings: crate::details::NotificationSettings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopExclusionArgs {
    pub record_id: String,
    pub exclusion_id: String,
}

/// A kind of access log entry, as the patient filters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessKindView {
    CareTeam,
    GeneralPractitioner,
    Referrer,
    /// Break-the-glass and exclusions overridden for continuity of care.
    BreakTheGlass,
    LinkedPerson,
    /// Someone with a code the patient made for a radiology study.
    ShareCode,
    Refused,
    Change,
}

impl AccessKindView {
    pub const ALL: [Self; 8] = [
        Self::CareTeam,
        Self::GeneralPractitioner,
        Self::Referrer,
        Self::BreakTheGlass,
        Self::LinkedPerson,
        Self::ShareCode,
        Self::Refused,
        Self::Change,
    ];
}

/// Which access log entries to show: a period (Brussels days, both ends included) and
/// kinds (none: all), at most `limit` of the newest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogArgs {
    pub record_id: String,
    #[serde(default, with = "crate::dates::iso_option")]
    pub from: Option<NaiveDate>,
    #[serde(default, with = "crate::dates::iso_option")]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub kinds: Vec<AccessKindView>,
    pub limit: u32,
}

/// "Who looked at my record", as held on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogView {
    /// Newest first.
    pub entries: Vec<crate::care_access::AccessLogEntry>,
    /// How many match the filters (beyond `limit` too).
    pub matching: u32,
    /// How many the log holds on the device.
    pub total: u32,
    /// Unix seconds of the log's last sync; None: never on this device.
    pub last_synced: Option<i64>,
    /// Opened without a connection.
    pub offline: bool,
}

/// What went wrong, as the UI explains it. Each variant is one message the patient can
/// act on; the UI never shows raw error text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AppError {
    #[error("no connection to the server")]
    NoConnection,
    #[error("the server has a problem")]
    ServerProblem,
    #[error("this app is too old for the server")]
    AppOutdated,
    #[error("user name, password or code is wrong")]
    LoginFailed,
    #[error("the login expired: start again")]
    LoginExpired,
    #[error("too many attempts")]
    SlowedDown { retry_after_seconds: u32 },
    #[error("account locked")]
    AccountLocked,
    #[error("card blocked")]
    CardBlocked,
    #[error("no codes left")]
    NoCodesLeft,
    #[error("access closed")]
    AccountClosed,
    #[error("not logged in")]
    NotLoggedIn,
    #[error("password refused")]
    PasswordRejected { problem: PasswordProblem },
    #[error("user name refused")]
    UserNameRejected { problem: UserNameProblem },
    #[error("invalid e-mail address")]
    InvalidEmail,
    #[error("invalid national register number")]
    InvalidRegisterNumber,
    #[error("wrong PIN")]
    WrongPin { tries_left: u8 },
    #[error("device blocked")]
    DeviceBlocked,
    #[error("device removed")]
    DeviceRemoved,
    #[error("PIN refused")]
    PinRejected { problem: crate::device::PinProblem },
    #[error("this device is not registered")]
    NotRegistered,
    #[error("no keychain on this device")]
    KeychainUnavailable,
    #[error("the file could not be saved")]
    SaveFailed,
    /// The device's storage is full: free this much and try again (what was saved stays).
    #[error("the device's storage is full")]
    StorageFull { needed_megabytes: u32 },
    /// The record left the device (a 15th birthday, a link ended).
    #[error("this record can no longer be opened")]
    RecordClosed,
    #[error("the request was refused")]
    LinkRequestRefused { problem: crate::links::LinkRequestProblem },
    #[error("naming a trusted person was refused")]
    DesignationRefused { problem: crate::links::DesignationProblem },
    /// Only the patient, a parent or a representative may see or change who may see a
    /// record.
    #[error("not allowed to change who may see this record")]
    NotAllowedToChange,
    /// An eHealth exclusion: stopped on the eHealth platform only.
    #[error("managed on the eHealth platform")]
    ManagedOnEhealth,
    /// New personal details were refused, with the problem of each field.
    #[error("some personal details are not valid")]
    DetailsRefused { problems: crate::details::DetailProblems },
    /// The appointment cannot be cancelled in the app, and why.
    #[error("the appointment cannot be cancelled in the app")]
    CancelRefused { reason: crate::appointments::CancelRefusal },
    /// The server refused answers to a questionnaire (the UI checks them first with the
    /// same rule and shows the problem of each question).
    #[error("some answers are not valid")]
    AnswersRefused,
    /// The questionnaire was submitted already (from the web page, or another device).
    #[error("the questionnaire was submitted already")]
    QuestionnaireSubmitted,
    /// A message was refused, and why (nothing was kept).
    #[error("the message was refused")]
    MessageRefused { problem: crate::messages::MessageProblem },
    /// The link is not open (a video consultation opens 15 minutes before), or there is
    /// none.
    #[error("no link to open")]
    NoLink,
    /// A share code was not made: it works at most `max_days` days.
    #[error("the share code was refused")]
    ShareCodeRefused { max_days: u32 },
    #[error("unexpected error")]
    Unexpected,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_error_wire_format() {
        insta::assert_json_snapshot!([
            AppError::SlowedDown { retry_after_seconds: 40 },
            AppError::CardBlocked,
            AppError::PasswordRejected { problem: PasswordProblem::TooCommon },
        ]);
    }

    #[test]
    fn every_command_is_listed() {
        let mut names = commands::ALL.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), commands::ALL.len());
    }
}
