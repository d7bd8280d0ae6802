//! The care provider's page for a radiology study the patient shared with a code: the
//! code and the patient's date of birth (typed as 01/01/2000 or picked in a calendar),
//! then what the study holds, each series' preview and "Download the study (ZIP)". No app,
//! no login, no script; labelled, NL/FR/EN, phone width, like the questionnaire page. The
//! session after the date of birth is a cookie (HttpOnly, SameSite=Strict, only for these
//! pages) that names the code, so it opens that code's study and nothing else. The form,
//! the cookie and closing are `code_pages`', shared with the questionnaire page.

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use dossier_api::Language;
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
    radiology::{
        self,
        share_codes::{self, ShareOutcome, SharedStudy},
    },
};

pub const PATH: &str = dossier_api::radiology::SHARE_PAGE_PATH;

const PAGE: CodePage = CodePage {
    kind: &share_codes::KIND,
    path: PATH,
    cookie: "dossier_images",
    log_name: "images page",
    title: ["Beelden van de patiënt", "Images du patient", "The patient's images"],
    words: FormWords {
        intro: [
            "Een patiënt deelde radiologische beelden met u. Geef de code die u kreeg en de geboortedatum van de patiënt.",
            "Un patient a partagé des images radiologiques avec vous. Indiquez le code reçu et la date de naissance du patient.",
            "A patient shared radiology images with you. Enter the code you were given and the patient's date of birth.",
        ],
        code_hint: [
            "Zoals ABCD-EFGH-JKMN-PQRS; streepjes en spaties mogen weg.",
            "Comme ABCD-EFGH-JKMN-PQRS ; les tirets et espaces sont facultatifs.",
            "Like ABCD-EFGH-JKMN-PQRS; dashes and spaces may be left out.",
        ],
        button: ["Beelden openen", "Ouvrir les images", "Open the images"],
    },
    entry: CodeEntry::Typed,
};

const CLOSED: [&str; 3] =
    ["De beelden zijn gesloten", "Les images sont fermées", "The images are closed"];

#[derive(Deserialize)]
pub struct LangQuery {
    #[serde(default)]
    lang: Option<String>,
}

/// GET: the form, with a code from a link filled in.
pub async fn start(Query(query): Query<StartQuery>) -> Response {
    let language = chosen(query.lang.as_deref()).unwrap_or_default();
    let code = share_codes::KIND.normalize(&query.code);
    PAGE.form_page(StatusCode::OK, language, &code, None)
}

fn closed_code(language: Language, status: StatusCode, heading: &str, text: &str) -> Response {
    let how = tr(
        language,
        [
            "Vraag de patiënt om een nieuwe code: die maakt hij of zij in de Dossier-app.",
            "Demandez un nouveau code au patient : il le crée dans l’app Dossier.",
            "Ask the patient for a new code: they make one in the Dossier app.",
        ],
    );
    let body = format!(
        "<p>{}</p><p>{}</p><p><a href=\"{PATH}?lang={}\">{}</a></p>",
        escape(text),
        escape(how),
        language.code(),
        tr(language, ["Een andere code ingeven", "Saisir un autre code", "Enter another code"]),
    );
    page(status, language, heading, &body)
}

