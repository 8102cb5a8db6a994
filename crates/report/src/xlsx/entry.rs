//! The entry workbook (実績値入力票) of one department and fiscal year.
//!
//! Sheet [`layout::INPUT_SHEET`]: a title, the workbook's facts and
//! instructions, then one row per indicator the department answers for
//! (`keikaku_model::scope::indicators_of`): ID, name, unit, the suggested
//! period, the plan's four values with their periods, the current values of
//! earlier years, and the four input columns (value, period, source, note),
//! pre-filled with the year's current value when there is one. The sheet is
//! protected; only the input cells are unlocked; the value column accepts
//! decimal numbers only and shows the indicator's decimal places. The hidden
//! sheet [`layout::META_SHEET`] states what the workbook is for.

use super::XlsxError;
use super::style::{Styles, excel_number, number_format};
use keikaku_ingest::workbook::layout::{self, meta_key};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, IndicatorId};
use keikaku_model::indicator::{Column, Indicator, KpiValue};
use keikaku_model::plan::Plan;
use keikaku_model::quantity::Bound;
use keikaku_model::scope::indicators_of;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, ProtectionOptions, Workbook,
    Worksheet,
};
use std::collections::BTreeSet;

/// What an entry workbook is made from.
#[derive(Debug, Clone, Copy)]
pub struct EntryInput<'a> {
    /// The current edition.
    pub plan: &'a Plan,
    /// The department filling it in.
    pub department: &'a DepartmentId,
    /// The fiscal year the values are for.
    pub year: FiscalYear,
    /// Current actuals (any years): earlier years are shown, the year's own
    /// values pre-fill the input cells.
    pub actuals: &'a [ActualValue],
}

/// Column of the first plan value (初期値); each plan value takes two
/// columns (value, period).
const FIRST_PLAN_COLUMN: u16 = 4;
/// Largest magnitude the value column accepts.
const VALUE_LIMIT: f64 = 1e15;

/// Writes the entry workbook.
pub fn entry_workbook(input: &EntryInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let plan = input.plan;
    let department = plan
        .department(input.department)
        .ok_or_else(|| XlsxError::UnknownDepartment(input.department.to_string()))?;
    let ids = indicators_of(plan, std::slice::from_ref(input.department));
    let indicators: Vec<&Indicator> = ids.iter().filter_map(|id| plan.indicator(id)).collect();
    let earlier = earlier_years(input, &ids);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(layout::INPUT_SHEET)?;
    let styles = Styles::new();
    write_heading(sheet, input, &department.name, &styles)?;
    let input_first = FIRST_PLAN_COLUMN + 8 + col(earlier.len());
    write_header(sheet, plan, &earlier, input_first, &styles)?;
    for (i, indicator) in indicators.iter().enumerate() {
        let row = layout::HEADER_ROW + 1 + u32::try_from(i).unwrap_or(u32::MAX - 1);
        write_row(sheet, row, indicator, input, &earlier, input_first, &styles)?;
    }
    if !indicators.is_empty() {
        let last = layout::HEADER_ROW + u32::try_from(indicators.len()).unwrap_or(u32::MAX - 1);
        add_validation(sheet, layout::HEADER_ROW + 1, last, input_first)?;
    }
    sheet.set_freeze_panes(layout::HEADER_ROW + 1, 2)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_active(true);
    write_meta(&mut book, input)?;
    Ok(book.save_to_buffer()?)
}

fn col(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Fiscal years before `year` to show: from the edition's baseline year on,
/// plus any earlier year with a recorded value of these indicators.
fn earlier_years(input: &EntryInput<'_>, ids: &[IndicatorId]) -> Vec<FiscalYear> {
    let mut years: BTreeSet<FiscalYear> = input
        .actuals
        .iter()
        .filter(|a| ids.contains(&a.indicator))
        .map(ActualValue::fiscal_year)
        .filter(|y| *y < input.year)
        .collect();
    let mut y = input.plan.edition.baseline_year.next();
    while let Some(fy) = y.filter(|fy| *fy < input.year) {
        years.insert(fy);
        y = fy.next();
    }
    years.into_iter().collect()
}

fn write_heading(
    sheet: &mut Worksheet,
    input: &EntryInput<'_>,
    department_name: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let plan = input.plan;
    let code = plan
        .municipality
        .code
        .map(|c| c.to_string())
        .unwrap_or_default();
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} 成果指標 実績値入力票 {}",
            plan.municipality.name,
            input.year.label_ja()
        ),
        &styles.title,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "担当部: {} {}　計画: {}（{}）　全国地方公共団体コード: {}",
            input.department, department_name, plan.edition.title, plan.edition.id, code
        ),
    )?;
    sheet.write_string(
        2,
        0,
        "黄色の欄（実績値・期間・出典・備考）だけを入力してください。実績値は数値のみ（単位は書かない）。期間が空欄なら「期間の目安」の期間とします。実績値が空欄の行は取り込みません（0 ではありません）。",
    )?;
    Ok(())
}

