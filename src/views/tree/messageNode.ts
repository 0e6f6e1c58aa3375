// A message row: loading, an error (clicking retries) or a note; some carry the action that helps.
import * as vscode from 'vscode';
import { oneLine } from '../../model/format';
import { RowAction, SEP, Severity, TreeNode } from './node';

export class MessageNode extends TreeNode {
  readonly type = 'message' as const;
  readonly context?: string;
  readonly namespace?: string;
  /** Mutable: the same row may come back with a new cause, and must never show a stale one. */
  detail?: string;
  action?: RowAction;

  constructor(
    parent: TreeNode | undefined,
    readonly severity: Severity,
    readonly text: string,
  ) {
    super(`m${SEP}${parent?.key ?? ''}${SEP}${severity}${SEP}${text}`);
    if (parent && 'context' in parent) this.context = parent.context as string;
    if (parent && 'namespace' in parent) this.namespace = parent.namespace as string;
  }

  treeItem(): vscode.TreeItem {
    const error = this.severity === 'error';
    const item = this.item(this.text);
    item.description = this.detail ? oneLine(this.detail, 160) : undefined;
    item.tooltip = this.detail ? oneLine(this.detail, 2000) : undefined;
    item.iconPath = new vscode.ThemeIcon(
      error ? 'error' : this.severity === 'loading' ? 'loading~spin' : 'info',
      error ? new vscode.ThemeColor('list.errorForeground') : undefined,
    );
    // An action row gets its own contextValue, so the view's menu shows the action as a button too.
    item.contextValue = error ? 'error' : this.action ? `message.action.${this.action.command}` : 'message';
    const action = this.action ?? (error ? { command: 'podXray.retry', title: vscode.l10n.t('Retry') } : undefined);
    if (action) item.command = { ...action, arguments: [this] };
    return item;
  }
}
