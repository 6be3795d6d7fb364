#!/usr/bin/env bash
# Installs what the tests need, starts private servers on free ports, runs every test project in the
# solution, stops the servers, and prints the totals on its last line: "N passed, N failed".
# Exits non-zero on any failure. Extra arguments go to every `dotnet test` (e.g. --filter ...).
source "$(dirname "$0")/lib/common.sh"

ensure_dotnet
ensure_postgres_binaries

WORK="$(mktemp -d /tmp/capexit-test.XXXXXX)"
chmod 755 "$WORK"
PG_DIR="$WORK/pg"
started_pg=""
cleanup() {
  [ -n "$started_pg" ] && pg_stop "$PG_DIR"
  rm -rf "$WORK"
}
trap cleanup EXIT

# A private PostgreSQL for the integration tests. Durability is not under test here, speed is welcome.
pg_init "$PG_DIR"
PG_PORT="$(free_port)"
pg_start "$PG_DIR" "$PG_PORT" fsync=off synchronous_commit=off full_page_writes=off
started_pg=1
export CAPEXIT_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export CAPEXIT_TEST_PG_DIR="$PG_DIR" CAPEXIT_TEST_PG_BIN="$PG_BIN"
log "PostgreSQL for tests on 127.0.0.1:$PG_PORT"

log "building"
if ! dotnet build "$ROOT/CapacityExit.Workflow.sln" -v quiet -nologo > "$WORK/build.log" 2>&1; then
  grep -E 'error|Error' "$WORK/build.log" | sort -u | head -40 >&2
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; skipped=0; status=0
for proj in "$ROOT"/tests/*/*.csproj; do
  name="$(basename "$proj" .csproj)"
  log "running $name"
  out="$WORK/$name.log"
  set +e
  dotnet test "$proj" --no-build -nologo "$@" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  summary="$(grep -E '(Passed|Failed)!  *- Failed: *[0-9]+, Passed: *[0-9]+, Skipped: *[0-9]+' "$out" | tail -1 || true)"
  if [ -z "$summary" ]; then
    log "$name printed no test summary (exit $rc): counted as one failure"
    failed=$((failed + 1)); status=1; continue
  fi
  f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then status=1; fi
done

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
exit $status
