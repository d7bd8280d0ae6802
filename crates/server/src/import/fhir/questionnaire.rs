//! FHIR R4 Questionnaires: every Questionnaire in a file (a Bundle of any kind and depth,
//! or a lone resource), as [`ImportedQuestionnaire`]s with dossier-api's questions.
//!
//! - **Name**: `url` (else `id`) and `version`: importing the same name and version again
//!   replaces nothing (the form is already there).
//! - **Title**: `title`, else `name`. A `retired` questionnaire is refused.
//! - **Items**, in order; `group`s are read through (their items become questions in
//!   place), `display` items are left out (except a slider's end labels):
//!   - `string` → one line of text, `text` → a few lines;
//!   - `integer` → a whole number, `decimal` → a number, both with the `minValue` /
//!     `maxValue` extensions as bounds;
//!   - an `integer` with the SDC `itemControl` `slider` and both bounds → a scale, its end
//!     labels from child `display` items with `itemControl` `lower` / `upper`;
//!   - `date` → a date;
//!   - `choice` → options from `answerOption` (`valueCoding`, `valueString`,
//!     `valueInteger`) or from a `contained` ValueSet named by `answerValueSet` (`#id`:
//!     its `compose.include[].concept`, else `expansion.contains`); `repeats` allows
//!     several;
//!   - `boolean` → a choice of yes and no (in the questionnaire's `language`), exported
//!     back as `valueBoolean`.
//! - **Refused**, with the item's linkId and why: other item types (`dateTime`, `time`,
//!   `open-choice`, `attachment`, `reference`, `quantity`, `url`), conditional items
//!   (`enableWhen`: every question is shown), repeating groups, a ValueSet outside the file
//!   (nothing is fetched), a question without text, a linkId used twice.
//!
//! Reasons quote linkIds, item types and extension urls only: a form's texts are the
//! hospital's, not a patient's, but the rule is kept as for every import.

use dossier_api::{
    Language,
    questionnaires::{ChoiceOption, Question, QuestionKind, Questionnaire},
};
use serde_json::Value;

use super::{index::FileIndex, model::non_empty};
use crate::import::{ImportError, ImportProblem};

const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";

/// A Questionnaire read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedQuestionnaire {
    /// Names it in error lists: `Questionnaire/intake`.
    pub resource: String,
    pub source_url: String,
    pub source_version: String,
    pub questionnaire: Questionnaire,
    /// The resource as sent, kept to export answers in its own terms.
    pub source: Value,
}

/// Reads every Questionnaire of a FHIR R4 JSON file: the ones that could be read, and a
/// problem for each that could not.
pub fn read_fhir_questionnaires(
    text: &str,
) -> Result<(Vec<ImportedQuestionnaire>, Vec<ImportProblem>), ImportError> {
    let file: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::Unreadable(format!("not JSON: {}", super::redacted(&e))))?;
    if file.get("resourceType").and_then(Value::as_str).is_none() {
        return Err(ImportError::Unreadable("not a FHIR resource (no resourceType)".into()));
    }
    let index = FileIndex::new(&file).map_err(ImportError::Unreadable)?;
    let mut read = Vec::new();
    let mut problems = Vec::new();
    for position in 0..index.resources.len() {
        let located = index.get(position);
        if !located.in_bundle || located.resource_type != "Questionnaire" {
            continue;
        }
        let resource = resource_name(located.value, read.len() + problems.len() + 1);
        match read_one(located.value) {
            Ok((source_url, source_version, questionnaire)) => read.push(ImportedQuestionnaire {
                resource,
                source_url,
                source_version,
                questionnaire,
                source: located.value.clone(),
            }),
            Err(reasons) => {
                problems.extend(reasons.into_iter().map(|r| ImportProblem::new(&resource, r)))
            }
        }
    }
    if read.is_empty() && problems.is_empty() {
        return Err(ImportError::NoneOfKind("Questionnaire"));
    }
    Ok((read, problems))
}

fn resource_name(value: &Value, ordinal: usize) -> String {
    match value.get("id").and_then(Value::as_str) {
        Some(id) => format!("Questionnaire/{id}"),
        None => format!("Questionnaire #{ordinal} in the file"),
    }
}

