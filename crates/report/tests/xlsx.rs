//! The Excel workbooks read back with calamine (and, for sheet protection,
//! hidden sheets and data validation, with Python's openpyxl): exact
//! values, Japanese text, locked structure.

mod tools;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use keikaku_ingest::workbook::{float_decimal, layout};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Grade, evaluate};
use keikaku_model::ids::{DepartmentId, IndicatorId};
use keikaku_model::indicator::Column;
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::Quantity;
use keikaku_model::scope::indicators_of;
use keikaku_model::workflow::{Decision, PdcaRecord, State, Subject};
use keikaku_report::xlsx::{
    CouncilInput, EntryInput, PlanInput, council_workbook, entry_workbook, plan_workbook,
};
use rust_decimal::Decimal;
use std::io::Cursor;

fn plan() -> Plan {
    keikaku_ingest::shipped::tsuruoka().expect("shipped plan")
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap()
}

fn actual(plan: &Plan, id: &str, period: &str, amount: &str) -> ActualValue {
    let id = IndicatorId::new(id).unwrap();
    let unit = plan.indicator(&id).unwrap().unit.clone();
    ActualValue {
        indicator: id,
        period: Period::parse(period).unwrap(),
        quantity: Quantity {
            amount: amount.parse().unwrap(),
            unit,
        },
        source: Some("移住相談窓口集計".into()),
        note: None,
    }
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens it")
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn number(d: Option<&Data>) -> Decimal {
    match d {
        Some(Data::Float(f)) => float_decimal(*f).unwrap(),
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn entry_workbook_reads_back_exactly() {
    let plan = plan();
    let dept = DepartmentId::new("D01").unwrap();
    let actuals = vec![
        actual(&plan, "KPI-03", "2023年度", "55"),
        actual(&plan, "KPI-03", "2024年度", "60"),
    ];
    let bytes = entry_workbook(&EntryInput {
        plan: &plan,
        department: &dept,
        year: fy(2024),
        actuals: &actuals,
    })
    .unwrap();
    let mut book = open(&bytes);
    assert_eq!(
        book.sheet_names(),
        vec![layout::INPUT_SHEET, layout::META_SHEET]
    );
    let meta_visible = &book.sheets_metadata()[1].visible;
    assert_eq!(*meta_visible, SheetVisible::Hidden);

    let meta = book.worksheet_range(layout::META_SHEET).unwrap();
    let pairs: Vec<(String, String)> = meta
        .rows()
        .map(|r| (text(r.first()), text(r.get(1))))
        .collect();
    assert_eq!(
        pairs,
        [
            ("format", layout::FORMAT),
            ("version", "1"),
            ("municipality", "062031"),
            ("department", "D01"),
            ("fiscal_year", "2024"),
            ("edition", "E2022"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );

    let sheet = book.worksheet_range(layout::INPUT_SHEET).unwrap();
    let styles = book.worksheet_style(layout::INPUT_SHEET).unwrap();
    assert!(
        text(sheet.get_value((0, 0)))
            .starts_with("鶴岡市 成果指標 実績値入力票 2024年度（令和6年度）")
    );
    let h = layout::HEADER_ROW;
    let header: Vec<String> = (0..30).map(|c| text(sheet.get_value((h, c)))).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|x| x == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}")) as u32
    };
    assert_eq!(header[0], "指標ID");
    assert!(
        header.contains(&"2023年度（令和5年度） 実績".to_owned()),
        "{header:?}"
    );
    assert!(header.contains(&plan.edition.baseline_label), "{header:?}");
    let value_col = col(layout::HEADER_VALUE);

    let ids = indicators_of(&plan, &[dept]);
    assert!(!ids.is_empty());
    for (i, id) in ids.iter().enumerate() {
        let r = h + 1 + i as u32;
        let ind = plan.indicator(id).unwrap();
        assert_eq!(text(sheet.get_value((r, 0))), id.as_str());
        assert_eq!(text(sheet.get_value((r, 1))), ind.name);
        assert_eq!(text(sheet.get_value((r, 2))), ind.unit.as_str());
        for (k, column) in Column::ALL.iter().enumerate() {
            let c = 4 + 2 * k as u32;
            match ind.values.get(*column) {
                Some(v) => {
                    assert_eq!(
                        number(sheet.get_value((r, c))),
                        v.quantity.amount,
                        "{id} {column:?}"
                    );
                    assert!(text(sheet.get_value((r, c + 1))).starts_with(v.period.written()));
                }
                None => assert_eq!(text(sheet.get_value((r, c))), ""),
            }
        }
        // Only the input cells are unlocked.
        let locked = |c: u32| {
            styles
                .get((r, c))
                .and_then(|s| s.protection.as_ref())
                .is_none_or(|p| p.locked)
        };
        assert!(
            locked(0) && locked(1) && locked(4),
            "{id}: reference cells are locked"
        );
        for c in value_col..value_col + 4 {
            assert!(!locked(c), "{id}: input column {c} is unlocked");
        }
        if id.as_str() == "KPI-03" {
            assert_eq!(number(sheet.get_value((r, value_col))), Decimal::from(60));
            assert_eq!(text(sheet.get_value((r, value_col + 1))), "2024年度");
            assert_eq!(
                text(sheet.get_value((r, value_col + 2))),
                "移住相談窓口集計"
            );
            let prev = col("2023年度（令和5年度） 実績");
            assert_eq!(number(sheet.get_value((r, prev))), Decimal::from(55));
        }
    }
    check_with_openpyxl(&bytes, value_col, ids.len());
}

/// Sheet protection, the hidden meta sheet and the decimal validation, as
/// openpyxl (an independent reader) sees them.
fn check_with_openpyxl(bytes: &[u8], value_col: u32, rows: usize) {
    let Some(python) = tools::tool("KEIKAKU_PYTHON") else {
        return;
    };
    let dir = tools::temp_dir("xlsx-openpyxl");
    let file = dir.join("entry.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let script = r#"
import sys, openpyxl
from openpyxl.utils import get_column_letter
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["入力"]
value_col = int(sys.argv[2]) + 1
rows = int(sys.argv[3])
assert ws.protection.sheet, "input sheet protected"
assert wb["keikaku"].sheet_state == "hidden", wb["keikaku"].sheet_state
assert wb["keikaku"].protection.sheet, "meta sheet protected"
first, last = 5, 4 + rows
for r in range(first, last + 1):
    assert ws.cell(r, 1).protection.locked
    for c in range(value_col, value_col + 4):
        assert not ws.cell(r, c).protection.locked, (r, c)
letter = get_column_letter(value_col)
dvs = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
assert len(dvs) == 1, dvs
assert str(dvs[0].sqref) == f"{letter}{first}:{letter}{last}", str(dvs[0].sqref)
print("ok")
"#;
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(&file)
        .arg(value_col.to_string())
        .arg(rows.to_string())
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "openpyxl check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn grades(plan: &Plan, actuals: &[ActualValue], year: FiscalYear) -> Vec<Grade> {
    let rubric = keikaku_ingest::rubrics::by_name("tsuruoka-4").unwrap();
    let ctx = EvalContext::of(plan);
    plan.indicators
        .iter()
        .map(|i| {
            let mine: Vec<ActualValue> = actuals
                .iter()
                .filter(|a| a.indicator == i.id)
                .cloned()
                .collect();
            evaluate(&ctx, i, &mine, year, &rubric)
        })
        .collect()
}

#[test]
fn plan_workbook_has_every_project_and_the_kpi_tables() {
    let plan = plan();
    let actuals = vec![
        actual(&plan, "KPI-03", "2024年度", "60"),
        actual(&plan, "KPI-07", "2025年3月末", "19.10"),
    ];
    let grades = grades(&plan, &actuals, fy(2024));
    let bytes = plan_workbook(&PlanInput {
        plan: &plan,
        actuals: &actuals,
        grades: &grades,
    })
    .unwrap();
    let mut book = open(&bytes);
    let names = book.sheet_names();
    assert_eq!(names.len(), plan.projects.len() + 1);
    assert_eq!(names[0], "目次");
    let mut seen_kpi03 = false;
    for (project, name) in plan.projects.iter().zip(&names[1..]) {
        assert!(name.starts_with(project.id.as_str()), "{name}");
        let sheet = book.worksheet_range(name).unwrap();
        assert_eq!(
            text(sheet.get_value((0, 0))),
            format!("{} {}", project.id, project.name)
        );
        let all: Vec<(u32, String)> = sheet
            .used_cells()
            .filter(|(_, c, _)| *c == 0)
            .map(|(r, _, d)| (r as u32, text(Some(d))))
            .collect();
        for table in &project.tables {
            for row in &table.rows {
                let ind = plan.indicator(&row.indicator).unwrap();
                // The label's row (a heading may print the same text).
                let r = all
                    .iter()
                    .filter(|(_, t)| *t == row.label)
                    .map(|(r, _)| *r)
                    .find(|r| text(sheet.get_value((*r, 1))) == ind.unit.as_str())
                    .unwrap_or_else(|| panic!("{} on {name}", row.label));
                if let Some(v) = &ind.values.initial {
                    assert_eq!(number(sheet.get_value((r, 2))), v.quantity.amount);
                    assert!(text(sheet.get_value((r, 3))).starts_with(v.period.written()));
                }
                if let Some(v) = &ind.values.target {
                    assert_eq!(number(sheet.get_value((r, 8))), v.quantity.amount);
                }
                if ind.id.as_str() == "KPI-03" {
                    seen_kpi03 = true;
                    assert_eq!(number(sheet.get_value((r, 10))), Decimal::from(60));
                    assert_eq!(text(sheet.get_value((r, 11))), "2024年度");
                    assert_eq!(text(sheet.get_value((r, 12))), "目標達成");
                }
            }
        }
    }
    assert!(seen_kpi03);
}

#[test]
fn council_workbook_lists_grades_records_and_counts() {
    let plan = plan();
    let year = fy(2024);
    let actuals = vec![actual(&plan, "KPI-03", "2024年度", "60")];
    let grades = grades(&plan, &actuals, year);
    let rubric = keikaku_ingest::rubrics::by_name("tsuruoka-4").unwrap();
    let project = plan.projects[0].id.clone();
    let mut record = PdcaRecord::new(year, Subject::Project(project.clone()));
    record.self_evaluation = Some("移住相談が増えた。".into());
    record.review = Some("順調".into());
    record.decision = Some(Decision::Expand);
    record.council_comment = Some("若者の定着にも注目を".into());
    record.state = State::Reviewed;
    let other_year = PdcaRecord::new(fy(2023), Subject::Project(project.clone()));
    let records = vec![record, other_year];
    let bytes = council_workbook(&CouncilInput {
        plan: &plan,
        year,
        rubric: &rubric,
        grades: &grades,
        actuals: &actuals,
        records: &records,
    })
    .unwrap();
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), vec!["指標別評価", "PDCA", "評価別件数"]);

    let sheet = book.worksheet_range("指標別評価").unwrap();
    let rows: Vec<u32> = (4..=sheet.end().unwrap().0)
        .filter(|r| text(sheet.get_value((*r, 2))) == "KPI-03")
        .collect();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(number(sheet.get_value((r, 9))), Decimal::from(60));
        assert_eq!(text(sheet.get_value((r, 11))), "目標達成");
        let why = text(sheet.get_value((r, 12)));
        assert!(why.contains("実績値 ≥ 目標値: 60 ≥ 55"), "{why}");
    }
    let printed: usize = plan.tables().map(|(_, t)| t.rows.len()).sum();
    assert_eq!(sheet.end().unwrap().0 as usize, 3 + printed);

    let pdca = book.worksheet_range("PDCA").unwrap();
    assert_eq!(pdca.end().unwrap().0, 4, "only the year's record");
    let cells: Vec<String> = (0..7).map(|c| text(pdca.get_value((4, c)))).collect();
    assert_eq!(cells[0], project.as_str());
    assert_eq!(cells[1], plan.projects[0].name);
    assert_eq!(
        cells[3..],
        ["移住相談が増えた。", "順調", "拡充", "若者の定着にも注目を"]
    );

    let counts = book.worksheet_range("評価別件数").unwrap();
    let levels = rubric.level_ids();
    let mut total = 0;
    for (i, id) in levels.iter().enumerate() {
        let r = 4 + i as u32;
        let n = number(counts.get_value((r, 2)));
        let expected = grades.iter().filter(|g| g.level.id == *id).count();
        assert_eq!(n, Decimal::from(expected), "{id}");
        total += expected;
    }
    assert_eq!(total, plan.indicators.len());
    assert_eq!(
        number(counts.get_value((4 + levels.len() as u32, 2))),
        Decimal::from(total)
    );
}
