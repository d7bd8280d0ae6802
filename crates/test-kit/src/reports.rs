//! Reports made up for benches: realistic sizes (a title, a text of 60 to 200 words, a lab
//! panel for lab results), spread over hospitals, types and twelve years.

use dossier_api::reports::{LabFlag, LabValue, ReportType, ReportView};

const TITLES: &[(&str, ReportType)] = &[
    ("Lipidenprofiel", ReportType::LabResult),
    ("Uitgebreid bloedonderzoek", ReportType::LabResult),
    ("Bilan sanguin", ReportType::LabResult),
    ("RX thorax", ReportType::Radiology),
    ("Echografie abdomen", ReportType::Radiology),
    ("Raadpleging cardiologie", ReportType::Consultation),
    ("Consultation de suivi", ReportType::Consultation),
    ("Ontslagbrief", ReportType::Admission),
    ("Longfunctieonderzoek", ReportType::Functional),
    ("Gastroscopie", ReportType::Examination),
];

const WORDS: &[&str] = &[
    "patiënt",
    "klachten",
    "sinds",
    "onderzoek",
    "normaal",
    "geen",
    "afwijkingen",
    "controle",
    "over",
    "maanden",
    "bloeddruk",
    "hartritme",
    "regelmatig",
    "medicatie",
    "ongewijzigd",
    "verder",
    "opvolging",
    "huisarts",
    "beeldvorming",
    "toont",
    "letsel",
    "links",
    "rechts",
];

/// A calendar date from numbers the bench makes (each one exists).
pub fn date(year: usize, month: usize, day: usize) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32).unwrap()
}

/// Report number `n` of `record`: the same `n` gives the same report.
pub fn synthetic_report(record: &str, n: usize) -> ReportView {
    let (title, report_type) = TITLES[n % TITLES.len()];
    let words = 60 + (n * 7919) % 140;
    let body: Vec<&str> = (0..words).map(|i| WORDS[(n * 31 + i * 17) % WORDS.len()]).collect();
    let year = 2014 + n % 12;
    let day = 1 + n % 28;
    let month = 1 + (n / 28) % 12;
    let lab_values = if report_type == ReportType::LabResult {
        ["Hemoglobine", "Leukocyten", "CRP", "Creatinine", "LDL-cholesterol", "Glucose"]
            .iter()
            .enumerate()
            .map(|(i, analyte)| LabValue {
                analyte: (*analyte).into(),
                value: format!("{}", 4 + (n + i) % 9),
                unit: Some("mg/dL".into()),
                reference_range: Some("3 - 10".into()),
                flag: if (n + i) % 9 > 6 { LabFlag::High } else { LabFlag::Normal },
                code: None,
                panel: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    ReportView {
        id: format!("{record}-{n:05}"),
        record_id: record.into(),
        hospital_id: ["hzk", "smt", "cbw"][n % 3].into(),
        hospital_name: ["Heilig-Hartziekenhuis Kempen", "Sint-Trudo", "Clinique du Brabant wallon"]
            [n % 3]
            .into(),
        report_type,
        title: title.into(),
        author: "Dr. L. Maes".into(),
        performed_on: date(year, month, day),
        validated_on: date(year, month, day),
        version: 1,
        body: body.join(" "),
        lab_values,
    }
}
