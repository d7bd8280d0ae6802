//! A record's lab values as tests over time: the list of its tests with each one's latest
//! value and trend ([`overview`]), and one test's values as a chart series ([`series`]),
//! from the reports as the device holds them.
//!
//! A series is charted in one unit: the known test's, else the unit of its most recent
//! number. Values in another unit are converted where the test allows it; one that does
//! not convert (another dimension without a molar mass, no unit where one is needed) and
//! a text ("positive") are listed as printed, not charted. Each point keeps its own
//! reference range, converted the same way: ranges differ between hospitals and years.

use std::collections::HashMap;

use dossier_api::{
    dates::NaiveDate,
    labs::{LabLatest, LabPoint, LabReading, LabSeries, LabTestKey, LabTestSummary, LabTrend},
    reports::{LabValue, ReportView},
};

use crate::{
    identity::TestIdentity,
    reading::{Range, parse_range, parse_value},
    units::{Conversion, Unit, is_unitless, normalise},
};

/// One line of the tests list, with every name the record's hospitals give the test (for
/// a search by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOverview {
    pub summary: LabTestSummary,
    /// Distinct, the most recent first.
    pub names: Vec<String>,
}

/// The values before the latest one that its trend is measured against.
const TREND_BEFORE: usize = 3;
/// A latest value within this share of the scale (the reference range's width, else the
/// value itself) of the mean of the ones before it is steady.
const STEADY_WITHIN: f64 = 0.1;

/// Every test the reports hold, each with its latest value, count and trend, in no
/// particular order (the caller sorts by its own folding of names).
pub fn overview<'a>(reports: impl IntoIterator<Item = &'a ReportView>) -> Vec<TestOverview> {
    let mut groups: HashMap<TestIdentity<'a>, Vec<Entry<'a>>> = HashMap::new();
    for report in reports {
        for (position, value) in report.lab_values.iter().enumerate() {
            let test = TestIdentity::of(value, &report.hospital_id);
            groups.entry(test).or_default().push(Entry { report, value, position });
        }
    }
    groups
        .into_iter()
        .map(|(test, mut entries)| {
            sort(&mut entries);
            let chart = ChartUnit::of(&test, &entries);
            let mut names: Vec<String> = Vec::new();
            for entry in entries.iter().rev() {
                if !names.contains(&entry.value.analyte) {
                    names.push(entry.value.analyte.clone());
                }
            }
            TestOverview { summary: summary(&test, &chart, &entries), names }
        })
        .collect()
}

/// The values of the test `key` names, oldest first, from `since` on (all when None),
/// with the test's summary over all its values. None when the record has no such test.
pub fn series<'a>(
    reports: impl IntoIterator<Item = &'a ReportView>,
    key: &LabTestKey,
    since: Option<NaiveDate>,
) -> Option<LabSeries> {
    let test = TestIdentity::from_key(key)?;
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for report in reports {
        for (position, value) in report.lab_values.iter().enumerate() {
            if test.matches(value, &report.hospital_id) {
                entries.push(Entry { report, value, position });
            }
        }
    }
    if entries.is_empty() {
        return None;
    }
    sort(&mut entries);
    let chart = ChartUnit::of(&test, &entries);
    let points = entries
        .iter()
        .filter(|e| since.is_none_or(|since| e.report.performed_on >= since))
        .map(|e| point(&test, &chart, e))
        .collect();
    Some(LabSeries { test: summary(&test, &chart, &entries), points })
}

/// A value with the report it is in.
struct Entry<'a> {
    report: &'a ReportView,
    value: &'a LabValue,
    /// Its place in the report: two values of one test in a report keep their order.
    position: usize,
}

