//! The council's evaluation workbook for one fiscal year: per indicator
//! (as printed in each project's KPI tables) the plan's values, the year's
//! actual and its grade with the explanation; the year's PDCA records; and
//! the counts per grade.

use super::XlsxError;
use super::style::{Styles, excel_number};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{Grade, Rubric};
use keikaku_model::indicator::{Column, Indicator};
use keikaku_model::plan::Plan;
use keikaku_model::rollup::rollup;
use keikaku_model::workflow::{PdcaRecord, Subject};
use rust_xlsxwriter::{Workbook, Worksheet};

/// What the council workbook is made from.
#[derive(Debug, Clone, Copy)]
pub struct CouncilInput<'a> {
    /// The edition graded against.
    pub plan: &'a Plan,
    /// The fiscal year evaluated.
    pub year: FiscalYear,
    /// The rubric of the grades.
    pub rubric: &'a Rubric,
    /// One grade per indicator for `year`.
    pub grades: &'a [Grade],
    /// Current actuals (the year's are shown).
    pub actuals: &'a [ActualValue],
    /// PDCA records (the year's are shown).
    pub records: &'a [PdcaRecord],
}

/// Sheet names.
pub const GRADES_SHEET: &str = "指標別評価";
/// Sheet of PDCA records.
pub const PDCA_SHEET: &str = "PDCA";
/// Sheet of counts per grade.
pub const COUNTS_SHEET: &str = "評価別件数";

/// Writes the council workbook.
pub fn council_workbook(input: &CouncilInput<'_>) -> Result<Vec<u8>, XlsxError> {
    council_workbook_with_cost(input, None)
}

/// Writes the council workbook, with the year's cost sheet
/// ([`super::cost::COST_SHEET`]) when `cost` is given.
pub fn council_workbook_with_cost(
    input: &CouncilInput<'_>,
    cost: Option<&crate::council::cost::CostSection>,
) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    write_grades(book.add_worksheet(), input, &styles)?;
    write_records(book.add_worksheet(), input, &styles)?;
    write_counts(book.add_worksheet(), input, &styles)?;
    if let Some(cost) = cost {
        let heading = format!(
            "{} {} 事業費の状況（{}）",
            input.plan.municipality.name,
            input.year.label_ja(),
            input.plan.edition.title
        );
        super::cost::write_cost(book.add_worksheet(), &heading, cost, &styles)?;
    }
    Ok(book.save_to_buffer()?)
}

fn c(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn r(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn headers(
    sheet: &mut Worksheet,
    row: u32,
    names: &[&str],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (i, h) in names.iter().enumerate() {
        sheet.write_string_with_format(row, c(i), *h, &styles.header)?;
    }
    Ok(())
}

fn title(
    sheet: &mut Worksheet,
    input: &CouncilInput<'_>,
    what: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} {} {}（{}）",
            input.plan.municipality.name,
            input.year.label_ja(),
            what,
            input.plan.edition.title
        ),
        &styles.title,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "評価基準: {}（{} 版{}）",
            input.rubric.title_ja, input.rubric.name, input.rubric.version
        ),
    )?;
    Ok(())
}

/// The explanation of a grade in Japanese: the reason for a missing grade,
/// otherwise the matched rule and the formula with its numbers.
fn explanation(g: &Grade) -> String {
    match &g.missing_reason_ja {
        Some(reason) => reason.clone(),
        None => format!("{}\n{}", g.explanation.matched_ja, g.explanation.formula_ja),
    }
}

fn write_grades(
    sheet: &mut Worksheet,
    input: &CouncilInput<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(GRADES_SHEET)?;
    title(sheet, input, "成果指標の評価", styles)?;
    let plan = input.plan;
    let mut names = vec!["事業ID", "事業名", "指標ID", "成果指標", "単位"];
    let labels: Vec<String> = Column::ALL
        .iter()
        .map(|col| match col {
            Column::Baseline => plan.edition.baseline_label.clone(),
            other => other.label_ja().to_owned(),
        })
        .collect();
    names.extend(labels.iter().map(String::as_str));
    names.extend(["実績値", "実績の時点", "評価", "評価の説明"]);
    headers(sheet, 3, &names, styles)?;
    let mut row = 4;
    for (project, table) in plan.tables() {
        for table_row in &table.rows {
            let Some(indicator) = plan.indicator(&table_row.indicator) else {
                continue;
            };
            sheet.write_string_with_format(row, 0, project.id.as_str(), &styles.text)?;
            sheet.write_string_with_format(row, 1, &project.name, &styles.text)?;
            write_indicator(sheet, row, input, indicator, &table_row.label, styles)?;
            row += 1;
        }
    }
    for (i, w) in [
        7.0, 30.0, 8.0, 40.0, 8.0, 11.0, 11.0, 11.0, 11.0, 11.0, 14.0, 22.0, 60.0,
    ]
    .into_iter()
    .enumerate()
    {
        sheet.set_column_width(c(i), w)?;
    }
    sheet.set_freeze_panes(4, 0)?;
    Ok(())
}

