//! Invoices and their sync: `/api/v1/records/{id}/invoices`, the invoice as a PDF
//! (`…/invoices/{invoice}/pdf`), and the Belgian structured communication a payment
//! carries ([`StructuredCommunication`]). Amounts are whole euro cents (`i64`), never
//! floats, from the hospital's file to the screen.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::reports::RecordAccess;

/// Where an invoice stands. `Overdue` is never stored: an open invoice is overdue from the
/// day after its due date (Brussels), by the server's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Open,
    Paid,
    Overdue,
    InDispute,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Paid => "paid",
            Self::Overdue => "overdue",
            Self::InDispute => "in_dispute",
        }
    }
}

/// An invoice as the patient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceView {
    pub id: String,
    /// The record (patient) it belongs to.
    pub record_id: String,
    pub hospital_id: String,
    pub hospital_name: String,
    /// The hospital's invoice number.
    pub number: String,
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub issued_on: NaiveDate,
    #[serde(with = "crate::dates::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: NaiveDate,
    /// The whole invoice, in euro cents.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub total_cents: i64,
    /// What the health insurer paid (third-party payment), in euro cents.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub insurer_paid_cents: i64,
    /// The patient's share: `total_cents - insurer_paid_cents`, always.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub patient_share_cents: i64,
    /// What is left to pay: the patient's share, 0 once paid.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub left_to_pay_cents: i64,
    pub status: InvoiceStatus,
    /// `+++123/4567/89002+++`: to copy into a bank transfer.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\+\+\+[0-9]{3}/[0-9]{4}/[0-9]{5}\+\+\+$"))]
    pub structured_communication: String,
    /// Where to pay online (https), opened outside the app.
    pub payment_link: Option<String>,
}

/// `GET /api/v1/records/{id}/invoices?cursor=…&limit=…`: what changed since `cursor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceSyncResponse {
    pub record_id: String,
    /// Invoices to add or replace (also those that became overdue since the cursor).
    pub upserts: Vec<InvoiceView>,
    /// Invoices the hospital withdrew: the device deletes them.
    pub removals: Vec<String>,
    /// Give this back for the next page or the next sync.
    pub cursor: String,
    /// More changes wait: ask again at once with `cursor`.
    pub more: bool,
    /// Every record the user may still open; any other record on the device is purged.
    pub records: Vec<RecordAccess>,
}

/// The Belgian structured communication (OGM/VCS): 10 digits and a 2-digit check, the
/// 10-digit number modulo 97, or 97 when that is 0. Written `+++123/4567/89002+++`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StructuredCommunication {
    /// The 10 digits before the check, as a number.
    base: u64,
}

/// Why a text is not a structured communication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StructuredCommunicationError {
    #[error("a structured communication has 12 digits (+++123/4567/89002+++)")]
    Shape,
    #[error("the check digits are wrong: expected {expected:02}")]
    CheckDigits { expected: u8 },
}

impl StructuredCommunication {
    const BASE_LIMIT: u64 = 10_000_000_000;

    /// The communication of a 10-digit number (below 10^10), with its check digits.
    pub fn from_base(base: u64) -> Option<Self> {
        (base < Self::BASE_LIMIT).then_some(Self { base })
    }

    /// The check of a base: its remainder modulo 97, or 97 for a remainder of 0.
    pub fn check_of(base: u64) -> u8 {
        match base % 97 {
            0 => 97,
            // Below 97: fits.
            remainder => remainder as u8,
        }
    }

    pub fn check(self) -> u8 {
        Self::check_of(self.base)
    }

    /// Reads `+++123/4567/89002+++`, `***123/4567/89002***` or the 12 digits alone;
    /// spaces are ignored. The check digits must be right.
    pub fn parse(text: &str) -> Result<Self, StructuredCommunicationError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let inner = ["+++", "***"]
            .iter()
            .find_map(|mark| compact.strip_prefix(mark)?.strip_suffix(mark))
            .map(|inner| {
                let groups: Vec<&str> = inner.split('/').collect();
                let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
                (lengths == [3, 4, 5]).then(|| groups.concat())
            })
            .unwrap_or_else(|| Some(compact.clone()))
            .ok_or(StructuredCommunicationError::Shape)?;
        if inner.len() != 12 || !inner.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StructuredCommunicationError::Shape);
        }
        let base: u64 = inner[..10].parse().map_err(|_| StructuredCommunicationError::Shape)?;
        let check: u8 = inner[10..].parse().map_err(|_| StructuredCommunicationError::Shape)?;
        let expected = Self::check_of(base);
        if check != expected {
            return Err(StructuredCommunicationError::CheckDigits { expected });
        }
        Ok(Self { base })
    }

    /// The 12 digits.
    pub fn digits(self) -> String {
        format!("{:010}{:02}", self.base, self.check())
    }
}

impl fmt::Display for StructuredCommunication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits();
        write!(f, "+++{}/{}/{}+++", &digits[..3], &digits[3..7], &digits[7..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_usual_forms() {
        let communication = StructuredCommunication::parse("+++123/4567/89002+++").unwrap();
        assert_eq!(communication.to_string(), "+++123/4567/89002+++");
        assert_eq!(communication.digits(), "123456789002");
        for same in ["***123/4567/89002***", "123456789002", " +++ 123/4567/89002 +++ "] {
            assert_eq!(StructuredCommunication::parse(same), Ok(communication), "{same}");
        }
        assert_eq!(StructuredCommunication::from_base(1_234_567_890), Some(communication));
    }

    #[test]
    fn wrong_check_digits_are_refused_with_the_expected_ones() {
        assert_eq!(
            StructuredCommunication::parse("+++123/4567/89003+++"),
            Err(StructuredCommunicationError::CheckDigits { expected: 2 })
        );
        // A check of 00 is never right: a remainder of 0 is written 97.
        assert_eq!(
            StructuredCommunication::parse("+++000/0000/09700+++"),
            Err(StructuredCommunicationError::CheckDigits { expected: 97 })
        );
    }

    #[test]
    fn a_remainder_of_zero_is_written_97() {
        // 97 × 1 and 97 × 10,309,278 leave no remainder.
        assert_eq!(StructuredCommunication::check_of(97), 97);
        let communication = StructuredCommunication::from_base(97 * 10_309_278).unwrap();
        assert_eq!(communication.to_string(), "+++099/9999/96697+++");
        assert_eq!(StructuredCommunication::parse("+++099/9999/96697+++"), Ok(communication));
        assert_eq!(StructuredCommunication::parse("+++000/0000/00097+++").unwrap().check(), 97);
    }

    #[test]
    fn malformed_ones_are_refused() {
        for wrong in [
            "",
            "+++123/4567/8900+++",
            "+++1234/567/89002+++",
            "+++123/4567/89002",
            "12345678900",
            "1234567890022",
            "+++12a/4567/89002+++",
            "+++123-4567-89002+++",
        ] {
            assert_eq!(
                StructuredCommunication::parse(wrong),
                Err(StructuredCommunicationError::Shape),
                "{wrong}"
            );
        }
        assert_eq!(StructuredCommunication::from_base(10_000_000_000), None);
    }
}
