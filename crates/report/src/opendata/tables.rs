//! The open-data tables built from the plan and the published values:
//! `projects`, `indicators`, `indicator_projects` (which project's KPI table
//! prints which indicator), `targets` (the four printed values), `actuals`
//! and `grades`, then the published budgets ([`super::budget`]). Every table starts with 全国地方公共団体コード and
//! 地方公共団体名.

use super::{Cell, Field, FieldType, Table, text};
use keikaku_model::actual::ActualValue;
use keikaku_model::budget::{BudgetLine, Program};
use keikaku_model::era::days_in_month;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::Grade;
use keikaku_model::indicator::{Aggregation, Column, Polarity};
use keikaku_model::period::{Period, PeriodKind};
use keikaku_model::plan::Plan;

/// What the open data is made from. Only published values belong here:
/// the caller filters actuals and grades to those the public may see.
#[derive(Debug, Clone, Copy)]
pub struct OpenDataInput<'a> {
    /// The current edition.
    pub plan: &'a Plan,
    /// Published current actuals.
    pub actuals: &'a [ActualValue],
    /// Grades of published (indicator, year) pairs.
    pub grades: &'a [Grade],
    /// The budget catalogue (only initiatives with published lines are written).
    pub programs: &'a [Program],
    /// Published budget lines (`keikaku_app::budget::public_lines`).
    pub budget: &'a [BudgetLine],
}

const CODE: &str = "全国地方公共団体コード";
const NAME: &str = "地方公共団体名";
const INDICATOR: &str = "指標ID";
const PROJECT: &str = "事業ID";

pub(super) fn field(name: &'static str, ty: FieldType, description: &'static str) -> Field {
    Field {
        name,
        ty,
        description,
    }
}

/// The two leading fields of every table.
pub(super) fn lead_fields() -> Vec<Field> {
    vec![
        field(
            CODE,
            FieldType::String,
            "Local government code (6 digits, with check digit)",
        ),
        field(NAME, FieldType::String, "Municipality name"),
    ]
}

pub(super) fn lead_cells(plan: &Plan) -> Vec<Cell> {
    vec![
        text(plan.municipality.code.map(|c| c.to_string())),
        Cell::Text(plan.municipality.name.clone()),
    ]
}

/// Every table, in the order they are listed in the data package.
pub fn tables(input: &OpenDataInput<'_>) -> Vec<Table> {
    vec![
        projects(input.plan),
        indicators(input.plan),
        indicator_projects(input.plan),
        targets(input.plan),
        actuals(input),
        grades(input),
        super::budget::programs(input.plan, input.programs, input.budget),
        super::budget::lines(input.plan, input.budget),
    ]
}

fn departments(plan: &Plan, ids: &[keikaku_model::ids::DepartmentId]) -> String {
    ids.iter()
        .map(|d| plan.department(d).map_or(d.to_string(), |x| x.name.clone()))
        .collect::<Vec<_>>()
        .join("、")
}

fn projects(plan: &Plan) -> Table {
    let mut fields = lead_fields();
    fields.extend([
        field(PROJECT, FieldType::String, "Project ID (stable)"),
        field("事業名", FieldType::String, "Project name"),
        field(
            "主管部",
            FieldType::String,
            "Lead department(s), separated by 、",
        ),
        field(
            "関係部",
            FieldType::String,
            "Related departments, separated by 、",
        ),
    ]);
    let rows = plan
        .projects
        .iter()
        .map(|p| {
            let mut row = lead_cells(plan);
            row.extend([
                Cell::Text(p.id.to_string()),
                Cell::Text(p.name.clone()),
                Cell::Text(departments(plan, &p.lead)),
                Cell::Text(departments(plan, &p.related)),
            ]);
            row
        })
        .collect();
    Table {
        name: "projects",
        title: "事業",
        fields,
        primary_key: vec![PROJECT],
        foreign_keys: vec![],
        rows,
    }
}

fn polarity(p: Polarity) -> &'static str {
    match p {
        Polarity::Increase => "increase",
        Polarity::Decrease => "decrease",
        Polarity::Unknown => "unknown",
    }
}

fn aggregation(a: Aggregation) -> &'static str {
    match a {
        Aggregation::Annual => "annual",
        Aggregation::Cumulative => "cumulative",
        Aggregation::MultiYearAverage => "multi_year_average",
    }
}

