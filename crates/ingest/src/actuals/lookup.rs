//! Finding an indicator by its ID or by a name the plan prints for it.
//!
//! An indicator answers to its ID (`KPI-03`), its name
//! ([`keikaku_model::indicator::Indicator::name`]) and every label a KPI table
//! prints for it ([`keikaku_model::plan::TableRow::label`]). Texts are compared
//! after width folding and trimming, ignoring ASCII case, so `（累計）` and
//! `(累計)` or `kpi-03` and `KPI-03` match; no other normalisation is done.
//! A text that names two different indicators is refused as ambiguous. For
//! an unknown text, the closest known names (by shared character pairs) are
//! suggested.

use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::Indicator;
use keikaku_model::plan::Plan;
use keikaku_model::text::fold_width;
use std::collections::HashMap;

/// The plan's indicators by every text that names them.
pub(super) struct Indicators<'p> {
    plan: &'p Plan,
    by_key: HashMap<String, Vec<&'p IndicatorId>>,
    /// Every naming text as written, with its key and indicator, for suggestions.
    names: Vec<(&'p str, String, &'p IndicatorId)>,
}

/// Longest text (in characters) for which names are suggested.
const MAX_SUGGESTION_INPUT: usize = 200;

/// The comparison key of a naming text.
fn key(s: &str) -> String {
    fold_width(s).trim().to_ascii_lowercase()
}

impl<'p> Indicators<'p> {
    /// Indexes the IDs, names and table labels of a plan's indicators.
    pub(super) fn new(plan: &'p Plan) -> Self {
        let mut index = Indicators {
            plan,
            by_key: HashMap::new(),
            names: Vec::new(),
        };
        for indicator in &plan.indicators {
            index.add(indicator.id.as_str(), &indicator.id);
            index.add(&indicator.name, &indicator.id);
        }
        for (_, table) in plan.tables() {
            for row in &table.rows {
                if plan.indicator(&row.indicator).is_some() {
                    index.add(&row.label, &row.indicator);
                }
            }
        }
        index
    }

    fn add(&mut self, text: &'p str, id: &'p IndicatorId) {
        let k = key(text);
        if k.is_empty() {
            return;
        }
        let ids = self.by_key.entry(k.clone()).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
        if !self.names.iter().any(|(_, n, i)| *n == k && *i == id) {
            self.names.push((text, k, id));
        }
    }

    /// The indicator a cell names, or why it names none.
    pub(super) fn find(&self, written: &str) -> Result<&'p Indicator, String> {
        let k = key(written);
        if k.is_empty() {
            return Err(format!(
                "empty indicator: write the indicator's ID ({}) or its name as printed in the plan",
                self.id_range()
            ));
        }
        match self.by_key.get(&k).map(Vec::as_slice) {
            Some([id]) => self
                .plan
                .indicator(id)
                .ok_or_else(|| self.unknown(written.trim(), &k)),
            Some(ids) if ids.len() > 1 => Err(format!(
                "「{}」 names more than one indicator ({}): write the ID instead",
                written.trim(),
                ids.iter()
                    .map(|id| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => Err(self.unknown(written.trim(), &k)),
        }
    }

    /// `KPI-01 … KPI-22`, or the single ID, or a placeholder for an empty plan.
    fn id_range(&self) -> String {
        match (self.plan.indicators.first(), self.plan.indicators.last()) {
            (Some(a), Some(b)) if a.id != b.id => format!("{} … {}", a.id, b.id),
            (Some(a), _) => a.id.to_string(),
            _ => "the plan has no indicators".to_owned(),
        }
    }

    fn unknown(&self, written: &str, k: &str) -> String {
        let suggestions = self.suggest(k);
        let hint = if suggestions.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", suggestions.join(" or "))
        };
        format!(
            "「{written}」 is not an indicator ID or name of the plan{hint}: write the ID ({}) or the name exactly as printed in the plan",
            self.id_range()
        )
    }

    /// Up to three indicators whose naming texts are closest to `k`.
    fn suggest(&self, k: &str) -> Vec<String> {
        // Names are short; a huge cell is not a misspelt name (and would be slow to compare).
        if k.chars().count() > MAX_SUGGESTION_INPUT {
            return Vec::new();
        }
        let mut scored: Vec<(u32, &str, &IndicatorId)> = Vec::new();
        for (text, name_key, id) in &self.names {
            let score = similarity(k, name_key);
            if score < 50 {
                continue;
            }
            match scored.iter_mut().find(|(_, _, other)| other == id) {
                Some(best) if best.0 < score => *best = (score, text, id),
                Some(_) => {}
                None => scored.push((score, text, id)),
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(b.2)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, text, id)| {
                if text == id.as_str() {
                    id.to_string()
                } else {
                    format!("{id} 「{text}」")
                }
            })
            .collect()
    }
}

/// Similarity in percent: the Dice coefficient of the character pairs, at
/// least 60 when one text contains the other (and the shorter has two or
/// more characters).
fn similarity(a: &str, b: &str) -> u32 {
    let (pa, pb) = (pairs(a), pairs(b));
    let total = pa.len() + pb.len();
    let mut rest = pb;
    let mut common = 0usize;
    for p in &pa {
        if let Some(i) = rest.iter().position(|q| q == p) {
            rest.swap_remove(i);
            common += 1;
        }
    }
    let dice = (200 * common)
        .checked_div(total)
        .and_then(|d| u32::try_from(d).ok())
        .unwrap_or(0);
    let contained =
        a.chars().count().min(b.chars().count()) >= 2 && (a.contains(b) || b.contains(a));
    if contained { dice.max(60) } else { dice }
}

fn pairs(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((*a, *b)),
            _ => None,
        })
        .collect()
}
