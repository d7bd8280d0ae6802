//! Appointments in our own JSON format: `{ "hospital": "hzk", "appointments": [ … ] }`,
//! one object per appointment with the patient's EAD number; instants in RFC 3339 with
//! their offset. FHIR R4 Appointments are read by `fhir::appointment`.

use chrono::{DateTime, Utc};
use dossier_api::appointments::{AppointmentKind, AppointmentPlace, AppointmentStatus};
use serde::Deserialize;

use super::{ImportError, ImportProblem, PatientIdentity};
use crate::appointments::IncomingAppointment;

/// An appointment to import, with who the source says it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedAppointment {
    /// Names it in error lists: `Appointment/a-1`, `appointments[3]`.
    pub resource: String,
    pub patient: PatientIdentity,
    pub appointment: IncomingAppointment,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFile {
    hospital: String,
    appointments: Vec<JsonAppointment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonAppointment {
    source_id: String,
    patient_ead: String,
    department: String,
    #[serde(default)]
    place: Option<AppointmentPlace>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    with_whom: String,
    kind: AppointmentKind,
    #[serde(default)]
    video_link: Option<String>,
    status: AppointmentStatus,
    #[serde(default)]
    instructions: String,
    #[serde(default)]
    withdrawn: bool,
}

/// Reads our JSON format. Checks of each appointment are listed, not only the first.
pub fn from_json(text: &str) -> Result<Vec<ImportedAppointment>, ImportError> {
    let file: JsonFile = serde_json::from_str(text)
        .map_err(|e| ImportError::Unreadable(super::fhir::redacted(&e)))?;
    if file.appointments.is_empty() {
        return Err(ImportError::NoneOfKind("appointment"));
    }
    let mut appointments = Vec::new();
    let mut problems = Vec::new();
    for (n, a) in file.appointments.into_iter().enumerate() {
        let resource = format!("appointments[{n}]");
        let appointment = IncomingAppointment {
            source_id: a.source_id,
            hospital_id: file.hospital.clone(),
            department: a.department,
            place: a.place,
            starts_at: a.start,
            ends_at: a.end,
            with_whom: a.with_whom,
            kind: a.kind,
            video_link: a.video_link,
            status: a.status,
            instructions: a.instructions,
            withdrawn: a.withdrawn,
        };
        if let Err(reason) = appointment.check() {
            problems.push(ImportProblem::new(resource, reason));
            continue;
        }
        appointments.push(ImportedAppointment {
            resource,
            patient: PatientIdentity::ead(a.patient_ead),
            appointment,
        });
    }
    if problems.is_empty() { Ok(appointments) } else { Err(ImportError::Refused(problems)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{ "hospital": "hzk", "appointments": [
        { "source_id": "afs-1", "patient_ead": "10482231", "department": "Cardiologie",
          "place": { "campus": "Campus Sint-Jozef", "route": "Route 52", "floor": "2" },
          "start": "2026-12-02T09:30:00+01:00", "end": "2026-12-02T10:00:00+01:00",
          "with_whom": "Dr. S. Janssens", "kind": "in_person", "status": "planned",
          "instructions": "Nuchter komen." },
        { "source_id": "afs-2", "patient_ead": "10482231", "department": "Cardiologie",
          "start": "2026-12-09T14:00:00Z", "end": "2026-12-09T14:20:00Z",
          "with_whom": "Dr. S. Janssens", "kind": "video",
          "video_link": "https://video.hzk.example/join/8f3a", "status": "planned" } ] }"#;

    #[test]
    fn reads_our_json_format() {
        let read = from_json(FILE).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].appointment.starts_at.to_rfc3339(), "2026-12-02T08:30:00+00:00");
        assert_eq!(read[0].appointment.place.as_ref().unwrap().floor.as_deref(), Some("2"));
        assert_eq!(read[1].appointment.kind, AppointmentKind::Video);
        assert_eq!(read[1].patient, PatientIdentity::ead("10482231"));
    }

    #[test]
    fn lists_every_appointment_that_breaks_a_rule() {
        let file = FILE.replace("https://video.hzk.example", "http://video.hzk.example").replace(
            "\"end\": \"2026-12-02T10:00:00+01:00\"",
            "\"end\": \"2026-12-02T09:00:00+01:00\"",
        );
        let Err(ImportError::Refused(problems)) = from_json(&file) else { panic!("refused") };
        let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            reasons,
            [
                "appointments[0]: the appointment ends before it starts",
                "appointments[1]: the video link is not an https link",
            ]
        );
    }
}
