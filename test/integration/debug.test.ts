// Debug Container… and Open Shell against the real cluster, in the real extension host: the
// ephemeral container in the API (target, running), its terminal sees the target's processes, the
// tree shows it; RBAC refusals name the permission and create nothing; read-only refuses both.
import * as assert from 'assert';
import { PassThrough, Writable } from 'stream';
import * as vscode from 'vscode';
import { addEphemeralContainer, attachTty, execTty } from '../../src/cluster/debug';
import { ephemeralContainerSpec } from '../../src/model/debugContainer';
import type { DebugResult } from '../../src/commands/actions/debugContainer';
import type { ShellResult } from '../../src/commands/actions/openShell';
import type { PodTerminal } from '../../src/views/podTerminal';
import {
  ADMIN,
  RESTRICTED,
  anatomyOf,
  api,
  freshPod,
  hasCluster,
  kubectlJson,
  useKubeconfig,
  waitFor,
} from './helpers';

interface KubePod {
  spec: {
    containers: { name: string; command?: string[] }[];
    ephemeralContainers?: { name: string; image: string; targetContainerName?: string; tty?: boolean }[];
  };
  status: { ephemeralContainerStatuses?: { name: string; state: { running?: object; terminated?: object } }[] };
}
const debugMe = () => kubectlJson<KubePod>('get', 'pod', 'debug-me', '-n', 'demo');

/** Waits for the terminal's transcript to match, and says what it held on a timeout. */
async function transcript(pty: PodTerminal, re: RegExp, ms = 30_000): Promise<string> {
  return waitFor(`terminal output matching ${re}`, ms, () => re.test(pty.transcript) && pty.transcript).catch(
    (e: Error) => {
      throw new Error(`${e.message}; it holds: ${JSON.stringify(pty.transcript.slice(-2000))}`);
    },
  );
}

const terminalOf = async (pty: PodTerminal) => (await api()).terminals.sessions.find(s => s.pty === pty)!.terminal;

