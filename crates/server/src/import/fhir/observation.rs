//! A report's lab values: every Observation reachable from its `result`, panels followed
//! through `hasMember` at any depth, each `component` a value of its own.
//!
//! An Observation gives a value of its own when it has a value[x] or a
//! `dataAbsentReason`, or when it is a leaf (no members, no components: a susceptibility
//! with only an interpretation is shown as that interpretation). A panel's members carry
//! the panel's name (with the panel's own value, when it has one, as an antibiogram's
//! organism). Each Observation counts once per report: one reached twice, or a `hasMember`
//! cycle, adds nothing again. Cancelled and entered-in-error Observations are left out.
//! A reference to an Observation that is not in the file refuses the report: its values
//! would be lost.
//!
//! The flag: the source's interpretation (v3 ObservationInterpretation) when it has a
//! code we know, else computed from the reference range, else Normal.

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate};
use dossier_api::reports::{LabFlag, LabTestCode, LabValue};

use super::{
    index::{FileIndex, Resolved},
    model::{CodeableConcept, Measurement, Observation, Quantity, ReferenceRange, non_empty},
    patient::PatientFacts,
    read,
};
use crate::import::range::{self, Bound, Bounds, Comparator, Measured};

/// What the values of one report are read against.
pub struct Context<'i, 'a> {
    pub index: &'i FileIndex<'a>,
    pub patient: &'i PatientFacts,
    /// The subject the report names, when it is a resource in the file: an Observation
    /// about another one refuses the report.
    pub subject: Option<usize>,
    pub performed_on: Option<NaiveDate>,
}

/// Panels nested deeper than this refuse the report (no real panel comes close).
const MAX_PANEL_DEPTH: usize = 16;

/// The lab values of the report at `report`, or every reason it cannot be read.
pub fn lab_values(
    context: &Context<'_, '_>,
    report: usize,
    results: &[super::model::Reference],
) -> Result<Vec<LabValue>, Vec<String>> {
    let mut walk = Walk { context, seen: HashSet::new(), values: Vec::new(), problems: Vec::new() };
    for result in results {
        walk.follow(report, result, "result", None, 0);
    }
    if walk.problems.is_empty() { Ok(walk.values) } else { Err(walk.problems) }
}

struct Walk<'c, 'i, 'a> {
    context: &'c Context<'i, 'a>,
    seen: HashSet<usize>,
    values: Vec<LabValue>,
    problems: Vec<String>,
}

