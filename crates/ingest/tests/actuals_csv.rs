//! Reads actuals CSV files against the shipped Tsuruoka plan: encodings,
//! header forms, every accepted period form, indicator names, exact values,
//! and every kind of error, reported together with physical line numbers.

use keikaku_ingest::actuals::{
    ActualRow, ActualsError, ActualsFile, Encoding, RowError, decode, parse_actuals, read_actuals,
};
use keikaku_ingest::shipped;
use keikaku_model::period::PeriodKind;
use keikaku_model::plan::Plan;
use proptest::prelude::*;
use std::sync::LazyLock;

static PLAN: LazyLock<Plan> =
    LazyLock::new(|| shipped::tsuruoka().unwrap_or_else(|e| panic!("shipped plan: {e}")));

fn read(bytes: &[u8]) -> Result<ActualsFile, ActualsError> {
    read_actuals(bytes, &PLAN)
}

fn rows(text: &str) -> Vec<ActualRow> {
    match read(text.as_bytes()) {
        Ok(file) => file.rows,
        Err(e) => panic!("expected no errors, got:\n{e}"),
    }
}

fn errors(text: &str) -> Vec<RowError> {
    match read(text.as_bytes()) {
        Ok(file) => panic!("expected errors, got {} rows", file.rows.len()),
        Err(e) => e.errors,
    }
}

/// (line, column) of every error.
fn places(errors: &[RowError]) -> Vec<(u64, &str)> {
    errors.iter().map(|e| (e.line, e.column.as_str())).collect()
}

/// (indicator, period as written, amount as written by Decimal, unit, fiscal year).
fn summary(row: &ActualRow) -> (String, String, String, String, i32) {
    let v = &row.value;
    (
        v.indicator.to_string(),
        v.period.written().to_owned(),
        v.quantity.amount.to_string(),
        v.quantity.unit.to_string(),
        v.fiscal_year().year(),
    )
}

fn s(
    indicator: &str,
    period: &str,
    amount: &str,
    unit: &str,
    fy: i32,
) -> (String, String, String, String, i32) {
    (
        indicator.to_owned(),
        period.to_owned(),
        amount.to_owned(),
        unit.to_owned(),
        fy,
    )
}

#[test]
fn reads_the_documented_example() {
    // docs/actuals-csv.md, "Example".
    let text = "指標,期間,値,単位,出典,備考
KPI-03,令和5年度,55,件,移住定住推進課調べ,
文化財施設入館者数,2023年度,\"1,026,000\",人,,
新規高等学校卒業生就職者のうち市内就職者の割合,2024年3月卒,45.0,％,ハローワーク鶴岡,\"速報値
確定は8月\"
上記ベンチャー企業の40歳未満の従業員（役員（非常勤を除く）及び正社員）数,R5,220,,,
";
    let got = rows(text);
    assert_eq!(
        got.iter().map(summary).collect::<Vec<_>>(),
        [
            s("KPI-03", "令和5年度", "55", "件", 2023),
            s("KPI-15", "2023年度", "1026000", "人", 2023),
            s("KPI-01", "2024年3月卒", "45.0", "%", 2023),
            s("KPI-04", "R5", "220", "人", 2023),
        ]
    );
    assert_eq!(got.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4, 6]);
    assert_eq!(got[2].value.note.as_deref(), Some("速報値\n確定は8月"));
}

#[test]
fn reads_utf8_with_english_headers() {
    let text = "indicator,period,value,unit,source,note\n\
                KPI-03,2023年度,55,件,移住定住推進課調べ,\n\
                KPI-15,2023年度,\"1,026,000\",人,, 速報値 \n";
    let file = read(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.encoding, Encoding::Utf8);
    let got: Vec<_> = file.rows.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            s("KPI-03", "2023年度", "55", "件", 2023),
            s("KPI-15", "2023年度", "1026000", "人", 2023),
        ]
    );
    assert_eq!(file.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(
        file.rows[0].value.source.as_deref(),
        Some("移住定住推進課調べ")
    );
    assert_eq!(file.rows[0].value.note, None);
    assert_eq!(file.rows[1].value.source, None);
    assert_eq!(file.rows[1].value.note.as_deref(), Some("速報値"));
}

