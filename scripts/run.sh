#!/usr/bin/env bash
# Runs the API locally on http://localhost:7071 with its real dependencies: installs what is missing, starts
# Azurite and a PostgreSQL cluster (kept in .local/run between runs), applies migrations and serves the functions
# on Kestrel, with the same bearer-token checks as production against a local signing key (generated once into
# .local/run/auth; ./scripts/token.sh mints tokens for it) unless Auth__* settings are already set in the
# environment. Ctrl-C stops everything it started. PHOTONRANCH_URLS overrides the address.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API_PID=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  stop_dependencies
  log "stopped"
}
trap cleanup EXIT INT TERM

ensure_dependencies
state="$REPO_ROOT/.local/run"
start_azurite "$state/azurite"
start_postgres "$state/postgres"
cat >"$state/connection.env" <<ENV
Storage__ConnectionString='$STORAGE_CONNECTION_STRING'
Postgres__ConnectionString='$POSTGRES_CONNECTION_STRING'
ENV

export Storage__ConnectionString="$STORAGE_CONNECTION_STRING"
export Postgres__ConnectionString="$POSTGRES_CONNECTION_STRING"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
urls="${PHOTONRANCH_URLS:-http://localhost:7071}"
log "starting the API on $urls (connection settings in .local/run/connection.env)"
# Build, then run the built app itself: `dotnet run` does not pass SIGTERM on, so Ctrl-C could not stop it.
dotnet build "$REPO_ROOT/src/PhotonRanch.Functions.LocalHost" -c Release --verbosity quiet -nologo
app_dir="$REPO_ROOT/src/PhotonRanch.Functions.LocalHost/bin/Release/net10.0"
if [ -z "${Auth__ClientId:-}${Auth__CertificatePem:-}${Auth__JwksUri:-}" ]; then
  # NAME=value lines: Auth__ClientId, Auth__Issuer and the certificate (one line) of the local signing key.
  while IFS='=' read -r name value; do
    export "$name=$value"
  done < <(dotnet "$app_dir/PhotonRanch.Functions.LocalHost.dll" auth-settings --key-dir "$state/auth")
  log "auth: local signing key in .local/run/auth; mint a token with ./scripts/token.sh [--role admin] [--lifetime 1h]"
else
  log "auth: using the Auth__* settings from the environment"
fi
dotnet "$app_dir/PhotonRanch.Functions.LocalHost.dll" --urls "$urls" --contentRoot "$app_dir" &
API_PID=$!
wait "$API_PID"
