//! Open data read back: the CSV files parsed with the csv crate, the CP932
//! files decoded with encoding_rs, the JSON files parsed, an unmappable
//! character refused with file, row and column, and the data package
//! validated by the Python `frictionless` command (KEIKAKU_FRICTIONLESS).

mod tools;

use keikaku_ingest::budget::{BudgetFile, read_budget};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Grade, evaluate};
use keikaku_model::ids::IndicatorId;
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::Quantity;
use keikaku_report::opendata::{
    self, Encoding, OpenDataError, OpenDataInput, Options, OutputFile, PackageMeta,
};
use serde_json::Value;
use std::collections::BTreeMap;

fn plan() -> Plan {
    keikaku_ingest::shipped::tsuruoka().expect("shipped plan")
}

fn actual(plan: &Plan, id: &str, period: &str, amount: &str, note: Option<&str>) -> ActualValue {
    let id = IndicatorId::new(id).unwrap();
    let unit = plan.indicator(&id).unwrap().unit.clone();
    ActualValue {
        indicator: id,
        period: Period::parse(period).unwrap(),
        quantity: Quantity {
            amount: amount.parse().unwrap(),
            unit,
        },
        source: Some("介護保険事業状況報告".into()),
        note: note.map(Into::into),
    }
}

fn actuals(plan: &Plan) -> Vec<ActualValue> {
    vec![
        actual(
            plan,
            "KPI-07",
            "2025年3月末",
            "19.10",
            Some("速報値\n確定は8月、2015〜2017年度平均と比較"),
        ),
        actual(plan, "KPI-03", "R6", "60", None),
        actual(plan, "KPI-20", "2024年", "1000.0", None),
    ]
}

fn grades(plan: &Plan, actuals: &[ActualValue]) -> Vec<Grade> {
    let rubric = keikaku_ingest::rubrics::by_name("tsuruoka-4").unwrap();
    let ctx = EvalContext::of(plan);
    let year = FiscalYear::new(2024).unwrap();
    plan.indicators
        .iter()
        .filter(|i| actuals.iter().any(|a| a.indicator == i.id))
        .map(|i| evaluate(&ctx, i, actuals, year, &rubric))
        .collect()
}

fn meta() -> PackageMeta {
    PackageMeta {
        name: "keikaku-062031-e2022".into(),
        title: "鶴岡市 成果指標オープンデータ".into(),
        publisher: "鶴岡市".into(),
        description: "テスト".into(),
    }
}

/// The budget fixture (tests/fixtures/budget, fictional figures), as if
/// every line's budget and settlement were published.
fn budget(plan: &Plan) -> BudgetFile {
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/budget");
    let mut file = BudgetFile::default();
    for name in ["programs.csv", "lines.csv"] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        file.extend(read_budget(&bytes, plan).unwrap());
    }
    file
}

fn render(plan: &Plan, encoding: Encoding) -> Result<Vec<OutputFile>, OpenDataError> {
    let actuals = actuals(plan);
    let grades = grades(plan, &actuals);
    let budget = budget(plan);
    let input = OpenDataInput {
        plan,
        actuals: &actuals,
        grades: &grades,
        programs: &budget.programs,
        budget: &budget.lines,
    };
    opendata::render(&opendata::tables(&input), &meta(), Options { encoding })
}

fn file<'a>(files: &'a [OutputFile], name: &str) -> &'a [u8] {
    &files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name}"))
        .bytes
}

