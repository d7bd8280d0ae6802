//! The questionnaire web page behind the "Fill in questionnaire(s)" e-mail, as the FAQ
//! describes it: the code already filled in, the patient's date of birth (typed as
//! 01/01/2000 or picked in a calendar), "Log in", then the patient's questionnaires, each
//! saved part way or submitted. Plain HTML forms (no script), labelled for screen readers
//! and keyboards, in Dutch, French and English, at phone width. The session after the date
//! of birth is a cookie (HttpOnly, SameSite=Strict, only for these pages). The form, the
//! cookie and closing are `code_pages`', shared with the images page.

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use chrono::NaiveDate;
use dossier_api::{
    Language,
    questionnaires::{
        Answer, AnswerProblem, AnswerStage, AnswerValue, MAX_TEXT_ANSWER_CHARS, Question,
        QuestionKind, QuestionnaireStatus,
    },
};
use serde::Deserialize;

use super::{
    code_pages::{
        BLOCKED, CodeEntry, CodePage, EXPIRED, FormWords, StartQuery, birth_date, chosen, field,
        form_fields, language_links, tr, unreadable_birth_date, why_blocked, wrong_birth_date,
    },
    pages::{escape, page},
};
use crate::{
    app::AppState,
    error::ServerError,
    questionnaires::{
        self, SaveRefusal, Stored,
        codes::{self, CodeOutcome, MAX_BIRTH_DATE_TRIES, WebSession},
    },
};

pub const PATH: &str = "/questionnaires";

const PAGE: CodePage = CodePage {
    kind: &codes::KIND,
    path: PATH,
    cookie: "dossier_questionnaires",
    log_name: "questionnaire page",
    title: ["Vragenlijsten", "Questionnaires", "Questionnaires"],
    words: FormWords {
        intro: [
            "Vul de vragenlijsten in die het ziekenhuis u stuurde.",
            "Remplissez les questionnaires que l’hôpital vous a envoyés.",
            "Fill in the questionnaires the hospital sent you.",
        ],
        code_hint: [
            "De code uit de e-mail staat al ingevuld. Verander hem niet.",
            "Le code de l’e-mail est déjà rempli. Ne le modifiez pas.",
            "The code from the e-mail is filled in already. Do not change it.",
        ],
        button: ["Aanmelden", "Se connecter", "Log in"],
    },
    entry: CodeEntry::FromLink,
};

const LOGGED_OUT: [&str; 3] = ["U bent afgemeld", "Vous êtes déconnecté", "You are logged out"];

#[derive(Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// GET: the form with the code from the link filled in. A mail scanner opening the link
/// changes nothing.
pub async fn start(State(state): State<AppState>, Query(query): Query<StartQuery>) -> Response {
    let code = codes::KIND.normalize(&query.code);
    let language = match chosen(query.lang.as_deref()) {
        Some(language) => language,
        None => match state.db.pool().acquire().await {
            Ok(mut conn) => codes::language_of(&mut conn, &code).await.ok().flatten(),
            Err(_) => None,
        }
        .unwrap_or_default(),
    };
    PAGE.form_page(StatusCode::OK, language, &code, None)
}