fn indicators(plan: &Plan) -> Table {
    let mut fields = lead_fields();
    fields.extend([
        field(INDICATOR, FieldType::String, "Indicator ID (stable)"),
        field("指標名", FieldType::String, "Indicator name as printed"),
        field(
            "説明",
            FieldType::String,
            "Explanation printed with the name",
        ),
        field(
            "単位",
            FieldType::String,
            "Unit of every value of the indicator",
        ),
        field(
            "望ましい方向",
            FieldType::String,
            "increase, decrease or unknown",
        ),
        field(
            "集計方法",
            FieldType::String,
            "annual, cumulative or multi_year_average",
        ),
        field(
            "上位指標ID",
            FieldType::String,
            "For a sub-indicator, the indicator it is part of",
        ),
    ]);
    let rows = plan
        .indicators
        .iter()
        .map(|i| {
            let mut row = lead_cells(plan);
            row.extend([
                Cell::Text(i.id.to_string()),
                Cell::Text(i.name.clone()),
                text(i.description.clone()),
                Cell::Text(i.unit.to_string()),
                Cell::Text(polarity(i.polarity).to_owned()),
                Cell::Text(aggregation(i.aggregation).to_owned()),
                text(i.part_of.as_ref().map(ToString::to_string)),
            ]);
            row
        })
        .collect();
    Table {
        name: "indicators",
        title: "成果指標",
        fields,
        primary_key: vec![INDICATOR],
        foreign_keys: vec![],
        rows,
    }
}

fn indicator_projects(plan: &Plan) -> Table {
    let mut fields = lead_fields();
    fields.extend([
        field(INDICATOR, FieldType::String, "Indicator ID"),
        field(
            PROJECT,
            FieldType::String,
            "Project whose KPI table prints the indicator",
        ),
        field("表ID", FieldType::String, "KPI table ID"),
        field(
            "表示名",
            FieldType::String,
            "The indicator's label as printed in that table",
        ),
    ]);
    let rows = plan
        .tables()
        .flat_map(|(p, t)| {
            t.rows.iter().map(move |r| {
                let mut row = lead_cells(plan);
                row.extend([
                    Cell::Text(r.indicator.to_string()),
                    Cell::Text(p.id.to_string()),
                    Cell::Text(t.id.to_string()),
                    Cell::Text(r.label.clone()),
                ]);
                row
            })
        })
        .collect();
    Table {
        name: "indicator_projects",
        title: "成果指標と事業",
        fields,
        primary_key: vec![INDICATOR, "表ID"],
        foreign_keys: vec![
            (INDICATOR, "indicators", INDICATOR),
            (PROJECT, "projects", PROJECT),
        ],
        rows,
    }
}

/// `令和6年度`: the era label of a fiscal year.
pub(super) fn era_label(fy: FiscalYear) -> String {
    format!("{}度", fy.era_year())
}

/// The ISO date of a point in time (`2025年3月末` → `2025-03-31`); empty
/// for other periods.
fn date(period: &Period) -> Cell {
    match period.kind() {
        PeriodKind::MonthEnd { year, month } => match days_in_month(year, month) {
            Some(day) => Cell::Text(format!("{year:04}-{month:02}-{day:02}")),
            None => Cell::Empty,
        },
        _ => Cell::Empty,
    }
}

/// Fields describing when a value is for.
fn when_fields() -> [Field; 4] {
    [
        field(
            "年度",
            FieldType::Year,
            "Fiscal year (April–March) the value belongs to, Western",
        ),
        field(
            "和暦年度",
            FieldType::String,
            "The same fiscal year in the Japanese era, e.g. 令和6年度",
        ),
        field(
            "時点",
            FieldType::String,
            "The period as written in the plan or report",
        ),
        field(
            "日付",
            FieldType::Date,
            "For a point in time (…月末), its date",
        ),
    ]
}

fn when_cells(period: &Period) -> [Cell; 4] {
    let fy = period.fiscal_year();
    [
        Cell::Int(i64::from(fy.year())),
        Cell::Text(era_label(fy)),
        Cell::Text(period.written().to_owned()),
        date(period),
    ]
}

fn column_code(c: Column) -> &'static str {
    match c {
        Column::Initial => "initial",
        Column::Baseline => "baseline",
        Column::Interim => "interim",
        Column::Target => "final",
    }
}

