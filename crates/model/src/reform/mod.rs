//! Administrative reform items (行財政改革の取組) and their status per fiscal
//! year.
//!
//! Section V of the implementation plan names 行財政改革推進事業: the
//! comprehensive plan is the core that administrative reform, budget
//! formulation and the organisation move with (トータルシステム). A
//! [`ReformItem`] is one reform undertaking: owned by a department, with a
//! target as written (e.g. `事務事業の見直し 年10件`) and optionally the
//! fiscal year it is due, linked to the initiatives of the budget catalogue
//! ([`ProgramId`]), the policy items (中項目) and the key initiatives of
//! section V it affects. Per fiscal year it has a [`ReformStatus`]: one of
//! [`Status`] with a note.
//!
//! [`ReformItem::check`] and [`ReformStatus::check`] validate against the
//! plan (and the caller's set of known initiative IDs, since the budget
//! catalogue is not part of the plan); every problem names the field it is
//! in ([`ReformField`]), so readers can point at a column.
//!
//! The published document prints no reform items, so none ship with the
//! Tsuruoka plan.

use crate::fiscal_year::FiscalYear;
use crate::ids::{DepartmentId, KeyInitiativeId, PolicyItemId, ProgramId, ReformId};
use crate::plan::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// The state of a reform item in a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 未着手: not started.
    NotStarted,
    /// 実施中: in progress.
    InProgress,
    /// 完了: done.
    Done,
    /// 見直し: the item or its target was revised.
    Revised,
    /// 中止: dropped.
    Dropped,
}

impl Status {
    /// Every status, in the order of a typical life.
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Done,
        Status::Revised,
        Status::Dropped,
    ];

    /// The keyword stored and accepted in files: `not_started`, `in_progress`,
    /// `done`, `revised`, `dropped`.
    pub fn keyword(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Revised => "revised",
            Status::Dropped => "dropped",
        }
    }

    /// The Japanese label: 未着手, 実施中, 完了, 見直し, 中止.
    pub fn label_ja(self) -> &'static str {
        match self {
            Status::NotStarted => "未着手",
            Status::InProgress => "実施中",
            Status::Done => "完了",
            Status::Revised => "見直し",
            Status::Dropped => "中止",
        }
    }

    /// The English label: Not started, In progress, Done, Revised, Dropped.
    pub fn label_en(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::Revised => "Revised",
            Status::Dropped => "Dropped",
        }
    }

    /// Whether the item is finished in this state (done or dropped).
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Dropped)
    }
}

impl fmt::Display for Status {
    /// The Japanese label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_ja())
    }
}

/// Why a text is not a [`Status`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "「{0}」 is not a status: use 未着手, 実施中, 完了, 見直し, 中止 or not_started, in_progress, done, revised, dropped"
)]
pub struct StatusError(pub String);

impl FromStr for Status {
    type Err = StatusError;

    /// Accepts the Japanese label, the keyword or the English label (ASCII
    /// case, spaces, `-` and `_` ignored), after width folding and trimming.
    fn from_str(s: &str) -> Result<Status, StatusError> {
        let folded = crate::text::fold_width(s);
        let t = folded.trim();
        let key: String = t
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect::<String>()
            .to_ascii_lowercase();
        Status::ALL
            .into_iter()
            .find(|st| {
                st.label_ja() == t
                    || st.keyword().replace('_', "") == key
                    || st.label_en().replace(' ', "").to_ascii_lowercase() == key
            })
            .ok_or_else(|| StatusError(s.trim().to_string()))
    }
}

/// One administrative reform item (行財政改革の取組).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReformItem {
    /// Stable ID, e.g. `R-01`.
    pub id: ReformId,
    /// The item's name, e.g. 事務事業の見直し.
    pub title: String,
    /// The owning department.
    pub department: DepartmentId,
    /// The target as written, e.g. `事務事業の見直し 年10件`.
    pub target: String,
    /// The fiscal year the target is due, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<FiscalYear>,
    /// Initiatives (事業) of the budget catalogue it affects.
    #[serde(default)]
    pub programs: Vec<ProgramId>,
    /// Policy items (中項目) it affects.
    #[serde(default)]
    pub items: Vec<PolicyItemId>,
    /// Key initiatives of section V it belongs to or affects, e.g. `V2-1`.
    #[serde(default)]
    pub key_initiatives: Vec<KeyInitiativeId>,
}

