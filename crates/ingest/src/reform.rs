//! Administrative reform files (行財政改革 CSV): the reader behind
//! `keikaku reform import FILE` and the staff upload.
//!
//! Two kinds of file, told apart by their header:
//!
//! - **reform items** (取組一覧): `id,名称,担当部,目標,目標年度,事業,中項目,重点事業`
//!   (English: `id,title,department,target,target_year,programs,items,key_initiatives`);
//!   the department is an ID or a name the plan prints, links are separated
//!   by `;` (事業: initiative IDs of the budget catalogue; 中項目: policy item
//!   IDs or names; 重点事業: key initiative IDs or names);
//! - **statuses** (進捗状況): `id,年度,状況,備考` (English: `id,year,status,note`);
//!   the status is 未着手 / 実施中 / 完了 / 見直し / 中止 (or `not_started`,
//!   `in_progress`, `done`, `revised`, `dropped`), the year any fiscal-year
//!   label (`2024`, `令和6年度`, `R6`, `FY2024`).
//!
//! [`read_reform`] decodes the bytes ([`crate::actuals::decode`]: UTF-8,
//! UTF-8 with BOM or Shift_JIS/CP932), reads the header (names matched after
//! width folding, ASCII case ignored, in any order) and checks every row: the
//! syntax of each cell, IDs unique in the file, then the model's own checks
//! against the plan and the caller's known initiatives and reform items
//! ([`ReformItem::check`], [`ReformStatus::check`]). Every problem is
//! reported with its physical line and its column as written in the header,
//! and nothing is yielded when there is any: all or nothing. The format is
//! documented in `docs/reform.md`.

use crate::actuals::{Encoding, RowError, decode};
use crate::csv_lines::Lines;
use csv::StringRecord;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, KeyInitiativeId, PolicyItemId, ProgramId, ReformId};
use keikaku_model::plan::Plan;
use keikaku_model::reform::{ReformError, ReformField, ReformItem, ReformStatus, Status};
use keikaku_model::text::fold_width;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// Which table a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReformKind {
    /// Reform items (取組一覧).
    Items,
    /// Statuses per fiscal year (進捗状況).
    Statuses,
}

/// A decoded and validated reform file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReformFile {
    /// The encoding the file was written in.
    pub encoding: Encoding,
    /// What the file holds.
    pub kind: ReformKind,
    /// Reform items, in file order (empty for a status file).
    pub items: Vec<ReformItem>,
    /// Statuses, in file order (empty for an items file).
    pub statuses: Vec<ReformStatus>,
}

/// Every problem of a reform file, in file order (header problems first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReformCsvError {
    /// The problems; never empty when returned by this module.
    pub errors: Vec<RowError>,
}

impl fmt::Display for ReformCsvError {
    /// One problem per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ReformCsvError {}

/// What rows are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// The current plan (departments, policy items, key initiatives, period).
    pub plan: &'a Plan,
    /// Initiative IDs of the budget catalogue.
    pub programs: &'a BTreeSet<ProgramId>,
    /// Reform items already stored (a status file may name only these).
    pub items: &'a BTreeSet<ReformId>,
}

/// A column a reform file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Id,
    Title,
    Department,
    Target,
    TargetYear,
    Programs,
    Items,
    KeyInitiatives,
    Year,
    Status,
    Note,
}

impl Col {
    const ALL: [Col; 11] = [
        Col::Id,
        Col::Title,
        Col::Department,
        Col::Target,
        Col::TargetYear,
        Col::Programs,
        Col::Items,
        Col::KeyInitiatives,
        Col::Year,
        Col::Status,
        Col::Note,
    ];

    fn field(self) -> ReformField {
        match self {
            Col::Id => ReformField::Id,
            Col::Title => ReformField::Title,
            Col::Department => ReformField::Department,
            Col::Target => ReformField::Target,
            Col::TargetYear => ReformField::TargetYear,
            Col::Programs => ReformField::Programs,
            Col::Items => ReformField::Items,
            Col::KeyInitiatives => ReformField::KeyInitiatives,
            Col::Year => ReformField::Year,
            Col::Status => ReformField::Status,
            Col::Note => ReformField::Note,
        }
    }

    fn of(field: ReformField) -> Col {
        Col::ALL
            .into_iter()
            .find(|c| c.field() == field)
            .unwrap_or(Col::Id)
    }

