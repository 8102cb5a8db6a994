//! The indicator chart: accessible structure, labels and values, well-formed
//! XML, and the awkward shapes of real data (no actuals, one year, falling
//! and negative series, flat lines, large numbers).

use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::EvalContext;
use keikaku_model::plan::Years;
use keikaku_report::chart::{ChartInput, ChartLabels, ChartPoint, ChartSize, indicator_chart};
use keikaku_report::xml::escape;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("year in range")
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn point(y: i32, v: &str) -> Option<ChartPoint> {
    Some(ChartPoint {
        year: fy(y),
        amount: d(v),
        suffix: String::new(),
    })
}

/// KPI-07 要介護認定率 as the shipped plan prints it, with two actuals.
fn care_rate(size: ChartSize) -> ChartInput {
    ChartInput {
        id: "KPI-07".into(),
        title: "要介護認定率の推移".into(),
        unit: "%".into(),
        initial: point(2017, "19.59"),
        baseline: point(2020, "18.94"),
        interim: point(2024, "19.24"),
        target: Some(ChartPoint {
            year: fy(2028),
            amount: d("19.0"),
            suffix: "以下".into(),
        }),
        trajectory: vec![
            (fy(2017), d("19.59")),
            (fy(2020), d("19.4900")),
            (fy(2024), d("19.24")),
            (fy(2028), d("19.0")),
        ],
        actuals: vec![(fy(2023), d("19.30")), (fy(2024), d("19.10"))],
        labels: ChartLabels::japanese(),
        size,
    }
}

/// Checks that the SVG is well-formed XML as far as this chart writes it:
/// every tag closes in order, attributes are quoted, entities are known,
/// no stray `<`, `>` or `&` in text. Returns the element names in order.
fn well_formed(svg: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("tag closes") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "nested < in tag {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().expect("closing tag has an opening tag");
            assert_eq!(top, name.trim(), "tags close in order");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body
                .split_whitespace()
                .next()
                .expect("tag name")
                .to_string();
            check_attributes(body[name.len()..].trim());
            names.push(name.clone());
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(names.first().map(String::as_str), Some("svg"));
    names
}

fn check_text(text: &str) {
    assert!(!text.contains('>'), "stray > in {text}");
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let end = rest[amp..].find(';').expect("entity ends") + amp;
        let entity = &rest[amp + 1..end];
        assert!(
            ["amp", "lt", "gt", "quot", "#39"].contains(&entity),
            "unknown entity &{entity};"
        );
        rest = &rest[end + 1..];
    }
}

fn check_attributes(mut attrs: &str) {
    while !attrs.is_empty() {
        let eq = attrs.find('=').expect("attribute has a value");
        let name = attrs[..eq].trim();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "attribute name {name:?}"
        );
        let value = attrs[eq + 1..].strip_prefix('"').expect("quoted value");
        let end = value.find('"').expect("value closes");
        check_text(&value[..end]);
        attrs = value[end + 1..].trim_start();
    }
}

/// The values of every `id="…"`.
fn ids(svg: &str) -> Vec<String> {
    svg.split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_string())
        .collect()
}

/// The text content of the elements named `name`.
fn texts<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    svg.split(&open)
        .skip(1)
        .filter_map(|s| {
            let start = s.find('>')? + 1;
            let end = s.find(&format!("</{name}>"))?;
            s.get(start..end)
        })
        .collect()
}

