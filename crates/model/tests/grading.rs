//! Grading on hand-built indicators taken from the Tsuruoka plan: a case
//! table under the default rubric (a copy of `data/rubrics/tsuruoka-4.toml`
//! built from JSON here; the shipped files are graded in
//! `crates/ingest/tests/rubrics.rs`), the gap-closure formula, explanations
//! with their inputs and periods, missing states, rubric validation, and
//! roll-ups with their share arithmetic. Every expected number is worked out
//! by hand in the comments.

use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{
    EvalContext, Grade, InputRole, Rubric, evaluate, metrics::round_half_up,
};
use keikaku_model::ids::*;
use keikaku_model::indicator::{
    Aggregation, Basis, Column, Indicator, KpiValue, KpiValues, Polarity,
};
use keikaku_model::period::Period;
use keikaku_model::plan::*;
use keikaku_model::quantity::{Quantity, Unit};
use keikaku_model::rollup::{by_group, rollup};
use rust_decimal::Decimal;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("{e}"))
}

fn years(a: i32, b: i32) -> Years {
    Years::new(fy(a), fy(b)).unwrap_or_else(|e| panic!("{e}"))
}

/// Tsuruoka's edition FY2022–FY2024 of the plan FY2019–FY2028.
fn ctx() -> EvalContext {
    EvalContext::new(years(2022, 2024), years(2019, 2028))
}

/// `45.0% (2018年3月卒)` → a KPI value.
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

/// An indicator from its four cells (`""` for none); unit from the first cell.
fn kpi(id: &str, polarity: Polarity, aggregation: Aggregation, cells: [&str; 4]) -> Indicator {
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
        aggregation,
        aggregation_basis: Basis::Stated,
        values,
        policy_items: vec![],
        directions: Vec::new(),
    }
}

fn actual(id: &str, quantity: &str, period: &str) -> ActualValue {
    ActualValue {
        indicator: IndicatorId::new(id).unwrap_or_else(|e| panic!("{e}")),
        period: Period::parse(period).unwrap_or_else(|e| panic!("{e}")),
        quantity: Quantity::parse(quantity)
            .unwrap_or_else(|e| panic!("{e}"))
            .0,
        source: None,
        note: None,
    }
}

/// KPI-01 大学等卒業者の市内就職率: 45.0% → 61.1% (FY2024) → 66.7% (FY2028).
fn kpi01() -> Indicator {
    kpi(
        "KPI-01",
        Polarity::Increase,
        Aggregation::Annual,
        [
            "45.0% (2018年3月卒)",
            "50.5% (2021年3月卒)",
            "61.1% (2025年3月卒)",
            "66.7% (2029年3月卒)",
        ],
    )
}

/// KPI-07 要介護認定率: lower is better, 19.59% → 19.24% → 19.0%以下.
fn kpi07() -> Indicator {
    kpi(
        "KPI-07",
        Polarity::Decrease,
        Aggregation::Annual,
        [
            "19.59% (2018年3月末)",
            "18.94% (2021年3月末)",
            "19.24% (2025年3月末)",
            "19.0%以下 (2029年3月末)",
        ],
    )
}

/// KPI-02-like cumulative count: 9組 → 35組 (FY2024) → 65組 (FY2028).
fn kpi02() -> Indicator {
    kpi(
        "KPI-02",
        Polarity::Increase,
        Aggregation::Cumulative,
        [
            "9組 (2017年度)",
            "17組 (2020年度)",
            "35組 (2024年度)",
            "65組 (2028年度)",
        ],
    )
}

/// A keep-the-level target: 95.0% → 95.0% → 95.0%以上.
fn keep() -> Indicator {
    kpi(
        "KEEP-1",
        Polarity::Increase,
        Aggregation::Annual,
        [
            "95.0% (2017年度)",
            "94.0% (2020年度)",
            "95.0% (2024年度)",
            "95.0%以上 (2028年度)",
        ],
    )
}

/// The conventions note's example: 100 → target 110.
fn hundred() -> Indicator {
    kpi(
        "EX-100",
        Polarity::Increase,
        Aggregation::Annual,
        [
            "100件 (2017年度)",
            "",
            "110件 (2024年度)",
            "120件 (2028年度)",
        ],
    )
}