    /// Header names accepted besides the English field name.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Col::Id => &["item", "取組id", "番号"],
            Col::Title => &["name", "名称", "取組", "取組名"],
            Col::Department => &["担当部", "担当部局", "所管部"],
            Col::Target => &["目標"],
            Col::TargetYear => &["目標年度"],
            Col::Programs => &["program", "事業"],
            Col::Items => &["policy_items", "中項目"],
            Col::KeyInitiatives => &["key_initiative", "重点事業"],
            Col::Year => &["fiscal_year", "年度"],
            Col::Status => &["状況", "進捗状況"],
            Col::Note => &["備考"],
        }
    }

    fn from_header(key: &str) -> Option<Col> {
        let key = key.to_ascii_lowercase();
        Col::ALL
            .into_iter()
            .find(|c| c.field().name() == key || c.aliases().contains(&key.as_str()))
    }

    fn describe(self) -> String {
        format!("{} ({})", self.field().name(), self.aliases().join(", "))
    }
}

const ITEM_COLUMNS: [Col; 8] = [
    Col::Id,
    Col::Title,
    Col::Department,
    Col::Target,
    Col::TargetYear,
    Col::Programs,
    Col::Items,
    Col::KeyInitiatives,
];
const ITEM_REQUIRED: [Col; 4] = [Col::Id, Col::Title, Col::Department, Col::Target];
const STATUS_COLUMNS: [Col; 4] = [Col::Id, Col::Year, Col::Status, Col::Note];
const STATUS_REQUIRED: [Col; 3] = [Col::Id, Col::Year, Col::Status];

fn header_key(written: &str) -> String {
    fold_width(written)
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .to_owned()
}

/// The header: which column holds what, as written.
struct Header {
    kind: ReformKind,
    at: BTreeMap<Col, (usize, String)>,
    width: usize,
}

impl Header {
    fn read(record: &StringRecord, line: u64, errors: &mut Vec<RowError>) -> Option<Header> {
        let cells: Vec<(String, Option<Col>)> = record
            .iter()
            .map(|h| {
                let key = header_key(h);
                let col = Col::from_header(&key);
                (key, col)
            })
            .collect();
        let has = |c: Col| cells.iter().any(|(_, x)| *x == Some(c));
        let (kind, allowed, required): (ReformKind, &[Col], &[Col]) = if has(Col::Status) {
            (ReformKind::Statuses, &STATUS_COLUMNS, &STATUS_REQUIRED)
        } else if has(Col::Title) {
            (ReformKind::Items, &ITEM_COLUMNS, &ITEM_REQUIRED)
        } else {
            errors.push(RowError::new(
                line,
                "",
                "the first row is not the header of a reform file: an items file has the columns id,名称,担当部,目標 (id,title,department,target), a status file id,年度,状況 (id,year,status)",
            ));
            return None;
        };
        let kind_name = match kind {
            ReformKind::Items => "a reform items file",
            ReformKind::Statuses => "a status file",
        };
        let accepted = allowed
            .iter()
            .map(|c| c.describe())
            .collect::<Vec<_>>()
            .join(", ");
        let mut header = Header {
            kind,
            at: BTreeMap::new(),
            width: cells.len(),
        };
        for (i, (name, col)) in cells.into_iter().enumerate() {
            match col {
                Some(c) if allowed.contains(&c) => {
                    if let Some((_, first)) = header.at.get(&c) {
                        errors.push(RowError::new(
                            line,
                            name.clone(),
                            format!(
                                "columns 「{first}」 and 「{name}」 both mean {}: keep one of them",
                                c.field()
                            ),
                        ));
                    } else {
                        header.at.insert(c, (i, name));
                    }
                }
                _ if name.is_empty() => errors.push(RowError::new(
                    line,
                    "",
                    format!("column {} has no name: name it or remove it", i + 1),
                )),
                _ => errors.push(RowError::new(
                    line,
                    name.clone(),
                    format!(
                        "unknown column 「{name}」 for {kind_name}: accepted columns are {accepted}"
                    ),
                )),
            }
        }
        let mut complete = true;
        for c in required {
            if !header.at.contains_key(c) {
                complete = false;
                errors.push(RowError::new(
                    line,
                    "",
                    format!("missing required column {} of {kind_name}", c.describe()),
                ));
            }
        }
        complete.then_some(header)
    }

    fn cell<'r>(&self, record: &'r StringRecord, c: Col) -> &'r str {
        self.at
            .get(&c)
            .and_then(|(i, _)| record.get(*i))
            .map_or("", str::trim)
    }

    fn name(&self, c: Col) -> String {
        self.at
            .get(&c)
            .map_or_else(|| c.field().name().to_string(), |(_, n)| n.clone())
    }
}

/// Decodes and reads a reform file, checking every row.
pub fn read_reform(bytes: &[u8], known: Known<'_>) -> Result<ReformFile, ReformCsvError> {
    let (text, encoding) = decode(bytes).map_err(|e| ReformCsvError { errors: vec![e] })?;
    let (kind, items, statuses) = parse_reform(&text, known)?;
    Ok(ReformFile {
        encoding,
        kind,
        items,
        statuses,
    })
}

