//! The one access rule of the care side: may care provider P open patient X's record (or a
//! report of it) now, and on what ground, or why not. [`decide`] is pure, the clock passed
//! in; [`CareFacts::load`] reads what it needs from the database. The patient-side rule
//! (who may open a record from the app) is `access`.

use chrono::{DateTime, NaiveDate, Utc};
use dossier_api::care_access::{
    AccessGround, AccessRefusal, CareRole, ExclusionSource, MIN_JUSTIFICATION_CHARS,
};
use sqlx::AnyConnection;

use crate::{clock::brussels_date, error::ServerError};

/// A therapeutic relationship: the provider's care of the patient, for a period of days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub hospital_id: String,
    pub department: Option<String>,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Relationship {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day <= until)
    }
}

/// An exclusion of the provider from the patient's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub source: ExclusionSource,
    pub since: NaiveDate,
    /// When the patient (or the eHealth platform) stopped it.
    pub stopped_at: Option<i64>,
    /// Temporary overrides for continuity of care.
    pub overrides: Vec<Override>,
}

impl Exclusion {
    pub fn holds_at(&self, now: DateTime<Utc>) -> bool {
        self.since <= brussels_date(now) && self.stopped_at.is_none_or(|t| now.timestamp() < t)
    }

    pub fn overridden_at(&self, now: DateTime<Utc>) -> bool {
        self.override_at(now).is_some()
    }

    /// The override in force at `now`, if any.
    pub fn override_at(&self, now: DateTime<Utc>) -> Option<&Override> {
        let now = now.timestamp();
        self.overrides.iter().find(|o| o.starts_at <= now && now < o.ends_at)
    }
}

/// A temporary override of an exclusion, `[starts_at, ends_at)`, and why: the log shows the
/// reason with every opening it allows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Override {
    pub starts_at: i64,
    pub ends_at: i64,
    pub justification: String,
}

/// Whether the provider is the patient's GP, and whether the patient objected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpStatus {
    NotTheGp,
    Allowed,
    Objected,
}

/// A referrer's consent, given and perhaps withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consent {
    pub given_on: NaiveDate,
    pub withdrawn_at: Option<i64>,
}

impl Consent {
    pub fn holds_at(&self, now: DateTime<Utc>) -> bool {
        self.given_on <= brussels_date(now) && self.withdrawn_at.is_none_or(|t| now.timestamp() < t)
    }
}

/// Everything the rule reads about one provider and one patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareFacts {
    pub role: CareRole,
    pub patient_died: bool,
    pub relationships: Vec<Relationship>,
    pub gp: GpStatus,
    pub consents: Vec<Consent>,
    pub exclusions: Vec<Exclusion>,
}

/// What is being opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The record: its list of reports.
    Record,
    Report,
}

/// The rule. In this order, each step as the patient texts describe it:
/// 1. a deceased patient's record is not opened online;
/// 2. support staff see agendas, never reports;
/// 3. an exclusion in force bars the provider "in any way whatsoever", whatever their
///    relationship, and break-the-glass does not lift it; only a temporary override for
///    continuity of care does;
/// 4. a therapeutic relationship in force today; the GP unless the patient objected; a
///    referrer with the patient's consent in force;
/// 5. otherwise break-the-glass, with a written justification (an emergency, a
///    relationship the system does not know yet);
/// 6. otherwise refused, saying why: the GP objection, the consent withdrawn, or no
///    relationship at all.
pub fn decide(
    facts: &CareFacts,
    opening: Opening,
    break_the_glass: Option<&str>,
    now: DateTime<Utc>,
) -> Result<AccessGround, AccessRefusal> {
    if facts.patient_died {
        return Err(AccessRefusal::PatientDied);
    }
    if opening == Opening::Report && facts.role == CareRole::AdministrativeStaff {
        return Err(AccessRefusal::RoleMayNotOpenReports);
    }
    let in_force: Vec<&Exclusion> = facts.exclusions.iter().filter(|e| e.holds_at(now)).collect();
    if !in_force.is_empty() {
        return if in_force.iter().all(|e| e.overridden_at(now)) {
            Ok(AccessGround::ExclusionOverride)
        } else {
            Err(AccessRefusal::Excluded)
        };
    }
    let today = brussels_date(now);
    if facts.relationships.iter().any(|r| r.holds_on(today)) {
        return Ok(AccessGround::CareRelationship);
    }
    if facts.gp == GpStatus::Allowed {
        return Ok(AccessGround::GeneralPractitioner);
    }
    if facts.consents.iter().any(|c| c.holds_at(now)) {
        return Ok(AccessGround::ReferrerConsent);
    }
    if let Some(justification) = break_the_glass {
        return if justification.trim().chars().count() >= MIN_JUSTIFICATION_CHARS {
            Ok(AccessGround::BreakTheGlass)
        } else {
            Err(AccessRefusal::JustificationMissing)
        };
    }
    Err(if facts.gp == GpStatus::Objected {
        AccessRefusal::GpObjected
    } else if !facts.consents.is_empty() {
        AccessRefusal::ConsentWithdrawn
    } else {
        AccessRefusal::NoRelationship
    })
}

