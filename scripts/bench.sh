#!/usr/bin/env bash
# Benchmarks the timer dispatcher against Hangfire, Quartz and pgbench on a private PostgreSQL, and the case list and
# case page over HTTP from the real web host, alone and under a timer burst with 50 people browsing (docs/benchmarks.md).
#   scripts/bench.sh           100,000 timers; writes docs/benchmarks.md and docs/benchmarks-throughput.svg
#   scripts/bench.sh --quick   10,000 timers and cases (2,000 timers for Hangfire, Quartz and the web burst), about 5 minutes; report
#                              to a temporary folder unless --docs is given too
# Other options go to the bench: --timers N, --alt-timers N, --cases N, --queries N, --web-requests N, --lag-seconds N,
# --census-rows N, --census-large-rows N (0 skips the 100,000-row import; --quick skips it unless given), --only dispatcher,profile,hangfire,quartz,pgbench,lag,caselist,web,census,census-bomb.
# stdout: one name=value line per figure; stderr: progress. The server is started for the run and removed after it:
# default settings (fsync on), plus pg_stat_statements and track_commit_timestamp for the profile and the lag.
source "$(dirname "$0")/lib/common.sh"

ensure_dotnet
ensure_postgres_binaries
command -v "$PG_BIN/pgbench" >/dev/null 2>&1 || die "pgbench not found in $PG_BIN"

log "building (Release): the bench, and the web host it starts for the pages over HTTP"
for project in CapacityExit.Workflow.Bench CapacityExit.Workflow.Web; do
  dotnet build "$ROOT/src/$project" -c Release -v quiet -nologo >/dev/null || {
    dotnet build "$ROOT/src/$project" -c Release -v quiet -nologo; die "build of $project failed"; }
done

WORK="$(mktemp -d /tmp/capexit-bench.XXXXXX)"
chmod 755 "$WORK"
PGDIR="$WORK/pg"
cleanup() {
  pg_stop "$PGDIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(free_port)"
pg_init "$PGDIR"
pg_start "$PGDIR" "$PORT" shared_preload_libraries=pg_stat_statements track_commit_timestamp=on
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $PGDIR, fsync on)"

export BENCH_PG="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres;Timeout=30;Command Timeout=600"
export PG_BIN
cd "$ROOT"
dotnet "$ROOT/src/CapacityExit.Workflow.Bench/bin/Release/net10.0/capacity-exit-bench.dll" --root "$ROOT" "$@"