/// KPI-16-like recovery target below the initial value: 631 → 420 → 790万人.
fn recovery() -> Indicator {
    kpi(
        "KPI-16",
        Polarity::Increase,
        Aggregation::Annual,
        [
            "631万人 (2017年度)",
            "337万人 (2020年度)",
            "420万人 (2024年度)",
            "790万人 (2028年度)",
        ],
    )
}

fn rubric(json: &str) -> Rubric {
    let r: Rubric = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
    r.validate().unwrap_or_else(|e| panic!("{e:?}"));
    r
}

/// The default rubric, as `data/rubrics/tsuruoka-4.toml` defines it.
fn tsuruoka4() -> Rubric {
    rubric(
        r#"{
        "name": "tsuruoka-4", "version": 1,
        "title_ja": "鶴岡市 4段階評価", "title_en": "Tsuruoka four-level judgement",
        "baseline": "initial", "target": "year",
        "levels": [
          {"id": "achieved", "code": "A", "ja": "目標達成", "en": "Target reached", "tone": "good",
           "rules": [{"reached": true}]},
          {"id": "on-track", "code": "B", "ja": "概ね順調に推移又は現状維持",
           "en": "Roughly on track or holding", "tone": "fair",
           "rules": [{"trajectory_rate": {"min": "50"}},
                     {"maintain_target": true, "gain": {"min": "0"}}]},
          {"id": "no-progress", "code": "C", "ja": "進展がない又は後退",
           "en": "No progress or falling back", "tone": "poor"}
        ],
        "missing": {"id": "no-data", "code": "－", "ja": "未集計", "en": "No valid figure", "tone": "none"}
    }"#,
    )
}

/// Achievement bands against the interim target, without a fallback.
fn bands() -> Rubric {
    rubric(
        r#"{
        "name": "bands", "version": 2, "title_ja": "達成率", "title_en": "Bands",
        "target": "interim",
        "levels": [
          {"id": "band-100", "code": "≥100%", "ja": "100%以上", "en": "100+", "tone": "good",
           "rules": [{"rate": {"min": "100"}}, {"reached": true}]},
          {"id": "band-50", "code": "≥50%", "ja": "50%以上", "en": "50+", "tone": "fair",
           "rules": [{"rate": {"min": "50"}}]},
          {"id": "band-0", "code": "<50%", "ja": "50%未満", "en": "under 50", "tone": "bad",
           "rules": [{"rate": {"below": "50"}}]}
        ],
        "missing": {"id": "na", "code": "－", "ja": "算定不能", "en": "Not computable", "tone": "none"}
    }"#,
    )
}

fn grade(ind: &Indicator, actuals: &[ActualValue], year: i32, r: &Rubric) -> Grade {
    evaluate(&ctx(), ind, actuals, fy(year), r)
}

fn rounded(d: Option<Decimal>) -> Option<String> {
    d.map(|d| round_half_up(d, 1).to_string())
}

