//! Validated reports and their sync: `/api/v1/records/{id}/reports`, the partner
//! hospitals' rules (`/api/v1/hospitals`) and what is on its way (`…/pending`).

use std::{borrow::Cow, fmt, ops::Range};

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, de};

/// The most changes one page of a record's sync holds. The app asks for this many: each
/// page costs a round trip, a request and a flush to the device's disk, so fewer, fuller
/// pages cost the phone less (the sync bench prints it).
pub const MAX_SYNC_PAGE: u32 = 1000;

mod quick_check;

/// The kinds of report patients see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabValue {
    pub analyte: String,
    pub value: String,
    pub unit: Option<String>,
    /// As printed: "3.5 - 5.1", "< 5".
    pub reference_range: Option<String>,
    pub flag: LabFlag,
    /// The test's code where the source gives one (LOINC preferred): what a trend of the
    /// same test across hospitals and years groups by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<LabTestCode>,
    /// The panel this value was reported in, when it came from a (nested) panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel: Option<String>,
}

/// A coded lab test: `http://loinc.org` + `718-7` is haemoglobin, whatever a hospital calls it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabTestCode {
    pub system: String,
    pub code: String,
}

impl LabTestCode {
    pub const LOINC: &'static str = "http://loinc.org";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: String,
    /// The record (patient) it belongs to.
    pub record_id: String,
    pub hospital_id: String,
    pub hospital_name: String,
    pub report_type: ReportType,
    pub title: String,
    pub author: String,
    /// The date the examination or contact took place.
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub performed_on: NaiveDate,
    /// The date it was validated.
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub validated_on: NaiveDate,
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordAccess {
    pub record_id: String,
    pub given_name: String,
    pub family_name: String,
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date_of_birth: NaiveDate,
    pub relation: Relation,
    /// The last day the user may open it: for a child, the day before the 15th
    /// birthday; for a link with a period, its end. None: one's own record, or a link
    /// until revoked. The device closes the record after this day, also offline.
    #[serde(default, with = "crate::dates::iso_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_day: Option<NaiveDate>,
}

/// `GET /api/v1/records/{id}/reports?cursor=…&limit=…`: what changed since `cursor`.
/// The device keeps each report's text as received (dossier-core's `sync_page` cuts it out
/// of the page; [`ReportKey::check`] reads its fields) and seals it, without writing it
/// again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// What a device keeps in clear of a report it stores sealed: which report, which
/// version, whose record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportKey<'a> {
    pub id: Cow<'a, str>,
    pub record_id: Cow<'a, str>,
    pub version: u32,
}

impl ReportKey<'_> {
    /// Checks that `json` is a valid [`ReportView`] (every field present and of its type)
    /// without building one: a sync stores reports it does not show yet, and their texts
    /// need not be copied out just to be thrown away.
    pub fn check(json: &str) -> Result<ReportKey<'_>, serde_json::Error> {
        // A report as the server writes it takes the quick way; serde_json decides the rest.
        match quick_check::accepted(json) {
            Some(key) => Ok(key),
            None => Self::check_by_serde(json),
        }
    }

    /// The report that starts at byte `at` of `text` (a sync page, say), when it is in the
    /// server's own form and valid, as [`Self::check`]'s quick way reads it: where it ends
    /// in `text` and where its key's texts lie. None when not sure either way: then find
    /// where it ends another way and [`Self::check`] it. Lets a device check each report of
    /// a page while it looks for where the report ends, in one pass.
    pub fn span_at(text: &str, at: usize) -> Option<ReportSpan> {
        quick_check::span_at(text, at)
    }

    /// [`Self::check`] by serde_json alone: the reference the quick way is held to.
    fn check_by_serde(json: &str) -> Result<ReportKey<'_>, serde_json::Error> {
        let shape: ReportShape<'_> = serde_json::from_str(json)?;
        Ok(ReportKey { id: shape.id, record_id: shape.record_id, version: shape.version })
    }

    pub fn of(report: &ReportView) -> ReportKey<'_> {
        ReportKey {
            id: Cow::Borrowed(&report.id),
            record_id: Cow::Borrowed(&report.record_id),
            version: report.version,
        }
    }
}

/// A valid report found inside a longer text by [`ReportKey::span_at`]: where it ends and
/// its key, as positions in that text (the id's and record's texts without their quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSpan {
    /// Just past the report's closing brace.
    pub end: usize,
    pub id: Range<usize>,
    pub record_id: Range<usize>,
    pub version: u32,
}

/// [`ReportView`]'s fields, each checked and (but for the key) dropped. A test keeps the
/// two accepting the same JSON.
#[derive(Deserialize)]
struct ReportShape<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    record_id: Cow<'a, str>,
    #[serde(rename = "hospital_id")]
    _hospital_id: AnyText,
    #[serde(rename = "hospital_name")]
    _hospital_name: AnyText,
    #[serde(rename = "report_type")]
    _report_type: ReportType,
    #[serde(rename = "title")]
    _title: AnyText,
    #[serde(rename = "author")]
    _author: AnyText,
    #[serde(rename = "performed_on", with = "crate::dates::iso")]
    _performed_on: NaiveDate,
    #[serde(rename = "validated_on", with = "crate::dates::iso")]
    _validated_on: NaiveDate,
    version: u32,
    #[serde(rename = "body")]
    _body: AnyText,
    /// A few bytes per lab value: the texts are not kept.
    #[serde(rename = "lab_values")]
    _lab_values: Vec<LabValueShape>,
}

