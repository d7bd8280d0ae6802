//! Which screen is shown. A small state machine instead of URL routing: the app has no
//! address bar, and screens carry the data they were opened with.

use dossier_api::shell::{CodeAskedView, HomeView};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    Welcome,
    Login,
    /// Step two of the login: which code to enter.
    Code(CodeAskedView),
    Home(HomeView),
    Settings(HomeView),
    ForgotPassword,
    BlockCard,
    RequestCard,
}

/// The current screen, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Navigator {
    screen: RwSignal<Screen>,
}

impl Navigator {
    pub fn provide() -> Self {
        let navigator = Self { screen: RwSignal::new(Screen::Welcome) };
        provide_context(navigator);
        navigator
    }

    pub fn screen(&self) -> Screen {
        self.screen.get()
    }

    pub fn go(&self, screen: Screen) {
        self.screen.set(screen);
        // Each screen starts at its top, and screen readers announce the new heading.
        if let Some(heading) = document().query_selector("main h1").ok().flatten() {
            let _ = heading.set_attribute("tabindex", "-1");
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}
