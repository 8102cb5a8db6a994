//! The `plan` and `period` subcommands: load a plan from a document, a plan
//! file or the shipped data, and print it or its lint findings.

use crate::cli::{DenyLevel, DiffArgs, ImportArgs, LintArgs, LintFormat, PlanFormat, ShowArgs};
use crate::db::DbArgs;
use crate::summary;
use anyhow::{Context, Result, bail};
use keikaku_ingest::{ImportOptions, parse_document, planfile, shipped};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::lgcode::LocalGovCode;
use keikaku_model::lint::{self, Finding, Severity};
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads a file as UTF-8 text (a BOM is dropped), naming the file on failure.
fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        anyhow::anyhow!(
            "{} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn import_document(path: &Path, options: &ImportOptions) -> Result<Plan> {
    let text = read_text(path)?;
    parse_document(&text, options)
        .map_err(|e| anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.message))
}

/// Loads a plan: the shipped one, a plan file (.toml) or a document.
fn load(path: Option<&PathBuf>) -> Result<Plan> {
    match path {
        None => shipped::tsuruoka().context("the shipped plan file is invalid"),
        Some(p) if p.extension().is_some_and(|e| e == "toml") => {
            let text = read_text(p)?;
            planfile::from_toml(&text)
                .with_context(|| format!("{} is not a valid plan file", p.display()))
        }
        Some(p) => import_document(p, &ImportOptions::default()),
    }
}

fn render(plan: &Plan, format: PlanFormat) -> Result<String> {
    Ok(match format {
        PlanFormat::Summary => summary::plan(plan),
        PlanFormat::Json => serde_json::to_string_pretty(plan)? + "\n",
        PlanFormat::Toml => planfile::to_toml(plan)?,
    })
}

/// Writes output to a file atomically (temp file + rename) or to stdout.
fn emit(text: &str, out: Option<&PathBuf>) -> Result<()> {
    match out {
        Some(path) => {
            let tmp = path.with_extension("tmp-keikaku");
            std::fs::write(&tmp, text)
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

/// `keikaku plan import`.
pub fn import(args: &ImportArgs) -> Result<ExitCode> {
    let code = args
        .code
        .as_deref()
        .map(LocalGovCode::parse)
        .transpose()
        .context("--code")?;
    let plan_first_year = args
        .plan_first_year
        .as_deref()
        .map(str::parse::<FiscalYear>)
        .transpose()
        .context("--plan-first-year")?;
    let options = ImportOptions {
        code,
        prefecture: args.prefecture.clone(),
        plan_first_year,
    };
    let plan = import_document(&args.file, &options)?;
    emit(&render(&plan, args.format)?, args.out.as_ref())?;
    Ok(ExitCode::SUCCESS)
}

/// `keikaku plan show`.
pub fn show(args: &ShowArgs) -> Result<ExitCode> {
    let plan = load(args.plan.as_ref())?;
    emit(&render(&plan, args.format)?, None)?;
    Ok(ExitCode::SUCCESS)
}

/// `keikaku plan lint`.
pub fn lint(args: &LintArgs) -> Result<ExitCode> {
    let plan = load(args.plan.as_ref())?;
    let findings = lint::lint(&plan);
    let text = match args.format {
        LintFormat::Json => serde_json::to_string_pretty(&findings)? + "\n",
        LintFormat::Text => lint_text(&findings),
    };
    emit(&text, None)?;
    let threshold = args.deny.map(|d| match d {
        DenyLevel::Info => Severity::Info,
        DenyLevel::Warning => Severity::Warning,
        DenyLevel::Error => Severity::Error,
    });
    let denied = threshold.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    Ok(if denied {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn lint_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let line = f.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        out.push_str(&format!(
            "{}[{}] {}{line}: {}\n  {}\n\n",
            severity_name(f.severity),
            f.rule,
            f.element,
            f.message,
            f.explanation
        ));
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "{} findings: {} error(s), {} warning(s), {} info\n",
        findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    out
}

/// Loads one side of a diff: a file if the path exists, else an edition ID in the database.
async fn diff_side(spec: &str, db: &DbArgs) -> Result<Plan> {
    let path = PathBuf::from(spec);
    if path.is_file() {
        return load(Some(&path));
    }
    let (app, code) = db.open().await?;
    app.edition(&code, spec)
        .await
        .with_context(|| format!("「{spec}」 is neither a file nor an edition in the database"))
}

/// `keikaku plan diff`.
pub async fn diff(args: &DiffArgs, db: &DbArgs) -> Result<ExitCode> {
    let old = diff_side(&args.old, db).await?;
    let new = diff_side(&args.new, db).await?;
    let d = keikaku_model::diff::diff(&old, &new);
    if args.json {
        emit(&(serde_json::to_string_pretty(&d)? + "\n"), None)?;
    } else {
        emit(&d.render_text(&old, &new), None)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `keikaku period`.
pub fn periods(labels: &[String]) -> Result<ExitCode> {
    let mut failed = Vec::new();
    for label in labels {
        match Period::parse(label) {
            Ok(p) => println!(
                "{label}\t{}\tFY{}\t{}\t{}",
                kind_name(&p),
                p.fiscal_year().year(),
                p.label_ja(),
                p.label_en()
            ),
            Err(e) => {
                eprintln!("error: {e}");
                failed.push(label.as_str());
            }
        }
    }
    if !failed.is_empty() {
        bail!(
            "{} label(s) not understood: {}",
            failed.len(),
            failed.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_name(p: &Period) -> &'static str {
    use keikaku_model::period::PeriodKind as K;
    match p.kind() {
        K::FiscalYear { .. } => "fiscal-year",
        K::CalendarYear { .. } => "calendar-year",
        K::MonthEnd { .. } => "month-end",
        K::Month { .. } => "month",
        K::Graduation { .. } => "graduation-cohort",
        K::FiscalYearAverage { .. } => "fiscal-year-average",
    }
}
