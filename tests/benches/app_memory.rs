//! The whole app's memory with a large record open (issue 15): the shell process and the
//! WebKit processes it starts, as the operating system counts them, on a registered device
//! before and after a record of 10,000 reports is synced and shown. Server and Xvfb as in
//! the end-to-end tests.
//!
//! Prints, per process and in all: RSS (resident pages, shared libraries counted in every
//! process that maps them) and PSS (each shared page divided among the processes sharing
//! it: the sum is what the app really costs the machine). Run under `scripts/with-keyring`
//! after `scripts/build-ui` and a build of the app; `DOSSIER_APP_BINARY` picks the binary
//! (the figure is for the release build: `scripts/figures` does it).

#![allow(clippy::print_stdout)] // A bench binary prints its figures.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use dossier_e2e::E2e;
use dossier_server::reports::{IncomingReport, IncomingStatus};

const PIN: &str = "284719";
const REPORTS: usize = 10_000;

/// The app's processes, by the kernel's (15-character) command names.
const PROCESSES: [&str; 3] = ["dossier-app", "WebKitWebProces", "WebKitNetworkPr"];

/// (pid, name, RSS KiB, PSS KiB) of every running process of the app.
fn app_memory() -> anyhow::Result<Vec<(u32, String, u64, u64)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry.file_name().to_str().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(comm) = std::fs::read_to_string(entry.path().join("comm")) else { continue };
        let name = comm.trim();
        if !PROCESSES.contains(&name) {
            continue;
        }
        let field = |text: &str, key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(key))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let rollup = std::fs::read_to_string(entry.path().join("smaps_rollup")).unwrap_or_default();
        found.push((pid, name.to_owned(), field(&status, "VmRSS:"), field(&rollup, "Pss:")));
    }
    found.sort();
    Ok(found)
}

fn print_memory(label: &str) -> anyhow::Result<(u64, u64)> {
    let processes = app_memory()?;
    println!("{label}:");
    for (pid, name, rss, pss) in &processes {
        println!("  {name:<16} pid {pid:>7}   RSS {:>7.1} MB   PSS {:>7.1} MB", mb(*rss), mb(*pss));
    }
    let rss: u64 = processes.iter().map(|p| p.2).sum();
    let pss: u64 = processes.iter().map(|p| p.3).sum();
    println!(
        "  all {} processes      RSS {:>7.1} MB   PSS {:>7.1} MB",
        processes.len(),
        mb(rss),
        mb(pss)
    );
    Ok((rss, pss))
}

fn mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1_000_000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let e2e = E2e::start("app-memory").await?;
    let wait = Duration::from_secs(60);
    e2e.wait_for("[data-state=connected]", wait).await?;
    e2e.register_device("an.peeters", PIN, wait).await?;
    e2e.click("#go-reports").await?;
    e2e.wait_for_text("#sync-status", "Last updated", wait).await?;
    e2e.wait_for(".report-item", wait).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (rss_before, pss_before) = print_memory("the demo record open (about 150 reports)")?;

    // The hospital sends 10,000 more, spread over eight years and the three hospitals.
    let state = e2e.server_state();
    let (an,): (String,) = sqlx::query_as("SELECT id FROM patients WHERE ead_number = '10482231'")
        .fetch_one(state.db.pool())
        .await?;
    let mut conn = state.db.pool().acquire().await?;
    let now = state.now();
    for n in 0..REPORTS {
        let made_up = dossier_test_kit::reports::synthetic_report(&an, n);
        let performed_on = NaiveDate::from_ymd_opt(
            2018 + (n % 8) as i32,
            1 + (n % 12) as u32,
            1 + (n % 28) as u32,
        )
        .unwrap_or(made_up.performed_on);
        let at = Utc.from_utc_datetime(&performed_on.and_hms_opt(12, 0, 0).unwrap_or_default());
        let report = IncomingReport {
            source_id: format!("memory-{n:05}"),
            hospital_id: made_up.hospital_id,
            report_type: made_up.report_type,
            title: made_up.title,
            author: made_up.author,
            performed_on,
            status: IncomingStatus::Validated { at },
            source_version: Default::default(),
            body: made_up.body,
            lab_values: made_up.lab_values,
        };
        dossier_server::reports::import(&mut conn, &an, &report, now)
            .await?
            .map_err(|refusal| anyhow::anyhow!("report refused: {refusal}"))?;
    }
    drop(conn);
    e2e.update_now(Duration::from_secs(300)).await?;
    // Scroll the list to its end, as a patient looking for an old report does.
    e2e.client
        .execute("window.scrollTo(0, document.body.scrollHeight); return true;", vec![])
        .await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let shown = e2e.text("#sync-status").await.unwrap_or_default();
    println!("after the sync: {shown}");
    let (rss_after, pss_after) =
        print_memory(&format!("the record open with {REPORTS} more reports"))?;
    println!(
        "growth with {REPORTS} reports: RSS {:+.1} MB, PSS {:+.1} MB",
        mb(rss_after) - mb(rss_before),
        mb(pss_after) - mb(pss_before)
    );
    e2e.finish().await
}
