//! Questionnaires hospitals sent to a record: the list (to fill in first, then sent), and
//! one questionnaire to fill in, saved part way and finished later (here or on the web page
//! from the e-mail), or sent to the hospital. Answers are checked before sending with the
//! same rule as the server (`Questionnaire::problems`), each problem beside its question.
//! Read from the server: without a connection the screen says so.

use dossier_api::questionnaires::{
    Answer, AnswerProblem, AnswerStage, AnswerValue, MAX_TEXT_ANSWER_CHARS, Question, QuestionKind,
    QuestionnaireStatus, QuestionnaireSummary, QuestionnaireView, SaveAnswersRequest,
};
use fluent_bundle::FluentValue;
use leptos::prelude::*;

use crate::{
    backend,
    format::date_time,
    forms::{BackButton, FormError, Problem, run_action},
    i18n::use_i18n,
    nav::{Screen, use_navigator},
    session::use_session,
};

fn status_key(status: QuestionnaireStatus) -> &'static str {
    match status {
        QuestionnaireStatus::Waiting => "questionnaires-status-waiting",
        QuestionnaireStatus::Started => "questionnaires-status-started",
        QuestionnaireStatus::Submitted => "questionnaires-status-submitted",
    }
}

#[component]
pub fn QuestionnairesScreen(record_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let session = use_session();
    let title = move || match session.viewed().filter(|_| session.viewing_other()) {
        Some(other) => i18n.tr_args(
            "questionnaires-title-of",
            vec![("given", FluentValue::from(other.given_name))],
        ),
        None => i18n.tr("questionnaires-title"),
    };
    let record = StoredValue::new(record_id);
    let list = RwSignal::new(None::<Vec<QuestionnaireSummary>>);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let load = move || {
        run_action(busy, problem, backend::questionnaires(record.get_value()), move |found| {
            list.set(Some(found));
        });
    };
    load();
    view! {
        <section class="screen questionnaires" aria-labelledby="questionnaires-title">
            <BackButton on_back=move || navigator.go(Screen::Home)/>
            <h1 id="questionnaires-title">{title}</h1>
            <p class="intro">{move || i18n.tr("questionnaires-intro")}</p>
            <FormError problem=problem/>
            <Show when=move || problem.get().is_some()>
                <button type="button" class="button button-secondary" id="questionnaires-retry" disabled=move || busy.get() on:click=move |_| load()>
                    {move || i18n.tr("questionnaires-retry")}
                </button>
            </Show>
            {move || list.get().map(|all| {
                let (to_fill, sent): (Vec<_>, Vec<_>) =
                    all.into_iter().partition(|q| q.status != QuestionnaireStatus::Submitted);
                view! {
                    <h2 class="section-heading">{i18n.tr("questionnaires-to-fill")}</h2>
                    <ul class="card-list" id="questionnaires-to-fill">
                        {if to_fill.is_empty() {
                            view! { <li class="muted-line">{i18n.tr("questionnaires-none-to-fill")}</li> }.into_any()
                        } else {
                            to_fill.into_iter().map(|q| view! { <QuestionnaireItem summary=q record=record.get_value()/> }).collect_view().into_any()
                        }}
                    </ul>
                    <h2 class="section-heading">{i18n.tr("questionnaires-sent")}</h2>
                    <ul class="card-list" id="questionnaires-sent">
                        {if sent.is_empty() {
                            view! { <li class="muted-line">{i18n.tr("questionnaires-none-sent")}</li> }.into_any()
                        } else {
                            sent.into_iter().map(|q| view! { <QuestionnaireItem summary=q record=record.get_value()/> }).collect_view().into_any()
                        }}
                    </ul>
                }
            })}
        </section>
    }
}

#[component]
fn QuestionnaireItem(summary: QuestionnaireSummary, record: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let language = i18n.language();
    let id = summary.id.clone();
    let open = move |_| {
        navigator
            .go(Screen::Questionnaire { record_id: record.clone(), questionnaire_id: id.clone() })
    };
    let when = match summary.submitted_at {
        Some(at) => i18n.tr_args(
            "questionnaires-submitted-on",
            vec![("time", FluentValue::from(date_time(at, language)))],
        ),
        None => i18n.tr_args(
            "questionnaires-received-on",
            vec![("time", FluentValue::from(date_time(summary.sent_at, language)))],
        ),
    };
    let badge = match summary.status {
        QuestionnaireStatus::Submitted => "badge",
        _ => "badge badge-status",
    };
    view! {
        <li class="card questionnaire-item" data-id=summary.id.clone() data-status=summary.status.as_str()>
            <div class="badges"><span class=badge>{i18n.tr(status_key(summary.status))}</span></div>
            <p class="card-title">
                <button type="button" class="button-link card-link" id=format!("questionnaire-{}", summary.id) on:click=open>
                    {summary.title.clone()}
                </button>
            </p>
            <p class="muted-line">{summary.hospital.clone()}</p>
            <p class="muted-line">{when}</p>
            <p class="status-line">{i18n.tr_args("questionnaires-progress", vec![
                ("answered", FluentValue::from(summary.answered)),
                ("count", FluentValue::from(summary.question_count)),
            ])}</p>
        </li>
    }
}

