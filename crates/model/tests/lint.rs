//! The lint rules on small hand-built plans: each rule fires on the figures
//! it is about (mostly taken from the Tsuruoka plan) and stays silent on
//! figures that are fine, plus the order of findings and the rule registry.

use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::*;
use keikaku_model::indicator::{
    Aggregation, Annotation, AnnotationKind, Basis, Column, Indicator, KpiValue, KpiValues,
    Polarity, infer_aggregation,
};
use keikaku_model::lint::{Finding, RULES, Severity, lint};
use keikaku_model::period::Period;
use keikaku_model::plan::*;
use keikaku_model::quantity::{Quantity, Unit, parse_amount};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Source line of the first test table's heading; its cells are 3 lines below.
const TABLE_LINE: u32 = 100;
const CELL_LINE: u32 = 103;

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("test year {y}: {e}"))
}

fn years(first: i32, last: i32) -> Years {
    Years::new(fy(first), fy(last)).unwrap_or_else(|e| panic!("{e}"))
}

/// A cell as the document writes it: `amount (annotation)… (period)`, e.g.
/// `1042.8kt-co2 (▲3%) (2018年)` or `19.0%以下 (2029年3月末)`.
fn value(cell: &str, line: u32) -> KpiValue {
    let parts: Vec<&str> = cell.split(" (").collect();
    let (first, rest) = parts.split_first().unwrap_or_else(|| panic!("{cell}"));
    let (period, annotations) = rest.split_last().unwrap_or_else(|| panic!("{cell}"));
    let (quantity, bound) = Quantity::parse(first).unwrap_or_else(|e| panic!("{cell}: {e}"));
    let period = Period::parse(period.trim_end_matches(')')).unwrap_or_else(|e| panic!("{e}"));
    let annotations = annotations
        .iter()
        .map(|a| {
            let written = a.trim_end_matches(')').to_owned();
            let kind = match written.strip_prefix('▲') {
                Some(rate) => AnnotationKind::ReductionRate {
                    percent: parse_amount(rate.trim_end_matches('%'))
                        .unwrap_or_else(|e| panic!("{e}")),
                },
                None => AnnotationKind::Reference {
                    quantity: Quantity::parse(&written)
                        .unwrap_or_else(|e| panic!("{e}"))
                        .0,
                },
            };
            Annotation { written, kind }
        })
        .collect();
    KpiValue {
        quantity,
        bound,
        period,
        annotations,
        written: cell.to_owned(),
        line: Some(line),
    }
}

