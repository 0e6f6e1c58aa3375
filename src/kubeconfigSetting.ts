// Which kubeconfig Pod X-Ray may read. A kubeconfig can run programs (exec credential plugins) and
// send files to the server it names, so only the user chooses it: podXray.kubeconfig from user
// settings, never from a workspace; and in Restricted Mode no file inside the workspace is read.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { isInsideFolder } from './cluster/kubeconfig';
import type { ReloadGuard } from './cluster/registry';

const SECTION = 'podXray';
const KEY = 'kubeconfig';

/** The user's own podXray.kubeconfig: user settings only (the setting is machine-scoped too). */
export function userKubeconfigSetting(): string | undefined {
  const v = vscode.workspace.getConfiguration(SECTION).inspect<string>(KEY)?.globalValue;
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function workspaceSettingsFiles(): string[] {
  const files = (vscode.workspace.workspaceFolders ?? []).map(f => path.join(f.uri.fsPath, '.vscode', 'settings.json'));
  const wf = vscode.workspace.workspaceFile;
  if (wf && wf.scheme !== 'untitled') files.push(wf.fsPath);
  return files;
}

/**
 * The workspace settings files that set podXray.kubeconfig. VS Code drops machine-scoped values
 * of workspaces before we see them, so the files themselves are read (read, never used).
 */
export function ignoredWorkspaceSettings(): string[] {
  const found = workspaceSettingsFiles().filter(f => {
    try {
      return /"podXray\.kubeconfig"\s*:/.test(fs.readFileSync(f, 'utf8'));
    } catch {
      return false;
    }
  });
  const i = vscode.workspace.getConfiguration(SECTION).inspect<string>(KEY);
  const inspected = i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined;
  if (!found.length && inspected) found.push(workspaceSettingsFiles()[0] ?? 'workspace settings');
  return found;
}

/** Folders whose files must not be read: the workspace's, while it is not trusted. */
function untrustedFolders(): string[] {
  if (vscode.workspace.isTrusted) return [];
  const dirs = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri.fsPath);
  const wf = vscode.workspace.workspaceFile;
  if (wf && wf.scheme !== 'untitled') dirs.push(path.dirname(wf.fsPath));
  return dirs;
}

/** What keeps the registry from reading a workspace's kubeconfig, and the words that say so. */
export function kubeconfigGuard(ignored = ignoredWorkspaceSettings()): ReloadGuard {
  const untrusted = untrustedFolders();
  return {
    notices: ignored.map(file => ({ file: 'podXray.kubeconfig', message: ignoredMessage(file) })),
    refuse: file => {
      if (!path.isAbsolute(file))
        return vscode.l10n.t(
          'podXray.kubeconfig must be an absolute path (or start with ~/): a relative path would depend on the folder VS Code was started in.',
        );
      if (isInsideFolder(file, untrusted))
        return vscode.l10n.t(
          'not read: this kubeconfig is inside the workspace, which is not trusted (Restricted Mode). Trust the workspace to use it.',
        );
      return undefined;
    },
  };
}

export function ignoredMessage(file?: string): string {
  return vscode.l10n.t(
    'the value from this workspace ({0}) was ignored; set it in your user settings. A workspace may not choose the kubeconfig: its credential plugins run programs.',
    file ? path.basename(path.dirname(file)) + '/' + path.basename(file) : vscode.l10n.t('workspace settings'),
  );
}
