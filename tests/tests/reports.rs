//! Reports in the real app: PIN, the list grouped by month, a filter, a lab report with
//! its table, then without the server: the same reports from the device, with the offline
//! banner.

use std::time::Duration;

use dossier_api::reports::ReportType;
use dossier_e2e::{E2e, pdf_image, pdf_text};

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

async fn register(e2e: &E2e, user_name: &str) -> anyhow::Result<()> {
    e2e.register_device(user_name, PIN, WAIT).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_filter_open_a_lab_report_then_read_offline() -> anyhow::Result<()> {
    let mut e2e = E2e::start("reports").await?;
    dossier_test_kit::logs::record_secrets([PIN]);
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    register(&e2e, "an.peeters").await?;

    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Last updated", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    // The newest hundred are drawn, the rest on asking (a phone's memory).
    assert_eq!(e2e.count(".report-item").await?, 100, "the newest hundred first");
    e2e.click("#reports-more").await?;
    let all = e2e.count(".report-item").await?;
    assert!(all > 100, "{all} reports listed");
    assert!(e2e.count(".month-heading").await? > 10, "grouped by month");
    e2e.look("1-list", "en").await?;

    assert_eq!(e2e.count(".badge-new").await?, 0, "a new device flags nothing as new");

    // A report arrives after this visit: "Update now" brings it in, marked new.
    // A hospital without delay and one with a 7-day delay send a report each: the first
    // arrives now, the second is announced under "Your hospitals".
    let title = e2e.hospital_sends_report("An", "cbw", ReportType::Consultation).await?;
    let delayed = e2e.hospital_sends_report("An", "smt", ReportType::Radiology).await?;
    e2e.click("#sync-now").await?;
    e2e.wait_for("#new-count", WAIT).await?;
    assert_eq!(e2e.count(".badge-new").await?, 1);
    assert!(e2e.text(".report-item").await?.contains(&title), "newest first, marked new");
    e2e.look("1-new-report", "en").await?;
    let listed = e2e.text("#report-list").await?;
    assert!(!listed.contains(&delayed), "a report within its delay is not listed");

    // Your hospitals: each partner's rules, and the delayed report with its day.
    e2e.click("#go-hospitals").await?;
    e2e.wait_for("#pending", WAIT).await?;
    let pending = e2e.text("#pending").await?;
    assert!(pending.contains("Radiology from Sint-Maartenziekenhuis Tienen"), "{pending}");
    let rules = e2e.text("#hospital-list").await?;
    assert!(
        rules.contains(
            "Radiology from Sint-Maartenziekenhuis Tienen appears 7 days after validation"
        ),
        "{rules}"
    );
    assert!(rules.contains("Reports of children under 15 are not shown online"), "{rules}");
    e2e.look("2-hospitals", "en").await?;
    e2e.click("#language-fr").await?;
    e2e.wait_for_text("#hospitals-title", "Vos hôpitaux", WAIT).await?;
    e2e.look("2-hospitals", "fr").await?;
    e2e.click("#language-en").await?;
    e2e.click("#back").await?;
    e2e.wait_for(".report-item", WAIT).await?;
    let all = e2e.count(".report-item").await?;

    e2e.click("#filter-type option[value=lab_result]").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let labs = e2e.count(".report-item").await?;
    assert!(labs > 10 && labs <= all, "{labs} of {all}");
    e2e.fill("search", "lipid").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let searched = e2e.count(".report-item").await?;
    assert!(searched >= 1 && searched < labs, "{searched} of {labs}");
    e2e.look("2-filtered", "en").await?;

    e2e.click(".report-item").await?;
    e2e.wait_for("#lab-table", WAIT).await?;
    assert!(e2e.text("#report-title").await?.contains("Lipid"));
    assert!(e2e.text("#lab-table").await?.to_lowercase().contains("reference range"));
    e2e.look("3-lab-report", "en").await?;

    // Save as PDF through the system's save dialog, then look at the file as an image.
    let folder = e2e.files_dir();
    std::fs::create_dir_all(&folder)?;
    let pdf = folder.join("lipids.pdf");
    e2e.click("#save-pdf").await?;
    e2e.answer_save_dialog("Save the report as PDF", &pdf).await?;
    e2e.wait_for_text("#pdf-saved", "lipids.pdf", WAIT).await?;
    let bytes = std::fs::read(&pdf)?;
    assert!(bytes.starts_with(b"%PDF-"), "a PDF was written");
    assert!(!folder.join("lipids.pdf.part").exists(), "no partial file left");
    let text = pdf_text(&pdf)?;
    for expected in ["Lipidenprofiel", "An Peeters", "Reference range", "Heilig-Hartziekenhuis"] {
        assert!(text.contains(expected), "{expected:?} not in the PDF:\n{text}");
    }
    pdf_image(&pdf, "reports-5-pdf")?;
    e2e.look("5-pdf-saved", "en").await?;

    // Print opens the system's print dialog; closing it leaves the app as it was.
    e2e.click("#print-report").await?;
    e2e.wait_for_window("Print").await?;
    e2e.press_key("Escape")?;
    let started = std::time::Instant::now();
    while e2e.window_shown("Print")? {
        anyhow::ensure!(started.elapsed() < WAIT, "the print dialog did not close");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    e2e.wait_for("#report-body", WAIT).await?;

    // Without the server: restart, PIN, the same reports from the device.
    e2e.stop_server().await?;
    e2e.restart_app().await?;
    e2e.wait_for("#pin", WAIT).await?;
    e2e.fill("pin", PIN).await?;
    e2e.click("#pin-submit").await?;
    e2e.wait_for("#offline-banner", WAIT).await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Offline — last updated", WAIT).await?;
    e2e.wait_for(".report-item", WAIT).await?;
    assert_eq!(e2e.count(".report-item").await?, all);
    e2e.look("4-offline-list", "en").await?;
    e2e.click(".report-item").await?;
    e2e.wait_for("#report-body", WAIT).await?;
    e2e.finish().await
}
