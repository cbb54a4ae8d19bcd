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
