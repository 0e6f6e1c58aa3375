// Live cluster data -> model, in the real extension host against the real local cluster.
import * as assert from 'assert';
import {
  ADMIN,
  RESTRICTED,
  anatomyOf,
  api,
  clusterSh,
  freshPod,
  hasCluster,
  kubectl,
  kubectlJson,
  useKubeconfig,
  waitFor,
} from './helpers';

interface P {
  metadata: { name: string; resourceVersion: string };
  status: { podIP?: string; containerStatuses?: { name: string; restartCount: number }[] };
}

describe('live model (real cluster)', function () {
  this.timeout(180_000);
  before(async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
  });

  it('connects: namespaces listed, pods of demo in the model', async () => {
    const x = await api();
    assert.strictEqual(x.registry.currentContext, 'pod-xray-local');
    const s = x.registry.session('pod-xray-local')!;
    s.start();
    await waitFor('namespaces', 15_000, () => s.namespaces?.includes('demo') && s.namespaces.includes('ghost'));
    s.ensureWatching('demo');
    await waitFor('crashy in the model', 15_000, () => anatomyOf(x, 'crashy'));
    assert.strictEqual(s.state.phase, 'live');
  });

  it('a real restart appears in the model within 5 s, with the same sandbox IP', async () => {
    const x = await api();
    const uid = freshPod('crashy');
    const start = await waitFor('fresh crashy running with an IP', 60_000, () => {
      const m = anatomyOf(x, 'crashy', 'demo', uid);
      return m?.a.sandbox.podIP && m.a.containers[0].state === 'running' ? m : undefined;
    });
    const rc0 = start.a.containers.find(c => c.name === 'app')!.restartCount;
    // Watch the API independently (kubectl) and note when the restart count moves there.
    let apiAt = 0;
    await waitFor('a restart seen by kubectl', 120_000, () => {
      const p = kubectlJson<P>('get', 'pod', 'crashy', '-n', 'demo');
      if ((p.status.containerStatuses?.find(c => c.name === 'app')?.restartCount ?? 0) > rc0) {
        apiAt = Date.now();
        return true;
      }
      return false;
    });
    const seen = await waitFor('the model to see it', 5_000, () => {
      const m = anatomyOf(x, 'crashy', 'demo', uid)!;
      return m.a.containers.find(c => c.name === 'app')!.restartCount > rc0 ? m : undefined;
    });
    assert.ok(Date.now() - apiAt <= 5_000);
    assert.strictEqual(seen.a.sandbox.podIP, start.a.sandbox.podIP, 'same IP after the restart');
    const h = seen.s.store.history(seen.uid)!;
    assert.ok(
      h.instances.filter(i => i.container === 'app').length >= 2,
      'the history holds the old and the new instance',
    );
  });

  it('kube-apiserver killed and restarted mid-watch: the cache is correct again within 10 s', async () => {
    const x = await api();
    const s = x.registry.session('pod-xray-local')!;
    await waitFor('a live watch first', 20_000, () => s.namespaceWatch('demo')!.pods.state.phase === 'live');
    clusterSh('apiserver-kill');
    try {
      await waitFor('the session to notice', 20_000, () => s.namespaceWatch('demo')!.pods.state.phase !== 'live');
    } finally {
      clusterSh('apiserver-start');
    }
    const t0 = Date.now();
    // Change the world right after the restart: a pod appears.
    kubectl(
      'run',
      'after-restart',
      '-n',
      'demo',
      '--image=docker.io/local/busybox:test',
      '--image-pull-policy=Never',
      '--restart=Never',
      '--overrides={"spec":{"nodeName":"localhost","automountServiceAccountToken":false}}',
      '--command',
      '--',
      'sleep',
      '3600',
    );
    try {
      await waitFor('model == API', 10_000, () => {
        const names = kubectlJson<{ items: P[] }>('get', 'pods', '-n', 'demo')
          .items.map(p => p.metadata.name)
          .sort();
        const mine = s.store
          .podUids('demo')
          .map(u => s.store.anatomy(u)!.name)
          .sort();
        return JSON.stringify(names) === JSON.stringify(mine) && new Set(mine).size === mine.length;
      });
      assert.ok(Date.now() - t0 <= 10_000);
      assert.strictEqual(s.namespaceWatch('demo')!.pods.state.phase, 'live');
    } finally {
      kubectl('delete', 'pod', 'after-restart', '-n', 'demo', '--grace-period=0', '--force', '--wait=false');
    }
    await waitFor('deleted pod leaves the model', 20_000, () => !anatomyOf(x, 'after-restart'));
  });

  it('the restricted kubeconfig: its namespace only, no errors shown as crashes', async () => {
    const x = await useKubeconfig(RESTRICTED);
    assert.strictEqual(x.registry.currentContext, 'pod-xray-restricted');
    const s = x.registry.session('pod-xray-restricted')!;
    s.start();
    await waitFor('namespace fallback', 15_000, () => s.namespacesRestricted);
    assert.deepStrictEqual(s.namespaces, ['demo']);
    assert.strictEqual(s.state.phase, 'live');
    s.ensureWatching('demo');
    const m = await waitFor('crashy', 15_000, () => anatomyOf(x, 'crashy'));
    assert.match(m.a.sandbox.pauseImage.note ?? '', /may not read nodes/);
    assert.strictEqual(s.namespaceWatch('demo')!.pods.state.phase, 'live');
    await useKubeconfig(ADMIN);
  });
});