/// An indicator from its name and four cells (`""` for an empty cell); the
/// unit is the first cell's, the polarity as given and stated, the
/// aggregation from the name as the importer reads it.
fn indicator(id: &str, name: &str, cells: [&str; 4], polarity: Polarity, line: u32) -> Indicator {
    let mut values = KpiValues::default();
    for (column, cell) in Column::ALL.into_iter().zip(cells) {
        if !cell.is_empty() {
            *values.slot_mut(column) = Some(value(cell, line));
        }
    }
    let unit = values
        .iter()
        .next()
        .map_or_else(|| Unit::new("人"), |(_, v)| Ok(v.quantity.unit.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    let (aggregation, aggregation_basis) = infer_aggregation(name);
    Indicator {
        id: IndicatorId::new(id).unwrap_or_else(|e| panic!("{e}")),
        name: name.to_owned(),
        description: None,
        part_of: None,
        unit,
        polarity,
        polarity_basis: Basis::Stated,
        aggregation,
        aggregation_basis,
        values,
        policy_items: Vec::new(),
        directions: Vec::new(),
    }
}

fn table(id: &str, indicator: &str, label: &str, line: u32) -> KpiTable {
    KpiTable {
        id: TableId::new(id).unwrap_or_else(|e| panic!("{e}")),
        heading: vec![label.to_owned()],
        header: "初期値\tR2(2020)実績値\t実施計画期間設定値\t成果指標(KPI)".to_owned(),
        rows: vec![TableRow {
            indicator: IndicatorId::new(indicator).unwrap_or_else(|e| panic!("{e}")),
            label: label.to_owned(),
        }],
        line: Some(line),
    }
}

fn project(id: &str, name: &str, tables: Vec<KpiTable>) -> Project {
    Project {
        id: ProjectId::new(id).unwrap_or_else(|e| panic!("{e}")),
        name: name.to_owned(),
        group: GroupId::new("G1").unwrap_or_else(|e| panic!("{e}")),
        lead: vec![DepartmentId::new("DEPT-1").unwrap_or_else(|e| panic!("{e}"))],
        related: vec![],
        summary: vec![],
        directions: vec![],
        tables,
        line: None,
        detail_line: None,
        sdgs: Vec::new(),
    }
}

/// A plan like Tsuruoka's (comprehensive plan FY2019–FY2028, edition
/// FY2022–FY2024 with baseline FY2020) holding no indicators yet.
fn empty_plan() -> Plan {
    Plan {
        municipality: Municipality {
            name: "鶴岡市".to_owned(),
            code: None,
            prefecture: None,
        },
        plan: ComprehensivePlan {
            name: "第2次鶴岡市総合計画".to_owned(),
            catchphrase: None,
            years: years(2019, 2028),
            first_year_assumed: false,
        },
        edition: Edition {
            id: EditionId::new("E2022").unwrap_or_else(|e| panic!("{e}")),
            title: "第2次鶴岡市総合計画 実施計画".to_owned(),
            variant: None,
            years: years(2022, 2024),
            baseline_year: fy(2020),
            baseline_label: "R2(2020)実績値".to_owned(),
            published: None,
            status: EditionStatus::Published,
        },
        sections: vec![],
        issues_intro: vec![],
        issues: vec![],
        projects_intro: vec![],
        departments: vec![Department {
            id: DepartmentId::new("DEPT-1").unwrap_or_else(|e| panic!("{e}")),
            name: "企画部".to_owned(),
        }],
        groups: vec![ProjectGroup {
            id: GroupId::new("G1").unwrap_or_else(|e| panic!("{e}")),
            name: "社会システムを整える".to_owned(),
        }],
        projects: vec![],
        indicators: vec![],
        fields: vec![],
        key_initiatives: vec![],
        errata: vec![],
    }
}

/// A minimal plan with one project, one table and one indicator `KPI-01`.
fn plan(name: &str, cells: [&str; 4], polarity: Polarity) -> Plan {
    let mut plan = empty_plan();
    plan.indicators = vec![indicator("KPI-01", name, cells, polarity, CELL_LINE)];
    plan.projects = vec![project(
        "P1",
        "テストプロジェクト",
        vec![table("P1-T1", "KPI-01", name, TABLE_LINE)],
    )];
    plan
}

/// The findings of one rule.
fn of(plan: &Plan, rule: &str) -> Vec<Finding> {
    lint(plan).into_iter().filter(|f| f.rule == rule).collect()
}

/// A finding's message, for assertions; fails unless there is exactly one.
fn only(findings: &[Finding]) -> &Finding {
    match findings {
        [f] => f,
        _ => panic!("expected exactly one finding, got {findings:#?}"),
    }
}

/// A clean, typical indicator (有機米の作付面積).
fn clean() -> Plan {
    plan(
        "有機米の作付面積",
        [
            "62ha (2017年度)",
            "73ha (2020年度)",
            "84ha (2024年度)",
            "100ha (2028年度)",
        ],
        Polarity::Increase,
    )
}

#[test]
fn a_clean_plan_has_no_findings() {
    assert_eq!(lint(&clean()), vec![]);
}

// ---- target-not-better ----------------------------------------------------

#[test]
fn target_not_better_fires_when_an_increase_target_is_below_the_baseline() {
    // 移住定住施策による移住件数（年間）: 68件 actual, 55件 targets.
    let p = plan(
        "移住定住施策による移住件数（年間）",
        [
            "39件 (2017年度)",
            "68件 (2020年度)",
            "55件 (2024年度)",
            "55件 (2028年度)",
        ],
        Polarity::Increase,
    );
    let found = of(&p, "target-not-better");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0].message,
        "「移住定住施策による移住件数（年間）」: the interim target 55件 (2024年度) is below the baseline actual 68件 (2020年度), though higher is better"
    );
    assert!(
        found[1]
            .message
            .contains("the final target 55件 (2028年度)")
    );
    assert!(found.iter().all(|f| f.severity == Severity::Warning
        && f.element == "KPI-01"
        && f.line == Some(CELL_LINE)));
    // Both targets are above the initial value 39件.
    assert_eq!(of(&p, "target-below-initial"), vec![]);
}

#[test]
fn target_not_better_fires_when_a_target_equals_the_baseline() {
    // 産直施設の販売額: interim 14.1億円 = actual 14.1億円.
    let p = plan(
        "産直施設の販売額",
        [
            "11.4億円 (2016年度)",
            "14.1億円 (2020年度)",
            "14.1億円 (2024年度)",
            "15.0億円 (2028年度)",
        ],
        Polarity::Increase,
    );
    let f = of(&p, "target-not-better");
    assert_eq!(
        only(&f).message,
        "「産直施設の販売額」: the interim target 14.1億円 (2024年度) equals the baseline actual 14.1億円 (2020年度), though higher is better"
    );
}

