//! `keikaku export`: the whole-plan workbook, the council's evaluation
//! workbook for a year, and the open data (tidy CSV/JSON and a Frictionless
//! data package). The writers are in `keikaku_report::{xlsx, opendata}`;
//! this module loads their input and writes the files.

use crate::db::DbArgs;
use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use keikaku_app::App;
use keikaku_app::evaluation::evaluate_year;
use keikaku_app::publication::public_pairs;
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::Grade;
use keikaku_model::plan::Plan;
use keikaku_report::opendata::{self, Encoding, OpenDataInput, Options, PackageMeta};
use keikaku_report::xlsx::{PlanInput, plan_workbook};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The whole plan as an Excel workbook (docs/excel.md): per project its
    /// KPI tables in the document's layout (初期値 / R2実績値 /
    /// 実施計画期間設定値 / 成果指標) plus each recorded year's actual and
    /// grade. For staff: it includes values not yet published.
    Workbook {
        /// The .xlsx file to write.
        #[arg(long)]
        out: PathBuf,
        /// Rubric for the grades (default tsuruoka-4).
        #[arg(long)]
        rubric: Option<String>,
    },
    /// The council's evaluation of a fiscal year as an Excel workbook
    /// (docs/excel.md): grades with explanations per indicator, the year's
    /// PDCA records, counts per grade.
    CouncilWorkbook {
        /// Fiscal year, e.g. 2024, R6, 令和6年度.
        #[arg(long)]
        year: FiscalYear,
        /// Rubric (default tsuruoka-4).
        #[arg(long)]
        rubric: Option<String>,
        /// The .xlsx file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Open data (docs/open-data.md): tidy CSV and JSON of projects,
    /// indicators, targets, published actuals and grades, with a Frictionless
    /// data package (datapackage.json, CC BY 4.0). Only published
    /// evaluations' values are included. Nothing is written when a value
    /// cannot be encoded.
    OpenData {
        /// Output directory (created if missing; files in it are replaced).
        dir: PathBuf,
        /// CSV encoding.
        #[arg(long, value_enum, default_value_t = CsvEncoding::Utf8)]
        encoding: CsvEncoding,
        /// Start UTF-8 CSV files with a byte-order mark (for Excel).
        #[arg(long)]
        bom: bool,
    },
}

/// CSV encodings of the open data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvEncoding {
    /// UTF-8.
    #[value(name = "utf-8")]
    Utf8,
    /// CP932 (Windows Shift_JIS); 〜 becomes ～, other characters CP932
    /// lacks are refused.
    #[value(name = "cp932")]
    Cp932,
}

pub async fn run(cmd: &ExportCommand, db: &DbArgs) -> Result<()> {
    let (app, code) = db.open().await?;
    match cmd {
        ExportCommand::Workbook { out, rubric } => {
            export_plan(&app, &code, rubric.as_deref(), out).await
        }
        ExportCommand::CouncilWorkbook { year, rubric, out } => {
            export_council(&app, &code, *year, rubric.as_deref(), out).await
        }
        ExportCommand::OpenData { dir, encoding, bom } => {
            let encoding = match (encoding, bom) {
                (CsvEncoding::Utf8, false) => Encoding::Utf8,
                (CsvEncoding::Utf8, true) => Encoding::Utf8Bom,
                (CsvEncoding::Cp932, false) => Encoding::Cp932,
                (CsvEncoding::Cp932, true) => bail!("--bom applies to UTF-8 only"),
            };
            export_open_data(&app, &code, encoding, dir).await
        }
    }
}

/// Grades of every year in `years`.
fn grade_years(
    code: &str,
    plan: &Plan,
    rubric: &keikaku_model::grading::Rubric,
    actuals: &[ActualValue],
    years: &BTreeSet<FiscalYear>,
) -> Vec<Grade> {
    years
        .iter()
        .flat_map(|y| {
            evaluate_year(code, plan, rubric, actuals, *y)
                .indicators
                .into_iter()
                .map(|r| r.grade)
        })
        .collect()
}

async fn export_plan(app: &App, code: &str, rubric: Option<&str>, out: &Path) -> Result<()> {
    let plan = app.current_plan(code).await?;
    let rubric = app.rubric(code, rubric).await?;
    let actuals: Vec<ActualValue> = app
        .current_actuals(code)
        .await?
        .into_iter()
        .map(|a| a.value)
        .collect();
    let years: BTreeSet<FiscalYear> = actuals.iter().map(ActualValue::fiscal_year).collect();
    let grades = grade_years(code, &plan, &rubric, &actuals, &years);
    let bytes = plan_workbook(&PlanInput {
        plan: &plan,
        actuals: &actuals,
        grades: &grades,
    })?;
    write_atomic(out, &bytes)?;
    println!(
        "{}: {} project sheet(s), {} recorded year(s)",
        out.display(),
        plan.projects.len(),
        years.len()
    );
    Ok(())
}

async fn export_council(
    app: &App,
    code: &str,
    year: FiscalYear,
    rubric: Option<&str>,
    out: &Path,
) -> Result<()> {
    let data = app.council_data(code, year, rubric).await?;
    write_atomic(out, &data.workbook()?)?;
    println!(
        "{}: {} graded indicator(s), {} PDCA record(s) for {}",
        out.display(),
        data.grades.len(),
        data.records.len(),
        year.label_ja()
    );
    Ok(())
}

async fn export_open_data(app: &App, code: &str, encoding: Encoding, dir: &Path) -> Result<()> {
    let plan = app.current_plan(code).await?;
    let rubric = app.rubric(code, None).await?;
    let actuals: Vec<ActualValue> = app
        .published_actuals(code)
        .await?
        .into_iter()
        .map(|a| a.value)
        .collect();
    let records = app.store().pdca_records(code, None).await?;
    let public = public_pairs(&plan, &records);
    let years: BTreeSet<FiscalYear> = public.iter().map(|(_, y)| *y).collect();
    let grades: Vec<Grade> = grade_years(code, &plan, &rubric, &actuals, &years)
        .into_iter()
        .filter(|g| public.contains(&(g.indicator.clone(), g.year)))
        .collect();
    let budget = app.public_budget(code).await?;
    let input = OpenDataInput {
        plan: &plan,
        actuals: &actuals,
        grades: &grades,
        programs: &budget.programs,
        budget: &budget.lines,
    };
    let meta = PackageMeta {
        name: format!("keikaku-{code}-{}", plan.edition.id).to_lowercase(),
        title: format!(
            "{} {} 成果指標オープンデータ",
            plan.municipality.name, plan.edition.title
        ),
        publisher: plan.municipality.name.clone(),
        description: format!(
            "{}の実施計画の事業、成果指標、初期値・基準値・目標値、公表済みの実績値と評価。CSV と同じ内容の JSON (*.json、UTF-8) も同梱。",
            plan.municipality.name
        ),
    };
    let files = opendata::render(&opendata::tables(&input), &meta, Options { encoding })
        .context("the open data was not written (nothing was changed)")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for f in &files {
        write_atomic(&dir.join(&f.name), &f.bytes)?;
    }
    println!(
        "{}: {} files ({} published actual(s), {} published grade(s)), CSV in {}",
        dir.display(),
        files.len(),
        actuals.len(),
        grades.len(),
        encoding.label()
    );
    Ok(())
}

/// Writes a file atomically: a temporary file beside it, then a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-keikaku-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}
