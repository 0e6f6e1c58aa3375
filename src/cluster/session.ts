// One context's live connection: lazily started reflectors for namespaces, nodes, and per
// namespace pods + events, feeding one PodStore. Exposes a connection state with its cause.
import { KEvent, KNamespace, KNode, KPod } from '../model/k8s';
import { HistoryBook } from '../model/historyBook';
import { Sharing, projectPod } from '../model/projection';
import { PodScope, ScopeFailure, byNamespace, podScope } from '../model/scope';
import { PodStore } from '../model/store';
import { ApiClient, ApiTransport } from './client';
import { FailureKind } from './errors';
import { ContextInfo } from './kubeconfig';
import { Reflector, ReflectorState } from './reflector';

export type ConnectionPhase = 'connecting' | 'live' | 'reconnecting' | 'forbidden' | 'unreachable' | 'error';
export interface ConnectionState {
  phase: ConnectionPhase;
  cause?: string;
}

export interface NamespaceWatch {
  pods: Reflector<KPod>;
  events: Reflector<KEvent>;
}

/**
 * A namespace's pod watch as views and commands see it. `synced`: its pods have been listed at
 * least once (events are listed, or tried, before pods start), so the store holds that namespace.
 * A failed watch keeps its last list (stale but useful) and says why in `cause`/`kind`.
 */
export interface NamespaceState {
  phase: ReflectorState['phase'];
  synced: boolean;
  /**
   * While the first list is still arriving: how many of its pods are in the store already
   * (shown at once; the rest fill in page by page). Undefined once synced, or before any page.
   */
  loading?: number;
  cause?: string;
  kind?: FailureKind;
}

/** A sync waited for has an answer: the pods are listed, or the watch gave up or stopped. */
export const isSettled = (s: NamespaceState): boolean => s.synced || s.phase === 'failed' || s.phase === 'stopped';

function phaseOf(s: ReflectorState): ConnectionPhase {
  if (s.phase === 'live') return 'live';
  if (s.phase === 'connecting') return 'connecting';
  if (s.kind === 'forbidden' || s.kind === 'unauthorized') return 'forbidden';
  if (s.phase === 'reconnecting') return 'reconnecting';
  if (s.kind === 'unreachable') return 'unreachable';
  return 'error';
}

export class ClusterSession {
  readonly client?: ApiTransport;
  readonly store: PodStore;
  state: ConnectionState;
  /** Namespaces to show; undefined until known. */
  namespaces?: string[];
  /** Set when listing namespaces is forbidden and we fell back to the context's namespace. */
  namespacesRestricted?: string;
  private nsReflector?: Reflector<KNamespace>;
  private nodeReflector?: Reflector<KNode>;
  private readonly watches = new Map<string, NamespaceWatch>();
  private readonly nsStates = new Map<string, NamespaceState>();
  private readonly listeners = new Set<() => void>();
  private readonly nsListeners = new Set<(ns: string, state: NamespaceState) => void>();
  /** One copy of what pods share (specs of a template, labels, status strings), across namespaces. */
  private readonly sharing = new Sharing();
  /** All Namespaces: one cluster-wide pod watch (and events) instead of one per namespace. */
  private clusterPods?: Reflector<KPod>;
  private clusterEvents?: Reflector<KEvent>;
  private clusterSynced = false;
  private clusterFailure?: ScopeFailure;
  private clusterTold = 0;
  private clusterLoaded = 0;
  private clusterToldCount = 0;

  /**
   * `book`: the context's history, owned by the registry so it outlives this session.
   * `transport`: a connection other than the kubeconfig's (the demo's replay; a fake in unit tests).
   */
  constructor(
    readonly info: ContextInfo,
    book = new HistoryBook(),
    transport?: ApiTransport,
    /** Watch every namespace's pods with one cluster-wide list+watch (when the user may). */
    readonly allNamespaces = false,
  ) {
    this.store = new PodStore(book);
    if (transport) {
      this.client = transport;
      this.state = { phase: 'connecting' };
      return;
    }
    if (info.problem || !info.kubeConfig) {
      this.state = { phase: 'error', cause: info.problem ?? 'no usable configuration' };
      return;
    }
    try {
      this.client = new ApiClient(info.kubeConfig);
      this.state = { phase: 'connecting' };
    } catch (e) {
      this.state = { phase: 'error', cause: (e as Error).message };
    }
  }

  get defaultNamespace(): string {
    return this.info.namespace || 'default';
  }

  /** Where pods are watched from now: cluster-wide, or per namespace (with why, after a refusal). */
  get scope(): PodScope {
    return podScope(this.allNamespaces && !!this.client, this.clusterFailure);
  }

