//! The demo reports: well over a thousand realistic reports for the demo patients, across
//! the three partner hospitals, the six report types and the years. Lab panels carry
//! reference ranges with some values out of range; a few reports are protected, a few are
//! drafts, some wait out a hospital's delay, some predate a hospital's first date. A few
//! lab tests follow each patient's course over the years (`demo_labs`).
//! Deterministic: the same day gives the same data.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use dossier_api::reports::{LabFlag, LabTestCode, LabValue, ReportType};

use crate::{
    clock::hospital_zone,
    reports::{IncomingReport, IncomingStatus, SourceVersion},
};

/// Days a partner waits after validation, per type: the Tienen partner holds reports a
/// week and lab results a day; the others show them at once.
pub const DELAYS: &[(&str, ReportType, u32)] = &[
    ("smt", ReportType::LabResult, 1),
    ("smt", ReportType::Radiology, 7),
    ("smt", ReportType::Consultation, 7),
    ("smt", ReportType::Admission, 7),
    ("smt", ReportType::Functional, 7),
    ("smt", ReportType::Examination, 7),
];

/// A small deterministic generator (xorshift): demo data, not secrets.
pub(crate) struct Dice(u64);

impl Dice {
    pub(crate) fn new(seed: &str) -> Self {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for byte in seed.bytes() {
            state = (state ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
        }
        Self(state | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// Uniform in [low, high].
    pub(crate) fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * (self.below(10_000) as f64 / 10_000.0)
    }
}

struct Analyte {
    loinc: &'static str,
    nl: &'static str,
    fr: &'static str,
    unit: &'static str,
    low: Option<f64>,
    high: Option<f64>,
    decimals: usize,
}

const fn analyte(
    loinc: &'static str,
    nl: &'static str,
    fr: &'static str,
    unit: &'static str,
    low: Option<f64>,
    high: Option<f64>,
    decimals: usize,
) -> Analyte {
    Analyte { loinc, nl, fr, unit, low, high, decimals }
}

const BLOOD: &[Analyte] = &[
    analyte("718-7", "Hemoglobine", "Hémoglobine", "g/dL", Some(12.0), Some(16.5), 1),
    analyte("6690-2", "Leukocyten", "Leucocytes", "10^9/L", Some(4.0), Some(10.0), 1),
    analyte("777-3", "Trombocyten", "Plaquettes", "10^9/L", Some(150.0), Some(400.0), 0),
    analyte("2951-2", "Natrium", "Sodium", "mmol/L", Some(136.0), Some(145.0), 0),
    analyte("2823-3", "Kalium", "Potassium", "mmol/L", Some(3.5), Some(5.1), 1),
    analyte("2160-0", "Creatinine", "Créatinine", "mg/dL", Some(0.5), Some(1.1), 2),
    analyte("1988-5", "CRP", "CRP", "mg/L", None, Some(5.0), 1),
];
const LIPIDS: &[Analyte] = &[
    analyte("2093-3", "Totaal cholesterol", "Cholestérol total", "mg/dL", None, Some(190.0), 0),
    analyte("13457-7", "LDL-cholesterol", "Cholestérol LDL", "mg/dL", None, Some(115.0), 0),
    analyte("2085-9", "HDL-cholesterol", "Cholestérol HDL", "mg/dL", Some(40.0), None, 0),
    analyte("2571-8", "Triglyceriden", "Triglycérides", "mg/dL", None, Some(150.0), 0),
    analyte("1558-6", "Glucose (nuchter)", "Glucose à jeun", "mg/dL", Some(70.0), Some(100.0), 0),
];
const THYROID_LIVER: &[Analyte] = &[
    analyte("3016-3", "TSH", "TSH", "mU/L", Some(0.27), Some(4.2), 2),
    analyte("1742-6", "ALT", "ALT", "U/L", None, Some(35.0), 0),
    analyte("1920-8", "AST", "AST", "U/L", None, Some(35.0), 0),
    analyte("2324-2", "Gamma-GT", "Gamma-GT", "U/L", None, Some(40.0), 0),
];

fn lab_values(dice: &mut Dice, panel: &[Analyte], french: bool) -> Vec<LabValue> {
    panel
        .iter()
        .map(|a| {
            let (low, high) = (
                a.low.unwrap_or(a.high.unwrap_or(1.0) * 0.3),
                a.high.unwrap_or(a.low.unwrap_or(1.0) * 2.5),
            );
            // Mostly inside the range; now and then just outside it.
            let value = if dice.chance(14) {
                if dice.chance(50) && a.low.is_some() {
                    low * dice.between(0.7, 0.97)
                } else {
                    high * dice.between(1.03, 1.6)
                }
            } else {
                dice.between(low + (high - low) * 0.1, high - (high - low) * 0.1)
            };
            let flag = match (a.low, a.high) {
                (Some(l), _) if value < l => LabFlag::Low,
                (_, Some(h)) if value > h => LabFlag::High,
                _ => LabFlag::Normal,
            };
            let range = match (a.low, a.high) {
                (Some(l), Some(h)) => format!("{l:.prec$} - {h:.prec$}", prec = a.decimals),
                (None, Some(h)) => format!("< {h:.prec$}", prec = a.decimals),
                (Some(l), None) => format!("> {l:.prec$}", prec = a.decimals),
                (None, None) => String::new(),
            };
            LabValue {
                analyte: (if french { a.fr } else { a.nl }).to_owned(),
                value: format!("{value:.prec$}", prec = a.decimals),
                unit: Some(a.unit.to_owned()),
                reference_range: Some(range),
                flag,
                code: Some(LabTestCode { system: LabTestCode::LOINC.into(), code: a.loinc.into() }),
                panel: None,
            }
        })
        .collect()
}

const AUTHORS_NL: &[&str] =
    &["Dr. L. Maes", "Dr. K. Wouters", "Dr. S. Jacobs", "Dr. E. Willems", "Dr. T. Goossens"];
const AUTHORS_FR: &[&str] = &["Dr A. Lambert", "Dr M. Dupont", "Dr C. Leroy", "Dr J. Renard"];

fn title_and_body(
    dice: &mut Dice,
    report_type: ReportType,
    french: bool,
    child: bool,
) -> (String, String, Vec<&'static [Analyte]>) {
    let (titles, bodies): (&[&str], &[&str]) = match (report_type, french) {
        (ReportType::LabResult, false) => (
            &[
                "Bloedonderzoek",
                "Uitgebreid bloedonderzoek",
                "Lipidenprofiel",
                "Schildklier- en leverfunctie",
            ],
            &[
                "Zie resultaten.",
                "Resultaten besproken met de patiënt.",
                "Controle over drie maanden aanbevolen.",
            ],
        ),
        (ReportType::LabResult, true) => (
            &[
                "Analyse sanguine",
                "Bilan sanguin complet",
                "Bilan lipidique",
                "Fonctions thyroïdienne et hépatique",
            ],
            &[
                "Voir résultats.",
                "Résultats discutés avec le patient.",
                "Contrôle recommandé dans trois mois.",
            ],
        ),
        (ReportType::Radiology, false) => (
            &[
                "CT thorax",
                "Echografie abdomen",
                "MRI hersenen",
                "MRI rechterknie",
                "RX linkerpols",
            ],
            &[
                "Klinische vraag: pijn. Bevindingen: geen fracturen, normale weke delen. Besluit: geen acute afwijkingen.",
                "Vraagstelling: controle. Normaal beeld van lever, galblaas en nieren. Geen vrij vocht.",
                "Geen aanwijzingen voor een bloeding of ischemie. Normale ventrikels.",
            ],
        ),
        (ReportType::Radiology, true) => (
            &["Scanner du thorax", "Échographie abdominale", "IRM cérébrale", "IRM du genou droit"],
            &[
                "Question clinique : douleur. Pas de fracture, tissus mous normaux. Conclusion : pas d’anomalie aiguë.",
                "Foie, vésicule et reins d’aspect normal. Pas de liquide libre.",
                "Pas de signe d’hémorragie ni d’ischémie.",
            ],
        ),
        (ReportType::Consultation, false) => (
            if child {
                &["Raadpleging pediatrie", "Raadpleging NKO"]
            } else {
                &[
                    "Raadpleging cardiologie",
                    "Raadpleging dermatologie",
                    "Raadpleging endocrinologie",
                    "Raadpleging orthopedie",
                ]
            },
            &[
                "Anamnese en klinisch onderzoek zonder bijzonderheden. Beleid: verder opvolgen.",
                "Klachten verbeterd sinds de vorige raadpleging. Medicatie ongewijzigd.",
                "Bespreking van de resultaten. Nieuwe afspraak over zes maanden.",
            ],
        ),
        (ReportType::Consultation, true) => (
            if child {
                &["Consultation de pédiatrie", "Consultation ORL"]
            } else {
                &[
                    "Consultation de cardiologie",
                    "Consultation de dermatologie",
                    "Consultation d’endocrinologie",
                ]
            },
            &[
                "Anamnèse et examen clinique sans particularité. Suivi habituel.",
                "Amélioration depuis la dernière consultation. Traitement inchangé.",
                "Résultats discutés. Prochain rendez-vous dans six mois.",
            ],
        ),
        (ReportType::Admission, false) => (
            &["Ontslagbrief hospitalisatie", "Ontslagbrief dagziekenhuis"],
            &[
                "Opname voor geplande ingreep. Vlot postoperatief verloop. Ontslag naar huis met pijnstilling.",
                "Dagopname voor onderzoek. Geen complicaties.",
            ],
        ),
        (ReportType::Admission, true) => (
            &["Lettre de sortie d’hospitalisation", "Lettre de sortie hôpital de jour"],
            &[
                "Admission pour intervention programmée. Suites simples. Retour à domicile.",
                "Hospitalisation de jour pour examen. Pas de complication.",
            ],
        ),
        (ReportType::Functional, false) => (
            &["Longfunctieonderzoek", "Elektrocardiogram (ECG)", "Inspanningstest"],
            &[
                "Normale longvolumes en diffusie.",
                "Sinusritme, normale geleiding.",
                "Goede inspanningscapaciteit zonder ischemische veranderingen.",
            ],
        ),
        (ReportType::Functional, true) => (
            &[
                "Épreuves fonctionnelles respiratoires",
                "Électrocardiogramme (ECG)",
                "Test d’effort",
            ],
            &[
                "Volumes pulmonaires et diffusion normaux.",
                "Rythme sinusal, conduction normale.",
                "Bonne capacité d’effort, pas de signe d’ischémie.",
            ],
        ),
        (ReportType::Examination, false) => (
            &["Gastroscopie", "Colonoscopie", "Audiometrie"],
            &[
                "Normaal slijmvlies. Biopten genomen.",
                "Volledig onderzoek tot het caecum. Eén kleine poliep verwijderd.",
                "Normaal gehoor aan beide zijden.",
            ],
        ),
        (ReportType::Examination, true) => (
            &["Gastroscopie", "Coloscopie", "Audiométrie"],
            &[
                "Muqueuse normale. Biopsies réalisées.",
                "Examen complet jusqu’au cæcum. Un petit polype retiré.",
                "Audition normale des deux côtés.",
            ],
        ),
    };
    let title = (*dice.pick(titles)).to_owned();
    let body = (*dice.pick(bodies)).to_owned();
    // An imaging report speaks of what its title examined (the draw above stays, so the
    // rest of the demo is drawn as before).
    let body = radiology_body(&title).map_or(body, str::to_owned);
    let panels: Vec<&'static [Analyte]> = match title.as_str() {
        "Lipidenprofiel" | "Bilan lipidique" => vec![LIPIDS],
        "Uitgebreid bloedonderzoek" | "Bilan sanguin complet" => vec![BLOOD, LIPIDS, THYROID_LIVER],
        "Schildklier- en leverfunctie" | "Fonctions thyroïdienne et hépatique" => {
            vec![THYROID_LIVER]
        }
        _ if report_type == ReportType::LabResult => vec![BLOOD],
        _ => Vec::new(),
    };
    (title, body, panels)
}

/// The findings that fit a radiology report's title.
fn radiology_body(title: &str) -> Option<&'static str> {
    Some(match title {
        "CT thorax" => {
            "Klinische vraag: aanhoudende hoest. Bevindingen: normaal belucht longparenchym, geen noduli, geen pleuravocht. Besluit: geen afwijkingen."
        }
        "Echografie abdomen" => {
            "Vraagstelling: controle. Normaal beeld van lever, galblaas en nieren. Geen vrij vocht."
        }
        "MRI hersenen" => {
            "Klinische vraag: hoofdpijn. Geen aanwijzingen voor een bloeding of ischemie. Normale ventrikels."
        }
        "MRI rechterknie" => {
            "Klinische vraag: pijn na een val. Intacte kruisbanden, geen meniscusscheur. Besluit: kneuzing."
        }
        "RX linkerpols" => {
            "Klinische vraag: pijn. Bevindingen: geen fracturen, normale weke delen. Besluit: geen acute afwijkingen."
        }
        "Scanner du thorax" => {
            "Question clinique : toux persistante. Parenchyme pulmonaire normal, pas de nodule ni d’épanchement. Conclusion : pas d’anomalie."
        }
        "Échographie abdominale" => {
            "Foie, vésicule et reins d’aspect normal. Pas de liquide libre."
        }
        "IRM cérébrale" => {
            "Question clinique : céphalées. Pas de signe d’hémorragie ni d’ischémie. Ventricules normaux."
        }
        "IRM du genou droit" => {
            "Question clinique : douleur après une chute. Ligaments croisés intacts, pas de lésion méniscale."
        }
        _ => return None,
    })
}

