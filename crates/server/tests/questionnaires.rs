//! Questionnaires, on SQLite and PostgreSQL, as a patient and a hospital meet them: a FHIR
//! R4 Questionnaire imported and sent, the e-mail read from the outbox, the web page opened
//! with its code and the date of birth (wrong dates counted, the code blocked after five,
//! a new link sent on asking, an expired code refused), answers saved part way on the page
//! and finished in the app (required answers checked), who may answer (a parent for a
//! child, not a trusted person, nobody for another record), and the submitted answers
//! exported as a FHIR R4 QuestionnaireResponse in the form's own terms.

mod common;

use common::{Backend, Enrolled, TestServer, assert_plain_and_labelled, enrol};
use dossier_server::{questionnaires, staff};
use dossier_test_kit::outbox::{OutboxMail, read_outbox};
use reqwest::{Method, StatusCode, header, redirect::Policy};
use serde_json::{Value, json};

on_both_databases!(
    a_questionnaire_is_mailed_filled_in_part_way_on_the_page_and_finished_in_the_app,
    five_wrong_birth_dates_block_the_code_and_a_new_link_can_be_asked,
    an_expired_code_is_refused_and_a_closed_page_needs_the_code_again,
    a_parent_answers_for_a_child_a_trusted_person_reads_along_and_nobody_else_sees_it,
    saved_in_the_app_sent_from_the_page_in_any_language_without_script,
);

const HOSPITAL: &str = "hzk";
const PATIENT_SYSTEM: &str = "https://hzk.example/fhir/ead";

