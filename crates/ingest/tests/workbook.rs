//! The entry-workbook reader on workbooks written here by hand with
//! rust_xlsxwriter (as another program would save them): values as numbers
//! and as text, number formats giving decimal places, suggested periods,
//! and every kind of problem named with sheet, row and column.

use keikaku_ingest::workbook::{WorkbookError, layout, read_workbook};
use keikaku_model::ids::DepartmentId;
use keikaku_model::plan::Plan;
use keikaku_model::scope::indicators_of;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn plan() -> Plan {
    keikaku_ingest::shipped::tsuruoka().expect("shipped plan")
}

/// A cell a test puts in the value column.
enum V {
    Num(f64, &'static str),
    Text(&'static str),
    Date,
    Empty,
}

struct Row {
    id: String,
    value: V,
    period: &'static str,
    note: &'static str,
}

/// Headers in row 4: A 指標ID, B 指標名, then the four input columns in C–F.
fn book(meta: &[(&str, &str)], rows: &[Row]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(layout::INPUT_SHEET).unwrap();
    let r0 = layout::HEADER_ROW;
    let headers = [
        layout::HEADER_ID,
        "指標名",
        layout::HEADER_VALUE,
        layout::HEADER_PERIOD,
        layout::HEADER_SOURCE,
        layout::HEADER_NOTE,
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(r0, c as u16, *h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        let r = r0 + 1 + i as u32;
        ws.write_string(r, 0, &row.id).unwrap();
        match row.value {
            V::Num(f, fmt) => {
                ws.write_number_with_format(r, 2, f, &Format::new().set_num_format(fmt))
                    .unwrap();
            }
            V::Text(t) => {
                ws.write_string(r, 2, t).unwrap();
            }
            V::Date => {
                let date = ExcelDateTime::from_ymd(2025, 3, 31).unwrap();
                ws.write_datetime_with_format(
                    r,
                    2,
                    &date,
                    &Format::new().set_num_format("yyyy-mm-dd"),
                )
                .unwrap();
            }
            V::Empty => {}
        }
        if !row.period.is_empty() {
            ws.write_string(r, 3, row.period).unwrap();
        }
        if !row.note.is_empty() {
            ws.write_string(r, 5, row.note).unwrap();
        }
    }
    let meta_sheet = wb.add_worksheet();
    meta_sheet.set_name(layout::META_SHEET).unwrap();
    for (i, (k, v)) in meta.iter().enumerate() {
        meta_sheet.write_string(i as u32, 0, *k).unwrap();
        meta_sheet.write_string(i as u32, 1, *v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

const META: [(&str, &str); 6] = [
    ("format", "keikaku-entry-workbook"),
    ("version", "1"),
    ("municipality", "062031"),
    ("department", "D01"),
    ("fiscal_year", "2024"),
    ("edition", "E2022"),
];

fn scope() -> Vec<String> {
    indicators_of(&plan(), &[DepartmentId::new("D01").unwrap()])
        .into_iter()
        .map(|i| i.to_string())
        .collect()
}

fn row(id: &str, value: V, period: &'static str) -> Row {
    Row {
        id: id.to_owned(),
        value,
        period,
        note: "",
    }
}

fn errors(e: WorkbookError) -> Vec<String> {
    e.errors.iter().map(ToString::to_string).collect()
}

#[test]
fn values_keep_their_written_precision() {
    let ids = scope();
    let plan = plan();
    let rows = [
        row(&ids[0], V::Num(19.1, "#,##0.00"), "2024年度"),
        row(&ids[1], V::Text("1,026,000"), "令和6年度"),
        Row {
            id: ids[2].clone(),
            value: V::Num(0.1 + 0.2, "General"),
            period: "",
            note: "速報値",
        },
        row(&ids[3], V::Empty, "2024年度"),
    ];
    let file = read_workbook(&book(&META, &rows), &plan).expect("valid");
    assert_eq!(file.meta.department.as_str(), "D01");
    assert_eq!(file.meta.fiscal_year.year(), 2024);
    let got: Vec<(String, String, String, u64)> = file
        .rows
        .iter()
        .map(|r| {
            (
                r.value.indicator.to_string(),
                r.value.quantity.amount.to_string(),
                r.value.period.written().to_owned(),
                r.line,
            )
        })
        .collect();
    let hint = layout::period_hint(
        plan.indicator(&file.rows[2].value.indicator).unwrap(),
        file.meta.fiscal_year,
    );
    assert_eq!(
        got,
        vec![
            (ids[0].clone(), "19.10".to_owned(), "2024年度".to_owned(), 5),
            (
                ids[1].clone(),
                "1026000".to_owned(),
                "令和6年度".to_owned(),
                6
            ),
            (
                ids[2].clone(),
                "0.30000000000000004".to_owned(),
                hint.written().to_owned(),
                7
            ),
        ]
    );
    assert_eq!(file.rows[2].value.note.as_deref(), Some("速報値"));
    assert_eq!(hint.fiscal_year().year(), 2024);
}

#[test]
fn every_problem_is_named_with_sheet_row_and_column() {
    let ids = scope();
    let outside = plan()
        .indicators
        .iter()
        .map(|i| i.id.to_string())
        .find(|i| !ids.contains(i))
        .expect("an indicator D01 does not answer for");
    let rows = [
        row(&ids[0], V::Text("abc"), ""),
        row(&ids[1], V::Num(5.0, "0"), "2023年度"),
        row(&outside, V::Num(1.0, "0"), ""),
        row(&ids[2], V::Date, ""),
        row(&ids[3], V::Text("#DIV/0!"), ""),
        row(&ids[4], V::Num(3.0, "0"), "来年度"),
        row(&ids[0], V::Num(7.0, "0"), "R6"),
    ];
    let got = errors(read_workbook(&book(&META, &rows), &plan()).unwrap_err());
    let expected_starts = [
        "Sheet 入力 row 5 column C (value): 「abc」 is not a number",
        "Sheet 入力 row 6 column D (period): 「2023年度」 is in 2023年度（令和5年度）, but this workbook is for 2024年度（令和6年度）",
        &format!(
            "Sheet 入力 row 7 column A (indicator): {outside} is not an indicator of department D01"
        ),
        "Sheet 入力 row 8 column C (value): the cell holds a date or time, not a figure",
        "Sheet 入力 row 9 column C (value): 「#DIV/0!」 is a spreadsheet error",
        "Sheet 入力 row 10 column D (period): ",
        "Sheet 入力 row 11: duplicate: row 5 already gives",
    ];
    assert_eq!(got.len(), expected_starts.len(), "{got:#?}");
    for (g, e) in got.iter().zip(expected_starts) {
        assert!(g.starts_with(e), "{g}\n  expected to start with\n{e}");
    }
}

#[test]
fn the_workbook_must_be_for_this_plan() {
    let ids = scope();
    let rows = [row(&ids[0], V::Num(1.0, "0"), "")];
    let with = |key: &str, value: &'static str| {
        let meta: Vec<(&str, &str)> = META
            .iter()
            .map(|(k, v)| (*k, if *k == key { value } else { *v }))
            .collect();
        errors(read_workbook(&book(&meta, &rows), &plan()).unwrap_err())
    };
    assert_eq!(
        with("municipality", "131016"),
        [
            "Sheet keikaku: the workbook is for municipality 「131016」, but this database's plan is 鶴岡市 (062031)"
        ]
    );
    assert!(with("edition", "E2023")[0].starts_with("Sheet keikaku: the workbook was made from edition 「E2023」, but the current edition is E2022"));
    assert_eq!(
        with("department", "D99"),
        ["Sheet keikaku: 「D99」 is not a department of the plan"]
    );
    assert_eq!(
        with("fiscal_year", "来年"),
        ["Sheet keikaku: 「来年」 is not a fiscal year"]
    );
    assert!(with("format", "something")[0].contains("not an entry workbook"));

    let empty =
        errors(read_workbook(&book(&META, &[row(&ids[0], V::Empty, "")]), &plan()).unwrap_err());
    assert_eq!(
        empty,
        [
            "Sheet 入力: no values: fill in the column 「実績値（入力）」 for the indicators you report"
        ]
    );
    let csv = errors(read_workbook(b"indicator,period,value\n", &plan()).unwrap_err());
    assert!(
        csv[0].starts_with("the file is not an Excel workbook (.xlsx)"),
        "{csv:?}"
    );
    let broken = errors(read_workbook(b"PK\x03\x04garbage", &plan()).unwrap_err());
    assert!(
        broken[0].starts_with("the file cannot be read as an .xlsx workbook"),
        "{broken:?}"
    );
}

#[test]
fn meta_expectations() {
    let ids = scope();
    let file = read_workbook(&book(&META, &[row(&ids[0], V::Num(1.0, "0"), "")]), &plan()).unwrap();
    let d02 = DepartmentId::new("D02").unwrap();
    let y = keikaku_model::fiscal_year::FiscalYear::new(2023).unwrap();
    assert!(
        file.meta
            .expect(Some(&file.meta.department), Some(file.meta.fiscal_year))
            .is_ok()
    );
    let e = errors(file.meta.expect(Some(&d02), Some(y)).unwrap_err());
    assert_eq!(
        e,
        [
            "Sheet keikaku: the workbook is for department D01, not D02: import the workbook made for D02",
            "Sheet keikaku: the workbook is for 2024年度（令和6年度）, not 2023年度（令和5年度）: import the workbook made for 2023年度（令和5年度）",
        ]
    );
}
