//! The plan as typed data: municipality, comprehensive plan, edition, and
//! everything an implementation-plan document holds.
//!
//! [`Plan`] is one edition of a municipality's implementation plan together
//! with the comprehensive plan it implements. It is normalised: departments
//! and indicators are entities referenced by ID, so an indicator printed in
//! two projects is one [`Indicator`] with two table rows pointing at it.
//! Every element keeps the source line it was imported from (`line`), as
//! provenance.

use crate::fiscal_year::FiscalYear;
use crate::ids::*;
use crate::indicator::Indicator;
use crate::lgcode::LocalGovCode;
use crate::period::Period;
use serde::{Deserialize, Serialize};

/// An inclusive range of fiscal years, e.g. FY2022–FY2024.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawYears")]
pub struct Years {
    first: FiscalYear,
    last: FiscalYear,
}

#[derive(Deserialize)]
struct RawYears {
    first: FiscalYear,
    last: FiscalYear,
}

impl TryFrom<RawYears> for Years {
    type Error = String;
    fn try_from(raw: RawYears) -> Result<Self, String> {
        Years::new(raw.first, raw.last)
    }
}

impl Years {
    /// A range; `first` must not be after `last`.
    pub fn new(first: FiscalYear, last: FiscalYear) -> Result<Self, String> {
        if first <= last {
            Ok(Years { first, last })
        } else {
            Err(format!("year range {first}–{last} ends before it starts"))
        }
    }
    /// First fiscal year.
    pub fn first(self) -> FiscalYear {
        self.first
    }
    /// Last fiscal year.
    pub fn last(self) -> FiscalYear {
        self.last
    }
    /// Whether a fiscal year lies inside the range.
    pub fn contains(self, fy: FiscalYear) -> bool {
        self.first <= fy && fy <= self.last
    }
}

/// The municipality a plan belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// Name as written, e.g. 鶴岡市.
    pub name: String,
    /// 全国地方公共団体コード; not printed in plan documents, so supplied at import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<LocalGovCode>,
    /// Prefecture name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefecture: Option<String>,
}

/// The comprehensive plan (総合計画) an implementation plan serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComprehensivePlan {
    /// Name, e.g. 第2次鶴岡市総合計画.
    pub name: String,
    /// Catchphrase (キャッチフレーズ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catchphrase: Option<String>,
    /// Plan period.
    pub years: Years,
    /// True when the first year is not stated in the document but assumed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub first_year_assumed: bool,
}

/// Lifecycle of an edition: drafts can change; published editions cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditionStatus {
    /// Being prepared; may change.
    Draft,
    /// Published; immutable.
    Published,
}

/// One edition of the rolling implementation plan (実施計画), e.g. FY2022–FY2024.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    /// Stable ID, e.g. `E2022`.
    pub id: EditionId,
    /// Title as written, e.g. 第2次鶴岡市総合計画 実施計画.
    pub title: String,
    /// Variant note, e.g. 概要版 (summary edition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// Period of the edition.
    pub years: Years,
    /// The fiscal year of the baseline-actual column (R2(2020) → FY2020).
    pub baseline_year: FiscalYear,
    /// Header of the baseline-actual column as written, e.g. `R2(2020)実績値`.
    pub baseline_label: String,
    /// Publication month, e.g. 令和4年3月.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Period>,
    /// Draft or published.
    pub status: EditionStatus,
}

/// A department (部局) as an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    /// Stable ID.
    pub id: DepartmentId,
    /// Name as written, e.g. 企画部, 荘内病院, 教育委員会.
    pub name: String,
}

/// A numbered text section (section I's 計画策定の趣旨 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSection {
    /// Number as printed.
    pub number: u32,
    /// Heading.
    pub heading: String,
    /// Paragraphs (may be empty where the document had only a figure).
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Source line of the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A current issue of section II (現下の情勢を踏まえた課題).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentIssue {
    /// Stable ID.
    pub id: IssueId,
    /// Number as printed, (1) → 1.
    pub number: u32,
    /// Title.
    pub title: String,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
    /// Source line of the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A policy item (中項目) of the basic plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyItem {
    /// Stable ID, e.g. `F1-03`.
    pub id: PolicyItemId,
    /// Number within its field.
    pub number: u32,
    /// Name.
    pub name: String,
    /// Source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// SDG goals (1–17) the item contributes to: reviewed data, editable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<u8>,
}

/// A field (分野) of the basic plan with its goal and policy items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Stable ID, e.g. `F1`.
    pub id: FieldId,
    /// Number as printed.
    pub number: u32,
    /// Name, e.g. 暮らしと防災.
    pub name: String,
    /// Goal sentence.
    pub goal: String,
    /// Policy items in order.
    pub items: Vec<PolicyItem>,
    /// Source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A project group heading, e.g. 社会システムを整える.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectGroup {
    /// Stable ID, e.g. `G1`.
    pub id: GroupId,
    /// Name.
    pub name: String,
}

