//! Which test a lab value is. Values are one test when they are:
//! - a known test's LOINC codes (`catalogue`: one analyte in different units);
//! - else the same code: the same LOINC code, or the same code of a hospital's own system;
//! - else (no code at all) the same hospital, the same name (case and spacing aside) and
//!   units of one dimension. Names alone never join two hospitals' values: "Glucose" at
//!   one may be plasma and at the other whole blood.
//!
//! Two values with the same name and different codes are two tests.

use dossier_api::{
    labs::LabTestKey,
    reports::{LabTestCode, LabValue},
};

use crate::{
    catalogue::KnownTest,
    units::{Dimension, Unit, is_unitless, normalise},
};

/// What an uncoded value's unit says about which values it can be charted with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UnitClass {
    /// No unit (a ratio, or a text value).
    None,
    /// A known unit: any unit of the same dimension converts.
    Dimension(Dimension),
    /// A unit this crate does not know, as [`normalise`]d: only the same spelling joins.
    Printed(String),
}

impl UnitClass {
    pub fn of(unit: Option<&str>) -> Self {
        match unit {
            _ if is_unitless(unit) => UnitClass::None,
            Some(text) => match Unit::parse(text) {
                Some(unit) => UnitClass::Dimension(unit.dimension),
                None => UnitClass::Printed(normalise(text)),
            },
            None => UnitClass::None,
        }
    }
}

/// The test a value belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TestIdentity<'a> {
    Known(&'static KnownTest),
    /// A code not in the catalogue: a LOINC code, or a hospital's own.
    Coded {
        system: &'a str,
        code: &'a str,
    },
    /// No code: one hospital's name for it, folded ([`fold_name`]), and its unit's class.
    Named {
        hospital: &'a str,
        name: String,
        unit: UnitClass,
    },
}

/// Separates the parts of a key: no code system, code, hospital id or name holds it.
const SEPARATOR: char = '\u{1f}';

impl<'a> TestIdentity<'a> {
    /// The test of `value`, reported by hospital `hospital_id`.
    pub fn of(value: &'a LabValue, hospital_id: &'a str) -> Self {
        match usable_code(value) {
            Some(code) => match KnownTest::of(code) {
                Some(known) => TestIdentity::Known(known),
                None => TestIdentity::Coded { system: code.system.trim(), code: code.code.trim() },
            },
            None => TestIdentity::Named {
                hospital: hospital_id,
                name: fold_name(&value.analyte),
                unit: UnitClass::of(value.unit.as_deref()),
            },
        }
    }

    /// Whether `value` (of `hospital_id`) is this test: [`Self::of`] without building
    /// what is not needed (no folded name unless the hospital and the lack of code fit).
    pub fn matches(&self, value: &LabValue, hospital_id: &str) -> bool {
        match self {
            // The test's own codes first: most values are another test's, and their code
            // system need not be read at all (a chart's scan of a record's values is bound by
            // reading them).
            TestIdentity::Known(test) => value.code.as_ref().is_some_and(|c| {
                test.loinc.contains(&c.code.trim()) && c.system.trim() == LabTestCode::LOINC
            }),
            TestIdentity::Coded { system, code } => usable_code(value).is_some_and(|c| {
                c.system.trim() == *system && c.code.trim() == *code && KnownTest::of(c).is_none()
            }),
            TestIdentity::Named { hospital, name, unit } => {
                *hospital == hospital_id
                    && usable_code(value).is_none()
                    && fold_name(&value.analyte) == *name
                    && UnitClass::of(value.unit.as_deref()) == *unit
            }
        }
    }

    pub fn key(&self) -> LabTestKey {
        let s = SEPARATOR;
        LabTestKey(match self {
            TestIdentity::Known(test) => format!("test:{}", test.id),
            TestIdentity::Coded { system, code } => format!("code:{system}{s}{code}"),
            TestIdentity::Named { hospital, name, unit } => {
                let unit = match unit {
                    UnitClass::None => String::new(),
                    UnitClass::Dimension(d) => format!("d:{}", d.as_str()),
                    UnitClass::Printed(p) => format!("u:{p}"),
                };
                format!("name:{hospital}{s}{name}{s}{unit}")
            }
        })
    }

    /// The test a key names; None for a key this version does not make.
    pub fn from_key(key: &'a LabTestKey) -> Option<Self> {
        let key = key.as_str();
        if let Some(id) = key.strip_prefix("test:") {
            return KnownTest::by_id(id).map(TestIdentity::Known);
        }
        if let Some(rest) = key.strip_prefix("code:") {
            let (system, code) = rest.split_once(SEPARATOR)?;
            return Some(TestIdentity::Coded { system, code });
        }
        let rest = key.strip_prefix("name:")?;
        let mut parts = rest.splitn(3, SEPARATOR);
        let (hospital, name, unit) = (parts.next()?, parts.next()?, parts.next()?);
        let unit = if unit.is_empty() {
            UnitClass::None
        } else if let Some(dimension) = unit.strip_prefix("d:") {
            UnitClass::Dimension(Dimension::parse(dimension)?)
        } else {
            UnitClass::Printed(unit.strip_prefix("u:")?.to_owned())
        };
        Some(TestIdentity::Named { hospital, name: name.to_owned(), unit })
    }
}

/// The value's code when it has one worth grouping by (a system and a code, not blank).
fn usable_code(value: &LabValue) -> Option<&LabTestCode> {
    value.code.as_ref().filter(|c| !c.system.trim().is_empty() && !c.code.trim().is_empty())
}

/// A hospital's name for a test, for comparing: lowercase, spaces as single spaces.
/// ("Glucose  nuchter" and "glucose nuchter" are one name; "Glucose" and "Glycémie" are
/// not, and need not be: one hospital keeps its own names.)
pub fn fold_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        // Control characters are nobody's spelling (and one separates a key's parts).
        folded.extend(word.chars().filter(|c| !c.is_control()).flat_map(char::to_lowercase));
    }
    folded
}

