//! The printable code card: a two-page PDF at credit-card size (85.6 x 54 mm). The front
//! names the holder, the user name, the initial password for a new account and the serial;
//! the back holds the 24 numbered codes, 4 per row, in the order the app's card picture
//! shows them. Base-14 fonts only, so nothing is embedded and the file stays small.

use dossier_api::Language;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

use crate::cards::IssuedCard;

/// ISO/IEC 7810 ID-1 in points.
const WIDTH: f32 = 242.65;
const HEIGHT: f32 = 153.0;
/// Codes per row on the back; the app draws the same grid.
pub const CODES_PER_ROW: usize = 4;

const TEAL: (f32, f32, f32) = (0.059, 0.463, 0.431);
const INK: (f32, f32, f32) = (0.12, 0.16, 0.22);
const SOFT: (f32, f32, f32) = (0.42, 0.45, 0.50);

struct Labels {
    card: &'static str,
    user_name: &'static str,
    password: &'static str,
    password_unchanged: &'static str,
    password_by_mail: &'static str,
    serial: &'static str,
    keep_safe: &'static str,
    codes: &'static str,
}

fn labels(language: Language) -> Labels {
    match language {
        Language::Nl => Labels {
            card: "Codekaart",
            user_name: "Gebruikersnaam",
            password: "Wachtwoord",
            password_unchanged: "ongewijzigd",
            password_by_mail: "per e-mail verstuurd",
            serial: "Serienummer",
            keep_safe: "Verloren of gestolen? Blokkeer de kaart meteen in de app.",
            codes: "Codes",
        },
        Language::Fr => Labels {
            card: "Carte de codes",
            user_name: "Nom d’utilisateur",
            password: "Mot de passe",
            password_unchanged: "inchangé",
            password_by_mail: "envoyé par e-mail",
            serial: "Numéro de série",
            keep_safe: "Perdue ou volée ? Bloquez la carte tout de suite dans l’app.",
            codes: "Codes",
        },
        Language::En => Labels {
            card: "Code card",
            user_name: "User name",
            password: "Password",
            password_unchanged: "unchanged",
            password_by_mail: "sent by e-mail",
            serial: "Serial",
            keep_safe: "Lost or stolen? Block the card at once in the app.",
            codes: "Codes",
        },
    }
}

/// Where the password line of the front comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordLine {
    /// Print the card's initial password (desk cards for new accounts).
    Print,
    /// The password was e-mailed (posted cards for new accounts).
    SentByMail,
    /// An existing account keeps its password.
    Unchanged,
}

/// The card as PDF bytes.
pub fn render(card: &IssuedCard, password_line: PasswordLine) -> Vec<u8> {
    let labels = labels(card.language);
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let (front, back) = (Ref::new(3), Ref::new(4));
    let (front_content, back_content) = (Ref::new(5), Ref::new(6));
    let (regular, bold, mono) = (Ref::new(7), Ref::new(8), Ref::new(9));

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([front, back]).count(2);
    for (page_id, content_id) in [(front, front_content), (back, back_content)] {
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
    }
    for (id, base) in
        [(regular, &b"Helvetica"[..]), (bold, b"Helvetica-Bold"), (mono, b"Courier-Bold")]
    {
        pdf.type1_font(id).base_font(Name(base)).encoding_predefined(Name(b"WinAnsiEncoding"));
    }

    // Front.
    let mut c = Content::new();
    c.set_fill_rgb(TEAL.0, TEAL.1, TEAL.2);
    c.rect(0.0, HEIGHT - 34.0, WIDTH, 34.0);
    c.fill_nonzero();
    c.set_fill_rgb(1.0, 1.0, 1.0);
    text(&mut c, b"B", 15.0, 12.0, HEIGHT - 23.0, "Dossier");
    text(
        &mut c,
        b"R",
        8.0,
        WIDTH - 12.0 - approx_width(labels.card, 8.0),
        HEIGHT - 21.0,
        labels.card,
    );
    c.set_fill_rgb(INK.0, INK.1, INK.2);
    text(&mut c, b"B", 10.5, 12.0, 98.0, &card.holder_name);
    let password = match (&card.initial_password, password_line) {
        (Some(password), PasswordLine::Print) => password.expose().clone(),
        (_, PasswordLine::SentByMail) => labels.password_by_mail.to_owned(),
        _ => labels.password_unchanged.to_owned(),
    };
    let rows = [
        (labels.user_name, card.user_name.as_str()),
        (labels.password, &password),
        (labels.serial, &card.serial),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 80.0 - 14.0 * i as f32;
        c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
        text(&mut c, b"R", 7.5, 12.0, y, label);
        c.set_fill_rgb(INK.0, INK.1, INK.2);
        text(&mut c, b"M", 9.0, 92.0, y, value);
    }
    c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
    text(&mut c, b"R", 6.0, 12.0, 12.0, labels.keep_safe);
    pdf.stream(front_content, &c.finish());

    // Back: the grid of codes.
    let mut c = Content::new();
    c.set_fill_rgb(TEAL.0, TEAL.1, TEAL.2);
    text(&mut c, b"B", 9.0, 12.0, HEIGHT - 18.0, labels.codes);
    c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
    let serial = format!("{} {}", labels.serial, card.serial);
    text(&mut c, b"R", 7.0, WIDTH - 12.0 - approx_width(&serial, 7.0), HEIGHT - 18.0, &serial);
    c.set_stroke_rgb(0.82, 0.84, 0.86);
    c.set_line_width(0.5);
    let cell_width = (WIDTH - 20.0) / CODES_PER_ROW as f32;
    let cell_height = 19.0;
    let top = HEIGHT - 28.0;
    for (index, code) in card.codes.iter().enumerate() {
        let (row, column) = (index / CODES_PER_ROW, index % CODES_PER_ROW);
        let x = 10.0 + column as f32 * cell_width;
        let y = top - (row as f32 + 1.0) * cell_height;
        c.rect(x, y, cell_width, cell_height);
        c.stroke();
        c.set_fill_rgb(SOFT.0, SOFT.1, SOFT.2);
        text(&mut c, b"R", 6.5, x + 3.0, y + 6.5, &(index + 1).to_string());
        c.set_fill_rgb(INK.0, INK.1, INK.2);
        text(&mut c, b"M", 10.0, x + 15.0, y + 6.0, code.expose());
    }
    pdf.stream(back_content, &c.finish());
    pdf.finish()
}

