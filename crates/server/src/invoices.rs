//! Invoices as stored: import (insert or update by the hospital's invoice number) with the
//! amount and structured-communication checks ([`IncomingInvoice::check`]), marked paid or
//! withdrawn by staff, the status the patient sees ([`status_on`], pure: overdue comes
//! from the due date and the clock), and the sync of one record's invoices since a cursor.
//! Amounts are `i64` euro cents from the file to the answer: nothing is ever a float.

use chrono::{DateTime, NaiveDate, Utc};
use dossier_api::invoices::{InvoiceStatus, InvoiceView, StructuredCommunication};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::{clock::brussels_date, error::ServerError, reports::Cursor};

/// Invoices per sync page, unless the device asks for fewer or more.
pub const PAGE_SIZE: i64 = 200;
/// The most a device may ask for in one page.
pub const MAX_PAGE_SIZE: i64 = 1000;
/// The largest amount taken: ten million euro, far above any hospital invoice.
pub const MAX_CENTS: i64 = 1_000_000_000;

/// Where an invoice stands at the hospital (overdue is not a state of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredStatus {
    Open,
    Paid,
    InDispute,
}

impl StoredStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Paid => "paid",
            Self::InDispute => "in_dispute",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Open, Self::Paid, Self::InDispute].into_iter().find(|s| s.as_str() == text)
    }
}

/// The status the patient sees on `today` (Brussels): an open invoice is overdue from the
/// day after its due date.
pub fn status_on(stored: StoredStatus, due_on: NaiveDate, today: NaiveDate) -> InvoiceStatus {
    match stored {
        StoredStatus::Paid => InvoiceStatus::Paid,
        StoredStatus::InDispute => InvoiceStatus::InDispute,
        StoredStatus::Open if today > due_on => InvoiceStatus::Overdue,
        StoredStatus::Open => InvoiceStatus::Open,
    }
}

/// An invoice as a hospital sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingInvoice {
    pub hospital_id: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub total_cents: i64,
    pub insurer_paid_cents: i64,
    /// What the patient pays: the total less the insurer's part.
    pub to_pay_cents: i64,
    pub status: StoredStatus,
    /// Made from the hospital and number when the file gives none.
    pub structured_communication: Option<StructuredCommunication>,
    pub payment_link: Option<String>,
    pub withdrawn: bool,
}

impl IncomingInvoice {
    /// What no source may send: amounts out of range or that do not add up, a due date
    /// before the invoice, a payment link that is not https.
    pub fn check(&self) -> Result<(), String> {
        let number = self.number.trim();
        if number.is_empty() || number.len() > 64 {
            return Err("the invoice number is empty or longer than 64 characters".into());
        }
        for (name, cents) in [
            ("total_cents", self.total_cents),
            ("insurer_paid_cents", self.insurer_paid_cents),
            ("to_pay_cents", self.to_pay_cents),
        ] {
            if !(0..=MAX_CENTS).contains(&cents) {
                return Err(format!("{name} is not between 0 and {MAX_CENTS} cents"));
            }
        }
        if self.insurer_paid_cents.checked_add(self.to_pay_cents) != Some(self.total_cents) {
            return Err(
                "the insurer's part and what is left to pay do not add up to the total".into()
            );
        }
        if self.due_on < self.issued_on {
            return Err("the invoice is due before it was issued".into());
        }
        if let Some(link) = &self.payment_link {
            crate::import::https_link(link).map_err(|why| format!("the payment link {why}"))?;
        }
        Ok(())
    }

    /// The structured communication: the file's, else one made from the hospital and the
    /// invoice number (the same every time the invoice is sent).
    pub fn communication(&self) -> StructuredCommunication {
        self.structured_communication.unwrap_or_else(|| {
            let digest = Sha256::digest(format!("{}|{}", self.hospital_id, self.number.trim()));
            let mut first = [0_u8; 8];
            first.copy_from_slice(&digest[..8]);
            let base = u64::from_be_bytes(first) % 10_000_000_000;
            // Below 10^10 by construction.
            StructuredCommunication::from_base(base).unwrap_or_else(|| {
                StructuredCommunication::from_base(0).expect("0 is a valid base")
            })
        })
    }
}

/// What an import did with one invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    New,
    Updated,
    Unchanged,
}

