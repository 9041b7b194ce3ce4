#!/usr/bin/env bash
# The project's entry point behind the README commands:
#   npm start            real servers + all services + the demo organisation, in the foreground
#   npm test             lint, type-check, unit and integration suites against the real servers
#   npm run infra:up|infra:down|infra:status
# Works as the first command on a fresh clone: fetches Node 24 when the machine's is older
# (tools/dev/env.sh), installs the locked dependencies, starts the servers it needs and stops
# what it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PLEIN_ROOT"

INFRA=(bash tools/infra/infra.sh)
SERVERS=(kafka mongo es mailpit)

# Prints the servers among $SERVERS that are not running now (and not external).
servers_down() {
  local name
  for name in "${SERVERS[@]}"; do
    "${INFRA[@]}" running "$name" >/dev/null 2>&1 || echo "$name"
  done
}

stop_started() {
  if [ "${#started[@]}" -gt 0 ]; then
    echo "plein: stopping the servers this run started: ${started[*]}"
    "${INFRA[@]}" down "${started[@]}" || true
  fi
}

cmd_infra() {
  exec "${INFRA[@]}" "$@"
}

print_totals() {
  local file="$1"
  [ -s "$file" ] || { echo "tests: 0 passed, 0 failed"; return; }
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
    const sum = (k) => lines.reduce((n, l) => n + l[k], 0);
    console.log(`test runs: ${lines.length} Jest runs, ${sum("suitesFailed")} failed suites`);
    for (const l of lines) for (const f of l.failures || []) console.log(`failed: ${l.project} ${f}`);
    console.log(`tests: ${sum("passed")} passed, ${sum("failed")} failed, ${sum("skipped")} skipped`);
  ' "$file"
}

cmd_test() {
  ensure_deps
  # The web client's browser test needs Chromium (installed here when missing and root).
  bash tools/dev/browser.sh
  local results="$PLEIN_HOME/test-results/$(date +%Y%m%d-%H%M%S).jsonl"
  mkdir -p "$(dirname "$results")"
  : >"$results"
  export PLEIN_TEST_RESULTS="$results"
  local status=0
  # Only servers this run starts are stopped at the end; a developer's running servers stay up.
  # `started` is global: the EXIT trap runs after this function has returned.
  started=()
  mapfile -t started < <(servers_down)
  trap stop_started EXIT
  if [ "${#started[@]}" -gt 0 ]; then
    # Start the servers in the background while lint, type-check and unit tests run.
    "${INFRA[@]}" up "${started[@]}" >"$PLEIN_HOME/infra-up.log" 2>&1 &
    local infra_pid=$!
  fi
  # --skip-nx-cache: the suite really runs every time (a replayed result would run no test and
  # would be missing from the totals, which the Jest reporter counts as the tests run).
  nx run-many -t lint typecheck test --parallel=2 --output-style=static --skip-nx-cache || status=$?
  if [ "${#started[@]}" -gt 0 ]; then
    if ! wait "$infra_pid"; then
      cat "$PLEIN_HOME/infra-up.log"
      echo "plein: the local servers did not start (see above)" >&2
      print_totals "$results"
      return 1
    fi
    cat "$PLEIN_HOME/infra-up.log"
  fi
  # Suites that stop and start the shared servers (projects test-backbone and system; `"parallelism":
  # false` in their project.json) run first, one after the other: a broker restarts in seconds
  # while it holds few partitions, and in minutes once the other suites have created thousands.
  local restarting=test-backbone,system
  nx run-many -t test-int --projects="$restarting" --parallel=1 --output-style=static || status=$?
  # Then the other integration suites side by side (PLEIN_TEST_INT_PARALLEL, default 3): each uses
  # its own database, topic prefix, consumer groups and indices, and mostly waits on the servers.
  nx run-many -t test-int --exclude="$restarting" --parallel="${PLEIN_TEST_INT_PARALLEL:-3}" --output-style=static || status=$?
  print_totals "$results"
  return "$status"
}

cmd_start() {
  ensure_deps
  "${INFRA[@]}" up
  npm run -s build
  # The web client (apps/web) into dist/apps/web, which the gateway serves.
  npm run -s build:web
  exec bash tools/dev/start-platform.sh
}

case "${1:-}" in
  infra) shift; cmd_infra "$@" ;;
  test) cmd_test ;;
  start) cmd_start ;;
  *) echo "usage: plein.sh start|test|infra <up|down|status|stop NAME|start NAME|running NAME>" >&2; exit 2 ;;
esac
