//! The routes: `/api/v1/...` (JSON, one module per area, documented by the OpenAPI document
//! made from them, [`openapi`]) and the pages behind links in e-mails (HTML, [`pages`]).

use std::sync::OnceLock;

use crate::email_links::LinkPurpose;
use axum::{
    Router,
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::{StatusCode, request::Parts},
    routing::get,
};
use serde::de::DeserializeOwned;
use utoipa_axum::{
    router::{OpenApiRouter, UtoipaMethodRouterExt},
    routes,
};

use crate::{app::AppState, error::HttpError};

mod account;
mod appointments;
mod care_access;
mod code_pages;
mod details;
mod devices;
mod health;
mod invoices;
mod links;
mod login;
mod messages;
mod openapi;
mod pages;
mod provider;
mod questionnaire_pages;
mod questionnaires;
mod radiology;
mod radiology_pages;
mod records;
mod recovery;

pub use openapi::document as openapi_document;

/// The routes of the API (paths relative to `API_PREFIX`), each registered together with its
/// documentation: the `#[utoipa::path]` on a handler names its method, path, parameters,
/// body and answers, and `routes!` routes the handler by exactly that. The router ([`api`]),
/// the OpenAPI document ([`openapi::document`]) and [`api_paths`] are all read from this one
/// list, so none can have a route the others lack. One `routes!` per path: `routes!` serves
/// every handler it is given at every path among them.
fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(health::health))
        .routes(routes!(openapi::openapi_json))
        .routes(routes!(login::start))
        .routes(routes!(login::finish))
        .routes(routes!(login::logout))
        .routes(routes!(account::me))
        .routes(routes!(account::change_user_name))
        .routes(routes!(account::change_password))
        .routes(routes!(recovery::block_card))
        .routes(routes!(recovery::request_card))
        .routes(routes!(recovery::request_password_reset))
        .routes(routes!(devices::register, devices::list))
        .routes(routes!(devices::remove))
        .routes(routes!(devices::login_start))
        .routes(routes!(devices::login_unlock))
        .routes(routes!(devices::login_finish))
        .routes(routes!(devices::change_pin))
        .routes(routes!(records::list))
        .routes(routes!(records::sync))
        .routes(routes!(records::pending))
        .routes(routes!(appointments::sync))
        .routes(routes!(appointments::cancel))
        .routes(routes!(invoices::sync))
        .routes(routes!(invoices::pdf))
        .routes(routes!(links::of_record))
        .routes(routes!(links::revoke))
        .routes(routes!(links::designate))
        .routes(
            // A request may carry a document of up to 10 MB, base64 in JSON.
            routes!(links::ask, links::list).layer(axum::extract::DefaultBodyLimit::max(
                dossier_api::links::MAX_DOCUMENT_BYTES / 3 * 4 + 64 * 1024,
            )),
        )
        .routes(routes!(records::hospitals))
        .routes(routes!(care_access::overview))
        .routes(routes!(care_access::object_to_gp, care_access::allow_gp_again))
        .routes(routes!(care_access::withdraw_consent))
        .routes(routes!(care_access::stop_exclusion))
        .routes(routes!(care_access::log))
        .routes(routes!(details::read, details::change))
        .routes(routes!(details::find_gps))
        .routes(routes!(details::notification_settings, details::change_notification_settings))
        .routes(routes!(provider::open))
        .routes(routes!(questionnaires::list))
        .routes(routes!(questionnaires::read))
        .routes(routes!(questionnaires::save))
        .routes(
            // Up to five attachments of 10 MB, base64 in JSON.
            routes!(messages::list, messages::send).layer(axum::extract::DefaultBodyLimit::max(
                dossier_api::messages::MAX_ATTACHMENTS
                    * (dossier_api::messages::MAX_ATTACHMENT_BYTES / 3 * 4 + 1024)
                    + 64 * 1024,
            )),
        )
        .routes(routes!(messages::attachment))
        .routes(routes!(radiology::study))
        .routes(routes!(radiology::preview))
        .routes(routes!(radiology::zip))
        .routes(routes!(radiology::share_codes, radiology::create_share_code))
        .routes(routes!(radiology::revoke_share_code))
}

pub fn api() -> Router<AppState> {
    api_router().into()
}

