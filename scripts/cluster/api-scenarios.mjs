// API-level scenarios for what no kubelet HERE can produce (the 1.37 kubelet in namespace demo
// makes everything else for real: sidecars, PodReadyToStartContainers, ephemeral containers,
// restart rules, resize). Pods are bound to a node no kubelet serves ("ghost-node", NotReady,
// kept as a Node object so the pod GC does not delete its pods as orphans; the controller-manager
// runs without the taint-eviction controller so they are not evicted), and their status is written
// through the status subresource as a kubelet would:
//   on-host-network  hostNetwork: its IP would be this machine's own address (loopback only here)
//   node-gone        a pod whose node stopped reporting: a stale Running status
//   unscheduled      a selector no node matches (the real scheduler writes PodScheduled False)
// Usage: node api-scenarios.mjs KUBECONFIG
import * as k8s from '@kubernetes/client-node';

const kc = new k8s.KubeConfig();
kc.loadFromFile(process.argv[2]);
const core = kc.makeApiClient(k8s.CoreV1Api);
const NS = 'ghost',
  NODE = 'ghost-node',
  IMG = 'docker.io/local/busybox:test';
const now = Date.now();
const t = s => new Date(now - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const cond = (type, status, s) => ({ type, status, lastTransitionTime: t(s) });
const running = (name, id, s, extra = {}) => ({
  name,
  image: IMG,
  imageID: 'sha256:0b1ee7',
  containerID: `containerd://${id}`,
  ready: true,
  started: true,
  restartCount: 0,
  state: { running: { startedAt: t(s) } },
  ...extra,
});

async function ensureNode() {
  const body = { metadata: { name: NODE, labels: { 'pod-xray/scenario': 'ghost-node' } } };
  await core.createNode({ body }).catch(e => {
    if (e.code !== 409) throw e;
  });
  const node = await core.readNodeStatus({ name: NODE });
  node.status = {
    nodeInfo: {
      containerRuntimeVersion: 'containerd://1.7.24',
      kubeletVersion: 'v1.31.0',
      osImage: 'Debian GNU/Linux 12',
      architecture: 'amd64',
      operatingSystem: 'linux',
      kernelVersion: '6.1.0',
      machineID: 'ghost',
      systemUUID: 'ghost',
      bootID: 'ghost',
      kubeProxyVersion: 'v1.31.0',
    },
    addresses: [{ type: 'Hostname', address: NODE }],
    images: [
      { names: ['docker.io/local/busybox:test'], sizeBytes: 2312345 },
      { names: ['registry.k8s.io/pause@sha256:7031c1b2', 'registry.k8s.io/pause:3.10'], sizeBytes: 320368 },
    ],
    conditions: [
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'no kubelet serves this node (Pod X-Ray API scenario)',
        lastHeartbeatTime: t(0),
        lastTransitionTime: t(0),
      },
    ],
  };
  await core.replaceNodeStatus({ name: NODE, body: node });
}

async function pod(name, scenario, spec, status) {
  const body = {
    metadata: { name, namespace: NS, labels: { 'pod-xray/scenario': scenario } },
    spec: { nodeName: NODE, automountServiceAccountToken: false, ...spec },
  };
  await core.deleteNamespacedPod({ name, namespace: NS, gracePeriodSeconds: 0 }).catch(() => {});
  for (let i = 0; i < 50; i++) {
    // wait until a previous copy is really gone
    try {
      await core.readNamespacedPod({ name, namespace: NS });
      await new Promise(r => setTimeout(r, 100));
    } catch {
      break;
    }
  }
  await core.createNamespacedPod({ namespace: NS, body });
  if (!status) return;
  const cur = await core.readNamespacedPodStatus({ name, namespace: NS });
  cur.status = { qosClass: 'BestEffort', startTime: t(300), hostIP: '10.0.0.10', ...status };
  await core.replaceNamespacedPodStatus({ name, namespace: NS, body: cur });
}

const c = name => ({ name, image: IMG, imagePullPolicy: 'Never', command: ['/bin/sh', '-c', 'sleep 100000'] });
await ensureNode();
// hostNetwork: the sandbox joins the node's network namespace; the pod IP is the node IP.
await pod(
  'on-host-network',
  'host-network',
  { hostNetwork: true, containers: [c('agent')] },
  {
    phase: 'Running',
    podIP: '10.0.0.10',
    podIPs: [{ ip: '10.0.0.10' }],
    conditions: [
      cond('PodReadyToStartContainers', 'True', 200),
      cond('Ready', 'True', 190),
      cond('PodScheduled', 'True', 300),
    ],
    containerStatuses: [running('agent', 'c0ffee001122', 195)],
  },
);
// A node that is gone: the pod's last status says Running, but nobody has reported for minutes.
await pod(
  'node-gone',
  'node-gone',
  { containers: [c('app')] },
  {
    phase: 'Running',
    podIP: '10.244.1.12',
    podIPs: [{ ip: '10.244.1.12' }],
    conditions: [
      cond('PodReadyToStartContainers', 'True', 900),
      cond('Initialized', 'True', 900),
      cond('Ready', 'True', 880),
      cond('ContainersReady', 'True', 880),
      cond('PodScheduled', 'True', 900),
    ],
    containerStatuses: [running('app', 'bad0de5e1234', 880)],
  },
);
// Never scheduled: no node matches its selector; the real scheduler says so (PodScheduled False).
await core.deleteNamespacedPod({ name: 'unscheduled', namespace: NS, gracePeriodSeconds: 0 }).catch(() => {});
await new Promise(r => setTimeout(r, 300));
await core.createNamespacedPod({
  namespace: NS,
  body: {
    metadata: { name: 'unscheduled', namespace: NS, labels: { 'pod-xray/scenario': 'unscheduled' } },
    spec: {
      automountServiceAccountToken: false,
      nodeSelector: { 'pod-xray/no-such-node': 'true' },
      containers: [c('app')],
    },
  },
});
console.log('api scenarios written in namespace ghost (node ghost-node)');
