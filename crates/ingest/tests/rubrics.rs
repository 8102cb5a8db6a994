//! The shipped rubric files: they parse, round-trip, and grade a case table
//! of hand-built indicators (shaped like the Tsuruoka plan's KPIs) exactly as
//! worked out by hand; broken rubric files fail with line and column.

use keikaku_ingest::rubrics::{self, RubricFileError};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Rubric, evaluate};
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::{
    Aggregation, Basis, Column, Indicator, KpiValue, KpiValues, Polarity,
};
use keikaku_model::period::Period;
use keikaku_model::plan::Years;
use keikaku_model::quantity::Quantity;

const NAMES: [&str; 4] = [
    "tsuruoka-4",
    "sabc-baseline",
    "achievement-bands",
    "achievement-bands-prorated",
];

#[test]
fn every_shipped_rubric_parses_and_round_trips() {
    let shipped = rubrics::shipped();
    let names: Vec<&str> = shipped.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, NAMES);
    assert_eq!(rubrics::DEFAULT, "tsuruoka-4");
    for (name, text) in rubrics::SHIPPED {
        let r = rubrics::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.name, name);
        assert_eq!(r.version, 1);
        assert!(
            !r.description.is_empty() && !r.title_ja.is_empty(),
            "{name}"
        );
        let again = rubrics::to_toml(&r)
            .and_then(|t| rubrics::parse(&t))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again, r, "{name}");
        assert_eq!(rubrics::by_name(name), Some(r));
    }
    assert_eq!(rubrics::by_name("tsuruoka-5"), None);
}

