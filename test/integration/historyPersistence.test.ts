// Remembered restart history survives Refresh and kubeconfig setting changes (issue 15, item 4), the
// tree shows what the store holds, and the history file on disk holds it too (item 5).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Node } from '../../src/views/tree/provider';
import { ADMIN, RESTRICTED, anatomyOf, api, freshPod, hasCluster, kubectl, useKubeconfig, waitFor } from './helpers';

const CTX = 'pod-xray-local';

describe('history persistence (real cluster)', function () {
  this.timeout(300_000);
  before(async function () {
    if (!hasCluster()) this.skip();
    await useKubeconfig(ADMIN);
  });

  /** Container IDs of crashy's app instances that are over (the current one excluded). */
  async function previousIds(uid: string): Promise<string[]> {
    const x = await api();
    const m = anatomyOf(x, 'crashy', 'demo', uid);
    const current = m?.a.containers.find(c => c.name === 'app')?.containerId;
    return (m?.s.store.history(uid)?.instances ?? [])
      .filter(i => i.container === 'app' && i.containerId && i.containerId !== current)
      .map(i => i.containerId!);
  }

  /** What the tree shows under crashy's app container: the container IDs of its instance rows. */
  async function treeIds(uid: string): Promise<string[]> {
    const x = await api();
    const nsNode = x.tree.namespaceNode(CTX, 'demo');
    const pod = await waitFor('crashy in the tree', 15_000, () =>
      x.tree.getChildren(nsNode).find(n => n.type === 'pod' && n.uid === uid),
    );
    const app = x.tree.getChildren(pod).find(n => n.type === 'container' && n.container === 'app')!;
    const h = anatomyOf(x, 'crashy', 'demo', uid)!.s.store.history(uid);
    return x.tree
      .getChildren(app)
      .filter((n): n is Extract<Node, { type: 'instance' }> => n.type === 'instance')
      .map(n => h?.instances.find(i => i.container === 'app' && i.ordinal === n.ordinal)?.containerId ?? '?');
  }

  async function liveAgain(uid: string, what: string): Promise<void> {
    const x = await api();
    await waitFor(what, 30_000, () => {
      const s = x.registry.session(CTX);
      s?.start();
      s?.ensureWatching('demo');
      return anatomyOf(x, 'crashy', 'demo', uid);
    });
  }

  it('two Refreshes and a kubeconfig change keep every previous instance, in the store, the tree and on disk', async () => {
    const x = await api();
    const uid = freshPod('crashy');
    await liveAgain(uid, 'fresh crashy in the model');
    const known = await waitFor('two previous instances of crashy seen live', 150_000, async () => {
      const ids = await previousIds(uid);
      return ids.length >= 2 ? ids : undefined;
    });

    await vscode.commands.executeCommand('podXray.showAnatomy', { namespace: 'demo', name: 'crashy' });
    const panel = () =>
      [
        ...(x.panels as unknown as { panels: Map<string, { posted: number; state: { uid: string } }> }).panels.values(),
      ].find(p => p.state.uid === uid);
    await waitFor('the anatomy panel to show crashy', 30_000, () => (panel()?.posted ?? 0) > 0);

    await vscode.commands.executeCommand('podXray.refresh');
    await liveAgain(uid, 'crashy after the first refresh');
    await vscode.commands.executeCommand('podXray.refresh');
    await liveAgain(uid, 'crashy after the second refresh');
    await useKubeconfig(RESTRICTED || ADMIN);
    await useKubeconfig(ADMIN);
    await liveAgain(uid, 'crashy after the kubeconfig change');

    const after = await previousIds(uid);
    for (const id of known) assert.ok(after.includes(id), `store lost ${id}: had ${known.join()}, now ${after.join()}`);
    const shown = await treeIds(uid);
    for (const id of known) assert.ok(shown.includes(id), `tree lost ${id}: shows ${shown.join()}`);

    // The open panel follows the recreated session: a change of crashy reaches it (it reads the same history).
    const posted = panel()!.posted;
    kubectl('annotate', 'pod', 'crashy', '-n', 'demo', '--overwrite', `pod-xray-test/touched=${Date.now()}`);
    await waitFor('the anatomy panel to redraw after the refreshes', 15_000, () => panel()!.posted > posted);

    // On disk: the context's history folder holds a file for crashy with every instance.
    await x.history.flush();
    const info = x.registry.contexts.find(c => c.name === CTX)!;
    const dir = x.history.dirOf(info);
    const files = fs.readdirSync(dir).filter(f => f.endsWith('.json'));
    const onDisk = files
      .map(
        f =>
          JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as {
            uid: string;
            instances: { containerId?: string }[];
          },
      )
      .find(h => h.uid === uid);
    assert.ok(onDisk, `no history file for crashy in ${dir} (${files.length} files)`);
    const ids = onDisk.instances.map(i => i.containerId);
    for (const id of known) assert.ok(ids.includes(id), `file lost ${id}`);
  });
});
