//! Units as labs print them, and conversions between them.
//!
//! A unit belongs to a dimension (mass per volume, substance per volume, ...) and is a
//! multiple of that dimension's base unit; within a dimension any two units convert by
//! their factors (mg/dL ↔ g/L, U/L ↔ µkat/L, 10^3/µL ↔ 10^9/L). Across dimensions only a
//! known test converts, by what the test's table row gives: a molar mass (mg/dL ↔ mmol/L)
//! or an equation (HbA1c % ↔ mmol/mol); see `catalogue`.
//!
//! Spellings vary by hospital and by keyboard: "mg/dl", "mg/dL", "umol/L", "µmol/l" (micro
//! sign), "μmol/L" (Greek mu), "10*9/L", "10^9/L", "10⁹/L", "x10E9/L", "G/L", "UI/L",
//! "ml/min/1,73m²". They are folded to one key before lookup ([`normalise`]).

/// What a unit measures. Two units of one dimension always convert into each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// Mass per volume; base g/L.
    MassConcentration,
    /// Amount of substance per volume; base mol/L.
    SubstanceConcentration,
    /// Enzyme activity per volume; base U/L (1 U = 1 µmol/min, so 1 µkat = 60 U).
    CatalyticConcentration,
    /// Cells per volume; base 1/L.
    NumberConcentration,
    /// International units per volume (hormones such as TSH); base mIU/L.
    ArbitraryConcentration,
    /// A part of a whole; base 1 (1 % = 0.01, 1 L/L = 1).
    Fraction,
    /// Amount of substance per amount of substance; base mol/mol (HbA1c in IFCC units).
    SubstanceFraction,
    /// The volume of one cell; base fL.
    EntityVolume,
    /// Filtration rate per body surface; base mL/min/1.73 m².
    FiltrationRate,
}

impl Dimension {
    const ALL: [Dimension; 9] = [
        Dimension::MassConcentration,
        Dimension::SubstanceConcentration,
        Dimension::CatalyticConcentration,
        Dimension::NumberConcentration,
        Dimension::ArbitraryConcentration,
        Dimension::Fraction,
        Dimension::SubstanceFraction,
        Dimension::EntityVolume,
        Dimension::FiltrationRate,
    ];