/// (case, indicator, actual quantity, actual period, year, level,
/// rate, trajectory_rate, gain rounded to one place).
type Case = (
    &'static str,
    fn() -> Indicator,
    &'static str,
    &'static str,
    i32,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

#[rustfmt::skip]
const TSURUOKA_4_CASES: &[Case] = &[
    // 61.1 = interim: rate (61.1−45.0)/(61.1−45.0) = 100%; gain 16.1/45.0 = 35.8%.
    ("reached exactly", kpi01, "61.1%", "2025年3月卒", 2024, "achieved", Some("100.0"), Some("100.0"), Some("35.8")),
    // 64.3: 19.3/16.1 = 119.9%, uncapped; gain 19.3/45.0 = 42.9%.
    ("overshoot", kpi01, "64.3%", "2025年3月卒", 2024, "achieved", Some("119.9"), Some("119.9"), Some("42.9")),
    // 43.2: −1.8/16.1 = −11.2%; gain −1.8/45.0 = −4.0%.
    ("regression", kpi01, "43.2%", "2025年3月卒", 2024, "no-progress", Some("-11.2"), Some("-11.2"), Some("-4.0")),
    // 55.0: 10.0/16.1 = 62.1% ≥ 50 (trajectory FY2024 = interim 61.1).
    ("on track", kpi01, "55.0%", "2025年3月卒", 2024, "on-track", Some("62.1"), Some("62.1"), Some("22.2")),
    // FY2022 (2023年3月卒): trajectory 45.0 + 16.1 × 5/7 = 56.5;
    // 52.0: rate 7.0/16.1 = 43.5%, trajectory rate 7.0/11.5 = 60.9%.
    ("early year", kpi01, "52.0%", "2023年3月卒", 2022, "on-track", Some("43.5"), Some("60.9"), Some("15.6")),
    // 100 → 110, actual 105: gap closure 5/10 = 50%, not 105/110 = 95.45%.
    ("gap closure", hundred, "105件", "2024年度", 2024, "on-track", Some("50.0"), Some("50.0"), Some("5.0")),
    // 要介護認定率 19.10% ≤ 19.24%: reached; rate −0.49/−0.35 = 140%.
    ("AtMost, Decrease", kpi07, "19.10%", "2025年3月末", 2024, "achieved", Some("140.0"), Some("140.0"), Some("2.5")),
    // FY2028: final 19.0%以下 applies; 19.05 misses it; trajectory 19.0:
    // −0.54/−0.59 = 91.5% ≥ 50.
    ("after the edition", kpi07, "19.05%", "2029年3月末", 2028, "on-track", Some("91.5"), Some("91.5"), Some("2.8")),
    // FY2028, 19.0 exactly: 以下 is met.
    ("bound met exactly", kpi07, "19.0%", "2029年3月末", 2028, "achieved", Some("100.0"), Some("100.0"), Some("3.0")),
    // FY2022: 19.40 > 19.24; trajectory 19.59 − 0.05 × 5 = 19.34:
    // −0.19/−0.25 = 76%; rate −0.19/−0.35 = 54.3%.
    ("Decrease on track", kpi07, "19.40%", "2023年3月末", 2022, "on-track", Some("54.3"), Some("76.0"), Some("1.0")),
    // Running total 29組 in FY2023: trajectory 9 + 26 × 6/7 = 31.29;
    // 20/22.29 = 89.7%; rate 20/26 = 76.9%; gain 20/9 = 222.2%.
    ("cumulative", kpi02, "29組", "2023年度", 2023, "on-track", Some("76.9"), Some("89.7"), Some("222.2")),
    // The year's increment (5組) entered by mistake reads as a fall.
    ("cumulative increment", kpi02, "5組", "2023年度", 2023, "no-progress", Some("-15.4"), Some("-17.9"), Some("-44.4")),
    // Keep 95.0%: 95.2 ≥ 95.0 reached; rate undefined (target = initial).
    ("maintain kept", keep, "95.2%", "2024年度", 2024, "achieved", None, None, Some("0.2")),
    // 94.5 < 95.0: gain −0.5% < 0.
    ("maintain lost", keep, "94.5%", "2024年度", 2024, "no-progress", None, None, Some("-0.5")),
    // Recovery target 420 < initial 631: 450 reaches it; rates undefined.
    ("recovery reached", recovery, "450万人", "2024年度", 2024, "achieved", None, None, Some("-28.7")),
    ("recovery missed", recovery, "400万人", "2024年度", 2024, "no-progress", None, None, Some("-36.6")),
];

#[test]
fn tsuruoka_4_case_table() {
    let r = tsuruoka4();
    for (case, ind, q, p, year, level, rate, traj, gain) in TSURUOKA_4_CASES {
        let ind = ind();
        let acts = [actual(ind.id.as_str(), q, p)];
        let g = grade(&ind, &acts, *year, &r);
        assert_eq!(g.level.id, *level, "{case}: {}", g.summary_en());
        assert_eq!(g.missing_reason, None, "{case}");
        assert_eq!(rounded(g.metrics.rate).as_deref(), *rate, "{case} rate");
        assert_eq!(
            rounded(g.metrics.trajectory_rate).as_deref(),
            *traj,
            "{case} trajectory_rate"
        );
        assert_eq!(rounded(g.metrics.gain).as_deref(), *gain, "{case} gain");
    }
}

#[test]
fn metrics_are_exact_and_uncapped() {
    let g = grade(
        &kpi01(),
        &[actual("KPI-01", "64.3%", "2025年3月卒")],
        2024,
        &tsuruoka4(),
    );
    // 1930 / 16.1 = 119.87577639751552795031055901 (28 significant digits).
    let rate = g.metrics.rate.unwrap_or_default();
    assert!(rate > dec("119.8757763975") && rate < dec("119.8757763976"));
    assert_eq!(g.metrics.reached, Some(true));
    assert_eq!(g.metrics.maintain_target, Some(false));
    assert_eq!(
        g.metrics.rounded().rate.map(|d| d.to_string()),
        Some("119.9".into())
    );
    // The 100 → 110 example is exactly 50.
    let g = grade(
        &hundred(),
        &[actual("EX-100", "105件", "2024年度")],
        2024,
        &bands(),
    );
    assert_eq!(g.metrics.rate, Some(dec("50")));
    assert_eq!(g.level.id, "band-50");
}

#[test]
fn explanation_shows_formula_inputs_and_rule() {
    let acts = [actual("KPI-01", "55.0%", "2025年3月卒")];
    let g = grade(&kpi01(), &acts, 2024, &bands());
    assert_eq!(
        g.explanation.formula_en,
        "achievement rate = (actual − initial) / (target − initial) = (55.0 − 45.0) / (61.1 − 45.0) = 62.1%"
    );
    assert_eq!(
        g.explanation.formula_ja,
        "達成率 = (実績値 − 初期値) ÷ (目標値 − 初期値) = (55.0 − 45.0) ÷ (61.1 − 45.0) = 62.1%"
    );
    assert_eq!(g.explanation.matched, "rate 62.1% ≥ 50%");
    assert_eq!(g.explanation.matched_ja, "達成率 62.1%（50%以上）");
    let inputs: Vec<_> = g
        .explanation
        .inputs
        .iter()
        .map(|i| {
            (
                i.role,
                i.column,
                i.amount.to_string(),
                i.unit.to_string(),
                i.period.as_str(),
                i.fiscal_year.year(),
            )
        })
        .collect();
    assert_eq!(
        inputs,
        vec![
            (
                InputRole::Actual,
                None,
                "55.0".into(),
                "%".into(),
                "2025年3月卒",
                2024
            ),
            (
                InputRole::Base,
                Some(Column::Initial),
                "45.0".into(),
                "%".into(),
                "2018年3月卒",
                2017
            ),
            (
                InputRole::Target,
                Some(Column::Interim),
                "61.1".into(),
                "%".into(),
                "2025年3月卒",
                2024
            ),
        ]
    );
    assert_eq!(g.summary_en(), "KPI-01 FY2024: 50+ (rate 62.1% ≥ 50%)");
    assert_eq!(
        g.summary_ja(),
        "KPI-01 2024年度: 50%以上（達成率 62.1%（50%以上））"
    );

    // tsuruoka-4 matches on the trajectory rule and lists the trajectory value.
    let g = grade(&kpi01(), &acts, 2024, &tsuruoka4());
    assert_eq!(g.explanation.matched, "trajectory_rate 62.1% ≥ 50%");
    assert_eq!(
        g.explanation.formula_en,
        "trajectory rate = (actual − initial) / (expected − initial) = (55.0 − 45.0) / (61.1 − 45.0) = 62.1%"
    );
    let last = g
        .explanation
        .inputs
        .last()
        .map(|i| (i.role, i.period.clone()));
    assert_eq!(last, Some((InputRole::Trajectory, "2024年度".to_owned())));
}

#[test]
fn explanation_of_a_bound_and_of_the_fallback() {
    let g = grade(
        &kpi07(),
        &[actual("KPI-07", "19.10%", "2025年3月末")],
        2024,
        &tsuruoka4(),
    );
    assert_eq!(g.explanation.matched, "reached = true");
    assert_eq!(
        g.explanation.formula_en,
        "reached = yes (actual ≤ target: 19.10 ≤ 19.24)"
    );
    let g = grade(
        &kpi07(),
        &[actual("KPI-07", "18.9%", "2029年3月末")],
        2028,
        &tsuruoka4(),
    );
    assert_eq!(
        g.explanation.formula_en,
        "reached = yes (actual ≤ target, written 以下: 18.9 ≤ 19.0)"
    );
    let g = grade(
        &kpi01(),
        &[actual("KPI-01", "43.2%", "2025年3月卒")],
        2024,
        &tsuruoka4(),
    );
    assert_eq!(
        g.explanation.matched,
        "fallback: no rule of an earlier level holds"
    );
    assert!(
        g.explanation
            .formula_en
            .starts_with("reached = no (needs actual ≥ target: 43.2 ≥ 61.1); maintain target = no"),
        "{}",
        g.explanation.formula_en
    );
    assert!(
        g.explanation
            .formula_en
            .contains("gain = (actual − initial) / |initial| = (43.2 − 45.0) / 45.0 = -4.0%")
    );
}

#[test]
fn shown_value_never_contradicts_the_rule() {
    // 19.96% < 20% must not be shown as 20.0%.
    let r = rubric(
        r#"{"name": "low", "version": 1, "title_ja": "t", "title_en": "t", "target": "interim",
        "levels": [{"id": "low", "code": "L", "ja": "低", "en": "low", "tone": "bad",
                    "rules": [{"rate": {"below": "20"}}]}],
        "missing": {"id": "na", "code": "－", "ja": "－", "en": "－", "tone": "none"}}"#,
    );
    // 100 → 110: 101.996 gives 19.96%.
    let g = grade(
        &hundred(),
        &[actual("EX-100", "101.996件", "2024年度")],
        2024,
        &r,
    );
    assert_eq!(g.explanation.matched, "rate 19.96% < 20%");
}

