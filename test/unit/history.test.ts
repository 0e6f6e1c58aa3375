import * as assert from 'assert';
import { buildAnatomy } from '../../src/model/anatomy';
import { foldHistory, instancesOf } from '../../src/model/history';
import { HistoryBook, parseHistory } from '../../src/model/historyBook';
import { KEvent, KNode, KPod, uidOf } from '../../src/model/k8s';
import { PodStore } from '../../src/model/store';
import { buildTimeline, framesOf } from '../../src/model/timeline';
import { CURRENT, readRecording, replay } from './replay';

describe('history from real recordings', () => {
  it('crash loop: N instances with distinct IDs and exit codes, all in sandbox generation 1', () => {
    const r = replay('demo-crashy');
    const h = r.store.history(r.uid)!;
    const app = instancesOf(h, 'app');
    const restarts = r.last.containers.find(c => c.name === 'app')!.restartCount;
    assert.ok(app.length >= restarts, `${app.length} instances for ${restarts} restarts`);
    assert.strictEqual(new Set(app.map(i => i.containerId)).size, app.length, 'distinct container IDs');
    assert.deepStrictEqual(
      app.map(i => i.ordinal),
      [...app.map(i => i.ordinal)].sort((a, b) => b - a),
      'newest first',
    );
    const ended = app.filter(i => i.exitCode !== undefined);
    assert.ok(ended.length >= 3);
    assert.ok(ended.every(i => i.exitCode === 1 && i.reason === 'Error'));
    assert.deepStrictEqual(
      h.generations.map(g => g.generation),
      [1],
    );
    assert.strictEqual(h.generations[0].podIP, r.last.sandbox.podIP);
    assert.ok(app.every(i => i.generation === 1));
    assert.strictEqual(instancesOf(h, 'helper').length, 1);
  });

  it('sandbox kill: SandboxChanged makes generation 2 with the new IP; containers rejoin it', () => {
    const r = replay('demo-shared');
    const h = r.store.history(r.uid)!;
    assert.deepStrictEqual(
      h.generations.map(g => [g.generation, g.cause]),
      [
        [1, 'initial'],
        [2, 'SandboxChanged'],
      ],
    );
    const [g1, g2] = h.generations;
    assert.ok(g1.podIP && g2.podIP && g1.podIP !== g2.podIP, `IP changed ${g1.podIP} -> ${g2.podIP}`);
    assert.strictEqual(g2.podIP, r.last.sandbox.podIP);
    for (const name of ['server', 'client']) {
      const is = instancesOf(h, name);
      assert.deepStrictEqual(
        is.map(i => i.generation),
        [2, 1],
        `${name}: one instance per generation`,
      );
      assert.notStrictEqual(is[0].containerId, is[1].containerId);
    }
  });

  it('replaying the same updates twice changes nothing (idempotent fold)', () => {
    const r = replay('demo-crashy');
    const h = r.store.history(r.uid)!;
    const again = foldHistory(h, r.last, r.store.eventsOf(r.uid));
    assert.deepStrictEqual(again.instances, h.instances);
    assert.deepStrictEqual(again.generations, h.generations);
  });

  it('an IP change without an event still counts as a new generation, and its event later claims it', () => {
    const pod = (ip: string, rc: number): KPod => ({
      metadata: { uid: 'u', name: 'p', namespace: 'n', resourceVersion: String(rc) },
      spec: { nodeName: 'node', containers: [{ name: 'a' }] },
      status: {
        podIP: ip,
        containerStatuses: [
          {
            name: 'a',
            containerID: `containerd://id${rc}`,
            restartCount: rc,
            state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
          },
        ],
      },
    });
    let h = foldHistory(undefined, buildAnatomy(pod('10.0.0.1', 0)));
    h = foldHistory(h, buildAnatomy(pod('10.0.0.2', 1)));
    // First seen already running: whether that sandbox was the pod's first is not known.
    assert.deepStrictEqual(
      h.generations.map(g => [g.generation, g.cause, g.podIP]),
      [
        [1, 'first-seen', '10.0.0.1'],
        [2, 'ip-change', '10.0.0.2'],
      ],
    );
    const ev = {
      metadata: { uid: 'e1' },
      involvedObject: { kind: 'Pod', uid: 'u' },
      reason: 'SandboxChanged',
      count: 1,
      lastTimestamp: h.generations[1].since,
    };
    h = foldHistory(h, buildAnatomy(pod('10.0.0.2', 1)), [ev]);
    assert.deepStrictEqual(
      h.generations.map(g => [g.generation, g.cause]),
      [
        [1, 'first-seen'],
        [2, 'SandboxChanged'],
      ],
    );
  });

  it('history is bounded, and kept (marked deleted) when the pod is deleted', () => {
    const store = new PodStore(new HistoryBook(5));
    for (let rc = 0; rc < 20; rc++) {
      store.upsertPod({
        metadata: { uid: 'u', name: 'p', namespace: 'n', resourceVersion: String(rc) },
        spec: { nodeName: 'x', containers: [{ name: 'a' }] },
        status: {
          podIP: '10.0.0.1',
          containerStatuses: [
            { name: 'a', containerID: `containerd://c${rc}`, restartCount: rc, state: { running: {} } },
          ],
        },
      });
    }
    assert.strictEqual(store.history('u')!.instances.length, 5);
    store.deletePod({ metadata: { uid: 'u', name: 'p', namespace: 'n' } });
    assert.ok(store.history('u')!.deletedAt, 'kept for the retention period, marked deleted');
    assert.deepStrictEqual(store.podUids('n'), []);
  });

  it('histories survive a round trip through storage (window reload)', () => {
    const r = replay('demo-crashy');
    const copy = r.store.book.all().map(h => parseHistory(JSON.stringify(h))!);
    const s2 = new PodStore();
    s2.book.adopt(copy);
    assert.deepStrictEqual(s2.history(r.uid), r.store.history(r.uid));
  });
});

