//! Lab values over time, as the shell hands them to the UI: the tests a record has ("My lab
//! values") and one test's values as a chart series. Made on the device from the cached
//! reports (`dossier-core`, with the grouping and units of `dossier-labs`); nothing here
//! travels to or from the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::reports::{LabFlag, LabTestCode};

/// Which test a series is, as the device grouped it: opaque to the UI, which only gives it
/// back to ask for that test's series. Stable for a record's data (the same values give
/// the same key), not meant to be kept across app versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LabTestKey(pub String);

impl LabTestKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a test measures, for the tests a plain-words explanation exists for
/// (`dossier_labs::explanation` gives it in NL, FR and EN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabTopic {
    // Blood count.
    Haemoglobin,
    Haematocrit,
    RedBloodCells,
    WhiteBloodCells,
    Platelets,
    Mcv,
    // Electrolytes and minerals.
    Sodium,
    Potassium,
    Chloride,
    Calcium,
    Magnesium,
    Phosphate,
    // Kidneys.
    Creatinine,
    Egfr,
    Urea,
    UreaNitrogen,
    // Liver.
    Alt,
    Ast,
    Ggt,
    AlkalinePhosphatase,
    Bilirubin,
    Albumin,
    // Lipids.
    TotalCholesterol,
    HdlCholesterol,
    LdlCholesterol,
    Triglycerides,
    // Sugar.
    Glucose,
    Hba1c,
    // Thyroid.
    Tsh,
    FreeT4,
    // The rest of the common ones.
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
}

impl LabTopic {
    pub const ALL: [LabTopic; 41] = [
        LabTopic::Haemoglobin,
        LabTopic::Haematocrit,
        LabTopic::RedBloodCells,
        LabTopic::WhiteBloodCells,
        LabTopic::Platelets,
        LabTopic::Mcv,
        LabTopic::Sodium,
        LabTopic::Potassium,
        LabTopic::Chloride,
        LabTopic::Calcium,
        LabTopic::Magnesium,
        LabTopic::Phosphate,
        LabTopic::Creatinine,
        LabTopic::Egfr,
        LabTopic::Urea,
        LabTopic::UreaNitrogen,
        LabTopic::Alt,
        LabTopic::Ast,
        LabTopic::Ggt,
        LabTopic::AlkalinePhosphatase,
        LabTopic::Bilirubin,
        LabTopic::Albumin,
        LabTopic::TotalCholesterol,
        LabTopic::HdlCholesterol,
        LabTopic::LdlCholesterol,
        LabTopic::Triglycerides,
        LabTopic::Glucose,
        LabTopic::Hba1c,
        LabTopic::Tsh,
        LabTopic::FreeT4,
        LabTopic::Crp,
        LabTopic::VitaminD,
        LabTopic::Ferritin,
        LabTopic::Iron,
        LabTopic::VitaminB12,
        LabTopic::Folate,
        LabTopic::UricAcid,
        LabTopic::Inr,
        LabTopic::Psa,
        LabTopic::CreatineKinase,
        LabTopic::Ldh,
    ];
}

/// Which way a test's latest value went against the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabTrend {
    Rising,
    Falling,
    Steady,
}

/// A censored value: "< 5" is 5 with `Below`, the lab did not measure below 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabQualifier {
    /// `<`
    Below,
    /// `≤`, `<=`
    AtMost,
    /// `>`
    Above,
    /// `≥`, `>=`
    AtLeast,
}

impl LabQualifier {
    /// As printed before the number.
    pub fn symbol(self) -> &'static str {
        match self {
            LabQualifier::Below => "<",
            LabQualifier::AtMost => "≤",
            LabQualifier::Above => ">",
            LabQualifier::AtLeast => "≥",
        }
    }
}

/// A value as the chart reads it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LabReading {
    /// A number in the series' unit, charted.
    Number { value: f64, qualifier: Option<LabQualifier> },
    /// Listed with its printed value, not charted: a text ("positive"), or a number whose
    /// unit does not convert to the series' unit (or has no unit where one is needed).
    Text,
}

