//! The demo data set: partner hospitals and fictional patients covering the situations the
//! app must handle (adults, a non-Belgian patient, a parent with two children under 15, a
//! child who turned 15, a deceased patient, a trusted person). Birth dates of the children
//! are relative to the clock, so the demo keeps its shape whatever day it is started.
//! Later issues grow this seed (code cards, reports, ...).

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};
use dossier_api::{Language, NationalRegisterNumber, Sensitive};

use crate::{
    app::AppState,
    cards::Delivery,
    enrolment,
    error::ServerError,
    links::{self, LinkKind, LinkStatus, NewLink},
    patients::{self, NewPatient, age_on, is_child_on},
};

struct DemoHospital {
    id: &'static str,
    name: &'static str,
    city: &'static str,
    reports_visible_from: &'static str,
    shares_child_reports: bool,
}

/// The FHIR identifier system of a demo hospital's patient numbers.
pub fn demo_patient_number_system(hospital_id: &str) -> String {
    format!("https://fhir.{hospital_id}.example/NamingSystem/patient-number")
}

const HOSPITALS: &[DemoHospital] = &[
    DemoHospital {
        id: "hzk",
        name: "Heilig-Hartziekenhuis Kempen",
        city: "Geel",
        reports_visible_from: "2016-08-15",
        shares_child_reports: true,
    },
    DemoHospital {
        id: "smt",
        name: "Sint-Maartenziekenhuis Tienen",
        city: "Tienen",
        reports_visible_from: "2017-11-01",
        shares_child_reports: false,
    },
    DemoHospital {
        id: "cbw",
        name: "Clinique du Brabant wallon",
        city: "Wavre",
        reports_visible_from: "2016-08-15",
        shares_child_reports: true,
    },
];

#[derive(Clone, Copy)]
enum Born {
    On(i32, u32, u32),
    /// `years` before today's year, on the given month and day.
    YearsAgo(u16, u32, u32),
    /// Reaches `years` of age `days` after the demo starts.
    TurnsIn {
        years: u16,
        days: u64,
    },
}

struct DemoPatient {
    key: &'static str,
    given_name: &'static str,
    family_name: &'static str,
    born: Born,
    /// Serial of the national register number; None for a patient without one.
    register_serial: Option<u16>,
    ead_number: &'static str,
    email: &'static str,
    street: &'static str,
    postal_code: &'static str,
    city: &'static str,
    country: &'static str,
    language: &'static str,
    died_days_ago: Option<u64>,
}

