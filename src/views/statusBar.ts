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
    this.item.name = 'Pod X-Ray context';
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
    const phase = s?.state.phase ?? 'not connected';
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
    this.item.text = `${icon} ${ctx} / ${ns}${missing ? ` (${missing})` : ''}`;
    this.item.tooltip =
      `Pod X-Ray: context ${ctx}, namespace ${ns} (${recorded ? 'recorded replay, not live' : phase}` +
      `${s?.state.cause ? `: ${s.state.cause}` : ''}).` +
      (missing ? ` The namespace is ${missing === 'deleted' ? 'deleted' : 'not in the cluster'}: pick another.` : '') +
      ' Click to switch.';
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
