//! Indicators (成果指標, KPIs) and the four values a plan gives each of them.
//!
//! A plan prints KPIs in tables with four columns: the initial value (初期値),
//! the baseline actual (e.g. R2(2020)実績値), the interim target for the
//! implementation plan's period (実施計画期間設定値) and the final target of the
//! comprehensive plan (成果指標(KPI)). One table may hold several indicators;
//! one indicator may be printed in several tables. An [`Indicator`] is the
//! measured thing; a [`crate::plan::KpiTable`] row only points at it.

use crate::ids::{DirectionId, IndicatorId, PolicyItemId};
use crate::period::Period;
use crate::quantity::{Bound, Quantity, Unit};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Which way is better for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher values are better (most counts and rates).
    Increase,
    /// Lower values are better (emissions, care-need rates).
    Decrease,
    /// Neither stated nor inferable (e.g. target equals initial value).
    Unknown,
}

/// Whether a property was stated by the document or inferred by the importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The document says so (e.g. `以下`, `▲`, `削減`, `（累計）`).
    Stated,
    /// The importer inferred it (e.g. final target above the initial value).
    Inferred,
}

/// How an indicator's yearly figures accumulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Each year's figure stands on its own (年間).
    Annual,
    /// Running total since the initial value (累計).
    Cumulative,
    /// An average over several years.
    MultiYearAverage,
}

/// The four columns of a KPI table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// 初期値: the value when the comprehensive plan was made.
    Initial,
    /// R2(2020)実績値: the latest actual when the edition was made.
    Baseline,
    /// 実施計画期間設定値: the target at the end of the edition's period.
    Interim,
    /// 成果指標(KPI): the target at the end of the comprehensive plan.
    Target,
}

impl Column {
    /// All columns in printed order.
    pub const ALL: [Column; 4] = [
        Column::Initial,
        Column::Baseline,
        Column::Interim,
        Column::Target,
    ];
    /// The column's Japanese heading (generic form).
    pub fn label_ja(self) -> &'static str {
        match self {
            Column::Initial => "初期値",
            Column::Baseline => "実績値",
            Column::Interim => "実施計画期間設定値",
            Column::Target => "成果指標(KPI)",
        }
    }
    /// The column's English heading.
    pub fn label_en(self) -> &'static str {
        match self {
            Column::Initial => "initial value",
            Column::Baseline => "baseline actual",
            Column::Interim => "interim target",
            Column::Target => "final target",
        }
    }
}

/// A reference figure printed in parentheses next to a value, e.g. `(940.7kt-co2)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Annotation {
    /// The parenthesised text as written, without the parentheses.
    pub written: String,
    /// What the annotation says, parsed.
    #[serde(flatten)]
    pub kind: AnnotationKind,
}

/// The parsed meaning of an [`Annotation`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnnotationKind {
    /// `(▲3%)`: reduction rate against the indicator's reference year, in percent.
    ReductionRate {
        /// Reduction in percent (positive number: `▲3%` → `3`).
        percent: Decimal,
    },
    /// `(940.7kt-co2)`: a reference quantity printed beside the value.
    Reference {
        /// The reference quantity.
        quantity: Quantity,
    },
}

/// One of an indicator's four printed values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiValue {
    /// The exact amount and unit.
    #[serde(flatten)]
    pub quantity: Quantity,
    /// `以下` / `以上` when written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// The period the value refers to, as written and normalised.
    pub period: Period,
    /// Parenthesised annotations, in printed order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    /// The whole table cell as written (shared by all indicators of the cell).
    pub written: String,
    /// Source line of the cell in the imported document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The four values of an indicator, any of which may be absent in a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiValues {
    /// 初期値.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<KpiValue>,
    /// Baseline actual (R2(2020)実績値).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<KpiValue>,
    /// Interim target (実施計画期間設定値).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interim: Option<KpiValue>,
    /// Final target (成果指標(KPI)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<KpiValue>,
}

