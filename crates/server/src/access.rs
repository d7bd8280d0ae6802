//! Which records an account may open, decided in one place: its own while the patient
//! lives; a child's through an active parent/child link until the day before the 15th
//! birthday; a trusted person's or representative's through an active link; never the
//! record of someone who died, and nothing at all once the holder died.

use chrono::NaiveDate;
use dossier_api::reports::{RecordAccess, Relation};
use sqlx::AnyConnection;

use crate::{
    error::ServerError,
    links::{self, LinkKind, LinkStatus},
    patients::is_child_on,
};

type Row = (String, String, String, String, Option<String>);

/// Every record the account may open today.
pub async fn records_for(
    conn: &mut AnyConnection,
    account_id: &str,
    today: NaiveDate,
) -> Result<Vec<RecordAccess>, ServerError> {
    let own: Option<Row> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.date_of_death \
         FROM accounts a JOIN patients p ON p.id = a.patient_id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(own) = own.filter(|row| row.4.is_none()) else { return Ok(Vec::new()) };
    let mut records = vec![access(&own, Relation::Own)?];
    for link in links::held_by(conn, &own.0, LinkStatus::Active).await? {
        let in_period = link.valid_from <= today && link.valid_until.is_none_or(|u| today <= u);
        if link.subject_died.is_some() || !in_period || !link.rights.view_record {
            continue;
        }
        // The device closes the record after this day, also without a connection.
        let mut last_day = link.valid_until;
        if link.kind == LinkKind::ParentChild {
            let birthday_rule = links::last_day_of_child_link(link.subject_born);
            last_day = match (last_day, birthday_rule) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        let relation = match link.kind {
            LinkKind::ParentChild if is_child_on(link.subject_born, today) => Relation::Child,
            LinkKind::ParentChild => continue,
            LinkKind::TrustedPerson => Relation::TrustedPerson,
            LinkKind::Representative => Relation::Representative,
        };
        records.push(RecordAccess {
            record_id: link.subject_id,
            given_name: link.given_name,
            family_name: link.family_name,
            date_of_birth: link.subject_born,
            relation,
            last_day,
        });
    }
    Ok(records)
}

fn access(row: &Row, relation: Relation) -> Result<RecordAccess, ServerError> {
    Ok(RecordAccess {
        record_id: row.0.clone(),
        given_name: row.1.clone(),
        family_name: row.2.clone(),
        date_of_birth: dossier_api::dates::parse_iso(&row.3)
            .ok_or_else(|| ServerError::Corrupt("a patient date".into()))?,
        relation,
        last_day: None,
    })
}

/// The account's access to `record_id` today, if any.
pub async fn may_open(
    conn: &mut AnyConnection,
    account_id: &str,
    record_id: &str,
    today: NaiveDate,
) -> Result<Option<RecordAccess>, ServerError> {
    Ok(records_for(conn, account_id, today).await?.into_iter().find(|r| r.record_id == record_id))
}
