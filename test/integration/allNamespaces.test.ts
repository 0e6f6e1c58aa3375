// All Namespaces in the real extension host against the real cluster: one cluster-wide watch
// feeds every namespace row (demo and ghost appear as groups without being expanded first) and
// the crash radar; a user who may not list pods cluster-wide gets one watch per namespace, told why.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ADMIN, RESTRICTED, hasCluster, useKubeconfig, waitFor } from './helpers';

const CTX = 'pod-xray-local';
const setAll = async (on: boolean | undefined) =>
  vscode.workspace.getConfiguration('podXray').update('allNamespaces', on, vscode.ConfigurationTarget.Global);

describe('All Namespaces (real cluster)', function () {
  this.timeout(120_000);
  before(function () {
    if (!hasCluster()) this.skip();
  });
  afterEach(async () => {
    await setAll(undefined);
    await useKubeconfig(ADMIN);
  });

  it('Show All Namespaces: one cluster-wide watch; demo and ghost are groups with their pods; the radar counts them', async () => {
    const x = await useKubeconfig(ADMIN);
    await vscode.commands.executeCommand('podXray.toggleAllNamespaces');
    const s = await waitFor('a cluster-wide session', 10_000, () => {
      const s2 = x.registry.session(CTX);
      return s2?.scope.kind === 'cluster' ? s2 : undefined;
    });
    s.start();
    const ctxNode = x.tree.contextNode(CTX);
    assert.match(String(x.tree.getTreeItem(ctxNode).description), /all namespaces/);
    // Neither namespace is expanded by the test: the cluster-wide watch listed both.
    await waitFor('demo and ghost synced', 30_000, () =>
      ['demo', 'ghost'].every(ns => s.namespaceState(ns)?.synced && s.store.podCount(ns) > 0),
    );
    const groups = await waitFor('namespace rows', 15_000, () => {
      const k = x.tree.getChildren(ctxNode).filter(n => n.type === 'namespace');
      return k.length ? k : undefined;
    });
    for (const ns of ['demo', 'ghost']) {
      const row = groups.find(n => n.type === 'namespace' && n.namespace === ns);
      assert.ok(row, `${ns} is a group`);
      assert.match(String(x.tree.getTreeItem(row).description), /\d+ pods?/, `${ns} row counts its pods`);
      const pods = x.tree.getChildren(row).filter(n => n.type === 'pod');
      assert.strictEqual(pods.length, s.store.podCount(ns), `${ns} lists its pods`);
    }
    // The radar counts every namespace the cluster-wide watch holds, not only expanded ones.
    x.radar.recount();
    const counted = new Set(x.radar.containers.map(t => t.namespace));
    const troubledNs = new Set<string>();
    for (const ns of s.namespaces ?? [])
      for (const uid of s.store.podUids(ns)) if (x.radar.isTroubled(uid)) troubledNs.add(ns);
    assert.deepStrictEqual([...counted].sort(), [...troubledNs].sort());
    assert.ok(
      [...counted].some(ns => ns !== x.registry.namespace(CTX)),
      `troubled containers beyond the selected namespace: ${[...counted].join(', ')}`,
    );
    await vscode.commands.executeCommand('podXray.toggleAllNamespaces');
    await waitFor('back to one watch per namespace', 10_000, () => x.registry.session(CTX)?.scope.kind === 'namespace');
  });

  it('a user who may not list pods cluster-wide: one watch per namespace, and the tree says why', async function () {
    if (!RESTRICTED) this.skip();
    await setAll(true);
    const x = await useKubeconfig(RESTRICTED);
    const s = x.registry.session(x.registry.currentContext)!;
    s.start();
    const st = await s.whenSynced('demo');
    assert.strictEqual(st?.synced, true, JSON.stringify(st));
    assert.ok(s.store.podCount('demo') > 0);
    const scope = s.scope;
    assert.strictEqual(scope.kind, 'namespace');
    assert.match((scope as { why: string }).why, /not allowed/);
    const rows = await waitFor('the fallback row', 15_000, () => {
      const k = x.tree.getChildren(x.tree.contextNode(x.registry.currentContext!));
      return k.some(n => n.type === 'message' && /each namespace on its own/.test(n.text)) ? k : undefined;
    });
    assert.ok(rows.some(n => n.type === 'namespace' && n.namespace === 'demo'));
  });
});
