#!/usr/bin/env bash
# `npm test`: every layer against the real VS Code and the real local cluster, provisioning
# what is missing. Layers: unit (plain Node) · cluster (real kubelet) · integration (real VS Code
# extension host) · e2e (real workbench in Chromium; also e2e-trust, e2e-demo alone) · cleanup
# (cluster:down leaves nothing). Ends with one line: "N passed, N failed".
# Usage: test.sh [unit|cluster|integration|e2e|e2e-trust|e2e-demo ...]
set -uo pipefail
cd "$(dirname "$0")/.." && . scripts/lib.sh
LAYERS=${*:-unit package cluster integration e2e secrets cleanup}
OUT=${POD_XRAY_TEST_OUT:-$PWD/test-results}; rm -rf "$OUT"; mkdir -p "$OUT"
export POD_XRAY_LOGS=$OUT/logs
passed=0; failed=0; skipped=0; problems=()
count() { # LAYER PASSED FAILED [SKIPPED]
  passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + ${4:-0}))
  say "layer $1: $2 passed, $3 failed${4:+, $4 skipped}"
  if [ "$3" -gt 0 ]; then
    problems+=("$1")
    # POD_XRAY_FAIL_FAST=1: stop at the first failing layer (the cluster is still taken down).
    if [ -n "${POD_XRAY_FAIL_FAST:-}" ]; then [ "${started_cluster:-0}" = 1 ] && bash scripts/cluster.sh down; finish; fi
  fi
}
finish() {
  echo
  # What the fault and hostile-input suites survived (issue: faults, bad input, hostile strings).
  grep -hE '^(faults survived|hostile strings|unhandled rejections from Pod X-Ray):' "$OUT"/*.log 2>/dev/null | sort -u
  [ ${#problems[@]} -gt 0 ] && echo "failing layers: ${problems[*]} (details above; screenshots and logs in $OUT)"
  echo "$passed passed, $failed failed${skipped:+, $skipped skipped}"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}
mocha_counts() { # FILE -> "passed failed pending"
  local p f s
  p=$(grep -Eo '^ +[0-9]+ passing' "$1" | tail -1 | grep -Eo '[0-9]+'); f=$(grep -Eo '^ +[0-9]+ failing' "$1" | tail -1 | grep -Eo '[0-9]+')
  s=$(grep -Eo '^ +[0-9]+ pending' "$1" | tail -1 | grep -Eo '[0-9]+'); echo "${p:-0} ${f:-0} ${s:-0}"
}
# The one way a layer's counts are read: from a results JSON ({passed, failed, skipped}) or a mocha log.
# A layer that reports nothing at all counts as one failure.
count_json() { # LAYER FILE
  local p f s
  read -r p f s < <(node -e 'const r=require(process.argv[1]);console.log(r.passed,r.failed,r.skipped)' "$2" 2>/dev/null \
                    || echo "0 1 0")
  count "$1" "$p" "$f" "$s"
}
count_mocha() { # LAYER LOG
  local p f s
  read -r p f s < <(mocha_counts "$2"); [ "$p$f" = 00 ] && f=1
  count "$1" "$p" "$f" "$s"
}
has() { [[ " $LAYERS " == *" $1 "* ]]; }

say "building and type-checking"
if ! node scripts/build.mjs || ! npx tsc -p . || ! npx tsc -p media || ! npx tsc -p test/e2e; then count build 0 1; finish; fi
say "lint and format (eslint, prettier)"
if npm run -s lint > "$OUT/lint.log" 2>&1; then count lint 1 0; else cat "$OUT/lint.log"; count lint 0 1; fi

if has unit; then
  npx mocha --config test/.mocharc.json 2>&1 | tee "$OUT/unit.log"
  count_mocha unit "$OUT/unit.log"
fi

if has package; then
  if bash scripts/provision-vscode.sh >/dev/null && npm run -s package > "$OUT/package-build.log" 2>&1; then
    POD_XRAY_RESULTS=$OUT/package.json node test/package/check-vsix.js 2>&1 | tee "$OUT/package.log"
    count_json package "$OUT/package.json"
  else cat "$OUT/package-build.log"; count package 0 1; fi
  node scripts/build.mjs # back to the development build (source maps) for the layers that follow
fi

need_cluster=0; for l in cluster integration e2e; do has $l && need_cluster=1; done
started_cluster=0
# e2e-trust and e2e-demo alone need code-server but no cluster.
if [ $need_cluster = 0 ] && { has e2e-trust || has e2e-demo; }; then
  bash scripts/provision-vscode.sh || { count provision 0 1; finish; }
fi
if [ $need_cluster = 1 ]; then
  if ! bash scripts/provision-vscode.sh; then count provision 0 1; finish; fi
  if bash scripts/cluster.sh running; then
    say "reusing the running local cluster (left running afterwards)"
    bash scripts/cluster.sh scenarios --fresh || { count cluster-up 0 1; finish; }
  else
    bash scripts/cluster.sh up || { count cluster-up 0 1; bash scripts/cluster.sh down; finish; }
    started_cluster=1
  fi
  eval "$(bash scripts/cluster.sh env)"
  export POD_XRAY_ADMIN_KUBECONFIG=$POD_XRAY_CLUSTER/admin.kubeconfig POD_XRAY_RESTRICTED_KUBECONFIG=$POD_XRAY_CLUSTER/restricted.kubeconfig
  export POD_XRAY_CLUSTER_SH=$PWD/scripts/cluster.sh KUBECTL_BIN
fi

if has cluster; then
  npx mocha --timeout 180000 --reporter spec 'dist/test/cluster/**/*.test.js' 2>&1 | tee "$OUT/cluster.log"
  count_mocha cluster "$OUT/cluster.log"
fi

if has integration; then
  POD_XRAY_RESULTS=$OUT/integration.json node scripts/vscode/run-integration.js 2>&1 | tee "$OUT/integration.log"
  count_json integration "$OUT/integration.json"
fi

# The e2e suites (mocha, each with its own code-server + Chromium); `e2e` runs all three.
e2e_suite() { # LAYER SUITE
  POD_XRAY_SHOTS=$OUT/e2e npx mocha --exit --reporter spec ${POD_XRAY_GREP:+--grep "$POD_XRAY_GREP"} \
    "dist/test/e2e/$2.e2e.js" 2>&1 | tee "$OUT/$1.log"
  count_mocha "$1" "$OUT/$1.log"
}
has e2e && e2e_suite e2e run
# Workspace trust ON, a hostile folder in Restricted Mode: its own code-server, no cluster needed.
{ has e2e || has e2e-trust; } && e2e_suite e2e-trust trust
# The built-in demo with no kubeconfig (empty $HOME): its own code-server, no cluster, no network.
{ has e2e || has e2e-demo; } && e2e_suite e2e-demo demo

if has secrets; then
  # Tokens of the cluster's users must appear in no log, output or document of the run.
  if [ -n "${POD_XRAY_CLUSTER:-}" ] && ls "$POD_XRAY_CLUSTER"/pki/*.token >/dev/null 2>&1 && [ -d "$OUT/logs" ]; then
    leaks=0; files=$(find "$OUT" -type f | wc -l)
    for t in "$POD_XRAY_CLUSTER"/pki/*.token; do
      if grep -rlF "$(cat "$t")" "$OUT" >/dev/null 2>&1; then echo "token $(basename "$t") found in: $(grep -rlF "$(cat "$t")" "$OUT" | head -3)"; leaks=$((leaks + 1)); fi
    done
    say "secrets: searched $files files of logs and output for $(ls "$POD_XRAY_CLUSTER"/pki/*.token | wc -l) tokens: $leaks found"
    if [ $leaks = 0 ]; then count secrets 1 0; else count secrets 0 1; fi
  else count secrets 0 0 1; fi
fi

if has cleanup; then
  if [ $started_cluster = 1 ]; then
    bash scripts/cluster.sh down
    if left=$(bash scripts/cluster.sh leftovers); then count cleanup 1 0; else echo "cluster:down left behind:"; echo "$left"; count cleanup 0 1; fi
  else
    say "cleanup check skipped: the cluster was already running before the tests"; count cleanup 0 0 1
  fi
fi
finish