async fn next_seq(conn: &mut AnyConnection) -> Result<i64, ServerError> {
    let (value,): (i64,) = sqlx::query_as(
        "UPDATE sequences SET value = value + 1 WHERE name = 'invoice_changes' RETURNING value",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(value)
}

#[derive(sqlx::FromRow, Clone, PartialEq, Eq)]
struct Row {
    id: String,
    patient_id: String,
    hospital_id: String,
    number: String,
    issued_on: String,
    due_on: String,
    total_cents: i64,
    insurer_paid_cents: i64,
    patient_share_cents: i64,
    status: String,
    structured_communication: String,
    payment_link: Option<String>,
    withdrawn: i64,
    change_seq: i64,
}

const COLUMNS: &str = "id, patient_id, hospital_id, number, issued_on, due_on, total_cents, \
                       insurer_paid_cents, patient_share_cents, status, \
                       structured_communication, payment_link, withdrawn, change_seq";

fn date(text: &str) -> Result<NaiveDate, ServerError> {
    dossier_api::dates::parse_iso(text).ok_or_else(|| ServerError::Corrupt("invoice date".into()))
}

impl Row {
    fn due_on(&self) -> Result<NaiveDate, ServerError> {
        date(&self.due_on)
    }

    fn shown_status(&self, today: NaiveDate) -> Result<InvoiceStatus, ServerError> {
        let stored = StoredStatus::parse(&self.status)
            .ok_or_else(|| ServerError::Corrupt("invoice status".into()))?;
        Ok(status_on(stored, self.due_on()?, today))
    }

    fn view(self, hospital_name: String, today: NaiveDate) -> Result<InvoiceView, ServerError> {
        let status = self.shown_status(today)?;
        let communication = StructuredCommunication::parse(&self.structured_communication)
            .map_err(|_| ServerError::Corrupt("structured communication".into()))?;
        Ok(InvoiceView {
            id: self.id,
            record_id: self.patient_id,
            hospital_id: self.hospital_id,
            hospital_name,
            number: self.number,
            issued_on: date(&self.issued_on)?,
            due_on: date(&self.due_on)?,
            total_cents: self.total_cents,
            insurer_paid_cents: self.insurer_paid_cents,
            patient_share_cents: self.patient_share_cents,
            left_to_pay_cents: if status == InvoiceStatus::Paid {
                0
            } else {
                self.patient_share_cents
            },
            status,
            structured_communication: communication.to_string(),
            payment_link: self.payment_link,
        })
    }
}

async fn hospital_names(
    conn: &mut AnyConnection,
) -> Result<std::collections::HashMap<String, String>, ServerError> {
    let names: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM hospitals").fetch_all(&mut *conn).await?;
    Ok(names.into_iter().collect())
}

fn name_of(
    names: &std::collections::HashMap<String, String>,
    hospital_id: &str,
) -> Result<String, ServerError> {
    names.get(hospital_id).cloned().ok_or_else(|| ServerError::Corrupt("invoice hospital".into()))
}

/// Stores an invoice for `patient_id`: new, or the one with the same hospital and number
/// brought up to date. The number belongs to one patient. Err: refused, why.
pub async fn import(
    conn: &mut AnyConnection,
    patient_id: &str,
    incoming: &IncomingInvoice,
    now: i64,
) -> Result<Result<ImportOutcome, String>, ServerError> {
    if let Err(reason) = incoming.check() {
        return Ok(Err(reason));
    }
    let number = incoming.number.trim();
    let stored: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE hospital_id = $1 AND number = $2"
    ))
    .bind(&incoming.hospital_id)
    .bind(number)
    .fetch_optional(&mut *conn)
    .await?;
    let fields = Row {
        id: stored.as_ref().map(|s| s.id.clone()).unwrap_or_default(),
        patient_id: patient_id.to_owned(),
        hospital_id: incoming.hospital_id.clone(),
        number: number.to_owned(),
        issued_on: incoming.issued_on.to_string(),
        due_on: incoming.due_on.to_string(),
        total_cents: incoming.total_cents,
        insurer_paid_cents: incoming.insurer_paid_cents,
        patient_share_cents: incoming.to_pay_cents,
        status: incoming.status.as_str().to_owned(),
        structured_communication: incoming.communication().digits(),
        payment_link: incoming.payment_link.clone(),
        withdrawn: i64::from(incoming.withdrawn),
        change_seq: stored.as_ref().map_or(0, |s| s.change_seq),
    };
    let paid_on = (incoming.status == StoredStatus::Paid).then(|| brussels_date_of(now));
    let Some(stored) = stored else {
        let seq = next_seq(conn).await?;
        sqlx::query(
            "INSERT INTO invoices (id, patient_id, hospital_id, number, issued_on, due_on, \
             total_cents, insurer_paid_cents, patient_share_cents, status, paid_on, \
             structured_communication, payment_link, withdrawn, change_seq, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(patient_id)
        .bind(&fields.hospital_id)
        .bind(&fields.number)
        .bind(&fields.issued_on)
        .bind(&fields.due_on)
        .bind(fields.total_cents)
        .bind(fields.insurer_paid_cents)
        .bind(fields.patient_share_cents)
        .bind(&fields.status)
        .bind(paid_on.map(|d| d.to_string()))
        .bind(&fields.structured_communication)
        .bind(fields.payment_link.as_deref())
        .bind(fields.withdrawn)
        .bind(seq)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        return Ok(Ok(ImportOutcome::New));
    };
    if stored.patient_id != patient_id {
        return Ok(Err(
            "this invoice number is already used by another patient's invoice at this hospital"
                .into(),
        ));
    }
    if stored == fields {
        return Ok(Ok(ImportOutcome::Unchanged));
    }
    let seq = next_seq(conn).await?;
    sqlx::query(
        "UPDATE invoices SET issued_on = $2, due_on = $3, total_cents = $4, \
         insurer_paid_cents = $5, patient_share_cents = $6, status = $7, \
         paid_on = CASE WHEN $7 = 'paid' THEN COALESCE(paid_on, $8) ELSE NULL END, \
         structured_communication = $9, payment_link = $10, withdrawn = $11, change_seq = $12, \
         updated_at = $13 WHERE id = $1",
    )
    .bind(&stored.id)
    .bind(&fields.issued_on)
    .bind(&fields.due_on)
    .bind(fields.total_cents)
    .bind(fields.insurer_paid_cents)
    .bind(fields.patient_share_cents)
    .bind(&fields.status)
    .bind(brussels_date_of(now).to_string())
    .bind(&fields.structured_communication)
    .bind(fields.payment_link.as_deref())
    .bind(fields.withdrawn)
    .bind(seq)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Ok(ImportOutcome::Updated))
}

