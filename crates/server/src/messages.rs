//! Messages between a record's patient side and a hospital's services: threads per
//! hospital and service, messages with attachments (PDF, JPEG, PNG by content, 10 MB each,
//! `dossier_api::messages::check_attachment`), written from the app by the patient, a
//! parent of a child under 15 or a representative, and answered by staff (`admin
//! answer-message`), who are told of new ones by `admin messages`.
//!
//! A message from the app carries the id its device made when it was written: the same id
//! again (a retry after a lost answer, an outbox sent twice) finds the message already
//! there and answers with it, so a retry never makes a duplicate, also when two arrive at
//! once (the unique index decides). An answer from staff tells the record's followers by
//! e-mail ("something new", [`crate::notifications`]).

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::{
    details::NewItemKind,
    messages::{
        AttachmentKind, AttachmentView, MAX_ATTACHMENT_BYTES, MessageDestination, MessageProblem,
        MessageService, MessageView, NewMessage, ThreadView,
    },
};
use sqlx::AnyConnection;

use crate::{
    db,
    error::ServerError,
    uploads::{self, UploadProblem},
};

/// The attachments' bytes, or the first that cannot be one (not base64, far too large).
fn decode_attachments(message: &NewMessage) -> Result<Vec<Vec<u8>>, MessageProblem> {
    use dossier_api::messages::AttachmentProblem;
    message
        .attachments
        .iter()
        .enumerate()
        .map(|(index, attachment)| {
            uploads::decode(&attachment.content, MAX_ATTACHMENT_BYTES).map_err(|problem| {
                MessageProblem::Attachment {
                    index: u8::try_from(index).unwrap_or(u8::MAX),
                    reason: match problem {
                        UploadProblem::TooLarge => AttachmentProblem::TooLarge,
                        UploadProblem::NotBase64 => AttachmentProblem::NotAllowedType,
                    },
                }
            })
        })
        .collect()
}

/// A file name as kept: its last path part, without control characters, at most 120
/// characters; "attachment" when nothing is left.
fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    if clean.trim().is_empty() { "attachment".to_owned() } else { clean.trim().to_owned() }
}

/// Keeps a message from the record's patient side, written by `author_id`; answers with
/// its thread as it is now, and whether it is new. The same `client_id` from the same
/// author again answers with the message already kept.
pub async fn post(
    conn: &mut AnyConnection,
    record_id: &str,
    author_id: &str,
    message: &NewMessage,
    now: i64,
) -> Result<Result<(ThreadView, bool), MessageProblem>, ServerError> {
    if let Some(thread) = already_kept(conn, record_id, author_id, &message.client_id).await? {
        return Ok(Ok((thread, false)));
    }
    let decoded = match decode_attachments(message) {
        Ok(decoded) => decoded,
        Err(problem) => return Ok(Err(problem)),
    };
    let kinds = match message.check(&decoded) {
        Ok(kinds) => kinds,
        Err(problem) => return Ok(Err(problem)),
    };
    match store(conn, record_id, author_id, message, &decoded, &kinds, now).await {
        Ok(Ok(thread_id)) => {
            tracing::info!(attachments = decoded.len(), "message from the patient side kept");
            let thread = thread(conn, record_id, &thread_id)
                .await?
                .ok_or_else(|| ServerError::Corrupt("a thread just written".into()))?;
            Ok(Ok((thread, true)))
        }
        Ok(Err(problem)) => Ok(Err(problem)),
        // Two sends of the same message at once: the other one was kept.
        Err(ServerError::Database(sqlx::Error::Database(error))) if error.is_unique_violation() => {
            already_kept(conn, record_id, author_id, &message.client_id)
                .await?
                .map(|thread| Ok((thread, false)))
                .ok_or_else(|| ServerError::Corrupt("a message id taken by nothing".into()))
        }
        Err(error) => Err(error),
    }
}

async fn already_kept(
    conn: &mut AnyConnection,
    record_id: &str,
    author_id: &str,
    client_id: &str,
) -> Result<Option<ThreadView>, ServerError> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT m.thread_id FROM messages m JOIN message_threads t ON t.id = m.thread_id \
         WHERE m.author_id = $1 AND m.client_id = $2 AND t.record_id = $3",
    )
    .bind(author_id)
    .bind(client_id)
    .bind(record_id)
    .fetch_optional(&mut *conn)
    .await?;
    match found {
        Some((thread_id,)) => thread(conn, record_id, &thread_id).await,
        None => Ok(None),
    }
}

