//! The trajectory (straight-line path from the initial value through the
//! targets) and the Theil–Sen forecast, on indicators shaped like the
//! Tsuruoka plan's KPI-03 and KPI-07, with every value worked out by hand.

use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::EvalContext;
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::{
    Aggregation, Basis, Column, Indicator, KpiValue, KpiValues, Polarity,
};
use keikaku_model::period::Period;
use keikaku_model::plan::Years;
use keikaku_model::quantity::Quantity;
use keikaku_model::trajectory::{anchors, expected, forecast, observed_points, path};
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("{e}"))
}

fn ctx() -> EvalContext {
    let years = |a, b| Years::new(fy(a), fy(b)).unwrap_or_else(|e| panic!("{e}"));
    EvalContext::new(years(2022, 2024), years(2019, 2028))
}

fn value(cell: &str) -> KpiValue {
    let (q, p) = cell
        .split_once(" (")
        .unwrap_or_else(|| panic!("cell {cell}"));
    let (quantity, bound) = Quantity::parse(q).unwrap_or_else(|e| panic!("{e}"));
    KpiValue {
        quantity,
        bound,
        period: Period::parse(p.trim_end_matches(')')).unwrap_or_else(|e| panic!("{e}")),
        annotations: vec![],
        written: cell.to_owned(),
        line: None,
    }
}

fn kpi(id: &str, polarity: Polarity, cells: [&str; 4]) -> Indicator {
    let mut values = KpiValues::default();
    for (column, cell) in Column::ALL.into_iter().zip(cells) {
        if !cell.is_empty() {
            *values.slot_mut(column) = Some(value(cell));
        }
    }
    let unit = values
        .iter()
        .next()
        .map(|(_, v)| v.quantity.unit.clone())
        .unwrap_or_else(|| panic!("no cells"));
    Indicator {
        id: IndicatorId::new(id).unwrap_or_else(|e| panic!("{e}")),
        name: id.to_owned(),
        description: None,
        part_of: None,
        unit,
        polarity,
        polarity_basis: Basis::Stated,
        aggregation: Aggregation::Annual,
        aggregation_basis: Basis::Inferred,
        values,
        policy_items: vec![],
        directions: Vec::new(),
    }
}

/// KPI-03 移住定住施策による移住件数（年間）: 39件 (FY2017) → 55件 (FY2024) → 55件 (FY2028).
fn kpi03() -> Indicator {
    kpi(
        "KPI-03",
        Polarity::Increase,
        [
            "39件 (2017年度)",
            "68件 (2020年度)",
            "55件 (2024年度)",
            "55件 (2028年度)",
        ],
    )
}

/// KPI-07 要介護認定率: 19.59% (2018年3月末 = FY2017) → 19.24% (FY2024) → 19.0%以下 (FY2028).
fn kpi07() -> Indicator {
    kpi(
        "KPI-07",
        Polarity::Decrease,
        [
            "19.59% (2018年3月末)",
            "18.94% (2021年3月末)",
            "19.24% (2025年3月末)",
            "19.0%以下 (2029年3月末)",
        ],
    )
}

fn check_years(ind: &Indicator, expected_values: &[(i32, &str)]) {
    for (year, want) in expected_values {
        assert_eq!(
            expected(ind, &ctx(), fy(*year)),
            Some(dec(want)),
            "{} FY{year}",
            ind.id
        );
    }
}

#[test]
fn kpi03_trajectory_2020_to_2028() {
    // 39 + 16 × (y − 2017) / 7, rounded to 0 + 2 places; flat 55 after FY2024.
    check_years(
        &kpi03(),
        &[
            (2020, "45.86"), // 39 + 48/7 = 45.857…
            (2021, "48.14"), // 39 + 64/7 = 48.142…
            (2022, "50.43"), // 39 + 80/7 = 50.428…
            (2023, "52.71"), // 39 + 96/7 = 52.714…
            (2024, "55"),
            (2025, "55"),
            (2026, "55"),
            (2027, "55"),
            (2028, "55"),
        ],
    );
    assert_eq!(expected(&kpi03(), &ctx(), fy(2016)), None);
    assert_eq!(expected(&kpi03(), &ctx(), fy(2017)), Some(dec("39")));
    assert_eq!(expected(&kpi03(), &ctx(), fy(2031)), Some(dec("55")));
}

