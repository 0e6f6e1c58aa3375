import * as assert from 'assert';
import { buildAnatomy } from '../../src/model/anatomy';
import { kubectlStatus } from '../../src/model/summary';
import { KPod } from '../../src/model/k8s';
import { replay } from './replay';

describe('anatomy from real kubelet recordings', () => {
  it('crash loop: the app restarts, the sandbox keeps one IP, the helper never restarts', () => {
    const r = replay('demo-crashy');
    const withIp = r.snapshots.filter(a => a.sandbox.podIP);
    assert.ok(withIp.length >= 5, 'several updates with an IP');
    assert.deepStrictEqual([...new Set(withIp.map(a => a.sandbox.podIP))].length, 1, 'the pod IP never changes');
    const counts = r.snapshots.map(a => a.containers.find(c => c.name === 'app')!.restartCount);
    assert.ok(counts[counts.length - 1] >= 3, `app restarted several times (${counts})`);
    assert.ok(
      counts.every((n, i) => i === 0 || n >= counts[i - 1]),
      'restartCount never goes down',
    );
    const last = r.last;
    assert.deepStrictEqual(
      last.containers.map(c => [c.name, c.kind]),
      [
        ['app', 'app'],
        ['helper', 'app'],
      ],
    );
    assert.strictEqual(last.containers.find(c => c.name === 'helper')!.restartCount, 0);
    assert.strictEqual(last.sandbox.state, 'ready');
    assert.strictEqual(last.sandbox.nodeName, 'localhost');
    assert.match(last.sandbox.runtime ?? '', /^containerd:\/\/1\.6/);
    assert.deepStrictEqual(last.sandbox.pauseImage.known && last.sandbox.pauseImage.name, 'registry.k8s.io/pause:3.9');
    assert.strictEqual(last.containers[0].lastTermination?.exitCode, 1);
    assert.ok(last.hasProblem);
  });

  it('crash loop back-off comes from the waiting message, with the next start time', () => {
    const r = replay('demo-crashy');
    const waiting = r.snapshots.map(a => a.containers[0]).filter(c => c.stateReason === 'CrashLoopBackOff');
    assert.ok(waiting.length >= 2, 'saw CrashLoopBackOff');
    const secs = waiting.map(c => c.backoff?.seconds);
    assert.ok(
      secs.every(s => s === 10 || s === 20 || s === 40 || s === 80),
      `back-off values ${secs}`,
    );
    assert.ok(secs[secs.length - 1]! > secs[0]!, 'back-off grows');
    const c = waiting[waiting.length - 1];
    assert.strictEqual(
      Date.parse(c.backoff!.nextStartAt!) - Date.parse(c.lastTermination!.finishedAt!),
      c.backoff!.seconds * 1000,
    );
    assert.strictEqual(c.health, 'crashloop');
  });

  it('init containers run in order before the app', () => {
    const r = replay('demo-web-init');
    const statuses = r.snapshots.map(a => a.status);
    assert.ok(statuses.includes('Init:0/2'), statuses.join());
    assert.ok(statuses.includes('Init:1/2'), statuses.join());
    assert.strictEqual(statuses[statuses.length - 1], 'Running');
    assert.deepStrictEqual(
      r.last.containers.map(c => `${c.kind}:${c.index}:${c.name}`),
      ['init:0:fetch-config', 'init:1:migrate', 'app:0:web'],
    );
    assert.ok(r.last.containers.slice(0, 2).every(c => c.health === 'completed' && c.termination?.exitCode === 0));
  });

  it('SIGKILL ends with exit 137', () => {
    const r = replay('demo-sigkill');
    const ends = r.snapshots.flatMap(a => a.containers.map(c => c.lastTermination ?? c.termination)).filter(Boolean);
    assert.ok(
      ends.some(t => t!.exitCode === 137),
      `exit codes ${ends.map(t => t!.exitCode)}`,
    );
  });

  it('restartPolicy Never pod completes with exit 0 and its sandbox is torn down', () => {
    const a = replay('demo-batch-done').last;
    assert.strictEqual(a.phase, 'Succeeded');
    assert.strictEqual(a.status, 'Completed');
    assert.strictEqual(a.containers[0].health, 'completed');
    assert.strictEqual(a.sandbox.state, 'gone');
    assert.strictEqual(a.hasProblem, false);
  });

  it('OnFailure restarts a failing job (exit 2)', () => {
    const r = replay('demo-retry');
    assert.strictEqual(r.last.restartPolicy, 'OnFailure');
    const c = r.last.containers[0];
    assert.ok(c.restartCount >= 2);
    assert.strictEqual((c.lastTermination ?? c.termination)?.exitCode, 2);
  });

  it('a missing image with pullPolicy Never is ErrImageNeverPull, and the sandbox still has an IP', () => {
    const a = replay('demo-no-image').last;
    assert.strictEqual(a.containers[0].stateReason, 'ErrImageNeverPull');
    assert.strictEqual(a.containers[0].health, 'failed');
    assert.ok(a.sandbox.podIP, 'sandbox has an IP even though the container never started');
    assert.ok(a.hasProblem);
  });

  it('shareProcessNamespace is reported on the sandbox', () => {
    assert.strictEqual(replay('demo-shared-pid').last.sandbox.shareProcessNamespace, true);
  });

  it('volumes list who mounts them; ports are collected', () => {
    const a = replay('demo-shared').last;
    assert.deepStrictEqual(a.volumes, [{ name: 'shared', type: 'emptyDir', mountedBy: ['server', 'client'] }]);
    assert.deepStrictEqual(a.containers[0].ports, [{ port: 8080, name: 'http', protocol: 'TCP', hostPort: undefined }]);
  });
});