const PATIENTS: &[DemoPatient] = &[
    DemoPatient {
        key: "an",
        given_name: "An",
        family_name: "Peeters",
        born: Born::On(1979, 4, 12),
        register_serial: Some(124),
        ead_number: "10482231",
        email: "an.peeters@example.be",
        street: "Naamsestraat 61",
        postal_code: "3000",
        city: "Leuven",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
    DemoPatient {
        key: "marc",
        given_name: "Marc",
        family_name: "Dubois",
        born: Born::On(1962, 9, 3),
        register_serial: Some(57),
        ead_number: "10377415",
        email: "marc.dubois@example.be",
        street: "Rue du Pont du Christ 14",
        postal_code: "1300",
        city: "Wavre",
        country: "BE",
        language: "fr",
        died_days_ago: None,
    },
    DemoPatient {
        key: "sofia",
        given_name: "Sofia",
        family_name: "Rossi",
        born: Born::On(1991, 1, 22),
        register_serial: None,
        ead_number: "10955102",
        email: "sofia.rossi@example.it",
        street: "Tiensestraat 112",
        postal_code: "3000",
        city: "Leuven",
        country: "BE",
        language: "en",
        died_days_ago: None,
    },
    DemoPatient {
        key: "jan",
        given_name: "Jan",
        family_name: "Janssens",
        born: Born::On(1948, 11, 30),
        register_serial: Some(33),
        ead_number: "10120876",
        email: "jan.janssens@example.be",
        street: "Markt 3",
        postal_code: "2440",
        city: "Geel",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
    DemoPatient {
        key: "els",
        given_name: "Els",
        family_name: "Van den Broeck",
        born: Born::On(1984, 6, 18),
        register_serial: Some(212),
        ead_number: "10611940",
        email: "els.vandenbroeck@example.be",
        street: "Grote Markt 27",
        postal_code: "3300",
        city: "Tienen",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
    DemoPatient {
        key: "lotte",
        given_name: "Lotte",
        family_name: "Van den Broeck",
        born: Born::YearsAgo(8, 2, 9),
        register_serial: Some(88),
        ead_number: "11803377",
        email: "",
        street: "Grote Markt 27",
        postal_code: "3300",
        city: "Tienen",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
    DemoPatient {
        key: "wout",
        given_name: "Wout",
        family_name: "Van den Broeck",
        born: Born::YearsAgo(12, 10, 27),
        register_serial: Some(151),
        ead_number: "11421569",
        email: "",
        street: "Grote Markt 27",
        postal_code: "3300",
        city: "Tienen",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
    DemoPatient {
        key: "noor",
        given_name: "Noor",
        family_name: "Van den Broeck",
        born: Born::YearsAgo(16, 8, 21),
        register_serial: Some(60),
        ead_number: "11190224",
        email: "noor.vdb@example.be",
        street: "Grote Markt 27",
        postal_code: "3300",
        city: "Tienen",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
    DemoPatient {
        key: "georges",
        given_name: "Georges",
        family_name: "Lambert",
        born: Born::On(1937, 2, 14),
        register_serial: Some(19),
        ead_number: "10045128",
        email: "",
        street: "Avenue des Combattants 8",
        postal_code: "1340",
        city: "Ottignies",
        country: "BE",
        language: "fr",
        died_days_ago: Some(45),
    },
    // Els's eldest son turns 15 in the demo's first week: his record leaves her switcher
    // that day (also on a device without a connection).
    DemoPatient {
        key: "jonas",
        given_name: "Jonas",
        family_name: "Van den Broeck",
        born: Born::TurnsIn { years: 15, days: 4 },
        register_serial: Some(143),
        ead_number: "11512207",
        email: "",
        street: "Grote Markt 27",
        postal_code: "3300",
        city: "Tienen",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
    // Marc's mother, who has dementia: Marc is her representative.
    DemoPatient {
        key: "simone",
        given_name: "Simone",
        family_name: "Dubois",
        born: Born::On(1936, 5, 8),
        register_serial: Some(244),
        ead_number: "10031876",
        email: "",
        street: "Rue de la Station 14",
        postal_code: "1300",
        city: "Wavre",
        country: "BE",
        language: "fr",
        died_days_ago: None,
    },
    // Sofia's daughter: Sofia's request for her record waits for staff.
    DemoPatient {
        key: "mila",
        given_name: "Mila",
        family_name: "Rossi",
        born: Born::YearsAgo(3, 6, 14),
        register_serial: Some(322),
        ead_number: "12306518",
        email: "",
        street: "Mechelsestraat 88",
        postal_code: "3000",
        city: "Leuven",
        country: "BE",
        language: "nl",
        died_days_ago: None,
    },
];

struct DemoLink {
    holder: &'static str,
    subject: &'static str,
    kind: LinkKind,
    /// A representative's mandate.
    mandate: Option<&'static str>,
}

const LINKS: &[DemoLink] = &[
    DemoLink { holder: "els", subject: "lotte", kind: LinkKind::ParentChild, mandate: None },
    DemoLink { holder: "els", subject: "wout", kind: LinkKind::ParentChild, mandate: None },
    DemoLink { holder: "els", subject: "jonas", kind: LinkKind::ParentChild, mandate: None },
    // Noor turned 15: this link ended on her birthday.
    DemoLink { holder: "els", subject: "noor", kind: LinkKind::ParentChild, mandate: None },
    DemoLink { holder: "an", subject: "jan", kind: LinkKind::TrustedPerson, mandate: None },
    DemoLink {
        holder: "marc",
        subject: "simone",
        kind: LinkKind::Representative,
        mandate: Some("Vredegerecht Waver 2024/1187"),
    },
    // Georges named Sofia his trusted person; the link ended with his death.
    DemoLink { holder: "sofia", subject: "georges", kind: LinkKind::TrustedPerson, mandate: None },
];

/// What the seed did, printed for the person starting the demo.
#[derive(Debug)]
pub struct DemoSummary {
    pub already_seeded: bool,
    pub hospitals: usize,
    pub patients: Vec<DemoPatientSummary>,
    /// The cards issued by this run (none when the data was there already).
    pub cards: Vec<DemoCard>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPatientSummary {
    pub name: String,
    pub age: i16,
    pub deceased: bool,
}

/// A demo patient's code card, with its secrets: the demo needs them to log in.
pub struct DemoCard {
    pub holder_name: String,
    pub user_name: String,
    pub serial: String,
    pub password: Sensitive<String>,
    pub codes: Vec<Sensitive<String>>,
    pub pdf: Vec<u8>,
}

impl std::fmt::Debug for DemoCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DemoCard").field("user_name", &self.user_name).finish_non_exhaustive()
    }
}

impl DemoCard {
    /// The code at `position` (1-based), as printed on the card.
    pub fn code(&self, position: u8) -> &Sensitive<String> {
        &self.codes[usize::from(position) - 1]
    }

    /// A file name for the card's PDF.
    pub fn file_name(&self) -> String {
        format!("{}.pdf", self.user_name)
    }
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = if self.already_seeded { "already holds" } else { "now holds" };
        writeln!(
            f,
            "The demo database {verb} {} partner hospitals and {} fictional patients:",
            self.hospitals,
            self.patients.len()
        )?;
        for patient in &self.patients {
            let note = if patient.deceased { ", deceased" } else { "" };
            writeln!(f, "  - {} ({}{note})", patient.name, patient.age)?;
        }
        Ok(())
    }
}

/// Adds the demo data unless it is there already: hospitals, patients and links in one
/// transaction, then a code card for everyone who may log in (15 and older; the deceased
/// patient's card was issued before his death and no longer works).
pub async fn seed(state: &AppState) -> Result<DemoSummary, ServerError> {
    let db = &state.db;
    let today = state.clock.today();
    let now = state.now();
    let mut conn = db.pool().acquire().await?;
    let mut tx = crate::db::begin_write(&mut conn).await?;

    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hospitals WHERE id = $1")
        .bind(HOSPITALS[0].id)
        .fetch_one(&mut *tx)
        .await?;
    let already_seeded = existing > 0;

    let mut ids = Vec::with_capacity(PATIENTS.len());
    if !already_seeded {
        for hospital in HOSPITALS {
            sqlx::query(
                "INSERT INTO hospitals (id, name, city, reports_visible_from, \
                 shares_child_reports, patient_number_system, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(hospital.id)
            .bind(hospital.name)
            .bind(hospital.city)
            .bind(hospital.reports_visible_from)
            .bind(hospital.shares_child_reports)
            .bind(demo_patient_number_system(hospital.id))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        for patient in PATIENTS {
            let born = birth_date(patient.born, today)?;
            let register_number = patient
                .register_serial
                .map(|serial| {
                    let (year, month, day) = patients::register_ymd(born);
                    NationalRegisterNumber::for_birth_date(year, month, day, serial)
                })
                .transpose()
                .map_err(|e| ServerError::Demo(e.to_string()))?;
            let new = NewPatient {
                ead_number: patient.ead_number.into(),
                national_register_number: register_number,
                given_name: patient.given_name.into(),
                family_name: patient.family_name.into(),
                date_of_birth: born,
                // Recorded after the card is issued, below.
                date_of_death: None,
                email: (!patient.email.is_empty()).then(|| patient.email.to_owned()),
                street: patient.street.into(),
                postal_code: patient.postal_code.into(),
                city: patient.city.into(),
                country: patient.country.into(),
                language: Language::from_code(patient.language).unwrap_or_default(),
            };
            new.validate(today).map_err(|e| ServerError::Demo(e.to_string()))?;
            let id = patients::insert(&mut tx, &new, now).await?;
            ids.push((patient.key, id, born));
        }
        for link in LINKS {
            let (_, holder, _) = find(&ids, link.holder)?;
            let (subject_key, subject, subject_born) = find(&ids, link.subject)?;
            let subject_died =
                PATIENTS.iter().any(|p| p.key == *subject_key && p.died_days_ago.is_some());
            let (valid_until, status) = if link.kind == LinkKind::ParentChild {
                let last_day = last_day_of_child_link(*subject_born)?;
                (
                    Some(last_day),
                    if last_day < today { LinkStatus::Ended } else { LinkStatus::Active },
                )
            } else if subject_died {
                (None, LinkStatus::Ended)
            } else {
                (None, LinkStatus::Active)
            };
            let new_link = NewLink {
                status,
                mandate_reference: link.mandate,
                ..NewLink::by_staff(
                    holder,
                    subject,
                    link.kind,
                    days_before(today, 400)?,
                    valid_until,
                )
            };
            links::insert(&mut tx, &new_link, now).await?;
        }
        // Sofia asked for her daughter's record: waiting for staff.
        let (_, sofia, _) = find(&ids, "sofia")?;
        let (_, _, mila_born) = find(&ids, "mila")?;
        let sofia = patients::find_by_id(&mut tx, sofia)
            .await?
            .ok_or_else(|| ServerError::Demo("demo patient vanished".into()))?;
        let (year, month, day) = patients::register_ymd(*mila_born);
        let mila_number = NationalRegisterNumber::for_birth_date(year, month, day, 322)
            .map_err(|e| ServerError::Demo(e.to_string()))?;
        let request = dossier_api::links::ChildLinkRequest {
            given_name: "Mila".into(),
            family_name: "Rossi".into(),
            date_of_birth: mila_born.to_string(),
            national_register_number: Some(mila_number.digits().to_owned()),
            hospital_patient_number: None,
            parental_authority: true,
            document: None,
        };
        crate::link_requests::ask(&mut tx, &sofia, &request, today, now)
            .await?
            .map_err(|problem| ServerError::Demo(format!("demo request refused: {problem:?}")))?;
    }
    if !already_seeded {
        for (hospital, report_type, days) in crate::demo_reports::DELAYS {
            sqlx::query(
                "INSERT INTO hospital_report_delays (hospital_id, report_type, delay_days) \
                 VALUES ($1, $2, $3)",
            )
            .bind(*hospital)
            .bind(report_type.as_str())
            .bind(i64::from(*days))
            .execute(&mut *tx)
            .await?;
        }
        for (key, id, born) in &ids {
            let demo = PATIENTS
                .iter()
                .find(|p| p.key == *key)
                .ok_or_else(|| ServerError::Demo((*key).into()))?;
            let died = demo.died_days_ago.map(|days| days_before(today, days)).transpose()?;
            for report in crate::demo_reports::for_patient(key, *born, died, state.clock.now()) {
                crate::reports::import(&mut tx, id, &report, now)
                    .await?
                    .map_err(|refusal| ServerError::Demo(refusal.to_string()))?;
            }
        }
        let (_, an, _) = find(&ids, "an")?;
        crate::demo_care::seed(&mut tx, an, today, state.clock.now()).await?;
        let (_, lotte, _) = find(&ids, "lotte")?;
        crate::demo_questionnaires::seed(&mut tx, an, lotte, now).await?;
        let (_, els, _) = find(&ids, "els")?;
        crate::demo_messages::seed(&mut tx, an, els, lotte, now).await?;
        crate::demo_radiology::seed(&mut tx, &[an, lotte], state.clock.now()).await?;
        crate::demo_records::seed_rules(&mut tx, now).await?;
        for (key, id, born) in &ids {
            let deceased = PATIENTS.iter().any(|p| p.key == *key && p.died_days_ago.is_some());
            let child = is_child_on(*born, today);
            crate::demo_records::seed_patient(&mut tx, key, id, child, deceased, state.clock.now())
                .await?;
        }
    }
    tx.commit().await?;
    drop(conn);

    let mut cards = Vec::new();
    for (key, id, born) in &ids {
        if is_child_on(*born, today) {
            continue;
        }
        let mut conn = db.pool().acquire().await?;
        let patient = patients::find_by_id(&mut conn, id)
            .await?
            .ok_or_else(|| ServerError::Demo("demo patient vanished".into()))?;
        drop(conn);
        let issued = enrolment::issue_card(state, &patient, Delivery::Desk, None).await?;
        let demo = PATIENTS
            .iter()
            .find(|p| p.key == *key)
            .ok_or_else(|| ServerError::Demo((*key).into()))?;
        if let Some(days) = demo.died_days_ago {
            sqlx::query("UPDATE patients SET date_of_death = $1 WHERE id = $2")
                .bind(days_before(today, days)?.to_string())
                .bind(id)
                .execute(db.pool())
                .await?;
        }
        let card = issued.card;
        cards.push(DemoCard {
            holder_name: card.holder_name.clone(),
            user_name: card.user_name.clone(),
            serial: card.serial.clone(),
            password: card
                .initial_password
                .clone()
                .ok_or_else(|| ServerError::Demo("no password".into()))?,
            codes: card.codes.clone(),
            pdf: issued.pdf,
        });
    }

    let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT ead_number, given_name, family_name, date_of_birth, date_of_death \
         FROM patients ORDER BY family_name, given_name",
    )
    .fetch_all(db.pool())
    .await?;
    let is_demo = |ead: &str| PATIENTS.iter().any(|p| p.ead_number == ead);
    let patients = rows
        .into_iter()
        .filter(|(ead, ..)| is_demo(ead))
        .map(|(_, given, family, born, died)| {
            let born = dossier_api::dates::parse_iso(&born)
                .ok_or_else(|| ServerError::Demo(format!("{born:?} is not a date")))?;
            Ok(DemoPatientSummary {
                name: format!("{given} {family}"),
                age: age_on(born, today),
                deceased: died.is_some(),
            })
        })
        .collect::<Result<Vec<_>, ServerError>>()?;
    Ok(DemoSummary { already_seeded, hospitals: HOSPITALS.len(), patients, cards })
}

fn find<'a>(
    ids: &'a [(&'static str, String, NaiveDate)],
    key: &str,
) -> Result<&'a (&'static str, String, NaiveDate), ServerError> {
    ids.iter()
        .find(|(k, _, _)| *k == key)
        .ok_or_else(|| ServerError::Demo(format!("link to unknown demo patient {key}")))
}

fn birth_date(born: Born, today: NaiveDate) -> Result<NaiveDate, ServerError> {
    let (year, month, day) = match born {
        Born::On(y, m, d) => (y, m, d),
        Born::YearsAgo(years, m, d) => (today.year() - i32::from(years), m, d),
        Born::TurnsIn { years, days } => {
            // Born on the day `years` before the day `days` from now (28 February for a
            // 29 February that year lacks).
            let birthday = today
                .checked_add_days(Days::new(days))
                .and_then(|day| day.checked_sub_months(Months::new(12 * u32::from(years))))
                .ok_or_else(|| ServerError::Demo("a demo birthday is out of range".into()))?;
            (birthday.year(), birthday.month(), birthday.day())
        }
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| ServerError::Demo(format!("{year}-{month}-{day} is not a date")))
}

fn days_before(day: NaiveDate, days: u64) -> Result<NaiveDate, ServerError> {
    day.checked_sub_days(Days::new(days))
        .ok_or_else(|| ServerError::Demo("a demo date is out of range".into()))
}

/// The last day a parent/child link gives access (see [`links::last_day_of_child_link`]).
pub fn last_day_of_child_link(born: NaiveDate) -> Result<NaiveDate, ServerError> {
    links::last_day_of_child_link(born)
        .ok_or_else(|| ServerError::Demo("a child's 15th birthday is out of range".into()))
}

#[cfg(test)]
mod tests {
    use crate::clock::date;

    use super::*;

    #[test]
    fn child_link_ends_the_day_before_the_15th_birthday() {
        assert_eq!(last_day_of_child_link(date(2010, 5, 20)).unwrap(), date(2025, 5, 19));
        assert_eq!(last_day_of_child_link(date(2012, 3, 1)).unwrap(), date(2027, 2, 28));
        // The same rule as the age: born on 29 February, a child until 28 February.
        assert_eq!(last_day_of_child_link(date(2012, 2, 29)).unwrap(), date(2027, 2, 28));
    }
}
