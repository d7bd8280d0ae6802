//! "My lab values": a record's tests with their latest value (searchable by name), and one
//! test's values over time as a chart with its table. Everything is made on the device from
//! the reports it holds (offline too, for every record the user may open); a point or a
//! row opens the report the value comes from.
//!
//! The chart is SVG drawn with Leptos's own elements: each point is a button of its own
//! (one in the tab order, the arrow keys move between them), each value's own reference
//! range a band behind it, out-of-range values marked by their shape as well as colour.
//! It is drawn at the width it gets (measured, and again when the window changes), so its
//! text stays at its size on a phone and on a desktop.

use dossier_api::{
    Language,
    dates::{Datelike, NaiveDate},
    labs::{LabPoint, LabReading, LabSeries, LabTestKey, LabTestSummary, LabTrend},
    reports::LabFlag,
};
use dossier_labs::units::{Unit, normalise};
use fluent_bundle::FluentValue;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::{
    backend,
    format::{long_date, medium_date, number, short_month, today_date},
    forms::{BackButton, FormError, Problem},
    i18n::{I18n, use_i18n},
    live::use_shell_events,
    loads::{LatestLoad, TypingPause},
    nav::{Screen, use_navigator},
    session::{Session, use_session},
};

/// Which values a chart shows: the last year, the last five, or all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabPeriod {
    Year,
    FiveYears,
    All,
}

impl LabPeriod {
    pub const ALL: [LabPeriod; 3] = [LabPeriod::Year, LabPeriod::FiveYears, LabPeriod::All];

    fn key(self) -> &'static str {
        match self {
            LabPeriod::Year => "labs-period-year",
            LabPeriod::FiveYears => "labs-period-five-years",
            LabPeriod::All => "labs-period-all",
        }
    }

    fn id(self) -> &'static str {
        match self {
            LabPeriod::Year => "period-1y",
            LabPeriod::FiveYears => "period-5y",
            LabPeriod::All => "period-all",
        }
    }

    /// The first day shown, counted back from `today`; None: all.
    fn since(self, today: NaiveDate) -> Option<NaiveDate> {
        let years = match self {
            LabPeriod::Year => 1,
            LabPeriod::FiveYears => 5,
            LabPeriod::All => return None,
        };
        let year = today.year() - years;
        // 29 February of a year without one: the 28th.
        NaiveDate::from_ymd_opt(year, today.month(), today.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, today.month(), 28))
    }
}

fn flag_key(flag: LabFlag) -> &'static str {
    match flag {
        LabFlag::Normal => "labs-flag-normal",
        LabFlag::Low => "labs-flag-low",
        LabFlag::High => "labs-flag-high",
        LabFlag::Abnormal => "labs-flag-abnormal",
    }
}

fn trend_key(trend: LabTrend) -> &'static str {
    match trend {
        LabTrend::Rising => "labs-trend-rising",
        LabTrend::Falling => "labs-trend-falling",
        LabTrend::Steady => "labs-trend-steady",
    }
}

fn trend_mark(trend: LabTrend) -> &'static str {
    match trend {
        LabTrend::Rising => "↗",
        LabTrend::Falling => "↘",
        LabTrend::Steady => "→",
    }
}

/// "Lab values of Lotte" for another's record, else "My lab values".
fn title(i18n: I18n, session: Session) -> String {
    match session.viewed().filter(|_| session.viewing_other()) {
        Some(record) => {
            i18n.tr_args("labs-title-of", vec![("given", FluentValue::from(record.given_name))])
        }
        None => i18n.tr("labs-title"),
    }
}

/// A value with its unit, as printed: "6,1 mmol/L".
fn with_unit(value: &str, unit: Option<&str>) -> String {
    match unit.filter(|u| !u.is_empty()) {
        Some(unit) => format!("{value} {unit}"),
        None => value.to_owned(),
    }
}

