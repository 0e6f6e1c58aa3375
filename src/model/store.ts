// What one context's informers know, turned into summaries, anatomies and histories. Pure: the
// cluster layer feeds it plain objects, views read from it. Both are built lazily and cached per
// resourceVersion: a big list costs a summary per pod, and a full anatomy only where someone looks.
import { PodAnatomy, buildAnatomy } from './anatomy';
import { PodHistory, foldHistory } from './history';
import { HistoryBook } from './historyBook';
import { KEvent, KNode, KPod, uidOf } from './k8s';
import { PodSummary, summarize } from './summary';

export type StoreChange =
  | { kind: 'pod'; namespace: string; uid: string; deleted?: boolean }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'nodes' }
  /** Any event about a pod (events documents follow these; the tree does not). */
  | { kind: 'event'; namespace: string; uid: string };

const SANDBOX_EVENTS = new Set(['SandboxChanged', 'FailedCreatePodSandBox', 'FailedKillPod']);

export class PodStore {
  private readonly pods = new Map<string, KPod>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly anatomies = new Map<string, Cached<PodAnatomy>>();
  private readonly summaries = new Map<string, Cached<PodSummary>>();
  private readonly events = new Map<string, KEvent[]>();
  /** Bumped on every event about a pod: cached views of it are stale after one
   *  (the list is capped, so its length is no key). */
  private readonly eventRevs = new Map<string, number>();
  private readonly nodes = new Map<string, KNode>();
  /** Pods from a list whose history is not folded yet (folded on first use, or before an update). */
  private readonly unfolded = new Set<string>();
  nodeUnavailable?: string;
  private readonly listeners = new Set<(c: StoreChange) => void>();

  /** `book` outlives this store: a recreated session's store adopts its context's book. */
  constructor(
    readonly book = new HistoryBook(),
    private readonly trackHistory = true,
  ) {}