#[test]
fn shipped_levels() {
    let levels = |name: &str| -> Vec<String> {
        rubrics::by_name(name)
            .map(|r| {
                r.level_ids()
                    .iter()
                    .zip(
                        r.levels
                            .iter()
                            .map(|l| l.ja.as_str())
                            .chain([r.missing.ja.as_str()]),
                    )
                    .map(|(id, ja)| format!("{id}:{ja}"))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        levels("tsuruoka-4"),
        [
            "achieved:目標達成",
            "on-track:概ね順調に推移又は現状維持",
            "no-progress:進展がない又は後退",
            "no-data:未集計"
        ]
    );
    assert_eq!(
        levels("achievement-bands"),
        [
            "band-100:達成率100%以上",
            "band-80:達成率80%以上100%未満",
            "band-50:達成率50%以上80%未満",
            "band-20:達成率20%以上50%未満",
            "band-0:達成率20%未満",
            "not-computable:算定不能"
        ]
    );
    let sabc = rubrics::by_name("sabc-baseline").map(|r| r.level_ids().join(" "));
    assert_eq!(sabc.as_deref(), Some("s a b c not-measurable"));
}

// ---- the case table ----

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

/// The indicators of the table, by short name.
fn indicator(name: &str) -> Indicator {
    use Aggregation::*;
    use Polarity::*;
    match name {
        // 大学等卒業者の市内就職率 45.0% → 61.1% (FY2024) → 66.7% (FY2028).
        "kpi01" => kpi(
            "KPI-01",
            Increase,
            Annual,
            [
                "45.0% (2018年3月卒)",
                "50.5% (2021年3月卒)",
                "61.1% (2025年3月卒)",
                "66.7% (2029年3月卒)",
            ],
        ),
        // 要介護認定率, lower is better, final 19.0%以下.
        "kpi07" => kpi(
            "KPI-07",
            Decrease,
            Annual,
            [
                "19.59% (2018年3月末)",
                "18.94% (2021年3月末)",
                "19.24% (2025年3月末)",
                "19.0%以下 (2029年3月末)",
            ],
        ),
        // Cumulative (累計) count, actuals are running totals.
        "kpi02" => kpi(
            "KPI-02",
            Increase,
            Cumulative,
            [
                "9組 (2017年度)",
                "17組 (2020年度)",
                "35組 (2024年度)",
                "65組 (2028年度)",
            ],
        ),
        // 100 → 110 (FY2024) → 120.
        "hundred" => kpi(
            "EX-100",
            Increase,
            Annual,
            [
                "100件 (2017年度)",
                "",
                "110件 (2024年度)",
                "120件 (2028年度)",
            ],
        ),
        // Keep 95.0%.
        "keep" => kpi(
            "KEEP-1",
            Increase,
            Annual,
            [
                "95.0% (2017年度)",
                "94.0% (2020年度)",
                "95.0% (2024年度)",
                "95.0%以上 (2028年度)",
            ],
        ),
        // Recovery target below the pre-COVID initial value (KPI-16).
        "recovery" => kpi(
            "KPI-16",
            Increase,
            Annual,
            [
                "631万人 (2017年度)",
                "337万人 (2020年度)",
                "420万人 (2024年度)",
                "790万人 (2028年度)",
            ],
        ),
        // Starting from zero.
        "zero" => kpi(
            "ZERO-1",
            Increase,
            Annual,
            ["0件 (2017年度)", "", "10件 (2024年度)", "20件 (2028年度)"],
        ),
        // Target equal to the initial value and nothing stated: direction unknown.
        "unknown" => kpi(
            "UNK-1",
            Unknown,
            Annual,
            ["10件 (2017年度)", "", "10件 (2024年度)", "10件 (2028年度)"],
        ),
        other => panic!("no indicator {other}"),
    }
}

fn actual(ind: &Indicator, quantity: &str, period: &str) -> ActualValue {
    ActualValue {
        indicator: ind.id.clone(),
        period: Period::parse(period).unwrap_or_else(|e| panic!("{e}")),
        quantity: Quantity::parse(quantity)
            .unwrap_or_else(|e| panic!("{e}"))
            .0,
        source: None,
        note: None,
    }
}

/// (indicator, actual, period, year, [tsuruoka-4, sabc-baseline, achievement-bands,
/// achievement-bands-prorated]) with the hand computation beside each row.
/// Rates are (actual − initial) / (target − initial); "traj" is the rate
/// against the trajectory value; gain is (actual − initial) / |initial|.
#[rustfmt::skip]
const CASES: &[(&str, &str, &str, i32, [&str; 4])] = &[
    // Reached exactly: rate 100, gain 35.8.
    ("kpi01", "61.1%", "2025年3月卒", 2024, ["achieved", "s", "band-100", "band-100"]),
    // Overshoot: 19.3/16.1 = 119.9%, uncapped.
    ("kpi01", "64.3%", "2025年3月卒", 2024, ["achieved", "s", "band-100", "band-100"]),
    // 59.0: 14/16.1 = 87.0%.
    ("kpi01", "59.0%", "2025年3月卒", 2024, ["on-track", "a", "band-80", "band-80"]),
    // 55.0: 10/16.1 = 62.1%; gain 22.2.
    ("kpi01", "55.0%", "2025年3月卒", 2024, ["on-track", "a", "band-50", "band-50"]),
    // 50.0: 5/16.1 = 31.1% < 50; gain 11.1.
    ("kpi01", "50.0%", "2025年3月卒", 2024, ["no-progress", "a", "band-20", "band-20"]),
    // Regression 43.2: −11.2%; gain −4.0 (within 10%).
    ("kpi01", "43.2%", "2025年3月卒", 2024, ["no-progress", "b", "band-0", "band-0"]),
    // 40.0: gain −5/45 = −11.1 (more than 10% worse).
    ("kpi01", "40.0%", "2025年3月卒", 2024, ["no-progress", "c", "band-0", "band-0"]),
    // FY2022: rate 7/16.1 = 43.5; trajectory 56.5 → traj 7/11.5 = 60.9.
    ("kpi01", "52.0%", "2023年3月卒", 2022, ["on-track", "a", "band-20", "band-50"]),
    // 100 → 110, actual 105: 50% (not 95.45%).
    ("hundred", "105件", "2024年度", 2024, ["on-track", "a", "band-50", "band-50"]),
    // 要介護認定率 19.10 ≤ interim 19.24: reached; rate −0.49/−0.35 = 140.
    ("kpi07", "19.10%", "2025年3月末", 2024, ["achieved", "s", "band-100", "band-100"]),
    // FY2028: final 19.0%以下 missed; traj −0.54/−0.59 = 91.5; against the
    // interim 19.24: −0.54/−0.35 = 154.3; gain 2.8.
    ("kpi07", "19.05%", "2029年3月末", 2028, ["on-track", "a", "band-100", "band-80"]),
    // FY2022: rate −0.19/−0.35 = 54.3; trajectory 19.34 → traj 76.0.
    ("kpi07", "19.40%", "2023年3月末", 2022, ["on-track", "a", "band-50", "band-50"]),
    // Cumulative running total 29 in FY2023: rate 20/26 = 76.9;
    // trajectory 31.29 → traj 20/22.29 = 89.7.
    ("kpi02", "29組", "2023年度", 2023, ["on-track", "a", "band-50", "band-80"]),
    // Maintain target kept / lost (rate undefined: target = initial).
    ("keep", "95.2%", "2024年度", 2024, ["achieved", "s", "band-100", "band-100"]),
    ("keep", "94.5%", "2024年度", 2024, ["no-progress", "b", "band-0", "band-0"]),
    // Recovery target 420 below the initial 631: reached at 450; at 400 no
    // rate (the initial value already meets the target), gain −36.6.
    ("recovery", "450万人", "2024年度", 2024, ["achieved", "s", "band-100", "band-100"]),
    ("recovery", "400万人", "2024年度", 2024, ["no-progress", "c", "not-computable", "not-computable"]),
    // Initial 0: gain undefined, so S/A/B/C cannot say; rate 5/10 = 50.
    ("zero", "5件", "2024年度", 2024, ["on-track", "not-measurable", "band-50", "band-50"]),
    // No FY2024 actual (only FY2023): missing, never 0.
    ("kpi01", "58.0%", "2024年3月卒", 2024, ["no-data", "not-measurable", "not-computable", "not-computable"]),
    // Unit mismatch.
    ("kpi01", "58人", "2025年3月卒", 2024, ["no-data", "not-measurable", "not-computable", "not-computable"]),
    // Direction unknown.
    ("unknown", "12件", "2024年度", 2024, ["no-data", "not-measurable", "not-computable", "not-computable"]),
];

#[test]
fn shipped_rubrics_grade_the_case_table() {
    let rubrics: Vec<Rubric> = NAMES
        .iter()
        .map(|n| rubrics::by_name(n).unwrap_or_else(|| panic!("{n}")))
        .collect();
    let mut failures = Vec::new();
    for (name, quantity, period, year, want) in CASES {
        let ind = indicator(name);
        let acts = [actual(&ind, quantity, period)];
        for (rubric, want) in rubrics.iter().zip(want) {
            let g = evaluate(&ctx(), &ind, &acts, fy(*year), rubric);
            if g.level.id != *want {
                failures.push(format!(
                    "{} {name} {quantity} FY{year}: want {want}, got {}",
                    rubric.name,
                    g.summary_en()
                ));
            }
            assert_eq!(
                g.is_missing(),
                *want == rubric.missing.id,
                "{} {name} {quantity}",
                rubric.name
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn missing_reasons_under_the_shipped_rubrics() {
    let sabc = rubrics::by_name("sabc-baseline").unwrap_or_else(|| panic!("sabc"));
    let zero = indicator("zero");
    let g = evaluate(
        &ctx(),
        &zero,
        &[actual(&zero, "5件", "2024年度")],
        fy(2024),
        &sabc,
    );
    assert_eq!(
        g.missing_reason.as_deref(),
        Some("no level applies: gain undefined: the initial value is 0")
    );
    assert_eq!(g.level.code, "－");
    let t4 = rubrics::by_name("tsuruoka-4").unwrap_or_else(|| panic!("t4"));
    let unknown = indicator("unknown");
    let g = evaluate(
        &ctx(),
        &unknown,
        &[actual(&unknown, "12件", "2024年度")],
        fy(2024),
        &t4,
    );
    assert_eq!(
        g.summary_ja(),
        "UNK-1 2024年度: 未集計（改善の方向が不明（数値の増減のどちらが改善か計画から判断できない））"
    );
}

// ---- broken rubric files ----

const GOOD_HEAD: &str = r#"name = "test"
version = 1
title_ja = "試験"
title_en = "Test"
"#;

fn with_head(body: &str) -> String {
    format!("{GOOD_HEAD}{body}")
}

const MISSING: &str = r#"
[missing]
id = "none"
code = "－"
ja = "なし"
en = "none"
tone = "none"
"#;

fn syntax_position(text: &str) -> (usize, usize, String) {
    match rubrics::parse(text) {
        Err(RubricFileError::Syntax {
            line,
            column,
            message,
        }) => (line, column, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn bad_value_gives_line_and_column() {
    let text = with_head(&format!(
        r#"
[[levels]]
id = "a"
code = "A"
ja = "a"
en = "a"
tone = "green"
{MISSING}"#
    ));
    let (line, column, message) = syntax_position(&text);
    assert_eq!((line, column), (11, 8), "{message}");
    assert!(message.contains("green"), "{message}");
}

#[test]
fn unknown_metric_is_rejected() {
    let text = with_head(&format!(
        r#"
[[levels]]
id = "a"
code = "A"
ja = "a"
en = "a"
tone = "good"

[[levels.rules]]
trajectory = {{ min = "50" }}
{MISSING}"#
    ));
    let (line, _, message) = syntax_position(&text);
    assert_eq!(line, 14, "{message}");
    assert!(
        message.contains("trajectory") && message.contains("trajectory_rate"),
        "{message}"
    );
}

#[test]
fn numbers_must_be_decimal_strings() {
    let rule = |range: &str| {
        with_head(&format!(
            r#"
[[levels]]
id = "a"
code = "A"
ja = "a"
en = "a"
tone = "good"

[[levels.rules]]
rate = {range}
{MISSING}"#
        ))
    };
    let (line, _, message) = syntax_position(&rule(r#"{ min = "fifty" }"#));
    assert_eq!(line, 14);
    assert!(message.contains("not a decimal"), "{message}");
    let (line, _, message) = syntax_position(&rule("{ min = 50 }"));
    assert_eq!(line, 14);
    assert!(message.contains("string"), "{message}");
    let (_, _, message) = syntax_position(&rule(r#"{ above = "80", below = "20" }"#));
    assert!(message.contains("empty"), "{message}");
    let (_, _, message) = syntax_position(&rule(r#"{ minimum = "80" }"#));
    assert!(message.contains("minimum"), "{message}");
}

#[test]
fn inconsistent_rubric_names_the_level_line() {
    // The fallback level `b` (line 16) is followed by `c`.
    let text = with_head(&format!(
        r#"
[[levels]]
id = "a"
code = "A"
ja = "a"
en = "a"
tone = "good"
[[levels.rules]]
reached = true

[[levels]]
id = "b"
code = "B"
ja = "b"
en = "b"
tone = "poor"

[[levels]]
id = "c"
code = "C"
ja = "c"
en = "c"
tone = "bad"
[[levels.rules]]
reached = false
{MISSING}"#
    ));
    match rubrics::parse(&text) {
        Err(RubricFileError::Invalid { problems }) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            let (line, column, message) = &problems[0];
            assert_eq!((*line, *column), (16, 1));
            assert!(
                message.starts_with("level `b`: a level without rules"),
                "{message}"
            );
        }
        other => panic!("expected an invalid rubric, got {other:?}"),
    }
    // A rubric whose missing level reuses a level ID: the second `id = "a"`.
    let text = with_head(
        r#"
[[levels]]
id = "a"
code = "A"
ja = "a"
en = "a"
tone = "good"

[missing]
id = "a"
code = "－"
ja = "なし"
en = "none"
tone = "none"
"#,
    );
    let err = rubrics::parse(&text).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("line 14, column 1: level `a`: the id is used twice")
    );
}