impl CareFacts {
    /// Reads the facts about `provider_id` and `patient_id`.
    pub async fn load(
        conn: &mut AnyConnection,
        provider_id: &str,
        role: CareRole,
        patient_id: &str,
        patient_died: bool,
    ) -> Result<Self, ServerError> {
        let relationships: Vec<(String, Option<String>, String, Option<String>)> = sqlx::query_as(
            "SELECT hospital_id, department, valid_from, valid_until FROM care_relationships \
             WHERE patient_id = $1 AND provider_id = $2",
        )
        .bind(patient_id)
        .bind(provider_id)
        .fetch_all(&mut *conn)
        .await?;
        let relationships = relationships
            .into_iter()
            .map(|(hospital_id, department, from, until)| {
                Ok(Relationship {
                    hospital_id,
                    department,
                    from: stored_date(&from)?,
                    until: until.as_deref().map(stored_date).transpose()?,
                })
            })
            .collect::<Result<_, ServerError>>()?;
        let gp: Option<(String, i64)> = sqlx::query_as(
            "SELECT provider_id, objected FROM general_practitioners WHERE patient_id = $1",
        )
        .bind(patient_id)
        .fetch_optional(&mut *conn)
        .await?;
        let gp = match gp {
            Some((gp, objected)) if gp == provider_id => {
                if objected != 0 {
                    GpStatus::Objected
                } else {
                    GpStatus::Allowed
                }
            }
            _ => GpStatus::NotTheGp,
        };
        let consents: Vec<(String, Option<i64>)> = sqlx::query_as(
            "SELECT given_on, withdrawn_at FROM referrer_consents \
             WHERE patient_id = $1 AND provider_id = $2",
        )
        .bind(patient_id)
        .bind(provider_id)
        .fetch_all(&mut *conn)
        .await?;
        let consents = consents
            .into_iter()
            .map(|(given_on, withdrawn_at)| {
                Ok(Consent { given_on: stored_date(&given_on)?, withdrawn_at })
            })
            .collect::<Result<_, ServerError>>()?;
        let exclusions: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, source, since, stopped_at FROM exclusions \
             WHERE patient_id = $1 AND provider_id = $2",
        )
        .bind(patient_id)
        .bind(provider_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut loaded = Vec::with_capacity(exclusions.len());
        for (id, source, since, stopped_at) in exclusions {
            let overrides: Vec<Override> = sqlx::query_as(
                "SELECT starts_at, ends_at, justification FROM exclusion_overrides \
                 WHERE exclusion_id = $1",
            )
            .bind(&id)
            .fetch_all(&mut *conn)
            .await?;
            loaded.push(Exclusion {
                source: ExclusionSource::parse(&source)
                    .ok_or_else(|| ServerError::Corrupt("exclusion source".into()))?,
                since: stored_date(&since)?,
                stopped_at,
                overrides,
            });
        }
        Ok(Self { role, patient_died, relationships, gp, consents, exclusions: loaded })
    }

    /// The relationship that holds today, if any: its hospital and department go into the
    /// log entry.
    pub fn relationship_on(&self, day: NaiveDate) -> Option<&Relationship> {
        self.relationships.iter().find(|r| r.holds_on(day))
    }

    /// Why an exclusion is overridden at `now`: the justification of the override in force.
    pub fn override_justification(&self, now: DateTime<Utc>) -> Option<&str> {
        self.exclusions
            .iter()
            .filter(|e| e.holds_at(now))
            .find_map(|e| e.override_at(now))
            .map(|o| o.justification.as_str())
    }
}

