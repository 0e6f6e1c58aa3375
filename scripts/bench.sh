#!/usr/bin/env bash
# `npm run bench` (not part of npm test): benchmarks against a local kube-apiserver (no kubelet
# needed; a running full cluster is reused). Prints a table and writes bench/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.." && . scripts/lib.sh
bash scripts/provision-vscode.sh
started=0
if ! NO_KUBELET=1 bash scripts/cluster.sh running; then NO_KUBELET=1 NO_SCENARIOS=1 bash scripts/cluster.sh up; started=1; fi
trap '[ $started = 1 ] && bash scripts/cluster.sh down' EXIT
eval "$(bash scripts/cluster.sh env)"
export POD_XRAY_ADMIN_KUBECONFIG=$POD_XRAY_CLUSTER/admin.kubeconfig KUBECTL_BIN
node scripts/build.mjs                 # bench bundles (development build)
npm run -s package >/dev/null          # production bundle + VSIX: what (f) activates and (g) measures
node dist/bench/bench.js
node scripts/build.mjs                 # back to the development build
