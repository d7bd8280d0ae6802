//! The pages behind the links in e-mails, opened in any browser: confirm a card request,
//! choose a new password. Plain HTML forms (no script), in the language of the request,
//! with headers that keep the token in the URL from leaking (no referrer, no cache).

use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use dossier_api::{Language, Sensitive, account::PasswordProblem};
use serde::Deserialize;

use crate::{
    accounts,
    app::AppState,
    cards::Delivery,
    email_links::{self, LinkPurpose},
    enrolment,
    error::ServerError,
    login, mail, patients, sessions,
};

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    token: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    token: String,
    password: Sensitive<String>,
    repeat: Sensitive<String>,
}

struct Texts {
    confirm_title: &'static str,
    confirm_text: &'static str,
    confirm_button: &'static str,
    link_dead_title: &'static str,
    link_dead_text: &'static str,
    card_done_title: &'static str,
    card_done_new: &'static str,
    card_done_existing: &'static str,
    reset_title: &'static str,
    reset_rules: &'static str,
    new_password: &'static str,
    repeat_password: &'static str,
    save: &'static str,
    mismatch: &'static str,
    too_short: &'static str,
    too_long: &'static str,
    too_common: &'static str,
    contains_user_name: &'static str,
    reset_done_title: &'static str,
    reset_done_text: &'static str,
    failed: &'static str,
}

fn texts(language: Language) -> Texts {
    match language {
        Language::Nl => Texts {
            confirm_title: "Bevestig uw aanvraag",
            confirm_text: "Bevestig dat u een codekaart voor Dossier wilt ontvangen. We sturen ze met de post naar uw thuisadres.",
            confirm_button: "Bevestigen",
            link_dead_title: "Deze link werkt niet meer",
            link_dead_text: "De link werd al gebruikt of is verlopen. Vraag het opnieuw aan in de app.",
            card_done_title: "Bedankt",
            card_done_new: "Uw codekaart wordt binnen enkele werkdagen naar uw thuisadres gestuurd. Uw gebruikersnaam en wachtwoord staan in een e-mail die u zonet kreeg.",
            card_done_existing: "Uw nieuwe codekaart wordt binnen enkele werkdagen naar uw thuisadres gestuurd. Uw wachtwoord blijft hetzelfde.",
            reset_title: "Kies een nieuw wachtwoord",
            reset_rules: "Minstens 8 tekens. Een zin van enkele woorden is makkelijk te onthouden en moeilijk te raden.",
            new_password: "Nieuw wachtwoord",
            repeat_password: "Herhaal het nieuwe wachtwoord",
            save: "Wachtwoord opslaan",
            mismatch: "De twee wachtwoorden zijn niet gelijk.",
            too_short: "Het wachtwoord is te kort: minstens 8 tekens.",
            too_long: "Het wachtwoord is te lang: hoogstens 128 tekens.",
            too_common: "Dit wachtwoord wordt te vaak gebruikt. Kies een ander.",
            contains_user_name: "Het wachtwoord mag uw gebruikersnaam niet bevatten.",
            reset_done_title: "Uw wachtwoord is gewijzigd",
            reset_done_text: "U kunt zich nu aanmelden met uw nieuwe wachtwoord en uw codekaart.",
            failed: "Er ging iets mis. Probeer het later opnieuw.",
        },
        Language::Fr => Texts {
            confirm_title: "Confirmez votre demande",
            confirm_text: "Confirmez que vous souhaitez recevoir une carte de codes pour Dossier. Nous l’envoyons par la poste à votre domicile.",
            confirm_button: "Confirmer",
            link_dead_title: "Ce lien ne fonctionne plus",
            link_dead_text: "Le lien a déjà été utilisé ou a expiré. Refaites la demande dans l’application.",
            card_done_title: "Merci",
            card_done_new: "Votre carte de codes sera envoyée à votre domicile dans quelques jours ouvrables. Votre nom d’utilisateur et votre mot de passe sont dans l’e-mail que vous venez de recevoir.",
            card_done_existing: "Votre nouvelle carte de codes sera envoyée à votre domicile dans quelques jours ouvrables. Votre mot de passe reste le même.",
            reset_title: "Choisissez un nouveau mot de passe",
            reset_rules: "Au moins 8 caractères. Une phrase de quelques mots est facile à retenir et difficile à deviner.",
            new_password: "Nouveau mot de passe",
            repeat_password: "Répétez le nouveau mot de passe",
            save: "Enregistrer le mot de passe",
            mismatch: "Les deux mots de passe ne sont pas identiques.",
            too_short: "Le mot de passe est trop court : au moins 8 caractères.",
            too_long: "Le mot de passe est trop long : au plus 128 caractères.",
            too_common: "Ce mot de passe est trop courant. Choisissez-en un autre.",
            contains_user_name: "Le mot de passe ne peut pas contenir votre nom d’utilisateur.",
            reset_done_title: "Votre mot de passe a été modifié",
            reset_done_text: "Vous pouvez maintenant vous connecter avec votre nouveau mot de passe et votre carte de codes.",
            failed: "Un problème est survenu. Réessayez plus tard.",
        },
        Language::En => Texts {
            confirm_title: "Confirm your request",
            confirm_text: "Confirm that you want a Dossier code card. We post it to your home address.",
            confirm_button: "Confirm",
            link_dead_title: "This link no longer works",
            link_dead_text: "The link was used already or has expired. Ask again in the app.",
            card_done_title: "Thank you",
            card_done_new: "Your code card will be posted to your home address within a few working days. Your user name and password are in the e-mail you just received.",
            card_done_existing: "Your new code card will be posted to your home address within a few working days. Your password stays the same.",
            reset_title: "Choose a new password",
            reset_rules: "At least 8 characters. A sentence of a few words is easy to remember and hard to guess.",
            new_password: "New password",
            repeat_password: "Repeat the new password",
            save: "Save password",
            mismatch: "The two passwords are not the same.",
            too_short: "The password is too short: at least 8 characters.",
            too_long: "The password is too long: at most 128 characters.",
            too_common: "This password is used too often. Choose another one.",
            contains_user_name: "The password may not contain your user name.",
            reset_done_title: "Your password was changed",
            reset_done_text: "You can now log in with your new password and your code card.",
            failed: "Something went wrong. Please try again later.",
        },
    }
}