fn targets(plan: &Plan) -> Table {
    let mut fields = lead_fields();
    fields.extend([
        field(INDICATOR, FieldType::String, "Indicator ID"),
        field("区分", FieldType::String, "initial, baseline, interim (implementation-plan target) or final (comprehensive-plan target)"),
        field("区分名", FieldType::String, "The column's heading in the plan"),
    ]);
    fields.extend(when_fields());
    fields.extend([
        field(
            "値",
            FieldType::Number,
            "The value, exact as printed, without unit",
        ),
        field(
            "条件",
            FieldType::String,
            "以下 (at most) or 以上 (at least) when printed",
        ),
        field("単位", FieldType::String, "Unit"),
    ]);
    let mut rows = Vec::new();
    for i in &plan.indicators {
        for (column, v) in i.values.iter() {
            let label = match column {
                Column::Baseline => plan.edition.baseline_label.clone(),
                other => other.label_ja().to_owned(),
            };
            let mut row = lead_cells(plan);
            row.extend([
                Cell::Text(i.id.to_string()),
                Cell::Text(column_code(column).to_owned()),
                Cell::Text(label),
            ]);
            row.extend(when_cells(&v.period));
            row.extend([
                Cell::Number(v.quantity.amount),
                text(v.bound.map(|b| b.suffix_ja())),
                Cell::Text(v.quantity.unit.to_string()),
            ]);
            rows.push(row);
        }
    }
    Table {
        name: "targets",
        title: "成果指標の初期値・基準値・目標値",
        fields,
        primary_key: vec![INDICATOR, "区分"],
        foreign_keys: vec![(INDICATOR, "indicators", INDICATOR)],
        rows,
    }
}

fn actuals(input: &OpenDataInput<'_>) -> Table {
    let plan = input.plan;
    let mut fields = lead_fields();
    fields.push(field(INDICATOR, FieldType::String, "Indicator ID"));
    fields.extend(when_fields());
    fields.extend([
        field(
            "値",
            FieldType::Number,
            "The actual, exact as reported, without unit",
        ),
        field("単位", FieldType::String, "Unit"),
        field("出典", FieldType::String, "Where the figure comes from"),
        field("備考", FieldType::String, "Note"),
    ]);
    let mut values: Vec<&ActualValue> = input.actuals.iter().collect();
    let order = |a: &ActualValue| plan.indicators.iter().position(|i| i.id == a.indicator);
    values.sort_by_key(|a| (order(a), a.fiscal_year()));
    let rows = values
        .into_iter()
        .map(|a| {
            let mut row = lead_cells(plan);
            row.push(Cell::Text(a.indicator.to_string()));
            row.extend(when_cells(&a.period));
            row.extend([
                Cell::Number(a.quantity.amount),
                Cell::Text(a.quantity.unit.to_string()),
                text(a.source.clone()),
                text(a.note.clone()),
            ]);
            row
        })
        .collect();
    Table {
        name: "actuals",
        title: "成果指標の実績値（公表済み）",
        fields,
        primary_key: vec![INDICATOR, "年度"],
        foreign_keys: vec![(INDICATOR, "indicators", INDICATOR)],
        rows,
    }
}

fn grades(input: &OpenDataInput<'_>) -> Table {
    let plan = input.plan;
    let mut fields = lead_fields();
    fields.extend([
        field(INDICATOR, FieldType::String, "Indicator ID"),
        field("年度", FieldType::Year, "Fiscal year evaluated"),
        field(
            "和暦年度",
            FieldType::String,
            "The same fiscal year in the Japanese era",
        ),
        field("評価基準", FieldType::String, "Rubric name and version"),
        field("評価コード", FieldType::String, "The level's short code"),
        field("評価", FieldType::String, "The level, in Japanese"),
        field(
            "達成率",
            FieldType::Number,
            "Achievement rate in percent, one decimal place, when defined",
        ),
        field("説明", FieldType::String, "Why the grade was given"),
    ]);
    let mut list: Vec<&Grade> = input.grades.iter().collect();
    let order = |g: &Grade| plan.indicators.iter().position(|i| i.id == g.indicator);
    list.sort_by_key(|g| (order(g), g.year));
    let rows = list
        .into_iter()
        .map(|g| {
            let mut row = lead_cells(plan);
            let why = g
                .missing_reason_ja
                .clone()
                .unwrap_or_else(|| g.explanation.matched_ja.clone());
            row.extend([
                Cell::Text(g.indicator.to_string()),
                Cell::Int(i64::from(g.year.year())),
                Cell::Text(era_label(g.year)),
                Cell::Text(format!("{} v{}", g.rubric, g.rubric_version)),
                Cell::Text(g.level.code.clone()),
                Cell::Text(g.level.ja.clone()),
                g.metrics.rounded().rate.map_or(Cell::Empty, Cell::Number),
                Cell::Text(why),
            ]);
            row
        })
        .collect();
    Table {
        name: "grades",
        title: "成果指標の評価（公表済み）",
        fields,
        primary_key: vec![INDICATOR, "年度"],
        foreign_keys: vec![(INDICATOR, "indicators", INDICATOR)],
        rows,
    }
}
