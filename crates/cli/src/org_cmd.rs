//! `keikaku org`: the organisation over time (docs/organisation.md). Show
//! the department tree of a fiscal year with the recorded reorganisations
//! and the accounts to reassign; record a rename or a merge from flags, or
//! any reorganisations (splits, sections …) from a TOML file, all or
//! nothing.

use crate::db::DbArgs;
use anyhow::{Context, Result};
use clap::Subcommand;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::DepartmentId;
use keikaku_model::org::{Change, Reorganisation};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// The departments and sections of a fiscal year, the recorded
    /// reorganisations and the accounts that need reassigning.
    Show {
        /// Fiscal year (2024, R6, 令和6年度) [default: the current one, April–March].
        #[arg(long)]
        year: Option<FiscalYear>,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Record reorganisations from a TOML file of `[[reorganisation]]`
    /// tables (year, kind and the kind's fields; docs/organisation.md).
    /// All or nothing: every event is checked with the recorded ones first.
    Record {
        /// The TOML file.
        file: PathBuf,
    },
    /// Rename a department from a fiscal year on (same ID).
    Rename {
        /// First fiscal year of the new name.
        #[arg(long)]
        year: FiscalYear,
        /// The department, e.g. D02.
        department: DepartmentId,
        /// Its new name.
        name: String,
    },
    /// Merge departments from a fiscal year on.
    Merge {
        /// First fiscal year of the merged department.
        #[arg(long)]
        year: FiscalYear,
        /// The merged department: one of FROM (it absorbs the others) or a new ID.
        #[arg(long)]
        into: DepartmentId,
        /// Its name.
        #[arg(long)]
        name: String,
        /// The departments merged.
        #[arg(required = true)]
        from: Vec<DepartmentId>,
    },
}

/// The file of `keikaku org record`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventFile {
    reorganisation: Vec<Reorganisation>,
}

fn this_year() -> FiscalYear {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    keikaku_app::org::fiscal_year_at(now)
}

pub async fn run(cmd: &OrgCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    let actor = db.actor();
    let events = match cmd {
        OrgCommand::Show { year, json } => {
            return show(&app, &code, year.unwrap_or_else(this_year), *json).await;
        }
        OrgCommand::Record { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let parsed: EventFile = toml::from_str(&text)
                .with_context(|| format!("{}: not a reorganisation file", file.display()))?;
            parsed.reorganisation
        }
        OrgCommand::Rename {
            year,
            department,
            name,
        } => vec![Reorganisation {
            year: *year,
            change: Change::Rename {
                department: department.clone(),
                name: name.clone(),
            },
        }],
        OrgCommand::Merge {
            year,
            into,
            name,
            from,
        } => vec![Reorganisation {
            year: *year,
            change: Change::Merge {
                from: from.clone(),
                into: into.clone(),
                name: name.clone(),
            },
        }],
    };
    let n = events.len();
    let seqs = app.record_reorganisations(&code, events, &actor).await?;
    println!(
        "recorded {n} reorganisation(s): {}",
        seqs.iter()
            .map(|s| format!("#{s}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}

async fn show(app: &keikaku_app::App, code: &str, year: FiscalYear, json: bool) -> Result<()> {
    let org = app.organisation(code).await?;
    let rows = app.reorganisations(code).await?;
    let todo = app.accounts_to_reassign(code, year).await?;
    if json {
        let out = serde_json::json!({
            "year": year.year(),
            "departments": org.departments_in(year),
            "reorganisations": rows.iter().map(|r| serde_json::json!({
                "seq": r.seq,
                "event": r.event,
                "actor": r.actor,
                "recorded_at": r.recorded_at,
            })).collect::<Vec<_>>(),
            "to_reassign": todo.iter().map(|t| serde_json::json!({
                "user": t.user.staff.name.as_str(),
                "dissolved": t.dissolved,
                "remaining": t.remaining,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("Organisation in FY{} ({})", year.year(), year.label_ja());
    for u in org.departments_in(year) {
        println!("  {}\t{}", u.id, u.name);
        for s in &u.sections {
            println!("    {}\t{}", s.id, s.name);
        }
    }
    println!("Reorganisations recorded: {}", rows.len());
    for r in &rows {
        println!(
            "  #{}\tFY{}\t{}\t{}\t{}",
            r.seq,
            r.event.year.year(),
            r.event.change.keyword(),
            serde_json::to_string(&r.event.change)?,
            r.actor
        );
    }
    if !todo.is_empty() {
        println!("Accounts to reassign (their department was split):");
        for t in &todo {
            let gone: Vec<String> = t.dissolved.iter().map(ToString::to_string).collect();
            println!("  {}\t{}", t.user.staff.name, gone.join(", "));
        }
    }
    Ok(())
}
