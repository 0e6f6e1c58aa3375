// A namespace: how many pods (of how many, under a filter); children are its pods, or why there are none.
import * as vscode from 'vscode';
import { describeFilter, isActive } from '../../model/filter';
import { listPods } from '../../model/podList';
import { SEP, TreeHost, TreeNode } from './node';
import { countPods } from './texts';

export class NamespaceNode extends TreeNode {
  readonly type = 'namespace' as const;
  constructor(
    readonly context: string,
    readonly namespace: string,
  ) {
    super(`n${SEP}${context}${SEP}${namespace}`);
  }

  treeItem(host: TreeHost): vscode.TreeItem {
    const s = host.registry.existingSession(this.context);
    const expanded = this.namespace === host.registry.namespace(this.context);
    const C = vscode.TreeItemCollapsibleState;
    const item = this.item(this.namespace, expanded ? C.Expanded : C.Collapsed);
    const w = s && host.podWatch(s, this.namespace);
    if (s && w?.listed) {
      // A filter says how many of the pods it shows, and which filter, on the row itself.
      const all = countPods(s.store.podUids(this.namespace).length);
      item.description = isActive(host.filter)
        ? vscode.l10n.t(
            '{0} of {1} · filter: {2}',
            listPods(s.store, this.namespace, host.filter).length,
            all,
            describeFilter(host.filter),
          )
        : all;
    }
    if (w?.phase === 'failed')
      item.description = w.kind === 'forbidden' ? vscode.l10n.t('forbidden') : vscode.l10n.t('failed');
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    item.contextValue = 'namespace';
    return item;
  }

  override children(host: TreeHost): TreeNode[] {
    const s = host.registry.session(this.context);
    if (!s) return [];
    host.subscribe(s);
    const w = host.podWatch(s, this.namespace, true);
    if (!w) return [host.message(this, 'error', vscode.l10n.t('Cannot connect'), s.state.cause)];
    if (w.phase === 'connecting' && !w.listed && !w.loading) {
      host.showProgress(s, this.namespace);
      return [host.message(this, 'loading', vscode.l10n.t('Loading pods…'))];
    }
    const shown: TreeNode[] = [];
    // Summaries, not anatomies: listing thousands of pods must cost little more than the list itself.
    const listed = listPods(s.store, this.namespace, host.filter);
    host.listed(this.key, new Set(listed.map(p => p.uid)));
    if (w.phase === 'failed' || w.phase === 'reconnecting') {
      const text =
        w.kind === 'forbidden'
          ? vscode.l10n.t('Access denied')
          : w.phase === 'reconnecting'
            ? vscode.l10n.t('Reconnecting…')
            : vscode.l10n.t('Watch failed');
      shown.push(host.message(this, 'error', text, w.cause));
    }
    // The first pages' rows at once, in name order; later pages' rows join at their places, so
    // the rows shown never change order and a selected row stays selected (same node).
    for (const p of listed) shown.push(host.podNode(this.context, this.namespace, p.uid));
    if (!w.listed && w.loading)
      shown.push(host.message(this, 'loading', vscode.l10n.t('Loading more pods…'), countPods(w.loading)));
    if (!listed.length && w.phase === 'live') shown.push(this.noPods(host));
    return shown;
  }

  /** Why the list is empty, with the one action that changes it. */
  private noPods(host: TreeHost): TreeNode {
    // Only the "Troubled" filter: say so plainly (the namespace stays, its pods are just all well).
    if (isActive(host.filter) && !isActive({ ...host.filter, troubledOnly: false }))
      return host.message(this, 'info', vscode.l10n.t('No troubled pods'), undefined, {
        command: 'podXray.showAllPods',
        title: vscode.l10n.t('Show All Pods'),
      });
    if (isActive(host.filter))
      return host.message(this, 'info', vscode.l10n.t('No pods match the filter'), undefined, {
        command: 'podXray.clearFilter',
        title: vscode.l10n.t('Clear Pod Filter'),
      });
    return host.message(this, 'info', vscode.l10n.t('No pods'), undefined, {
      command: 'podXray.selectNamespace',
      title: vscode.l10n.t('Select Namespace'),
    });
  }
}
