// A big namespace's first list, page by page: the first page's rows are in the store (and the
// tree) at once, later pages join without changing the order of what is shown, and the watch
// starts from the final page's resourceVersion.
import * as assert from 'assert';
import { ApiClient } from '../../src/cluster/client';
import { ClusterSession } from '../../src/cluster/session';
import { byName } from '../../src/model/format';
import { KPod } from '../../src/model/k8s';
import { listPods } from '../../src/model/podList';

const NS = 'big';
const PODS = `/api/v1/namespaces/${NS}/pods`;
const pod = (name: string): KPod => ({
  metadata: { name, namespace: NS, uid: `uid-${name}`, resourceVersion: '7' },
  spec: { nodeName: 'n', containers: [{ name: 'app', env: [{ name: 'X', value: 'y' }] } as never] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] },
});
/** What etcd does: a namespace's pods in key order (bytes of the name). */
const serverOrder = (names: string[]) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Answers pod lists in pages of `limit`, in server order; a page can be held until released. */
class PagedClient {
  readonly watchedFrom: string[] = [];
  private readonly gates = new Map<number, () => void>();
  constructor(
    private readonly names: string[],
    private readonly holdPages: number[] = [],
  ) {}
  async getJson<T>(path: string): Promise<T> {
    const [base, q] = path.split('?');
    if (base !== PODS) return { items: [], metadata: { resourceVersion: '1' } } as T;
    const qs = new URLSearchParams(q);
    const limit = Number(qs.get('limit') ?? 500),
      from = Number(qs.get('continue') ?? 0);
    const page = from / limit;
    if (this.holdPages.includes(page)) await new Promise<void>(r => this.gates.set(page, r));
    const items = serverOrder(this.names)
      .slice(from, from + limit)
      .map(pod);
    const more = from + limit < this.names.length;
    return { items, metadata: { resourceVersion: '42', ...(more ? { continue: String(from + limit) } : {}) } } as T;
  }
  watch(url: string, _on: unknown, signal: AbortSignal): Promise<void> {
    const [base, q] = url.split('?');
    if (base === PODS) this.watchedFrom.push(new URLSearchParams(q).get('resourceVersion') ?? '');
    return new Promise(resolve => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  resetAuth(): void {}
  release(page: number): void {
    this.gates.get(page)?.();
  }
}

const session = (c: PagedClient) =>
  new ClusterSession(
    { name: 'fake', file: 'fake', namespace: NS, kubeConfig: {} as never },
    undefined,
    c as unknown as ApiClient,
  );
const tick = () => new Promise(r => setImmediate(r));
const shownNames = (s: ClusterSession) => listPods(s.store, NS).map(p => p.summary.name);
async function until(what: string, f: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !f(); i++) await tick();
  assert.ok(f(), what);
}

describe('paged first list: first rows at once, order kept', () => {
  const names = Array.from({ length: 1234 }, (_, i) => `bench-${String(i).padStart(5, '0')}`);

  it('the first page is shown while the second is on its way; then the rest, and the watch from the last RV', async () => {
    const c = new PagedClient(names, [1]);
    const s = session(c);
    const states: (number | undefined)[] = [];
    s.onDidChangeNamespaceState((_n, st) => states.push(st.loading));
    s.ensureWatching(NS);
    await until('first page listed', () => s.store.podCount(NS) === 500);
    assert.strictEqual(s.namespaceState(NS)?.synced, false);
    assert.strictEqual(s.namespaceState(NS)?.loading, 500, 'the tree is told 500 pods are in');
    assert.deepStrictEqual(shownNames(s), names.slice(0, 500), 'the first page, in name order');
    assert.deepStrictEqual(c.watchedFrom, [], 'no watch before the list is complete');
    c.release(1);
    const st = await s.whenSynced(NS);
    assert.strictEqual(st?.synced, true);
    assert.strictEqual(s.namespaceState(NS)?.loading, undefined);
    assert.deepStrictEqual(shownNames(s), names);
    await until('watch started', () => c.watchedFrom.length === 1);
    assert.deepStrictEqual(c.watchedFrom, ['42'], "the watch starts from the final page's resourceVersion");
    assert.strictEqual(states[0], 500);
    s.stop();
  });

  it('pods are kept as projections (no env values)', async () => {
    const c = new PagedClient(names.slice(0, 3));
    const s = session(c);
    await s.whenSynced(NS);
    const kept = s.store.pod(s.store.podUids(NS)[0])!;
    assert.ok(!JSON.stringify(kept).includes('"env"'), JSON.stringify(kept));
    s.stop();
  });

  // The rule: pages arrive in server order (bytes); the tree sorts by name as people read it
  // (numbers by value). Rows already shown never change order: a later page's rows join at
  // their places. Where both orders agree (zero-padded numbers, same-length hashes) they are
  // appended below what is shown.
  const pagesOf = (all: string[], size: number) => {
    const o = serverOrder(all);
    return Array.from({ length: Math.ceil(o.length / size) }, (_, i) => o.slice(i * size, (i + 1) * size));
  };
  const isSubsequence = (part: string[], whole: string[]) => {
    let i = 0;
    for (const x of whole) if (x === part[i]) i++;
    return i === part.length;
  };
  for (const [what, all] of [
    ['zero-padded', names],
    [
      'ReplicaSet hashes',
      Array.from({ length: 900 }, (_, i) => `web-7d9f8c6b5-${(i * 7919).toString(36).padStart(5, 'x')}`),
    ],
    ['unpadded numbers', Array.from({ length: 1200 }, (_, i) => `job-${i}`)],
  ] as const)
    it(`${what}: rows shown never change order as pages arrive`, async () => {
      const final = [...all].sort(byName);
      const s = session(new PagedClient([]));
      let before: string[] = [];
      let appendedOnly = true;
      for (const page of pagesOf(all, 250)) {
        s.store.listPage(NS, page.map(pod));
        const now = shownNames(s);
        assert.ok(isSubsequence(before, now), 'what was shown keeps its order');
        assert.ok(isSubsequence(now, final), 'and is in the final order');
        if (now.slice(0, before.length).join() !== before.join()) appendedOnly = false;
        before = now;
      }
      assert.deepStrictEqual(before, final);
      const sameOrder = serverOrder(all).join() === final.join();
      assert.strictEqual(appendedOnly, sameOrder, 'appended below exactly when both orders agree');
    });
});
