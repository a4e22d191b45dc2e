//! The web page export (`.html`) opened in real headless Chromium through chromedriver (W3C
//! WebDriver), plus checks of the file's bytes and of the CLI.
//!
//! Chromium and chromedriver come from Debian's packages, installed by scripts/setup-system.sh
//! (run once here, so `cargo test` alone sets up a fresh machine). The browser tests skip, saying
//! so, only when the script could not install them (no apt-get).

#![allow(clippy::unwrap_used)] // helpers in integration tests fail loudly by design

mod common;
mod ui_common;

use common::{example_path, patchwork, write};
use serde_json::{Value, json};
use std::io::{Read, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Names, notes and private values of the example that a redacted page must not contain.
const SECRETS: [&str; 7] = [
    "Kitchen Table Group",
    "Rainbow Anytown",
    "Anytown Refugee Welcome",
    "Jo Pearce",
    "Priya Shah",
    "Informal group of about eight people",
    "Venue is shared only with members",
];

fn export(map: &Path, out: &Path, extra: &[&str]) {
    patchwork().arg("export").arg(map).arg("-o").arg(out).args(extra).assert().success();
}

#[test]
fn cli_writes_the_same_page_twice_and_names_its_writer() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.html"), dir.path().join("map.html"));
    export(&example_path(), &a, &[]);
    export(&example_path(), &b, &[]);
    let (first, second) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(first == second, "same map, same bytes");
    let text = String::from_utf8(first).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains(&format!("<meta name=\"generator\" content=\"{}\">", patchwork::CREATOR)));
    assert!(text.contains("Content-Security-Policy") && text.contains("default-src 'none'"));
    assert!(text.contains("@font-face") && text.contains("data:font/ttf;base64,"));
    // Nothing that could be fetched: the only URL is the SVG namespace, which is a name.
    let urls = text.matches("http://").count() + text.matches("https://").count();
    assert_eq!(urls, text.matches("http://www.w3.org/2000/svg").count(), "no URLs but the SVG namespace");
    assert!(!text.contains(" src=\"") && !text.contains(" href=\""), "no src or href attributes");
}

#[test]
fn a_redacted_page_holds_no_sensitive_name_note_or_private_field() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.html");
    let redacted = dir.path().join("redacted.html");
    export(&example_path(), &plain, &[]);
    export(&example_path(), &redacted, &["--redact"]);
    let plain = std::fs::read_to_string(&plain).unwrap();
    let redacted = std::fs::read_to_string(&redacted).unwrap();
    for secret in SECRETS {
        assert!(plain.contains(secret), "the test's secret '{secret}' is in the unredacted page");
        assert!(!redacted.contains(secret), "'{secret}' is in the redacted page");
    }
    assert!(!redacted.contains("Contact person"), "the private field is not even named");
    assert!(redacted.contains("Peer support group 1"), "sensitive organisations get pseudonyms");
}

// --- A minimal W3C WebDriver client over std's TcpStream ---

/// chromedriver and one browser session, ended on drop.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_mins(2))).map_err(|e| e.to_string())?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open whatever the request says: read by Content-Length.
    let mut response = Vec::new();
    let mut buf = vec![0u8; 65536];
    let header_end = loop {
        if let Some(i) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the header ended".into());
        }
        response.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&response[..header_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .ok_or_else(|| format!("no Content-Length in {head}"))?;
    while response.len() < header_end + length {
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&buf[..n]);
    }
    let payload = String::from_utf8_lossy(&response[header_end..]).into_owned();
    serde_json::from_str(&payload).map_err(|e| format!("{e}: {payload}"))
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/lib/chromium")])
        .find_map(|dir| names.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
}

