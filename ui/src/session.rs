//! Who is using the app and whose record is shown, kept once for every screen: the
//! account holder (how the app was opened, user name, card), the records they may open
//! (their own first, then their children's and those they hold a link for), and the record
//! being viewed. Screens carry record ids only; what they show of a person comes from here.

use dossier_api::shell::{AccountView, ClosedReasonView, ClosedRecordView, HomeView, RecordView};
use leptos::{prelude::*, task::spawn_local};

use crate::{backend, i18n::Whose};

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
    /// Records that left the device (a 15th birthday, a link ended), to say why, once.
    closed: RwSignal<Vec<ClosedRecordView>>,
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
            closed: RwSignal::new(Vec::new()),
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
            self.closed.set(Vec::new());
        }
    }

    /// Reads the records list again (after a sync, at a switch, at midnight): the shell
    /// first closes what is past its last day. A record no longer in the list is no longer
    /// shown, and the person is told why.
    pub fn refresh_records(&self) {
        let session = *self;
        self.reads.update_value(|n| *n += 1);
        let read = self.reads.get_value();
        spawn_local(async move {
            // What closed is told whatever happens to this read: the shell gives it once.
            let closed = backend::closed_records().await.unwrap_or_default();
            session.told(closed);
            if let Ok(records) = backend::records().await
                && session.reads.get_value() == read
                && session.account.get_untracked().is_some()
            {
                session.adopt(records);
            }
        });
    }

    fn told(&self, closed: Vec<ClosedRecordView>) {
        if closed.is_empty() {
            return;
        }
        if let Some(viewed) = self.viewing.get_untracked()
            && closed.iter().any(|c| c.record.record_id == viewed)
        {
            self.viewing.set(None);
        }
        self.closed.update(|told| {
            told.retain(|t| !closed.iter().any(|c| c.record.record_id == t.record.record_id));
            told.extend(closed);
        });
    }

    fn adopt(&self, records: Vec<RecordView>) {
        if let Some(viewed) = self.viewing.get_untracked()
            && !records.iter().any(|r| r.record_id == viewed)
        {
            self.viewing.set(None);
            // Gone without the shell saying why (it told an earlier read): say it left.
            let gone = self
                .records
                .with_untracked(|list| list.iter().find(|r| r.record_id == viewed).cloned());
            if let Some(record) = gone
                && !self.closed.with_untracked(|told| {
                    told.iter().any(|c| c.record.record_id == record.record_id)
                })
            {
                self.told(vec![ClosedRecordView {
                    record,
                    reason: ClosedReasonView::NoLongerLinked,
                }]);
            }
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

    /// Whose record `record_id` is, to word the texts about it: the holder's own, or
    /// another's named by first name (a child's, a represented person's).
    pub fn whose(&self, record_id: &str) -> Whose {
        let own =
            self.own_record.with(|own| own.as_ref().is_none_or(|own| own.record_id == record_id));
        if own {
            return Whose::Own;
        }
        self.records.with(|list| match list.iter().find(|r| r.record_id == record_id) {
            Some(record) => Whose::Other { given_name: record.given_name.clone() },
            None => Whose::Own,
        })
    }

    /// Views `record_id` (the own record: back to it).
    pub fn view(&self, record_id: &str) {
        let own = self
            .own_record
            .with_untracked(|own| own.as_ref().is_some_and(|own| own.record_id == record_id));
        self.viewing.set((!own).then(|| record_id.to_owned()));
        // A switch checks again that the record may still be shown.
        self.refresh_records();
    }

    /// The records that left, with why: each shown until the person dismisses it.
    pub fn closed_records(&self) -> Vec<ClosedRecordView> {
        self.closed.get()
    }

    pub fn dismiss_closed(&self, record_id: &str) {
        self.closed.update(|told| told.retain(|t| t.record.record_id != record_id));
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
