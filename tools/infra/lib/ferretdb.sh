# shellcheck shell=bash disable=SC2016
# FerretDB 1.x: a MongoDB wire-protocol server, built with Go from the module pinned in
# tools/infra/ferretdb (go.mod, go.sum), storing its data in a PostgreSQL server of its own
# (binaries from Maven Central: io.zonky.test.postgres, ADR 0006). PostgreSQL is part of the
# "mongo" server here: started before FerretDB, stopped after it, never shared.

FERRETDB_MODULE="$INFRA_DIR/ferretdb"
FERRETDB_VERSION="$(sed -n 's:.*github.com/FerretDB/FerretDB \(v[0-9][0-9.]*\).*:\1:p' "$FERRETDB_MODULE/go.mod" | head -n1)"
MONGO_PORT="${PLEIN_MONGO_PORT:-27017}"
FERRETDB_HOME="$DOWNLOADS/ferretdb-${FERRETDB_VERSION#v}"
FERRETDB_BIN="$FERRETDB_HOME/ferretdb"
FERRETDB_DATA="$DATA/ferretdb"
FERRETDB_LOGS="$LOGS/ferretdb"

PG_VERSION="${PLEIN_PG_VERSION:-17.6.0}"
PG_PORT="${PLEIN_PG_PORT:-54329}"
PG_HOME="$DOWNLOADS/postgres-$PG_VERSION"
PG_DATA="$DATA/postgres"
PG_LOGS="$LOGS/postgres"
PG_RUN="$RUN/postgres"
PG_PIDFILE="$RUN/postgres.pid"
# The database superuser; FerretDB keeps each MongoDB database as a schema of database "postgres".
PG_SUPERUSER=plein

mongo_title() { echo "FerretDB ${FERRETDB_VERSION#v} (PostgreSQL ${PG_VERSION%.0})"; }
mongo_env() { echo "MONGODB_URI=${MONGODB_URI:-mongodb://$BIND_HOST:$MONGO_PORT}"; }
mongo_external() { [ -n "${MONGODB_URI:-}" ] && echo "$MONGODB_URI"; }
mongo_addr() { echo "$BIND_HOST:$MONGO_PORT"; }
mongo_ports() { echo "$MONGO_PORT"; }
mongo_pidfile() { echo "$RUN/ferretdb.pid"; }
mongo_log() { echo "$FERRETDB_LOGS/ferretdb.log"; }
mongo_marker() { echo "$FERRETDB_BIN"; }
mongo_timeout() { echo "${PLEIN_MONGO_TIMEOUT:-30}"; }
mongo_stop_grace() { echo 15; }

# mongo_ping HOST PORT: a real wire-protocol round trip without any client library.
# Sends OP_MSG {ping: 1, $db: "admin"} and expects {ok: 1.0} in the reply.
mongo_ping() {
  local hex
  hex="$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x33\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\xdd\x07\x00\x00\x00\x00\x00\x00\x00"  >&3
    printf "\x1e\x00\x00\x00\x10ping\x00\x01\x00\x00\x00\x02\x24db\x00\x06\x00\x00\x00admin\x00\x00" >&3
    dd bs=4096 count=1 status=none <&3 | od -An -v -tx1 | tr -d " \n"' "$1" "$2" 2>/dev/null)" || return 1
  [[ $hex == *016f6b00000000000000f03f* ]] # element "ok": double 1.0
}
mongo_healthy() { mongo_ping "$BIND_HOST" "$MONGO_PORT"; }

# Checks only plain mongodb:// URIs (first host); an SRV or TLS URI is reported as unchecked.
mongo_check_external() {
  local rest host
  case "$MONGODB_URI" in mongodb://*) ;; *) return 2 ;; esac
  case "$MONGODB_URI" in *tls=true* | *ssl=true*) return 2 ;; esac
  rest="${MONGODB_URI#mongodb://}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  rest="${rest##*@}"
  host="${rest%%,*}"
  case "$host" in *:*) ;; *) host="$host:27017" ;; esac
  mongo_ping "${host%:*}" "${host##*:}"
}