/// Oldest first: by the sample's day, then report, then place in the report.
fn sort(entries: &mut [Entry<'_>]) {
    entries.sort_by(|a, b| {
        (a.report.performed_on, &a.report.id, a.position).cmp(&(
            b.report.performed_on,
            &b.report.id,
            b.position,
        ))
    });
}

/// The unit a series is charted in.
enum ChartUnit<'a> {
    Known(&'static Unit),
    /// No unit: a ratio (INR), or numbers printed without one.
    None,
    /// A unit this crate does not know: only values spelled alike are charted.
    Printed {
        normalised: String,
        shown: &'a str,
    },
}

impl<'a> ChartUnit<'a> {
    fn of(test: &TestIdentity<'_>, entries: &[Entry<'a>]) -> Self {
        if let TestIdentity::Known(known) = test {
            return known.chart_unit().map_or(ChartUnit::None, ChartUnit::Known);
        }
        let Some(latest) = entries.iter().rev().find(|e| parse_value(&e.value.value).is_some())
        else {
            return ChartUnit::None;
        };
        let unit = latest.value.unit.as_deref();
        match unit {
            _ if is_unitless(unit) => ChartUnit::None,
            Some(text) => match Unit::parse(text) {
                Some(unit) => ChartUnit::Known(unit),
                None => ChartUnit::Printed { normalised: normalise(text), shown: text.trim() },
            },
            None => ChartUnit::None,
        }
    }

    fn shown(&self) -> Option<String> {
        match self {
            ChartUnit::Known(unit) => Some(unit.symbol.to_owned()),
            ChartUnit::None => None,
            ChartUnit::Printed { shown, .. } => Some((*shown).to_owned()),
        }
    }

    /// From a value's printed unit to this one; None when it does not convert.
    fn conversion(&self, test: &TestIdentity<'_>, unit: Option<&str>) -> Option<Conversion> {
        match self {
            ChartUnit::Known(to) => {
                let from = Unit::parse(unit?)?;
                match test {
                    TestIdentity::Known(known) => known.conversion(from, to),
                    _ => Conversion::within(from, to),
                }
            }
            ChartUnit::None => is_unitless(unit).then_some(Conversion::IDENTITY),
            ChartUnit::Printed { normalised, .. } => {
                unit.is_some_and(|u| normalise(u) == *normalised).then_some(Conversion::IDENTITY)
            }
        }
    }
}

/// A value as a point of its series.
fn point(test: &TestIdentity<'_>, chart: &ChartUnit<'_>, entry: &Entry<'_>) -> LabPoint {
    let value = entry.value;
    let conversion = chart.conversion(test, value.unit.as_deref());
    let reading = match (parse_value(&value.value), conversion) {
        (Some(measured), Some(conversion)) => LabReading::Number {
            value: conversion.apply(measured.value),
            qualifier: measured.qualifier,
        },
        _ => LabReading::Text,
    };
    let range = conversion.zip(value.reference_range.as_deref().and_then(parse_range)).map(
        |(conversion, range)| Range {
            low: range.low.map(|low| conversion.apply(low)),
            high: range.high.map(|high| conversion.apply(high)),
        },
    );
    LabPoint {
        date: entry.report.performed_on,
        reading,
        low: range.and_then(|r| r.low),
        high: range.and_then(|r| r.high),
        printed_value: value.value.clone(),
        printed_unit: value.unit.clone(),
        printed_range: value.reference_range.clone(),
        flag: value.flag,
        analyte: value.analyte.clone(),
        hospital_name: entry.report.hospital_name.clone(),
        report_id: entry.report.id.clone(),
    }
}

