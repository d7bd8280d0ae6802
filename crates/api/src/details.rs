//! Personal details (`/api/v1/records/{id}/details`) and e-mail notification settings
//! (`/api/v1/notifications`).
//!
//! Name, date of birth and register number are the registration desk's: shown, never
//! changed here. Address, phone, e-mail, preferred language and GP are the patient's to
//! change, and for a linked record a parent's (child under 15) or a representative's, never
//! a trusted person's. Every change is kept with who made it and when.

use serde::{Deserialize, Serialize};

use crate::{Language, care_access::CareProviderView};

/// The longest text a field takes (a street with its number and box, a city).
pub const MAX_FIELD_CHARS: usize = 120;

/// A postal address. The postal code of a Belgian address is checked (four digits, 1000
/// to 9999); abroad it is kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostalAddress {
    /// Street, number and box: "Grote Markt 27 bus 3".
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, upper case: "BE".
    pub country: String,
}

/// What the registration desk keeps (read-only in the app) and what the patient keeps up to
/// date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalDetailsView {
    pub record_id: String,
    pub given_name: String,
    pub family_name: String,
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date_of_birth: chrono::NaiveDate,
    /// Shown masked but for the birth date part: "85.07.30-xxx.xx" is enough to recognise it.
    pub national_register_number: Option<String>,
    pub address: Option<PostalAddress>,
    /// In international form: "+32 470 12 34 56".
    pub phone: Option<String>,
    pub email: Option<String>,
    pub language: Language,
    pub general_practitioner: Option<CareProviderView>,
    /// Whether this session may change them (not a trusted person).
    pub may_change: bool,
    /// Every change, newest first.
    pub changes: Vec<DetailChangeView>,
}

/// The new details, all at once (what the form shows). An empty phone or e-mail removes
/// it; the address is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailsUpdate {
    pub address: PostalAddress,
    pub phone: String,
    pub email: String,
    pub language: Language,
    /// The GP's id in the directory (from `/general-practitioners`); None: no GP.
    pub general_practitioner: Option<String>,
}

/// Which detail changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DetailField {
    Address,
    Phone,
    Email,
    Language,
    GeneralPractitioner,
}

impl DetailField {
    pub const ALL: [Self; 5] =
        [Self::Address, Self::Phone, Self::Email, Self::Language, Self::GeneralPractitioner];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Language => "language",
            Self::GeneralPractitioner => "general_practitioner",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// In which capacity someone changed a detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangedAs {
    Patient,
    Parent,
    Representative,
}

impl ChangedAs {
    pub const ALL: [Self; 3] = [Self::Patient, Self::Parent, Self::Representative];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Parent => "parent",
            Self::Representative => "representative",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// One change: what, by whom, when; the values before and after as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailChangeView {
    pub field: DetailField,
    /// Unix seconds.
    pub at: i64,
    /// Who made it.
    pub by: String,
    pub by_as: ChangedAs,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    TooLong,
    /// Not a Belgian postal code (four digits, 1000 to 9999).
    PostalCode,
    /// Not an ISO 3166-1 country code.
    Country,
    /// Not a phone number that can be called (checked with libphonenumber's data).
    Phone,
    /// Not an e-mail address mail can be sent to.
    Email,
    /// No GP with this id in the directory.
    UnknownGp,
}

/// The problems of a refused update, one per field at most: the form shows each under its
/// field at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailProblems {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<FieldProblem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<FieldProblem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<FieldProblem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<FieldProblem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<FieldProblem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<FieldProblem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_practitioner: Option<FieldProblem>,
}

impl DetailProblems {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Whether `code` is a Belgian postal code: four digits, 1000 to 9999.
pub fn is_belgian_postal_code(code: &str) -> bool {
    code.len() == 4
        && code.bytes().all(|b| b.is_ascii_digit())
        && code.parse::<u16>().is_ok_and(|n| n >= 1000)
}

/// What the patient is told by e-mail, and when. Defaults: both on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// An e-mail when something new arrives (report, appointment, invoice, message,
    /// questionnaire) in one's record or a linked one: at most one an hour, with no medical
    /// content.
    pub something_new: bool,
    /// An e-mail the day before an appointment.
    pub appointment_reminder: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        Self { something_new: true, appointment_reminder: true }
    }
}

/// What can be new in a record, for the "something new" e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NewItemKind {
    Report,
    Appointment,
    Invoice,
    Message,
    Questionnaire,
}

impl NewItemKind {
    pub const ALL: [Self; 5] =
        [Self::Report, Self::Appointment, Self::Invoice, Self::Message, Self::Questionnaire];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::Appointment => "appointment",
            Self::Invoice => "invoice",
            Self::Message => "message",
            Self::Questionnaire => "questionnaire",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn belgian_postal_codes() {
        for good in ["1000", "3300", "9992", "3000"] {
            assert!(is_belgian_postal_code(good), "{good}");
        }
        for bad in ["0999", "999", "10000", "33O0", " 3300", "", "+300", "-300"] {
            assert!(!is_belgian_postal_code(bad), "{bad}");
        }
    }

    #[test]
    fn names_round_trip() {
        for field in DetailField::ALL {
            assert_eq!(DetailField::parse(field.as_str()), Some(field));
        }
        for by in ChangedAs::ALL {
            assert_eq!(ChangedAs::parse(by.as_str()), Some(by));
        }
        for kind in NewItemKind::ALL {
            assert_eq!(NewItemKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn problems_travel_per_field() {
        let problems =
            DetailProblems { phone: Some(FieldProblem::Phone), ..DetailProblems::default() };
        let json = serde_json::to_value(problems).unwrap();
        assert_eq!(json, serde_json::json!({ "phone": "phone" }));
        assert!(!problems.is_empty());
        assert!(DetailProblems::default().is_empty());
    }
}
