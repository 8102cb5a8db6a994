//! `keikaku report`: the council's evaluation report for a fiscal year and
//! the plan summary, as a PDF (typeset in-process, Japanese fonts embedded)
//! or a self-contained HTML file. The reports themselves are built by
//! `keikaku-report` (data and HTML) and `keikaku-pdf`.

use crate::db::DbArgs;
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_report::council::{CouncilInput, CouncilReport};
use keikaku_report::plan_summary::PlanSummary;
use std::path::{Path, PathBuf};

/// What a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A4 PDF with Japanese fonts embedded (needs a Japanese font, see docs/reports.md).
    Pdf,
    /// One self-contained HTML file (inline CSS and charts, prints on A4).
    Html,
    /// Excel: use `keikaku export council-workbook` (council report only).
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The council's evaluation report (評価報告書) for a fiscal year: counts
    /// per grade, per project and field the KPI tables with the year's
    /// actuals, grades and their explanations, charts, self-evaluations,
    /// reviews, decisions and council comments. Uses the current actuals and
    /// the records in every workflow state (the council reads drafts).
    Council {
        /// Fiscal year, e.g. 2024, R6, 令和6年度.
        #[arg(long)]
        year: FiscalYear,
        /// Rubric (default tsuruoka-4).
        #[arg(long)]
        rubric: Option<String>,
        /// pdf or html.
        #[arg(long, value_enum)]
        format: ReportFormat,
        /// The file to write (replaced atomically).
        #[arg(long)]
        out: PathBuf,
    },
    /// The plan summary (概要版): projects with their departments, policy
    /// directions, initiatives and KPI tables, and the basic plan's fields,
    /// from the database's current edition.
    Plan {
        /// pdf or html.
        #[arg(long, value_enum)]
        format: ReportFormat,
        /// The file to write (replaced atomically).
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs `keikaku report …`.
pub async fn run(cmd: &ReportCommand, db: &DbArgs) -> Result<()> {
    match cmd {
        ReportCommand::Council {
            year,
            rubric,
            format,
            out,
        } => {
            reject_xlsx(*format, "council")?;
            let report = council_report(*year, rubric.as_deref(), db).await?;
            let bytes = match format {
                ReportFormat::Html => keikaku_report::html::council(&report)?.into_bytes(),
                _ => keikaku_pdf::council(&report, &fonts()?)?,
            };
            write(out, &bytes)
        }
        ReportCommand::Plan { format, out } => {
            reject_xlsx(*format, "plan")?;
            let (app, code) = db.open().await?;
            let plan = app.current_plan(&code).await?;
            let summary: PlanSummary = keikaku_report::plan_summary::build(&plan);
            let bytes = match format {
                ReportFormat::Html => keikaku_report::html::plan_summary(&summary)?.into_bytes(),
                _ => keikaku_pdf::plan_summary(&summary, &fonts()?)?,
            };
            write(out, &bytes)
        }
    }
}

fn reject_xlsx(format: ReportFormat, report: &str) -> Result<()> {
    if format != ReportFormat::Xlsx {
        return Ok(());
    }
    match report {
        "council" => bail!(
            "--format xlsx: the council workbook is written by `keikaku export council-workbook`; `report council` writes pdf or html"
        ),
        _ => bail!("--format xlsx: the plan summary is written as pdf or html"),
    }
}

/// Grades the year and gathers what the council report shows.
async fn council_report(
    year: FiscalYear,
    rubric: Option<&str>,
    db: &DbArgs,
) -> Result<CouncilReport> {
    let (app, code) = db.open().await?;
    let plan = app.current_plan(&code).await?;
    let rubric = app.rubric(&code, rubric).await?;
    let actuals: Vec<_> = app
        .current_actuals(&code)
        .await?
        .into_iter()
        .map(|a| a.value)
        .collect();
    let evaluation = keikaku_app::evaluation::evaluate_year(&code, &plan, &rubric, &actuals, year);
    let grades: Vec<_> = evaluation.indicators.into_iter().map(|r| r.grade).collect();
    let records = app.pdca_records(&code, Some(year)).await?;
    Ok(keikaku_report::council::build(&CouncilInput {
        plan: &plan,
        rubric: &rubric,
        year,
        grades: &grades,
        actuals: &actuals,
        records: &records,
    }))
}

fn fonts() -> Result<keikaku_pdf::Fonts> {
    keikaku_pdf::Fonts::discover().context("cannot make a PDF")
}

/// Writes the file atomically: a temporary file beside it, then a rename.
fn write(out: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = out.with_extension("tmp-keikaku");
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}
