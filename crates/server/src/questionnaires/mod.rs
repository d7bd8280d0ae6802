//! Questionnaires a hospital sends to a patient: the forms as imported (FHIR R4
//! `Questionnaire`, [`crate::import::read_fhir_questionnaires`]), each sending to one
//! patient, and its answers: saved part way and finished later, from the app or from the
//! web page an e-mailed code opens ([`codes`]), checked by dossier-api's one rule, and
//! once submitted kept unchanged and exported by staff as a FHIR R4
//! `QuestionnaireResponse` ([`response`]).
//!
//! Who may answer: the patient, a parent of a child under 15 and a representative (the
//! access rule's record list says who opens the record); a trusted person reads along.

pub mod codes;
pub mod response;

use dossier_api::questionnaires::{
    Answer, AnswerProblem, AnswerStage, Questionnaire, QuestionnaireStatus, QuestionnaireSummary,
    QuestionnaireView,
};
use sqlx::AnyConnection;

use crate::{
    app::AppState, db, error::ServerError, import::ImportedQuestionnaire, patients::Patient,
};

/// A form stored from an import: new, or the same name and version already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredForm {
    pub id: String,
    pub title: String,
    pub new: bool,
}

/// Stores the questionnaires of a file for `hospital_id`, all or nothing.
pub async fn store_forms(
    state: &AppState,
    hospital_id: &str,
    forms: &[ImportedQuestionnaire],
) -> Result<Vec<StoredForm>, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let mut tx = db::begin_write(&mut conn).await?;
    let mut stored = Vec::new();
    for form in forms {
        stored.push(store_form(&mut tx, hospital_id, form, state.now()).await?);
    }
    tx.commit().await?;
    Ok(stored)
}

