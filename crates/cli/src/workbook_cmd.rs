//! `keikaku actuals workbook` (write a department's entry workbook for a
//! fiscal year) and the `.xlsx` branch of `keikaku actuals import`.

use crate::db::DbArgs;
use crate::export_cmd::write_atomic;
use anyhow::{Context, Result};
use keikaku_app::actuals::WorkbookExpectation;
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::DepartmentId;
use keikaku_model::plan::Plan;
use keikaku_report::xlsx::{EntryInput, entry_workbook};
use std::path::Path;

/// A department by its ID (`D01`) or its name as in the plan (`企画部`).
fn department(plan: &Plan, written: &str) -> Result<DepartmentId> {
    plan.departments
        .iter()
        .find(|d| d.id.as_str() == written || d.name == written)
        .map(|d| d.id.clone())
        .with_context(|| {
            let known: Vec<String> = plan
                .departments
                .iter()
                .map(|d| format!("{} {}", d.id, d.name))
                .collect();
            format!(
                "--department: 「{written}」 is not a department of the plan (known: {})",
                known.join(", ")
            )
        })
}

/// Writes the entry workbook of a department and year.
pub async fn write(db: &DbArgs, dept: &str, year: FiscalYear, out: &Path) -> Result<()> {
    let (app, code) = db.open().await?;
    // The organisation of that year: a department created by a
    // reorganisation, and the projects it answers for then.
    let plan = app.acting_plan(&code, year).await?;
    let department = department(&plan, dept)?;
    let actuals: Vec<ActualValue> = app
        .current_actuals(&code)
        .await?
        .into_iter()
        .map(|a| a.value)
        .collect();
    let bytes = entry_workbook(&EntryInput {
        plan: &plan,
        department: &department,
        year,
        actuals: &actuals,
    })?;
    write_atomic(out, &bytes)?;
    let count = keikaku_model::scope::indicators_of(&plan, std::slice::from_ref(&department)).len();
    println!(
        "{}: entry workbook of {department} for {} with {count} indicator(s)",
        out.display(),
        year.label_ja()
    );
    Ok(())
}

/// Imports a filled entry workbook.
pub async fn import(
    db: &DbArgs,
    file: &Path,
    bytes: &[u8],
    dept: Option<&str>,
    year: Option<FiscalYear>,
) -> Result<()> {
    let (app, code) = db.open().await?;
    let department = match dept {
        Some(d) => Some(department(
            &app.plan_with_every_department(&code).await?,
            d,
        )?),
        None => None,
    };
    let expect = WorkbookExpectation { department, year };
    let (meta, summary) = app
        .import_workbook(&code, bytes, &expect, &db.actor())
        .await
        .with_context(|| format!("{} was not imported (nothing was changed)", file.display()))?;
    println!(
        "{}: workbook of {} for {}: {} value(s) recorded, {} unchanged",
        file.display(),
        meta.department,
        meta.fiscal_year.label_ja(),
        summary.recorded,
        summary.unchanged
    );
    Ok(())
}
