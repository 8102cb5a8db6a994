//! Bulk import and evaluation on a generated dataset shaped like the national
//! one: municipalities × 150 indicators × 10 fiscal years (FY2019–FY2028).
//! Method, machine, numbers and the baseline are in `docs/PERFORMANCE.md`.
//!
//! ```sh
//! cargo bench -p keikaku-store --bench national              # criterion, small scale
//! cargo bench -p keikaku-store --bench national -- --quick   # the same, shorter
//! KEIKAKU_BENCH_NATIONAL=1 cargo bench -p keikaku-store --bench national -- --quick
//! ```
//!
//! The criterion groups run at a small scale (10 municipalities = 15,000
//! values) with proper samples. The national measurement (1,800
//! municipalities = 2.7 million values) runs once, after them, timed with
//! [`Instant`], and only when asked for; criterion's repeated samples would
//! take hours at that size.
//!
//! Environment:
//!
//! | variable | effect |
//! |---|---|
//! | `KEIKAKU_BENCH_NATIONAL=1` | run the national measurement after the criterion groups |
//! | `KEIKAKU_BENCH_MUNICIPALITIES=N` | municipalities of the national run and of the export (default 1800) |
//! | `KEIKAKU_BENCH_BUDGET_SECS=S` | stop the national import after the municipality that crosses S seconds (default 900) and extrapolate |
//! | `KEIKAKU_BENCH_POSTGRES=URL` | also import into PostgreSQL: an admin URL such as `postgres://postgres@127.0.0.1:5432/postgres`; the database `keikaku_bench` is created for each sample and dropped at the end |
//! | `KEIKAKU_BENCH_DIR=DIR` | where the SQLite files go (default: cargo's `target/tmp`); give an absolute path, cargo runs benches in `crates/store` |
//! | `KEIKAKU_BENCH_KEEP=1` | keep the national SQLite file |
//! | `KEIKAKU_BENCH_EXPORT=DIR` | write the dataset as `DIR/actuals.csv` and `DIR/targets.csv` (for `scripts/bench-baseline.sh`; absolute path) and exit without benchmarking |

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use keikaku_ingest::{rubrics, shipped};
use keikaku_model::actual::ActualValue;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{EvalContext, Grade, Rubric, evaluate};
use keikaku_model::ids::IndicatorId;
use keikaku_model::indicator::KpiValue;
use keikaku_model::lgcode::LocalGovCode;
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::Quantity;
use keikaku_model::rollup::{PlanRollup, by_group};
use keikaku_model::trajectory::{expected, forecast, observed_points};
use keikaku_store::Store;
use rust_decimal::Decimal;
use sqlx::{Connection, Executor};
use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Indicators per municipality.
const INDICATORS: usize = 150;
/// Fiscal years with a value per indicator: FY2019–FY2028.
const FIRST_YEAR: i32 = 2019;
const YEARS: usize = 10;
/// Municipalities at national scale (全国の市区町村 ≈ 1,741, rounded up).
const NATIONAL: usize = 1800;
/// Municipalities of the criterion groups.
const SMALL: usize = 10;
/// The year graded.
const EVAL_YEAR: i32 = 2024;
/// Who the import is recorded as.
const ACTOR: &str = "bench";

// ---------------------------------------------------------------- dataset

/// xorshift64*: deterministic, good enough for noise, no `rand` needed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 of the seed, so neighbouring seeds diverge at once.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The shipped Tsuruoka plan with its 22 indicators extended to 150 by
/// cloning them under new IDs (`KPI-023` … `KPI-150`).
fn template() -> Plan {
    let mut plan = shipped::tsuruoka().expect("the shipped plan loads");
    let shipped_count = plan.indicators.len();
    for k in shipped_count..INDICATORS {
        let mut indicator = plan.indicators[k % shipped_count].clone();
        indicator.id = IndicatorId::new(format!("KPI-{:03}", k + 1)).expect("valid ID");
        indicator.name = format!("{}（複製{}）", indicator.name, k + 1);
        indicator.part_of = None;
        plan.indicators.push(indicator);
    }
    plan
}

/// The i-th municipality's code: prefectures 01–47 in turn, municipality
/// part 201, 202, … (the check digit is computed).
fn code(i: usize) -> LocalGovCode {
    LocalGovCode::from_five(&format!("{:02}{:03}", i % 47 + 1, 201 + i / 47)).expect("valid code")
}

