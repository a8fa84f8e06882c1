#!/usr/bin/env bash
# Prints a bearer token that the API started by ./scripts/run.sh accepts (modelled on `dotnet user-jwts create`):
# signed by the local key in .local/run/auth (generated on first use), audience photonranch-local.
#   TOKEN=$(./scripts/token.sh --role admin --lifetime 2h)
#   curl -X POST localhost:7071/nightlog/saf -H "Authorization: Bearer $TOKEN" -d '{"note_data": {"ttl_hours": 1}}'
# Options: --role ROLE (repeatable), --lifetime 90s|30m|1h|7d|hh:mm:ss (default 1h), --key-dir DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

app_dir="$REPO_ROOT/src/PhotonRanch.Functions.LocalHost/bin/Release/net10.0"
# Build output goes to stderr, so stdout holds the token alone.
dotnet build "$REPO_ROOT/src/PhotonRanch.Functions.LocalHost" -c Release --verbosity quiet -nologo >&2
dotnet "$app_dir/PhotonRanch.Functions.LocalHost.dll" token --key-dir "$REPO_ROOT/.local/run/auth" "$@"
