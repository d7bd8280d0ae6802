//! A record's appointments: coming ones first with "today" and "tomorrow", where to go and
//! what to bring, adding one to the calendar, joining a video consultation from 15 minutes
//! before, cancelling where the department allows it (confirmed first); then past and
//! cancelled ones. Read from the device, so it works offline too.

use dossier_api::{
    appointments::{
        AppointmentKind, AppointmentStatus, AppointmentView, CancelledBy, VIDEO_LINK_LEAD_SECONDS,
    },
    reports::Relation,
    shell::{AppointmentsView, CalendarLabels, LinkKind},
};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    format::{appointment_time, brussels_day, clock_time},
    forms::{BackButton, ConfirmedAction, FormError, LastUpdated, Problem, run_action},
    i18n::use_i18n,
    live::use_shell_events,
    nav::{Screen, use_navigator},
    saved_list::{SavedList, saved_list},
    session::use_session,
};

#[component]
pub fn AppointmentsScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let title = move || match session.viewed().filter(|_| session.viewing_other()) {
        Some(other) => i18n
            .tr_args("appointments-title-of", vec![("given", FluentValue::from(other.given_name))]),
        None => i18n.tr("appointments-title"),
    };
    // A trusted person reads; only the patient, a parent or a representative cancels.
    let may_cancel =
        move || session.viewed().is_some_and(|r| r.relation != Relation::TrustedPerson);
    let record = StoredValue::new(record_id);
    let announced = use_shell_events().appointments_synced;
    let SavedList { list, problem, syncing, update, .. } =
        saved_list(record, backend::appointments, backend::sync_appointments, announced);
    // Which question is open, outside what a redraw throws away.
    let open = RwSignal::new(None::<String>);
    view! {
        <section class="screen appointments" aria-labelledby="appointments-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="appointments-title">{title}</h1>
            <LastUpdated
                id="appointments-status"
                syncing=syncing
                saved=Signal::derive(move || list.with(|l| l.as_ref().map(|l| (l.offline, l.last_synced))))
                offline_key="appointments-offline"
                offline_never_key="appointments-offline-never"
            />
            <div class="toolbar">
                <button type="button" class="button button-secondary" id="appointments-update" disabled=move || syncing.get() on:click=move |_| update()>
                    {move || i18n.tr("reports-update")}
                </button>
            </div>
            <FormError problem=problem/>
            {move || list.get().map(|view| {
                let AppointmentsView { upcoming, past, now, offline, .. } = view;
                let cancellable = may_cancel() && !offline;
                view! {
                    <h2 class="section-heading">{i18n.tr("appointments-upcoming")}</h2>
                    <ul class="card-list" id="upcoming">
                        {if upcoming.is_empty() {
                            view! { <li class="muted-line">{i18n.tr("appointments-none-upcoming")}</li> }.into_any()
                        } else {
                            upcoming.into_iter().map(|a| view! {
                                <Appointment appointment=a now=now may_cancel=cancellable record=record.get_value() list=list open=open/>
                            }).collect_view().into_any()
                        }}
                    </ul>
                    <h2 class="section-heading">{i18n.tr("appointments-past")}</h2>
                    <ul class="card-list" id="past">
                        {if past.is_empty() {
                            view! { <li class="muted-line">{i18n.tr("appointments-none-past")}</li> }.into_any()
                        } else {
                            past.into_iter().map(|a| view! {
                                <Appointment appointment=a now=now may_cancel=false record=record.get_value() list=list open=open/>
                            }).collect_view().into_any()
                        }}
                    </ul>
                }
            })}
        </section>
    }
}

/// "Today", "Tomorrow", or nothing, for an appointment starting at `starts_at`.
fn day_badge(starts_at: i64, now: i64) -> Option<&'static str> {
    let day = brussels_day(starts_at);
    if day == brussels_day(now) {
        Some("appointments-today")
    } else if day == brussels_day(now + 24 * 3600) {
        Some("appointments-tomorrow")
    } else {
        None
    }
}