    /// Its name in a test key.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Dimension::MassConcentration => "mass",
            Dimension::SubstanceConcentration => "substance",
            Dimension::CatalyticConcentration => "catalytic",
            Dimension::NumberConcentration => "number",
            Dimension::ArbitraryConcentration => "arbitrary",
            Dimension::Fraction => "fraction",
            Dimension::SubstanceFraction => "substance-fraction",
            Dimension::EntityVolume => "entity-volume",
            Dimension::FiltrationRate => "filtration",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// A unit this crate knows.
#[derive(Debug, PartialEq)]
pub struct Unit {
    /// How it is shown: "mg/dL", "µmol/L" (with the micro sign).
    pub symbol: &'static str,
    pub dimension: Dimension,
    /// One of this unit in the dimension's base unit.
    pub factor: f64,
}

const fn unit(symbol: &'static str, dimension: Dimension, factor: f64) -> Unit {
    Unit { symbol, dimension, factor }
}

use Dimension::*;

/// Every unit known, with the spellings (as [`normalise`] folds them) that mean it.
/// Prefixes are SI's; 1 U (enzyme unit) = 1 µmol/min, so 1 µkat/L = 60 U/L; 1 µIU/mL =
/// 1 mIU/L; 1 µL = 10^-6 L, so 10^3/µL = 10^9/L.
static UNITS: &[(&[&str], Unit)] = &[
    (&["g/l"], unit("g/L", MassConcentration, 1.0)),
    (&["g/dl", "g/100ml"], unit("g/dL", MassConcentration, 10.0)),
    (&["mg/l"], unit("mg/L", MassConcentration, 1e-3)),
    (&["mg/dl", "mg/100ml", "mg%"], unit("mg/dL", MassConcentration, 1e-2)),
    (&["ug/l"], unit("µg/L", MassConcentration, 1e-6)),
    (&["ug/dl", "ug/100ml"], unit("µg/dL", MassConcentration, 1e-5)),
    (&["ug/ml"], unit("µg/mL", MassConcentration, 1e-3)),
    (&["ng/ml"], unit("ng/mL", MassConcentration, 1e-6)),
    (&["ng/dl"], unit("ng/dL", MassConcentration, 1e-8)),
    (&["ng/l"], unit("ng/L", MassConcentration, 1e-9)),
    (&["pg/ml"], unit("pg/mL", MassConcentration, 1e-9)),
    (&["mol/l"], unit("mol/L", SubstanceConcentration, 1.0)),
    (&["mmol/l"], unit("mmol/L", SubstanceConcentration, 1e-3)),
    (&["umol/l"], unit("µmol/L", SubstanceConcentration, 1e-6)),
    (&["nmol/l"], unit("nmol/L", SubstanceConcentration, 1e-9)),
    (&["pmol/l"], unit("pmol/L", SubstanceConcentration, 1e-12)),
    // "IU/L", "UI/L", "E/L" for an enzyme are its units of activity (U/L).
    (&["u/l", "iu/l", "ui/l", "e/l"], unit("U/L", CatalyticConcentration, 1.0)),
    (&["ukat/l"], unit("µkat/L", CatalyticConcentration, 60.0)),
    (&["nkat/l"], unit("nkat/L", CatalyticConcentration, 0.06)),
    (&["10^9/l", "/nl"], unit("10^9/L", NumberConcentration, 1e9)),
    (&["10^3/ul", "10^3/mm3"], unit("10^3/µL", NumberConcentration, 1e9)),
    (&["10^12/l", "/pl"], unit("10^12/L", NumberConcentration, 1e12)),
    (&["10^6/ul", "10^6/mm3"], unit("10^6/µL", NumberConcentration, 1e12)),
    (&["/ul", "/mm3"], unit("/µL", NumberConcentration, 1e6)),
    // TSH's milli-units are international units: "mU/L" there is mIU/L.
    (&["miu/l", "mui/l", "mu/l", "me/l"], unit("mIU/L", ArbitraryConcentration, 1.0)),
    (&["uiu/ml", "uui/ml", "uu/ml", "ue/ml"], unit("µIU/mL", ArbitraryConcentration, 1.0)),
    (&["iu/ml", "ui/ml"], unit("IU/mL", ArbitraryConcentration, 1e6)),
    (&["%", "vol%"], unit("%", Fraction, 0.01)),
    (&["l/l"], unit("L/L", Fraction, 1.0)),
    (&["mmol/mol"], unit("mmol/mol", SubstanceFraction, 1e-3)),
    (&["fl", "um3"], unit("fL", EntityVolume, 1.0)),
    (
        &["ml/min/1.73m2", "ml/min/1.73m^2", "ml/min/1.73", "ml/min/{1.73_m2}"],
        unit("mL/min/1.73m²", FiltrationRate, 1.0),
    ),
];

/// Giga and tera per litre are written with capitals (G/L, T/L), which folding to
/// lowercase would turn into grams per litre: read before anything is folded.
static CELL_COUNTS_BY_CASE: &[(&str, &str)] =
    &[("G/L", "10^9/L"), ("G/l", "10^9/L"), ("T/L", "10^12/L"), ("T/l", "10^12/L")];

impl Unit {
    /// The unit `text` spells, if this crate knows it.
    pub fn parse(text: &str) -> Option<&'static Unit> {
        let trimmed = text.trim();
        if let Some((_, symbol)) = CELL_COUNTS_BY_CASE.iter().find(|(s, _)| *s == trimmed) {
            return Self::by_symbol(symbol);
        }
        Self::find(&normalise(trimmed))
    }

