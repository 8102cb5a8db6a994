//! The hand-written scanner behind `Period::parse`: folds width, then reads
//! Gregorian and era forms, ranges and suffixes (年度, 年, 月末, 月卒, 平均).

use super::{PeriodError, PeriodKind};
use crate::era::{Era, EraYear};
use crate::fiscal_year::FiscalYear;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// ASCII digits, or 元 (value 1, no digits).
    Num {
        value: u32,
        digits: usize,
    },
    /// An era name (`令和`) or letter (`R`).
    Era {
        era: Era,
        letter: bool,
    },
    Fy,
    Nendo,
    Nen,
    Tsuki,
    Matsu,
    Sotsu,
    Heikin,
    Open,
    Close,
    Range,
}

/// 元 as in 令和元年: year 1, written without digits.
const GANNEN: Tok = Tok::Num {
    value: 1,
    digits: 0,
};

const WORDS: [(&str, Tok); 14] = [
    ("年度", Tok::Nendo),
    ("年", Tok::Nen),
    ("月", Tok::Tsuki),
    ("末日", Tok::Matsu),
    ("末", Tok::Matsu),
    ("卒業", Tok::Sotsu),
    ("卒", Tok::Sotsu),
    ("平均", Tok::Heikin),
    ("元", GANNEN),
    ("(", Tok::Open),
    (")", Tok::Close),
    ("~", Tok::Range),
    ("-", Tok::Range),
    ("から", Tok::Range),
];

/// The token at the start of `rest` and its length in bytes.
fn next_token(rest: &str) -> Result<(Tok, usize), String> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(text) = rest.get(..digits).filter(|t| !t.is_empty()) {
        let value = text
            .parse::<u32>()
            .map_err(|_| format!("the number {text} is too large to be a year"))?;
        return Ok((Tok::Num { value, digits }, digits));
    }
    if rest.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("fy")) {
        return Ok((Tok::Fy, 2));
    }
    if let Some(era) = Era::ALL.into_iter().find(|e| rest.starts_with(e.name_ja())) {
        let tok = Tok::Era { era, letter: false };
        return Ok((tok, era.name_ja().len()));
    }
    if let Some((word, tok)) = WORDS.into_iter().find(|(w, _)| rest.starts_with(w)) {
        return Ok((tok, word.len()));
    }
    let c = rest.chars().next().unwrap_or('?');
    match Era::ALL
        .into_iter()
        .find(|e| c.to_ascii_uppercase() == e.letter())
    {
        Some(era) => Ok((Tok::Era { era, letter: true }, 1)),
        None => Err(format!(
            "found 「{c}」, which is not a digit, an era, FY, 年度, 年, 月, 末, 卒, 平均, parentheses or a range sign"
        )),
    }
}

/// A year as written, converted to Gregorian but not yet range-checked.
#[derive(Debug, Clone, Copy)]
struct Year {
    year: i64,
    /// The era, when the year was written as a bare era year.
    era: Option<Era>,
    /// Whether `FY` was written.
    fy: bool,
}

struct Parser<'a> {
    compact: &'a str,
    input: &'a str,
    toks: Vec<(Tok, usize)>,
    pos: usize,
    overflow: bool,
}

/// Parses the compact text of `input`; returns the kind and whether an
/// era year past its era's end was written.
pub(super) fn parse_compact(compact: &str, input: &str) -> Result<(PeriodKind, bool), PeriodError> {
    let mut toks = Vec::new();
    let mut at = 0;
    while let Some(rest) = compact.get(at..).filter(|r| !r.is_empty()) {
        let (tok, len) = next_token(rest).map_err(|detail| PeriodError::NotAPeriod {
            input: input.to_owned(),
            detail,
        })?;
        toks.push((tok, at));
        at += len;
    }
    let mut p = Parser {
        compact,
        input,
        toks,
        pos: 0,
        overflow: false,
    };
    let kind = p.period()?;
    // A restatement in parentheses, as label_ja writes: 2024年度（令和6年度）.
    if p.eat(Tok::Open) {
        let start = p.toks.get(p.pos).map_or(compact.len(), |t| t.1);
        let inner = p.period()?;
        let end = p.toks.get(p.pos).map_or(compact.len(), |t| t.1);
        p.expect(Tok::Close, "「)」")?;
        if inner != kind {
            let (outer, inner) = (
                super::Period::from_kind(kind).label_en(),
                super::Period::from_kind(inner).label_en(),
            );
            let text = compact.get(start..end).unwrap_or_default();
            return Err(p.fail(format!(
                "「{text}」 in parentheses is {inner}, which does not restate {outer}"
            )));
        }
    }
    if p.pos < p.toks.len() {
        return Err(p.unexpected("the end of the text"));
    }
    Ok((kind, p.overflow))
}

