#!/usr/bin/env bash
# Builds the local node's pieces from Go modules, each in its own scratch module (so their
# dependency versions never fight), cached outside the repo keyed by version:
#   build.sh kubernetes|etcd|containerd|runc|cni OUTDIR
# Everything comes through the Go module proxy as Go modules; nothing prebuilt is downloaded.
# Sourced versions: scripts/lib.sh.
set -euo pipefail
cd "$(dirname "$0")/../../.." && . scripts/lib.sh
what=$1 out=$2
mkdir -p "$out/bin" "$out/mod"
cd "$out/mod"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off
export GOCACHE=${GOCACHE_POD_XRAY:-$POD_XRAY_CACHE/go-build}   # shared compile cache: reruns reuse it
scratch() { # MODULE-NAME: a fresh go.mod for this build
  rm -f go.mod go.sum; printf 'module pod-xray.local/build/%s\n\ngo %s\n' "$1" "$(go env GOVERSION | sed 's/^go//; s/^\([0-9]*\.[0-9]*\).*/\1/').0" > go.mod
}
case $what in
kubernetes)
  scratch kubernetes
  go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" > kube.json
  kmod=$(sed -n 's/^\s*"GoMod": "\(.*\)",\?$/\1/p' kube.json)
  # k8s.io/kubernetes points its k8s.io/* staging modules at ./staging/...: replace each with
  # the published v0.<minor>.<patch> release (the list comes from kubernetes' own go.mod).
  stag=v0.${K8S_VERSION#*.}
  { echo "require k8s.io/kubernetes v$K8S_VERSION"; echo 'replace ('
    awk '$1 ~ /^k8s\.io\// && $2 == "=>" && $3 ~ /^\.\/staging\// {print "\t" $1 " => " $1 " '"$stag"'"}' "$kmod"
    echo ')'; } >> go.mod
  grep -c '=>' go.mod | sed 's/^/staging replaces: /'
  pkgs=""; for c in kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl; do pkgs="$pkgs k8s.io/kubernetes/cmd/$c"; done
  go get $pkgs
  V=v$K8S_VERSION MAJ=${K8S_VERSION%%.*} MIN=${K8S_VERSION#*.}; MIN=${MIN%%.*}
  # the module proxy knows the release time, not the commit: gitCommit stays unset as in any go build
  when=$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$(sed -n 's/^\s*"Info": "\(.*\)",\?$/\1/p' kube.json)")
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$V -X $p.gitMajor=$MAJ -X $p.gitMinor=$MIN -X $p.gitTreeState=clean -X $p.buildDate=${when:-1970-01-01T00:00:00Z}"
  done
  # one go build for all five binaries: they share most of their compile work
  CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$out/bin/" $pkgs
  ;;
etcd) # etcd 3.6's server module carries the etcd main package
  scratch etcd; go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/bin/etcd" go.etcd.io/etcd/server/v3
  ;;
containerd)
  P=github.com/containerd/containerd/v2
  scratch containerd; go get "$P@v$CONTAINERD_VERSION"
  # no cgo: no btrfs snapshotter (we use overlayfs), a static daemon, shim and ctr
  CGO_ENABLED=0 go build -trimpath -tags "urfave_cli_no_docs" \
    -ldflags "-s -w -X $P/version.Version=v$CONTAINERD_VERSION -X $P/version.Package=$P" \
    -o "$out/bin/" $P/cmd/containerd $P/cmd/containerd-shim-runc-v2 $P/cmd/ctr
  ;;
runc) # cgo (nsenter) + libseccomp from Debian; not the libpathrs tag (that needs a Rust library)
  scratch runc; go get "github.com/opencontainers/runc@v$RUNC_VERSION"
  CGO_ENABLED=1 go build -trimpath -tags "seccomp urfave_cli_no_docs" \
    -ldflags "-s -w -X main.version=$RUNC_VERSION" -o "$out/bin/runc" github.com/opencontainers/runc
  ;;
cni)
  P=github.com/containernetworking/plugins
  scratch cni; go get "$P@v$CNI_VERSION"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X $P/pkg/utils/buildversion.BuildVersion=v$CNI_VERSION" \
    -o "$out/bin/" $P/plugins/main/bridge $P/plugins/main/loopback $P/plugins/ipam/host-local $P/plugins/meta/portmap
  ;;
*) echo "unknown: $what"; exit 2 ;;
esac
