//! Questionnaires a hospital sends a patient, and the patient's answers: the questions as
//! the server, the e-mail web page, the device and the UI all read them, and the one check
//! of answers they all apply ([`Questionnaire::problems`]). An answer set may be saved part
//! way ([`AnswerStage::Saving`]: what is there must be well formed) and is submitted only
//! whole ([`AnswerStage::Submitting`]: every required question answered too).
//!
//! The hospital imports a FHIR R4 `Questionnaire`; its item types map to [`QuestionKind`]:
//! `string`/`text` → text, `integer`/`decimal` → number, `date` → date, `choice` →
//! choice, and an `integer` drawn as a slider (SDC `itemControl`) with a minimum and a
//! maximum → scale.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest text answer kept, in characters (a free-text answer is a few lines; this
/// stops a pasted document, not a patient).
pub const MAX_TEXT_ANSWER_CHARS: usize = 4_000;

/// One option of a choice question: the code the hospital reads back, the words shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoiceOption {
    pub code: String,
    pub label: String,
}

/// What kind of answer a question takes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// Free text; `long` for a few lines rather than one.
    Text { long: bool },
    /// A number; whole numbers only unless `decimals`; within the bounds given.
    Number {
        decimals: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// A calendar day.
    Date,
    /// One of the options, or several where `multiple`.
    Choice { options: Vec<ChoiceOption>, multiple: bool },
    /// A whole number from `min` to `max` (pain 0 to 10), with words at both ends.
    Scale {
        min: i64,
        max: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_label: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_label: Option<String>,
    },
}

/// One question, in the order the hospital asks them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The FHIR `linkId`: how answers name their question.
    pub link_id: String,
    pub text: String,
    pub required: bool,
    #[serde(flatten)]
    pub kind: QuestionKind,
}

/// A questionnaire's questions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub title: String,
    pub questions: Vec<Question>,
}

/// One answer's value.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Text(String),
    Number(f64),
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    Date(#[serde(with = "crate::dates::iso")] NaiveDate),
    /// The codes of the options chosen.
    Choice(Vec<String>),
    Scale(i64),
}

/// The answer to one question.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub link_id: String,
    #[serde(flatten)]
    pub value: AnswerValue,
}

/// Whether answers are kept part way or handed in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStage {
    Saving,
    Submitting,
}

/// Why an answer cannot be kept, per question, for the form to show beside it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AnswerProblem {
    #[error("question {link_id} is not in this questionnaire")]
    UnknownQuestion { link_id: String },
    #[error("question {link_id} is answered twice")]
    AnsweredTwice { link_id: String },
    #[error("question {link_id} needs an answer")]
    Required { link_id: String },
    #[error("the answer to {link_id} is not of the kind the question asks")]
    WrongKind { link_id: String },
    #[error("the answer to {link_id} is outside the allowed range")]
    OutOfRange { link_id: String },
    #[error("the answer to {link_id} must be a whole number")]
    NotWhole { link_id: String },
    #[error("the answer to {link_id} is not one of the options")]
    NotAnOption { link_id: String },
    #[error("question {link_id} takes one option")]
    OneOptionOnly { link_id: String },
    #[error("the answer to {link_id} is too long")]
    TooLong { link_id: String },
}

/// Where a questionnaire sent to a patient stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionnaireStatus {
    /// Sent, nothing answered yet.
    Waiting,
    /// Answers saved part way.
    Started,
    /// Handed in: the hospital reads it; it cannot change any more.
    Submitted,
}

