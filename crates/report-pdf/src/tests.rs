use std::process::Command;

use dossier_api::{
    Language,
    reports::{LabFlag, ReportType},
};

use super::*;

fn labels() -> ReportPdfLabels {
    ReportPdfLabels {
        language: Language::Fr,
        report_type: "Résultat de laboratoire".into(),
        patient: "Patient".into(),
        hospital: "Hôpital".into(),
        author: "Auteur".into(),
        performed_on: "Réalisé le".into(),
        validated_on: "Validé le".into(),
        performed_date: "17 novembre 2026".into(),
        validated_date: "18 novembre 2026".into(),
        amended: Some("Version modifiée 2".into()),
        analyte: "Analyse".into(),
        value: "Résultat".into(),
        unit: "Unité".into(),
        reference_range: "Valeurs de référence".into(),
        out_of_range: "hors des valeurs de référence".into(),
        footer: "Copie enregistrée depuis Dossier le 23 novembre 2026".into(),
        page: "Page".into(),
        dialog_title: "Enregistrer en PDF".into(),
    }
}

fn lab_report(body: String) -> ReportView {
    let value = |analyte: &str, value: &str, range: &str, flag| LabValue {
        analyte: analyte.into(),
        value: value.into(),
        unit: Some("mg/dL".into()),
        reference_range: Some(range.into()),
        flag,
        code: None,
        panel: None,
    };
    ReportView {
        id: "r1".into(),
        record_id: "p1".into(),
        hospital_id: "h1".into(),
        hospital_name: "Clinique Saint-Luc Bouge".into(),
        report_type: ReportType::LabResult,
        title: "Lipidenprofiel".into(),
        author: "Dr. Ł. Wiśniewska".into(),
        performed_on: dossier_api::dates::parse_iso("2026-11-17").unwrap(),
        validated_on: dossier_api::dates::parse_iso("2026-11-18").unwrap(),
        version: 2,
        body,
        lab_values: vec![
            value("LDL-cholesterol", "162", "< 115", LabFlag::High),
            value("HDL-cholesterol", "38", "> 40", LabFlag::Low),
            value("Glucose (à jeun)", "81", "70 - 100", LabFlag::Normal),
        ],
    }
}

/// The text poppler reads back, as a screen reader or a search would.
fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/setup --test)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

fn pages_of(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("pdfinfo").arg(&path).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

#[test]
fn a_lab_report_holds_its_details_values_and_marks() {
    let report = lab_report("Résultats discutés avec la patiente.".into());
    let pdf = render(&report, Some("Françoise D’Hondt"), &labels()).expect("render");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    for expected in [
        "Lipidenprofiel",
        "Françoise D’Hondt",
        "Dr. Ł. Wiśniewska",
        "Clinique Saint-Luc Bouge",
        "Résultat de laboratoire",
        "Version modifiée 2",
        "17 novembre 2026",
        "Valeurs de référence",
        "162 ↑",
        "38 ↓",
        "70 - 100",
        "hors des valeurs de référence",
        "Résultats discutés avec la patiente.",
        "Page 1 / 1",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in:\n{text}");
    }
    if let Ok(dir) = std::env::var("DOSSIER_PDF_SAMPLE_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("lab-report.pdf"), &pdf).expect("sample");
    }
    assert!(pdf.len() < 120_000, "fonts are subsetted: {} bytes", pdf.len());
}

#[test]
fn a_long_report_runs_over_pages_with_every_line_kept() {
    let body: String =
        (1..=160).map(|i| format!("Paragraph {i} of the discharge letter.\n")).collect();
    let mut report = lab_report(body);
    report.lab_values.clear();
    report.author = String::new();
    let pdf = render(&report, None, &labels()).expect("render");
    let pages = pages_of(&pdf);
    assert!(pages >= 3, "{pages} pages");
    let text = text_of(&pdf);
    for i in [1, 80, 160] {
        assert!(text.contains(&format!("Paragraph {i} of")), "paragraph {i}");
    }
    assert!(text.contains(&format!("Page {pages} / {pages}")));
    assert!(!text.contains("Auteur"), "a detail without a value is left out");
}

#[test]
fn lines_wrap_within_the_width_and_keep_the_authors_breaks() {
    let fonts = Fonts::load().expect("fonts");
    let text = "Een lange zin die zeker niet op één regel past als de breedte klein is.\nTweede";
    let lines = wrap(&fonts.regular, text, 11.0, 120.0);
    assert!(lines.len() > 3, "{lines:?}");
    assert_eq!(lines.last().map(String::as_str), Some("Tweede"));
    for line in &lines {
        assert!(fonts.regular.width(line, 11.0) <= 120.0, "{line:?} too wide");
    }
    let joined = lines[..lines.len() - 1].join(" ");
    assert_eq!(joined, text.split('\n').next().expect("first paragraph"));
    let long = wrap(&fonts.regular, &"x".repeat(200), 11.0, 100.0);
    assert!(long.len() > 1 && long.iter().all(|l| fonts.regular.width(l, 11.0) <= 100.0));
}

#[test]
fn a_bold_measure_is_wider_than_regular() {
    let fonts = Fonts::load().expect("fonts");
    let regular = fonts.regular.width("Cholesterol", 10.0);
    let bold = fonts.bold.width("Cholesterol", 10.0);
    assert!(regular > 30.0 && bold > regular, "{regular} {bold}");
}
