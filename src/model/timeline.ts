// History (+ the current anatomy) -> the ordered steps the anatomy view animates, and the
// diagram as it was after any step (for replay). Pure, shared by host and webview.
import { ContainerKind, PodAnatomy } from './anatomy';
import type { EndKind } from './causes';
import { generationsExact } from './evidence';
import { InstanceRecord, PodHistory, SandboxGeneration } from './history';
import { lastTerminationOrdinal } from './lastState';
import { clock, parseTime, seconds } from './format';

export type StepKind = 'sandbox-created' | 'sandbox-recreated' | 'container-started' | 'container-exited' | 'back-off';

export interface TimelineStep {
  kind: StepKind;
  at: string;
  generation: number;
  podIP?: string;
  container?: string;
  containerKind?: ContainerKind;
  ordinal?: number;
  shortId?: string;
  exitCode?: number;
  signal?: number;
  reason?: string;
  /** Back-off length in seconds and when the next start is due (back-off steps). */
  backoffSeconds?: number;
  until?: string;
  /** Why an instance ended (exit steps). */
  cause?: EndKind;
  /** A one-line label for the timeline ("app #2 exit 1 Error · crash"). */
  label: string;
  /** The evidence behind the step, in a sentence, for its hover. */
  why?: string;
  /** An exit with no recorded time, placed at the exit that caused it ("worker #1"): it comes after that one. */
  after?: string;
}

const ORDER: Record<StepKind, number> = {
  'sandbox-recreated': 0,
  'sandbox-created': 0,
  'container-exited': 1,
  'back-off': 2,
  'container-started': 3,
};

/** Whether the pod's status already describes this (newest) sandbox: a container has started in it (and,
 *  where the condition exists, it is ready since it began). The kubelet reports the new sandbox ready
 *  about a second before the new IP, so readiness alone is not enough. */
function statusIsOf(g: SandboxGeneration, a: PodAnatomy): boolean {
  if (a.sandbox.hostNetwork) return false;
  const since = parseTime(g.since) ?? 0;
  const ready = a.sandbox.readyToStartContainers;
  if (ready && (ready.status !== 'True' || (parseTime(ready.since) ?? 0) < since - 1000)) return false;
  return a.containers.some(c => (parseTime(c.startedAt) ?? 0) >= since);
}

export function buildTimeline(h: PodHistory, a: PodAnatomy | undefined): TimelineStep[] {
  const steps: TimelineStep[] = [];
  const lastGen = h.generations[h.generations.length - 1];
  for (const g of h.generations) {
    if (!g.since) continue;
    // The newest sandbox may not have been seen with a different IP (an IPAM can reuse it): use the pod's,
    // but only once the status is this sandbox's (its SandboxChanged event comes before the new status).
    const podIP = g.podIP ?? (g === lastGen && a && statusIsOf(g, a) ? a.sandbox.podIP : undefined);
    // Only the pod's first sandbox, or the first one seen (its past unknown), is a creation; every
    // later one, however it is known, replaced another: the replay must show a recreation.
    const created = g.cause === 'initial' || (g.cause === 'first-seen' && g === h.generations[0]);
    const ipText = podIP ? ` · IP ${podIP}` : '';
    steps.push({
      kind: created ? 'sandbox-created' : 'sandbox-recreated',
      at: g.since,
      generation: g.generation,
      podIP,
      label:
        g.cause === 'initial'
          ? `sandbox ready${ipText}`
          : created
            ? `sandbox first seen${ipText} (earlier sandboxes unknown)`
            : `sandbox recreated (generation ${generationsExact(h) ? '' : '≥ '}${g.generation})${ipText}`,
      why: g.evidence,
    });
  }
  for (const i of h.instances) {
    const base = {
      container: i.container,
      containerKind: i.kind,
      ordinal: i.ordinal,
      shortId: i.shortId,
      generation: i.generation,
    };
    if (i.startedAt)
      steps.push({
        ...base,
        kind: 'container-started',
        at: i.startedAt,
        label: `${i.container} #${i.ordinal} started`,
      });
    const removedAt = i.finishedAt ? undefined : removalTime(i, h);
    if (removedAt) {
      steps.push({
        ...base,
        kind: 'container-exited',
        at: removedAt.at,
        exitCode: i.exitCode,
        reason: i.reason,
        cause: i.end?.kind,
        label: `${i.container} #${i.ordinal} removed by the whole-pod restart`,
        after: removedAt.after,
        why:
          `${i.end ? `${i.end.text} (${i.end.evidence}). ` : ''}The kubelet records no end time for it: ` +
          `placed at ${removedAt.after}'s exit (${clock(removedAt.at)}), which started the round.`,
      });
    }
    if (i.finishedAt) {
      steps.push({
        ...base,
        kind: 'container-exited',
        at: i.finishedAt,
        exitCode: i.exitCode,
        signal: i.signal,
        reason: i.reason,
        cause: i.end?.kind,
        label: `${i.container} #${i.ordinal} exit ${i.exitCode ?? '?'}${i.reason ? ` ${i.reason}` : ''}${
          i.end ? ` · ${i.end.kind === 'crash' ? 'crash' : i.end.label}` : ''
        }`,
        why: i.end ? `${i.end.text} (${i.end.evidence})${i.end.next ? `; ${i.end.next}` : ''}` : undefined,
      });
    }
  }
  for (const c of a?.containers ?? []) {
    if (!c.backoff || !c.lastTermination?.finishedAt) continue;
    steps.push({
      kind: 'back-off',
      at: c.lastTermination.finishedAt,
      container: c.name,
      containerKind: c.kind,
      ordinal: lastTerminationOrdinal(c),
      generation: h.generations[h.generations.length - 1]?.generation ?? 1,
      backoffSeconds: c.backoff.seconds,
      until: c.backoff.nextStartAt,
      label: `${c.name} back-off ${seconds(c.backoff.seconds)}${c.backoff.nextStartAt ? ` until ${clock(c.backoff.nextStartAt)}` : ''}`,
    });
  }
  const initIndex = new Map((a?.containers ?? []).filter(c => c.kind === 'init').map(c => [c.name, c.index]));
  return causalOrder(steps, initIndex);
}