impl QuestionnaireStatus {
    pub const ALL: [Self; 3] = [Self::Waiting, Self::Started, Self::Submitted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Started => "started",
            Self::Submitted => "submitted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// One questionnaire a hospital sent to a record, as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireSummary {
    pub id: String,
    pub title: String,
    /// The name of the hospital that sent it.
    pub hospital: String,
    /// Unix seconds.
    pub sent_at: i64,
    pub status: QuestionnaireStatus,
    /// Questions answered so far, of `question_count`.
    pub answered: usize,
    pub question_count: usize,
    /// Unix seconds; set once submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<i64>,
}

/// One questionnaire with its questions and the answers kept so far:
/// `GET /api/v1/records/{id}/questionnaires/{questionnaire}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireView {
    pub summary: QuestionnaireSummary,
    pub questionnaire: Questionnaire,
    pub answers: Vec<Answer>,
    /// Whether this reader may answer: the patient, a parent of a child under 15, a
    /// representative; not a trusted person, and nobody once it is submitted.
    pub may_answer: bool,
}

/// `PUT /api/v1/records/{id}/questionnaires/{questionnaire}/answers`: every answer so far
/// (they replace the ones kept), saved part way or submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveAnswersRequest {
    pub answers: Vec<Answer>,
    pub stage: AnswerStage,
}

impl Questionnaire {
    /// How many questions `answers` answer (an empty text or choice is no answer).
    pub fn answered(&self, answers: &[Answer]) -> usize {
        self.questions
            .iter()
            .filter(|q| answers.iter().any(|a| a.link_id == q.link_id && !is_empty(&a.value)))
            .count()
    }
}

impl AnswerProblem {
    /// The question the problem is about, for the form to show it beside.
    pub fn link_id(&self) -> &str {
        match self {
            Self::UnknownQuestion { link_id }
            | Self::AnsweredTwice { link_id }
            | Self::Required { link_id }
            | Self::WrongKind { link_id }
            | Self::OutOfRange { link_id }
            | Self::NotWhole { link_id }
            | Self::NotAnOption { link_id }
            | Self::OneOptionOnly { link_id }
            | Self::TooLong { link_id } => link_id,
        }
    }
}

impl Questionnaire {
    /// Every reason `answers` cannot be kept at `stage`, in question order; none when they
    /// can. An empty text or choice counts as no answer.
    pub fn problems(&self, answers: &[Answer], stage: AnswerStage) -> Vec<AnswerProblem> {
        let mut problems = Vec::new();
        for (index, answer) in answers.iter().enumerate() {
            if !self.questions.iter().any(|q| q.link_id == answer.link_id) {
                problems.push(AnswerProblem::UnknownQuestion { link_id: answer.link_id.clone() });
            } else if answers[..index].iter().any(|a| a.link_id == answer.link_id) {
                problems.push(AnswerProblem::AnsweredTwice { link_id: answer.link_id.clone() });
            }
        }
        for question in &self.questions {
            let answer = answers.iter().find(|a| a.link_id == question.link_id);
            match answer.filter(|a| !is_empty(&a.value)) {
                Some(answer) => {
                    if let Some(problem) = question.problem_with(&answer.value) {
                        problems.push(problem);
                    }
                }
                None if question.required && stage == AnswerStage::Submitting => {
                    problems.push(AnswerProblem::Required { link_id: question.link_id.clone() });
                }
                None => {}
            }
        }
        problems
    }
}

fn is_empty(value: &AnswerValue) -> bool {
    match value {
        AnswerValue::Text(text) => text.trim().is_empty(),
        AnswerValue::Choice(codes) => codes.is_empty(),
        AnswerValue::Number(_) | AnswerValue::Date(_) | AnswerValue::Scale(_) => false,
    }
}

