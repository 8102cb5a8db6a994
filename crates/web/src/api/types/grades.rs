//! API shapes of indicator properties, grades with their explanations,
//! forecasts, actuals and roll-ups.

use super::*;

/// Which way is better for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
    /// Neither stated nor inferable.
    Unknown,
}

impl From<ind::Polarity> for Polarity {
    fn from(p: ind::Polarity) -> Self {
        match p {
            ind::Polarity::Increase => Polarity::Increase,
            ind::Polarity::Decrease => Polarity::Decrease,
            ind::Polarity::Unknown => Polarity::Unknown,
        }
    }
}

/// Whether a property is stated by the plan or inferred by the importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The plan says so (e.g. `以下`, `▲`, `削減`, `（累計）`).
    Stated,
    /// Inferred (e.g. the final target is above the initial value).
    Inferred,
}

impl From<ind::Basis> for Basis {
    fn from(b: ind::Basis) -> Self {
        match b {
            ind::Basis::Stated => Basis::Stated,
            ind::Basis::Inferred => Basis::Inferred,
        }
    }
}

/// How an indicator's yearly figures accumulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Each year's figure stands on its own (年間).
    Annual,
    /// Running total since the initial value (累計).
    Cumulative,
    /// An average over several years (平均).
    MultiYearAverage,
}

impl From<ind::Aggregation> for Aggregation {
    fn from(a: ind::Aggregation) -> Self {
        match a {
            ind::Aggregation::Annual => Aggregation::Annual,
            ind::Aggregation::Cumulative => Aggregation::Cumulative,
            ind::Aggregation::MultiYearAverage => Aggregation::MultiYearAverage,
        }
    }
}

/// The colour family of a grade badge (a badge always carries text too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Good (green family).
    Good,
    /// Fair.
    Fair,
    /// Poor.
    Poor,
    /// Bad (red family).
    Bad,
    /// Neutral: no figure.
    None,
}

impl From<grading::Tone> for Tone {
    fn from(t: grading::Tone) -> Self {
        match t {
            grading::Tone::Good => Tone::Good,
            grading::Tone::Fair => Tone::Fair,
            grading::Tone::Poor => Tone::Poor,
            grading::Tone::Bad => Tone::Bad,
            grading::Tone::Neutral => Tone::None,
        }
    }
}

/// A rubric level as a grade shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Level {
    /// Stable ID within the rubric, e.g. `achieved`, `no-data`.
    pub id: String,
    /// Short badge text, e.g. `A`.
    pub code: String,
    /// Japanese label, e.g. `目標達成`.
    pub label_ja: String,
    /// English label, e.g. `Target reached`.
    pub label_en: String,
    /// Badge colour family.
    pub tone: Tone,
}

impl From<&LevelLabel> for Level {
    fn from(l: &LevelLabel) -> Self {
        Level {
            id: l.id.clone(),
            code: l.code.clone(),
            label_ja: l.ja.clone(),
            label_en: l.en.clone(),
            tone: l.tone.into(),
        }
    }
}

/// A grade in short: year, level and one-line explanations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct GradeSummary {
    /// The evaluated fiscal year.
    pub year: FiscalYearLabel,
    /// The rubric's name, e.g. `tsuruoka-4`.
    pub rubric: String,
    /// The rubric's version.
    pub rubric_version: u32,
    /// The level reached (the rubric's missing level when there is no figure).
    pub level: Level,
    /// True when there was no valid figure (the level is the missing level).
    pub missing: bool,
    /// One line in Japanese.
    pub summary_ja: String,
    /// One line in English.
    pub summary_en: String,
}

impl From<&grading::Grade> for GradeSummary {
    fn from(g: &grading::Grade) -> Self {
        GradeSummary {
            year: g.year.into(),
            rubric: g.rubric.clone(),
            rubric_version: g.rubric_version,
            level: Level::from(&g.level),
            missing: g.is_missing(),
            summary_ja: g.summary_ja(),
            summary_en: g.summary_en(),
        }
    }
}

/// What an input figure of a grade is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InputRole {
    /// The reported actual for the evaluated year.
    Actual,
    /// The base progress is measured from.
    Base,
    /// The target judged against.
    Target,
    /// The trajectory value for the year.
    Trajectory,
}

impl From<grading::InputRole> for InputRole {
    fn from(r: grading::InputRole) -> Self {
        match r {
            grading::InputRole::Actual => InputRole::Actual,
            grading::InputRole::Base => InputRole::Base,
            grading::InputRole::Target => InputRole::Target,
            grading::InputRole::Trajectory => InputRole::Trajectory,
        }
    }
}

