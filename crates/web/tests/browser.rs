//! Browser tests of the portal (docs/accessibility.md): the live server and
//! the static export, each crawled in headless Chromium by
//! `tests/browser/portal.mjs` (status, console errors, `<html lang>`, one
//! `<h1>`, axe-core WCAG 2.2 AA with the duplicate-id rules, keyboard focus,
//! reflow). Needs Node.js, Debian's Chromium and `npm ci --prefix
//! tests/browser`; `.ci/run` installs them. Missing tools fail the test,
//! they never skip it.

mod support;

use keikaku_app::{Actor, App};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One browser at a time: the machine has two cores.
static BROWSER: Mutex<()> = Mutex::new(());

/// Actuals for two fiscal years (docs/actuals-csv.md), so the portal shows
/// grades, trends and an evaluation per year.
const ACTUALS_FY2023: &str = "indicator,period,value,unit,source,note\n\
KPI-01,2024年3月卒,52.0,%,ハローワーク鶴岡,\n\
KPI-03,2023年度,55,件,移住定住推進課調べ,\n\
KPI-07,2024年3月末,19.40,%,介護保険事業状況報告,\n\
KPI-16,R5,380,万人,観光客入込客数調査,\n\
KPI-20,2023年,\"1,040.0\",kt-co2,環境省推計,\n";

const ACTUALS_FY2024: &str = "indicator,period,value,unit,source,note\n\
KPI-01,2025年3月卒,55.0,%,ハローワーク鶴岡,\n\
KPI-03,2024年度,60,件,移住相談窓口集計,\n\
KPI-07,2025年3月末,19.10,%,介護保険事業状況報告,\n\
KPI-16,R6,400,万人,観光客入込客数調査,\n\
KPI-20,2024年,\"1,000.0\",kt-co2,環境省推計,速報値\n";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

fn chromium() -> PathBuf {
    std::env::var_os("KEIKAKU_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Fails (never skips) with how to install what is missing.
fn require_tools(root: &Path) {
    let mut missing = Vec::new();
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => {
            // playwright-core needs Node.js 20 or newer.
            let version = String::from_utf8_lossy(&o.stdout).trim().to_string();
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major < 20 {
                missing.push(format!(
                    "Node.js {version} is too old: playwright-core needs Node.js 20 or newer"
                ));
            }
        }
        _ => missing
            .push("Node.js (`node`) is not installed: apt-get install nodejs npm".to_string()),
    }
    let chromium = chromium();
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium is not at {}: apt-get install chromium (or set KEIKAKU_CHROMIUM)",
            chromium.display()
        ));
    }
    let modules = root.join("tests/browser/node_modules");
    if !modules.join("playwright-core/package.json").is_file()
        || !modules.join("axe-core/axe.min.js").is_file()
    {
        missing.push(format!(
            "the test's npm packages are not installed in {}: npm ci --prefix tests/browser",
            modules.display()
        ));
    }
    assert!(
        missing.is_empty(),
        "the browser tests cannot run:\n  - {}\n(.ci/run installs all of these)",
        missing.join("\n  - ")
    );
}

/// A directory removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "keikaku-browser-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A child process killed when the test ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fresh SQLite database with the Tsuruoka plan, actuals for FY2023 and
/// FY2024, and a draft of the next edition (so the editions page has a diff).
async fn seeded_app(dir: &Path) -> (App, String) {
    let url = format!("sqlite://{}", dir.join("portal.db").display());
    let app = App::open(&url).await.expect("open the database");
    let code = app.municipality(None).await.expect("one municipality");
    let actor = Actor("test".into());
    for csv in [ACTUALS_FY2023, ACTUALS_FY2024] {
        app.import_actuals(&code, csv.as_bytes(), &actor)
            .await
            .expect("import actuals");
    }
    support::publish_all(&app, &code).await;
    load_budget(&app, &code).await;
    app.new_edition(&code, None, &actor)
        .await
        .expect("draft the next edition");
    (app, code)
}

/// The fictional budget fixture (tests/fixtures/budget), FY2022 published
/// in full and FY2023's budget only, so the cost pages have tables to check.
async fn load_budget(app: &App, code: &str) {
    use keikaku_store::PublishStage;
    let actor = Actor("test".into());
    let plan = app.plan_with_every_department(code).await.expect("plan");
    let mut file = keikaku_ingest::budget::BudgetFile::default();
    for name in ["programs.csv", "lines.csv"] {
        let path = workspace_root().join("tests/fixtures/budget").join(name);
        let bytes = std::fs::read(&path).expect("budget fixture");
        file.extend(keikaku_ingest::budget::read_budget(&bytes, &plan).expect("valid fixture"));
    }
    app.import_budget(code, &file.programs, &file.lines, &actor)
        .await
        .expect("import the budget");
    for (year, stage) in [
        (2022, PublishStage::Budget),
        (2022, PublishStage::Settlement),
        (2023, PublishStage::Budget),
    ] {
        app.publish_budget(code, year, stage, true, &actor)
            .await
            .expect("publish");
    }
}

/// Runs the crawler against `base`; panics with its output on failure.
fn portal(root: &Path, base: &str, extra: &[&str]) {
    let started = Instant::now();
    let out: Output = Command::new("node")
        .current_dir(root)
        .arg("tests/browser/portal.mjs")
        .args(extra)
        .arg(base)
        .env("KEIKAKU_CHROMIUM", chromium())
        .stdin(Stdio::null())
        .output()
        .expect("run node tests/browser/portal.mjs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the browser test of {base} failed ({}, {:.1} s):\n{stdout}\n{stderr}",
        out.status,
        started.elapsed().as_secs_f64()
    );
    println!("{stdout}");
    if !stderr.trim().is_empty() {
        eprintln!("{stderr}");
    }
}