fn write_indicator(
    sheet: &mut Worksheet,
    row: u32,
    input: &CouncilInput<'_>,
    indicator: &Indicator,
    label: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 2, indicator.id.as_str(), &styles.text)?;
    sheet.write_string_with_format(row, 3, label, &styles.text)?;
    sheet.write_string_with_format(row, 4, indicator.unit.as_str(), &styles.text)?;
    for (i, column) in Column::ALL.iter().enumerate() {
        match indicator.values.get(*column) {
            Some(v) => {
                let amount = v.quantity.amount;
                sheet.write_number_with_format(
                    row,
                    5 + c(i),
                    excel_number(amount),
                    &Styles::number(amount.scale()),
                )?
            }
            None => sheet.write_blank(row, 5 + c(i), &styles.text)?,
        };
    }
    let actual = input
        .actuals
        .iter()
        .find(|a| a.indicator == indicator.id && a.fiscal_year() == input.year);
    match actual {
        Some(a) => {
            let amount = a.quantity.amount;
            sheet.write_number_with_format(
                row,
                9,
                excel_number(amount),
                &Styles::number(amount.scale()),
            )?;
            sheet.write_string_with_format(row, 10, a.period.written(), &styles.text)?;
        }
        None => {
            sheet.write_blank(row, 9, &styles.text)?;
            sheet.write_blank(row, 10, &styles.text)?;
        }
    }
    match input.grades.iter().find(|g| g.indicator == indicator.id) {
        Some(g) => {
            sheet.write_string_with_format(row, 11, &g.level.ja, &styles.text)?;
            sheet.write_string_with_format(row, 12, explanation(g), &styles.text)?;
        }
        None => {
            sheet.write_blank(row, 11, &styles.text)?;
            sheet.write_blank(row, 12, &styles.text)?;
        }
    }
    Ok(())
}

/// The subject's name: the project's or the policy item's.
fn subject_name(plan: &Plan, subject: &Subject) -> String {
    match subject {
        Subject::Project(id) => plan.project(id).map(|p| p.name.clone()).unwrap_or_default(),
        Subject::PolicyItem(id) => plan
            .fields
            .iter()
            .flat_map(|f| &f.items)
            .find(|i| &i.id == id)
            .map(|i| i.name.clone())
            .unwrap_or_default(),
    }
}

fn write_records(
    sheet: &mut Worksheet,
    input: &CouncilInput<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(PDCA_SHEET)?;
    title(sheet, input, "自己評価・評価・審議会意見", styles)?;
    let names = [
        "対象ID",
        "対象",
        "状態",
        "自己評価",
        "評価",
        "今後の方向性",
        "審議会意見",
    ];
    headers(sheet, 3, &names, styles)?;
    let records = input
        .records
        .iter()
        .filter(|rec| rec.fiscal_year == input.year);
    for (i, rec) in records.enumerate() {
        let row = 4 + r(i);
        let cells = [
            rec.subject.to_string(),
            subject_name(input.plan, &rec.subject),
            rec.state.label_ja().to_owned(),
            rec.self_evaluation.clone().unwrap_or_default(),
            rec.review.clone().unwrap_or_default(),
            rec.decision
                .map(|d| d.label_ja().to_owned())
                .unwrap_or_default(),
            rec.council_comment.clone().unwrap_or_default(),
        ];
        for (k, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, c(k), text, &styles.text)?;
        }
    }
    for (i, w) in [8.0, 30.0, 10.0, 50.0, 50.0, 12.0, 50.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(c(i), w)?;
    }
    Ok(())
}

fn write_counts(
    sheet: &mut Worksheet,
    input: &CouncilInput<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(COUNTS_SHEET)?;
    title(sheet, input, "評価別件数", styles)?;
    let names = [
        "評価コード",
        "評価",
        "件数",
        "割合（％）",
        "評価できた指標に占める割合（％）",
    ];
    headers(sheet, 3, &names, styles)?;
    let counts = rollup(input.grades, input.rubric);
    let percent = Styles::number(1);
    for (i, (level, n)) in counts.counts.iter().enumerate() {
        let row = 4 + r(i);
        let label = input.rubric.level(level);
        let code = label.as_ref().map_or(level.clone(), |l| l.code.clone());
        let ja = label.map_or(level.clone(), |l| l.ja);
        sheet.write_string_with_format(row, 0, &code, &styles.text)?;
        sheet.write_string_with_format(row, 1, &ja, &styles.text)?;
        sheet.write_number_with_format(
            row,
            2,
            u32::try_from(*n).map_or(f64::MAX, f64::from),
            &Styles::number(0),
        )?;
        let share = |list: &[(String, rust_decimal::Decimal)]| {
            list.iter().find(|(id, _)| id == level).map(|(_, s)| *s)
        };
        match share(&counts.shares) {
            Some(s) => sheet.write_number_with_format(row, 3, excel_number(s), &percent)?,
            None => sheet.write_blank(row, 3, &styles.text)?,
        };
        match share(&counts.shares_of_evaluated) {
            Some(s) => sheet.write_number_with_format(row, 4, excel_number(s), &percent)?,
            None => sheet.write_blank(row, 4, &styles.text)?,
        };
    }
    let total_row = 4 + r(counts.counts.len());
    sheet.write_string_with_format(total_row, 1, "計", &styles.header)?;
    sheet.write_number_with_format(
        total_row,
        2,
        u32::try_from(counts.total).map_or(f64::MAX, f64::from),
        &Styles::number(0),
    )?;
    for (i, w) in [12.0, 34.0, 8.0, 12.0, 20.0].into_iter().enumerate() {
        sheet.set_column_width(c(i), w)?;
    }
    Ok(())
}
