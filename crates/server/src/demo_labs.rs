//! The demo's lab values over the years: a few tests follow each patient's own course
//! (An's HbA1c and fasting glucose rise for years and come down once treated, her
//! cholesterol falls on a statin, her haemoglobin dips for a while and recovers; a child's
//! creatinine grows with her), and each hospital prints them its own way: the Kempen and
//! Tienen labs in mg/dL and %, each with its own reference ranges, the Brabant wallon lab
//! in SI units (mmol/L, µmol/L, g/L, mmol/mol) with decimal commas. Every value carries its
//! LOINC code, so the app can put one test's values from every hospital on one chart.
//!
//! The panels' other values stay as `demo_reports` draws them; these are rewritten after
//! it with a die of their own, so the reports themselves (how many, which, when) do not
//! change.

use chrono::{Datelike, NaiveDate};
use dossier_api::reports::{LabFlag, LabTestCode, LabValue};

use crate::demo_reports::Dice;

/// The tests that follow a course, in the unit their course is written in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Followed {
    /// Fasting glucose, mg/dL.
    Glucose,
    /// Creatinine, mg/dL.
    Creatinine,
    /// Total cholesterol, mg/dL.
    Cholesterol,
    /// LDL cholesterol (calculated), mg/dL.
    Ldl,
    /// Haemoglobin, g/dL.
    Haemoglobin,
    /// HbA1c, % (NGSP).
    Hba1c,
}

impl Followed {
    /// The panels' codes for the tests rewritten here (HbA1c is added beside glucose).
    fn of(code: &str) -> Option<Self> {
        Some(match code {
            "1558-6" => Followed::Glucose,
            "2160-0" => Followed::Creatinine,
            "2093-3" => Followed::Cholesterol,
            "13457-7" => Followed::Ldl,
            "718-7" => Followed::Haemoglobin,
            _ => return None,
        })
    }
}

/// How one hospital prints a test: code, unit, decimals, reference range (in that unit),
/// and how its unit follows from the course's.
struct Printed {
    loinc: &'static str,
    unit: &'static str,
    decimals: usize,
    low: Option<f64>,
    high: Option<f64>,
    convert: fn(f64) -> f64,
}

fn same(value: f64) -> f64 {
    value
}

/// The factors of dossier-labs' catalogue (SI conversion tables): glucose 180.16 g/mol,
/// creatinine 113.12, cholesterol 386.65; haemoglobin g/dL × 10 = g/L; HbA1c by the
/// IFCC-NGSP master equation.
fn glucose_mmol(mg_dl: f64) -> f64 {
    mg_dl / 18.016
}
fn creatinine_umol(mg_dl: f64) -> f64 {
    mg_dl * 10_000.0 / 113.12
}
fn cholesterol_mmol(mg_dl: f64) -> f64 {
    mg_dl / 38.665
}
fn haemoglobin_g_l(g_dl: f64) -> f64 {
    g_dl * 10.0
}
fn hba1c_ifcc(percent: f64) -> f64 {
    10.929 * (percent - 2.15)
}

const fn printed(
    loinc: &'static str,
    unit: &'static str,
    decimals: usize,
    low: Option<f64>,
    high: Option<f64>,
    convert: fn(f64) -> f64,
) -> Printed {
    Printed { loinc, unit, decimals, low, high, convert }
}

