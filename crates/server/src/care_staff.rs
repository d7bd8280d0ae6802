//! Staff subcommands of the care side (`dossier-server admin …`): the directory of care
//! providers, their keys, the facts the access rule reads (relationships, GP, consents,
//! exclusions, overrides), and `provider-open`, which calls the provider endpoint as a
//! provider's system would, for the demo and the tests.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::Subcommand;
use dossier_api::{
    ApiError, ApiErrorCode,
    care_access::{CareRole, ExclusionSource, ProviderOpenRequest, ProviderOpenResponse},
};

use crate::{
    app::AppState,
    care_directory::{self, NewProvider, NewWorkplace},
    care_relations,
    error::ServerError,
    patients,
};

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    dossier_api::dates::parse_iso(text)
        .ok_or_else(|| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

fn parse_role(text: &str) -> Result<CareRole, String> {
    CareRole::parse(text).ok_or_else(|| {
        let all: Vec<_> = CareRole::ALL.iter().map(|r| r.as_str()).collect();
        format!("expected one of {}", all.join(", "))
    })
}

fn parse_source(text: &str) -> Result<ExclusionSource, String> {
    ExclusionSource::parse(text).ok_or_else(|| "expected hospital or ehealth".to_owned())
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{text:?} is not a time (RFC 3339, e.g. 2026-12-02T08:00:00+01:00)"))
}

/// `HOSPITAL` or `HOSPITAL:DEPARTMENT`.
fn parse_workplace(text: &str) -> Result<NewWorkplace, String> {
    let (hospital, department) = match text.split_once(':') {
        Some((hospital, department)) => (hospital, Some(department.to_owned())),
        None => (text, None),
    };
    if hospital.is_empty() {
        return Err("expected HOSPITAL or HOSPITAL:DEPARTMENT".into());
    }
    Ok(NewWorkplace { hospital: hospital.to_owned(), department })
}

#[derive(Debug, Subcommand)]
pub enum CareAction {
    /// Add a care provider or staff member to the directory (or bring one with the same
    /// NIHDI number up to date).
    AddProvider {
        #[arg(long)]
        name: String,
        /// physician, general_practitioner, nurse, clinical_biologist, lab_technician,
        /// pharmacist, dentist, physiotherapist or administrative_staff.
        #[arg(long, value_parser = parse_role)]
        role: CareRole,
        /// The NIHDI (RIZIV/INAMI) number, 11 digits.
        #[arg(long)]
        nihdi: Option<String>,
        /// Where they work: HOSPITAL or HOSPITAL:DEPARTMENT; repeat for several.
        #[arg(long = "workplace", value_parser = parse_workplace)]
        workplaces: Vec<NewWorkplace>,
    },
    /// Import care providers from a JSON file (`{"providers": [{"name", "role",
    /// "nihdi_number", "workplaces": [{"hospital", "department"}]}]}`). All or nothing.
    ImportProviders {
        #[arg(long)]
        file: PathBuf,
    },
    /// Issue a key for a provider's system to call the provider endpoint; printed once.
    IssueProviderKey {
        /// The provider's NIHDI number or id.
        #[arg(long, alias = "provider")]
        nihdi: String,
    },
    /// Register a therapeutic relationship between a provider and a patient.
    AddCareRelationship {
        #[arg(long)]
        provider: String,
        #[arg(long)]
        ead_number: String,
        #[arg(long)]
        hospital: String,
        #[arg(long)]
        department: Option<String>,
        /// First day (YYYY-MM-DD); today when left out.
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD); ongoing when left out.
        #[arg(long, value_parser = parse_date)]
        until: Option<NaiveDate>,
    },
    /// Name the patient's GP (access unless the patient objects).
    SetGp {
        #[arg(long)]
        ead_number: String,
        #[arg(long)]
        provider: String,
    },
    /// Register a referrer's access with the patient's consent (given at the desk or at
    /// the referrer's).
    AddReferrerConsent {
        #[arg(long)]
        ead_number: String,
        #[arg(long)]
        provider: String,
        /// The day it was given; today when left out.
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Record the patient's eHealth one-off consent, given or refused.
    SetEhealthConsent {
        #[arg(long)]
        ead_number: String,
        #[arg(long)]
        given: bool,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Register an exclusion: `hospital` (after the patient's form; holds in every partner
    /// hospital) or `ehealth` (taken over from the eHealth platform).
    AddExclusion {
        #[arg(long)]
        ead_number: String,
        #[arg(long)]
        provider: String,
        #[arg(long, value_parser = parse_source)]
        source: ExclusionSource,
        /// For a hospital exclusion: the hospital that registered the form.
        #[arg(long)]
        hospital: Option<String>,
        #[arg(long, value_parser = parse_date)]
        since: Option<NaiveDate>,
    },
    /// Override an exclusion for continuity of care, for at most 7 days.
    OverrideExclusion {
        #[arg(long)]
        exclusion: String,
        /// From (RFC 3339); now when left out.
        #[arg(long, value_parser = parse_instant)]
        from: Option<DateTime<Utc>>,
        #[arg(long, value_parser = parse_instant)]
        until: DateTime<Utc>,
        #[arg(long)]
        justification: String,
    },
    /// Open a patient's record (or one report) through the provider endpoint of a running
    /// server, as a provider's system does. Prints `allowed: <ground>` or
    /// `refused: <reason>`.
    ProviderOpen {
        /// The server, e.g. http://127.0.0.1:8080.
        #[arg(long)]
        url: String,
        /// The provider's key (from `issue-provider-key`); from the environment so that it
        /// stays out of the process list.
        #[arg(long, env = "DOSSIER_PROVIDER_KEY", hide_env_values = true)]
        key: String,
        #[arg(long)]
        ead_number: String,
        #[arg(long)]
        report: Option<String>,
        /// Break the glass, with this written justification.
        #[arg(long)]
        break_the_glass: Option<String>,
    },
}

async fn provider_id(state: &AppState, id_or_nihdi: &str) -> Result<String, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    care_directory::find(&mut conn, id_or_nihdi)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| ServerError::InvalidInput(format!("no care provider {id_or_nihdi}")))
}

async fn patient_id(state: &AppState, ead_number: &str) -> Result<String, ServerError> {
    let mut conn = state.db.pool().acquire().await?;
    patients::find_by_ead(&mut conn, ead_number)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| ServerError::InvalidInput("no patient with this EAD number".into()))
}