/// The i-th municipality's plan: the template under its code and name.
fn municipality_plan(template: &Plan, i: usize) -> Plan {
    let mut plan = template.clone();
    plan.municipality.code = Some(code(i));
    plan.municipality.name = format!("試験市{:04}", i + 1);
    plan.municipality.prefecture = None;
    plan
}

/// FY2019–FY2028 with their periods as written (`2019年度` …).
fn periods() -> Vec<(FiscalYear, Period)> {
    (0..YEARS)
        .map(|k| {
            let year = FIRST_YEAR + i32::try_from(k).expect("small");
            (
                FiscalYear::new(year).expect("fiscal year"),
                Period::parse(&format!("{year}年度")).expect("period"),
            )
        })
        .collect()
}

/// The i-th municipality's actuals, in plan order then year order: for each
/// indicator and year, the plan's trajectory value for the year (the initial
/// value before it starts, the final target when there is no path) times a
/// factor in 0.900–1.100, rounded to the initial value's scale.
fn municipality_actuals(
    plan: &Plan,
    i: usize,
    periods: &[(FiscalYear, Period)],
) -> Vec<ActualValue> {
    let ctx = EvalContext::of(plan);
    let mut rng = Rng::new(i as u64);
    let mut out = Vec::with_capacity(plan.indicators.len() * periods.len());
    for indicator in &plan.indicators {
        let printed = indicator
            .values
            .initial
            .as_ref()
            .or(indicator.values.target.as_ref());
        let fallback = printed.map_or(Decimal::ONE_HUNDRED, |v| v.quantity.amount);
        let scale = printed.map_or(1, |v| v.quantity.amount.scale());
        for (year, period) in periods {
            let on_path = expected(indicator, &ctx, *year).unwrap_or(fallback);
            let factor = Decimal::new(900 + i64::try_from(rng.below(201)).expect("small"), 3);
            let amount = on_path
                .checked_mul(factor)
                .unwrap_or(on_path)
                .round_dp(scale);
            out.push(ActualValue {
                indicator: indicator.id.clone(),
                period: period.clone(),
                quantity: Quantity {
                    amount,
                    unit: indicator.unit.clone(),
                },
                source: Some("統計".into()),
                note: None,
            });
        }
    }
    out
}

/// Plans and actuals of municipalities `0..count`.
struct Dataset {
    plans: Vec<Plan>,
    actuals: Vec<Vec<ActualValue>>,
}

impl Dataset {
    fn generate(template: &Plan, count: usize) -> Dataset {
        let periods = periods();
        let plans: Vec<Plan> = (0..count).map(|i| municipality_plan(template, i)).collect();
        let actuals = plans
            .iter()
            .enumerate()
            .map(|(i, plan)| municipality_actuals(plan, i, &periods))
            .collect();
        Dataset { plans, actuals }
    }

    fn values(&self) -> usize {
        self.actuals.iter().map(Vec::len).sum()
    }

    fn code(&self, i: usize) -> String {
        self.plans[i]
            .municipality
            .code
            .map(|c| c.to_string())
            .expect("generated plans have a code")
    }
}

// ------------------------------------------------------------- evaluation

fn eval_year() -> FiscalYear {
    FiscalYear::new(EVAL_YEAR).expect("fiscal year")
}

/// Grades only: `evaluate` for every indicator, each given its own values
/// (the generator writes them in plan order, `YEARS` per indicator).
fn grade_only(plan: &Plan, actuals: &[ActualValue], rubric: &Rubric) -> Vec<Grade> {
    let ctx = EvalContext::of(plan);
    plan.indicators
        .iter()
        .zip(actuals.chunks(YEARS))
        .map(|(indicator, mine)| evaluate(&ctx, indicator, mine, eval_year(), rubric))
        .collect()
}

