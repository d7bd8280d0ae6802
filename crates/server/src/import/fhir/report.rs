//! A DiagnosticReport's own fields as we store them: source id, dates, status and
//! version, type, title, author and text.
//!
//! - Performed on: `effectiveDateTime`, else `effectivePeriod.start`, else `issued`. A
//!   date-time is taken as its date in Brussels; a partial date (`2013`, `2013-04`) as its
//!   first day.
//! - Status: registered, partial, preliminary → draft; final, amended, corrected,
//!   appended → validated at `issued` (else `meta.lastUpdated`, else refused); cancelled,
//!   entered-in-error → withdrawn; anything else is refused. A restricted or very
//!   restricted confidentiality label (`meta.security` R or V, on the report or a Bundle
//!   around it) makes a validated report protected.
//! - Type: the category codes (HL7 v2 table 0074, LOINC, a few SNOMED CT); without one
//!   we know, a report with lab values is a lab result, else an examination.
//! - Author: the results interpreters then the performers, by display or by the name of
//!   the Practitioner, PractitionerRole, Organization or CareTeam they reference.
//! - Body: the conclusion, the conclusion codes not already in it, and `presentedForm`
//!   parts that are plain text. A PDF form is not read.

use base64::Engine;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use dossier_api::reports::ReportType;

use super::{
    index::{FileIndex, Resolved},
    model::{Attachment, DiagnosticReport, Meta, Party, Reference, non_empty},
    read,
};
use crate::{
    clock::hospital_zone,
    reports::{IncomingStatus, SourceVersion},
};

/// The id the report keeps across versions: its logical `id`, else its first business
/// identifier, else the `fullUrl` of its entry.
pub fn source_id(report: &DiagnosticReport, full_url: Option<&str>) -> Result<String, String> {
    if let Some(id) = non_empty(report.id.as_deref()) {
        return Ok(id.to_owned());
    }
    let identifier = report.identifier.iter().find_map(|i| {
        let value = non_empty(i.value.as_deref())?;
        Some(match non_empty(i.system.as_deref()) {
            Some(system) => format!("{system}|{value}"),
            None => value.to_owned(),
        })
    });
    identifier.or_else(|| full_url.map(str::to_owned)).ok_or_else(|| {
        "the report has no id, identifier or fullUrl: its later versions could not be matched"
            .into()
    })
}

/// The day it was performed (see the module doc for the order).
pub fn performed_on(report: &DiagnosticReport) -> Result<NaiveDate, String> {
    let candidates = [
        ("effectiveDateTime", report.effective_date_time.as_deref()),
        (
            "effectivePeriod.start",
            report.effective_period.as_ref().and_then(|p| p.start.as_deref()),
        ),
        ("issued", report.issued.as_deref()),
    ];
    for (field, text) in candidates {
        if let Some(text) = non_empty(text) {
            return date(text).ok_or_else(|| format!("{field} is not a FHIR date"));
        }
    }
    Err("no date: neither effectiveDateTime, effectivePeriod.start nor issued".into())
}

/// A FHIR date or dateTime as a Brussels calendar day; partial dates as their first day.
pub fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.contains('T') {
        if let Ok(at) = text.parse::<DateTime<Utc>>() {
            return Some(at.with_timezone(&hospital_zone()).date_naive());
        }
        // Without a zone (which FHIR requires with a time), the day as written.
        return text.parse::<NaiveDateTime>().ok().map(|t| t.date());
    }
    let mut parts = text.split('-');
    let year: i32 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A FHIR instant.
