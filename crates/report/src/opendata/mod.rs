//! Open data (オープンデータ): the plan's indicators, targets, published
//! actuals and grades as tidy tables, written as CSV (UTF-8, UTF-8 with BOM,
//! or CP932), JSON, and a Frictionless Tabular Data Package
//! (`datapackage.json`) licensed CC BY 4.0.
//!
//! Following the Digital Agency's rules for machine-readable data: one
//! table per file with a single header row; the 全国地方公共団体コード column
//! first; numbers without units or separators in value columns (exact, as
//! written: `45.0` stays `45.0`), units in their own column; fiscal years as
//! Western years with the era label in a column beside them (`令和6年度`),
//! dates as ISO `YYYY-MM-DD`; a missing figure is an absent row, never 0.
//!
//! Everything here is pure: [`tables`] builds the tables from the plan and
//! the *published* values the caller passes in, [`render`] turns them into
//! files (names and bytes). Writing them to a directory is the caller's
//! job. The format is documented in `docs/open-data.md`.

mod budget;
mod encode;
mod package;
mod tables;

pub use encode::Encoding;
pub use tables::{OpenDataInput, tables};

use rust_decimal::Decimal;

/// A field's type in the table schema (Frictionless Table Schema types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A decimal number.
    Number,
    /// An ISO date `YYYY-MM-DD`.
    Date,
    /// A (fiscal) year `YYYY`.
    Year,
}

impl FieldType {
    /// The Table Schema name of the type.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Year => "year",
        }
    }
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The header, as written in the CSV (Japanese).
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// What it holds, in English.
    pub description: &'static str,
}

/// A cell value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Nothing (an empty cell).
    Empty,
    /// Text.
    Text(String),
    /// A whole number (counts, years).
    Int(i64),
    /// An exact decimal, written with its scale.
    Number(Decimal),
}

impl Cell {
    /// The cell as CSV text: numbers as plain decimals (`1026000`, `45.0`,
    /// `-3`), no thousands separators, no units.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Number(d) => d.to_string(),
        }
    }
}

/// A text cell, or an empty one for `None`.
pub(crate) fn text(s: Option<impl Into<String>>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
}

/// One tidy table: one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The resource name and file stem (`indicators`).
    pub name: &'static str,
    /// What the table is, in Japanese.
    pub title: &'static str,
    /// Its columns.
    pub fields: Vec<Field>,
    /// The fields that identify a row.
    pub primary_key: Vec<&'static str>,
    /// Fields referring to `indicators` (or another table): (field, table, field).
    pub foreign_keys: Vec<(&'static str, &'static str, &'static str)>,
    /// The rows, each as wide as `fields`.
    pub rows: Vec<Vec<Cell>>,
}

/// How the CSV files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The CSV encoding.
    pub encoding: Encoding,
}

/// A file to write: its name in the output directory and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// File name, e.g. `indicators.csv`.
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Why the open data could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenDataError {
    /// A character has no CP932 code (〜 U+301C is mapped to ～ U+FF5E first).
    #[error(
        "{file} row {row} column {column}: 「{character}」 (U+{code:04X}) cannot be written in CP932 (Shift_JIS): write the open data as UTF-8 (--encoding utf-8), or correct the text in the plan"
    )]
    Unmappable {
        /// The file.
        file: String,
        /// The 1-based CSV row (the header is row 1).
        row: usize,
        /// The column's header.
        column: String,
        /// The character.
        character: char,
        /// Its code point.
        code: u32,
    },
    /// The CSV writer failed (a bug, not user input).
    #[error("cannot write {file}: {message}")]
    Csv {
        /// The file.
        file: String,
        /// What failed.
        message: String,
    },
}

/// Renders the tables as files: for each table `NAME.csv` (in the chosen
/// encoding) and `NAME.json` (UTF-8), then `datapackage.json`. Every cell
/// is checked before anything is produced: an unmappable character for
/// CP932 is an error naming the file, row and column.
pub fn render(
    tables: &[Table],
    meta: &package::PackageMeta,
    options: Options,
) -> Result<Vec<OutputFile>, OpenDataError> {
    for table in tables {
        encode::check_table(table, options.encoding)?;
    }
    let mut files = Vec::new();
    for table in tables {
        files.push(OutputFile {
            name: format!("{}.csv", table.name),
            bytes: encode::csv(table, options.encoding)?,
        });
        files.push(OutputFile {
            name: format!("{}.json", table.name),
            bytes: package::json_rows(table),
        });
    }
    files.push(OutputFile {
        name: "datapackage.json".to_owned(),
        bytes: package::datapackage(tables, meta, options.encoding),
    });
    Ok(files)
}

pub use package::PackageMeta;
