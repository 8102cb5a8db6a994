//! Drawing the chart: the plot frame, lines, markers, legend swatches and
//! label placement that avoids overlaps.

use super::*;

/// An axis-aligned box.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    x0: Decimal,
    y0: Decimal,
    x1: Decimal,
    y1: Decimal,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }
}

/// Maps years and amounts to px.
pub(super) struct Frame<'a> {
    first: FiscalYear,
    last: FiscalYear,
    left: Decimal,
    right: Decimal,
    top: Decimal,
    height: Decimal,
    inner_pad: Decimal,
    scale: &'a Scale,
}

impl Frame<'_> {
    fn x(&self, year: FiscalYear) -> Decimal {
        let span = self.last.year() - self.first.year();
        if span <= 0 {
            return (self.left + self.right) / Decimal::TWO;
        }
        let width = self.right - self.left - self.inner_pad * Decimal::TWO;
        let offset = dec(i64::from(year.year() - self.first.year()));
        self.left + self.inner_pad + width * offset / dec(i64::from(span))
    }
    fn y(&self, v: Decimal) -> Decimal {
        self.top + self.height * self.scale.ratio(v)
    }
    fn bottom(&self) -> Decimal {
        self.top + self.height
    }
}

/// Draws axes, lines, markers, labels and legend into `out`; returns the height.
pub(super) fn draw(
    input: &ChartInput,
    g: &Geometry,
    scale: &Scale,
    first: FiscalYear,
    last: FiscalYear,
    out: &mut String,
) -> i64 {
    let l = &input.labels;
    let font = dec(g.font);
    let tick_texts: Vec<String> = scale.ticks.iter().map(|t| scale.tick_text(*t)).collect();
    let widest = tick_texts
        .iter()
        .map(|t| text_width(t, g.font))
        .max()
        .unwrap_or_default();
    let left = (widest + dec(12)).max(dec(24)).ceil();
    let f = Frame {
        first,
        last,
        left,
        right: dec(g.width - g.right_margin),
        top: dec(g.plot_top),
        height: dec(g.plot_height),
        inner_pad: dec(g.inner_pad),
        scale,
    };

    // Unit caption.
    out.push_str(&format!(
        r#"<text x="4" y="{}" fill="{TEXT}">{}</text>"#,
        g.font + 2,
        escape(&l.unit.replace("{unit}", &input.unit))
    ));

    // Grid and y labels.
    for (t, text) in scale.ticks.iter().zip(&tick_texts) {
        let y = px(f.y(*t));
        out.push_str(&format!(
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}" stroke-width="1"/>"#,
            px(f.left),
            px(f.right)
        ));
        out.push_str(&format!(
            r#"<text x="{}" y="{}" text-anchor="end" fill="{TEXT}">{}</text>"#,
            px(f.left - dec(6)),
            px(f.y(*t) + font * tenths(3)),
            escape(text)
        ));
    }

    // X axis, year ticks and labels.
    let bottom = f.bottom();
    out.push_str(&format!(
        r#"<line x1="{}" y1="{b}" x2="{}" y2="{b}" stroke="{GREY}" stroke-width="1"/>"#,
        px(f.left),
        px(f.right),
        b = px(bottom)
    ));
    let years: Vec<FiscalYear> = year_range(first, last);
    let step = year_label_step(&years, &f, l, g);
    let label_y = px(bottom + font + dec(6));
    for (i, y) in years.iter().enumerate() {
        let x = px(f.x(*y));
        out.push_str(&format!(
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{GREY}" stroke-width="1"/>"#,
            px(bottom),
            px(bottom + dec(4))
        ));
        // Every step-th year and the last (the final target's year); a
        // step-th year too close to the last one is left out.
        let end = years.len().saturating_sub(1);
        let labelled = if g.detailed {
            i == end || (i % step == 0 && i + step <= end)
        } else {
            i == 0 || i == end
        };
        if labelled {
            let text = l.year_text(*y);
            let half = text_width(&text, g.font) / Decimal::TWO + Decimal::ONE;
            let cx = f.x(*y).max(half).min(dec(g.width) - half);
            out.push_str(&format!(
                r#"<text x="{}" y="{label_y}" text-anchor="middle" fill="{TEXT}">{}</text>"#,
                px(cx),
                escape(&text)
            ));
        }
    }

    // Lines.
    let r = tenths(g.marker_tenths);
    if input.trajectory.len() > 1 {
        out.push_str(&format!(
            r#"<polyline points="{}" fill="none" stroke="{GREY}" stroke-width="2" stroke-dasharray="6 4"/>"#,
            polyline(&f, &input.trajectory)
        ));
    }
    if input.actuals.len() > 1 {
        out.push_str(&format!(
            r#"<polyline points="{}" fill="none" stroke="{BLUE}" stroke-width="2.5"/>"#,
            polyline(&f, &input.actuals)
        ));
    }

    // Markers, each with its text.
    let mut obstacles: Vec<Rect> = Vec::new();
    let mut labels: Vec<(Series, Decimal, Decimal, String, bool)> = Vec::new();
    for (s, p) in input.printed() {
        let (x, y) = (f.x(p.year), f.y(p.amount));
        let value = input.value_text(p.amount, &p.suffix);
        out.push_str(&marker(
            s,
            x,
            y,
            r,
            Some(&format!("{} {} {value}", s.label(l), l.year_text(p.year))),
        ));
        obstacles.push(marker_box(x, y, r));
        labels.push((s, x, y, format!("{} {value}", s.label(l)), true));
    }
    for (year, v) in &input.actuals {
        let (x, y) = (f.x(*year), f.y(*v));
        let value = input.value_text(*v, "");
        out.push_str(&marker(
            Series::Actual,
            x,
            y,
            r,
            Some(&format!("{} {} {value}", l.actual, l.year_text(*year))),
        ));
        obstacles.push(marker_box(x, y, r));
        labels.push((Series::Actual, x, y, value, false));
    }
    if !g.detailed {
        return g.plot_top + g.plot_height + g.font + 10;
    }

    // Value labels: printed figures (targets first), then actuals from the latest.
    let order = [
        Series::Target,
        Series::Interim,
        Series::Initial,
        Series::Baseline,
    ];
    labels.sort_by_key(|(s, ..)| order.iter().position(|o| o == s).unwrap_or(order.len()));
    let (printed, mut actual): (Vec<_>, Vec<_>) =
        labels.into_iter().partition(|(s, ..)| *s != Series::Actual);
    actual.reverse();
    let mut placer = Placer {
        font: g.font,
        bounds: Rect {
            x0: Decimal::ZERO,
            y0: dec(g.font + 6),
            x1: dec(g.width),
            y1: bottom + dec(2),
        },
        taken: obstacles,
    };
    for (_, x, y, text, required) in printed.into_iter().chain(actual) {
        if let Some((lx, ly)) = placer.place(&text, x, y, r, required) {
            out.push_str(&format!(
                r##"<text x="{}" y="{}" text-anchor="middle" fill="{TEXT}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
                px(lx),
                px(ly),
                escape(&text)
            ));
        }
    }

    // Legend.
    let mut entries = vec![Series::Actual];
    if input.trajectory.len() > 1 {
        entries.push(Series::Trajectory);
    }
    entries.extend(input.printed().into_iter().map(|(s, _)| s));
    let row_height = font + dec(10);
    let mut x = dec(4);
    let mut row_top = bottom + font + dec(18);
    let limit = dec(g.width - 4);
    for s in entries {
        let text = s.label(l);
        let w = dec(28) + text_width(text, g.font) + dec(16);
        if x > dec(4) && x + w > limit {
            x = dec(4);
            row_top += row_height;
        }
        let mid = row_top + row_height / Decimal::TWO;
        out.push_str(&swatch(s, x, mid, r));
        out.push_str(&format!(
            r#"<text x="{}" y="{}" fill="{TEXT}">{}</text>"#,
            px(x + dec(28)),
            px(mid + font * tenths(35) / dec(10)),
            escape(text)
        ));
        x += w;
    }
    (row_top + row_height + dec(6))
        .ceil()
        .to_i64()
        .unwrap_or(g.plot_top + g.plot_height)
}

