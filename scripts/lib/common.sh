# Shared shell helpers for scripts/*.sh. Source it; it sets ROOT to the checkout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

log() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt_ensure PACKAGE... : installs the Debian packages that are missing (needs root).
apt_ensure() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]} (run as root, or install them: apt-get install ${missing[*]})"
  fi
  log "installing Debian packages: ${missing[*]}"
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || log "apt-get update failed; trying the install anyway"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH; this machine kind ships it"
  (cd "$ROOT" && dotnet tool restore >/dev/null)
}

# free_port : prints a TCP port nobody listens on at 127.0.0.1.
free_port() {
  local py
  py="$(command -v python3 || echo /usr/bin/python3)"
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# as_pg CMD... : PostgreSQL refuses to run as root, so root runs it as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_postgres_binaries() {
  [ -x "$PG_BIN/initdb" ] || apt_ensure postgresql-15
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL binaries not found in $PG_BIN"
}

# pg_init DIR : creates a private cluster in DIR (once). Local trust auth, loopback only.
pg_init() {
  local dir="$1"
  if [ -f "$dir/PG_VERSION" ]; then return 0; fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  as_pg test -w "$dir" || die "the postgres user cannot write $dir (is a parent folder closed to it?)"
  as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
    || die "initdb failed for $dir"
}

# pg_start DIR PORT [extra postgres -c settings...] : starts the cluster and waits until it answers.
pg_start() {
  local dir="$1" port="$2"; shift 2
  local opts="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200"
  for o in "$@"; do opts="$opts -c $o"; done
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -o "$opts" -w -t 60 start >/dev/null \
    || { tail -20 "$dir/server.log" >&2; die "PostgreSQL did not start (log: $dir/server.log)"; }
}

# pg_running DIR : whether the cluster in DIR is running (its postmaster.pid names a live server).
pg_running() {
  [ -f "$1/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

pg_stop() {
  local dir="$1"
  [ -f "$dir/postmaster.pid" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null || log "PostgreSQL in $dir did not stop cleanly"
}

# pg_create_db PORT NAME : creates the database if it does not exist.
pg_create_db() {
  local port="$1" name="$2"
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='$name'" postgres | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -qc "create database \"$name\"" postgres >/dev/null
  fi
}
