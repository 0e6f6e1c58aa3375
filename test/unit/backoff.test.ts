import * as assert from 'assert';
import { backoffCountdown, defaultDelay, observedDelays } from '../../src/model/backoff';
import { describeBackoff } from '../../src/model/explain/describe';
import { explainConcept } from '../../src/model/explain/catalog';
import { instancesOf } from '../../src/model/history';
import { CURRENT, replay } from './replay';

describe('back-off that tells the truth', () => {
  it("the kubelet's default: the first restart immediate, then 10 s doubling to 5 min", () => {
    assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map(defaultDelay), [0, 10, 20, 40, 80, 160, 300, 300, 300]);
    const c = explainConcept('backoff')!;
    assert.match(c.summary, /By default the first restart is immediate, then 10 s doubling up to 5 minutes/);
    assert.match(c.detail, /can shorten/);
  });

  it('crashy (1.37): the delays observed between instances match the default schedule', () => {
    const r = replay('demo-crashy', undefined, CURRENT);
    const h = r.store.history(r.uid)!;
    const ds = observedDelays(instancesOf(h, 'app'));
    assert.deepStrictEqual(
      ds.map(d => [d.from, d.to, d.seconds, d.expected, d.verdict]),
      [
        [1, 2, 0, 0, 'as-default'],
        [2, 3, 12, 10, 'as-default'],
        [3, 4, 23, 20, 'as-default'],
        [4, 5, 56, 40, 'as-default'],
      ],
    );
    const a = r.snapshots.filter(x => x.containers[0].backoff).pop()!;
    const text = describeBackoff(a.containers[0], Date.parse(a.containers[0].backoff!.nextStartAt!) - 5000, h)!;
    assert.match(text, /^The kubelet's default back-off: the first restart is immediate, then 10s, 20s/);
    assert.match(text, /a node can be configured shorter/);
    assert.match(text, /Observed restarts: #1→#2 0s, #2→#3 12s, #3→#4 23s, #4→#5 56s: as the default schedule/);
  });

  it('delays shorter than the default are said to be so (a node with a shorter back-off)', () => {
    const t = (s: number) => new Date(Date.parse('2026-11-27T05:00:00Z') + s * 1000).toISOString();
    const runs = [
      { ordinal: 1, startedAt: t(0), finishedAt: t(2) },
      { ordinal: 2, startedAt: t(2), finishedAt: t(4) },
      { ordinal: 3, startedAt: t(5), finishedAt: t(7) },
      { ordinal: 4, startedAt: t(9), finishedAt: t(11) },
    ];
    assert.deepStrictEqual(
      observedDelays(runs).map(d => d.verdict),
      ['as-default', 'shorter', 'shorter'],
    );
    // A restart that the back-off does not govern (a sandbox recreation) is not compared.
    assert.deepStrictEqual(
      observedDelays(runs.map((r, i) => ({ ...r, immediate: i === 1 }))).map(d => d.from),
      [1, 3],
    );
  });

  it('the countdown clamps at 0 and then says due: never negative, never growing', () => {
    const until = '2026-11-27T05:00:10Z';
    const at = (s: number) => Date.parse('2026-11-27T05:00:00Z') + s * 1000;
    assert.deepStrictEqual(backoffCountdown(until, at(0)), { due: false, seconds: 10 });
    assert.deepStrictEqual(backoffCountdown(until, at(9.5)), { due: false, seconds: 1 });
    for (const s of [10, 11, 60, 3600])
      assert.deepStrictEqual(backoffCountdown(until, at(s)), { due: true, seconds: 0 });
    assert.strictEqual(backoffCountdown(undefined, at(0)), undefined);
    const r = replay('demo-crashy', undefined, CURRENT);
    const c = r.snapshots.filter(x => x.containers[0].backoff).pop()!.containers[0];
    const next = Date.parse(c.backoff!.nextStartAt!);
    const later = [1, 30, 600].map(s => describeBackoff(c, next + s * 1000)!);
    assert.ok(
      later.every(x => x === later[0]),
      'the text does not change as time passes the due time',
    );
    assert.match(later[0], /next start due \(expected \d\d:\d\d:\d\d; the kubelet starts it at its next sync\)/);
    assert.doesNotMatch(later[0], /in -|-\d+s/);
  });
});