/// POST: code and date of birth.
pub async fn log_in(State(state): State<AppState>, body: Bytes) -> Response {
    let fields = form_fields(&body);
    let code = share_codes::KIND.normalize(field(&fields, "code"));
    let language = chosen(Some(field(&fields, "lang"))).unwrap_or_default();
    let Some(birth_date) =
        birth_date(field(&fields, "birth_date"), field(&fields, "birth_date_picked"))
    else {
        return PAGE.refused(language, &code, unreadable_birth_date(language));
    };
    let outcome = match state.db.pool().acquire().await {
        Ok(mut conn) => {
            share_codes::open(&mut conn, &code, birth_date, language, state.clock.now()).await
        }
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(ShareOutcome::Opened { session }) => PAGE.opened_at(&state, &session, "/study"),
        Ok(ShareOutcome::WrongBirthDate { tries_left }) => {
            PAGE.refused(language, &code, &wrong_birth_date(language, tries_left))
        }
        Ok(ShareOutcome::Unknown) => PAGE.refused(
            language,
            &code,
            tr(
                language,
                [
                    "Deze code kennen we niet. Kijk hem na, letter per letter.",
                    "Nous ne connaissons pas ce code. Vérifiez-le, lettre par lettre.",
                    "We do not know this code. Check it, letter by letter.",
                ],
            ),
        ),
        Ok(ShareOutcome::Blocked) => closed_code(
            language,
            StatusCode::FORBIDDEN,
            tr(language, BLOCKED),
            &why_blocked(language, share_codes::KIND.max_tries),
        ),
        Ok(ShareOutcome::Expired) => closed_code(
            language,
            StatusCode::GONE,
            tr(language, EXPIRED),
            tr(
                language,
                [
                    "De patiënt koos hoe lang de code werkt (ten hoogste 30 dagen).",
                    "Le patient a choisi la durée de validité du code (30 jours au plus).",
                    "The patient chose how long the code works (30 days at most).",
                ],
            ),
        ),
        Ok(ShareOutcome::Revoked) => closed_code(
            language,
            StatusCode::GONE,
            tr(
                language,
                ["Deze code is ingetrokken", "Ce code a été révoqué", "This code was revoked"],
            ),
            tr(
                language,
                [
                    "De patiënt heeft deze code ingetrokken.",
                    "Le patient a révoqué ce code.",
                    "The patient revoked this code.",
                ],
            ),
        ),
        Ok(ShareOutcome::Closed) => closed_code(
            language,
            StatusCode::GONE,
            tr(
                language,
                [
                    "Deze beelden zijn niet meer te zien",
                    "Ces images ne sont plus disponibles",
                    "These images are no longer available",
                ],
            ),
            tr(
                language,
                [
                    "Online toegang tot deze beelden is gesloten.",
                    "L’accès en ligne à ces images est fermé.",
                    "Online access to these images is closed.",
                ],
            ),
        ),
        Err(error) => PAGE.failure(language, error),
    }
}

fn session_ended(language: Language) -> Response {
    page(
        StatusCode::UNAUTHORIZED,
        language,
        tr(language, CLOSED),
        &format!(
            "<p>{}</p><p><a href=\"{PATH}?lang={}\">{}</a></p>",
            escape(tr(
                language,
                [
                    "Na een uur, of wanneer de code niet meer werkt, sluiten de beelden. Geef de code en de geboortedatum opnieuw in.",
                    "Après une heure, ou lorsque le code ne fonctionne plus, les images se ferment. Saisissez à nouveau le code et la date de naissance.",
                    "After an hour, or when the code no longer works, the images close. Enter the code and the date of birth again.",
                ]
            )),
            language.code(),
            tr(language, ["Code ingeven", "Saisir le code", "Enter the code"]),
        ),
    )
}

