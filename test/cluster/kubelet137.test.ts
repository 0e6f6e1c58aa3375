// What only a current kubelet produces (issue 17): Kubernetes 1.37 built from Go modules, with
// controller-manager and scheduler. Each test asserts a behaviour as the real kubelet shows it.
import * as assert from 'assert';
import {
  ADMIN,
  cond,
  copyPod,
  cs,
  KUBECTL,
  kubectl,
  kubectlIn,
  mi,
  pod,
  podsBy,
  RESTRICTED,
  sleep,
  tryKubectl,
  until,
  watchObjects,
} from './kube';
import type { Pod } from './kube';
import { ephemeralContainerPatch } from '../shared/cluster';

const VERSION = 'v1.37.2';
const at = (s?: string) => (s ? Date.parse(s) : NaN);
const suffix = () => Math.random().toString(36).slice(2, 7);

describe('local cluster 1.37: versions', () => {
  before(function () {
    if (!ADMIN || !KUBECTL) this.skip();
  });

  it(`kubectl version reports ${VERSION} for client and server`, () => {
    const v = JSON.parse(kubectl(ADMIN, 'version', '-o', 'json')) as {
      clientVersion: { gitVersion: string };
      serverVersion: { gitVersion: string };
    };
    assert.strictEqual(v.clientVersion.gitVersion, VERSION);
    assert.strictEqual(v.serverVersion.gitVersion, VERSION);
  });

  it(`the node localhost runs kubelet ${VERSION} on containerd 2`, () => {
    const n = JSON.parse(kubectl(ADMIN, 'get', 'node', 'localhost', '-o', 'json')) as {
      status: { nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string } };
    };
    assert.strictEqual(n.status.nodeInfo.kubeletVersion, VERSION);
    assert.match(n.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/v?2\./);
  });
});