/// One figure a grade was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Input {
    /// What the figure is.
    pub role: InputRole,
    /// The KPI-table column it was printed in; `null` for actuals and
    /// computed trajectory values.
    pub column: Option<Column>,
    /// The exact amount.
    pub amount: String,
    /// Its unit.
    pub unit: String,
    /// The period (for computed values, the fiscal year).
    pub period: Period,
}

impl From<&grading::Input> for Input {
    fn from(i: &grading::Input) -> Self {
        Input {
            role: i.role.into(),
            column: i.column.map(Column::from),
            amount: i.amount.to_string(),
            unit: i.unit.to_string(),
            period: Period::from_written(&i.period, i.fiscal_year),
        }
    }
}

/// The metrics of a grade, exact (percentages as decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Metrics {
    /// The actual meets the applicable target.
    pub reached: Option<bool>,
    /// The applicable target equals the base.
    pub maintain_target: Option<bool>,
    /// Achievement rate in percent.
    pub rate: Option<String>,
    /// Achievement rate against the trajectory value, in percent.
    pub trajectory_rate: Option<String>,
    /// Gain over the base in percent, positive = better.
    pub gain: Option<String>,
}

impl From<&grading::Metrics> for Metrics {
    fn from(m: &grading::Metrics) -> Self {
        Metrics {
            reached: m.reached,
            maintain_target: m.maintain_target,
            rate: m.rate.map(|d| d.to_string()),
            trajectory_rate: m.trajectory_rate.map(|d| d.to_string()),
            gain: m.gain.map(|d| d.to_string()),
        }
    }
}

/// How a grade came about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Explanation {
    /// The formulas with the numbers put in, in Japanese (or the reason
    /// for a missing grade).
    pub formula_ja: String,
    /// The same in English.
    pub formula_en: String,
    /// The figures used.
    pub inputs: Vec<Input>,
    /// The rule that matched, in English.
    pub matched: String,
    /// The rule that matched, in Japanese.
    pub matched_ja: String,
}

impl From<&grading::Explanation> for Explanation {
    fn from(e: &grading::Explanation) -> Self {
        Explanation {
            formula_ja: e.formula_ja.clone(),
            formula_en: e.formula_en.clone(),
            inputs: e.inputs.iter().map(Input::from).collect(),
            matched: e.matched.clone(),
            matched_ja: e.matched_ja.clone(),
        }
    }
}

/// An indicator's explained grade for a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Grade {
    /// The indicator's ID.
    pub indicator: String,
    /// The evaluated fiscal year.
    pub year: FiscalYearLabel,
    /// The rubric's name.
    pub rubric: String,
    /// The rubric's version.
    pub rubric_version: u32,
    /// The level reached.
    pub level: Level,
    /// Why the grade is the missing level (English); `null` otherwise.
    pub missing_reason: Option<String>,
    /// The same in Japanese.
    pub missing_reason_ja: Option<String>,
    /// The metrics, exact.
    pub metrics: Metrics,
    /// Formulas, inputs and the matched rule.
    pub explanation: Explanation,
    /// One line in Japanese.
    pub summary_ja: String,
    /// One line in English.
    pub summary_en: String,
}

impl From<&grading::Grade> for Grade {
    fn from(g: &grading::Grade) -> Self {
        Grade {
            indicator: g.indicator.to_string(),
            year: g.year.into(),
            rubric: g.rubric.clone(),
            rubric_version: g.rubric_version,
            level: Level::from(&g.level),
            missing_reason: g.missing_reason.clone(),
            missing_reason_ja: g.missing_reason_ja.clone(),
            metrics: Metrics::from(&g.metrics),
            explanation: Explanation::from(&g.explanation),
            summary_ja: g.summary_ja(),
            summary_en: g.summary_en(),
        }
    }
}

/// A forecast of an indicator's value (Theil–Sen) for the comprehensive
/// plan's last year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Forecast {
    /// The year forecast.
    pub year: FiscalYearLabel,
    /// The central forecast, exact.
    pub central: String,
    /// Lower end of the range.
    pub low: String,
    /// Upper end of the range.
    pub high: String,
    /// The method, `theil-sen`.
    pub method: String,
    /// How many observed points the line was drawn through.
    pub points_used: usize,
    /// The central forecast misses the final target.
    pub at_risk: bool,
}

impl Forecast {
    /// The forecast for year `year`.
    pub fn new(f: &trajectory::Forecast, year: FiscalYear) -> Forecast {
        Forecast {
            year: year.into(),
            central: f.central.to_string(),
            low: f.low.to_string(),
            high: f.high.to_string(),
            method: f.method.to_owned(),
            points_used: f.points_used,
            at_risk: f.at_risk,
        }
    }
}

