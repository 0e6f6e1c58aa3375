import * as assert from 'assert';
import type { InstanceRecord } from '../../src/model/history';
import { MIN_SPAN_MS, fitWindow, pan, ticks, timeAt, zoom } from '../../src/webview/layout/scale';
import { LayoutInput, layoutTimeline, timesOf } from '../../src/webview/layout/timelineLayout';
import { buildSnapshot } from '../../src/webview/snapshot';
import { CURRENT, replay } from './replay';

/** The layout input the page builds from a snapshot (media/anatomy/timeline.ts input()). */
function inputOf(name: string, width = 900, set = CURRENT): LayoutInput {
  const r = replay(name, undefined, set);
  const h = r.store.history(r.uid);
  const times = timesOf(h!);
  const now = Math.max(...times.filter(Number.isFinite)) + 5_000;
  const s = buildSnapshot('ctx', r.last, h, false, now);
  const backoffs: Record<string, string | undefined> = {};
  for (const c of s.anatomy.containers) if (c.backoff) backoffs[c.name] = c.backoff.nextStartAt;
  return {
    containers: s.anatomy.containers,
    instances: s.instances,
    generations: s.generations,
    current: s.current,
    causes: s.causes,
    backoffs,
    now,
    window: fitWindow(times, now),
    width,
  };
}