/// The rows of a valid file.
type Parsed = (ReformKind, Vec<ReformItem>, Vec<ReformStatus>);

/// Reads already decoded CSV text; see [`read_reform`].
pub fn parse_reform(text: &str, known: Known<'_>) -> Result<Parsed, ReformCsvError> {
    let lines = Lines::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    let mut errors = Vec::new();
    let mut header: Option<Option<(Header, u64)>> = None;
    let mut rows = Rows::new(known);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                errors.push(RowError::new(
                    lines.of(e.position()),
                    "",
                    format!("cannot read the file as CSV: {e}"),
                ));
                break;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = lines.of(record.position());
        match &header {
            None => {
                header = Some(Header::read(&record, line, &mut errors).map(|h| (h, line)));
                if matches!(header, Some(None)) {
                    break;
                }
            }
            Some(Some((h, _))) => rows.row(h, &record, line, &mut errors),
            Some(None) => break,
        }
    }
    let kind = match header {
        None => {
            errors.push(RowError::new(
                0,
                "",
                "the file is empty: expected a header row such as id,名称,担当部,目標 or id,年度,状況 and one row per item or status",
            ));
            ReformKind::Items
        }
        Some(None) => ReformKind::Items,
        Some(Some((h, line))) => {
            if rows.count == 0 {
                errors.push(RowError::new(
                    line,
                    "",
                    "the file has a header but no rows: expected one row per item or status after the header",
                ));
            }
            h.kind
        }
    };
    if errors.is_empty() {
        Ok((kind, rows.items, rows.statuses))
    } else {
        Err(ReformCsvError { errors })
    }
}

/// The rows read so far, with what is needed to spot duplicates.
struct Rows<'a> {
    known: Known<'a>,
    count: usize,
    items: Vec<ReformItem>,
    statuses: Vec<ReformStatus>,
    ids: BTreeMap<ReformId, u64>,
    item_years: BTreeMap<(ReformId, FiscalYear), u64>,
}

impl<'a> Rows<'a> {
    fn new(known: Known<'a>) -> Self {
        Rows {
            known,
            count: 0,
            items: Vec::new(),
            statuses: Vec::new(),
            ids: BTreeMap::new(),
            item_years: BTreeMap::new(),
        }
    }

    fn row(&mut self, h: &Header, record: &StringRecord, line: u64, errors: &mut Vec<RowError>) {
        self.count += 1;
        if record.len() != h.width {
            errors.push(RowError::new(
                line,
                "",
                format!(
                    "the row has {} fields but the header has {}: check for a missing or extra comma, and quote values that contain commas",
                    record.len(),
                    h.width
                ),
            ));
            return;
        }
        let mut problems = Vec::new();
        match h.kind {
            ReformKind::Items => {
                if let Some(item) = self.item(h, record, line, &mut problems) {
                    self.items.push(item);
                }
            }
            ReformKind::Statuses => {
                if let Some(s) = self.status(h, record, line, &mut problems) {
                    self.statuses.push(s);
                }
            }
        }
        errors.extend(
            problems
                .into_iter()
                .map(|(c, reason)| RowError::new(line, h.name(c), reason)),
        );
    }

    fn id(
        &self,
        h: &Header,
        record: &StringRecord,
        problems: &mut Vec<(Col, String)>,
    ) -> Option<ReformId> {
        ReformId::new(h.cell(record, Col::Id))
            .map_err(|e| problems.push((Col::Id, e.to_string())))
            .ok()
    }

    fn item(
        &mut self,
        h: &Header,
        record: &StringRecord,
        line: u64,
        problems: &mut Vec<(Col, String)>,
    ) -> Option<ReformItem> {
        let plan = self.known.plan;
        let id = self.id(h, record, problems);
        if let Some(id) = &id {
            if let Some(first) = self.ids.get(id) {
                problems.push((
                    Col::Id,
                    format!("{id} is already on line {first}: each item has one row"),
                ));
            } else {
                self.ids.insert(id.clone(), line);
            }
        }
        let department = department(plan, h.cell(record, Col::Department))
            .map_err(|e| problems.push((Col::Department, e)))
            .ok();
        let target_year = match h.cell(record, Col::TargetYear) {
            "" => Some(None),
            text => fiscal_year(text)
                .map_err(|e| problems.push((Col::TargetYear, e)))
                .ok()
                .map(Some),
        };
        let programs = list(h.cell(record, Col::Programs), |s| {
            ProgramId::new(s).map_err(|e| e.to_string())
        })
        .map_err(|e| problems.push((Col::Programs, e)))
        .ok();
        let items = list(h.cell(record, Col::Items), |s| policy_item(plan, s))
            .map_err(|e| problems.push((Col::Items, e)))
            .ok();
        let keys = list(h.cell(record, Col::KeyInitiatives), |s| {
            key_initiative(plan, s)
        })
        .map_err(|e| problems.push((Col::KeyInitiatives, e)))
        .ok();
        let item = ReformItem {
            id: id?,
            title: h.cell(record, Col::Title).to_string(),
            department: department?,
            target: h.cell(record, Col::Target).to_string(),
            target_year: target_year?,
            programs: programs?,
            items: items?,
            key_initiatives: keys?,
        };
        model_problems(item.check(plan, self.known.programs), problems)?;
        Some(item)
    }