/// GET: what the study holds, the previews, the download.
pub async fn study(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LangQuery>,
) -> Response {
    let fallback = chosen(query.lang.as_deref()).unwrap_or_default();
    let shared = match PAGE.opened::<SharedStudy>(&state, &headers, query.lang.as_deref()).await {
        Ok(Some(found)) => found,
        Ok(None) => return session_ended(fallback),
        Err(error) => return PAGE.failure(fallback, error),
    };
    let language = shared.language;
    let study = match state.db.pool().acquire().await {
        Ok(mut conn) => radiology::study_of_report(&mut conn, &shared.report_id).await,
        Err(e) => Err(e.into()),
    };
    let study = match study {
        Ok(Some(study)) if study.id == shared.study_id => study,
        Ok(_) => return session_ended(language),
        Err(error) => return PAGE.failure(language, error),
    };
    let unknown = tr(language, ["niet vermeld", "non indiqué", "not given"]);
    let row =
        |label: &str, value: &str| format!("<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
    let mut facts = String::new();
    facts += &row(
        tr(language, ["Onderzoek", "Examen", "Study"]),
        study.description.as_deref().unwrap_or(unknown),
    );
    facts += &row(
        tr(language, ["Datum", "Date", "Date"]),
        &study
            .study_date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| unknown.to_owned()),
    );
    facts +=
        &row(tr(language, ["Modaliteit", "Modalité", "Modality"]), &study.modalities.join(", "));
    facts += &row(
        tr(language, ["Lichaamsdeel", "Partie du corps", "Body part"]),
        study.body_part.as_deref().unwrap_or(unknown),
    );
    facts += &row(tr(language, ["Beelden", "Images", "Images"]), &study.image_count.to_string());
    let mut series = String::new();
    for (n, s) in study.series.iter().enumerate() {
        let name = match (&s.description, s.number) {
            (Some(d), _) => d.clone(),
            (None, Some(number)) => {
                format!("{} {number}", tr(language, ["Reeks", "Série", "Series"]))
            }
            (None, None) => format!("{} {}", tr(language, ["Reeks", "Série", "Series"]), n + 1),
        };
        let count = match language {
            Language::Nl => format!("{}, {} beeld(en)", s.modality, s.image_count),
            Language::Fr => format!("{}, {} image(s)", s.modality, s.image_count),
            Language::En => format!("{}, {} image(s)", s.modality, s.image_count),
        };
        let picture = if s.has_preview {
            let alt = match language {
                Language::Nl => format!("Voorbeeld van {name}: het middelste beeld"),
                Language::Fr => format!("Aperçu de {name} : l’image du milieu"),
                Language::En => format!("Preview of {name}: the middle image"),
            };
            format!(
                "<img src=\"{PATH}/series/{}/preview\" alt=\"{}\" width=\"512\">",
                escape(&s.id),
                escape(&alt)
            )
        } else {
            format!(
                "<p class=\"hint\">{}</p>",
                tr(language, ["Geen voorbeeld.", "Pas d’aperçu.", "No preview."])
            )
        };
        series += &format!(
            "<li><h3>{}</h3><p class=\"hint\">{}</p>{picture}</li>",
            escape(&name),
            escape(&count)
        );
    }
    let size_mb = (study.size_bytes as f64 / 1_000_000.0).max(0.1);
    let body = format!(
        "{languages}<dl class=\"study\">{facts}</dl>\
         <a class=\"download\" href=\"{PATH}/download\" download>{download} ({size_mb:.1} MB)</a>\
         <p class=\"hint\">{dicom_hint}</p>\
         <h2>{series_title}</h2><ul class=\"series\">{series}</ul>\
         <form class=\"close\" method=\"post\" action=\"{PATH}/close\"><button type=\"submit\" class=\"secondary\">{close}</button></form>\
         <p class=\"hint\">{logged}</p>",
        languages = language_links(language, &|l| format!("{PATH}/study?lang={}", l.code())),
        download = tr(
            language,
            ["De studie downloaden (ZIP)", "Télécharger l’étude (ZIP)", "Download the study (ZIP)"]
        ),
        dicom_hint = escape(tr(
            language,
            [
                "De DICOM-bestanden zoals het ziekenhuis ze maakte, te openen in uw DICOM-viewer.",
                "Les fichiers DICOM tels que l’hôpital les a produits, à ouvrir dans votre visionneuse DICOM.",
                "The DICOM files as the hospital made them, to open in your DICOM viewer.",
            ]
        )),
        series_title = tr(language, ["Reeksen", "Séries", "Series"]),
        close = tr(language, ["Sluiten", "Fermer", "Close"]),
        logged = escape(tr(
            language,
            [
                "De patiënt ziet in de app wanneer deze beelden met de code geopend en gedownload werden.",
                "Le patient voit dans l’app quand ces images ont été ouvertes et téléchargées avec le code.",
                "The patient sees in the app when these images were opened and downloaded with the code.",
            ]
        )),
    );
    let mut response = page(StatusCode::OK, language, PAGE.title(language), &body);
    // The previews are images of this server; everything else stays as strict as the
    // other pages.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

/// GET: a series' preview, only of the session's study.
pub async fn preview(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(series): Path<String>,
) -> Response {
    let language = Language::default();
    let shared = match PAGE.opened::<SharedStudy>(&state, &headers, None).await {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(error) => return PAGE.failure(language, error),
    };
    let png = match state.db.pool().acquire().await {
        Ok(mut conn) => radiology::preview(&mut conn, &shared.study_id, &series).await,
        Err(e) => Err(e.into()),
    };
    match png {
        Ok(Some(png)) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => PAGE.failure(shared.language, error),
    }
}

/// GET: the study as a ZIP, logged for the patient before it leaves.
pub async fn download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let shared = match PAGE.opened::<SharedStudy>(&state, &headers, None).await {
        Ok(Some(found)) => found,
        Ok(None) => return session_ended(Language::default()),
        Err(error) => return PAGE.failure(Language::default(), error),
    };
    let logged = match state.db.pool().acquire().await {
        Ok(mut conn) => share_codes::record_download(&mut conn, &shared, state.now()).await,
        Err(e) => Err(e.into()),
    };
    if let Err(error) = logged {
        return PAGE.failure(shared.language, error);
    }
    super::radiology::zip_response(&state, shared.study_id)
}

/// POST: ends the session on this browser.
pub async fn close(State(state): State<AppState>, headers: HeaderMap) -> Response {
    PAGE.close::<SharedStudy>(
        &state,
        &headers,
        CLOSED,
        [
            "U kunt het venster sluiten. Met de code en de geboortedatum opent u ze opnieuw zolang de code werkt.",
            "Vous pouvez fermer la fenêtre. Avec le code et la date de naissance, vous les rouvrez tant que le code fonctionne.",
            "You can close the window. With the code and the date of birth you open them again while the code works.",
        ],
    )
    .await
}
