//! The directory of care providers and staff (name, role, NIHDI number, where they work),
//! added one by one or imported from JSON by staff, and the keys with which a provider's
//! system calls the provider endpoint (stored as SHA-256 hashes; shown once when issued).

use std::collections::HashSet;

use dossier_api::{
    Sensitive,
    care_access::{CareProviderView, CareRole, Workplace},
};
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::{crypto, error::ServerError};

/// A provider as staff register them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewProvider {
    pub name: String,
    pub role: CareRole,
    pub nihdi_number: Option<String>,
    #[serde(default)]
    pub workplaces: Vec<NewWorkplace>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewWorkplace {
    /// The hospital's short code.
    pub hospital: String,
    pub department: Option<String>,
}

/// The JSON file `admin import-providers` reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderFile {
    pub providers: Vec<NewProvider>,
}

/// A provider as the access rule and the log need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub role: CareRole,
    pub nihdi_number: Option<String>,
}

/// A NIHDI (RIZIV/INAMI) number as written on prescriptions: 11 digits, often grouped
/// `1-23456-78-901`. Returns the grouped form, or None when it is not 11 digits.
pub fn normalize_nihdi(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ' | '/' | '.')).collect();
    if digits.len() != 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{}-{}-{}-{}", &digits[..1], &digits[1..6], &digits[6..8], &digits[8..]))
}

fn invalid(text: impl Into<String>) -> ServerError {
    ServerError::InvalidInput(text.into())
}

/// Checks a provider before anything is written: a name, a valid NIHDI number when given,
/// known hospitals.
async fn checked(
    conn: &mut AnyConnection,
    provider: &NewProvider,
) -> Result<(String, Option<String>), ServerError> {
    let name = provider.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(invalid("a provider needs a name (at most 200 characters)"));
    }
    let nihdi = match &provider.nihdi_number {
        None => None,
        Some(text) => Some(
            normalize_nihdi(text)
                .ok_or_else(|| invalid(format!("{name}: the NIHDI number must have 11 digits")))?,
        ),
    };
    for workplace in &provider.workplaces {
        let (known,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hospitals WHERE id = $1")
            .bind(&workplace.hospital)
            .fetch_one(&mut *conn)
            .await?;
        if known == 0 {
            return Err(invalid(format!("{name}: no hospital {}", workplace.hospital)));
        }
    }
    Ok((name.to_owned(), nihdi))
}

