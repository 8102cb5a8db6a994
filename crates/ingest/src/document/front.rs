//! The front matter (title page), section I (about the plan) and section II
//! (current issues) of an implementation-plan document.

use super::lines::{Cursor, numbered_heading, paren_numbered};
use crate::error::DocumentError;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::IssueId;
use keikaku_model::period::{Period, PeriodKind};
use keikaku_model::plan::{CurrentIssue, TextSection, Years};
use keikaku_model::text::fold_width;

/// What the title page says.
#[derive(Debug, Default)]
pub struct FrontMatter {
    pub title: Option<(u32, String)>,
    pub plan_name: Option<String>,
    pub years: Option<Years>,
    pub variant: Option<String>,
    pub catchphrase: Option<String>,
    pub published: Option<Period>,
    pub municipality: Option<String>,
}

/// Reads the title page: everything before section I.
pub fn front_matter(cur: &mut Cursor<'_>) -> Result<FrontMatter, DocumentError> {
    let mut fm = FrontMatter::default();
    let mut expect_catchphrase = false;
    while !cur.at_section() {
        let Some(block) = cur.next_block() else { break };
        for line in block.lines {
            let text = line.text;
            if expect_catchphrase {
                fm.catchphrase = Some(text.to_string());
                expect_catchphrase = false;
            } else if fm.title.is_none() && text.contains("実施計画") {
                let name = text.split("実施計画").next().unwrap_or("").trim();
                if name.is_empty() {
                    return Err(DocumentError::at(
                        line.no,
                        format!(
                            "title 「{text}」 does not name the comprehensive plan before 実施計画"
                        ),
                    ));
                }
                fm.plan_name = Some(name.to_string());
                fm.title = Some((line.no, text.to_string()));
            } else if let Some(years) = year_range(text) {
                fm.years = Some(years.map_err(|m| DocumentError::at(line.no, m))?);
            } else if text.starts_with('【') && text.ends_with('】') {
                fm.variant = Some(text.trim_matches(['【', '】']).to_string());
            } else if is_label(text, "キャッチフレーズ") {
                expect_catchphrase = true;
            } else if let Some(p) = Period::parse(text)
                .ok()
                .filter(|p| matches!(p.kind(), PeriodKind::Month { .. }))
            {
                fm.published = Some(p);
            } else if is_municipality_name(text) {
                fm.municipality = Some(text.to_string());
            } else {
                return Err(DocumentError::at(
                    line.no,
                    format!(
                        "unexpected text on the title page: 「{text}」 (expected the title, the period such as (令和4年度～令和6年度), 【概要版】, [キャッチフレーズ], the publication month such as 令和4年3月, or the municipality)"
                    ),
                ));
            }
        }
    }
    Ok(fm)
}

fn is_label(text: &str, label: &str) -> bool {
    let inner = text.trim_matches(['[', ']', '［', '］', '【', '】']);
    inner == label && inner.len() < text.len()
}

fn is_municipality_name(text: &str) -> bool {
    let n = text.chars().count();
    (2..=12).contains(&n)
        && text.ends_with(['市', '町', '村', '区'])
        && !text.contains(char::is_whitespace)
}

/// Parses `(令和4年度～令和6年度)`; `None` when the line is not a range at all.
fn year_range(text: &str) -> Option<Result<Years, String>> {
    let folded = fold_width(text);
    let inner = folded.strip_prefix('(')?.strip_suffix(')')?;
    let (a, b) = inner.split_once('~')?;
    let parse = |s: &str| {
        Period::parse(s)
            .ok()
            .and_then(|p| match p.kind() {
                PeriodKind::FiscalYear { year } => Some(year),
                _ => None,
            })
            .ok_or_else(|| format!("「{s}」 in 「{text}」 is not a fiscal year such as 令和4年度"))
    };
    Some((|| Years::new(parse(a)?, parse(b)?))())
}

/// Reads section I: numbered sub-sections with their paragraphs.
pub fn about(cur: &mut Cursor<'_>) -> Result<Vec<TextSection>, DocumentError> {
    let mut sections: Vec<TextSection> = Vec::new();
    while !cur.at_section() {
        let Some(block) = cur.next_block() else { break };
        let first = block.first();
        if block.lines.len() == 1
            && let Some((number, heading)) = numbered_heading(first.text)
        {
            sections.push(TextSection {
                number,
                heading: heading.to_string(),
                paragraphs: Vec::new(),
                line: Some(first.no),
            });
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(DocumentError::at(
                first.no,
                format!(
                    "expected a numbered heading such as 「1 計画策定の趣旨」, found 「{}」",
                    first.text
                ),
            ));
        };
        section.paragraphs.push(join(&block.lines));
    }
    Ok(sections)
}

/// Finds the comprehensive plan's last year in section I (`2028（令和10）年度までを計画期間`).
pub fn plan_last_year(sections: &[TextSection]) -> Option<(FiscalYear, String)> {
    const MARK: &str = "年度までを計画期間";
    sections.iter().flat_map(|s| &s.paragraphs).find_map(|p| {
        let end = p.find(MARK)?;
        let before = &p[..end];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| {
                c.is_ascii_digit() || "０１２３４５６７８９()（）令和平成元RH".contains(*c)
            })
            .last()
            .map(|(i, _)| i)?;
        let written = format!("{}年度", &before[start..]);
        let period = Period::parse(&written).ok()?;
        match period.kind() {
            PeriodKind::FiscalYear { year } => Some((year, written)),
            _ => None,
        }
    })
}

/// Reads section II: introduction paragraphs and the numbered issues.
pub fn issues(cur: &mut Cursor<'_>) -> Result<(Vec<String>, Vec<CurrentIssue>), DocumentError> {
    let mut intro = Vec::new();
    let mut issues: Vec<CurrentIssue> = Vec::new();
    while !cur.at_section() {
        let Some(block) = cur.next_block() else { break };
        let first = block.first();
        if block.lines.len() == 1
            && let Some((number, title)) = paren_numbered(first.text)
        {
            let id = IssueId::new(format!("C{number}"))
                .map_err(|e| DocumentError::at(first.no, e.to_string()))?;
            issues.push(CurrentIssue {
                id,
                number,
                title: title.to_string(),
                paragraphs: Vec::new(),
                line: Some(first.no),
            });
        } else if let Some(issue) = issues.last_mut() {
            issue.paragraphs.push(join(&block.lines));
        } else {
            intro.push(join(&block.lines));
        }
    }
    Ok((intro, issues))
}

/// Joins the lines of a paragraph (Japanese text wraps without spaces).
pub fn join(lines: &[super::lines::Line<'_>]) -> String {
    lines.iter().map(|l| l.text).collect::<Vec<_>>().join("")
}
