//! "My lab values" on the device, against a real server with the demo data: after a sync,
//! one test's values from several hospitals in different units are one series in one
//! unit, each point with its own range and its report; the same without a connection
//! after a restart; a parent reads a child's values.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use std::collections::HashSet;

use dossier_api::{
    labs::{LabReading, LabSeries, LabTestKey, LabTopic},
    reports::{LabFlag, Relation},
};
use dossier_core::{Account, ServerUrl, Unlocked, device::DeviceVault};
use dossier_test_kit::{Card, demo_card, device_account, keychain, start_server};

const PIN: &str = "284719";

async fn register(account: &Account, card: &Card) {
    card.log_in(account).await;
    account.register_device("laptop", PIN).await.unwrap();
}

fn numbers(series: &LabSeries) -> Vec<f64> {
    series
        .points
        .iter()
        .filter_map(|p| match p.reading {
            LabReading::Number { value, .. } => Some(value),
            LabReading::Text => None,
        })
        .collect()
}

fn hospitals(series: &LabSeries) -> HashSet<&str> {
    series.points.iter().map(|p| p.hospital_name.as_str()).collect()
}

#[tokio::test]
async fn one_test_across_hospitals_and_units_is_one_series_offline_too() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &server.url(), data.path());
    register(&app, &demo_card(&summary, "an.peeters")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let own = app.records().await.into_iter().find(|r| r.relation == Relation::Own).unwrap();
    let own = own.record_id;

    let tests = app.lab_tests(&own, None).await.unwrap();
    let names: Vec<&str> = tests.iter().map(|t| t.name.as_str()).collect();
    assert!(tests.len() >= 10, "{names:?}");
    // Fasting glucose: mg/dL in Kempen and Tienen, mmol/L in Brabant wallon, one test.
    let glucose =
        tests.iter().find(|t| t.key == LabTestKey("test:glucose-fasting".into())).unwrap();
    assert_eq!(glucose.unit.as_deref(), Some("mg/dL"));
    assert_eq!(glucose.topic, Some(LabTopic::Glucose));
    assert!(glucose.trend.is_some());
    let series = app.lab_series(&own, &glucose.key, None).await.unwrap().unwrap();
    assert_eq!(series.points.len(), glucose.count as usize);
    assert!(hospitals(&series).len() >= 2, "{:?}", hospitals(&series));
    let printed_units: HashSet<&str> =
        series.points.iter().filter_map(|p| p.printed_unit.as_deref()).collect();
    assert!(
        printed_units.contains("mmol/L") && printed_units.contains("mg/dL"),
        "{printed_units:?}"
    );
    let values = numbers(&series);
    assert_eq!(values.len(), series.points.len(), "every value charted");
    assert!(values.iter().all(|v| (60.0..200.0).contains(v)), "all in mg/dL: {values:?}");
    // Each point keeps its own range, converted: hospitals' ranges differ.
    let lows: HashSet<i64> =
        series.points.iter().filter_map(|p| p.low).map(|l| l.round() as i64).collect();
    assert!(lows.len() >= 2, "{lows:?}");
    assert!(series.points.iter().any(|p| p.flag == LabFlag::High), "some out of range");
    assert!(series.points.windows(2).all(|w| w[0].date <= w[1].date), "oldest first");
    // A point opens its report.
    let point = series.points.last().unwrap();
    let report = app.report(&own, &point.report_id).await.unwrap().unwrap();
    assert!(report.lab_values.iter().any(|v| v.analyte == point.analyte));
    // HbA1c in % and mmol/mol, charted in %: it rose for years, then came down.
    let hba1c = tests.iter().find(|t| t.topic == Some(LabTopic::Hba1c)).unwrap();
    let hba1c = app.lab_series(&own, &hba1c.key, None).await.unwrap().unwrap();
    let percent = numbers(&hba1c);
    assert!(percent.iter().all(|v| (4.5..8.0).contains(v)), "{percent:?}");
    assert!(hba1c.points.iter().any(|p| p.printed_unit.as_deref() == Some("mmol/mol")));
    // The search folds like the reports': another hospital's name finds the test, in
    // capitals and without accents ("GLUCOSE A JEUN" for "Glucose à jeun").
    let other = series.points.iter().map(|p| &p.analyte).find(|a| **a != glucose.name).unwrap();
    let typed = other.to_uppercase().replace('À', "A");
    let found = app.lab_tests(&own, Some(&typed)).await.unwrap();
    assert_eq!(found.iter().map(|t| &t.key).collect::<Vec<_>>(), [&glucose.key]);
    // A period.
    let since = series.points[series.points.len() / 2].date;
    let recent = app.lab_series(&own, &glucose.key, Some(since)).await.unwrap().unwrap();
    assert!(
        recent.points.len() < series.points.len() && recent.points.iter().all(|p| p.date >= since)
    );
    assert_eq!(recent.test, series.test);

    // Offline after a restart: the same, from the device.
    server.stop().await;
    let offline = device_account(&keychain, &server.url(), data.path());
    assert_eq!(offline.unlock(PIN).await.unwrap(), Unlocked::Offline);
    assert_eq!(offline.lab_tests(&own, None).await.unwrap(), tests);
    assert_eq!(offline.lab_series(&own, &glucose.key, None).await.unwrap().unwrap(), series);
    let _ = DeviceVault::new(keychain.clone(), &ServerUrl::parse(&server.url()).unwrap()).delete();
}

#[tokio::test]
async fn a_parent_follows_a_childs_values() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &server.url(), data.path());
    register(&app, &demo_card(&summary, "els.vandenbroeck")).await;
    app.sync_reports(|_| {}).await.unwrap();
    let lotte = app.records().await.into_iter().find(|r| r.given_name == "Lotte").unwrap();
    assert_eq!(lotte.relation, Relation::Child);

    let tests = app.lab_tests(&lotte.record_id, Some("creatinine")).await.unwrap();
    assert_eq!(tests.len(), 1, "{tests:?}");
    let creatinine = app.lab_series(&lotte.record_id, &tests[0].key, None).await.unwrap().unwrap();
    assert_eq!(creatinine.test.unit.as_deref(), Some("mg/dL"));
    // Kempen's mg/dL and Brabant wallon's µmol/L (Tienen does not show children's reports).
    assert!(hospitals(&creatinine).len() == 2, "{:?}", hospitals(&creatinine));
    assert!(creatinine.points.iter().any(|p| p.printed_unit.as_deref() == Some("µmol/L")));
    let values = numbers(&creatinine);
    assert!(values.iter().all(|v| (0.1..0.7).contains(v)), "a child's, in mg/dL: {values:?}");
    // She grows: her first values are lower than her last.
    let (first, last) = (&values[..values.len() / 3], &values[values.len() * 2 / 3..]);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(mean(first) < mean(last), "{values:?}");
    // No HbA1c for a child.
    assert!(app.lab_tests(&lotte.record_id, Some("hba1c")).await.unwrap().is_empty());
    let _ = DeviceVault::new(keychain.clone(), &ServerUrl::parse(&server.url()).unwrap()).delete();
}
