#!/usr/bin/env bash
# `npm start`: the real VS Code (code-server) in your browser with Pod X-Ray loaded, on your
# kubeconfig ($KUBECONFIG or ~/.kube/config) or else the project's local cluster. Ctrl-C stops
# everything it started.   Env: PORT (default 8080), POD_XRAY_LOCAL=1 (force the local cluster)
set -euo pipefail
cd "$(dirname "$0")/.." && . scripts/lib.sh
bash scripts/provision-vscode.sh
node scripts/build.mjs
started_cluster=0
kubeconfig=""
if [ -z "${POD_XRAY_LOCAL:-}" ] && { [ -n "${KUBECONFIG:-}" ] || [ -f "$HOME/.kube/config" ]; }; then
  say "using your kubeconfig (${KUBECONFIG:-$HOME/.kube/config})"
else
  if ! bash scripts/cluster.sh running; then bash scripts/cluster.sh up; started_cluster=1; fi
  eval "$(bash scripts/cluster.sh env)"; kubeconfig=$POD_XRAY_CLUSTER/admin.kubeconfig
  say "no kubeconfig of yours found: using the local cluster ($kubeconfig)"
fi
cleanup() { [ $started_cluster = 1 ] && bash scripts/cluster.sh down; }
trap cleanup EXIT
POD_XRAY_START_KUBECONFIG=$kubeconfig node scripts/vscode/start.js
