# shellcheck shell=bash
# Mailpit: the local SMTP server (port 1025) with a web UI and an HTTP API (port 8025), where the
# notifications service's mail lands in development and tests (tests read it back through the
# API). Built with Go from the module pinned in tools/infra/mailpit (go.mod, go.sum), like
# FerretDB. SMTP_URL pointing at another server (a real relay) leaves it alone.
# The web UI's scripts are built by Mailpit's release process and are not in the Go module: the
# page at 8025 is bare, while its HTTP API (/api/v1/...) and SMTP work in full.

MAILPIT_MODULE="$INFRA_DIR/mailpit"
MAILPIT_VERSION="$(sed -n 's:^require github.com/axllent/mailpit \(v[0-9][0-9.]*\).*:\1:p' "$MAILPIT_MODULE/go.mod" | head -n1)"
MAILPIT_SMTP_PORT="${PLEIN_MAILPIT_SMTP_PORT:-1025}"
MAILPIT_HTTP_PORT="${PLEIN_MAILPIT_HTTP_PORT:-8025}"
MAILPIT_HOME="$DOWNLOADS/mailpit-${MAILPIT_VERSION#v}"
MAILPIT_BIN="$MAILPIT_HOME/mailpit"
MAILPIT_DATA="$DATA/mailpit"
MAILPIT_LOGS="$LOGS/mailpit"

mailpit_title() { echo "Mailpit ${MAILPIT_VERSION#v}"; }
mailpit_env() {
  echo "SMTP_URL=${SMTP_URL:-smtp://$BIND_HOST:$MAILPIT_SMTP_PORT}"
  [ -n "${SMTP_URL:-}" ] || echo "MAILPIT_API=${MAILPIT_API:-http://$BIND_HOST:$MAILPIT_HTTP_PORT}"
}
mailpit_external() { [ -n "${SMTP_URL:-}" ] && echo "$SMTP_URL"; }
mailpit_addr() { echo "smtp://$BIND_HOST:$MAILPIT_SMTP_PORT (UI http://$BIND_HOST:$MAILPIT_HTTP_PORT)"; }
mailpit_ui_url() { echo "http://$BIND_HOST:$MAILPIT_HTTP_PORT"; }
mailpit_ports() { echo "$MAILPIT_SMTP_PORT $MAILPIT_HTTP_PORT"; }
mailpit_pidfile() { echo "$RUN/mailpit.pid"; }
mailpit_log() { echo "$MAILPIT_LOGS/mailpit.log"; }
mailpit_marker() { echo "$MAILPIT_BIN"; }
mailpit_timeout() { echo "${PLEIN_MAILPIT_TIMEOUT:-30}"; }
mailpit_stop_grace() { echo 10; }

mailpit_healthy() {
  port_open "$BIND_HOST" "$MAILPIT_SMTP_PORT" &&
    curl -fsS --max-time 3 "http://$BIND_HOST:$MAILPIT_HTTP_PORT/readyz" >/dev/null 2>&1
}
# An external relay is only checked for an open port (smtp://host:port, smtps://host:port).
mailpit_check_external() {
  local rest host port
  case "$SMTP_URL" in smtp://* | smtps://*) ;; *) return 2 ;; esac
  rest="${SMTP_URL#*://}"
  rest="${rest##*@}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  host="${rest%:*}"
  port="${rest##*:}"
  [ "$host" != "$rest" ] || { case "$SMTP_URL" in smtps://*) port=465 ;; *) port=25 ;; esac; }
  port_open "$host" "$port"
}

mailpit_stamp() { files_hash "$MAILPIT_MODULE/go.mod" "$MAILPIT_MODULE/go.sum"; }

mailpit_prepare() {
  local want
  want="$(mailpit_stamp)"
  [ -x "$MAILPIT_BIN" ] && stamp_ok "$MAILPIT_HOME/.plein-stamp" "$want" && return 0
  command -v go >/dev/null || fail mailpit "Go is needed to build Mailpit ${MAILPIT_VERSION}"
  mkdir -p "$MAILPIT_HOME" "$MAILPIT_LOGS"
  say mailpit "building Mailpit $MAILPIT_VERSION with Go (first build of a machine takes a few minutes)"
  (cd "$MAILPIT_MODULE" && go build -buildvcs=false -trimpath -o "$MAILPIT_BIN.tmp" github.com/axllent/mailpit) \
    >"$MAILPIT_LOGS/build.log" 2>&1 || fail mailpit "go build of Mailpit failed" "$MAILPIT_LOGS/build.log"
  mv "$MAILPIT_BIN.tmp" "$MAILPIT_BIN"
  echo "$want" >"$MAILPIT_HOME/.plein-stamp"
}

mailpit_launch() {
  local pid rc=0
  mkdir -p "$MAILPIT_DATA" "$MAILPIT_LOGS"
  # Any SMTP login is accepted (a relay URL with credentials works against it unchanged); mail is
  # kept in a SQLite file under PLEIN_HOME, the newest 5000 messages.
  spawn "$(mailpit_pidfile)" "$(mailpit_log)" "$MAILPIT_BIN" \
    --smtp "$BIND_HOST:$MAILPIT_SMTP_PORT" --listen "$BIND_HOST:$MAILPIT_HTTP_PORT" \
    --database "$MAILPIT_DATA/mailpit.db" --max 5000 \
    --smtp-auth-accept-any --smtp-auth-allow-insecure --disable-version-check ||
    fail mailpit "could not start Mailpit" "$(mailpit_log)"
  pid="$(pid_of "$(mailpit_pidfile)")"
  wait_until "$(mailpit_timeout)" "$pid" mailpit_healthy || rc=$?
  case "$rc" in
    0) ;;
    2) fail mailpit "Mailpit exited during startup" "$(mailpit_log)" ;;
    *) fail mailpit "no answer on $BIND_HOST:$MAILPIT_SMTP_PORT / :$MAILPIT_HTTP_PORT within $(mailpit_timeout)s" "$(mailpit_log)" ;;
  esac
}