/// What a question's field holds while the patient types.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Text, number, date (YYYY-MM-DD), or the scale's step.
    typed: RwSignal<String>,
    /// The codes of the options chosen.
    chosen: RwSignal<Vec<String>>,
}

impl Entry {
    fn from_answer(answer: Option<&AnswerValue>) -> Self {
        let (typed, chosen) = match answer {
            Some(AnswerValue::Text(text)) => (text.clone(), Vec::new()),
            Some(AnswerValue::Number(number)) => (number.to_string(), Vec::new()),
            Some(AnswerValue::Date(date)) => (date.to_string(), Vec::new()),
            Some(AnswerValue::Scale(step)) => (step.to_string(), Vec::new()),
            Some(AnswerValue::Choice(codes)) => (String::new(), codes.clone()),
            None => (String::new(), Vec::new()),
        };
        Self { typed: RwSignal::new(typed), chosen: RwSignal::new(chosen) }
    }

    /// The answer as the question takes it; `Err` when what is typed is not of its kind.
    fn answer(&self, question: &Question) -> Result<Option<Answer>, AnswerProblem> {
        let typed = self.typed.get_untracked();
        let typed = typed.trim();
        let link_id = question.link_id.clone();
        let value = match &question.kind {
            QuestionKind::Choice { .. } => {
                let chosen = self.chosen.get_untracked();
                (!chosen.is_empty()).then_some(AnswerValue::Choice(chosen))
            }
            _ if typed.is_empty() => None,
            QuestionKind::Text { .. } => Some(AnswerValue::Text(typed.to_owned())),
            QuestionKind::Number { .. } => Some(AnswerValue::Number(
                typed
                    .replace(',', ".")
                    .parse()
                    .map_err(|_| AnswerProblem::WrongKind { link_id: link_id.clone() })?,
            )),
            QuestionKind::Date => Some(AnswerValue::Date(
                dossier_api::dates::parse_iso(typed)
                    .ok_or(AnswerProblem::WrongKind { link_id: link_id.clone() })?,
            )),
            QuestionKind::Scale { .. } => Some(AnswerValue::Scale(
                typed.parse().map_err(|_| AnswerProblem::WrongKind { link_id: link_id.clone() })?,
            )),
        };
        Ok(value.map(|value| Answer { link_id, value }))
    }
}

fn problem_key(problem: &AnswerProblem) -> &'static str {
    match problem {
        AnswerProblem::Required { .. } => "questionnaire-problem-required",
        AnswerProblem::OutOfRange { .. } => "questionnaire-problem-range",
        AnswerProblem::NotWhole { .. } => "questionnaire-problem-whole",
        AnswerProblem::TooLong { .. } => "questionnaire-problem-too-long",
        AnswerProblem::OneOptionOnly { .. } => "questionnaire-problem-one-option",
        AnswerProblem::WrongKind { .. } => "questionnaire-problem-form",
        AnswerProblem::NotAnOption { .. }
        | AnswerProblem::AnsweredTwice { .. }
        | AnswerProblem::UnknownQuestion { .. } => "questionnaire-problem-option",
    }
}

