#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Go tests of the project's FerretDB patches (ADR 0007): applies tools/infra/ferretdb/*.patch to a
# copy of the FerretDB module, exactly as infra.sh does before building, and runs the tests the
# patches add (named Plein*).
#
#   bash tools/infra/ferretdb/test.sh     (also: nx run infra-ferretdb:test-int, part of npm test)
#
# The tests that need PostgreSQL use PLEIN_PG_TEST_URL, by default the PostgreSQL that
# `infra.sh up mongo` runs (127.0.0.1:${PLEIN_PG_PORT:-54329}) when it answers; each test works
# in a database of its own. Without a PostgreSQL they are skipped (and say so).
set -euo pipefail

INFRA="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../lib/common.sh
source "$INFRA/lib/common.sh"
# shellcheck source=../lib/ferretdb.sh
source "$INFRA/lib/ferretdb.sh"

# Go builds the local FerretDB; without it (an external MONGODB_URI) there is nothing to test here.
if ! command -v go >/dev/null; then
  echo "ferretdb test: Go is not installed: the FerretDB patches' tests are skipped"
  exit 0
fi

if [ -z "${PLEIN_PG_TEST_URL:-}" ] && port_open "$BIND_HOST" "$PG_PORT"; then
  export PLEIN_PG_TEST_URL="postgres://$PG_SUPERUSER@$BIND_HOST:$PG_PORT/postgres"
fi
if [ -z "${PLEIN_PG_TEST_URL:-}" ]; then
  echo "ferretdb test: no PostgreSQL on $BIND_HOST:$PG_PORT and PLEIN_PG_TEST_URL unset: the PostgreSQL tests are skipped" >&2
fi

dir="$TMPDIR_INFRA/ferretdb-test"
mkdir -p "$dir"
ferretdb_source "$dir/src" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; exit 1; }
cd "$dir/src"
# FerretDB's test helpers locate the source root by its .git directory
mkdir -p .git
rc=0
go test -count=1 -run '^TestPlein' -v ./internal/backends/postgresql/ >"$dir/go-test.log" 2>&1 || rc=$?
grep -E '^(--- |\s+--- |ok|FAIL|panic)|_test\.go:[0-9]+|SKIP' "$dir/go-test.log" || true
if [ "$rc" != 0 ]; then
  echo "ferretdb test: FAILED (full output: $dir/go-test.log)" >&2
  exit 1
fi
echo "ferretdb test: the patches' Go tests passed"
