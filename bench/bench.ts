// `npm run bench`: Pod X-Ray against the raw API and against a kubectl shell-out, side by side
// in one run, alternating, several rounds; medians, spreads and ratios; results in
// bench/results/latest.json. Needs a kube-apiserver (scripts/bench.sh starts one).
import { execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import { parse as parseYaml } from 'yaml';
import * as path from 'path';
import { loadKubeconfigs } from '../src/cluster/kubeconfig';
import { Reflector } from '../src/cluster/reflector';
import { ClusterSession } from '../src/cluster/session';
import { KPod } from '../src/model/k8s';
import { PodStore } from '../src/model/store';
import { listPods } from '../src/model/podList';
import { podRow } from '../src/model/rows';
import { BENCH_NODE, benchNamespace, benchPod, benchStatus } from './pods';

const ROOT = path.resolve(__dirname, '../..');
const KUBECONFIG = process.env.POD_XRAY_ADMIN_KUBECONFIG!;
const KUBECTL = process.env.KUBECTL_BIN!;
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,10000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WRITE_SECONDS = Number(process.env.BENCH_WRITE_SECONDS ?? 30);
const WRITES_PER_SECOND = 200;

const info = loadKubeconfigs([KUBECONFIG]).contexts[0];
const server = new URL(info.server!);
const token = (parseYaml(fs.readFileSync(KUBECONFIG, 'utf8')) as { users: { user: { token: string } }[] }).users[0].user
  .token;
const agent = new https.Agent({ keepAlive: true, maxSockets: 32, rejectUnauthorized: false });
const say = (m: string) => console.log(`[bench] ${m}`);

function request(
  method: string,
  p: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      new URL(p, server),
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(data ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) } : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function pool<T>(items: T[], n: number, f: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await f(items[i++]);
    }),
  );
}