impl Question {
    fn problem_with(&self, value: &AnswerValue) -> Option<AnswerProblem> {
        let link_id = self.link_id.clone();
        match (&self.kind, value) {
            (QuestionKind::Text { .. }, AnswerValue::Text(text)) => (text.chars().count()
                > MAX_TEXT_ANSWER_CHARS)
                .then_some(AnswerProblem::TooLong { link_id }),
            (QuestionKind::Number { decimals, min, max }, AnswerValue::Number(number)) => {
                if !number.is_finite()
                    || min.is_some_and(|min| *number < min)
                    || max.is_some_and(|max| *number > max)
                {
                    Some(AnswerProblem::OutOfRange { link_id })
                } else if !decimals && number.fract() != 0.0 {
                    Some(AnswerProblem::NotWhole { link_id })
                } else {
                    None
                }
            }
            (QuestionKind::Date, AnswerValue::Date(_)) => None,
            (QuestionKind::Choice { options, multiple }, AnswerValue::Choice(codes)) => {
                if codes.iter().any(|code| !options.iter().any(|o| &o.code == code)) {
                    Some(AnswerProblem::NotAnOption { link_id })
                } else if !multiple && codes.len() > 1 {
                    Some(AnswerProblem::OneOptionOnly { link_id })
                } else if codes.iter().enumerate().any(|(i, c)| codes[..i].contains(c)) {
                    Some(AnswerProblem::AnsweredTwice { link_id })
                } else {
                    None
                }
            }
            (QuestionKind::Scale { min, max, .. }, AnswerValue::Scale(step)) => {
                (!(min..=max).contains(&step)).then_some(AnswerProblem::OutOfRange { link_id })
            }
            _ => Some(AnswerProblem::WrongKind { link_id }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intake() -> Questionnaire {
        let option =
            |code: &str, label: &str| ChoiceOption { code: code.into(), label: label.into() };
        let question = |link_id: &str, required: bool, kind: QuestionKind| Question {
            link_id: link_id.into(),
            text: format!("question {link_id}"),
            required,
            kind,
        };
        Questionnaire {
            title: "Intake before the consultation".into(),
            questions: vec![
                question("complaint", true, QuestionKind::Text { long: true }),
                question(
                    "weight",
                    true,
                    QuestionKind::Number { decimals: true, min: Some(0.5), max: Some(350.0) },
                ),
                question(
                    "children",
                    false,
                    QuestionKind::Number { decimals: false, min: Some(0.0), max: None },
                ),
                question("since", false, QuestionKind::Date),
                question(
                    "smoker",
                    true,
                    QuestionKind::Choice {
                        options: vec![
                            option("never", "Never"),
                            option("former", "Former"),
                            option("now", "Now"),
                        ],
                        multiple: false,
                    },
                ),
                question(
                    "allergies",
                    false,
                    QuestionKind::Choice {
                        options: vec![option("pollen", "Pollen"), option("latex", "Latex")],
                        multiple: true,
                    },
                ),
                question(
                    "pain",
                    true,
                    QuestionKind::Scale {
                        min: 0,
                        max: 10,
                        min_label: Some("none".into()),
                        max_label: None,
                    },
                ),
            ],
        }
    }

    fn answer(link_id: &str, value: AnswerValue) -> Answer {
        Answer { link_id: link_id.into(), value }
    }

    fn whole() -> Vec<Answer> {
        vec![
            answer("complaint", AnswerValue::Text("Pain in the left knee".into())),
            answer("weight", AnswerValue::Number(72.5)),
            answer("children", AnswerValue::Number(2.0)),
            answer("since", AnswerValue::Date(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())),
            answer("smoker", AnswerValue::Choice(vec!["former".into()])),
            answer("allergies", AnswerValue::Choice(vec!["pollen".into(), "latex".into()])),
            answer("pain", AnswerValue::Scale(6)),
        ]
    }

    #[test]
    fn whole_answers_submit() {
        assert_eq!(intake().problems(&whole(), AnswerStage::Submitting), vec![]);
    }

    #[test]
    fn part_way_answers_save_but_do_not_submit() {
        let part = vec![answer("complaint", AnswerValue::Text("Knee".into()))];
        let q = intake();
        assert_eq!(q.problems(&part, AnswerStage::Saving), vec![]);
        assert_eq!(q.problems(&[], AnswerStage::Saving), vec![]);
        let missing: Vec<_> = q.problems(&part, AnswerStage::Submitting);
        assert_eq!(
            missing,
            ["weight", "smoker", "pain"]
                .map(|id| AnswerProblem::Required { link_id: id.into() })
                .to_vec()
        );
    }

    #[test]
    fn blank_text_and_no_option_are_no_answer() {
        let mut answers = whole();
        answers[0].value = AnswerValue::Text("   ".into());
        answers[4].value = AnswerValue::Choice(vec![]);
        let q = intake();
        assert_eq!(q.problems(&answers, AnswerStage::Saving), vec![]);
        assert_eq!(
            q.problems(&answers, AnswerStage::Submitting),
            vec![
                AnswerProblem::Required { link_id: "complaint".into() },
                AnswerProblem::Required { link_id: "smoker".into() },
            ]
        );
    }

    #[test]
    fn ill_formed_answers_are_refused_even_part_way() {
        let q = intake();
        let refused = |link_id: &str, value: AnswerValue| {
            let mut answers = whole();
            let slot = answers.iter_mut().find(|a| a.link_id == link_id).unwrap();
            slot.value = value;
            q.problems(&answers, AnswerStage::Saving)
        };
        let id = |s: &str| s.to_owned();
        assert_eq!(
            refused("weight", AnswerValue::Number(0.1)),
            vec![AnswerProblem::OutOfRange { link_id: id("weight") }]
        );
        assert_eq!(
            refused("weight", AnswerValue::Number(f64::NAN)),
            vec![AnswerProblem::OutOfRange { link_id: id("weight") }]
        );
        assert_eq!(
            refused("children", AnswerValue::Number(1.5)),
            vec![AnswerProblem::NotWhole { link_id: id("children") }]
        );
        assert_eq!(
            refused("weight", AnswerValue::Text("72".into())),
            vec![AnswerProblem::WrongKind { link_id: id("weight") }]
        );
        assert_eq!(
            refused("smoker", AnswerValue::Choice(vec![id("sometimes")])),
            vec![AnswerProblem::NotAnOption { link_id: id("smoker") }]
        );
        assert_eq!(
            refused("smoker", AnswerValue::Choice(vec![id("never"), id("now")])),
            vec![AnswerProblem::OneOptionOnly { link_id: id("smoker") }]
        );
        assert_eq!(
            refused("allergies", AnswerValue::Choice(vec![id("latex"), id("latex")])),
            vec![AnswerProblem::AnsweredTwice { link_id: id("allergies") }]
        );
        assert_eq!(
            refused("pain", AnswerValue::Scale(11)),
            vec![AnswerProblem::OutOfRange { link_id: id("pain") }]
        );
        assert_eq!(
            refused("complaint", AnswerValue::Text("é".repeat(MAX_TEXT_ANSWER_CHARS + 1))),
            vec![AnswerProblem::TooLong { link_id: id("complaint") }]
        );
        assert_eq!(
            refused("complaint", AnswerValue::Text("é".repeat(MAX_TEXT_ANSWER_CHARS))),
            vec![]
        );
    }

    #[test]
    fn answers_to_other_questions_or_twice_are_refused() {
        let q = intake();
        let mut answers = whole();
        answers.push(answer("shoe-size", AnswerValue::Number(42.0)));
        answers.push(answer("pain", AnswerValue::Scale(2)));
        assert_eq!(
            q.problems(&answers, AnswerStage::Saving),
            vec![
                AnswerProblem::UnknownQuestion { link_id: "shoe-size".into() },
                AnswerProblem::AnsweredTwice { link_id: "pain".into() },
            ]
        );
    }

    #[test]
    fn answers_travel_as_json_named_by_kind() {
        let json = serde_json::to_value(whole()).unwrap();
        assert_eq!(json[3], serde_json::json!({"link_id": "since", "date": "2026-10-01"}));
        assert_eq!(json[4], serde_json::json!({"link_id": "smoker", "choice": ["former"]}));
        let back: Vec<Answer> = serde_json::from_value(json).unwrap();
        assert_eq!(back, whole());
        let q = serde_json::to_value(intake()).unwrap();
        assert_eq!(q["questions"][6]["kind"], "scale");
        let back: Questionnaire = serde_json::from_value(q).unwrap();
        assert_eq!(back, intake());
    }
}
