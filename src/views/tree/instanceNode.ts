// A previous instance of a container (a run that ended): its ID, exit and when it ran.
import * as vscode from 'vscode';
import { describeInstance, Description } from '../../model/explain/describe';
import { keptLogLabel } from '../../model/crashCapture';
import { instanceByOrdinal } from '../../model/instances';
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
    const m = anatomyOf(host, this); // a pod no longer known has no rows
    const h = m?.s.store.history(this.uid);
    const i = instanceByOrdinal(h, this.container, this.ordinal);
    return m && h && i && { s: m.s, h, i };
  }

  treeItem(host: TreeHost): vscode.TreeItem {
    const r = this.record(host);
    if (!r) return this.item(`#${this.ordinal}`);
    const row = instanceRow(r.i, rowText);
    const item = this.item(row.label);
    const logs = host.instanceLogState?.(r.s, r.i.containerId);
    const kept = logs && keptLogLabel(logs.kept, logs.capturing);
    item.description = kept ? `${row.description} · ${kept}` : row.description;
    item.iconPath = rowIcon(row.icon);
    item.contextValue = 'instance' + (logs?.kept ? '.logs' : '');
    return item;
  }

  override describe(host: TreeHost): Description[] | undefined {
    const r = this.record(host);
    return r && [describeInstance(r.i, r.h)];
  }
}
