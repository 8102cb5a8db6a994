//! KPI tables: the heading lines, the column header and the row of four
//! cells become [`KpiTable`] rows pointing at [`Indicator`]s.
//!
//! The [`IndicatorRegistry`] assigns indicator IDs in order of first
//! appearance and recognises an indicator printed again (in another project,
//! possibly under another wording) so it stays one indicator.

use super::cell::{Cell, parse_cell};
use super::lines::{Block, bullet_text};
use crate::error::DocumentError;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{IndicatorId, TableId};
use keikaku_model::indicator::{
    Column, Indicator, KpiValue, KpiValues, infer_aggregation, infer_polarity,
};
use keikaku_model::period::{Period, PeriodKind};
use keikaku_model::plan::{KpiTable, TableRow};

/// Indicators found so far, in order of first appearance.
#[derive(Debug, Default)]
pub struct IndicatorRegistry {
    pub indicators: Vec<Indicator>,
}

/// Shortest common substring (in characters) for two differently worded
/// names with identical figures to count as the same indicator.
const SAME_NAME_OVERLAP: usize = 8;

impl IndicatorRegistry {
    /// Registers a candidate; returns the ID of an identical indicator printed
    /// before, or the new ID.
    fn register(&mut self, mut candidate: Indicator) -> Result<IndicatorId, DocumentError> {
        if let Some(existing) = self
            .indicators
            .iter()
            .find(|i| same_indicator(i, &candidate))
        {
            return Ok(existing.id.clone());
        }
        candidate.id = IndicatorId::new(format!("KPI-{:02}", self.indicators.len() + 1))
            .map_err(|e| DocumentError::at(0, e.to_string()))?;
        let id = candidate.id.clone();
        self.indicators.push(candidate);
        Ok(id)
    }
}

/// Same figures (amounts, units, bounds, periods) and the same or overlapping name.
fn same_indicator(a: &Indicator, b: &Indicator) -> bool {
    let figures = |i: &Indicator| {
        i.values
            .iter()
            .map(|(c, v)| (c, v.quantity.clone(), v.bound, v.period.kind()))
            .collect::<Vec<_>>()
    };
    figures(a) == figures(b)
        && (a.name == b.name || common_run(&a.name, &b.name) >= SAME_NAME_OVERLAP)
}

/// Length in characters of the longest common substring.
fn common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for x in &a {
        let mut row = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                row[j + 1] = prev[j] + 1;
                best = best.max(row[j + 1]);
            }
        }
        prev = row;
    }
    best
}

