//! The runtime the core's async work runs on in the app: one thread that drives the
//! network, the timers and every task, with a pool beside it for the blocking work (Argon2id,
//! the cache's writes, the keychain).
//!
//! One thread, not a worker per core: the core waits on the network almost all the time,
//! and each read woken on a multi-threaded runtime also wakes a second worker to look for
//! work it does not find. Through a home link that doubled the client's CPU time for the
//! same download (the sync bench prints both).

use tokio::runtime::{Builder, Handle};

/// Starts the core's runtime on a thread of its own, which drives it for as long as the
/// process lives; its handle spawns onto it from any thread.
pub fn start() -> std::io::Result<Handle> {
    let runtime = Builder::new_current_thread().enable_all().build()?;
    let handle = runtime.handle().clone();
    std::thread::Builder::new()
        .name("dossier-core".into())
        .spawn(move || runtime.block_on(std::future::pending::<()>()))?;
    Ok(handle)
}