fn brussels_date_of(now: i64) -> NaiveDate {
    brussels_date(DateTime::from_timestamp(now, 0).unwrap_or_default())
}

/// A change staff make to an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffChange {
    /// Paid on this day.
    MarkPaid { on: NaiveDate },
    /// Sent in error: taken off every device.
    Withdraw,
}

/// Applies a staff change to the invoice `number` of `hospital_id`. Ok(false): no such
/// invoice (or withdrawn already); Err: why it cannot be made.
pub async fn change_by_staff(
    conn: &mut AnyConnection,
    hospital_id: &str,
    number: &str,
    change: StaffChange,
    now: i64,
) -> Result<Result<bool, String>, ServerError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, status FROM invoices WHERE hospital_id = $1 AND number = $2 \
         AND withdrawn = 0",
    )
    .bind(hospital_id)
    .bind(number.trim())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, status)) = row else { return Ok(Ok(false)) };
    let seq = next_seq(conn).await?;
    match change {
        StaffChange::MarkPaid { on } => {
            if status == "paid" {
                return Ok(Err("the invoice is paid already".into()));
            }
            sqlx::query(
                "UPDATE invoices SET status = 'paid', paid_on = $2, change_seq = $3, \
                 updated_at = $4 WHERE id = $1",
            )
            .bind(&id)
            .bind(on.to_string())
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
        StaffChange::Withdraw => {
            sqlx::query(
                "UPDATE invoices SET withdrawn = 1, change_seq = $2, updated_at = $3 \
                 WHERE id = $1",
            )
            .bind(&id)
            .bind(seq)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(Ok(true))
}

/// One invoice of the record as the patient sees it; None: no such invoice (or withdrawn).
pub async fn one(
    conn: &mut AnyConnection,
    record_id: &str,
    invoice_id: &str,
    today: NaiveDate,
) -> Result<Option<InvoiceView>, ServerError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE id = $1 AND patient_id = $2 AND withdrawn = 0"
    ))
    .bind(invoice_id)
    .bind(record_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let names = hospital_names(conn).await?;
    let name = name_of(&names, &row.hospital_id)?;
    row.view(name, today).map(Some)
}

/// One page of a record's invoice changes, and where the next one starts.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncPage {
    pub upserts: Vec<InvoiceView>,
    pub removals: Vec<String>,
    pub next: Cursor,
    pub more: bool,
}

