//! The connection state against a real dossier-server on loopback.

use std::time::Duration;

use dossier_api::{ConnectionState, OfflineReason};
use dossier_core::{ConnectionMonitor, DossierClient, ServerUrl};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

use dossier_test_kit::start_server;

fn monitor_for(url: &str) -> ConnectionMonitor {
    ConnectionMonitor::new(DossierClient::new(ServerUrl::parse(url).unwrap()).unwrap())
}

#[tokio::test]
async fn connected_to_a_running_server_with_its_version() {
    let server = start_server().await;
    let monitor = monitor_for(&server.url());
    assert_eq!(monitor.current().state, ConnectionState::Checking);
    let view = monitor.check().await;
    assert_eq!(
        view.state,
        ConnectionState::Connected { server_version: env!("CARGO_PKG_VERSION").into() }
    );
    assert_eq!(view.server, server.url());
    assert_eq!(monitor.current(), view);
}

#[tokio::test]
async fn offline_when_the_server_stops_and_connected_again_when_it_returns() {
    let mut server = start_server().await;
    let monitor = monitor_for(&server.url());
    let mut changes = monitor.subscribe();
    monitor.check().await;
    assert!(changes.has_changed().unwrap());
    assert!(matches!(*changes.borrow_and_update(), ConnectionState::Connected { .. }));

    server.stop().await;
    let view = monitor.check().await;
    assert_eq!(view.state, ConnectionState::Offline { reason: OfflineReason::Unreachable });
    assert!(changes.has_changed().unwrap());
    changes.borrow_and_update();

    // A second failed check is no change: listeners are not woken for nothing.
    monitor.check().await;
    assert!(!changes.has_changed().unwrap());

    server.restart().await;
    assert!(matches!(monitor.check().await.state, ConnectionState::Connected { .. }));
}

#[tokio::test]
async fn a_server_without_its_database_is_a_server_error() {
    let server = start_server().await;
    server.state.db.close().await;
    let view = monitor_for(&server.url()).check().await;
    assert_eq!(view.state, ConnectionState::Offline { reason: OfflineReason::ServerError });
}

#[tokio::test]
async fn something_else_on_the_port_is_not_taken_for_dossier() {
    // Some other web service answers 200 with a page: the app must not call it connected.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            // Read the request head first: closing with unread bytes would reset the
            // connection instead of delivering the answer.
            let mut head = Vec::new();
            let mut byte = [0_u8; 1];
            while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap() == 1 {
                head.push(byte[0]);
            }
            let body = "<html>It works!</html>";
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    let view = monitor_for(&url).check().await;
    assert_eq!(view.state, ConnectionState::Offline { reason: OfflineReason::NotDossier });
}

#[tokio::test]
async fn the_watch_loop_publishes_the_first_state_at_once() {
    let server = start_server().await;
    let monitor = std::sync::Arc::new(monitor_for(&server.url()));
    let mut changes = monitor.subscribe();
    let watcher = monitor.clone();
    let task = tokio::spawn(async move { watcher.watch(Duration::from_secs(3600)).await });
    tokio::time::timeout(Duration::from_secs(10), changes.changed()).await.unwrap().unwrap();
    assert!(matches!(*changes.borrow(), ConnectionState::Connected { .. }));
    task.abort();
}
