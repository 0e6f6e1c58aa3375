import * as assert from 'assert';
import { matches } from '../../src/model/filter';
import { containerRow, podRow, sandboxRow, previousInstances } from '../../src/model/rows';
import { describeContainer, describeSandbox } from '../../src/model/explain/describe';
import { replay } from './replay';

describe('tree rows and descriptions', () => {
  it('the crash-loop pod row reads like the design sketch', () => {
    const r = replay('demo-crashy');
    const row = podRow(r.last);
    assert.match(row.description, /\d\/2 ready · \d+ restarts · 10\.244\.0\.\d+/);
    const sb = sandboxRow(r.last, r.store.history(r.uid));
    assert.match(
      sb.description,
      /^10\.244\.0\.\d+ · generation 1 · containerd 1\.6\.\d+ · registry\.k8s\.io\/pause:3\.9$/,
    );
    const waiting = r.snapshots
      .map(a => ({ a, c: a.containers[0] }))
      .filter(x => x.c.backoff)
      .pop()!;
    assert.match(
      containerRow(waiting.c, waiting.a).description,
      /^CrashLoopBackOff \(back-off (\d+m)?\d+s\) · last exit 1 · \d+ restarts$/,
    );
  });
  it('previous instances exclude the live one', () => {
    const r = replay('demo-crashy');
    const c = r.last.containers[0];
    const prev = previousInstances(r.store.history(r.uid), c);
    assert.ok(prev.length >= 3);
    if (c.state === 'running') assert.ok(!prev.some(i => i.containerId === c.containerId));
  });
  it('the sandbox tooltip explains why the IP survives, with the generation', () => {
    const r = replay('demo-crashy');
    const d = describeSandbox(r.last, r.store.history(r.uid));
    assert.match(d.lead, /owns this pod's network namespace.*keeps the IP 10\.244/);
    assert.ok(d.facts.some(([k, v]) => k === 'Generation' && /^1, never recreated/.test(v)));
  });
  it('a crash-looping container tooltip names the exit code and where the back-off is', () => {
    const r = replay('demo-crashy');
    const x = r.snapshots
      .map(a => ({ a, c: a.containers[0] }))
      .filter(y => y.c.backoff)
      .pop()!;
    const d = describeContainer(x.c, x.a, Date.parse(x.c.lastTermination!.finishedAt!) + 1000);
    assert.match(d.lead, /CrashLoopBackOff/);
    assert.match(d.lead, /exit 1 Error: Generic failure/);
    assert.match(
      d.lead,
      /This container waits \d+s \(step \d of 6, [^)]*\), next start expected about \d\d:\d\d:\d\d \(in \d+s\)/,
    );
  });
  it('back-off durations read one way, never as fractions of minutes', () => {
    const r = replay('demo-crashy');
    const x = r.snapshots.filter(a => a.containers[0].backoff).pop()!;
    const c = { ...x.containers[0], backoff: { seconds: 160, nextStartAt: '2026-11-25T23:00:00Z' } };
    const d = describeContainer(c, x, Date.parse('2026-11-25T22:58:40Z'));
    assert.match(d.lead, /immediate, then 10s, 20s, 40s, 1m20s, 2m40s, 5m \(reset after 10m of running\)/);
    assert.match(d.lead, /waits 2m40s \(step 5 of 6, [^)]*\), next start expected about 23:00:00 \(in 1m20s\)/);
    assert.ok(!/\d\.\d| min\b/.test(d.lead), d.lead);
    assert.match(containerRow(c, x).description, /\(back-off 2m40s\)/);
  });
  it('filter by name, label and problems', () => {
    const r = replay('demo-crashy');
    const pod = r.store.pod(r.uid)!;
    assert.ok(matches({ text: 'cras' }, pod, r.last, () => []));
    assert.ok(!matches({ text: 'nope' }, pod, r.last, () => []));
    assert.ok(matches({ text: 'pod-xray/scenario=crashloop' }, pod, r.last, () => []));
    assert.ok(!matches({ text: 'pod-xray/scenario=other' }, pod, r.last, () => []));
    assert.ok(matches({ text: 'label:pod-xray/scenario' }, pod, r.last, () => []));
    assert.ok(matches({ problemsOnly: true }, pod, r.last, () => []));
    const ok = replay('demo-steady');
    assert.ok(!matches({ problemsOnly: true }, ok.store.pod(ok.uid)!, ok.last, () => []));
  });
});
