#!/usr/bin/env bash
# Installs what the tests need, starts private servers on free ports, runs every test project in the
# solution, stops the servers, and prints the totals on its last line: "N passed, N failed".
# Exits non-zero on any failure. Extra arguments go to every `dotnet test` (e.g. --filter ...).
source "$(dirname "$0")/lib/common.sh"

ensure_dotnet
ensure_postgres_binaries
# A real SMTP server for the mail tests: Debian's aiosmtpd, which only Debian's python3 sees.
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || apt_ensure python3-aiosmtpd
# The browser tests (tests/CapacityExit.Workflow.Web.Tests) drive Debian's chromium, never a downloaded one; the CJK font
# makes Chinese render as characters rather than boxes in their screenshots. Without chromium they fail, never skip.
apt_ensure chromium fonts-wqy-microhei
# Two hosts behind a proxy (Web.Tests/Hosting/BehindNginxTests): Debian's nginx, run by the test on a port of its own
# with a configuration it writes (the package's own site is never started).
apt_ensure nginx
export CAPEXIT_TEST_CHROMIUM="${CAPEXIT_TEST_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CAPEXIT_TEST_CHROMIUM" ] || die "chromium not found at $CAPEXIT_TEST_CHROMIUM"

WORK="$(mktemp -d /tmp/capexit-test.XXXXXX)"
chmod 755 "$WORK"
PG_DIR="$WORK/pg"
started_pg=""
smtp_pid=""
cleanup() {
  if [ -n "$smtp_pid" ]; then kill "$smtp_pid" 2>/dev/null || true; wait "$smtp_pid" 2>/dev/null || true; fi
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

# aiosmtpd storing into a Maildir (its Mailbox handler needs tmp/, new/ and cur/ to exist). The mail tests that stop
# and restart a server, or need a 550, start their own (tests/.../Mail/SmtpServer.cs).
SMTP_DIR="$WORK/maildir"
mkdir -p "$SMTP_DIR/tmp" "$SMTP_DIR/new" "$SMTP_DIR/cur"
SMTP_PORT="$(free_port)"
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$SMTP_DIR" > "$WORK/aiosmtpd.log" 2>&1 &
smtp_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && break
  kill -0 "$smtp_pid" 2>/dev/null || { cat "$WORK/aiosmtpd.log" >&2; smtp_pid=""; die "aiosmtpd did not start"; }
  sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null || die "aiosmtpd does not answer on 127.0.0.1:$SMTP_PORT"
export CAPEXIT_TEST_SMTP_PORT="$SMTP_PORT" CAPEXIT_TEST_SMTP_MAILDIR="$SMTP_DIR"
log "aiosmtpd for tests on 127.0.0.1:$SMTP_PORT (Maildir $SMTP_DIR)"

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
  if [ -z "$summary" ] && [ "$rc" -eq 0 ] && grep -q 'No test matches the given testcase filter' "$out"; then
    log "$name: no test matches the filter"
    continue
  fi
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
