//! Figures for "My lab values" on the device (a bench binary, `harness = false`; not a
//! timed test). Run: `cargo bench -p dossier-core --bench labs`.
//!
//! A record of 10,000 cached reports (the reports bench's), its 3,000 lab reports each
//! with a panel of 13 coded values from three hospitals (glucose and cholesterol in mg/dL
//! at two, mmol/L at the third; an uncoded test at one), and HbA1c in 200 of them, % or
//! mmol/mol. Opened once; then the tests list, the list searched by name, and the HbA1c
//! chart (200 points, converted), each from the open record in memory, each beside the
//! plain pass any way of doing it pays (every value's code looked at: counted by code for
//! the list, the chart's codes' numbers parsed for the chart). Target (issue 20): the list
//! and a chart of 200 points under 30 ms each.

#![allow(clippy::print_stdout)] // A bench binary prints its figures.

use std::time::{Duration, Instant};

use dossier_api::reports::{
    LabFlag, LabTestCode, LabValue, ReportSyncResponse, ReportType, ReportView,
};
use dossier_core::cache::{ReportCache, SqliteStore};
use dossier_test_kit::{
    figures::{line, measure},
    reports::synthetic_report,
};
use zeroize::Zeroizing;

const REPORTS: usize = 10_000;
const HBA1C_POINTS: usize = 200;
const TARGET: Duration = Duration::from_millis(30);

/// One coded value as hospital `n % 3` prints it.
fn value(analyte: &str, value: f64, unit: &str, range: &str, loinc: Option<&str>) -> LabValue {
    LabValue {
        analyte: analyte.into(),
        value: format!("{value:.2}"),
        unit: Some(unit.into()),
        reference_range: Some(range.into()),
        flag: LabFlag::Normal,
        code: loinc
            .map(|code| LabTestCode { system: LabTestCode::LOINC.into(), code: code.into() }),
        panel: None,
    }
}

/// Lab report number `lab` (of the record's lab reports), at hospital `hospital`.
fn panel(lab: usize, hospital: usize) -> Vec<LabValue> {
    let wobble = (lab % 17) as f64 / 17.0;
    let si = hospital == 2;
    let mut values = vec![
        if si {
            value("Glycémie", 5.0 + wobble, "mmol/L", "3,9 - 5,6", Some("14749-6"))
        } else {
            value("Glucose", 90.0 + 20.0 * wobble, "mg/dL", "70 - 100", Some("2345-7"))
        },
        if si {
            value("Créatinine", 70.0 + 15.0 * wobble, "µmol/L", "45 - 84", Some("14682-9"))
        } else {
            value("Creatinine", 0.8 + 0.2 * wobble, "mg/dL", "0.51 - 0.95", Some("2160-0"))
        },
        if si {
            value("Cholestérol total", 4.5 + wobble, "mmol/L", "< 5,0", Some("14647-2"))
        } else {
            value("Totaal cholesterol", 180.0 + 40.0 * wobble, "mg/dL", "< 190", Some("2093-3"))
        },
        value("HDL-cholesterol", 55.0 + 10.0 * wobble, "mg/dL", "> 40", Some("2085-9")),
        value("LDL-cholesterol", 110.0 + 20.0 * wobble, "mg/dL", "< 115", Some("13457-7")),
        value("Triglyceriden", 120.0 + 40.0 * wobble, "mg/dL", "< 150", Some("2571-8")),
        value("Hemoglobine", 13.0 + wobble, "g/dL", "12.0 - 15.5", Some("718-7")),
        value("Leukocyten", 6.0 + wobble, "10^9/L", "4.0 - 10.0", Some("6690-2")),
        value("Trombocyten", 250.0 + 50.0 * wobble, "10^9/L", "150 - 400", Some("777-3")),
        value("Natrium", 140.0 + 3.0 * wobble, "mmol/L", "136 - 145", Some("2951-2")),
        value("Kalium", 4.2 + 0.4 * wobble, "mmol/L", "3.5 - 5.1", Some("2823-3")),
        value("CRP", 2.0 + 4.0 * wobble, "mg/L", "< 5", Some("1988-5")),
    ];
    if hospital == 0 {
        values.push(value("Ureum", 30.0 + 10.0 * wobble, "mg/dL", "17 - 43", None));
    }
    values
}

