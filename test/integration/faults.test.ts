// Faults: etcd compaction forcing 410 (relist), a closed port, a TLS error, switching contexts
// while updates stream, odd pods (no status, unknown states, 100 containers, 64 KB messages),
// malformed kubeconfig files. It keeps working; nothing crashes.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse as parseYaml, stringify } from 'yaml';
import type { Node } from '../../src/views/tree/provider';
import { buildSnapshot } from '../../src/webview/snapshot';
import {
  ADMIN,
  RESTRICTED,
  anatomyOf,
  api,
  apiCall,
  clusterSh,
  hasCluster,
  kubectl,
  kubectlJson,
  useKubeconfig,
  waitFor,
} from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pxr-faults-'));
const write = (name: string, text: string) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};
export const faultsSurvived: string[] = [];

async function rootMessages(): Promise<string[]> {
  const x = await api();
  return x.tree
    .getChildren()
    .filter(n => n.type === 'message')
    .map(n => (n as Extract<Node, { type: 'message' }>).text);
}
async function contextChildren(ctx: string): Promise<Extract<Node, { type: 'message' }>[]> {
  const x = await api();
  return x.tree.getChildren(x.tree.contextNode(ctx)).filter(n => n.type === 'message') as Extract<
    Node,
    { type: 'message' }
  >[];
}

