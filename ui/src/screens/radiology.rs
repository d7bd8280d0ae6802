//! The images of a radiology report, under the report: the study's facts and a preview of
//! each series, "Download" (the study as a ZIP of its DICOM files, through the save
//! dialog), and "Share with a care provider": a code for this one study with an expiry,
//! shown once, listed afterwards by its last characters with how often it was used, and
//! stoppable. Images are read from the server when the report is opened (a study is too
//! large to keep on the device); the report itself stays readable offline.

use dossier_api::{
    dates::NaiveDate,
    radiology::{
        MAX_SHARE_DAYS, RadiologySeriesView, RadiologyStudyView, ShareCodeCreated, ShareCodeStatus,
        ShareCodeView,
    },
    reports::Relation,
    shell::{AppError, SaveStudyArgs},
};
use fluent_bundle::FluentValue;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    backend,
    format::{date_time, long_date},
    forms::{ConfirmedAction, FormError, Problem, run_action},
    i18n::{I18n, use_i18n},
    session::use_session,
};

/// The days a new code works unless the patient chooses otherwise: long enough for a
/// consultation booked next week.
const DEFAULT_SHARE_DAYS: u32 = 7;

/// What the section knows of the study.
#[derive(Clone)]
enum StudyState {
    Loading,
    /// The report has no images in the app.
    None,
    Offline,
    Failed(Problem),
    Found(RadiologyStudyView),
}

/// The message key of a DICOM modality in plain words; None for one without a common name
/// (shown as DICOM writes it).
fn modality_key(modality: &str) -> Option<&'static str> {
    Some(match modality {
        "CT" => "modality-ct",
        "MR" => "modality-mr",
        "US" => "modality-us",
        "CR" | "DX" | "RF" => "modality-xray",
        "MG" => "modality-mg",
        "NM" => "modality-nm",
        "PT" => "modality-pt",
        _ => return None,
    })
}

fn modality_name(i18n: I18n, modality: &str) -> String {
    modality_key(modality).map_or_else(|| modality.to_owned(), |key| i18n.tr(key))
}

/// The message key of a DICOM body part (Body Part Examined, PS3.16 annex L) in plain
/// words; None for one not listed (shown as DICOM writes it).
fn body_part_key(body_part: &str) -> Option<&'static str> {
    Some(match body_part.trim().to_ascii_uppercase().as_str() {
        "CHEST" | "THORAX" => "body-part-chest",
        "HEAD" | "BRAIN" | "SKULL" => "body-part-head",
        "ABDOMEN" => "body-part-abdomen",
        "PELVIS" => "body-part-pelvis",
        "KNEE" => "body-part-knee",
        "WRIST" => "body-part-wrist",
        "SPINE" | "CSPINE" | "TSPINE" | "LSPINE" => "body-part-spine",
        "BREAST" => "body-part-breast",
        "HAND" => "body-part-hand",
        "FOOT" => "body-part-foot",
        "SHOULDER" => "body-part-shoulder",
        "HIP" => "body-part-hip",
        _ => return None,
    })
}

fn body_part_name(i18n: I18n, body_part: &str) -> String {
    body_part_key(body_part).map_or_else(|| body_part_words(body_part), |key| i18n.tr(key))
}

