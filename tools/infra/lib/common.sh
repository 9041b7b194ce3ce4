# shellcheck shell=bash disable=SC2034,SC2016
# Shared helpers for tools/infra/infra.sh: paths under PLEIN_HOME, output, pid files, ports.
# Sourced, not run. Everything this tool writes lives under $PLEIN_HOME (default <repo>/.plein).

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLEIN_ROOT="$(cd "$INFRA_DIR/../.." && pwd)"
PLEIN_HOME="${PLEIN_HOME:-$PLEIN_ROOT/.plein}"
mkdir -p "$PLEIN_HOME"
PLEIN_HOME="$(cd "$PLEIN_HOME" && pwd)"

DOWNLOADS="$PLEIN_HOME/downloads" # unpacked distributions, jars, built binaries (cached)
DATA="$PLEIN_HOME/data"           # server data: delete to start from empty servers
LOGS="$PLEIN_HOME/logs"           # one folder per server
RUN="$PLEIN_HOME/run"             # pid files and locks
CONF="$PLEIN_HOME/conf"           # generated configuration, rewritten on every start
TMPDIR_INFRA="$PLEIN_HOME/tmp"

BIND_HOST=127.0.0.1
# The non-root account Elasticsearch runs as when this script runs as root (ES refuses root).
PLEIN_ES_USER="${PLEIN_ES_USER:-plein}"

# ---- output ---------------------------------------------------------------------------------

say() { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$1" "$2"; }
warn() { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$1" "$2" >&2; }
# fail NAME REASON [LOGFILE]: reports why NAME cannot be brought up and exits non-zero.
fail() {
  local msg="FAILED: $2"
  [ -n "${3:-}" ] && msg="$msg (log: $3)"
  warn "$1" "$msg"
  if [ -n "${3:-}" ] && [ -f "$3" ]; then
    echo "----- last lines of $3 -----" >&2
    tail -n 25 "$3" >&2 || true
    echo "-----" >&2
  fi
  exit 1
}
# Path shown to people: relative to the repo when inside it.
show_path() { case "$1" in "$PLEIN_ROOT"/*) echo "${1#"$PLEIN_ROOT"/}" ;; *) echo "$1" ;; esac; }

# ---- files ----------------------------------------------------------------------------------

# Content hash of files, to tell when a cached download or build is out of date.
files_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }
stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# with_lock NAME CMD...: Maven's local repository is not safe for two concurrent downloads.
with_lock() {
  local lock="$RUN/$1.lock"
  shift
  mkdir -p "$RUN"
  flock "$lock" "$@"
}

# ---- the service user and Maven -------------------------------------------------------------

# Elasticsearch and PostgreSQL refuse to run as root: as root they run as $PLEIN_ES_USER, created
# (as a system user without a shell) by the first server that needs it.
as_root() { [ "$(id -u)" = 0 ]; }
ensure_service_user() {
  as_root || return 0
  id -u "$PLEIN_ES_USER" >/dev/null 2>&1 && return 0
  say "$1" "creating system user '$PLEIN_ES_USER' to run the servers that refuse to run as root"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$PLEIN_ES_USER" 2>/dev/null || id -u "$PLEIN_ES_USER" >/dev/null 2>&1 ||
    fail "$1" "could not create user $PLEIN_ES_USER"
}
# reach_for_service_user NAME: as root, gives others search permission (o+x, never read) on the
# directories above PLEIN_HOME that lack it, e.g. a 0700 `mktemp -d` holding the checkout, so the
# service user can reach its files; says which directories it changed.
reach_for_service_user() {
  as_root || return 0
  local dir="" part
  local IFS=/
  for part in ${PLEIN_HOME#/}; do
    dir="$dir/$part"
    "${AS_SERVICE_USER[@]}" test -x "$dir" && continue
    chmod o+x "$dir" || fail "$1" "user $PLEIN_ES_USER cannot reach $dir and it could not be opened for it"
    say "$1" "gave other users search permission (o+x) on $dir so that user $PLEIN_ES_USER reaches $(show_path "$PLEIN_HOME")"
  done
}
# Prefix that runs a program as the service user when root (empty otherwise); `exec`-style, so a
# pid file written before it names the program itself.
AS_SERVICE_USER=()
if as_root; then AS_SERVICE_USER=(setpriv --reuid="$PLEIN_ES_USER" --regid="$PLEIN_ES_USER" --init-groups --); fi
# chown_service_user PATH...: gives PATHs to the service user when root.
chown_service_user() { if as_root; then chown -R "$PLEIN_ES_USER:" "$@"; fi; }

# maven_copy NAME ARTIFACT DIR LOG: fetches one artifact (groupId:artifactId:version[:type]) into DIR
# with Maven (cached in ~/.m2). Run where there is no pom.xml: dependency:copy then needs no project.
maven_copy() {
  (cd "$3" && with_lock mvn mvn -B -q -ntp dependency:copy -Dartifact="$2" -DoutputDirectory="$3" >"$4" 2>&1) ||
    fail "$1" "Maven could not fetch $2" "$4"
}

java_cmd() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else command -v java; fi
}
java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME"; return; fi
  local j
  j="$(readlink -f "$(command -v java)")" || return 1
  dirname "$(dirname "$j")"
}

# ---- processes ------------------------------------------------------------------------------

pid_of() { [ -s "$1" ] && tr -dc '0-9' <"$1"; }

# proc_matches PID MARKER: the process exists, is not a zombie and its command line contains
# MARKER (a path under PLEIN_HOME), so a recycled pid is never taken for ours.
proc_matches() {
  local pid="$1" marker="$2" state
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" || return 1
  [ "$state" != Z ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"
}

# Shell code that closes every inherited file descriptor above 2, so that a long-running server
# never holds a pipe or lock of whoever ran infra.sh (e.g. `out=$(infra.sh up)` would hang).
CLOSE_FDS='for f in /proc/$$/fd/*; do f=${f##*/}; case $f in 0 | 1 | 2) ;; *) eval "exec $f>&-" 2>/dev/null || true ;; esac; done'

