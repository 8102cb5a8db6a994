//! Replaying events on the organisation's state: [`Validator`] checks one
//! event against the state before it, [`apply`] applies a checked one.

use super::event::{Change, OrgError, Problem, Reorganisation, SectionId};
use super::{Section, Snapshot, Unit};
use crate::fiscal_year::FiscalYear;
use crate::ids::{DepartmentId, ProjectId};
use crate::plan::Plan;
use std::collections::{BTreeMap, BTreeSet};

/// Applies a validated event to the state.
pub(super) fn apply(
    state: &mut Snapshot,
    used: &mut BTreeSet<String>,
    ended: &mut BTreeMap<DepartmentId, Option<FiscalYear>>,
    e: &Reorganisation,
) {
    let find = |state: &mut Snapshot, id: &DepartmentId| state.iter().position(|u| &u.id == id);
    match &e.change {
        Change::Rename { department, name } => {
            if let Some(i) = find(state, department) {
                state[i].name = name.trim().to_string();
            }
        }
        Change::Merge { from, into, name } => {
            let mut sections = Vec::new();
            let mut at = None;
            for f in from {
                if let Some(i) = find(state, f) {
                    at = Some(at.map_or(i, |a: usize| a.min(i)));
                    sections.extend(state[i].sections.clone());
                }
            }
            state.retain(|u| !from.contains(&u.id));
            let unit = Unit {
                id: into.clone(),
                name: name.trim().to_string(),
                sections,
            };
            let at = at.unwrap_or(state.len()).min(state.len());
            state.insert(at, unit);
            for f in from {
                if f != into {
                    ended.insert(f.clone(), Some(e.year));
                }
            }
            ended.insert(into.clone(), None);
            used.insert(into.to_string());
        }
        Change::Split {
            from,
            into,
            sections,
            ..
        } => {
            let Some(i) = find(state, from) else { return };
            let old = state.remove(i);
            for (k, s) in into.iter().enumerate() {
                let secs = old
                    .sections
                    .iter()
                    .filter(|sec| {
                        sections
                            .iter()
                            .any(|m| m.section == sec.id && m.department == s.id)
                    })
                    .cloned()
                    .collect();
                state.insert(
                    i + k,
                    Unit {
                        id: s.id.clone(),
                        name: s.name.trim().to_string(),
                        sections: secs,
                    },
                );
                used.insert(s.id.to_string());
                ended.insert(s.id.clone(), None);
            }
            ended.insert(from.clone(), Some(e.year));
        }
        Change::AddSection {
            id,
            department,
            name,
        } => {
            if let Some(i) = find(state, department) {
                state[i].sections.push(Section {
                    id: id.clone(),
                    name: name.trim().to_string(),
                });
            }
            used.insert(id.to_string());
        }
        Change::RenameSection { id, name } => {
            for u in state.iter_mut() {
                for s in &mut u.sections {
                    if &s.id == id {
                        s.name = name.trim().to_string();
                    }
                }
            }
        }
        Change::MoveSection { id, department } => {
            let mut moved = None;
            for u in state.iter_mut() {
                if let Some(k) = u.sections.iter().position(|s| &s.id == id) {
                    moved = Some(u.sections.remove(k));
                }
            }
            if let (Some(s), Some(i)) = (moved, find(state, department)) {
                state[i].sections.push(s);
            }
        }
        Change::CloseSection { id } => {
            for u in state.iter_mut() {
                u.sections.retain(|s| &s.id != id);
            }
        }
    }
}

/// Checks one event against the state before it.
pub(super) struct Validator<'a> {
    /// 1-based position in recording order.
    pub(super) event: usize,
    /// The event.
    pub(super) e: &'a Reorganisation,
    /// The organisation before it.
    pub(super) state: &'a Snapshot,
    /// Every ID used so far.
    pub(super) used: &'a BTreeSet<String>,
    /// When each department ended.
    pub(super) ended: &'a BTreeMap<DepartmentId, Option<FiscalYear>>,
    /// The plan as of before the event.
    pub(super) plan: &'a Plan,
    /// Whether a split's project assignments are checked against the plan
    /// (off when replaying recorded events on another edition).
    pub(super) strict: bool,
}

