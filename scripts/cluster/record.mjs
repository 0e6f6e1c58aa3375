// Record the watch streams (pods, events, nodes) of the scenario pods into test/fixtures as
// JSON lines, one file per pod: {"t": ms since start, "type": "ADDED|MODIFIED|DELETED", "object": …}.
// Recreates the demo scenarios; 35 s in, drives the 1.37 behaviours that need a push: kills the
// sandbox of shared (SandboxChanged, PodReadyToStartContainers False -> True), restarts every
// container of restart-all in place, resizes resize through the resize subresource, adds an
// ephemeral debug container to debug-me, deletes the web Deployment's pod (a replacement with a
// new UID and IP) and deletes ordered (shutdown order: app, metrics, proxy); then stops.
// `cluster.sh scenarios` brings ordered back afterwards.
// Usage: KUBECTL_BIN=… node record.mjs KUBECONFIG OUTDIR [seconds=100]
import * as k8s from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [kubeconfig, outDir, secs = '100'] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const watch = new k8s.Watch(kc);
const t0 = Date.now();
const lines = new Map(); // pod name -> lines
const nodes = [];
const add = (key, rec) => {
  if (!lines.has(key)) lines.set(key, []);
  lines.get(key).push(JSON.stringify(rec));
};
const strip = o => {
  if (o?.metadata) delete o.metadata.managedFields;
  return o;
};
const aborts = [];
const kubectl = (...a) =>
  execFileSync(join(process.env.KUBECTL_BIN ?? 'kubectl'), [`--kubeconfig=${kubeconfig}`, ...a], { encoding: 'utf8' });

kubectl('delete', 'jobs', '--all', '-n', 'demo', '--wait=false');
kubectl('delete', 'pods', '--all', '-n', 'demo', '--grace-period=1', '--wait=true');
for (const ns of ['demo', 'ghost']) {
  aborts.push(
    await watch.watch(
      `/api/v1/namespaces/${ns}/pods`,
      {},
      (type, o) => add(`${ns}-${o.metadata.name}`, { t: Date.now() - t0, kind: 'Pod', type, object: strip(o) }),
      () => {},
    ),
  );
  // events of earlier pods with the same names (event TTL 2 h) are not part of this recording
  aborts.push(
    await watch.watch(
      `/api/v1/namespaces/${ns}/events`,
      {},
      (type, o) => {
        if (Date.parse(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp) < t0 - 1000) return;
        add(`${ns}-${o.involvedObject.name}`, { t: Date.now() - t0, kind: 'Event', type, object: strip(o) });
      },
      () => {},
    ),
  );
}
aborts.push(
  await watch.watch(
    '/api/v1/nodes',
    {},
    (type, o) => nodes.push(JSON.stringify({ t: Date.now() - t0, kind: 'Node', type, object: strip(o) })),
    () => {},
  ),
);
kubectl('apply', '-f', join(here, 'scenarios.yaml'));
execFileSync('node', [join(here, 'api-scenarios.mjs'), kubeconfig]);
console.log('recording…');
await new Promise(r => setTimeout(r, 35_000));
console.log(
  'killing the sandbox of demo/shared:',
  execFileSync('bash', [join(here, '..', 'cluster.sh'), 'kill-sandbox', 'shared', 'demo'], { encoding: 'utf8' }).trim(),
);
const step = (what, f) => {
  try {
    f();
    console.log(what);
  } catch (e) {
    console.log(`${what}: failed: ${e.stderr ?? e}`);
  }
};
step('restart-all: worker exits 88, every container restarts in place', () =>
  kubectl('exec', '-n', 'demo', 'restart-all', '-c', 'worker', '--', 'touch', '/state/trigger'),
);
step('resize: +16Mi memory for both containers (mem-restart restarts, cpu-only does not)', () => {
  const p = JSON.parse(kubectl('get', 'pod', 'resize', '-n', 'demo', '-o', 'json'));
  const mem = n => parseInt(p.spec.containers.find(c => c.name === n).resources.limits.memory, 10) + 16 + 'Mi';
  kubectl(
    'patch',
    'pod',
    'resize',
    '-n',
    'demo',
    '--subresource',
    'resize',
    '--type',
    'strategic',
    '-p',
    JSON.stringify({
      spec: {
        containers: ['cpu-only', 'mem-restart'].map(name =>
          // in spec order (a resize may not reorder)
          ({ name, resources: { requests: { memory: mem(name) }, limits: { memory: mem(name) } } }),
        ),
      },
    }),
  );
});
step('debug-me: ephemeral container "debugger" targeting app', () =>
  kubectl(
    'patch',
    'pod',
    'debug-me',
    '-n',
    'demo',
    '--subresource',
    'ephemeralcontainers',
    '--type',
    'strategic',
    '-p',
    JSON.stringify({
      spec: {
        ephemeralContainers: [
          {
            name: 'debugger',
            image: 'docker.io/local/busybox:test',
            imagePullPolicy: 'Never',
            targetContainerName: 'app',
            command: ['/bin/sh', '-c', 'sleep 3600'],
          },
        ],
      },
    }),
  ),
);
step("web: the Deployment's pod deleted", () =>
  kubectl('delete', 'pods', '-n', 'demo', '-l', 'app=web', '--wait=false'),
);
step('ordered: deleted (shutdown order)', () => kubectl('delete', 'pod', 'ordered', '-n', 'demo', '--wait=false'));
await new Promise(r => setTimeout(r, (Number(secs) - 35) * 1000));
for (const a of aborts) a.abort();
mkdirSync(outDir, { recursive: true });
for (const [key, ls] of lines) writeFileSync(join(outDir, `${key}.jsonl`), ls.join('\n') + '\n');
// Nodes: the last version of each is enough for the anatomy (runtime, images).
const lastNodes = new Map(
  nodes.map(l => {
    const r = JSON.parse(l);
    return [r.object.metadata.name, l];
  }),
);
writeFileSync(join(outDir, 'nodes.jsonl'), [...lastNodes.values()].join('\n') + '\n');
console.log(`wrote ${lines.size} pod recordings and ${lastNodes.size} nodes to ${outDir}`);
