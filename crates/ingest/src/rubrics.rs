//! Rubric files: the TOML form of a grading [`Rubric`], and the rubrics
//! keikaku ships with.
//!
//! [`parse`] reads a rubric file and checks it with [`Rubric::validate`];
//! every error names the line and column (for a check on a level, the line
//! of that level's `id`). [`shipped`] returns the four rubrics compiled in
//! from `data/rubrics/` (`tsuruoka-4`, the default, `sabc-baseline`,
//! `achievement-bands`, `achievement-bands-prorated`); [`by_name`] picks
//! one. The format and the reasoning behind each rubric are in
//! `docs/grading.md`.

use keikaku_model::grading::{Rubric, RubricError};

/// The name of the default rubric.
pub const DEFAULT: &str = "tsuruoka-4";

/// The shipped rubric files, in the order [`shipped`] returns them.
pub const SHIPPED: [(&str, &str); 4] = [
    (
        "tsuruoka-4",
        include_str!("../../../data/rubrics/tsuruoka-4.toml"),
    ),
    (
        "sabc-baseline",
        include_str!("../../../data/rubrics/sabc-baseline.toml"),
    ),
    (
        "achievement-bands",
        include_str!("../../../data/rubrics/achievement-bands.toml"),
    ),
    (
        "achievement-bands-prorated",
        include_str!("../../../data/rubrics/achievement-bands-prorated.toml"),
    ),
];

/// A problem in a rubric file, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RubricFileError {
    /// The TOML is malformed, a key is unknown (e.g. a misspelt metric) or a
    /// value has the wrong form.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file parses but the rubric does not hold together (see
    /// [`Rubric::validate`]); one message per problem.
    #[error("{}", problems.iter().map(|(l, c, m)| format!("line {l}, column {c}: {m}")).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// (line, column, message) per problem; line 1, column 1 for problems
        /// of the rubric as a whole.
        problems: Vec<(usize, usize, String)>,
    },
    /// The rubric could not be serialised.
    #[error("cannot write the rubric file: {0}")]
    Write(String),
}

/// Reads and checks a rubric file.
pub fn parse(text: &str) -> Result<Rubric, RubricFileError> {
    let rubric: Rubric = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        RubricFileError::Syntax {
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    rubric
        .validate()
        .map_err(|errors| RubricFileError::Invalid {
            problems: errors
                .iter()
                .map(|e| {
                    let (line, column) = position_of(text, e);
                    (line, column, e.to_string())
                })
                .collect(),
        })?;
    Ok(rubric)
}

/// Renders a rubric as TOML (decimals as strings), readable by [`parse`].
pub fn to_toml(rubric: &Rubric) -> Result<String, RubricFileError> {
    toml::to_string_pretty(rubric).map_err(|e| RubricFileError::Write(e.to_string()))
}

/// The shipped rubrics, the default ([`DEFAULT`]) first. Each is checked by
/// the test suite to parse; a file that did not would be left out.
pub fn shipped() -> Vec<Rubric> {
    SHIPPED
        .iter()
        .filter_map(|(_, text)| parse(text).ok())
        .collect()
}

/// A shipped rubric by name.
pub fn by_name(name: &str) -> Option<Rubric> {
    SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, text)| parse(text).ok())
}

/// The 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where a validation problem is: the line of `id = "…"` of the level it
/// concerns (the first, or the second for an ID used twice), else 1:1.
fn position_of(text: &str, error: &RubricError) -> (usize, usize) {
    let Some(level) = &error.level else {
        return (1, 1);
    };
    let wanted = format!("\"{level}\"");
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start();
            l.strip_prefix("id")
                .map(str::trim_start)
                .and_then(|rest| rest.strip_prefix('='))
                .is_some_and(|v| v.trim() == wanted)
        })
        .map(|(i, _)| i + 1)
        .collect();
    let twice = error.message.contains("used twice");
    let line = if twice { hits.get(1) } else { hits.first() };
    let column = line.and_then(|n| text.lines().nth(n - 1)).map_or(1, |l| {
        l.chars().count() - l.trim_start().chars().count() + 1
    });
    (line.copied().unwrap_or(1), column)
}
