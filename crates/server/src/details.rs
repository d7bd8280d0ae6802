//! Personal details as the patient keeps them up to date: address, phone, e-mail, preferred
//! language and GP. The checks per field (a Belgian postal code, a phone number with
//! libphonenumber's data, an e-mail address mail can go to, a GP of the directory), and the
//! change itself, written with one `detail_changes` row per field that changed in the same
//! transaction: nothing is half-written, and every change says who made it and when.

use chrono::NaiveDate;
use dossier_api::{
    Language,
    care_access::{AccessChange, AccessEvent, Accessor, CareRole},
    details::{
        ChangedAs, DetailChangeView, DetailField, DetailProblems, DetailsUpdate, FieldProblem,
        MAX_FIELD_CHARS, PersonalDetailsView, PostalAddress, is_belgian_postal_code,
    },
    links::LinkKind,
};
use phonenumber::Mode;
use sqlx::AnyConnection;

use crate::{
    access_log::{self, NewEntry},
    care_directory, care_relations,
    error::ServerError,
    patients,
};

/// The longest phone number typed that is parsed (the longest real one, written with
/// spaces and a country code, is well under this).
const MAX_PHONE_CHARS: usize = 32;

/// The details that change, as stored.
#[derive(Clone, PartialEq, Eq)]
struct Stored {
    address: Option<PostalAddress>,
    /// E.164.
    phone: Option<String>,
    email: Option<String>,
    language: Language,
    gp: Option<String>,
}

/// A checked update: what will be stored.
#[derive(Clone)]
pub struct CheckedUpdate(Stored);

/// Who makes a change, and in which capacity.
#[derive(Debug, Clone)]
pub struct ChangedBy {
    /// The person's own patient id.
    pub patient_id: String,
    pub name: String,
    pub by_as: ChangedAs,
}

/// A phone number as typed, in E.164 if it is one that can be called. Numbers without a
/// country code are read as numbers of `country` (the address's), else Belgian.
pub fn normalize_phone(typed: &str, country: &str) -> Option<String> {
    let typed = typed.trim();
    // Only what phone numbers are written with: the parser then never sees the inputs that
    // made it panic before (RUSTSEC-2023-0082, RUSTSEC-2024-0369).
    if typed.chars().count() > MAX_PHONE_CHARS
        || !typed.chars().all(|c| c.is_ascii_digit() || " +()./-".contains(c))
        || !typed.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let region = country.parse::<phonenumber::country::Id>().unwrap_or(phonenumber::country::BE);
    let number = phonenumber::parse(Some(region), typed).ok()?;
    phonenumber::is_valid(&number).then(|| number.format().mode(Mode::E164).to_string())
}

/// E.164 as the patient reads it: "+32 470 12 34 56".
fn phone_for_display(e164: &str) -> String {
    phonenumber::parse(None, e164)
        .map(|n| n.format().mode(Mode::International).to_string())
        .unwrap_or_else(|_| e164.to_owned())
}

fn text_problem(text: &str) -> Option<FieldProblem> {
    if text.trim().is_empty() {
        Some(FieldProblem::Required)
    } else if text.chars().count() > MAX_FIELD_CHARS {
        Some(FieldProblem::TooLong)
    } else {
        None
    }
}

