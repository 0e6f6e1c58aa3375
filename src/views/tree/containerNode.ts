// A container (init, app, sidecar, ephemeral): its state; children are its previous instances.
import * as vscode from 'vscode';
import type { ContainerKind } from '../../model/anatomy';
import { describeContainer, Description } from '../../model/explain/describe';
import { olderSandboxOf } from '../../model/generation';
import { previousLogInstance } from '../../model/logHeader';
import { containerRow, previousInstances } from '../../model/rows';
import { rowIcon } from './icons';
import { InstanceNode } from './instanceNode';
import { SEP, TreeHost, TreeNode, anatomyOf } from './node';
import { rowText } from './texts';

export class ContainerNode extends TreeNode {
  readonly type = 'container' as const;
  constructor(
    readonly context: string,
    readonly namespace: string,
    readonly uid: string,
    readonly container: string,
    kind: ContainerKind,
  ) {
    super(`k${SEP}${context}${SEP}${uid}${SEP}${kind}${SEP}${container}`);
  }

  private found(host: TreeHost) {
    const m = anatomyOf(host, this);
    const c = m?.a.containers.find(x => x.name === this.container);
    return m && c ? { ...m, c } : undefined;
  }

  treeItem(host: TreeHost): vscode.TreeItem {
    const m = this.found(host);
    if (!m) return this.item(this.container);
    const { c, a, s } = m;
    const h = s.store.history(this.uid);
    const older = olderSandboxOf(h?.instances, h?.generations, c);
    const r = containerRow(c, a, Date.now(), rowText, older);
    const prev = previousInstances(h, c).length;
    const C = vscode.TreeItemCollapsibleState;
    const item = this.item(r.label, prev ? C.Collapsed : C.None);
    item.description = r.description;
    item.iconPath = rowIcon(r.icon);
    // `.previous`: the kubelet has previous logs (lastState), so the menu offers them.
    item.contextValue =
      `container.${c.kind}${c.state === 'running' ? '.running' : ''}` + (previousLogInstance(c) ? '.previous' : '');
    if (c.state === 'running' && older === undefined) host.drawnWithRelativeTime(this);
    item.accessibilityInformation = {
      label: vscode.l10n.t('{0} container {1}, {2}', c.kind, r.label, r.description),
    };
    return item;
  }

  override children(host: TreeHost): TreeNode[] {
    const m = this.found(host);
    if (!m) return [];
    return previousInstances(m.s.store.history(this.uid), m.c).map(i =>
      host.keep(
        new InstanceNode(this.context, this.namespace, this.uid, this.container, i.ordinal, this.key, i.containerId),
        this,
      ),
    );
  }

  override describe(host: TreeHost): Description[] | undefined {
    const m = this.found(host);
    return m && [describeContainer(m.c, m.a, Date.now(), m.s.store.history(this.uid))];
  }
}