#[component]
pub fn LabValuesScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let record = StoredValue::new(record_id);
    let tests = RwSignal::new(None::<Vec<LabTestSummary>>);
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    // An answer that arrives after a newer search was asked for is dropped.
    let loads = LatestLoad::new();
    let load = move || {
        let text = Some(text.get_untracked()).filter(|t| !t.trim().is_empty());
        loads.run(backend::lab_tests(record.get_value(), text), move |answer| match answer {
            Ok(found) => tests.set(Some(found)),
            Err(error) => problem.set(Some(error.into())),
        });
    };
    load();
    let typing = TypingPause::new();
    Effect::watch(move || text.get(), move |_, _, _| typing.restart(load), false);
    // A sync that brought this record's reports in (the first, after a login) may bring
    // tests: read them again. A chart is not, so a value being read keeps its place.
    let events = use_shell_events();
    Effect::watch(
        move || events.sync.get(),
        move |progress, _, _| {
            if progress.as_ref().is_some_and(|p| p.done && p.record_id == record.get_value()) {
                load();
            }
        },
        false,
    );
    view! {
        <section class="screen labs" aria-labelledby="labs-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="labs-title">{move || title(i18n, session)}</h1>
            <p class="intro">{move || i18n.tr("labs-intro")}</p>
            <FormError problem=problem/>
            <div class="filters card" role="search">
                <div class="filter-field filter-search">
                    <label for="lab-search">{move || i18n.tr("labs-search")}</label>
                    <input id="lab-search" type="search" placeholder=move || i18n.tr("labs-search-example") bind:value=text/>
                </div>
            </div>
            <div id="lab-tests-list" aria-live="polite">
                {move || match tests.get() {
                    None => view! { <p class="muted-line">{i18n.tr("labs-loading")}</p> }.into_any(),
                    Some(found) if found.is_empty() => {
                        let key = if text.get_untracked().trim().is_empty() { "labs-none" } else { "labs-no-match" };
                        view! { <p class="notice" id="labs-empty">{i18n.tr(key)}</p> }.into_any()
                    }
                    Some(found) => view! {
                        <ul class="lab-tests" id="lab-tests">
                            {found.into_iter().map(|test| test_item(i18n, test, record)).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }}
            </div>
        </section>
    }
}

/// One test: its name, latest value with its flag, when and where, how many, which way.
fn test_item(i18n: I18n, test: LabTestSummary, record: StoredValue<String>) -> impl IntoView {
    let navigator = use_navigator();
    let language = i18n.language();
    let latest = &test.latest;
    let out = latest.flag.out_of_range();
    let value = with_unit(&latest.value, latest.unit.as_deref());
    let meta = i18n.tr_args(
        "labs-latest-meta",
        vec![
            ("date", FluentValue::from(long_date(latest.date, language))),
            ("hospital", FluentValue::from(latest.hospital_name.clone())),
        ],
    );
    let count = i18n.tr_args("labs-count", vec![("count", FluentValue::from(test.count))]);
    let plain = test.topic.map(|topic| dossier_labs::explanation(topic, language));
    let key = test.key.clone();
    let open = move |_| {
        navigator.go(Screen::LabChart {
            record_id: record.get_value(),
            key: key.clone(),
            period: LabPeriod::All,
            point: None,
        })
    };
    view! {
        <li>
            <button type="button" class="lab-test" data-key=test.key.as_str().to_owned() on:click=open>
                <span class="lab-test-head">
                    <span class="lab-test-name">{test.name.clone()}</span>
                    <span class="lab-test-value" class:out-of-range=out>
                        {value}
                        {out.then(|| view! {
                            <span class="out-mark" aria-hidden="true">{format!(" {}", latest.flag.mark())}</span>
                            <span class="visually-hidden">{format!(" ({})", i18n.tr(flag_key(latest.flag)))}</span>
                        })}
                    </span>
                </span>
                <span class="report-meta">{meta}</span>
                <span class="badges">
                    <span class="badge badge-status lab-count">{count}</span>
                    {test.trend.map(|trend| view! {
                        <span class="badge lab-trend" data-trend=format!("{trend:?}").to_lowercase()>
                            <span aria-hidden="true">{format!("{} ", trend_mark(trend))}</span>
                            {i18n.tr(trend_key(trend))}
                        </span>
                    })}
                </span>
                {plain.map(|line| view! { <span class="lab-plain">{line}</span> })}
            </button>
        </li>
    }
}

/// How many decimals the chart writes a test's values with: as many as a value of its size
/// needs to be told from the next (112 mg/dL, 13.2 g/dL, 0.85 mg/dL).
fn decimals_for(largest: f64) -> u8 {
    match largest.abs() {
        l if l >= 100.0 => 0,
        l if l >= 10.0 => 1,
        _ => 2,
    }
}

/// A charted value as the chart writes it, in the series' unit: "< 5 mg/dL".
fn chart_value(point: &LabPoint, unit: Option<&str>, decimals: u8, language: Language) -> String {
    match point.reading {
        LabReading::Number { value, qualifier } => {
            let number = number(value, decimals, language);
            let number = match qualifier {
                Some(q) => format!("{} {number}", q.symbol()),
                None => number,
            };
            with_unit(&number, unit)
        }
        LabReading::Text => with_unit(&point.printed_value, point.printed_unit.as_deref()),
    }
}

/// A point's own range in the series' unit: "70–100 mg/dL", "< 5 mg/dL".
fn chart_range(point: &LabPoint, unit: Option<&str>, decimals: u8, language: Language) -> String {
    let n = |v: f64| number(v, decimals, language);
    let range = match (point.low, point.high) {
        (Some(low), Some(high)) => format!("{}–{}", n(low), n(high)),
        (None, Some(high)) => format!("< {}", n(high)),
        (Some(low), None) => format!("> {}", n(low)),
        (None, None) => return String::new(),
    };
    with_unit(&range, unit)
}

/// What a point says to a screen reader and as its tooltip: date, value (and as printed,
/// when printed in another unit), against its range, the hospital.
fn point_label(i18n: I18n, point: &LabPoint, unit: Option<&str>, decimals: u8) -> String {
    let language = i18n.language();
    let mut parts = vec![i18n.tr_args(
        "labs-point-value",
        vec![
            ("date", FluentValue::from(long_date(point.date, language))),
            ("value", FluentValue::from(chart_value(point, unit, decimals, language))),
        ],
    )];
    if !same_unit(point.printed_unit.as_deref(), unit) {
        let printed = with_unit(&point.printed_value, point.printed_unit.as_deref());
        parts.push(i18n.tr_args("labs-printed-as", vec![("value", FluentValue::from(printed))]));
    }
    let range = chart_range(point, unit, decimals, language);
    match (range.is_empty(), point.flag.out_of_range()) {
        (false, _) => parts.push(format!("{} ({range})", i18n.tr(flag_key(point.flag)))),
        (true, true) => parts.push(i18n.tr(flag_key(point.flag))),
        (true, false) => {}
    }
    parts.push(point.hospital_name.clone());
    parts.join(", ")
}

/// Moves the keyboard focus to point `index` of the chart.
fn focus_point(index: usize) {
    if let Some(element) = document()
        .get_element_by_id(&format!("lab-point-{index}"))
        .and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = element.focus();
    }
}

