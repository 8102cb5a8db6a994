#!/usr/bin/env bash
# Baseline for docs/PERFORMANCE.md: the same generated rows, imported by the
# sqlite3 shell's .import and graded (achievement rates) by DuckDB.
#
# NOT part of CI (.ci/run does not call it): it installs tools, writes a few
# GB to target/bench-baseline and runs for tens of minutes at national scale.
#
#   scripts/bench-baseline.sh                  # baseline only, 1,800 municipalities
#   WITH_KEIKAKU=1 scripts/bench-baseline.sh   # keikaku's national run first, then the baseline
#
# Environment:
#   KEIKAKU_BENCH_MUNICIPALITIES  municipalities (default 1800 = 2.7 million values)
#   WITH_KEIKAKU=1                also run `cargo bench -p keikaku-store --bench national`
#                                 with KEIKAKU_BENCH_NATIONAL=1 first
#   BENCH_ARGS                    criterion's arguments for that run (default --quick;
#                                 BENCH_ARGS= for full samples, as in docs/PERFORMANCE.md)
#   KEIKAKU_BENCH_POSTGRES        passed on to the bench (PostgreSQL import at small scale)
#   BENCH_OUT                     output directory (default target/bench-baseline)
#
# The rows come from the bench's own generator (KEIKAKU_BENCH_EXPORT), so
# keikaku and the baseline see exactly the same data:
#   actuals.csv  code,indicator,fiscal_year,amount     (one row per value)
#   targets.csv  code,indicator,initial,target         (target: the one tsuruoka-4 uses for FY2024)
# sqlite3 (apt package sqlite3) and DuckDB (PyPI package duckdb) are
# installed only if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${KEIKAKU_BENCH_MUNICIPALITIES:-1800}"
OUT="${BENCH_OUT:-target/bench-baseline}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)" # absolute: cargo runs the bench in crates/store
DATA="$OUT/data"
LOG="$OUT/baseline.log"
mkdir -p "$DATA"
: >"$LOG"

