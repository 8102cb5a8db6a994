//! CSV text and its encoding: UTF-8, UTF-8 with a BOM (for Excel), or
//! CP932 (Shift_JIS as Windows writes it, `encoding_rs::SHIFT_JIS`).
//!
//! CP932 has no 〜 (U+301C WAVE DASH): Windows maps its 0x8160 to ～
//! (U+FF5E FULLWIDTH TILDE), so 〜 is written as ～. Any other character
//! CP932 cannot hold is refused with the file, row and column, and nothing
//! is written: never an `&#12316;` or a `?` in its place.

use super::{Cell, OpenDataError, Table};

/// The encoding of the CSV files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 without BOM.
    #[default]
    Utf8,
    /// UTF-8 with a BOM (Excel opens it as UTF-8 on a double click).
    Utf8Bom,
    /// CP932 (Windows Shift_JIS).
    Cp932,
}

impl Encoding {
    /// The name stated in `datapackage.json` (Python codec names, which
    /// Frictionless uses): `utf-8`, `utf-8-sig`, `cp932`.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-sig",
            Encoding::Cp932 => "cp932",
        }
    }
}

/// 〜 (U+301C) as CP932 writes it: ～ (U+FF5E).
fn for_cp932(s: &str) -> String {
    s.replace('\u{301C}', "\u{FF5E}")
}

/// The first character of `s` CP932 cannot encode, if any.
fn unmappable(s: &str) -> Option<char> {
    let mapped = for_cp932(s);
    let (_, _, had_errors) = encoding_rs::SHIFT_JIS.encode(&mapped);
    if !had_errors {
        return None;
    }
    mapped.chars().find(|c| {
        let mut buf = [0u8; 4];
        encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf)).2
    })
}

/// Checks every header and cell of a table can be written in `encoding`.
pub(crate) fn check_table(table: &Table, encoding: Encoding) -> Result<(), OpenDataError> {
    if encoding != Encoding::Cp932 {
        return Ok(());
    }
    let file = format!("{}.csv", table.name);
    let error = |row: usize, column: &str, character: char| OpenDataError::Unmappable {
        file: file.clone(),
        row,
        column: column.to_owned(),
        character,
        code: u32::from(character),
    };
    for field in &table.fields {
        if let Some(c) = unmappable(field.name) {
            return Err(error(1, field.name, c));
        }
    }
    for (i, row) in table.rows.iter().enumerate() {
        for (field, cell) in table.fields.iter().zip(row) {
            if let Cell::Text(s) = cell
                && let Some(c) = unmappable(s)
            {
                return Err(error(i + 2, field.name, c));
            }
        }
    }
    Ok(())
}

/// The table as CSV bytes: one header row, CRLF line ends (RFC 4180),
/// fields quoted only when needed.
pub(crate) fn csv(table: &Table, encoding: Encoding) -> Result<Vec<u8>, OpenDataError> {
    let file = format!("{}.csv", table.name);
    let failed = |e: &dyn std::fmt::Display| OpenDataError::Csv {
        file: file.clone(),
        message: e.to_string(),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(table.fields.iter().map(|f| f.name))
        .map_err(|e| failed(&e))?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(Cell::text))
            .map_err(|e| failed(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| failed(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| failed(&e))?;
    Ok(match encoding {
        Encoding::Utf8 => text.into_bytes(),
        Encoding::Utf8Bom => {
            let mut out = "\u{FEFF}".as_bytes().to_vec();
            out.extend_from_slice(text.as_bytes());
            out
        }
        Encoding::Cp932 => {
            let mapped = for_cp932(&text);
            let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode(&mapped);
            if had_errors {
                // check_table ran first; this would be a bug.
                return Err(failed(&"a character cannot be written in CP932"));
            }
            bytes.into_owned()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wave_dash_is_mapped_and_others_refused() {
        assert_eq!(unmappable("2015〜2017年度 髙 﨑 ①"), None);
        assert_eq!(unmappable("😀"), Some('😀'));
        assert_eq!(unmappable("a\u{00E9}"), Some('\u{00E9}'));
    }
}