pub(crate) fn stored_date(text: &str) -> Result<NaiveDate, ServerError> {
    dossier_api::dates::parse_iso(text).ok_or_else(|| ServerError::Corrupt("stored date".into()))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn nobody() -> CareFacts {
        CareFacts {
            role: CareRole::Physician,
            patient_died: false,
            relationships: Vec::new(),
            gp: GpStatus::NotTheGp,
            consents: Vec::new(),
            exclusions: Vec::new(),
        }
    }

    fn treating(from: NaiveDate, until: Option<NaiveDate>) -> CareFacts {
        CareFacts {
            relationships: vec![Relationship {
                hospital_id: "uzl".into(),
                department: Some("Cardiology".into()),
                from,
                until,
            }],
            ..nobody()
        }
    }

    fn excluded(since: NaiveDate) -> Exclusion {
        Exclusion {
            source: ExclusionSource::Hospital,
            since,
            stopped_at: None,
            overrides: Vec::new(),
        }
    }

    const WHY: &str = "Unconscious at the emergency department, no relative reachable";
    const NOON: u32 = 11; // 12:00 in Brussels in winter

    #[test]
    fn a_relationship_holds_from_its_first_to_its_last_day_in_brussels() {
        let facts = treating(day(2026, 3, 1), Some(day(2026, 3, 31)));
        let open = |now| decide(&facts, Opening::Report, None, now);
        assert_eq!(open(at(2026, 2, 28, NOON)), Err(AccessRefusal::NoRelationship));
        // 23:30 UTC on 28 February is already 1 March in Brussels.
        assert_eq!(
            open(Utc.with_ymd_and_hms(2026, 2, 28, 23, 30, 0).unwrap()),
            Ok(AccessGround::CareRelationship)
        );
        assert_eq!(open(at(2026, 3, 31, 21)), Ok(AccessGround::CareRelationship));
        // 22:30 UTC on 31 March is 1 April in Brussels (summer time): ended.
        assert_eq!(
            open(Utc.with_ymd_and_hms(2026, 3, 31, 22, 30, 0).unwrap()),
            Err(AccessRefusal::NoRelationship)
        );
        let ongoing = treating(day(2020, 1, 1), None);
        assert_eq!(
            decide(&ongoing, Opening::Record, None, at(2040, 1, 1, NOON)),
            Ok(AccessGround::CareRelationship)
        );
    }

    #[test]
    fn an_exclusion_bars_even_a_treating_provider_and_break_the_glass_from_its_first_day() {
        let mut facts = treating(day(2020, 1, 1), None);
        facts.exclusions.push(excluded(day(2026, 5, 10)));
        let open = |now, glass| decide(&facts, Opening::Report, glass, now);
        assert_eq!(open(at(2026, 5, 9, NOON), None), Ok(AccessGround::CareRelationship));
        assert_eq!(open(at(2026, 5, 10, NOON), None), Err(AccessRefusal::Excluded));
        assert_eq!(open(at(2026, 5, 10, NOON), Some(WHY)), Err(AccessRefusal::Excluded));
    }

    #[test]
    fn a_stopped_exclusion_no_longer_bars_from_the_moment_it_was_stopped() {
        let mut facts = treating(day(2020, 1, 1), None);
        let stopped = at(2026, 6, 1, NOON);
        facts.exclusions.push(Exclusion {
            stopped_at: Some(stopped.timestamp()),
            ..excluded(day(2026, 5, 10))
        });
        let open = |now| decide(&facts, Opening::Record, None, now);
        assert_eq!(open(stopped - chrono::Duration::seconds(1)), Err(AccessRefusal::Excluded));
        assert_eq!(open(stopped), Ok(AccessGround::CareRelationship));
    }

    #[test]
    fn an_override_lets_an_excluded_provider_in_for_its_period_only() {
        let mut facts = nobody();
        let (starts, ends) = (at(2026, 7, 1, 8), at(2026, 7, 1, 20));
        facts.exclusions.push(Exclusion {
            overrides: vec![Override {
                starts_at: starts.timestamp(),
                ends_at: ends.timestamp(),
                justification: "Only cardiologist on duty".into(),
            }],
            ..excluded(day(2026, 1, 1))
        });
        let open = |now| decide(&facts, Opening::Report, None, now);
        assert_eq!(open(starts - chrono::Duration::seconds(1)), Err(AccessRefusal::Excluded));
        assert_eq!(open(starts), Ok(AccessGround::ExclusionOverride));
        assert_eq!(open(ends - chrono::Duration::seconds(1)), Ok(AccessGround::ExclusionOverride));
        assert_eq!(open(ends), Err(AccessRefusal::Excluded));
        // Two exclusions (hospital and eHealth): an override of one does not lift the other.
        facts
            .exclusions
            .push(Exclusion { source: ExclusionSource::Ehealth, ..excluded(day(2025, 1, 1)) });
        assert_eq!(decide(&facts, Opening::Report, None, starts), Err(AccessRefusal::Excluded));
    }

    #[test]
    fn the_gp_opens_unless_the_patient_objected() {
        let mut facts =
            CareFacts { role: CareRole::GeneralPractitioner, gp: GpStatus::Allowed, ..nobody() };
        let now = at(2026, 1, 5, NOON);
        assert_eq!(
            decide(&facts, Opening::Report, None, now),
            Ok(AccessGround::GeneralPractitioner)
        );
        facts.gp = GpStatus::Objected;
        assert_eq!(decide(&facts, Opening::Report, None, now), Err(AccessRefusal::GpObjected));
        // An emergency still goes through, justified and logged.
        assert_eq!(
            decide(&facts, Opening::Report, Some(WHY), now),
            Ok(AccessGround::BreakTheGlass)
        );
    }

    #[test]
    fn a_referrer_opens_with_consent_in_force_and_not_once_it_is_withdrawn() {
        let withdrawn = at(2026, 2, 1, NOON);
        let facts = CareFacts {
            consents: vec![Consent {
                given_on: day(2025, 6, 1),
                withdrawn_at: Some(withdrawn.timestamp()),
            }],
            ..nobody()
        };
        let open = |now| decide(&facts, Opening::Record, None, now);
        assert_eq!(open(at(2025, 5, 31, NOON)), Err(AccessRefusal::ConsentWithdrawn));
        assert_eq!(open(at(2025, 6, 1, NOON)), Ok(AccessGround::ReferrerConsent));
        assert_eq!(
            open(withdrawn - chrono::Duration::seconds(1)),
            Ok(AccessGround::ReferrerConsent)
        );
        assert_eq!(open(withdrawn), Err(AccessRefusal::ConsentWithdrawn));
    }

    #[test]
    fn break_the_glass_needs_a_written_justification() {
        let facts = nobody();
        let now = at(2026, 1, 5, NOON);
        assert_eq!(decide(&facts, Opening::Report, None, now), Err(AccessRefusal::NoRelationship));
        assert_eq!(
            decide(&facts, Opening::Report, Some(""), now),
            Err(AccessRefusal::JustificationMissing)
        );
        assert_eq!(
            decide(&facts, Opening::Report, Some("   urgent   "), now),
            Err(AccessRefusal::JustificationMissing)
        );
        assert_eq!(
            decide(&facts, Opening::Report, Some(WHY), now),
            Ok(AccessGround::BreakTheGlass)
        );
    }

    #[test]
    fn support_staff_open_the_record_but_never_a_report() {
        let facts =
            CareFacts { role: CareRole::AdministrativeStaff, ..treating(day(2020, 1, 1), None) };
        let now = at(2026, 1, 5, NOON);
        assert_eq!(decide(&facts, Opening::Record, None, now), Ok(AccessGround::CareRelationship));
        assert_eq!(
            decide(&facts, Opening::Report, None, now),
            Err(AccessRefusal::RoleMayNotOpenReports)
        );
        assert_eq!(
            decide(&facts, Opening::Report, Some(WHY), now),
            Err(AccessRefusal::RoleMayNotOpenReports)
        );
    }

    #[test]
    fn nobody_opens_a_deceased_patients_record_online() {
        let facts = CareFacts { patient_died: true, ..treating(day(2020, 1, 1), None) };
        let now = at(2026, 1, 5, NOON);
        assert_eq!(decide(&facts, Opening::Record, None, now), Err(AccessRefusal::PatientDied));
        assert_eq!(
            decide(&facts, Opening::Report, Some(WHY), now),
            Err(AccessRefusal::PatientDied)
        );
    }

    #[test]
    fn an_exclusion_not_yet_started_does_not_bar() {
        let mut facts = CareFacts { gp: GpStatus::Allowed, ..nobody() };
        facts.exclusions.push(excluded(day(2026, 9, 1)));
        assert_eq!(
            decide(&facts, Opening::Report, None, at(2026, 8, 31, NOON)),
            Ok(AccessGround::GeneralPractitioner)
        );
        assert_eq!(
            decide(&facts, Opening::Report, None, at(2026, 9, 1, NOON)),
            Err(AccessRefusal::Excluded)
        );
    }
}
