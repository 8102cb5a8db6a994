//! Budget exchange files: the initiative catalogue and the budget lines as
//! CSV (UTF-8 with BOM, so Excel opens it as Unicode) and as one xlsx
//! workbook with the sheets 事業 and 予算. The columns are exactly those
//! `keikaku_ingest::budget` reads, so an export imports back unchanged.
//! Amounts are integers of 千円; FTE is written as text to keep its
//! written digits.

use crate::xlsx::XlsxError;
use keikaku_model::budget::{BudgetLine, Program};
use rust_xlsxwriter::{Format, Workbook};

/// Header of the catalogue.
pub const PROGRAM_HEADER: [&str; 8] = [
    "事業ID",
    "事業名",
    "担当部",
    "重点事業",
    "プロジェクト",
    "施策の方向",
    "中項目",
    "指標",
];

/// Header of the budget lines.
pub const LINE_HEADER: [&str; 11] = [
    "事業ID",
    "年度",
    "当初予算",
    "補正予算",
    "決算",
    "一般財源",
    "国県支出金",
    "地方債",
    "その他",
    "人工",
    "人件費単価",
];

/// A cell of an exchange row.
enum Cell {
    Text(String),
    Money(i64),
    Empty,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Money(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

fn joined<T: std::fmt::Display>(ids: &[T]) -> Cell {
    Cell::Text(
        ids.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(";"),
    )
}

fn program_row(p: &Program) -> Vec<Cell> {
    vec![
        Cell::Text(p.id.to_string()),
        Cell::Text(p.name.clone()),
        Cell::Text(p.department.to_string()),
        Cell::Text(
            p.key_initiative
                .as_ref()
                .map_or(String::new(), |k| k.to_string()),
        ),
        joined(&p.links.projects),
        joined(&p.links.directions),
        joined(&p.links.items),
        joined(&p.links.indicators),
    ]
}

fn line_row(l: &BudgetLine) -> Vec<Cell> {
    let money = |m: Option<keikaku_model::budget::money::Thousands>| {
        m.map_or(Cell::Empty, |t| Cell::Money(t.get()))
    };
    let f = l.funding;
    let p = l.personnel;
    vec![
        Cell::Text(l.program.to_string()),
        Cell::Money(i64::from(l.year.year())),
        Cell::Money(l.initial.get()),
        Cell::Money(l.supplementary.get()),
        money(l.settlement),
        money(f.map(|f| f.general)),
        money(f.map(|f| f.grants)),
        money(f.map(|f| f.bonds)),
        money(f.map(|f| f.other)),
        p.map_or(Cell::Empty, |p| Cell::Text(p.fte.to_string())),
        money(p.map(|p| p.unit_cost)),
    ]
}

fn csv_text(header: &[&str], rows: Vec<Vec<Cell>>) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to a Vec cannot fail; errors would only come from I/O.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r.iter().map(Cell::text));
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The catalogue as CSV.
pub fn programs_csv(programs: &[Program]) -> String {
    csv_text(&PROGRAM_HEADER, programs.iter().map(program_row).collect())
}

/// The budget lines as CSV.
pub fn lines_csv(lines: &[BudgetLine]) -> String {
    csv_text(&LINE_HEADER, lines.iter().map(line_row).collect())
}

/// A sheet to write: name, header, rows.
type Sheet<'a> = (&'a str, &'a [&'a str], Vec<Vec<Cell>>);

/// Both tables as one workbook (sheets 事業 and 予算).
pub fn budget_workbook(programs: &[Program], lines: &[BudgetLine]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    let sheets: [Sheet<'_>; 2] = [
        (
            "事業",
            &PROGRAM_HEADER,
            programs.iter().map(program_row).collect(),
        ),
        ("予算", &LINE_HEADER, lines.iter().map(line_row).collect()),
    ];
    for (name, header, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        for (c, h) in (0u16..).zip(header.iter()) {
            sheet.write_string_with_format(0, c, *h, &bold)?;
            sheet.set_column_width(c, 14)?;
        }
        for (r, row) in (1u32..).zip(rows) {
            for (c, cell) in (0u16..).zip(row) {
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    // 千円 amounts are far below 2^53, so the double is exact.
                    Cell::Money(n) if n.unsigned_abs() < (1 << 53) => {
                        let fmt = if c == 1 { Format::new() } else { money.clone() };
                        #[allow(clippy::cast_precision_loss)]
                        sheet.write_number_with_format(r, c, n as f64, &fmt)?;
                    }
                    Cell::Money(n) => {
                        sheet.write_string(r, c, n.to_string())?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(book.save_to_buffer()?)
}