describe('local cluster 1.37: pods from the real kubelet', () => {
  before(function () {
    if (!ADMIN || !KUBECTL) this.skip();
  });

  it('native sidecar: starts before the app, its restartCount rises while the app stays at 0', async () => {
    // on a fresh copy: the scenario pod's crash back-off may have grown to minutes by now
    const name = `with-sidecar-${suffix()}`;
    copyPod('with-sidecar', name);
    try {
      const first = await until(`${name} app running`, 90_000, () => {
        const p = pod(name);
        return cs(p, 'app')?.state?.running ? p : undefined;
      });
      const setup = cs(first, 'setup')!,
        app = cs(first, 'app')!;
      assert.ok(setup.state?.terminated?.exitCode === 0, 'setup completed');
      assert.ok(
        at(setup.state!.terminated!.finishedAt) <= at(app.state!.running!.startedAt),
        'setup finished before app started',
      );
      const later = await until('a real restart of the sidecar', 120_000, () => {
        const p = pod(name);
        return cs(p, 'log-shipper')!.restartCount >= 1 ? p : undefined;
      });
      const l = cs(later, 'log-shipper')!;
      assert.strictEqual(l.lastState?.terminated?.exitCode, 1, 'the sidecar crashed with exit 1');
      assert.strictEqual(cs(later, 'app')!.restartCount, 0, 'the app never restarted');
      assert.strictEqual(cs(later, 'app')!.containerID, app.containerID, 'same app instance');
      assert.strictEqual(later.status.podIP, first.status.podIP, 'same sandbox');
      assert.strictEqual(later.status.phase, 'Running');
    } finally {
      kubectl(ADMIN, 'delete', 'pod', name, '-n', 'demo', '--wait=false');
    }
  });

  it('start order setup -> proxy -> metrics -> app; shutdown order app, then metrics, then proxy', async () => {
    const p = await until('ordered running', 90_000, () => {
      const q = pod('ordered');
      return cs(q, 'app')?.state?.running ? q : undefined;
    });
    const t = (n: string) => at(cs(p, n)!.state?.running?.startedAt ?? cs(p, n)!.state?.terminated?.startedAt);
    assert.ok(at(cs(p, 'setup')!.state?.terminated?.finishedAt) <= t('proxy'), 'setup finished before proxy started');
    assert.ok(
      t('proxy') <= t('metrics') && t('metrics') <= t('app'),
      `start order proxy ${t('proxy')} metrics ${t('metrics')} app ${t('app')}`,
    );
    // shutdown on a copy (deleting a scenario pod would take it from the other tests). The kubelet
    // sends every Killing event at once; the order shows in the containers' finishedAt.
    const name = `ordered-${suffix()}`;
    copyPod('ordered', name);
    await until(`${name} running`, 90_000, () => cs(pod(name), 'app')?.state?.running);
    const w = watchObjects<Pod>('pod', name, '-n', 'demo');
    try {
      await until('the watch to start', 10_000, () => w.objects.length > 0);
      kubectl(ADMIN, 'delete', 'pod', name, '-n', 'demo', '--wait=true', '--timeout=60s');
      await sleep(500);
    } finally {
      w.stop();
    }
    const fin = (p: Pod, c: string) => at(cs(p, c)?.state?.terminated?.finishedAt);
    const last = [...w.objects].reverse().find(p => ['app', 'metrics', 'proxy'].every(c => fin(p, c) > 0));
    assert.ok(last, `finishedAt of every container seen while ${name} terminated (${w.objects.length} updates)`);
    const [app, metrics, proxy] = ['app', 'metrics', 'proxy'].map(c => fin(last, c));
    assert.ok(
      app < metrics && metrics < proxy,
      `stopped app ${new Date(app).toISOString()}, metrics ${new Date(metrics).toISOString()}, proxy ${new Date(proxy).toISOString()}`,
    );
  });

  it('container restart rules: restartPolicy Never stays down in an Always pod; restartPolicyRules restart on exit 42, not on 1', async () => {
    const p = await until('exit-42 to finish its second run', 120_000, () => {
      const q = pod('restart-rules');
      return cs(q, 'exit-42')?.state?.terminated && cs(q, 'once')?.state?.terminated ? q : undefined;
    });
    const e42 = cs(p, 'exit-42')!,
      once = cs(p, 'once')!;
    assert.strictEqual(e42.restartCount, 1, 'restarted once, after exit 42');
    assert.strictEqual(e42.lastState?.terminated?.exitCode, 42);
    assert.strictEqual(e42.state!.terminated!.exitCode, 1);
    assert.strictEqual(once.restartCount, 0);
    assert.strictEqual(once.state!.terminated!.exitCode, 1);
    await sleep(12_000); // a restart would come within the first back-off (10 s)
    const q = pod('restart-rules');
    assert.strictEqual(cs(q, 'exit-42')!.restartCount, 1, 'not restarted after exit 1');
    assert.strictEqual(cs(q, 'once')!.restartCount, 0, 'restartPolicy Never: not restarted');
    assert.ok(cs(q, 'app')!.state?.running, 'the app runs on');
    assert.strictEqual(q.status.phase, 'Running');
  });

  it('restart all containers in place: same sandbox and IP, init containers run again (new container IDs)', async () => {
    const before = await until('restart-all running', 90_000, () => {
      const q = pod('restart-all');
      return cs(q, 'worker')?.state?.running && cs(q, 'buddy')?.state?.running ? q : undefined;
    });
    const ids = (q: typeof before) => ({
      init: cs(q, 'init-config')!.containerID,
      worker: cs(q, 'worker')!.containerID,
      buddy: cs(q, 'buddy')!.containerID,
    });
    const b = ids(before);
    kubectl(ADMIN, 'exec', '-n', 'demo', 'restart-all', '-c', 'worker', '--', 'touch', '/state/trigger');
    const after = await until('every container of restart-all restarted and running', 120_000, () => {
      const q = pod('restart-all');
      const a = ids(q);
      return a.init !== b.init &&
        a.worker !== b.worker &&
        a.buddy !== b.buddy &&
        cs(q, 'worker')?.state?.running &&
        cs(q, 'buddy')?.state?.running
        ? q
        : undefined;
    });
    assert.strictEqual(after.status.podIP, before.status.podIP, 'same sandbox, same IP');
    assert.strictEqual(after.metadata.uid, before.metadata.uid);
    assert.strictEqual(cs(after, 'init-config')!.state?.terminated?.exitCode, 0, 'the init container ran again');
    const runs = kubectl(ADMIN, 'exec', '-n', 'demo', 'restart-all', '-c', 'worker', '--', 'cat', '/state/init-runs');
    assert.ok(runs.trim().split('\n').length >= 2, `init ran at least twice in the same pod volume: ${runs}`);
    const sandboxChanged = kubectl(
      ADMIN,
      'get',
      'events',
      '-n',
      'demo',
      '--field-selector',
      `involvedObject.uid=${before.metadata.uid},reason=SandboxChanged`,
      '-o',
      'name',
    ).trim();
    assert.strictEqual(sandboxChanged, '', 'no new sandbox');
  });

  it('in-place resize through the resize subresource: NotRequired resizes without a restart, RestartContainer restarts', async () => {
    const p = await until('resize running', 90_000, () => {
      const q = pod('resize');
      return cs(q, 'mem-restart')?.state?.running && cs(q, 'cpu-only')?.state?.running ? q : undefined;
    });
    const mem0 = mi(cs(p, 'mem-restart')!.allocatedResources?.memory),
      cpuOnly0 = mi(cs(p, 'cpu-only')!.allocatedResources?.memory);
    assert.ok(
      mem0 > 0 && cpuOnly0 > 0,
      `allocatedResources reported: ${JSON.stringify(cs(p, 'mem-restart')!.allocatedResources)}`,
    );
    const rc0 = cs(p, 'mem-restart')!.restartCount,
      rcCpu = cs(p, 'cpu-only')!.restartCount;
    const memTo = `${mem0 + 16}Mi`,
      cpuOnlyTo = `${cpuOnly0 + 16}Mi`;
    kubectl(
      ADMIN,
      'patch',
      'pod',
      'resize',
      '-n',
      'demo',
      '--subresource',
      'resize',
      '--type',
      'strategic',
      '-p',
      JSON.stringify({
        spec: {
          containers: [
            { name: 'cpu-only', resources: { requests: { memory: cpuOnlyTo }, limits: { memory: cpuOnlyTo } } },
            { name: 'mem-restart', resources: { requests: { memory: memTo }, limits: { memory: memTo } } },
          ],
        },
      }),
    ); // spec order: no reordering on resize
    const after = await until('the resize to be actuated', 120_000, () => {
      const q = pod('resize');
      return mi(cs(q, 'mem-restart')!.allocatedResources?.memory) === mem0 + 16 &&
        mi(cs(q, 'mem-restart')!.resources?.limits?.memory) === mem0 + 16 &&
        mi(cs(q, 'cpu-only')!.resources?.limits?.memory) === cpuOnly0 + 16 &&
        cs(q, 'mem-restart')!.state?.running &&
        !cond(q, 'PodResizePending') &&
        !cond(q, 'PodResizeInProgress') &&
        q.status.observedGeneration === q.metadata.generation
        ? q
        : undefined;
    });
    assert.strictEqual(cs(after, 'mem-restart')!.restartCount, rc0 + 1, 'RestartContainer: restarted once');
    assert.strictEqual(cs(after, 'cpu-only')!.restartCount, rcCpu, 'NotRequired: not restarted');
    assert.strictEqual(mi(cs(after, 'cpu-only')!.allocatedResources?.memory), cpuOnly0 + 16);
    assert.ok((after.metadata.generation ?? 0) > 1, 'the resize bumped the generation');
  });

  it("an ephemeral debug container added through the ephemeralcontainers subresource sees the target container's processes", async () => {
    await until('debug-me running', 90_000, () => cs(pod('debug-me'), 'app')?.state?.running);
    const name = `debugger-${suffix()}`;
    kubectl(ADMIN, ...ephemeralContainerPatch('debug-me', name));
    await until(`${name} running`, 60_000, () => cs(pod('debug-me'), name)?.state?.running);
    const ps = kubectl(ADMIN, 'exec', '-n', 'demo', 'debug-me', '-c', name, '--', 'ps', '-o', 'pid,args');
    assert.match(ps, /echo serving/, `the app's shell is visible from the debugger:\n${ps}`);
  });

  it('lifecycle.stopSignal: the status reports SIGUSR1 and the kubelet stops the app with it (no grace-period wait)', async () => {
    const p = await until('stop-signal running', 90_000, () => {
      const q = pod('stop-signal');
      return cs(q, 'app')?.state?.running ? q : undefined;
    });
    assert.strictEqual(cs(p, 'app')!.stopSignal, 'SIGUSR1');
    const name = `stop-signal-${suffix()}`;
    copyPod('stop-signal', name);
    await until(`${name} running`, 90_000, () => cs(pod(name), 'app')?.state?.running);
    const t0 = Date.now();
    kubectl(ADMIN, 'delete', 'pod', name, '-n', 'demo', '--wait=true', '--timeout=60s');
    // PID 1 ignores SIGTERM (no handler): were it sent, the pod would wait out its 10 s grace period
    assert.ok(Date.now() - t0 < 7_000, `deleted in ${Date.now() - t0} ms`);
  });

  it('hostUsers: false runs the pod in its own user namespace', async () => {
    await until('userns running', 90_000, () => cs(pod('userns'), 'app')?.state?.running);
    const map = kubectl(ADMIN, 'exec', '-n', 'demo', 'userns', '--', 'cat', '/proc/self/uid_map').trim().split(/\s+/);
    assert.strictEqual(map[0], '0', 'root inside');
    assert.notStrictEqual(map[1], '0', `mapped to an unprivileged host uid: ${map.join(' ')}`);
  });

  it('a Deployment pod deleted: the replacement has a new UID, sandbox and IP', async () => {
    const [old] = await until('the web Deployment pod running', 120_000, () => {
      const ps = podsBy('app=web').filter(
        q => q.status.podIP && cs(q, 'web')?.state?.running && !q.metadata.deletionTimestamp,
      );
      return ps.length === 1 ? ps : undefined;
    });
    assert.strictEqual(old.metadata.ownerReferences?.[0]?.kind, 'ReplicaSet');
    assert.strictEqual(old.spec.nodeName, 'localhost', 'placed by the scheduler');
    kubectl(ADMIN, 'delete', 'pod', old.metadata.name, '-n', 'demo', '--wait=false');
    const [repl] = await until('a replacement pod running', 120_000, () => {
      const ps = podsBy('app=web').filter(
        q => q.metadata.uid !== old.metadata.uid && q.status.podIP && cs(q, 'web')?.state?.running,
      );
      return ps.length ? ps : undefined;
    });
    assert.notStrictEqual(repl.metadata.name, old.metadata.name);
    assert.notStrictEqual(repl.status.podIP, old.status.podIP, 'a new sandbox, a new IP');
  });

  it('a Job runs its pod to completion', async () => {
    await until(
      'Job batch to succeed',
      120_000,
      () =>
        (
          JSON.parse(kubectl(ADMIN, 'get', 'job', 'batch', '-n', 'demo', '-o', 'json')) as {
            status: { succeeded?: number };
          }
        ).status.succeeded === 1,
    );
    const ps = podsBy('batch.kubernetes.io/job-name=batch');
    assert.ok(
      ps.some(q => q.status.phase === 'Succeeded'),
      `the Job's pods: ${ps.map(q => `${q.metadata.name} ${q.status.phase}`).join(', ') || 'none'}`,
    );
  });
});

