//! Editions on a small hand-built plan: the next edition, the edits a draft
//! accepts and a published edition refuses, publication, the diff between
//! editions and an indicator's target history.

use keikaku_model::diff::{DepartmentRole, ValueChangeKind, diff, target_history};
use keikaku_model::edition::{
    EditionError, add_indicator, add_initiative, next_edition, publish, remove_indicator,
    remove_initiative, remove_value, rename_indicator, set_project_summary, set_value,
};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::*;
use keikaku_model::indicator::{
    Aggregation, Basis, Column, Indicator, KpiValue, KpiValues, Polarity,
};
use keikaku_model::period::Period;
use keikaku_model::plan::*;
use keikaku_model::quantity::{Quantity, Unit};

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("test year {y}: {e}"))
}

fn years(first: i32, last: i32) -> Years {
    Years::new(fy(first), fy(last)).unwrap_or_else(|e| panic!("{e}"))
}

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Display,
{
    s.parse().unwrap_or_else(|e| panic!("test ID {s}: {e}"))
}

/// A value from `55件` and `2024年度`.
fn value(quantity: &str, period: &str) -> KpiValue {
    let (quantity_parsed, bound) =
        Quantity::parse(quantity).unwrap_or_else(|e| panic!("{quantity}: {e}"));
    KpiValue {
        quantity: quantity_parsed,
        bound,
        period: Period::parse(period).unwrap_or_else(|e| panic!("{period}: {e}")),
        annotations: Vec::new(),
        written: format!("{quantity} ({period})"),
        line: Some(214),
    }
}

fn indicator(kpi: &str, name: &str, unit: &str, polarity: Polarity, cells: [&str; 4]) -> Indicator {
    let mut values = KpiValues::default();
    for (column, cell) in Column::ALL.into_iter().zip(cells) {
        if let Some((q, p)) = cell.split_once(' ') {
            *values.slot_mut(column) = Some(value(q, p));
        }
    }
    Indicator {
        id: id(kpi),
        name: name.to_owned(),
        description: None,
        part_of: None,
        unit: Unit::new(unit).unwrap_or_else(|e| panic!("{e}")),
        polarity,
        polarity_basis: Basis::Inferred,
        aggregation: Aggregation::Annual,
        aggregation_basis: Basis::Stated,
        values,
        policy_items: Vec::new(),
        directions: Vec::new(),
    }
}

const HEADER: &str = "初期値\tR2(2020)実績値\t実施計画期間設定値\t成果指標(KPI)";

fn table(tid: &str, rows: &[(&str, &str)]) -> KpiTable {
    KpiTable {
        id: id(tid),
        heading: vec![rows.first().map_or("", |r| r.1).to_owned()],
        header: HEADER.to_owned(),
        rows: rows
            .iter()
            .map(|(kpi, label)| TableRow {
                indicator: id(kpi),
                label: (*label).to_owned(),
            })
            .collect(),
        line: Some(210),
    }
}

