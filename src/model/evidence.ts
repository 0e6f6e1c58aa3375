// How much of a pod's life Pod X-Ray has evidence for, and the sentences that say so. A claim that
// needs the whole life ("never recreated") is made only when the coverage spans it; otherwise the
// sentence says what is known and that the rest is unknown.
import type { PodAnatomy } from './anatomy';
import { clock, parseTime, plural, seconds } from './format';
import type { InstanceRecord, PodHistory, SandboxGeneration } from './history';
import { KEvent, KPod } from './k8s';

export interface Coverage {
  /** When Pod X-Ray first folded this pod. */
  since: string;
  /** The evidence spans the pod's whole life: watched before any container started, or the pod's
   * events still reach back to its scheduling (so their SandboxChanged count is complete). */
  fromStart: boolean;
  /** The sentence that says why. */
  how: string;
}

const ofPod = (e: KEvent, uid: string) => !e.involvedObject?.uid || e.involvedObject.uid === uid;

/** How soon after the pod started its first sandbox is taken to be ready (CNI setup, pause start): tight,
 * since a sandbox rebuilt soon after would pass for the first (the recorded kill came 45 s after the start). */
const FIRST_SANDBOX_MS = 10_000;

/** What the first look at a pod covers. `pod` lends its status.startTime. */
export function coverageAtFirstSight(a: PodAnatomy, events: readonly KEvent[], now = new Date(), pod?: KPod): Coverage {
  const since = now.toISOString();
  const started = a.containers.some(c => c.containerId || c.restartCount > 0 || c.lastTermination || c.startedAt);
  const recreated = events.some(e => e.reason === 'SandboxChanged' && ofPod(e, a.uid));
  if (!started && !recreated)
    return { since, fromStart: true, how: 'Pod X-Ray watched this pod since before any of its containers started' };
  // 1.29+: PodReadyToStartContainers turns False and True again when the kubelet rebuilds the sandbox.
  // True since moments after the pod started, and no known instance older than that: the first sandbox.
  const ready = a.sandbox.readyToStartContainers;
  const readyAt = parseTime(ready?.since);
  const podStart = parseTime(pod?.status?.startTime);
  const older = a.containers.some(c => (parseTime(c.lastTermination?.startedAt) ?? Infinity) < (readyAt ?? 0));
  if (
    ready?.status === 'True' &&
    readyAt !== undefined &&
    podStart !== undefined &&
    readyAt - podStart <= FIRST_SANDBOX_MS &&
    !recreated &&
    !older
  )
    return {
      since,
      fromStart: true,
      how: `PodReadyToStartContainers has been True since ${clock(ready.since)}, ${seconds(
        Math.max(0, Math.round((readyAt - podStart) / 1000)),
      )} after the pod started: its first sandbox (a rebuilt one turns it False and True again)`,
    };
  const scheduled = events.find(e => e.reason === 'Scheduled' && ofPod(e, a.uid));
  if (scheduled)
    return {
      since,
      fromStart: true,
      how: "the pod's events still reach back to its scheduling, so their count of sandbox recreations is complete",
    };
  const created = a.createdAt ? ` (created ${clock(a.createdAt)})` : '';
  return {
    since,
    fromStart: false,
    how: `Pod X-Ray started watching at ${clock(since)}, after the pod${created} was running`,
  };
}

/** Whether the generation numbers are exact (the whole life is covered) or lower bounds. */
export function generationsExact(h: PodHistory | undefined): boolean {
  return !!h?.coverage?.fromStart;
}

/** The short form for a row: "generation 2", "generation ≥ 3", "generation unknown". */
export function generationLabel(h: PodHistory | undefined, fallback: number): string {
  const gen = h?.generations[h.generations.length - 1];
  if (!gen) return `generation ${fallback}`;
  if (generationsExact(h)) return `generation ${gen.generation}`;
  if (gen.generation === 1 && h!.generations.length === 1) return 'generation unknown';
  return `generation ≥ ${gen.generation}`;
}

/** The sandbox's generation in a sentence, with what it rests on and what is not known. */
export function generationSentence(h: PodHistory | undefined, a: PodAnatomy): string {
  const gen = h?.generations[h.generations.length - 1];
  const restarts = a.containers.reduce((n, c) => n + c.restartCount, 0);
  const count = restarts ? `; restarts before that are known only as a count (${restarts})` : '';
  if (!h || !gen) {
    const n = 1 + a.sandbox.recreations;
    return a.sandbox.recreations
      ? `at least ${n}: the pod's events record ${plural(a.sandbox.recreations, 'recreation')}; earlier ones unknown`
      : 'unknown: Pod X-Ray has no history of this pod yet';
  }
  const created = gen.since ? `, created ${clock(gen.since)}` : ', created at an unknown time';
  if (!h.coverage)
    return `${gen.generation} as far as Pod X-Ray saw${created}; whether it watched the pod's whole life was not recorded`;
  if (generationsExact(h))
    return gen.generation === 1
      ? `1, never recreated${created} (${h.coverage.how})`
      : `${gen.generation}, recreated ${plural(gen.generation - 1, 'time')}${created} (${h.coverage.how})`;
  if (gen.generation === 1 && h.generations.length === 1)
    return `unknown: ${h.coverage.how}; no recreation is recorded since${count}`;
  return `at least ${gen.generation}${created}: ${plural(gen.generation - 1, 'recreation')} known (${h.coverage.how}); earlier ones unknown`;
}

/** How a generation's start is known, in a sentence. */
export function generationEvidence(g: SandboxGeneration): string {
  return g.evidence;
}

/** How an instance's sandbox generation is known, in a sentence. */
export function placementSentence(i: InstanceRecord, h: PodHistory | undefined): string {
  const exact = generationsExact(h) ? '' : ' (generation numbers are lower bounds: earlier sandboxes are unknown)';
  switch (i.placed) {
    case 'live':
      return `seen running in generation ${i.generation}${exact}`;
    case 'by-time':
      return `placed in generation ${i.generation} by its start time against the sandbox's${exact}`;
    case 'assumed':
      return `assumed generation ${i.generation}: it ran before Pod X-Ray watched and no evidence says which sandbox it ran in`;
    default:
      return `generation ${i.generation}`;
  }
}

/** How an instance is known at all. */
export function sourceSentence(i: InstanceRecord): string {
  return i.source === 'observed'
    ? 'watched live'
    : 'recovered from status.lastState (the API keeps one previous instance)';
}
