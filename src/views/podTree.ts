// The Pods tree: contexts > namespaces > pods > pause sandbox + containers > previous instances.
// Refresh is targeted: a pod update fires its own item only, batched per tick; node objects are
// cached by key so VS Code keeps expansion and identity.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { ClusterSession } from '../cluster/session';
import { PodAnatomy } from '../model/anatomy';
import {
  describeContainer,
  describeInstance,
  describePod,
  describeSandbox,
  Description,
} from '../model/explain/describe';
import { PodFilter, describeFilter, isActive, matches } from '../model/filter';
import { previousLogInstance } from '../model/logHeader';
import { oneLine, plural } from '../model/format';
import { listPods } from '../model/podList';
import { RowIcon, containerRow, instanceRow, podRow, previousInstances, sandboxRow } from '../model/rows';
import { SHOW_FULL_TEXT, descriptionMarkdown } from './markdown';

export type Node =
  | { type: 'context'; key: string; context: string }
  | { type: 'namespace'; key: string; context: string; namespace: string }
  | { type: 'pod'; key: string; context: string; namespace: string; uid: string }
  | { type: 'sandbox'; key: string; context: string; namespace: string; uid: string }
  | { type: 'container'; key: string; context: string; namespace: string; uid: string; container: string }
  | {
      type: 'instance';
      key: string;
      context: string;
      namespace: string;
      uid: string;
      container: string;
      ordinal: number;
    }
  | {
      type: 'message';
      key: string;
      context?: string;
      namespace?: string;
      severity: 'error' | 'info' | 'loading';
      text: string;
      detail?: string;
    };

const ICONS: Record<RowIcon, [string, string | undefined]> = {
  running: ['circle-filled', 'testing.iconPassed'],
  starting: ['circle-large-outline', 'charts.yellow'],
  waiting: ['clock', 'charts.yellow'],
  crashloop: ['warning', 'list.warningForeground'],
  failed: ['error', 'list.errorForeground'],
  completed: ['pass', 'descriptionForeground'],
  unknown: ['question', 'descriptionForeground'],
  'sandbox-ready': ['vm-running', 'charts.blue'],
  'sandbox-creating': ['vm-outline', 'charts.yellow'],
  'sandbox-host': ['vm-active', 'charts.purple'],
  'sandbox-none': ['vm-outline', 'disabledForeground'],
  'instance-ok': ['history', 'descriptionForeground'],
  'instance-error': ['history', 'list.errorForeground'],
};
const icon = (i: RowIcon) =>
  new vscode.ThemeIcon(ICONS[i][0], ICONS[i][1] ? new vscode.ThemeColor(ICONS[i][1]!) : undefined);
const SEP = '\u0000';
const RELATIVE_MS = 15_000;
/** Read-only documents holding the whole text of a tooltip that had to be cut. */
const FULL_TEXT_SCHEME = 'pod-xray-text';