/// A CSV file as header + rows of named cells.
fn parse(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn csv_files_read_back_exactly() {
    let plan = plan();
    let files = render(&plan, Encoding::Utf8).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    for t in [
        "projects",
        "indicators",
        "indicator_projects",
        "targets",
        "actuals",
        "grades",
    ] {
        assert!(
            names.contains(&format!("{t}.csv").as_str())
                && names.contains(&format!("{t}.json").as_str()),
            "{names:?}"
        );
    }
    assert!(names.contains(&"datapackage.json"));

    for f in files.iter().filter(|f| f.name.ends_with(".csv")) {
        assert!(!f.bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM by default");
        let (header, rows) = parse(&f.bytes);
        assert_eq!(header[0], "全国地方公共団体コード", "{}", f.name);
        assert_eq!(header[1], "地方公共団体名", "{}", f.name);
        for row in &rows {
            assert_eq!(row["全国地方公共団体コード"], "062031");
            assert_eq!(row["地方公共団体名"], "鶴岡市");
        }
    }

    let (_, indicators) = parse(file(&files, "indicators.csv"));
    assert_eq!(indicators.len(), plan.indicators.len());
    for (row, ind) in indicators.iter().zip(&plan.indicators) {
        assert_eq!(row["指標ID"], ind.id.as_str());
        assert_eq!(row["指標名"], ind.name);
        assert_eq!(row["単位"], ind.unit.as_str());
    }

    let (_, targets) = parse(file(&files, "targets.csv"));
    let printed: usize = plan
        .indicators
        .iter()
        .map(|i| i.values.iter().count())
        .sum();
    assert_eq!(targets.len(), printed);
    for row in &targets {
        let ind = plan
            .indicator(&IndicatorId::new(row["指標ID"].as_str()).unwrap())
            .unwrap();
        let v = ind
            .values
            .iter()
            .find(|(c, _)| {
                matches!(
                    (row["区分"].as_str(), c),
                    ("initial", keikaku_model::indicator::Column::Initial)
                        | ("baseline", keikaku_model::indicator::Column::Baseline)
                        | ("interim", keikaku_model::indicator::Column::Interim)
                        | ("final", keikaku_model::indicator::Column::Target)
                )
            })
            .unwrap()
            .1;
        assert_eq!(row["値"], v.quantity.amount.to_string(), "exact with scale");
        assert_eq!(row["時点"], v.period.written());
        assert_eq!(row["年度"], v.period.fiscal_year().year().to_string());
        assert!(
            row["和暦年度"].ends_with("年度")
                && (row["和暦年度"].starts_with("令和") || row["和暦年度"].starts_with("平成")),
            "{row:?}"
        );
        assert!(!row["値"].contains(',') && !row["値"].contains('%'));
    }

    let (_, actual_rows) = parse(file(&files, "actuals.csv"));
    assert_eq!(actual_rows.len(), 3);
    let kpi07 = actual_rows
        .iter()
        .find(|r| r["指標ID"] == "KPI-07")
        .unwrap();
    assert_eq!(kpi07["値"], "19.10");
    assert_eq!(kpi07["単位"], "%");
    assert_eq!(kpi07["年度"], "2024");
    assert_eq!(kpi07["和暦年度"], "令和6年度");
    assert_eq!(kpi07["時点"], "2025年3月末");
    assert_eq!(kpi07["日付"], "2025-03-31");
    assert_eq!(kpi07["備考"], "速報値\n確定は8月、2015〜2017年度平均と比較");
    let kpi20 = actual_rows
        .iter()
        .find(|r| r["指標ID"] == "KPI-20")
        .unwrap();
    assert_eq!(kpi20["値"], "1000.0");
    assert_eq!(kpi20["日付"], "");

    let (_, grade_rows) = parse(file(&files, "grades.csv"));
    let g03 = grade_rows.iter().find(|r| r["指標ID"] == "KPI-03").unwrap();
    assert_eq!(g03["評価"], "目標達成");
    assert_eq!(g03["年度"], "2024");

    let json: Value = serde_json::from_slice(file(&files, "actuals.json")).unwrap();
    let k = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["指標ID"] == "KPI-07")
        .unwrap();
    assert_eq!(k["値"], "19.10");
    assert_eq!(k["年度"], 2024);
    assert_eq!(k["日付"], "2025-03-31");

    let package: Value = serde_json::from_slice(file(&files, "datapackage.json")).unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 8);
    for r in resources {
        assert_eq!(r["encoding"], "utf-8");
        assert_eq!(r["schema"]["fields"][0]["name"], "全国地方公共団体コード");
    }
}

#[test]
fn bom_and_cp932_decode_to_the_same_text() {
    let plan = plan();
    let utf8 = render(&plan, Encoding::Utf8).unwrap();
    let bom = render(&plan, Encoding::Utf8Bom).unwrap();
    let sjis = render(&plan, Encoding::Cp932).unwrap();
    for ((a, b), c) in utf8.iter().zip(&bom).zip(&sjis) {
        if !a.name.ends_with(".csv") {
            continue;
        }
        let text = std::str::from_utf8(&a.bytes).unwrap();
        assert_eq!(
            b.bytes,
            [b"\xEF\xBB\xBF".as_slice(), &a.bytes].concat(),
            "{}",
            a.name
        );
        let (decoded, _, bad) = encoding_rs::SHIFT_JIS.decode(&c.bytes);
        assert!(!bad, "{}", a.name);
        assert_eq!(decoded, text.replace('〜', "～"), "{}", a.name);
    }
    let (_, rows) = parse(
        encoding_rs::SHIFT_JIS
            .decode(file(&sjis, "actuals.csv"))
            .0
            .as_bytes(),
    );
    let kpi07 = rows.iter().find(|r| r["指標ID"] == "KPI-07").unwrap();
    assert_eq!(kpi07["備考"], "速報値\n確定は8月、2015～2017年度平均と比較");
    let package: Value = serde_json::from_slice(file(&sjis, "datapackage.json")).unwrap();
    assert_eq!(package["resources"][0]["encoding"], "cp932");
}

