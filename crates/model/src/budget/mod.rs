//! Budgets of initiatives (事業) per fiscal year, and what they link to.
//!
//! The budget catalogue holds [`Program`]s: the initiatives money is spent
//! on, each owned by a department and linked (many-to-many) to the
//! projects, policy directions and policy items it serves and to the
//! indicators it is meant to move. Per fiscal year an initiative has a
//! [`BudgetLine`]: initial budget (当初予算), supplementary (補正), settlement
//! (決算), funding sources (財源内訳) and personnel cost (人件費), all in
//! thousands of yen as exact integers ([`money::Thousands`]).
//!
//! Definitions (also in `docs/budget.md`):
//! - 予算現額 (current budget) = 当初 + 補正;
//! - 財源内訳 (funding sources) break down the current budget and must add up to it;
//! - 人件費 = FTE (人工) × unit cost per FTE, rounded half up to the thousand yen;
//! - 総事業費 (total cost) = 決算 (or, before settlement, 予算現額) + 人件費;
//! - 執行率 (execution rate) = 決算 ÷ 予算現額, in percent to one decimal.
//!
//! Roll-ups over projects, fields and policy items are in [`rollup`].

pub mod money;
pub mod rollup;

use crate::fiscal_year::FiscalYear;
use crate::ids::{
    DepartmentId, DirectionId, EditionId, IndicatorId, KeyInitiativeId, PolicyItemId, ProgramId,
    ProjectId,
};
use crate::plan::Plan;
use crate::workflow::Decision;
use money::{MoneyError, Thousands};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What an initiative serves and is meant to move.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramLinks {
    /// Cross-cutting projects it serves directly.
    #[serde(default)]
    pub projects: Vec<ProjectId>,
    /// Policy directions (主な施策の方向) it serves; each also counts for its project.
    #[serde(default)]
    pub directions: Vec<DirectionId>,
    /// Policy items (中項目) of the basic plan it serves.
    #[serde(default)]
    pub items: Vec<PolicyItemId>,
    /// Indicators it is meant to move.
    #[serde(default)]
    pub indicators: Vec<IndicatorId>,
}

/// An initiative (事業) money is budgeted for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    /// Stable ID.
    pub id: ProgramId,
    /// Name as the budget book writes it, e.g. ふるさと寄附金事業.
    pub name: String,
    /// Owning department.
    pub department: DepartmentId,
    /// The key initiative of section V it is, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_initiative: Option<KeyInitiativeId>,
    /// Links to the plan.
    #[serde(default)]
    pub links: ProgramLinks,
}

impl Program {
    /// The projects served: those linked directly and those of linked directions, in plan order.
    pub fn projects<'a>(&self, plan: &'a Plan) -> Vec<&'a ProjectId> {
        plan.projects
            .iter()
            .filter(|p| {
                self.links.projects.contains(&p.id)
                    || p.directions
                        .iter()
                        .any(|d| self.links.directions.contains(&d.id))
            })
            .map(|p| &p.id)
            .collect()
    }

    /// The fields served, through linked policy items, in plan order.
    pub fn fields<'a>(&self, plan: &'a Plan) -> Vec<&'a crate::ids::FieldId> {
        plan.fields
            .iter()
            .filter(|f| f.items.iter().any(|i| self.links.items.contains(&i.id)))
            .map(|f| &f.id)
            .collect()
    }
}

/// Personnel assigned to an initiative in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Personnel {
    /// Full-time equivalents (人工), e.g. 1.5.
    pub fte: Decimal,
    /// Cost per FTE in thousands of yen (人件費単価).
    pub unit_cost: Thousands,
}

impl Personnel {
    /// FTE × unit cost, rounded half up to the thousand yen.
    pub fn cost(&self) -> Result<Thousands, MoneyError> {
        let exact = self
            .fte
            .checked_mul(Decimal::from(self.unit_cost.get()))
            .ok_or_else(|| MoneyError::Overflow(format!("{} × {}", self.fte, self.unit_cost)))?;
        let rounded = exact.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        i64::try_from(rounded)
            .map(Thousands::new)
            .map_err(|_| MoneyError::Overflow(format!("{} × {}", self.fte, self.unit_cost)))
    }
}

/// Funding sources (財源内訳) of the current budget.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funding {
    /// 一般財源.
    pub general: Thousands,
    /// 国県支出金 (national and prefectural disbursements).
    pub grants: Thousands,
    /// 地方債 (municipal bonds).
    pub bonds: Thousands,
    /// その他 (fees, funds, …).
    pub other: Thousands,
}

impl Funding {
    /// The four sources added up.
    pub fn total(&self) -> Result<Thousands, MoneyError> {
        Thousands::sum([self.general, self.grants, self.bonds, self.other])
    }
}

/// An initiative's money in one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    /// The initiative.
    pub program: ProgramId,
    /// The fiscal year.
    pub year: FiscalYear,
    /// 当初予算.
    pub initial: Thousands,
    /// 補正予算 (may be negative).
    #[serde(default)]
    pub supplementary: Thousands,
    /// 決算, once settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement: Option<Thousands>,
    /// 財源内訳, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<Funding>,
    /// 人件費 basis, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personnel: Option<Personnel>,
}

