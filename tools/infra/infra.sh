#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Local servers for development, tests and CI: Kafka, a MongoDB wire-compatible server (FerretDB)
# Elasticsearch and Mailpit (local SMTP), all on 127.0.0.1, all files under ${PLEIN_HOME:-<repo>/.plein}.
#
#   infra.sh up [kafka|mongo|es|mailpit ...]   start (or reuse) the servers, wait until each is healthy
#   infra.sh down [names ...]          stop the servers this tool started (by pid)
#   infra.sh status                    state, pid, address and log of each server
#   infra.sh stop NAME / start NAME    stop or start one server; data is kept
#   infra.sh running NAME              exit 0 when NAME is running (or external)
#
# A server is left alone when its variable points at an external one: KAFKA_BROKERS,
# MONGODB_URI, ELASTICSEARCH_URL, SMTP_URL. See docs/infra.md.
set -euo pipefail

LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=lib/common.sh
source "$LIB/common.sh"
# shellcheck source=lib/kafka.sh
source "$LIB/kafka.sh"
# shellcheck source=lib/ferretdb.sh
source "$LIB/ferretdb.sh"
# shellcheck source=lib/elasticsearch.sh
source "$LIB/elasticsearch.sh"
# shellcheck source=lib/mailpit.sh
source "$LIB/mailpit.sh"

ALL=(kafka mongo es mailpit)

usage() {
  sed -n '3,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

canon() {
  case "$1" in
    kafka) echo kafka ;;
    mongo | mongodb | ferretdb) echo mongo ;;
    es | elasticsearch | elastic) echo es ;;
    mailpit | mail | smtp) echo mailpit ;;
    *) echo "infra: unknown server '$1' (expected kafka, mongo, es or mailpit)" >&2; exit 2 ;;
  esac
}

# Fills the global array NAMES from the arguments, or with all servers when there are none.
NAMES=()
pick() {
  NAMES=()
  local a
  if [ $# -eq 0 ]; then NAMES=("${ALL[@]}"); return; fi
  for a in "$@"; do NAMES+=("$(canon "$a")"); done
}

# server_state NAME: sets STATE to external | running | unhealthy | busy | stopped, and PID.
server_state() {
  local n="$1" port
  PID=""
  if "${n}_external" >/dev/null; then STATE=external; return; fi
  PID="$(pid_of "$("${n}_pidfile")" || true)"
  if [ -n "$PID" ] && proc_matches "$PID" "$("${n}_marker")"; then
    if "${n}_healthy"; then STATE=running; else STATE=unhealthy; fi
    return
  fi
  PID=""
  STATE=stopped
  for port in $("${n}_ports"); do
    if port_open "$BIND_HOST" "$port"; then STATE=busy BUSY_PORT="$port"; return; fi
  done
}

external_note() {
  local rc=0
  "${1}_check_external" || rc=$?
  case "$rc" in 0) echo "reachable" ;; 2) echo "not checked" ;; *) echo "NOT reachable" ;; esac
}

up_one() {
  local n="$1" t0="$SECONDS" rc=0
  mkdir -p "$RUN"
  # One `up` at a time per server, so that two callers cannot both start it. Fd 9 is closed
  # for the servers themselves (see spawn), so the lock ends with this subshell.
  exec 9>"$RUN/$n.lock"
  flock -w 900 9 || fail "$n" "another infra.sh is still starting $n"
  server_state "$n"
  case "$STATE" in
    external)
      say "$n" "external: $("${n}_external") ($(external_note "$n")); nothing started"
      return 0 ;;
    running)
      say "$n" "reused: $("${n}_title") already running, pid $PID, $("${n}_addr")"
      if declare -F "${n}_stale" >/dev/null && "${n}_stale"; then
        warn "$n" "its build is out of date (tools/infra/ferretdb changed): infra.sh down $n && infra.sh up $n rebuilds it"
      fi
      return 0 ;;
    unhealthy)
      say "$n" "pid $PID is ours but $("${n}_addr") does not answer yet; waiting"
      wait_until "$("${n}_timeout")" "$PID" "${n}_healthy" || rc=$?
      [ "$rc" = 0 ] || fail "$n" "pid $PID does not answer on $("${n}_addr"); try: infra.sh stop $n" "$("${n}_log")"
      say "$n" "reused: pid $PID, $("${n}_addr")"
      return 0 ;;
    busy)
      fail "$n" "port $BUSY_PORT on $BIND_HOST is in use by $(port_owner "$BUSY_PORT"), which this tool did not start. Stop it, or set $(env_var "$n") to use a server of your own" ;;
  esac
  rm -f "$("${n}_pidfile")"
  "${n}_prepare"
  "${n}_launch"
  say "$n" "ready: $("${n}_title") at $("${n}_addr"), pid $(pid_of "$("${n}_pidfile")") ($((SECONDS - t0))s)"
}

