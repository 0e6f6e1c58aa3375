#!/usr/bin/env bash
# A real one-node Kubernetes 1.20.2 on loopback, built only from Debian packages:
# etcd + kube-apiserver + containerd/runc/CNI bridge + kubelet, a pause image compiled from the
# same source tree, and a busybox app image.
#   cluster.sh build    apt deps + Debian kubernetes source + Go 1.19 build (cached by version)
#   cluster.sh up       build if needed, start everything, write kubeconfigs, apply scenarios
#   cluster.sh down     stop exactly what `up` started, remove its bridge and mounts
#   cluster.sh status   what runs, where the kubeconfigs are
#   cluster.sh kill-sandbox POD [NS]   kill a pod's pause process through containerd
# Env: POD_XRAY_CACHE, POD_XRAY_CLUSTER (state dir), NO_KUBELET=1 (apiserver only),
#      POD_XRAY_API_PORT (16443), POD_XRAY_ETCD_PORT (12379), NO_SCENARIOS=1
set -euo pipefail
cd "$(dirname "$0")/.." && REPO=$PWD && . scripts/lib.sh
D=${POD_XRAY_CLUSTER:-/var/tmp/pod-xray-cluster}
API_PORT=${POD_XRAY_API_PORT:-16443}; ETCD_PORT=${POD_XRAY_ETCD_PORT:-12379}
NODE=localhost          # the kubelet refuses a loopback node IP; the name keeps logs/exec on 127.0.0.1
BRIDGE=pxray0
B=$K8S_DIR/bin
CTR="ctr -a $D/containerd/containerd.sock -n k8s.io"
KUBECTL="$B/kubectl --kubeconfig=$D/admin.kubeconfig"
APT_PKGS="etcd-server etcd-client golang-1.19-go rsync make openssl curl jq containerd runc
  containernetworking-plugins busybox-static gcc libc6-dev iproute2 psmisc"