/// [`LabValue`]'s fields, checked.
#[derive(Deserialize)]
struct LabValueShape {
    #[serde(rename = "analyte")]
    _analyte: AnyText,
    #[serde(rename = "value")]
    _value: AnyText,
    #[serde(rename = "unit")]
    _unit: Option<AnyText>,
    #[serde(rename = "reference_range")]
    _reference_range: Option<AnyText>,
    #[serde(rename = "flag")]
    _flag: LabFlag,
    #[serde(default, rename = "code")]
    _code: Option<LabTestCodeShape>,
    #[serde(default, rename = "panel")]
    _panel: Option<AnyText>,
}

/// [`LabTestCode`]'s fields, checked.
#[derive(Deserialize)]
struct LabTestCodeShape {
    #[serde(rename = "system")]
    _system: AnyText,
    #[serde(rename = "code")]
    _code: AnyText,
}

/// Any string, not kept.
struct AnyText;

impl<'de> Deserialize<'de> for AnyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = AnyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E>(self, _: &str) -> Result<AnyText, E> {
                Ok(AnyText)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// One partner hospital's rules, for "Your hospitals".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HospitalView {
    pub id: String,
    pub name: String,
    pub city: String,
    /// Nothing performed before this date is shown.
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub reports_visible_from: NaiveDate,
    /// Days after validation before a report of this type appears (types not listed: 0).
    pub delays: Vec<ReportDelay>,
    pub shares_child_reports: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDelay {
    pub report_type: ReportType,
    pub days: u32,
}

/// A validated report that will appear later, and when: the only hidden reports a patient
/// is told about (protected reports and drafts are never mentioned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingReport {
    pub hospital_id: String,
    pub report_type: ReportType,
    /// The date it appears.
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub visible_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;

    fn lab_report() -> Value {
        serde_json::to_value(ReportView {
            id: "r\\1".into(),
            record_id: "p1".into(),
            hospital_id: "cbw".into(),
            hospital_name: "Clinique \"Bois-Wauters\"".into(),
            report_type: ReportType::LabResult,
            title: "Bloedname".into(),
            author: "Dr. Peeters".into(),
            performed_on: crate::dates::parse_iso("2026-05-03").unwrap(),
            validated_on: crate::dates::parse_iso("2026-05-04").unwrap(),
            version: 2,
            body: "Nuchter.\nGeen opmerkingen.".into(),
            lab_values: vec![LabValue {
                analyte: "Kalium".into(),
                value: "5.9".into(),
                unit: Some("mmol/L".into()),
                reference_range: Some("3.5 - 5.1".into()),
                flag: LabFlag::High,
                code: Some(LabTestCode {
                    system: LabTestCode::LOINC.into(),
                    code: "2823-3".into(),
                }),
                panel: Some("Ionogram".into()),
            }],
        })
        .unwrap()
    }

    fn same_verdict(json: &Value) {
        let text = json.to_string();
        let view = serde_json::from_str::<ReportView>(&text);
        let key = ReportKey::check(&text);
        assert_eq!(view.is_ok(), key.is_ok(), "{text}");
        if let (Ok(view), Ok(key)) = (view, key) {
            assert_eq!(ReportKey::of(&view), key);
        }
    }

    /// Every way of breaking one field, at the top and in a lab value.
    fn variants(object: &Map<String, Value>, mut each: impl FnMut(Map<String, Value>)) {
        for field in object.keys() {
            let mut without = object.clone();
            without.remove(field);
            each(without);
            for wrong in [json!(null), json!(7), json!("text"), json!([]), json!({})] {
                let mut changed = object.clone();
                changed.insert(field.clone(), wrong);
                each(changed);
            }
        }
    }

    #[test]
    fn a_report_key_is_checked_as_strictly_as_a_report_view() {
        let report = lab_report();
        same_verdict(&report);
        let top = report.as_object().unwrap();
        variants(top, |changed| same_verdict(&Value::Object(changed)));
        let lab = top["lab_values"][0].as_object().unwrap();
        variants(lab, |changed| {
            let mut report = top.clone();
            report.insert("lab_values".into(), json!([changed]));
            same_verdict(&Value::Object(report));
        });
        let code = lab["code"].as_object().unwrap();
        variants(code, |changed| {
            let mut value = lab.clone();
            value.insert("code".into(), json!(changed));
            let mut report = top.clone();
            report.insert("lab_values".into(), json!([value]));
            same_verdict(&Value::Object(report));
        });
        // Fields a newer server adds are ignored by both.
        let mut newer = top.clone();
        newer.insert("department".into(), json!("Cardiologie"));
        same_verdict(&Value::Object(newer));
        assert_eq!(ReportKey::check(&report.to_string()).unwrap().id, "r\\1");
    }
}
