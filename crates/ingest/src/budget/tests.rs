//! The budget readers on small inputs: what is accepted and how each
//! problem is reported.

use super::*;
use crate::shipped;

fn plan() -> Plan {
    shipped::tsuruoka().expect("shipped plan")
}

fn problems(text: &str) -> Vec<String> {
    read_budget(text.as_bytes(), &plan())
        .expect_err("should be refused")
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect()
}

const LINES_HEADER: &str =
    "事業ID,年度,当初予算,補正予算,決算,一般財源,国県支出金,地方債,その他,人工,人件費単価\n";

#[test]
fn reads_a_catalogue_with_names_and_lists() {
    let text = "事業ID,事業名,担当部,重点事業,プロジェクト,施策の方向,中項目,指標\n\
                J-9,テスト事業,企画部,V2-1,P1;P2,P1-D1,F1-05、F2-01,KPI-03\n";
    let file = read_budget(text.as_bytes(), &plan()).unwrap();
    let p = &file.programs[0];
    assert_eq!(p.department.as_str(), "D01");
    assert_eq!(p.links.projects.len(), 2);
    assert_eq!(p.links.items.len(), 2);
    assert_eq!(p.key_initiative.as_ref().unwrap().as_str(), "V2-1");
}

#[test]
fn reads_lines_with_japanese_years_and_negative_supplements() {
    let text = format!("{LINES_HEADER}J-1,令和5年度,\"1,000\",▲200,790,800,0,0,0,0.5,\"8,000\"\n");
    let file = read_budget(text.as_bytes(), &plan()).unwrap();
    let l = &file.lines[0];
    assert_eq!(l.year.year(), 2023);
    assert_eq!(l.current_budget().unwrap().get(), 800);
    assert_eq!(l.personnel_cost().unwrap().get(), 4_000);
    assert_eq!(l.execution_rate().unwrap().unwrap().to_string(), "98.8");
}

#[test]
fn names_line_and_column_of_each_problem() {
    let text = format!(
        "{LINES_HEADER}J-1,2023,12.5,,,,,,,,\nJ-1,2022,100,,,60,30,,,,\nJ-2,20X3,100,,,,,,,,\nJ-3,2023,100,,,,,,,1.5,\nJ-3,2023,100,,,,,,,,\n"
    );
    let got = problems(&text);
    assert_eq!(
        got,
        vec![
            "line 2, column 当初予算: 「12.5」 is not an amount in thousands of yen: write a whole number such as 12,345 (千円)".to_owned(),
            "line 3, column 一般財源: funding sources add up to 90 千円 but the current budget (当初 + 補正) is 100 千円".to_owned(),
            "line 4, column 年度: 「20X3」 is not a fiscal year: write e.g. 2023, 2023年度, 令和5年度 or R5".to_owned(),
            "line 5, column 人件費単価: 人工 is given but 人件費単価 is empty: give both or neither".to_owned(),
            "line 6, column 年度: initiative J-3 has a second line for FY2023".to_owned(),
        ]
    );
}

#[test]
fn refuses_unknown_links_and_departments() {
    let text = "事業ID,事業名,担当部,プロジェクト,指標\nJ-1,x,市長室,P9,KPI-99\nJ-1,,D01,,\n";
    let got = problems(text);
    assert!(
        got[0].starts_with("line 2, column 担当部: 「市長室」 is not a department"),
        "{got:?}"
    );
    assert_eq!(
        got[1],
        "line 2, column プロジェクト: project P9 is not in the plan"
    );
    assert_eq!(
        got[2],
        "line 2, column 指標: indicator KPI-99 is not in the plan"
    );
    assert_eq!(
        got[3],
        "line 3, column 事業ID: initiative J-1 appears twice in the table"
    );
    assert_eq!(
        got[4],
        "line 3, column 事業名: empty name: write the initiative's name (事業名)"
    );
}

#[test]
fn refuses_headers_of_neither_kind_and_empty_files() {
    assert_eq!(
        problems("a,b\n1,2\n"),
        vec![
            "line 1: the header is neither an initiative catalogue (事業ID,事業名,担当部,…) nor budget lines (事業ID,年度,当初予算,…)"
        ]
    );
    assert_eq!(
        problems(LINES_HEADER),
        vec!["line 1: the table has a header but no rows"]
    );
    assert!(problems("")[0].starts_with("the table is empty"));
    let unknown = problems("事業ID,年度,当初予算,金額\nJ-1,2023,1,2\n");
    assert!(
        unknown[0].starts_with("line 1, column 金額: unknown column"),
        "{unknown:?}"
    );
}

#[test]
fn reads_cp932() {
    let text = format!("{LINES_HEADER}J-1,2023,1000,,,,,,,,\n");
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let file = read_budget(&bytes, &plan()).unwrap();
    assert_eq!(file.lines[0].initial.get(), 1_000);
}
