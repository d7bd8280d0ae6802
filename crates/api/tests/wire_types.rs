//! The JSON that dossier-server, the device (dossier-core and the shell) and the UI exchange
//! is pinned here, one snapshot per wire type: a change to a wire type shows up as a
//! snapshot diff to review, not as a silent break between a new and an old side.

use std::fmt::Debug;

use dossier_api::{
    ApiError, ApiErrorCode, ConnectionState, ConnectionView, DatabaseKind, HealthResponse,
    Language, NationalRegisterNumber, OfflineReason, Sensitive,
    account::{
        BlockCardRequest, BlockCardResponse, CardStatus, ChangePasswordRequest,
        ChangeUserNameRequest, LoginFinishRequest, LoginResponse, LoginStartRequest,
        LoginStartResponse, MeResponse, NewCardRequest, PasswordProblem, PasswordResetRequest,
        PatientSummary, UserNameProblem,
    },
    device::{
        ChangePinRequest, DeviceChallengeResponse, DeviceListResponse, DeviceLoginRequest,
        DeviceLoginResponse, DeviceStatus, DeviceSummary, DeviceUnlockRequest,
        DeviceUnlockResponse, PinProblem, RegisterDeviceRequest, RegisterDeviceResponse,
    },
    links::{
        ChildLinkRequest, DesignationProblem, DocumentType, LinkKind, LinkRequestProblem,
        LinkRequestStatus, LinkRequestView, LinkStatus, Reauthentication, RecordLinkView,
        TrustedPersonDesignation, TrustedPersonRights,
    },
    reports::{
        HospitalView, LabFlag, LabTestCode, LabValue, PendingReport, RawReport, RecordAccess,
        Relation, ReportDelay, ReportSyncResponse, ReportType, ReportView,
    },
    shell::{
        AccountView, AppError, BlockCardArgs, ChangePasswordArgs, ChangePinArgs,
        ChangeUserNameArgs, ClosedReasonView, ClosedRecordView, CodeAskedView, DeviceIdArgs,
        DeviceStateView, DeviceView, FirstScreen, FirstScreenArgs, HomeView, LoginCodeArgs,
        LoginStartArgs, NameTrustedPersonArgs, PasswordResetArgs, PinArgs, RecordArgs, RecordView,
        RegisterDeviceArgs, ReportArgs, ReportListArgs, ReportListView, ReportPdfLabels,
        ReportSummary, RequestCardArgs, RevokeLinkArgs, SaveReportPdfArgs, SavedFileView,
        SessionKind, SyncProgressView,
    },
};
use serde::{Serialize, de::DeserializeOwned};

/// Every variant of an enum, with example data for the variants that carry some. The
/// exhaustive match makes a new variant a compile error here, so it cannot go without its
/// snapshot. (`#[non_exhaustive]` enums cannot be matched so from outside the crate.)
macro_rules! every_variant {
    ($enum:ident { $($variant:ident $({ $($field:ident: $value:expr),* $(,)? })?),+ $(,)? }) => {{
        #[allow(dead_code, reason = "only compiled, for its exhaustive match")]
        fn every_variant_is_listed(value: $enum) {
            match value {
                $($enum::$variant $({ $($field: _),* })?)|+ => {}
            }
        }
        vec![$($enum::$variant $({ $($field: $value),* })?),+]
    }};
}

/// What was written reads back as the same value.
#[track_caller]
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(&back, value, "{json}");
}

/// A `YYYY-MM-DD` date.
fn date(text: &str) -> dossier_api::dates::NaiveDate {
    dossier_api::dates::parse_iso(text).unwrap()
}

fn secret(text: &str) -> Sensitive<String> {
    Sensitive::new(text.to_owned())
}

// Example people and places: An Peeters (born 1979-04-12), her daughter Lotte (born
// 2016-09-03), her husband Jan (born 1981-06-21) and the demo's partner hospitals.

const AN_RECORD: &str = "7d9c0c9e-6c55-4a0e-9a3e-3b0f8f0c2d11";
const LOTTE_RECORD: &str = "c41f2a77-0b1e-4d52-8f6a-2e9d0a5b7c30";
const AN_REGISTER_NUMBER: &str = "79041215211";
const LOTTE_REGISTER_NUMBER: &str = "16090324692";
const JAN_REGISTER_NUMBER: &str = "81062131423";
const LAPTOP: &str = "3f6e1c2a-9b7d-4e58-a1c0-5d2f8e7b9a46";
const PHONE: &str = "a8d40b73-2c91-4f6e-b5d7-0e3c9a1f6b28";
/// 2026-05-04 09:12 UTC.
const MAY_4_2026: i64 = 1_777_885_920;
/// 2026-05-18 19:40 UTC.
const MAY_18_2026: i64 = 1_779_133_200;
/// 2025-11-02 14:05 UTC.
const NOVEMBER_2_2025: i64 = 1_762_092_300;

fn an_card() -> CardStatus {
    CardStatus { serial: "4821-0937".into(), codes_left: 17, few_codes_left: false }
}

fn an_record() -> RecordView {
    RecordView {
        record_id: AN_RECORD.into(),
        given_name: "An".into(),
        family_name: "Peeters".into(),
        date_of_birth: date("1979-04-12"),
        relation: Relation::Own,
    }
}

fn lotte_record() -> RecordView {
    RecordView {
        record_id: LOTTE_RECORD.into(),
        given_name: "Lotte".into(),
        family_name: "Peeters".into(),
        date_of_birth: date("2016-09-03"),
        relation: Relation::Child,
    }
}

fn jan_rights() -> TrustedPersonRights {
    TrustedPersonRights { view_record: true, be_informed: true, ask_for_copy: false }
}

fn potassium() -> LabValue {
    LabValue {
        analyte: "Kalium".into(),
        value: "5.9".into(),
        unit: Some("mmol/L".into()),
        reference_range: Some("3.5 - 5.1".into()),
        flag: LabFlag::High,
        code: Some(LabTestCode { system: LabTestCode::LOINC.into(), code: "2823-3".into() }),
        panel: Some("Ionogram".into()),
    }
}

fn lab_report() -> ReportView {
    ReportView {
        id: "hzk-LAB-2026-051873".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "hzk".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        report_type: ReportType::LabResult,
        title: "Bloedname".into(),
        author: "Dr. Els Janssens".into(),
        performed_on: date("2026-05-03"),
        validated_on: date("2026-05-04"),
        version: 2,
        body: "Nuchter afgenomen.\nKalium verhoogd: controle over een week.".into(),
        lab_values: vec![
            potassium(),
            LabValue {
                analyte: "CRP".into(),
                value: "< 5".into(),
                unit: Some("mg/L".into()),
                reference_range: Some("< 5".into()),
                flag: LabFlag::Normal,
                code: None,
                panel: None,
            },
        ],
    }
}

