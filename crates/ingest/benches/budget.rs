//! Budget reading and roll-ups at the scale of a large city's budget book:
//! 1,000 initiatives × 10 fiscal years = 10,000 budget lines, linked to the
//! shipped plan's projects, directions, policy items and indicators.
//! Method, machine and numbers are in `docs/PERFORMANCE.md`.
//!
//! ```sh
//! cargo bench -p keikaku-ingest --bench budget -- --quick
//! ```

use criterion::{Criterion, Throughput};
use keikaku_ingest::budget::read_budget;
use keikaku_ingest::shipped;
use keikaku_model::budget::rollup::Book;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::plan::Plan;
use std::fmt::Write as _;
use std::hint::black_box;

const PROGRAMS: usize = 1_000;
const YEARS: std::ops::Range<i32> = 2019..2029;

/// A catalogue CSV whose initiatives cycle through the plan's elements.
fn catalogue(plan: &Plan) -> String {
    let directions: Vec<String> = plan
        .projects
        .iter()
        .flat_map(|p| p.directions.iter().map(|d| d.id.to_string()))
        .collect();
    let items: Vec<String> = plan
        .fields
        .iter()
        .flat_map(|f| f.items.iter().map(|i| i.id.to_string()))
        .collect();
    let mut s = String::from("事業ID,事業名,担当部,施策の方向,中項目,指標\n");
    for i in 0..PROGRAMS {
        let dept = &plan.departments[i % plan.departments.len()].id;
        let ind = &plan.indicators[i % plan.indicators.len()].id;
        let _ = writeln!(
            s,
            "J-{i:04},事業{i},{dept},{};{},{};{},{ind}",
            directions[i % directions.len()],
            directions[(i * 7 + 3) % directions.len()],
            items[i % items.len()],
            items[(i * 5 + 1) % items.len()],
        );
    }
    s
}

/// Budget lines for every initiative and year, with funding and personnel.
fn lines() -> String {
    let mut s = String::from(
        "事業ID,年度,当初予算,補正予算,決算,一般財源,国県支出金,地方債,その他,人工,人件費単価\n",
    );
    for i in 0..PROGRAMS {
        for y in YEARS {
            let initial = 1_000 + (i as i64 * 37 + i64::from(y)) % 90_000;
            let supp = (i as i64 % 7) * 100 - 300;
            let budget = initial + supp;
            let general = budget / 2;
            let _ = writeln!(
                s,
                "J-{i:04},{y},{initial},{supp},{},{general},{},0,0,{}.{},8000",
                budget - (i as i64 % 11) * 10,
                budget - general,
                i % 3,
                (i * 25) % 100
            );
        }
    }
    s
}

fn main() {
    let plan = shipped::tsuruoka().expect("shipped plan");
    let programs_csv = catalogue(&plan);
    let lines_csv = lines();
    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("budget");
    g.throughput(Throughput::Elements((PROGRAMS * YEARS.len()) as u64));
    g.bench_function("read 10,000 lines (CSV)", |b| {
        b.iter(|| read_budget(black_box(lines_csv.as_bytes()), &plan).expect("valid"))
    });
    let programs = read_budget(programs_csv.as_bytes(), &plan)
        .expect("valid catalogue")
        .programs;
    let lines = read_budget(lines_csv.as_bytes(), &plan)
        .expect("valid lines")
        .lines;
    let book = Book {
        plan: &plan,
        programs: &programs,
        lines: &lines,
    };
    let year = FiscalYear::new(2024).expect("year");
    g.bench_function(
        "roll up one year (overall, 7 projects, 7 fields, 43 items)",
        |b| {
            b.iter(|| {
                let o = book.overall(year).expect("no overflow");
                let p = book.by_project(year).expect("no overflow");
                let f = book.by_field(year).expect("no overflow");
                let i = book.by_item(year).expect("no overflow");
                black_box((o, p, f, i))
            })
        },
    );
    g.bench_function("trend of every project over 10 years", |b| {
        b.iter(|| {
            for p in &plan.projects {
                black_box(
                    book.trend(|g| g.projects(&plan).contains(&&p.id))
                        .expect("no overflow"),
                );
            }
        })
    });
    g.bench_function(
        "gaps (money without indicator, indicators without initiative)",
        |b| {
            b.iter(|| {
                black_box((
                    book.money_without_indicator().len(),
                    book.indicators_without_program().len(),
                ))
            })
        },
    );
    g.finish();
    c.final_summary();
}