/// Tsuruoka-like: comprehensive plan FY2019–2028, published edition E2022
/// (FY2022–2024, baseline R2(2020)), one project with two directions, two
/// tables and three indicators (KPI-03 increase, KPI-07 decrease, KPI-08
/// printed in both tables).
fn e2022() -> Plan {
    let initiative = |iid: &str, text: &str| Initiative {
        id: id(iid),
        text: text.to_owned(),
        line: Some(200),
    };
    Plan {
        municipality: Municipality {
            name: "鶴岡市".to_owned(),
            code: None,
            prefecture: Some("山形県".to_owned()),
        },
        plan: ComprehensivePlan {
            name: "第2次鶴岡市総合計画".to_owned(),
            catchphrase: None,
            years: years(2019, 2028),
            first_year_assumed: false,
        },
        edition: Edition {
            id: id("E2022"),
            title: "第2次鶴岡市総合計画 実施計画".to_owned(),
            variant: Some("概要版".to_owned()),
            years: years(2022, 2024),
            baseline_year: fy(2020),
            baseline_label: "R2(2020)実績値".to_owned(),
            published: Some(Period::parse("令和4年3月").unwrap_or_else(|e| panic!("{e}"))),
            status: EditionStatus::Published,
        },
        sections: vec![],
        issues_intro: vec![],
        issues: vec![],
        projects_intro: vec![],
        departments: vec![
            Department {
                id: id("D01"),
                name: "企画部".to_owned(),
            },
            Department {
                id: id("D02"),
                name: "健康福祉部".to_owned(),
            },
            Department {
                id: id("D03"),
                name: "商工観光部".to_owned(),
            },
        ],
        groups: vec![ProjectGroup {
            id: id("G1"),
            name: "社会システムを整える".to_owned(),
        }],
        projects: vec![Project {
            id: id("P1"),
            name: "若者・子育て世代応援プロジェクト".to_owned(),
            group: id("G1"),
            lead: vec![id("D01")],
            related: vec![id("D02")],
            summary: vec![],
            directions: vec![
                PolicyDirection {
                    id: id("P1-D1"),
                    name: "移住・定住の促進".to_owned(),
                    initiatives: vec![
                        initiative("P1-D1-I1", "移住相談窓口の充実"),
                        initiative("P1-D1-I2", "空き家バンクの活用"),
                    ],
                    line: Some(199),
                },
                PolicyDirection {
                    id: id("P1-D2"),
                    name: "健康づくり".to_owned(),
                    initiatives: vec![initiative("P1-D2-I1", "介護予防の推進")],
                    line: Some(205),
                },
            ],
            tables: vec![
                table(
                    "P1-T1",
                    &[
                        ("KPI-03", "移住定住施策による移住件数（年間）"),
                        ("KPI-08", "テレワーク件数"),
                    ],
                ),
                table(
                    "P1-T2",
                    &[("KPI-07", "要介護認定率"), ("KPI-08", "テレワークの件数")],
                ),
            ],
            line: Some(90),
            detail_line: Some(190),
            sdgs: Vec::new(),
        }],
        indicators: vec![
            indicator(
                "KPI-03",
                "移住定住施策による移住件数（年間）",
                "件",
                Polarity::Increase,
                [
                    "39件 2017年度",
                    "68件 2020年度",
                    "55件 2024年度",
                    "55件 2028年度",
                ],
            ),
            indicator(
                "KPI-07",
                "要介護認定率",
                "%",
                Polarity::Decrease,
                [
                    "18.20% 2017年度",
                    "18.94% 2020年度",
                    "19.24% 2024年度",
                    "19.0% 2028年度",
                ],
            ),
            indicator(
                "KPI-08",
                "テレワーク件数",
                "件",
                Polarity::Increase,
                ["1件 2017年度", "", "10件 2024年度", "20件 2028年度"],
            ),
        ],
        fields: vec![],
        key_initiatives: vec![],
        errata: vec![],
    }
}

fn draft() -> Plan {
    next_edition(&e2022()).unwrap_or_else(|e| panic!("{e}"))
}