impl Walk<'_, '_, '_> {
    fn follow(
        &mut self,
        from: usize,
        reference: &super::model::Reference,
        field: &str,
        panel: Option<&str>,
        depth: usize,
    ) {
        let Some(target) = non_empty(reference.reference.as_deref()) else {
            self.problems.push(format!("a {field} without a reference"));
            return;
        };
        let position = match self.context.index.resolve(from, target) {
            Resolved::Found(position) => position,
            Resolved::Missing => {
                self.problems.push(format!("{field} {target} is not in the file"));
                return;
            }
            Resolved::Ambiguous => {
                self.problems.push(format!("{field} {target} names several resources in the file"));
                return;
            }
        };
        let found = self.context.index.get(position);
        if found.resource_type != "Observation" {
            // hasMember may name a QuestionnaireResponse or MolecularSequence: not a lab value.
            if field == "result" {
                self.problems.push(format!(
                    "result {target} is a {}, not an Observation",
                    found.resource_type
                ));
            }
            return;
        }
        if depth > MAX_PANEL_DEPTH {
            self.problems.push(format!("panels nested deeper than {MAX_PANEL_DEPTH} levels"));
            return;
        }
        if !self.seen.insert(position) {
            return;
        }
        let observation: Observation = match read(found.value) {
            Ok(observation) => observation,
            Err(e) => {
                self.problems.push(format!("{target} cannot be read: {}", super::redacted(&e)));
                return;
            }
        };
        if matches!(observation.status.as_deref(), Some("cancelled" | "entered-in-error")) {
            return;
        }
        if let Some(problem) = self.other_subject(position, &observation) {
            self.problems.push(format!("{target} {problem}"));
            return;
        }
        self.observation(position, &observation, panel, depth);
    }

    /// Why an Observation may not be part of this report: it is about someone else.
    fn other_subject(&self, position: usize, observation: &Observation) -> Option<&'static str> {
        let report_subject = self.context.subject?;
        let reference = non_empty(observation.subject.as_ref()?.reference.as_deref())?;
        match self.context.index.resolve(position, reference) {
            Resolved::Found(subject) if subject != report_subject => {
                Some("is about another subject than the report")
            }
            _ => None,
        }
    }

    fn observation(
        &mut self,
        position: usize,
        observation: &Observation,
        panel: Option<&str>,
        depth: usize,
    ) {
        let own = &observation.measurement;
        let is_leaf = observation.has_member.is_empty() && observation.component.is_empty();
        let own_value = shown_value(own);
        let name = label(&own.code);
        let members_panel = match &own_value {
            Some(shown) if !shown.absent && !shown.text.is_empty() => {
                format!("{name}: {}", shown.text)
            }
            _ => name,
        };
        if own_value.is_some() || is_leaf {
            let shown = own_value.unwrap_or_else(|| leaf_text(observation));
            self.values.push(self.lab_value(own, shown, panel));
        }
        for component in &observation.component {
            let shown = shown_value(component).unwrap_or_else(|| Shown {
                text: interpretation_text(component).unwrap_or_default(),
                ..Shown::default()
            });
            self.values.push(self.lab_value(component, shown, Some(&members_panel)));
        }
        for member in &observation.has_member {
            self.follow(position, member, "hasMember", Some(&members_panel), depth + 1);
        }
    }

    fn lab_value(&self, measured: &Measurement, shown: Shown, panel: Option<&str>) -> LabValue {
        let chosen = choose_range(&measured.reference_range, self.context);
        let reference_range = chosen.and_then(printed_range);
        let flag = interpreted(&measured.interpretation)
            .or_else(|| {
                let bounds = chosen.and_then(range_bounds)?;
                Some(range::flag(shown.number?, bounds))
            })
            .unwrap_or(LabFlag::Normal);
        // A value that is absent is shown as why, never flagged.
        let flag = if shown.absent { LabFlag::Normal } else { flag };
        LabValue {
            analyte: label(&measured.code),
            value: shown.text,
            unit: shown.unit,
            reference_range,
            flag,
            code: test_code(&measured.code),
            panel: panel.map(str::to_owned),
        }
    }
}

/// A value as shown, and its number when it has one (for the range).
#[derive(Debug, Default, Clone)]
struct Shown {
    text: String,
    unit: Option<String>,
    number: Option<Measured>,
    /// The value is a dataAbsentReason.
    absent: bool,
}

impl Shown {
    fn text(text: impl Into<String>) -> Self {
        let text = text.into();
        // A string value may still be a number ("<0.5"): the range can flag it.
        let number = range::parse_value(&text);
        Self { text, number, ..Self::default() }
    }
}

/// The value[x] or dataAbsentReason of an Observation or component, as shown.
fn shown_value(m: &Measurement) -> Option<Shown> {
    if let Some(q) = &m.value_quantity {
        return Some(quantity(q));
    }
    if let Some(concept) = &m.value_codeable_concept {
        return Some(Shown::text(concept.label().unwrap_or_default()));
    }
    if let Some(text) = &m.value_string {
        return Some(Shown::text(text.trim()));
    }
    if let Some(value) = m.value_boolean {
        return Some(Shown::text(if value { "yes" } else { "no" }));
    }
    if let Some(value) = m.value_integer {
        return Some(Shown::text(value.to_string()));
    }
    if let Some(r) = &m.value_range {
        let unit = r.low.as_ref().or(r.high.as_ref()).and_then(Quantity::unit);
        let bound = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value).map(range::number);
        let text = match (bound(&r.low), bound(&r.high)) {
            (Some(low), Some(high)) => format!("{low} - {high}"),
            (Some(low), None) => format!("≥ {low}"),
            (None, Some(high)) => format!("≤ {high}"),
            (None, None) => String::new(),
        };
        return Some(Shown { text, unit, ..Shown::default() });
    }
    if let Some(ratio) = &m.value_ratio {
        return Some(self::ratio(ratio));
    }
    if let Some(text) = m.value_time.as_ref().or(m.value_date_time.as_ref()) {
        return Some(Shown { text: text.clone(), ..Shown::default() });
    }
    if let Some(period) = &m.value_period {
        let part = |p: &Option<String>| p.clone().unwrap_or_default();
        let text = format!("{} – {}", part(&period.start), part(&period.end));
        return Some(Shown { text, ..Shown::default() });
    }
    if m.value_sampled_data.is_some() {
        return Some(Shown { text: "(sampled data)".into(), ..Shown::default() });
    }
    let reason = m.data_absent_reason.as_ref()?;
    let text = reason.label().map(|text| absent_display(&text).unwrap_or(text));
    Some(Shown { text: text.unwrap_or_default(), absent: true, ..Shown::default() })
}

