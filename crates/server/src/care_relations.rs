//! The facts the access rule reads, as staff register them and as the patient sees and
//! changes them under "Access": therapeutic relationships, the GP (and the patient's
//! objection), referrers' consents, the eHealth consent, exclusions (hospital and eHealth)
//! and their temporary overrides. Each change the patient makes is written to the access
//! log in the same transaction.

use chrono::NaiveDate;
use dossier_api::care_access::{
    AccessChange, AccessEvent, Accessor, CareRelationshipView, EhealthConsentView, ExclusionSource,
    ExclusionView, GeneralPractitionerView, RecordAccessOverview, ReferrerConsentView,
};
use sqlx::AnyConnection;

use crate::{
    access_log::{self, NewEntry},
    care_access::stored_date,
    care_directory,
    error::ServerError,
};

fn invalid(text: impl Into<String>) -> ServerError {
    ServerError::InvalidInput(text.into())
}

async fn hospital_known(conn: &mut AnyConnection, id: &str) -> Result<(), ServerError> {
    let (known,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hospitals WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    if known == 0 { Err(invalid(format!("no hospital {id}"))) } else { Ok(()) }
}

/// A therapeutic relationship as staff register it.
#[derive(Debug, Clone)]
pub struct NewRelationship<'a> {
    pub provider_id: &'a str,
    pub patient_id: &'a str,
    pub hospital_id: &'a str,
    pub department: Option<&'a str>,
    pub from: NaiveDate,
    /// The last day; None: ongoing.
    pub until: Option<NaiveDate>,
}