fn month(s: &str) -> Period {
    Period::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn next_edition_shifts_the_years_and_keeps_the_content() {
    let old = e2022();
    let next = draft();
    assert_eq!(next.edition.id.as_str(), "E2023");
    assert_eq!(next.edition.years, years(2023, 2025));
    assert_eq!(next.edition.status, EditionStatus::Draft);
    assert_eq!(next.edition.published, None);
    assert_eq!(next.edition.baseline_year, fy(2021));
    assert_eq!(next.edition.baseline_label, "R3(2021)実績値");
    assert_eq!(next.edition.title, old.edition.title);
    assert_eq!(next.edition.variant, old.edition.variant);
    // IDs and values carried over unchanged.
    assert_eq!(next.indicators, old.indicators);
    assert_eq!(next.departments, old.departments);
    for (a, b) in old.projects.iter().zip(&next.projects) {
        assert_eq!(a.directions, b.directions);
        for (ta, tb) in a.tables.iter().zip(&b.tables) {
            assert_eq!(ta.rows, tb.rows);
            assert_eq!(
                tb.header,
                "初期値\tR3(2021)実績値\t実施計画期間設定値\t成果指標(KPI)"
            );
        }
    }
    // The old edition stays as it was.
    assert_eq!(old, e2022());
    let d = diff(&old, &next);
    assert!(d.content_is_empty(), "{d:#?}");
    assert!(!d.is_empty());
    let fields: Vec<&str> = d.header.iter().map(|h| h.field).collect();
    assert_eq!(
        fields,
        [
            "id",
            "years",
            "baseline_year",
            "baseline_label",
            "published",
            "status"
        ]
    );
}

#[test]
fn editions_roll_until_the_comprehensive_plan_ends() {
    let mut plan = e2022();
    let mut ids = Vec::new();
    let err = loop {
        match next_edition(&plan) {
            Ok(next) => {
                ids.push(next.edition.id.to_string());
                plan = next;
            }
            Err(e) => break e,
        }
    };
    assert_eq!(ids, ["E2023", "E2024", "E2025", "E2026"]);
    assert_eq!(plan.edition.years, years(2026, 2028));
    assert_eq!(plan.edition.baseline_label, "R6(2024)実績値");
    assert!(matches!(
        err,
        EditionError::BeyondPlan {
            first: 2027,
            last: 2029,
            ..
        }
    ));
    let message = err.to_string();
    assert!(message.contains("FY2027–FY2029"), "{message}");
    assert!(message.contains("FY2019–FY2028"), "{message}");
}

#[test]
fn a_published_edition_refuses_every_edit() {
    let mut plan = e2022();
    let before = plan.clone();
    let kpi03: IndicatorId = id("KPI-03");
    let results = [
        set_value(
            &mut plan,
            &kpi03,
            Column::Interim,
            value("50件", "2024年度"),
        ),
        remove_value(&mut plan, &kpi03, Column::Interim),
        add_initiative(&mut plan, &id("P1-D1"), "新しい取組").map(|_| ()),
        remove_initiative(&mut plan, &id("P1-D1-I1")),
        rename_indicator(&mut plan, &kpi03, "移住件数"),
        add_indicator(
            &mut plan,
            id::<TableId>("P1-T1"),
            indicator(
                "KPI-99",
                "新指標",
                "件",
                Polarity::Increase,
                ["", "", "", ""],
            ),
        ),
        remove_indicator(&mut plan, &kpi03),
        publish(&mut plan, month("令和5年3月")),
    ];
    for result in results {
        let err = result.err().unwrap_or_else(|| panic!("edit accepted"));
        assert_eq!(
            err.to_string(),
            "edition E2022 is published and cannot change; create the next edition"
        );
    }
    assert_eq!(plan, before);
}

#[test]
fn set_and_remove_values_check_units_and_presence() {
    let mut plan = draft();
    let kpi03: IndicatorId = id("KPI-03");
    set_value(
        &mut plan,
        &kpi03,
        Column::Interim,
        value("60件", "2025年度"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let interim = plan
        .indicator(&kpi03)
        .and_then(|i| i.values.interim.clone());
    assert_eq!(interim, Some(value("60件", "2025年度")));

    let err = set_value(&mut plan, &kpi03, Column::Target, value("60人", "2028年度"));
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("KPI-03 is measured in 件, but the final target value is in 人: convert the value, or change the indicator's unit first".to_owned())
    );
    let err = set_value(
        &mut plan,
        &id("KPI-42"),
        Column::Target,
        value("1件", "2028年度"),
    );
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("edition E2023 has no indicator KPI-42".to_owned())
    );

    let kpi08: IndicatorId = id("KPI-08");
    remove_value(&mut plan, &kpi08, Column::Initial).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        plan.indicator(&kpi08)
            .and_then(|i| i.values.initial.clone()),
        None
    );
    let err = remove_value(&mut plan, &kpi08, Column::Baseline);
    assert!(matches!(err, Err(EditionError::NoValue { .. })), "{err:?}");
}

