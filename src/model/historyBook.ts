// One context's remembered pod histories. Owned by the registry, not a session: Refresh, a
// kubeconfig change or a context switch recreate sessions, and the new one adopts the same book,
// so nothing known is dropped. Pure: the storage layer loads into it and saves what is dirty.
import { strongerEnd } from './causes';
import { Coverage } from './evidence';
import { DEFAULT_HISTORY_LIMIT, InstanceRecord, PodHistory, SandboxGeneration } from './history';

/** How long a deleted pod's history is kept, and the disk space one context's histories may use. */
export const DEFAULT_RETENTION_DAYS = 7;
export const DEFAULT_MAX_SIZE_MB = 20;

export class HistoryBook {
  private readonly pods = new Map<string, PodHistory>();
  private readonly dirty = new Set<string>();
  /** Pods a store lists now: never evicted. */
  private readonly listed = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly adoptListeners = new Set<(uids: string[]) => void>();

  constructor(public limit = DEFAULT_HISTORY_LIMIT) {}

  /** Something to save (debounced by the storage layer). */
  onDirty(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  private touch(uid: string): void {
    this.dirty.add(uid);
    for (const l of [...this.listeners]) l();
  }

  get(uid: string): PodHistory | undefined {
    return this.pods.get(uid);
  }
  all(): PodHistory[] {
    return [...this.pods.values()];
  }
  has(uid: string): boolean {
    return this.pods.has(uid);
  }

  /** A fresh fold of a pod: merged with what the book knows, so a save never holds less. */
  put(h: PodHistory): void {
    const old = this.pods.get(h.uid);
    const next = trimHistory(old ? mergeHistory(old, h) : h, this.limit);
    // Most updates (a status message, a probe flipping) add nothing to a history: nothing to save.
    if (old && sameHistory(old, next)) return;
    this.pods.set(h.uid, next);
    this.touch(h.uid);
  }

  /**
   * Histories read from storage (or not yet written): merged in, the book's own entries win ties.
   * `dirty`: each is to be written again.
   */
  adopt(hs: readonly PodHistory[], dirty = false): void {
    if (!hs.length) return;
    for (const h of hs) {
      const old = this.pods.get(h.uid);
      if (old) this.put(mergeHistory(h, old));
      else {
        this.pods.set(h.uid, h);
        if (dirty) this.touch(h.uid);
      }
    }
    for (const l of [...this.adoptListeners]) l(hs.map(h => h.uid));
  }

  /** Histories that arrived from storage: views showing those pods redraw. */
  onAdopt(l: (uids: string[]) => void): () => void {
    this.adoptListeners.add(l);
    return () => this.adoptListeners.delete(l);
  }

  markListed(uid: string): void {
    this.listed.add(uid);
    const h = this.pods.get(uid);
    if (h?.deletedAt) {
      delete h.deletedAt;
      this.touch(uid);
    }
  }

  /** The pod left the cluster: kept for the retention period, then evicted. */
  markDeleted(uid: string, now = new Date()): void {
    this.listed.delete(uid);
    const h = this.pods.get(uid);
    if (h && !h.deletedAt) {
      h.deletedAt = now.toISOString();
      this.touch(uid);
    }
  }

  /** A namespace was listed without these remembered pods: they are gone. */
  markAbsent(namespace: string, listed: ReadonlySet<string>, now = new Date()): void {
    for (const h of this.pods.values())
      if (h.namespace === namespace && !listed.has(h.uid)) this.markDeleted(h.uid, now);
  }

  isListed(uid: string): boolean {
    return this.listed.has(uid);
  }

  setLimit(n: number): void {
    this.limit = n;
    for (const [uid, h] of this.pods) {
      const t = trimHistory(h, n);
      if (t !== h) {
        this.pods.set(uid, t);
        this.touch(uid);
      }
    }
  }

  /** What changed since the last call, to write. */
  takeDirty(): PodHistory[] {
    const out = [...this.dirty].flatMap(uid => this.pods.get(uid) ?? []);
    this.dirty.clear();
    return out;
  }

  forget(uids: readonly string[]): void {
    for (const uid of uids) {
      this.pods.delete(uid);
      this.dirty.delete(uid);
    }
  }
}

/** Keep the newest `limit` instances and sandbox generations. */
export function trimHistory(h: PodHistory, limit: number): PodHistory {
  if (h.instances.length <= limit && h.generations.length <= limit) return h;
  return {
    ...h,
    instances: h.instances.slice(Math.max(0, h.instances.length - limit)),
    generations: h.generations.slice(Math.max(0, h.generations.length - limit)),
  };
}

const runKey = (i: InstanceRecord) => `${i.container}\0${i.ordinal}`;
const instanceKey = (i: InstanceRecord) => `${i.container}\0${i.containerId ?? `#${i.ordinal}`}`;

/** The same account of a pod (when it was last folded aside): the file on disk would not change. */
export function sameHistory(a: PodHistory, b: PodHistory): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}

/**
 * Two accounts of one pod -> one that holds everything either knew: the union of instances (by
 * container ID, else ordinal) and sandbox generations; `b` (the newer) wins where both tell the same.
 */
