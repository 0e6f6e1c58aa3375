// The local cluster itself (issue: a real local node): real restarts inside one sandbox, a real
// sandbox recreation, RBAC for the restricted user, loopback-only networking.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { ADMIN, CLUSTER_SH, cond, DIR, KUBECTL, kubectl, pod, RESTRICTED, tryKubectl, until, watchLines } from './kube';

describe('local cluster: scenario pods on a real kubelet', () => {
  before(function () {
    if (!ADMIN || !KUBECTL) this.skip();
  });

  it('runs every scenario pod, labelled, on node localhost', async () => {
    const want = [
      'crashloop',
      'init-sequence',
      'sigkill',
      'completed',
      'onfailure',
      'missing-image',
      'shared-volume',
      'shared-process',
      'trap-term',
      'healthy',
      'sidecar',
      'start-stop-order',
      'restart-rules',
      'restart-all',
      'resize',
      'ephemeral-target',
      'stop-signal',
      'user-namespace',
      'service-account',
      'deployment',
      'job',
    ];
    const labels = () =>
      kubectl(
        ADMIN,
        'get',
        'pods',
        '-n',
        'demo',
        '-o',
        'jsonpath={range .items[*]}{.metadata.labels.pod-xray/scenario}{" "}{end}',
      )
        .trim()
        .split(/\s+/);
    // the Deployment's and the Job's pods come from controllers, a moment after `scenarios`
    const got = await until('every scenario to have a pod', 60_000, () => {
      const l = labels();
      return want.every(w => l.includes(w)) ? l : undefined;
    }).catch(() => labels());
    for (const w of want) assert.ok(got.includes(w), `scenario ${w} in ${got}`);
    await until('batch-done to complete', 60_000, () => pod('batch-done').status.phase === 'Succeeded');
    await until(
      'no-image to report ErrImageNeverPull',
      60_000,
      () => pod('no-image').status.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImageNeverPull',
    );
  });

  it('the crash-loop pod: restartCount rises while the pod IP stays', async () => {
    const first = await until('crashy to have an IP', 60_000, () => {
      const p = pod('crashy');
      return p.status.podIP ? p : undefined;
    });
    const rc0 = first.status.containerStatuses!.find(c => c.name === 'app')!.restartCount;
    const later = await until('a real restart of crashy/app', 90_000, () => {
      const p = pod('crashy');
      return p.status.containerStatuses!.find(c => c.name === 'app')!.restartCount > rc0 ? p : undefined;
    });
    assert.strictEqual(later.status.podIP, first.status.podIP, 'same sandbox, same IP');
    assert.strictEqual(later.metadata.uid, first.metadata.uid);
    assert.strictEqual(
      later.status.containerStatuses!.find(c => c.name === 'helper')!.restartCount,
      0,
      'the helper in the same sandbox never restarted',
    );
  });

  it('killing the pause process makes SandboxChanged and a new sandbox (new IP, every container restarted, PodReadyToStartContainers False then True)', async () => {
    const before = await until('shared to run', 60_000, () => {
      const p = pod('shared');
      return p.status.podIP &&
        p.status.containerStatuses?.every(c => c.state?.running) &&
        cond(p, 'PodReadyToStartContainers')?.status === 'True'
        ? p
        : undefined;
    });
    const seen = watchLines(
      'pod',
      'shared',
      '-n',
      'demo',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="PodReadyToStartContainers")].status}{"\\n"}',
    );
    try {
      await until('the watch to show the current condition', 10_000, () => seen.lines.length > 0);
      const id = execFileSync('bash', [CLUSTER_SH, 'kill-sandbox', 'shared', 'demo'], { encoding: 'utf8' }).trim();
      assert.match(id, /^[0-9a-f]{64}$/, 'the running sandbox container was found through containerd');
      await until(
        'a SandboxChanged event',
        60_000,
        () =>
          kubectl(
            ADMIN,
            'get',
            'events',
            '-n',
            'demo',
            '--field-selector',
            `involvedObject.uid=${before.metadata.uid},reason=SandboxChanged`,
            '-o',
            'name',
          ).trim() || undefined,
      );
      const after = await until('every container to restart in the new sandbox', 90_000, () => {
        const p = pod('shared');
        return p.status.containerStatuses?.every(
          c =>
            c.restartCount > before.status.containerStatuses!.find(b => b.name === c.name)!.restartCount &&
            c.state?.running,
        )
          ? p
          : undefined;
      });
      assert.notStrictEqual(after.status.podIP, before.status.podIP, 'a new sandbox got a new IP');
      assert.strictEqual(after.metadata.uid, before.metadata.uid, 'same pod');
      await until(
        'PodReadyToStartContainers True again',
        30_000,
        () => cond(pod('shared'), 'PodReadyToStartContainers')?.status === 'True',
      );
      await until('the watch to catch up', 10_000, () => seen.lines[seen.lines.length - 1] === 'True');
      const flips = seen.lines.filter((l, i) => i === 0 || l !== seen.lines[i - 1]);
      assert.deepStrictEqual(
        flips.slice(0, 3),
        ['True', 'False', 'True'],
        `PodReadyToStartContainers went ${seen.lines.join(' -> ')}`,
      );
      // the dead sandbox stays listed beside the new one: kill-sandbox must pick the running one
      const again = execFileSync('bash', [CLUSTER_SH, 'kill-sandbox', 'shared', 'demo'], { encoding: 'utf8' }).trim();
      assert.match(again, /^[0-9a-f]{64}$/);
      assert.notStrictEqual(again, id, 'the second kill hit the new, running sandbox');
    } finally {
      seen.stop();
    }
  });

  it('the restricted kubeconfig works in its namespace and is refused outside it', () => {
    assert.ok(tryKubectl(RESTRICTED, 'get', 'pods', '-n', 'demo').ok);
    const outside = tryKubectl(RESTRICTED, 'get', 'pods', '-n', 'ghost');
    assert.ok(!outside.ok && /forbidden/i.test(outside.out), outside.out);
    const nodes = tryKubectl(RESTRICTED, 'get', 'nodes');
    assert.ok(!nodes.ok && /forbidden/i.test(nodes.out), nodes.out);
    assert.ok(!tryKubectl(RESTRICTED, 'get', 'namespaces').ok);
  });
});