#[test]
fn missing_figures_are_never_zero() {
    let r = tsuruoka4();
    // Only an FY2023 actual: FY2024 has none.
    let g = grade(
        &kpi01(),
        &[actual("KPI-01", "58.0%", "2024年3月卒")],
        2024,
        &r,
    );
    assert_eq!(g.level.id, "no-data");
    assert_eq!(g.level.ja, "未集計");
    assert_eq!(g.missing_reason.as_deref(), Some("no actual for FY2024"));
    assert_eq!(
        g.missing_reason_ja.as_deref(),
        Some("2024年度の実績値がない")
    );
    assert_eq!(g.metrics.rate, None);
    assert_eq!(g.metrics.gain, None);
    assert_eq!(g.metrics.reached, None);
    assert_eq!(
        g.summary_en(),
        "KPI-01 FY2024: No valid figure (no actual for FY2024)"
    );
    // The plan's figures are still listed as inputs.
    assert_eq!(g.explanation.inputs.len(), 3);

    // Another indicator's actual for the year does not count.
    let g = grade(
        &kpi01(),
        &[actual("KPI-02", "58.0%", "2025年3月卒")],
        2024,
        &r,
    );
    assert_eq!(g.level.id, "no-data");

    // Unit mismatch: 人 reported for a % indicator.
    let g = grade(
        &kpi01(),
        &[actual("KPI-01", "58人", "2025年3月卒")],
        2024,
        &r,
    );
    assert_eq!(g.level.id, "no-data");
    assert_eq!(
        g.missing_reason.as_deref(),
        Some("unit mismatch: the actual is in 人, the indicator in %")
    );

    // Polarity unknown: direction-dependent metrics are undefined.
    let mut unknown = hundred();
    unknown.polarity = Polarity::Unknown;
    let g = grade(&unknown, &[actual("EX-100", "105件", "2024年度")], 2024, &r);
    assert_eq!(g.level.id, "no-data");
    assert!(
        g.missing_reason
            .as_deref()
            .is_some_and(|m| m.starts_with("direction unknown")),
        "{:?}",
        g.missing_reason
    );

    // No interim and no final target.
    let bare = kpi(
        "BARE",
        Polarity::Increase,
        Aggregation::Annual,
        ["10件 (2017年度)", "", "", ""],
    );
    let g = grade(&bare, &[actual("BARE", "12件", "2024年度")], 2024, &r);
    assert_eq!(g.missing_reason.as_deref(), Some("no interim target"));
    // Baseline-actual base missing.
    let mut base_actual = bands();
    base_actual.baseline = keikaku_model::grading::BaseChoice::BaselineActual;
    let g = grade(
        &hundred(),
        &[actual("EX-100", "105件", "2024年度")],
        2024,
        &base_actual,
    );
    assert_eq!(g.missing_reason.as_deref(), Some("no baseline actual"));
}

