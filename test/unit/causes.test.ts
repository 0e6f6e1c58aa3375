import * as assert from 'assert';
import { classifyEnd, restartDecision } from '../../src/model/causes';
import { describeContainer, describeInstance } from '../../src/model/explain/describe';
import { InstanceRecord, instancesOf } from '../../src/model/history';
import { HistoryBook, mergeHistory, parseHistory } from '../../src/model/historyBook';
import { KEvent } from '../../src/model/k8s';
import { instanceRow } from '../../src/model/rows';
import { PodStore } from '../../src/model/store';
import { buildTimeline } from '../../src/model/timeline';
import { CURRENT, OLDER, replay } from './replay';

const historyOf = (name: string, set = CURRENT) => {
  const r = replay(name, undefined, set);
  return { r, h: r.store.history(r.uid)! };
};

describe('why each instance ended (1.37 recordings)', () => {
  it('crashy: every app instance crashed with exit 1, and each was restarted', () => {
    const { h, r } = historyOf('demo-crashy');
    const app = instancesOf(h, 'app').filter(i => i.exitCode !== undefined);
    assert.ok(app.length >= 4);
    for (const i of app) {
      assert.strictEqual(i.end?.kind, 'crash', `#${i.ordinal}`);
      assert.strictEqual(i.end?.label, 'crash: exit 1');
    }
    // Each ended instance has a successor in this recording: it was restarted.
    assert.ok(app.every(i => i.end?.next === 'restarted'));
    const steps = buildTimeline(h, r.last).filter(s => s.kind === 'container-exited' && s.container === 'app');
    assert.ok(steps.every(s => / · crash$/.test(s.label) && s.cause === 'crash' && /exit 1/.test(s.why ?? '')));
  });

  it('sigkill: ended by SIGKILL (exit 137), no one recorded as the sender', () => {
    const { h } = historyOf('demo-sigkill');
    for (const i of instancesOf(h, 'victim').filter(x => x.exitCode !== undefined)) {
      assert.strictEqual(i.end?.kind, 'signal');
      assert.strictEqual(i.end?.label, 'SIGKILL');
      assert.match(i.end!.text, /nothing recorded says who sent it/);
    }
  });

  it('restart-rules: exit 42 matched the rule and restarted; exit 1 with restartPolicy Never did not', () => {
    const { h, r } = historyOf('demo-restart-rules');
    const [second, first] = instancesOf(h, 'exit-42');
    assert.strictEqual(first.exitCode, 42);
    assert.strictEqual(first.end?.kind, 'restart-rule');
    assert.match(first.end!.text, /matched restartPolicyRules\[0\] \(exit code In \[42\] → Restart\)/);
    assert.strictEqual(first.end?.next, 'restarted');
    // What the real kubelet did: exit 1 matched no rule and the container's restartPolicy is Never.
    assert.strictEqual(second.exitCode, 1);
    assert.strictEqual(r.last.containers.find(c => c.name === 'exit-42')!.restartCount, 1, 'not restarted');
    assert.strictEqual(second.end?.kind, 'crash');
    assert.strictEqual(
      second.end?.next,
      "won't restart: no restart rule matched exit 1 and the container's restartPolicy is Never",
    );
    const [once] = instancesOf(h, 'once');
    assert.strictEqual(once.end?.next, "won't restart: the container's restartPolicy is Never");
    const c = r.last.containers.find(x => x.name === 'exit-42')!;
    const d = describeContainer(c, r.last, Date.now(), h);
    assert.match(d.lead, /Next: won't restart: no restart rule matched exit 1/);
    assert.match(d.lead, /Why it ended: Exited with code 42, which matched restartPolicyRules\[0\]/);
  });

  it('restart-all: the rule asked for RestartAllContainers; the others were removed by the whole-pod restart', () => {
    const { h } = historyOf('demo-restart-all');
    const worker = instancesOf(h, 'worker');
    const w1 = worker.find(i => i.ordinal === 1)!;
    assert.strictEqual(worker.filter(i => i.ordinal === 1).length, 1, 'one record for worker #1, not two');
    assert.strictEqual(w1.exitCode, 88, 'the exit seen live stands over the synthetic lastState');
    assert.strictEqual(w1.end?.kind, 'restart-rule');
    assert.match(w1.end!.text, /→ RestartAllContainers/);
    assert.strictEqual(w1.end?.next, 'ran again in the whole-pod restart (RestartAllContainers)');
    const buddy = instancesOf(h, 'buddy').find(x => x.ordinal === 1)!;
    assert.strictEqual(buddy.end?.kind, 'restart-all', 'running when the whole pod restarted');
    assert.match(buddy.end!.evidence, /RestartingAllContainers/);
    assert.strictEqual(buddy.end?.next, 'restarted with every other container of the pod');
    const { r } = historyOf('demo-restart-all');
    const c = r.last.containers.find(x => x.name === 'buddy')!;
    assert.match(
      describeContainer(c, r.last, Date.now(), h).lead,
      /Why it ended: Removed by a whole-pod in-place restart/,
    );
    // The init container had completed (seen live) before the restart re-ran it.
    const init = instancesOf(h, 'init-config').find(x => x.ordinal === 1)!;
    assert.strictEqual(init.end?.kind, 'completed');
    assert.strictEqual(init.end?.next, 'ran again in the whole-pod restart (RestartAllContainers)');
  });

  it('resize: mem-restart was restarted by its RestartContainer resize policy (event Killing)', () => {
    const { h } = historyOf('demo-resize');
    const [, first] = instancesOf(h, 'mem-restart');
    assert.strictEqual(first.end?.kind, 'resize');
    assert.match(first.end!.evidence, /event Killing at 04:57:32: "Container mem-restart resize requires restart"/);
    assert.deepStrictEqual(
      instancesOf(h, 'cpu-only').map(i => i.end),
      [undefined],
      'NotRequired: no restart',
    );
  });

  it('sandbox recreation (1.37 and 1.20): the old instances ended with their sandbox', () => {
    for (const set of [CURRENT, OLDER]) {
      const { h } = historyOf('demo-shared', set);
      for (const name of ['server', 'client']) {
        const old = instancesOf(h, name).find(i => i.generation === 1)!;
        assert.strictEqual(old.end?.kind, 'sandbox', `${set} ${name}`);
        assert.match(old.end!.evidence, /SandboxChanged/);
        assert.strictEqual(old.end?.next, 'restarted in the new sandbox');
      }
    }
  });

  it('batch-done: completed, and it will not restart (restartPolicy Never, pod Succeeded)', () => {
    const { h } = historyOf('demo-batch-done');
    const [job] = instancesOf(h, 'job');
    assert.strictEqual(job.end?.kind, 'completed');
    assert.match(job.end!.next!, /^won't restart: the pod has finished \(phase Succeeded\)/);
  });

  it('OOMKilled (the 1.20 ghost recording; no 1.37 recording has one)', () => {
    const { h } = historyOf('ghost-with-sidecar', OLDER);
    const oom = h.instances.find(i => i.reason === 'OOMKilled')!;
    assert.strictEqual(oom.end?.kind, 'oom');
  });

  it('deletion: the web pod of the Deployment stopped because the pod was deleted', () => {
    const { h } = historyOf('demo-web-65cbffc4c8-9kfbv');
    const [web] = instancesOf(h, 'web');
    assert.strictEqual(web.end?.kind, 'deleted');
    assert.match(web.end!.evidence, /deletionTimestamp/);
    assert.ok(h.deletedAt, 'the history is kept, marked deleted');
  });

  it('liveness probe kill (synthetic Killing event: no recording has one)', () => {
    const i: InstanceRecord = {
      container: 'app',
      kind: 'app',
      ordinal: 1,
      containerId: 'containerd://a',
      startedAt: '2026-11-27T05:00:00Z',
      finishedAt: '2026-11-27T05:00:31Z',
      exitCode: 137,
      reason: 'Error',
      generation: 1,
      source: 'lastState',
    };
    const ev: KEvent = {
      reason: 'Killing',
      message: 'Container app failed liveness probe, will be restarted',
      involvedObject: { kind: 'Pod', uid: 'u', fieldPath: 'spec.containers{app}' },
      firstTimestamp: '2026-11-27T05:00:01Z',
      lastTimestamp: '2026-11-27T05:00:01Z',
      count: 1,
    };
    const c = classifyEnd(i, { events: [ev] })!;
    assert.strictEqual(c.kind, 'probe');
    assert.strictEqual(c.label, 'liveness probe');
    assert.match(c.evidence, /failed liveness probe/);
    // Another container's kill, or one long before this end, is not evidence for this one.
    assert.strictEqual(
      classifyEnd(i, { events: [{ ...ev, involvedObject: { fieldPath: 'spec.containers{db}' } }] })!.kind,
      'signal',
    );
    assert.strictEqual(
      classifyEnd(i, {
        events: [{ ...ev, firstTimestamp: '2026-11-27T04:00:00Z', lastTimestamp: '2026-11-27T04:00:00Z' }],
      })!.kind,
      'signal',
    );
  });

  it('a whole-pod in-place restart is not taken for a sandbox recreation (same sandbox, same IP)', () => {
    const { h } = historyOf('demo-restart-all');
    assert.deepStrictEqual(
      h.generations.map(g => g.generation),
      [1],
    );
  });

  it('an init container that completed will not run again', () => {
    const { h } = historyOf('demo-with-sidecar');
    assert.strictEqual(
      instancesOf(h, 'setup')[0].end?.next,
      "won't run again: an init container runs once to completion",
    );
  });

  it('a container the kubelet lost (ContainerStatusUnknown) and an evicted pod (synthetic: no recording has them)', () => {
    const base: InstanceRecord = {
      container: 'app',
      kind: 'app',
      ordinal: 1,
      finishedAt: '2026-11-27T05:00:31Z',
      exitCode: 137,
      generation: 1,
      source: 'lastState',
    };
    const lost = classifyEnd({ ...base, reason: 'ContainerStatusUnknown' })!;
    assert.strictEqual(lost.kind, 'kubelet');
    assert.match(lost.text, /how it really ended is unknown/);
    const evicted = classifyEnd(base, { deletedAt: '2026-11-27T05:00:30Z', podReason: 'Evicted' })!;
    assert.strictEqual(evicted.kind, 'evicted');
    // deletionTimestamp is the deadline: a container that stopped on SIGTERM before it still counts.
    const graceful = classifyEnd(
      { ...base, exitCode: 143, finishedAt: '2026-11-27T05:00:02Z' },
      { deletedAt: '2026-11-27T05:00:30Z', deletionGraceS: 30 },
    )!;
    assert.strictEqual(graceful.kind, 'deleted');
  });

  it('a restart decision for each policy', () => {
    const spec = (policy?: string) => ({ policy, rules: [], podPolicy: 'OnFailure' });
    assert.match(
      restartDecision(0, spec()).why,
      /^won't restart: the pod's restartPolicy is OnFailure and it exited 0/,
    );
    assert.match(restartDecision(2, spec()).why, /^restarts: the pod's restartPolicy is OnFailure and it exited 2/);
    assert.match(restartDecision(2, spec('Never')).why, /^won't restart: the container's restartPolicy is Never/);
  });
});

describe('why it ended: shown, kept and merged', () => {
  it('the row, the instance tooltip and the timeline say why, with the evidence', () => {
    const { h } = historyOf('demo-resize');
    const [, first] = instancesOf(h, 'mem-restart');
    assert.match(instanceRow(first).description, /resize restart/);
    const d = describeInstance(first, h);
    assert.match(d.lead, /^Restarted by an in-place resize/);
    assert.ok(d.facts.some(([k, v]) => k === 'Why it ended' && /in-place resize/.test(v)));
    assert.ok(d.facts.some(([k, v]) => k === 'How we know' && /resize requires restart/.test(v)));
    assert.ok(d.facts.some(([k, v]) => k === 'Known from' && /watched live/.test(v)));
    assert.ok(d.facts.some(([k, v]) => k === 'Placed' && /generation 1/.test(v)));
  });

  it('the classification survives the file round trip, and a merge never loses the stronger evidence', () => {
    const { h, r } = historyOf('demo-resize');
    const copy = parseHistory(JSON.stringify(h))!;
    assert.deepStrictEqual(copy, h);
    // An account that only knew the exit code (its events were gone) merges with one that knew the event.
    const weak = structuredClone(h);
    for (const i of weak.instances)
      if (i.end?.kind === 'resize') i.end = { ...i.end, kind: 'signal', label: 'SIGTERM' };
    for (const [a, b] of [
      [h, weak],
      [weak, h],
    ]) {
      const m = mergeHistory(a, b);
      assert.strictEqual(instancesOf(m, 'mem-restart')[1].end?.kind, 'resize');
    }
    const book = new HistoryBook();
    book.adopt([copy]);
    book.put(weak);
    assert.strictEqual(instancesOf(book.get(r.uid), 'mem-restart')[1].end?.kind, 'resize');
    assert.deepStrictEqual(book.get(r.uid)!.coverage, h.coverage, 'coverage kept through the book');
  });

  it('a fresh fold once the events are gone keeps the class learned while they existed', () => {
    const { h, r } = historyOf('demo-resize');
    // a new window: the history from its file, the pod as listed an hour later, its events gone
    const fresh = new PodStore();
    fresh.book.adopt([parseHistory(JSON.stringify(h))!]);
    fresh.upsertPod(r.store.pod(r.uid)!);
    assert.strictEqual(instancesOf(fresh.history(r.uid), 'mem-restart')[1].end?.kind, 'resize');
  });
});
