// Crash logs for every instance (issue 19 §1): which ends are captured, with which request, whether the
// lines are that instance's, the queue's policy, the cap's eviction order; and the crash radar (§3).
import * as assert from 'assert';
import {
  CaptureQueue,
  CaptureTarget,
  checkLines,
  failureOf,
  instancesToCapture,
  keptLogHeader,
  lastBytes,
  planLogEviction,
  requestFor,
} from '../../src/model/crashCapture';
import { KEvent, KPod } from '../../src/model/k8s';
import { buildAnatomy } from '../../src/model/anatomy';
import { radarTooltip, troubledContainers } from '../../src/model/radar';
import { CURRENT, readRecording } from './replay';

const podsOf = (name: string) =>
  readRecording(name, CURRENT)
    .filter(r => r.kind === 'Pod' && r.type !== 'DELETED')
    .map(r => r.object as KPod);
const eventsOf = (name: string) =>
  readRecording(name, CURRENT)
    .filter(r => r.kind === 'Event')
    .map(r => r.object as KEvent);
const short = (id: string) => id.replace(/^.*:\/\//, '').slice(0, 12);
const app = (pod: KPod) => buildAnatomy(pod, {}).containers.find(c => c.name === 'app');

/** Feed every update of the recording, as the watch would; what gets queued, in order. */
function captures(name: string): { target: CaptureTarget; at: number }[] {
  const q = new CaptureQueue();
  const out: { target: CaptureTarget; at: number }[] = [];
  podsOf(name).forEach((pod, at) => {
    for (const t of instancesToCapture(pod, id => q.known(id))) if (q.add(t)) out.push({ target: t, at });
  });
  return out;
}

describe('crash capture: which instance ends to capture (demo-crashy, 1.37)', () => {
  it('one capture per instance end, in order, with the container ID, number and exit of each', () => {
    const got = captures('demo-crashy').map(c => c.target);
    assert.deepStrictEqual(
      got.map(t => [t.container, short(t.containerId), t.ordinal, t.exitCode]),
      [
        ['app', '25428a813060', 1, 1],
        ['app', 'a44bb04f1da2', 2, 1],
        ['app', '0a5f30bf464c', 3, 1],
        ['app', 'dc88919e13d6', 4, 1],
      ],
    );
    assert.ok(got.every(t => t.startedAt && t.finishedAt && t.pod === 'crashy' && t.namespace === 'demo'));
    assert.ok(!got.some(t => t.container === 'helper'), 'the helper never ended');
  });

  it('each end is seen the moment the status says terminated, and the plain request reaches it then', () => {
    const pods = podsOf('demo-crashy');
    for (const { target, at } of captures('demo-crashy')) {
      const c = app(pods[at])!;
      assert.strictEqual(c.state, 'terminated');
      assert.strictEqual(requestFor(target, c), 'current');
    }
  });

  it('later, previous=true reaches it while it is lastState; once a newer instance ended, nothing does', () => {
    const pods = podsOf('demo-crashy');
    const [first] = captures('demo-crashy');
    const after = pods.slice(first.at + 1).map(p => requestFor(first.target, app(p)));
    // waiting/running with lastState = it -> previous; then the next end replaces it.
    const firstNone = after.indexOf(undefined);
    assert.ok(firstNone > 0, 'reachable for a while');
    assert.ok(after.slice(0, firstNone).every(r => r === 'previous'));
    assert.ok(
      after.slice(firstNone).every(r => r === undefined),
      'never again: the kubelet dropped it',
    );
  });

  it('a window that starts watching late still captures the one dead instance the kubelet keeps', () => {
    const pods = podsOf('demo-crashy');
    const late = pods[pods.length - 1]; // running #5, lastState #4
    const ts = instancesToCapture(late, () => false);
    assert.deepStrictEqual(
      ts.map(t => [short(t.containerId), t.ordinal]),
      [['dc88919e13d6', 4]],
    );
    assert.strictEqual(requestFor(ts[0], app(late)), 'previous');
  });

  it('kept logs loaded from disk are not captured again', () => {
    const pods = podsOf('demo-crashy');
    const all = new Set(captures('demo-crashy').map(c => c.target.containerId));
    assert.deepStrictEqual(
      instancesToCapture(pods[pods.length - 1], id => all.has(id)),
      [],
    );
  });
});

describe("crash capture: are these lines that instance's?", () => {
  const t = {
    uid: 'u',
    namespace: 'demo',
    pod: 'crashy',
    container: 'app',
    containerId: 'containerd://abc',
    startedAt: '2026-01-01T10:00:05Z',
    finishedAt: '2026-01-01T10:00:09Z',
  };
  it('lines stamped inside the run are kept, without their stamps', () => {
    const raw = '2026-01-01T10:00:05.120Z app start\n2026-01-01T10:00:09.400Z app giving up\n';
    const r = checkLines(raw, t, false);
    assert.ok(r.ok);
    assert.strictEqual(r.ok && r.text, 'app start\napp giving up\n');
    assert.strictEqual(r.ok && r.attribution, 'timestamps');
  });
  it('a line stamped after the end is another (newer) instance: refused, not attached', () => {
    const raw = '2026-01-01T10:00:25.000Z app start\n';
    const r = checkLines(raw, t, true);
    assert.ok(!r.ok && /another instance/.test(r.why));
  });
  it('a line stamped before the start is another (older) instance', () => {
    assert.ok(!checkLines('2026-01-01T10:00:04.999Z x\n', t, true).ok);
  });
  it('no lines: kept only when the status still named this instance for the request after the fetch', () => {
    assert.ok(checkLines('', t, true).ok);
    const r = checkLines('', t, false);
    assert.ok(!r.ok && /unknown which instance/.test(r.why));
  });
  it('a last line cut inside its stamp by the byte limit is dropped, not a reason to refuse', () => {
    const r = checkLines('2026-01-01T10:00:06Z a\n2026-01-01T1', t, false);
    assert.ok(r.ok && r.text === 'a\n');
  });
  it('an instance with no end time cannot be checked: refused', () => {
    assert.ok(!checkLines('2026-01-01T10:00:06Z a\n', { ...t, finishedAt: undefined }, true).ok);
  });
});

describe('crash capture: failures say why', () => {
  it('kubelet dropped, forbidden, pod deleted first', () => {
    assert.strictEqual(failureOf(400, 'previous terminated container "app" in pod "crashy" not found').kind, 'dropped');
    assert.strictEqual(failureOf(403, 'Forbidden').kind, 'forbidden');
    assert.strictEqual(failureOf(404, 'pods "crashy" not found').kind, 'pod-deleted');
    assert.strictEqual(failureOf(500, 'boom').why, 'boom');
  });
});

describe('crash capture: the queue', () => {
  const t = (id: string, finishedAt: string, uid = 'u'): CaptureTarget => ({
    uid,
    namespace: 'n',
    pod: 'p',
    container: 'c',
    containerId: id,
    finishedAt,
  });
  it('dedupes by container ID, runs at most 2 at once, newest end first', () => {
    const q = new CaptureQueue(2);
    assert.ok(q.add(t('a', '2026-01-01T10:00:00Z')));
    assert.ok(q.add(t('b', '2026-01-01T10:00:02Z')));
    assert.ok(q.add(t('c', '2026-01-01T10:00:01Z')));
    assert.ok(!q.add(t('a', '2026-01-01T10:00:00Z')));
    assert.strictEqual(q.take()?.containerId, 'b');
    assert.strictEqual(q.take()?.containerId, 'c');
    assert.strictEqual(q.take(), undefined, 'two running');
    q.done();
    assert.strictEqual(q.take()?.containerId, 'a');
    assert.ok(!q.add(t('b', '2026-01-01T10:00:02Z')), 'done ones stay known');
  });
  it("a deleted pod's pending captures are dropped and handed back", () => {
    const q = new CaptureQueue(1);
    q.add(t('a', '2026-01-01T10:00:00Z', 'x'));
    q.add(t('b', '2026-01-01T10:00:01Z', 'y'));
    q.add(t('c', '2026-01-01T10:00:02Z', 'x'));
    assert.deepStrictEqual(
      q.dropPod('x').map(x => x.containerId),
      ['c', 'a'],
    );
    assert.strictEqual(q.take()?.containerId, 'b');
  });
  it('a big first look queues in place: each end time is read once, and the newest still goes first', () => {
    // 5,000 failed ends (a big namespace's first look): sorting the whole queue on every add read
    // each end's time ~25 times per add, millions in all, and kept the extension host busy.
    let reads = 0;
    const q = new CaptureQueue(1);
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, 0, (i * 7919) % n)).toISOString();
      const target = t(`c${i}`, at);
      Object.defineProperty(target, 'finishedAt', {
        get: () => (reads++, at),
        enumerable: true,
      });
      q.add(target);
    }
    assert.ok(reads <= n, `${reads} reads of finishedAt for ${n} adds`);
    const firstTwo: string[] = [];
    for (let i = 0; i < 2; i++) {
      firstTwo.push(q.take()!.finishedAt!);
      q.done();
    }
    assert.deepStrictEqual(firstTwo, [
      new Date(Date.UTC(2026, 0, 1, 0, 0, n - 1)).toISOString(),
      new Date(Date.UTC(2026, 0, 1, 0, 0, n - 2)).toISOString(),
    ]);
  });
});