/// Runs a care-side staff action; returns what to print.
pub async fn run(state: &AppState, action: CareAction) -> Result<String, ServerError> {
    let now = state.now();
    let today = state.clock.today();
    match action {
        CareAction::AddProvider { name, role, nihdi, workplaces } => {
            let provider = NewProvider { name, role, nihdi_number: nihdi, workplaces };
            let mut conn = state.db.pool().acquire().await?;
            let mut tx = crate::db::begin_write(&mut conn).await?;
            let id = care_directory::upsert(&mut tx, &provider, now).await?;
            tx.commit().await?;
            Ok(format!("Care provider {id}"))
        }
        CareAction::ImportProviders { file } => {
            let text = std::fs::read_to_string(&file).map_err(|error| {
                ServerError::InvalidInput(format!("cannot read {}: {error}", file.display()))
            })?;
            let mut conn = state.db.pool().acquire().await?;
            let count = care_directory::import(&mut conn, &text, now).await?;
            Ok(format!("{count} care provider(s) imported."))
        }
        CareAction::IssueProviderKey { nihdi } => {
            let provider = provider_id(state, &nihdi).await?;
            let mut conn = state.db.pool().acquire().await?;
            let key = care_directory::issue_key(&mut conn, &provider, now).await?;
            Ok(key.expose().clone())
        }
        CareAction::AddCareRelationship {
            provider,
            ead_number,
            hospital,
            department,
            from,
            until,
        } => {
            let provider = provider_id(state, &provider).await?;
            let patient = patient_id(state, &ead_number).await?;
            let mut conn = state.db.pool().acquire().await?;
            let relationship = care_relations::NewRelationship {
                provider_id: &provider,
                patient_id: &patient,
                hospital_id: &hospital,
                department: department.as_deref(),
                from: from.unwrap_or(today),
                until,
            };
            let id = care_relations::add_relationship(&mut conn, &relationship, now).await?;
            Ok(format!("Care relationship {id}"))
        }
        CareAction::SetGp { ead_number, provider } => {
            let provider = provider_id(state, &provider).await?;
            let patient = patient_id(state, &ead_number).await?;
            let mut conn = state.db.pool().acquire().await?;
            let mut tx = crate::db::begin_write(&mut conn).await?;
            care_relations::set_gp(&mut tx, &patient, &provider, today).await?;
            tx.commit().await?;
            Ok("GP named.".into())
        }
        CareAction::AddReferrerConsent { ead_number, provider, on } => {
            let provider = provider_id(state, &provider).await?;
            let patient = patient_id(state, &ead_number).await?;
            let mut conn = state.db.pool().acquire().await?;
            care_relations::add_referrer_consent(
                &mut conn,
                &patient,
                &provider,
                on.unwrap_or(today),
            )
            .await?;
            Ok("Consent registered.".into())
        }
        CareAction::SetEhealthConsent { ead_number, given, on } => {
            let patient = patient_id(state, &ead_number).await?;
            let mut conn = state.db.pool().acquire().await?;
            let mut tx = crate::db::begin_write(&mut conn).await?;
            care_relations::set_ehealth_consent(&mut tx, &patient, given, on.unwrap_or(today))
                .await?;
            tx.commit().await?;
            Ok("eHealth consent recorded.".into())
        }
        CareAction::AddExclusion { ead_number, provider, source, hospital, since } => {
            let provider = provider_id(state, &provider).await?;
            let patient = patient_id(state, &ead_number).await?;
            let mut conn = state.db.pool().acquire().await?;
            let id = care_relations::add_exclusion(
                &mut conn,
                &patient,
                &provider,
                source,
                hospital.as_deref(),
                since.unwrap_or(today),
            )
            .await?;
            Ok(format!("Exclusion {id}"))
        }
        CareAction::OverrideExclusion { exclusion, from, until, justification } => {
            let mut conn = state.db.pool().acquire().await?;
            let id = care_relations::override_exclusion(
                &mut conn,
                &exclusion,
                from.map_or(now, |t| t.timestamp()),
                until.timestamp(),
                &justification,
                now,
            )
            .await?;
            Ok(format!("Override {id}"))
        }
        action @ CareAction::ProviderOpen { .. } => provider_open_action(action).await,
    }
}

