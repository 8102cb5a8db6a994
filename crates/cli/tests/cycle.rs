//! The yearly cycle through the binary, on SQLite and on PostgreSQL:
//! import actuals written in the documented CSV format, then grade FY2024
//! under every shipped rubric; plus editions, diff, PDCA and audit.

#[path = "../../store/tests/support/mod.rs"]
mod support;

use serde_json::Value;
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

/// Actuals for FY2024 as a department would write them (docs/actuals-csv.md).
const CSV: &str = "indicator,period,value,unit,source,note\n\
KPI-03,2024年度,60,件,移住相談窓口集計,\n\
要介護認定率,2025年3月末,19.10,%,介護保険事業状況報告,\n\
KPI-16,R6,400,万人,観光客入込客数調査,\n\
新規高等学校卒業生就職者のうち市内就職者の割合,2025年3月卒,55.0,%,ハローワーク,\n\
KPI-20,2024年,\"1,000.0\",kt-co2,環境省推計,速報値\n";

/// (indicator, level id, rate rounded) per rubric, computed by hand:
/// KPI-01 (55.0 − 45.0) / (61.1 − 45.0) = 62.1%; KPI-03 (60 − 39) / (55 − 39) = 131.25%;
/// KPI-07 (19.10 − 19.59) / (19.24 − 19.59) = 140%; KPI-20 (1000.0 − 1074.9) / (1043.1 − 1074.9) = 235.5%;
/// KPI-16 has a recovery target below its initial value: no gap to close, gain (400 − 631) / 631 = −36.6%.
const EXPECTED: &[(&str, &[(&str, &str)])] = &[
    (
        "tsuruoka-4",
        &[
            ("KPI-01", "on-track"),
            ("KPI-03", "achieved"),
            ("KPI-07", "achieved"),
            ("KPI-16", "no-progress"),
            ("KPI-20", "achieved"),
            ("KPI-02", "no-data"),
        ],
    ),
    (
        "sabc-baseline",
        &[
            ("KPI-01", "a"),
            ("KPI-03", "s"),
            ("KPI-07", "s"),
            ("KPI-16", "c"),
            ("KPI-20", "s"),
            ("KPI-02", "not-measurable"),
        ],
    ),
    (
        "achievement-bands",
        &[
            ("KPI-01", "band-50"),
            ("KPI-03", "band-100"),
            ("KPI-07", "band-100"),
            ("KPI-16", "not-computable"),
            ("KPI-20", "band-100"),
            ("KPI-02", "not-computable"),
        ],
    ),
    (
        "achievement-bands-prorated",
        &[
            ("KPI-01", "band-50"),
            ("KPI-03", "band-100"),
            ("KPI-07", "band-100"),
            ("KPI-20", "band-100"),
            ("KPI-02", "not-computable"),
        ],
    ),
];

fn grade<'a>(e: &'a Value, id: &str) -> &'a Value {
    e["indicators"]
        .as_array()
        .and_then(|a| a.iter().find(|r| r["grade"]["indicator"] == id))
        .map(|r| &r["grade"])
        .expect(id)
}

