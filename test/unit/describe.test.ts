import * as assert from 'assert';
import { Description, describeContainer, describePod, describeSandbox } from '../../src/model/explain/describe';
import { replay } from './replay';

/** Every line a tooltip shows: title, lead, "Key: value" facts. */
const lines = (d: Description) => [d.title, d.lead, ...d.facts.map(([k, v]) => `${k}: ${v}`)];
/** "Error · Error", "Generation: generation 1": a word or phrase said twice in a row. */
const STUTTER = /\b(\w+)(?: ·|:) \1\b/i;

describe('tooltips say each thing once', () => {
  it('container, sandbox and pod tooltips, in every recorded state, never stutter', () => {
    for (const name of ['demo-crashy', 'demo-shared', 'demo-web-init', 'demo-no-image', 'demo-batch-done']) {
      const r = replay(name);
      const h = r.store.history(r.uid);
      for (const a of r.snapshots) {
        const ds = [describePod(a), describeSandbox(a, h), ...a.containers.map(c => describeContainer(c, a, 0, h))];
        for (const d of ds) for (const l of lines(d)) assert.ok(!STUTTER.test(l), `${name}: ${l}`);
      }
    }
  });
  it('a container named like its kind is titled once; the kind is a fact', () => {
    const r = replay('demo-crashy');
    const d = describeContainer(r.last.containers[0], r.last);
    assert.strictEqual(d.title, 'app');
    assert.ok(d.facts.some(([k, v]) => k === 'Kind' && /^app container/.test(v)));
  });
  it('relative times are computed when the tooltip is built, beside the absolute time', () => {
    const r = replay('demo-crashy');
    const a = r.snapshots.filter(x => x.restarts && x.status === 'Running').pop()!;
    const end = Date.parse(a.containers[0].lastTermination!.finishedAt!);
    const restarts = (now: number) => describePod(a, now).facts.find(([k]) => k === 'Restarts')![1];
    assert.match(restarts(end + 120_000), /latest: app exit 1 Error at \S+Z \(2m ago\)$/);
    assert.match(restarts(end + 45_000), /\(45s ago\)$/);
    assert.match(describePod(a).lead, /^Running, 2\/2 ready\. Its containers restarted \d+ times before\.$/);
  });
});
