#!/usr/bin/env bash
# Compiles the plein-dev plugin and its checks against the downloaded Elasticsearch distribution's
# jars and runs the checks (no server needed). Usage: tools/infra/elasticsearch/plein-dev-plugin/test.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
es_home="${ES_HOME:-}"
if [ -z "$es_home" ]; then
  for candidate in "$root"/.plein/downloads/elasticsearch-*; do es_home="$candidate"; done
fi
[ -d "$es_home/lib" ] || { echo "no Elasticsearch distribution under .plein/downloads (npm run infra:up fetches it)" >&2; exit 2; }
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
find "$here/src" "$here/test" -name '*.java' >"$build/sources.txt"
javac --release 17 -nowarn -encoding UTF-8 -cp "$es_home/lib/*" -d "$build" @"$build/sources.txt"
java -cp "$build:$es_home/lib/*" dev.plein.esdev.DictionaryDecompounderCheck