/// Stores one form, in the caller's transaction. A form whose url and version are stored
/// already is kept as it was (answers to it stay comparable).
pub async fn store_form(
    conn: &mut AnyConnection,
    hospital_id: &str,
    form: &ImportedQuestionnaire,
    now: i64,
) -> Result<StoredForm, ServerError> {
    let title = form.questionnaire.title.clone();
    let existing: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM questionnaire_forms WHERE hospital_id = $1 AND source_url = $2 \
         AND source_version = $3",
    )
    .bind(hospital_id)
    .bind(&form.source_url)
    .bind(&form.source_version)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id,)) = existing {
        return Ok(StoredForm { id, title, new: false });
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO questionnaire_forms (id, hospital_id, source_url, source_version, title, \
         questions, source, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(hospital_id)
    .bind(&form.source_url)
    .bind(&form.source_version)
    .bind(&title)
    .bind(to_json(&form.questionnaire))
    .bind(form.source.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(StoredForm { id, title, new: true })
}

/// Puts form `form_id` in `patient_id`'s record, waiting to be filled in, in the caller's
/// transaction; no e-mail ([`send`] mails). Its id.
pub async fn place(
    conn: &mut AnyConnection,
    form_id: &str,
    patient_id: &str,
    now: i64,
) -> Result<String, ServerError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO questionnaire_requests (id, form_id, patient_id, sent_at, status) \
         VALUES ($1, $2, $3, $4, 'waiting')",
    )
    .bind(&id)
    .bind(form_id)
    .bind(patient_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Sends form `form_id` to `patient`: a questionnaire waits in the record, and the patient
/// (or their parents and representatives) get the e-mail with a code ([`codes`]). Returns
/// the new questionnaire's id and how many e-mails went out.
pub async fn send(
    state: &AppState,
    form_id: &str,
    patient: &Patient,
) -> Result<(String, usize), ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let known: Option<(String,)> =
        sqlx::query_as("SELECT id FROM questionnaire_forms WHERE id = $1")
            .bind(form_id)
            .fetch_optional(&mut *conn)
            .await?;
    if known.is_none() {
        return Err(ServerError::InvalidInput("no such questionnaire form".into()));
    }
    if patient.is_deceased() {
        return Err(ServerError::InvalidInput("the patient died: nothing is sent".into()));
    }
    let id = place(&mut conn, form_id, &patient.id, state.now()).await?;
    drop(conn);
    let mailed = codes::send_links(state, patient).await?;
    tracing::info!(mailed, "questionnaire sent");
    Ok((id, mailed))
}

type Row = (String, String, String, i64, String, Option<String>, Option<i64>, String);

const SELECT: &str = "SELECT r.id, f.title, h.name, r.sent_at, r.status, r.answers, \
     r.submitted_at, f.questions FROM questionnaire_requests r \
     JOIN questionnaire_forms f ON f.id = r.form_id JOIN hospitals h ON h.id = f.hospital_id";

/// A questionnaire of a record with its answers so far.
#[derive(Debug, Clone)]
pub struct Stored {
    pub summary: QuestionnaireSummary,
    pub questionnaire: Questionnaire,
    pub answers: Vec<Answer>,
}

impl Stored {
    fn from_row(row: Row) -> Result<Self, ServerError> {
        let (id, title, hospital, sent_at, status, answers, submitted_at, questions) = row;
        let questionnaire: Questionnaire = from_json(&questions)?;
        let answers: Vec<Answer> = match answers {
            Some(text) => from_json(&text)?,
            None => Vec::new(),
        };
        let status = QuestionnaireStatus::parse(&status)
            .ok_or_else(|| ServerError::Corrupt("unknown questionnaire status".into()))?;
        Ok(Self {
            summary: QuestionnaireSummary {
                id,
                title,
                hospital,
                sent_at,
                status,
                answered: questionnaire.answered(&answers),
                question_count: questionnaire.questions.len(),
                submitted_at,
            },
            questionnaire,
            answers,
        })
    }

    pub fn view(self, may_answer: bool) -> QuestionnaireView {
        let may_answer = may_answer && self.summary.status != QuestionnaireStatus::Submitted;
        QuestionnaireView {
            summary: self.summary,
            questionnaire: self.questionnaire,
            answers: self.answers,
            may_answer,
        }
    }
}

/// Every questionnaire sent to `patient_id`: those still to fill in first, then the newest.
pub async fn list(conn: &mut AnyConnection, patient_id: &str) -> Result<Vec<Stored>, ServerError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.patient_id = $1 \
         ORDER BY CASE r.status WHEN 'submitted' THEN 1 ELSE 0 END, r.sent_at DESC, r.id"
    ))
    .bind(patient_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(Stored::from_row).collect()
}

/// One questionnaire of `patient_id`; `None` for another patient's.
pub async fn one(
    conn: &mut AnyConnection,
    patient_id: &str,
    id: &str,
) -> Result<Option<Stored>, ServerError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE r.patient_id = $1 AND r.id = $2"))
            .bind(patient_id)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(Stored::from_row).transpose()
}

/// Why answers were not kept. Nothing changed then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveRefusal {
    NotFound,
    Submitted,
    Problems(Vec<AnswerProblem>),
}