/// What `keikaku_app::App::evaluate` does once it has the plan, the rubric
/// and the current actuals: per indicator, its values picked from all the
/// municipality's values, the grade, the expected value and the forecast
/// for the plan's last year; then the roll-up by project, field and policy
/// item. (The app crate depends on this one, so the steps are repeated here
/// rather than called.)
fn full_evaluation(
    plan: &Plan,
    actuals: &[ActualValue],
    rubric: &Rubric,
) -> (Vec<Grade>, PlanRollup) {
    let ctx = EvalContext::of(plan);
    let year = eval_year();
    let final_year = plan.plan.years.last();
    let mut grades = Vec::with_capacity(plan.indicators.len());
    for indicator in &plan.indicators {
        let mine: Vec<ActualValue> = actuals
            .iter()
            .filter(|a| a.indicator == indicator.id)
            .cloned()
            .collect();
        let points = observed_points(indicator, &mine);
        black_box(expected(indicator, &ctx, year));
        black_box(forecast(indicator, &points, final_year));
        grades.push(evaluate(&ctx, indicator, &mine, year, rubric));
    }
    let rollup = by_group(plan, &grades, rubric);
    (grades, rollup)
}

/// Evaluates municipalities from a store as the app does: the current
/// edition, the municipality's rubrics, the current actuals, then
/// [`full_evaluation`]. Returns the number of grades.
async fn evaluate_from_store(store: &Store, codes: &[String], rubric: &Rubric) -> usize {
    let mut graded = 0;
    for code in codes {
        let plan = store.current_edition(code).await.expect("edition");
        black_box(store.rubrics(code).await.expect("rubrics"));
        let actuals: Vec<ActualValue> = store
            .current_actuals(code)
            .await
            .expect("actuals")
            .into_iter()
            .map(|a| a.value)
            .collect();
        let (grades, rollup) = full_evaluation(&plan, &actuals, rubric);
        graded += grades.len();
        black_box(rollup);
    }
    graded
}

// -------------------------------------------------------------- databases

fn bench_dir() -> PathBuf {
    let dir = std::env::var_os("KEIKAKU_BENCH_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("bench directory");
    dir
}

/// A SQLite file that is removed (with its WAL) when dropped.
struct SqliteFile(PathBuf);

impl SqliteFile {
    fn fresh(name: &str) -> SqliteFile {
        let file = SqliteFile(bench_dir().join(format!("{name}-{}.db", std::process::id())));
        file.remove();
        file
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.0.display())
    }

    /// Bytes on disk, WAL included.
    fn size(&self) -> u64 {
        ["", "-wal", "-shm"]
            .iter()
            .filter_map(|s| std::fs::metadata(format!("{}{s}", self.0.display())).ok())
            .map(|m| m.len())
            .sum()
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        if std::env::var("KEIKAKU_BENCH_KEEP").as_deref() == Ok("1") {
            eprintln!("kept {}", self.0.display());
        } else {
            self.remove();
        }
    }
}

const PG_DATABASE: &str = "keikaku_bench";

/// (Re)creates the database `keikaku_bench` on the server of `admin` and returns its URL.
async fn fresh_postgres(admin: &str) -> String {
    let mut conn = sqlx::AnyConnection::connect(admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is not reachable at {admin}: {e}"));
    conn.execute(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"
    )))
    .await
    .expect("drop the bench database");
    conn.execute(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {PG_DATABASE}"
    )))
    .await
    .expect("create the bench database");
    conn.close().await.expect("close");
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    format!("{base}/{PG_DATABASE}")
}

async fn drop_postgres(admin: &str) {
    if let Ok(mut conn) = sqlx::AnyConnection::connect(admin).await {
        let _ = conn
            .execute(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"
            )))
            .await;
    }
}

/// Opens a fresh store at `url` and puts every municipality's edition in.
async fn prepared_store(url: &str, data: &Dataset) -> Store {
    let store = Store::open(url).await.expect("open store");
    for plan in &data.plans {
        store.put_edition(plan, ACTOR).await.expect("put edition");
    }
    store
}

/// Imports every municipality's actuals, one `import_actuals` (one
/// transaction) per municipality, as a municipality's CSV is imported.
async fn import_all(store: &Store, data: &Dataset) {
    for (i, values) in data.actuals.iter().enumerate() {
        let summary = store
            .import_actuals(&data.code(i), values, ACTOR)
            .await
            .expect("import");
        assert_eq!(summary.recorded, values.len());
    }
}