impl Browser {
    /// A headless Chromium session, or why there cannot be one (the caller skips, saying so).
    fn start() -> Result<Browser, String> {
        static SETUP: std::sync::Once = std::sync::Once::new();
        SETUP.call_once(|| {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/setup-system.sh");
            if let Err(e) = std::process::Command::new("bash").arg(&script).status() {
                eprintln!("cannot run {}: {e}", script.display());
            }
        });
        let driver = which(&["chromedriver"]).ok_or("chromedriver is not installed")?;
        let chromium = which(&["chromium", "chromium-browser", "google-chrome"]).ok_or("chromium is not installed")?;
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let driver = std::process::Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
        let mut browser = Browser { driver, port, session: String::new() };
        let deadline = Instant::now() + Duration::from_secs(20);
        while http(port, "GET", "/status", None).ok().and_then(|v| v["value"]["ready"].as_bool()) != Some(true) {
            if Instant::now() > deadline {
                return Err("chromedriver did not start".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {"binary": chromium, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--no-first-run", "--disable-extensions"]}
        }}});
        let v = http(port, "POST", "/session", Some(&caps))?;
        v["value"]["sessionId"].as_str().ok_or_else(|| format!("no session: {v}"))?.clone_into(&mut browser.session);
        Ok(browser)
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let v = http(self.port, method, &format!("/session/{}{path}", self.session), body).unwrap();
        assert!(v["value"].get("error").is_none(), "{method} {path}: {v}");
        v["value"].clone()
    }