  onChange(l: (c: StoreChange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private emit(c: StoreChange): void {
    for (const l of [...this.listeners]) l(c);
  }

  private index(pod: KPod, uid: string): void {
    const ns = pod.metadata?.namespace ?? 'default';
    let set = this.byNamespace.get(ns);
    if (!set) this.byNamespace.set(ns, (set = new Set()));
    set.add(uid);
  }

  private fold(uid: string): void {
    this.unfolded.delete(uid);
    if (!this.trackHistory) return;
    const a = this.anatomy(uid);
    if (a) this.book.put(foldHistory(this.book.get(uid), a, this.events.get(uid), this.book.limit, this.pods.get(uid)));
  }

  /** A pod's history (instances, sandbox generations), folded now if it was only listed. */
  history(uid: string): PodHistory | undefined {
    if (this.unfolded.has(uid)) this.fold(uid);
    return this.book.get(uid);
  }

  /** Histories loaded from storage after the pods were listed: redraw the pods they belong to. */
  historiesArrived(uids: readonly string[]): void {
    for (const uid of uids) {
      const ns = this.pods.get(uid)?.metadata?.namespace;
      if (ns) this.emit({ kind: 'pod', namespace: ns, uid });
    }
  }

  upsertPod(pod: KPod, emit = true, lazy = false): void {
    const uid = uidOf(pod);
    if (this.unfolded.has(uid)) this.fold(uid); // the state it replaces goes into history first
    this.pods.set(uid, pod);
    this.index(pod, uid);
    this.book.markListed(uid);
    if (lazy) this.unfolded.add(uid);
    else this.fold(uid);
    if (emit) this.emit({ kind: 'pod', namespace: pod.metadata?.namespace ?? 'default', uid });
  }

  /** A pod gone for good: everything kept about it goes; its history is kept for the retention period. */
  private forget(uid: string, namespace: string): void {
    this.pods.delete(uid);
    this.byNamespace.get(namespace)?.delete(uid);
    this.anatomies.delete(uid);
    this.summaries.delete(uid);
    this.events.delete(uid);
    this.eventRevs.delete(uid);
    this.book.markDeleted(uid);
    this.unfolded.delete(uid);
  }

  deletePod(pod: KPod): void {
    const uid = uidOf(pod);
    const ns = pod.metadata?.namespace ?? 'default';
    this.forget(uid, ns);
    this.emit({ kind: 'pod', namespace: ns, uid, deleted: true });
  }

  /** After a (re)list of one namespace: replace its pods, fire one namespace change. */
  syncPods(namespace: string, pods: KPod[]): void {
    const keep = new Set(pods.map(uidOf));
    this.book.markAbsent(namespace, keep); // remembered pods that left while no one was watching
    for (const uid of [...(this.byNamespace.get(namespace) ?? [])]) if (!keep.has(uid)) this.forget(uid, namespace);
    // A list can hold thousands of pods: their history is folded when first needed. Pods its
    // pages brought already (listPage) are the very same objects: nothing to replace.
    for (const p of pods) if (this.pods.get(uidOf(p)) !== p) this.upsertPod(p, false, true);
    this.emit({ kind: 'namespace', namespace });
  }

  /**
   * One page of a namespace's first list, shown while the rest arrives: its pods are added (none
   * removed: that is syncPods' job once the list is complete). No change is fired: the session
   * says how far the list has come (NamespaceState.loading), at most twice a second.
   */
  listPage(namespace: string, pods: KPod[]): void {
    for (const p of pods) this.upsertPod(p, false, true);
  }

  podCount(namespace: string): number {
    return this.byNamespace.get(namespace)?.size ?? 0;
  }

  upsertEvent(ev: KEvent): void {
    const uid = ev.involvedObject?.uid;
    if (!uid || ev.involvedObject?.kind !== 'Pod') return;
    const list = this.events.get(uid) ?? [];
    const i = list.findIndex(x => x.metadata?.uid === ev.metadata?.uid);
    if (i >= 0) list[i] = ev;
    else list.push(ev);
    if (list.length > 200) list.splice(0, list.length - 200);
    this.events.set(uid, list);
    this.eventRevs.set(uid, (this.eventRevs.get(uid) ?? 0) + 1);
    this.emit({ kind: 'event', namespace: ev.involvedObject?.namespace ?? ev.metadata?.namespace ?? 'default', uid });
    if (SANDBOX_EVENTS.has(ev.reason ?? '') && this.pods.has(uid)) {
      this.fold(uid);
      this.emit({ kind: 'pod', namespace: this.pods.get(uid)!.metadata?.namespace ?? 'default', uid });
    }
  }

  syncEvents(events: KEvent[]): void {
    for (const e of events) this.upsertEvent(e);
  }

  setNode(node: KNode, deleted = false): void {
    const name = node.metadata?.name ?? '';
    if (deleted) this.nodes.delete(name);
    else this.nodes.set(name, node);
    this.anatomies.clear();
    this.emit({ kind: 'nodes' });
  }

  setNodeUnavailable(reason: string | undefined): void {
    this.nodeUnavailable = reason;
    this.anatomies.clear();
    this.emit({ kind: 'nodes' });
  }

  pod(uid: string): KPod | undefined {
    return this.pods.get(uid);
  }
  eventsOf(uid: string): KEvent[] {
    return this.events.get(uid) ?? [];
  }
  node(name: string | undefined): KNode | undefined {
    return name ? this.nodes.get(name) : undefined;
  }

  podUids(namespace: string): string[] {
    return [...(this.byNamespace.get(namespace) ?? [])];
  }

  /** The pod of that name in the namespace now (a recreated pod keeps its name, not its uid). */
  uidByName(namespace: string, name: string): string | undefined {
    for (const uid of this.byNamespace.get(namespace) ?? [])
      if (this.pods.get(uid)?.metadata?.name === name) return uid;
    return undefined;
  }

  /** What a pod's tree row, sort and filter need; the anatomy's own fields when it is built already. */
  summary(uid: string): PodSummary | undefined {
    const pod = this.pods.get(uid);
    if (!pod) return undefined;
    const full = this.anatomies.get(uid);
    if (this.fresh(full, pod, uid)) return full!.value;
    return this.cached(this.summaries, uid, pod, () => summarize(pod, this.events.get(uid)));
  }

  anatomy(uid: string): PodAnatomy | undefined {
    const pod = this.pods.get(uid);
    if (!pod) return undefined;
    const nodeName = pod.spec?.nodeName;
    return this.cached(this.anatomies, uid, pod, () =>
      buildAnatomy(pod, {
        events: this.events.get(uid),
        node: this.node(nodeName),
        nodeUnavailable: this.nodeUnavailable ?? (nodeName ? `node ${nodeName} is not visible` : undefined),
      }),
    );
  }

  /** Still valid: same pod version and no event about it since it was built. */
  private fresh(hit: Cached<unknown> | undefined, pod: KPod, uid: string): boolean {
    const rv = pod.metadata?.resourceVersion;
    return !!hit && rv !== undefined && hit.rv === rv && hit.events === (this.eventRevs.get(uid) ?? 0);
  }

  private cached<T>(cache: Map<string, Cached<T>>, uid: string, pod: KPod, build: () => T): T {
    const hit = cache.get(uid);
    if (this.fresh(hit, pod, uid)) return hit!.value;
    const value = build();
    cache.set(uid, { rv: pod.metadata?.resourceVersion, events: this.eventRevs.get(uid) ?? 0, value });
    return value;
  }
}

interface Cached<T> {
  rv?: string;
  events: number;
  value: T;
}
