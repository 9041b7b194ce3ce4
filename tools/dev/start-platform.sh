#!/usr/bin/env bash
# Runs every built service in the foreground group (after `npm run build` and `infra up`),
# waits until each reports ready, loads the demo organisation, and stops the services on Ctrl-C.
# The servers keep running; `npm run infra:down` stops them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PLEIN_ROOT"

# name:port — one place for the local port plan (each app's config has the same defaults).
SERVICES=(identity:3001 feed:3002 profiles:3003 moderation:3004 notifications:3005 insights:3006)
# The browser edge (docs/gateway.md), started after the services and the demo load.
GATEWAY_PORT=3000
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
# The compiled services (`npm run build` writes dist/); PLEIN_DIST runs another build's output.
DIST="${PLEIN_DIST:-./dist}"
LOG_DIR="$PLEIN_HOME/logs/services"
mkdir -p "$LOG_DIR"
pids=()

# Identity signs people in through an OpenID provider; locally the development IdP (apps/dev-idp)
# on 3100 with the demo organisation. SCIM provisioning needs a bearer token: a random one per
# checkout, kept in .plein/dev-scim-token (tools/dev/seed-demo.sh reads it too).
DEV_IDP_PORT=3100
if [ ! -s "$PLEIN_HOME/dev-scim-token" ]; then
  (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(36).toString("base64url"))' >"$PLEIN_HOME/dev-scim-token")
fi
SCIM_BEARER_TOKEN="$(cat "$PLEIN_HOME/dev-scim-token")"
# The demo's admins become Plein admins when provisioned (they then grant the other roles).
BOOTSTRAP_ADMINS="$(node -e 'const o=require("./deploy/demo/organisation.json");process.stdout.write(o.employees.filter((e)=>e.roles.includes("admin")).map((e)=>e.userName).join(","))')"
IDENTITY_ENV=(
  "SCIM_BEARER_TOKEN=$SCIM_BEARER_TOKEN"
  "OIDC_ISSUER=http://127.0.0.1:$DEV_IDP_PORT"
  "OIDC_SCOPES=openid email profile organisation"
  "IDENTITY_BOOTSTRAP_ADMINS=$BOOTSTRAP_ADMINS"
  # The demo users come by SCIM without the dev IdP's sub; its usernames cannot be edited, so
  # linking the first sign-in by userName is safe here (docs/identity/sso.md, account linking).
  "OIDC_LINK_EXISTING_BY=userName"
  # The demo load signs in some 25 people from one address within a minute (the default allows 30).
  "RATE_LIMIT_LOGIN_PER_MINUTE=600"
)

# A port already taken (services of another checkout, or an earlier run still stopping) would
# answer our readiness checks for us: stop here instead, naming it.
for entry in "dev-idp:$DEV_IDP_PORT" "${SERVICES[@]}" "gateway:$GATEWAY_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${entry##*:}") 2>/dev/null; then
    echo "plein: port ${entry##*:} (${entry%%:*}) is already in use; stop what listens there first (ss -ltnp)" >&2
    exit 1
  fi
done

