//! "Access" of a record (one's own, a child's, a represented person's): who may see it
//! (care teams, the GP, referrers, people with a link, exclusions, eHealth consent), with
//! the changes the patient may make there, each confirmed first; and who looked at it,
//! from the device's cache (offline too), filtered by period and kind, break-the-glass
//! openings standing out with their justification.

use dossier_api::{
    care_access::{
        AccessChange, AccessEvent, AccessGround, AccessLogEntry, AccessRefusal, Accessor,
        CareProviderView, CareRole, ExclusionSource, ExclusionView, OpenedItem,
        RecordAccessOverview, StudyAction,
    },
    links::{LinkKind, RecordLinkView},
    reports::Relation,
    shell::{AccessKindView, AccessLogArgs},
};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    format::{date_time, long_date},
    forms::{BackButton, ConfirmedAction, FormError, Problem, run_action},
    i18n::{I18n, Whose, use_i18n},
    live::use_shell_events,
    nav::{Screen, use_navigator},
    saved_list::{SavedList, saved_list},
    session::use_session,
};

/// Entries shown at first, and added by "Show more".
const LOG_STEP: u32 = 100;

/// Where the patient manages eHealth exclusions.
const EHEALTH_SITE: &str = "www.ehealth.fgov.be";

/// Whether "Access" is offered for a record: not for a trusted person's.
pub fn offers_access(relation: Relation) -> bool {
    relation != Relation::TrustedPerson
}

/// Whose record the screen is about, to word its texts ("my record" / "Lotte's record").
fn whose_record(record_id: String) -> Signal<Whose> {
    let session = use_session();
    Signal::derive(move || session.whose(&record_id))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    WhoMay,
    WhoDid,
}

#[component]
pub fn CareAccessScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let whose = whose_record(record_id.clone());
    let record = StoredValue::new(record_id);
    let part = RwSignal::new(Part::WhoMay);
    let title = move || match session.viewed().filter(|_| session.viewing_other()) {
        Some(other) => {
            i18n.tr_args("care-title-of", vec![("given", FluentValue::from(other.given_name))])
        }
        None => i18n.tr("care-title"),
    };
    let tab = move |which: Part, id: &'static str, key: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                class="tab"
                aria-selected=move || (part.get() == which).to_string()
                on:click=move |_| part.set(which)
            >
                {move || i18n.tr_whose(key, &whose.get(), vec![])}
            </button>
        }
    };
    view! {
        <section class="screen care-access" aria-labelledby="care-title">
            <BackButton on_back=move || navigator.go(Screen::Reports { record_id: record.get_value() })/>
            <h1 id="care-title">{title}</h1>
            <div class="tabs" role="tablist">
                {tab(Part::WhoMay, "tab-who-may", "care-who-may")}
                {tab(Part::WhoDid, "tab-who-did", "care-who-did")}
            </div>
            {move || match part.get() {
                Part::WhoMay => view! { <WhoMay record_id=record.get_value()/> }.into_any(),
                Part::WhoDid => view! { <WhoDid record_id=record.get_value()/> }.into_any(),
            }}
        </section>
    }
}

/// "Who may see my record".
#[component]
fn WhoMay(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let record = StoredValue::new(record_id);
    let overview = RwSignal::new(None::<RecordAccessOverview>);
    let links = RwSignal::new(None::<Result<Vec<RecordLinkView>, ()>>);
    let problem = RwSignal::new(None::<Problem>);
    spawn_local(async move {
        match backend::access_overview(record.get_value()).await {
            Ok(answer) => overview.set(Some(answer)),
            Err(error) => problem.set(Some(error.into())),
        }
    });
    spawn_local(async move {
        // Fetched is the list; a refusal or no connection leaves a line saying so.
        links.set(Some(backend::record_links(record.get_value()).await.map_err(|_| ())));
    });
    view! {
        <div id="who-may" role="tabpanel" aria-labelledby="tab-who-may">
            <p class="intro">{move || i18n.tr("care-who-may-intro")}</p>
            <FormError problem=problem/>
            {move || overview.get().map(|o| view! { <Overview overview=o links=links record=record.get_value()/> })}
        </div>
    }
}