# ferretdb_source DIR: FerretDB's module source with our patches applied, in DIR (new or emptied).
# FerretDB panics at start unless build/version/version.txt holds its version, a file its release
# process generates and the module does not contain, so it is added. Used by mongo_prepare and by
# tools/infra/ferretdb/test.sh (the patches' Go tests).
ferretdb_source() {
  local dir="$1" src patch
  (cd "$FERRETDB_MODULE" && go mod download github.com/FerretDB/FerretDB) || return 1
  src="$(cd "$FERRETDB_MODULE" && go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)" || return 1
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  cp -R "$src" "$dir"
  chmod -R u+w "$dir"
  echo "$FERRETDB_VERSION" >"$dir/build/version/version.txt"
  # Our patches to the module, in name order (each explains itself; ADR 0007).
  for patch in "$FERRETDB_MODULE"/*.patch; do
    [ -f "$patch" ] || continue
    echo "applying $(basename "$patch")"
    patch -d "$dir" -p1 --forward --batch <"$patch" || return 1
  done
}

# The build stamp: a hash of what the binary is built from (go.mod, go.sum, the patches). A
# changed stamp rebuilds FerretDB on the next start (`infra.sh down mongo && infra.sh up mongo`).
ferretdb_stamp() { files_hash "$FERRETDB_MODULE/go.mod" "$FERRETDB_MODULE/go.sum" "$FERRETDB_MODULE"/*.patch; }

# mongo_stale: true when the patches or go.mod changed since the binary was built; `up` then
# says that the running server is out of date (it reuses a running server, it does not rebuild it).
mongo_stale() { [ -x "$FERRETDB_BIN" ] && ! stamp_ok "$FERRETDB_HOME/.plein-stamp" "$(ferretdb_stamp)"; }

mongo_prepare() {
  local want build="$FERRETDB_HOME/build"
  want="$(ferretdb_stamp)"
  [ -x "$FERRETDB_BIN" ] && stamp_ok "$FERRETDB_HOME/.plein-stamp" "$want" && return 0
  command -v go >/dev/null || fail mongo "Go is needed to build FerretDB ${FERRETDB_VERSION}"
  mkdir -p "$FERRETDB_HOME" "$FERRETDB_LOGS"
  say mongo "building FerretDB $FERRETDB_VERSION with Go (first build of a machine takes a few minutes)"
  (
    set -e
    # Build from a patched copy of the module, swapped in with a replace directive in a copy
    # of our go.mod.
    ferretdb_source "$build/src"
    cd "$FERRETDB_MODULE"
    cp go.mod go.sum "$build/"
    echo "replace github.com/FerretDB/FerretDB => $build/src" >>"$build/go.mod"
    go build -buildvcs=false -trimpath -modfile="$build/go.mod" -o "$FERRETDB_BIN.tmp" \
      github.com/FerretDB/FerretDB/cmd/ferretdb
  ) >"$FERRETDB_LOGS/build.log" 2>&1 || fail mongo "go build of FerretDB failed" "$FERRETDB_LOGS/build.log"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build"
  echo "$want" >"$FERRETDB_HOME/.plein-stamp"
}

# ---- PostgreSQL (FerretDB's storage) -----------------------------------------------------------

pg_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64v8 ;;
    *) fail mongo "no PostgreSQL binaries on Maven Central for $(uname -m)" ;;
  esac
}

# Fetches the zonky embedded-postgres binaries jar with Maven and unpacks the tar.xz inside it.
pg_prepare() {
  local artifact dl="$DOWNLOADS/.postgres-$PG_VERSION.tmp"
  [ -x "$PG_HOME/bin/postgres" ] && [ -f "$PG_HOME/.plein-unpacked" ] && return 0
  artifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-$(pg_arch):$PG_VERSION"
  mkdir -p "$DOWNLOADS" "$PG_LOGS"
  say mongo "fetching PostgreSQL $PG_VERSION ($artifact) with Maven and unpacking it"
  rm -rf "$dl" "$PG_HOME"
  mkdir -p "$dl"
  maven_copy mongo "$artifact" "$dl" "$PG_LOGS/mvn.log"
  (cd "$dl" && unzip -q ./*.jar 'postgres-*.txz' && mkdir -p pg && tar -xJf postgres-*.txz -C pg) ||
    fail mongo "could not unpack the PostgreSQL binaries"
  mv "$dl/pg" "$PG_HOME"
  rm -rf "$dl"
  touch "$PG_HOME/.plein-unpacked"
}

pg_running() { proc_matches "$(pid_of "$PG_PIDFILE" || true)" "$PG_HOME/bin/postgres"; }
pg_healthy() { port_open "$BIND_HOST" "$PG_PORT" && grep -q 'ready to accept connections' "$PG_LOGS/postgres.log" 2>/dev/null; }

pg_launch() {
  local pid rc=0
  if pg_running; then
    say mongo "reusing PostgreSQL pid $(pid_of "$PG_PIDFILE")"
    return 0
  fi
  port_open "$BIND_HOST" "$PG_PORT" &&
    fail mongo "port $PG_PORT on $BIND_HOST (FerretDB's PostgreSQL) is in use by $(port_owner "$PG_PORT"); set PLEIN_PG_PORT to another port"
  # PostgreSQL refuses to run as root: as root it runs as the service user (common.sh).
  ensure_service_user mongo
  reach_for_service_user mongo
  mkdir -p "$PG_DATA" "$PG_LOGS" "$PG_RUN"
  chown_service_user "$PG_DATA" "$PG_LOGS" "$PG_RUN"
  chmod 700 "$PG_DATA"
  "${AS_SERVICE_USER[@]}" test -x "$PG_HOME/bin/postgres" ||
    fail mongo "user $PLEIN_ES_USER cannot run $PG_HOME/bin/postgres: PLEIN_HOME must be readable by other users"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say mongo "initialising the PostgreSQL data directory $(show_path "$PG_DATA")"
    "${AS_SERVICE_USER[@]}" "$PG_HOME/bin/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" -A trust -E UTF8 --no-locale \
      >"$PG_LOGS/initdb.log" 2>&1 || fail mongo "initdb failed" "$PG_LOGS/initdb.log"
  fi
  : >"$PG_LOGS/postgres.log"
  chown_service_user "$PG_LOGS/postgres.log"
  # A development server: durability is traded for speed (no fsync); see docs/infra.md.
  spawn "$PG_PIDFILE" "$PG_LOGS/postgres.log" "${AS_SERVICE_USER[@]}" "$PG_HOME/bin/postgres" -D "$PG_DATA" \
    -p "$PG_PORT" -k "$PG_RUN" -c listen_addresses="$BIND_HOST" -c max_connections=300 \
    -c shared_buffers=256MB -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c log_min_messages=warning -c log_line_prefix='%m [%p] ' ||
    fail mongo "could not start PostgreSQL" "$PG_LOGS/postgres.log"
  pid="$(pid_of "$PG_PIDFILE")"
  wait_until "$(mongo_timeout)" "$pid" pg_healthy || rc=$?
  case "$rc" in
    0) say mongo "PostgreSQL $PG_VERSION ready on $BIND_HOST:$PG_PORT, pid $pid" ;;
    2) fail mongo "PostgreSQL exited during startup" "$PG_LOGS/postgres.log" ;;
    *) fail mongo "PostgreSQL did not accept connections within $(mongo_timeout)s" "$PG_LOGS/postgres.log" ;;
  esac
}

# Fast shutdown (SIGINT) after FerretDB has gone; SIGKILL only if it hangs.
pg_stop() {
  local pid i
  pid="$(pid_of "$PG_PIDFILE" || true)"
  if ! pg_running; then
    rm -f "$PG_PIDFILE"
    return 0
  fi
  say mongo "stopping PostgreSQL pid $pid"
  kill -INT "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    proc_alive "$pid" || break
    sleep 0.2
  done
  proc_alive "$pid" && stop_pid mongo "$pid" 10
  rm -f "$PG_PIDFILE"
}

# ---- FerretDB -----------------------------------------------------------------------------------

mongo_after_stop() { pg_stop; }

mongo_launch() {
  local pid rc=0
  pg_prepare
  pg_launch
  mkdir -p "$FERRETDB_DATA/state" "$FERRETDB_LOGS"
  spawn "$(mongo_pidfile)" "$(mongo_log)" "$FERRETDB_BIN" \
    --handler=pg --postgresql-url="postgres://$PG_SUPERUSER@$BIND_HOST:$PG_PORT/postgres?pool_max_conns=64" \
    --listen-addr="$BIND_HOST:$MONGO_PORT" --debug-addr=- \
    --state-dir="$FERRETDB_DATA/state" --telemetry=disable \
    --log-level=info --log-format=text ||
    fail mongo "could not start FerretDB" "$(mongo_log)"
  pid="$(pid_of "$(mongo_pidfile)")"
  say mongo "started pid $pid; waiting for a ping answer"
  wait_until "$(mongo_timeout)" "$pid" mongo_healthy || rc=$?
  case "$rc" in
    0) ;;
    2) fail mongo "FerretDB exited during startup" "$(mongo_log)" ;;
    *) fail mongo "no answer to ping within $(mongo_timeout)s" "$(mongo_log)" ;;
  esac
}
