#!/usr/bin/env bash
# Runs every CareHub test: unit, integration (SQLite and a throwaway PostgreSQL) and browser tests
# (headless Chromium). Installs PostgreSQL and Chromium with apt-get when they are missing, starts a
# temporary PostgreSQL cluster on a free loopback port, and removes it afterwards, even on failure.
# Ends with one line: "Tests: N passed, N failed". Exits non-zero if any test failed.
# Extra arguments are passed to `dotnet test` (e.g. --filter-class or --project).
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages -----------------------------------------------------------------------------
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x "${CAREHUB_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]} (apt-get)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export CAREHUB_CHROMIUM="${CAREHUB_CHROMIUM:-/usr/bin/chromium}"

# --- Throwaway PostgreSQL --------------------------------------------------------------------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=$(mktemp -d -t carehub-pg-XXXXXX)
port=55432
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pgdir"
  pg() { su postgres -s /bin/bash -c "$*"; }
else
  pg() { bash -c "$*"; }
fi
cleanup() {
  pg "$pgbin/pg_ctl -D $pgdir/data -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
log "Starting PostgreSQL on 127.0.0.1:$port"
pg "$pgbin/initdb -D $pgdir/data -A trust -U postgres" >"$pgdir/initdb.log" 2>&1 || { cat "$pgdir/initdb.log"; exit 1; }
pg "$pgbin/pg_ctl -D $pgdir/data -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -l $pgdir/server.log -w start" >/dev/null \
  || { cat "$pgdir/server.log"; exit 1; }
export CAREHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

# --- Build and test --------------------------------------------------------------------------------
log "Building"
dotnet build CareHub.slnx -nologo -v q -clp:ErrorsOnly || { echo "Tests: 0 passed, 1 failed"; exit 1; }

out="$root/test-artifacts/test-output.log"
mkdir -p "$root/test-artifacts"
: >"$out"
if [ $# -gt 0 ]; then
  log "Running the test projects with: $*"
  dotnet test --solution CareHub.slnx --no-build "$@" 2>&1 | tee -a "$out"
  status=${PIPESTATUS[0]}
else
  # One project at a time, browser tests last: Chromium and the web test hosts share the machine's
  # cores, and a browser test waiting on a page must not compete with hundreds of web tests.
  status=0
  for project in CareHub.Core.Tests CareHub.Cli.Tests CareHub.Web.Tests CareHub.Browser.Tests; do
    log "Running $project"
    dotnet test --project "tests/$project" --no-build 2>&1 | tee -a "$out"
    code=${PIPESTATUS[0]}
    [ "$code" -ne 0 ] && status=$code
  done
fi

sum() { grep -E "^\s+$1: [0-9]+" "$out" | awk '{ s += $2 } END { print s + 0 }'; }
passed=$(sum succeeded); failed=$(sum failed); skipped=$(sum skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$failed" -gt 0 ]; then
  log "Failed tests (details above)"
  grep -E -A6 '^\s*failed [A-Za-z_]' "$out" | cut -c1-300 | head -150
fi
echo
[ "$skipped" -gt 0 ] && echo "($skipped tests skipped)"
echo "Tests: $passed passed, $failed failed"
exit "$status"
