//! Editions of the rolling implementation plan: the next edition, the edits a
//! draft accepts, and publication.
//!
//! The implementation plan (実施計画) is revised every year on a rolling basis:
//! the FY2022–2024 edition is followed by FY2023–2025, and so on, inside the
//! comprehensive plan's years. Each edition is a whole [`Plan`] with its own
//! [`Edition`] header. [`next_edition`] makes the following edition as a
//! [`EditionStatus::Draft`] copy of the current one, keeping every ID (that is
//! what makes editions comparable, see [`crate::diff`]). The planning
//! department then edits the draft with the functions of this module and
//! finally [`publish`]es it; a published edition is immutable, and every edit
//! refuses it with [`EditionError::Published`].
//!
//! Every edit checks everything first and changes nothing on error.

use crate::fiscal_year::FiscalYear;
use crate::ids::{DirectionId, EditionId, IdError, IndicatorId, InitiativeId, ProjectId, TableId};
use crate::indicator::{Column, Indicator, KpiValue};
use crate::integrity;
use crate::lint::{Severity, lint};
use crate::period::{Period, PeriodKind};
use crate::plan::{Edition, EditionStatus, Initiative, KpiTable, Plan, TableRow, Years};
use crate::quantity::Unit;

/// Why an edition could not be made or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditionError {
    /// The edition is published; only a draft can change.
    #[error("edition {edition} is published and cannot change; create the next edition")]
    Published {
        /// The published edition.
        edition: EditionId,
    },
    /// The following edition would run past the comprehensive plan.
    #[error(
        "the edition after {edition} would cover FY{first}–FY{last}, outside the comprehensive plan 「{plan}」 (FY{plan_first}–FY{plan_last}); the next implementation plan belongs to the next comprehensive plan"
    )]
    BeyondPlan {
        /// The current edition.
        edition: EditionId,
        /// First year of the edition that was asked for.
        first: i32,
        /// Last year of the edition that was asked for.
        last: i32,
        /// The comprehensive plan's name.
        plan: String,
        /// The comprehensive plan's first year.
        plan_first: i32,
        /// The comprehensive plan's last year.
        plan_last: i32,
    },
    /// An element that the edit names does not exist in the edition.
    #[error("edition {edition} has no {kind} {id}")]
    Unknown {
        /// The edition edited.
        edition: EditionId,
        /// What was looked for: `indicator`, `policy direction`, `initiative`,
        /// `KPI table`, `project`, `policy item`.
        kind: &'static str,
        /// The ID that was not found.
        id: String,
    },
    /// A value in another unit than its indicator.
    #[error(
        "{indicator} is measured in {expected}, but the {column} value is in {found}: convert the value, or change the indicator's unit first"
    )]
    UnitMismatch {
        /// The indicator.
        indicator: IndicatorId,
        /// The column (English heading).
        column: &'static str,
        /// The indicator's unit.
        expected: Unit,
        /// The value's unit.
        found: Unit,
    },
    /// [`remove_value`] on a column that holds no value.
    #[error("{indicator} has no {column} value to remove")]
    NoValue {
        /// The indicator.
        indicator: IndicatorId,
        /// The column (English heading).
        column: &'static str,
    },
    /// [`add_indicator`] with an ID already in use.
    #[error(
        "indicator ID {id} is already used in edition {edition}: IDs stay with their indicator across editions, so choose a new one"
    )]
    DuplicateIndicator {
        /// The edition.
        edition: EditionId,
        /// The ID.
        id: IndicatorId,
    },
    /// An empty name or text.
    #[error("{what} must not be empty")]
    EmptyText {
        /// What was empty, e.g. `the name of KPI-03`.
        what: String,
    },
    /// [`remove_indicator`] on an indicator other indicators are part of.
    #[error(
        "indicator {id} cannot be removed: {} part of it; remove them or change their part_of first",
        list_parts(.parts)
    )]
    HasParts {
        /// The indicator.
        id: IndicatorId,
        /// The sub-indicators pointing at it.
        parts: Vec<IndicatorId>,
    },
    /// [`add_indicator`] with a `part_of` pointing at itself.
    #[error("indicator {id} cannot be part of itself")]
    PartOfItself {
        /// The indicator.
        id: IndicatorId,
    },
    /// [`publish`] with a period that is not a month.
    #[error(
        "「{written}」 is not a publication month: write a month such as 令和5年3月 or 2023年3月"
    )]
    NotAMonth {
        /// The period as written.
        written: String,
    },
    /// [`publish`] on an edition whose data is inconsistent.
    #[error(
        "edition {edition} cannot be published until these are fixed: {}",
        problems.join("; ")
    )]
    NotPublishable {
        /// The edition.
        edition: EditionId,
        /// The broken rules (integrity problems and error-level lint findings).
        problems: Vec<String>,
    },
    /// A year past the supported range (FY2200).
    #[error("edition {edition}: there is no fiscal year after {year}")]
    YearOverflow {
        /// The edition.
        edition: EditionId,
        /// The last supported year reached.
        year: FiscalYear,
    },
    /// A generated ID is not valid (only with IDs that are already near the
    /// 40-character limit).
    #[error("cannot make a new ID: {0}")]
    Id(#[from] IdError),
}

