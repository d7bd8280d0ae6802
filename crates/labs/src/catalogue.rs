//! The known tests: which LOINC codes are one test (the same analyte in the same specimen
//! by the same method, reported in different units), the unit its chart uses, and what
//! converts its units across dimensions. Data, tested below; a code not listed here is its
//! own test, and two rows are never merged, even when their names look alike.
//!
//! Codes are LOINC's (<https://loinc.org>, long common names in the comments). What
//! merges: a mass code with its moles code ("Glucose [Mass/volume] in Serum or Plasma"
//! 2345-7 with "Glucose [Moles/volume] in Serum or Plasma" 14749-6). What does not: another
//! specimen (glucose in whole blood reads about 11 % lower than in plasma: 2339-0/15074-8
//! are a row of their own), another method or formula (LDL calculated 13457-7 and measured
//! 18262-6; eGFR by CKD-EPI and by MDRD), another analyte (urea 3091-6 and urea nitrogen
//! 3094-0: the same blood, different numbers).
//!
//! Mass ↔ substance conversions use the analyte's molar mass (IUPAC standard atomic
//! weights); the resulting factors are those of the SI conversion tables in the AMA Manual
//! of Style (11th ed., §18.5, "SI conversion calculator") and Young DS, "Implementation of
//! SI units for clinical laboratory data", Ann Intern Med 1987;106:114-129, which the unit
//! tests below check one by one (glucose 1 mmol/L = 18.016 mg/dL; creatinine 1 mg/dL =
//! 88.4 µmol/L; cholesterol 1 mmol/L = 38.67 mg/dL; ...). By convention:
//! - triglycerides as triolein (885.7 g/mol), as labs convert them;
//! - phosphate as phosphorus (30.974 g/mol): mg/dL of phosphate is mg/dL of its phosphorus;
//! - haemoglobin as its monomer (16 114.5 g/mol, one iron atom each: how the mmol/L of
//!   Dutch and German labs is defined), so 1 g/dL = 0.6206 mmol/L;
//! - urea nitrogen as the two nitrogen atoms of urea (28.014 g/mol), so 1 mmol/L of urea is
//!   2.8 mg/dL of urea nitrogen and 6.006 mg/dL of urea;
//! - 25-hydroxyvitamin D3 (calcifediol, 400.64 g/mol); "D2 + D3" (62292-8) mixes two
//!   molar masses and converts only between mass units.
//!
//! HbA1c: NGSP/DCCT % ↔ IFCC mmol/mol by the IFCC-NGSP master equation, IFCC = 10.929 ×
//! (NGSP − 2.15) (Hoelzel W et al., Clin Chem 2004;50:166-174; the NGSP's "IFCC-NGSP
//! master equation"); the way back is its exact inverse.
//!
//! Chart units are those the partner hospitals (Belgian labs) print most: mg/dL for
//! glucose, creatinine, lipids, urea; g/dL for haemoglobin; g/L for albumin.

use std::{collections::HashMap, sync::OnceLock};

use dossier_api::{labs::LabTopic, reports::LabTestCode};

use crate::units::{Conversion, Dimension, Unit};

/// One known test.
#[derive(Debug)]
pub struct KnownTest {
    /// Stable, part of the test's key ("glucose-fasting").
    pub id: &'static str,
    pub topic: LabTopic,
    /// Its LOINC codes: one per unit dimension it is reported in.
    pub loinc: &'static [&'static str],
    /// The unit its chart uses (a [`Unit`] symbol); None for a ratio without unit (INR).
    pub unit: Option<&'static str>,
    /// g/mol: converts mass per volume ↔ substance per volume.
    pub molar_mass: Option<f64>,
    /// A conversion across dimensions that is not a molar mass.
    pub equation: Option<Equation>,
}

