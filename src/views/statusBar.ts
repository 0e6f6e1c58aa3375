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
    const icon = phase === 'live' ? '$(cloud)' : phase === 'connecting' ? '$(sync~spin)' : '$(cloud-offline)';
    this.item.text = `${icon} ${ctx} / ${this.registry.namespace(ctx)}`;
    this.item.tooltip = `Pod X-Ray: context ${ctx}, namespace ${this.registry.namespace(ctx)} (${phase}${s?.state.cause ? `: ${s.state.cause}` : ''}). Click to switch.`;
    this.item.show();
  }

  dispose(): void {
    this.off();
    this.offSession?.();
    this.item.dispose();
  }
}
