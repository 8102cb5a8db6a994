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

use crate::fiscal_year::FiscalYear;
use crate::ids::{DepartmentId, IdError, ProjectId};
use crate::plan::{Department, Plan};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The ID of a section (課), e.g. `D02-S1`. Same syntax as the plan's IDs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SectionId(DepartmentId);

impl SectionId {
    /// Parses a section ID (letters, digits and `-`, starting with a letter).
    pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
        DepartmentId::new(s).map(SectionId)
    }
    /// The ID as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl TryFrom<String> for SectionId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        SectionId::new(s)
    }
}

impl From<SectionId> for String {
    fn from(id: SectionId) -> String {
        id.0.into()
    }
}

impl std::str::FromStr for SectionId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        SectionId::new(s)
    }
}

impl fmt::Display for SectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A new department created by a split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Successor {
    /// Its ID (new, never used before).
    pub id: DepartmentId,
    /// Its name.
    pub name: String,
}

/// Which department takes something over in a split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The project.
    pub project: ProjectId,
    /// The successor that takes it over (as lead or related department,
    /// whichever the split department was).
    pub department: DepartmentId,
}

/// Which department a section goes to in a split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionMove {
    /// The section.
    pub section: SectionId,
    /// The successor it moves to.
    pub department: DepartmentId,
}

/// One change of the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A department gets a new name; its ID, projects and accounts stay.
    Rename {
        /// The department.
        department: DepartmentId,
        /// Its new name.
        name: String,
    },
    /// Departments become one. `into` is one of `from` (it absorbs the
    /// others) or a new ID. Projects, sections and accounts carry over.
    Merge {
        /// The departments merged (at least two, or one into a new ID).
        from: Vec<DepartmentId>,
        /// The department they become.
        into: DepartmentId,
        /// Its name from then on.
        name: String,
    },
    /// A department becomes several new ones. Every project it led or was
    /// related to, and every section it had, must be assigned to one of
    /// the successors. Accounts of the split department need reassigning.
    Split {
        /// The department split (it ends).
        from: DepartmentId,
        /// Its successors (at least two, new IDs).
        into: Vec<Successor>,
        /// Who takes over each of its projects.
        #[serde(default)]
        assign: Vec<Assignment>,
        /// Where each of its sections goes.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        sections: Vec<SectionMove>,
    },
    /// A new section in a department.
    AddSection {
        /// Its ID (new, never used before).
        id: SectionId,
        /// The department it belongs to.
        department: DepartmentId,
        /// Its name.
        name: String,
    },
    /// A section gets a new name.
    RenameSection {
        /// The section.
        id: SectionId,
        /// Its new name.
        name: String,
    },
    /// A section moves to another department.
    MoveSection {
        /// The section.
        id: SectionId,
        /// The department it moves to.
        department: DepartmentId,
    },
    /// A section is closed.
    CloseSection {
        /// The section.
        id: SectionId,
    },
}

impl Change {
    /// The keyword of the change's kind (`rename`, `merge`, `split`, …).
    pub fn keyword(&self) -> &'static str {
        match self {
            Change::Rename { .. } => "rename",
            Change::Merge { .. } => "merge",
            Change::Split { .. } => "split",
            Change::AddSection { .. } => "add_section",
            Change::RenameSection { .. } => "rename_section",
            Change::MoveSection { .. } => "move_section",
            Change::CloseSection { .. } => "close_section",
        }
    }
}

/// A recorded reorganisation: a change effective from the start of a
/// fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reorganisation {
    /// The first fiscal year in which the change holds.
    pub year: FiscalYear,
    /// What changes.
    #[serde(flatten)]
    pub change: Change,
}

/// What is wrong with an event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The department does not exist (never did).
    #[error("department {0} does not exist")]
    UnknownDepartment(DepartmentId),
    /// The department existed but was merged or split away.
    #[error("department {id} no longer exists in FY{year} (it ended in FY{ended})")]
    DepartmentGone {
        /// The department.
        id: DepartmentId,
        /// The event's year.
        year: i32,
        /// The year it ended.
        ended: i32,
    },
    /// A new ID is already used by a department or section.
    #[error("ID {0} is already used by a department or section; IDs are never reused")]
    IdInUse(String),
    /// A name is blank.
    #[error("the name is empty")]
    EmptyName,
    /// A list names the same department twice.
    #[error("{0} is listed twice")]
    Duplicate(String),
    /// A merge names fewer than two departments and no new ID.
    #[error("a merge needs at least two departments, or one department into a new ID")]
    MergeTooFew,
    /// A merge into an existing department that is not among `from`.
    #[error(
        "{0} already exists and is not among the merged departments: list it in `from` to absorb the others"
    )]
    MergeIntoOther(DepartmentId),
    /// A split names fewer than two successors.
    #[error("a split needs at least two successors")]
    SplitTooFew,
    /// Projects of the split department that no successor takes over.
    #[error("no successor is assigned for project(s) {}", join(.0))]
    Unassigned(Vec<ProjectId>),
    /// Sections of the split department that no successor takes over.
    #[error("no successor is assigned for section(s) {}", join(.0))]
    SectionsUnassigned(Vec<SectionId>),
    /// An assignment names a department that is not a successor.
    #[error("{0} is not one of the split's successors")]
    NotSuccessor(DepartmentId),
    /// An assignment names a project the split department does not serve.
    #[error("project {0} is not led by or related to the split department")]
    NotServed(ProjectId),
    /// An assignment names a section the split department does not have.
    #[error("section {0} does not belong to the split department")]
    NotItsSection(SectionId),
    /// The section does not exist at that time.
    #[error("section {0} does not exist in that year")]
    UnknownSection(SectionId),
    /// The section already belongs to that department.
    #[error("section {0} already belongs to {1}")]
    AlreadyThere(SectionId, DepartmentId),
}

fn join<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A refused event: which one (1-based, in recorded order), its year and
/// kind, the field at fault, and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("reorganisation #{event} (FY{year} {kind}), field `{field}`: {problem}")]
pub struct OrgError {
    /// Position of the event in recorded order, from 1.
    pub event: usize,
    /// Its effective year.
    pub year: i32,
    /// Its kind (`rename`, `merge`, …).
    pub kind: &'static str,
    /// The field at fault.
    pub field: &'static str,
    /// What is wrong.
    pub problem: Problem,
}

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

/// Applies a validated event to the state.
fn apply(
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
struct Validator<'a> {
    event: usize,
    e: &'a Reorganisation,
    state: &'a Snapshot,
    used: &'a BTreeSet<String>,
    ended: &'a BTreeMap<DepartmentId, Option<FiscalYear>>,
    plan: &'a Plan,
    strict: bool,
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

    fn check(&mut self) -> Result<(), OrgError> {
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
