//! Validated reports and their sync: `/api/v1/records/{id}/reports`, the partner
//! hospitals' rules (`/api/v1/hospitals`) and what is on its way (`…/pending`).

use serde::{Deserialize, Serialize};

/// The kinds of report patients see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportType {
    LabResult,
    Radiology,
    Consultation,
    Admission,
    Functional,
    Examination,
}

impl ReportType {
    pub const ALL: [ReportType; 6] = [
        ReportType::LabResult,
        ReportType::Radiology,
        ReportType::Consultation,
        ReportType::Admission,
        ReportType::Functional,
        ReportType::Examination,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportType::LabResult => "lab_result",
            ReportType::Radiology => "radiology",
            ReportType::Consultation => "consultation",
            ReportType::Admission => "admission",
            ReportType::Functional => "functional",
            ReportType::Examination => "examination",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// One measured value of a lab report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabValue {
    pub analyte: String,
    pub value: String,
    pub unit: Option<String>,
    /// As printed: "3.5 - 5.1", "< 5".
    pub reference_range: Option<String>,
    pub flag: LabFlag,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabFlag {
    Normal,
    Low,
    High,
    /// Outside the range without a direction (a positive where negative is expected).
    Abnormal,
}

impl LabFlag {
    /// The mark shown after an out-of-range value, on screen and on paper; empty when normal.
    pub fn mark(self) -> &'static str {
        match self {
            LabFlag::High => "↑",
            LabFlag::Low => "↓",
            LabFlag::Abnormal => "!",
            LabFlag::Normal => "",
        }
    }

    pub fn out_of_range(self) -> bool {
        self != LabFlag::Normal
    }
}

/// A report as a patient sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: String,
    /// The record (patient) it belongs to.
    pub record_id: String,
    pub hospital_id: String,
    pub hospital_name: String,
    pub report_type: ReportType,
    pub title: String,
    pub author: String,
    /// ISO date the examination or contact took place.
    pub performed_on: String,
    /// ISO date it was validated.
    pub validated_on: String,
    /// 1, then higher for each amended version.
    pub version: u32,
    pub body: String,
    /// For lab results; empty otherwise.
    pub lab_values: Vec<LabValue>,
}

impl ReportView {
    /// A later version than the first: the hospital amended the report.
    pub fn is_amended(&self) -> bool {
        self.version > 1
    }
}

/// How the user relates to a record they may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Own,
    /// Parent of a child under 15.
    Child,
    TrustedPerson,
    Representative,
}

/// A record the user may still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordAccess {
    pub record_id: String,
    pub given_name: String,
    pub family_name: String,
    /// ISO date.
    pub date_of_birth: String,
    pub relation: Relation,
}

/// `GET /api/v1/records/{id}/reports?cursor=…&limit=…`: what changed since `cursor`.
/// The device reads the reports as [`RawReport`]s: it seals each as received, without
/// writing it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSyncResponse<R = ReportView> {
    pub record_id: String,
    /// Reports to add or replace.
    pub upserts: Vec<R>,
    /// Reports the device must delete (hidden again, for example protected).
    pub removals: Vec<String>,
    /// Give this back for the next page or the next sync.
    pub cursor: String,
    /// More changes wait: ask again at once with `cursor`.
    pub more: bool,
    /// Every record the user may still open; any other record on the device is purged.
    pub records: Vec<RecordAccess>,
}

/// A [`ReportView`] as the server's JSON, unparsed.
pub type RawReport = Box<serde_json::value::RawValue>;

/// One partner hospital's rules, for "Your hospitals".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HospitalView {
    pub id: String,
    pub name: String,
    pub city: String,
    /// ISO date: nothing performed before it is shown.
    pub reports_visible_from: String,
    /// Days after validation before a report of this type appears (types not listed: 0).
    pub delays: Vec<ReportDelay>,
    pub shares_child_reports: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDelay {
    pub report_type: ReportType,
    pub days: u32,
}

/// A validated report that will appear later, and when: the only hidden reports a patient
/// is told about (protected reports and drafts are never mentioned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReport {
    pub hospital_id: String,
    pub report_type: ReportType,
    /// ISO date it appears.
    pub visible_on: String,
}
