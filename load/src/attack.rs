//! The goose scenarios, run against a dossier-server process.
//!
//! - `session`: what a patient's phone does when opened: PIN login in three steps (start,
//!   unlock with the access key, finish with the signed challenge), a sync that finds no
//!   change (the cursor of its last sync), then a few pages of reports. Each iteration is
//!   the next patient, so the users go round every patient of the set-up.
//! - `nochangesync`: only the no-change sync, after one PIN login per user: the request
//!   the app repeats most, for its maximum throughput.
//!
//! Every request is named by its route (goose puts the method before the name), so goose
//! counts each route apart.

use std::sync::{
    OnceLock,
    atomic::{AtomicUsize, Ordering},
};

use base64::{Engine, engine::general_purpose::STANDARD};
use dossier_api::{
    Sensitive,
    device::{
        DeviceChallengeResponse, DeviceLoginRequest, DeviceLoginResponse, DeviceUnlockRequest,
        DeviceUnlockResponse,
    },
    reports::ReportSyncResponse,
};
use ed25519_dalek::{Signer, SigningKey};
use goose::{metrics::GooseRequestMetric, prelude::*};
use serde::de::DeserializeOwned;

use crate::LoadPatient;

pub const LOGIN_START: &str = "/devices/{id}/login/start";
pub const LOGIN_UNLOCK: &str = "/devices/{id}/login/unlock";
pub const LOGIN_FINISH: &str = "/devices/{id}/login/finish";
pub const SYNC_NO_CHANGE: &str = "/records/{id}/reports?cursor=<last> (no change)";
pub const REPORT_PAGE: &str = "/records/{id}/reports?limit=2 (page)";

/// Reports a page in the `session` scenario, and the pages read at most.
const PAGE_LIMIT: usize = 2;
const PAGES: usize = 3;

static PATIENTS: OnceLock<Vec<LoadPatient>> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// What a goose user holds: its patient and session.
#[derive(Clone)]
struct Session {
    patient: usize,
    token: String,
}

pub fn load_patients(patients: Vec<LoadPatient>) {
    // A different starting point each run would change nothing: devices hold no state
    // a login changes (a right PIN resets a count of 0).
    assert!(PATIENTS.set(patients).is_ok(), "patients loaded once");
}

fn patients() -> &'static [LoadPatient] {
    PATIENTS.get().expect("patients loaded")
}

pub fn scenarios() -> Result<Vec<Scenario>, GooseError> {
    Ok(vec![
        scenario!("session")
            .register_transaction(transaction!(pin_login).set_name("pin login").set_sequence(1))
            .register_transaction(
                transaction!(no_change_sync).set_name("no-change sync").set_sequence(2),
            )
            .register_transaction(
                transaction!(report_pages).set_name("report pages").set_sequence(3),
            ),
        scenario!("nochangesync")
            .register_transaction(transaction!(pin_login).set_name("pin login").set_on_start())
            .register_transaction(transaction!(no_change_sync).set_name("no-change sync")),
    ])
}

fn fail(message: String) -> TransactionResult {
    Err(Box::new(TransactionError::Custom(message)))
}

/// Sends `request` named `name`, then reads its answer as `T`; a refusal or an answer of
/// another shape is a failure of that request.
async fn call<T: DeserializeOwned>(
    user: &mut GooseUser,
    name: &str,
    builder: reqwest::RequestBuilder,
) -> Result<(T, GooseRequestMetric), Box<TransactionError>> {
    let request = GooseRequest::builder().name(name).set_request_builder(builder).build();
    let mut goose = user.request(request).await?;
    let response = match goose.response {
        Ok(response) if response.status().is_success() => response,
        Ok(response) => {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            user.set_failure(&format!("{name}: {status}"), &mut goose.request, None, Some(&body))?;
            return Err(Box::new(TransactionError::Custom(format!("{name}: {status} {body}"))));
        }
        Err(error) => return Err(Box::new(TransactionError::Reqwest(error))),
    };
    match response.json::<T>().await {
        Ok(answer) => Ok((answer, goose.request)),
        Err(error) => {
            user.set_failure(&format!("{name}: {error}"), &mut goose.request, None, None)?;
            Err(Box::new(TransactionError::Custom(format!("{name}: {error}"))))
        }
    }
}

