// The crash radar's "Troubled" filter (issue 19 §3) in the real extension host against the real cluster:
// the tree lists the pods kubectl says are troubled, follows a pod that becomes troubled and well again,
// says "No troubled pods" where there are none, and the toggle turns off again.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { KEvent, KPod } from '../../src/model/k8s';
import type { PodXrayApi } from '../../src/extension';
import { execFileSync } from 'child_process';
import { ADMIN, apiCall, hasCluster, kubectl, useKubeconfig, waitFor } from './helpers';

const CTX = 'pod-xray-local';

/** kubectl's JSON with room for big lists (the ghost namespace's pods carry huge messages on purpose). */
function kubectlJson<T>(...args: string[]): T {
  const out = execFileSync(process.env.KUBECTL_BIN!, [`--kubeconfig=${ADMIN}`, ...args, '-o', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as T;
}
const LIVE = 'troubled-live';

/**
 * The troubled pods of a namespace, read with kubectl and judged here, independently of the model:
 * a container waiting in CrashLoopBackOff or failed again after restarting, OOMKilled and not ready
 * since, or running not ready with a Warning event about it (or about the pod).
 */
function kubectlTroubled(ns: string): string[] {
  const pods = kubectlJson<{ items: KPod[] }>('get', 'pods', '-n', ns).items;
  const events = kubectlJson<{ items: KEvent[] }>('get', 'events', '-n', ns, '--field-selector=type=Warning').items;
  return pods
    .filter(p => !p.metadata?.deletionTimestamp)
    .filter(p => {
      const sidecars = (p.spec?.initContainers ?? []).filter(c => c.restartPolicy === 'Always').map(c => c.name);
      const inits = (p.status?.initContainerStatuses ?? []).map(s => ({ s, regular: sidecars.includes(s.name) }));
      const all = [...inits, ...(p.status?.containerStatuses ?? []).map(s => ({ s, regular: true }))];
      return all.some(({ s, regular }) => {
        if (s.state?.waiting?.reason === 'CrashLoopBackOff') return true;
        const t = s.state?.terminated;
        if (t && t.reason !== 'OOMKilled' && (t.exitCode ?? 0) !== 0 && (s.restartCount ?? 0) > 0) return true;
        const end = s.state?.terminated ?? (s.state?.running || s.state?.waiting ? s.lastState?.terminated : undefined);
        if (end?.reason === 'OOMKilled' && (s.state?.terminated || !s.ready)) return true;
        if (!regular || s.ready || !s.state?.running) return false;
        return events.some(e => {
          if (e.involvedObject?.uid !== p.metadata?.uid) return false;
          const c = /\{([^}]+)\}$/.exec(e.involvedObject?.fieldPath ?? '')?.[1];
          return c === undefined || c === s.name;
        });
      });
    })
    .map(p => p.metadata!.name!)
    .sort();
}

function listed(x: PodXrayApi, ns: string): { pods: string[]; messages: string[] } {
  const kids = x.tree.getChildren(x.tree.namespaceNode(CTX, ns));
  return {
    pods: kids
      .filter(n => n.type === 'pod')
      .map(n => x.tree.getTreeItem(n).label as string)
      .sort(),
    messages: kids.filter(n => n.type === 'message').map(n => (n.type === 'message' ? n.text : '')),
  };
}

const running = (ready: boolean) => ({
  phase: 'Running',
  podIP: '10.244.1.77',
  containerStatuses: [
    {
      name: 'c0',
      ready,
      restartCount: 0,
      image: 'x',
      imageID: '',
      containerID: `containerd://${'7'.repeat(64)}`,
      state: { running: { startedAt: '2026-11-27T08:00:00Z' } },
    },
  ],
});
const crashLooping = {
  phase: 'Running',
  podIP: '10.244.1.77',
  containerStatuses: [
    {
      name: 'c0',
      ready: false,
      restartCount: 1,
      image: 'x',
      imageID: '',
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' } },
      lastState: {
        terminated: { exitCode: 1, reason: 'Error', containerID: `containerd://${'7'.repeat(64)}` },
      },
    },
  ],
};

describe('"Troubled" filter (real cluster, issue 19 §3)', function () {
  this.timeout(180_000);
  before(async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
    await apiCall('DELETE', `/api/v1/namespaces/ghost/pods/${LIVE}?gracePeriodSeconds=0`).catch(() => undefined);
  });
  after(async () => {
    await vscode.commands.executeCommand('podXray.clearFilter');
    if (hasCluster())
      await apiCall('DELETE', `/api/v1/namespaces/ghost/pods/${LIVE}?gracePeriodSeconds=0`).catch(() => undefined);
  });

  it('lists the pods kubectl says are troubled, in a namespace of stable pods and in the live demo one', async () => {
    const x = await useKubeconfig(ADMIN);
    await vscode.commands.executeCommand('podXray.showTroubledPods');
    assert.strictEqual(x.tree.filter.troubledOnly, true);
    assert.strictEqual(x.view.description, 'filter: only troubled');
    for (const ns of ['ghost', 'demo']) {
      // Pods crash and restart while we look: compare the two views taken at the same moment, until they agree.
      let last = '';
      await waitFor(`the troubled pods of ${ns} agree with kubectl`, 60_000, () => {
        const want = kubectlTroubled(ns);
        const got = listed(x, ns);
        last = JSON.stringify({ want, got });
        return JSON.stringify(got.pods) === JSON.stringify(want);
      }).catch(e => {
        throw new Error(`${(e as Error).message}: ${last}`);
      });
    }
    // The radar's count covers the same pods: one rule.
    x.radar.recount();
    const counted = new Set(x.radar.containers.filter(t => t.namespace === 'ghost').map(t => t.pod));
    assert.deepStrictEqual([...counted].sort(), listed(x, 'ghost').pods);
  });

  it('follows a pod that becomes troubled and well again, live', async () => {
    const x = await useKubeconfig(ADMIN);
    await vscode.commands.executeCommand('podXray.showTroubledPods');
    // Watch the namespace first (listing it starts the watch): this test may run alone.
    await waitFor('the ghost namespace listed', 20_000, () => {
      listed(x, 'ghost');
      return x.registry.session(CTX)?.namespaceState('ghost')?.synced;
    });
    await apiCall(
      'POST',
      '/api/v1/namespaces/ghost/pods',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: LIVE, namespace: 'ghost' },
        spec: { nodeName: 'ghost-node', automountServiceAccountToken: false, containers: [{ name: 'c0', image: 'x' }] },
      },
      'application/json',
    );
    await apiCall('PATCH', `/api/v1/namespaces/ghost/pods/${LIVE}/status`, { status: running(true) });
    await waitFor('the model sees the pod running', 20_000, () => {
      const s = x.registry.session(CTX)!;
      const uid = s.store.uidByName('ghost', LIVE);
      return uid && s.store.pod(uid)?.status?.containerStatuses?.[0]?.state?.running;
    });
    listed(x, 'ghost'); // the namespace lists now: what follows must come from live updates
    assert.ok(!listed(x, 'ghost').pods.includes(LIVE), 'a running, ready pod is not troubled');
    // The view must be told: the namespace's row (its list) is among the redrawn ones.
    const nsNode = x.tree.namespaceNode(CTX, 'ghost');
    let fired = 0;
    const sub = x.tree.onDidFlush(nodes => {
      if (!nodes || nodes.includes(nsNode as never)) fired++;
    });
    try {
      await apiCall('PATCH', `/api/v1/namespaces/ghost/pods/${LIVE}/status`, { status: crashLooping });
      await waitFor('the crash-looping pod appears', 20_000, () => listed(x, 'ghost').pods.includes(LIVE));
      await waitFor('the tree to redraw the namespace', 5_000, () => fired > 0);
      assert.deepStrictEqual(listed(x, 'ghost').pods, kubectlTroubled('ghost'));
      await apiCall('PATCH', `/api/v1/namespaces/ghost/pods/${LIVE}/status`, { status: running(true) });
      await waitFor('the pod, well again, leaves the list', 20_000, () => !listed(x, 'ghost').pods.includes(LIVE));
      // Running but not ready: troubled only once a Warning event about it arrives (an event, not a pod update).
      await apiCall('PATCH', `/api/v1/namespaces/ghost/pods/${LIVE}/status`, { status: running(false) });
      await new Promise(r => setTimeout(r, 1000));
      assert.ok(!listed(x, 'ghost').pods.includes(LIVE), 'not ready without a warning is not troubled');
      const uid = kubectl('get', 'pod', LIVE, '-n', 'ghost', '-o', 'jsonpath={.metadata.uid}').trim();
      fired = 0;
      await apiCall(
        'POST',
        '/api/v1/namespaces/ghost/events',
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `${LIVE}.unhealthy-${Date.now()}`, namespace: 'ghost' },
          involvedObject: { kind: 'Pod', namespace: 'ghost', name: LIVE, uid, fieldPath: 'spec.containers{c0}' },
          type: 'Warning',
          reason: 'Unhealthy',
          message: 'Readiness probe failed: connection refused',
          firstTimestamp: new Date().toISOString(),
          lastTimestamp: new Date().toISOString(),
          count: 1,
          source: { component: 'kubelet' },
        },
        'application/json',
      );
      // The event alone makes the view redraw the namespace (no pod update comes with it).
      await waitFor('the tree to redraw the namespace for the event', 20_000, () => fired > 0);
      await waitFor('the pod appears with its warning event', 20_000, () => listed(x, 'ghost').pods.includes(LIVE));
      assert.deepStrictEqual(listed(x, 'ghost').pods, kubectlTroubled('ghost'));
    } finally {
      sub.dispose();
    }
  });

  it('a namespace with none troubled says so, with Show All Pods on the row; Show All Pods turns it off', async () => {
    const x = await useKubeconfig(ADMIN);
    await vscode.commands.executeCommand('podXray.showTroubledPods');
    const ns = 'default';
    assert.deepStrictEqual(kubectlTroubled(ns), []);
    const row = await waitFor('the empty row', 20_000, () => {
      const kids = x.tree.getChildren(x.tree.namespaceNode(CTX, ns));
      return kids.length === 1 && kids[0].type === 'message' && kids[0].text !== 'Loading pods…' ? kids[0] : undefined;
    });
    const item = x.tree.getTreeItem(row);
    assert.strictEqual(item.label, 'No troubled pods');
    assert.strictEqual(item.command?.command, 'podXray.showAllPods');
    assert.strictEqual(item.contextValue, 'message.action.podXray.showAllPods');
    const all = kubectl('get', 'pods', '-n', ns, '-o', 'name').split('\n').filter(Boolean).length;
    assert.match(
      String(x.tree.getTreeItem(x.tree.namespaceNode(CTX, ns)).description),
      /^0 of \d+ pods? · filter: only troubled$/,
    );
    await vscode.commands.executeCommand('podXray.showAllPods');
    assert.strictEqual(x.tree.filter.troubledOnly, false);
    assert.strictEqual(x.view.description, undefined);
    const kids = x.tree.getChildren(x.tree.namespaceNode(CTX, ns));
    assert.strictEqual(kids.filter(n => n.type === 'pod').length, all);
  });

  it('a name typed in Filter Pods keeps the toggle; Clear Pod Filter clears both', async () => {
    const x = await useKubeconfig(ADMIN);
    await vscode.commands.executeCommand('podXray.showTroubledPods');
    await vscode.commands.executeCommand('podXray.filterPods', { text: 'odd', troubledOnly: true });
    await waitFor('odd-big-message alone', 20_000, () => listed(x, 'ghost').pods.join() === 'odd-big-message');
    await vscode.commands.executeCommand('podXray.clearFilter');
    assert.deepStrictEqual(x.tree.filter, {});
  });
});
