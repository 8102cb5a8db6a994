//! `keikaku export` through the binary on SQLite: open data holds only
//! published actuals and grades; a CP932 export with a character CP932
//! lacks writes nothing and names file, row and column; the plan and
//! council workbooks read back with calamine.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
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

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("keikaku-export-{}-{name}", std::process::id()))
}

/// The rows of a UTF-8 CSV file as (indicator ID, value, note).
fn rows(path: &Path) -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_path(path).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "全国地方公共団体コード");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, value) = (
        col("指標ID"),
        col(if header.contains(&"値".to_owned()) {
            "値"
        } else {
            "評価"
        }),
    );
    let note = header.iter().position(|h| h == "備考");
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[id].to_owned(),
                r[value].to_owned(),
                note.map(|n| r[n].to_owned()).unwrap_or_default(),
            )
        })
        .collect()
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

#[test]
fn open_data_and_workbooks() {
    let db = temp("db.sqlite");
    let _ = std::fs::remove_file(&db);
    let url = format!("sqlite://{}", db.display());
    let csv_file = temp("actuals.csv");
    std::fs::write(
        &csv_file,
        "indicator,period,value,note\nKPI-03,2024年度,60,café で集計\nKPI-07,2025年3月末,19.10,\n",
    )
    .unwrap();
    ok(
        &url,
        &["actuals", "import", &csv_file.display().to_string()],
    );

    // Nothing is published yet: no actuals, no grades in the open data.
    let before = temp("before");
    ok(
        &url,
        &["export", "open-data", &before.display().to_string()],
    );
    assert!(rows(&before.join("actuals.csv")).is_empty());
    assert!(rows(&before.join("grades.csv")).is_empty());
    assert!(!rows(&before.join("targets.csv")).is_empty());

    // Publish the evaluation of the project printing KPI-03.
    let plan = keikaku_ingest::shipped::tsuruoka().unwrap();
    let kpi03 = keikaku_model::ids::IndicatorId::new("KPI-03").unwrap();
    let kpi07 = keikaku_model::ids::IndicatorId::new("KPI-07").unwrap();
    let project = plan.appearances(&kpi03).next().unwrap().0.id.to_string();
    let seven_public = plan
        .appearances(&kpi07)
        .any(|(p, _, _)| p.id.as_str() == project);
    let p = ["--year", "2024", "--project", project.as_str()];
    ok(
        &url,
        &[&["pdca", "self-evaluate"][..], &p, &["--text", "順調"]].concat(),
    );
    ok(&url, &[&["pdca", "submit"][..], &p].concat());
    ok(
        &url,
        &[
            &["pdca", "review"][..],
            &p,
            &["--text", "妥当", "--decision", "拡充"],
        ]
        .concat(),
    );
    ok(&url, &[&["pdca", "publish"][..], &p].concat());

    let after = temp("after");
    ok(
        &url,
        &["export", "open-data", &after.display().to_string(), "--bom"],
    );
    let actuals = rows(&after.join("actuals.csv"));
    assert!(
        actuals.contains(&("KPI-03".into(), "60".into(), "café で集計".into())),
        "{actuals:?}"
    );
    assert_eq!(
        actuals.iter().any(|r| r.0 == "KPI-07"),
        seven_public,
        "{actuals:?}"
    );
    let grades = rows(&after.join("grades.csv"));
    assert!(
        grades.contains(&("KPI-03".into(), "目標達成".into(), String::new())),
        "{grades:?}"
    );
    assert!(
        std::fs::read(after.join("actuals.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );

    // CP932 cannot hold é: refused, naming file, row and column; nothing written.
    let sjis = temp("sjis");
    let out = run(
        &url,
        &[
            "export",
            "open-data",
            &sjis.display().to_string(),
            "--encoding",
            "cp932",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(
        err.contains("actuals.csv row 2 column 備考: 「é」 (U+00E9) cannot be written in CP932"),
        "{err}"
    );
    assert!(!sjis.exists(), "no directory, no file");

    // The plan and council workbooks.
    let plan_xlsx = temp("plan.xlsx");
    ok(
        &url,
        &[
            "export",
            "workbook",
            "--out",
            &plan_xlsx.display().to_string(),
        ],
    );
    let bytes = std::fs::read(&plan_xlsx).unwrap();
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.as_slice())).unwrap();
    assert_eq!(book.sheet_names().len(), plan.projects.len() + 1);

    let council = temp("council.xlsx");
    ok(
        &url,
        &[
            "export",
            "council-workbook",
            "--year",
            "R6",
            "--out",
            &council.display().to_string(),
        ],
    );
    let bytes = std::fs::read(&council).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.as_slice())).unwrap();
    let pdca = book.worksheet_range("PDCA").unwrap();
    let record: Vec<String> = (0..7).map(|c| text(pdca.get_value((4, c)))).collect();
    assert_eq!(record[0], project);
    assert_eq!(record[2..], ["公表済", "順調", "妥当", "拡充", ""]);

    for d in [before, after] {
        let _ = std::fs::remove_dir_all(d);
    }
    for f in [db, csv_file, plan_xlsx, council] {
        let _ = std::fs::remove_file(f);
    }
}
