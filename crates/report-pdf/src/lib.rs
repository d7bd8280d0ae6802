//! A report as a PDF: generated on the device from the cached report, so a patient can
//! keep or print it without a connection. A4 pages with the report's details, the lab
//! values as a table with out-of-range marks, the text, and on every page whose record it
//! is and that it is a copy. Owns layout only: the words come translated from the UI, the
//! report from the cache.

use dossier_api::{
    reports::{LabValue, ReportView},
    shell::ReportPdfLabels,
};
use krilla::{
    Document,
    color::rgb,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    page::PageSettings,
    paint::{Fill, Paint, Stroke},
    text::{Font, TextDirection},
};

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where the footer starts; content stops above it.
const FOOTER_TOP: f32 = PAGE_HEIGHT - 44.0;

const TEAL: (u8, u8, u8) = (15, 118, 110);
const INK: (u8, u8, u8) = (31, 41, 55);
const SOFT: (u8, u8, u8) = (75, 85, 99);
const ALERT: (u8, u8, u8) = (185, 28, 28);
const LINE: (u8, u8, u8) = (209, 213, 219);

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[derive(Debug, thiserror::Error)]
pub enum ReportPdfError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The report as PDF bytes. `patient` names whose record it is ("An Peeters"), so a
/// parent's copy of a child's report says so.
pub fn render(
    report: &ReportView,
    patient: Option<&str>,
    labels: &ReportPdfLabels,
) -> Result<Vec<u8>, ReportPdfError> {
    let fonts = Fonts::load()?;
    let pages = layout(&fonts, report, patient, labels);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(report.title.clone())
            .creator("Dossier".to_owned())
            .language(labels.language.code().to_owned()),
    );
    let total = pages.len();
    for (index, ops) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| ReportPdfError::Write("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let footer = footer(&fonts, labels, index + 1, total);
        for op in ops.iter().chain(footer.iter()) {
            match op {
                Op::Text { x, y, size, bold, color, text } => {
                    surface.set_fill(Some(fill(*color)));
                    surface.set_stroke(None);
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        fonts.face(*bold).pdf.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::LeftToRight,
                    );
                }
                Op::Rule { y } => {
                    let mut path = PathBuilder::new();
                    path.move_to(MARGIN, *y);
                    path.line_to(MARGIN + CONTENT_WIDTH, *y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: paint(LINE),
                            width: 0.75,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Op::Band { y, height, color } => {
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(0.0, *y, PAGE_WIDTH, *height) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| ReportPdfError::Write(format!("{e:?}")))
}

fn paint(color: (u8, u8, u8)) -> Paint {
    rgb::Color::new(color.0, color.1, color.2).into()
}

fn fill(color: (u8, u8, u8)) -> Fill {
    Fill { paint: paint(color), ..Fill::default() }
}

struct FontFace {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
}

impl FontFace {
    fn load(data: &'static [u8]) -> Result<Self, ReportPdfError> {
        Ok(Self {
            pdf: Font::new(data.into(), 0).ok_or(ReportPdfError::Font)?,
            shaper: rustybuzz::Face::from_slice(data, 0).ok_or(ReportPdfError::Font)?,
        })
    }

    /// Width in points, shaped as krilla will draw it (kerning included).
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / f32::from(self.shaper.units_per_em() as u16)
    }
}

struct Fonts {
    regular: FontFace,
    bold: FontFace,
}

impl Fonts {
    fn load() -> Result<Self, ReportPdfError> {
        Ok(Self { regular: FontFace::load(REGULAR)?, bold: FontFace::load(BOLD)? })
    }

    fn face(&self, bold: bool) -> &FontFace {
        if bold { &self.bold } else { &self.regular }
    }
}

/// One drawing instruction; `y` is the text baseline, from the top of the page.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: (u8, u8, u8),
        text: String,
    },
    /// A thin line across the content width.
    Rule {
        y: f32,
    },
    Band {
        y: f32,
        height: f32,
        color: (u8, u8, u8),
    },
}

/// Lines of `text` no wider than `width`: words are kept whole unless one alone is too
/// wide, and the author's line breaks are kept.
fn wrap(face: &FontFace, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate =
                if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line (a long code or URL) is cut where it must be.
            for ch in word.chars() {
                let mut longer = line.clone();
                longer.push(ch);
                if face.width(&longer, size) > width && !line.is_empty() {
                    lines.push(std::mem::replace(&mut line, ch.to_string()));
                } else {
                    line = longer;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Pages of drawing instructions, filled top to bottom.
struct Pages<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl<'f> Pages<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Self { fonts, pages: vec![Vec::new()], y: MARGIN }
    }

    fn current(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("there is always a page")
    }

    /// Starts a new page when `height` more points would run into the footer.
    fn room_for(&mut self, height: f32) -> bool {
        if self.y + height > FOOTER_TOP {
            self.pages.push(Vec::new());
            self.y = MARGIN;
            return false;
        }
        true
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, color: (u8, u8, u8), text: &str) {
        let y = self.y + size;
        self.current().push(Op::Text { x, y, size, bold, color, text: text.to_owned() });
    }

    /// A wrapped paragraph across pages.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: (u8, u8, u8)) {
        let leading = size * 1.45;
        for line in wrap(self.fonts.face(bold), text, size, CONTENT_WIDTH) {
            self.room_for(leading);
            if !line.is_empty() {
                self.text(MARGIN, size, bold, color, &line);
            }
            self.y += leading;
        }
    }

    fn rule(&mut self) {
        let y = self.y;
        self.current().push(Op::Rule { y });
    }
}

