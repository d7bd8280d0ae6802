//! The screens a patient opens now and then (Access, appointments, invoices, details,
//! questionnaires, messages, a radiology report's images, lab values, settings, devices, links, the
//! card and password pages), each behind a leptos `#[lazy]` split point: `scripts/build-ui`
//! cuts their code, and what only they use (their wire types' decoding among it), out of
//! the main wasm into chunks fetched on first use. The start, the PIN, the home screen and the reports come with the main wasm.

use dossier_api::labs::LabTestKey;
use leptos::{lazy, prelude::*};

use crate::screens::{
    access::CareAccessScreen,
    appointments::AppointmentsScreen,
    details::DetailsScreen,
    device::DevicesScreen,
    invoices::InvoicesScreen,
    labs::{LabChartScreen, LabPeriod, LabValuesScreen},
    links::{AskForChildScreen, RecordAccessScreen},
    messages::{MessageThreadScreen, MessagesScreen, NewMessageScreen},
    questionnaires::{QuestionnaireScreen, QuestionnairesScreen},
    radiology::StudySection,
    recovery::{BlockCardScreen, ForgotPasswordScreen, RequestCardScreen},
    reports::HospitalsScreen,
    settings::SettingsScreen,
};

/// A screen whose code arrives with `load`. Nothing is drawn in the few milliseconds the
/// chunk takes to arrive from the app's own files.
pub fn lazy_screen(load: impl Future<Output = AnyView> + Send + 'static) -> AnyView {
    view! { <Suspense fallback=|| ()>{Suspend::new(load)}</Suspense> }.into_any()
}

#[lazy]
pub fn care_access(record_id: String) -> AnyView {
    view! { <CareAccessScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn appointments(record_id: String) -> AnyView {
    view! { <AppointmentsScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn invoices(record_id: String) -> AnyView {
    view! { <InvoicesScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn details(record_id: String) -> AnyView {
    view! { <DetailsScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn hospitals(record_id: String) -> AnyView {
    view! { <HospitalsScreen record_id=record_id/> }.into_any()
}

/// Under a radiology report: its images, read from the server.
#[lazy]
pub fn radiology_study(record_id: String, report_id: String) -> AnyView {
    view! { <StudySection record_id=record_id report_id=report_id/> }.into_any()
}

#[lazy]
pub fn settings() -> AnyView {
    view! { <SettingsScreen/> }.into_any()
}

#[lazy]
pub fn devices() -> AnyView {
    view! { <DevicesScreen/> }.into_any()
}

#[lazy]
pub fn ask_for_child() -> AnyView {
    view! { <AskForChildScreen/> }.into_any()
}

#[lazy]
pub fn record_access() -> AnyView {
    view! { <RecordAccessScreen/> }.into_any()
}

#[lazy]
pub fn forgot_password() -> AnyView {
    view! { <ForgotPasswordScreen/> }.into_any()
}

#[lazy]
pub fn block_card() -> AnyView {
    view! { <BlockCardScreen/> }.into_any()
}

#[lazy]
pub fn request_card() -> AnyView {
    view! { <RequestCardScreen/> }.into_any()
}

#[lazy]
pub fn questionnaires(record_id: String) -> AnyView {
    view! { <QuestionnairesScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn questionnaire(record_id: String, questionnaire_id: String) -> AnyView {
    view! { <QuestionnaireScreen record_id=record_id questionnaire_id=questionnaire_id/> }
        .into_any()
}

#[lazy]
pub fn messages(record_id: String) -> AnyView {
    view! { <MessagesScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn message_thread(record_id: String, thread_id: String) -> AnyView {
    view! { <MessageThreadScreen record_id=record_id thread_id=thread_id/> }.into_any()
}

#[lazy]
pub fn new_message(record_id: String) -> AnyView {
    view! { <NewMessageScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn lab_values(record_id: String) -> AnyView {
    view! { <LabValuesScreen record_id=record_id/> }.into_any()
}

#[lazy]
pub fn lab_chart(
    record_id: String,
    key: LabTestKey,
    period: LabPeriod,
    point: Option<usize>,
) -> AnyView {
    view! { <LabChartScreen record_id=record_id test=key period=period point=point/> }.into_any()
}
