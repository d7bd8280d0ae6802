//! Messages with a hospital's services: the record's conversations (newest first) and the
//! outbox, one conversation with its files and the answer form, and a new conversation
//! with a service of a chosen hospital. Read from the device, so it works offline; written
//! offline, a message waits in the outbox and goes when the connection is back. Files are
//! checked here as the server checks them (PDF, JPEG or PNG by content, 10 MB each), so a
//! wrong one is refused before anything is written.

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::{
    messages::{
        AttachmentKind, AttachmentProblem, AttachmentView, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS,
        MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS, MessageDestination, MessageProblem, MessageService,
        MessageView, NewAttachment, NewMessage, PendingMessageView, ThreadView, check_attachment,
    },
    reports::Relation,
    shell::{MessagesView, SaveAttachmentArgs},
};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use crate::{
    backend,
    format::date_time,
    forms::{BackButton, ConfirmedAction, FormError, LastUpdated, Problem, run_action},
    i18n::{I18n, use_i18n},
    live::use_shell_events,
    nav::{Screen, use_navigator},
    saved_list::{SavedList, saved_list},
    session::use_session,
};

fn service_key(service: MessageService) -> &'static str {
    match service {
        MessageService::PatientSupport => "message-service-patient-support",
        MessageService::ParentChildLink => "message-service-parent-child-link",
        MessageService::PatientQuestionsOther => "message-service-other",
    }
}

fn attachment_problem_key(problem: AttachmentProblem) -> &'static str {
    match problem {
        AttachmentProblem::Empty => "message-file-empty",
        AttachmentProblem::TooLarge => "message-file-too-large",
        AttachmentProblem::NotAllowedType => "message-file-type",
    }
}

/// What the patient reads for a refused message.
pub fn message_problem_key(problem: MessageProblem) -> &'static str {
    match problem {
        MessageProblem::EmptyBody => "message-problem-empty",
        MessageProblem::BodyTooLong => "message-problem-too-long",
        MessageProblem::NoSubject => "message-problem-no-subject",
        MessageProblem::SubjectTooLong => "message-problem-subject-too-long",
        MessageProblem::UnknownHospital => "message-problem-hospital",
        MessageProblem::UnknownThread => "message-problem-thread",
        MessageProblem::TooManyAttachments => "message-problem-too-many-files",
        MessageProblem::Attachment { reason, .. } => attachment_problem_key(reason),
        // Made by the app itself: nothing the writer can change.
        MessageProblem::ClientId => "error-unexpected",
    }
}

/// "340 kB", "2.4 MB": a file's size as a person reads it.
fn file_size(bytes: u64, i18n: I18n) -> String {
    if bytes < 1_000_000 {
        i18n.tr_args("file-size-kb", vec![("size", FluentValue::from(bytes.div_ceil(1000)))])
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        let size = format!("{}.{}", tenths / 10, tenths % 10);
        let size = if i18n.language() == dossier_api::Language::En {
            size
        } else {
            size.replace('.', ",")
        };
        i18n.tr_args("file-size-mb", vec![("size", FluentValue::from(size))])
    }
}

/// A random (version 4) UUID: the id a message keeps from its writing to the server, so
/// a retry is the same message.
fn new_client_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    web_sys::window()?.crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    bytes[6] = (bytes[6] & 0x0F) | 0x40;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

/// Whether the record's viewer may write: a trusted person reads only.
fn may_write() -> Signal<bool> {
    let session = use_session();
    Signal::derive(move || session.viewed().is_some_and(|r| r.relation != Relation::TrustedPerson))
}

/// The record's conversations and outbox as the device holds them, brought up to date.
fn saved_messages(
    record: StoredValue<String>,
) -> SavedList<MessagesView, impl Fn() + Copy + 'static, impl Fn() + Copy + 'static> {
    let announced = use_shell_events().messages_synced;
    saved_list(record, backend::messages, backend::sync_messages, announced)
}

