// Successive anatomies of one pod -> its history: every container instance seen (a container
// ID is one instance; a restart is a new one) and every sandbox generation.
import { ContainerAnatomy, ContainerKind, PodAnatomy } from './anatomy';
import { KEvent, eventTime } from './k8s';
import { parseTime, shortId } from './format';

/** Instances and sandbox generations kept per pod, unless the user's setting says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 50;

export interface InstanceRecord {
  container: string;
  kind: ContainerKind;
  /** 1-based: the n-th instance of this container (restartCount + 1 when it started). */
  ordinal: number;
  containerId?: string;
  shortId?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  signal?: number;
  reason?: string;
  message?: string;
  /** Sandbox generation it ran in. */
  generation: number;
  /** 'observed' when we saw it live; 'lastState' when recovered from the previous-instance status. */
  source: 'observed' | 'lastState';
}

export type GenerationCause = 'initial' | 'SandboxChanged' | 'ip-change' | 'all-restarted' | 'ready-transition';

export interface SandboxGeneration {
  generation: number;
  podIP?: string;
  since?: string;
  cause: GenerationCause;
  evidence: string;
}

export interface PodHistory {
  uid: string;
  name: string;
  namespace: string;
  instances: InstanceRecord[];
  generations: SandboxGeneration[];
  /** Last restartCount seen per container, to notice restarts between updates. */
  restartCounts: Record<string, number>;
  /** SandboxChanged occurrences already folded in (event uid -> count). */
  sandboxEvents: Record<string, number>;
  lastPrtsc?: string;
  updatedAt: string;
  /** When the pod was seen gone from the cluster (kept for the retention period, then evicted). */
  deletedAt?: string;
}

export function emptyHistory(a: PodAnatomy): PodHistory {
  return {
    uid: a.uid,
    name: a.name,
    namespace: a.namespace,
    instances: [],
    generations: [],
    restartCounts: {},
    sandboxEvents: {},
    updatedAt: a.createdAt ?? new Date(0).toISOString(),
  };
}

function currentGeneration(h: PodHistory): SandboxGeneration | undefined {
  return h.generations[h.generations.length - 1];
}

/** Drop undefined fields: records are persisted as JSON and must round-trip unchanged. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function upsertInstance(h: PodHistory, raw: InstanceRecord): void {
  const rec = compact(raw);
  const i = h.instances.findIndex(
    x =>
      x.container === rec.container &&
      (rec.containerId ? x.containerId === rec.containerId : x.ordinal === rec.ordinal && !x.containerId),
  );
  if (i < 0) {
    h.instances.push(rec);
    return;
  }
  const old = h.instances[i];
  // Keep what we knew; the newer status fills in the end of a run (exit code, finish time).
  h.instances[i] = {
    ...old,
    ...rec,
    generation: old.generation,
    source: old.source === 'observed' ? 'observed' : rec.source,
  };
}

function generationAt(h: PodHistory, t: string | undefined): number {
  const ms = parseTime(t);
  let g = h.generations[0]?.generation ?? 1;
  for (const gen of h.generations) {
    const since = parseTime(gen.since);
    if (ms === undefined || since === undefined || since <= ms) g = gen.generation;
  }
  return g;
}

function foldContainer(h: PodHistory, c: ContainerAnatomy): void {
  const gen = currentGeneration(h)?.generation ?? 1;
  const last = c.lastTermination;
  if (last && c.restartCount > 0) {
    upsertInstance(h, {
      container: c.name,
      kind: c.kind,
      ordinal: c.restartCount,
      containerId: last.containerId,
      shortId: shortId(last.containerId),
      startedAt: last.startedAt,
      finishedAt: last.finishedAt,
      exitCode: last.exitCode,
      signal: last.signal,
      reason: last.reason,
      message: last.message,
      generation: generationAt(h, last.startedAt),
      source: 'lastState',
    });
  }
  if (c.containerId) {
    const t = c.termination;
    upsertInstance(h, {
      container: c.name,
      kind: c.kind,
      ordinal: c.restartCount + 1,
      containerId: c.containerId,
      shortId: c.shortId,
      startedAt: c.startedAt,
      finishedAt: t?.finishedAt,
      exitCode: t?.exitCode,
      signal: t?.signal,
      reason: t?.reason,
      message: t?.message,
      generation: gen,
      source: 'observed',
    });
  }
}

function newGeneration(
  h: PodHistory,
  cause: GenerationCause,
  evidence: string,
  since: string | undefined,
  podIP: string | undefined,
): void {
  const n = (currentGeneration(h)?.generation ?? 0) + 1;
  h.generations.push(compact({ generation: n, podIP, since, cause, evidence }));
}

/**
 * Fold one new anatomy (and the pod's events) into its history. Returns a new object; the
 * input history is not changed. `limit` bounds instances and generations kept.
 */
