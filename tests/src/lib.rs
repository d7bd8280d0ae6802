//! dossier-e2e: the end-to-end harness.
//!
//! Each test gets its own world: a dossier-server on 127.0.0.1 with a fresh SQLite database
//! and the demo data, its own Xvfb display, its own tauri-driver (with WebKitWebDriver) on
//! free ports, and the built app with fresh data folders, driven through fantoccini.
//! Screenshots go to `target/e2e-screenshots/`. Tests take a global lock and run one at a
//! time: two WebKit instances on a 2-core machine would make each other time out.

use std::{
    io::{BufRead, BufReader},
    net::{SocketAddr, TcpListener as StdListener},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use dossier_server::{
    AppState, Clock, Database, RunningServer, ServerSettings, config::sqlite_url, demo::DemoCard,
};
use dossier_test_kit::{logs, outbox};
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard};

static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// The app's identifier (tauri.conf.json): its data folder's name.
pub const APP_IDENTIFIER: &str = "be.dossier.app";

/// Phone size (CSS pixels) used for the mobile screenshots.
pub const PHONE: (u32, u32) = (390, 844);
/// A smaller phone (many Android phones): every screen is checked at this width too.
pub const SMALL_PHONE: (u32, u32) = (360, 740);
/// Desktop size used for the desktop screenshots.
pub const DESKTOP: (u32, u32) = (1280, 800);

/// One running app with its server, display and driver.
pub struct E2e {
    pub client: Client,
    webdriver: String,
    capabilities: serde_json::Map<String, serde_json::Value>,
    app: PathBuf,
    name: String,
    /// Where the app's log goes (a run with a log folder), for a failure's report.
    app_log: Option<PathBuf>,
    server: Option<RunningServer>,
    server_addr: SocketAddr,
    /// The server's SQLite database, for staff commands run as their own process.
    database_url: String,
    state: AppState,
    clock: MovableClock,
    /// The demo patients' cards, to log in with.
    pub cards: Vec<DemoCard>,
    outbox: PathBuf,
    driver: Child,
    xvfb: Child,
    display: String,
    _dirs: TempDir,
    _turn: MutexGuard<'static, ()>,
    /// What screenshots scroll into view after each resize (a part below the fold).
    scroll_to: std::sync::Mutex<Option<String>>,
}

impl E2e {
    /// Starts everything for the test called `name` and waits until the app window loaded.
    pub async fn start(name: &str) -> anyhow::Result<Self> {
        Self::start_app(name, app_binary()?).await
    }

    /// [`Self::start`] with the app binary at `app` (an installed package's).
    pub async fn start_app(name: &str, app: PathBuf) -> anyhow::Result<Self> {
        let turn = ONE_AT_A_TIME.lock().await;
        let dirs = tempfile::tempdir()?;

        logs::log_to_test_dir();
        let database_url = sqlite_url(&dirs.path().join("server.sqlite3"));
        let db = Database::open(&database_url).await?;
        let outbox = dirs.path().join("outbox");
        let clock = MovableClock::default();
        // Bound first: links the server makes (a share code's page) carry its real port.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let settings = ServerSettings {
            public_url: format!("http://{}", listener.local_addr()?),
            ..ServerSettings::for_tests(&outbox)
        };
        let state = AppState::open(db, clock.clone(), &settings).await?;
        let summary = dossier_test_kit::seed_demo(&state).await?;
        let server = dossier_server::start(listener, state.clone())?;
        let server_addr = server.addr();
        forget_devices_of(&server.url())?;