export class PodTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly nodes = new Map<string, Node>();
  private readonly parents = new Map<string, Node | undefined>();
  private readonly visible = new Map<string, Set<string>>();
  private readonly subscribed = new Set<ClusterSession>();
  private readonly unsubscribe: (() => void)[] = [];
  private pending = new Set<Node>();
  private pendingAll = false;
  private timer?: NodeJS.Timeout;
  filter: PodFilter = {};
  /** Counters for tests and benchmarks: how many refreshes fired, for which pods. */
  readonly stats = { flushes: 0, podRefreshes: 0, fullRefreshes: 0 };
  private readonly flushed = new vscode.EventEmitter<Node[] | undefined>();
  readonly onDidFlush = this.flushed.event;
  /** Rows showing a relative time ("running 3m"): redrawn every RELATIVE_MS so it never freezes. */
  private readonly relative = new Set<Node>();
  private readonly relativeTimer = setInterval(() => this.refreshRelativeTimes(), RELATIVE_MS);

  private readonly registrations: vscode.Disposable[] = [
    vscode.workspace.registerTextDocumentContentProvider(FULL_TEXT_SCHEME, {
      provideTextDocumentContent: uri => this.fullText(uri.query),
    }),
    vscode.commands.registerCommand(SHOW_FULL_TEXT, (key: unknown) => this.showFullText(key)),
  ];

  constructor(private readonly registry: ClusterRegistry) {
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
  private node<T extends Node>(n: T, parent: Node | undefined): T {
    const hit = this.nodes.get(n.key) as T | undefined;
    if (hit) {
      this.parents.set(n.key, parent);
      return hit;
    }
    this.nodes.set(n.key, n);
    this.parents.set(n.key, parent);
    return n;
  }
  contextNode(context: string): Node {
    return this.node({ type: 'context', key: `c${SEP}${context}`, context }, undefined);
  }
  namespaceNode(context: string, namespace: string): Node {
    return this.node(
      { type: 'namespace', key: `n${SEP}${context}${SEP}${namespace}`, context, namespace },
      this.contextNode(context),
    );
  }
  podNode(context: string, namespace: string, uid: string): Node {
    return this.node(
      { type: 'pod', key: `p${SEP}${context}${SEP}${uid}`, context, namespace, uid },
      this.namespaceNode(context, namespace),
    );
  }
  private message(
    parent: Node | undefined,
    severity: 'error' | 'info' | 'loading',
    text: string,
    detail?: string,
  ): Node {
    const ctx = parent && 'context' in parent ? parent.context : undefined;
    const ns = parent && 'namespace' in parent ? parent.namespace : undefined;
    const n: Node = {
      type: 'message',
      key: `m${SEP}${parent?.key ?? ''}${SEP}${severity}${SEP}${text}`,
      context: ctx,
      namespace: ns,
      severity,
      text,
      detail,
    };
    const kept = this.node(n, parent) as Extract<Node, { type: 'message' }>;
    kept.detail = detail; // same row, possibly a new cause: never show a stale one
    return kept;
  }

  // ---- refresh ----------------------------------------------------------------------------
  private subscribe(s: ClusterSession): void {
    if (this.subscribed.has(s)) return;
    this.subscribed.add(s);
    const ctx = s.info.name;
    this.unsubscribe.push(
      s.onDidChange(() => this.queue(this.contextNode(ctx))),
      s.onNamespaceState(ns => this.queue(this.namespaceNode(ctx, ns))),
      s.store.onChange(c => {
        if (c.kind === 'event') return; // events reach the tree through pod folds only
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
        const a = c.deleted ? undefined : s.store.summary(c.uid);
        const pod = s.store.pod(c.uid);
        const shouldShow = !!a && !!pod && matches(this.filter, pod, a);
        if (shouldShow !== vis.has(c.uid))
          this.queue(nsNode); // appears or disappears: the list changes
        else if (shouldShow) this.queue(this.podNode(ctx, c.namespace, c.uid));
      }),
    );
  }

  private queue(n: Node): void {
    this.pending.add(n);
    this.schedule();
  }
  /** Redraw the rows drawn with a relative time since the last call (their tooltips resolve anew too). */
  refreshRelativeTimes(): Node[] {
    const rows = [...this.relative];
    this.relative.clear(); // a row drawn again re-enters; a row no longer drawn drops out
    if (rows.length) this.emitter.fire(rows);
    return rows;
  }
  refreshAll(): void {
    this.pendingAll = true;
    this.schedule();
  }
  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), 8);
  }
  private flush(): void {
    this.timer = undefined;
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
    this.refreshAll();
  }

  // ---- children ---------------------------------------------------------------------------
  getParent(n: Node): Node | undefined {
    return this.parents.get(n.key);
  }

  getChildren(n?: Node): Node[] {
    if (!n) {
      const problems = this.registry.load.problems.map(p =>
        this.message(undefined, 'error', `${p.file}: ${p.message}`),
      );
      return [...problems, ...this.registry.contexts.map(c => this.contextNode(c.name))];
    }
    switch (n.type) {
      case 'context':
        return this.contextChildren(n);
      case 'namespace':
        return this.namespaceChildren(n);
      case 'pod': {
        const s = this.registry.existingSession(n.context);
        const a = s?.store.anatomy(n.uid);
        if (!a) return [];
        return [
          this.node(
            {
              type: 'sandbox',
              key: `s${SEP}${n.context}${SEP}${n.uid}`,
              context: n.context,
              namespace: n.namespace,
              uid: n.uid,
            },
            n,
          ),
          ...a.containers.map(c =>
            this.node(
              {
                type: 'container',
                key: `k${SEP}${n.context}${SEP}${n.uid}${SEP}${c.kind}${SEP}${c.name}`,
                context: n.context,
                namespace: n.namespace,
                uid: n.uid,
                container: c.name,
              } as Node,
              n,
            ),
          ),
        ];
      }
      case 'container': {
        const s = this.registry.existingSession(n.context);
        const a = s?.store.anatomy(n.uid);
        const c = a?.containers.find(x => x.name === n.container);
        if (!s || !c) return [];
        return previousInstances(s.store.history(n.uid), c).map(i =>
          this.node(
            {
              type: 'instance',
              key: `i${SEP}${n.key}${SEP}${i.ordinal}${SEP}${i.containerId ?? ''}`,
              context: n.context,
              namespace: n.namespace,
              uid: n.uid,
              container: n.container,
              ordinal: i.ordinal,
            } as Node,
            n,
          ),
        );
      }
      default:
        return [];
    }
  }

  private contextChildren(n: Extract<Node, { type: 'context' }>): Node[] {
    const s = this.registry.session(n.context);
    if (!s) return [];
    this.subscribe(s);
    s.start();
    if (s.state.phase === 'error' || s.state.phase === 'unreachable' || s.state.phase === 'forbidden') {
      return [
        this.message(
          n,
          'error',
          s.state.phase === 'error'
            ? 'Cannot connect'
            : s.state.phase === 'forbidden'
              ? 'Access denied'
              : 'Cluster unreachable',
          s.state.cause,
        ),
      ];
    }
    if (!s.namespaces) {
      return [
        this.message(
          n,
          s.state.phase === 'reconnecting' ? 'error' : 'loading',
          s.state.phase === 'reconnecting' ? 'Reconnecting…' : 'Connecting…',
          s.state.cause,
        ),
      ];
    }
    const out = s.namespaces.map(ns => this.namespaceNode(n.context, ns));
    if (s.namespacesRestricted) out.push(this.message(n, 'info', 'Other namespaces hidden', s.namespacesRestricted));
    return out;
  }

  private namespaceChildren(n: Extract<Node, { type: 'namespace' }>): Node[] {
    const s = this.registry.session(n.context);
    if (!s) return [];
    this.subscribe(s);
    const w = s.watchNamespace(n.namespace);
    if (!w) return [this.message(n, 'error', 'Cannot connect', s.state.cause)];
    const st = w.pods.state;
    if (st.phase === 'connecting' && !w.pods.relists) {
      this.showProgress(s, n.namespace);
      return [this.message(n, 'loading', 'Loading pods…')];
    }
    const shown: Node[] = [];
    // Summaries, not anatomies: listing thousands of pods must cost little more than the list itself.
    const listed = listPods(s.store, n.namespace, this.filter);
    this.visible.set(n.key, new Set(listed.map(p => p.uid)));
    if (st.phase === 'failed' || st.phase === 'reconnecting') {
      shown.push(
        this.message(
          n,
          'error',
          st.kind === 'forbidden' ? 'Access denied' : st.phase === 'reconnecting' ? 'Reconnecting…' : 'Watch failed',
          st.cause,
        ),
      );
    }
    for (const p of listed) shown.push(this.podNode(n.context, n.namespace, p.uid));
    if (!listed.length && st.phase === 'live')
      shown.push(this.message(n, 'info', isActive(this.filter) ? 'No pods match the filter' : 'No pods'));
    return shown;
  }

  private progressShown = new Set<string>();
  private showProgress(s: ClusterSession, ns: string): void {
    const key = `${s.info.name}${SEP}${ns}`;
    if (this.progressShown.has(key)) return;
    this.progressShown.add(key);
    void vscode.window.withProgress(
      { location: { viewId: 'podXray.pods' } },
      () =>
        new Promise<void>(resolve => {
          const check = () => {
            const w = s.namespaceWatch(ns);
            if (!w || w.pods.state.phase !== 'connecting' || w.pods.relists) {
              off();
              resolve();
            }
          };
          const off = s.onNamespaceState(check);
          setTimeout(() => {
            off();
            resolve();
          }, 30_000);
          check();
        }),
    );
  }

  // ---- items ------------------------------------------------------------------------------
  private anatomyOf(n: { context: string; uid: string }): { s: ClusterSession; a: PodAnatomy } | undefined {
    const s = this.registry.existingSession(n.context);
    const a = s?.store.anatomy(n.uid);
    return s && a ? { s, a } : undefined;
  }

  getTreeItem(n: Node): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (n.type) {
      case 'context': {
        const s = this.registry.existingSession(n.context);
        const current = n.context === this.registry.currentContext;
        const state = s ? (s.state.phase === 'live' ? 'live' : s.state.phase) : 'not connected';
        const item = new vscode.TreeItem(n.context, current ? C.Expanded : C.Collapsed);
        item.description = [current ? 'current' : '', state].filter(Boolean).join(' · ');
        if (this.registry.isRecorded(n.context)) {
          // The demo: a replay, never "live".
          item.description = [current ? 'current' : '', 'recorded replay, not live'].filter(Boolean).join(' · ');
          item.iconPath = new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('charts.purple'));
          item.contextValue = 'context.recorded';
          return this.withId(item, n);
        }
        item.iconPath = new vscode.ThemeIcon(
          s?.state.phase === 'live'
            ? 'cloud'
            : s && s.state.phase !== 'connecting' && s.state.phase !== 'reconnecting'
              ? 'cloud-offline'
              : 'cloud',
          new vscode.ThemeColor(
            s?.state.phase === 'live'
              ? 'testing.iconPassed'
              : s?.state.phase === 'connecting' || !s
                ? 'descriptionForeground'
                : 'list.errorForeground',
          ),
        );
        item.contextValue = 'context';
        return this.withId(item, n);
      }
      case 'namespace': {
        const s = this.registry.existingSession(n.context);
        const expanded = n.namespace === this.registry.namespace(n.context);
        const item = new vscode.TreeItem(n.namespace, expanded ? C.Expanded : C.Collapsed);
        const w = s?.namespaceWatch(n.namespace);
        if (w && w.pods.relists) {
          // A filter says how many of the pods it shows, and which filter, on the row itself.
          const all = plural(s!.store.podUids(n.namespace).length, 'pod');
          item.description = isActive(this.filter)
            ? `${listPods(s!.store, n.namespace, this.filter).length} of ${all} · ` +
              `filter: ${describeFilter(this.filter)}`
            : all;
        }
        if (w?.pods.state.phase === 'failed')
          item.description = w.pods.state.kind === 'forbidden' ? 'forbidden' : 'failed';
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'namespace';
        return this.withId(item, n);
      }
      case 'pod': {
        const a = this.registry.existingSession(n.context)?.store.summary(n.uid);
        if (!a) return this.withId(new vscode.TreeItem('(gone)', C.None), n);
        const r = podRow(a);
        const item = new vscode.TreeItem(r.label, C.Collapsed);
        item.description = r.description;
        item.iconPath = icon(r.icon);
        item.contextValue = a.hasProblem ? 'pod.problem' : 'pod';
        if (a.restarts) this.relative.add(n); // its tooltip says how long ago the latest crash was
        item.accessibilityInformation = { label: `pod ${r.label}, ${r.description}` };
        return this.withId(item, n);
      }
      case 'sandbox': {
        const m = this.anatomyOf(n);
        if (!m) return this.withId(new vscode.TreeItem('pause sandbox', C.None), n);
        const r = sandboxRow(m.a, m.s.store.history(n.uid));
        const item = new vscode.TreeItem(r.label, C.None);
        item.description = r.description;
        item.iconPath = icon(r.icon);
        item.contextValue = 'sandbox';
        item.accessibilityInformation = { label: `pause sandbox, ${r.description}` };
        return this.withId(item, n);
      }
      case 'container': {
        const m = this.anatomyOf(n);
        const c = m?.a.containers.find(x => x.name === n.container);
        if (!m || !c) return this.withId(new vscode.TreeItem(n.container, C.None), n);
        const r = containerRow(c, m.a);
        const prev = previousInstances(m.s.store.history(n.uid), c).length;
        const item = new vscode.TreeItem(r.label, prev ? C.Collapsed : C.None);
        item.description = r.description;
        item.iconPath = icon(r.icon);
        // `.previous`: the kubelet has previous logs (lastState), so the menu offers them.
        item.contextValue =
          `container.${c.kind}${c.state === 'running' ? '.running' : ''}` + (previousLogInstance(c) ? '.previous' : '');
        if (c.state === 'running') this.relative.add(n);
        item.accessibilityInformation = { label: `${c.kind} container ${r.label}, ${r.description}` };
        return this.withId(item, n);
      }
      case 'instance': {
        const m = this.anatomyOf(n);
        const i = m?.s.store
          .history(n.uid)
          ?.instances.find(x => x.container === n.container && x.ordinal === n.ordinal);
        if (!i) return this.withId(new vscode.TreeItem(`#${n.ordinal}`, C.None), n);
        const r = instanceRow(i);
        const item = new vscode.TreeItem(r.label, C.None);
        item.description = r.description;
        item.iconPath = icon(r.icon);
        item.contextValue = 'instance';
        return this.withId(item, n);
      }
      case 'message': {
        const item = new vscode.TreeItem(n.text, C.None);
        item.description = n.detail ? oneLine(n.detail, 160) : undefined;
        item.tooltip = n.detail ? oneLine(n.detail, 2000) : undefined;
        item.iconPath = new vscode.ThemeIcon(
          n.severity === 'error' ? 'error' : n.severity === 'loading' ? 'loading~spin' : 'info',
          n.severity === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined,
        );
        item.contextValue = n.severity === 'error' ? 'error' : 'message';
        if (n.severity === 'error') item.command = { command: 'podXray.retry', title: 'Retry', arguments: [n] };
        return this.withId(item, n);
      }
    }
  }

  private withId(item: vscode.TreeItem, n: Node): vscode.TreeItem {
    item.id = n.key;
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, n: Node): vscode.TreeItem {
    const d = this.describe(n);
    if (d) item.tooltip = descriptionMarkdown(d[0], d.slice(1), [n.key]);
    return item;
  }

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

  /** The explanation behind a row (its tooltip), also used by tests. */
  describe(n: Node): Description[] | undefined {
    if (n.type === 'context') {
      const info = this.registry.contexts.find(c => c.name === n.context);
      const s = this.registry.existingSession(n.context);
      if (!info) return undefined;
      const facts: [string, string][] = [
        ['Kubeconfig', info.file],
        ['Server', info.server ?? '?'],
      ];
      if (info.namespace) facts.push(['Namespace', info.namespace]);
      if (s?.state.cause) facts.push(['Problem', oneLine(s.state.cause, 500)]);
      if (s?.namespacesRestricted) facts.push(['Note', s.namespacesRestricted]);
      if (info.recorded)
        return [
          {
            title: info.name,
            lead: `Recorded, not live: the built-in demo replays pods ${info.recorded}, with times shifted to now.`,
            facts: [['Source', info.recorded]],
            notes: [
              'It loops: each round the pods are deleted and created again under new UIDs; container IDs and IPs are the recorded ones.',
              'Logs, Crash Container, Delete Pod and Show Sandbox Processes need a real cluster and are off here.',
            ],
            docs: [],
          },
        ];
      return [
        {
          title: info.name,
          lead: s ? `Connection: ${s.state.phase}.` : 'Not connected yet: expand to connect.',
          facts,
          notes: [],
          docs: [],
        },
      ];
    }
    if (n.type === 'pod' || n.type === 'sandbox') {
      const m = this.anatomyOf(n);
      if (!m) return undefined;
      const h = m.s.store.history(n.uid);
      const sb = describeSandbox(m.a, h);
      if (n.type === 'sandbox') return [sb];
      return [describePod(m.a), sb];
    }
    if (n.type === 'container') {
      const m = this.anatomyOf(n);
      const c = m?.a.containers.find(x => x.name === n.container);
      return m && c ? [describeContainer(c, m.a, Date.now(), m.s.store.history(n.uid))] : undefined;
    }
    if (n.type === 'instance') {
      const m = this.anatomyOf(n);
      const i = m?.s.store.history(n.uid)?.instances.find(x => x.container === n.container && x.ordinal === n.ordinal);
      return i ? [describeInstance(i, m!.s.store.history(n.uid))] : undefined;
    }
    return undefined;
  }

  /** Find the node of a pod by namespace/name (for Reveal). */
  findPod(context: string, namespace: string, name: string): Node | undefined {
    const s = this.registry.existingSession(context);
    const uid = s?.store.uidByName(namespace, name);
    return uid ? this.podNode(context, namespace, uid) : undefined;
  }
}