export function foldHistory(
  prev: PodHistory | undefined,
  a: PodAnatomy,
  events: readonly KEvent[] = [],
  limit = DEFAULT_HISTORY_LIMIT,
): PodHistory {
  const h: PodHistory = prev ? structuredCloneHistory(prev) : emptyHistory(a);
  h.name = a.name;
  h.namespace = a.namespace;
  const sb = a.sandbox;
  const ip = sb.hostNetwork ? undefined : sb.podIP;

  // 1. Sandbox generations: the first sandbox, then each recreation we have evidence of.
  if (
    !h.generations.length &&
    (sb.state === 'ready' || sb.state === 'host-network' || a.containers.some(c => c.containerId))
  ) {
    // Events may already tell of recreations before we started watching.
    const earlier = events.filter(
      e => e.reason === 'SandboxChanged' && (!e.involvedObject?.uid || e.involvedObject.uid === a.uid),
    );
    const count = earlier.reduce((n, e) => n + Math.max(1, e.count ?? 1), 0);
    for (const e of earlier) h.sandboxEvents[e.metadata?.uid ?? eventTime(e) ?? '?'] = Math.max(1, e.count ?? 1);
    const since = sb.readyToStartContainers?.since ?? earliestStart(a) ?? a.createdAt;
    h.generations.push(
      compact({
        generation: 1 + count,
        podIP: ip,
        since,
        cause: count ? 'SandboxChanged' : 'initial',
        evidence: count
          ? `the pod's events record ${count} sandbox recreation${count > 1 ? 's' : ''} before Pod X-Ray started watching`
          : 'the first sandbox the kubelet built for this pod',
      }),
    );
  } else if (h.generations.length) {
    let changed = false;
    for (const e of events) {
      if (e.reason !== 'SandboxChanged' || (e.involvedObject?.uid && e.involvedObject.uid !== a.uid)) continue;
      const key = e.metadata?.uid ?? eventTime(e) ?? '?';
      const seen = h.sandboxEvents[key] ?? 0;
      const count = Math.max(1, e.count ?? 1);
      if (count > seen) {
        h.sandboxEvents[key] = count;
        const evidence = `event SandboxChanged: ${e.message ?? 'Pod sandbox changed, it will be killed and re-created.'}`;
        for (let i = seen; i < count; i++) {
          // The pod update (new IP) can arrive before its event: claim that generation, don't add one.
          const cur = currentGeneration(h);
          if (
            cur &&
            (cur.cause === 'ip-change' || cur.cause === 'all-restarted') &&
            i === seen &&
            Math.abs((parseTime(cur.since) ?? 0) - (parseTime(eventTime(e)) ?? 0)) < 120_000
          ) {
            cur.cause = 'SandboxChanged';
            cur.evidence = evidence;
            cur.since = eventTime(e) ?? cur.since;
            continue;
          }
          newGeneration(h, 'SandboxChanged', evidence, eventTime(e), undefined);
        }
        changed = true;
      }
    }
    const cur = currentGeneration(h)!;
    if (changed) rehome(h, a, ip);
    if (ip && cur.podIP !== ip) {
      const prevIP = h.generations[h.generations.length - 2]?.podIP;
      // A new sandbox whose IP we learn now; an update still carrying the old IP is not it.
      if (!cur.podIP) {
        if (ip !== prevIP) cur.podIP = ip;
      } else if (!changed)
        newGeneration(
          h,
          'ip-change',
          `the pod IP changed from ${cur.podIP} to ${ip}: a new network namespace`,
          latestStart(a) ?? new Date().toISOString(),
          ip,
        );
    }
    const prtsc = sb.readyToStartContainers;
    if (prtsc && h.lastPrtsc === 'False' && prtsc.status === 'True' && !changed && !(ip && cur.podIP !== ip)) {
      newGeneration(
        h,
        'ready-transition',
        'PodReadyToStartContainers went False then True: the kubelet built a new sandbox',
        prtsc.since,
        ip,
      );
      changed = true;
    }
    // Every long-running container restarted in the same update, and the current sandbox
    // generation does not already explain it (its containers started after it).
    const regular = a.containers.filter(c => c.kind === 'app' || c.kind === 'sidecar');
    const restarted = regular.filter(c => (h.restartCounts[c.name] ?? c.restartCount) < c.restartCount);
    if (!changed && regular.length > 1 && restarted.length === regular.length) {
      const now = currentGeneration(h)!;
      const since = parseTime(now.since);
      const starts = restarted.map(c => parseTime(c.startedAt)).filter((t): t is number => t !== undefined);
      const explained = now.generation > 1 && since !== undefined && starts.length > 0 && starts.every(t => t >= since);
      if (!explained) {
        const first = starts.length ? new Date(Math.min(...starts)).toISOString() : new Date().toISOString();
        newGeneration(
          h,
          'all-restarted',
          'every container restarted at once, which is what a sandbox recreation does',
          first,
          ip,
        );
      }
    }
  }
  if (sb.readyToStartContainers) h.lastPrtsc = sb.readyToStartContainers.status;

  // 2. Container instances.
  for (const c of a.containers) {
    foldContainer(h, c);
    h.restartCounts[c.name] = c.restartCount;
  }

  // 3. Bounds: keep the newest.
  if (h.instances.length > limit) h.instances = h.instances.slice(h.instances.length - limit);
  if (h.generations.length > limit) h.generations = h.generations.slice(h.generations.length - limit);
  h.updatedAt = new Date().toISOString();
  return h;
}

