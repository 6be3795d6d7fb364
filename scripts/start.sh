#!/usr/bin/env bash
# Runs the back office with demo data.
#   scripts/start.sh            serve at http://127.0.0.1:5080 on a private PostgreSQL under .data/pg
#   PORT=8080 scripts/start.sh  another web port; PG_PORT chooses the private cluster's port (default 55432)
# With a connection string in appsettings.json (ConnectionStrings:Default) or in the environment
# (ConnectionStrings__Default), no private cluster is started and that database is used.
source "$(dirname "$0")/lib/common.sh"

PORT="${PORT:-5080}"
PG_PORT="${PG_PORT:-55432}"
DATA="$ROOT/.data"
PGDATA_DIR="$DATA/pg"

ensure_dotnet
configured="$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1])).get("ConnectionStrings") or {}).get("Default") or "")' "$ROOT/appsettings.json" 2>/dev/null || true)"

started_pg=""
cleanup() {
  if [ -n "$started_pg" ]; then log "stopping PostgreSQL"; pg_stop "$PGDATA_DIR"; rm -f "$PGDATA_DIR/capacity-exit.port"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${ConnectionStrings__Default:-}" ] && [ -z "$configured" ]; then
  ensure_postgres_binaries
  mkdir -p "$DATA"
  first=""; [ -f "$PGDATA_DIR/PG_VERSION" ] || first=1
  pg_init "$PGDATA_DIR"
  [ -n "$first" ] && log "created a private PostgreSQL cluster in $PGDATA_DIR"
  if pg_running "$PGDATA_DIR"; then
    # Left running by an unclean stop (start.sh or the host killed): it is this project's own cluster.
    running_port="$(sed -n 4p "$PGDATA_DIR/postmaster.pid")"
    if [ "$running_port" = "$PG_PORT" ]; then
      log "reusing the project's PostgreSQL still running in $PGDATA_DIR (left by an unclean stop)"
    else
      log "restarting the project's PostgreSQL left running on port $running_port by an unclean stop"
      pg_stop "$PGDATA_DIR"
      pg_start "$PGDATA_DIR" "$PG_PORT"
    fi
  else
    pg_start "$PGDATA_DIR" "$PG_PORT"
  fi
  started_pg=1
  # scripts/capacity-exit finds the cluster through this file when no connection string is configured.
  echo "$PG_PORT" > "$PGDATA_DIR/capacity-exit.port"
  pg_create_db "$PG_PORT" capacity_exit
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=capacity_exit"
  log "PostgreSQL on 127.0.0.1:$PG_PORT (data in $PGDATA_DIR)"
else
  log "using the configured database; no private cluster"
fi

log "building"
dotnet build "$ROOT/src/CapacityExit.Workflow.Web" -c Release -v quiet -nologo >/dev/null || {
  dotnet build "$ROOT/src/CapacityExit.Workflow.Web" -c Release -v quiet -nologo; die "build failed"; }

export CAPACITYEXIT_ROOT="$ROOT"
export CapacityExit__LoadDemoData="${CapacityExit__LoadDemoData:-true}"
export ASPNETCORE_URLS="http://127.0.0.1:$PORT"
log "serving the back office at http://127.0.0.1:$PORT (Ctrl-C stops it and its PostgreSQL)"
cd "$ROOT"
dotnet "$ROOT/src/CapacityExit.Workflow.Web/bin/Release/net10.0/CapacityExit.Workflow.Web.dll" &
web=$!
# A background job of a script ignores SIGINT, so Ctrl-C is passed on as SIGTERM, which .NET takes as a graceful stop.
trap 'kill -TERM $web 2>/dev/null; wait $web 2>/dev/null; exit 130' INT TERM
wait $web