#[component]
pub fn MessagesScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let title = move || match session.viewed().filter(|_| session.viewing_other()) {
        Some(other) => {
            i18n.tr_args("messages-title-of", vec![("given", FluentValue::from(other.given_name))])
        }
        None => i18n.tr("messages-title"),
    };
    let may_write = may_write();
    let record = StoredValue::new(record_id);
    let SavedList { list, problem, syncing, load, update } = saved_messages(record);
    view! {
        <section class="screen messages" aria-labelledby="messages-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="messages-title">{title}</h1>
            <p class="intro">{move || i18n.tr("messages-intro")}</p>
            <LastUpdated
                id="messages-status"
                syncing=syncing
                saved=Signal::derive(move || list.with(|l| l.as_ref().map(|l| (l.offline, l.last_synced))))
                offline_key="messages-offline"
                offline_never_key="messages-offline-never"
            />
            <div class="toolbar">
                <Show when=move || may_write.get()>
                    <button type="button" class="button button-primary" id="new-message" on:click=move |_| navigator.go(Screen::NewMessage { record_id: record.get_value() })>
                        {move || i18n.tr("messages-new")}
                    </button>
                </Show>
                <button type="button" class="button button-secondary" id="messages-update" disabled=move || syncing.get() on:click=move |_| update()>
                    {move || i18n.tr("reports-update")}
                </button>
            </div>
            <FormError problem=problem/>
            {move || list.get().map(|view| {
                let MessagesView { mut threads, pending, .. } = view;
                threads.sort_by_key(|t| std::cmp::Reverse(t.last_message_at));
                let subjects: Vec<(String, String)> =
                    threads.iter().map(|t| (t.id.clone(), t.subject.clone())).collect();
                view! {
                    {(!pending.is_empty()).then(|| view! {
                        <h2 class="section-heading">{i18n.tr("messages-outbox")}</h2>
                        <ul class="card-list" id="outbox">
                            {pending.into_iter().map(|p| {
                                let subject = match &p.destination {
                                    MessageDestination::Thread { thread_id } => subjects
                                        .iter()
                                        .find(|(id, _)| id == thread_id)
                                        .map(|(_, s)| s.clone())
                                        .unwrap_or_default(),
                                    MessageDestination::NewThread { subject, .. } => subject.clone(),
                                };
                                view! { <PendingMessage pending=p subject=subject record=record on_change=load/> }
                            }).collect_view()}
                        </ul>
                    })}
                    <h2 class="section-heading">{i18n.tr("messages-conversations")}</h2>
                    <ul class="card-list" id="threads">
                        {if threads.is_empty() {
                            view! { <li class="muted-line">{i18n.tr("messages-none")}</li> }.into_any()
                        } else {
                            threads.into_iter().map(|t| view! { <ThreadItem thread=t record=record/> }).collect_view().into_any()
                        }}
                    </ul>
                }
            })}
        </section>
    }
}

#[component]
fn ThreadItem(thread: ThreadView, record: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let (last_at, count) = (thread.last_message_at, thread.messages.len());
    let id = thread.id.clone();
    let open = move |_| {
        navigator.go(Screen::MessageThread { record_id: record.get_value(), thread_id: id.clone() })
    };
    let last = thread.messages.last();
    // Whose turn it is: the hospital's answer is what the patient waits for.
    let (badge_class, badge) = match last.map(|m| m.from_patient_side) {
        Some(false) => ("badge badge-new", "messages-answered"),
        _ => ("badge badge-status", "messages-waiting-answer"),
    };
    // The start of the newest message, on two lines or so.
    let preview = last.map(|m| {
        let mut start: String = m.body.chars().take(120).collect();
        if start.len() < m.body.len() {
            start.push('…');
        }
        start
    });
    view! {
        <li class="card thread" data-id=thread.id.clone()>
            <div class="badges"><span class=badge_class>{i18n.tr(badge)}</span></div>
            <p class="card-title">
                <button type="button" class="button-link card-link" id=format!("thread-{}", thread.id) on:click=open>
                    {thread.subject.clone()}
                </button>
            </p>
            <p class="muted-line">{format!("{} · {}", thread.hospital, i18n.tr(service_key(thread.service)))}</p>
            <p class="muted-line">{move || i18n.tr_args("messages-last", vec![
                ("time", FluentValue::from(date_time(last_at, i18n.language()))),
                ("count", FluentValue::from(count)),
            ])}</p>
            <p class="message-preview">{preview}</p>
        </li>
    }
}

