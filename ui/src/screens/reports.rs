//! The reports of a record: a list grouped by month with filters and search, one report
//! with its text and lab values, and "Your hospitals" with their rules and what is on its
//! way. Everything here comes from the device's cache, so it works offline too.

use dossier_api::{
    dates::{Datelike, NaiveDate},
    reports::{HospitalView, LabValue, PendingReport, ReportType, ReportView},
    shell::{ReportListArgs, ReportListView, ReportPdfLabels, ReportSummary},
};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    format::{date_time, long_date, month, today},
    forms::{BackButton, FormError, Problem, run_action, run_action_or},
    i18n::{I18n, use_i18n},
    lazy_screens::{self, lazy_screen},
    live::use_shell_events,
    loads::{LatestLoad, TypingPause},
    nav::{Screen, use_navigator},
    session::use_session,
};

/// Reports drawn at a time. A record of 10,000 reports drawn whole took WebKit's page from
/// 250 MB to 680 MB (tests/benches/app_memory.rs), too much for a phone; the newest come
/// first, and search and filters reach the rest.
const PAGE: usize = 100;

/// The message key naming a report type (plural for filters, singular for a badge).
pub fn type_key(report_type: ReportType) -> &'static str {
    match report_type {
        ReportType::LabResult => "type-lab-result",
        ReportType::Radiology => "type-radiology",
        ReportType::Consultation => "type-consultation",
        ReportType::Admission => "type-admission",
        ReportType::Functional => "type-functional",
        ReportType::Examination => "type-examination",
    }
}