/// An initiative (a bullet under a policy direction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Initiative {
    /// Stable ID, e.g. `P1-D1-I1`.
    pub id: InitiativeId,
    /// Text as written (bullet markers removed).
    pub text: String,
    /// Source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A policy direction (主な施策の方向) of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDirection {
    /// Stable ID, e.g. `P1-D1`.
    pub id: DirectionId,
    /// Heading.
    pub name: String,
    /// Initiatives in order.
    pub initiatives: Vec<Initiative>,
    /// Source line of the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// One row of a printed KPI table: the indicator and the name printed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// The indicator.
    pub indicator: IndicatorId,
    /// The name as printed in this table (may differ between tables).
    pub label: String,
}

/// A KPI table as printed in a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiTable {
    /// Stable ID, e.g. `P1-T2`.
    pub id: TableId,
    /// The heading lines as written above the table.
    pub heading: Vec<String>,
    /// The column header as written (tabs separate the columns).
    pub header: String,
    /// Rows, one per indicator.
    pub rows: Vec<TableRow>,
    /// Source line of the first heading line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A cross-cutting project (未来創造のプロジェクト).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Stable ID, e.g. `P1`.
    pub id: ProjectId,
    /// Name.
    pub name: String,
    /// The group it belongs to.
    pub group: GroupId,
    /// Lead departments (主管部); one or more.
    pub lead: Vec<DepartmentId>,
    /// Related departments (関係部).
    pub related: Vec<DepartmentId>,
    /// Summary bullets of the overview page.
    pub summary: Vec<String>,
    /// Policy directions with their initiatives.
    pub directions: Vec<PolicyDirection>,
    /// KPI tables.
    pub tables: Vec<KpiTable>,
    /// Source line of the overview entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Source line of the detail page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_line: Option<u32>,
    /// SDG goals (1–17) the project contributes to: reviewed data, editable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdgs: Vec<u8>,
}

/// A key initiative (重点事業) of section V.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInitiative {
    /// Stable ID, e.g. `V2-1`.
    pub id: KeyInitiativeId,
    /// Name.
    pub name: String,
    /// Description; absent when the document gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A heading of section V with its key initiatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInitiativeGroup {
    /// Stable ID, e.g. `V2`.
    pub id: KeyInitiativeId,
    /// Heading, e.g. 効果的で効率的な行財政運営.
    pub heading: String,
    /// Initiatives in order.
    pub initiatives: Vec<KeyInitiative>,
    /// Source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// A correction recorded beside text kept as written (e.g. PDF extraction damage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erratum {
    /// Source line of the damaged text.
    pub line: u32,
    /// The text as written in the document.
    pub written: String,
    /// The corrected text.
    pub corrected: String,
    /// Why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One edition of an implementation plan with everything it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The municipality.
    pub municipality: Municipality,
    /// The comprehensive plan.
    pub plan: ComprehensivePlan,
    /// This edition.
    pub edition: Edition,
    /// Section I: about the implementation plan.
    #[serde(default)]
    pub sections: Vec<TextSection>,
    /// Section II: introduction paragraphs.
    #[serde(default)]
    pub issues_intro: Vec<String>,
    /// Section II: current issues.
    #[serde(default)]
    pub issues: Vec<CurrentIssue>,
    /// Section III: introduction paragraphs.
    #[serde(default)]
    pub projects_intro: Vec<String>,
    /// Departments referenced by projects.
    pub departments: Vec<Department>,
    /// Project groups.
    pub groups: Vec<ProjectGroup>,
    /// Cross-cutting projects, in the overview's order.
    pub projects: Vec<Project>,
    /// Indicators, in order of first appearance.
    pub indicators: Vec<Indicator>,
    /// Section IV: the basic plan's fields.
    pub fields: Vec<Field>,
    /// Section V: key initiatives under their headings.
    #[serde(default)]
    pub key_initiatives: Vec<KeyInitiativeGroup>,
    /// Corrections recorded beside the original text.
    #[serde(default)]
    pub errata: Vec<Erratum>,
}

impl Plan {
    /// An indicator by ID.
    pub fn indicator(&self, id: &IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| &i.id == id)
    }
    /// A department by ID.
    pub fn department(&self, id: &DepartmentId) -> Option<&Department> {
        self.departments.iter().find(|d| &d.id == id)
    }
    /// A project by ID.
    pub fn project(&self, id: &ProjectId) -> Option<&Project> {
        self.projects.iter().find(|p| &p.id == id)
    }
    /// Every KPI table with the project that prints it.
    pub fn tables(&self) -> impl Iterator<Item = (&Project, &KpiTable)> {
        self.projects
            .iter()
            .flat_map(|p| p.tables.iter().map(move |t| (p, t)))
    }
    /// The tables (with their projects and row labels) that print an indicator.
    pub fn appearances<'a>(
        &'a self,
        id: &'a IndicatorId,
    ) -> impl Iterator<Item = (&'a Project, &'a KpiTable, &'a TableRow)> + 'a {
        self.tables().flat_map(move |(p, t)| {
            t.rows
                .iter()
                .filter(move |r| &r.indicator == id)
                .map(move |r| (p, t, r))
        })
    }
    /// Number of policy items across all fields.
    pub fn policy_item_count(&self) -> usize {
        self.fields.iter().map(|f| f.items.len()).sum()
    }
}
