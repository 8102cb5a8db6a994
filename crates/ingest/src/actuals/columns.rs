//! The header row of an actuals file: which column holds what.
//!
//! Column names are matched after width folding and trimming, ignoring ASCII
//! case, in any order; each has Japanese aliases. Unknown, duplicate and
//! missing required columns are errors on the header's line.

use super::RowError;
use csv::StringRecord;
use keikaku_model::text::fold_width;

/// A column an actuals file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// The indicator's ID or name (required).
    Indicator,
    /// The period the value is for (required).
    Period,
    /// The value (required).
    Value,
    /// The unit of the value (optional).
    Unit,
    /// Where the figure comes from (optional).
    Source,
    /// A free note (optional).
    Note,
}

impl Field {
    /// All columns, in documented order.
    pub(super) const ALL: [Field; 6] = [
        Field::Indicator,
        Field::Period,
        Field::Value,
        Field::Unit,
        Field::Source,
        Field::Note,
    ];

    /// The English header name, used in error messages.
    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Indicator => "indicator",
            Field::Period => "period",
            Field::Value => "value",
            Field::Unit => "unit",
            Field::Source => "source",
            Field::Note => "note",
        }
    }

    /// The Japanese header names accepted for the column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Indicator => &["指標"],
            Field::Period => &["期間"],
            Field::Value => &["値", "実績値"],
            Field::Unit => &["単位"],
            Field::Source => &["出典"],
            Field::Note => &["備考"],
        }
    }

    fn required(self) -> bool {
        matches!(self, Field::Indicator | Field::Period | Field::Value)
    }

    fn slot(self) -> usize {
        self as usize
    }

    /// `value (値, 実績値)`.
    fn describe(self) -> String {
        format!("{} ({})", self.name(), self.aliases().join(", "))
    }

    fn from_header(written: &str) -> Option<Field> {
        let key = header_key(written).to_ascii_lowercase();
        Field::ALL
            .into_iter()
            .find(|f| f.name() == key || f.aliases().contains(&key.as_str()))
    }
}

/// A header cell as compared: folded, trimmed, without a stray BOM.
fn header_key(written: &str) -> String {
    fold_width(written)
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .to_owned()
}

fn accepted() -> String {
    Field::ALL
        .into_iter()
        .map(Field::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where each column is in the file's rows.
#[derive(Debug, Clone)]
pub(super) struct Columns {
    at: [Option<usize>; 6],
    width: usize,
    unnamed: Vec<usize>,
}

impl Columns {
    /// Reads the header row found on `line`. Problems are pushed to
    /// `errors`; the columns are returned when the rows can be read, that is
    /// when every required column is present (unknown columns do not stop
    /// the rows from being checked).
    pub(super) fn read(
        header: &StringRecord,
        line: u64,
        errors: &mut Vec<RowError>,
    ) -> Option<Columns> {
        let cells: Vec<(String, Option<Field>)> = header
            .iter()
            .map(|h| (header_key(h), Field::from_header(h)))
            .collect();
        if cells.iter().all(|(_, f)| f.is_none()) {
            let tabs = if header.iter().any(|h| h.contains('\t')) {
                " (its columns are separated by tabs: save the file as comma-separated CSV)"
            } else {
                ""
            };
            errors.push(RowError::new(
                line,
                "",
                format!(
                    "the first row is not a header{tabs}: expected column names such as indicator,period,value (指標,期間,値); accepted columns are {}",
                    accepted()
                ),
            ));
            return None;
        }
        let mut columns = Columns {
            at: [None; 6],
            width: cells.len(),
            unnamed: Vec::new(),
        };
        let mut written: [&str; 6] = [""; 6];
        for (i, (name, field)) in cells.iter().enumerate() {
            match field {
                None if name.is_empty() => columns.unnamed.push(i),
                None => errors.push(RowError::new(
                    line,
                    name.clone(),
                    format!(
                        "unknown column 「{name}」: accepted columns are {}",
                        accepted()
                    ),
                )),
                Some(f) => match columns.at[f.slot()] {
                    Some(_) => errors.push(RowError::new(
                        line,
                        name.clone(),
                        format!(
                            "columns 「{}」 and 「{name}」 both mean {}: keep one of them",
                            written[f.slot()],
                            f.name()
                        ),
                    )),
                    None => {
                        columns.at[f.slot()] = Some(i);
                        written[f.slot()] = name;
                    }
                },
            }
        }
        let mut complete = true;
        for f in Field::ALL.into_iter().filter(|f| f.required()) {
            if columns.at[f.slot()].is_none() {
                complete = false;
                errors.push(RowError::new(
                    line,
                    "",
                    format!(
                        "missing required column {}: the header must name indicator, period and value",
                        f.describe()
                    ),
                ));
            }
        }
        complete.then_some(columns)
    }

    /// The number of columns of the header.
    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// Whether the file has the column.
    pub(super) fn has(&self, field: Field) -> bool {
        self.at[field.slot()].is_some()
    }

    /// The cell of a column in a row, untrimmed; empty when the file has no
    /// such column.
    pub(super) fn cell<'r>(&self, record: &'r StringRecord, field: Field) -> &'r str {
        self.at[field.slot()]
            .and_then(|i| record.get(i))
            .unwrap_or("")
    }

    /// Indexes (0-based) of columns whose header is empty.
    pub(super) fn unnamed(&self) -> &[usize] {
        &self.unnamed
    }
}
