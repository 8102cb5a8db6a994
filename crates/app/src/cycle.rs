//! The staff's view of a fiscal year's cycle: what each person still owes
//! (missing actuals, self-evaluations to write, reviews, council comments,
//! publications), data-entry completeness per department, and the cycle's
//! deadlines. Pure functions over the plan, actuals and PDCA records, plus
//! the deadline use cases.

use crate::{Actor, App, AppError};
use keikaku_model::access::{Permission, Role, Staff, allows};
use keikaku_model::actual::RecordedActual;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, IndicatorId, ProjectId};
use keikaku_model::plan::Plan;
use keikaku_model::scope::indicators_of;
use keikaku_model::workflow::{PdcaRecord, State, Subject};
use std::collections::BTreeSet;

/// A stage of the cycle with a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Actuals entered.
    Actuals,
    /// Self-evaluations submitted.
    SelfEvaluation,
    /// Reviews done.
    Review,
    /// Council comments written.
    Council,
    /// Evaluations published.
    Publish,
}

impl Stage {
    /// Every stage, in cycle order.
    pub const ALL: [Stage; 5] = [
        Stage::Actuals,
        Stage::SelfEvaluation,
        Stage::Review,
        Stage::Council,
        Stage::Publish,
    ];
    /// The keyword used in storage and forms.
    pub fn keyword(self) -> &'static str {
        match self {
            Stage::Actuals => "actuals",
            Stage::SelfEvaluation => "self_evaluation",
            Stage::Review => "review",
            Stage::Council => "council",
            Stage::Publish => "publish",
        }
    }
    /// The stage of a keyword.
    pub fn of(keyword: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.keyword() == keyword)
    }
}

/// A `YYYY-MM-DD` date that exists in the calendar.
pub fn parse_date(text: &str) -> Result<String, String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let bad = || format!("「{text}」 is not a date: write YYYY-MM-DD, e.g. 2025-06-30");
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (y, m, d): (i32, u32, u32) = match (y.parse(), m.parse(), d.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad()),
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1900..=2200).contains(&y) || d == 0 || d > days {
        return Err(bad());
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// What one staff member still has to do for a year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkList {
    /// Indicators in the person's scope without an actual for the year.
    pub missing_actuals: Vec<IndicatorId>,
    /// Projects whose self-evaluation the person owes (no record yet, or in draft).
    pub self_evaluations: Vec<ProjectId>,
    /// Records submitted and waiting for review.
    pub to_review: Vec<Subject>,
    /// Reviewed records without a council comment.
    pub to_comment: Vec<Subject>,
    /// Reviewed records waiting for publication.
    pub to_publish: Vec<Subject>,
}

fn state_of<'a>(
    records: &'a [PdcaRecord],
    year: FiscalYear,
    s: &Subject,
) -> Option<&'a PdcaRecord> {
    records
        .iter()
        .find(|r| r.fiscal_year == year && &r.subject == s)
}

fn with_actual(actuals: &[RecordedActual], year: FiscalYear) -> BTreeSet<&IndicatorId> {
    actuals
        .iter()
        .filter(|a| a.value.fiscal_year() == year)
        .map(|a| &a.value.indicator)
        .collect()
}