#[component]
fn Overview(
    overview: RecordAccessOverview,
    links: RwSignal<Option<Result<Vec<RecordLinkView>, ()>>>,
    record: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let may_change = overview.may_change;
    // Each change answers with the whole new overview: the screen shows that.
    let current = RwSignal::new(overview);
    // Which question is open lives here, outside what a change of language draws again.
    let open = RwSignal::new(None::<String>);
    let whose = whose_record(record.clone());
    let record = StoredValue::new(record);
    view! {
        {move || {
            let o = current.get();
            let consent = o.ehealth_consent;
            view! {
                <h2 class="section-heading">{i18n.tr("care-teams-heading")}</h2>
                <p class="muted-line">{i18n.tr_whose("care-teams-note", &whose.get(), vec![])}</p>
                <ul class="card-list" id="care-teams">
                    {if o.care_teams.is_empty() {
                        view! { <li class="muted-line">{i18n.tr_whose("care-teams-none", &whose.get(), vec![])}</li> }.into_any()
                    } else {
                        o.care_teams.into_iter().map(|team| {
                            let place = [Some(team.hospital_name), team.department].into_iter().flatten().collect::<Vec<_>>().join(", ");
                            let period = match team.until {
                                Some(until) => i18n.tr_args("care-period", vec![
                                    ("from", FluentValue::from(long_date(team.from, i18n.language()))),
                                    ("until", FluentValue::from(long_date(until, i18n.language()))),
                                ]),
                                None => i18n.tr_args("care-since", vec![("from", FluentValue::from(long_date(team.from, i18n.language())))]),
                            };
                            view! {
                                <li class="card care-team">
                                    <p class="card-title">{team.provider.name.clone()}</p>
                                    <p class="muted-line">{role_name(i18n, team.provider.role)}" · "{place}</p>
                                    <p class="muted-line">{period}</p>
                                </li>
                            }
                        }).collect_view().into_any()
                    }}
                </ul>

                <h2 class="section-heading">{i18n.tr_whose("care-gp-heading", &whose.get(), vec![])}</h2>
                {match o.general_practitioner {
                    None => view! { <p class="muted-line" id="no-gp">{i18n.tr_whose("care-gp-none", &whose.get(), vec![])}</p> }.into_any(),
                    Some(gp) => {
                        let name = gp.provider.name.clone();
                        let since = long_date(gp.since, i18n.language());
                        let status = if gp.objected {
                            i18n.tr_whose("care-gp-objected", &whose.get(), vec![("since", FluentValue::from(since))])
                        } else {
                            i18n.tr_whose("care-gp-allowed", &whose.get(), vec![])
                        };
                        view! {
                            <div class="card" id="gp" data-objected=gp.objected.to_string()>
                                <p class="card-title">{name.clone()}</p>
                                <p class="muted-line">{provider_line(i18n, &gp.provider)}</p>
                                <p class="status-line" id="gp-status">{status}</p>
                                {may_change.then(|| view! { <GpChoice record=record.get_value() objected=gp.objected name=name current=current open=open/> })}
                            </div>
                        }.into_any()
                    }
                }}

                <h2 class="section-heading">{i18n.tr_whose("care-referrers-heading", &whose.get(), vec![])}</h2>
                <ul class="card-list" id="referrers">
                    {if o.referrers.is_empty() {
                        view! { <li class="muted-line">{i18n.tr_whose("care-referrers-none", &whose.get(), vec![])}</li> }.into_any()
                    } else {
                        o.referrers.into_iter().map(|referrer| {
                            let name = referrer.provider.name.clone();
                            let given = long_date(referrer.given_on, i18n.language());
                            view! {
                                <li class="card referrer">
                                    <p class="card-title">{name.clone()}</p>
                                    <p class="muted-line">{provider_line(i18n, &referrer.provider)}</p>
                                    <p class="muted-line">{i18n.tr_args("care-consent-given", vec![("date", FluentValue::from(given))])}</p>
                                    {may_change.then(|| view! { <Withdraw record=record.get_value() provider=referrer.provider.id.clone() name=name current=current open=open/> })}
                                </li>
                            }
                        }).collect_view().into_any()
                    }}
                </ul>

                <h2 class="section-heading">{i18n.tr("care-links-heading")}</h2>
                <ul class="card-list" id="care-links">
                    {move || match links.get() {
                        None => ().into_any(),
                        Some(Err(())) => view! { <li class="muted-line">{i18n.tr("care-links-unknown")}</li> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => view! { <li class="muted-line">{i18n.tr("care-links-none")}</li> }.into_any(),
                        Some(Ok(list)) => list.into_iter().map(|link| {
                            let kind = i18n.tr(match link.kind {
                                LinkKind::ParentChild => "access-kind-parent",
                                LinkKind::TrustedPerson => "access-kind-trusted-person",
                                LinkKind::Representative => "access-kind-representative",
                            });
                            view! {
                                <li class="card">
                                    <p class="card-title">{format!("{} {}", link.given_name, link.family_name)}</p>
                                    <p class="muted-line">{kind}</p>
                                </li>
                            }
                        }).collect_view().into_any(),
                    }}
                </ul>

                <h2 class="section-heading">{i18n.tr("care-exclusions-heading")}</h2>
                <p class="muted-line">{i18n.tr_whose("care-exclusions-note", &whose.get(), vec![])}</p>
                <ul class="card-list" id="exclusions">
                    {if o.exclusions.is_empty() {
                        view! { <li class="muted-line">{i18n.tr_whose("care-exclusions-none", &whose.get(), vec![])}</li> }.into_any()
                    } else {
                        o.exclusions.into_iter().map(|exclusion| view! {
                            <Exclusion exclusion=exclusion may_change=may_change record=record.get_value() current=current open=open/>
                        }).collect_view().into_any()
                    }}
                </ul>

                <h2 class="section-heading">{i18n.tr("care-ehealth-heading")}</h2>
                <p class="card status-line" id="ehealth-consent" data-given=consent.given.to_string()>
                    {match (consent.given, consent.on) {
                        (true, Some(on)) => i18n.tr_whose("care-ehealth-given", &whose.get(), vec![("date", FluentValue::from(long_date(on, i18n.language())))]),
                        (false, Some(on)) => i18n.tr_whose("care-ehealth-refused", &whose.get(), vec![("date", FluentValue::from(long_date(on, i18n.language())))]),
                        (_, None) => i18n.tr_whose("care-ehealth-never", &whose.get(), vec![]),
                    }}
                    " "
                    {i18n.tr_args("care-ehealth-where", vec![("site", FluentValue::from(EHEALTH_SITE))])}
                </p>
            }
        }}
    }
}

/// "Object" or "Allow again" for the GP, confirmed first.
#[component]
fn GpChoice(
    record: String,
    objected: bool,
    name: String,
    current: RwSignal<RecordAccessOverview>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let whose = whose_record(record.clone());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let change = move || {
        let action = backend::set_gp_objection(record.clone(), !objected);
        run_action(busy, problem, action, move |answer| {
            open.set(None);
            current.set(answer);
        });
    };
    let (label, question, confirm) = if objected {
        ("care-gp-allow", "care-gp-allow-question", "care-gp-allow-confirm")
    } else {
        ("care-gp-object", "care-gp-object-question", "care-gp-object-confirm")
    };
    view! {
        <FormError problem=problem/>
        <ConfirmedAction
            id="gp-change"
            label=label
            question=Signal::derive(move || i18n.tr_whose(question, &whose.get(), vec![("name", FluentValue::from(name.clone()))]))
            confirm_label=confirm
            busy=busy
            on_confirm=change
            open=open
        />
    }
}

#[component]
fn Withdraw(
    record: String,
    provider: String,
    name: String,
    current: RwSignal<RecordAccessOverview>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let whose = whose_record(record.clone());
    let id = format!("withdraw-{provider}");
    let withdraw = move || {
        let action = backend::withdraw_referrer(record.clone(), provider.clone());
        run_action(busy, problem, action, move |answer| {
            open.set(None);
            current.set(answer);
        });
    };
    view! {
        <FormError problem=problem/>
        <ConfirmedAction
            id=id
            label="care-withdraw"
            question=Signal::derive(move || i18n.tr_whose("care-withdraw-question", &whose.get(), vec![("name", FluentValue::from(name.clone()))]))
            confirm_label="care-withdraw-confirm"
            busy=busy
            on_confirm=withdraw
            open=open
        />
    }
}

#[component]
fn Exclusion(
    exclusion: ExclusionView,
    may_change: bool,
    record: String,
    current: RwSignal<RecordAccessOverview>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let whose = whose_record(record.clone());
    let name = exclusion.provider.name.clone();
    let since = long_date(exclusion.since, i18n.language());
    let source = match (exclusion.source, &exclusion.registered_by) {
        (ExclusionSource::Hospital, Some(hospital)) => i18n.tr_args(
            "care-exclusion-hospital-by",
            vec![
                ("hospital", FluentValue::from(hospital.clone())),
                ("since", FluentValue::from(since)),
            ],
        ),
        (ExclusionSource::Hospital, None) => {
            i18n.tr_args("care-exclusion-hospital", vec![("since", FluentValue::from(since))])
        }
        (ExclusionSource::Ehealth, _) => {
            i18n.tr_args("care-exclusion-ehealth", vec![("since", FluentValue::from(since))])
        }
    };
    let overridden = exclusion.overridden_until.map(|until| {
        i18n.tr_args(
            "care-exclusion-overridden",
            vec![("until", FluentValue::from(date_time(until, i18n.language())))],
        )
    });
    let stoppable = may_change && exclusion.stoppable;
    let ehealth = exclusion.source == ExclusionSource::Ehealth;
    let id = exclusion.id.clone();
    let stop = move || {
        let action = backend::stop_exclusion(record.clone(), id.clone());
        run_action(busy, problem, action, move |answer| {
            open.set(None);
            current.set(answer);
        });
    };
    let question_name = name.clone();
    view! {
        <li class="card exclusion" data-source=exclusion.source.as_str()>
            <p class="card-title">{name}</p>
            <p class="muted-line">{provider_line(i18n, &exclusion.provider)}</p>
            <p class="muted-line">{source}</p>
            {overridden.map(|text| view! { <p class="notice notice-warning">{text}</p> })}
            {ehealth.then(|| view! {
                <p class="notice ehealth-managed">{i18n.tr_args("care-exclusion-ehealth-where", vec![("site", FluentValue::from(EHEALTH_SITE))])}</p>
            })}
            <FormError problem=problem/>
            {stoppable.then(|| view! {
                <ConfirmedAction
                    id=format!("stop-{}", exclusion.id)
                    label="care-stop"
                    question=Signal::derive(move || i18n.tr_whose("care-stop-question", &whose.get(), vec![("name", FluentValue::from(question_name.clone()))]))
                    confirm_label="care-stop-confirm"
                    busy=busy
                    on_confirm=stop
                    open=open
                />
            })}
        </li>
    }
}

/// "Who looked at my record": from the cache at once, then the new entries fetched.
#[component]
fn WhoDid(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let whose = whose_record(record_id.clone());
    let record = StoredValue::new(record_id);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<AccessKindView>);
    let limit = RwSignal::new(LOG_STEP);
    let read = move |record_id: String| {
        let day =
            |field: RwSignal<String>| dossier_api::dates::parse_iso(field.get_untracked().trim());
        backend::access_log(AccessLogArgs {
            record_id,
            from: day(from),
            to: day(to),
            kinds: kind.get_untracked().into_iter().collect(),
            limit: limit.get_untracked(),
        })
    };
    let announced = use_shell_events().access_log_synced;
    let SavedList { list: log, problem, syncing, load, update } =
        saved_list(record, read, backend::sync_access_log, announced);
    // Filters apply as they change, from memory.
    Effect::new(move |first: Option<()>| {
        let _ = (from.get(), to.get(), kind.get(), limit.get());
        if first.is_some() {
            load();
        }
    });

    view! {
        <div id="who-did" role="tabpanel" aria-labelledby="tab-who-did">
            <p class="intro">{move || i18n.tr_whose("care-who-did-intro", &whose.get(), vec![])}</p>
            <p class="sync-status" role="status" id="log-status">
                {move || {
                    if syncing.get() {
                        return i18n.tr("care-log-updating");
                    }
                    let Some(view) = log.get() else { return String::new() };
                    let when = view.last_synced.map(|at| date_time(at, i18n.language()));
                    match (view.offline, when) {
                        (true, Some(when)) => i18n.tr_args("care-log-offline", vec![("time", FluentValue::from(when))]),
                        (true, None) => i18n.tr("care-log-offline-never"),
                        (false, Some(when)) => i18n.tr_args("reports-last-updated", vec![("time", FluentValue::from(when))]),
                        (false, None) => i18n.tr("reports-never-updated"),
                    }
                }}
            </p>
            <div class="toolbar">
                <button type="button" class="button button-secondary" id="log-update" disabled=move || syncing.get() on:click=move |_| update()>
                    {move || i18n.tr("reports-update")}
                </button>
            </div>
            <FormError problem=problem/>
            <div class="filters card" role="search">
                <div class="filter-field">
                    <label for="log-from">{move || i18n.tr("care-log-from")}</label>
                    <input id="log-from" type="date" bind:value=from/>
                </div>
                <div class="filter-field">
                    <label for="log-to">{move || i18n.tr("care-log-to")}</label>
                    <input id="log-to" type="date" bind:value=to/>
                </div>
                <div class="filter-field">
                    <label for="log-kind">{move || i18n.tr("care-log-kind")}</label>
                    <select id="log-kind" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        kind.set(AccessKindView::ALL.into_iter().find(|k| kind_key(*k) == value));
                    }>
                        <option value="">{move || i18n.tr("care-kind-all")}</option>
                        {AccessKindView::ALL.into_iter().map(|k| view! { <option value=kind_key(k)>{move || i18n.tr_whose(kind_key(k), &whose.get(), vec![])}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <div id="access-log" aria-live="polite">
                {move || match log.get() {
                    None => view! { <p class="muted-line">{i18n.tr("care-log-loading")}</p> }.into_any(),
                    Some(view) if view.entries.is_empty() => {
                        let key = if view.total == 0 { "care-log-none" } else { "care-log-no-match" };
                        view! { <p class="notice" id="log-empty">{i18n.tr(key)}</p> }.into_any()
                    }
                    Some(view) => {
                        let more = view.matching > view.entries.len() as u32;
                        let counted = i18n.tr_args("care-log-count", vec![
                            ("shown", FluentValue::from(view.entries.len())),
                            ("matching", FluentValue::from(view.matching)),
                        ]);
                        view! {
                            <p class="muted-line" id="log-count">{counted}</p>
                            <ul class="card-list" id="log-entries">
                                {view.entries.into_iter().map(|entry| log_entry(i18n, &whose.get(), entry)).collect_view()}
                            </ul>
                            {more.then(|| view! {
                                <button type="button" class="button button-secondary button-wide" id="log-more" on:click=move |_| limit.update(|l| *l += LOG_STEP)>
                                    {i18n.tr("care-log-more")}
                                </button>
                            })}
                        }.into_any()
                    }
                }}
            </div>
        </div>
    }
}

/// One entry: who, role and hospital, when, what, on what ground (or why refused, or what
/// changed).
fn log_entry(i18n: I18n, whose: &Whose, entry: AccessLogEntry) -> impl IntoView + use<> {
    let when = date_time(entry.at, i18n.language());
    let (name, about) = match &entry.who {
        Accessor::CareProvider { name, role, hospital_name, department, .. } => {
            let place = [hospital_name.clone(), department.clone()].into_iter().flatten();
            let about = std::iter::once(role_name(i18n, *role)).chain(place).collect::<Vec<_>>();
            (name.clone(), about.join(" · "))
        }
        Accessor::LinkedPerson { name, link } => (
            name.clone(),
            i18n.tr(match link {
                LinkKind::ParentChild => "access-kind-parent",
                LinkKind::TrustedPerson => "access-kind-trusted-person",
                LinkKind::Representative => "access-kind-representative",
            }),
        ),
        Accessor::Patient { name } => (name.clone(), i18n.tr("care-log-patient")),
        // A care provider outside the network, with a code the patient made for one study.
        Accessor::ShareCode { ending } => (
            i18n.tr_args(
                "care-log-share-code",
                vec![("ending", FluentValue::from(ending.clone()))],
            ),
            i18n.tr("care-log-share-code-about"),
        ),
    };
    let what = |item: &OpenedItem| match item {
        OpenedItem::Record => i18n.tr("care-log-what-record"),
        OpenedItem::Report { title, .. } => {
            i18n.tr_args("care-log-what-report", vec![("title", FluentValue::from(title.clone()))])
        }
        OpenedItem::RadiologyStudy { title, action, .. } => i18n.tr_args(
            match action {
                StudyAction::Viewed => "care-log-what-study",
                StudyAction::Downloaded => "care-log-what-study-download",
            },
            vec![("title", FluentValue::from(title.clone()))],
        ),
    };
    let (class, line, justification) = match &entry.event {
        AccessEvent::Opened { what: item, ground, justification } => {
            let exceptional =
                matches!(ground, AccessGround::BreakTheGlass | AccessGround::ExclusionOverride);
            let line = format!("{} · {}", what(item), ground_name(i18n, whose, *ground));
            let class = if exceptional { "log-entry log-glass" } else { "log-entry" };
            (class, line, justification.clone())
        }
        AccessEvent::Refused { what: item, reason } => {
            let line = format!("{} · {}", what(item), refusal_name(i18n, whose, *reason));
            ("log-entry log-refused", line, None)
        }
        AccessEvent::Changed { change } => {
            ("log-entry log-change", change_text(i18n, change), None)
        }
    };
    let badge = match &entry.event {
        AccessEvent::Opened { ground: AccessGround::BreakTheGlass, .. } => Some("care-badge-glass"),
        AccessEvent::Opened { ground: AccessGround::ExclusionOverride, .. } => {
            Some("care-badge-override")
        }
        AccessEvent::Refused { .. } => Some("care-badge-refused"),
        _ => None,
    };
    view! {
        <li class=format!("card {class}") data-seq=entry.seq.to_string()>
            {badge.map(|key| view! { <p class="log-badge">{i18n.tr(key)}</p> })}
            <p class="card-title">{name}</p>
            <p class="muted-line">{about}</p>
            <p class="muted-line"><time>{when}</time></p>
            <p class="status-line">{line}</p>
            {justification.map(|why| view! {
                <blockquote class="justification">
                    <span class="justification-label">{i18n.tr("care-log-justification")}</span>
                    " "
                    {why}
                </blockquote>
            })}
        </li>
    }
}

fn provider_line(i18n: I18n, provider: &CareProviderView) -> String {
    let places = provider.workplaces.iter().map(|w| match &w.department {
        Some(department) => format!("{}, {department}", w.hospital_name),
        None => w.hospital_name.clone(),
    });
    std::iter::once(role_name(i18n, provider.role)).chain(places).collect::<Vec<_>>().join(" · ")
}

fn role_name(i18n: I18n, role: CareRole) -> String {
    i18n.tr(match role {
        CareRole::Physician => "care-role-physician",
        CareRole::GeneralPractitioner => "care-role-gp",
        CareRole::Nurse => "care-role-nurse",
        CareRole::ClinicalBiologist => "care-role-clinical-biologist",
        CareRole::LabTechnician => "care-role-lab-technician",
        CareRole::Pharmacist => "care-role-pharmacist",
        CareRole::Dentist => "care-role-dentist",
        CareRole::Physiotherapist => "care-role-physiotherapist",
        CareRole::AdministrativeStaff => "care-role-administrative",
    })
}

fn ground_name(i18n: I18n, whose: &Whose, ground: AccessGround) -> String {
    let key = match ground {
        AccessGround::CareRelationship => "care-ground-care-relationship",
        AccessGround::GeneralPractitioner => "care-ground-gp",
        AccessGround::ReferrerConsent => "care-ground-referrer",
        AccessGround::BreakTheGlass => "care-ground-glass",
        AccessGround::ExclusionOverride => "care-ground-override",
        AccessGround::LinkedPerson => "care-ground-linked",
        AccessGround::ShareCode => "care-ground-share-code",
    };
    i18n.tr_whose(key, whose, vec![])
}

fn refusal_name(i18n: I18n, whose: &Whose, reason: AccessRefusal) -> String {
    let key = match reason {
        AccessRefusal::Excluded => "care-refused-excluded",
        AccessRefusal::NoRelationship => "care-refused-no-relationship",
        AccessRefusal::GpObjected => "care-refused-gp-objected",
        AccessRefusal::ConsentWithdrawn => "care-refused-consent-withdrawn",
        AccessRefusal::JustificationMissing => "care-refused-justification-missing",
        AccessRefusal::RoleMayNotOpenReports => "care-refused-role",
        AccessRefusal::PatientDied => "care-refused-patient-died",
        AccessRefusal::WrongBirthDate => "care-refused-wrong-birth-date",
        AccessRefusal::ShareCodeStopped => "care-refused-share-code-stopped",
        AccessRefusal::ShareCodeExpired => "care-refused-share-code-expired",
        AccessRefusal::ShareCodeBlocked => "care-refused-share-code-blocked",
    };
    i18n.tr_whose(key, whose, vec![])
}

fn change_text(i18n: I18n, change: &AccessChange) -> String {
    let (key, name) = match change {
        AccessChange::GpObjected { provider_name } => ("care-change-gp-objected", provider_name),
        AccessChange::GpAllowedAgain { provider_name } => ("care-change-gp-allowed", provider_name),
        AccessChange::ReferrerConsentWithdrawn { provider_name } => {
            ("care-change-referrer-withdrawn", provider_name)
        }
        AccessChange::ExclusionStopped { provider_name } => {
            ("care-change-exclusion-stopped", provider_name)
        }
        AccessChange::GpNamed { provider_name } => ("care-change-gp-named", provider_name),
        AccessChange::GpRemoved { provider_name } => ("care-change-gp-removed", provider_name),
    };
    i18n.tr_args(key, vec![("name", FluentValue::from(name.clone()))])
}

/// The message key of a kind, also its option's value.
fn kind_key(kind: AccessKindView) -> &'static str {
    match kind {
        AccessKindView::CareTeam => "care-kind-care-team",
        AccessKindView::GeneralPractitioner => "care-kind-gp",
        AccessKindView::Referrer => "care-kind-referrer",
        AccessKindView::BreakTheGlass => "care-kind-glass",
        AccessKindView::LinkedPerson => "care-kind-linked",
        AccessKindView::ShareCode => "care-kind-share-code",
        AccessKindView::Refused => "care-kind-refused",
        AccessKindView::Change => "care-kind-change",
    }
}
