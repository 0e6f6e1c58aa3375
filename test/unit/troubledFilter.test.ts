// The crash radar's "Troubled" filter (issue 19 §3): the tree lists exactly the pods the badge counts
// (one rule, model/radar.ts), events included, and it combines with the other parts of the filter.
import * as assert from 'assert';
import { describeFilter, isActive, matches } from '../../src/model/filter';
import { KEvent, KPod } from '../../src/model/k8s';
import { listPods } from '../../src/model/podList';
import { troubledContainers, troubledPodUids } from '../../src/model/radar';
import { PodStore } from '../../src/model/store';
import { CURRENT, readRecording, replay } from './replay';

const TROUBLED = { troubledOnly: true };
const podsIn = (store: PodStore, ns: string) => store.podUids(ns).map(uid => store.pod(uid)!);

describe('"Troubled" filter (issue 19 §3)', () => {
  it('lists, at every recorded update of several pods, exactly the pods the badge counts', () => {
    const store = new PodStore();
    const names = ['demo-crashy', 'demo-steady', 'demo-restart-all', 'demo-no-image', 'demo-sigkill'];
    const all = names.flatMap(n => readRecording(n, CURRENT)).sort((a, b) => a.t - b.t);
    let sawTroubled = 0,
      sawWell = 0;
    for (const r of all) {
      if (r.kind === 'Event') store.upsertEvent(r.object as KEvent);
      else if (r.kind === 'Pod' && r.type === 'DELETED') store.deletePod(r.object as KPod);
      else if (r.kind === 'Pod') store.upsertPod(r.object as KPod);
      const listed = listPods(store, 'demo', TROUBLED).map(p => p.uid);
      const counted = troubledPodUids(troubledContainers(podsIn(store, 'demo'), uid => store.eventsOf(uid)));
      assert.deepStrictEqual(new Set(listed), counted);
      sawTroubled += listed.length ? 1 : 0;
      sawWell += store.podUids('demo').length > listed.length ? 1 : 0;
    }
    assert.ok(sawTroubled > 0 && sawWell > 0, 'the recordings have troubled and untroubled moments');
  });

  it('crashy in CrashLoopBackOff is listed, steady is not; a name filter still applies', () => {
    const crashy = replay('demo-crashy', undefined, CURRENT);
    const pod = crashy.store.pod(crashy.uid)!;
    const steady = replay('demo-steady', undefined, CURRENT);
    const events = () => [];
    assert.ok(!matches(TROUBLED, steady.store.pod(steady.uid)!, steady.last, events));
    const looped = structuredClone(pod);
    looped.status!.containerStatuses!.find(s => s.name === 'app')!.state = {
      waiting: { reason: 'CrashLoopBackOff' },
    };
    assert.ok(matches(TROUBLED, looped, crashy.last, events));
    assert.ok(matches({ ...TROUBLED, text: 'cras' }, looped, crashy.last, events));
    assert.ok(!matches({ ...TROUBLED, text: 'nope' }, looped, crashy.last, events));
  });

  it("a running, not-ready container is troubled only with a warning event: the store's events are read", () => {
    const r = replay('demo-steady', undefined, CURRENT);
    const pod = structuredClone(r.store.pod(r.uid)!);
    for (const s of pod.status!.containerStatuses!) s.ready = false;
    r.store.upsertPod(pod);
    assert.deepStrictEqual(listPods(r.store, 'demo', TROUBLED), []);
    r.store.upsertEvent({
      metadata: { uid: 'ev-1', namespace: 'demo' },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      involvedObject: { kind: 'Pod', uid: r.uid, namespace: 'demo' },
    });
    assert.deepStrictEqual(
      listPods(r.store, 'demo', TROUBLED).map(p => p.uid),
      [r.uid],
    );
  });

  it('a container that failed again after restarting is in the loop, also between its crash and its back-off', () => {
    const r = replay('demo-crashy', undefined, CURRENT);
    const pod = structuredClone(r.store.pod(r.uid)!);
    const app = pod.status!.containerStatuses!.find(s => s.name === 'app')!;
    app.restartCount = 3;
    app.state = { terminated: { exitCode: 1, reason: 'Error' } };
    assert.ok(matches(TROUBLED, pod, r.last, () => []));
    // The first failure of a container that never restarted, or a clean exit: not a loop.
    app.restartCount = 0;
    assert.ok(!matches(TROUBLED, pod, r.last, () => []));
    app.restartCount = 3;
    app.state = { terminated: { exitCode: 0, reason: 'Completed' } };
    app.lastState = {};
    assert.ok(!matches(TROUBLED, pod, r.last, () => []));
  });

  it('is an active filter and says so', () => {
    assert.ok(isActive(TROUBLED));
    assert.ok(!isActive({ troubledOnly: false }));
    assert.strictEqual(describeFilter(TROUBLED), 'only troubled');
    assert.strictEqual(describeFilter({ text: 'web', troubledOnly: true }), '"web" + only troubled');
  });
});