/// Adds a provider, or (same NIHDI number) brings them up to date: name, role and
/// workplaces replaced. Returns their id.
pub async fn upsert(
    conn: &mut AnyConnection,
    provider: &NewProvider,
    now: i64,
) -> Result<String, ServerError> {
    let (name, nihdi) = checked(conn, provider).await?;
    let existing = match &nihdi {
        Some(nihdi) => find(conn, nihdi).await?,
        None => None,
    };
    let id = match existing {
        Some(existing) => {
            sqlx::query("UPDATE care_providers SET name = $2, role = $3 WHERE id = $1")
                .bind(&existing.id)
                .bind(&name)
                .bind(provider.role.as_str())
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM care_provider_workplaces WHERE provider_id = $1")
                .bind(&existing.id)
                .execute(&mut *conn)
                .await?;
            existing.id
        }
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO care_providers (id, name, role, nihdi_number, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(&name)
            .bind(provider.role.as_str())
            .bind(&nihdi)
            .bind(now)
            .execute(&mut *conn)
            .await?;
            id
        }
    };
    let mut seen = HashSet::new();
    for workplace in &provider.workplaces {
        let department = workplace.department.as_deref().map(str::trim).unwrap_or_default();
        if !seen.insert((workplace.hospital.as_str(), department)) {
            continue;
        }
        sqlx::query(
            "INSERT INTO care_provider_workplaces (provider_id, hospital_id, department) \
             VALUES ($1, $2, $3)",
        )
        .bind(&id)
        .bind(&workplace.hospital)
        .bind(department)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Imports a JSON file of providers, all or nothing. Returns how many.
pub async fn import(conn: &mut AnyConnection, json: &str, now: i64) -> Result<usize, ServerError> {
    let file: ProviderFile = serde_json::from_str(json)
        .map_err(|error| invalid(format!("not a provider file: {error}")))?;
    if file.providers.is_empty() {
        return Err(invalid("the file names no provider"));
    }
    let mut tx = crate::db::begin_write(conn).await?;
    for provider in &file.providers {
        upsert(&mut tx, provider, now).await?;
    }
    tx.commit().await?;
    Ok(file.providers.len())
}

type ProviderRow = (String, String, String, Option<String>);

fn provider_of((id, name, role, nihdi_number): ProviderRow) -> Result<Provider, ServerError> {
    let role = CareRole::parse(&role).ok_or_else(|| ServerError::Corrupt("care role".into()))?;
    Ok(Provider { id, name, role, nihdi_number })
}

/// A provider by id or by NIHDI number (in any grouping).
pub async fn find(
    conn: &mut AnyConnection,
    id_or_nihdi: &str,
) -> Result<Option<Provider>, ServerError> {
    let nihdi = normalize_nihdi(id_or_nihdi).unwrap_or_default();
    let row: Option<ProviderRow> = sqlx::query_as(
        "SELECT id, name, role, nihdi_number FROM care_providers \
         WHERE id = $1 OR nihdi_number = $2",
    )
    .bind(id_or_nihdi)
    .bind(nihdi)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(provider_of).transpose()
}

/// Where a provider works.
pub async fn workplaces(
    conn: &mut AnyConnection,
    provider_id: &str,
) -> Result<Vec<Workplace>, ServerError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT w.hospital_id, h.name, w.department FROM care_provider_workplaces w \
         JOIN hospitals h ON h.id = w.hospital_id WHERE w.provider_id = $1 \
         ORDER BY h.name, w.department",
    )
    .bind(provider_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(hospital_id, hospital_name, department)| Workplace {
            hospital_id,
            hospital_name,
            department: (!department.is_empty()).then_some(department),
        })
        .collect())
}

/// A provider as the patient is shown them.
pub async fn view(
    conn: &mut AnyConnection,
    provider_id: &str,
) -> Result<CareProviderView, ServerError> {
    let row: ProviderRow =
        sqlx::query_as("SELECT id, name, role, nihdi_number FROM care_providers WHERE id = $1")
            .bind(provider_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| ServerError::Corrupt("care provider".into()))?;
    let provider = provider_of(row)?;
    Ok(CareProviderView {
        workplaces: workplaces(conn, &provider.id).await?,
        id: provider.id,
        name: provider.name,
        role: provider.role,
        nihdi_number: provider.nihdi_number,
    })
}

/// A new key for the provider's system. The key itself is returned once and never stored.
pub async fn issue_key(
    conn: &mut AnyConnection,
    provider_id: &str,
    now: i64,
) -> Result<Sensitive<String>, ServerError> {
    // The prefix tells a provider key from a session token at a glance (in a support call,
    // in a leaked file), without giving anything away.
    let (token, _) = crypto::new_token();
    let key = Sensitive::new(format!("dpk_{}", token.expose()));
    sqlx::query(
        "INSERT INTO provider_keys (key_hash, provider_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(crypto::token_hash(key.expose()))
    .bind(provider_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(key)
}

/// The provider a key belongs to, if it is a key and not revoked.
pub async fn by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<Provider>, ServerError> {
    let row: Option<ProviderRow> = sqlx::query_as(
        "SELECT p.id, p.name, p.role, p.nihdi_number FROM provider_keys k \
         JOIN care_providers p ON p.id = k.provider_id \
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
    )
    .bind(crypto::token_hash(key))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(provider_of).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nihdi_numbers_are_read_in_any_grouping() {
        assert_eq!(normalize_nihdi("1-00476-32-004").as_deref(), Some("1-00476-32-004"));
        assert_eq!(normalize_nihdi("10047632004").as_deref(), Some("1-00476-32-004"));
        assert_eq!(normalize_nihdi("1 00476 32 004").as_deref(), Some("1-00476-32-004"));
        assert_eq!(normalize_nihdi("1-00476-32-00"), None);
        assert_eq!(normalize_nihdi("1-00476-32-00x"), None);
    }
}