fn text_of<'v>(value: &'v Value, field: &str) -> Option<&'v str> {
    non_empty(value.get(field).and_then(Value::as_str))
}

fn read_one(resource: &Value) -> Result<(String, String, Questionnaire), Vec<String>> {
    let mut reasons = Vec::new();
    let url = text_of(resource, "url").or_else(|| text_of(resource, "id"));
    if url.is_none() {
        reasons.push("the questionnaire has neither a url nor an id".to_owned());
    }
    let title = text_of(resource, "title").or_else(|| text_of(resource, "name"));
    if title.is_none() {
        reasons.push("the questionnaire has neither a title nor a name".to_owned());
    }
    if text_of(resource, "status") == Some("retired") {
        reasons.push("the questionnaire is retired".to_owned());
    }
    let language = text_of(resource, "language")
        .and_then(|l| Language::from_code(l.split('-').next().unwrap_or(l)))
        .unwrap_or(Language::En);
    let mut reader = ItemReader { resource, language, questions: Vec::new(), reasons };
    reader.items(resource.get("item"));
    if reader.questions.is_empty() && reader.reasons.is_empty() {
        reader.reasons.push("the questionnaire asks no question".to_owned());
    }
    let ItemReader { questions, reasons, .. } = reader;
    match (url, title) {
        (Some(url), Some(title)) if reasons.is_empty() => Ok((
            url.to_owned(),
            text_of(resource, "version").unwrap_or_default().to_owned(),
            Questionnaire { title: title.to_owned(), questions },
        )),
        _ => Err(reasons),
    }
}

struct ItemReader<'v> {
    resource: &'v Value,
    language: Language,
    questions: Vec<Question>,
    reasons: Vec<String>,
}

impl<'v> ItemReader<'v> {
    fn items(&mut self, items: Option<&'v Value>) {
        for item in items.and_then(Value::as_array).into_iter().flatten() {
            self.item(item);
        }
    }

    fn item(&mut self, item: &'v Value) {
        let Some(link_id) = text_of(item, "linkId") else {
            self.reasons.push("an item has no linkId".to_owned());
            return;
        };
        let kind = text_of(item, "type").unwrap_or_default();
        if item.get("enableWhen").is_some() {
            self.reasons.push(format!(
                "item {link_id}: conditional items (enableWhen) are not supported: every question is shown to the patient"
            ));
            return;
        }
        if item.get("readOnly").and_then(Value::as_bool) == Some(true) && kind != "display" {
            self.reasons.push(format!("item {link_id}: read-only items are not supported"));
            return;
        }
        let repeats = item.get("repeats").and_then(Value::as_bool) == Some(true);
        let kind = match kind {
            "group" if repeats => {
                self.reasons.push(format!("item {link_id}: repeating groups are not supported"));
                return;
            }
            "group" => return self.items(item.get("item")),
            "display" => return,
            "string" => QuestionKind::Text { long: false },
            "text" => QuestionKind::Text { long: true },
            "integer" => match self.scale(link_id, item) {
                Some(scale) => scale,
                None => self.number(link_id, item, false),
            },
            "decimal" => self.number(link_id, item, true),
            "date" => QuestionKind::Date,
            "boolean" => QuestionKind::Choice { options: yes_no(self.language), multiple: false },
            "choice" => match self.options(link_id, item) {
                Some(options) => QuestionKind::Choice { options, multiple: repeats },
                None => return,
            },
            "" => {
                self.reasons.push(format!("item {link_id} has no type"));
                return;
            }
            other => {
                self.reasons
                    .push(format!("item {link_id}: items of type {other} are not supported"));
                return;
            }
        };
        let Some(text) = text_of(item, "text") else {
            self.reasons.push(format!("item {link_id} has no question text"));
            return;
        };
        if self.questions.iter().any(|q| q.link_id == link_id) {
            self.reasons.push(format!("linkId {link_id} is used twice"));
            return;
        }
        self.questions.push(Question {
            link_id: link_id.to_owned(),
            text: text.to_owned(),
            required: item.get("required").and_then(Value::as_bool) == Some(true),
            kind,
        });
    }