#[test]
fn an_unmappable_character_is_refused_with_file_row_and_column() {
    let mut plan = plan();
    plan.indicators[2].name = format!("{}（café）", plan.indicators[2].name);
    let err = render(&plan, Encoding::Cp932).unwrap_err();
    assert_eq!(
        err,
        OpenDataError::Unmappable {
            file: "indicators.csv".into(),
            row: 4,
            column: "指標名".into(),
            character: 'é',
            code: 0xE9,
        }
    );
    let message = err.to_string();
    assert!(
        message.starts_with(
            "indicators.csv row 4 column 指標名: 「é」 (U+00E9) cannot be written in CP932"
        ),
        "{message}"
    );
    assert!(
        render(&plan, Encoding::Utf8).is_ok(),
        "UTF-8 holds every character"
    );
}

#[test]
fn the_data_package_validates_with_frictionless() {
    let Some(frictionless) = tools::tool("KEIKAKU_FRICTIONLESS") else {
        return;
    };
    let plan = plan();
    for encoding in [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Cp932] {
        let dir = tools::temp_dir(&format!("opendata-{}", encoding.label()));
        for f in render(&plan, encoding).unwrap() {
            std::fs::write(dir.join(&f.name), &f.bytes).unwrap();
        }
        let out = std::process::Command::new(&frictionless)
            .args(["validate", "--json", "datapackage.json"])
            .current_dir(&dir)
            .output()
            .expect("frictionless runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: frictionless: {stdout}{}",
            encoding.label(),
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_str(&stdout).expect("a JSON report");
        assert_eq!(report["valid"], true, "{stdout}");
        assert_eq!(report["stats"]["tasks"], 8, "{stdout}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn budget_lines_are_exact_thousands_of_yen_with_derived_columns() {
    let plan = plan();
    let files = render(&plan, Encoding::Utf8).unwrap();
    let (header, rows) = parse(file(&files, "budget_lines.csv"));
    assert_eq!(header[2], "予算事業ID");
    let j01 = rows
        .iter()
        .find(|r| r["予算事業ID"] == "J-01" && r["年度"] == "2022")
        .expect("J-01 FY2022");
    let got: Vec<&str> = [
        "和暦年度",
        "当初予算",
        "補正予算",
        "予算現額",
        "決算",
        "一般財源",
        "国県支出金",
        "地方債",
        "その他財源",
        "人工",
        "人件費単価",
        "人件費",
        "総事業費",
        "執行率",
    ]
    .iter()
    .map(|c| j01[*c].as_str())
    .collect();
    // 12,000 + 500 = 12,500; 1.5 × 8,000 = 12,000; 11,800 + 12,000 = 23,800; 11,800 / 12,500 = 94.4 %.
    assert_eq!(
        got,
        vec![
            "令和4年度",
            "12000",
            "500",
            "12500",
            "11800",
            "8500",
            "4000",
            "0",
            "0",
            "1.5",
            "8000",
            "12000",
            "23800",
            "94.4"
        ]
    );
    let j04 = rows
        .iter()
        .find(|r| r["予算事業ID"] == "J-04" && r["年度"] == "2023")
        .expect("J-04 FY2023");
    assert_eq!(j04["決算"], "", "no settlement is an empty cell, not 0");
    assert_eq!(j04["執行率"], "");
    assert_eq!(j04["総事業費"], "38200");
    let (_, programs) = parse(file(&files, "budget_programs.csv"));
    let j03 = programs.iter().find(|r| r["予算事業ID"] == "J-03").unwrap();
    assert_eq!(j03["担当部"], "健康福祉部");
    assert_eq!(j03["中項目ID"], "F2-03;F2-05");
}