describe('timeline layout', () => {
  it('a crash loop: one lane, one bar per instance in time order, exits in red, back-off gaps between', () => {
    const input = inputOf('demo-crashy');
    const L = layoutTimeline(input);
    const app = input.containers[0].name;
    const bars = L.bars.filter(b => b.container === app);
    assert.strictEqual(bars.length, input.instances.filter(i => i.container === app).length);
    assert.ok(bars.length >= 3, `bars: ${bars.length}`);
    for (let k = 1; k < bars.length; k++) {
      assert.ok(bars[k].x >= bars[k - 1].x + bars[k - 1].w - 1, 'instances of one container do not overlap');
      assert.strictEqual(bars[k].y, bars[0].y, 'one lane');
    }
    for (const b of bars.filter(x => x.record.exitCode !== undefined && x.record.exitCode !== 0)) {
      assert.strictEqual(b.outcome, 'error');
      assert.match(b.label, new RegExp(`^#${b.ordinal} · exit ${b.record.exitCode}`));
    }
    assert.ok(L.gaps.length >= 1, 'the waits between instances are drawn');
    assert.match(L.gaps[0].label, /^waited \d+s before #\d+ \(back-off\)$/);
    for (const b of L.bars) assert.ok(b.x >= L.plot.x0 && b.x + b.w <= L.plot.x1 + 0.001, 'inside the plot');
  });

  it('a recreated sandbox: a band per generation labelled with its IP, a marker, the killed instance says why', () => {
    const input = inputOf('demo-shared');
    const L = layoutTimeline(input);
    const gens = input.generations.filter(g => g.since);
    assert.ok(gens.length >= 2, 'the recording has a recreation');
    assert.deepStrictEqual(
      L.bands.map(b => b.generation),
      gens.map(g => g.generation),
    );
    for (const b of L.bands) {
      const g = input.generations.find(x => x.generation === b.generation)!;
      const ip = g.podIP ?? (b.current ? input.current.podIP : undefined);
      assert.strictEqual(b.label, `sandbox ${g.generation} · ${ip ? `IP ${ip}` : 'IP not seen'}`);
    }
    assert.ok(L.bands[L.bands.length - 1].current);
    const recreations = L.markers.filter(m => m.kind === 'sandbox-recreated');
    assert.strictEqual(recreations.length, gens.length - 1);
    const killed = L.bars.filter(b => b.cause);
    assert.ok(killed.length >= 1, 'an instance ended by the recreation');
    for (const b of killed) assert.match(b.label, /· sandbox recreated \(generation \d+\)$/);
  });

  it('a whole-pod in-place restart: one bar per instance, each with its own end, keys unique even if an ordinal repeats', () => {
    const input = inputOf('demo-restart-all');
    const records = input.instances.filter(i => i.container === 'worker');
    // The model keeps one record per instance (a restart-all's synthetic lastState no longer splits one).
    assert.strictEqual(new Set(records.map(i => i.ordinal)).size, records.length, 'one record per instance');
    const L = layoutTimeline(input);
    const worker = L.bars.filter(b => b.container === 'worker');
    const untimed = records.filter(i => !i.startedAt && !i.finishedAt).length;
    assert.strictEqual(worker.length, records.length - untimed);
    assert.strictEqual(L.lanes.find(l => l.container === 'worker')!.untimed, untimed);
    assert.strictEqual(new Set(L.bars.map(b => b.key)).size, L.bars.length, 'keys are unique');
    assert.strictEqual(worker[worker.length - 1].outcome, 'running');
    // Should a history ever hold two records with one ordinal (older stored histories did), the bars
    // still keep apart: the key includes the short container ID.
    const last = records[records.length - 1];
    const twin = {
      ...last,
      containerId: `${last.containerId ?? 'x'}-twin`,
      shortId: 'twin00000000',
      finishedAt: undefined,
    };
    const L2 = layoutTimeline({ ...input, instances: [...input.instances, twin] });
    assert.strictEqual(new Set(L2.bars.map(b => b.key)).size, L2.bars.length, 'keys stay unique');
    assert.strictEqual(L2.bars.filter(b => b.container === 'worker').length, worker.length + 1);
  });

  it('lanes go init, sidecars, app, ephemeral; a container gone from the spec keeps its lane', () => {
    const inst = (container: string, kind: InstanceRecord['kind'], ordinal: number, s: number, e?: number) =>
      ({
        container,
        kind,
        ordinal,
        generation: 1,
        source: 'observed',
        startedAt: new Date(s * 1000).toISOString(),
        finishedAt: e === undefined ? undefined : new Date(e * 1000).toISOString(),
        exitCode: e === undefined ? undefined : 0,
      }) as InstanceRecord;
    const L = layoutTimeline({
      containers: [
        { name: 'web', kind: 'app', state: 'running' },
        { name: 'dbg', kind: 'ephemeral', state: 'running' },
        { name: 'proxy', kind: 'sidecar', state: 'running' },
        { name: 'setup', kind: 'init', state: 'terminated' },
      ],
      instances: [
        inst('setup', 'init', 1, 0, 2),
        inst('proxy', 'sidecar', 1, 2),
        inst('web', 'app', 1, 3),
        inst('old', 'app', 1, 1, 2),
      ],
      generations: [{ generation: 1, since: new Date(0).toISOString(), cause: 'initial', evidence: '' }],
      current: { generation: 1, podIP: '10.0.0.1' },
      now: 10_000,
      window: { from: 0, to: 10_000 },
      width: 800,
    });
    assert.deepStrictEqual(
      L.lanes.map(l => `${l.kind}:${l.container}`),
      ['init:setup', 'sidecar:proxy', 'app:web', 'app:old', 'ephemeral:dbg'],
    );
    assert.deepStrictEqual(
      L.groups.map(g => g.kind),
      ['init', 'sidecar', 'app', 'ephemeral'],
    );
    assert.strictEqual(L.lanes.find(l => l.container === 'old')!.inSpec, false);
    const web = L.bars.find(b => b.container === 'web')!;
    assert.strictEqual(web.outcome, 'running');
    assert.ok(Math.abs(web.x + web.w - L.nowX!) < 0.001, 'a running bar ends at now');
    assert.strictEqual(L.bars.find(b => b.container === 'setup')!.outcome, 'ok');
    assert.strictEqual(L.bands.length, 1);
    assert.strictEqual(L.bands[0].label, 'sandbox 1 · IP 10.0.0.1');
  });

  it('an instance whose end was never seen is drawn open, to the next start, and says so', () => {
    const L = layoutTimeline({
      containers: [{ name: 'a', kind: 'app', state: 'running' }],
      instances: [
        {
          container: 'a',
          kind: 'app',
          ordinal: 1,
          generation: 1,
          source: 'lastState',
          startedAt: '1970-01-01T00:00:01Z',
        },
        {
          container: 'a',
          kind: 'app',
          ordinal: 2,
          generation: 1,
          source: 'observed',
          startedAt: '1970-01-01T00:00:05Z',
        },
      ],
      generations: [],
      current: { generation: 1 },
      now: 9_000,
      window: { from: 0, to: 10_000 },
      width: 600,
    });
    const [first, second] = L.bars;
    assert.strictEqual(first.outcome, 'unknown');
    assert.ok(first.openEnd);
    assert.strictEqual(first.label, '#1 · end not seen');
    assert.ok(Math.abs(first.x + first.w - second.x) < 0.001);
    assert.strictEqual(second.outcome, 'running');
  });

  it('a window cuts bars at its edges and leaves out what lies outside it', () => {
    const input = inputOf('demo-crashy');
    const all = layoutTimeline(input);
    const mid = all.bars[Math.floor(all.bars.length / 2)];
    const narrow = layoutTimeline({ ...input, window: { from: mid.startMs! + 1, to: mid.startMs! + 2_001 } });
    assert.ok(narrow.bars.length < all.bars.length);
    const cut = narrow.bars.find(b => b.key === mid.key)!;
    assert.ok(cut.cutLeft);
    assert.strictEqual(cut.x, narrow.plot.x0);
  });

  it('100 containers: thinner lanes, every container a lane, labels only where they fit', () => {
    const containers = Array.from({ length: 100 }, (_, k) => ({
      name: `c${k}`,
      kind: 'app' as const,
      state: 'running',
    }));
    const instances = containers.map(c => ({
      container: c.name,
      kind: c.kind,
      ordinal: 1,
      generation: 1,
      source: 'observed' as const,
      startedAt: '1970-01-01T00:00:01Z',
    }));
    const L = layoutTimeline({
      containers,
      instances,
      generations: [],
      current: { generation: 1 },
      now: 60_000,
      window: { from: 0, to: 60_000 },
      width: 320,
    });
    assert.strictEqual(L.lanes.length, 100);
    assert.ok(L.lanes[1].y - L.lanes[0].y <= 12);
    assert.ok(
      L.bars.every(b => !b.labelFits),
      'no label squeezed into a 12px lane',
    );
  });
});

describe('timeline markers', () => {
  const at = (s: number) => new Date(s * 1000).toISOString();
  const inst = (container: string, ordinal: number, s: number, e: number | undefined, generation: number) =>
    ({
      container,
      kind: 'app',
      ordinal,
      generation,
      source: 'observed',
      shortId: `${container}${ordinal}g${generation}`,
      startedAt: at(s),
      finishedAt: e === undefined ? undefined : at(e),
      exitCode: e === undefined ? undefined : 137,
    }) as InstanceRecord;
  const base = {
    containers: [
      { name: 'a', kind: 'app' as const, state: 'running' },
      { name: 'b', kind: 'app' as const, state: 'running' },
    ],
    current: { generation: 1, podIP: '10.0.0.1' },
    now: 100_000,
    window: { from: 0, to: 100_000 },
    width: 800,
  };
  it('every container restarting together in the same sandbox is one whole-pod restart marker', () => {
    const L = layoutTimeline({
      ...base,
      instances: [
        inst('a', 1, 1, 50, 1),
        inst('b', 1, 1, 50, 1),
        inst('a', 2, 51, undefined, 1),
        inst('b', 2, 52, undefined, 1),
      ],
      generations: [{ generation: 1, since: at(0), cause: 'initial', evidence: '' }],
    });
    assert.deepStrictEqual(
      L.markers.map(m => m.kind),
      ['restart-all'],
    );
    assert.match(L.markers[0].label, /^every container restarted together \d\d:\d\d:\d\d, same sandbox$/);
  });
  it('a new sandbox restarting them all is a recreation marker with the evidence, not a whole-pod restart', () => {
    const L = layoutTimeline({
      ...base,
      current: { generation: 2, podIP: '10.0.0.2' },
      instances: [
        inst('a', 1, 1, 50, 1),
        inst('b', 1, 1, 50, 1),
        inst('a', 2, 51, undefined, 2),
        inst('b', 2, 52, undefined, 2),
      ],
      generations: [
        { generation: 1, since: at(0), podIP: '10.0.0.1', cause: 'initial', evidence: '' },
        { generation: 2, since: at(49), podIP: '10.0.0.2', cause: 'SandboxChanged', evidence: 'event SandboxChanged' },
      ],
    });
    assert.deepStrictEqual(
      L.markers.map(m => m.kind),
      ['sandbox-recreated'],
    );
    assert.match(L.markers[0].label, /^sandbox 2 from \d\d:\d\d:49, IP 10\.0\.0\.2: event SandboxChanged$/);
    assert.deepStrictEqual(
      L.bands.map(b => b.label),
      ['sandbox 1 · IP 10.0.0.1', 'sandbox 2 · IP 10.0.0.2'],
    );
  });
});

describe('timeline scale', () => {
  it('zoom keeps the time under the pointer in place and stops at the narrowest span', () => {
    const w = { from: 0, to: 100_000 };
    const z = zoom(w, 0.5, 80_000);
    assert.strictEqual(timeAt(z, 0, 100, 80), 80_000);
    assert.strictEqual(z.to - z.from, 50_000);
    const tight = zoom(w, 1e-9, 50_000);
    assert.strictEqual(tight.to - tight.from, MIN_SPAN_MS);
    assert.deepStrictEqual(pan(w, 5_000), { from: 5_000, to: 105_000 });
  });
  it('fit covers every time up to now; ticks are round and apart', () => {
    const f = fitWindow([10_000, 50_000, NaN], 120_000);
    assert.ok(f.from < 10_000 && f.to > 120_000);
    const t = ticks({ from: 0, to: 600_000 }, 600);
    assert.ok(t.length >= 3 && t.length <= 8, `${t.length}`);
    assert.ok(t.every(x => x % 60_000 === 0));
  });
});