#[test]
fn target_not_better_respects_decrease_polarity() {
    // 温室効果ガス: interim 1043.1 above the actual 1042.8 though lower is better;
    // the final target 966.4 is below it, so only the interim target fires.
    let p = plan(
        "温室効果ガスの削減",
        [
            "1074.9kt-co2 (940.7kt-co2) (2015年)",
            "1042.8kt-co2 (▲3%) (2018年)",
            "1043.1kt-co2 (▲3%) (2024年)",
            "966.4kt-co2 (755.7kt-co2) (▲10.1%) (2028年)",
        ],
        Polarity::Decrease,
    );
    let f = of(&p, "target-not-better");
    assert_eq!(
        only(&f).message,
        "「温室効果ガスの削減」: the interim target 1043.1kt-co2 (2024年) is above the baseline actual 1042.8kt-co2 (2018年), though lower is better"
    );
    // An increase polarity on the same figures would flag the final target instead.
    let mut q = p.clone();
    q.indicators[0].polarity = Polarity::Increase;
    let f = of(&q, "target-not-better");
    assert!(
        only(&f)
            .message
            .starts_with("「温室効果ガスの削減」: the final target 966.4kt-co2 (2028年) is below")
    );
}

#[test]
fn target_not_better_says_already_met_for_an_at_most_target_the_baseline_meets() {
    // 要介護認定率: actual 18.94% already meets 19.0%以下; interim 19.24% is above it.
    let p = plan(
        "要介護認定率",
        [
            "19.59% (2018年3月末)",
            "18.94% (2021年3月末)",
            "19.24% (2025年3月末)",
            "19.0%以下 (2029年3月末)",
        ],
        Polarity::Decrease,
    );
    let f = of(&p, "target-not-better");
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!(
        f[0].message,
        "「要介護認定率」: the interim target 19.24% (2025年3月末) is above the baseline actual 18.94% (2021年3月末), though lower is better"
    );
    assert_eq!(
        f[1].message,
        "「要介護認定率」: the baseline actual 18.94% (2021年3月末) already meets the final target 19.0%以下 (2029年3月末)"
    );
    // Both targets improve on the initial 19.59%.
    assert_eq!(of(&p, "target-below-initial"), vec![]);
}

#[test]
fn target_not_better_is_silent_for_an_at_most_target_not_yet_met() {
    let p = plan(
        "要介護認定率",
        [
            "19.59% (2018年3月末)",
            "19.40% (2021年3月末)",
            "19.24% (2025年3月末)",
            "19.0%以下 (2029年3月末)",
        ],
        Polarity::Decrease,
    );
    assert_eq!(of(&p, "target-not-better"), vec![]);
    assert_eq!(lint(&p), vec![]);
}

#[test]
fn target_not_better_compares_exact_decimals_and_equal_units_only() {
    // 45.0% and 45.00% are the same amount; 50.5 vs 50.50 too.
    let p = plan(
        "市内就職者の割合",
        [
            "45.0% (2018年3月卒)",
            "50.50% (2021年3月卒)",
            "50.5% (2025年3月卒)",
            "50.51% (2029年3月卒)",
        ],
        Polarity::Increase,
    );
    let f = of(&p, "target-not-better");
    assert!(only(&f).message.contains("equals"), "{f:#?}");
    // A baseline in another unit is not compared.
    let mut q = p.clone();
    if let Some(b) = q.indicators[0].values.baseline.as_mut() {
        b.quantity.unit = Unit::new("人").unwrap_or_else(|e| panic!("{e}"));
        b.quantity.amount = Decimal::from(999);
    }
    assert_eq!(of(&q, "target-not-better"), vec![]);
}

#[test]
fn target_rules_are_skipped_for_unknown_polarity() {
    let p = plan(
        "移住定住施策による移住件数（年間）",
        [
            "55件 (2017年度)",
            "68件 (2020年度)",
            "50件 (2024年度)",
            "55件 (2028年度)",
        ],
        Polarity::Unknown,
    );
    assert_eq!(of(&p, "target-not-better"), vec![]);
    assert_eq!(of(&p, "target-below-initial"), vec![]);
}

// ---- target-below-initial -------------------------------------------------

