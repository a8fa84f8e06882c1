#!/usr/bin/env bash
# Runs the image-database benchmark: starts Azurite (in memory) and a PostgreSQL cluster kept in .local/bench/ (so a
# second run reuses the loaded million rows), runs bench/PhotonRanch.Images.Benchmarks against them and stops both.
# Arguments go to the benchmark: --rows N (default 1000000), --iterations N (default 500), --reload.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$REPO_ROOT"

trap stop_dependencies EXIT
ensure_dependencies
mkdir -p "$REPO_ROOT/.local/bench"
chmod 755 "$REPO_ROOT/.local" "$REPO_ROOT/.local/bench"  # the postgres user must reach the cluster folder
start_azurite "$REPO_ROOT/.local/bench/azurite" in-memory
start_postgres "$REPO_ROOT/.local/bench/postgres" fast
export PHOTONRANCH_BENCH_STORAGE_CONNECTION_STRING="$STORAGE_CONNECTION_STRING"
export PHOTONRANCH_BENCH_POSTGRES_CONNECTION_STRING="$POSTGRES_CONNECTION_STRING"

dotnet run -c Release --project bench/PhotonRanch.Images.Benchmarks -- "$@"
