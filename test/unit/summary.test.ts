import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ContainerAnatomy, PodAnatomy } from '../../src/model/anatomy';
import { KPod } from '../../src/model/k8s';
import { podRow } from '../../src/model/rows';
import { PodStore } from '../../src/model/store';
import { summarize } from '../../src/model/summary';
import { CURRENT, FIXTURES, OLDER, RecordingSet, replay } from './replay';

// The tree lists from summaries and expands into anatomies: a summary must say what the
// containers it summarises say. Checked on every state of every recorded real pod.
const recordings = (set: RecordingSet) =>
  fs
    .readdirSync(path.join(FIXTURES, set))
    .filter(f => f.endsWith('.jsonl') && f !== 'nodes.jsonl')
    .map(f => f.slice(0, -6));
const regular = (c: ContainerAnatomy) => c.kind === 'app' || c.kind === 'sidecar';
const problem = (c: ContainerAnatomy) =>
  c.health === 'crashloop' ||
  (c.health === 'failed' && c.kind !== 'ephemeral') ||
  (c.restartCount > 0 && !!c.lastTermination && c.lastTermination.exitCode !== 0 && c.kind !== 'init');

function agrees(a: PodAnatomy, where: string): void {
  assert.deepStrictEqual(
    a.ready,
    { ready: a.containers.filter(c => regular(c) && c.ready).length, total: a.containers.filter(regular).length },
    where,
  );
  assert.strictEqual(
    a.restarts,
    a.containers.reduce((n, c) => n + c.restartCount, 0),
    where,
  );
  assert.strictEqual(a.podIP, a.sandbox.podIP, where);
  assert.strictEqual(a.hostNetwork, a.sandbox.hostNetwork, where);
  if (a.containers.some(problem) || a.sandbox.sandboxErrors.length)
    assert.ok(a.hasProblem, `${where}: a container or the sandbox has a problem`);
  if (
    a.containers.some(c => c.health === 'crashloop') &&
    !a.deletedAt &&
    a.phase !== 'Succeeded' &&
    a.phase !== 'Failed'
  )
    assert.strictEqual(a.health, 'crashloop', where);
  // Health is now: a running pod whose containers are all ready and none failing now is running,
  // whatever crashed before (that is its restart count).
  const failingNow = a.containers.some(
    c => (c.health === 'failed' && c.kind !== 'ephemeral') || c.health === 'crashloop',
  );
  if (!failingNow && a.status === 'Running' && !a.deletedAt && a.ready.ready === a.ready.total)
    assert.strictEqual(a.health, 'running', where);
}

describe('pod summaries (what the tree lists from)', () => {
  for (const set of [CURRENT, OLDER])
    for (const name of recordings(set)) {
      it(`${set}/${name}: every recorded state's summary agrees with its containers`, () => {
        const r = replay(name, undefined, set);
        if (!r.snapshots.length) return; // a recording of events only (a pod that never reached us)
        r.snapshots.forEach((a, i) => agrees(a, `${set}/${name} state ${i}`));
      });
    }
  it('a pod that crashed before and is running and ready now is healthy, its past crashes a restart badge', () => {
    for (const name of ['demo-crashy', 'demo-shared']) {
      const r = replay(name);
      const healed = r.snapshots.filter(
        a => a.restarts > 0 && a.status === 'Running' && a.ready.ready === a.ready.total,
      );
      assert.ok(healed.length > 0, `${name} has a running state after a crash`);
      for (const a of healed) {
        assert.strictEqual(a.health, 'running', `${name}: ${a.status} ${a.ready.ready}/${a.ready.total}`);
        assert.match(podRow(a).description, /\d+ restarts?/);
        assert.ok(a.hasProblem, 'still listed by the problems filter: it did crash');
      }
    }
  });
  it('the store lists rows from summaries, identical to rows from the full anatomy', () => {
    const r = replay('demo-crashy');
    const pod = r.store.pod(r.uid)!;
    const fresh = new PodStore();
    fresh.syncPods(pod.metadata!.namespace!, [pod]);
    for (const e of r.store.eventsOf(r.uid)) fresh.upsertEvent(e);
    const s = fresh.summary(r.uid)!;
    assert.ok(!('containers' in s), 'a listed pod gets a summary, not a full anatomy');
    assert.deepStrictEqual(podRow(s), podRow(fresh.anatomy(r.uid)!));
    assert.strictEqual(fresh.summary(r.uid), fresh.anatomy(r.uid), 'once built, the anatomy is the summary');
  });
  it('an event past the 200 kept per pod still refreshes the cached summary and anatomy', () => {
    const r = replay('demo-steady');
    const pod = r.store.pod(r.uid)!;
    const store = new PodStore();
    store.syncPods(pod.metadata!.namespace!, [pod]);
    const ev = (i: number, reason: string) => ({
      metadata: { uid: `ev-${i}`, namespace: pod.metadata!.namespace },
      involvedObject: { kind: 'Pod', uid: r.uid, namespace: pod.metadata!.namespace },
      reason,
      message: `event ${i}`,
      count: 1,
    });
    for (let i = 0; i < 200; i++) store.upsertEvent(ev(i, 'Pulled'));
    assert.strictEqual(store.summary(r.uid)!.hasProblem, false);
    assert.strictEqual(store.anatomy(r.uid)!.sandbox.sandboxErrors.length, 0);
    store.upsertEvent(ev(200, 'FailedCreatePodSandBox'));
    assert.strictEqual(store.eventsOf(r.uid).length, 200, 'the list stayed at its cap');
    assert.strictEqual(store.summary(r.uid)!.hasProblem, true);
    assert.strictEqual(store.anatomy(r.uid)!.sandbox.sandboxErrors.length, 1);
  });
  it('odd input: no spec, statuses only, no metadata', () => {
    const s = summarize({
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'x',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          },
        ],
      },
    } as KPod);
    assert.deepStrictEqual(
      [s.name, s.namespace, s.ready, s.restarts, s.hasProblem, s.health],
      ['?', 'default', { ready: 1, total: 1 }, 2, true, 'running'], // OOMKilled before, running and ready now
    );
    assert.strictEqual(summarize({} as KPod).health, 'waiting');
  });
});