#[component]
pub fn LabChartScreen(
    record_id: String,
    test: LabTestKey,
    period: LabPeriod,
    point: Option<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let record = StoredValue::new(record_id);
    let key = StoredValue::new(test);
    let period = RwSignal::new(period);
    let series = RwSignal::new(None::<LabSeries>);
    let missing = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    // The point the arrow keys move from (the one in the tab order): the latest at first.
    let active = RwSignal::new(None::<usize>);
    let return_to = StoredValue::new(point);
    let loads = LatestLoad::new();
    Effect::new(move |_| {
        let since = today_date().and_then(|today| period.get().since(today));
        let answer = backend::lab_series(record.get_value(), key.get_value(), since);
        loads.run(answer, move |answer| {
            match answer {
                Ok(Some(found)) => {
                    let numbers: Vec<usize> = charted(&found.points);
                    // Back from a point's report: that point again, with the focus on it.
                    let back_to = return_to.get_value().filter(|i| numbers.contains(i));
                    return_to.set_value(None);
                    active.set(back_to.or(numbers.last().copied()));
                    series.set(Some(found));
                    if let Some(index) = back_to {
                        request_animation_frame(move || focus_point(index));
                    }
                }
                Ok(None) => missing.set(true),
                Err(error) => problem.set(Some(error.into())),
            }
        });
    });
    let name = move || {
        series
            .with(|s| s.as_ref().map(|s| s.test.name.clone()))
            .unwrap_or_else(|| title(i18n, session))
    };
    let open = move |index: usize| {
        let Some(report_id) =
            series.with_untracked(|s| s.as_ref()?.points.get(index).map(|p| p.report_id.clone()))
        else {
            return;
        };
        let back = Screen::LabChart {
            record_id: record.get_value(),
            key: key.get_value(),
            period: period.get_untracked(),
            point: Some(index),
        };
        navigator.go(Screen::Report {
            record_id: record.get_value(),
            report_id,
            back: Some(Box::new(back)),
        });
    };
    view! {
        <section class="screen lab-chart" aria-labelledby="lab-chart-title">
            <BackButton on_back=move || navigator.go(Screen::LabValues { record_id: record.get_value() })/>
            <h1 id="lab-chart-title">{name}</h1>
            <FormError problem=problem/>
            <Show when=move || missing.get()>
                <p class="notice" id="lab-test-gone">{move || i18n.tr("labs-test-gone")}</p>
            </Show>
            {move || series.with(|s| s.as_ref().and_then(|s| s.test.topic)).map(|topic| view! {
                <div class="card lab-explanation" id="lab-explanation">
                    <p class="lab-explanation-text">{dossier_labs::explanation(topic, i18n.language())}</p>
                    <p class="muted-line">{i18n.tr("labs-no-advice")}</p>
                </div>
            })}
            <div class="period-choice" role="group" aria-label=move || i18n.tr("labs-period")>
                {LabPeriod::ALL.into_iter().map(|choice| view! {
                    <button
                        type="button"
                        class="period-option"
                        id=choice.id()
                        aria-pressed=move || (period.get() == choice).to_string()
                        on:click=move |_| if period.get_untracked() != choice {
                            period.set(choice);
                        }
                    >
                        {move || i18n.tr(choice.key())}
                    </button>
                }).collect_view()}
            </div>
            {move || series.get().map(|s| view! { <SeriesView series=s active=active open=open/> })}
        </section>
    }
}

