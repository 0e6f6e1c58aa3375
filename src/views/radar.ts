// The crash radar (issue 19 §3): a badge on the Pods view with the number of troubled containers in
// the watched namespaces of the current context, kept live (counted at most every RECOUNT_MS), and,
// when the setting asks, the same in a status bar item. The count itself is the model's (radar.ts).
import * as vscode from 'vscode';
import { ClusterRegistry } from '../cluster/registry';
import { ClusterSession } from '../cluster/session';
import { TroubledContainer, radarTooltip, troubledContainers } from '../model/radar';

const RECOUNT_MS = 500;

export class CrashRadar implements vscode.Disposable {
  private troubled: TroubledContainer[] = [];
  /** Troubled containers per pod (only pods with some), and what changed since the last count. */
  private readonly byPod = new Map<string, TroubledContainer[]>();
  private readonly dirty = new Set<string>();
  private all = true;
  private timer?: NodeJS.Timeout;
  private watched?: ClusterSession;
  private unwatch?: () => void;
  private readonly item = vscode.window.createStatusBarItem('podXray.radar', vscode.StatusBarAlignment.Left, 9);
  private readonly subs: (() => void)[] = [];
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The count changed (the tree's "Troubled" filter redraws). */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly view: vscode.TreeView<unknown>,
    private readonly showInStatusBar: () => boolean,
  ) {
    this.item.name = vscode.l10n.t('Pod X-Ray crash radar');
    this.item.command = 'podXray.showTroubledPods'; // the same count, listed: turns the "Troubled" filter on
    this.subs.push(
      registry.onDidChange(() => this.follow()),
      registry.onDidCreateSession(() => setTimeout(() => this.follow())),
    );
    this.follow();
  }

  /** Follow the current context's session (a new one after Refresh or a context switch). */
  private follow(): void {
    this.followQuiet();
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.recount();
    }, RECOUNT_MS);
  }

  /** Count now (tests call it to skip the wait). Only pods that changed since the last count are looked
   *  at again: a whole cluster of 50,000 pods is recounted only when the session or a namespace changes. */
  recount(): void {
    this.followQuiet();
    const s = this.watched;
    if (!s) this.byPod.clear();
    else if (this.all) {
      this.byPod.clear();
      for (const ns of s.namespaces ?? []) for (const uid of s.store.podUids(ns)) this.countPod(s, uid);
    } else for (const uid of this.dirty) this.countPod(s, uid);
    this.all = false;
    this.dirty.clear();
    this.troubled = [...this.byPod.values()].flat();
    const n = this.troubled.length;
    const tooltip = radarTooltip(this.troubled);
    this.view.badge = n ? { value: n, tooltip } : undefined;
    if (n && this.showInStatusBar()) {
      this.item.text = `$(flame) ${n}`;
      this.item.tooltip = tooltip;
      this.item.show();
    } else this.item.hide();
    this.emitter.fire();
  }

  private countPod(s: ClusterSession, uid: string): void {
    const p = s.store.pod(uid);
    const t = p ? troubledContainers([p], u => s.store.eventsOf(u)) : [];
    if (t.length) this.byPod.set(uid, t);
    else this.byPod.delete(uid);
  }

  private followQuiet(): void {
    const s = this.registry.existingSession(this.registry.currentContext ?? '');
    if (s !== this.watched) {
      this.unwatch?.();
      this.watched = s;
      this.all = true;
      this.unwatch = s?.store.onChange(c => {
        if (c.kind === 'nodes') return;
        if (c.kind === 'namespace') this.all = true;
        else this.dirty.add(c.uid);
        this.schedule();
      });
    }
  }

  /** Every troubled container now. */
  get containers(): readonly TroubledContainer[] {
    return this.troubled;
  }
  /** The "Troubled" filter: does this pod have a troubled container. */
  isTroubled(uid: string): boolean {
    return this.byPod.has(uid);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unwatch?.();
    for (const u of this.subs) u();
    this.item.dispose();
    this.emitter.dispose();
  }
}
