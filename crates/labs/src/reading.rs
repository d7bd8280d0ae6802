//! Values and reference ranges as reports print them: "5.4", "5,4" (a decimal comma),
//! "< 5" (censored: below what the lab measures), "positive" (a text); "3.5 - 5.1",
//! "3,5-5,1", "< 5", "≥ 60", "-2 - 3".

use dossier_api::labs::LabQualifier;

/// A number read from a printed value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub value: f64,
    pub qualifier: Option<LabQualifier>,
}

/// The number a value prints, with its qualifier; None for a text ("positive", "zie
/// commentaar", "1.234,5" with both separators, which no reading makes safe).
pub fn parse_value(text: &str) -> Option<Measured> {
    let (qualifier, rest) = split_qualifier(text.trim());
    let value = parse_number(rest.trim())?;
    Some(Measured { value, qualifier })
}

/// A reference range as numbers: either end may be open ("< 5" has no low).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// The range a report prints, if it is one of the usual shapes; None otherwise (a text
/// such as "negatief", or a range with words around it).
pub fn parse_range(text: &str) -> Option<Range> {
    let text = text.trim();
    let (qualifier, rest) = split_qualifier(text);
    if let Some(qualifier) = qualifier {
        let bound = parse_number(rest.trim())?;
        return Some(match qualifier {
            LabQualifier::Below | LabQualifier::AtMost => Range { low: None, high: Some(bound) },
            LabQualifier::Above | LabQualifier::AtLeast => Range { low: Some(bound), high: None },
        });
    }
    // "low SEP high", where low may carry a sign ("-2 - 3") and SEP is a dash or a word.
    let (low, rest) = leading_number(text)?;
    let rest = rest.trim_start();
    // Longer words first: "tot" is not "to" followed by "t".
    let rest = ["-", "–", "—", "..", "tot", "to", "à", "a"]
        .iter()
        .find_map(|separator| rest.strip_prefix(separator))?;
    let high = parse_number(rest.trim())?;
    (low <= high).then_some(Range { low: Some(low), high: Some(high) })
}

fn split_qualifier(text: &str) -> (Option<LabQualifier>, &str) {
    for (prefix, qualifier) in [
        ("<=", LabQualifier::AtMost),
        ("=<", LabQualifier::AtMost),
        ("≤", LabQualifier::AtMost),
        (">=", LabQualifier::AtLeast),
        ("=>", LabQualifier::AtLeast),
        ("≥", LabQualifier::AtLeast),
        ("<", LabQualifier::Below),
        (">", LabQualifier::Above),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (Some(qualifier), rest);
        }
    }
    (None, text)
}

/// A whole text as one number: an optional sign, digits, at most one decimal separator
/// (point or comma: Belgian labs print both, and neither is used for thousands here).
fn parse_number(text: &str) -> Option<f64> {
    let (number, rest) = leading_number(text)?;
    rest.is_empty().then_some(number)
}

/// The number at the start of `text` and what follows it.
fn leading_number(text: &str) -> Option<(f64, &str)> {
    let bytes = text.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        end += 1;
    }
    let digits_start = end;
    let mut separator = None;
    while let Some(&b) = bytes.get(end) {
        match b {
            b'0'..=b'9' => end += 1,
            b'.' | b','
                if separator.is_none() && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) =>
            {
                separator = Some(end);
                end += 1;
            }
            _ => break,
        }
    }
    let digits = &text[digits_start..end];
    if !digits.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // Two separators ("1.234,5"): a thousands separator, which this does not guess at.
    if matches!(bytes.get(end), Some(b'.' | b','))
        && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let number: f64 = text[..end].replace(',', ".").parse().ok()?;
    number.is_finite().then_some((number, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<(f64, Option<LabQualifier>)> {
        parse_value(text).map(|m| (m.value, m.qualifier))
    }

    fn range(text: &str) -> Option<(Option<f64>, Option<f64>)> {
        parse_range(text).map(|r| (r.low, r.high))
    }

    #[test]
    fn values_are_read_with_points_commas_and_qualifiers() {
        assert_eq!(value("5.4"), Some((5.4, None)));
        assert_eq!(value("5,4"), Some((5.4, None)));
        assert_eq!(value(" 142 "), Some((142.0, None)));
        assert_eq!(value("0.05"), Some((0.05, None)));
        assert_eq!(value("-2.5"), Some((-2.5, None)));
        assert_eq!(value("+3"), Some((3.0, None)));
        assert_eq!(value("< 5"), Some((5.0, Some(LabQualifier::Below))));
        assert_eq!(value("<0,5"), Some((0.5, Some(LabQualifier::Below))));
        assert_eq!(value("> 90"), Some((90.0, Some(LabQualifier::Above))));
        assert_eq!(value(">=60"), Some((60.0, Some(LabQualifier::AtLeast))));
        assert_eq!(value("≥ 60"), Some((60.0, Some(LabQualifier::AtLeast))));
        assert_eq!(value("≤ 0.1"), Some((0.1, Some(LabQualifier::AtMost))));
        assert_eq!(value("<= 0.1"), Some((0.1, Some(LabQualifier::AtMost))));
    }

    #[test]
    fn texts_stay_texts() {
        for text in [
            "positive",
            "negatief",
            "zie commentaar",
            "",
            "-",
            ".",
            "5.4.3",
            "1.234,5",
            "5 mg",
            "< ",
            "NaN",
            "inf",
            "1e5",
            "++1",
            "5,",
        ] {
            assert_eq!(value(text), None, "{text:?}");
        }
    }

    #[test]
    fn ranges_are_read_in_their_usual_shapes() {
        assert_eq!(range("3.5 - 5.1"), Some((Some(3.5), Some(5.1))));
        assert_eq!(range("3,5-5,1"), Some((Some(3.5), Some(5.1))));
        assert_eq!(range("3.5 – 5.1"), Some((Some(3.5), Some(5.1))));
        assert_eq!(range("70 to 100"), Some((Some(70.0), Some(100.0))));
        assert_eq!(range("70 tot 100"), Some((Some(70.0), Some(100.0))));
        assert_eq!(range("70 à 100"), Some((Some(70.0), Some(100.0))));
        assert_eq!(range("0.5..1.1"), Some((Some(0.5), Some(1.1))));
        assert_eq!(range("-2 - 3"), Some((Some(-2.0), Some(3.0))));
        assert_eq!(range("-5 - -1"), Some((Some(-5.0), Some(-1.0))));
        assert_eq!(range("< 5"), Some((None, Some(5.0))));
        assert_eq!(range("<190"), Some((None, Some(190.0))));
        assert_eq!(range("≤ 4,2"), Some((None, Some(4.2))));
        assert_eq!(range("> 40"), Some((Some(40.0), None)));
        assert_eq!(range("≥ 60"), Some((Some(60.0), None)));
        for text in ["", "negatief", "5.1 - 3.5", "3.5 -", "- 5", "3.5 - 5.1 mmol/L", "see text"] {
            assert_eq!(range(text), None, "{text:?}");
        }
    }
}
