//! The images of radiology reports, read from the server when asked (a study can be hundreds
//! of megabytes, so nothing of it is kept on the device): the study's facts, a preview per
//! series, the study as a ZIP read piece by piece, and the codes that share one study with
//! a care provider outside the network.

use dossier_api::radiology::{RadiologyStudyView, ShareCodeCreated, ShareCodeView};

use crate::error::CoreError;

use super::Account;

/// A study's ZIP on its way from the server.
#[derive(Debug)]
pub struct StudyDownload {
    response: reqwest::Response,
}

impl StudyDownload {
    /// The next piece of the ZIP; None at its end. A connection lost half way is an error:
    /// what was written must then be thrown away.
    pub async fn next_piece(&mut self) -> Result<Option<Vec<u8>>, CoreError> {
        let piece = self.response.chunk().await.map_err(CoreError::from_request)?;
        Ok(piece.map(|p| p.to_vec()))
    }
}

impl Account {
    /// The study of a radiology report; None when the report has none (or is no radiology
    /// report the user may see).
    pub async fn radiology_study(
        &self,
        record: &str,
        report: &str,
    ) -> Result<Option<RadiologyStudyView>, CoreError> {
        let found = self
            .with_session(|token| async move {
                self.client.radiology_study(&token, record, report).await
            })
            .await;
        match found {
            Ok(study) => Ok(Some(study)),
            Err(CoreError::Refused) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The preview of one series, as PNG bytes.
    pub async fn series_preview(
        &self,
        record: &str,
        report: &str,
        series: &str,
    ) -> Result<Vec<u8>, CoreError> {
        self.with_session(|token| async move {
            self.client.series_preview(&token, record, report, series).await
        })
        .await
    }

    /// Starts the download of a study as a ZIP of its DICOM files.
    pub async fn download_study(
        &self,
        record: &str,
        report: &str,
    ) -> Result<StudyDownload, CoreError> {
        let response = self
            .with_session(
                |token| async move { self.client.study_zip(&token, record, report).await },
            )
            .await?;
        Ok(StudyDownload { response })
    }

    /// The codes made for a study, newest first (never the codes themselves).
    pub async fn share_codes(
        &self,
        record: &str,
        report: &str,
    ) -> Result<Vec<ShareCodeView>, CoreError> {
        self.with_session(
            |token| async move { self.client.share_codes(&token, record, report).await },
        )
        .await
    }

    /// Makes a code that opens this study for `days` days; the code is in the answer, this
    /// once.
    pub async fn create_share_code(
        &self,
        record: &str,
        report: &str,
        days: u32,
    ) -> Result<ShareCodeCreated, CoreError> {
        self.with_session(|token| async move {
            self.client.create_share_code(&token, record, report, days).await
        })
        .await
    }

    /// Stops a code at once.
    pub async fn revoke_share_code(
        &self,
        record: &str,
        report: &str,
        code: &str,
    ) -> Result<ShareCodeView, CoreError> {
        self.with_session(|token| async move {
            self.client.revoke_share_code(&token, record, report, code).await
        })
        .await
    }
}
