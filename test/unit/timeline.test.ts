import * as assert from 'assert';
import { PodAnatomy } from '../../src/model/anatomy';
import { PodHistory } from '../../src/model/history';
import { buildTimeline, framesOf } from '../../src/model/timeline';
import { KEvent, KNode, KPod } from '../../src/model/k8s';
import { PodStore } from '../../src/model/store';
import { CURRENT, readRecording, replay } from './replay';

/** demo-web-init (two init containers, then web) with every start and exit moved into one second. */
function sameSecond(): { h: PodHistory; a: PodAnatomy } {
  const r = replay('demo-web-init');
  const h = structuredClone(r.store.history(r.uid)!);
  const t = h.generations[0].since!;
  for (const i of h.instances) {
    i.startedAt = t;
    if (i.finishedAt) i.finishedAt = t;
  }
  return { h, a: r.last };
}

describe('timeline order within one second', () => {
  it('an init container that starts and exits in the same second as the next one starts runs alone', () => {
    const { h, a } = sameSecond();
    const steps = buildTimeline(h, a);
    assert.deepStrictEqual(
      steps.map(s => `${s.kind} ${s.container ?? ''}`.trim()),
      [
        'sandbox-created',
        'container-started fetch-config',
        'container-exited fetch-config',
        'container-started migrate',
        'container-exited migrate',
        'container-started web',
      ],
    );
    for (const f of framesOf(steps, a.containers)) {
      const running = f.containers.filter(c => c.phase === 'running').map(c => c.name);
      assert.ok(running.length <= 1, `one container at a time here, got ${running}`);
    }
  });

  it('a container start, its exit and its next instance start keep their order in one second', () => {
    const r = replay('demo-crashy');
    const h = structuredClone(r.store.history(r.uid)!);
    const app = h.instances.filter(i => i.container === 'app');
    // instance #1 starts and exits, and #2 starts, all in one second
    app[0].startedAt = app[1].startedAt = app[0].finishedAt;
    const steps = buildTimeline(h, r.last).filter(s => s.container === 'app');
    const at = (kind: string, ordinal: number) => steps.findIndex(s => s.kind === kind && s.ordinal === ordinal);
    assert.ok(at('container-started', 1) < at('container-exited', 1));
    assert.ok(at('container-exited', 1) < at('container-started', 2));
    assert.ok(at('container-started', 2) < at('container-exited', 2));
  });
});

describe('a recreated sandbox whose new status has not arrived yet', () => {
  it('the timeline does not give the new generation the old IP (the event comes before the new status)', () => {
    const store = new PodStore();
    for (const r of readRecording('nodes', CURRENT)) store.setNode(r.object as KNode);
    let checked = 0;
    for (const r of readRecording('demo-shared', CURRENT)) {
      if (r.kind === 'Event') store.upsertEvent(r.object as KEvent);
      else if (r.kind === 'Pod' && r.type !== 'DELETED') store.upsertPod(r.object as KPod);
      else continue;
      const uid = store.uidByName('demo', 'shared');
      const h = uid && store.history(uid);
      const a = uid && store.anatomy(uid);
      if (!h || !a || h.generations.length < 2) continue;
      const [g1, g2] = h.generations.slice(-2);
      const step = buildTimeline(h, a).find(s => s.kind === 'sandbox-recreated' && s.generation === g2.generation);
      if (!step || g2.podIP) continue; // the new IP is known: nothing to check at this moment
      checked++;
      assert.notStrictEqual(step.podIP, g1.podIP, `generation ${g2.generation} shown with the old IP: ${step.label}`);
    }
    assert.ok(checked > 0, 'the recording has a moment between the event and the new status');
  });
});

describe('timeline: instances removed by a whole-pod in-place restart (1.37 restart-all recording)', () => {
  const r = replay('demo-restart-all', undefined, CURRENT);
  const h = r.store.history(r.uid)!;
  const steps = buildTimeline(h, r.last);

  it('an instance seen running keeps its start and ID when the kubelet replaces its status with a synthetic one (null times, no ID)', () => {
    const buddy = h.instances.find(i => i.container === 'buddy' && i.ordinal === 1)!;
    assert.strictEqual(buddy.startedAt, '2026-11-27T04:56:54Z');
    assert.match(buddy.containerId ?? '', /b964a1$/);
    assert.strictEqual(buddy.reason, 'RestartingAllContainers', 'what the kubelet said of its end stays');
    assert.ok(steps.some(s => s.kind === 'container-started' && s.container === 'buddy' && s.ordinal === 1));
  });

  it('every instance that ended has its exit step, even when the kubelet recorded no end time', () => {
    const ended = h.instances.filter(i => i.end);
    assert.ok(
      ended.some(i => !i.finishedAt),
      'the recording has an instance without an end time',
    );
    for (const i of ended) {
      const exit = steps.find(
        s => s.kind === 'container-exited' && s.container === i.container && s.ordinal === i.ordinal,
      );
      assert.ok(exit, `no exit step for ${i.container} #${i.ordinal}: ${steps.map(s => s.label).join(' | ')}`);
    }
    // Removed after the exit that asked for the round, before the init container runs again.
    const order = steps.map(s => `${s.container} #${s.ordinal} ${s.kind}`);
    const at = (k: string) => order.indexOf(k);
    assert.ok(at('worker #1 container-exited') < at('buddy #1 container-exited'), order.join(' | '));
    assert.ok(at('buddy #1 container-exited') < at('init-config #2 container-started'), order.join(' | '));
  });
});

describe('timeline: a container in back-off (1.37 crashy recording, cut at its first CrashLoopBackOff)', () => {
  it('the back-off follows the exit of the instance that just died, and names it', () => {
    const records = readRecording('demo-crashy', CURRENT);
    const cut = records.findIndex(
      r =>
        r.kind === 'Pod' &&
        !!(r.object as KPod).status?.containerStatuses?.some(c => c.state?.waiting?.reason === 'CrashLoopBackOff'),
    );
    assert.ok(cut > 0);
    const store = new PodStore();
    for (const r of readRecording('nodes', CURRENT)) store.setNode(r.object as KNode);
    let uid = '';
    for (const r of records.slice(0, cut + 1)) {
      if (r.kind === 'Event') store.upsertEvent(r.object as KEvent);
      if (r.kind !== 'Pod') continue;
      store.upsertPod(r.object as KPod);
      uid = (r.object as KPod).metadata!.uid!;
    }
    const a = store.anatomy(uid)!;
    const steps = buildTimeline(store.history(uid)!, a);
    const b = steps.findIndex(s => s.kind === 'back-off' && s.container === 'app');
    assert.ok(b > 0, steps.map(s => s.label).join(' | '));
    const exit = steps.findIndex(
      s => s.kind === 'container-exited' && s.container === 'app' && s.ordinal === steps[b].ordinal,
    );
    assert.ok(exit >= 0 && exit < b, steps.map(s => `${s.label} (${s.ordinal})`).join(' | '));
    const died = a.containers.find(c => c.name === 'app')!;
    assert.strictEqual(steps[b].ordinal, died.restartCount + 1, 'in back-off the dead instance is #restartCount+1');
  });
});