#[test]
fn reads_utf8_with_bom_and_japanese_headers_in_any_order() {
    let text = "備考,値,期間,単位,指標,出典\r\n\
                ,68,令和2年度,件,移住定住施策による移住件数（年間）,\r\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let file = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.encoding, Encoding::Utf8Bom);
    assert_eq!(
        file.rows.iter().map(summary).collect::<Vec<_>>(),
        [s("KPI-03", "令和2年度", "68", "件", 2020)]
    );
    assert_eq!(file.rows[0].line, 2);
}

#[test]
fn reads_shift_jis_written_by_excel() {
    let text = "指標,期間,実績値,単位,出典,備考\r\n\
                移住定住施策による移住件数（年間）,令和5年度,55,件,市調べ,①速報値～確定待ち\r\n\
                要介護認定率,R5,19.5,％,,\r\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test needs non-UTF-8 bytes"
    );
    let file = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.encoding, Encoding::ShiftJis);
    assert_eq!(
        file.rows.iter().map(summary).collect::<Vec<_>>(),
        [
            s("KPI-03", "令和5年度", "55", "件", 2023),
            s("KPI-07", "R5", "19.5", "%", 2023),
        ]
    );
    assert_eq!(
        file.rows[0].value.note.as_deref(),
        Some("①速報値～確定待ち")
    );
    assert_eq!(file.rows[0].value.source.as_deref(), Some("市調べ"));
}

#[test]
fn decodes_cp932_extensions_and_proper_nouns() {
    let text = "髙﨑 ① Ⅱ ～ ㈱\n";
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    assert_eq!(decode(&bytes), Ok((text.to_owned(), Encoding::ShiftJis)));
}

#[test]
fn accepts_every_period_form() {
    let cases = [
        ("KPI-01", "2024年3月卒", 2023),
        ("KPI-02", "2023年度", 2023),
        ("KPI-03", "令和5年度", 2023),
        ("KPI-04", "R5", 2023),
        ("KPI-05", "FY2023", 2023),
        ("KPI-06", "2024年3月末", 2023),
        ("KPI-07", "2023年", 2023),
        ("KPI-08", "2023(令和5)年度", 2023),
        ("KPI-09", "２０２３年度", 2023),
        ("KPI-10", "令和元年度", 2019),
        ("KPI-11", "平成31年度", 2019),
        ("KPI-12", "2021~2023年度平均", 2023),
        ("KPI-13", "2023年度（令和5年度）", 2023),
        ("KPI-14", "R05", 2023),
        ("KPI-16", "2023", 2023),
        ("KPI-17", "R5年度", 2023),
        ("KPI-18", "令和6年3月", 2023),
        ("KPI-19", "2023年度末", 2023),
    ];
    let mut text = String::from("indicator,period,value\n");
    for (id, period, _) in cases {
        text.push_str(&format!("{id},{period},1\n"));
    }
    let got = rows(&text);
    assert_eq!(got.len(), cases.len());
    for (row, (id, period, fy)) in got.iter().zip(cases) {
        assert_eq!(row.value.indicator.as_str(), id);
        assert_eq!(row.value.period.written(), period);
        assert_eq!(row.value.fiscal_year().year(), fy, "{period}");
    }
    let kinds: Vec<_> = got.iter().map(|r| r.value.period.kind()).collect();
    assert!(matches!(
        kinds[0],
        PeriodKind::Graduation {
            year: 2024,
            month: 3
        }
    ));
    assert!(matches!(
        kinds[5],
        PeriodKind::MonthEnd {
            year: 2024,
            month: 3
        }
    ));
    assert!(matches!(kinds[6], PeriodKind::CalendarYear { year: 2023 }));
    assert!(matches!(kinds[11], PeriodKind::FiscalYearAverage { .. }));
}

