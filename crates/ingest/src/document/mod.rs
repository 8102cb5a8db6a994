//! Import of a published implementation-plan document (text extracted from
//! the PDF) into a [`Plan`].
//!
//! The document is read as blocks of non-blank lines (`lines`) and walked
//! section by section: the title page and sections I–II (`front`), the
//! projects of section III (`projects`, with KPI tables in `kpi` and
//! their cells in `cell`), the basic plan and key initiatives of sections
//! IV–V (`basic`). Text is kept as written; every element records its
//! source line. Anything unexpected is an error naming the line and what
//! was expected: nothing is silently dropped.

mod basic;
mod cell;
mod front;
mod kpi;
mod lines;
mod projects;

pub use cell::{Cell, CellValue, parse_cell};

use crate::error::DocumentError;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::EditionId;
use keikaku_model::lgcode::LocalGovCode;
use keikaku_model::plan::{ComprehensivePlan, Edition, EditionStatus, Municipality, Plan, Years};
use lines::Cursor;

/// What the document does not say and the importer needs.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The municipality's local government code (not printed in plans).
    pub code: Option<LocalGovCode>,
    /// Prefecture name (not printed in plans).
    pub prefecture: Option<String>,
    /// First year of the comprehensive plan when the document does not state it;
    /// without it the plan is assumed to span ten years.
    pub plan_first_year: Option<FiscalYear>,
}

/// Length assumed for a comprehensive plan whose first year is not stated.
const ASSUMED_PLAN_YEARS: i32 = 10;

/// Parses a whole document.
pub fn parse_document(text: &str, options: &ImportOptions) -> Result<Plan, DocumentError> {
    if text.trim().is_empty() {
        return Err(DocumentError::at(0, "the document is empty"));
    }
    let mut cur = Cursor::new(text);
    let fm = front::front_matter(&mut cur)?;
    let missing = |what: &str| DocumentError::at(1, format!("the title page lacks {what}"));
    let (title_line, title) = fm
        .title
        .clone()
        .ok_or_else(|| missing("the title (… 実施計画)"))?;
    let edition_years = fm
        .years
        .ok_or_else(|| missing("the edition's period such as (令和4年度～令和6年度)"))?;
    let municipality = fm
        .municipality
        .clone()
        .ok_or_else(|| missing("the municipality's name (… 市)"))?;

    cur.expect_section(1, "I (実施計画について)")?;
    let sections = front::about(&mut cur)?;
    let (last, _) = front::plan_last_year(&sections).ok_or_else(|| {
        DocumentError::at(title_line, "section I does not state the comprehensive plan's period (expected e.g. 「2028（令和10）年度までを計画期間とする」)")
    })?;
    let assumed = options.plan_first_year.is_none();
    let first = match options.plan_first_year {
        Some(y) => y,
        None => FiscalYear::new(last.year() - ASSUMED_PLAN_YEARS + 1)
            .map_err(|e| DocumentError::at(title_line, e.to_string()))?,
    };
    let plan_years = Years::new(first, last).map_err(|e| DocumentError::at(title_line, e))?;

    cur.expect_section(2, "II (現下の情勢を踏まえた課題への対応)")?;
    let (issues_intro, issues) = front::issues(&mut cur)?;
    cur.expect_section(3, "III (未来創造のプロジェクト)")?;
    let mut registry = kpi::IndicatorRegistry::default();
    let s3 = projects::section3(&mut cur, &mut registry)?;
    let (baseline_year, baseline_label) = s3
        .baseline
        .clone()
        .ok_or_else(|| DocumentError::at(cur.end_line(), "no KPI table found in section III"))?;
    cur.expect_section(4, "IV (基本計画の体系)")?;
    let fields = basic::fields(&mut cur)?;
    let key_initiatives = if cur.peek().is_some() {
        cur.expect_section(5, "V (計画の推進)")?;
        basic::key_initiatives(&mut cur)?
    } else {
        Vec::new()
    };
    if let Some(b) = cur.peek() {
        return Err(DocumentError::at(
            b.no(),
            format!("unexpected text after section V: 「{}」", b.first().text),
        ));
    }
    let edition_id = EditionId::new(format!("E{}", edition_years.first().year()))
        .map_err(|e| DocumentError::at(title_line, e.to_string()))?;
    Ok(Plan {
        municipality: Municipality {
            name: municipality,
            code: options.code,
            prefecture: options.prefecture.clone(),
        },
        plan: ComprehensivePlan {
            name: fm.plan_name.clone().unwrap_or_default(),
            catchphrase: fm.catchphrase.clone(),
            years: plan_years,
            first_year_assumed: assumed,
        },
        edition: Edition {
            id: edition_id,
            title,
            variant: fm.variant.clone(),
            years: edition_years,
            baseline_year,
            baseline_label,
            published: fm.published.clone(),
            status: EditionStatus::Published,
        },
        sections,
        issues_intro,
        issues,
        projects_intro: s3.intro,
        departments: s3.departments,
        groups: s3.groups,
        projects: s3.projects,
        indicators: registry.indicators,
        fields,
        key_initiatives,
        errata: Vec::new(),
    })
}