/// A hospital's intake form: every kind of question, a group, a contained ValueSet.
fn intake_form() -> Value {
    json!({
        "resourceType": "Bundle", "type": "collection",
        "entry": [{"resource": {
            "resourceType": "Questionnaire", "id": "intake", "url": "https://hzk.example/fhir/Questionnaire/intake",
            "version": "3", "title": "Before your consultation", "status": "active", "language": "en",
            "item": [
                {"linkId": "about", "type": "group", "text": "About your complaint", "item": [
                    {"linkId": "complaint", "type": "text", "text": "What brings you to us?", "required": true},
                    {"linkId": "since", "type": "date", "text": "Since when?"}
                ]},
                {"linkId": "pain", "type": "integer", "text": "How much pain do you have?", "required": true,
                 "extension": [
                    {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
                    {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10},
                    {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
                     "valueCodeableConcept": {"coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "slider"}]}}]},
                {"linkId": "weight", "type": "decimal", "text": "Your weight in kg",
                 "extension": [
                    {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueDecimal": 1},
                    {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueDecimal": 350}]},
                {"linkId": "smoker", "type": "boolean", "text": "Do you smoke?", "required": true},
                {"linkId": "allergies", "type": "choice", "text": "Allergies", "repeats": true,
                 "answerValueSet": "#allergies"}
            ],
            "contained": [{"resourceType": "ValueSet", "id": "allergies", "status": "active",
                "compose": {"include": [{"system": "http://snomed.info/sct", "concept": [
                    {"code": "91936005", "display": "Penicillin"},
                    {"code": "300913006", "display": "Shellfish"}]}]}}]
        }}]
    })
}

struct Clinic {
    server: TestServer,
    form_id: String,
    /// Follows no redirect and keeps no cookie: the test reads both.
    browser: reqwest::Client,
}

async fn clinic(backend: Backend) -> Option<Clinic> {
    let server = TestServer::start(backend).await?;
    staff::add_hospital(
        &server.test.state,
        &staff::NewHospital {
            id: HOSPITAL.into(),
            name: "Heilig Hart Ziekenhuis".into(),
            city: "Leuven".into(),
            reports_visible_from: dossier_server::clock::date(2016, 8, 15),
            shares_child_reports: true,
            patient_number_system: Some(PATIENT_SYSTEM.into()),
        },
    )
    .await
    .unwrap();
    let forms =
        questionnaires::import_file(&server.test.state, HOSPITAL, &intake_form().to_string())
            .await
            .unwrap();
    assert_eq!(forms.len(), 1);
    assert!(forms[0].new);
    // The same form again is the same form.
    let again =
        questionnaires::import_file(&server.test.state, HOSPITAL, &intake_form().to_string())
            .await
            .unwrap();
    assert_eq!((again[0].id.as_str(), again[0].new), (forms[0].id.as_str(), false));
    let browser = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
    Some(Clinic { server, form_id: forms[0].id.clone(), browser })
}

impl Clinic {
    fn outbox(&self) -> Vec<OutboxMail> {
        read_outbox(self.server.test.outbox.path())
    }

    async fn ead(&self, patient_id: &str) -> String {
        let mut conn = self.server.test.state.db.pool().acquire().await.unwrap();
        dossier_server::patients::find_by_id(&mut conn, patient_id)
            .await
            .unwrap()
            .unwrap()
            .ead_number
    }

    /// Sends the form to the patient; the code in the newest e-mail to `to`.
    async fn send(&self, patient_id: &str, to: &str) -> (String, String) {
        let ead = self.ead(patient_id).await;
        let (id, mailed) =
            questionnaires::send_to(&self.server.test.state, &self.form_id, &ead).await.unwrap();
        assert!(mailed >= 1);
        (id, self.code_mailed_to(to))
    }

    fn code_mailed_to(&self, to: &str) -> String {
        let mail = self.outbox().into_iter().rev().find(|m| m.to.contains(to)).expect("a mail");
        let link = mail.link("http://127.0.0.1/questionnaires?code=").expect("the link");
        link.split_once("code=").unwrap().1.to_owned()
    }

    async fn page(
        &self,
        method: Method,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> (StatusCode, String, Option<String>) {
        let mut request = self.browser.request(method, self.server.url(path));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if !form.is_empty() {
            request = request.form(form);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let set_cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned());
        (status, response.text().await.unwrap(), set_cookie)
    }

    async fn log_in(&self, code: &str, birth_date: &str) -> (StatusCode, String, Option<String>) {
        self.log_in_with(code, birth_date, "", "en").await
    }

    /// The code page's form as sent: the date typed, or picked in the calendar, in `lang`.
    async fn log_in_with(
        &self,
        code: &str,
        typed: &str,
        picked: &str,
        lang: &str,
    ) -> (StatusCode, String, Option<String>) {
        let form =
            [("code", code), ("birth_date", typed), ("birth_date_picked", picked), ("lang", lang)];
        self.page(Method::POST, "/questionnaires", None, &form).await
    }
}

impl Clinic {
    /// A page with its Content-Security-Policy.
    async fn page_with_policy(&self, path: &str, cookie: Option<&str>) -> (String, String) {
        let mut request = self.browser.get(self.server.url(path));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        (response.text().await.unwrap(), csp)
    }
}

async fn session_for(server: &TestServer, who: &Enrolled) -> String {
    server.session(who).await
}

async fn a_questionnaire_is_mailed_filled_in_part_way_on_the_page_and_finished_in_the_app(
    backend: Backend,
) {
    let Some(clinic) = clinic(backend).await else { return };
    let test = &clinic.server.test;
    let an = enrol(test, "An", "Peeters", Some(11), Some("an.peeters@example.be")).await;
    let (id, code) = clinic.send(&an.patient_id, "an.peeters@example.be").await;
    let mail = clinic.outbox().pop().unwrap();
    // In the patient's language (Dutch here).
    assert_eq!(mail.subject, "Vragenlijst(en) in te vullen in Dossier");
    assert!(mail.body.contains("Vragenlijst(en) invullen:"));
    assert!(!mail.body.contains("Before your consultation"), "no form title in an e-mail");

    // Step 2 of the FAQ: the page with the code filled in.
    let (status, html, _) =
        clinic.page(Method::GET, &format!("/questionnaires?code={code}"), None, &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("value=\"{code}\"")), "the code is filled in");
    assert!(html.contains("01/01/2000") && html.contains("type=\"date\""));

    // A wrong date of birth is counted; the right one, typed as the FAQ shows, opens.
    let (status, html, cookie) = clinic.log_in(&code, "18/05/1980").await;
    assert_eq!(status, 422);
    assert!(html.contains("4 tries left"), "{html}");
    assert!(cookie.is_none());
    // The date field names its hint and the error, in one attribute (a second one is lost).
    assert!(html.contains("aria-describedby=\"birth-hint login-error\""), "{html}");
    assert_eq!(html.matches("aria-describedby").count(), 2, "{html}");
    let (status, _, cookie) = clinic.log_in(&code.to_lowercase(), "17/05/1980").await;
    assert_eq!(status, 303);
    let cookie = cookie.expect("a session cookie");
    let (status, html, _) =
        clinic.page(Method::GET, "/questionnaires/list", Some(&cookie), &[]).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Before your consultation") && html.contains("To fill in · 0/6"),
        "{html}"
    );

    // Part way: refused answers keep nothing and say where; good ones are kept.
    let form_path = format!("/questionnaires/form/{id}");
    let (status, html, _) = clinic
        .page(
            Method::POST,
            &form_path,
            Some(&cookie),
            &[("a.pain", "6"), ("a.weight", "twelve"), ("action", "save")],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("not in the right form") && html.contains("value=\"twelve\""), "{html}");
    let (status, _, _) = clinic
        .page(
            Method::POST,
            &form_path,
            Some(&cookie),
            &[
                ("a.pain", "6"),
                ("a.weight", "72,5"),
                ("a.allergies", "91936005"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (_, html, _) =
        clinic.page(Method::GET, "/questionnaires/list?done=saved", Some(&cookie), &[]).await;
    assert!(html.contains("Started, not sent yet · 3/6"), "{html}");
    // Submitting from the page without the required answers is refused, per question.
    let (status, html, _) = clinic
        .page(Method::POST, &form_path, Some(&cookie), &[("a.pain", "6"), ("action", "submit")])
        .await;
    assert_eq!(status, 422);
    assert_eq!(html.matches("This question needs an answer.").count(), 2, "{html}");

    // The app sees what the page kept, and finishes it.
    let token = session_for(&clinic.server, &an).await;
    let path = format!("/api/v1/records/{}/questionnaires", an.patient_id);
    let (status, list) = clinic.server.authed(Method::GET, &path, &token, None).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list[0]["status"], "started");
    assert_eq!(
        (list[0]["answered"].as_u64(), list[0]["question_count"].as_u64()),
        (Some(3), Some(6))
    );
    let (status, view) =
        clinic.server.authed(Method::GET, &format!("{path}/{id}"), &token, None).await;
    assert_eq!(status, 200);
    assert_eq!(view["may_answer"], true);
    assert_eq!(
        view["answers"],
        json!([{"link_id": "pain", "scale": 6}, {"link_id": "weight", "number": 72.5}, {"link_id": "allergies", "choice": ["91936005"]}])
    );
    let mut answers = view["answers"].as_array().unwrap().clone();
    let answers_path = format!("{path}/{id}/answers");
    let (status, refused) = clinic
        .server
        .authed(
            Method::PUT,
            &answers_path,
            &token,
            Some(json!({"answers": answers, "stage": "submitting"})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(refused["code"], "answers_refused");
    assert_eq!(
        refused["problems"],
        json!([{"problem": "required", "link_id": "complaint"}, {"problem": "required", "link_id": "smoker"}])
    );
    answers.push(json!({"link_id": "complaint", "text": "Pain in my left knee"}));
    answers.push(json!({"link_id": "since", "date": "2026-10-02"}));
    answers.push(json!({"link_id": "smoker", "choice": ["false"]}));
    let (status, done) = clinic
        .server
        .authed(
            Method::PUT,
            &answers_path,
            &token,
            Some(json!({"answers": answers, "stage": "submitting"})),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(
        (done["summary"]["status"].as_str(), done["may_answer"].as_bool()),
        (Some("submitted"), Some(false))
    );
    let (status, again) = clinic
        .server
        .authed(Method::PUT, &answers_path, &token, Some(json!({"answers": [], "stage": "saving"})))
        .await;
    assert_eq!((status, again["code"].as_str()), (409, Some("questionnaire_submitted")));
    // The page shows it sent, read-only.
    let (_, html, _) = clinic.page(Method::GET, &form_path, Some(&cookie), &[]).await;
    assert!(html.contains("You sent this questionnaire") && !html.contains("value=\"submit\""));

    // Staff export it in the form's own terms.
    let mut conn = test.state.db.pool().acquire().await.unwrap();
    let waiting = questionnaires::submitted(&mut conn, HOSPITAL, false).await.unwrap();
    assert_eq!(waiting.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), [id.as_str()]);
    let response =
        questionnaires::response::export(&mut conn, &id, test.state.now()).await.unwrap().unwrap();
    assert!(questionnaires::submitted(&mut conn, HOSPITAL, false).await.unwrap().is_empty());
    assert_eq!(response["resourceType"], "QuestionnaireResponse");
    assert_eq!(response["questionnaire"], "https://hzk.example/fhir/Questionnaire/intake|3");
    assert_eq!(response["status"], "completed");
    assert_eq!(response["subject"]["identifier"]["system"], PATIENT_SYSTEM);
    assert_eq!(response["authored"], "2026-11-23T10:00:00Z");
    let items = &response["item"];
    assert_eq!(items[0]["linkId"], "about");
    assert_eq!(items[0]["item"][0]["answer"], json!([{"valueString": "Pain in my left knee"}]));
    assert_eq!(items[0]["item"][1]["answer"], json!([{"valueDate": "2026-10-02"}]));
    assert_eq!(items[1]["answer"], json!([{"valueInteger": 6}]));
    assert_eq!(items[2]["answer"], json!([{"valueDecimal": 72.5}]));
    assert_eq!(items[3]["answer"], json!([{"valueBoolean": false}]));
    assert_eq!(
        items[4]["answer"],
        json!([{"valueCoding": {"system": "http://snomed.info/sct", "code": "91936005"}}])
    );
}

async fn five_wrong_birth_dates_block_the_code_and_a_new_link_can_be_asked(backend: Backend) {
    let Some(clinic) = clinic(backend).await else { return };
    let an = enrol(&clinic.server.test, "An", "Peeters", Some(11), Some("an@example.be")).await;
    let (_, code) = clinic.send(&an.patient_id, "an@example.be").await;
    for tries_left in (1..5).rev() {
        let (status, html, _) = clinic.log_in(&code, "01/01/2000").await;
        assert_eq!(status, 422);
        let expected = if tries_left == 1 {
            "1 try left, then the code is blocked".to_owned()
        } else {
            format!("{tries_left} tries left")
        };
        assert!(html.contains(&expected), "{html}");
    }
    let (status, html, _) = clinic.log_in(&code, "01/01/2000").await;
    assert_eq!(status, 403);
    assert!(html.contains("This code is blocked") && html.contains("Send me a new link"));
    // Blocked means blocked: the right date does not open it now.
    let (status, _, cookie) = clinic.log_in(&code, "17/05/1980").await;
    assert_eq!((status, cookie), (StatusCode::FORBIDDEN, None));

    // A new link, to the same address; it works.
    let before = clinic.outbox().len();
    let (status, html, _) = clinic
        .page(Method::POST, "/questionnaires/new-link", None, &[("code", &code), ("lang", "en")])
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Check your mailbox"));
    assert_eq!(clinic.outbox().len(), before + 1);
    let fresh = clinic.code_mailed_to("an@example.be");
    assert_ne!(fresh, code);
    assert_eq!(clinic.log_in(&fresh, "17/05/1980").await.0, 303);
    // Asking again at once sends nothing more (no flooding a mailbox), and a code that
    // works gets nothing either; the page says the same.
    for asked in [&code, &fresh] {
        let (status, _, _) = clinic
            .page(
                Method::POST,
                "/questionnaires/new-link",
                None,
                &[("code", asked), ("lang", "en")],
            )
            .await;
        assert_eq!(status, 200);
    }
    assert_eq!(clinic.outbox().len(), before + 1);
    // A code nobody sent says nothing about codes.
    let (status, html, _) = clinic.log_in("AAAA-BBBB-CCCC", "17/05/1980").await;
    assert_eq!(status, 422);
    assert!(html.contains("We do not know this code"));
}

async fn an_expired_code_is_refused_and_a_closed_page_needs_the_code_again(backend: Backend) {
    let Some(clinic) = clinic(backend).await else { return };
    let an = enrol(&clinic.server.test, "An", "Peeters", Some(11), Some("an@example.be")).await;
    let (_, code) = clinic.send(&an.patient_id, "an@example.be").await;
    // The calendar works too, and the page can be in Dutch.
    let (status, _, cookie) = clinic.log_in_with(&code, "", "1980-05-17", "nl").await;
    assert_eq!(status, 303);
    let cookie = cookie.unwrap();
    let (_, html, _) = clinic.page(Method::GET, "/questionnaires/list", Some(&cookie), &[]).await;
    assert!(html.contains("lang=\"nl\"") && html.contains("In te vullen"), "{html}");
    let (status, html, cleared) =
        clinic.page(Method::POST, "/questionnaires/close", Some(&cookie), &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("U bent afgemeld"));
    assert_eq!(cleared.as_deref(), Some("dossier_questionnaires="));
    let (status, _, _) = clinic.page(Method::GET, "/questionnaires/list", Some(&cookie), &[]).await;
    assert_eq!(status, 401, "a closed session stays closed");

    clinic.server.test.advance(codes_lifetime() + 1);
    let (status, html, _) = clinic.log_in(&code, "17/05/1980").await;
    assert_eq!(status, 410);
    assert!(html.contains("This code has expired") && html.contains("Send me a new link"));
}

fn codes_lifetime() -> i64 {
    questionnaires::codes::CODE_LIFETIME_SECONDS
}

async fn a_parent_answers_for_a_child_a_trusted_person_reads_along_and_nobody_else_sees_it(
    backend: Backend,
) {
    let Some(clinic) = clinic(backend).await else { return };
    let test = &clinic.server.test;
    let parent = enrol(test, "An", "Peeters", Some(11), Some("an@example.be")).await;
    let friend = enrol(test, "Jan", "Claes", Some(131), Some("jan@example.be")).await;
    let stranger = enrol(test, "Els", "Maes", Some(141), None).await;
    let born = dossier_server::clock::date(2018, 2, 9);
    let child = common::register_born(test, "Lotte", "Peeters", born, Some(88), None).await;
    let today = test.state.clock.today();
    for (holder, kind) in [
        (&parent, dossier_server::links::LinkKind::ParentChild),
        (&friend, dossier_server::links::LinkKind::TrustedPerson),
    ] {
        staff::add_link(
            &test.state,
            &staff::DeskLink {
                holder_ead: clinic.ead(&holder.patient_id).await,
                subject_ead: child.ead_number.clone(),
                kind,
                from: Some(today),
                until: None,
                mandate_reference: None,
            },
        )
        .await
        .unwrap();
    }
    // The child has no address: the parent gets the e-mail, the trusted person does not.
    let (id, code) = clinic.send(&child.id, "an@example.be").await;
    let mails = clinic.outbox();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].body.contains("voor Lotte"));
    // The page asks the child's date of birth, not the parent's.
    assert_eq!(clinic.log_in(&code, "17/05/1980").await.0, 422);
    assert_eq!(clinic.log_in(&code, "09/02/2018").await.0, 303);

    let path = format!("/api/v1/records/{}/questionnaires/{id}", child.id);
    let answers = json!({"answers": [{"link_id": "pain", "scale": 2}], "stage": "saving"});
    let token = session_for(&clinic.server, &parent).await;
    let (status, saved) = clinic
        .server
        .authed(Method::PUT, &format!("{path}/answers"), &token, Some(answers.clone()))
        .await;
    assert_eq!(status, 200, "{saved}");
    let token = session_for(&clinic.server, &friend).await;
    let (status, view) = clinic.server.authed(Method::GET, &path, &token, None).await;
    assert_eq!((status, view["may_answer"].as_bool()), (200, Some(false)));
    let (status, refused) = clinic
        .server
        .authed(Method::PUT, &format!("{path}/answers"), &token, Some(answers.clone()))
        .await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("not_allowed_to_change")));
    let token = session_for(&clinic.server, &stranger).await;
    assert_eq!(clinic.server.authed(Method::GET, &path, &token, None).await.0, 404);
    // Another record's questionnaire is not found through one's own record either.
    let own = format!("/api/v1/records/{}/questionnaires/{id}", stranger.patient_id);
    assert_eq!(clinic.server.authed(Method::GET, &own, &token, None).await.0, 404);
    assert_eq!(
        clinic.server.authed(Method::PUT, &format!("{own}/answers"), &token, Some(answers)).await.0,
        404
    );
}

/// The other way round from the first scenario: answers saved in the app, the rest given
/// and sent on the web page, here in French. Every page (code, list, form) is plain HTML
/// without script and with a label for each field, in Dutch, French and English alike.
async fn saved_in_the_app_sent_from_the_page_in_any_language_without_script(backend: Backend) {
    let Some(clinic) = clinic(backend).await else { return };
    let an = enrol(&clinic.server.test, "An", "Peeters", Some(11), Some("an@example.be")).await;
    let (id, code) = clinic.send(&an.patient_id, "an@example.be").await;
    let token = session_for(&clinic.server, &an).await;
    let answers_path = format!("/api/v1/records/{}/questionnaires/{id}/answers", an.patient_id);
    let saved = json!({"answers": [
        {"link_id": "complaint", "text": "Douleur au genou gauche"},
        {"link_id": "pain", "scale": 3}
    ], "stage": "saving"});
    let (status, view) =
        clinic.server.authed(Method::PUT, &answers_path, &token, Some(saved)).await;
    assert_eq!(status, 200, "{view}");

    // The code page in each language.
    for (lang, words) in [
        ("nl", "Geboortedatum van de patiënt"),
        ("fr", "Date de naissance du patient"),
        ("en", "The patient's date of birth"),
    ] {
        let (html, csp) = clinic
            .page_with_policy(&format!("/questionnaires?code={code}&lang={lang}"), None)
            .await;
        assert_plain_and_labelled(&html, &csp, lang);
        assert!(html.contains(&as_written(words)), "{lang}: {html}");
    }
    let (status, _, cookie) = clinic.log_in_with(&code, "17/05/1980", "", "fr").await;
    assert_eq!(status, 303);
    let cookie = cookie.unwrap();
    let (html, csp) = clinic.page_with_policy("/questionnaires/list", Some(&cookie)).await;
    assert!(html.contains("lang=\"fr\"") && !html.to_lowercase().contains("<script"), "{html}");
    assert!(csp.starts_with("default-src 'none'"));
    // The form shows what the app kept.
    let form_path = format!("/questionnaires/form/{id}");
    let (html, csp) = clinic.page_with_policy(&form_path, Some(&cookie)).await;
    assert_plain_and_labelled(&html, &csp, "fr");
    assert!(html.contains("Douleur au genou gauche") && html.contains("(obligatoire)"), "{html}");
    assert!(html.contains("value=\"3\" checked"), "the app's pain answer: {html}");
    // Sent from the page, with what the app saved and what is added here.
    let (status, _, _) = clinic
        .page(
            Method::POST,
            &form_path,
            Some(&cookie),
            &[
                ("a.complaint", "Douleur au genou gauche"),
                ("a.pain", "3"),
                ("a.smoker", "true"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (html, _) =
        clinic.page_with_policy("/questionnaires/list?done=submitted", Some(&cookie)).await;
    assert!(html.contains("Envoyé. L’hôpital reçoit vos réponses."), "{html}");
    // The app sees it sent; staff export both parts.
    let path = format!("/api/v1/records/{}/questionnaires", an.patient_id);
    let (_, list) = clinic.server.authed(Method::GET, &path, &token, None).await;
    assert_eq!(list[0]["status"], "submitted", "{list}");
    let mut conn = clinic.server.test.state.db.pool().acquire().await.unwrap();
    let response = questionnaires::response::export(&mut conn, &id, clinic.server.test.state.now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(response["status"], "completed");
    let answer = |link_id: &str| {
        let items = response["item"].as_array().unwrap();
        let all = items
            .iter()
            .chain(items.iter().flat_map(|i| i["item"].as_array().into_iter().flatten()));
        all.into_iter().find(|i| i["linkId"] == link_id).map(|i| i["answer"].clone())
    };
    assert_eq!(answer("complaint"), Some(json!([{"valueString": "Douleur au genou gauche"}])));
    assert_eq!(answer("pain"), Some(json!([{"valueInteger": 3}])));
    assert_eq!(answer("smoker"), Some(json!([{"valueBoolean": true}])));
}

/// Text as the pages write it (an apostrophe is escaped).
fn as_written(text: &str) -> String {
    text.replace('\'', "&#39;")
}