#[test]
fn finds_indicators_by_id_name_and_every_printed_label() {
    let text = "indicator,period,value\n\
                KPI-04,2021年度,200\n\
                高等教育機関等から誕生したベンチャー企業の40歳未満の従業員数,2022年度,210\n\
                上記ベンチャー企業の40歳未満の従業員（役員（非常勤を除く）及び正社員）数,2023年度,220\n\
                \u{3000}kpi-03 ,2023年度,55\n\
                つるおかコンシェルジュの世話焼き活動による婚姻組数(累計),2023年度,30\n";
    let got = rows(text);
    let ids: Vec<_> = got.iter().map(|r| r.value.indicator.as_str()).collect();
    assert_eq!(ids, ["KPI-04", "KPI-04", "KPI-04", "KPI-03", "KPI-02"]);
}

#[test]
fn keeps_values_exact() {
    let text = "indicator,period,value\n\
                KPI-15,2023年度,\"1,026,000\"\n\
                KPI-01,2024年3月卒,45.0\n\
                KPI-17,2023年度,１，２３４\n\
                KPI-20,2023年度,▲3.50\n\
                KPI-03,2023年度,55件\n\
                KPI-07,2023年度,19.50％\n\
                KPI-13,2023年度,\" 493円/kg \"\n";
    let got: Vec<_> = rows(text).iter().map(summary).collect();
    assert_eq!(
        got,
        [
            s("KPI-15", "2023年度", "1026000", "人", 2023),
            s("KPI-01", "2024年3月卒", "45.0", "%", 2023),
            s("KPI-17", "2023年度", "1234", "人", 2023),
            s("KPI-20", "2023年度", "-3.50", "kt-co2", 2023),
            s("KPI-03", "2023年度", "55", "件", 2023),
            s("KPI-07", "2023年度", "19.50", "%", 2023),
            s("KPI-13", "2023年度", "493", "円/kg", 2023),
        ]
    );
    let scales: Vec<u32> = rows(text)
        .iter()
        .map(|r| r.value.quantity.amount.scale())
        .collect();
    assert_eq!(scales, [0, 1, 0, 2, 0, 2, 0]);
}

#[test]
fn checks_the_unit_column_and_units_written_in_the_value() {
    let ok = "indicator,period,value,unit\nKPI-07,2023年度,19.5,％\nKPI-03,2023年度,55, \n";
    let got: Vec<_> = rows(ok).iter().map(summary).collect();
    assert_eq!(
        got,
        [
            s("KPI-07", "2023年度", "19.5", "%", 2023),
            s("KPI-03", "2023年度", "55", "件", 2023),
        ]
    );

    let bad = "indicator,period,value,unit\n\
               KPI-03,2023年度,55,人\n\
               KPI-03,2022年度,55人,\n\
               KPI-16,2023年度,631,人\n\
               KPI-03,2021年度,1,1件\n";
    let e = errors(bad);
    assert_eq!(
        places(&e),
        [(2, "unit"), (3, "value"), (4, "unit"), (5, "unit")]
    );
    assert_eq!(
        e[0].to_string(),
        "line 2, column unit: unit 「人」 does not match the indicator's unit 「件」 (KPI-03): write the value in 件"
    );
    assert!(
        e[1].reason
            .starts_with("unit 「人」 does not match the indicator's unit 「件」")
    );
    assert!(e[2].reason.contains("「万人」"), "{}", e[2]);
    assert!(e[3].reason.contains("is not a unit"), "{}", e[3]);
}

