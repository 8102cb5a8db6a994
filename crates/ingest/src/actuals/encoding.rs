//! Text encodings of actuals files: UTF-8 (with or without a byte order
//! mark) and Shift_JIS as Windows writes it (CP932).
//!
//! Municipal spreadsheets are saved as "CSV UTF-8" (UTF-8 with a BOM), plain
//! UTF-8, or "CSV" in CP932; some tools write UTF-16. [`decode`] sniffs the
//! byte order mark, then tries UTF-8, then CP932, and refuses everything else
//! with the byte offset (and line) of the first byte it cannot read, so that
//! mojibake never reaches the data.

use super::RowError;
use serde::Serialize;
use std::fmt;

/// The text encoding an actuals file was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark, as Excel's "CSV UTF-8" writes it.
    Utf8Bom,
    /// Shift_JIS as Windows writes it: CP932 (Windows-31J), including the NEC
    /// and IBM extensions (①, Ⅱ, 髙 …). Excel's plain "CSV" on Japanese Windows.
    ShiftJis,
}

impl Encoding {
    /// A human-readable name: `UTF-8`, `UTF-8 (BOM)`, `Shift_JIS (CP932)`.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::ShiftJis => "Shift_JIS (CP932)",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16_LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16_BE_BOM: &[u8] = b"\xFE\xFF";

const SAVE_AS: &str =
    "save it as \"CSV UTF-8\" or as \"CSV\" (Shift_JIS / CP932) and import it again";

/// Decodes the bytes of an actuals file and says which encoding they were in.
///
/// 1. A UTF-8 byte order mark is stripped and the rest must be UTF-8
///    ([`Encoding::Utf8Bom`]).
/// 2. A UTF-16 byte order mark (either byte order) is refused with a request
///    to save the file as UTF-8 or CP932.
/// 3. A NUL byte is refused: text files have none, and UTF-16 without a
///    byte order mark is full of them.
/// 4. Valid UTF-8 is [`Encoding::Utf8`].
/// 5. Otherwise the bytes must decode as Shift_JIS / CP932
///    ([`Encoding::ShiftJis`]) without a single malformed sequence.
///    A file that is UTF-8 apart from a few damaged bytes (it contains more
///    well-formed multi-byte UTF-8 characters of three or more bytes than
///    malformed sequences) is refused too, at its first damaged byte, rather
///    than read as Shift_JIS mojibake.
///
/// Errors carry the 1-based line of the offending byte (0 for the whole
/// file), an empty column, and the byte offset (0-based) in the reason:
/// `the file is neither UTF-8 nor Shift_JIS (CP932): undecodable byte at offset 17`.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), RowError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match std::str::from_utf8(rest) {
            Ok(text) => {
                refuse_nul(bytes)?;
                Ok((text.to_owned(), Encoding::Utf8Bom))
            }
            Err(e) => {
                let offset = UTF8_BOM.len() + e.valid_up_to();
                Err(at_offset(
                    bytes,
                    offset,
                    format!(
                        "the file starts with a UTF-8 byte order mark but is not UTF-8: undecodable byte at offset {offset}"
                    ),
                ))
            }
        };
    }
    for (bom, order) in [
        (UTF16_LE_BOM, "little-endian"),
        (UTF16_BE_BOM, "big-endian"),
    ] {
        if bytes.starts_with(bom) {
            return Err(RowError::new(
                0,
                "",
                format!(
                    "the file is UTF-16 ({order} byte order mark), which is not supported: {SAVE_AS}"
                ),
            ));
        }
    }
    refuse_nul(bytes)?;
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_owned(), Encoding::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    let mostly_utf8 = looks_like_damaged_utf8(bytes);
    match decode_cp932(bytes) {
        Ok(text) if !mostly_utf8 => Ok((text, Encoding::ShiftJis)),
        Ok(_) => Err(neither(
            bytes,
            utf8_error,
            "; the rest of the file reads as UTF-8, so this byte is probably damaged",
        )),
        Err(_) if mostly_utf8 => Err(neither(
            bytes,
            utf8_error,
            "; the rest of the file mostly reads as UTF-8, so this byte is probably damaged",
        )),
        Err(cp932_error) => Err(neither(bytes, cp932_error, "")),
    }
}