describe('local cluster: loopback only', () => {
  before(function () {
    if (!DIR) this.skip();
  });

  it('the cloud metadata address is unroutable and the kubelet never tried it', () => {
    const route = execFileSync('ip', ['route', 'show', '169.254.169.254/32'], { encoding: 'utf8' });
    assert.match(route, /prohibit/);
    const log = fs.readFileSync(`${DIR}/kubelet.log`, 'utf8');
    assert.ok(!/169\.254\.169\.254/.test(log), 'kubelet log mentions the metadata address');
  });

  it('every cluster port listens on 127.0.0.1 only', () => {
    const ss = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' })
      .split('\n')
      .filter(l => /kube-apiserver|kube-controller|kube-scheduler|kubelet|etcd|containerd/.test(l));
    assert.ok(ss.length >= 5, ss.join('\n'));
    for (const l of ss) assert.match(l.split(/\s+/)[3], /^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):\d+$/, l);
  });
});

describe('local cluster: the reflector lists in pipelined pages', () => {
  before(function () {
    if (!ADMIN) this.skip();
  });
  it('small pages, each asked for while the previous one arrives, give exactly the unpaged list', async () => {
    const { loadKubeconfigs } = await import('../../src/cluster/kubeconfig');
    const { ApiClient } = await import('../../src/cluster/client');
    const { Reflector } = await import('../../src/cluster/reflector');
    const info = loadKubeconfigs([ADMIN]).contexts[0];
    const client = new ApiClient(info.kubeConfig!);
    const all = await client.getJson<{ items: { metadata: { uid: string } }[] }>('/api/v1/namespaces/demo/pods');
    assert.ok(all.items.length >= 6, `demo holds ${all.items.length} pods`);
    let synced!: (items: { metadata?: { uid?: string } }[]) => void;
    const got = new Promise<{ metadata?: { uid?: string } }[]>((resolve, reject) => {
      synced = resolve;
      setTimeout(() => reject(new Error('no sync in 20 s')), 20_000).unref();
    });
    const r = new Reflector(
      client,
      { path: '/api/v1/namespaces/demo/pods', what: 'demo pods', pageSize: 2 },
      { onSync: items => synced(items) },
    ).start();
    const listed = await got;
    r.stop();
    const uids = listed.map(p => p.metadata?.uid);
    assert.strictEqual(new Set(uids).size, uids.length, 'no pod twice');
    assert.deepStrictEqual([...uids].sort(), all.items.map(p => p.metadata.uid).sort());
    const pages = Math.ceil(all.items.length / 2);
    assert.strictEqual(
      r.pagesAhead,
      pages - 1,
      `every page after the first came from an early request (${r.pagesAhead} of ${pages - 1})`,
    );
  });
});