    /// The unit a [`normalise`]d spelling names.
    pub(crate) fn find(normalised: &str) -> Option<&'static Unit> {
        UNITS.iter().find(|(spellings, _)| spellings.contains(&normalised)).map(|(_, unit)| unit)
    }

    /// The unit shown as `symbol` (as the catalogue names them).
    pub(crate) fn by_symbol(symbol: &str) -> Option<&'static Unit> {
        UNITS.iter().map(|(_, unit)| unit).find(|unit| unit.symbol == symbol)
    }
}

/// Whether `text` says there is no unit: a ratio such as the INR is printed with none, "-",
/// or its own name.
pub fn is_unitless(text: Option<&str>) -> bool {
    let Some(text) = text else { return true };
    matches!(normalise(text).as_str(), "" | "-" | "--" | "inr" | "ratio" | "(ratio)" | "{ratio}")
}

/// One key per spelling of a unit: no spaces, lowercase, micro sign and Greek mu as `u`,
/// a decimal comma as a point, `10*9`, `10E9`, `10⁹` and a leading `x`/`×` as `10^9`,
/// `m²` as `m2`.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let text = text.trim();
    let text =
        text.strip_prefix(['x', 'X', '×']).filter(|rest| rest.starts_with("10")).unwrap_or(text);
    for c in text.chars() {
        match c {
            c if c.is_whitespace() => {}
            'µ' | 'μ' => out.push('u'),
            ',' => out.push('.'),
            '²' | '³' | '⁰' | '¹' | '⁴'..='⁹' => {
                let digit = match c {
                    '²' => '2',
                    '³' => '3',
                    '¹' => '1',
                    '⁰' => '0',
                    other => char::from_u32(u32::from(other) - u32::from('⁴') + u32::from('4'))
                        .unwrap_or('?'),
                };
                // After "10" a raised digit is a power of ten; after a letter (m²) a power.
                if out.ends_with("10") {
                    out.push('^');
                }
                out.push(digit);
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    for written in ["10*", "10e"] {
        if out.starts_with(written) {
            out.replace_range(..written.len(), "10^");
        }
    }
    out
}

/// A linear (or affine) change of unit: `to = from × scale + offset`. The scale is always
/// positive, so a range's low stays its low.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conversion {
    pub scale: f64,
    pub offset: f64,
}

impl Conversion {
    pub const IDENTITY: Conversion = Conversion { scale: 1.0, offset: 0.0 };

    pub const fn scale(scale: f64) -> Self {
        Conversion { scale, offset: 0.0 }
    }

    pub fn apply(self, value: f64) -> f64 {
        value * self.scale + self.offset
    }

    /// This, then `next`.
    pub fn then(self, next: Conversion) -> Conversion {
        Conversion {
            scale: self.scale * next.scale,
            offset: self.offset * next.scale + next.offset,
        }
    }

    /// The way back.
    pub fn inverse(self) -> Conversion {
        Conversion { scale: 1.0 / self.scale, offset: -self.offset / self.scale }
    }

    /// Between two units of one dimension; None across dimensions.
    pub fn within(from: &Unit, to: &Unit) -> Option<Conversion> {
        (from.dimension == to.dimension).then(|| Conversion::scale(from.factor / to.factor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol(text: &str) -> Option<&'static str> {
        Unit::parse(text).map(|u| u.symbol)
    }

    #[test]
    fn spellings_of_one_unit_are_one_unit() {
        for text in ["mg/dL", "mg/dl", "MG/DL", " mg / dl ", "mg%"] {
            assert_eq!(symbol(text), Some("mg/dL"), "{text}");
        }
        // Micro sign (U+00B5), Greek mu (U+03BC), u.
        for text in ["µmol/L", "μmol/L", "umol/l", "µmol/l", "UMOL/L"] {
            assert_eq!(symbol(text), Some("µmol/L"), "{text}");
        }
        for text in ["10^9/L", "10*9/L", "10E9/L", "x10^9/L", "×10⁹/L", "10⁹/l", "G/L", "/nL"]
        {
            assert_eq!(symbol(text), Some("10^9/L"), "{text}");
        }
        for text in ["10^12/L", "10¹²/L", "T/L", "10*12/l"] {
            assert_eq!(symbol(text), Some("10^12/L"), "{text}");
        }
        for text in ["mL/min/1.73m²", "ml/min/1,73 m2", "mL/min/1.73 m^2"] {
            assert_eq!(symbol(text), Some("mL/min/1.73m²"), "{text}");
        }
        for text in ["U/L", "IU/L", "UI/L", "E/L"] {
            assert_eq!(symbol(text), Some("U/L"), "{text}");
        }
        assert_eq!(symbol("mU/L"), Some("mIU/L"));
        assert_eq!(symbol("µUI/mL"), Some("µIU/mL"));
        // A capital G is giga (a cell count), a small g is gram.
        assert_eq!(symbol("g/L"), Some("g/L"));
        assert_eq!(symbol("g/l"), Some("g/L"));
        assert_eq!(symbol("furlongs"), None);
        assert_eq!(symbol(""), None);
        assert!(is_unitless(None) && is_unitless(Some(" ")) && is_unitless(Some("INR")));
        assert!(!is_unitless(Some("s")));
    }

    #[test]
    fn units_of_one_dimension_convert_by_their_factors() {
        let convert = |value: f64, from: &str, to: &str| {
            let (from, to) = (Unit::parse(from).unwrap(), Unit::parse(to).unwrap());
            Conversion::within(from, to).map(|c| c.apply(value))
        };
        let close =
            |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9 * b.abs().max(1.0));
        assert!(close(convert(13.5, "g/dL", "g/L"), 135.0));
        assert!(close(convert(135.0, "g/L", "g/dL"), 13.5));
        assert!(close(convert(0.5, "µkat/L", "U/L"), 30.0));
        assert!(close(convert(30.0, "U/L", "µkat/L"), 0.5));
        assert!(close(convert(6.2, "10^3/µL", "10^9/L"), 6.2));
        assert!(close(convert(4.5, "10^6/µL", "10^12/L"), 4.5));
        assert!(close(convert(0.42, "L/L", "%"), 42.0));
        assert!(close(convert(2.1, "µIU/mL", "mIU/L"), 2.1));
        assert!(close(convert(350.0, "pg/mL", "ng/L"), 350.0));
        assert!(close(convert(30.0, "ng/mL", "µg/L"), 30.0));
        // Across dimensions nothing converts without a test's molar mass.
        assert_eq!(convert(100.0, "mg/dL", "mmol/L"), None);
        assert_eq!(convert(6.5, "%", "mmol/mol"), None);
    }

    #[test]
    fn conversions_compose_and_invert() {
        let affine = Conversion { scale: 10.929, offset: -10.929 * 2.15 };
        let back = affine.inverse();
        for value in [4.0, 6.5, 12.0] {
            assert!((back.apply(affine.apply(value)) - value).abs() < 1e-12);
        }
        let both = Conversion::scale(100.0).then(affine);
        assert!((both.apply(0.065) - affine.apply(6.5)).abs() < 1e-12);
    }

    #[test]
    fn every_unit_is_found_by_its_symbol_and_spellings() {
        for (spellings, unit) in UNITS {
            for spelling in *spellings {
                assert_eq!(normalise(spelling), *spelling, "spellings are kept normalised");
                assert_eq!(Unit::parse(spelling).map(|u| u.symbol), Some(unit.symbol));
            }
            assert_eq!(Unit::parse(unit.symbol).map(|u| u.symbol), Some(unit.symbol));
            assert_eq!(Unit::by_symbol(unit.symbol).map(|u| u.symbol), Some(unit.symbol));
        }
    }
}