fn write_header(
    sheet: &mut Worksheet,
    plan: &Plan,
    earlier: &[FiscalYear],
    input_first: u16,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let row = layout::HEADER_ROW;
    let fixed = [layout::HEADER_ID, "指標名", "単位", "期間の目安"];
    for (c, text) in fixed.iter().enumerate() {
        sheet.write_string_with_format(row, col(c), *text, &styles.header)?;
    }
    for (i, column) in Column::ALL.iter().enumerate() {
        let c = FIRST_PLAN_COLUMN + 2 * col(i);
        let label = match column {
            Column::Baseline => plan.edition.baseline_label.clone(),
            other => other.label_ja().to_owned(),
        };
        sheet.write_string_with_format(row, c, &label, &styles.header)?;
        sheet.write_string_with_format(row, c + 1, format!("{label}の時点"), &styles.header)?;
    }
    for (i, year) in earlier.iter().enumerate() {
        let c = FIRST_PLAN_COLUMN + 8 + col(i);
        sheet.write_string_with_format(
            row,
            c,
            format!("{} 実績", year.label_ja()),
            &styles.header,
        )?;
    }
    let inputs = [
        layout::HEADER_VALUE,
        layout::HEADER_PERIOD,
        layout::HEADER_SOURCE,
        layout::HEADER_NOTE,
    ];
    for (i, text) in inputs.iter().enumerate() {
        sheet.write_string_with_format(row, input_first + col(i), *text, &styles.header)?;
    }
    sheet.set_row_height(row, 45)?;
    let widths: [(u16, f64); 4] = [(0, 9.0), (1, 44.0), (2, 9.0), (3, 16.0)];
    for (c, w) in widths {
        sheet.set_column_width(c, w)?;
    }
    for c in FIRST_PLAN_COLUMN..input_first {
        sheet.set_column_width(c, 13.0)?;
    }
    for (i, w) in [14.0, 16.0, 24.0, 30.0].into_iter().enumerate() {
        sheet.set_column_width(input_first + col(i), w)?;
    }
    Ok(())
}

/// Decimal places shown for an indicator: the most its plan values use.
fn places(indicator: &Indicator) -> u32 {
    indicator
        .values
        .iter()
        .map(|(_, v)| v.quantity.amount.scale())
        .max()
        .unwrap_or(0)
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    indicator: &Indicator,
    input: &EntryInput<'_>,
    earlier: &[FiscalYear],
    input_first: u16,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let hint = layout::period_hint(indicator, input.year);
    sheet.write_string_with_format(row, 0, indicator.id.as_str(), &styles.text)?;
    sheet.write_string_with_format(row, 1, &indicator.name, &styles.text)?;
    sheet.write_string_with_format(row, 2, indicator.unit.as_str(), &styles.text)?;
    sheet.write_string_with_format(row, 3, hint.written(), &styles.text)?;
    for (i, column) in Column::ALL.iter().enumerate() {
        let c = FIRST_PLAN_COLUMN + 2 * col(i);
        match indicator.values.get(*column) {
            Some(v) => write_plan_value(sheet, row, c, v, styles)?,
            None => {
                sheet.write_blank(row, c, &styles.text)?;
                sheet.write_blank(row, c + 1, &styles.text)?;
            }
        }
    }
    let mine = |year: FiscalYear| {
        input
            .actuals
            .iter()
            .find(|a| a.indicator == indicator.id && a.fiscal_year() == year)
    };
    for (i, year) in earlier.iter().enumerate() {
        let c = FIRST_PLAN_COLUMN + 8 + col(i);
        match mine(*year) {
            Some(a) => sheet.write_number_with_format(
                row,
                c,
                excel_number(a.quantity.amount),
                &Styles::number(a.quantity.amount.scale()),
            )?,
            None => sheet.write_blank(row, c, &styles.text)?,
        };
    }
    write_inputs(sheet, row, input_first, places(indicator), mine(input.year))
}