/// Escapes text for HTML content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn page(status: StatusCode, language: Language, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} - Dossier</title><link rel=\"stylesheet\" href=\"/assets/page.css\"></head>\
         <body><main><p class=\"brand\">Dossier</p><h1>{title}</h1>{body}</main></body></html>",
        lang = language.code(),
        title = escape(title),
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

fn dead_link(language: Language) -> Response {
    let t = texts(language);
    page(
        StatusCode::GONE,
        language,
        t.link_dead_title,
        &format!("<p>{}</p>", escape(t.link_dead_text)),
    )
}

fn failure(language: Language, error: ServerError) -> Response {
    tracing::error!(%error, "page action failed");
    let t = texts(language);
    page(StatusCode::INTERNAL_SERVER_ERROR, language, t.failed, "")
}

/// GET: shows a button; the request is confirmed only by the POST, so a mail scanner that
/// opens links does not confirm anything.
pub async fn confirm_card_request_page(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> Response {
    let link = match state.db.pool().acquire().await {
        Ok(mut conn) => {
            email_links::peek(&mut conn, LinkPurpose::CardRequest, &query.token, state.now()).await
        }
        Err(e) => Err(e.into()),
    };
    match link {
        Ok(Some(link)) => {
            let t = texts(link.language);
            let body = format!(
                "<p>{}</p><form method=\"post\" action=\"{}\">\
                 <input type=\"hidden\" name=\"token\" value=\"{}\">\
                 <button type=\"submit\">{}</button></form>",
                escape(t.confirm_text),
                LinkPurpose::CardRequest.page_path(),
                escape(&query.token),
                escape(t.confirm_button)
            );
            page(StatusCode::OK, link.language, t.confirm_title, &body)
        }
        Ok(None) => dead_link(Language::default()),
        Err(error) => failure(Language::default(), error),
    }
}

pub async fn confirm_card_request(
    State(state): State<AppState>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    match confirm(&state, &form.token).await {
        Ok(Some((language, new_account))) => {
            let t = texts(language);
            let text = if new_account { t.card_done_new } else { t.card_done_existing };
            page(StatusCode::OK, language, t.card_done_title, &format!("<p>{}</p>", escape(text)))
        }
        Ok(None) => dead_link(Language::default()),
        Err(error) => failure(Language::default(), error),
    }
}

async fn confirm(state: &AppState, token: &str) -> Result<Option<(Language, bool)>, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(link) =
        email_links::consume(&mut conn, LinkPurpose::CardRequest, token, state.now()).await?
    else {
        return Ok(None);
    };
    let Some(patient) = patients::find_by_id(&mut conn, &link.patient_id).await? else {
        return Ok(None);
    };
    drop(conn);
    let issued = enrolment::issue_card(state, &patient, Delivery::Post, Some(&link.email)).await?;
    if let Some(password) = &issued.card.initial_password {
        let message = mail::new_user_credentials(
            link.language,
            &patient.given_name,
            &issued.card.user_name,
            password,
        );
        state.mailer.send(&link.email, message).await?;
    }
    state
        .mailer
        .send(
            &link.email,
            mail::card_posted(link.language, &patient.given_name, issued.new_account),
        )
        .await?;
    Ok(Some((link.language, issued.new_account)))
}

