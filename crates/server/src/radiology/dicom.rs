//! One DICOM file read with dicom-rs: what the study and its series need (UIDs, modality,
//! body part, date, numbers), and a series' preview rendered from an image's pixel data
//! with its modality LUT and VOI LUT (window), as a radiology viewer would show it first.

use chrono::NaiveDate;
use dicom_dictionary_std::tags;
use dicom_object::{DefaultDicomObject, OpenFileOptions, file::ReadPreamble};
use dicom_pixeldata::{ConvertOptions, PhotometricInterpretation, PixelDecoder, VoiLutOption};

/// The longest side of a preview, in pixels.
pub const PREVIEW_MAX_SIDE: u32 = 512;

/// What the import needs from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    pub study_uid: String,
    pub series_uid: String,
    pub sop_uid: String,
    pub instance_number: Option<i64>,
    pub modality: String,
    pub body_part: Option<String>,
    pub study_date: Option<NaiveDate>,
    pub study_description: Option<String>,
    pub series_number: Option<i64>,
    pub series_description: Option<String>,
    pub frames: u32,
    pub has_pixels: bool,
}

/// Why a file could not be read as DICOM.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DicomProblem {
    #[error("not a DICOM file (no DICM marker)")]
    NotDicom,
    #[error("not readable as DICOM: {0}")]
    Unreadable(String),
    #[error("no {0}")]
    Missing(&'static str),
}

/// The file as a DICOM object: Part 10 files with the 128-byte preamble, or without it.
fn open(bytes: &[u8]) -> Result<DefaultDicomObject, DicomProblem> {
    // The reader checks the magic code itself, and reads the meta group after it.
    let from_magic = if bytes.get(128..132) == Some(b"DICM") {
        &bytes[128..]
    } else if bytes.starts_with(b"DICM") {
        bytes
    } else {
        return Err(DicomProblem::NotDicom);
    };
    OpenFileOptions::new()
        .read_preamble(ReadPreamble::Never)
        .from_reader(from_magic)
        .map_err(|e| DicomProblem::Unreadable(e.to_string()))
}

fn text(object: &DefaultDicomObject, tag: dicom_core::Tag) -> Option<String> {
    let element = object.element_opt(tag).ok()??;
    let value = element.to_str().ok()?;
    let value = value.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    (!value.is_empty()).then(|| value.to_owned())
}

fn number(object: &DefaultDicomObject, tag: dicom_core::Tag) -> Option<i64> {
    text(object, tag)?.parse().ok()
}

/// DICOM's DA, `YYYYMMDD` (an old `YYYY.MM.DD` too).
fn date(value: &str) -> Option<NaiveDate> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()
}

/// Reads what the import needs.
pub fn facts(bytes: &[u8]) -> Result<FileFacts, DicomProblem> {
    let object = open(bytes)?;
    let required = |tag, name| text(&object, tag).ok_or(DicomProblem::Missing(name));
    Ok(FileFacts {
        study_uid: required(tags::STUDY_INSTANCE_UID, "Study Instance UID")?,
        series_uid: required(tags::SERIES_INSTANCE_UID, "Series Instance UID")?,
        sop_uid: required(tags::SOP_INSTANCE_UID, "SOP Instance UID")?,
        instance_number: number(&object, tags::INSTANCE_NUMBER),
        modality: text(&object, tags::MODALITY).unwrap_or_else(|| "OT".to_owned()),
        body_part: text(&object, tags::BODY_PART_EXAMINED),
        study_date: text(&object, tags::STUDY_DATE).as_deref().and_then(date),
        study_description: text(&object, tags::STUDY_DESCRIPTION),
        series_number: number(&object, tags::SERIES_NUMBER),
        series_description: text(&object, tags::SERIES_DESCRIPTION),
        frames: number(&object, tags::NUMBER_OF_FRAMES)
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(1)
            .max(1),
        has_pixels: object.element_opt(tags::PIXEL_DATA).ok().flatten().is_some(),
    })
}