/// Checks every field at once (the form shows each problem under its field); reads the
/// directory for the GP.
pub async fn check(
    conn: &mut AnyConnection,
    update: &DetailsUpdate,
) -> Result<Result<CheckedUpdate, DetailProblems>, ServerError> {
    let mut problems = DetailProblems::default();
    let address = &update.address;
    let country = address.country.trim().to_ascii_uppercase();
    problems.street = text_problem(&address.street);
    problems.city = text_problem(&address.city);
    problems.country = if country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()) {
        None
    } else {
        Some(FieldProblem::Country)
    };
    let postal_code = address.postal_code.trim().to_owned();
    problems.postal_code = match text_problem(&postal_code) {
        Some(problem) => Some(problem),
        None if country == "BE" && !is_belgian_postal_code(&postal_code) => {
            Some(FieldProblem::PostalCode)
        }
        None => None,
    };
    let phone = match update.phone.trim() {
        "" => None,
        typed => {
            let normalized = normalize_phone(typed, &country);
            problems.phone = normalized.is_none().then_some(FieldProblem::Phone);
            normalized
        }
    };
    let email = match update.email.trim() {
        "" => None,
        typed => {
            problems.email = (!crate::mail::is_valid_email(typed)).then_some(FieldProblem::Email);
            Some(typed.to_owned())
        }
    };
    let gp = match &update.general_practitioner {
        None => None,
        Some(id) => {
            let found = care_directory::find(conn, id).await?;
            match found.filter(|p| p.id == *id && p.role == CareRole::GeneralPractitioner) {
                Some(gp) => Some(gp.id),
                None => {
                    problems.general_practitioner = Some(FieldProblem::UnknownGp);
                    None
                }
            }
        }
    };
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(CheckedUpdate(Stored {
        address: Some(PostalAddress {
            street: address.street.trim().to_owned(),
            postal_code,
            city: address.city.trim().to_owned(),
            country,
        }),
        phone,
        email,
        language: update.language,
        gp,
    })))
}

type StoredRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

/// field, at, by, as, before, after
type ChangeRow = (String, i64, String, String, Option<String>, Option<String>);

async fn stored(conn: &mut AnyConnection, patient_id: &str) -> Result<Stored, ServerError> {
    let row: StoredRow = sqlx::query_as(
        "SELECT p.street, p.postal_code, p.city, p.country, p.phone, p.email, \
         p.preferred_language, g.provider_id \
         FROM patients p LEFT JOIN general_practitioners g ON g.patient_id = p.id \
         WHERE p.id = $1",
    )
    .bind(patient_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| ServerError::Corrupt("a patient's details".into()))?;
    let (street, postal_code, city, country, phone, email, language, gp) = row;
    let address = match (street, postal_code, city) {
        (Some(street), Some(postal_code), Some(city))
            if !street.is_empty() || !postal_code.is_empty() || !city.is_empty() =>
        {
            Some(PostalAddress { street, postal_code, city, country })
        }
        _ => None,
    };
    Ok(Stored {
        address,
        phone: phone.filter(|p| !p.is_empty()),
        email: email.filter(|e| !e.is_empty()),
        language: Language::from_code(&language).unwrap_or_default(),
        gp,
    })
}

fn address_line(address: &PostalAddress) -> String {
    format!("{}, {} {} ({})", address.street, address.postal_code, address.city, address.country)
}

async fn gp_name(
    conn: &mut AnyConnection,
    gp: Option<&str>,
) -> Result<Option<String>, ServerError> {
    match gp {
        Some(id) => Ok(Some(care_directory::view(conn, id).await?.name)),
        None => Ok(None),
    }
}

/// `YY.MM.DD-xxx.xx`: the birth date part, which the patient knows, and no more.
fn masked_register_number(digits: &str) -> String {
    let part = |range: std::ops::Range<usize>| digits.get(range).unwrap_or_default();
    format!("{}.{}.{}-xxx.xx", part(0..2), part(2..4), part(4..6))
}

/// The record's details and their history, newest first.
pub async fn view(
    conn: &mut AnyConnection,
    patient_id: &str,
    may_change: bool,
) -> Result<PersonalDetailsView, ServerError> {
    let patient = patients::find_by_id(conn, patient_id)
        .await?
        .ok_or_else(|| ServerError::Corrupt("a patient's details".into()))?;
    let current = stored(conn, patient_id).await?;
    let general_practitioner = match &current.gp {
        Some(id) => Some(care_directory::view(conn, id).await?),
        None => None,
    };
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT c.field, c.changed_at, p.given_name || ' ' || p.family_name, c.changed_as, \
             c.before_value, c.after_value \
             FROM detail_changes c JOIN patients p ON p.id = c.changed_by \
             WHERE c.patient_id = $1 ORDER BY c.changed_at DESC, c.id DESC",
    )
    .bind(patient_id)
    .fetch_all(&mut *conn)
    .await?;
    let changes = rows
        .into_iter()
        .map(|(field, at, by, by_as, before, after)| {
            Ok(DetailChangeView {
                field: DetailField::parse(&field)
                    .ok_or_else(|| ServerError::Corrupt("a detail change".into()))?,
                at,
                by,
                by_as: ChangedAs::parse(&by_as)
                    .ok_or_else(|| ServerError::Corrupt("a detail change".into()))?,
                before,
                after,
            })
        })
        .collect::<Result<Vec<_>, ServerError>>()?;
    Ok(PersonalDetailsView {
        record_id: patient.id.clone(),
        national_register_number: patient
            .national_register_number
            .as_ref()
            .map(|n| masked_register_number(n.digits())),
        given_name: patient.given_name,
        family_name: patient.family_name,
        date_of_birth: patient.date_of_birth,
        address: current.address,
        phone: current.phone.as_deref().map(phone_for_display),
        email: current.email,
        language: current.language,
        general_practitioner,
        may_change,
        changes,
    })
}