    fn goto(&self, file: &Path) {
        self.call("POST", "/url", Some(&json!({"url": format!("file://{}", file.display())})));
        let deadline = Instant::now() + Duration::from_mins(1);
        while self.js("return document.documentElement.getAttribute('data-ready')") != json!("true") {
            assert!(Instant::now() < deadline, "the page never got ready: {}", self.js("return document.title"));
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs a script in the page (WebDriver's, so the page's CSP does not stop it).
    fn js(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(&json!({"script": script, "args": []})))
    }

    fn find(&self, css: &str) -> String {
        let v = self.call("POST", "/element", Some(&json!({"using": "css selector", "value": css})));
        v.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap().to_owned()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/click"), Some(&json!({})));
    }

    fn keys(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/value"), Some(&json!({"text": text})));
    }

    fn text(&self, css: &str) -> String {
        self.js(&format!("var e = document.querySelector({css:?}); return e ? e.textContent : null"))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn shown(&self) -> u64 {
        self.js("return +document.getElementById('pw-count').getAttribute('data-shown')").as_u64().unwrap()
    }

    /// Console messages at error level since the last call.
    fn errors(&self) -> Vec<String> {
        let v = self.call("POST", "/se/log", Some(&json!({"type": "browser"})));
        v.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn browser_or_skip() -> Option<Browser> {
    match Browser::start() {
        Ok(b) => Some(b),
        Err(why) => {
            assert!(
                which(&["apt-get"]).is_none(),
                "headless Chromium is needed and scripts/setup-system.sh should have installed it: {why}"
            );
            eprintln!(
                "SKIPPED: the web page tests need chromium and chromium-driver ({why}); no apt-get to install them"
            );
            None
        }
    }
}

/// How many organisations of the example a saved view shows, by the scene's own filter.
fn shown_by_view(map: &patchwork::model::Map, view: usize) -> u64 {
    let filter = &map.views[view].filter;
    map.organisations().filter(|o| patchwork::scene::org_passes(filter, o)).count() as u64
}

#[test]
fn the_example_page_works_in_headless_chromium_without_the_network() {
    let Some(browser) = browser_or_skip() else { return };
    let map = patchwork::example_map().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("anytown.html");
    export(&example_path(), &page, &[]);
    browser.goto(&page);
    let ready = browser.js("return window.patchwork.paintedMs");
    eprintln!("example page: {} bytes, painted {ready} ms after navigation", std::fs::metadata(&page).unwrap().len());

    // No requests, and none possible: a listener here hears nothing when the page tries.
    assert_eq!(browser.js("return performance.getEntriesByType('resource').length"), json!(0));
    assert_eq!(browser.errors(), Vec::<String>::new(), "no script errors, nothing blocked");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://127.0.0.1:{}/x", listener.local_addr().unwrap().port());
    browser.js(&format!(
        "fetch({url:?}).catch(function () {{}}); var i = new Image(); i.src = {url:?}; document.body.appendChild(i);"
    ));
    std::thread::sleep(Duration::from_millis(700));
    assert!(listener.accept().is_err(), "the page reached the network");
    assert!(!browser.errors().is_empty(), "the blocked requests were reported as CSP violations");

    // Every organisation is drawn and counted, and each is a labelled button.
    let n = map.org_count() as u64;
    assert_eq!(browser.shown(), n);
    assert_eq!(
        browser.js(
            "return document.querySelectorAll('#organisations > [role=button][tabindex=\"0\"][aria-label]').length"
        ),
        json!(n)
    );

    check_pointing_and_zooming(&browser, &map);

    // Clicking an organisation shows its type, fields and links.
    let index = map.organisations_sorted().iter().position(|o| o.name == "Anytown Listening Line").unwrap();
    browser.click(&format!("#organisations > [data-i=\"{index}\"]"));
    assert_eq!(browser.text("#pw-org-name"), "Anytown Listening Line");
    assert!(browser.text("#pw-org-type").contains("Helpline"));
    let fields = browser.text("#pw-org-fields");
    assert!(fields.contains("Anonymity") && fields.contains("anonymous"), "{fields}");
    let org = map.organisations_sorted()[index].clone();
    let links = browser.text("#pw-org-links");
    for link in map.links_of(&org.id) {
        let ty = map.typology().link_type(&link.link_type).unwrap();
        let other = if link.from == org.id { &link.to } else { &link.from };
        let other = &map.org(other).unwrap().name;
        assert!(links.contains(&ty.name) && links.contains(other.as_str()), "{} to {other} in {links}", ty.name);
    }
    assert!(browser.text("#pw-org-notes").len() > 10, "notes are shown unredacted");

    // Focus on it and its neighbours: the rest fades.
    browser.click("#pw-focus");
    assert_eq!(
        browser.js("return document.querySelector('#pw-stage > svg').classList.contains('pw-focusing')"),
        json!(true)
    );
    let focused = browser.js("return document.querySelectorAll('#organisations > .f').length").as_u64().unwrap();
    assert!(focused > 1 && focused < n, "the organisation and its neighbours: {focused}");
    browser.keys("#pw-stage", "\u{E00C}"); // Escape
    assert_eq!(browser.js("return document.querySelectorAll('#organisations > .f').length"), json!(0));

    // Search finds an organisation, and Enter opens it.
    browser.keys("#pw-search", "haven");
    assert!(browser.text("#pw-results").contains("The Haven crisis café"));
    browser.keys("#pw-search", "\u{E007}");
    assert_eq!(browser.text("#pw-org-name"), "The Haven crisis café");

    // Hiding a type in the legend hides its organisations.
    let helplines = map.organisations().filter(|o| o.org_type.as_str() == "helpline").count() as u64;
    assert!(helplines > 0);
    browser.click("input[data-org-type=\"0\"]");
    assert_eq!(
        browser.js("return [].filter.call(document.querySelectorAll('#organisations > .t0'), function (e) { return getComputedStyle(e).display !== 'none'; }).length"),
        json!(0)
    );
    assert_eq!(browser.shown(), n - helplines);
    browser.click("input[data-org-type=\"0\"]");
    assert_eq!(browser.shown(), n);

    check_steps(&browser, &map);

    // Keyboard: + zooms in; Enter on an organisation opens it.
    let scale = "return new DOMMatrix(getComputedStyle(document.querySelector('#pw-stage > svg')).transform).a";
    let before = browser.js(scale).as_f64().unwrap();
    browser.keys("#pw-stage", "+");
    assert!(browser.js(scale).as_f64().unwrap() > before * 1.1);
    browser.keys("#organisations > [data-i=\"0\"]", "\u{E007}");
    assert_eq!(browser.text("#pw-org-name"), map.organisations_sorted()[0].name);

    // About this map: description and the typology's definitions.
    browser.click("#pw-about-btn");
    assert_eq!(browser.js("return document.getElementById('pw-about').hidden"), json!(false));
    let about = browser.text("#pw-about-body");
    assert!(about.contains(&map.typology().org_types[0].definition[..40]));
    assert!(about.contains(patchwork::CREATOR));
    browser.click("#pw-about-close");

    // A phone's width: the panel goes under the map.
    browser.call("POST", "/window/rect", Some(&json!({"width": 390, "height": 844})));
    let below = browser.js(
        "var s = document.getElementById('pw-stage').getBoundingClientRect(), p = document.getElementById('pw-side').getBoundingClientRect(); \
         return p.top >= s.bottom - 1 && p.width > 300",
    );
    assert_eq!(below, json!(true));

    check_redacted_dom(&browser, dir.path());
}

/// Pointing at an organisation shows it; the wheel and a two-finger pinch zoom.
fn check_pointing_and_zooming(browser: &Browser, map: &patchwork::model::Map) {
    let first = browser.find("#organisations > [data-i=\"1\"]");
    browser.call(
        "POST",
        "/actions",
        Some(&json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "x": 0, "y": 0,
                "origin": {"element-6066-11e4-a52e-4f735466cecf": first}}]}]})),
    );
    assert_eq!(browser.text("#pw-org-name"), map.organisations_sorted()[1].name, "hover shows details");
    let scale = "return new DOMMatrix(getComputedStyle(document.querySelector('#pw-stage > svg')).transform).a";
    let before = browser.js(scale).as_f64().unwrap();
    browser.js("document.getElementById('pw-stage').dispatchEvent(new WheelEvent('wheel', {deltaY: -200, clientX: 300, clientY: 300, bubbles: true, cancelable: true}))");
    let wheeled = browser.js(scale).as_f64().unwrap();
    assert!(wheeled > before * 1.2, "the wheel zooms in: {before} -> {wheeled}");
    browser.js(
        "var s = document.getElementById('pw-stage'); \
         function ev(type, id, x) { s.dispatchEvent(new PointerEvent(type, {pointerId: id, pointerType: 'touch', clientX: x, clientY: 300, bubbles: true})); } \
         ev('pointerdown', 1, 300); ev('pointerdown', 2, 400); ev('pointermove', 2, 500); ev('pointerup', 2, 500); ev('pointerup', 1, 300);",
    );
    let pinched = browser.js(scale).as_f64().unwrap();
    assert!(pinched > wheeled * 1.5, "spreading two fingers zooms in: {wheeled} -> {pinched}");
    browser.click("#pw-fit");
}