    fn number(&mut self, link_id: &str, item: &Value, decimals: bool) -> QuestionKind {
        let min = self.bound(link_id, item, MIN_VALUE);
        let max = self.bound(link_id, item, MAX_VALUE);
        QuestionKind::Number { decimals, min, max }
    }

    fn bound(&mut self, link_id: &str, item: &Value, url: &str) -> Option<f64> {
        let extension = extension(item, url)?;
        let value = extension
            .get("valueInteger")
            .or_else(|| extension.get("valueDecimal"))
            .and_then(Value::as_f64);
        if value.is_none() {
            self.reasons.push(format!("item {link_id}: {url} is not a number"));
        }
        value
    }

    /// A slider with both bounds, its end labels from child display items.
    fn scale(&mut self, link_id: &str, item: &Value) -> Option<QuestionKind> {
        if item_control(item) != Some("slider") {
            return None;
        }
        let bound = |url| {
            let e = extension(item, url)?;
            e.get("valueInteger").and_then(Value::as_i64)
        };
        let (Some(min), Some(max)) = (bound(MIN_VALUE), bound(MAX_VALUE)) else {
            self.reasons
                .push(format!("item {link_id}: a slider needs whole minValue and maxValue"));
            return None;
        };
        if min >= max {
            self.reasons
                .push(format!("item {link_id}: the slider's minValue is not below its maxValue"));
            return None;
        }
        let label = |control: &str| {
            item.get("item")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|child| item_control(child) == Some(control))
                .and_then(|child| text_of(child, "text"))
                .map(str::to_owned)
        };
        Some(QuestionKind::Scale { min, max, min_label: label("lower"), max_label: label("upper") })
    }

    fn options(&mut self, link_id: &str, item: &Value) -> Option<Vec<ChoiceOption>> {
        let options = if let Some(list) = item.get("answerOption").and_then(Value::as_array) {
            list.iter().map(answer_option).collect::<Option<Vec<_>>>()
        } else if let Some(set) = text_of(item, "answerValueSet") {
            match set.strip_prefix('#').and_then(|id| self.contained(id)) {
                Some(value_set) => value_set_options(value_set),
                None => {
                    self.reasons.push(format!(
                        "item {link_id}: its answerValueSet is not a ValueSet contained in the questionnaire (nothing is fetched): list the options in answerOption"
                    ));
                    return None;
                }
            }
        } else {
            Some(Vec::new())
        };
        match options {
            Some(options) if !options.is_empty() => {
                let unique = options
                    .iter()
                    .enumerate()
                    .all(|(i, o)| options[..i].iter().all(|p| p.code != o.code));
                if unique {
                    Some(options)
                } else {
                    self.reasons.push(format!("item {link_id}: two options have the same code"));
                    None
                }
            }
            Some(_) => {
                self.reasons.push(format!("item {link_id}: a choice without options"));
                None
            }
            None => {
                self.reasons.push(format!(
                    "item {link_id}: an option is not a valueCoding with a code, a valueString or a valueInteger"
                ));
                None
            }
        }
    }

    fn contained(&self, id: &str) -> Option<&'v Value> {
        self.resource.get("contained")?.as_array()?.iter().find(|r| {
            r.get("resourceType").and_then(Value::as_str) == Some("ValueSet")
                && r.get("id").and_then(Value::as_str) == Some(id)
        })
    }
}

fn extension<'v>(item: &'v Value, url: &str) -> Option<&'v Value> {
    item.get("extension")?
        .as_array()?
        .iter()
        .find(|e| e.get("url").and_then(Value::as_str) == Some(url))
}

fn item_control(item: &Value) -> Option<&str> {
    extension(item, ITEM_CONTROL)?
        .get("valueCodeableConcept")?
        .get("coding")?
        .as_array()?
        .iter()
        .find_map(|coding| coding.get("code").and_then(Value::as_str))
}