pub(crate) fn text(
    content: &mut Content,
    font: &'static [u8],
    size: f32,
    x: f32,
    y: f32,
    value: &str,
) {
    content.begin_text();
    content.set_font(Name(font), size);
    content.next_line(x, y);
    content.show(Str(&win_ansi(value)));
    content.end_text();
}

/// Rough Helvetica width, to right-align short labels.
pub(crate) fn approx_width(value: &str, size: f32) -> f32 {
    value.chars().count() as f32 * size * 0.52
}

/// The base-14 fonts use WinAnsi: Latin-1 plus a few typographic marks.
pub(crate) fn win_ansi(value: &str) -> Vec<u8> {
    value
        .chars()
        .map(|c| match c {
            '\u{2019}' => 0x92,
            '\u{2018}' => 0x91,
            '\u{201C}' => 0x93,
            '\u{201D}' => 0x94,
            '\u{2013}' => 0x96,
            '\u{2014}' => 0x97,
            '\u{2026}' => 0x85,
            '\u{20AC}' => 0x80,
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use dossier_api::Sensitive;

    use super::*;

    fn card() -> IssuedCard {
        IssuedCard {
            card_id: "c".into(),
            serial: "1234-5678".into(),
            holder_name: "Françoise D’Hondt".into(),
            user_name: "francoise.dhondt".into(),
            initial_password: Some(Sensitive::new("pw7Kq2xZ9mRt".into())),
            codes: (0..24).map(|i| Sensitive::new(format!("{:06}", 100_000 + i))).collect(),
            language: Language::Fr,
        }
    }

    /// Non-ASCII text is written as a hex string of WinAnsi bytes.
    fn contains_text(pdf: &[u8], text: &str) -> bool {
        let upper: String = win_ansi(text).iter().map(|b| format!("{b:02X}")).collect();
        let lower = upper.to_lowercase();
        [upper, lower].iter().any(|hex| pdf.windows(hex.len()).any(|w| w == hex.as_bytes()))
    }

    #[test]
    fn the_card_holds_everything_the_patient_needs() {
        let pdf = render(&card(), PasswordLine::Print);
        assert!(pdf.starts_with(b"%PDF-"));
        let contains = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(contains(b"1234-5678"));
        assert!(contains(b"francoise.dhondt"));
        assert!(contains(b"pw7Kq2xZ9mRt"));
        assert!(contains_text(&pdf, "Françoise D’Hondt"), "names in WinAnsi");
        for i in 0..24 {
            assert!(contains(format!("{:06}", 100_000 + i).as_bytes()), "code {i}");
        }
        assert!(contains(b"/Count 2"), "front and back");
    }

    #[test]
    fn an_existing_account_card_does_not_print_a_password() {
        let pdf = render(&card(), PasswordLine::Unchanged);
        let contains = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(!contains(b"pw7Kq2xZ9mRt"));
        assert!(contains_text(&pdf, "inchangé"));
    }
}
