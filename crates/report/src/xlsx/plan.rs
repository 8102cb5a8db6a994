//! The whole-plan workbook: a contents sheet, then one sheet per project
//! with its KPI tables in the document's layout — 成果指標, 単位, then 初期値 /
//! R2実績値 / 実施計画期間設定値 / 成果指標(KPI), each as value and period —
//! followed, for every fiscal year with a recorded value or grade, by the
//! year's actual, its period and its grade.

use super::XlsxError;
use super::style::{Styles, excel_number, sheet_name};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::Grade;
use keikaku_model::indicator::{Column, Indicator};
use keikaku_model::plan::{KpiTable, Plan, Project};
use rust_xlsxwriter::{Workbook, Worksheet};
use std::collections::BTreeSet;

/// What the plan workbook is made from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    /// The edition.
    pub plan: &'a Plan,
    /// Current actuals, any years.
    pub actuals: &'a [ActualValue],
    /// Grades of any years (e.g. from `keikaku_app::evaluation::evaluate_year`).
    pub grades: &'a [Grade],
}

/// Columns before the per-year ones: label, unit, 4 × (value, period).
const PLAN_COLUMNS: u16 = 10;

/// Writes the plan workbook.
pub fn plan_workbook(input: &PlanInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let years: Vec<FiscalYear> = input
        .actuals
        .iter()
        .map(ActualValue::fiscal_year)
        .chain(input.grades.iter().map(|g| g.year))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut book = Workbook::new();
    let names: Vec<String> = input
        .plan
        .projects
        .iter()
        .map(|p| sheet_name(&format!("{} {}", p.id, p.name)))
        .collect();
    write_contents(book.add_worksheet(), input.plan, &names, &styles)?;
    for (project, name) in input.plan.projects.iter().zip(&names) {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        write_project(sheet, input, project, &years, &styles)?;
    }
    Ok(book.save_to_buffer()?)
}

fn departments(plan: &Plan, ids: &[keikaku_model::ids::DepartmentId]) -> String {
    ids.iter()
        .map(|d| plan.department(d).map_or(d.to_string(), |x| x.name.clone()))
        .collect::<Vec<_>>()
        .join("、")
}

fn write_contents(
    sheet: &mut Worksheet,
    plan: &Plan,
    names: &[String],
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("目次")?;
    sheet.write_string_with_format(0, 0, &plan.edition.title, &styles.title)?;
    let code = plan
        .municipality
        .code
        .map(|c| c.to_string())
        .unwrap_or_default();
    sheet.write_string(
        1,
        0,
        format!(
            "{}（全国地方公共団体コード {code}）　版: {}",
            plan.municipality.name, plan.edition.id
        ),
    )?;
    for (c, h) in ["事業ID", "事業名", "主管部", "関係部", "シート"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(3, u16::try_from(c).unwrap_or(0), *h, &styles.header)?;
    }
    for (i, (p, name)) in plan.projects.iter().zip(names).enumerate() {
        let r = 4 + u32::try_from(i).unwrap_or(0);
        sheet.write_string_with_format(r, 0, p.id.as_str(), &styles.text)?;
        sheet.write_string_with_format(r, 1, &p.name, &styles.text)?;
        sheet.write_string_with_format(r, 2, departments(plan, &p.lead), &styles.text)?;
        sheet.write_string_with_format(r, 3, departments(plan, &p.related), &styles.text)?;
        sheet.write_string_with_format(r, 4, name, &styles.text)?;
    }
    for (c, w) in [(0, 8.0), (1, 50.0), (2, 20.0), (3, 30.0), (4, 34.0)] {
        sheet.set_column_width(c, w)?;
    }
    Ok(())
}

fn write_project(
    sheet: &mut Worksheet,
    input: &PlanInput<'_>,
    project: &Project,
    years: &[FiscalYear],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let plan = input.plan;
    sheet.write_string_with_format(
        0,
        0,
        format!("{} {}", project.id, project.name),
        &styles.title,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "主管部: {}　関係部: {}",
            departments(plan, &project.lead),
            departments(plan, &project.related)
        ),
    )?;
    let mut row = 3;
    for table in &project.tables {
        row = write_table(sheet, input, table, years, row, styles)? + 1;
    }
    sheet.set_column_width(0, 40.0)?;
    sheet.set_column_width(1, 8.0)?;
    let last = PLAN_COLUMNS + 3 * u16::try_from(years.len()).unwrap_or(0);
    for c in 2..last {
        sheet.set_column_width(c, 13.0)?;
    }
    Ok(())
}

