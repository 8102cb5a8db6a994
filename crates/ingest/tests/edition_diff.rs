//! Editions on the real plan: the shipped Tsuruoka edition E2022 rolled over
//! to E2023, edited, diffed against E2022 and published; the target history
//! of KPI-03 over both editions.

use keikaku_ingest::shipped;
use keikaku_model::diff::{ValueChangeKind, diff, target_history};
use keikaku_model::edition::{
    EditionError, add_initiative, next_edition, publish, remove_initiative, rename_indicator,
    set_value,
};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DirectionId, IndicatorId, InitiativeId};
use keikaku_model::indicator::{Column, KpiValue};
use keikaku_model::period::Period;
use keikaku_model::plan::{EditionStatus, Plan, Years};
use keikaku_model::quantity::Quantity;

fn e2022() -> Plan {
    shipped::tsuruoka().unwrap_or_else(|e| panic!("shipped plan: {e}"))
}

fn e2023() -> Plan {
    next_edition(&e2022()).unwrap_or_else(|e| panic!("{e}"))
}

fn kpi(s: &str) -> IndicatorId {
    IndicatorId::new(s).unwrap_or_else(|e| panic!("{e}"))
}

fn value(quantity: &str, period: &str) -> KpiValue {
    let (q, bound) = Quantity::parse(quantity).unwrap_or_else(|e| panic!("{e}"));
    KpiValue {
        quantity: q,
        bound,
        period: Period::parse(period).unwrap_or_else(|e| panic!("{e}")),
        annotations: Vec::new(),
        written: format!("{quantity} ({period})"),
        line: None,
    }
}

fn years(first: i32, last: i32) -> Years {
    let fy = |y| FiscalYear::new(y).unwrap_or_else(|e| panic!("{e}"));
    Years::new(fy(first), fy(last)).unwrap_or_else(|e| panic!("{e}"))
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn the_next_edition_of_the_shipped_plan_is_e2023() {
    let old = e2022();
    assert_eq!(old.edition.id.as_str(), "E2022");
    assert_eq!(old.edition.status, EditionStatus::Published);
    let new = e2023();
    assert_eq!(new.edition.id.as_str(), "E2023");
    assert_eq!(new.edition.years, years(2023, 2025));
    assert_eq!(new.edition.baseline_year.year(), 2021);
    assert_eq!(new.edition.baseline_label, "R3(2021)実績値");
    assert_eq!(new.edition.status, EditionStatus::Draft);
    assert_eq!(new.edition.published, None);
    assert_eq!(
        new.indicators, old.indicators,
        "values and IDs carried over"
    );
    assert_eq!(new.fields, old.fields);
    assert!(
        new.tables()
            .all(|(_, t)| t.header.contains("R3(2021)実績値") && !t.header.contains("R2(2020)")),
        "table headers print the new baseline"
    );
    assert!(diff(&old, &old.clone()).is_empty());
    let d = diff(&old, &new);
    assert!(d.content_is_empty(), "{d:#?}");
    assert!(!d.is_empty(), "the edition header differs");
}

#[test]
fn the_published_edition_refuses_edits() {
    let mut old = e2022();
    let err = set_value(
        &mut old,
        &kpi("KPI-03"),
        Column::Interim,
        value("50件", "2024年度"),
    );
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("edition E2022 is published and cannot change; create the next edition".to_owned())
    );
    assert!(matches!(
        rename_indicator(&mut old, &kpi("KPI-03"), "移住件数"),
        Err(EditionError::Published { .. })
    ));
    assert_eq!(old, e2022());
}

