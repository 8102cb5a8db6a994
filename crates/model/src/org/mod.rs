//! The organisation over time: departments (部) and their sections (課) as a
//! tree valid per fiscal year, and the reorganisations that change it.
//!
//! The organisation starts as the plan's `departments`, valid from the
//! beginning. Recorded [`Reorganisation`]s then change it, each effective
//! from the start of a fiscal year (April 1): a department is renamed (same
//! ID, new name), several are merged into one, one is split into several
//! (naming which successor takes over each project the old department led
//! or was related to), and sections are added, renamed, moved or closed.
//! Events apply in fiscal-year order, events of the same year in the order
//! they were recorded.
//!
//! [`Organisation::new`] replays and validates every event; a bad event is a
//! typed [`OrgError`] naming the event, its year and the field. Queries then
//! answer for any year: [`Organisation::departments_in`] (the tree),
//! [`Organisation::name_in`], [`Organisation::exists_in`],
//! [`Organisation::resolve`] (a copy of a plan whose projects' lead and
//! related departments are the ones responsible in that year, so history
//! before a reorganisation stays attributed to the departments of its
//! time and permissions after it follow the new structure) and
//! [`Organisation::staff_departments`] (a staff account's departments
//! followed through renames and merges; a split department resolves to
//! nothing, and the account needs reassigning).
//!
//! IDs are never reused: a department or section ID introduced by an event
//! must not have been used before, by any department or section.

mod event;
mod replay;

pub use event::{
    Assignment, Change, OrgError, Problem, Reorganisation, SectionId, SectionMove, Successor,
};

use crate::fiscal_year::FiscalYear;
use crate::ids::{DepartmentId, ProjectId};
use crate::plan::{Department, Plan};
use replay::{Validator, apply};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A section as it is in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Its ID.
    pub id: SectionId,
    /// Its name that year.
    pub name: String,
}

/// A department as it is in one year, with its sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// Its ID.
    pub id: DepartmentId,
    /// Its name that year.
    pub name: String,
    /// Its sections, in the order they were added.
    pub sections: Vec<Section>,
}

/// The organisation in one state: departments in order.
type Snapshot = Vec<Unit>;

/// How a staff account's departments resolve in a year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffDepartments {
    /// The departments it works for that year (renames and merges followed).
    pub departments: Vec<DepartmentId>,
    /// Departments it was given that were split: an administrator must
    /// reassign the account.
    pub dissolved: Vec<DepartmentId>,
}

/// A span of years with the same responsible departments of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Responsibility {
    /// First year.
    pub from: FiscalYear,
    /// Last year.
    pub to: FiscalYear,
    /// Lead departments (ID and name in those years).
    pub lead: Vec<Department>,
    /// Related departments.
    pub related: Vec<Department>,
}

/// The organisation over time, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Events in application order (year, then recorded order).
    events: Vec<Reorganisation>,
    /// The state before any event, then after each year with events.
    timeline: Vec<(Option<FiscalYear>, Snapshot)>,
    /// Every department ID ever known, with the year it ended, if it did.
    ended: BTreeMap<DepartmentId, Option<FiscalYear>>,
}

/// Dedupes keeping the first occurrence.
fn dedup(v: &mut Vec<DepartmentId>) {
    let mut seen = BTreeSet::new();
    v.retain(|d| seen.insert(d.clone()));
}

/// Applies a (validated) change to a plan's projects: who leads and serves.
fn apply_to_projects(plan: &mut Plan, change: &Change) {
    for p in &mut plan.projects {
        let pid = p.id.clone();
        for list in [&mut p.lead, &mut p.related] {
            for d in list.iter_mut() {
                match change {
                    Change::Merge { from, into, .. } if from.contains(d) => *d = into.clone(),
                    Change::Split { from, assign, .. } if d == from => {
                        // Unassigned (a project of a later edition): the
                        // ended department stays, so nobody inherits it.
                        if let Some(a) = assign.iter().find(|a| a.project == pid) {
                            *d = a.department.clone();
                        }
                    }
                    _ => {}
                }
            }
            dedup(list);
        }
        let lead = p.lead.clone();
        p.related.retain(|d| !lead.contains(d));
    }
}

impl Organisation {
    /// Replays and validates `events` (in recorded order) on the plan's
    /// departments. Events apply in year order; the first bad one is the error.
    pub fn new(plan: &Plan, events: &[Reorganisation]) -> Result<Organisation, OrgError> {
        Organisation::build(plan, events, true)
    }

    /// Like [`Organisation::new`], but a split's project assignments are not
    /// checked against `plan`: for loading events recorded against another
    /// edition, whose projects may differ. A project no successor was
    /// assigned keeps the ended department (nobody inherits it).
    pub fn replay(plan: &Plan, events: &[Reorganisation]) -> Result<Organisation, OrgError> {
        Organisation::build(plan, events, false)
    }

    fn build(
        plan: &Plan,
        events: &[Reorganisation],
        strict: bool,
    ) -> Result<Organisation, OrgError> {
        let base: Snapshot = plan
            .departments
            .iter()
            .map(|d| Unit {
                id: d.id.clone(),
                name: d.name.clone(),
                sections: Vec::new(),
            })
            .collect();
        let mut order: Vec<(usize, &Reorganisation)> = events.iter().enumerate().collect();
        order.sort_by_key(|(i, e)| (e.year, *i));
        let mut used: BTreeSet<String> = base.iter().map(|u| u.id.to_string()).collect();
        let mut ended: BTreeMap<DepartmentId, Option<FiscalYear>> =
            base.iter().map(|u| (u.id.clone(), None)).collect();
        let mut state = base.clone();
        let mut work = plan.clone();
        let mut timeline = vec![(None, base)];
        for (i, e) in &order {
            let mut v = Validator {
                event: i + 1,
                e,
                state: &state,
                used: &used,
                ended: &ended,
                plan: &work,
                strict,
            };
            v.check()?;
            apply(&mut state, &mut used, &mut ended, e);
            apply_to_projects(&mut work, &e.change);
            match timeline.last_mut() {
                Some((Some(y), snap)) if *y == e.year => *snap = state.clone(),
                _ => timeline.push((Some(e.year), state.clone())),
            }
        }
        Ok(Organisation {
            events: order.into_iter().map(|(_, e)| e.clone()).collect(),
            timeline,
            ended,
        })
    }