/// The indices of the points that are numbers (charted), oldest first.
fn charted(points: &[LabPoint]) -> Vec<usize> {
    points
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.reading, LabReading::Number { .. }))
        .map(|(i, _)| i)
        .collect()
}

/// The chart (when there are numbers), what it shows, and the table of every value.
#[component]
fn SeriesView(
    series: LabSeries,
    active: RwSignal<Option<usize>>,
    open: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let unit = series.test.unit.clone();
    let numbers = charted(&series.points);
    let largest = series
        .points
        .iter()
        .filter_map(|p| match p.reading {
            LabReading::Number { value, .. } => Some(value.abs()),
            LabReading::Text => None,
        })
        .fold(0.0, f64::max);
    let decimals = decimals_for(largest);
    // The units values were printed in other than the chart's: said once, above the chart.
    let mut others: Vec<String> = series
        .points
        .iter()
        .filter(|p| matches!(p.reading, LabReading::Number { .. }))
        .filter_map(|p| p.printed_unit.as_deref())
        .filter(|u| !same_unit(Some(u), unit.as_deref()))
        .map(|u| Unit::parse(u).map_or(u, |known| known.symbol).to_owned())
        .collect();
    others.sort();
    others.dedup();
    let dates = series.points.first().zip(series.points.last()).map(|(f, l)| (f.date, l.date));
    let count = series.points.len();
    let summary = move || match dates {
        Some((from, to)) => i18n.tr_args(
            "labs-series-summary",
            vec![
                ("count", FluentValue::from(count)),
                ("from", FluentValue::from(medium_date(from, i18n.language()))),
                ("to", FluentValue::from(medium_date(to, i18n.language()))),
            ],
        ),
        None => i18n.tr("labs-period-empty"),
    };
    let unit_line = unit.clone().map(|unit| {
        let others = others.join(", ");
        move || {
            if others.is_empty() {
                i18n.tr_args("labs-chart-unit", vec![("unit", FluentValue::from(unit.clone()))])
            } else {
                i18n.tr_args(
                    "labs-chart-converted",
                    vec![
                        ("unit", FluentValue::from(unit.clone())),
                        ("others", FluentValue::from(others.clone())),
                    ],
                )
            }
        }
    });
    let texts_only = numbers.is_empty() && !series.points.is_empty();
    let name = series.test.name.clone();
    let charted_count = numbers.len();
    let chart_label = Signal::derive(move || {
        i18n.tr_args(
            "labs-chart-label",
            vec![
                ("name", FluentValue::from(name.clone())),
                ("count", FluentValue::from(charted_count)),
            ],
        )
    });
    let points = StoredValue::new(series.points.clone());
    view! {
        <p class="lab-summary" id="lab-summary" role="status">{summary}</p>
        {unit_line.map(|line| view! { <p class="muted-line lab-unit-line" id="lab-unit-line">{line}</p> })}
        {(!numbers.is_empty()).then(|| view! {
            <div class="card lab-chart-card">
                <Chart points=points unit=unit.clone() decimals=decimals label=chart_label active=active open=open/>
                <Legend points=points/>
                <p class="muted-line chart-hint">{move || i18n.tr("labs-chart-hint")}</p>
            </div>
        })}
        {texts_only.then(|| view! { <p class="notice" id="labs-texts-only">{move || i18n.tr("labs-texts-only")}</p> })}
        {(!series.points.is_empty()).then(|| view! {
            <ValuesTable points=points unit=unit decimals=decimals open=open/>
        })}
    }
}