/// POST: code and date of birth.
pub async fn log_in(State(state): State<AppState>, body: Bytes) -> Response {
    let fields = form_fields(&body);
    let code = codes::KIND.normalize(field(&fields, "code"));
    let page_language = chosen(Some(field(&fields, "lang")));
    let language = page_language.unwrap_or_default();
    let Some(birth_date) =
        birth_date(field(&fields, "birth_date"), field(&fields, "birth_date_picked"))
    else {
        return PAGE.refused(language, &code, unreadable_birth_date(language));
    };
    let outcome = match state.db.pool().acquire().await {
        Ok(mut conn) => codes::open(&mut conn, &code, birth_date, page_language, state.now()).await,
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(CodeOutcome::Opened { session, .. }) => PAGE.opened_at(&state, &session, "/list"),
        Ok(CodeOutcome::WrongBirthDate { tries_left, .. }) => {
            PAGE.refused(language, &code, &wrong_birth_date(language, tries_left))
        }
        Ok(CodeOutcome::Unknown) => PAGE.refused(
            language,
            &code,
            tr(
                language,
                [
                    "Deze code kennen we niet. Open de link in de e-mail opnieuw.",
                    "Nous ne connaissons pas ce code. Rouvrez le lien de l’e-mail.",
                    "We do not know this code. Open the link in the e-mail again.",
                ],
            ),
        ),
        Ok(CodeOutcome::Blocked { language: code_language }) => {
            dead_code(page_language.unwrap_or(code_language), &code, true)
        }
        Ok(CodeOutcome::Expired { language: code_language }) => {
            dead_code(page_language.unwrap_or(code_language), &code, false)
        }
        Err(error) => PAGE.failure(language, error),
    }
}

/// A blocked or expired code: why, and a button for a new one by e-mail.
fn dead_code(language: Language, code: &str, blocked: bool) -> Response {
    let (status, title, text) = if blocked {
        (StatusCode::FORBIDDEN, tr(language, BLOCKED), why_blocked(language, MAX_BIRTH_DATE_TRIES))
    } else {
        (
            StatusCode::GONE,
            tr(language, EXPIRED),
            tr(
                language,
                [
                    "Een code uit de e-mail werkt 30 dagen.",
                    "Un code de l’e-mail fonctionne 30 jours.",
                    "A code from the e-mail works for 30 days.",
                ],
            )
            .to_owned(),
        )
    };
    let body = format!(
        "<p>{text}</p><p>{how}</p><form method=\"post\" action=\"{PATH}/new-link\">\
         <input type=\"hidden\" name=\"code\" value=\"{code}\">\
         <input type=\"hidden\" name=\"lang\" value=\"{lang}\">\
         <button type=\"submit\">{button}</button></form>",
        text = escape(&text),
        how = escape(tr(
            language,
            [
                "Vraag een nieuwe link aan: we sturen hem naar hetzelfde e-mailadres. U vindt de vragenlijsten ook in de Dossier-app.",
                "Demandez un nouveau lien : nous l’envoyons à la même adresse e-mail. Vous trouvez aussi les questionnaires dans l’app Dossier.",
                "Ask for a new link: we send it to the same e-mail address. You also find the questionnaires in the Dossier app.",
            ]
        )),
        code = escape(code),
        lang = language.code(),
        button = tr(
            language,
            ["Stuur me een nieuwe link", "Envoyez-moi un nouveau lien", "Send me a new link",]
        ),
    );
    page(status, language, title, &body)
}

/// POST: a new link for a blocked or expired code, to the address the code went to.
pub async fn new_link(State(state): State<AppState>, body: Bytes) -> Response {
    let fields = form_fields(&body);
    let language = chosen(Some(field(&fields, "lang"))).unwrap_or_default();
    if let Err(error) = codes::resend(&state, field(&fields, "code")).await {
        return PAGE.failure(language, error);
    }
    page(
        StatusCode::OK,
        language,
        tr(language, ["Kijk in uw mailbox", "Consultez votre boîte mail", "Check your mailbox"]),
        &format!(
            "<p>{}</p>",
            escape(tr(
                language,
                [
                    "Als deze code geblokkeerd of verlopen was, sturen we een nieuwe link naar hetzelfde e-mailadres. Dat kan enkele minuten duren.",
                    "Si ce code était bloqué ou expiré, nous envoyons un nouveau lien à la même adresse e-mail. Cela peut prendre quelques minutes.",
                    "If this code was blocked or expired, we send a new link to the same e-mail address. This can take a few minutes.",
                ]
            ))
        ),
    )
}