        let (xvfb, display) = start_xvfb()?;
        let [driver_port, native_port] = free_ports()?;
        for sub in ["data", "config", "cache", "runtime"] {
            std::fs::create_dir_all(dirs.path().join(sub))?;
        }
        let app_log = logs::log_file_for(&format!("app-{name}"));
        let mut driver = Command::new("tauri-driver");
        app_environment(&mut driver, &display, &server.url(), dirs.path());
        let driver = driver
            .args(["--port", &driver_port.to_string(), "--native-port", &native_port.to_string()])
            // Not WEBKIT_DISABLE_COMPOSITING_MODE: with it, WebDriver screenshots hang.
            .env("DOSSIER_LOG", "debug")
            .stdout(Stdio::null())
            .stderr(log_to(app_log.as_deref()))
            .spawn()
            .context("cannot start tauri-driver: run scripts/setup --test")?;

        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app },
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
        // Wait for tauri-driver and the WebKitWebDriver it starts to listen, then ask for one
        // session: tauri-driver drops a request it cannot forward yet (seen on a slow CI
        // machine), and retrying the session request itself could launch a second app.
        wait_for_listener("tauri-driver", driver_port).await?;
        wait_for_listener("WebKitWebDriver", native_port).await?;
        let webdriver = format!("http://127.0.0.1:{driver_port}");
        let client = new_session(&webdriver, &capabilities).await?;
        let e2e = Self {
            client,
            webdriver,
            capabilities,
            app,
            name: name.to_owned(),
            app_log,
            server: Some(server),
            server_addr,
            database_url,
            state,
            clock,
            cards: summary.cards,
            outbox,
            driver,
            xvfb,
            display,
            _dirs: dirs,
            _turn: turn,
            scroll_to: std::sync::Mutex::new(None),
        };
        e2e.wait_for("h1", Duration::from_secs(30)).await.context("the UI never appeared")?;
        Ok(e2e)
    }

    /// Waits until an element matching `css` exists and returns it.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> anyhow::Result<Element> {
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                return Ok(element);
            }
            if started.elapsed() > timeout {
                // What the screen showed instead, for the failure's report.
                let shown = self.text("body").await.unwrap_or_default();
                if let (Ok(png), Ok(dir)) = (self.client.screenshot().await, screenshot_dir()) {
                    let _ = std::fs::create_dir_all(&dir);
                    let _ = std::fs::write(dir.join(format!("{}-failed.png", self.name)), png);
                }
                bail!(
                    "{css} did not appear within {timeout:?}; the screen shows:\n{shown}{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The sizes every screen is looked at: phone, small phone, desktop.
    const SIZES: [((u32, u32), &'static str); 3] =
        [(PHONE, "phone"), (SMALL_PHONE, "phone360"), (DESKTOP, "desktop")];

    /// Screenshots of the current screen at phone, small phone and desktop size
    /// (`<label>-<lang>-phone`, `-phone360`, `-desktop`), each checked as
    /// [`Self::look_at_size`] says.
    pub async fn look(&self, label: &str, language: &str) -> anyhow::Result<()> {
        for (size, name) in Self::SIZES {
            self.look_at_size(label, language, size, name).await?;
        }
        Ok(())
    }

    /// A screenshot at `size` (`<label>-<lang>-<name>`), checked for text that is cut off
    /// (see [`cut_off`]), for a page wider than the window, and, on phones, for touch
    /// targets smaller than 44 px (see [`small_targets`]).
    async fn look_at_size(
        &self,
        label: &str,
        language: &str,
        size: (u32, u32),
        name: &str,
    ) -> anyhow::Result<()> {
        const READ: &str = "h1, h2, p, label, button, select, input, th, td, .code-cell, \
                            .table-wrap, .badge, .report-title";
        self.screenshot(&format!("{label}-{language}-{name}"), size).await?;
        check_page(&self.client, READ, &format!("{label} ({language}, {name})"), size != DESKTOP)
            .await
    }

    /// On the Access screen: the "Who looked" tab, brought up to date with the server once
    /// its update button can be pressed (the update then runs; wait for what it brings).
    pub async fn update_access_log(&self, wait: Duration) -> anyhow::Result<()> {
        self.click("#tab-who-did").await?;
        self.wait_for("#log-entries", wait).await?;
        self.wait_for("#log-update:not([disabled])", wait).await?;
        self.click("#log-update").await
    }

    /// Presses "Update now" as a person does once it can be pressed (a sync already
    /// running disables it: a press then does nothing), and waits until that update ended.
    pub async fn update_now(&self, wait: Duration) -> anyhow::Result<()> {
        self.wait_for("#sync-now:not([disabled])", wait).await?;
        // Done is when the list shows a later sync time (seconds: the one before this must
        // be at least a second old), not when the button is enabled again: under load the
        // test can look before the click has disabled it.
        let before = self.wait_for("#sync-status", wait).await?.attr("data-last-synced").await?;
        self.click("#sync-now").await?;
        let done = match before {
            Some(at) => format!("#sync-status[data-last-synced]:not([data-last-synced=\"{at}\"])"),
            None => "#sync-status[data-last-synced]".to_owned(),
        };
        let started = Instant::now();
        while self.client.find(Locator::Css(&done)).await.is_err() {
            if let Ok(error) = self.text(".form-error").await {
                bail!("updating failed: {error}");
            }
            if started.elapsed() > wait {
                bail!("no sync completed within {wait:?}: {}", self.text("#sync-status").await?);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.wait_for("#sync-now:not([disabled])", wait).await?;
        Ok(())
    }

    /// Whether the field `id` asks phones for the digit keyboard and stays in view, with
    /// its button `submit`, while that keyboard is open: the window shrinks to what a
    /// 390 x 844 phone shows above its keyboard (about 460 px, as the webview resizes).
    pub async fn usable_with_keyboard(&self, id: &str, submit: &str) -> anyhow::Result<()> {
        let field = self.client.find(Locator::Id(id)).await?;
        anyhow::ensure!(
            field.attr("inputmode").await?.as_deref() == Some("numeric"),
            "#{id} does not ask for the digit keyboard"
        );
        self.screenshot(&format!("{id}-with-keyboard"), (PHONE.0, 460)).await?;
        const SCRIPT: &str = r#"
            const hidden = [];
            for (const id of arguments) {
                const r = document.getElementById(id).getBoundingClientRect();
                if (r.top < 0 || r.bottom > window.innerHeight) hidden.push(id + ': ' + Math.round(r.top) + '..' + Math.round(r.bottom) + ' of ' + window.innerHeight);
            }
            return hidden;"#;
        let hidden = self.client.execute(SCRIPT, vec![id.into(), submit.into()]).await?;
        let hidden: Vec<String> = serde_json::from_value(hidden)?;
        anyhow::ensure!(hidden.is_empty(), "under the keyboard: {hidden:?}");
        Ok(())
    }

    /// [`Self::look_in_every_language`] with the part `css` scrolled into view in each
    /// screenshot: what lies below the fold at phone width.
    pub async fn look_in_every_language_at(&self, label: &str, css: &str) -> anyhow::Result<()> {
        if let Ok(mut target) = self.scroll_to.lock() {
            *target = Some(css.to_owned());
        }
        let looked = self.look_in_every_language(label).await;
        if let Ok(mut target) = self.scroll_to.lock() {
            *target = None;
        }
        looked
    }

    /// Each language in turn, [`Self::look`] at the screen; back to English at the end.
    /// Sizes outside, languages inside: a resize waits for WebKit's repaint (about a
    /// second), a language change only for the text, so three resizes instead of nine
    /// take minutes off a full run.
    pub async fn look_in_every_language(&self, label: &str) -> anyhow::Result<()> {
        for (size, name) in Self::SIZES {
            for language in ["nl", "fr", "en"] {
                self.click(&format!("#language-{language}")).await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                self.look_at_size(label, language, size, name).await?;
            }
        }
        Ok(())
    }

    /// The id of the element that has the keyboard focus.
    pub async fn focused_id(&self) -> anyhow::Result<String> {
        let id = self.client.execute("return document.activeElement.id || ''", vec![]).await?;
        Ok(id.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the element with this id has the keyboard focus (a screen moves it
    /// once it is drawn).
    pub async fn wait_for_focus(&self, id: &str) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            let focused = self.focused_id().await?;
            if focused == id {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(3) {
                bail!("the focus is on {focused:?}, not on #{id}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The app's own data folder (keys excepted: they are in the keychain).
    pub fn app_data_dir(&self) -> PathBuf {
        self._dirs.path().join("data").join(APP_IDENTIFIER)
    }

    /// Opens the record of `given_name` from the switcher ("Records" in the header).
    pub async fn switch_to(&self, given_name: &str, wait: Duration) -> anyhow::Result<()> {
        self.wait_for("#go-records", wait).await?;
        self.click("#go-records").await?;
        self.wait_for("#record-list", wait).await?;
        for record in self.client.find_all(Locator::Css("#record-list .record")).await? {
            if record.text().await?.contains(given_name) {
                record.find(Locator::Css(".record-open")).await?.click().await?;
                return Ok(());
            }
        }
        bail!("{given_name} is not in the switcher")
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> anyhow::Result<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// An attribute of the first element matching `css` ("" when it has none).
    pub async fn attribute(&self, css: &str, name: &str) -> anyhow::Result<String> {
        let element = self.client.find(Locator::Css(css)).await?;
        Ok(element.attr(name).await?.unwrap_or_default())
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, n: usize, wait: Duration) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            let found = self.count(css).await?;
            if found == n {
                return Ok(());
            }
            anyhow::ensure!(started.elapsed() < wait, "{css}: {found}, not {n}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Types `pin` on the PIN screen once it shows, and sends it.
    pub async fn enter_pin(&self, pin: &str, wait: Duration) -> anyhow::Result<()> {
        self.wait_for("#pin", wait).await?;
        self.fill("pin", pin).await?;
        self.click("#pin-submit").await
    }

    /// Clicks the element matching `css`, waiting up to 20 s for it to appear: a screen
    /// behind a lazy split point draws once its chunk arrived, which on a loaded machine
    /// can follow the click that opened it by more than a moment.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.wait_for(css, Duration::from_secs(20)).await?.click().await?;
        Ok(())
    }

    /// The window as PNG. WebKitWebDriver sometimes answers a snapshot with an empty error
    /// on a loaded 2-core machine (CI with two runs at once): asked again after a pause, it
    /// answers; a page that really crashed fails every time.
    async fn snapshot(&self) -> anyhow::Result<Vec<u8>> {
        let mut tries = 0;
        loop {
            match self.client.screenshot().await {
                Ok(png) => return Ok(png),
                // Seen failing three times in a row at 1 s while the machine also built
                // another target, and once five times at 2 s in CI: eight tries, two
                // seconds apart, and after the third a resize there and back, which makes
                // WebKit paint a fresh frame should it have none to give.
                Err(_) if tries < 7 => {
                    tries += 1;
                    if tries == 3
                        && let Ok((width, height)) = self.client.get_window_size().await
                    {
                        let (width, height) = (width as u32, height as u32);
                        let _ = self.client.set_window_size(width + 1, height).await;
                        let _ = self.client.set_window_size(width, height).await;
                    }
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                Err(error) => return Err(error.into()),
            }
        }
    }

    /// Resizes the window to `size` and saves a screenshot as `<test>-<label>.png`.
    pub async fn screenshot(&self, label: &str, size: (u32, u32)) -> anyhow::Result<PathBuf> {
        let current = self.client.get_window_size().await?;
        if current != (u64::from(size.0), u64::from(size.1)) {
            self.client.set_window_size(size.0, size.1).await?;
            // WebKit repaints after a resize at its own pace; a first snapshot right after
            // the resize can still show the old frame.
            tokio::time::sleep(Duration::from_millis(800)).await;
            let _ = self.snapshot().await?;
        }
        let target = self.scroll_to.lock().ok().and_then(|t| t.clone());
        if let Some(css) = target {
            let script = "document.querySelector(arguments[0])?.scrollIntoView({block: 'start'})";
            self.client.execute(script, vec![css.into()]).await?;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = self.snapshot().await?;
        let dir = screenshot_dir()?;
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{}-{label}.png", self.name));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Logs `user_name` in with their code card, as a person types it: user name and
    /// password, then the code the app asks for. Starts from the welcome or login screen.
    pub async fn code_card_login(&self, user_name: &str, wait: Duration) -> anyhow::Result<()> {
        let card = self.card(user_name);
        // From the welcome screen; "register again" opens the login screen itself.
        if self.client.find(Locator::Id("login-title")).await.is_err() {
            self.click("#go-login").await?;
        }
        self.wait_for("#login-title", wait).await?;
        self.fill("user-name", &card.user_name).await?;
        self.fill("password", card.password.expose()).await?;
        self.click("#login-next").await?;
        self.wait_for("#code-title", wait).await?;
        let index = self.asked_code_index().await?;
        self.fill("code", card.code(index).expose()).await?;
        self.click("#code-submit").await
    }

    /// Logs `user_name` in with their code card and registers this device with `pin`, as a
    /// person does after a first login; ends on the home screen.
    pub async fn register_device(
        &self,
        user_name: &str,
        pin: &str,
        wait: Duration,
    ) -> anyhow::Result<()> {
        logs::record_secrets([pin]);
        self.code_card_login(user_name, wait).await?;
        self.wait_for("#register-title", wait).await?;
        self.fill("new-pin", pin).await?;
        self.fill("repeat-pin", pin).await?;
        self.click("#register-submit").await?;
        self.wait_for("#home-title", wait).await?;
        Ok(())
    }

    /// The code the code screen asks for ("Enter code 8" -> 8).
    pub async fn asked_code_index(&self) -> anyhow::Result<u8> {
        let heading = self.text("#code-title").await?;
        Ok(heading.rsplit(' ').next().unwrap_or_default().parse()?)
    }

    /// A folder of this test's own, for files the app saves.
    /// The links the app asked the system browser to open, oldest first.
    pub fn opened_links(&self) -> Vec<String> {
        let log = self._dirs.path().join("opened-links.txt");
        std::fs::read_to_string(log).unwrap_or_default().lines().map(str::to_owned).collect()
    }

    /// Waits until the app asked the browser to open a link starting with `prefix`.
    pub async fn wait_for_opened_link(
        &self,
        prefix: &str,
        wait: Duration,
    ) -> anyhow::Result<String> {
        let started = Instant::now();
        loop {
            if let Some(link) = self.opened_links().into_iter().find(|l| l.starts_with(prefix)) {
                return Ok(link);
            }
            if started.elapsed() > wait {
                bail!(
                    "no link starting with {prefix} was opened; opened: {:?}",
                    self.opened_links()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub fn files_dir(&self) -> PathBuf {
        self._dirs.path().join("files")
    }

    fn xdotool(&self, args: &[&str]) -> anyhow::Result<std::process::Output> {
        Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .context("cannot run xdotool: run scripts/setup --test")
    }

    /// Waits for a native window titled `title` (a system dialog) and focuses it.
    pub async fn wait_for_window(&self, title: &str) -> anyhow::Result<String> {
        let started = Instant::now();
        let window = loop {
            let found = self.xdotool(&["search", "--onlyvisible", "--name", title])?;
            let id = String::from_utf8_lossy(&found.stdout).lines().next().map(str::to_owned);
            if let Some(id) = id {
                break id;
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!("no window titled {title:?} appeared");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        // The dialog maps before its widgets take keyboard focus.
        tokio::time::sleep(Duration::from_millis(800)).await;
        self.xdotool(&["windowfocus", "--sync", &window])?;
        Ok(window)
    }

    /// Whether a native window titled `title` is on screen.
    pub fn window_shown(&self, title: &str) -> anyhow::Result<bool> {
        let found = self.xdotool(&["search", "--onlyvisible", "--name", title])?;
        Ok(!found.stdout.is_empty())
    }

    /// Presses `key` (xdotool names: "Escape", "Return") in the focused window.
    pub fn press_key(&self, key: &str) -> anyhow::Result<()> {
        self.xdotool(&["key", "--clearmodifiers", key])?;
        Ok(())
    }

    /// Answers the system's save dialog titled `title` as a person would: types the full
    /// path into the name field and presses Enter (GTK's file chooser accepts a path
    /// there). Driven with xdotool on the test's own display.
    pub async fn answer_save_dialog(&self, title: &str, path: &Path) -> anyhow::Result<()> {
        self.wait_for_window(title).await?;
        self.press_key("ctrl+a")?;
        let path = path.to_str().context("path is not UTF-8")?;
        self.xdotool(&["type", "--delay", "20", path])?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.press_key("Return")
    }

    /// Stops the server, as when the network or the hospital is down.
    pub async fn stop_server(&mut self) -> anyhow::Result<()> {
        if let Some(server) = self.server.take() {
            server.stop().await?;
        }
        Ok(())
    }

    /// Starts the server again on the same address and database.
    pub async fn restart_server(&mut self) -> anyhow::Result<()> {
        let listener = tokio::net::TcpListener::bind(self.server_addr).await?;
        self.server = Some(dossier_server::start(listener, self.state.clone())?);
        Ok(())
    }

    /// The demo card of the patient with this user name.
    pub fn card(&self, user_name: &str) -> &DemoCard {
        self.cards
            .iter()
            .find(|c| c.user_name == user_name)
            .expect("a demo card with that user name")
    }

    /// The e-mails the server sent so far.
    pub fn outbox(&self) -> Vec<outbox::OutboxMail> {
        outbox::read_outbox(&self.outbox)
    }

    /// Types `text` into the field with this id, replacing what it held, and checks it
    /// arrived whole: WebKitWebDriver now and then loses a key on a busy 2-core machine
    /// (a code-card login then failed in CI with the right code), so it types again.
    pub async fn fill(&self, id: &str, text: &str) -> anyhow::Result<()> {
        for _ in 0..3 {
            let before = self.field_values().await?;
            self.type_into(id, text).await?;
            // Under load WebKit can deliver keys to the field that had the focus before
            // WebDriver moved it here (a user name once took the end of a password): any
            // other field that changed gets its value back, and this one is typed again.
            let after = self.field_values().await?;
            let mut leaked = false;
            for (other, value) in &before {
                if other != id && after.get(other).is_some_and(|now| now != value) {
                    leaked = true;
                    self.type_into(other, value).await?;
                }
            }
            let field = self.client.find(Locator::Id(id)).await?;
            if !leaked && field.prop("value").await?.as_deref() == Some(text) {
                return Ok(());
            }
        }
        bail!("#{id} did not take what was typed")
    }

    /// Clears the field with this id and types `text` into it.
    async fn type_into(&self, id: &str, text: &str) -> anyhow::Result<()> {
        let field = self.client.find(Locator::Id(id)).await?;
        field.clear().await?;
        // Nothing to type: a space taken back, so the page hears the field change
        // (WebDriver's clear alone fires no input event, and it refuses an empty text).
        let keys = if text.is_empty() { " \u{E003}" } else { text };
        field.send_keys(keys).await?;
        Ok(())
    }

    /// The value of every field with an id on the screen, by id.
    async fn field_values(&self) -> anyhow::Result<std::collections::HashMap<String, String>> {
        const SCRIPT: &str = "return Array.from(document.querySelectorAll('input[id], textarea[id]'))\
            .filter(e => e.type !== 'checkbox' && e.type !== 'radio' && e.type !== 'file')\
            .map(e => [e.id, e.value]);";
        let found = self.client.execute(SCRIPT, vec![]).await?;
        let pairs: Vec<(String, String)> = serde_json::from_value(found)?;
        Ok(pairs.into_iter().collect())
    }

    /// Waits until the element matching `css` shows `text` somewhere in its text.
    pub async fn wait_for_text(
        &self,
        css: &str,
        text: &str,
        timeout: Duration,
    ) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            if let Ok(found) = self.text(css).await
                && found.contains(text)
            {
                return Ok(());
            }
            if started.elapsed() > timeout {
                let found = self.text(css).await.unwrap_or_default();
                bail!(
                    "{css} did not show {text:?} within {timeout:?}; it shows {found:?}{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The last lines of the app's log, for a failure's report (the log holds no secrets:
    /// the log audit checks it).
    fn log_tail(&self) -> String {
        const LINES: usize = 30;
        let Some(log) = self.app_log.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) else {
            return String::new();
        };
        // Without the HTTP pool's chatter, which would fill the tail.
        let lines: Vec<&str> = log.lines().filter(|l| !l.contains("hyper_util")).collect();
        let tail = lines[lines.len().saturating_sub(LINES)..].join("\n");
        format!("\nthe app's log ends with:\n{tail}")
    }

    /// Counts `times` failed logins for `user_name` on the server, as if someone had typed
    /// wrong passwords: sets up the "slowed down" state without waiting through the UI.
    pub async fn fail_logins(&self, user_name: &str, times: u32) -> anyhow::Result<()> {
        let mut conn = self.state.db.pool().acquire().await?;
        let key = self.state.keyer.key_of(user_name);
        for _ in 0..times {
            dossier_server::login::record_failure(&mut conn, &key, self.state.now()).await?;
        }
        Ok(())
    }

    /// Presses Enter in the field with this id (submits its form, as a keyboard user does).
    pub async fn press_enter(&self, id: &str) -> anyhow::Result<()> {
        self.client.find(Locator::Id(id)).await?.send_keys("\u{E007}").await?;
        Ok(())
    }

    /// The national register number of the demo patient with this given name.
    /// The server's services, for what staff do during a test (approve a request).
    /// Runs `dossier-server admin <args>` (the binary next to the app's) on this test's
    /// database and server, as staff run it; its standard output, trimmed. `env` is added
    /// to its environment (a provider key goes there, never on the command line).
    pub async fn staff(&self, args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<String> {
        let binary = profile_dir()?.join("dossier-server");
        anyhow::ensure!(binary.exists(), "{} is missing: build it first", binary.display());
        let output = tokio::process::Command::new(binary)
            .arg("admin")
            .args(["--database-url", &self.database_url])
            .args(args)
            // Mail into the server's outbox, with links to the server, as staff's own run
            // would be configured.
            .env("DOSSIER_MAIL", format!("file:{}", self.outbox.display()))
            .env("DOSSIER_PUBLIC_URL", self.server_url())
            .envs(env.iter().copied())
            .env_remove("DOSSIER_CLOCK")
            .output()
            .await?;
        let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        anyhow::ensure!(
            output.status.success(),
            "dossier-server admin {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Ok(stdout)
    }

    /// A web browser on this test's display (WebKitGTK's MiniBrowser, the engine the app
    /// runs on, driven by its own WebKitWebDriver), for the pages the server serves to
    /// any browser: a questionnaire from an e-mail.
    pub async fn open_browser(&self) -> anyhow::Result<Browser> {
        let binary = std::fs::read_dir("/usr/lib")?
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
            .find(|path| path.exists())
            .context("MiniBrowser (libwebkit2gtk-4.1-0) is missing: run scripts/setup --test")?;
        let [port] = free_ports()?;
        let driver = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .env("DISPLAY", &self.display)
            .env("XDG_DATA_HOME", self._dirs.path().join("browser"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start WebKitWebDriver: run scripts/setup --test")?;
        wait_for_listener("WebKitWebDriver (browser)", port).await?;
        let capabilities = serde_json::json!({
            "browserName": "MiniBrowser",
            "webkitgtk:browserOptions": {
                "binary": binary,
                "args": ["--automation"],
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = new_session(&format!("http://127.0.0.1:{port}"), &capabilities).await?;
        Ok(Browser { client, driver, name: format!("{}-browser", self.name) })
    }

    /// The test's server, as an address a staff command reaches.
    pub fn server_url(&self) -> String {
        format!("http://{}", self.server_addr)
    }

    pub fn server_state(&self) -> &AppState {
        &self.state
    }

    /// Chooses `path` in the file field with this id, as the file picker would: WebDriver
    /// types a path into a file field and the page gets its `change` event.
    pub async fn choose_file(&self, id: &str, path: &Path) -> anyhow::Result<()> {
        let path = path.to_str().context("path is not UTF-8")?;
        self.client.find(Locator::Id(id)).await?.send_keys(path).await?;
        Ok(())
    }

    /// Sets a field the WebDriver cannot type into the same way everywhere (a date
    /// picker) as a person's choice would: the value, then the input event.
    pub async fn set_value(&self, id: &str, value: &str) -> anyhow::Result<()> {
        self.client
            .execute(
                "const field = document.getElementById(arguments[0]); field.value = arguments[1]; \
                 field.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![id.into(), value.into()],
            )
            .await?;
        Ok(())
    }

    /// Moves the server's clock forward (a birthday, a death) without waiting: the app
    /// learns the time from the server's answers.
    pub fn advance_server_clock(&self, seconds: i64) {
        self.clock.0.fetch_add(seconds, std::sync::atomic::Ordering::SeqCst);
    }

    pub async fn register_number_of(&self, given_name: &str) -> anyhow::Result<String> {
        let (number,): (String,) =
            sqlx::query_as("SELECT national_register_number FROM patients WHERE given_name = $1")
                .bind(given_name)
                .fetch_one(self.state.db.pool())
                .await?;
        logs::record_secrets([number.as_str()]);
        Ok(number)
    }

    /// Hospital `hospital_id` validates a report of `report_type` for the patient
    /// `given_name` now, as after the patient's last visit. Returns its title.
    pub async fn hospital_sends_report(
        &self,
        given_name: &str,
        hospital_id: &str,
        report_type: dossier_api::reports::ReportType,
    ) -> anyhow::Result<String> {
        let (patient,): (String,) = sqlx::query_as("SELECT id FROM patients WHERE given_name = $1")
            .bind(given_name)
            .fetch_one(self.state.db.pool())
            .await?;
        let now = self.state.now();
        let at = chrono::DateTime::from_timestamp(now, 0).context("the server's time")?;
        let title = format!("Follow-up {} ({hospital_id})", report_type.as_str());
        let report = dossier_server::reports::IncomingReport {
            source_id: format!("e2e-{hospital_id}-{}", report_type.as_str()),
            hospital_id: hospital_id.into(),
            report_type,
            title: title.clone(),
            author: "Dr. C. Lambert".into(),
            performed_on: at.date_naive(),
            status: dossier_server::reports::IncomingStatus::Validated { at },
            source_version: Default::default(),
            body: "Favourable course.".into(),
            lab_values: Vec::new(),
        };
        let mut conn = self.state.db.pool().acquire().await?;
        dossier_server::reports::import(&mut conn, &patient, &report, now)
            .await?
            .map_err(|refusal| anyhow::anyhow!("report refused: {refusal}"))?;
        Ok(title)
    }

    /// Quits the app and starts it again, with the same data folders and keychain: what a
    /// patient does when closing and reopening it.
    pub async fn restart_app(&mut self) -> anyhow::Result<()> {
        let _ = self.client.clone().close().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        self.client = new_session(&self.webdriver, &self.capabilities).await?;
        self.wait_for("h1", Duration::from_secs(30)).await.context("the UI never appeared")?;
        Ok(())
    }

    /// Quits the app and starts it again, timing how long until the WebDriver session
    /// answered (the app's process and window exist) and until the element matching
    /// `ready` exists and has the keyboard focus (a field one can type in at once).
    pub async fn restart_app_timed(&mut self, ready: &str) -> anyhow::Result<(Duration, Duration)> {
        let _ = self.client.clone().close().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let started = Instant::now();
        self.client = new_session(&self.webdriver, &self.capabilities).await?;
        let session = started.elapsed();
        let script = format!(
            "const e = document.querySelector('{ready}'); return e !== null && e === document.activeElement;"
        );
        loop {
            if self.client.execute(&script, vec![]).await?.as_bool() == Some(true) {
                return Ok((session, started.elapsed()));
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(30),
                "{ready} never got the focus"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Quits the app (ends the WebDriver session), leaving its data and keychain entry.
    pub async fn quit_app(&mut self) -> anyhow::Result<()> {
        let _ = self.client.clone().close().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(())
    }

    /// Starts the app as a person does, without WebDriver, with this test's display, data
    /// folders and server; its log (at `info`) comes through the child's stderr.
    pub fn launch_app_directly(&self) -> anyhow::Result<Child> {
        let mut app = Command::new(&self.app);
        let server = format!("http://{}", self.server_addr);
        app_environment(&mut app, &self.display, &server, self._dirs.path());
        app.env("DOSSIER_LOG", std::env::var("DOSSIER_BENCH_LOG").unwrap_or_else(|_| "info".into()))
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot start the app")
    }

    /// Whether the app process is still alive (tauri-driver answers for it).
    pub async fn app_responds(&self) -> bool {
        self.client.title().await.is_ok()
    }

    /// Closes the session (which quits the app) and stops the rest.
    pub async fn finish(mut self) -> anyhow::Result<()> {
        let _ = self.client.clone().close().await;
        self.stop_server().await?;
        Ok(())
    }
}

/// A browser on the test's display (see [`E2e::open_browser`]).
pub struct Browser {
    pub client: Client,
    driver: Child,
    name: String,
}

impl Browser {
    /// Saves the page at phone and desktop size as `<test>-browser-<label>-{phone,desktop}`,
    /// each checked, as the app's screens are, for text cut off, a page wider than the
    /// window and (on the phone) touch targets under 44 px.
    pub async fn look(&self, label: &str) -> anyhow::Result<()> {
        const READ: &str = "h1, p, label, legend, button, input, dd, dt, a";
        for (size, kind) in [(PHONE, "phone"), (DESKTOP, "desktop")] {
            self.client.set_window_size(size.0, size.1).await?;
            tokio::time::sleep(Duration::from_millis(800)).await;
            let _ = self.client.screenshot().await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let png = self.client.screenshot().await?;
            let dir = screenshot_dir()?;
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(format!("{}-{label}-{kind}.png", self.name)), png)?;
            check_page(&self.client, READ, &format!("{label} ({kind})"), size == PHONE).await?;
        }
        Ok(())
    }

    /// [`Self::look`] in Dutch, French and English (`<label>-<lang>`), each reached by the
    /// page's own language links, as a person switches; the page ends in English.
    pub async fn look_in_every_language(&self, label: &str) -> anyhow::Result<()> {
        for lang in ["nl", "fr", "en"] {
            if let Ok(link) =
                self.client.find(Locator::Css(&format!("nav.languages a[hreflang={lang}]"))).await
            {
                link.click().await?;
                self.client.wait().for_element(Locator::Css(&format!("html[lang={lang}]"))).await?;
            }
            let shown: String = self
                .client
                .execute("return document.documentElement.lang", vec![])
                .await?
                .as_str()
                .unwrap_or_default()
                .to_owned();
            anyhow::ensure!(shown == lang, "{label}: the page stayed in {shown}, not {lang}");
            self.look(&format!("{label}-{lang}")).await?;
        }
        Ok(())
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    /// Types `text` into the field `id`, replacing what it held.
    pub async fn fill(&self, id: &str, text: &str) -> anyhow::Result<()> {
        let field = self.client.find(Locator::Id(id)).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.client.find(Locator::Css(css)).await?.click().await?;
        Ok(())
    }

    /// Waits until the page's `h1` holds `text`.
    pub async fn wait_for_title(&self, text: &str, timeout: Duration) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            if let Ok(h1) = self.client.find(Locator::Css("h1")).await
                && h1.text().await.is_ok_and(|t| t.contains(text))
            {
                return Ok(());
            }
            if started.elapsed() > timeout {
                let now = self.text("h1").await.unwrap_or_default();
                bail!("the page's title never said {text:?} (it says {now:?})");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn close(mut self) -> anyhow::Result<()> {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

impl Drop for E2e {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// What the app under test runs with, started by tauri-driver or directly: this test's
/// display, server and fresh data folders (no language choice left over from another
/// test), in English.
fn app_environment(command: &mut Command, display: &str, server: &str, dirs: &Path) {
    command
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("DOSSIER_SERVER_URL", server)
        .env("XDG_DATA_HOME", dirs.join("data"))
        .env("XDG_CONFIG_HOME", dirs.join("config"))
        .env("XDG_CACHE_HOME", dirs.join("cache"))
        .env("LANG", "en_US.UTF-8")
        .env("LANGUAGE", "en");
    // The system browser is a stand-in that notes each link it is asked to open: no real
    // browser starts in a test, and a test reads what the app opened (`opened_links`).
    if let Ok(bin) = browser_stand_in(dirs) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![bin];
        paths.extend(std::env::split_paths(&path));
        if let Ok(joined) = std::env::join_paths(paths) {
            command.env("PATH", joined);
        }
    }
}

/// `xdg-open` (the first command the opener tries on Linux) writing its argument to
/// `opened-links.txt` in the test's folder; the folder holding it.
fn browser_stand_in(dirs: &Path) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let bin = dirs.join("bin");
    std::fs::create_dir_all(&bin)?;
    let script = bin.join("xdg-open");
    let log = dirs.join("opened-links.txt");
    let text = format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display());
    std::fs::write(&script, text)?;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    Ok(bin)
}

/// Asks tauri-driver for a session, which launches the app.
async fn new_session(
    webdriver: &str,
    capabilities: &serde_json::Map<String, serde_json::Value>,
) -> anyhow::Result<Client> {
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let mut builder = ClientBuilder::new(connector);
    let session = builder.capabilities(capabilities.clone()).connect(webdriver);
    tokio::time::timeout(Duration::from_secs(60), session)
        .await
        .context("no WebDriver session within 60 s")?
        .context("WebDriver refused the session")
}

/// The app under test: `DOSSIER_APP_BINARY`, else `dossier-app` next to this test's
/// target folder (built by `cargo build --workspace --all-targets`).
fn app_binary() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("DOSSIER_APP_BINARY") {
        return Ok(PathBuf::from(path));
    }
    let profile_dir = profile_dir()?;
    let app = profile_dir.join("dossier-app");
    if !app.exists() {
        bail!("{} is missing: build it first (scripts/test does)", app.display());
    }
    Ok(app)
}

/// target/<profile>, found from this test binary's own path (target/<profile>/deps/...).
fn profile_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .context("cannot locate the target folder")
}

/// `target/e2e-screenshots/`.
/// A PDF's text as poppler reads it.
pub fn pdf_text(pdf: &Path) -> anyhow::Result<String> {
    let out = std::process::Command::new("pdftotext").arg(pdf).arg("-").output()?;
    anyhow::ensure!(out.status.success(), "pdftotext failed");
    Ok(String::from_utf8(out.stdout)?)
}

/// Renders a PDF's first page next to the screenshots, to look at.
pub fn pdf_image(pdf: &Path, name: &str) -> anyhow::Result<()> {
    let dir = screenshot_dir()?;
    std::fs::create_dir_all(&dir)?;
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(pdf)
        .arg(dir.join(name))
        .status()?;
    anyhow::ensure!(status.success(), "pdftoppm failed");
    Ok(())
}

/// Elements matching `css` whose text does not fit in them, as "id: needed > width": a
/// select by its longest option, an input by its placeholder (or value), anything else
/// by its content's width. Empty when everything can be read whole.
async fn cut_off(client: &Client, css: &str) -> anyhow::Result<Vec<String>> {
    const SCRIPT: &str = r#"
        const css = arguments[0];
        const ctx = document.createElement('canvas').getContext('2d');
        const cut = [];
        for (const el of document.querySelectorAll(css)) {
            if (el.offsetParent === null) continue;
            // A check box or radio button shows no text of its own (its label does).
            if (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type)) continue;
            const style = getComputedStyle(el);
            ctx.font = style.font;
            const pad = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            const widest = (texts) => Math.max(0, ...texts.map(t => ctx.measureText(t).width));
            let need;
            if (el.tagName === 'SELECT') {
                // The list's arrow takes about 24 px.
                need = widest([...el.options].map(o => o.text)) + pad + 24;
            } else if (el.tagName === 'INPUT') {
                need = widest([el.placeholder || '', el.value || '']) + pad;
            } else {
                need = el.scrollWidth;
            }
            if (need > el.clientWidth + 1) {
                cut.push((el.id || el.className) + ': ' + Math.round(need) + ' > ' + el.clientWidth);
            }
        }
        return cut;"#;
    let found = client.execute(SCRIPT, vec![css.into()]).await?;
    Ok(serde_json::from_value(found)?)
}

/// Visible things a finger presses (buttons, links outside running text, fields,
/// lists, check boxes by their label) that are less than 44 x 44 CSS px, the size Apple's
/// and WCAG 2.5.5's guidelines ask for, as "id: width x height".
async fn small_targets(client: &Client) -> anyhow::Result<Vec<String>> {
    const SCRIPT: &str = r#"
        const small = [];
        const seen = new Set();
        const targets = 'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
        for (let el of document.querySelectorAll(targets)) {
            // A check box or radio button is pressed through its label.
            if (el.type === 'checkbox' || el.type === 'radio') el = el.closest('label') || el;
            // A link inside a sentence is exempt (WCAG 2.5.5, "inline").
            if (el.tagName === 'A' && el.closest('p, li') && !el.classList.contains('button')) continue;
            if (seen.has(el) || el.offsetParent === null) continue;
            seen.add(el);
            const r = el.getBoundingClientRect();
            if (r.width < 43.5 || r.height < 43.5) {
                small.push((el.id || el.className || el.tagName) + ': ' + Math.round(r.width) + ' x ' + Math.round(r.height));
            }
        }
        return small;"#;
    let found = client.execute(SCRIPT, vec![]).await?;
    Ok(serde_json::from_value(found)?)
}

/// The checks every look makes, in the app and in the provider's browser: no text of
/// `read` cut off, the page no wider than the window, and on a phone no touch target under
/// 44 px. `what` names the look in the error.
async fn check_page(client: &Client, read: &str, what: &str, phone: bool) -> anyhow::Result<()> {
    let cut = cut_off(client, read).await?;
    anyhow::ensure!(cut.is_empty(), "{what}: cut off: {cut:?}");
    let overflow = overflow(client).await?;
    anyhow::ensure!(overflow <= 0.0, "{what}: the page is {overflow} px wider than the window");
    if phone {
        let small = small_targets(client).await?;
        anyhow::ensure!(small.is_empty(), "{what}: touch targets under 44 px: {small:?}");
    }
    Ok(())
}

/// How many CSS px the page is wider than the window (0 or less: it fits), in the app or
/// in the provider's browser.
async fn overflow(client: &Client) -> anyhow::Result<f64> {
    let found = client
        .execute("return document.documentElement.scrollWidth - window.innerWidth", vec![])
        .await?;
    Ok(found.as_f64().unwrap_or(0.0))
}

pub fn screenshot_dir() -> anyhow::Result<PathBuf> {
    let target = profile_dir()?.parent().map(Path::to_path_buf).context("no target folder")?;
    Ok(target.join("e2e-screenshots"))
}

/// The app's logs (through tauri-driver) go to the audited log folder when there is one.
fn log_to(path: Option<&Path>) -> Stdio {
    path.and_then(|path| std::fs::File::create(path).ok()).map_or_else(Stdio::inherit, Stdio::from)
}

/// Deletes the keychain entries an app (debug or release build) keeps for `server`: the
/// tests of one run share the Secret Service, and a server on a port an earlier test used
/// would otherwise find that test's registration.
fn forget_devices_of(server: &str) -> anyhow::Result<()> {
    use dossier_core::{BuildKind, OsKeychain, ServerUrl, device::DeviceVault};
    let url = ServerUrl::parse(server)?;
    for kind in [BuildKind::Development, BuildKind::Release] {
        // Without a Secret Service there is nothing to forget (and nothing to register).
        let Ok(keychain) = OsKeychain::open(kind) else { return Ok(()) };
        DeviceVault::new(std::sync::Arc::new(keychain), &url).delete()?;
    }
    Ok(())
}

/// Distinct free ports: the listeners are held until all are picked, so two can't match.
fn free_ports<const N: usize>() -> anyhow::Result<[u16; N]> {
    let listeners: Vec<StdListener> =
        (0..N).map(|_| StdListener::bind("127.0.0.1:0")).collect::<Result<_, _>>()?;
    let mut ports = [0; N];
    for (port, listener) in ports.iter_mut().zip(&listeners) {
        *port = listener.local_addr()?.port();
    }
    Ok(ports)
}

/// Waits up to 30 s until something accepts connections on `port`.
async fn wait_for_listener(what: &str, port: u16) -> anyhow::Result<()> {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(30) {
            bail!("{what} did not listen on port {port} within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// Starts Xvfb on a free display number, which it reports through `-displayfd`.
fn start_xvfb() -> anyhow::Result<(Child, String)> {
    let mut xvfb = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start Xvfb: run scripts/setup --test")?;
    let stdout = xvfb.stdout.take().context("no Xvfb stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let number = line.trim();
    if number.is_empty() {
        let _ = xvfb.kill();
        bail!("Xvfb did not report a display");
    }
    Ok((xvfb, format!(":{number}")))
}

/// The server's clock in these tests: the real one, moved forward on demand.
#[derive(Debug, Clone, Default)]
struct MovableClock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl Clock for MovableClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let offset = self.0.load(std::sync::atomic::Ordering::SeqCst);
        chrono::Utc::now() + chrono::TimeDelta::seconds(offset)
    }
}