/// Whether two units as printed are the same unit ("mg/dl" and "mg/dL" are).
fn same_unit(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => match (Unit::parse(a), Unit::parse(b)) {
            (Some(a), Some(b)) => a.symbol == b.symbol,
            _ => normalise(a) == normalise(b),
        },
        (a, b) => a.is_none_or(str::is_empty) && b.is_none_or(str::is_empty),
    }
}

/// Where the chart's parts go, in the SVG's own units (CSS pixels: it is drawn at its width).
#[derive(Debug, Clone, Copy)]
struct Plot {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    /// Days from the common era, at the left and right edges.
    day0: f64,
    day1: f64,
    /// Values at the bottom and top edges.
    low: f64,
    high: f64,
}

impl Plot {
    fn x(&self, date: NaiveDate) -> f64 {
        let day = f64::from(date.num_days_from_ce());
        self.left + (day - self.day0) / (self.day1 - self.day0) * (self.right - self.left)
    }

    fn y(&self, value: f64) -> f64 {
        self.bottom - (value - self.low) / (self.high - self.low) * (self.bottom - self.top)
    }
}

/// A round step for about `count` ticks over `span`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(span: f64, count: f64) -> f64 {
    let raw = span / count.max(1.0);
    let magnitude = 10_f64.powf(raw.log10().floor());
    let step = match raw / magnitude {
        n if n <= 1.0 => 1.0,
        n if n <= 2.0 => 2.0,
        n if n <= 2.5 => 2.5,
        n if n <= 5.0 => 5.0,
        _ => 10.0,
    };
    step * magnitude
}

