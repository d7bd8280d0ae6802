//! Patients as the hospitals know them: EAD number, national register number (Belgians
//! only), names, date of birth and of death, contact details, language.

use chrono::{Datelike, NaiveDate};
use dossier_api::{Language, NationalRegisterNumber};
use sqlx::AnyConnection;

use crate::{error::ServerError, import::PatientIdentity};

/// Full years between two Brussels dates, and whether one is under 15 on a date (a parent
/// sees the record, the child has no account of their own yet, and some hospitals keep such
/// reports off line): the rules shared with the device.
pub use dossier_api::age::{CHILD_LINK_END_AGE, age_on, is_child_on};

/// Year, month and day as the national register number encodes them.
pub fn register_ymd(date: NaiveDate) -> (i16, u8, u8) {
    let year =
        i16::try_from(date.year()).unwrap_or(if date.year() < 0 { i16::MIN } else { i16::MAX });
    (year, date.month() as u8, date.day() as u8)
}

/// A patient as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Patient {
    pub id: String,
    pub ead_number: String,
    pub national_register_number: Option<NationalRegisterNumber>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub date_of_death: Option<NaiveDate>,
    pub email: Option<String>,
    pub language: Language,
}

impl Patient {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Online access closes the day a patient dies, for them and for every link to them.
    pub fn is_deceased(&self) -> bool {
        self.date_of_death.is_some()
    }

    /// Whether the patient may have an account of their own on `today`: alive and 15 or
    /// older.
    pub fn may_hold_account(&self, today: NaiveDate) -> bool {
        !self.is_deceased() && !is_child_on(self.date_of_birth, today)
    }
}

impl std::fmt::Debug for Patient {
    // Only the opaque id: everything else is personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Patient").field("id", &self.id).finish_non_exhaustive()
    }
}

/// What the registration desk enters for a new patient.
#[derive(Clone)]
pub struct NewPatient {
    pub ead_number: String,
    pub national_register_number: Option<NationalRegisterNumber>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub date_of_death: Option<NaiveDate>,
    pub email: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub language: Language,
}

impl NewPatient {
    /// Checks what the database cannot: the shape of each field.
    pub fn validate(&self, today: NaiveDate) -> Result<(), ServerError> {
        let invalid = |what: &str| Err(ServerError::InvalidInput(what.to_owned()));
        if !(6..=12).contains(&self.ead_number.len())
            || !self.ead_number.chars().all(|c| c.is_ascii_digit())
        {
            return invalid("the EAD number has 6 to 12 digits");
        }
        if self.given_name.trim().is_empty() || self.family_name.trim().is_empty() {
            return invalid("given name and family name are required");
        }
        if self.date_of_birth > today {
            return invalid("the date of birth is in the future");
        }
        if let Some(number) = &self.national_register_number {
            let (year, month, day) = register_ymd(self.date_of_birth);
            if !number.matches_birth_date(year, month, day) {
                return invalid("the national register number does not match the date of birth");
            }
        }
        if self.date_of_death.is_some_and(|died| died < self.date_of_birth || died > today) {
            return invalid("the date of death must lie between birth and today");
        }
        if self.email.as_deref().is_some_and(|e| !crate::mail::is_valid_email(e)) {
            return invalid("the e-mail address is not valid");
        }
        if self.country.len() != 2 || !self.country.chars().all(|c| c.is_ascii_uppercase()) {
            return invalid("the country is a two-letter ISO code such as BE");
        }
        Ok(())
    }
}

/// Adds a patient and returns the new opaque id.
pub async fn insert(
    conn: &mut AnyConnection,
    patient: &NewPatient,
    now: i64,
) -> Result<String, ServerError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO patients (id, ead_number, national_register_number, given_name, \
         family_name, date_of_birth, date_of_death, email, street, postal_code, city, \
         country, preferred_language, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&id)
    .bind(&patient.ead_number)
    .bind(patient.national_register_number.as_ref().map(|n| n.digits().to_owned()))
    .bind(patient.given_name.trim())
    .bind(patient.family_name.trim())
    .bind(patient.date_of_birth.to_string())
    .bind(patient.date_of_death.map(|d| d.to_string()))
    .bind(patient.email.as_deref())
    .bind(&patient.street)
    .bind(&patient.postal_code)
    .bind(&patient.city)
    .bind(&patient.country)
    .bind(patient.language.code())
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => ServerError::InvalidInput(
            "a patient with this EAD or national register number exists already".into(),
        ),
        _ => ServerError::Database(e),
    })?;
    Ok(id)
}