/// A PNG of the file's middle frame, at most [`PREVIEW_MAX_SIDE`] a side: grey levels
/// through the modality LUT (rescale to Hounsfield units for CT) and the first VOI LUT or
/// window the file gives (else its values stretched from darkest to brightest), MONOCHROME1
/// inverted; colour images as they are.
pub fn preview_png(bytes: &[u8]) -> Result<Vec<u8>, DicomProblem> {
    let object = open(bytes)?;
    let failed = |e: dicom_pixeldata::Error| DicomProblem::Unreadable(e.to_string());
    let decoded = object.decode_pixel_data().map_err(failed)?;
    let frame = decoded.number_of_frames() / 2;
    let (width, height) = (decoded.columns(), decoded.rows());
    let (pixels, colour) = match decoded.samples_per_pixel() {
        1 => {
            let options = ConvertOptions::new().with_voi_lut(VoiLutOption::First);
            // The LUTs' output spans the stored depth rounded up (0..=65535 for 12 or 16
            // bits, 0..=255 for 8): read it wide, keep the top eight bits.
            let wide: Vec<u16> =
                decoded.to_vec_frame_with_options(frame, &options).map_err(failed)?;
            let shift = if decoded.bits_allocated() > 8 { 8 } else { 0 };
            let mut grey: Vec<u8> = wide.iter().map(|v| (v >> shift) as u8).collect();
            if *decoded.photometric_interpretation() == PhotometricInterpretation::Monochrome1 {
                grey.iter_mut().for_each(|v| *v = 255 - *v);
            }
            (grey, png::ColorType::Grayscale)
        }
        3 => (decoded.to_vec_frame::<u8>(frame).map_err(failed)?, png::ColorType::Rgb),
        n => return Err(DicomProblem::Unreadable(format!("{n} samples per pixel"))),
    };
    let channels = if colour == png::ColorType::Rgb { 3 } else { 1 };
    if width == 0 || height == 0 || pixels.len() < (width * height * channels) as usize {
        return Err(DicomProblem::Unreadable("no image in the pixel data".into()));
    }
    let (pixels, width, height) = shrink(&pixels, width, height, channels);
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(colour);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer =
            encoder.write_header().map_err(|e| DicomProblem::Unreadable(e.to_string()))?;
        writer.write_image_data(&pixels).map_err(|e| DicomProblem::Unreadable(e.to_string()))?;
    }
    Ok(out)
}

/// Averages blocks of `factor` × `factor` pixels so the longest side fits
/// [`PREVIEW_MAX_SIDE`] (whole factors: no resampling library for a preview).
fn shrink(pixels: &[u8], width: u32, height: u32, channels: u32) -> (Vec<u8>, u32, u32) {
    let factor = width.max(height).div_ceil(PREVIEW_MAX_SIDE).max(1);
    if factor == 1 {
        return (pixels[..(width * height * channels) as usize].to_vec(), width, height);
    }
    let (w, h) = (width / factor, height / factor);
    let mut out = Vec::with_capacity((w * h * channels) as usize);
    for y in 0..h {
        for x in 0..w {
            for c in 0..channels {
                let mut sum = 0_u32;
                for dy in 0..factor {
                    for dx in 0..factor {
                        let (px, py) = (x * factor + dx, y * factor + dy);
                        sum += u32::from(pixels[((py * width + px) * channels + c) as usize]);
                    }
                }
                out.push((sum / (factor * factor)) as u8);
            }
        }
    }
    (out, w, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_dicom_writes_them() {
        assert_eq!(date("20261102"), NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(date("2026.11.02"), NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(date("2026"), None);
    }

    #[test]
    fn shrinking_averages_blocks_and_keeps_small_images() {
        let pixels: Vec<u8> = (0..4).map(|i| i * 10).collect();
        assert_eq!(shrink(&pixels, 2, 2, 1), (pixels.clone(), 2, 2));
        let big = vec![100_u8; 1030 * 600];
        let (out, w, h) = shrink(&big, 1030, 600, 1);
        assert_eq!((w, h), (343, 200));
        assert!(out.iter().all(|v| *v == 100));
    }

    #[test]
    fn text_is_not_dicom() {
        assert_eq!(facts(b"hello, not an image"), Err(DicomProblem::NotDicom));
    }
}
