// Actions against the real cluster: previous logs, crash (with the PID 1 rule), delete,
// events, manifest, sandbox processes, RBAC refusals, read-only mode.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { deletePod, execIn } from '../../src/cluster/actions';
import type { CrashResult } from '../../src/commands/actionCommands';
import { ADMIN, RESTRICTED, anatomyOf, api, freshPod, hasCluster, kubectl, useKubeconfig, waitFor } from './helpers';

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
    x.registry.session('pod-xray-local')!.watchNamespace('demo');
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
    assert.match(t, /previous logs of steady\/app: previous terminated container "app" in pod "steady" not found/);
    assert.match(t, /The kubelet keeps the logs of the previous/);
    assert.ok(!/HTTP-Code|Headers:|Body:/.test(t), 'no raw HTTP dump');
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
    await text(ev, /Started\s+\d+\s+Started container app/);
    const man = await vscode.commands.executeCommand<vscode.Uri>('podXray.openManifest', {
      namespace: 'demo',
      name: 'crashy',
    });
    const t = await text(man, /kind: Pod/);
    assert.match(t, /podIP: 10\.244\./);
    assert.ok(!/managedFields/.test(t));
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

  it('the restricted user gets a clear refusal naming the permission outside its namespace', async () => {
    const x = await useKubeconfig(RESTRICTED);
    const s = x.registry.session('pod-xray-restricted')!;
    await assert.rejects(
      deletePod(s, 'ghost', 'debugged'),
      /Forbidden: this user may not delete pods in namespace "ghost"/,
    );
    await assert.rejects(
      execIn(s, 'ghost', 'debugged', 'app', ['true']),
      /Forbidden: this user may not create pods\/exec in namespace "ghost"/,
    );
    await useKubeconfig(ADMIN);
  });

  it('Show Pod Anatomy opens one panel per pod and reveals it again', async () => {
    const x = await api();
    const n0 = x.panels.openCount;
    await vscode.commands.executeCommand('podXray.showAnatomy', { namespace: 'demo', name: 'crashy' });
    await vscode.commands.executeCommand('podXray.showAnatomy', { namespace: 'demo', name: 'crashy' });
    assert.strictEqual(x.panels.openCount, n0 + 1);
  });
});