describe('local cluster 1.37: controllers and service accounts', () => {
  before(function () {
    if (!ADMIN || !KUBECTL) this.skip();
  });

  it('a service-account token works against the API, and pods get one mounted', async () => {
    const token = kubectl(ADMIN, 'create', 'token', 'default', '-n', 'demo', '--duration=10m').trim();
    const who = kubectl(RESTRICTED, `--token=${token}`, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}');
    assert.strictEqual(who, 'system:serviceaccount:demo:default');
    const p = await until('with-token running', 90_000, () => {
      const q = pod('with-token');
      return cs(q, 'app')?.state?.running ? q : undefined;
    });
    const vols = (p.spec.volumes as { name: string; projected?: unknown }[]) ?? [];
    assert.ok(
      vols.some(v => v.name.startsWith('kube-api-access-') && v.projected),
      'the ServiceAccount admission plugin added the token volume',
    );
    assert.match(kubectl(ADMIN, 'logs', '-n', 'demo', 'with-token'), /token/);
  });

  it('a namespace finishes deleting (the namespace controller runs)', async () => {
    const ns = `xray-tmp-${suffix()}`;
    kubectl(ADMIN, 'create', 'namespace', ns);
    kubectlIn(
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: ns }, data: { a: 'b' } }),
      'create',
      '-f',
      '-',
    );
    kubectl(ADMIN, 'delete', 'namespace', ns, '--wait=false');
    await until(`namespace ${ns} gone`, 90_000, () => !tryKubectl(ADMIN, 'get', 'namespace', ns).ok, 1000);
  });

  it('the ghost namespace keeps only what no kubelet here makes, and the scheduler explains the unscheduled pod', async () => {
    const names = kubectl(ADMIN, 'get', 'pods', '-n', 'ghost', '-o', 'jsonpath={.items[*].metadata.name}')
      .trim()
      .split(/\s+/)
      .sort();
    for (const n of ['node-gone', 'on-host-network', 'unscheduled'])
      assert.ok(names.includes(n), `ghost/${n} in ${names}`);
    for (const n of ['with-sidecar', 'sandbox-rebuilding', 'debugged'])
      assert.ok(!names.includes(n), `ghost/${n} is made by the real kubelet now (namespace demo)`);
    const u = await until('PodScheduled False', 60_000, () => {
      const q = pod('unscheduled', 'ghost');
      return cond(q, 'PodScheduled')?.status === 'False' ? q : undefined;
    });
    assert.strictEqual(cond(u, 'PodScheduled')!.reason, 'Unschedulable');
    await sleep(1000);
    assert.strictEqual(pod('node-gone', 'ghost').status.phase, 'Running', 'not evicted, not garbage-collected');
  });
});