  /** Connection state changes and namespace list changes. */
  onDidChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  /** A namespace's pod watch changed state (listed, live, reconnecting, failed, stopped). */
  onDidChangeNamespaceState(l: (ns: string, state: NamespaceState) => void): () => void {
    this.nsListeners.add(l);
    return () => this.nsListeners.delete(l);
  }

  /** The namespace's watch state; undefined while it is not watched (or cannot be: no client). */
  namespaceState(ns: string): NamespaceState | undefined {
    return this.nsStates.get(ns);
  }

  /**
   * Resolves once the namespace's pods have been listed, or with the state that ends the wait
   * (failed: forbidden, unreachable …; stopped). Starts the watch. Undefined: it cannot be watched.
   */
  whenSynced(ns: string): Promise<NamespaceState | undefined> {
    if (!this.ensureWatching(ns)) return Promise.resolve(undefined);
    const now = this.nsStates.get(ns)!;
    if (isSettled(now)) return Promise.resolve(now);
    return new Promise(resolve => {
      const off = this.onDidChangeNamespaceState((n, st) => {
        if (n !== ns || !isSettled(st)) return;
        off();
        resolve(st);
      });
    });
  }

  private setNamespaceState(ns: string, st: NamespaceState): void {
    this.nsStates.set(ns, st);
    for (const l of [...this.nsListeners]) l(ns, st);
  }
  /**
   * Resolves with the namespaces once they are known (listed, or the context's own when listing
   * is forbidden); with undefined when the session cannot connect at all.
   */
  whenNamespacesKnown(): Promise<string[] | undefined> {
    const answer = () => (this.namespaces ? this.namespaces : this.state.phase === 'error' ? null : undefined);
    const now = answer();
    if (now !== undefined) return Promise.resolve(now ?? undefined);
    return new Promise(resolve => {
      const off = this.onDidChange(() => {
        const a = answer();
        if (a === undefined) return;
        off();
        resolve(a ?? undefined);
      });
    });
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  start(): void {
    if (!this.client || this.nsReflector) return;
    this.watchCluster(); // All Namespaces: every pod from the start (the crash radar counts them all)
    this.nsReflector = new Reflector<KNamespace>(
      this.client,
      { path: '/api/v1/namespaces', what: 'list namespaces', giveUpOn: ['forbidden'] },
      {
        onSync: items => {
          this.namespaces = sortNamespaces(
            items.map(n => n.metadata?.name ?? '').filter(Boolean),
            this.defaultNamespace,
          );
          this.changed();
        },
        onUpsert: n => this.addNamespace(n.metadata?.name),
        onDelete: n => {
          this.namespaces = this.namespaces?.filter(x => x !== n.metadata?.name);
          this.changed();
        },
        onState: s => {
          if (s.phase === 'failed' && s.kind === 'forbidden') {
            // RBAC often allows one namespace only: fall back to the context's namespace.
            this.namespacesRestricted = `listing namespaces is forbidden; showing only namespace "${this.defaultNamespace}"`;
            this.namespaces = [this.defaultNamespace];
            this.state = { phase: 'live' };
          } else {
            this.state = { phase: phaseOf(s), cause: s.cause };
          }
          this.changed();
        },
      },
    ).start();
    this.nodeReflector = new Reflector<KNode>(
      this.client,
      { path: '/api/v1/nodes', what: 'list nodes', giveUpOn: ['forbidden', 'unauthorized'] },
      {
        onSync: items => {
          for (const n of items) this.store.setNode(n);
          this.store.setNodeUnavailable(undefined);
        },
        onUpsert: n => this.store.setNode(n),
        onDelete: n => this.store.setNode(n, true),
        onState: s => {
          if (s.phase === 'failed')
            this.store.setNodeUnavailable(
              s.kind === 'forbidden' ? 'this user may not read nodes' : `nodes unavailable: ${s.cause}`,
            );
        },
      },
    ).start();
  }

  // ---- All Namespaces: one cluster-wide list+watch ------------------------------------------------

  /** Events first: their list starts the pods' watch (so a pod's first fold knows its SandboxChanged
   *  history), and so does an events watch that fails or waits (pods must not wait for events). */
  private eventHandlers(startPods: () => void) {
    return {
      onSync: (items: KEvent[]) => {
        this.store.syncEvents(items);
        startPods();
      },
      onUpsert: (e: KEvent) => this.store.upsertEvent(e),
      onState: (st: { phase: string }) => {
        if (st.phase !== 'connecting' && st.phase !== 'live') startPods();
      },
    };
  }

  /** The state every namespace has while the cluster-wide watch feeds it. */
  private clusterState(ns: string): NamespaceState {
    const st = this.clusterPods?.state;
    const loading = this.clusterSynced ? 0 : this.store.podCount(ns);
    return {
      phase: st?.phase ?? 'connecting',
      synced: this.clusterSynced,
      ...(st?.cause ? { cause: st.cause, kind: st.kind } : {}),
      ...(loading ? { loading } : {}),
    };
  }

  /** Tell every namespace the cluster watch feeds (and every one asked about) its state. */
  private tellCluster(namespaces: Iterable<string>): void {
    this.clusterTold = Date.now();
    for (const ns of new Set([...this.nsStates.keys(), ...namespaces]))
      this.setNamespaceState(ns, this.clusterState(ns));
  }

  private watchCluster(): void {
    if (!this.client || this.clusterPods || this.scope.kind !== 'cluster') return;
    const giveUpOn: FailureKind[] = ['forbidden', 'unauthorized'];
    let podsStarted = false;
    const startPods = () => {
      if (!podsStarted && this.clusterPods) {
        podsStarted = true;
        this.clusterPods.start();
      }
    };
    this.clusterPods = new Reflector<KPod>(
      this.client,
      {
        path: '/api/v1/pods',
        what: 'list pods in all namespaces',
        giveUpOn,
        transform: p => projectPod(p, this.sharing),
      },
      {
        onPage: items => {
          if (this.clusterSynced) return;
          const groups = byNamespace(items);
          for (const [ns, pods] of groups) this.store.listPage(ns, pods);
          this.clusterLoaded += items.length;
          if (!redrawNow(this.clusterTold, this.clusterToldCount, this.clusterLoaded)) return;
          this.clusterToldCount = this.clusterLoaded;
          this.tellCluster(groups.keys());
        },
        onSync: items => {
          const groups = byNamespace(items);
          const all = new Set([...this.nsStates.keys(), ...groups.keys(), ...(this.namespaces ?? [])]);
          this.clusterSynced = true; // before the store says so: its redraws see the list
          for (const ns of all) this.nsStates.set(ns, this.clusterState(ns));
          for (const ns of all) this.store.syncPods(ns, groups.get(ns) ?? []);
          this.sharing.reset();
          this.tellCluster(all);
        },
        onUpsert: p => {
          this.store.upsertPod(p);
          const ns = p.metadata?.namespace ?? 'default';
          if (!this.nsStates.has(ns)) this.setNamespaceState(ns, this.clusterState(ns));
        },
        onDelete: p => this.store.deletePod(p),
        onState: st => {
          if (this.scope.kind !== 'cluster') return; // fallen back: its own stop says nothing
          if (st.phase === 'failed' && (st.kind === 'forbidden' || st.kind === 'unauthorized')) this.fallBack(st);
          else this.tellCluster([]);
        },
      },
    );
    this.clusterEvents = new Reflector<KEvent>(
      this.client,
      {
        path: '/api/v1/events',
        query: 'fieldSelector=involvedObject.kind%3DPod',
        what: 'list events in all namespaces',
        giveUpOn,
      },
      this.eventHandlers(startPods),
    );
    for (const ns of this.nsStates.keys()) this.nsStates.set(ns, this.clusterState(ns));
    this.clusterEvents.start();
    setTimeout(startPods, 3000);
  }

  /** The cluster-wide list was refused: watch each namespace asked about on its own, and say why. */
  private fallBack(st: ReflectorState): void {
    this.clusterFailure = { kind: st.kind, cause: st.cause };
    this.clusterPods?.stop();
    this.clusterEvents?.stop();
    const asked = [...this.nsStates.keys()];
    this.nsStates.clear();
    for (const ns of asked) this.ensureWatching(ns);
    this.changed();
  }

  private addNamespace(name: string | undefined): void {
    if (!name || this.namespaces?.includes(name)) return;
    this.namespaces = sortNamespaces([...(this.namespaces ?? []), name], this.defaultNamespace);
    this.changed();
  }

  /** Start watching a namespace's pods and events (idempotent). False: there is no client to watch with. */
  ensureWatching(ns: string): boolean {
    if (!this.client) return false;
    if (this.scope.kind === 'cluster') {
      if (!this.nsStates.has(ns)) this.nsStates.set(ns, this.clusterState(ns));
      this.watchCluster();
      return true;
    }
    if (this.watches.has(ns)) return true;
    const enc = encodeURIComponent(ns);
    let synced = false;
    this.nsStates.set(ns, { phase: 'connecting', synced });
    const giveUpOn: FailureKind[] = ['forbidden', 'unauthorized'];
    // Events first, so the first fold of each pod already knows its SandboxChanged history;
    // pods start once events are listed, or could not be (pods never wait on them for long).
    let podsStarted = false;
    const startPods = () => {
      if (!podsStarted) {
        podsStarted = true;
        pods.start();
      }
    };
    let loading = 0, // pods of the first list in the store so far
      told = 0,
      toldCount = 0;
    const pods = new Reflector<KPod>(
      this.client,
      {
        path: `/api/v1/namespaces/${enc}/pods`,
        what: `list pods in namespace "${ns}"`,
        giveUpOn,
        transform: p => projectPod(p, this.sharing),
      },
      {
        onPage: items => {
          if (synced) return; // a relist: what is shown stays until the new list is complete
          this.store.listPage(ns, items);
          loading = this.store.podCount(ns);
          if (!redrawNow(told, toldCount, loading)) return;
          told = Date.now();
          toldCount = loading;
          const st = this.nsStates.get(ns);
          if (st) this.setNamespaceState(ns, { ...st, loading });
        },
        onSync: items => {
          // Synced before the store says so, so whatever its change events redraw sees the list.
          synced = true;
          const st = this.nsStates.get(ns);
          if (st) this.nsStates.set(ns, { phase: st.phase, synced, cause: st.cause, kind: st.kind });
          this.store.syncPods(ns, items);
          this.sharing.reset(); // what the list's pods share stays shared; the maps are not needed
        },
        onUpsert: p => this.store.upsertPod(p),
        onDelete: p => this.store.deletePod(p),
        onState: st =>
          this.setNamespaceState(ns, {
            phase: st.phase,
            synced,
            cause: st.cause,
            kind: st.kind,
            ...(synced || !loading ? {} : { loading }),
          }),
      },
    );
    const events = new Reflector<KEvent>(
      this.client,
      {
        path: `/api/v1/namespaces/${enc}/events`,
        query: 'fieldSelector=involvedObject.kind%3DPod',
        what: `list events in namespace "${ns}"`,
        giveUpOn,
      },
      this.eventHandlers(startPods),
    );
    this.watches.set(ns, { pods, events });
    events.start();
    setTimeout(startPods, 3000);
    return true;
  }

  /**
   * The whole pod as the API server has it now (the store keeps only a projection of each pod:
   * whoever shows the full object asks for it). Undefined when it is gone, or is another pod of
   * that name now (uid given and different).
   */
  async fullPod(ns: string, name: string, uid?: string): Promise<KPod | undefined> {
    if (!this.client) return undefined;
    const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`;
    try {
      const pod = await this.client.getJson<KPod>(path, `get pod "${name}" in namespace "${ns}"`);
      return uid && pod.metadata?.uid !== uid ? undefined : pod;
    } catch (e) {
      if ((e as { kind?: string }).kind === 'not-found') return undefined;
      throw e;
    }
  }

  /** The reflectors themselves: for tests and benchmarks that check the machinery, not for views. */
  namespaceWatch(ns: string): NamespaceWatch | undefined {
    return this.watches.get(ns);
  }

  retry(): void {
    this.client?.resetAuth();
    this.nsReflector?.retry();
    this.nodeReflector?.retry();
    this.clusterPods?.retry();
    this.clusterEvents?.retry();
    for (const w of this.watches.values()) {
      w.pods.retry();
      w.events.retry();
    }
  }

  stop(): void {
    this.nsReflector?.stop();
    this.nodeReflector?.stop();
    this.clusterPods?.stop();
    this.clusterEvents?.stop();
    for (const w of this.watches.values()) {
      w.pods.stop();
      w.events.stop();
    }
    this.watches.clear(); // each pod reflector said 'stopped' above: whoever waited for a sync has its answer
    this.nsStates.clear();
    this.listeners.clear();
    this.nsListeners.clear();
  }
}

/** While a big list arrives, its rows are redrawn at least this often after the first page… */
const PAGE_REDRAW_MS = 2000;
/**
 * …or when the pods loaded have doubled since the last redraw: each redraw lists every row, so a
 * 30,000-pod list redraws ~6 times (500, 1,000, 2,000 …), not 60. The first page at once.
 */
function redrawNow(told: number, toldCount: number, count: number): boolean {
  return !told || count >= 2 * toldCount || Date.now() - told >= PAGE_REDRAW_MS;
}

export function sortNamespaces(names: string[], first: string): string[] {
  return [...new Set(names)].sort((a, b) => (a === first ? -1 : b === first ? 1 : a.localeCompare(b)));
}
