import * as assert from 'assert';
import { describeContainer, describeInstance } from '../../src/model/explain/describe';
import { instancesOf } from '../../src/model/history';
import { buildSnapshot } from '../../src/webview/snapshot';
import { olderSandboxOf } from '../../src/model/generation';
import { KEvent, KPod, uidOf } from '../../src/model/k8s';
import { containerRow } from '../../src/model/rows';
import { liveFrame } from '../../media/anatomy/state';
import { PodStore } from '../../src/model/store';
import { CURRENT, readRecording, replay } from './replay';

describe('containers ended by a sandbox recreation', () => {
  it('a recorded sandbox kill explains the old instances by the recreation, with its evidence', () => {
    const r = replay('demo-shared');
    const h = r.store.history(r.uid)!;
    const [gen1, gen2] = h.generations;
    for (const name of ['server', 'client']) {
      const old = instancesOf(h, name).find(i => i.generation === 1)!;
      const d = describeInstance(old, h);
      assert.match(d.lead, /^Ended because the pod sandbox was recreated \(event SandboxChanged at 22:59:10; new IP /);
      assert.ok(d.lead.includes(`new IP ${gen2.podIP}, was ${gen1.podIP})`), d.lead);
      assert.match(d.lead, /exit 137/);
      assert.ok(d.facts.some(([k, v]) => k === 'Sandbox generation' && /generation 2 replaced it/.test(v)));
      assert.ok(d.docs.some(x => /pod-lifecycle/.test(x.url)));
      const c = r.last.containers.find(x => x.name === name)!;
      const now = describeContainer(c, r.last, Date.now(), h);
      assert.match(now.lead, /Previous instance: exit 137.*Ended because the pod sandbox was recreated/);
      assert.ok(!now.notes.some(n => /a restart replaces this container, not the sandbox/.test(n)), now.notes.join());
    }
  });
  it('a crash in a sandbox that was never recreated is not blamed on the sandbox', () => {
    const r = replay('demo-crashy');
    const h = r.store.history(r.uid)!;
    for (const i of instancesOf(h, 'app')) assert.ok(!/sandbox was recreated/.test(describeInstance(i, h).lead));
  });
});

describe('the anatomy snapshot explains a sandbox recreation too', () => {
  it('the webview gets the same recreation sentence as the tree', () => {
    const r = replay('demo-shared');
    const h = r.store.history(r.uid)!;
    const snap = buildSnapshot('ctx', r.last, h, false);
    assert.match(snap.explain.containers['client'].lead, /Ended because the pod sandbox was recreated/);
  });
});

/** The real 1.37 sandbox kill fed update by update, as the watch would: each pod update's model and snapshot. */
function* sandboxKillUpdates() {
  const store = new PodStore();
  for (const r of readRecording('demo-shared', CURRENT)) {
    if (r.kind === 'Event') store.upsertEvent(r.object as KEvent);
    if (r.kind !== 'Pod' || r.type === 'DELETED') continue;
    store.upsertPod(r.object as KPod);
    const uid = uidOf(r.object as KPod);
    const a = store.anatomy(uid)!;
    const h = store.history(uid)!;
    yield { a, h, snap: buildSnapshot('ctx', a, h, false) };
  }
}

describe('the anatomy while a sandbox is being recreated (real 1.37 sandbox kill, update by update)', () => {
  it("never shows the old sandbox's IP as the new generation's: the IP is the current generation's own", () => {
    // After SandboxChanged the status still carries the old IP until the new sandbox reports one; the
    // page drew "generation 2 · IP <old>" for that moment (seen in the e2e screenshots).
    const seen: string[] = [];
    for (const { h, snap } of sandboxKillUpdates()) {
      const gen = h.generations.find(g => g.generation === snap.current.generation);
      seen.push(`${snap.current.generation}:${snap.current.podIP ?? '-'}`);
      if (snap.current.podIP !== undefined)
        assert.strictEqual(
          snap.current.podIP,
          gen?.podIP,
          `generation ${snap.current.generation} shown with ${snap.current.podIP}`,
        );
    }
    assert.ok(seen.includes('2:10.245.0.70'), seen.join(' '));
  });
});

describe('containers of a replaced sandbox while the status still calls them running (real 1.37 sandbox kill)', () => {
  it('the tree row and the live picture say they ended with the old sandbox; the new instances run', () => {
    const seen: string[] = [];
    for (const { a, h, snap } of sandboxKillUpdates()) {
      const live = liveFrame(snap);
      for (const c of a.containers.filter(x => x.state === 'running')) {
        const older = olderSandboxOf(h.instances, h.generations, c);
        const row = containerRow(c, a, Date.now(), undefined, older).description;
        const frame = live.containers.find(x => x.name === c.name)!;
        seen.push(`${snap.current.generation}:${c.name}:${older ?? '-'}:${frame.phase}`);
        if (older !== undefined) {
          assert.match(row, /ended with sandbox generation 1 \(not reported yet\)/);
          assert.doesNotMatch(row, /running/);
          assert.deepStrictEqual([frame.phase, frame.reason], ['exited', 'sandbox recreated']);
        } else {
          assert.match(row, /running/);
          assert.strictEqual(frame.phase, 'running');
        }
      }
    }
    // The recording's update after SandboxChanged still lists the old instances as running.
    assert.ok(seen.includes('2:server:1:exited') && seen.includes('2:client:1:exited'), seen.join(' '));
    assert.ok(seen.includes('2:server:-:running'), 'the new instances run in generation 2');
  });
});
