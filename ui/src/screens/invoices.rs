//! A record's invoices: those with something left to pay first (soonest due), with the
//! amount left, the due date, what the health insurer paid, the structured communication
//! to copy, paying in the browser and the invoice as a PDF; then the paid ones. Read from
//! the device, so the list works offline (paying and the PDF need the connection).

use dossier_api::{
    invoices::{InvoiceStatus, InvoiceView},
    shell::{InvoicesView, LinkKind},
};
use fluent_bundle::FluentValue;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::{
    backend,
    format::{amount, long_date},
    forms::{BackButton, FormError, LastUpdated, Problem, run_action},
    i18n::use_i18n,
    live::use_shell_events,
    nav::{Screen, use_navigator},
    saved_list::{SavedList, saved_list},
    session::use_session,
};

#[component]
pub fn InvoicesScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let title = move || match session.viewed().filter(|_| session.viewing_other()) {
        Some(other) => {
            i18n.tr_args("invoices-title-of", vec![("given", FluentValue::from(other.given_name))])
        }
        None => i18n.tr("invoices-title"),
    };
    let record = StoredValue::new(record_id);
    let announced = use_shell_events().appointments_synced;
    let SavedList { list, problem, syncing, update, .. } =
        saved_list(record, backend::invoices, backend::sync_invoices, announced);
    view! {
        <section class="screen invoices" aria-labelledby="invoices-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="invoices-title">{title}</h1>
            <LastUpdated
                id="invoices-status"
                syncing=syncing
                saved=Signal::derive(move || list.with(|l| l.as_ref().map(|l| (l.offline, l.last_synced))))
                offline_key="invoices-offline"
                offline_never_key="invoices-offline-never"
            />
            <div class="toolbar">
                <button type="button" class="button button-secondary" id="invoices-update" disabled=move || syncing.get() on:click=move |_| update()>
                    {move || i18n.tr("reports-update")}
                </button>
            </div>
            <FormError problem=problem/>
            {move || list.get().map(|view| {
                let InvoicesView { to_pay, settled, .. } = view;
                view! {
                    <h2 class="section-heading">{i18n.tr("invoices-to-pay")}</h2>
                    <ul class="card-list" id="to-pay">
                        {if to_pay.is_empty() {
                            view! { <li class="muted-line">{i18n.tr("invoices-nothing-to-pay")}</li> }.into_any()
                        } else {
                            to_pay.into_iter().map(|i| view! { <Invoice invoice=i record=record.get_value()/> }).collect_view().into_any()
                        }}
                    </ul>
                    <h2 class="section-heading">{i18n.tr("invoices-settled")}</h2>
                    <ul class="card-list" id="settled">
                        {if settled.is_empty() {
                            view! { <li class="muted-line">{i18n.tr("invoices-none-settled")}</li> }.into_any()
                        } else {
                            settled.into_iter().map(|i| view! { <Invoice invoice=i record=record.get_value()/> }).collect_view().into_any()
                        }}
                    </ul>
                }
            })}
        </section>
    }
}

fn status_key(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Open => "invoices-status-open",
        InvoiceStatus::Paid => "invoices-status-paid",
        InvoiceStatus::Overdue => "invoices-status-overdue",
        InvoiceStatus::InDispute => "invoices-status-in-dispute",
    }
}

