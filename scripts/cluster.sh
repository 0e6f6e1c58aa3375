#!/usr/bin/env bash
# A real one-node Kubernetes 1.37 on loopback, every piece built from Go modules (issue 17):
# etcd 3.6 + kube-apiserver + kube-controller-manager + kube-scheduler + kubelet, containerd 2 +
# runc + CNI bridge, a pause image compiled from scripts/cluster/pause/pause.c, a busybox image.
#   cluster.sh build    Go modules -> binaries, cached by version under $POD_XRAY_CACHE
#   cluster.sh up       build if needed, start everything, write kubeconfigs, apply scenarios
#   cluster.sh down     stop exactly what `up` started, remove its bridge, mounts and cgroups
#   cluster.sh status | running | leftovers | env
#   cluster.sh scenarios [--fresh]           (re)apply the scenario workloads
#   cluster.sh kill-sandbox POD [NS]         kill a pod's RUNNING sandbox through containerd
#   cluster.sh ctr ARGS...                   containerd's ctr on the node's socket, namespace k8s.io
#   cluster.sh apiserver-restart|apiserver-stop|apiserver-kill|apiserver-start   (fault tests)
# Needs Go (>= GO_MIN in lib.sh) and the Go module proxy for the first
# build only; `npm start` with your own kubeconfig needs neither.
# Env: POD_XRAY_CACHE, POD_XRAY_CLUSTER (state dir), NO_KUBELET=1 (apiserver only, no
#      controllers), NO_SCENARIOS=1, and the knobs below that let a second cluster run beside the
#      default one (ports, bridge, pod CIDR, cgroup root). Defaults are what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.." && REPO=$PWD && . scripts/lib.sh
D=${POD_XRAY_CLUSTER:-/var/tmp/pod-xray-cluster}
# a running cluster remembers its knobs, so `kill-sandbox`, `env`, `down` find it with only the state dir
[ -f "$D/cluster.env" ] && . "$D/cluster.env"
API_PORT=${POD_XRAY_API_PORT:-16443}; ETCD_PORT=${POD_XRAY_ETCD_PORT:-12379}   # etcd peer +1, metrics +2
KUBELET_PORT=${POD_XRAY_KUBELET_PORT:-10250}; KUBELET_HEALTHZ_PORT=${POD_XRAY_KUBELET_HEALTHZ_PORT:-10248}
CM_PORT=${POD_XRAY_CM_PORT:-10257}; SCHED_PORT=${POD_XRAY_SCHED_PORT:-10259}
BRIDGE=${POD_XRAY_BRIDGE:-pxray0}; POD_CIDR=${POD_XRAY_POD_CIDR:-10.244.0.0/24}
CGROUP_ROOT=${POD_XRAY_CGROUP_ROOT:-/}  # the kubelet's cgroupRoot (kubepods lives below it)
NODE=localhost          # the kubelet refuses a loopback node IP; the name keeps logs/exec on 127.0.0.1
PAUSE_IMAGE=registry.k8s.io/pause:3.10.2
# Gates for what Pod X-Ray shows that 1.37 still ships alpha (off), plus the beta ones our
# scenarios depend on, named so that a version where they change refuses loudly (docs/cluster.md).
FEATURE_GATES=ContainerStopSignals=true,PodLogsQuerySplitStreams=true,ContainerRestartRules=true,RestartAllContainersOnContainerExits=true
KB=$K8S_DIR/bin; CB=$CONTAINERD_DIR/bin
IMG=$POD_XRAY_CACHE/images-$(sha256sum "$REPO/scripts/cluster/pause/pause.c" | cut -c1-12)
CTR="ctr_quiet $CB/ctr -a $D/containerd/containerd.sock -n k8s.io"
ctr_quiet() { "$@" 2> >(grep -v 'DEPRECATION: The support for cgroup v1' >&2); } # ctr repeats it on every call
KUBECTL="$KB/kubectl --kubeconfig=$D/admin.kubeconfig"
APT_PKGS="gcc libc6-dev libseccomp-dev pkg-config busybox-static openssl curl iproute2 psmisc"
PIECES="etcd:$ETCD_DIR containerd:$CONTAINERD_DIR runc:$RUNC_DIR cni:$CNI_DIR kubernetes:$K8S_DIR"

