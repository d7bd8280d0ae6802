//! The demo's care side: care providers at the three demo hospitals, An Peeters's GP,
//! care teams, a referrer with consent, a hospital and an eHealth exclusion, her eHealth
//! consent, and two years of her access log (a few hundred entries: the care teams'
//! openings, the GP's, the referrer's, one break-the-glass with its justification, and
//! refusals), all written as the real paths write them.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use dossier_api::care_access::{
    AccessEvent, AccessGround, AccessRefusal, Accessor, CareRole, ExclusionSource, OpenedItem,
};
use sqlx::AnyConnection;

use crate::{
    access_log::{self, NewEntry},
    care_directory::{self, NewProvider, NewWorkplace},
    care_relations,
    error::ServerError,
};

struct DemoProvider {
    key: &'static str,
    name: &'static str,
    role: CareRole,
    nihdi: Option<&'static str>,
    workplace: Option<(&'static str, &'static str)>,
}

/// The GP of the demo patient: the end-to-end tests issue a key for this NIHDI number.
pub const DEMO_GP_NIHDI: &str = "1-00476-32-004";

const PROVIDERS: &[DemoProvider] = &[
    DemoProvider {
        key: "gp",
        name: "Dr. Luc Wouters",
        role: CareRole::GeneralPractitioner,
        nihdi: Some(DEMO_GP_NIHDI),
        workplace: None,
    },
    DemoProvider {
        key: "cardio",
        name: "Dr. Sarah Janssens",
        role: CareRole::Physician,
        nihdi: Some("1-23456-78-001"),
        workplace: Some(("hzk", "Cardiology")),
    },
    DemoProvider {
        key: "nurse",
        name: "Ines Wuyts",
        role: CareRole::Nurse,
        nihdi: Some("5-12345-67-002"),
        workplace: Some(("hzk", "Cardiology")),
    },
    DemoProvider {
        key: "lab",
        name: "Dr. Koen Verhaegen",
        role: CareRole::ClinicalBiologist,
        nihdi: Some("1-34567-89-003"),
        workplace: Some(("hzk", "Laboratory")),
    },
    DemoProvider {
        key: "planning",
        name: "Marie Dupont",
        role: CareRole::AdministrativeStaff,
        nihdi: None,
        workplace: Some(("hzk", "Appointments")),
    },
    DemoProvider {
        key: "internist",
        name: "Dr. Pieter Maes",
        role: CareRole::Physician,
        nihdi: Some("1-45678-90-005"),
        workplace: Some(("smt", "Internal medicine")),
    },
    DemoProvider {
        key: "emergency",
        name: "Dr. Claire Lambert",
        role: CareRole::Physician,
        nihdi: Some("1-56789-01-006"),
        workplace: Some(("cbw", "Urgences")),
    },
    DemoProvider {
        key: "referrer",
        name: "Dr. Bart De Vos",
        role: CareRole::Physician,
        nihdi: Some("1-67890-12-007"),
        workplace: None,
    },
    DemoProvider {
        key: "excluded",
        name: "Dr. Johan Willems",
        role: CareRole::Physician,
        nihdi: Some("1-78901-23-008"),
        workplace: Some(("smt", "Radiology")),
    },
    DemoProvider {
        key: "ehealth_excluded",
        name: "Dr. Eva Goossens",
        role: CareRole::Dentist,
        nihdi: Some("3-89012-34-009"),
        workplace: None,
    },
];

/// A small deterministic generator: the demo is the same every time it is seeded.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

struct Seeded {
    id: String,
    demo: &'static DemoProvider,
}

fn day(today: NaiveDate, days_ago: i64) -> NaiveDate {
    today - Duration::days(days_ago)
}

