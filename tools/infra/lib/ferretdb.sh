# shellcheck shell=bash disable=SC2016
# FerretDB 1.x with its SQLite backend: a MongoDB wire-protocol server, built with Go from the
# module pinned in tools/infra/ferretdb (go.mod, go.sum).

FERRETDB_MODULE="$INFRA_DIR/ferretdb"
FERRETDB_VERSION="$(sed -n 's:.*github.com/FerretDB/FerretDB \(v[0-9][0-9.]*\).*:\1:p' "$FERRETDB_MODULE/go.mod" | head -n1)"
MONGO_PORT="${PLEIN_MONGO_PORT:-27017}"
FERRETDB_HOME="$DOWNLOADS/ferretdb-${FERRETDB_VERSION#v}"
FERRETDB_BIN="$FERRETDB_HOME/ferretdb"
FERRETDB_DATA="$DATA/ferretdb"
FERRETDB_LOGS="$LOGS/ferretdb"

mongo_title() { echo "FerretDB ${FERRETDB_VERSION#v} (SQLite)"; }
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

mongo_prepare() {
  local want build="$FERRETDB_HOME/build" src
  want="$(files_hash "$FERRETDB_MODULE/go.mod" "$FERRETDB_MODULE/go.sum")"
  [ -x "$FERRETDB_BIN" ] && stamp_ok "$FERRETDB_HOME/.plein-stamp" "$want" && return 0
  command -v go >/dev/null || fail mongo "Go is needed to build FerretDB ${FERRETDB_VERSION}"
  mkdir -p "$FERRETDB_HOME" "$FERRETDB_LOGS"
  say mongo "building FerretDB $FERRETDB_VERSION with Go (first build of a machine takes a few minutes)"
  (
    set -e
    cd "$FERRETDB_MODULE"
    go mod download github.com/FerretDB/FerretDB
    src="$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)"
    # FerretDB panics at start unless build/version/version.txt holds its version, a file its
    # release process generates and the module does not contain. Build from a copy of the
    # module with that file added, swapped in with a replace directive in a copy of our go.mod.
    rm -rf "$build"
    mkdir -p "$build"
    cp -R "$src" "$build/src"
    chmod -R u+w "$build/src"
    echo "$FERRETDB_VERSION" >"$build/src/build/version/version.txt"
    cp go.mod go.sum "$build/"
    echo "replace github.com/FerretDB/FerretDB => $build/src" >>"$build/go.mod"
    go build -buildvcs=false -trimpath -modfile="$build/go.mod" -o "$FERRETDB_BIN.tmp" \
      github.com/FerretDB/FerretDB/cmd/ferretdb
  ) >"$FERRETDB_LOGS/build.log" 2>&1 || fail mongo "go build of FerretDB failed" "$FERRETDB_LOGS/build.log"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build"
  echo "$want" >"$FERRETDB_HOME/.plein-stamp"
}

mongo_launch() {
  local pid rc=0
  mkdir -p "$FERRETDB_DATA/sqlite" "$FERRETDB_DATA/state" "$FERRETDB_LOGS"
  spawn "$(mongo_pidfile)" "$(mongo_log)" "$FERRETDB_BIN" \
    --handler=sqlite --sqlite-url="file:$FERRETDB_DATA/sqlite/" \
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
