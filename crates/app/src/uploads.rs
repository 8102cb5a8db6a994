//! Actuals files uploaded by a staff member: the file's kind is recognised
//! by its content ([`sniff`]: an entry workbook by the `.xlsx` ZIP magic, a
//! CSV by decoding as UTF-8 or CP932 text), every row is read with the same
//! readers as the command line, and every row must be in the uploader's
//! scope ([`allows`] with [`Permission::RecordActual`]) before anything is
//! stored: one row outside it refuses the whole file, naming every such
//! row. Then all values are stored in one transaction.

use crate::{Actor, App, AppError};
use keikaku_ingest::actuals::{ActualRow, decode, read_actuals};
use keikaku_ingest::workbook::{WorkbookMeta, is_xlsx, layout::INPUT_SHEET, read_workbook};
use keikaku_model::access::{Permission, Staff, allows};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::plan::Plan;
use std::collections::HashSet;

/// What kind of actuals file an upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadKind {
    /// An actuals CSV (UTF-8, UTF-8 with BOM, or Shift_JIS/CP932).
    Csv,
    /// An entry workbook (`.xlsx`).
    Workbook,
}

/// Recognises an upload by its content: `.xlsx` by its ZIP magic
/// (`PK\x03\x04`), CSV when it decodes as text without control characters
/// other than tab, CR and LF. Anything else (images, PDFs, UTF-16 text,
/// other binaries) is `None`.
pub fn sniff(bytes: &[u8]) -> Option<UploadKind> {
    if is_xlsx(bytes) {
        return Some(UploadKind::Workbook);
    }
    let (text, _) = decode(bytes).ok()?;
    let plain = text
        .chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n'));
    plain.then_some(UploadKind::Csv)
}

/// What an upload stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadSummary {
    /// The file's kind.
    pub kind: UploadKind,
    /// For a workbook, what it says it is for.
    pub workbook: Option<WorkbookMeta>,
    /// Values read from the file.
    pub rows: usize,
    /// Values for an indicator and year that had none.
    pub inserted: usize,
    /// Values that replaced a different current value (a new version).
    pub updated: usize,
    /// Values equal to the current ones (nothing written).
    pub unchanged: usize,
}

/// Where a row is, in the words of its file kind.
fn place(kind: UploadKind, line: u64) -> String {
    match kind {
        UploadKind::Csv => format!("line {line}"),
        UploadKind::Workbook => format!("Sheet {INPUT_SHEET} row {line}"),
    }
}

/// Every row the staff member may not record, named with its place.
pub fn out_of_scope(
    staff: &Staff,
    plan: &Plan,
    kind: UploadKind,
    rows: &[ActualRow],
) -> Vec<String> {
    rows.iter()
        .filter(|r| !allows(staff, Permission::RecordActual(&r.value.indicator), plan))
        .map(|r| {
            let name = plan
                .indicator(&r.value.indicator)
                .map_or("", |i| i.name.as_str());
            format!(
                "{}: {} {} is outside your departments' scope",
                place(kind, r.line),
                r.value.indicator,
                name
            )
        })
        .collect()
}

/// Reads an upload of a known kind into its rows (and a workbook's meta).
fn read(
    kind: UploadKind,
    bytes: &[u8],
    plan: &Plan,
) -> Result<(Vec<ActualRow>, Option<WorkbookMeta>), AppError> {
    let lines = |errors: Vec<String>| AppError::Invalid(errors);
    match kind {
        UploadKind::Csv => read_actuals(bytes, plan)
            .map(|f| (f.rows, None))
            .map_err(|e| lines(e.errors.iter().map(ToString::to_string).collect())),
        UploadKind::Workbook => read_workbook(bytes, plan)
            .map(|f| (f.rows, Some(f.meta)))
            .map_err(|e| lines(e.errors.iter().map(ToString::to_string).collect())),
    }
}

impl App {
    /// Imports an uploaded actuals file for `staff`, all or nothing: an
    /// unrecognised file is `Invalid`, every reading problem is listed
    /// (`Invalid`, with line or sheet/row/column), every row outside the
    /// uploader's scope is listed (`Forbidden`, one row per line of the
    /// message), and only then are the values stored in one transaction.
    ///
    /// Scope is decided as the organisation stands in `year` (the fiscal
    /// year of the upload): on [`App::acting_plan`], for `staff` as
    /// resolved by [`App::acting_staff`].
    pub async fn import_upload(
        &self,
        code: &str,
        bytes: &[u8],
        staff: &Staff,
        year: FiscalYear,
        actor: &Actor,
    ) -> Result<UploadSummary, AppError> {
        let kind = sniff(bytes).ok_or_else(|| {
            AppError::Invalid(vec![
                "the file is neither an actuals CSV (UTF-8 or Shift_JIS text) nor an entry workbook (.xlsx)".into(),
            ])
        })?;
        let plan = self.current_plan(code).await?;
        let (rows, workbook) = read(kind, bytes, &plan)?;
        let acting = self.acting_plan(code, year).await?;
        let staff = self.acting_staff(code, staff.clone(), year).await?;
        let refused = out_of_scope(&staff, &acting, kind, &rows);
        if !refused.is_empty() {
            return Err(AppError::Forbidden(refused.join("\n")));
        }
        let existing: HashSet<(String, i32)> = self
            .current_actuals(code)
            .await?
            .into_iter()
            .map(|a| (a.value.indicator.to_string(), a.value.fiscal_year().year()))
            .collect();
        let values: Vec<ActualValue> = rows.into_iter().map(|r| r.value).collect();
        let inserted = values
            .iter()
            .filter(|v| !existing.contains(&(v.indicator.to_string(), v.fiscal_year().year())))
            .count();
        let summary = self.store().import_actuals(code, &values, &actor.0).await?;
        Ok(UploadSummary {
            kind,
            workbook,
            rows: values.len(),
            inserted,
            updated: summary.recorded.saturating_sub(inserted),
            unchanged: summary.unchanged,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_recognised_by_content() {
        assert_eq!(sniff(b"indicator,period,value\n"), Some(UploadKind::Csv));
        let cp932 = [0x8e, 0x77, 0x95, 0x57, b',', b'\n']; // 指標 in Shift_JIS
        assert_eq!(sniff(&cp932), Some(UploadKind::Csv));
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(UploadKind::Workbook));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None);
        assert_eq!(sniff(b"a,b\n\x01\x02,c\n"), None);
        assert_eq!(sniff(b"\xff\xfei\0n\0"), None, "UTF-16");
    }
}