impl Validator<'_> {
    fn err(&self, field: &'static str, problem: Problem) -> OrgError {
        OrgError {
            event: self.event,
            year: self.e.year.year(),
            kind: self.e.change.keyword(),
            field,
            problem,
        }
    }

    fn unit(&self, field: &'static str, id: &DepartmentId) -> Result<&Unit, OrgError> {
        if let Some(u) = self.state.iter().find(|u| &u.id == id) {
            return Ok(u);
        }
        Err(match self.ended.get(id) {
            Some(Some(ended)) => self.err(
                field,
                Problem::DepartmentGone {
                    id: id.clone(),
                    year: self.e.year.year(),
                    ended: ended.year(),
                },
            ),
            _ => self.err(field, Problem::UnknownDepartment(id.clone())),
        })
    }

    fn fresh(&self, field: &'static str, id: &str) -> Result<(), OrgError> {
        if self.used.contains(id) {
            Err(self.err(field, Problem::IdInUse(id.to_string())))
        } else {
            Ok(())
        }
    }

    fn name(&self, field: &'static str, name: &str) -> Result<(), OrgError> {
        if name.trim().is_empty() {
            Err(self.err(field, Problem::EmptyName))
        } else {
            Ok(())
        }
    }

    fn section_owner(&self, id: &SectionId) -> Result<&Unit, OrgError> {
        self.state
            .iter()
            .find(|u| u.sections.iter().any(|s| &s.id == id))
            .ok_or_else(|| self.err("id", Problem::UnknownSection(id.clone())))
    }

    pub(super) fn check(&mut self) -> Result<(), OrgError> {
        match &self.e.change {
            Change::Rename { department, name } => {
                self.unit("department", department)?;
                self.name("name", name)
            }
            Change::Merge { from, into, name } => {
                let mut seen = BTreeSet::new();
                for f in from {
                    self.unit("from", f)?;
                    if !seen.insert(f) {
                        return Err(self.err("from", Problem::Duplicate(f.to_string())));
                    }
                }
                let absorbs = from.contains(into);
                if from.is_empty() || (absorbs && from.len() < 2) {
                    return Err(self.err("from", Problem::MergeTooFew));
                }
                if !absorbs {
                    if self.state.iter().any(|u| &u.id == into) {
                        return Err(self.err("into", Problem::MergeIntoOther(into.clone())));
                    }
                    self.fresh("into", into.as_str())?;
                }
                self.name("name", name)
            }
            Change::Split {
                from,
                into,
                assign,
                sections,
            } => {
                let unit = self.unit("from", from)?;
                if into.len() < 2 {
                    return Err(self.err("into", Problem::SplitTooFew));
                }
                let mut seen = BTreeSet::new();
                for s in into {
                    self.fresh("into", s.id.as_str())?;
                    if !seen.insert(&s.id) {
                        return Err(self.err("into", Problem::Duplicate(s.id.to_string())));
                    }
                    self.name("into", &s.name)?;
                }
                let served: Vec<&ProjectId> = self
                    .plan
                    .projects
                    .iter()
                    .filter(|p| crate::scope::serves(p, from))
                    .map(|p| &p.id)
                    .collect();
                let mut assigned = BTreeSet::new();
                for a in assign {
                    if self.strict && !served.contains(&&a.project) {
                        return Err(self.err("assign", Problem::NotServed(a.project.clone())));
                    }
                    if !into.iter().any(|s| s.id == a.department) {
                        return Err(self.err("assign", Problem::NotSuccessor(a.department.clone())));
                    }
                    if !assigned.insert(&a.project) {
                        return Err(self.err("assign", Problem::Duplicate(a.project.to_string())));
                    }
                }
                let missing: Vec<ProjectId> = served
                    .into_iter()
                    .filter(|p| !assigned.contains(p))
                    .cloned()
                    .collect();
                if self.strict && !missing.is_empty() {
                    return Err(self.err("assign", Problem::Unassigned(missing)));
                }
                let mut moved = BTreeSet::new();
                for m in sections {
                    if !unit.sections.iter().any(|s| s.id == m.section) {
                        return Err(self.err("sections", Problem::NotItsSection(m.section.clone())));
                    }
                    if !into.iter().any(|s| s.id == m.department) {
                        return Err(
                            self.err("sections", Problem::NotSuccessor(m.department.clone()))
                        );
                    }
                    if !moved.insert(&m.section) {
                        return Err(self.err("sections", Problem::Duplicate(m.section.to_string())));
                    }
                }
                let left: Vec<SectionId> = unit
                    .sections
                    .iter()
                    .filter(|s| !moved.contains(&s.id))
                    .map(|s| s.id.clone())
                    .collect();
                if !left.is_empty() {
                    return Err(self.err("sections", Problem::SectionsUnassigned(left)));
                }
                Ok(())
            }
            Change::AddSection {
                id,
                department,
                name,
            } => {
                self.unit("department", department)?;
                self.fresh("id", id.as_str())?;
                self.name("name", name)
            }
            Change::RenameSection { id, name } => {
                self.section_owner(id)?;
                self.name("name", name)
            }
            Change::MoveSection { id, department } => {
                let owner = self.section_owner(id)?;
                self.unit("department", department)?;
                if &owner.id == department {
                    return Err(self.err(
                        "department",
                        Problem::AlreadyThere(id.clone(), department.clone()),
                    ));
                }
                Ok(())
            }
            Change::CloseSection { id } => self.section_owner(id).map(|_| ()),
        }
    }
}
