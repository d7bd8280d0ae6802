//! "My lab values" in the real app: the demo patient An opens her lab values (made on the
//! device from her reports), sees fasting glucose and HbA1c with their latest values,
//! searches by another hospital's name for a test; opens the glucose chart, where the
//! values printed in mmol/L by one hospital stand converted beside the mg/dL of others;
//! moves through the points with the keyboard, opens a point's report with Enter (its lab
//! table holds that value) and comes back to the same point; the time range changes how
//! many points are drawn. A parent, Els, switches to her daughter Lotte and sees her
//! creatinine from two hospitals in one unit. Screenshots NL/FR/EN, phone and desktop.

use std::{
    collections::BTreeSet,
    time::{Duration, Instant},
};

use dossier_e2e::E2e;
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

/// An attribute of the element that has the keyboard focus.
async fn focused(e2e: &E2e, name: &str) -> anyhow::Result<String> {
    let value = e2e
        .client
        .execute(
            "return document.activeElement.getAttribute(arguments[0]) || ''",
            vec![name.into()],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Waits until the focus is on an element whose `name` attribute is not `before`.
async fn wait_for_focus_change(e2e: &E2e, name: &str, before: &str) -> anyhow::Result<String> {
    let started = Instant::now();
    loop {
        let now = focused(e2e, name).await?;
        if !now.is_empty() && now != before {
            return Ok(now);
        }
        anyhow::ensure!(started.elapsed() < WAIT, "the focus stayed on {before:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the test in the list whose text holds `name`.
async fn open_test(e2e: &E2e, name: &str) -> anyhow::Result<()> {
    e2e.wait_for_text("#lab-tests", name, WAIT).await?;
    for item in e2e.client.find_all(Locator::Css("#lab-tests .lab-test")).await? {
        if item.text().await?.contains(name) {
            item.click().await?;
            e2e.wait_for("#lab-chart .lab-point", WAIT).await?;
            return Ok(());
        }
    }
    anyhow::bail!("{name} is not in the list")
}

/// The hospitals the chart's points name, from their labels.
async fn point_labels(e2e: &E2e) -> anyhow::Result<Vec<String>> {
    let mut labels = Vec::new();
    for point in e2e.client.find_all(Locator::Css("#lab-chart .lab-point")).await? {
        labels.push(point.attr("aria-label").await?.unwrap_or_default());
    }
    Ok(labels)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patient_follows_a_test_over_hospitals_and_years_and_opens_a_points_report()
-> anyhow::Result<()> {
    let e2e = E2e::start("lab-values").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("an.peeters", PIN, WAIT).await?;

    // Her tests, each with its latest value; the list follows the first sync.
    e2e.click("#go-lab-values").await?;
    e2e.wait_for_text("#lab-tests", "HbA1c", WAIT).await?;
    e2e.wait_for_text("#lab-tests", "Glucose", WAIT).await?;
    let mut glucose = String::new();
    for item in e2e.client.find_all(Locator::Css("#lab-tests .lab-test")).await? {
        let text = item.text().await?;
        if text.starts_with("HbA1c") {
            assert!(text.contains('%') || text.contains("mmol/mol"), "{text}");
            assert!(text.contains("values") && text.contains("Latest:"), "{text}");
        }
        if text.contains("Glucose") {
            glucose = text;
        }
    }
    assert!(glucose.contains("mg/dL") || glucose.contains("mmol/L"), "{glucose}");
    assert!(glucose.contains("sugar in the blood"), "plain words: {glucose}");
    let all_tests = e2e.count("#lab-tests .lab-test").await?;
    assert!(all_tests >= 5, "{all_tests} tests");
    e2e.look_in_every_language("1-list").await?;

    // Searched by the French hospital's name ("Glucose à jeun"), without its accent, the
    // glucose test is found.
    e2e.fill("lab-search", "a jeun").await?;
    e2e.wait_for_count("#lab-tests .lab-test", 1, WAIT).await?;
    let found = e2e.text("#lab-tests").await?;
    assert!(found.contains("Glucose"), "{found}");
    e2e.fill("lab-search", "hba1c").await?;
    e2e.wait_for_text("#lab-tests", "HbA1c", WAIT).await?;
    e2e.wait_for_count("#lab-tests .lab-test", 1, WAIT).await?;
    e2e.look_in_every_language("2-search").await?;
    e2e.fill("lab-search", "").await?;
    e2e.wait_for_count("#lab-tests .lab-test", all_tests, WAIT).await?;

    // The glucose chart: mg/dL, the Brabant wallon values converted from mmol/L.
    open_test(&e2e, "Glucose").await?;
    let unit_line = e2e.text("#lab-unit-line").await?;
    assert!(unit_line.contains("mg/dL") && unit_line.contains("mmol/L"), "{unit_line}");
    let labels = point_labels(&e2e).await?;
    let hospitals: BTreeSet<&str> = labels.iter().filter_map(|l| l.rsplit(", ").next()).collect();
    assert!(hospitals.len() >= 2, "{hospitals:?}");
    assert!(labels.iter().all(|l| l.contains(" mg/dL")), "one unit: {labels:?}");
    assert!(
        labels.iter().any(|l| l.contains("in the report: ") && l.contains("mmol/L")),
        "a converted value says how it was printed: {labels:?}"
    );
    assert!(e2e.text("#lab-explanation").await?.contains("doctor"), "no advice, a pointer");
    let all_points = e2e.count("#lab-chart .lab-point").await?;
    assert_eq!(e2e.count("#lab-values-table tbody tr").await?, all_points, "a row each");
    e2e.look_in_every_language("3-chart").await?;
    e2e.look_in_every_language_at("3-chart-drawn", "#lab-summary").await?;
    e2e.look_in_every_language_at("4-table", "#lab-table-title").await?;

    // The keyboard: Tab from the period choice lands on the latest point, the arrows move.
    let last = e2e
        .client
        .execute(
            "const p = [...document.querySelectorAll('#lab-chart .lab-point')]; \
             return p[p.length - 1].id",
            vec![],
        )
        .await?;
    let last = last.as_str().unwrap_or_default().to_owned();
    e2e.client.execute("document.getElementById('period-all').focus()", vec![]).await?;
    e2e.press_key("Tab")?;
    e2e.wait_for_focus(&last).await?;
    let latest_label = focused(&e2e, "aria-label").await?;
    e2e.press_key("Left")?;
    let before_label = wait_for_focus_change(&e2e, "aria-label", &latest_label).await?;
    assert_ne!(focused(&e2e, "id").await?, last);
    e2e.press_key("Left")?;
    let earlier_label = wait_for_focus_change(&e2e, "aria-label", &before_label).await?;
    e2e.press_key("Right")?;
    let moved_back = wait_for_focus_change(&e2e, "aria-label", &earlier_label).await?;
    assert_eq!(moved_back, before_label, "ArrowRight goes to the next point");
    assert_eq!(
        e2e.text("#chart-readout").await?,
        before_label,
        "the focused point's details are shown too"
    );
    // Drawn again at another width, the chart keeps the focus on the point.
    let point = focused(&e2e, "id").await?;
    e2e.screenshot("3-keyboard-en-phone", dossier_e2e::PHONE).await?;
    e2e.wait_for_focus(&point).await?;
    e2e.screenshot("3-keyboard-en-desktop", dossier_e2e::DESKTOP).await?;
    e2e.wait_for_focus(&point).await?;

    // Enter opens that point's report: its lab table holds the value.
    let report = focused(&e2e, "data-report").await?;
    let printed = focused(&e2e, "data-value").await?;
    let title: String = sqlx::query_scalar("SELECT title FROM reports WHERE id = $1")
        .bind(&report)
        .fetch_one(e2e.server_state().db.pool())
        .await?;
    e2e.press_key("Return")?;
    e2e.wait_for("#report-title", WAIT).await?;
    assert_eq!(e2e.text("#report-title").await?, title);
    let table = e2e.text("#lab-table").await?;
    assert!(table.contains(&printed), "{printed} in {table}");
    e2e.look_in_every_language("5-report").await?;
    // Back: the chart, the focus on the same point.
    e2e.click("#back").await?;
    e2e.wait_for("#lab-chart .lab-point", WAIT).await?;
    e2e.wait_for_focus(&point).await?;

    // The time range: fewer points over five years, fewer again over one.
    e2e.click("#period-5y").await?;
    e2e.wait_for("#period-5y[aria-pressed=true]", WAIT).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let five = e2e.count("#lab-chart .lab-point").await?;
    e2e.click("#period-1y").await?;
    e2e.wait_for("#period-1y[aria-pressed=true]", WAIT).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let one = e2e.count("#lab-chart .lab-point").await?;
    assert!(five < all_points && one < five, "all {all_points}, 5 years {five}, 1 year {one}");
    let summary = e2e.text("#lab-summary").await?;
    assert!(summary.starts_with(&one.to_string()) || one == 0, "{summary}");
    e2e.look_in_every_language_at("6-one-year", "#lab-summary").await?;
    e2e.click("#period-all").await?;
    e2e.wait_for_count("#lab-chart .lab-point", all_points, WAIT).await?;

    // HbA1c, printed in % and in mmol/mol: one chart in %.
    e2e.click("#back").await?;
    open_test(&e2e, "HbA1c").await?;
    let unit_line = e2e.text("#lab-unit-line").await?;
    assert!(unit_line.starts_with("In %") && unit_line.contains("mmol/mol"), "{unit_line}");
    e2e.look_in_every_language("7-hba1c").await?;
    e2e.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_follows_her_childs_creatinine() -> anyhow::Result<()> {
    let e2e = E2e::start("lab-values-child").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("els.vandenbroeck", PIN, WAIT).await?;
    e2e.switch_to("Lotte", WAIT).await?;
    e2e.wait_for_text("#record-banner", "Lotte", WAIT).await?;
    e2e.click("#go-lab-values").await?;
    // Named "Creatinine" or "Créatinine", by the hospital of her latest value.
    e2e.wait_for_text("#lab-tests", "atinine", WAIT).await?;
    assert!(e2e.text("#labs-title").await?.contains("Lotte"));
    e2e.fill("lab-search", "creat").await?;
    e2e.wait_for_count("#lab-tests .lab-test", 1, WAIT).await?;
    e2e.look_in_every_language("1-child-list").await?;
    open_test(&e2e, "atinine").await?;
    let unit_line = e2e.text("#lab-unit-line").await?;
    assert!(unit_line.contains("mg/dL") && unit_line.contains("µmol/L"), "{unit_line}");
    let labels = point_labels(&e2e).await?;
    let hospitals: BTreeSet<&str> = labels.iter().filter_map(|l| l.rsplit(", ").next()).collect();
    assert_eq!(hospitals.len(), 2, "{hospitals:?}");
    let first = e2e.attribute("#lab-chart .lab-point", "data-report").await?;
    assert!(!first.is_empty());
    e2e.look_in_every_language_at("2-child-chart", "#lab-summary").await?;
    e2e.finish().await
}