#[test]
fn several_actuals_for_a_year_take_the_last() {
    let acts = [
        actual("KPI-01", "43.2%", "2025年3月卒"),
        actual("KPI-01", "61.1%", "2025年3月卒"),
    ];
    assert_eq!(
        grade(&kpi01(), &acts, 2024, &tsuruoka4()).level.id,
        "achieved"
    );
}

#[test]
fn no_level_without_fallback_is_missing_with_reason() {
    // Bands have no fallback: a recovery target not reached has no rate.
    let g = grade(
        &recovery(),
        &[actual("KPI-16", "400万人", "2024年度")],
        2024,
        &bands(),
    );
    assert_eq!(g.level.id, "na");
    assert_eq!(
        g.missing_reason.as_deref(),
        Some(
            "no level applies: achievement rate undefined: the initial value already meets the target, so there is no gap to close"
        )
    );
    // The metrics that could be computed are kept.
    assert_eq!(g.metrics.reached, Some(false));
    assert_eq!(rounded(g.metrics.gain).as_deref(), Some("-36.6"));
}

#[test]
fn baseline_actual_base() {
    // KPI-01 with the R2(2020) actual 50.5 as base: (55.0 − 50.5)/(61.1 − 50.5) = 42.5%.
    let mut r = bands();
    r.baseline = keikaku_model::grading::BaseChoice::BaselineActual;
    let g = grade(
        &kpi01(),
        &[actual("KPI-01", "55.0%", "2025年3月卒")],
        2024,
        &r,
    );
    assert_eq!(rounded(g.metrics.rate).as_deref(), Some("42.5"));
    assert_eq!(g.level.id, "band-0");
    assert_eq!(
        g.explanation.formula_en,
        "achievement rate = (actual − baseline) / (target − baseline) = (55.0 − 50.5) / (61.1 − 50.5) = 42.5%"
    );
}

