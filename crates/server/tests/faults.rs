//! Faults a running server meets: its PostgreSQL restarted under it (clear 503s, then it
//! recovers by itself, no restart), and a staff import killed with SIGKILL halfway
//! (nothing half imported, the database intact). The server process is the real binary.

mod common;

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use common::process::{ServerProcess, free_port, server_command};
use serde_json::{Value, json};

fn scripts() -> PathBuf {
    // Where cargo runs the test from, not where it was built (a shared target folder
    // serves clones at other paths).
    let manifest =
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or(env!("CARGO_MANIFEST_DIR").into());
    Path::new(&manifest).join("../../scripts")
}

/// A PostgreSQL cluster of this test's own (it is stopped and started under the server),
/// stopped and deleted on drop.
struct OwnPostgres {
    url: String,
    dir: String,
}

impl OwnPostgres {
    /// None when PostgreSQL is not installed and the run does not require it.
    fn start() -> Option<Self> {
        let output = Command::new(scripts().join("postgres")).arg("start").output().unwrap();
        if !output.status.success() {
            assert!(
                std::env::var_os("DOSSIER_TEST_REQUIRE_POSTGRES").is_none(),
                "PostgreSQL is required: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            return None;
        }
        let exports = String::from_utf8(output.stdout).unwrap();
        let value = |name: &str| {
            exports
                .lines()
                .find_map(|line| line.strip_prefix(&format!("export {name}=")))
                .unwrap()
                .to_owned()
        };
        Some(Self {
            url: value("DOSSIER_TEST_POSTGRES_URL"),
            dir: value("DOSSIER_TEST_POSTGRES_DIR"),
        })
    }

    fn run(&self, action: &str) {
        let status = Command::new(scripts().join("postgres")).args([action, &self.dir]).status();
        assert!(status.unwrap().success(), "scripts/postgres {action}");
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = Command::new(scripts().join("postgres")).args(["stop", &self.dir]).status();
    }
}

/// Status and JSON body of a call that may fail to connect (status 0 then).
async fn call(request: reqwest::RequestBuilder) -> (u16, Value) {
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (0, Value::Null),
    }
}

#[tokio::test]
async fn postgres_restarted_under_a_running_server_gives_clear_503s_then_it_recovers_by_itself() {
    let Some(postgres) = OwnPostgres::start() else { return };
    let port = free_port();
    let mut server = ServerProcess::start(
        &[("DATABASE_URL", postgres.url.as_str())],
        &["--bind", &format!("127.0.0.1:{port}")],
    );
    server.wait_for("dossier-server listening");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let health = || call(http.get(format!("{base}/health")));
    let login = || {
        call(http.post(format!("{base}/login/start")).json(&json!({ "user_name": "an.peeters" })))
    };
    assert_eq!(health().await.0, 200);
    assert_eq!(login().await.0, 200);

    postgres.run("down");
    // Each request fails within the pool's wait, with our JSON error, and the server stays up.
    for (status, body) in [health().await, login().await] {
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["code"], "service_unavailable", "{body}");
    }

    postgres.run("up");
    let started = Instant::now();
    while health().await.0 != 200 {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(login().await.0, 200, "writes work again");
    assert!(server.child.try_wait().unwrap().is_none(), "the same server process, never restarted");
}

/// An import file of `count` reports for a demo patient, about 2 KB each.
fn large_import(path: &Path, count: usize) {
    let reports: Vec<Value> = (0..count)
        .map(|n| {
            json!({
                "source_id": format!("fault-{n}"),
                "patient_ead": "10482231",
                "type": "consultation",
                "title": format!("Consultation {n}"),
                "author": "Dr. Janssens",
                "performed_on": "2024-03-01",
                "status": "validated",
                "validated_at": "2024-03-02T10:00:00Z",
                "body": "Klachten en bevindingen. ".repeat(80),
            })
        })
        .collect();
    std::fs::write(path, json!({ "hospital": "hzk", "reports": reports }).to_string()).unwrap();
}