fn write_plan_value(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    v: &KpiValue,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let amount = v.quantity.amount;
    sheet.write_number_with_format(
        row,
        c,
        excel_number(amount),
        &Styles::number(amount.scale()),
    )?;
    let bound = match v.bound {
        Some(Bound::AtMost) => "（以下）",
        Some(Bound::AtLeast) => "（以上）",
        None => "",
    };
    sheet.write_string_with_format(
        row,
        c + 1,
        format!("{}{bound}", v.period.written()),
        &styles.text,
    )?;
    Ok(())
}

/// The four unlocked input cells, pre-filled with the year's current value.
fn write_inputs(
    sheet: &mut Worksheet,
    row: u32,
    first: u16,
    places: u32,
    current: Option<&ActualValue>,
) -> Result<(), XlsxError> {
    let input = Format::new()
        .set_unlocked()
        .set_background_color(Color::RGB(0x00FF_F2CC))
        .set_border(FormatBorder::Thin);
    // A pre-filled value shows its own decimal places, so that importing
    // the workbook unchanged records nothing new.
    let shown = current.map_or(places, |a| a.quantity.amount.scale());
    let value_format = input.clone().set_num_format(number_format(shown));
    let text_format = input.clone().set_num_format("@").set_text_wrap();
    match current {
        Some(a) => {
            sheet.write_number_with_format(
                row,
                first,
                excel_number(a.quantity.amount),
                &value_format,
            )?;
            sheet.write_string_with_format(row, first + 1, a.period.written(), &text_format)?;
            let source = a.source.as_deref().unwrap_or("");
            let note = a.note.as_deref().unwrap_or("");
            sheet.write_string_with_format(row, first + 2, source, &text_format)?;
            sheet.write_string_with_format(row, first + 3, note, &text_format)?;
        }
        None => {
            sheet.write_blank(row, first, &value_format)?;
            for c in first + 1..first + 4 {
                sheet.write_blank(row, c, &text_format)?;
            }
        }
    }
    Ok(())
}

fn add_validation(
    sheet: &mut Worksheet,
    first: u32,
    last: u32,
    column: u16,
) -> Result<(), XlsxError> {
    let rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-VALUE_LIMIT, VALUE_LIMIT))
        .ignore_blank(true)
        .set_input_title("実績値")?
        .set_input_message("数値だけを入力してください（単位・カンマ不要）。")?
        .set_error_title("数値ではありません")?
        .set_error_message("実績値には数値だけを入力してください。値がないときは空欄のままにします（0 ではありません）。")?;
    sheet.add_data_validation(first, column, last, column, &rule)?;
    Ok(())
}

/// The hidden, protected sheet stating what the workbook is for.
fn write_meta(book: &mut Workbook, input: &EntryInput<'_>) -> Result<(), XlsxError> {
    let plan = input.plan;
    let sheet = book.add_worksheet();
    sheet.set_name(layout::META_SHEET)?;
    let code = plan
        .municipality
        .code
        .map(|c| c.to_string())
        .unwrap_or_default();
    let year = input.year.year().to_string();
    let rows = [
        (meta_key::FORMAT, layout::FORMAT),
        (meta_key::VERSION, layout::FORMAT_VERSION),
        (meta_key::MUNICIPALITY, code.as_str()),
        (meta_key::DEPARTMENT, input.department.as_str()),
        (meta_key::FISCAL_YEAR, year.as_str()),
        (meta_key::EDITION, plan.edition.id.as_str()),
    ];
    let text = Format::new().set_num_format("@");
    for (r, (key, value)) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(0);
        sheet.write_string_with_format(r, 0, *key, &text)?;
        sheet.write_string_with_format(r, 1, *value, &text)?;
    }
    sheet.set_hidden(true);
    sheet.protect();
    Ok(())
}
