import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterRegistry, DEMO_CONTEXT } from '../../src/cluster/registry';
import { ClusterSession } from '../../src/cluster/session';
import { DemoClient, routeOf } from '../../src/cluster/demoClient';
import {
  DEMO_HOLD_MS,
  DemoClock,
  DemoRecording,
  DemoReplay,
  DemoWatchEvent,
  readDemoFile,
  roundUid,
  shiftTimes,
} from '../../src/cluster/demoReplay';
import { HistoryBook } from '../../src/model/historyBook';
import { needsRealCluster } from '../../src/model/recorded';
import { FIXTURES } from './replay';

const DEMO_FILE = path.join(FIXTURES, '../../media/demo/recorded.jsonl.gz');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** A clock the test moves: timers fire in order as time passes. */
class FakeClock implements DemoClock {
  t = Date.parse('2030-01-01T12:00:00Z');
  private timers: { at: number; f: () => void; id: number }[] = [];
  private ids = 0;
  now = () => this.t;
  setTimeout = (f: () => void, ms: number) => {
    this.timers.push({ at: this.t + ms, f, id: ++this.ids });
    return this.ids;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter(x => x.id !== h);
  };
  async tick(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.f();
      await new Promise(r => setImmediate(r)); // let reflectors take what was sent
    }
    this.t = end;
  }
}

const flush = () => new Promise(r => setImmediate(r));
function times(o: unknown, out: string[] = []): string[] {
  if (typeof o === 'string' && ISO.test(o)) out.push(o);
  else if (o && typeof o === 'object') for (const v of Object.values(o)) times(v, out);
  return out;
}

let recording: DemoRecording;
before(() => {
  recording = readDemoFile(DEMO_FILE);
});
const span = () => recording.records[recording.records.length - 1].t - recording.records[0].t;

/** A real session (reflectors, store) on the demo transport, watching namespace demo. */
async function demoSession(clock: FakeClock) {
  const replay = new DemoReplay(recording, clock);
  const s = new ClusterSession(
    { name: DEMO_CONTEXT, file: 'built-in demo', namespace: 'demo', recorded: recording.source },
    new HistoryBook(),
    new DemoClient(replay),
  );
  s.start();
  s.ensureWatching('demo');
  for (let i = 0; i < 20; i++) await flush();
  return { s, replay, uidOf: (name: string) => s.store.uidByName('demo', name) };
}

describe('the demo recording (media/demo)', () => {
  it('ships the curated pods from the current kubelet, compressed within the budget', () => {
    assert.ok(fs.statSync(DEMO_FILE).size <= 300 * 1024);
    assert.match(recording.source, /kubelet v1\.37\./);
    const pods = new Set(recording.records.filter(r => r.kind === 'Pod').map(r => r.object.metadata?.name));
    for (const p of [
      'crashy',
      'shared',
      'with-sidecar',
      'restart-rules',
      'restart-all',
      'resize',
      'web-init',
      'shared-pid',
    ])
      assert.ok(pods.has(p), p);
    assert.ok(!JSON.stringify(recording.records).includes('managedFields'));
  });
});

