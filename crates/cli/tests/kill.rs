//! Reliability: a `keikaku actuals import` killed (SIGKILL) at any moment
//! leaves the database as it was before the import or as it is after it,
//! never in between, and the audit chain stays intact. Run on SQLite and on
//! PostgreSQL.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn keikaku(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .env("KEIKAKU_DATABASE_URL", url)
        .output()
        .expect("the binary runs")
}

/// A CSV with one value per indicator for every fiscal year 1900–2200: 6,622 rows.
fn big_csv(dir: &Path) -> (PathBuf, usize) {
    let mut text = String::from("indicator,period,value,source\n");
    let mut rows = 0;
    for year in 1900..=2200 {
        for kpi in 1..=22 {
            text.push_str(&format!(
                "KPI-{kpi:02},{year}年度,{},kill test\n",
                year - 1800
            ));
            rows += 1;
        }
    }
    let path = dir.join("big.csv");
    std::fs::write(&path, text).expect("write csv");
    (path, rows)
}

fn stored_rows(url: &str) -> usize {
    let out = keikaku(url, &["actuals", "list", "--json"]);
    assert!(
        out.status.success(),
        "the database reopens: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    rows.as_array().map_or(0, Vec::len)
}

fn audit_intact(url: &str) {
    let out = keikaku(url, &["audit", "verify"]);
    assert!(
        out.status.success(),
        "audit chain broken after kill: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keikaku-kill-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn kill_during_import(url: &str, csv: &Path, rows: usize) {
    // Seed, then time one full import on a twin database to know when "mid-import" is.
    assert_eq!(stored_rows(url), 0);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(["actuals", "import"])
        .arg(csv)
        .env("KEIKAKU_DATABASE_URL", url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill at increasing moments until one kill lands while the import runs.
    let mut killed_mid_import = 0;
    let mut delay = Duration::from_millis(150);
    loop {
        std::thread::sleep(
            delay
                .saturating_sub(started.elapsed())
                .max(Duration::from_millis(1)),
        );
        if child.try_wait().expect("wait").is_some() {
            break; // finished before the kill: the database must hold everything
        }
        child.kill().expect("kill");
        child.wait().expect("reap");
        killed_mid_import += 1;
        let n = stored_rows(url);
        assert!(
            n == 0 || n == rows,
            "a killed import left {n} of {rows} rows"
        );
        audit_intact(url);
        if n == rows || killed_mid_import >= 4 {
            break;
        }
        delay += Duration::from_millis(400);
        child = Command::new(env!("CARGO_BIN_EXE_keikaku"))
            .args(["actuals", "import"])
            .arg(csv)
            .env("KEIKAKU_DATABASE_URL", url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
    }
    assert!(
        killed_mid_import > 0,
        "the import finished before any kill; the test proved nothing"
    );
    // Afterwards a complete import succeeds and holds every row.
    let out = keikaku(url, &["actuals", "import", &csv.display().to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stored_rows(url), rows);
    audit_intact(url);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_import_leaves_sqlite_before_or_after() {
    let dir = scratch("sqlite");
    let (csv, rows) = big_csv(&dir);
    let url = format!("sqlite://{}", dir.join("k.db").display());
    kill_during_import(&url, &csv, rows);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_import_leaves_postgres_before_or_after() {
    let dir = scratch("postgres");
    let (csv, rows) = big_csv(&dir);
    let db = support::TestDb::postgres().await;
    kill_during_import(&db.url, &csv, rows);
    db.finish().await;
}
