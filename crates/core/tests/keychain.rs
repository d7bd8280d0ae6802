//! The OS keychain through keyring-core, on the real Secret Service. Run through
//! `scripts/with-keyring` (scripts/test does), which starts an unlocked gnome-keyring on a
//! throwaway D-Bus session.

#![allow(clippy::print_stderr)] // Tests say why they skip.

use dossier_core::{BuildKind, SecretStore};
use dossier_test_kit::os_keychain as keychain;

fn unique(name: &str) -> String {
    format!("{name}-{}", std::process::id())
}

#[test]
fn stores_reads_replaces_and_deletes_a_secret() {
    let Some(keychain) = keychain(BuildKind::Test) else {
        return;
    };
    let name = unique("roundtrip");
    assert_eq!(keychain.get(&name).unwrap(), None);

    let secret = [0_u8, 1, 2, 254, 255, 42, 0];
    keychain.put(&name, &secret).unwrap();
    assert_eq!(keychain.get(&name).unwrap().as_deref(), Some(&secret[..]));

    keychain.put(&name, b"replaced").unwrap();
    assert_eq!(keychain.get(&name).unwrap().as_deref(), Some(&b"replaced"[..]));

    keychain.delete(&name).unwrap();
    assert_eq!(keychain.get(&name).unwrap(), None);
    // Deleting what is gone is fine: unregistering must be repeatable.
    keychain.delete(&name).unwrap();
}

#[test]
fn build_kinds_do_not_see_each_other() {
    let (Some(test), Some(development)) =
        (keychain(BuildKind::Test), keychain(BuildKind::Development))
    else {
        return;
    };
    let name = unique("namespaced");
    test.put(&name, b"test build secret").unwrap();
    assert_eq!(development.get(&name).unwrap(), None);
    development.delete(&name).unwrap();
    assert_eq!(test.get(&name).unwrap().as_deref(), Some(&b"test build secret"[..]));
    test.delete(&name).unwrap();
}
