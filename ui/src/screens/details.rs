//! "Personal details" of the record on screen: what the registration desk keeps (read
//! only), what the patient keeps up to date (address, phone, e-mail, language, GP) with
//! each problem under its field, and every change made, newest first. For a child's or a
//! represented person's record the banner says whose details these are; a trusted person
//! reads them only.

use dossier_api::{
    Language,
    care_access::CareProviderView,
    details::{
        ChangedAs, DetailChangeView, DetailField, DetailProblems, DetailsUpdate, FieldProblem,
        PersonalDetailsView, PostalAddress,
    },
    shell::AppError,
};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    format::{date_time, long_date},
    forms::{BackButton, FormError, LastUpdated, Problem, SubmitButton, run_action_or},
    i18n::{I18n, use_i18n},
    nav::{Screen, use_navigator},
    session::use_session,
};

#[component]
pub fn DetailsScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let record = StoredValue::new(record_id);
    let details = RwSignal::new(None::<PersonalDetailsView>);
    let problem = RwSignal::new(None::<Problem>);
    // Lives here: a save draws the details again, with the "saved" line.
    let saved = RwSignal::new(false);
    // Offline: as last read on this device, and since when.
    let from_device = RwSignal::new(None::<(bool, Option<i64>)>);
    spawn_local(async move {
        match backend::personal_details(record.get_value()).await {
            Ok(shown) => {
                from_device.set(shown.offline.then_some((true, shown.last_synced)));
                details.set(Some(shown.details));
            }
            Err(error) => problem.set(Some(error.into())),
        }
    });
    let title = move || match session.viewed().filter(|_| session.viewing_other()) {
        Some(other) => {
            i18n.tr_args("details-title-of", vec![("given", FluentValue::from(other.given_name))])
        }
        None => i18n.tr("details-title"),
    };
    view! {
        <section class="screen details" aria-labelledby="details-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="details-title">{title}</h1>
            <Show when=move || from_device.get().is_some()>
                <LastUpdated
                    id="details-status"
                    syncing=RwSignal::new(false)
                    saved=Signal::derive(move || from_device.get())
                    offline_key="details-offline"
                    offline_never_key="details-offline-never"
                />
            </Show>
            <FormError problem=problem/>
            {move || details.get().map(|view| view! { <Details view=view details=details record=record.get_value() saved=saved/> })}
        </section>
    }
}

#[component]
fn Details(
    view: PersonalDetailsView,
    details: RwSignal<Option<PersonalDetailsView>>,
    record: String,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let born = view.date_of_birth;
    let register = view.national_register_number.clone();
    let changes = view.changes.clone();
    let may_change = view.may_change;
    view! {
        <section class="card" aria-labelledby="desk-heading" id="desk-details">
            <h2 id="desk-heading" class="card-heading">{move || i18n.tr("details-desk-heading")}</h2>
            <dl class="details-list">
                <dt>{move || i18n.tr("details-name")}</dt>
                <dd id="details-name">{format!("{} {}", view.given_name, view.family_name)}</dd>
                <dt>{move || i18n.tr("details-born")}</dt>
                <dd>{move || long_date(born, i18n.language())}</dd>
                {register.map(|number| view! {
                    <dt>{move || i18n.tr("details-register-number")}</dt>
                    <dd>{number}</dd>
                })}
            </dl>
            <p class="field-hint">{move || i18n.tr("details-desk-note")}</p>
        </section>
        {if may_change {
            view! { <DetailsForm view=view details=details record=record saved=saved/> }.into_any()
        } else {
            view! { <ReadOnly view=view/> }.into_any()
        }}
        <History changes=changes/>
    }
}

/// For a trusted person: the details as they are, nothing to change.
#[component]
fn ReadOnly(view: PersonalDetailsView) -> impl IntoView {
    let i18n = use_i18n();
    let address = view.address.map(|a| format!("{}, {} {}", a.street, a.postal_code, a.city));
    let gp = view.general_practitioner.map(|gp| gp.name);
    let language = view.language.endonym();
    let none = move || i18n.tr("details-none");
    view! {
        <section class="card" aria-labelledby="contact-heading" id="contact-read-only">
            <h2 id="contact-heading" class="card-heading">{move || i18n.tr("details-contact-heading")}</h2>
            <dl class="details-list">
                <dt>{move || i18n.tr("details-address")}</dt>
                <dd>{address.clone().unwrap_or_else(none)}</dd>
                <dt>{move || i18n.tr("details-phone")}</dt>
                <dd>{view.phone.clone().unwrap_or_else(none)}</dd>
                <dt>{move || i18n.tr("details-email")}</dt>
                <dd>{view.email.clone().unwrap_or_else(none)}</dd>
                <dt>{move || i18n.tr("details-language")}</dt>
                <dd>{language}</dd>
                <dt>{move || i18n.tr("details-gp")}</dt>
                <dd>{gp.clone().unwrap_or_else(none)}</dd>
            </dl>
            <p class="field-hint">{move || i18n.tr("details-read-only")}</p>
        </section>
    }
}