fn password_form(language: Language, token: &str, problem: Option<&str>) -> String {
    let t = texts(language);
    let error = problem
        .map(|p| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(p)))
        .unwrap_or_default();
    format!(
        "{error}<p>{rules}</p><form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"token\" value=\"{token}\">\
         <label for=\"password\">{new}</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required minlength=\"{min}\" maxlength=\"{max}\">\
         <label for=\"repeat\">{repeat}</label>\
         <input id=\"repeat\" name=\"repeat\" type=\"password\" autocomplete=\"new-password\" required minlength=\"{min}\" maxlength=\"{max}\">\
         <button type=\"submit\">{save}</button></form>",
        rules = escape(t.reset_rules),
        action = LinkPurpose::PasswordReset.page_path(),
        min = crate::accounts::PASSWORD_MIN_CHARS,
        max = crate::accounts::PASSWORD_MAX_CHARS,
        token = escape(token),
        new = escape(t.new_password),
        repeat = escape(t.repeat_password),
        save = escape(t.save),
    )
}

pub async fn password_reset_page(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> Response {
    let link = match state.db.pool().acquire().await {
        Ok(mut conn) => {
            email_links::peek(&mut conn, LinkPurpose::PasswordReset, &query.token, state.now())
                .await
        }
        Err(e) => Err(e.into()),
    };
    match link {
        Ok(Some(link)) => {
            let t = texts(link.language);
            page(
                StatusCode::OK,
                link.language,
                t.reset_title,
                &password_form(link.language, &query.token, None),
            )
        }
        Ok(None) => dead_link(Language::default()),
        Err(error) => failure(Language::default(), error),
    }
}

pub async fn password_reset(
    State(state): State<AppState>,
    Form(form): Form<PasswordForm>,
) -> Response {
    match reset(&state, &form).await {
        Ok(Reset::Done(language)) => {
            let t = texts(language);
            page(
                StatusCode::OK,
                language,
                t.reset_done_title,
                &format!("<p>{}</p>", escape(t.reset_done_text)),
            )
        }
        Ok(Reset::Refused(language, problem)) => {
            let t = texts(language);
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                language,
                t.reset_title,
                &password_form(language, &form.token, Some(problem)),
            )
        }
        Ok(Reset::DeadLink) => dead_link(Language::default()),
        Err(error) => failure(Language::default(), error),
    }
}