fn list_parts(parts: &[IndicatorId]) -> String {
    let ids: Vec<&str> = parts.iter().map(IndicatorId::as_str).collect();
    match ids.as_slice() {
        [one] => format!("{one} is"),
        _ => format!("{} are", ids.join(", ")),
    }
}

/// Where [`add_indicator`] puts a new indicator: as a row of an existing KPI
/// table, or in a new table of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// A new row at the end of this table.
    Table(TableId),
    /// A new one-row table at the end of this project's tables.
    Project(ProjectId),
}

impl From<&TableId> for Placement {
    fn from(id: &TableId) -> Self {
        Placement::Table(id.clone())
    }
}

impl From<&ProjectId> for Placement {
    fn from(id: &ProjectId) -> Self {
        Placement::Project(id.clone())
    }
}

impl From<TableId> for Placement {
    fn from(id: TableId) -> Self {
        Placement::Table(id)
    }
}

impl From<ProjectId> for Placement {
    fn from(id: ProjectId) -> Self {
        Placement::Project(id)
    }
}

/// The header of the baseline-actual column for a fiscal year, as
/// implementation plans print it: FY2021 → `R3(2021)実績値`.
pub fn baseline_label(year: FiscalYear) -> String {
    format!("{}({})実績値", year.era_year().short(), year.year())
}

/// The ID of the edition starting in `first`: FY2023 → `E2023`.
pub fn edition_id(first: FiscalYear) -> Result<EditionId, IdError> {
    EditionId::new(format!("E{}", first.year()))
}

/// Makes the following edition of the rolling plan as a draft.
///
/// The copy covers the current years shifted by one (FY2022–2024 →
/// FY2023–2025) and gets the ID `E{first year}` (`E2023`), status draft, no
/// publication month, the baseline year moved on by one and the baseline
/// label rewritten for it (`R3(2021)実績値`, also in the baseline column of
/// the KPI table headers, which PDF extraction may have spaced as
/// `R2(2020) 実績値`). Everything else is carried over unchanged,
/// IDs included: indicator values (the planning department edits them
/// afterwards; until then `period-column-mismatch` in [`crate::lint`]
/// points at the ones still dated for the previous edition), texts, source
/// lines and errata.
///
/// Works on a draft too (e.g. to prepare two years ahead). Refused when the
/// new years would leave the comprehensive plan's years.
pub fn next_edition(current: &Plan) -> Result<Plan, EditionError> {
    let edition = &current.edition;
    let overflow = |year| EditionError::YearOverflow {
        edition: edition.id.clone(),
        year,
    };
    let first = edition
        .years
        .first()
        .next()
        .ok_or_else(|| overflow(edition.years.first()))?;
    let last = edition
        .years
        .last()
        .next()
        .ok_or_else(|| overflow(edition.years.last()))?;
    let plan_years = current.plan.years;
    if !plan_years.contains(first) || !plan_years.contains(last) {
        return Err(EditionError::BeyondPlan {
            edition: edition.id.clone(),
            first: first.year(),
            last: last.year(),
            plan: current.plan.name.clone(),
            plan_first: plan_years.first().year(),
            plan_last: plan_years.last().year(),
        });
    }
    let baseline_year = edition
        .baseline_year
        .next()
        .ok_or_else(|| overflow(edition.baseline_year))?;
    let years = Years::new(first, last).map_err(|_| overflow(edition.years.last()))?;
    let label = baseline_label(baseline_year);
    let mut next = current.clone();
    for table in next.projects.iter_mut().flat_map(|p| &mut p.tables) {
        table.header = rewrite_header(&table.header, &edition.baseline_label, &label);
    }
    next.edition = Edition {
        id: edition_id(first)?,
        title: edition.title.clone(),
        variant: edition.variant.clone(),
        years,
        baseline_year,
        baseline_label: label,
        published: None,
        status: EditionStatus::Draft,
    };
    Ok(next)
}

