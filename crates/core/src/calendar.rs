//! An appointment as a calendar file (iCalendar, RFC 5545) for the patient's own calendar:
//! its times in Europe/Brussels with the zone's rules inside the file, so a calendar in
//! another zone shows the right hour. The video consultation's join link stays out (it
//! opens in the app, from 15 minutes before); a cancelled appointment is written
//! cancelled, so importing it again takes it out of the calendar.

use std::fmt::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Brussels;
use dossier_api::{
    appointments::{AppointmentKind, AppointmentStatus, AppointmentView},
    shell::CalendarLabels,
};

/// The zone's rules since 1996 (EU summer time), for calendars that do not know it.
const BRUSSELS_ZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\nBEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The appointment as an .ics file; `now` (Unix seconds) stamps it.
pub fn appointment_ics(appointment: &AppointmentView, labels: &CalendarLabels, now: i64) -> String {
    let local = |unix: i64| {
        DateTime::<Utc>::from_timestamp(unix, 0)
            .unwrap_or_default()
            .with_timezone(&Brussels)
            .format("%Y%m%dT%H%M%S")
            .to_string()
    };
    let stamp =
        DateTime::<Utc>::from_timestamp(now, 0).unwrap_or_default().format("%Y%m%dT%H%M%SZ");
    let summary = format!(
        "{}: {} – {}",
        labels.appointment, appointment.department, appointment.hospital_name
    );
    let location = match (&appointment.place, appointment.kind) {
        (_, AppointmentKind::Video) => labels.video.clone(),
        (Some(place), _) => {
            let floor = place.floor.as_ref().map(|floor| format!("{} {floor}", labels.floor));
            [Some(place.campus.clone()), place.route.clone(), floor]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        }
        (None, _) => appointment.hospital_name.clone(),
    };
    let mut description = format!("{} {}", labels.with, appointment.with_whom);
    if appointment.kind == AppointmentKind::Video {
        description.push_str("\n\n");
        description.push_str(&labels.video);
    }
    if !appointment.instructions.is_empty() {
        description.push_str("\n\n");
        description.push_str(&appointment.instructions);
    }
    let status =
        if appointment.status == AppointmentStatus::Cancelled { "CANCELLED" } else { "CONFIRMED" };
    let mut file = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Dossier//Appointments//EN\r\n\
         CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    );
    file.push_str(BRUSSELS_ZONE);
    let lines = [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@dossier", appointment.id),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;TZID=Europe/Brussels:{}", local(appointment.starts_at)),
        format!("DTEND;TZID=Europe/Brussels:{}", local(appointment.ends_at)),
        format!("SUMMARY:{}", text(&summary)),
        format!("LOCATION:{}", text(&location)),
        format!("DESCRIPTION:{}", text(&description)),
        format!("STATUS:{status}"),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    for line in lines {
        fold(&mut file, &line);
    }
    file
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a content line folded at 75 octets (never inside a character), CRLF-ended.
fn fold(file: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            file.push_str("\r\n ");
            width = 1;
        }
        file.push(c);
        width += c.len_utf8();
    }
    let _ = write!(file, "\r\n");
}

#[cfg(test)]
mod tests {
    use dossier_api::appointments::AppointmentPlace;

    use super::*;

    fn labels() -> CalendarLabels {
        CalendarLabels {
            dialog_title: "Save".into(),
            appointment: "Afspraak".into(),
            with: "Met".into(),
            floor: "verdieping".into(),
            video: "Videoconsultatie".into(),
        }
    }

    fn appointment(starts_at: i64) -> AppointmentView {
        AppointmentView {
            id: "ap1".into(),
            record_id: "r1".into(),
            hospital_id: "hzk".into(),
            hospital_name: "Heilig-Hartziekenhuis".into(),
            department: "Cardiologie".into(),
            place: Some(AppointmentPlace {
                campus: "Campus Sint-Jozef".into(),
                route: Some("Route 42".into()),
                floor: Some("2".into()),
            }),
            starts_at,
            ends_at: starts_at + 1800,
            with_whom: "Dr. Sarah Janssens".into(),
            kind: AppointmentKind::InPerson,
            video_link: None,
            status: AppointmentStatus::Planned,
            cancelled_by: None,
            instructions: "Nuchter komen; breng uw medicatielijst mee, a.u.b.".into(),
            cancellable_until: None,
        }
    }

    #[test]
    fn times_are_brussels_wall_clock_in_summer_and_winter() {
        // 2026-07-01 07:30 UTC is 09:30 in Brussels (CEST); 2026-12-03 08:30 UTC is 09:30 (CET).
        let summer = appointment_ics(&appointment(1_782_891_000), &labels(), 0);
        assert!(summer.contains("DTSTART;TZID=Europe/Brussels:20260701T093000\r\n"), "{summer}");
        assert!(summer.contains("DTEND;TZID=Europe/Brussels:20260701T100000\r\n"));
        let winter = appointment_ics(&appointment(1_796_286_600), &labels(), 0);
        assert!(winter.contains("DTSTART;TZID=Europe/Brussels:20261203T093000\r\n"), "{winter}");
        assert!(winter.contains("TZID:Europe/Brussels\r\n") && winter.contains("BEGIN:VTIMEZONE"));
    }

    #[test]
    fn text_is_escaped_lines_folded_and_crlf_ended() {
        let file = appointment_ics(&appointment(1_796_286_600), &labels(), 0);
        assert!(file.starts_with("BEGIN:VCALENDAR\r\n") && file.ends_with("END:VCALENDAR\r\n"));
        assert!(file.contains("SUMMARY:Afspraak: Cardiologie – Heilig-Hartziekenhuis\r\n"));
        assert!(file.contains("LOCATION:Campus Sint-Jozef\\, Route 42\\, verdieping 2\r\n"));
        let unfolded = file.replace("\r\n ", "");
        assert!(unfolded.contains(
            "DESCRIPTION:Met Dr. Sarah Janssens\\n\\nNuchter komen\\; breng uw medicatielijst mee\\, a.u.b."
        ));
        assert!(file.split("\r\n").all(|line| line.len() <= 75), "{file}");
        assert!(!file.replace("\r\n", "").contains('\n'), "no bare line feed");
        assert!(file.contains("STATUS:CONFIRMED"));
    }

    #[test]
    fn a_video_consultation_keeps_its_link_out_and_a_cancelled_one_says_so() {
        let mut video = appointment(1_796_286_600);
        video.kind = AppointmentKind::Video;
        video.place = None;
        video.video_link = Some("https://video.example/join/secret".into());
        video.status = AppointmentStatus::Cancelled;
        let file = appointment_ics(&video, &labels(), 0);
        assert!(!file.contains("secret"));
        assert!(file.contains("LOCATION:Videoconsultatie\r\n"));
        assert!(file.contains("STATUS:CANCELLED"));
    }
}