// One test is one row: compared and hashed by its id (unique, tested).
impl PartialEq for KnownTest {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for KnownTest {}

impl std::hash::Hash for KnownTest {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

/// `to = from × scale + offset`, from one unit to another of another dimension.
#[derive(Debug, Clone, Copy)]
pub struct Equation {
    pub from: &'static str,
    pub to: &'static str,
    pub conversion: Conversion,
}

const fn test(
    id: &'static str,
    topic: LabTopic,
    loinc: &'static [&'static str],
    unit: &'static str,
    molar_mass: Option<f64>,
) -> KnownTest {
    KnownTest { id, topic, loinc, unit: Some(unit), molar_mass, equation: None }
}

/// The IFCC-NGSP master equation: mmol/mol = 10.929 × (% − 2.15).
const HBA1C: Equation = Equation {
    from: "%",
    to: "mmol/mol",
    conversion: Conversion { scale: 10.929, offset: -10.929 * 2.15 },
};

use LabTopic as T;

/// Molar masses, g/mol.
mod molar {
    pub const GLUCOSE: f64 = 180.16;
    pub const CREATININE: f64 = 113.12;
    pub const CHOLESTEROL: f64 = 386.65;
    pub const TRIOLEIN: f64 = 885.7;
    pub const UREA: f64 = 60.06;
    pub const UREA_NITROGEN: f64 = 28.014;
    pub const URIC_ACID: f64 = 168.11;
    pub const CALCIUM: f64 = 40.078;
    pub const MAGNESIUM: f64 = 24.305;
    pub const PHOSPHORUS: f64 = 30.974;
    pub const IRON: f64 = 55.845;
    pub const BILIRUBIN: f64 = 584.66;
    pub const COBALAMIN: f64 = 1355.37;
    pub const FOLIC_ACID: f64 = 441.40;
    pub const THYROXINE: f64 = 776.87;
    pub const CALCIFEDIOL: f64 = 400.64;
    pub const HAEMOGLOBIN_MONOMER: f64 = 16_114.5;
}

pub static TESTS: &[KnownTest] = &[
    // Blood count.
    // 718-7 Hemoglobin [Mass/volume] in Blood; 59260-0 Hemoglobin [Moles/volume] in Blood.
    test(
        "haemoglobin",
        T::Haemoglobin,
        &["718-7", "59260-0"],
        "g/dL",
        Some(molar::HAEMOGLOBIN_MONOMER),
    ),
    // Hematocrit [Volume Fraction] of Blood by Automated count; ... of Blood.
    test("haematocrit", T::Haematocrit, &["4544-3"], "%", None),
    test("haematocrit-any-method", T::Haematocrit, &["20570-8"], "%", None),
    // Erythrocytes [#/volume] in Blood by Automated count; ... in Blood.
    test("red-blood-cells", T::RedBloodCells, &["789-8"], "10^12/L", None),
    test("red-blood-cells-any-method", T::RedBloodCells, &["26453-1"], "10^12/L", None),
    // Leukocytes [#/volume] in Blood by Automated count; ... in Blood.
    test("white-blood-cells", T::WhiteBloodCells, &["6690-2"], "10^9/L", None),
    test("white-blood-cells-any-method", T::WhiteBloodCells, &["26464-8"], "10^9/L", None),
    // Platelets [#/volume] in Blood by Automated count; ... in Blood.
    test("platelets", T::Platelets, &["777-3"], "10^9/L", None),
    test("platelets-any-method", T::Platelets, &["26515-7"], "10^9/L", None),
    // MCV [Entitic volume] by Automated count; MCV [Entitic volume].
    test("mcv", T::Mcv, &["787-2"], "fL", None),
    test("mcv-any-method", T::Mcv, &["30428-7"], "fL", None),
    // Electrolytes and minerals, in Serum or Plasma.
    test("sodium", T::Sodium, &["2951-2"], "mmol/L", None),
    test("potassium", T::Potassium, &["2823-3"], "mmol/L", None),
    test("chloride", T::Chloride, &["2075-0"], "mmol/L", None),
    // Calcium [Mass/volume]; Calcium [Moles/volume] in Serum or Plasma.
    test("calcium", T::Calcium, &["17861-6", "2000-8"], "mg/dL", Some(molar::CALCIUM)),
    // Magnesium [Mass/volume]; Magnesium [Moles/volume] in Serum or Plasma.
    test("magnesium", T::Magnesium, &["19123-9", "2601-3"], "mg/dL", Some(molar::MAGNESIUM)),
    // Phosphate [Mass/volume]; Phosphate [Moles/volume] in Serum or Plasma.
    test("phosphate", T::Phosphate, &["2777-1", "14879-1"], "mg/dL", Some(molar::PHOSPHORUS)),
    // Kidneys.
    // Creatinine [Mass/volume]; Creatinine [Moles/volume] in Serum or Plasma.
    test("creatinine", T::Creatinine, &["2160-0", "14682-9"], "mg/dL", Some(molar::CREATININE)),
    // Glomerular filtration rate/1.73 sq M.predicted ... by Creatinine-based formula
    // (CKD-EPI); (CKD-EPI 2021); (MDRD): three formulas, three tests.
    test("egfr-ckd-epi", T::Egfr, &["62238-1"], "mL/min/1.73m²", None),
    test("egfr-ckd-epi-2021", T::Egfr, &["98979-8"], "mL/min/1.73m²", None),
    test("egfr-mdrd", T::Egfr, &["33914-3"], "mL/min/1.73m²", None),
    // Urea [Mass/volume]; Urea [Moles/volume] in Serum or Plasma.
    test("urea", T::Urea, &["3091-6", "22664-7"], "mg/dL", Some(molar::UREA)),
    // Urea nitrogen [Mass/volume]; Urea nitrogen [Moles/volume] in Serum or Plasma.
    test(
        "urea-nitrogen",
        T::UreaNitrogen,
        &["3094-0", "14937-7"],
        "mg/dL",
        Some(molar::UREA_NITROGEN),
    ),
    // Liver: [Enzymatic activity/volume] in Serum or Plasma.
    test("alt", T::Alt, &["1742-6"], "U/L", None),
    test("ast", T::Ast, &["1920-8"], "U/L", None),
    test("ggt", T::Ggt, &["2324-2"], "U/L", None),
    test("alkaline-phosphatase", T::AlkalinePhosphatase, &["6768-6"], "U/L", None),
    // Bilirubin.total [Mass/volume]; Bilirubin.total [Moles/volume] in Serum or Plasma.
    test("bilirubin", T::Bilirubin, &["1975-2", "14631-6"], "mg/dL", Some(molar::BILIRUBIN)),
    // Albumin [Mass/volume] in Serum or Plasma; ... by Bromocresol green; ... purple.
    test("albumin", T::Albumin, &["1751-7"], "g/L", None),
    test("albumin-bcg", T::Albumin, &["61151-7"], "g/L", None),
    test("albumin-bcp", T::Albumin, &["61152-5"], "g/L", None),
    // Lipids, in Serum or Plasma.
    // Cholesterol [Mass/volume]; Cholesterol [Moles/volume].
    test(
        "cholesterol",
        T::TotalCholesterol,
        &["2093-3", "14647-2"],
        "mg/dL",
        Some(molar::CHOLESTEROL),
    ),
    // Cholesterol in HDL [Mass/volume]; [Moles/volume].
    test("hdl", T::HdlCholesterol, &["2085-9", "14646-4"], "mg/dL", Some(molar::CHOLESTEROL)),
    // Cholesterol in LDL [Mass/volume] by calculation; [Moles/volume] by calculation.
    test(
        "ldl-calculated",
        T::LdlCholesterol,
        &["13457-7", "39469-2"],
        "mg/dL",
        Some(molar::CHOLESTEROL),
    ),
    // Cholesterol in LDL [Mass/volume]; [Moles/volume] (method not said).
    test("ldl", T::LdlCholesterol, &["2089-1", "22748-8"], "mg/dL", Some(molar::CHOLESTEROL)),
    // Cholesterol in LDL [Mass/volume] by Direct assay.
    test("ldl-direct", T::LdlCholesterol, &["18262-6"], "mg/dL", Some(molar::CHOLESTEROL)),
    // Triglyceride [Mass/volume]; [Moles/volume].
    test("triglycerides", T::Triglycerides, &["2571-8", "14927-8"], "mg/dL", Some(molar::TRIOLEIN)),
    // Sugar.
    // Glucose [Mass/volume]; [Moles/volume] in Serum or Plasma.
    test("glucose", T::Glucose, &["2345-7", "14749-6"], "mg/dL", Some(molar::GLUCOSE)),
    // Fasting glucose [Mass/volume]; [Moles/volume] in Serum or Plasma.
    test("glucose-fasting", T::Glucose, &["1558-6", "14771-0"], "mg/dL", Some(molar::GLUCOSE)),
    // Glucose [Mass/volume]; [Moles/volume] in Blood (whole blood: not plasma's numbers).
    test("glucose-blood", T::Glucose, &["2339-0", "15074-8"], "mg/dL", Some(molar::GLUCOSE)),
    // Hemoglobin A1c/Hemoglobin.total in Blood (NGSP %); ... by IFCC protocol (mmol/mol).
    KnownTest {
        id: "hba1c",
        topic: T::Hba1c,
        loinc: &["4548-4", "59261-8"],
        unit: Some("%"),
        molar_mass: None,
        equation: Some(HBA1C),
    },
    // Hemoglobin A1c/Hemoglobin.total in Blood by HPLC.
    KnownTest {
        id: "hba1c-hplc",
        topic: T::Hba1c,
        loinc: &["17856-6"],
        unit: Some("%"),
        molar_mass: None,
        equation: Some(HBA1C),
    },
    // Thyroid, in Serum or Plasma.
    // Thyrotropin [Units/volume].
    test("tsh", T::Tsh, &["3016-3"], "mIU/L", None),
    // Thyroxine (T4) free [Mass/volume]; [Moles/volume].
    test("free-t4", T::FreeT4, &["3024-7", "14920-3"], "pmol/L", Some(molar::THYROXINE)),
    // C reactive protein [Mass/volume]; ... by High sensitivity method.
    test("crp", T::Crp, &["1988-5"], "mg/L", None),
    test("crp-high-sensitivity", T::Crp, &["30522-7"], "mg/L", None),
    // 25-Hydroxyvitamin D3 [Mass/volume]; [Moles/volume].
    test("vitamin-d3", T::VitaminD, &["1989-3", "14635-7"], "ng/mL", Some(molar::CALCIFEDIOL)),
    // 25-Hydroxyvitamin D2+25-Hydroxyvitamin D3 [Mass/volume].
    test("vitamin-d", T::VitaminD, &["62292-8"], "ng/mL", None),
    // Ferritin [Mass/volume].
    test("ferritin", T::Ferritin, &["2276-4"], "µg/L", None),
    // Iron [Mass/volume]; [Moles/volume].
    test("iron", T::Iron, &["2498-4", "14798-3"], "µg/dL", Some(molar::IRON)),
    // Cobalamin (Vitamin B12) [Mass/volume]; [Moles/volume].
    test("vitamin-b12", T::VitaminB12, &["2132-9", "14685-2"], "pg/mL", Some(molar::COBALAMIN)),
    // Folate [Mass/volume]; [Moles/volume].
    test("folate", T::Folate, &["2284-8", "14732-2"], "ng/mL", Some(molar::FOLIC_ACID)),
    // Urate [Mass/volume]; [Moles/volume].
    test("uric-acid", T::UricAcid, &["3084-1", "14933-6"], "mg/dL", Some(molar::URIC_ACID)),
    // INR in Platelet poor plasma by Coagulation assay; INR in Blood by Coagulation assay
    // (a finger prick at home or at the GP's).
    KnownTest {
        id: "inr",
        topic: T::Inr,
        loinc: &["6301-6"],
        unit: None,
        molar_mass: None,
        equation: None,
    },
    KnownTest {
        id: "inr-blood",
        topic: T::Inr,
        loinc: &["34714-6"],
        unit: None,
        molar_mass: None,
        equation: None,
    },
    // Prostate specific Ag [Mass/volume].
    test("psa", T::Psa, &["2857-1"], "ng/mL", None),
    // Creatine kinase [Enzymatic activity/volume].
    test("creatine-kinase", T::CreatineKinase, &["2157-6"], "U/L", None),
    // Lactate dehydrogenase [Enzymatic activity/volume]; ... by Lactate to pyruvate reaction.
    test("ldh", T::Ldh, &["2532-0"], "U/L", None),
    test("ldh-lactate-to-pyruvate", T::Ldh, &["14804-9"], "U/L", None),
];

impl KnownTest {
    /// The known test a code is, if any.
    pub fn of(code: &LabTestCode) -> Option<&'static KnownTest> {
        if code.system.trim() != LabTestCode::LOINC {
            return None;
        }
        Self::by_loinc(&code.code)
    }

