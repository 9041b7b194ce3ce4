#!/usr/bin/env bash
# Loads the demo organisation into the running services through their public APIs: people,
# managers and groups through identity's SCIM 2.0, roles and the ambassador badge as the demo admin,
# then deploy/demo/content.json (taxonomy, profiles, groups, posts, a jam, agenda items,
# endorsements, a moderation report), each part signed in through the dev IdP as the person who
# would do it (tools/dev/seed-demo.mjs). Called by start-platform.sh; running it again changes
# nothing. Needs SCIM_BEARER_TOKEN (start-platform.sh keeps the dev token in .plein/dev-scim-token)
# and the services' URLs: IDENTITY_URL, FEED_URL, PROFILES_URL, MODERATION_URL (defaults: the local
# ports 3001-3004).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PLEIN_ROOT"
if [ -z "${SCIM_BEARER_TOKEN:-}" ] && [ -f "$PLEIN_HOME/dev-scim-token" ]; then
  SCIM_BEARER_TOKEN="$(cat "$PLEIN_HOME/dev-scim-token")"
  export SCIM_BEARER_TOKEN
fi
exec node tools/dev/seed-demo.mjs