fn consultation_report() -> ReportView {
    ReportView {
        id: "cbw-CONS-2026-004417".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "cbw".into(),
        hospital_name: "Clinique du Brabant wallon".into(),
        report_type: ReportType::Consultation,
        title: "Consultation de cardiologie".into(),
        author: "Dr Marc Dubois".into(),
        performed_on: date("2026-04-27"),
        validated_on: date("2026-04-29"),
        version: 1,
        body: "Palpitations occasionnelles. ECG normal. Pas de traitement.".into(),
        lab_values: vec![],
    }
}

fn an_access() -> RecordAccess {
    RecordAccess {
        record_id: AN_RECORD.into(),
        given_name: "An".into(),
        family_name: "Peeters".into(),
        date_of_birth: date("1979-04-12"),
        relation: Relation::Own,
        last_day: None,
    }
}

fn lotte_access() -> RecordAccess {
    RecordAccess {
        record_id: LOTTE_RECORD.into(),
        given_name: "Lotte".into(),
        family_name: "Peeters".into(),
        date_of_birth: date("2016-09-03"),
        relation: Relation::Child,
        last_day: Some(date("2031-09-02")),
    }
}

fn dutch_pdf_labels() -> ReportPdfLabels {
    ReportPdfLabels {
        language: Language::Nl,
        report_type: "Laboresultaat".into(),
        patient: "Patiënt".into(),
        hospital: "Ziekenhuis".into(),
        author: "Auteur".into(),
        performed_on: "Uitgevoerd op".into(),
        validated_on: "Gevalideerd op".into(),
        performed_date: "3 mei 2026".into(),
        validated_date: "4 mei 2026".into(),
        amended: Some("Aangepaste versie 2".into()),
        analyte: "Test".into(),
        value: "Waarde".into(),
        unit: "Eenheid".into(),
        reference_range: "Referentiewaarden".into(),
        out_of_range: "Buiten de referentiewaarden".into(),
        footer: "Kopie bewaard uit Dossier op 23 november 2026".into(),
        page: "Pagina".into(),
        dialog_title: "Verslag bewaren als PDF".into(),
    }
}

// secret.rs

#[test]
fn sensitive() {
    // Sensitive only keeps a value out of logs and debug prints: on the wire it is the
    // bare value.
    let token = secret("Q2hMcGJ0V3ZzN0ZkZ1pYbVJ6a0t3dGh5");
    insta::assert_json_snapshot!("sensitive", token);
    round_trips(&token);
    assert_eq!(format!("{token:?}"), "<redacted>");
}

// national_register.rs