/// How `hospital` prints `test` for an adult or a child.
fn printed_by(test: Followed, hospital: &str, child: bool) -> Printed {
    use Followed::*;
    match (test, hospital, child) {
        (Glucose, "cbw", _) => printed("14771-0", "mmol/L", 1, Some(3.9), Some(5.6), glucose_mmol),
        // Tienen's system writes its units in lowercase.
        (Glucose, "smt", _) => printed("1558-6", "mg/dl", 0, Some(74.0), Some(106.0), same),
        (Glucose, _, _) => printed("1558-6", "mg/dL", 0, Some(70.0), Some(100.0), same),
        (Creatinine, "cbw", false) => {
            printed("14682-9", "µmol/L", 0, Some(45.0), Some(84.0), creatinine_umol)
        }
        (Creatinine, "cbw", true) => {
            printed("14682-9", "µmol/L", 0, Some(23.0), Some(54.0), creatinine_umol)
        }
        (Creatinine, "smt", false) => printed("2160-0", "mg/dl", 2, Some(0.5), Some(0.9), same),
        (Creatinine, _, false) => printed("2160-0", "mg/dL", 2, Some(0.51), Some(0.95), same),
        (Creatinine, _, true) => printed("2160-0", "mg/dL", 2, Some(0.26), Some(0.61), same),
        (Cholesterol, "cbw", _) => {
            printed("14647-2", "mmol/L", 2, None, Some(5.0), cholesterol_mmol)
        }
        (Cholesterol, "smt", _) => printed("2093-3", "mg/dl", 0, None, Some(200.0), same),
        (Cholesterol, _, _) => printed("2093-3", "mg/dL", 0, None, Some(190.0), same),
        (Ldl, "cbw", _) => printed("39469-2", "mmol/L", 2, None, Some(3.0), cholesterol_mmol),
        (Ldl, "smt", _) => printed("13457-7", "mg/dl", 0, None, Some(130.0), same),
        (Ldl, _, _) => printed("13457-7", "mg/dL", 0, None, Some(115.0), same),
        (Haemoglobin, "cbw", false) => {
            printed("718-7", "g/L", 0, Some(120.0), Some(155.0), haemoglobin_g_l)
        }
        (Haemoglobin, "cbw", true) => {
            printed("718-7", "g/L", 0, Some(115.0), Some(155.0), haemoglobin_g_l)
        }
        (Haemoglobin, "smt", false) => printed("718-7", "g/dl", 1, Some(11.7), Some(15.5), same),
        (Haemoglobin, _, false) => printed("718-7", "g/dL", 1, Some(12.0), Some(15.5), same),
        (Haemoglobin, _, true) => printed("718-7", "g/dL", 1, Some(11.5), Some(15.5), same),
        (Hba1c, "cbw", _) => printed("59261-8", "mmol/mol", 0, Some(20.0), Some(42.0), hba1c_ifcc),
        (Hba1c, "smt", _) => printed("4548-4", "%", 1, Some(4.8), Some(5.9), same),
        (Hba1c, _, _) => printed("4548-4", "%", 1, Some(4.0), Some(6.0), same),
    }
}

/// A course through the years: straight lines between (year, value) points, flat before
/// the first and after the last.
fn along(points: &[(f64, f64)], year: f64) -> f64 {
    let Some(&(first_year, first)) = points.first() else { return 0.0 };
    if year <= first_year {
        return first;
    }
    for pair in points.windows(2) {
        let ((y0, v0), (y1, v1)) = (pair[0], pair[1]);
        if year <= y1 {
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0);
        }
    }
    points.last().map_or(first, |&(_, last)| last)
}

/// Where `key`'s course of `test` stands at `year` (fractional) and `age` (years), in the
/// course's unit.
fn course(key: &str, test: Followed, year: f64, age: f64) -> f64 {
    use Followed::*;
    let hba1c = |year| match key {
        // Prediabetes that becomes diabetes, treated from mid-2022.
        "an" => along(
            &[(2014.0, 5.4), (2018.0, 5.9), (2022.4, 6.9), (2023.5, 6.3), (2025.0, 6.1)],
            year,
        ),
        _ => 5.2 + 0.4 * person(key),
    };
    // Fasting glucose a little under the mean glucose HbA1c stands for (ADAG: mg/dL =
    // 28.7 × HbA1c − 46.7).
    let glucose = |year| 0.85 * (28.7 * hba1c(year) - 46.7);
    let cholesterol = |year| match key {
        // High, then a statin from the autumn of 2019.
        "an" => along(&[(2014.0, 232.0), (2019.7, 248.0), (2020.6, 184.0), (2026.0, 176.0)], year),
        _ if age < 18.0 => 150.0 + 20.0 * person(key),
        _ => 180.0 + 45.0 * person(key),
    };
    match test {
        Hba1c => hba1c(year),
        Glucose if age < 18.0 => 82.0 + 8.0 * person(key),
        Glucose => glucose(year),
        // A child's creatinine grows with her muscles.
        Creatinine if age < 18.0 => 0.2 + 0.028 * age,
        Creatinine => match key {
            "an" => 0.74 + 0.01 * (year - 2014.0),
            _ => 0.75 + 0.25 * person(key),
        },
        Cholesterol => cholesterol(year),
        // Total less HDL and a fifth of the triglycerides, roughly.
        Ldl => cholesterol(year) - 82.0,
        Haemoglobin if age < 18.0 => (11.8 + 0.1 * age).min(13.4),
        Haemoglobin => match key {
            // Iron deficiency for a while in 2020, then recovered.
            "an" => along(&[(2019.8, 13.5), (2020.6, 11.2), (2021.4, 13.1), (2022.0, 13.6)], year),
            _ => 13.2 + 1.6 * person(key),
        },
    }
}

