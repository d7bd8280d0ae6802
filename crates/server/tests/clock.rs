//! The server's clock set from outside: only the demo accepts it (to show a 15th birthday
//! or a death without waiting); a real server refuses to start with one. Runs the real
//! binary.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn server() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier-server"));
    command.stdout(Stdio::piped()).stderr(Stdio::piped()).env_remove("DOSSIER_CLOCK");
    command
}

#[test]
fn serve_refuses_a_moved_clock() {
    let data = tempfile::tempdir().unwrap();
    let output = server()
        .args(["serve", "--bind", "127.0.0.1:0", "--clock", "+14d"])
        .env("DOSSIER_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("for the demo only"), "{said}");
}

#[test]
fn the_demo_runs_on_a_moved_clock_and_says_so() {
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut demo = server()
        .args(["demo", "--bind", &format!("127.0.0.1:{port}")])
        .env("DOSSIER_DATA_DIR", data.path())
        .env("DOSSIER_CLOCK", "2030-01-15T10:00:00Z")
        .env("DOSSIER_ARGON2_MEMORY_KIB", "256")
        .env("DOSSIER_ARGON2_ITERATIONS", "1")
        .spawn()
        .unwrap();
    // The demo says it runs on a moved clock, seeds, then listens. Its log is read as it
    // comes (a port that answers alone is no proof: another process may hold it).
    let stderr = demo.stderr.take().unwrap();
    let (lines, said) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let started = Instant::now();
    let mut log = String::new();
    let mut listening = false;
    while started.elapsed() < Duration::from_secs(120) {
        log.extend(said.try_iter().map(|line| line + "\n"));
        listening = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if listening && log.contains("the demo runs on a moved clock") {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = demo.kill();
    let _ = demo.wait();
    log.extend(said.try_iter().map(|line| line + "\n"));
    assert!(listening, "the demo did not start: {log}");
    assert!(log.contains("the demo runs on a moved clock") && log.contains("2030-01-15"), "{log}");
}
