//! Clients that stop mid-request or trickle their bytes: each is cut off in bounded time,
//! and the others are served meanwhile.

use std::time::{Duration, Instant};

use dossier_server::app::HEADER_READ_TIMEOUT;
use dossier_test_kit::start_server;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// A plain HTTP GET of the server's health, on a connection of its own.
async fn health(server: &dossier_test_kit::TestServer) -> reqwest::StatusCode {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::get(format!("{}/api/v1/health", server.url())).await.unwrap().status()
}

/// Reads until the server closes the connection (or errs); returns what it sent.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    answer
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off_and_others_are_served_meanwhile() {
    let server = start_server().await;
    let addr = server.url().trim_start_matches("http://").to_owned();
    let started = Instant::now();

    // Headers that never end: a line every second.
    let mut trickling = TcpStream::connect(&addr).await.unwrap();
    trickling.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let drip = tokio::spawn(async move {
        for n in 0.. {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if trickling.write_all(format!("X-Slow-{n}: y\r\n").as_bytes()).await.is_err() {
                break;
            }
        }
        trickling
    });
    // A client that opens a connection and says nothing.
    let mut silent = TcpStream::connect(&addr).await.unwrap();

    // Meanwhile everyone else is served.
    for _ in 0..3 {
        assert_eq!(health(&server).await, 200);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }

    let bounded = HEADER_READ_TIMEOUT + Duration::from_secs(5);
    let answer = tokio::time::timeout(bounded, until_closed(&mut silent)).await;
    assert!(answer.is_ok(), "the silent connection is closed");
    let mut trickling = tokio::time::timeout(bounded, drip).await.unwrap().unwrap();
    let answer = tokio::time::timeout(bounded, until_closed(&mut trickling)).await.unwrap();
    assert!(!answer.starts_with(b"HTTP/1.1 200"), "no answer to headers that never ended");
    let took = started.elapsed();
    assert!(took >= HEADER_READ_TIMEOUT, "cut off by the header timeout, not before: {took:?}");
}

#[tokio::test]
async fn a_client_that_stops_mid_body_is_let_go_and_nothing_is_stored() {
    let server = start_server().await;
    let addr = server.url().trim_start_matches("http://").to_owned();
    // A login start that promises a body and sends half of it, then hangs up.
    let mut stream = TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/login/start HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 40\r\n\r\n{\"user_name\":",
        )
        .await
        .unwrap();
    drop(stream);
    // The server goes on answering, and no login was started.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(health(&server).await, 200);
    let (challenges,): (i64,) = sqlx::query_as("SELECT count(*) FROM login_challenges")
        .fetch_one(server.state.db.pool())
        .await
        .unwrap();
    assert_eq!(challenges, 0);
}