fn session_ended(language: Language) -> Response {
    page(
        StatusCode::UNAUTHORIZED,
        language,
        tr(language, LOGGED_OUT),
        &format!(
            "<p>{}</p>",
            escape(tr(
                language,
                [
                    "Open de link in de e-mail opnieuw en geef de geboortedatum in. Wat u bewaarde, blijft bewaard.",
                    "Rouvrez le lien de l’e-mail et indiquez la date de naissance. Ce que vous avez enregistré reste enregistré.",
                    "Open the link in the e-mail again and enter the date of birth. What you saved stays saved.",
                ]
            ))
        ),
    )
}

fn status_text(language: Language, status: QuestionnaireStatus) -> &'static str {
    match status {
        QuestionnaireStatus::Waiting => tr(language, ["In te vullen", "À remplir", "To fill in"]),
        QuestionnaireStatus::Started => tr(
            language,
            [
                "Begonnen, nog niet verstuurd",
                "Commencé, pas encore envoyé",
                "Started, not sent yet",
            ],
        ),
        QuestionnaireStatus::Submitted => tr(language, ["Verstuurd", "Envoyé", "Sent"]),
    }
}

fn close_form(language: Language) -> String {
    format!(
        "<form method=\"post\" action=\"{PATH}/close\" class=\"close\"><button type=\"submit\" class=\"secondary\">{}</button></form>",
        tr(language, ["Afmelden", "Se déconnecter", "Log out"])
    )
}

/// GET: the patient's questionnaires.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LangQuery>,
) -> Response {
    let opened = PAGE.opened::<WebSession>(&state, &headers, query.lang.as_deref()).await;
    let WebSession { patient_id, language } = match opened {
        Ok(Some(opened)) => opened,
        Ok(None) => return session_ended(chosen(query.lang.as_deref()).unwrap_or_default()),
        Err(error) => return PAGE.failure(Language::default(), error),
    };
    let list = match state.db.pool().acquire().await {
        Ok(mut conn) => questionnaires::list(&mut conn, &patient_id).await,
        Err(e) => Err(e.into()),
    };
    let list = match list {
        Ok(list) => list,
        Err(error) => return PAGE.failure(language, error),
    };
    let done = match query.done.as_deref() {
        Some("saved") => Some(tr(
            language,
            [
                "Bewaard. U kunt later verder invullen, hier of in de app.",
                "Enregistré. Vous pouvez continuer plus tard, ici ou dans l’app.",
                "Saved. You can go on later, here or in the app.",
            ],
        )),
        Some("submitted") => Some(tr(
            language,
            [
                "Verstuurd. Het ziekenhuis ontvangt uw antwoorden.",
                "Envoyé. L’hôpital reçoit vos réponses.",
                "Sent. The hospital receives your answers.",
            ],
        )),
        _ => None,
    };
    let mut body = language_links(language, &|l| format!("{PATH}/list?lang={}", l.code()));
    if let Some(done) = done {
        body.push_str(&format!("<p class=\"done\" role=\"status\">{}</p>", escape(done)));
    }
    if list.is_empty() {
        body.push_str(&format!(
            "<p>{}</p>",
            escape(tr(
                language,
                [
                    "Er zijn geen vragenlijsten.",
                    "Il n’y a pas de questionnaire.",
                    "There are no questionnaires.",
                ]
            ))
        ));
    } else {
        body.push_str("<ul class=\"questionnaires\">");
        for stored in &list {
            let s = &stored.summary;
            body.push_str(&format!(
                "<li><a href=\"{PATH}/form/{id}\">{title}</a><span>{hospital}</span><span class=\"status-{status}\">{status_text} · {answered}/{count}</span></li>",
                id = escape(&s.id),
                title = escape(&s.title),
                hospital = escape(&s.hospital),
                status = s.status.as_str(),
                status_text = escape(status_text(language, s.status)),
                answered = s.answered,
                count = s.question_count,
            ));
        }
        body.push_str("</ul>");
    }
    body.push_str(&close_form(language));
    page(StatusCode::OK, language, PAGE.title(language), &body)
}

