//! An invoice as an A4 PDF, made on the server from the stored invoice: the hospital, the
//! patient it is for, number and dates, the amounts (total, the insurer's part, the
//! patient's share, what is left to pay), the status, the structured communication and
//! the payment link. Base-14 fonts and WinAnsi text through [`crate::card_pdf`]'s helpers,
//! as the code card is made: nothing is embedded and the file stays small.

use dossier_api::{
    Language,
    invoices::{InvoiceStatus, InvoiceView},
};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};

use crate::card_pdf::{approx_width, text};

/// A4 in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;

const TEAL: (f32, f32, f32) = (0.059, 0.463, 0.431);
const INK: (f32, f32, f32) = (0.12, 0.16, 0.22);
const SOFT: (f32, f32, f32) = (0.42, 0.45, 0.50);

struct Labels {
    invoice: &'static str,
    for_whom: &'static str,
    number: &'static str,
    issued_on: &'static str,
    due_on: &'static str,
    total: &'static str,
    insurer: &'static str,
    share: &'static str,
    left: &'static str,
    status: &'static str,
    communication: &'static str,
    pay_online: &'static str,
    statuses: [&'static str; 4],
}

fn labels(language: Language) -> Labels {
    match language {
        Language::Nl => Labels {
            invoice: "Factuur",
            for_whom: "Voor",
            number: "Factuurnummer",
            issued_on: "Factuurdatum",
            due_on: "Te betalen voor",
            total: "Totaal",
            insurer: "Betaald door het ziekenfonds",
            share: "Uw aandeel",
            left: "Nog te betalen",
            status: "Status",
            communication: "Gestructureerde mededeling",
            pay_online: "Online betalen",
            statuses: ["Open", "Betaald", "Vervallen", "Betwist"],
        },
        Language::Fr => Labels {
            invoice: "Facture",
            for_whom: "Pour",
            number: "Numéro de facture",
            issued_on: "Date de facture",
            due_on: "À payer avant le",
            total: "Total",
            insurer: "Payé par la mutualité",
            share: "Votre part",
            left: "Reste à payer",
            status: "Statut",
            communication: "Communication structurée",
            pay_online: "Payer en ligne",
            statuses: ["Ouverte", "Payée", "Échue", "Contestée"],
        },
        Language::En => Labels {
            invoice: "Invoice",
            for_whom: "For",
            number: "Invoice number",
            issued_on: "Invoice date",
            due_on: "Due by",
            total: "Total",
            insurer: "Paid by the health insurer",
            share: "Your share",
            left: "Left to pay",
            status: "Status",
            communication: "Structured communication",
            pay_online: "Pay online",
            statuses: ["Open", "Paid", "Overdue", "In dispute"],
        },
    }
}

/// An amount of euro cents as the language writes it: `1.234,56 €` in Dutch and French,
/// `€1,234.56` in English. Whole cents only: no float is ever involved.
pub fn euro(cents: i64, language: Language) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let (whole, fraction) = (cents / 100, cents % 100);
    let separator = if language == Language::En { ',' } else { '.' };
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    match language {
        Language::En => format!("{sign}€{grouped}.{fraction:02}"),
        Language::Nl | Language::Fr => format!("{sign}{grouped},{fraction:02} €"),
    }
}

fn date(date: chrono::NaiveDate, language: Language) -> String {
    match language {
        Language::En => date.format("%Y-%m-%d").to_string(),
        Language::Nl => date.format("%d-%m-%Y").to_string(),
        Language::Fr => date.format("%d/%m/%Y").to_string(),
    }
}

