//! The installable app: the .deb that `scripts/package` makes is installed with dpkg, its
//! desktop entry names the installed binary, that binary starts under Xvfb against a test
//! server and shows the welcome screen, and removing the package leaves nothing behind.
//!
//! Runs when `DOSSIER_TEST_DEB` names the package (scripts/test makes it and sets it, as
//! root); `DOSSIER_TEST_REQUIRE_PACKAGE` turns a missing package into a failure.

use std::{path::PathBuf, process::Command, time::Duration};

use anyhow::Context;
use dossier_e2e::E2e;

const WAIT: Duration = Duration::from_secs(30);

/// Runs a packaging command and returns its standard output.
fn run(program: &str, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new(program).args(args).output().with_context(|| program.to_owned())?;
    anyhow::ensure!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8(out.stdout)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deb_installs_starts_on_the_welcome_screen_and_removes_cleanly() -> anyhow::Result<()> {
    let Some(deb) = std::env::var_os("DOSSIER_TEST_DEB") else {
        anyhow::ensure!(
            std::env::var_os("DOSSIER_TEST_REQUIRE_PACKAGE").is_none(),
            "DOSSIER_TEST_DEB is not set: run scripts/package first"
        );
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipped: no package to install (DOSSIER_TEST_DEB)");
        }
        return Ok(());
    };
    let deb = deb.to_str().context("package path")?.to_owned();
    let package = run("dpkg-deb", &["--field", &deb, "Package"])?.trim().to_owned();
    let version = run("dpkg-deb", &["--field", &deb, "Version"])?.trim().to_owned();
    assert_eq!(version, env!("CARGO_PKG_VERSION"), "the version comes from Cargo.toml");

    run("dpkg", &["--install", &deb])?;
    let installed = run("dpkg", &["--listfiles", &package])?;
    let removed = run_installed(&package, &installed).await;
    run("dpkg", &["--remove", &package])?;
    removed?;

    // Nothing of the package is left: no binary, no desktop entry, no icon.
    for file in installed.lines() {
        assert!(!PathBuf::from(file).is_file(), "{file} is still there after removal");
    }
    let status = Command::new("dpkg").args(["--status", &package]).output()?;
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(!status.contains("Status: install ok installed"), "still installed: {status}");
    Ok(())
}

/// Checks what the package installed and starts the installed app from its desktop entry.
async fn run_installed(package: &str, installed: &str) -> anyhow::Result<()> {
    let files: Vec<&str> = installed.lines().collect();
    let desktop = files
        .iter()
        .find(|f| f.starts_with("/usr/share/applications/") && f.ends_with(".desktop"))
        .with_context(|| format!("{package} has no desktop entry: {files:?}"))?;
    let entry = std::fs::read_to_string(desktop)?;
    assert!(entry.contains("Name=Dossier"), "{entry}");
    assert!(entry.contains("Categories="), "{entry}");
    let icon = entry
        .lines()
        .find_map(|line| line.strip_prefix("Icon="))
        .with_context(|| format!("no icon in {entry}"))?;
    assert!(
        files.iter().any(|f| f.starts_with("/usr/share/icons/") && f.contains(icon)),
        "the icon {icon} is not installed: {files:?}"
    );
    let exec = entry
        .lines()
        .find_map(|line| line.strip_prefix("Exec="))
        .and_then(|exec| exec.split_whitespace().next())
        .with_context(|| format!("no Exec in {entry}"))?;
    let binary = if exec.starts_with('/') {
        PathBuf::from(exec)
    } else {
        PathBuf::from("/usr/bin").join(exec)
    };
    assert!(binary.is_file(), "{} is not installed", binary.display());

    let e2e = E2e::start_app("package", binary).await?;
    e2e.wait_for("[data-state=connected]", WAIT).await?;
    e2e.wait_for_text("h1", "Welcome to Dossier", WAIT).await?;
    e2e.look("installed-welcome", "en").await?;
    e2e.finish().await
}
