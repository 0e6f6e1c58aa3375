// A pod: its summary row; children are the pause sandbox first, then its containers by kind.
import * as vscode from 'vscode';
import { describePod, describeSandbox, Description } from '../../model/explain/describe';
import { podRow } from '../../model/rows';
import { rowIcon } from './icons';
import { SEP, TreeHost, TreeNode, anatomyOf } from './node';
import { ContainerNode } from './containerNode';
import { SandboxNode } from './sandboxNode';
import { rowText } from './texts';

export class PodNode extends TreeNode {
  readonly type = 'pod' as const;
  constructor(
    readonly context: string,
    readonly namespace: string,
    readonly uid: string,
  ) {
    super(`p${SEP}${context}${SEP}${uid}`);
  }

  treeItem(host: TreeHost): vscode.TreeItem {
    const a = host.registry.existingSession(this.context)?.store.summary(this.uid);
    if (!a) return this.item(vscode.l10n.t('(gone)'));
    const r = podRow(a, rowText);
    const item = this.item(r.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = r.description;
    item.iconPath = rowIcon(r.icon);
    item.contextValue = a.hasProblem ? 'pod.problem' : 'pod';
    if (a.restarts) host.drawnWithRelativeTime(this); // its tooltip says how long ago the latest crash was
    item.accessibilityInformation = { label: vscode.l10n.t('pod {0}, {1}', r.label, r.description) };
    return item;
  }

  override children(host: TreeHost): TreeNode[] {
    const a = host.registry.existingSession(this.context)?.store.anatomy(this.uid);
    if (!a) return [];
    return [
      host.keep(new SandboxNode(this.context, this.namespace, this.uid), this),
      ...a.containers.map(c =>
        host.keep(new ContainerNode(this.context, this.namespace, this.uid, c.name, c.kind), this),
      ),
    ];
  }

  override describe(host: TreeHost): Description[] | undefined {
    const m = anatomyOf(host, this);
    return m && [describePod(m.a), describeSandbox(m.a, m.s.store.history(this.uid))];
  }
}