/// Every path of the API (relative to `/api/v1`), as routed.
pub fn api_paths() -> Vec<&'static str> {
    static PATHS: OnceLock<Vec<String>> = OnceLock::new();
    PATHS
        .get_or_init(|| api_router().into_openapi().paths.paths.into_keys().collect())
        .iter()
        .map(String::as_str)
        .collect()
}

pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            LinkPurpose::CardRequest.page_path(),
            get(pages::confirm_card_request_page).post(pages::confirm_card_request),
        )
        .route(
            LinkPurpose::PasswordReset.page_path(),
            get(pages::password_reset_page).post(pages::password_reset),
        )
        .route(
            questionnaire_pages::PATH,
            get(questionnaire_pages::start).post(questionnaire_pages::log_in),
        )
        .route("/questionnaires/list", get(questionnaire_pages::list))
        .route(
            "/questionnaires/form/{id}",
            get(questionnaire_pages::form).post(questionnaire_pages::save),
        )
        .route("/questionnaires/new-link", axum::routing::post(questionnaire_pages::new_link))
        .route("/questionnaires/close", axum::routing::post(questionnaire_pages::close))
        .route(radiology_pages::PATH, get(radiology_pages::start).post(radiology_pages::log_in))
        .route("/images/study", get(radiology_pages::study))
        .route("/images/series/{id}/preview", get(radiology_pages::preview))
        .route("/images/download", get(radiology_pages::download))
        .route("/images/close", axum::routing::post(radiology_pages::close))
        .route("/assets/page.css", get(pages::stylesheet))
}

/// `Json<T>` whose rejections answer with our error body instead of plain text.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            // The rejection text may quote the body (a password): it is not logged.
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(HttpError::bad_request("expected a JSON body"))
            }
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(HttpError::too_large("the request body is too large"))
            }
            Err(_) => Err(HttpError::bad_request("the request body is not valid")),
        }
    }
}

/// `Query<T>` whose rejections answer with our error body instead of plain text.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(_) => Err(HttpError::bad_request("the query parameters are not valid")),
        }
    }
}

/// The most characters a typed field may hold before any work is done on it: far above
/// what any account has (user names have at most 64 characters, passwords 128), far below
/// what would cost hashing time. Characters, not bytes: the OpenAPI document gives each
/// field the same `maxLength`, which JSON Schema counts in characters (a longer field the
/// document allowed was refused: Schemathesis found it with a user name of combining
/// accents).
pub const MAX_TYPED_USER_NAME_CHARS: usize = 256;
pub const MAX_TYPED_PASSWORD_CHARS: usize = 1024;
pub const MAX_TYPED_CODE_CHARS: usize = 64;
pub const MAX_TYPED_EMAIL_CHARS: usize = 320;

/// Refuses an absurdly long typed field at once, with a clear 400.
pub fn typed_field(value: &str, max_chars: usize, message: &'static str) -> Result<(), HttpError> {
    // Bytes first: no counting through a megabyte to refuse it.
    if value.len() > max_chars * 4 || value.chars().count() > max_chars {
        Err(HttpError::bad_request(message))
    } else {
        Ok(())
    }
}

/// The user name as typed: refused early when no account can have it.
pub fn typed_user_name(value: &str) -> Result<(), HttpError> {
    typed_field(value, MAX_TYPED_USER_NAME_CHARS, "the user name is too long")
}

/// A password as typed: refused early when no account can have it.
pub fn typed_password(value: &str) -> Result<(), HttpError> {
    typed_field(value, MAX_TYPED_PASSWORD_CHARS, "the password is too long")
}

/// The `{id}` of a route that names a record, checked: the session's account may open it
/// today (`access::records_for`). Every route with a record id takes its record through
/// this, so none can skip the check; "no such record" and "not yours" get the same 404.
pub struct RecordOpened {
    pub session: crate::sessions::AuthSession,
    pub record: dossier_api::reports::RecordAccess,
    /// Every record the account may open today (a sync page lists them).
    pub all: Vec<dossier_api::reports::RecordAccess>,
}

