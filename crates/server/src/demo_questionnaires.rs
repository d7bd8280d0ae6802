//! The demo's questionnaires: two forms as their hospitals send them (FHIR R4, one in
//! Dutch, one in French), read by the real importer; one waiting for An, one she submitted
//! three weeks ago, and one started for Lotte (Els answers for her). No e-mail goes out:
//! the demo's codes come from `admin send-questionnaire`.

use dossier_api::questionnaires::{Answer, AnswerValue};
use serde_json::{Value, json};
use sqlx::AnyConnection;

use crate::{error::ServerError, import::read_fhir_questionnaires, questionnaires};

fn extension(url: &str, value: Value) -> Value {
    let mut extension = json!({ "url": format!("http://hl7.org/fhir/StructureDefinition/{url}") });
    if let (Some(target), Some(value)) = (extension.as_object_mut(), value.as_object()) {
        target.extend(value.clone());
    }
    extension
}

fn control(code: &str) -> Value {
    extension(
        "questionnaire-itemControl",
        json!({ "valueCodeableConcept": { "coding": [{
        "system": "http://hl7.org/fhir/questionnaire-item-control", "code": code }] } }),
    )
}

/// HZK's intake before a consultation, in Dutch.
fn intake() -> Value {
    json!({
        "resourceType": "Questionnaire", "id": "hzk-intake", "language": "nl",
        "url": "https://hzk.example/fhir/Questionnaire/intake", "version": "2026.1",
        "title": "Vragenlijst voor uw raadpleging", "status": "active",
        "item": [
            {"linkId": "klacht", "type": "group", "text": "Uw klacht", "item": [
                {"linkId": "reden", "type": "text", "required": true,
                 "text": "Waarvoor komt u op raadpleging?"},
                {"linkId": "sinds", "type": "date", "text": "Sinds wanneer hebt u er last van?"}
            ]},
            {"linkId": "pijn", "type": "integer", "required": true,
             "text": "Hoeveel pijn hebt u nu?",
             "extension": [extension("minValue", json!({"valueInteger": 0})),
                           extension("maxValue", json!({"valueInteger": 10})), control("slider")],
             "item": [
                {"linkId": "pijn-laag", "type": "display", "text": "Geen pijn", "extension": [control("lower")]},
                {"linkId": "pijn-hoog", "type": "display", "text": "Ergst denkbare pijn", "extension": [control("upper")]}
             ]},
            {"linkId": "gewicht", "type": "decimal", "text": "Uw gewicht (kg)",
             "extension": [extension("minValue", json!({"valueDecimal": 1})),
                           extension("maxValue", json!({"valueDecimal": 350}))]},
            {"linkId": "roken", "type": "boolean", "required": true, "text": "Rookt u?"},
            {"linkId": "allergie", "type": "choice", "repeats": true,
             "text": "Bent u allergisch voor een van deze?", "answerOption": [
                {"valueCoding": {"system": "http://snomed.info/sct", "code": "91936005", "display": "Penicilline"}},
                {"valueCoding": {"system": "http://snomed.info/sct", "code": "294505008", "display": "Ontsmettingsmiddelen (jodium)"}},
                {"valueCoding": {"system": "http://snomed.info/sct", "code": "300916003", "display": "Latex"}}
            ]},
            {"linkId": "medicatie", "type": "string", "text": "Welke geneesmiddelen neemt u?"}
        ]
    })
}

/// SMT's survey after a stay, in French.
fn satisfaction() -> Value {
    json!({
        "resourceType": "Questionnaire", "id": "smt-sejour", "language": "fr",
        "url": "https://smt.example/fhir/Questionnaire/sejour", "version": "3",
        "title": "Votre avis sur votre séjour", "status": "active",
        "item": [
            {"linkId": "accueil", "type": "choice", "required": true,
             "text": "Comment avez-vous été accueilli ?", "answerOption": [
                {"valueString": "Très bien"}, {"valueString": "Bien"},
                {"valueString": "Moyennement"}, {"valueString": "Mal"}
             ]},
            {"linkId": "note", "type": "integer", "required": true,
             "text": "Quelle note donnez-vous à votre séjour ?",
             "extension": [extension("minValue", json!({"valueInteger": 1})),
                           extension("maxValue", json!({"valueInteger": 10})), control("slider")]},
            {"linkId": "remarque", "type": "text", "text": "Une remarque, une suggestion ?"}
        ]
    })
}

/// Stores the forms and places them; `an` and `lotte` are the demo patients' ids.
pub async fn seed(
    conn: &mut AnyConnection,
    an: &str,
    lotte: &str,
    now: i64,
) -> Result<(), ServerError> {
    let mut ids = Vec::new();
    for (hospital, form) in [("hzk", intake()), ("smt", satisfaction())] {
        let (read, problems) = read_fhir_questionnaires(&form.to_string())?;
        let form = read.first().filter(|_| problems.is_empty()).ok_or_else(|| {
            ServerError::Demo(format!("demo questionnaire refused: {problems:?}"))
        })?;
        ids.push(questionnaires::store_form(conn, hospital, form, now).await?.id);
    }
    let day = 24 * 60 * 60;
    questionnaires::place(conn, &ids[0], an, now - 2 * day).await?;
    let survey = questionnaires::place(conn, &ids[1], an, now - 25 * day).await?;
    let answers = [
        Answer { link_id: "accueil".into(), value: AnswerValue::Choice(vec!["Très bien".into()]) },
        Answer { link_id: "note".into(), value: AnswerValue::Scale(9) },
    ];
    answer(conn, &survey, &answers, "submitted", now - 21 * day).await?;
    let lottes = questionnaires::place(conn, &ids[0], lotte, now - 5 * day).await?;
    let answers = [
        Answer { link_id: "pijn".into(), value: AnswerValue::Scale(3) },
        Answer { link_id: "roken".into(), value: AnswerValue::Choice(vec!["false".into()]) },
    ];
    answer(conn, &lottes, &answers, "started", now - 4 * day).await
}

async fn answer(
    conn: &mut AnyConnection,
    id: &str,
    answers: &[Answer],
    status: &str,
    at: i64,
) -> Result<(), ServerError> {
    let text = serde_json::to_string(answers).map_err(|e| ServerError::Demo(e.to_string()))?;
    let submitted_at = (status == "submitted").then_some(at);
    sqlx::query(
        "UPDATE questionnaire_requests SET answers = $2, status = $3, saved_at = $4, \
         submitted_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(text)
    .bind(status)
    .bind(at)
    .bind(submitted_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
