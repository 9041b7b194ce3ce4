#!/usr/bin/env bash
# Validates the Helm chart deploy/helm/plein, as part of `npm test` (Nx project `deploy`):
#   1. `helm lint --strict` with each values file of deploy/helm/plein/ci/;
#   2. `helm template` with each of them, piped to `kubeconform -strict` against the Kubernetes
#      JSON schemas of KUBE_VERSION: an unknown field, a wrong type or a missing required field
#      fails, and so does a kind without a schema (nothing is skipped).
# Before trusting a pass, kubeconform must refuse a Deployment with an unknown field.
#
# The tools come only from registries the project reaches, cached in .plein/tools/deploy with a
# version stamp (a changed version below reinstalls): helm and kubeconform built from the Go module
# proxy (`go install`), the schemas from the PyPI package kubernetes-validate (pip, hash-pinned),
# which ships them for every recent Kubernetes release. docs/deploy.md, docs/adr/0008-helm-chart.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dev/env.sh"
cd "$PLEIN_ROOT"

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
KUBE_VERSION=1.34.0
SCHEMAS_PACKAGE=kubernetes-validate
SCHEMAS_VERSION=1.37.0
SCHEMAS_SHA256=85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9

CHART=deploy/helm/plein
TOOLS="$PLEIN_HOME/tools/deploy"
STAMP="$TOOLS/versions"
WANT="helm $HELM_VERSION, kubeconform $KUBECONFORM_VERSION, $SCHEMAS_PACKAGE $SCHEMAS_VERSION schemas of Kubernetes $KUBE_VERSION"
SCHEMAS="$TOOLS/schemas"

say() { echo "validate-chart: $*" >&2; }

install_tools() {
  command -v go >/dev/null || { say "needs Go to build helm and kubeconform (README prerequisites)"; exit 1; }
  command -v unzip >/dev/null || { say "needs unzip to unpack the schemas (README prerequisites)"; exit 1; }
  local python
  python="$(command -v python3 || true)"
  { [ -n "$python" ] && "$python" -m pip --version >/dev/null 2>&1; } || { say "needs Python 3 with pip to fetch the Kubernetes schemas (README prerequisites)"; exit 1; }
  local started=$SECONDS log="$PLEIN_HOME/tools/deploy-install.log"
  say "installing $WANT into $TOOLS (first run: a few minutes; log: $log)"
  rm -rf "$TOOLS.new"
  mkdir -p "$TOOLS.new/bin" "$TOOLS.new/download"
  : >"$log"
  # Outside the repository, so that no go.mod of ours takes part in the build.
  (cd "$TOOLS.new" && GOBIN="$TOOLS.new/bin" GOFLAGS=-buildvcs=false go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" \
    && GOBIN="$TOOLS.new/bin" GOFLAGS=-buildvcs=false go install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION") >>"$log" 2>&1 \
    || { cat "$log" >&2; say "could not build helm and kubeconform (above)"; exit 1; }
  printf '%s==%s --hash=sha256:%s\n' "$SCHEMAS_PACKAGE" "$SCHEMAS_VERSION" "$SCHEMAS_SHA256" >"$TOOLS.new/download/requirements.txt"
  "$python" -m pip download --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
    -r "$TOOLS.new/download/requirements.txt" -d "$TOOLS.new/download" >>"$log" 2>&1 \
    || { cat "$log" >&2; say "could not fetch the schemas package $SCHEMAS_PACKAGE $SCHEMAS_VERSION (above)"; exit 1; }
  local dir="kubernetes_validate/kubernetes-json-schema/v$KUBE_VERSION-local-strict"
  unzip -q "$TOOLS.new/download/"*.whl "$dir/*" -d "$TOOLS.new/download/wheel"
  mkdir -p "$TOOLS.new/schemas"
  mv "$TOOLS.new/download/wheel/$dir" "$TOOLS.new/schemas/"
  # The package names each schema `https://kubernetes.io/api/<kind>/<version>` and resolves
  # `$ref: /api/_definitions.json#...` through its own registry. kubeconform resolves references
  # against the schema's `$id`, so each `$id` becomes the file's own name and each reference points
  # at _definitions.json beside it; no schema content changes.
  node -e '
    const fs = require("node:fs"), path = require("node:path");
    const dir = process.argv[1];
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const text = fs.readFileSync(path.join(dir, file), "utf8").replaceAll("\"/api/_definitions.json#", "\"_definitions.json#");
      const schema = JSON.parse(text);
      if (typeof schema.$id === "string") schema.$id = file;
      fs.writeFileSync(path.join(dir, file), JSON.stringify(schema));
    }
  ' "$TOOLS.new/schemas/v$KUBE_VERSION-local-strict"
  rm -rf "$TOOLS.new/download"
  echo "$WANT" >"$TOOLS.new/versions"
  rm -rf "$TOOLS"
  mv "$TOOLS.new" "$TOOLS"
  say "installed in $((SECONDS - started)) s (a first run on a 2-core machine under load, with empty Go caches: 261 s)"
}

# One install at a time (say, a developer's run beside npm test); the second finds it done.
mkdir -p "$PLEIN_HOME/tools"
exec 9>"$PLEIN_HOME/tools/deploy.lock"
flock 9
[ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] || install_tools
flock -u 9

# helm keeps its caches and settings here rather than in the home directory.
export HELM_CACHE_HOME="$TOOLS/helm/cache" HELM_CONFIG_HOME="$TOOLS/helm/config" HELM_DATA_HOME="$TOOLS/helm/data"
helm="$TOOLS/bin/helm"
kubeconform=("$TOOLS/bin/kubeconform" -strict -summary -kubernetes-version "$KUBE_VERSION"
  -schema-location "$SCHEMAS/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json")

# The validator must be able to fail, and for the right reason: the same Deployment passes with
# `replicas` and is refused with the misspelt `replica` (not for a schema that failed to load).
probe='{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"probe"},"spec":{"replicas":2,"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}'
if ! out="$(echo "$probe" | "${kubeconform[@]}" 2>&1)"; then
  say "kubeconform refused a valid Deployment: $out"
  exit 1
fi
if out="$(echo "${probe/\"replicas\"/\"replica\"}" | "${kubeconform[@]}" 2>&1)" || [[ "$out" != *"additional properties 'replica' not allowed"* ]]; then
  say "kubeconform did not refuse a Deployment for its unknown field 'replica': $out"
  exit 1
fi

# files/topics.yaml is a symbolic link to deploy/topics/topics.yaml (one file, not a copy); helm
# notes each time that it followed it.
quiet_link() { grep -v 'found symbolic link in path: .*files/topics.yaml' >&2 || true; }

status=0
for values in "$CHART"/ci/*.yaml; do
  say "$values"
  "$helm" lint --strict --quiet "$CHART" -f "$values" --kube-version "$KUBE_VERSION" 2> >(quiet_link) || status=1
  "$helm" template plein "$CHART" -f "$values" --kube-version "$KUBE_VERSION" --namespace plein 2> >(quiet_link) | "${kubeconform[@]}" || status=1
done
[ "$status" = 0 ] && say "chart valid ($WANT)" || say "chart INVALID (see above)"
exit "$status"