#[test]
fn kpi07_trajectory_2020_to_2028() {
    // 19.59 − 0.05 per year to 19.24 (FY2024), then − 0.06 per year to 19.0.
    check_years(
        &kpi07(),
        &[
            (2020, "19.44"),
            (2021, "19.39"),
            (2022, "19.34"),
            (2023, "19.29"),
            (2024, "19.24"),
            (2025, "19.18"),
            (2026, "19.12"),
            (2027, "19.06"),
            (2028, "19.0"),
        ],
    );
}

#[test]
fn path_covers_every_year() {
    let p = path(&kpi03(), &ctx());
    let years: Vec<i32> = p.iter().map(|(y, _)| y.year()).collect();
    assert_eq!(years, (2017..=2028).collect::<Vec<_>>());
    assert_eq!(p.get(1).map(|(_, v)| *v), Some(dec("41.29"))); // 39 + 16/7
    assert_eq!(p.get(2).map(|(_, v)| *v), Some(dec("43.57"))); // 39 + 32/7
    // Anchor years keep the amount as written (scale included).
    let p = path(&kpi07(), &ctx());
    assert_eq!(p.last().map(|(_, v)| v.to_string()), Some("19.0".into()));
    assert_eq!(p.first().map(|(_, v)| v.to_string()), Some("19.59".into()));
}

#[test]
fn anchors_and_their_fallbacks() {
    let a = |i: &Indicator| -> Vec<(i32, String)> {
        anchors(i, &ctx())
            .into_iter()
            .map(|(y, v)| (y.year(), v.to_string()))
            .collect()
    };
    assert_eq!(
        a(&kpi07()),
        vec![
            (2017, "19.59".into()),
            (2024, "19.24".into()),
            (2028, "19.0".into())
        ]
    );
    // An interim dated like the final target is placed at the edition's last year.
    let odd = kpi(
        "ODD",
        Polarity::Increase,
        ["10人 (2017年度)", "", "17人 (2028年度)", "24人 (2028年度)"],
    );
    assert_eq!(
        a(&odd),
        vec![
            (2017, "10".into()),
            (2024, "17".into()),
            (2028, "24".into())
        ]
    );
    // No final target: the path ends at the interim target and stays there.
    let short = kpi(
        "SHORT",
        Polarity::Increase,
        ["10人 (2017年度)", "", "17人 (2024年度)", ""],
    );
    assert_eq!(expected(&short, &ctx(), fy(2020)), Some(dec("13"))); // 10 + 7 × 3/7
    assert_eq!(expected(&short, &ctx(), fy(2027)), Some(dec("17")));
    // Only an initial value, or a target in another unit: no path.
    let lone = kpi("LONE", Polarity::Increase, ["10人 (2017年度)", "", "", ""]);
    assert!(path(&lone, &ctx()).is_empty());
    let other_unit = kpi(
        "UNIT",
        Polarity::Increase,
        ["10人 (2017年度)", "", "", "2万人 (2028年度)"],
    );
    assert_eq!(expected(&other_unit, &ctx(), fy(2020)), None);
}

fn points(v: &[(i32, &str)]) -> Vec<(FiscalYear, Decimal)> {
    v.iter().map(|(y, a)| (fy(*y), dec(a))).collect()
}

#[test]
fn forecast_on_a_clean_line() {
    // +2 a year from 39 in FY2017: FY2028 = 45 + 2 × 8 = 61 ≥ 55, not at risk.
    let pts = points(&[(2017, "39"), (2018, "41"), (2019, "43"), (2020, "45")]);
    let f = forecast(&kpi03(), &pts, fy(2028)).unwrap_or_else(|| panic!("forecast"));
    assert_eq!(
        (f.central, f.low, f.high),
        (dec("61"), dec("61"), dec("61"))
    );
    assert_eq!(f.method, "theil-sen");
    assert_eq!(f.points_used, 4);
    assert!(!f.at_risk);
}

