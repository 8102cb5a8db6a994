//! Rubrics as data: the levels a municipality grades KPIs into and the
//! rules that decide each level.
//!
//! A [`Rubric`] names the base the progress is measured from
//! ([`BaseChoice`]), the target it is measured against ([`TargetChoice`]),
//! an ordered list of [`Level`]s and the level used when there is no valid
//! figure (`missing`). A level matches when *any* of its [`Rule`]s holds; a
//! rule holds when *all* of its constraints hold; levels are tried in order
//! and a level without rules is the fallback (it must be last). Constraints
//! are on the [`Metric`]s of `grading::metrics`: two flags
//! (`reached`, `maintain_target`) and three percentages (`rate`,
//! `trajectory_rate`, `gain`) bounded by a [`Range`]. Rubric files are TOML
//! (read by `keikaku-ingest`'s `rubrics` module; format in `docs/grading.md`);
//! [`Rubric::validate`] checks what serde cannot.

use crate::indicator::Column;
use crate::quantity::parse_amount;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// The value progress is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseChoice {
    /// The initial value (初期値) of the comprehensive plan (the default).
    #[default]
    Initial,
    /// The baseline actual of the edition (the `R2(2020)実績値` column).
    BaselineActual,
}

impl BaseChoice {
    /// The KPI-table column holding the base.
    pub fn column(self) -> Column {
        match self {
            BaseChoice::Initial => Column::Initial,
            BaseChoice::BaselineActual => Column::Baseline,
        }
    }
    /// Japanese name used in formulas: `初期値` / `基準実績値`.
    pub fn label_ja(self) -> &'static str {
        match self {
            BaseChoice::Initial => "初期値",
            BaseChoice::BaselineActual => "基準実績値",
        }
    }
    /// English name used in formulas: `initial` / `baseline`.
    pub fn label_en(self) -> &'static str {
        match self {
            BaseChoice::Initial => "initial",
            BaseChoice::BaselineActual => "baseline",
        }
    }
}

/// The target an actual is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetChoice {
    /// The target that applies in the evaluation year (the default): the
    /// interim target up to the edition's last year, the final target after
    /// it. Falls back to the final target when there is no interim target.
    #[default]
    Year,
    /// Always the interim target (実施計画期間設定値).
    Interim,
    /// Always the final target (成果指標(KPI)).
    Final,
    /// The trajectory value for the evaluation year: the straight-line path
    /// from the initial value through the interim target to the final target
    /// (`crate::trajectory::expected`).
    Prorated,
}

/// The colour family a level's badge uses; the badge always carries text too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Good (green family).
    Good,
    /// Fair (blue or yellow family).
    Fair,
    /// Poor (orange family).
    Poor,
    /// Bad (red family).
    Bad,
    /// Neutral, for "no figure" (grey). Written `none` in rubric files.
    #[serde(rename = "none")]
    Neutral,
}

/// What a grade shows: a level's ID, badge code, labels and tone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelLabel {
    /// Stable ID, e.g. `achieved`, `no-data`.
    pub id: String,
    /// Short badge text, e.g. `A`, `S`, `≥80%`, `－`.
    pub code: String,
    /// Japanese label, e.g. `目標達成`.
    pub ja: String,
    /// English label, e.g. `Target reached`.
    pub en: String,
    /// Badge colour family.
    pub tone: Tone,
}

/// One level of a rubric with the rules that select it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Stable ID, e.g. `on-track`.
    pub id: String,
    /// Short badge text.
    pub code: String,
    /// Japanese label.
    pub ja: String,
    /// English label.
    pub en: String,
    /// Badge colour family.
    pub tone: Tone,
    /// The level matches when any rule holds; no rules = the fallback level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
}

impl Level {
    /// The level's ID, code, labels and tone.
    pub fn label(&self) -> LevelLabel {
        LevelLabel {
            id: self.id.clone(),
            code: self.code.clone(),
            ja: self.ja.clone(),
            en: self.en.clone(),
            tone: self.tone,
        }
    }
    /// Whether this is the fallback level (it has no rules).
    pub fn is_fallback(&self) -> bool {
        self.rules.is_empty()
    }
}