#[component]
fn Invoice(invoice: InvoiceView, record: String) -> impl IntoView {
    let i18n = use_i18n();
    let language = i18n.language();
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let id = invoice.id.clone();
    let money = |cents: i64| amount(cents, language);
    let to_pay = invoice.status != InvoiceStatus::Paid && invoice.left_to_pay_cents > 0;
    let field_id = format!("communication-{id}");
    let copy = {
        let field_id = field_id.clone();
        move |_| copied.set(copy_field(&field_id))
    };
    let pay = (to_pay && invoice.payment_link.is_some()).then(|| {
        let (record, id) = (record.clone(), id.clone());
        view! {
            <button type="button" class="button button-primary" id=format!("pay-{id}") on:click=move |_| {
                run_action(busy, problem, backend::open_link(record.clone(), id.clone(), LinkKind::Payment), |()| {});
            }>
                {i18n.tr("invoices-pay")}
            </button>
        }
    });
    let pdf = {
        let (record, id) = (record.clone(), id.clone());
        move |_| {
            let action = backend::save_invoice_pdf(
                record.clone(),
                id.clone(),
                i18n.tr("invoices-pdf-dialog"),
            );
            run_action(busy, problem, action, move |file| {
                if let Some(file) = file {
                    saved.set(Some(file.file_name));
                }
            });
        }
    };
    let badge_class = match invoice.status {
        InvoiceStatus::Overdue => "badge badge-alert",
        InvoiceStatus::Paid => "badge",
        InvoiceStatus::Open | InvoiceStatus::InDispute => "badge badge-status",
    };
    let class = match invoice.status {
        InvoiceStatus::Overdue => "card invoice invoice-overdue",
        _ => "card invoice",
    };
    view! {
        <li class=class data-id=id.clone() data-status=invoice.status.as_str()>
            <div class="badges"><span class=badge_class>{i18n.tr(status_key(invoice.status))}</span></div>
            <p class="card-title">{invoice.hospital_name.clone()}</p>
            <p class="muted-line">{i18n.tr_args("invoices-number", vec![
                ("number", FluentValue::from(invoice.number.clone())),
                ("date", FluentValue::from(long_date(invoice.issued_on, language))),
            ])}</p>
            {to_pay.then(|| view! {
                <p class="invoice-left">
                    <span class="invoice-left-label">{i18n.tr("invoices-left-to-pay")}</span>" "
                    <strong class="invoice-amount">{money(invoice.left_to_pay_cents)}</strong>
                </p>
                <p class="status-line">{i18n.tr_args("invoices-due", vec![("date", FluentValue::from(long_date(invoice.due_on, language)))])}</p>
            })}
            <dl class="invoice-amounts">
                <dt>{i18n.tr("invoices-total")}</dt><dd>{money(invoice.total_cents)}</dd>
                <dt>{i18n.tr("invoices-insurer-paid")}</dt><dd>{money(invoice.insurer_paid_cents)}</dd>
                <dt>{i18n.tr("invoices-your-share")}</dt><dd>{money(invoice.patient_share_cents)}</dd>
            </dl>
            {to_pay.then(|| view! {
                <div class="communication">
                    <label for=field_id.clone()>{i18n.tr("invoices-communication")}</label>
                    <div class="communication-row">
                        <input id=field_id.clone() class="communication-field" type="text" readonly value=invoice.structured_communication.clone()/>
                        <button type="button" class="button button-secondary" id=format!("copy-{}", id) on:click=copy>
                            {i18n.tr("invoices-copy")}
                        </button>
                    </div>
                    {move || copied.get().then(|| view! { <p class="notice" role="status">{i18n.tr("invoices-copied")}</p> })}
                </div>
            })}
            <FormError problem=problem/>
            {move || saved.get().map(|file| view! {
                <p class="notice invoice-saved" role="status">
                    {i18n.tr_args("report-pdf-saved", vec![("file", FluentValue::from(file))])}
                </p>
            })}
            <div class="actions">
                {pay}
                <button type="button" class="button button-secondary" id=format!("invoice-pdf-{}", invoice.id) disabled=move || busy.get() on:click=pdf>
                    {i18n.tr("invoices-pdf")}
                </button>
            </div>
        </li>
    }
}

/// Selects the field's text and copies it; false when the webview refused (the text stays
/// selected, to copy by hand).
fn copy_field(id: &str) -> bool {
    let document = document();
    let Some(field) =
        document.get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return false;
    };
    field.select();
    // `execCommand("copy")` works in every webview the app runs in, without a permission.
    js_sys::Reflect::get(&document, &JsValue::from("execCommand"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&document, &JsValue::from("copy")).ok())
        .is_some_and(|done| done.as_bool() == Some(true))
}
