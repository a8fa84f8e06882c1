#!/usr/bin/env bash
# Shared by scripts/run.sh and scripts/test.sh: installs what is missing and starts the real dependencies
# (Azurite for Blob and Table Storage, a throwaway PostgreSQL cluster) on free loopback ports, so a test run and a
# running local API can coexist. Source it; it defines functions and sets nothing else.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
AZURITE_PID=""
OAUTH_AZURITE_PID=""
PG_DATA=""
PG_BIN=""

log() { printf '[photonranch] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these yourself: $*"
  log "installing with apt-get: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# The directory of PostgreSQL's server binaries (initdb, pg_ctl); Debian keeps them off PATH.
find_pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return 0; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

# Everything the API and the tests need that the .NET SDK does not bring: PostgreSQL, Azurite, CFITSIO's tools,
# Chromium, Python.
ensure_dependencies() {
  command -v node >/dev/null 2>&1 || die "node is required (Azurite runs on it)"
  command -v npm >/dev/null 2>&1 || die "npm is required (it installs Azurite from package-lock.json)"
  if ! PG_BIN="$(find_pg_bin)"; then
    apt_install postgresql
    PG_BIN="$(find_pg_bin)" || die "PostgreSQL server binaries not found after installing postgresql"
  fi
  # CFITSIO's fpack/funpack make and check the FITS fixtures; fitsverify validates what the FITS library writes.
  if ! command -v fpack >/dev/null 2>&1 || ! command -v funpack >/dev/null 2>&1 || ! command -v fitsverify >/dev/null 2>&1; then
    apt_install libcfitsio-bin fitsverify
  fi
  # Headless Chromium loads the pages the API serves (/docs, the site-events plot) the way a person's browser does;
  # DejaVu gives it a font to draw the plot's labels with.
  if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
    apt_install chromium fonts-dejavu-core
  fi
  # bzip2 makes the bzip2-wrapped FITS fixtures (the hostile uploads among them).
  command -v bzip2 >/dev/null 2>&1 || apt_install bzip2
  # The Python client's tests install clients/python offline into a venv of Debian's python3: venv (with the pip
  # wheel it seeds from /usr/share/python-wheels), setuptools, and wheel (setuptools before 70.1 builds wheels with it).
  if ! /usr/bin/python3 -c "import setuptools, wheel" >/dev/null 2>&1 || ! ls /usr/share/python-wheels/pip-*.whl >/dev/null 2>&1; then
    apt_install python3 python3-venv python3-setuptools python3-wheel
  fi
  if [ ! -x "$REPO_ROOT/node_modules/.bin/azurite" ]; then
    log "installing Azurite (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Prints N distinct free TCP ports on 127.0.0.1 (held open together while chosen, so they differ).
free_ports() {
  node -e '
    const net = require("net");
    const count = Number(process.argv[1]);
    const servers = [];
    const ports = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      server.listen(0, "127.0.0.1", () => {
        ports.push(server.address().port);
        if (ports.length === count) {
          console.log(ports.join(" "));
          servers.forEach((s) => s.close());
        }
      });
    }' "$1"
}

wait_for_port() {
  local port="$1" what="$2" tries=0
  local log="${3:-}"
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -ge 150 ]; then
      [ -n "$log" ] && [ -f "$log" ] && cat "$log" >&2
      die "$what did not start listening on port $port"
    fi
    sleep 0.2
  done
}

# start_azurite DIR [in-memory]: Blob and Table endpoints on free ports; sets STORAGE_CONNECTION_STRING.
start_azurite() {
  local dir="$1" mode="${2:-}" blob queue table
  mkdir -p "$dir"
  read -r blob queue table <<<"$(free_ports 3)"
  # Azurite refuses --location together with --inMemoryPersistence.
  local persistence=(--location "$dir")
  [ "$mode" = "in-memory" ] && persistence=(--inMemoryPersistence)
  "$REPO_ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose --disableProductStyleUrl \
    "${persistence[@]}" \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$dir/azurite.log" 2>&1 &
  AZURITE_PID=$!
  wait_for_port "$blob" "Azurite (blob)" "$dir/azurite.log"
  wait_for_port "$table" "Azurite (table)" "$dir/azurite.log"
  STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  log "Azurite: blob 127.0.0.1:$blob, table 127.0.0.1:$table (pid $AZURITE_PID)"
}