/// Keeps `answers` (they replace the ones kept) for questionnaire `id` of `patient_id`,
/// part way or submitted. `saved_by`: who, when it was the app (a patient id); `None` for
/// the web page. Two savers at once: the last one's answers are kept, whole.
pub async fn save(
    conn: &mut AnyConnection,
    patient_id: &str,
    id: &str,
    answers: &[Answer],
    stage: AnswerStage,
    saved_by: Option<&str>,
    now: i64,
) -> Result<Result<Stored, SaveRefusal>, ServerError> {
    let mut tx = db::begin_write(conn).await?;
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE r.patient_id = $1 AND r.id = $2"))
            .bind(patient_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(stored) = row.map(Stored::from_row).transpose()? else {
        return Ok(Err(SaveRefusal::NotFound));
    };
    if stored.summary.status == QuestionnaireStatus::Submitted {
        return Ok(Err(SaveRefusal::Submitted));
    }
    let problems = stored.questionnaire.problems(answers, stage);
    if !problems.is_empty() {
        return Ok(Err(SaveRefusal::Problems(problems)));
    }
    // Empty answers are no answers: they are not kept.
    let kept: Vec<Answer> = answers
        .iter()
        .filter(|a| stored.questionnaire.answered(std::slice::from_ref(a)) > 0)
        .cloned()
        .collect();
    let (status, submitted_at) = match stage {
        AnswerStage::Saving => (QuestionnaireStatus::Started, None),
        AnswerStage::Submitting => (QuestionnaireStatus::Submitted, Some(now)),
    };
    sqlx::query(
        "UPDATE questionnaire_requests SET answers = $3, status = $4, saved_at = $5, \
         saved_by = $6, submitted_at = $7 WHERE id = $1 AND patient_id = $2 \
         AND status <> 'submitted'",
    )
    .bind(id)
    .bind(patient_id)
    .bind(to_json(&kept))
    .bind(status.as_str())
    .bind(now)
    .bind(saved_by)
    .bind(submitted_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(stage = ?stage, "questionnaire answers saved");
    let mut summary = stored.summary;
    summary.status = status;
    summary.answered = stored.questionnaire.answered(&kept);
    summary.submitted_at = submitted_at;
    Ok(Ok(Stored { summary, questionnaire: stored.questionnaire, answers: kept }))
}

/// A submitted questionnaire waiting for staff to take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub id: String,
    pub hospital_id: String,
    pub title: String,
    pub submitted_at: i64,
    pub exported: bool,
}

/// The submitted questionnaires of `hospital_id`; only those not exported yet unless
/// `all`.
pub async fn submitted(
    conn: &mut AnyConnection,
    hospital_id: &str,
    all: bool,
) -> Result<Vec<Submitted>, ServerError> {
    type Row = (String, String, String, Option<i64>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, f.hospital_id, f.title, r.submitted_at, r.exported_at \
         FROM questionnaire_requests r JOIN questionnaire_forms f ON f.id = r.form_id \
         WHERE r.status = 'submitted' AND f.hospital_id = $1 AND ($2 = 1 OR r.exported_at IS NULL) \
         ORDER BY r.submitted_at, r.id",
    )
    .bind(hospital_id)
    .bind(i64::from(all))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, hospital_id, title, submitted_at, exported_at)| Submitted {
            id,
            hospital_id,
            title,
            submitted_at: submitted_at.unwrap_or_default(),
            exported: exported_at.is_some(),
        })
        .collect())
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| unreachable!("plain data always serializes"))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ServerError> {
    serde_json::from_str(text).map_err(|_| ServerError::Corrupt("a stored questionnaire".into()))
}

/// Staff's import of a FHIR R4 file of Questionnaires from `hospital_id`: every form, or
/// nothing with every problem listed.
pub async fn import_file(
    state: &AppState,
    hospital_id: &str,
    text: &str,
) -> Result<Vec<StoredForm>, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let known: Option<(String,)> = sqlx::query_as("SELECT id FROM hospitals WHERE id = $1")
        .bind(hospital_id)
        .fetch_optional(&mut *conn)
        .await?;
    drop(conn);
    if known.is_none() {
        return Err(ServerError::InvalidInput(format!("no hospital {hospital_id}")));
    }
    let (forms, problems) = crate::import::read_fhir_questionnaires(text)?;
    if !problems.is_empty() {
        return Err(crate::import::ImportError::Refused(problems).into());
    }
    store_forms(state, hospital_id, &forms).await
}

/// Staff's sending of form `form_id` to the patient with `ead_number`.
pub async fn send_to(
    state: &AppState,
    form_id: &str,
    ead_number: &str,
) -> Result<(String, usize), ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let patient = crate::patients::find_by_ead(&mut conn, ead_number)
        .await?
        .ok_or_else(|| ServerError::InvalidInput("no patient with this EAD number".into()))?;
    drop(conn);
    send(state, form_id, &patient).await
}