fn answer_option(option: &Value) -> Option<ChoiceOption> {
    if let Some(coding) = option.get("valueCoding") {
        return coding_option(coding);
    }
    if let Some(text) = text_of(option, "valueString") {
        return Some(ChoiceOption { code: text.to_owned(), label: text.to_owned() });
    }
    let number = option.get("valueInteger").and_then(Value::as_i64)?;
    Some(ChoiceOption { code: number.to_string(), label: number.to_string() })
}

fn coding_option(coding: &Value) -> Option<ChoiceOption> {
    let code = text_of(coding, "code")?;
    let label = text_of(coding, "display").unwrap_or(code);
    Some(ChoiceOption { code: code.to_owned(), label: label.to_owned() })
}

fn value_set_options(value_set: &Value) -> Option<Vec<ChoiceOption>> {
    let included: Vec<&Value> = value_set
        .pointer("/compose/include")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|include| include.get("concept").and_then(Value::as_array).into_iter().flatten())
        .collect();
    let concepts = if included.is_empty() {
        value_set
            .pointer("/expansion/contains")
            .and_then(Value::as_array)
            .map(|list| list.iter().collect())
            .unwrap_or_default()
    } else {
        included
    };
    concepts.into_iter().map(coding_option).collect()
}

/// The options of a `boolean` item, coded as FHIR writes the value back.
fn yes_no(language: Language) -> Vec<ChoiceOption> {
    let (yes, no) = match language {
        Language::Nl => ("Ja", "Nee"),
        Language::Fr => ("Oui", "Non"),
        Language::En => ("Yes", "No"),
    };
    vec![
        ChoiceOption { code: "true".into(), label: yes.into() },
        ChoiceOption { code: "false".into(), label: no.into() },
    ]
}

/// The system of an option's coding in the source, for the export (the code alone is
/// what the patient's answer holds).
pub fn option_system(source: &Value, link_id: &str, code: &str) -> Option<String> {
    let item = find_item(source.get("item")?, link_id)?;
    if let Some(list) = item.get("answerOption").and_then(Value::as_array) {
        return list
            .iter()
            .find_map(|option| {
                let coding = option.get("valueCoding")?;
                (text_of(coding, "code") == Some(code)).then(|| text_of(coding, "system"))?
            })
            .map(str::to_owned);
    }
    let id = text_of(item, "answerValueSet")?.strip_prefix('#')?;
    let value_set = source
        .get("contained")?
        .as_array()?
        .iter()
        .find(|r| r.get("id").and_then(Value::as_str) == Some(id))?;
    value_set
        .pointer("/compose/include")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|include| {
            include
                .get("concept")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|c| text_of(c, "code") == Some(code))
        })
        .and_then(|include| text_of(include, "system"))
        .or_else(|| {
            value_set
                .pointer("/expansion/contains")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|c| text_of(c, "code") == Some(code))
                .and_then(|c| text_of(c, "system"))
        })
        .map(str::to_owned)
}

