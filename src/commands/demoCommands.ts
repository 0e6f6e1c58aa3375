// The built-in demo (a recorded cluster replayed, see src/cluster/demoReplay.ts) and the walkthrough's
// step commands: each opens the view its lesson step talks about, in the demo or on the user's cluster.
import * as path from 'path';
import * as vscode from 'vscode';
import { ClusterRegistry, DEMO_CONTEXT } from '../cluster/registry';
import { DEMO_NAMESPACE, readDemoFile } from '../cluster/demoReplay';

/** Walkthrough step command -> the recorded pod that shows it (undefined: the Pods view itself). */
export const LESSON_STEPS: Record<string, string | undefined> = {
  'podXray.lesson.sandbox': undefined,
  'podXray.lesson.join': 'with-sidecar',
  'podXray.lesson.crash': 'crashy',
  'podXray.lesson.keepIp': 'crashy',
  'podXray.lesson.newContainer': 'crashy',
  'podXray.lesson.newSandbox': 'shared',
};

export function registerDemoCommands(ctx: vscode.ExtensionContext, reg: ClusterRegistry): vscode.Disposable[] {
  const file = path.join(ctx.extensionUri.fsPath, 'media', 'demo', 'recorded.jsonl.gz');
  async function openDemo(): Promise<boolean> {
    try {
      reg.openDemo(() => readDemoFile(file));
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Pod X-Ray: the demo recording cannot be read: {0}', (e as Error).message),
      );
      return false;
    }
    reg.session(DEMO_CONTEXT)?.start();
    // The walkthrough's first step completes on it (a command run from the extension host does not count).
    await vscode.commands.executeCommand('setContext', 'podXray.demoOpen', true);
    await vscode.commands.executeCommand('podXray.pods.focus');
    return true;
  }

  /** The demo's pod of that name, once the replay has listed it (pods are recreated each round). */
  async function demoPod(name: string): Promise<boolean> {
    const s = reg.session(DEMO_CONTEXT);
    s?.start();
    s?.ensureWatching(DEMO_NAMESPACE);
    for (let i = 0; i < 50 && !s?.store.uidByName(DEMO_NAMESPACE, name); i++)
      await new Promise(r => setTimeout(r, 100));
    return !!s?.store.uidByName(DEMO_NAMESPACE, name);
  }

  async function lessonStep(pod: string | undefined): Promise<void> {
    // The user's own cluster when one is selected; the recorded demo otherwise.
    const current = reg.currentContext;
    const ownCluster = !!current && !reg.isRecorded(current);
    if (!ownCluster && !(await openDemo())) return;
    await vscode.commands.executeCommand('podXray.pods.focus');
    if (!pod) return;
    if (ownCluster) {
      await vscode.commands.executeCommand('podXray.showAnatomy');
      return;
    }
    if (await demoPod(pod))
      await vscode.commands.executeCommand('podXray.showAnatomy', {
        context: DEMO_CONTEXT,
        namespace: DEMO_NAMESPACE,
        name: pod,
      });
  }

  return [
    vscode.commands.registerCommand('podXray.openDemo', openDemo),
    ...Object.entries(LESSON_STEPS).map(([id, pod]) => vscode.commands.registerCommand(id, () => lessonStep(pod))),
  ];
}