/// A reform item's status in one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReformStatus {
    /// The item.
    pub item: ReformId,
    /// The fiscal year.
    pub year: FiscalYear,
    /// Its state.
    pub status: Status,
    /// What was done or why it changed; may be empty.
    #[serde(default)]
    pub note: String,
}

/// The field of a reform item or status a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReformField {
    /// [`ReformItem::id`] or [`ReformStatus::item`].
    Id,
    /// [`ReformItem::title`].
    Title,
    /// [`ReformItem::department`].
    Department,
    /// [`ReformItem::target`].
    Target,
    /// [`ReformItem::target_year`].
    TargetYear,
    /// [`ReformItem::programs`].
    Programs,
    /// [`ReformItem::items`].
    Items,
    /// [`ReformItem::key_initiatives`].
    KeyInitiatives,
    /// [`ReformStatus::year`].
    Year,
    /// [`ReformStatus::status`].
    Status,
    /// [`ReformStatus::note`].
    Note,
}

impl ReformField {
    /// The field's name as files and messages use it: `department`, `items` …
    pub fn name(self) -> &'static str {
        match self {
            ReformField::Id => "id",
            ReformField::Title => "title",
            ReformField::Department => "department",
            ReformField::Target => "target",
            ReformField::TargetYear => "target_year",
            ReformField::Programs => "programs",
            ReformField::Items => "items",
            ReformField::KeyInitiatives => "key_initiatives",
            ReformField::Year => "year",
            ReformField::Status => "status",
            ReformField::Note => "note",
        }
    }
}

impl fmt::Display for ReformField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Longest title, target or note accepted, in characters.
pub const MAX_TEXT: usize = 2000;

/// Why a reform item or status does not fit the plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReformError {
    /// A required text is empty.
    #[error("{field}: must not be empty")]
    Empty {
        /// The field.
        field: ReformField,
    },
    /// A text is longer than [`MAX_TEXT`] characters.
    #[error("{field}: {len} characters is too long (at most {MAX_TEXT})")]
    TooLong {
        /// The field.
        field: ReformField,
        /// Its length in characters.
        len: usize,
    },
    /// A reference names something that does not exist.
    #[error("{field}: {what} {id} does not exist{known}")]
    Unknown {
        /// The field.
        field: ReformField,
        /// What kind of thing (department, policy item, key initiative, initiative, reform item).
        what: &'static str,
        /// The ID as given.
        id: String,
        /// A hint listing what exists, e.g. ` (known: D01, D02)`, or empty.
        known: String,
    },
    /// The same ID is linked twice.
    #[error("{field}: {id} is listed twice")]
    Repeated {
        /// The field.
        field: ReformField,
        /// The repeated ID.
        id: String,
    },
    /// A fiscal year lies outside the comprehensive plan's period.
    #[error("{field}: FY{year} is outside the comprehensive plan's period FY{first}–FY{last}")]
    YearOutsidePlan {
        /// The field.
        field: ReformField,
        /// The year given.
        year: i32,
        /// The plan's first fiscal year.
        first: i32,
        /// The plan's last fiscal year.
        last: i32,
    },
}

impl ReformError {
    /// The field the problem is in.
    pub fn field(&self) -> ReformField {
        match self {
            ReformError::Empty { field }
            | ReformError::TooLong { field, .. }
            | ReformError::Unknown { field, .. }
            | ReformError::Repeated { field, .. }
            | ReformError::YearOutsidePlan { field, .. } => *field,
        }
    }
}

fn text(field: ReformField, value: &str, required: bool, out: &mut Vec<ReformError>) {
    let len = value.chars().count();
    if required && value.trim().is_empty() {
        out.push(ReformError::Empty { field });
    } else if len > MAX_TEXT {
        out.push(ReformError::TooLong { field, len });
    }
}

fn year_in_plan(field: ReformField, year: FiscalYear, plan: &Plan, out: &mut Vec<ReformError>) {
    let years = plan.plan.years;
    if !years.contains(year) {
        out.push(ReformError::YearOutsidePlan {
            field,
            year: year.year(),
            first: years.first().year(),
            last: years.last().year(),
        });
    }
}

fn hint<'a>(known: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = known.collect();
    match all.len() {
        0 => " (none are known)".to_string(),
        1..=12 => format!(" (known: {})", all.join(", ")),
        n => format!(" (known: {}, … {n} in all)", all[..12].join(", ")),
    }
}

