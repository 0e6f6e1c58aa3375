// All Namespaces: one cluster-wide list+watch where the user may list pods cluster-wide; one
// watch per namespace otherwise (after the API refused), said so. Pure decision + the session.
import * as assert from 'assert';
import { ApiClient } from '../../src/cluster/client';
import { ApiError } from '../../src/cluster/errors';
import { ClusterSession } from '../../src/cluster/session';
import { KPod } from '../../src/model/k8s';
import { byNamespace, podScope } from '../../src/model/scope';

const pod = (ns: string, name: string): KPod => ({
  metadata: { name, namespace: ns, uid: `${ns}/${name}`, resourceVersion: '3' },
  spec: { nodeName: 'n', containers: [{ name: 'app' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] },
});
const PODS = [pod('demo', 'a'), pod('demo', 'b'), pod('ghost', 'c')];

/** Lists answer from PODS (cluster-wide or per namespace); `refuse` paths answer 403. */
class Fake {
  readonly listed: string[] = [];
  constructor(private readonly refuse: string[] = []) {}
  async getJson<T>(path: string): Promise<T> {
    const base = path.split('?')[0];
    this.listed.push(base);
    if (this.refuse.includes(base))
      throw new ApiError(
        `pods is forbidden: User "dev" cannot list resource "pods" at the cluster scope`,
        403,
        'forbidden',
      );
    if (base === '/api/v1/namespaces')
      return {
        items: ['demo', 'ghost'].map(name => ({ metadata: { name } })),
        metadata: { resourceVersion: '1' },
      } as T;
    const m = /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?pods$/.exec(base);
    const items = m ? PODS.filter(p => !m[1] || p.metadata?.namespace === m[1]) : [];
    return { items, metadata: { resourceVersion: '1' } } as T;
  }
  watch(_u: string, _on: unknown, signal: AbortSignal): Promise<void> {
    return new Promise(r => signal.addEventListener('abort', () => r(), { once: true }));
  }
  resetAuth(): void {}
}
const session = (f: Fake, all: boolean) =>
  new ClusterSession(
    { name: 'fake', file: 'fake', namespace: 'demo', kubeConfig: {} as never },
    undefined,
    f as unknown as ApiClient,
    all,
  );

describe('All Namespaces: cluster-wide watch, or per namespace after a refusal', () => {
  it('the decision: cluster-wide when asked; per namespace when not asked, or refused (with why)', () => {
    assert.deepStrictEqual(podScope(false), { kind: 'namespace' });
    assert.deepStrictEqual(podScope(true), { kind: 'cluster' });
    assert.deepStrictEqual(podScope(true, { kind: 'unreachable', cause: 'ECONNREFUSED' }), { kind: 'cluster' });
    assert.deepStrictEqual(podScope(true, { kind: 'server' }), { kind: 'cluster' }, 'a 500 is retried, not a refusal');
    for (const kind of ['forbidden', 'unauthorized']) {
      const s = podScope(true, { kind, cause: 'pods is forbidden' });
      assert.strictEqual(s.kind, 'namespace');
      assert.match((s as { why: string }).why, /not allowed \(pods is forbidden\)/);
    }
  });

  it('a cluster-wide page is grouped by namespace, in the order it came', () => {
    const g = byNamespace([pod('b', 'x'), pod('a', 'y'), pod('b', 'z')]);
    assert.deepStrictEqual([...g.keys()], ['b', 'a']);
    assert.deepStrictEqual(
      g.get('b')!.map(p => p.metadata!.name),
      ['x', 'z'],
    );
  });

  it('allowed: one cluster-wide list feeds every namespace; no list per namespace', async () => {
    const f = new Fake();
    const s = session(f, true);
    s.start();
    const [demo, ghost] = await Promise.all([s.whenSynced('demo'), s.whenSynced('ghost')]);
    assert.strictEqual(demo?.synced, true);
    assert.strictEqual(ghost?.synced, true);
    assert.deepStrictEqual(s.scope, { kind: 'cluster' });
    assert.strictEqual(s.store.podCount('demo'), 2);
    assert.strictEqual(s.store.podCount('ghost'), 1);
    assert.ok(f.listed.includes('/api/v1/pods'));
    assert.ok(!f.listed.some(p => /namespaces\/[^/]+\/pods$/.test(p)), f.listed.join(' '));
    s.stop();
  });

  it('refused (403): each namespace asked about is watched on its own, and the scope says why', async () => {
    const f = new Fake(['/api/v1/pods']);
    const s = session(f, true);
    s.start();
    const st = await s.whenSynced('demo');
    assert.strictEqual(st?.synced, true, JSON.stringify(st));
    assert.strictEqual(s.store.podCount('demo'), 2);
    assert.ok(f.listed.includes('/api/v1/namespaces/demo/pods'), f.listed.join(' '));
    const scope = s.scope;
    assert.strictEqual(scope.kind, 'namespace');
    assert.match((scope as { why: string }).why, /cannot list resource "pods" at the cluster scope/);
    s.stop();
  });

  it('not asked: per namespace, as before', async () => {
    const f = new Fake();
    const s = session(f, false);
    s.start();
    await s.whenSynced('demo');
    assert.ok(!f.listed.includes('/api/v1/pods'));
    assert.strictEqual(s.store.podCount('ghost'), 0);
    s.stop();
  });
});
