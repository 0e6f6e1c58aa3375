// Show Instance Logs (issue 19 §1): the lines kept for exactly one ended instance, headed with its
// number, container ID, start–end and exit, or why they could not be kept.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { CrashLogCapture } from '../cluster/logCapture';
import { keptLogHeader } from '../model/crashCapture';
import { instanceById, instanceByOrdinal } from '../model/instances';
import { PodDocuments } from '../views/documents';

/** A tree instance row, or (palette, tests) a context + pod uid + container ID. */
export interface InstanceLogsTarget {
  context?: string;
  uid: string;
  container?: string;
  ordinal?: number;
  containerId?: string;
}

export function registerInstanceLogsCommand(
  registry: ClusterRegistry,
  capture: CrashLogCapture,
  docs: PodDocuments,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('podXray.showInstanceLogs', async (arg?: InstanceLogsTarget) => {
      const s = registry.session(arg?.context ?? registry.currentContext);
      if (!s || !arg?.uid) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Choose an instance row in the Pods view first.'));
        return undefined;
      }
      const h = s.store.history(arg.uid);
      const rec = arg.containerId
        ? instanceById(h, arg.containerId)
        : instanceByOrdinal(h, arg.container ?? '', arg.ordinal ?? -1);
      const id = arg.containerId ?? rec?.containerId;
      if (!id) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('This instance has no container ID in its status, so no logs can be tied to it.'),
        );
        return undefined;
      }
      const kept = await capture.read(s, id);
      const who = `${h?.name ?? rec?.container ?? arg.uid}/${rec?.container ?? arg.container ?? '?'}`;
      const text = kept
        ? keptLogHeader(kept) + (kept.text ?? '')
        : capture.state(s, id).capturing
          ? `# Logs of ${who}, container ID ${id}: being fetched now; run the command again in a moment.\n`
          : `# Logs of ${who}, container ID ${id}: none kept. Pod X-Ray did not see this instance end ` +
            '(it ended before watching started, or crash-log keeping is off), and the kubelet keeps only the last.\n';
      const name = kept?.target.pod ?? h?.name ?? 'pod';
      const container = kept?.target.container ?? rec?.container ?? 'container';
      const ord = kept?.target.ordinal ?? rec?.ordinal;
      const uri = PodDocuments.uri(
        'instance-logs',
        [s.info.name, arg.uid, id],
        'log',
        `${name} · ${container} #${ord ?? '?'}`,
      );
      docs.set(uri, text);
      await docs.open(uri, 'log');
      return uri;
    }),
  ];
}