/// Next and previous step through the saved views, with their captions and filters.
fn check_steps(browser: &Browser, map: &patchwork::model::Map) {
    let n = map.org_count() as u64;
    assert!(browser.text("#pw-step-name").contains("The whole map"));
    for (k, view) in map.views.iter().enumerate() {
        browser.click("#pw-next");
        assert!(browser.text("#pw-step-name").contains(&view.name), "step {k}");
        assert_eq!(browser.text("#pw-step-caption"), view.caption);
        assert_eq!(browser.shown(), shown_by_view(map, k), "view '{}'", view.name);
    }
    assert_eq!(browser.js("return document.getElementById('pw-next').disabled"), json!(true));
    for _ in &map.views {
        browser.click("#pw-prev");
    }
    assert!(browser.text("#pw-step-name").contains("The whole map"));
    assert_eq!(browser.shown(), n);
}

/// The redacted page, as the browser shows it, holds no secret either.
fn check_redacted_dom(browser: &Browser, dir: &Path) {
    let n = patchwork::example_map().unwrap().org_count() as u64;
    let redacted = dir.join("redacted.html");
    export(&example_path(), &redacted, &["--redact"]);
    browser.goto(&redacted);
    let dom = browser.js("return document.documentElement.outerHTML").as_str().unwrap().to_owned();
    for secret in SECRETS {
        assert!(!dom.contains(secret), "'{secret}' in the redacted page's DOM");
    }
    assert_eq!(browser.shown(), n);
}

