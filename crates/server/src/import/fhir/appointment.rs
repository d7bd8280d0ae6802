//! FHIR R4 Appointments: every Appointment in a file (a Bundle of any kind and depth, or a
//! lone resource), as [`ImportedAppointment`]s.
//!
//! - **Patient**: the participant whose actor is a Patient (typed `Patient`, a
//!   `Patient/…` reference, or a reference that resolves to a Patient in the file), read by
//!   identifier system exactly as a report's subject ([`super::patient`]). None, or two,
//!   refuse the appointment.
//! - **Times**: `start` and `end`, FHIR instants (with their offset); both required.
//! - **Status**: proposed, pending, booked, arrived, checked-in, waitlist → planned;
//!   fulfilled, noshow → done (it is past); cancelled → cancelled by the hospital;
//!   entered-in-error → withdrawn (off every device).
//! - **Department**: the first `specialty`, else `serviceType`, else a HealthcareService
//!   participant (its display or name). None refuses it: the cancelling rule is per
//!   department.
//! - **With whom**: Practitioner, PractitionerRole and CareTeam participants, by display or
//!   by the name of the resource they point to, joined.
//! - **Place**: a Location participant: its name (else display) is the campus, its
//!   `description` the route. A Location whose `physicalType` is `vi` (virtual) is not a
//!   place: its `url` telecom is the video link. R5's `virtualService[].addressUrl` (sent
//!   by systems ahead of R4) is read too. A video link makes it a video consultation.
//! - **Instructions**: `patientInstruction`.
//! - **Source id**: `id`, else the first identifier (`system|value`), else the entry's
//!   fullUrl.

use chrono::{DateTime, Utc};
use dossier_api::appointments::{AppointmentKind, AppointmentPlace, AppointmentStatus};
use serde::Deserialize;
use serde_json::Value;

use super::{
    index::{FileIndex, Resolved},
    model::{CodeableConcept, Identifier, Meta, Reference, non_empty},
    read, redacted,
};
use crate::{
    appointments::IncomingAppointment,
    import::{FhirSource, ImportError, ImportProblem, appointments::ImportedAppointment},
};

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Appointment {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // Read for completeness of the shape; versions are not compared.
    meta: Meta,
    #[serde(default)]
    identifier: Vec<Identifier>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    service_type: Vec<CodeableConcept>,
    #[serde(default)]
    specialty: Vec<CodeableConcept>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    patient_instruction: Option<String>,
    #[serde(default)]
    participant: Vec<Participant>,
    #[serde(default)]
    virtual_service: Vec<VirtualService>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Participant {
    #[serde(default)]
    actor: Option<Reference>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct VirtualService {
    #[serde(default)]
    address_url: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    physical_type: Option<CodeableConcept>,
    #[serde(default)]
    telecom: Vec<ContactPoint>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ContactPoint {
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    value: Option<String>,
}

/// Reads a FHIR R4 JSON file sent by `source`: the appointments that could be read, and a
/// problem for each that could not.
pub fn read_fhir_appointments(
    text: &str,
    source: &FhirSource<'_>,
) -> Result<(Vec<ImportedAppointment>, Vec<ImportProblem>), ImportError> {
    let file: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::Unreadable(format!("not JSON: {}", redacted(&e))))?;
    if file.get("resourceType").and_then(Value::as_str).is_none() {
        return Err(ImportError::Unreadable("not a FHIR resource (no resourceType)".into()));
    }
    let index = FileIndex::new(&file).map_err(ImportError::Unreadable)?;
    let positions: Vec<usize> = (0..index.resources.len())
        .filter(|&p| {
            let located = index.get(p);
            located.in_bundle && located.resource_type == "Appointment"
        })
        .collect();
    if positions.is_empty() {
        return Err(ImportError::NoneOfKind("Appointment"));
    }
    let mut appointments = Vec::new();
    let mut problems = Vec::new();
    for (ordinal, position) in positions.into_iter().enumerate() {
        match read_one(&index, position, ordinal + 1, source) {
            Ok(appointment) => appointments.push(appointment),
            Err(problem) => problems.push(problem),
        }
    }
    Ok((appointments, problems))
}

fn resource_name(index: &FileIndex<'_>, position: usize, ordinal: usize) -> String {
    let located = index.get(position);
    match (located.value.get("id").and_then(Value::as_str), located.full_url) {
        (Some(id), _) => format!("Appointment/{id}"),
        (None, Some(url)) => format!("Appointment {url}"),
        (None, None) => format!("Appointment #{ordinal} in the file"),
    }
}

fn instant(field: &str, text: Option<&str>) -> Result<DateTime<Utc>, String> {
    let text = non_empty(text).ok_or_else(|| format!("the appointment has no {field}"))?;
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{field} is not a FHIR instant (a date-time with its offset)"))
}

/// The resource type an actor names: its `type`, its relative reference, or what it
/// resolves to in the file.
fn actor_type<'a>(index: &'a FileIndex<'_>, from: usize, actor: &'a Reference) -> Option<&'a str> {
    if let Some(kind) = non_empty(actor.type_.as_deref()) {
        return Some(kind);
    }
    let reference = non_empty(actor.reference.as_deref())?;
    if let Resolved::Found(position) = index.resolve(from, reference) {
        return Some(index.get(position).resource_type);
    }
    let kind = reference.split('/').rev().nth(1)?;
    kind.chars().next().is_some_and(char::is_uppercase).then_some(kind)
}

