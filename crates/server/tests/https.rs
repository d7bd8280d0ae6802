//! HTTPS on the server itself: the API over TLS with a certificate from PEM files, a
//! renewed certificate taken over on reload (SIGHUP for the binary) without a restart, a
//! broken renewal refused while the old certificate stays, and the headers every answer
//! carries.

mod common;

use std::path::Path;

use common::process::{ServerProcess, free_port, server_command};

use dossier_server::tls::{ServerCertificate, TlsError, TlsFiles, TlsListener};
use dossier_test_kit::start_server;

/// A self-signed certificate for `localhost`: (certificate PEM, key PEM, certificate DER).
fn self_signed() -> (String, String, Vec<u8>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let der = certified.cert.der().to_vec();
    (certified.cert.pem(), certified.signing_key.serialize_pem(), der)
}

fn write_pair(dir: &Path, (certificate, key, _): &(String, String, Vec<u8>)) -> TlsFiles {
    let files = TlsFiles { certificate: dir.join("cert.pem"), key: dir.join("key.pem") };
    std::fs::write(&files.certificate, certificate).unwrap();
    std::fs::write(&files.key, key).unwrap();
    files
}

/// A client that trusts exactly `trusted` (the certificates' PEM) and reports the peer's
/// certificate.
fn client(trusted: &[&str]) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certificates =
        trusted.iter().map(|pem| reqwest::Certificate::from_pem(pem.as_bytes()).unwrap());
    reqwest::Client::builder().tls_certs_only(certificates).tls_info(true).build().unwrap()
}

/// The certificate (DER) the server at `url` presents on a new connection, and the answer.
async fn presented(trusted: &[&str], url: &str) -> (Vec<u8>, reqwest::Response) {
    let response = client(trusted).get(url).send().await.unwrap();
    let info = response.extensions().get::<reqwest::tls::TlsInfo>().unwrap();
    (info.peer_certificate().unwrap().to_vec(), response)
}

#[tokio::test]
async fn the_api_answers_over_https_and_a_renewed_certificate_takes_over_on_reload() {
    let server = start_server().await;
    let dir = tempfile::tempdir().unwrap();
    let (first, renewed) = (self_signed(), self_signed());
    let files = write_pair(dir.path(), &first);
    let certificate = ServerCertificate::load(files.clone()).unwrap();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = tcp.local_addr().unwrap().port();
    let listener = TlsListener::new(tcp, certificate.server_config().unwrap()).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(dossier_server::serve(listener, server.state.clone(), async {
        let _ = stopped.await;
    }));
    let url = format!("https://localhost:{port}/api/v1/health");
    let trusted = [first.0.as_str(), renewed.0.as_str()];

    let (der, response) = presented(&trusted, &url).await;
    assert_eq!(der, first.2, "the certificate from the files");
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["strict-transport-security"], "max-age=63072000");
    assert_eq!(headers["cache-control"], "no-store", "an API answer is never cached");
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // Plain HTTP on the HTTPS port gets nothing.
    let plain = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/health")).await;
    assert!(plain.is_err() || plain.unwrap().status() != 200);

    // A renewal: the files change, the reload reads them, new connections get the new one.
    write_pair(dir.path(), &renewed);
    certificate.reload().unwrap();
    let (der, response) = presented(&trusted, &url).await;
    assert_eq!(der, renewed.2, "the renewed certificate");
    assert_eq!(response.status(), 200);

    // A broken renewal (a key that is not the certificate's, then a truncated file) is
    // refused with the file named, and the certificate in use stays.
    std::fs::write(&files.key, self_signed().1).unwrap();
    let Err(TlsError::Key { path, .. }) = certificate.reload() else {
        panic!("a key that does not match is refused")
    };
    assert_eq!(path, files.key);
    std::fs::write(&files.certificate, "-----BEGIN CERTIFICATE-----\nAAAA").unwrap();
    assert!(matches!(certificate.reload(), Err(TlsError::Certificate { .. })));
    let (der, _) = presented(&trusted, &url).await;
    assert_eq!(der, renewed.2, "still the renewed certificate");

    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

#[tokio::test]
async fn the_server_takes_a_renewed_certificate_on_sighup_and_stops_cleanly_on_sigterm() {
    let (data, certs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, renewed) = (self_signed(), self_signed());
    let files = write_pair(certs.path(), &first);
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let (cert, key) = (files.certificate.to_str().unwrap(), files.key.to_str().unwrap());
    let mut server = ServerProcess::start(
        &[("DOSSIER_DATA_DIR", data.path().to_str().unwrap())],
        &["--bind", &bind, "--tls-cert", cert, "--tls-key", key],
    );
    server.wait_for("dossier-server listening (HTTPS)");
    let url = format!("https://localhost:{port}/api/v1/health");
    let trusted = [first.0.as_str(), renewed.0.as_str()];
    assert_eq!(presented(&trusted, &url).await.0, first.2);

    write_pair(certs.path(), &renewed);
    server.signal("-HUP");
    server.wait_for("TLS certificate reloaded");
    assert_eq!(presented(&trusted, &url).await.0, renewed.2, "renewed without a restart");

    // A broken file on the next SIGHUP: said, and the server goes on with the one it has.
    std::fs::write(&files.key, "not a key").unwrap();
    server.signal("-HUP");
    server.wait_for("TLS certificate not reloaded");
    assert_eq!(presented(&trusted, &url).await.0, renewed.2);

    server.signal("-TERM");
    server.wait_for("dossier-server stopped");
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn the_server_does_not_start_with_a_key_that_is_not_the_certificates() {
    let (data, certs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let files = write_pair(certs.path(), &self_signed());
    std::fs::write(&files.key, self_signed().1).unwrap();
    let output = server_command()
        .args(["serve", "--bind", "127.0.0.1:0", "--tls-cert"])
        .arg(&files.certificate)
        .arg("--tls-key")
        .arg(&files.key)
        .env("DOSSIER_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("TLS private key") && said.contains("key.pem"), "{said}");

    // One without the other is refused before anything starts.
    let output = server_command()
        .args(["serve", "--bind", "127.0.0.1:0", "--tls-cert"])
        .arg(&files.certificate)
        .env("DOSSIER_DATA_DIR", data.path())
        .env_remove("DOSSIER_TLS_KEY")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--tls-key"));
}