fn problem_text(language: Language, problem: &AnswerProblem) -> &'static str {
    match problem {
        AnswerProblem::Required { .. } => tr(
            language,
            [
                "Deze vraag is verplicht.",
                "Cette question est obligatoire.",
                "This question needs an answer.",
            ],
        ),
        AnswerProblem::OutOfRange { .. } => tr(
            language,
            [
                "Dit antwoord valt buiten de grenzen.",
                "Cette réponse est hors des limites.",
                "This answer is outside the limits.",
            ],
        ),
        AnswerProblem::NotWhole { .. } => tr(
            language,
            ["Geef een geheel getal in.", "Indiquez un nombre entier.", "Enter a whole number."],
        ),
        AnswerProblem::TooLong { .. } => tr(
            language,
            [
                "Dit antwoord is te lang.",
                "Cette réponse est trop longue.",
                "This answer is too long.",
            ],
        ),
        AnswerProblem::OneOptionOnly { .. } => tr(
            language,
            ["Kies één antwoord.", "Choisissez une seule réponse.", "Choose one answer."],
        ),
        AnswerProblem::WrongKind { .. } => tr(
            language,
            [
                "Dit antwoord heeft niet de juiste vorm (een getal, een datum).",
                "Cette réponse n’a pas la bonne forme (un nombre, une date).",
                "This answer is not in the right form (a number, a date).",
            ],
        ),
        AnswerProblem::NotAnOption { .. }
        | AnswerProblem::AnsweredTwice { .. }
        | AnswerProblem::UnknownQuestion { .. } => tr(
            language,
            [
                "Kies uit de antwoorden.",
                "Choisissez parmi les réponses.",
                "Choose from the answers.",
            ],
        ),
    }
}

/// The value a field shows: the answer typed (after a refusal), else the one kept.
enum Shown<'a> {
    Typed(Vec<&'a str>),
    Kept(Option<&'a AnswerValue>),
}

impl Shown<'_> {
    fn text(&self) -> String {
        match self {
            Shown::Typed(values) => values.first().copied().unwrap_or_default().to_owned(),
            Shown::Kept(Some(AnswerValue::Text(text))) => text.clone(),
            Shown::Kept(Some(AnswerValue::Number(n))) => n.to_string(),
            Shown::Kept(Some(AnswerValue::Date(d))) => d.to_string(),
            Shown::Kept(Some(AnswerValue::Scale(s))) => s.to_string(),
            Shown::Kept(_) => String::new(),
        }
    }

    fn chosen(&self, code: &str) -> bool {
        match self {
            Shown::Typed(values) => values.contains(&code),
            Shown::Kept(Some(AnswerValue::Choice(codes))) => codes.iter().any(|c| c == code),
            Shown::Kept(Some(AnswerValue::Scale(s))) => s.to_string() == code,
            Shown::Kept(_) => false,
        }
    }
}

fn field_name(question: &Question) -> String {
    format!("a.{}", question.link_id)
}

