//! The organisation over time as use cases: load a municipality's
//! organisation (its current plan's departments and the recorded
//! reorganisations), record a reorganisation (validated with every earlier
//! event before anything is written), and resolve, for a fiscal year, the
//! plan and a staff member's departments that permissions are decided on.
//!
//! Permissions follow the structure of the year an action is taken in:
//! callers pass that year ([`fiscal_year_at`] of the clock, read only by
//! the outermost layer) to [`App::acting_plan`] and [`App::acting_staff`]
//! and decide with `access::allows` on their results. With no
//! reorganisation recorded both return their input unchanged.

use crate::{Actor, App, AppError};
use keikaku_model::access::{Role, Staff};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::DepartmentId;
use keikaku_model::org::{Organisation, Reorganisation};
use keikaku_model::plan::Plan;
use keikaku_store::{ReorganisationRow, UserRow};

/// The fiscal year (April–March) containing a moment given in Unix seconds,
/// in Japan Standard Time (UTC+9).
pub fn fiscal_year_at(unix: i64) -> FiscalYear {
    let days = (unix + 9 * 3600).div_euclid(86_400);
    let (year, month) = civil_from_days(days);
    let y = i32::try_from(year).unwrap_or(i32::MAX);
    FiscalYear::of_month(y, month).unwrap_or(if y < 1868 {
        FiscalYear::MIN
    } else {
        FiscalYear::MAX
    })
}

/// (year, month) of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, u32::try_from(m).unwrap_or(1))
}

/// An account whose departments include one that was split: it has no
/// write scope in those departments until an administrator reassigns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassignment {
    /// The account.
    pub user: UserRow,
    /// Its departments that no longer exist.
    pub dissolved: Vec<DepartmentId>,
    /// Its departments that still resolve (renames and merges followed).
    pub remaining: Vec<DepartmentId>,
}

impl App {
    /// The current plan with every department the organisation has known
    /// added (under its latest name): what files naming a department are
    /// read against, so a budget initiative or a workbook may name a
    /// department that exists only after a split or merge, and one owned by
    /// a department since dissolved keeps its owner.
    pub async fn plan_with_every_department(&self, code: &str) -> Result<Plan, AppError> {
        let mut plan = self.current_plan(code).await?;
        let org = self.organisation_of(code, &plan).await?;
        for year in org.years().into_iter().rev() {
            for unit in org.departments_in(year) {
                if plan.department(&unit.id).is_none() {
                    plan.departments.push(keikaku_model::plan::Department {
                        id: unit.id.clone(),
                        name: unit.name.clone(),
                    });
                }
            }
        }
        Ok(plan)
    }

    /// The recorded reorganisations, in recording order.
    pub async fn reorganisations(&self, code: &str) -> Result<Vec<ReorganisationRow>, AppError> {
        Ok(self.store().reorganisations(code).await?)
    }

    /// The organisation over time on `plan` (replayed leniently: events
    /// were validated when recorded, perhaps against another edition).
    pub async fn organisation_of(&self, code: &str, plan: &Plan) -> Result<Organisation, AppError> {
        let events: Vec<Reorganisation> = self
            .reorganisations(code)
            .await?
            .into_iter()
            .map(|r| r.event)
            .collect();
        Organisation::replay(plan, &events).map_err(|e| {
            AppError::Internal(format!(
                "the recorded reorganisations do not apply to the current plan: {e}"
            ))
        })
    }

    /// The organisation over time: the current plan's departments and every
    /// recorded reorganisation.
    pub async fn organisation(&self, code: &str) -> Result<Organisation, AppError> {
        let plan = self.current_plan(code).await?;
        self.organisation_of(code, &plan).await
    }

    /// Records a reorganisation after validating it together with every
    /// earlier one against the current plan: a bad event is `Invalid`
    /// (naming the event and field) and nothing is written. Returns its
    /// recording number.
    pub async fn record_reorganisation(
        &self,
        code: &str,
        event: Reorganisation,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let seqs = self
            .record_reorganisations(code, vec![event], actor)
            .await?;
        seqs.first()
            .copied()
            .ok_or_else(|| AppError::Internal("no reorganisation was recorded".into()))
    }

    /// Records several reorganisations, all or nothing, validated together
    /// with every earlier one (see [`App::record_reorganisation`]).
    pub async fn record_reorganisations(
        &self,
        code: &str,
        new: Vec<Reorganisation>,
        actor: &Actor,
    ) -> Result<Vec<i64>, AppError> {
        let plan = self.current_plan(code).await?;
        let mut events: Vec<Reorganisation> = self
            .reorganisations(code)
            .await?
            .into_iter()
            .map(|r| r.event)
            .collect();
        let seen = i64::try_from(events.len()).unwrap_or(i64::MAX);
        events.extend(new.iter().cloned());
        Organisation::new(&plan, &events).map_err(|e| AppError::Invalid(vec![e.to_string()]))?;
        Ok(self
            .store()
            .append_reorganisations(code, seen, &new, &actor.0)
            .await?)
    }

    /// The current plan as the organisation stands in `year`: projects'
    /// lead and related departments are the ones responsible that year.
    /// Permissions for actions taken in `year` are decided on this plan.
    pub async fn acting_plan(&self, code: &str, year: FiscalYear) -> Result<Plan, AppError> {
        let plan = self.current_plan(code).await?;
        if self.store().reorganisations(code).await?.is_empty() {
            return Ok(plan);
        }
        let org = self.organisation_of(code, &plan).await?;
        Ok(org.resolve(&plan, year))
    }

    /// `staff` with its departments as they are in `year` (renames and
    /// merges followed; split departments dropped, leaving no write scope
    /// in them). Other roles, and any account when nothing was
    /// reorganised, come back unchanged.
    pub async fn acting_staff(
        &self,
        code: &str,
        staff: Staff,
        year: FiscalYear,
    ) -> Result<Staff, AppError> {
        if staff.role != Role::Department || staff.departments.is_empty() {
            return Ok(staff);
        }
        if self.store().reorganisations(code).await?.is_empty() {
            return Ok(staff);
        }
        let org = self.organisation(code).await?;
        let resolved = org.staff_departments(&staff.departments, year);
        Ok(Staff {
            departments: resolved.departments,
            ..staff
        })
    }

    /// Department accounts (enabled ones) with a department that was split
    /// by `year`: an administrator must reassign them.
    pub async fn accounts_to_reassign(
        &self,
        code: &str,
        year: FiscalYear,
    ) -> Result<Vec<Reassignment>, AppError> {
        let org = self.organisation(code).await?;
        Ok(self
            .users()
            .await?
            .into_iter()
            .filter(|u| u.staff.role == Role::Department && !u.disabled)
            .filter_map(|u| {
                let r = org.staff_departments(&u.staff.departments, year);
                (!r.dissolved.is_empty()).then_some(Reassignment {
                    user: u,
                    dissolved: r.dissolved,
                    remaining: r.departments,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fiscal_year_turns_on_april_first_in_japan() {
        // 2024-03-31T14:59:59Z is 23:59:59 on March 31 in Japan.
        assert_eq!(fiscal_year_at(1_711_897_199).year(), 2023);
        // 2024-03-31T15:00:00Z is midnight on April 1 in Japan.
        assert_eq!(fiscal_year_at(1_711_897_200).year(), 2024);
        assert_eq!(fiscal_year_at(0).year(), 1969);
        // 2025-01-15 belongs to FY2024.
        assert_eq!(fiscal_year_at(1_736_899_200).year(), 2024);
    }
}