/// Text without whitespace, for comparing labels as PDF extraction spaces them.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A KPI table header with the column printing `old` (spaces ignored:
/// `R2(2020) 実績値` matches `R2(2020)実績値`) replaced by `new`; the other
/// columns stay as written.
fn rewrite_header(header: &str, old: &str, new: &str) -> String {
    let old = compact(old);
    if old.is_empty() {
        return header.to_owned();
    }
    header
        .split('\t')
        .map(|cell| if compact(cell) == old { new } else { cell })
        .collect::<Vec<_>>()
        .join("\t")
}

/// Refuses a published edition.
fn ensure_draft(plan: &Plan) -> Result<(), EditionError> {
    match plan.edition.status {
        EditionStatus::Draft => Ok(()),
        EditionStatus::Published => Err(EditionError::Published {
            edition: plan.edition.id.clone(),
        }),
    }
}

fn unknown(plan: &Plan, kind: &'static str, id: &str) -> EditionError {
    EditionError::Unknown {
        edition: plan.edition.id.clone(),
        kind,
        id: id.to_owned(),
    }
}

/// A trimmed, non-empty text.
fn non_empty(text: &str, what: impl FnOnce() -> String) -> Result<String, EditionError> {
    let t = text.trim();
    if t.is_empty() {
        Err(EditionError::EmptyText { what: what() })
    } else {
        Ok(t.to_owned())
    }
}

fn indicator_index(plan: &Plan, id: &IndicatorId) -> Result<usize, EditionError> {
    plan.indicators
        .iter()
        .position(|i| &i.id == id)
        .ok_or_else(|| unknown(plan, "indicator", id.as_str()))
}

fn check_unit(
    indicator: &IndicatorId,
    unit: &Unit,
    column: Column,
    value: &KpiValue,
) -> Result<(), EditionError> {
    if &value.quantity.unit == unit {
        Ok(())
    } else {
        Err(EditionError::UnitMismatch {
            indicator: indicator.clone(),
            column: column.label_en(),
            expected: unit.clone(),
            found: value.quantity.unit.clone(),
        })
    }
}

/// Sets (adds or replaces) an indicator's value in a column of a draft.
///
/// The value must be in the indicator's unit. Polarity and aggregation are
/// not re-inferred: they are reviewed data.
pub fn set_value(
    plan: &mut Plan,
    id: &IndicatorId,
    column: Column,
    value: KpiValue,
) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    let index = indicator_index(plan, id)?;
    let indicator = &mut plan.indicators[index];
    check_unit(id, &indicator.unit, column, &value)?;
    *indicator.values.slot_mut(column) = Some(value);
    Ok(())
}

/// Removes an indicator's value in a column of a draft (the cell becomes
/// blank). Refused when the column holds no value.
pub fn remove_value(plan: &mut Plan, id: &IndicatorId, column: Column) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    let index = indicator_index(plan, id)?;
    let slot = plan.indicators[index].values.slot_mut(column);
    if slot.take().is_none() {
        return Err(EditionError::NoValue {
            indicator: id.clone(),
            column: column.label_en(),
        });
    }
    Ok(())
}

/// The number after `prefix` in `id`, when `id` is `prefix` + digits.
fn number_after(id: &str, prefix: &str) -> Option<u32> {
    id.strip_prefix(prefix)
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .and_then(|n| n.parse().ok())
}

/// Adds an initiative at the end of a policy direction of a draft and
/// returns its new ID: the direction's ID, `-I` and one more than the
/// highest number among the direction's initiatives (`P1-D1-I4` after
/// `P1-D1-I3`), skipping any ID used elsewhere in the plan.
///
/// A number freed by [`remove_initiative`] in the same draft is not
/// reused unless it was the highest one.
pub fn add_initiative(
    plan: &mut Plan,
    direction: &DirectionId,
    text: &str,
) -> Result<InitiativeId, EditionError> {
    ensure_draft(plan)?;
    let text = non_empty(text, || {
        format!("the text of a new initiative in {direction}")
    })?;
    let prefix = format!("{direction}-I");
    let used: Vec<&InitiativeId> = plan
        .projects
        .iter()
        .flat_map(|p| &p.directions)
        .flat_map(|d| &d.initiatives)
        .map(|i| &i.id)
        .collect();
    let (p, d) = plan
        .projects
        .iter()
        .enumerate()
        .find_map(|(pi, p)| {
            p.directions
                .iter()
                .position(|d| &d.id == direction)
                .map(|di| (pi, di))
        })
        .ok_or_else(|| unknown(plan, "policy direction", direction.as_str()))?;
    let highest = plan.projects[p].directions[d]
        .initiatives
        .iter()
        .filter_map(|i| number_after(i.id.as_str(), &prefix))
        .max()
        .unwrap_or(0);
    let mut n = highest.saturating_add(1);
    let id = loop {
        let candidate = InitiativeId::new(format!("{prefix}{n}"))?;
        if !used.contains(&&candidate) {
            break candidate;
        }
        n = n.saturating_add(1);
    };
    plan.projects[p].directions[d].initiatives.push(Initiative {
        id: id.clone(),
        text,
        line: None,
    });
    Ok(id)
}