/// Every fiscal year from `first` to `last`.
pub(super) fn year_range(first: FiscalYear, last: FiscalYear) -> Vec<FiscalYear> {
    let mut out = Vec::new();
    let mut y = Some(first);
    while let Some(year) = y.filter(|y| *y <= last) {
        out.push(year);
        y = year.next();
    }
    out
}

/// Label every n-th year so the labels do not touch.
pub(super) fn year_label_step(
    years: &[FiscalYear],
    f: &Frame,
    l: &ChartLabels,
    g: &Geometry,
) -> usize {
    let (Some(a), Some(b)) = (years.first(), years.get(1)) else {
        return 1;
    };
    let per_year = f.x(*b) - f.x(*a);
    let widest = years
        .iter()
        .map(|y| text_width(&l.year_text(*y), g.font))
        .max()
        .unwrap_or_default();
    if per_year <= Decimal::ZERO {
        return 1;
    }
    (widest + dec(8))
        .checked_div(per_year)
        .and_then(|n| n.ceil().to_usize())
        .unwrap_or(1)
        .max(1)
}

pub(super) fn polyline(f: &Frame, points: &[(FiscalYear, Decimal)]) -> String {
    points
        .iter()
        .map(|(y, v)| format!("{},{}", px(f.x(*y)), px(f.y(*v))))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn marker_box(x: Decimal, y: Decimal, r: Decimal) -> Rect {
    let r = r * tenths(13);
    Rect {
        x0: x - r,
        y0: y - r,
        x1: x + r,
        y1: y + r,
    }
}

/// A marker's shape, with its text as `<title>` when given.
pub(super) fn marker(s: Series, x: Decimal, y: Decimal, r: Decimal, title: Option<&str>) -> String {
    let c = s.colour();
    let title = title.map_or(String::new(), |t| format!("<title>{}</title>", escape(t)));
    match s {
        Series::Initial => format!(
            r#"<rect x="{}" y="{}" width="{d}" height="{d}" fill="{c}">{title}</rect>"#,
            px(x - r),
            px(y - r),
            d = px(r * Decimal::TWO)
        ),
        Series::Baseline => format!(
            r##"<circle cx="{}" cy="{}" r="{}" fill="#ffffff" stroke="{c}" stroke-width="2">{title}</circle>"##,
            px(x),
            px(y),
            px(r)
        ),
        Series::Actual | Series::Trajectory => format!(
            r#"<circle cx="{}" cy="{}" r="{}" fill="{c}">{title}</circle>"#,
            px(x),
            px(y),
            px(r)
        ),
        Series::Interim => {
            let d = r * tenths(14);
            format!(
                r#"<path d="M{} {}L{} {}L{} {}L{} {}Z" fill="{c}">{title}</path>"#,
                px(x),
                px(y - d),
                px(x + d),
                px(y),
                px(x),
                px(y + d),
                px(x - d),
                px(y)
            )
        }
        Series::Target => {
            let d = r * tenths(14);
            format!(
                r#"<path d="M{} {}L{} {}L{} {}Z" fill="{c}">{title}</path>"#,
                px(x),
                px(y - d),
                px(x + d),
                px(y + r),
                px(x - d),
                px(y + r)
            )
        }
    }
}

/// The legend's sample of a series at (x, mid), 24 px wide.
pub(super) fn swatch(s: Series, x: Decimal, mid: Decimal, r: Decimal) -> String {
    let line = |dash: &str, width: &str| {
        format!(
            r#"<line x1="{}" y1="{m}" x2="{}" y2="{m}" stroke="{}" stroke-width="{width}"{dash}/>"#,
            px(x),
            px(x + dec(24)),
            s.colour(),
            m = px(mid)
        )
    };
    match s {
        Series::Trajectory => line(r#" stroke-dasharray="6 4""#, "2"),
        Series::Actual => line("", "2.5") + &marker(s, x + dec(12), mid, r, None),
        _ => marker(s, x + dec(12), mid, r, None),
    }
}

/// Places value labels so they stay inside the picture and do not overlap
/// markers or each other.
pub(super) struct Placer {
    /// Font size in px.
    font: i64,
    /// Where labels may go.
    bounds: Rect,
    /// Markers and the labels placed so far.
    taken: Vec<Rect>,
}

impl Placer {
    /// Places a label near (x, y), a marker of radius `r`: above, below,
    /// right, left, then further above and below; the first position inside
    /// the bounds that overlaps nothing taken. A required label takes the
    /// first position inside the bounds when every one overlaps; an optional
    /// one is then left out (`None`).
    fn place(
        &mut self,
        text: &str,
        x: Decimal,
        y: Decimal,
        r: Decimal,
        required: bool,
    ) -> Option<(Decimal, Decimal)> {
        let font = dec(self.font);
        let half = text_width(text, self.font) / Decimal::TWO;
        let gap = r + dec(4);
        let above = y - gap - dec(2);
        let below = y + gap + font;
        let side = y + font * tenths(35) / dec(10);
        let candidates = [
            (x, above),
            (x, below),
            (x + gap + half, side),
            (x - gap - half, side),
            (x, above - font - dec(4)),
            (x, below + font + dec(4)),
        ];
        let boxed = |(cx, cy): (Decimal, Decimal)| Rect {
            x0: cx - half - Decimal::ONE,
            y0: cy - font * tenths(9),
            x1: cx + half + Decimal::ONE,
            y1: cy + font * tenths(3),
        };
        let inside: Vec<(Decimal, Decimal)> = candidates
            .into_iter()
            .filter(|c| boxed(*c).inside(&self.bounds))
            .collect();
        let free = inside
            .iter()
            .copied()
            .find(|c| !self.taken.iter().any(|o| boxed(*c).overlaps(o)));
        let chosen = match free {
            Some(c) => Some(c),
            None if required => inside.first().copied().or(candidates.first().copied()),
            None => None,
        }?;
        self.taken.push(boxed(chosen));
        Some(chosen)
    }
}
