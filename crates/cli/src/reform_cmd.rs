//! `keikaku reform`: administrative reform items (行財政改革) — import an
//! items or status CSV, set one item's status in a fiscal year, list the
//! items with their latest status (docs/reform.md).

use crate::db::DbArgs;
use anyhow::{Context, Result};
use clap::Subcommand;
use keikaku_ingest::reform::ReformKind;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ReformId;
use keikaku_model::reform::{ReformStatus, Status};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ReformCommand {
    /// Import a CSV of reform items (id,名称,担当部,目標,目標年度,事業,中項目,重点事業)
    /// or of statuses (id,年度,状況,備考); the header tells which
    /// (docs/reform.md). UTF-8 (with or without BOM) or Shift_JIS/CP932.
    /// All or nothing: any bad row rejects the file and every problem is
    /// listed with its line and column. Items with an ID already stored are
    /// replaced; importing the same file again changes nothing.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Set an item's status in a fiscal year (replacing that year's earlier one).
    Status {
        /// Reform item ID, e.g. R-01.
        item: ReformId,
        /// Fiscal year, e.g. 2024, R6, 令和6年度.
        year: FiscalYear,
        /// 未着手, 実施中, 完了, 見直し, 中止 (or not_started, in_progress,
        /// done, revised, dropped).
        status: Status,
        /// What was done or why it changed.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List the reform items with their owner, target and latest status.
    List {
        /// JSON (items with every status) instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// One item with its statuses, for `--json`.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    item: &'a keikaku_model::reform::ReformItem,
    department_name: Option<&'a str>,
    statuses: Vec<&'a keikaku_store::reform::ReformStatusRow>,
}

pub async fn run(cmd: &ReformCommand, db: &DbArgs) -> Result<()> {
    match cmd {
        ReformCommand::Import { file } => {
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let (app, code) = db.open().await?;
            let done = app
                .import_reform(&code, &bytes, &db.actor())
                .await
                .with_context(|| {
                    format!("{} was not imported (nothing was changed)", file.display())
                })?;
            let what = match done.kind {
                ReformKind::Items => "reform item(s)",
                ReformKind::Statuses => "status(es)",
            };
            println!(
                "{}: {} {what} read, {} recorded, {} unchanged",
                file.display(),
                done.rows,
                done.summary.recorded,
                done.summary.unchanged
            );
        }
        ReformCommand::Status {
            item,
            year,
            status,
            note,
        } => {
            let (app, code) = db.open().await?;
            let s = ReformStatus {
                item: item.clone(),
                year: *year,
                status: *status,
                note: note.trim().to_string(),
            };
            let changed = app.set_reform_status(&code, &s, &db.actor()).await?;
            println!(
                "{item} {}: {}{}",
                year.label_ja(),
                status.label_ja(),
                if changed { "" } else { " (unchanged)" }
            );
        }
        ReformCommand::List { json } => {
            let (app, code) = db.open().await?;
            let data = app.reform(&code).await?;
            let plan = app.current_plan(&code).await?;
            let dept = |id| plan.department(id).map(|d| d.name.as_str());
            if *json {
                let listed: Vec<Listed<'_>> = data
                    .items
                    .iter()
                    .map(|i| Listed {
                        item: i,
                        department_name: dept(&i.department),
                        statuses: data
                            .statuses
                            .iter()
                            .filter(|s| s.status.item == i.id)
                            .collect(),
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&listed)?);
                return Ok(());
            }
            if data.items.is_empty() {
                println!(
                    "no reform items yet: import them with `keikaku reform import FILE.csv` (docs/reform.md)"
                );
                return Ok(());
            }
            println!("id\ttitle\tdepartment\ttarget\ttarget year\tlatest status\tlinks");
            for i in &data.items {
                let latest = data.latest(&i.id).map_or_else(
                    || "-".to_string(),
                    |r| format!("{} {}", r.status.year, r.status.status.label_ja()),
                );
                let links: Vec<String> = i
                    .programs
                    .iter()
                    .map(ToString::to_string)
                    .chain(i.items.iter().map(ToString::to_string))
                    .chain(i.key_initiatives.iter().map(ToString::to_string))
                    .collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{latest}\t{}",
                    i.id,
                    i.title,
                    dept(&i.department).unwrap_or(i.department.as_str()),
                    i.target,
                    i.target_year.map_or_else(String::new, |y| y.to_string()),
                    links.join(";")
                );
            }
        }
    }
    Ok(())
}
