// The Pods tree: contexts > namespaces > pods > pause sandbox + containers > previous instances.
// The rows are one class per kind (./*Node.ts); this keeps their identity (node objects cached by key,
// so VS Code keeps expansion) and refreshes them targeted: a pod update fires its own row only,
// batched per tick and spaced for VS Code (FLUSH_GAP_MS); rows showing a relative time are redrawn 15 s
// after drawing, 100 a second at most.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../../cluster/registry';
import { ClusterSession } from '../../cluster/session';
import { Description } from '../../model/explain/describe';
import { PodFilter, isActive, matches } from '../../model/filter';
import { RedrawQueue } from '../../model/redrawQueue';
import { SHOW_FULL_TEXT, descriptionMarkdown } from '../markdown';
import { ContextNode } from './contextNode';
import { InstanceNode } from './instanceNode';
import { MessageNode } from './messageNode';
import { NamespaceNode } from './namespaceNode';
import { InstanceLogState, PodWatchState, RowAction, SEP, Severity, TreeHost, TreeNode } from './node';
import type { Node } from './nodes';
import { PodNode } from './podNode';

export type { Node } from './nodes';

/** Changes within one tick are one refresh. */
const BATCH_MS = 8;
/**
 * VS Code's tree takes a change in at once only when none came in the 200 ms before; a change
 * within them postpones everything until 200 ms pass without one. At 200 pod updates a second
 * the view took nothing in for as long as the updates lasted (the write bench: 3,492 of 4,000
 * rows only after the writes stopped). So refreshes leave VS Code that gap: each is taken in.
 */
const FLUSH_GAP_MS = 230;
/** A relative time is redrawn 15 s after it was drawn, at most 100 rows a second (RedrawQueue). */
const RELATIVE_MS = 15_000;
const RELATIVE_TICK_MS = 1_000;
const RELATIVE_BUDGET = 100;
/** Read-only documents holding the whole text of a tooltip that had to be cut. */
const FULL_TEXT_SCHEME = 'pod-xray-text';

export class PodTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable, TreeHost {
  private readonly emitter = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new Map<string, Node>();
  /** Instance rows by pod UID: a kept log finds the rows that show it at once. */
  private readonly instanceRows = new Map<string, Node[]>();
  /** Whether an instance's logs were kept (issue 19; set by extension.ts). */
  instanceLogState?: InstanceLogState;
  private readonly parents = new Map<string, Node | undefined>();
  private readonly visible = new Map<string, Set<string>>();
  private readonly subscribed = new Set<ClusterSession>();
  private readonly unsubscribe: (() => void)[] = [];
  private pending = new Set<Node>();
  private pendingAll = false;
  private timer?: NodeJS.Timeout;
  private lastFlush = 0;
  filter: PodFilter = {};
  /** Counters for tests and benchmarks: how many refreshes fired, for which pods. */
  readonly stats = { flushes: 0, podRefreshes: 0, fullRefreshes: 0 };
  private readonly flushed = new vscode.EventEmitter<Node[] | undefined>();
  readonly onDidFlush = this.flushed.event;
  /** Rows showing a relative time ("running 3m"): redrawn RELATIVE_MS after drawing, so it never freezes. */
  private readonly relative = new RedrawQueue<Node>(RELATIVE_MS, RELATIVE_BUDGET);
  private readonly relativeTimer = setInterval(() => this.refreshRelativeTimes(), RELATIVE_TICK_MS);

  private readonly registrations: vscode.Disposable[] = [
    vscode.workspace.registerTextDocumentContentProvider(FULL_TEXT_SCHEME, {
      provideTextDocumentContent: uri => this.fullText(uri.query),
    }),
    vscode.commands.registerCommand(SHOW_FULL_TEXT, (key: unknown) => this.showFullText(key)),
  ];

