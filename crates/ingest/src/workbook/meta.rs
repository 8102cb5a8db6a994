//! The hidden meta sheet of an entry workbook: what it is for (format,
//! municipality, department, fiscal year, edition), checked against the
//! plan, and against what the caller expects.

use super::layout::{self, META_SHEET, meta_key};
use super::{CellError, WorkbookError, cells};
use calamine::{Data, Reader, Xlsx};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::DepartmentId;
use keikaku_model::plan::Plan;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Cursor;

/// What a workbook says it is for (its meta sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkbookMeta {
    /// The municipality's local government code.
    pub municipality: String,
    /// The department the workbook is for.
    pub department: DepartmentId,
    /// The fiscal year the values are for.
    pub fiscal_year: FiscalYear,
    /// The edition the workbook was made from.
    pub edition: String,
}

impl WorkbookMeta {
    /// Refuses a workbook made for another department or fiscal year than
    /// the caller expects.
    pub fn expect(
        &self,
        department: Option<&DepartmentId>,
        year: Option<FiscalYear>,
    ) -> Result<(), WorkbookError> {
        let mut errors = Vec::new();
        if let Some(d) = department.filter(|d| **d != self.department) {
            errors.push(CellError::at(
                META_SHEET,
                0,
                "",
                "",
                format!(
                    "the workbook is for department {}, not {d}: import the workbook made for {d}",
                    self.department
                ),
            ));
        }
        if let Some(y) = year.filter(|y| *y != self.fiscal_year) {
            errors.push(CellError::at(
                META_SHEET,
                0,
                "",
                "",
                format!(
                    "the workbook is for {}, not {}: import the workbook made for {}",
                    self.fiscal_year.label_ja(),
                    y.label_ja(),
                    y.label_ja()
                ),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(WorkbookError { errors })
        }
    }
}

/// The fiscal year recorded in the metadata sheet, unchecked.
pub(super) fn peek_year(book: &mut Xlsx<Cursor<&[u8]>>) -> Option<FiscalYear> {
    let range = book.worksheet_range(META_SHEET).ok()?;
    range.rows().find_map(|r| {
        let key = cells::plain_text(r.first()?).ok()?;
        if key.trim() != meta_key::FISCAL_YEAR {
            return None;
        }
        let value = cells::plain_text(r.get(1)?).ok()?;
        FiscalYear::new(value.trim().parse().ok()?).ok()
    })
}

/// Reads the meta sheet and checks it names this plan's municipality and
/// edition and one of its departments.
pub(super) fn read_meta(
    book: &mut Xlsx<Cursor<&[u8]>>,
    plan: &Plan,
) -> Result<WorkbookMeta, WorkbookError> {
    let range = book.worksheet_range(META_SHEET).map_err(|_| {
        CellError::file(format!(
            "the workbook has no sheet 「{META_SHEET}」: it is not an entry workbook made by `keikaku actuals workbook`"
        ))
    })?;
    let values: BTreeMap<String, String> = range
        .rows()
        .filter_map(|r| {
            let key = cells::plain_text(r.first()?).ok()?;
            let value = cells::plain_text(r.get(1).unwrap_or(&Data::Empty)).ok()?;
            Some((key.trim().to_owned(), value.trim().to_owned()))
        })
        .collect();
    let meta_error = |reason: String| CellError::at(META_SHEET, 0, "", "", reason);
    let get = |key: &str| values.get(key).map(String::as_str).unwrap_or("");
    if get(meta_key::FORMAT) != layout::FORMAT || get(meta_key::VERSION) != layout::FORMAT_VERSION {
        return Err(meta_error(format!(
            "not an entry workbook of format {} version {}: make a new one with `keikaku actuals workbook`",
            layout::FORMAT,
            layout::FORMAT_VERSION
        ))
        .into());
    }
    let mut errors = Vec::new();
    let municipality = get(meta_key::MUNICIPALITY).to_owned();
    let ours = plan
        .municipality
        .code
        .map(|c| c.to_string())
        .unwrap_or_default();
    if municipality != ours {
        errors.push(meta_error(format!(
            "the workbook is for municipality 「{municipality}」, but this database's plan is {} ({ours})",
            plan.municipality.name
        )));
    }
    let edition = get(meta_key::EDITION).to_owned();
    if edition != plan.edition.id.as_str() {
        errors.push(meta_error(format!(
            "the workbook was made from edition 「{edition}」, but the current edition is {}: make a new workbook with `keikaku actuals workbook`",
            plan.edition.id
        )));
    }
    let department = DepartmentId::new(get(meta_key::DEPARTMENT))
        .ok()
        .filter(|d| plan.department(d).is_some());
    if department.is_none() {
        errors.push(meta_error(format!(
            "「{}」 is not a department of the plan",
            get(meta_key::DEPARTMENT)
        )));
    }
    let year = get(meta_key::FISCAL_YEAR)
        .parse::<i32>()
        .ok()
        .and_then(|y| FiscalYear::new(y).ok());
    if year.is_none() {
        errors.push(meta_error(format!(
            "「{}」 is not a fiscal year",
            get(meta_key::FISCAL_YEAR)
        )));
    }
    match (department, year) {
        (Some(department), Some(fiscal_year)) if errors.is_empty() => Ok(WorkbookMeta {
            municipality,
            department,
            fiscal_year,
            edition,
        }),
        _ => Err(WorkbookError { errors }),
    }
}