#[component]
pub fn ReportsScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    // Whose reports, in the title too when they are not one's own.
    let title = move || match session.viewed().filter(|_| session.viewing_other()) {
        Some(record) => {
            i18n.tr_args("reports-title-of", vec![("given", FluentValue::from(record.given_name))])
        }
        None => i18n.tr("reports-title"),
    };
    let list = RwSignal::new(None::<ReportListView>);
    let report_type = RwSignal::new(None::<ReportType>);
    let hospital = RwSignal::new(None::<String>);
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let syncing = RwSignal::new(false);
    let received = RwSignal::new(0_u32);
    let record = StoredValue::new(record_id.clone());
    let marked = StoredValue::new(false);

    // The list always matches the filters shown: an answer to an older load is dropped.
    let loads = LatestLoad::new();
    let load = move || {
        let args = ReportListArgs {
            record_id: record.get_value(),
            report_type: report_type.get_untracked(),
            hospital_id: hospital.get_untracked(),
            text: Some(text.get_untracked()),
        };
        loads.run(backend::reports(args), move |answer| match answer {
            Ok(view) => {
                list.set(Some(view));
                // Shown once: what is listed now is not new at the next visit.
                if !marked.get_value() {
                    marked.set_value(true);
                    spawn_local(async move {
                        let _ = backend::mark_reports_seen(record.get_value()).await;
                    });
                }
            }
            Err(error) => problem.set(Some(error.into())),
        });
    };
    // Filters apply as they change; the search once typing pauses, not at every key. A
    // load reads the text as it is, so a filter change also serves a pending search.
    let typing = TypingPause::new();
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        let _ = (report_type.get(), hospital.get());
        shown.set(PAGE);
        typing.stop();
        load();
    });
    Effect::watch(
        move || text.get(),
        move |_, _, _| {
            shown.set(PAGE);
            typing.restart(load);
        },
        false,
    );
    // Syncs in the background (unlock, timer) show their progress and refresh the list
    // when done; one started here refreshes it when its command returns.
    let manual = StoredValue::new(false);
    let events = use_shell_events();
    Effect::watch(
        move || events.sync.get(),
        move |progress, _, _| {
            let Some(progress) = progress.as_ref().filter(|p| p.record_id == record.get_value())
            else {
                return;
            };
            received.set(progress.received);
            if progress.done && !manual.get_value() {
                load();
            }
        },
        false,
    );
    let update = move |_| {
        manual.set_value(true);
        received.set(0);
        run_action_or(
            syncing,
            problem,
            backend::sync_reports(),
            move |()| {
                manual.set_value(false);
                load();
            },
            move |error| {
                manual.set_value(false);
                problem.set(Some(error.into()));
                load();
            },
        );
    };

    view! {
        <section class="screen reports" aria-labelledby="reports-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="reports-title">{title}</h1>
            <SyncStatus list=list syncing=syncing received=received/>
            {move || list.get().filter(|l| l.new_count > 0).map(|l| view! {
                <p class="new-count" id="new-count">
                    {i18n.tr_args("reports-new-count", vec![("count", FluentValue::from(l.new_count))])}
                </p>
            })}
            <div class="toolbar">
                <button type="button" class="button button-secondary" id="sync-now" disabled=move || syncing.get() on:click=update>
                    {move || i18n.tr("reports-update")}
                </button>
                <button type="button" class="button-link" id="go-hospitals" on:click=move |_| navigator.go(Screen::Hospitals { record_id: record.get_value() })>
                    {move || i18n.tr("reports-your-hospitals")}
                </button>
                // Not for a trusted person: "Access" is the patient's (or a parent's, or a
                // representative's).
                <Show when=move || session.viewed().is_some_and(|r| crate::screens::access::offers_access(r.relation))>
                    <button type="button" class="button-link" id="go-care-access" on:click=move |_| navigator.go(Screen::CareAccess { record_id: record.get_value() })>
                        {move || i18n.tr("care-title")}
                    </button>
                </Show>
            </div>
            <FormError problem=problem/>
            <div class="filters card" role="search">
                <div class="filter-field filter-search">
                    <label for="search">{move || i18n.tr("reports-search")}</label>
                    <input id="search" type="search" placeholder=move || i18n.tr("reports-search-example") bind:value=text/>
                </div>
                <div class="filter-field">
                <label for="filter-type">{move || i18n.tr("reports-filter-type")}</label>
                <select id="filter-type" on:change=move |ev| report_type.set(ReportType::parse(&event_target_value(&ev)))>
                    <option value="">{move || i18n.tr("reports-all-types")}</option>
                    {ReportType::ALL.into_iter().map(|t| view! { <option value=t.as_str()>{move || i18n.tr(type_key(t))}</option> }).collect_view()}
                </select>
                </div>
                <div class="filter-field">
                <label for="filter-hospital">{move || i18n.tr("reports-filter-hospital")}</label>
                <select id="filter-hospital" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    hospital.set((!value.is_empty()).then_some(value));
                }>
                    <option value="">{move || i18n.tr("reports-all-hospitals")}</option>
                    {move || list.get().map(|l| l.hospitals).unwrap_or_default().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
                </div>
            </div>
            <div id="report-list" aria-live="polite">
                {move || match list.get() {
                    None => view! { <p class="muted-line">{i18n.tr("reports-loading")}</p> }.into_any(),
                    Some(view) if view.reports.is_empty() => {
                        let key = if view.total == 0 { "reports-none" } else { "reports-no-match" };
                        view! { <p class="notice" id="reports-empty">{i18n.tr(key)}</p> }.into_any()
                    }
                    Some(view) => {
                        let rest = view.reports.len().saturating_sub(shown.get());
                        let first: Vec<_> = view.reports.into_iter().take(shown.get()).collect();
                        view! {
                            {grouped(i18n, first, record.get_value())}
                            {(rest > 0).then(|| view! {
                                <button type="button" class="button button-secondary show-more" id="reports-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                                    {i18n.tr_args("reports-show-more", vec![("count", FluentValue::from(rest.min(PAGE))), ("rest", FluentValue::from(rest))])}
                                </button>
                            })}
                        }
                        .into_any()
                    }
                }}
            </div>
        </section>
    }
}

/// "Last updated …", "Offline — last updated …", or the progress of a sync.
#[component]
fn SyncStatus(
    list: RwSignal<Option<ReportListView>>,
    syncing: RwSignal<bool>,
    received: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p
            class="sync-status"
            role="status"
            id="sync-status"
            data-last-synced=move || list.get().and_then(|l| l.last_synced).map(|at| at.to_string())
        >
            {move || {
                if syncing.get() {
                    return i18n.tr_args("reports-syncing", vec![("count", FluentValue::from(received.get()))]);
                }
                let Some(view) = list.get() else { return String::new() };
                let when = view.last_synced.map(|at| date_time(at, i18n.language()));
                match (view.offline, when) {
                    (true, Some(when)) => i18n.tr_args("reports-offline", vec![("time", FluentValue::from(when))]),
                    (true, None) => i18n.tr("reports-offline-never"),
                    (false, Some(when)) => i18n.tr_args("reports-last-updated", vec![("time", FluentValue::from(when))]),
                    (false, None) => i18n.tr("reports-never-updated"),
                }
            }}
        </p>
    }
}

