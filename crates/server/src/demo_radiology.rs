//! The demo's radiology studies: made at seed time (no DICOM file is kept in the
//! repository), on the newest chest CT and head MRI reports shown to An and Lotte: a CT of
//! the chest (two series) and an MR of the head (one series), each image a 128 × 128 16-bit
//! phantom of a few discs written with dicom-object, stored through the staff import path.

use dicom_core::{DataElement, PrimitiveValue, VR, value::C};
use dicom_dictionary_std::{tags, uids};
use dicom_object::{FileMetaTableBuilder, InMemDicomObject};
use sqlx::AnyConnection;

use crate::{error::ServerError, radiology};

const SIDE: u16 = 128;

/// Which kind of study, with what it looks like in its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phantom {
    /// Hounsfield units through rescale intercept −1024, a soft-tissue window.
    ChestCt,
    /// Arbitrary MR signal, a window of its own.
    HeadMr,
}

impl Phantom {
    /// The demo report titles (NL and FR) whose examination this study is.
    fn titles(self) -> &'static [&'static str] {
        match self {
            Phantom::ChestCt => &["CT thorax", "Scanner du thorax"],
            Phantom::HeadMr => &["MRI hersenen", "IRM cérébrale"],
        }
    }
}

fn uid() -> String {
    // The UUID-derived form of a UID (ISO/IEC 9834-8): no organisation root needed.
    format!("2.25.{}", uuid::Uuid::new_v4().as_u128())
}

/// One slice: discs whose size changes along the stack, so each slice differs.
fn pixels(phantom: Phantom, slice: usize, slices: usize) -> Vec<u16> {
    let c = f64::from(SIDE) / 2.0;
    let t = (slice as f64 + 0.5) / slices as f64;
    let bulge = (std::f64::consts::PI * t).sin();
    let mut out = Vec::with_capacity(usize::from(SIDE) * usize::from(SIDE));
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dx, dy) = (f64::from(x) - c, f64::from(y) - c);
            let r = (dx * dx + dy * dy).sqrt();
            let value = match phantom {
                Phantom::ChestCt => {
                    // Stored value = HU + 1024: air outside, soft tissue, two lungs, a spine.
                    let lung = |cx: f64| ((dx - cx).powi(2) / 400.0 + dy.powi(2) / 900.0) < bulge;
                    if r > 58.0 {
                        0
                    } else if ((dx).powi(2) + (dy - 34.0).powi(2)).sqrt() < 8.0 {
                        1024 + 700
                    } else if lung(-24.0) || lung(24.0) {
                        1024 - 800
                    } else {
                        1024 + 40
                    }
                }
                Phantom::HeadMr => {
                    if r > 54.0 {
                        0
                    } else if r > 50.0 {
                        900
                    } else if ((dx - 12.0).powi(2) + (dy + 6.0).powi(2)).sqrt() < 10.0 * bulge {
                        1400
                    } else {
                        500 + (r * 4.0) as u16
                    }
                }
            };
            out.push(value);
        }
    }
    out
}

fn text(tag: dicom_core::Tag, vr: VR, value: &str) -> DataElement<InMemDicomObject> {
    DataElement::new(tag, vr, PrimitiveValue::from(value))
}

fn short(tag: dicom_core::Tag, value: u16) -> DataElement<InMemDicomObject> {
    DataElement::new(tag, VR::US, PrimitiveValue::from(value))
}