/// Why a budget line or initiative does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// Arithmetic or parsing of money failed.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A field that must not be negative is.
    #[error("{field} must not be negative (got {value} 千円)")]
    Negative {
        /// The field's name.
        field: &'static str,
        /// The value.
        value: Thousands,
    },
    /// The funding sources do not add up to the current budget.
    #[error(
        "funding sources add up to {sources} 千円 but the current budget (当初 + 補正) is {budget} 千円"
    )]
    FundingMismatch {
        /// Sum of the four sources.
        sources: Thousands,
        /// 当初 + 補正.
        budget: Thousands,
    },
    /// FTE is negative or has more than two decimals.
    #[error("FTE (人工) must be between 0 and 1000 with at most two decimals, got {0}")]
    BadFte(Decimal),
    /// A link or owner names something the plan does not have.
    #[error("{what} {id} is not in the plan")]
    Unknown {
        /// Kind of element.
        what: &'static str,
        /// The ID as given.
        id: String,
    },
}

impl BudgetLine {
    /// 予算現額: initial + supplementary.
    pub fn current_budget(&self) -> Result<Thousands, MoneyError> {
        self.initial.checked_add(self.supplementary)
    }

    /// 人件費, zero when unknown.
    pub fn personnel_cost(&self) -> Result<Thousands, MoneyError> {
        self.personnel.map_or(Ok(Thousands::ZERO), |p| p.cost())
    }

    /// 事業費 on the best basis known: the settlement, else the current budget.
    pub fn spending(&self) -> Result<Thousands, MoneyError> {
        match self.settlement {
            Some(s) => Ok(s),
            None => self.current_budget(),
        }
    }

    /// 総事業費: spending plus personnel cost.
    pub fn total_cost(&self) -> Result<Thousands, MoneyError> {
        self.spending()?.checked_add(self.personnel_cost()?)
    }

    /// 執行率 in percent to one decimal; `None` before settlement or with no budget.
    pub fn execution_rate(&self) -> Result<Option<Decimal>, MoneyError> {
        let Some(settled) = self.settlement else {
            return Ok(None);
        };
        Ok(rate(settled, self.current_budget()?))
    }

    /// Checks the line's own arithmetic: no negative initial budget,
    /// settlement or current budget; funding adds up; FTE sane.
    pub fn check(&self) -> Result<(), BudgetError> {
        non_negative("当初予算 (initial)", self.initial)?;
        let budget = self.current_budget()?;
        non_negative("予算現額 (initial + supplementary)", budget)?;
        if let Some(s) = self.settlement {
            non_negative("決算 (settlement)", s)?;
        }
        if let Some(f) = &self.funding {
            for (name, v) in [
                ("一般財源 (general)", f.general),
                ("国県支出金 (grants)", f.grants),
                ("地方債 (bonds)", f.bonds),
                ("その他 (other)", f.other),
            ] {
                non_negative(name, v)?;
            }
            let sources = f.total()?;
            if sources != budget {
                return Err(BudgetError::FundingMismatch { sources, budget });
            }
        }
        if let Some(p) = &self.personnel {
            let ok = p.fte >= Decimal::ZERO && p.fte <= Decimal::from(1000) && p.fte.scale() <= 2;
            if !ok {
                return Err(BudgetError::BadFte(p.fte));
            }
            non_negative("人件費単価 (unit cost)", p.unit_cost)?;
            p.cost()?;
        }
        Ok(())
    }
}

fn non_negative(field: &'static str, value: Thousands) -> Result<(), BudgetError> {
    if value.is_negative() {
        Err(BudgetError::Negative { field, value })
    } else {
        Ok(())
    }
}

/// `part ÷ whole` in percent, rounded half up to one decimal and written
/// with that one decimal (`95.0`); `None` when `whole` is zero.
pub fn rate(part: Thousands, whole: Thousands) -> Option<Decimal> {
    if whole.get() == 0 {
        return None;
    }
    let ratio =
        Decimal::from(part.get()).checked_mul(Decimal::from(100))? / Decimal::from(whole.get());
    let mut rounded = ratio.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    // Always one decimal place, so 95 % is written 95.0 everywhere.
    rounded.rescale(1);
    Some(rounded)
}

impl Program {
    /// Checks that the owner and every link name an element of `plan`;
    /// `departments` are the department IDs known (the plan's and any added
    /// by reorganisations).
    pub fn check(
        &self,
        plan: &Plan,
        departments: &BTreeSet<DepartmentId>,
    ) -> Result<(), BudgetError> {
        let unknown = |what: &'static str, id: &dyn std::fmt::Display| BudgetError::Unknown {
            what,
            id: id.to_string(),
        };
        if !departments.contains(&self.department) {
            return Err(unknown("department", &self.department));
        }
        if let Some(k) = &self.key_initiative {
            let known = plan
                .key_initiatives
                .iter()
                .flat_map(|g| &g.initiatives)
                .any(|i| &i.id == k);
            if !known {
                return Err(unknown("key initiative", k));
            }
        }
        for p in &self.links.projects {
            if plan.project(p).is_none() {
                return Err(unknown("project", p));
            }
        }
        for d in &self.links.directions {
            let known = plan
                .projects
                .iter()
                .flat_map(|p| &p.directions)
                .any(|x| &x.id == d);
            if !known {
                return Err(unknown("policy direction", d));
            }
        }
        for i in &self.links.items {
            let known = plan
                .fields
                .iter()
                .flat_map(|f| &f.items)
                .any(|x| &x.id == i);
            if !known {
                return Err(unknown("policy item", i));
            }
        }
        for i in &self.links.indicators {
            if plan.indicator(i).is_none() {
                return Err(unknown("indicator", i));
            }
        }
        Ok(())
    }
}

/// The budget proposed for the coming year while a draft edition is prepared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The draft edition it belongs to.
    pub edition: EditionId,
    /// The initiative.
    pub program: ProgramId,
    /// The year the money is for.
    pub year: FiscalYear,
    /// Proposed amount (要求額).
    pub amount: Thousands,
    /// The improvement decision behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// Why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[cfg(test)]
mod tests;
