//! Cost roll-ups: totals per project, field, policy item and indicator per
//! fiscal year, their trends, and the gaps (money without an indicator,
//! indicators without an initiative).
//!
//! An initiative serving several projects counts in full in each of them
//! (再掲, as budget books do), so per-project totals do not add up to the
//! overall total; [`Book::overall`] counts each initiative once.

use super::money::{MoneyError, Thousands};
use super::{BudgetLine, Program, rate};
use crate::fiscal_year::FiscalYear;
use crate::ids::{FieldId, IndicatorId, PolicyItemId, ProgramId, ProjectId};
use crate::plan::Plan;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

/// Money added up over a set of budget lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Σ 予算現額 (initial + supplementary).
    pub budget: Thousands,
    /// Σ 当初予算.
    pub initial: Thousands,
    /// Σ 決算 over the settled lines.
    pub settlement: Thousands,
    /// Σ 予算現額 over the settled lines (the base of the execution rate).
    pub settled_budget: Thousands,
    /// Σ 人件費.
    pub personnel: Thousands,
    /// Σ 総事業費 (settlement, or budget where unsettled, plus personnel).
    pub total: Thousands,
    /// Lines added.
    pub lines: usize,
    /// Lines with a settlement.
    pub settled: usize,
}

impl Totals {
    /// Adds one line.
    pub fn add(&mut self, line: &BudgetLine) -> Result<(), MoneyError> {
        let budget = line.current_budget()?;
        self.budget = self.budget.checked_add(budget)?;
        self.initial = self.initial.checked_add(line.initial)?;
        if let Some(s) = line.settlement {
            self.settlement = self.settlement.checked_add(s)?;
            self.settled_budget = self.settled_budget.checked_add(budget)?;
            self.settled += 1;
        }
        self.personnel = self.personnel.checked_add(line.personnel_cost()?)?;
        self.total = self.total.checked_add(line.total_cost()?)?;
        self.lines += 1;
        Ok(())
    }

    /// Totals of some lines.
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a BudgetLine>) -> Result<Totals, MoneyError> {
        let mut t = Totals::default();
        for l in lines {
            t.add(l)?;
        }
        Ok(t)
    }

    /// 執行率 over the settled lines, percent to one decimal.
    pub fn execution_rate(&self) -> Option<Decimal> {
        if self.settled == 0 {
            return None;
        }
        rate(self.settlement, self.settled_budget)
    }

    /// Whether every line is settled (the total is then on a settlement basis).
    pub fn fully_settled(&self) -> bool {
        self.settled == self.lines
    }
}

/// A row of a roll-up: a key (project, field, …) and its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row<K> {
    /// What the row is for.
    pub key: K,
    /// Initiatives counted.
    pub programs: Vec<ProgramId>,
    /// Their money.
    pub totals: Totals,
}

/// The budget catalogue and its lines read against a plan.
#[derive(Debug, Clone, Copy)]
pub struct Book<'a> {
    /// The plan the links refer to.
    pub plan: &'a Plan,
    /// The initiatives.
    pub programs: &'a [Program],
    /// Their budget lines (any years).
    pub lines: &'a [BudgetLine],
}

impl<'a> Book<'a> {
    /// Fiscal years with at least one line, ascending.
    pub fn years(&self) -> Vec<FiscalYear> {
        let set: BTreeSet<FiscalYear> = self.lines.iter().map(|l| l.year).collect();
        set.into_iter().collect()
    }