/// The 20,000-organisation page: size, load time and panning, measured in the browser.
#[test]
fn a_page_of_20000_organisations_stays_small_and_opens() {
    let Some(browser) = browser_or_skip() else { return };
    let dir = tempfile::tempdir().unwrap();
    let map = patchwork::generate::generate_map(20_000, 1);
    let source = write(dir.path(), "big.json", &patchwork::io::map_to_bytes(&map));
    let page = dir.path().join("big.html");
    export(&source, &page, &[]);
    let bytes = std::fs::metadata(&page).unwrap().len();
    assert!(bytes < 16_000_000, "{bytes} bytes");
    browser.goto(&page);
    let painted = browser.js("return window.patchwork.paintedMs").as_f64().unwrap();
    let ready = browser.js("return window.patchwork.readyMs").as_f64().unwrap();
    let start = browser.js("return window.patchwork.startMs").as_f64().unwrap();
    assert_eq!(browser.shown(), 20_000);
    assert_eq!(browser.js("return document.querySelectorAll('#organisations > *').length"), json!(20_000));
    // Twenty drag steps once the map is drawn at its scale: when each frame came.
    let deadline = Instant::now() + Duration::from_secs(30);
    while browser.js("return document.getElementById('pw-stage').hasAttribute('data-drawn-at')") != json!(true) {
        assert!(Instant::now() < deadline, "the map was never drawn as a layer");
        std::thread::sleep(Duration::from_millis(50));
    }
    let pan_ms = browser.call(
        "POST",
        "/execute/async",
        Some(&json!({"script": "var done = arguments[0], s = document.getElementById('pw-stage'), t0 = performance.now(), k = 0; \
            times = []; \
            function ev(type, x) { s.dispatchEvent(new PointerEvent(type, {pointerId: 7, clientX: x, clientY: 300, bubbles: true})); } \
            ev('pointerdown', 400); \
            (function step() { times.push(Math.round(performance.now() - t0)); k++; ev('pointermove', 400 + 10 * k); if (k < 20) requestAnimationFrame(step); \
              else { ev('pointerup', 400 + 10 * k); requestAnimationFrame(function () { times.push(Math.round(performance.now() - t0)); done(times); }); } })();",
            "args": []})),
    );
    eprintln!(
        "20,000 organisations: {bytes} bytes, script started {start:.0} ms, done {ready:.0} ms and painted {painted:.0} ms after navigation, pan frames at {pan_ms} ms"
    );
    assert!(browser.errors().is_empty());
}

// --- File › Export… › Web page in the app ---

/// A save dialog that answers with one prepared path.
struct SaveTo(Option<PathBuf>);

impl patchwork::ui::files::FileDialogs for SaveTo {
    fn available(&mut self) -> bool {
        true
    }
    fn pick_open(&mut self) -> Option<PathBuf> {
        None
    }
    fn pick_save(&mut self, _suggested: &str) -> Option<PathBuf> {
        self.0.take()
    }
}

#[test]
fn the_export_window_writes_a_web_page() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared.html");
    let mut h = ui_common::harness([1400.0, 900.0], None, Box::new(SaveTo(Some(out.clone()))), dir.path());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_label("Export format").click();
    h.run();
    h.get_by_label("Web page: explore the map in any browser, offline").click();
    h.run();
    assert!(h.query_by_label_contains("opens in any browser with no network").is_some(), "the window says what it is");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Export…").click();
    h.run();
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("id=\"pw-data\""));
}
