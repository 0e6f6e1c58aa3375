// API-level scenarios for what a 1.20 kubelet cannot produce: pods bound to a node no kubelet
// serves ("ghost-node"), whose status we write through the status subresource exactly as a
// newer kubelet would (PodReadyToStartContainers, sidecar-style init statuses, hostNetwork).
// Usage: node api-scenarios.mjs KUBECONFIG
import * as k8s from '@kubernetes/client-node';

const kc = new k8s.KubeConfig();
kc.loadFromFile(process.argv[2]);
const core = kc.makeApiClient(k8s.CoreV1Api);
const NS = 'ghost', NODE = 'ghost-node', IMG = 'docker.io/local/busybox:test';
const now = Date.now();
const t = (s) => new Date(now - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const cond = (type, status, s) => ({ type, status, lastTransitionTime: t(s) });
const running = (name, id, s, extra = {}) => ({ name, image: IMG, imageID: 'sha256:0b1ee7', containerID: `containerd://${id}`,
  ready: true, started: true, restartCount: 0, state: { running: { startedAt: t(s) } }, ...extra });

async function ensureNode() {
  const body = { metadata: { name: NODE, labels: { 'pod-xray/scenario': 'ghost-node' } } };
  await core.createNode({ body }).catch(e => { if (e.code !== 409) throw e; });
  const node = await core.readNodeStatus({ name: NODE });
  node.status = {
    nodeInfo: { containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.31.0', osImage: 'Debian GNU/Linux 12',
      architecture: 'amd64', operatingSystem: 'linux', kernelVersion: '6.1.0', machineID: 'ghost', systemUUID: 'ghost', bootID: 'ghost', kubeProxyVersion: 'v1.31.0' },
    addresses: [{ type: 'Hostname', address: NODE }],
    images: [{ names: ['docker.io/local/busybox:test'], sizeBytes: 2312345 },
      { names: ['registry.k8s.io/pause@sha256:7031c1b2', 'registry.k8s.io/pause:3.10'], sizeBytes: 320368 }],
    conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'no kubelet serves this node (Pod X-Ray API scenario)', lastHeartbeatTime: t(0), lastTransitionTime: t(0) }],
  };
  await core.replaceNodeStatus({ name: NODE, body: node });
}

async function pod(name, scenario, spec, status) {
  const body = { metadata: { name, namespace: NS, labels: { 'pod-xray/scenario': scenario } },
    spec: { nodeName: NODE, automountServiceAccountToken: false, ...spec } };
  await core.deleteNamespacedPod({ name, namespace: NS, gracePeriodSeconds: 0 }).catch(() => {});
  for (let i = 0; i < 50; i++) { // wait until a previous copy is really gone
    try { await core.readNamespacedPod({ name, namespace: NS }); await new Promise(r => setTimeout(r, 100)); } catch { break; }
  }
  await core.createNamespacedPod({ namespace: NS, body });
  if (!status) return;
  const cur = await core.readNamespacedPodStatus({ name, namespace: NS });
  cur.status = { qosClass: 'BestEffort', startTime: t(300), hostIP: '10.0.0.10', ...status };
  await core.replaceNamespacedPodStatus({ name, namespace: NS, body: cur });
}

const c = (name) => ({ name, image: IMG, imagePullPolicy: 'Never', command: ['/bin/sh', '-c', 'sleep 100000'] });
await ensureNode();
// A pod with a native sidecar (1.29+): the 1.20 apiserver drops spec.initContainers[].restartPolicy,
// so the spec side lives in fixtures; the status side is written here as a 1.31 kubelet would.
await pod('with-sidecar', 'sidecar', { initContainers: [c('setup'), c('log-shipper')], containers: [c('app')] }, {
  phase: 'Running', podIP: '10.244.1.7', podIPs: [{ ip: '10.244.1.7' }],
  conditions: [cond('PodReadyToStartContainers', 'True', 290), cond('Initialized', 'True', 280), cond('Ready', 'True', 270), cond('ContainersReady', 'True', 270), cond('PodScheduled', 'True', 300)],
  initContainerStatuses: [
    { name: 'setup', image: IMG, imageID: 'sha256:0b1ee7', containerID: 'containerd://5e7a1f00aa11', ready: true, started: false, restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t(289), finishedAt: t(285), containerID: 'containerd://5e7a1f00aa11' } } },
    running('log-shipper', '1095bb0c44d2', 284, { restartCount: 1, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: t(288), finishedAt: t(285), containerID: 'containerd://1095bb0c0001' } } }),
  ],
  containerStatuses: [running('app', 'a99f3c0d2e11', 280)],
});
// The kubelet is rebuilding this pod's sandbox: PodReadyToStartContainers False.
await pod('sandbox-rebuilding', 'ready-to-start-false', { containers: [c('app')] }, {
  phase: 'Pending', podIPs: [],
  conditions: [cond('PodReadyToStartContainers', 'False', 5), cond('Initialized', 'True', 280), cond('Ready', 'False', 5), cond('PodScheduled', 'True', 300)],
  containerStatuses: [{ name: 'app', image: IMG, imageID: '', ready: false, started: false, restartCount: 2,
    state: { waiting: { reason: 'ContainerCreating' } },
    lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: t(120), finishedAt: t(6), containerID: 'containerd://77ab03ee1234' } } }],
});
// hostNetwork: the sandbox joins the node's network namespace; the pod IP is the node IP.
await pod('on-host-network', 'host-network', { hostNetwork: true, containers: [c('agent')] }, {
  phase: 'Running', podIP: '10.0.0.10', podIPs: [{ ip: '10.0.0.10' }],
  conditions: [cond('PodReadyToStartContainers', 'True', 200), cond('Ready', 'True', 190), cond('PodScheduled', 'True', 300)],
  containerStatuses: [running('agent', 'c0ffee001122', 195)],
});
// Ephemeral debug container statuses beside a running app.
await pod('debugged', 'ephemeral', { containers: [c('app')] }, {
  phase: 'Running', podIP: '10.244.1.9', podIPs: [{ ip: '10.244.1.9' }],
  conditions: [cond('PodReadyToStartContainers', 'True', 250), cond('Ready', 'True', 240), cond('PodScheduled', 'True', 300)],
  containerStatuses: [running('app', 'd00d00112233', 245)],
  ephemeralContainerStatuses: [running('debugger', 'deb0990aa001', 30, { ready: false })],
});
// Never scheduled: no node, no sandbox.
await core.deleteNamespacedPod({ name: 'unscheduled', namespace: NS, gracePeriodSeconds: 0 }).catch(() => {});
await new Promise(r => setTimeout(r, 300));
await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'unscheduled', namespace: NS, labels: { 'pod-xray/scenario': 'unscheduled' } },
  spec: { automountServiceAccountToken: false, containers: [c('app')] } } });
console.log('api scenarios written in namespace ghost (node ghost-node)');
