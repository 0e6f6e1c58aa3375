// Successive anatomies of one pod -> its history: every container instance seen (a container
// ID is one instance; a restart is a new one) and every sandbox generation.
import { lastTerminationIsLatest, lastTerminationOrdinal } from './lastState';
import { ContainerAnatomy, ContainerKind, PodAnatomy } from './anatomy';
import { EndCause, recordEnds } from './causes';
import { Coverage, coverageAtFirstSight } from './evidence';
import { KEvent, KPod, eventTime } from './k8s';
import { clock, parseTime, plural, shortId } from './format';

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
  /** How its sandbox generation is known: seen running in it, placed by comparing times with a
   * generation's start, or assumed (no evidence either way). Absent in older stored histories. */
  placed?: Placement;
  /** Why it ended and what followed, classified when its end was seen (see causes.ts). */
  end?: EndCause;
  /** Already ended, then removed by a whole-pod in-place restart (its synthetic lastState says so). */
  removedBy?: 'RestartAllContainers';
}

export type Placement = 'live' | 'by-time' | 'assumed';

/** initial: the pod's first sandbox; first-seen: the sandbox Pod X-Ray first saw, whether earlier ones
 * existed is unknown; inferred: a generation only known to have existed (from an event count). */
export type GenerationCause =
  'initial' | 'first-seen' | 'inferred' | 'SandboxChanged' | 'ip-change' | 'all-restarted' | 'ready-transition';

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
  /** What Pod X-Ray saw of the pod's life; absent in histories stored by older versions (unknown). */
  coverage?: Coverage;
  /** Bumped when later evidence renumbers the generations (events that arrive after a late first
   * look): a merge takes the generation numbers of the account with the higher value. */
  numbering?: number;
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

/**
 * Drop undefined fields (records are persisted as JSON and must round-trip unchanged) and null ones: a
 * whole-pod restart's synthetic lastState says startedAt/finishedAt null, which must not erase what was seen.
 */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined || o[k] === null) delete o[k];
  return o;
}