env_var() { case "$1" in kafka) echo KAFKA_BROKERS ;; mongo) echo MONGODB_URI ;; es) echo ELASTICSEARCH_URL ;; mailpit) echo SMTP_URL ;; esac; }

# after_stop NAME: stops what NAME runs on (FerretDB's PostgreSQL), when it defines NAME_after_stop.
after_stop() { if declare -F "${1}_after_stop" >/dev/null; then "${1}_after_stop"; fi; }

stop_one() {
  local n="$1" pidfile pid
  if "${n}_external" >/dev/null; then
    say "$n" "external ($(env_var "$n") is set): not ours to stop"
    return 0
  fi
  pidfile="$("${n}_pidfile")"
  pid="$(pid_of "$pidfile" || true)"
  if [ -z "$pid" ] || ! proc_matches "$pid" "$("${n}_marker")"; then
    rm -f "$pidfile"
    after_stop "$n"
    say "$n" "not running"
    return 0
  fi
  say "$n" "stopping pid $pid"
  stop_pid "$n" "$pid" "$("${n}_stop_grace")" || fail "$n" "pid $pid would not stop"
  rm -f "$pidfile"
  after_stop "$n"
  say "$n" "stopped"
}

# run_parallel FN NAME...: runs FN for each server at once; fails when any of them failed.
run_parallel() {
  local fn="$1" n failed=() pids=() i=0
  shift
  for n in "$@"; do
    "$fn" "$n" &
    pids+=($!)
  done
  for n in "$@"; do
    wait "${pids[$i]}" || failed+=("$n")
    i=$((i + 1))
  done
  if [ ${#failed[@]} -gt 0 ]; then
    FAILED=("${failed[@]}")
    return 1
  fi
}

cmd_up() {
  local n t0="$SECONDS"
  pick "$@"
  FAILED=()
  if ! run_parallel up_one "${NAMES[@]}"; then
    echo "infra: FAILED to bring up: ${FAILED[*]} (see the messages above; files under $(show_path "$PLEIN_HOME"))" >&2
    exit 1
  fi
  echo "infra: up in $((SECONDS - t0))s. Environment for the services and tests:"
  for n in "${NAMES[@]}"; do "${n}_env"; done
}

cmd_down() {
  pick "$@"
  FAILED=()
  run_parallel stop_one "${NAMES[@]}" || { echo "infra: could not stop: ${FAILED[*]}" >&2; exit 1; }
}

cmd_status() {
  local n addr log
  pick "$@"
  printf '%-7s %-10s %-8s %-24s %s\n' SERVER STATE PID ADDRESS LOG
  for n in "${NAMES[@]}"; do
    server_state "$n"
    addr="$("${n}_addr")"
    log="$(show_path "$("${n}_log")")"
    case "$STATE" in
      external) addr="$("${n}_external")"; log="($(external_note "$n"))" ;;
      busy) STATE=stopped; log="port $BUSY_PORT is taken by $(port_owner "$BUSY_PORT")" ;;
      unhealthy) STATE=starting ;;
    esac
    printf '%-7s %-10s %-8s %-24s %s\n' "$n" "$STATE" "${PID:--}" "$addr" "$log"
  done
  echo "versions: $(kafka_title), $(mongo_title), $(es_title), $(mailpit_title); files under $(show_path "$PLEIN_HOME")"
}

cmd_running() {
  [ $# -eq 1 ] || usage
  local n
  n="$(canon "$1")"
  server_state "$n"
  echo "$n: $STATE"
  [ "$STATE" = running ] || [ "$STATE" = external ]
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) shift; cmd_status "$@" ;;
  start) shift; [ $# -ge 1 ] || usage; cmd_up "$@" ;;
  stop) shift; [ $# -ge 1 ] || usage; cmd_down "$@" ;;
  running) shift; cmd_running "$@" ;;
  -h | --help | help) usage ;;
  *) usage ;;
esac