impl Parser<'_> {
    fn peek(&self) -> Option<Tok> {
        self.toks.get(self.pos).map(|t| t.0)
    }

    fn eat(&mut self, tok: Tok) -> bool {
        let found = self.peek() == Some(tok);
        if found {
            self.pos += 1;
        }
        found
    }

    fn fail(&self, detail: String) -> PeriodError {
        PeriodError::NotAPeriod {
            input: self.input.to_owned(),
            detail,
        }
    }

    /// An error for the token at the current position.
    fn unexpected(&self, wanted: &str) -> PeriodError {
        match self.toks.get(self.pos) {
            Some(&(_, at)) => {
                let rest = self.compact.get(at..).unwrap_or_default();
                self.fail(format!("found 「{rest}」 where {wanted} was expected"))
            }
            None => self.fail(format!("the text ends where {wanted} was expected")),
        }
    }

    fn expect(&mut self, tok: Tok, wanted: &str) -> Result<(), PeriodError> {
        if self.eat(tok) {
            Ok(())
        } else {
            Err(self.unexpected(wanted))
        }
    }

    fn period(&mut self) -> Result<PeriodKind, PeriodError> {
        let first = self.year(None, None)?;
        match self.peek() {
            None | Some(Tok::Close) => self.fiscal_year(first),
            Some(Tok::Range) => {
                self.pos += 1;
                self.average(first, false)
            }
            Some(Tok::Nendo) => {
                self.pos += 1;
                if self.eat(Tok::Range) {
                    return self.average(first, true);
                }
                if !self.eat(Tok::Matsu) {
                    return self.fiscal_year(first);
                }
                // 2024年度末: the end of the fiscal year, March 31 next year.
                let year = self.gregorian(first.year.saturating_add(1))?;
                self.month_kind(year, 3, |year, month| PeriodKind::MonthEnd { year, month })
            }
            Some(Tok::Nen) if !first.fy => {
                self.pos += 1;
                let year = self.gregorian(first.year)?;
                if self.eat(Tok::Matsu) {
                    // 2024年末: the end of the calendar year.
                    return self
                        .month_kind(year, 12, |year, month| PeriodKind::MonthEnd { year, month });
                }
                if matches!(self.peek(), None | Some(Tok::Open | Tok::Close)) {
                    return Ok(PeriodKind::CalendarYear { year });
                }
                let month = self.month()?;
                match self.peek() {
                    Some(Tok::Matsu) => {
                        self.pos += 1;
                        self.month_kind(year, month, |year, month| PeriodKind::MonthEnd {
                            year,
                            month,
                        })
                    }
                    Some(Tok::Sotsu) => {
                        self.pos += 1;
                        self.month_kind(year, month, |year, month| PeriodKind::Graduation {
                            year,
                            month,
                        })
                    }
                    _ => self
                        .month_kind(year, month, |year, month| PeriodKind::Month { year, month }),
                }
            }
            Some(_) if first.fy => Err(self.unexpected("年度 or nothing after an FY year")),
            Some(_) => Err(self.unexpected("年度, 年 or a range sign after the year")),
        }
    }

    /// A year: `2024`, `FY2024`, `令和6`, `R06`, `2024(令和6)`, `R6(2024)`.
    /// In the second half of a range, a bare number continues the first
    /// year's era (`inherit`) or, with two digits, its century (`base`).
    fn year(&mut self, inherit: Option<Era>, base: Option<i64>) -> Result<Year, PeriodError> {
        let wanted = "a year such as 2024, 令和6, R6 or FY2024";
        match self.peek() {
            Some(Tok::Fy) => {
                self.pos += 1;
                let Some(Tok::Num { value, digits: 1.. }) = self.peek() else {
                    return Err(self.unexpected("a Gregorian year after FY, e.g. FY2024"));
                };
                self.pos += 1;
                Ok(Year {
                    year: value.into(),
                    era: None,
                    fy: true,
                })
            }
            Some(Tok::Era { era, letter }) => {
                self.pos += 1;
                let (year, text) = self.era_year(era, letter)?;
                if self.eat(Tok::Open) {
                    let Some(Tok::Num { value, digits: 1.. }) = self.peek() else {
                        return Err(self.unexpected("a Gregorian year in parentheses"));
                    };
                    self.pos += 1;
                    let stated = i64::from(value);
                    self.expect(Tok::Close, "「)」")?;
                    self.check_same(&text, year, stated)?;
                }
                Ok(Year {
                    year,
                    era: Some(era),
                    fy: false,
                })
            }
            Some(Tok::Num { digits: 0, .. }) => {
                Err(self
                    .fail("元 (year 1) needs an era name before it, e.g. 令和元年度".to_owned()))
            }
            Some(Tok::Num { value, digits }) => {
                if let Some(era) = inherit.filter(|_| digits < 4) {
                    let (year, _) = self.era_year(era, false)?;
                    return Ok(Year {
                        year,
                        era: Some(era),
                        fy: false,
                    });
                }
                self.pos += 1;
                let value = i64::from(value);
                let year = match base {
                    // 2009~14, 1999~01: the first year's century, or the next.
                    Some(b) if digits <= 2 => {
                        let y = b - b.rem_euclid(100) + value;
                        if y < b { y + 100 } else { y }
                    }
                    _ => value,
                };
                if self.eat(Tok::Open) {
                    let Some(Tok::Era { era, letter }) = self.peek() else {
                        return Err(self.unexpected("an era year in parentheses, e.g. (令和6)"));
                    };
                    self.pos += 1;
                    let (era_year, text) = self.era_year(era, letter)?;
                    self.expect(Tok::Close, "「)」")?;
                    self.check_same(&text, era_year, year)?;
                }
                Ok(Year {
                    year,
                    era: None,
                    fy: false,
                })
            }
            _ => Err(self.unexpected(wanted)),
        }
    }

    /// The number after an era; returns the Gregorian year and the era
    /// year as written (`R2`, `令和2`) for messages.
    fn era_year(&mut self, era: Era, letter: bool) -> Result<(i64, String), PeriodError> {
        let Some(Tok::Num { value, digits }) = self.peek() else {
            return Err(self.unexpected(&format!("a year number after {}", era.name_ja())));
        };
        self.pos += 1;
        if value == 0 {
            return Err(PeriodError::EraYearZero {
                input: self.input.to_owned(),
                era,
            });
        }
        if (EraYear { era, year: value }).is_past_era_end() {
            self.overflow = true;
        }
        let number = if digits == 0 {
            "元".to_owned()
        } else {
            value.to_string()
        };
        let text = if letter {
            format!("{}{number}", era.letter())
        } else {
            format!("{}{number}", era.name_ja())
        };
        Ok((i64::from(era.first_year()) + i64::from(value) - 1, text))
    }

    fn check_same(&self, era_text: &str, era_year: i64, stated: i64) -> Result<(), PeriodError> {
        if era_year == stated {
            return Ok(());
        }
        Err(PeriodError::EraMismatch {
            input: self.input.to_owned(),
            era_year: era_text.to_owned(),
            expected: era_year,
            found: stated,
        })
    }

    /// `3月`: a month number and 月.
    fn month(&mut self) -> Result<u32, PeriodError> {
        let Some(Tok::Num { value, digits: 1.. }) = self.peek() else {
            return Err(self.unexpected("a month such as 3月"));
        };
        self.pos += 1;
        self.expect(Tok::Tsuki, "月")?;
        if (1..=12).contains(&value) {
            Ok(value)
        } else {
            Err(PeriodError::MonthOutOfRange {
                input: self.input.to_owned(),
                month: value,
            })
        }
    }

    fn out_of_range(&self, year: i64) -> PeriodError {
        PeriodError::YearOutOfRange {
            input: self.input.to_owned(),
            year,
        }
    }

    /// A Gregorian year checked to lie in the supported range.
    fn gregorian(&self, year: i64) -> Result<i32, PeriodError> {
        Ok(self.fiscal(year)?.year())
    }

    fn fiscal(&self, year: i64) -> Result<FiscalYear, PeriodError> {
        i32::try_from(year)
            .ok()
            .and_then(|y| FiscalYear::new(y).ok())
            .ok_or_else(|| self.out_of_range(year))
    }

    fn fiscal_year(&self, year: Year) -> Result<PeriodKind, PeriodError> {
        Ok(PeriodKind::FiscalYear {
            year: self.fiscal(year.year)?,
        })
    }

    /// A month-based kind of an in-range `year`, whose fiscal year must be
    /// in range too.
    fn month_kind(
        &self,
        year: i32,
        month: u32,
        make: fn(i32, u32) -> PeriodKind,
    ) -> Result<PeriodKind, PeriodError> {
        match FiscalYear::of_month(year, month) {
            Ok(_) => Ok(make(year, month)),
            Err(_) => Err(PeriodError::FiscalYearOutOfRange {
                input: self.input.to_owned(),
                fiscal_year: i64::from(year) - 1,
            }),
        }
    }

    /// The rest of `2015~2017年度平均` after the range sign (already read).
    fn average(&mut self, first: Year, nendo_seen: bool) -> Result<PeriodKind, PeriodError> {
        let second = self.year(first.era, Some(first.year))?;
        let nendo = self.eat(Tok::Nendo);
        if !(nendo || nendo_seen || first.fy || second.fy) {
            return Err(self.unexpected("年度平均 after the last year"));
        }
        if !self.eat(Tok::Heikin) {
            return Err(match self.peek() {
                None | Some(Tok::Close) => self.fail(
                    "a range of years is not a single period: add 平均 for an average, e.g. 2015~2017年度平均".to_owned(),
                ),
                Some(_) => self.unexpected("平均"),
            });
        }
        let (from, to) = (self.fiscal(first.year)?, self.fiscal(second.year)?);
        if from > to {
            return Err(PeriodError::AverageReversed {
                input: self.input.to_owned(),
                from: from.year(),
                to: to.year(),
            });
        }
        Ok(PeriodKind::FiscalYearAverage { from, to })
    }
}
