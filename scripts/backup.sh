#!/usr/bin/env bash
# Writes a consistent dump of the back office's database while the host keeps running (pg_dump reads one
# snapshot, so every case, timer, history row and outbox row in the file belong to the same moment). The database
# holds the whole office: uploaded files and photos, the sign-in keys and the holiday years entered are in it too.
#   scripts/backup.sh [FILE]      default FILE: .data/backups/capacity-exit-YYYYmmdd-HHMMSS.dump (custom format)
# The database: ConnectionStrings__Default in the environment, else ConnectionStrings:Default in appsettings.json,
# else the private cluster that scripts/start.sh runs (127.0.0.1:${PG_PORT:-55432}, database capacity_exit).
# Restore into an empty database with: pg_restore --no-owner -d DBNAME FILE
source "$(dirname "$0")/lib/common.sh"
ensure_postgres_binaries

connection="${ConnectionStrings__Default:-}"
if [ -z "$connection" ]; then
  connection="$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1])).get("ConnectionStrings") or {}).get("Default") or "")' "$ROOT/appsettings.json" 2>/dev/null || true)"
fi
if [ -z "$connection" ]; then
  connection="Host=127.0.0.1;Port=${PG_PORT:-55432};Username=postgres;Database=capacity_exit"
fi

# Npgsql's "Key=Value;..." to libpq's environment variables.
eval "$(python3 - "$connection" <<'PY'
import shlex, sys
keys = {"host": "PGHOST", "server": "PGHOST", "port": "PGPORT", "username": "PGUSER", "user id": "PGUSER", "userid": "PGUSER",
        "user": "PGUSER", "password": "PGPASSWORD", "database": "PGDATABASE", "db": "PGDATABASE"}
for part in sys.argv[1].split(";"):
    if "=" not in part:
        continue
    k, v = part.split("=", 1)
    var = keys.get(k.strip().lower())
    if var:
        print(f"export {var}={shlex.quote(v.strip())}")
PY
)"
[ -n "${PGDATABASE:-}" ] || die "the connection string names no Database"

out="${1:-$ROOT/.data/backups/capacity-exit-$(date -u +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$out")"
tmp="$out.partial"
"$PG_BIN/pg_dump" --format=custom --no-owner --file="$tmp" || { rm -f "$tmp"; die "pg_dump of $PGDATABASE on ${PGHOST:-?}:${PGPORT:-5432} failed"; }
mv "$tmp" "$out"
log "wrote $out ($(du -h "$out" | cut -f1)) from $PGDATABASE on ${PGHOST:-localhost}:${PGPORT:-5432}"
echo "$out"