function upsertInstance(h: PodHistory, raw: InstanceRecord): void {
  const rec = compact(raw);
  // A previous instance without an ID (a whole-pod restart removes it; the kubelet writes a synthetic
  // lastState) is the one of that ordinal we may have seen live.
  const i = h.instances.findIndex(
    x =>
      x.container === rec.container &&
      (rec.containerId ? x.containerId === rec.containerId : x.ordinal === rec.ordinal),
  );
  if (i < 0) {
    h.instances.push(rec);
    return;
  }
  const old = h.instances[i];
  if (!rec.containerId && old.containerId && old.exitCode !== undefined) {
    // What we saw live stands; the synthetic status still tells that a whole-pod restart removed it.
    if (rec.reason === 'RestartingAllContainers' && old.reason !== rec.reason) old.removedBy = 'RestartAllContainers';
    return;
  }
  // Keep what we knew; the newer status fills in the end of a run (exit code, finish time).
  h.instances[i] = {
    ...old,
    ...rec,
    // An instance keeps its number: a removed container's ID can linger in a status whose
    // restartCount has already moved on (a whole-pod restart).
    ordinal: old.ordinal,
    generation: old.generation,
    source: old.source === 'observed' ? 'observed' : rec.source,
    ...((old.placed ?? rec.placed) ? { placed: old.placed ?? rec.placed } : {}),
    ...(old.end || rec.end ? { end: old.end ?? rec.end } : {}),
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
  const lastIsLatest = lastTerminationIsLatest(c);
  const lastOrdinal = lastTerminationOrdinal(c);
  if (last && lastOrdinal > 0) {
    upsertInstance(h, {
      container: c.name,
      kind: c.kind,
      ordinal: lastOrdinal,
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
      // With only the sandbox first seen, nothing says whether the previous instance ran in it.
      placed: h.generations.length === 1 && h.generations[0].cause === 'first-seen' ? 'assumed' : 'by-time',
    });
  }
  if (c.containerId && !lastIsLatest) {
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
      placed: 'live',
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
 * input history is not changed. `limit` bounds instances and generations kept; `pod` (the raw
 * object) lends its restart rules to the classification of ends.
 */
export function foldHistory(
  prev: PodHistory | undefined,
  a: PodAnatomy,
  events: readonly KEvent[] = [],
  limit = DEFAULT_HISTORY_LIMIT,
  pod?: KPod,
): PodHistory {
  const h: PodHistory = prev ? structuredCloneHistory(prev) : emptyHistory(a);
  h.name = a.name;
  h.namespace = a.namespace;
  const sb = a.sandbox;
  const ip = sb.hostNetwork ? undefined : sb.podIP;

  // What this first look covers of the pod's life (only a first look can tell).
  if (!prev) h.coverage = coverageAtFirstSight(a, events, new Date(), pod);

  // 1. Sandbox generations: the first sandbox, then each recreation we have evidence of.
  if (
    !h.generations.length &&
    (sb.state === 'ready' || sb.state === 'host-network' || a.containers.some(c => c.containerId))
  ) {
    firstGenerations(h, a, events, ip);
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
            (cur.cause === 'ip-change' || cur.cause === 'all-restarted' || cur.cause === 'ready-transition') &&
            i === seen &&
            Math.abs((parseTime(cur.since) ?? 0) - (parseTime(eventTime(e)) ?? 0)) < 120_000
          ) {
            // The condition dates the new sandbox better than the kill event does.
            if (cur.cause !== 'ready-transition') cur.since = eventTime(e) ?? cur.since;
            cur.cause = 'SandboxChanged';
            cur.evidence = evidence;
            // The event's later occurrences are this one; its earlier ones came before it.
            renumber(h, count - seen - 1);
            i = count;
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
    // Not where the kubelet says better: PodReadyToStartContainers (1.29+) flips on a new sandbox, and a
    // whole-pod in-place restart (RestartAllContainers) restarts every container in the same sandbox.
    const inPlace = a.containers.some(c => c.lastTermination?.reason === 'RestartingAllContainers');
    if (
      !changed &&
      !sb.readyToStartContainers &&
      !inPlace &&
      regular.length > 1 &&
      restarted.length === regular.length
    ) {
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

  // 3. Why each ended instance ended (kept: its evidence expires).
  recordEnds(h, a, events, pod);

  // 4. Bounds: keep the newest.
  if (h.instances.length > limit) h.instances = h.instances.slice(h.instances.length - limit);
  if (h.generations.length > limit) h.generations = h.generations.slice(h.generations.length - limit);
  h.updatedAt = new Date().toISOString();
  return h;
}

/**
 * `extra` recreations the evidence places before the current generation: it and an inferred one
 * just before it (with their instances) move up by that many.
 */
function renumber(h: PodHistory, extra: number): void {
  if (extra <= 0) return;
  h.numbering = (h.numbering ?? 0) + 1;
  const n = h.generations.length;
  const moving = new Set([h.generations[n - 1].generation]);
  if (h.generations[n - 2]?.cause === 'inferred') moving.add(h.generations[n - 2].generation);
  for (const g of h.generations) if (moving.has(g.generation)) g.generation += extra;
  for (const i of h.instances) if (moving.has(i.generation)) i.generation += extra;
}

const ofPod = (e: KEvent, uid: string) => !e.involvedObject?.uid || e.involvedObject.uid === uid;

/**
 * The first look at a pod already running: its current sandbox, and the one before it where the
 * evidence proves recreations (SandboxChanged events; PodReadyToStartContainers turning True after
 * a previous instance started). Instances are then placed by time against these.
 */
function firstGenerations(h: PodHistory, a: PodAnatomy, events: readonly KEvent[], ip: string | undefined): void {
  const sb = a.sandbox;
  const changed = events.filter(e => e.reason === 'SandboxChanged' && ofPod(e, a.uid));
  const count = changed.reduce((n, e) => n + Math.max(1, e.count ?? 1), 0);
  for (const e of changed) h.sandboxEvents[e.metadata?.uid ?? eventTime(e) ?? '?'] = Math.max(1, e.count ?? 1);
  const lastChanged = changed
    .map(eventTime)
    .filter((t): t is string => !!t)
    .sort()
    .pop();
  const ready = sb.readyToStartContainers?.status === 'True' ? sb.readyToStartContainers.since : undefined;
  const readyMs = parseTime(ready);
  // A previous instance that started before the current sandbox was ready ran in an earlier one.
  const older = a.containers.find(c => (parseTime(c.lastTermination?.startedAt) ?? Infinity) < (readyMs ?? -Infinity));
  if (!count && !older) {
    const fromStart = !!h.coverage?.fromStart;
    h.generations.push(
      compact({
        generation: 1,
        podIP: ip,
        // First seen late: this sandbox is known to exist from its current containers' start (or its
        // ready condition); a previous instance may have run in an earlier one, with another IP.
        since: ready ?? (fromStart ? earliestStart(a) : latestStart(a)) ?? a.createdAt,
        cause: fromStart ? 'initial' : 'first-seen',
        evidence: fromStart
          ? 'the first sandbox the kubelet built for this pod'
          : `the sandbox Pod X-Ray first saw${ready ? `, ready since ${clock(ready)} (PodReadyToStartContainers)` : ''}; no evidence tells whether earlier ones existed`,
      }),
    );
    return;
  }
  const n = 1 + Math.max(count, 1);
  // The current sandbox is the one built after the last recreation: ready at the condition's
  // transition when that is not older than the event, else (older kubelets) at the event.
  const useReady = ready && (!lastChanged || (readyMs ?? 0) >= (parseTime(lastChanged) ?? 0) - 2_000);
  const since = useReady ? ready : (lastChanged ?? ready);
  const why = count
    ? `the pod's events record ${plural(count, 'sandbox recreation')} (SandboxChanged${lastChanged ? `, last at ${clock(lastChanged)}` : ''})`
    : `PodReadyToStartContainers turned True at ${clock(ready)}, after ${older!.name}'s previous instance had started (${clock(older!.lastTermination?.startedAt)}): that one ran in an earlier sandbox`;
  h.generations.push(
    compact({
      generation: n - 1,
      since: undefined,
      cause: n - 1 === 1 && h.coverage?.fromStart ? ('initial' as const) : ('inferred' as const),
      evidence: `known only from ${count ? 'the SandboxChanged events' : "the condition's transition time"}: when it was built and its IP are unknown`,
    }),
    compact({
      generation: n,
      podIP: ip,
      since,
      cause: count ? ('SandboxChanged' as const) : ('ready-transition' as const),
      evidence: `${why}; ${useReady ? `ready since ${clock(ready)} (PodReadyToStartContainers)` : `created after the event at ${clock(since)}`}`,
    }),
  );
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
  for (const i of h.instances)
    if ((parseTime(i.startedAt) ?? -1) >= since) {
      i.generation = cur.generation;
      i.placed = 'by-time';
    }
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
    instances: h.instances.map(i => ({ ...i, ...(i.end ? { end: { ...i.end } } : {}) })),
    generations: h.generations.map(g => ({ ...g })),
    restartCounts: { ...h.restartCounts },
    sandboxEvents: { ...h.sandboxEvents },
  };
}

/** Instances of one container, newest first. */
export function instancesOf(h: PodHistory | undefined, container: string): InstanceRecord[] {
  return (h?.instances ?? []).filter(i => i.container === container).sort((x, y) => y.ordinal - x.ordinal);
}