#[test]
fn refuses_empty_and_non_figures() {
    let text = "indicator,period,value\n\
                KPI-03,2023年度,\n\
                KPI-03,2022年度,  \n\
                KPI-03,2021年度,-\n\
                KPI-03,2020年度,－\n\
                KPI-03,2019年度,未集計\n\
                KPI-03,2018年度,#DIV/0!\n\
                KPI-03,2017年度,55件以上\n\
                KPI-03,2016年度,\"1,2,3\"\n\
                KPI-03,2015年度,abc\n\
                KPI-03,2014年度,1.2.3\n\
                KPI-03,2013年度,#N/A\n\
                KPI-03,2012年度,12 3\n";
    let e = errors(text);
    let lines: Vec<u64> = e.iter().map(|e| e.line).collect();
    assert_eq!(lines, (2..=13).collect::<Vec<u64>>());
    assert!(e.iter().all(|e| e.column == "value"));
    let empty =
        "empty value: leave the row out instead of writing 0 — a missing figure is not zero";
    assert_eq!(e[0].reason, empty);
    assert_eq!(e[1].reason, empty);
    assert!(e[2].reason.contains("says there is no figure"));
    assert!(e[3].reason.contains("says there is no figure"));
    assert!(e[4].reason.contains("says there is no figure"));
    assert!(e[5].reason.contains("spreadsheet error"));
    assert!(e[6].reason.contains("is a bound (以上)"));
    assert_eq!(
        e[7].to_string(),
        "line 9, column value: 「1,2,3」 has misplaced thousands separators: expected groups of three digits such as 1,026,000"
    );
    assert!(e[8].reason.starts_with("「abc」 is not a number"));
    assert!(e[9].reason.starts_with("「1.2.3」 is not a number"));
    assert!(e[10].reason.contains("spreadsheet error"));
    assert!(e[11].reason.starts_with("「3」 is not a unit"), "{}", e[11]);
}

#[test]
fn refuses_unknown_indicators_with_suggestions() {
    let text = "indicator,period,value\n\
                KPI-99,2023年度,1\n\
                移住定住施策による移住件数,2023年度,55\n\
                ,2023年度,1\n";
    let e = errors(text);
    assert_eq!(
        places(&e),
        [(2, "indicator"), (3, "indicator"), (4, "indicator")]
    );
    assert!(
        e[0].reason
            .starts_with("「KPI-99」 is not an indicator ID or name of the plan")
    );
    assert!(e[0].reason.contains("KPI-01 … KPI-22"), "{}", e[0]);
    assert!(
        e[1].reason
            .contains("did you mean KPI-03 「移住定住施策による移住件数（年間）」"),
        "{}",
        e[1]
    );
    assert!(e[2].reason.starts_with("empty indicator"), "{}", e[2]);
}

#[test]
fn refuses_bad_periods_with_the_period_parsers_message() {
    let text = "indicator,period,value\n\
                KPI-03,来年度,1\n\
                KPI-03,2023年13月末,1\n\
                KPI-03,,1\n\
                KPI-03,R2(2021),1\n";
    let e = errors(text);
    assert_eq!(
        places(&e),
        [(2, "period"), (3, "period"), (4, "period"), (5, "period")]
    );
    assert!(
        e[0].reason.starts_with("「来年度」 is not a period"),
        "{}",
        e[0]
    );
    assert!(e[1].reason.contains("month 13 does not exist"), "{}", e[1]);
    assert!(e[2].reason.starts_with("empty period"), "{}", e[2]);
    assert!(e[3].reason.contains("R2 is 2020, not 2021"), "{}", e[3]);
}

#[test]
fn refuses_two_values_for_one_indicator_and_fiscal_year() {
    let text = "indicator,period,value\n\
                KPI-03,2023年度,55\n\
                KPI-04,2023年度,220\n\
                移住定住施策による移住件数（年間）,2024年3月末,56\n\
                KPI-03,2023年度,55\n\
                KPI-03,2024年度,57\n";
    let e = errors(text);
    assert_eq!(places(&e), [(4, ""), (5, "")]);
    assert_eq!(
        e[0].reason,
        "duplicate: line 2 already gives KPI-03 a value for 2023年度（令和5年度）, the fiscal year of 「2024年3月末」: one value per indicator and fiscal year (correct line 2 instead of adding a row)"
    );
    assert!(
        e[1].reason
            .starts_with("duplicate: line 2 already gives KPI-03")
    );
}