/// The work list of `staff` for `year`.
pub fn work_for(
    plan: &Plan,
    staff: &Staff,
    year: FiscalYear,
    actuals: &[RecordedActual],
    records: &[PdcaRecord],
) -> WorkList {
    let have = with_actual(actuals, year);
    let missing_actuals = plan
        .indicators
        .iter()
        .filter(|i| !have.contains(&i.id))
        .filter(|i| allows(staff, Permission::RecordActual(&i.id), plan))
        .map(|i| i.id.clone())
        .collect();
    let self_evaluations = plan
        .projects
        .iter()
        .filter(|p| {
            let s = Subject::Project(p.id.clone());
            staff.role == Role::Department
                && allows(staff, Permission::SelfEvaluate(&s), plan)
                && state_of(records, year, &s).is_none_or(|r| r.state == State::Draft)
        })
        .map(|p| p.id.clone())
        .collect();
    let in_state = |st: State| -> Vec<&PdcaRecord> {
        records
            .iter()
            .filter(|r| r.fiscal_year == year && r.state == st)
            .collect()
    };
    let reviewer = allows(staff, Permission::Review, plan);
    let council = allows(staff, Permission::CouncilComment, plan);
    WorkList {
        missing_actuals,
        self_evaluations,
        to_review: if reviewer {
            in_state(State::Submitted)
                .iter()
                .map(|r| r.subject.clone())
                .collect()
        } else {
            Vec::new()
        },
        to_comment: if council {
            in_state(State::Reviewed)
                .iter()
                .filter(|r| {
                    r.council_comment
                        .as_deref()
                        .is_none_or(|c| c.trim().is_empty())
                })
                .map(|r| r.subject.clone())
                .collect()
        } else {
            Vec::new()
        },
        to_publish: if reviewer {
            in_state(State::Reviewed)
                .iter()
                .map(|r| r.subject.clone())
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// Data-entry completeness of one department for a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completeness {
    /// The department.
    pub department: DepartmentId,
    /// Its name.
    pub name: String,
    /// Indicators in its scope.
    pub indicators: usize,
    /// Of those, with an actual for the year.
    pub with_actual: usize,
    /// Projects it leads.
    pub projects: usize,
    /// Of those, with the self-evaluation submitted (or further).
    pub submitted: usize,
    /// Of those, published.
    pub published: usize,
}

/// Completeness per department, in the plan's department order; departments
/// without any project are left out.
pub fn completeness(
    plan: &Plan,
    year: FiscalYear,
    actuals: &[RecordedActual],
    records: &[PdcaRecord],
) -> Vec<Completeness> {
    let have = with_actual(actuals, year);
    plan.departments
        .iter()
        .filter_map(|d| {
            let scope = indicators_of(plan, std::slice::from_ref(&d.id));
            let led: Vec<&ProjectId> = plan
                .projects
                .iter()
                .filter(|p| p.lead.contains(&d.id))
                .map(|p| &p.id)
                .collect();
            if scope.is_empty() && led.is_empty() {
                return None;
            }
            let state = |p: &ProjectId| {
                state_of(records, year, &Subject::Project(p.clone())).map(|r| r.state)
            };
            Some(Completeness {
                department: d.id.clone(),
                name: d.name.clone(),
                indicators: scope.len(),
                with_actual: scope.iter().filter(|i| have.contains(i)).count(),
                projects: led.len(),
                submitted: led
                    .iter()
                    .filter(|p| state(p).is_some_and(|s| s != State::Draft))
                    .count(),
                published: led
                    .iter()
                    .filter(|p| state(p) == Some(State::Published))
                    .count(),
            })
        })
        .collect()
}

impl App {
    /// The deadlines of a year, in cycle order.
    pub async fn deadlines(
        &self,
        code: &str,
        year: FiscalYear,
    ) -> Result<Vec<(Stage, String)>, AppError> {
        let mut out: Vec<(Stage, String)> = self
            .store()
            .deadlines(code, year.year())
            .await?
            .into_iter()
            .filter_map(|(s, d)| Stage::of(&s).map(|s| (s, d)))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Sets or clears (`due` blank) a deadline.
    pub async fn set_deadline(
        &self,
        code: &str,
        year: FiscalYear,
        stage: Stage,
        due: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let due = match due.trim() {
            "" => None,
            d => Some(parse_date(d).map_err(|e| AppError::Invalid(vec![e]))?),
        };
        self.store()
            .set_deadline(code, year.year(), stage.keyword(), due.as_deref(), &actor.0)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(parse_date("2025-06-30"), Ok("2025-06-30".into()));
        assert_eq!(parse_date(" 2024-02-29 "), Ok("2024-02-29".into()));
        assert!(parse_date("2025-02-29").is_err());
        assert!(parse_date("2025-13-01").is_err());
        assert!(parse_date("2025/06/30").is_err());
        assert!(parse_date("令和7年6月30日").is_err());
    }
}
