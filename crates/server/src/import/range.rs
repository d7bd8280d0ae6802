//! A lab value against its reference range, for sources that send no interpretation: the
//! range as printed ("3.5 - 5.1", "3,5 - 5,1", "< 5", "≥ 40") or as numbers, and the value
//! as printed ("12.4", "<0.5", "6,1 mmol/L"). Whatever cannot be read as numbers says
//! nothing: the value is then not flagged here.

use dossier_api::reports::LabFlag;

/// A range's bounds, each inclusive or not ("< 5" excludes 5, "3.5 - 5.1" includes both).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Bounds {
    pub low: Option<Bound>,
    pub high: Option<Bound>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bound {
    pub value: f64,
    pub inclusive: bool,
}

impl Bound {
    pub fn inclusive(value: f64) -> Self {
        Self { value, inclusive: true }
    }
}

/// How a printed value relates to its number: "<0.5" is some value below 0.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparator {
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Comparator {
    /// FHIR's `Quantity.comparator` codes, which are also what people print.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim() {
            "" | "=" => Comparator::Equal,
            "<" => Comparator::Less,
            "<=" | "≤" => Comparator::LessOrEqual,
            ">" => Comparator::Greater,
            ">=" | "≥" => Comparator::GreaterOrEqual,
            _ => return None,
        })
    }
}

/// A measured value: a number, or a bound ("<0.5").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Measured {
    pub comparator: Comparator,
    pub value: f64,
}

/// Splits a leading comparator off `text`.
fn comparator_prefix(text: &str) -> (Comparator, &str) {
    for (prefix, comparator) in [
        ("<=", Comparator::LessOrEqual),
        (">=", Comparator::GreaterOrEqual),
        ("≤", Comparator::LessOrEqual),
        ("≥", Comparator::GreaterOrEqual),
        ("<", Comparator::Less),
        (">", Comparator::Greater),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return (comparator, rest.trim_start());
        }
    }
    (Comparator::Equal, text)
}

/// A number at the start of `text` (sign, digits, '.' or ',' as the decimal mark: Belgian
/// labs print both), and what follows it.
fn leading_number(text: &str) -> Option<(f64, &str)> {
    let bytes = text.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        end += 1;
    }
    let digits_start = end;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    if end == digits_start {
        return None;
    }
    if end + 1 < bytes.len() && matches!(bytes[end], b'.' | b',') && bytes[end + 1].is_ascii_digit()
    {
        end += 1;
        while end < bytes.len() && bytes[end].is_ascii_digit() {
            end += 1;
        }
    }
    let number = text[..end].replace(',', ".").parse().ok()?;
    Some((number, &text[end..]))
}

/// Whether what follows a number may be ignored: nothing, or a unit after a space.
fn only_a_unit(rest: &str) -> bool {
    rest.is_empty()
        || (rest.starts_with(char::is_whitespace) && !rest.trim().starts_with(['-', '–']))
}

/// Reads a printed value: "12.4", "12,4", "<0.5", "> 90 mL/min". None for text ("negative").
pub(crate) fn parse_value(text: &str) -> Option<Measured> {
    let (comparator, rest) = comparator_prefix(text.trim());
    let (value, rest) = leading_number(rest)?;
    only_a_unit(rest).then_some(Measured { comparator, value })
}

/// Reads a printed range: "3.5 - 5.1", "3,5-5,1", "-2 – 2", "< 5", "<= 5", "> 40", "≥ 40",
/// with or without a unit after it. None for anything else ("negative", "see comment").
pub(crate) fn parse_range(text: &str) -> Option<Bounds> {
    let text = text.trim();
    let (comparator, rest) = comparator_prefix(text);
    if comparator != Comparator::Equal {
        let (value, rest) = leading_number(rest)?;
        if !only_a_unit(rest) {
            return None;
        }
        let bound = |inclusive| Some(Bound { value, inclusive });
        return Some(match comparator {
            Comparator::Less => Bounds { low: None, high: bound(false) },
            Comparator::LessOrEqual => Bounds { low: None, high: bound(true) },
            Comparator::Greater => Bounds { low: bound(false), high: None },
            Comparator::GreaterOrEqual | Comparator::Equal => {
                Bounds { low: bound(true), high: None }
            }
        });
    }
    let (low, rest) = leading_number(text)?;
    let rest = rest.trim_start();
    let rest = ["-", "–", "—", "..", "to "]
        .iter()
        .find_map(|separator| rest.strip_prefix(separator))?
        .trim_start();
    let (high, rest) = leading_number(rest)?;
    (only_a_unit(rest) && low <= high)
        .then_some(Bounds { low: Some(Bound::inclusive(low)), high: Some(Bound::inclusive(high)) })
}

/// The flag a value gets from its range; Normal when it lies inside, or when a bound of
/// the value ("<0.5") leaves it undecided.
pub(crate) fn flag(value: Measured, bounds: Bounds) -> LabFlag {
    if bounds.low.is_some_and(|low| below(value, low)) {
        LabFlag::Low
    } else if bounds.high.is_some_and(|high| above(value, high)) {
        LabFlag::High
    } else {
        LabFlag::Normal
    }
}