    /// The events in the order they apply (year, then recorded order).
    pub fn events(&self) -> &[Reorganisation] {
        &self.events
    }

    fn snapshot(&self, year: FiscalYear) -> &Snapshot {
        self.timeline
            .iter()
            .rev()
            .find(|(y, _)| y.is_none_or(|y| y <= year))
            .map(|(_, s)| s)
            .unwrap_or(&self.timeline[0].1)
    }

    /// The departments with their sections as they are in `year`.
    pub fn departments_in(&self, year: FiscalYear) -> &[Unit] {
        self.snapshot(year)
    }

    /// A department's name in `year`, if it exists then.
    pub fn name_in(&self, id: &DepartmentId, year: FiscalYear) -> Option<&str> {
        self.snapshot(year)
            .iter()
            .find(|u| &u.id == id)
            .map(|u| u.name.as_str())
    }

    /// Whether a department exists in `year`.
    pub fn exists_in(&self, id: &DepartmentId, year: FiscalYear) -> bool {
        self.name_in(id, year).is_some()
    }

    /// Whether an ID was ever a department (of the plan or created by an event).
    pub fn is_known(&self, id: &DepartmentId) -> bool {
        self.ended.contains_key(id)
    }

    /// The years in which a reorganisation took effect, ascending.
    pub fn years(&self) -> Vec<FiscalYear> {
        self.timeline.iter().filter_map(|(y, _)| *y).collect()
    }

    /// A copy of `plan` as the organisation stands in `year`: each project's
    /// lead and related departments are the ones responsible that year
    /// (renamed: same ID; merged: the merged department; split: the
    /// successor assigned to that project), and `departments` lists the
    /// departments of that year with their names then. With no event up to
    /// `year`, the plan comes back unchanged.
    pub fn resolve(&self, plan: &Plan, year: FiscalYear) -> Plan {
        let mut out = plan.clone();
        let due: Vec<&Reorganisation> = self.events.iter().filter(|e| e.year <= year).collect();
        if due.is_empty() {
            return out;
        }
        for e in &due {
            apply_to_projects(&mut out, &e.change);
        }
        let snap = self.snapshot(year);
        let mut departments: Vec<Department> = snap
            .iter()
            .map(|u| Department {
                id: u.id.clone(),
                name: u.name.clone(),
            })
            .collect();
        // A project of a later edition may still name a department that
        // ended (a split without an assignment for it): keep it listed.
        for p in &out.projects {
            for d in p.lead.iter().chain(&p.related) {
                if !departments.iter().any(|k| &k.id == d) {
                    let name = plan
                        .department(d)
                        .map_or_else(|| d.to_string(), |k| k.name.clone());
                    departments.push(Department {
                        id: d.clone(),
                        name,
                    });
                }
            }
        }
        out.departments = departments;
        out
    }

    /// A staff account's departments in `year`: renames keep the ID, merges
    /// lead to the merged department, a split department resolves to
    /// nothing (listed in `dissolved`). IDs the organisation does not know
    /// are kept as they are.
    pub fn staff_departments(&self, depts: &[DepartmentId], year: FiscalYear) -> StaffDepartments {
        let mut out = StaffDepartments::default();
        for d in depts {
            let mut cur = Some(d.clone());
            for e in self.events.iter().filter(|e| e.year <= year) {
                let Some(c) = &cur else { break };
                match &e.change {
                    Change::Merge { from, into, .. } if from.contains(c) => {
                        cur = Some(into.clone())
                    }
                    Change::Split { from, .. } if from == c => cur = None,
                    _ => {}
                }
            }
            match cur {
                Some(c) => out.departments.push(c),
                None => out.dissolved.push(d.clone()),
            }
        }
        dedup(&mut out.departments);
        dedup(&mut out.dissolved);
        out
    }

    /// The departments responsible for a project in each year of
    /// `first..=last`, as spans of years with the same departments (names
    /// of those years). One span when nothing changed.
    pub fn responsibility(
        &self,
        plan: &Plan,
        project: &ProjectId,
        first: FiscalYear,
        last: FiscalYear,
    ) -> Vec<Responsibility> {
        let mut out: Vec<Responsibility> = Vec::new();
        for y in first.year()..=last.year() {
            let Ok(year) = FiscalYear::new(y) else {
                continue;
            };
            let resolved = self.resolve(plan, year);
            let Some(p) = resolved.project(project) else {
                continue;
            };
            let named = |ids: &[DepartmentId]| -> Vec<Department> {
                ids.iter()
                    .map(|d| Department {
                        id: d.clone(),
                        name: resolved
                            .department(d)
                            .map_or_else(|| d.to_string(), |k| k.name.clone()),
                    })
                    .collect()
            };
            let (lead, related) = (named(&p.lead), named(&p.related));
            match out.last_mut() {
                Some(r) if r.lead == lead && r.related == related => r.to = year,
                _ => out.push(Responsibility {
                    from: year,
                    to: year,
                    lead,
                    related,
                }),
            }
        }
        out
    }
}
