//! The recorded events of the organisation: a [`Reorganisation`] is a
//! [`Change`] effective from a fiscal year, and [`OrgError`] says which
//! event, year and field is wrong and why ([`Problem`]).

use crate::fiscal_year::FiscalYear;
use crate::ids::{DepartmentId, IdError, ProjectId};
use serde::{Deserialize, Serialize};
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
