//! The document as blocks of non-blank lines, with the line-level patterns
//! the plan's layout uses (section headings, numbered headings, bullets).
//!
//! PDF text extraction separates layout boxes with blank lines, so a block of
//! consecutive non-blank lines is the unit the section parsers work on.

use crate::error::DocumentError;
use keikaku_model::text::fold_width;

/// One source line: its 1-based number and its text without trailing space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: u32,
    /// Text, trimmed.
    pub text: &'a str,
}

/// Consecutive non-blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// The lines, at least one.
    pub lines: Vec<Line<'a>>,
}

impl<'a> Block<'a> {
    /// The first line.
    pub fn first(&self) -> Line<'a> {
        self.lines[0]
    }
    /// Line number of the first line.
    pub fn no(&self) -> u32 {
        self.lines[0].no
    }
    /// Whether the block is a bullet list (its first line is a bullet;
    /// later non-bullet lines continue the bullet before them).
    pub fn is_bullets(&self) -> bool {
        bullet_text(self.first().text).is_some()
    }
    /// Whether the block starts with a KPI table header (初期値 …).
    pub fn is_kpi_header(&self) -> bool {
        self.first().text.starts_with("初期値")
    }
}

/// Splits text into blocks. Whitespace-only lines count as blank.
pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut current: Vec<Line<'_>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_matches(|c: char| c.is_whitespace());
        let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if trimmed.is_empty() {
            if !current.is_empty() {
                out.push(Block {
                    lines: std::mem::take(&mut current),
                });
            }
        } else {
            current.push(Line { no, text: trimmed });
        }
    }
    if !current.is_empty() {
        out.push(Block { lines: current });
    }
    out
}

/// The roman-numeral section a line opens (`I 実施計画について` → 1), with its title.
pub fn section_heading(text: &str) -> Option<(u32, &str)> {
    let (numeral, title) = text.split_once(|c: char| c.is_whitespace())?;
    let n = match fold_width(numeral).as_str() {
        "I" | "Ⅰ" => 1,
        "II" | "Ⅱ" => 2,
        "III" | "Ⅲ" => 3,
        "IV" | "Ⅳ" => 4,
        "V" | "Ⅴ" => 5,
        _ => return None,
    };
    let title = title.trim();
    (!title.is_empty()).then_some((n, title))
}

/// A numbered heading `1 計画策定の趣旨` → (1, "計画策定の趣旨").
pub fn numbered_heading(text: &str) -> Option<(u32, &str)> {
    let (num, title) = text.split_once(|c: char| c.is_whitespace())?;
    let n: u32 = fold_width(num).parse().ok()?;
    let title = title.trim();
    (!title.is_empty()).then_some((n, title))
}

/// A parenthesised number at the start: `(1) 新型コロナ…` → (1, "新型コロナ…").
pub fn paren_numbered(text: &str) -> Option<(u32, &str)> {
    let folded_start = text.trim_start();
    let rest = folded_start
        .strip_prefix('(')
        .or_else(|| folded_start.strip_prefix('（'))?;
    let close = rest.find([')', '）'])?;
    let n: u32 = fold_width(&rest[..close]).trim().parse().ok()?;
    let after = &rest[close..];
    let after = after
        .strip_prefix(')')
        .or_else(|| after.strip_prefix('）'))?
        .trim();
    (!after.is_empty()).then_some((n, after))
}

/// The text of a bullet line, markers removed: `- ・text`, `- text`, `- ▶ name`, `・text`.
pub fn bullet_text(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("- ")
        .or_else(|| text.strip_prefix('・'))
        .or_else(|| text.strip_prefix('•'))?;
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix('・')
        .or_else(|| rest.strip_prefix('▶'))
        .or_else(|| rest.strip_prefix('►'))
        .unwrap_or(rest)
        .trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// Whether a bullet line uses the `▶` marker of section V's key initiatives.
pub fn is_arrow_bullet(text: &str) -> bool {
    text.strip_prefix("- ")
        .is_some_and(|r| r.trim_start().starts_with(['▶', '►']))
}

/// A cursor over the blocks of one document.
pub struct Cursor<'a> {
    blocks: Vec<Block<'a>>,
    pos: usize,
    last_line: u32,
}