  constructor(readonly registry: ClusterRegistry) {
    // Subscribe when a session is born: a state change before the first render must not be missed.
    this.unsubscribe.push(
      registry.onDidChange(() => this.refreshAll()),
      registry.onDidCreateSession(s => this.subscribe(s)),
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearInterval(this.relativeTimer);
    for (const r of this.registrations) r.dispose();
    for (const u of this.unsubscribe) u();
    this.emitter.dispose();
    this.flushed.dispose();
  }

  // ---- node identity -------------------------------------------------------------------
  keep<T extends TreeNode>(n: T, parent: TreeNode | undefined): T {
    const hit = this.nodes.get(n.key) as unknown as T | undefined;
    this.parents.set(n.key, parent as Node | undefined);
    if (hit) return hit;
    this.nodes.set(n.key, n as unknown as Node);
    if (n instanceof InstanceNode)
      this.instanceRows.set(n.uid, [...(this.instanceRows.get(n.uid) ?? []), n as unknown as Node]);
    return n;
  }
  contextNode(context: string): ContextNode {
    return this.keep(new ContextNode(context), undefined);
  }
  namespaceNode(context: string, namespace: string): NamespaceNode {
    return this.keep(new NamespaceNode(context, namespace), this.contextNode(context));
  }
  podNode(context: string, namespace: string, uid: string): PodNode {
    return this.keep(new PodNode(context, namespace, uid), this.namespaceNode(context, namespace));
  }
  message(
    parent: TreeNode | undefined,
    severity: Severity,
    text: string,
    detail?: string,
    action?: RowAction,
  ): MessageNode {
    const kept = this.keep(new MessageNode(parent, severity, text), parent);
    kept.detail = detail; // same row, possibly a new cause: never show a stale one
    kept.action = action;
    return kept;
  }

  // ---- watch state: the one place that reads a namespace's pod watch ---------------------
  podWatch(s: ClusterSession, namespace: string, start = false): PodWatchState | undefined {
    if (start && !s.ensureWatching(namespace)) return undefined;
    const st = s.namespaceState(namespace);
    if (!st) return undefined;
    return { phase: st.phase, kind: st.kind, cause: st.cause, listed: st.synced, loading: st.loading };
  }

  // ---- refresh ----------------------------------------------------------------------------
  subscribe(s: ClusterSession): void {
    if (this.subscribed.has(s)) return;
    this.subscribed.add(s);
    const ctx = s.info.name;
    this.unsubscribe.push(
      s.onDidChange(() => this.queue(this.contextNode(ctx))),
      s.onDidChangeNamespaceState(ns => this.queue(this.namespaceNode(ctx, ns))),
      s.store.onChange(c => {
        // Events reach the tree through pod folds only, and through the "Troubled" filter's rule.
        if (c.kind === 'event' && !this.filter.troubledOnly) return;
        if (c.kind === 'nodes') {
          this.queue(this.contextNode(ctx));
          return;
        }
        const nsNode = this.namespaceNode(ctx, c.namespace);
        if (c.kind === 'namespace') {
          this.queue(nsNode);
          return;
        }
        const vis = this.visible.get(nsNode.key);
        if (!vis) return; // namespace not shown: nothing to refresh
        const a = c.kind === 'pod' && c.deleted ? undefined : s.store.summary(c.uid);
        const pod = s.store.pod(c.uid);
        const shouldShow = !!a && !!pod && matches(this.filter, pod, a, () => s.store.eventsOf(c.uid));
        if (shouldShow !== vis.has(c.uid))
          this.queue(nsNode); // appears or disappears: the list changes
        else if (shouldShow && c.kind === 'pod') this.queue(this.podNode(ctx, c.namespace, c.uid));
      }),
    );
  }

  listed(namespaceKey: string, uids: Set<string>): void {
    this.visible.set(namespaceKey, uids);
  }
  drawnWithRelativeTime(n: TreeNode): void {
    this.relative.drawn(n as Node, Date.now());
  }

  private queue(n: Node): void {
    this.pending.add(n);
    this.schedule();
  }
  /** Redraw the rows that show a pod's kept crash logs (they changed). */
  refreshKeptLogs(uid: string): void {
    // Only instance rows say whether logs were kept. Redrawing the pod's own row (as before) cost VS Code
    // a pass over all its sibling rows per kept log, and a row never expanded has no instance rows to redraw:
    // VS Code asks for them fresh when it is.
    for (const n of this.instanceRows.get(uid) ?? []) this.queue(n);
  }

  /** Redraw the relative-time rows that are due (their tooltips resolve anew too); tests pass a later `now`. */
  refreshRelativeTimes(now = Date.now(), budget = RELATIVE_BUDGET): Node[] {
    const rows = this.relative.due(now, budget); // a row drawn again re-enters; a row no longer drawn drops out
    for (const n of rows) this.queue(n); // with the other refreshes: VS Code's gap holds for these too
    return rows;
  }
  refreshAll(): void {
    this.pendingAll = true;
    this.schedule();
  }
  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(BATCH_MS, this.lastFlush + FLUSH_GAP_MS - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }
  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    this.stats.flushes++;
    if (this.pendingAll) {
      this.pendingAll = false;
      this.pending.clear();
      this.stats.fullRefreshes++;
      this.emitter.fire(undefined);
      this.flushed.fire(undefined);
      return;
    }
    // A namespace refresh covers its pods: drop those.
    const list = [...this.pending];
    this.pending.clear();
    const keys = new Set(list.filter(n => n.type !== 'pod').map(n => n.key));
    const out = list.filter(n => n.type !== 'pod' || !keys.has(this.parents.get(n.key)?.key ?? ''));
    this.stats.podRefreshes += out.filter(n => n.type === 'pod').length;
    this.emitter.fire(out);
    this.flushed.fire(out);
  }

