// A whole-pod in-place restart (RestartAllContainers) removes running containers and the kubelet writes a
// synthetic lastState with null times. Seen in the e2e's restart-all chart: buddy #1, watched running since
// its start, had become "untimed" (no bar) because those nulls overwrote the start Pod X-Ray had seen.
import * as assert from 'assert';
import { fitWindow } from '../../src/webview/layout/scale';
import { layoutTimeline, timesOf } from '../../src/webview/layout/timelineLayout';
import { buildSnapshot } from '../../src/webview/snapshot';
import { CURRENT, replay } from './replay';

describe('a whole-pod restart keeps the times seen live', () => {
  it('buddy #1 (running when removed) keeps its start, and the chart draws it as a bar', () => {
    const r = replay('demo-restart-all', undefined, CURRENT);
    const h = r.store.history(r.uid)!;
    const buddy1 = h.instances.find(i => i.container === 'buddy' && i.ordinal === 1)!;
    assert.strictEqual(buddy1.startedAt, '2026-11-27T04:56:54Z', 'the start seen live stands');
    assert.ok(buddy1.finishedAt === undefined, 'its end was not seen: unknown, not invented');
    assert.strictEqual(buddy1.reason, 'RestartingAllContainers', 'the whole-pod restart removed it');
    for (const i of h.instances)
      assert.ok(i.startedAt !== null && i.finishedAt !== null, `${i.container} #${i.ordinal}`);
    const now = Math.max(...timesOf(h).filter(Number.isFinite)) + 5_000;
    const s = buildSnapshot('ctx', r.last, h, false, now);
    const L = layoutTimeline({
      containers: s.anatomy.containers,
      instances: s.instances,
      generations: s.generations,
      current: s.current,
      causes: s.causes,
      now,
      window: fitWindow(timesOf(s), now),
      width: 900,
    });
    assert.deepStrictEqual(
      L.bars.filter(b => b.container === 'buddy').map(b => b.ordinal),
      [1, 2],
    );
    assert.strictEqual(L.lanes.find(l => l.container === 'buddy')!.untimed, 0);
  });
});
