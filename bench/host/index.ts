// Runs inside the real extension host (through scripts/vscode/test-host.js): activation time,
// and write->tree-refresh latency while bench.ts writes pod statuses at 200/s.
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { PodXrayApi } from '../../src/extension';
import type { Node } from '../../src/views/tree/provider';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<PodXrayApi>('pod-xray.pod-xray')!;
  const api = await ext.activate();
  await vscode.workspace
    .getConfiguration('podXray')
    .update('kubeconfig', process.env.POD_XRAY_ADMIN_KUBECONFIG, vscode.ConfigurationTarget.Global);
  await new Promise(r => setTimeout(r, 500));
  const ctx = api.registry.currentContext!;
  const ns = process.env.POD_XRAY_BENCH_NS ?? 'bench-10000';
  api.registry.selectNamespace(ns, ctx);
  await vscode.commands.executeCommand('workbench.view.extension.podXray');
  const tree = api.tree;
  const s = api.registry.session(ctx)!;
  s.start();
  const nsNode = tree.namespaceNode(ctx, ns);
  const t0 = Date.now();
  let kids: Node[] = [];
  while (Date.now() - t0 < 120_000) {
    kids = tree.getChildren(nsNode);
    if (kids.filter(k => k.type === 'pod').length > 100) break;
    await new Promise(r => setTimeout(r, 200));
  }
  const pods = kids.filter(k => k.type === 'pod').length;
  const latencies: number[] = [];
  const seen = new Set<string>();
  let podRefreshes = 0,
    extraRefreshes = 0;
  const full0 = tree.stats.fullRefreshes;
  tree.onDidFlush(nodes => {
    const now = Date.now();
    for (const n of nodes ?? []) {
      if (n.type !== 'pod') continue;
      podRefreshes++;
      const m = /bench-t=(\d+)-(\d+)/.exec(s.store.anatomy(n.uid)?.statusMessage ?? '');
      if (!m) {
        extraRefreshes++;
        continue;
      }
      if (seen.has(m[2])) {
        extraRefreshes++;
        continue;
      }
      seen.add(m[2]);
      latencies.push(now - Number(m[1]));
    }
  });
  fs.writeFileSync(process.env.POD_XRAY_BENCH_READY!, String(pods));
  while (!fs.existsSync(process.env.POD_XRAY_BENCH_DONE!)) await new Promise(r => setTimeout(r, 200));
  await new Promise(r => setTimeout(r, 3000));
  fs.writeFileSync(
    process.env.POD_XRAY_BENCH_OUT!,
    JSON.stringify({
      activationMs: api.activationMs,
      latencies,
      writesSeen: seen.size,
      podRefreshes,
      extraRefreshes,
      fullRefreshes: tree.stats.fullRefreshes - full0,
      pods,
    }),
  );
}
