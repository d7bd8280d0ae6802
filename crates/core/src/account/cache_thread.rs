//! The thread the open cache's work runs on: one per account, started at its first use,
//! running one job at a time (the cache's lock lets only one run anyway).
//!
//! Not the runtime's blocking pool: its idle threads are woken longest-idle first, so each
//! cache call landed on the coldest of half a dozen threads (stack, allocator arena and
//! processor caches cold), and a first sync's sealing and writing cost about a tenth more
//! CPU than on one thread that stays warm (the sync bench's figures). The pool keeps the
//! slow one-off work: Argon2id, the keychain, deleting a cache folder.

use std::sync::mpsc;

use crate::error::CoreError;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
pub(super) struct CacheThread {
    /// None until the first job; the thread ends when the account (and this) is dropped.
    jobs: std::sync::Mutex<Option<mpsc::Sender<Job>>>,
}

impl CacheThread {
    /// Runs `work` on the cache's thread and waits for it without blocking the runtime.
    /// A panic in `work` (a bug) is [`CoreError::WorkerStopped`], as on the blocking pool,
    /// and the thread goes on with the next job.
    pub(super) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            // The caller may have stopped waiting (its task was dropped): nothing to tell.
            let _ = done.send(outcome);
        });
        self.send(job)?;
        match result.await {
            Ok(Ok(result)) => result,
            // It panicked, or the thread is gone.
            Ok(Err(_)) | Err(_) => Err(CoreError::WorkerStopped),
        }
    }

    fn send(&self, job: Job) -> Result<(), CoreError> {
        let mut jobs = self.jobs.lock().map_err(|_| CoreError::WorkerStopped)?;
        let job = match jobs.as_ref() {
            None => job,
            Some(sender) => match sender.send(job) {
                Ok(()) => return Ok(()),
                // The thread ended (it cannot while its sender lives, but a new one costs
                // little): start another.
                Err(mpsc::SendError(job)) => job,
            },
        };
        let (sender, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("dossier-cache".into())
            .spawn(move || queue.into_iter().for_each(|job| job()))
            .map_err(|error| {
                tracing::warn!(%error, "cannot start the cache's thread");
                CoreError::WorkerStopped
            })?;
        sender.send(job).map_err(|_| CoreError::WorkerStopped)?;
        *jobs = Some(sender);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_in_turn_on_one_thread_and_a_panic_stops_only_its_own() {
        let thread = CacheThread::default();
        let first = thread.run(|| Ok(std::thread::current().id())).await.unwrap();
        let failed: Result<(), CoreError> = thread.run(|| panic!("a bug in the work")).await;
        assert!(matches!(failed, Err(CoreError::WorkerStopped)), "{failed:?}");
        assert!(!failed.unwrap_err().ends_device());
        let after = thread.run(|| Ok(std::thread::current().id())).await.unwrap();
        assert_eq!(first, after, "the same thread, still running after the panic");
        assert_ne!(first, std::thread::current().id());
        let refused: Result<u8, CoreError> = thread.run(|| Err(CoreError::CacheDamaged)).await;
        assert!(matches!(refused, Err(CoreError::CacheDamaged)));
    }
}
