//! The council report and the plan summary built from the shipped Tsuruoka
//! plan with a few actuals and PDCA records, checked as data and read back
//! from the HTML with an independent HTML5 parser (scraper).

use keikaku_ingest::{rubrics, shipped};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Grade, evaluate};
use keikaku_model::ids::{IndicatorId, PolicyItemId, ProjectId};
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::Quantity;
use keikaku_model::workflow::{Decision, PdcaRecord, State, Subject};
use keikaku_report::council::{self, CouncilInput, CouncilReport, GradedRow};
use keikaku_report::{html, plan_summary};
use scraper::{Html, Selector};

const XSS: &str = r#"<script>alert(1)</script>"><img src=x onerror=alert(1)>"#;

fn actual(id: &str, period: &str, value: &str) -> ActualValue {
    let (quantity, _) = Quantity::parse(value).expect("quantity");
    ActualValue {
        indicator: IndicatorId::new(id).expect("id"),
        period: Period::parse(period).expect("period"),
        quantity,
        source: None,
        note: None,
    }
}

fn year() -> FiscalYear {
    FiscalYear::new(2024).expect("year")
}

fn actuals() -> Vec<ActualValue> {
    vec![
        actual("KPI-01", "2025年3月卒", "55.0%"),
        actual("KPI-07", "2024年3月末", "19.30%"),
        actual("KPI-07", "2025年3月末", "19.10%"),
        actual("KPI-03", "2024年度", "60件"),
    ]
}

fn records() -> Vec<PdcaRecord> {
    let mut p1 = PdcaRecord::new(year(), Subject::Project(ProjectId::new("P1").expect("id")));
    p1.self_evaluation = Some(format!("移住相談が増えた。{XSS}"));
    p1.review = Some("相談体制の効果が出ている。".into());
    p1.decision = Some(Decision::Expand);
    p1.council_comment = Some("若者の定着にも目を向けること。".into());
    p1.state = State::Reviewed;
    let mut item = PdcaRecord::new(
        year(),
        Subject::PolicyItem(PolicyItemId::new("F1-01").expect("id")),
    );
    item.self_evaluation = Some("#emph[x] *太字* $x$ // 注".into());
    vec![p1, item]
}

fn grades(plan: &Plan, actuals: &[ActualValue]) -> Vec<Grade> {
    let rubric = rubrics::by_name(rubrics::DEFAULT).expect("rubric");
    let ctx = EvalContext::of(plan);
    plan.indicators
        .iter()
        .map(|i| evaluate(&ctx, i, actuals, year(), &rubric))
        .collect()
}

fn report() -> (Plan, CouncilReport) {
    let plan = shipped::tsuruoka().expect("plan");
    let rubric = rubrics::by_name(rubrics::DEFAULT).expect("rubric");
    let actuals = actuals();
    let grades = grades(&plan, &actuals);
    let records = records();
    let report = council::build(&CouncilInput {
        plan: &plan,
        rubric: &rubric,
        year: year(),
        grades: &grades,
        actuals: &actuals,
        records: &records,
    });
    (plan, report)
}

fn row<'a>(r: &'a CouncilReport, id: &str) -> &'a GradedRow {
    r.projects
        .iter()
        .flat_map(|p| &p.tables)
        .flat_map(|t| &t.rows)
        .find(|x| x.indicator == id)
        .expect("row")
}

#[test]
fn counts_cover_every_indicator_and_missing_is_counted_apart() {
    let (plan, r) = report();
    assert_eq!(r.overall.total, plan.indicators.len());
    let count = |label: &str| {
        r.overall
            .rows
            .iter()
            .find(|x| x.level.label == label)
            .map(|x| x.count)
    };
    // KPI-07 and KPI-03 reach their targets; KPI-01 is on track (62.1%).
    assert_eq!(count("目標達成"), Some(2));
    assert_eq!(count("概ね順調に推移又は現状維持"), Some(1));
    assert_eq!(count("未集計"), Some(plan.indicators.len() - 3));
    assert_eq!(r.overall.evaluated, 3);
    let p1 = &r.projects[0];
    assert_eq!(p1.id, "P1");
    assert_eq!(p1.counts.total, p1.charts.len());
    let expand = r.decisions.iter().find(|d| d.decision == "拡充");
    assert_eq!(expand.map(|d| d.count), Some(1));
}

#[test]
fn rows_keep_written_precision_and_explain_the_grade() {
    let (_, r) = report();
    let kpi07 = row(&r, "KPI-07");
    assert_eq!(
        kpi07.printed.initial.as_ref().map(|f| f.value.as_str()),
        Some("19.59%")
    );
    assert_eq!(
        kpi07.printed.target.as_ref().map(|f| f.value.as_str()),
        Some("19.0%以下")
    );
    let actual = kpi07.actual.as_ref().expect("actual");
    assert_eq!(
        (actual.value.as_str(), actual.period.as_str()),
        ("19.10%", "2025年3月末")
    );
    assert_eq!(kpi07.grade.level.label, "目標達成");
    let kpi01 = row(&r, "KPI-01");
    assert_eq!(kpi01.grade.level.code, "B");
    assert!(
        kpi01.grade.formula.contains("62.1%"),
        "{}",
        kpi01.grade.formula
    );
    assert!(
        kpi01
            .grade
            .inputs
            .iter()
            .any(|i| i == "実績値 55.0%（2025年3月卒）"),
        "{:?}",
        kpi01.grade.inputs
    );
    let kpi02 = row(&r, "KPI-02");
    assert_eq!(kpi02.grade.level.label, "未集計");
    assert!(kpi02.actual.is_none());
}

