//! The app's device side in tests: the real OS keychain, and an account as installed with a
//! device.

#![allow(clippy::print_stderr)] // A test that skips says why.

use std::{path::Path, sync::Arc};

use dossier_core::{Account, BuildKind, DossierClient, OsKeychain, SecretStore, ServerUrl};

/// The real OS keychain (Secret Service), or None to skip when there is no D-Bus session
/// (scripts/test requires one: `DOSSIER_TEST_REQUIRE_KEYCHAIN`).
pub fn os_keychain(kind: BuildKind) -> Option<OsKeychain> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("DOSSIER_TEST_REQUIRE_KEYCHAIN").is_none(),
            "no D-Bus session: run the tests through scripts/with-keyring"
        );
        eprintln!("skipped: no D-Bus session (run through scripts/with-keyring)");
        return None;
    }
    Some(OsKeychain::open(kind).expect("the Secret Service is not available"))
}

/// [`os_keychain`] for test builds, as the core takes it.
pub fn keychain() -> Option<Arc<dyn SecretStore>> {
    Some(Arc::new(os_keychain(BuildKind::Test)?))
}

/// The app as installed with a device: keys in `keychain`, data in `data_dir`, Argon2 at
/// test cost.
pub fn device_account(keychain: &Arc<dyn SecretStore>, url: &str, data_dir: &Path) -> Account {
    let server = ServerUrl::parse(url).unwrap();
    Account::with_device(
        DossierClient::new(server.clone()).unwrap(),
        dossier_core::DeviceSupport {
            vault: dossier_core::device::DeviceVault::new(keychain.clone(), &server),
            kdf: dossier_core::device::KdfParams::FAST_FOR_TESTS,
            data_dir: data_dir.to_path_buf(),
        },
    )
}

/// A demo patient's device as after the first start: logged in with their card, registered
/// with `pin`, reports synced; with the id of the patient's own record.
pub async fn synced_demo_device(
    keychain: &Arc<dyn SecretStore>,
    summary: &dossier_server::demo::DemoSummary,
    url: &str,
    data_dir: &Path,
    user_name: &str,
    pin: &str,
) -> (Account, String) {
    let app = device_account(keychain, url, data_dir);
    crate::demo_card(summary, user_name).log_in(&app).await;
    app.register_device("laptop", pin).await.unwrap();
    app.sync_reports(|_| {}).await.unwrap();
    let own = app
        .records()
        .await
        .into_iter()
        .find(|r| r.relation == dossier_api::reports::Relation::Own)
        .unwrap()
        .record_id;
    (app, own)
}
