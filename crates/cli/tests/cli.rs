//! The `keikaku` binary as a user runs it: the README's commands, output
//! formats, exit statuses and error messages.

#[path = "../../ingest/tests/seed/mod.rs"]
mod seed;

use std::path::PathBuf;
use std::process::{Command, Output};

fn keikaku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory unique to one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keikaku-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn seed_file(dir: &std::path::Path, text: &str) -> String {
    let path = dir.join("plan.txt");
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

#[test]
fn import_as_json_carries_every_figure_with_unit_and_period() {
    let dir = scratch("json");
    let file = seed_file(&dir, &seed::document());
    let out = keikaku(&["plan", "import", &file, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let indicators = plan["indicators"].as_array().expect("indicators");
    assert_eq!(indicators.len(), 22);
    let care = indicators
        .iter()
        .find(|i| i["name"] == "要介護認定率")
        .expect("care rate");
    let target = &care["values"]["target"];
    assert_eq!(target["amount"], "19.0");
    assert_eq!(target["unit"], "%");
    assert_eq!(target["bound"], "at_most");
    assert_eq!(target["period"], "2029年3月末");
    assert_eq!(target["line"], 258);
    let fish = indicators
        .iter()
        .find(|i| i["name"] == "魚価")
        .expect("fish price");
    assert_eq!(fish["values"]["initial"]["amount"], "493");
    assert_eq!(fish["values"]["initial"]["unit"], "円/kg");
    assert_eq!(fish["values"]["initial"]["period"], "2015 ~ 2017年度 平均");
    let visitors = indicators
        .iter()
        .find(|i| i["name"] == "文化財施設入館者数")
        .expect("visitors");
    assert_eq!(visitors["values"]["target"]["amount"], "1026000");
    assert_eq!(plan["projects"].as_array().map(Vec::len), Some(7));
}

#[test]
fn import_summary_and_plan_file_output() {
    let dir = scratch("toml");
    let file = seed_file(&dir, &seed::document());
    let out = keikaku(&["plan", "import", &file]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("鶴岡市 — 第2次鶴岡市総合計画"), "{text}");
    assert!(
        text.contains("7 fields, 43 policy items, 7 projects, 22 KPI tables, 22 indicators"),
        "{text}"
    );
    let toml = dir.join("plan.toml");
    let toml_s = toml.display().to_string();
    let out = keikaku(&[
        "plan", "import", &file, "--format", "toml", "--code", "062031", "--out", &toml_s,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = keikaku(&["plan", "show", &toml_s]);
    assert!(stdout(&shown).contains("鶴岡市 (062031)"));
}

#[test]
fn bad_document_fails_with_file_and_line_and_writes_nothing() {
    let dir = scratch("bad");
    let doc = seed::document().replacen("62ha (2017年度)", "62 (2017年度)", 1);
    let file = seed_file(&dir, &doc);
    let target = dir.join("out.toml");
    let out = keikaku(&[
        "plan",
        "import",
        &file,
        "--format",
        "toml",
        "--out",
        &target.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("{file}:296: column 初期値")), "{err}");
    assert!(!target.exists(), "no output on error");
    assert!(stdout(&out).is_empty());
}

#[test]
fn invalid_code_and_non_utf8_input_are_explained() {
    let dir = scratch("code");
    let file = seed_file(&dir, &seed::document());
    let out = keikaku(&["plan", "import", &file, "--code", "062032"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--code"), "{}", stderr(&out));
    let sjis = dir.join("sjis.txt");
    std::fs::write(&sjis, [0x93u8, 0xFA, 0x96, 0x7B]).expect("write");
    let out = keikaku(&["plan", "import", &sjis.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not UTF-8 text"),
        "{}",
        stderr(&out)
    );
    let out = keikaku(&["plan", "import", "/nonexistent/plan.txt"]);
    assert!(stderr(&out).contains("cannot read /nonexistent/plan.txt"));
}

#[test]
fn lint_json_and_deny_levels() {
    let out = keikaku(&["plan", "lint", "--format", "json"]);
    assert!(out.status.success());
    let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let findings = findings.as_array().expect("array");
    assert!(findings.iter().any(|f| f["rule"] == "conflicting-values"
        && f["element"] == "KPI-21"
        && f["line"] == 449));
    assert!(findings.iter().all(|f| f["severity"] != "error"));
    assert_eq!(
        keikaku(&["plan", "lint", "--deny", "warning"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        keikaku(&["plan", "lint", "--deny", "error"]).status.code(),
        Some(0)
    );
    let text = stdout(&keikaku(&["plan", "lint"]));
    assert!(
        text.contains("warning[period-column-mismatch] KPI-20 (line 444)"),
        "{text}"
    );
}

#[test]
fn period_command_normalises_labels() {
    let out = keikaku(&["period", "R2(2020)", "2025年3月卒", "令和元年度"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("R2(2020)\tfiscal-year\tFY2020\t2020年度（令和2年度）"),
        "{text}"
    );
    assert!(
        text.contains("2025年3月卒\tgraduation-cohort\tFY2024"),
        "{text}"
    );
    assert!(
        text.contains("令和元年度\tfiscal-year\tFY2019\t2019年度（令和元年度）"),
        "{text}"
    );
    let bad = keikaku(&["period", "来年"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("来年"));
}

#[test]
fn help_teaches_the_commands() {
    let text = stdout(&keikaku(&["--help"]));
    for needle in ["plan", "period", "keikaku plan import DOCUMENT.txt"] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    let text = stdout(&keikaku(&["plan", "import", "--help"]));
    assert!(
        text.contains("--code") && text.contains("--format"),
        "{text}"
    );
}

#[test]
fn show_defaults_to_the_shipped_plan() {
    let out = keikaku(&["plan", "show"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("鶴岡市 (062031) — 第2次鶴岡市総合計画"),
        "{text}"
    );
    assert!(
        text.contains("plan period: 2019年度（令和元年度） – 2028年度（令和10年度）"),
        "{text}"
    );
}
