//! A submitted questionnaire as a FHIR R4 `QuestionnaireResponse`, for the hospital's own
//! systems: the answers in the form's own terms, read back from the Questionnaire as it was
//! imported: its groups around the questions, each answer typed as the item is
//! (`valueString`, `valueInteger`, `valueDecimal`, `valueDate`, `valueBoolean`,
//! `valueCoding` with the option's system and display), the subject by the hospital's
//! patient number, `authored` when the patient submitted it.

use chrono::DateTime;
use dossier_api::questionnaires::{Answer, AnswerValue};
use serde_json::{Map, Value, json};
use sqlx::AnyConnection;

use crate::{error::ServerError, import::option_system};

/// The response for submitted questionnaire `id`, and marks it exported; `None` when there
/// is no such submitted questionnaire.
pub async fn export(
    conn: &mut AnyConnection,
    id: &str,
    now: i64,
) -> Result<Option<Value>, ServerError> {
    type Row = (String, String, String, Option<i64>, Option<String>, String, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT f.source_url, f.source_version, f.source, r.submitted_at, r.answers, \
             p.ead_number, h.patient_number_system FROM questionnaire_requests r \
             JOIN questionnaire_forms f ON f.id = r.form_id \
             JOIN hospitals h ON h.id = f.hospital_id JOIN patients p ON p.id = r.patient_id \
             WHERE r.id = $1 AND r.status = 'submitted'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((url, version, source, submitted_at, answers, ead, system)) = row else {
        return Ok(None);
    };
    let corrupt = || ServerError::Corrupt("a stored questionnaire".into());
    let source: Value = serde_json::from_str(&source).map_err(|_| corrupt())?;
    let answers: Vec<Answer> =
        serde_json::from_str(answers.as_deref().unwrap_or("[]")).map_err(|_| corrupt())?;
    let authored = DateTime::from_timestamp(submitted_at.unwrap_or(now), 0)
        .ok_or_else(corrupt)?
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let canonical = if version.is_empty() { url } else { format!("{url}|{version}") };
    let mut identifier = Map::new();
    if let Some(system) = system {
        identifier.insert("system".into(), Value::String(system));
    }
    identifier.insert("value".into(), Value::String(ead));
    let response = json!({
        "resourceType": "QuestionnaireResponse",
        "id": id,
        "questionnaire": canonical,
        "status": "completed",
        "subject": {"identifier": identifier},
        "authored": authored,
        "item": items(&source, source.get("item"), &answers),
    });
    sqlx::query("UPDATE questionnaire_requests SET exported_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(Some(response))
}

/// The answered items among `items`, groups kept around their answered questions.
fn items(source: &Value, list: Option<&Value>, answers: &[Answer]) -> Vec<Value> {
    let mut out = Vec::new();
    for item in list.and_then(Value::as_array).into_iter().flatten() {
        let Some(link_id) = item.get("linkId").and_then(Value::as_str) else { continue };
        let kind = item.get("type").and_then(Value::as_str).unwrap_or_default();
        let mut entry = Map::new();
        entry.insert("linkId".into(), Value::String(link_id.to_owned()));
        if let Some(text) = item.get("text") {
            entry.insert("text".into(), text.clone());
        }
        if kind == "group" {
            let children = items(source, item.get("item"), answers);
            if children.is_empty() {
                continue;
            }
            entry.insert("item".into(), Value::Array(children));
        } else {
            let Some(answer) = answers.iter().find(|a| a.link_id == link_id) else { continue };
            let values = typed_values(source, item, kind, &answer.value);
            if values.is_empty() {
                continue;
            }
            entry.insert("answer".into(), Value::Array(values));
        }
        out.push(Value::Object(entry));
    }
    out
}

fn typed_values(source: &Value, item: &Value, kind: &str, value: &AnswerValue) -> Vec<Value> {
    match (kind, value) {
        (_, AnswerValue::Text(text)) => vec![json!({"valueString": text})],
        ("decimal", AnswerValue::Number(number)) => vec![json!({"valueDecimal": number})],
        (_, AnswerValue::Number(number)) => vec![json!({"valueInteger": *number as i64})],
        (_, AnswerValue::Scale(step)) => vec![json!({"valueInteger": step})],
        (_, AnswerValue::Date(date)) => vec![json!({"valueDate": date.to_string()})],
        ("boolean", AnswerValue::Choice(codes)) => {
            codes.iter().map(|code| json!({"valueBoolean": code == "true"})).collect()
        }
        (_, AnswerValue::Choice(codes)) => {
            codes.iter().map(|code| option_value(source, item, code)).collect()
        }
    }
}

/// A chosen option as the form wrote it: a coding (with its system and display), a
/// string, or an integer.
fn option_value(source: &Value, item: &Value, code: &str) -> Value {
    let options = item.get("answerOption").and_then(Value::as_array);
    for option in options.into_iter().flatten() {
        if let Some(coding) = option.get("valueCoding") {
            if coding.get("code").and_then(Value::as_str) == Some(code) {
                return json!({"valueCoding": coding});
            }
        } else if option.get("valueString").and_then(Value::as_str) == Some(code) {
            return json!({"valueString": code});
        } else if let Some(number) = option.get("valueInteger").and_then(Value::as_i64)
            && number.to_string() == code
        {
            return json!({"valueInteger": number});
        }
    }
    // From a contained ValueSet.
    let link_id = item.get("linkId").and_then(Value::as_str).unwrap_or_default();
    let mut coding = Map::new();
    if let Some(system) = option_system(source, link_id, code) {
        coding.insert("system".into(), Value::String(system));
    }
    coding.insert("code".into(), Value::String(code.to_owned()));
    json!({"valueCoding": coding})
}
