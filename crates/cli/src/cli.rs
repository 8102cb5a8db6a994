//! Command-line arguments (clap) and dispatch to the subcommands.

use crate::actuals_cmd::ActualsCommand;
use crate::audit_cmd::AuditCommand;
use crate::budget_cmd::BudgetCommand;
use crate::db::DbArgs;
use crate::edition_cmd::EditionCommand;
use crate::evaluate_cmd::{EvalFormat, RubricCommand};
use crate::pdca_cmd::PdcaCommand;
use crate::report_cmd::ReportCommand;
use crate::user_cmd::UserCommand;
use crate::{
    actuals_cmd, audit_cmd, budget_cmd, edition_cmd, evaluate_cmd, pdca_cmd, plan_cmd, serve_cmd,
    user_cmd,
};
use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use keikaku_model::fiscal_year::FiscalYear;
use std::path::PathBuf;
use std::process::ExitCode;

/// keikaku (計画) — a plan-to-results system for municipal comprehensive plans.
///
/// It holds a city's comprehensive plan (総合計画) and its rolling
/// implementation plan (実施計画) as exact, typed data: policy fields and
/// items, cross-departmental projects, initiatives and KPIs with their
/// initial values, baselines and targets. It ships with Tsuruoka City's
/// implementation plan FY2022–FY2024.
///
/// Start with:
///   keikaku serve                      # the public portal on http://127.0.0.1:8080/
///   keikaku plan show                  # the shipped plan, summarised
///   keikaku plan lint                  # data-quality findings on it
///   keikaku plan import DOCUMENT.txt   # read a published plan document
///   keikaku period 令和6年度 R2 2025年3月卒
///
/// The yearly cycle works on a database (default sqlite://keikaku.db, created
/// and loaded with the shipped plan on first use; --database-url or
/// KEIKAKU_DATABASE_URL for PostgreSQL):
///   keikaku actuals import actuals.csv # record actuals (docs/actuals-csv.md)
///   keikaku evaluate --year 2024       # explained grades (docs/grading.md)
///   keikaku edition new                # draft the next rolling edition
///   keikaku plan diff E2022 E2023      # what changed between editions
///   keikaku pdca self-evaluate --year 2024 --project P1 --text …
///   keikaku audit verify               # detect tampering with the audit trail
#[derive(Debug, Parser)]
#[command(name = "keikaku", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work with plans: import a published document, show, lint.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Normalise period labels: 令和6年度, R6, FY2024, 2025年3月末, 2018年3月卒 …
    ///
    /// Prints each label's kind, the fiscal year a value for it belongs to,
    /// and its display form, e.g. `R2(2020)` → 2020年度（令和2年度）.
    Period {
        /// Labels as people write them.
        #[arg(required = true)]
        labels: Vec<String>,
    },
    /// Actuals (実績値): import a CSV, record or correct a value, list, history.
    #[command(subcommand)]
    Actuals(ActualsCommand),
    /// Budgets of initiatives (事業): import/export CSV or xlsx, show a
    /// year's cost roll-up, publish figures on the portal (docs/budget.md).
    #[command(subcommand)]
    Budget(BudgetCommand),
    /// Serve the public portal (HTML, Japanese and English) and the JSON API
    /// (/api/v1, OpenAPI at /api/v1/openapi.json). With no configuration it
    /// opens sqlite://keikaku.db, loaded with the Tsuruoka plan on first start.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8080; config file: addr].
        #[arg(long, env = "KEIKAKU_ADDR")]
        addr: Option<String>,
    },
    /// The portal as static files.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Grade every indicator for a fiscal year, with explanations, the
    /// expected value on the trajectory, a forecast, and roll-ups by project
    /// and field (docs/grading.md). Missing figures are their own grade, never 0.
    Evaluate {
        /// Fiscal year, e.g. 2024, R6, 令和6年度.
        #[arg(long)]
        year: FiscalYear,
        /// Rubric: tsuruoka-4 (default), sabc-baseline, achievement-bands,
        /// achievement-bands-prorated, or one added with `keikaku rubric add`.
        #[arg(long)]
        rubric: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
        format: EvalFormat,
    },
    /// Grading rubrics: list, show, add the municipality's own.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Editions of the rolling implementation plan: new draft, edit, publish, targets.
    #[command(subcommand)]
    Edition(EditionCommand),
    /// PDCA records: self-evaluation → review → council comment → publication.
    #[command(subcommand)]
    Pdca(PdcaCommand),
    /// The audit trail: verify the hash chain, list entries.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Excel workbooks of the plan and of a year's evaluation, and open data
    /// (CSV, JSON, Frictionless data package): docs/excel.md, docs/open-data.md.
    #[command(subcommand)]
    Export(crate::export_cmd::ExportCommand),
    /// Reports as PDF or HTML: the council's evaluation report for a year,
    /// the plan summary (docs/reports.md).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Staff accounts and API tokens (docs/staff.md).
    #[command(subcommand)]
    User(UserCommand),
    /// The organisation over time: departments and sections per fiscal
    /// year, renames, merges and splits (docs/organisation.md).
    #[command(subcommand)]
    Org(crate::org_cmd::OrgCommand),
    /// Administrative reform items (行財政改革): import items or statuses
    /// from CSV, set an item's status in a fiscal year, list (docs/reform.md).
    #[command(subcommand)]
    Reform(crate::reform_cmd::ReformCommand),
}

