//! The demo's appointments and invoices: each department's rule for cancelling from the
//! app, and for the demo patients and the children two years of appointments (18 months
//! back, 6 ahead: in person and video, done, cancelled by the hospital and from the app,
//! moved; one today, one tomorrow, a video consultation whose link is open now) and
//! invoices in every status, written through the same import as the staff's files.
//! Times are relative to the clock, so the demo keeps its shape whatever day it starts.

use chrono::{DateTime, Days, NaiveDate, TimeDelta, TimeZone, Utc};
use dossier_api::appointments::{AppointmentKind, AppointmentPlace, AppointmentStatus};
use sqlx::AnyConnection;

use crate::{
    appointments::{self, DepartmentRule, IncomingAppointment},
    clock::{brussels_date, hospital_zone},
    error::ServerError,
    invoices::{self, IncomingInvoice, StoredStatus},
};

/// Hospital, department, whether the app may cancel, notice in hours.
pub const DEPARTMENT_RULES: &[(&str, &str, bool, u32)] = &[
    ("hzk", "Cardiologie", true, 48),
    ("hzk", "Kindergeneeskunde", true, 24),
    ("hzk", "Raadpleging", true, 24),
    ("smt", "Radiologie", false, 0),
    ("smt", "Kindergeneeskunde", true, 24),
    ("cbw", "Consultations", true, 72),
    ("cbw", "Gériatrie", true, 24),
];

struct Department {
    hospital: &'static str,
    name: &'static str,
    campus: &'static str,
    route: &'static str,
    floor: &'static str,
    with_whom: &'static str,
    instructions: &'static str,
}

const ADULTS: &[Department] = &[
    Department {
        hospital: "hzk",
        name: "Cardiologie",
        campus: "Campus Sint-Jozef",
        route: "Route 52",
        floor: "2",
        with_whom: "Dr. Sarah Janssens",
        instructions: "Breng uw medicatielijst mee.",
    },
    Department {
        hospital: "smt",
        name: "Radiologie",
        campus: "Campus Tienen",
        route: "Ingang B, volg de blauwe lijn",
        floor: "0",
        with_whom: "Dienst medische beeldvorming",
        instructions: "Nuchter komen: niet eten vanaf middernacht.",
    },
    Department {
        hospital: "hzk",
        name: "Raadpleging",
        campus: "Campus Sint-Jozef",
        route: "Route 12",
        floor: "1",
        with_whom: "Dr. Koen Verhaegen",
        instructions: "Breng uw identiteitskaart mee.",
    },
    Department {
        hospital: "cbw",
        name: "Consultations",
        campus: "Site de Wavre",
        route: "Route 210",
        floor: "3",
        with_whom: "Dr. Claire Lemaire",
        instructions: "Apportez vos résultats d’examens récents.",
    },
];

const CHILDREN: &[Department] = &[
    Department {
        hospital: "hzk",
        name: "Kindergeneeskunde",
        campus: "Campus Sint-Jozef",
        route: "Route 30",
        floor: "3",
        with_whom: "Dr. Eva Claes",
        instructions: "Breng het groeiboekje mee.",
    },
    // Tienen keeps children's reports off line, but not their appointments.
    Department {
        hospital: "smt",
        name: "Kindergeneeskunde",
        campus: "Campus Tienen",
        route: "Ingang A, volg de gele lijn",
        floor: "1",
        with_whom: "Dr. Pieter Wouters",
        instructions: "Breng het vaccinatieboekje mee.",
    },
];

/// A Brussels wall-clock time on `date`.
fn at(date: NaiveDate, hour: u32, minute: u32) -> Result<DateTime<Utc>, ServerError> {
    date.and_hms_opt(hour, minute, 0)
        .and_then(|t| hospital_zone().from_local_datetime(&t).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| ServerError::Demo("a demo time is out of range".into()))
}