build() {
  # shellcheck disable=SC2086
  apt_need $APT_PKGS
  [ -f "$B/.ok" ] && { say "kubernetes $K8S_VERSION already built in $B"; return; }
  local S=$K8S_DIR/src; mkdir -p "$S" "$B"
  if ! [ -d "$S/kubernetes-$K8S_VERSION" ]; then
    # deb-src derived from the machine's own Debian sources (no host names written by us)
    if ! ls /etc/apt/sources.list.d/*src* >/dev/null 2>&1 && ! grep -qs '^deb-src' /etc/apt/sources.list; then
      if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > /etc/apt/sources.list.d/pod-xray-src.sources
      else
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/pod-xray-src.list
      fi
      apt-get update -qq
    fi
    say "fetching Debian's kubernetes source package"
    (cd "$S" && { apt-get source --download-only "kubernetes=1.20.5+really$K8S_VERSION-1.1+deb12u1" >/dev/null 2>&1 \
                  || apt-get source --download-only kubernetes >/dev/null; } \
             && tar xzf "kubernetes_1.20.5+really$K8S_VERSION.orig.tar.gz")
  fi
  say "building kube-apiserver, kubelet, kubectl with Go $GO_VERSION (~8 min cold on 2 cores)"
  (cd "$S/kubernetes-$K8S_VERSION" && PATH=/usr/lib/go-$GO_VERSION/bin:$PATH CGO_ENABLED=0 GOPROXY=off \
     HOME=${HOME:-/root} GOFLAGS= make WHAT="cmd/kube-apiserver cmd/kubelet cmd/kubectl" > "$K8S_DIR/build.log" 2>&1) \
     || { tail -30 "$K8S_DIR/build.log"; exit 1; }
  cp "$S/kubernetes-$K8S_VERSION"/_output/bin/{kube-apiserver,kubelet,kubectl} "$B/"
  say "images: pause compiled from the same tree, busybox-static"
  rm -rf "$B/img"; mkdir -p "$B/img/pause" "$B/img/bb/bin" "$B/img/bb/tmp" "$B/img/bb/etc"
  gcc -Os -static -DVERSION=3.4.1-pod-xray -o "$B/img/pause/pause" "$S/kubernetes-$K8S_VERSION/build/pause/linux/pause.c"
  cp /bin/busybox "$B/img/bb/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$B/img/bb/bin/$a"; done
  echo 'root:x:0:0:root:/:/bin/sh' > "$B/img/bb/etc/passwd"
  oci_archive "$B/img/pause" registry.k8s.io/pause:3.9 "$B/img/pause.tar" '["/pause"]'
  oci_archive "$B/img/bb" docker.io/local/busybox:test "$B/img/busybox.tar" '["/bin/sh"]'
  touch "$B/.ok"; say "build done"
}

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
  [ -f "$B/.ok" ] || build
  # shellcheck disable=SC2086
  apt_need $APT_PKGS
  mkdir -p "$D/pki" "$D/etcd"
  [ -f "$D/pki/sa.key" ] || { openssl genrsa -out "$D/pki/sa.key" 2048 2>/dev/null; openssl rsa -in "$D/pki/sa.key" -pubout -out "$D/pki/sa.pub" 2>/dev/null; }
  [ -f "$D/pki/admin.token" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$D/pki/admin.token"
  [ -f "$D/pki/dev.token" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$D/pki/dev.token"
  { echo "$(cat "$D/pki/admin.token"),admin,admin-uid,\"system:masters\""; echo "$(cat "$D/pki/dev.token"),dev,dev-uid"; } > "$D/pki/tokens.csv"
  chmod 600 "$D"/pki/*
  say "etcd on 127.0.0.1:$ETCD_PORT"
  start etcd etcd --name pod-xray --data-dir "$D/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT+1))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT+1))" \
    --initial-cluster "pod-xray=http://127.0.0.1:$((ETCD_PORT+1))" --listen-metrics-urls "http://127.0.0.1:$((ETCD_PORT+2))"
  wait_for etcd etcd curl -sf "http://127.0.0.1:$ETCD_PORT/health"
  apiserver
  kubeconfig "$D/admin.kubeconfig" pod-xray-local admin "$(cat "$D/pki/admin.token")" demo # the scenarios live in demo
  kubeconfig "$D/restricted.kubeconfig" pod-xray-restricted dev "$(cat "$D/pki/dev.token")" demo
  $KUBECTL apply -f "$REPO/scripts/cluster/base.yaml" >/dev/null
  # Pods left in etcd by an earlier run (no kubelet ran to finish them) would be deleted under
  # the new scenarios' feet: remove them before the kubelet starts.
  $KUBECTL delete pods -A --field-selector spec.nodeName=$NODE --grace-period=0 --force --wait=false >/dev/null 2>&1 || true
  if [ -z "${NO_KUBELET:-}" ]; then node_up; fi
  if [ -z "${NO_SCENARIOS:-}" ] && [ -z "${NO_KUBELET:-}" ]; then scenarios; fi
  status
}

apiserver() { # (re)start kube-apiserver; also used by the fault tests
  say "kube-apiserver on 127.0.0.1:$API_PORT"
  start apiserver "$B/kube-apiserver" --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" --insecure-port=0 \
    --cert-dir="$D/pki/apiserver" --token-auth-file="$D/pki/tokens.csv" --authorization-mode=RBAC \
    --service-account-key-file="$D/pki/sa.pub" --service-account-signing-key-file="$D/pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc --service-cluster-ip-range=10.96.0.0/16 \
    --endpoint-reconciler-type=none --disable-admission-plugins=ServiceAccount \
    --kubelet-preferred-address-types=Hostname --event-ttl=2h
  wait_for kube-apiserver apiserver sh -c "[ \"\$(curl -sk -H 'Authorization: Bearer $(cat "$D/pki/admin.token")' https://127.0.0.1:$API_PORT/readyz)\" = ok ]"
}

node_up() {
  mkdir -p "$D/containerd" "$D/cni/net.d" "$D/kubelet/root"
  cat > "$D/containerd/config.toml" <<C
version = 2
root = "$D/containerd/root"
state = "$D/containerd/state"
[grpc]
  address = "$D/containerd/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.9"
  # root here lacks CAP_SYS_RESOURCE: the pause container's oom_score_adj -998 would make runc fail
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$D/cni/net.d"
C
  cat > "$D/cni/net.d/10-pod-xray.conflist" <<N
{"cniVersion":"0.4.0","name":"pod-xray","plugins":[
 {"type":"bridge","bridge":"$BRIDGE","isGateway":true,"ipMasq":false,
  "ipam":{"type":"host-local","ranges":[[{"subnet":"10.244.0.0/24"}]],"dataDir":"$D/cni/ipam"}},
 {"type":"portmap","capabilities":{"portMappings":true}}]}
N
  say "containerd"
  start containerd containerd --config "$D/containerd/config.toml"
  wait_for containerd containerd $CTR version
  $CTR images import "$B/img/pause.tar" >/dev/null; $CTR images import "$B/img/busybox.tar" >/dev/null
  cat > "$D/kubelet/config.yaml" <<Y
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
cgroupDriver: cgroupfs
failSwapOn: false
authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}
authorization: {mode: AlwaysAllow}
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
Y
  # Loopback only: the 1.20 kubelet's in-tree ECR provider would probe the cloud metadata
  # address; disable it and make that address unroutable before the kubelet starts.
  ip route replace prohibit 169.254.169.254/32 2>/dev/null || true
  say "kubelet (node $NODE)"
  start kubelet env AWS_EC2_METADATA_DISABLED=true "$B/kubelet" --config="$D/kubelet/config.yaml" \
    --kubeconfig="$D/admin.kubeconfig" --container-runtime=remote \
    --container-runtime-endpoint="unix://$D/containerd/containerd.sock" \
    --hostname-override=$NODE --root-dir="$D/kubelet/root" --cert-dir="$D/kubelet/pki"
  wait_for "node Ready" kubelet sh -c "$KUBECTL get node $NODE | grep -q ' Ready'"
}

scenarios() {
  say "scenario pods (namespace demo)"
  if [ "${1:-}" = --fresh ]; then # start from restart count 0 so crash back-off is short again
    $KUBECTL delete pods --all -n demo --grace-period=1 --wait=true >/dev/null 2>&1 || true
  fi
  $KUBECTL apply -f "$REPO/scripts/cluster/scenarios.yaml" >/dev/null
  node "$REPO/scripts/cluster/api-scenarios.mjs" "$D/admin.kubeconfig"
}

down() {
  if running kubelet || running containerd; then
    # Only pods on this node have containers here (the bench and API scenarios use other nodes).
    running apiserver && { $KUBECTL delete pods -A --field-selector spec.nodeName=$NODE --grace-period=1 --wait=false >/dev/null 2>&1 || true; sleep 3
                           $KUBECTL delete pods -A --field-selector spec.nodeName=$NODE --grace-period=0 --force --wait=false >/dev/null 2>&1 || true; }
    [ -f "$D/kubelet.pid" ] && kill "$(cat "$D/kubelet.pid")" 2>/dev/null || true
  fi
  if running containerd; then
    for c in $($CTR tasks ls -q 2>/dev/null); do $CTR tasks kill -s KILL "$c" 2>/dev/null || true; done; sleep 1
    for c in $($CTR containers ls -q 2>/dev/null); do $CTR tasks rm -f "$c" >/dev/null 2>&1 || true; $CTR containers rm "$c" >/dev/null 2>&1 || true; done
  fi
  for p in kubelet containerd apiserver etcd; do
    if [ -f "$D/$p.pid" ]; then
      pid=$(cat "$D/$p.pid"); kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true; rm -f "$D/$p.pid"
    fi
  done
  # runc shims of killed sandboxes can outlive containerd: end those rooted in our state dir
  pkill -f "containerd-shim.*-address $D/" 2>/dev/null || true
  # network namespaces and mounts (sandbox shm, kubelet volumes) outlive the processes
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^cni-' || true); do ip netns delete "$ns" 2>/dev/null || true; done
  awk -v d="$D" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  awk '$2 ~ "^/run/netns/cni-" {print $2}' /proc/mounts | while read -r m; do umount "$m" 2>/dev/null || true; rm -f "$m"; done
  ip link del $BRIDGE 2>/dev/null || true
  rm -rf "$D/containerd/state" "$D/kubelet/root/pods" "$D/cni/ipam"
  say "cluster down"
}

status() {
  local p
  for p in etcd apiserver containerd kubelet; do
    if running $p; then echo "  $p: running (pid $(cat "$D/$p.pid"))"; else echo "  $p: stopped"; fi
  done
  if running apiserver; then
    echo "  admin kubeconfig:      $D/admin.kubeconfig"
    echo "  restricted kubeconfig: $D/restricted.kubeconfig (user dev, namespace demo only)"
    $KUBECTL get pods -n demo -o wide 2>/dev/null | sed 's/^/    /' || true
  fi
}

leftovers() { # what `down` must not leave behind: processes, mounts, bridge, netns (prints them; exit 1 if any)
  local found=0 p
  for p in etcd apiserver containerd kubelet; do [ -f "$D/$p.pid" ] && { echo "pid file $D/$p.pid"; found=1; }; done
  for p in "$B/kube-apiserver" "$B/kubelet" "etcd --name pod-xray" "containerd --config $D" "containerd-shim.*$D"; do
    pgrep -f "$p" >/dev/null 2>&1 && { echo "process: $(pgrep -af "$p" | head -3)"; found=1; }
  done
  awk -v d="$D" 'index($2, d) == 1 {print "mount: " $2}' /proc/mounts | head -5 | grep . && found=1
  ip link show $BRIDGE >/dev/null 2>&1 && { echo "bridge $BRIDGE"; found=1; }
  ip netns list 2>/dev/null | grep -q '^cni-' && { echo "netns: $(ip netns list | grep '^cni-' | head -3)"; found=1; }
  return $found
}

kill_sandbox() { # POD [NS]: kill the pause process so the kubelet must build a new sandbox
  local pod=$1 ns=${2:-demo} id
  id=$($CTR containers ls -q "labels.\"io.cri-containerd.kind\"==sandbox,labels.\"io.kubernetes.pod.name\"==$pod,labels.\"io.kubernetes.pod.namespace\"==$ns" | head -1)
  [ -n "$id" ] || { echo "no sandbox found for $ns/$pod"; exit 1; }
  $CTR tasks kill -s KILL "$id"
  echo "$id"
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
  env) echo "export POD_XRAY_CLUSTER=$D KUBECTL_BIN=$B/kubectl POD_XRAY_ETCD_PORT=$ETCD_PORT POD_XRAY_API_PORT=$API_PORT" ;;
  *) echo "usage: $0 build|up|down|status|scenarios|kill-sandbox POD [NS]|apiserver-restart"; exit 2 ;;
esac
