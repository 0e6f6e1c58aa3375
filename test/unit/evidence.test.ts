import * as assert from 'assert';
import { describeSandbox } from '../../src/model/explain/describe';
import { instancesOf } from '../../src/model/history';
import { mergeHistory, parseHistory } from '../../src/model/historyBook';
import { KEvent, KPod } from '../../src/model/k8s';
import { sandboxRow } from '../../src/model/rows';
import { PodStore } from '../../src/model/store';
import { buildTimeline, framesOf } from '../../src/model/timeline';
import { CURRENT, OLDER, RecordingSet, readRecording, replay } from './replay';

/**
 * A pod first seen late: a fresh watch lists the pod as it is now (the last recorded frame) and
 * the events the API server still holds. `events: false` is the same an hour later, events gone;
 * `count` pretends the kubelet recreated the sandbox that many times before.
 */
function seenLate(name: string, set: RecordingSet, opts: { events: boolean; count?: number; eventsFirst?: boolean }) {
  const recs = readRecording(name, set);
  const pods = recs.filter(r => r.kind === 'Pod' && r.type !== 'DELETED').map(r => r.object as KPod);
  const last = pods[pods.length - 1];
  const uid = last.metadata!.uid!;
  const events = recs
    .filter(r => r.kind === 'Event')
    .map(r => structuredClone(r.object as KEvent))
    .filter(e => e.involvedObject?.uid === uid);
  if (opts.count) for (const e of events) if (e.reason === 'SandboxChanged') e.count = opts.count;
  const store = new PodStore();
  for (const r of readRecording('nodes', set)) store.setNode(r.object as never);
  if (opts.events && opts.eventsFirst) store.syncEvents(events);
  store.upsertPod(last);
  if (opts.events && !opts.eventsFirst) store.syncEvents(events);
  const h = store.history(uid)!;
  return { store, uid, h, a: store.anatomy(uid)!, last, events };
}

const fact = (d: { facts: [string, string][] }, k: string) => d.facts.find(([x]) => x === k)?.[1] ?? '';

describe('evidence: a pod first seen after its sandbox was recreated', () => {
  for (const eventsFirst of [true, false])
    it(`1.37, killed three times before: the current generation, its time and the last instance (events ${
      eventsFirst ? 'before' : 'after'
    } the pod)`, () => {
      const { h, a, last } = seenLate('demo-shared', CURRENT, { events: true, count: 3, eventsFirst });
      const cur = h.generations[h.generations.length - 1];
      assert.strictEqual(cur.generation, 4, 'three recreations: the fourth sandbox');
      assert.deepStrictEqual(
        h.generations.map(g => [g.generation, g.cause]),
        [
          [3, 'inferred'],
          [4, 'SandboxChanged'],
        ],
        'the one before it is known to have existed; nothing older is made up',
      );
      const ready = last.status!.conditions!.find(c => c.type === 'PodReadyToStartContainers')!.lastTransitionTime;
      assert.strictEqual(cur.since, ready, "created when this sandbox became ready, not the previous one's time");
      assert.strictEqual(cur.podIP, last.status!.podIP);
      for (const name of ['server', 'client']) {
        const [now, before] = instancesOf(h, name);
        assert.strictEqual(now.generation, 4, `${name}'s running instance is in the current sandbox`);
        assert.strictEqual(before.generation, 3, `${name}'s previous instance ran in the sandbox before`);
        assert.strictEqual(before.end?.kind, 'sandbox', `${name}'s previous instance ended with its sandbox`);
      }
      const g = fact(describeSandbox(a, h), 'Generation');
      assert.match(g, /^at least 4/);
      assert.match(g, /earlier ones unknown/);
      assert.doesNotMatch(g, /never recreated/);
      assert.strictEqual(sandboxRow(a, h).description.includes('generation ≥ 4'), true, sandboxRow(a, h).description);
    });

  it('1.37: the replay shows the last recreation as a recreation, not a plain restart', () => {
    const { h, a } = seenLate('demo-shared', CURRENT, { events: true, count: 3 });
    const steps = buildTimeline(h, a);
    const frames = framesOf(steps, a.containers);
    const exit = steps.findIndex(s => s.kind === 'container-exited' && s.container === 'server');
    const rec = steps.findIndex(s => s.kind === 'sandbox-recreated' && s.generation === 4);
    const start = steps.findIndex(s => s.kind === 'container-started' && s.container === 'server' && s.ordinal === 2);
    assert.ok(exit >= 0 && rec >= 0 && start >= 0, steps.map(s => s.label).join('\n'));
    assert.ok(rec < start, 'the new sandbox comes before the new instance');
    assert.strictEqual(frames[exit].generation, 3, 'the old instance runs in the previous generation');
    assert.strictEqual(frames[start].generation, 4);
    assert.match(steps[rec].label, /recreated/);
    assert.strictEqual(steps.filter(s => s.kind === 'sandbox-created').length, 0, 'no "first sandbox" claimed');
    // The old sandbox had an IP we never saw: "unknown", not "no IP", and not the current one held steady.
    assert.ok(frames.slice(0, rec).every(f => f.ipUnknown && !f.podIP));
    assert.ok(frames.slice(rec).every(f => !f.ipUnknown && f.podIP === a.sandbox.podIP));
  });

  for (const eventsFirst of [true, false])
    it(`1.20 (no PodReadyToStartContainers): the current sandbox dates from the SandboxChanged event (events ${
      eventsFirst ? 'before' : 'after'
    } the pod)`, () => {
      const { h } = seenLate('demo-shared', OLDER, { events: true, eventsFirst });
      const cur = h.generations[h.generations.length - 1];
      assert.strictEqual(cur.generation, 2);
      assert.strictEqual(cur.since, '2026-11-25T22:59:10Z', "not the previous instance's start (22:58:34)");
      for (const name of ['server', 'client']) assert.strictEqual(instancesOf(h, name)[1].generation, 1);
    });
});