#[component]
fn Appointment(
    appointment: AppointmentView,
    now: i64,
    may_cancel: bool,
    record: String,
    list: RwSignal<Option<AppointmentsView>>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.language();
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let id = appointment.id.clone();
    let upcoming = appointment.status.is_upcoming() && appointment.ends_at > now;
    let badge = upcoming.then(|| day_badge(appointment.starts_at, now)).flatten();
    let status = match (appointment.status, appointment.cancelled_by) {
        (AppointmentStatus::Cancelled, Some(CancelledBy::App)) => {
            Some("appointments-cancelled-app")
        }
        (AppointmentStatus::Cancelled, _) => Some("appointments-cancelled-hospital"),
        (AppointmentStatus::Moved, _) => Some("appointments-moved"),
        _ => None,
    };
    let video = appointment.kind == AppointmentKind::Video;
    let place = appointment.place.as_ref().map(|p| {
        [
            Some(p.campus.clone()),
            p.route.clone(),
            p.floor.as_ref().map(|f| {
                i18n.tr_args("appointments-floor", vec![("floor", FluentValue::from(f.clone()))])
            }),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
    });
    let when = appointment_time(appointment.starts_at, appointment.ends_at, language);
    let heading = format!("{} · {}", appointment.department, appointment.hospital_name);
    let with = i18n.tr_args(
        "appointments-with",
        vec![("name", FluentValue::from(appointment.with_whom.clone()))],
    );
    let instructions =
        (!appointment.instructions.is_empty()).then(|| appointment.instructions.clone());
    let cancellable =
        may_cancel && upcoming && appointment.cancellable_until.is_some_and(|until| until > now);
    let join = (upcoming && video).then(|| match &appointment.video_link {
        Some(_) => {
            let (record, id) = (record.clone(), id.clone());
            view! {
                <button type="button" class="button button-primary" id=format!("join-{id}") on:click=move |_| {
                    run_action(busy, problem, backend::open_link(record.clone(), id.clone(), LinkKind::VideoConsultation), |()| {});
                }>
                    {i18n.tr("appointments-join")}
                </button>
            }.into_any()
        }
        None => {
            let opens = clock_time(appointment.starts_at - VIDEO_LINK_LEAD_SECONDS, language);
            view! {
                <p class="muted-line video-later">{i18n.tr_args("appointments-join-later", vec![("time", FluentValue::from(opens))])}</p>
            }.into_any()
        }
    });
    let calendar = upcoming.then(|| {
        let (record, id) = (record.clone(), id.clone());
        view! {
            <button type="button" class="button button-secondary" id=format!("calendar-{id}") on:click=move |_| {
                let labels = CalendarLabels {
                    dialog_title: i18n.tr("appointments-calendar-dialog"),
                    appointment: i18n.tr("appointments-calendar-appointment"),
                    with: i18n.tr("appointments-calendar-with"),
                    floor: i18n.tr("appointments-calendar-floor"),
                    video: i18n.tr("appointments-video"),
                };
                run_action(busy, problem, backend::save_appointment_calendar(record.clone(), id.clone(), labels), move |file| {
                    if let Some(file) = file {
                        saved.set(Some(file.file_name));
                    }
                });
            }>
                {i18n.tr("appointments-calendar")}
            </button>
        }
    });
    let phone_only = (may_cancel && upcoming && !cancellable).then(|| {
        view! {
            <p class="muted-line">{i18n.tr("appointments-cancel-by-phone")}</p>
        }
    });
    let cancel = cancellable.then(|| {
        let (record, id) = (record.clone(), id.clone());
        let question_when = when.clone();
        let department = appointment.department.clone();
        view! {
            <ConfirmedAction
                id=format!("cancel-{id}")
                label="appointments-cancel"
                question=Signal::derive(move || i18n.tr_args("appointments-cancel-question", vec![
                    ("department", FluentValue::from(department.clone())),
                    ("when", FluentValue::from(question_when.clone())),
                ]))
                confirm_label="appointments-cancel-confirm"
                back_label="appointments-keep"
                busy=busy
                on_confirm=move || {
                    let action = backend::cancel_appointment(record.clone(), id.clone());
                    let record = record.clone();
                    run_action(busy, problem, action, move |_| {
                        open.set(None);
                        spawn_local(async move {
                            if let Ok(view) = backend::appointments(record).await {
                                list.set(Some(view));
                            }
                        });
                    });
                }
                open=open
            />
        }
    });
    let class = if badge == Some("appointments-today") {
        "card appointment appointment-today"
    } else {
        "card appointment"
    };
    view! {
        <li class=class data-id=id.clone() data-status=appointment.status.as_str()>
            <div class="badges">
                {badge.map(|key| view! { <span class="badge badge-day">{i18n.tr(key)}</span> })}
                {video.then(|| view! { <span class="badge badge-video">{i18n.tr("appointments-video-badge")}</span> })}
                {status.map(|key| view! { <span class="badge badge-status">{i18n.tr(key)}</span> })}
            </div>
            <p class="card-title">{heading}</p>
            <p class="appointment-when"><time>{when}</time></p>
            <p class="muted-line">{with}</p>
            {place.map(|place| view! { <p class="muted-line appointment-place">{place}</p> })}
            {instructions.map(|text| view! {
                <p class="instructions"><span class="instructions-label">{i18n.tr("appointments-instructions")}</span>" "{text}</p>
            })}
            <FormError problem=problem/>
            {move || saved.get().map(|file| view! {
                <p class="notice calendar-saved" role="status">
                    {i18n.tr_args("appointments-calendar-saved", vec![("file", FluentValue::from(file))])}
                </p>
            })}
            <div class="actions">
                {join}
                {calendar}
                {cancel}
            </div>
            {phone_only}
        </li>
    }
}
