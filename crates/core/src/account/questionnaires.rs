//! Questionnaires hospitals sent to a record, filled in from the app: read from the server
//! each time (they are a task, not part of the record to keep offline), answers saved part
//! way or submitted. The UI checks answers with dossier-api's rule before sending; the
//! server checks again and refuses with the problem of each question
//! ([`CoreError::AnswersRefused`]).

use dossier_api::questionnaires::{QuestionnaireSummary, QuestionnaireView, SaveAnswersRequest};

use crate::error::CoreError;

use super::Account;

impl Account {
    /// The record's questionnaires: to fill in first, then submitted.
    pub async fn questionnaires(
        &self,
        record: &str,
    ) -> Result<Vec<QuestionnaireSummary>, CoreError> {
        self.with_session(|token| async move { self.client.questionnaires(&token, record).await })
            .await
    }

    /// One questionnaire with the answers kept so far.
    pub async fn questionnaire(
        &self,
        record: &str,
        questionnaire: &str,
    ) -> Result<QuestionnaireView, CoreError> {
        let view = self
            .with_session(|token| async move {
                self.client.questionnaire(&token, record, questionnaire).await
            })
            .await?;
        if view.summary.id != questionnaire {
            return Err(CoreError::InvalidResponse);
        }
        Ok(view)
    }

    /// Keeps `answers` (they replace those kept), part way or submitted.
    pub async fn save_answers(
        &self,
        record: &str,
        questionnaire: &str,
        answers: &SaveAnswersRequest,
    ) -> Result<QuestionnaireView, CoreError> {
        let view = self
            .with_session(|token| async move {
                self.client.save_answers(&token, record, questionnaire, answers).await
            })
            .await?;
        if view.summary.id != questionnaire {
            return Err(CoreError::InvalidResponse);
        }
        Ok(view)
    }
}