describe('evidence: renumbered generations in the history book', () => {
  it('the account before the events renumbered it does not come back in a merge or from a file', () => {
    const early = seenLate('demo-shared', CURRENT, { events: false });
    const before = structuredClone(early.h); // generations 1, 2 (from the condition alone)
    const late = seenLate('demo-shared', CURRENT, { events: true, count: 3 });
    for (const [a, b] of [
      [before, late.h],
      [late.h, before],
    ]) {
      const m = mergeHistory(a, b);
      assert.deepStrictEqual(
        m.generations.map(g => g.generation),
        [3, 4],
      );
      assert.deepStrictEqual(
        instancesOf(m, 'server').map(i => i.generation),
        [4, 3],
      );
    }
    const read = parseHistory(JSON.stringify(late.h))!;
    assert.deepStrictEqual(mergeHistory(read, before).generations, late.h.generations);
  });
});

describe('evidence: a late first look meets a history that saw the whole life', () => {
  it('the whole-life account keeps its exact generations, whichever side of the merge it is on', () => {
    const full = replay('demo-shared', undefined, CURRENT);
    const exact = full.store.history(full.uid)!;
    const late = seenLate('demo-shared', CURRENT, { events: false }).h;
    for (const [a, b] of [
      [exact, late],
      [late, exact],
    ]) {
      const m = mergeHistory(a, b);
      assert.deepStrictEqual(
        m.generations.map(g => [g.generation, g.cause]),
        [
          [1, 'initial'],
          [2, 'SandboxChanged'],
        ],
      );
      assert.strictEqual(m.coverage?.fromStart, true);
      assert.deepStrictEqual(
        instancesOf(m, 'server').map(i => i.generation),
        [2, 1],
      );
    }
    // A new window: the pod listed (a late first look), then the history file arrives.
    const store = new PodStore();
    store.upsertPod(seenLate('demo-shared', CURRENT, { events: false }).last);
    store.book.adopt([parseHistory(JSON.stringify(exact))!]);
    const a = store.anatomy(full.uid)!;
    assert.match(fact(describeSandbox(a, store.history(full.uid)), 'Generation'), /^2, recreated 1 time/);
  });
});