/// The demo reports of one patient, born on `born`, as of `now`.
pub fn for_patient(
    key: &str,
    born: NaiveDate,
    deceased_on: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Vec<IncomingReport> {
    let zone = hospital_zone();
    let today = now.with_timezone(&zone).date_naive();
    let last_day = deceased_on.unwrap_or(today);
    let mut dice = Dice::new(key);
    let child_years = (today.year() - born.year()) < 18;
    let count = if child_years { 70 } else { 150 };
    let first = born.max(crate::clock::date(2014, 1, 1));
    let span_days = i32::try_from((last_day - first).num_days()).unwrap_or(i32::MAX).max(1);
    let mut reports = Vec::with_capacity(count + 8);
    for n in 0..count {
        // Denser in recent years, as records grow.
        let fraction = (dice.between(0.0, 1.0)).sqrt();
        let offset = (f64::from(span_days) * fraction) as u64;
        let performed = first.checked_add_days(Days::new(offset)).unwrap_or(first).min(last_day);
        reports.push(report(&mut dice, key, n, performed, born, today, &zone));
    }
    // A few in the last days, so that delays and drafts show (not for the deceased).
    if deceased_on.is_none() {
        for n in 0..8 {
            let performed = today.checked_sub_days(Days::new(n)).unwrap_or(today);
            reports.push(report(&mut dice, key, count + n as usize, performed, born, today, &zone));
        }
    }
    reports
}

fn report(
    dice: &mut Dice,
    key: &str,
    n: usize,
    performed: NaiveDate,
    born: NaiveDate,
    today: NaiveDate,
    zone: &Tz,
) -> IncomingReport {
    let report_type = *dice.pick(&[
        ReportType::LabResult,
        ReportType::LabResult,
        ReportType::LabResult,
        ReportType::LabResult,
        ReportType::Radiology,
        ReportType::Radiology,
        ReportType::Consultation,
        ReportType::Consultation,
        ReportType::Functional,
        ReportType::Examination,
        ReportType::Admission,
    ]);
    let hospital = *dice.pick(&["hzk", "hzk", "smt", "smt", "cbw"]);
    let french = hospital == "cbw";
    let child = crate::patients::is_child_on(born, performed);
    let (title, body, panels) = title_and_body(dice, report_type, french, child);
    let mut lab_values: Vec<LabValue> =
        panels.iter().flat_map(|panel| lab_values(dice, panel, french)).collect();
    // A few tests follow the patient's course over the years, each hospital in its units.
    crate::demo_labs::follow(&mut lab_values, key, n, hospital, performed, born, french);
    // Validated a few hours to three days after, in the afternoon.
    let validated_on =
        performed.checked_add_days(Days::new(dice.below(3))).unwrap_or(performed).min(today);
    let validated_at = validated_on
        .and_hms_opt(14, 0, 0)
        .and_then(|afternoon| zone.from_local_datetime(&afternoon).earliest())
        .map_or(DateTime::UNIX_EPOCH, |zoned| zoned.with_timezone(&Utc))
        + TimeDelta::minutes(dice.below(180) as i64);
    let status = if dice.chance(3) {
        IncomingStatus::Protected { validated_at: Some(validated_at) }
    } else if (today - performed).num_days() < 3 && dice.chance(35) {
        IncomingStatus::Draft
    } else {
        IncomingStatus::Validated { at: validated_at }
    };
    let authors = if french { AUTHORS_FR } else { AUTHORS_NL };
    IncomingReport {
        source_id: format!("demo-{key}-{n}"),
        hospital_id: hospital.to_owned(),
        report_type,
        title,
        author: (*dice.pick(authors)).to_owned(),
        performed_on: performed,
        status,
        source_version: SourceVersion::default(),
        body,
        lab_values,
    }
}
