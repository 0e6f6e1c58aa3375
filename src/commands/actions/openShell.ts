// Open Shell: a shell (bash when there is one, else sh) with a TTY in a running container, in a
// VS Code terminal. Refused in read-only mode and in the recorded demo; an RBAC refusal names pods/exec.
import * as vscode from 'vscode';
import { execTty } from '../../cluster/debug';
import { notRunning } from '../../model/actionText';
import { SHELL_COMMAND, shellFailure, terminalName } from '../../model/debugContainer';
import { resolveContainer } from '../targets';
import { ActionDeps, action, refusedReadOnly, refusedRecorded, showError, targetOf } from './action';

export interface ShellResult {
  opened: boolean;
  message?: string;
}

async function shell(d: ActionDeps, arg: unknown): Promise<ShellResult | undefined> {
  if (refusedReadOnly(vscode.l10n.t('Open Shell'))) return undefined;
  const t = await resolveContainer(d.reg, targetOf(d, arg), c => c.state === 'running');
  if (!t || refusedRecorded(t, 'shell')) return undefined;
  if (t.container.state !== 'running') {
    void vscode.window.showWarningMessage(notRunning(vscode.l10n, t.container.name));
    return undefined;
  }
  const { pty } = d.terminals.open(
    {
      context: t.context,
      namespace: t.namespace,
      pod: t.anatomy.name,
      container: t.container.name,
      kind: 'shell',
      failure: m => shellFailure(vscode.l10n, t.container.name, m),
    },
    terminalName(t.anatomy.name, t.container.name, false),
    io => execTty(t.session, t.namespace, t.anatomy.name, t.container.name, SHELL_COMMAND, io),
  );
  const r = await pty.whenReady();
  if (!r.ok) showError(r.message);
  return { opened: r.ok, message: r.message };
}

export const openShellAction = (d: ActionDeps): vscode.Disposable => action('podXray.openShell', arg => shell(d, arg));