// Times have one-second resolution: a quick init container starts and exits in the same second as
// the next one starts. Within a second, order by what the kubelet guarantees, not by step kind.
const PHASE: Partial<Record<StepKind, number>> = { 'container-started': 0, 'container-exited': 1, 'back-off': 2 };
const isSandbox = (s: TimelineStep) => s.kind === 'sandbox-created' || s.kind === 'sandbox-recreated';

/** Whether x must come before y when both happened in the same second. */
function mustPrecede(x: TimelineStep, y: TimelineStep, initIndex: Map<string, number>): boolean {
  if (isSandbox(x) || isSandbox(y)) return isSandbox(x) && !isSandbox(y); // containers start inside a sandbox
  if (y.after && x.kind === 'container-exited' && y.after === `${x.container} #${x.ordinal}`) return true;
  if (x.container === y.container) {
    // One instance starts, exits, backs off; the next instance (a higher ordinal) starts after that.
    const ox = x.ordinal ?? 0,
      oy = y.ordinal ?? 0;
    return ox < oy || (ox === oy && PHASE[x.kind]! < PHASE[y.kind]!);
  }
  if (y.kind !== 'container-started') return false;
  // Init containers run one after another, all before the app containers; sidecars start before the app.
  if (x.kind === 'container-exited' && x.containerKind === 'init') {
    if (y.containerKind === 'app') return true;
    const ix = initIndex.get(x.container ?? ''),
      iy = initIndex.get(y.container ?? '');
    return y.containerKind === 'init' && ix !== undefined && iy !== undefined && ix < iy;
  }
  return x.kind === 'container-started' && x.containerKind === 'sidecar' && y.containerKind === 'app';
}

/**
 * When an instance removed by a whole-pod in-place restart ended, as far as the record tells. The
 * kubelet writes no times for it, but the round follows the exit that asked for it (an instance the
 * same round removed, whose exit was seen) and comes before the removed container's next start.
 */
