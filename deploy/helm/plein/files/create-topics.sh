#!/usr/bin/env bash
# Creates the missing Kafka topics of a topics file (deploy/topics/topics.yaml) with the Apache
# Kafka command-line tools, as `ensureTopics` of @plein/shared/event-store does at boot: existing
# topics are left alone (more partitions on a live topic would move keys and break per-aggregate
# order), and the replication factor and min.insync.replicas are clamped to the brokers present.
# Dead-letter topics are not created here: each service creates its own.
#
# Used by the chart's topic Job (deploy/helm/plein) and by the `topics` service of
# deploy/compose.yaml, both in the apache/kafka image.
#   create-topics.sh <topics.yaml>
#   KAFKA_BROKERS       host:port[,host:port...] (required)
#   KAFKA_TOPIC_PREFIX  prepended to every topic name (default none)
#   KAFKA_BIN           directory of kafka-topics.sh (default /opt/kafka/bin)
#
# The file is read as the subset of YAML that topics.yaml uses (block mappings, `- name:` list
# items, scalar values); anything else stops the script rather than being misread.
set -euo pipefail
file="${1:?usage: create-topics.sh <topics.yaml>}"
bootstrap="${KAFKA_BROKERS:?KAFKA_BROKERS is not set}"
prefix="${KAFKA_TOPIC_PREFIX:-}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"

# Prints one line per topic: name partitions replicationFactor key=value,key=value
specs() {
  awk '
    function fail(msg) { print "create-topics: " FILENAME ":" NR ": " msg > "/dev/stderr"; bad = 1; exit 1 }
    function flush(   k, list, n) {
      if (name == "") return
      for (k in dc) if (!(k in tc)) tc[k] = dc[k]
      list = ""; n = 0
      for (k in tc) { list = list (n++ ? "," : "") k "=" tc[k] }
      print name, (tp != "" ? tp : (dp != "" ? dp : 1)), (tr != "" ? tr : (dr != "" ? dr : 1)), (list == "" ? "-" : list)
      name = ""; tp = ""; tr = ""; split("", tc)
    }
    {
      line = $0
      sub(/^[ ]*#.*/, "", line); sub(/[ ]+#.*/, "", line); sub(/[ ]+$/, "", line)
      if (line == "") next
      if (line ~ /\t/) fail("tabs are not supported")
      indent = match(line, /[^ ]/) - 1
      item = 0
      if (substr(line, indent + 1, 2) == "- ") { item = 1; indent += 2; line = substr(line, 1, indent - 2) "  " substr(line, indent + 1) }
      body = substr(line, indent + 1)
      colon = index(body, ":")
      if (colon == 0) fail("expected key: value")
      key = substr(body, 1, colon - 1)
      value = substr(body, colon + 1); sub(/^ +/, "", value)
      if (value ~ /^".*"$/ || value ~ /^\047.*\047$/) value = substr(value, 2, length(value) - 2)
      if (value ~ /^[{[]/) fail("flow style is not supported")
      if (indent == 0) { flush(); section = key; sub_ = ""; next }
      if (section == "defaults") {
        if (indent == 2 && key == "config") { if (value != "") fail("config must be a block mapping"); sub_ = "config" }
        else if (indent == 2 && key == "partitions") { dp = value; sub_ = "" }
        else if (indent == 2 && key == "replicationFactor") { dr = value; sub_ = "" }
        else if (indent == 4 && sub_ == "config") dc[key] = value
        else fail("unexpected " key)
      } else if (section == "topics") {
        if (item) { if (indent != 4 || key != "name") fail("a topic starts with - name:"); flush(); name = value; sub_ = "" }
        else if (indent == 4 && key == "config") { if (value != "") fail("config must be a block mapping"); sub_ = "config" }
        else if (indent == 4 && key == "partitions") { tp = value; sub_ = "" }
        else if (indent == 4 && key == "replicationFactor") { tr = value; sub_ = "" }
        else if (indent == 6 && sub_ == "config") tc[key] = value
        else fail("unexpected " key)
      }
    }
    END { if (!bad) flush() }
  ' "$file"
}

# Parse the whole file first: a malformed file creates nothing.
spec_lines="$(specs)"
[ -n "$spec_lines" ] || { echo "create-topics: no topics in $file" >&2; exit 1; }

brokers="$("$bin/kafka-broker-api-versions.sh" --bootstrap-server "$bootstrap" | grep -c ' (id: ' || true)"
[ "$brokers" -ge 1 ] || { echo "create-topics: no broker answered at $bootstrap" >&2; exit 1; }
existing="$("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --list)"

created=0
while read -r name partitions replication config; do
  topic="$prefix$name"
  if grep -qxF -- "$topic" <<<"$existing"; then
    echo "create-topics: $topic exists"
    continue
  fi
  [ "$replication" -le "$brokers" ] || replication="$brokers"
  args=()
  if [ "$config" != "-" ]; then
    IFS=',' read -r -a entries <<<"$config"
    for entry in "${entries[@]}"; do
      key="${entry%%=*}"
      value="${entry#*=}"
      if [ "$key" = "min.insync.replicas" ] && [ "$value" -gt "$replication" ]; then value="$replication"; fi
      args+=(--config "$key=$value")
    done
  fi
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor "$replication" "${args[@]}"
  created=$((created + 1))
done <<<"$spec_lines"
echo "create-topics: $created created, $(($(wc -l <<<"$spec_lines") - created)) existed ($brokers broker(s))"
