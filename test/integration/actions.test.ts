// Actions against the real cluster: previous logs, crash (with the PID 1 rule), delete,
// events, manifest, sandbox processes, RBAC refusals, read-only mode.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { deletePod, execIn } from '../../src/cluster/actions';
import type { CrashResult } from '../../src/model/actionText';
import { shortId } from '../../src/model/format';
import {
  ADMIN,
  RESTRICTED,
  anatomyOf,
  api,
  apiCall,
  freshPod,
  hasCluster,
  kubectl,
  kubectlJson,
  useKubeconfig,
  waitFor,
} from './helpers';

const text = async (uri: vscode.Uri | undefined, re: RegExp, ms = 20_000) => {
  const x = await api();
  // On a timeout, say what the document held: a kubelet answer or our own message.
  return waitFor(`document matching ${re}`, ms, () => {
    const t = uri && x.docs.text(uri);
    return t && re.test(t) ? t : undefined;
  }).catch((e: Error) => {
    throw new Error(`${e.message}; it holds: ${JSON.stringify((uri && x.docs.text(uri)) ?? null).slice(0, 1500)}`);
  });
};

describe('actions (real cluster)', function () {
  this.timeout(180_000);
  before(async function () {
    if (!hasCluster()) this.skip();
    const x = await useKubeconfig(ADMIN);
    x.registry.session('pod-xray-local')!.start();
    x.registry.session('pod-xray-local')!.ensureWatching('demo');
    await waitFor('demo pods', 20_000, () => anatomyOf(x, 'steady') && anatomyOf(x, 'crashy'));
  });
  after(async () => {
    await vscode.workspace.getConfiguration('podXray').update('readOnly', undefined, vscode.ConfigurationTarget.Global);
  });

  it("previous logs of the crash-loop container return the previous instance's output", async () => {
    const x = await api();
    const uid = freshPod('crashy');
    await waitFor('the new crashy/app running again after a crash', 120_000, () => {
      const c = anatomyOf(x, 'crashy', 'demo', uid)?.a.containers[0];
      return c && c.restartCount > 0 && c.state === 'running';
    });
    const uri = await vscode.commands.executeCommand<vscode.Uri>('podXray.showPreviousLogs', {
      namespace: 'demo',
      name: 'crashy',
      container: 'app',
    });
    const t = await text(uri, /app giving up/);
    assert.match(t, /^# Previous logs of crashy\/app/);
    assert.match(t, /app start/);
  });

  it("previous logs of a container that never restarted: the kubelet's reason and what previous logs are", async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('podXray.showPreviousLogs', {
      namespace: 'demo',
      name: 'steady',
      container: 'app',
    });
    const t = await text(uri, /No previous instance to show/);
    // The header does not invent "the instance before #1": there is none.
    assert.match(t, /^# Previous logs of steady\/app: none\./);
    assert.match(t, /previous logs of steady\/app: previous terminated container "app" in pod "steady" not found/);
    assert.match(t, /The kubelet keeps the logs of the previous/);
    assert.ok(!/HTTP-Code|Headers:|Body:/.test(t), 'no raw HTTP dump');
  });

  it('in back-off, Previous Logs names the dead instance itself (number, ID, start–end)', async () => {
    const x = await api();
    const c = await waitFor('crashy/app waiting in back-off after a restart', 150_000, () => {
      const a = anatomyOf(x, 'crashy')?.a.containers.find(k => k.name === 'app');
      return a && a.state === 'waiting' && a.backoff && a.restartCount >= 1 && a.lastTermination?.containerId
        ? a
        : undefined;
    });
    const id = shortId(c.lastTermination!.containerId)!;
    // What the kubelet itself reports: lastState.terminated is the dead instance, whose ID is also the status's.
    const st = kubectlJson<{
      status: {
        containerStatuses: {
          name: string;
          containerID: string;
          restartCount: number;
          lastState: { terminated?: { containerID: string } };
        }[];
      };
    }>('get', 'pod', 'crashy', '-n', 'demo');
    const k = st.status.containerStatuses.find(y => y.name === 'app')!;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('podXray.showPreviousLogs', {
      namespace: 'demo',
      name: 'crashy',
      container: 'app',
    });
    const t = await text(uri, /app giving up/);
    const head = t.split('\n')[0];
    assert.ok(!/before/.test(head), head);
    assert.match(
      head,
      new RegExp(
        `^# Previous logs of crashy/app: instance #${c.restartCount + 1}, container ${id}, ` +
          '\\d\\d:\\d\\d:\\d\\d–\\d\\d:\\d\\d:\\d\\d, exit ',
      ),
    );
    // Cross-check with kubectl (same restart): the kubelet's lastState is the instance named above.
    if (k.restartCount === c.restartCount)
      assert.ok(k.lastState.terminated?.containerID.endsWith(c.lastTermination!.containerId!.slice(13)));
  });

  it('Show Logs follows the current instance; Show Events and Open Pod Manifest are live documents', async () => {
    const logs = await vscode.commands.executeCommand<vscode.Uri>('podXray.showLogs', {
      namespace: 'demo',
      name: 'shared',
      container: 'server',
    });
    await text(logs, /# Logs of shared\/server/);
    const ev = await vscode.commands.executeCommand<vscode.Uri>('podXray.showEvents', {
      namespace: 'demo',
      name: 'crashy',
    });
    await text(ev, /Started\s+\d+\s+(Started container app|Container started)/);
    const man = await vscode.commands.executeCommand<vscode.Uri>('podXray.openManifest', {
      namespace: 'demo',
      name: 'crashy',
    });
    const t = await text(man, /kind: Pod/);
    assert.match(t, /podIP: 10\.244\./);
    assert.ok(!/managedFields/.test(t));
    // The store keeps only a projection of each pod; the manifest is the whole object, fetched.
    assert.match(t, /command:/);
    const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === man!.toString())!;
    assert.strictEqual(doc.languageId, 'yaml');
  });

  it('Crash Container makes a real restart in the same sandbox (same IP, new container ID)', async () => {
    const x = await api();
    const before = anatomyOf(x, 'steady')!;
    const r = await vscode.commands.executeCommand<CrashResult>('podXray.crashContainer', {
      namespace: 'demo',
      name: 'steady',
      container: 'app',
      confirmed: true,
    });
    assert.ok(r?.restarted, r?.explanation);
    assert.notStrictEqual(r.after, r.before);
    assert.strictEqual(r.ipAfter, before.a.sandbox.podIP);
    const after = anatomyOf(x, 'steady')!;
    assert.strictEqual(after.a.containers[0].restartCount, before.a.containers[0].restartCount + 1);
    assert.strictEqual(after.a.containers[0].lastTermination?.exitCode, 143, 'SIGTERM: 128 + 15');
    assert.strictEqual(after.a.sandbox.podIP, before.a.sandbox.podIP);
  });

  it('when PID 1 ignores the signal, Crash Container says so and explains the PID 1 rule', async () => {
    const r = await vscode.commands.executeCommand<CrashResult>('podXray.crashContainer', {
      namespace: 'demo',
      name: 'web-init',
      container: 'web',
      confirmed: true,
    });
    assert.strictEqual(r?.restarted, false);
    assert.match(r!.explanation, /PID 1/);
    assert.match(r!.explanation, /shareProcessNamespace/);
  });

  it('with a shared process namespace the app is not PID 1 and can be crashed', async () => {
    const r = await vscode.commands.executeCommand<CrashResult>('podXray.crashContainer', {
      namespace: 'demo',
      name: 'shared-pid',
      container: 'app',
      confirmed: true,
    });
    assert.ok(r?.restarted, r?.explanation);
    assert.strictEqual(r.ipAfter, r.ipBefore);
  });

  it('Show Sandbox Processes: /pause is PID 1 in a shared pod; elsewhere the explanation', async () => {
    const shared = await vscode.commands.executeCommand<vscode.Uri>('podXray.showSandboxProcesses', {
      namespace: 'demo',
      name: 'shared-pid',
    });
    const t = await text(shared, /SANDBOX \(pause\)/);
    assert.match(t, /^\s+1\s+SANDBOX \(pause\)\s+\/pause/m);
    assert.match(t, /\d+\s+app\s+.*sleep|\d+\s+app\s+\/bin\/sh/);
    assert.match(t, /\d+\s+helper\s+/);
    const plain = await vscode.commands.executeCommand<vscode.Uri>('podXray.showSandboxProcesses', {
      namespace: 'demo',
      name: 'steady',
    });
    const p = await text(plain, /does not share its process namespace/);
    assert.match(p, /PID 1 in app: \/bin\/sh -c/);
  });

  it('Delete Pod removes it', async () => {
    const x = await api();
    kubectl(
      'run',
      'doomed',
      '-n',
      'demo',
      '--image=docker.io/local/busybox:test',
      '--image-pull-policy=Never',
      '--restart=Never',
      '--overrides={"spec":{"nodeName":"localhost","automountServiceAccountToken":false,"terminationGracePeriodSeconds":1}}',
      '--command',
      '--',
      'sleep',
      '3600',
    );
    await waitFor('doomed in the model', 20_000, () => anatomyOf(x, 'doomed'));
    const ok = await vscode.commands.executeCommand('podXray.deletePod', {
      namespace: 'demo',
      name: 'doomed',
      confirmed: true,
    });
    assert.strictEqual(ok, true);
    await waitFor('doomed gone', 60_000, () => !anatomyOf(x, 'doomed'));
  });

  it('read-only mode refuses destructive actions', async () => {
    const x = await api();
    await vscode.workspace.getConfiguration('podXray').update('readOnly', true, vscode.ConfigurationTarget.Global);
    const id = anatomyOf(x, 'trap-term')!.a.containers[0].containerId;
    const r = await vscode.commands.executeCommand('podXray.crashContainer', {
      namespace: 'demo',
      name: 'trap-term',
      container: 'app',
      confirmed: true,
    });
    assert.strictEqual(r, undefined);
    assert.strictEqual(
      await vscode.commands.executeCommand('podXray.deletePod', {
        namespace: 'demo',
        name: 'trap-term',
        confirmed: true,
      }),
      undefined,
    );
    await new Promise(res => setTimeout(res, 1000));
    assert.strictEqual(anatomyOf(x, 'trap-term')!.a.containers[0].containerId, id);
    await vscode.workspace.getConfiguration('podXray').update('readOnly', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a workspace cannot turn read-only mode off when the user turned it on', async () => {
    const x = await api();
    const cfg = () => vscode.workspace.getConfiguration('podXray');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const settingsDir = folder && path.join(folder, '.vscode');
    const hadSettings = !!settingsDir && fs.existsSync(settingsDir);
    await cfg().update('readOnly', true, vscode.ConfigurationTarget.Global);
    await cfg().update('readOnly', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.strictEqual(cfg().get('readOnly'), false, 'VS Code alone lets the workspace win');
      const id = anatomyOf(x, 'trap-term')!.a.containers[0].containerId;
      const r = await vscode.commands.executeCommand('podXray.crashContainer', {
        namespace: 'demo',
        name: 'trap-term',
        container: 'app',
        confirmed: true,
      });
      assert.strictEqual(r, undefined);
      await new Promise(res => setTimeout(res, 1000));
      assert.strictEqual(anatomyOf(x, 'trap-term')!.a.containers[0].containerId, id);
    } finally {
      await cfg().update('readOnly', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg().update('readOnly', undefined, vscode.ConfigurationTarget.Global);
      if (settingsDir && !hadSettings) fs.rmSync(settingsDir, { recursive: true, force: true });
    }
  });

  it('the restricted user gets a clear refusal naming the permission outside its namespace', async () => {
    const x = await useKubeconfig(RESTRICTED);
    const s = x.registry.session('pod-xray-restricted')!;
    await assert.rejects(
      deletePod(s, 'ghost', 'node-gone'),
      /Forbidden: this user may not delete pods in namespace "ghost"/,
    );
    await assert.rejects(
      execIn(s, 'ghost', 'node-gone', 'app', ['true']),
      /Forbidden: this user may not create pods\/exec in namespace "ghost"/,
    );
    await useKubeconfig(ADMIN);
  });

  it("the tree's menu offers Previous Logs only on a container with a previous instance", async () => {
    const x = await api();
    const menu = (
      require('../../package.json') as { contributes: { menus: Record<string, { command: string; when: string }[]> } }
    ).contributes.menus['view/item/context'].find(m => m.command === 'podXray.showPreviousLogs')!;
    const re = new RegExp(/viewItem =~ \/(.*)\//.exec(menu.when)![1]);
    const contextValue = async (pod: string) => {
      const uid = anatomyOf(x, pod)!.uid;
      const kids = await x.tree.getChildren(x.tree.podNode('pod-xray-local', 'demo', uid));
      const app = (kids ?? []).find(k => k.type === 'container' && k.container === 'app')!;
      return (await x.tree.getTreeItem(app)).contextValue ?? '';
    };
    // The kubeconfig may just have been switched back: wait for demo to be listed again.
    x.registry.session('pod-xray-local')!.start();
    x.registry.session('pod-xray-local')!.ensureWatching('demo');
    await waitFor('demo pods', 20_000, () => anatomyOf(x, 'steady') && anatomyOf(x, 'crashy'));
    // Scenario pods may have restarted in earlier tests: the truth is each container's status.
    const seen = { offered: 0, withheld: 0 };
    for (const pod of ['steady', 'crashy', 'shared', 'web-init']) {
      const a = anatomyOf(x, pod);
      if (!a?.a.containers.some(c => c.name === 'app')) continue;
      const cv = await contextValue(pod);
      const has = !!a.a.containers.find(c => c.name === 'app')!.lastTermination?.containerId;
      assert.strictEqual(re.test(cv), has, `${pod}/app: ${cv}, previous instance in status: ${has}`);
      seen[has ? 'offered' : 'withheld']++;
    }
    assert.ok(seen.offered >= 1, JSON.stringify(seen));
  });

  it('an event message longer than 2,000 characters is shown whole in the events document', async () => {
    const uid = kubectl('get', 'pod', 'steady', '-n', 'demo', '-o', 'jsonpath={.metadata.uid}').trim();
    const long = `${'long event '.repeat(300)}END-OF-EVENT`;
    const name = `steady.fixwebui${Date.now()}`;
    const r = await apiCall(
      'POST',
      '/api/v1/namespaces/demo/events',
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace: 'demo' },
        involvedObject: { kind: 'Pod', name: 'steady', namespace: 'demo', uid },
        reason: 'LongMessage',
        message: long,
        type: 'Normal',
        count: 1,
        firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        source: { component: 'pod-xray-test' },
      },
      'application/json',
    );
    assert.ok(r.status < 300, r.text);
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('podXray.showEvents', {
        namespace: 'demo',
        name: 'steady',
      });
      const t = await text(uri, /LongMessage/);
      assert.ok(t.includes(`${long.trim()}`), 'the whole message, as kubectl shows it');
    } finally {
      kubectl('delete', 'event', name, '-n', 'demo', '--ignore-not-found');
    }
  });

  it('document tabs are named by pod: "steady · app.log", "steady · events.log"', async () => {
    const base = (u: vscode.Uri | undefined) => u!.path.split('/').pop()!;
    const logs = await vscode.commands.executeCommand<vscode.Uri>('podXray.showLogs', {
      namespace: 'demo',
      name: 'steady',
      container: 'app',
    });
    assert.strictEqual(base(logs), 'steady · app.log');
    const prev = await vscode.commands.executeCommand<vscode.Uri>('podXray.showPreviousLogs', {
      namespace: 'demo',
      name: 'steady',
      container: 'app',
    });
    assert.strictEqual(base(prev), 'steady · app (previous).log');
    const ev = await vscode.commands.executeCommand<vscode.Uri>('podXray.showEvents', {
      namespace: 'demo',
      name: 'steady',
    });
    assert.strictEqual(base(ev), 'steady · events.log');
    const labels = vscode.window.tabGroups.all.flatMap(g => g.tabs).map(t => t.label);
    assert.ok(labels.includes('steady · events.log'), JSON.stringify(labels));
    assert.ok(!labels.includes('app.log') && !labels.includes('steady.log'), JSON.stringify(labels));
  });

  it('Copy Container ID copies the bare ID (no containerd:// prefix)', async () => {
    const x = await api();
    const id = anatomyOf(x, 'steady')!.a.containers[0].containerId!;
    assert.match(id, /^containerd:\/\//);
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('podXray.copyContainerId', {
      namespace: 'demo',
      name: 'steady',
      container: 'app',
    });
    assert.strictEqual(await vscode.env.clipboard.readText(), id.replace('containerd://', ''));
  });

  it("palette actions act on the active anatomy's pod instead of asking for one", async () => {
    const x = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('podXray.showAnatomy', { namespace: 'demo', name: 'steady' });
    await waitFor('the anatomy as the active editor', 10_000, () => x.panels.activePod());
    // On a regression a pod picker opens: close it, so the command resolves (to undefined) and fails the test.
    const closer = setTimeout(() => void vscode.commands.executeCommand('workbench.action.closeQuickOpen'), 4000);
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('podXray.showEvents');
      assert.ok(uri, 'a pod picker was shown');
      assert.match(decodeURIComponent(uri.path), /\/events\/pod-xray-local\/demo\/steady\//);
    } finally {
      clearTimeout(closer);
    }
  });

  it('with a filter, the namespace row says how many pods it shows and which filter', async () => {
    const x = await api();
    await vscode.commands.executeCommand('podXray.filterPods', { text: 'steady' });
    try {
      const total = x.registry.session('pod-xray-local')!.store.podUids('demo').length;
      const item = await x.tree.getTreeItem(x.tree.namespaceNode('pod-xray-local', 'demo'));
      assert.strictEqual(item.description, `1 of ${total} pods · filter: "steady"`);
    } finally {
      await vscode.commands.executeCommand('podXray.clearFilter');
    }
  });

  it('Show Pod Anatomy opens one panel per pod and reveals it again', async () => {
    const x = await api();
    const n0 = x.panels.openCount;
    await vscode.commands.executeCommand('podXray.showAnatomy', { namespace: 'demo', name: 'crashy' });
    await vscode.commands.executeCommand('podXray.showAnatomy', { namespace: 'demo', name: 'crashy' });
    assert.strictEqual(x.panels.openCount, n0 + 1);
  });
});