need_go() { # the local-cluster path only: say exactly what is missing
  local min=$GO_MIN
  if [ -z "$GO_BIN" ]; then
    echo "The local cluster builds Kubernetes $K8S_VERSION, containerd, runc, CNI plugins and etcd from Go modules"
    echo "and needs Go >= $min (on PATH or in /usr/local/go) plus the Go module proxy for its first build."
    echo "Go was not found. Pod X-Ray itself needs no Go: \`npm start\` with your own kubeconfig works without it."
    exit 1
  fi
  if [ "$(printf '%s\n%s\n' "$min" "$GO_VERSION" | sort -V | head -1)" != "$min" ]; then
    echo "The local cluster needs Go >= $min to build Kubernetes $K8S_VERSION; $GO_BIN is go$GO_VERSION."; exit 1
  fi
  export PATH=$(dirname "$GO_BIN"):$PATH
}

build() {
  # shellcheck disable=SC2086
  apt_need $APT_PKGS
  local p what dir t0
  for p in $PIECES; do
    what=${p%%:*} dir=${p#*:}
    [ -f "$dir/.ok" ] && continue
    need_go
    say "building $what from Go modules into $dir (log: $dir/build.log)"
    mkdir -p "$dir"; t0=$(date +%s)
    if ! bash "$REPO/scripts/cluster/gomod/build.sh" "$what" "$dir" > "$dir/build.log" 2>&1; then
      tail -25 "$dir/build.log"
      echo "building $what failed (full log: $dir/build.log)."
      if grep -qE 'dial tcp|no such host|proxyconnect|connection refused|i/o timeout|403 Forbidden|404 Not Found|GOPROXY=off|GOFLAGS=-mod=mod|module lookup disabled' "$dir/build.log"; then
        echo "The Go module proxy ($("$GO_BIN" env GOPROXY)) could not be reached or lacks a module: the local cluster's first"
        echo "build needs it. Pod X-Ray itself does not: \`npm start\` with your own kubeconfig works without it."
      fi
      exit 1
    fi
    echo "$what built in $(( $(date +%s) - t0 ))s, $(du -sh "$dir/bin" | cut -f1) of binaries" | tee "$dir/.ok"
  done
  # the compile cache (~4.7 GB after a cold build) is not needed once every piece is built
  if [ -z "${POD_XRAY_KEEP_GOCACHE:-}" ] && [ -d "$POD_XRAY_CACHE/go-build" ] && built_go; then rm -rf "$POD_XRAY_CACHE/go-build"; fi
  [ -f "$IMG/.ok" ] && return 0
  say "images: pause compiled from scripts/cluster/pause/pause.c, busybox-static"
  rm -rf "$IMG"; mkdir -p "$IMG/pause" "$IMG/bb/bin" "$IMG/bb/tmp" "$IMG/bb/etc"
  gcc -Os -static -DVERSION="\"${PAUSE_IMAGE##*:}-pod-xray\"" -o "$IMG/pause/pause" "$REPO/scripts/cluster/pause/pause.c"
  cp /bin/busybox "$IMG/bb/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$IMG/bb/bin/$a"; done
  echo 'root:x:0:0:root:/:/bin/sh' > "$IMG/bb/etc/passwd"
  oci_archive "$IMG/pause" "$PAUSE_IMAGE" "$IMG/pause.tar" '["/pause"]'
  oci_archive "$IMG/bb" docker.io/local/busybox:test "$IMG/busybox.tar" '["/bin/sh"]'
  touch "$IMG/.ok"; say "build done"
}
built_go() { local p; for p in $PIECES; do [ -f "${p#*:}/.ok" ] || return 1; done; }
built() { built_go && [ -f "$IMG/.ok" ]; }

oci_archive() { # ROOTFS REF OUT ENTRYPOINT_JSON -> a single-layer OCI image archive for `ctr images import`
  local rootfs=$1 ref=$2 out=$3 entry=$4 w ld ls cd cs md ms; w=$(mktemp -d); mkdir -p "$w/blobs/sha256"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$w/l" .
  ld=$(sha256sum "$w/l" | cut -d' ' -f1); ls=$(stat -c %s "$w/l"); mv "$w/l" "$w/blobs/sha256/$ld"
  printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":%s,"Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$entry" "$ld" > "$w/c"
  cd=$(sha256sum "$w/c" | cut -d' ' -f1); cs=$(stat -c %s "$w/c"); mv "$w/c" "$w/blobs/sha256/$cd"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' "$cd" "$cs" "$ld" "$ls" > "$w/m"
  md=$(sha256sum "$w/m" | cut -d' ' -f1); ms=$(stat -c %s "$w/m"); mv "$w/m" "$w/blobs/sha256/$md"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' "$md" "$ms" "$ref" "$ref" > "$w/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$w/oci-layout"; tar -C "$w" -cf "$out" oci-layout index.json blobs; rm -rf "$w"
}

PROCS="etcd apiserver controller-manager scheduler containerd kubelet"
running() { [ -f "$D/$1.pid" ] && kill -0 "$(cat "$D/$1.pid")" 2>/dev/null; }
start() { # NAME CMD... in the background, with a pid file and a log
  local n=$1; shift; running "$n" && return 0
  setsid "$@" > "$D/$n.log" 2>&1 < /dev/null & echo $! > "$D/$n.pid"
}
wait_for() { # WHAT PROC CMD...: poll until CMD succeeds, fail fast if PROC died
  local what=$1 proc=$2 i; shift 2
  for i in $(seq 1 600); do "$@" >/dev/null 2>&1 && return 0
    running "$proc" || { echo "$proc exited while waiting for $what:"; tail -20 "$D/$proc.log"; exit 1; }; sleep 0.3; done
  echo "timed out waiting for $what"; tail -20 "$D/$proc.log"; exit 1
}
kubeconfig() { # FILE CONTEXT USER TOKEN [NAMESPACE]
  cat > "$1" <<K
apiVersion: v1
kind: Config
clusters: [{name: pod-xray-local, cluster: {server: "https://127.0.0.1:$API_PORT", insecure-skip-tls-verify: true}}]
users: [{name: $3, user: {token: $4}}]
contexts: [{name: $2, context: {cluster: pod-xray-local, user: $3${5:+, namespace: $5}}}]
current-context: $2
K
  chmod 600 "$1"
}

up() {
  built || build
  # Ctrl-C (or TERM) while starting: take down whatever already started
  trap 'echo; say "interrupted: taking the cluster down"; down; exit 130' INT TERM
  # shellcheck disable=SC2086
  apt_need $APT_PKGS
  # A state dir made by another version (e.g. the 1.20 cluster with etcd 3.4 data, which etcd 3.6
  # refuses) starts over: the scenarios are recreated anyway. Never under a running cluster.
  local stamp="kubernetes $K8S_VERSION etcd $ETCD_VERSION containerd $CONTAINERD_VERSION"
  if [ -d "$D/etcd/member" ] && [ "$(cat "$D/version" 2>/dev/null)" != "$stamp" ]; then
    for p in $PROCS; do running "$p" && { echo "a cluster of another version ($(cat "$D/version" 2>/dev/null || echo 'Kubernetes 1.20')) runs in $D: stop it first with the cluster.sh that started it"; exit 1; }; done
    say "$D holds a cluster of another version: starting from an empty etcd"
    rm -rf "$D/etcd" "$D/containerd" "$D/kubelet" "$D/cni" "$D/pod-logs"
  fi
  mkdir -p "$D/pki" "$D/etcd"; echo "$stamp" > "$D/version"
  { for v in POD_XRAY_API_PORT:$API_PORT POD_XRAY_ETCD_PORT:$ETCD_PORT POD_XRAY_KUBELET_PORT:$KUBELET_PORT \
        POD_XRAY_KUBELET_HEALTHZ_PORT:$KUBELET_HEALTHZ_PORT POD_XRAY_CM_PORT:$CM_PORT POD_XRAY_SCHED_PORT:$SCHED_PORT \
        POD_XRAY_BRIDGE:$BRIDGE POD_XRAY_POD_CIDR:$POD_CIDR POD_XRAY_CGROUP_ROOT:$CGROUP_ROOT; do
      echo ": \"\${${v%%:*}:=${v#*:}}\""; done
    echo "APISERVER_ONLY=${NO_KUBELET:-}"; } > "$D/cluster.env"  # apiserver-restart keeps the mode
  [ -f "$D/pki/sa.key" ] || { openssl genrsa -out "$D/pki/sa.key" 2048 2>/dev/null; openssl rsa -in "$D/pki/sa.key" -pubout -out "$D/pki/sa.pub" 2>/dev/null; }
  [ -f "$D/pki/admin.token" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$D/pki/admin.token"
  [ -f "$D/pki/dev.token" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$D/pki/dev.token"
  { echo "$(cat "$D/pki/admin.token"),admin,admin-uid,\"system:masters\""; echo "$(cat "$D/pki/dev.token"),dev,dev-uid"; } > "$D/pki/tokens.csv"
  chmod 600 "$D"/pki/*.key "$D"/pki/*.token "$D/pki/tokens.csv"
  say "etcd $ETCD_VERSION on 127.0.0.1:$ETCD_PORT"
  start etcd "$ETCD_DIR/bin/etcd" --name pod-xray --data-dir "$D/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT+1))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT+1))" \
    --initial-cluster "pod-xray=http://127.0.0.1:$((ETCD_PORT+1))" --listen-metrics-urls "http://127.0.0.1:$((ETCD_PORT+2))"
  wait_for etcd etcd curl -sf "http://127.0.0.1:$ETCD_PORT/health"
  apiserver
  kubeconfig "$D/admin.kubeconfig" pod-xray-local admin "$(cat "$D/pki/admin.token")" demo # the scenarios live in demo
  kubeconfig "$D/restricted.kubeconfig" pod-xray-restricted dev "$(cat "$D/pki/dev.token")" demo
  $KUBECTL apply -f "$REPO/scripts/cluster/base.yaml" >/dev/null
  # Pods left in etcd by an earlier run would be deleted under the new scenarios' feet: remove
  # them before the kubelet starts (their Deployments/Jobs make new ones).
  $KUBECTL delete pods -A --field-selector spec.nodeName=$NODE --grace-period=0 --force --wait=false >/dev/null 2>&1 || true
  # a finished Job whose pod went with them would never run again: the scenarios recreate it
  $KUBECTL delete jobs --all -n demo --wait=false >/dev/null 2>&1 || true
  if [ -z "${NO_KUBELET:-}" ]; then controllers; node_up; fi
  if [ -z "${NO_SCENARIOS:-}" ] && [ -z "${NO_KUBELET:-}" ]; then scenarios; fi
  trap - INT TERM
  status
}

apiserver() { # (re)start kube-apiserver; also used by the fault tests
  local sa_admission=() # apiserver only: no controller makes default ServiceAccounts
  [ -n "${NO_KUBELET:-}${APISERVER_ONLY:-}" ] && sa_admission=(--disable-admission-plugins=ServiceAccount)
  say "kube-apiserver $K8S_VERSION on 127.0.0.1:$API_PORT"
  start apiserver "$KB/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
    --cert-dir="$D/pki/apiserver" --token-auth-file="$D/pki/tokens.csv" --authorization-mode=RBAC \
    --service-account-key-file="$D/pki/sa.pub" --service-account-signing-key-file="$D/pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc --service-cluster-ip-range=10.96.0.0/16 \
    --endpoint-reconciler-type=none "${sa_admission[@]}" --feature-gates="$FEATURE_GATES" \
    --kubelet-preferred-address-types=Hostname --event-ttl=2h
  wait_for kube-apiserver apiserver sh -c "[ \"\$(curl -sk -H 'Authorization: Bearer $(cat "$D/pki/admin.token")' https://127.0.0.1:$API_PORT/readyz)\" = ok ]"
}

controllers() {
  say "kube-controller-manager (127.0.0.1:$CM_PORT) and kube-scheduler (127.0.0.1:$SCHED_PORT)"
  # taint-eviction off: the ghost namespace's pods sit on a NotReady node on purpose and must stay
  # the apiserver's self-signed apiserver.crt holds its serving cert, then the CA that signed it:
  # the CA alone is the root CA that pods get in kube-root-ca.crt (and in the ClusterTrustBundle)
  awk '/BEGIN CERTIFICATE/ {b = ""} {b = b $0 "\n"} /END CERTIFICATE/ {last = b} END {printf "%s", last}' \
    "$D/pki/apiserver/apiserver.crt" > "$D/pki/ca.crt"
  start controller-manager "$KB/kube-controller-manager" --kubeconfig="$D/admin.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$CM_PORT" --cert-dir="$D/pki/controller-manager" --leader-elect=false \
    --service-account-private-key-file="$D/pki/sa.key" --root-ca-file="$D/pki/ca.crt" \
    --use-service-account-credentials --controllers='*,-taint-eviction-controller' --feature-gates="$FEATURE_GATES"
  start scheduler "$KB/kube-scheduler" --kubeconfig="$D/admin.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --cert-dir="$D/pki/scheduler" --leader-elect=false \
    --feature-gates="$FEATURE_GATES"
  wait_for "the default ServiceAccounts" controller-manager $KUBECTL get serviceaccount default -n demo
  wait_for "the default ServiceAccounts" controller-manager $KUBECTL get serviceaccount default -n ghost
}

cgroup_dirs() { # the v1 controller directories of our cgroupRoot (none when it is /)
  [ "$CGROUP_ROOT" = / ] && return 0
  local c; for c in /sys/fs/cgroup/*/; do [ -L "${c%/}" ] || [ ! -f "$c/cgroup.procs" ] || echo "${c%/}$CGROUP_ROOT"; done
}

node_up() {
  mkdir -p "$D/containerd" "$D/cni/net.d" "$D/kubelet/root" "$D/pod-logs"
  cat > "$D/containerd/config.toml" <<C
# containerd 2.4 (config version 4; the CRI plugin is split into cri.v1.images and cri.v1.runtime
# since version 3, the servers are plugins since version 4). No imports from /etc.
version = 4
root = "$D/containerd/root"
state = "$D/containerd/state"
imports = []
[plugins.'io.containerd.server.v1.grpc']
  address = "$D/containerd/containerd.sock"
[plugins.'io.containerd.server.v1.ttrpc']
  address = "$D/containerd/containerd.sock.ttrpc"
[plugins.'io.containerd.internal.v1.opt']
  path = "$D/containerd/opt"
[plugins.'io.containerd.nri.v1.nri']
  disable = true
[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = '127.0.0.1'
  stream_server_port = '0'
[plugins.'io.containerd.cri.v1.images']
  snapshotter = 'overlayfs'
  # the kubelet lost --pod-infra-container-image: the sandbox image is named here, and pinned
  # images are never removed by the kubelet's image GC
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = '$PAUSE_IMAGE'
[plugins.'io.containerd.cri.v1.runtime']
  # root here lacks CAP_SYS_RESOURCE: the pause container's oom_score_adj -998 would make runc fail
  restrict_oom_score_adj = true
  # pod network namespaces under our state dir (not /run/netns): down removes exactly ours
  netns_mounts_under_state_dir = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
    runtime_type = 'io.containerd.runc.v2'
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
      BinaryName = '$RUNC_DIR/bin/runc'
      Root = '$D/containerd/runc'
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ['$CNI_DIR/bin']
    conf_dir = '$D/cni/net.d'
C
  cat > "$D/cni/net.d/10-pod-xray.conflist" <<N
{"cniVersion":"1.0.0","name":"pod-xray","plugins":[
 {"type":"bridge","bridge":"$BRIDGE","isGateway":true,"ipMasq":false,
  "ipam":{"type":"host-local","ranges":[[{"subnet":"$POD_CIDR"}]],"dataDir":"$D/cni/ipam"}}]}
N
  say "containerd $CONTAINERD_VERSION, runc $RUNC_VERSION"
  start containerd env PATH="$CB:$RUNC_DIR/bin:$PATH" "$CB/containerd" --config "$D/containerd/config.toml"
  wait_for containerd containerd $CTR version
  $CTR images import "$IMG/pause.tar" >/dev/null; $CTR images import "$IMG/busybox.tar" >/dev/null
  local d; for d in $(cgroup_dirs); do mkdir -p "$d"; done
  cat > "$D/kubelet/config.yaml" <<Y
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
containerRuntimeEndpoint: unix://$D/containerd/containerd.sock
podLogsDir: $D/pod-logs
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
# This machine runs cgroup v1 (hybrid): kubelets >= 1.35 refuse to start there unless told
# failCgroupV1: false (cgroup v1 is deprecated upstream; the node reports a warning event).
failCgroupV1: false
failSwapOn: false
authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}
authorization: {mode: AlwaysAllow}
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
featureGates: {$(echo "$FEATURE_GATES" | sed 's/=/: /g; s/,/, /g')}
Y
  # Loopback only: no cloud credential provider may probe the metadata address; make it
  # unroutable before the kubelet starts (AWS_EC2_METADATA_DISABLED for good measure).
  ip route replace prohibit 169.254.169.254/32 2>/dev/null || true
  say "kubelet $K8S_VERSION (node $NODE, port $KUBELET_PORT)"
  start kubelet env AWS_EC2_METADATA_DISABLED=true "$KB/kubelet" --config="$D/kubelet/config.yaml" \
    --kubeconfig="$D/admin.kubeconfig" --hostname-override=$NODE --root-dir="$D/kubelet/root" --cert-dir="$D/kubelet/pki"
  wait_for "node Ready" kubelet sh -c "$KUBECTL get node $NODE | grep -q ' Ready'"
}

scenarios() {
  say "scenario workloads (namespace demo)"
  if [ "${1:-}" = --fresh ]; then # start from restart count 0 so crash back-off is short again
    $KUBECTL delete jobs --all -n demo --wait=true >/dev/null 2>&1 || true
    $KUBECTL delete pods --all -n demo --grace-period=1 --wait=true >/dev/null 2>&1 || true
  fi
  $KUBECTL apply -f "$REPO/scripts/cluster/scenarios.yaml" >/dev/null
  node "$REPO/scripts/cluster/api-scenarios.mjs" "$D/admin.kubeconfig"
}

down() {
  if running kubelet || running containerd; then
    # Only pods on this node have containers here (the bench and API scenarios use other nodes).
    # Controllers first, so nothing recreates what is being deleted.
    for p in controller-manager scheduler; do [ -f "$D/$p.pid" ] && kill "$(cat "$D/$p.pid")" 2>/dev/null || true; done
    running apiserver && { $KUBECTL delete pods -A --field-selector spec.nodeName=$NODE --grace-period=1 --wait=false >/dev/null 2>&1 || true; sleep 3
                           $KUBECTL delete pods -A --field-selector spec.nodeName=$NODE --grace-period=0 --force --wait=false >/dev/null 2>&1 || true; }
    [ -f "$D/kubelet.pid" ] && kill "$(cat "$D/kubelet.pid")" 2>/dev/null || true
  fi
  if running containerd; then
    for c in $($CTR tasks ls -q 2>/dev/null); do $CTR tasks kill -s KILL "$c" 2>/dev/null || true; done; sleep 1
    for c in $($CTR containers ls -q 2>/dev/null); do $CTR tasks rm -f "$c" >/dev/null 2>&1 || true; $CTR containers rm "$c" >/dev/null 2>&1 || true; done
  fi
  local p pid
  for p in kubelet controller-manager scheduler containerd apiserver etcd; do
    if [ -f "$D/$p.pid" ]; then
      pid=$(cat "$D/$p.pid"); kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true; rm -f "$D/$p.pid"
    fi
  done
  # runc shims of killed sandboxes can outlive containerd, and a lost pid file must not leave a
  # process behind: end whatever still runs with OUR state dir or ports in its command line
  while read -r p; do for pid in $(pgrep -f "$p" 2>/dev/null || true); do kill -9 "$pid" 2>/dev/null || true; done; done < <(our_procs)
  # network namespaces (under our state dir) and mounts (sandbox shm, kubelet volumes) outlive the processes
  awk -v d="$D" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  ip link del "$BRIDGE" 2>/dev/null || true
  # the kubelet's symlinks to our pod logs, libcni's cached results for our pods' network
  # namespaces (both in fixed host paths), and our cgroup tree (deepest first)
  find /var/log/containers -maxdepth 1 -type l -lname "$D/*" -delete 2>/dev/null || true
  cni_results | xargs -r rm -f
  for d in $(cgroup_dirs); do [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true; done
  rm -rf "$D/containerd/state" "$D/containerd/runc" "$D/kubelet/root/pods" "$D/cni/ipam" "$D/cluster.env"
  say "cluster down"
}

status() {
  local p
  for p in $PROCS; do
    if running $p; then echo "  $p: running (pid $(cat "$D/$p.pid"))"; else echo "  $p: stopped"; fi
  done
  if running apiserver; then
    echo "  admin kubeconfig:      $D/admin.kubeconfig"
    echo "  restricted kubeconfig: $D/restricted.kubeconfig (user dev, namespace demo only)"
    $KUBECTL get pods -n demo -o wide 2>/dev/null | sed 's/^/    /' || true
  fi
}

cni_results() { grep -lsF "$D/containerd/state/" /var/lib/cni/results/* 2>/dev/null || true; } # ours name our netns
our_procs() { # command-line patterns of exactly this cluster's processes (its state dir, its ports)
  printf '%s\n' "$KB/kube-apiserver .*--secure-port=$API_PORT" "$KB/kube-controller-manager .*--secure-port=$CM_PORT" \
    "$KB/kube-scheduler .*--secure-port=$SCHED_PORT" "$KB/kubelet .*--root-dir=$D/" "etcd --name pod-xray --data-dir $D/" \
    "containerd --config $D/" "containerd-shim-runc-v2 .*-address $D/"
}

leftovers() { # what `down` must not leave behind: processes, mounts, bridge, netns, cgroups (prints them; exit 1 if any)
  local found=0 p
  for p in $PROCS; do [ -f "$D/$p.pid" ] && { echo "pid file $D/$p.pid"; found=1; }; done
  while read -r p; do
    pgrep -f "$p" >/dev/null 2>&1 && { echo "process: $(pgrep -af "$p" | head -3)"; found=1; }
  done < <(our_procs)
  awk -v d="$D" 'index($2, d) == 1 {print "mount: " $2}' /proc/mounts | head -5 | grep . && found=1
  ip link show "$BRIDGE" >/dev/null 2>&1 && { echo "bridge $BRIDGE"; found=1; }
  find /var/log/containers -maxdepth 1 -type l -lname "$D/*" 2>/dev/null | head -3 | sed 's/^/log link: /' | grep . && found=1
  cni_results | head -3 | sed 's/^/cni cache: /' | grep . && found=1
  for p in $(cgroup_dirs); do [ -d "$p" ] && { echo "cgroup $p"; found=1; }; done
  return $found
}

kill_sandbox() { # POD [NS]: kill the RUNNING pause process so the kubelet must build a new sandbox
  local pod=$1 ns=${2:-demo} id ids running=()
  ids=$($CTR containers ls -q "labels.\"io.cri-containerd.kind\"==sandbox,labels.\"io.kubernetes.pod.name\"==$pod,labels.\"io.kubernetes.pod.namespace\"==$ns")
  # after a recreation the dead sandbox stays listed beside the new one: only a RUNNING task counts
  for id in $ids; do
    [ "$($CTR tasks ls 2>/dev/null | awk -v i="$id" '$1 == i {print $3}')" = RUNNING ] && running+=("$id")
  done
  if [ ${#running[@]} -eq 0 ]; then
    echo "no running sandbox for $ns/$pod (sandboxes known to containerd: ${ids:-none})" >&2; exit 1
  fi
  [ ${#running[@]} -gt 1 ] && echo "warning: ${#running[@]} running sandboxes for $ns/$pod, killing all" >&2
  for id in "${running[@]}"; do $CTR tasks kill -s KILL "$id"; echo "$id"; done
  echo "killed the running sandbox of $ns/$pod: ${running[*]}" >&2
}

case "${1:-status}" in
  build) build ;; up) up ;; down) down ;; status) status ;; scenarios) shift; scenarios "$@" ;;
  running) running apiserver && { [ -n "${NO_KUBELET:-}" ] || running kubelet; } ;;
  leftovers) leftovers ;;
  apiserver-restart) [ -f "$D/apiserver.pid" ] && { kill "$(cat "$D/apiserver.pid")"; sleep 1; rm -f "$D/apiserver.pid"; }; apiserver ;;
  apiserver-stop|apiserver-kill) # stop gracefully, or kill -9 (fault tests)
    if [ -f "$D/apiserver.pid" ]; then
      pid=$(cat "$D/apiserver.pid"); kill "$([ "$1" = apiserver-kill ] && echo -9 || echo -TERM)" "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; kill -9 "$pid" 2>/dev/null || true; rm -f "$D/apiserver.pid"
    fi ;;
  apiserver-start) apiserver ;;
  kill-sandbox) shift; kill_sandbox "$@" ;;
  ctr) shift; $CTR "$@" ;; # the runtime's own view (tests compare what Pod X-Ray shows with it)
  env) echo "export POD_XRAY_CLUSTER=$D KUBECTL_BIN=$KB/kubectl POD_XRAY_ETCD_PORT=$ETCD_PORT POD_XRAY_API_PORT=$API_PORT" ;;
  *) echo "usage: $0 build|up|down|status|running|leftovers|env|scenarios [--fresh]|kill-sandbox POD [NS]|ctr ARGS...|apiserver-restart|apiserver-stop|apiserver-kill|apiserver-start"; exit 2 ;;
esac