#[cfg(test)]
mod tests {
    use dossier_api::reports::LabFlag;

    use super::*;

    fn value(analyte: &str, unit: Option<&str>, code: Option<(&str, &str)>) -> LabValue {
        LabValue {
            analyte: analyte.into(),
            value: "1".into(),
            unit: unit.map(str::to_owned),
            reference_range: None,
            flag: LabFlag::Normal,
            code: code
                .map(|(system, code)| LabTestCode { system: system.into(), code: code.into() }),
            panel: None,
        }
    }

    const LOINC: &str = LabTestCode::LOINC;

    #[test]
    fn known_codes_in_any_unit_are_one_test() {
        let mg = value("Glucose", Some("mg/dL"), Some((LOINC, "2345-7")));
        let mmol = value("Glycémie", Some("mmol/L"), Some((LOINC, "14749-6")));
        let (a, b) = (TestIdentity::of(&mg, "hzk"), TestIdentity::of(&mmol, "cbw"));
        assert_eq!(a, b);
        assert_eq!(a.key().as_str(), "test:glucose");
        assert!(a.matches(&mmol, "cbw"));
        // Spaces around a code system or code are nobody's meaning.
        let spaced = value("Glucose", Some("mg/dL"), Some((" http://loinc.org ", " 2345-7")));
        assert_eq!(TestIdentity::of(&spaced, "smt"), a);
        assert!(a.matches(&spaced, "smt"));
    }

    #[test]
    fn the_same_name_with_different_codes_is_two_tests() {
        // Both called "Glucose": one in plasma, one in whole blood (LOINC); and two
        // hospitals' own codes for "Creatinine".
        let plasma = value("Glucose", Some("mg/dL"), Some((LOINC, "2345-7")));
        let blood = value("Glucose", Some("mg/dL"), Some((LOINC, "2339-0")));
        assert_ne!(TestIdentity::of(&plasma, "hzk"), TestIdentity::of(&blood, "hzk"));
        assert!(!TestIdentity::of(&plasma, "hzk").matches(&blood, "hzk"));
        let a = value("Creatinine", Some("mg/dL"), Some(("urn:hzk:lab", "CREA")));
        let b = value("Creatinine", Some("mg/dL"), Some(("urn:hzk:lab", "CREA-E")));
        assert_ne!(TestIdentity::of(&a, "hzk"), TestIdentity::of(&b, "hzk"));
        // A LOINC code unknown to the catalogue is still its own test, and not the named one.
        let coded = value("Cystatine C", Some("mg/L"), Some((LOINC, "33863-2")));
        let named = value("Cystatine C", Some("mg/L"), None);
        assert_ne!(TestIdentity::of(&coded, "hzk"), TestIdentity::of(&named, "hzk"));
        // A code of a hospital's own system that happens to read like LOINC's is not LOINC.
        let local = value("Glucose", Some("mg/dL"), Some(("urn:smt:lab", "2345-7")));
        assert_ne!(TestIdentity::of(&local, "smt"), TestIdentity::of(&plasma, "smt"));
    }

    #[test]
    fn uncoded_values_join_within_a_hospital_by_name_and_unit_dimension() {
        let a = value("Glucose  Nuchter", Some("mg/dL"), None);
        let b = value("glucose nuchter", Some("g/L"), None);
        let other_hospital = value("Glucose nuchter", Some("mg/dL"), None);
        let other_unit = value("Glucose nuchter", Some("mmol/L"), None);
        let blank_code = value("Glucose nuchter", Some("mg/dl"), Some((" ", "")));
        let test = TestIdentity::of(&a, "hzk");
        assert_eq!(test, TestIdentity::of(&b, "hzk"));
        assert_eq!(test, TestIdentity::of(&blank_code, "hzk"));
        assert_ne!(test, TestIdentity::of(&other_hospital, "smt"));
        assert_ne!(test, TestIdentity::of(&other_unit, "hzk"));
        assert!(test.matches(&b, "hzk") && !test.matches(&other_hospital, "smt"));
        // Unknown units join only when spelled alike.
        let odd = value("Index", Some("AU"), None);
        let odd2 = value("Index", Some("au"), None);
        let odd3 = value("Index", Some("U/mL"), None);
        assert_eq!(TestIdentity::of(&odd, "hzk"), TestIdentity::of(&odd2, "hzk"));
        assert_ne!(TestIdentity::of(&odd, "hzk"), TestIdentity::of(&odd3, "hzk"));
    }

    #[test]
    fn keys_name_their_test_again() {
        let values = [
            value("Glucose", Some("mg/dL"), Some((LOINC, "2345-7"))),
            value("Cystatine C", Some("mg/L"), Some((LOINC, "33863-2"))),
            value("Glu", Some("mg/dL"), Some(("urn:oid:2.16.840.1.113883.2.4", "GLU:1"))),
            value("Glucose nuchter", Some("mg/dL"), None),
            value("Schijf: rood", Some("AU"), None),
            value("Bloedgroep", None, None),
        ];
        for value in &values {
            let test = TestIdentity::of(value, "hzk");
            let key = test.key();
            assert_eq!(TestIdentity::from_key(&key).as_ref(), Some(&test), "{key:?}");
            assert!(test.matches(value, "hzk"));
        }
        for made_up in [
            "",
            "test:nothing",
            "code:no-separator",
            "name:a",
            "name:a\u{1f}b\u{1f}d:volume",
            "other",
        ] {
            assert_eq!(TestIdentity::from_key(&LabTestKey(made_up.into())), None, "{made_up}");
        }
    }
}