describe('timeline', () => {
  it('crash loop steps are ordered and the IP stays in every frame', () => {
    const r = replay('demo-crashy');
    const h = r.store.history(r.uid)!;
    const steps = buildTimeline(h, r.last);
    assert.strictEqual(steps[0].kind, 'sandbox-created');
    const ts = steps.map(s => Date.parse(s.at));
    assert.ok(
      ts.every((t, i) => i === 0 || t >= ts[i - 1]),
      'chronological',
    );
    assert.ok(steps.filter(s => s.kind === 'container-exited' && s.container === 'app').length >= 3);
    const frames = framesOf(steps, r.last.containers);
    assert.deepStrictEqual([...new Set(frames.map(f => f.podIP))], [r.last.sandbox.podIP]);
    const starts = steps.filter(s => s.kind === 'container-started' && s.container === 'app').map(s => s.shortId);
    assert.strictEqual(new Set(starts).size, starts.length, 'each start is a new container ID');
  });

  it('sandbox recreation: frames stop containers, change generation and IP', () => {
    const r = replay('demo-shared');
    const steps = buildTimeline(r.store.history(r.uid)!, r.last);
    const frames = framesOf(steps, r.last.containers);
    const i = steps.findIndex(s => s.kind === 'sandbox-recreated');
    assert.ok(i > 0);
    assert.strictEqual(frames[i].generation, 2);
    assert.ok(
      frames[i].containers.every(c => c.phase !== 'running'),
      'all containers stopped with the old sandbox',
    );
    const last = frames[frames.length - 1];
    assert.strictEqual(last.podIP, r.last.sandbox.podIP);
    assert.ok(last.containers.every(c => c.phase === 'running'));
    assert.notStrictEqual(frames[i - 1].podIP, last.podIP);
  });
});

describe('history when watching starts after a sandbox recreation', () => {
  it('the pod list before its events: the current IP and instances move to the new generation', () => {
    const recs = readRecording('demo-shared');
    const pods = recs.filter(r => r.kind === 'Pod').map(r => r.object as KPod);
    const last = pods[pods.length - 1];
    const store = new PodStore();
    store.upsertPod(last); // the pod as listed, already running in its new sandbox
    for (const r of recs) if (r.kind === 'Event') store.upsertEvent(r.object as never); // then its events
    const h = store.history(last.metadata!.uid!)!;
    assert.deepStrictEqual(
      h.generations.map(g => [g.generation, g.cause, g.podIP]),
      [
        [1, 'first-seen', undefined],
        [2, 'SandboxChanged', last.status!.podIP],
      ],
    );
    for (const name of ['server', 'client']) {
      const now = instancesOf(h, name)[0];
      assert.strictEqual(now.generation, 2, `${name}'s running instance is in generation 2`);
    }
  });
});

describe('lazy history for listed pods', () => {
  it('a listed pod is folded before its first update replaces it: no instance is lost', () => {
    const pods = readRecording('demo-crashy')
      .filter(r => r.kind === 'Pod')
      .map(r => r.object as KPod)
      .filter(p => p.status?.containerStatuses?.some(c => c.name === 'app' && c.containerID));
    const first = pods[0],
      last = pods[pods.length - 1];
    const store = new PodStore();
    store.syncPods('demo', [first]);
    store.upsertPod(last);
    const ids = instancesOf(store.history(last.metadata!.uid!), 'app').map(i => i.containerId);
    const firstId = first.status!.containerStatuses!.find(c => c.name === 'app')!.containerID;
    const lastId = last.status!.containerStatuses!.find(c => c.name === 'app')!.containerID;
    assert.ok(ids.includes(firstId) && ids.includes(lastId), `${ids}`);
  });
});