/// A quantity computed for a grade that a rule can constrain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Flag: the actual meets the applicable target (direction- and bound-aware).
    Reached,
    /// Flag: the target equals the base (a "keep the level" target).
    MaintainTarget,
    /// Percent: (actual − base) / (target − base) × 100.
    Rate,
    /// Percent: the same with the trajectory value for the year as target.
    TrajectoryRate,
    /// Percent: (actual − base) / |base| × 100, positive = better.
    Gain,
}

impl Metric {
    /// Every metric, in the order formulas list them.
    pub const ALL: [Metric; 5] = [
        Metric::Reached,
        Metric::MaintainTarget,
        Metric::Rate,
        Metric::TrajectoryRate,
        Metric::Gain,
    ];
    /// The name used in rubric files: `reached`, `trajectory_rate` …
    pub fn name(self) -> &'static str {
        match self {
            Metric::Reached => "reached",
            Metric::MaintainTarget => "maintain_target",
            Metric::Rate => "rate",
            Metric::TrajectoryRate => "trajectory_rate",
            Metric::Gain => "gain",
        }
    }
    /// Japanese name: 目標達成, 現状維持目標, 達成率, 按分達成率, 改善率.
    pub fn label_ja(self) -> &'static str {
        match self {
            Metric::Reached => "目標達成",
            Metric::MaintainTarget => "現状維持目標",
            Metric::Rate => "達成率",
            Metric::TrajectoryRate => "按分達成率",
            Metric::Gain => "改善率",
        }
    }
    /// English name: reached, maintain target, achievement rate, trajectory rate, gain.
    pub fn label_en(self) -> &'static str {
        match self {
            Metric::Reached => "reached",
            Metric::MaintainTarget => "maintain target",
            Metric::Rate => "achievement rate",
            Metric::TrajectoryRate => "trajectory rate",
            Metric::Gain => "gain",
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One constraint of a rule, as [`Rule::constraints`] lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint<'a> {
    /// A flag metric must have this value.
    Flag(Metric, bool),
    /// A percent metric must be defined and lie in the range.
    Within(Metric, &'a Range),
}

/// A conjunction of constraints on metrics. Unknown keys are refused, so a
/// misspelt metric is an error rather than a rule that always holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The actual meets the applicable target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached: Option<bool>,
    /// The target equals the base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintain_target: Option<bool>,
    /// Achievement rate in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Range>,
    /// Achievement rate against the trajectory value, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trajectory_rate: Option<Range>,
    /// Gain over the base in percent (positive = better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gain: Option<Range>,
}

impl Rule {
    /// The constraints in [`Metric::ALL`] order.
    pub fn constraints(&self) -> Vec<Constraint<'_>> {
        let mut out = Vec::new();
        if let Some(b) = self.reached {
            out.push(Constraint::Flag(Metric::Reached, b));
        }
        if let Some(b) = self.maintain_target {
            out.push(Constraint::Flag(Metric::MaintainTarget, b));
        }
        if let Some(r) = &self.rate {
            out.push(Constraint::Within(Metric::Rate, r));
        }
        if let Some(r) = &self.trajectory_rate {
            out.push(Constraint::Within(Metric::TrajectoryRate, r));
        }
        if let Some(r) = &self.gain {
            out.push(Constraint::Within(Metric::Gain, r));
        }
        out
    }
    /// The metrics the rule constrains.
    pub fn metrics(&self) -> Vec<Metric> {
        self.constraints()
            .iter()
            .map(|c| match c {
                Constraint::Flag(m, _) | Constraint::Within(m, _) => *m,
            })
            .collect()
    }
}

/// A range of percentages: `min`/`max` inclusive, `above`/`below` exclusive.
/// Written with decimal strings: `{ min = "50" }`, `{ above = "0" }`,
/// `{ min = "20", below = "50" }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRange", into = "RawRange")]
pub struct Range {
    /// Inclusive lower bound.
    pub min: Option<Decimal>,
    /// Inclusive upper bound.
    pub max: Option<Decimal>,
    /// Exclusive lower bound.
    pub above: Option<Decimal>,
    /// Exclusive upper bound.
    pub below: Option<Decimal>,
}

/// The file form of a [`Range`]: decimals as strings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    above: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    below: Option<String>,
}