#[test]
fn target_below_initial_reports_a_recovery_target_as_info() {
    // 観光客入込客数: interim 420万人 below the initial 631万人 (COVID recovery).
    let p = plan(
        "観光客入込客数",
        [
            "631万人 (2017年度)",
            "337万人 (2020年度)",
            "420万人 (2024年度)",
            "790万人 (2028年度)",
        ],
        Polarity::Increase,
    );
    let f = of(&p, "target-below-initial");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        f.message,
        "「観光客入込客数」: the interim target 420万人 (2024年度) is below the initial value 631万人 (2017年度), though higher is better"
    );
    assert!(f.explanation.contains("recovery"));
    assert!(f.explanation.contains("confirm"));
    // 420万人 and 790万人 are both above the actual 337万人.
    assert_eq!(of(&p, "target-not-better"), vec![]);
}

#[test]
fn target_below_initial_for_decrease_polarity() {
    let p = plan(
        "要介護認定率",
        [
            "19.00% (2018年3月末)",
            "19.40% (2021年3月末)",
            "19.24% (2025年3月末)",
            "18.5% (2029年3月末)",
        ],
        Polarity::Decrease,
    );
    let f = of(&p, "target-below-initial");
    assert_eq!(
        only(&f).message,
        "「要介護認定率」: the interim target 19.24% (2025年3月末) is above the initial value 19.00% (2018年3月末), though lower is better"
    );
}

// ---- period-column-mismatch -----------------------------------------------

#[test]
fn period_column_mismatch_fires_for_a_calendar_year_in_the_baseline_column() {
    let p = plan(
        "温室効果ガスの削減",
        [
            "1074.9kt-co2 (940.7kt-co2) (2015年)",
            "1042.8kt-co2 (▲3%) (2018年)",
            "1043.1kt-co2 (▲3%) (2024年)",
            "966.4kt-co2 (755.7kt-co2) (▲10.1%) (2028年)",
        ],
        Polarity::Decrease,
    );
    let f = of(&p, "period-column-mismatch");
    let f = only(&f);
    assert_eq!(
        f.message,
        "「温室効果ガスの削減」: the baseline actual 1042.8kt-co2 is for 2018年, but the column 「R2(2020)実績値」 is for FY2020"
    );
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.line, Some(CELL_LINE));
}

#[test]
fn period_column_mismatch_maps_month_ends_and_cohorts_to_fiscal_years() {
    // 2021年3月末 and 2021年3月卒 are FY2020; 2025年3月 is FY2024; 2029年3月 FY2028.
    for cells in [
        [
            "19.59% (2018年3月末)",
            "18.94% (2021年3月末)",
            "18.24% (2025年3月末)",
            "18.0% (2029年3月末)",
        ],
        [
            "45.0% (2018年3月卒)",
            "50.5% (2021年3月卒)",
            "61.1% (2025年3月卒)",
            "66.7% (2029年3月卒)",
        ],
        [
            "14.0億円 (2015 ~ 2017年度 平均)",
            "12.0億円 (R2)",
            "14.5億円 (令和6年度)",
            "17.0億円 (2026~2028年度平均)",
        ],
    ] {
        let p = plan("指標", cells, Polarity::Unknown);
        assert_eq!(of(&p, "period-column-mismatch"), vec![], "{cells:?}");
    }
    // One year later at each column: all three fire, naming the fiscal year.
    let p = plan(
        "要介護認定率",
        [
            "19.59% (2018年3月末)",
            "18.94% (2022年3月末)",
            "18.24% (2026年3月末)",
            "18.0% (2029年4月末)",
        ],
        Polarity::Decrease,
    );
    let f = of(&p, "period-column-mismatch");
    assert_eq!(f.len(), 3, "{f:#?}");
    assert_eq!(
        f[0].message,
        "「要介護認定率」: the baseline actual 18.94% is for 2022年3月末 (FY2021), but the column 「R2(2020)実績値」 is for FY2020"
    );
    assert_eq!(
        f[1].message,
        "「要介護認定率」: the interim target 18.24% is for 2026年3月末 (FY2025), but the interim-target column is for the edition's last year, FY2024"
    );
    assert_eq!(
        f[2].message,
        "「要介護認定率」: the final target 18.0% is for 2029年4月末 (FY2029), but the final-target column is for the comprehensive plan's last year, FY2028"
    );
}

#[test]
fn period_column_mismatch_ignores_the_initial_column() {
    let p = plan(
        "エネルギー自給率",
        [
            "29.4% (2010年)",
            "29.5% (2020年)",
            "32.6% (2024年)",
            "34.0% (2028年)",
        ],
        Polarity::Increase,
    );
    assert_eq!(lint(&p), vec![]);
}

// ---- conflicting-values ---------------------------------------------------

