//! Grades and roll-ups as the council reads them: a level with its label,
//! a grade with its explanation in Japanese, and the counts per level.

use super::model::{CountRow, GradeCounts, GradeView, LevelInfo, RubricInfo};
use crate::figures::quantity_text;
use keikaku_model::grading::{Grade, Input, InputRole, LevelLabel, Rubric, Tone};
use keikaku_model::quantity::Quantity;
use keikaku_model::rollup::Rollup;

/// A level's code, label and tone.
pub fn level_info(l: &LevelLabel) -> LevelInfo {
    LevelInfo {
        code: l.code.clone(),
        label: l.ja.clone(),
        tone: tone_name(l.tone).to_owned(),
    }
}

fn tone_name(t: Tone) -> &'static str {
    match t {
        Tone::Good => "good",
        Tone::Fair => "fair",
        Tone::Poor => "poor",
        Tone::Bad => "bad",
        Tone::Neutral => "none",
    }
}

/// The rubric's title, name and levels (the missing level last).
pub fn rubric_info(r: &Rubric) -> RubricInfo {
    RubricInfo {
        title: r.title_ja.clone(),
        name: format!("{} v{}", r.name, r.version),
        levels: r
            .levels
            .iter()
            .map(|l| level_info(&l.label()))
            .chain([level_info(&r.missing)])
            .collect(),
    }
}

/// A grade explained in Japanese.
pub fn grade_view(g: &Grade) -> GradeView {
    let reason = g
        .missing_reason_ja
        .clone()
        .unwrap_or_else(|| g.explanation.matched_ja.clone());
    // A missing grade's formula is its reason: say it once.
    let formula = Some(&g.explanation.formula_ja)
        .filter(|f| **f != reason)
        .cloned()
        .unwrap_or_default();
    GradeView {
        level: level_info(&g.level),
        reason,
        formula,
        inputs: g.explanation.inputs.iter().map(input_line).collect(),
    }
}

/// One input: `実績値 55.0%（2025年3月卒）`.
fn input_line(i: &Input) -> String {
    let q = Quantity {
        amount: i.amount,
        unit: i.unit.clone(),
    };
    format!("{} {}（{}）", role_label(i), quantity_text(&q), i.period)
}

fn role_label(i: &Input) -> &'static str {
    match (i.role, i.column) {
        (InputRole::Actual, _) => "実績値",
        (InputRole::Trajectory, _) => "計画線上の値",
        (InputRole::Base, Some(c)) | (InputRole::Target, Some(c)) => c.label_ja(),
        (InputRole::Base, None) => "基準値",
        (InputRole::Target, None) => "按分目標値",
    }
}

/// The counts of a roll-up with the rubric's labels, in rubric order.
pub fn grade_counts(r: &Rollup, rubric: &Rubric) -> GradeCounts {
    let rows = r
        .counts
        .iter()
        .map(|(id, n)| {
            let level = rubric.level(id).map_or_else(
                || LevelInfo {
                    code: id.clone(),
                    label: id.clone(),
                    tone: "none".to_owned(),
                },
                |l| level_info(&l),
            );
            let share = r
                .shares
                .iter()
                .find(|(l, _)| l == id)
                .map(|(_, s)| format!("{s}%"))
                .unwrap_or_default();
            CountRow {
                level,
                count: *n,
                share,
            }
        })
        .collect();
    GradeCounts {
        total: r.total,
        evaluated: r.evaluated,
        rows,
    }
}