describe('what a history save writes', () => {
  it('an update that adds nothing to the history (a new status message) leaves nothing to save; an instance end does', () => {
    const pods = readRecording('demo-crashy', CURRENT)
      .filter(r => r.kind === 'Pod' && r.type !== 'DELETED')
      .map(r => r.object as KPod);
    const book = new HistoryBook();
    const store = new PodStore(book);
    let dirty = 0;
    book.onDirty(() => dirty++);
    const first = pods[0];
    store.upsertPod(first);
    book.takeDirty();
    dirty = 0;
    // The same pod, only its status message and resourceVersion changed (what the write bench does).
    for (let i = 0; i < 5; i++) {
      const p = structuredClone(first);
      p.metadata!.resourceVersion = `${first.metadata!.resourceVersion}${i}`;
      p.status!.message = `message ${i}`;
      store.upsertPod(p);
    }
    assert.strictEqual(dirty, 0, 'status messages are no history');
    assert.deepStrictEqual(book.takeDirty(), []);
    // A later update of the recording (a container ended and restarted) is history.
    const ended = pods.find(p => p.status?.containerStatuses?.some(c => c.lastState?.terminated));
    assert.ok(ended, 'the recording has an instance end');
    store.upsertPod(ended);
    assert.ok(dirty > 0, 'an instance end is saved');
    assert.strictEqual(book.takeDirty().length, 1);
  });
});

describe('history of a real 1.37 sandbox kill, watched live', () => {
  it('generation 2 from SandboxChanged with the new IP; the old instances in 1, ended by it; never "never recreated"', () => {
    const r = replay('demo-shared', undefined, CURRENT);
    const h = r.store.history(r.uid)!;
    assert.deepStrictEqual(
      h.generations.map(g => [g.generation, g.cause, g.podIP]),
      [
        [1, 'initial', '10.245.0.64'],
        [2, 'SandboxChanged', '10.245.0.70'],
      ],
    );
    assert.strictEqual(h.coverage?.fromStart, true);
    for (const name of ['server', 'client']) {
      const [now, old] = instancesOf(h, name);
      assert.deepStrictEqual([now.generation, old.generation], [2, 1]);
      assert.strictEqual(old.end?.kind, 'sandbox');
    }
  });
});

describe('a first look at a container in back-off (1.37 with-sidecar recording)', () => {
  // In back-off the status is waiting, restartCount still counts the instance that just died, and
  // lastState (and the top-level containerID) is that instance: #(restartCount + 1), not #restartCount.
  const records = readRecording('demo-with-sidecar', CURRENT);
  const firstWaiting = records.findIndex(r => {
    const s = (r.object as KPod).status?.initContainerStatuses?.find(c => c.name === 'log-shipper');
    return r.kind === 'Pod' && !!s?.state?.waiting && !!s.lastState?.terminated && (s.restartCount ?? 0) > 0;
  });

  it('numbers the instance that just died #restartCount+1, and the next one after it', () => {
    assert.ok(firstWaiting > 0, 'the recording has a back-off with a previous instance');
    const store = new PodStore();
    for (const r of readRecording('nodes', CURRENT)) store.setNode(r.object as KNode);
    let uid = '';
    for (const r of records.slice(firstWaiting)) {
      if (r.kind === 'Event') store.upsertEvent(r.object as KEvent);
      if (r.kind !== 'Pod' || r.type === 'DELETED') continue;
      store.upsertPod(r.object as KPod);
      uid = uidOf(r.object as KPod);
    }
    const truth = new Map<string, number>(); // container ID -> its number, from the whole recording
    for (const r of records) {
      const s = (r.object as KPod).status?.initContainerStatuses?.find(c => c.name === 'log-shipper');
      if (r.kind !== 'Pod' || !s) continue;
      const live = s.state?.running || s.state?.terminated;
      if (live && s.containerID) truth.set(s.containerID, (s.restartCount ?? 0) + 1);
    }
    const seen = store.history(uid)!.instances.filter(i => i.container === 'log-shipper');
    assert.ok(seen.length >= 2, JSON.stringify(seen));
    for (const i of seen)
      assert.strictEqual(i.ordinal, truth.get(i.containerId!), `${i.containerId?.slice(-6)} numbered #${i.ordinal}`);
  });
});
