//! What the pages a code and the patient's date of birth open have in common: the
//! questionnaires' (`questionnaire_pages`) and the shared images' (`radiology_pages`). The
//! form (the code, the date of birth typed as 01/01/2000 or picked in a calendar), what a
//! wrong or unreadable date and a blocked or expired code say, the session cookie
//! (HttpOnly, SameSite=Strict, only for the page's own path, Secure behind https), the
//! language switch and closing. Each page brings its words and what the code opens.

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::NaiveDate;
use dossier_api::{Language, Sensitive};
use serde::Deserialize;

use super::pages::{escape, page};
use crate::{
    app::AppState,
    code_access::{CodeKind, CodeSession},
    error::ServerError,
};

/// A link to the form: the code filled in, the page's language.
#[derive(Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub lang: Option<String>,
}

/// Dutch, French, English.
pub(super) fn tr(language: Language, [nl, fr, en]: [&'static str; 3]) -> &'static str {
    match language {
        Language::Nl => nl,
        Language::Fr => fr,
        Language::En => en,
    }
}

pub(super) fn chosen(lang: Option<&str>) -> Option<Language> {
    lang.and_then(Language::from_code)
}

/// Links to the same page in the other languages.
pub(super) fn language_links(language: Language, href: &dyn Fn(Language) -> String) -> String {
    let links: Vec<String> = [Language::Nl, Language::Fr, Language::En]
        .into_iter()
        .map(|l| {
            if l == language {
                format!("<span aria-current=\"true\">{}</span>", l.endonym())
            } else {
                format!(
                    "<a href=\"{}\" hreflang=\"{}\" lang=\"{}\">{}</a>",
                    escape(&href(l)),
                    l.code(),
                    l.code(),
                    l.endonym()
                )
            }
        })
        .collect();
    format!("<nav class=\"languages\" aria-label=\"Language\">{}</nav>", links.join(" "))
}

/// The date of birth as typed (`DD/MM/YYYY`, also with `-` or `.`) or as picked
/// (`YYYY-MM-DD`).
pub(super) fn birth_date(typed: &str, picked: &str) -> Option<NaiveDate> {
    let typed = typed.trim();
    if typed.is_empty() {
        return NaiveDate::parse_from_str(picked.trim(), "%Y-%m-%d").ok();
    }
    let parts: Vec<&str> = typed.split(['/', '-', '.']).map(str::trim).collect();
    let [day, month, year] = parts[..] else { return None };
    if year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

pub(super) fn form_fields(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

pub(super) fn field<'f>(fields: &'f [(String, String)], name: &str) -> &'f str {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

/// The date of birth could not be read.
pub(super) fn unreadable_birth_date(language: Language) -> &'static str {
    tr(
        language,
        [
            "Geef de geboortedatum in zoals 01/01/2000, of kies ze in de kalender.",
            "Indiquez la date de naissance comme 01/01/2000, ou choisissez-la dans le calendrier.",
            "Enter the date of birth like 01/01/2000, or pick it in the calendar.",
        ],
    )
}

/// A wrong date of birth, and how many tries the code has left.
pub(super) fn wrong_birth_date(language: Language, tries_left: i64) -> String {
    match (language, tries_left) {
        (Language::Nl, 1) => {
            "Deze geboortedatum klopt niet. Nog 1 poging, daarna wordt de code geblokkeerd."
                .to_owned()
        }
        (Language::Nl, n) => format!("Deze geboortedatum klopt niet. Nog {n} pogingen."),
        (Language::Fr, 1) => {
            "Cette date de naissance ne correspond pas. Encore 1 essai, puis le code sera bloqué."
                .to_owned()
        }
        (Language::Fr, n) => {
            format!("Cette date de naissance ne correspond pas. Encore {n} essais.")
        }
        (Language::En, 1) => {
            "This date of birth does not match. 1 try left, then the code is blocked.".to_owned()
        }
        (Language::En, n) => format!("This date of birth does not match. {n} tries left."),
    }
}

pub(super) const BLOCKED: [&str; 3] =
    ["Deze code is geblokkeerd", "Ce code est bloqué", "This code is blocked"];

pub(super) const EXPIRED: [&str; 3] =
    ["Deze code is verlopen", "Ce code a expiré", "This code has expired"];

/// Why a code is blocked.
pub(super) fn why_blocked(language: Language, max_tries: i64) -> String {
    match language {
        Language::Nl => format!(
            "Er werd {max_tries} keer een verkeerde geboortedatum ingegeven. Zo beschermen we de gegevens van de patiënt."
        ),
        Language::Fr => format!(
            "Une date de naissance erronée a été indiquée {max_tries} fois. Nous protégeons ainsi les données du patient."
        ),
        Language::En => format!(
            "A wrong date of birth was entered {max_tries} times. This protects the patient's data."
        ),
    }
}

/// Who fills in the code, which decides what the browser may offer and which field a
/// problem describes.
pub(super) enum CodeEntry {
    /// From the link in one's own e-mail, left as it is: a problem is about the date of
    /// birth, which the browser may offer.
    FromLink,
    /// Typed by a care provider from what the patient gave: a problem is as likely the
    /// code, and the browser offers no date of birth (it would be the provider's own).
    Typed,
}

/// The form's own words, Dutch, French, English each.
pub(super) struct FormWords {
    pub intro: [&'static str; 3],
    pub code_hint: [&'static str; 3],
    pub button: [&'static str; 3],
}

/// One page a kind of code opens.
pub(super) struct CodePage {
    pub kind: &'static CodeKind,
    /// Where the form is; the session's cookie is for this path and below.
    pub path: &'static str,
    pub cookie: &'static str,
    /// The page's name in the server's log.
    pub log_name: &'static str,
    pub title: [&'static str; 3],
    pub words: FormWords,
    pub entry: CodeEntry,
}

impl CodePage {
    pub(super) fn title(&self, language: Language) -> &'static str {
        tr(language, self.title)
    }

    pub(super) fn failure(&self, language: Language, error: ServerError) -> Response {
        tracing::error!(%error, "{} failed", self.log_name);
        page(
            StatusCode::INTERNAL_SERVER_ERROR,
            language,
            tr(language, ["Er ging iets mis", "Un problème est survenu", "Something went wrong"]),
            &format!(
                "<p>{}</p>",
                tr(
                    language,
                    [
                        "Probeer het later opnieuw.",
                        "Réessayez plus tard.",
                        "Please try again later.",
                    ]
                )
            ),
        )
    }

    fn form(&self, language: Language, code: &str, problem: Option<&str>) -> String {
        let path = self.path;
        let error = problem
            .map(|p| {
                format!("<p class=\"error\" role=\"alert\" id=\"login-error\">{}</p>", escape(p))
            })
            .unwrap_or_default();
        // The error is named after the field's hint in one attribute: a second
        // aria-describedby on the same element is dropped by the parser.
        let described = if problem.is_some() { " login-error" } else { "" };
        let (code_described, birth_described, birth_autocomplete) = match self.entry {
            CodeEntry::FromLink => ("", described, "bday"),
            CodeEntry::Typed => (described, "", "off"),
        };
        format!(
            "{languages}{error}<p>{intro}</p>\
             <form method=\"post\" action=\"{path}\">\
             <input type=\"hidden\" name=\"lang\" value=\"{lang}\">\
             <label for=\"code\">{code_label}</label>\
             <p class=\"hint\" id=\"code-hint\">{code_hint}</p>\
             <input id=\"code\" name=\"code\" value=\"{code_value}\" required autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" aria-describedby=\"code-hint{code_described}\">\
             <label for=\"birth_date\">{birth_label}</label>\
             <p class=\"hint\" id=\"birth-hint\">{birth_hint}</p>\
             <input id=\"birth_date\" name=\"birth_date\" inputmode=\"numeric\" placeholder=\"01/01/2000\" autocomplete=\"{birth_autocomplete}\" maxlength=\"10\" aria-describedby=\"birth-hint{birth_described}\">\
             <label for=\"birth_date_picked\">{picker_label}</label>\
             <input id=\"birth_date_picked\" name=\"birth_date_picked\" type=\"date\" max=\"2100-12-31\">\
             <button type=\"submit\">{button}</button></form>",
            languages =
                language_links(language, &|l| format!("{path}?code={code}&lang={}", l.code())),
            intro = escape(tr(language, self.words.intro)),
            lang = language.code(),
            code_label = tr(language, ["Code", "Code", "Code"]),
            code_hint = escape(tr(language, self.words.code_hint)),
            code_value = escape(code),
            birth_label = escape(tr(
                language,
                [
                    "Geboortedatum van de patiënt",
                    "Date de naissance du patient",
                    "The patient's date of birth",
                ]
            )),
            birth_hint = escape(tr(
                language,
                [
                    "Zoals 01/01/2000 (dag/maand/jaar).",
                    "Comme 01/01/2000 (jour/mois/année).",
                    "Like 01/01/2000 (day/month/year).",
                ]
            )),
            picker_label = escape(tr(
                language,
                [
                    "Of kies ze in de kalender: eerst het jaar, dan de maand, dan de dag",
                    "Ou choisissez-la dans le calendrier : d’abord l’année, puis le mois, puis le jour",
                    "Or pick it in the calendar: first the year, then the month, then the day",
                ]
            )),
            button = tr(language, self.words.button),
        )
    }

    /// The form, with the code filled in and what was wrong, if anything.
    pub(super) fn form_page(
        &self,
        status: StatusCode,
        language: Language,
        code: &str,
        problem: Option<&str>,
    ) -> Response {
        page(status, language, self.title(language), &self.form(language, code, problem))
    }

    /// The form again, saying what was wrong.
    pub(super) fn refused(&self, language: Language, code: &str, problem: &str) -> Response {
        self.form_page(StatusCode::UNPROCESSABLE_ENTITY, language, code, Some(problem))
    }

    fn set_cookie(&self, state: &AppState, value: &str, max_age: i64) -> HeaderValue {
        let secure = if state.public_url.starts_with("https://") { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
            self.cookie, self.path
        ))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
    }

    fn cookie(&self, headers: &HeaderMap) -> Option<String> {
        let prefix = format!("{}=", self.cookie);
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|pair| pair.trim().strip_prefix(&prefix).map(str::to_owned))
            .filter(|token| !token.is_empty())
    }

    /// A right date of birth: on to `to` with the new session's cookie.
    pub(super) fn opened_at(
        &self,
        state: &AppState,
        session: &Sensitive<String>,
        to: &str,
    ) -> Response {
        let mut response = Redirect::to(&format!("{}{to}", self.path)).into_response();
        response.headers_mut().insert(
            header::SET_COOKIE,
            self.set_cookie(state, session.expose(), self.kind.session_seconds),
        );
        response
    }

    /// The open session behind the request's cookie, the language switched when `lang`
    /// asks; `None` sends the reader back to the form.
    pub(super) async fn opened<S: CodeSession>(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        lang: Option<&str>,
    ) -> Result<Option<S>, ServerError> {
        let Some(token) = self.cookie(headers) else { return Ok(None) };
        let mut conn = state.db.pool().acquire().await?;
        let Some(mut session) = S::find(&mut conn, &token, state.clock.now()).await? else {
            return Ok(None);
        };
        if let Some(new) = chosen(lang).filter(|new| *new != session.language()) {
            self.kind.set_session_language(&mut conn, &token, new).await?;
            session.set_language(new);
        }
        Ok(Some(session))
    }

    /// Ends the session on this browser: the page says `heading` and `text` in the
    /// session's language while it was open, and the cookie goes.
    pub(super) async fn close<S: CodeSession>(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        heading: [&'static str; 3],
        text: [&'static str; 3],
    ) -> Response {
        let mut language = Language::default();
        if let Some(token) = self.cookie(headers) {
            let ended = async {
                let mut conn = state.db.pool().acquire().await?;
                if let Some(session) = S::find(&mut conn, &token, state.clock.now()).await? {
                    language = session.language();
                }
                self.kind.end_session(&mut conn, &token).await
            };
            if let Err(error) = ended.await {
                return self.failure(language, error);
            }
        }
        let mut response = page(
            StatusCode::OK,
            language,
            tr(language, heading),
            &format!("<p>{}</p>", escape(tr(language, text))),
        );
        response.headers_mut().insert(header::SET_COOKIE, self.set_cookie(state, "", 0));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaires::codes;

    #[test]
    fn birth_dates_are_read_as_the_faq_writes_them_or_as_picked() {
        let day = NaiveDate::from_ymd_opt(2000, 1, 31).unwrap();
        for typed in ["31/01/2000", "31-1-2000", " 31.01.2000 "] {
            assert_eq!(birth_date(typed, ""), Some(day), "{typed}");
        }
        assert_eq!(birth_date("", "2000-01-31"), Some(day));
        for bad in ["2000/01/31", "31/01/00", "31/13/2000", "tomorrow", ""] {
            assert_eq!(birth_date(bad, ""), None, "{bad}");
        }
    }

    #[test]
    fn the_session_cookie_is_read_among_others() {
        let page = CodePage {
            kind: &codes::KIND,
            path: "/forms",
            cookie: "dossier_forms",
            log_name: "forms page",
            title: ["", "", ""],
            words: FormWords { intro: ["", "", ""], code_hint: ["", "", ""], button: ["", "", ""] },
            entry: CodeEntry::FromLink,
        };
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; dossier_forms=tok; b=2"));
        assert_eq!(page.cookie(&headers).as_deref(), Some("tok"));
        headers.insert(header::COOKIE, HeaderValue::from_static("dossier_forms="));
        assert_eq!(page.cookie(&headers), None);
        headers.insert(header::COOKIE, HeaderValue::from_static("dossier_images=x"));
        assert_eq!(page.cookie(&headers), None);
    }
}
