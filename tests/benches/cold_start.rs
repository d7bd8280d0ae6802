//! Cold start of the real app to a PIN field one can type in: the app quits and starts
//! again ten times on a registered device (server, Xvfb, tauri-driver and WebKitWebDriver
//! as in the end-to-end tests); prints each time, the median and the spread. Run under
//! `scripts/with-keyring` after `scripts/build-ui` and `cargo build -p dossier-app`.

#![allow(clippy::print_stdout)] // A bench binary prints its figures.

use std::time::Duration;

use dossier_e2e::E2e;

const PIN: &str = "284719";
const RUNS: usize = 10;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let mut e2e = E2e::start("cold-start").await?;
    let wait = Duration::from_secs(40);
    e2e.wait_for("[data-state=connected]", wait).await?;
    e2e.register_device("an.peeters", PIN, wait).await?;
    // One start to warm the disk cache, not counted: a phone's "cold start" is a process
    // start, not a first read of the binary from flash.
    e2e.restart_app_timed("#pin").await?;
    let mut times = Vec::with_capacity(RUNS);
    let mut sessions = Vec::with_capacity(RUNS);
    for run in 1..=RUNS {
        let (session, took) = e2e.restart_app_timed("#pin").await?;
        println!(
            "start {run:2}: {:6.0} ms (WebDriver session with the window: {:4.0} ms)",
            took.as_secs_f64() * 1000.0,
            session.as_secs_f64() * 1000.0
        );
        times.push(took);
        sessions.push(session);
    }
    sessions.sort();
    // Where the page's part of the time goes, as WebKit's performance timeline tells it.
    let timeline = e2e
        .client
        .execute(
            "const nav = performance.getEntriesByType('navigation')[0] || {};
             const res = performance.getEntriesByType('resource')
                 .map(r => r.name.split('/').pop() + ' ' + Math.round(r.startTime) + '+' + Math.round(r.duration));
             return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd || 0),
                      load: Math.round(nav.loadEventEnd || 0), resources: res,
                      now: Math.round(performance.now()) };",
            vec![],
        )
        .await?;
    println!("page timeline of the last start (ms from navigation): {timeline}");
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = (ms(times[RUNS / 2 - 1]) + ms(times[RUNS / 2])) / 2.0;
    println!(
        "cold start to a typeable PIN field: median {median:.0} ms (min {:.0}, max {:.0}) over {RUNS} starts; target 800 ms",
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    println!(
        "of which the WebDriver session (process start, window, WebKit): median {:.0} ms",
        (ms(sessions[RUNS / 2 - 1]) + ms(sessions[RUNS / 2])) / 2.0
    );
    e2e.finish().await
}