/// The floor under the per-value path: the same rows as plain INSERTs into
/// the `actuals` table (version 1, no read before write, no head, no audit
/// entry), one statement per row, one transaction per municipality, through
/// the same driver.
async fn plain_insert_all(url: &str, data: &Dataset) {
    let mut conn = sqlx::AnyConnection::connect(&format!("{url}?mode=rwc"))
        .await
        .expect("connect");
    for pragma in [
        "PRAGMA foreign_keys = ON",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
    ] {
        conn.execute(pragma).await.expect("pragma");
    }
    let at = "2026-11-24T00:00:00.000Z";
    for (i, values) in data.actuals.iter().enumerate() {
        let code = data.code(i);
        let mut tx = conn.begin().await.expect("begin");
        for v in values {
            sqlx::query(
                "INSERT INTO actuals (code, indicator_id, fiscal_year, version, period, amount, unit, source, note, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&code)
            .bind(v.indicator.as_str())
            .bind(v.fiscal_year().year())
            .bind(v.period.written())
            .bind(v.quantity.amount.to_string())
            .bind(v.quantity.unit.as_str())
            .bind(&v.source)
            .bind(&v.note)
            .bind(ACTOR)
            .bind(at)
            .execute(&mut *tx)
            .await
            .expect("insert");
        }
        tx.commit().await.expect("commit");
    }
    conn.close().await.expect("close");
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

// ------------------------------------------------------ criterion groups

fn bench_import(c: &mut Criterion, rt: &tokio::runtime::Runtime, data: &Dataset) {
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(data.values() as u64));
    let label = format!("{}x{INDICATORS}x{YEARS}", data.plans.len());

    group.bench_function(BenchmarkId::new("sqlite", &label), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let file = SqliteFile::fresh("import");
                let store = rt.block_on(prepared_store(&file.url(), data));
                let start = Instant::now();
                rt.block_on(import_all(&store, data));
                total += start.elapsed();
                rt.block_on(store.close());
            }
            total
        });
    });

    group.bench_function(BenchmarkId::new("sqlite-plain-insert", &label), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let file = SqliteFile::fresh("plain");
                rt.block_on(async {
                    prepared_store(&file.url(), data).await.close().await;
                });
                let start = Instant::now();
                rt.block_on(plain_insert_all(&file.url(), data));
                total += start.elapsed();
            }
            total
        });
    });

    if let Ok(admin) = std::env::var("KEIKAKU_BENCH_POSTGRES") {
        group.bench_function(BenchmarkId::new("postgres", &label), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let url = rt.block_on(fresh_postgres(&admin));
                    let store = rt.block_on(prepared_store(&url, data));
                    let start = Instant::now();
                    rt.block_on(import_all(&store, data));
                    total += start.elapsed();
                    rt.block_on(store.close());
                }
                total
            });
        });
        rt.block_on(drop_postgres(&admin));
    }
    group.finish();
}

fn bench_evaluate(c: &mut Criterion, rt: &tokio::runtime::Runtime, data: &Dataset) {
    let rubric = rubrics::by_name("tsuruoka-4").expect("shipped rubric");
    let grades = (data.plans.len() * INDICATORS) as u64;
    let label = format!("{}x{INDICATORS}", data.plans.len());
    let mut group = c.benchmark_group("evaluate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(grades));

    group.bench_function(BenchmarkId::new("memory-grade-only", &label), |b| {
        b.iter(|| {
            for (plan, actuals) in data.plans.iter().zip(&data.actuals) {
                black_box(grade_only(plan, actuals, &rubric));
            }
        });
    });
    group.bench_function(BenchmarkId::new("memory-full", &label), |b| {
        b.iter(|| {
            for (plan, actuals) in data.plans.iter().zip(&data.actuals) {
                black_box(full_evaluation(plan, actuals, &rubric));
            }
        });
    });

    let file = SqliteFile::fresh("evaluate");
    let store = rt.block_on(async {
        let store = prepared_store(&file.url(), data).await;
        import_all(&store, data).await;
        store
    });
    let codes: Vec<String> = (0..data.plans.len()).map(|i| data.code(i)).collect();
    group.bench_function(BenchmarkId::new("sqlite-read-and-full", &label), |b| {
        b.iter(|| rt.block_on(evaluate_from_store(&store, &codes, &rubric)));
    });
    group.finish();
    rt.block_on(store.close());
}

// ------------------------------------------------------ national, once

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v}: expected a number"))
        })
        .unwrap_or(default)
}

