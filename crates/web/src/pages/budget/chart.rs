//! The cost-trend bar chart of the budget page: accessible SVG
//! (`<title>`/`<desc>` hold the figures), drawn from exact integers.

use crate::i18n::Texts;

/// One year of the trend chart: 事業費 (settlement or budget) and 人件費 in 千円.
pub(super) struct Bar {
    /// The year's label.
    pub(super) year: String,
    /// 決算 (or 予算現額) in 千円.
    pub(super) spending: i64,
    /// 人件費 in 千円.
    pub(super) personnel: i64,
    /// 総事業費 as displayed.
    pub(super) total: String,
}

/// Pixels of a bar segment: `value` scaled to `height` against `max`, in integers.
fn scaled(value: i64, max: i64, height: i64) -> i64 {
    if max <= 0 || value <= 0 {
        return 0;
    }
    let px = i128::from(value) * i128::from(height) / i128::from(max);
    i64::try_from(px).unwrap_or(height)
}

/// The total cost per year as stacked bars (事業費 solid, 人件費 hatched,
/// each named in the legend, the total written above each bar), with
/// `<title>` and `<desc>` giving every figure; the table beside it holds the
/// same numbers. Empty when no year has any cost.
pub(super) fn cost_chart(bars: &[Bar], t: &Texts) -> String {
    use keikaku_report::xml::escape;
    let max = bars
        .iter()
        .map(|b| b.spending.saturating_add(b.personnel))
        .max()
        .unwrap_or(0);
    if max <= 0 {
        return String::new();
    }
    const TOP: i64 = 56;
    const PLOT: i64 = 180;
    const STEP: i64 = 96;
    let width = (40 + STEP * i64::try_from(bars.len()).unwrap_or(1)).max(320);
    let height = TOP + PLOT + 40;
    let base = TOP + PLOT;
    let title = t.get("budget_portal_chart_title");
    let desc: Vec<String> = bars
        .iter()
        .map(|b| {
            format!(
                "{}: {} {} ({} {}, {} {})",
                b.year,
                t.get("budget_portal_total"),
                b.total,
                t.get("budget_portal_spending"),
                keikaku_model::budget::money::Thousands::new(b.spending),
                t.get("budget_portal_personnel"),
                keikaku_model::budget::money::Thousands::new(b.personnel),
            )
        })
        .collect();
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"budget-chart-title budget-chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"budget-chart-title\">{}</title><desc id=\"budget-chart-desc\">{}</desc>\
<defs><pattern id=\"budget-chart-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#0017c1\" stroke-width=\"2\"/></pattern></defs>\
<rect x=\"20\" y=\"8\" width=\"14\" height=\"14\" fill=\"#0017c1\"/><text x=\"40\" y=\"20\" font-size=\"13\">{}</text>\
<rect x=\"20\" y=\"28\" width=\"14\" height=\"14\" fill=\"url(#budget-chart-hatch)\" stroke=\"#0017c1\"/><text x=\"40\" y=\"40\" font-size=\"13\">{}</text>\
<line x1=\"20\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#333333\"/>",
        escape(&format!("{title}{}", t.get("budget_portal_unit"))),
        escape(&desc.join("; ")),
        escape(t.get("budget_portal_spending")),
        escape(t.get("budget_portal_personnel")),
        width - 20,
    );
    for (i, b) in bars.iter().enumerate() {
        let x = 40 + STEP * i64::try_from(i).unwrap_or(0);
        let spend = scaled(b.spending, max, PLOT);
        let pers = scaled(b.personnel, max, PLOT);
        let mid = x + 24;
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"48\" height=\"{spend}\" fill=\"#0017c1\"/>\
<rect x=\"{x}\" y=\"{}\" width=\"48\" height=\"{pers}\" fill=\"url(#budget-chart-hatch)\" stroke=\"#0017c1\"/>\
<text x=\"{mid}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\
<text x=\"{mid}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            base - spend,
            base - spend - pers,
            base - spend - pers - 6,
            escape(&b.total),
            base + 18,
            escape(b.year.split('（').next().unwrap_or(&b.year)),
        ));
    }
    svg.push_str("</svg>");
    svg
}

// ---------------------------------------------------------------------------
// The initiative page.