/// What an e-mail change needs told to the address it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailReplaced {
    pub old_address: String,
    pub language: Language,
}

/// Writes the checked details of `patient_id`: one change row per field that differs, the
/// GP through the care relations (logged in the access log, as the GP's access changes), the
/// patient's own account's e-mail along with theirs. All in one transaction. The fields that
/// changed, and the replaced e-mail address to warn.
pub async fn apply(
    conn: &mut AnyConnection,
    patient_id: &str,
    update: CheckedUpdate,
    by: &ChangedBy,
    today: NaiveDate,
    now: i64,
) -> Result<(Vec<DetailField>, Option<EmailReplaced>), ServerError> {
    let new = update.0;
    let mut tx = crate::db::begin_write(conn).await?;
    let old = stored(&mut tx, patient_id).await?;
    let mut changed = Vec::new();
    let mut replaced = None;
    if new.address != old.address {
        let address = new.address.clone().unwrap_or(PostalAddress {
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            country: old.address.as_ref().map_or_else(|| "BE".into(), |a| a.country.clone()),
        });
        sqlx::query(
            "UPDATE patients SET street = $2, postal_code = $3, city = $4, country = $5 \
             WHERE id = $1",
        )
        .bind(patient_id)
        .bind(&address.street)
        .bind(&address.postal_code)
        .bind(&address.city)
        .bind(&address.country)
        .execute(&mut *tx)
        .await?;
        let before = old.address.as_ref().map(address_line);
        record(
            &mut tx,
            patient_id,
            DetailField::Address,
            by,
            now,
            before,
            new.address.as_ref().map(address_line),
        )
        .await?;
        changed.push(DetailField::Address);
    }
    if new.phone != old.phone {
        sqlx::query("UPDATE patients SET phone = $2 WHERE id = $1")
            .bind(patient_id)
            .bind(new.phone.as_deref())
            .execute(&mut *tx)
            .await?;
        let show = |p: &Option<String>| p.as_deref().map(phone_for_display);
        record(
            &mut tx,
            patient_id,
            DetailField::Phone,
            by,
            now,
            show(&old.phone),
            show(&new.phone),
        )
        .await?;
        changed.push(DetailField::Phone);
    }
    if new.email != old.email {
        sqlx::query("UPDATE patients SET email = $2 WHERE id = $1")
            .bind(patient_id)
            .bind(new.email.as_deref())
            .execute(&mut *tx)
            .await?;
        // Where password-reset links go follows: the account is the same person's.
        sqlx::query("UPDATE accounts SET email = $2 WHERE patient_id = $1")
            .bind(patient_id)
            .bind(new.email.as_deref())
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            patient_id,
            DetailField::Email,
            by,
            now,
            old.email.clone(),
            new.email.clone(),
        )
        .await?;
        replaced = old
            .email
            .clone()
            .map(|old_address| EmailReplaced { old_address, language: new.language });
        changed.push(DetailField::Email);
    }
    if new.language != old.language {
        sqlx::query("UPDATE patients SET preferred_language = $2 WHERE id = $1")
            .bind(patient_id)
            .bind(new.language.code())
            .execute(&mut *tx)
            .await?;
        let name = |l: Language| Some(l.endonym().to_owned());
        record(
            &mut tx,
            patient_id,
            DetailField::Language,
            by,
            now,
            name(old.language),
            name(new.language),
        )
        .await?;
        changed.push(DetailField::Language);
    }
    if new.gp != old.gp {
        let before = gp_name(&mut tx, old.gp.as_deref()).await?;
        let after = gp_name(&mut tx, new.gp.as_deref()).await?;
        match &new.gp {
            Some(gp) => care_relations::set_gp(&mut tx, patient_id, gp, today).await?,
            None => {
                sqlx::query("DELETE FROM general_practitioners WHERE patient_id = $1")
                    .bind(patient_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // Who may open the record changed: the access log says so.
        let change = match (&after, &before) {
            (Some(name), _) => Some(AccessChange::GpNamed { provider_name: name.clone() }),
            (None, Some(name)) => Some(AccessChange::GpRemoved { provider_name: name.clone() }),
            (None, None) => None,
        };
        if let Some(change) = change {
            let name = by.name.clone();
            let who = match by.by_as {
                ChangedAs::Patient => Accessor::Patient { name },
                ChangedAs::Parent => Accessor::LinkedPerson { name, link: LinkKind::ParentChild },
                ChangedAs::Representative => {
                    Accessor::LinkedPerson { name, link: LinkKind::Representative }
                }
            };
            let event = AccessEvent::Changed { change };
            let entry = NewEntry {
                patient_id,
                at: now,
                who: &who,
                provider_id: None,
                event: &event,
                dedupe_key: None,
            };
            access_log::append(&mut tx, &entry).await?;
        }
        record(&mut tx, patient_id, DetailField::GeneralPractitioner, by, now, before, after)
            .await?;
        changed.push(DetailField::GeneralPractitioner);
    }
    tx.commit().await?;
    Ok((changed, replaced))
}

async fn record(
    conn: &mut AnyConnection,
    patient_id: &str,
    field: DetailField,
    by: &ChangedBy,
    now: i64,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), ServerError> {
    sqlx::query(
        "INSERT INTO detail_changes (id, patient_id, field, changed_by, changed_as, changed_at, \
         before_value, after_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(patient_id)
    .bind(field.as_str())
    .bind(&by.patient_id)
    .bind(by.by_as.as_str())
    .bind(now)
    .bind(before)
    .bind(after)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// GPs of the directory whose name holds `name` (case-insensitive), at most `limit`, by name.
pub async fn general_practitioners(
    conn: &mut AnyConnection,
    name: &str,
    limit: u32,
) -> Result<Vec<dossier_api::care_access::CareProviderView>, ServerError> {
    let pattern = format!(
        "%{}%",
        name.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
    );
    let ids: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM care_providers WHERE role = $1 AND LOWER(name) LIKE $2 ESCAPE '\\' \
         ORDER BY name, id LIMIT $3",
    )
    .bind(CareRole::GeneralPractitioner.as_str())
    .bind(pattern)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    let mut found = Vec::with_capacity(ids.len());
    for (id,) in ids {
        found.push(care_directory::view(conn, &id).await?);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_checked_and_kept_in_international_form() {
        assert_eq!(normalize_phone("0470 12 34 56", "BE").as_deref(), Some("+32470123456"));
        assert_eq!(normalize_phone("+32 16 33 22 11", "BE").as_deref(), Some("+3216332211"));
        assert_eq!(normalize_phone("016/33.22.11", "BE").as_deref(), Some("+3216332211"));
        assert_eq!(normalize_phone("06 12 34 56 78", "FR").as_deref(), Some("+33612345678"));
        assert_eq!(normalize_phone("+31 6 12345678", "BE").as_deref(), Some("+31612345678"));
        for bad in [
            "12",
            "0470 12 34",
            "abc",
            ".;phone-context=",
            "",
            "+",
            "0470 12 34 56 78 90 12 34 56 78 90 12 34",
        ] {
            assert_eq!(normalize_phone(bad, "BE"), None, "{bad}");
        }
        assert_eq!(phone_for_display("+32470123456"), "+32 470 12 34 56");
    }

    #[test]
    fn the_register_number_shows_its_birth_date_only() {
        assert_eq!(masked_register_number("85073003328"), "85.07.30-xxx.xx");
    }
}
