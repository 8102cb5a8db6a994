//! The council report as data: what [`super::build`] returns and both the
//! HTML and the PDF writer print. Every text is final (figures formatted,
//! labels in Japanese); the writers only lay it out and escape it.

use crate::figures::{ColumnHeadings, Figure, PrintedFigures};
use serde::Serialize;

/// The council's evaluation report for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CouncilReport {
    /// The report's title, e.g. `第2次鶴岡市総合計画 実施計画 2024年度（令和6年度） 評価報告書`.
    pub title: String,
    /// The municipality, e.g. `鶴岡市`.
    pub municipality: String,
    /// The edition line, e.g. `第2次鶴岡市総合計画 実施計画（概要版） 2022年度～2024年度`.
    pub edition: String,
    /// The fiscal year evaluated, e.g. `2024年度（令和6年度）`.
    pub year: String,
    /// The rubric the grades were made with.
    pub rubric: RubricInfo,
    /// Column headings of the KPI tables.
    pub headings: ColumnHeadings,
    /// Heading of the actual column, e.g. `2024年度実績値`.
    pub actual_heading: String,
    /// Notes on how to read the report (data state, rounding, missing values).
    pub notes: Vec<String>,
    /// Counts per grade over every indicator of the plan.
    pub overall: GradeCounts,
    /// Counts per decision over the year's records.
    pub decisions: Vec<DecisionCount>,
    /// Per project, in plan order.
    pub projects: Vec<ProjectReport>,
    /// Per field of the basic plan, in plan order.
    pub fields: Vec<FieldReport>,
    /// The year's cost (事業費の状況), when the caller adds the budget
    /// figures ([`super::cost::build`]); `None` leaves the section out.
    pub cost: Option<super::cost::CostSection>,
}

/// The rubric: its title and levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RubricInfo {
    /// Title, e.g. `鶴岡市 4段階評価`.
    pub title: String,
    /// Name and version, e.g. `tsuruoka-4 v1`.
    pub name: String,
    /// The levels in order, the missing level last.
    pub levels: Vec<LevelInfo>,
}

/// One level of the rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelInfo {
    /// Short code, e.g. `A`.
    pub code: String,
    /// Label, e.g. `目標達成`.
    pub label: String,
    /// Colour family: `good`, `fair`, `poor`, `bad` or `none`.
    pub tone: String,
}

/// Counts per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeCounts {
    /// Indicators counted.
    pub total: usize,
    /// Indicators with a valid figure (not the missing level).
    pub evaluated: usize,
    /// One row per level of the rubric, in order, the missing level last.
    pub rows: Vec<CountRow>,
}

/// One level's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountRow {
    /// The level.
    pub level: LevelInfo,
    /// Indicators at this level.
    pub count: usize,
    /// Share of all counted indicators, one decimal, e.g. `22.7%`; empty when none were counted.
    pub share: String,
}

/// How many records carry a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionCount {
    /// 継続, 拡充, 改善, 縮小 or 廃止.
    pub decision: String,
    /// Records with this decision.
    pub count: usize,
}

/// One project's section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectReport {
    /// ID, e.g. `P1`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Lead departments (主管部).
    pub lead: Vec<String>,
    /// Related departments (関係部).
    pub related: Vec<String>,
    /// Counts per grade over the project's distinct indicators.
    pub counts: GradeCounts,
    /// The KPI tables as printed in the plan, with the year's actuals and grades.
    pub tables: Vec<GradedTable>,
    /// One chart per indicator of the project, in table order.
    pub charts: Vec<Chart>,
    /// The year's PDCA record, if one exists.
    pub pdca: Option<PdcaView>,
}

/// A KPI table with the year's actuals and grades.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradedTable {
    /// ID, e.g. `P1-T2`.
    pub id: String,
    /// The table's heading (its caption).
    pub caption: String,
    /// One row per indicator.
    pub rows: Vec<GradedRow>,
}

/// One indicator with its figures, the year's actual and the grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradedRow {
    /// The indicator's ID, e.g. `KPI-01`.
    pub indicator: String,
    /// The name as printed in this table.
    pub name: String,
    /// The unit, e.g. `%`.
    pub unit: String,
    /// The plan's printed figures.
    pub printed: PrintedFigures,
    /// The year's actual, as recorded.
    pub actual: Option<Figure>,
    /// The explained grade.
    pub grade: GradeView,
}

/// A grade with its explanation in Japanese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GradeView {
    /// The level reached.
    pub level: LevelInfo,
    /// Why, in one line: the matched rule or the reason the figure is missing.
    pub reason: String,
    /// The formulas with the numbers put in.
    pub formula: String,
    /// The figures used, one line each, e.g. `実績値 55.0%（2025年3月卒）`.
    pub inputs: Vec<String>,
}

/// An indicator's chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// The indicator's ID.
    pub indicator: String,
    /// The chart's title, e.g. `KPI-01 大学等卒業者の市内就職率の推移`.
    pub title: String,
    /// The accessible SVG (see [`crate::chart`]).
    pub svg: String,
}

/// One field's section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldReport {
    /// ID, e.g. `F1`.
    pub id: String,
    /// Number as printed.
    pub number: u32,
    /// Name.
    pub name: String,
    /// Goal sentence.
    pub goal: String,
    /// Counts per grade over the indicators linked to the field's policy items.
    pub counts: GradeCounts,
    /// The linked indicators, in plan order.
    pub rows: Vec<GradedRow>,
    /// The policy items with a PDCA record for the year.
    pub items: Vec<ItemReport>,
}

/// A policy item with its PDCA record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemReport {
    /// ID, e.g. `F1-03`.
    pub id: String,
    /// Name.
    pub name: String,
    /// The year's record.
    pub pdca: PdcaView,
}

/// A PDCA record as the council reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PdcaView {
    /// Where it is in the workflow: 作成中, 提出済, 評価済, 公表済.
    pub state: String,
    /// The department's self-evaluation (自己評価).
    pub self_evaluation: Option<String>,
    /// The planning department's review (評価).
    pub review: Option<String>,
    /// 継続, 拡充, 改善, 縮小 or 廃止.
    pub decision: Option<String>,
    /// The council's comment (審議会意見).
    pub council_comment: Option<String>,
}