say() { printf '%s\n' "$*" | tee -a "$LOG"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
now() { date +%s.%N; }
# seconds between two `now` values, 3 decimals
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

echo "== tools"
if ! command -v sqlite3 >/dev/null 2>&1; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3
fi
if ! python3 -c 'import duckdb' >/dev/null 2>&1; then
  python3 -m pip install --quiet duckdb
fi

say "== machine ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
say "nproc: $(nproc)"
lscpu | head -n 15 | tee -a "$LOG"
free -h | tee -a "$LOG"
df -hT "$OUT" | tee -a "$LOG"
say "disk: $(lsblk -dno NAME,ROTA,SIZE,MODEL 2>/dev/null | tr '\n' ';')"
say "rustc: $(rustc --version)"
say "sqlite3: $(sqlite3 --version | cut -d' ' -f1-2)"
say "duckdb: $(python3 -c 'import duckdb; print(duckdb.__version__)')"
say "python3: $(python3 --version 2>&1)"

if [ "${WITH_KEIKAKU:-0}" = 1 ]; then
  ARGS="${BENCH_ARGS---quick}"
  say "== keikaku: KEIKAKU_BENCH_NATIONAL=1 KEIKAKU_BENCH_MUNICIPALITIES=$N cargo bench -p keikaku-store --bench national -- $ARGS"
  say "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086 # ARGS is a list of criterion arguments
  KEIKAKU_BENCH_NATIONAL=1 KEIKAKU_BENCH_MUNICIPALITIES="$N" \
    cargo bench -p keikaku-store --bench national -- $ARGS 2>&1 | tee "$OUT/keikaku.log"
  say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

say "== export: $N municipalities"
KEIKAKU_BENCH_EXPORT="$DATA" KEIKAKU_BENCH_MUNICIPALITIES="$N" \
  cargo bench -p keikaku-store --bench national 2>&1 | grep -v '^ *\(Compiling\|Finished\|Running\)' | tee -a "$LOG"
ROWS=$(($(wc -l <"$DATA/actuals.csv") - 1))
say "actuals.csv: $ROWS rows, $(du -h "$DATA/actuals.csv" | cut -f1); targets.csv: $(($(wc -l <"$DATA/targets.csv") - 1)) rows"

# --- sqlite3 .import -------------------------------------------------------
# The same pragmas as keikaku's store (WAL, synchronous NORMAL). The shell's
# .import runs the whole file in one transaction.
PRAGMAS="PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
# The table the brief names: (id, code, indicator_id, fiscal_year, amount TEXT).
# The CSV has no id column, so rows go in through a view whose INSTEAD OF
# trigger inserts them (the shell inserts into a view as into a table).
TABLE="CREATE TABLE actuals (id INTEGER PRIMARY KEY, code TEXT NOT NULL, indicator_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, amount TEXT NOT NULL);
CREATE VIEW actuals_in (code, indicator_id, fiscal_year, amount) AS SELECT code, indicator_id, fiscal_year, amount FROM actuals;
CREATE TRIGGER actuals_in_insert INSTEAD OF INSERT ON actuals_in BEGIN
  INSERT INTO actuals (code, indicator_id, fiscal_year, amount) VALUES (NEW.code, NEW.indicator_id, NEW.fiscal_year, NEW.amount);
END;"
UNIQUE="CREATE UNIQUE INDEX actuals_key ON actuals (code, indicator_id, fiscal_year);"

sqlite_import() { # label, schema, target table
  local db="$OUT/sqlite-$1.db"
  rm -f "$db" "$db-wal" "$db-shm"
  sqlite3 "$db" "$PRAGMAS $2" >/dev/null
  local start
  start=$(now)
  sqlite3 "$db" "$PRAGMAS" ".import --csv --skip 1 $DATA/actuals.csv $3" >/dev/null
  local secs
  secs=$(since "$start")
  local count
  count=$(sqlite3 "$db" "SELECT count(*) FROM actuals")
  local bytes
  bytes=$(du -cb "$db"* | tail -n1 | cut -f1)
  say "sqlite3 .import, $1: $count rows in $secs s = $(awk -v n="$count" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') rows/s; $((bytes / 1000000)) MB"
  rm -f "$db" "$db-wal" "$db-shm"
}

say "== sqlite3 .import"
sqlite_import "rowid table (code, indicator_id, fiscal_year, amount)" \
  "CREATE TABLE actuals (code TEXT NOT NULL, indicator_id TEXT NOT NULL, fiscal_year INTEGER NOT NULL, amount TEXT NOT NULL);" actuals
sqlite_import "table with id, through a view" "$TABLE" actuals_in
sqlite_import "table with id and UNIQUE (code, indicator_id, fiscal_year), through a view" "$TABLE $UNIQUE" actuals_in

# --- DuckDB achievement rates ---------------------------------------------
say "== DuckDB: achievement rate = (actual - initial) / (target - initial) per row"
python3 - "$DATA" <<'PY' | tee -a "$LOG"
import sys, time
import duckdb

data = sys.argv[1]
actuals = f"read_csv('{data}/actuals.csv', header = true, columns = {{'code': 'VARCHAR', 'indicator': 'VARCHAR', 'fiscal_year': 'INTEGER', 'amount': 'DECIMAL(18,4)'}})"
targets = f"read_csv('{data}/targets.csv', header = true, columns = {{'code': 'VARCHAR', 'indicator': 'VARCHAR', 'initial': 'DECIMAL(18,4)', 'target': 'DECIMAL(18,4)'}})"
rate = "(a.amount - t.initial) * 100 / NULLIF(t.target - t.initial, 0)"

def timed(con, label, sql, count_sql=None):
    start = time.perf_counter()
    con.execute(sql)
    secs = time.perf_counter() - start
    extra = ""
    if count_sql:
        n, defined = con.execute(count_sql).fetchone()
        extra = f": {n} rows, {defined} with a defined rate, {n / secs:,.0f} rows/s"
    print(f"duckdb {duckdb.__version__} threads={threads} {label}: {secs:.3f} s{extra}", flush=True)

for threads in (1, 2):
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    timed(con, "load actuals.csv", f"CREATE TABLE actuals AS SELECT * FROM {actuals}")
    timed(con, "load targets.csv", f"CREATE TABLE targets AS SELECT * FROM {targets}")
    timed(con, "rates, FY2024 (materialised)",
          f"CREATE OR REPLACE TABLE rates AS SELECT a.code, a.indicator, a.fiscal_year, {rate} AS rate "
          "FROM actuals a JOIN targets t USING (code, indicator) WHERE a.fiscal_year = 2024",
          "SELECT count(*), count(rate) FROM rates")
    timed(con, "rates, all years (materialised)",
          f"CREATE OR REPLACE TABLE rates AS SELECT a.code, a.indicator, a.fiscal_year, {rate} AS rate "
          "FROM actuals a JOIN targets t USING (code, indicator)",
          "SELECT count(*), count(rate) FROM rates")
    timed(con, "CSV to rates in one query, all years",
          f"CREATE OR REPLACE TABLE rates AS SELECT a.code, a.indicator, a.fiscal_year, {rate} AS rate "
          f"FROM {actuals} a JOIN {targets} t USING (code, indicator)",
          "SELECT count(*), count(rate) FROM rates")
    con.close()
PY

say "== done; log in $LOG"
