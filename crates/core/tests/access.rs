//! "Access" on the device, against a real server with the demo data: who may see An's
//! record, her changes taking effect at once (the GP refused right after her objection, an
//! eHealth exclusion left to the eHealth platform), and her access log synced page by page
//! into the encrypted cache, filtered there, read without a connection, and gone with the
//! record when a link ends.

use dossier_api::{
    care_access::{AccessChange, AccessEvent, AccessRefusal, Accessor, ExclusionSource},
    reports::Relation,
};
use dossier_core::{AccessKind, AccessLogQuery, Account, CoreError, Unlocked};
use dossier_server::{
    care_staff::{self, CareAction},
    demo_care::DEMO_GP_NIHDI,
};
use dossier_test_kit::{TestServer, demo_card, device_account, keychain, start_server};

const PIN: &str = "284719";
/// An Peeters's EAD number in the demo.
const AN_EAD: &str = "10482231";

async fn registered_an(server: &TestServer, data: &std::path::Path) -> Option<Account> {
    let keychain = keychain()?;
    let summary = server.seed_demo().await;
    let app = device_account(&keychain, &server.url(), data);
    demo_card(&summary, "an.peeters").log_in(&app).await;
    app.register_device("phone", PIN).await.unwrap();
    app.sync_reports(|_| {}).await.unwrap();
    Some(app)
}

fn forget_device(server: &TestServer) {
    if let Some(keychain) = keychain() {
        let _ = dossier_core::device::DeviceVault::new(
            keychain,
            &dossier_core::ServerUrl::parse(&server.url()).unwrap(),
        )
        .delete();
    }
}

async fn own_record(app: &Account) -> String {
    app.records().await.into_iter().find(|r| r.relation == Relation::Own).unwrap().record_id
}