fn day(today: NaiveDate, offset: i64) -> Result<NaiveDate, ServerError> {
    let moved = if offset >= 0 {
        today.checked_add_days(Days::new(offset.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(offset.unsigned_abs()))
    };
    moved.ok_or_else(|| ServerError::Demo("a demo date is out of range".into()))
}

/// Sets the department rules.
pub async fn seed_rules(conn: &mut AnyConnection, now: i64) -> Result<(), ServerError> {
    for (hospital, department, cancellable, notice_hours) in DEPARTMENT_RULES {
        let rule = DepartmentRule { cancellable: *cancellable, notice_hours: *notice_hours };
        appointments::set_department_rule(conn, hospital, department, rule, now).await?;
    }
    Ok(())
}

/// The appointments and invoices of one demo patient (`key` as in `demo.rs`); `child`:
/// under 15 today. None for a deceased patient.
pub async fn seed_patient(
    conn: &mut AnyConnection,
    key: &str,
    patient_id: &str,
    child: bool,
    deceased: bool,
    now: DateTime<Utc>,
) -> Result<(usize, usize), ServerError> {
    if deceased {
        return Ok((0, 0));
    }
    let today = brussels_date(now);
    let departments = if child { CHILDREN } else { ADULTS };
    // Each patient a different rhythm, so lists do not look alike.
    let seed = key.bytes().map(u64::from).sum::<u64>();
    let step = 35 + i64::try_from(seed % 20).unwrap_or(0);
    let mut made = Vec::new();
    let mut n = 0_u64;
    let mut offset = -540_i64;
    while offset < 180 {
        let department =
            &departments[usize::try_from((seed + n) % departments.len() as u64).unwrap_or(0)];
        let date = day(today, offset)?;
        let hour = 8 + u32::try_from((seed + n) % 8).unwrap_or(0);
        let start = at(date, hour, if n.is_multiple_of(2) { 0 } else { 30 })?;
        let past = start < now;
        let video = n % 5 == 3 && !child;
        let status = match (past, n % 7) {
            (_, 4) => AppointmentStatus::Cancelled,
            (true, _) => AppointmentStatus::Done,
            (false, 2) => AppointmentStatus::Moved,
            (false, _) => AppointmentStatus::Planned,
        };
        made.push(appointment(key, n, department, start, 30, video, status)?);
        n += 1;
        offset += step;
    }
    // Today, in a while; tomorrow morning; and for the adults a video consultation whose
    // join link is open now (it starts in 10 minutes).
    let department = &departments[0];
    // Two hours from now, but still today at the hospital: late in the evening it is
    // halfway to midnight (a demo started at 22:30 otherwise had "today" tomorrow).
    let midnight = at(day(today, 1)?, 0, 0)?;
    let later_today = (now + TimeDelta::hours(2)).min(now + (midnight - now) / 2);
    made.push(appointment(
        key,
        900,
        department,
        later_today,
        30,
        false,
        AppointmentStatus::Planned,
    )?);
    let tomorrow = at(day(today, 1)?, 9, 30)?;
    made.push(appointment(key, 901, department, tomorrow, 45, false, AppointmentStatus::Planned)?);
    if !child {
        let soon = now + TimeDelta::minutes(10);
        made.push(appointment(key, 902, department, soon, 20, true, AppointmentStatus::Planned)?);
    }
    let count = made.len();
    let stamp = now.timestamp();
    for incoming in &made {
        appointments::import(conn, patient_id, incoming, stamp)
            .await?
            .map_err(ServerError::Demo)?;
    }
    // One cancelled from the app by the patient (or the parent): the hospital's list shows it.
    let from_app = made.iter().find(|a| {
        a.status == AppointmentStatus::Planned && a.starts_at > now + TimeDelta::days(20)
    });
    if let Some(from_app) = from_app
        && let Some(id) =
            appointments::find_by_source(conn, &from_app.hospital_id, &from_app.source_id).await?
    {
        let _ = appointments::cancel_from_app(conn, patient_id, &id, stamp).await?;
    }

    let mut invoices_made = 0;
    for (i, done) in
        made.iter().filter(|a| a.status == AppointmentStatus::Done).enumerate().step_by(2)
    {
        let issued_on = brussels_date(done.starts_at + TimeDelta::days(12));
        let due_on = day(issued_on, 30)?;
        let total = 4_250 + i64::try_from((seed * 7919 + i as u64 * 104_729) % 48_000).unwrap_or(0);
        let insurer = total * 3 / 4;
        let status = if due_on >= today {
            StoredStatus::Open
        } else if i % 9 == 4 {
            StoredStatus::InDispute
        } else if i % 5 == 2 {
            // Left open past its due date: overdue.
            StoredStatus::Open
        } else {
            StoredStatus::Paid
        };
        let number = format!("{}/{}{:03}", issued_on.format("%Y"), key.to_uppercase(), i);
        let invoice = IncomingInvoice {
            hospital_id: done.hospital_id.clone(),
            number: number.clone(),
            issued_on,
            due_on,
            total_cents: total,
            insurer_paid_cents: insurer,
            to_pay_cents: total - insurer,
            status,
            structured_communication: None,
            payment_link: Some(format!(
                "https://betalen.{}.example/factuur/{}",
                done.hospital_id,
                number.replace('/', "-")
            )),
            withdrawn: false,
        };
        invoices::import(conn, patient_id, &invoice, stamp).await?.map_err(ServerError::Demo)?;
        invoices_made += 1;
    }
    // Every status in every demo list: an invoice due soon, one overdue, one in dispute.
    for (suffix, issued, due, status) in [
        ("A", -10, 20, StoredStatus::Open),
        ("B", -50, -20, StoredStatus::Open),
        ("C", -80, -50, StoredStatus::InDispute),
    ] {
        let department = &departments[0];
        let number = format!("{}/{}{suffix}", today.format("%Y"), key.to_uppercase());
        let total = 18_734 + i64::try_from(seed).unwrap_or(0);
        let invoice = IncomingInvoice {
            hospital_id: department.hospital.to_owned(),
            number: number.clone(),
            issued_on: day(today, issued)?,
            due_on: day(today, due)?,
            total_cents: total,
            insurer_paid_cents: 12_000,
            to_pay_cents: total - 12_000,
            status,
            structured_communication: None,
            payment_link: Some(format!(
                "https://betalen.{}.example/factuur/{}",
                department.hospital,
                number.replace('/', "-")
            )),
            withdrawn: false,
        };
        invoices::import(conn, patient_id, &invoice, stamp).await?.map_err(ServerError::Demo)?;
        invoices_made += 1;
    }
    Ok((count, invoices_made))
}

fn appointment(
    key: &str,
    n: u64,
    department: &Department,
    start: DateTime<Utc>,
    minutes: i64,
    video: bool,
    status: AppointmentStatus,
) -> Result<IncomingAppointment, ServerError> {
    let source_id = format!("demo-{key}-{n}");
    Ok(IncomingAppointment {
        video_link: video
            .then(|| format!("https://video.{}.example/join/{source_id}", department.hospital)),
        kind: if video { AppointmentKind::Video } else { AppointmentKind::InPerson },
        place: (!video).then(|| AppointmentPlace {
            campus: department.campus.into(),
            route: Some(department.route.into()),
            floor: Some(department.floor.into()),
        }),
        source_id,
        hospital_id: department.hospital.into(),
        department: department.name.into(),
        starts_at: start,
        ends_at: start + TimeDelta::minutes(minutes),
        with_whom: department.with_whom.into(),
        status,
        instructions: department.instructions.into(),
        withdrawn: false,
    })
}