function removalTime(i: InstanceRecord, h: PodHistory): { at: string; after: string } | undefined {
  if (!i.removedBy && i.reason !== 'RestartingAllContainers') return undefined;
  const from = parseTime(i.startedAt) ?? -Infinity;
  const next = h.instances.find(x => x.container === i.container && x.ordinal === i.ordinal + 1);
  const to = parseTime(next?.startedAt) ?? Infinity;
  let best: InstanceRecord | undefined;
  for (const x of h.instances) {
    const t = parseTime(x.finishedAt);
    if (x === i || x.removedBy !== 'RestartAllContainers' || t === undefined || t < from || t > to) continue;
    if (!best || t > parseTime(best.finishedAt)!) best = x;
  }
  return best && { at: best.finishedAt!, after: `${best.container} #${best.ordinal}` };
}

/** Sort by time; within one timestamp, a topological order of mustPrecede, ties by step kind. */
function causalOrder(steps: TimelineStep[], initIndex: Map<string, number>): TimelineStep[] {
  const sorted = steps
    .map((s, i) => ({ s, t: parseTime(s.at) ?? 0, i }))
    .sort((x, y) => x.t - y.t || ORDER[x.s.kind] - ORDER[y.s.kind] || x.i - y.i);
  const out: TimelineStep[] = [];
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end < sorted.length && sorted[end].t === sorted[start].t) end++;
    const left = sorted.slice(start, end).map(x => x.s);
    while (left.length) {
      // The first step nothing left must precede (the first one outright if the input is contradictory).
      const k = left.findIndex(y => !left.some(x => x !== y && mustPrecede(x, y, initIndex)));
      out.push(...left.splice(Math.max(k, 0), 1));
    }
    start = end;
  }
  return out;
}

export interface FrameContainer {
  name: string;
  kind: ContainerKind;
  ordinal?: number;
  shortId?: string;
  phase: 'none' | 'running' | 'exited' | 'back-off';
  exitCode?: number;
  reason?: string;
  backoffUntil?: string;
}

export interface Frame {
  generation: number;
  podIP?: string;
  /** The sandbox had an IP we do not know (a sandbox from before Pod X-Ray watched): not "no IP". */
  ipUnknown?: boolean;
  containers: FrameContainer[];
  /** What changed in this frame: drives the animation. */
  change?: TimelineStep;
}

/** The diagram after each step: frames[i] is the state once steps[0..i] happened. */
export function framesOf(
  steps: readonly TimelineStep[],
  containers: readonly { name: string; kind: ContainerKind }[],
): Frame[] {
  const frames: Frame[] = [];
  let cur: Frame = {
    generation: steps[0]?.generation ?? 1,
    containers: containers.map(c => ({ name: c.name, kind: c.kind, phase: 'none' })),
  };
  // History that starts with a container, not a sandbox: its sandbox is one we never saw.
  if (steps.length && !isSandbox(steps[0])) cur.ipUnknown = true;
  for (const s of steps) {
    const next: Frame = {
      generation: cur.generation,
      podIP: cur.podIP,
      ...(cur.ipUnknown ? { ipUnknown: true } : {}),
      containers: cur.containers.map(c => ({ ...c })),
      change: s,
    };
    const c = s.container ? next.containers.find(x => x.name === s.container) : undefined;
    switch (s.kind) {
      case 'sandbox-created':
      case 'sandbox-recreated':
        next.generation = s.generation;
        next.podIP = s.podIP ?? (s.kind === 'sandbox-created' ? cur.podIP : undefined);
        if (next.podIP || s.kind === 'sandbox-created') delete next.ipUnknown;
        else next.ipUnknown = true;
        if (s.kind === 'sandbox-recreated')
          for (const x of next.containers)
            if (x.phase === 'running') {
              x.phase = 'exited';
              x.reason = 'sandbox recreated';
            }
        break;
      case 'container-started':
        if (c)
          Object.assign(c, {
            phase: 'running',
            ordinal: s.ordinal,
            shortId: s.shortId,
            exitCode: undefined,
            reason: undefined,
            backoffUntil: undefined,
          });
        if (s.generation > next.generation) next.generation = s.generation;
        break;
      case 'container-exited':
        if (c && (c.ordinal === undefined || c.ordinal === s.ordinal))
          Object.assign(c, {
            phase: 'exited',
            ordinal: s.ordinal,
            shortId: s.shortId,
            exitCode: s.exitCode,
            reason: s.reason,
          });
        break;
      case 'back-off':
        if (c) Object.assign(c, { phase: 'back-off', backoffUntil: s.until });
        break;
    }
    frames.push(next);
    cur = next;
  }
  return frames;
}
