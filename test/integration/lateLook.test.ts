// Pod X-Ray opened on a pod only AFTER its sandbox was really rebuilt several times (the pause
// process killed through containerd), once with the pod's events kept and once with them deleted.
// What the tree shows is held against the runtime's own account (`ctr`: sandbox and container IDs,
// sandbox IPs), not against our own client.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Node } from '../../src/views/tree/provider';
import { api, ADMIN, hasCluster, kubectl, kubectlJson, useKubeconfig, waitFor } from './helpers';
import { RuntimeView, killSandbox, runtimeOf } from '../shared/runtime';

const CONTEXT = 'pod-xray-local';
const POD = 'late';

interface KPod {
  metadata: { uid: string };
  status?: {
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; containerID?: string; restartCount: number; state?: { running?: object } }[];
  };
}

function manifest(ns: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: POD, namespace: ns },
    spec: {
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      dnsPolicy: 'Default',
      containers: [
        {
          name: 'app',
          image: 'docker.io/local/busybox:test',
          imagePullPolicy: 'Never',
          command: ['/bin/sh', '-c', "trap 'exit 143' TERM; while true; do sleep 1; done"],
        },
      ],
    },
  });
}

const bare = (id?: string) => id?.replace(/^[a-z]+:\/\//, '');

/** A fresh namespace holding one running pod that Pod X-Ray has never seen. */
async function freshNamespace(ns: string): Promise<string> {
  kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=true', '--timeout=90s');
  kubectl('create', 'namespace', ns);
  // The namespace's default service account comes a moment later; the pod is refused until then.
  await waitFor('the pod accepted', 30_000, () => {
    try {
      require('child_process').execFileSync(process.env.KUBECTL_BIN!, [`--kubeconfig=${ADMIN}`, 'apply', '-f', '-'], {
        input: manifest(ns),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      return true;
    } catch {
      return false;
    }
  });
  return kubectl('get', 'pod', POD, '-n', ns, '-o', 'jsonpath={.metadata.uid}').trim();
}

/** Ready, with its app running in the runtime's running sandbox, and the API saying the same. */
async function settled(ns: string, uid: string, notIn: readonly string[]): Promise<RuntimeView> {
  return waitFor(`${ns}/${POD} running in a new sandbox`, 150_000, () => {
    const rt = runtimeOf(uid);
    const sb = rt.running();
    if (!sb || notIn.includes(sb.id)) return undefined;
    const app = rt.containers.find(c => c.running && c.name === 'app' && c.sandboxId === sb.id);
    const pod = kubectlJson<KPod>('get', 'pod', POD, '-n', ns);
    const st = pod.status?.containerStatuses?.find(c => c.name === 'app');
    const ready = pod.status?.conditions?.find(c => c.type === 'Ready')?.status === 'True';
    return app && ready && st?.state?.running && bare(st.containerID) === app.id && pod.status?.podIP === sb.ip
      ? rt
      : undefined;
  });
}

/** Kill the running sandbox `times` times, each time waiting for the kubelet to rebuild it. */
async function recreate(ns: string, uid: string, times: number): Promise<{ killed: string[]; rt: RuntimeView }> {
  const killed: string[] = [];
  let rt = await settled(ns, uid, killed);
  for (let k = 0; k < times; k++) {
    killed.push(killSandbox(POD, ns));
    rt = await settled(ns, uid, killed);
  }
  return { killed, rt };
}

/** Start watching the namespace (the first look) and return the pod's sandbox row and app rows. */
async function firstLook(ns: string, uid: string) {
  const x = await api();
  const s = x.registry.session(CONTEXT)!;
  assert.strictEqual(s.store.pod(uid), undefined, 'Pod X-Ray must not have seen the pod before this point');
  await vscode.commands.executeCommand('podXray.selectNamespace', ns);
  // Expanding the namespace row is what starts its list+watch.
  const nsNode = x.tree.namespaceNode(CONTEXT, ns);
  await waitFor('the pod row', 30_000, () => x.tree.getChildren(nsNode).some(n => n.type === 'pod'));
  const podNode = x.tree.podNode(CONTEXT, ns, uid);
  await waitFor('the pod in the model', 30_000, () => s.store.anatomy(uid)?.containers[0]?.containerId);
  const kids = x.tree.getChildren(podNode);
  const sandbox = kids.find(n => n.type === 'sandbox')!;
  const app = kids.find(n => n.type === 'container')!;
  const item = (n: Node) => x.tree.getTreeItem(n);
  const tooltip = (n: Node) =>
    (x.tree.resolveTreeItem(item(n), n).tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');
  return { x, s, sandbox, app, item, tooltip, history: () => s.store.history(uid)! };
}

describe('Opened late: real sandbox recreations held against the runtime (ctr)', function () {
  this.timeout(400_000);
  before(async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
  });
  after(async () => {
    await vscode.commands.executeCommand('podXray.selectNamespace', 'demo');
    for (const ns of ['late-events', 'late-no-events'])
      kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false');
  });

  it('opened after three sandbox recreations, events kept: generation 4, IDs and IP as the runtime has them', async () => {
    const ns = 'late-events';
    const uid = await freshNamespace(ns);
    const { killed, rt } = await recreate(ns, uid, 3);
    const current = rt.running()!;
    assert.strictEqual(new Set([...killed, current.id]).size, 4, 'the runtime made four sandboxes');
    await waitFor('three SandboxChanged in the events', 30_000, () => {
      const evs = kubectlJson<{ items: { reason: string; count?: number }[] }>('get', 'events', '-n', ns).items;
      return evs.filter(e => e.reason === 'SandboxChanged').reduce((n, e) => n + (e.count ?? 1), 0) >= 3;
    });

    const v = await firstLook(ns, uid);
    const row = await waitFor('generation 4 on the sandbox row', 20_000, () => {
      const d = String(v.item(v.sandbox).description);
      return /generation 4\b/.test(d) && d;
    });
    assert.ok(row.startsWith(`${current.ip} · `), `${row}: the running sandbox's IP is ${current.ip}`);
    console.log(`      sandbox row: ${row}`);
    assert.match(v.tooltip(v.sandbox), /recreated 3 times/);

    // The live instance is the runtime's running app container, in the running sandbox.
    const appNow = rt.containers.find(c => c.running && c.name === 'app')!;
    assert.strictEqual(appNow.sandboxId, current.id);
    const h = v.history();
    const live = h.instances.find(i => i.container === 'app' && bare(i.containerId) === appNow.id);
    assert.ok(live, `no instance with the runtime's ID ${appNow.id}: ${JSON.stringify(h.instances)}`);
    assert.strictEqual(live.generation, 4);
    // Every earlier instance Pod X-Ray names ran in an older sandbox, as the runtime says (when it still has it).
    for (const i of h.instances.filter(i => i !== live)) {
      assert.ok(i.generation < 4, `#${i.ordinal} placed in generation ${i.generation}`);
      const ran = rt.containers.find(c => c.id === bare(i.containerId));
      if (ran) assert.notStrictEqual(ran.sandboxId, current.id, `#${i.ordinal} ran in an older sandbox`);
      if (ran && i.generation === 3) assert.strictEqual(ran.sandboxId, killed[2], `#${i.ordinal} ran in the third`);
    }
  });

  it("opened after two sandbox recreations whose events were deleted: no exact generation is claimed; IDs and IP are the runtime's", async () => {
    const ns = 'late-no-events';
    const uid = await freshNamespace(ns);
    const { killed, rt } = await recreate(ns, uid, 2);
    const current = rt.running()!;
    kubectl('delete', 'events', '--all', '-n', ns);
    await waitFor('no events left', 30_000, () => !kubectl('get', 'events', '-n', ns, '-o', 'name').trim());

    const v = await firstLook(ns, uid);
    await waitFor('the row drawn', 20_000, () => v.item(v.sandbox).description);
    const row = String(v.item(v.sandbox).description);
    assert.ok(row.startsWith(`${current.ip} · `), `${row}: the running sandbox's IP is ${current.ip}`);
    // Truth: the runtime made 3 sandboxes. Pod X-Ray may say "unknown" or a lower bound ≤ 3, never an exact number.
    const gen = /generation (unknown|≥ (\d+)|(\d+))/.exec(row);
    assert.ok(gen, row);
    assert.strictEqual(gen[3], undefined, `${row}: an exact generation without the evidence for it`);
    if (gen[2]) assert.ok(Number(gen[2]) <= killed.length + 1, row);
    const tip = v.tooltip(v.sandbox);
    console.log(`      sandbox row: ${row}\n      ${/Generation[^\n]*/.exec(tip)?.[0]}`);
    assert.doesNotMatch(tip, /never recreated/);
    assert.match(tip, /unknown|at least/);

    const appNow = rt.containers.find(c => c.running && c.name === 'app')!;
    const h = v.history();
    const live = h.instances.find(i => i.container === 'app' && bare(i.containerId) === appNow.id);
    assert.ok(live, `no instance with the runtime's ID ${appNow.id}: ${JSON.stringify(h.instances)}`);
    const restarts = kubectlJson<KPod>('get', 'pod', POD, '-n', ns).status!.containerStatuses![0].restartCount;
    assert.strictEqual(live.ordinal, restarts + 1, 'the live instance is numbered from the restart count');
    // The previous instance ran in another sandbox (the runtime says which); Pod X-Ray must not put it in
    // the live one's generation unless it says the placement is only assumed.
    for (const i of h.instances.filter(i => i !== live)) {
      const ran = rt.containers.find(c => c.id === bare(i.containerId));
      if (ran && ran.sandboxId !== current.id && i.generation === live.generation)
        assert.strictEqual(i.placed, 'assumed', `#${i.ordinal} put in the live sandbox's generation as a fact`);
    }
  });
});