impl KpiValues {
    /// The value in a column.
    pub fn get(&self, column: Column) -> Option<&KpiValue> {
        match column {
            Column::Initial => self.initial.as_ref(),
            Column::Baseline => self.baseline.as_ref(),
            Column::Interim => self.interim.as_ref(),
            Column::Target => self.target.as_ref(),
        }
    }
    /// Mutable access to a column's slot.
    pub fn slot_mut(&mut self, column: Column) -> &mut Option<KpiValue> {
        match column {
            Column::Initial => &mut self.initial,
            Column::Baseline => &mut self.baseline,
            Column::Interim => &mut self.interim,
            Column::Target => &mut self.target,
        }
    }
    /// The present values with their columns, in printed order.
    pub fn iter(&self) -> impl Iterator<Item = (Column, &KpiValue)> {
        Column::ALL
            .into_iter()
            .filter_map(|c| self.get(c).map(|v| (c, v)))
    }
}

/// A measured indicator (成果指標).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable ID.
    pub id: IndicatorId,
    /// Name as first printed.
    pub name: String,
    /// Explanatory text printed with the name, e.g. `(2015年の…を基準とした削減率)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For a sub-indicator (`うち園芸作物`), the indicator it is part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<IndicatorId>,
    /// The unit all values are in.
    pub unit: Unit,
    /// Which way is better.
    pub polarity: Polarity,
    /// Whether the document states the polarity or the importer inferred it.
    pub polarity_basis: Basis,
    /// How yearly figures accumulate.
    pub aggregation: Aggregation,
    /// Whether the aggregation is stated or inferred.
    pub aggregation_basis: Basis,
    /// The four printed values.
    pub values: KpiValues,
    /// Policy items (中項目) of the basic plan the indicator measures. Plan
    /// documents rarely print this link; it is reviewed data in the plan file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_items: Vec<PolicyItemId>,
    /// Policy directions (主な施策の方向) whose initiatives the indicator
    /// measures; possibly in several projects. Reviewed data, like `policy_items`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub directions: Vec<DirectionId>,
}

/// Words in a name or description that state lower is better.
const DECREASE_WORDS: [&str; 3] = ["削減", "減少", "抑制"];

/// Decides which way is better for an indicator from what the plan prints.
///
/// Stated when the plan says it: a `以下` / `以上` bound, a `▲` reduction
/// rate, or a word such as 削減 in the name or description. Otherwise
/// inferred from the final target (or the interim target) against the
/// initial value; unknown when they are equal or missing.
pub fn infer_polarity(
    name: &str,
    description: Option<&str>,
    values: &KpiValues,
) -> (Polarity, Basis) {
    let bounds: Vec<Bound> = values.iter().filter_map(|(_, v)| v.bound).collect();
    if bounds.contains(&Bound::AtMost) {
        return (Polarity::Decrease, Basis::Stated);
    }
    if bounds.contains(&Bound::AtLeast) {
        return (Polarity::Increase, Basis::Stated);
    }
    let reduction = values.iter().any(|(_, v)| {
        v.annotations
            .iter()
            .any(|a| matches!(a.kind, AnnotationKind::ReductionRate { .. }))
    });
    let text = format!("{name}{}", description.unwrap_or(""));
    if reduction || DECREASE_WORDS.iter().any(|w| text.contains(w)) {
        return (Polarity::Decrease, Basis::Stated);
    }
    let goal = values.target.as_ref().or(values.interim.as_ref());
    let polarity = match (values.initial.as_ref(), goal) {
        (Some(a), Some(b)) if a.quantity.unit == b.quantity.unit => {
            match b.quantity.amount.cmp(&a.quantity.amount) {
                std::cmp::Ordering::Greater => Polarity::Increase,
                std::cmp::Ordering::Less => Polarity::Decrease,
                std::cmp::Ordering::Equal => Polarity::Unknown,
            }
        }
        _ => Polarity::Unknown,
    };
    (polarity, Basis::Inferred)
}

/// Decides how an indicator's figures accumulate from its name:
/// （累計） cumulative, （年間） annual, 平均 multi-year average (all stated);
/// otherwise annual, inferred.
pub fn infer_aggregation(name: &str) -> (Aggregation, Basis) {
    if name.contains("累計") {
        (Aggregation::Cumulative, Basis::Stated)
    } else if name.contains("年間") {
        (Aggregation::Annual, Basis::Stated)
    } else if name.contains("平均") {
        (Aggregation::MultiYearAverage, Basis::Stated)
    } else {
        (Aggregation::Annual, Basis::Inferred)
    }
}