#[test]
fn refuses_unknown_columns_and_still_checks_the_rows() {
    let text = "indicator,period,value,remarks,部署\nKPI-03,2023年度,,x,y\n";
    let e = errors(text);
    assert_eq!(places(&e), [(1, "remarks"), (1, "部署"), (2, "value")]);
    assert_eq!(
        e[0].reason,
        "unknown column 「remarks」: accepted columns are indicator (指標), period (期間), value (値, 実績値), unit (単位), source (出典), note (備考)"
    );
}

#[test]
fn matches_headers_case_insensitively_after_trimming() {
    let text = " Indicator ,PERIOD,Value,ＵＮＩＴ,Source,NOTE\nKPI-03,2023年度,55,件,,\n";
    assert_eq!(rows(text).len(), 1);
}

#[test]
fn refuses_missing_and_duplicate_columns() {
    let e = errors("indicator,value\nKPI-03,55\n");
    assert_eq!(places(&e), [(1, "")]);
    assert_eq!(
        e[0].reason,
        "missing required column period (期間): the header must name indicator, period and value"
    );

    let e = errors("indicator,period,value,実績値\nKPI-03,2023年度,55,55\n");
    assert_eq!(places(&e), [(1, "実績値")]);
    assert!(
        e[0].reason
            .contains("「value」 and 「実績値」 both mean value")
    );

    let e = errors("KPI-03,2023年度,55\n");
    assert_eq!(places(&e), [(1, "")]);
    assert!(e[0].reason.starts_with("the first row is not a header"));

    let e = errors("indicator\tperiod\tvalue\nKPI-03\t2023年度\t55\n");
    assert_eq!(places(&e), [(1, "")]);
    assert!(e[0].reason.contains("separated by tabs"), "{}", e[0]);
}

#[test]
fn refuses_empty_files_and_files_without_rows() {
    for text in ["", "\n\n", " , \n"] {
        let e = errors(text);
        assert_eq!(places(&e), [(0, "")]);
        assert!(e[0].reason.starts_with("the file is empty"));
        assert_eq!(e[0].to_string(), e[0].reason);
    }
    let e = errors("\n\nindicator,period,value\n\n");
    assert_eq!(places(&e), [(3, "")]);
    assert!(e[0].reason.contains("no rows"));
}

#[test]
fn skips_blank_lines_and_empty_trailing_columns() {
    let text = "\r\nindicator,period,value,,\r\n\r\n,,,,\r\nKPI-03,2023年度,55,,\r\n   \r\n\r\nKPI-04,2023年度,220,,\r\n,,,,\r\n";
    let got = rows(text);
    assert_eq!(got.iter().map(|r| r.line).collect::<Vec<_>>(), [5, 8]);

    let e = errors("indicator,period,value,\nKPI-03,2023年度,55,oops\n");
    assert_eq!(places(&e), [(2, "")]);
    assert!(e[0].reason.contains("column 4, which has no header"));
}

#[test]
fn reports_every_error_with_its_physical_line() {
    let text = "indicator,period,value,note\n\
                KPI-03,2023年度,55,\"a note\n\
                over three\n\
                lines\"\n\
                \n\
                KPI-03,2024年度,\"1,2,3\",\n\
                KPI-99,2023年度,1,\"another\r\nmulti-line note\"\n\
                KPI-04,2023年度\n\
                KPI-05,来年度,,\n\
                \n\
                KPI-03,令和5年度,55,\n\
                KPI-06,2023年度,3,ok\n";
    let e = errors(text);
    assert_eq!(
        places(&e),
        [
            (6, "value"),
            (7, "indicator"),
            (9, ""),
            (10, "period"),
            (10, "value"),
            (12, ""),
        ]
    );
    assert!(
        e[2].reason
            .starts_with("the row has 2 fields but the header has 4")
    );
    assert!(
        e[5].reason
            .starts_with("duplicate: line 2 already gives KPI-03")
    );
    let display = ActualsError { errors: e.clone() }.to_string();
    assert_eq!(display.lines().count(), 6);
    assert!(
        display.starts_with("line 6, column value: 「1,2,3」 has misplaced thousands separators")
    );
    assert!(
        display
            .lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("line 9: the row has 2 fields"))
    );
}