describe('demo replay', () => {
  it('feeds the same session and store as a cluster: pods, restarts, a recreated sandbox, shared PID', async () => {
    const clock = new FakeClock();
    const { s, uidOf } = await demoSession(clock);
    assert.equal(s.state.phase, 'live');
    assert.deepEqual(s.namespaces, ['demo']);
    await clock.tick(span());
    const crashy = s.store.anatomy(uidOf('crashy')!)!;
    assert.ok(crashy.containers[0].restartCount >= 2, `restarts ${crashy.containers[0].restartCount}`);
    const shared = s.store.history(uidOf('shared')!)!;
    assert.equal(shared.generations.length, 2, 'the recorded sandbox kill gives a second sandbox generation');
    assert.ok(s.store.anatomy(uidOf('shared-pid')!)!.sandbox.shareProcessNamespace);
    assert.ok(s.store.node('localhost'), 'the recorded node is there (runtime for the anatomy)');
    s.stop();
  });

  it('re-times every object to now: nothing is ever later than the moment it is sent', () => {
    const clock = new FakeClock();
    const replay = new DemoReplay(recording, clock);
    const seen: DemoWatchEvent[] = [];
    const late: string[] = [];
    for (const kind of ['Pod', 'Event'] as const)
      replay.watch(kind, undefined, e => {
        seen.push(e);
        for (const t of times(e.object)) if (Date.parse(t) > clock.now()) late.push(`${t} > ${clock.now()}`);
      });
    const start = clock.now();
    for (let i = 0; i < 400; i++) {
      clock.t += 1000;
      replay.advance();
    }
    assert.ok(seen.length > 150, `${seen.length}`);
    assert.deepEqual(late, []);
    const first = seen.find(e => e.object.metadata?.name === 'crashy')!;
    const created = Date.parse((first.object.metadata as { creationTimestamp: string }).creationTimestamp);
    // The recorder saw the pods some seconds after their creation: the replay keeps that gap.
    assert.ok(created <= start && start - created < 15_000, 'the first pod was created just before the demo opened');
  });

  it('loops: after a pause the pods are deleted and created again under new UIDs, later, never earlier', () => {
    const clock = new FakeClock();
    const replay = new DemoReplay(recording, clock);
    const events: DemoWatchEvent[] = [];
    replay.watch('Pod', undefined, e => events.push(e));
    clock.t += span() + DEMO_HOLD_MS + 1;
    replay.advance();
    assert.equal(replay.rounds, 1);
    const crashy = events.filter(e => e.object.metadata?.name === 'crashy');
    const deleted = crashy.findIndex(e => e.type === 'DELETED');
    assert.ok(deleted > 0);
    const again = crashy.slice(deleted + 1);
    assert.equal(again[0].type, 'ADDED');
    assert.notEqual(again[0].object.metadata?.uid, crashy[0].object.metadata?.uid);
    const born = (e: DemoWatchEvent) => (e.object.metadata as { creationTimestamp: string }).creationTimestamp;
    assert.ok(born(again[0]) > born(crashy[deleted]), `${born(again[0])} after ${born(crashy[deleted])}`);
    const rvs = events.map(e => e.rv);
    assert.deepEqual(
      rvs,
      [...rvs].sort((a, b) => a - b),
      'resourceVersions only grow',
    );
  });

  it('a watch resumes from its resourceVersion; one too old is Gone, as from an API server', async () => {
    const clock = new FakeClock();
    const replay = new DemoReplay(recording, clock);
    const client = new DemoClient(replay);
    const list = await client.getJson<{ metadata: { resourceVersion: string } }>('/api/v1/nodes');
    clock.t += 20_000;
    const got: string[] = [];
    const ab = new AbortController();
    const w = client.watch(
      `/api/v1/namespaces/demo/pods?watch=1&resourceVersion=${list.metadata.resourceVersion}`,
      e => got.push(e.type),
      ab.signal,
    );
    assert.ok(got.length > 0, 'what happened since the list is sent first');
    ab.abort();
    await w;
    for (let i = 0; i < 12; i++) {
      clock.t += span() + DEMO_HOLD_MS + 1;
      replay.advance();
    }
    await assert.rejects(
      client.watch('/api/v1/nodes?watch=1&resourceVersion=1', () => {}, new AbortController().signal),
      (e: { status?: number }) => e.status === 410,
    );
  });

  it('reaches no network: logs and delete are refused with the reason', async () => {
    const client = new DemoClient(new DemoReplay(recording, new FakeClock()));
    await assert.rejects(client.streamText(), /recorded demo, not a live cluster/);
    await assert.rejects(client.delete(), /recorded demo, not a live cluster/);
    await assert.rejects(client.getJson('/api/v1/namespaces/demo/pods/crashy/log'), /not part of the recording/);
    assert.deepEqual(routeOf('/api/v1/namespaces/demo/events?fieldSelector=x'), { kind: 'Event', namespace: 'demo' });
  });
});

describe('demo helpers', () => {
  it('shiftTimes moves second and microsecond timestamps alike, and nothing else', () => {
    const o = shiftTimes({ a: '2026-11-27T04:56:47Z', b: '2026-11-27T04:56:47.123456Z', c: 'image:2026' }, 1500);
    assert.deepEqual(o, { a: '2026-11-27T04:56:48Z', b: '2026-11-27T04:56:48.623456Z', c: 'image:2026' });
  });
  it('roundUid keeps the recorded UID first, then one per round', () => {
    const u = 'cab7eebc-afb1-4013-afac-c900f6b7d545';
    assert.equal(roundUid(u, 0), u);
    const seen = new Set([u, roundUid(u, 1), roundUid(u, 2), roundUid(u, 3)]);
    assert.equal(seen.size, 4);
  });
});

describe('what a recorded context may do (needsRealCluster)', () => {
  it('says why each cluster action is off in the demo, and stays out of the way on a real cluster', () => {
    for (const a of ['logs', 'previous-logs', 'crash', 'delete', 'processes', 'debug', 'shell'] as const) {
      assert.equal(needsRealCluster(a, false), undefined);
      assert.match(
        needsRealCluster(a, true)!,
        /^This is the recorded demo, not a live cluster: .+\. Connect a cluster/,
      );
    }
  });
});

describe('the registry opens the demo', () => {
  it('no setting, no $KUBECONFIG, no ~/.kube/config: no kubeconfig, not a problem (the welcome view shows)', () => {
    const reg = new ClusterRegistry();
    const home = process.env.HOME;
    process.env.HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'pod-xray-empty-home-')); // os.homedir() reads it
    let load;
    try {
      load = reg.reload(undefined, {});
    } finally {
      process.env.HOME = home;
    }
    assert.deepEqual(load.problems, []);
    assert.deepEqual(load.contexts, []);
    assert.equal(reg.reload('/nonexistent/kubeconfig', {}).problems.length, 1, 'a file the user named is still missed');
    reg.dispose();
  });
  it('adds a recorded context, selects it, keeps it across a kubeconfig reload, and keeps no history on disk', () => {
    const reg = new ClusterRegistry();
    const books: string[] = [];
    reg.onDidCreateHistory(info => books.push(info.name));
    reg.reload('/nonexistent/kubeconfig', {});
    reg.openDemo(() => recording);
    assert.equal(reg.currentContext, DEMO_CONTEXT);
    assert.ok(reg.isRecorded(DEMO_CONTEXT));
    reg.reload('/nonexistent/kubeconfig', {});
    assert.ok(reg.contexts.some(c => c.name === DEMO_CONTEXT));
    assert.equal(reg.currentContext, DEMO_CONTEXT);
    const s = reg.session(DEMO_CONTEXT)!;
    assert.ok(s.client instanceof DemoClient);
    assert.deepEqual(books, []);
    reg.dispose();
  });
});
