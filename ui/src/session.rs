//! Who is using the app and whose record is shown, kept once for every screen: the
//! account holder (how the app was opened, user name, card) and the record being viewed.
//! Screens carry record ids only; what they show of a person comes from here.

use dossier_api::shell::{AccountView, HomeView, RecordView};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct Session {
    account: RwSignal<Option<AccountView>>,
    /// The holder's own record, opened first.
    own_record: RwSignal<Option<RecordView>>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Self { account: RwSignal::new(None), own_record: RwSignal::new(None) };
        provide_context(session);
        session
    }

    /// A login, an unlock or a registration answered with this.
    pub fn opened(&self, home: HomeView) {
        self.account.set(Some(home.account));
        self.own_record.set(Some(home.own_record));
    }

    /// Locked or logged out: nobody's record is shown any more.
    pub fn closed(&self) {
        self.account.set(None);
        self.own_record.set(None);
    }

    pub fn account(&self) -> Option<AccountView> {
        self.account.get()
    }

    pub fn own_record(&self) -> Option<RecordView> {
        self.own_record.get()
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
