//! Renders the plan summary and a council report (FY2024, a few actuals and
//! PDCA records) of the shipped plan to PDF and reports the time each
//! render took: `cargo run --release -p keikaku-pdf --example render_reports -- OUTDIR`.

use keikaku_ingest::{rubrics, shipped};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, evaluate};
use keikaku_model::ids::{IndicatorId, ProjectId};
use keikaku_model::period::Period;
use keikaku_model::quantity::Quantity;
use keikaku_model::workflow::{Decision, PdcaRecord, Subject};
use keikaku_report::council::{self, CouncilInput};
use keikaku_report::plan_summary;
use std::path::PathBuf;
use std::time::Instant;

fn actual(id: &str, period: &str, value: &str) -> Option<ActualValue> {
    Some(ActualValue {
        indicator: IndicatorId::new(id).ok()?,
        period: Period::parse(period).ok()?,
        quantity: Quantity::parse(value).ok()?.0,
        source: None,
        note: None,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let t = Instant::now();
    let fonts = keikaku_pdf::Fonts::discover()?;
    println!("fonts loaded in {:?}: {:?}", t.elapsed(), fonts.families());
    let plan = shipped::tsuruoka()?;
    let rubric = rubrics::by_name(rubrics::DEFAULT).ok_or("no rubric")?;
    let year = FiscalYear::new(2024)?;
    let actuals: Vec<ActualValue> = [
        ("KPI-01", "2025年3月卒", "55.0%"),
        ("KPI-03", "2024年度", "60件"),
        ("KPI-07", "2025年3月末", "19.10%"),
        ("KPI-16", "R6", "400万人"),
    ]
    .iter()
    .filter_map(|(i, p, v)| actual(i, p, v))
    .collect();
    let ctx = EvalContext::of(&plan);
    let grades: Vec<_> = plan
        .indicators
        .iter()
        .map(|i| evaluate(&ctx, i, &actuals, year, &rubric))
        .collect();
    let mut rec = PdcaRecord::new(year, Subject::Project(ProjectId::new("P1")?));
    rec.self_evaluation = Some("移住相談窓口の利用が増え、目標を上回った。".into());
    rec.review = Some("相談体制の効果が出ている。".into());
    rec.decision = Some(Decision::Expand);
    rec.council_comment = Some("若者の定着にも目を向けること。".into());
    let summary = plan_summary::build(&plan);
    let t = Instant::now();
    let pdf = keikaku_pdf::plan_summary(&summary, &fonts)?;
    println!("plan summary: {:?}, {} bytes", t.elapsed(), pdf.len());
    std::fs::write(out.join("plan.pdf"), pdf)?;
    let t = Instant::now();
    let report = council::build(&CouncilInput {
        plan: &plan,
        rubric: &rubric,
        year,
        grades: &grades,
        actuals: &actuals,
        records: &[rec],
    });
    let built = t.elapsed();
    let pdf = keikaku_pdf::council(&report, &fonts)?;
    println!(
        "council report: model {built:?}, total {:?}, {} bytes",
        t.elapsed(),
        pdf.len()
    );
    std::fs::write(out.join("council.pdf"), pdf)?;
    let t = Instant::now();
    let html = keikaku_report::html::council(&report)?;
    println!(
        "council report HTML: {:?}, {} bytes",
        t.elapsed(),
        html.len()
    );
    std::fs::write(out.join("council.html"), html)?;
    std::fs::write(
        out.join("plan.html"),
        keikaku_report::html::plan_summary(&summary)?,
    )?;
    Ok(())
}