    /// An initiative's line for a year.
    pub fn line(&self, program: &ProgramId, year: FiscalYear) -> Option<&'a BudgetLine> {
        self.lines
            .iter()
            .find(|l| &l.program == program && l.year == year)
    }

    /// Totals of the initiatives `pick` selects, in `year`. One pass over
    /// the programs and one over the lines, so a roll-up over many keys
    /// stays linear in the catalogue's size per key.
    pub fn totals_where(
        &self,
        year: FiscalYear,
        pick: impl Fn(&Program) -> bool,
    ) -> Result<Row<()>, MoneyError> {
        let chosen: BTreeSet<&ProgramId> = self
            .programs
            .iter()
            .filter(|p| pick(p))
            .map(|p| &p.id)
            .collect();
        let mut totals = Totals::default();
        let mut with_line = BTreeSet::new();
        for l in self.lines {
            if l.year == year && chosen.contains(&l.program) && with_line.insert(&l.program) {
                totals.add(l)?;
            }
        }
        let programs = self
            .programs
            .iter()
            .filter(|p| with_line.contains(&p.id))
            .map(|p| p.id.clone())
            .collect();
        Ok(Row {
            key: (),
            programs,
            totals,
        })
    }

    /// Every initiative counted once, in `year`.
    pub fn overall(&self, year: FiscalYear) -> Result<Totals, MoneyError> {
        Ok(self.totals_where(year, |_| true)?.totals)
    }

    /// Per project (in plan order) in `year`; an initiative counts in every project it serves.
    pub fn by_project(&self, year: FiscalYear) -> Result<Vec<Row<ProjectId>>, MoneyError> {
        self.plan
            .projects
            .iter()
            .map(|p| {
                let row = self.totals_where(year, |g| g.projects(self.plan).contains(&&p.id))?;
                Ok(rekey(row, p.id.clone()))
            })
            .collect()
    }

    /// Per basic-plan field (in plan order) in `year`, through linked policy items.
    pub fn by_field(&self, year: FiscalYear) -> Result<Vec<Row<FieldId>>, MoneyError> {
        self.plan
            .fields
            .iter()
            .map(|f| {
                let row = self.totals_where(year, |g| g.fields(self.plan).contains(&&f.id))?;
                Ok(rekey(row, f.id.clone()))
            })
            .collect()
    }

    /// Per policy item (in plan order) in `year`.
    pub fn by_item(&self, year: FiscalYear) -> Result<Vec<Row<PolicyItemId>>, MoneyError> {
        self.plan
            .fields
            .iter()
            .flat_map(|f| &f.items)
            .map(|i| {
                let row = self.totals_where(year, |g| g.links.items.contains(&i.id))?;
                Ok(rekey(row, i.id.clone()))
            })
            .collect()
    }

    /// Totals per year (every year with lines) of the initiatives `pick` selects.
    pub fn trend(
        &self,
        pick: impl Fn(&Program) -> bool + Copy,
    ) -> Result<Vec<(FiscalYear, Totals)>, MoneyError> {
        self.years()
            .into_iter()
            .map(|y| Ok((y, self.totals_where(y, pick)?.totals)))
            .collect()
    }

    /// The initiatives meant to move an indicator.
    pub fn programs_for(&self, indicator: &IndicatorId) -> Vec<&'a Program> {
        self.programs
            .iter()
            .filter(|p| p.links.indicators.contains(indicator))
            .collect()
    }

    /// Initiatives with money in some year (a non-zero budget or
    /// settlement) but no indicator to move.
    pub fn money_without_indicator(&self) -> Vec<&'a Program> {
        self.programs
            .iter()
            .filter(|p| p.links.indicators.is_empty())
            .filter(|p| {
                self.lines.iter().any(|l| {
                    l.program == p.id
                        && (l.current_budget().is_ok_and(|b| b.get() != 0)
                            || l.settlement.is_some_and(|s| s.get() != 0))
                })
            })
            .collect()
    }

    /// The plan's indicators no initiative is linked to, in plan order.
    pub fn indicators_without_program(&self) -> Vec<&'a IndicatorId> {
        self.plan
            .indicators
            .iter()
            .map(|i| &i.id)
            .filter(|id| self.programs_for(id).is_empty())
            .collect()
    }
}

fn rekey<K>(row: Row<()>, key: K) -> Row<K> {
    Row {
        key,
        programs: row.programs,
        totals: row.totals,
    }
}
