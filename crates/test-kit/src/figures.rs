//! How the benches print their figures: milliseconds, a line with the plain way beside.

#![allow(clippy::print_stdout)] // The benches' figures.

use std::time::{Duration, Instant};

/// Median and fastest of `runs` timings of `f`.
pub fn measure(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[runs / 2], times[0])
}

pub fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1000.0)
}

pub fn line(what: &str, ours: Duration, plain: Option<Duration>) {
    match plain {
        Some(plain) => println!(
            "{what:<44} {}   plain {}   ratio {:5.2}x",
            ms(ours),
            ms(plain),
            ours.as_secs_f64() / plain.as_secs_f64()
        ),
        None => println!("{what:<44} {}", ms(ours)),
    }
}

/// The median of `times`.
pub fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}