/// Decodes CP932 without replacement; on a malformed sequence, the offset of
/// its first byte.
fn decode_cp932(bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let mut consumed = 0;
    loop {
        let rest = bytes.get(consumed..).unwrap_or_default();
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        consumed += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(text),
            encoding_rs::DecoderResult::OutputFull => text.reserve(rest.len().max(16) * 3),
            encoding_rs::DecoderResult::Malformed(length, after) => {
                return Err(consumed
                    .saturating_sub(usize::from(after))
                    .saturating_sub(usize::from(length)));
            }
        }
    }
}

/// True when the bytes hold more well-formed UTF-8 characters of three or
/// more bytes (kana, kanji, full-width forms) than malformed sequences:
/// Shift_JIS text almost never forms such sequences, damaged UTF-8 does.
fn looks_like_damaged_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| c.len_utf8() >= 3).count();
        if !chunk.invalid().is_empty() {
            malformed += 1;
        }
    }
    wide > malformed
}

fn refuse_nul(bytes: &[u8]) -> Result<(), RowError> {
    match bytes.iter().position(|&b| b == 0) {
        Some(offset) => Err(at_offset(
            bytes,
            offset,
            format!(
                "the file contains a NUL byte at offset {offset}: it is not a text file, or it is UTF-16 without a byte order mark; {SAVE_AS}"
            ),
        )),
        None => Ok(()),
    }
}

fn neither(bytes: &[u8], offset: usize, hint: &str) -> RowError {
    at_offset(
        bytes,
        offset,
        format!(
            "the file is neither UTF-8 nor Shift_JIS (CP932): undecodable byte at offset {offset}{hint}; {SAVE_AS}"
        ),
    )
}

/// An error at the line holding byte `offset` (`\n` is the line feed in both
/// UTF-8 and CP932 and never part of a multi-byte character).
fn at_offset(bytes: &[u8], offset: usize, reason: String) -> RowError {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let newlines = before.iter().filter(|&&b| b == b'\n').count();
    let line = u64::try_from(newlines)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    RowError::new(line, "", reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_encoding() {
        let plain = decode("指標,期間,値\n".as_bytes());
        assert_eq!(plain, Ok(("指標,期間,値\n".to_owned(), Encoding::Utf8)));
        let bom = decode(b"\xEF\xBB\xBFa\n");
        assert_eq!(bom, Ok(("a\n".to_owned(), Encoding::Utf8Bom)));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("指標,期間,値\n①髙～\n");
        assert_eq!(
            decode(&sjis),
            Ok(("指標,期間,値\n①髙～\n".to_owned(), Encoding::ShiftJis))
        );
    }

    #[test]
    fn reports_the_offset_and_line_of_the_first_bad_byte() {
        // 0x81 followed by 0x0A is a lead byte without its trail byte.
        let bytes = b"a,b\nc,\x81\n";
        let e = decode(bytes).err();
        let e = e.as_ref().map(|e| (e.line, e.reason.as_str()));
        assert!(
            matches!(e, Some((2, r)) if r.contains("undecodable byte at offset 6")),
            "{e:?}"
        );
    }

    #[test]
    fn refuses_damaged_utf8_instead_of_reading_mojibake() {
        let mut bytes = "指標,期間,値\n移住件数,2023年度,55\n".as_bytes().to_vec();
        let at = bytes.len() - 4;
        bytes.insert(at, 0xFF);
        let e = decode(&bytes).err();
        let e = e.as_ref().map(|e| (e.line, e.reason.as_str()));
        assert!(
            matches!(e, Some((2, r)) if r.contains(&format!("offset {at}")) && r.contains("damaged")),
            "{e:?}"
        );
    }

    #[test]
    fn refuses_utf16_and_nul_bytes() {
        for bytes in [&b"\xFF\xFEa\0"[..], b"\xFE\xFF\0a"] {
            let e = decode(bytes).err().map(|e| e.reason);
            assert!(e.is_some_and(|r| r.contains("UTF-16")));
        }
        let e = decode(b"a\0b\0").err().map(|e| e.reason);
        assert!(e.is_some_and(|r| r.contains("NUL byte at offset 1")));
    }
}