# start_oauth_azurite DIR: a second, Blob-only Azurite that takes bearer tokens over HTTPS (Azurite's OAuth needs TLS),
# so the tests can sign user-delegation SAS URLs as the app does with a managed identity. Sets OAUTH_BLOB_ENDPOINT and
# OAUTH_BLOB_CERTIFICATE (the self-signed certificate the endpoint presents, PEM).
start_oauth_azurite() {
  local dir="$1" port
  mkdir -p "$dir"
  command -v openssl >/dev/null 2>&1 || apt_install openssl
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || die "openssl could not make a test certificate"
  port="$(free_ports 1)"
  "$REPO_ROOT/node_modules/.bin/azurite-blob" --silent --skipApiVersionCheck --loose --disableProductStyleUrl \
    --inMemoryPersistence --oauth basic --cert "$dir/cert.pem" --key "$dir/key.pem" \
    --blobHost 127.0.0.1 --blobPort "$port" >"$dir/azurite.log" 2>&1 &
  OAUTH_AZURITE_PID=$!
  wait_for_port "$port" "Azurite (blob, OAuth)" "$dir/azurite.log"
  OAUTH_BLOB_ENDPOINT="https://127.0.0.1:$port/devstoreaccount1"
  OAUTH_BLOB_CERTIFICATE="$dir/cert.pem"
  log "Azurite with OAuth: blob $OAUTH_BLOB_ENDPOINT (pid $OAUTH_AZURITE_PID)"
}

# Runs a PostgreSQL server binary as the cluster's owner: initdb and pg_ctl refuse to run as root.
run_pg() {
  local binary="$1"; shift
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$PG_BIN/$binary" "$@"
  else
    "$PG_BIN/$binary" "$@"
  fi
}

# A directory the cluster's owner can use: DIR itself when reachable, else a fresh one under /tmp.
pg_data_dir() {
  local wanted="$1"
  mkdir -p "$wanted"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres:postgres "$wanted"
    if ! runuser -u postgres -- test -w "$wanted"; then
      wanted="$(mktemp -d /tmp/photonranch-pg.XXXXXX)"
      chown postgres:postgres "$wanted"
    fi
  fi
  echo "$wanted"
}

# start_postgres DIR [fast]: a cluster in DIR (created when missing) on a free port; sets POSTGRES_CONNECTION_STRING.
start_postgres() {
  local port settings
  PG_DATA="$(pg_data_dir "$1")"
  port="$(free_ports 1)"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    run_pg initdb -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-sync >"$PG_DATA/../initdb.log" 2>&1 \
      || { cat "$PG_DATA/../initdb.log" >&2; die "initdb failed"; }
  fi
  settings="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$PG_DATA' -c max_connections=300 -c timezone=UTC"
  [ "${2:-}" = "fast" ] && settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  run_pg pg_ctl -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 -o "$settings" start >/dev/null \
    || { cat "$PG_DATA/server.log" >&2; die "PostgreSQL did not start"; }
  if [ -z "$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'photonranch'")" ]; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE photonranch" >/dev/null
  fi
  POSTGRES_CONNECTION_STRING="Host=127.0.0.1;Port=$port;Username=postgres;Database=photonranch"
  log "PostgreSQL: 127.0.0.1:$port, data in $PG_DATA"
}

# Stops what start_azurite and start_postgres started.
stop_dependencies() {
  if [ -n "$AZURITE_PID" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=""
  if [ -n "$OAUTH_AZURITE_PID" ] && kill -0 "$OAUTH_AZURITE_PID" 2>/dev/null; then
    kill "$OAUTH_AZURITE_PID" 2>/dev/null || true
    wait "$OAUTH_AZURITE_PID" 2>/dev/null || true
  fi
  OAUTH_AZURITE_PID=""
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    run_pg pg_ctl -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