describe('crash capture: caps', () => {
  it('evicts gone pods first, then the oldest, only down to the cap', () => {
    const e = (key: string, uid: string, keptAt: string) => ({ key, uid, bytes: 10, keptAt });
    const entries = [
      e('old-live', 'live', '2026-01-01T00:00:00Z'),
      e('new-gone', 'gone', '2026-01-03T00:00:00Z'),
      e('mid-live', 'live', '2026-01-02T00:00:00Z'),
      e('newest', 'live', '2026-01-04T00:00:00Z'),
    ];
    const gone = (u: string) => u === 'gone';
    assert.deepStrictEqual(planLogEviction(entries, gone, 40), []);
    assert.deepStrictEqual(planLogEviction(entries, gone, 30), ['new-gone']);
    assert.deepStrictEqual(planLogEviction(entries, gone, 15), ['new-gone', 'old-live', 'mid-live']);
  });
  it('under the cap nothing is ordered: no pod is asked about (each kept log or failure runs this)', () => {
    const entries = Array.from({ length: 3000 }, (_, i) => ({
      key: `k${i}`,
      uid: `u${i % 50}`,
      bytes: 100,
      keptAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    }));
    let asked = 0;
    const gone = () => (asked++, false);
    assert.deepStrictEqual(planLogEviction(entries, gone, 300_000), []);
    assert.strictEqual(asked, 0, 'podGone asked while everything fits');
    assert.deepStrictEqual(planLogEviction(entries, gone, 299_800), ['k0', 'k1']);
    assert.ok(asked <= entries.length, `${asked} questions for ${entries.length} entries once over the cap`);
  });
  it('the per-instance size keeps the last bytes, from a line start', () => {
    assert.deepStrictEqual(lastBytes('aaa\nbbb\nccc\n', 100), { text: 'aaa\nbbb\nccc\n', cut: false });
    assert.deepStrictEqual(lastBytes('aaa\nbbb\nccc\n', 6), { text: 'ccc\n', cut: true });
  });
});

