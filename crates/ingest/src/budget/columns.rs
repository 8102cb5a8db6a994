//! The header rows of budget tables: which column holds what, and so which
//! kind of table it is. Names match after width folding and trimming,
//! ignoring ASCII case, in any order; each has a Japanese alias.

use super::Kind;
use super::Problem;
use super::table::Table;
use keikaku_model::text::fold_width;
use std::collections::HashMap;

/// A column of a budget table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Col {
    Id,
    Name,
    Department,
    KeyInitiative,
    Projects,
    Directions,
    Items,
    Indicators,
    Year,
    Initial,
    Supplementary,
    Settlement,
    General,
    Grants,
    Bonds,
    Other,
    Fte,
    UnitCost,
}

/// Columns of the initiative catalogue, required first.
pub(crate) const PROGRAM_COLS: [Col; 8] = [
    Col::Id,
    Col::Name,
    Col::Department,
    Col::KeyInitiative,
    Col::Projects,
    Col::Directions,
    Col::Items,
    Col::Indicators,
];
const PROGRAM_REQUIRED: usize = 3;

/// Columns of budget lines, required first.
pub(crate) const LINE_COLS: [Col; 11] = [
    Col::Id,
    Col::Year,
    Col::Initial,
    Col::Supplementary,
    Col::Settlement,
    Col::General,
    Col::Grants,
    Col::Bonds,
    Col::Other,
    Col::Fte,
    Col::UnitCost,
];
const LINE_REQUIRED: usize = 3;

impl Col {
    /// The English header name.
    pub(crate) fn name(self, kind: Kind) -> &'static str {
        match self {
            Col::Id if kind == Kind::Lines => "program",
            Col::Id => "id",
            Col::Name => "name",
            Col::Department => "department",
            Col::KeyInitiative => "key_initiative",
            Col::Projects => "projects",
            Col::Directions => "directions",
            Col::Items => "items",
            Col::Indicators => "indicators",
            Col::Year => "year",
            Col::Initial => "initial",
            Col::Supplementary => "supplementary",
            Col::Settlement => "settlement",
            Col::General => "general",
            Col::Grants => "grants",
            Col::Bonds => "bonds",
            Col::Other => "other",
            Col::Fte => "fte",
            Col::UnitCost => "unit_cost",
        }
    }

    /// The Japanese header names.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Col::Id => &["事業ID", "事業id", "事業コード"],
            Col::Name => &["事業名"],
            Col::Department => &["担当部", "所管部", "主管部"],
            Col::KeyInitiative => &["重点事業"],
            Col::Projects => &["プロジェクト"],
            Col::Directions => &["施策の方向"],
            Col::Items => &["中項目", "施策"],
            Col::Indicators => &["指標", "成果指標"],
            Col::Year => &["年度"],
            Col::Initial => &["当初予算", "当初"],
            Col::Supplementary => &["補正予算", "補正"],
            Col::Settlement => &["決算", "決算額"],
            Col::General => &["一般財源"],
            Col::Grants => &["国県支出金"],
            Col::Bonds => &["地方債"],
            Col::Other => &["その他"],
            Col::Fte => &["人工", "従事人数"],
            Col::UnitCost => &["人件費単価", "単価"],
        }
    }

    fn matches(self, kind: Kind, written: &str) -> bool {
        let w = fold_width(written.trim());
        w.eq_ignore_ascii_case(self.name(kind))
            || (self == Col::Id && kind == Kind::Lines && w.eq_ignore_ascii_case("id"))
            || self.aliases().iter().any(|a| fold_width(a) == w)
    }
}

/// Where each column of a header is.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub kind: Kind,
    at: HashMap<Col, usize>,
    written: HashMap<Col, String>,
}

impl Columns {
    /// The cell of `col` in `row`, trimmed ("" when the column is absent).
    pub fn cell<'r>(&self, row: &'r [String], col: Col) -> &'r str {
        self.at
            .get(&col)
            .and_then(|&i| row.get(i))
            .map_or("", |s| s.trim())
    }

    /// The header of `col` as written (its English name when absent).
    pub fn header(&self, col: Col) -> String {
        self.written
            .get(&col)
            .cloned()
            .unwrap_or_else(|| col.name(self.kind).to_owned())
    }

    /// The header's width.
    pub fn width(&self) -> usize {
        self.at.values().max().map_or(0, |m| m + 1)
    }
}

/// Tells the table's kind from its header and maps its columns; pushes a
/// problem and returns `None` when the header is neither kind or is incomplete.
pub(crate) fn kind(table: &Table, problems: &mut Vec<Problem>) -> Option<Columns> {
    let has = |kind: Kind, col: Col| table.header.iter().any(|h| col.matches(kind, h));
    let kind = if has(Kind::Lines, Col::Initial) || has(Kind::Lines, Col::Year) {
        Kind::Lines
    } else if has(Kind::Programs, Col::Name) || has(Kind::Programs, Col::Department) {
        Kind::Programs
    } else {
        problems.push(table.problem(
            table.header_line,
            "",
            "the header is neither an initiative catalogue (事業ID,事業名,担当部,…) nor budget lines (事業ID,年度,当初予算,…)",
        ));
        return None;
    };
    let (cols, required): (&[Col], usize) = match kind {
        Kind::Programs => (&PROGRAM_COLS, PROGRAM_REQUIRED),
        Kind::Lines => (&LINE_COLS, LINE_REQUIRED),
    };
    let mut at = HashMap::new();
    let mut written = HashMap::new();
    let before = problems.len();
    for (i, h) in table.header.iter().enumerate() {
        match cols.iter().find(|c| c.matches(kind, h)) {
            Some(c) if at.contains_key(c) => {
                problems.push(table.problem(table.header_line, h, "this column appears twice"))
            }
            Some(c) => {
                at.insert(*c, i);
                written.insert(*c, h.clone());
            }
            None => problems.push(table.problem(
                table.header_line,
                h,
                format!(
                    "unknown column: expected {}",
                    cols.iter()
                        .map(|c| format!("{} ({})", c.aliases()[0], c.name(kind)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    for c in &cols[..required] {
        if !at.contains_key(c) {
            problems.push(table.problem(
                table.header_line,
                "",
                format!(
                    "the required column {} ({}) is missing",
                    c.aliases()[0],
                    c.name(kind)
                ),
            ));
        }
    }
    (problems.len() == before).then_some(Columns { kind, at, written })
}
