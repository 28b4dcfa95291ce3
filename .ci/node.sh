# shellcheck shell=bash
# Source this to get Node.js 24 first on PATH when the machine's node is older.
# Node 24 comes from the npm registry's `node` package, so nothing but npm is needed.
# A machine that already has Node 24 or newer is left as it is.

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 24 ]; then
  node24_dir="${XDG_CACHE_HOME:-$HOME/.cache}/knative-sentiment/node24"
  if [ ! -x "$node24_dir/node_modules/.bin/node" ]; then
    command -v npm >/dev/null || { echo "node.sh: npm is needed to fetch Node 24" >&2; return 1; }
    echo "node.sh: system node is $(node --version 2>/dev/null || echo 'missing'); installing Node 24 into $node24_dir" >&2
    npm install --prefix "$node24_dir" --no-audit --no-fund --loglevel=error node@24 >&2
  fi
  export PATH="$node24_dir/node_modules/.bin:$PATH"
fi
echo "node.sh: using node $(node --version) at $(command -v node)" >&2