export function mergeHistory(a: PodHistory, b: PodHistory): PodHistory {
  const instances = new Map<string, InstanceRecord>();
  for (const i of a.instances) instances.set(instanceKey(i), i);
  for (const i of b.instances) {
    const old = instances.get(instanceKey(i));
    const end = strongerEnd(old?.end, i.end); // what either knew of why it ended: the stronger evidence
    instances.set(instanceKey(i), { ...old, ...i, ...(end ? { end } : {}) });
  }
  // An instance first known by ordinal only, later by its ID: one instance, not two.
  const identified = new Set([...instances.values()].filter(i => i.containerId).map(runKey));
  for (const [k, i] of instances) if (!i.containerId && identified.has(runKey(i))) instances.delete(k);
  // Whose generation numbers stand: an account that saw the pod's whole life (exact numbers) over one
  // that began late (lower bounds, placeholders for the unknown past); else the one renumbered by
  // later evidence. Otherwise both are the same numbering and their union is kept.
  const ea = !!a.coverage?.fromStart,
    eb = !!b.coverage?.fromStart;
  const na = a.numbering ?? 0,
    nb = b.numbering ?? 0;
  const ruler = ea !== eb ? (ea ? a : b) : na !== nb ? (nb > na ? b : a) : undefined;
  if (ruler)
    for (const i of ruler.instances) {
      const m = instances.get(instanceKey(i));
      if (m) m.generation = i.generation;
    }
  const generations = new Map<number, SandboxGeneration>();
  const other = ruler === a ? b : a;
  const kept = ruler
    ? [
        ...(ea !== eb ? other.generations.filter(g => g.cause !== 'first-seen' && g.cause !== 'inferred') : []),
        ...ruler.generations,
      ]
    : [...a.generations, ...b.generations];
  for (const g of kept) generations.set(g.generation, g);
  const maxOf = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = Math.max(out[k] ?? v, v);
    return out;
  };
  const merged: PodHistory = {
    ...a,
    ...b,
    instances: [...instances.values()].sort(byStart),
    generations: [...generations.values()].sort((x, y) => x.generation - y.generation),
    restartCounts: maxOf(a.restartCounts, b.restartCounts),
    sandboxEvents: maxOf(a.sandboxEvents, b.sandboxEvents),
    updatedAt: a.updatedAt > b.updatedAt ? a.updatedAt : b.updatedAt,
  };
  if (na || nb) merged.numbering = Math.max(na, nb);
  const coverage = widerCoverage(a.coverage, b.coverage);
  if (coverage) merged.coverage = coverage;
  else delete merged.coverage;
  if (!b.deletedAt) delete merged.deletedAt;
  return merged;
}

/** The account that saw more of the pod's life: the one covering it from the start, else the earlier. */
function widerCoverage(a: Coverage | undefined, b: Coverage | undefined): Coverage | undefined {
  if (!a || !b) return a ?? b;
  if (a.fromStart !== b.fromStart) return a.fromStart ? a : b;
  return a.since <= b.since ? a : b;
}

/** Oldest first: by container, then ordinal (the order the fold appends in). */
function byStart(x: InstanceRecord, y: InstanceRecord): number {
  return (x.startedAt ?? '').localeCompare(y.startedAt ?? '') || x.ordinal - y.ordinal;
}

/** A stored history, or undefined for anything that is not one (a torn or foreign file). */
export function parseHistory(text: string): PodHistory | undefined {
  try {
    const h = JSON.parse(text) as PodHistory;
    const ok =
      h &&
      typeof h.uid === 'string' &&
      typeof h.name === 'string' &&
      typeof h.namespace === 'string' &&
      Array.isArray(h.instances) &&
      Array.isArray(h.generations) &&
      typeof h.restartCounts === 'object' &&
      typeof h.sandboxEvents === 'object';
    return ok ? h : undefined;
  } catch {
    return undefined;
  }
}

export interface StoredEntry {
  uid: string;
  bytes: number;
  updatedAt: string;
  deletedAt?: string;
}

/**
 * Which stored histories to evict: pods deleted longer than the retention ago, then, while over
 * the size cap, the oldest-deleted and then the oldest-seen. A listed pod is never evicted.
 */
export function planEviction(
  entries: readonly StoredEntry[],
  isListed: (uid: string) => boolean,
  now: number,
  retentionMs: number,
  maxBytes: number,
): string[] {
  const out: string[] = [];
  const rest: StoredEntry[] = [];
  for (const e of entries) {
    if (isListed(e.uid)) continue;
    if (e.deletedAt && now - Date.parse(e.deletedAt) > retentionMs) out.push(e.uid);
    else rest.push(e);
  }
  let total = entries.filter(e => !out.includes(e.uid)).reduce((n, e) => n + e.bytes, 0);
  rest.sort(
    (x, y) =>
      (x.deletedAt ? 0 : 1) - (y.deletedAt ? 0 : 1) ||
      (x.deletedAt ?? '').localeCompare(y.deletedAt ?? '') ||
      x.updatedAt.localeCompare(y.updatedAt),
  );
  for (const e of rest) {
    if (total <= maxBytes) break;
    out.push(e.uid);
    total -= e.bytes;
  }
  return out;
}
