//! Personal details and notification settings on the device, against a real server with the
//! demo data: An reads hers, a change refused per field changes nothing, a valid one comes
//! back with its history; she reads Jan's (her trusted person's record) but may not change
//! them; her e-mail settings round-trip.

use dossier_api::{
    Language,
    details::{DetailsUpdate, FieldProblem, NotificationSettings, PostalAddress},
    reports::Relation,
};
use dossier_core::{Account, CoreError};
use dossier_test_kit::{demo_card, device_account, keychain, start_server};

async fn logged_in_an(
    server: &dossier_test_kit::TestServer,
    data: &std::path::Path,
) -> Option<Account> {
    let keychain = keychain()?;
    let summary = server.seed_demo().await;
    let app = device_account(&keychain, &server.url(), data);
    demo_card(&summary, "an.peeters").log_in(&app).await;
    Some(app)
}

fn update(postal_code: &str, phone: &str, gp: Option<String>) -> DetailsUpdate {
    DetailsUpdate {
        address: PostalAddress {
            street: "Bondgenotenlaan 3".into(),
            postal_code: postal_code.into(),
            city: "Leuven".into(),
            country: "BE".into(),
        },
        phone: phone.into(),
        email: "an.peeters@example.be".into(),
        language: Language::Nl,
        general_practitioner: gp,
    }
}

#[tokio::test]
async fn an_changes_her_details_and_reads_but_does_not_change_jans() {
    let server = start_server().await;
    let data = tempfile::tempdir().unwrap();
    let Some(app) = logged_in_an(&server, data.path()).await else { return };
    app.sync_reports(|_| {}).await.unwrap();
    let records = app.records().await;
    let own = records.iter().find(|r| r.relation == Relation::Own).unwrap().record_id.clone();
    let jan =
        records.iter().find(|r| r.relation == Relation::TrustedPerson).unwrap().record_id.clone();

    let before = app.personal_details(&own).await.unwrap();
    assert!(before.may_change);
    assert_eq!(before.given_name, "An");
    let gps = app.general_practitioners("wouters").await.unwrap();
    assert_eq!(gps.len(), 1);

    let refused = app.change_personal_details(&own, &update("30", "12", None)).await;
    let Err(CoreError::DetailsRefused(problems)) = refused else { panic!("{refused:?}") };
    assert_eq!(problems.postal_code, Some(FieldProblem::PostalCode));
    assert_eq!(problems.phone, Some(FieldProblem::Phone));
    assert_eq!(app.personal_details(&own).await.unwrap(), before, "nothing changed");

    let gp = Some(gps[0].id.clone());
    let after =
        app.change_personal_details(&own, &update("3000", "0470 12 34 56", gp)).await.unwrap();
    assert_eq!(after.phone.as_deref(), Some("+32 470 12 34 56"));
    assert!(after.changes.iter().any(|c| c.by == "An Peeters"));

    let jans = app.personal_details(&jan).await.unwrap();
    assert!(!jans.may_change);
    let refused = app.change_personal_details(&jan, &update("3000", "", None)).await;
    assert!(matches!(refused, Err(CoreError::NotAllowedToChange)), "{refused:?}");

    let off = NotificationSettings { something_new: false, appointment_reminder: true };
    assert_eq!(app.change_notification_settings(off).await.unwrap(), off);
    assert_eq!(app.notification_settings().await.unwrap(), off);
}

#[tokio::test]
async fn the_details_last_read_are_shown_offline_sealed_and_not_to_be_changed() {
    let Some(keychain) = keychain() else { return };
    let mut server = start_server().await;
    let summary = server.seed_demo().await;
    let data = tempfile::tempdir().unwrap();
    let app = device_account(&keychain, &server.url(), data.path());
    demo_card(&summary, "an.peeters").log_in(&app).await;
    app.register_device("laptop", "284719").await.unwrap();
    app.sync_reports(|_| {}).await.unwrap();
    let records = app.records().await;
    let own = records.iter().find(|r| r.relation == Relation::Own).unwrap().record_id.clone();
    let jan =
        records.iter().find(|r| r.relation == Relation::TrustedPerson).unwrap().record_id.clone();

    let changed =
        app.change_personal_details(&own, &update("3000", "0470 55 44 33", None)).await.unwrap();
    let online = app.details_to_show(&own).await.unwrap();
    assert!(!online.offline && online.details.may_change);
    assert_eq!(online.details, changed);
    let bytes = std::fs::read(data.path().join("cache/reports.sqlite3")).unwrap();
    assert!(!bytes.windows(9).any(|w| w == b"470 55 44"), "the phone number in clear");

    server.stop().await;
    let offline = device_account(&keychain, &server.url(), data.path());
    assert_eq!(offline.unlock("284719").await.unwrap(), dossier_core::Unlocked::Offline);
    let shown = offline.details_to_show(&own).await.unwrap();
    assert!(shown.offline && shown.last_synced.is_some());
    assert!(!shown.details.may_change, "changes need the server");
    assert_eq!(shown.details.phone.as_deref(), Some("+32 470 55 44 33"));
    assert_eq!(shown.details.changes, changed.changes);
    // Jan's were never read on this device.
    let never = offline.details_to_show(&jan).await;
    assert!(matches!(never, Err(CoreError::Offline)), "{never:?}");
}
