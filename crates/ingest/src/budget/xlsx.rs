//! Budget workbooks: a sheet 事業 (or `programs`) with the initiative
//! catalogue and a sheet 予算 (or `budget`) with budget lines, each read
//! with the same rules as the CSV files. Numeric cells become exact text
//! through the workbook reader's cell conversion (no digit lost).

use super::table::Table;
use super::{BudgetFile, BudgetFileError, Problem, read_table};
use crate::workbook::cells::plain_text;
use calamine::{Reader, Xlsx};
use keikaku_model::plan::Plan;
use std::io::Cursor;

const SHEETS: [&[&str]; 2] = [&["事業", "programs"], &["予算", "budget"]];

/// Reads a budget workbook; all or nothing over both sheets.
pub fn read_budget_xlsx(bytes: &[u8], plan: &Plan) -> Result<BudgetFile, BudgetFileError> {
    let whole = |reason: String| BudgetFileError {
        problems: vec![Problem {
            sheet: None,
            line: 0,
            column: String::new(),
            reason,
        }],
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| whole(format!("cannot read the file as an xlsx workbook: {e}")))?;
    let names = book.sheet_names().to_vec();
    let mut file = BudgetFile::default();
    let mut problems = Vec::new();
    let mut found = 0;
    for aliases in SHEETS {
        let Some(name) = names.iter().find(|n| aliases.contains(&n.trim())) else {
            continue;
        };
        found += 1;
        let range = book
            .worksheet_range(name)
            .map_err(|e| whole(format!("cannot read sheet {name}: {e}")))?;
        let (top, _) = range.start().unwrap_or((0, 0));
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate() {
            let line = u64::from(top) + u64::try_from(i).unwrap_or(u64::MAX) + 1;
            let mut cells = Vec::with_capacity(row.len());
            for (j, data) in row.iter().enumerate() {
                match plain_text(data) {
                    Ok(t) => cells.push(t),
                    Err(reason) => {
                        problems.push(Problem {
                            sheet: Some(name.clone()),
                            line,
                            column: column_letter(j),
                            reason,
                        });
                        cells.push(String::new());
                    }
                }
            }
            rows.push((line, cells));
        }
        match Table::from_rows(Some(name.clone()), rows).and_then(|t| read_table(&t, plan)) {
            Ok(part) => file.extend(part),
            Err(e) => problems.extend(e.problems),
        }
    }
    if found == 0 {
        return Err(whole(format!(
            "the workbook has no sheet 事業 (programs) or 予算 (budget); its sheets are {}",
            names.join(", ")
        )));
    }
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(BudgetFileError { problems })
    }
}

/// `A`, `B`, …, `AA` for a 0-based column index.
fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(char::from(b'A' + u8::try_from(i % 26).unwrap_or(0)));
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.iter().rev().collect()
}