# spawn PIDFILE LOGFILE CMD...: runs CMD in a new session, immune to the hangup of this shell,
# output appended to LOGFILE; the process writes its own pid to PIDFILE before exec.
spawn() {
  local pidfile="$1" logfile="$2" i
  shift 2
  rm -f "$pidfile"
  setsid nohup bash -c "$CLOSE_FDS"'; echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    >>"$logfile" 2>&1 </dev/null &
  for i in $(seq 1 50); do
    [ -s "$pidfile" ] && return 0
    sleep 0.1
  done
  return 1
}

# stop_pid NAME PID [GRACE_SECONDS]: SIGTERM, wait, then SIGKILL. Only ever given pids from our
# own pid files, checked with proc_matches by the caller.
stop_pid() {
  local name="$1" pid="$2" grace="${3:-30}" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 $((grace * 5))); do
    proc_alive "$pid" || return 0
    sleep 0.2
  done
  warn "$name" "pid $pid did not stop within ${grace}s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 1 25); do
    proc_alive "$pid" || return 0
    sleep 0.2
  done
  return 1
}
proc_alive() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# ---- ports ----------------------------------------------------------------------------------

# port_open HOST PORT: something accepts TCP connections there.
port_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# port_owner PORT: "command (pid N)" of the listener, when ss can tell.
port_owner() {
  local line
  line="$(ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n1)" || true
  line="${line#users:((}"
  [ -n "$line" ] && echo "$line" | sed -E 's/^"([^"]*)",pid=([0-9]+).*/\1 (pid \2)/' || echo "unknown process"
}

# wait_until TIMEOUT_S PID CHECK_FN [ARGS...]: polls CHECK_FN until it succeeds; fails early
# when PID has exited. Returns 0 ok, 1 timeout, 2 process exited.
wait_until() {
  local timeout="$1" pid="$2" deadline
  shift 2
  deadline=$((SECONDS + timeout))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if "$@"; then return 0; fi
    if [ -n "$pid" ] && ! proc_alive "$pid"; then
      "$@" && return 0
      return 2
    fi
    sleep 0.5
  done
  return 1
}
