// Status bar: the selected context and namespace, and the connection state; click to switch.
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { ClusterSession } from '../cluster/session';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('podXray.context', vscode.StatusBarAlignment.Left, 10);
  private readonly off: () => void;
  private offSession?: () => void;
  private watched?: ClusterSession;

  constructor(private readonly registry: ClusterRegistry) {
    this.item.name = vscode.l10n.t('Pod X-Ray context');
    this.item.command = 'podXray.selectContext';
    this.off = registry.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const ctx = this.registry.currentContext;
    if (!ctx) {
      this.item.hide();
      return;
    }
    const s = this.registry.existingSession(ctx);
    if (s !== this.watched) {
      // Subscribe once per session: re-subscribing from inside its listener loop would loop forever.
      this.offSession?.();
      this.watched = s;
      this.offSession = s?.onDidChange(() => this.update());
    }
    const phase = s?.state.phase ?? vscode.l10n.t('not connected');
    const recorded = !!s?.info.recorded; // the demo: a replay, never shown as a live cloud
    const icon = recorded
      ? '$(play-circle)'
      : phase === 'live'
        ? '$(cloud)'
        : phase === 'connecting'
          ? '$(sync~spin)'
          : '$(cloud-offline)';
    const ns = this.registry.namespace(ctx);
    const missing = this.missing(s, ctx, ns);
    const missingText = missing === 'deleted' ? vscode.l10n.t('deleted') : vscode.l10n.t('not found');
    this.item.text = `${icon} ${ctx} / ${ns}${missing ? ` (${missingText})` : ''}`;
    const shown = recorded ? vscode.l10n.t('recorded replay, not live') : phase;
    const state = s?.state.cause ? `${shown}: ${s.state.cause}` : shown;
    this.item.tooltip = [
      vscode.l10n.t('Pod X-Ray: context {0}, namespace {1} ({2}).', ctx, ns, state),
      missing === 'deleted' ? vscode.l10n.t('The namespace is deleted: pick another.') : '',
      missing === 'not found' ? vscode.l10n.t('The namespace is not in the cluster: pick another.') : '',
      vscode.l10n.t('Click to switch.'),
    ]
      .filter(Boolean)
      .join(' ');
    this.item.backgroundColor = missing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** Namespaces seen in the cluster's list, per context: a selected one that leaves it was deleted. */
  private readonly seen = new Map<string, Set<string>>();

  /** 'deleted' / 'not found' when the cluster's namespace list is known and lacks the selected one. */
  private missing(s: ClusterSession | undefined, ctx: string, ns: string): string | undefined {
    if (!s?.namespaces || s.namespacesRestricted) return undefined;
    let seen = this.seen.get(ctx);
    if (!seen) this.seen.set(ctx, (seen = new Set()));
    for (const n of s.namespaces) seen.add(n);
    if (s.namespaces.includes(ns)) return undefined;
    return seen.has(ns) ? 'deleted' : 'not found';
  }

  dispose(): void {
    this.off();
    this.offSession?.();
    this.item.dispose();
  }
}