/// One page of a record's invoice changes since `cursor`, as of `now`: changed and new
/// ones, withdrawn ones as removals (to a device that synced before), and open invoices
/// that became overdue since the cursor's day although nothing changed.
pub async fn sync(
    conn: &mut AnyConnection,
    record_id: &str,
    cursor: Cursor,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<SyncPage, ServerError> {
    let today = brussels_date(now);
    let names = hospital_names(conn).await?;
    let limit = usize::try_from(limit.clamp(1, MAX_PAGE_SIZE)).unwrap_or(1);
    let mut upserts = Vec::new();
    if cursor.at > 0 && cursor.seq > 0 {
        let then = brussels_date_of(cursor.at);
        // Overdue from the day after the due date: not overdue on `then`, overdue today.
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM invoices WHERE patient_id = $1 AND change_seq <= $2 \
             AND withdrawn = 0 AND status = 'open' AND due_on >= $3 AND due_on < $4"
        ))
        .bind(record_id)
        .bind(cursor.seq)
        .bind(then.to_string())
        .bind(today.to_string())
        .fetch_all(&mut *conn)
        .await?;
        for row in rows {
            let name = name_of(&names, &row.hospital_id)?;
            upserts.push(row.view(name, today)?);
        }
    }
    // A first sync has nothing to remove: withdrawn ones are not even read.
    let first = if cursor.seq == 0 { "AND withdrawn = 0" } else { "" };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE patient_id = $1 AND change_seq > $2 {first} \
         ORDER BY change_seq LIMIT $3"
    ))
    .bind(record_id)
    .bind(cursor.seq)
    .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() > limit;
    let mut removals = Vec::new();
    let mut next_seq = cursor.seq;
    for row in rows.into_iter().take(limit) {
        next_seq = row.change_seq;
        if row.withdrawn != 0 {
            if cursor.seq > 0 {
                removals.push(row.id);
            }
        } else {
            upserts.retain(|u: &InvoiceView| u.id != row.id);
            let name = name_of(&names, &row.hospital_id)?;
            upserts.push(row.view(name, today)?);
        }
    }
    Ok(SyncPage { upserts, removals, next: Cursor { seq: next_seq, at: now.timestamp() }, more })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::date;

    fn invoice(total: i64, insurer: i64, to_pay: i64) -> IncomingInvoice {
        IncomingInvoice {
            hospital_id: "hzk".into(),
            number: "2026/004512".into(),
            issued_on: date(2026, 10, 2),
            due_on: date(2026, 11, 1),
            total_cents: total,
            insurer_paid_cents: insurer,
            to_pay_cents: to_pay,
            status: StoredStatus::Open,
            structured_communication: None,
            payment_link: Some("https://pay.hzk.example/i/2026-004512".into()),
            withdrawn: false,
        }
    }

    #[test]
    fn overdue_from_the_day_after_the_due_date() {
        let due = date(2026, 11, 1);
        assert_eq!(status_on(StoredStatus::Open, due, due), InvoiceStatus::Open);
        assert_eq!(status_on(StoredStatus::Open, due, date(2026, 11, 2)), InvoiceStatus::Overdue);
        assert_eq!(status_on(StoredStatus::Paid, due, date(2027, 1, 1)), InvoiceStatus::Paid);
        assert_eq!(
            status_on(StoredStatus::InDispute, due, date(2027, 1, 1)),
            InvoiceStatus::InDispute
        );
    }

    #[test]
    fn amounts_must_add_up_to_the_cent() {
        assert_eq!(invoice(12_345, 10_000, 2_345).check(), Ok(()));
        assert!(invoice(12_345, 10_000, 2_344).check().unwrap_err().contains("do not add up"));
        assert!(invoice(12_345, 12_346, -1).check().unwrap_err().contains("to_pay_cents"));
        assert!(invoice(MAX_CENTS + 1, 0, MAX_CENTS + 1).check().is_err());
        assert!(invoice(i64::MAX, i64::MAX, 1).check().is_err(), "no overflow");
    }

    #[test]
    fn links_dates_and_numbers_are_checked() {
        let mut wrong = invoice(100, 0, 100);
        wrong.payment_link = Some("http://pay.hzk.example/i/1".into());
        assert_eq!(wrong.check().unwrap_err(), "the payment link is not an https link");
        wrong.payment_link = Some("javascript:alert(1)".into());
        assert!(wrong.check().is_err());
        let mut early = invoice(100, 0, 100);
        early.due_on = date(2026, 10, 1);
        assert!(early.check().is_err());
        let mut empty = invoice(100, 0, 100);
        empty.number = "  ".into();
        assert!(empty.check().is_err());
    }

    #[test]
    fn a_missing_communication_is_made_the_same_every_time() {
        let one = invoice(100, 0, 100).communication();
        assert_eq!(one, invoice(100, 0, 100).communication());
        assert_eq!(StructuredCommunication::parse(&one.to_string()), Ok(one));
        let mut other = invoice(100, 0, 100);
        other.number = "2026/004513".into();
        assert_ne!(other.communication(), one);
        let given = StructuredCommunication::parse("+++123/4567/89002+++").unwrap();
        other.structured_communication = Some(given);
        assert_eq!(other.communication(), given);
    }
}
