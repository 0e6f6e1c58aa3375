// Pack the recordings of the built-in demo (Pod X-Ray: Open Demo) from test/fixtures/recorded into
// media/demo/recorded.jsonl.gz: a curated set of pods, their events and their node, as recorded from a
// real kubelet (scripts/cluster/record.mjs), without what the demo never reads. Prints what it packed.
// Usage: node scripts/demo-pack.mjs [FROM=test/fixtures/recorded]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = process.argv[2] ?? join(root, 'test/fixtures/recorded');
const out = join(root, 'media/demo/recorded.jsonl.gz');
/** What each recorded pod shows; the sandbox recreation is a real kill of demo/shared's pause process. */
const PODS = {
  crashy: 'a crash loop: the container dies, the sandbox and its IP stay',
  shared: 'a sandbox recreation: the pause process was killed, so every container restarted in a new sandbox',
  'with-sidecar': 'a native sidecar (restartPolicy: Always init container) beside the app',
  'restart-rules': 'container restart rules: which exit codes restart a container',
  'restart-all': 'a whole-pod in-place restart: every container restarts, the sandbox stays',
  resize: 'an in-place resize of a container’s resources',
  'web-init': 'an init container that fails before the app can start',
  'shared-pid': 'shareProcessNamespace: true, so /pause is PID 1 for every container',
};
const BUDGET = 300 * 1024;

const read = name =>
  readFileSync(join(from, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l));

/** Fields nobody in Pod X-Ray reads: server bookkeeping, the kubectl apply copy. (Node images stay: the
 *  anatomy names the pause image from them.) */
function strip(kind, o) {
  const m = o.metadata ?? {};
  delete m.managedFields;
  delete m.selfLink;
  if (m.annotations) delete m.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (m.annotations && !Object.keys(m.annotations).length) delete m.annotations;
  return o;
}

const records = [];
const nodeNames = new Set();
for (const name of Object.keys(PODS)) {
  const recs = read(`demo-${name}`);
  const uids = new Set(recs.filter(r => r.kind === 'Pod').map(r => r.object.metadata.uid));
  for (const r of recs) {
    // Events of earlier pods of the same name (before the recording) belong to no recorded pod.
    if (r.kind === 'Event' && !uids.has(r.object.involvedObject?.uid)) continue;
    if (r.kind === 'Pod' && r.object.spec?.nodeName) nodeNames.add(r.object.spec.nodeName);
    records.push({ t: r.t, kind: r.kind, type: r.type, object: strip(r.kind, r.object) });
  }
}
const nodes = read('nodes').filter(r => nodeNames.has(r.object.metadata?.name));
const first = Math.min(...records.map(r => r.t));
for (const n of nodes) records.push({ t: first, kind: 'Node', type: 'ADDED', object: strip('Node', n.object) });
records.sort((a, b) => a.t - b.t);

const node = nodes[0]?.object.status?.nodeInfo;
const header = {
  demo: 1,
  source: `recorded from a real kubelet ${node?.kubeletVersion ?? '?'} (${node?.containerRuntimeVersion ?? '?'})`,
  pods: PODS,
};
const text = [JSON.stringify(header), ...records.map(r => JSON.stringify(r))].join('\n') + '\n';
const gz = gzipSync(Buffer.from(text), { level: 9 });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, gz);
console.log(`${records.length} records, ${text.length} bytes, ${gz.length} bytes gzipped -> ${out}`);
console.log(header.source);
if (gz.length > BUDGET) {
  console.error(`over the ${BUDGET}-byte budget`);
  process.exit(1);
}