impl TryFrom<RawRange> for Range {
    type Error = String;
    fn try_from(raw: RawRange) -> Result<Self, String> {
        let num = |key: &str, v: Option<String>| -> Result<Option<Decimal>, String> {
            v.map(|s| {
                parse_amount(&s).map_err(|_| {
                    format!(
                        "{key} = \"{s}\" is not a decimal: write e.g. \"50\", \"-10\" or \"12.5\""
                    )
                })
            })
            .transpose()
        };
        let range = Range {
            min: num("min", raw.min)?,
            max: num("max", raw.max)?,
            above: num("above", raw.above)?,
            below: num("below", raw.below)?,
        };
        range.check()?;
        Ok(range)
    }
}

impl From<Range> for RawRange {
    fn from(r: Range) -> RawRange {
        let s = |d: Option<Decimal>| d.map(|d| d.to_string());
        RawRange {
            min: s(r.min),
            max: s(r.max),
            above: s(r.above),
            below: s(r.below),
        }
    }
}

impl Range {
    /// At least `min` (inclusive).
    pub fn at_least(min: Decimal) -> Range {
        Range {
            min: Some(min),
            ..Range::default()
        }
    }
    /// Below `below` (exclusive).
    pub fn less_than(below: Decimal) -> Range {
        Range {
            below: Some(below),
            ..Range::default()
        }
    }

    /// Whether a value lies in the range.
    pub fn contains(&self, v: Decimal) -> bool {
        self.min.is_none_or(|m| v >= m)
            && self.max.is_none_or(|m| v <= m)
            && self.above.is_none_or(|m| v > m)
            && self.below.is_none_or(|m| v < m)
    }

    /// The bounds as text, e.g. `≥ 50%`, `> 0% and < 20%`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.min, "≥"),
            (self.above, ">"),
            (self.max, "≤"),
            (self.below, "<"),
        ]
        .into_iter()
        .filter_map(|(b, op)| b.map(|b| format!("{op} {b}%")))
        .collect();
        parts.join(" and ")
    }

    /// Japanese form of [`Range::describe`], e.g. `50%以上`, `0%超20%未満`.
    pub fn describe_ja(&self) -> String {
        [
            (self.min, "以上"),
            (self.above, "超"),
            (self.max, "以下"),
            (self.below, "未満"),
        ]
        .into_iter()
        .filter_map(|(b, word)| b.map(|b| format!("{b}%{word}")))
        .collect::<Vec<_>>()
        .join("")
    }

    /// Checks that the range has a bound, no end bounded twice, and is not empty.
    fn check(&self) -> Result<(), String> {
        if self.min.is_none() && self.max.is_none() && self.above.is_none() && self.below.is_none()
        {
            return Err("a range needs at least one of min, max, above, below".into());
        }
        if self.min.is_some() && self.above.is_some() {
            return Err("a range takes min or above, not both".into());
        }
        if self.max.is_some() && self.below.is_some() {
            return Err("a range takes max or below, not both".into());
        }
        let lower = self.min.or(self.above);
        let upper = self.max.or(self.below);
        if let (Some(lo), Some(hi)) = (lower, upper) {
            let inclusive = self.min.is_some() && self.max.is_some();
            if lo > hi || (lo == hi && !inclusive) {
                return Err(format!("the range {} is empty", self.describe()));
            }
        }
        Ok(())
    }
}

/// A grading rubric: base, target, ordered levels and the missing level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Stable name, e.g. `tsuruoka-4`: lower-case ASCII letters, digits and `-`.
    pub name: String,
    /// Version, from 1; bump it when levels or thresholds change, so grades
    /// made with the old rules stay identifiable.
    pub version: u32,
    /// Japanese title.
    pub title_ja: String,
    /// English title.
    pub title_en: String,
    /// What the rubric is for and where it comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The base progress is measured from.
    #[serde(default)]
    pub baseline: BaseChoice,
    /// The target actuals are judged against.
    #[serde(default)]
    pub target: TargetChoice,
    /// Levels, tried in order.
    pub levels: Vec<Level>,
    /// The state when there is no valid figure; never counted as zero.
    pub missing: LevelLabel,
}

/// A problem with a rubric that parsing alone does not catch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}", level_prefix(.level.as_deref()), .message)]
pub struct RubricError {
    /// The level concerned, if any.
    pub level: Option<String>,
    /// What is wrong and what is expected.
    pub message: String,
}

/// `level `x`: ` before a level's error, nothing for the whole rubric.
fn level_prefix(level: Option<&str>) -> String {
    level.map(|l| format!("level `{l}`: ")).unwrap_or_default()
}

