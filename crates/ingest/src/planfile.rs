//! The plan file: a human-editable, git-friendly TOML rendering of a
//! [`Plan`] that round-trips losslessly.
//!
//! Decimals are written as strings (`amount = "45.0"`) so their precision
//! survives; periods as written (`period = "2018年3月卒"`) and re-parsed on
//! load. Loading checks that every reference resolves (see
//! [`keikaku_model::integrity`]). The format is documented in
//! `docs/plan-file.md`.

use crate::error::PlanFileError;
use keikaku_model::integrity;
use keikaku_model::plan::Plan;

/// Renders a plan as TOML.
pub fn to_toml(plan: &Plan) -> Result<String, PlanFileError> {
    let body = toml::to_string_pretty(plan).map_err(|e| PlanFileError::Write(e.to_string()))?;
    Ok(format!("{HEADER}{body}"))
}

const HEADER: &str = "# keikaku plan file (format: docs/plan-file.md).\n# Edit by hand or regenerate with `keikaku plan import DOCUMENT --format toml`.\n\n";

/// Reads a plan from TOML, checking that its references hold together.
pub fn from_toml(text: &str) -> Result<Plan, PlanFileError> {
    let plan: Plan = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        PlanFileError::Syntax {
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    integrity::check(&plan).map_err(|problems| {
        PlanFileError::Integrity(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok(plan)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