#[test]
fn national_register_number() {
    let number = NationalRegisterNumber::parse("79.04.12-152.11").unwrap();
    insta::assert_json_snapshot!("national_register_number", number);
    round_trips(&number);
    // It is read as people type it, and refused when its check digits are wrong.
    let typed: NationalRegisterNumber = serde_json::from_str(r#""790412 152 11""#).unwrap();
    assert_eq!(typed, number);
    assert!(serde_json::from_str::<NationalRegisterNumber>(r#""79041215212""#).is_err());
}

// language.rs

#[test]
fn language() {
    let every = every_variant!(Language { Nl, Fr, En });
    assert_eq!(every, Language::ALL);
    insta::assert_json_snapshot!("language", every);
    round_trips(&every);
}

// health.rs

#[test]
fn database_kind() {
    let every = every_variant!(DatabaseKind { Sqlite, Postgres });
    insta::assert_json_snapshot!("database_kind", every);
    round_trips(&every);
}

#[test]
fn health_response() {
    let health = HealthResponse {
        service: HealthResponse::SERVICE_NAME.into(),
        version: "0.4.2".into(),
        api_version: dossier_api::API_VERSION,
        database: DatabaseKind::Postgres,
    };
    insta::assert_json_snapshot!("health_response", health);
    round_trips(&health);
}

// connection.rs

#[test]
fn connection_state() {
    let every = every_variant!(ConnectionState {
        Checking,
        Connected { server_version: "0.4.2".into() },
        Offline { reason: OfflineReason::Timeout },
        Incompatible { server_version: "1.0.0".into(), server_api_version: 2 },
    });
    insta::assert_json_snapshot!("connection_state", every);
    round_trips(&every);
}

#[test]
fn offline_reason() {
    let every = every_variant!(OfflineReason { Unreachable, Timeout, ServerError, NotDossier });
    insta::assert_json_snapshot!("offline_reason", every);
    round_trips(&every);
}

#[test]
fn connection_view() {
    let view = ConnectionView {
        state: ConnectionState::Offline { reason: OfflineReason::Unreachable },
        server: "https://dossier.hzk.example.be".into(),
    };
    insta::assert_json_snapshot!("connection_view", view);
    round_trips(&view);
}

// error.rs

#[test]
fn api_error_code() {
    // Not checked complete at compile time: the enum is #[non_exhaustive].
    let every = vec![
        ApiErrorCode::BadRequest,
        ApiErrorCode::TooLarge,
        ApiErrorCode::NotFound,
        ApiErrorCode::ServiceUnavailable,
        ApiErrorCode::Internal,
        ApiErrorCode::Unauthorized,
        ApiErrorCode::LoginFailed,
        ApiErrorCode::ChallengeInvalid,
        ApiErrorCode::SlowedDown { retry_after_seconds: 30 },
        ApiErrorCode::AccountLocked,
        ApiErrorCode::CardBlocked,
        ApiErrorCode::NoCodesLeft,
        ApiErrorCode::AccountClosed,
        ApiErrorCode::PasswordRejected { problem: PasswordProblem::TooShort { min: 10 } },
        ApiErrorCode::UserNameRejected { problem: UserNameProblem::Taken },
        ApiErrorCode::InvalidEmail,
        ApiErrorCode::WrongPin { tries_left: 3 },
        ApiErrorCode::DeviceBlocked,
        ApiErrorCode::DeviceRemoved,
        ApiErrorCode::LinkRequestRefused { problem: LinkRequestProblem::NotAChild },
        ApiErrorCode::DesignationRefused { problem: DesignationProblem::NoRights },
    ];
    insta::assert_json_snapshot!("api_error_code", every);
    round_trips(&every);
}

#[test]
fn api_error() {
    let errors = vec![
        ApiError { code: ApiErrorCode::LoginFailed, message: "login failed".into() },
        ApiError {
            code: ApiErrorCode::WrongPin { tries_left: 2 },
            message: "wrong PIN for device 3f6e1c2a".into(),
        },
        ApiError {
            code: ApiErrorCode::UserNameRejected {
                problem: UserNameProblem::Length { min: 3, max: 64 },
            },
            message: "user name refused".into(),
        },
    ];
    insta::assert_json_snapshot!("api_error", errors);
    round_trips(&errors);
}

// account.rs

#[test]
fn login_start_request() {
    let request = LoginStartRequest { user_name: "an.peeters".into() };
    insta::assert_json_snapshot!("login_start_request", request);
    round_trips(&request);
}

#[test]
fn login_start_response() {
    let response = LoginStartResponse {
        challenge: secret("hyuNXMzDedqvo8RY6K8Zm2PCo2EY4Yr9"),
        code_index: 8,
        last_code: false,
        expires_in_seconds: 300,
    };
    insta::assert_json_snapshot!("login_start_response", response);
    round_trips(&response);
}

#[test]
fn login_finish_request() {
    let request = LoginFinishRequest {
        challenge: secret("hyuNXMzDedqvo8RY6K8Zm2PCo2EY4Yr9"),
        password: secret("Kempen-Geel-2026!"),
        code: secret("482193"),
    };
    insta::assert_json_snapshot!("login_finish_request", request);
    round_trips(&request);
}

#[test]
fn login_response() {
    let response = LoginResponse {
        session_token: secret("OdwcJiX2IVh5bcWjAueVKe4wqCuQDfRRpmIJXvPok6s"),
        idle_timeout_seconds: 900,
        expires_in_seconds: 28_800,
        card: an_card(),
    };
    insta::assert_json_snapshot!("login_response", response);
    round_trips(&response);
}

#[test]
fn card_status() {
    let card = CardStatus { serial: "4821-0937".into(), codes_left: 3, few_codes_left: true };
    insta::assert_json_snapshot!("card_status", card);
    round_trips(&card);
}

#[test]
fn me_response() {
    let me = MeResponse {
        record_id: AN_RECORD.into(),
        user_name: "an.peeters".into(),
        patient: PatientSummary {
            given_name: "An".into(),
            family_name: "Peeters".into(),
            date_of_birth: date("1979-04-12"),
            preferred_language: Language::Nl,
        },
        card: Some(an_card()),
    };
    insta::assert_json_snapshot!("me_response", me);
    round_trips(&me);
}

#[test]
fn patient_summary() {
    let patient = PatientSummary {
        given_name: "Lotte".into(),
        family_name: "Peeters".into(),
        date_of_birth: date("2016-09-03"),
        preferred_language: Language::Nl,
    };
    insta::assert_json_snapshot!("patient_summary", patient);
    round_trips(&patient);
}

#[test]
fn change_user_name_request() {
    let request = ChangeUserNameRequest {
        new_user_name: "an.peeters@telenet.be".into(),
        password: secret("Kempen-Geel-2026!"),
    };
    insta::assert_json_snapshot!("change_user_name_request", request);
    round_trips(&request);
}

#[test]
fn change_password_request() {
    let request = ChangePasswordRequest {
        current_password: secret("Kempen-Geel-2026!"),
        new_password: secret("fietsen langs de Nete"),
    };
    insta::assert_json_snapshot!("change_password_request", request);
    round_trips(&request);
}

#[test]
fn block_card_request() {
    let request =
        BlockCardRequest { user_name: "an.peeters".into(), password: secret("Kempen-Geel-2026!") };
    insta::assert_json_snapshot!("block_card_request", request);
    round_trips(&request);
}

#[test]
fn block_card_response() {
    let response = BlockCardResponse { serial: "4821-0937".into() };
    insta::assert_json_snapshot!("block_card_response", response);
    round_trips(&response);
}

#[test]
fn new_card_request() {
    let request = NewCardRequest {
        national_register_number: NationalRegisterNumber::parse(AN_REGISTER_NUMBER).unwrap(),
        email: "an.peeters@telenet.be".into(),
        language: Language::Nl,
    };
    insta::assert_json_snapshot!("new_card_request", request);
    round_trips(&request);
}

#[test]
fn password_reset_request() {
    let request = PasswordResetRequest { user_name: "an.peeters".into(), language: Language::Nl };
    insta::assert_json_snapshot!("password_reset_request", request);
    round_trips(&request);
}

#[test]
fn password_problem() {
    let every = every_variant!(PasswordProblem {
        TooShort { min: 10 },
        TooLong { max: 128 },
        TooCommon,
        ContainsUserName,
    });
    insta::assert_json_snapshot!("password_problem", every);
    round_trips(&every);
}

#[test]
fn user_name_problem() {
    let every = every_variant!(UserNameProblem { Length { min: 3, max: 64 }, Characters, Taken });
    insta::assert_json_snapshot!("user_name_problem", every);
    round_trips(&every);
}

// device.rs

#[test]
fn register_device_request() {
    let request = RegisterDeviceRequest {
        name: "Laptop An".into(),
        public_key: "aFpIXb+MbgvcLkIP9U6bIvhU5eYoB1Z7WQMJnczTMWM=".into(),
        access_key: secret("G+T6MFe86jQgkk2apYPykwOJEtMrj1l8y1Lzb2wIJ+A="),
        replaces: Some(PHONE.into()),
    };
    insta::assert_json_snapshot!("register_device_request", request);
    round_trips(&request);
}

#[test]
fn register_device_response() {
    let response = RegisterDeviceResponse {
        device_id: LAPTOP.into(),
        server_share: secret("LbEQjuLLu2RF4W5P3zv2LADuC7MlrUbvVu1BJMOyHZI="),
    };
    insta::assert_json_snapshot!("register_device_response", response);
    round_trips(&response);
}

#[test]
fn device_challenge_response() {
    let response = DeviceChallengeResponse {
        challenge: secret("E8fccFAGEywkUsPFrs8IIUc1KuIRvtte"),
        expires_in_seconds: 60,
    };
    insta::assert_json_snapshot!("device_challenge_response", response);
    round_trips(&response);
}

#[test]
fn device_unlock_request() {
    let request = DeviceUnlockRequest {
        challenge: secret("E8fccFAGEywkUsPFrs8IIUc1KuIRvtte"),
        access_key: secret("G+T6MFe86jQgkk2apYPykwOJEtMrj1l8y1Lzb2wIJ+A="),
    };
    insta::assert_json_snapshot!("device_unlock_request", request);
    round_trips(&request);
}

#[test]
fn device_unlock_response() {
    let response = DeviceUnlockResponse {
        server_share: secret("LbEQjuLLu2RF4W5P3zv2LADuC7MlrUbvVu1BJMOyHZI="),
    };
    insta::assert_json_snapshot!("device_unlock_response", response);
    round_trips(&response);
}

#[test]
fn device_login_request() {
    let request = DeviceLoginRequest {
        challenge: secret("E8fccFAGEywkUsPFrs8IIUc1KuIRvtte"),
        signature: "lYvX+HwCF2qSO2XXu1JzmwUYEJwdWmN7pvogkPimE/HD3vWiLMJAw8QbGEchDSeIUh6t34qQCleWlk/ELFmQ/Q=="
            .into(),
    };
    insta::assert_json_snapshot!("device_login_request", request);
    round_trips(&request);
}

#[test]
fn device_login_response() {
    let response = DeviceLoginResponse {
        session_token: secret("OdwcJiX2IVh5bcWjAueVKe4wqCuQDfRRpmIJXvPok6s"),
        idle_timeout_seconds: 900,
        expires_in_seconds: 28_800,
    };
    insta::assert_json_snapshot!("device_login_response", response);
    round_trips(&response);
}

#[test]
fn change_pin_request() {
    let request = ChangePinRequest {
        current_access_key: secret("G+T6MFe86jQgkk2apYPykwOJEtMrj1l8y1Lzb2wIJ+A="),
        new_access_key: secret("ZP3u0Vq9cG7nXwT2bLk8yH1sD4fR6aJmE5oQiUzNvBc="),
    };
    insta::assert_json_snapshot!("change_pin_request", request);
    round_trips(&request);
}

#[test]
fn device_list_response() {
    let response = DeviceListResponse {
        devices: vec![
            DeviceSummary {
                id: LAPTOP.into(),
                name: "Laptop An".into(),
                created_at: NOVEMBER_2_2025,
                last_used_at: MAY_18_2026,
                status: DeviceStatus::Active,
                current: true,
            },
            DeviceSummary {
                id: PHONE.into(),
                name: "iPhone van An".into(),
                created_at: NOVEMBER_2_2025,
                last_used_at: MAY_4_2026,
                status: DeviceStatus::Blocked,
                current: false,
            },
        ],
    };
    insta::assert_json_snapshot!("device_list_response", response);
    round_trips(&response);
}

#[test]
fn device_summary() {
    let device = DeviceSummary {
        id: LAPTOP.into(),
        name: "Laptop An".into(),
        created_at: NOVEMBER_2_2025,
        last_used_at: MAY_18_2026,
        status: DeviceStatus::Active,
        current: true,
    };
    insta::assert_json_snapshot!("device_summary", device);
    round_trips(&device);
}

#[test]
fn device_status() {
    let every = every_variant!(DeviceStatus { Active, Blocked });
    insta::assert_json_snapshot!("device_status", every);
    round_trips(&every);
}

#[test]
fn pin_problem() {
    let every = every_variant!(PinProblem { Length, NotDigits, Repeated, Run, BirthDate, Common });
    insta::assert_json_snapshot!("pin_problem", every);
    round_trips(&every);
}

// links.rs

#[test]
fn link_kind() {
    let every = every_variant!(LinkKind { ParentChild, TrustedPerson, Representative });
    assert_eq!(every, LinkKind::ALL);
    insta::assert_json_snapshot!("link_kind", every);
    round_trips(&every);
}

#[test]
fn link_status() {
    let every = every_variant!(LinkStatus { Requested, Active, Ended, Revoked });
    assert_eq!(every, LinkStatus::ALL);
    insta::assert_json_snapshot!("link_status", every);
    round_trips(&every);
}

#[test]
fn trusted_person_rights() {
    let rights = jan_rights();
    insta::assert_json_snapshot!("trusted_person_rights", rights);
    round_trips(&rights);
}

#[test]
fn document_type() {
    let every = every_variant!(DocumentType { Pdf, Jpeg, Png });
    insta::assert_json_snapshot!("document_type", every);
    round_trips(&every);
}

#[test]
fn child_link_request() {
    let requests = vec![
        ChildLinkRequest {
            given_name: "Lotte".into(),
            family_name: "Peeters".into(),
            date_of_birth: "2016-09-03".into(),
            national_register_number: Some(LOTTE_REGISTER_NUMBER.into()),
            hospital_patient_number: None,
            parental_authority: true,
            // The first bytes of a PDF, base64.
            document: Some("JVBERi0xLjcKJeLjz9MK".into()),
        },
        // A child without a register number, known by the hospital's patient number.
        ChildLinkRequest {
            given_name: "Noah".into(),
            family_name: "Peeters".into(),
            date_of_birth: "2024-02-17".into(),
            national_register_number: None,
            hospital_patient_number: Some("HZK-0918273".into()),
            parental_authority: true,
            document: None,
        },
    ];
    insta::assert_json_snapshot!("child_link_request", requests);
    round_trips(&requests);
}

#[test]
fn link_request_problem() {
    let every = every_variant!(LinkRequestProblem {
        Name,
        DateOfBirth,
        NotAChild,
        RegisterNumber,
        NoIdentifier,
        NoStatement,
        ForOneself,
        AlreadyAsked,
        DocumentType,
        DocumentTooLarge,
    });
    insta::assert_json_snapshot!("link_request_problem", every);
    round_trips(&every);
}

#[test]
fn link_request_status() {
    let every = every_variant!(LinkRequestStatus { Waiting, Approved, Refused });
    insta::assert_json_snapshot!("link_request_status", every);
    round_trips(&every);
}

#[test]
fn link_request_view() {
    let requests = vec![
        LinkRequestView {
            id: "b2e7c5d1-4f3a-4a8e-9c6b-1d0e2f3a4b5c".into(),
            given_name: "Lotte".into(),
            family_name: "Peeters".into(),
            date_of_birth: date("2016-09-03"),
            status: LinkRequestStatus::Approved,
            reason: None,
            asked_at: MAY_4_2026,
            decided_at: Some(MAY_18_2026),
        },
        LinkRequestView {
            id: "e9a1f0c4-7b2d-4c6e-8a3f-5d9b0c1e2a7f".into(),
            given_name: "Noah".into(),
            family_name: "Peeters".into(),
            date_of_birth: date("2024-02-17"),
            status: LinkRequestStatus::Refused,
            reason: Some("Het document toont het ouderlijk gezag niet aan.".into()),
            asked_at: NOVEMBER_2_2025,
            decided_at: Some(MAY_4_2026),
        },
    ];
    insta::assert_json_snapshot!("link_request_view", requests);
    round_trips(&requests);
}

#[test]
fn reauthentication() {
    let every = every_variant!(Reauthentication {
        Password { password: secret("Kempen-Geel-2026!") },
        Pin {
            device_id: LAPTOP.into(),
            access_key: secret("G+T6MFe86jQgkk2apYPykwOJEtMrj1l8y1Lzb2wIJ+A="),
        },
    });
    insta::assert_json_snapshot!("reauthentication", every);
    round_trips(&every);
}

#[test]
fn trusted_person_designation() {
    let designation = TrustedPersonDesignation {
        given_name: "Jan".into(),
        family_name: "Peeters".into(),
        national_register_number: JAN_REGISTER_NUMBER.into(),
        rights: jan_rights(),
        until: Some("2027-12-31".into()),
        confirm: Reauthentication::Pin {
            device_id: LAPTOP.into(),
            access_key: secret("G+T6MFe86jQgkk2apYPykwOJEtMrj1l8y1Lzb2wIJ+A="),
        },
    };
    insta::assert_json_snapshot!("trusted_person_designation", designation);
    round_trips(&designation);
}

#[test]
fn designation_problem() {
    let every = every_variant!(DesignationProblem {
        NotOwnRecord,
        Name,
        RegisterNumber,
        Oneself,
        NoRights,
        EndDate,
        NotConfirmed,
        AlreadyLinked,
    });
    insta::assert_json_snapshot!("designation_problem", every);
    round_trips(&every);
}

#[test]
fn record_link_view() {
    let links = vec![
        RecordLinkView {
            id: "0c5d8e2f-1a7b-4d3c-9e6f-2b8a4c0d1e9f".into(),
            kind: LinkKind::TrustedPerson,
            status: LinkStatus::Active,
            given_name: "Jan".into(),
            family_name: "Peeters".into(),
            since: date("2026-05-04"),
            until: Some(date("2027-12-31")),
            rights: Some(jan_rights()),
            mandate_reference: None,
            revocable: true,
        },
        RecordLinkView {
            id: "7f1e3d5c-9b2a-4e8d-a6c0-3f5b7d9e1a2c".into(),
            kind: LinkKind::Representative,
            status: LinkStatus::Active,
            given_name: "Sofie".into(),
            family_name: "Claes".into(),
            since: date("2025-11-02"),
            until: None,
            rights: None,
            mandate_reference: Some("VT-2025-0412".into()),
            revocable: false,
        },
    ];
    insta::assert_json_snapshot!("record_link_view", links);
    round_trips(&links);
}

// reports.rs

#[test]
fn report_type() {
    let every = every_variant!(ReportType {
        LabResult,
        Radiology,
        Consultation,
        Admission,
        Functional,
        Examination,
    });
    assert_eq!(every, ReportType::ALL);
    insta::assert_json_snapshot!("report_type", every);
    round_trips(&every);
}

#[test]
fn lab_value() {
    // With a code and a panel, and without (those two are left out of the JSON).
    let values = lab_report().lab_values;
    insta::assert_json_snapshot!("lab_value", values);
    round_trips(&values);
}

#[test]
fn lab_test_code() {
    let code = LabTestCode { system: LabTestCode::LOINC.into(), code: "718-7".into() };
    insta::assert_json_snapshot!("lab_test_code", code);
    round_trips(&code);
}

#[test]
fn lab_flag() {
    let every = every_variant!(LabFlag { Normal, Low, High, Abnormal });
    insta::assert_json_snapshot!("lab_flag", every);
    round_trips(&every);
}

#[test]
fn report_view() {
    let reports = vec![lab_report(), consultation_report()];
    insta::assert_json_snapshot!("report_view", reports);
    round_trips(&reports);
}

#[test]
fn relation() {
    let every = every_variant!(Relation { Own, Child, TrustedPerson, Representative });
    insta::assert_json_snapshot!("relation", every);
    round_trips(&every);
}

#[test]
fn record_access() {
    let records = vec![an_access(), lotte_access()];
    insta::assert_json_snapshot!("record_access", records);
    round_trips(&records);
}

#[test]
fn report_sync_response() {
    let response = ReportSyncResponse {
        record_id: AN_RECORD.into(),
        upserts: vec![lab_report(), consultation_report()],
        removals: vec!["smt-RAD-2025-118204".into()],
        cursor: "2026-05-18T19:40:00Z/000000000412".into(),
        more: false,
        records: vec![an_access(), lotte_access()],
    };
    insta::assert_json_snapshot!("report_sync_response", response);
    round_trips(&response);

    // The device reads the same JSON with the reports left unparsed, and writes it back
    // unchanged.
    let text = serde_json::to_string(&response).unwrap();
    let raw: ReportSyncResponse<RawReport> = serde_json::from_str(&text).unwrap();
    assert_eq!(raw.upserts[0].get(), serde_json::to_string(&lab_report()).unwrap());
    assert_eq!(serde_json::to_string(&raw).unwrap(), text);
}

#[test]
fn hospital_view() {
    let hospitals = vec![
        HospitalView {
            id: "hzk".into(),
            name: "Heilig-Hartziekenhuis Kempen".into(),
            city: "Geel".into(),
            reports_visible_from: date("2016-08-15"),
            delays: vec![
                ReportDelay { report_type: ReportType::LabResult, days: 2 },
                ReportDelay { report_type: ReportType::Radiology, days: 7 },
            ],
            shares_child_reports: true,
        },
        HospitalView {
            id: "cbw".into(),
            name: "Clinique du Brabant wallon".into(),
            city: "Wavre".into(),
            reports_visible_from: date("2016-08-15"),
            delays: vec![],
            shares_child_reports: true,
        },
    ];
    insta::assert_json_snapshot!("hospital_view", hospitals);
    round_trips(&hospitals);
}

#[test]
fn report_delay() {
    let delay = ReportDelay { report_type: ReportType::Radiology, days: 7 };
    insta::assert_json_snapshot!("report_delay", delay);
    round_trips(&delay);
}

#[test]
fn pending_report() {
    let pending = PendingReport {
        hospital_id: "smt".into(),
        report_type: ReportType::Radiology,
        visible_on: date("2026-05-25"),
    };
    insta::assert_json_snapshot!("pending_report", pending);
    round_trips(&pending);
}

// shell.rs

#[test]
fn login_start_args() {
    let args =
        LoginStartArgs { user_name: "an.peeters".into(), password: secret("Kempen-Geel-2026!") };
    insta::assert_json_snapshot!("login_start_args", args);
    round_trips(&args);
}

#[test]
fn code_asked_view() {
    let view = CodeAskedView { code_index: 24, last_code: true, expires_in_seconds: 300 };
    insta::assert_json_snapshot!("code_asked_view", view);
    round_trips(&view);
}

#[test]
fn login_code_args() {
    let args = LoginCodeArgs { code: secret("482193") };
    insta::assert_json_snapshot!("login_code_args", args);
    round_trips(&args);
}

#[test]
fn session_kind() {
    let every = every_variant!(SessionKind { CodeCard, Device, Offline });
    insta::assert_json_snapshot!("session_kind", every);
    round_trips(&every);
}

#[test]
fn account_view() {
    let account = AccountView {
        session: SessionKind::Device,
        user_name: "an.peeters".into(),
        preferred_language: Language::Nl,
        card: Some(an_card()),
    };
    insta::assert_json_snapshot!("account_view", account);
    round_trips(&account);
}

#[test]
fn record_view() {
    let records = vec![an_record(), lotte_record()];
    insta::assert_json_snapshot!("record_view", records);
    round_trips(&records);
}

#[test]
fn home_view() {
    let home = HomeView {
        account: AccountView {
            session: SessionKind::CodeCard,
            user_name: "an.peeters".into(),
            preferred_language: Language::Nl,
            card: None,
        },
        own_record: an_record(),
    };
    insta::assert_json_snapshot!("home_view", home);
    round_trips(&home);
}

#[test]
fn device_state_view() {
    let state = DeviceStateView {
        can_register: true,
        registered_as: None,
        registered_before: true,
        keys_lost: Some("Laptop An".into()),
        suggested_name: "LAPTOP-GEEL".into(),
    };
    insta::assert_json_snapshot!("device_state_view", state);
    round_trips(&state);
}

#[test]
fn register_device_args() {
    let args = RegisterDeviceArgs { name: "Laptop An".into(), pin: secret("730418") };
    insta::assert_json_snapshot!("register_device_args", args);
    round_trips(&args);
}

#[test]
fn pin_args() {
    let args = PinArgs { pin: secret("730418") };
    insta::assert_json_snapshot!("pin_args", args);
    round_trips(&args);
}

#[test]
fn change_pin_args() {
    let args = ChangePinArgs { current_pin: secret("730418"), new_pin: secret("509271") };
    insta::assert_json_snapshot!("change_pin_args", args);
    round_trips(&args);
}

#[test]
fn device_id_args() {
    let args = DeviceIdArgs { device_id: PHONE.into() };
    insta::assert_json_snapshot!("device_id_args", args);
    round_trips(&args);
}

#[test]
fn device_view() {
    let devices = vec![
        DeviceView {
            id: LAPTOP.into(),
            name: "Laptop An".into(),
            last_used: date("2026-05-18"),
            registered_on: date("2026-03-02"),
            blocked: false,
            this_device: true,
        },
        DeviceView {
            id: PHONE.into(),
            name: "iPhone van An".into(),
            last_used: date("2026-05-04"),
            registered_on: date("2025-11-20"),
            blocked: true,
            this_device: false,
        },
    ];
    insta::assert_json_snapshot!("device_view", devices);
    round_trips(&devices);
}

#[test]
fn change_user_name_args() {
    let args = ChangeUserNameArgs {
        new_user_name: "an.peeters@telenet.be".into(),
        password: secret("Kempen-Geel-2026!"),
    };
    insta::assert_json_snapshot!("change_user_name_args", args);
    round_trips(&args);
}

#[test]
fn change_password_args() {
    let args = ChangePasswordArgs {
        current_password: secret("Kempen-Geel-2026!"),
        new_password: secret("fietsen langs de Nete"),
    };
    insta::assert_json_snapshot!("change_password_args", args);
    round_trips(&args);
}

#[test]
fn block_card_args() {
    let args =
        BlockCardArgs { user_name: "an.peeters".into(), password: secret("Kempen-Geel-2026!") };
    insta::assert_json_snapshot!("block_card_args", args);
    round_trips(&args);
}

#[test]
fn request_card_args() {
    // The number as typed: the shell checks it.
    let args = RequestCardArgs {
        national_register_number: "79.04.12-152.11".into(),
        email: "an.peeters@telenet.be".into(),
        language: Language::Nl,
    };
    insta::assert_json_snapshot!("request_card_args", args);
    round_trips(&args);
}

#[test]
fn password_reset_args() {
    let args = PasswordResetArgs { user_name: "an.peeters".into(), language: Language::Fr };
    insta::assert_json_snapshot!("password_reset_args", args);
    round_trips(&args);
}

#[test]
fn sync_progress_view() {
    let progress = SyncProgressView { record_id: LOTTE_RECORD.into(), received: 37, done: false };
    insta::assert_json_snapshot!("sync_progress_view", progress);
    round_trips(&progress);
}

#[test]
fn first_screen() {
    let every = every_variant!(FirstScreen { Pin, Welcome, Other });
    insta::assert_json_snapshot!("first_screen", every);
    round_trips(&every);
}

#[test]
fn first_screen_args() {
    let args = FirstScreenArgs { screen: FirstScreen::Pin };
    insta::assert_json_snapshot!("first_screen_args", args);
    round_trips(&args);
}

#[test]
fn record_args() {
    let args = RecordArgs { record_id: AN_RECORD.into() };
    insta::assert_json_snapshot!("record_args", args);
    round_trips(&args);
}

#[test]
fn closed_reason_view() {
    let every = every_variant!(ClosedReasonView { TurnedFifteen, PeriodOver, NoLongerLinked });
    insta::assert_json_snapshot!("closed_reason_view", every);
    round_trips(&every);
}

#[test]
fn closed_record_view() {
    let closed =
        ClosedRecordView { record: lotte_record(), reason: ClosedReasonView::TurnedFifteen };
    insta::assert_json_snapshot!("closed_record_view", closed);
    round_trips(&closed);
}

#[test]
fn name_trusted_person_args() {
    let args = NameTrustedPersonArgs {
        record_id: AN_RECORD.into(),
        given_name: "Jan".into(),
        family_name: "Peeters".into(),
        national_register_number: "81.06.21-314.23".into(),
        rights: jan_rights(),
        until: None,
        secret: secret("730418"),
    };
    insta::assert_json_snapshot!("name_trusted_person_args", args);
    round_trips(&args);
}

#[test]
fn revoke_link_args() {
    let args = RevokeLinkArgs {
        record_id: AN_RECORD.into(),
        link_id: "0c5d8e2f-1a7b-4d3c-9e6f-2b8a4c0d1e9f".into(),
    };
    insta::assert_json_snapshot!("revoke_link_args", args);
    round_trips(&args);
}

#[test]
fn report_args() {
    let args = ReportArgs { record_id: AN_RECORD.into(), report_id: "hzk-LAB-2026-051873".into() };
    insta::assert_json_snapshot!("report_args", args);
    round_trips(&args);
}

#[test]
fn report_list_args() {
    let args = vec![
        ReportListArgs {
            record_id: AN_RECORD.into(),
            report_type: None,
            hospital_id: None,
            text: None,
        },
        ReportListArgs {
            record_id: AN_RECORD.into(),
            report_type: Some(ReportType::LabResult),
            hospital_id: Some("hzk".into()),
            text: Some("kalium".into()),
        },
    ];
    insta::assert_json_snapshot!("report_list_args", args);
    round_trips(&args);
}

#[test]
fn report_summary() {
    let summary = ReportSummary {
        id: "hzk-LAB-2026-051873".into(),
        report_type: ReportType::LabResult,
        title: "Bloedname".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        performed_on: date("2026-05-03"),
        validated_on: date("2026-05-04"),
        amended: true,
        out_of_range: true,
        new: true,
    };
    insta::assert_json_snapshot!("report_summary", summary);
    round_trips(&summary);
}

#[test]
fn report_list_view() {
    let list = ReportListView {
        reports: vec![
            ReportSummary {
                id: "hzk-LAB-2026-051873".into(),
                report_type: ReportType::LabResult,
                title: "Bloedname".into(),
                hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
                performed_on: date("2026-05-03"),
                validated_on: date("2026-05-04"),
                amended: true,
                out_of_range: true,
                new: true,
            },
            ReportSummary {
                id: "cbw-CONS-2026-004417".into(),
                report_type: ReportType::Consultation,
                title: "Consultation de cardiologie".into(),
                hospital_name: "Clinique du Brabant wallon".into(),
                performed_on: date("2026-04-27"),
                validated_on: date("2026-04-29"),
                amended: false,
                out_of_range: false,
                new: false,
            },
        ],
        hospitals: vec![
            ("cbw".into(), "Clinique du Brabant wallon".into()),
            ("hzk".into(), "Heilig-Hartziekenhuis Kempen".into()),
        ],
        total: 42,
        last_synced: Some(MAY_18_2026),
        offline: false,
        new_count: 1,
    };
    insta::assert_json_snapshot!("report_list_view", list);
    round_trips(&list);
}

#[test]
fn report_pdf_labels() {
    let labels = dutch_pdf_labels();
    insta::assert_json_snapshot!("report_pdf_labels", labels);
    round_trips(&labels);
}

#[test]
fn save_report_pdf_args() {
    let args = SaveReportPdfArgs {
        record_id: AN_RECORD.into(),
        report_id: "hzk-LAB-2026-051873".into(),
        labels: dutch_pdf_labels(),
    };
    insta::assert_json_snapshot!("save_report_pdf_args", args);
    round_trips(&args);
}

#[test]
fn saved_file_view() {
    let saved = SavedFileView { file_name: "Laboresultaat 2026-05-03 Peeters An.pdf".into() };
    insta::assert_json_snapshot!("saved_file_view", saved);
    round_trips(&saved);
}

#[test]
fn app_error() {
    // Not checked complete at compile time: the enum is #[non_exhaustive].
    let every = vec![
        AppError::NoConnection,
        AppError::ServerProblem,
        AppError::AppOutdated,
        AppError::LoginFailed,
        AppError::LoginExpired,
        AppError::SlowedDown { retry_after_seconds: 30 },
        AppError::AccountLocked,
        AppError::CardBlocked,
        AppError::NoCodesLeft,
        AppError::AccountClosed,
        AppError::NotLoggedIn,
        AppError::PasswordRejected { problem: PasswordProblem::ContainsUserName },
        AppError::UserNameRejected { problem: UserNameProblem::Characters },
        AppError::InvalidEmail,
        AppError::InvalidRegisterNumber,
        AppError::WrongPin { tries_left: 4 },
        AppError::DeviceBlocked,
        AppError::DeviceRemoved,
        AppError::PinRejected { problem: PinProblem::BirthDate },
        AppError::NotRegistered,
        AppError::KeychainUnavailable,
        AppError::SaveFailed,
        AppError::StorageFull { needed_megabytes: 120 },
        AppError::RecordClosed,
        AppError::LinkRequestRefused { problem: LinkRequestProblem::AlreadyAsked },
        AppError::DesignationRefused { problem: DesignationProblem::Oneself },
        AppError::AnswersRefused,
        AppError::QuestionnaireSubmitted,
        AppError::MessageRefused {
            problem: dossier_api::messages::MessageProblem::TooManyAttachments,
        },
        AppError::Unexpected,
    ];
    insta::assert_json_snapshot!("app_error", every);
    round_trips(&every);
}

#[test]
fn questionnaire() {
    use dossier_api::questionnaires::{ChoiceOption, Question, QuestionKind, Questionnaire};
    let question = |link_id: &str, required: bool, kind: QuestionKind| Question {
        link_id: link_id.into(),
        text: format!("Question {link_id}"),
        required,
        kind,
    };
    let questionnaire = Questionnaire {
        title: "Voor uw consultatie".into(),
        questions: vec![
            question("complaint", true, QuestionKind::Text { long: true }),
            question(
                "weight",
                true,
                QuestionKind::Number { decimals: true, min: Some(0.5), max: Some(350.0) },
            ),
            question("since", false, QuestionKind::Date),
            question(
                "smoker",
                true,
                QuestionKind::Choice {
                    options: vec![ChoiceOption { code: "never".into(), label: "Nooit".into() }],
                    multiple: false,
                },
            ),
            question(
                "pain",
                true,
                QuestionKind::Scale {
                    min: 0,
                    max: 10,
                    min_label: Some("geen pijn".into()),
                    max_label: Some("ergste pijn".into()),
                },
            ),
        ],
    };
    insta::assert_json_snapshot!("questionnaire", questionnaire);
    let back: dossier_api::questionnaires::Questionnaire =
        serde_json::from_value(serde_json::to_value(&questionnaire).unwrap()).unwrap();
    assert_eq!(back, questionnaire);
}

#[test]
fn answers_and_their_problems() {
    use dossier_api::questionnaires::{Answer, AnswerProblem, AnswerStage, AnswerValue};
    let answers = vec![
        Answer { link_id: "complaint".into(), value: AnswerValue::Text("Knie".into()) },
        Answer { link_id: "weight".into(), value: AnswerValue::Number(72.5) },
        Answer { link_id: "since".into(), value: AnswerValue::Date(date("2026-10-01")) },
        Answer { link_id: "smoker".into(), value: AnswerValue::Choice(vec!["never".into()]) },
        Answer { link_id: "pain".into(), value: AnswerValue::Scale(6) },
    ];
    insta::assert_json_snapshot!("answers", answers);
    round_trips(&answers);
    let problems = vec![
        AnswerProblem::UnknownQuestion { link_id: "a".into() },
        AnswerProblem::AnsweredTwice { link_id: "b".into() },
        AnswerProblem::Required { link_id: "c".into() },
        AnswerProblem::WrongKind { link_id: "d".into() },
        AnswerProblem::OutOfRange { link_id: "e".into() },
        AnswerProblem::NotWhole { link_id: "f".into() },
        AnswerProblem::NotAnOption { link_id: "g".into() },
        AnswerProblem::OneOptionOnly { link_id: "h".into() },
        AnswerProblem::TooLong { link_id: "i".into() },
    ];
    insta::assert_json_snapshot!("answer_problems", problems);
    round_trips(&problems);
    insta::assert_json_snapshot!("answer_stage", [AnswerStage::Saving, AnswerStage::Submitting]);
}

#[test]
fn message_services_and_attachments() {
    use dossier_api::messages::{AttachmentKind, AttachmentProblem, MessageService};
    insta::assert_json_snapshot!("message_service", MessageService::ALL);
    round_trips(&MessageService::ALL);
    let kinds = [AttachmentKind::Pdf, AttachmentKind::Jpeg, AttachmentKind::Png];
    insta::assert_json_snapshot!("attachment_kind", kinds);
    round_trips(&kinds);
    let problems =
        [AttachmentProblem::Empty, AttachmentProblem::TooLarge, AttachmentProblem::NotAllowedType];
    insta::assert_json_snapshot!("attachment_problem", problems);
    round_trips(&problems);
}

#[test]
fn questionnaire_lists_and_saving() {
    use dossier_api::questionnaires::{
        Answer, AnswerStage, AnswerValue, Questionnaire, QuestionnaireStatus, QuestionnaireSummary,
        QuestionnaireView, SaveAnswersRequest,
    };
    let summary = QuestionnaireSummary {
        id: "q-1".into(),
        title: "Before your consultation".into(),
        hospital: "Heilig-Hartziekenhuis Kempen".into(),
        sent_at: 1_764_000_000,
        status: QuestionnaireStatus::Started,
        answered: 3,
        question_count: 7,
        submitted_at: None,
    };
    insta::assert_json_snapshot!("questionnaire_summary", summary);
    round_trips(&summary);
    let view = QuestionnaireView {
        summary,
        questionnaire: Questionnaire {
            title: "Before your consultation".into(),
            questions: vec![],
        },
        answers: vec![Answer { link_id: "pain".into(), value: AnswerValue::Scale(6) }],
        may_answer: true,
    };
    insta::assert_json_snapshot!("questionnaire_view", view);
    round_trips(&[view]);
    let request = SaveAnswersRequest { answers: vec![], stage: AnswerStage::Submitting };
    insta::assert_json_snapshot!("save_answers_request", request);
    round_trips(&[request]);
}

#[test]
fn messages_threads_and_writing() {
    use dossier_api::messages::{
        AttachmentKind, AttachmentProblem, AttachmentView, MessageDestination, MessageProblem,
        MessageService, MessageView, NewAttachment, NewMessage, PendingMessageView, ThreadView,
    };
    let thread = ThreadView {
        id: "t-1".into(),
        hospital_id: "hzk".into(),
        hospital: "Heilig-Hartziekenhuis Kempen".into(),
        service: MessageService::PatientSupport,
        subject: "Code card lost".into(),
        last_message_at: 1_764_000_600,
        messages: vec![MessageView {
            id: "m-1".into(),
            client_id: Some("9d0c6a1e-2b3f-4c5d-8e7f-0a1b2c3d4e5f".into()),
            from_patient_side: true,
            author: "An Peeters".into(),
            sent_at: 1_764_000_000,
            body: "I lost my code card.".into(),
            attachments: vec![AttachmentView {
                id: "a-1".into(),
                file_name: "letter.pdf".into(),
                kind: AttachmentKind::Pdf,
                size: 1234,
            }],
        }],
    };
    insta::assert_json_snapshot!("thread_view", thread);
    round_trips(&[thread]);
    let destinations = [
        MessageDestination::Thread { thread_id: "t-1".into() },
        MessageDestination::NewThread {
            hospital_id: "hzk".into(),
            service: MessageService::ParentChildLink,
            subject: "Lotte".into(),
        },
    ];
    let message = NewMessage {
        client_id: "9d0c6a1e-2b3f-4c5d-8e7f-0a1b2c3d4e5f".into(),
        destination: destinations[1].clone(),
        body: "May her father see it too?".into(),
        attachments: vec![NewAttachment {
            file_name: "form.pdf".into(),
            content: "JVBERi0=".into(),
        }],
    };
    insta::assert_json_snapshot!("new_message", (&destinations, &message));
    round_trips(&[message]);
    let problems = [
        MessageProblem::EmptyBody,
        MessageProblem::BodyTooLong,
        MessageProblem::NoSubject,
        MessageProblem::SubjectTooLong,
        MessageProblem::UnknownHospital,
        MessageProblem::UnknownThread,
        MessageProblem::TooManyAttachments,
        MessageProblem::Attachment { index: 2, reason: AttachmentProblem::TooLarge },
        MessageProblem::ClientId,
    ];
    insta::assert_json_snapshot!("message_problem", problems);
    round_trips(&problems);
    let pending = PendingMessageView {
        client_id: "9d0c6a1e-2b3f-4c5d-8e7f-0a1b2c3d4e5f".into(),
        destination: destinations[0].clone(),
        body: "Thank you".into(),
        file_names: vec!["scan.png".into()],
        written_at: 1_764_000_000,
        refused: Some(MessageProblem::UnknownThread),
    };
    insta::assert_json_snapshot!("pending_message", pending);
    round_trips(&[pending]);
}
