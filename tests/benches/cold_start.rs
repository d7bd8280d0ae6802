//! Cold start of the real app to a PIN field one can type in, on a registered device
//! (server and Xvfb as in the end-to-end tests), ten starts each way:
//! - as a person starts it (the figure): the process is started directly and the time runs
//!   until the UI tells the shell its first screen has the focus in its field (the shell
//!   logs "first screen ready"), read from the app's log;
//! - through WebDriver (a second line): tauri-driver and WebKitWebDriver start the app and
//!   the harness polls for the focused field, which adds the session's own cost.
//!
//! Prints each start, the medians and the spread. Run under `scripts/with-keyring` after
//! `scripts/build-ui` and a build of the app; `DOSSIER_APP_BINARY` picks the binary (the
//! figure is for the release build, what patients run: `scripts/figures` does it).

#![allow(clippy::print_stdout)] // A bench binary prints its figures.

use std::{
    io::{BufRead, BufReader},
    time::{Duration, Instant},
};

use dossier_e2e::E2e;

const PIN: &str = "284719";
const RUNS: usize = 10;
/// The shell's log lines that mark a stage of the start (from process start).
const STAGES: [&str; 5] =
    ["starting Dossier", "setup: start", "setup: core ready", "page load", "first screen ready"];

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
    let median = median_ms(&times);
    println!(
        "through WebDriver: median {median:.0} ms (min {:.0}, max {:.0}) over {RUNS} starts",
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    println!(
        "of which the WebDriver session (process start, window, WebKit): median {:.0} ms",
        median_ms(&sessions)
    );

    e2e.quit_app().await?;
    let mut direct = Vec::with_capacity(RUNS);
    // Again one start to warm the disk cache, not counted.
    for run in 0..=RUNS {
        let (took, inside) = start_directly(&e2e)?;
        if run > 0 {
            println!(
                "direct start {run:2}: {:6.0} ms (from the shell's first line: {inside} ms)",
                ms(took)
            );
            direct.push(took);
        }
    }
    direct.sort();
    let median = median_ms(&direct);
    println!(
        "cold start to a typeable PIN field: median {median:.0} ms (min {:.0}, max {:.0}) over {RUNS} starts; target 800 ms",
        ms(direct[0]),
        ms(direct[RUNS - 1])
    );
    e2e.finish().await
}

/// Starts the app without WebDriver and times it until its log says the first screen is
/// ready; then quits it. Also returns the time the shell itself measured from its start.
fn start_directly(e2e: &E2e) -> anyhow::Result<(Duration, String)> {
    let started = Instant::now();
    let mut app = e2e.launch_app_directly()?;
    let log = app.stderr.take().ok_or_else(|| anyhow::anyhow!("no app log"))?;
    // The log is read on its own thread so a start that never gets there times out.
    let (ready, told) = std::sync::mpsc::channel();
    let (stages, stages_seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut before = Vec::new();
        for line in BufReader::new(log).lines().map_while(Result::ok) {
            // Where the time goes (with DOSSIER_BENCH_LOG=debug the shell logs its stages).
            if let Some(stage) = STAGES.iter().find(|stage| line.contains(*stage)) {
                let detail = line.split(stage).nth(1).unwrap_or("").trim().to_owned();
                let _ = stages
                    .send(format!("{:5} ms  {stage} {detail}", started.elapsed().as_millis()));
            }
            if line.contains("first screen ready") {
                let _ = ready.send((Instant::now(), line));
                return;
            }
            before.push(line);
        }
        // The app ended without its first screen: what it said, for the error.
        let _ = ready.send((Instant::now(), before.join("\n")));
    });
    let answer = told.recv_timeout(Duration::from_secs(30));
    let _ = app.kill();
    let _ = app.wait();
    std::thread::sleep(Duration::from_millis(500));
    let (at, line) = answer.map_err(|_| anyhow::anyhow!("no first screen within 30 s"))?;
    if std::env::var_os("DOSSIER_BENCH_LOG").is_some() {
        for stage in stages_seen.try_iter() {
            println!("    {stage}");
        }
    }
    anyhow::ensure!(line.contains("first screen ready"), "the app ended: {line}");
    anyhow::ensure!(line.contains("screen=Pin"), "not the PIN screen: {line}");
    let inside = line
        .split("after_ms=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or("?")
        .to_owned();
    Ok((at - started, inside))
}

/// The median of sorted durations (an even count: the mean of the middle two), in ms.
fn median_ms(sorted: &[Duration]) -> f64 {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let middle = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (ms(sorted[middle - 1]) + ms(sorted[middle])) / 2.0
    } else {
        ms(sorted[middle])
    }
}
