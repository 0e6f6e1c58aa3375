// Copy Pod IP, Copy Container ID (the bare ID crictl and ctr take), Copy Image.
import * as vscode from 'vscode';
import { noContainerId, noPodIp } from '../../model/actionText';
import { runtimeOf } from '../../model/format';
import { instanceByOrdinal } from '../../model/instances';
import { Node } from '../../views/tree/provider';
import { podRefOf, resolveContainer, resolvePod } from '../targets';
import { ActionDeps, action } from './action';

/** The bare ID (what crictl and ctr take); the runtime is shown on the sandbox row. */
async function copyId(containerId: string): Promise<void> {
  const runtime = runtimeOf(containerId);
  const id = runtime ? containerId.slice(runtime.length + 3) : containerId;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied container ID {0}', id), 3000);
}

export const copyActions = (d: ActionDeps): vscode.Disposable[] => [
  action('podXray.copyPodIp', async arg => {
    const t = await resolvePod(d.reg, podRefOf(arg));
    if (!t) return;
    const ip = t.anatomy.sandbox.podIPs.join(', ');
    if (!ip) {
      void vscode.window.showWarningMessage(noPodIp(vscode.l10n, t.anatomy.name));
      return;
    }
    await vscode.env.clipboard.writeText(ip);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied pod IP {0}', ip), 3000);
  }),
  action('podXray.copyContainerId', async arg => {
    const n = arg as Node | undefined;
    if (n?.type === 'instance') {
      // A past instance is not in the pod's status any more: its ID comes from the history.
      const s = d.reg.existingSession(n.context);
      const i = instanceByOrdinal(s?.store.history(n.uid), n.container, n.ordinal);
      if (i?.containerId) await copyId(i.containerId);
      return;
    }
    const t = await resolveContainer(d.reg, podRefOf(arg));
    if (!t) return;
    if (!t.container.containerId) {
      void vscode.window.showWarningMessage(noContainerId(vscode.l10n, t.container.name));
      return;
    }
    await copyId(t.container.containerId);
  }),
  action('podXray.copyImage', async arg => {
    const t = await resolveContainer(d.reg, podRefOf(arg));
    if (!t?.container.image) return;
    await vscode.env.clipboard.writeText(t.container.image);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', t.container.image), 3000);
  }),
];