/// Removes an initiative from a draft.
pub fn remove_initiative(plan: &mut Plan, id: &InitiativeId) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    for direction in plan.projects.iter_mut().flat_map(|p| &mut p.directions) {
        if let Some(i) = direction.initiatives.iter().position(|i| &i.id == id) {
            direction.initiatives.remove(i);
            return Ok(());
        }
    }
    Err(unknown(plan, "initiative", id.as_str()))
}

/// Replaces a project's summary paragraphs (the bullets of the overview
/// page) in a draft. Each paragraph is trimmed and empty ones are dropped;
/// refused when none is left, since every project has a summary.
pub fn set_project_summary(
    plan: &mut Plan,
    project: &ProjectId,
    paragraphs: &[String],
) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    let summary: Vec<String> = paragraphs
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if summary.is_empty() {
        return Err(EditionError::EmptyText {
            what: format!("the summary of {project}"),
        });
    }
    let Some(p) = plan.projects.iter_mut().find(|p| &p.id == project) else {
        return Err(unknown(plan, "project", project.as_str()));
    };
    p.summary = summary;
    Ok(())
}

/// Renames an indicator of a draft. Table rows that printed the old name
/// print the new one; rows with their own wording keep it.
pub fn rename_indicator(plan: &mut Plan, id: &IndicatorId, name: &str) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    let index = indicator_index(plan, id)?;
    let name = non_empty(name, || format!("the name of {id}"))?;
    let old = std::mem::replace(&mut plan.indicators[index].name, name.clone());
    for table in plan.projects.iter_mut().flat_map(|p| &mut p.tables) {
        for row in &mut table.rows {
            if &row.indicator == id && row.label == old {
                row.label = name.clone();
            }
        }
    }
    Ok(())
}

/// Adds a new indicator to a draft, as a row of an existing table
/// ([`Placement::Table`], given as `&TableId`) or as a new one-row table at
/// the end of a project ([`Placement::Project`], given as `&ProjectId`;
/// the table gets the next free `{project}-T{n}` ID, the indicator's name as
/// heading and the edition's column header). The row prints the
/// indicator's name.
///
/// Refused when the ID is already used, the name is empty, a value is in
/// another unit, or `part_of` / `policy_items` name elements that do not
/// exist.
pub fn add_indicator(
    plan: &mut Plan,
    placement: impl Into<Placement>,
    indicator: Indicator,
) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    let placement = placement.into();
    let id = indicator.id.clone();
    if plan.indicator(&id).is_some() {
        return Err(EditionError::DuplicateIndicator {
            edition: plan.edition.id.clone(),
            id,
        });
    }
    let name = non_empty(&indicator.name, || format!("the name of {id}"))?;
    for (column, value) in indicator.values.iter() {
        check_unit(&id, &indicator.unit, column, value)?;
    }
    if let Some(parent) = &indicator.part_of {
        if parent == &id {
            return Err(EditionError::PartOfItself { id });
        }
        if plan.indicator(parent).is_none() {
            return Err(unknown(plan, "indicator", parent.as_str()));
        }
    }
    for item in &indicator.policy_items {
        let known = plan
            .fields
            .iter()
            .flat_map(|f| &f.items)
            .any(|i| &i.id == item);
        if !known {
            return Err(unknown(plan, "policy item", item.as_str()));
        }
    }
    let row = TableRow {
        indicator: id,
        label: name.clone(),
    };
    match &placement {
        Placement::Table(table) => {
            let target = plan
                .projects
                .iter_mut()
                .flat_map(|p| &mut p.tables)
                .find(|t| &t.id == table);
            match target {
                Some(t) => t.rows.push(row),
                None => return Err(unknown(plan, "KPI table", table.as_str())),
            }
        }
        Placement::Project(project) => {
            let used: Vec<TableId> = plan.tables().map(|(_, t)| t.id.clone()).collect();
            let header = format!(
                "{}\t{}\t{}\t{}",
                Column::Initial.label_ja(),
                plan.edition.baseline_label,
                Column::Interim.label_ja(),
                Column::Target.label_ja()
            );
            let Some(p) = plan.projects.iter_mut().find(|p| &p.id == project) else {
                return Err(unknown(plan, "project", project.as_str()));
            };
            let prefix = format!("{project}-T");
            let highest = p
                .tables
                .iter()
                .filter_map(|t| number_after(t.id.as_str(), &prefix))
                .max()
                .unwrap_or(0);
            let mut n = highest.saturating_add(1);
            let table_id = loop {
                let candidate = TableId::new(format!("{prefix}{n}"))?;
                if !used.contains(&candidate) {
                    break candidate;
                }
                n = n.saturating_add(1);
            };
            p.tables.push(KpiTable {
                id: table_id,
                heading: vec![name.clone()],
                header,
                rows: vec![row],
                line: None,
            });
        }
    }
    plan.indicators.push(Indicator { name, ..indicator });
    Ok(())
}