enum Reset {
    Done(Language),
    Refused(Language, &'static str),
    DeadLink,
}

async fn reset(state: &AppState, form: &PasswordForm) -> Result<Reset, ServerError> {
    let now = state.now();
    let mut conn = state.db.pool().acquire().await?;
    let Some(link) =
        email_links::peek(&mut conn, LinkPurpose::PasswordReset, &form.token, now).await?
    else {
        return Ok(Reset::DeadLink);
    };
    let Some(account) = accounts::find_by_patient(&mut conn, &link.patient_id).await? else {
        return Ok(Reset::DeadLink);
    };
    let t = texts(link.language);
    if form.password != form.repeat {
        return Ok(Reset::Refused(link.language, t.mismatch));
    }
    if let Err(problem) = accounts::check_password(form.password.expose(), &account.user_name) {
        let text = match problem {
            PasswordProblem::TooShort { .. } => t.too_short,
            PasswordProblem::TooLong { .. } => t.too_long,
            PasswordProblem::TooCommon => t.too_common,
            PasswordProblem::ContainsUserName => t.contains_user_name,
        };
        return Ok(Reset::Refused(link.language, text));
    }
    // Only now use the link up: a refused password leaves it valid for another try.
    if email_links::consume(&mut conn, LinkPurpose::PasswordReset, &form.token, now)
        .await?
        .is_none()
    {
        return Ok(Reset::DeadLink);
    }
    let hash = state.hasher.hash_off_thread(&form.password).await?;
    accounts::set_password_hash(&mut conn, &account.id, &hash, now).await?;
    sessions::revoke_all(&mut conn, &account.id, None, now).await?;
    // A reset also lifts a lock after too many failures.
    login::clear_failures(&mut conn, &state.keyer.key_of(&account.user_name), now).await?;
    tracing::info!("password reset");
    Ok(Reset::Done(link.language))
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("page.css"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    /// WCAG's relative luminance of `#rrggbb` (or `#rgb`).
    fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        let hex: String =
            if hex.len() == 3 { hex.chars().flat_map(|c| [c, c]).collect() } else { hex.into() };
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The first `#hex` colour of a declaration `name: …` in `rule`.
    fn colour<'a>(rule: &'a str, name: &str) -> Option<&'a str> {
        rule.split(';').find_map(|declaration| {
            let (key, value) = declaration.split_once(':')?;
            (key.trim() == name).then_some(())?;
            value.split_whitespace().find(|word| word.starts_with('#'))
        })
    }

    /// The pages' text is readable (WCAG 1.4.3: 4.5:1 against its background, the white
    /// card or the page's grey where a rule sets none) and a focused field, button or link
    /// shows a ring that stands out from both (1.4.11: 3:1).
    #[test]
    fn the_pages_colours_have_enough_contrast() {
        let css = include_str!("page.css");
        let backgrounds = ["#ffffff", "#f3f6f6"];
        let mut checked = 0;
        for rule in css.split('}') {
            let Some((selector, body)) = rule.rsplit_once('{') else { continue };
            let own = colour(body, "background");
            let behind: Vec<&str> = own.map_or(backgrounds.to_vec(), |b| vec![b]);
            if let Some(text) = colour(body, "color") {
                for background in &behind {
                    let ratio = contrast(text, background);
                    assert!(ratio >= 4.5, "{selector}: {text} on {background} is {ratio:.2}:1");
                    checked += 1;
                }
            }
            if let Some(ring) = colour(body, "outline") {
                for background in backgrounds {
                    let ratio = contrast(ring, background);
                    assert!(ratio >= 3.0, "{selector}: the focus ring {ring} is {ratio:.2}:1");
                    checked += 1;
                }
            }
        }
        assert!(checked >= 20, "{checked}");
        // The measure itself: black on white is 21:1, the old light ring was 1.3:1.
        assert!((contrast("#000", "#fff") - 21.0).abs() < 0.01);
        assert!(contrast("#99f6e4", "#ffffff") < 1.5);
    }
}
