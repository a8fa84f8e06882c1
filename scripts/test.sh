#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, checks build warnings and formatting, starts throwaway
# Azurite (plus a Blob-only one in OAuth mode) and PostgreSQL instances on free ports, runs `dotnet test` on the
# solution against them, and removes what it started. The exit code is the tests' exit code (or the first failing step's).
#
#   scripts/test.sh                          the whole suite (the astronomy reference tables are committed data)
#   scripts/test.sh --regenerate-reference   first rebuild them with PyEphem (Debian python3-ephem), then the suite
#   scripts/test.sh --filter EXPR            only the tests `dotnet test --filter EXPR` selects (while developing)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

state=""
cleanup() {
  stop_dependencies
  [ -n "$state" ] && rm -rf "$state"
  [ -n "$PG_DATA" ] && [ "${PG_DATA#/tmp/photonranch-pg.}" != "$PG_DATA" ] && rm -rf "$PG_DATA"
  return 0
}
trap cleanup EXIT

regenerate_reference=false
test_filter=()
while [ $# -gt 0 ]; do
  case "$1" in
    --regenerate-reference) regenerate_reference=true ;;
    --filter)
      [ $# -ge 2 ] || die "--filter needs an expression, e.g. --filter FullyQualifiedName~PipeQueue"
      test_filter=(--filter "$2")
      shift ;;
    *) die "unknown option: $1 (see the comment at the top of scripts/test.sh)" ;;
  esac
  shift
done

ensure_dependencies
if $regenerate_reference; then
  # Debian's interpreter: a python3 first on PATH (pyenv, venv) would not see the apt-installed ephem module.
  /usr/bin/python3 -c "import ephem" 2>/dev/null || apt_install python3-ephem
  /usr/bin/python3 tools/reference-ephemeris/generate_reference.py --out tests/PhotonRanch.Astronomy.Tests/ReferenceData
fi

log "restore, build (warnings are errors), format check"
dotnet restore PhotonRanch.Functions.sln --verbosity quiet
dotnet build PhotonRanch.Functions.sln -c Release --no-restore -warnaserror --verbosity quiet -nologo
dotnet format PhotonRanch.Functions.sln --verify-no-changes --no-restore --verbosity quiet

mkdir -p "$REPO_ROOT/.local"
state="$(mktemp -d "$REPO_ROOT/.local/test.XXXXXX")"
chmod 755 "$state"  # the postgres user must reach the cluster folder inside it
start_azurite "$state/azurite" in-memory
start_oauth_azurite "$state/azurite-oauth"
start_postgres "$state/postgres" fast
export PHOTONRANCH_TEST_STORAGE_CONNECTION_STRING="$STORAGE_CONNECTION_STRING"
export PHOTONRANCH_TEST_OAUTH_BLOB_ENDPOINT="$OAUTH_BLOB_ENDPOINT"
export PHOTONRANCH_TEST_OAUTH_BLOB_CERTIFICATE="$OAUTH_BLOB_CERTIFICATE"
export PHOTONRANCH_TEST_POSTGRES_CONNECTION_STRING="$POSTGRES_CONNECTION_STRING"

status=0
dotnet test PhotonRanch.Functions.sln -c Release --no-build --nologo "${test_filter[@]}" \
  --logger "console;verbosity=minimal" --logger "trx" --results-directory "$state/results" || status=$?

# One plain summary line over every test project's results.
passed=0 failed=0 skipped=0
for trx in "$state"/results/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  total=$(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")
  ok=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  bad=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + ok)); failed=$((failed + bad)); skipped=$((skipped + total - ok - bad))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ $((passed + failed)) -gt 0 ] || { log "no test ran"; [ "$status" -ne 0 ] || status=1; }
exit "$status"
