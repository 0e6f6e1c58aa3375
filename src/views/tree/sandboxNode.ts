// The pod's hidden pause sandbox: its IPs, generation, runtime and pause image.
import * as vscode from 'vscode';
import { describeSandbox, Description } from '../../model/explain/describe';
import { sandboxRow } from '../../model/rows';
import { rowIcon } from './icons';
import { SEP, TreeHost, TreeNode, anatomyOf } from './node';
import { rowText } from './texts';

export class SandboxNode extends TreeNode {
  readonly type = 'sandbox' as const;
  constructor(
    readonly context: string,
    readonly namespace: string,
    readonly uid: string,
  ) {
    super(`s${SEP}${context}${SEP}${uid}`);
  }

  treeItem(host: TreeHost): vscode.TreeItem {
    const m = anatomyOf(host, this);
    if (!m) return this.item(vscode.l10n.t('pause sandbox'));
    const r = sandboxRow(m.a, m.s.store.history(this.uid), rowText);
    const item = this.item(r.label);
    item.description = r.description;
    item.iconPath = rowIcon(r.icon);
    item.contextValue = 'sandbox';
    item.accessibilityInformation = { label: vscode.l10n.t('pause sandbox, {0}', r.description) };
    return item;
  }

  override describe(host: TreeHost): Description[] | undefined {
    const m = anatomyOf(host, this);
    return m && [describeSandbox(m.a, m.s.store.history(this.uid))];
  }
}