fn quantity(q: &Quantity) -> Shown {
    let comparator = q.comparator.as_deref().unwrap_or("");
    let Some(value) = q.value else {
        return Shown { unit: q.unit(), ..Shown::default() };
    };
    Shown {
        text: format!("{comparator}{}", range::number(value)),
        unit: q.unit(),
        number: Comparator::parse(comparator).map(|comparator| Measured { comparator, value }),
        absent: false,
    }
}

/// A titre as labs print it ("1:128"), other ratios as "a/b".
fn ratio(ratio: &super::model::Ratio) -> Shown {
    let part = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value).map(range::number);
    let unit = |q: &Option<Quantity>| q.as_ref().and_then(Quantity::unit);
    let (numerator, denominator) = (part(&ratio.numerator), part(&ratio.denominator));
    let text = match (&numerator, &denominator) {
        (Some(n), Some(d))
            if unit(&ratio.numerator).is_none() && unit(&ratio.denominator).is_none() =>
        {
            format!("{n}:{d}")
        }
        _ => format!("{}/{}", numerator.unwrap_or_default(), denominator.unwrap_or_default()),
    };
    let unit = match (unit(&ratio.numerator), unit(&ratio.denominator)) {
        (Some(n), Some(d)) => Some(format!("{n}/{d}")),
        (n, d) => n.or(d),
    };
    Shown { text, unit, ..Shown::default() }
}

/// The displays of FHIR's data-absent-reason codes, for sources that send the code only.
fn absent_display(code: &str) -> Option<String> {
    Some(
        match code {
            "unknown" => "Unknown",
            "asked-unknown" => "Asked But Unknown",
            "temp-unknown" => "Temporarily Unknown",
            "not-asked" => "Not Asked",
            "asked-declined" => "Asked But Declined",
            "masked" => "Masked",
            "not-applicable" => "Not Applicable",
            "unsupported" => "Unsupported",
            "as-text" => "As Text",
            "error" => "Error",
            "not-a-number" => "Not a Number (NaN)",
            "negative-infinity" => "Negative Infinity (NINF)",
            "positive-infinity" => "Positive Infinity (PINF)",
            "not-performed" => "Not Performed",
            "not-permitted" => "Not Permitted",
            _ => return None,
        }
        .to_owned(),
    )
}

/// What a leaf without value[x] shows: its interpretation ("Resistant"), else its notes.
fn leaf_text(observation: &Observation) -> Shown {
    let text = interpretation_text(&observation.measurement).unwrap_or_else(|| {
        observation
            .note
            .iter()
            .filter_map(|n| non_empty(n.text.as_deref()))
            .collect::<Vec<_>>()
            .join(" ")
    });
    Shown { text, ..Shown::default() }
}

/// An interpretation as words: its text, else a display, else the code's display.
fn interpretation_text(measured: &Measurement) -> Option<String> {
    measured.interpretation.iter().find_map(|concept| {
        non_empty(concept.text.as_deref()).map(str::to_owned).or_else(|| {
            concept.coding.iter().find_map(|c| {
                non_empty(c.display.as_deref())
                    .map(str::to_owned)
                    .or_else(|| interpretation_display(c.code.as_deref()?))
            })
        })
    })
}