stop_services() {
  trap - INT TERM EXIT
  echo
  echo "plein: stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_services INT TERM EXIT

# Both callbacks are registered: identity's own (the demo load signs in there) and the gateway's.
DEV_IDP_PORT="$DEV_IDP_PORT" DEV_IDP_BACKCHANNEL_LOGOUT_URI="http://127.0.0.1:3001/auth/backchannel-logout" \
  DEV_IDP_REDIRECT_URIS="http://127.0.0.1:3001/auth/callback,$GATEWAY_URL/auth/callback" \
  DEV_IDP_POST_LOGOUT_REDIRECT_URIS="http://127.0.0.1:3001/,$GATEWAY_URL/" \
  node -r "$DIST/tools/runtime/register.js" "$DIST/apps/dev-idp/src/main.js" >>"$LOG_DIR/dev-idp.log" 2>&1 &
pids+=("$!")
until curl -fsS "http://127.0.0.1:$DEV_IDP_PORT/healthz" >/dev/null 2>&1; do
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then
    echo "plein: the dev IdP did not start; see $LOG_DIR/dev-idp.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "plein: dev IdP ready on http://127.0.0.1:$DEV_IDP_PORT (log: $LOG_DIR/dev-idp.log)"

for entry in "${SERVICES[@]}"; do
  name="${entry%%:*}"
  port="${entry##*:}"
  extra=()
  if [ "$name" = identity ]; then extra=("${IDENTITY_ENV[@]}"); fi
  env "${extra[@]}" SERVICE_NAME="$name" HTTP_PORT="$port" \
    node -r "$DIST/tools/runtime/register.js" "$DIST/apps/$name/src/main.js" >>"$LOG_DIR/$name.log" 2>&1 &
  pids+=("$!")
  if [ "$name" = identity ]; then identity_pid="$!"; fi
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

url_of() { local entry; for entry in "${SERVICES[@]}"; do if [ "${entry%%:*}" = "$1" ]; then echo "http://127.0.0.1:${entry##*:}"; fi; done; }
# The demo organisation and its content, through the services' public APIs (idempotent).
SCIM_BEARER_TOKEN="$SCIM_BEARER_TOKEN" IDENTITY_URL="$(url_of identity)" FEED_URL="$(url_of feed)" \
  PROFILES_URL="$(url_of profiles)" MODERATION_URL="$(url_of moderation)" bash tools/dev/seed-demo.sh
for entry in "${SERVICES[@]}"; do
  echo "plein: ${entry%%:*} API: http://127.0.0.1:${entry##*:}/openapi.json"
done

# Browsers sign in through the gateway, so the IdP must answer at the gateway's /auth/callback. The
# demo load above needed identity's own callback (it reads the refresh cookie, which the gateway
# keeps to itself), so identity restarts once, now with the gateway's callback; it believes the
# gateway's X-Forwarded-For (loopback) for its sign-in rate limit.
kill -TERM "$identity_pid" 2>/dev/null || true
wait "$identity_pid" 2>/dev/null || true
env "${IDENTITY_ENV[@]}" "OIDC_REDIRECT_URI=$GATEWAY_URL/auth/callback" "OIDC_POST_LOGOUT_REDIRECT_URI=$GATEWAY_URL/" \
  "AUTH_REDIRECT_ALLOW_LIST=$GATEWAY_URL/" HTTP_TRUSTED_PROXIES=loopback SERVICE_NAME=identity HTTP_PORT=3001 \
  node -r "$DIST/tools/runtime/register.js" "$DIST/apps/identity/src/main.js" >>"$LOG_DIR/identity.log" 2>&1 &
pids+=("$!")
# The web client's build (npm run build:web); PLEIN_WEB_DIR serves another.
SERVICE_NAME=gateway HTTP_PORT="$GATEWAY_PORT" GATEWAY_PUBLIC_URL="$GATEWAY_URL" GATEWAY_STATIC_DIR="${PLEIN_WEB_DIR:-$DIST/apps/web}" \
  node -r "$DIST/tools/runtime/register.js" "$DIST/apps/gateway/src/main.js" >>"$LOG_DIR/gateway.log" 2>&1 &
pids+=("$!")
deadline=$((SECONDS + 90))
for url in "http://127.0.0.1:3001/ready" "$GATEWAY_URL/ready"; do
  until curl -fsS "$url" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "plein: $url did not become ready; see $LOG_DIR/identity.log and $LOG_DIR/gateway.log" >&2
      exit 1
    fi
    sleep 1
  done
done
echo "plein: gateway ready (log: $LOG_DIR/gateway.log)"
echo "plein: open $GATEWAY_URL and sign in as e.g. sanne.devries / $(node -p 'require("./deploy/demo/organisation.json").devIdp.password') (the services' APIs: $GATEWAY_URL/api/<service>/…)"

if [ -z "${SMTP_URL:-}" ]; then
  echo "plein: mail the services send (notifications, digests) lands in Mailpit: http://127.0.0.1:${PLEIN_MAILPIT_HTTP_PORT:-8025}"
fi
echo "plein: platform running; Ctrl-C stops the services (npm run infra:down stops the servers)"
wait