#[test]
fn conflicting_values_fires_for_two_amounts_for_one_period() {
    let p = plan(
        "エネルギー自給率",
        [
            "29.4% (2017年)",
            "29.5% (2017年)",
            "32.6% (2024年)",
            "34.0% (2028年)",
        ],
        Polarity::Increase,
    );
    let f = of(&p, "conflicting-values");
    assert_eq!(
        only(&f).message,
        "「エネルギー自給率」: the initial value 29.4% and the baseline actual 29.5% are both for 2017年 but differ"
    );
    // The baseline column also holds 2017年 instead of FY2020.
    assert_eq!(of(&p, "period-column-mismatch").len(), 1);
}

#[test]
fn conflicting_values_is_silent_for_equal_amounts_or_different_periods() {
    let same_amount = plan(
        "エネルギー自給率",
        [
            "29.5% (2017年)",
            "29.50% (平成29年)",
            "32.6% (2024年)",
            "34.0% (2028年)",
        ],
        Polarity::Increase,
    );
    assert_eq!(of(&same_amount, "conflicting-values"), vec![]);
    // 2017年 (calendar) and 2017年度 (fiscal) are different periods.
    let other_kind = plan(
        "エネルギー自給率",
        [
            "29.4% (2017年)",
            "29.5% (2017年度)",
            "32.6% (2024年)",
            "34.0% (2028年)",
        ],
        Polarity::Increase,
    );
    assert_eq!(of(&other_kind, "conflicting-values"), vec![]);
    // The same period written two ways is still the same period.
    let two_ways = plan(
        "エネルギー自給率",
        [
            "29.4% (2017年)",
            "29.5% (平成29年)",
            "32.6% (2024年)",
            "34.0% (2028年)",
        ],
        Polarity::Increase,
    );
    let f = of(&two_ways, "conflicting-values");
    assert!(
        only(&f)
            .message
            .contains("are for 2017年 and 平成29年, the same period,")
    );
}

// ---- duplicate-indicator --------------------------------------------------

fn two_tables(first_label: &str, second_label: &str) -> Plan {
    let mut p = plan(
        first_label,
        [
            "13,000人 (2017年度)",
            "982人 (2020年度)",
            "8,400人 (2024年度)",
            "60,000人 (2028年度)",
        ],
        Polarity::Increase,
    );
    p.projects.push(project(
        "P2",
        "地域国際化SDGs推進プロジェクト",
        vec![table("P2-T1", "KPI-01", second_label, 400)],
    ));
    p
}

#[test]
fn duplicate_indicator_is_info_under_the_same_name() {
    let p = two_tables("外国人延べ宿泊者数", "外国人延べ宿泊者数");
    let f = of(&p, "duplicate-indicator");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.line, Some(400));
    assert_eq!(
        f.message,
        "「外国人延べ宿泊者数」 is printed in 2 KPI tables: P1-T1 (テストプロジェクト) and P2-T1 (地域国際化SDGs推進プロジェクト)"
    );
}

#[test]
fn duplicate_indicator_is_a_warning_under_different_names() {
    let p = two_tables(
        "高等教育機関等から誕生したベンチャー企業の40歳未満の従業員数",
        "上記ベンチャー企業の40歳未満の従業員（役員（非常勤を除く）及び正社員）数",
    );
    let f = of(&p, "duplicate-indicator");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "one indicator is printed in 2 KPI tables under different names: 「高等教育機関等から誕生したベンチャー企業の40歳未満の従業員数」 in P1-T1 (テストプロジェクト) and 「上記ベンチャー企業の40歳未満の従業員（役員（非常勤を除く）及び正社員）数」 in P2-T1 (地域国際化SDGs推進プロジェクト)"
    );
}

#[test]
fn duplicate_indicator_is_silent_for_one_table() {
    assert_eq!(of(&clean(), "duplicate-indicator"), vec![]);
}

// ---- unit-mismatch --------------------------------------------------------

#[test]
fn unit_mismatch_is_an_error_per_value_in_another_unit() {
    let p = plan(
        "やまがたイクボス同盟",
        [
            "12社 (2017年度)",
            "38人 (2020年度)",
            "88社 (2024年度)",
            "128社 (2028年度)",
        ],
        Polarity::Increase,
    );
    let f = of(&p, "unit-mismatch");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "「やまがたイクボス同盟」: the baseline actual 38人 (2020年度) is in 人, but the indicator's unit is 社"
    );
    // Nothing is compared across the units: 88社 is not "above 38人".
    assert_eq!(of(&p, "target-not-better"), vec![]);
    assert_eq!(of(&clean(), "unit-mismatch"), vec![]);
}