fn interpretation_display(code: &str) -> Option<String> {
    Some(
        match code {
            "S" => "Susceptible",
            "R" => "Resistant",
            "I" => "Intermediate",
            "NS" => "Non-susceptible",
            "SDD" => "Susceptible-dose dependent",
            "POS" => "Positive",
            "NEG" => "Negative",
            "DET" => "Detected",
            "ND" => "Not detected",
            "N" => "Normal",
            "A" => "Abnormal",
            "H" => "High",
            "L" => "Low",
            _ => return None,
        }
        .to_owned(),
    )
}

/// The source's interpretation as a flag, when it has a code we know (v3
/// ObservationInterpretation, the codes v2 table 0078 shares with it).
fn interpreted(interpretations: &[CodeableConcept]) -> Option<LabFlag> {
    interpretations.iter().flat_map(|c| c.coding.iter()).find_map(|coding| {
        Some(match coding.code.as_deref()?.trim() {
            "L" | "LL" | "LU" | "<" | "LX" => LabFlag::Low,
            "H" | "HH" | "HU" | ">" | "HX" => LabFlag::High,
            "A" | "AA" | "POS" | "DET" | "R" | "NS" | "I" | "RR" | "WR" | "E" | "EX" | "CAR" => {
                LabFlag::Abnormal
            }
            "N" | "NEG" | "ND" | "S" | "SDD" | "NR" | "SYN-S" => LabFlag::Normal,
            _ => return None,
        })
    })
}

/// An analyte's name as a person reads it.
fn label(code: &CodeableConcept) -> String {
    code.label().unwrap_or_else(|| "(unnamed test)".into())
}

/// The test's code: LOINC when the source gives it, else the first coded one.
fn test_code(code: &CodeableConcept) -> Option<LabTestCode> {
    let mut codes = code.codes().filter(|(system, code)| !system.is_empty() && !code.is_empty());
    let first = codes.next()?;
    let loinc = std::iter::once(first)
        .chain(codes)
        .find(|(system, _)| *system == LabTestCode::LOINC)
        .unwrap_or(first);
    Some(LabTestCode { system: loinc.0.to_owned(), code: loinc.1.to_owned() })
}

/// The range that applies: the first one whose conditions (sex, age) the patient meets,
/// else the first without conditions, else the first. Ranges of another kind than
/// "normal" (therapeutic, recommended, ...) only when there is no normal one.
fn choose_range<'r>(
    ranges: &'r [ReferenceRange],
    context: &Context<'_, '_>,
) -> Option<&'r ReferenceRange> {
    let normal: Vec<&ReferenceRange> = ranges.iter().filter(|r| is_normal_range(r)).collect();
    let candidates: Vec<&ReferenceRange> =
        if normal.is_empty() { ranges.iter().collect() } else { normal };
    let conditioned = |r: &ReferenceRange| !r.applies_to.is_empty() || r.age.is_some();
    candidates
        .iter()
        .find(|r| conditioned(r) && applies(r, context))
        .or_else(|| candidates.iter().find(|r| !conditioned(r)))
        .or_else(|| candidates.first())
        .copied()
}

fn is_normal_range(range: &ReferenceRange) -> bool {
    range
        .type_
        .as_ref()
        .is_none_or(|t| t.coding.is_empty() || t.codes().any(|(_, c)| c == "normal"))
}

/// Whether the patient meets every condition of a range; unknown facts meet none.
fn applies(range: &ReferenceRange, context: &Context<'_, '_>) -> bool {
    let sex_ok = range.applies_to.iter().all(|concept| {
        match (sex_of(concept), context.patient.gender.as_deref()) {
            (Some(wanted), Some(gender)) => wanted == gender,
            _ => false,
        }
    });
    let age_ok = range.age.as_ref().is_none_or(|age| {
        let (Some(born), Some(on)) = (context.patient.birth_date, context.performed_on) else {
            return false;
        };
        let within = |q: &Option<Quantity>, above: bool| {
            q.as_ref()
                .and_then(|q| Some((q.value?, age_in(born, on, q)?)))
                .is_none_or(|(bound, age)| if above { age >= bound } else { age <= bound })
        };
        // An age bound in a unit we cannot count in is not met.
        let countable = |q: &Option<Quantity>| {
            q.as_ref().is_none_or(|q| q.value.is_none() || age_unit(q).is_some())
        };
        countable(&age.low)
            && countable(&age.high)
            && within(&age.low, true)
            && within(&age.high, false)
    });
    sex_ok && age_ok
}

