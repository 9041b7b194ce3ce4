#!/usr/bin/env bash
# Loads the demo organisation (deploy/demo/organisation.json) into the running identity service:
# people, managers and groups through SCIM 2.0, then roles and the ambassador badge through
# Plein's API as the demo admin (signed in through the dev IdP). Called by start-platform.sh;
# safe to run again. Needs SCIM_BEARER_TOKEN (start-platform.sh keeps the dev token in
# .plein/dev-scim-token) and IDENTITY_URL (default http://127.0.0.1:3001).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PLEIN_ROOT"
if [ -z "${SCIM_BEARER_TOKEN:-}" ] && [ -f "$PLEIN_HOME/dev-scim-token" ]; then
  SCIM_BEARER_TOKEN="$(cat "$PLEIN_HOME/dev-scim-token")"
  export SCIM_BEARER_TOKEN
fi
exec node tools/dev/seed-demo.mjs