/// A message in the outbox: waiting to be sent, or refused with the reason; either way it
/// can be deleted.
#[component]
fn PendingMessage(
    pending: PendingMessageView,
    subject: String,
    record: StoredValue<String>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let client_id = pending.client_id.clone();
    let discard = {
        let client_id = client_id.clone();
        move || {
            let action = backend::discard_message(record.get_value(), client_id.clone());
            run_action(busy, problem, action, move |()| on_change());
        }
    };
    let (badge_class, badge) = match pending.refused {
        Some(_) => ("badge badge-alert", "messages-refused"),
        None => ("badge badge-status", "messages-waiting-to-send"),
    };
    let reason = pending.refused.map(|problem| {
        let reason = i18n.tr(message_problem_key(problem));
        view! { <p class="status-line pending-reason">{reason}</p> }
    });
    let files = pending.file_names.join(", ");
    let written_at = pending.written_at;
    let question = Signal::derive(move || i18n.tr("messages-discard-question"));
    view! {
        <li class="card pending-message" data-client-id=client_id.clone() data-refused=pending.refused.is_some().to_string()>
            <div class="badges"><span class=badge_class>{i18n.tr(badge)}</span></div>
            <p class="card-title">{subject}</p>
            <p class="muted-line">{move || i18n.tr_args("messages-written", vec![
                ("time", FluentValue::from(date_time(written_at, i18n.language()))),
            ])}</p>
            {reason}
            <p class="message-body">{pending.body.clone()}</p>
            {(!files.is_empty()).then(|| view! { <p class="muted-line">{files}</p> })}
            <FormError problem=problem/>
            <ConfirmedAction
                id=format!("discard-{client_id}")
                label="messages-discard"
                question=question
                confirm_label="messages-discard-confirm"
                busy=busy
                on_confirm=discard
            />
        </li>
    }
}