/// Reads the column header; returns the baseline column's fiscal year and label.
fn header(line: u32, text: &str) -> Result<(FiscalYear, String), DocumentError> {
    let cols: Vec<String> = text
        .split('\t')
        .map(|c| c.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let bad = || {
        DocumentError::at(
            line,
            format!(
                "KPI table header: expected 4 tab-separated columns 初期値 / R2(2020)実績値 / 実施計画期間設定値 / 成果指標(KPI), found 「{text}」"
            ),
        )
    };
    let [initial, baseline, interim, target] = cols.as_slice() else {
        return Err(bad());
    };
    let label = baseline.strip_suffix("実績値").ok_or_else(bad)?;
    let ok = initial == "初期値"
        && interim == "実施計画期間設定値"
        && (target == "成果指標(KPI)" || target == "成果指標（KPI）");
    if !ok {
        return Err(bad());
    }
    let period = Period::parse(label)
        .map_err(|e| DocumentError::at(line, format!("KPI table header, baseline column: {e}")))?;
    match period.kind() {
        PeriodKind::FiscalYear { year } => Ok((year, baseline.clone())),
        _ => Err(bad()),
    }
}

/// Names (and descriptions) of the indicators of a table from its heading lines.
fn names(
    heading: &Block<'_>,
    count: usize,
) -> Result<Vec<(String, Option<String>)>, DocumentError> {
    let lines: Vec<&str> = heading
        .lines
        .iter()
        .map(|l| bullet_text(l.text).unwrap_or(l.text))
        .collect();
    if lines.len() == count {
        return Ok(lines.iter().map(|l| (l.to_string(), None)).collect());
    }
    if count == 1 {
        let is_note = |l: &&&str| {
            (l.starts_with('(') || l.starts_with('（')) && (l.ends_with(')') || l.ends_with('）'))
        };
        let name: String = lines.iter().filter(|l| !is_note(l)).copied().collect();
        let notes: Vec<&str> = lines.iter().filter(is_note).copied().collect();
        if !name.is_empty() {
            let description = (!notes.is_empty()).then(|| notes.join(""));
            return Ok(vec![(name, description)]);
        }
    }
    Err(DocumentError::at(
        heading.no(),
        format!(
            "KPI table 「{}」: the heading has {} line(s) but each cell holds {count} value(s); expected one name per value",
            lines.join(" / "),
            lines.len()
        ),
    ))
}

/// Builds a table from its heading block and its header+values block.
pub fn table(
    id: TableId,
    heading: &Block<'_>,
    body: &Block<'_>,
    registry: &mut IndicatorRegistry,
) -> Result<(KpiTable, (FiscalYear, String)), DocumentError> {
    let head = body.first();
    let baseline = header(head.no, head.text)?;
    let [_, data] = body.lines.as_slice() else {
        return Err(DocumentError::at(
            head.no,
            format!(
                "KPI table 「{}」: expected the header line followed by exactly one line of 4 cells",
                heading.first().text
            ),
        ));
    };
    let raw: Vec<&str> = data.text.split('\t').map(str::trim).collect();
    let raw: [&str; 4] = raw.as_slice().try_into().map_err(|_| {
        DocumentError::at(data.no, format!("KPI table 「{}」: expected 4 tab-separated cells (初期値, 実績値, 実施計画期間設定値, 成果指標), found {}", heading.first().text, raw.len()))
    })?;
    let mut cells: Vec<Cell> = Vec::with_capacity(4);
    for (column, text) in Column::ALL.into_iter().zip(raw) {
        let cell = parse_cell(text).map_err(|e| {
            DocumentError::at(data.no, format!("column {}: {e}", column.label_ja()))
        })?;
        cells.push(cell);
    }
    let count = cells[0].values.len();
    if let Some((column, cell)) = Column::ALL
        .into_iter()
        .zip(&cells)
        .find(|(_, c)| c.values.len() != count)
    {
        return Err(DocumentError::at(
            data.no,
            format!(
                "column {}: {} value(s) where column 初期値 has {count}",
                column.label_ja(),
                cell.values.len()
            ),
        ));
    }
    let names = names(heading, count)?;
    let mut rows = Vec::with_capacity(count);
    let mut parent: Option<IndicatorId> = None;
    for (i, (name, description)) in names.into_iter().enumerate() {
        let mut values = KpiValues::default();
        for ((column, cell), written) in Column::ALL.into_iter().zip(&cells).zip(raw) {
            let v = &cell.values[i];
            check_label(v.label.as_deref(), &name, data.no, column)?;
            *values.slot_mut(column) = Some(KpiValue {
                quantity: v.quantity.clone(),
                bound: v.bound,
                period: cell.period.clone(),
                annotations: v.annotations.clone(),
                written: written.to_string(),
                line: Some(data.no),
            });
        }
        let (polarity, polarity_basis) = infer_polarity(&name, description.as_deref(), &values);
        let (aggregation, aggregation_basis) = infer_aggregation(&name);
        let unit = cells[0].values[i].quantity.unit.clone();
        let part_of = if name.starts_with("うち") {
            parent.clone()
        } else {
            None
        };
        let candidate = Indicator {
            id: IndicatorId::new("NEW").map_err(|e| DocumentError::at(0, e.to_string()))?,
            name: name.clone(),
            description,
            part_of,
            unit,
            polarity,
            polarity_basis,
            aggregation,
            aggregation_basis,
            values,
            policy_items: Vec::new(),
            directions: Vec::new(),
        };
        let indicator = registry.register(candidate)?;
        if !name.starts_with("うち") {
            parent = Some(indicator.clone());
        }
        rows.push(TableRow {
            indicator,
            label: name,
        });
    }
    let t = KpiTable {
        id,
        heading: heading.lines.iter().map(|l| l.text.to_string()).collect(),
        header: head.text.to_string(),
        rows,
        line: Some(heading.no()),
    };
    Ok((t, baseline))
}

/// A label in a cell (園芸作物) must belong to the indicator's name.
fn check_label(
    label: Option<&str>,
    name: &str,
    line: u32,
    column: Column,
) -> Result<(), DocumentError> {
    match label {
        Some(l) if !name.contains(l) => Err(DocumentError::at(
            line,
            format!(
                "column {}: the value labelled 「{l}」 does not match the indicator 「{name}」",
                column.label_ja()
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_common_run_counts_characters() {
        assert_eq!(
            common_run(
                "ベンチャー企業の40歳未満の従業員数",
                "上記ベンチャー企業の40歳未満の従業員（役員）数"
            ),
            17
        );
        assert_eq!(common_run("魚価", "農業産出額"), 0);
    }

    #[test]
    fn header_accepts_both_spellings() {
        let a = header(
            1,
            "初期値\tR2(2020)実績値\t実施計画期間設定値\t成果指標(KPI)",
        );
        let b = header(
            1,
            "初期値\tR2(2020) 実績値\t実施計画 期間設定値\t成果指標 (KPI)",
        );
        assert_eq!(a.as_ref().map(|x| x.0.year()), Ok(2020));
        assert_eq!(b.map(|x| x.0.year()), Ok(2020));
        assert!(header(7, "初期値\t実績値\t目標").is_err_and(|e| e.line == 7));
    }
}
