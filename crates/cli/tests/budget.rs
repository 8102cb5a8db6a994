//! `keikaku budget` through the binary, on SQLite and PostgreSQL: the
//! fixture files (tests/fixtures/budget, fictional figures with
//! hand-computed totals) import in one run; the roll-up shows the hand
//! totals; a file with bad rows is refused naming file, line and column and
//! changes nothing; the CSV and xlsx exports import back unchanged; a
//! catalogue row that refers to nothing the plan has is refused.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .env("KEIKAKU_DATABASE_URL", url)
        .env("KEIKAKU_ACTOR", "tester")
        .output()
        .expect("the binary runs")
}

fn ok(url: &str, args: &[&str]) -> String {
    let out = run(url, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(url: &str, args: &[&str]) -> String {
    let out = run(url, args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/budget")
        .join(name)
        .display()
        .to_string()
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "keikaku-budget-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn cycle(url: &str, tag: &str) {
    let dir = scratch(tag);
    let programs = fixture("programs.csv");
    let lines = fixture("lines.csv");

    // Lines alone refer to initiatives not yet in the catalogue.
    let err = fails(url, &["budget", "import", &lines]);
    assert!(err.contains("no initiative J-01 in the catalogue"), "{err}");

    let out = ok(url, &["budget", "import", &programs, &lines]);
    assert!(
        out.contains("5 initiative(s) and 7 budget line(s) read: 12 written"),
        "{out}"
    );

    let show = ok(url, &["budget", "show", "--year", "2022"]);
    let all = show.lines().find(|l| l.starts_with("all")).unwrap();
    for figure in ["90,000", "85,600", "95.1%", "60,400", "146,000"] {
        assert!(all.contains(figure), "{figure} missing in: {all}");
    }
    let p1 = show.lines().find(|l| l.starts_with("P1 ")).unwrap();
    assert!(p1.trim_end().ends_with("30,500"), "{p1}");
    assert!(
        show.contains("initiatives with money but no indicator: V2-1"),
        "{show}"
    );
    let fy23 = ok(url, &["budget", "show", "--year", "令和5年度"]);
    let all23 = fy23.lines().find(|l| l.starts_with("all")).unwrap();
    assert!(all23.contains("62,700 *"), "not fully settled: {all23}");

    // A file with one good and two bad rows changes nothing.
    let bad = write(
        &dir,
        "bad.csv",
        "事業ID,年度,当初予算,補正予算,決算\nJ-01,2022,\"99,999\",,\nJ-02,2022,1.5,,\nJ-03,2022,100,,-1\n",
    );
    let err = fails(url, &["budget", "import", &bad]);
    assert!(
        err.contains(&format!(
            "{bad}: line 3, column 当初予算: 「1.5」 is not an amount"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{bad}: line 4, column 決算: 決算 (settlement) must not be negative"
        )),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    let again = ok(url, &["budget", "show", "--year", "2022"]);
    assert_eq!(again, show, "a refused import changed nothing");

    // A catalogue row naming a direction the plan lacks.
    let bad = write(
        &dir,
        "bad-programs.csv",
        "事業ID,事業名,担当部,施策の方向\nJ-09,新事業,企画部,P9-D1\n",
    );
    let err = fails(url, &["budget", "import", &bad]);
    assert!(
        err.contains("line 2, column 施策の方向: policy direction P9-D1 is not in the plan"),
        "{err}"
    );

    // Exports import back unchanged, as CSV and as xlsx.
    let csv_dir = dir.join("csv");
    ok(
        url,
        &["budget", "export", "--out", &csv_dir.display().to_string()],
    );
    let out = ok(
        url,
        &[
            "budget",
            "import",
            &csv_dir.join("programs.csv").display().to_string(),
            &csv_dir.join("lines.csv").display().to_string(),
        ],
    );
    assert!(out.contains("0 written, 12 unchanged"), "{out}");
    let xlsx = dir.join("budget.xlsx").display().to_string();
    ok(url, &["budget", "export", "--out", &xlsx]);
    let out = ok(url, &["budget", "import", &xlsx]);
    assert!(
        out.contains("5 initiative(s) and 7 budget line(s) read: 0 written, 12 unchanged"),
        "{out}"
    );

    // Publishing needs lines for the year.
    let err = fails(
        url,
        &["budget", "publish", "--year", "2030", "--stage", "budget"],
    );
    assert!(
        err.contains("FY2030 has no budget lines to publish"),
        "{err}"
    );
    let err = fails(
        url,
        &[
            "budget",
            "publish",
            "--year",
            "2022",
            "--stage",
            "settlement",
        ],
    );
    assert!(
        err.contains("publish FY2022's budget before its settlement"),
        "{err}"
    );
    ok(
        url,
        &["budget", "publish", "--year", "2022", "--stage", "budget"],
    );
    ok(
        url,
        &[
            "budget",
            "publish",
            "--year",
            "2022",
            "--stage",
            "settlement",
        ],
    );
    let err = fails(
        url,
        &[
            "budget",
            "publish",
            "--year",
            "2022",
            "--stage",
            "budget",
            "--withdraw",
        ],
    );
    assert!(
        err.contains("withdraw FY2022's settlement before its budget"),
        "{err}"
    );
    let audit = ok(url, &["audit", "log", "--entity", "budget/"]);
    assert!(audit.contains("budget.publish"), "{audit}");
    assert!(audit.contains("budget.put"), "{audit}");
    ok(url, &["audit", "verify"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn budget_cycle_on_sqlite() {
    let dir = scratch("sqlite");
    let url = format!("sqlite://{}", dir.join("db.sqlite").display());
    cycle(&url, "sqlite-files");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn budget_cycle_on_postgres() {
    let db = support::TestDb::postgres().await;
    let url = db.url.clone();
    tokio::task::spawn_blocking(move || cycle(&url, "postgres-files"))
        .await
        .expect("cycle");
    db.finish().await;
}