fn grouped(i18n: I18n, reports: Vec<ReportSummary>, record_id: String) -> impl IntoView {
    // By month: the first report of each month stands for it.
    let mut groups: Vec<(NaiveDate, Vec<ReportSummary>)> = Vec::new();
    for report in reports {
        let key = report.performed_on;
        match groups.last_mut() {
            Some((first, items)) if (first.year(), first.month()) == (key.year(), key.month()) => {
                items.push(report)
            }
            _ => groups.push((key, vec![report])),
        }
    }
    groups
        .into_iter()
        .map(|(key, items)| {
            let heading = month(key, i18n.language());
            let label = heading.clone();
            let record_id = record_id.clone();
            view! {
                <section class="month" aria-label=label>
                    <h2 class="month-heading">{heading}</h2>
                    <ul class="report-list">
                        {items.into_iter().map(|item| report_item(i18n, item, record_id.clone())).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

fn report_item(i18n: I18n, item: ReportSummary, record_id: String) -> impl IntoView {
    let navigator = use_navigator();
    let id = item.id.clone();
    let date = long_date(item.performed_on, i18n.language());
    view! {
        <li>
            <button type="button" class="report-item" data-report=item.id.clone() on:click=move |_| {
                navigator.go(Screen::Report {
                    record_id: record_id.clone(),
                    report_id: id.clone(),
                    back: None,
                })
            }>
                <span class="report-title">{item.title.clone()}</span>
                <span class="report-meta">{format!("{} · {}", item.hospital_name, date)}</span>
                <span class="badges">
                    <span class="badge">{i18n.tr(type_key(item.report_type))}</span>
                    {item.new.then(|| view! { <span class="badge badge-new">{i18n.tr("report-new")}</span> })}
                    {item.amended.then(|| view! { <span class="badge badge-info">{i18n.tr("report-amended")}</span> })}
                    {item.out_of_range.then(|| view! { <span class="badge badge-alert">{i18n.tr("report-out-of-range")}</span> })}
                </span>
            </button>
        </li>
    }
}

/// One report; "Back" goes to `back` (the chart it was opened from), else to the list.
#[component]
pub fn ReportScreen(record_id: String, report_id: String, back: Option<Screen>) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let report = RwSignal::new(None::<ReportView>);
    let problem = RwSignal::new(None::<Problem>);
    let back_record = record_id.clone();
    let imaging = Memo::new(move |_| {
        report.with(|r| {
            r.as_ref()
                .filter(|r| r.report_type == ReportType::Radiology)
                .map(|r| (r.record_id.clone(), r.id.clone()))
        })
    });
    spawn_local(async move {
        match backend::report(record_id, report_id).await {
            Ok(found) => report.set(Some(found)),
            Err(error) => problem.set(Some(error.into())),
        }
    });
    view! {
        <section class="screen report" aria-labelledby="report-title">
            <BackButton on_back=move || navigator.go(back.clone().unwrap_or_else(|| Screen::Reports { record_id: back_record.clone() }))/>
            <FormError problem=problem/>
            {move || report.get().map(|r| {
                let performed = long_date(r.performed_on, i18n.language());
                let validated = long_date(r.validated_on, i18n.language());
                view! {
                    <h1 id="report-title">{r.title.clone()}</h1>
                    <p class="report-meta">
                        <span class="badge">{i18n.tr(type_key(r.report_type))}</span>
                        {r.is_amended().then(|| view! { <span class="badge badge-info">{i18n.tr("report-amended")}</span> })}
                    </p>
                    <dl class="card report-facts">
                        <dt>{i18n.tr("report-hospital")}</dt><dd>{r.hospital_name.clone()}</dd>
                        <dt>{i18n.tr("report-author")}</dt><dd>{r.author.clone()}</dd>
                        <dt>{i18n.tr("report-performed")}</dt><dd>{performed}</dd>
                        <dt>{i18n.tr("report-validated")}</dt><dd>{validated}</dd>
                    </dl>
                    {(!r.lab_values.is_empty()).then(|| lab_table(i18n, r.lab_values.clone()))}
                    <div class="card report-body" id="report-body">{r.body.clone()}</div>
                }
            })}
            // Apart from the part above, which is drawn again in another language: the
            // images are not read from the server again then.
            {move || imaging.get().map(|(record_id, report_id)| {
                lazy_screen(lazy_screens::radiology_study(record_id, report_id))
            })}
            {move || report.get().map(|r| view! { <ReportActions report=r/> })}
        </section>
    }
}

/// The words of the PDF in the patient's language.
fn pdf_labels(i18n: I18n, report: &ReportView) -> ReportPdfLabels {
    let language = i18n.language();
    ReportPdfLabels {
        language,
        report_type: i18n.tr(type_key(report.report_type)),
        patient: i18n.tr("pdf-patient"),
        hospital: i18n.tr("report-hospital"),
        author: i18n.tr("report-author"),
        performed_on: i18n.tr("report-performed"),
        validated_on: i18n.tr("report-validated"),
        performed_date: long_date(report.performed_on, language),
        validated_date: long_date(report.validated_on, language),
        amended: report.is_amended().then(|| {
            i18n.tr_args("pdf-amended", vec![("version", FluentValue::from(report.version))])
        }),
        analyte: i18n.tr("lab-analyte"),
        value: i18n.tr("lab-value"),
        unit: i18n.tr("lab-unit"),
        reference_range: i18n.tr("lab-range"),
        out_of_range: i18n.tr("pdf-out-of-range"),
        footer: i18n.tr_args("pdf-footer", vec![("date", FluentValue::from(today(language)))]),
        page: i18n.tr("pdf-page"),
        dialog_title: i18n.tr("report-pdf-dialog"),
    }
}

/// Save as PDF (made on the device, so it works offline) and print.
#[component]
fn ReportActions(report: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let saved = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let report = StoredValue::new(report);
    let navigator = use_navigator();
    // Phones have no print call in the shell: the PDF is saved and printed from there.
    let can_print = move || navigator.device().is_some_and(|device| device.can_print);
    let save = move |_| {
        let r = report.get_value();
        let labels = pdf_labels(i18n, &r);
        saved.set(None);
        run_action(
            busy,
            problem,
            backend::save_report_pdf(r.record_id, r.id, labels),
            move |file| {
                // None: the patient closed the dialog without saving.
                saved.set(file.map(|f| f.file_name));
            },
        );
    };
    view! {
        <div class="toolbar report-actions">
            <button type="button" class="button button-secondary" id="save-pdf" disabled=move || busy.get() on:click=save>
                {move || i18n.tr("report-save-pdf")}
            </button>
            <Show when=can_print>
                <button type="button" class="button button-secondary" id="print-report" on:click=move |_| {
                    spawn_local(async move {
                        if let Err(error) = backend::print().await {
                            problem.set(Some(error.into()));
                        }
                    });
                }>
                    {move || i18n.tr("report-print")}
                </button>
            </Show>
        </div>
        <FormError problem=problem/>
        {move || saved.get().map(|file| view! {
            <p class="notice" id="pdf-saved" role="status">
                {i18n.tr_args("report-pdf-saved", vec![("file", FluentValue::from(file))])}
            </p>
        })}
    }
}

fn lab_table(i18n: I18n, values: Vec<LabValue>) -> impl IntoView {
    let any_out = values.iter().any(|v| v.flag.out_of_range());
    // A row naming the panel where a (nested) panel's values begin.
    let mut panel = None::<String>;
    let rows = values
        .into_iter()
        .map(|v| {
            let heading = (v.panel.is_some() && v.panel != panel).then(|| v.panel.clone());
            panel = v.panel.clone();
            let out = v.flag.out_of_range();
            let unit = v.unit.unwrap_or_default();
            let range = v
                .reference_range
                .filter(|r| !r.is_empty())
                .map(|r| if unit.is_empty() { r } else { format!("{r} {unit}") });
            view! {
                {heading.flatten().map(|name| view! {
                    <tr class="lab-panel"><th colspan="3" scope="rowgroup">{name}</th></tr>
                })}
                <tr class:out-of-range=out>
                    <th scope="row" class="lab-analyte">{v.analyte}</th>
                    <td class="lab-value">
                        {v.value}
                        {(!unit.is_empty()).then(|| format!(" {unit}"))}
                        {out.then(|| view! {
                            <span class="out-mark" aria-hidden="true">{format!(" {}", v.flag.mark())}</span>
                            <span class="visually-hidden">{format!(" ({})", i18n.tr("report-out-of-range"))}</span>
                        })}
                    </td>
                    // On a phone the range goes under the value, named (style.css).
                    <td class="lab-range" data-label=i18n.tr("lab-range")>{range.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card table-wrap">
            <table class="lab-table" id="lab-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr("lab-analyte")}</th>
                        <th scope="col">{i18n.tr("lab-value")}</th>
                        <th scope="col">{i18n.tr("lab-range")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            {any_out.then(|| view! {
                <p class="lab-legend" id="lab-legend">{i18n.tr("lab-legend")}</p>
            })}
        </div>
    }
}

#[component]
pub fn HospitalsScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let hospitals = RwSignal::new(Vec::<HospitalView>::new());
    let pending = RwSignal::new(Vec::<PendingReport>::new());
    let problem = RwSignal::new(None::<Problem>);
    let back_record = record_id.clone();
    spawn_local(async move {
        match backend::hospitals().await {
            Ok(list) => hospitals.set(list),
            Err(error) => problem.set(Some(error.into())),
        }
        if let Ok(list) = backend::pending_reports(record_id).await {
            pending.set(list);
        }
    });
    view! {
        <section class="screen" aria-labelledby="hospitals-title">
            <BackButton on_back=move || navigator.go(Screen::Reports { record_id: back_record.clone() })/>
            <h1 id="hospitals-title">{move || i18n.tr("hospitals-title")}</h1>
            <p class="intro">{move || i18n.tr("hospitals-intro")}</p>
            <FormError problem=problem/>
            <Show when=move || !pending.get().is_empty()>
                <section class="card" id="pending">
                    <h2 class="card-heading">{move || i18n.tr("hospitals-pending")}</h2>
                    <ul class="plain-list">
                        {move || pending.get().into_iter().map(|p| {
                            let name = hospitals.get().into_iter().find(|h| h.id == p.hospital_id).map(|h| h.name).unwrap_or_default();
                            let date = long_date(p.visible_on, i18n.language());
                            view! {
                                <li>{i18n.tr_args("hospitals-pending-item", vec![
                                    ("type", FluentValue::from(i18n.tr(type_key(p.report_type)))),
                                    ("hospital", FluentValue::from(name)),
                                    ("date", FluentValue::from(date)),
                                ])}</li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
            <ul class="card-list" id="hospital-list">
                {move || hospitals.get().into_iter().map(|h| hospital_card(i18n, h)).collect_view()}
            </ul>
        </section>
    }
}

fn hospital_card(i18n: I18n, hospital: HospitalView) -> impl IntoView {
    let from = long_date(hospital.reports_visible_from, i18n.language());
    let name = hospital.name.clone();
    view! {
        <li class="card hospital">
            <p class="card-title">{format!("{} · {}", hospital.name, hospital.city)}</p>
            <p class="muted-line">{i18n.tr_args("hospitals-from", vec![("date", FluentValue::from(from))])}</p>
            {if hospital.delays.is_empty() {
                view! { <p class="muted-line">{i18n.tr("hospitals-no-delay")}</p> }.into_any()
            } else {
                hospital.delays.iter().map(|d| view! {
                    <p class="muted-line">{i18n.tr_args("hospitals-delay", vec![
                        ("type", FluentValue::from(i18n.tr(type_key(d.report_type)))),
                        ("hospital", FluentValue::from(name.clone())),
                        ("days", FluentValue::from(d.days)),
                    ])}</p>
                }).collect_view().into_any()
            }}
            {(!hospital.shares_child_reports).then(|| view! { <p class="muted-line">{i18n.tr("hospitals-no-child-reports")}</p> })}
        </li>
    }
}
