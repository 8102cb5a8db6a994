//! The budget fixtures (tests/fixtures/budget, fictional figures) read with
//! the CSV reader and rolled up; every total asserted here was computed by
//! hand in the fixture's README.

use keikaku_ingest::budget::{BudgetFile, read_budget};
use keikaku_ingest::shipped;
use keikaku_model::budget::money::Thousands;
use keikaku_model::budget::rollup::Book;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::plan::Plan;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/budget")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load() -> (Plan, BudgetFile) {
    let plan = shipped::tsuruoka().unwrap();
    let mut file = read_budget(&fixture("programs.csv"), &plan).unwrap();
    file.extend(read_budget(&fixture("lines.csv"), &plan).unwrap());
    (plan, file)
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap()
}

fn k(n: i64) -> Thousands {
    Thousands::new(n)
}

#[test]
fn overall_totals_match_the_hand_computation() {
    let (plan, file) = load();
    let book = Book {
        plan: &plan,
        programs: &file.programs,
        lines: &file.lines,
    };
    assert_eq!(book.years(), vec![fy(2022), fy(2023)]);
    let t = book.overall(fy(2022)).unwrap();
    assert_eq!(
        (t.budget, t.settlement, t.personnel, t.total),
        (k(90_000), k(85_600), k(60_400), k(146_000))
    );
    assert_eq!(t.execution_rate(), Some(Decimal::from_str("95.1").unwrap()));
    assert!(t.fully_settled());
    let t = book.overall(fy(2023)).unwrap();
    assert_eq!(
        (t.budget, t.settlement, t.total),
        (k(35_000), k(12_350), k(62_700))
    );
    assert_eq!(t.execution_rate(), Some(Decimal::from_str("95.0").unwrap()));
    assert!(!t.fully_settled());
}

#[test]
fn per_project_and_field_totals_count_shared_initiatives_in_each() {
    let (plan, file) = load();
    let book = Book {
        plan: &plan,
        programs: &file.programs,
        lines: &file.lines,
    };
    let by_project: Vec<(String, i64)> = book
        .by_project(fy(2022))
        .unwrap()
        .into_iter()
        .map(|r| (r.key.to_string(), r.totals.total.get()))
        .collect();
    assert_eq!(
        by_project,
        vec![
            ("P1".into(), 30_500),
            ("P2".into(), 71_600),
            ("P3".into(), 0),
            ("P4".into(), 0),
            ("P5".into(), 0),
            ("P6".into(), 40_000),
            ("P7".into(), 40_000),
        ]
    );
    let by_field: Vec<i64> = book
        .by_field(fy(2022))
        .unwrap()
        .into_iter()
        .map(|r| r.totals.total.get())
        .collect();
    assert_eq!(by_field, vec![23_800, 78_300, 0, 0, 40_000, 0, 0]);
    let f2_03 = book
        .by_item(fy(2022))
        .unwrap()
        .into_iter()
        .find(|r| r.key.as_str() == "F2-03")
        .unwrap();
    assert_eq!(f2_03.totals.total, k(71_600));
    assert_eq!(f2_03.programs.len(), 1);
}

#[test]
fn trends_and_gaps() {
    let (plan, file) = load();
    let book = Book {
        plan: &plan,
        programs: &file.programs,
        lines: &file.lines,
    };
    let j01: Vec<(i32, i64)> = book
        .trend(|p| p.id.as_str() == "J-01")
        .unwrap()
        .into_iter()
        .map(|(y, t)| (y.year(), t.total.get()))
        .collect();
    assert_eq!(j01, vec![(2022, 23_800), (2023, 24_500)]);
    let kpi17 = book.programs_for(&"KPI-17".parse().unwrap());
    assert_eq!(kpi17.len(), 1);
    assert_eq!(kpi17[0].id.as_str(), "J-04");
    let unlinked: Vec<&str> = book
        .money_without_indicator()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(unlinked, vec!["V2-1"]);
    let without = book.indicators_without_program();
    assert_eq!(without.len(), plan.indicators.len() - 6);
    assert!(!without.iter().any(|i| i.as_str() == "KPI-03"));
}