#[test]
fn grades_serialise_with_exact_decimals() {
    let g = grade(
        &hundred(),
        &[actual("EX-100", "105件", "2024年度")],
        2024,
        &bands(),
    );
    let json = serde_json::to_value(&g).unwrap_or_default();
    assert_eq!(json["indicator"], "EX-100");
    assert_eq!(json["year"], 2024);
    assert_eq!(json["rubric"], "bands");
    assert_eq!(json["rubric_version"], 2);
    assert_eq!(json["level"]["id"], "band-50");
    assert_eq!(json["metrics"]["rate"], "50");
    assert_eq!(json["explanation"]["inputs"][0]["role"], "actual");
}

#[test]
fn rubric_validation() {
    let mut r = tsuruoka4();
    r.levels.swap(1, 2);
    let errors = r.validate().err().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].to_string(),
        "level `no-progress`: a level without rules is the fallback and must be the last level; the levels after it could never match"
    );
    let mut r = tsuruoka4();
    r.missing.id = "achieved".into();
    r.name = "Tsuruoka 4".into();
    let errors: Vec<String> = r
        .validate()
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[1].contains("level `achieved`: the id is used twice"));
    assert_eq!(
        r.level_ids(),
        vec!["achieved", "on-track", "no-progress", "achieved"]
    );
    // Empty ranges are refused when read.
    let bad = r#"{"rate": {"above": "5", "below": "5"}}"#;
    assert!(serde_json::from_str::<keikaku_model::grading::Rule>(bad).is_err());
    let bad = r#"{"rate": {"min": "fifty"}}"#;
    assert!(serde_json::from_str::<keikaku_model::grading::Rule>(bad).is_err());
}

/// A grade of the rubric at a level (a template with the level replaced).
fn at_level(r: &Rubric, template: &Grade, id: &str) -> Grade {
    let mut g = template.clone();
    g.level = r.level(id).unwrap_or_else(|| panic!("{id}"));
    if id == r.missing.id {
        g.missing_reason = Some("no actual".into());
    }
    g
}

fn many(r: &Rubric, counts: &[(&str, usize)]) -> Vec<Grade> {
    let template = grade(
        &kpi01(),
        &[actual("KPI-01", "55.0%", "2025年3月卒")],
        2024,
        r,
    );
    counts
        .iter()
        .flat_map(|(id, n)| std::iter::repeat_n(at_level(r, &template, id), *n))
        .collect()
}

fn shares(v: &[(String, Decimal)]) -> Vec<(&str, String)> {
    v.iter()
        .map(|(id, d)| (id.as_str(), d.to_string()))
        .collect()
}