let BENCH_NS = benchNamespace(SIZES[0]);
async function ensurePods(n: number): Promise<void> {
  BENCH_NS = benchNamespace(n);
  await request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: BENCH_NS } });
  await request('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: BENCH_NODE } });
  const list = JSON.parse((await request('GET', `/api/v1/namespaces/${BENCH_NS}/pods`)).text) as {
    items: { metadata: { name: string } }[];
  };
  const have = new Set(list.items.map(p => p.metadata.name));
  const todo = Array.from({ length: n }, (_, i) => i).filter(i => !have.has(`bench-${String(i).padStart(5, '0')}`));
  if (have.size > n) throw new Error(`namespace ${BENCH_NS} holds ${have.size} pods, more than ${n}`);
  if (!todo.length) return;
  say(`creating ${todo.length} pods (total ${n}) with 3-container statuses…`);
  const t0 = Date.now();
  await pool(todo, 24, async i => {
    const name = `bench-${String(i).padStart(5, '0')}`;
    const r = await request('POST', `/api/v1/namespaces/${BENCH_NS}/pods`, {
      ...benchPod(i),
      metadata: { ...(benchPod(i) as { metadata: object }).metadata, namespace: BENCH_NS },
    });
    if (r.status >= 300 && r.status !== 409) throw new Error(`create ${name}: ${r.status} ${r.text.slice(0, 200)}`);
    const s = await request(
      'PATCH',
      `/api/v1/namespaces/${BENCH_NS}/pods/${name}/status`,
      { status: benchStatus(i) },
      'application/merge-patch+json',
    );
    if (s.status >= 300) throw new Error(`status ${name}: ${s.status} ${s.text.slice(0, 200)}`);
  });
  say(`created in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// (a) raw HTTP list + JSON.parse
async function rawList(): Promise<{ ms: number; bytes: number; count: number }> {
  const t0 = performance.now();
  const r = await request('GET', `/api/v1/namespaces/${BENCH_NS}/pods`);
  const j = JSON.parse(r.text) as { items: unknown[] };
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(r.text), count: j.items.length };
}

// (b) Pod X-Ray: on the context's existing connection (as when a user expands a namespace),
// the pods reflector lists into a fresh store, then every pod's tree row is built from its summary
// (what the tree does: the full anatomy waits until a pod is expanded or hovered).
let shared: ClusterSession | undefined;
async function ourPath(): Promise<{ ms: number; count: number }> {
  shared ??= new ClusterSession(info);
  const t0 = performance.now();
  const store = new PodStore();
  let synced!: () => void, failed!: (e: Error) => void;
  const done = new Promise<void>((res, rej) => {
    synced = res;
    failed = rej;
  });
  const r = new Reflector<KPod>(
    shared.client!,
    { path: `/api/v1/namespaces/${BENCH_NS}/pods`, what: 'bench pods' },
    {
      onSync: items => {
        for (const p of items) delete p.metadata?.managedFields;
        store.syncPods(BENCH_NS, items);
        synced();
      },
      onState: st => {
        if (st.phase === 'failed') failed(new Error(st.cause));
      },
    },
  ).start();
  await done;
  let count = 0;
  for (const p of listPods(store, BENCH_NS)) if (podRow(p.summary).label) count++; // exactly the tree's listing
  const ms = performance.now() - t0;
  r.stop();
  return { ms, count };
}

// (c) kubectl get pods -o json as a child process + parse
function kubectlList(): Promise<{ ms: number; count: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) =>
    execFile(
      KUBECTL,
      [`--kubeconfig=${KUBECONFIG}`, 'get', 'pods', '-n', BENCH_NS, '-o', 'json'],
      { maxBuffer: 1 << 30 },
      (e, out) => {
        if (e) {
          reject(e);
          return;
        }
        const j = JSON.parse(out) as { items: unknown[] };
        resolve({ ms: performance.now() - t0, count: j.items.length });
      },
    ),
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const stat = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), rounds: xs.length });

function heapChild(): Promise<{ retainedBytes: number; jsonBytes: number; pods: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', path.join(__dirname, 'heap.js')], {
      env: { ...process.env, POD_XRAY_BENCH_NS: BENCH_NS },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', d => {
      out += d;
    });
    p.on('exit', c =>
      c === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`heap child exited ${c}`)),
    );
  });
}

function hostBench(): Promise<{
  activationMs: number;
  latencies: number[];
  writesSeen: number;
  podRefreshes: number;
  extraRefreshes: number;
  fullRefreshes: number;
}> {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'pod-xray-bench-'));
  const ready = path.join(dir, 'ready'),
    done = path.join(dir, 'done'),
    out = path.join(dir, 'out.json');
  const host = spawn(
    process.execPath,
    [
      path.join(ROOT, 'scripts/vscode/test-host.js'),
      `--extensionDevelopmentPath=${ROOT}`,
      `--extensionTestsPath=${path.join(ROOT, 'dist/bench/host/index.js')}`,
    ],
    {
      env: {
        ...process.env,
        POD_XRAY_BENCH_READY: ready,
        POD_XRAY_BENCH_DONE: done,
        POD_XRAY_BENCH_OUT: out,
        POD_XRAY_BENCH_NS: BENCH_NS,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    host.on('exit', c => {
      try {
        resolve(JSON.parse(fs.readFileSync(out, 'utf8')));
      } catch {
        reject(new Error(`bench host exited ${c} without results`));
      }
    });
    const wait = setInterval(async () => {
      if (!fs.existsSync(ready)) return;
      clearInterval(wait);
      say(`(d) writing ${WRITES_PER_SECOND} status updates/s for ${WRITE_SECONDS} s`);
      const n = Number(fs.readFileSync(ready, 'utf8')) || 1000;
      const t0 = Date.now();
      let seq = 0;
      const pending: Promise<unknown>[] = [];
      while (Date.now() - t0 < WRITE_SECONDS * 1000) {
        const due = t0 + (seq * 1000) / WRITES_PER_SECOND;
        if (Date.now() < due) {
          await new Promise(r => setTimeout(r, due - Date.now()));
          continue;
        }
        const i = seq % n;
        const name = `bench-${String(i).padStart(5, '0')}`;
        pending.push(
          request(
            'PATCH',
            `/api/v1/namespaces/${BENCH_NS}/pods/${name}/status`,
            { status: { message: `bench-t=${Date.now()}-${seq}` } },
            'application/merge-patch+json',
          ),
        );
        seq++;
      }
      await Promise.all(pending);
      say(`(d) ${seq} writes sent`);
      fs.writeFileSync(done, String(seq));
    }, 100);
  });
}

(async () => {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: `${require('os').cpus().length} cores`,
    rounds: ROUNDS,
    sizes: {},
  };
  // (g) sizes of what we ship (production build, as in the VSIX)
  const ext = fs.statSync(path.join(ROOT, 'dist/extension.js')).size,
    web = fs.statSync(path.join(ROOT, 'dist/webview/anatomy.js')).size;
  const vsix = fs.statSync(path.join(ROOT, 'dist/pod-xray.vsix')).size;
  results.sizes = { extensionBundle: ext, webviewBundle: web, bundle: ext + web, vsix };
  const table: string[][] = [];
  const medians: { n: number; raw: number; ours: number; kubectl: number }[] = [];
  for (const n of SIZES) {
    await ensurePods(n);
    const a: number[] = [],
      b: number[] = [],
      c: number[] = [];
    let bytes = 0,
      count = 0;
    await ourPath();
    await rawList(); // warm connections and caches once
    for (let r = 0; r < ROUNDS; r++) {
      const order = [0, 1, 2].map(k => (k + r) % 3);
      for (const k of order) {
        if (k === 0) {
          const x = await rawList();
          a.push(x.ms);
          bytes = x.bytes;
          count = x.count;
        }
        if (k === 1) {
          const x = await ourPath();
          b.push(x.ms);
          if (x.count !== count && count) throw new Error(`ours saw ${x.count} pods, raw ${count}`);
        }
        if (k === 2) c.push((await kubectlList()).ms);
      }
    }
    const row = {
      pods: count,
      jsonBytes: bytes,
      raw: stat(a),
      ours: stat(b),
      kubectl: stat(c),
      oursOverRaw: median(b) / median(a),
      kubectlOverOurs: median(c) / median(b),
    };
    (results.sizes as Record<string, unknown>)[String(n)] = row;
    say(
      `${n} pods: raw ${median(a).toFixed(0)} ms, ours ${median(b).toFixed(0)} ms, kubectl ${median(c).toFixed(0)} ms`,
    );
    table.push([
      String(count),
      `${(bytes / 1e6).toFixed(1)} MB`,
      `${median(a).toFixed(0)} (${Math.min(...a).toFixed(0)}–${Math.max(...a).toFixed(0)})`,
      `${median(b).toFixed(0)} (${Math.min(...b).toFixed(0)}–${Math.max(...b).toFixed(0)})`,
      `${median(c).toFixed(0)} (${Math.min(...c).toFixed(0)}–${Math.max(...c).toFixed(0)})`,
      row.oursOverRaw.toFixed(2),
      row.kubectlOverOurs.toFixed(1),
    ]);
    medians.push({ n: count, raw: median(a), ours: median(b), kubectl: median(c) });
  }
  say('(e) retained heap for the largest size…');
  const heap = await heapChild();
  results.heap = { ...heap, ratio: heap.retainedBytes / heap.jsonBytes };
  say('(d)+(f) write-to-refresh and activation in the real extension host…');
  const host = await hostBench();
  const lat = host.latencies;
  results.refresh = {
    writes: host.writesSeen,
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    p99: pct(lat, 99),
    max: Math.max(...lat),
    refreshesPerUpdate: host.podRefreshes / Math.max(1, host.writesSeen),
    extraRefreshes: host.extraRefreshes,
    fullRefreshes: host.fullRefreshes,
  };
  results.activationMs = host.activationMs;

  const r = results.refresh as {
    p50: number;
    p95: number;
    p99: number;
    refreshesPerUpdate: number;
    writes: number;
    extraRefreshes: number;
    fullRefreshes: number;
  };
  const hp = results.heap as { ratio: number; retainedBytes: number; jsonBytes: number };
  const sz = results.sizes as { bundle: number; vsix: number };
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  const out = [
    '',
    'List a namespace (ms, median of rounds, min–max)',
    '| pods | JSON | (a) raw HTTP + parse | (b) Pod X-Ray list→model→rows | (c) kubectl -o json + parse | (b)/(a) | (c)/(b) |',
    '|---|---|---|---|---|---|---|',
    ...table.map(t => `| ${t.join(' | ')} |`),
    '',
    // Every size must meet the list targets, not only the largest.
    ...medians.map(
      m =>
        `${mark(m.ours / m.raw <= 1.2)} (b)/(a) at ${m.n} pods = ${(m.ours / m.raw).toFixed(2)} (target <= 1.2); ` +
        `${mark(m.kubectl / m.ours >= 10)} (c)/(b) = ${(m.kubectl / m.ours).toFixed(1)} (target >= 10)`,
    ),
    `${mark(r.p95 <= 50)} (d) write->tree refresh over ${r.writes} writes: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (target p95 <= 50 ms)`,
    `${mark(Math.abs(r.refreshesPerUpdate - 1) < 0.01 && r.fullRefreshes === 0)} (d) refreshes per changed pod: ${r.refreshesPerUpdate.toFixed(3)} (extra ${r.extraRefreshes}, full-tree ${r.fullRefreshes}) (target exactly 1, targeted)`,
    `${mark(hp.ratio <= 1.5)} (e) retained heap ${(hp.retainedBytes / 1e6).toFixed(1)} MB for ${(hp.jsonBytes / 1e6).toFixed(1)} MB of JSON = ${hp.ratio.toFixed(2)}x (target <= 1.5x)`,
    `${mark((results.activationMs as number) <= 50)} (f) activation ${(results.activationMs as number).toFixed(1)} ms in the real extension host (target <= 50 ms)`,
    `${mark(sz.bundle <= 2e6)} (g) bundle ${(sz.bundle / 1e6).toFixed(2)} MB (target <= 2 MB); ${mark(sz.vsix <= 2.5e6)} VSIX ${(sz.vsix / 1e6).toFixed(2)} MB (target <= 2.5 MB)`,
  ].join('\n');
  console.log(out);
  results.table = out;
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/latest.json'), JSON.stringify(results, null, 2));
  say('results: bench/results/latest.json');
  process.exit(0);
})().catch(e => {
  console.error(e);
  process.exit(1);
});
