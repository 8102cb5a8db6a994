//! KPI rows and charts of the council report: an indicator's printed
//! figures, the year's actual, its grade, and its chart.

use super::grades::{grade_view, level_info};
use super::model::{Chart, GradeView, GradedRow, GradedTable};
use crate::chart::{ChartInput, ChartLabels, ChartSize, indicator_chart};
use crate::figures::{Figure, PrintedFigures, quantity_text};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Grade, Rubric};
use keikaku_model::indicator::Indicator;
use keikaku_model::plan::{KpiTable, Plan, Project};
use rust_decimal::Decimal;

/// Everything a row is made from.
pub(super) struct RowSource<'a> {
    pub plan: &'a Plan,
    rubric: &'a Rubric,
    grades: &'a [Grade],
    actuals: &'a [ActualValue],
    year: FiscalYear,
    ctx: EvalContext,
}

impl<'a> RowSource<'a> {
    pub fn new(
        plan: &'a Plan,
        rubric: &'a Rubric,
        grades: &'a [Grade],
        actuals: &'a [ActualValue],
        year: FiscalYear,
    ) -> Self {
        RowSource {
            plan,
            rubric,
            grades,
            actuals,
            year,
            ctx: EvalContext::of(plan),
        }
    }

    /// A printed KPI table with the year's figures and grades.
    pub fn table(&self, t: &KpiTable) -> GradedTable {
        GradedTable {
            id: t.id.to_string(),
            caption: t.heading.join(" "),
            rows: t
                .rows
                .iter()
                .filter_map(|r| {
                    self.plan
                        .indicator(&r.indicator)
                        .map(|i| self.row(i, &r.label))
                })
                .collect(),
        }
    }

    /// One indicator's row, with the name as printed in its table.
    pub fn row(&self, i: &Indicator, label: &str) -> GradedRow {
        GradedRow {
            indicator: i.id.to_string(),
            name: label.to_owned(),
            unit: i.unit.to_string(),
            printed: PrintedFigures::of(i),
            actual: self.actual(i).map(|a| Figure {
                value: quantity_text(&a.quantity),
                period: a.period.written().to_owned(),
            }),
            grade: self.grade(i),
        }
    }

    /// The year's actual of an indicator: the last one given for the year,
    /// as the grading takes it.
    fn actual(&self, i: &Indicator) -> Option<&ActualValue> {
        self.actuals
            .iter()
            .rfind(|a| a.indicator == i.id && a.fiscal_year() == self.year)
    }

    fn grade(&self, i: &Indicator) -> GradeView {
        match self.grades.iter().rfind(|g| g.indicator == i.id) {
            Some(g) => grade_view(g),
            None => GradeView {
                level: level_info(&self.rubric.missing),
                reason: format!("{}の評価結果がない", self.year),
                formula: String::new(),
                inputs: Vec::new(),
            },
        }
    }

    /// One chart per distinct indicator of a project, in table order.
    pub fn charts(&self, p: &Project) -> Vec<Chart> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for row in p.tables.iter().flat_map(|t| &t.rows) {
            if seen.contains(&&row.indicator) {
                continue;
            }
            seen.push(&row.indicator);
            if let Some(i) = self.plan.indicator(&row.indicator) {
                out.push(self.chart(p, i));
            }
        }
        out
    }

    fn chart(&self, p: &Project, i: &Indicator) -> Chart {
        let title = format!("{} {}の推移", i.id, i.name);
        let points: Vec<(FiscalYear, Decimal)> = self
            .actuals
            .iter()
            .filter(|a| a.indicator == i.id && a.quantity.unit == i.unit)
            .map(|a| (a.fiscal_year(), a.quantity.amount))
            .collect();
        let mut input = ChartInput::for_indicator(
            i,
            &self.ctx,
            &last_per_year(points),
            title.clone(),
            ChartLabels::japanese(),
            ChartSize::Full,
        );
        input.id = format!("{}-{}", p.id, i.id);
        Chart {
            indicator: i.id.to_string(),
            title,
            svg: indicator_chart(&input),
        }
    }
}

/// One point per fiscal year: the last one given, as the grading takes it.
fn last_per_year(points: Vec<(FiscalYear, Decimal)>) -> Vec<(FiscalYear, Decimal)> {
    let mut out: Vec<(FiscalYear, Decimal)> = Vec::new();
    for (y, v) in points {
        match out.iter_mut().find(|(oy, _)| *oy == y) {
            Some(slot) => slot.1 = v,
            None => out.push((y, v)),
        }
    }
    out
}