/// The decimals a tick step needs (0.25 → 2, 5 → 0).
fn step_decimals(step: f64) -> u8 {
    (0..4_u8)
        .find(|d| {
            let scaled = step * 10_f64.powi(i32::from(*d));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// The dates the time axis names, with their labels: years over a long span, months
/// (every 1, 2, 3 or 6) over a short one, as many as fit.
fn date_ticks(plot: &Plot, language: Language) -> Vec<(f64, String)> {
    let first = NaiveDate::from_num_days_from_ce_opt(plot.day0.ceil() as i32);
    let last = NaiveDate::from_num_days_from_ce_opt(plot.day1.floor() as i32);
    let (Some(first), Some(last)) = (first, last) else { return Vec::new() };
    let room = plot.right - plot.left;
    let years = (plot.day1 - plot.day0) / 365.25;
    let mut ticks = Vec::new();
    if years >= 2.0 {
        let count = f64::from(last.year() - first.year() + 1);
        let fit = (room / 48.0).max(1.0);
        let step = (count / fit).ceil().max(1.0) as i32;
        let mut year = first.year() + 1;
        while year <= last.year() {
            if year % step == 0
                && let Some(date) = NaiveDate::from_ymd_opt(year, 1, 1)
            {
                ticks.push((plot.x(date), year.to_string()));
            }
            year += 1;
        }
    } else {
        let months = (years * 12.0).max(1.0);
        let fit = (room / 64.0).max(1.0);
        let step =
            [1, 2, 3, 6, 12].into_iter().find(|s| months / f64::from(*s) <= fit).unwrap_or(12);
        let (mut year, mut month) = (first.year(), first.month());
        loop {
            // The first of the month after `first`, then every `step` months.
            month += 1;
            if month > 12 {
                month = 1;
                year += 1;
            }
            let Some(date) = NaiveDate::from_ymd_opt(year, month, 1) else { break };
            if date > last {
                break;
            }
            if (month - 1) % step == 0 {
                ticks.push((plot.x(date), short_month(date, language)));
            }
        }
    }
    ticks
}

/// The shape of a point: a circle within its range, a triangle up above it, down below
/// it, a diamond outside it without a direction.
fn marker_path(x: f64, y: f64, flag: LabFlag) -> String {
    match flag {
        LabFlag::Normal => {
            format!("M {} {y} a 5.5 5.5 0 1 0 11 0 a 5.5 5.5 0 1 0 -11 0 Z", x - 5.5)
        }
        LabFlag::High => {
            format!("M {x} {} L {} {} L {} {} Z", y - 7.5, x + 7.0, y + 5.0, x - 7.0, y + 5.0)
        }
        LabFlag::Low => {
            format!("M {x} {} L {} {} L {} {} Z", y + 7.5, x + 7.0, y - 5.0, x - 7.0, y - 5.0)
        }
        LabFlag::Abnormal => {
            format!("M {x} {} L {} {y} L {x} {} L {} {y} Z", y - 7.5, x + 7.5, y + 7.5, x - 7.5)
        }
    }
}

#[component]
fn Chart(
    points: StoredValue<Vec<LabPoint>>,
    unit: Option<String>,
    decimals: u8,
    label: Signal<String>,
    active: RwSignal<Option<usize>>,
    open: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    // Drawn at the width it gets: measured once drawn, and when the window changes.
    let frame = NodeRef::<leptos::html::Div>::new();
    let width = RwSignal::new(0.0_f64);
    let measure = move || {
        if let Some(frame) = frame.get_untracked() {
            let measured = f64::from(frame.client_width());
            if measured > 0.0 && (measured - width.get_untracked()).abs() >= 1.0 {
                // Drawn again at the new width: a point that had the focus gets it back (a
                // phone turned while its values are read with the keyboard).
                let had_focus =
                    document().active_element().is_some_and(|e| e.id().starts_with("lab-point-"));
                width.set(measured);
                if let Some(index) = active.get_untracked().filter(|_| had_focus) {
                    request_animation_frame(move || focus_point(index));
                }
            }
        }
    };
    Effect::new(move |_| {
        if frame.get().is_some() {
            measure();
        }
    });
    let resized = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resized.remove());
    let unit = StoredValue::new(unit);
    let drawn = move || {
        let width = width.get();
        if width <= 0.0 {
            return None;
        }
        let language = i18n.language();
        let unit = unit.get_value();
        let points = points.get_value();
        Some(draw(i18n, language, width, &points, unit.as_deref(), decimals, active, open))
    };
    view! {
        <div class="chart-frame" node_ref=frame>
            {drawn}
        </div>
        <p class="chart-readout" id="chart-readout" aria-hidden="true">
            {move || active.get().and_then(|i| {
                let points = points.get_value();
                let point = points.get(i)?;
                let unit = unit.get_value();
                Some(point_label(i18n, point, unit.as_deref(), decimals))
            })}
        </p>
        <span class="visually-hidden" id="chart-label">{label}</span>
    }
}

#[allow(clippy::too_many_arguments)]
fn draw(
    i18n: I18n,
    language: Language,
    width: f64,
    points: &[LabPoint],
    unit: Option<&str>,
    decimals: u8,
    active: RwSignal<Option<usize>>,
    open: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> AnyView {
    let numbers = charted(points);
    let value_of = |p: &LabPoint| match p.reading {
        LabReading::Number { value, .. } => value,
        LabReading::Text => 0.0,
    };
    // What the value axis must hold: the values and their ranges.
    let mut low = f64::MAX;
    let mut high = f64::MIN;
    for &i in &numbers {
        let p = &points[i];
        let v = value_of(p);
        low = low.min(v).min(p.low.unwrap_or(v));
        high = high.max(v).max(p.high.unwrap_or(v));
    }
    if high - low < 1e-9 {
        let pad = (high.abs() * 0.1).max(1.0);
        low -= pad;
        high += pad;
    }
    let height = (width * 0.62).clamp(220.0, 320.0);
    let (top, bottom) = (22.0, height - 30.0);
    let ticks = ((bottom - top) / 48.0).clamp(3.0, 6.0);
    let step = nice_step(high - low, ticks);
    let (low, high) = ((low / step).floor() * step, (high / step).ceil() * step);
    let tick_decimals = step_decimals(step);
    let steps = ((high - low) / step).round() as u32;
    let value_ticks: Vec<(f64, String)> = (0..=steps)
        .map(|k| {
            let tick = low + f64::from(k) * step;
            (tick, number(tick, tick_decimals, language))
        })
        .collect();
    let widest = value_ticks.iter().map(|(_, l)| l.chars().count()).max().unwrap_or(1);
    let left = 14.0 + widest as f64 * 7.5;
    let right = width - 16.0;
    let first = points[numbers[0]].date;
    let last = points[*numbers.last().unwrap_or(&numbers[0])].date;
    let (day0, day1) = (f64::from(first.num_days_from_ce()), f64::from(last.num_days_from_ce()));
    let pad = ((day1 - day0) * 0.04).max(20.0);
    let plot = Plot {
        width,
        height,
        left,
        right,
        top,
        bottom,
        day0: day0 - pad,
        day1: day1 + pad,
        low,
        high,
    };
    let xs: Vec<f64> = numbers.iter().map(|&i| plot.x(points[i].date)).collect();
    // Each value's own range, from halfway to the value before to halfway to the next.
    let bands = numbers
        .iter()
        .enumerate()
        .filter_map(|(n, &i)| {
            let p = &points[i];
            if p.low.is_none() && p.high.is_none() {
                return None;
            }
            let from = if n == 0 { plot.left } else { (xs[n - 1] + xs[n]) / 2.0 };
            let to = if n + 1 == xs.len() { plot.right } else { (xs[n] + xs[n + 1]) / 2.0 };
            let y_top = p.high.map_or(plot.top, |h| plot.y(h)).clamp(plot.top, plot.bottom);
            let y_bottom = p.low.map_or(plot.bottom, |l| plot.y(l)).clamp(plot.top, plot.bottom);
            Some(view! {
                <rect class="chart-band" shape-rendering="crispEdges" x=from y=y_top width=(to - from).max(0.0) height=(y_bottom - y_top).max(0.0)/>
            })
        })
        .collect_view();
    let line = numbers
        .iter()
        .zip(&xs)
        .map(|(&i, x)| format!("{x:.1},{:.1}", plot.y(value_of(&points[i]))))
        .collect::<Vec<_>>()
        .join(" ");
    let grid = value_ticks
        .iter()
        .map(|(value, text)| {
            let y = plot.y(*value);
            view! {
                <line class="chart-grid" x1=plot.left x2=plot.right y1=y y2=y/>
                <text class="chart-tick" x=plot.left - 8.0 y=y + 4.0 text-anchor="end">{text.clone()}</text>
            }
        })
        .collect_view();
    let time_axis = date_ticks(&plot, language)
        .into_iter()
        .map(|(x, text)| {
            view! {
                <line class="chart-tick-mark" x1=x x2=x y1=plot.bottom y2=plot.bottom + 5.0/>
                <text class="chart-tick" x=x y=plot.bottom + 20.0 text-anchor="middle">{text}</text>
            }
        })
        .collect_view();
    let moves = numbers.clone();
    let marks = numbers
        .iter()
        .zip(&xs)
        .enumerate()
        .map(|(n, (&i, &x))| {
            let p = &points[i];
            let y = plot.y(value_of(p));
            let label = point_label(i18n, p, unit, decimals);
            let censored = matches!(p.reading, LabReading::Number { qualifier: Some(_), .. });
            let moves = moves.clone();
            let keydown = move |ev: web_sys::KeyboardEvent| {
                let to = match ev.key().as_str() {
                    "ArrowRight" => moves.get(n + 1).copied(),
                    "ArrowLeft" => n.checked_sub(1).and_then(|m| moves.get(m).copied()),
                    "Home" => moves.first().copied(),
                    "End" => moves.last().copied(),
                    "Enter" | " " => {
                        ev.prevent_default();
                        open(i);
                        return;
                    }
                    _ => return,
                };
                ev.prevent_default();
                if let Some(to) = to {
                    active.set(Some(to));
                    focus_point(to);
                }
            };
            view! {
                <g
                    class="lab-point"
                    class:out-of-range=p.flag.out_of_range()
                    class:censored=censored
                    id=format!("lab-point-{i}")
                    data-index=i
                    data-report=p.report_id.clone()
                    data-value=p.printed_value.clone()
                    data-flag=format!("{:?}", p.flag).to_lowercase()
                    role="button"
                    tabindex=move || if active.get() == Some(i) { "0" } else { "-1" }
                    aria-label=label.clone()
                    on:click=move |_| open(i)
                    on:keydown=keydown
                    on:focus=move |_| active.set(Some(i))
                >
                    <title>{label.clone()}</title>
                    <circle class="chart-hit" cx=x cy=y r="22"/>
                    <circle class="chart-focus" cx=x cy=y r="12"/>
                    <path class="chart-mark" d=marker_path(x, y, p.flag)/>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart"
            id="lab-chart"
            width=plot.width
            height=plot.height
            viewBox=format!("0 0 {} {}", plot.width, plot.height)
            role="group"
            aria-labelledby="chart-label"
        >
            <g aria-hidden="true">
                {bands}
                {grid}
                <line class="chart-axis" x1=plot.left x2=plot.right y1=plot.bottom y2=plot.bottom/>
                {time_axis}
                <polyline class="chart-line" points=line/>
            </g>
            {marks}
        </svg>
    }
    .into_any()
}

/// What the band and the shapes mean, for the shapes the chart shows.
#[component]
fn Legend(points: StoredValue<Vec<LabPoint>>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = move |flag: LabFlag| {
        points.with_value(|p| {
            p.iter().any(|p| p.flag == flag && matches!(p.reading, LabReading::Number { .. }))
        })
    };
    let ranges = points.with_value(|p| p.iter().any(|p| p.low.is_some() || p.high.is_some()));
    let items = [
        (LabFlag::Normal, "●", "labs-legend-normal"),
        (LabFlag::High, "▲", "labs-legend-high"),
        (LabFlag::Low, "▼", "labs-legend-low"),
        (LabFlag::Abnormal, "◆", "labs-legend-abnormal"),
    ];
    view! {
        <ul class="chart-legend" id="chart-legend">
            {ranges.then(|| view! {
                <li><span class="legend-band" aria-hidden="true"></span>{move || i18n.tr("labs-legend-band")}</li>
            })}
            {items.into_iter().filter(|(flag, _, _)| shown(*flag)).map(|(flag, mark, key)| view! {
                <li>
                    <span class="legend-mark" class:out-of-range=flag.out_of_range() aria-hidden="true">{mark}</span>
                    {move || i18n.tr(key)}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Every value, newest first, as printed, with its range, flag, hospital and report.
#[component]
fn ValuesTable(
    points: StoredValue<Vec<LabPoint>>,
    unit: Option<String>,
    decimals: u8,
    open: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let language = i18n.language();
        let points = points.get_value();
        points
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| {
                let out = p.flag.out_of_range();
                let printed = with_unit(&p.printed_value, p.printed_unit.as_deref());
                // Converted for the chart: its value in the chart's unit too.
                let converted = (matches!(p.reading, LabReading::Number { .. })
                    && !same_unit(p.printed_unit.as_deref(), unit.as_deref()))
                .then(|| chart_value(p, unit.as_deref(), decimals, language));
                let range = p
                    .printed_range
                    .clone()
                    .filter(|r| !r.is_empty())
                    .map(|r| with_unit(&r, p.printed_unit.as_deref()))
                    .unwrap_or_default();
                let date = medium_date(p.date, language);
                let text = matches!(p.reading, LabReading::Text);
                view! {
                    <tr class:out-of-range=out data-index=i>
                        <th scope="row" class="lab-date">
                            <button type="button" class="button-link lab-open" on:click=move |_| open(i)>
                                {date}
                                <span class="visually-hidden">{format!(" — {}", i18n.tr("labs-open-report"))}</span>
                            </button>
                        </th>
                        <td class="lab-value">
                            {printed}
                            {out.then(|| view! {
                                <span class="out-mark" aria-hidden="true">{format!(" {}", p.flag.mark())}</span>
                                <span class="visually-hidden">{format!(" ({})", i18n.tr(flag_key(p.flag)))}</span>
                            })}
                            {converted.map(|c| view! { <span class="lab-converted">{format!("= {c}")}</span> })}
                            {text.then(|| view! { <span class="lab-converted">{i18n.tr("labs-not-charted")}</span> })}
                        </td>
                        <td class="lab-range" data-label=i18n.tr("lab-range")>{range}</td>
                        <td class="lab-hospital">{p.hospital_name.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h2 class="section-heading" id="lab-table-title">{move || i18n.tr("labs-table-title")}</h2>
        <div class="card table-wrap">
            <table class="lab-values-table" id="lab-values-table" aria-labelledby="lab-table-title">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.tr("labs-column-date")}</th>
                        <th scope="col">{move || i18n.tr("lab-value")}</th>
                        <th scope="col">{move || i18n.tr("lab-range")}</th>
                        <th scope="col">{move || i18n.tr("report-hospital")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="lab-legend">{move || i18n.tr("lab-legend")}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_step(100.0, 5.0), 20.0);
        assert_eq!(nice_step(3.0, 5.0), 1.0);
        assert_eq!(nice_step(1.1, 5.0), 0.25);
        assert_eq!(step_decimals(0.25), 2);
        assert_eq!(step_decimals(20.0), 0);
        assert_eq!(step_decimals(0.5), 1);
    }

    #[test]
    fn periods_count_back_from_today() {
        let today = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(LabPeriod::Year.since(today), NaiveDate::from_ymd_opt(2023, 2, 28));
        assert_eq!(LabPeriod::FiveYears.since(today), NaiveDate::from_ymd_opt(2019, 2, 28));
        assert_eq!(LabPeriod::All.since(today), None);
    }
}
