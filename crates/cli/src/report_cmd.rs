//! `keikaku report`: the council's evaluation report for a fiscal year and
//! the plan summary, as a PDF (typeset in-process, Japanese fonts embedded)
//! or a self-contained HTML file. The reports themselves are built by
//! `keikaku-report` (data and HTML) and `keikaku-pdf`; `--format xlsx` of the
//! council report is the council workbook of `keikaku export council-workbook`.

use crate::db::DbArgs;
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_report::plan_summary::PlanSummary;
use std::path::{Path, PathBuf};

/// What a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A4 PDF with Japanese fonts embedded (needs a Japanese font, see docs/reports.md).
    Pdf,
    /// One self-contained HTML file (inline CSS and charts, prints on A4).
    Html,
    /// Excel workbook, council report only (the same as `keikaku export council-workbook`).
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
        /// pdf, html or xlsx.
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
            let (app, code) = db.open().await?;
            let data = app.council_data(&code, *year, rubric.as_deref()).await?;
            let bytes = match format {
                ReportFormat::Html => keikaku_report::html::council(&data.report())?.into_bytes(),
                ReportFormat::Pdf => keikaku_pdf::council(&data.report(), &fonts()?)?,
                ReportFormat::Xlsx => data.workbook()?,
            };
            write(out, &bytes)
        }
        ReportCommand::Plan { format, out } => {
            if *format == ReportFormat::Xlsx {
                bail!(
                    "--format xlsx: the plan workbook is written by `keikaku export workbook`; `report plan` writes pdf or html"
                );
            }
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

fn fonts() -> Result<keikaku_pdf::Fonts> {
    keikaku_pdf::Fonts::discover().context("cannot make a PDF")
}

/// Writes the file atomically and says so.
fn write(out: &Path, bytes: &[u8]) -> Result<()> {
    crate::export_cmd::write_atomic(out, bytes)?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}