/// Seeds the care side for the patient `an` (her record id) in `conn`'s transaction.
pub async fn seed(
    conn: &mut AnyConnection,
    an: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ServerError> {
    let mut seeded = Vec::with_capacity(PROVIDERS.len());
    for demo in PROVIDERS {
        let provider = NewProvider {
            name: demo.name.into(),
            role: demo.role,
            nihdi_number: demo.nihdi.map(Into::into),
            workplaces: demo
                .workplace
                .map(|(hospital, department)| NewWorkplace {
                    hospital: hospital.into(),
                    department: Some(department.into()),
                })
                .into_iter()
                .collect(),
        };
        let id = care_directory::upsert(conn, &provider, now.timestamp()).await?;
        seeded.push(Seeded { id, demo });
    }
    let id_of = |key: &str| {
        seeded
            .iter()
            .find(|s| s.demo.key == key)
            .map(|s| s.id.clone())
            .ok_or_else(|| ServerError::Demo(format!("no demo provider {key}")))
    };
    let at = now.timestamp();
    // Care teams: cardiology at Geel for two years and on; internal medicine at Tienen
    // for half a year, ended a year ago.
    for (key, hospital, department, from, until) in [
        ("cardio", "hzk", "Cardiology", 730, None),
        ("nurse", "hzk", "Cardiology", 730, None),
        ("lab", "hzk", "Laboratory", 700, None),
        ("planning", "hzk", "Appointments", 730, None),
        ("internist", "smt", "Internal medicine", 540, Some(365)),
    ] {
        let provider = id_of(key)?;
        let relationship = care_relations::NewRelationship {
            provider_id: &provider,
            patient_id: an,
            hospital_id: hospital,
            department: Some(department),
            from: day(today, from),
            until: until.map(|u| day(today, u)),
        };
        care_relations::add_relationship(conn, &relationship, at).await?;
    }
    care_relations::set_gp(conn, an, &id_of("gp")?, day(today, 900)).await?;
    care_relations::add_referrer_consent(conn, an, &id_of("referrer")?, day(today, 600)).await?;
    care_relations::set_ehealth_consent(conn, an, true, day(today, 800)).await?;
    care_relations::add_exclusion(
        conn,
        an,
        &id_of("excluded")?,
        ExclusionSource::Hospital,
        Some("smt"),
        day(today, 200),
    )
    .await?;
    care_relations::add_exclusion(
        conn,
        an,
        &id_of("ehealth_excluded")?,
        ExclusionSource::Ehealth,
        None,
        day(today, 400),
    )
    .await?;

    // Her validated reports, to name in the log.
    let reports: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT r.id, r.title, h.name FROM reports r JOIN hospitals h ON h.id = r.hospital_id \
         WHERE r.patient_id = $1 AND r.status = 'validated' ORDER BY r.id",
    )
    .bind(an)
    .fetch_all(&mut *conn)
    .await?;

    let mut entries: Vec<(DateTime<Utc>, &'static str, AccessEvent)> = Vec::new();
    let mut dice = Dice(0x5eed_ca7e);
    let opened = |dice: &mut Dice, ground| {
        let what = if reports.is_empty() || dice.below(3) == 0 {
            OpenedItem::Record
        } else {
            let (id, title, _) = &reports[dice.below(reports.len() as u64) as usize];
            OpenedItem::Report { report_id: id.clone(), title: title.clone() }
        };
        AccessEvent::Opened { what, ground, justification: None }
    };
    // Office hours, Brussels, roughly: 07:00-17:00 UTC.
    let midnight = now.date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    let moment = |dice: &mut Dice, days_ago: i64| {
        midnight - Duration::days(days_ago)
            + Duration::hours(7 + dice.below(10) as i64)
            + Duration::minutes(dice.below(60) as i64)
    };
    let mut days_ago = 725;
    let (mut next_gp_visit, mut next_referral) = (720, 600);
    while days_ago > 1 {
        let key = match dice.below(10) {
            0..=4 => "cardio",
            5..=6 => "nurse",
            7..=8 => "lab",
            _ => "planning",
        };
        let event = if key == "planning" {
            AccessEvent::Opened {
                what: OpenedItem::Record,
                ground: AccessGround::CareRelationship,
                justification: None,
            }
        } else {
            opened(&mut dice, AccessGround::CareRelationship)
        };
        entries.push((moment(&mut dice, days_ago), key, event));
        if (365..=540).contains(&days_ago) && dice.below(3) == 0 {
            let event = opened(&mut dice, AccessGround::CareRelationship);
            entries.push((moment(&mut dice, days_ago), "internist", event));
        }
        if days_ago <= next_gp_visit {
            next_gp_visit -= 30;
            let event = opened(&mut dice, AccessGround::GeneralPractitioner);
            entries.push((moment(&mut dice, days_ago), "gp", event));
        }
        if days_ago <= next_referral {
            next_referral -= 60;
            let event = opened(&mut dice, AccessGround::ReferrerConsent);
            entries.push((moment(&mut dice, days_ago), "referrer", event));
        }
        days_ago -= 1 + dice.below(4) as i64;
    }
    entries.push((
        moment(&mut dice, 240),
        "emergency",
        AccessEvent::Opened {
            what: OpenedItem::Record,
            ground: AccessGround::BreakTheGlass,
            justification: Some(
                "Brought in unconscious after a fall; no relative reachable. Relationship \
                 not yet registered at admission."
                    .into(),
            ),
        },
    ));
    entries.push((
        moment(&mut dice, 90),
        "excluded",
        AccessEvent::Refused { what: OpenedItem::Record, reason: AccessRefusal::Excluded },
    ));
    entries.push((
        moment(&mut dice, 45),
        "internist",
        AccessEvent::Refused { what: OpenedItem::Record, reason: AccessRefusal::NoRelationship },
    ));
    entries.sort_by_key(|(when, ..)| *when);

    for (when, key, event) in &entries {
        let seeded = seeded
            .iter()
            .find(|s| s.demo.key == *key)
            .ok_or_else(|| ServerError::Demo(format!("no demo provider {key}")))?;
        let workplace = care_directory::workplaces(conn, &seeded.id).await?.into_iter().next();
        let who = Accessor::CareProvider {
            name: seeded.demo.name.into(),
            role: seeded.demo.role,
            nihdi_number: seeded.demo.nihdi.and_then(care_directory::normalize_nihdi),
            hospital_name: workplace.as_ref().map(|w| w.hospital_name.clone()),
            department: workplace.and_then(|w| w.department),
        };
        access_log::append(
            conn,
            &NewEntry {
                patient_id: an,
                at: when.timestamp(),
                who: &who,
                provider_id: Some(&seeded.id),
                event,
                dedupe_key: None,
            },
        )
        .await?;
    }
    Ok(())
}
