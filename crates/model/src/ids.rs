//! Stable, readable identifiers for plan elements.
//!
//! Every element of a plan (field, policy item, project, policy direction,
//! initiative, KPI table, indicator, key initiative, department) carries an ID
//! that CSV imports, the API and URLs use. IDs are short ASCII strings such as
//! `P1`, `P1-D2`, `P1-D2-I3`, `F4-02`, `KPI-07`, `DEPT-KIKAKU`: letters, digits
//! and `-`, starting with a letter. They are assigned once by the importer
//! from the document's structure and then live in the plan file, so re-imports
//! and later editions keep them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string is not a valid element ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "「{0}」 is not a valid ID: use 1–40 ASCII letters, digits or '-', starting with a letter (e.g. P1-D2)"
)]
pub struct IdError(pub String);

fn valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && s.len() <= 40
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.ends_with('-')
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses an ID, refusing anything but the documented ID syntax.
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                if valid_id(&s) { Ok(Self(s)) } else { Err(IdError(s)) }
            }
            /// The ID as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// ID of a basic-plan field (分野), e.g. `F4`.
    FieldId
);
id_type!(
    /// ID of a policy item (中項目), e.g. `F4-02`.
    PolicyItemId
);
id_type!(
    /// ID of a cross-cutting project (未来創造のプロジェクト), e.g. `P3`.
    ProjectId
);
id_type!(
    /// ID of a project group, e.g. `G1`.
    GroupId
);
id_type!(
    /// ID of a policy direction (主な施策の方向), e.g. `P3-D1`.
    DirectionId
);
id_type!(
    /// ID of an initiative under a policy direction, e.g. `P3-D1-I2`.
    InitiativeId
);
id_type!(
    /// ID of a KPI table as printed in a project, e.g. `P3-T1`.
    TableId
);
id_type!(
    /// ID of an indicator (成果指標), e.g. `KPI-07`. One indicator may appear in several tables.
    IndicatorId
);
id_type!(
    /// ID of a key-initiative heading or key initiative of section V, e.g. `V2`, `V2-1`.
    KeyInitiativeId
);
id_type!(
    /// ID of a budgeted initiative (事業) in the budget catalogue, e.g. `V2-1`
    /// (a key initiative of section V) or `J-0101`.
    ProgramId
);
id_type!(
    /// ID of an administrative-reform item (行財政改革の取組), e.g. `R-01`.
    ReformId
);
id_type!(
    /// ID of a department (部局), e.g. `DEPT-03`.
    DepartmentId
);
id_type!(
    /// ID of a current issue of section II, e.g. `C1`.
    IssueId
);
id_type!(
    /// ID of an implementation-plan edition, e.g. `E2022`.
    EditionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_syntax_and_refuses_the_rest() {
        for ok in ["P1", "P1-D2-I3", "F4-02", "KPI-07", "DEPT-KIKAKU"] {
            assert!(ProjectId::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1P", "P 1", "P1-", "プロジェクト", "P/1"] {
            assert!(ProjectId::new(bad).is_err(), "{bad}");
        }
    }
}
