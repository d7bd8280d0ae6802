//! Messages between a patient and a hospital's services: the services a patient may write
//! to, and what an attachment may be. An attachment is a PDF, a JPEG or a PNG of at most
//! [`MAX_ATTACHMENT_BYTES`], its type read from its first bytes ([`check_attachment`]),
//! never from its name: the device checks before sending, the server again on arrival.

use serde::{Deserialize, Serialize};

/// The largest attachment, in bytes (10 MB).
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1000 * 1000;
/// Attachments to one message at most.
pub const MAX_ATTACHMENTS: usize = 5;
/// The longest message text, in characters (a letter, not a document: that is an
/// attachment).
pub const MAX_MESSAGE_CHARS: usize = 8_000;
/// The longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 150;

/// The hospital services a patient can write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageService {
    /// Help with the app, the portal, the code card.
    PatientSupport,
    /// A parent's link to a child's record.
    ParentChildLink,
    /// Any other question from a patient.
    PatientQuestionsOther,
}

impl MessageService {
    pub const ALL: [Self; 3] =
        [Self::PatientSupport, Self::ParentChildLink, Self::PatientQuestionsOther];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PatientSupport => "patient_support",
            Self::ParentChildLink => "parent_child_link",
            Self::PatientQuestionsOther => "patient_questions_other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What an attachment is, read from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Pdf,
    Jpeg,
    Png,
}

impl AttachmentKind {
    /// The media type the file is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    /// The kind whose signature `content` starts with: `%PDF-`, JPEG's start-of-image
    /// marker followed by another marker, PNG's eight-byte signature.
    pub fn sniff(content: &[u8]) -> Option<Self> {
        if content.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if content.len() > 3 && content.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else {
            None
        }
    }
}

/// Why an attachment is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttachmentProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than 10 MB")]
    TooLarge,
    #[error("the file is not a PDF, JPEG or PNG")]
    NotAllowedType,
}

impl AttachmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpeg",
            Self::Png => "png",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pdf, Self::Jpeg, Self::Png].into_iter().find(|k| k.as_str() == text)
    }
}

/// An attachment as a message lists it (its bytes come apart, on asking).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub kind: AttachmentKind,
    pub size: u64,
}

/// One message of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageView {
    pub id: String,
    /// The id the writing device made (patient side only): a retry is the same message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Written on the patient's side (the patient, a parent, a representative); else by
    /// the hospital's service.
    pub from_patient_side: bool,
    /// Who wrote it: a person's name, or the staff member's as signed.
    pub author: String,
    /// Unix seconds.
    pub sent_at: i64,
    pub body: String,
    pub attachments: Vec<AttachmentView>,
}

/// A conversation with one service of one hospital about a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadView {
    pub id: String,
    pub hospital_id: String,
    pub hospital: String,
    pub service: MessageService,
    pub subject: String,
    /// Unix seconds of the newest message.
    pub last_message_at: i64,
    /// Oldest first.
    pub messages: Vec<MessageView>,
}

/// Where a new message goes: an answer in a thread, or a new thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "to", rename_all = "snake_case")]
pub enum MessageDestination {
    Thread { thread_id: String },
    NewThread { hospital_id: String, service: MessageService, subject: String },
}

/// An attachment to send, base64 in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAttachment {
    pub file_name: String,
    /// The file, base64 (standard alphabet, padded).
    pub content: String,
}

/// `POST /api/v1/records/{id}/messages`. `client_id` is made once by the device when the
/// message is written (a UUID): sent again after a lost answer, it is the same message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMessage {
    pub client_id: String,
    pub destination: MessageDestination,
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<NewAttachment>,
}

/// A message written on the device and not yet accepted by the server, as the UI shows it
/// (waiting to be sent, or refused with the reason; its files by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMessageView {
    pub client_id: String,
    pub destination: MessageDestination,
    pub body: String,
    pub file_names: Vec<String>,
    /// Unix seconds, on the device's clock.
    pub written_at: i64,
    /// The server refused it (it stays until the writer deletes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<MessageProblem>,
}

