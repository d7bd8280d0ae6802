//! Which records an account may open, decided in one place: its own while the patient
//! lives; a child's through an active parent/child link until the day before the 15th
//! birthday; a trusted person's or representative's through an active link; never the
//! record of someone who died, and nothing at all once the holder died.

use dossier_api::reports::{RecordAccess, Relation};
use jiff::civil::Date;
use sqlx::AnyConnection;

use crate::{error::ServerError, patients::is_child_on};

type Row = (String, String, String, String, Option<String>);

/// A link and the patient it opens.
#[derive(sqlx::FromRow)]
struct LinkRow {
    id: String,
    given_name: String,
    family_name: String,
    date_of_birth: String,
    date_of_death: Option<String>,
    kind: String,
    valid_from: String,
    valid_until: Option<String>,
}

fn born(row: &Row) -> Option<Date> {
    row.3.parse().ok()
}

/// Every record the account may open today.
pub async fn records_for(
    conn: &mut AnyConnection,
    account_id: &str,
    today: Date,
) -> Result<Vec<RecordAccess>, ServerError> {
    let own: Option<Row> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.date_of_death \
         FROM accounts a JOIN patients p ON p.id = a.patient_id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(own) = own.filter(|row| row.4.is_none()) else { return Ok(Vec::new()) };
    let mut records = vec![access(&own, Relation::Own)];

    let links: Vec<LinkRow> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.date_of_death, l.kind, \
         l.valid_from, l.valid_until FROM record_links l JOIN patients p ON p.id = l.subject_id \
         WHERE l.holder_id = $1 AND l.status = 'active' ORDER BY p.date_of_birth DESC",
    )
    .bind(&own.0)
    .fetch_all(&mut *conn)
    .await?;
    for link in links {
        let row: Row =
            (link.id, link.given_name, link.family_name, link.date_of_birth, link.date_of_death);
        let started = link.valid_from.parse::<Date>().is_ok_and(|from| from <= today);
        let not_ended = link
            .valid_until
            .as_deref()
            .is_none_or(|until| until.parse::<Date>().is_ok_and(|u| today <= u));
        if row.4.is_some() || !started || !not_ended {
            continue;
        }
        let relation = match link.kind.as_str() {
            "parent_child" if born(&row).is_some_and(|b| is_child_on(b, today)) => Relation::Child,
            "parent_child" => continue,
            "trusted_person" => Relation::TrustedPerson,
            "representative" => Relation::Representative,
            _ => continue,
        };
        records.push(access(&row, relation));
    }
    Ok(records)
}

fn access(row: &Row, relation: Relation) -> RecordAccess {
    RecordAccess {
        record_id: row.0.clone(),
        given_name: row.1.clone(),
        family_name: row.2.clone(),
        date_of_birth: row.3.clone(),
        relation,
    }
}

/// The account's access to `record_id` today, if any.
pub async fn may_open(
    conn: &mut AnyConnection,
    account_id: &str,
    record_id: &str,
    today: Date,
) -> Result<Option<RecordAccess>, ServerError> {
    Ok(records_for(conn, account_id, today).await?.into_iter().find(|r| r.record_id == record_id))
}
