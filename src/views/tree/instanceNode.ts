// A previous instance of a container (a run that ended): its ID, exit and when it ran.
import * as vscode from 'vscode';
import { describeInstance, Description } from '../../model/explain/describe';
import { instanceRow } from '../../model/rows';
import { rowIcon } from './icons';
import { SEP, TreeHost, TreeNode, anatomyOf } from './node';
import { rowText } from './texts';

export class InstanceNode extends TreeNode {
  readonly type = 'instance' as const;
  constructor(
    readonly context: string,
    readonly namespace: string,
    readonly uid: string,
    readonly container: string,
    readonly ordinal: number,
    containerKey: string,
    containerId: string | undefined,
  ) {
    super(`i${SEP}${containerKey}${SEP}${ordinal}${SEP}${containerId ?? ''}`);
  }

  private record(host: TreeHost) {
    const h = anatomyOf(host, this)?.s.store.history(this.uid); // a pod no longer known has no rows
    const i = h?.instances.find(x => x.container === this.container && x.ordinal === this.ordinal);
    return i && { h, i };
  }

  treeItem(host: TreeHost): vscode.TreeItem {
    const r = this.record(host);
    if (!r) return this.item(`#${this.ordinal}`);
    const row = instanceRow(r.i, rowText);
    const item = this.item(row.label);
    item.description = row.description;
    item.iconPath = rowIcon(row.icon);
    item.contextValue = 'instance';
    return item;
  }

  override describe(host: TreeHost): Description[] | undefined {
    const r = this.record(host);
    return r && [describeInstance(r.i, r.h)];
  }
}