/// Writes one KPI table from `row`; returns the row after it.
fn write_table(
    sheet: &mut Worksheet,
    input: &PlanInput<'_>,
    table: &KpiTable,
    years: &[FiscalYear],
    mut row: u32,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    let plan = input.plan;
    if !table.heading.is_empty() {
        sheet.write_string_with_format(row, 0, table.heading.join(" "), &styles.note)?;
        row += 1;
    }
    sheet.merge_range(row, 0, row + 1, 0, "成果指標", &styles.header)?;
    sheet.merge_range(row, 1, row + 1, 1, "単位", &styles.header)?;
    for (i, column) in Column::ALL.iter().enumerate() {
        let c = 2 + 2 * u16::try_from(i).unwrap_or(0);
        let label = match column {
            Column::Baseline => plan.edition.baseline_label.clone(),
            other => other.label_ja().to_owned(),
        };
        sheet.merge_range(row, c, row, c + 1, &label, &styles.header)?;
        sheet.write_string_with_format(row + 1, c, "値", &styles.header)?;
        sheet.write_string_with_format(row + 1, c + 1, "時点", &styles.header)?;
    }
    for (i, year) in years.iter().enumerate() {
        let c = PLAN_COLUMNS + 3 * u16::try_from(i).unwrap_or(0);
        sheet.merge_range(row, c, row, c + 2, &year.label_ja(), &styles.header)?;
        for (k, h) in ["実績値", "時点", "評価"].iter().enumerate() {
            sheet.write_string_with_format(
                row + 1,
                c + u16::try_from(k).unwrap_or(0),
                *h,
                &styles.header,
            )?;
        }
    }
    row += 2;
    for table_row in &table.rows {
        let Some(indicator) = plan.indicator(&table_row.indicator) else {
            continue;
        };
        sheet.write_string_with_format(row, 0, &table_row.label, &styles.text)?;
        sheet.write_string_with_format(row, 1, indicator.unit.as_str(), &styles.text)?;
        write_plan_values(sheet, row, indicator, styles)?;
        write_years(sheet, row, input, indicator, years, styles)?;
        row += 1;
    }
    Ok(row)
}

fn write_plan_values(
    sheet: &mut Worksheet,
    row: u32,
    indicator: &Indicator,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (i, column) in Column::ALL.iter().enumerate() {
        let c = 2 + 2 * u16::try_from(i).unwrap_or(0);
        match indicator.values.get(*column) {
            Some(v) => {
                let amount = v.quantity.amount;
                sheet.write_number_with_format(
                    row,
                    c,
                    excel_number(amount),
                    &Styles::number(amount.scale()),
                )?;
                let bound = v.bound.map_or("", |b| b.suffix_ja());
                sheet.write_string_with_format(
                    row,
                    c + 1,
                    format!("{}{bound}", v.period.written()),
                    &styles.text,
                )?;
            }
            None => {
                sheet.write_blank(row, c, &styles.text)?;
                sheet.write_blank(row, c + 1, &styles.text)?;
            }
        }
    }
    Ok(())
}

fn write_years(
    sheet: &mut Worksheet,
    row: u32,
    input: &PlanInput<'_>,
    indicator: &Indicator,
    years: &[FiscalYear],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (i, year) in years.iter().enumerate() {
        let c = PLAN_COLUMNS + 3 * u16::try_from(i).unwrap_or(0);
        let actual = input
            .actuals
            .iter()
            .find(|a| a.indicator == indicator.id && a.fiscal_year() == *year);
        match actual {
            Some(a) => {
                let amount = a.quantity.amount;
                sheet.write_number_with_format(
                    row,
                    c,
                    excel_number(amount),
                    &Styles::number(amount.scale()),
                )?;
                sheet.write_string_with_format(row, c + 1, a.period.written(), &styles.text)?;
            }
            None => {
                sheet.write_blank(row, c, &styles.text)?;
                sheet.write_blank(row, c + 1, &styles.text)?;
            }
        }
        let grade = input
            .grades
            .iter()
            .find(|g| g.indicator == indicator.id && g.year == *year);
        match grade {
            Some(g) => sheet.write_string_with_format(row, c + 2, &g.level.ja, &styles.text)?,
            None => sheet.write_blank(row, c + 2, &styles.text)?,
        };
    }
    Ok(())
}
