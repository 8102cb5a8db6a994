//! `keikaku budget`: import the initiative catalogue and budget lines (CSV
//! or xlsx, all files in one all-or-nothing run), export them in the same
//! format, show a year's cost roll-up, and publish a year's budget or
//! settlement on the portal.

use crate::db::DbArgs;
use crate::export_cmd::write_atomic;
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use keikaku_app::budget::BudgetData;
use keikaku_ingest::budget::{BudgetFile, read_budget, read_budget_xlsx};
use keikaku_ingest::workbook::is_xlsx;
use keikaku_model::budget::rollup::Totals;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_report::budget_exchange::{budget_workbook, lines_csv, programs_csv};
use keikaku_store::PublishStage;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Import initiatives (事業一覧) and budget lines (予算) from CSV files
    /// or an xlsx workbook with sheets 事業 and 予算 (docs/budget.md).
    /// Amounts are whole thousands of yen (千円). All files are checked
    /// first and written in one transaction: any problem rejects them all,
    /// listed with file, line (or sheet and row) and column.
    Import {
        /// CSV or .xlsx files; a file's kind is told by its header.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the catalogue and all budget lines: to FILE.xlsx (sheets 事業,
    /// 予算) or, for any other path, to a directory with programs.csv and
    /// lines.csv. The files import back unchanged.
    Export {
        /// Output .xlsx file or directory.
        #[arg(long)]
        out: PathBuf,
    },
    /// Show a year's cost: totals, per project and per field (千円).
    Show {
        /// Fiscal year, e.g. 2023, R5, 令和5年度 [default: the newest with lines].
        #[arg(long)]
        year: Option<FiscalYear>,
    },
    /// Publish a year's budget or settlement figures on the portal (or
    /// withdraw them with --withdraw).
    Publish {
        /// Fiscal year.
        #[arg(long)]
        year: FiscalYear,
        /// Which figures.
        #[arg(long, value_enum)]
        stage: Stage,
        /// Withdraw instead of publishing.
        #[arg(long)]
        withdraw: bool,
    },
}

/// Which figures of a year to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Stage {
    /// 当初・補正 (with funding and personnel).
    Budget,
    /// 決算.
    Settlement,
}

pub async fn run(cmd: &BudgetCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    match cmd {
        BudgetCommand::Import { files } => {
            let plan = app.plan_with_every_department(&code).await?;
            let mut all = BudgetFile::default();
            let mut problems = Vec::new();
            for f in files {
                let bytes =
                    std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
                let xlsx = f
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
                let read = if xlsx || is_xlsx(&bytes) {
                    read_budget_xlsx(&bytes, &plan)
                } else {
                    read_budget(&bytes, &plan)
                };
                match read {
                    Ok(part) => all.extend(part),
                    Err(e) => {
                        problems.extend(e.problems.iter().map(|p| format!("{}: {p}", f.display())))
                    }
                }
            }
            if !problems.is_empty() {
                bail!(
                    "{}\nnothing was imported ({} problem(s))",
                    problems.join("\n"),
                    problems.len()
                );
            }
            let summary = app
                .import_budget(&code, &all.programs, &all.lines, &db.actor())
                .await
                .context("nothing was imported")?;
            println!(
                "{} initiative(s) and {} budget line(s) read: {} written, {} unchanged",
                all.programs.len(),
                all.lines.len(),
                summary.recorded,
                summary.unchanged
            );
            Ok(())
        }
        BudgetCommand::Export { out } => {
            let data = app.budget(&code).await?;
            export(&data, out)
        }
        BudgetCommand::Show { year } => {
            let data = app.budget(&code).await?;
            print!("{}", show(&data, *year)?);
            Ok(())
        }
        BudgetCommand::Publish {
            year,
            stage,
            withdraw,
        } => {
            let stage = match stage {
                Stage::Budget => PublishStage::Budget,
                Stage::Settlement => PublishStage::Settlement,
            };
            app.publish_budget(&code, year.year(), stage, !withdraw, &db.actor())
                .await?;
            println!(
                "FY{} {}: {}",
                year.year(),
                stage.keyword(),
                if *withdraw { "withdrawn" } else { "published" }
            );
            Ok(())
        }
    }
}

fn export(data: &BudgetData, out: &Path) -> Result<()> {
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        let bytes = budget_workbook(&data.programs, &data.lines)?;
        write_atomic(out, &bytes)?;
        println!(
            "{}: {} initiative(s), {} line(s)",
            out.display(),
            data.programs.len(),
            data.lines.len()
        );
    } else {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        write_atomic(
            &out.join("programs.csv"),
            programs_csv(&data.programs).as_bytes(),
        )?;
        write_atomic(&out.join("lines.csv"), lines_csv(&data.lines).as_bytes())?;
        println!(
            "{}: programs.csv ({} initiative(s)), lines.csv ({} line(s))",
            out.display(),
            data.programs.len(),
            data.lines.len()
        );
    }
    Ok(())
}

fn totals_line(label: &str, t: &Totals) -> String {
    let rate = t
        .execution_rate()
        .map_or_else(|| "—".to_owned(), |r| format!("{r}%"));
    let basis = if t.fully_settled() { "" } else { " *" };
    format!(
        "{label:<12} {:>14} {:>14} {:>8} {:>12} {:>14}{basis}\n",
        t.budget.to_string(),
        if t.settled == 0 {
            "—".to_owned()
        } else {
            t.settlement.to_string()
        },
        rate,
        t.personnel.to_string(),
        t.total.to_string(),
    )
}

/// The text of `keikaku budget show`.
fn show(data: &BudgetData, year: Option<FiscalYear>) -> Result<String> {
    let book = data.book();
    let Some(year) = year.or_else(|| book.years().last().copied()) else {
        return Ok("no budget lines yet: import them with `keikaku budget import FILE…`\n".into());
    };
    let mut s = String::new();
    let _ = writeln!(s, "FY{} ({}), 千円", year.year(), year.label_ja());
    let _ = writeln!(
        s,
        "{:<12} {:>14} {:>14} {:>8} {:>12} {:>14}",
        "", "予算現額", "決算", "執行率", "人件費", "総事業費"
    );
    s.push_str(&totals_line("all", &book.overall(year)?));
    for r in book.by_project(year)? {
        s.push_str(&totals_line(r.key.as_str(), &r.totals));
    }
    for r in book.by_field(year)? {
        s.push_str(&totals_line(r.key.as_str(), &r.totals));
    }
    let _ = writeln!(
        s,
        "an initiative serving several projects or fields counts in each (再掲); * = not fully settled, budget basis"
    );
    let unlinked = book.money_without_indicator();
    if !unlinked.is_empty() {
        let _ = writeln!(
            s,
            "initiatives with money but no indicator: {}",
            unlinked
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(s)
}