fn count_reports(data: &Path) -> i64 {
    let output = Command::new("sqlite3")
        .arg(data.join("dossier.sqlite3"))
        .arg("SELECT count(*) FROM reports WHERE source_id LIKE 'fault-%'; PRAGMA integrity_check;")
        .output()
        .expect("sqlite3 (scripts/setup --test installs it)");
    let said = String::from_utf8(output.stdout).unwrap();
    let mut lines = said.lines();
    let count = lines.next().unwrap().parse().unwrap();
    assert_eq!(lines.next(), Some("ok"), "the database is intact");
    count
}

#[test]
fn an_import_killed_halfway_leaves_nothing_half_imported() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let seeded = server_command().arg("seed-demo").env("DOSSIER_DATA_DIR", &data).output().unwrap();
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    let file = dir.path().join("import.json");
    const COUNT: usize = 10_000;
    large_import(&file, COUNT);

    let mut import = server_command()
        .args(["admin", "import-reports", "--file"])
        .arg(&file)
        .env("DOSSIER_DATA_DIR", &data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Into its transaction: the reports are being written (the database's files grow).
    let written = || -> u64 {
        let files = std::fs::read_dir(&data).unwrap().filter_map(Result::ok);
        let database =
            files.filter(|f| f.file_name().to_string_lossy().starts_with("dossier.sqlite3"));
        database.filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum()
    };
    let before = written();
    let started = Instant::now();
    while written() < before + 8 * 1024 * 1024 {
        assert!(import.try_wait().unwrap().is_none(), "the import ended before it was killed");
        assert!(started.elapsed() < Duration::from_secs(120), "the import did not get going");
        std::thread::sleep(Duration::from_millis(5));
    }
    import.kill().unwrap();
    import.wait().unwrap();
    assert_eq!(count_reports(&data), 0, "killed before its commit: nothing of the file");

    // The same file again, to its end: all of it.
    let done = server_command()
        .args(["admin", "import-reports", "--file"])
        .arg(&file)
        .env("DOSSIER_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(count_reports(&data), COUNT as i64);
}

#[tokio::test]
async fn a_full_disk_under_sqlite_is_a_clear_503_the_database_stays_intact_and_room_heals_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let Some(disk) = dossier_test_kit::SmallDisk::mount(&data, "8m") else { return };
    let seeded = server_command().arg("seed-demo").env("DOSSIER_DATA_DIR", &data).output().unwrap();
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    let port = free_port();
    let data_dir = data.to_str().unwrap();
    let mut server = ServerProcess::start(
        &[("DOSSIER_DATA_DIR", data_dir)],
        &["--bind", &format!("127.0.0.1:{port}")],
    );
    server.wait_for("dossier-server listening");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let login = || {
        call(http.post(format!("{base}/login/start")).json(&json!({ "user_name": "an.peeters" })))
    };
    assert_eq!(login().await.0, 200);

    // Whatever else is on the disk takes the rest of it.
    let filler = data.join("filler");
    let mut written = 0_usize;
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).unwrap();
        while file.write_all(&[0; 64 * 1024]).is_ok() {
            written += 64 * 1024;
        }
        let _ = file.sync_all();
    }
    assert!(written > 0);
    // Writes fail with our JSON 503 (the patient is told to try again later), as many as
    // it takes to need a new page; reads go on.
    let mut refused = None;
    for _ in 0..500 {
        let (status, body) = login().await;
        if status != 200 {
            refused = Some((status, body));
            break;
        }
    }
    let (status, body) = refused.expect("a write on a full disk is refused");
    assert_eq!((status, body["code"].as_str()), (503, Some("service_unavailable")), "{body}");
    let (status, _) = call(http.get(format!("{base}/health"))).await;
    assert_eq!(status, 200, "reading still works");
    server.wait_for("disk is full");

    // Room again: writes work again, without a restart.
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(login().await.0, 200);
    drop(server);
    let integrity = Command::new("sqlite3")
        .arg(data.join("dossier.sqlite3"))
        .arg("PRAGMA integrity_check;")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&integrity.stdout).trim(), "ok");
    drop(disk);
}
