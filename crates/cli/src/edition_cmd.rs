//! `keikaku edition`: the rolling plan's editions — list, create the next
//! draft, edit targets and initiatives in a draft, publish, export/import
//! plan files, and an indicator's target history across editions.

use crate::db::DbArgs;
use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use keikaku_ingest::planfile;
use keikaku_model::edition;
use keikaku_model::ids::{DirectionId, IndicatorId, InitiativeId};
use keikaku_model::indicator::{Column, KpiValue};
use keikaku_model::period::Period;
use keikaku_model::quantity::Quantity;
use std::path::PathBuf;

/// The four value columns of a KPI table.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColumnArg {
    /// 初期値.
    Initial,
    /// 実績値 (baseline actual).
    Baseline,
    /// 実施計画期間設定値 (interim target).
    Interim,
    /// 成果指標 (final target).
    Target,
}

impl From<ColumnArg> for Column {
    fn from(c: ColumnArg) -> Column {
        match c {
            ColumnArg::Initial => Column::Initial,
            ColumnArg::Baseline => Column::Baseline,
            ColumnArg::Interim => Column::Interim,
            ColumnArg::Target => Column::Target,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum EditionCommand {
    /// List the editions with their years and status.
    List,
    /// Create the draft of the next edition (e.g. FY2023–2025 from FY2022–2024).
    New {
        /// Start from this edition (default: the newest).
        #[arg(long)]
        from: Option<String>,
    },
    /// Set a value of an indicator in a draft edition.
    SetValue {
        /// The draft edition, e.g. E2023.
        #[arg(long)]
        edition: String,
        /// Indicator ID.
        #[arg(long)]
        indicator: String,
        /// Which column.
        #[arg(long, value_enum)]
        column: ColumnArg,
        /// The value with its unit, e.g. 60件 or 19.0%以下.
        #[arg(long)]
        value: String,
        /// Its period, e.g. 2025年度.
        #[arg(long)]
        period: String,
    },
    /// Add an initiative under a policy direction of a draft edition.
    AddInitiative {
        /// The draft edition.
        #[arg(long)]
        edition: String,
        /// Policy direction ID, e.g. P1-D1.
        #[arg(long)]
        direction: String,
        /// The initiative's text.
        #[arg(long)]
        text: String,
    },
    /// Remove an initiative from a draft edition.
    RemoveInitiative {
        /// The draft edition.
        #[arg(long)]
        edition: String,
        /// Initiative ID, e.g. P1-D1-I2.
        #[arg(long)]
        initiative: String,
    },
    /// Rename an indicator in a draft edition.
    RenameIndicator {
        /// The draft edition.
        #[arg(long)]
        edition: String,
        /// Indicator ID.
        #[arg(long)]
        indicator: String,
        /// The new name.
        #[arg(long)]
        name: String,
    },
    /// Publish a draft edition; it can never change afterwards.
    Publish {
        /// The draft edition.
        edition: String,
        /// Publication month, e.g. 令和5年3月.
        #[arg(long)]
        month: String,
    },
    /// Write an edition as a plan file (TOML).
    Export {
        /// The edition.
        edition: String,
        /// Output file (default: standard output).
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Store a reviewed plan file as an edition (a draft can be replaced; a published edition cannot).
    Import {
        /// The plan file (.toml).
        file: PathBuf,
    },
    /// An indicator's interim and final targets in every edition, so a lowered target cannot hide.
    Targets {
        /// Indicator ID.
        indicator: String,
    },
}

fn show_value(v: Option<&KpiValue>) -> String {
    v.map_or_else(
        || "—".to_string(),
        |v| {
            format!(
                "{}{} ({})",
                v.quantity,
                v.bound.map_or("", |b| b.suffix_ja()),
                v.period.written()
            )
        },
    )
}

pub async fn run(cmd: &EditionCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    let actor = db.actor();
    match cmd {
        EditionCommand::List => {
            for e in app.editions(&code).await? {
                println!(
                    "{}\tFY{}–FY{}\t{}\t{}",
                    e.id, e.first_year, e.last_year, e.status, e.updated_at
                );
            }
        }
        EditionCommand::New { from } => {
            let plan = app.new_edition(&code, from.as_deref(), &actor).await?;
            let y = plan.edition.years;
            println!(
                "created draft {} for {} – {}",
                plan.edition.id,
                y.first().label_ja(),
                y.last().label_ja()
            );
        }
        EditionCommand::SetValue {
            edition,
            indicator,
            column,
            value,
            period,
        } => {
            let (quantity, bound) = Quantity::parse(value).context("--value")?;
            let period = Period::parse(period).context("--period")?;
            let written = format!("{value} ({})", period.written());
            let kpi = KpiValue {
                quantity,
                bound,
                period,
                annotations: Vec::new(),
                written,
                line: None,
            };
            let id = IndicatorId::new(indicator.clone())?;
            app.edit_edition(&code, edition, &actor, |plan| {
                edition::set_value(plan, &id, (*column).into(), kpi)
            })
            .await?;
            println!(
                "{edition}: {indicator} {} = {value}",
                Column::from(*column).label_ja()
            );
        }
        EditionCommand::AddInitiative {
            edition,
            direction,
            text,
        } => {
            let dir = DirectionId::new(direction.clone())?;
            let mut new_id = None;
            app.edit_edition(&code, edition, &actor, |plan| {
                new_id = Some(edition::add_initiative(plan, &dir, text)?);
                Ok(())
            })
            .await?;
            println!(
                "{edition}: added {}",
                new_id.map(|i| i.to_string()).unwrap_or_default()
            );
        }
        EditionCommand::RemoveInitiative {
            edition,
            initiative,
        } => {
            let id = InitiativeId::new(initiative.clone())?;
            app.edit_edition(&code, edition, &actor, |plan| {
                edition::remove_initiative(plan, &id)
            })
            .await?;
            println!("{edition}: removed {initiative}");
        }
        EditionCommand::RenameIndicator {
            edition,
            indicator,
            name,
        } => {
            let id = IndicatorId::new(indicator.clone())?;
            app.edit_edition(&code, edition, &actor, |plan| {
                edition::rename_indicator(plan, &id, name)
            })
            .await?;
            println!("{edition}: {indicator} is now 「{name}」");
        }
        EditionCommand::Publish { edition, month } => {
            let month = Period::parse(month).context("--month")?;
            app.publish_edition(&code, edition, month, &actor).await?;
            println!("published {edition}");
        }
        EditionCommand::Export { edition, out } => {
            let plan = app.edition(&code, edition).await?;
            let text = planfile::to_toml(&plan)?;
            match out {
                Some(path) => std::fs::write(path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{text}"),
            }
        }
        EditionCommand::Import { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let plan = planfile::from_toml(&text)
                .with_context(|| format!("{} is not a valid plan file", file.display()))?;
            app.put_plan(&plan, &actor).await?;
            println!(
                "stored edition {} of {}",
                plan.edition.id, plan.municipality.name
            );
        }
        EditionCommand::Targets { indicator } => {
            let id = IndicatorId::new(indicator.clone())?;
            for p in app.target_history(&code, &id).await? {
                let change = |c: Option<keikaku_model::diff::ValueChangeKind>| {
                    c.map(|c| format!(" [{c}]")).unwrap_or_default()
                };
                println!(
                    "{}\tFY{}–FY{}\t実施計画期間設定値 {}{}\t成果指標 {}{}",
                    p.edition,
                    p.years.first().year(),
                    p.years.last().year(),
                    show_value(p.interim.as_ref()),
                    change(p.interim_change),
                    show_value(p.target.as_ref()),
                    change(p.target_change)
                );
            }
        }
    }
    Ok(())
}