    pub fn by_loinc(code: &str) -> Option<&'static KnownTest> {
        static BY_CODE: OnceLock<HashMap<&'static str, &'static KnownTest>> = OnceLock::new();
        BY_CODE
            .get_or_init(|| {
                TESTS.iter().flat_map(|t| t.loinc.iter().map(move |code| (*code, t))).collect()
            })
            .get(code.trim())
            .copied()
    }

    pub fn by_id(id: &str) -> Option<&'static KnownTest> {
        TESTS.iter().find(|t| t.id == id)
    }

    /// The unit its chart uses; None for a ratio without unit.
    pub fn chart_unit(&self) -> Option<&'static Unit> {
        self.unit.and_then(Unit::by_symbol)
    }

    /// From `from` to `to` for this test: within a dimension, by the molar mass, or by its
    /// equation. None when the two do not convert (another analyte's unit, a typo).
    pub fn conversion(&self, from: &Unit, to: &Unit) -> Option<Conversion> {
        if let Some(same) = Conversion::within(from, to) {
            return Some(same);
        }
        use Dimension::{MassConcentration as Mass, SubstanceConcentration as Substance};
        if let Some(molar_mass) = self.molar_mass {
            // Through the bases: g/L ÷ (g/mol) = mol/L.
            match (from.dimension, to.dimension) {
                (Mass, Substance) => {
                    return Some(Conversion::scale(from.factor / molar_mass / to.factor));
                }
                (Substance, Mass) => {
                    return Some(Conversion::scale(from.factor * molar_mass / to.factor));
                }
                _ => {}
            }
        }
        let equation = self.equation?;
        let (a, b) = (Unit::by_symbol(equation.from)?, Unit::by_symbol(equation.to)?);
        let forward = |from: &Unit, to: &Unit| {
            Some(
                Conversion::within(from, a)?
                    .then(equation.conversion)
                    .then(Conversion::within(b, to)?),
            )
        };
        forward(from, to).or_else(|| {
            let back = equation.conversion.inverse();
            Some(Conversion::within(from, b)?.then(back).then(Conversion::within(a, to)?))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn loinc(code: &str) -> LabTestCode {
        LabTestCode { system: LabTestCode::LOINC.into(), code: code.into() }
    }

    /// `value` in `from`, for the test of `code`, in `to`.
    fn convert(code: &str, value: f64, from: &str, to: &str) -> f64 {
        let test = KnownTest::by_loinc(code).unwrap();
        let (from, to) = (Unit::parse(from).unwrap(), Unit::parse(to).unwrap());
        test.conversion(from, to)
            .unwrap_or_else(|| panic!("{code}: {from:?} → {to:?}"))
            .apply(value)
    }

    /// Equal to a table's figure as far as the table prints it (three or four digits).
    fn assert_published(actual: f64, published: f64) {
        assert_near(actual, published, published.abs() * 0.0005);
    }

    fn assert_near(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() <= tolerance, "{actual} is not {expected} ± {tolerance}");
    }

    #[test]
    fn the_table_is_consistent() {
        let mut ids = HashSet::new();
        let mut codes = HashSet::new();
        for test in TESTS {
            assert!(ids.insert(test.id), "{} twice", test.id);
            for code in test.loinc {
                assert!(codes.insert(*code), "{code} in two tests");
                // LOINC codes end in a mod-10 check digit after a dash.
                let (number, check) = code.split_once('-').unwrap();
                assert!(number.bytes().all(|b| b.is_ascii_digit()) && check.len() == 1, "{code}");
            }
            if let Some(unit) = test.unit {
                assert!(Unit::by_symbol(unit).is_some(), "{}: unknown unit {unit}", test.id);
            }
            assert!(!test.loinc.is_empty());
        }
        // Every topic has a known test.
        for topic in LabTopic::ALL {
            assert!(TESTS.iter().any(|t| t.topic == topic), "{topic:?}");
        }
    }

    /// LOINC's check digit (mod 10, the Luhn scheme on the number): a typo in a code here
    /// would merge or split the wrong values.
    #[test]
    fn every_code_has_its_check_digit() {
        for test in TESTS {
            for code in test.loinc {
                let (number, check) = code.split_once('-').unwrap();
                let digits: Vec<u32> = number.chars().map(|c| c.to_digit(10).unwrap()).collect();
                let sum: u32 = digits
                    .iter()
                    .rev()
                    .enumerate()
                    .map(|(i, &d)| {
                        if i % 2 == 0 {
                            let x = d * 2;
                            x / 10 + x % 10
                        } else {
                            d
                        }
                    })
                    .sum();
                let expected = (10 - sum % 10) % 10;
                assert_eq!(check, expected.to_string(), "{code} ({})", test.id);
            }
        }
    }

    #[test]
    fn codes_find_their_test() {
        assert_eq!(KnownTest::of(&loinc("2345-7")).unwrap().id, "glucose");
        assert_eq!(KnownTest::of(&loinc("14749-6")).unwrap().id, "glucose");
        assert_eq!(KnownTest::of(&loinc(" 14682-9 ")).unwrap().id, "creatinine");
        // Whole-blood glucose is not plasma glucose; urea nitrogen is not urea.
        assert_eq!(KnownTest::of(&loinc("15074-8")).unwrap().id, "glucose-blood");
        assert_ne!(
            KnownTest::of(&loinc("3094-0")).unwrap().id,
            KnownTest::of(&loinc("3091-6")).unwrap().id
        );
        // A hospital's own code "2345-7" is not LOINC's.
        let local = LabTestCode { system: "urn:oid:1.2.3".into(), code: "2345-7".into() };
        assert!(KnownTest::of(&local).is_none());
        assert!(KnownTest::of(&loinc("0000-0")).is_none());
    }

    /// The SI conversion tables' factors (AMA Manual of Style; Young 1987), both ways.
    #[test]
    fn molar_conversions_match_the_published_factors() {
        // Glucose: 1 mmol/L = 18.016 mg/dL.
        assert_published(convert("2345-7", 1.0, "mmol/L", "mg/dL"), 18.016);
        assert_published(convert("14749-6", 100.0, "mg/dL", "mmol/L"), 5.551);
        assert_published(convert("1558-6", 7.0, "mmol/L", "mg/dL"), 126.1);
        // Creatinine: 1 mg/dL = 88.4 µmol/L.
        assert_published(convert("2160-0", 1.0, "mg/dL", "µmol/L"), 88.4);
        assert_published(convert("14682-9", 88.4, "umol/L", "mg/dL"), 1.0);
        // Cholesterol (total, HDL, LDL): 1 mmol/L = 38.67 mg/dL.
        assert_published(convert("2093-3", 1.0, "mmol/L", "mg/dL"), 38.67);
        assert_published(convert("14646-4", 50.0, "mg/dL", "mmol/L"), 1.293);
        assert_published(convert("13457-7", 3.0, "mmol/L", "mg/dL"), 116.0);
        // Triglycerides: 1 mmol/L = 88.57 mg/dL.
        assert_published(convert("2571-8", 1.0, "mmol/L", "mg/dL"), 88.57);
        // Urea: 1 mmol/L = 6.006 mg/dL; urea nitrogen: 1 mmol/L = 2.801 mg/dL.
        assert_published(convert("3091-6", 1.0, "mmol/L", "mg/dL"), 6.006);
        assert_published(convert("3094-0", 1.0, "mmol/L", "mg/dL"), 2.801);
        // Uric acid: 1 mg/dL = 59.48 µmol/L.
        assert_published(convert("3084-1", 1.0, "mg/dL", "µmol/L"), 59.48);
        // Calcium: 1 mmol/L = 4.008 mg/dL; magnesium 2.431; phosphorus 3.097.
        assert_published(convert("17861-6", 2.5, "mmol/L", "mg/dL"), 10.02);
        assert_published(convert("2601-3", 1.0, "mmol/L", "mg/dL"), 2.431);
        assert_published(convert("2777-1", 1.0, "mmol/L", "mg/dL"), 3.097);
        // Iron: 1 µmol/L = 5.585 µg/dL.
        assert_published(convert("2498-4", 1.0, "µmol/L", "µg/dL"), 5.585);
        // Bilirubin: 1 mg/dL = 17.1 µmol/L.
        assert_published(convert("1975-2", 1.0, "mg/dL", "µmol/L"), 17.10);
        // Vitamin B12: 1 pg/mL = 0.738 pmol/L; folate: 1 ng/mL = 2.266 nmol/L.
        assert_published(convert("2132-9", 1.0, "pg/mL", "pmol/L"), 0.7378);
        assert_published(convert("2284-8", 1.0, "ng/mL", "nmol/L"), 2.266);
        // Free T4: 1 ng/dL = 12.87 pmol/L; 25-OH vitamin D3: 1 ng/mL = 2.496 nmol/L.
        assert_published(convert("3024-7", 1.0, "ng/dL", "pmol/L"), 12.87);
        assert_published(convert("1989-3", 1.0, "ng/mL", "nmol/L"), 2.496);
        // Haemoglobin: g/dL ×10 = g/L; 1 g/dL = 0.6206 mmol/L.
        assert_published(convert("718-7", 13.5, "g/dL", "g/L"), 135.0);
        assert_published(convert("718-7", 1.0, "g/dL", "mmol/L"), 0.6206);
        assert_published(convert("59260-0", 8.4, "mmol/L", "g/dL"), 13.54);
        // D2 + D3 together: mass units only.
        let mixed = KnownTest::by_loinc("62292-8").unwrap();
        assert!(
            mixed
                .conversion(Unit::parse("ng/mL").unwrap(), Unit::parse("nmol/L").unwrap())
                .is_none()
        );
        assert_published(convert("62292-8", 30.0, "µg/L", "ng/mL"), 30.0);
    }

    #[test]
    fn hba1c_converts_by_the_master_equation() {
        // IFCC = 10.929 × (NGSP − 2.15): 6.5 % is 48 mmol/mol, 7 % 53, 5 % 31.
        assert_near(convert("4548-4", 6.5, "%", "mmol/mol"), 47.5, 0.05);
        assert_near(convert("4548-4", 7.0, "%", "mmol/mol"), 53.0, 0.05);
        assert_near(convert("4548-4", 5.0, "%", "mmol/mol"), 31.1, 0.05);
        assert_near(convert("59261-8", 48.0, "mmol/mol", "%"), 6.54, 0.005);
        assert_near(convert("59261-8", 53.0, "mmol/mol", "%"), 7.0, 0.005);
        for percent in [4.0, 5.7, 6.5, 9.0, 12.0] {
            let there = convert("4548-4", percent, "%", "mmol/mol");
            assert_near(convert("4548-4", there, "mmol/mol", "%"), percent, 1e-9);
        }
        assert_near(convert("17856-6", 6.5, "%", "mmol/mol"), 47.5, 0.05);
    }

    #[test]
    fn units_of_another_analyte_do_not_convert() {
        let creatinine = KnownTest::by_loinc("2160-0").unwrap();
        let (mg_dl, u_l) = (Unit::parse("mg/dL").unwrap(), Unit::parse("U/L").unwrap());
        assert!(creatinine.conversion(mg_dl, u_l).is_none());
        // No molar mass: an enzyme's mass is not its activity.
        let alt = KnownTest::by_loinc("1742-6").unwrap();
        assert!(alt.conversion(u_l, Unit::parse("mmol/L").unwrap()).is_none());
        assert_near(convert("1742-6", 0.5, "µkat/L", "U/L"), 30.0, 1e-9);
    }
}
