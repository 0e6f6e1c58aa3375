// podXray.readOnly, read in this one place: true when any settings level says true (see
// model/readOnly.ts), mirrored in the `podXray.readOnly` context key that menus use.
import * as vscode from 'vscode';
import { readOnlyFrom } from './model/readOnly';

export const READ_ONLY_CONTEXT_KEY = 'podXray.readOnly';

export function isReadOnly(): boolean {
  return readOnlyFrom(vscode.workspace.getConfiguration('podXray').inspect<boolean>('readOnly'));
}

/** Sets the context key now and whenever the setting changes at any level. */
export function trackReadOnly(): vscode.Disposable {
  const update = () => void vscode.commands.executeCommand('setContext', READ_ONLY_CONTEXT_KEY, isReadOnly());
  update();
  return vscode.workspace.onDidChangeConfiguration(e => {
    if (e.affectsConfiguration('podXray.readOnly')) update();
  });
}