fn cycle(url: &str) {
    let dir = std::env::temp_dir().join(format!(
        "keikaku-cycle-{}-{}",
        std::process::id(),
        url.len()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let csv = dir.join("actuals-2024.csv");
    std::fs::write(&csv, CSV).expect("write");
    let csv = csv.display().to_string();
    assert!(ok(url, &["actuals", "import", &csv]).contains("5 value(s) recorded, 0 unchanged"));
    assert!(
        ok(url, &["actuals", "import", &csv]).contains("0 value(s) recorded, 5 unchanged"),
        "idempotent"
    );

    for (rubric, grades) in EXPECTED {
        let e: Value = serde_json::from_str(&ok(
            url,
            &[
                "evaluate", "--year", "2024", "--rubric", rubric, "--format", "json",
            ],
        ))
        .expect("JSON");
        assert_eq!(e["rubric"], *rubric);
        for (id, level) in *grades {
            assert_eq!(grade(&e, id)["level"]["id"], *level, "{rubric} {id}");
        }
        let kpi01 = grade(&e, "KPI-01");
        assert!(
            kpi01["metrics"]["rate"]
                .as_str()
                .is_some_and(|r| r.starts_with("62.11")),
            "{kpi01}"
        );
        let inputs = kpi01["explanation"]["inputs"].as_array().expect("inputs");
        assert!(
            inputs.iter().any(|i| i["role"] == "actual"
                && i["amount"] == "55.0"
                && i["period"] == "2025年3月卒"),
            "{inputs:?}"
        );
        assert_eq!(
            grade(&e, "KPI-02")["missing_reason"],
            "no actual for FY2024",
            "missing is its own state, never 0"
        );
    }
    // Roll-up: 3 reached, 1 on track, 1 no progress, 17 without a figure (kept apart, not zero).
    let e: Value =
        serde_json::from_str(&ok(url, &["evaluate", "--year", "R6", "--format", "json"]))
            .expect("JSON");
    let counts = &e["rollup"]["plan"]["counts"];
    assert_eq!(
        counts,
        &serde_json::json!([
            ["achieved", 3],
            ["on-track", 1],
            ["no-progress", 1],
            ["no-data", 17]
        ])
    );
    let fields = e["rollup"]["fields"].as_array().expect("fields");
    assert_eq!(
        fields
            .iter()
            .map(|f| f[1]["total"].as_u64().unwrap_or(0))
            .sum::<u64>(),
        22,
        "every indicator counts in a field"
    );
    // Per policy direction: 24 links (two indicators serve directions in two projects).
    let directions = e["rollup"]["directions"].as_array().expect("directions");
    assert_eq!(directions.len(), 24, "every policy direction is listed");
    assert_eq!(
        directions
            .iter()
            .map(|d| d[1]["total"].as_u64().unwrap_or(0))
            .sum::<u64>(),
        24
    );
    let p1_d3 = directions.iter().find(|d| d[0] == "P1-D3").expect("P1-D3");
    assert_eq!(
        p1_d3[1]["counts"][0],
        serde_json::json!(["achieved", 1]),
        "移住件数 reached its target"
    );
    assert!(
        ok(url, &["evaluate", "--year", "2024", "--format", "csv"])
            .starts_with("\u{feff}全国地方公共団体コード,")
    );

    // A correction keeps history; a stale correction is refused.
    ok(
        url,
        &[
            "actuals",
            "record",
            "--indicator",
            "KPI-03",
            "--period",
            "2024年度",
            "--value",
            "58",
            "--expect-version",
            "1",
        ],
    );
    let stale = run(
        url,
        &[
            "actuals",
            "record",
            "--indicator",
            "KPI-03",
            "--period",
            "2024年度",
            "--value",
            "57",
            "--expect-version",
            "1",
        ],
    );
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("conflict"));
    assert_eq!(
        ok(url, &["actuals", "history", "KPI-03"]).lines().count(),
        2
    );

    // Editions: next draft, weaken a target, diff shows it, publish freezes it.
    ok(url, &["edition", "new"]);
    ok(
        url,
        &[
            "edition",
            "set-value",
            "--edition",
            "E2023",
            "--indicator",
            "KPI-11",
            "--column",
            "interim",
            "--value",
            "13.0億円",
            "--period",
            "2025年度",
        ],
    );
    let diff = ok(url, &["plan", "diff", "E2022", "E2023"]);
    assert!(diff.contains("KPI-11 産直施設の販売額: 実施計画期間設定値 14.1億円 (2024年度) → 13.0億円 (2025年度) [weakened]"), "{diff}");
    ok(
        url,
        &["edition", "publish", "E2023", "--month", "令和5年3月"],
    );
    let frozen = run(
        url,
        &[
            "edition",
            "set-value",
            "--edition",
            "E2023",
            "--indicator",
            "KPI-11",
            "--column",
            "interim",
            "--value",
            "15.0億円",
            "--period",
            "2025年度",
        ],
    );
    assert!(String::from_utf8_lossy(&frozen.stderr).contains("is published and cannot change"));
    let history = ok(url, &["edition", "targets", "KPI-11"]);
    assert!(
        history.contains("13.0億円 (2025年度) [weakened]"),
        "a lowered target stays visible: {history}"
    );

    // PDCA: self-evaluation → submit → review with decision → council comment → publish.
    for args in [
        &[
            "pdca",
            "self-evaluate",
            "--year",
            "2024",
            "--project",
            "P1",
            "--text",
            "概ね順調",
        ][..],
        &["pdca", "submit", "--year", "2024", "--project", "P1"],
        &[
            "pdca",
            "review",
            "--year",
            "2024",
            "--project",
            "P1",
            "--text",
            "妥当",
            "--decision",
            "拡充",
        ],
        &[
            "pdca",
            "comment",
            "--year",
            "2024",
            "--project",
            "P1",
            "--text",
            "移住施策を評価",
        ],
        &["pdca", "publish", "--year", "2024", "--project", "P1"],
    ] {
        ok(url, args);
    }
    let list = ok(url, &["pdca", "list", "--year", "2024"]);
    assert!(
        list.contains("[公表済]") && list.contains("方向性: 拡充"),
        "{list}"
    );
    let late = run(
        url,
        &[
            "pdca",
            "self-evaluate",
            "--year",
            "2024",
            "--project",
            "P1",
            "--text",
            "x",
        ],
    );
    assert_eq!(late.status.code(), Some(1), "published records are final");

    // Every change is in the audit chain, and the chain verifies.
    assert!(ok(url, &["audit", "verify"]).contains("audit chain intact"));
    let log = ok(url, &["audit", "log", "--entity", "KPI-03"]);
    assert!(log.lines().count() >= 2 && log.contains("tester"), "{log}");
}

#[test]
fn yearly_cycle_on_sqlite() {
    let path = std::env::temp_dir().join(format!("keikaku-cycle-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    cycle(&format!("sqlite://{}", path.display()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yearly_cycle_on_postgres() {
    let db = support::TestDb::postgres().await;
    let url = db.url.clone();
    tokio::task::spawn_blocking(move || cycle(&url))
        .await
        .expect("cycle");
    db.finish().await;
}