impl RubricError {
    fn whole(message: impl Into<String>) -> Self {
        RubricError {
            level: None,
            message: message.into(),
        }
    }
    fn at(level: &str, message: impl Into<String>) -> Self {
        RubricError {
            level: Some(level.to_owned()),
            message: message.into(),
        }
    }
}

impl Rubric {
    /// Checks what the file format cannot: a well-formed name, version ≥ 1,
    /// at least one level, non-empty and unique level IDs (the missing level
    /// included), rules that constrain something, and a fallback level (no
    /// rules) only in last place, since levels after it could never match.
    pub fn validate(&self) -> Result<(), Vec<RubricError>> {
        let mut errors = Vec::new();
        let name_ok = !self.name.is_empty()
            && self.name.starts_with(|c: char| c.is_ascii_lowercase())
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !name_ok {
            errors.push(RubricError::whole(format!(
                "name 「{}」: use lower-case ASCII letters, digits and '-', starting with a letter (e.g. tsuruoka-4)",
                self.name
            )));
        }
        if self.version == 0 {
            errors.push(RubricError::whole("version must be 1 or more"));
        }
        if self.levels.is_empty() {
            errors.push(RubricError::whole(
                "a rubric needs at least one [[levels]] entry",
            ));
        }
        let mut seen = HashSet::new();
        let ids = self
            .levels
            .iter()
            .map(|l| l.id.as_str())
            .chain([self.missing.id.as_str()]);
        for id in ids {
            if id.trim().is_empty() {
                errors.push(RubricError::whole("a level has an empty id"));
            } else if !seen.insert(id) {
                errors.push(RubricError::at(id, "the id is used twice"));
            }
        }
        let last = self.levels.len().saturating_sub(1);
        for (i, level) in self.levels.iter().enumerate() {
            if level.is_fallback() && i != last {
                errors.push(RubricError::at(
                    &level.id,
                    "a level without rules is the fallback and must be the last level; the levels after it could never match",
                ));
            }
            for (n, rule) in level.rules.iter().enumerate() {
                if rule.constraints().is_empty() {
                    errors.push(RubricError::at(
                        &level.id,
                        format!(
                            "rule {} constrains no metric: give at least one of reached, maintain_target, rate, trajectory_rate, gain (a level without rules is the fallback)",
                            n + 1
                        ),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The level with an ID, the missing level included.
    pub fn level(&self, id: &str) -> Option<LevelLabel> {
        self.levels
            .iter()
            .find(|l| l.id == id)
            .map(Level::label)
            .or_else(|| (self.missing.id == id).then(|| self.missing.clone()))
    }

    /// Level IDs in rubric order, the missing level last.
    pub fn level_ids(&self) -> Vec<&str> {
        self.levels
            .iter()
            .map(|l| l.id.as_str())
            .chain([self.missing.id.as_str()])
            .collect()
    }

    /// The metrics any rule of the rubric constrains, in [`Metric::ALL`] order.
    pub fn metrics_used(&self) -> Vec<Metric> {
        let used: HashSet<Metric> = self
            .levels
            .iter()
            .flat_map(|l| l.rules.iter().flat_map(Rule::metrics))
            .collect();
        Metric::ALL
            .into_iter()
            .filter(|m| used.contains(m))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn ranges_hold_and_describe() {
        let r = Range {
            min: Some(d("20")),
            below: Some(d("50")),
            ..Range::default()
        };
        assert!(r.contains(d("20")));
        assert!(r.contains(d("49.99")));
        assert!(!r.contains(d("50")));
        assert!(!r.contains(d("19.9")));
        assert_eq!(r.describe(), "≥ 20% and < 50%");
        assert_eq!(r.describe_ja(), "20%以上50%未満");
        assert!(r.check().is_ok());
    }

    #[test]
    fn ranges_refuse_nonsense() {
        let empty = Range {
            above: Some(d("5")),
            below: Some(d("5")),
            ..Range::default()
        };
        assert!(empty.check().is_err());
        assert!(Range::default().check().is_err());
        let twice = Range {
            min: Some(d("1")),
            above: Some(d("1")),
            ..Range::default()
        };
        assert!(twice.check().is_err());
        let point = Range {
            min: Some(d("5")),
            max: Some(d("5")),
            ..Range::default()
        };
        assert!(point.check().is_ok());
    }
}