/**
 * A SandboxChanged event that arrives after we already saw the pod running again (watching
 * started late, or the pod update came first): the running instances and the current IP belong
 * to the new generation, and the previous generation's IP is not the current one.
 */
function rehome(h: PodHistory, a: PodAnatomy, ip: string | undefined): void {
  const cur = currentGeneration(h)!;
  const prev = h.generations[h.generations.length - 2];
  const since = parseTime(cur.since);
  if (since === undefined || !prev) return;
  const running = a.containers.filter(c => (c.kind === 'app' || c.kind === 'sidecar') && c.state === 'running');
  if (!running.length || !running.every(c => (parseTime(c.startedAt) ?? -1) >= since)) return;
  if (ip && !cur.podIP) {
    cur.podIP = ip;
    if (prev.podIP === ip) delete prev.podIP; // seen only after the recreation: its real IP is unknown
  }
  for (const i of h.instances) if ((parseTime(i.startedAt) ?? -1) >= since) i.generation = cur.generation;
}

function latestStart(a: PodAnatomy): string | undefined {
  return a.containers
    .map(c => c.startedAt)
    .filter((t): t is string => !!t)
    .sort()
    .pop();
}

function earliestStart(a: PodAnatomy): string | undefined {
  const ts = a.containers
    .flatMap(c => [c.startedAt, c.lastTermination?.startedAt])
    .filter((t): t is string => !!t)
    .sort();
  return ts[0];
}

function structuredCloneHistory(h: PodHistory): PodHistory {
  return {
    ...h,
    instances: h.instances.map(i => ({ ...i })),
    generations: h.generations.map(g => ({ ...g })),
    restartCounts: { ...h.restartCounts },
    sandboxEvents: { ...h.sandboxEvents },
  };
}

/** Instances of one container, newest first. */
export function instancesOf(h: PodHistory | undefined, container: string): InstanceRecord[] {
  return (h?.instances ?? []).filter(i => i.container === container).sort((x, y) => y.ordinal - x.ordinal);
}