/// The invoice as PDF bytes; `patient` is whose invoice it is, `language` the reader's.
pub fn render(invoice: &InvoiceView, patient: &str, language: Language) -> Vec<u8> {
    let labels = labels(language);
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let page_id = Ref::new(3);
    let content_id = Ref::new(4);
    let (regular, bold, mono) = (Ref::new(5), Ref::new(6), Ref::new(7));

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
    page.parent(tree);
    page.contents(content_id);
    let mut resources = page.resources();
    let mut fonts = resources.fonts();
    fonts.pair(Name(b"R"), regular);
    fonts.pair(Name(b"B"), bold);
    fonts.pair(Name(b"M"), mono);
    fonts.finish();
    resources.finish();
    page.finish();
    for (id, base) in
        [(regular, &b"Helvetica"[..]), (bold, b"Helvetica-Bold"), (mono, b"Courier-Bold")]
    {
        pdf.type1_font(id).base_font(Name(base)).encoding_predefined(Name(b"WinAnsiEncoding"));
    }

    let mut c = Content::new();
    c.set_fill_rgb(TEAL.0, TEAL.1, TEAL.2);
    c.rect(0.0, HEIGHT - 72.0, WIDTH, 72.0);
    c.fill_nonzero();
    c.set_fill_rgb(1.0, 1.0, 1.0);
    text(&mut c, b"B", 20.0, MARGIN, HEIGHT - 44.0, &invoice.hospital_name);
    let title = format!("{} {}", labels.invoice, invoice.number);
    text(&mut c, b"R", 12.0, WIDTH - MARGIN - approx_width(&title, 12.0), HEIGHT - 42.0, &title);

    let mut y = HEIGHT - 120.0;
    c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
    text(&mut c, b"R", 10.0, MARGIN, y, labels.for_whom);
    c.set_fill_rgb(INK.0, INK.1, INK.2);
    text(&mut c, b"B", 13.0, MARGIN + 150.0, y, patient);
    y -= 36.0;

    let status = labels.statuses[match invoice.status {
        InvoiceStatus::Open => 0,
        InvoiceStatus::Paid => 1,
        InvoiceStatus::Overdue => 2,
        InvoiceStatus::InDispute => 3,
    }];
    let details = [
        (labels.number, invoice.number.clone()),
        (labels.issued_on, date(invoice.issued_on, language)),
        (labels.due_on, date(invoice.due_on, language)),
        (labels.status, status.to_owned()),
    ];
    for (label, value) in &details {
        c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
        text(&mut c, b"R", 10.0, MARGIN, y, label);
        c.set_fill_rgb(INK.0, INK.1, INK.2);
        text(&mut c, b"R", 11.0, MARGIN + 150.0, y, value);
        y -= 20.0;
    }
    y -= 20.0;

    c.set_stroke_rgb(0.82, 0.84, 0.86);
    c.set_line_width(0.7);
    let amounts = [
        (labels.total, invoice.total_cents, false),
        (labels.insurer, invoice.insurer_paid_cents, false),
        (labels.share, invoice.patient_share_cents, false),
        (labels.left, invoice.left_to_pay_cents, true),
    ];
    let right = WIDTH - MARGIN;
    for (label, cents, strong) in amounts {
        let amount = euro(cents, language);
        let font: &'static [u8] = if strong { b"B" } else { b"R" };
        c.set_fill_rgb(INK.0, INK.1, INK.2);
        text(&mut c, font, 11.0, MARGIN, y, label);
        text(&mut c, font, 11.0, right - approx_width(&amount, 11.0), y, &amount);
        c.move_to(MARGIN, y - 7.0);
        c.line_to(right, y - 7.0);
        c.stroke();
        y -= 24.0;
    }
    y -= 24.0;

    c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
    text(&mut c, b"R", 10.0, MARGIN, y, labels.communication);
    c.set_fill_rgb(INK.0, INK.1, INK.2);
    text(&mut c, b"M", 14.0, MARGIN + 150.0, y, &invoice.structured_communication);
    y -= 26.0;
    if let Some(link) = &invoice.payment_link {
        c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
        text(&mut c, b"R", 10.0, MARGIN, y, labels.pay_online);
        c.set_fill_rgb(TEAL.0, TEAL.1, TEAL.2);
        text(&mut c, b"R", 9.0, MARGIN + 150.0, y, link);
    }
    pdf.stream(content_id, &c.finish());
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_per_language_to_the_cent() {
        assert_eq!(euro(123_456, Language::Nl), "1.234,56 €");
        assert_eq!(euro(123_456, Language::Fr), "1.234,56 €");
        assert_eq!(euro(123_456, Language::En), "€1,234.56");
        assert_eq!(euro(5, Language::Nl), "0,05 €");
        assert_eq!(euro(10_000_000_001, Language::En), "€100,000,000.01");
        assert_eq!(euro(-250, Language::Nl), "-2,50 €");
        assert_eq!(euro(0, Language::Fr), "0,00 €");
    }

    #[test]
    fn the_pdf_holds_what_the_patient_needs() {
        let invoice = InvoiceView {
            id: "i".into(),
            record_id: "r".into(),
            hospital_id: "cbw".into(),
            hospital_name: "Clinique du Brabant wallon".into(),
            number: "2026/004512".into(),
            issued_on: crate::clock::date(2026, 10, 2),
            due_on: crate::clock::date(2026, 11, 1),
            total_cents: 123_456,
            insurer_paid_cents: 100_000,
            patient_share_cents: 23_456,
            left_to_pay_cents: 23_456,
            status: InvoiceStatus::Overdue,
            structured_communication: "+++123/4567/89002+++".into(),
            payment_link: Some("https://pay.cbw.example/i/2026-004512".into()),
        };
        let pdf = render(&invoice, "Françoise D’Hondt", Language::Fr);
        assert!(pdf.starts_with(b"%PDF-"));
        let contains = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(contains(b"+++123/4567/89002+++"));
        assert!(contains(b"2026/004512"));
        // Non-ASCII text is written as a hex string of WinAnsi bytes.
        let hex: String =
            crate::card_pdf::win_ansi("1.234,56 €").iter().map(|b| format!("{b:02X}")).collect();
        assert!(contains(hex.as_bytes()) || contains(hex.to_lowercase().as_bytes()), "{hex}");
        assert!(contains(b"https://pay.cbw.example/i/2026-004512"));
    }
}
