//! Which screen is shown. A small state machine instead of URL routing: the app has no
//! address bar, and screens carry the data they were opened with.

use dossier_api::{
    labs::LabTestKey,
    shell::{CodeAskedView, DeviceStateView, FirstScreen, HomeView},
};

use crate::{screens::labs::LabPeriod, session::Session};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Until the shell said whether this device is registered: nothing is drawn (the
    /// Welcome screen flashed before the PIN screen).
    Starting,
    Welcome,
    Login,
    /// Step two of the login: which code to enter.
    Code(CodeAskedView),
    /// The account's home: whose record, the card, the ways on.
    Home,
    /// The switcher: the records the user may open.
    Records,
    /// A parent asks for a child's record; their requests.
    AskForChild,
    /// One's own record: who can open it, naming and revoking a trusted person.
    RecordAccess,
    Settings,
    ForgotPassword,
    BlockCard,
    RequestCard,
    /// Open a registered device with its PIN.
    Pin,
    /// Right after a code-card login: register this device, or not (shared computer).
    RegisterDevice,
    /// Five wrong PINs: register again.
    DeviceBlocked,
    /// Removed from another device: its data is gone.
    DeviceRemoved,
    Devices,
    /// The reports of a record.
    Reports {
        record_id: String,
    },
    /// One report.
    Report {
        record_id: String,
        report_id: String,
        /// Where "Back" goes: the screen it was opened from (a lab value's chart); None:
        /// the reports list.
        back: Option<Box<Screen>>,
    },
    /// "My lab values": the record's tests, made on the device from its reports.
    LabValues {
        record_id: String,
    },
    /// One test's values over time: its chart and table, over `period`; `point`: the
    /// value to bring the focus back to (coming back from its report).
    LabChart {
        record_id: String,
        key: LabTestKey,
        period: LabPeriod,
        point: Option<usize>,
    },
    /// "Access": who may see a record and who looked at it (own record, a child's, a
    /// represented person's).
    CareAccess {
        record_id: String,
    },
    /// "Your hospitals": the partners' rules and what is on its way.
    Hospitals {
        record_id: String,
    },
    /// Personal details of a record: the desk's, the patient's, and every change.
    Details {
        record_id: String,
    },
    /// A record's appointments, from the device.
    Appointments {
        record_id: String,
    },
    /// A record's invoices, from the device.
    Invoices {
        record_id: String,
    },
    /// The questionnaires hospitals sent to a record, from the server.
    Questionnaires {
        record_id: String,
    },
    /// One questionnaire, to fill in or as sent.
    Questionnaire {
        record_id: String,
        questionnaire_id: String,
    },
    /// A record's conversations with hospital services and its outbox, from the device.
    Messages {
        record_id: String,
    },
    /// One conversation, with the answer form.
    MessageThread {
        record_id: String,
        thread_id: String,
    },
    /// A new conversation with a service of a hospital.
    NewMessage {
        record_id: String,
    },
}

/// The current screen and what the app knows about this device, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Navigator {
    screen: RwSignal<Screen>,
    session: Session,
    device: RwSignal<Option<DeviceStateView>>,
    /// The user name of the last login attempt (not a secret): typed once, kept when an
    /// attempt has to start again.
    last_user_name: RwSignal<String>,
}

impl Navigator {
    pub fn provide(session: Session) -> Self {
        let navigator = Self {
            screen: RwSignal::new(Screen::Starting),
            session,
            device: RwSignal::new(None),
            last_user_name: RwSignal::new(String::new()),
        };
        provide_context(navigator);
        navigator
    }

    pub fn last_user_name(&self) -> String {
        self.last_user_name.get_untracked()
    }

    pub fn remember_user_name(&self, user_name: String) {
        self.last_user_name.set(user_name);
    }

    /// This device's registration, as last read from the shell.
    pub fn device(&self) -> Option<DeviceStateView> {
        self.device.get()
    }

    pub fn set_device(&self, device: DeviceStateView) {
        remember_registration(device.registered_as.as_deref());
        self.device.set(Some(device));
    }

    pub fn screen_untracked(&self) -> Screen {
        self.screen.get_untracked()
    }

    /// Where to go after a code-card login: register this device first, when it can be.
    pub fn after_code_card_login(&self, home: HomeView) {
        self.session.opened(home);
        match self.device.get_untracked() {
            Some(device) if device.can_register => self.go(Screen::RegisterDevice),
            _ => self.go(Screen::Home),
        }
    }

    /// Opened (PIN, registration, back online): the account's home.
    pub fn opened(&self, home: HomeView) {
        self.session.opened(home);
        self.go(Screen::Home);
    }

    /// Locked (`keep_choice`: the unlock comes back to the record that was shown) or logged
    /// out: nobody's record stays on screen.
    pub fn closed(&self, keep_choice: bool) {
        self.session.closed(keep_choice);
        self.go(self.start_screen());
    }

    /// Where to go when the app starts or locks: the PIN screen on a registered device.
    pub fn start_screen(&self) -> Screen {
        match self.device.get_untracked() {
            Some(DeviceStateView { registered_as: Some(_), .. }) => Screen::Pin,
            _ => Screen::Welcome,
        }
    }

    pub fn screen(&self) -> Screen {
        self.screen.get()
    }

    pub fn go(&self, screen: Screen) {
        // Only its kind is needed after drawing (screens can carry data: not cloned).
        let kind = match screen {
            Screen::Pin => FirstScreen::Pin,
            Screen::Welcome => FirstScreen::Welcome,
            _ => FirstScreen::Other,
        };
        self.screen.set(screen);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        // Once the new screen is drawn, focus goes where the person continues: into the
        // screen's first field when it asks for one (PIN, code: no click needed before
        // typing; `autofocus` does nothing on inserted elements), else to its heading,
        // which screen readers then announce.
        request_animation_frame(move || {
            let document = document();
            let element =
                |css: &str| {
                    document.query_selector(css).ok().flatten().and_then(|e| {
                        wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()
                    })
                };
            // Never away from where the person already is (they may be typing: a late
            // frame moved the focus in the middle of a password).
            let in_screen = document
                .active_element()
                .is_some_and(|active| active.closest("main").ok().flatten().is_some());
            if !in_screen {
                if let Some(field) = element("main [autofocus]") {
                    let _ = field.focus();
                } else if let Some(heading) = element("main h1") {
                    let _ = heading.set_attribute("tabindex", "-1");
                    let _ = heading.focus();
                }
            }
            tell_first_screen(kind);
        });
    }
}

/// Tells the shell once, at start, that the first screen is ready for input.
fn tell_first_screen(screen: FirstScreen) {
    static TOLD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if TOLD.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    leptos::task::spawn_local(async move {
        let _ = crate::backend::first_screen_ready(screen).await;
    });
}

pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}

const REGISTRATION_KEY: &str = "dossier.registered-as";

/// The registered device's name as the last start learned it, from the webview's storage.
pub fn remembered_registration() -> Option<String> {
    window().local_storage().ok().flatten()?.get_item(REGISTRATION_KEY).ok().flatten()
}

fn remember_registration(name: Option<&str>) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = match name {
            Some(name) => storage.set_item(REGISTRATION_KEY, name),
            None => storage.remove_item(REGISTRATION_KEY),
        };
    }
}