/// The form: every field at once; the server's problems land under their fields.
#[component]
fn DetailsForm(
    view: PersonalDetailsView,
    details: RwSignal<Option<PersonalDetailsView>>,
    record: String,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let record = StoredValue::new(record);
    let address = view.address.clone().unwrap_or(PostalAddress {
        street: String::new(),
        postal_code: String::new(),
        city: String::new(),
        country: "BE".into(),
    });
    let street = RwSignal::new(address.street);
    let postal_code = RwSignal::new(address.postal_code);
    let city = RwSignal::new(address.city);
    let country = RwSignal::new(address.country);
    let phone = RwSignal::new(view.phone.clone().unwrap_or_default());
    let email = RwSignal::new(view.email.clone().unwrap_or_default());
    let language = RwSignal::new(view.language);
    let gp = RwSignal::new(view.general_practitioner.clone());
    let problems = RwSignal::new(DetailProblems::default());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let update = DetailsUpdate {
            address: PostalAddress {
                street: street.get_untracked(),
                postal_code: postal_code.get_untracked(),
                city: city.get_untracked(),
                country: country.get_untracked(),
            },
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            language: language.get_untracked(),
            general_practitioner: gp.get_untracked().map(|gp| gp.id),
        };
        run_action_or(
            busy,
            problem,
            backend::change_personal_details(record.get_value(), update),
            move |view| {
                problems.set(DetailProblems::default());
                saved.set(true);
                details.set(Some(view));
            },
            move |error| match error.app_error() {
                AppError::DetailsRefused { problems: found } => {
                    problems.set(found);
                    problem.set(Some(Problem::Local("details-fix-fields")));
                }
                other => problem.set(Some(Problem::App(other))),
            },
        );
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true aria-labelledby="contact-heading" id="details-form">
            <h2 id="contact-heading" class="form-heading">{move || i18n.tr("details-contact-heading")}</h2>
            <DetailInput id="details-street" label="details-street" value=street autocomplete="street-address" problem=Signal::derive(move || problems.get().street)/>
            <div class="field-row">
                <DetailInput id="details-postal-code" label="details-postal-code" value=postal_code autocomplete="postal-code" inputmode="numeric" problem=Signal::derive(move || problems.get().postal_code)/>
                <DetailInput id="details-city" label="details-city" value=city autocomplete="address-level2" problem=Signal::derive(move || problems.get().city)/>
            </div>
            <DetailInput id="details-country" label="details-country" value=country autocomplete="country" hint="details-country-hint" problem=Signal::derive(move || problems.get().country)/>
            <DetailInput id="details-phone" label="details-phone" value=phone autocomplete="tel" inputmode="tel" hint="details-phone-hint" problem=Signal::derive(move || problems.get().phone)/>
            <DetailInput id="details-email" label="details-email" value=email autocomplete="email" inputmode="email" hint="details-email-hint" problem=Signal::derive(move || problems.get().email)/>
            <div class="field">
                <label for="details-language">{move || i18n.tr("details-language")}</label>
                <select id="details-language" class="select" on:change=move |ev| {
                    if let Some(chosen) = Language::from_code(&event_target_value(&ev)) {
                        language.set(chosen);
                    }
                }>
                    {Language::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=move || language.get() == l>{l.endonym()}</option>
                    }).collect_view()}
                </select>
            </div>
            <GpChoice gp=gp problem=Signal::derive(move || problems.get().general_practitioner)/>
            <FormError problem=problem/>
            <Show when=move || saved.get()>
                <p class="notice notice-success" role="status" id="details-saved">{move || i18n.tr("details-saved")}</p>
            </Show>
            <SubmitButton id="details-save" label="details-save" busy=busy/>
        </form>
    }
}

/// A labelled text input with its own error line (`{id}-error`), tied to it for screen
/// readers.
#[component]
fn DetailInput(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    autocomplete: &'static str,
    problem: Signal<Option<FieldProblem>>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = [hint.map(|_| hint_id.clone()), Some(error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <div class="field" class:field-invalid=move || problem.get().is_some()>
            <label for=id>{move || i18n.tr(label)}</label>
            <input
                id=id
                name=id
                type="text"
                autocomplete=autocomplete
                inputmode=inputmode.unwrap_or("text")
                aria-describedby=described
                aria-invalid=move || problem.get().is_some().to_string()
                bind:value=value
            />
            {hint.map(|key| view! { <p class="field-hint" id=hint_id.clone()>{move || i18n.tr(key)}</p> })}
            <p class="field-error" id=error_id role="alert">
                {move || problem.get().map(|p| i18n.tr(field_problem_key(p))).unwrap_or_default()}
            </p>
        </div>
    }
}

fn field_problem_key(problem: FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Required => "details-error-required",
        FieldProblem::TooLong => "details-error-too-long",
        FieldProblem::PostalCode => "details-error-postal-code",
        FieldProblem::Country => "details-error-country",
        FieldProblem::Phone => "details-error-phone",
        FieldProblem::Email => "details-error-email",
        FieldProblem::UnknownGp => "details-error-unknown-gp",
    }
}