/// The most recent value of a test, as printed in its report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabLatest {
    pub value: String,
    pub unit: Option<String>,
    pub flag: LabFlag,
    /// The day the sample was taken (the report's performed date).
    #[serde(with = "crate::dates::iso")]
    pub date: NaiveDate,
    pub hospital_name: String,
    pub report_id: String,
}

/// One line of "My lab values".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabTestSummary {
    pub key: LabTestKey,
    /// The name the most recent report gives it ("Glucose (nuchter)").
    pub name: String,
    /// The most recent value's code, if it had one.
    pub code: Option<LabTestCode>,
    /// The unit the series is charted in (the known test's unit, else the most recent
    /// number's); None for a test without unit (INR) or without any number.
    pub unit: Option<String>,
    pub latest: LabLatest,
    /// How many values the record has of this test.
    pub count: u32,
    /// The latest number against the few before it; None with fewer than two numbers.
    pub trend: Option<LabTrend>,
    /// A plain-words explanation exists (`dossier_labs::explanation`).
    pub topic: Option<LabTopic>,
}

/// One value of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabPoint {
    /// The day the sample was taken (the report's performed date).
    #[serde(with = "crate::dates::iso")]
    pub date: NaiveDate,
    pub reading: LabReading,
    /// This value's own reference range in the series' unit, where it was printed as
    /// numbers ("3.5 - 5.1", "< 5"); ranges differ between hospitals and over time.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// As the report prints it.
    pub printed_value: String,
    pub printed_unit: Option<String>,
    pub printed_range: Option<String>,
    pub flag: LabFlag,
    /// The name this hospital gives the test.
    pub analyte: String,
    pub hospital_name: String,
    /// The report to open from this point.
    pub report_id: String,
}

/// A test's values over time, oldest first, for its chart and table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabSeries {
    /// Over all the record's values of the test, whatever the period asked.
    pub test: LabTestSummary,
    /// In the period asked (from `since` on), oldest first.
    pub points: Vec<LabPoint>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format() {
        let date = NaiveDate::from_ymd_opt(2025, 3, 4).unwrap();
        let series = LabSeries {
            test: LabTestSummary {
                key: LabTestKey("test:glucose-fasting".into()),
                name: "Glycémie à jeun".into(),
                code: Some(LabTestCode {
                    system: LabTestCode::LOINC.into(),
                    code: "14771-0".into(),
                }),
                unit: Some("mg/dL".into()),
                latest: LabLatest {
                    value: "6,1".into(),
                    unit: Some("mmol/L".into()),
                    flag: LabFlag::High,
                    date,
                    hospital_name: "Clinique du Brabant wallon".into(),
                    report_id: "r2".into(),
                },
                count: 2,
                trend: Some(LabTrend::Rising),
                topic: Some(LabTopic::Glucose),
            },
            points: vec![
                LabPoint {
                    date,
                    reading: LabReading::Number { value: 109.9, qualifier: None },
                    low: Some(70.3),
                    high: Some(100.9),
                    printed_value: "6,1".into(),
                    printed_unit: Some("mmol/L".into()),
                    printed_range: Some("3.9 - 5.6".into()),
                    flag: LabFlag::High,
                    analyte: "Glycémie à jeun".into(),
                    hospital_name: "Clinique du Brabant wallon".into(),
                    report_id: "r2".into(),
                },
                LabPoint {
                    date,
                    reading: LabReading::Text,
                    low: None,
                    high: None,
                    printed_value: "zie commentaar".into(),
                    printed_unit: None,
                    printed_range: None,
                    flag: LabFlag::Normal,
                    analyte: "Glucose (nuchter)".into(),
                    hospital_name: "Heilig-Hartziekenhuis Kempen".into(),
                    report_id: "r3".into(),
                },
            ],
        };
        insta::assert_json_snapshot!(series);
        let json = serde_json::to_string(&series).unwrap();
        assert_eq!(serde_json::from_str::<LabSeries>(&json).unwrap(), series);
    }

    #[test]
    fn every_topic_is_listed_once() {
        let mut topics = LabTopic::ALL.to_vec();
        topics.sort();
        topics.dedup();
        assert_eq!(topics.len(), LabTopic::ALL.len());
    }
}