#[test]
fn rollup_counts_and_shares() {
    let r = tsuruoka4();
    // Tsuruoka's 2023 style: 9 / 13 / 16 / 2 of 40 = 22.5 / 32.5 / 40.0 / 5.0.
    let grades = many(
        &r,
        &[
            ("no-progress", 16),
            ("achieved", 9),
            ("on-track", 13),
            ("no-data", 2),
        ],
    );
    let up = rollup(&grades, &r);
    assert_eq!(up.total, 40);
    assert_eq!(up.evaluated, 38);
    assert_eq!(
        up.counts,
        vec![
            ("achieved".into(), 9),
            ("on-track".into(), 13),
            ("no-progress".into(), 16),
            ("no-data".into(), 2)
        ]
    );
    assert_eq!(
        shares(&up.shares),
        vec![
            ("achieved", "22.5".into()),
            ("on-track", "32.5".into()),
            ("no-progress", "40.0".into()),
            ("no-data", "5.0".into())
        ]
    );
    // Of the 38 evaluated: 23.684 → 23.7, 34.210 → 34.2, 42.105 → 42.1 (sum 100.0).
    assert_eq!(
        shares(&up.shares_of_evaluated),
        vec![
            ("achieved", "23.7".into()),
            ("on-track", "34.2".into()),
            ("no-progress", "42.1".into())
        ]
    );

    // 13 / 19 / 23 / 3 of 58: 22.4 + 32.8 + 39.7 + 5.2 = 100.1 (each rounded on its own);
    // of the 55 evaluated: 23.6 + 34.5 + 41.8 = 99.9.
    let grades = many(
        &r,
        &[
            ("achieved", 13),
            ("on-track", 19),
            ("no-progress", 23),
            ("no-data", 3),
        ],
    );
    let up = rollup(&grades, &r);
    assert_eq!(
        shares(&up.shares),
        vec![
            ("achieved", "22.4".into()),
            ("on-track", "32.8".into()),
            ("no-progress", "39.7".into()),
            ("no-data", "5.2".into())
        ]
    );
    let sum: Decimal = up.shares.iter().map(|(_, d)| *d).sum();
    assert_eq!(sum, dec("100.1"));
    let sum: Decimal = up.shares_of_evaluated.iter().map(|(_, d)| *d).sum();
    assert_eq!(sum, dec("99.9"));
}

#[test]
fn rollup_edge_cases() {
    let r = tsuruoka4();
    let up = rollup(&[], &r);
    assert_eq!(up.total, 0);
    assert_eq!(up.counts.len(), 4);
    assert!(up.shares.is_empty());
    assert!(up.shares_of_evaluated.is_empty());
    // All missing: shares of the evaluated are undefined (empty), not 0.
    let up = rollup(&many(&r, &[("no-data", 3)]), &r);
    assert_eq!(
        shares(&up.shares).last(),
        Some(&("no-data", "100.0".into()))
    );
    assert_eq!(up.evaluated, 0);
    assert!(up.shares_of_evaluated.is_empty());
    // Grades of another rubric are skipped.
    let other = many(&bands(), &[("band-50", 2)]);
    let up = rollup(&other, &r);
    assert_eq!((up.total, up.skipped), (0, 2));
}

fn table(id: &str, indicators: &[&str]) -> KpiTable {
    KpiTable {
        id: TableId::new(id).unwrap_or_else(|e| panic!("{e}")),
        heading: vec![],
        header: String::new(),
        rows: indicators
            .iter()
            .map(|i| TableRow {
                indicator: IndicatorId::new(*i).unwrap_or_else(|e| panic!("{e}")),
                label: (*i).to_owned(),
            })
            .collect(),
        line: None,
    }
}

fn project(id: &str, tables: Vec<KpiTable>) -> Project {
    Project {
        id: ProjectId::new(id).unwrap_or_else(|e| panic!("{e}")),
        name: id.to_owned(),
        group: GroupId::new("G1").unwrap_or_else(|e| panic!("{e}")),
        lead: vec![],
        related: vec![],
        summary: vec![],
        directions: vec![],
        tables,
        line: None,
        detail_line: None,
        sdgs: Vec::new(),
    }
}

fn item(id: &str, number: u32) -> PolicyItem {
    PolicyItem {
        id: PolicyItemId::new(id).unwrap_or_else(|e| panic!("{e}")),
        number,
        name: id.to_owned(),
        line: None,
        sdgs: Vec::new(),
    }
}