#[component]
pub fn QuestionnaireScreen(record_id: String, questionnaire_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let record = StoredValue::new(record_id);
    let id = StoredValue::new(questionnaire_id);
    let shown = RwSignal::new(None::<QuestionnaireView>);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    run_action(
        busy,
        problem,
        backend::questionnaire(record.get_value(), id.get_value()),
        move |view| shown.set(Some(view)),
    );
    let back = move || navigator.go(Screen::Questionnaires { record_id: record.get_value() });
    view! {
        <section class="screen questionnaire" aria-labelledby="questionnaire-title">
            <BackButton on_back=back/>
            {move || match shown.get() {
                Some(view) => view! { <QuestionnaireForm view=view record=record.get_value() shown=shown/> }.into_any(),
                None => view! {
                    <h1 id="questionnaire-title">{move || i18n.tr("questionnaires-title")}</h1>
                    <FormError problem=problem/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn QuestionnaireForm(
    view: QuestionnaireView,
    record: String,
    shown: RwSignal<Option<QuestionnaireView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let QuestionnaireView { summary, questionnaire, answers, may_answer } = view;
    let entries: Vec<(Question, Entry)> = questionnaire
        .questions
        .iter()
        .map(|q| {
            let kept = answers.iter().find(|a| a.link_id == q.link_id).map(|a| &a.value);
            (q.clone(), Entry::from_answer(kept))
        })
        .collect();
    let entries = StoredValue::new(entries);
    let questionnaire = StoredValue::new(questionnaire);
    let problems = RwSignal::new(Vec::<AnswerProblem>::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let record = StoredValue::new(record);
    let id = StoredValue::new(summary.id.clone());
    let save = move |stage: AnswerStage| {
        saved.set(false);
        let mut answers = Vec::new();
        let mut found = Vec::new();
        entries.with_value(|entries| {
            for (question, entry) in entries {
                match entry.answer(question) {
                    Ok(Some(answer)) => answers.push(answer),
                    Ok(None) => {}
                    Err(problem) => found.push(problem),
                }
            }
        });
        for more in questionnaire.with_value(|q| q.problems(&answers, stage)) {
            if !found.iter().any(|p| p.link_id() == more.link_id()) {
                found.push(more);
            }
        }
        if !found.is_empty() {
            problems.set(found);
            problem.set(Some(Problem::Local("questionnaire-fix")));
            return;
        }
        problems.set(Vec::new());
        let request = SaveAnswersRequest { answers, stage };
        let action = backend::save_answers(record.get_value(), id.get_value(), request);
        run_action(busy, problem, action, move |view| {
            if view.summary.status == QuestionnaireStatus::Submitted {
                shown.set(Some(view));
            } else {
                saved.set(true);
            }
        });
    };
    let submitted = summary.status == QuestionnaireStatus::Submitted;
    let editable = may_answer && !submitted;
    let submitted_at = summary.submitted_at;
    let status_line = move || match submitted_at {
        Some(at) => i18n.tr_args(
            "questionnaire-submitted",
            vec![("time", FluentValue::from(date_time(at, i18n.language())))],
        ),
        None if !may_answer => i18n.tr("questionnaire-read-only"),
        None => i18n.tr("questionnaire-how"),
    };
    view! {
        <h1 id="questionnaire-title">{summary.title.clone()}</h1>
        <p class="muted-line">{summary.hospital.clone()}</p>
        <p class=if submitted { "notice" } else { "intro" } id="questionnaire-status" role="status">{status_line}</p>
        <form class="questionnaire-form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            save(AnswerStage::Submitting);
        }>
            {entries.get_value().into_iter().enumerate().map(|(index, (question, entry))| {
                view! { <QuestionField index=index question=question entry=entry problems=problems editable=editable/> }
            }).collect_view()}
            <FormError problem=problem/>
            <Show when=move || saved.get()>
                <p class="notice" role="status" id="questionnaire-saved">{move || i18n.tr("questionnaire-saved")}</p>
            </Show>
            {editable.then(|| view! {
                <div class="actions">
                    <button type="button" class="button button-secondary" id="questionnaire-save" disabled=move || busy.get() on:click=move |_| save(AnswerStage::Saving)>
                        {move || i18n.tr("questionnaire-save")}
                    </button>
                    <button type="submit" class="button button-primary" id="questionnaire-submit" disabled=move || busy.get()>
                        {move || i18n.tr("questionnaire-submit")}
                    </button>
                </div>
            })}
        </form>
    }
}

#[component]
fn QuestionField(
    index: usize,
    question: Question,
    entry: Entry,
    problems: RwSignal<Vec<AnswerProblem>>,
    editable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let field_id = format!("question-{index}");
    let error_id = format!("{field_id}-error");
    let link_id = StoredValue::new(question.link_id.clone());
    let problem = move || {
        problems
            .with(|all| all.iter().find(|p| p.link_id() == link_id.get_value()).map(problem_key))
    };
    let invalid = move || problem().is_some().then_some("true");
    let described = move || problem().is_some().then(|| error_id.clone());
    let error_line = {
        let error_id = format!("{field_id}-error");
        move || {
            problem().map(|key| {
                view! { <p class="field-error" id=error_id.clone()>{i18n.tr(key)}</p> }
            })
        }
    };
    let required = question.required.then(|| {
        view! { " " <span class="required">{move || i18n.tr("questionnaire-required")}</span> }
    });
    let text = question.text.clone();
    if !editable {
        // Read-only: the answer as words, never an empty field that looks like one.
        let answer = match &question.kind {
            QuestionKind::Choice { options, .. } => entry.chosen.with_untracked(|chosen| {
                options
                    .iter()
                    .filter(|o| chosen.contains(&o.code))
                    .map(|o| o.label.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
            QuestionKind::Date => entry
                .typed
                .with_untracked(|t| dossier_api::dates::parse_iso(t))
                .map(|day| crate::format::long_date(day, i18n.language()))
                .unwrap_or_default(),
            _ => entry.typed.get_untracked(),
        };
        return view! {
            <div class="question question-answered" data-link-id=question.link_id.clone()>
                <p class="question-text">{text}{required}</p>
                {if answer.is_empty() {
                    view! { <p class="muted-line">{move || i18n.tr("questionnaire-not-answered")}</p> }.into_any()
                } else {
                    view! { <p class="answer">{answer}</p> }.into_any()
                }}
            </div>
        }
        .into_any();
    }
    match question.kind {
        QuestionKind::Text { long } => {
            let input = if long {
                view! {
                    <textarea id=field_id.clone() rows="4" maxlength=MAX_TEXT_ANSWER_CHARS.to_string()
                        aria-invalid=invalid aria-describedby=described bind:value=entry.typed></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input id=field_id.clone() type="text" maxlength=MAX_TEXT_ANSWER_CHARS.to_string()
                        aria-invalid=invalid aria-describedby=described bind:value=entry.typed/>
                }
                .into_any()
            };
            view! {
                <div class="field question" data-link-id=question.link_id.clone()>
                    <label for=field_id.clone()>{text}{required}</label>
                    {input}
                    {error_line}
                </div>
            }
            .into_any()
        }
        QuestionKind::Number { decimals, min, max } => {
            let hint = match (min, max) {
                (Some(min), Some(max)) => Some(format!("{min} – {max}")),
                _ => None,
            };
            view! {
                <div class="field question" data-link-id=question.link_id.clone()>
                    <label for=field_id.clone()>{text}{required}</label>
                    {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
                    <input id=field_id.clone() type="text" inputmode=if decimals { "decimal" } else { "numeric" }
                        aria-invalid=invalid aria-describedby=described bind:value=entry.typed/>
                    {error_line}
                </div>
            }
            .into_any()
        }
        QuestionKind::Date => view! {
            <div class="field question" data-link-id=question.link_id.clone()>
                <label for=field_id.clone()>{text}{required}</label>
                <input id=field_id.clone() type="date"
                    aria-invalid=invalid aria-describedby=described bind:value=entry.typed/>
                {error_line}
            </div>
        }
        .into_any(),
        QuestionKind::Choice { options, multiple } => {
            let kind = if multiple { "checkbox" } else { "radio" };
            let name = field_id.clone();
            let choices = options
                .into_iter()
                .enumerate()
                .map(|(i, option)| {
                    let option_id = format!("{field_id}-{i}");
                    let code = StoredValue::new(option.code.clone());
                    let checked = move || entry.chosen.with(|c| c.contains(&code.get_value()));
                    let toggle = move |_| {
                        entry.chosen.update(|chosen| {
                            let code = code.get_value();
                            if multiple {
                                if let Some(at) = chosen.iter().position(|c| *c == code) {
                                    chosen.remove(at);
                                } else {
                                    chosen.push(code);
                                }
                            } else {
                                *chosen = vec![code];
                            }
                        })
                    };
                    view! {
                        <label class="option" for=option_id.clone()>
                            <input type=kind id=option_id.clone() name=name.clone()
                                prop:checked=checked on:change=toggle/>
                            <span>{option.label}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question" data-link-id=question.link_id.clone() aria-invalid=invalid aria-describedby=described>
                    <legend>{text}{required}</legend>
                    {choices}
                    {error_line}
                </fieldset>
            }
            .into_any()
        }
        QuestionKind::Scale { min, max, min_label, max_label } => {
            let name = field_id.clone();
            let steps = (min..=max)
                .map(|step| {
                    let step_id = format!("{field_id}-{step}");
                    let value = step.to_string();
                    let checked = {
                        let value = value.clone();
                        move || entry.typed.with(|t| *t == value)
                    };
                    let choose = {
                        let value = value.clone();
                        move |_| entry.typed.set(value.clone())
                    };
                    view! {
                        <label class="step" for=step_id.clone()>
                            <input type="radio" id=step_id.clone() name=name.clone()
                                prop:checked=checked on:change=choose/>
                            <span>{value.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question" data-link-id=question.link_id.clone() aria-invalid=invalid aria-describedby=described>
                    <legend>{text}{required}</legend>
                    <p class="field-hint scale-ends">
                        <span>{format!("{min}: {}", min_label.unwrap_or_default())}</span>
                        <span>{format!("{max}: {}", max_label.unwrap_or_default())}</span>
                    </p>
                    <div class="scale">{steps}</div>
                    {error_line}
                </fieldset>
            }
            .into_any()
        }
    }
}
