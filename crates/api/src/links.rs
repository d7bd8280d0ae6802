//! Links between records as the patient sees and asks for them: a parent's request for
//! a child's record (`/link-requests`), a trusted person named from one's own record, and
//! the list of who can open one's record (`/records/{id}/links`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most a document joined to a request may weigh, decoded: the "10 MB" the app
/// says, counted as a message's attachment is and as file managers show sizes.
pub const MAX_DOCUMENT_BYTES: usize = crate::messages::MAX_ATTACHMENT_BYTES;

/// What a link makes its holder to the record's patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A parent of a child under 15.
    ParentChild,
    /// Someone the patient named to see their record.
    TrustedPerson,
    /// Someone who exercises the patient's rights when the patient cannot (staff only).
    Representative,
}

impl LinkKind {
    pub const ALL: [Self; 3] = [Self::ParentChild, Self::TrustedPerson, Self::Representative];

    /// As stored and as staff type it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ParentChild => "parent_child",
            Self::TrustedPerson => "trusted_person",
            Self::Representative => "representative",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// Where a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// Asked for, waiting for staff.
    Requested,
    Active,
    /// Ended by its own rule: the 15th birthday, the end of its period, a death.
    Ended,
    /// Ended by the patient or by staff.
    Revoked,
}

impl LinkStatus {
    pub const ALL: [Self; 4] = [Self::Requested, Self::Active, Self::Ended, Self::Revoked];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Active => "active",
            Self::Ended => "ended",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// What a trusted person may do. Opening the record in the app is what the app enforces;
/// the other two are recorded for the hospitals and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustedPersonRights {
    /// Open the record in the app.
    pub view_record: bool,
    /// Be informed about the patient's health.
    pub be_informed: bool,
    /// Ask for a copy of the record.
    pub ask_for_copy: bool,
}

impl TrustedPersonRights {
    pub fn any(&self) -> bool {
        self.view_record || self.be_informed || self.ask_for_copy
    }
}

/// The kinds of document a request may carry, checked by content: the same three, read
/// the same way, as a message's attachments.
pub use crate::messages::AttachmentKind as DocumentType;

/// `POST /api/v1/link-requests`: a parent asks to open a child's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildLinkRequest {
    pub given_name: String,
    pub family_name: String,
    /// `YYYY-MM-DD` as the parent typed it: the server reads it and answers
    /// [`LinkRequestProblem::DateOfBirth`] when it is not a date.
    pub date_of_birth: String,
    /// The child's national register number; or, for a child without one, the
    /// hospital's patient number.
    pub national_register_number: Option<String>,
    pub hospital_patient_number: Option<String>,
    /// The parent states they hold parental authority (required).
    pub parental_authority: bool,
    /// A supporting document, base64 (standard alphabet).
    #[cfg_attr(feature = "openapi", schema(content_encoding = "base64"))]
    pub document: Option<String>,
}

/// Why a parent's request was refused at once. The same answer is given whether or not the
/// details name a patient: nobody can find out that way who is a patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkRequestProblem {
    /// A name is missing or too long.
    Name,
    /// Not a date, or in the future.
    DateOfBirth,
    /// The child is 15 or older: they can get their own card, and name the parent as a
    /// trusted person.
    NotAChild,
    /// Malformed register number, wrong checksum, or one that does not match the date of
    /// birth.
    RegisterNumber,
    /// Neither a register number nor a hospital patient number.
    NoIdentifier,
    /// The statement of parental authority was not given.
    NoStatement,
    /// The request names the parent themself.
    ForOneself,
    /// The same request is already waiting (or the link exists).
    AlreadyAsked,
    /// Not a PDF, JPEG or PNG (by content), or not readable.
    DocumentType,
    /// Over [`MAX_DOCUMENT_BYTES`].
    DocumentTooLarge,
}

/// Where a parent's request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkRequestStatus {
    Waiting,
    Approved,
    Refused,
}

/// `GET /api/v1/link-requests`: one of the parent's requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkRequestView {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date_of_birth: NaiveDate,
    pub status: LinkRequestStatus,
    /// Staff's reason, for a refused request.
    pub reason: Option<String>,
    /// Unix seconds.
    pub asked_at: i64,
    pub decided_at: Option<i64>,
}

/// How the patient confirms naming a trusted person (it stands for the signed form):
/// their password, or on a registered device the PIN's access key (checked and counted as
/// at an unlock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "with")]
pub enum Reauthentication {
    Password {
        #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 1024))]
        password: crate::Sensitive<String>,
    },
    Pin {
        device_id: String,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        access_key: crate::Sensitive<String>,
    },
}

/// `POST /api/v1/records/{id}/trusted-persons`: the patient names a trusted person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustedPersonDesignation {
    pub given_name: String,
    pub family_name: String,
    pub national_register_number: String,
    pub rights: TrustedPersonRights,
    /// The last day, `YYYY-MM-DD` as typed (the server answers
    /// [`DesignationProblem::EndDate`] when it is not a date); None: until revoked.
    pub until: Option<String>,
    pub confirm: Reauthentication,
}

/// Why a designation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DesignationProblem {
    /// Only from one's own record.
    NotOwnRecord,
    Name,
    RegisterNumber,
    /// Naming oneself.
    Oneself,
    /// No right chosen.
    NoRights,
    /// The end date is not a date, or in the past.
    EndDate,
    /// The password or PIN did not confirm it.
    NotConfirmed,
    /// This person already holds a link (or one waits) to this record.
    AlreadyLinked,
}

/// `GET /api/v1/records/{id}/links`: someone who can open (or asked to open) the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordLinkView {
    pub id: String,
    pub kind: LinkKind,
    pub status: LinkStatus,
    pub given_name: String,
    pub family_name: String,
    /// From, and the last day (None: until revoked).
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub since: NaiveDate,
    #[serde(default, with = "crate::dates::iso_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub until: Option<NaiveDate>,
    /// For a trusted person.
    pub rights: Option<TrustedPersonRights>,
    /// For a representative: the mandate's reference.
    pub mandate_reference: Option<String>,
    /// Whether the patient may revoke it from the app (a trusted person they named).
    pub revocable: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_read_back_as_written() {
        for kind in LinkKind::ALL {
            assert_eq!(LinkKind::parse(kind.as_str()), Some(kind));
        }
        for status in LinkStatus::ALL {
            assert_eq!(LinkStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(LinkKind::parse("friend"), None);
        assert_eq!(LinkStatus::parse("ACTIVE"), None);
    }

    #[test]
    fn documents_are_typed_by_their_content() {
        assert_eq!(DocumentType::sniff(b"%PDF-1.7\n..."), Some(DocumentType::Pdf));
        assert_eq!(DocumentType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some(DocumentType::Jpeg));
        assert_eq!(
            DocumentType::sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some(DocumentType::Png)
        );
        assert_eq!(DocumentType::sniff(b"MZ\x90\x00 an exe named .pdf"), None);
        assert_eq!(DocumentType::sniff(b""), None);
    }

    #[test]
    fn problems_travel_as_words() {
        let json = serde_json::to_string(&LinkRequestProblem::NotAChild).unwrap();
        assert_eq!(json, r#""not_a_child""#);
        let confirm = Reauthentication::Password { password: "x".to_owned().into() };
        let back: Reauthentication =
            serde_json::from_str(&serde_json::to_string(&confirm).unwrap()).unwrap();
        assert_eq!(back, confirm);
    }
}
