//! The API's shared data types: JSON shapes with OpenAPI schemas, built
//! from the model's types (the model itself knows nothing of the API).
//!
//! Conventions kept by every type here:
//!
//! - exact decimals are strings with the scale they were written with
//!   (`"45.0"`, `"19.0"`), never JSON numbers;
//! - a fiscal year is an integer (the Gregorian year it starts in) with
//!   Japanese and English labels ([`FiscalYearLabel`]);
//! - a period keeps the text as written beside its kind, fiscal year and
//!   labels ([`Period`]);
//! - optional values are present as `null`, never left out.

use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{self as grading, LevelLabel};
use keikaku_model::indicator as ind;
use keikaku_model::plan as mp;
use keikaku_model::quantity as q;
use keikaku_model::rollup as ru;
use keikaku_model::{actual, period, trajectory};
use serde::Serialize;
use utoipa::ToSchema;

mod grades;
pub use grades::*;

/// A fiscal year (April – March) with its labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FiscalYearLabel {
    /// The Gregorian year the fiscal year starts in, e.g. `2024` for
    /// 2024-04-01 – 2025-03-31.
    #[schema(example = 2024)]
    pub fiscal_year: i32,
    /// Japanese label with the era, e.g. `2024年度（令和6年度）`.
    pub label_ja: String,
    /// English label with the era, e.g. `FY2024 (Reiwa 6)`.
    pub label_en: String,
}

impl From<FiscalYear> for FiscalYearLabel {
    fn from(fy: FiscalYear) -> Self {
        FiscalYearLabel {
            fiscal_year: fy.year(),
            label_ja: fy.label_ja(),
            label_en: fy.label_en(),
        }
    }
}

/// What a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A fiscal year: `2024年度`, `令和6年度`, `R6`, `FY2024`.
    FiscalYear,
    /// A calendar year: `2018年`.
    CalendarYear,
    /// The end of a month: `2021年3月末`.
    MonthEnd,
    /// A month: `令和4年3月`.
    Month,
    /// A graduation cohort: `2018年3月卒`.
    Graduation,
    /// An average over fiscal years: `2015 ~ 2017年度 平均`.
    FiscalYearAverage,
}

impl From<period::PeriodKind> for PeriodKind {
    fn from(k: period::PeriodKind) -> Self {
        match k {
            period::PeriodKind::FiscalYear { .. } => PeriodKind::FiscalYear,
            period::PeriodKind::CalendarYear { .. } => PeriodKind::CalendarYear,
            period::PeriodKind::MonthEnd { .. } => PeriodKind::MonthEnd,
            period::PeriodKind::Month { .. } => PeriodKind::Month,
            period::PeriodKind::Graduation { .. } => PeriodKind::Graduation,
            period::PeriodKind::FiscalYearAverage { .. } => PeriodKind::FiscalYearAverage,
        }
    }
}

/// A period as written, with the fiscal year a value for it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Period {
    /// The text exactly as written, e.g. `2018年3月卒`.
    pub written: String,
    /// What the period is.
    pub kind: PeriodKind,
    /// The fiscal year a value for the period belongs to (`2018年3月卒` → 2017).
    #[schema(example = 2017)]
    pub fiscal_year: i32,
    /// Japanese label, e.g. `2018年3月卒（平成30年3月卒）`.
    pub label_ja: String,
    /// English label, e.g. `graduates of March 2018`.
    pub label_en: String,
}

impl From<&period::Period> for Period {
    fn from(p: &period::Period) -> Self {
        Period {
            written: p.written().to_owned(),
            kind: p.kind().into(),
            fiscal_year: p.fiscal_year().year(),
            label_ja: p.label_ja(),
            label_en: p.label_en(),
        }
    }
}

impl Period {
    /// A period from its text and the fiscal year it was attributed to (as
    /// grade inputs carry them); a text that does not parse is labelled by
    /// the fiscal year.
    pub fn from_written(written: &str, fy: FiscalYear) -> Period {
        match period::Period::parse(written) {
            Ok(p) => Period {
                fiscal_year: fy.year(),
                ..Period::from(&p)
            },
            Err(_) => Period {
                written: written.to_owned(),
                kind: PeriodKind::FiscalYear,
                fiscal_year: fy.year(),
                label_ja: fy.label_ja(),
                label_en: fy.label_en(),
            },
        }
    }
}

/// An inclusive range of fiscal years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Years {
    /// First fiscal year.
    #[schema(example = 2022)]
    pub first: i32,
    /// Last fiscal year.
    #[schema(example = 2024)]
    pub last: i32,
    /// Japanese label, e.g. `2022年度（令和4年度）〜2024年度（令和6年度）`.
    pub label_ja: String,
    /// English label, e.g. `FY2022 (Reiwa 4) – FY2024 (Reiwa 6)`.
    pub label_en: String,
}