#[test]
fn project_sections_carry_departments_charts_and_records() {
    let (_, r) = report();
    let p1 = &r.projects[0];
    assert_eq!(p1.name, "若者・子育て世代応援プロジェクト");
    assert_eq!(p1.lead, ["企画部"]);
    assert!(!p1.related.is_empty());
    assert!(p1.charts.iter().all(|c| c.svg.starts_with("<svg")));
    let chart07 = r
        .projects
        .iter()
        .flat_map(|p| &p.charts)
        .find(|c| c.indicator == "KPI-07")
        .expect("chart");
    assert!(
        chart07.svg.contains("19.10"),
        "the chart shows the recorded actual"
    );
    let pdca = p1.pdca.as_ref().expect("record");
    assert_eq!(pdca.state, "評価済");
    assert_eq!(pdca.decision.as_deref(), Some("拡充"));
    assert!(r.projects[1].pdca.is_none());
    let f1 = &r.fields[0];
    assert_eq!(f1.items.len(), 1);
    assert_eq!(f1.items[0].id, "F1-01");
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let s = Selector::parse(css).expect("selector");
    doc.select(&s).collect()
}

fn text(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>()
}

#[test]
fn html_is_self_contained_accessible_and_escapes_user_text() {
    let (_, r) = report();
    let page = html::council(&r).expect("html");
    let doc = Html::parse_document(&page);
    assert_eq!(
        select(&doc, "html")
            .first()
            .and_then(|h| h.value().attr("lang")),
        Some("ja")
    );
    assert!(
        select(&doc, "script").is_empty(),
        "no script element, user text included"
    );
    assert!(
        select(&doc, "img").is_empty(),
        "no img element from user text"
    );
    assert!(
        select(&doc, "link, [src], [href]").is_empty(),
        "no external assets or links"
    );
    assert!(select(&doc, "style").len() == 1);
    let pdca = select(&doc, "dl.pdca dd");
    assert!(
        pdca.iter()
            .any(|dd| text(dd) == format!("移住相談が増えた。{XSS}")),
        "the self-evaluation is shown as literal text"
    );
    assert!(
        pdca.iter()
            .any(|dd| text(dd) == "若者の定着にも目を向けること。")
    );
    // Tables: a caption and scoped headers.
    let tables = select(&doc, "table");
    assert!(!tables.is_empty());
    for t in &tables {
        let caption = Selector::parse("caption").expect("selector");
        assert!(
            t.select(&caption).next().is_some(),
            "every table has a caption"
        );
    }
    assert!(
        select(&doc, "th:not([scope])").is_empty(),
        "every th has a scope"
    );
    // The KPI-07 row: figures as written, the actual and the grade.
    let rows = select(&doc, "table.kpi tbody tr");
    let kpi07 = rows
        .iter()
        .find(|tr| text(tr).contains("KPI-07"))
        .expect("row of KPI-07");
    let cells: Vec<String> = kpi07
        .select(&Selector::parse("td").expect("selector"))
        .map(|td| text(&td))
        .collect();
    assert_eq!(cells[0], "19.59%（2018年3月末）");
    assert_eq!(cells[4], "19.10%（2025年3月末）");
    assert_eq!(cells[5], "A 目標達成");
    assert_eq!(
        select(&doc, "figure svg").len(),
        r.projects.iter().map(|p| p.charts.len()).sum::<usize>()
    );
}

#[test]
fn plan_summary_lists_projects_directions_and_kpi_tables() {
    let plan = shipped::tsuruoka().expect("plan");
    let s = plan_summary::build(&plan);
    assert_eq!(s.totals.projects, 7);
    assert_eq!(s.totals.indicators, plan.indicators.len());
    assert_eq!(s.groups.iter().map(|g| g.projects.len()).sum::<usize>(), 7);
    let page = html::plan_summary(&s).expect("html");
    let doc = Html::parse_document(&page);
    let headings: Vec<String> = select(&doc, "h4").iter().map(text).collect();
    assert!(
        headings
            .iter()
            .any(|h| h == "P1 若者・子育て世代応援プロジェクト"),
        "{headings:?}"
    );
    let kpi01 = select(&doc, "table.kpi tbody tr")
        .into_iter()
        .find(|tr| text(tr).contains("KPI-01"))
        .expect("KPI-01 row");
    assert!(
        text(&kpi01).contains("45.0%（2018年3月卒）"),
        "{}",
        text(&kpi01)
    );
    assert!(select(&doc, "th:not([scope])").is_empty());
}