#[component]
pub fn MessageThreadScreen(record_id: String, thread_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let may_write = may_write();
    let record = StoredValue::new(record_id);
    let thread_id = StoredValue::new(thread_id);
    let SavedList { list, problem, syncing, .. } = saved_messages(record);
    let thread = Memo::new(move |_| {
        list.with(|l| {
            l.as_ref()
                .and_then(|l| l.threads.iter().find(|t| t.id == thread_id.get_value()).cloned())
        })
    });
    let waiting = Memo::new(move |_| {
        list.with(|l| {
            l.as_ref()
                .map(|l| {
                    l.pending
                        .iter()
                        .filter(|p| matches!(&p.destination, MessageDestination::Thread { thread_id: t } if *t == thread_id.get_value()))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let destination = move || Ok(MessageDestination::Thread { thread_id: thread_id.get_value() });
    let on_written = move |view: MessagesView| list.set(Some(view));
    view! {
        <section class="screen message-thread" aria-labelledby="thread-title">
            <BackButton on_back=move || navigator.go(Screen::Messages { record_id: record.get_value() })/>
            <h1 id="thread-title">{move || thread.get().map(|t| t.subject).unwrap_or_else(|| i18n.tr("messages-title"))}</h1>
            {move || thread.get().map(|t| view! {
                <p class="intro">{format!("{} · {}", t.hospital, i18n.tr(service_key(t.service)))}</p>
            })}
            <LastUpdated
                id="messages-status"
                syncing=syncing
                saved=Signal::derive(move || list.with(|l| l.as_ref().map(|l| (l.offline, l.last_synced))))
                offline_key="messages-offline"
                offline_never_key="messages-offline-never"
            />
            <FormError problem=problem/>
            <ol class="message-list" id="thread-messages">
                {move || thread.get().map(|t| t.messages.into_iter().map(|m| view! {
                    <Message message=m record=record/>
                }).collect_view())}
                {move || waiting.get().into_iter().map(|p| view! {
                    <li class="message message-mine message-pending" data-client-id=p.client_id.clone()>
                        <p class="message-meta">
                            {match p.refused {
                                Some(problem) => view! { <span class="badge badge-alert">{i18n.tr("messages-refused")}</span> " " {i18n.tr(message_problem_key(problem))} }.into_any(),
                                None => view! { <span class="badge badge-status">{i18n.tr("messages-waiting-to-send")}</span> }.into_any(),
                            }}
                        </p>
                        <p class="message-body">{p.body.clone()}</p>
                        {(!p.file_names.is_empty()).then(|| view! { <p class="muted-line">{p.file_names.join(", ")}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            {move || (list.with(|l| l.is_some()) && thread.with(|t| t.is_none())).then(|| view! {
                <p class="muted-line">{i18n.tr("messages-thread-gone")}</p>
            })}
            <Show when=move || may_write.get() && thread.with(|t| t.is_some())>
                <h2 class="section-heading">{move || i18n.tr("messages-reply")}</h2>
                <MessageComposer record=record destination=destination on_written=on_written/>
            </Show>
        </section>
    }
}

/// One message of a conversation, with its files to save.
#[component]
fn Message(message: MessageView, record: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let class = if message.from_patient_side { "message message-mine" } else { "message" };
    let sent_at = message.sent_at;
    view! {
        <li class=class data-id=message.id.clone()>
            <p class="message-meta">
                <span class="message-author">{message.author.clone()}</span>
                " · "
                <span>{move || date_time(sent_at, i18n.language())}</span>
            </p>
            <p class="message-body">{message.body.clone()}</p>
            {(!message.attachments.is_empty()).then(|| {
                let message_id = message.id.clone();
                view! {
                    <ul class="attachments">
                        {message.attachments.into_iter().map(|a| view! {
                            <Attachment attachment=a message_id=message_id.clone() record=record/>
                        }).collect_view()}
                    </ul>
                }
            })}
        </li>
    }
}

#[component]
fn Attachment(
    attachment: AttachmentView,
    message_id: String,
    record: StoredValue<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(None::<String>);
    let id = attachment.id.clone();
    let name = attachment.file_name.clone();
    let save = move |_| {
        let args = SaveAttachmentArgs {
            record_id: record.get_value(),
            message_id: message_id.clone(),
            attachment_id: id.clone(),
            file_name: name.clone(),
            dialog_title: i18n.tr("messages-save-dialog"),
        };
        run_action(busy, problem, backend::save_attachment(args), move |file| {
            if let Some(file) = file {
                saved.set(Some(file.file_name));
            }
        });
    };
    let kind = match attachment.kind {
        AttachmentKind::Pdf => "PDF",
        AttachmentKind::Jpeg => "JPEG",
        AttachmentKind::Png => "PNG",
    };
    view! {
        <li class="attachment">
            <span class="attachment-name">{attachment.file_name.clone()}</span>
            <span class="muted-line">{format!(" {kind}, {}", file_size(attachment.size, i18n))}</span>
            <button type="button" class="button button-secondary button-small" id=format!("attachment-{}", attachment.id) disabled=move || busy.get() on:click=save>
                {move || i18n.tr("messages-save-file")}
            </button>
            {move || saved.get().map(|file| view! {
                <p class="notice attachment-saved" role="status">{i18n.tr_args("messages-file-saved", vec![("file", FluentValue::from(file))])}</p>
            })}
            <FormError problem=problem/>
        </li>
    }
}

#[component]
pub fn NewMessageScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let record = StoredValue::new(record_id);
    // The hospitals as the device holds them: a message is written offline too.
    let SavedList { list, problem: list_problem, .. } = saved_messages(record);
    let hospitals = Memo::new(move |_| {
        list.with(|l| l.as_ref().map(|l| l.hospitals.clone()).unwrap_or_default())
    });
    let hospital = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let destination = move || {
        let hospital_id = hospital.get_untracked();
        if hospital_id.is_empty() {
            return Err("message-choose-hospital");
        }
        let service =
            MessageService::parse(&service.get_untracked()).ok_or("message-choose-service")?;
        let subject = subject.get_untracked().trim().to_owned();
        if subject.is_empty() {
            return Err("message-problem-no-subject");
        }
        Ok(MessageDestination::NewThread { hospital_id, service, subject })
    };
    let on_written = move |_view: MessagesView| {
        navigator.go(Screen::Messages { record_id: record.get_value() });
    };
    view! {
        <section class="screen new-message" aria-labelledby="new-message-title">
            <BackButton on_back=move || navigator.go(Screen::Messages { record_id: record.get_value() })/>
            <h1 id="new-message-title">{move || i18n.tr("messages-new")}</h1>
            <p class="intro">{move || i18n.tr("messages-new-intro")}</p>
            <FormError problem=list_problem/>
            <div class="field">
                <label for="message-hospital">{move || i18n.tr("message-hospital")}</label>
                <select id="message-hospital" aria-required="true" on:change=move |ev| hospital.set(event_target_value(&ev)) prop:value=move || hospital.get()>
                    <option value="">{move || i18n.tr("message-choose")}</option>
                    {move || hospitals.get().into_iter().map(|h| view! {
                        <option value=h.id.clone()>{h.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="message-service">{move || i18n.tr("message-service")}</label>
                <select id="message-service" aria-required="true" on:change=move |ev| service.set(event_target_value(&ev)) prop:value=move || service.get()>
                    <option value="">{move || i18n.tr("message-choose")}</option>
                    {MessageService::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str()>{move || i18n.tr(service_key(s))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="message-subject">{move || i18n.tr("message-subject")}</label>
                <input id="message-subject" type="text" maxlength=MAX_SUBJECT_CHARS.to_string() aria-required="true" bind:value=subject/>
            </div>
            <MessageComposer record=record destination=destination on_written=on_written/>
        </section>
    }
}

/// A file chosen to go with a message, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ChosenFile {
    name: String,
    size: u64,
    base64: String,
}

/// Reads and checks the files chosen in `input`: the first problem found refuses them all.
async fn read_files(input: web_sys::HtmlInputElement) -> Result<Vec<ChosenFile>, &'static str> {
    let Some(files) = input.files() else { return Ok(Vec::new()) };
    let mut chosen = Vec::new();
    for index in 0..files.length() {
        let Some(file) = files.get(index) else { continue };
        // Too large is said before reading 10 MB and more into memory.
        if file.size() > MAX_ATTACHMENT_BYTES as f64 {
            return Err(attachment_problem_key(AttachmentProblem::TooLarge));
        }
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| attachment_problem_key(AttachmentProblem::NotAllowedType))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        check_attachment(&bytes).map_err(attachment_problem_key)?;
        chosen.push(ChosenFile {
            name: file.name(),
            size: bytes.len() as u64,
            base64: STANDARD.encode(&bytes),
        });
    }
    Ok(chosen)
}

/// The text and files of a message, and sending it: into the outbox at once, to the
/// server when there is a connection. `destination` says where it goes (or which field
/// is missing, by message key).
#[component]
fn MessageComposer(
    record: StoredValue<String>,
    destination: impl Fn() -> Result<MessageDestination, &'static str> + Copy + Send + Sync + 'static,
    on_written: impl Fn(MessagesView) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let body = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<ChosenFile>::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    // Made at the first press and kept until the message is in the outbox: pressing again
    // after an error is the same message.
    let client_id = StoredValue::new(None::<String>);
    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            match read_files(input.clone()).await {
                Ok(chosen) => {
                    let count = files.with_untracked(Vec::len) + chosen.len();
                    if count > MAX_ATTACHMENTS {
                        problem.set(Some(Problem::Local("message-problem-too-many-files")));
                    } else {
                        problem.set(None);
                        files.update(|f| f.extend(chosen));
                    }
                }
                Err(key) => problem.set(Some(Problem::Local(key))),
            }
            // The same file can be chosen again after it was removed.
            input.set_value("");
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let destination = match destination() {
            Ok(destination) => destination,
            Err(key) => {
                problem.set(Some(Problem::Local(key)));
                return;
            }
        };
        if body.get_untracked().trim().is_empty() {
            problem.set(Some(Problem::Local("message-problem-empty")));
            return;
        }
        let id = match client_id.get_value().or_else(new_client_id) {
            Some(id) => id,
            None => {
                problem.set(Some(Problem::Local("error-unexpected")));
                return;
            }
        };
        client_id.set_value(Some(id.clone()));
        let message = NewMessage {
            client_id: id,
            destination,
            body: body.get_untracked().trim().to_owned(),
            attachments: files
                .get_untracked()
                .into_iter()
                .map(|f| NewAttachment { file_name: f.name, content: f.base64 })
                .collect(),
        };
        run_action(
            busy,
            problem,
            backend::write_message(record.get_value(), message),
            move |view| {
                body.set(String::new());
                files.set(Vec::new());
                client_id.set_value(None);
                on_written(view);
            },
        );
    };
    view! {
        <form class="form message-form" on:submit=submit novalidate=true>
            <div class="field">
                <label for="message-body">{move || i18n.tr("message-body")}</label>
                <textarea id="message-body" rows="6" maxlength=MAX_MESSAGE_CHARS.to_string() aria-required="true" bind:value=body></textarea>
            </div>
            <div class="field">
                <label for="message-files">{move || i18n.tr("message-files")}</label>
                <input id="message-files" type="file" multiple=true accept="application/pdf,image/jpeg,image/png" aria-describedby="message-files-hint" on:change=on_files/>
                <p class="field-hint" id="message-files-hint">{move || i18n.tr("message-files-hint")}</p>
            </div>
            <ul class="chosen-files" id="chosen-files">
                {move || files.get().into_iter().enumerate().map(|(index, f)| view! {
                    <li class="chosen-file">
                        <span>{format!("{} ({})", f.name, file_size(f.size, i18n))}</span>
                        " "
                        <button type="button" class="button-link" id=format!("remove-file-{index}") on:click=move |_| files.update(|all| { all.remove(index); })>
                            {move || i18n.tr("message-remove-file")}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <FormError problem=problem/>
            <button type="submit" id="send-message" class="button button-primary" disabled=move || busy.get()>
                {move || if busy.get() { i18n.tr("login-busy") } else { i18n.tr("message-send") }}
            </button>
        </form>
    }
}