#[test]
fn forecast_on_a_noisy_series() {
    // Pairwise slopes: 4, 1.5, 8/3, 1.75, −1, 2, 1, 5, 2, −1;
    // sorted −1 −1 1 1.5 1.75 | 2 2 2.67 4 5 → median (1.75 + 2)/2 = 1.875.
    // y − 1.875 × (x − 2021): 17.5, 19.625, 16.75, 19.875, 17 → median 17.5.
    // FY2028: 17.5 + 1.875 × 7 = 30.625 → 30.63 (0 + 2 places, half away from zero).
    // Range from the latest point (FY2021, 17): 17 − 1 × 7 = 10, 17 + 5 × 7 = 52.
    let pts = points(&[
        (2017, "10"),
        (2018, "14"),
        (2019, "13"),
        (2020, "18"),
        (2021, "17"),
    ]);
    let reachable = kpi(
        "N1",
        Polarity::Increase,
        ["10人 (2017年度)", "", "20人 (2024年度)", "30人 (2028年度)"],
    );
    let f = forecast(&reachable, &pts, fy(2028)).unwrap_or_else(|| panic!("forecast"));
    assert_eq!(f.central, dec("30.63"));
    assert_eq!((f.low, f.high), (dec("10"), dec("52")));
    assert_eq!(f.points_used, 5);
    assert!(!f.at_risk, "30.63 ≥ 30");
    let ambitious = kpi(
        "N2",
        Polarity::Increase,
        ["10人 (2017年度)", "", "20人 (2024年度)", "35人 (2028年度)"],
    );
    let f = forecast(&ambitious, &pts, fy(2028)).unwrap_or_else(|| panic!("forecast"));
    assert!(f.at_risk, "30.63 < 35");
    // At the latest year the range is widened to hold the central value:
    // central 17.5, both slopes give 17 → low 17, high 17.5.
    let f = forecast(&reachable, &pts, fy(2021)).unwrap_or_else(|| panic!("forecast"));
    assert_eq!(
        (f.central, f.low, f.high),
        (dec("17.5"), dec("17"), dec("17.5"))
    );
}

#[test]
fn forecast_is_direction_and_bound_aware() {
    // KPI-07 from its initial value and baseline actual: slope −0.65/3 a year;
    // FY2028: 18.94 − 0.65 × 8/3 = 17.20666… → 17.2067; 以下 19.0 is met.
    let ind = kpi07();
    let pts = observed_points(&ind, &[]);
    assert_eq!(pts, points(&[(2017, "19.59"), (2020, "18.94")]));
    let f = forecast(&ind, &pts, fy(2028)).unwrap_or_else(|| panic!("forecast"));
    assert_eq!(f.central, dec("17.2067"));
    assert_eq!((f.low, f.high), (dec("17.2067"), dec("17.2067")));
    assert!(!f.at_risk);
    // Rising instead: 19.59 → 20.19 (+0.2 a year) reaches 21.79 in FY2028 > 19.0.
    let rising = points(&[(2017, "19.59"), (2020, "20.19")]);
    let f = forecast(&ind, &rising, fy(2028)).unwrap_or_else(|| panic!("forecast"));
    assert_eq!(f.central, dec("21.79"));
    assert!(f.at_risk);
}

#[test]
fn forecast_needs_two_years() {
    assert_eq!(forecast(&kpi03(), &[], fy(2028)), None);
    assert_eq!(forecast(&kpi03(), &points(&[(2020, "68")]), fy(2028)), None);
    assert_eq!(
        forecast(&kpi03(), &points(&[(2020, "68"), (2020, "70")]), fy(2028)),
        None
    );
}

#[test]
fn observed_points_merge_plan_figures_and_actuals() {
    let actual = |q: &str, p: &str| ActualValue {
        indicator: IndicatorId::new("KPI-03").unwrap_or_else(|e| panic!("{e}")),
        period: Period::parse(p).unwrap_or_else(|e| panic!("{e}")),
        quantity: Quantity::parse(q).unwrap_or_else(|e| panic!("{e}")).0,
        source: None,
        note: None,
    };
    let acts = [
        actual("72件", "2021年度"),
        actual("70件", "2020年度"), // a corrected FY2020 figure replaces the plan's 68
        actual("12人", "2022年度"), // another unit: left out
    ];
    assert_eq!(
        observed_points(&kpi03(), &acts),
        points(&[(2017, "39"), (2020, "70"), (2021, "72")])
    );
}
