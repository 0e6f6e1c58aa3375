// Pod anatomy panels: one per pod (revealed if already open), restored after a window reload,
// fed with model snapshots as the pod changes. Messages are validated by the protocol guards.
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { ClusterSession } from '../cluster/session';
import { PodTarget } from '../cluster/targets';
import { ContainerRef, PodRef } from '../model/refs';
import { isReadOnly } from '../readOnlySetting';
import { HostMessage, PanelState, PodAction, isPanelState, isWebviewMessage } from './protocol';
import { buildSnapshot } from './snapshot';
import { KeptLogsSource, keptLogStates, keptLogsReply } from './keptLogs';

export const ANATOMY_VIEW_TYPE = 'podXray.anatomy';

export interface CspViolation {
  pod: string;
  directive: string;
  blocked: string;
}

const ACTION_COMMANDS: Record<PodAction, string> = {
  crash: 'podXray.crashContainer',
  logs: 'podXray.showLogs',
  previousLogs: 'podXray.showPreviousLogs',
  events: 'podXray.showEvents',
  delete: 'podXray.deletePod',
  processes: 'podXray.showSandboxProcesses',
  copyIp: 'podXray.copyPodIp',
  copyId: 'podXray.copyContainerId',
  manifest: 'podXray.openManifest',
  debug: 'podXray.debugContainer',
  shell: 'podXray.openShell',
};

class AnatomyPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: NodeJS.Timeout;
  private ready = false;
  private gone = false;
  private lastStatus?: string;
  private disposed = false;
  private unfollow?: () => void;
  /** Snapshots and gone notices posted (not statuses or replies), for tests. */
  posted = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly state: PanelState,
    private readonly registry: ClusterRegistry,
    private readonly extensionUri: vscode.Uri,
    private readonly onDispose: () => void,
    private readonly onCsp: (v: CspViolation) => void,
    private readonly keptLogs: () => KeptLogsSource | undefined,
  ) {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(extensionUri, 'media'),
      ],
    };
    webview.html = this.html(webview);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity.svg');
    this.disposables.push(
      webview.onDidReceiveMessage(m => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(e => {
        if (e.webviewPanel.visible) this.schedule();
      }),
    );
    const s = registry.session(state.context);
    if (s) this.follow(s);
    // Refresh and kubeconfig changes recreate the session: follow the new one, as the tree does.
    const off = registry.onDidCreateSession(n => {
      if (n.info.name !== this.state.context) return;
      this.follow(n);
      this.schedule();
    });
    this.disposables.push({ dispose: off }, { dispose: () => this.unfollow?.() });
    // An instance's logs kept (or failed) while the panel is open: the page learns it with the next snapshot.
    const offLogs = keptLogs()?.onDidChange(uid => {
      if (uid === this.state.uid) this.schedule();
    });
    if (offLogs) this.disposables.push({ dispose: offLogs });
  }

  private follow(s: ClusterSession): void {
    this.unfollow?.();
    s.start();
    s.ensureWatching(this.state.namespace);
    this.unfollow = s.store.onChange(c => {
      if (
        (c.kind === 'pod' && (c.uid === this.state.uid || this.byName(c.uid))) ||
        c.kind === 'nodes' ||
        c.kind === 'namespace'
      )
        this.schedule();
    });
  }

  /** A recreated pod with the same name (new UID) continues in the same panel. */
  private byName(uid: string): boolean {
    const a = this.registry.existingSession(this.state.context)?.store.anatomy(uid);
    return (
      !!a &&
      a.name === this.state.name &&
      a.namespace === this.state.namespace &&
      !this.registry.existingSession(this.state.context)?.store.pod(this.state.uid)
    );
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.push();
    }, 50);
  }

  private post(m: HostMessage): void {
    // A reply can come after the panel closed (an action's modal outlives it): nothing to tell then.
    if (this.disposed) return;
    if (m.type === 'snapshot' || m.type === 'gone') this.posted++;
    void this.panel.webview.postMessage(m);
  }

  push(): void {
    if (!this.ready) return;
    const s = this.registry.existingSession(this.state.context);
    const store = s?.store;
    let uid = this.state.uid;
    if (store && !store.pod(uid)) {
      const again = store.uidByName(this.state.namespace, this.state.name);
      if (again) {
        uid = again;
        this.state.uid = again;
      }
    }
    const a = store?.anatomy(uid);
    if (!s || !a) {
      if (!this.namespaceListed()) {
        this.status(
          vscode.l10n.t('Waiting for the cluster to list the pods of namespace {0}…', this.state.namespace),
          'info',
        );
      } else if (!this.gone) {
        this.gone = true;
        this.post({
          type: 'gone',
          message: vscode.l10n.t(
            'Pod {0} no longer exists. Its sandbox and every container are gone with it; if a controller recreates it, the new pod appears here with a new sandbox.',
            this.state.name,
          ),
        });
      }
      return;
    }
    this.gone = false;
    this.lastStatus = undefined;
    const recorded = s.info.recorded;
    this.panel.title = recorded ? `${a.name} · anatomy (recorded)` : `${a.name} · anatomy`;
    const snap = buildSnapshot(this.state.context, a, store!.history(uid), isReadOnly(), Date.now(), recorded);
    const logs = this.keptLogs();
    if (logs) snap.keptLogs = keptLogStates(logs, s, snap.instances);
    this.post({ type: 'snapshot', snapshot: snap });
  }

  /** Whether the pods of the panel's namespace have been listed (so a missing pod is really gone). */
  private namespaceListed(): boolean {
    return !!this.registry.existingSession(this.state.context)?.namespaceState(this.state.namespace)?.synced;
  }

  /** A status line, posted once per distinct text (push runs on every change). */
  private status(message: string, severity: 'info' | 'error'): void {
    if (this.lastStatus === message) return;
    this.lastStatus = message;
    this.post({ type: 'status', message, severity });
  }

  private receive(m: unknown): void {
    if (!isWebviewMessage(m)) return; // anything else is ignored, never executed
    if (m.type === 'ready') {
      this.ready = true;
      this.push();
      return;
    }
    if (m.type === 'csp') {
      this.onCsp({ pod: `${this.state.namespace}/${this.state.name}`, directive: m.directive, blocked: m.blocked });
      return;
    }
    if (m.type === 'keptLogs' || m.type === 'openInstanceLogs') {
      void this.instanceLogs(m.type, m.id, m.containerId);
      return;
    }
    void this.act(m.id, m.action, m.container);
  }

  /** Kept logs of one instance of THIS pod (a container ID from elsewhere is refused, never read). */
  private async instanceLogs(kind: 'keptLogs' | 'openInstanceLogs', id: number, containerId: string): Promise<void> {
    const s = this.registry.existingSession(this.state.context);
    const logs = this.keptLogs();
    const rec = s?.store.history(this.state.uid)?.instances.find(i => i.containerId === containerId);
    if (kind === 'openInstanceLogs') {
      const arg = { context: this.state.context, uid: this.state.uid, containerId, container: rec?.container };
      try {
        if (!rec) throw new Error(vscode.l10n.t("This instance is not one of the pod's."));
        await vscode.commands.executeCommand('podXray.showInstanceLogs', { ...arg, ordinal: rec.ordinal });
        this.post({ type: 'actionReply', id, ok: true });
      } catch (e) {
        this.post({ type: 'actionReply', id, ok: false, error: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    const reply =
      s && logs && rec ? await keptLogsReply(logs, s, id, containerId) : { id, containerId, state: 'none' as const };
    this.post({ type: 'keptLogsReply', ...reply });
  }

  /** Runs the action's command and replies to the request: done, or the error it failed with. */
  private async act(id: number, action: PodAction, container: string | undefined): Promise<void> {
    const arg: ContainerRef = {
      context: this.state.context,
      namespace: this.state.namespace,
      uid: this.state.uid,
      container,
    };
    try {
      await vscode.commands.executeCommand(ACTION_COMMANDS[action], arg);
      this.post({ type: 'actionReply', id, ok: true });
    } catch (e) {
      this.post({ type: 'actionReply', id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = crypto.randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'anatomy.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'anatomy', 'anatomy.css'));
    const csp = [
      `default-src 'none'`,
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Pod anatomy</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading the pod's anatomy…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.onDispose();
  }
}

export class AnatomyPanels implements vscode.Disposable {
  private readonly panels = new Map<string, AnatomyPanel>();
  /** Content-Security-Policy violations reported by the views (tests assert there are none). */
  readonly cspViolations: CspViolation[] = [];
  /** Where the instances' kept logs are read (issue 19; set by extension.ts). */
  keptLogs?: KeptLogsSource;
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(ANATOMY_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (!isPanelState(state)) {
          panel.dispose();
          return;
        }
        this.adopt(panel, state);
      },
    });
  }

  private key(s: PanelState): string {
    return `${s.context}\u0000${s.namespace}\u0000${s.name}`;
  }

  private adopt(panel: vscode.WebviewPanel, state: PanelState): AnatomyPanel {
    const key = this.key(state);
    const p = new AnatomyPanel(
      panel,
      { ...state },
      this.registry,
      this.extensionUri,
      () => this.panels.delete(key),
      v => {
        this.cspViolations.push(v);
        console.warn(`Pod X-Ray: the anatomy view blocked ${v.directive} (${v.blocked})`);
      },
      () => this.keptLogs,
    );
    this.panels.set(key, p);
    return p;
  }

  show(t: PodTarget): vscode.WebviewPanel {
    const state: PanelState = { context: t.context, namespace: t.namespace, name: t.anatomy.name, uid: t.uid };
    const existing = this.panels.get(this.key(state));
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      ANATOMY_VIEW_TYPE,
      `${t.anatomy.name} · anatomy`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [
          vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'),
          vscode.Uri.joinPath(this.extensionUri, 'media'),
        ],
      },
    );
    this.adopt(panel, state);
    return panel;
  }

  /** The pod of the anatomy panel that is the active editor: palette commands act on it instead of asking. */
  activePod(): PodRef | undefined {
    const p = [...this.panels.values()].find(x => x.panel.active);
    return p && { context: p.state.context, namespace: p.state.namespace, uid: p.state.uid };
  }

  get openCount(): number {
    return this.panels.size;
  }

  dispose(): void {
    this.serializer.dispose();
    for (const p of [...this.panels.values()]) p.panel.dispose();
  }
}
