//! Questionnaires in the app for a parent's child, against a real server with the demo:
//! Els opens the questionnaire the hospital sent Lotte (begun already), sees the answers
//! kept so far, adds one and saves part way; sending it without the required answers is
//! refused per question and keeps what was saved; with them it is sent, and is then read
//! only. What the device keeps of it: nothing (a questionnaire is a task, read from the
//! server each time).

#![allow(clippy::print_stderr)] // Tests say why they skip.

use dossier_api::{
    questionnaires::{
        Answer, AnswerProblem, AnswerStage, AnswerValue, QuestionnaireStatus, SaveAnswersRequest,
    },
    reports::Relation,
};
use dossier_core::CoreError;
use dossier_test_kit::{keychain, start_server, synced_demo_device};

const PIN: &str = "284719";

fn answer(link_id: &str, value: AnswerValue) -> Answer {
    Answer { link_id: link_id.into(), value }
}

#[tokio::test]
async fn a_parent_fills_in_a_childs_questionnaire_part_way_then_sends_it() {
    let Some(keychain) = keychain() else { return };
    let server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let (app, _) = synced_demo_device(
        &keychain,
        &summary,
        &server.url(),
        data.path(),
        "els.vandenbroeck",
        PIN,
    )
    .await;
    let lotte = app.records().await.into_iter().find(|r| r.given_name == "Lotte").unwrap();
    assert_eq!(lotte.relation, Relation::Child);

    let list = app.questionnaires(&lotte.record_id).await.unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].title, "Vragenlijst voor uw raadpleging");
    assert_eq!(list[0].status, QuestionnaireStatus::Started);
    let id = list[0].id.clone();
    let view = app.questionnaire(&lotte.record_id, &id).await.unwrap();
    assert!(view.may_answer, "a parent answers for a child under 15");
    let mut answers = view.answers.clone();
    assert_eq!(
        answers,
        [
            answer("pijn", AnswerValue::Scale(3)),
            answer("roken", AnswerValue::Choice(vec!["false".into()]))
        ]
    );

    // Part way: one more answer, kept.
    answers.push(answer("gewicht", AnswerValue::Number(31.5)));
    let saving = SaveAnswersRequest { answers: answers.clone(), stage: AnswerStage::Saving };
    let saved = app.save_answers(&lotte.record_id, &id, &saving).await.unwrap();
    assert_eq!((saved.summary.status, saved.summary.answered), (QuestionnaireStatus::Started, 3));
    assert_eq!(app.questionnaire(&lotte.record_id, &id).await.unwrap().answers, answers);

    // Sent without "Waarvoor komt u op raadpleging?": refused for that question only, and
    // what was saved stays.
    let sending = SaveAnswersRequest { answers: answers.clone(), stage: AnswerStage::Submitting };
    let refused = app.save_answers(&lotte.record_id, &id, &sending).await;
    let Err(CoreError::AnswersRefused(problems)) = refused else {
        panic!("refused per question: {refused:?}")
    };
    assert_eq!(problems, [AnswerProblem::Required { link_id: "reden".into() }]);
    assert_eq!(app.questionnaire(&lotte.record_id, &id).await.unwrap().answers, answers);

    answers.push(answer("reden", AnswerValue::Text("Controle na de griep".into())));
    let sending = SaveAnswersRequest { answers, stage: AnswerStage::Submitting };
    let sent = app.save_answers(&lotte.record_id, &id, &sending).await.unwrap();
    assert_eq!(sent.summary.status, QuestionnaireStatus::Submitted);
    assert!(!sent.may_answer, "read only once sent");
    let list = app.questionnaires(&lotte.record_id).await.unwrap();
    assert_eq!(list[0].status, QuestionnaireStatus::Submitted);
    assert!(list[0].submitted_at.is_some());

    // Els's own record has none of Lotte's.
    let own = app.records().await.into_iter().find(|r| r.relation == Relation::Own).unwrap();
    assert!(app.questionnaires(&own.record_id).await.unwrap().iter().all(|q| q.id != id));
}