fn small_plan(indicators: Vec<Indicator>) -> Plan {
    Plan {
        municipality: Municipality {
            name: "鶴岡市".into(),
            code: None,
            prefecture: None,
        },
        plan: ComprehensivePlan {
            name: "第2次鶴岡市総合計画".into(),
            catchphrase: None,
            years: years(2019, 2028),
            first_year_assumed: false,
        },
        edition: Edition {
            id: EditionId::new("E2022").unwrap_or_else(|e| panic!("{e}")),
            title: "実施計画".into(),
            variant: None,
            years: years(2022, 2024),
            baseline_year: fy(2020),
            baseline_label: "R2(2020)実績値".into(),
            published: None,
            status: EditionStatus::Published,
        },
        sections: vec![],
        issues_intro: vec![],
        issues: vec![],
        projects_intro: vec![],
        departments: vec![],
        groups: vec![],
        // P1 prints KPI-01 twice (two tables) and KPI-07; P2 prints KPI-02.
        projects: vec![
            project(
                "P1",
                vec![
                    table("P1-T1", &["KPI-01"]),
                    table("P1-T2", &["KPI-01", "KPI-07"]),
                ],
            ),
            project("P2", vec![table("P2-T1", &["KPI-02"])]),
        ],
        indicators,
        fields: vec![
            Field {
                id: FieldId::new("F1").unwrap_or_else(|e| panic!("{e}")),
                number: 1,
                name: "暮らし".into(),
                goal: String::new(),
                items: vec![item("F1-01", 1), item("F1-02", 2)],
                line: None,
            },
            Field {
                id: FieldId::new("F2").unwrap_or_else(|e| panic!("{e}")),
                number: 2,
                name: "産業".into(),
                goal: String::new(),
                items: vec![item("F2-01", 1)],
                line: None,
            },
        ],
        key_initiatives: vec![],
        errata: vec![],
    }
}

#[test]
fn rollup_by_group() {
    let r = tsuruoka4();
    let link = |mut i: Indicator, items: &[&str]| {
        i.policy_items = items
            .iter()
            .map(|s| PolicyItemId::new(*s).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        i
    };
    let indicators = vec![
        link(kpi01(), &["F1-01", "F1-02"]),
        link(kpi02(), &["F1-02"]),
        kpi07(),
    ];
    let plan = small_plan(indicators.clone());
    let acts = [
        actual("KPI-01", "61.1%", "2025年3月卒"),  // achieved
        actual("KPI-07", "19.30%", "2025年3月末"), // 19.30 > 19.24; −0.29/−0.35 = 82.9% → on-track
    ];
    // KPI-02 has no FY2024 actual → no-data.
    let ctx = EvalContext::of(&plan);
    let grades: Vec<Grade> = indicators
        .iter()
        .map(|i| evaluate(&ctx, i, &acts, fy(2024), &r))
        .collect();
    let up = by_group(&plan, &grades, &r);
    let c = |u: &keikaku_model::rollup::Rollup| {
        (
            u.count("achieved"),
            u.count("on-track"),
            u.count("no-progress"),
            u.count("no-data"),
        )
    };
    assert_eq!(c(&up.plan), (1, 1, 0, 1));
    let projects: Vec<_> = up
        .projects
        .iter()
        .map(|(id, u)| (id.as_str(), c(u)))
        .collect();
    // KPI-01 is printed twice in P1 but counts once.
    assert_eq!(projects, vec![("P1", (1, 1, 0, 0)), ("P2", (0, 0, 0, 1))]);
    let fields: Vec<_> = up
        .fields
        .iter()
        .map(|(id, u)| (id.as_str(), c(u)))
        .collect();
    // F1: KPI-01 (two items, counted once) and KPI-02; F2: none.
    assert_eq!(fields, vec![("F1", (1, 0, 0, 1)), ("F2", (0, 0, 0, 0))]);
    let items: Vec<_> = up
        .policy_items
        .iter()
        .map(|(id, u)| (id.as_str(), c(u)))
        .collect();
    assert_eq!(
        items,
        vec![
            ("F1-01", (1, 0, 0, 0)),
            ("F1-02", (1, 0, 0, 1)),
            ("F2-01", (0, 0, 0, 0))
        ]
    );
    // Unit sanity of the shared helper.
    assert_eq!(Unit::new("％").map(|u| u.to_string()), Ok("%".into()));
}