#[allow(clippy::too_many_arguments)]
async fn store(
    conn: &mut AnyConnection,
    record_id: &str,
    author_id: &str,
    message: &NewMessage,
    decoded: &[Vec<u8>],
    kinds: &[AttachmentKind],
    now: i64,
) -> Result<Result<String, MessageProblem>, ServerError> {
    let mut tx = db::begin_write(conn).await?;
    let thread_id = match &message.destination {
        MessageDestination::Thread { thread_id } => {
            let known: Option<(String,)> =
                sqlx::query_as("SELECT id FROM message_threads WHERE id = $1 AND record_id = $2")
                    .bind(thread_id)
                    .bind(record_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if known.is_none() {
                return Ok(Err(MessageProblem::UnknownThread));
            }
            thread_id.clone()
        }
        MessageDestination::NewThread { hospital_id, service, subject } => {
            let known: Option<(String,)> = sqlx::query_as("SELECT id FROM hospitals WHERE id = $1")
                .bind(hospital_id)
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Ok(Err(MessageProblem::UnknownHospital));
            }
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO message_threads (id, record_id, hospital_id, service, subject, \
                 started_at, last_message_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(&id)
            .bind(record_id)
            .bind(hospital_id)
            .bind(service.as_str())
            .bind(subject.trim())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    let message_id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO messages (id, thread_id, author_id, client_id, body, sent_at, position) \
         VALUES ($1, $2, $3, $4, $5, $6, \
         (SELECT COUNT(*) FROM messages WHERE thread_id = $2))",
    )
    .bind(&message_id)
    .bind(&thread_id)
    .bind(author_id)
    .bind(&message.client_id)
    .bind(message.body.trim())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let names = message.attachments.iter().map(|a| a.file_name.as_str());
    let files = names.zip(decoded).zip(kinds).map(|((name, bytes), kind)| (name, bytes, *kind));
    insert_attachments(&mut tx, &message_id, files).await?;
    sqlx::query("UPDATE message_threads SET last_message_at = $2 WHERE id = $1")
        .bind(&thread_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(thread_id))
}

async fn insert_attachments<'f>(
    conn: &mut AnyConnection,
    message_id: &str,
    files: impl Iterator<Item = (&'f str, &'f Vec<u8>, AttachmentKind)>,
) -> Result<(), ServerError> {
    for (position, (name, bytes, kind)) in files.enumerate() {
        sqlx::query(
            "INSERT INTO message_attachments (id, message_id, position, file_name, kind, size, \
             content) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(message_id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(clean_file_name(name))
        .bind(kind.as_str())
        .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
        .bind(STANDARD.encode(bytes))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

type ThreadRow = (String, String, String, String, String, i64);
type MessageRow =
    (String, String, Option<String>, Option<String>, Option<String>, Option<String>, String, i64);

const THREADS: &str = "SELECT t.id, t.hospital_id, h.name, t.service, t.subject, \
     t.last_message_at FROM message_threads t JOIN hospitals h ON h.id = t.hospital_id";
const MESSAGES: &str = "SELECT m.id, m.thread_id, m.client_id, m.staff_name, p.given_name, \
     p.family_name, m.body, m.sent_at FROM messages m \
     JOIN message_threads t ON t.id = m.thread_id LEFT JOIN patients p ON p.id = m.author_id";
const ATTACHMENTS: &str = "SELECT a.id, a.message_id, a.file_name, a.kind, a.size \
     FROM message_attachments a JOIN messages m ON m.id = a.message_id \
     JOIN message_threads t ON t.id = m.thread_id";

/// Every thread of the record, newest first, each with its messages oldest first (the
/// attachments listed, not their bytes). Three queries whatever the number of threads.
pub async fn threads(
    conn: &mut AnyConnection,
    record_id: &str,
) -> Result<Vec<ThreadView>, ServerError> {
    let threads: Vec<ThreadRow> = sqlx::query_as(&format!(
        "{THREADS} WHERE t.record_id = $1 ORDER BY t.last_message_at DESC, t.id"
    ))
    .bind(record_id)
    .fetch_all(&mut *conn)
    .await?;
    let messages: Vec<MessageRow> =
        sqlx::query_as(&format!("{MESSAGES} WHERE t.record_id = $1 ORDER BY m.position, m.id"))
            .bind(record_id)
            .fetch_all(&mut *conn)
            .await?;
    let attachments: Vec<(String, String, String, String, i64)> =
        sqlx::query_as(&format!("{ATTACHMENTS} WHERE t.record_id = $1 ORDER BY a.position"))
            .bind(record_id)
            .fetch_all(&mut *conn)
            .await?;
    assemble(threads, messages, attachments)
}

/// One thread of the record.
pub async fn thread(
    conn: &mut AnyConnection,
    record_id: &str,
    thread_id: &str,
) -> Result<Option<ThreadView>, ServerError> {
    let threads: Vec<ThreadRow> =
        sqlx::query_as(&format!("{THREADS} WHERE t.record_id = $1 AND t.id = $2"))
            .bind(record_id)
            .bind(thread_id)
            .fetch_all(&mut *conn)
            .await?;
    let messages: Vec<MessageRow> =
        sqlx::query_as(&format!("{MESSAGES} WHERE t.id = $1 ORDER BY m.position, m.id"))
            .bind(thread_id)
            .fetch_all(&mut *conn)
            .await?;
    let attachments: Vec<(String, String, String, String, i64)> =
        sqlx::query_as(&format!("{ATTACHMENTS} WHERE t.id = $1 ORDER BY a.position"))
            .bind(thread_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(assemble(threads, messages, attachments)?.pop())
}

fn assemble(
    threads: Vec<ThreadRow>,
    messages: Vec<MessageRow>,
    attachments: Vec<(String, String, String, String, i64)>,
) -> Result<Vec<ThreadView>, ServerError> {
    let corrupt = || ServerError::Corrupt("a stored message".into());
    let mut views = Vec::with_capacity(threads.len());
    for (id, hospital_id, hospital, service, subject, last_message_at) in threads {
        views.push(ThreadView {
            service: MessageService::parse(&service).ok_or_else(corrupt)?,
            id,
            hospital_id,
            hospital,
            subject,
            last_message_at,
            messages: Vec::new(),
        });
    }
    for (id, thread_id, client_id, staff_name, given, family, body, sent_at) in messages {
        let Some(thread) = views.iter_mut().find(|t| t.id == thread_id) else { continue };
        let (from_patient_side, author) = match (staff_name, given, family) {
            (Some(staff), _, _) => (false, staff),
            (None, Some(given), Some(family)) => (true, format!("{given} {family}")),
            _ => return Err(corrupt()),
        };
        thread.messages.push(MessageView {
            id,
            client_id,
            from_patient_side,
            author,
            sent_at,
            body,
            attachments: Vec::new(),
        });
    }
    for (id, message_id, file_name, kind, size) in attachments {
        let message =
            views.iter_mut().flat_map(|t| t.messages.iter_mut()).find(|m| m.id == message_id);
        if let Some(message) = message {
            message.attachments.push(AttachmentView {
                id,
                file_name,
                kind: AttachmentKind::parse(&kind).ok_or_else(corrupt)?,
                size: u64::try_from(size).unwrap_or_default(),
            });
        }
    }
    Ok(views)
}

/// An attachment's name, kind and bytes, when it belongs to a message of the record.
pub async fn attachment(
    conn: &mut AnyConnection,
    record_id: &str,
    message_id: &str,
    attachment_id: &str,
) -> Result<Option<(String, AttachmentKind, Vec<u8>)>, ServerError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT a.file_name, a.kind, a.content FROM message_attachments a \
         JOIN messages m ON m.id = a.message_id JOIN message_threads t ON t.id = m.thread_id \
         WHERE a.id = $1 AND m.id = $2 AND t.record_id = $3",
    )
    .bind(attachment_id)
    .bind(message_id)
    .bind(record_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((file_name, kind, content)) = row else { return Ok(None) };
    let corrupt = || ServerError::Corrupt("a stored attachment".into());
    let kind = AttachmentKind::parse(&kind).ok_or_else(corrupt)?;
    let bytes = STANDARD.decode(content).map_err(|_| corrupt())?;
    Ok(Some((file_name, kind, bytes)))
}

/// A patient-side message staff have not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub thread_id: String,
    pub ead_number: String,
    pub service: MessageService,
    pub subject: String,
    pub sent_at: i64,
    pub body: String,
    pub attachments: usize,
}

/// The patient-side messages to `hospital_id` not answered yet, oldest first.
pub async fn waiting(
    conn: &mut AnyConnection,
    hospital_id: &str,
) -> Result<Vec<Waiting>, ServerError> {
    let rows: Vec<(String, String, String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT t.id, p.ead_number, t.service, t.subject, m.sent_at, m.body, \
         (SELECT COUNT(*) FROM message_attachments a WHERE a.message_id = m.id) \
         FROM messages m JOIN message_threads t ON t.id = m.thread_id \
         JOIN patients p ON p.id = t.record_id \
         WHERE t.hospital_id = $1 AND m.author_id IS NOT NULL AND m.handled_at IS NULL \
         ORDER BY m.sent_at, m.id",
    )
    .bind(hospital_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(thread_id, ead_number, service, subject, sent_at, body, attachments)| {
            Ok(Waiting {
                thread_id,
                ead_number,
                service: MessageService::parse(&service)
                    .ok_or_else(|| ServerError::Corrupt("a stored thread".into()))?,
                subject,
                sent_at,
                body,
                attachments: usize::try_from(attachments).unwrap_or_default(),
            })
        })
        .collect()
}

/// Staff's answer in a thread, signed `staff_name`, with files (each checked like a
/// patient's); the thread's waiting messages count as handled, and the record's followers
/// are told by e-mail. The new message's id.
pub async fn answer(
    conn: &mut AnyConnection,
    thread_id: &str,
    staff_name: &str,
    body: &str,
    files: &[(String, Vec<u8>)],
    now: i64,
) -> Result<String, ServerError> {
    let invalid = |text: String| ServerError::InvalidInput(text);
    if body.trim().is_empty() || staff_name.trim().is_empty() {
        return Err(invalid("an answer needs a text and a name to sign it with".into()));
    }
    let mut kinds = Vec::new();
    for (name, bytes) in files {
        let kind = dossier_api::messages::check_attachment(bytes)
            .map_err(|problem| invalid(format!("{}: {problem}", clean_file_name(name))))?;
        kinds.push(kind);
    }
    let mut tx = db::begin_write(conn).await?;
    let record: Option<(String,)> =
        sqlx::query_as("SELECT record_id FROM message_threads WHERE id = $1")
            .bind(thread_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((record_id,)) = record else {
        return Err(invalid(format!("no thread {thread_id}")));
    };
    let message_id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO messages (id, thread_id, staff_name, body, sent_at, position) \
         VALUES ($1, $2, $3, $4, $5, (SELECT COUNT(*) FROM messages WHERE thread_id = $2))",
    )
    .bind(&message_id)
    .bind(thread_id)
    .bind(staff_name.trim())
    .bind(body.trim())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let files = files.iter().zip(&kinds).map(|((name, bytes), kind)| (name.as_str(), bytes, *kind));
    insert_attachments(&mut tx, &message_id, files).await?;
    sqlx::query(
        "UPDATE messages SET handled_at = $2 WHERE thread_id = $1 AND author_id IS NOT NULL \
         AND handled_at IS NULL",
    )
    .bind(thread_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE message_threads SET last_message_at = $2 WHERE id = $1")
        .bind(thread_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let due = chrono::DateTime::from_timestamp(now, 0)
        .ok_or_else(|| ServerError::Corrupt("the clock".into()))?;
    crate::notifications::something_new(&mut tx, &record_id, NewItemKind::Message, due).await?;
    tx.commit().await?;
    tracing::info!(attachments = kinds.len(), "message answered by staff");
    Ok(message_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_their_last_part_without_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\an\\scan.pdf"), "scan.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\nc.png"), "abc.png");
        assert_eq!(clean_file_name("   "), "attachment");
        assert_eq!(clean_file_name(&"x".repeat(500)).chars().count(), 120);
    }
}