  setFilter(f: PodFilter): void {
    this.filter = f;
    void vscode.commands.executeCommand('setContext', 'podXray.filterActive', isActive(f));
    void vscode.commands.executeCommand('setContext', 'podXray.troubledOnly', !!f.troubledOnly);
    this.refreshAll();
  }

  // ---- the TreeDataProvider ----------------------------------------------------------------
  getParent(n: Node): Node | undefined {
    return this.parents.get(n.key);
  }

  getChildren(n?: Node): Node[] {
    // Every TreeNode subclass is one of the Node union's members.
    return (n ? n.children(this) : this.roots()) as Node[];
  }

  private roots(): TreeNode[] {
    const problems = this.registry.load.problems.map(p => this.message(undefined, 'error', `${p.file}: ${p.message}`));
    return [...problems, ...this.registry.contexts.map(c => this.contextNode(c.name))];
  }

  getTreeItem(n: Node): vscode.TreeItem {
    return n.treeItem(this);
  }

  resolveTreeItem(item: vscode.TreeItem, n: Node): vscode.TreeItem {
    const d = this.describe(n);
    if (d) item.tooltip = descriptionMarkdown(d[0], d.slice(1), [n.key]);
    return item;
  }

  /** The explanation behind a row (its tooltip), also used by tests. */
  describe(n: Node): Description[] | undefined {
    return n.describe(this);
  }

  // ---- the whole text of a cut tooltip ------------------------------------------------------
  /** The whole text behind a row's tooltip, as plain text (the tooltip cuts long messages). */
  fullText(key: string): string {
    const n = this.nodes.get(key);
    const d = n && this.describe(n);
    if (!d) return vscode.l10n.t('This row is gone: its pod or container is no longer known.');
    return d
      .map(p => [p.title, '', p.lead, '', ...p.facts.map(([k, v]) => `${k}: ${v}`), '', ...p.notes].join('\n'))
      .join('\n\n----\n\n');
  }

  private async showFullText(key: unknown): Promise<void> {
    if (typeof key !== 'string' || !this.nodes.has(key)) return;
    const d = this.describe(this.nodes.get(key)!);
    const name = (d?.[0].title ?? 'details').replace(/[^\w.-]+/g, '-').slice(0, 80);
    // A fragment per opening: the provider's document is cached per URI, and the text may have changed.
    const uri = vscode.Uri.from({
      scheme: FULL_TEXT_SCHEME,
      path: `/${name}.txt`,
      query: key,
      fragment: `${Date.now()}`,
    });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }

  // ---- progress ------------------------------------------------------------------------------
  private progressShown = new Set<string>();
  showProgress(s: ClusterSession, ns: string): void {
    const key = `${s.info.name}${SEP}${ns}`;
    if (this.progressShown.has(key)) return;
    this.progressShown.add(key);
    void vscode.window.withProgress(
      { location: { viewId: 'podXray.pods' } },
      () =>
        new Promise<void>(resolve => {
          const check = () => {
            const w = this.podWatch(s, ns);
            if (!w || w.phase !== 'connecting' || w.listed) {
              off();
              resolve();
            }
          };
          const off = s.onDidChangeNamespaceState(check);
          setTimeout(() => {
            off();
            resolve();
          }, 30_000);
          check();
        }),
    );
  }

  /** Find the node of a pod by namespace/name (for Reveal). */
  findPod(context: string, namespace: string, name: string): Node | undefined {
    const s = this.registry.existingSession(context);
    const uid = s?.store.uidByName(namespace, name);
    return uid ? this.podNode(context, namespace, uid) : undefined;
  }
}