#[test]
fn keeps_multi_line_notes_and_counts_lines_with_crlf() {
    let text = "indicator,period,value,note\r\n\
                KPI-03,2023年度,55,\"first line\r\nsecond line\"\r\n\
                KPI-04,2023年度,220,\r\n";
    let got = rows(text);
    assert_eq!(got.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
    assert_eq!(
        got[0].value.note.as_deref(),
        Some("first line\nsecond line")
    );
}

#[test]
fn refuses_utf16() {
    let text = "indicator,period,value\r\nKPI-03,2023年度,55\r\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    for bytes in [&le, &be] {
        let e = read(bytes).err().map(|e| e.errors).unwrap_or_default();
        assert_eq!(places(&e), [(0, "")]);
        assert!(e[0].reason.starts_with("the file is UTF-16"), "{}", e[0]);
        assert!(
            e[0].reason
                .contains("save it as \"CSV UTF-8\" or as \"CSV\" (Shift_JIS / CP932)")
        );
    }
    // Without a byte order mark: NUL bytes.
    let e = read(&le[2..]).err().map(|e| e.errors).unwrap_or_default();
    assert_eq!(places(&e), [(1, "")]);
    assert!(e[0].reason.contains("NUL byte at offset 1"), "{}", e[0]);
}

#[test]
fn refuses_bytes_that_are_neither_utf8_nor_cp932() {
    let bytes = b"indicator,period,value\nKPI-03,2023,55\nKPI-04,2023,\xFD\n";
    let e = read(bytes).err().map(|e| e.errors).unwrap_or_default();
    assert_eq!(places(&e), [(3, "")]);
    assert!(
        e[0].reason.starts_with(
            "the file is neither UTF-8 nor Shift_JIS (CP932): undecodable byte at offset 50"
        ),
        "{}",
        e[0]
    );
    assert!(e[0].to_string().starts_with("line 3: the file is neither"));

    // Shift_JIS text with a truncated double-byte character at the end.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("指標,期間,値\nKPI-03,2023年度,55\n");
    let mut damaged = sjis.into_owned();
    let offset = damaged.len();
    damaged.push(0x81);
    let e = read(&damaged).err().map(|e| e.errors).unwrap_or_default();
    assert!(
        e[0].reason.contains(&format!("offset {offset}")),
        "{}",
        e[0]
    );
    assert_eq!(e[0].line, 3);
}

#[test]
fn reads_decoded_text_too() {
    let got = parse_actuals("指標,期間,値\nKPI-03,R5,55\n", &PLAN).unwrap_or_default();
    assert_eq!(got.len(), 1);
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read(&bytes);
        let _ = decode(&bytes);
    }

    #[test]
    fn arbitrary_rows_never_panic(
        body in proptest::collection::vec(
            proptest::collection::vec("[ -~]{0,6}|KPI-0[0-9]|令和[0-9]年度|[0-9,.▲]{1,8}|\"[^\"]{0,8}\"?|[\r\n]", 0..6),
            0..8,
        )
    ) {
        let mut text = String::from("指標,期間,値,備考\n");
        for row in body {
            text.push_str(&row.join(","));
            text.push('\n');
        }
        let _ = read(text.as_bytes());
        // Every reported line lies in the file.
        if let Err(e) = read(text.as_bytes()) {
            let lines = u64::try_from(text.lines().count()).unwrap_or(u64::MAX);
            for error in &e.errors {
                prop_assert!(error.line <= lines.max(1), "{error} (file has {lines} lines)");
            }
        }
    }
}
