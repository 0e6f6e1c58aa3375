// The cluster session's watch API (ensureWatching, whenSynced, namespace state events) against a
// fake API client that answers lists with recorded objects and refuses what a test says.
import * as assert from 'assert';
import { ApiClient } from '../../src/cluster/client';
import { ApiError } from '../../src/cluster/errors';
import { ClusterSession, NamespaceState } from '../../src/cluster/session';
import { KEvent, KPod } from '../../src/model/k8s';
import { readRecording } from './replay';

type Answer = { items: unknown[] } | ApiError;

/** Lists answer at once (or when released); watches stay open until aborted, as a quiet cluster's do. */
class FakeClient {
  readonly listed: string[] = [];
  private readonly held = new Map<string, () => void>();
  constructor(
    private readonly answers: (path: string) => Answer,
    private readonly hold: string[] = [],
  ) {}
  async getJson<T>(path: string): Promise<T> {
    const base = path.split('?')[0];
    if (this.hold.includes(base)) await new Promise<void>(r => this.held.set(base, r));
    this.listed.push(base);
    const a = this.answers(base);
    if (a instanceof ApiError) throw a;
    return { ...a, metadata: { resourceVersion: '1' } } as T;
  }
  watch(_url: string, _on: unknown, signal: AbortSignal): Promise<void> {
    return new Promise(resolve => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  resetAuth(): void {}
  release(path: string): void {
    this.held.get(path)?.();
  }
}

const recorded = <T>(kind: 'Pod' | 'Event'): T[] => {
  const byUid = new Map<string, T>();
  for (const r of readRecording('demo-crashy').filter(x => x.kind === kind && x.type !== 'DELETED')) {
    const o = r.object as { metadata?: { uid?: string } };
    byUid.set(o.metadata?.uid ?? '', o as T);
  }
  return [...byUid.values()];
};
const pods = recorded<KPod>('Pod');
const events = recorded<KEvent>('Event');
const ns = pods[0].metadata?.namespace ?? 'demo';
const PODS = `/api/v1/namespaces/${ns}/pods`;
const EVENTS = `/api/v1/namespaces/${ns}/events`;

const forbidden = (what: string) =>
  new ApiError(`${what} is forbidden: User "x" cannot list resource`, 403, 'forbidden');

function sessionWith(fake: FakeClient): ClusterSession {
  return new ClusterSession(
    { name: 'fake', file: 'fake', namespace: ns, kubeConfig: {} as never },
    undefined,
    fake as unknown as ApiClient,
  );
}

describe('cluster session: watching has one owner', () => {
  const sessions: ClusterSession[] = [];
  const make = (fake: FakeClient) => {
    const s = sessionWith(fake);
    sessions.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of sessions.splice(0)) s.stop();
  });

  it('whenSynced resolves once the pods are listed (events first), and the store holds them', async () => {
    const fake = new FakeClient(p => (p === PODS ? { items: pods } : { items: events }));
    const s = make(fake);
    const st = await s.whenSynced(ns);
    assert.deepStrictEqual(
      { phase: st?.phase, synced: st?.synced },
      { phase: 'live', synced: true },
      JSON.stringify(st),
    );
    assert.deepStrictEqual(fake.listed, [EVENTS, PODS], 'events are listed before pods');
    assert.deepStrictEqual(s.store.podUids(ns).sort(), pods.map(p => p.metadata!.uid!).sort());
    assert.strictEqual(s.namespaceState(ns)?.synced, true);
  });

  it('whenSynced waits for the list: it has not resolved while the pods list is still on its way', async () => {
    const fake = new FakeClient(p => (p === PODS ? { items: pods } : { items: events }), [PODS]);
    const s = make(fake);
    let settled: NamespaceState | undefined;
    const done = s.whenSynced(ns).then(st => (settled = st));
    // Everything but the pods list has happened once the events list is in (the fake answers at once).
    await new Promise(r => setImmediate(r));
    assert.strictEqual(settled, undefined);
    assert.deepStrictEqual(s.namespaceState(ns), { phase: 'connecting', synced: false });
    fake.release(PODS);
    await done;
    assert.strictEqual((settled as NamespaceState | undefined)?.synced, true);
  });

  it('whenSynced answers with the failure when listing pods is forbidden; the events say so too', async () => {
    const fake = new FakeClient(p => (p === PODS ? forbidden('pods') : forbidden('events')));
    const s = make(fake);
    const seen: [string, NamespaceState][] = [];
    s.onDidChangeNamespaceState((n, st) => seen.push([n, st]));
    const st = await s.whenSynced(ns);
    assert.strictEqual(st?.phase, 'failed');
    assert.strictEqual(st?.kind, 'forbidden');
    assert.strictEqual(st?.synced, false);
    assert.match(st?.cause ?? '', /pods is forbidden/);
    assert.deepStrictEqual(
      seen.map(([n, x]) => [n, x.phase]),
      [[ns, 'failed']],
    );
  });

  it('ensureWatching is idempotent: a second caller starts no second watch', async () => {
    const fake = new FakeClient(p => (p === PODS ? { items: pods } : { items: events }));
    const s = make(fake);
    assert.strictEqual(s.ensureWatching(ns), true);
    assert.strictEqual(s.ensureWatching(ns), true);
    await Promise.all([s.whenSynced(ns), s.whenSynced(ns)]);
    assert.deepStrictEqual(fake.listed, [EVENTS, PODS]);
  });

  it('stopping the session answers whoever still waits for a sync', async () => {
    const fake = new FakeClient(p => (p === PODS ? { items: pods } : { items: events }), [EVENTS]);
    const s = make(fake);
    const waiting = s.whenSynced(ns);
    s.stop();
    const st = await waiting;
    assert.deepStrictEqual({ phase: st?.phase, synced: st?.synced }, { phase: 'stopped', synced: false });
  });

  it('a context without a usable configuration cannot be watched: whenSynced says so at once', async () => {
    const s = new ClusterSession({ name: 'broken', file: 'x', problem: 'no server' });
    assert.strictEqual(s.ensureWatching('demo'), false);
    assert.strictEqual(await s.whenSynced('demo'), undefined);
    assert.strictEqual(s.namespaceState('demo'), undefined);
  });

  it('whenNamespacesKnown: the listed namespaces, or the context namespace when listing them is forbidden', async () => {
    const listed = make(new FakeClient(() => ({ items: [{ metadata: { name: 'b' } }, { metadata: { name: ns } }] })));
    listed.start();
    assert.deepStrictEqual(await listed.whenNamespacesKnown(), [ns, 'b']);
    const refused = make(new FakeClient(() => forbidden('namespaces')));
    refused.start();
    assert.deepStrictEqual(await refused.whenNamespacesKnown(), [ns]);
    const broken = new ClusterSession({ name: 'broken', file: 'x', problem: 'no server' });
    assert.strictEqual(await broken.whenNamespacesKnown(), undefined);
  });
});