#[test]
fn initiatives_get_the_next_free_number() {
    let mut plan = draft();
    let d1: DirectionId = id("P1-D1");
    let new =
        add_initiative(&mut plan, &d1, "  お試し移住の実施 ").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(new.as_str(), "P1-D1-I3");
    let texts: Vec<&str> = plan.projects[0].directions[0]
        .initiatives
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "移住相談窓口の充実",
            "空き家バンクの活用",
            "お試し移住の実施"
        ]
    );

    remove_initiative(&mut plan, &id("P1-D1-I1")).unwrap_or_else(|e| panic!("{e}"));
    let next = add_initiative(&mut plan, &d1, "移住者交流会").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        next.as_str(),
        "P1-D1-I4",
        "a freed lower number is not reused"
    );

    assert!(matches!(
        add_initiative(&mut plan, &d1, "  "),
        Err(EditionError::EmptyText { .. })
    ));
    assert!(matches!(
        add_initiative(&mut plan, &id("P9-D1"), "x"),
        Err(EditionError::Unknown {
            kind: "policy direction",
            ..
        })
    ));
    assert!(matches!(
        remove_initiative(&mut plan, &id("P1-D1-I1")),
        Err(EditionError::Unknown {
            kind: "initiative",
            ..
        })
    ));
    let first =
        add_initiative(&mut plan, &id("P1-D2"), "フレイル予防").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.as_str(), "P1-D2-I2");
}

#[test]
fn renaming_an_indicator_renames_the_rows_that_printed_its_name() {
    let mut plan = draft();
    let kpi08: IndicatorId = id("KPI-08");
    rename_indicator(&mut plan, &kpi08, "テレワーク実施件数").unwrap_or_else(|e| panic!("{e}"));
    let labels: Vec<(String, String)> = plan
        .appearances(&kpi08)
        .map(|(_, t, r)| (t.id.to_string(), r.label.clone()))
        .collect();
    assert_eq!(
        labels,
        [
            ("P1-T1".to_owned(), "テレワーク実施件数".to_owned()),
            ("P1-T2".to_owned(), "テレワークの件数".to_owned()),
        ]
    );
    assert!(matches!(
        rename_indicator(&mut plan, &kpi08, ""),
        Err(EditionError::EmptyText { .. })
    ));
}

#[test]
fn project_summaries_are_replaced_trimmed_and_never_emptied() {
    let mut plan = draft();
    let p1: ProjectId = id("P1");
    let paragraphs = vec![
        " 移住の促進 ".to_owned(),
        String::new(),
        "関係人口".to_owned(),
    ];
    set_project_summary(&mut plan, &p1, &paragraphs).unwrap_or_else(|e| panic!("{e}"));
    let summary = plan.project(&p1).map(|p| p.summary.clone());
    assert_eq!(
        summary,
        Some(vec!["移住の促進".to_owned(), "関係人口".to_owned()])
    );
    assert!(matches!(
        set_project_summary(&mut plan, &p1, &["  ".to_owned()]),
        Err(EditionError::EmptyText { .. })
    ));
    assert!(matches!(
        set_project_summary(&mut plan, &id("P9"), &paragraphs),
        Err(EditionError::Unknown {
            kind: "project",
            ..
        })
    ));
    let mut published = draft();
    publish(&mut published, month("2023年3月")).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        set_project_summary(&mut published, &p1, &paragraphs),
        Err(EditionError::Published { .. })
    ));
}

