//! Dossier's load test (issue 16), run by scripts/load (docs/load.md).
//!
//! - `dossier-load setup --database-url <url> --patients N --reports R --out <file>`:
//!   fills a fresh database (see [`setup`]).
//! - `dossier-load attack --patients-file <file> [goose options]`: the goose scenarios
//!   against a running dossier-server (see [`attack`]), then the figures per route; with
//!   `DOSSIER_LOAD_SERVER_PID`, the server process's CPU time and peak memory too.
//! - `dossier-load free-port`: a free loopback port for the server.

#![allow(clippy::print_stdout, clippy::print_stderr)] // A load test prints its figures.

mod attack;
mod setup;

use std::time::Instant;

use goose::{GooseAttack, config::GooseConfiguration, metrics::GooseMetrics};
use serde::{Deserialize, Serialize};

/// What the load test keeps of a patient after the set-up.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadPatient {
    pub record: String,
    pub device: String,
    /// The device's Ed25519 key (its 32-byte seed, base64).
    pub signing_seed: String,
    /// What Argon2id(PIN) gives the device to send at unlock (base64).
    pub access_key: String,
    pub server_share: String,
    /// The cursor after the first sync: nothing changes after it.
    pub cursor: String,
    pub reports: usize,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    match args.first().map(String::as_str) {
        Some("setup") => runtime.block_on(setup::setup(setup::SetupArgs {
            database_url: option(&args, "--database-url").expect("--database-url"),
            patients: option(&args, "--patients").map_or(3_000, |n| n.parse().unwrap()),
            reports: option(&args, "--reports").map_or(6, |n| n.parse().unwrap()),
            out: option(&args, "--out").expect("--out").into(),
            concurrency: option(&args, "--concurrency").map_or(16, |n| n.parse().unwrap()),
        })),
        Some("attack") => {
            let file = option(&args, "--patients-file").expect("--patients-file");
            let rest: Vec<&String> = {
                let mut skip = false;
                args[1..]
                    .iter()
                    .filter(|a| {
                        let keep = !skip && *a != "--patients-file";
                        skip = *a == "--patients-file";
                        keep
                    })
                    .collect()
            };
            attack::load_patients(serde_json::from_slice(&std::fs::read(file)?)?);
            runtime.block_on(run_attack(&rest))
        }
        Some("free-port") => {
            let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            println!("{}", listener.local_addr()?.port());
            Ok(())
        }
        _ => anyhow::bail!("usage: dossier-load setup|attack|free-port ..."),
    }
}

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).map(|i| args[i + 1].clone())
}

async fn run_attack(goose_args: &[&String]) -> anyhow::Result<()> {
    let config = GooseConfiguration::parse_args_default(goose_args)?;
    let server = std::env::var("DOSSIER_LOAD_SERVER_PID").ok();
    let server_cpu = server.as_deref().map(cpu_seconds);
    let own_cpu = cpu_seconds("self");
    let started = Instant::now();
    let mut attack = GooseAttack::initialize_with_config(config)?;
    for scenario in attack::scenarios()? {
        attack = attack.register_scenario(scenario);
    }
    let metrics = attack.execute().await?;
    let wall = started.elapsed().as_secs_f64();
    print_figures(&metrics);
    let own = cpu_seconds("self") - own_cpu;
    print!("CPU over the whole run ({wall:.1} s, ramp-up included): load generator {own:.1} s");
    if let (Some(pid), Some(before)) = (server.as_deref(), server_cpu) {
        let cpu = cpu_seconds(pid) - before;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map_or(f64::NAN, |kb| kb / 1024.0)
        };
        println!(
            ", server {cpu:.1} s ({:.0}% of {} cores)\nserver memory: peak RSS (VmHWM) {:.1} MB, now {:.1} MB",
            100.0 * (cpu + own) / wall / cores() as f64,
            cores(),
            field("VmHWM:"),
            field("VmRSS:")
        );
    } else {
        println!();
    }
    Ok(())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// User + system CPU time of a process (`self` or a pid), from /proc/<pid>/stat (in ticks
/// of 10 ms).
fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<f64>().ok()).sum();
    ticks / 100.0
}

/// Per route: requests, rate, p50 / p99 / max, failures (and, with coordinated-omission
/// mitigation, p99 and max counting the requests a stalled user did not send).
fn print_figures(metrics: &GooseMetrics) {
    let seconds = metrics.duration.max(1) as f64;
    let mut routes: Vec<_> = metrics.requests.iter().collect();
    routes.sort_by(|a, b| a.0.cmp(b.0));
    println!("\n== Figures: {} users, {} s measured", metrics.maximum_users, metrics.duration);
    println!(
        "| route | requests | req/s | p50 ms | p99 ms | max ms | errors | CO p99 ms | CO max ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let (mut total, mut failed) = (0, 0);
    for (name, request) in routes {
        let raw = &request.raw_data;
        let count = request.success_count + request.fail_count;
        total += count;
        failed += request.fail_count;
        let co = request.coordinated_omission_data.as_ref();
        let codes: Vec<String> = request
            .status_code_counts
            .iter()
            .filter(|(code, _)| **code != 200)
            .map(|(code, n)| format!("{n}×{code}"))
            .collect();
        println!(
            "| {name} | {count} | {:.0} | {} | {} | {} | {}{} | {} | {} |",
            count as f64 / seconds,
            ms(percentile(raw, 0.50)),
            ms(percentile(raw, 0.99)),
            ms(raw.maximum_time_us),
            request.fail_count,
            if codes.is_empty() { String::new() } else { format!(" ({})", codes.join(", ")) },
            co.map_or("-".into(), |co| ms(percentile(co, 0.99))),
            co.map_or("-".into(), |co| ms(co.maximum_time_us)),
        );
    }
    println!("| all | {total} | {:.0} | | | | {failed} | | |", total as f64 / seconds);
    if let Some(co) = &metrics.coordinated_omission_metrics {
        println!(
            "coordinated omission ({:?}): {} actual requests, {} synthetic ({:.1}%), {} events",
            co.mitigation_strategy,
            co.actual_requests,
            co.synthetic_requests,
            co.synthetic_percentage,
            co.co_events.len()
        );
    }
    let errors: usize = metrics.transaction_errors.values().map(|e| e.occurrences).sum();
    if errors > 0 {
        for error in metrics.transaction_errors.values() {
            println!("transaction error ×{}: {}", error.occurrences, error.error);
        }
    }
}

fn ms(us: u64) -> String {
    format!("{:.2}", us as f64 / 1000.0)
}

/// The time `fraction` of the requests finished within, from goose's microsecond buckets
/// (each at most 1/64 wide: under 1.6% off).
fn percentile(data: &goose::metrics::GooseRequestMetricTimingData, fraction: f64) -> u64 {
    let total: usize = data.times_us.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return 0;
    }
    let rank = ((total as f64) * fraction).ceil().max(1.0) as usize;
    let mut seen = 0;
    for (bucket, n) in data.times_us.iter() {
        seen += n;
        if seen >= rank {
            return (*bucket).clamp(data.minimum_time_us, data.maximum_time_us);
        }
    }
    data.maximum_time_us
}