const COLUMNS: &str = "id, ead_number, national_register_number, given_name, family_name, \
                       date_of_birth, date_of_death, email, preferred_language";

type Row = (
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

fn from_row(row: Row) -> Result<Patient, ServerError> {
    let (id, ead_number, nrn, given_name, family_name, born, died, email, language) = row;
    let date = |text: &str| {
        dossier_api::dates::parse_iso(text)
            .ok_or_else(|| ServerError::Corrupt("a patient date".into()))
    };
    Ok(Patient {
        national_register_number: nrn
            .map(|n| NationalRegisterNumber::parse(&n))
            .transpose()
            .map_err(|_| ServerError::Corrupt("a national register number".into()))?,
        date_of_birth: date(&born)?,
        date_of_death: died.as_deref().map(date).transpose()?,
        language: Language::from_code(&language).unwrap_or_default(),
        id,
        ead_number,
        given_name,
        family_name,
        email,
    })
}

pub async fn find_by_id(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<Patient>, ServerError> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM patients WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(from_row).transpose()
}

pub async fn find_by_ead(
    conn: &mut AnyConnection,
    ead_number: &str,
) -> Result<Option<Patient>, ServerError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM patients WHERE ead_number = $1"))
            .bind(ead_number)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(from_row).transpose()
}

pub async fn find_by_register_number(
    conn: &mut AnyConnection,
    number: &NationalRegisterNumber,
) -> Result<Option<Patient>, ServerError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM patients WHERE national_register_number = $1"
    ))
    .bind(number.digits())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(from_row).transpose()
}

/// Why a source's identifiers name no single patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityProblem {
    #[error("no patient identifier (hospital patient number or national register number)")]
    NoIdentifier,
    #[error("no patient has this identifier")]
    NoMatch,
    #[error("the identifiers name two different patients")]
    TwoCandidates,
}

/// The one patient `identity` names, or why there is none. Never guesses: every
/// identifier given must name the same patient.
pub async fn resolve(
    conn: &mut AnyConnection,
    identity: &PatientIdentity,
) -> Result<Result<String, IdentityProblem>, ServerError> {
    let by_ead = match &identity.ead_number {
        Some(ead) => Some(find_by_ead(conn, ead).await?.map(|p| p.id)),
        None => None,
    };
    let by_number = match &identity.national_register_number {
        Some(number) => Some(find_by_register_number(conn, number).await?.map(|p| p.id)),
        None => None,
    };
    Ok(match (by_ead, by_number) {
        (None, None) => Err(IdentityProblem::NoIdentifier),
        (Some(None), _) | (_, Some(None)) => Err(IdentityProblem::NoMatch),
        (Some(Some(a)), Some(Some(b))) if a != b => Err(IdentityProblem::TwoCandidates),
        (Some(Some(id)), _) | (None, Some(Some(id))) => Ok(id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::date;

    fn new_patient(born: NaiveDate, number: &str) -> NewPatient {
        NewPatient {
            ead_number: "10482231".into(),
            national_register_number: Some(NationalRegisterNumber::parse(number).unwrap()),
            given_name: "An".into(),
            family_name: "Peeters".into(),
            date_of_birth: born,
            date_of_death: None,
            email: None,
            street: "Naamsestraat 61".into(),
            postal_code: "3000".into(),
            city: "Leuven".into(),
            country: "BE".into(),
            language: Language::Nl,
        }
    }

    #[test]
    fn the_register_number_must_match_the_date_of_birth() {
        let today = date(2026, 11, 23);
        assert!(new_patient(date(1985, 7, 30), "85073003328").validate(today).is_ok());
        for born in [date(1985, 7, 31), date(1985, 8, 30), date(1986, 7, 30)] {
            let error = new_patient(born, "85073003328").validate(today).unwrap_err();
            assert!(error.to_string().contains("does not match the date of birth"), "{born}");
        }
    }

    #[test]
    fn age_counts_full_years_and_childhood_ends_on_the_15th_birthday() {
        let born = date(2010, 5, 20);
        assert_eq!(age_on(born, date(2025, 5, 19)), 14);
        assert_eq!(age_on(born, date(2025, 5, 20)), 15);
        assert_eq!(age_on(born, date(2025, 12, 31)), 15);
        assert!(is_child_on(born, date(2025, 5, 19)));
        assert!(!is_child_on(born, date(2025, 5, 20)));
    }
}
