//! Linked records: the switcher (own record first, then the children's and those one holds
//! a link for, each with the relation in words) and the banner that says on every screen
//! whose record is shown when it is not one's own.

use dossier_api::{
    age,
    reports::Relation,
    shell::{ClosedReasonView, RecordView},
};
use fluent_bundle::FluentValue;
use leptos::prelude::*;

use crate::{
    format::today_date,
    forms::BackButton,
    i18n::{I18n, use_i18n},
    nav::{Screen, use_navigator},
    session::use_session,
};

/// "your child Lotte, 9", "Jan Peeters — you are his trusted person", "your own record".
pub fn relation_words(i18n: I18n, record: &RecordView) -> String {
    let name = format!("{} {}", record.given_name, record.family_name);
    let age =
        today_date().map(|today| age::age_on(record.date_of_birth, today)).unwrap_or_default();
    let args = vec![
        ("name", FluentValue::from(name)),
        ("given", FluentValue::from(record.given_name.clone())),
        ("age", FluentValue::from(age)),
    ];
    let key = match record.relation {
        Relation::Own => "relation-own",
        Relation::Child => "relation-child",
        Relation::TrustedPerson => "relation-trusted-person",
        Relation::Representative => "relation-representative",
    };
    i18n.tr_args(key, args)
}

/// The switcher: every record the user may open; choosing one opens it from this device.
#[component]
pub fn RecordsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    session.refresh_records();
    view! {
        <section class="screen" aria-labelledby="records-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="records-title">{move || i18n.tr("records-title")}</h1>
            <p class="intro">{move || i18n.tr("records-intro")}</p>
            <ul class="card-list" id="record-list">
                <For each=move || session.records() key=|record| record.record_id.clone() let:record>
                    {
                        let id = StoredValue::new(record.record_id.clone());
                        let current = move || session.viewed().is_some_and(|v| id.with_value(|id| v.record_id == *id));
                        let open_id = record.record_id.clone();
                        let name = format!("{} {}", record.given_name, record.family_name);
                        let words = record.clone();
                        view! {
                            <li class="card record" data-record=record.record_id.clone() data-relation=format!("{:?}", record.relation)>
                                <p class="card-title">{name}</p>
                                <p class="muted-line">{move || relation_words(i18n, &words)}</p>
                                <button
                                    type="button"
                                    class="button button-secondary record-open"
                                    aria-current=move || current().then_some("true")
                                    on:click=move |_| {
                                        session.view(&open_id);
                                        navigator.go(Screen::Home);
                                    }
                                >
                                    {move || if current() { i18n.tr("records-current") } else { i18n.tr("records-open") }}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <button type="button" class="button button-secondary button-wide" id="go-ask-for-child" on:click=move |_| navigator.go(Screen::AskForChild)>
                {move || i18n.tr("records-ask")}
            </button>
        </section>
    }
}

/// On every screen while someone else's record is shown: whose, and the way back. Also
/// says once when a record that was shown closed (a 15th birthday, a link that ended).
#[component]
pub fn RecordBanner() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    view! {
        {move || session.viewing_other().then(|| session.viewed()).flatten().map(|record| {
            let words = relation_words(i18n, &record);
            view! {
                <div class="record-banner" role="status" id="record-banner">
                    <p>{i18n.tr_args("records-banner", vec![("who", FluentValue::from(words))])}</p>
                    <button type="button" class="button-link" id="back-to-own" on:click=move |_| {
                        if let Some(own) = session.own_record() {
                            session.view(&own.record_id);
                        }
                        navigator.go(Screen::Home);
                    }>
                        {i18n.tr("records-back-to-own")}
                    </button>
                </div>
            }
        })}
        <For each=move || session.closed_records() key=|closed| closed.record.record_id.clone() let:closed>
            {
                let record_id = closed.record.record_id.clone();
                let shown_id = record_id.clone();
                let given = closed.record.given_name.clone();
                let name = format!("{} {}", closed.record.given_name, closed.record.family_name);
                let key = match closed.reason {
                    ClosedReasonView::TurnedFifteen => "records-closed-fifteen",
                    ClosedReasonView::PeriodOver => "records-closed-period",
                    ClosedReasonView::NoLongerLinked => "records-closed",
                };
                view! {
                    <div class="notice notice-info record-closed" role="status" data-record=shown_id>
                        <p>{move || i18n.tr_args(key, vec![
                            ("given", FluentValue::from(given.clone())),
                            ("name", FluentValue::from(name.clone())),
                        ])}</p>
                        <button type="button" class="button-link" on:click=move |_| session.dismiss_closed(&record_id)>
                            {move || i18n.tr("records-closed-ok")}
                        </button>
                    </div>
                }
            }
        </For>
    }
}