#[test]
fn edits_of_e2023_show_in_the_diff() {
    let old = e2022();
    let mut new = e2023();
    let kpi03 = kpi("KPI-03");
    // The interim target moves to the new last year and is lowered: 55 → 50件.
    set_value(&mut new, &kpi03, Column::Interim, value("50件", "2025年度"))
        .unwrap_or_else(|e| panic!("{e}"));
    let direction = DirectionId::new("P1-D1").unwrap_or_else(|e| panic!("{e}"));
    let added = add_initiative(&mut new, &direction, "移住者向けお試し住宅の整備。")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(added.as_str(), "P1-D1-I4");
    let gone = InitiativeId::new("P1-D1-I2").unwrap_or_else(|e| panic!("{e}"));
    remove_initiative(&mut new, &gone).unwrap_or_else(|e| panic!("{e}"));
    rename_indicator(&mut new, &kpi03, "移住定住施策による移住件数（年度間）")
        .unwrap_or_else(|e| panic!("{e}"));

    let d = diff(&old, &new);
    let weakened: Vec<_> = d.values_of(ValueChangeKind::Weakened).collect();
    assert_eq!(weakened.len(), 1, "{:#?}", d.values);
    assert_eq!(weakened[0].indicator, kpi03);
    assert_eq!(weakened[0].column, Column::Interim);
    assert_eq!(
        weakened[0].old.as_ref().map(|v| v.written.as_str()),
        Some("55件 (2024年度)")
    );
    assert_eq!(weakened[0].new, Some(value("50件", "2025年度")));
    assert!(weakened[0].period_changed);
    assert_eq!(d.values.len(), 1);
    assert_eq!(d.initiatives.added.len(), 1);
    assert_eq!(d.initiatives.removed.len(), 1);
    assert_eq!(d.indicators.renamed.len(), 1);

    let text = d.render_text(&old, &new);
    let report = lines(&text);
    for line in [
        "差分 / diff: E2022 (2022年度–2024年度) → E2023 (2023年度–2025年度)",
        "  KPI-03 移住定住施策による移住件数（年度間）: 実施計画期間設定値 55件 (2024年度) → 50件 (2025年度) [weakened]",
        "  KPI-03: 移住定住施策による移住件数（年間） → 移住定住施策による移住件数（年度間）",
        "  + P1-D1-I4 移住者向けお試し住宅の整備。",
        "  - P1-D1-I2 進学した若者等を対象に、本市の資源・特性の学習や相互の交流を行うワークショップ形式のイベントを実施。",
        "  P1-T3: KPI-03 移住定住施策による移住件数（年間） → 移住定住施策による移住件数（年度間）",
    ] {
        assert!(report.contains(&line), "missing 「{line}」 in\n{text}");
    }

    // Raising it instead is reported as strengthened, in the format of the report.
    let mut raised = e2023();
    set_value(
        &mut raised,
        &kpi03,
        Column::Interim,
        value("60件", "2025年度"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let text = diff(&old, &raised).render_text(&old, &raised);
    assert!(
        lines(&text).contains(
            &"  KPI-03 移住定住施策による移住件数（年間）: 実施計画期間設定値 55件 (2024年度) → 60件 (2025年度) [strengthened]"
        ),
        "{text}"
    );
}

#[test]
fn e2023_can_be_published_and_then_refuses_edits() {
    let mut new = e2023();
    publish(
        &mut new,
        Period::parse("令和5年3月").unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(new.edition.status, EditionStatus::Published);
    let err = rename_indicator(&mut new, &kpi("KPI-03"), "移住件数");
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("edition E2023 is published and cannot change; create the next edition".to_owned())
    );
    // The rolling plan continues until FY2026–2028, the comprehensive plan's end.
    let mut plan = new;
    for expected in ["E2024", "E2025", "E2026"] {
        plan = next_edition(&plan).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.edition.id.as_str(), expected);
    }
    assert!(matches!(
        next_edition(&plan),
        Err(EditionError::BeyondPlan { .. })
    ));
}

#[test]
fn target_history_shows_both_editions() {
    let old = e2022();
    let mut new = e2023();
    let kpi03 = kpi("KPI-03");
    set_value(&mut new, &kpi03, Column::Interim, value("50件", "2025年度"))
        .unwrap_or_else(|e| panic!("{e}"));
    let history = target_history(&[&old, &new], &kpi03);
    let summary: Vec<_> = history
        .iter()
        .map(|p| {
            (
                p.edition.as_str(),
                p.years,
                p.interim.as_ref().map(|v| v.quantity.to_string()),
                p.target.as_ref().map(|v| v.quantity.to_string()),
                p.interim_change,
                p.target_change,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "E2022",
                years(2022, 2024),
                Some("55件".to_owned()),
                Some("55件".to_owned()),
                None,
                None
            ),
            (
                "E2023",
                years(2023, 2025),
                Some("50件".to_owned()),
                Some("55件".to_owned()),
                Some(ValueChangeKind::Weakened),
                None
            ),
        ]
    );
}
