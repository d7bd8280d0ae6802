//! Who is using the app and whose record is shown, kept once for every screen: the
//! account holder (how the app was opened, user name, card), the records they may open
//! (their own first, then their children's and those they hold a link for), and the record
//! being viewed. Screens carry record ids only; what they show of a person comes from here.

use dossier_api::shell::{AccountView, HomeView, RecordView};
use leptos::{prelude::*, task::spawn_local};

use crate::backend;

#[derive(Debug, Clone, Copy)]
pub struct Session {
    account: RwSignal<Option<AccountView>>,
    /// The holder's own record, opened first.
    own_record: RwSignal<Option<RecordView>>,
    /// Every record the user may open, own first (from the last sync).
    records: RwSignal<Vec<RecordView>>,
    /// The record being viewed, when it is not the own one. Kept through a lock (the
    /// unlock comes back to it), dropped at logout and when the record leaves the list.
    viewing: RwSignal<Option<String>>,
    /// The record that left the list while it was viewed, to say so once.
    closed_record: RwSignal<Option<RecordView>>,
    /// Counts the reads of the list: an answer that arrives after a newer read was asked
    /// for is dropped (a slow first read must not overwrite the list a sync just brought).
    reads: StoredValue<u64>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Self {
            account: RwSignal::new(None),
            own_record: RwSignal::new(None),
            records: RwSignal::new(Vec::new()),
            viewing: RwSignal::new(None),
            closed_record: RwSignal::new(None),
            reads: StoredValue::new(0),
        };
        provide_context(session);
        session
    }

    /// A login, an unlock or a registration answered with this.
    pub fn opened(&self, home: HomeView) {
        self.records.set(vec![home.own_record.clone()]);
        self.account.set(Some(home.account));
        self.own_record.set(Some(home.own_record));
        self.refresh_records();
    }

    /// Locked (the choice of record is kept for the unlock) or logged out (it is not).
    pub fn closed(&self, keep_choice: bool) {
        self.reads.update_value(|n| *n += 1);
        self.account.set(None);
        self.own_record.set(None);
        self.records.set(Vec::new());
        if !keep_choice {
            self.viewing.set(None);
        }
    }

    /// Reads the records list again (after a sync): a record no longer in it is no longer
    /// shown, and the person is told why.
    pub fn refresh_records(&self) {
        let session = *self;
        self.reads.update_value(|n| *n += 1);
        let read = self.reads.get_value();
        spawn_local(async move {
            if let Ok(records) = backend::records().await
                && session.reads.get_value() == read
                && session.account.get_untracked().is_some()
            {
                session.adopt(records);
            }
        });
    }

    fn adopt(&self, records: Vec<RecordView>) {
        if let Some(viewed) = self.viewing.get_untracked()
            && !records.iter().any(|r| r.record_id == viewed)
        {
            let gone = self
                .records
                .with_untracked(|list| list.iter().find(|r| r.record_id == viewed).cloned());
            self.viewing.set(None);
            self.closed_record.set(gone);
        }
        self.records.set(records);
    }

    pub fn account(&self) -> Option<AccountView> {
        self.account.get()
    }

    pub fn own_record(&self) -> Option<RecordView> {
        self.own_record.get()
    }

    pub fn records(&self) -> Vec<RecordView> {
        self.records.get()
    }

    /// The record being viewed: a linked one chosen in the switcher, else the own one.
    pub fn viewed(&self) -> Option<RecordView> {
        let viewing = self.viewing.get();
        viewing
            .and_then(|id| {
                self.records.with(|list| list.iter().find(|r| r.record_id == id).cloned())
            })
            .or_else(|| self.own_record.get())
    }

    /// Whether someone else's record is viewed (the banner says whose).
    pub fn viewing_other(&self) -> bool {
        self.viewing.get().is_some()
    }

    /// Views `record_id` (the own record: back to it).
    pub fn view(&self, record_id: &str) {
        let own = self
            .own_record
            .with_untracked(|own| own.as_ref().is_some_and(|own| own.record_id == record_id));
        self.closed_record.set(None);
        self.viewing.set((!own).then(|| record_id.to_owned()));
    }

    /// The record that was closed while viewed (once: taken).
    pub fn closed_record(&self) -> Option<RecordView> {
        self.closed_record.get()
    }

    pub fn forget_closed_record(&self) {
        self.closed_record.set(None);
    }

    /// The user name was changed in the settings.
    pub fn renamed(&self, user_name: String) {
        self.account.update(|account| {
            if let Some(account) = account {
                account.user_name = user_name;
            }
        });
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
