//! Who may do what: staff roles, user names and the one function,
//! [`allows`], that decides every permission of the staff workspace and
//! the API. Roles are coarse (what kind of work); department scope is fine
//! (which projects and indicators), and it comes from the plan itself: a
//! department answers for the projects it leads or is related to
//! ([`crate::scope`]).
//!
//! | role         | actuals            | self-evaluation      | review, publish | council comment | plan editions | users |
//! |--------------|--------------------|----------------------|-----------------|-----------------|---------------|-------|
//! | `admin`      | all                | all                  | yes             | yes             | yes           | yes   |
//! | `planning`   | all                | all                  | yes             | no              | yes           | no    |
//! | `department` | its scope          | its projects         | no              | no              | no            | no    |
//! | `council`    | no                 | no                   | no              | yes             | no            | no    |
//! | `viewer`     | no                 | no                   | no              | no              | no            | no    |
//!
//! Every signed-in role reads the whole staff workspace, drafts included.

use crate::ids::{DepartmentId, IndicatorId};
use crate::plan::Plan;
use crate::scope::{covers_indicator, serves};
use crate::workflow::Subject;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A staff role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts; may do everything.
    Admin,
    /// 企画部: edits the plan and its drafts, reviews, publishes.
    Planning,
    /// A department: enters actuals and self-evaluations in its scope.
    Department,
    /// 審議会: reads everything, writes council comments.
    Council,
    /// Reads the staff workspace.
    Viewer,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Planning,
        Role::Department,
        Role::Council,
        Role::Viewer,
    ];

    /// The keyword used in commands, forms and storage.
    pub fn keyword(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Planning => "planning",
            Role::Department => "department",
            Role::Council => "council",
            Role::Viewer => "viewer",
        }
    }

    /// The Japanese label.
    pub fn label_ja(self) -> &'static str {
        match self {
            Role::Admin => "管理者",
            Role::Planning => "企画部",
            Role::Department => "担当部",
            Role::Council => "審議会委員",
            Role::Viewer => "閲覧者",
        }
    }
}

impl fmt::Display for Role {
    /// Writes the keyword.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Why a text is not a [`Role`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{0}」 is not a role: expected admin, planning, department, council or viewer")]
pub struct RoleError(pub String);

impl FromStr for Role {
    type Err = RoleError;
    /// Accepts the keyword in any case.
    fn from_str(s: &str) -> Result<Self, RoleError> {
        let t = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.keyword().eq_ignore_ascii_case(t))
            .ok_or_else(|| RoleError(s.to_owned()))
    }
}

/// A login name: 1–64 characters of ASCII letters, digits, `.`, `_`, `-`
/// and `@`, stored lower-case so `Sato` and `sato` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

/// Why a text is not a [`Username`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{0}」 is not a user name: use 1–64 ASCII letters, digits, '.', '_', '-' or '@'")]
pub struct UsernameError(pub String);

impl Username {
    /// Parses a user name.
    pub fn new(s: &str) -> Result<Username, UsernameError> {
        let t = s.trim();
        let ok = !t.is_empty()
            && t.len() <= 64
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
        if ok {
            Ok(Username(t.to_ascii_lowercase()))
        } else {
            Err(UsernameError(s.to_owned()))
        }
    }
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = UsernameError;
    fn try_from(s: String) -> Result<Self, UsernameError> {
        Username::new(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A signed-in staff member as permissions see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Login name.
    pub name: Username,
    /// Name shown on pages.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Departments (only meaningful for the `department` role).
    pub departments: Vec<DepartmentId>,
}

/// Something a staff member may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission<'a> {
    /// Read the staff workspace (drafts, unpublished actuals, audit).
    Read,
    /// Record or import an actual of this indicator.
    RecordActual(&'a IndicatorId),
    /// Write and submit the self-evaluation of this subject.
    SelfEvaluate(&'a Subject),
    /// Review, decide, return to draft, publish.
    Review,
    /// Write the council's comment.
    CouncilComment,
    /// Create, edit and publish editions of the plan.
    EditPlan,
    /// Add, change and disable accounts.
    ManageUsers,
}

/// Whether `staff` may do `what` under `plan`.
pub fn allows(staff: &Staff, what: Permission<'_>, plan: &Plan) -> bool {
    use Permission as P;
    match (staff.role, what) {
        (Role::Admin, _) => true,
        (_, P::Read) => true,
        (Role::Planning, P::RecordActual(_) | P::SelfEvaluate(_) | P::Review | P::EditPlan) => true,
        (Role::Department, P::RecordActual(id)) => covers_indicator(plan, &staff.departments, id),
        (Role::Department, P::SelfEvaluate(Subject::Project(id))) => plan
            .project(id)
            .is_some_and(|p| staff.departments.iter().any(|d| serves(p, d))),
        (Role::Council, P::CouncilComment) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_from_their_keywords_only() {
        for r in Role::ALL {
            assert_eq!(r.keyword().parse::<Role>(), Ok(r));
            assert_eq!(r.keyword().to_uppercase().parse::<Role>(), Ok(r));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn user_names_are_folded_and_checked() {
        assert_eq!(Username::new(" Sato.T ").map(|u| u.0), Ok("sato.t".into()));
        assert!(Username::new("").is_err());
        assert!(Username::new("a b").is_err());
        assert!(Username::new("<script>").is_err());
        assert!(Username::new("佐藤").is_err());
        assert!(Username::new(&"a".repeat(65)).is_err());
    }
}