/// The GP: the one chosen, a search of the directory by name to choose another, or none.
#[component]
fn GpChoice(
    gp: RwSignal<Option<CareProviderView>>,
    problem: Signal<Option<FieldProblem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<CareProviderView>::new());
    let searched = RwSignal::new(false);
    let look = move || {
        let name = search.get_untracked();
        if name.trim().chars().count() < 2 {
            return;
        }
        spawn_local(async move {
            let answer = backend::find_general_practitioners(name).await.unwrap_or_default();
            found.set(answer);
            searched.set(true);
        });
    };
    view! {
        <fieldset class="field gp-choice" id="details-gp">
            <legend>{move || i18n.tr("details-gp")}</legend>
            <p class="card-line" id="details-gp-current">
                {move || gp.get().map_or_else(|| i18n.tr("details-gp-none"), |gp| gp.name)}
            </p>
            <Show when=move || gp.get().is_some()>
                <button type="button" class="button-link" id="details-gp-remove" on:click=move |_| gp.set(None)>
                    {move || i18n.tr("details-gp-remove")}
                </button>
            </Show>
            <label for="details-gp-search">{move || i18n.tr("details-gp-search")}</label>
            <div class="search-row">
                <input id="details-gp-search" type="search" autocomplete="off" bind:value=search
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); look(); }/>
                <button type="button" class="button button-secondary" id="details-gp-find" on:click=move |_| look()>
                    {move || i18n.tr("details-gp-find")}
                </button>
            </div>
            <ul class="gp-results" id="details-gp-results">
                {move || {
                    let list = found.get();
                    if list.is_empty() && searched.get() {
                        return view! { <li class="muted-line">{i18n.tr("details-gp-not-found")}</li> }.into_any();
                    }
                    list.into_iter().map(|provider| {
                        let chosen = provider.clone();
                        view! {
                            <li>
                                <button type="button" class="button button-secondary button-wide gp-result" on:click=move |_| {
                                    gp.set(Some(chosen.clone()));
                                    found.set(Vec::new());
                                    searched.set(false);
                                }>
                                    {provider.name.clone()}
                                </button>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <p class="field-error" id="details-gp-error" role="alert">
                {move || problem.get().map(|p| i18n.tr(field_problem_key(p))).unwrap_or_default()}
            </p>
        </fieldset>
    }
}

/// Every change, newest first: what, when, by whom and as what, before and after.
#[component]
fn History(changes: Vec<DetailChangeView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="history-heading" id="details-history">
            <h2 id="history-heading" class="card-heading">{move || i18n.tr("details-history-heading")}</h2>
            {if changes.is_empty() {
                view! { <p class="muted-line" id="details-history-none">{move || i18n.tr("details-history-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="history-list">
                        {changes.into_iter().map(|change| history_line(i18n, change)).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn history_line(i18n: I18n, change: DetailChangeView) -> impl IntoView {
    let field = field_key(change.field);
    let by_as = match change.by_as {
        ChangedAs::Patient => "details-by-patient",
        ChangedAs::Parent => "details-by-parent",
        ChangedAs::Representative => "details-by-representative",
    };
    let at = change.at;
    let by = change.by.clone();
    let none = move || i18n.tr("details-none");
    let before = change.before.clone();
    let after = change.after.clone();
    view! {
        <li class="history-entry" data-field=change.field.as_str()>
            <p class="card-title">{move || i18n.tr(field)}</p>
            <p class="muted-line">
                {move || i18n.tr_args(by_as, vec![
                    ("who", FluentValue::from(by.clone())),
                    ("when", FluentValue::from(date_time(at, i18n.language()))),
                ])}
            </p>
            <p class="muted-line history-values">
                {move || before.clone().unwrap_or_else(none)}" → "{move || after.clone().unwrap_or_else(none)}
            </p>
        </li>
    }
}

fn field_key(field: DetailField) -> &'static str {
    match field {
        DetailField::Address => "details-address",
        DetailField::Phone => "details-phone",
        DetailField::Email => "details-email",
        DetailField::Language => "details-language",
        DetailField::GeneralPractitioner => "details-gp",
    }
}
