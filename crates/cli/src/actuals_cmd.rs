//! `keikaku actuals`: import a CSV or a filled entry workbook of actuals,
//! write a department's entry workbook, record or correct one value, list
//! current values, show a value's history.

use crate::db::DbArgs;
use crate::workbook_cmd;
use anyhow::{Context, Result};
use clap::Subcommand;
use keikaku_ingest::workbook::is_xlsx;
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::IndicatorId;
use keikaku_model::period::Period;
use keikaku_model::quantity::{Quantity, Unit, parse_amount};
use keikaku_store::Expected;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ActualsCommand {
    /// Import a CSV of actuals (docs/actuals-csv.md): columns indicator,
    /// period, value and optionally unit, source, note; UTF-8 (with or
    /// without BOM) or Shift_JIS/CP932. All or nothing: any bad row rejects
    /// the file and every problem is listed with its line and column.
    /// Importing the same file again changes nothing.
    ///
    /// A filled entry workbook (.xlsx, from `keikaku actuals workbook`;
    /// docs/excel.md) is recognised by its content and imported with the same
    /// rules; its problems are named by sheet, row and column.
    Import {
        /// The CSV or .xlsx file.
        file: PathBuf,
        /// For a workbook: refuse it unless it is this department's (ID or name).
        #[arg(long)]
        department: Option<String>,
        /// For a workbook: refuse it unless it is for this fiscal year.
        #[arg(long)]
        year: Option<FiscalYear>,
    },
    /// Write a department's entry workbook (.xlsx) for a fiscal year: its
    /// indicators with units, suggested periods, targets and earlier values,
    /// protected except for the input cells (docs/excel.md). Fill it in and
    /// import it with `keikaku actuals import FILE.xlsx`.
    Workbook {
        /// Department ID (D01) or name as in the plan.
        #[arg(long)]
        department: String,
        /// Fiscal year, e.g. 2024, R6, 令和6年度.
        #[arg(long)]
        year: FiscalYear,
        /// The .xlsx file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Record one value, or correct it (the old value stays in the history).
    Record {
        /// Indicator ID, e.g. KPI-03.
        #[arg(long)]
        indicator: String,
        /// Period as written: 2023年度, 令和5年度, R5, 2024年3月末, 2024年3月卒 …
        #[arg(long)]
        period: String,
        /// The value (thousands separators allowed), optionally with its unit.
        #[arg(long)]
        value: String,
        /// Where the figure comes from.
        #[arg(long)]
        source: Option<String>,
        /// A note.
        #[arg(long)]
        note: Option<String>,
        /// Fail unless the stored value is at this version (0 = none yet):
        /// protects against overwriting someone else's correction.
        #[arg(long)]
        expect_version: Option<i64>,
    },
    /// List current values.
    List {
        /// Only this indicator.
        #[arg(long)]
        indicator: Option<String>,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Every recorded version of an indicator's values.
    History {
        /// Indicator ID.
        indicator: String,
    },
}

pub async fn run(cmd: &ActualsCommand, db: &DbArgs) -> Result<()> {
    match cmd {
        ActualsCommand::Workbook {
            department,
            year,
            out,
        } => workbook_cmd::write(db, department, *year, out).await,
        ActualsCommand::Import {
            file,
            department,
            year,
        } => import(db, file, department.as_deref(), *year).await,
        other => stored(other, db).await,
    }
}

/// Imports a CSV file, or an entry workbook recognised by its extension or
/// its ZIP signature.
async fn import(
    db: &DbArgs,
    file: &std::path::Path,
    department: Option<&str>,
    year: Option<FiscalYear>,
) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let xlsx = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx || is_xlsx(&bytes) {
        return workbook_cmd::import(db, file, &bytes, department, year).await;
    }
    if department.is_some() || year.is_some() {
        anyhow::bail!("--department and --year apply to entry workbooks (.xlsx) only");
    }
    let (app, code) = db.open().await?;
    let summary = app
        .import_actuals(&code, &bytes, &db.actor())
        .await
        .with_context(|| format!("{} was not imported (nothing was changed)", file.display()))?;
    println!(
        "{}: {} value(s) recorded, {} unchanged",
        file.display(),
        summary.recorded,
        summary.unchanged
    );
    Ok(())
}

/// The subcommands that work on stored values.
async fn stored(cmd: &ActualsCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    match cmd {
        // Files are handled by `run` before the database is opened.
        ActualsCommand::Import { .. } | ActualsCommand::Workbook { .. } => {}
        ActualsCommand::Record {
            indicator,
            period,
            value,
            source,
            note,
            expect_version,
        } => {
            let plan = app.current_plan(&code).await?;
            let id = IndicatorId::new(indicator.clone())?;
            let unit = plan
                .indicator(&id)
                .map(|i| i.unit.clone())
                .with_context(|| format!("{indicator} is not an indicator of the plan"))?;
            let quantity = match Quantity::parse(value) {
                Ok((q, None)) => q,
                Ok((_, Some(_))) => anyhow::bail!("--value: 「{value}」 is a bound, not a figure"),
                Err(_) => Quantity {
                    amount: parse_amount(value).context("--value")?,
                    unit: Unit::new(unit.as_str())?,
                },
            };
            let actual = ActualValue {
                indicator: id,
                period: Period::parse(period).context("--period")?,
                quantity,
                source: source.clone(),
                note: note.clone(),
            };
            let expected = match expect_version {
                None => Expected::Any,
                Some(0) => Expected::Nothing,
                Some(n) => Expected::Version(*n),
            };
            let r = app
                .record_actual(&code, &actual, expected, &db.actor())
                .await?;
            if r.unchanged {
                println!(
                    "{} {}: unchanged (version {})",
                    actual.indicator,
                    actual.fiscal_year().label_ja(),
                    r.version
                );
            } else {
                println!(
                    "{} {}: recorded {} as version {}",
                    actual.indicator,
                    actual.fiscal_year().label_ja(),
                    actual.quantity,
                    r.version
                );
            }
        }
        ActualsCommand::List { indicator, json } => {
            let all = app.current_actuals(&code).await?;
            let rows: Vec<_> = all
                .iter()
                .filter(|a| {
                    indicator
                        .as_ref()
                        .is_none_or(|i| a.value.indicator.as_str() == i)
                })
                .collect();
            if *json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!("indicator\tfiscal year\tperiod\tvalue\tversion\tby\tat\tsource");
                for a in rows {
                    println!(
                        "{}\t{}\t{}\t{}\tv{}\t{}\t{}\t{}",
                        a.value.indicator,
                        a.value.fiscal_year().label_ja(),
                        a.value.period.written(),
                        a.value.quantity,
                        a.version,
                        a.recorded_by,
                        a.recorded_at,
                        a.value.source.as_deref().unwrap_or("")
                    );
                }
            }
        }
        ActualsCommand::History { indicator } => {
            let id = IndicatorId::new(indicator.clone())?;
            for a in app.store().actual_history(&code, &id).await? {
                println!(
                    "{}\tv{}\t{}\t{}\t{}\t{}",
                    a.value.fiscal_year().label_ja(),
                    a.version,
                    a.value.quantity,
                    a.value.period.written(),
                    a.recorded_by,
                    a.recorded_at
                );
            }
        }
    }
    Ok(())
}