fn question_html(
    language: Language,
    index: usize,
    question: &Question,
    shown: &Shown<'_>,
    problem: Option<&AnswerProblem>,
    editable: bool,
) -> String {
    let id = format!("q{index}");
    let name = escape(&field_name(question));
    let disabled = if editable { "" } else { " disabled" };
    let required_mark = if question.required {
        format!(
            " <span class=\"required\">({})</span>",
            tr(language, ["verplicht", "obligatoire", "required"])
        )
    } else {
        String::new()
    };
    let error = problem
        .map(|p| {
            format!(
                "<p class=\"error\" id=\"{id}-error\">{}</p>",
                escape(problem_text(language, p))
            )
        })
        .unwrap_or_default();
    let describedby = if problem.is_some() {
        format!(" aria-describedby=\"{id}-error\" aria-invalid=\"true\"")
    } else {
        String::new()
    };
    let text = escape(&question.text);
    match &question.kind {
        QuestionKind::Text { long } => {
            let value = escape(&shown.text());
            let input = if *long {
                format!(
                    "<textarea id=\"{id}\" name=\"{name}\" rows=\"4\" maxlength=\"{MAX_TEXT_ANSWER_CHARS}\"{describedby}{disabled}>{value}</textarea>"
                )
            } else {
                format!(
                    "<input id=\"{id}\" name=\"{name}\" value=\"{value}\" maxlength=\"{MAX_TEXT_ANSWER_CHARS}\"{describedby}{disabled}>"
                )
            };
            format!(
                "<div class=\"question\"><label for=\"{id}\">{text}{required_mark}</label>{error}{input}</div>"
            )
        }
        QuestionKind::Number { decimals, min, max } => {
            let hint = match (min, max) {
                (Some(min), Some(max)) => format!("<p class=\"hint\">{min} – {max}</p>"),
                _ => String::new(),
            };
            let mode = if *decimals { "decimal" } else { "numeric" };
            format!(
                "<div class=\"question\"><label for=\"{id}\">{text}{required_mark}</label>{hint}{error}<input id=\"{id}\" name=\"{name}\" inputmode=\"{mode}\" value=\"{}\"{describedby}{disabled}></div>",
                escape(&shown.text())
            )
        }
        QuestionKind::Date => format!(
            "<div class=\"question\"><label for=\"{id}\">{text}{required_mark}</label>{error}<input id=\"{id}\" name=\"{name}\" type=\"date\" value=\"{}\"{describedby}{disabled}></div>",
            escape(&shown.text())
        ),
        QuestionKind::Choice { options, multiple } => {
            let kind = if *multiple { "checkbox" } else { "radio" };
            let choices: String = options
                .iter()
                .enumerate()
                .map(|(i, option)| {
                    let checked = if shown.chosen(&option.code) { " checked" } else { "" };
                    format!(
                        "<label class=\"option\" for=\"{id}-{i}\"><input type=\"{kind}\" id=\"{id}-{i}\" name=\"{name}\" value=\"{}\"{checked}{disabled}> {}</label>",
                        escape(&option.code),
                        escape(&option.label)
                    )
                })
                .collect();
            format!(
                "<fieldset class=\"question\"{describedby}><legend>{text}{required_mark}</legend>{error}{choices}</fieldset>"
            )
        }
        QuestionKind::Scale { min, max, min_label, max_label } => {
            let steps: String = (*min..=*max)
                .map(|step| {
                    let checked = if shown.chosen(&step.to_string()) { " checked" } else { "" };
                    format!(
                        "<label class=\"step\" for=\"{id}-{step}\"><input type=\"radio\" id=\"{id}-{step}\" name=\"{name}\" value=\"{step}\"{checked}{disabled}>{step}</label>"
                    )
                })
                .collect();
            let ends = format!(
                "<p class=\"hint scale-ends\"><span>{min}: {}</span><span>{max}: {}</span></p>",
                escape(min_label.as_deref().unwrap_or_default()),
                escape(max_label.as_deref().unwrap_or_default())
            );
            format!(
                "<fieldset class=\"question\"{describedby}><legend>{text}{required_mark}</legend>{ends}{error}<div class=\"scale\">{steps}</div></fieldset>"
            )
        }
    }
}