describe('evidence: the same pod once its events are gone', () => {
  it('1.20: says the generation is unknown, never "never recreated"', () => {
    const { h, a } = seenLate('demo-shared', OLDER, { events: false });
    const g = fact(describeSandbox(a, h), 'Generation');
    assert.doesNotMatch(g, /never recreated/);
    assert.match(g, /^unknown: Pod X-Ray started watching at .*, after the pod .*was running/);
    assert.match(g, /known only as a count \(2\)/);
    assert.match(sandboxRow(a, h).description, /generation unknown/);
    // The replay does not show the current IP held steady through a past it did not see.
    const steps = buildTimeline(h, a);
    const frames = framesOf(steps, a.containers);
    const seen = steps.findIndex(s => s.kind === 'sandbox-created');
    assert.match(steps[seen].label, /^sandbox first seen · IP 10\.244\.0\.33 \(earlier sandboxes unknown\)$/);
    assert.ok(seen > 0 && frames.slice(0, seen).every(f => f.ipUnknown && !f.podIP), 'IP unknown before');
  });

  it('1.37: PodReadyToStartContainers turning True after the previous instance started proves a recreation', () => {
    const { h, a } = seenLate('demo-shared', CURRENT, { events: false });
    assert.deepStrictEqual(
      h.generations.map(g => [g.generation, g.cause]),
      [
        [1, 'inferred'],
        [2, 'ready-transition'],
      ],
    );
    assert.strictEqual(instancesOf(h, 'server')[1].generation, 1);
    const g = fact(describeSandbox(a, h), 'Generation');
    assert.match(g, /^at least 2/);
    assert.match(fact(describeSandbox(a, h), 'Evidence'), /PodReadyToStartContainers turned True/);
  });
});

describe('evidence: "never recreated" needs the whole life', () => {
  it('watched since before any container started: never recreated, with the reason', () => {
    for (const set of [CURRENT, OLDER]) {
      const r = replay('demo-crashy', undefined, set);
      const h = r.store.history(r.uid)!;
      assert.strictEqual(h.coverage?.fromStart, true);
      assert.match(fact(describeSandbox(r.last, h), 'Generation'), /^1, never recreated.*since before any/);
    }
  });

  it('first seen running, events gone (1.20, no PodReadyToStartContainers): not "never recreated"', () => {
    const { h, a } = seenLate('demo-crashy', OLDER, { events: false });
    assert.strictEqual(h.coverage?.fromStart, false);
    assert.doesNotMatch(fact(describeSandbox(a, h), 'Generation'), /never recreated/);
  });

  it('1.37: PodReadyToStartContainers True since moments after the pod started is the first sandbox', () => {
    const { h, a } = seenLate('demo-crashy', CURRENT, { events: false });
    assert.strictEqual(h.coverage?.fromStart, true);
    assert.match(
      fact(describeSandbox(a, h), 'Generation'),
      /^1, never recreated.*\(PodReadyToStartContainers has been True since 04:56:48, 1s after the pod started/,
    );
  });

  it('1.37: the same condition turned True long after the start proves nothing about the past', () => {
    const recs = readRecording('demo-crashy', CURRENT).filter(r => r.kind === 'Pod');
    const pod = structuredClone(recs[recs.length - 1].object as KPod);
    pod.status!.conditions!.find(c => c.type === 'PodReadyToStartContainers')!.lastTransitionTime =
      '2026-11-27T04:57:30Z';
    const store = new PodStore();
    store.upsertPod(pod);
    const h = store.history(pod.metadata!.uid!)!;
    assert.strictEqual(h.coverage?.fromStart, false);
    assert.doesNotMatch(fact(describeSandbox(store.anatomy(pod.metadata!.uid!)!, h), 'Generation'), /never/);
  });

  it('a history stored by an older version (no coverage recorded) is not taken as the whole life', () => {
    const r = replay('demo-crashy', undefined, CURRENT);
    const h = structuredClone(r.store.history(r.uid)!);
    delete h.coverage;
    const g = fact(describeSandbox(r.last, h), 'Generation');
    assert.doesNotMatch(g, /never recreated/);
    assert.match(g, /not recorded/);
  });

  it('a pod whose events still reach back to its scheduling counts as covered', () => {
    const { h } = seenLate('demo-web-65cbffc4c8-b245v', CURRENT, { events: true, eventsFirst: true });
    assert.strictEqual(h.coverage?.fromStart, true, h.coverage?.how);
  });
});