fn hba1c(lab: usize, hospital: usize) -> LabValue {
    let percent = 5.5 + (lab % 23) as f64 / 23.0;
    if hospital == 2 {
        value("HbA1c", 10.929 * (percent - 2.15), "mmol/mol", "20 - 42", Some("59261-8"))
    } else {
        value("HbA1c", percent, "%", "4.0 - 6.0", Some("4548-4"))
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = ReportCache::new(
        Box::new(SqliteStore::open(&dir.path().join("cache.sqlite3")).unwrap()),
        Zeroizing::new([7_u8; 32]),
    );
    let mut labs = 0;
    let mut values = 0;
    let reports: Vec<ReportView> = (0..REPORTS)
        .map(|n| {
            let mut report = synthetic_report("a", n);
            if report.report_type == ReportType::LabResult {
                let hospital = n % 3;
                report.lab_values = panel(labs, hospital);
                // Every 15th lab report up to 200 of them.
                if labs % 15 == 0 && labs / 15 < HBA1C_POINTS {
                    report.lab_values.push(hba1c(labs, hospital));
                }
                labs += 1;
                values += report.lab_values.len();
            }
            report
        })
        .collect();
    for (i, chunk) in reports.chunks(200).enumerate() {
        let page = ReportSyncResponse {
            record_id: "a".into(),
            upserts: chunk.to_vec(),
            removals: Vec::new(),
            cursor: format!("{i}"),
            more: (i + 1) * 200 < reports.len(),
            records: Vec::new(),
        };
        cache.apply_sync(&page, 1).unwrap();
    }
    drop(reports);
    let started = Instant::now();
    cache.open_record("a").unwrap();
    let opened = started.elapsed();
    println!("{REPORTS} reports, {labs} with lab values, {values} values");
    line("open the record (once, as the reports list does)", opened, None);

    let all: Vec<ReportView> = cache.reports("a").cloned().collect();
    // The plain passes: group every value by its code (or name) and count; the chart's
    // codes' numbers parsed.
    let (plain_list, _) = measure(21, || {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for value in all.iter().flat_map(|r| &r.lab_values) {
            let key = value.code.as_ref().map_or(value.analyte.as_str(), |c| c.code.as_str());
            *counts.entry(key).or_default() += 1;
        }
        std::hint::black_box(counts);
    });
    let (plain_chart, _) = measure(21, || {
        let numbers: Vec<f64> = all
            .iter()
            .flat_map(|r| &r.lab_values)
            .filter(|v| v.code.as_ref().is_some_and(|c| c.code == "4548-4" || c.code == "59261-8"))
            .filter_map(|v| v.value.parse().ok())
            .collect();
        std::hint::black_box(numbers);
    });
    drop(all);
    let tests = cache.lab_tests("a", None).unwrap();
    let key = tests.iter().find(|t| t.name == "HbA1c").unwrap().key.clone();
    println!("{} tests", tests.len());
    let (list, _) = measure(21, || {
        std::hint::black_box(cache.lab_tests("a", None).unwrap());
    });
    line("the tests list", list, Some(plain_list));
    let (searched, _) = measure(21, || {
        std::hint::black_box(cache.lab_tests("a", Some("cholesterol")).unwrap());
    });
    line("the tests list searched (\"cholesterol\")", searched, Some(plain_list));
    let points = cache.lab_series("a", &key, None).unwrap().unwrap().points.len();
    assert_eq!(points, HBA1C_POINTS);
    let (chart, _) = measure(21, || {
        std::hint::black_box(cache.lab_series("a", &key, None).unwrap());
    });
    line(&format!("a chart of {points} points (HbA1c, % and mmol/mol)"), chart, Some(plain_chart));
    for (what, took) in [("list", list), ("search", searched), ("chart", chart)] {
        println!("{what}: {} the 30 ms target", if took < TARGET { "within" } else { "OVER" });
    }
}
