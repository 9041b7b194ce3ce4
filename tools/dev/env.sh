#!/usr/bin/env bash
# Sourced by every project command: puts Node 24 LTS first on PATH.
# Where the machine's node is older than 22, Node 24 is fetched from the npm registry's
# `node-linux-<arch>` package (the binary that the `node` package would install) into .plein/node.
# Nothing is downloaded from anywhere but the npm registry.
set -euo pipefail
PLEIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PLEIN_ROOT
PLEIN_NODE_VERSION="${PLEIN_NODE_VERSION:-24.21.0}"
PLEIN_HOME="${PLEIN_HOME:-$PLEIN_ROOT/.plein}"
export PLEIN_HOME

node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "plein: no Node 24 package for $(uname -m)" >&2; exit 1 ;;
  esac
  node_dir="$PLEIN_HOME/node/$PLEIN_NODE_VERSION"
  node_bin="$node_dir/node_modules/node-linux-$arch/bin"
  if [ ! -x "$node_bin/node" ]; then
    echo "plein: fetching Node $PLEIN_NODE_VERSION from the npm registry into $node_dir" >&2
    mkdir -p "$node_dir"
    # --ignore-scripts: the package is the binary itself, nothing to run.
    npm install --prefix "$node_dir" --no-save --no-package-lock --ignore-scripts \
      "node-linux-$arch@$PLEIN_NODE_VERSION" >"$node_dir/install.log" 2>&1 || {
      echo "plein: could not fetch Node $PLEIN_NODE_VERSION; see $node_dir/install.log" >&2
      exit 1
    }
  fi
  export PATH="$node_bin:$PATH"
fi
export PATH="$PLEIN_ROOT/node_modules/.bin:$PATH"
export NX_DAEMON="${NX_DAEMON:-false}"
export NX_NO_CLOUD=true
export NX_TUI=false
export NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-false}"

# Installs the locked dependencies when package-lock.json changed since the last install.
ensure_deps() {
  local stamp="$PLEIN_ROOT/node_modules/.plein-lock-hash"
  local want
  want="$(sha256sum "$PLEIN_ROOT/package-lock.json" | cut -d' ' -f1)-$(node -v)"
  mkdir -p "$PLEIN_HOME"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "plein: installing dependencies (npm ci)" >&2
    # npm 11 records optional platform packages (@swc/core-*, nx native bindings) only for the
    # platform that wrote the lock, and `npm ci` then refuses the lock elsewhere (npm/cli#9846,
    # #4828). `npm install` installs the same locked versions and adds the missing entries.
    (cd "$PLEIN_ROOT" && { npm ci --no-audit --no-fund --loglevel=error 2>"$PLEIN_HOME/npm-ci.log" || {
      echo "plein: npm ci refused the lock file ($(grep -m1 -o 'Missing: [^ ]*' "$PLEIN_HOME/npm-ci.log" || echo see $PLEIN_HOME/npm-ci.log)); installing the locked versions with npm install" >&2
      npm install --no-audit --no-fund --loglevel=error
    }; })
    echo "$want" >"$stamp"
  fi
}
