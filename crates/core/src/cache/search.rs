//! The text search of an open record works on: a report's searchable text and the
//! searched words, both folded the same way (lowercase, accents taken off), so "hepatique"
//! finds "Hépatique".

use dossier_api::reports::ReportView;

/// The searchable text of a report, folded: title, text, author, and the names of its lab
/// tests (a lab report lists "Hemoglobine" only in its values).
pub(super) fn haystack(report: &ReportView) -> String {
    let labs: usize = report.lab_values.iter().map(|v| v.analyte.len() + 1).sum();
    let mut hay = String::with_capacity(
        report.title.len() + report.body.len() + report.author.len() + labs + 2,
    );
    let lab_names = report.lab_values.iter().map(|v| &v.analyte);
    for (i, part) in
        [&report.title, &report.body, &report.author].into_iter().chain(lab_names).enumerate()
    {
        if i > 0 {
            hay.push('\n');
        }
        push_folded(&mut hay, part);
    }
    hay
}

/// Search words as [`push_folded`] folds the text they are looked for in.
pub(super) fn search_words(text: &str) -> Vec<String> {
    text.split_whitespace().map(fold).collect()
}

/// `text` folded for search (see [`push_folded`]).
pub(super) fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    push_folded(&mut folded, text);
    folded
}

/// Appends `text` folded for search: lowercase, accents taken off ("Hépatique" becomes
/// "hepatique", "Ärztin" "arztin"), a character at a time, with runs of ASCII lowered in
/// place: Unicode lookups for every character once a text holds one accent were most of
/// the cost of opening a record.
fn push_folded(into: &mut String, mut text: &str) {
    while !text.is_empty() {
        let ascii = text.bytes().position(|b| !b.is_ascii()).unwrap_or(text.len());
        let start = into.len();
        into.push_str(&text[..ascii]);
        into[start..].make_ascii_lowercase();
        text = &text[ascii..];
        if let Some(c) = text.chars().next() {
            for lower in c.to_lowercase() {
                // The canonical decomposition without its combining marks: é is e + ´.
                unicode_normalization::char::decompose_canonical(lower, |part| {
                    if !unicode_normalization::char::is_combining_mark(part) {
                        into.push(part);
                    }
                });
            }
            text = &text[c.len_utf8()..];
        }
    }
}

#[cfg(test)]
mod tests {
    use dossier_api::reports::ReportType;

    use super::*;

    #[test]
    fn search_text_is_folded_lowercase_without_accents() {
        for (text, folded) in [
            ("", ""),
            ("RX THORAX", "rx thorax"),
            ("Échographie du GENOU droit", "echographie du genou droit"),
            ("Patiënt KLACHTEN sinds Maart; ÇA VA", "patient klachten sinds maart; ca va"),
            ("Hémoglobine, bilan hépatique", "hemoglobine, bilan hepatique"),
            ("Ärztin ÀÉÎÕÜ ñ", "arztin aeiou n"),
            // Not accents: kept as they are, lowered.
            ("ß Ω Ǆ ﬁ 😀", "ß ω ǆ ﬁ 😀"),
        ] {
            let mut lowered = String::new();
            push_folded(&mut lowered, text);
            assert_eq!(lowered, folded, "{text}");
        }
        // Decomposed input (e + combining acute) folds the same as composed.
        let mut decomposed = String::new();
        push_folded(&mut decomposed, "he\u{301}patique");
        assert_eq!(decomposed, "hepatique");
        assert_eq!(search_words(" Échographie  GENOU "), ["echographie", "genou"]);
    }

    #[test]
    fn lab_test_names_are_searched() {
        let mut report = crate::cache::conformance::report(
            "an",
            "r1",
            "Bloedonderzoek",
            ReportType::LabResult,
            "2025-01-10",
        );
        report.lab_values[0].analyte = "Totaal cholesterol".into();
        let hay = haystack(&report);
        assert!(hay.contains("cholesterol"), "{hay}");
    }
}