#[derive(Debug, Subcommand)]
enum SiteCommand {
    /// Write the whole public portal (both languages) as static files with
    /// relative links, browsable from any web server or CDN.
    Export {
        /// Output directory (created if missing).
        dir: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum PlanCommand {
    /// Import a published implementation-plan document (text extracted from the PDF).
    ///
    /// Parses the title page, sections I–V, projects with their policy
    /// directions, initiatives and KPI tables, the basic plan's fields and
    /// policy items, and the key initiatives. Every value keeps its source
    /// line. On any unexpected text the import stops with the line and what
    /// was expected; nothing is written.
    ///
    /// Examples:
    ///   keikaku plan import plan.txt                      # readable summary
    ///   keikaku plan import plan.txt --format json        # the whole plan as JSON
    ///   keikaku plan import plan.txt --format toml --code 062031 --out plan.toml
    #[command(verbatim_doc_comment)]
    Import(ImportArgs),
    /// Show a plan (the shipped Tsuruoka plan by default).
    Show(ShowArgs),
    /// Report data-quality findings: targets not better than values already
    /// achieved, periods that do not match their column, conflicting values,
    /// duplicated indicators, unit mismatches, inferred or unknown directions.
    ///
    /// Exit status: 0, or 2 with --deny when a finding reaches that severity.
    Lint(LintArgs),
    /// Compare two editions (IDs in the database, e.g. E2022 E2023) or two
    /// plan files: indicators added, removed or renamed; targets changed
    /// (old → new, strengthened or weakened); initiatives added or removed.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older edition (ID or plan file).
    pub old: String,
    /// The newer edition (ID or plan file).
    pub new: String,
    /// JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Output formats of `plan import` and `plan show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// A readable summary.
    Summary,
    /// The whole plan as JSON (docs/plan-file.md).
    Json,
    /// The plan file (TOML, docs/plan-file.md).
    Toml,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The document: UTF-8 text extracted from the published PDF.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Summary)]
    pub format: PlanFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// The municipality's 6-digit local government code (全国地方公共団体コード), e.g. 062031.
    #[arg(long)]
    pub code: Option<String>,
    /// The prefecture's name, e.g. 山形県.
    #[arg(long)]
    pub prefecture: Option<String>,
    /// First fiscal year of the comprehensive plan when the document does
    /// not state it (default: ten years before its last year).
    #[arg(long, value_name = "YEAR")]
    pub plan_first_year: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A plan file (.toml) or a document (.txt); default: the shipped plan.
    pub plan: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Summary)]
    pub format: PlanFormat,
}

/// Output formats of `plan lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// One finding per paragraph.
    Text,
    /// A JSON array of findings.
    Json,
}

/// Severity threshold for `--deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Fail on info, warnings and errors.
    Info,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on errors only.
    Error,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// A plan file (.toml) or a document (.txt); default: the shipped plan.
    pub plan: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Exit with status 2 when a finding of this severity or worse is reported.
    #[arg(long, value_enum)]
    pub deny: Option<DenyLevel>,
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    let db = &cli.db;
    match &cli.command {
        Command::Plan(PlanCommand::Import(a)) => plan_cmd::import(a),
        Command::Plan(PlanCommand::Show(a)) => plan_cmd::show(a),
        Command::Plan(PlanCommand::Lint(a)) => plan_cmd::lint(a),
        Command::Plan(PlanCommand::Diff(a)) => plan_cmd::diff(a, db).await,
        Command::Period { labels } => plan_cmd::periods(labels),
        Command::Serve { addr } => serve_cmd::serve(addr.as_deref(), db)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Site(SiteCommand::Export { dir }) => serve_cmd::export_site(dir, db)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Evaluate {
            year,
            rubric,
            format,
        } => evaluate_cmd::evaluate(*year, rubric.as_deref(), *format, db)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Rubric(c) => evaluate_cmd::rubric(c, db)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Actuals(c) => actuals_cmd::run(c, db).await.map(|()| ExitCode::SUCCESS),
        Command::Budget(c) => budget_cmd::run(c, db).await.map(|()| ExitCode::SUCCESS),
        Command::Edition(c) => edition_cmd::run(c, db).await.map(|()| ExitCode::SUCCESS),
        Command::Pdca(c) => pdca_cmd::run(c, db).await.map(|()| ExitCode::SUCCESS),
        Command::Audit(c) => audit_cmd::run(c, db).await.map(|()| ExitCode::SUCCESS),
        Command::Export(c) => crate::export_cmd::run(c, db)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::Report(c) => crate::report_cmd::run(c, db)
            .await
            .map(|()| ExitCode::SUCCESS),
        Command::User(c) => user_cmd::run(c, db).await.map(|()| ExitCode::SUCCESS),
        Command::Org(c) => crate::org_cmd::run(c, db).await.map(|()| ExitCode::SUCCESS),
        Command::Reform(c) => crate::reform_cmd::run(c, db)
            .await
            .map(|()| ExitCode::SUCCESS),
    }
}
