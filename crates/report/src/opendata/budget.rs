//! The open-data tables of published budgets: `budget_programs` (the
//! initiatives with published figures and their links to the plan) and
//! `budget_lines` (one row per initiative and fiscal year: 当初, 補正,
//! 予算現額, 決算, funding, personnel, 総事業費, 執行率). Amounts are
//! integers of thousands of yen (千円). The caller passes only published
//! lines (`keikaku_app::budget::public_lines`): an unpublished settlement
//! is an empty cell, never 0.

use super::tables::{era_label, field, lead_cells, lead_fields};
use super::{Cell, FieldType, Table, text};
use keikaku_model::budget::money::Thousands;
use keikaku_model::budget::{BudgetLine, Program};
use keikaku_model::plan::Plan;

const PROGRAM: &str = "予算事業ID";

fn ids<T: std::fmt::Display>(ids: &[T]) -> Cell {
    Cell::Text(
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(";"),
    )
}

fn money(m: Option<Thousands>) -> Cell {
    m.map_or(Cell::Empty, |t| Cell::Int(t.get()))
}

/// The initiatives that have published lines.
pub(super) fn programs(plan: &Plan, programs: &[Program], lines: &[BudgetLine]) -> Table {
    let mut fields = lead_fields();
    fields.extend([
        field(
            PROGRAM,
            FieldType::String,
            "Initiative (事業) ID in the budget catalogue",
        ),
        field("予算事業名", FieldType::String, "Initiative name"),
        field("担当部", FieldType::String, "Owning department"),
        field(
            "重点事業ID",
            FieldType::String,
            "Key initiative of section V it is, if any",
        ),
        field(
            "プロジェクトID",
            FieldType::String,
            "Projects served, separated by ;",
        ),
        field(
            "施策の方向ID",
            FieldType::String,
            "Policy directions served, separated by ;",
        ),
        field(
            "中項目ID",
            FieldType::String,
            "Policy items served, separated by ;",
        ),
        field(
            "指標ID",
            FieldType::String,
            "Indicators it is meant to move, separated by ;",
        ),
    ]);
    let rows = programs
        .iter()
        .filter(|p| lines.iter().any(|l| l.program == p.id))
        .map(|p| {
            let mut row = lead_cells(plan);
            row.extend([
                Cell::Text(p.id.to_string()),
                Cell::Text(p.name.clone()),
                Cell::Text(
                    plan.department(&p.department)
                        .map_or_else(|| p.department.to_string(), |d| d.name.clone()),
                ),
                text(p.key_initiative.as_ref().map(ToString::to_string)),
                ids(&p.links.projects),
                ids(&p.links.directions),
                ids(&p.links.items),
                ids(&p.links.indicators),
            ]);
            row
        })
        .collect();
    Table {
        name: "budget_programs",
        title: "予算事業（公表済みの予算がある事業）",
        fields,
        primary_key: vec![PROGRAM],
        foreign_keys: vec![],
        rows,
    }
}

/// Published budget lines, by initiative and year.
pub(super) fn lines(plan: &Plan, lines: &[BudgetLine]) -> Table {
    let mut fields = lead_fields();
    let k = |name: &'static str, what: &'static str| field(name, FieldType::Integer, what);
    fields.extend([
        field(PROGRAM, FieldType::String, "Initiative ID"),
        field("年度", FieldType::Year, "Fiscal year, Western"),
        field("和暦年度", FieldType::String, "The same fiscal year in the Japanese era"),
        k("当初予算", "Initial budget, thousands of yen"),
        k("補正予算", "Supplementary budgets, thousands of yen (may be negative)"),
        k("予算現額", "Current budget = initial + supplementary, thousands of yen"),
        k("決算", "Settlement, thousands of yen; empty until published"),
        k("一般財源", "Funding: general revenue, thousands of yen"),
        k("国県支出金", "Funding: national and prefectural disbursements, thousands of yen"),
        k("地方債", "Funding: municipal bonds, thousands of yen"),
        k("その他財源", "Funding: other, thousands of yen"),
        field("人工", FieldType::Number, "Full-time equivalents"),
        k("人件費単価", "Cost per FTE, thousands of yen"),
        k("人件費", "Personnel cost = FTE × unit cost, rounded half up, thousands of yen"),
        k("総事業費", "Total cost = settlement (or current budget before settlement) + personnel, thousands of yen"),
        field("執行率", FieldType::Number, "Settlement ÷ current budget, percent to one decimal; empty before settlement"),
    ]);
    let rows = lines
        .iter()
        .map(|l| {
            let mut row = lead_cells(plan);
            let f = l.funding;
            let p = l.personnel;
            row.extend([
                Cell::Text(l.program.to_string()),
                Cell::Int(i64::from(l.year.year())),
                Cell::Text(era_label(l.year)),
                Cell::Int(l.initial.get()),
                Cell::Int(l.supplementary.get()),
                money(l.current_budget().ok()),
                money(l.settlement),
                money(f.map(|f| f.general)),
                money(f.map(|f| f.grants)),
                money(f.map(|f| f.bonds)),
                money(f.map(|f| f.other)),
                p.map_or(Cell::Empty, |p| Cell::Number(p.fte)),
                money(p.map(|p| p.unit_cost)),
                money(p.and_then(|p| p.cost().ok())),
                money(l.total_cost().ok()),
                l.execution_rate()
                    .ok()
                    .flatten()
                    .map_or(Cell::Empty, Cell::Number),
            ]);
            row
        })
        .collect();
    Table {
        name: "budget_lines",
        title: "事業別予算・決算（公表済み、千円）",
        fields,
        primary_key: vec![PROGRAM, "年度"],
        foreign_keys: vec![(PROGRAM, "budget_programs", PROGRAM)],
        rows,
    }
}
