#!/usr/bin/env bash
# Runs every built service in the foreground group (after `npm run build` and `infra up`),
# waits until each reports ready, loads the demo organisation, and stops the services on Ctrl-C.
# The servers keep running; `npm run infra:down` stops them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PLEIN_ROOT"

# name:port — one place for the local port plan (each app's config has the same defaults).
SERVICES=(identity:3001 feed:3002 profiles:3003 moderation:3004 notifications:3005)
LOG_DIR="$PLEIN_HOME/logs/services"
mkdir -p "$LOG_DIR"
pids=()

stop_services() {
  trap - INT TERM EXIT
  echo
  echo "plein: stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_services INT TERM EXIT

for entry in "${SERVICES[@]}"; do
  name="${entry%%:*}"
  port="${entry##*:}"
  SERVICE_NAME="$name" HTTP_PORT="$port" \
    node -r ./dist/tools/runtime/register.js "dist/apps/$name/src/main.js" >>"$LOG_DIR/$name.log" 2>&1 &
  pids+=("$!")
done

deadline=$((SECONDS + 90))
for entry in "${SERVICES[@]}"; do
  name="${entry%%:*}"
  port="${entry##*:}"
  until curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "plein: $name did not become ready on port $port; see $LOG_DIR/$name.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "plein: $name ready on http://127.0.0.1:$port (log: $LOG_DIR/$name.log)"
done

if [ -x tools/dev/seed-demo.sh ]; then
  bash tools/dev/seed-demo.sh
fi

echo "plein: platform running; Ctrl-C stops the services (npm run infra:down stops the servers)"
wait