impl<'a> Cursor<'a> {
    /// A cursor at the first block.
    pub fn new(text: &'a str) -> Self {
        let last_line = u32::try_from(text.lines().count()).unwrap_or(u32::MAX);
        Cursor {
            blocks: blocks(text),
            pos: 0,
            last_line,
        }
    }
    /// The current block, if any.
    pub fn peek(&self) -> Option<&Block<'a>> {
        self.blocks.get(self.pos)
    }
    /// The block after the current one, if any.
    pub fn peek2(&self) -> Option<&Block<'a>> {
        self.blocks.get(self.pos + 1)
    }
    /// The block `k` places ahead of the current one, if any.
    pub fn peek_at(&self, k: usize) -> Option<&Block<'a>> {
        self.blocks.get(self.pos + k)
    }
    /// Takes the current block.
    pub fn next_block(&mut self) -> Option<Block<'a>> {
        let b = self.blocks.get(self.pos).cloned();
        if b.is_some() {
            self.pos += 1;
        }
        b
    }
    /// Whether the current block opens a roman-numeral section.
    pub fn at_section(&self) -> bool {
        self.peek()
            .is_some_and(|b| section_heading(b.first().text).is_some())
    }
    /// Line number to blame when the document ends too early.
    pub fn end_line(&self) -> u32 {
        self.last_line
    }
    /// Takes the current block or fails saying what was expected.
    pub fn expect_block(&mut self, expected: &str) -> Result<Block<'a>, DocumentError> {
        let end = self.end_line();
        self.next_block().ok_or_else(|| {
            DocumentError::at(end, format!("the document ends here; expected {expected}"))
        })
    }
    /// Skips to the section with the given number; fails if it is missing.
    pub fn expect_section(&mut self, n: u32, name: &str) -> Result<Line<'a>, DocumentError> {
        let end = self.end_line();
        let block = self.next_block().ok_or_else(|| {
            DocumentError::at(
                end,
                format!("the document ends here; expected section {name}"),
            )
        })?;
        match section_heading(block.first().text) {
            Some((m, _)) if m == n => Ok(block.first()),
            _ => Err(DocumentError::at(
                block.no(),
                format!(
                    "expected the heading of section {name}, found 「{}」",
                    block.first().text
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_documents_line_patterns() {
        assert_eq!(section_heading("Ⅱ 現下の情勢"), Some((2, "現下の情勢")));
        assert_eq!(
            section_heading("IV 基本計画の体系"),
            Some((4, "基本計画の体系"))
        );
        assert_eq!(section_heading("Ic 何か"), None);
        assert_eq!(
            numbered_heading("1 暮らしと防災"),
            Some((1, "暮らしと防災"))
        );
        assert_eq!(numbered_heading("2028年 何か"), None);
        assert_eq!(paren_numbered("(3) 総合的な"), Some((3, "総合的な")));
        assert_eq!(paren_numbered("（12） 全角"), Some((12, "全角")));
        assert_eq!(bullet_text("- ・地域住民の"), Some("地域住民の"));
        assert_eq!(bullet_text("- 若者の"), Some("若者の"));
        assert_eq!(
            bullet_text("- ▶ ふるさと寄附金事業"),
            Some("ふるさと寄附金事業")
        );
        assert_eq!(bullet_text("普通の文"), None);
        assert!(is_arrow_bullet("- ▶ 行財政改革推進事業"));
    }

    #[test]
    fn splits_blocks_on_blank_and_whitespace_lines() {
        let b = blocks("a\nb\n \n\nc\n");
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].first(), Line { no: 5, text: "c" });
    }
}
