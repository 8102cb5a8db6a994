//! Rows of budget lines (予算) → [`BudgetLine`]s, each checked with
//! [`BudgetLine::check`] (funding adds up, no negative budgets, FTE sane).

use super::Problem;
use super::columns::{Col, Columns};
use super::table::Table;
use keikaku_model::budget::money::Thousands;
use keikaku_model::budget::{BudgetError, BudgetLine, Funding, Personnel};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ProgramId;
use keikaku_model::period::{Period, PeriodKind};
use keikaku_model::text::fold_width;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::str::FromStr;

/// Reads every row; problems go to `problems`, valid rows are returned.
pub(crate) fn read(table: &Table, cols: &Columns, problems: &mut Vec<Problem>) -> Vec<BudgetLine> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (line, row) in &table.rows {
        let mut row_problems = Vec::new();
        let mut bad = |col: Option<Col>, reason: String| {
            let column = col.map(|c| cols.header(c)).unwrap_or_default();
            row_problems.push(table.problem(*line, &column, reason));
        };
        if row.len() > table.header.len() {
            bad(
                None,
                format!(
                    "the row has {} fields but the header has {}: quote values that contain commas (\"1,234\")",
                    row.len(),
                    table.header.len()
                ),
            );
        }
        let program = ProgramId::new(cols.cell(row, Col::Id))
            .map_err(|e| bad(Some(Col::Id), e.to_string()))
            .ok();
        let year = fiscal_year(cols.cell(row, Col::Year))
            .map_err(|e| bad(Some(Col::Year), e))
            .ok();
        if let (Some(p), Some(y)) = (&program, year)
            && !seen.insert((p.clone(), y))
        {
            bad(
                Some(Col::Year),
                format!("initiative {p} has a second line for FY{}", y.year()),
            );
        }
        let mut amount = |col: Col, required: bool| -> Option<Thousands> {
            let text = cols.cell(row, col);
            if text.is_empty() {
                if required {
                    bad(
                        Some(col),
                        "empty: write the amount in thousands of yen (千円), 0 if none".into(),
                    );
                }
                return None;
            }
            Thousands::parse(text)
                .map_err(|e| bad(Some(col), e.to_string()))
                .ok()
        };
        let initial = amount(Col::Initial, true);
        let supplementary = amount(Col::Supplementary, false);
        let settlement = amount(Col::Settlement, false);
        let sources = [Col::General, Col::Grants, Col::Bonds, Col::Other];
        let given = sources.iter().any(|c| !cols.cell(row, *c).is_empty());
        let funding_parts: Vec<Option<Thousands>> = sources
            .iter()
            .map(|c| {
                if given {
                    amount(*c, false).or(Some(Thousands::ZERO))
                } else {
                    None
                }
            })
            .collect();
        let unit_cost = amount(Col::UnitCost, false);
        let fte_text = fold_width(cols.cell(row, Col::Fte));
        let fte = if fte_text.is_empty() {
            None
        } else {
            Decimal::from_str(&fte_text)
                .map_err(|_| {
                    bad(
                        Some(Col::Fte),
                        format!("「{fte_text}」 is not a number of full-time equivalents (人工), e.g. 1.5"),
                    )
                })
                .ok()
        };
        let personnel = match (
            fte,
            unit_cost,
            fte_text.is_empty(),
            cols.cell(row, Col::UnitCost).is_empty(),
        ) {
            (Some(fte), Some(unit_cost), _, _) => Some(Personnel { fte, unit_cost }),
            (_, _, true, true) => None,
            (_, _, true, false) => {
                bad(
                    Some(Col::Fte),
                    "人件費単価 is given but 人工 is empty: give both or neither".into(),
                );
                None
            }
            (_, _, false, true) => {
                bad(
                    Some(Col::UnitCost),
                    "人工 is given but 人件費単価 is empty: give both or neither".into(),
                );
                None
            }
            _ => None,
        };
        if !row_problems.is_empty() {
            problems.extend(row_problems);
            continue;
        }
        let (Some(program), Some(year), Some(initial)) = (program, year, initial) else {
            continue;
        };
        let funding = given.then(|| Funding {
            general: funding_parts[0].unwrap_or_default(),
            grants: funding_parts[1].unwrap_or_default(),
            bonds: funding_parts[2].unwrap_or_default(),
            other: funding_parts[3].unwrap_or_default(),
        });
        let l = BudgetLine {
            program,
            year,
            initial,
            supplementary: supplementary.unwrap_or_default(),
            settlement,
            funding,
            personnel,
        };
        match l.check() {
            Ok(()) => out.push(l),
            Err(e) => {
                let col = match &e {
                    BudgetError::FundingMismatch { .. } => Some(Col::General),
                    BudgetError::BadFte(_) => Some(Col::Fte),
                    BudgetError::Negative { field, .. } if field.starts_with("決算") => {
                        Some(Col::Settlement)
                    }
                    BudgetError::Negative { field, .. } if field.starts_with("当初") => {
                        Some(Col::Initial)
                    }
                    BudgetError::Negative { field, .. } if field.starts_with("予算現額") => {
                        Some(Col::Supplementary)
                    }
                    _ => None,
                };
                let column = col.map(|c| cols.header(c)).unwrap_or_default();
                problems.push(table.problem(*line, &column, e.to_string()));
            }
        }
    }
    out
}

/// A fiscal year written `2023`, `2023年度`, `令和5年度`, `R5`, `FY2023`.
fn fiscal_year(text: &str) -> Result<FiscalYear, String> {
    let t = fold_width(text.trim());
    if t.is_empty() {
        return Err("empty fiscal year: write e.g. 2023 or 令和5年度".into());
    }
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = t
            .parse()
            .map_err(|_| format!("「{text}」 is not a fiscal year"))?;
        return FiscalYear::new(y).map_err(|e| e.to_string());
    }
    match Period::parse(&t).map(|p| p.kind()) {
        Ok(PeriodKind::FiscalYear { year }) => Ok(year),
        _ => Err(format!(
            "「{text}」 is not a fiscal year: write e.g. 2023, 2023年度, 令和5年度 or R5"
        )),
    }
}