fn form_page(
    language: Language,
    stored: &Stored,
    typed: Option<&[(String, String)]>,
    problems: &[AnswerProblem],
) -> String {
    let editable = stored.summary.status != QuestionnaireStatus::Submitted;
    let mut body = language_links(language, &|l| {
        format!("{PATH}/form/{}?lang={}", stored.summary.id, l.code())
    });
    body.push_str(&format!("<p class=\"hint\">{}</p>", escape(&stored.summary.hospital)));
    if !problems.is_empty() {
        body.push_str(&format!(
            "<p class=\"error\" role=\"alert\">{}</p>",
            escape(tr(language, [
                "Niet alles kon bewaard worden: bekijk de vragen met een opmerking. Er werd niets gewijzigd.",
                "Tout n’a pas pu être enregistré : voyez les questions avec une remarque. Rien n’a été modifié.",
                "Not everything could be saved: see the questions with a remark. Nothing was changed.",
            ]))
        ));
    }
    if !editable {
        body.push_str(&format!(
            "<p class=\"done\">{}</p>",
            escape(tr(
                language,
                [
                    "U verstuurde deze vragenlijst. De antwoorden kunnen niet meer veranderen.",
                    "Vous avez envoyé ce questionnaire. Les réponses ne peuvent plus changer.",
                    "You sent this questionnaire. The answers can no longer change.",
                ]
            ))
        ));
    }
    body.push_str(&format!(
        "<form method=\"post\" action=\"{PATH}/form/{}\" novalidate>",
        escape(&stored.summary.id)
    ));
    for (index, question) in stored.questionnaire.questions.iter().enumerate() {
        let shown = match typed {
            Some(fields) => Shown::Typed(
                fields
                    .iter()
                    .filter(|(k, _)| *k == field_name(question))
                    .map(|(_, v)| v.as_str())
                    .collect(),
            ),
            None => Shown::Kept(
                stored.answers.iter().find(|a| a.link_id == question.link_id).map(|a| &a.value),
            ),
        };
        let problem = problems.iter().find(|p| p.link_id() == question.link_id);
        body.push_str(&question_html(language, index, question, &shown, problem, editable));
    }
    if editable {
        body.push_str(&format!(
            "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"save\" class=\"secondary\">{}</button>\
             <button type=\"submit\" name=\"action\" value=\"submit\">{}</button></div>",
            tr(language, ["Bewaren, later verder", "Enregistrer, continuer plus tard", "Save, finish later"]),
            tr(language, ["Versturen naar het ziekenhuis", "Envoyer à l’hôpital", "Send to the hospital"]),
        ));
    }
    body.push_str("</form>");
    body.push_str(&format!(
        "<p><a href=\"{PATH}/list\">{}</a></p>",
        tr(language, ["Alle vragenlijsten", "Tous les questionnaires", "All questionnaires"])
    ));
    body
}

async fn load(state: &AppState, patient_id: &str, id: &str) -> Result<Option<Stored>, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    questionnaires::one(&mut conn, patient_id, id).await
}

fn not_found(language: Language) -> Response {
    page(
        StatusCode::NOT_FOUND,
        language,
        tr(language, ["Niet gevonden", "Introuvable", "Not found"]),
        &format!(
            "<p><a href=\"{PATH}/list\">{}</a></p>",
            tr(language, ["Alle vragenlijsten", "Tous les questionnaires", "All questionnaires"])
        ),
    )
}

/// GET: one questionnaire with the answers kept so far.
pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<LangQuery>,
) -> Response {
    let opened = PAGE.opened::<WebSession>(&state, &headers, query.lang.as_deref()).await;
    let WebSession { patient_id, language } = match opened {
        Ok(Some(opened)) => opened,
        Ok(None) => return session_ended(chosen(query.lang.as_deref()).unwrap_or_default()),
        Err(error) => return PAGE.failure(Language::default(), error),
    };
    match load(&state, &patient_id, &id).await {
        Ok(Some(stored)) => {
            let body = form_page(language, &stored, None, &[]);
            page(StatusCode::OK, language, &stored.summary.title.clone(), &body)
        }
        Ok(None) => not_found(language),
        Err(error) => PAGE.failure(language, error),
    }
}

