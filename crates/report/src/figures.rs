//! Figures as the reports print them, shared by the council report and the
//! plan summary: a KPI value with its unit, bound and period as written
//! (`45.0%`, `2018年3月卒`), the four printed columns of a KPI table, and
//! the column headings of the edition.
//!
//! Amounts keep their written scale (`19.10` stays `19.10`) and get
//! thousands separators; nothing is rounded here.

use keikaku_model::indicator::{Indicator, KpiValue};
use keikaku_model::plan::{Department, Plan};
use keikaku_model::quantity::{Quantity, group_thousands};
use serde::Serialize;

/// One printed figure: the value and the period it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The value with unit and bound, e.g. `19.0%以下`, `1,026,000人`.
    pub value: String,
    /// The period as written, e.g. `2018年3月卒`, `R2(2020)`.
    pub period: String,
}

impl Figure {
    /// A printed KPI value.
    pub fn of_value(v: &KpiValue) -> Figure {
        let bound = v.bound.map_or("", |b| b.suffix_ja());
        Figure {
            value: format!("{}{bound}", quantity_text(&v.quantity)),
            period: v.period.written().to_owned(),
        }
    }
}

/// A quantity as printed: `1,026,000人`, `19.10%`.
pub fn quantity_text(q: &Quantity) -> String {
    format!("{}{}", group_thousands(&q.amount), q.unit)
}

/// The four printed columns of an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrintedFigures {
    /// 初期値.
    pub initial: Option<Figure>,
    /// The baseline actual (R2(2020)実績値).
    pub baseline: Option<Figure>,
    /// 実施計画期間設定値.
    pub interim: Option<Figure>,
    /// 成果指標(KPI): the final target.
    pub target: Option<Figure>,
}

impl PrintedFigures {
    /// The printed figures of an indicator.
    pub fn of(indicator: &Indicator) -> PrintedFigures {
        let v = &indicator.values;
        PrintedFigures {
            initial: v.initial.as_ref().map(Figure::of_value),
            baseline: v.baseline.as_ref().map(Figure::of_value),
            interim: v.interim.as_ref().map(Figure::of_value),
            target: v.target.as_ref().map(Figure::of_value),
        }
    }
}

/// The headings of the printed columns, as the edition writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnHeadings {
    /// `初期値`.
    pub initial: String,
    /// The edition's baseline heading, e.g. `R2(2020)実績値`.
    pub baseline: String,
    /// `実施計画期間設定値`.
    pub interim: String,
    /// `成果指標(KPI)`.
    pub target: String,
}

impl ColumnHeadings {
    /// The headings of a plan's edition.
    pub fn of(plan: &Plan) -> ColumnHeadings {
        use keikaku_model::indicator::Column;
        ColumnHeadings {
            initial: Column::Initial.label_ja().to_owned(),
            baseline: plan.edition.baseline_label.clone(),
            interim: Column::Interim.label_ja().to_owned(),
            target: Column::Target.label_ja().to_owned(),
        }
    }
}

/// Department names for IDs, in the given order; an unknown ID is shown as is.
pub fn department_names<'a>(
    plan: &Plan,
    ids: impl IntoIterator<Item = &'a keikaku_model::ids::DepartmentId>,
) -> Vec<String> {
    ids.into_iter()
        .map(|id| {
            plan.department(id)
                .map_or_else(|| id.to_string(), |d: &Department| d.name.clone())
        })
        .collect()
}

/// The edition's title line, e.g. `第2次鶴岡市総合計画 実施計画（概要版） 2022年度～2024年度`.
pub fn edition_line(plan: &Plan) -> String {
    let e = &plan.edition;
    let variant = e
        .variant
        .as_deref()
        .map(|v| format!("（{v}）"))
        .unwrap_or_default();
    format!(
        "{}{variant} {}～{}",
        e.title,
        e.years.first(),
        e.years.last()
    )
}
