//! Asking for a child's record (with the parent's requests and how staff decided), and for
//! one's own record: who can open it, naming a trusted person, revoking one.

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::{
    links::{
        ChildLinkRequest, LinkKind, LinkRequestStatus, LinkRequestView, LinkStatus,
        MAX_DOCUMENT_BYTES, RecordLinkView, TrustedPersonRights,
    },
    shell::{NameTrustedPersonArgs, SessionKind},
};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use crate::{
    backend,
    format::{date_time, long_date},
    forms::{
        BackButton, ConfirmedAction, Field, FieldKind, FormError, Problem, SubmitButton, missing,
        run_action,
    },
    i18n::use_i18n,
    nav::{Screen, use_navigator},
    session::use_session,
};

/// A document chosen to go with the request: its name and its bytes as base64.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ChosenDocument {
    name: String,
    base64: String,
}

/// Reads the file chosen in `input`, refusing one over the size limit at once.
async fn read_document(
    input: web_sys::HtmlInputElement,
) -> Result<Option<ChosenDocument>, &'static str> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return Ok(None) };
    if file.size() > MAX_DOCUMENT_BYTES as f64 {
        return Err("error-link-document-too-large");
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "error-link-document-type")?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(Some(ChosenDocument { name: file.name(), base64: STANDARD.encode(bytes) }))
}

/// A parent asks for a child's record; below, their requests.
#[component]
pub fn AskForChildScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let given = RwSignal::new(String::new());
    let family = RwSignal::new(String::new());
    let born = RwSignal::new(String::new());
    let register_number = RwSignal::new(String::new());
    let patient_number = RwSignal::new(String::new());
    let authority = RwSignal::new(false);
    let document = RwSignal::new(None::<ChosenDocument>);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let asked = RwSignal::new(None::<Vec<LinkRequestView>>);
    let list_problem = RwSignal::new(None::<Problem>);
    let load = move || {
        spawn_local(async move {
            match backend::link_requests().await {
                Ok(list) => asked.set(Some(list)),
                Err(error) => list_problem.set(Some(error.into())),
            }
        });
    };
    load();

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            match read_document(input).await {
                Ok(chosen) => {
                    problem.set(None);
                    document.set(chosen);
                }
                Err(key) => {
                    document.set(None);
                    problem.set(Some(Problem::Local(key)));
                }
            }
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if missing(problem, &[given, family, born]) {
            return;
        }
        let optional = |field: RwSignal<String>| {
            Some(field.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let request = ChildLinkRequest {
            given_name: given.get_untracked().trim().to_owned(),
            family_name: family.get_untracked().trim().to_owned(),
            date_of_birth: born.get_untracked().trim().to_owned(),
            national_register_number: optional(register_number),
            hospital_patient_number: optional(patient_number),
            parental_authority: authority.get_untracked(),
            document: document.get_untracked().map(|d| d.base64),
        };
        run_action(busy, problem, backend::ask_for_child(request), move |request| {
            for field in [given, family, born, register_number, patient_number] {
                field.set(String::new());
            }
            authority.set(false);
            document.set(None);
            asked.update(|list| list.get_or_insert_with(Vec::new).insert(0, request));
        });
    };

    view! {
        <section class="screen" aria-labelledby="ask-title">
            <BackButton on_back=move || navigator.go(Screen::Records)/>
            <h1 id="ask-title">{move || i18n.tr("ask-title")}</h1>
            <p class="intro">{move || i18n.tr("ask-intro")}</p>
            <form class="card form" on:submit=submit novalidate=true id="ask-form">
                <Field id="child-given-name" label="field-given-name" value=given kind=FieldKind::Text { autocomplete: "off" }/>
                <Field id="child-family-name" label="field-family-name" value=family kind=FieldKind::Text { autocomplete: "off" }/>
                <div class="field">
                    <label for="child-born">{move || i18n.tr("field-date-of-birth")}</label>
                    <input id="child-born" name="child-born" type="date" bind:value=born aria-required="true"/>
                </div>
                <Field
                    id="child-register-number"
                    label="field-child-register-number"
                    value=register_number
                    kind=FieldKind::Digits { autocomplete: "off", max_length: 15 }
                    hint="ask-register-number-hint"
                />
                <Field
                    id="child-patient-number"
                    label="field-child-patient-number"
                    value=patient_number
                    kind=FieldKind::Text { autocomplete: "off" }
                    hint="ask-patient-number-hint"
                />
                <div class="field">
                    <label for="child-document">{move || i18n.tr("field-document")}</label>
                    <input id="child-document" type="file" accept="application/pdf,image/jpeg,image/png" on:change=on_file/>
                    <p class="field-hint">{move || i18n.tr("ask-document-hint")}</p>
                    {move || document.get().map(|d| view! { <p class="muted-line" id="document-chosen">{d.name}</p> })}
                </div>
                <label class="checkbox">
                    <input type="checkbox" id="parental-authority" bind:checked=authority/>
                    <span>{move || i18n.tr("ask-parental-authority")}</span>
                </label>
                <FormError problem=problem/>
                <SubmitButton id="ask-submit" label="ask-submit" busy=busy/>
            </form>
            <h2 class="section-heading">{move || i18n.tr("ask-requests-heading")}</h2>
            <FormError problem=list_problem/>
            <ul class="card-list" id="link-requests">
                {move || asked.get().map(|list| {
                    if list.is_empty() {
                        return view! { <li class="muted-line">{i18n.tr("ask-none")}</li> }.into_any();
                    }
                    list.into_iter().map(|request| {
                        let status_key = match request.status {
                            LinkRequestStatus::Waiting => "ask-status-waiting",
                            LinkRequestStatus::Approved => "ask-status-approved",
                            LinkRequestStatus::Refused => "ask-status-refused",
                        };
                        let name = format!("{} {}", request.given_name, request.family_name);
                        let asked_on = date_time(request.asked_at, i18n.language());
                        view! {
                            <li class="card link-request" data-status=format!("{:?}", request.status)>
                                <p class="card-title">{name}</p>
                                <p class="muted-line">{i18n.tr_args("ask-asked-on", vec![("date", FluentValue::from(asked_on))])}</p>
                                <p class="status-line">{i18n.tr(status_key)}</p>
                                {request.reason.map(|reason| view! { <p class="notice notice-warning">{reason}</p> })}
                            </li>
                        }
                    }).collect_view().into_any()
                })}
            </ul>
        </section>
    }
}

