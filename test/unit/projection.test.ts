// The projection kept per listed pod must not change what Pod X-Ray says: on every recording of
// both sets, the anatomy, the summary and the history folded from projections equal those from
// the full objects, update by update.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildAnatomy } from '../../src/model/anatomy';
import { KEvent, KNode, KPod, uidOf } from '../../src/model/k8s';
import { Sharing, projectPod } from '../../src/model/projection';
import { PodStore } from '../../src/model/store';
import { summarize } from '../../src/model/summary';
import { FIXTURES, RecordingSet, readRecording } from './replay';

const RealDate = Date;
/** A clock that stands still, so two folds of the same update stamp the same times. */
function freezeClock(ms: number): void {
  class Frozen extends RealDate {
    constructor(...a: unknown[]) {
      if (a.length) super(...(a as [string]));
      else super(ms);
    }
    static override now(): number {
      return ms;
    }
  }
  (globalThis as { Date: DateConstructor }).Date = Frozen as unknown as DateConstructor;
}

const recordings = (set: RecordingSet) =>
  fs
    .readdirSync(path.join(FIXTURES, set))
    .filter(f => f.endsWith('.jsonl') && f !== 'nodes.jsonl')
    .map(f => f.replace(/\.jsonl$/, ''));

describe('pod projection keeps the truth (every recording)', () => {
  const compared = { recorded: 0, 'recorded-1.20': 0 };
  // Shared across every recording of a set, as a session shares across its namespaces.
  const sharing = new Sharing(200);
  afterEach(() => {
    (globalThis as { Date: DateConstructor }).Date = RealDate;
  });

  for (const set of ['recorded', 'recorded-1.20'] as const)
    for (const name of recordings(set))
      it(`${set}/${name}: anatomy, summary and history equal from projection and full object`, () => {
        const full = new PodStore(),
          slim = new PodStore();
        const nodes = readRecording('nodes', set).map(r => r.object as KNode);
        for (const n of nodes) {
          full.setNode(n);
          slim.setNode(n);
        }
        const base = Date.parse('2026-11-27T05:00:00Z');
        let pods = 0;
        for (const r of readRecording(name, set)) {
          freezeClock(base + r.t);
          if (r.kind === 'Event') {
            full.upsertEvent(r.object as KEvent);
            slim.upsertEvent(r.object as KEvent);
          }
          if (r.kind !== 'Pod') continue;
          const pod = r.object as KPod;
          const projected = projectPod(pod);
          const shared = projectPod(JSON.parse(JSON.stringify(pod)) as KPod, sharing);
          assert.deepStrictEqual(shared, projected, 'sharing changes nothing');
          const uid = uidOf(pod);
          const events = full.eventsOf(uid);
          assert.deepStrictEqual(summarize(projected, events), summarize(pod, events), 'summary');
          const node = full.node(pod.spec?.nodeName);
          assert.deepStrictEqual(buildAnatomy(projected, { events, node }), buildAnatomy(pod, { events, node }));
          if (r.type === 'DELETED') {
            full.deletePod(pod);
            slim.deletePod(projected);
            continue;
          }
          full.upsertPod(pod);
          slim.upsertPod(projected);
          assert.deepStrictEqual(slim.anatomy(uid), full.anatomy(uid), 'anatomy in the store');
          assert.deepStrictEqual(slim.history(uid), full.history(uid), 'history');
          pods++;
        }
        compared[set] += pods; // some recordings hold only events (of a Deployment, a Job)
      });

  it('compared hundreds of pod updates in each set', () => {
    assert.ok(compared.recorded > 150 && compared['recorded-1.20'] > 50, JSON.stringify(compared));
  });

  it('drops what nobody reads: annotations, managedFields, env, probes, volume sources', () => {
    const pod: KPod = JSON.parse(
      JSON.stringify({
        metadata: {
          name: 'p',
          uid: 'u',
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}' },
          managedFields: [{ manager: 'kubectl' }],
          labels: { app: 'x' },
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'i',
              env: [{ name: 'TOKEN', value: 'secret' }],
              livenessProbe: { exec: { command: ['true'] } },
              command: ['sleep'],
              lifecycle: { preStop: { exec: { command: ['x'] } }, stopSignal: 'SIGUSR1' },
            },
          ],
          volumes: [{ name: 'cfg', configMap: { name: 'settings', items: [{ key: 'a', path: 'b' }] } }],
        },
      }),
    );
    const p = projectPod(pod) as unknown as Record<string, Record<string, unknown>>;
    const text = JSON.stringify(p);
    for (const gone of ['last-applied', 'managedFields', 'secret', 'livenessProbe', 'sleep', 'settings', 'preStop'])
      assert.ok(!text.includes(gone), `${gone} is dropped: ${text}`);
    assert.deepStrictEqual(p.metadata.labels, { app: 'x' });
    assert.deepStrictEqual((p.spec.volumes as unknown[])[0], { name: 'cfg', configMap: {} });
    assert.ok(text.includes('SIGUSR1'), 'the asked stop signal is kept');
  });
});
