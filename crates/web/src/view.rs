//! Small view models shared by pages: grade badges and level counts, period
//! and value labels in the page's language.

use crate::i18n::Lang;
use keikaku_model::grading::{Grade, LevelLabel, Rubric, Tone};
use keikaku_model::indicator::KpiValue;
use keikaku_model::quantity::group_thousands;
use keikaku_model::rollup::Rollup;

/// A grade badge: text always present (never colour alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// Short code, e.g. `A`.
    pub code: String,
    /// Label in the page's language.
    pub label: String,
    /// CSS class for the tone.
    pub class: &'static str,
}

fn tone_class(t: Tone) -> &'static str {
    match t {
        Tone::Good => "tone-good",
        Tone::Fair => "tone-fair",
        Tone::Poor => "tone-poor",
        Tone::Bad => "tone-bad",
        Tone::Neutral => "tone-none",
    }
}

/// A badge for a level label.
pub fn badge(level: &LevelLabel, lang: Lang) -> Badge {
    Badge {
        code: level.code.clone(),
        label: match lang {
            Lang::Ja => level.ja.clone(),
            Lang::En => level.en.clone(),
        },
        class: tone_class(level.tone),
    }
}

/// A grade's badge.
pub fn grade_badge(g: &Grade, lang: Lang) -> Badge {
    badge(&g.level, lang)
}

/// One level's count and share in a roll-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelCount {
    /// The level's badge.
    pub badge: Badge,
    /// Indicators at this level.
    pub count: usize,
    /// Share of all indicators, e.g. `22.7%`.
    pub share: String,
}

/// The counts of a roll-up with their badges (labels from the rubric, so a
/// level no indicator reached is labelled too), in rubric order; and the total.
pub fn level_counts(r: &Rollup, rubric: &Rubric, lang: Lang) -> (Vec<LevelCount>, usize) {
    let counts = r
        .counts
        .iter()
        .map(|(id, n)| {
            let b = rubric.level(id).map(|l| badge(&l, lang)).unwrap_or(Badge {
                code: id.clone(),
                label: id.clone(),
                class: "tone-none",
            });
            let share = r
                .shares
                .iter()
                .find(|(l, _)| l == id)
                .map(|(_, s)| format!("{s}%"))
                .unwrap_or_default();
            LevelCount {
                badge: b,
                count: *n,
                share,
            }
        })
        .collect();
    (counts, r.total)
}

/// A KPI value as shown: `1,026,000人`, `19.0%以下`.
pub fn value_text(v: &KpiValue) -> String {
    let bound = v.bound.map_or("", |b| b.suffix_ja());
    format!(
        "{}{}{bound}",
        group_thousands(&v.quantity.amount),
        v.quantity.unit
    )
}

/// A period label in the page's language: `2024年度（令和6年度）` / `FY2024`.
pub fn period_label(p: &keikaku_model::period::Period, lang: Lang) -> String {
    match lang {
        Lang::Ja => p.label_ja(),
        Lang::En => p.label_en(),
    }
}
