//! `keikaku evaluate`: explained grades for a fiscal year, as a table, JSON
//! or CSV, with roll-ups; and `keikaku rubric` to list, show and add rubrics.

use crate::db::DbArgs;
use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use keikaku_app::evaluation::{Evaluation, IndicatorResult};
use keikaku_ingest::rubrics;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::metrics::{percent_text, round_half_up};
use keikaku_model::grading::{Input, InputRole};
use keikaku_model::rollup::Rollup;
use std::fmt::Write;
use std::path::PathBuf;

/// Output formats of `evaluate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// A readable table with roll-ups.
    Table,
    /// Everything, including each grade's explanation.
    Json,
    /// One row per indicator (UTF-8 with BOM, for Excel).
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// The rubrics available: the municipality's own, then the shipped ones.
    List,
    /// A rubric's file (TOML).
    Show {
        /// Rubric name, e.g. tsuruoka-4.
        name: String,
    },
    /// Add the municipality's own rubric from a file (docs/grading.md).
    Add {
        /// The rubric file.
        file: PathBuf,
    },
}

fn input(r: &IndicatorResult, role: InputRole) -> Option<&Input> {
    r.grade.explanation.inputs.iter().find(|i| i.role == role)
}

fn figure(i: Option<&Input>) -> String {
    i.map(|i| format!("{}{} ({})", i.amount, i.unit, i.period))
        .unwrap_or_default()
}

fn opt_percent(d: Option<rust_decimal::Decimal>) -> String {
    d.map(percent_text).unwrap_or_default()
}

fn rollup_line(r: &Rollup) -> String {
    let parts: Vec<String> = r
        .counts
        .iter()
        .map(|(level, n)| {
            let share = r
                .shares
                .iter()
                .find(|(l, _)| l == level)
                .map(|(_, s)| format!(" ({s}%)"))
                .unwrap_or_default();
            format!("{level} {n}{share}")
        })
        .collect();
    format!("{} indicators: {}", r.total, parts.join(", "))
}

fn table(e: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {} v{} (edition {})",
        e.municipality,
        e.year.label_ja(),
        e.rubric,
        e.rubric_version,
        e.edition
    );
    let _ = writeln!(
        out,
        "indicator\tgrade\tactual\ttarget\trate\texpected {}\tforecast FY{} (points)\tname",
        e.year,
        e.final_year.year()
    );
    for r in &e.indicators {
        let g = &r.grade;
        let forecast = r
            .forecast
            .as_ref()
            .map(|f| {
                format!(
                    "{} ({}){}",
                    f.central,
                    f.points_used,
                    if f.at_risk { " at risk" } else { "" }
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}\t{} {}\t{}\t{}\t{}\t{}\t{}\t{}",
            g.indicator,
            g.level.code,
            g.level.ja,
            figure(input(r, InputRole::Actual)),
            figure(input(r, InputRole::Target)),
            opt_percent(g.metrics.rate),
            r.expected.map(|d| d.to_string()).unwrap_or_default(),
            forecast,
            r.name
        );
    }
    let _ = writeln!(out, "\nplan: {}", rollup_line(&e.rollup.plan));
    for (project, r) in &e.rollup.projects {
        let _ = writeln!(out, "{project}: {}", rollup_line(r));
    }
    for (field, r) in &e.rollup.fields {
        let _ = writeln!(out, "{field}: {}", rollup_line(r));
    }
    out
}

fn csv(e: &Evaluation) -> Result<String> {
    let mut w = csv_writer();
    w.write_record([
        "全国地方公共団体コード",
        "fiscal_year",
        "indicator",
        "name",
        "unit",
        "level",
        "level_ja",
        "actual",
        "actual_period",
        "base",
        "target",
        "target_period",
        "rate",
        "trajectory_rate",
        "gain",
        "expected",
        "forecast",
        "forecast_low",
        "forecast_high",
        "at_risk",
        "rubric",
        "rubric_version",
        "explanation",
    ])?;
    for r in &e.indicators {
        let g = &r.grade;
        let amount = |role| {
            input(r, role)
                .map(|i| i.amount.to_string())
                .unwrap_or_default()
        };
        let period = |role| input(r, role).map(|i| i.period.clone()).unwrap_or_default();
        let f = r.forecast.as_ref();
        let explanation = g.missing_reason_ja.clone().unwrap_or_else(|| {
            format!("{} {}", g.explanation.formula_ja, g.explanation.matched_ja)
        });
        w.write_record([
            e.municipality.clone(),
            e.year.year().to_string(),
            g.indicator.to_string(),
            r.name.clone(),
            r.unit.clone(),
            g.level.id.clone(),
            g.level.ja.clone(),
            amount(InputRole::Actual),
            period(InputRole::Actual),
            amount(InputRole::Base),
            amount(InputRole::Target),
            period(InputRole::Target),
            g.metrics
                .rate
                .map(|d| round_half_up(d, 1).to_string())
                .unwrap_or_default(),
            g.metrics
                .trajectory_rate
                .map(|d| round_half_up(d, 1).to_string())
                .unwrap_or_default(),
            g.metrics
                .gain
                .map(|d| round_half_up(d, 1).to_string())
                .unwrap_or_default(),
            r.expected.map(|d| d.to_string()).unwrap_or_default(),
            f.map(|f| f.central.to_string()).unwrap_or_default(),
            f.map(|f| f.low.to_string()).unwrap_or_default(),
            f.map(|f| f.high.to_string()).unwrap_or_default(),
            f.map(|f| f.at_risk.to_string()).unwrap_or_default(),
            e.rubric.clone(),
            e.rubric_version.to_string(),
            explanation,
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().from_writer(Vec::new())
}

/// `keikaku evaluate`.
pub async fn evaluate(
    year: FiscalYear,
    rubric: Option<&str>,
    format: EvalFormat,
    db: &DbArgs,
) -> Result<()> {
    let (app, code) = db.open().await?;
    let e = app.evaluate(&code, year, rubric).await?;
    let text = match format {
        EvalFormat::Table => table(&e),
        EvalFormat::Json => serde_json::to_string_pretty(&e)? + "\n",
        EvalFormat::Csv => csv(&e)?,
    };
    print!("{text}");
    Ok(())
}

/// `keikaku rubric`.
pub async fn rubric(cmd: &RubricCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    match cmd {
        RubricCommand::List => {
            for r in app.rubrics(&code).await? {
                let levels: Vec<String> = r
                    .levels
                    .iter()
                    .map(|l| format!("{} {}", l.code, l.ja))
                    .collect();
                println!(
                    "{} v{}\t{}\t{} / {} {}",
                    r.name,
                    r.version,
                    r.title_ja,
                    levels.join(" / "),
                    r.missing.code,
                    r.missing.ja
                );
            }
        }
        RubricCommand::Show { name } => {
            let r = app.rubric(&code, Some(name)).await?;
            print!("{}", rubrics::to_toml(&r)?);
        }
        RubricCommand::Add { file } => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let r = app
                .add_rubric(&code, &text, &db.actor())
                .await
                .with_context(|| format!("{} was not added", file.display()))?;
            println!("added rubric {} v{}", r.name, r.version);
        }
    }
    Ok(())
}