impl From<mp::Years> for Years {
    fn from(y: mp::Years) -> Self {
        Years {
            first: y.first().year(),
            last: y.last().year(),
            label_ja: format!("{}〜{}", y.first().label_ja(), y.last().label_ja()),
            label_en: format!("{} – {}", y.first().label_en(), y.last().label_en()),
        }
    }
}

/// An element named by ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Ref {
    /// The element's stable ID, e.g. `P1`, `KPI-07`, `F2-05`.
    pub id: String,
    /// Its name.
    pub name: String,
}

impl Ref {
    /// A reference from an ID and a name.
    pub fn new(id: impl ToString, name: impl Into<String>) -> Ref {
        Ref {
            id: id.to_string(),
            name: name.into(),
        }
    }
}

/// `以下` (at most) or `以上` (at least), written after a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// 以下: the value must not exceed the figure.
    AtMost,
    /// 以上: the value must reach at least the figure.
    AtLeast,
}

impl From<q::Bound> for Bound {
    fn from(b: q::Bound) -> Self {
        match b {
            q::Bound::AtMost => Bound::AtMost,
            q::Bound::AtLeast => Bound::AtLeast,
        }
    }
}

/// The column of a KPI table a value is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// 初期値: the value when the comprehensive plan was made.
    Initial,
    /// 実績値: the latest actual when the edition was made.
    Baseline,
    /// 実施計画期間設定値: the target at the end of the edition.
    Interim,
    /// 成果指標(KPI): the target at the end of the comprehensive plan.
    Target,
}

impl From<ind::Column> for Column {
    fn from(c: ind::Column) -> Self {
        match c {
            ind::Column::Initial => Column::Initial,
            ind::Column::Baseline => Column::Baseline,
            ind::Column::Interim => Column::Interim,
            ind::Column::Target => Column::Target,
        }
    }
}

/// What a parenthesised annotation beside a value says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnnotationKind {
    /// `(▲3%)`: a reduction rate in percent (`percent`).
    ReductionRate,
    /// `(940.7kt-co2)`: a reference quantity (`amount`, `unit`).
    Reference,
}

/// A reference figure printed in parentheses beside a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Annotation {
    /// The text as written, without the parentheses.
    pub written: String,
    /// What it says.
    pub kind: AnnotationKind,
    /// For a reduction rate: the reduction in percent, exact (`▲3%` → `"3"`).
    pub percent: Option<String>,
    /// For a reference: the exact amount.
    pub amount: Option<String>,
    /// For a reference: the unit.
    pub unit: Option<String>,
}

impl From<&ind::Annotation> for Annotation {
    fn from(a: &ind::Annotation) -> Self {
        let (kind, percent, amount, unit) = match &a.kind {
            ind::AnnotationKind::ReductionRate { percent } => (
                AnnotationKind::ReductionRate,
                Some(percent.to_string()),
                None,
                None,
            ),
            ind::AnnotationKind::Reference { quantity } => (
                AnnotationKind::Reference,
                None,
                Some(quantity.amount.to_string()),
                Some(quantity.unit.to_string()),
            ),
        };
        Annotation {
            written: a.written.clone(),
            kind,
            percent,
            amount,
            unit,
        }
    }
}

/// One of an indicator's printed values (initial, baseline, interim, target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct KpiValue {
    /// The exact amount as a decimal string with its written scale.
    #[schema(example = "19.0")]
    pub amount: String,
    /// The unit, e.g. `%`, `人`, `億円`.
    #[schema(example = "%")]
    pub unit: String,
    /// `at_most` (以下) or `at_least` (以上) when written.
    pub bound: Option<Bound>,
    /// The period the value refers to.
    pub period: Period,
    /// Parenthesised annotations, in printed order.
    pub annotations: Vec<Annotation>,
    /// The table cell as written, e.g. `19.0%以下 (2029年3月末)`.
    pub written: String,
}

impl From<&ind::KpiValue> for KpiValue {
    fn from(v: &ind::KpiValue) -> Self {
        KpiValue {
            amount: v.quantity.amount.to_string(),
            unit: v.quantity.unit.to_string(),
            bound: v.bound.map(Bound::from),
            period: Period::from(&v.period),
            annotations: v.annotations.iter().map(Annotation::from).collect(),
            written: v.written.clone(),
        }
    }
}

/// The four printed values of an indicator; any may be absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Values {
    /// 初期値: the value when the comprehensive plan was made.
    pub initial: Option<KpiValue>,
    /// 実績値: the baseline actual of the edition, e.g. R2(2020).
    pub baseline: Option<KpiValue>,
    /// 実施計画期間設定値: the interim target.
    pub interim: Option<KpiValue>,
    /// 成果指標(KPI): the final target.
    pub target: Option<KpiValue>,
}

impl From<&ind::KpiValues> for Values {
    fn from(v: &ind::KpiValues) -> Self {
        Values {
            initial: v.initial.as_ref().map(KpiValue::from),
            baseline: v.baseline.as_ref().map(KpiValue::from),
            interim: v.interim.as_ref().map(KpiValue::from),
            target: v.target.as_ref().map(KpiValue::from),
        }
    }
}
