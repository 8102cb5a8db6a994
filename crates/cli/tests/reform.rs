//! `keikaku reform` through the binary on SQLite: import items and
//! statuses, a bad file exits 1 naming line and column and changes nothing,
//! set one status, list as a table and as JSON, all audited.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use serde_json::Value;
use std::process::{Command, Output};

fn run(url: &str, dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .current_dir(dir)
        .env("KEIKAKU_DATABASE_URL", url)
        .env("KEIKAKU_ACTOR", "tester")
        .output()
        .expect("the binary runs")
}

fn ok(url: &str, dir: &std::path::Path, args: &[&str]) -> String {
    let out = run(url, dir, args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn import_set_and_list_reform_items() {
    let db = support::TestDb::sqlite().await;
    let dir = std::env::temp_dir().join(format!("keikaku-reform-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("items.csv"),
        "id,名称,担当部,目標,目標年度,事業,中項目,重点事業\n\
         R-01,事務事業の見直し,企画部,年10件,R6,,F7-01,行財政改革推進事業\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("bad.csv"),
        "id,年度,状況\nR-01,2023,実施中\nR-01,2024,完了済\n",
    )
    .expect("write");
    let url = &db.url;
    let out = ok(url, &dir, &["reform", "import", "items.csv"]);
    assert!(out.contains("1 reform item(s) read, 1 recorded"), "{out}");

    let bad = run(url, &dir, &["reform", "import", "bad.csv"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(
        err.contains("line 3, column 状況: 「完了済」 is not a status"),
        "{err}"
    );

    let out = ok(
        url,
        &dir,
        &[
            "reform",
            "status",
            "R-01",
            "令和5年度",
            "実施中",
            "--note",
            "着手",
        ],
    );
    assert!(out.contains("R-01 2023年度（令和5年度）: 実施中"), "{out}");
    let out = ok(
        url,
        &dir,
        &[
            "reform",
            "status",
            "R-01",
            "2023",
            "in_progress",
            "--note",
            "着手",
        ],
    );
    assert!(out.contains("(unchanged)"), "{out}");
    let refused = run(url, &dir, &["reform", "status", "R-09", "2023", "done"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("reform item R-09 does not exist"));

    let table = ok(url, &dir, &["reform", "list"]);
    assert!(
        table.contains(
            "R-01\t事務事業の見直し\t企画部\t年10件\t2024年度\t2023年度 実施中\tF7-01;V2-1"
        ),
        "{table}"
    );
    let json: Value =
        serde_json::from_str(&ok(url, &dir, &["reform", "list", "--json"])).expect("json");
    assert_eq!(json[0]["department_name"], "企画部");
    assert_eq!(json[0]["statuses"][0]["status"]["status"], "in_progress");
    assert_eq!(json[0]["statuses"][0]["actor"], "tester");

    let audit = ok(url, &dir, &["audit", "verify"]);
    assert!(!audit.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
    db.finish().await;
}