    fn status(
        &mut self,
        h: &Header,
        record: &StringRecord,
        line: u64,
        problems: &mut Vec<(Col, String)>,
    ) -> Option<ReformStatus> {
        let id = self.id(h, record, problems);
        let year = fiscal_year(h.cell(record, Col::Year))
            .map_err(|e| problems.push((Col::Year, e)))
            .ok();
        let status = Status::from_str(h.cell(record, Col::Status))
            .map_err(|e| problems.push((Col::Status, e.to_string())))
            .ok();
        if let (Some(id), Some(year)) = (&id, year) {
            let key = (id.clone(), year);
            if let Some(first) = self.item_years.get(&key) {
                problems.push((
                    Col::Year,
                    format!(
                        "the status of {id} in FY{} is already on line {first}: one row per item and year",
                        year.year()
                    ),
                ));
            } else {
                self.item_years.insert(key, line);
            }
        }
        let s = ReformStatus {
            item: id?,
            year: year?,
            status: status?,
            note: h.cell(record, Col::Note).to_string(),
        };
        model_problems(s.check(self.known.plan, self.known.items), problems)?;
        Some(s)
    }
}

/// Adds the model's findings, each at its field's column; `None` when any.
fn model_problems(
    result: Result<(), Vec<ReformError>>,
    problems: &mut Vec<(Col, String)>,
) -> Option<()> {
    let Err(found) = result else {
        return Some(());
    };
    for e in found {
        let field = e.field();
        let text = e.to_string();
        let reason = text
            .strip_prefix(&format!("{}: ", field.name()))
            .unwrap_or(&text)
            .to_string();
        problems.push((Col::of(field), reason));
    }
    None
}

fn fiscal_year(text: &str) -> Result<FiscalYear, String> {
    if text.is_empty() {
        return Err("empty: expected a fiscal year such as 2024, 令和6年度 or R6".into());
    }
    FiscalYear::from_str(text).map_err(|e| format!("「{text}」 is not a fiscal year: {e}"))
}

/// Splits a multi-valued cell at `;` (full-width `；` too) and parses each part.
fn list<T>(cell: &str, parse: impl Fn(&str) -> Result<T, String>) -> Result<Vec<T>, String> {
    let folded = fold_width(cell);
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for part in folded.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match parse(part) {
            Ok(v) => out.push(v),
            Err(e) => bad.push(e),
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad.join("; "))
    }
}

/// A department by ID or by the name the plan prints.
fn department(plan: &Plan, cell: &str) -> Result<DepartmentId, String> {
    if cell.is_empty() {
        return Err("empty: expected the owning department's ID or name".into());
    }
    if let Some(d) = plan
        .departments
        .iter()
        .find(|d| d.id.as_str() == cell || d.name == cell)
    {
        return Ok(d.id.clone());
    }
    // A well-formed ID the plan does not have is reported by the model's check.
    DepartmentId::new(cell).map_err(|_| {
        let known: Vec<String> = plan
            .departments
            .iter()
            .map(|d| format!("{} {}", d.id, d.name))
            .collect();
        format!(
            "no department 「{cell}」 in the plan: use an ID or a name (known: {})",
            known.join(", ")
        )
    })
}

/// A policy item by ID or by its name.
fn policy_item(plan: &Plan, part: &str) -> Result<PolicyItemId, String> {
    let mut all = plan.fields.iter().flat_map(|f| &f.items);
    if let Some(i) = all.find(|i| i.id.as_str() == part || i.name == part) {
        return Ok(i.id.clone());
    }
    PolicyItemId::new(part).map_err(|_| {
        format!("no policy item 「{part}」 in the plan: use its ID (e.g. F4-02) or name")
    })
}

/// A key initiative (or heading) by ID or by its name.
fn key_initiative(plan: &Plan, part: &str) -> Result<KeyInitiativeId, String> {
    for g in &plan.key_initiatives {
        if g.id.as_str() == part || g.heading == part {
            return Ok(g.id.clone());
        }
        if let Some(k) = g
            .initiatives
            .iter()
            .find(|k| k.id.as_str() == part || k.name == part)
        {
            return Ok(k.id.clone());
        }
    }
    KeyInitiativeId::new(part).map_err(|_| {
        format!("no key initiative 「{part}」 in the plan: use its ID (e.g. V2-1) or name")
    })
}