/// Removes an indicator from a draft together with the table rows that
/// print it; a table left without rows is removed too. Refused while other
/// indicators are part of it.
pub fn remove_indicator(plan: &mut Plan, id: &IndicatorId) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    let index = indicator_index(plan, id)?;
    let parts: Vec<IndicatorId> = plan
        .indicators
        .iter()
        .filter(|i| i.part_of.as_ref() == Some(id))
        .map(|i| i.id.clone())
        .collect();
    if !parts.is_empty() {
        return Err(EditionError::HasParts {
            id: id.clone(),
            parts,
        });
    }
    plan.indicators.remove(index);
    for project in &mut plan.projects {
        project.tables.retain_mut(|table| {
            let before = table.rows.len();
            table.rows.retain(|r| &r.indicator != id);
            table.rows.len() == before || !table.rows.is_empty()
        });
    }
    Ok(())
}

/// Publishes a draft: status published, publication month `month` (a
/// month, e.g. 令和5年3月).
///
/// Refused when the plan's integrity fails ([`integrity::check`]: unique
/// IDs, references that resolve) or the lint reports an error-level finding
/// (values in another unit than their indicator); warnings do not stop
/// publication. The error lists every problem.
pub fn publish(plan: &mut Plan, month: Period) -> Result<(), EditionError> {
    ensure_draft(plan)?;
    if !matches!(month.kind(), PeriodKind::Month { .. }) {
        return Err(EditionError::NotAMonth {
            written: month.written().to_owned(),
        });
    }
    let mut problems: Vec<String> = match integrity::check(plan) {
        Ok(()) => Vec::new(),
        Err(found) => found.into_iter().map(|p| p.0).collect(),
    };
    problems.extend(
        lint(plan)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{} ({}): {}", f.element, f.rule, f.message)),
    );
    if !problems.is_empty() {
        return Err(EditionError::NotPublishable {
            edition: plan.edition.id.clone(),
            problems,
        });
    }
    plan.edition.status = EditionStatus::Published;
    plan.edition.published = Some(month);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_labels_use_the_era_short_form() {
        let label = |y| FiscalYear::new(y).map(baseline_label);
        assert_eq!(label(2021).as_deref(), Ok("R3(2021)実績値"));
        assert_eq!(label(2019).as_deref(), Ok("R1(2019)実績値"));
        assert_eq!(label(2018).as_deref(), Ok("H30(2018)実績値"));
    }

    #[test]
    fn headers_get_the_new_baseline_column() {
        let new = "R3(2021)実績値";
        assert_eq!(
            rewrite_header(
                "初期値\tR2(2020) 実績値\t実施計画 期間設定値",
                "R2(2020)実績値",
                new
            ),
            "初期値\tR3(2021)実績値\t実施計画 期間設定値"
        );
        assert_eq!(
            rewrite_header("初期値\t実績値", "R2(2020)実績値", new),
            "初期値\t実績値"
        );
        assert_eq!(rewrite_header("初期値\t実績値", "", new), "初期値\t実績値");
    }

    #[test]
    fn numbers_after_a_prefix() {
        assert_eq!(number_after("P1-D1-I12", "P1-D1-I"), Some(12));
        assert_eq!(number_after("P1-D1-I", "P1-D1-I"), None);
        assert_eq!(number_after("P1-D1-Ix", "P1-D1-I"), None);
        assert_eq!(number_after("P1-D2-I1", "P1-D1-I"), None);
    }
}