/// The test's line in the list, from its values oldest first (at least one).
fn summary(
    test: &TestIdentity<'_>,
    chart: &ChartUnit<'_>,
    entries: &[Entry<'_>],
) -> LabTestSummary {
    let latest = entries.last().expect("a test has a value");
    // The last few exact numbers, newest first: what the trend reads.
    let recent: Vec<LabPoint> = entries
        .iter()
        .rev()
        .map(|e| point(test, chart, e))
        .filter(|p| matches!(p.reading, LabReading::Number { qualifier: None, .. }))
        .take(TREND_BEFORE + 1)
        .collect();
    LabTestSummary {
        key: test.key(),
        name: latest.value.analyte.clone(),
        code: latest.value.code.clone(),
        unit: chart.shown(),
        latest: LabLatest {
            value: latest.value.value.clone(),
            unit: latest.value.unit.clone(),
            flag: latest.value.flag,
            date: latest.report.performed_on,
            hospital_name: latest.report.hospital_name.clone(),
            report_id: latest.report.id.clone(),
        },
        count: u32::try_from(entries.len()).unwrap_or(u32::MAX),
        trend: trend(&recent),
        topic: match test {
            TestIdentity::Known(known) => Some(known.topic),
            _ => None,
        },
    }
}

/// The latest exact number against the mean of the ones before it (`recent`: newest
/// first): steady within a tenth of its reference range's width (of the value itself
/// where the range is open or missing), else rising or falling. None with fewer than two.
fn trend(recent: &[LabPoint]) -> Option<LabTrend> {
    let number = |p: &LabPoint| match p.reading {
        LabReading::Number { value, .. } => value,
        LabReading::Text => f64::NAN,
    };
    let (latest, before) = recent.split_first()?;
    if before.is_empty() {
        return None;
    }
    let mean = before.iter().map(number).sum::<f64>() / before.len() as f64;
    let scale = match (latest.low, latest.high) {
        (Some(low), Some(high)) if high > low => high - low,
        _ => mean.abs(),
    };
    let change = number(latest) - mean;
    Some(if change.abs() <= STEADY_WITHIN * scale {
        LabTrend::Steady
    } else if change > 0.0 {
        LabTrend::Rising
    } else {
        LabTrend::Falling
    })
}

#[cfg(test)]
mod tests {
    use dossier_api::{
        labs::{LabQualifier, LabTopic},
        reports::{LabFlag, LabTestCode, ReportType},
    };

    use super::*;

    const LOINC: &str = LabTestCode::LOINC;

    fn date(text: &str) -> NaiveDate {
        dossier_api::dates::parse_iso(text).unwrap()
    }

    struct Lab<'a> {
        analyte: &'a str,
        value: &'a str,
        unit: Option<&'a str>,
        range: Option<&'a str>,
        code: Option<(&'a str, &'a str)>,
    }

    fn lab<'a>(
        analyte: &'a str,
        value: &'a str,
        unit: &'a str,
        range: &'a str,
        loinc: &'a str,
    ) -> Lab<'a> {
        Lab { analyte, value, unit: Some(unit), range: Some(range), code: Some((LOINC, loinc)) }
    }

    fn report(id: &str, hospital: &str, on: &str, values: &[Lab<'_>]) -> ReportView {
        ReportView {
            id: id.into(),
            record_id: "an".into(),
            hospital_id: hospital.into(),
            hospital_name: format!("Hospital {hospital}"),
            report_type: ReportType::LabResult,
            title: "Bloedonderzoek".into(),
            author: "Dr. L. Maes".into(),
            performed_on: date(on),
            validated_on: date(on),
            version: 1,
            body: String::new(),
            lab_values: values
                .iter()
                .map(|l| LabValue {
                    analyte: l.analyte.into(),
                    value: l.value.into(),
                    unit: l.unit.map(str::to_owned),
                    reference_range: l.range.map(str::to_owned),
                    flag: LabFlag::Normal,
                    code: l.code.map(|(system, code)| LabTestCode {
                        system: system.into(),
                        code: code.into(),
                    }),
                    panel: None,
                })
                .collect(),
        }
    }

    fn numbers(series: &LabSeries) -> Vec<Option<f64>> {
        series
            .points
            .iter()
            .map(|p| match p.reading {
                LabReading::Number { value, .. } => Some((value * 100.0).round() / 100.0),
                LabReading::Text => None,
            })
            .collect()
    }

    /// Glucose at three hospitals in two units and two spellings, creatinine in two, a
    /// test only one hospital codes, an uncoded one, and a text value.
    fn record() -> Vec<ReportView> {
        vec![
            report(
                "r1",
                "hzk",
                "2020-01-10",
                &[
                    lab("Glucose", "90", "mg/dL", "70 - 100", "2345-7"),
                    lab("Creatinine", "0,9", "mg/dl", "0.5 - 1.1", "2160-0"),
                    Lab {
                        analyte: "Bloedgroep",
                        value: "A pos",
                        unit: None,
                        range: None,
                        code: None,
                    },
                ],
            ),
            report(
                "r2",
                "cbw",
                "2021-06-01",
                &[
                    lab("Glycémie", "5,5", "mmol/L", "3,9 - 5,6", "14749-6"),
                    lab("Créatinine", "88.4", "µmol/L", "45 - 84", "14682-9"),
                ],
            ),
            report(
                "r3",
                "smt",
                "2022-03-15",
                &[
                    lab("Glucose", "< 20", "mg/dL", "74 - 106", "2345-7"),
                    lab("Creatinine", "1.1", "mg/dL", "0.51 - 0.95", "2160-0"),
                    Lab {
                        analyte: "Ureum",
                        value: "31",
                        unit: Some("mg/dL"),
                        range: Some("17 - 43"),
                        code: None,
                    },
                ],
            ),
            report(
                "r4",
                "hzk",
                "2023-09-30",
                &[
                    lab("Glucose", "120", "mg/dL", "70 - 100", "2345-7"),
                    lab("Creatinine", "zie commentaar", "mg/dL", "0.5 - 1.1", "2160-0"),
                    lab("Creatinine", "1.0", "U/L", "", "2160-0"),
                    Lab {
                        analyte: "Ureum",
                        value: "35",
                        unit: Some("mg/dL"),
                        range: Some("17 - 43"),
                        code: None,
                    },
                ],
            ),
        ]
    }

    #[test]
    fn a_test_in_two_units_at_three_hospitals_is_one_series_in_its_unit() {
        let reports = record();
        let glucose = series(&reports, &LabTestKey("test:glucose".into()), None).unwrap();
        assert_eq!(glucose.test.unit.as_deref(), Some("mg/dL"));
        assert_eq!(glucose.test.count, 4);
        assert_eq!(glucose.test.name, "Glucose");
        assert_eq!(glucose.test.topic, Some(LabTopic::Glucose));
        // 5.5 mmol/L is 99.09 mg/dL; "< 20" stays censored at 20.
        assert_eq!(numbers(&glucose), [Some(90.0), Some(99.09), Some(20.0), Some(120.0)]);
        assert_eq!(
            glucose.points[2].reading,
            LabReading::Number { value: 20.0, qualifier: Some(LabQualifier::Below) }
        );
        // Each point keeps its own range, converted: 3.9 - 5.6 mmol/L is 70.3 - 100.9 mg/dL.
        let cbw = &glucose.points[1];
        assert_eq!((cbw.low.map(f64::round), cbw.high.map(f64::round)), (Some(70.0), Some(101.0)));
        assert_eq!(cbw.printed_value, "5,5");
        assert_eq!(cbw.printed_unit.as_deref(), Some("mmol/L"));
        assert_eq!(cbw.hospital_name, "Hospital cbw");
        assert_eq!(cbw.analyte, "Glycémie");
        assert_eq!(cbw.report_id, "r2");
        assert_eq!(glucose.points[2].low, Some(74.0));
        // 120 against the mean of 90, 99.09 (20 is censored): above a tenth of 70 - 100.
        assert_eq!(glucose.test.trend, Some(LabTrend::Rising));
        assert_eq!(glucose.test.latest.value, "120");
        assert_eq!(glucose.test.latest.report_id, "r4");
        assert_eq!(glucose.test.latest.date, date("2023-09-30"));
    }

    #[test]
    fn values_that_do_not_convert_are_listed_not_charted() {
        let reports = record();
        let creatinine = series(&reports, &LabTestKey("test:creatinine".into()), None).unwrap();
        // 88.4 µmol/L is 1 mg/dL; a text and a value in U/L (a typo at the source) are
        // listed as printed.
        assert_eq!(numbers(&creatinine), [Some(0.9), Some(1.0), Some(1.1), None, None]);
        assert_eq!(creatinine.points[3].printed_value, "zie commentaar");
        assert_eq!(creatinine.points[4].low, None);
        assert_eq!(creatinine.test.count, 5);
        // The latest is what the last report prints, number or not.
        assert_eq!(creatinine.test.latest.unit.as_deref(), Some("U/L"));
        // 1.1 against 0.9 and 1.0: a tenth of its range (0.51 - 0.95) is 0.044.
        assert_eq!(creatinine.test.trend, Some(LabTrend::Rising));
    }

    #[test]
    fn a_period_keeps_the_summary_whole() {
        let reports = record();
        let key = LabTestKey("test:glucose".into());
        let recent = series(&reports, &key, Some(date("2022-01-01"))).unwrap();
        assert_eq!(recent.points.len(), 2);
        assert_eq!(recent.test.count, 4);
        assert!(series(&reports, &key, Some(date("2024-01-01"))).unwrap().points.is_empty());
        assert!(series(&reports, &LabTestKey("test:ldh".into()), None).is_none());
        assert!(series(&reports, &LabTestKey("made up".into()), None).is_none());
    }

    #[test]
    fn the_overview_lists_each_test_once_with_its_names() {
        let reports = record();
        let mut tests = overview(&reports);
        tests.sort_by(|a, b| a.summary.key.cmp(&b.summary.key));
        let keys: Vec<&str> = tests.iter().map(|t| t.summary.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "name:hzk\u{1f}bloedgroep\u{1f}",
                "name:hzk\u{1f}ureum\u{1f}d:mass",
                "name:smt\u{1f}ureum\u{1f}d:mass",
                "test:creatinine",
                "test:glucose",
            ]
        );
        let glucose = &tests[4];
        assert_eq!(glucose.names, ["Glucose", "Glycémie"]);
        // An uncoded test: one hospital's, charted in its own unit; the other hospital's
        // "Ureum" apart. One value: no trend.
        let urea = &tests[1].summary;
        assert_eq!((urea.count, urea.unit.as_deref(), urea.topic), (1, Some("mg/dL"), None));
        assert_eq!(urea.trend, None);
        let blood_group = &tests[0].summary;
        assert_eq!((blood_group.unit.as_deref(), blood_group.trend), (None, None));
        // Each test's key gives its series back.
        for test in &tests {
            let again = series(&reports, &test.summary.key, None).unwrap();
            assert_eq!(again.test, test.summary);
        }
    }

    #[test]
    fn an_uncoded_test_is_charted_in_its_latest_numbers_unit() {
        let reports = vec![
            report(
                "a",
                "hzk",
                "2020-01-01",
                &[Lab {
                    analyte: "Ureum",
                    value: "0.31",
                    unit: Some("g/L"),
                    range: Some("0.17 - 0.43"),
                    code: None,
                }],
            ),
            report(
                "b",
                "hzk",
                "2021-01-01",
                &[Lab {
                    analyte: "Ureum",
                    value: "35",
                    unit: Some("mg/dL"),
                    range: Some("17 - 43"),
                    code: None,
                }],
            ),
            report(
                "c",
                "hzk",
                "2022-01-01",
                &[Lab {
                    analyte: "ureum",
                    value: "36",
                    unit: Some("mg/dl"),
                    range: Some("17 - 43"),
                    code: None,
                }],
            ),
        ];
        let tests = overview(&reports);
        assert_eq!(tests.len(), 1);
        let urea = series(&reports, &tests[0].summary.key, None).unwrap();
        assert_eq!(urea.test.unit.as_deref(), Some("mg/dL"));
        assert_eq!(numbers(&urea), [Some(31.0), Some(35.0), Some(36.0)]);
        assert_eq!(urea.points[0].high.map(f64::round), Some(43.0));
        // 36 against the mean of 31 and 35 (33): 3 above, more than a tenth of 17 - 43.
        assert_eq!(urea.test.trend, Some(LabTrend::Rising));
        assert_eq!(urea.test.name, "ureum");
    }

    #[test]
    fn trends_read_the_last_values() {
        let point = |value: f64, low: Option<f64>, high: Option<f64>| LabPoint {
            date: date("2020-01-01"),
            reading: LabReading::Number { value, qualifier: None },
            low,
            high,
            printed_value: String::new(),
            printed_unit: None,
            printed_range: None,
            flag: LabFlag::Normal,
            analyte: String::new(),
            hospital_name: String::new(),
            report_id: String::new(),
        };
        let range = |v| point(v, Some(3.5), Some(5.1));
        assert_eq!(trend(&[]), None);
        assert_eq!(trend(&[range(4.0)]), None);
        // Newest first: 4.2 against 4.0, 4.1, 4.2 (mean 4.1); a tenth of 1.6 is 0.16.
        assert_eq!(
            trend(&[range(4.2), range(4.0), range(4.1), range(4.2)]),
            Some(LabTrend::Steady)
        );
        assert_eq!(
            trend(&[range(4.5), range(4.0), range(4.1), range(4.2)]),
            Some(LabTrend::Rising)
        );
        assert_eq!(
            trend(&[range(3.7), range(4.0), range(4.1), range(4.2)]),
            Some(LabTrend::Falling)
        );
        // No two-sided range: a tenth of the value.
        let open = |v| point(v, None, Some(190.0));
        assert_eq!(trend(&[open(205.0), open(200.0)]), Some(LabTrend::Steady));
        assert_eq!(trend(&[open(175.0), open(200.0)]), Some(LabTrend::Falling));
        let zero = |v| point(v, None, None);
        assert_eq!(trend(&[zero(0.0), zero(0.0)]), Some(LabTrend::Steady));
        assert_eq!(trend(&[zero(0.1), zero(0.0)]), Some(LabTrend::Rising));
    }

    #[test]
    fn two_tests_named_alike_with_different_codes_stay_apart() {
        let reports = vec![
            report(
                "a",
                "hzk",
                "2020-01-01",
                &[lab("Glucose", "95", "mg/dL", "70 - 100", "2345-7")],
            ),
            report("b", "hzk", "2020-02-01", &[lab("Glucose", "85", "mg/dL", "65 - 95", "2339-0")]),
            report(
                "c",
                "hzk",
                "2020-03-01",
                &[Lab {
                    analyte: "Glucose",
                    value: "5",
                    unit: Some("mmol/L"),
                    range: None,
                    code: Some(("urn:hzk:lab", "GLU")),
                }],
            ),
            report(
                "d",
                "hzk",
                "2020-04-01",
                &[Lab {
                    analyte: "Glucose",
                    value: "6",
                    unit: Some("mmol/L"),
                    range: None,
                    code: Some(("urn:hzk:lab", "GLU-POC")),
                }],
            ),
        ];
        let tests = overview(&reports);
        assert_eq!(tests.len(), 4, "{tests:#?}");
        assert!(tests.iter().all(|t| t.summary.count == 1 && t.summary.name == "Glucose"));
    }
}