describe('faults and bad input', function () {
  this.timeout(180_000);
  before(async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
  });
  after(async () => {
    await useKubeconfig(ADMIN);
  });

  it('etcd compaction while the apiserver is down forces 410 Gone: the reflector relists and the cache is right', async () => {
    const x = await api();
    const s = x.registry.session('pod-xray-local')!;
    s.start();
    s.ensureWatching('demo');
    const w = s.namespaceWatch('demo')!;
    await waitFor('live', 20_000, () => w.pods.state.phase === 'live');
    const relists0 = w.pods.relists;
    clusterSh('apiserver-kill');
    try {
      const etcd = `http://127.0.0.1:${process.env.POD_XRAY_ETCD_PORT ?? '12379'}`;
      // Advance etcd past our resourceVersion, then compact everything before it.
      execFileSync('etcdctl', ['--endpoints', etcd, 'put', '/pod-xray-bump', String(Date.now())], {
        env: { ...process.env, ETCDCTL_API: '3' },
      });
      const rev = JSON.parse(
        execFileSync('etcdctl', ['--endpoints', etcd, 'endpoint', 'status', '-w', 'json'], {
          encoding: 'utf8',
          env: { ...process.env, ETCDCTL_API: '3' },
        }),
      )[0].Status.header.revision;
      execFileSync('etcdctl', ['--endpoints', etcd, 'compact', String(rev)], {
        env: { ...process.env, ETCDCTL_API: '3' },
      });
    } finally {
      clusterSh('apiserver-start');
    }
    await waitFor('a relist after 410', 30_000, () => w.pods.relists > relists0 && w.pods.state.phase === 'live');
    await waitFor('model == API', 15_000, () => {
      const api2 = kubectlJson<{ items: { metadata: { name: string } }[] }>('get', 'pods', '-n', 'demo')
        .items.map(p => p.metadata.name)
        .sort();
      const mine = s.store
        .podUids('demo')
        .map(u => s.store.anatomy(u)!.name)
        .sort();
      return JSON.stringify(api2) === JSON.stringify(mine);
    });
    faultsSurvived.push('etcd compaction (410 relist)');
  });

  it('a closed port: the context shows an error item with Retry, not a crash', async () => {
    const file = write(
      'closed.yaml',
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'closed',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { token: 'not-a-secret' } }],
        contexts: [{ name: 'closed', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    await useKubeconfig(file);
    const msgs = await waitFor('error item', 30_000, async () => {
      const m = await contextChildren('closed');
      return m.some(x => x.severity === 'error') ? m : undefined;
    });
    const err = msgs.find(m => m.severity === 'error')!;
    assert.match(`${err.text} ${err.detail}`, /unreachable|Reconnecting|cannot reach/i);
    const x = await api();
    const item = x.tree.getTreeItem(err);
    assert.strictEqual(item.command?.command, 'podXray.retry');
    await vscode.commands.executeCommand('podXray.retry', err);
    faultsSurvived.push('closed port');
  });

  it('a TLS error (untrusted server certificate) is named as such', async () => {
    const admin = parseYaml(fs.readFileSync(ADMIN, 'utf8')) as { clusters: { cluster: Record<string, unknown> }[] };
    const server = admin.clusters[0].cluster.server as string;
    const file = write(
      'tls.yaml',
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'tls',
        clusters: [{ name: 'c', cluster: { server } }],
        users: [{ name: 'u', user: { token: 'not-a-secret' } }],
        contexts: [{ name: 'tls', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    await useKubeconfig(file);
    const msgs = await waitFor('TLS error item', 30_000, async () => {
      const m = await contextChildren('tls');
      return m.some(x => /TLS|certificate/i.test(`${x.detail}`)) ? m : undefined;
    });
    assert.ok(msgs.length);
    faultsSurvived.push('TLS error');
  });

  it('malformed kubeconfig files each give a clear message naming the file', async () => {
    const cases: [string, string, RegExp][] = [
      ['bad-yaml.yaml', 'apiVersion: v1\nclusters: [ {name: x\n  - : :', /invalid YAML/],
      [
        'no-current.yaml',
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          'current-context': 'gone',
          clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
          users: [{ name: 'u', user: {} }],
          contexts: [{ name: 'here', context: { cluster: 'c', user: 'u' } }],
        }),
        /current-context "gone" is not defined/,
      ],
      [
        'no-cert.yaml',
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          'current-context': 'k',
          clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
          users: [
            { name: 'u', user: { 'client-certificate': '/nonexistent/c.pem', 'client-key': '/nonexistent/k.pem' } },
          ],
          contexts: [{ name: 'k', context: { cluster: 'c', user: 'u' } }],
        }),
        /client certificate file \/nonexistent\/c\.pem does not exist/,
      ],
      [
        'unknown-auth.yaml',
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          'current-context': 'k',
          clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
          users: [{ name: 'u', user: { 'auth-provider': { name: 'mystery' } } }],
          contexts: [{ name: 'k', context: { cluster: 'c', user: 'u' } }],
        }),
        /unknown auth provider "mystery"/,
      ],
    ];
    for (const [name, text, re] of cases) {
      const file = write(name, text);
      await useKubeconfig(file);
      const x = await api();
      const all = await waitFor(`message for ${name}`, 10_000, async () => {
        const root = await rootMessages();
        const ctxMsgs = (await Promise.all(x.registry.contexts.map(c => contextChildren(c.name))))
          .flat()
          .map(m => `${m.text} ${m.detail ?? ''}`);
        const t = [...root, ...ctxMsgs].join('\n');
        return re.test(t) ? t : undefined;
      });
      assert.ok(all.includes(file), `${name}: the message names the file: ${all}`);
      faultsSurvived.push(`kubeconfig: ${name}`);
    }
  });

  it('switching context while updates stream keeps one consistent tree', async () => {
    const admin = parseYaml(fs.readFileSync(ADMIN, 'utf8')) as Record<string, unknown[]>;
    const restricted = parseYaml(fs.readFileSync(RESTRICTED, 'utf8')) as Record<string, unknown[]>;
    const merged = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'pod-xray-local',
      clusters: admin.clusters,
      users: [...admin.users, ...restricted.users],
      contexts: [...admin.contexts, ...restricted.contexts],
    };
    await useKubeconfig(write('merged.yaml', stringify(merged)));
    const x = await api();
    for (let i = 0; i < 12; i++) {
      await vscode.commands.executeCommand('podXray.selectContext', i % 2 ? 'pod-xray-restricted' : 'pod-xray-local');
      await new Promise(r => setTimeout(r, 150));
    }
    await vscode.commands.executeCommand('podXray.selectContext', 'pod-xray-local');
    x.registry.selectNamespace('demo');
    const s = x.registry.session('pod-xray-local')!;
    s.ensureWatching('demo');
    await waitFor('demo consistent', 20_000, () => {
      const api2 = kubectlJson<{ items: { metadata: { name: string } }[] }>('get', 'pods', '-n', 'demo')
        .items.map(p => p.metadata.name)
        .sort();
      const mine = s.store
        .podUids('demo')
        .map(u => s.store.anatomy(u)!.name)
        .sort();
      return JSON.stringify(api2) === JSON.stringify(mine);
    });
    const roots = x.tree.getChildren();
    assert.deepStrictEqual(roots.filter(n => n.type === 'context').length, 2);
    faultsSurvived.push('context switching under updates');
  });

  it('odd pods: no status, unknown states, 100 containers, a 64 KB termination message', async () => {
    await useKubeconfig(ADMIN);
    const x = await api();
    const big = 'x'.repeat(64 * 1024 - 20) + ' the end of it';
    const make = async (name: string, containers: number, status?: unknown) => {
      await apiCall('DELETE', `/api/v1/namespaces/ghost/pods/${name}?gracePeriodSeconds=0`).catch(() => undefined);
      await waitFor(`${name} gone`, 20_000, () => {
        try {
          kubectl('get', 'pod', name, '-n', 'ghost');
          return false;
        } catch {
          return true;
        }
      });
      await apiCall(
        'POST',
        '/api/v1/namespaces/ghost/pods',
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, namespace: 'ghost' },
          spec: {
            nodeName: 'ghost-node',
            automountServiceAccountToken: false,
            containers: Array.from({ length: containers }, (_, i) => ({ name: `c${i}`, image: 'busybox' })),
          },
        },
        'application/json',
      );
      if (status) await apiCall('PATCH', `/api/v1/namespaces/ghost/pods/${name}/status`, { status });
    };
    await make('odd-no-status', 1);
    await make('odd-unknown', 2, {
      phase: 'Unknown',
      reason: 'NodeLost',
      containerStatuses: [
        { name: 'c0', ready: false, restartCount: 0, image: 'x', imageID: '', state: {} },
        { name: 'c1', ready: false, restartCount: 0, image: 'x', imageID: '', state: { waiting: {} } },
      ],
    });
    await make('odd-hundred', 100, {
      phase: 'Running',
      podIP: '10.244.1.100',
      containerStatuses: Array.from({ length: 100 }, (_, i) => ({
        name: `c${i}`,
        ready: true,
        restartCount: i % 3,
        image: 'x',
        imageID: '',
        containerID: `containerd://${String(i).padStart(64, '0')}`,
        state: { running: { startedAt: '2026-11-25T10:00:00Z' } },
      })),
    });
    await make('odd-big-message', 1, {
      phase: 'Running',
      podIP: '10.244.1.101',
      containerStatuses: [
        {
          name: 'c0',
          ready: false,
          restartCount: 1,
          image: 'x',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' } },
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              message: big,
              startedAt: '2026-11-25T10:00:00Z',
              finishedAt: '2026-11-25T10:00:01Z',
            },
          },
        },
      ],
    });
    x.registry.selectNamespace('ghost');
    const s = x.registry.session('pod-xray-local')!;
    s.ensureWatching('ghost');
    for (const name of ['odd-no-status', 'odd-unknown', 'odd-hundred', 'odd-big-message']) {
      const m = await waitFor(name, 20_000, () => anatomyOf(x, name, 'ghost'));
      const podNode = x.tree.podNode('pod-xray-local', 'ghost', m.uid);
      const kids = x.tree.getChildren(podNode);
      for (const n of [podNode, ...kids]) x.tree.resolveTreeItem(x.tree.getTreeItem(n), n);
      JSON.stringify(buildSnapshot('pod-xray-local', m.a, m.s.store.history(m.uid), false));
      if (name === 'odd-hundred') assert.strictEqual(kids.length, 101, 'sandbox + 100 containers');
      if (name === 'odd-big-message')
        assert.strictEqual(m.a.containers[0].lastTermination?.message, big, 'kept whole in the model');
      if (name === 'odd-unknown')
        assert.deepStrictEqual(
          m.a.containers.map(c => c.state),
          ['unknown', 'waiting'],
        );
    }
    await vscode.commands.executeCommand('podXray.showAnatomy', { namespace: 'ghost', name: 'odd-hundred' });
    faultsSurvived.push('odd pods');
    x.registry.selectNamespace('demo');
  });

  after(() => console.log(`faults survived: ${faultsSurvived.length} (${faultsSurvived.join('; ')})`));
});