#[test]
fn the_chart_is_an_accessible_labelled_image() {
    let svg = indicator_chart(&care_rate(ChartSize::Full));
    well_formed(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(r#"aria-labelledby="chart-KPI-07-title chart-KPI-07-desc""#));
    assert!(svg.contains(r#"<title id="chart-KPI-07-title">要介護認定率の推移</title>"#));
    let desc = texts(&svg, "desc");
    assert_eq!(desc.len(), 1);
    assert_eq!(
        desc[0],
        "初期値 2017年度 19.59%、基準年の実績値 2020年度 18.94%、実績値 2023年度 19.30%、\
         実績値 2024年度 19.10%、実施計画期間設定値 2024年度 19.24%、目標値 2028年度 19.0%以下、\
         計画線 2017年度 19.59% → 2028年度 19.0%"
    );
    let all_ids = ids(&svg);
    let unique: BTreeSet<&String> = all_ids.iter().collect();
    assert_eq!(unique.len(), all_ids.len(), "ids are unique: {all_ids:?}");
    assert_eq!(all_ids.len(), 2, "only the title and desc carry ids");
}

#[test]
fn figures_are_labelled_in_text_not_colour_alone() {
    let svg = indicator_chart(&care_rate(ChartSize::Full));
    let text = texts(&svg, "text");
    for label in [
        "初期値 19.59%",
        "基準年の実績値 18.94%",
        "実施計画期間設定値 19.24%",
        "目標値 19.0%以下",
        "19.10%",
        "19.30%",
    ] {
        assert!(text.contains(&label), "value label {label} in {text:?}");
    }
    for legend in [
        "実績値",
        "計画線",
        "初期値",
        "基準年の実績値",
        "実施計画期間設定値",
        "目標値",
    ] {
        assert!(text.contains(&legend), "legend entry {legend}");
    }
    assert!(text.contains(&"単位: %"), "unit caption");
    for tick in ["18.8", "19.0", "19.6"] {
        assert!(text.contains(&tick), "y tick {tick} in {text:?}");
    }
    assert!(
        text.contains(&"2017年度") && text.contains(&"2028年度"),
        "{text:?}"
    );
    assert!(
        !text.contains(&"2027年度"),
        "too close to the last year: {text:?}"
    );
    // Every marker says what it is.
    let titles = texts(&svg, "title");
    for t in [
        "初期値 2017年度 19.59%",
        "実績値 2024年度 19.10%",
        "目標値 2028年度 19.0%以下",
    ] {
        assert!(titles.contains(&t), "marker title {t}");
    }
    // The trajectory is dashed, the actuals solid.
    assert!(svg.contains(r##"stroke="#626262" stroke-width="2" stroke-dasharray="6 4""##));
    assert!(svg.contains(r##"<polyline points="##));
    assert_eq!(svg.matches("<polyline").count(), 2);
}

#[test]
fn colours_have_three_to_one_contrast_on_white() {
    let svg = indicator_chart(&care_rate(ChartSize::Full));
    let mut colours: BTreeSet<&str> = BTreeSet::new();
    for attr in ["fill=\"", "stroke=\""] {
        for part in svg.split(attr).skip(1) {
            colours.insert(part.split('"').next().unwrap_or_default());
        }
    }
    colours.remove("none");
    colours.remove("#ffffff");
    // Grid lines are decoration and exempt (WCAG 1.4.11).
    colours.remove("#d9d9d9");
    assert_eq!(
        colours,
        BTreeSet::from(["#0017c1", "#197a4b", "#1a1a1a", "#626262", "#a43c00"])
    );
    for c in colours {
        assert!(contrast_on_white(c) >= 3.0, "{c}: {}", contrast_on_white(c));
    }
}

/// WCAG contrast ratio against white (test-only arithmetic).
fn contrast_on_white(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (l + 0.05)
}

#[test]
fn output_is_deterministic() {
    let a = indicator_chart(&care_rate(ChartSize::Full));
    let b = indicator_chart(&care_rate(ChartSize::Full));
    assert_eq!(a, b);
    let coordinates = numbers_in_points(&a);
    assert!(coordinates.len() > 20);
    assert!(
        coordinates.iter().all(|n| n.scale() <= 1),
        "one place at most"
    );
}

#[test]
fn the_compact_chart_keeps_title_desc_and_markers() {
    let mut input = care_rate(ChartSize::Compact);
    input.id = "P2-T3-KPI-07".into();
    let svg = indicator_chart(&input);
    well_formed(&svg);
    assert!(svg.contains(r#"width="240""#));
    assert!(svg.contains(r#"aria-labelledby="chart-P2-T3-KPI-07-title chart-P2-T3-KPI-07-desc""#));
    assert!(texts(&svg, "desc")[0].contains("目標値 2028年度 19.0%以下"));
    // First and last years only; no value labels or legend.
    let text = texts(&svg, "text");
    assert!(text.contains(&"2017年度") && text.contains(&"2028年度"));
    assert!(!text.contains(&"2020年度"));
    assert!(!text.iter().any(|t| t.contains("19.10%")));
    assert_eq!(svg.matches("<title>").count(), 6, "one per marker");
}

#[test]
fn no_actuals_is_said_in_words() {
    let mut input = care_rate(ChartSize::Full);
    input.actuals.clear();
    let svg = indicator_chart(&input);
    well_formed(&svg);
    assert!(texts(&svg, "desc")[0].contains("実績値はまだありません"));
    assert_eq!(svg.matches("<polyline").count(), 1, "only the trajectory");
    assert_eq!(
        svg.matches("<title>").count(),
        4,
        "the four printed figures"
    );
}

#[test]
fn nothing_at_all_draws_a_message() {
    let input = ChartInput {
        id: "KPI-99".into(),
        title: "空の指標".into(),
        unit: "人".into(),
        initial: None,
        baseline: None,
        interim: None,
        target: None,
        trajectory: Vec::new(),
        actuals: Vec::new(),
        labels: ChartLabels::japanese(),
        size: ChartSize::Full,
    };
    let svg = indicator_chart(&input);
    well_formed(&svg);
    assert!(texts(&svg, "text").contains(&"表示できる数値がありません"));
    assert!(svg.contains(r#"<title id="chart-KPI-99-title">空の指標</title>"#));
}

#[test]
fn one_year_only_is_centred() {
    let input = ChartInput {
        id: "one".into(),
        title: "One year".into(),
        unit: "件".into(),
        initial: None,
        baseline: None,
        interim: None,
        target: None,
        trajectory: Vec::new(),
        actuals: vec![(fy(2024), d("60"))],
        labels: ChartLabels::english(),
        size: ChartSize::Full,
    };
    let svg = indicator_chart(&input);
    well_formed(&svg);
    let text = texts(&svg, "text");
    assert!(text.contains(&"FY2024"), "{text:?}");
    assert!(text.contains(&"60件"), "{text:?}");
    assert!(text.contains(&"Unit: 件"));
    assert_eq!(svg.matches("<polyline").count(), 0);
    assert_eq!(texts(&svg, "desc")[0], "Actual FY2024 60件");
}

#[test]
fn falling_and_negative_series_fit_the_axis() {
    let input = ChartInput {
        id: "KPI-20".into(),
        title: "温室効果ガスの削減率".into(),
        unit: "%".into(),
        initial: point(2015, "0"),
        baseline: point(2019, "-12.5"),
        interim: point(2024, "-30"),
        target: point(2030, "-46"),
        trajectory: vec![
            (fy(2015), d("0")),
            (fy(2024), d("-30")),
            (fy(2030), d("-46")),
        ],
        actuals: vec![(fy(2021), d("-18.2")), (fy(2022), d("-21.0"))],
        labels: ChartLabels::japanese(),
        size: ChartSize::Full,
    };
    let svg = indicator_chart(&input);
    well_formed(&svg);
    let text = texts(&svg, "text");
    assert!(text.contains(&"目標値 -46%"), "{text:?}");
    assert!(
        text.contains(&"-60") && text.contains(&"0"),
        "ticks cover -46..0: {text:?}"
    );
    // Every drawn coordinate is inside the picture.
    for n in numbers_in_points(&svg) {
        assert!(n >= Decimal::ZERO && n <= d("720"), "{n}");
    }
}

#[test]
fn a_flat_line_gets_a_band_around_it() {
    let input = ChartInput {
        id: "flat".into(),
        title: "現状維持".into(),
        unit: "%".into(),
        initial: point(2018, "100"),
        baseline: point(2020, "100"),
        interim: point(2024, "100"),
        target: point(2028, "100"),
        trajectory: (2018..=2028).map(|y| (fy(y), d("100"))).collect(),
        actuals: vec![(fy(2023), d("100"))],
        labels: ChartLabels::japanese(),
        size: ChartSize::Full,
    };
    let svg = indicator_chart(&input);
    well_formed(&svg);
    let text = texts(&svg, "text");
    assert!(text.contains(&"90") && text.contains(&"110"), "{text:?}");
    // The line is drawn at the same height everywhere.
    let line = svg
        .split("<polyline points=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("trajectory");
    let ys: BTreeSet<&str> = line
        .split(' ')
        .filter_map(|p| p.split(',').nth(1))
        .collect();
    assert_eq!(ys.len(), 1, "{line}");
}

#[test]
fn large_numbers_get_thousands_separators() {
    let input = ChartInput {
        id: "KPI-15".into(),
        title: "文化財施設入館者数の推移".into(),
        unit: "人".into(),
        initial: point(2018, "1026000"),
        baseline: point(2020, "487000"),
        interim: point(2024, "900000"),
        target: point(2028, "1100000"),
        trajectory: vec![
            (fy(2018), d("1026000")),
            (fy(2024), d("900000")),
            (fy(2028), d("1100000")),
        ],
        actuals: vec![(fy(2022), d("640512")), (fy(2023), d("1026000"))],
        labels: ChartLabels::english(),
        size: ChartSize::Full,
    };
    let svg = indicator_chart(&input);
    well_formed(&svg);
    let text = texts(&svg, "text");
    assert!(text.contains(&"Initial value 1,026,000人"), "{text:?}");
    assert!(text.contains(&"640,512人"), "{text:?}");
    assert!(text.contains(&"1,200,000"), "y ticks grouped: {text:?}");
    assert!(texts(&svg, "desc")[0].starts_with("Initial value FY2018 1,026,000人; "));
    let flat = ChartInput {
        actuals: vec![(fy(2023), d("1026000"))],
        trajectory: Vec::new(),
        initial: point(2023, "1026000"),
        baseline: None,
        interim: None,
        target: None,
        ..input
    };
    let svg = indicator_chart(&flat);
    well_formed(&svg);
    assert!(texts(&svg, "text").iter().any(|t| t.contains("1,000,000")));
}

#[test]
fn text_is_escaped() {
    let mut input = care_rate(ChartSize::Full);
    input.title = "R&D <件数> \"速報\"".into();
    input.unit = "<b>".into();
    input.labels.actual = "A&B".into();
    let svg = indicator_chart(&input);
    well_formed(&svg);
    assert!(svg.contains(&escape("R&D <件数> \"速報\"")));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("A&amp;B"));
}

#[test]
fn ids_are_made_safe() {
    let mut input = care_rate(ChartSize::Compact);
    input.id = "P1 T2/\"x\"".into();
    let svg = indicator_chart(&input);
    well_formed(&svg);
    assert!(svg.contains(r#"<title id="chart-P1_T2__x_-title">"#));
}

#[test]
fn the_indicator_input_uses_the_plans_values_and_trajectory() {
    use keikaku_model::indicator::{Aggregation, Basis, Indicator, KpiValue, KpiValues, Polarity};
    use keikaku_model::period::Period;
    use keikaku_model::quantity::{Bound, Quantity, Unit};
    let value = |amount: &str, period: &str, bound: Option<Bound>| KpiValue {
        quantity: Quantity {
            amount: d(amount),
            unit: Unit::new("%").expect("unit"),
        },
        bound,
        period: Period::parse(period).expect("period"),
        annotations: Vec::new(),
        written: String::new(),
        line: None,
    };
    let indicator = Indicator {
        id: keikaku_model::ids::IndicatorId::new("KPI-07").expect("id"),
        name: "要介護認定率".into(),
        description: None,
        part_of: None,
        unit: Unit::new("%").expect("unit"),
        polarity: Polarity::Decrease,
        polarity_basis: Basis::Stated,
        aggregation: Aggregation::Annual,
        aggregation_basis: Basis::Inferred,
        values: KpiValues {
            initial: Some(value("19.59", "2018年3月末", None)),
            baseline: Some(value("18.94", "2021年3月末", None)),
            interim: Some(value("19.24", "2025年3月末", None)),
            target: Some(value("19.0", "2029年3月末", Some(Bound::AtMost))),
        },
        policy_items: Vec::new(),
        directions: Vec::new(),
    };
    let ctx = EvalContext::new(
        Years::new(fy(2022), fy(2024)).expect("years"),
        Years::new(fy(2019), fy(2028)).expect("years"),
    );
    let input = ChartInput::for_indicator(
        &indicator,
        &ctx,
        &[(fy(2024), d("19.10")), (fy(2023), d("19.30"))],
        "要介護認定率の推移",
        ChartLabels::japanese(),
        ChartSize::Full,
    );
    assert_eq!(input.id, "KPI-07");
    assert_eq!(input.initial.as_ref().map(|p| p.year), Some(fy(2017)));
    assert_eq!(
        input.target.as_ref().map(|p| p.suffix.as_str()),
        Some("以下")
    );
    assert_eq!(input.trajectory.len(), 12, "FY2017–FY2028");
    assert_eq!(
        input.actuals.first(),
        Some(&(fy(2023), d("19.30"))),
        "sorted"
    );
    let svg = indicator_chart(&input);
    well_formed(&svg);
    assert!(texts(&svg, "text").contains(&"目標値 19.0%以下"));
}

/// Every number in `points` and `d` attributes and x/y/cx/cy values.
fn numbers_in_points(svg: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    for attr in [" x=\"", " cx=\"", " points=\""] {
        for part in svg.split(attr).skip(1) {
            let value = part.split('"').next().unwrap_or_default();
            for n in value.split([' ', ',']) {
                if let Ok(v) = n.parse::<Decimal>() {
                    out.push(v);
                }
            }
        }
    }
    out
}

#[test]
fn extreme_amounts_do_not_panic() {
    for (a, b) in [
        (Decimal::MAX, Decimal::MIN),
        (Decimal::MAX, Decimal::MAX),
        (Decimal::new(1, 28), Decimal::new(2, 28)),
        (Decimal::ZERO, Decimal::ZERO),
    ] {
        let input = ChartInput {
            id: "x".into(),
            title: "extreme".into(),
            unit: "円".into(),
            initial: Some(ChartPoint {
                year: FiscalYear::MIN,
                amount: a,
                suffix: String::new(),
            }),
            baseline: None,
            interim: None,
            target: Some(ChartPoint {
                year: FiscalYear::MAX,
                amount: b,
                suffix: String::new(),
            }),
            trajectory: vec![(FiscalYear::MIN, a), (FiscalYear::MAX, b)],
            actuals: vec![(fy(2024), a)],
            labels: ChartLabels::japanese(),
            size: ChartSize::Full,
        };
        well_formed(&indicator_chart(&input));
    }
}