/// A number in [0, 1) of the patient's own, for a course of their own.
fn person(key: &str) -> f64 {
    Dice::new(key).between(0.0, 1.0)
}

/// How much a measured value strays from the course: a lab's imprecision and a day's
/// variation.
fn spread(test: Followed) -> f64 {
    match test {
        Followed::Hba1c => 0.015,
        Followed::Haemoglobin => 0.02,
        Followed::Glucose | Followed::Creatinine => 0.035,
        Followed::Cholesterol | Followed::Ldl => 0.03,
    }
}

/// Rewrites the followed tests among `values` (report `n` of patient `key`, born `born`,
/// at `hospital` on `performed`) along the patient's course, as that hospital prints them,
/// and adds an adult's HbA1c where fasting glucose was measured. `french`: the hospital
/// prints decimal commas.
pub fn follow(
    values: &mut Vec<LabValue>,
    key: &str,
    n: usize,
    hospital: &str,
    performed: NaiveDate,
    born: NaiveDate,
    french: bool,
) {
    let mut dice = Dice::new(&format!("{key}-labs-{n}"));
    let year = f64::from(performed.year()) + f64::from(performed.ordinal0()) / 365.25;
    let age = (performed - born).num_days() as f64 / 365.25;
    let child = age < 18.0;
    let mut at = 0;
    while at < values.len() {
        let Some(test) = values[at].code.as_ref().and_then(|c| Followed::of(&c.code)) else {
            at += 1;
            continue;
        };
        let measured =
            course(key, test, year, age) * (1.0 + dice.between(-1.0, 1.0) * spread(test));
        rewrite(&mut values[at], test, measured, hospital, child, french);
        if test == Followed::Glucose && !child {
            let measured = course(key, Followed::Hba1c, year, age)
                * (1.0 + dice.between(-1.0, 1.0) * spread(Followed::Hba1c));
            let mut hba1c = LabValue {
                analyte: if french { "HbA1c (hémoglobine glyquée)" } else { "HbA1c" }.into(),
                value: String::new(),
                unit: None,
                reference_range: None,
                flag: LabFlag::Normal,
                code: None,
                panel: values[at].panel.clone(),
            };
            rewrite(&mut hba1c, Followed::Hba1c, measured, hospital, child, french);
            values.insert(at + 1, hba1c);
            at += 1;
        }
        at += 1;
    }
}