/// Checks a list of links: each must be known and listed once.
fn links<'a>(
    field: ReformField,
    what: &'static str,
    given: impl IntoIterator<Item = &'a str>,
    known: &BTreeSet<&str>,
    out: &mut Vec<ReformError>,
) {
    let mut seen = BTreeSet::new();
    for id in given {
        if !seen.insert(id) {
            out.push(ReformError::Repeated {
                field,
                id: id.to_string(),
            });
        } else if !known.contains(id) {
            out.push(ReformError::Unknown {
                field,
                what,
                id: id.to_string(),
                known: hint(known.iter().copied()),
            });
        }
    }
}

impl ReformItem {
    /// Checks the item against the plan and the initiative IDs the budget
    /// catalogue knows: required texts present and not too long, the owner
    /// a department of the plan, every link to something that exists (once),
    /// the target year within the comprehensive plan's period. Returns every
    /// problem, each naming its field.
    pub fn check(
        &self,
        plan: &Plan,
        programs: &BTreeSet<ProgramId>,
    ) -> Result<(), Vec<ReformError>> {
        let mut out = Vec::new();
        text(ReformField::Title, &self.title, true, &mut out);
        text(ReformField::Target, &self.target, true, &mut out);
        if plan.department(&self.department).is_none() {
            out.push(ReformError::Unknown {
                field: ReformField::Department,
                what: "department",
                id: self.department.to_string(),
                known: hint(plan.departments.iter().map(|d| d.id.as_str())),
            });
        }
        if let Some(y) = self.target_year {
            year_in_plan(ReformField::TargetYear, y, plan, &mut out);
        }
        let known_programs: BTreeSet<&str> = programs.iter().map(ProgramId::as_str).collect();
        links(
            ReformField::Programs,
            "initiative",
            self.programs.iter().map(ProgramId::as_str),
            &known_programs,
            &mut out,
        );
        let items: BTreeSet<&str> = plan
            .fields
            .iter()
            .flat_map(|f| &f.items)
            .map(|i| i.id.as_str())
            .collect();
        links(
            ReformField::Items,
            "policy item",
            self.items.iter().map(PolicyItemId::as_str),
            &items,
            &mut out,
        );
        let keys: BTreeSet<&str> = plan
            .key_initiatives
            .iter()
            .flat_map(|g| {
                std::iter::once(g.id.as_str()).chain(g.initiatives.iter().map(|k| k.id.as_str()))
            })
            .collect();
        links(
            ReformField::KeyInitiatives,
            "key initiative",
            self.key_initiatives.iter().map(KeyInitiativeId::as_str),
            &keys,
            &mut out,
        );
        if out.is_empty() { Ok(()) } else { Err(out) }
    }
}

impl ReformStatus {
    /// Checks the status against the plan and the reform items that exist:
    /// the item must be one of `items`, the year within the comprehensive
    /// plan's period, the note not too long. Returns every problem.
    pub fn check(&self, plan: &Plan, items: &BTreeSet<ReformId>) -> Result<(), Vec<ReformError>> {
        let mut out = Vec::new();
        if !items.contains(&self.item) {
            out.push(ReformError::Unknown {
                field: ReformField::Id,
                what: "reform item",
                id: self.item.to_string(),
                known: hint(items.iter().map(ReformId::as_str)),
            });
        }
        year_in_plan(ReformField::Year, self.year, plan, &mut out);
        text(ReformField::Note, &self.note, false, &mut out);
        if out.is_empty() { Ok(()) } else { Err(out) }
    }
}

/// The newest status of an item (the highest fiscal year), if any.
pub fn latest<'a>(statuses: &'a [ReformStatus], item: &ReformId) -> Option<&'a ReformStatus> {
    statuses
        .iter()
        .filter(|s| &s.item == item)
        .max_by_key(|s| s.year)
}

/// An item's status in a year, if recorded.
pub fn status_in<'a>(
    statuses: &'a [ReformStatus],
    item: &ReformId,
    year: FiscalYear,
) -> Option<&'a ReformStatus> {
    statuses.iter().find(|s| &s.item == item && s.year == year)
}

/// The fiscal years any status is recorded for, oldest first.
pub fn years(statuses: &[ReformStatus]) -> Vec<FiscalYear> {
    statuses
        .iter()
        .map(|s| s.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests;
