//! Appointments and invoices in the real app: the demo parent Els opens her daughter
//! Lotte's record, sees her appointments with "today" and "tomorrow", adds one to the
//! calendar (the .ics file is read back: Brussels time, the department), cancels one that
//! the department lets her cancel, opens the invoices (amounts in the language's format),
//! copies a structured communication, pays online (the browser opens the hospital's page)
//! and saves an invoice as PDF (looked at as an image); joins her own video consultation;
//! edits Lotte's phone number with a wrong value first; then, without the server, reads the
//! same appointments, invoices and details from the device. Screenshots NL/FR/EN, phone and desktop.

use std::time::Duration;

use dossier_e2e::{E2e, pdf_image, pdf_text};
use fantoccini::Locator;

const WAIT: Duration = Duration::from_secs(40);
const PIN: &str = "284719";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_reads_cancels_and_saves_a_childs_appointments_and_invoices() -> anyhow::Result<()>
{
    let mut e2e = E2e::start("appointments").await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.register_device("els.vandenbroeck", PIN, WAIT).await?;
    e2e.switch_to("Lotte", WAIT).await?;
    e2e.wait_for_text("#record-banner", "Lotte", WAIT).await?;

    // Her appointments: today's first, then tomorrow's.
    e2e.click("#go-appointments").await?;
    e2e.wait_for_text("#appointments-status", "Last updated", WAIT).await?;
    e2e.wait_for("#upcoming .appointment", WAIT).await?;
    assert!(e2e.text("#appointments-title").await?.contains("Lotte"));
    let upcoming = e2e.text("#upcoming").await?;
    assert!(upcoming.contains("Today") && upcoming.contains("Tomorrow"), "{upcoming}");
    let first = e2e.text("#upcoming .appointment:first-child").await?;
    assert!(first.contains("Today"), "soonest first: {first}");
    assert!(e2e.text("#past").await?.contains("Cancelled"), "past and cancelled below");
    e2e.look_in_every_language("1-child-appointments").await?;

    // Today's appointment in the calendar: an .ics at the hour the card shows, in Brussels.
    let id = e2e.attribute("#upcoming .appointment:first-child", "data-id").await?;
    let folder = e2e.files_dir();
    std::fs::create_dir_all(&folder)?;
    let ics = folder.join("lotte.ics");
    e2e.click(&format!("#calendar-{id}")).await?;
    e2e.answer_save_dialog("Save the appointment for your calendar", &ics).await?;
    e2e.wait_for_text("#upcoming .appointment:first-child .calendar-saved", "lotte.ics", WAIT)
        .await?;
    let file = std::fs::read_to_string(&ics)?;
    // Kept beside the screenshots, to read.
    std::fs::copy(&ics, dossier_e2e::screenshot_dir()?.join("appointments-calendar.ics"))?;
    assert!(file.starts_with("BEGIN:VCALENDAR\r\n") && file.contains("BEGIN:VTIMEZONE"));
    let start = file
        .lines()
        .find_map(|l| l.strip_prefix("DTSTART;TZID=Europe/Brussels:"))
        .expect("a start in Brussels time");
    let hour = format!("{}:{}", &start[9..11], &start[11..13]);
    e2e.click("#language-nl").await?;
    e2e.wait_for_text("#appointments-title", "Afspraken", WAIT).await?;
    let first_nl = e2e.text("#upcoming .appointment:first-child").await?;
    assert!(first_nl.contains(&hour), "the card says {hour}: {first_nl}");
    e2e.click("#language-en").await?;
    assert!(file.contains("SUMMARY:Appointment: "), "{file}");
    let location = file.lines().find(|l| l.starts_with("LOCATION:")).unwrap_or_default();
    assert!(location.contains("Campus") && location.contains("floor"), "{location}");
    assert!(!folder.join("lotte.ics.part").exists());

    // Cancel one the department lets her cancel: asked first, then in "past and cancelled".
    // The furthest one: between midnight and morning tomorrow's is cancellable too, and it
    // must stay for the "Tomorrow" read offline below.
    let cancel = e2e
        .client
        .find_all(Locator::Css("#upcoming [id^=cancel-]"))
        .await?
        .pop()
        .expect("an appointment she may cancel");
    let cancel_id = cancel.attr("id").await?.unwrap_or_default();
    let appointment = cancel_id.trim_start_matches("cancel-").to_owned();
    cancel.click().await?;
    e2e.wait_for(&format!("#{cancel_id}-question"), WAIT).await?;
    assert!(e2e.text(&format!("#{cancel_id}-question")).await?.contains("The hospital is told"));
    let question = e2e.client.find(Locator::Id(&format!("{cancel_id}-question"))).await?;
    let script = "arguments[0].scrollIntoView({block: 'center'})";
    e2e.client.execute(script, vec![serde_json::to_value(&question)?]).await?;
    e2e.look("2-cancel-question", "en").await?;
    e2e.click(&format!("#{cancel_id}-confirm")).await?;
    let cancelled = format!("#past .appointment[data-id='{appointment}'][data-status=cancelled]");
    e2e.wait_for(&cancelled, WAIT).await?;
    assert!(e2e.text(&cancelled).await?.contains("Cancelled in the app"));
    let still = format!("#upcoming [data-id='{appointment}']");
    assert!(e2e.client.find_all(Locator::Css(&still)).await?.is_empty());
    // Phones: the by-phone-only ones say so instead.
    assert!(e2e.text("#upcoming").await?.contains("call the department"));

    // Her invoices: open ones first with what is left to pay; amounts per language.
    e2e.click("#back").await?;
    e2e.click("#go-invoices").await?;
    e2e.wait_for_text("#invoices-status", "Last updated", WAIT).await?;
    e2e.wait_for("#to-pay .invoice", WAIT).await?;
    let to_pay = e2e.text("#to-pay").await?;
    assert!(to_pay.contains("Left to pay") && to_pay.contains("€"), "{to_pay}");
    assert!(to_pay.contains("Overdue") && to_pay.contains("In dispute"), "{to_pay}");
    assert!(e2e.text("#settled").await?.contains("Paid"));
    let invoice = e2e.attribute("#to-pay .invoice:first-child", "data-id").await?;
    let communication = e2e.client.find(Locator::Id(&format!("communication-{invoice}"))).await?;
    let communication = communication.prop("value").await?.unwrap_or_default();
    assert!(
        dossier_api::invoices::StructuredCommunication::parse(&communication).is_ok(),
        "{communication}"
    );
    e2e.click(&format!("#copy-{invoice}")).await?;
    e2e.wait_for_text("#to-pay .invoice:first-child", "Copied", WAIT).await?;
    e2e.click("#language-nl").await?;
    e2e.wait_for_text("#invoices-title", "Facturen", WAIT).await?;
    let amount = e2e.text("#to-pay .invoice:first-child .invoice-amount").await?;
    assert!(amount.ends_with('€') && amount.contains(','), "1.234,56 € in Dutch: {amount}");
    e2e.click("#language-en").await?;
    e2e.look_in_every_language("3-child-invoices").await?;

    // "Pay online" opens the hospital's payment page in the browser.
    e2e.click(&format!("#pay-{invoice}")).await?;
    let paid = e2e.wait_for_opened_link("https://betalen.", WAIT).await?;
    assert!(paid.contains("factuur"), "{paid}");

    // The invoice as PDF, where she chooses.
    let pdf = folder.join("invoice.pdf");
    e2e.click(&format!("#invoice-pdf-{invoice}")).await?;
    e2e.answer_save_dialog("Save the invoice as PDF", &pdf).await?;
    e2e.wait_for_text("#to-pay .invoice:first-child .invoice-saved", "invoice.pdf", WAIT).await?;
    let text = pdf_text(&pdf)?;
    assert!(text.contains("Lotte") && text.contains(&communication), "{text}");
    pdf_image(&pdf, "appointments-4-invoice-pdf")?;

    // Her phone number: a wrong one first, said under the field; then saved.
    e2e.click("#back").await?;
    e2e.click("#go-details").await?;
    e2e.wait_for("#details-form", WAIT).await?;
    e2e.fill("details-phone", "12").await?;
    e2e.click("#details-save").await?;
    e2e.wait_for_text("#details-phone-error", "phone number", WAIT).await?;
    assert!(e2e.text("#record-banner").await?.contains("Lotte"), "whose details, on screen");
    e2e.look("5-child-phone-error", "en").await?;
    e2e.fill("details-phone", "0470 98 76 54").await?;
    e2e.click("#details-save").await?;
    e2e.wait_for("#details-saved", WAIT).await?;
    e2e.wait_for_text("#details-history", "+32 470 98 76 54", WAIT).await?;

    // Her own video consultation starts in 10 minutes: "Join" opens it in the browser.
    e2e.click("#back-to-own").await?;
    e2e.wait_for("#go-appointments", WAIT).await?;
    e2e.click("#go-appointments").await?;
    e2e.wait_for("#upcoming [id^=join-]", WAIT).await?;
    e2e.click("#upcoming [id^=join-]").await?;
    let joined = e2e.wait_for_opened_link("https://video.", WAIT).await?;
    assert!(joined.contains("/join/"), "{joined}");
    e2e.look("6-own-video", "en").await?;

    // Without the server: restart, PIN, the same lists from the device.
    e2e.stop_server().await?;
    e2e.restart_app().await?;
    e2e.wait_for("#pin", WAIT).await?;
    e2e.fill("pin", PIN).await?;
    e2e.click("#pin-submit").await?;
    e2e.wait_for("#offline-banner", WAIT).await?;
    e2e.switch_to("Lotte", WAIT).await?;
    e2e.wait_for_text("#record-banner", "Lotte", WAIT).await?;
    e2e.click("#go-appointments").await?;
    e2e.wait_for_text("#appointments-status", "Offline — last updated", WAIT).await?;
    e2e.wait_for(&cancelled, WAIT).await?;
    assert!(e2e.text("#upcoming").await?.contains("Tomorrow"));
    e2e.look("7-offline-appointments", "en").await?;
    e2e.click("#back").await?;
    e2e.click("#go-invoices").await?;
    e2e.wait_for_text("#invoices-status", "Offline — last updated", WAIT).await?;
    e2e.wait_for(&format!("#communication-{invoice}"), WAIT).await?;
    let field = e2e.client.find(Locator::Id(&format!("communication-{invoice}"))).await?;
    assert_eq!(field.prop("value").await?.as_deref(), Some(communication.as_str()));
    e2e.look("8-offline-invoices", "en").await?;

    // Her details as last read here, with the phone saved before; no form offline.
    e2e.click("#back").await?;
    e2e.click("#go-details").await?;
    e2e.wait_for_text("#details-status", "Offline — last updated", WAIT).await?;
    assert!(e2e.text("#details-name").await?.contains("Lotte"));
    assert!(e2e.text(".details").await?.contains("+32 470 98 76 54"));
    assert!(e2e.client.find(Locator::Id("details-form")).await.is_err(), "no changes offline");
    e2e.look("9-offline-details", "en").await?;
    Ok(())
}