#[test]
fn indicators_are_added_to_tables_or_projects_and_removed_with_their_rows() {
    let mut plan = draft();
    let new = indicator(
        "KPI-23",
        "お試し移住の参加者数",
        "人",
        Polarity::Increase,
        ["", "12人 2021年度", "30人 2025年度", "50人 2028年度"],
    );
    let t1: TableId = id("P1-T1");
    let p1: ProjectId = id("P1");
    let dup = add_indicator(
        &mut plan,
        &t1,
        indicator("KPI-03", "x", "件", Polarity::Increase, ["", "", "", ""]),
    );
    assert!(
        matches!(dup, Err(EditionError::DuplicateIndicator { .. })),
        "{dup:?}"
    );
    let mut wrong_unit = new.clone();
    wrong_unit.unit = Unit::new("件").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        add_indicator(&mut plan, &t1, wrong_unit),
        Err(EditionError::UnitMismatch { .. })
    ));
    let mut orphan = new.clone();
    orphan.part_of = Some(id("KPI-99"));
    assert!(matches!(
        add_indicator(&mut plan, &t1, orphan),
        Err(EditionError::Unknown {
            kind: "indicator",
            ..
        })
    ));
    assert!(matches!(
        add_indicator(&mut plan, id::<TableId>("P1-T9"), new.clone()),
        Err(EditionError::Unknown {
            kind: "KPI table",
            ..
        })
    ));
    assert_eq!(plan, draft(), "refused edits change nothing");

    add_indicator(&mut plan, &p1, new.clone()).unwrap_or_else(|e| panic!("{e}"));
    let t3 = plan.projects[0]
        .tables
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("no table"));
    assert_eq!(t3.id.as_str(), "P1-T3");
    assert_eq!(
        t3.header,
        "初期値\tR3(2021)実績値\t実施計画期間設定値\t成果指標(KPI)"
    );
    assert_eq!(t3.heading, ["お試し移住の参加者数"]);
    assert_eq!(plan.indicator(&id("KPI-23")), Some(&new));

    let mut sub = indicator(
        "KPI-24",
        "うち子育て世帯",
        "人",
        Polarity::Increase,
        ["", "", "", ""],
    );
    sub.part_of = Some(id("KPI-23"));
    add_indicator(&mut plan, id::<TableId>("P1-T3"), sub).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.projects[0].tables[2].rows.len(), 2);

    let err = remove_indicator(&mut plan, &id("KPI-23"));
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("indicator KPI-23 cannot be removed: KPI-24 is part of it; remove them or change their part_of first".to_owned())
    );
    remove_indicator(&mut plan, &id("KPI-24")).unwrap_or_else(|e| panic!("{e}"));
    remove_indicator(&mut plan, &id("KPI-23")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        plan.projects[0].tables.len(),
        2,
        "the emptied table P1-T3 is removed"
    );

    // KPI-07 leaves P1-T2 with the KPI-08 row; removing KPI-08 then empties it.
    remove_indicator(&mut plan, &id("KPI-07")).unwrap_or_else(|e| panic!("{e}"));
    remove_indicator(&mut plan, &id("KPI-08")).unwrap_or_else(|e| panic!("{e}"));
    let tables: Vec<(&str, usize)> = plan.projects[0]
        .tables
        .iter()
        .map(|t| (t.id.as_str(), t.rows.len()))
        .collect();
    assert_eq!(tables, [("P1-T1", 1)]);
    assert!(keikaku_model::integrity::check(&plan).is_ok());
}

#[test]
fn publishing_needs_a_month_and_an_intact_plan() {
    let mut plan = draft();
    assert_eq!(
        publish(&mut plan, month("2023年3月末")).map_err(|e| e.to_string()),
        Err("「2023年3月末」 is not a publication month: write a month such as 令和5年3月 or 2023年3月".to_owned())
    );
    plan.projects[0].related.push(id("D99"));
    let err = publish(&mut plan, month("令和5年3月"));
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("edition E2023 cannot be published until these are fixed: project P1 refers to unknown department D99".to_owned())
    );
    assert_eq!(plan.edition.status, EditionStatus::Draft);
    plan.projects[0].related.pop();
    plan.indicators[0].values.target = Some(value("55人", "2028年度"));
    let err = publish(&mut plan, month("令和5年3月"));
    assert!(
        matches!(&err, Err(EditionError::NotPublishable { problems, .. }) if problems.len() == 1 && problems[0].starts_with("KPI-03 (unit-mismatch)")),
        "{err:?}"
    );
    plan.indicators[0].values.target = Some(value("55件", "2028年度"));

    publish(&mut plan, month("令和5年3月")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.edition.status, EditionStatus::Published);
    assert_eq!(plan.edition.published, Some(month("令和5年3月")));
    let err = rename_indicator(&mut plan, &id("KPI-03"), "移住件数");
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("edition E2023 is published and cannot change; create the next edition".to_owned())
    );
}