// ---- direction-unknown / direction-inferred -------------------------------

#[test]
fn direction_unknown_says_why() {
    let p = plan(
        "移住定住施策による移住件数（年間）",
        ["55件 (2017年度)", "68件 (2020年度)", "", "55件 (2028年度)"],
        Polarity::Unknown,
    );
    let f = of(&p, "direction-unknown");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.line, Some(TABLE_LINE));
    assert_eq!(
        f.message,
        "「移住定住施策による移住件数（年間）」: whether higher or lower is better is unknown: the final target 55件 equals the initial value 55件"
    );
    assert_eq!(of(&p, "direction-inferred"), vec![]);
    assert_eq!(of(&clean(), "direction-unknown"), vec![]);
}

#[test]
fn direction_inferred_names_the_figures_it_was_inferred_from() {
    let mut p = plan(
        "新規高等学校卒業生就職者のうち市内就職者の割合",
        [
            "45.0% (2018年3月卒)",
            "50.5% (2021年3月卒)",
            "61.1% (2025年3月卒)",
            "66.7% (2029年3月卒)",
        ],
        Polarity::Increase,
    );
    assert_eq!(of(&p, "direction-inferred"), vec![], "stated: silent");
    p.indicators[0].polarity_basis = Basis::Inferred;
    let f = of(&p, "direction-inferred");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        f.message,
        "「新規高等学校卒業生就職者のうち市内就職者の割合」: better direction 'increase' is inferred from the final target 66.7% above the initial value 45.0%, not stated"
    );
    // Inferred from the interim target when there is no final target.
    p.indicators[0].values.target = None;
    p.indicators[0].polarity = Polarity::Decrease;
    if let Some(i) = p.indicators[0].values.interim.as_mut() {
        i.quantity.amount = Decimal::new(401, 1);
    }
    let f = of(&p, "direction-inferred");
    assert_eq!(
        only(&f).message,
        "「新規高等学校卒業生就職者のうち市内就職者の割合」: better direction 'decrease' is inferred from the interim target 40.1% below the initial value 45.0%, not stated"
    );
}

// ---- reduction-rate-mismatch ----------------------------------------------

#[test]
fn reduction_rate_mismatch_is_silent_when_the_rates_match() {
    // The document's ▲3%, ▲3% and ▲10.1% against 1074.9kt-co2.
    let p = plan(
        "温室効果ガスの削減",
        [
            "1074.9kt-co2 (940.7kt-co2) (2015年)",
            "1042.8kt-co2 (▲3%) (2018年)",
            "1043.1kt-co2 (▲3%) (2024年)",
            "966.4kt-co2 (755.7kt-co2) (▲10.1%) (2028年)",
        ],
        Polarity::Decrease,
    );
    assert_eq!(of(&p, "reduction-rate-mismatch"), vec![]);
}

#[test]
fn reduction_rate_mismatch_fires_for_a_wrong_rate() {
    let p = plan(
        "温室効果ガスの削減",
        [
            "1074.9kt-co2 (2015年)",
            "1042.8kt-co2 (▲3%) (2020年)",
            "1000.0kt-co2 (2024年)",
            "966.4kt-co2 (▲12.0%) (2028年)",
        ],
        Polarity::Decrease,
    );
    let f = of(&p, "reduction-rate-mismatch");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(
        f.message,
        "「温室効果ガスの削減」: the final target 966.4kt-co2 (2028年) is annotated ▲12.0%, but its reduction from the initial value 1074.9kt-co2 (2015年) is (1074.9 − 966.4) / 1074.9 = 10.1%"
    );
}

#[test]
fn reduction_rate_accepts_either_rounding_of_an_exact_half() {
    // (1000 − 975) / 1000 = 2.5%: ▲3% (half up) and ▲2% (half even) are both rounding.
    for rate in ["3", "2"] {
        let p = plan(
            "排出量の削減",
            [
                "1000t (2015年度)",
                &format!("975t (▲{rate}%) (2020年度)"),
                "",
                "",
            ],
            Polarity::Decrease,
        );
        assert_eq!(of(&p, "reduction-rate-mismatch"), vec![], "▲{rate}%");
    }
    let p = plan(
        "排出量の削減",
        ["1000t (2015年度)", "975t (▲4%) (2020年度)", "", ""],
        Polarity::Decrease,
    );
    assert!(
        only(&of(&p, "reduction-rate-mismatch"))
            .message
            .ends_with("= 3%")
    );
}

// ---- cumulative-decreasing ------------------------------------------------