fn instant(field: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, String> {
    non_empty(text)
        .map(|text| {
            text.parse::<DateTime<Utc>>().map_err(|_| format!("{field} is not a FHIR instant"))
        })
        .transpose()
}

/// The source's own version of the report.
pub fn source_version(report: &DiagnosticReport) -> Result<SourceVersion, String> {
    Ok(SourceVersion {
        version_id: non_empty(report.meta.version_id.as_deref()).map(str::to_owned),
        last_updated: instant("meta.lastUpdated", report.meta.last_updated.as_deref())?,
        issued: instant("issued", report.issued.as_deref())?,
    })
}

/// Where the report stands, from its status, times and confidentiality.
pub fn status(
    report: &DiagnosticReport,
    version: &SourceVersion,
    restricted: bool,
) -> Result<IncomingStatus, String> {
    let status = non_empty(report.status.as_deref()).ok_or("the report has no status")?;
    Ok(match status {
        "registered" | "partial" | "preliminary" => IncomingStatus::Draft,
        "final" | "amended" | "corrected" | "appended" => {
            let at = version.issued.or(version.last_updated).ok_or_else(|| {
                format!("status {status} without issued or meta.lastUpdated: no validation time")
            })?;
            if restricted {
                IncomingStatus::Protected { validated_at: Some(at) }
            } else {
                IncomingStatus::Validated { at }
            }
        }
        "cancelled" | "entered-in-error" => IncomingStatus::Withdrawn,
        other => {
            let code: String = other.chars().take(32).collect();
            return Err(format!("unknown status '{code}'"));
        }
    })
}

/// Whether the report, or a Bundle around it, carries a restricted (R) or very
/// restricted (V) confidentiality label.
pub fn restricted(index: &FileIndex<'_>, position: usize, report: &DiagnosticReport) -> bool {
    let labelled = |meta: &Meta| {
        meta.security.iter().any(|coding| {
            let confidentiality = coding.system.as_deref().is_none_or(|system| {
                system == "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
                    || system == "urn:oid:2.16.840.1.113883.5.25"
            });
            confidentiality && matches!(coding.code.as_deref(), Some("R" | "V"))
        })
    };
    labelled(&report.meta)
        || index.bundles_around(position).any(|bundle| {
            index
                .get(bundle)
                .value
                .get("meta")
                .and_then(|meta| read::<Meta>(meta).ok())
                .is_some_and(|meta| labelled(&meta))
        })
}

/// The kind of report, from its category codes.
pub fn report_type(report: &DiagnosticReport, has_lab_values: bool) -> ReportType {
    let codes: Vec<&str> = report.category.iter().flat_map(|c| c.codes()).map(|(_, c)| c).collect();
    let any = |wanted: &[&str]| codes.iter().any(|code| wanted.contains(code));
    if any(&[
        // v2-0074: laboratory, its sections, pathology and genetics
        "LAB",
        "BG",
        "BLB",
        "CG",
        "CH",
        "CP",
        "GE",
        "HM",
        "IMM",
        "MB",
        "MCB",
        "MYC",
        "OSL",
        "PAT",
        "SP",
        "SR",
        "TX",
        "URN",
        "VR",
        "HLA", // LOINC: pathology, laboratory
        "LP7839-6",
        "LP29693-6", // SNOMED CT: laboratory test, haematology test
        "15220000",
        "252275004",
        "108252007",
    ]) {
        ReportType::LabResult
    } else if any(&[
        "RAD",
        "CT",
        "NMR",
        "NMS",
        "RUS",
        "RX",
        "XRC",
        "OUS",
        "VUS",       // v2-0074 imaging
        "LP29684-5", // LOINC: radiology
        "394914008",
        "363679005", // SNOMED CT: radiology, imaging
    ]) {
        ReportType::Radiology
    } else if any(&["EC", "EN", "PF", "CTH", "CUS", "AU", "ICU", "LP29708-2"]) {
        ReportType::Functional
    } else if any(&["PHY"]) {
        ReportType::Consultation
    } else if has_lab_values {
        ReportType::LabResult
    } else {
        ReportType::Examination
    }
}

/// The report's name: its code's text or display.
pub fn title(report: &DiagnosticReport) -> String {
    report.code.label().unwrap_or_else(|| "Report".into())
}

/// Who signs the report: results interpreters, then performers, each named once.
pub fn author(index: &FileIndex<'_>, position: usize, report: &DiagnosticReport) -> String {
    let mut names: Vec<String> = Vec::new();
    for party in report.results_interpreter.iter().chain(&report.performer) {
        if let Some(name) = party_name(index, position, party, 0)
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names.join(", ")
}

pub(super) fn party_name(
    index: &FileIndex<'_>,
    from: usize,
    party: &Reference,
    depth: usize,
) -> Option<String> {
    if let Some(display) = non_empty(party.display.as_deref()) {
        return Some(display.to_owned());
    }
    let Resolved::Found(position) = index.resolve(from, non_empty(party.reference.as_deref())?)
    else {
        return None;
    };
    let found: Party = read(index.get(position).value).ok()?;
    // A PractitionerRole is named by its practitioner, else its organization.
    found.own_name().or_else(|| {
        (depth == 0)
            .then(|| {
                [&found.practitioner, &found.organization]
                    .into_iter()
                    .flatten()
                    .find_map(|r| party_name(index, position, r, depth + 1))
            })
            .flatten()
    })
}

/// The text of the report (see the module doc).
pub fn body(report: &DiagnosticReport) -> Result<String, String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(conclusion) = non_empty(report.conclusion.as_deref()) {
        parts.push(conclusion.to_owned());
    }
    for code in &report.conclusion_code {
        if let Some(label) = code.label()
            && !parts.iter().any(|p| p.contains(&label))
        {
            parts.push(label);
        }
    }
    for (n, form) in report.presented_form.iter().enumerate() {
        if let Some(text) = plain_text(form).map_err(|e| format!("presentedForm[{n}] {e}"))? {
            parts.push(text);
        }
    }
    Ok(parts.join("\n\n"))
}

/// A text/plain attachment's text; None for other kinds and for a link without data.
fn plain_text(form: &Attachment) -> Result<Option<String>, String> {
    let content_type = form.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    let mut params = content_type.split(';').map(str::trim);
    if params.next() != Some("text/plain") {
        return Ok(None);
    }
    let Some(data) = non_empty(form.data.as_deref()) else { return Ok(None) };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.split_whitespace().collect::<String>())
        .map_err(|_| "is not valid base64".to_owned())?;
    let latin1 = params
        .any(|p| matches!(p, "charset=iso-8859-1" | "charset=latin1" | "charset=windows-1252"));
    let text = if latin1 {
        bytes.iter().map(|&b| char::from(b)).collect()
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Ok(non_empty(Some(&text)).map(str::to_owned))
}