#[test]
fn the_diff_reports_every_kind_of_change() {
    let old = e2022();
    assert!(diff(&old, &old.clone()).is_empty());
    assert_eq!(
        diff(&old, &old).render_text(&old, &old),
        "差分 / diff: E2022 (2022年度–2024年度) → E2022 (2022年度–2024年度)\n変更なし / no changes\n"
    );

    let mut new = draft();
    let ok = |r: Result<(), EditionError>| r.unwrap_or_else(|e| panic!("{e}"));
    // KPI-03 (increase): interim raised and moved to 2025, final lowered.
    ok(set_value(
        &mut new,
        &id("KPI-03"),
        Column::Interim,
        value("60件", "2025年度"),
    ));
    ok(set_value(
        &mut new,
        &id("KPI-03"),
        Column::Target,
        value("50件", "2028年度"),
    ));
    // KPI-07 (decrease): interim raised = weakened; baseline updated.
    ok(set_value(
        &mut new,
        &id("KPI-07"),
        Column::Interim,
        value("19.50%", "2025年度"),
    ));
    ok(set_value(
        &mut new,
        &id("KPI-07"),
        Column::Baseline,
        value("18.80%", "2021年度"),
    ));
    ok(remove_value(&mut new, &id("KPI-08"), Column::Initial));
    ok(set_value(
        &mut new,
        &id("KPI-08"),
        Column::Baseline,
        value("4件", "2021年度"),
    ));
    ok(rename_indicator(
        &mut new,
        &id("KPI-08"),
        "テレワーク実施件数",
    ));
    let added = add_initiative(&mut new, &id("P1-D1"), "お試し移住の実施")
        .unwrap_or_else(|e| panic!("{e}"));
    ok(remove_initiative(&mut new, &id("P1-D2-I1")));
    new.projects[0].directions[0].initiatives[1].text = "空き家バンクの活用と改修支援".to_owned();
    new.projects[0].directions[1].name = "健康づくりと介護予防".to_owned();
    new.projects[0].related.push(id("D03"));

    let d = diff(&old, &new);
    assert!(!d.content_is_empty());
    assert!(d.indicators.added.is_empty() && d.indicators.removed.is_empty());
    let renamed: Vec<(&str, &str, &str)> = d
        .indicators
        .renamed
        .iter()
        .map(|r| (r.id.as_str(), r.old.as_str(), r.new.as_str()))
        .collect();
    assert_eq!(
        renamed,
        [("KPI-08", "テレワーク件数", "テレワーク実施件数")]
    );
    let values: Vec<(&str, Column, ValueChangeKind, bool)> = d
        .values
        .iter()
        .map(|v| (v.indicator.as_str(), v.column, v.change, v.period_changed))
        .collect();
    use ValueChangeKind::*;
    assert_eq!(
        values,
        [
            ("KPI-03", Column::Interim, Strengthened, true),
            ("KPI-03", Column::Target, Weakened, false),
            ("KPI-07", Column::Baseline, Lowered, true),
            ("KPI-07", Column::Interim, Weakened, true),
            ("KPI-08", Column::Initial, Removed, false),
            ("KPI-08", Column::Baseline, Added, false),
        ]
    );
    assert_eq!(d.values[1].old, Some(value("55件", "2028年度")));
    assert_eq!(d.values[1].new, Some(value("50件", "2028年度")));
    assert_eq!(d.values_of(Weakened).count(), 2);
    let ids = |v: &[keikaku_model::diff::Named<InitiativeId>]| {
        v.iter().map(|n| n.id.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&d.initiatives.added), [added.to_string()]);
    assert_eq!(ids(&d.initiatives.removed), ["P1-D2-I1"]);
    assert_eq!(d.initiatives.renamed.len(), 1);
    assert_eq!(d.directions.renamed.len(), 1);
    assert_eq!(d.rows.relabelled.len(), 1, "P1-T1 printed the old name");
    assert_eq!(d.project_departments.len(), 1);
    assert_eq!(d.project_departments[0].role, DepartmentRole::Related);
    assert_eq!(d.project_departments[0].added, [id::<DepartmentId>("D03")]);

    let text = d.render_text(&old, &new);
    for line in [
        "差分 / diff: E2022 (2022年度–2024年度) → E2023 (2023年度–2025年度)",
        "  実績値の見出し: R2(2020)実績値 → R3(2021)実績値",
        "  KPI-03 移住定住施策による移住件数（年間）: 実施計画期間設定値 55件 (2024年度) → 60件 (2025年度) [strengthened]",
        "  KPI-03 移住定住施策による移住件数（年間）: 成果指標(KPI) 55件 (2028年度) → 50件 (2028年度) [weakened]",
        "  KPI-07 要介護認定率: 実施計画期間設定値 19.24% (2024年度) → 19.50% (2025年度) [weakened]",
        "  KPI-08 テレワーク実施件数: 初期値 1件 (2017年度) → なし [removed]",
        "  KPI-08: テレワーク件数 → テレワーク実施件数",
        "  + P1-D1-I3 お試し移住の実施",
        "  - P1-D2-I1 介護予防の推進",
        "  P1-D1-I2: 空き家バンクの活用 → 空き家バンクの活用と改修支援",
        "  P1-D2: 健康づくり → 健康づくりと介護予防",
        "  P1-T1: KPI-08 テレワーク件数 → テレワーク実施件数",
        "  P1 若者・子育て世代応援プロジェクト: 関係部 健康福祉部 (D02) → 健康福祉部 (D02)、商工観光部 (D03)",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing 「{line}」 in\n{text}"
        );
    }
}

