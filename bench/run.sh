#!/usr/bin/env bash
# Runs a benchmark against real, throwaway dependencies: bench/run.sh pipe-queue [items] | files [count] [MiB] | events
# Benchmarks are never part of the test command; their results go into docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$REPO_ROOT"

state=""
cleanup() {
  stop_dependencies
  [ -n "$state" ] && rm -rf "$state"
  return 0
}
trap cleanup EXIT

case "${1:-}" in
  pipe-queue) project="bench/PhotonRanch.PipeQueue.Benchmarks" ;;
  files) project="bench/PhotonRanch.Files.Benchmarks" ;;
  events) project="bench/PhotonRanch.Astronomy.Benchmarks" ;;
  *) die "usage: bench/run.sh pipe-queue [items] | files [file count] [MiB per file] [upload MiB] | events [BenchmarkDotNet args]" ;;
esac
shift

ensure_dependencies
mkdir -p "$REPO_ROOT/.local"
state="$(mktemp -d "$REPO_ROOT/.local/bench.XXXXXX")"
chmod 755 "$state"
start_azurite "$state/azurite" in-memory
start_postgres "$state/postgres" fast
export PHOTONRANCH_BENCH_STORAGE_CONNECTION_STRING="$STORAGE_CONNECTION_STRING"
export PHOTONRANCH_BENCH_POSTGRES_CONNECTION_STRING="$POSTGRES_CONNECTION_STRING"
dotnet run --project "$project" -c Release -- "$@"
