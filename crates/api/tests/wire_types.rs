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
    appointments::{
        AppointmentKind, AppointmentPlace, AppointmentStatus, AppointmentSyncResponse,
        AppointmentView, CancelRefusal, CancelledBy,
    },
    care_access::{
        AccessChange, AccessEvent, AccessGround, AccessLogEntry, AccessLogPage, AccessRefusal,
        Accessor, CareProviderView, CareRelationshipView, CareRole, EhealthConsentView,
        ExclusionSource, ExclusionView, GeneralPractitionerView, OpenedItem, ProviderOpenRequest,
        ProviderOpenResponse, ProviderReportSummary, RecordAccessOverview, ReferrerConsentView,
        StudyAction, Workplace,
    },
    details::{
        ChangedAs, DetailChangeView, DetailField, DetailProblems, DetailsUpdate, FieldProblem,
        NewItemKind, NotificationSettings, PersonalDetailsView, PostalAddress,
    },
    device::{
        ChangePinRequest, DeviceChallengeResponse, DeviceListResponse, DeviceLoginRequest,
        DeviceLoginResponse, DeviceStatus, DeviceSummary, DeviceUnlockRequest,
        DeviceUnlockResponse, PinProblem, RegisterDeviceRequest, RegisterDeviceResponse,
    },
    invoices::{InvoiceStatus, InvoiceSyncResponse, InvoiceView, StructuredCommunication},
    labs::{LabQualifier, LabReading, LabTestKey, LabTopic, LabTrend},
    links::{
        ChildLinkRequest, DesignationProblem, DocumentType, LinkKind, LinkRequestProblem,
        LinkRequestStatus, LinkRequestView, LinkStatus, Reauthentication, RecordLinkView,
        TrustedPersonDesignation, TrustedPersonRights,
    },
    radiology::{NewShareCodeRequest, ShareCodeStatus},
    reports::{
        HospitalView, LabFlag, LabTestCode, LabValue, PendingReport, RawReport, RecordAccess,
        Relation, ReportDelay, ReportSyncResponse, ReportType, ReportView,
    },
    shell::{
        AccessKindView, AccessLogArgs, AccessLogView, AccountView, AppError, AppointmentArgs,
        AppointmentsView, BlockCardArgs, CalendarLabels, ChangeDetailsArgs, ChangePasswordArgs,
        ChangePinArgs, ChangeUserNameArgs, ClosedReasonView, ClosedRecordView, CodeAskedView,
        CreateShareCodeArgs, DetailsToShowView, DeviceIdArgs, DeviceStateView, DeviceView,
        DiscardMessageArgs, FindGpArgs, FirstScreen, FirstScreenArgs, GpObjectionArgs, HomeView,
        InvoicesView, LabSeriesArgs, LabTestsArgs, LoginCodeArgs, LoginStartArgs, MessagesView,
        NameTrustedPersonArgs, NotificationSettingsArgs, OpenLinkArgs, PasswordResetArgs, PinArgs,
        QuestionnaireArgs, RecordArgs, RecordView, RegisterDeviceArgs, ReportArgs, ReportListArgs,
        ReportListView, ReportPdfLabels, ReportSummary, RequestCardArgs, RevokeLinkArgs,
        RevokeShareCodeArgs, SaveAnswersArgs, SaveAttachmentArgs, SaveCalendarArgs,
        SaveInvoicePdfArgs, SaveReportPdfArgs, SaveStudyArgs, SavedFileView, SeriesPreviewArgs,
        SessionKind, StopExclusionArgs, SyncProgressView, WithdrawReferrerArgs, WriteMessageArgs,
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

/// An's patient number in the network (EAD), as a care provider asks for her record.
const AN_EAD_NUMBER: &str = "10482231";
/// 2026-05-20 11:45 UTC (13:45 in Brussels): An's video consultation opens.
const MAY_20_2026: i64 = 1_779_277_500;

/// Planned, cancellable from the app until 48 hours before.
fn an_cardiology() -> AppointmentView {
    AppointmentView {
        id: "5b2e8f14-7c3a-4d9e-b1f6-0a8c2d4e6f13".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "hzk".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        department: "Cardiologie".into(),
        place: Some(AppointmentPlace {
            campus: "Campus Sint-Jozef".into(),
            route: Some("Route 52".into()),
            floor: Some("2".into()),
        }),
        // 2026-06-09, 09:30 to 10:00 in Brussels.
        starts_at: 1_780_990_200,
        ends_at: 1_780_992_000,
        with_whom: "Dr. Sarah Janssens".into(),
        kind: AppointmentKind::InPerson,
        video_link: None,
        status: AppointmentStatus::Planned,
        cancelled_by: None,
        instructions: "Breng uw medicatielijst mee.".into(),
        cancellable_until: Some(1_780_817_400),
    }
}

/// A video consultation 15 minutes after [`MAY_20_2026`]: its join link is given.
fn an_video_consultation() -> AppointmentView {
    AppointmentView {
        id: "e7d1a3c9-2f4b-4e8a-9c5d-6b0f1e3a7d24".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "hzk".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        department: "Raadpleging".into(),
        place: None,
        // 2026-05-20, 14:00 to 14:20 in Brussels.
        starts_at: 1_779_278_400,
        ends_at: 1_779_279_600,
        with_whom: "Dr. Koen Verhaegen".into(),
        kind: AppointmentKind::Video,
        video_link: Some("https://video.hzk.example/join/e7d1a3c9".into()),
        status: AppointmentStatus::Planned,
        cancelled_by: None,
        instructions: "Zoek een rustige plek en test uw camera vooraf.".into(),
        // 24 hours before: past, but the appointment is still to come.
        cancellable_until: Some(1_779_192_000),
    }
}

/// Cancelled by the hospital; the department takes no cancellations from the app.
fn an_cancelled_scan() -> AppointmentView {
    AppointmentView {
        id: "9a4c6e2b-1d3f-4b7a-8e9c-5f2d0a6b3c35".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "smt".into(),
        hospital_name: "Sint-Maartenziekenhuis Tienen".into(),
        department: "Radiologie".into(),
        place: Some(AppointmentPlace {
            campus: "Campus Tienen".into(),
            route: Some("Ingang B, volg de blauwe lijn".into()),
            floor: Some("0".into()),
        }),
        // 2026-04-21, 08:00 to 08:30 in Brussels.
        starts_at: 1_776_751_200,
        ends_at: 1_776_753_000,
        with_whom: "Dienst medische beeldvorming".into(),
        kind: AppointmentKind::InPerson,
        video_link: None,
        status: AppointmentStatus::Cancelled,
        cancelled_by: Some(CancelledBy::Hospital),
        instructions: "Nuchter komen: niet eten vanaf middernacht.".into(),
        cancellable_until: None,
    }
}

/// A Belgian structured communication, `+++123/4567/89002+++`.
fn communication(base: u64) -> String {
    StructuredCommunication::from_base(base).unwrap().to_string()
}

fn an_open_invoice() -> InvoiceView {
    InvoiceView {
        id: "4e6a8c0e-2b4d-4f6a-8c0e-3b5d7f9a1c68".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "hzk".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        number: "2026/AN004".into(),
        issued_on: date("2026-05-04"),
        due_on: date("2026-06-03"),
        total_cents: 18_734,
        insurer_paid_cents: 12_000,
        patient_share_cents: 6_734,
        left_to_pay_cents: 6_734,
        status: InvoiceStatus::Open,
        structured_communication: communication(3_482_061_957),
        payment_link: Some("https://betalen.hzk.example/factuur/2026-AN004".into()),
    }
}

fn an_overdue_invoice() -> InvoiceView {
    InvoiceView {
        id: "7b9d1f3a-5c7e-4a9b-8d1f-6e8a0c2e4b79".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "smt".into(),
        hospital_name: "Sint-Maartenziekenhuis Tienen".into(),
        number: "2026/AN002".into(),
        issued_on: date("2026-03-16"),
        due_on: date("2026-04-15"),
        total_cents: 9_450,
        insurer_paid_cents: 7_087,
        patient_share_cents: 2_363,
        left_to_pay_cents: 2_363,
        status: InvoiceStatus::Overdue,
        structured_communication: communication(1_290_447_305),
        payment_link: Some("https://betalen.smt.example/factuur/2026-AN002".into()),
    }
}

fn an_paid_invoice() -> InvoiceView {
    InvoiceView {
        id: "0d2f4b6d-8e0a-4c2e-9f4b-7a9c1e3f5d80".into(),
        record_id: AN_RECORD.into(),
        hospital_id: "cbw".into(),
        hospital_name: "Clinique du Brabant wallon".into(),
        number: "2026/AN001".into(),
        issued_on: date("2026-01-14"),
        due_on: date("2026-02-13"),
        total_cents: 4_250,
        insurer_paid_cents: 3_187,
        patient_share_cents: 1_063,
        left_to_pay_cents: 0,
        status: InvoiceStatus::Paid,
        structured_communication: communication(5_009_731_864),
        payment_link: None,
    }
}

fn an_address() -> PostalAddress {
    PostalAddress {
        street: "Naamsestraat 61".into(),
        postal_code: "3000".into(),
        city: "Leuven".into(),
        country: "BE".into(),
    }
}

/// An's GP: no hospital workplace.
fn gp_wouters() -> CareProviderView {
    CareProviderView {
        id: "3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e11".into(),
        name: "Dr. Luc Wouters".into(),
        role: CareRole::GeneralPractitioner,
        nihdi_number: Some("1-00476-32-004".into()),
        workplaces: vec![],
    }
}

fn cardiologist_janssens() -> CareProviderView {
    CareProviderView {
        id: "6f8a0c2e-4b6d-4e8f-a1c3-5e7a9c1e3b22".into(),
        name: "Dr. Sarah Janssens".into(),
        role: CareRole::Physician,
        nihdi_number: Some("1-23456-78-001".into()),
        workplaces: vec![Workplace {
            hospital_id: "hzk".into(),
            hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
            department: Some("Cardiology".into()),
        }],
    }
}

/// A referrer outside the partner hospitals.
fn referrer_de_vos() -> CareProviderView {
    CareProviderView {
        id: "a1c3e5f7-9b0d-4f2a-b4c6-8d0e2f4a6c33".into(),
        name: "Dr. Bart De Vos".into(),
        role: CareRole::Physician,
        nihdi_number: Some("1-67890-12-007".into()),
        workplaces: vec![],
    }
}

fn an_details() -> PersonalDetailsView {
    PersonalDetailsView {
        record_id: AN_RECORD.into(),
        given_name: "An".into(),
        family_name: "Peeters".into(),
        date_of_birth: date("1979-04-12"),
        national_register_number: Some("79.04.12-xxx.xx".into()),
        address: Some(an_address()),
        phone: Some("+32 470 12 34 56".into()),
        email: Some("an.peeters@telenet.be".into()),
        language: Language::Nl,
        general_practitioner: Some(gp_wouters()),
        may_change: true,
        changes: vec![
            DetailChangeView {
                field: DetailField::Address,
                at: MAY_4_2026,
                by: "An Peeters".into(),
                by_as: ChangedAs::Patient,
                before: Some("Grote Markt 27 bus 3, 2440 Geel (BE)".into()),
                after: Some("Naamsestraat 61, 3000 Leuven (BE)".into()),
            },
            DetailChangeView {
                field: DetailField::Phone,
                at: NOVEMBER_2_2025,
                by: "An Peeters".into(),
                by_as: ChangedAs::Patient,
                before: None,
                after: Some("+32 470 12 34 56".into()),
            },
        ],
    }
}

/// An ongoing treatment.
fn an_care_team() -> CareRelationshipView {
    CareRelationshipView {
        provider: cardiologist_janssens(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        department: Some("Cardiology".into()),
        from: date("2026-03-02"),
        until: None,
    }
}

fn an_care_access() -> RecordAccessOverview {
    RecordAccessOverview {
        record_id: AN_RECORD.into(),
        care_teams: vec![an_care_team()],
        general_practitioner: Some(GeneralPractitionerView {
            provider: gp_wouters(),
            objected: false,
            since: date("2025-11-02"),
        }),
        referrers: vec![ReferrerConsentView {
            provider: referrer_de_vos(),
            given_on: date("2026-01-20"),
        }],
        exclusions: an_exclusions(),
        ehealth_consent: EhealthConsentView { given: true, on: Some(date("2017-03-14")) },
        may_change: true,
    }
}

/// One the patient stops in the app, temporarily overridden; one managed on eHealth.
fn an_exclusions() -> Vec<ExclusionView> {
    vec![
        ExclusionView {
            id: "c5e7a9b1-3d5f-4b7d-9f1b-0e2a4c6e8a44".into(),
            provider: CareProviderView {
                id: "e9b1d3f5-7a9c-4e1a-8c3e-5f7b9d1f3a55".into(),
                name: "Dr. Johan Willems".into(),
                role: CareRole::Physician,
                nihdi_number: Some("1-78901-23-008".into()),
                workplaces: vec![Workplace {
                    hospital_id: "smt".into(),
                    hospital_name: "Sint-Maartenziekenhuis Tienen".into(),
                    department: Some("Radiology".into()),
                }],
            },
            source: ExclusionSource::Hospital,
            registered_by: Some("Sint-Maartenziekenhuis Tienen".into()),
            since: date("2025-06-10"),
            overridden_until: Some(MAY_20_2026),
            stoppable: true,
        },
        ExclusionView {
            id: "f3a5c7e9-1b3d-4f5a-a7c9-2e4b6d8f0a66".into(),
            provider: CareProviderView {
                id: "b7d9f1a3-5c7e-4a9c-b1d3-6a8c0e2b4d77".into(),
                name: "Dr. Eva Goossens".into(),
                role: CareRole::Dentist,
                nihdi_number: Some("3-89012-34-009".into()),
                workplaces: vec![],
            },
            source: ExclusionSource::Ehealth,
            registered_by: None,
            since: date("2024-10-01"),
            overridden_until: None,
            stoppable: false,
        },
    ]
}

fn janssens_as_accessor() -> Accessor {
    Accessor::CareProvider {
        name: "Dr. Sarah Janssens".into(),
        role: CareRole::Physician,
        nihdi_number: Some("1-23456-78-001".into()),
        hospital_name: Some("Heilig-Hartziekenhuis Kempen".into()),
        department: Some("Cardiology".into()),
    }
}

/// A break-the-glass at the emergency department, written in French as at the Clinique.
const EMERGENCY_JUSTIFICATION: &str =
    "Amenée inconsciente aux urgences, aucune relation de soins connue : vérifier sa médication.";

/// Part of An's access log, oldest first.
fn an_access_log() -> Vec<AccessLogEntry> {
    vec![
        AccessLogEntry {
            seq: 410,
            at: NOVEMBER_2_2025,
            who: Accessor::Patient { name: "An Peeters".into() },
            event: AccessEvent::Changed {
                change: AccessChange::GpNamed { provider_name: "Dr. Luc Wouters".into() },
            },
        },
        AccessLogEntry {
            seq: 411,
            at: MAY_4_2026,
            who: janssens_as_accessor(),
            event: AccessEvent::Opened {
                what: OpenedItem::Report {
                    report_id: "hzk-LAB-2026-051873".into(),
                    title: "Bloedname".into(),
                },
                ground: AccessGround::CareRelationship,
                justification: None,
            },
        },
        AccessLogEntry {
            seq: 412,
            // 2026-05-12 08:03 UTC.
            at: 1_778_572_980,
            who: Accessor::CareProvider {
                name: "Dr. Claire Lambert".into(),
                role: CareRole::Physician,
                nihdi_number: Some("1-56789-01-006".into()),
                hospital_name: Some("Clinique du Brabant wallon".into()),
                department: Some("Urgences".into()),
            },
            event: AccessEvent::Opened {
                what: OpenedItem::Record,
                ground: AccessGround::BreakTheGlass,
                justification: Some(EMERGENCY_JUSTIFICATION.into()),
            },
        },
        AccessLogEntry {
            seq: 413,
            // 2026-05-13 14:47 UTC.
            at: 1_778_683_620,
            who: Accessor::CareProvider {
                name: "Dr. Johan Willems".into(),
                role: CareRole::Physician,
                nihdi_number: Some("1-78901-23-008".into()),
                hospital_name: Some("Sint-Maartenziekenhuis Tienen".into()),
                department: Some("Radiology".into()),
            },
            event: AccessEvent::Refused {
                what: OpenedItem::Record,
                reason: AccessRefusal::Excluded,
            },
        },
    ]
}

fn an_thread() -> dossier_api::messages::ThreadView {
    use dossier_api::messages::{
        AttachmentKind, AttachmentView, MessageService, MessageView, ThreadView,
    };
    ThreadView {
        id: "8b0d2f4a-6c8e-4a0b-9d2f-4b6d8f0a2c91".into(),
        hospital_id: "hzk".into(),
        hospital: "Heilig-Hartziekenhuis Kempen".into(),
        service: MessageService::ParentChildLink,
        subject: "Toegang tot het dossier van Lotte".into(),
        last_message_at: MAY_18_2026,
        messages: vec![
            MessageView {
                id: "2d4f6a8c-0e2a-4c6e-8a0c-6e8a0c2e4a82".into(),
                client_id: Some("d6f8a0c2-4e6a-4c8e-a0c2-4e6a8c0e2a93".into()),
                from_patient_side: true,
                author: "An Peeters".into(),
                sent_at: MAY_4_2026,
                body: "Hierbij het attest van ouderlijk gezag voor Lotte.".into(),
                attachments: vec![AttachmentView {
                    id: "0a2c4e6a-8c0e-4a2c-9e6a-8c0e2a4c6ea4".into(),
                    file_name: "attest-ouderlijk-gezag.pdf".into(),
                    kind: AttachmentKind::Pdf,
                    size: 184_320,
                }],
            },
            MessageView {
                id: "4f6a8c0e-2a4c-4e8a-8c2e-0a4c6e8a0cb5".into(),
                client_id: None,
                from_patient_side: false,
                author: "Patiëntenservice".into(),
                sent_at: MAY_18_2026,
                body: "Dank u. U kunt het dossier van Lotte nu openen in de app.".into(),
                attachments: vec![],
            },
        ],
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

// appointments.rs

#[test]
fn appointment_kind() {
    let every = every_variant!(AppointmentKind { InPerson, Video });
    insta::assert_json_snapshot!("appointment_kind", every);
    round_trips(&every);
}

#[test]
fn appointment_status() {
    let every = every_variant!(AppointmentStatus { Planned, Moved, Cancelled, Done });
    assert_eq!(every, AppointmentStatus::ALL);
    insta::assert_json_snapshot!("appointment_status", every);
    round_trips(&every);
}

#[test]
fn cancelled_by() {
    let every = every_variant!(CancelledBy { App, Hospital });
    insta::assert_json_snapshot!("cancelled_by", every);
    round_trips(&every);
}

#[test]
fn appointment_place() {
    // With the signs to follow, and a campus alone.
    let places = vec![
        an_cardiology().place.unwrap(),
        AppointmentPlace { campus: "Site de Wavre".into(), route: None, floor: None },
    ];
    insta::assert_json_snapshot!("appointment_place", places);
    round_trips(&places);
}

#[test]
fn appointment_view() {
    let cancelled_in_the_app = AppointmentView {
        status: AppointmentStatus::Cancelled,
        cancelled_by: Some(CancelledBy::App),
        cancellable_until: None,
        ..an_cardiology()
    };
    let appointments = vec![an_cardiology(), an_video_consultation(), cancelled_in_the_app];
    insta::assert_json_snapshot!("appointment_view", appointments);
    round_trips(&appointments);
}

#[test]
fn appointment_sync_response() {
    let response = AppointmentSyncResponse {
        record_id: AN_RECORD.into(),
        upserts: vec![an_video_consultation(), an_cancelled_scan()],
        removals: vec!["f1b3d5e7-9a2c-4e6f-8b0d-1c3e5a7b9d57".into()],
        cursor: "Hk3vQ9xN2mT8pZ1cW7rY4bL6sF0dJ5aE".into(),
        more: false,
        records: vec![an_access(), lotte_access()],
    };
    insta::assert_json_snapshot!("appointment_sync_response", response);
    round_trips(&response);
}

#[test]
fn cancel_refusal() {
    let every = every_variant!(CancelRefusal {
        NotCancellableHere,
        TooLate { notice_hours: 48 },
        AlreadyCancelled,
        NotUpcoming,
    });
    insta::assert_json_snapshot!("cancel_refusal", every);
    round_trips(&every);
}

// invoices.rs

#[test]
fn invoice_status() {
    let every = every_variant!(InvoiceStatus { Open, Paid, Overdue, InDispute });
    insta::assert_json_snapshot!("invoice_status", every);
    round_trips(&every);
}

#[test]
fn invoice_view() {
    let invoices = vec![an_open_invoice(), an_paid_invoice()];
    // The communication travels as written for a bank transfer, and reads back.
    for invoice in &invoices {
        StructuredCommunication::parse(&invoice.structured_communication).unwrap();
    }
    insta::assert_json_snapshot!("invoice_view", invoices);
    round_trips(&invoices);
}

#[test]
fn invoice_sync_response() {
    let response = InvoiceSyncResponse {
        record_id: AN_RECORD.into(),
        upserts: vec![an_open_invoice(), an_overdue_invoice()],
        removals: vec!["1e3a5c7e-9b1d-4f3b-a5d7-2c4e6a8c0e88".into()],
        cursor: "pR8wK2nB5vX1qM7tG4hC9zD3fL6yA0sJ".into(),
        more: true,
        records: vec![an_access(), lotte_access()],
    };
    insta::assert_json_snapshot!("invoice_sync_response", response);
    round_trips(&response);
}

// details.rs

#[test]
fn postal_address() {
    // Belgian, and abroad (the postal code as written there).
    let addresses = vec![
        an_address(),
        PostalAddress {
            street: "Rue de Rivoli 48".into(),
            postal_code: "75004".into(),
            city: "Paris".into(),
            country: "FR".into(),
        },
    ];
    insta::assert_json_snapshot!("postal_address", addresses);
    round_trips(&addresses);
}

#[test]
fn personal_details_view() {
    // Lotte's, as her mother sees them: no register number, address or GP given.
    let lotte = PersonalDetailsView {
        record_id: LOTTE_RECORD.into(),
        given_name: "Lotte".into(),
        family_name: "Peeters".into(),
        date_of_birth: date("2016-09-03"),
        national_register_number: None,
        address: None,
        phone: None,
        email: None,
        language: Language::Nl,
        general_practitioner: None,
        may_change: true,
        changes: vec![DetailChangeView {
            field: DetailField::Language,
            at: MAY_18_2026,
            by: "An Peeters".into(),
            by_as: ChangedAs::Parent,
            before: Some("fr".into()),
            after: Some("nl".into()),
        }],
    };
    let details = vec![an_details(), lotte];
    insta::assert_json_snapshot!("personal_details_view", details);
    round_trips(&details);
}

#[test]
fn details_update() {
    // The form as sent; an empty phone removes it, and no GP id: no GP.
    let updates = vec![
        DetailsUpdate {
            address: an_address(),
            phone: "+32 470 12 34 56".into(),
            email: "an.peeters@telenet.be".into(),
            language: Language::Nl,
            general_practitioner: Some(gp_wouters().id),
        },
        DetailsUpdate {
            address: an_address(),
            phone: String::new(),
            email: "an.peeters@telenet.be".into(),
            language: Language::Fr,
            general_practitioner: None,
        },
    ];
    insta::assert_json_snapshot!("details_update", updates);
    round_trips(&updates);
}

#[test]
fn detail_field() {
    let every =
        every_variant!(DetailField { Address, Phone, Email, Language, GeneralPractitioner });
    assert_eq!(every, DetailField::ALL);
    insta::assert_json_snapshot!("detail_field", every);
    round_trips(&every);
}

#[test]
fn changed_as() {
    let every = every_variant!(ChangedAs { Patient, Parent, Representative });
    assert_eq!(every, ChangedAs::ALL);
    insta::assert_json_snapshot!("changed_as", every);
    round_trips(&every);
}

#[test]
fn detail_change_view() {
    let changes = an_details().changes;
    insta::assert_json_snapshot!("detail_change_view", changes);
    round_trips(&changes);
}

#[test]
fn field_problem() {
    let every = every_variant!(FieldProblem {
        Required,
        TooLong,
        PostalCode,
        Country,
        Phone,
        Email,
        UnknownGp,
    });
    insta::assert_json_snapshot!("field_problem", every);
    round_trips(&every);
}

#[test]
fn detail_problems() {
    // Every field with a problem, and none: the fields without one are left out.
    let problems = vec![
        DetailProblems {
            street: Some(FieldProblem::TooLong),
            postal_code: Some(FieldProblem::PostalCode),
            city: Some(FieldProblem::Required),
            country: Some(FieldProblem::Country),
            phone: Some(FieldProblem::Phone),
            email: Some(FieldProblem::Email),
            general_practitioner: Some(FieldProblem::UnknownGp),
        },
        DetailProblems::default(),
    ];
    insta::assert_json_snapshot!("detail_problems", problems);
    round_trips(&problems);
}

#[test]
fn notification_settings() {
    let settings = vec![
        NotificationSettings::default(),
        NotificationSettings { something_new: false, appointment_reminder: true },
    ];
    insta::assert_json_snapshot!("notification_settings", settings);
    round_trips(&settings);
}

#[test]
fn new_item_kind() {
    let every =
        every_variant!(NewItemKind { Report, Appointment, Invoice, Message, Questionnaire });
    assert_eq!(every, NewItemKind::ALL);
    insta::assert_json_snapshot!("new_item_kind", every);
    round_trips(&every);
}

// care_access.rs (AccessGround and AccessLogEntry are pinned by the crate's own wire_format
// test; they show up here inside the types that carry them).

#[test]
fn care_role() {
    let every = every_variant!(CareRole {
        Physician,
        GeneralPractitioner,
        Nurse,
        ClinicalBiologist,
        LabTechnician,
        Pharmacist,
        Dentist,
        Physiotherapist,
        AdministrativeStaff,
    });
    assert_eq!(every, CareRole::ALL);
    insta::assert_json_snapshot!("care_role", every);
    round_trips(&every);
}

#[test]
fn care_provider_view() {
    // At a hospital; a GP in their own practice; support staff without a NIHDI number.
    let providers = vec![
        cardiologist_janssens(),
        gp_wouters(),
        CareProviderView {
            id: "d1f3b5d7-9e1a-4c3e-b5f7-3a5c7e9b1d99".into(),
            name: "Marie Dupont".into(),
            role: CareRole::AdministrativeStaff,
            nihdi_number: None,
            workplaces: vec![Workplace {
                hospital_id: "hzk".into(),
                hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
                department: Some("Appointments".into()),
            }],
        },
    ];
    insta::assert_json_snapshot!("care_provider_view", providers);
    round_trips(&providers);
}

#[test]
fn workplace() {
    let workplaces = vec![
        Workplace {
            hospital_id: "smt".into(),
            hospital_name: "Sint-Maartenziekenhuis Tienen".into(),
            department: Some("Internal medicine".into()),
        },
        Workplace {
            hospital_id: "cbw".into(),
            hospital_name: "Clinique du Brabant wallon".into(),
            department: None,
        },
    ];
    insta::assert_json_snapshot!("workplace", workplaces);
    round_trips(&workplaces);
}

#[test]
fn care_relationship_view() {
    // Ongoing, and with a last day.
    let relationships = vec![
        an_care_team(),
        CareRelationshipView {
            provider: CareProviderView {
                id: "f5a7c9e1-3b5d-4f7b-a9c1-4d6f8a0c2eaa".into(),
                name: "Dr. Pieter Maes".into(),
                role: CareRole::Physician,
                nihdi_number: Some("1-45678-90-005".into()),
                workplaces: vec![Workplace {
                    hospital_id: "smt".into(),
                    hospital_name: "Sint-Maartenziekenhuis Tienen".into(),
                    department: Some("Internal medicine".into()),
                }],
            },
            hospital_name: "Sint-Maartenziekenhuis Tienen".into(),
            department: Some("Internal medicine".into()),
            from: date("2025-11-02"),
            until: Some(date("2026-05-31")),
        },
    ];
    insta::assert_json_snapshot!("care_relationship_view", relationships);
    round_trips(&relationships);
}

#[test]
fn general_practitioner_view() {
    let gps = vec![
        GeneralPractitionerView {
            provider: gp_wouters(),
            objected: false,
            since: date("2025-11-02"),
        },
        GeneralPractitionerView {
            provider: gp_wouters(),
            objected: true,
            since: date("2026-05-18"),
        },
    ];
    insta::assert_json_snapshot!("general_practitioner_view", gps);
    round_trips(&gps);
}

#[test]
fn referrer_consent_view() {
    let consent = ReferrerConsentView { provider: referrer_de_vos(), given_on: date("2026-01-20") };
    insta::assert_json_snapshot!("referrer_consent_view", consent);
    round_trips(&consent);
}

#[test]
fn exclusion_source() {
    let every = every_variant!(ExclusionSource { Hospital, Ehealth });
    insta::assert_json_snapshot!("exclusion_source", every);
    round_trips(&every);
}

#[test]
fn exclusion_view() {
    let exclusions = an_exclusions();
    insta::assert_json_snapshot!("exclusion_view", exclusions);
    round_trips(&exclusions);
}

#[test]
fn ehealth_consent_view() {
    // Given, and never asked.
    let consents = vec![
        EhealthConsentView { given: true, on: Some(date("2017-03-14")) },
        EhealthConsentView { given: false, on: None },
    ];
    insta::assert_json_snapshot!("ehealth_consent_view", consents);
    round_trips(&consents);
}

#[test]
fn record_access_overview() {
    let overview = an_care_access();
    insta::assert_json_snapshot!("record_access_overview", overview);
    round_trips(&overview);
}

#[test]
fn access_change() {
    let every = every_variant!(AccessChange {
        GpObjected { provider_name: "Dr. Luc Wouters".into() },
        GpAllowedAgain { provider_name: "Dr. Luc Wouters".into() },
        ReferrerConsentWithdrawn { provider_name: "Dr. Bart De Vos".into() },
        ExclusionStopped { provider_name: "Dr. Johan Willems".into() },
        GpNamed { provider_name: "Dr. Luc Wouters".into() },
        GpRemoved { provider_name: "Dr. Luc Wouters".into() },
    });
    insta::assert_json_snapshot!("access_change", every);
    round_trips(&every);
}

#[test]
fn access_refusal() {
    let every = every_variant!(AccessRefusal {
        Excluded,
        NoRelationship,
        GpObjected,
        ConsentWithdrawn,
        JustificationMissing,
        RoleMayNotOpenReports,
        PatientDied,
        WrongBirthDate,
        ShareCodeStopped,
        ShareCodeExpired,
        ShareCodeBlocked,
    });
    assert_eq!(every, AccessRefusal::ALL);
    insta::assert_json_snapshot!("access_refusal", every);
    round_trips(&every);
}

#[test]
fn accessor() {
    let every = every_variant!(Accessor {
        CareProvider {
            name: "Dr. Sarah Janssens".into(),
            role: CareRole::Physician,
            nihdi_number: Some("1-23456-78-001".into()),
            hospital_name: Some("Heilig-Hartziekenhuis Kempen".into()),
            department: Some("Cardiology".into()),
        },
        LinkedPerson { name: "Jan Peeters".into(), link: LinkKind::TrustedPerson },
        Patient { name: "An Peeters".into() },
        ShareCode { ending: "7KQM".into() },
    });
    insta::assert_json_snapshot!("accessor", every);
    round_trips(&every);
}

#[test]
fn opened_item_and_study_action() {
    let every = every_variant!(OpenedItem {
        Record,
        Report { report_id: "hzk-LAB-2026-051873".into(), title: "Bloedname".into() },
        RadiologyStudy {
            report_id: "smt-RAD-2026-120377".into(),
            title: "CT thorax".into(),
            action: StudyAction::Viewed,
        },
    });
    insta::assert_json_snapshot!("opened_item", every);
    round_trips(&every);
    let actions = every_variant!(StudyAction { Viewed, Downloaded });
    insta::assert_json_snapshot!("study_action", actions);
    round_trips(&actions);
}

#[test]
fn access_event() {
    let every = every_variant!(AccessEvent {
        Opened {
            what: OpenedItem::Record,
            ground: AccessGround::BreakTheGlass,
            justification: Some(EMERGENCY_JUSTIFICATION.into()),
        },
        Refused { what: OpenedItem::Record, reason: AccessRefusal::Excluded },
        Changed { change: AccessChange::GpObjected { provider_name: "Dr. Luc Wouters".into() } },
    });
    insta::assert_json_snapshot!("access_event", every);
    round_trips(&every);
}

#[test]
fn access_log_page() {
    let page = AccessLogPage { record_id: AN_RECORD.into(), entries: an_access_log(), more: true };
    insta::assert_json_snapshot!("access_log_page", page);
    round_trips(&page);
}

#[test]
fn provider_open_request() {
    // The record's list of reports; one report, breaking the glass.
    let requests = vec![
        ProviderOpenRequest {
            ead_number: AN_EAD_NUMBER.into(),
            report_id: None,
            break_the_glass: None,
        },
        ProviderOpenRequest {
            ead_number: AN_EAD_NUMBER.into(),
            report_id: Some("hzk-LAB-2026-051873".into()),
            break_the_glass: Some(EMERGENCY_JUSTIFICATION.into()),
        },
    ];
    insta::assert_json_snapshot!("provider_open_request", requests);
    round_trips(&requests);
}

#[test]
fn provider_report_summary() {
    let summary = ProviderReportSummary {
        id: "hzk-LAB-2026-051873".into(),
        title: "Bloedname".into(),
        hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
        validated_on: date("2026-05-04"),
    };
    insta::assert_json_snapshot!("provider_report_summary", summary);
    round_trips(&summary);
}

#[test]
fn provider_open_response() {
    let summary = |report: ReportView| ProviderReportSummary {
        id: report.id,
        title: report.title,
        hospital_name: report.hospital_name,
        validated_on: report.validated_on,
    };
    // The record (its reports), and one report.
    let responses = vec![
        ProviderOpenResponse {
            ground: AccessGround::CareRelationship,
            patient_name: "An Peeters".into(),
            reports: vec![summary(lab_report()), summary(consultation_report())],
            report: None,
        },
        ProviderOpenResponse {
            ground: AccessGround::BreakTheGlass,
            patient_name: "An Peeters".into(),
            reports: vec![],
            report: Some(lab_report()),
        },
    ];
    insta::assert_json_snapshot!("provider_open_response", responses);
    round_trips(&responses);
}

// labs.rs (LabTestKey, LabLatest, LabTestSummary, LabPoint and LabSeries are pinned by the
// crate's own wire_format test).

#[test]
fn lab_topic() {
    let every = every_variant!(LabTopic {
        Haemoglobin,
        Haematocrit,
        RedBloodCells,
        WhiteBloodCells,
        Platelets,
        Mcv,
        Sodium,
        Potassium,
        Chloride,
        Calcium,
        Magnesium,
        Phosphate,
        Creatinine,
        Egfr,
        Urea,
        UreaNitrogen,
        Alt,
        Ast,
        Ggt,
        AlkalinePhosphatase,
        Bilirubin,
        Albumin,
        TotalCholesterol,
        HdlCholesterol,
        LdlCholesterol,
        Triglycerides,
        Glucose,
        Hba1c,
        Tsh,
        FreeT4,
        Crp,
        VitaminD,
        Ferritin,
        Iron,
        VitaminB12,
        Folate,
        UricAcid,
        Inr,
        Psa,
        CreatineKinase,
        Ldh,
    });
    assert_eq!(every, LabTopic::ALL);
    insta::assert_json_snapshot!("lab_topic", every);
    round_trips(&every);
}

#[test]
fn lab_trend() {
    let every = every_variant!(LabTrend { Rising, Falling, Steady });
    insta::assert_json_snapshot!("lab_trend", every);
    round_trips(&every);
}

#[test]
fn lab_qualifier() {
    let every = every_variant!(LabQualifier { Below, AtMost, Above, AtLeast });
    insta::assert_json_snapshot!("lab_qualifier", every);
    round_trips(&every);
}

#[test]
fn lab_reading() {
    // CRP "< 5" and "positive"; then potassium's 5.9, a plain number.
    let mut readings = every_variant!(LabReading {
        Number { value: 5.0, qualifier: Some(LabQualifier::Below) },
        Text,
    });
    readings.push(LabReading::Number { value: 5.9, qualifier: None });
    insta::assert_json_snapshot!("lab_reading", readings);
    round_trips(&readings);
}

// radiology.rs (RadiologyStudyView, RadiologySeriesView, ShareCodeView, ShareCodeCreated and
// ShareCodeProblem are pinned by the crate's own wire_format test).

#[test]
fn new_share_code_request() {
    let request = NewShareCodeRequest { days: 14 };
    insta::assert_json_snapshot!("new_share_code_request", request);
    round_trips(&request);
}

#[test]
fn share_code_status() {
    let every = every_variant!(ShareCodeStatus { Active, Expired, Revoked, Blocked });
    insta::assert_json_snapshot!("share_code_status", every);
    round_trips(&every);
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
        can_print: true,
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
        AppError::NotAllowedToChange,
        AppError::ManagedOnEhealth,
        AppError::DetailsRefused {
            problems: DetailProblems {
                postal_code: Some(FieldProblem::PostalCode),
                ..DetailProblems::default()
            },
        },
        AppError::CancelRefused { reason: CancelRefusal::TooLate { notice_hours: 48 } },
        AppError::NoLink,
        AppError::ShareCodeRefused { max_days: 30 },
        AppError::Unexpected,
    ];
    insta::assert_json_snapshot!("app_error", every);
    round_trips(&every);
}

#[test]
fn lab_args() {
    // Every test, or those whose name holds "kalium".
    let tests = vec![
        LabTestsArgs { record_id: AN_RECORD.into(), text: None },
        LabTestsArgs { record_id: AN_RECORD.into(), text: Some("kalium".into()) },
    ];
    insta::assert_json_snapshot!("lab_tests_args", tests);
    round_trips(&tests);
    // All of a test's values, and those of the last year.
    let series = vec![
        LabSeriesArgs {
            record_id: AN_RECORD.into(),
            key: LabTestKey("test:potassium".into()),
            since: None,
        },
        LabSeriesArgs {
            record_id: AN_RECORD.into(),
            key: LabTestKey("test:potassium".into()),
            since: Some(date("2025-05-18")),
        },
    ];
    insta::assert_json_snapshot!("lab_series_args", series);
    round_trips(&series);
    // `since` may be left out.
    let all: LabSeriesArgs = serde_json::from_value(serde_json::json!({
        "record_id": AN_RECORD,
        "key": "test:potassium",
    }))
    .unwrap();
    assert_eq!(all, series[0]);
}

#[test]
fn details_to_show_view() {
    // As last read on this device, without a connection: not to be changed then.
    let details = DetailsToShowView {
        details: PersonalDetailsView { may_change: false, ..an_details() },
        offline: true,
        last_synced: Some(MAY_18_2026),
    };
    insta::assert_json_snapshot!("details_to_show_view", details);
    round_trips(&details);
}

#[test]
fn appointments_view() {
    let appointments = AppointmentsView {
        upcoming: vec![an_video_consultation(), an_cardiology()],
        past: vec![an_cancelled_scan()],
        last_synced: Some(MAY_18_2026),
        offline: false,
        now: MAY_20_2026,
    };
    insta::assert_json_snapshot!("appointments_view", appointments);
    round_trips(&appointments);
}

#[test]
fn appointment_args() {
    let args = AppointmentArgs { record_id: AN_RECORD.into(), appointment_id: an_cardiology().id };
    insta::assert_json_snapshot!("appointment_args", args);
    round_trips(&args);
}

#[test]
fn calendar() {
    let labels = CalendarLabels {
        dialog_title: "De afspraak bewaren voor uw agenda".into(),
        appointment: "Afspraak".into(),
        with: "Bij".into(),
        floor: "verdieping".into(),
        video: "Videoconsultatie: deelnemen via de Dossier-app, vanaf 15 minuten voor het begin."
            .into(),
    };
    insta::assert_json_snapshot!("calendar_labels", labels);
    round_trips(&labels);
    let args = SaveCalendarArgs {
        record_id: AN_RECORD.into(),
        appointment_id: an_cardiology().id,
        labels,
    };
    insta::assert_json_snapshot!("save_calendar_args", args);
    round_trips(&args);
}

#[test]
fn open_link_args() {
    // The shell's own LinkKind, not the links module's.
    use dossier_api::shell::LinkKind as OpenLinkKind;
    let every = every_variant!(OpenLinkKind { VideoConsultation, Payment });
    insta::assert_json_snapshot!("shell_link_kind", every);
    round_trips(&every);
    let args = vec![
        OpenLinkArgs {
            record_id: AN_RECORD.into(),
            id: an_video_consultation().id,
            kind: OpenLinkKind::VideoConsultation,
        },
        OpenLinkArgs {
            record_id: AN_RECORD.into(),
            id: an_open_invoice().id,
            kind: OpenLinkKind::Payment,
        },
    ];
    insta::assert_json_snapshot!("open_link_args", args);
    round_trips(&args);
}

#[test]
fn invoices_view() {
    let invoices = InvoicesView {
        to_pay: vec![an_overdue_invoice(), an_open_invoice()],
        settled: vec![an_paid_invoice()],
        last_synced: Some(MAY_18_2026),
        offline: true,
    };
    insta::assert_json_snapshot!("invoices_view", invoices);
    round_trips(&invoices);
}

#[test]
fn save_invoice_pdf_args() {
    let args = SaveInvoicePdfArgs {
        record_id: AN_RECORD.into(),
        invoice_id: an_open_invoice().id,
        dialog_title: "De factuur bewaren als pdf".into(),
    };
    insta::assert_json_snapshot!("save_invoice_pdf_args", args);
    round_trips(&args);
}

#[test]
fn care_access_args() {
    let objection = GpObjectionArgs { record_id: AN_RECORD.into(), objected: true };
    insta::assert_json_snapshot!("gp_objection_args", objection);
    round_trips(&objection);
    let withdrawal =
        WithdrawReferrerArgs { record_id: AN_RECORD.into(), provider_id: referrer_de_vos().id };
    insta::assert_json_snapshot!("withdraw_referrer_args", withdrawal);
    round_trips(&withdrawal);
    let stop = StopExclusionArgs {
        record_id: AN_RECORD.into(),
        exclusion_id: an_exclusions()[0].id.clone(),
    };
    insta::assert_json_snapshot!("stop_exclusion_args", stop);
    round_trips(&stop);
}

#[test]
fn details_args() {
    let change = ChangeDetailsArgs {
        record_id: AN_RECORD.into(),
        update: DetailsUpdate {
            address: an_address(),
            phone: "+32 470 12 34 56".into(),
            email: "an.peeters@telenet.be".into(),
            language: Language::Nl,
            general_practitioner: Some(gp_wouters().id),
        },
    };
    insta::assert_json_snapshot!("change_details_args", change);
    round_trips(&change);
    let find = FindGpArgs { name: "Wouters".into() };
    insta::assert_json_snapshot!("find_gp_args", find);
    round_trips(&find);
    let settings = NotificationSettingsArgs {
        settings: NotificationSettings { something_new: true, appointment_reminder: false },
    };
    insta::assert_json_snapshot!("notification_settings_args", settings);
    round_trips(&settings);
}

#[test]
fn messages_view() {
    use dossier_api::messages::{MessageDestination, MessageService, PendingMessageView};
    let messages = MessagesView {
        threads: vec![an_thread()],
        pending: vec![PendingMessageView {
            client_id: "6a8c0e2a-4c6e-4a8c-b0e2-a4c6e8a0c2c6".into(),
            destination: MessageDestination::NewThread {
                hospital_id: "cbw".into(),
                service: MessageService::PatientQuestionsOther,
                subject: "Question sur ma facture".into(),
            },
            body: "Bonjour, la facture 2026/AN001 est-elle bien payée ?".into(),
            file_names: vec![],
            written_at: MAY_20_2026,
            refused: None,
        }],
        last_synced: Some(MAY_18_2026),
        offline: true,
        hospitals: vec![HospitalView {
            id: "hzk".into(),
            name: "Heilig-Hartziekenhuis Kempen".into(),
            city: "Geel".into(),
            reports_visible_from: date("2016-08-15"),
            delays: vec![ReportDelay { report_type: ReportType::LabResult, days: 2 }],
            shares_child_reports: true,
        }],
    };
    insta::assert_json_snapshot!("messages_view", messages);
    round_trips(&messages);
}

#[test]
fn message_args() {
    use dossier_api::messages::{MessageDestination, NewAttachment, NewMessage};
    let thread = an_thread();
    let write = WriteMessageArgs {
        record_id: AN_RECORD.into(),
        message: NewMessage {
            client_id: "8c0e2a4c-6e8a-4c0e-a2c4-e6a8c0e2a4d7".into(),
            destination: MessageDestination::Thread { thread_id: thread.id.clone() },
            body: "Dank u! Ook de foto van haar vaccinatiekaart.".into(),
            // The first bytes of a JPEG, base64.
            attachments: vec![NewAttachment {
                file_name: "vaccinatiekaart.jpg".into(),
                content: "/9j/4AAQSkZJRgABAQ==".into(),
            }],
        },
    };
    insta::assert_json_snapshot!("write_message_args", write);
    round_trips(&write);
    let discard = DiscardMessageArgs {
        record_id: AN_RECORD.into(),
        client_id: "8c0e2a4c-6e8a-4c0e-a2c4-e6a8c0e2a4d7".into(),
    };
    insta::assert_json_snapshot!("discard_message_args", discard);
    round_trips(&discard);
    let message = &thread.messages[0];
    let save = SaveAttachmentArgs {
        record_id: AN_RECORD.into(),
        message_id: message.id.clone(),
        attachment_id: message.attachments[0].id.clone(),
        file_name: message.attachments[0].file_name.clone(),
        dialog_title: "Het bestand bewaren".into(),
    };
    insta::assert_json_snapshot!("save_attachment_args", save);
    round_trips(&save);
}

#[test]
fn radiology_args() {
    const CT_REPORT: &str = "smt-RAD-2026-120377";
    let preview = SeriesPreviewArgs {
        record_id: AN_RECORD.into(),
        report_id: CT_REPORT.into(),
        series_id: "3e5a7c9e-1a3c-4e5a-8c7e-9a1c3e5a7ce8".into(),
    };
    insta::assert_json_snapshot!("series_preview_args", preview);
    round_trips(&preview);
    let save = SaveStudyArgs {
        record_id: AN_RECORD.into(),
        report_id: CT_REPORT.into(),
        file_name: "beelden-2026-04-21.zip".into(),
        dialog_title: "De beelden bewaren".into(),
    };
    insta::assert_json_snapshot!("save_study_args", save);
    round_trips(&save);
    let create =
        CreateShareCodeArgs { record_id: AN_RECORD.into(), report_id: CT_REPORT.into(), days: 14 };
    insta::assert_json_snapshot!("create_share_code_args", create);
    round_trips(&create);
    let revoke = RevokeShareCodeArgs {
        record_id: AN_RECORD.into(),
        report_id: CT_REPORT.into(),
        code_id: "5a7c9e1a-3c5e-4a7c-9e1a-3c5e7a9c1ef9".into(),
    };
    insta::assert_json_snapshot!("revoke_share_code_args", revoke);
    round_trips(&revoke);
}

#[test]
fn questionnaire_args() {
    use dossier_api::questionnaires::{Answer, AnswerStage, AnswerValue, SaveAnswersRequest};
    const INTAKE: &str = "7c9e1a3c-5e7a-4c9e-b1a3-c5e7a9c1e30a";
    let open = QuestionnaireArgs { record_id: AN_RECORD.into(), questionnaire_id: INTAKE.into() };
    insta::assert_json_snapshot!("questionnaire_args", open);
    round_trips(&open);
    let save = SaveAnswersArgs {
        record_id: AN_RECORD.into(),
        questionnaire_id: INTAKE.into(),
        answers: SaveAnswersRequest {
            answers: vec![
                Answer {
                    link_id: "complaint".into(),
                    value: AnswerValue::Text("Hartkloppingen, vooral 's avonds".into()),
                },
                Answer { link_id: "pain".into(), value: AnswerValue::Scale(2) },
            ],
            stage: AnswerStage::Saving,
        },
    };
    insta::assert_json_snapshot!("save_answers_args", save);
    round_trips(&save);
}

#[test]
fn access_kind_view() {
    let every = every_variant!(AccessKindView {
        CareTeam,
        GeneralPractitioner,
        Referrer,
        BreakTheGlass,
        LinkedPerson,
        ShareCode,
        Refused,
        Change,
    });
    assert_eq!(every, AccessKindView::ALL);
    insta::assert_json_snapshot!("access_kind_view", every);
    round_trips(&every);
}

#[test]
fn access_log_args() {
    // Everything; then break-the-glass and refusals, this year.
    let args = vec![
        AccessLogArgs {
            record_id: AN_RECORD.into(),
            from: None,
            to: None,
            kinds: vec![],
            limit: 200,
        },
        AccessLogArgs {
            record_id: AN_RECORD.into(),
            from: Some(date("2026-01-01")),
            to: Some(date("2026-05-18")),
            kinds: vec![AccessKindView::BreakTheGlass, AccessKindView::Refused],
            limit: 50,
        },
    ];
    insta::assert_json_snapshot!("access_log_args", args);
    round_trips(&args);
    // The period and the kinds may be left out.
    let everything: AccessLogArgs =
        serde_json::from_value(serde_json::json!({ "record_id": AN_RECORD, "limit": 200 }))
            .unwrap();
    assert_eq!(everything, args[0]);
}

#[test]
fn access_log_view() {
    // Break-the-glass and refusals, newest first.
    let mut entries = an_access_log().split_off(2);
    entries.reverse();
    let view = AccessLogView {
        entries,
        matching: 2,
        total: 413,
        last_synced: Some(MAY_18_2026),
        offline: false,
    };
    insta::assert_json_snapshot!("access_log_view", view);
    round_trips(&view);
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
