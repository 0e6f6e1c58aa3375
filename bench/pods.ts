// Realistic bench pods: 3 containers (an init, a sidecar-style helper, the app), bound to a node
// no kubelet serves, statuses written through the status subresource as a kubelet would.
/** One namespace per size, so every size is exact on every run (pods are kept between runs). */
export const benchNamespace = (n: number) => `bench-${n}`;
export const BENCH_NODE = 'ghost-node';

export function benchPod(i: number): object {
  const c = (name: string) => ({
    name,
    image: 'docker.io/local/busybox:test',
    imagePullPolicy: 'Never',
    command: ['/bin/sh', '-c', 'sleep 100000'],
    ports: name === 'app' ? [{ containerPort: 8080, name: 'http' }] : undefined,
    resources: { requests: { cpu: '10m', memory: '16Mi' } },
    volumeMounts: [{ name: 'data', mountPath: '/data' }],
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `bench-${String(i).padStart(5, '0')}`,
      labels: { app: `svc-${i % 50}`, 'pod-xray/bench': 'true' },
      annotations: { 'bench/owner': `team-${i % 7}` },
    },
    spec: {
      nodeName: BENCH_NODE,
      automountServiceAccountToken: false,
      initContainers: [c('init')],
      containers: [c('app'), c('helper')],
      volumes: [{ name: 'data', emptyDir: {} }],
    },
  };
}

export function benchStatus(i: number, now = Date.now()): object {
  const t = (s: number) => new Date(now - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const id = (n: string) =>
    `containerd://${(i * 7919 + n.length * 104729).toString(16).padStart(12, '0')}${'0'.repeat(52)}`;
  const crashing = i % 10 === 0;
  return {
    phase: 'Running',
    hostIP: '10.0.0.10',
    podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    podIPs: [{ ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }],
    startTime: t(3600),
    qosClass: 'Burstable',
    conditions: [
      { type: 'Initialized', status: 'True', lastTransitionTime: t(3590) },
      { type: 'Ready', status: crashing ? 'False' : 'True', lastTransitionTime: t(60) },
      { type: 'ContainersReady', status: crashing ? 'False' : 'True', lastTransitionTime: t(60) },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: t(3600) },
    ],
    initContainerStatuses: [
      {
        name: 'init',
        image: 'docker.io/local/busybox:test',
        imageID: 'sha256:0b1ee7',
        containerID: id('init'),
        ready: true,
        restartCount: 0,
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: t(3595),
            finishedAt: t(3591),
            containerID: id('init'),
          },
        },
      },
    ],
    containerStatuses: [
      crashing
        ? {
            name: 'app',
            image: 'docker.io/local/busybox:test',
            imageID: 'sha256:0b1ee7',
            containerID: id('app'),
            ready: false,
            started: false,
            restartCount: 7,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off 2m40s restarting failed container=app pod=bench-${i}_bench(uid)`,
              },
            },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: t(70),
                finishedAt: t(66),
                containerID: id('app-prev'),
              },
            },
          }
        : {
            name: 'app',
            image: 'docker.io/local/busybox:test',
            imageID: 'sha256:0b1ee7',
            containerID: id('app'),
            ready: true,
            started: true,
            restartCount: 0,
            state: { running: { startedAt: t(3590) } },
          },
      {
        name: 'helper',
        image: 'docker.io/local/busybox:test',
        imageID: 'sha256:0b1ee7',
        containerID: id('helper'),
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: t(3590) } },
      },
    ],
  };
}
