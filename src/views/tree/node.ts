// A row of the Pods tree. Each kind is one class that knows its TreeItem, its children and the
// explanation behind its tooltip; the provider (provider.ts) keeps identity and batches refreshes.
import * as vscode from 'vscode';
import type { ClusterRegistry } from '../../cluster/registry';
import type { ClusterSession } from '../../cluster/session';
import type { FailureKind } from '../../cluster/errors';
import type { PodAnatomy } from '../../model/anatomy';
import type { Description } from '../../model/explain/describe';
import type { PodFilter } from '../../model/filter';

/** Joins the parts of a node key: no Kubernetes name can contain it. */
export const SEP = '\u0000';

export type Severity = 'error' | 'info' | 'loading';

/** A command a message row runs when clicked (Retry, Select Namespace, Clear Filter …). */
export interface RowAction {
  command: string;
  title: string;
}

/** What a namespace's pod watch says, read in one place (provider.ts) so the session may change freely. */
export interface PodWatchState {
  phase: 'connecting' | 'live' | 'reconnecting' | 'failed' | 'stopped';
  kind?: FailureKind;
  cause?: string;
  /** The pods were listed at least once: the model holds the namespace's pods. */
  listed: boolean;
  /** The first list is still arriving: this many of its pods are in the model already. */
  loading?: number;
}

/** What rows need from the provider: the cluster, the filter, node identity and redraw bookkeeping. */
export interface TreeHost {
  readonly registry: ClusterRegistry;
  readonly filter: PodFilter;
  /** The cached node with this node's key (so VS Code keeps expansion), its parent recorded. */
  keep<T extends TreeNode>(n: T, parent: TreeNode | undefined): T;
  namespaceNode(context: string, namespace: string): TreeNode;
  podNode(context: string, namespace: string, uid: string): TreeNode;
  message(
    parent: TreeNode | undefined,
    severity: Severity,
    text: string,
    detail?: string,
    action?: RowAction,
  ): TreeNode;
  /** Follow a session's changes (idempotent). */
  subscribe(s: ClusterSession): void;
  /** The watch state of a namespace's pods; `start` starts watching it. */
  podWatch(s: ClusterSession, namespace: string, start?: boolean): PodWatchState | undefined;
  /** A progress bar on the view until the namespace's pods are listed. */
  showProgress(s: ClusterSession, namespace: string): void;
  /** This row shows a relative time ("running 3m"): redraw it later. */
  drawnWithRelativeTime(n: TreeNode): void;
  /** The pods a namespace row lists now (a pod change then refreshes the pod or the list). */
  listed(namespaceKey: string, uids: Set<string>): void;
  /** Whether an instance's logs were kept (issue 19; set by extension.ts). */
  instanceLogState?: InstanceLogState;
}

export type InstanceLogState = (
  s: ClusterSession,
  containerId: string | undefined,
) => { capturing: boolean; kept?: { outcome: 'kept' | 'failed' } };

export abstract class TreeNode {
  abstract readonly type: string;
  constructor(readonly key: string) {}

  abstract treeItem(host: TreeHost): vscode.TreeItem;
  children(_host: TreeHost): TreeNode[] {
    return [];
  }
  /** The explanation behind the row (its tooltip); undefined: none. */
  describe(_host: TreeHost): Description[] | undefined {
    return undefined;
  }

  /** A TreeItem whose id is the node's key. */
  protected item(label: string, state = vscode.TreeItemCollapsibleState.None): vscode.TreeItem {
    const item = new vscode.TreeItem(label, state);
    item.id = this.key;
    return item;
  }
}

/** A pod's session and anatomy, when both are known. */
export function anatomyOf(
  host: TreeHost,
  n: { context: string; uid: string },
): { s: ClusterSession; a: PodAnatomy } | undefined {
  const s = host.registry.existingSession(n.context);
  const a = s?.store.anatomy(n.uid);
  return s && a ? { s, a } : undefined;
}