/// The GP opens An's record through the staff command, as the end-to-end test does.
async fn gp_opens(server: &TestServer) -> String {
    let key = care_staff::run(
        &server.state,
        CareAction::IssueProviderKey { nihdi: DEMO_GP_NIHDI.into() },
    )
    .await
    .unwrap();
    care_staff::provider_open_action(CareAction::ProviderOpen {
        url: server.url(),
        key,
        ead_number: AN_EAD.into(),
        report: None,
        break_the_glass: None,
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn an_objects_to_her_gp_who_is_refused_at_once_and_the_log_says_so() {
    let server = start_server().await;
    let data = tempfile::tempdir().unwrap();
    let Some(app) = registered_an(&server, data.path()).await else { return };
    let record = own_record(&app).await;

    let overview = app.access_overview(&record).await.unwrap();
    assert!(overview.may_change);
    assert!(!overview.care_teams.is_empty(), "care teams at the demo hospitals");
    let gp = overview.general_practitioner.as_ref().expect("her GP");
    assert_eq!(gp.provider.name, "Dr. Luc Wouters");
    assert!(!gp.objected);
    assert!(!overview.referrers.is_empty());
    assert!(overview.ehealth_consent.given);
    let sources: Vec<_> = overview.exclusions.iter().map(|e| e.source).collect();
    assert!(
        sources.contains(&ExclusionSource::Hospital) && sources.contains(&ExclusionSource::Ehealth)
    );

    // The demo's two years of log come down in pages and are held sealed.
    let first = app.sync_access_log(&record).await.unwrap();
    assert!(first >= 100, "some hundreds of entries: {first}");
    let all = app.access_log(&record, &AccessLogQuery::default()).await.unwrap();
    assert_eq!(all.total, first);
    assert!(all.entries.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    let glass = AccessLogQuery { kinds: vec![AccessKind::BreakTheGlass], ..Default::default() };
    let glass = app.access_log(&record, &glass).await.unwrap();
    assert!(glass.entries.iter().any(|e| matches!(
        &e.event,
        AccessEvent::Opened { justification: Some(why), .. } if !why.is_empty()
    )));

    assert_eq!(gp_opens(&server).await.split(':').next(), Some("allowed"));
    let objected = app.object_to_gp(&record).await.unwrap();
    assert!(objected.general_practitioner.as_ref().unwrap().objected);
    let answer = gp_opens(&server).await;
    assert!(answer.starts_with("refused"), "{answer}");

    // Only what is new comes down: the GP's opening, the change, the refusal.
    assert_eq!(app.sync_access_log(&record).await.unwrap(), 3);
    let newest = app.access_log(&record, &AccessLogQuery::default()).await.unwrap();
    assert_eq!(newest.total, first + 3);
    assert!(matches!(
        &newest.entries[0].event,
        AccessEvent::Refused { reason: AccessRefusal::GpObjected, .. }
    ));
    assert!(
        matches!(&newest.entries[0].who, Accessor::CareProvider { name, .. } if name == "Dr. Luc Wouters")
    );
    assert!(matches!(
        &newest.entries[1].event,
        AccessEvent::Changed { change: AccessChange::GpObjected { .. } }
    ));
    let today = dossier_core::clock::brussels_date(dossier_core::clock::unix_now());
    let refused_today = AccessLogQuery {
        from: Some(today),
        to: Some(today),
        kinds: vec![AccessKind::Refused],
        limit: None,
    };
    assert_eq!(app.access_log(&record, &refused_today).await.unwrap().matching, 1);
    assert_eq!(app.sync_access_log(&record).await.unwrap(), 0, "nothing new");

    let allowed = app.allow_gp_again(&record).await.unwrap();
    assert!(!allowed.general_practitioner.unwrap().objected);
    assert_eq!(gp_opens(&server).await.split(':').next(), Some("allowed"));
    app.lock().await;
    forget_device(&server);
}

#[tokio::test]
async fn a_withdrawn_referrer_and_a_stopped_hospital_exclusion_but_not_an_ehealth_one() {
    let server = start_server().await;
    let data = tempfile::tempdir().unwrap();
    let Some(app) = registered_an(&server, data.path()).await else { return };
    let record = own_record(&app).await;
    let overview = app.access_overview(&record).await.unwrap();

    let referrer = overview.referrers[0].provider.id.clone();
    let after = app.withdraw_referrer(&record, &referrer).await.unwrap();
    assert!(!after.referrers.iter().any(|r| r.provider.id == referrer));

    let ehealth =
        overview.exclusions.iter().find(|e| e.source == ExclusionSource::Ehealth).unwrap();
    assert!(!ehealth.stoppable);
    let refused = app.stop_exclusion(&record, &ehealth.id).await;
    assert!(matches!(refused, Err(CoreError::ManagedOnEhealth)), "{refused:?}");

    let hospital =
        overview.exclusions.iter().find(|e| e.source == ExclusionSource::Hospital).unwrap();
    assert!(hospital.stoppable);
    let after = app.stop_exclusion(&record, &hospital.id).await.unwrap();
    assert!(!after.exclusions.iter().any(|e| e.id == hospital.id));
    assert!(after.exclusions.iter().any(|e| e.id == ehealth.id), "the eHealth one stays");

    app.sync_access_log(&record).await.unwrap();
    let changes = AccessLogQuery { kinds: vec![AccessKind::Change], ..Default::default() };
    let changes = app.access_log(&record, &changes).await.unwrap();
    let kinds: Vec<_> = changes
        .entries
        .iter()
        .filter_map(|e| match &e.event {
            AccessEvent::Changed { change } => Some(change.clone()),
            _ => None,
        })
        .collect();
    assert!(matches!(kinds[0], AccessChange::ExclusionStopped { .. }), "{kinds:?}");
    assert!(matches!(kinds[1], AccessChange::ReferrerConsentWithdrawn { .. }), "{kinds:?}");
    app.lock().await;
    forget_device(&server);
}

#[tokio::test]
async fn the_log_reads_without_a_connection_and_a_trusted_person_sees_no_access() {
    let mut server = start_server().await;
    let data = tempfile::tempdir().unwrap();
    let Some(app) = registered_an(&server, data.path()).await else { return };
    let record = own_record(&app).await;
    // The periodic sync: every log she may read, hers, not Jan's.
    let changed = app.sync_access_logs().await.unwrap();
    assert!(changed.contains(&record), "{changed:?}");
    let synced = app.access_log(&record, &AccessLogQuery::default()).await.unwrap().total;
    assert!(synced > 0);
    assert_eq!(app.sync_access_logs().await.unwrap(), Vec::<String>::new(), "nothing new");

    // An is Jan's trusted person: "Access" of his record is not hers, nor who else holds
    // a link to it.
    let jan = app
        .records()
        .await
        .into_iter()
        .find(|r| r.relation == Relation::TrustedPerson)
        .expect("An is Jan's trusted person");
    assert!(!changed.contains(&jan.record_id));
    let refused = app.access_overview(&jan.record_id).await;
    assert!(matches!(refused, Err(CoreError::NotAllowedToChange)), "{refused:?}");
    let links = app.record_links(&jan.record_id).await;
    assert!(matches!(links, Err(CoreError::NotAllowedToChange)), "{links:?}");

    // No server: after a restart the PIN opens the cache, and the log is all there.
    server.stop().await;
    app.lock().await;
    let keychain = keychain().unwrap();
    let restarted = device_account(&keychain, &server.url(), data.path());
    assert_eq!(restarted.unlock(PIN).await.unwrap(), Unlocked::Offline);
    let offline = restarted.access_log(&record, &AccessLogQuery::default()).await.unwrap();
    assert_eq!(offline.total, synced);
    assert!(offline.last_synced.is_some());
    let synced_again = restarted.sync_access_log(&record).await;
    assert!(synced_again.as_ref().is_err_and(CoreError::is_offline), "{synced_again:?}");
    let file = std::fs::read(data.path().join("cache").join("reports.sqlite3")).unwrap();
    assert!(!file.windows(7).any(|w| w == b"Wouters"), "the log is sealed on disk");
    restarted.lock().await;
    forget_device(&server);
}