describe('crash capture: the header of Show Instance Logs', () => {
  it('names the instance, its container ID, start–end and exit; a failure says why', () => {
    const target = {
      uid: 'u',
      namespace: 'demo',
      pod: 'crashy',
      container: 'app',
      containerId: 'containerd://25428a813060',
      ordinal: 1,
      startedAt: '2026-01-01T10:00:05Z',
      finishedAt: '2026-01-01T10:00:09Z',
      exitCode: 1,
      reason: 'Error',
    };
    const h = keptLogHeader({
      v: 1,
      target,
      keptAt: 'k',
      outcome: 'kept',
      text: 'x\n',
      lines: 1,
      attribution: 'timestamps',
      request: 'current',
    });
    assert.match(
      h,
      /instance #1, container ID containerd:\/\/25428a813060, 2026-01-01T10:00:05Z – 2026-01-01T10:00:09Z, exit 1 Error/,
    );
    const f = keptLogHeader({
      v: 1,
      target,
      keptAt: 'k',
      outcome: 'failed',
      failure: { kind: 'forbidden', why: 'nope' },
    });
    assert.match(f, /# Not kept: nope\./);
  });
});

describe('crash radar (issue 19 §3)', () => {
  it("counts crashy's app while it crash-loops, with the evidence", () => {
    const pods = podsOf('demo-crashy');
    const waiting = pods.find(p =>
      p.status?.containerStatuses?.some(s => s.state?.waiting?.reason === 'CrashLoopBackOff'),
    );
    assert.ok(waiting, 'the recording has a CrashLoopBackOff update');
    const ts = troubledContainers([waiting!], () => []);
    assert.deepStrictEqual(
      ts.map(t => [t.pod, t.container, t.kind]),
      [['crashy', 'app', 'crashloop']],
    );
    assert.match(radarTooltip(ts), /^1 troubled container: 1 crash-looping$/);
  });
  it('a healthy steady pod counts nothing; a pod being deleted counts nothing', () => {
    const steady = podsOf('demo-steady');
    assert.deepStrictEqual(
      troubledContainers([steady[steady.length - 1]], () => []),
      [],
    );
  });
  it('not ready with a warning event about that container counts; without a warning it does not', () => {
    const pods = podsOf('demo-crashy');
    const pod = structuredClone(pods[pods.length - 1]);
    for (const s of pod.status!.containerStatuses!) {
      s.ready = false;
      s.state = { running: { startedAt: '2026-01-01T00:00:00Z' } };
      s.lastState = {};
    }
    assert.deepStrictEqual(
      troubledContainers([pod], () => []),
      [],
    );
    const warn: KEvent = {
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      involvedObject: { kind: 'Pod', uid: pod.metadata!.uid, fieldPath: 'spec.containers{helper}' },
    };
    assert.deepStrictEqual(
      troubledContainers([pod], () => [warn]).map(t => [t.container, t.kind]),
      [['helper', 'unready-warning']],
    );
    assert.ok(eventsOf('demo-crashy').length > 0);
  });
  it('OOMKilled counts while the container has not become ready again', () => {
    const pods = podsOf('demo-crashy');
    const pod = structuredClone(pods[pods.length - 1]);
    const s = pod.status!.containerStatuses!.find(c => c.name === 'app')!;
    s.lastState!.terminated!.reason = 'OOMKilled';
    s.ready = false;
    assert.deepStrictEqual(
      troubledContainers([pod], () => []).map(t => t.kind),
      ['oomkilled'],
    );
    s.ready = true;
    assert.deepStrictEqual(
      troubledContainers([pod], () => []),
      [],
    );
  });
});

describe('capture numbering in back-off', () => {
  it('an end first seen in back-off (waiting, lastState = the status containerID) is #restartCount+1', () => {
    const id = 'containerd://' + 'a'.repeat(64);
    const pod = {
      metadata: { uid: 'u1', name: 'p', namespace: 'demo' },
      status: {
        containerStatuses: [
          {
            name: 'app',
            restartCount: 3,
            containerID: id,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, containerID: id, startedAt: 't0', finishedAt: 't1' } },
          },
        ],
      },
    } as unknown as KPod;
    const [t] = instancesToCapture(pod, () => false);
    assert.strictEqual(t.containerId, id);
    assert.strictEqual(t.ordinal, 4);
  });
});

describe('capture at the first look at a pod', () => {
  const id = (x: string) => 'containerd://' + x.repeat(64);
  const pod = {
    metadata: { uid: 'u2', name: 'p', namespace: 'demo' },
    status: {
      initContainerStatuses: [
        {
          name: 'init',
          restartCount: 0,
          containerID: id('b'),
          state: { terminated: { exitCode: 0, reason: 'Completed', containerID: id('b'), finishedAt: 't1' } },
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          restartCount: 2,
          containerID: id('c'),
          state: { running: { startedAt: 't3' } },
          lastState: { terminated: { exitCode: 1, containerID: id('d'), startedAt: 't1', finishedAt: 't2' } },
        },
      ],
    },
  } as unknown as KPod;

  it('ends from before the first look are fetched only when they failed (a completed init keeps its logs with the pod)', () => {
    assert.deepStrictEqual(
      instancesToCapture(pod, () => false, true).map(t => t.container),
      ['app'],
    );
  });
  it('ends seen as they happen are all fetched', () => {
    assert.deepStrictEqual(
      instancesToCapture(pod, () => false)
        .map(t => t.container)
        .sort(),
      ['app', 'init'],
    );
  });
});
