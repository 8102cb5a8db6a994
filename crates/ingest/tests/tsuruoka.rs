//! Imports the published Tsuruoka document and checks every figure of every
//! KPI table, the plan's structure, the shipped plan file and round trips.

use keikaku_ingest::{ImportOptions, parse_document, planfile, shipped};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::indicator::{AnnotationKind, Basis, Column, Polarity};
use keikaku_model::lgcode::LocalGovCode;
use keikaku_model::plan::Plan;

mod seed;

use seed::document;

fn import() -> Plan {
    parse_document(&document(), &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// (table heading's first line, [(indicator name, [initial, baseline, interim, target])]);
/// each value is "amount unit [bound] | period as written", copied by hand from the document.
type Expected = (&'static str, &'static [(&'static str, [&'static str; 4])]);

const TABLES: &[Expected] = &[
    (
        "新規高等学校卒業生就職者のうち市内就職者の割合",
        &[(
            "新規高等学校卒業生就職者のうち市内就職者の割合",
            [
                "45.0 % | 2018年3月卒",
                "50.5 % | 2021年3月卒",
                "61.1 % | 2025年3月卒",
                "66.7 % | 2029年3月卒",
            ],
        )],
    ),
    (
        "つるおかコンシェルジュの世話焼き活動による婚姻組数（累計）",
        &[(
            "つるおかコンシェルジュの世話焼き活動による婚姻組数（累計）",
            [
                "9 組 | 2017年度",
                "17 組 | 2020年度",
                "35 組 | 2024年度",
                "65 組 | 2028年度",
            ],
        )],
    ),
    (
        "移住定住施策による移住件数（年間）",
        &[(
            "移住定住施策による移住件数（年間）",
            [
                "39 件 | 2017年度",
                "68 件 | 2020年度",
                "55 件 | 2024年度",
                "55 件 | 2028年度",
            ],
        )],
    ),
    (
        "高等教育機関等から誕生したベンチャー企業の40歳未満の従業員数",
        &[(
            "高等教育機関等から誕生したベンチャー企業の40歳未満の従業員数",
            [
                "162 人 | 2018年度",
                "190 人 | 2020年度",
                "233 人 | 2024年度",
                "270 人 | 2028年度",
            ],
        )],
    ),
    (
        "自立相談支援事業の対象である生活困窮者のうち、支援により就労につながった人数（年間）",
        &[(
            "自立相談支援事業の対象である生活困窮者のうち、支援により就労につながった人数（年間）",
            [
                "46 人 | 2017年度",
                "49 人 | 2020年度",
                "54 人 | 2024年度",
                "90 人 | 2028年度",
            ],
        )],
    ),
    (
        "福祉施設に通所している利用者のうち、企業などと雇用契約を結び就労した人数",
        &[(
            "福祉施設に通所している利用者のうち、企業などと雇用契約を結び就労した人数",
            [
                "11 人 | 2016年度",
                "13 人 | 2020年度",
                "17 人 | 2024年度",
                "28 人 | 2028年度",
            ],
        )],
    ),
    (
        "要介護認定率",
        &[(
            "要介護認定率",
            [
                "19.59 % | 2018年3月末",
                "18.94 % | 2021年3月末",
                "19.24 % | 2025年3月末",
                "19.0 % 以下 | 2029年3月末",
            ],
        )],
    ),
    (
        "農業産出額",
        &[
            (
                "農業産出額",
                [
                    "307 億円 | 2016年度",
                    "307 億円 | 2020年度",
                    "368 億円 | 2024年度",
                    "400 億円 | 2028年度",
                ],
            ),
            (
                "うち園芸作物（野菜・果実・花き）",
                [
                    "140 億円 | 2016年度",
                    "135 億円 | 2020年度",
                    "176 億円 | 2024年度",
                    "200 億円 | 2028年度",
                ],
            ),
        ],
    ),
    (
        "有機米の作付面積",
        &[(
            "有機米の作付面積",
            [
                "62 ha | 2017年度",
                "73 ha | 2020年度",
                "84 ha | 2024年度",
                "100 ha | 2028年度",
            ],
        )],
    ),
    (
        "産直施設の販売額",
        &[(
            "産直施設の販売額",
            [
                "11.4 億円 | 2016年度",
                "14.1 億円 | 2020年度",
                "14.1 億円 | 2024年度",
                "15.0 億円 | 2028年度",
            ],
        )],
    ),
    (
        "- 水産物の生産額",
        &[
            (
                "水産物の生産額",
                [
                    "14.0 億円 | 2015 ~ 2017年度 平均",
                    "12.0 億円 | 2020年度",
                    "14.5 億円 | 2024年度",
                    "17.0 億円 | 2028年度",
                ],
            ),
            (
                "魚価",
                [
                    "493 円/kg | 2015 ~ 2017年度 平均",
                    "445 円/kg | 2020年度",
                    "518 円/kg | 2024年度",
                    "590 円/kg | 2028年度",
                ],
            ),
        ],
    ),
    (
        "高等教育機関・研究機関の研究成果などから誕生した本社を鶴岡市に置くベンチャー企業（従業員4名以上）の数（累計）",
        &[(
            "高等教育機関・研究機関の研究成果などから誕生した本社を鶴岡市に置くベンチャー企業（従業員4名以上）の数（累計）",
            [
                "5 社 | 2018年度",
                "5 社 | 2020年度",
                "6 社 | 2024年度",
                "9 社 | 2028年度",
            ],
        )],
    ),
    (
        "上記ベンチャー企業の40歳未満の従業員（役員（非常勤を除く）及び正社員）数",
        &[(
            "上記ベンチャー企業の40歳未満の従業員（役員（非常勤を除く）及び正社員）数",
            [
                "162 人 | 2018年度",
                "190 人 | 2020年度",
                "233 人 | 2024年度",
                "270 人 | 2028年度",
            ],
        )],
    ),
    (
        "文化財施設入館者数",
        &[(
            "文化財施設入館者数",
            [
                "916000 人 | 2017年度",
                "483168 人 | 2020年度",
                "986000 人 | 2024年度",
                "1026000 人 | 2028年度",
            ],
        )],
    ),
    (
        "観光客入込客数",
        &[(
            "観光客入込客数",
            [
                "631 万人 | 2017年度",
                "337 万人 | 2020年度",
                "420 万人 | 2024年度",
                "790 万人 | 2028年度",
            ],
        )],
    ),
    (
        "外国人延べ宿泊者数",
        &[(
            "外国人延べ宿泊者数",
            [
                "13000 人 | 2017年度",
                "982 人 | 2020年度",
                "8400 人 | 2024年度",
                "60000 人 | 2028年度",
            ],
        )],
    ),
    (
        "家庭教育支援講座を実施した施設割合",
        &[(
            "家庭教育支援講座を実施した施設割合",
            [
                "46.8 % | 2017年度",
                "17.3 % | 2020年度",
                "33.3 % | 2024年度",
                "70.0 % | 2028年度",
            ],
        )],
    ),
    (
        "やまがたイクボス同盟",
        &[(
            "やまがたイクボス同盟",
            [
                "12 社 | 2017年度",
                "38 社 | 2020年度",
                "88 社 | 2024年度",
                "128 社 | 2028年度",
            ],
        )],
    ),
    (
        "温室効果ガスの削減",
        &[(
            "温室効果ガスの削減",
            [
                "1074.9 kt-co2 | 2015年",
                "1042.8 kt-co2 | 2018年",
                "1043.1 kt-co2 | 2024年",
                "966.4 kt-co2 | 2028年",
            ],
        )],
    ),
    (
        "エネルギー自給率",
        &[(
            "エネルギー自給率",
            [
                "29.4 % | 2017年",
                "29.5 % | 2017年",
                "32.6 % | 2024年",
                "34.0 % | 2028年",
            ],
        )],
    ),
    (
        "外国語講座及び日本語講座受講者数",
        &[(
            "外国語講座及び日本語講座受講者数",
            [
                "1538 人 | 2017年度",
                "1114 人 | 2020年度",
                "1230 人 | 2024年度",
                "1661 人 | 2028年度",
            ],
        )],
    ),
    (
        "外国人延べ宿泊者数",
        &[(
            "外国人延べ宿泊者数",
            [
                "13000 人 | 2017年度",
                "982 人 | 2020年度",
                "8400 人 | 2024年度",
                "60000 人 | 2028年度",
            ],
        )],
    ),
];

fn render(v: &keikaku_model::indicator::KpiValue) -> String {
    let bound = v
        .bound
        .map(|b| format!(" {}", b.suffix_ja()))
        .unwrap_or_default();
    format!(
        "{} {}{bound} | {}",
        v.quantity.amount,
        v.quantity.unit,
        v.period.written()
    )
}

#[test]
fn every_figure_of_all_22_kpi_tables_is_reproduced_exactly() {
    let plan = import();
    let mut tables: Vec<_> = plan.tables().collect();
    tables.sort_by_key(|(_, t)| t.line); // document order; projects are in overview order
    assert_eq!(tables.len(), 22);
    assert_eq!(tables.len(), TABLES.len());
    for ((_, table), (heading, rows)) in tables.iter().zip(TABLES) {
        assert_eq!(table.heading[0], *heading, "table {}", table.id);
        assert_eq!(table.rows.len(), rows.len(), "rows of {}", table.id);
        for (row, (label, values)) in table.rows.iter().zip(rows.iter()) {
            assert_eq!(row.label, *label, "{}", table.id);
            let indicator = plan
                .indicator(&row.indicator)
                .expect("row points at an indicator");
            for (column, expected) in Column::ALL.into_iter().zip(values) {
                let v = indicator.values.get(column).expect("value present");
                assert_eq!(render(v), *expected, "{} {label} {column:?}", table.id);
                assert_eq!(v.quantity.unit, indicator.unit);
            }
        }
    }
}

#[test]
fn decimals_keep_their_written_scale() {
    let plan = import();
    let first = &plan.indicators[0];
    let initial = first.values.initial.as_ref().expect("initial");
    assert_eq!(initial.quantity.amount.to_string(), "45.0");
    assert_eq!(initial.quantity.amount.scale(), 1);
    let target = plan
        .indicators
        .iter()
        .find(|i| i.name == "産直施設の販売額")
        .and_then(|i| i.values.target.clone());
    assert_eq!(
        target.map(|t| t.quantity.amount.to_string()),
        Some("15.0".into())
    );
}

#[test]
fn periods_are_normalised_to_fiscal_years() {
    let plan = import();
    let by_name = |n: &str| plan.indicators.iter().find(|i| i.name == n).expect(n);
    let fy = |n: &str, c: Column| {
        by_name(n)
            .values
            .get(c)
            .map(|v| v.period.fiscal_year().year())
    };
    assert_eq!(
        fy(
            "新規高等学校卒業生就職者のうち市内就職者の割合",
            Column::Initial
        ),
        Some(2017)
    );
    assert_eq!(
        fy(
            "新規高等学校卒業生就職者のうち市内就職者の割合",
            Column::Interim
        ),
        Some(2024)
    );
    assert_eq!(fy("要介護認定率", Column::Baseline), Some(2020));
    assert_eq!(fy("水産物の生産額", Column::Initial), Some(2017));
    assert_eq!(
        by_name("水産物の生産額")
            .values
            .initial
            .as_ref()
            .map(|v| v.period.label_ja()),
        Some("2015〜2017年度平均（平成27〜29年度平均）".into())
    );
    assert_eq!(fy("温室効果ガスの削減", Column::Baseline), Some(2018));
}

#[test]
fn qualifiers_annotations_and_directions_are_kept() {
    let plan = import();
    let by_name = |n: &str| plan.indicators.iter().find(|i| i.name == n).expect(n);
    let care = by_name("要介護認定率");
    assert_eq!(
        (care.polarity, care.polarity_basis),
        (Polarity::Decrease, Basis::Stated)
    );
    let ghg = by_name("温室効果ガスの削減");
    assert_eq!(
        ghg.description.as_deref(),
        Some("(2015年の温室効果ガス排出量を基準とした削減率)")
    );
    assert_eq!(
        (ghg.polarity, ghg.polarity_basis),
        (Polarity::Decrease, Basis::Stated)
    );
    let target = ghg.values.target.as_ref().expect("target");
    let kinds: Vec<String> = target
        .annotations
        .iter()
        .map(|a| match &a.kind {
            AnnotationKind::Reference { quantity } => format!("ref {quantity}"),
            AnnotationKind::ReductionRate { percent } => format!("▲{percent}%"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "ref 966.4kt-co2".replace("966.4", "755.7"),
            "▲10.1%".to_string()
        ]
    );
    let tourism = by_name("観光客入込客数");
    assert_eq!(
        (tourism.polarity, tourism.polarity_basis),
        (Polarity::Increase, Basis::Inferred)
    );
    let horticulture = by_name("うち園芸作物（野菜・果実・花き）");
    assert_eq!(
        horticulture
            .part_of
            .as_ref()
            .and_then(|p| plan.indicator(p))
            .map(|p| p.name.as_str()),
        Some("農業産出額")
    );
}

#[test]
fn indicators_printed_twice_are_one_indicator() {
    let plan = import();
    assert_eq!(plan.indicators.len(), 22, "24 printed rows, 2 repeats");
    let foreign = plan
        .indicators
        .iter()
        .find(|i| i.name == "外国人延べ宿泊者数")
        .expect("foreign guests");
    let projects: Vec<&str> = plan
        .appearances(&foreign.id)
        .map(|(p, _, _)| p.name.as_str())
        .collect();
    assert_eq!(
        projects,
        [
            "城下町つるおかリブランディングプロジェクト",
            "地域国際化SDGs推進プロジェクト"
        ]
    );
    let venture = plan
        .indicators
        .iter()
        .find(|i| i.name.contains("40歳未満"))
        .expect("venture employees");
    let labels: Vec<&str> = plan
        .appearances(&venture.id)
        .map(|(_, _, r)| r.label.as_str())
        .collect();
    assert_eq!(labels.len(), 2);
    assert!(labels[1].starts_with("上記ベンチャー企業"));
}

#[test]
fn structure_of_the_plan_is_complete() {
    let plan = import();
    assert_eq!(plan.municipality.name, "鶴岡市");
    assert_eq!(plan.plan.name, "第2次鶴岡市総合計画");
    assert_eq!(
        plan.plan.catchphrase.as_deref(),
        Some("毎日、おいしい。ここで、暮らしたい。酒井家庄内入部400年")
    );
    assert_eq!(
        (
            plan.plan.years.first().year(),
            plan.plan.years.last().year()
        ),
        (2019, 2028)
    );
    assert!(plan.plan.first_year_assumed);
    assert_eq!(
        (
            plan.edition.years.first().year(),
            plan.edition.years.last().year()
        ),
        (2022, 2024)
    );
    assert_eq!(plan.edition.baseline_year.year(), 2020);
    assert_eq!(
        plan.edition.published.as_ref().map(|p| p.label_ja()),
        Some("2022年3月（令和4年3月）".into())
    );
    assert_eq!(plan.issues.len(), 4);
    assert_eq!(plan.fields.len(), 7);
    assert_eq!(plan.policy_item_count(), 43);
    assert_eq!(
        plan.fields
            .iter()
            .map(|f| f.items.len())
            .collect::<Vec<_>>(),
        [9, 6, 8, 5, 5, 4, 6]
    );
    assert_eq!(
        plan.fields[6].items[3].name, "榎引地域",
        "damaged text is kept as written"
    );
    assert_eq!(plan.groups.len(), 3);
    assert_eq!(plan.projects.len(), 7);
    let lead: Vec<Vec<&str>> = plan
        .projects
        .iter()
        .map(|p| {
            p.lead
                .iter()
                .filter_map(|d| plan.department(d))
                .map(|d| d.name.as_str())
                .collect()
        })
        .collect();
    assert_eq!(
        lead[6],
        ["企画部", "市民部"],
        "one project has two lead departments"
    );
    let food = &plan.projects[3];
    let related: Vec<&str> = food
        .related
        .iter()
        .filter_map(|d| plan.department(d))
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        related,
        [
            "企画部",
            "市民部",
            "健康福祉部",
            "商工観光部",
            "藤島庁舎",
            "教育委員会",
            "上下水道部"
        ],
        "list split over two lines"
    );
    assert_eq!(
        plan.projects
            .iter()
            .map(|p| p.directions.len())
            .sum::<usize>(),
        24
    );
    assert_eq!(
        plan.projects
            .iter()
            .flat_map(|p| &p.directions)
            .map(|d| d.initiatives.len())
            .sum::<usize>(),
        48
    );
    let first = &plan.projects[1].directions[0].initiatives[0];
    assert!(
        first.text.starts_with("地域住民の"),
        "the ・ bullet marker is removed: {}",
        first.text
    );
    assert_eq!(
        plan.key_initiatives
            .iter()
            .map(|g| g.initiatives.len())
            .collect::<Vec<_>>(),
        [2, 2, 3, 3]
    );
    assert!(
        plan.key_initiatives
            .iter()
            .flat_map(|g| &g.initiatives)
            .all(|k| k.description.is_some())
    );
    assert_eq!(
        plan.issues[0].paragraphs[0].matches("取り組めます").count(),
        1,
        "kept as written"
    );
}

#[test]
fn every_value_records_its_source_line() {
    let plan = import();
    let doc = document();
    let lines: Vec<&str> = doc.lines().collect();
    for i in &plan.indicators {
        for (_, v) in i.values.iter() {
            let line = v.line.expect("line") as usize;
            assert!(
                lines[line - 1].contains(&v.written),
                "{} not on line {line}",
                v.written
            );
        }
    }
}

#[test]
fn ids_are_stable_across_imports() {
    let a = import();
    let b = import();
    assert_eq!(a, b);
    assert_eq!(
        a.projects[0].directions[0].initiatives[0].id.as_str(),
        "P1-D1-I1"
    );
    assert_eq!(a.fields[0].items[2].id.as_str(), "F1-03");
}

#[test]
fn plan_file_round_trips_losslessly() {
    let plan = import();
    let text = planfile::to_toml(&plan).expect("serialises");
    let back = planfile::from_toml(&text).expect("parses back");
    assert_eq!(plan, back);
    assert_eq!(planfile::to_toml(&back).expect("serialises"), text);
}

#[test]
fn shipped_plan_is_the_reviewed_import_of_the_document() {
    let shipped = shipped::tsuruoka().unwrap_or_else(|e| panic!("{e}"));
    let options = ImportOptions {
        code: Some(LocalGovCode::parse("062031").expect("valid code")),
        prefecture: Some("山形県".into()),
        plan_first_year: Some(FiscalYear::new(2019).expect("year")),
    };
    let mut imported = parse_document(&document(), &options).unwrap_or_else(|e| panic!("{e}"));
    assert!(!shipped.errata.is_empty());
    let doc = document();
    let lines: Vec<&str> = doc.lines().collect();
    for e in &shipped.errata {
        assert!(
            lines[e.line as usize - 1].contains(&e.written),
            "erratum {e:?} matches the document"
        );
    }
    // The review adds errata and the indicator → policy-item links (not printed in the document).
    imported.errata = shipped.errata.clone();
    for (i, s) in imported.indicators.iter_mut().zip(&shipped.indicators) {
        assert!(
            i.policy_items.is_empty(),
            "the importer never invents links"
        );
        i.policy_items = s.policy_items.clone();
        assert!(i.directions.is_empty(), "the importer never invents links");
        i.directions = s.directions.clone();
    }
    assert!(
        shipped
            .indicators
            .iter()
            .all(|i| !i.policy_items.is_empty()),
        "every shipped indicator is linked"
    );
    // …and the SDG goals of projects and policy items.
    for (i, s) in imported.projects.iter_mut().zip(&shipped.projects) {
        assert!(i.sdgs.is_empty());
        i.sdgs = s.sdgs.clone();
    }
    let items = imported.fields.iter_mut().flat_map(|f| f.items.iter_mut());
    for (i, s) in items.zip(shipped.fields.iter().flat_map(|f| &f.items)) {
        assert!(i.sdgs.is_empty());
        i.sdgs = s.sdgs.clone();
    }
    assert_eq!(imported, shipped);
}

#[test]
fn shipped_plan_file_is_in_canonical_form() {
    let plan = shipped::tsuruoka().unwrap_or_else(|e| panic!("{e}"));
    let canonical = planfile::to_toml(&plan).expect("serialises");
    assert!(
        canonical == shipped::TSURUOKA_2022,
        "regenerate data/plans/tsuruoka-2022.toml with `keikaku plan show data/plans/tsuruoka-2022.toml --format toml`"
    );
}