/// The item named `link_id` at any depth.
pub fn find_item<'v>(items: &'v Value, link_id: &str) -> Option<&'v Value> {
    items.as_array()?.iter().find_map(|item| {
        if text_of(item, "linkId") == Some(link_id) {
            Some(item)
        } else {
            item.get("item").and_then(|children| find_item(children, link_id))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(resource: Value) -> Result<Questionnaire, Vec<String>> {
        let (mut read, problems) = read_fhir_questionnaires(&resource.to_string()).unwrap();
        if problems.is_empty() {
            Ok(read.remove(0).questionnaire)
        } else {
            Err(problems.into_iter().map(|p| p.reason).collect())
        }
    }

    #[test]
    fn reads_every_supported_item_type_through_groups() {
        let form = read(json!({
            "resourceType": "Questionnaire", "id": "intake", "url": "https://hzk.example/q/intake",
            "version": "2", "title": "Intake", "status": "active", "language": "nl",
            "item": [
                {"linkId": "g", "type": "group", "text": "About you", "item": [
                    {"linkId": "complaint", "type": "text", "text": "What brings you?", "required": true},
                    {"linkId": "intro", "type": "display", "text": "Some words"},
                    {"linkId": "weight", "type": "decimal", "text": "Weight (kg)",
                     "extension": [{"url": MIN_VALUE, "valueDecimal": 0.5}, {"url": MAX_VALUE, "valueInteger": 350}]}
                ]},
                {"linkId": "pain", "type": "integer", "text": "Pain", "required": true,
                 "extension": [{"url": MIN_VALUE, "valueInteger": 0}, {"url": MAX_VALUE, "valueInteger": 10},
                   {"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"code": "slider"}]}}],
                 "item": [
                   {"linkId": "pain-low", "type": "display", "text": "No pain",
                    "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"code": "lower"}]}}]},
                   {"linkId": "pain-high", "type": "display", "text": "Worst pain",
                    "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{"code": "upper"}]}}]}
                 ]},
                {"linkId": "since", "type": "date", "text": "Since when?"},
                {"linkId": "smoker", "type": "boolean", "text": "Do you smoke?"},
                {"linkId": "allergies", "type": "choice", "text": "Allergies", "repeats": true,
                 "answerValueSet": "#allergies"}
            ],
            "contained": [{"resourceType": "ValueSet", "id": "allergies", "compose": {"include": [
                {"system": "http://snomed.info/sct", "concept": [
                    {"code": "91936005", "display": "Penicillin"}, {"code": "300913006", "display": "Shellfish"}]}]}}]
        }))
        .unwrap();
        let kinds: Vec<_> = form.questions.iter().map(|q| (q.link_id.as_str(), &q.kind)).collect();
        assert_eq!(form.title, "Intake");
        assert_eq!(kinds[0], ("complaint", &QuestionKind::Text { long: true }));
        assert_eq!(
            kinds[1],
            ("weight", &QuestionKind::Number { decimals: true, min: Some(0.5), max: Some(350.0) })
        );
        assert_eq!(
            kinds[2],
            (
                "pain",
                &QuestionKind::Scale {
                    min: 0,
                    max: 10,
                    min_label: Some("No pain".into()),
                    max_label: Some("Worst pain".into())
                }
            )
        );
        assert_eq!(kinds[3], ("since", &QuestionKind::Date));
        let QuestionKind::Choice { options, multiple: false } = kinds[4].1 else { panic!() };
        assert_eq!(options[0].label, "Ja");
        let QuestionKind::Choice { options, multiple: true } = kinds[5].1 else { panic!() };
        assert_eq!(options[1].code, "300913006");
        assert_eq!(form.questions.len(), 6);
        assert!(form.questions[0].required && !form.questions[1].required);
    }

    #[test]
    fn refuses_what_it_cannot_show_faithfully_with_the_link_id() {
        let reasons = read(json!({
            "resourceType": "Questionnaire", "id": "x", "title": "X",
            "item": [
                {"linkId": "when", "type": "dateTime", "text": "When?"},
                {"linkId": "vs", "type": "choice", "text": "Pick", "answerValueSet": "http://loinc.org/vs/LL358-3"},
                {"linkId": "cond", "type": "string", "text": "Why?", "enableWhen": [{"question": "when", "operator": "exists", "answerBoolean": true}]},
                {"linkId": "blank", "type": "string"},
                {"linkId": "twice", "type": "string", "text": "A"},
                {"linkId": "twice", "type": "string", "text": "B"}
            ]
        }))
        .unwrap_err();
        assert_eq!(reasons.len(), 5, "{reasons:?}");
        for (reason, expected) in reasons.iter().zip([
            "item when: items of type dateTime",
            "item vs: its answerValueSet is not a ValueSet contained",
            "item cond: conditional items",
            "item blank has no question text",
            "linkId twice is used twice",
        ]) {
            assert!(reason.starts_with(expected), "{reason}");
        }
    }

    #[test]
    fn a_file_without_questionnaires_is_said_so() {
        let error = read_fhir_questionnaires(r#"{"resourceType": "Patient", "id": "p"}"#);
        assert_eq!(error.unwrap_err(), ImportError::NoneOfKind("Questionnaire"));
    }
}
