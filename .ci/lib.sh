# Shared set-up for .ci/serve and .ci/test: system packages, then .venv with pinned requirements.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }

# Install Debian packages when a command is missing (root, or sudo without a password).
ensure_debian_packages() {
  local missing=()
  while [ "$#" -gt 0 ]; do
    command -v "$1" >/dev/null 2>&1 || [ -e "$1" ] || missing+=("$2")
    shift 2
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      log "Missing ${missing[*]}: install them with apt-get (needs root)."; return 1; fi
  fi
  log "Installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$candidate"; return 0
    fi
  done
  log "Python 3.11 or newer is needed."; return 1
}

# Create .venv and install requirements.txt; reinstall only when the file changed.
ensure_venv() {
  local python stamp
  if [ ! -x .venv/bin/python ]; then
    python="$(find_python)"
    log "Creating .venv with $python"
    if ! "$python" -m venv .venv; then
      rm -rf .venv
      ensure_debian_packages /usr/share/doc/python3-venv python3-venv
      "$python" -m venv .venv
    fi
  fi
  stamp=".venv/.requirements.sha256"
  if [ ! -f "$stamp" ] || ! sha256sum --check --status "$stamp" 2>/dev/null; then
    log "Installing requirements into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    sha256sum requirements.txt > "$stamp"
  fi
}

# Start a throwaway PostgreSQL cluster in a temporary folder, reachable only through a Unix socket
# there; sets PG_URL to its SQLAlchemy URL. The cluster is stopped and removed by stop_postgres.
PG_DIR=""
PG_URL=""
start_postgres() {
  local bin run_as=()
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$bin" ] || { log "PostgreSQL server binaries not found"; return 1; }
  PG_DIR="$(mktemp -d /tmp/planner-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync -E UTF8 >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o \
    "-c listen_addresses='' -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  "${run_as[@]}" "$bin/createdb" -h "$PG_DIR" -U postgres planner_test
  PG_URL="postgresql+psycopg://postgres@/planner_test?host=$PG_DIR"
}

stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  local bin run_as=()
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