describe('anatomy of newer API fields (status written through the API as a 1.31 kubelet would)', () => {
  it('a sidecar (init container with restartPolicy Always) is classified as such', () => {
    // The 1.20 apiserver drops spec.initContainers[].restartPolicy; the status is real, the spec field is added here.
    const r = replay('ghost-with-sidecar', p => {
      const s = p.spec?.initContainers?.find(c => c.name === 'log-shipper');
      if (s) s.restartPolicy = 'Always';
    });
    const a = r.last;
    assert.deepStrictEqual(
      a.containers.map(c => `${c.kind}:${c.name}`),
      ['init:setup', 'sidecar:log-shipper', 'app:app'],
    );
    assert.strictEqual(a.sandbox.readyToStartContainers?.status, 'True');
    assert.strictEqual(a.status, 'Running', 'a started sidecar does not hold the pod in Init');
    assert.strictEqual(a.containers[1].lastTermination?.reason, 'OOMKilled');
    assert.strictEqual(a.ready.total, 2, 'sidecar and app count for readiness');
  });

  it('without the spec field the same pod reads as still initializing (what kubectl 1.20 shows)', () => {
    assert.strictEqual(replay('ghost-with-sidecar').last.status, 'Init:1/2');
  });

  it('PodReadyToStartContainers False means the sandbox is being (re)created', () => {
    const a = replay('ghost-sandbox-rebuilding').last;
    assert.strictEqual(a.sandbox.state, 'creating');
    assert.strictEqual(a.sandbox.readyToStartContainers?.status, 'False');
    assert.strictEqual(a.sandbox.podIP, undefined);
  });

  it('hostNetwork: the sandbox joins the node namespace, pod IP = host IP; pause image from the node list', () => {
    const a = replay('ghost-on-host-network').last;
    assert.strictEqual(a.sandbox.state, 'host-network');
    assert.strictEqual(a.sandbox.podIP, a.sandbox.hostIP);
    assert.deepStrictEqual(a.sandbox.pauseImage, {
      known: true,
      name: 'registry.k8s.io/pause:3.10',
      sizeBytes: 320368,
    });
    assert.strictEqual(a.sandbox.runtime, 'containerd://1.7.24');
  });

  it('ephemeral container statuses show even without a spec entry', () => {
    const a = replay('ghost-debugged').last;
    assert.deepStrictEqual(
      a.containers.map(c => `${c.kind}:${c.name}:${c.state}`),
      ['app:app:running', 'ephemeral:debugger:running'],
    );
  });

  it('an unscheduled pod has no sandbox', () => {
    const a = replay('ghost-unscheduled').last;
    assert.strictEqual(a.sandbox.state, 'unscheduled');
    assert.strictEqual(a.status, 'Pending');
    assert.strictEqual(a.containers[0].state, 'unknown');
  });
});

describe('anatomy of odd input', () => {
  it('a pod with no status and no spec does not throw', () => {
    const a = buildAnatomy({ metadata: { name: 'x', namespace: 'n', uid: 'u' } });
    assert.strictEqual(a.sandbox.state, 'unscheduled');
    assert.deepStrictEqual(a.containers, []);
    assert.strictEqual(a.status, 'Pending');
  });
  it('an empty object does not throw', () => {
    const a = buildAnatomy({} as KPod);
    assert.strictEqual(a.name, '?');
  });
  it('unknown states and negative restart counts are tolerated', () => {
    const a = buildAnatomy({
      metadata: { name: 'p', uid: 'u' },
      spec: { nodeName: 'n', containers: [{ name: 'c' }] },
      status: { phase: 'Weird', containerStatuses: [{ name: 'c', restartCount: -4, state: { bogus: {} } as never }] },
    });
    assert.strictEqual(a.containers[0].state, 'unknown');
    assert.strictEqual(a.containers[0].restartCount, 0);
  });
  it('a terminating pod reads Terminating', () => {
    assert.strictEqual(
      kubectlStatus({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Running' } }),
      'Terminating',
    );
  });
  it('100 containers', () => {
    const containers = Array.from({ length: 100 }, (_, i) => ({ name: `c${i}` }));
    const a = buildAnatomy({
      metadata: { name: 'big', uid: 'b' },
      spec: { nodeName: 'n', containers },
      status: {
        podIP: '10.0.0.1',
        containerStatuses: containers.map(c => ({
          name: c.name,
          ready: true,
          restartCount: 1,
          state: { running: {} },
        })),
      },
    });
    assert.strictEqual(a.containers.length, 100);
    assert.strictEqual(a.ready.ready, 100);
    assert.strictEqual(a.restarts, 100);
  });
});