/// `provider-open`, which needs no database: it calls a running server.
pub async fn provider_open_action(action: CareAction) -> Result<String, ServerError> {
    let CareAction::ProviderOpen { url, key, ead_number, report, break_the_glass } = action else {
        return Err(ServerError::InvalidInput("not provider-open".into()));
    };
    provider_open(
        &url,
        &key,
        ProviderOpenRequest { ead_number, report_id: report, break_the_glass },
    )
    .await
}

/// Calls `POST /api/v1/provider/open`.
async fn provider_open(
    url: &str,
    key: &str,
    request: ProviderOpenRequest,
) -> Result<String, ServerError> {
    let failed =
        |error: reqwest::Error| ServerError::Config(format!("the server did not answer: {error}"));
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().build().map_err(failed)?;
    let response = client
        .post(format!("{}/api/v1/provider/open", url.trim_end_matches('/')))
        .bearer_auth(key)
        .json(&request)
        .send()
        .await
        .map_err(failed)?;
    let status = response.status();
    if status.is_success() {
        let opened: ProviderOpenResponse = response.json().await.map_err(failed)?;
        let what = match &opened.report {
            Some(report) => format!("report {}", report.id),
            None => format!("{} report(s)", opened.reports.len()),
        };
        return Ok(format!("allowed: {} ({what})", opened.ground.as_str()));
    }
    let error: ApiError = response.json().await.map_err(failed)?;
    match error.code {
        ApiErrorCode::AccessRefused { reason } => Ok(format!("refused: {}", reason.as_str())),
        _ => Err(ServerError::InvalidInput(format!("{status}: {}", error.message))),
    }
}