#[test]
fn cumulative_decreasing_fires_when_a_running_total_falls() {
    let p = plan(
        "つるおかコンシェルジュの世話焼き活動による婚姻組数（累計）",
        [
            "9組 (2017年度)",
            "17組 (2020年度)",
            "15組 (2024年度)",
            "65組 (2028年度)",
        ],
        Polarity::Increase,
    );
    assert_eq!(p.indicators[0].aggregation, Aggregation::Cumulative);
    let f = of(&p, "cumulative-decreasing");
    assert_eq!(
        only(&f).message,
        "「つるおかコンシェルジュの世話焼き活動による婚姻組数（累計）」: the running total falls from the baseline actual 17組 (2020年度) to the interim target 15組 (2024年度)"
    );
}

#[test]
fn cumulative_decreasing_is_silent_for_annual_or_rising_figures() {
    let rising = plan(
        "つるおかコンシェルジュの世話焼き活動による婚姻組数（累計）",
        [
            "9組 (2017年度)",
            "17組 (2020年度)",
            "35組 (2024年度)",
            "65組 (2028年度)",
        ],
        Polarity::Increase,
    );
    assert_eq!(lint(&rising), vec![]);
    let level = plan(
        "ベンチャー企業の数（累計）",
        [
            "5社 (2018年度)",
            "5社 (2020年度)",
            "6社 (2024年度)",
            "9社 (2028年度)",
        ],
        Polarity::Increase,
    );
    assert_eq!(of(&level, "cumulative-decreasing"), vec![]);
    let annual = plan(
        "移住定住施策による移住件数（年間）",
        [
            "39件 (2017年度)",
            "68件 (2020年度)",
            "55件 (2024年度)",
            "55件 (2028年度)",
        ],
        Polarity::Increase,
    );
    assert_eq!(of(&annual, "cumulative-decreasing"), vec![]);
}

// ---- missing-description --------------------------------------------------

#[test]
fn missing_description_fires_for_a_key_initiative_without_text() {
    let mut p = clean();
    let ki = |id: &str, name: &str, description: Option<&str>, line: u32| KeyInitiative {
        id: KeyInitiativeId::new(id).unwrap_or_else(|e| panic!("{e}")),
        name: name.to_owned(),
        description: description.map(str::to_owned),
        line: Some(line),
    };
    p.key_initiatives = vec![KeyInitiativeGroup {
        id: KeyInitiativeId::new("V4").unwrap_or_else(|e| panic!("{e}")),
        heading: "効果的で効率的な行財政運営".to_owned(),
        initiatives: vec![
            ki(
                "V4-1",
                "窓口業務改善",
                Some("書かない窓口を導入する。"),
                900,
            ),
            ki("V4-3", "施設予約システム運用", None, 910),
        ],
        line: Some(890),
    }];
    let f = of(&p, "missing-description");
    let f = only(&f);
    assert_eq!(f.element, "V4-3");
    assert_eq!(f.line, Some(910));
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        f.message,
        "key initiative 「施設予約システム運用」 under 「効果的で効率的な行財政運営」 has no description"
    );
}

// ---- era-overflow ---------------------------------------------------------

#[test]
fn era_overflow_fires_for_heisei_32() {
    let p = plan(
        "有機米の作付面積",
        [
            "62ha (2017年度)",
            "73ha (平成32年度)",
            "84ha (2024年度)",
            "100ha (2028年度)",
        ],
        Polarity::Increase,
    );
    let f = of(&p, "era-overflow");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        f.message,
        "「有機米の作付面積」: the baseline actual 73ha is dated 平成32年度, an era year past the end of its era, read as 2020年度（令和2年度）"
    );
    // 平成32年度 is FY2020, so the column's year is right.
    assert_eq!(of(&p, "period-column-mismatch"), vec![]);
    // 平成31年度 is not past the era's end.
    let mut q = p.clone();
    if let Some(b) = q.indicators[0].values.baseline.as_mut() {
        b.period = Period::parse("平成31年度").unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(of(&q, "era-overflow"), vec![]);
}

#[test]
fn era_overflow_checks_the_publication_date() {
    let mut p = clean();
    p.edition.published = Some(Period::parse("平成32年3月").unwrap_or_else(|e| panic!("{e}")));
    let f = of(&p, "era-overflow");
    let f = only(&f);
    assert_eq!(f.element, "E2022");
    assert!(f.message.contains("平成32年3月"), "{}", f.message);
    p.edition.published = Some(Period::parse("令和4年3月").unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(lint(&p), vec![]);
}

// ---- plan-start-assumed ---------------------------------------------------

#[test]
fn plan_start_assumed_fires_only_when_assumed() {
    let mut p = clean();
    assert_eq!(of(&p, "plan-start-assumed"), vec![]);
    p.plan.first_year_assumed = true;
    let f = of(&p, "plan-start-assumed");
    let f = only(&f);
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.line, None);
    assert_eq!(
        f.message,
        "the first year of 「第2次鶴岡市総合計画」 is not stated in the document; FY2019 was assumed, giving the period FY2019–FY2028 (10 years)"
    );
}