/// One's own record: who can open it (kind, since, until, rights), revoke a trusted
/// person, name one.
#[component]
pub fn RecordAccessScreen() -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let Some(own) = session.own_record() else {
        navigator.go(Screen::Home);
        return ().into_any();
    };
    let record_id = StoredValue::new(own.record_id);
    let links = RwSignal::new(None::<Vec<RecordLinkView>>);
    let problem = RwSignal::new(None::<Problem>);
    let load = move || {
        spawn_local(async move {
            match backend::record_links(record_id.get_value()).await {
                Ok(list) => links.set(Some(list)),
                Err(error) => problem.set(Some(error.into())),
            }
        });
    };
    load();

    view! {
        <section class="screen" aria-labelledby="access-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="access-title">{move || i18n.tr("access-title")}</h1>
            <p class="intro">{move || i18n.tr("access-intro")}</p>
            <FormError problem=problem/>
            <ul class="card-list" id="record-links">
                {move || links.get().map(|list| {
                    if list.is_empty() {
                        return view! { <li class="muted-line" id="no-links">{i18n.tr("access-nobody")}</li> }.into_any();
                    }
                    list.into_iter().map(|link| view! { <LinkItem link=link record_id=record_id.get_value() on_revoked=load/> }).collect_view().into_any()
                })}
            </ul>
            <NameTrustedPerson record_id=record_id.get_value() on_named=load/>
        </section>
    }
    .into_any()
}

#[component]
fn LinkItem(
    link: RecordLinkView,
    record_id: String,
    on_revoked: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let name = format!("{} {}", link.given_name, link.family_name);
    let kind_key = match link.kind {
        LinkKind::ParentChild => "access-kind-parent",
        LinkKind::TrustedPerson => "access-kind-trusted-person",
        LinkKind::Representative => "access-kind-representative",
    };
    let waiting = link.status == LinkStatus::Requested;
    let (since, until) = (link.since, link.until);
    let rights = link.rights;
    let mandate = link.mandate_reference.clone();
    let link_id = link.id.clone();
    let revoke = move || {
        let action = backend::revoke_link(record_id.clone(), link_id.clone());
        run_action(busy, problem, action, move |()| on_revoked());
    };
    let question_name = name.clone();
    view! {
        <li class="card record-link" data-kind=link.kind.as_str() data-status=link.status.as_str()>
            <p class="card-title">{name}</p>
            <p class="muted-line">{move || i18n.tr(kind_key)}</p>
            <Show when=move || waiting>
                <p class="status-line">{move || i18n.tr("access-waiting")}</p>
            </Show>
            <p class="muted-line">{
                move || match until {
                    Some(until) => i18n.tr_args("access-period", vec![
                        ("since", FluentValue::from(long_date(since, i18n.language()))),
                        ("until", FluentValue::from(long_date(until, i18n.language()))),
                    ]),
                    None => i18n.tr_args("access-since", vec![("since", FluentValue::from(long_date(since, i18n.language())))]),
                }
            }</p>
            {rights.map(|rights| view! {
                <ul class="rights">
                    {rights.view_record.then(|| view! { <li>{move || i18n.tr("right-view-record")}</li> })}
                    {rights.be_informed.then(|| view! { <li>{move || i18n.tr("right-be-informed")}</li> })}
                    {rights.ask_for_copy.then(|| view! { <li>{move || i18n.tr("right-ask-for-copy")}</li> })}
                </ul>
            })}
            {mandate.map(|mandate| view! { <p class="muted-line">{move || i18n.tr_args("access-mandate", vec![("reference", FluentValue::from(mandate.clone()))])}</p> })}
            <FormError problem=problem/>
            {link.revocable.then(|| view! {
                <ConfirmedAction
                    id=format!("revoke-{}", link.id)
                    label="access-revoke"
                    question=Signal::derive(move || i18n.tr_args("access-revoke-question", vec![("name", FluentValue::from(question_name.clone()))]))
                    confirm_label="access-revoke-confirm"
                    busy=busy
                    on_confirm=revoke
                />
            })}
        </li>
    }
}