/// The next patient's PIN login: start, unlock, finish with the signature.
async fn pin_login(user: &mut GooseUser) -> TransactionResult {
    let index = NEXT.fetch_add(1, Ordering::Relaxed) % patients().len();
    let patient = &patients()[index];
    let device = &patient.device;
    let builder = user.get_request_builder(
        &GooseMethod::Post,
        &format!("/api/v1/devices/{device}/login/start"),
    )?;
    let (started, _): (DeviceChallengeResponse, _) =
        call(user, LOGIN_START, builder.json(&serde_json::json!({}))).await?;
    let challenge = started.challenge.expose().clone();
    let builder = user
        .get_request_builder(&GooseMethod::Post, &format!("/api/v1/devices/{device}/login/unlock"))?
        .json(&DeviceUnlockRequest {
            challenge: Sensitive::new(challenge.clone()),
            access_key: Sensitive::new(patient.access_key.clone()),
        });
    let (unlocked, mut metric): (DeviceUnlockResponse, _) =
        call(user, LOGIN_UNLOCK, builder).await?;
    if unlocked.server_share.expose() != &patient.server_share {
        user.set_failure("unlock: another share", &mut metric, None, None)?;
        return fail("unlock: another share".into());
    }
    let seed: [u8; 32] = STANDARD
        .decode(&patient.signing_seed)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .expect("a 32-byte seed");
    let signature = SigningKey::from_bytes(&seed)
        .sign(&dossier_api::device::device_login_message(device, &challenge));
    let builder = user
        .get_request_builder(&GooseMethod::Post, &format!("/api/v1/devices/{device}/login/finish"))?
        .json(&DeviceLoginRequest {
            challenge: Sensitive::new(challenge),
            signature: STANDARD.encode(signature.to_bytes()),
        });
    let (finished, _): (DeviceLoginResponse, _) = call(user, LOGIN_FINISH, builder).await?;
    user.set_session_data(Session {
        patient: index,
        token: finished.session_token.expose().clone(),
    });
    Ok(())
}

/// The sync from the cursor of the patient's last sync: nothing changed since.
async fn no_change_sync(user: &mut GooseUser) -> TransactionResult {
    let Some(session) = user.get_session_data::<Session>() else {
        return fail("no session".into());
    };
    let patient = &patients()[session.patient];
    let builder = user
        .get_request_builder(
            &GooseMethod::Get,
            &format!("/api/v1/records/{}/reports", patient.record),
        )?
        .query(&[("cursor", &patient.cursor)])
        .bearer_auth(&session.token);
    let (page, mut metric): (ReportSyncResponse<serde_json::Value>, _) =
        call(user, SYNC_NO_CHANGE, builder).await?;
    if !page.upserts.is_empty() || !page.removals.is_empty() || page.more {
        user.set_failure("a change where none was", &mut metric, None, None)?;
        return fail("no-change sync: changes".into());
    }
    Ok(())
}

/// The first pages of the patient's reports, `PAGE_LIMIT` a page.
async fn report_pages(user: &mut GooseUser) -> TransactionResult {
    let Some(session) = user.get_session_data::<Session>() else {
        return fail("no session".into());
    };
    let (record, token) = (patients()[session.patient].record.clone(), session.token.clone());
    let mut cursor = String::new();
    for _ in 0..PAGES {
        let builder = user
            .get_request_builder(&GooseMethod::Get, &format!("/api/v1/records/{record}/reports"))?
            .query(&[("cursor", cursor.as_str()), ("limit", &PAGE_LIMIT.to_string())])
            .bearer_auth(&token);
        let (page, mut metric): (ReportSyncResponse<serde_json::Value>, _) =
            call(user, REPORT_PAGE, builder).await?;
        if page.upserts.is_empty() {
            user.set_failure("an empty page", &mut metric, None, None)?;
            return fail("report page: empty".into());
        }
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }
    Ok(())
}
