//! TCP relays in front of a test server: one that keeps every byte each way (what the app
//! really sends and receives), and one that shapes the link like a home connection.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{
        TcpListener, TcpStream,
        tcp::{OwnedReadHalf, OwnedWriteHalf},
    },
    sync::mpsc,
    time::Instant,
};

/// A plain TCP relay in front of the server that keeps every byte each way: what the app
/// really sends and receives.
pub struct Capture {
    pub url: String,
    sent: Arc<Mutex<Vec<u8>>>,
    received: Arc<Mutex<Vec<u8>>>,
}

impl Capture {
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let sent = Arc::new(Mutex::new(Vec::new()));
        let received = Arc::new(Mutex::new(Vec::new()));
        let (to_server, to_app) = (sent.clone(), received.clone());
        tokio::spawn(async move {
            while let Ok((app, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(upstream).await else { continue };
                let (app_read, app_write) = app.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::spawn(copy_keeping(app_read, server_write, to_server.clone()));
                tokio::spawn(copy_keeping(server_read, app_write, to_app.clone()));
            }
        });
        Self { url, sent, received }
    }

    /// Everything the app sent, as text.
    pub fn sent(&self) -> String {
        String::from_utf8_lossy(&self.sent.lock().unwrap()).into_owned()
    }

    /// The request lines the app sent so far ("GET /api/v1/... HTTP/1.1").
    pub fn requests(&self) -> Vec<String> {
        self.sent().lines().filter(|line| line.ends_with(" HTTP/1.1")).map(String::from).collect()
    }

    /// Everything the server answered, as text.
    pub fn received(&self) -> String {
        String::from_utf8_lossy(&self.received.lock().unwrap()).into_owned()
    }

    /// The JSON body of the last request to a path ending with `suffix`.
    pub fn last_body(&self, suffix: &str) -> Option<serde_json::Value> {
        let sent = self.sent();
        let start = sent.rfind(&format!("{suffix} HTTP/1.1"))?;
        let rest = &sent[start..];
        let body = rest.split_once("\r\n\r\n")?.1;
        let end = ["POST /", "GET /", "PUT /", "DELETE /"]
            .iter()
            .filter_map(|method| body.find(method))
            .min()
            .unwrap_or(body.len());
        serde_json::from_str(body[..end].trim()).ok()
    }
}

/// Copies bytes from `from` to `to` until either side closes, keeping a copy in `log`.
async fn copy_keeping(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, log: Arc<Mutex<Vec<u8>>>) {
    let mut buffer = [0_u8; 8192];
    while let Ok(n) = from.read(&mut buffer).await {
        if n == 0 || to.write_all(&buffer[..n]).await.is_err() {
            break;
        }
        log.lock().unwrap().extend_from_slice(&buffer[..n]);
    }
}

/// What a link between the app and the server is like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// Time for a byte to go there and back, without waiting in the queue.
    pub round_trip: Duration,
    /// What the link carries each way, in bits per second.
    pub bits_per_second: u64,
}

impl Link {
    /// A home connection as the issue describes it: 30 ms round trip, 50 Mbit/s.
    pub const HOME: Self =
        Self { round_trip: Duration::from_millis(30), bits_per_second: 50_000_000 };

    /// Time to put `bytes` on the wire.
    fn serialization(&self, bytes: usize) -> Duration {
        Duration::from_secs_f64(bytes as f64 * 8.0 / self.bits_per_second as f64)
    }
}

/// A TCP relay that shapes each direction like [`Link`]: bytes leave one after the other
/// at the link's rate (a queue in front of it, as a home router has) and arrive half a
/// round trip later. TCP's own behaviour (slow start, windows) stays the endpoints': this
/// is the link under them, as `tc netem` would make it, without root.
pub struct ShapedRelay {
    pub url: String,
    pub link: Link,
}

impl ShapedRelay {
    pub async fn start(upstream: SocketAddr, link: Link) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((app, _)) = listener.accept().await {
                let _ = app.set_nodelay(true);
                let Ok(server) = TcpStream::connect(upstream).await else { continue };
                let _ = server.set_nodelay(true);
                let (app_read, app_write) = app.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::spawn(copy_shaped(app_read, server_write, link));
                tokio::spawn(copy_shaped(server_read, app_write, link));
            }
        });
        Self { url, link }
    }
}

/// One direction of a [`ShapedRelay`]: a reader stamps each chunk with the time it leaves
/// the link's queue plus the one-way delay; a writer delivers it then. The times only grow,
/// so delivery in order is delivery on time.
async fn copy_shaped(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, link: Link) {
    // Chunks of at most 16 KB: 2.6 ms on the wire at 50 Mbit/s, finer than the delay.
    const CHUNK: usize = 16 * 1024;
    let one_way = link.round_trip / 2;
    let (queue, mut delivered) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let writer = tokio::spawn(async move {
        while let Some((at, bytes)) = delivered.recv().await {
            tokio::time::sleep_until(at).await;
            if to.write_all(&bytes).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    });
    let mut link_free_at = Instant::now();
    let mut buffer = vec![0_u8; CHUNK];
    while let Ok(n) = from.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        let now = Instant::now();
        link_free_at = link_free_at.max(now) + link.serialization(n);
        if queue.send((link_free_at + one_way, buffer[..n].to_vec())).is_err() {
            break;
        }
    }
    drop(queue);
    let _ = writer.await;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that answers each connection's first byte with `size` bytes.
    async fn sender(size: usize) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut one = [0_u8; 1];
                    if socket.read_exact(&mut one).await.is_ok() {
                        let _ = socket.write_all(&vec![7_u8; size]).await;
                    }
                });
            }
        });
        addr
    }

    async fn fetch(url: &str, size: usize) -> Duration {
        let addr = url.trim_start_matches("http://");
        let mut socket = TcpStream::connect(addr).await.unwrap();
        let started = Instant::now();
        socket.write_all(b"?").await.unwrap();
        let mut got = vec![0_u8; size];
        socket.read_exact(&mut got).await.unwrap();
        assert!(got.iter().all(|&b| b == 7), "the bytes arrive unchanged");
        started.elapsed()
    }

    #[tokio::test]
    async fn the_shaped_link_adds_the_round_trip_and_limits_the_rate() {
        // 1 byte there, 1 MB back at 50 Mbit/s: 30 ms + 160 ms at least.
        let size = 1_000_000;
        let relay = ShapedRelay::start(sender(size).await, Link::HOME).await;
        let took = fetch(&relay.url, size).await;
        let least = Link::HOME.round_trip + Link::HOME.serialization(size);
        assert!(took >= least, "took {took:?}, the link allows no less than {least:?}");

        // A tiny answer takes about one round trip.
        let relay = ShapedRelay::start(sender(10).await, Link::HOME).await;
        let took = fetch(&relay.url, 10).await;
        assert!(took >= Link::HOME.round_trip, "took {took:?}");
    }

    #[tokio::test]
    async fn the_capture_keeps_what_went_each_way() {
        let capture = Capture::start(sender(3).await).await;
        fetch(&capture.url, 3).await;
        // The copy is kept after the bytes are passed on.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(capture.sent(), "?");
        assert_eq!(capture.received(), "\u{7}\u{7}\u{7}");
    }
}
