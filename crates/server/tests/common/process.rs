//! dossier-server as a process of its own (the binary this package builds), as an operator
//! runs it: its log read as it comes, signals sent to it.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::{Duration, Instant},
};

/// The dossier-server binary with the tests' cheap hashing and no moved clock or database
/// from the environment: any subcommand, as an operator runs it.
pub fn server_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier-server"));
    command
        .env("DOSSIER_ARGON2_MEMORY_KIB", "256")
        .env("DOSSIER_ARGON2_ITERATIONS", "1")
        .env_remove("DATABASE_URL")
        .env_remove("DOSSIER_CLOCK");
    command
}

/// `dossier-server serve`, with the test's cheap hashing, and its log as it comes.
pub struct ServerProcess {
    pub child: Child,
    log: mpsc::Receiver<String>,
    said: String,
}

impl ServerProcess {
    /// `dossier-server serve` with `env` set and `args` given.
    pub fn start(env: &[(&str, &str)], args: &[&str]) -> Self {
        let mut child = server_command()
            .arg("serve")
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (lines, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        Self { child, log, said: String::new() }
    }

    /// Waits until the log says `what` (after what earlier waits consumed).
    pub fn wait_for(&mut self, what: &str) {
        let started = Instant::now();
        loop {
            self.said.extend(self.log.try_iter().map(|line| line + "\n"));
            if let Some(at) = self.said.find(what) {
                self.said.drain(..at + what.len());
                return;
            }
            let ended = self.child.try_wait().unwrap();
            assert!(
                ended.is_none() && started.elapsed() < Duration::from_secs(60),
                "the server did not say {what:?} ({ended:?}): {}",
                self.said
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn signal(&self, name: &str) {
        let sent = Command::new("kill").args([name, &self.child.id().to_string()]).status();
        assert!(sent.unwrap().success());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