/// The sex an appliesTo code stands for (SNOMED CT, v3 AdministrativeGender, FHIR codes).
fn sex_of(concept: &CodeableConcept) -> Option<&'static str> {
    concept.codes().find_map(|(_, code)| match code {
        "248153007" | "M" | "male" => Some("male"),
        "248152002" | "F" | "female" => Some("female"),
        _ => None,
    })
}

#[derive(Clone, Copy)]
enum AgeUnit {
    Years,
    Months,
    Weeks,
    Days,
}

/// UCUM age units as ranges give them (`a`, `mo`, `wk`, `d`), or their words.
fn age_unit(q: &Quantity) -> Option<AgeUnit> {
    let unit = q.code.as_deref().or(q.unit.as_deref())?.trim().to_ascii_lowercase();
    Some(match unit.as_str() {
        "a" | "y" | "yr" | "yrs" | "year" | "years" => AgeUnit::Years,
        "mo" | "month" | "months" => AgeUnit::Months,
        "wk" | "week" | "weeks" => AgeUnit::Weeks,
        "d" | "day" | "days" => AgeUnit::Days,
        _ => return None,
    })
}

/// The patient's age on `on` in the bound's unit, in whole units.
fn age_in(born: NaiveDate, on: NaiveDate, bound: &Quantity) -> Option<f64> {
    let span = match age_unit(bound)? {
        AgeUnit::Years => return Some(f64::from(crate::patients::age_on(born, on))),
        AgeUnit::Months => whole_months(born, on)?,
        AgeUnit::Weeks => (on - born).num_days() / 7,
        AgeUnit::Days => (on - born).num_days(),
    };
    Some(span as f64)
}

/// Whole calendar months from `from` to `to` (negative before it): the most months that,
/// added to `from` (31 January + 1 month is the last day of February), do not pass `to`.
fn whole_months(from: NaiveDate, to: NaiveDate) -> Option<i64> {
    let months =
        i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month());
    let step = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    Some(if months > 0 && from.checked_add_months(step)? > to {
        months - 1
    } else if months < 0 && from.checked_sub_months(step)? < to {
        months + 1
    } else {
        months
    })
}

/// A range as printed: its numbers when it has them, else its text.
fn printed_range(range: &ReferenceRange) -> Option<String> {
    let value = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value);
    range::print_bounds(value(&range.low), value(&range.high))
        .or_else(|| non_empty(range.text.as_deref()).map(str::to_owned))
}

/// The bounds to flag against: the numbers (inclusive, as FHIR defines them), else the
/// text when it reads as a range.
fn range_bounds(range: &ReferenceRange) -> Option<Bounds> {
    let value = |q: &Option<Quantity>| q.as_ref().and_then(|q| q.value).map(Bound::inclusive);
    let bounds = Bounds { low: value(&range.low), high: value(&range.high) };
    if bounds.low.is_some() || bounds.high.is_some() {
        return Some(bounds);
    }
    range::parse_range(range.text.as_deref()?)
}

#[cfg(test)]
mod tests {
    use super::whole_months;
    use crate::clock::date;

    #[test]
    fn whole_months_count_as_calendar_months_do() {
        assert_eq!(whole_months(date(2024, 1, 15), date(2024, 3, 14)), Some(1));
        assert_eq!(whole_months(date(2024, 1, 15), date(2024, 3, 15)), Some(2));
        // 31 January + 1 month is 29 February (2024): a whole month then, not before.
        assert_eq!(whole_months(date(2024, 1, 31), date(2024, 2, 28)), Some(0));
        assert_eq!(whole_months(date(2024, 1, 31), date(2024, 2, 29)), Some(1));
        assert_eq!(whole_months(date(2023, 5, 20), date(2024, 5, 19)), Some(11));
        assert_eq!(whole_months(date(2024, 3, 14), date(2024, 1, 15)), Some(-1));
        assert_eq!(whole_months(date(2024, 3, 14), date(2024, 3, 14)), Some(0));
    }
}
