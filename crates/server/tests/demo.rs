//! The demo seed, on both databases: the shape later issues and the demo rely on.

mod common;

use chrono::Days;
use common::{Backend, TestState};
use dossier_api::NationalRegisterNumber;
use dossier_api::dates::parse_iso;
use dossier_server::{Clock, demo};

on_both_databases!(
    the_demo_has_the_people_and_hospitals_the_app_needs,
    seeding_twice_changes_nothing,
    the_schema_enforces_links_between_existing_patients,
);

async fn the_demo_has_the_people_and_hospitals_the_app_needs(backend: Backend) {
    let Some(test) = TestState::create(backend).await else {
        return;
    };
    let today = test.clock.today();
    let summary = dossier_test_kit::seed_demo(&test.state).await.unwrap();
    assert!(!summary.already_seeded);
    assert!(summary.hospitals >= 2);

    let (hospitals,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hospitals")
        .fetch_one(test.state.db.pool())
        .await
        .unwrap();
    assert!(hospitals >= 2);

    let patients: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, date_of_birth, date_of_death, national_register_number FROM patients",
    )
    .fetch_all(test.state.db.pool())
    .await
    .unwrap();
    let age = |born: &str| dossier_server::patients::age_on(parse_iso(born).unwrap(), today);
    let living_adults = patients.iter().filter(|p| age(&p.1) >= 18 && p.2.is_none()).count();
    assert!(living_adults >= 3, "several adults");
    assert_eq!(patients.iter().filter(|p| p.2.is_some()).count(), 1, "one deceased patient");
    assert!(patients.iter().any(|p| p.3.is_none()), "a patient without a register number");
    for (_, _, _, number) in &patients {
        if let Some(number) = number {
            NationalRegisterNumber::parse(number).expect("demo register numbers are valid");
        }
    }

    // A parent with two children under 15 (active links), and a child who turned 15 whose
    // link has ended.
    let links: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT l.holder_id, l.status, c.date_of_birth, l.kind FROM record_links l \
         JOIN patients c ON c.id = l.subject_id WHERE l.kind = 'parent_child'",
    )
    .fetch_all(test.state.db.pool())
    .await
    .unwrap();
    let parent = &links[0].0;
    let active_children: Vec<_> =
        links.iter().filter(|l| &l.0 == parent && l.1 == "active").collect();
    assert_eq!(active_children.len(), 3);
    assert!(active_children.iter().all(|l| age(&l.2) < 15));
    // One of them turns 15 within the demo's first week.
    let in_a_week = today.checked_add_days(Days::new(7)).unwrap();
    assert!(
        active_children.iter().any(|l| {
            dossier_server::patients::age_on(parse_iso(&l.2).unwrap(), in_a_week) >= 15
        })
    );
    let grown: Vec<_> = links.iter().filter(|l| l.1 == "ended").collect();
    assert_eq!(grown.len(), 1);
    assert!(age(&grown[0].2) >= 15);

    // A trusted person, a representative with a mandate, a deceased patient's ended link,
    // and a parent's request waiting for staff.
    let others: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT l.kind, l.status, l.mandate_reference, s.date_of_death FROM record_links l \
         JOIN patients s ON s.id = l.subject_id WHERE l.kind <> 'parent_child'",
    )
    .fetch_all(test.state.db.pool())
    .await
    .unwrap();
    assert!(others.iter().any(|l| l.0 == "trusted_person" && l.1 == "active"));
    assert!(others.iter().any(|l| l.0 == "representative" && l.1 == "active" && l.2.is_some()));
    assert!(others.iter().any(|l| l.1 == "ended" && l.3.is_some()), "{others:?}");
    let (waiting, _) = dossier_server::staff::waiting_links(&test.state).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert!(waiting[0].child_found);

    // The rest of the record (issue 19): studies under radiology reports, each series with
    // a preview; questionnaires waiting, a child's among them; conversations with a
    // hospital's answer, one with a file.
    let studies: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT r.report_type, s.modalities, s.image_count,          (SELECT COUNT(*) FROM radiology_series x WHERE x.study_id = s.id AND x.preview_png IS NOT NULL)          FROM radiology_studies s JOIN reports r ON r.id = s.report_id",
    )
    .fetch_all(test.state.db.pool())
    .await
    .unwrap();
    assert!(studies.len() >= 2, "{studies:?}");
    assert!(studies.iter().all(|s| s.0 == "radiology" && s.2 > 0 && s.3 > 0), "{studies:?}");
    assert!(
        studies.iter().any(|s| s.1.contains("CT")) && studies.iter().any(|s| s.1.contains("MR"))
    );
    let questionnaires: Vec<(String, String)> = sqlx::query_as(
        "SELECT q.status, p.date_of_birth FROM questionnaire_requests q          JOIN patients p ON p.id = q.patient_id",
    )
    .fetch_all(test.state.db.pool())
    .await
    .unwrap();
    assert!(
        questionnaires.iter().filter(|q| q.0 != "submitted").count() >= 2,
        "{questionnaires:?}"
    );
    assert!(questionnaires.iter().any(|q| q.0 != "submitted" && age(&q.1) < 15), "a child's");
    let (threads, answered, with_files): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM message_threads),          (SELECT COUNT(DISTINCT thread_id) FROM messages WHERE staff_name IS NOT NULL),          (SELECT COUNT(*) FROM message_attachments)",
    )
    .fetch_one(test.state.db.pool())
    .await
    .unwrap();
    assert!(threads >= 2 && answered >= 1 && with_files >= 1, "{threads} {answered} {with_files}");
}

async fn seeding_twice_changes_nothing(backend: Backend) {
    let Some(test) = TestState::create(backend).await else {
        return;
    };
    let first = dossier_test_kit::seed_demo(&test.state).await.unwrap();
    let second = demo::seed(&test.state).await.unwrap();
    assert!(second.cards.is_empty(), "no second set of cards");
    assert!(second.already_seeded);
    assert_eq!(first.patients, second.patients);
    let (patients,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM patients")
        .fetch_one(test.state.db.pool())
        .await
        .unwrap();
    assert_eq!(usize::try_from(patients).unwrap(), first.patients.len());
}

async fn the_schema_enforces_links_between_existing_patients(backend: Backend) {
    let Some(test) = TestState::create(backend).await else {
        return;
    };
    let mut conn = test.state.db.pool().acquire().await.unwrap();
    let link = dossier_server::links::NewLink::by_staff(
        "nobody",
        "no-one",
        dossier_server::links::LinkKind::ParentChild,
        dossier_server::clock::date(2026, 1, 1),
        None,
    );
    let result = dossier_server::links::insert(&mut conn, &link, 0).await;
    assert!(result.is_err(), "a link to unknown patients must be refused");
}