/// Whether every value `value` may stand for lies below `low`: "<1" against "1 - 3" does,
/// "<=1" does not (1 itself is normal).
fn below(value: Measured, low: Bound) -> bool {
    let strictly = |closed_value: bool| {
        if low.inclusive && closed_value {
            value.value < low.value
        } else {
            value.value <= low.value
        }
    };
    match value.comparator {
        Comparator::Equal | Comparator::LessOrEqual => strictly(true),
        Comparator::Less => strictly(false),
        Comparator::Greater | Comparator::GreaterOrEqual => false,
    }
}

/// Whether every value `value` may stand for lies above `high`.
fn above(value: Measured, high: Bound) -> bool {
    let strictly = |closed_value: bool| {
        if high.inclusive && closed_value {
            value.value > high.value
        } else {
            value.value >= high.value
        }
    };
    match value.comparator {
        Comparator::Equal | Comparator::GreaterOrEqual => strictly(true),
        Comparator::Greater => strictly(false),
        Comparator::Less | Comparator::LessOrEqual => false,
    }
}

/// The flag for a printed value and a printed range; Normal when either is not numeric.
pub(crate) fn flag_from_text(value: &str, range: &str) -> LabFlag {
    match (parse_value(value), parse_range(range)) {
        (Some(value), Some(bounds)) => flag(value, bounds),
        _ => LabFlag::Normal,
    }
}

/// How a range is printed from its numbers: "3.5 - 5.1", "≥ 40", "≤ 5".
pub(crate) fn print_bounds(low: Option<f64>, high: Option<f64>) -> Option<String> {
    match (low, high) {
        (Some(low), Some(high)) => Some(format!("{} - {}", number(low), number(high))),
        (Some(low), None) => Some(format!("≥ {}", number(low))),
        (None, Some(high)) => Some(format!("≤ {}", number(high))),
        (None, None) => None,
    }
}

/// A number as a lab prints it: no trailing ".0".
pub(crate) fn number(value: f64) -> String {
    let text = format!("{value}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ranges_as_labs_print_them() {
        let both = |low, high| {
            Some(Bounds { low: Some(Bound::inclusive(low)), high: Some(Bound::inclusive(high)) })
        };
        assert_eq!(parse_range("3.5 - 5.1"), both(3.5, 5.1));
        assert_eq!(parse_range("3,5 - 5,1"), both(3.5, 5.1));
        assert_eq!(parse_range("0.14-0.35"), both(0.14, 0.35));
        assert_eq!(parse_range("-2 – 2 mmol/L"), both(-2.0, 2.0));
        assert_eq!(
            parse_range("< 5"),
            Some(Bounds { low: None, high: Some(Bound { value: 5.0, inclusive: false }) })
        );
        assert_eq!(
            parse_range("<=5"),
            Some(Bounds { low: None, high: Some(Bound::inclusive(5.0)) })
        );
        assert_eq!(
            parse_range("> 40"),
            Some(Bounds { low: Some(Bound { value: 40.0, inclusive: false }), high: None })
        );
        assert_eq!(
            parse_range("≥ 40"),
            Some(Bounds { low: Some(Bound::inclusive(40.0)), high: None })
        );
        for unreadable in ["negative", "see comment", "", "5 - 3", "1 - 2 - 3", "<", "12-ab"] {
            assert_eq!(parse_range(unreadable), None, "{unreadable}");
        }
    }

    #[test]
    fn reads_values_as_labs_print_them() {
        let equal = |value| Some(Measured { comparator: Comparator::Equal, value });
        assert_eq!(parse_value("12.4"), equal(12.4));
        assert_eq!(parse_value("12,4"), equal(12.4));
        assert_eq!(parse_value(" 6.1 mmol/L"), equal(6.1));
        assert_eq!(
            parse_value("<0.5"),
            Some(Measured { comparator: Comparator::Less, value: 0.5 })
        );
        assert_eq!(parse_value("negative"), None);
        assert_eq!(parse_value("1/128"), None);
    }

    #[test]
    fn flags_a_value_outside_its_range() {
        assert_eq!(flag_from_text("7.9", "3.5 - 5.1"), LabFlag::High);
        assert_eq!(flag_from_text("3,1", "3,5 - 5,1"), LabFlag::Low);
        assert_eq!(flag_from_text("5.1", "3.5 - 5.1"), LabFlag::Normal, "bounds are inclusive");
        assert_eq!(flag_from_text("5", "< 5"), LabFlag::High, "< excludes the bound");
        assert_eq!(flag_from_text("4.9", "< 5"), LabFlag::Normal);
        assert_eq!(flag_from_text("38", "> 40"), LabFlag::Low);
        assert_eq!(flag_from_text("40", "≥ 40"), LabFlag::Normal);
        assert_eq!(flag_from_text("negative", "3.5 - 5.1"), LabFlag::Normal);
        assert_eq!(flag_from_text("7.9", "see comment"), LabFlag::Normal);
    }

    #[test]
    fn a_bound_as_value_is_flagged_only_when_it_cannot_be_normal() {
        assert_eq!(flag_from_text("<0.5", "1 - 3"), LabFlag::Low);
        assert_eq!(flag_from_text("<1", "1 - 3"), LabFlag::Low, "every value below 1");
        assert_eq!(flag_from_text("<=1", "1 - 3"), LabFlag::Normal, "1 itself is normal");
        assert_eq!(flag_from_text("<5", "1 - 3"), LabFlag::Normal, "undecided");
        assert_eq!(flag_from_text(">90", "< 60"), LabFlag::High);
        assert_eq!(flag_from_text(">90", "60 - 120"), LabFlag::Normal);
    }
}