/// Registers a therapeutic relationship.
pub async fn add_relationship(
    conn: &mut AnyConnection,
    relationship: &NewRelationship<'_>,
    now: i64,
) -> Result<String, ServerError> {
    let NewRelationship { provider_id, patient_id, hospital_id, department, from, until } =
        *relationship;
    if until.is_some_and(|until| until < from) {
        return Err(invalid("a relationship cannot end before it starts"));
    }
    hospital_known(conn, hospital_id).await?;
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO care_relationships (id, provider_id, patient_id, hospital_id, department, \
         valid_from, valid_until, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(provider_id)
    .bind(patient_id)
    .bind(hospital_id)
    .bind(department.map(str::trim).filter(|d| !d.is_empty()))
    .bind(from.to_string())
    .bind(until.map(|d| d.to_string()))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Names the patient's GP (replacing any other; a new GP starts without objection).
pub async fn set_gp(
    conn: &mut AnyConnection,
    patient_id: &str,
    provider_id: &str,
    today: NaiveDate,
) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM general_practitioners WHERE patient_id = $1")
        .bind(patient_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO general_practitioners (patient_id, provider_id, objected, since) \
         VALUES ($1, $2, 0, $3)",
    )
    .bind(patient_id)
    .bind(provider_id)
    .bind(today.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A referrer's consent, given on `on` (at the desk or at the referrer's).
pub async fn add_referrer_consent(
    conn: &mut AnyConnection,
    patient_id: &str,
    provider_id: &str,
    on: NaiveDate,
) -> Result<String, ServerError> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO referrer_consents (id, patient_id, provider_id, given_on) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(&id)
    .bind(patient_id)
    .bind(provider_id)
    .bind(on.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// The eHealth one-off consent, given or refused on `on`.
pub async fn set_ehealth_consent(
    conn: &mut AnyConnection,
    patient_id: &str,
    given: bool,
    on: NaiveDate,
) -> Result<(), ServerError> {
    sqlx::query("DELETE FROM ehealth_consents WHERE patient_id = $1")
        .bind(patient_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO ehealth_consents (patient_id, given, decided_on) VALUES ($1, $2, $3)")
        .bind(patient_id)
        .bind(i64::from(given))
        .bind(on.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An exclusion: registered by a hospital after the patient's form (it holds in every
/// partner hospital), or taken over from the eHealth platform.
pub async fn add_exclusion(
    conn: &mut AnyConnection,
    patient_id: &str,
    provider_id: &str,
    source: ExclusionSource,
    registered_by: Option<&str>,
    since: NaiveDate,
) -> Result<String, ServerError> {
    match (source, registered_by) {
        (ExclusionSource::Hospital, Some(hospital)) => hospital_known(conn, hospital).await?,
        (ExclusionSource::Hospital, None) => {
            return Err(invalid("a hospital exclusion names the hospital that registered it"));
        }
        (ExclusionSource::Ehealth, Some(_)) => {
            return Err(invalid("an eHealth exclusion is registered on the eHealth platform"));
        }
        (ExclusionSource::Ehealth, None) => {}
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO exclusions (id, patient_id, provider_id, source, registered_by, since) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(patient_id)
    .bind(provider_id)
    .bind(source.as_str())
    .bind(registered_by)
    .bind(since.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// A temporary override of an exclusion for continuity of care, from `starts_at` to
/// `ends_at` (instants), with why.
pub async fn override_exclusion(
    conn: &mut AnyConnection,
    exclusion_id: &str,
    starts_at: i64,
    ends_at: i64,
    justification: &str,
    now: i64,
) -> Result<String, ServerError> {
    let justification = justification.trim();
    if justification.chars().count() < dossier_api::care_access::MIN_JUSTIFICATION_CHARS {
        return Err(invalid("an override needs a written justification"));
    }
    if ends_at <= starts_at {
        return Err(invalid("an override ends after it starts"));
    }
    if ends_at - starts_at > 7 * 24 * 3600 {
        return Err(invalid("an override is temporary: at most 7 days"));
    }
    let (known,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM exclusions WHERE id = $1")
        .bind(exclusion_id)
        .fetch_one(&mut *conn)
        .await?;
    if known == 0 {
        return Err(invalid(format!("no exclusion {exclusion_id}")));
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO exclusion_overrides (id, exclusion_id, starts_at, ends_at, justification, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(exclusion_id)
    .bind(starts_at)
    .bind(ends_at)
    .bind(justification)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Who may see the record today, on one screen.
pub async fn overview(
    conn: &mut AnyConnection,
    patient_id: &str,
    today: NaiveDate,
    now: i64,
    may_change: bool,
) -> Result<RecordAccessOverview, ServerError> {
    let today_text = today.to_string();
    type RelationshipRow = (String, String, Option<String>, String, Option<String>);
    let relationships: Vec<RelationshipRow> = sqlx::query_as(
        "SELECT r.provider_id, h.name, r.department, r.valid_from, r.valid_until \
             FROM care_relationships r JOIN hospitals h ON h.id = r.hospital_id \
             WHERE r.patient_id = $1 AND r.valid_from <= $2 \
             AND (r.valid_until IS NULL OR r.valid_until >= $2) ORDER BY r.valid_from DESC",
    )
    .bind(patient_id)
    .bind(&today_text)
    .fetch_all(&mut *conn)
    .await?;
    let mut care_teams = Vec::with_capacity(relationships.len());
    for (provider_id, hospital_name, department, from, until) in relationships {
        care_teams.push(CareRelationshipView {
            provider: care_directory::view(conn, &provider_id).await?,
            hospital_name,
            department,
            from: stored_date(&from)?,
            until: until.as_deref().map(stored_date).transpose()?,
        });
    }
    let gp: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT provider_id, objected, since FROM general_practitioners WHERE patient_id = $1",
    )
    .bind(patient_id)
    .fetch_optional(&mut *conn)
    .await?;
    let general_practitioner = match gp {
        None => None,
        Some((provider_id, objected, since)) => Some(GeneralPractitionerView {
            provider: care_directory::view(conn, &provider_id).await?,
            objected: objected != 0,
            since: stored_date(&since)?,
        }),
    };
    let consents: Vec<(String, String)> = sqlx::query_as(
        "SELECT provider_id, given_on FROM referrer_consents \
         WHERE patient_id = $1 AND withdrawn_at IS NULL AND given_on <= $2 ORDER BY given_on",
    )
    .bind(patient_id)
    .bind(&today_text)
    .fetch_all(&mut *conn)
    .await?;
    let mut referrers = Vec::with_capacity(consents.len());
    for (provider_id, given_on) in consents {
        referrers.push(ReferrerConsentView {
            provider: care_directory::view(conn, &provider_id).await?,
            given_on: stored_date(&given_on)?,
        });
    }
    let rows: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT e.id, e.provider_id, e.source, h.name, e.since FROM exclusions e \
         LEFT JOIN hospitals h ON h.id = e.registered_by \
         WHERE e.patient_id = $1 AND e.stopped_at IS NULL ORDER BY e.since",
    )
    .bind(patient_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut exclusions = Vec::with_capacity(rows.len());
    for (id, provider_id, source, registered_by, since) in rows {
        let source = ExclusionSource::parse(&source)
            .ok_or_else(|| ServerError::Corrupt("exclusion source".into()))?;
        let (overridden_until,): (Option<i64>,) = sqlx::query_as(
            "SELECT MAX(ends_at) FROM exclusion_overrides \
             WHERE exclusion_id = $1 AND starts_at <= $2 AND ends_at > $2",
        )
        .bind(&id)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        exclusions.push(ExclusionView {
            provider: care_directory::view(conn, &provider_id).await?,
            stoppable: source == ExclusionSource::Hospital,
            id,
            source,
            registered_by,
            since: stored_date(&since)?,
            overridden_until,
        });
    }
    let ehealth: Option<(i64, String)> =
        sqlx::query_as("SELECT given, decided_on FROM ehealth_consents WHERE patient_id = $1")
            .bind(patient_id)
            .fetch_optional(&mut *conn)
            .await?;
    let ehealth_consent = match ehealth {
        None => EhealthConsentView { given: false, on: None },
        Some((given, on)) => EhealthConsentView { given: given != 0, on: Some(stored_date(&on)?) },
    };
    Ok(RecordAccessOverview {
        record_id: patient_id.to_owned(),
        care_teams,
        general_practitioner,
        referrers,
        exclusions,
        ehealth_consent,
        may_change,
    })
}

/// Why a patient's change could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// Nothing of that id in this record (or already stopped/withdrawn).
    NotFound,
    /// An eHealth exclusion: managed on the eHealth platform.
    ManagedOnEhealth,
}

/// Who makes a change, as the log names them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub who: Accessor,
}

async fn log_change(
    conn: &mut AnyConnection,
    patient_id: &str,
    actor: &Actor,
    change: AccessChange,
    now: i64,
) -> Result<(), ServerError> {
    let event = AccessEvent::Changed { change };
    access_log::append(
        conn,
        &NewEntry {
            patient_id,
            at: now,
            who: &actor.who,
            provider_id: None,
            event: &event,
            dedupe_key: None,
        },
    )
    .await
}

/// The patient objects to their GP's access (`objected`), or allows it again.
pub async fn set_gp_objection(
    conn: &mut AnyConnection,
    patient_id: &str,
    objected: bool,
    actor: &Actor,
    today: NaiveDate,
    now: i64,
) -> Result<Result<(), ChangeRefusal>, ServerError> {
    let mut tx = crate::db::begin_write(conn).await?;
    let gp: Option<(String, i64)> = sqlx::query_as(
        "SELECT provider_id, objected FROM general_practitioners WHERE patient_id = $1",
    )
    .bind(patient_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((provider_id, was)) = gp else { return Ok(Err(ChangeRefusal::NotFound)) };
    if (was != 0) == objected {
        // Already so: nothing changes, nothing is logged.
        return Ok(Ok(()));
    }
    sqlx::query("UPDATE general_practitioners SET objected = $2, since = $3 WHERE patient_id = $1")
        .bind(patient_id)
        .bind(i64::from(objected))
        .bind(today.to_string())
        .execute(&mut *tx)
        .await?;
    let provider_name = care_directory::view(&mut tx, &provider_id).await?.name;
    let change = if objected {
        AccessChange::GpObjected { provider_name }
    } else {
        AccessChange::GpAllowedAgain { provider_name }
    };
    log_change(&mut tx, patient_id, actor, change, now).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The patient withdraws a referrer's consent.
pub async fn withdraw_consent(
    conn: &mut AnyConnection,
    patient_id: &str,
    provider_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<Result<(), ChangeRefusal>, ServerError> {
    let mut tx = crate::db::begin_write(conn).await?;
    let withdrawn = sqlx::query(
        "UPDATE referrer_consents SET withdrawn_at = $3 \
         WHERE patient_id = $1 AND provider_id = $2 AND withdrawn_at IS NULL",
    )
    .bind(patient_id)
    .bind(provider_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if withdrawn == 0 {
        return Ok(Err(ChangeRefusal::NotFound));
    }
    let provider_name = care_directory::view(&mut tx, provider_id).await?.name;
    log_change(
        &mut tx,
        patient_id,
        actor,
        AccessChange::ReferrerConsentWithdrawn { provider_name },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The patient stops a hospital exclusion.
pub async fn stop_exclusion(
    conn: &mut AnyConnection,
    patient_id: &str,
    exclusion_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<Result<(), ChangeRefusal>, ServerError> {
    let mut tx = crate::db::begin_write(conn).await?;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT provider_id, source FROM exclusions \
         WHERE id = $1 AND patient_id = $2 AND stopped_at IS NULL",
    )
    .bind(exclusion_id)
    .bind(patient_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((provider_id, source)) = row else { return Ok(Err(ChangeRefusal::NotFound)) };
    if source != ExclusionSource::Hospital.as_str() {
        return Ok(Err(ChangeRefusal::ManagedOnEhealth));
    }
    sqlx::query("UPDATE exclusions SET stopped_at = $2 WHERE id = $1")
        .bind(exclusion_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let provider_name = care_directory::view(&mut tx, &provider_id).await?.name;
    log_change(&mut tx, patient_id, actor, AccessChange::ExclusionStopped { provider_name }, now)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