#[test]
fn the_diff_lists_added_and_removed_elements() {
    let old = e2022();
    let mut new = draft();
    let ok = |r: Result<(), EditionError>| r.unwrap_or_else(|e| panic!("{e}"));
    ok(remove_indicator(&mut new, &id("KPI-07")));
    ok(add_indicator(
        &mut new,
        id::<ProjectId>("P1"),
        indicator(
            "KPI-23",
            "お試し移住の参加者数",
            "人",
            Polarity::Increase,
            ["", "", "30人 2025年度", ""],
        ),
    ));
    new.indicators[0].unit = Unit::new("世帯").unwrap_or_else(|e| panic!("{e}"));
    new.indicators[1].polarity = Polarity::Unknown;
    let d = diff(&old, &new);
    assert_eq!(d.indicators.added.len(), 1);
    assert_eq!(d.indicators.added[0].name, "お試し移住の参加者数");
    assert_eq!(d.indicators.removed.len(), 1);
    assert_eq!(d.indicators.removed[0].id.as_str(), "KPI-07");
    assert_eq!(d.units_changed.len(), 1);
    assert_eq!(d.polarities_changed.len(), 1);
    let rows = |v: &[keikaku_model::diff::RowRef]| {
        v.iter()
            .map(|r| format!("{} {}", r.table, r.indicator))
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&d.rows.added), ["P1-T3 KPI-23"]);
    assert_eq!(rows(&d.rows.removed), ["P1-T2 KPI-07"]);
    let text = d.render_text(&old, &new);
    for line in [
        "  + KPI-23 お試し移住の参加者数",
        "  - KPI-07 要介護認定率",
        "  KPI-03 移住定住施策による移住件数（年間）: 件 → 世帯",
        "  KPI-08 テレワーク件数: 増加が望ましい (increase) → 不明 (unknown)",
        "  + P1-T3: KPI-23 お試し移住の参加者数",
        "  - P1-T2: KPI-07 要介護認定率",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing 「{line}」 in\n{text}"
        );
    }
    let json = serde_json::to_value(&d).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["indicators"]["removed"][0]["id"], "KPI-07");
    assert_eq!(json["new_edition"]["id"], "E2023");
}

#[test]
fn target_history_shows_every_edition() {
    let e2022 = e2022();
    let mut e2023 = draft();
    set_value(
        &mut e2023,
        &id("KPI-03"),
        Column::Interim,
        value("50件", "2025年度"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut e2024 = next_edition(&e2023).unwrap_or_else(|e| panic!("{e}"));
    remove_indicator(&mut e2024, &id("KPI-03")).unwrap_or_else(|e| panic!("{e}"));

    let history = target_history(&[&e2022, &e2023, &e2024], &id("KPI-03"));
    let summary: Vec<_> = history
        .iter()
        .map(|p| {
            (
                p.edition.to_string(),
                p.interim.as_ref().map(|v| v.quantity.to_string()),
                p.target.as_ref().map(|v| v.quantity.to_string()),
                p.interim_change,
                p.target_change,
                p.name.is_some(),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_owned());
    use ValueChangeKind::*;
    assert_eq!(
        summary,
        [
            ("E2022".to_owned(), s("55件"), s("55件"), None, None, true),
            (
                "E2023".to_owned(),
                s("50件"),
                s("55件"),
                Some(Weakened),
                None,
                true
            ),
            (
                "E2024".to_owned(),
                None,
                None,
                Some(Removed),
                Some(Removed),
                false
            ),
        ]
    );
    assert_eq!(history[1].years, years(2023, 2025));
}
