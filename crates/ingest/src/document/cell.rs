//! One cell of a KPI table: `307億円 園芸作物 140億円 (2016年度)`,
//! `・ 14.0億円 ・ 493円/kg (2015 ~ 2017年度 平均)`,
//! `966.4kt-co2 (755.7kt-co2) (▲10.1%) (2028年)`, `19.0%以下 (2029年3月末)`.
//!
//! A cell holds one value per indicator of its table (separated by `・` or
//! introduced by a label such as 園芸作物), parenthesised annotations (a
//! reference quantity or a `▲` reduction rate) and, last, its period in
//! parentheses.

use keikaku_model::indicator::{Annotation, AnnotationKind};
use keikaku_model::period::Period;
use keikaku_model::quantity::{Bound, Quantity, parse_amount};
use keikaku_model::text::fold_width;

/// A value found in a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellValue {
    /// Words printed before the number (e.g. 園芸作物), if any.
    pub label: Option<String>,
    /// The number and unit.
    pub quantity: Quantity,
    /// 以下 / 以上.
    pub bound: Option<Bound>,
    /// Parenthesised annotations after the value.
    pub annotations: Vec<Annotation>,
}

/// A parsed cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// One value per indicator.
    pub values: Vec<CellValue>,
    /// The period shared by the values.
    pub period: Period,
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Paren(String),
    Dot,
}

fn tokens(cell: &str) -> Result<Vec<Token>, String> {
    let folded = fold_width(cell);
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = folded.chars();
    let flush = |word: &mut String, out: &mut Vec<Token>| {
        if !word.is_empty() {
            out.push(Token::Word(std::mem::take(word)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => flush(&mut word, &mut out),
            '・' => {
                flush(&mut word, &mut out);
                out.push(Token::Dot);
            }
            '(' => {
                flush(&mut word, &mut out);
                let mut depth = 1;
                let mut inner = String::new();
                for c in chars.by_ref() {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    inner.push(c);
                }
                if depth != 0 {
                    return Err(format!("unclosed parenthesis in 「{cell}」"));
                }
                out.push(Token::Paren(inner.trim().to_string()));
            }
            ')' => return Err(format!("unmatched closing parenthesis in 「{cell}」")),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    Ok(out)
}

fn annotation(inner: &str, cell: &str) -> Result<Annotation, String> {
    let kind = if let Some(rate) = inner.strip_prefix(['▲', '△']) {
        let number = rate.trim().strip_suffix('%').ok_or_else(|| {
            format!(
                "「({inner})」 in 「{cell}」: a ▲ reduction rate must be a percentage such as (▲3%)"
            )
        })?;
        let percent = parse_amount(number).map_err(|e| e.to_string())?;
        AnnotationKind::ReductionRate { percent }
    } else {
        let (quantity, _) = Quantity::parse(inner).map_err(|_| {
            format!("「({inner})」 in 「{cell}」 is neither a period, a reference quantity such as (940.7kt-co2), nor a reduction rate such as (▲3%)")
        })?;
        AnnotationKind::Reference { quantity }
    };
    Ok(Annotation {
        written: inner.to_string(),
        kind,
    })
}

/// Parses a cell; the error says what was found and expected (without the line).
pub fn parse_cell(cell: &str) -> Result<Cell, String> {
    let mut toks = tokens(cell)?;
    let period = match toks.pop() {
        Some(Token::Paren(p)) => {
            Period::parse(&p).map_err(|e| format!("period of 「{cell}」: {e}"))?
        }
        _ => {
            return Err(format!(
                "「{cell}」 does not end with its period in parentheses, e.g. 45.0% (2018年3月卒)"
            ));
        }
    };
    let mut values: Vec<CellValue> = Vec::new();
    let mut label: Vec<String> = Vec::new();
    let mut fresh = true; // the next quantity starts a new value
    for tok in toks {
        match tok {
            Token::Dot => fresh = true,
            Token::Paren(inner) => {
                let last = values
                    .last_mut()
                    .ok_or_else(|| format!("「({inner})」 in 「{cell}」 comes before any value"))?;
                last.annotations.push(annotation(&inner, cell)?);
            }
            Token::Word(w) => match Quantity::parse(&w) {
                Ok((quantity, bound)) => {
                    if !fresh && label.is_empty() {
                        return Err(format!(
                            "「{cell}」 has two numbers in a row without ・ or a label between them"
                        ));
                    }
                    values.push(CellValue {
                        label: (!label.is_empty()).then(|| label.join(" ")),
                        quantity,
                        bound,
                        annotations: Vec::new(),
                    });
                    label.clear();
                    fresh = false;
                }
                Err(e) if w.starts_with(|c: char| c.is_ascii_digit() || c == '▲') => {
                    return Err(format!("in 「{cell}」: {e}"));
                }
                Err(_) => label.push(w),
            },
        }
    }
    if !label.is_empty() {
        return Err(format!(
            "「{}」 in 「{cell}」 is not followed by a number",
            label.join(" ")
        ));
    }
    if values.is_empty() {
        return Err(format!("「{cell}」 holds no number"));
    }
    Ok(Cell { values, period })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(cell: &str) -> (Vec<(Option<String>, String, usize)>, String) {
        let c = parse_cell(cell).unwrap_or_else(|e| panic!("{e}"));
        let values = c
            .values
            .iter()
            .map(|v| (v.label.clone(), v.quantity.to_string(), v.annotations.len()))
            .collect();
        (values, c.period.written().to_string())
    }

    #[test]
    fn reads_every_cell_shape_of_the_document() {
        assert_eq!(
            shape("307億円 園芸作物 140億円 (2016年度)"),
            (
                vec![
                    (None, "307億円".into(), 0),
                    (Some("園芸作物".into()), "140億円".into(), 0)
                ],
                "2016年度".into()
            )
        );
        assert_eq!(
            shape("・ 14.0億円 ・ 493円/kg (2015 ~ 2017年度 平均)"),
            (
                vec![(None, "14.0億円".into(), 0), (None, "493円/kg".into(), 0)],
                "2015 ~ 2017年度 平均".into()
            )
        );
        assert_eq!(
            shape("966.4kt-co2 (755.7kt-co2) (▲10.1%) (2028年)"),
            (vec![(None, "966.4kt-co2".into(), 2)], "2028年".into())
        );
        assert_eq!(shape("1,026,000人 (2028年度)").0[0].1, "1,026,000人");
    }

    #[test]
    fn explains_bad_cells() {
        for (cell, needle) in [
            ("45.0%", "does not end with its period"),
            ("45.0% (2018年)(", "unclosed"),
            ("園芸作物 (2018年度)", "not followed by a number"),
            ("45.0 (2018年度)", "no unit"),
            ("12人 13人 (2018年度)", "two numbers in a row"),
            ("1,02人 (2018年度)", "thousands separators"),
            ("12人 (昔)", "period of"),
            ("12人 (何か) (2018年度)", "neither a period"),
        ] {
            let err = parse_cell(cell).expect_err(cell);
            assert!(err.contains(needle), "{cell}: {err}");
        }
    }
}
