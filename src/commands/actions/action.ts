// What every action gets: the registry, the documents, the anatomy panels; and the shared
// rules: errors become a message, read-only refuses, tests may pre-confirm a modal.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../../cluster/registry';
import { Confirmation, readOnlyRefusal } from '../../model/actionText';
import { ClusterAction, needsRealCluster } from '../../model/recorded';
import { PodTarget } from '../../cluster/targets';
import { isReadOnly } from '../../readOnlySetting';
import { PodDocuments } from '../../views/documents';
import { PodTerminals } from '../../views/podTerminal';
import { AnatomyPanels } from '../../webview/anatomyPanel';
import { podRefOf } from '../targets';

export interface ActionDeps {
  ctx: vscode.ExtensionContext;
  reg: ClusterRegistry;
  docs: PodDocuments;
  panels: AnatomyPanels;
  terminals: PodTerminals;
}

export const errorText = (e: unknown): string => (e as Error)?.message ?? String(e);
export const showError = (e: unknown): void => void vscode.window.showErrorMessage(`Pod X-Ray: ${errorText(e)}`);

/** A command whose failures are shown as a message, never left as an unhandled rejection. */
export function action(id: string, f: (arg?: unknown) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (arg?: unknown) => {
    try {
      return await f(arg);
    } catch (e) {
      showError(e);
      return undefined;
    }
  });
}

/** From the palette with a pod's anatomy as the active editor, act on that pod instead of asking. */
export const targetOf = (d: ActionDeps, arg: unknown): unknown => podRefOf(arg) ?? d.panels.activePod();

/** True (and the user told why) when read-only mode refuses the action. */
export function refusedReadOnly(what: string): boolean {
  if (!isReadOnly()) return false;
  void vscode.window.showWarningMessage(readOnlyRefusal(vscode.l10n, what));
  return true;
}

/** The modal that asks before a destructive action. Tests in the real extension host may pre-confirm. */
export async function confirmed(d: ActionDeps, arg: unknown, c: Confirmation): Promise<boolean> {
  if (d.ctx.extensionMode === vscode.ExtensionMode.Test && (arg as { confirmed?: boolean } | undefined)?.confirmed)
    return true;
  const answer = await vscode.window.showWarningMessage(c.message, { modal: true, detail: c.detail }, c.button);
  return answer === c.button;
}

/** True (and the user told why) when a recorded (demo) context cannot do this. */
export function refusedRecorded(t: PodTarget, what: ClusterAction): boolean {
  const why = needsRealCluster(what, !!t.session.info.recorded);
  if (why) void vscode.window.showInformationMessage(`Pod X-Ray: ${why}`);
  return !!why;
}

/**
 * What `read` finds in the pod's live state, re-read on every store change of that pod (a relist says
 * 'namespace', not each pod); undefined when nothing is found within `ms`.
 */
export function untilPodShows<T>(t: PodTarget, read: () => T | undefined, ms: number): Promise<T | undefined> {
  return new Promise(resolve => {
    const check = () => {
      const r = read();
      if (r !== undefined) done(r);
    };
    const off = t.session.store.onChange(c => {
      if (!('uid' in c) || c.uid === t.uid) check();
    });
    const timer = setTimeout(() => done(undefined), ms);
    function done(r: T | undefined) {
      off();
      clearTimeout(timer);
      resolve(r);
    }
    check();
  });
}
