// All contexts from the kubeconfig files, with a lazily started session per context, the
// selected context and namespace. No vscode here; the extension feeds it settings.
import { ContextInfo, KubeconfigLoad, kubeconfigFiles, loadKubeconfigs } from './kubeconfig';
import { DEFAULT_HISTORY_LIMIT } from '../model/history';
import { HistoryBook } from '../model/historyBook';
import { ClusterSession } from './session';
import { DemoClient } from './demoClient';
import { DEMO_NAMESPACE, DemoRecording, DemoReplay } from './demoReplay';

/** The demo's context name: marked as recorded wherever a context is named. */
export const DEMO_CONTEXT = 'demo (recorded)';

type KubeconfigProblem = KubeconfigLoad['problems'][number];
export interface ReloadGuard {
  refuse?: (file: string) => string | undefined;
  notices?: KubeconfigProblem[];
}

/** One history per cluster context: the same name on another server is another cluster. */
export const historyKey = (info: ContextInfo) => `${info.name}\0${info.server ?? ''}`;

export class ClusterRegistry {
  load: KubeconfigLoad = { files: [], contexts: [], problems: [] };
  /** podXray.allNamespaces: sessions created from now on watch pods cluster-wide (reload to apply). */
  allNamespaces = false;
  private readonly sessions = new Map<string, ClusterSession>();
  private selected?: string;
  private readonly namespaceOf = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private limit = DEFAULT_HISTORY_LIMIT;
  /** Histories per context: they outlive sessions (Refresh, kubeconfig changes, context switches). */
  private readonly created = new Set<(s: ClusterSession) => void>();
  /** Every new session, at once (before anything can change in it). */
  onDidCreateSession(l: (s: ClusterSession) => void): () => void {
    this.created.add(l);
    return () => this.created.delete(l);
  }
  private readonly books = new Map<string, HistoryBook>();
  /** The demo's replay, once opened: it outlives sessions (Refresh), so its clock and rounds go on. */
  private demo?: { info: ContextInfo; replay: DemoReplay };
  private readonly bookListeners = new Set<(info: ContextInfo, book: HistoryBook) => void>();
  /** Every new history book, at once (storage loads into it and saves what changes). */
  onDidCreateHistory(l: (info: ContextInfo, book: HistoryBook) => void): () => void {
    this.bookListeners.add(l);
    return () => this.bookListeners.delete(l);
  }

  get historyLimit(): number {
    return this.limit;
  }
  /** Instances and generations kept per pod: applies to running stores at once. */
  set historyLimit(n: number) {
    this.limit = n;
    for (const b of this.books.values()) b.setLimit(n);
  }

  history(info: ContextInfo): HistoryBook {
    const key = historyKey(info);
    let b = this.books.get(key);
    if (!b) {
      this.books.set(key, (b = new HistoryBook(this.limit)));
      b.onAdopt(uids => {
        for (const s of this.sessions.values()) if (historyKey(s.info) === key) s.store.historiesArrived(uids);
      });
      // A replay's history is not kept on disk: it would outlive the recording it came from.
      if (!info.recorded) for (const l of [...this.bookListeners]) l(info, b);
    }
    return b;
  }

  onDidChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  /**
   * (Re)read the kubeconfig files; sessions of contexts that changed are restarted. guard.refuse keeps
   * a file from being read at all (e.g. inside an untrusted workspace), its words shown as the file's
   * problem; guard.notices are shown first (e.g. a workspace setting that was ignored).
   */
  reload(setting: string | undefined, env: NodeJS.ProcessEnv = process.env, guard: ReloadGuard = {}): KubeconfigLoad {
    const files = kubeconfigFiles(setting, env);
    const refused = files.map(file => ({ file, message: guard.refuse?.(file) }));
    this.load = loadKubeconfigs(refused.filter(r => !r.message).map(r => r.file));
    // No setting, no $KUBECONFIG and no ~/.kube/config: a machine without a kubeconfig, not a broken one
    // (the welcome view then says so and offers the demo).
    if (!setting?.trim() && !env.KUBECONFIG)
      this.load.problems = this.load.problems.filter(p => !(p.file === files[0] && p.message === 'file not found'));
    const why = refused.filter((r): r is KubeconfigProblem => !!r.message);
    this.load.problems.unshift(...(guard.notices ?? []), ...why);
    if (this.demo) this.load.contexts.push(this.demo.info);
    for (const s of this.sessions.values()) s.stop();
    this.sessions.clear();
    if (!this.selected || !this.load.contexts.some(c => c.name === this.selected)) this.selected = this.load.current;
    this.changed();
    return this.load;
  }

  get contexts(): ContextInfo[] {
    return this.load.contexts;
  }
  get currentContext(): string | undefined {
    return this.selected;
  }
  selectContext(name: string): void {
    if (!this.load.contexts.some(c => c.name === name)) throw new Error(`no context named "${name}"`);
    this.selected = name;
    this.session(name)?.start();
    this.changed();
  }

  /** The namespace shown first and expanded: chosen by the user, else the context's own. */
  namespace(context: string | undefined = this.selected): string {
    if (!context) return 'default';
    return this.namespaceOf.get(context) ?? this.load.contexts.find(c => c.name === context)?.namespace ?? 'default';
  }

  selectNamespace(namespace: string, context: string | undefined = this.selected): void {
    if (!context) return;
    this.namespaceOf.set(context, namespace);
    this.changed();
  }

  /** The session for a context, created (not started) on first use. */
  session(context: string | undefined): ClusterSession | undefined {
    if (!context) return undefined;
    let s = this.sessions.get(context);
    if (!s) {
      const info = this.load.contexts.find(c => c.name === context);
      if (!info) return undefined;
      s = new ClusterSession(
        info,
        this.history(info),
        info.recorded ? new DemoClient(this.demo!.replay) : undefined,
        this.allNamespaces && !info.recorded,
      );
      this.sessions.set(context, s);
      for (const l of [...this.created]) l(s);
    }
    return s;
  }

  /** Add the demo context (a replay of `load()`'s recording) and select it. */
  openDemo(load: () => DemoRecording): ContextInfo {
    if (!this.demo) {
      const recording = load();
      const info: ContextInfo = {
        name: DEMO_CONTEXT,
        file: 'built-in demo',
        namespace: DEMO_NAMESPACE,
        recorded: recording.source,
      };
      this.demo = { info, replay: new DemoReplay(recording) };
      this.load.contexts.push(info);
    }
    this.selectContext(DEMO_CONTEXT);
    return this.demo.info;
  }

  /** Whether a context is the recorded demo. */
  isRecorded(context: string | undefined): boolean {
    return !!context && this.demo?.info.name === context;
  }

  existingSession(context: string): ClusterSession | undefined {
    return this.sessions.get(context);
  }
  dispose(): void {
    this.demo?.replay.stop();
    for (const s of this.sessions.values()) s.stop();
    this.sessions.clear();
    this.listeners.clear();
  }
}