/// Peak resident memory of this process (VmHWM), for the report.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The one-minute load average, to read the numbers against (the machine is shared).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

fn per_second(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

fn national(rt: &tokio::runtime::Runtime, template: &Plan) {
    let count = usize::try_from(env_number("KEIKAKU_BENCH_MUNICIPALITIES", NATIONAL as u64))
        .expect("count");
    let budget = Duration::from_secs(env_number("KEIKAKU_BENCH_BUDGET_SECS", 900));
    let rubric = rubrics::by_name("tsuruoka-4").expect("shipped rubric");
    println!(
        "\n== national: {count} municipalities × {INDICATORS} indicators × {YEARS} years = {} values",
        count * INDICATORS * YEARS
    );

    let start = Instant::now();
    let data = Dataset::generate(template, count);
    println!(
        "generate: {:.2} s ({} values)",
        start.elapsed().as_secs_f64(),
        data.values()
    );

    // Evaluation in memory, three runs each.
    let grades = count * INDICATORS;
    for (name, full) in [("grade only", false), ("full evaluation", true)] {
        let mut runs = Vec::new();
        let mut summary = String::new();
        for _ in 0..3 {
            let start = Instant::now();
            let mut missing = 0;
            let mut rated = 0;
            for (plan, actuals) in data.plans.iter().zip(&data.actuals) {
                let graded = if full {
                    full_evaluation(plan, actuals, &rubric).0
                } else {
                    grade_only(plan, actuals, &rubric)
                };
                missing += graded.iter().filter(|g| g.is_missing()).count();
                rated += graded.iter().filter(|g| g.metrics.rate.is_some()).count();
            }
            runs.push(start.elapsed());
            summary = format!("{missing} missing level, {rated} with a defined rate");
        }
        let best = runs.iter().min().copied().unwrap_or_default();
        let all: Vec<String> = runs
            .iter()
            .map(|d| format!("{:.3}", d.as_secs_f64()))
            .collect();
        println!(
            "evaluate in memory, {name}: {grades} grades in {} s (best {:.3} s = {:.0} grades/s; {summary})",
            all.join(" / "),
            best.as_secs_f64(),
            per_second(grades, best)
        );
    }

    // Import into a fresh SQLite file.
    let file = SqliteFile::fresh("national");
    let store = rt.block_on(Store::open(&file.url())).expect("open store");
    let start = Instant::now();
    for plan in &data.plans {
        rt.block_on(store.put_edition(plan, ACTOR))
            .expect("put edition");
    }
    println!(
        "put_edition: {count} editions in {:.2} s",
        start.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let mut chunk_start = start;
    let mut chunk_values = 0;
    let mut imported = 0;
    let mut values = 0;
    let every = (count / 10).max(1);
    for (i, actuals) in data.actuals.iter().enumerate() {
        rt.block_on(store.import_actuals(&data.code(i), actuals, ACTOR))
            .expect("import");
        imported += 1;
        values += actuals.len();
        chunk_values += actuals.len();
        let over = start.elapsed() > budget;
        if imported % every == 0 || imported == count || over {
            println!(
                "import: {imported}/{count} municipalities, {values} values in {:.1} s: {:.0} values/s overall, {:.0} values/s since the last line; database {:.0} MB; load average {}",
                start.elapsed().as_secs_f64(),
                per_second(values, start.elapsed()),
                per_second(chunk_values, chunk_start.elapsed()),
                file.size() as f64 / 1e6,
                load_average()
            );
            chunk_start = Instant::now();
            chunk_values = 0;
        }
        if over {
            break;
        }
    }
    let elapsed = start.elapsed();
    if imported < count {
        let rate = per_second(values, elapsed);
        let full = count * INDICATORS * YEARS;
        println!(
            "import: budget of {} s reached after {imported} of {count} municipalities; EXTRAPOLATED at {rate:.0} values/s: {full} values would take about {:.0} s (the rate falls as the database grows, so this is a lower bound)",
            budget.as_secs(),
            full as f64 / rate
        );
    } else {
        println!(
            "import: all {values} values in {:.1} s ({:.0} values/s)",
            elapsed.as_secs_f64(),
            per_second(values, elapsed)
        );
    }

    // Evaluation from the store, for the municipalities imported; first the
    // two reads on their own, to show where the time goes.
    let codes: Vec<String> = (0..imported).map(|i| data.code(i)).collect();
    let start = Instant::now();
    for code in &codes {
        black_box(rt.block_on(store.current_edition(code)).expect("edition"));
    }
    println!(
        "read current editions (plan JSON → Plan): {} in {:.2} s",
        codes.len(),
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let mut read = 0;
    for code in &codes {
        read += rt
            .block_on(store.current_actuals(code))
            .expect("actuals")
            .len();
    }
    println!(
        "read current actuals: {read} values in {:.2} s ({:.0} values/s)",
        start.elapsed().as_secs_f64(),
        per_second(read, start.elapsed())
    );
    let start = Instant::now();
    let graded = rt.block_on(evaluate_from_store(&store, &codes, &rubric));
    let elapsed = start.elapsed();
    println!(
        "evaluate from SQLite (edition + rubrics + current actuals + full evaluation): {} municipalities, {graded} grades in {:.2} s ({:.0} grades/s)",
        codes.len(),
        elapsed.as_secs_f64(),
        per_second(graded, elapsed)
    );

    println!(
        "peak memory before the audit verification {}",
        peak_memory()
    );
    let start = Instant::now();
    let verification = rt.block_on(store.audit_verify()).expect("verify");
    println!(
        "audit verify: {} entries in {:.2} s, ok = {}",
        verification.entries,
        start.elapsed().as_secs_f64(),
        verification.ok()
    );
    rt.block_on(store.close());
    println!(
        "database: {:.0} MB on disk; peak memory of the bench process {}",
        file.size() as f64 / 1e6,
        peak_memory()
    );
}

// ------------------------------------------------------------- export

/// Writes the dataset for the baseline script: `actuals.csv` (code,
/// indicator, fiscal_year, amount) and `targets.csv` (code, indicator,
/// initial, target), where the target is the one `tsuruoka-4` judges
/// FY2024 against (the interim target, else the final one).
fn export(dir: &Path, template: &Plan) {
    let count = usize::try_from(env_number("KEIKAKU_BENCH_MUNICIPALITIES", NATIONAL as u64))
        .expect("count");
    std::fs::create_dir_all(dir).expect("export directory");
    let periods = periods();
    let open = |name: &str| {
        std::io::BufWriter::new(std::fs::File::create(dir.join(name)).expect("create CSV"))
    };
    let mut actuals = open("actuals.csv");
    let mut targets = open("targets.csv");
    writeln!(actuals, "code,indicator,fiscal_year,amount").expect("write");
    writeln!(targets, "code,indicator,initial,target").expect("write");
    let mut rows = 0;
    for i in 0..count {
        let plan = municipality_plan(template, i);
        let code = code(i);
        for v in municipality_actuals(&plan, i, &periods) {
            writeln!(
                actuals,
                "{code},{},{},{}",
                v.indicator,
                v.fiscal_year().year(),
                v.quantity.amount
            )
            .expect("write");
            rows += 1;
        }
        for indicator in &plan.indicators {
            let same_unit = |v: &&KpiValue| v.quantity.unit == indicator.unit;
            let initial = indicator.values.initial.as_ref().filter(same_unit);
            let target = indicator
                .values
                .interim
                .as_ref()
                .or(indicator.values.target.as_ref())
                .filter(same_unit);
            if let (Some(initial), Some(target)) = (initial, target) {
                writeln!(
                    targets,
                    "{code},{},{},{}",
                    indicator.id, initial.quantity.amount, target.quantity.amount
                )
                .expect("write");
            }
        }
    }
    actuals.flush().expect("flush");
    targets.flush().expect("flush");
    println!(
        "exported {rows} actuals of {count} municipalities to {}",
        dir.display()
    );
}

fn main() {
    let template = template();
    if let Some(dir) = std::env::var_os("KEIKAKU_BENCH_EXPORT") {
        export(Path::new(&dir), &template);
        return;
    }
    let rt = runtime();
    let mut c = Criterion::default().configure_from_args();
    let small = Dataset::generate(&template, SMALL);
    bench_import(&mut c, &rt, &small);
    bench_evaluate(&mut c, &rt, &small);
    drop(small);
    if std::env::var("KEIKAKU_BENCH_NATIONAL").as_deref() == Ok("1") {
        national(&rt, &template);
    }
    c.final_summary();
}
