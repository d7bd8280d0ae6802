//! Radiology studies: the images behind a radiology report (DICOM files kept by the
//! server), their previews, the study as a ZIP, and the codes a patient makes to share one
//! study with a care provider outside the network. A study is visible exactly when its
//! report is.
//!
//! Routes (under `/api/v1/records/{id}/reports/{report}/study`): `GET` the study,
//! `GET .../series/{series}/preview` (PNG), `GET .../zip` (the DICOM files),
//! `GET`/`POST .../share-codes`, `DELETE .../share-codes/{code}`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Sensitive;

/// The longest a share code works, in days (the FAQ: a code with an expiry).
pub const MAX_SHARE_DAYS: u32 = 30;
/// Wrong dates of birth before a share code is blocked.
pub const MAX_SHARE_CODE_TRIES: u32 = 5;
/// The characters of a share code (without its dashes): 16 from a 31-letter alphabet,
/// 79 bits. The last [`SHARE_CODE_ENDING_CHARS`] are kept in clear to tell codes apart.
pub const SHARE_CODE_CHARS: usize = 16;
pub const SHARE_CODE_ENDING_CHARS: usize = 4;
/// The provider's page, on the server: `{server}/images`.
pub const SHARE_PAGE_PATH: &str = "/images";

/// `GET /api/v1/records/{id}/reports/{report}/study`: the study of a radiology report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RadiologyStudyView {
    pub id: String,
    pub report_id: String,
    /// The modalities of its series, as DICOM names them (`CT`, `MR`, `US`, ...), each
    /// once, in series order.
    pub modalities: Vec<String>,
    /// As DICOM's Body Part Examined says (`CHEST`, `HEAD`, ...); None when not given.
    pub body_part: Option<String>,
    /// The day of the study (DICOM Study Date); None when not given.
    #[serde(default, with = "crate::dates::iso_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub study_date: Option<NaiveDate>,
    pub description: Option<String>,
    /// Images in the whole study (one per DICOM file).
    pub image_count: u32,
    /// The size of the DICOM files together, in bytes (the ZIP is a little larger).
    pub size_bytes: u64,
    /// In series number order.
    pub series: Vec<RadiologySeriesView>,
}

/// One series of a study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RadiologySeriesView {
    pub id: String,
    /// DICOM Series Number; None when not given.
    pub number: Option<i64>,
    pub modality: String,
    pub description: Option<String>,
    pub image_count: u32,
    /// Whether `.../series/{series}/preview` has a picture (a series without pixel data,
    /// a structured report, has none).
    pub has_preview: bool,
}

/// `POST .../share-codes`: a code for one study, working `days` days (1 to
/// [`MAX_SHARE_DAYS`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewShareCodeRequest {
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 30))]
    pub days: u32,
}

/// Where a share code stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShareCodeStatus {
    Active,
    Expired,
    Revoked,
    /// Too many wrong dates of birth were typed with it.
    Blocked,
}

/// A share code as the patient's list shows it: never the code itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareCodeView {
    pub id: String,
    /// The code's last characters, to tell it apart (`…7KQM`).
    pub ending: String,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub status: ShareCodeStatus,
    /// How often the study was opened or downloaded with it.
    pub uses: u32,
    /// The page the provider opens, to give with the code.
    pub page_url: String,
}

/// `201` to `POST .../share-codes`: the code, this once (only its hash is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShareCodeCreated {
    /// `XXXX-XXXX-XXXX-XXXX`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub code: Sensitive<String>,
    pub share: ShareCodeView,
}

/// Why a share code was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ShareCodeProblem {
    /// `days` is not within 1 and `max`.
    Days { max: u32 },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format() {
        let study = RadiologyStudyView {
            id: "s1".into(),
            report_id: "r1".into(),
            modalities: vec!["CT".into()],
            body_part: Some("CHEST".into()),
            study_date: NaiveDate::from_ymd_opt(2026, 11, 2),
            description: None,
            image_count: 2,
            size_bytes: 1024,
            series: vec![RadiologySeriesView {
                id: "se1".into(),
                number: Some(1),
                modality: "CT".into(),
                description: Some("Axial".into()),
                image_count: 2,
                has_preview: true,
            }],
        };
        let created = ShareCodeCreated {
            code: Sensitive::new("ABCD-EFGH-JKMN-PQRS".into()),
            share: ShareCodeView {
                id: "c1".into(),
                ending: "PQRS".into(),
                created_at: 1_700_000_000,
                expires_at: 1_700_086_400,
                revoked_at: None,
                status: ShareCodeStatus::Active,
                uses: 0,
                page_url: "https://dossier.example/images".into(),
            },
        };
        insta::assert_json_snapshot!((study, created, ShareCodeProblem::Days { max: 30 }));
    }
}