describe('debug containers and shells (real cluster)', function () {
  this.timeout(240_000);
  let uid = '';
  let debugger_ = '';
  before(async function () {
    if (!hasCluster()) this.skip();
    const x = await useKubeconfig(ADMIN);
    x.registry.session('pod-xray-local')!.start();
    x.registry.session('pod-xray-local')!.ensureWatching('demo');
    uid = freshPod('debug-me');
    await waitFor(
      'the new debug-me/app running',
      90_000,
      () => anatomyOf(x, 'debug-me', 'demo', uid)?.a.containers[0]?.state === 'running',
    );
  });
  after(async () => {
    await vscode.workspace.getConfiguration('podXray').update('readOnly', undefined, vscode.ConfigurationTarget.Global);
  });

  it("Debug Container… adds a running ephemeral container targeting app; its terminal's ps lists app's process", async () => {
    const x = await api();
    const r = await vscode.commands.executeCommand<DebugResult>('podXray.debugContainer', {
      namespace: 'demo',
      name: 'debug-me',
      container: 'app',
      confirmed: true,
    });
    assert.ok(r?.running, r?.message ?? 'no result');
    debugger_ = r.container;
    assert.match(r.container, /^debugger-[a-z0-9]{5}$/);
    // The API's own view (kubectl): the spec entry with its target, and a running status.
    const pod = debugMe();
    const eph = pod.spec.ephemeralContainers?.find(c => c.name === r.container);
    assert.ok(eph, JSON.stringify(pod.spec.ephemeralContainers));
    assert.strictEqual(eph.targetContainerName, 'app');
    assert.strictEqual(eph.image, 'docker.io/local/busybox:test', 'the image the node already has');
    assert.strictEqual(eph.tty, true);
    assert.ok(pod.status.ephemeralContainerStatuses?.find(s => s.name === r.container)?.state.running);

    const pty = x.terminals.last!;
    assert.strictEqual(pty.info.container, r.container);
    await waitFor('the attach stream open', 30_000, () => pty.state === 'open');
    const terminal = await terminalOf(pty);
    terminal.sendText('ps', true);
    // The target's command as the API has it; ps shows it (cut at the terminal's width) as PID 1.
    const cmd = pod.spec.containers.find(c => c.name === 'app')!.command!.join(' ');
    const out = await transcript(pty, /^\s*1\s+root\s+\/bin\/sh -c trap/m);
    const shown = /^\s*1\s+root\s+(.*)$/m.exec(out)![1].trimEnd();
    assert.ok(shown.length >= 20 && cmd.startsWith(shown), `ps shows "${shown}", the API says "${cmd}"`);
  });

  it('the tree and the anatomy show the debug container as a running ephemeral container targeting app', async () => {
    const x = await api();
    const c = anatomyOf(x, 'debug-me', 'demo', uid)!.a.containers.find(k => k.name === debugger_)!;
    assert.strictEqual(c.kind, 'ephemeral');
    assert.strictEqual(c.state, 'running');
    assert.strictEqual(c.targetContainer, 'app');
    const kids = await x.tree.getChildren(x.tree.podNode('pod-xray-local', 'demo', uid));
    const row = (kids ?? []).find(k => k.type === 'container' && k.container === debugger_)!;
    const item = await x.tree.getTreeItem(row);
    assert.strictEqual(item.contextValue, 'container.ephemeral.running');
  });

  it('exit in the debug terminal ends the session cleanly and the debug container is shown terminated', async () => {
    const x = await api();
    const pty = x.terminals.last!;
    const terminal = await terminalOf(pty);
    let watch: vscode.Disposable | undefined;
    const closed = new Promise<void>(res => {
      watch = vscode.window.onDidCloseTerminal(t => {
        if (t === terminal) res();
      });
    });
    terminal.sendText('exit', true);
    await waitFor('the stream ended', 30_000, () => pty.state === 'ended');
    assert.strictEqual(pty.endMessage, undefined, 'a clean end');
    await closed;
    watch?.dispose();
    await waitFor('the debug container terminated in the model', 60_000, () => {
      const c = anatomyOf(x, 'debug-me', 'demo', uid)?.a.containers.find(k => k.name === debugger_);
      return c?.state === 'terminated';
    });
    assert.ok(debugMe().status.ephemeralContainerStatuses?.find(s => s.name === debugger_)?.state.terminated);
  });

  it("Open Shell (debug-me/app): $HOSTNAME is the pod's name and /proc/1/cmdline the app's command", async () => {
    const x = await api();
    const r = await vscode.commands.executeCommand<ShellResult>('podXray.openShell', {
      namespace: 'demo',
      name: 'debug-me',
      container: 'app',
    });
    assert.ok(r?.opened, r?.message);
    const pty = x.terminals.last!;
    assert.strictEqual(pty.info.kind, 'shell');
    const terminal = await terminalOf(pty);
    terminal.sendText(`echo "host=$HOSTNAME"; tr '\\0' ' ' < /proc/1/cmdline; echo '<end>'`, true);
    await transcript(pty, /^host=debug-me\r?$/m);
    const cmd = debugMe()
      .spec.containers.find(c => c.name === 'app')!
      .command!.join(' ');
    const out = await transcript(pty, / <end>\r?\n/);
    assert.ok(out.includes(`${cmd} <end>`), `cmdline of PID 1 is the app's command: ${cmd}`);
    terminal.sendText('exit', true);
    await waitFor('the shell ended', 30_000, () => pty.state === 'ended');
  });

  it('debug as the restricted user: refused naming patch pods/ephemeralcontainers; pods/attach and pods/exec too', async () => {
    const before = debugMe().spec.ephemeralContainers?.length ?? 0;
    const x = await useKubeconfig(RESTRICTED);
    try {
      const s = x.registry.session('pod-xray-restricted')!;
      s.start();
      s.ensureWatching('demo');
      await waitFor('debug-me seen by the restricted user', 30_000, () => s.store.uidByName('demo', 'debug-me'));
      const opened = x.terminals.sessions.length;
      const r = await vscode.commands.executeCommand('podXray.debugContainer', {
        namespace: 'demo',
        name: 'debug-me',
        container: 'app',
        confirmed: true,
      });
      assert.strictEqual(r, undefined);
      assert.strictEqual(x.terminals.sessions.length, opened, 'no terminal opened');
      await assert.rejects(
        addEphemeralContainer(s, 'demo', 'debug-me', ephemeralContainerSpec('debugger-nope0', 'busybox', 'app')),
        /Forbidden: this user may not patch pods\/ephemeralcontainers in namespace "demo" \(RBAC needs verb "patch" on "pods\/ephemeralcontainers"\)/,
      );
      const io = () => ({ output: new Writable({ write: (_c, _e, cb) => cb() }), input: new PassThrough() });
      await assert.rejects(
        attachTty(s, 'demo', 'debug-me', 'app', io()),
        /Forbidden: this user may not create pods\/attach in namespace "demo"/,
      );
      await assert.rejects(
        execTty(s, 'ghost', 'node-gone', 'app', ['sh'], io()),
        /Forbidden: this user may not create pods\/exec in namespace "ghost"/,
      );
    } finally {
      await useKubeconfig(ADMIN);
    }
    assert.strictEqual(debugMe().spec.ephemeralContainers?.length ?? 0, before, 'nothing was created');
  });

  it('read-only mode refuses Debug Container… and Open Shell', async () => {
    const x = await api();
    x.registry.session('pod-xray-local')!.start();
    x.registry.session('pod-xray-local')!.ensureWatching('demo');
    await waitFor('debug-me listed again', 30_000, () => anatomyOf(x, 'debug-me'));
    const before = debugMe().spec.ephemeralContainers?.length ?? 0;
    const opened = x.terminals.sessions.length;
    await vscode.workspace.getConfiguration('podXray').update('readOnly', true, vscode.ConfigurationTarget.Global);
    const arg = { namespace: 'demo', name: 'debug-me', container: 'app', confirmed: true };
    assert.strictEqual(await vscode.commands.executeCommand('podXray.debugContainer', arg), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('podXray.openShell', arg), undefined);
    await vscode.workspace.getConfiguration('podXray').update('readOnly', undefined, vscode.ConfigurationTarget.Global);
    assert.strictEqual(x.terminals.sessions.length, opened);
    assert.strictEqual(debugMe().spec.ephemeralContainers?.length ?? 0, before);
  });

  it("the tree's menu hides debug and shell in read-only mode and offers debug only on running non-ephemeral containers", () => {
    const menus = (
      require('../../package.json') as { contributes: { menus: Record<string, { command: string; when: string }[]> } }
    ).contributes.menus;
    const item = (cmd: string) => menus['view/item/context'].find(m => m.command === cmd)!;
    for (const cmd of ['podXray.debugContainer', 'podXray.openShell']) {
      assert.match(item(cmd).when, /!podXray\.readOnly/);
      assert.match(menus.commandPalette.find(m => m.command === cmd)!.when, /!podXray\.readOnly/);
    }
    const re = new RegExp(/viewItem =~ \/(.*?)\//.exec(item('podXray.debugContainer').when)![1]);
    assert.ok(re.test('container.app.running.previous'));
    assert.ok(!re.test('container.ephemeral.running'));
    assert.ok(!re.test('container.app'));
  });
});