/// DICOM writes body parts in capitals (`CHEST`): shown as a word.
fn body_part_words(body_part: &str) -> String {
    let lower = body_part.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Sizes as a patient reads them: kB under a megabyte, MB with one decimal above.
fn size_words(bytes: u64, i18n: I18n) -> String {
    const MB: u64 = 1 << 20;
    if bytes < MB {
        let kb = bytes.div_ceil(1024).max(1);
        i18n.tr_args("study-size-kb", vec![("size", FluentValue::from(kb))])
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        let text = format!("{}.{}", tenths / 10, tenths % 10);
        let text = if i18n.language() == dossier_api::Language::En {
            text
        } else {
            text.replace('.', ",")
        };
        i18n.tr_args("study-size-mb", vec![("size", FluentValue::from(text))])
    }
}

/// The study section of a radiology report.
#[component]
pub fn StudySection(record_id: String, report_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(StudyState::Loading);
    let ids = StoredValue::new((record_id, report_id));
    let load = move || {
        let (record_id, report_id) = ids.get_value();
        state.set(StudyState::Loading);
        spawn_local(async move {
            let found = backend::radiology_study(record_id, report_id).await;
            state.set(match found {
                Ok(Some(study)) => StudyState::Found(study),
                Ok(None) => StudyState::None,
                Err(error) if error.app_error() == AppError::NoConnection => StudyState::Offline,
                Err(error) => StudyState::Failed(error.into()),
            });
        });
    };
    load();
    view! {
        <section class="card study" id="study" aria-labelledby="study-title">
            <h2 id="study-title">{move || i18n.tr("study-title")}</h2>
            {move || match state.get() {
                StudyState::Loading => view! {
                    <p class="muted-line" role="status">{i18n.tr("study-loading")}</p>
                }.into_any(),
                StudyState::None => view! {
                    <p class="muted-line" id="study-none">{i18n.tr("study-none")}</p>
                }.into_any(),
                StudyState::Offline => view! {
                    <p class="notice" id="study-offline">{i18n.tr("study-offline")}</p>
                    <button type="button" class="button button-secondary" on:click=move |_| load()>
                        {i18n.tr("study-try-again")}
                    </button>
                }.into_any(),
                StudyState::Failed(problem) => {
                    let problem = RwSignal::new(Some(problem));
                    view! { <FormError problem=problem/> }.into_any()
                }
                StudyState::Found(study) => {
                    let (record_id, report_id) = ids.get_value();
                    view! { <StudyView study=study record_id=record_id report_id=report_id/> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn StudyView(study: RadiologyStudyView, record_id: String, report_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // A trusted person may look, not give the images to someone else (the server agrees).
    let may_share = move || session.viewed().is_some_and(|r| r.relation != Relation::TrustedPerson);
    let sharing = RwSignal::new(false);
    let modalities = study.modalities.clone();
    let body_part = study.body_part.clone();
    let date = study.study_date;
    let (series_count, image_count, size) =
        (study.series.len(), study.image_count, study.size_bytes);
    let description = study.description.clone();
    let series = study.series.clone();
    let ids = StoredValue::new((record_id.clone(), report_id.clone()));
    view! {
        <dl class="study-facts" id="study-facts">
            <dt>{move || i18n.tr("study-modality")}</dt>
            <dd>{move || modalities.iter().map(|m| modality_name(i18n, m)).collect::<Vec<_>>().join(", ")}</dd>
            {body_part.map(|part| view! {
                <dt>{move || i18n.tr("study-body-part")}</dt><dd>{move || body_part_name(i18n, &part)}</dd>
            })}
            {date.map(|date| view! {
                <dt>{move || i18n.tr("study-date")}</dt><dd>{move || long_date(date, i18n.language())}</dd>
            })}
            {description.map(|text| view! {
                <dt>{move || i18n.tr("study-description")}</dt><dd>{text}</dd>
            })}
            <dt>{move || i18n.tr("study-content")}</dt>
            <dd id="study-counts">{move || i18n.tr_args("study-counts", vec![
                ("series", FluentValue::from(series_count)),
                ("images", FluentValue::from(image_count)),
            ])}</dd>
        </dl>
        <ul class="series-list" id="series-list">
            {series.into_iter().map(|s| {
                let (record_id, report_id) = ids.get_value();
                view! { <SeriesItem series=s record_id=record_id report_id=report_id/> }
            }).collect_view()}
        </ul>
        <SaveStudy record_id=record_id.clone() report_id=report_id.clone() date=date size=size/>
        <Show when=may_share>
            <button type="button" class="button button-secondary" id="share-study"
                aria-expanded=move || sharing.get().to_string() aria-controls="share-panel"
                on:click=move |_| sharing.update(|open| *open = !*open)>
                {move || i18n.tr("study-share")}
            </button>
            <Show when=move || sharing.get()>
                {
                    let (record_id, report_id) = ids.get_value();
                    view! { <SharePanel record_id=record_id report_id=report_id/> }
                }
            </Show>
        </Show>
    }
}

/// One series with its preview, fetched when drawn.
#[component]
fn SeriesItem(series: RadiologySeriesView, record_id: String, report_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let preview = RwSignal::new(None::<Result<String, ()>>);
    if series.has_preview {
        let series_id = series.id.clone();
        spawn_local(async move {
            let found = backend::series_preview(record_id, report_id, series_id).await;
            preview.set(Some(found.map_err(|_| ())));
        });
    }
    let number = series.number;
    let modality = series.modality.clone();
    let description = series.description.clone();
    let image_count = series.image_count;
    let has_preview = series.has_preview;
    let caption = Signal::derive(move || {
        let mut parts = Vec::new();
        parts.push(match number {
            Some(n) => i18n.tr_args("study-series-number", vec![("number", FluentValue::from(n))]),
            None => i18n.tr("study-series"),
        });
        parts.push(modality_name(i18n, &modality));
        if let Some(text) = &description {
            parts.push(text.clone());
        }
        parts.join(" · ")
    });
    view! {
        <li class="series" data-series-id=series.id.clone()>
            <figure>
                {move || match preview.get() {
                    Some(Ok(url)) => view! {
                        <img class="series-preview" src=url alt=move || i18n.tr_args("study-preview-alt", vec![("series", FluentValue::from(caption.get()))])/>
                    }.into_any(),
                    Some(Err(())) => view! {
                        <p class="series-no-preview">{i18n.tr("study-preview-failed")}</p>
                    }.into_any(),
                    None if has_preview => view! {
                        <p class="series-no-preview" role="status">{i18n.tr("study-loading")}</p>
                    }.into_any(),
                    None => view! {
                        <p class="series-no-preview">{i18n.tr("study-no-preview")}</p>
                    }.into_any(),
                }}
                <figcaption>
                    <span class="card-title">{caption}</span>
                    <span class="muted-line">{move || i18n.tr_args("study-images", vec![("images", FluentValue::from(image_count))])}</span>
                </figcaption>
            </figure>
        </li>
    }
}

/// "Download": the study as a ZIP where the patient chooses.
#[component]
fn SaveStudy(
    record_id: String,
    report_id: String,
    date: Option<NaiveDate>,
    size: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(None::<String>);
    let ids = StoredValue::new((record_id, report_id));
    let save = move |_| {
        let (record_id, report_id) = ids.get_value();
        let day = date.map(|d| d.to_string()).unwrap_or_else(|| report_id.clone());
        let args = SaveStudyArgs {
            record_id,
            report_id,
            file_name: i18n.tr_args("study-file-name", vec![("date", FluentValue::from(day))]),
            dialog_title: i18n.tr("study-save-dialog"),
        };
        saved.set(None);
        run_action(busy, problem, backend::save_study(args), move |file| {
            saved.set(file.map(|f| f.file_name));
        });
    };
    view! {
        <div class="toolbar study-actions">
            <button type="button" class="button button-primary" id="save-study" disabled=move || busy.get() on:click=save>
                {move || if busy.get() {
                    i18n.tr("study-downloading")
                } else {
                    i18n.tr_args("study-download", vec![("size", FluentValue::from(size_words(size, i18n)))])
                }}
            </button>
        </div>
        <FormError problem=problem/>
        {move || saved.get().map(|file| view! {
            <p class="notice" id="study-saved" role="status">
                {i18n.tr_args("study-saved", vec![("file", FluentValue::from(file))])}
            </p>
        })}
    }
}

/// Making, listing and stopping the codes that share this study.
#[component]
fn SharePanel(record_id: String, report_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let ids = StoredValue::new((record_id, report_id));
    let codes = RwSignal::new(None::<Vec<ShareCodeView>>);
    let created = RwSignal::new(None::<ShareCodeCreated>);
    let days = RwSignal::new(DEFAULT_SHARE_DAYS.to_string());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let list_problem = RwSignal::new(None::<Problem>);
    let open_question = RwSignal::new(None::<String>);
    let reload = move || {
        let (record_id, report_id) = ids.get_value();
        spawn_local(async move {
            match backend::share_codes(record_id, report_id).await {
                Ok(found) => codes.set(Some(found)),
                Err(error) => list_problem.set(Some(error.into())),
            }
        });
    };
    reload();
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(chosen) = days
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_SHARE_DAYS).contains(d))
        else {
            problem
                .set(Some(Problem::App(AppError::ShareCodeRefused { max_days: MAX_SHARE_DAYS })));
            return;
        };
        let (record_id, report_id) = ids.get_value();
        created.set(None);
        run_action(
            busy,
            problem,
            backend::create_share_code(record_id, report_id, chosen),
            move |made| {
                codes.update(|list| {
                    if let Some(list) = list {
                        list.insert(0, made.share.clone());
                    }
                });
                created.set(Some(made));
            },
        );
    };
    view! {
        <section class="share-panel" id="share-panel" aria-labelledby="share-title">
            <h3 id="share-title">{move || i18n.tr("share-title")}</h3>
            <p>{move || i18n.tr("share-explained")}</p>
            <form class="form share-form" on:submit=create novalidate>
                <div class="field">
                    <label for="share-days">{move || i18n.tr_args("share-days", vec![("max", FluentValue::from(MAX_SHARE_DAYS))])}</label>
                    <input id="share-days" type="number" inputmode="numeric" min="1" max=MAX_SHARE_DAYS.to_string()
                        prop:value=move || days.get() on:input=move |e| days.set(event_target_value(&e))/>
                </div>
                <FormError problem=problem/>
                <button type="submit" class="button button-primary" id="create-share-code" disabled=move || busy.get()>
                    {move || i18n.tr("share-create")}
                </button>
            </form>
            {move || created.get().map(|made| view! {
                <div class="notice share-created" id="share-created" role="status">
                    <p>{i18n.tr("share-created-once")}</p>
                    <p class="share-code" id="share-code">{made.code.expose().clone()}</p>
                    <p>{i18n.tr("share-page")}" "<span class="share-url" id="share-page">{made.share.page_url.clone()}</span></p>
                    <p>{i18n.tr_args("share-until", vec![("time", FluentValue::from(date_time(made.share.expires_at, i18n.language())))])}</p>
                </div>
            })}
            <h3>{move || i18n.tr("share-codes-title")}</h3>
            <FormError problem=list_problem/>
            {move || codes.get().map(|list| {
                if list.is_empty() {
                    view! { <p class="muted-line" id="share-codes-empty">{i18n.tr("share-codes-none")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="share-codes" id="share-codes">
                            {list.into_iter().map(|code| share_code_item(i18n, code, ids, codes, open_question)).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
        </section>
    }
}

fn status_key(status: ShareCodeStatus) -> (&'static str, &'static str) {
    match status {
        ShareCodeStatus::Active => ("share-status-active", "badge badge-ok"),
        ShareCodeStatus::Expired => ("share-status-expired", "badge"),
        ShareCodeStatus::Revoked => ("share-status-revoked", "badge"),
        ShareCodeStatus::Blocked => ("share-status-blocked", "badge badge-alert"),
    }
}

fn share_code_item(
    i18n: I18n,
    code: ShareCodeView,
    ids: StoredValue<(String, String)>,
    codes: RwSignal<Option<Vec<ShareCodeView>>>,
    open_question: RwSignal<Option<String>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let (status, badge_class) = status_key(code.status);
    let code_id = StoredValue::new(code.id.clone());
    let revoke = move || {
        let (record_id, report_id) = ids.get_value();
        run_action(
            busy,
            problem,
            backend::revoke_share_code(record_id, report_id, code_id.get_value()),
            move |stopped| {
                codes.update(|list| {
                    if let Some(list) = list {
                        for c in list.iter_mut().filter(|c| c.id == stopped.id) {
                            *c = stopped.clone();
                        }
                    }
                });
            },
        );
    };
    let question = Signal::derive(move || i18n.tr("share-revoke-question"));
    let active = code.status == ShareCodeStatus::Active;
    // When it works until, or since when it no longer works.
    let (until_key, until_time) = match (code.status, code.revoked_at) {
        (ShareCodeStatus::Active, _) => ("share-until", code.expires_at),
        (ShareCodeStatus::Expired, _) => ("share-expired-on", code.expires_at),
        (ShareCodeStatus::Revoked, Some(at)) => ("share-revoked-on", at),
        _ => ("share-made", code.created_at),
    };
    view! {
        <li class="share-code-item" data-code-id=code.id.clone() data-status=format!("{:?}", code.status).to_lowercase()>
            <p class="card-title">
                {i18n.tr_args("share-code-ending", vec![("ending", FluentValue::from(code.ending.clone()))])}
                " "<span class=badge_class>{i18n.tr(status)}</span>
            </p>
            <p class="muted-line">{i18n.tr_args(until_key, vec![("time", FluentValue::from(date_time(until_time, i18n.language())))])}</p>
            <p class="muted-line">{i18n.tr_args("share-uses", vec![("uses", FluentValue::from(code.uses))])}</p>
            <FormError problem=problem/>
            {active.then(|| view! {
                <ConfirmedAction
                    id=format!("revoke-{}", code.id)
                    label="share-revoke"
                    question=question
                    confirm_label="share-revoke-confirm"
                    busy=busy
                    on_confirm=revoke
                    open=open_question
                />
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_parts_read_as_words() {
        assert_eq!(body_part_words("CHEST"), "Chest");
        assert_eq!(body_part_key("CHEST"), Some("body-part-chest"));
        assert_eq!(body_part_key("ELBOW"), None);
        assert_eq!(body_part_words("ABDOMEN_PELVIS"), "Abdomen pelvis");
        assert_eq!(body_part_words(""), "");
    }

    #[test]
    fn common_modalities_have_plain_names() {
        for modality in ["CT", "MR", "US", "CR", "DX", "MG", "NM", "PT"] {
            assert!(modality_key(modality).is_some(), "{modality}");
        }
        assert_eq!(modality_key("SR"), None);
    }
}
