//! Loads a screen asks for again and again while the patient types or changes a filter:
//! only the newest answer is shown, and a search waits for a pause in the typing.

use std::{future::Future, time::Duration};

use leptos::{prelude::*, task::spawn_local};

/// How long typing must pause before a search runs (not one search per key).
pub const SEARCH_PAUSE: Duration = Duration::from_millis(250);

/// Numbers a screen's loads so that only the answer to the newest is taken: an answer to
/// an older load that arrives later (a slower search for fewer letters, a filter since
/// changed) is dropped, so what is shown always matches what is asked on screen.
#[derive(Debug, Clone, Copy)]
pub struct LatestLoad(StoredValue<u32>);

impl LatestLoad {
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// Runs `answer`; `take` gets it unless a newer load was asked for meanwhile.
    pub fn run<T: 'static>(
        self,
        answer: impl Future<Output = T> + 'static,
        take: impl FnOnce(T) + 'static,
    ) {
        self.0.update_value(|n| *n = n.wrapping_add(1));
        let this_load = self.0.get_value();
        spawn_local(async move {
            let answer = answer.await;
            if self.0.get_value() == this_load {
                take(answer);
            }
        });
    }
}

impl Default for LatestLoad {
    fn default() -> Self {
        Self::new()
    }
}

/// A search waiting for a pause in the typing; a waiting one is dropped when the screen
/// goes.
#[derive(Debug, Clone, Copy)]
pub struct TypingPause(StoredValue<Option<TimeoutHandle>>);

impl TypingPause {
    pub fn new() -> Self {
        let pause = Self(StoredValue::new(None));
        on_cleanup(move || pause.stop());
        pause
    }

    /// Runs `search` once the typing has paused for [`SEARCH_PAUSE`], instead of any
    /// search still waiting.
    pub fn restart(self, search: impl Fn() + 'static) {
        self.stop();
        self.0.set_value(set_timeout_with_handle(search, SEARCH_PAUSE).ok());
    }

    /// Drops the search still waiting, if any (a filter change loads at once instead).
    pub fn stop(self) {
        if let Some(waiting) = self.0.get_value() {
            waiting.clear();
        }
    }
}

impl Default for TypingPause {
    fn default() -> Self {
        Self::new()
    }
}