/// The answers in a posted form, read as each question asks; a value that is not of the
/// question's kind becomes a problem (the form shows it), an empty one no answer.
fn read_answers(
    questions: &[Question],
    fields: &[(String, String)],
) -> (Vec<Answer>, Vec<AnswerProblem>) {
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    for question in questions {
        let name = field_name(question);
        let values: Vec<&str> =
            fields.iter().filter(|(k, _)| *k == name).map(|(_, v)| v.trim()).collect();
        let first = values.first().copied().unwrap_or_default();
        let link_id = question.link_id.clone();
        let value = match &question.kind {
            QuestionKind::Text { .. } if !first.is_empty() => {
                Some(AnswerValue::Text(first.to_owned()))
            }
            QuestionKind::Number { .. } if !first.is_empty() => {
                match first.replace(',', ".").parse::<f64>() {
                    Ok(number) => Some(AnswerValue::Number(number)),
                    Err(_) => {
                        problems.push(AnswerProblem::WrongKind { link_id });
                        continue;
                    }
                }
            }
            QuestionKind::Date if !first.is_empty() => {
                match NaiveDate::parse_from_str(first, "%Y-%m-%d") {
                    Ok(date) => Some(AnswerValue::Date(date)),
                    Err(_) => {
                        problems.push(AnswerProblem::WrongKind { link_id });
                        continue;
                    }
                }
            }
            QuestionKind::Choice { .. } if !values.is_empty() => Some(AnswerValue::Choice(
                values.iter().filter(|v| !v.is_empty()).map(|v| (*v).to_owned()).collect(),
            )),
            QuestionKind::Scale { .. } if !first.is_empty() => match first.parse::<i64>() {
                Ok(step) => Some(AnswerValue::Scale(step)),
                Err(_) => {
                    problems.push(AnswerProblem::WrongKind { link_id });
                    continue;
                }
            },
            _ => None,
        };
        if let Some(value) = value {
            answers.push(Answer { link_id: question.link_id.clone(), value });
        }
    }
    (answers, problems)
}

/// POST: save part way or submit.
pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let WebSession { patient_id, language } = match PAGE.opened(&state, &headers, None).await {
        Ok(Some(opened)) => opened,
        Ok(None) => return session_ended(Language::default()),
        Err(error) => return PAGE.failure(Language::default(), error),
    };
    let stored = match load(&state, &patient_id, &id).await {
        Ok(Some(stored)) => stored,
        Ok(None) => return not_found(language),
        Err(error) => return PAGE.failure(language, error),
    };
    let fields = form_fields(&body);
    let stage = if field(&fields, "action") == "submit" {
        AnswerStage::Submitting
    } else {
        AnswerStage::Saving
    };
    let (answers, mut problems) = read_answers(&stored.questionnaire.questions, &fields);
    if problems.is_empty() {
        let saved = match state.db.pool().acquire().await {
            Ok(mut conn) => {
                questionnaires::save(
                    &mut conn,
                    &patient_id,
                    &id,
                    &answers,
                    stage,
                    None,
                    state.now(),
                )
                .await
            }
            Err(e) => Err(e.into()),
        };
        match saved {
            Ok(Ok(_)) => {
                let done = if stage == AnswerStage::Submitting { "submitted" } else { "saved" };
                return Redirect::to(&format!("{PATH}/list?done={done}")).into_response();
            }
            Ok(Err(SaveRefusal::Problems(found))) => problems = found,
            Ok(Err(SaveRefusal::NotFound)) => return not_found(language),
            Ok(Err(SaveRefusal::Submitted)) => {
                let body = form_page(language, &stored, None, &[]);
                return page(StatusCode::CONFLICT, language, &stored.summary.title.clone(), &body);
            }
            Err(error) => return PAGE.failure(language, error),
        }
    } else {
        // Also the problems the whole check finds, so every one shows at once.
        for problem in stored.questionnaire.problems(&answers, stage) {
            if !problems.iter().any(|p| p.link_id() == problem.link_id()) {
                problems.push(problem);
            }
        }
    }
    let body = form_page(language, &stored, Some(&fields), &problems);
    page(StatusCode::UNPROCESSABLE_ENTITY, language, &stored.summary.title.clone(), &body)
}

/// POST: ends the session on this browser.
pub async fn close(State(state): State<AppState>, headers: HeaderMap) -> Response {
    PAGE.close::<WebSession>(
        &state,
        &headers,
        LOGGED_OUT,
        [
            "Wat u bewaarde, blijft bewaard. U kunt het venster sluiten.",
            "Ce que vous avez enregistré reste enregistré. Vous pouvez fermer la fenêtre.",
            "What you saved stays saved. You can close the window.",
        ],
    )
    .await
}