// ---- order, registry, serialisation ---------------------------------------

#[test]
fn findings_are_ordered_by_line_then_rule() {
    let mut p = plan(
        "温室効果ガスの削減",
        [
            "1074.9kt-co2 (2015年)",
            "1042.8kt-co2 (▲5%) (2018年)",
            "1043.1kt-co2 (2024年)",
            "966.4kt-co2 (2028年)",
        ],
        Polarity::Decrease,
    );
    p.plan.first_year_assumed = true;
    p.indicators[0].polarity_basis = Basis::Inferred;
    // A second indicator printed earlier in the document.
    p.indicators.push(indicator(
        "KPI-02",
        "エネルギー自給率",
        [
            "29.4% (2017年)",
            "29.5% (2017年)",
            "32.6% (2024年)",
            "34.0% (2028年)",
        ],
        Polarity::Increase,
        53,
    ));
    p.projects[0]
        .tables
        .push(table("P1-T2", "KPI-02", "エネルギー自給率", 50));
    let found = lint(&p);
    let keys: Vec<(Option<u32>, &str)> = found.iter().map(|f| (f.line, f.rule)).collect();
    assert_eq!(
        keys,
        vec![
            (None, "plan-start-assumed"),
            (Some(53), "conflicting-values"),
            (Some(53), "period-column-mismatch"),
            (Some(TABLE_LINE), "direction-inferred"),
            (Some(CELL_LINE), "period-column-mismatch"),
            (Some(CELL_LINE), "reduction-rate-mismatch"),
            (Some(CELL_LINE), "target-not-better"),
        ]
    );
    assert_eq!(lint(&p), found, "deterministic");
}

#[test]
fn rules_are_registered_once_with_their_severity() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.0).collect();
    assert_eq!(ids.len(), 13);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 13, "rule IDs are unique");
    for (id, _, description) in RULES {
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id} is kebab-case"
        );
        assert!(!description.is_empty() && !description.contains('\n'));
    }
    // Every finding of the tests above names a registered rule with its
    // default severity (duplicate-indicator may be raised to a warning).
    let p = two_tables("外国人延べ宿泊者数", "外国人延べ宿泊者");
    for f in lint(&p) {
        let rule = RULES.iter().find(|r| r.0 == f.rule);
        let Some((_, severity, _)) = rule else {
            panic!("{} is not registered", f.rule)
        };
        assert!(f.severity == *severity || f.rule == "duplicate-indicator");
        assert!(!f.message.contains('\n') && !f.explanation.is_empty());
    }
}

#[test]
fn findings_serialise_with_snake_case_severity() {
    let p = plan(
        "やまがたイクボス同盟",
        ["12社 (2017年度)", "38人 (2020年度)", "", ""],
        Polarity::Increase,
    );
    let f = only(&of(&p, "unit-mismatch")).clone();
    let json = serde_json::to_value(&f).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["rule"], "unit-mismatch");
    assert_eq!(json["severity"], "error");
    assert_eq!(json["element"], "KPI-01");
    assert_eq!(json["line"], CELL_LINE);
    assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
}

// ---- properties -----------------------------------------------------------

proptest! {
    /// target-not-better fires for a target exactly when it is no better
    /// than the baseline in the indicator's direction.
    #[test]
    fn target_not_better_matches_its_definition(
        baseline in 0i64..200,
        interim in 0i64..200,
        decrease in any::<bool>(),
        scale in 0u32..3,
    ) {
        let polarity = if decrease { Polarity::Decrease } else { Polarity::Increase };
        let amount = |n: i64| Decimal::new(n, scale);
        let p = plan(
            "指標",
            [
                "",
                &format!("{}人 (2020年度)", amount(baseline)),
                &format!("{}人 (2024年度)", amount(interim)),
                "",
            ],
            polarity,
        );
        let expected = if decrease { interim >= baseline } else { interim <= baseline };
        let found = of(&p, "target-not-better");
        prop_assert_eq!(found.len(), usize::from(expected));
        let all = lint(&p);
        prop_assert!(all.windows(2).all(|w| (w[0].line, w[0].rule) <= (w[1].line, w[1].rule)));
    }
}