/// A current (latest-version) actual of an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Actual {
    /// The indicator's ID.
    pub indicator: String,
    /// The period as written and its fiscal year.
    pub period: Period,
    /// The exact amount.
    #[schema(example = "19.10")]
    pub amount: String,
    /// The unit.
    pub unit: String,
    /// Where the figure comes from.
    pub source: Option<String>,
    /// Free note.
    pub note: Option<String>,
    /// Version: 1 for the first report, +1 per correction.
    pub version: i64,
    /// When this version was recorded (RFC 3339, UTC).
    pub recorded_at: String,
}

impl From<&actual::RecordedActual> for Actual {
    fn from(a: &actual::RecordedActual) -> Self {
        Actual {
            indicator: a.value.indicator.to_string(),
            period: Period::from(&a.value.period),
            amount: a.value.quantity.amount.to_string(),
            unit: a.value.quantity.unit.to_string(),
            source: a.value.source.clone(),
            note: a.value.note.clone(),
            version: a.version,
            recorded_at: a.recorded_at.clone(),
        }
    }
}

/// One level's count and shares in a roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LevelCount {
    /// The level's ID.
    pub level: String,
    /// Indicators at this level.
    pub count: usize,
    /// Percent of `total`, one decimal place; `null` when `total` is 0.
    pub share: Option<String>,
    /// Percent of `evaluated`, one decimal place; `null` for the missing
    /// level and when `evaluated` is 0.
    pub share_of_evaluated: Option<String>,
}

/// Counts and shares of grades per level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Rollup {
    /// Grades counted.
    pub total: usize,
    /// Grades that are not the missing level.
    pub evaluated: usize,
    /// Grades left out (another rubric, or an unknown level).
    pub skipped: usize,
    /// Every level in rubric order, the missing level last.
    pub levels: Vec<LevelCount>,
}

impl From<&ru::Rollup> for Rollup {
    fn from(r: &ru::Rollup) -> Self {
        let find = |v: &[(String, rust_decimal::Decimal)], id: &str| {
            v.iter().find(|(l, _)| l == id).map(|(_, s)| s.to_string())
        };
        Rollup {
            total: r.total,
            evaluated: r.evaluated,
            skipped: r.skipped,
            levels: r
                .counts
                .iter()
                .map(|(id, n)| LevelCount {
                    level: id.clone(),
                    count: *n,
                    share: find(&r.shares, id),
                    share_of_evaluated: find(&r.shares_of_evaluated, id),
                })
                .collect(),
        }
    }
}

/// The roll-up of one project, field or policy item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct GroupRollup {
    /// The group's ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its counts.
    pub rollup: Rollup,
}

/// Roll-ups for the whole plan and per project, field and policy item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Rollups {
    /// Every indicator of the plan.
    pub plan: Rollup,
    /// Per project: the indicators printed in its KPI tables.
    pub projects: Vec<GroupRollup>,
    /// Per field: the indicators linked to its policy items.
    pub fields: Vec<GroupRollup>,
    /// Per policy item: the indicators linked to it.
    pub policy_items: Vec<GroupRollup>,
}

impl Rollups {
    /// The roll-ups with the names of the plan's groups.
    pub fn new(r: &ru::PlanRollup, plan: &mp::Plan) -> Rollups {
        let project_name = |id: &str| {
            plan.projects
                .iter()
                .find(|p| p.id.as_str() == id)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        let field_name = |id: &str| {
            plan.fields
                .iter()
                .find(|f| f.id.as_str() == id)
                .map(|f| f.name.clone())
                .unwrap_or_default()
        };
        let item_name = |id: &str| {
            plan.fields
                .iter()
                .flat_map(|f| &f.items)
                .find(|i| i.id.as_str() == id)
                .map(|i| i.name.clone())
                .unwrap_or_default()
        };
        let group = |id: &str, name: String, r: &ru::Rollup| GroupRollup {
            id: id.to_owned(),
            name,
            rollup: r.into(),
        };
        Rollups {
            plan: (&r.plan).into(),
            projects: r
                .projects
                .iter()
                .map(|(id, x)| group(id.as_str(), project_name(id.as_str()), x))
                .collect(),
            fields: r
                .fields
                .iter()
                .map(|(id, x)| group(id.as_str(), field_name(id.as_str()), x))
                .collect(),
            policy_items: r
                .policy_items
                .iter()
                .map(|(id, x)| group(id.as_str(), item_name(id.as_str()), x))
                .collect(),
        }
    }
}

/// A problem (RFC 9457), sent as `application/problem+json` for every error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`.
    #[serde(rename = "type")]
    #[schema(example = "about:blank")]
    pub kind: String,
    /// The HTTP status text, e.g. `Not Found`.
    #[schema(example = "Not Found")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 404)]
    pub status: u16,
    /// What went wrong, for people (empty for internal errors).
    pub detail: String,
}