fn resolved<'v>(index: &FileIndex<'v>, from: usize, actor: &Reference) -> Option<&'v Value> {
    match index.resolve(from, non_empty(actor.reference.as_deref())?) {
        Resolved::Found(position) => Some(index.get(position).value),
        _ => None,
    }
}

fn read_one(
    index: &FileIndex<'_>,
    position: usize,
    ordinal: usize,
    source: &FhirSource<'_>,
) -> Result<ImportedAppointment, ImportProblem> {
    let resource = resource_name(index, position, ordinal);
    let located = index.get(position);
    let fhir: Appointment = read(located.value)
        .map_err(|e| ImportProblem::new(&resource, format!("cannot be read: {}", redacted(&e))))?;
    let mut reasons: Vec<String> = Vec::new();

    let source_id = non_empty(fhir.id.as_deref())
        .map(str::to_owned)
        .or_else(|| {
            fhir.identifier.iter().find_map(|i| {
                let value = non_empty(i.value.as_deref())?;
                Some(match non_empty(i.system.as_deref()) {
                    Some(system) => format!("{system}|{value}"),
                    None => value.to_owned(),
                })
            })
        })
        .or_else(|| located.full_url.map(str::to_owned));
    if source_id.is_none() {
        reasons.push("the appointment has no id, identifier or fullUrl".into());
    }

    let (status, withdrawn) = match fhir.status.as_deref().map(str::trim) {
        Some("proposed" | "pending" | "booked" | "arrived" | "checked-in" | "waitlist") => {
            (Some(AppointmentStatus::Planned), false)
        }
        Some("fulfilled" | "noshow") => (Some(AppointmentStatus::Done), false),
        Some("cancelled") => (Some(AppointmentStatus::Cancelled), false),
        Some("entered-in-error") => (Some(AppointmentStatus::Cancelled), true),
        Some(other) => {
            reasons.push(format!("unknown status {other}"));
            (None, false)
        }
        None => {
            reasons.push("the appointment has no status".into());
            (None, false)
        }
    };
    let starts_at = instant("start", fhir.start.as_deref()).map_err(|r| reasons.push(r)).ok();
    let ends_at = instant("end", fhir.end.as_deref()).map_err(|r| reasons.push(r)).ok();

    let mut patients = Vec::new();
    let mut with_whom: Vec<String> = Vec::new();
    let mut place = None;
    let mut video_link = fhir
        .virtual_service
        .iter()
        .find_map(|v| non_empty(v.address_url.as_deref()))
        .map(str::to_owned);
    let mut service = None;
    for actor in fhir.participant.iter().filter_map(|p| p.actor.as_ref()) {
        match actor_type(index, position, actor) {
            Some("Patient") => patients.push(actor),
            Some("Practitioner" | "PractitionerRole" | "CareTeam") => {
                if let Some(name) = super::report::party_name(index, position, actor, 0)
                    && !with_whom.contains(&name)
                {
                    with_whom.push(name);
                }
            }
            Some("Location") => {
                let location: Location = resolved(index, position, actor)
                    .and_then(|value| read(value).ok())
                    .unwrap_or_default();
                let virtual_place = location
                    .physical_type
                    .as_ref()
                    .is_some_and(|t| t.codes().any(|(_, code)| code == "vi"));
                if virtual_place {
                    let url = location.telecom.iter().find_map(|t| {
                        (t.system.as_deref() == Some("url"))
                            .then(|| non_empty(t.value.as_deref()))
                            .flatten()
                    });
                    video_link = video_link.or(url.map(str::to_owned));
                } else if place.is_none() {
                    let campus = non_empty(location.name.as_deref())
                        .or_else(|| non_empty(actor.display.as_deref()));
                    place = campus.map(|campus| AppointmentPlace {
                        campus: campus.to_owned(),
                        route: non_empty(location.description.as_deref()).map(str::to_owned),
                        floor: None,
                    });
                }
            }
            Some("HealthcareService") => {
                let name = non_empty(actor.display.as_deref()).map(str::to_owned).or_else(|| {
                    resolved(index, position, actor)
                        .and_then(|v| v.get("name")?.as_str().map(str::to_owned))
                });
                service = service.or(name);
            }
            _ => {}
        }
    }
    let department = fhir
        .specialty
        .iter()
        .chain(&fhir.service_type)
        .find_map(CodeableConcept::label)
        .or(service);
    if department.is_none() {
        reasons
            .push("no department: neither specialty, serviceType nor a HealthcareService".into());
    }
    let patient = match patients.as_slice() {
        [actor] => super::patient::identify(index, position, Some(actor), source)
            .map(|(identity, _)| identity)
            .map_err(|r| reasons.push(r))
            .ok(),
        [] => {
            reasons.push("no participant is a patient".into());
            None
        }
        _ => {
            reasons.push("several participants are patients".into());
            None
        }
    };
    let kind =
        if video_link.is_some() { AppointmentKind::Video } else { AppointmentKind::InPerson };
    match (source_id, status, starts_at, ends_at, department, patient) {
        (
            Some(source_id),
            Some(status),
            Some(starts_at),
            Some(ends_at),
            Some(department),
            Some(patient),
        ) if reasons.is_empty() => {
            let appointment = IncomingAppointment {
                source_id,
                hospital_id: source.hospital_id.to_owned(),
                department,
                place,
                starts_at,
                ends_at,
                with_whom: with_whom.join(", "),
                kind,
                video_link,
                status,
                instructions: non_empty(fhir.patient_instruction.as_deref())
                    .unwrap_or_default()
                    .to_owned(),
                withdrawn,
            };
            appointment.check().map_err(|reason| ImportProblem::new(&resource, reason))?;
            Ok(ImportedAppointment { resource, patient, appointment })
        }
        _ => Err(ImportProblem::new(resource, reasons.join("; "))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SOURCE: FhirSource<'static> =
        FhirSource { hospital_id: "hzk", patient_number_system: Some("urn:ead") };

    fn appointment(extra: Value) -> Value {
        let mut resource = json!({
            "resourceType": "Appointment", "id": "afs-77", "status": "booked",
            "specialty": [{ "coding": [{ "system": "http://snomed.info/sct", "code": "394579002",
                                         "display": "Cardiology" }] }],
            "start": "2026-12-02T09:30:00+01:00", "end": "2026-12-02T10:00:00+01:00",
            "patientInstruction": "Bring your medication list.",
            "participant": [
                { "actor": { "reference": "Patient/p1" }, "status": "accepted" },
                { "actor": { "reference": "Practitioner/dr", "display": "Dr. S. Janssens" },
                  "status": "accepted" },
                { "actor": { "reference": "Location/l1" }, "status": "accepted" } ] });
        for (key, value) in extra.as_object().unwrap() {
            resource[key] = value.clone();
        }
        json!({ "resourceType": "Bundle", "type": "collection", "entry": [
            { "fullUrl": "https://fhir.hzk.example/Appointment/afs-77", "resource": resource },
            { "fullUrl": "https://fhir.hzk.example/Patient/p1", "resource": {
                "resourceType": "Patient", "id": "p1",
                "identifier": [{ "system": "urn:ead", "value": "10482231" }] } },
            { "fullUrl": "https://fhir.hzk.example/Location/l1", "resource": {
                "resourceType": "Location", "id": "l1", "name": "Campus Sint-Jozef",
                "description": "Route 52" } } ] })
    }

    #[test]
    fn reads_a_booked_appointment() {
        let (read, problems) =
            read_fhir_appointments(&appointment(json!({})).to_string(), &SOURCE).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let a = &read[0].appointment;
        assert_eq!(read[0].patient.ead_number.as_deref(), Some("10482231"));
        assert_eq!((a.source_id.as_str(), a.department.as_str()), ("afs-77", "Cardiology"));
        assert_eq!(a.status, AppointmentStatus::Planned);
        assert_eq!(a.with_whom, "Dr. S. Janssens");
        assert_eq!(a.place.as_ref().unwrap().campus, "Campus Sint-Jozef");
        assert_eq!(a.place.as_ref().unwrap().route.as_deref(), Some("Route 52"));
        assert_eq!(a.starts_at.to_rfc3339(), "2026-12-02T08:30:00+00:00");
        assert_eq!(a.kind, AppointmentKind::InPerson);
    }

    #[test]
    fn a_virtual_service_makes_a_video_consultation() {
        let extra =
            json!({ "virtualService": [{ "addressUrl": "https://video.hzk.example/j/1" }] });
        let (read, _) = read_fhir_appointments(&appointment(extra).to_string(), &SOURCE).unwrap();
        assert_eq!(read[0].appointment.kind, AppointmentKind::Video);
        assert_eq!(
            read[0].appointment.video_link.as_deref(),
            Some("https://video.hzk.example/j/1")
        );
    }

    #[test]
    fn refuses_with_every_reason_and_no_personal_data() {
        let extra = json!({ "status": "tentative", "end": "tomorrow",
                            "participant": [{ "actor": { "display": "J. Peeters" } }] });
        let (read, problems) =
            read_fhir_appointments(&appointment(extra).to_string(), &SOURCE).unwrap();
        assert!(read.is_empty());
        let reason = &problems[0].reason;
        for part in ["unknown status tentative", "end is not a FHIR instant", "no participant"] {
            assert!(reason.contains(part), "{reason}");
        }
        assert!(!reason.contains("Peeters"));
        let status = json!({ "status": "entered-in-error" });
        let (read, _) = read_fhir_appointments(&appointment(status).to_string(), &SOURCE).unwrap();
        assert!(read[0].appointment.withdrawn);
        let none = json!({ "resourceType": "Patient", "id": "x" }).to_string();
        assert_eq!(
            read_fhir_appointments(&none, &SOURCE).unwrap_err(),
            ImportError::NoneOfKind("Appointment")
        );
    }
}
