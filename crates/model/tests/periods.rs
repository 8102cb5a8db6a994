//! Periods, eras, fiscal years and local government codes: case tables for
//! every written form plans use, the refusals, and property-based round trips.

use keikaku_model::era::{Era, EraYear};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::lgcode::{LgCodeError, LocalGovCode};
use keikaku_model::period::{Period, PeriodError, PeriodKind};
use proptest::prelude::*;

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).unwrap_or_else(|e| panic!("test year {y}: {e}"))
}

fn parse(s: &str) -> Period {
    Period::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn fy_kind(y: i32) -> PeriodKind {
    PeriodKind::FiscalYear { year: fy(y) }
}

fn avg(from: i32, to: i32) -> PeriodKind {
    PeriodKind::FiscalYearAverage {
        from: fy(from),
        to: fy(to),
    }
}

#[test]
fn accepted_forms() {
    use PeriodKind::{CalendarYear, Graduation, Month, MonthEnd};
    #[rustfmt::skip]
    let cases: &[(&str, PeriodKind, bool)] = &[
        ("2023年度", fy_kind(2023), false),
        ("2023", fy_kind(2023), false),
        ("FY2023", fy_kind(2023), false),
        ("fy2023", fy_kind(2023), false),
        ("FY2023年度", fy_kind(2023), false),
        ("令和5年度", fy_kind(2023), false),
        ("令和元年度", fy_kind(2019), false),
        ("令和1年度", fy_kind(2019), false),
        ("R5", fy_kind(2023), false),
        ("R5年度", fy_kind(2023), false),
        ("R05", fy_kind(2023), false),
        ("r5", fy_kind(2023), false),
        ("H31年度", fy_kind(2019), false),
        ("平成31年度", fy_kind(2019), false),
        ("平成32年度", fy_kind(2020), true),
        ("昭和63年度", fy_kind(1988), false),
        ("平成元年度", fy_kind(1989), false),
        ("2024(令和6)年度", fy_kind(2024), false),
        ("2024（令和6）年度", fy_kind(2024), false),
        ("2023(平成35)年度", fy_kind(2023), true),
        ("R2(2020)", fy_kind(2020), false),
        ("Ｒ２（２０２０）", fy_kind(2020), false),
        ("２０２４年度", fy_kind(2024), false),
        ("㋿6年度", fy_kind(2024), false),
        ("㍻32年度", fy_kind(2020), true),
        ("  令和 6 年度\u{3000}", fy_kind(2024), false),
        ("2023年", CalendarYear { year: 2023 }, false),
        ("令和5年", CalendarYear { year: 2023 }, false),
        ("2024年3月末", MonthEnd { year: 2024, month: 3 }, false),
        ("令和6年3月末", MonthEnd { year: 2024, month: 3 }, false),
        ("2024年3月末日", MonthEnd { year: 2024, month: 3 }, false),
        ("令和6年度末", MonthEnd { year: 2025, month: 3 }, false),
        ("2024年末", MonthEnd { year: 2024, month: 12 }, false),
        ("2024年3月卒", Graduation { year: 2024, month: 3 }, false),
        ("令和6年3月卒", Graduation { year: 2024, month: 3 }, false),
        ("2024年3月卒業", Graduation { year: 2024, month: 3 }, false),
        ("2022年3月", Month { year: 2022, month: 3 }, false),
        ("令和4年3月", Month { year: 2022, month: 3 }, false),
        ("2022年03月", Month { year: 2022, month: 3 }, false),
        ("2015 ~ 2017年度 平均", avg(2015, 2017), false),
        ("2015～2017年度平均", avg(2015, 2017), false),
        ("2015〜2017年度平均", avg(2015, 2017), false),
        ("2015-2017年度平均", avg(2015, 2017), false),
        ("2015－2017年度平均", avg(2015, 2017), false),
        ("2015−2017年度平均", avg(2015, 2017), false),
        ("2015から2017年度平均", avg(2015, 2017), false),
        ("2015年度~2017年度平均", avg(2015, 2017), false),
        ("平成27~29年度平均", avg(2015, 2017), false),
        ("平成30~令和2年度平均", avg(2018, 2020), false),
        ("2009~14年度平均", avg(2009, 2014), false),
        ("1999~01年度平均", avg(1999, 2001), false),
        ("FY2015~FY2017平均", avg(2015, 2017), false),
        ("2016~2016年度平均", avg(2016, 2016), false),
        ("2024年度（令和6年度）", fy_kind(2024), false),
        ("2020年度(平成32年度)", fy_kind(2020), true),
        ("2025年(令和7年)", CalendarYear { year: 2025 }, false),
        ("2021年3月末（令和3年3月末）", MonthEnd { year: 2021, month: 3 }, false),
        ("2015〜2017年度平均（平成27〜29年度平均）", avg(2015, 2017), false),
    ];
    for (input, kind, overflow) in cases {
        let p = parse(input);
        assert_eq!(p.kind(), *kind, "kind of {input:?}");
        assert_eq!(p.era_overflow(), *overflow, "era_overflow of {input:?}");
        assert_eq!(p.written(), input.trim(), "written of {input:?}");
        assert_eq!(p.to_string(), input.trim());
        assert_eq!(Period::parse(&p.to_string()), Ok(p));
    }
}

#[test]
fn rejected_forms() {
    type Check = fn(&PeriodError) -> bool;
    let not_a_period: Check = |e| matches!(e, PeriodError::NotAPeriod { .. });
    let month: Check = |e| matches!(e, PeriodError::MonthOutOfRange { .. });
    let year: Check = |e| matches!(e, PeriodError::YearOutOfRange { .. });
    let zero: Check = |e| matches!(e, PeriodError::EraYearZero { .. });
    let mismatch: Check = |e| matches!(e, PeriodError::EraMismatch { .. });
    let reversed: Check = |e| matches!(e, PeriodError::AverageReversed { .. });
    let cases: &[(&str, Check)] = &[
        ("", |e| *e == PeriodError::Empty),
        ("  \u{3000} ", |e| *e == PeriodError::Empty),
        ("garbage", not_a_period),
        ("年度", not_a_period),
        ("R", not_a_period),
        ("令和年度", not_a_period),
        ("2024年度x", not_a_period),
        ("2024年度平均", not_a_period),
        ("2024年3", not_a_period),
        ("2024年3月末卒", not_a_period),
        ("2024年3月4日", not_a_period),
        ("元年度", not_a_period),
        ("FY2024年", not_a_period),
        ("FY令和6", not_a_period),
        ("2015~2017年度", not_a_period),
        ("2015~2017平均", not_a_period),
        ("2015~", not_a_period),
        ("2024(2024)年度", not_a_period),
        ("2024(令和6年度", not_a_period),
        ("2024年度（令和7年度）", not_a_period),
        ("2024年度（令和6年）", not_a_period),
        ("2024年度（令和6年度", not_a_period),
        ("2024年度()", not_a_period),
        ("99999999999年度", not_a_period),
        ("2024年0月", month),
        ("2024年13月", month),
        ("令和6年13月末", month),
        ("2024年0月卒", month),
        ("令和0年度", zero),
        ("R0", zero),
        ("R2(2021)", mismatch),
        ("2024(令和7)年度", mismatch),
        ("2017~2015年度平均", reversed),
        ("令和5~3年度平均", reversed),
        ("1867年度", year),
        ("2201", year),
        ("FY1800", year),
        ("24年度", year),
        ("令和300年度", year),
        ("4294967295年", year),
        ("1868年3月末", |e| {
            matches!(e, PeriodError::FiscalYearOutOfRange { .. })
        }),
        ("2201年4月", year),
        ("2200年度末", year),
    ];
    for (input, check) in cases {
        match Period::parse(input) {
            Ok(p) => panic!("{input:?} should be refused, got {p:?}"),
            Err(e) => assert!(check(&e), "{input:?} gave the wrong error: {e:?}"),
        }
    }
}

#[test]
fn error_messages_say_what_was_found_and_expected() {
    let msg = |s: &str| Period::parse(s).err().map(|e| e.to_string());
    assert_eq!(
        msg("R2(2021)").as_deref(),
        Some("「R2(2021)」: R2 is 2020, not 2021")
    );
    assert_eq!(
        msg("2024(令和7)年度").as_deref(),
        Some("「2024(令和7)年度」: 令和7 is 2025, not 2024")
    );
    assert_eq!(
        msg("2024年13月").as_deref(),
        Some("「2024年13月」: month 13 does not exist: expected a month from 1 to 12")
    );
    assert_eq!(
        msg("1867年度").as_deref(),
        Some("「1867年度」: year 1867 is out of range: expected a year from 1868 to 2200")
    );
    assert_eq!(
        msg("令和0年度").as_deref(),
        Some("「令和0年度」: there is no 令和0年: era years start at 1 (令和元年)")
    );
    let garbage = msg("garbage").unwrap_or_default();
    assert!(
        garbage.starts_with("「garbage」 is not a period: found 「g」,")
            && garbage.contains("; expected e.g. 2024年度, 令和6年度, R6,"),
        "{garbage}"
    );
    assert_eq!(
        msg("2024年度（令和7年度）")
            .and_then(|m| m.split(';').next().map(str::to_owned))
            .as_deref(),
        Some(
            "「2024年度（令和7年度）」 is not a period: 「令和7年度」 in parentheses is FY2025, which does not restate FY2024"
        )
    );
    assert_eq!(
        msg("1868年3月末").as_deref(),
        Some("「1868年3月末」 falls in FY1867: expected a date in fiscal years 1868 to 2200")
    );
    let trailing = msg("2024年度x").unwrap_or_default();
    assert!(trailing.contains("「x」"), "{trailing}");
}

#[test]
fn fiscal_year_of_each_kind() {
    let cases = [
        ("2025年3月卒", 2024),
        ("2025年3月末", 2024),
        ("2025年4月末", 2025),
        ("2015~2017年度平均", 2017),
        ("2018年", 2018),
        ("2024年4月", 2024),
        ("2024年1月", 2023),
        ("R6", 2024),
        ("令和6年度末", 2024),
    ];
    for (input, want) in cases {
        assert_eq!(parse(input).fiscal_year(), fy(want), "{input}");
    }
}

#[test]
fn japanese_and_english_labels() {
    let cases = [
        ("2024年度", "2024年度（令和6年度）", "FY2024"),
        ("2019年度", "2019年度（令和元年度）", "FY2019"),
        ("1989年度", "1989年度（平成元年度）", "FY1989"),
        ("1988年度", "1988年度（昭和63年度）", "FY1988"),
        ("平成31年度", "2019年度（令和元年度）", "FY2019"),
        ("2018年", "2018年（平成30年）", "2018"),
        (
            "2021年3月末",
            "2021年3月末（令和3年3月末）",
            "end of March 2021",
        ),
        (
            "2019年3月末",
            "2019年3月末（平成31年3月末）",
            "end of March 2019",
        ),
        (
            "2018年3月卒",
            "2018年3月卒（平成30年3月卒）",
            "graduates of March 2018",
        ),
        ("2022年3月", "2022年3月（令和4年3月）", "March 2022"),
        ("2019年4月", "2019年4月（平成31年4月）", "April 2019"),
        ("2019年5月", "2019年5月（令和元年5月）", "May 2019"),
        (
            "2015~2017年度平均",
            "2015〜2017年度平均（平成27〜29年度平均）",
            "average FY2015–FY2017",
        ),
        (
            "2017~2019年度平均",
            "2017〜2019年度平均（平成29〜令和元年度平均）",
            "average FY2017–FY2019",
        ),
    ];
    for (input, ja, en) in cases {
        let p = parse(input);
        assert_eq!(p.label_ja(), ja, "{input}");
        assert_eq!(p.label_en(), en, "{input}");
    }
    assert_eq!(fy(2024).label_ja(), "2024年度（令和6年度）");
    assert_eq!(fy(2019).label_en(), "FY2019 (Reiwa 1)");
    assert_eq!(fy(2024).to_string(), "2024年度");
}

#[test]
fn canonical_text_from_kind() {
    use PeriodKind::{CalendarYear, Graduation, Month, MonthEnd};
    let cases = [
        (fy_kind(2024), "2024年度"),
        (CalendarYear { year: 2018 }, "2018年"),
        (
            MonthEnd {
                year: 2021,
                month: 3,
            },
            "2021年3月末",
        ),
        (
            Graduation {
                year: 2018,
                month: 3,
            },
            "2018年3月卒",
        ),
        (avg(2015, 2017), "2015~2017年度平均"),
        (
            Month {
                year: 2022,
                month: 3,
            },
            "2022年3月",
        ),
    ];
    for (kind, text) in cases {
        let p = Period::from_kind(kind);
        assert_eq!(p.written(), text);
        assert_eq!(parse(text), p);
    }
    // Equality is lossless: same kind, different text.
    assert_ne!(parse("R6"), parse("2024年度"));
    assert_eq!(parse("R6").kind(), parse("2024年度").kind());
}

#[test]
fn fiscal_year_from_str() {
    for s in [
        "R6",
        "令和6年度",
        "FY2024",
        "2024年度",
        "2024",
        "2024(令和6)年度",
    ] {
        assert_eq!(s.parse::<FiscalYear>(), Ok(fy(2024)), "{s}");
    }
    for s in ["2024年", "2025年3月末", "2022~2024年度平均", "x"] {
        assert!(s.parse::<FiscalYear>().is_err(), "{s}");
    }
    let msg = "2024年".parse::<FiscalYear>().err().map(|e| e.to_string());
    assert_eq!(
        msg.as_deref(),
        Some(
            "「2024年」 is a calendar year (2024), not a single fiscal year: expected e.g. 2024年度, 令和6年度, R6, FY2024"
        )
    );
    assert_eq!(FiscalYear::of_month(2025, 3), Ok(fy(2024)));
    assert_eq!(fy(2024).next(), Some(fy(2025)));
    assert_eq!(fy(2024).prev(), Some(fy(2023)));
    assert_eq!(fy(2200).next(), None);
    assert_eq!(FiscalYear::try_from(1867).ok(), None);
}

#[test]
fn every_supported_year_has_an_era_label_that_converts_back() {
    for y in 1868..=2200 {
        let ey = EraYear::from_gregorian(y).unwrap_or_else(|| panic!("no era for {y}"));
        assert_eq!(ey.to_gregorian(), y);
        assert!(!ey.is_past_era_end(), "{y} labelled {ey}");
    }
    assert_eq!(EraYear::from_gregorian(1867), None);
}

#[test]
fn local_government_codes() {
    let tsuruoka = LocalGovCode::parse("062031");
    assert_eq!(tsuruoka.as_ref().map(|c| c.prefecture_code()), Ok(6));
    assert_eq!(LocalGovCode::from_five("06203"), tsuruoka);
    assert_eq!(
        LocalGovCode::parse("062032").err().map(|e| e.to_string()),
        Some("「062032」 has a wrong check digit: found 2, expected 1 (for 06203: 062031)".into())
    );
    assert!(matches!(
        LocalGovCode::parse("002003"),
        Err(LgCodeError::UnknownPrefecture { .. })
    ));
    assert!(matches!(
        LocalGovCode::parse("06203"),
        Err(LgCodeError::WrongLength { .. })
    ));
    assert!(matches!(
        LocalGovCode::parse("06-031"),
        Err(LgCodeError::NotADigit { .. })
    ));
    assert!(matches!(
        LocalGovCode::parse(""),
        Err(LgCodeError::WrongLength { .. })
    ));
}

fn fiscal_year() -> impl Strategy<Value = FiscalYear> {
    (1868..=2200i32).prop_map(fy)
}

fn period_kind() -> impl Strategy<Value = PeriodKind> {
    // Months in January–March of 1868 belong to FY1867, which is unsupported.
    let month = || (1869..=2200i32, 1..=12u32);
    prop_oneof![
        fiscal_year().prop_map(|year| PeriodKind::FiscalYear { year }),
        (1868..=2200i32).prop_map(|year| PeriodKind::CalendarYear { year }),
        month().prop_map(|(year, month)| PeriodKind::MonthEnd { year, month }),
        month().prop_map(|(year, month)| PeriodKind::Month { year, month }),
        month().prop_map(|(year, month)| PeriodKind::Graduation { year, month }),
        (fiscal_year(), fiscal_year()).prop_map(|(a, b)| PeriodKind::FiscalYearAverage {
            from: a.min(b),
            to: a.max(b),
        }),
    ]
}

proptest! {
    #[test]
    fn era_year_labels_parse_back(fy in fiscal_year()) {
        let ey = fy.era_year();
        for text in [format!("{ey}度"), format!("{}年度", ey.short()), ey.short()] {
            let p = Period::parse(&text);
            prop_assert_eq!(p.map(|p| p.kind()), Ok(PeriodKind::FiscalYear { year: fy }), "{}", text);
        }
        let both = format!("{}({}{})年度", fy.year(), ey.era.name_ja(), ey.year);
        prop_assert_eq!(both.parse::<FiscalYear>(), Ok(fy));
    }

    #[test]
    fn canonical_periods_round_trip(kind in period_kind()) {
        let p = Period::from_kind(kind);
        prop_assert_eq!(Period::parse(&p.to_string()), Ok(p.clone()));
        // The Japanese label restates the period with its era: it parses back.
        let label = p.label_ja();
        prop_assert_eq!(Period::parse(&label).map(|p| p.kind()), Ok(kind), "{}", label);
        let json = serde_json::to_string(&p).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(serde_json::from_str::<Period>(&json).ok(), Some(p));
        let json = serde_json::to_string(&kind).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(serde_json::from_str::<PeriodKind>(&json).ok(), Some(kind));
    }

    #[test]
    fn era_written_periods_round_trip(kind in period_kind(), short in any::<bool>()) {
        // Write the first year with its era instead of the Gregorian year.
        let canonical = Period::from_kind(kind).to_string();
        let Some(year) = canonical.get(..4).and_then(|y| y.parse::<i32>().ok()) else {
            return Err(TestCaseError::fail(canonical));
        };
        let Some(ey) = EraYear::from_gregorian(year) else {
            return Err(TestCaseError::fail(canonical));
        };
        let era = if short { ey.short() } else { format!("{}{}", ey.era.name_ja(), ey.year) };
        let text = format!("{era}{}", canonical.get(4..).unwrap_or_default());
        // 令和6~2026年度平均: the second year stays Gregorian (four digits).
        let p = Period::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(p.kind(), kind, "{}", text);
        prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
    }

    #[test]
    fn fiscal_years_serialise_as_integers(fy in fiscal_year()) {
        let json = serde_json::to_string(&fy).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&json, &fy.year().to_string());
        prop_assert_eq!(serde_json::from_str::<FiscalYear>(&json).ok(), Some(fy));
    }

    #[test]
    fn local_gov_codes_round_trip(pref in 1..=47u32, muni in 0..1000u32, wrong in 0..10u8) {
        let five = format!("{pref:02}{muni:03}");
        let code = LocalGovCode::from_five(&five).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(code.five(), five);
        prop_assert_eq!(LocalGovCode::parse(&code.to_string()), Ok(code));
        prop_assert_eq!(code.prefecture_code(), u8::try_from(pref).unwrap_or(0));
        let json = serde_json::to_string(&code).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(serde_json::from_str::<LocalGovCode>(&json).ok(), Some(code));
        if wrong != code.check_digit() {
            let bad = format!("{}{wrong}", code.five());
            prop_assert!(LocalGovCode::parse(&bad).is_err());
        }
    }

    #[test]
    fn parsing_never_panics(s in "\\PC{0,24}") {
        let _ = Period::parse(&s);
        let _ = LocalGovCode::parse(&s);
        let _ = Era::parse_name(&s);
    }

    #[test]
    fn parsing_period_like_text_never_panics(
        s in "[0-9０-９年度月末卒平均~〜～\\-()（）令和平成RrHFYfy元 ]{0,16}"
    ) {
        if let Ok(p) = Period::parse(&s) {
            prop_assert_eq!(Period::parse(&p.to_string()), Ok(p.clone()));
            let _ = (p.label_ja(), p.label_en(), p.fiscal_year());
        }
    }
}

#[test]
fn serde_json_shapes() {
    let p = parse("令和6年3月末");
    assert_eq!(
        serde_json::to_string(&p).ok().as_deref(),
        Some("\"令和6年3月末\"")
    );
    assert_eq!(
        serde_json::to_string(&p.kind()).ok().as_deref(),
        Some(r#"{"kind":"month_end","year":2024,"month":3}"#)
    );
    assert_eq!(
        serde_json::to_string(&avg(2015, 2017)).ok().as_deref(),
        Some(r#"{"kind":"fiscal_year_average","from":2015,"to":2017}"#)
    );
    assert_eq!(
        serde_json::to_string(&Era::Reiwa).ok().as_deref(),
        Some("\"reiwa\"")
    );
    assert!(serde_json::from_str::<FiscalYear>("1867").is_err());
    assert!(serde_json::from_str::<Period>("\"R2(2021)\"").is_err());
    assert!(serde_json::from_str::<LocalGovCode>("\"062032\"").is_err());
}
