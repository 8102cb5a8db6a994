//! The council workbook's cost sheet (事業費): the year's totals, cost per
//! project, per field and per initiative, and the gaps between money and
//! indicators, from [`crate::council::cost::CostSection`]. Amounts are
//! numbers of thousands of yen (exact integers, shown with separators);
//! the unit is named in the headings.

use super::XlsxError;
use super::style::{Styles, excel_number};
use crate::council::cost::{CostSection, CostTotals, Money};
use rust_decimal::Decimal;
use rust_xlsxwriter::Worksheet;

/// The sheet's name.
pub const COST_SHEET: &str = "事業費";

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn money(sheet: &mut Worksheet, row: u32, column: u16, m: &Money) -> Result<(), XlsxError> {
    sheet.write_number_with_format(
        row,
        column,
        excel_number(Decimal::from(m.thousands)),
        &Styles::number(0),
    )?;
    Ok(())
}

/// Writes the five amounts, the rate and a count from column `first` on.
fn totals(
    sheet: &mut Worksheet,
    row: u32,
    first: u16,
    t: &CostTotals,
    count: usize,
    styles: &Styles,
) -> Result<(), XlsxError> {
    money(sheet, row, first, &t.initial)?;
    money(sheet, row, first + 1, &t.budget)?;
    match &t.settlement {
        Some(s) => money(sheet, row, first + 2, s)?,
        None => {
            sheet.write_blank(row, first + 2, &styles.text)?;
        }
    }
    money(sheet, row, first + 3, &t.personnel)?;
    money(sheet, row, first + 4, &t.total)?;
    match t.rate {
        Some(r) => {
            sheet.write_number_with_format(row, first + 5, excel_number(r), &Styles::number(1))?;
        }
        None => {
            sheet.write_blank(row, first + 5, &styles.text)?;
        }
    }
    sheet.write_number_with_format(
        row,
        first + 6,
        u32::try_from(count).map_or(f64::MAX, f64::from),
        &Styles::number(0),
    )?;
    Ok(())
}

fn header_row(
    sheet: &mut Worksheet,
    row: u32,
    lead: &[&str],
    cost: &CostSection,
    last: &str,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut names: Vec<&str> = lead.to_vec();
    names.extend(cost.headings.iter().map(String::as_str));
    names.extend(["執行率（％）", last]);
    for (i, h) in names.iter().enumerate() {
        sheet.write_string_with_format(row, col(i), *h, &styles.header)?;
    }
    Ok(())
}

fn caption(sheet: &mut Worksheet, row: u32, text: &str, styles: &Styles) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, text, &styles.title)?;
    Ok(())
}

/// Writes the cost sheet; `heading` is the sheet's first line.
pub(crate) fn write_cost(
    sheet: &mut Worksheet,
    heading: &str,
    cost: &CostSection,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(COST_SHEET)?;
    sheet.write_string_with_format(0, 0, heading, &styles.title)?;
    let mut row = 1;
    for n in &cost.notes {
        sheet.write_string_with_format(row, 0, n, &styles.note)?;
        row += 1;
    }
    row += 1;
    caption(sheet, row, "事業費の総額（千円）", styles)?;
    row += 1;
    header_row(sheet, row, &["区分ID", "区分"], cost, "事業数", styles)?;
    row += 1;
    sheet.write_string_with_format(row, 0, "", &styles.text)?;
    sheet.write_string_with_format(row, 1, "全体", &styles.text)?;
    totals(sheet, row, 2, &cost.overall, cost.overall.lines, styles)?;
    row += 2;
    for (what, rows) in [
        ("プロジェクト別の事業費（千円、再掲を含む）", &cost.projects),
        ("分野別の事業費（千円、再掲を含む）", &cost.fields),
    ] {
        caption(sheet, row, what, styles)?;
        row += 1;
        header_row(sheet, row, &["区分ID", "区分"], cost, "事業数", styles)?;
        row += 1;
        for x in rows {
            sheet.write_string_with_format(row, 0, &x.id, &styles.text)?;
            sheet.write_string_with_format(row, 1, &x.name, &styles.text)?;
            totals(sheet, row, 2, &x.totals, x.programs, styles)?;
            row += 1;
        }
        row += 1;
    }
    caption(sheet, row, "事業別の事業費（千円）", styles)?;
    row += 1;
    header_row(
        sheet,
        row,
        &["事業ID", "事業名", "担当部", "プロジェクト", "成果指標"],
        cost,
        "行数",
        styles,
    )?;
    row += 1;
    for p in &cost.programs {
        for (i, text) in [&p.id, &p.name, &p.department, &p.projects, &p.indicators]
            .into_iter()
            .enumerate()
        {
            sheet.write_string_with_format(row, col(i), text, &styles.text)?;
        }
        totals(sheet, row, 5, &p.totals, p.totals.lines, styles)?;
        row += 1;
    }
    row += 1;
    for (what, gaps) in [
        ("成果指標のない事業（予算あり）", &cost.without_indicator),
        (
            "事業が結び付いていない成果指標",
            &cost.indicators_without_program,
        ),
    ] {
        caption(sheet, row, what, styles)?;
        row += 1;
        for (i, h) in ["ID", "名称"].iter().enumerate() {
            sheet.write_string_with_format(row, col(i), *h, &styles.header)?;
        }
        row += 1;
        if gaps.is_empty() {
            sheet.write_string_with_format(row, 0, "なし", &styles.text)?;
            row += 1;
        }
        for g in gaps {
            sheet.write_string_with_format(row, 0, &g.id, &styles.text)?;
            sheet.write_string_with_format(row, 1, &g.name, &styles.text)?;
            row += 1;
        }
        row += 1;
    }
    for (i, w) in [
        10.0, 34.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 10.0, 10.0,
    ]
    .into_iter()
    .enumerate()
    {
        sheet.set_column_width(col(i), w)?;
    }
    Ok(())
}