fn layout(
    fonts: &Fonts,
    report: &ReportView,
    patient: Option<&str>,
    labels: &ReportPdfLabels,
) -> Vec<Vec<Op>> {
    let mut pages = Pages::new(fonts);
    pages.current().push(Op::Band { y: 0.0, height: 6.0, color: TEAL });

    pages.text(MARGIN, 10.0, true, TEAL, "Dossier");
    let type_width = fonts.bold.width(&labels.report_type, 10.0);
    pages.text(PAGE_WIDTH - MARGIN - type_width, 10.0, true, TEAL, &labels.report_type);
    pages.y += 26.0;
    pages.paragraph(&report.title, 18.0, true, INK);
    if let Some(amended) = &labels.amended {
        pages.paragraph(amended, 10.0, false, ALERT);
    }
    pages.y += 6.0;

    let details: Vec<(&str, &str)> = [
        patient.map(|name| (labels.patient.as_str(), name)),
        Some((labels.hospital.as_str(), report.hospital_name.as_str())),
        Some((labels.author.as_str(), report.author.as_str())),
        Some((labels.performed_on.as_str(), labels.performed_date.as_str())),
        Some((labels.validated_on.as_str(), labels.validated_date.as_str())),
    ]
    .into_iter()
    .flatten()
    // A detail the hospital left empty is left out rather than printed blank.
    .filter(|(_, value)| !value.trim().is_empty())
    .collect();
    let label_width = 130.0;
    for (label, value) in details {
        let lines = wrap(&fonts.regular, value, 10.5, CONTENT_WIDTH - label_width);
        pages.room_for(15.0 * lines.len() as f32);
        pages.text(MARGIN, 10.5, false, SOFT, label);
        for line in lines {
            pages.text(MARGIN + label_width, 10.5, false, INK, &line);
            pages.y += 15.0;
        }
    }
    pages.y += 8.0;
    pages.rule();
    pages.y += 14.0;

    if !report.lab_values.is_empty() {
        lab_table(&mut pages, &report.lab_values, labels);
        pages.y += 16.0;
    }
    pages.paragraph(&report.body, 11.0, false, INK);
    pages.pages
}

/// Column start (fraction of the content width) of test, result, unit and range.
const COLUMNS: [f32; 4] = [0.0, 0.42, 0.62, 0.76];

fn lab_table(pages: &mut Pages<'_>, values: &[LabValue], labels: &ReportPdfLabels) {
    let header = |pages: &mut Pages<'_>| {
        let titles = [&labels.analyte, &labels.value, &labels.unit, &labels.reference_range];
        for (title, column) in titles.into_iter().zip(COLUMNS) {
            pages.text(MARGIN + column * CONTENT_WIDTH, 9.0, true, SOFT, title);
        }
        pages.y += 16.0;
        pages.rule();
        pages.y += 6.0;
    };
    pages.room_for(60.0);
    header(pages);
    let cell_width = |i: usize| {
        let end = COLUMNS.get(i + 1).copied().unwrap_or(1.0);
        (end - COLUMNS[i]) * CONTENT_WIDTH - 8.0
    };
    let mut any_out = false;
    for value in values {
        let out = value.flag.out_of_range();
        any_out |= out;
        let value_text = if out {
            format!("{} {}", value.value, value.flag.mark())
        } else {
            value.value.clone()
        };
        let cells = [
            (value.analyte.clone(), false, INK),
            (value_text, out, if out { ALERT } else { INK }),
            (value.unit.clone().unwrap_or_default(), false, INK),
            (value.reference_range.clone().unwrap_or_default(), false, INK),
        ];
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .enumerate()
            .map(|(i, (text, bold, _))| wrap(pages.fonts.face(*bold), text, 10.0, cell_width(i)))
            .collect();
        let height = 14.0 * wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 + 6.0;
        if !pages.room_for(height) {
            header(pages);
        }
        let top = pages.y;
        for (i, lines) in wrapped.iter().enumerate() {
            let (_, bold, color) = cells[i];
            pages.y = top;
            for line in lines {
                pages.text(MARGIN + COLUMNS[i] * CONTENT_WIDTH, 10.0, bold, color, line);
                pages.y += 14.0;
            }
        }
        pages.y = top + height;
        let y = pages.y - 4.0;
        pages.current().push(Op::Rule { y });
    }
    if any_out {
        pages.y += 4.0;
        let legend = format!("↑ ↓ ! {}", labels.out_of_range);
        pages.paragraph(&legend, 9.0, false, ALERT);
    }
}

fn footer(fonts: &Fonts, labels: &ReportPdfLabels, page: usize, total: usize) -> Vec<Op> {
    let number = format!("{} {page} / {total}", labels.page);
    let number_width = fonts.regular.width(&number, 8.5);
    let y = FOOTER_TOP + 18.0;
    let mut ops = vec![Op::Rule { y: FOOTER_TOP + 4.0 }];
    let room = CONTENT_WIDTH - number_width - 16.0;
    let line =
        wrap(&fonts.regular, &labels.footer, 8.5, room).into_iter().next().unwrap_or_default();
    ops.push(Op::Text { x: MARGIN, y, size: 8.5, bold: false, color: SOFT, text: line });
    ops.push(Op::Text {
        x: PAGE_WIDTH - MARGIN - number_width,
        y,
        size: 8.5,
        bold: false,
        color: SOFT,
        text: number,
    });
    ops
}

#[cfg(test)]
mod tests;