/// A whole study's files, named as a folder would hold them.
pub fn study(
    phantom: Phantom,
    patient_name: &str,
    study_date: chrono::NaiveDate,
) -> Result<Vec<(String, Vec<u8>)>, ServerError> {
    let study_uid = uid();
    let (modality, sop_class, body_part, description, series): (_, _, _, _, &[(&str, usize)]) =
        match phantom {
            Phantom::ChestCt => (
                "CT",
                uids::CT_IMAGE_STORAGE,
                "CHEST",
                "CT thorax",
                &[("Axiaal 5 mm", 6), ("Axiaal longvenster", 4)],
            ),
            Phantom::HeadMr => {
                ("MR", uids::MR_IMAGE_STORAGE, "HEAD", "MR hersenen", &[("T2 axiaal", 5)])
            }
        };
    let (center, width, intercept) = match phantom {
        Phantom::ChestCt => ("40", "400", "-1024"),
        Phantom::HeadMr => ("800", "1400", "0"),
    };
    let mut files = Vec::new();
    for (number, (series_description, slices)) in series.iter().enumerate() {
        let series_uid = uid();
        // The lung series looks through a lung window.
        let (center, width) = if number == 1 { ("-600", "1500") } else { (center, width) };
        for slice in 0..*slices {
            let object = InMemDicomObject::from_element_iter([
                text(tags::SOP_CLASS_UID, VR::UI, sop_class),
                text(tags::SOP_INSTANCE_UID, VR::UI, &uid()),
                text(tags::STUDY_DATE, VR::DA, &study_date.format("%Y%m%d").to_string()),
                text(tags::MODALITY, VR::CS, modality),
                text(tags::STUDY_DESCRIPTION, VR::LO, description),
                text(tags::SERIES_DESCRIPTION, VR::LO, series_description),
                text(tags::PATIENT_NAME, VR::PN, patient_name),
                text(tags::BODY_PART_EXAMINED, VR::CS, body_part),
                text(tags::STUDY_INSTANCE_UID, VR::UI, &study_uid),
                text(tags::SERIES_INSTANCE_UID, VR::UI, &series_uid),
                text(tags::SERIES_NUMBER, VR::IS, &(number + 1).to_string()),
                text(tags::INSTANCE_NUMBER, VR::IS, &(slice + 1).to_string()),
                short(tags::SAMPLES_PER_PIXEL, 1),
                text(tags::PHOTOMETRIC_INTERPRETATION, VR::CS, "MONOCHROME2"),
                short(tags::ROWS, SIDE),
                short(tags::COLUMNS, SIDE),
                short(tags::BITS_ALLOCATED, 16),
                short(tags::BITS_STORED, 12),
                short(tags::HIGH_BIT, 11),
                short(tags::PIXEL_REPRESENTATION, 0),
                text(tags::WINDOW_CENTER, VR::DS, center),
                text(tags::WINDOW_WIDTH, VR::DS, width),
                text(tags::RESCALE_INTERCEPT, VR::DS, intercept),
                text(tags::RESCALE_SLOPE, VR::DS, "1"),
                DataElement::new(
                    tags::PIXEL_DATA,
                    VR::OW,
                    PrimitiveValue::U16(C::from_vec(pixels(phantom, slice, *slices))),
                ),
            ]);
            let file = object
                .with_meta(
                    FileMetaTableBuilder::new().transfer_syntax(uids::EXPLICIT_VR_LITTLE_ENDIAN),
                )
                .map_err(|e| ServerError::Demo(format!("demo DICOM: {e}")))?;
            let mut bytes = Vec::new();
            file.write_all(&mut bytes)
                .map_err(|e| ServerError::Demo(format!("demo DICOM: {e}")))?;
            files.push((format!("series{}/slice{:02}.dcm", number + 1, slice + 1), bytes));
        }
    }
    Ok(files)
}

/// Each patient's newest chest CT report shown to them now gets the CT study, and the
/// newest head MRI report the MR study: the images fit what the report's title examined.
pub async fn seed(
    conn: &mut AnyConnection,
    patient_ids: &[&str],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServerError> {
    for patient_id in patient_ids {
        let reports: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT r.id, r.performed_on, p.family_name, p.given_name, r.title FROM reports r \
             JOIN patients p ON p.id = r.patient_id WHERE r.patient_id = $1 \
             AND r.report_type = 'radiology' AND r.status = 'validated' \
             ORDER BY r.performed_on DESC, r.id",
        )
        .bind(*patient_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut shown = Vec::new();
        for phantom in [Phantom::ChestCt, Phantom::HeadMr] {
            for (id, performed_on, family, given, title) in &reports {
                if phantom.titles().contains(&title.as_str())
                    && radiology::report_visible(conn, patient_id, id, now).await?
                {
                    shown.push((
                        (id.clone(), performed_on.clone(), family.clone(), given.clone()),
                        phantom,
                    ));
                    break;
                }
            }
        }
        for ((report_id, performed_on, family, given), phantom) in shown {
            let day = dossier_api::dates::parse_iso(&performed_on)
                .ok_or_else(|| ServerError::Demo("a demo report's date".into()))?;
            let files = study(phantom, &format!("{family}^{given}"), day)?;
            let prepared = radiology::prepare(files)
                .map_err(|e| ServerError::Demo(format!("demo study: {e}")))?;
            radiology::store(conn, &report_id, &prepared, now.timestamp())
                .await
                .map_err(|e| ServerError::Demo(format!("demo study: {e}")))?;
        }
    }
    Ok(())
}