#[component]
fn NameTrustedPerson(record_id: String, on_named: impl Fn() + Copy + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let on_device = session.account().is_some_and(|a| a.session == SessionKind::Device);
    let given = RwSignal::new(String::new());
    let family = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let view_record = RwSignal::new(true);
    let be_informed = RwSignal::new(false);
    let ask_for_copy = RwSignal::new(false);
    let secret = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let record_id = StoredValue::new(record_id);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        if missing(problem, &[given, family, number, secret]) {
            return;
        }
        let rights = TrustedPersonRights {
            view_record: view_record.get_untracked(),
            be_informed: be_informed.get_untracked(),
            ask_for_copy: ask_for_copy.get_untracked(),
        };
        if !rights.any() {
            problem.set(Some(Problem::Local("error-trusted-no-rights")));
            return;
        }
        let args = NameTrustedPersonArgs {
            record_id: record_id.get_value(),
            given_name: given.get_untracked().trim().to_owned(),
            family_name: family.get_untracked().trim().to_owned(),
            national_register_number: number.get_untracked().trim().to_owned(),
            rights,
            until: Some(until.get_untracked().trim().to_owned()).filter(|u| !u.is_empty()),
            secret: secret.get_untracked().into(),
        };
        secret.set(String::new());
        run_action(busy, problem, backend::name_trusted_person(args), move |_| {
            for field in [given, family, number, until] {
                field.set(String::new());
            }
            done.set(true);
            on_named();
        });
    };
    let (secret_label, secret_kind) = if on_device {
        ("field-your-pin", FieldKind::Pin { autocomplete: "off" })
    } else {
        ("field-current-password", FieldKind::Password { autocomplete: "current-password" })
    };
    view! {
        <form class="card form" on:submit=submit novalidate=true aria-labelledby="trusted-heading" id="trusted-form">
            <h2 id="trusted-heading" class="form-heading">{move || i18n.tr("trusted-heading")}</h2>
            <p class="field-hint">{move || i18n.tr("trusted-intro")}</p>
            <Field id="trusted-given-name" label="field-given-name" value=given kind=FieldKind::Text { autocomplete: "off" }/>
            <Field id="trusted-family-name" label="field-family-name" value=family kind=FieldKind::Text { autocomplete: "off" }/>
            <Field id="trusted-register-number" label="field-register-number" value=number kind=FieldKind::Digits { autocomplete: "off", max_length: 15 }/>
            <fieldset class="rights-choice">
                <legend>{move || i18n.tr("trusted-rights")}</legend>
                <label class="checkbox"><input type="checkbox" id="right-view" bind:checked=view_record/><span>{move || i18n.tr("right-view-record")}</span></label>
                <label class="checkbox"><input type="checkbox" id="right-informed" bind:checked=be_informed/><span>{move || i18n.tr("right-be-informed")}</span></label>
                <label class="checkbox"><input type="checkbox" id="right-copy" bind:checked=ask_for_copy/><span>{move || i18n.tr("right-ask-for-copy")}</span></label>
            </fieldset>
            <div class="field">
                <label for="trusted-until">{move || i18n.tr("field-until")}</label>
                <input id="trusted-until" type="date" bind:value=until/>
                <p class="field-hint">{move || i18n.tr("trusted-until-hint")}</p>
            </div>
            <Field id="trusted-secret" label=secret_label value=secret kind=secret_kind hint="trusted-confirm-hint"/>
            <FormError problem=problem/>
            <Show when=move || done.get()>
                <p class="notice notice-success" role="status" id="trusted-done">{move || i18n.tr("trusted-done")}</p>
            </Show>
            <SubmitButton id="trusted-submit" label="trusted-submit" busy=busy/>
        </form>
    }
}