/// Why a message was refused. Nothing was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum MessageProblem {
    #[error("the message is empty")]
    EmptyBody,
    #[error("the message is too long")]
    BodyTooLong,
    #[error("a new conversation needs a subject")]
    NoSubject,
    #[error("the subject is too long")]
    SubjectTooLong,
    #[error("no such hospital")]
    UnknownHospital,
    #[error("no such conversation in this record")]
    UnknownThread,
    #[error("too many attachments")]
    TooManyAttachments,
    #[error("attachment {index}: {reason}")]
    Attachment { index: u8, reason: AttachmentProblem },
    #[error("the client id is not a UUID")]
    ClientId,
}

impl NewMessage {
    /// What is wrong with the message before anything is looked up, the attachments'
    /// bytes decoded; the first problem found.
    pub fn check(&self, decoded: &[Vec<u8>]) -> Result<Vec<AttachmentKind>, MessageProblem> {
        let id_ok = self.client_id.len() == 36
            && self.client_id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !id_ok {
            return Err(MessageProblem::ClientId);
        }
        if self.body.trim().is_empty() {
            return Err(MessageProblem::EmptyBody);
        }
        if self.body.chars().count() > MAX_MESSAGE_CHARS {
            return Err(MessageProblem::BodyTooLong);
        }
        if let MessageDestination::NewThread { subject, .. } = &self.destination {
            if subject.trim().is_empty() {
                return Err(MessageProblem::NoSubject);
            }
            if subject.chars().count() > MAX_SUBJECT_CHARS {
                return Err(MessageProblem::SubjectTooLong);
            }
        }
        if decoded.len() > MAX_ATTACHMENTS {
            return Err(MessageProblem::TooManyAttachments);
        }
        decoded
            .iter()
            .enumerate()
            .map(|(index, content)| {
                check_attachment(content).map_err(|reason| MessageProblem::Attachment {
                    index: u8::try_from(index).unwrap_or(u8::MAX),
                    reason,
                })
            })
            .collect()
    }
}

/// The attachment's kind, or why it cannot be sent.
pub fn check_attachment(content: &[u8]) -> Result<AttachmentKind, AttachmentProblem> {
    if content.is_empty() {
        return Err(AttachmentProblem::Empty);
    }
    if content.len() > MAX_ATTACHMENT_BYTES {
        return Err(AttachmentProblem::TooLarge);
    }
    AttachmentKind::sniff(content).ok_or(AttachmentProblem::NotAllowedType)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn the_three_kinds_are_told_by_content() {
        assert_eq!(check_attachment(PDF), Ok(AttachmentKind::Pdf));
        assert_eq!(check_attachment(JPEG), Ok(AttachmentKind::Jpeg));
        assert_eq!(check_attachment(PNG), Ok(AttachmentKind::Png));
        assert_eq!(AttachmentKind::Png.media_type(), "image/png");
    }

    #[test]
    fn anything_else_is_refused_whatever_it_is_called() {
        for other in [
            &b"PK\x03\x04 a zip or a .docx"[..],
            b"GIF89a",
            b"<html><script>",
            b"MZ\x90\0 an .exe named scan.pdf",
            b" %PDF-1.7 not at the start",
            b"\x89PNG\r\n\x1a",
            &[0xFF, 0xD8, 0xFF],
        ] {
            assert_eq!(check_attachment(other), Err(AttachmentProblem::NotAllowedType));
        }
        assert_eq!(check_attachment(b""), Err(AttachmentProblem::Empty));
    }

    #[test]
    fn ten_megabytes_at_most() {
        let mut pdf = PDF.to_vec();
        pdf.resize(MAX_ATTACHMENT_BYTES, b' ');
        assert_eq!(check_attachment(&pdf), Ok(AttachmentKind::Pdf));
        pdf.push(b' ');
        assert_eq!(check_attachment(&pdf), Err(AttachmentProblem::TooLarge));
    }
}
