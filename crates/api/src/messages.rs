//! Messages between a patient and a hospital's services: the services a patient may write
//! to, and what an attachment may be. An attachment is a PDF, a JPEG or a PNG of at most
//! [`MAX_ATTACHMENT_BYTES`], its type read from its first bytes ([`check_attachment`]),
//! never from its name: the device checks before sending, the server again on arrival.

use serde::{Deserialize, Serialize};

/// The largest attachment, in bytes (10 MB).
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1000 * 1000;

/// The hospital services a patient can write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
}

/// What an attachment is, read from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[serde(rename_all = "snake_case")]
pub enum AttachmentProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than 10 MB")]
    TooLarge,
    #[error("the file is not a PDF, JPEG or PNG")]
    NotAllowedType,
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