/// Puts `measured` (in the course's unit) into `value` as `hospital` prints it.
fn rewrite(
    value: &mut LabValue,
    test: Followed,
    measured: f64,
    hospital: &str,
    child: bool,
    french: bool,
) {
    let printed = printed_by(test, hospital, child);
    let shown = (printed.convert)(measured);
    let decimals = printed.decimals;
    // Rounded as printed: the flag goes with the number the patient reads.
    let factor = 10_f64.powi(i32::try_from(decimals).unwrap_or(0));
    let shown = (shown * factor).round() / factor;
    let number = |x: f64| {
        let text = format!("{x:.decimals$}");
        if french { text.replace('.', ",") } else { text }
    };
    value.value = number(shown);
    value.unit = Some(printed.unit.to_owned());
    value.reference_range = Some(match (printed.low, printed.high) {
        (Some(low), Some(high)) => format!("{} - {}", number(low), number(high)),
        (None, Some(high)) => format!("< {}", number(high)),
        (Some(low), None) => format!("> {}", number(low)),
        (None, None) => String::new(),
    });
    value.flag = match (printed.low, printed.high) {
        (Some(low), _) if shown < low => LabFlag::Low,
        (_, Some(high)) if shown > high => LabFlag::High,
        _ => LabFlag::Normal,
    };
    value.code =
        Some(LabTestCode { system: LabTestCode::LOINC.into(), code: printed.loinc.into() });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn value(analyte: &str, loinc: &str) -> LabValue {
        LabValue {
            analyte: analyte.into(),
            value: "1".into(),
            unit: Some("mg/dL".into()),
            reference_range: Some("1 - 2".into()),
            flag: LabFlag::Normal,
            code: Some(LabTestCode { system: LabTestCode::LOINC.into(), code: loinc.into() }),
            panel: None,
        }
    }

    fn panel() -> Vec<LabValue> {
        vec![
            value("Natrium", "2951-2"),
            value("Glucose (nuchter)", "1558-6"),
            value("Creatinine", "2160-0"),
        ]
    }

    #[test]
    fn each_hospital_prints_the_course_its_own_way() {
        let born = date(1979, 4, 12);
        let mut hzk = panel();
        follow(&mut hzk, "an", 1, "hzk", date(2022, 6, 1), born, false);
        let mut cbw = panel();
        follow(&mut cbw, "an", 1, "cbw", date(2022, 6, 1), born, true);
        // Sodium untouched; HbA1c added after glucose.
        assert_eq!(hzk[0].value, "1");
        let names: Vec<&str> = hzk.iter().map(|v| v.analyte.as_str()).collect();
        assert_eq!(names, ["Natrium", "Glucose (nuchter)", "HbA1c", "Creatinine"]);
        assert_eq!(
            (hzk[1].unit.as_deref(), hzk[1].reference_range.as_deref()),
            (Some("mg/dL"), Some("70 - 100"))
        );
        assert_eq!(cbw[1].code.as_ref().unwrap().code, "14771-0");
        assert_eq!(cbw[1].reference_range.as_deref(), Some("3,9 - 5,6"));
        assert!(cbw[1].value.contains(','), "{}", cbw[1].value);
        assert_eq!(cbw[2].unit.as_deref(), Some("mmol/mol"));
        assert_eq!(cbw[3].unit.as_deref(), Some("µmol/L"));
        // In mid-2022 An's HbA1c is near its top (6.9 %) and out of range at both.
        assert_eq!(hzk[2].flag, LabFlag::High);
        assert_eq!(cbw[2].flag, LabFlag::High);
        let percent: f64 = hzk[2].value.parse().unwrap();
        assert!((6.5..7.3).contains(&percent), "{percent}");
        let ifcc: f64 = cbw[2].value.parse().unwrap();
        assert!((47.0..56.0).contains(&ifcc), "{ifcc}");
    }

    #[test]
    fn a_childs_values_have_a_childs_ranges_and_no_hba1c() {
        let born = date(2018, 3, 1);
        let mut values = panel();
        follow(&mut values, "lotte", 3, "hzk", date(2024, 3, 1), born, false);
        assert_eq!(values.len(), 3);
        assert_eq!(values[2].reference_range.as_deref(), Some("0.26 - 0.61"));
        let creatinine: f64 = values[2].value.parse().unwrap();
        assert!((0.3..0.45).contains(&creatinine), "{creatinine}");
    }

    #[test]
    fn courses_run_through_their_points() {
        let points = [(2014.0, 5.0), (2016.0, 7.0)];
        assert_eq!(along(&points, 2010.0), 5.0);
        assert_eq!(along(&points, 2015.0), 6.0);
        assert_eq!(along(&points, 2030.0), 7.0);
    }
}