impl RecordOpened {
    /// Whether this reader acts for the patient on the record (writes, answers, cancels,
    /// shares, manages access, changes details): the patient, a parent of a child under
    /// 15, a representative. A trusted person reads along.
    pub fn acts_for_patient(&self) -> bool {
        use dossier_api::reports::Relation;
        match self.record.relation {
            Relation::Own | Relation::Child | Relation::Representative => true,
            Relation::TrustedPerson => false,
        }
    }

    /// [`Self::acts_for_patient`], or a 403 `not_allowed_to_change` that says `why`.
    pub fn must_act_for_patient(&self, why: &'static str) -> Result<(), HttpError> {
        if self.acts_for_patient() {
            Ok(())
        } else {
            Err(HttpError::new(
                StatusCode::FORBIDDEN,
                dossier_api::ApiErrorCode::NotAllowedToChange,
                why,
            ))
        }
    }
}

pub(crate) fn no_such_record() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, dossier_api::ApiErrorCode::NotFound, "no such record")
}

impl FromRequestParts<AppState> for RecordOpened {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = crate::sessions::AuthSession::from_request_parts(parts, state).await?;
        // The record is `{id}`; a route may name more after it (a link of the record).
        let axum::extract::Path(params) = axum::extract::Path::<
            std::collections::HashMap<String, String>,
        >::from_request_parts(parts, state)
        .await
        .map_err(|_| no_such_record())?;
        let record_id = params.get("id").cloned().ok_or_else(no_such_record)?;
        let mut conn = state.db.pool().acquire().await?;
        let all =
            crate::access::records_for(&mut conn, &session.account_id, state.clock.today()).await?;
        let record =
            all.iter().find(|r| r.record_id == record_id).cloned().ok_or_else(no_such_record)?;
        if record.relation != dossier_api::reports::Relation::Own {
            log_linked_opening(&mut conn, state, &session, &record).await?;
        }
        Ok(Self { session, record, all })
    }
}

/// A parent, trusted person or representative opened someone else's record from the app:
/// it goes into that record's access log, once per session.
async fn log_linked_opening(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    session: &crate::sessions::AuthSession,
    record: &dossier_api::reports::RecordAccess,
) -> Result<(), HttpError> {
    use dossier_api::{care_access::Accessor, links::LinkKind, reports::Relation};
    // The session's token hash is a lookup key of `sessions`: hashed again, it is not one.
    let key = crate::crypto::token_hash(&format!("{}:{}", session.token_hash, record.record_id));
    if crate::access_log::logged(conn, &key).await? {
        return Ok(());
    }
    let holder = crate::patients::find_by_id(conn, &session.patient_id)
        .await?
        .ok_or_else(crate::sessions::unauthorized)?;
    let link = match record.relation {
        Relation::Child => LinkKind::ParentChild,
        Relation::TrustedPerson => LinkKind::TrustedPerson,
        Relation::Representative => LinkKind::Representative,
        Relation::Own => return Ok(()),
    };
    let who = Accessor::LinkedPerson { name: holder.full_name(), link };
    let event = dossier_api::care_access::AccessEvent::Opened {
        what: dossier_api::care_access::OpenedItem::Record,
        ground: dossier_api::care_access::AccessGround::LinkedPerson,
        justification: None,
    };
    let mut tx = crate::db::begin_write(conn).await?;
    crate::access_log::append(
        &mut tx,
        &crate::access_log::NewEntry {
            patient_id: &record.record_id,
            at: state.now(),
            who: &who,
            provider_id: None,
            event: &event,
            dedupe_key: Some(key),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod typed_field_tests {
    use super::*;

    /// Counted in characters, as the OpenAPI document's `maxLength` is: a user name of 256
    /// accented letters (512 bytes) is taken, one more character is not.
    #[test]
    fn a_typed_field_is_measured_in_characters() {
        assert!(typed_user_name(&"é".repeat(MAX_TYPED_USER_NAME_CHARS)).is_ok());
        assert!(typed_user_name(&"o\u{301}".repeat(MAX_TYPED_USER_NAME_CHARS / 2)).is_ok());
        assert!(typed_user_name(&"é".repeat(MAX_TYPED_USER_NAME_CHARS + 1)).is_err());
        assert!(typed_user_name(&"😀".repeat(MAX_TYPED_USER_NAME_CHARS)).is_ok());
        assert!(typed_password(&"a".repeat(900 * 1024)).is_err());
    }
}