#[test]
fn live_portal_passes_the_browser_checks() {
    let root = workspace_root();
    require_tools(&root);
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new("live");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let live = rt.block_on(async {
        let (app, code) = seeded_app(&dir.0).await;
        std::sync::Arc::new(
            keikaku_web::Live::new(app, code)
                .await
                .expect("load the snapshot"),
        )
    });
    let (addr_tx, addr_rx) = std::sync::mpsc::channel::<SocketAddr>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(keikaku_web::serve(
        live,
        "127.0.0.1:0".parse().expect("an address"),
        move |addr| {
            let _ = addr_tx.send(addr);
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server starts");

    portal(&root, &format!("http://{addr}/"), &[]);

    let _ = stop_tx.send(());
    rt.block_on(server)
        .expect("the server task")
        .expect("the server stops cleanly");
}

/// A port that was free a moment ago (python's http.server needs a number).
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    l.local_addr().expect("local address").port()
}

/// Waits until an HTTP server answers on `port`.
fn wait_for_http(port: u16, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("python3 -m http.server exited early ({status})");
        }
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = s.write_all(b"HEAD / HTTP/1.0\r\n\r\n");
            let mut buf = [0u8; 12];
            if s.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/") {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "python3 -m http.server did not answer on port {port} within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn static_export_passes_the_browser_checks() {
    let root = workspace_root();
    require_tools(&root);
    assert!(
        Command::new("python3")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "python3 is needed to serve the static export: apt-get install python3"
    );
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new("static");
    let site = dir.0.join("site");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let summary = rt.block_on(async {
        let (app, code) = seeded_app(&dir.0).await;
        let snap = keikaku_web::Snapshot::load(&app, &code)
            .await
            .expect("load the snapshot");
        keikaku_web::export::export(&snap, &site).expect("export the site")
    });
    assert!(summary.pages > 0, "the export wrote no page");

    let port = free_port();
    let mut python = Killed(
        Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1"])
            .arg(port.to_string())
            .arg("--directory")
            .arg(&site)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start python3 -m http.server"),
    );
    wait_for_http(port, &mut python.0);

    portal(&root, &format!("http://127.0.0.1:{port}/"), &["--static"]);
}

/// The whole yearly cycle in the browser (tests/browser/staff.mjs): a
/// department enters an actual and submits its self-evaluation, planning
/// reviews, the council comments, planning publishes, the portal shows the
/// new grade; the department cannot enter another department's indicator.
#[test]
fn staff_cycle_works_in_the_browser() {
    use keikaku_model::access::{Role, Staff, Username};
    const PASSWORD: &str = "browser test passphrase";
    let root = workspace_root();
    require_tools(&root);
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new("staff");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let (live, project, indicator, other) = rt.block_on(async {
        let url = format!("sqlite://{}", dir.0.join("staff.db").display());
        let app = App::open(&url).await.expect("open the database");
        let code = app.municipality(None).await.expect("one municipality");
        let plan = app.current_plan(&code).await.expect("plan");
        let p = &plan.projects[0];
        let indicator = p.tables[0].rows[0].indicator.clone();
        let lead = p.lead[0].clone();
        let other = plan
            .indicators
            .iter()
            .find(|i| {
                !keikaku_model::scope::covers_indicator(&plan, std::slice::from_ref(&lead), &i.id)
            })
            .expect("an indicator outside the lead department's scope")
            .id
            .clone();
        let actor = Actor("test".into());
        for (name, role, depts) in [
            ("lead", Role::Department, vec![lead.clone()]),
            ("kikaku", Role::Planning, vec![]),
            ("council", Role::Council, vec![]),
        ] {
            let staff = Staff {
                name: Username::new(name).expect("name"),
                display_name: format!("{name} さん"),
                role,
                departments: depts,
            };
            app.add_user(&code, &staff, PASSWORD, &actor)
                .await
                .expect("account");
        }
        load_budget(&app, &code).await;
        app.new_edition(&code, None, &actor)
            .await
            .expect("draft the next edition");
        let live = std::sync::Arc::new(keikaku_web::Live::new(app, code).await.expect("snapshot"));
        (
            live,
            p.id.to_string(),
            indicator.to_string(),
            other.to_string(),
        )
    });
    let (addr_tx, addr_rx) = std::sync::mpsc::channel::<SocketAddr>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(keikaku_web::serve(
        live,
        "127.0.0.1:0".parse().expect("an address"),
        move |addr| {
            let _ = addr_tx.send(addr);
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server starts");
    let out = Command::new("node")
        .current_dir(&root)
        .arg("tests/browser/staff.mjs")
        .arg(format!("http://{addr}/"))
        .env("KEIKAKU_CHROMIUM", chromium())
        .env("KEIKAKU_PASSWORD", PASSWORD)
        .env("KEIKAKU_PROJECT", &project)
        .env("KEIKAKU_INDICATOR", &indicator)
        .env("KEIKAKU_OTHER_INDICATOR", &other)
        .stdin(Stdio::null())
        .output()
        .expect("run node tests/browser/staff.mjs");
    let _ = stop_tx.send(());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the staff cycle failed in the browser ({}):\n{stdout}\n{stderr}",
        out.status
    );
    rt.block_on(server)
        .expect("the server task")
        .expect("the server stops cleanly");
}
